"""Every cohort has a tally, with the declined nominations and the time it was counted: the programmes page
reads them all. Each is counted here once, in one grouped query (ORM only: PostgreSQL and SQLite alike);
from now on the engagement refresh counts them."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import Count, Q

STATES = ("nominated", "declined", "active", "deferred", "withdrawn", "completed")
OUTCOMES = ("passed", "failed")


def count_every_cohort(apps, schema_editor):
    Cohort = apps.get_model("programmes", "Cohort")
    CohortTally = apps.get_model("programmes", "CohortTally")
    counts = {state: Count("enrolments", filter=Q(enrolments__status=state)) for state in STATES}
    counts |= {outcome: Count("enrolments", filter=Q(enrolments__outcome=outcome)) for outcome in OUTCOMES}
    now = django.utils.timezone.now()
    rows = Cohort.objects.order_by().annotate(**counts).values("pk", *counts)
    CohortTally.objects.bulk_create(
        [CohortTally(cohort_id=row["pk"], counted_at=now, **{name: row[name] for name in counts}) for row in rows],
        update_conflicts=True, unique_fields=["cohort"], update_fields=[*counts, "counted_at"], batch_size=1000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0023_enrolment_nominated_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='cohorttally',
            name='declined',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='cohorttally',
            name='counted_at',
            field=models.DateTimeField(default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.RunPython(count_every_cohort, migrations.RunPython.noop),
    ]
