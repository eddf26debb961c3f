"""A subject access request's export: hub staff only (the walk's request, from privacy_requests, has one ready)."""

from . import LOGIN, answers

HUB_ONLY = answers(404, anonymous=LOGIN, hub_staff=200)

ROWS = {
    # POST only: a GET answers 405 whoever asks (the method check comes first).
    "privacy:access_export_start": answers(405),
    "privacy:access_complete": answers(405),
    "privacy:access_export_progress": HUB_ONLY,
    "privacy:access_export_download": HUB_ONLY,
}
