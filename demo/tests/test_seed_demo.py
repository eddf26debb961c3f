"""The demo hub `manage.py seed_demo` builds (demo.hub), and `manage.py demo_totp`.

The module seeds once (demo/tests/conftest.py); running the command itself, twice, or on a
database that is not empty: test_seed_demo_command.py.
"""

import io
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from appropriate_body.models import Claim, Induction, InductionPeriod, ServiceAgreement
from demo.events import plan_events
from demo.hub import DEMO_LOGINS, DEMO_TOTP_SECRETS, HUB_ROLE_COUNTS, build_plan
from demo.people import DEMO_DOMAIN, DEMO_PASSWORD
from demo.registrations import plan_registrations
from hubportal.lib.dates import academic_year_of
from participants.models import (
    ECTAtSchoolPeriod,
    LeavingReason,
    MentorAtSchoolPeriod,
    Role,
    RoleAssignment,
    School,
    Teacher,
    TeacherTransfer,
    User,
)
from participants.tests.factories import current_totp_code
from privacy.models import PrivacyNotice, PrivacyNoticeReading
from programmes.models import Cohort, CohortStage, EngagementGroup, EngagementRefresh, Enrolment, Event, SchoolEngagement, Strand
from registration.status import ECTStatus, with_status

OPEN = [School.Status.OPEN, School.Status.PROPOSED_TO_CLOSE]


@pytest.fixture(scope="module")
def build_demo(seed):
    return seed


@pytest.fixture
def seeded(demo) -> str:
    """What `manage.py seed_demo` printed when it built this module's demo hub."""
    return demo


def test_one_demo_login_per_role_can_sign_in(seeded):
    assert {login.role for login in DEMO_LOGINS} == set(Role.values)
    for login in DEMO_LOGINS:
        user = authenticate(email=login.email, password=DEMO_PASSWORD)
        assert user is not None, login.email
        assert user.role_assignments.filter(role=login.role).exists()
        assert EmailAddress.objects.filter(user=user, email=login.email, verified=True, primary=True).exists()
        assert login.email in seeded and (login.totp_secret is None or login.totp_secret in seeded)
    assert "manage.py demo_totp" in seeded
    # Everyone else has a verified address but no password to guess.
    others = User.objects.exclude(email__in=[login.email for login in DEMO_LOGINS])
    assert not any(user.has_usable_password() for user in others)
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == User.objects.count()


def test_demo_hub_has_the_planned_people(seeded):
    for role, expected in HUB_ROLE_COUNTS.items():
        assert RoleAssignment.objects.filter(role=role).count() == expected, role
    assert not RoleAssignment.objects.filter(role__in=HUB_ROLE_COUNTS, school__isnull=False).exists()
    assert User.objects.filter(is_superuser=True).count() == HUB_ROLE_COUNTS[Role.HUB_STAFF]
    assert not User.objects.exclude(email__endswith=f"@{DEMO_DOMAIN}").exists()


def test_most_open_schools_have_a_tutor_and_one_tutor_has_two(seeded):
    open_schools = School.objects.filter(status__in=OPEN)
    tutored = open_schools.filter(role_assignments__role=Role.INDUCTION_TUTOR).distinct().count()
    assert 0.75 <= tutored / open_schools.count() <= 0.85
    assert not School.objects.exclude(status__in=OPEN).filter(role_assignments__isnull=False).exists()
    demo_tutor = User.objects.get(email=f"tutor@{DEMO_DOMAIN}")
    assert demo_tutor.role_assignments.filter(role=Role.INDUCTION_TUTOR).count() == 2
    tutors = RoleAssignment.objects.filter(role=Role.INDUCTION_TUTOR)
    assert tutors.values("user").distinct().count() == tutors.count() - 1


def test_demo_staff_have_the_documented_totp_secret(seeded):
    for email, secret in DEMO_TOTP_SECRETS.items():
        authenticator = Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP)
        assert TOTP(authenticator).validate_code(current_totp_code(secret))


