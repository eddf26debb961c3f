"""The concern pages (ABD-004): raised by AB staff from the case page or by a tutor from the school's page;
shown on the case, the to-do list and the school's page; the ECT sees that one is open and their named
contact; other schools' tutors and other ECTs get 404."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appropriate_body.concerns import concerns
from appropriate_body.inductions.contacts import set_named_contact
from appropriate_body.models import Concern
from appropriate_body.tests.factories import claimed, ect_account
from participants.tests.factories import Role, SchoolFactory, user_with_role

pytestmark = pytest.mark.django_db

TEXT = "Planning is not secure and behaviour is deteriorating."


def boxes(name: str, day: date) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


@pytest.fixture
def period(school_a, tutor_a, ab_staff):
    return claimed(school_a, tutor_a, ab_staff, first_name="Cassie", last_name="Concern")


def raised(period, who, raised_as=Concern.RaisedAs.AB) -> Concern:
    return concerns.raise_concern(period.induction, description=TEXT, monitoring_from=timezone.localdate(), review_on=None,
                                  raised_as=raised_as, actor=who, now=timezone.now())


def raise_url(period) -> str:
    return reverse("appropriate_body:concern_raise", args=[period.induction.public_id])


def detail(concern) -> str:
    return reverse("appropriate_body:concern_detail", args=[concern.public_id])


@pytest.mark.parametrize("who", ["ab_staff", "tutor_a"])
def test_ab_staff_or_the_schools_tutor_raise_a_concern_on_the_page(as_user, cast, period, who, django_capture_on_commit_callbacks):
    client = as_user(cast[who])
    assert client.get(raise_url(period)).status_code == 200
    refused = client.post(raise_url(period), boxes("monitoring_from", timezone.localdate()))
    assert refused.status_code == 200 and "Enter what the concern is" in refused.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(raise_url(period), {"description": TEXT, **boxes("monitoring_from", timezone.localdate())})

    concern = Concern.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(concern)
    assert concern.raised_as == ("ab" if who == "ab_staff" else "school") and concern.raised_by == cast[who]
    assert TEXT in client.get(detail(concern)).content.decode()


def test_actions_a_visit_and_closing_through_the_pages(as_user, period, ab_staff, tutor_a):
    concern = raised(period, ab_staff)
    tutor = as_user(tutor_a)
    add = reverse("appropriate_body:concern_action_add", args=[concern.public_id])
    assert tutor.get(add).status_code == 200
    assert tutor.post(add, {"what": "Weekly planning check", "who": "Mentor", **boxes("due_on", timezone.localdate() + timedelta(days=7))}).status_code == 302
    action = concern.actions.get()
    assert tutor.post(reverse("appropriate_body:concern_action_done", args=[concern.public_id, action.public_id])).status_code == 302
    visit = reverse("appropriate_body:concern_visit", args=[concern.public_id])
    assert tutor.get(visit).status_code == 200
    assert tutor.post(visit, {**boxes("visit_on", timezone.localdate()), "visit_note": "Two lessons seen"}).status_code == 302

    close = reverse("appropriate_body:concern_close", args=[concern.public_id])
    assert tutor.get(close).status_code == 404  # only the AB closes a concern
    ab = as_user(ab_staff)
    assert ab.get(close).status_code == 200
    assert "Enter why the concern is closed" in ab.post(close, {"closing_note": ""}).content.decode()
    assert ab.post(close, {"closing_note": "Targets met"}).status_code == 302

    concern.refresh_from_db()
    assert (concern.status, concern.visit_note, concern.closing_note) == ("closed", "Two lessons seen", "Targets met")
    assert concern.actions.get().done_on == timezone.localdate()
    page = ab.get(detail(concern)).content.decode()
    assert "Targets met" in page and "Weekly planning check" in page and "Close the concern" not in page
    assert ab.get(close).status_code == 404 and ab.get(reverse("appropriate_body:concern_visit", args=[concern.public_id])).status_code == 404


def test_it_shows_on_the_case_the_to_do_list_and_the_schools_page(as_user, period, school_a, ab_staff, tutor_a, tutor_b, hub_staff):
    concern = raised(period, tutor_a, Concern.RaisedAs.SCHOOL)
    ab = as_user(ab_staff)
    case = ab.get(reverse("appropriate_body:case_detail", args=[period.induction.public_id])).content.decode()
    assert detail(concern) in case and raise_url(period) in case
    todo = ab.get(reverse("appropriate_body:todo")).content.decode()
    assert 'id="todo-concerns-count">1<' in todo and detail(concern) in todo and "No actions yet" in todo
    school_page = reverse("participants:school_detail", args=[school_a.urn])
    assert detail(concern) in ab.get(school_page).content.decode()
    assert detail(concern) in as_user(tutor_a).get(school_page).content.decode()
    # Hub staff see the school's page but are not part of the monitoring.
    assert detail(concern) not in as_user(hub_staff).get(school_page).content.decode()
    # The school's reviews page offers its tutor the way to raise one.
    assert raise_url(period) in as_user(tutor_a).get(reverse("appropriate_body:school_inductions", args=[school_a.urn])).content.decode()


def test_the_ect_sees_a_concern_is_open_and_their_named_contact_not_its_text(as_user, period, ab_staff):
    own = ect_account(period)
    contact = user_with_role(Role.AB_STAFF, email="named.contact@example.org", first_name="Nadia", last_name="Contact")
    set_named_contact(period.induction, contact=contact, actor=ab_staff)
    mine = reverse("appropriate_body:my_induction")
    assert "A concern about your induction is open" not in as_user(own).get(mine).content.decode()

    concern = raised(period, ab_staff)
    page = as_user(own).get(mine).content.decode()

    assert "A concern about your induction is open" in page and "Nadia Contact" in page and "named.contact@example.org" in page
    assert TEXT not in page
    assert as_user(own).get(detail(concern)).status_code == 404
    concerns.close_concern(concern, closing_note="Resolved", actor=ab_staff, now=timezone.now())
    assert "A concern about your induction is open" not in as_user(own).get(mine).content.decode()


def test_other_schools_tutors_other_ects_and_hub_staff_get_404(as_user, cast, period, ab_staff, tutor_b):
    concern = raised(period, ab_staff)
    action = concerns.add_action(concern, what="Plan", who="Mentor", due_on=timezone.localdate(), actor=ab_staff)
    other_period = claimed(SchoolFactory(), tutor_b, ab_staff)
    other_ect = ect_account(other_period)
    raised(other_period, ab_staff)
    urls = [raise_url(period), detail(concern), reverse("appropriate_body:concern_action_add", args=[concern.public_id]),
            reverse("appropriate_body:concern_visit", args=[concern.public_id]), reverse("appropriate_body:concern_close", args=[concern.public_id]),
            reverse("appropriate_body:concern_list")]
    for who in (tutor_b, other_ect, cast["ect"], cast["hub_staff"], cast["headteacher_a"], cast["mentor"]):
        client = as_user(who)
        assert [client.get(url).status_code for url in urls] == [404] * len(urls), who
        assert client.post(reverse("appropriate_body:concern_action_done", args=[concern.public_id, action.public_id])).status_code == 404
    assert as_user(None).get(detail(concern)).status_code == 302
    assert as_user(ab_staff).get(reverse("appropriate_body:concern_action_done", args=[concern.public_id, action.public_id])).status_code == 405


def test_the_open_concerns_list_queries_do_not_grow(as_user, school_a, tutor_a, ab_staff, django_assert_max_num_queries):
    client = as_user(ab_staff)
    url = reverse("appropriate_body:concern_list")

    def add_concern():
        concern = raised(claimed(school_a, tutor_a, ab_staff), ab_staff)
        concerns.add_action(concern, what="Plan", who="Mentor", due_on=timezone.localdate() - timedelta(days=1), actor=ab_staff)

    add_concern()
    with django_assert_max_num_queries(30) as one:
        assert client.get(url).status_code == 200
    for _ in range(6):
        add_concern()
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert 'id="concern-count">7<' in page and page.count("Action overdue") == 7
