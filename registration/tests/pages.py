"""What the page tests share: ECTs registered as of the real date (as the views see it), and who may open a page."""

from datetime import timedelta

from django.utils import timezone

from registration.mentors import assign_mentor, register_mentor

from registration.tests.factories import mentor_details, register


def today():
    return timezone.localdate()


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