def test_the_demo_ab_holds_inductions_at_every_stage(seeded):
    from decimal import Decimal

    from appropriate_body.inductions.absence_schedule import absence_summary
    from appropriate_body.models import Extension

    accepted = Claim.objects.filter(status=Claim.Status.ACCEPTED).count()
    assert Induction.objects.count() == accepted > 100
    assert f"Inductions: {accepted} created for the accepted claims, at every stage." in seeded
    periods = InductionPeriod.objects.all()
    assert periods.filter(finished_on__isnull=True, fte=1).exists() and periods.filter(finished_on__isnull=True, fte__lt=1).exists()
    assert periods.filter(outcome="pass").exists() and periods.filter(outcome="fail", fail_confirmation_sent_on__isnull=False).exists()
    assert periods.filter(finished_on__isnull=False, outcome="").exists()  # released leavers
    assert periods.exclude(other_appropriate_body="").exists()  # transferred in
    assert Extension.objects.filter(terms=Decimal("1.5")).exists()
    absent = Induction.objects.filter(absences__isnull=False).distinct().first()
    assert absence_summary(absent)[0].extension_days == 32
    from appropriate_body.models import Assessment

    assert Assessment.objects.filter(status="submitted").exists()  # done
    assert Assessment.objects.filter(status="not_started", due_on__lt=timezone.localdate()).exists()  # overdue
    assert Assessment.objects.filter(due_on__gte=timezone.localdate()).exists()  # to come


def test_most_tutored_schools_accepted_this_years_ab_agreement(seeded):
    tutored = School.objects.filter(role_assignments__role=Role.INDUCTION_TUTOR).distinct().count()
    signed = ServiceAgreement.objects.count()
    assert 0.6 * tutored < signed < tutored
    demo_tutor = User.objects.get(email="tutor@demo.example.org")
    first = School.objects.filter(role_assignments__user=demo_tutor).order_by("urn").first()
    assert not ServiceAgreement.objects.filter(school=first).exists()


def test_plan_is_deterministic():
    urns = list(range(100000, 100300))
    first, second = build_plan(urns), build_plan(urns)
    assert first == second
    assert len({person.email for person in first.people}) == len(first.people)


def test_seed_demo_prints_events_created(seeded):
    assert f"Events: {Event.objects.count()} conferences and events created" in seeded
    assert Event.objects.count() == len(plan_events(timezone.localdate()))


