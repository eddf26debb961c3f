"""Open claims asked about again at the teacher record service: from the claim's page, and a few at a time on a schedule."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appropriate_body.claims.claims import RecordCheck, accept_claim
from appropriate_body.claims.record_refresh import Refreshed, refresh_inductions, refresh_open_claims, refresh_record_check
from appropriate_body.claims.tasks import refresh_open_claims as refresh_task
from appropriate_body.inductions.todo import todo_list
from appropriate_body.models import Claim, Induction
from participants.people.records import RecordServiceUnavailable, TeacherRecord
from registration.tests.factories import register

pytestmark = pytest.mark.django_db
BORN = date(1998, 3, 14)


class RecordService:
    """A record service (as TRS is) whose answers a test sets, and which notes what it was asked."""

    source = "the Teaching Record System"
    asked: list = []
    answer: object = "found"

    def find(self, trn, date_of_birth):
        RecordService.asked.append((trn, date_of_birth))
        if RecordService.answer == "down":
            raise RecordServiceUnavailable("down")
        if RecordService.answer == "missing":
            return None
        return TeacherRecord(trn=trn, first_name="Ellie", last_name="Evans", qts_awarded_on=date(2026, 7, 20),
                             induction_status="RequiredToComplete", has_active_prohibition=True, itt_provider_ukprn="10055501")


@pytest.fixture(autouse=True)
def service(settings):
    settings.TEACHER_RECORD_LOOKUP = f"{__name__}.RecordService"
    RecordService.asked, RecordService.answer = [], "found"
    return RecordService


def claim_with_date_of_birth(school, actor, **details) -> Claim:
    return register(school, actor, date_of_birth=BORN, **details).claims.get()


def test_asking_again_keeps_what_the_record_says_now_with_the_time(school_a, tutor_a):
    claim = claim_with_date_of_birth(school_a, tutor_a)
    now = timezone.now()

    assert refresh_record_check(claim, lookup=RecordService(), now=now) == Refreshed.DONE

    claim.refresh_from_db()
    assert RecordService.asked == [(claim.ect_period.teacher.trn, BORN)]
    assert (claim.qts_awarded_on, claim.trs_induction_status, claim.has_active_prohibition, claim.checked_at, claim.checked_by) == (
        date(2026, 7, 20), "RequiredToComplete", True, now, None)


@pytest.mark.parametrize("answer, outcome", [("down", Refreshed.UNAVAILABLE), ("missing", Refreshed.NOT_FOUND)])
def test_a_service_that_cannot_answer_or_finds_nothing_changes_nothing(school_a, tutor_a, answer, outcome):
    claim = claim_with_date_of_birth(school_a, tutor_a)
    RecordService.answer = answer

    assert refresh_record_check(claim, lookup=RecordService(), now=timezone.now()) == outcome
    claim.refresh_from_db()
    assert claim.checked_at is None


def test_without_the_date_of_birth_nothing_is_asked(school_a, tutor_a):
    claim = register(school_a, tutor_a).claims.get()

    assert refresh_record_check(claim, lookup=RecordService(), now=timezone.now()) == Refreshed.NO_DATE_OF_BIRTH
    assert RecordService.asked == []


def test_the_schedule_asks_a_few_at_a_time_those_read_longest_ago_first(school_a, tutor_a):
    claims = [claim_with_date_of_birth(school_a, tutor_a) for _ in range(3)]
    Claim.objects.filter(pk=claims[0].pk).update(checked_at=timezone.now() - timedelta(days=1))
    Claim.objects.filter(pk=claims[1].pk).update(checked_at=timezone.now() - timedelta(days=3))

    assert refresh_open_claims(lookup=RecordService(), now=timezone.now(), limit=2) == {Refreshed.DONE: 2}

    # The one never read, then the one read three days ago.
    trns = [trn for trn, _ in RecordService.asked]
    assert trns == [claims[2].ect_period.teacher.trn, claims[1].ect_period.teacher.trn]


def test_the_schedule_stops_when_the_service_is_down(school_a, tutor_a):
    for _ in range(3):
        claim_with_date_of_birth(school_a, tutor_a)
    RecordService.answer = "down"

    assert refresh_open_claims(lookup=RecordService(), now=timezone.now(), limit=10) == {Refreshed.UNAVAILABLE: 1}


def test_ab_staff_ask_again_from_the_claims_page(client, school_a, tutor_a, ab_staff):
    claim = claim_with_date_of_birth(school_a, tutor_a)
    client.force_login(ab_staff)
    url = reverse("appropriate_body:claim_detail", args=[claim.public_id])
    assert "Read the teacher record again" in client.get(url).content.decode()

    response = client.post(url, {"action": "refresh"}, follow=True)

    assert "The teacher record was read again" in response.content.decode()
    claim.refresh_from_db()
    assert claim.trs_induction_status == "RequiredToComplete" and claim.has_active_prohibition is True


def test_no_button_without_a_record_service(client, school_a, tutor_a, ab_staff, settings):
    settings.TEACHER_RECORD_LOOKUP = "participants.people.records.ManualTeacherRecords"
    claim = claim_with_date_of_birth(school_a, tutor_a)
    client.force_login(ab_staff)

    page = client.get(reverse("appropriate_body:claim_detail", args=[claim.public_id])).content.decode()
    assert "Read the teacher record again" not in page


def test_a_decided_claim_keeps_the_check_staff_confirmed(school_a, tutor_a):
    claim = claim_with_date_of_birth(school_a, tutor_a)
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.REJECTED)
    claim.refresh_from_db()

    assert refresh_record_check(claim, lookup=RecordService(), now=timezone.now()) == Refreshed.NOT_OPEN
    assert RecordService.asked == []


# --- Inductions under way -------------------------------------------------------------------------


def under_way(school, tutor, ab_staff) -> Induction:
    claim = claim_with_date_of_birth(school, tutor)
    check = RecordCheck(qts_awarded_on=date(2026, 7, 20), induction_status="RequiredToComplete", has_active_prohibition=False)
    accept_claim(claim, check, start_date=date(2026, 9, 1), actor=ab_staff, today=date(2026, 9, 10))
    return Induction.objects.get(teacher=claim.ect_period.teacher)


def test_elig_008_an_induction_under_way_is_read_again_and_a_new_prohibition_heads_the_to_do_list(client, school_a, tutor_a, ab_staff):
    induction = under_way(school_a, tutor_a, ab_staff)
    now = timezone.now()

    assert refresh_inductions(lookup=RecordService(), now=now, limit=5) == {Refreshed.DONE: 1}

    induction.refresh_from_db()
    assert (induction.record_read_at, induction.record_induction_status, induction.record_prohibited) == (now, "RequiredToComplete", True)
    # The check AB staff confirmed when they accepted stays as it was.
    claim = Claim.objects.get(ect_period__teacher=induction.teacher)
    assert (claim.has_active_prohibition, claim.checked_by) == (False, ab_staff)
    # A reading is not a decision: no history row for it.
    assert "record_read_at" not in [f.name for f in Induction.history.model._meta.fields]
    items = todo_list(today=date(2026, 9, 10))
    prohibited = next(item for item in items if item.key == "prohibited")
    assert prohibited.count == 1
    # Only starts that are not ready come before it.
    assert [item.key for item in items].index("prohibited") <= 1
    client.force_login(ab_staff)
    page = client.get(reverse("appropriate_body:case_detail", args=[induction.public_id])).content.decode()
    assert "The record now shows a prohibition" in page and "Required to complete" in page


def test_only_inductions_whose_claim_still_holds_the_date_of_birth_are_read_longest_ago_first(school_a, tutor_a, ab_staff):
    older, newer = under_way(school_a, tutor_a, ab_staff), under_way(school_a, tutor_a, ab_staff)
    erased = under_way(school_a, tutor_a, ab_staff)
    Claim.objects.filter(ect_period__teacher=erased.teacher).update(date_of_birth_sealed="")
    Induction.objects.filter(pk=older.pk).update(record_read_at=timezone.now() - timedelta(days=2))
    Induction.objects.filter(pk=newer.pk).update(record_read_at=timezone.now() - timedelta(days=1))

    assert refresh_inductions(lookup=RecordService(), now=timezone.now(), limit=1) == {Refreshed.DONE: 1}
    assert [trn for trn, _ in RecordService.asked] == [older.teacher.trn]
    refresh_inductions(lookup=RecordService(), now=timezone.now(), limit=5)
    assert erased.teacher.trn not in [trn for trn, _ in RecordService.asked]


def test_the_scheduled_job_reads_open_claims_first_then_inductions_with_what_the_batch_has_left(school_a, tutor_a, ab_staff, settings):
    induction = under_way(school_a, tutor_a, ab_staff)
    claim_with_date_of_birth(school_a, tutor_a)
    settings.TRS_REFRESH_BATCH = 2

    assert refresh_task() == {"claims": {Refreshed.DONE: 1}, "inductions": {Refreshed.DONE: 1}}
    settings.TRS_REFRESH_BATCH = 1
    RecordService.asked = []
    assert refresh_task() == {"claims": {Refreshed.DONE: 1}, "inductions": {}}
    assert induction.teacher.trn not in [trn for trn, _ in RecordService.asked]


# --- A claim holding no date of birth ------------------------------------------------------------


def page_with_date_of_birth(client, claim, born):
    url = reverse("appropriate_body:claim_detail", args=[claim.public_id])
    data = {"action": "read_record", "date_of_birth_day": born.day, "date_of_birth_month": born.month, "date_of_birth_year": born.year}
    return client.post(url, data, follow=True)


def test_ab_staff_give_the_date_of_birth_a_claim_lacks_and_it_reads_the_record_and_is_kept_sealed(client, school_a, tutor_a, ab_staff):
    from hubportal.lib.sealed import unseal

    claim = register(school_a, tutor_a).claims.get()
    client.force_login(ab_staff)
    assert "holds no date of birth" in client.get(reverse("appropriate_body:claim_detail", args=[claim.public_id])).content.decode()

    page = page_with_date_of_birth(client, claim, BORN)

    assert "The teacher record was read again" in page.content.decode()
    claim.refresh_from_db()
    assert (claim.trs_induction_status, claim.checked_by, unseal(claim.date_of_birth_sealed)) == ("RequiredToComplete", None, BORN.isoformat())
    assert RecordService.asked == [(claim.ect_period.teacher.trn, BORN)]


def test_a_date_of_birth_that_finds_no_record_is_refused_on_its_field_and_not_kept(client, school_a, tutor_a, ab_staff):
    claim = register(school_a, tutor_a).claims.get()
    RecordService.answer = "missing"
    client.force_login(ab_staff)

    page = page_with_date_of_birth(client, claim, BORN)

    assert page.context["read_form"].errors["date_of_birth"] == [
        "We cannot find a teacher with this TRN and date of birth. Check the date of birth with the school"]
    claim.refresh_from_db()
    assert (claim.date_of_birth_sealed, claim.checked_at) == ("", None)


def test_no_date_of_birth_box_without_a_service_or_once_the_claim_holds_one(client, school_a, tutor_a, ab_staff, settings):
    held = claim_with_date_of_birth(school_a, tutor_a)
    client.force_login(ab_staff)
    assert "holds no date of birth" not in client.get(reverse("appropriate_body:claim_detail", args=[held.public_id])).content.decode()
    settings.TEACHER_RECORD_LOOKUP = "participants.people.records.ManualTeacherRecords"
    lacking = register(school_a, tutor_a).claims.get()
    assert "holds no date of birth" not in client.get(reverse("appropriate_body:claim_detail", args=[lacking.public_id])).content.decode()
