"""The to-do list's state stored on each induction period (appropriate_body.inductions.state), filled for every
existing period in one UPDATE before its partial indexes are built."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery


def fill(apps, schema_editor):
    InductionPeriod = apps.get_model("appropriate_body", "InductionPeriod")
    ECTAtSchoolPeriod = apps.get_model("participants", "ECTAtSchoolPeriod")
    periods = InductionPeriod.objects.filter(induction=OuterRef("induction"))
    paused = (Q(finished_on__isnull=False) & ~Exists(periods.filter(started_on__gt=OuterRef("started_on")))
              & ~Exists(periods.filter(finished_on__isnull=True)) & ~Exists(periods.exclude(outcome="")))
    InductionPeriod.objects.update(
        school_left_on=Subquery(ECTAtSchoolPeriod.objects.filter(pk=OuterRef("ect_period_id")).order_by().values("finished_on")[:1]),
        paused=ExpressionWrapper(paused, output_field=BooleanField()),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('appropriate_body', '0028_fill_ect_period_claim_state'),
        ('participants', '0015_ect_period_claim_state'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='inductionperiod',
            name='paused',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name='inductionperiod',
            name='school_left_on',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='inductionperiod',
            index=models.Index(condition=models.Q(('finished_on__isnull', True), ('other_appropriate_body', ''), ('school_left_on__isnull', False)), fields=['school_left_on', 'id'], name='induction_period_leaver'),
        ),
        migrations.AddIndex(
            model_name='inductionperiod',
            index=models.Index(condition=models.Q(('paused', True)), fields=['finished_on', 'id'], name='induction_period_paused'),
        ),
    ]
