"""What the appropriate body's page tests share: form data as the pages post it, and where the pages are."""

from datetime import date

from django.urls import reverse

from appropriate_body.models import Assessment, Standard


def date_boxes(name: str, day: date) -> dict:
    """A date as the form's three boxes (day, month, year) post it."""
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def accept_post(**overrides) -> dict:
    """The claim page's accept form: QTS on 20 July 2026, induction required, no prohibition, starting 1 September 2026."""
    data = {"action": "accept", **date_boxes("qts_awarded_on", date(2026, 7, 20)), "induction_status": "RequiredToComplete",
            "has_active_prohibition": "no", "other_appropriate_body": "", "itt_provider_ukprn": "",
            **date_boxes("start_date", date(2026, 9, 1))}
    data.update(overrides)
    return data


def assessment_page(assessment: Assessment) -> str:
    """The school's page for one review or assessment."""
    return reverse("appropriate_body:assessment_page", args=[assessment.induction_period.school.urn, assessment.public_id])


def record_form(meeting_on: date | None, *, action: str = "submit") -> dict:
    """The record form filled in: every standard on track, with the meeting date when given."""
    data = {f"{code}_on_track": "yes" for code in Standard.values}
    data.update({"on_track": "yes", "evidence_summary": "Observations and planning", "targets": "Questioning", "action": action})
    if meeting_on:
        data.update(date_boxes("meeting_on", meeting_on))
    return data
