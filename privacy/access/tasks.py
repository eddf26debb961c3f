from celery import shared_task

from privacy.access.export import build_export


@shared_task(name="privacy.tasks.build_subject_access_export", acks_late=True)
def build_subject_access_export(request_id: int) -> str:
    """Build one request's export (privacy.access.export): a redelivered task finds it claimed or done and does nothing."""
    return build_export(request_id)
