from . import LOGIN, answers

ROWS = {
    # The public CPD offer: anyone, signed in or not.
    "programmes:cpd_offer": answers(200),
    # Everyone signed in has a golden thread of their own (empty for those with nothing yet).
    "programmes:my_golden_thread": answers(200, anonymous=LOGIN),
}
