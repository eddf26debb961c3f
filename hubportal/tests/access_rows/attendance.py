from . import LOGIN, answers

# The walk's event has the cast facilitator among its facilitators; everyone else gets 404.
EVENT_REGISTER = answers(404, anonymous=LOGIN, hub_staff=200, facilitator=200)
# POST-only views answer a GET with 405 whoever asks (the method check comes first).
POST_ONLY = answers(405)
# Without a code the lookup sends those who take the register back to it (with the reason).
CHECKIN_CODE = answers(404, anonymous=LOGIN, hub_staff=302, facilitator=302)

ROWS = {
    "programmes:register_events": EVENT_REGISTER,
    "programmes:register": EVENT_REGISTER,
    "programmes:register_export": EVENT_REGISTER,
    "programmes:register_mark": POST_ONLY,
    "programmes:register_close": POST_ONLY,
    # The walk's token is the walk invitation's own check-in token.
    "programmes:register_checkin": EVENT_REGISTER,
    "programmes:register_checkin_code": CHECKIN_CODE,
}
