"""The participant's home (ECT, mentor, NPQ participant), the facilitator's, and a person with no role."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appropriate_body.assessments import assessments as domain
from appropriate_body.models import Assessment, AssessmentKind
from appropriate_body.tests.factories import claimed, ect_account, first, written
from hubportal.home.facilitator import facilitator_week
from hubportal.home.participant import latest_certificate, next_event, next_steps
from participants.tests.factories import TeacherFactory
from programmes.models import Certificate, EventInvitation, RenderState, Response
from programmes.tests.factories import CertificateFactory, EventFactory, invite
from registration.tests.pages import today

HOME = "/"


def test_someone_with_no_role_is_told_whom_to_ask(client, no_role_user):
    client.force_login(no_role_user)
    content = client.get(HOME).content.decode()
    assert "Your account has no role in the portal yet" in content
    assert "govuk-task-list" not in content and "coming soon" not in content.lower()


def test_an_ect_sees_their_next_event_latest_certificate_and_induction_step(client, school_a, tutor_a, ab_staff, files_in_memory):
    period = claimed(school_a, tutor_a, ab_staff)
    own = ect_account(period)
    EventFactory(title="Past", days_ago=3)
    invite(EventFactory(title="Declined one", days_ago=-1), "Own", "Ect", email=own.email, user=own, place="", response=Response.DECLINED)
    invite(EventFactory(title="Welcome conference", days_ago=-5), "Own", "Ect", email=own.email, user=own)
    invite(EventFactory(title="Later one", days_ago=-9), "Own", "Ect", email=own.email, user=own)
    old = CertificateFactory(user=own, title="Older", awarded_on=today() - timedelta(days=90))
    new = CertificateFactory(user=own, title="Newest", awarded_on=today() - timedelta(days=5))
    steps = next_steps(own, is_ect=True, now=timezone.now())
    assert steps.next_event.event.title == "Welcome conference" and steps.next_event_state == "Place confirmed"
    assert steps.latest_certificate == new != old
    review = first(period, AssessmentKind.PROGRESS_REVIEW)
    assert steps.induction.url == reverse("appropriate_body:my_induction") and not steps.induction.yours
    assert "progress review is due by" in steps.induction.text
    client.force_login(own)
    content = client.get(HOME).content.decode()
    assert "Welcome conference" in content and "Newest" in content
    download = reverse("programmes:certificate_download", args=[new.public_id])
    assert f'href="{download}"' in content and client.get(download).status_code == 200
    for link in (reverse("programmes:my_golden_thread"), reverse("programmes:my_certificates"), reverse("programmes:my_events"),
                 reverse("appropriate_body:my_induction")):
        assert f'href="{link}"' in content and client.get(link).status_code == 200
    assert "coming soon" not in content.lower()
    assert review.status == "not_started"


def by_the_joined_rule(model, user, own_address: Q):
    """A person's rows as the rule read when it joined the teacher record: the indexed form must find the same."""
    return model.objects.filter(Q(user=user) | Q(teacher__user=user) | own_address)


@pytest.mark.parametrize("way", ["account", "teacher record", "address in other case"])
def test_the_next_event_is_the_same_whichever_way_the_person_is_matched(ect, mentor, way):
    match = {"account": {"user": ect}, "teacher record": {"teacher": TeacherFactory(user=ect, email="erin@school.example.org")},
             "address in other case": {"email": ect.email.upper()}}[way]
    match.setdefault("email", "erin@school.example.org")
    # Sooner ones that are not theirs to come: someone else's, one naming another account at their address,
    # another teacher's, one they declined and one cancelled.
    invite(EventFactory(title="Mentor's", days_ago=-1), "Mo", "Mentor", email=mentor.email, user=mentor)
    invite(EventFactory(title="Another account's", days_ago=-2), "Own", "Ect", email=ect.email, user=mentor)
    invite(EventFactory(title="Another teacher's", days_ago=-2), "Own", "Ect", teacher=TeacherFactory())
    invite(EventFactory(title="Declined", days_ago=-3), "Own", "Ect", place="", response=Response.DECLINED, **match)
    invite(EventFactory(title="Cancelled", days_ago=-3, cancelled_at=timezone.now()), "Own", "Ect", **match)
    invite(EventFactory(title="Past", days_ago=2), "Own", "Ect", **match)
    invite(EventFactory(title="Theirs", days_ago=-4), "Own", "Ect", **match)
    invite(EventFactory(title="Later", days_ago=-8), "Own", "Ect", **match)
    now = timezone.now()
    joined = (by_the_joined_rule(EventInvitation, ect, Q(user__isnull=True, email__iexact=ect.email))
              .filter(event__ends_at__gt=now, event__cancelled_at__isnull=True).exclude(response=Response.DECLINED)
              .order_by("event__starts_at", "pk").first())
    assert next_event(ect, now=now).event.title == "Theirs" and next_event(ect, now=now) == joined
    assert next_event(mentor, now=now).event.title == "Mentor's"


