from . import LOGIN, answers

ROWS = {
    # The privacy notice and the accessibility statement: anyone, signed in or not (the footer links to both).
    "privacy:notice": answers(200),
    "privacy:accessibility": answers(200),
    # Its versions, and publishing a new one: hub staff only.
    "privacy:notice_versions": answers(404, anonymous=LOGIN, hub_staff=200),
    "privacy:notice_publish": answers(404, anonymous=LOGIN, hub_staff=200),
}
