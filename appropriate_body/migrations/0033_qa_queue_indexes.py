"""The QA queue's signals read from partial indexes: the periods the hub's AB holds (all of them, and the school-led
ones) by school, and the returned reports by time with the school copied onto each check (appropriate_body.reviews
.schools), filled for every existing check in one UPDATE before its index is built."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Assessment = apps.get_model("appropriate_body", "Assessment")
    ReportReview = apps.get_model("appropriate_body", "ReportReview")
    ReportReview.objects.update(school_id=Subquery(
        Assessment.objects.filter(pk=OuterRef("assessment_id")).order_by().values("induction_period__school_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ('appropriate_body', '0032_todo_stored_state_and_indexes'),
        ('participants', '0016_ect_period_created_at_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='reportreview',
            name='school',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='participants.school'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='inductionperiod',
            index=models.Index(condition=models.Q(('finished_on__isnull', True), ('other_appropriate_body', '')), fields=['school', 'induction'], name='induction_period_held'),
        ),
        migrations.AddIndex(
            model_name='inductionperiod',
            index=models.Index(condition=models.Q(('finished_on__isnull', True), ('other_appropriate_body', ''), ('training_programme', 'school_led')), fields=['school', 'induction'], name='induction_period_school_led'),
        ),
        migrations.AddIndex(
            model_name='reportreview',
            index=models.Index(condition=models.Q(('outcome', 'returned')), fields=['reviewed_at', 'school'], name='report_review_returned'),
        ),
    ]
