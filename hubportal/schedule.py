"""What the Celery worker imports and what beat runs when: the portal's periodic jobs, in one place.

Settings take these (hubportal.settings); the intervals that deployments may change come in as arguments.
"""

from datetime import timedelta

from celery.schedules import crontab

# Every module that defines a task (hubportal/tests/test_beat_schedule.py keeps this list complete).
TASK_MODULES = [
    "participants.accounts.emails",
    "participants.accounts.tasks",
    "programmes.certificates.emails",
    "programmes.certificates.rendering",
    "programmes.cohorts.tasks",
    "programmes.evaluations.emails",
    "programmes.evaluations.tasks",
    "programmes.events.emails",
    "programmes.events.tasks",
    "programmes.insight.tasks",
    "appropriate_body.agreements.emails",
    "appropriate_body.agreements.tasks",
    "appropriate_body.assessments.emails",
    "appropriate_body.assessments.tasks",
    "appropriate_body.reviews.emails",
    "appropriate_body.concerns.emails",
    "appropriate_body.claims.emails",
    "appropriate_body.claims.tasks",
    "appropriate_body.length_requests.emails",
    "hubportal.tasks",
    "appropriate_body.claims.bulk",
    "programmes.cohorts.tasks",
    "registration.uploads.bulk",
    "registration.uploads.tasks",
    "registration.transfer_notices",
    "registration.school_merges.tasks",
    "privacy.retention.tasks",
    "privacy.access.tasks",
]


def beat_schedule(*, insight_refresh_minutes: int, sweep_seconds: int) -> dict[str, dict]:
    """Every periodic job by name: the task it runs and when."""
    schedule = {
        "expire-invitations": {
            "task": "participants.tasks.expire_invitations",
            "schedule": crontab(minute=15, hour=2),
        },
        "event-reminders": {
            "task": "programmes.tasks.send_event_reminders",
            "schedule": crontab(minute=5),
        },
        "lapse-place-offers": {
            "task": "programmes.tasks.lapse_place_offers",
            "schedule": crontab(minute="*/15"),
        },
        # Moves between schools that nobody answered take effect on their day (registration.transfers).
        "complete-due-transfers": {
            "task": "registration.tasks.complete_due_transfers",
            "schedule": crontab(minute=10, hour=6),
        },
        # DP-002: uploaded CSV contents are purged within 24 hours; hourly, with a 23-hour cut-off.
        "purge-registration-uploads": {
            "task": "participants.tasks.purge_registration_uploads",
            "schedule": crontab(minute=40),
        },
        "purge-bulk-uploads": {
            "task": "appropriate_body.tasks.purge_bulk_uploads",
            "schedule": crontab(minute=45),
        },
        "purge-enrolment-uploads": {
            "task": "programmes.cohorts.tasks.purge_enrolment_uploads",
            "schedule": crontab(minute=50),
        },
        # 1 September: the ECTE's Year 1 moves into Year 2 (programmes.year_end); idempotent, so a rerun is harmless.
        "announce-open-surveys": {
            "task": "programmes.tasks.announce_open_surveys",
            "schedule": crontab(minute=20, hour=7),
        },
        "ecte-year-end-move": {
            "task": "programmes.tasks.move_ecte_year_one_into_year_two",
            "schedule": crontab(minute=30, hour=3, day_of_month=1, month_of_year=9),
        },
        # Twice, so a worker down at midnight still opens the day's inductions in the morning.
        # Open claims asked about again at the Teaching Record System, a few at a time (TRS_REFRESH_BATCH).
        "refresh-open-claims": {
            "task": "appropriate_body.tasks.refresh_open_claims",
            "schedule": crontab(minute="*/10"),
        },
        "start-scheduled-claims": {
            "task": "appropriate_body.tasks.start_scheduled_claims",
            "schedule": crontab(minute=10, hour="0,6"),
        },
        # Values stored on rows that other rows decide (hubportal.lib.stored_state: claims, the AB's to-do), worked
        # out afresh after the day's changes and before the retention job's at 01:30 has long finished.
        "check-stored-states": {
            "task": "hubportal.tasks.check_stored_states",
            "schedule": crontab(minute=50, hour=1),
        },
        # GIAS's new files, after DfE publishes them overnight and before schools sign in (registration.school_merges).
        "import-gias": {
            "task": "registration.tasks.import_gias_folder",
            "schedule": crontab(minute=30, hour=5),
        },
        # Personal data past its retention period (privacy.retention), at night when nobody is signing assessments.
        "apply-retention": {
            "task": "privacy.retention.tasks.apply_retention",
            "schedule": crontab(minute=30, hour=1),
        },
        "agreement-renewal-reminders": {
            "task": "appropriate_body.tasks.queue_agreement_renewal_reminders",
            "schedule": crontab(minute=30, hour=7),
        },
        # Progress reviews and assessments: a week before, on the day and when overdue (REC-001).
        "assessment-reminders": {
            "task": "appropriate_body.tasks.queue_assessment_reminders",
            "schedule": crontab(minute=0, hour=7),
        },
        # Last, this and next year's insight figures (programmes.insight.engagement): a run not started within the
        # interval is dropped, because the next one does the same work.
        "refresh-engagement-figures": {
            "task": "programmes.tasks.refresh_engagement_figures",
            "schedule": timedelta(minutes=insight_refresh_minutes),
            "options": {"expires": insight_refresh_minutes * 60},
        },
        # Everything left waiting, of every kind (hubportal.tasks.sweep).
        "sweep": {"task": "hubportal.tasks.sweep", "schedule": timedelta(seconds=sweep_seconds)},
    }
    return schedule
