from . import answers

ROWS = {
    # Anyone, signed in or not, checks a certificate by its code (the walk's code is a real one).
    "programmes:certificate_verify": answers(200),
    "programmes:certificate_verify_code": answers(200),
}
