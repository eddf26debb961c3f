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
