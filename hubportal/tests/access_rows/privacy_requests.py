"""Data subject requests: hub staff only."""

from . import LOGIN, answers

HUB_ONLY = answers(404, anonymous=LOGIN, hub_staff=200)

ROWS = {
    "privacy:request_list": HUB_ONLY,
    "privacy:request_new": HUB_ONLY,
    "privacy:request_detail": HUB_ONLY,
    # POST only: a GET answers 405 whoever asks (the method check comes first); see test_request_pages.
    "privacy:request_extend": answers(405),
    "privacy:erasure_confirm": answers(405),
}


def samples(context):
    from datetime import date

    from privacy.requests.requests import open_request

    request = open_request("erasure", email="walk.erasure@example.org", trn="", name="", received_on=date(2026, 11, 2),
                           actor=context["hub_staff"])
    return {"public_id": request.public_id}
