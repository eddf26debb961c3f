"""Data subject requests: hub staff only."""

from . import LOGIN, answers

HUB_ONLY = answers(404, anonymous=LOGIN, hub_staff=200)

ROWS = {
    "privacy:request_list": HUB_ONLY,
    "privacy:request_new": HUB_ONLY,
    "privacy:request_detail": HUB_ONLY,
    # POST only: a GET answers 405 whoever asks (the method check comes first); see test_request_pages.
    "privacy:request_extend": answers(405),
    "privacy:erasure_confirm": answers(405),
}


def samples(context):
    """An access request with its export ready to download (in memory, as the walk's files are)."""
    from datetime import date, timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from privacy.models import DataRequest
    from privacy.requests.requests import open_request

    request = open_request("access", email="walk.access@example.org", trn="", name="", received_on=date(2026, 11, 2),
                           actor=context["hub_staff"])
    request.export_file.save("walk.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=False)
    request.export_state, request.export_ready_at = DataRequest.ExportState.READY, timezone.now()
    request.export_expires_at = timezone.now() + timedelta(days=7)
    request.save()
    return {"public_id": request.public_id}
