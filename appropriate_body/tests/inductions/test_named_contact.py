"""REGN-004: the ECT's named contact at the AB, given when the claim is accepted and kept apart from assessors (DP-003)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from appropriate_body.claims.claims import accept_claim
from appropriate_body.inductions.contacts import NOT_AB_STAFF, set_named_contact
from appropriate_body.inductions.periods import release
from appropriate_body.models import Claim, Induction, InductionPeriod
from appropriate_body.tests.factories import GOOD, ect_account
from appropriate_body.tests.pages import accept_post
from demo.inductions import seed_demo_inductions
from participants.accounts.roles import grant_role
from participants.models import ECTAtSchoolPeriod, Teacher
from participants.tests.factories import Role, user_with_role
from registration.ects import register_ect
from registration.tests.factories import ect_details, mentor_details, register

pytestmark = pytest.mark.django_db

TODAY = date(2026, 9, 10)
INVOLVED = "is involved in this ECT's induction at their school, so cannot be their named contact"


@pytest.fixture
def second_ab(db):
    return user_with_role(Role.AB_STAFF, email="ab.two@example.org", first_name="Bea", last_name="Second")


@pytest.fixture
def claim(school_a, tutor_a):
    return register(school_a, tutor_a, first_name="Ada", last_name="Lovelace").claims.get()


def accepted(claim, ab_staff, **contact) -> Induction:
    accept_claim(claim, GOOD, start_date=date(2026, 9, 1), actor=ab_staff, today=TODAY, **contact)
    return Induction.objects.get(teacher_id=claim.ect_period.teacher_id)


def claimed_again(claim, ab_staff, school) -> Claim:
    """Released at the end of October, then registered at another school: a new claim for the same teacher."""
    period = InductionPeriod.objects.get(claim=claim)
    release(period, finished_on=date(2026, 10, 31), number_of_terms=Decimal("0.5"), actor=ab_staff, today=date(2026, 11, 1))
    old = claim.ect_period
    ECTAtSchoolPeriod.objects.filter(pk=old.pk).update(finished_on=date(2026, 10, 31))
    moved = ECTAtSchoolPeriod.objects.create(teacher=old.teacher, school=school, started_on=date(2026, 11, 2),
                                             working_pattern=old.working_pattern, training_programme=old.training_programme)
    return Claim.objects.create(ect_period=moved, proposed_start_date=date(2026, 11, 2), training_programme=old.training_programme)


def case_url(name, induction):
    return reverse(f"appropriate_body:{name}", kwargs={"induction": induction.public_id})


# --- The domain ------------------------------------------------------------------------------


def test_regn_004_accepting_names_the_ab_staff_member_who_accepts(claim, ab_staff):
    induction = accepted(claim, ab_staff)
    assert induction.named_contact == ab_staff
    assert induction.history.first().history_user == ab_staff


def test_regn_004_a_chosen_contact_is_named(claim, ab_staff, second_ab):
    assert accepted(claim, ab_staff, named_contact=second_ab).named_contact == second_ab


@pytest.mark.parametrize("who", ["tutor_b", "hub_staff", "ect", "inactive_ab"])
def test_regn_004_someone_not_ab_staff_is_refused_on_the_field_and_nothing_is_saved(claim, cast, ab_staff, who):
    contact = cast.get(who) or user_with_role(Role.AB_STAFF, email="left@example.org", is_active=False)
    with pytest.raises(ValidationError) as refused:
        accept_claim(claim, GOOD, start_date=date(2026, 9, 1), actor=ab_staff, today=TODAY, named_contact=contact)
    assert refused.value.message_dict == {"named_contact": [NOT_AB_STAFF]}
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING and not Induction.objects.exists()


@pytest.mark.parametrize("school_role", [Role.INDUCTION_TUTOR, Role.HEADTEACHER])
def test_dp_003_ab_staff_who_also_assess_the_ect_at_their_school_are_refused(claim, school_a, ab_staff, second_ab, school_role):
    grant_role(second_ab, school_role, school=school_a)
    with pytest.raises(ValidationError) as refused:
        accepted(claim, ab_staff, named_contact=second_ab)
    assert refused.value.message_dict == {"named_contact": [f"Bea Second {INVOLVED}"]}


def test_dp_003_the_ects_own_mentor_is_refused_even_as_ab_staff(school_a, tutor_a, ab_staff, second_ab):
    period = register_ect(school_a, ect_details(), actor=tutor_a, today=date(2026, 8, 20), new_mentor=mentor_details()).period
    Teacher.objects.filter(pk=period.mentor.teacher_id).update(user=second_ab)
    with pytest.raises(ValidationError) as refused:
        accepted(period.claims.get(), ab_staff, named_contact=second_ab)
    assert refused.value.message_dict == {"named_contact": [f"Bea Second {INVOLVED}"]}


def test_regn_004_a_transfer_keeps_the_contact_the_ect_already_has(claim, school_b, ab_staff, second_ab):
    induction = accepted(claim, ab_staff, named_contact=second_ab)
    again = claimed_again(claim, ab_staff, school_b)
    accept_claim(again, GOOD, start_date=date(2026, 11, 2), actor=ab_staff, today=date(2026, 11, 2))
    induction.refresh_from_db()
    assert induction.named_contact == second_ab and induction.periods.count() == 2


def test_changing_the_contact_records_who_changed_it(claim, ab_staff, second_ab):
    induction = accepted(claim, ab_staff)
    set_named_contact(induction, contact=second_ab, actor=second_ab)
    latest = induction.history.first()
    assert (latest.named_contact_id, latest.history_user) == (second_ab.pk, second_ab)
    with pytest.raises(ValidationError) as refused:
        set_named_contact(induction, contact=user_with_role(Role.MENTOR, email="m2@example.org"), actor=ab_staff)
    assert refused.value.message_dict == {"named_contact": [NOT_AB_STAFF]}


def test_the_demo_ects_have_the_demo_ab_login_as_contact(school_a, tutor_a, ab_staff):
    claim = register(school_a, tutor_a, email="erin@demo.example.org").claims.get()
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.ACCEPTED)
    assert seed_demo_inductions(today=TODAY, ab_staff=ab_staff) == 1
    assert Induction.objects.get().named_contact == ab_staff


# --- Accepting on the claim page --------------------------------------------------------------


def test_the_accept_form_offers_ab_staff_with_the_accepting_one_chosen(client, claim, ab_staff, second_ab, tutor_a):
    client.force_login(ab_staff)
    page = client.get(reverse("appropriate_body:claim_detail", args=[claim.public_id]))
    field = page.context["accept_form"]["named_contact"]
    assert "Named contact for the ECT" in page.content.decode()
    assert field.value() == ab_staff.pk
    assert set(field.field.queryset) == {ab_staff, second_ab}


def test_a_contact_chosen_on_the_claim_page_is_named(client, claim, ab_staff, second_ab):
    client.force_login(ab_staff)
    client.post(reverse("appropriate_body:claim_detail", args=[claim.public_id]), accept_post(named_contact=second_ab.pk))
    assert Induction.objects.get().named_contact == second_ab


def test_a_user_not_ab_staff_is_refused_on_the_claim_page(client, claim, ab_staff, tutor_a):
    client.force_login(ab_staff)
    response = client.post(reverse("appropriate_body:claim_detail", args=[claim.public_id]), accept_post(named_contact=tutor_a.pk))
    assert response.context["form"].errors["named_contact"] == [NOT_AB_STAFF]
    assert "<title>Error: " in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


def test_an_involved_contact_is_refused_on_the_claim_page(client, claim, school_a, ab_staff, second_ab):
    grant_role(second_ab, Role.INDUCTION_TUTOR, school=school_a)
    client.force_login(ab_staff)
    response = client.post(reverse("appropriate_body:claim_detail", args=[claim.public_id]), accept_post(named_contact=second_ab.pk))
    assert response.context["form"].errors["named_contact"] == [f"Bea Second {INVOLVED}"]


def test_a_transferring_ects_claim_page_names_their_contact_instead_of_asking(client, claim, school_b, ab_staff, second_ab):
    accepted(claim, ab_staff, named_contact=second_ab)
    again = claimed_again(claim, ab_staff, school_b)
    client.force_login(ab_staff)
    page = client.get(reverse("appropriate_body:claim_detail", args=[again.public_id]))
    assert "named_contact" not in page.context["accept_form"].fields
    assert "Named contact for the ECT: Bea Second. They keep the contact they already have" in page.content.decode()


# --- Changing it on the case page -------------------------------------------------------------


def test_the_case_page_shows_the_contact_and_changes_it(client, claim, ab_staff, second_ab):
    induction = accepted(claim, ab_staff)
    client.force_login(ab_staff)
    page = client.get(case_url("case_detail", induction)).content.decode()
    assert "Named contact" in page and "Abel Body" in page and case_url("case_named_contact", induction) in page
    response = client.post(case_url("case_named_contact", induction), {"named_contact": second_ab.pk}, follow=True)
    assert "Bea Second (ab.two@example.org) is now the named contact for Ada Lovelace." in response.content.decode()
    induction.refresh_from_db()
    assert induction.named_contact == second_ab
    assert induction.history.first().history_user == ab_staff


def test_the_case_page_refuses_someone_not_ab_staff_beside_the_choice(client, claim, ab_staff, tutor_a):
    induction = accepted(claim, ab_staff)
    client.force_login(ab_staff)
    response = client.post(case_url("case_named_contact", induction), {"named_contact": tutor_a.pk})
    assert response.status_code == 200
    assert response.context["contact_form"].errors["named_contact"] == [NOT_AB_STAFF]
    assert "<title>Error: " in response.content.decode() and "There is a problem" in response.content.decode()
    induction.refresh_from_db()
    assert induction.named_contact == ab_staff


def test_the_case_page_refuses_an_involved_contact(client, claim, school_a, ab_staff, second_ab):
    induction = accepted(claim, ab_staff)
    grant_role(second_ab, Role.HEADTEACHER, school=school_a)
    client.force_login(ab_staff)
    response = client.post(case_url("case_named_contact", induction), {"named_contact": second_ab.pk})
    assert response.context["contact_form"].errors["named_contact"] == [f"Bea Second {INVOLVED}"]


@pytest.mark.parametrize("role", ["anonymous", "ab_staff", "tutor_a", "ect"])
def test_changing_is_post_only(client, cast, claim, ab_staff, role):
    induction = accepted(claim, ab_staff)
    if cast[role]:
        client.force_login(cast[role])
    assert client.get(case_url("case_named_contact", induction)).status_code == 405


def test_anonymous_is_sent_to_sign_in(client, claim, ab_staff, second_ab):
    induction = accepted(claim, ab_staff)
    response = client.post(case_url("case_named_contact", induction), {"named_contact": second_ab.pk})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", ["hub_staff", "tutor_a", "headteacher_a", "ect", "mentor", "no_role"])
def test_only_ab_staff_change_it_and_others_get_404(client, cast, claim, ab_staff, second_ab, role):
    induction = accepted(claim, ab_staff)
    client.force_login(cast[role])
    assert client.post(case_url("case_named_contact", induction), {"named_contact": second_ab.pk}).status_code == 404
    induction.refresh_from_db()
    assert induction.named_contact == ab_staff


# --- What the ECT and their school see --------------------------------------------------------


def test_the_ect_sees_their_named_contact_and_what_it_is_for(client, claim, ab_staff, second_ab):
    induction = accepted(claim, ab_staff, named_contact=second_ab)
    client.force_login(ect_account(induction.periods.get()))
    page = client.get(reverse("appropriate_body:my_induction")).content.decode()
    assert "Your named contact" in page and "Bea Second" in page and 'href="mailto:ab.two@example.org"' in page
    assert "someone at the appropriate body who is not involved in assessing you" in page


def test_another_ect_does_not_see_that_contact(client, claim, school_a, tutor_a, ab_staff, second_ab, ect):
    accepted(claim, ab_staff, named_contact=second_ab)
    other = accepted(register(school_a, tutor_a, first_name="Ben", last_name="Jonson").claims.get(), ab_staff)
    client.force_login(ect_account(other.periods.get()))
    page = client.get(reverse("appropriate_body:my_induction")).content.decode()
    assert "Abel Body" in page and "ab.two@example.org" not in page
    # An ECT with no induction record yet sees nobody's contact.
    client.force_login(ect)
    page = client.get(reverse("appropriate_body:my_induction")).content.decode()
    assert "ab.staff@example.org" not in page and "ab.two@example.org" not in page


def test_the_schools_tutor_sees_each_ects_contact(client, claim, school_a, tutor_a, ab_staff, second_ab):
    accepted(claim, ab_staff, named_contact=second_ab)
    client.force_login(tutor_a)
    page = client.get(reverse("appropriate_body:school_inductions", args=[school_a.urn])).content.decode()
    assert "named contact at the appropriate body: Bea Second (ab.two@example.org)" in page