def test_demo_totp_refuses_without_debug(seeded, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_totp", stdout=io.StringIO())


def test_demo_totp_prints_current_codes(seeded, settings):
    settings.DEBUG = True
    out = io.StringIO()
    before = time.time()
    call_command("demo_totp", stdout=out)
    after = time.time()
    output = out.getvalue()
    for email, secret in DEMO_TOTP_SECRETS.items():
        line = next(line for line in output.splitlines() if line.startswith(email))
        code = line.split()[-1]
        # The 30-second window may turn over while the command runs.
        assert code in {current_totp_code_at(secret, t) for t in (before, after)}, line


def current_totp_code_at(secret: str, at: float) -> str:
    return format_hotp_value(hotp_value(secret, int(at) // 30))


# Registrations (issue 3, item 8) ---------------------------------------------------------------

def statuses(periods) -> set[str]:
    return set(with_status(periods, today=timezone.localdate()).values_list("status", flat=True))


def test_demo_has_registrations_in_every_state_at_one_hubs_scale(seeded):
    assert statuses(ECTAtSchoolPeriod.objects.all()) == set(ECTStatus.values)
    assert 350 <= ECTAtSchoolPeriod.objects.count() <= 500
    assert 250 <= MentorAtSchoolPeriod.objects.count() <= 400
    # Both kinds of "action required": no mentor, and a claim the AB rejected with a reason.
    assert ECTAtSchoolPeriod.objects.filter(mentor__isnull=True, finished_on__isnull=True).exists()
    rejected = Claim.objects.filter(status=Claim.Status.REJECTED)
    assert rejected.exists() and not rejected.filter(status_reason="").exists()
    assert not rejected.filter(decided_at__isnull=True).exists()
    assert not Claim.objects.filter(status=Claim.Status.ACCEPTED, decided_at__isnull=True).exists()
    assert ECTAtSchoolPeriod.objects.filter(leaving_reason=LeavingReason.COMPLETED_INDUCTION).exists()
    # Registrations are only at schools with an induction tutor, who registered them.
    assert not ECTAtSchoolPeriod.objects.exclude(school__role_assignments__role=Role.INDUCTION_TUTOR).exists()
    assert not ECTAtSchoolPeriod.objects.filter(registered_by__isnull=True).exists()
    assert ECTAtSchoolPeriod.history.count() == ECTAtSchoolPeriod.objects.count()


def test_the_demo_tutors_schools_each_have_every_state(seeded):
    tutor = User.objects.get(email=f"tutor@{DEMO_DOMAIN}")
    schools = School.objects.filter(role_assignments__user=tutor, role_assignments__role=Role.INDUCTION_TUTOR)
    assert schools.count() == 2
    for school in schools:
        assert statuses(ECTAtSchoolPeriod.objects.filter(school=school)) == set(ECTStatus.values), school


def test_last_years_ects_are_now_in_year_2(seeded):
    year = timezone.localdate().year if timezone.localdate().month >= 9 else timezone.localdate().year - 1
    ecte = Enrolment.objects.filter(cohort__programme__strand=Strand.ECTE)
    year_2_now = set(ecte.filter(cohort__academic_year=year, cohort__stage=CohortStage.YEAR_2).values_list("teacher", flat=True))
    year_1_before = set(ecte.filter(cohort__academic_year=year - 1, cohort__stage=CohortStage.YEAR_1).values_list("teacher", flat=True))
    assert len(year_2_now) > 100
    assert year_2_now <= year_1_before
    assert ecte.filter(cohort__academic_year=year, cohort__stage=CohortStage.YEAR_1).count() > 150
    # Every active ECT is in an ECTE cohort this year; every mentor has had mentor training.
    active = ECTAtSchoolPeriod.objects.filter(finished_on__isnull=True)
    assert not active.exclude(teacher__enrolments__cohort__academic_year=year).exists()
    assert not MentorAtSchoolPeriod.objects.exclude(teacher__enrolments__cohort__programme__strand=Strand.ECTE_MENTOR).exists()


def test_demo_ect_and_mentor_logins_are_real_registrations(seeded):
    tutor = User.objects.get(email=f"tutor@{DEMO_DOMAIN}")
    ect_period = ECTAtSchoolPeriod.objects.get(teacher__user__email=f"ect@{DEMO_DOMAIN}")
    mentor_period = MentorAtSchoolPeriod.objects.get(teacher__user__email=f"mentor@{DEMO_DOMAIN}")
    assert ect_period.school.role_assignments.filter(user=tutor, role=Role.INDUCTION_TUTOR).exists()
    assert ect_period.mentor == mentor_period
    assert statuses(ECTAtSchoolPeriod.objects.filter(pk=ect_period.pk)) == {ECTStatus.REGISTERED}
    assert ect_period.teacher.full_name == "Ellie Evans" and mentor_period.teacher.email == f"mentor@{DEMO_DOMAIN}"
    # Most other ECT and mentor accounts are registrations too; a teacher's email is their account's.
    linked = Teacher.objects.filter(user__isnull=False)
    assert linked.count() >= HUB_ROLE_COUNTS[Role.ECT] + HUB_ROLE_COUNTS[Role.MENTOR] - 10
    assert all(email == login for email, login in linked.values_list("email", "user__email"))


def test_registration_plan_is_deterministic():
    from datetime import date

    from demo.people import Person

    kwargs = dict(
        ect_people=[Person(f"e{n}@x.example.org", "E", str(n)) for n in range(20)],
        mentor_people=[Person(f"m{n}@x.example.org", "M", str(n)) for n in range(20)],
        taken=set(), lead_providers=["Teach First", "Ambition Institute"], today=date(2026, 11, 24),
    )
    urns = list(range(100000, 100100))
    first = plan_registrations(urns, urns[:2], **kwargs)
    second = plan_registrations(urns, urns[:2], **kwargs)
    assert first == second
    trns = [ect.teacher.trn for ect in first.ects] + [mentor.teacher.trn for mentor in first.mentors]
    assert len(set(trns)) == len(trns)
    assert first.ects[0].teacher.user_email == "e0@x.example.org" and first.mentors[0].teacher.user_email == "m0@x.example.org"


def test_a_move_waits_for_the_demo_tutors_answer_and_the_ab_sees_it(seeded, client):
    assert "Moves: 1 ECT asked for by another school" in seeded
    move = TeacherTransfer.objects.get()
    tutor = User.objects.get(email=next(login.email for login in DEMO_LOGINS if login.role == Role.INDUCTION_TUTOR))
    assert move.status == TeacherTransfer.Status.PENDING and move.email_state == TeacherTransfer.EmailState.SENT
    assert RoleAssignment.objects.filter(user=tutor, role=Role.INDUCTION_TUTOR, school=move.from_school).exists()
    client.force_login(tutor)
    page = client.get(reverse("participants:ect_list", args=[move.from_school.urn])).content.decode()
    assert reverse("participants:transfer", args=[move.from_school.urn, move.public_id]) in page
    client.force_login(User.objects.get(email=next(login.email for login in DEMO_LOGINS if login.role == Role.AB_STAFF)))
    assert move.teacher.last_name in client.get(reverse("appropriate_body:todo")).content.decode()


def test_the_demo_publishes_a_privacy_notice_every_demo_person_has_seen(seeded, client):
    notice = PrivacyNotice.objects.get()
    hub_login = next(login for login in DEMO_LOGINS if login.role == Role.HUB_STAFF)
    assert (notice.version, notice.published_by.email) == (1, hub_login.email)
    assert PrivacyNoticeReading.objects.filter(notice=notice).count() == User.objects.count()
    # So a demo login signs in straight to their home page, not to the notice.
    client.force_login(User.objects.get(email=next(login.email for login in DEMO_LOGINS if login.role == Role.ECT)))
    assert client.get(reverse("home")).status_code == 200


def test_the_demo_keeps_its_insight_figures_from_the_start(seeded):
    # As the beat job refreshes them (last, this and next year): the pages' first look waits for nothing.
    this_year = academic_year_of(timezone.localdate())
    assert sorted(EngagementRefresh.objects.values_list("academic_year", flat=True)) == [this_year - 1, this_year, this_year + 1]
    assert SchoolEngagement.objects.filter(academic_year=this_year).count() == School.objects.filter(status__in=OPEN).count()
    assert SchoolEngagement.objects.filter(academic_year=this_year, enrolled=True).exists()
    assert EngagementGroup.objects.filter(academic_year=this_year).exists()
    # Every cohort's tally too, as the Programmes page reads them.
    assert not Cohort.objects.filter(tally__isnull=True).exists()


def test_the_demo_has_data_requests_waiting_and_claims_to_hand_over_to_riab(seeded, client):
    from appropriate_body.models import Claim
    from demo.trs import demo_trs_persons
    from hubportal.lib.sealed import unseal
    from privacy.models import DataRequest

    ect_login = next(login.email for login in DEMO_LOGINS if login.role == Role.ECT)
    assert set(DataRequest.objects.values_list("kind", flat=True)) == {"access", "erasure"}
    assert DataRequest.objects.get(kind="access").email == ect_login
    # The dates sealed on the claims are the ones the TRS stand-in holds, so the record can be read again.
    born = {person["trn"]: person["dateOfBirth"] for person in demo_trs_persons(today=timezone.localdate()) if "dateOfBirth" in person}
    claim = Claim.objects.exclude(date_of_birth_sealed="").select_related("ect_period__teacher").first()
    assert unseal(claim.date_of_birth_sealed) == born[claim.ect_period.teacher.trn]
    client.force_login(User.objects.get(email=next(login.email for login in DEMO_LOGINS if login.role == Role.AB_STAFF)))
    page = client.get(reverse("appropriate_body:riab")).content.decode()
    assert reverse("appropriate_body:riab_claims_csv") in page
    client.force_login(User.objects.get(email=next(login.email for login in DEMO_LOGINS if login.role == Role.HUB_STAFF)))
    assert ect_login in client.get(reverse("privacy:request_list")).content.decode()


def test_the_demo_ab_has_fidelity_checks_and_a_concern_to_follow_up(seeded, client):
    from appropriate_body.models import Concern, FidelityCheck
    from hubportal.lib.dates import academic_year_of

    year = academic_year_of(timezone.localdate())
    assert sorted(FidelityCheck.objects.filter(academic_year=year).values_list("status", flat=True)) == ["completed", "planned"]
    concern = Concern.objects.get()
    client.force_login(User.objects.get(email=next(login.email for login in DEMO_LOGINS if login.role == Role.AB_STAFF)))
    assert 'id="todo-concerns-count">1<' in client.get(reverse("appropriate_body:todo")).content.decode()
    assert reverse("appropriate_body:concern_detail", args=[concern.public_id]) in client.get(
        reverse("appropriate_body:case_detail", args=[concern.induction.public_id])).content.decode()


def test_the_demo_ab_has_returned_reports_a_reduction_awaiting_consent_and_a_busy_week(seeded, client):
    from appropriate_body.models import AssessmentStatus, LengthRequest, ReportReview, WorkAssignment
    from appropriate_body.qa.workload import forecast

    returned = ReportReview.objects.filter(outcome="returned").select_related("assessment__induction_period__school")
    assert returned.count() == 2 and {review.assessment.status for review in returned} == {AssessmentStatus.RETURNED}
    request = LengthRequest.objects.get()
    assert (request.kind, request.status) == ("reduction", "awaiting_ect")
    ab_staff = User.objects.get(email=next(login.email for login in DEMO_LOGINS if login.role == Role.AB_STAFF))
    today = timezone.localdate()
    assert any(week.is_peak for week in forecast(today=today))
    assert WorkAssignment.objects.filter(assignee=ab_staff).count() == 6
    # The ECT is asked on their own induction page; the school's tutors see what the AB returned.
    client.force_login(request.induction.teacher.user)
    assert "Do you consent to this reduction?" in client.get(reverse("appropriate_body:my_induction")).content.decode()
    client.force_login(ab_staff)
    assert client.get(reverse("appropriate_body:workload")).status_code == 200
