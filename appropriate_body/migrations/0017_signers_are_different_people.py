from django.conf import settings
from django.db import migrations, models

SIGNING_ORDER = ("tutor", "headteacher", "ect")


def reopen_reports_one_person_signed_twice(apps, schema_editor):
    """A report that one person signed in two roles (FA-005 wants three people) is not signed: the repeated
    signature and every one after it are taken off, and the report waits for signatures again, so the
    constraints below can hold. The history table keeps what was there."""
    Assessment = apps.get_model("appropriate_body", "Assessment")
    twice = (models.Q(tutor_signed_by=models.F("headteacher_signed_by")) | models.Q(tutor_signed_by=models.F("ect_signed_by"))
             | models.Q(headteacher_signed_by=models.F("ect_signed_by")))
    for assessment in Assessment.objects.filter(twice):
        seen, cleared = set(), False
        for role in SIGNING_ORDER:
            signer = getattr(assessment, f"{role}_signed_by_id")
            cleared = cleared or (signer is not None and signer in seen)
            if cleared:
                setattr(assessment, f"{role}_signed_by_id", None)
                setattr(assessment, f"{role}_signed_at", None)
            seen.add(signer)
        assessment.status = "awaiting_signatures"
        assessment.save(update_fields=[f"{role}_signed_{part}" for role in SIGNING_ORDER for part in ("by", "at")] + ["status"])


class Migration(migrations.Migration):

    dependencies = [
        ('appropriate_body', '0016_bulk_upload_file_error'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(reopen_reports_one_person_signed_twice, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='assessment',
            constraint=models.CheckConstraint(condition=models.Q(('tutor_signed_by', models.F('headteacher_signed_by')), _negated=True), name='tutor_and_headteacher_are_different_people'),
        ),
        migrations.AddConstraint(
            model_name='assessment',
            constraint=models.CheckConstraint(condition=models.Q(('tutor_signed_by', models.F('ect_signed_by')), _negated=True), name='tutor_and_ect_are_different_people'),
        ),
        migrations.AddConstraint(
            model_name='assessment',
            constraint=models.CheckConstraint(condition=models.Q(('headteacher_signed_by', models.F('ect_signed_by')), _negated=True), name='headteacher_and_ect_are_different_people'),
        ),
    ]
