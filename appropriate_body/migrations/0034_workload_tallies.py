"""The AB workload forecast's reviews and reports counted by day, kept between refreshes (appropriate_body.qa.tallies)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('appropriate_body', '0033_qa_queue_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='WorkloadRefresh',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('refreshed_at', models.DateTimeField()),
            ],
        ),
        migrations.CreateModel(
            name='WorkloadTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('review', 'Review or assessment due'), ('report', 'Report to check'), ('recommendation', "Headteacher's recommendation to chase (DL-001)"), ('signed_report', 'Signed final report to chase (DL-002)'), ('decision', 'Decision to make (DL-004)'), ('notices', 'Decision notices to send (DL-006)'), ('appeal_reply', 'Appeal to reply to (DL-011)')], max_length=20)),
                ('day', models.DateField()),
                ('count', models.PositiveIntegerField()),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('kind', 'day'), name='one_workload_tally_per_kind_and_day')],
            },
        ),
    ]
