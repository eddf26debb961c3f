"""People and what they took part in: accounts, account invitations, enrolments and moves between schools."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import make_password
from django.db.models import Exists, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest, TruncDate

from participants.models import (
    ECTAtSchoolPeriod,
    HeadteacherConfirmation,
    Invitation,
    MentorAtSchoolPeriod,
    Role,
    RoleAssignment,
    Teacher,
    TeacherTransfer,
    User,
)
from privacy.models import PrivacyNoticeReading
from privacy.retention.deleting import delete_records, forget_history, ids_of
from privacy.retention.rules.events import anonymous_email
from privacy.retention.schedule import Action, Rule, day_start
from programmes.models import CalendarFeed, Enrolment, Placement, Strand

FINISHED_ENROLMENTS = [Enrolment.Status.DECLINED, Enrolment.Status.WITHDRAWN, Enrolment.Status.COMPLETED]


def finished_enrolments(cutoff: date):
    return (
        Enrolment.objects.filter(reduced_on__isnull=True, status__in=FINISHED_ENROLMENTS)
        .annotate(finished=Coalesce("outcome_on", TruncDate("decided_at"), TruncDate("created_at")))
        .filter(finished__lt=cutoff)
    )


def reduce_enrolments(ids: Sequence[int], today: date) -> None:
    Placement.objects.filter(enrolment__in=ids).delete()
    forget_history(Enrolment, ids)
    Enrolment.objects.filter(pk__in=ids).update(status_reason="", nominated_by=None, reduced_on=today)


def unused_accounts(cutoff: date):
    # Superusers run the portal itself: closing theirs would lock the hub out of its own admin.
    return (
        User.objects.filter(anonymised_on__isnull=True, is_superuser=False)
        .annotate(last_seen=Coalesce(TruncDate("last_login"), TruncDate("date_joined")))
        .filter(last_seen__lt=cutoff)
    )


def close_accounts(ids: Sequence[int], today: date) -> None:
    """The account stays as a row (records name who signed or decided them) with nothing that says who."""
    EmailAddress.objects.filter(user__in=ids).delete()
    Authenticator.objects.filter(user__in=ids).delete()
    RoleAssignment.objects.filter(user__in=ids).delete()
    CalendarFeed.objects.filter(user__in=ids).delete()
    # Which privacy notice they saw goes with the account (privacy.models.notice).
    PrivacyNoticeReading.objects.filter(user__in=ids).delete()
    User.objects.filter(pk__in=ids).update(
        first_name="", last_name="", email=anonymous_email("account", "public_id"),
        password=make_password(None), is_active=False, is_staff=False, anonymised_on=today,
    )


def stand_in_trn(pk: int) -> str:
    """Not a TRN the TRA issues (those are seven digits): unique per row, and plainly a stand-in."""
    digits, n = "", pk
    while n:
        n, d = divmod(n, 36)
        digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[d] + digits
    return "X" + digits.rjust(6, "0")


def anonymise_teachers(ids: Sequence[int], today: date) -> None:
    """The teacher row stays (their periods and enrolments still count in the hub's figures), naming nobody."""
    periods = ECTAtSchoolPeriod.objects.filter(teacher__in=ids)
    forget_history(ECTAtSchoolPeriod, ids_of(periods))
    periods.update(leaving_note="")
    forget_history(MentorAtSchoolPeriod, ids_of(MentorAtSchoolPeriod.objects.filter(teacher__in=ids)))
    forget_history(Teacher, ids)
    for teacher in Teacher.objects.filter(pk__in=ids):
        teacher.trn = stand_in_trn(teacher.pk)
        teacher.first_name, teacher.last_name, teacher.corrected_name = "Erased", "person", ""
        teacher.email, teacher.user, teacher.erased_on = "", None, today
        teacher.save_without_historical_record()


def teachers_long_gone(cutoff: date):
    """Teachers the hub holds nothing statutory about, gone from its schools and programmes since before `cutoff`."""
    open_period = (Exists(ECTAtSchoolPeriod.objects.filter(teacher=OuterRef("pk"), finished_on__isnull=True))
                   | Exists(MentorAtSchoolPeriod.objects.filter(teacher=OuterRef("pk"), finished_on__isnull=True)))
    kept = (Exists(Enrolment.objects.filter(teacher=OuterRef("pk"), reduced_on__isnull=True))
            | Exists(Enrolment.objects.filter(teacher=OuterRef("pk"), cohort__programme__strand=Strand.NPQ).exclude(outcome="")))
    last_ect = ECTAtSchoolPeriod.objects.filter(teacher=OuterRef("pk")).order_by().values("teacher").annotate(
        last=Max("finished_on")).values("last")
    last_mentor = MentorAtSchoolPeriod.objects.filter(teacher=OuterRef("pk")).order_by().values("teacher").annotate(
        last=Max("finished_on")).values("last")
    created = TruncDate("created_at")
    return (
        Teacher.objects.filter(erased_on__isnull=True, induction__isnull=True)
        # Someone still signing in is still here, whatever their records say.
        .exclude(user__isnull=False, user__anonymised_on__isnull=True)
        .exclude(open_period).exclude(kept)
        .annotate(gone=Greatest(created, Coalesce(Subquery(last_ect), created), Coalesce(Subquery(last_mentor), created)))
        .filter(gone__lt=cutoff)
    )


def answered_invitations(cutoff: date):
    return Invitation.objects.annotate(ended=Coalesce("accepted_at", "revoked_at", "expires_at")).filter(ended__lt=day_start(cutoff))


def delete_invitations(ids: Sequence[int], today: date) -> None:
    delete_records(Invitation, ids)


def answered_confirmations(cutoff: date):
    """The record of who vouched for a signatory: kept while the role it confirmed lasts, then a year."""
    role_held = RoleAssignment.objects.filter(user=OuterRef("user"), school=OuterRef("school"), role=Role.HEADTEACHER)
    return (
        HeadteacherConfirmation.objects.exclude(decision=HeadteacherConfirmation.Decision.PENDING)
        .exclude(Exists(role_held)).filter(decided_at__lt=day_start(cutoff))
    )


def delete_confirmations(ids: Sequence[int], today: date) -> None:
    delete_records(HeadteacherConfirmation, ids)


def settled_transfers(cutoff: date):
    """Moves of teachers with no induction here; a move inside an induction record goes when it is reduced."""
    return (
        TeacherTransfer.objects.filter(status__in=[TeacherTransfer.Status.DONE, TeacherTransfer.Status.DISPUTED])
        .exclude(teacher__induction__isnull=False)
        .annotate(settled=Coalesce(TruncDate("decided_at"), "leaving_on", TruncDate("created_at")))
        .filter(settled__lt=cutoff)
    )


def withdrawn_transfers(cutoff: date):
    return TeacherTransfer.objects.filter(status=TeacherTransfer.Status.WITHDRAWN).annotate(
        settled=Coalesce(TruncDate("decided_at"), TruncDate("created_at"))).filter(settled__lt=cutoff)


def delete_transfers(ids: Sequence[int], today: date) -> None:
    delete_records(TeacherTransfer, ids)


RULES = [
    Rule(
        key="enrolments",
        length_key="enrolments",
        kind="Programme enrolments (NPQ, ECTE, ITT and CPD)",
        clock="The outcome, or the decision that ended the enrolment",
        action=Action.REDUCE,
        outcome=(
            "Reasons, placements, who nominated them and the history of changes are deleted. "
            "The teacher, cohort, school, status and outcome stay (DP-007: TRA submissions). "
            "The copy of the teacher's name an enrolment keeps to sort its cohort's list is the database's, always "
            "the teacher record's own: it changes, and is anonymised, with that record."
        ),
        due=finished_enrolments,
        apply=reduce_enrolments,
    ),
    Rule(
        key="transfers",
        length_key="transfers",
        kind="Moves between schools",
        clock="The move's answer (a move inside an induction record goes when that record is reduced)",
        action=Action.DELETE,
        outcome="Deleted with their history. The ECT's periods at each school stay.",
        due=settled_transfers,
        apply=delete_transfers,
    ),
    Rule(
        key="transfers_withdrawn",
        length_key="invitations",
        kind="Moves between schools withdrawn before they took effect",
        clock="The withdrawal",
        action=Action.DELETE,
        outcome="Deleted with their history.",
        due=withdrawn_transfers,
        apply=delete_transfers,
    ),
    Rule(
        key="teachers",
        length_key="teachers",
        kind="Teacher records with nothing statutory to keep",
        clock="The end of their last time at a school here (or the record's creation)",
        action=Action.ANONYMISE,
        outcome=(
            "TRN, name, email address, leaving notes and the history of changes are removed; the record stays, "
            "naming nobody, so its periods and enrolments still count in the hub's figures. A teacher with an "
            "induction here or an NPQ outcome keeps their TRN and name with those records."
        ),
        due=teachers_long_gone,
        apply=anonymise_teachers,
    ),
    Rule(
        key="accounts",
        length_key="accounts",
        kind="Sign-in accounts",
        clock="The last sign-in (or the account's creation, if never signed in)",
        action=Action.ANONYMISE,
        outcome=(
            "Closed: name, email addresses, two-step sign-in, roles, calendar address and which privacy notices "
            "they saw are removed. "
            "Records that name who signed or decided something keep pointing at the closed account."
        ),
        due=unused_accounts,
        apply=close_accounts,
    ),
    Rule(
        key="invitations",
        length_key="invitations",
        kind="Account invitations",
        clock="Accepted, revoked or expired",
        action=Action.DELETE,
        outcome="Deleted.",
        due=answered_invitations,
        apply=delete_invitations,
    ),
    Rule(
        key="headteacher_confirmations",
        length_key="invitations",
        kind="Headteachers' confirmations",
        clock="The headteacher's answer, once the role it confirmed has ended",
        action=Action.DELETE,
        outcome="Deleted. The role it confirmed stays while it is held.",
        due=answered_confirmations,
        apply=delete_confirmations,
    ),
]
