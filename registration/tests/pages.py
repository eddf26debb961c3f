"""What the page tests share: ECTs registered as of the real date (as the views see it), who may open a page,
and the guided journey's pages and valid answers."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from participants.models import LeadProvider, TrainingProgramme, WorkingPattern
from participants.tests.factories import next_trn
from registration.mentors import assign_mentor, register_mentor
from registration.tests.factories import mentor_details, register


def reg(school, actor, **overrides):
    """An ECT who started two months ago, registered as of today (the views use the real date)."""
    overrides.setdefault("started_on", today() - timedelta(days=60))
    return register(school, actor, today=today(), **overrides)


def with_mentor(period, actor):
    """A new mentor at the ECT's school, assigned to them."""
    mentor = register_mentor(period.school, mentor_details(), actor=actor, today=today())
    assign_mentor(period, mentor, actor=actor, today=today())
    return mentor


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def assert_status_by_role(client, cast, path: str, expected: dict[str, int], *, post: dict | None = None) -> None:
    """Anonymous is sent to sign in; each cast member named gets the status expected for a GET.

    With `post`, a POST of that data also sends anonymous to sign in and gets 404 wherever the GET does.
    """
    client.logout()
    assert is_login_redirect(client.get(path))
    if post is not None:
        assert is_login_redirect(client.post(path, post))
    for role, status in expected.items():
        client.force_login(cast[role])
        assert client.get(path).status_code == status, role
        if post is not None and status == 404:
            assert client.post(path, post).status_code == 404, role


# --- The guided "Register one ECT" journey (guided/test_flow.py, guided/test_access.py) ---------------

URN = 110001


def step_url(step: str, *, urn: int = URN, change: bool = False) -> str:
    url = reverse("participants:register_step", kwargs={"urn": urn, "step": step})
    return f"{url}?change=1" if change else url


def start_url(urn: int = URN) -> str:
    return reverse("participants:register_start", kwargs={"urn": urn})


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def date_fields(name: str, day: date) -> dict:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def today() -> date:
    """The real date, as the views see it."""
    return timezone.localdate()


def find_data(trn: str, dob: date | None = None) -> dict:
    return {"trn": trn, **date_fields("date_of_birth", dob or years_before(today(), 30))}


def start_on() -> date:
    # A start date the rules accept whatever day the tests run.
    return today() + timedelta(days=30)


def answers(**overrides) -> dict:
    """Valid answers for every page, by step; override a step's data to test it."""
    trn = overrides.pop("trn", None) or next_trn()
    steps = {
        "find": find_data(trn),
        "name": {"first_name": "Siân", "last_name": "O'Neill", "uses_other_name": "yes", "corrected_name": "Siân Jones"},
        "email": {"email": f"ect{trn}@example.org"},
        "start-date": date_fields("started_on", start_on()),
        "working-pattern": {"working_pattern": WorkingPattern.PART_TIME, "fte": "0.6"},
        "programme": {"training_programme": TrainingProgramme.PROVIDER_LED,
                      "lead_provider": str(LeadProvider.objects.get(name="Teach First").pk)},
        "mentor": {"mentor": "new", "mentor_trn": next_trn(), "mentor_first_name": "Grace",
                   "mentor_last_name": "Hopper", "mentor_email": f"mentor{trn}@example.org"},
    }
    steps.update(overrides)
    return steps


def walk(client, steps: dict, *, until: str = "check", urn: int = URN):
    """Answer each page in order up to (not including) `until`; every answer must be accepted."""
    for step, data in steps.items():
        if step == until:
            return
        response = client.post(step_url(step, urn=urn), data)
        assert response.status_code == 302, (step, response.context["form"].errors if response.context else None)
