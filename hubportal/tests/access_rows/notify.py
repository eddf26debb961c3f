from . import answers

ROWS = {
    # GOV.UK Notify's delivery receipts: POST only, so a GET answers 405 whoever asks; see lib/test_notify.
    "notify_delivery_receipt": answers(405),
}
