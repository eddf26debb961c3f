"""Hub staff's home: "This week", counted in the database."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hubportal.home.hub import this_week
from hubportal.lib.dates import academic_year_of
from hubportal.lib.outbox import EmailState
from participants.models import School
from participants.tests.factories import SchoolFactory
from programmes.insight.engagement import refresh_engagement
from programmes.insight.years import Year
from programmes.models import CertificateBatch, Enrolment, RenderState, Response
from programmes.tests.factories import CertificateFactory, EnrolmentFactory, EventFactory, InvitationFactory, NPQCohortFactory, invite
from registration.tests.pages import reg

HOME = "/"
# Factories' invitations wait to be sent, as a new one does; these went out.
SENT = EmailState.SENT


def status_of(content: str, key: str) -> str:
    match = re.search(rf'id="hub-{key}-status" data-count="\d+">\s*(.*?)\s*</div>', content, re.S)
    assert match, f"no {key} row"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def build(n: int, *, school, tutor) -> None:
    """n of everything hub staff's week counts."""
    cohort = NPQCohortFactory._meta.model.objects.first() or NPQCohortFactory()
    for k in range(n):
        event = EventFactory(title=f"Coming {k}", days_ago=-3)
        invite(event, "Acc", f"Epted{k}", email_state=SENT)
        invite(event, "Dec", f"Lined{k}", place="", response=Response.DECLINED, email_state=SENT)
        invite(event, "No", f"Reply{k}", place="", email_state=SENT)
        InvitationFactory(event=event, email_state=EmailState.QUEUED)
        batch = CertificateBatch.objects.create(event=EventFactory(title=f"Held {k}", days_ago=5))
        CertificateFactory(batch=batch, render_state=RenderState.QUEUED, invitation__event=batch.event, invitation__email_state=SENT)
        EnrolmentFactory(cohort=cohort, status=Enrolment.Status.NOMINATED, school=school)
        reg(school, tutor)
        SchoolFactory(urn=300000 + k, name=f"Quiet School {k}")


@pytest.fixture
def week(school_a, tutor_a):
    """Three events coming up (one next month, one cancelled, one tomorrow with replies), one past; a batch sending."""
    soon = EventFactory(title="Mentor conference", days_ago=-1)
    invite(soon, "Ada", "Accepted", email_state=SENT)
    invite(soon, "Bo", "Accepted", email_state=SENT)
    invite(soon, "Cy", "Declined", place="", response=Response.DECLINED, email_state=SENT)
    invite(soon, "Di", "Silent", place="", email_state=EmailState.QUEUED)
    EventFactory(title="Later", days_ago=-20)
    EventFactory(title="Called off", days_ago=-2, cancelled_at=timezone.now())
    EventFactory(title="Last week", days_ago=7)
    cohort = NPQCohortFactory()
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.NOMINATED)
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.ACTIVE)
    reg(school_a, tutor_a)
    return soon


def test_the_weeks_counts_are_right(week, school_a, school_b):
    hub = this_week(now=timezone.now())
    assert [event.title for event in hub.events] == ["Mentor conference"]
    event = hub.events[0]
    assert (event.accepted, event.declined, event.no_reply) == (2, 1, 1)
    assert hub.events_total == 1
    assert [(batch.label, batch.waiting) for batch in hub.batches] == [("Invitations to Mentor conference", 1)]
    assert hub.batches_total == 1
    counts = {task.key: task.count for task in hub.tasks}
    # Cold spots: school B (open, nothing this year) and the nominee's school; school A has an ECT.
    cold = School.objects.exclude(pk=school_a.pk).count()
    assert counts == {"nominations": 1, "registrations": 1, "cold_spots": cold}


def test_the_page_links_each_figure_to_its_page(client, hub_staff, week):
    client.force_login(hub_staff)
    content = client.get(HOME).content.decode()
    assert "This week" in content and "coming soon" not in content.lower()
    assert status_of(content, "nominations") == "1 to do"
    assert status_of(content, "registrations") == "1"
    assert "2 accepted, 1 declined, 1 no reply" in content
    assert 'id="hub-events-count">1<' in content
    for link in (reverse("programmes:pending_nominations"), reverse("participants:registration_list"),
                 reverse("programmes:hub_insight") + "#heading-cold_spots", reverse("programmes:event_detail", args=[week.public_id])):
        assert f'href="{link}"' in content
        assert client.get(link).status_code == 200


def test_a_certificate_batch_rendering_links_to_its_certificates(client, hub_staff):
    batch = CertificateBatch.objects.create(event=EventFactory(title="Held", days_ago=5))
    CertificateFactory(batch=batch, render_state=RenderState.QUEUED, invitation__event=batch.event, invitation__email_state=SENT)
    CertificateFactory(batch=batch, invitation__event=batch.event, invitation__email_state=SENT)  # rendered: not waiting
    hub = this_week(now=timezone.now())
    url = reverse("programmes:event_certificates", args=[batch.event.public_id])
    assert [(b.label, b.waiting, b.url) for b in hub.batches] == [("Certificates for Held", 1, url)]
    client.force_login(hub_staff)
    assert f'href="{url}"' in client.get(HOME).content.decode()


def test_an_empty_hub_says_so(client, hub_staff):
    client.force_login(hub_staff)
    content = client.get(HOME).content.decode()
    assert "No events in the next two weeks" in content and "Every invitation and certificate has gone out" in content
    assert status_of(content, "nominations") == "Done"


def home_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured.captured_queries)


def test_the_hub_home_takes_the_same_queries_for_1_and_20_of_everything(client, hub_staff, school_a, tutor_a,
                                                                         django_assert_max_num_queries):
    build(1, school=school_a, tutor=tutor_a)
    # The cold-spot count reads the kept engagement figures: refreshed first, as the beat job keeps them.
    refresh_engagement(Year(academic_year_of(timezone.localdate())), now=timezone.now())
    one = home_queries(client, hub_staff)
    build(19, school=school_a, tutor=tutor_a)
    hub = this_week(now=timezone.now())
    assert (hub.events_total, hub.batches_total, {t.key: t.count for t in hub.tasks}["nominations"]) == (20, 40, 20)
    assert home_queries(client, hub_staff) == one
    # Session, user, roles, MFA check; the events, the sends, the batches; every other count in one statement;
    # the kept figures' refresh time and their cold-spot sum.
    with django_assert_max_num_queries(10):
        client.get(HOME)


def test_events_more_than_shown_link_to_the_list(client, hub_staff):
    for k in range(10):
        EventFactory(title=f"Event {k}", days_ago=-1 - k)
    client.force_login(hub_staff)
    content = client.get(HOME).content.decode()
    assert f'<a class="govuk-link" href="{reverse("programmes:event_list")}">10 events in all</a>' in content



def test_the_cold_spot_count_is_the_insight_dashboards_as_at_its_last_refresh(db):
    def cold() -> int:
        return {task.key: task.count for task in this_week(now=timezone.now()).tasks}["cold_spots"]

    before = cold()
    SchoolFactory(urn=390001, name="Newly open")
    assert cold() == before  # as at the last refresh
    refresh_engagement(Year(academic_year_of(timezone.localdate())), now=timezone.now())
    assert cold() == before + 1

