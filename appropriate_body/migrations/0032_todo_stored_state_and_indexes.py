"""What the to-do list still worked out on every view, stored: whether an induction has something to hand over to RIAB
(appropriate_body.riab.state) and whether a report is its ECT's latest recorded one saying not on track
(appropriate_body.assessments.not_on_track), each filled for every existing row in one UPDATE before its partial index
is built; and indexes for the prohibitions found on the record, the claims to check, the starts coming up and the three
clocks at the end of induction, each in its list's order."""

import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When

RECORDED = ["submitted", "awaiting_ect_comments", "awaiting_signatures", "signed"]


def fill(apps, schema_editor):
    Assessment = apps.get_model("appropriate_body", "Assessment")
    Claim = apps.get_model("appropriate_body", "Claim")
    Induction = apps.get_model("appropriate_body", "Induction")
    InductionPeriod = apps.get_model("appropriate_body", "InductionPeriod")
    claim = Claim.objects.filter(status__in=["accepted", "scheduled"], riab_recorded_at__isnull=True,
                                 ect_period__teacher_id=OuterRef("teacher_id"))
    action = (InductionPeriod.objects.filter(induction_id=OuterRef("pk"), finished_on__isnull=False, other_appropriate_body="",
                                             riab_recorded_at__isnull=True).exclude(outcome="fail"))
    Induction.objects.filter(Exists(claim) | Exists(action)).update(riab_outstanding=True)
    later = Assessment.objects.filter(induction=OuterRef("induction"), status__in=RECORDED).filter(
        Q(due_on__gt=OuterRef("due_on")) | Q(due_on=OuterRef("due_on"), pk__gt=OuterRef("pk")))
    open_period = InductionPeriod.objects.filter(induction=OuterRef("induction"), finished_on__isnull=True)
    Assessment.objects.filter(status__in=RECORDED, on_track=False).update(latest_not_on_track=Case(
        When(~Exists(later) & Exists(open_period), then=Value(True)), default=Value(False), output_field=BooleanField()))


class Migration(migrations.Migration):

    dependencies = [
        ('appropriate_body', '0031_assessment_awaiting_review'),
        ('participants', '0015_ect_period_claim_state'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='assessment',
            name='latest_not_on_track',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name='induction',
            name='riab_outstanding',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='assessment',
            index=models.Index(condition=models.Q(('latest_not_on_track', True)), fields=['due_on', 'id'], name='assessment_latest_not_on_track'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(django.db.models.functions.comparison.Coalesce('induction_start_date', 'proposed_start_date'), models.F('id'), condition=models.Q(('status__in', ['pending', 'scheduled'])), name='claim_starts_on'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('status', 'pending')), fields=['created_at', 'id'], name='claim_to_check'),
        ),
        migrations.AddIndex(
            model_name='completiondecision',
            index=models.Index(condition=models.Q(('recommendation_received_on__isnull', True)), fields=['completed_on', 'id'], name='completion_recommendation_due'),
        ),
        migrations.AddIndex(
            model_name='completiondecision',
            index=models.Index(condition=models.Q(('decided_on__isnull', True), ('recommendation_received_on__isnull', False)), fields=['completed_on', 'id'], name='completion_decision_due'),
        ),
        migrations.AddIndex(
            model_name='completiondecision',
            index=models.Index(condition=models.Q(('decided_on__isnull', False), ('notices_sent_on__isnull', True)), fields=['completed_on', 'id'], name='completion_notices_due'),
        ),
        migrations.AddIndex(
            model_name='induction',
            index=models.Index(condition=models.Q(('riab_outstanding', True)), fields=['teacher'], name='induction_riab_outstanding'),
        ),
        migrations.AddIndex(
            model_name='induction',
            index=models.Index(condition=models.Q(('record_prohibited', True)), fields=['record_read_at', 'id'], name='induction_record_prohibited'),
        ),
    ]
