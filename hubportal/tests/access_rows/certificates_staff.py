"""Hub staff's certificate pages: to everyone else they do not exist.

The walked event has a rendered certificate (so its ZIP answers 200) and the walked cohort
is this year's ECTE Year 1 (stage slug "year-1").
"""

from . import LOGIN, answers

HUB_STAFF_ONLY = answers(404, anonymous=LOGIN, hub_staff=200)
# POST-only views answer a GET with 405 whoever asks (the method check comes first).
POST_ONLY = answers(405)

ROWS = {
    "programmes:event_certificates": HUB_STAFF_ONLY,
    "programmes:event_certificates_issue": POST_ONLY,
    "programmes:event_certificates_progress": HUB_STAFF_ONLY,
    "programmes:event_certificates_zip": HUB_STAFF_ONLY,
    "programmes:event_certificates_render_failed": POST_ONLY,
    "programmes:certificate_detail": HUB_STAFF_ONLY,
    "programmes:certificate_revoke": POST_ONLY,
    "programmes:certificate_rename": POST_ONLY,
    "programmes:certificate_render": POST_ONLY,
    "programmes:cohort_list": HUB_STAFF_ONLY,
    "programmes:cohort_certificates": HUB_STAFF_ONLY,
    "programmes:cohort_certificates_progress": HUB_STAFF_ONLY,
}
