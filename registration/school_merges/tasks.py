"""The daily GIAS import from the folder the hub's files arrive in (settings.GIAS_IMPORT_DIR; empty: off)."""

from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from registration.school_merges.imports import import_folder


@shared_task(name="registration.tasks.import_gias_folder")
def import_gias_folder() -> list[str]:
    if not settings.GIAS_IMPORT_DIR:
        return []
    return import_folder(Path(settings.GIAS_IMPORT_DIR), today=timezone.localdate())
