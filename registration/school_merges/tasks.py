"""The daily GIAS import from the folder the hub's files arrive in (settings.GIAS_IMPORT_DIR; empty: off)."""

import logging
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from registration.school_merges.imports import import_folder

logger = logging.getLogger(__name__)


@shared_task(name="registration.tasks.import_gias_folder")
def import_gias_folder() -> list[str]:
    if not settings.GIAS_IMPORT_DIR:
        return []
    folder = Path(settings.GIAS_IMPORT_DIR)
    if not folder.is_dir():
        # Said every run: a mistyped or unmounted folder would otherwise leave the schools quietly out of date.
        logger.error("GIAS_IMPORT_DIR %s is not a folder: no GIAS files imported", folder)
        return []
    return import_folder(folder, today=timezone.localdate())
