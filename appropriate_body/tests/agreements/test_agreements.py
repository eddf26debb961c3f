"""Service agreements (AB-007, ABD-013): the terms that apply, accepting them, and renewal reminders to hub staff."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from appropriate_body.agreements.agreements import (
    Status,
    accept_agreement,
    agreement_status,
    current_terms,
    ending_agreements,
    next_terms,
    publish_terms,
    queue_renewal_reminders,
    schools_with_status,
)
from appropriate_body.agreements.emails import renewal_reminder_message
from appropriate_body.models import AgreementTerms, RenewalReminder, RenewalReminderItem, ServiceAgreement
from participants.models import School
from participants.tests.factories import Role, SchoolFactory, user_with_role

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
AUTUMN = date(2026, 11, 24)
# Within 30 days of 2026/27's end on 31 August 2027 (the renewal window opens on 1 August).
IN_WINDOW = date(2027, 8, 5)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=LONDON)


@pytest.fixture
def terms_2026(db):
    return publish_terms(2026, provider_led_fee=Decimal("150.00"), school_led_fee=Decimal("320.00"))


@pytest.fixture
def terms_2027(db):
    return publish_terms(2027, provider_led_fee=Decimal("155.00"), school_led_fee=Decimal("330.00"))


def accept(school, terms, actor, day=AUTUMN, **answers):
    answers = {"signatory_name": "Helen Head", "job_title": "Headteacher", **answers}
    return accept_agreement(school, terms, actor=actor, now=at(day), **answers)


def test_published_terms_run_from_1_september_to_31_august(terms_2026):
    assert (terms_2026.valid_from, terms_2026.valid_until) == (date(2026, 9, 1), date(2027, 8, 31))
    assert terms_2026.label == "2026/27"
    assert "The school will" in terms_2026.terms_text


def test_current_and_next_terms(terms_2026, terms_2027):
    assert current_terms(AUTUMN) == terms_2026
    assert next_terms(AUTUMN) == terms_2027
    assert current_terms(date(2027, 8, 31)) == terms_2026
    assert current_terms(date(2027, 9, 1)) == terms_2027
    assert next_terms(date(2027, 9, 1)) is None
    assert current_terms(date(2026, 8, 31)) is None


def test_accepting_records_the_signatory_and_who_accepted(terms_2026, school_a, tutor_a):
    agreement = accept(school_a, terms_2026, tutor_a, signatory_name="  Helen Head ", job_title=" Headteacher ")
    agreement.refresh_from_db()
    assert (agreement.school, agreement.terms) == (school_a, terms_2026)
    assert (agreement.signatory_name, agreement.signatory_job_title) == ("Helen Head", "Headteacher")
    assert agreement.accepted_by == tutor_a
    assert agreement.accepted_at == at(AUTUMN)
    record = agreement.history.get()
    assert record.history_type == "+"
    assert record.history_user == tutor_a


def test_accepting_needs_a_name_and_a_job_title(terms_2026, school_a, tutor_a):
    with pytest.raises(ValidationError) as refused:
        accept(school_a, terms_2026, tutor_a, signatory_name=" ", job_title="")
    assert refused.value.message_dict == {
        "signatory_name": ["Enter the full name of the person accepting the agreement"],
        "job_title": ["Enter their job title, for example headteacher"],
    }
    assert not ServiceAgreement.objects.exists()


def test_a_school_accepts_each_years_terms_once(terms_2026, school_a, tutor_a, hub_staff):
    accept(school_a, terms_2026, tutor_a)
    with pytest.raises(ValidationError) as refused:
        accept(school_a, terms_2026, hub_staff, signatory_name="Someone Else")
    assert refused.value.messages == ["Alder Primary School has already accepted the 2026/27 agreement"]
    assert ServiceAgreement.objects.get().signatory_name == "Helen Head"


def test_a_double_submit_that_races_past_the_check_is_stopped_by_the_constraint(terms_2026, school_a, tutor_a):
    accept(school_a, terms_2026, tutor_a)
    # The second request checked before the first saved: only the unique constraint is left to stop it.
    with mock.patch("django.db.models.query.QuerySet.exists", return_value=False), pytest.raises(ValidationError) as refused:
        accept(school_a, terms_2026, tutor_a)
    assert refused.value.messages == ["Alder Primary School has already accepted the 2026/27 agreement"]
    assert ServiceAgreement.objects.count() == 1


def test_only_this_years_and_next_years_terms_can_be_accepted(terms_2026, terms_2027, school_a, tutor_a):
    old = AgreementTerms.objects.create(academic_year=2025, provider_led_fee=100, school_led_fee=200,
                                        valid_from=date(2025, 9, 1), valid_until=date(2026, 8, 31))
    later = publish_terms(2028, provider_led_fee=Decimal(160), school_led_fee=Decimal(340))
    for terms in (old, later):
        with pytest.raises(ValidationError) as refused:
            accept(school_a, terms, tutor_a)
        assert refused.value.messages == [f"The {terms.label} terms are not open for acceptance"]
    accept(school_a, terms_2027, tutor_a)
    assert list(ServiceAgreement.objects.values_list("terms__academic_year", flat=True)) == [2027]


def test_status_not_signed_signed_then_expiring_then_renewed(terms_2026, terms_2027, school_a, tutor_a):
    assert agreement_status(school_a, AUTUMN).status == Status.NOT_SIGNED
    accept(school_a, terms_2026, tutor_a)
    status = agreement_status(school_a, AUTUMN)
    assert (status.status, status.current_agreement.signatory_name, status.offers_next_terms) == (Status.SIGNED, "Helen Head", False)
    assert agreement_status(school_a, date(2027, 7, 31)).status == Status.SIGNED
    expiring = agreement_status(school_a, date(2027, 8, 1))
    assert (expiring.status, expiring.in_renewal_window, expiring.offers_next_terms) == (Status.EXPIRING, True, True)
    accept(school_a, terms_2027, tutor_a, day=date(2027, 8, 1))
    assert agreement_status(school_a, date(2027, 8, 1)).status == Status.SIGNED
    assert agreement_status(school_a, date(2027, 9, 1)).status == Status.SIGNED


def test_the_lists_status_matches_each_schools(terms_2026, terms_2027, school_a, school_b, tutor_a):
    renewed = SchoolFactory(name="Cedar School")
    SchoolFactory(name="Closed School", status=School.Status.CLOSED)
    accept(school_a, terms_2026, tutor_a)
    accept(renewed, terms_2026, tutor_a)
    accept(renewed, terms_2027, tutor_a, day=IN_WINDOW)
    for day in (AUTUMN, IN_WINDOW):
        annotated = {school.name: school.agreement_status for school in schools_with_status(day)}
        assert "Closed School" not in annotated
        assert annotated == {s.name: agreement_status(s, day).status for s in School.objects.exclude(status="closed")}
    assert {s.name: s.agreement_status for s in schools_with_status(IN_WINDOW)} == {
        "Alder Primary School": Status.EXPIRING, "Birch Academy": Status.NOT_SIGNED, "Cedar School": Status.SIGNED}


@pytest.fixture
def due_schools(terms_2026, terms_2027, school_a, school_b, tutor_a):
    """School A and B accepted 2026/27; B has also accepted 2027/28."""
    accept(school_a, terms_2026, tutor_a)
    accept(school_b, terms_2026, tutor_a)
    accept(school_b, terms_2027, tutor_a, day=IN_WINDOW)
    return school_a, school_b


def test_schools_needing_renewal_are_those_in_the_window_without_next_years(due_schools):
    school_a, _ = due_schools

    def schools(day):
        return [agreement.school for agreement in ending_agreements(day)]

    assert schools(AUTUMN) == []
    assert schools(date(2027, 7, 31)) == []
    assert schools(IN_WINDOW) == [school_a]
    assert schools(date(2027, 9, 1)) == []


def test_hub_staff_get_one_reminder_naming_each_due_school_once(due_schools, hub_staff, django_capture_on_commit_callbacks):
    second_hub = user_with_role(Role.HUB_STAFF, email="second.hub@example.org")
    school_a, _ = due_schools
    assert queue_renewal_reminders(AUTUMN) == 0
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_renewal_reminders(IN_WINDOW) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == [hub_staff.email, second_hub.email]
    assert message.subject == "Service agreements ending 31 August 2027: 1 school not renewed"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "1 school has a 2026/27 appropriate body service agreement ending on 31 August 2027" in message.body
    assert "not accepted the 2027/28 terms yet" in message.body
    assert "Alder Primary School (URN 110001), signed last by Helen Head, Headteacher" in message.body
    assert "/schools/110001/ab-agreement/" in message.body
    assert "Birch Academy" not in message.body
    html = message.alternatives[0][0]
    assert "Alder Primary School</a>" in html and "/ab/agreements/?status=expiring" in html
    item = RenewalReminderItem.objects.get()
    assert item.agreement.school == school_a
    assert RenewalReminder.objects.get().email_state == "sent"

    # Every later run (a retry, tomorrow's job) names nobody again and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_renewal_reminders(IN_WINDOW) == 0
        assert queue_renewal_reminders(IN_WINDOW + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    assert RenewalReminder.objects.count() == 1


def test_a_school_newly_due_later_gets_its_own_reminder(due_schools, hub_staff, terms_2026, tutor_a):
    queue_renewal_reminders(IN_WINDOW)
    late = SchoolFactory(name="Late School")
    accept(late, terms_2026, tutor_a, day=IN_WINDOW)  # Accepted this year's terms in its last days.
    assert queue_renewal_reminders(IN_WINDOW + timedelta(days=1)) == 1
    assert len(mail.outbox) == 2
    assert "Late School" in mail.outbox[1].body and "Alder Primary School" not in mail.outbox[1].body


def test_without_hub_staff_the_reminder_goes_to_the_hub_contact_address(due_schools, settings):
    settings.HUB_CONTACT_EMAIL = "ab@hub.example.org"
    queue_renewal_reminders(IN_WINDOW)
    assert mail.outbox[0].to == ["ab@hub.example.org"]


def test_the_reminder_says_when_next_years_terms_are_missing(terms_2026, school_a, tutor_a, hub_staff):
    accept(school_a, terms_2026, tutor_a)
    queue_renewal_reminders(IN_WINDOW)
    body = mail.outbox[0].body
    assert "not accepted next year's terms yet" in body
    assert "Next year's terms are not published yet" in body and "/admin/appropriate_body/agreementterms/add/" in body


def test_a_school_that_renews_before_the_email_goes_is_left_out(due_schools, terms_2027, tutor_a, hub_staff):
    school_a, _ = due_schools
    with mock.patch("appropriate_body.agreements.emails.send_renewal_reminders.delay"):
        queue_renewal_reminders(IN_WINDOW)
    reminder = RenewalReminder.objects.get()
    accept(school_a, terms_2027, tutor_a, day=IN_WINDOW)
    assert renewal_reminder_message(reminder.pk, today=IN_WINDOW) is None


def test_queueing_reminders_takes_the_same_queries_for_many_schools(terms_2026, tutor_a, hub_staff, django_assert_max_num_queries):
    for _ in range(2):
        accept(SchoolFactory(), terms_2026, tutor_a)
    with mock.patch("appropriate_body.agreements.emails.send_renewal_reminders.delay"), django_assert_max_num_queries(20) as few:
        queue_renewal_reminders(IN_WINDOW)
    for _ in range(40):
        accept(SchoolFactory(), terms_2026, tutor_a)
    with mock.patch("appropriate_body.agreements.emails.send_renewal_reminders.delay"), django_assert_max_num_queries(len(few.captured_queries)):
        assert queue_renewal_reminders(IN_WINDOW + timedelta(days=1)) == 40
