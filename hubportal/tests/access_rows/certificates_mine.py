from . import LOGIN, answers

ROWS = {
    # Everyone signed in has a certificates page (empty for those with none).
    "programmes:my_certificates": answers(200, anonymous=LOGIN),
    # The walk's certificate belongs to the cast's ECT: only they and hub staff may download it.
    # Anonymous gets 404 too, not a sign-in redirect: the file does not exist for them.
    "programmes:certificate_download": answers(404, ect=200, hub_staff=200),
}
