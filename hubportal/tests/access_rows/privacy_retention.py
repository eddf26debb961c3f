"""The data retention schedule: hub staff only."""

from . import LOGIN, answers

ROWS = {
    "privacy:retention_schedule": answers(404, anonymous=LOGIN, hub_staff=200),
}
