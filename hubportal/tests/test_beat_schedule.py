"""Every periodic job names a task the worker has: a typo would otherwise fail silently in production."""

from pathlib import Path

from django.conf import settings

from hubportal.celery import app


def test_every_beat_job_names_a_registered_task():
    app.loader.import_default_modules()
    missing = {name: job["task"] for name, job in settings.CELERY_BEAT_SCHEDULE.items() if job["task"] not in app.tasks}
    assert missing == {}
    assert "appropriate_body.tasks.start_scheduled_claims" in app.tasks


def _modules_defining_tasks() -> set[str]:
    root = Path(settings.BASE_DIR)
    found = set()
    for path in root.glob("*/**/*.py"):
        relative = path.relative_to(root)
        if relative.parts[0] in {".venv", "node_modules", "bench", "scripts", "var"} or "tests" in relative.parts:
            continue
        if "@shared_task" in path.read_text(encoding="utf-8"):
            found.add(".".join(relative.with_suffix("").parts))
    return found


def test_the_worker_imports_every_module_that_defines_a_task():
    # A task in a module the worker never imports is queued by the web process and never run.
    assert _modules_defining_tasks() == set(settings.CELERY_IMPORTS)


def test_one_sweep_for_every_outbox_often_enough_to_finish_a_dead_workers_work_within_two_minutes():
    from datetime import timedelta

    sweeps = {name: job for name, job in settings.CELERY_BEAT_SCHEDULE.items() if "sweep" in job["task"] or "requeue" in job["task"]}
    assert list(sweeps) == ["sweep"] and sweeps["sweep"]["task"] == "hubportal.tasks.sweep"
    every = sweeps["sweep"]["schedule"]
    assert isinstance(every, timedelta) and every <= timedelta(minutes=1)
    # The longest a dead worker's work waits: its claim going stale, then the next sweep.
    for stale in (settings.OUTBOX_STALE_CLAIM_SECONDS, settings.OUTBOX_QUEUED_GRACE_SECONDS, settings.CERTIFICATE_STALE_RENDER_SECONDS):
        assert timedelta(seconds=stale) + every <= timedelta(minutes=2)


def test_a_task_a_dead_worker_held_comes_back_from_redis_within_two_minutes(monkeypatch):
    import importlib

    from hubportal import settings as portal_settings

    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("ALLOWED_HOSTS", "localhost")
    try:
        redis_settings = importlib.reload(portal_settings)
        assert redis_settings.CELERY_TASK_ACKS_LATE and redis_settings.CELERY_TASK_REJECT_ON_WORKER_LOST
        options = redis_settings.CELERY_BROKER_TRANSPORT_OPTIONS
        # Longer than the longest countdown (an email chunk retried after 60 s), back within two minutes.
        assert 60 < options["visibility_timeout"] and options["visibility_timeout"] + options["unacked_restore_interval"] <= 120
    finally:
        monkeypatch.undo()
        importlib.reload(portal_settings)
