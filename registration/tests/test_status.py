"""Each registration's status, worked out in the database, and the school's checklist."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appropriate_body.claims.state import refresh_claim_state
from appropriate_body.models import Claim
from participants.models import ECTAtSchoolPeriod, LeavingReason
from registration.mentors import assign_mentor, register_mentor
from registration.status import ECTS_COUNTED, ECTStatus, school_checklist, status_label, with_status
from registration.tests.factories import mentor_details, register
from registration.tests.pages import reg

TODAY = date(2026, 11, 24)


def statuses(today=TODAY):
    periods = with_status(ECTAtSchoolPeriod.objects.select_related("teacher"), today=today)
    return {period.teacher.last_name: (period.status, status_label(period)) for period in periods}


@pytest.mark.django_db
def test_every_status(school_a, tutor_a, ab_staff):
    mentor = register_mentor(school_a, mentor_details(), actor=tutor_a, today=TODAY)
    no_mentor = register(school_a, tutor_a, last_name="NoMentor")
    pending = register(school_a, tutor_a, last_name="Pending")
    registered = register(school_a, tutor_a, last_name="Registered")
    rejected = register(school_a, tutor_a, last_name="Rejected")
    leaving = register(school_a, tutor_a, last_name="Leaving")
    left = register(school_a, tutor_a, last_name="Left")
    completed = register(school_a, tutor_a, last_name="Completed")
    for period in (pending, registered, rejected, leaving, left, completed):
        assign_mentor(period, mentor, actor=tutor_a, today=TODAY)
    Claim.objects.filter(ect_period=registered).update(status=Claim.Status.ACCEPTED)
    Claim.objects.filter(ect_period=rejected).update(status=Claim.Status.REJECTED, status_reason="QTS not yet awarded")
    refresh_claim_state([registered.pk, rejected.pk])
    ECTAtSchoolPeriod.objects.filter(pk=leaving.pk).update(finished_on=TODAY, leaving_reason=LeavingReason.LEFT_SCHOOL)
    ECTAtSchoolPeriod.objects.filter(pk=left.pk).update(finished_on=date(2026, 11, 23), leaving_reason=LeavingReason.LEFT_SCHOOL)
    ECTAtSchoolPeriod.objects.filter(pk=completed.pk).update(
        finished_on=date(2026, 11, 1), leaving_reason=LeavingReason.COMPLETED_INDUCTION
    )

    assert statuses() == {
        "NoMentor": (ECTStatus.ACTION_REQUIRED, "Action required: assign a mentor"),
        "Pending": (ECTStatus.PENDING_AB, "Pending AB"),
        "Registered": (ECTStatus.REGISTERED, "Registered"),
        "Rejected": (ECTStatus.ACTION_REQUIRED, "Action required: resolve the AB claim"),
        "Leaving": (ECTStatus.LEAVING, "Leaving"),
        "Left": (ECTStatus.LEFT, "Left"),
        "Completed": (ECTStatus.COMPLETED, "Completed"),
    }
    assert no_mentor.mentor_id is None


@pytest.mark.django_db
def test_the_checklist_counts_what_is_still_to_do(school_a, school_b, tutor_a, tutor_b):
    first = register(school_a, tutor_a, last_name="First")
    second = register(school_a, tutor_a, last_name="Second")
    register(school_b, tutor_b, last_name="Elsewhere")
    mentor = register_mentor(school_a, mentor_details(), actor=tutor_a, today=TODAY)
    assign_mentor(first, mentor, actor=tutor_a, today=TODAY)
    Claim.objects.filter(ect_period=second).update(status=Claim.Status.REJECTED)
    refresh_claim_state([second.pk])

    items = {item.label: item for item in school_checklist(school_a.pk, today=TODAY)}
    mentors = items["Every ECT has a mentor"]
    assert (mentors.done, mentors.total, mentors.outstanding) == (1, 2, [second])
    claims = items["Every ECT has a claim with the appropriate body"]
    assert (claims.done, claims.complete, claims.outstanding) == (1, False, [second])
    assert items["Every ECT has set up their portal account"].done == 0


@pytest.mark.django_db
def test_the_checklist_takes_a_fixed_number_of_queries(school_a, tutor_a, django_assert_num_queries):
    for _ in range(3):
        register(school_a, tutor_a)
    with django_assert_num_queries(1):
        school_checklist(school_a.pk, today=TODAY)
    for _ in range(20):
        register(school_a, tutor_a)
    with django_assert_num_queries(1):
        school_checklist(school_a.pk, today=TODAY)


@pytest.mark.django_db
def test_the_checklist_asks_for_a_place_at_this_years_welcome_conference(school_a, tutor_a):
    from datetime import datetime, timedelta

    from django.utils import timezone

    from programmes.models import Event, EventInvitation, EventKind, Place, Response

    booked, invited, last_year, cancelled = (register(school_a, tutor_a, last_name=name) for name in ("Booked", "Invited", "LastYear", "Cancelled"))

    def conference(day, **extra):
        starts = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=9)
        return Event.objects.create(title=f"Welcome {day}", kind=EventKind.ECT_WELCOME_Y1, venue="Hub", starts_at=starts,
                                    ends_at=starts + timedelta(hours=6), **extra)

    this_year, earlier, called_off = conference(TODAY + timedelta(days=30)), conference(date(2025, 10, 1)), conference(
        TODAY + timedelta(days=40), cancelled_at=timezone.now())
    for period, event, place in ((booked, this_year, Place.CONFIRMED), (invited, this_year, Place.NONE),
                                 (last_year, earlier, Place.CONFIRMED), (cancelled, called_off, Place.CONFIRMED)):
        EventInvitation.objects.create(event=event, email=period.teacher.email, teacher=period.teacher, place=place,
                                       response=Response.ACCEPTED if place else Response.NONE)
    welcome = {item.label: item for item in school_checklist(school_a.pk, today=TODAY)}["Every ECT has a place at this year's welcome conference"]
    assert (welcome.done, welcome.total) == (1, 4)
    assert {p.teacher.last_name for p in welcome.outstanding} == {"Invited", "LastYear", "Cancelled"}


@pytest.mark.django_db
def test_the_tutors_home_the_checklist_the_status_list_and_the_ect_list_count_the_same_ects(client, school_a, tutor_a):
    """One definition of the school's ECTs (registration.status.current_ects), said in words on every page that counts them."""
    today = timezone.localdate()
    mentor = register_mentor(school_a, mentor_details(), actor=tutor_a, today=today)
    kept = [reg(school_a, tutor_a, last_name=name) for name in ("One", "Two", "Three")]
    assign_mentor(kept[0], mentor, actor=tutor_a, today=today)
    leaving, left, completed = (reg(school_a, tutor_a, last_name=name) for name in ("Leaving", "Left", "Completed"))
    ECTAtSchoolPeriod.objects.filter(pk=leaving.pk).update(finished_on=today + timedelta(days=10), leaving_reason=LeavingReason.LEFT_SCHOOL)
    ECTAtSchoolPeriod.objects.filter(pk=left.pk).update(finished_on=today - timedelta(days=1), leaving_reason=LeavingReason.LEFT_SCHOOL)
    ECTAtSchoolPeriod.objects.filter(pk=completed.pk).update(finished_on=today - timedelta(days=20),
                                                              leaving_reason=LeavingReason.COMPLETED_INDUCTION)
    client.force_login(tutor_a)

    def page_text(response) -> str:
        """The page's words, without tags."""
        return " ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split())

    home = page_text(client.get("/"))
    school = page_text(client.get(reverse("participants:school_detail", args=[school_a.urn])))
    ects = page_text(client.get(reverse("participants:ect_list", args=[school_a.urn])))

    # Three still in their first weeks and one leaving (counted until their last day): 4; the leaver and the one who completed are not.
    assert "4 ECTs" in home and "4 ECTs" in ects
    assert re.findall(r"Done for (\d+) of (\d+) ECTs", school) and {total for _, total in re.findall(r"Done for (\d+) of (\d+) ECTs", school)} == {"4"}
    assert "4 ECTs" in school and "Not counted: Left: 1; Completed: 1" in school
    for page in (home, school, ects):
        assert ECTS_COUNTED in page
