"""When each report waiting for the AB reached them, stored on it (appropriate_body.assessments.awaiting), filled for
every existing report in one UPDATE before its partial index is built; and an index for DL-002's signed reports awaited."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import DateTimeField, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    Assessment = apps.get_model("appropriate_body", "Assessment")
    ReportReview = apps.get_model("appropriate_body", "ReportReview")
    accepted = ReportReview.objects.filter(assessment=OuterRef("pk"), outcome="accepted")
    resubmitted = (ReportReview.objects.filter(assessment=OuterRef("pk"), resubmitted_at__isnull=False)
                   .order_by("-resubmitted_at").values("resubmitted_at")[:1])
    Assessment.objects.filter(status__in=["submitted", "signed"]).exclude(Exists(accepted)).update(
        awaiting_review_since=Coalesce(Subquery(resubmitted), "ect_signed_at", "submitted_at", output_field=DateTimeField()))


class Migration(migrations.Migration):

    dependencies = [
        ('appropriate_body', '0030_riab_outstanding_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='assessment',
            name='awaiting_review_since',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='assessment',
            index=models.Index(condition=models.Q(('awaiting_review_since__isnull', False)), fields=['awaiting_review_since', 'id'], name='assessment_awaiting_review'),
        ),
        migrations.AddIndex(
            model_name='assessment',
            index=models.Index(condition=models.Q(('kind', 'final_assessment'), ('meeting_on__isnull', False), models.Q(('status__in', ['signed', 'not_needed']), _negated=True)), fields=['meeting_on', 'id'], name='assessment_signed_report_due'),
        ),
    ]
