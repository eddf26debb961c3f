"""The Celery app: configured from Django settings (CELERY_*).

Tasks live beside what they do: each feature folder's `emails.py` (its send tasks) and `tasks.py`
(its scheduled jobs), and the domain module of a worker job. Settings' CELERY_IMPORTS names every
module that defines one (a test keeps it complete); every task keeps the name it was first given.
"""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubportal.settings")

app = Celery("hubportal")
app.config_from_object("django.conf:settings", namespace="CELERY")


def ensure_filesystem_broker_folders() -> None:
    """kombu's filesystem transport (the embedded default) fails if its folders are missing."""
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


@app.on_after_configure.connect
def _prepare_broker(sender=None, **kwargs) -> None:
    # Runs once configuration is read, in every process that publishes or consumes.
    ensure_filesystem_broker_folders()
