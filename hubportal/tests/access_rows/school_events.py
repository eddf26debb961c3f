from . import SCHOOL_MANAGERS, answers

ROWS = {
    "programmes:school_event_list": SCHOOL_MANAGERS,
    # The walk's event is open to school booking, so school A's tutor sees it.
    "programmes:school_event_detail": SCHOOL_MANAGERS,
    # POST-only: a GET answers 405 whoever asks.
    "programmes:school_event_cancel_place": answers(405),
}