@pytest.mark.parametrize("way", ["account", "teacher record", "address in other case"])
def test_the_latest_certificate_is_the_same_whichever_way_the_person_is_matched(ect, mentor, way):
    match = {"account": {"user": ect}, "teacher record": {"teacher": TeacherFactory(user=ect, email="erin@school.example.org")},
             "address in other case": {"email": ect.email.upper()}}[way]
    match.setdefault("email", "erin@school.example.org")
    CertificateFactory(user=mentor, email=mentor.email, title="Mentor's", awarded_on=today())
    CertificateFactory(teacher=TeacherFactory(), title="Another teacher's", awarded_on=today())
    CertificateFactory(title="Revoked", awarded_on=today(), revoked_at=timezone.now(), revocation_reason="Issued in error", **match)
    CertificateFactory(title="Theirs", awarded_on=today() - timedelta(days=1), **match)
    CertificateFactory(title="Older", awarded_on=today() - timedelta(days=30), **match)
    joined = (by_the_joined_rule(Certificate, ect, Q(email__iexact=ect.email)).filter(revoked_at__isnull=True)
              .order_by("-awarded_on", "-issued_at", "-pk").first())
    assert latest_certificate(ect).title == "Theirs" and latest_certificate(ect) == joined
    assert latest_certificate(mentor).title == "Mentor's"


def test_an_ect_is_asked_for_their_comments_when_the_record_waits_for_them(school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    own = ect_account(period)
    formal = first(period, AssessmentKind.FORMAL_ASSESSMENT)
    Assessment.objects.filter(induction_period=period).exclude(pk=formal.pk).update(due_on=today() + timedelta(days=3000))
    domain.submit(written(formal, tutor_a), actor=tutor_a, now=timezone.now())
    step = next_steps(own, is_ect=True, now=timezone.now()).induction
    assert step.yours and step.url == reverse("appropriate_body:my_assessment", args=[formal.public_id])
    assert step.text.startswith("Add your comments")


def test_a_certificate_still_rendering_has_no_download_link(client, mentor):
    certificate = CertificateFactory(user=mentor, render_state=RenderState.QUEUED)
    client.force_login(mentor)
    content = client.get(HOME).content.decode()
    assert "It is being made" in content
    assert reverse("programmes:certificate_download", args=[certificate.public_id]) not in content
    assert reverse("appropriate_body:mentor_schedules") in content


def test_an_npq_participant_with_nothing_yet_is_told_what_comes(client, npq_participant):
    client.force_login(npq_participant)
    content = client.get(HOME).content.decode()
    assert "No events to come" in content and "No certificates yet" in content
    assert reverse("appropriate_body:my_induction") not in content  # the ECT's own page


def test_someone_elses_events_and_certificates_never_show(client, ect, mentor):
    invite(EventFactory(title="Mentor only", days_ago=-2), "Mo", "Mentor", email=mentor.email, user=mentor)
    CertificateFactory(user=mentor, title="Mentor's certificate")
    client.force_login(ect)
    content = client.get(HOME).content.decode()
    assert "Mentor only" not in content and "Mentor's certificate" not in content


def test_a_facilitator_sees_their_next_sessions_and_registers_to_take(client, facilitator, hub_staff):
    open_register = EventFactory(title="Running now", facilitators=[facilitator])
    EventFactory(title="Closed", days_ago=2, facilitators=[facilitator], register_closed_at=timezone.now())
    coming = EventFactory(title="Next week", days_ago=-7, facilitators=[facilitator])
    invite(coming, "Ada", "Guest")
    EventFactory(title="Someone else's", days_ago=-3)
    week = facilitator_week(facilitator, now=timezone.now())
    assert [event.title for event in week.registers] == ["Running now"] and week.registers_total == 1
    assert [(event.title, event.confirmed) for event in week.next_events] == [("Next week", 1)]
    client.force_login(facilitator)
    content = client.get(HOME).content.decode()
    register = reverse("programmes:register", args=[open_register.public_id])
    assert f'href="{register}"' in content and client.get(register).status_code == 200
    assert "Someone else&#x27;s" not in content and "Someone else's" not in content
    assert 'id="facilitator-registers-count">1<' in content


def home_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("role", ["ect", "facilitator"])
def test_the_participants_and_facilitators_home_take_the_same_queries_for_1_and_20(client, cast, role, django_assert_max_num_queries):
    user = cast[role]

    def build(n: int) -> None:
        for k in range(n):
            event = EventFactory(title=f"Event {k}", days_ago=-1 - k, facilitators=[user])
            invite(event, "Own", f"Guest{k}", email=f"{k}.{user.email}", user=user)
            held = EventFactory(title=f"Held {k}", days_ago=5 + k, facilitators=[user])
            CertificateFactory(user=user, invitation__event=held)

    build(1)
    one = home_queries(client, user)
    build(19)
    assert home_queries(client, user) == one
    with django_assert_max_num_queries(8):
        client.get(HOME)
