"""The guided "Register one ECT" flow: the school's tutors and hub staff only (AB staff may not register)."""

from . import SCHOOL_MANAGERS

ROWS = {
    "participants:register_start": SCHOOL_MANAGERS,
    # Walked with step=find, the first question.
    "participants:register_step": SCHOOL_MANAGERS,
    # The confirmation for the sample ECT registered at school A.
    "participants:register_done": SCHOOL_MANAGERS,
}
