"""Events get a history (django-simple-history): who changed what, and when.

Each event already there gets one "Created" record, dated when the event was made and by whom, holding
the event as it is now: the first change after this migration is then compared with it, as every later
one is with the one before. Its change reason says it was recorded when the history began.
"""

import uuid
from itertools import islice

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

BASELINE_REASON = "Recorded when the event's history began"


def record_events_as_they_are(apps, schema_editor):
    Event = apps.get_model("programmes", "Event")
    HistoricalEvent = apps.get_model("programmes", "HistoricalEvent")
    fields = [field.attname for field in Event._meta.concrete_fields]
    baseline = (
        HistoricalEvent(
            **{name: getattr(event, name) for name in fields},
            history_date=event.created_at, history_type="+", history_user_id=event.created_by_id,
            history_change_reason=BASELINE_REASON,
        )
        for event in Event.objects.order_by("pk").iterator(chunk_size=500)
    )
    while batch := list(islice(baseline, 500)):
        HistoricalEvent.objects.bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0013_evaluations_named_once'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalEvent',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('public_id', models.UUIDField(db_index=True, default=uuid.uuid4, editable=False)),
                ('title', models.CharField(max_length=200)),
                ('kind', models.CharField(choices=[('ect_welcome_y1', 'ECT welcome conference (Year 1)'), ('ect_welcome_y2', 'ECT welcome conference (Year 2)'), ('mentor_conference', 'Mentor conference'), ('npq_induction', 'NPQ induction conference'), ('tutor_training', 'Induction tutor training'), ('ab_clinic', 'Appropriate body drop-in clinic'), ('cpd_session', 'CPD session'), ('itt_recruitment', 'ITT recruitment event')], max_length=30)),
                ('description', models.TextField(blank=True)),
                ('venue', models.CharField(blank=True, max_length=300)),
                ('online_url', models.URLField(blank=True, verbose_name='online link')),
                ('starts_at', models.DateTimeField()),
                ('ends_at', models.DateTimeField()),
                ('capacity', models.PositiveIntegerField(blank=True, null=True)),
                ('reply_by', models.DateField(blank=True, null=True)),
                ('cpd_hours', models.DecimalField(decimal_places=1, default=0, max_digits=4, verbose_name='CPD hours')),
                ('school_booking', models.BooleanField(default=False, verbose_name='schools can book places')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('cancelled_at', models.DateTimeField(blank=True, null=True)),
                ('cancellation_reason', models.TextField(blank=True)),
                ('register_closed_at', models.DateTimeField(blank=True, null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('cohort', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programmes.cohort')),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('register_closed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical event',
                'verbose_name_plural': 'historical events',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        # Dropping the table on the way back removes the records too.
        migrations.RunPython(record_events_as_they_are, migrations.RunPython.noop),
    ]
