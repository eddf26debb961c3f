"""DP-002 and DP-004: what the portal never keeps, and what it forgets within a day, checked end to end."""

from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from appropriate_body.models import Absence, BulkUpload
from hubportal.celery import app
from participants.tests.factories import SchoolFactory
from programmes.models import EnrolmentUpload
from registration.models import RegistrationUpload

A_ROW = "trn,first_name,last_name,date_of_birth\n1234567,Ada,Lovelace,10/12/1995\n"
PURGES = {
    "participants.tasks.purge_registration_uploads": (RegistrationUpload, lambda: {"school": SchoolFactory()}),
    "appropriate_body.tasks.purge_bulk_uploads": (BulkUpload, lambda: {"kind": "claims"}),
    "programmes.cohorts.tasks.purge_enrolment_uploads": (EnrolmentUpload, lambda: {}),
}


@pytest.mark.parametrize("task", sorted(PURGES))
def test_each_uploads_purge_runs_hourly_and_forgets_the_file_and_its_names_within_a_day(task, db, hub_staff):
    model, fields = PURGES[task]
    jobs = [job for job in settings.CELERY_BEAT_SCHEDULE.values() if job["task"] == task]
    assert len(jobs) == 1 and isinstance(jobs[0]["schedule"], crontab) and jobs[0]["schedule"].hour == set(range(24))
    now = timezone.now()
    done = model.objects.create(uploaded_by=hub_staff, filename="ects.csv", contents=A_ROW, status=model.FAILED,
                                finished_at=now - timedelta(hours=23, minutes=5), results=[{"line": 2, "name": "Ada Lovelace"}], **fields())
    recent = model.objects.create(uploaded_by=hub_staff, filename="new.csv", contents=A_ROW, status=model.FAILED,
                                  finished_at=now - timedelta(hours=1), **fields())

    app.loader.import_default_modules()
    app.tasks[task]()

    done.refresh_from_db()
    assert done.contents == "" and done.purged_at is not None
    assert "Lovelace" not in str(done.results) and "10/12/1995" not in str(model.objects.filter(pk=done.pk).values().get())
    assert model.objects.get(pk=recent.pk).contents == A_ROW


# The one documented exception (appropriate_body RULES.md): sealed, for RIAB's upload, until it is recorded there or 30 days pass.
SEALED_FOR_RIAB = [("appropriate_body.Claim", "date_of_birth_sealed")]


def test_no_model_stores_a_date_of_birth_or_a_national_insurance_number():
    # DP-002: a date of birth is asked only to find the TRS record and is never saved, but for the exception above.
    names = {(m._meta.label, f.name) for m in apps.get_models() for f in m._meta.get_fields() if hasattr(f, "column")}
    found = sorted(pair for pair in names if any(word in pair[1] for word in ("birth", "dob", "nino", "national_insurance")))
    assert found == SEALED_FOR_RIAB


def test_an_absence_records_its_statutory_kind_and_days_never_a_reason_in_words():
    # DP-004: special category data is kept to "statutory leave: maternity" and day counts.
    text_fields = [f.name for f in Absence._meta.concrete_fields if isinstance(f, models.TextField | models.CharField) and not f.choices]
    assert text_fields == []
