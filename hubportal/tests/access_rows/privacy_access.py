"""A subject access request's export: hub staff only. The walk's request (privacy_requests' public_id) is an
erasure request, which has no export: its pages answer 404 to hub staff too (their 200s are in privacy/tests/access)."""

from . import LOGIN, answers

NO_EXPORT = answers(404, anonymous=LOGIN)

ROWS = {
    # POST only: a GET answers 405 whoever asks (the method check comes first).
    "privacy:access_export_start": answers(405),
    "privacy:access_complete": answers(405),
    "privacy:access_export_progress": NO_EXPORT,
    "privacy:access_export_download": NO_EXPORT,
}
