from . import LOGIN, answers

HUB_STAFF_ONLY = answers(404, anonymous=LOGIN, hub_staff=200)
# POST-only views answer a GET with 405 whoever asks (the method check comes first).
POST_ONLY = answers(405)

ROWS = {
    # Anyone holding the signed link replies for that one invitation (see programmes/tests/test_event_invitations.py).
    "programmes:event_reply": answers(200),
    # Hub staff run events; to everyone else the pages do not exist.
    "programmes:event_list": HUB_STAFF_ONLY,
    "programmes:event_create": HUB_STAFF_ONLY,
    "programmes:event_detail": HUB_STAFF_ONLY,
    "programmes:event_edit": HUB_STAFF_ONLY,
    "programmes:event_progress": HUB_STAFF_ONLY,
    # Everyone signed in has their own events page (empty for staff with no invitations).
    "programmes:my_events": answers(200, anonymous=LOGIN),
    "programmes:calendar_feed_reset": POST_ONLY,
    # The walk's token belongs to nobody: the feed answers 404 (a real token: test_my_events.py).
    "programmes:calendar_feed": answers(404),
    "programmes:event_copy": POST_ONLY,
    "programmes:event_cancel": POST_ONLY,
    "programmes:event_invite": POST_ONLY,
    "programmes:event_invitation_resend": POST_ONLY,
}
