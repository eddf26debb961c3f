from . import answers

ROWS = {
    # Anyone holding the signed link replies for that one invitation (see programmes/tests/test_event_invitations.py).
    "programmes:event_reply": answers(200),
}
