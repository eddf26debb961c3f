"""Every periodic job names a task the worker has: a typo would otherwise fail silently in production."""

from django.conf import settings

from hubportal.celery import app


def test_every_beat_job_names_a_registered_task():
    app.loader.import_default_modules()
    missing = {name: job["task"] for name, job in settings.CELERY_BEAT_SCHEDULE.items() if job["task"] not in app.tasks}
    assert missing == {}
    assert "appropriate_body.tasks.start_scheduled_claims" in app.tasks
