"""Erasure of one person at their request (UK GDPR Art. 17), within what the law lets the hub erase.

What must stay, stays, and the plan says why item by item:
- an induction the hub's AB holds (DP-001: six years from the outcome or release, then its basic
  status), with the teacher's TRN and name, the time at schools it covers and the claims behind it;
- NPQ outcomes (DP-007: the TRA needs them), reduced to the outcome.
Everything else goes or stops naming them: the account is closed, invitations and answers are
anonymised, certificates revoked or deleted (the hub's choice), uploads scrubbed, free text cleared
and the history rows that copied any of it deleted. Rows the hub's figures count (places, attendance,
enrolments, time at schools) stay, naming nobody, so past years' insight does not change.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from django.contrib.admin.models import LogEntry
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from appropriate_body.claims.state import refresh_claim_state
from appropriate_body.models import Claim, Induction
from appropriate_body.models.claims import ReleaseRequest
from appropriate_body.riab.state import refresh_riab_for_teachers
from hubportal.lib.csv_upload import CsvUpload
from participants.models import (
    ECTAtSchoolPeriod,
    HeadteacherConfirmation,
    Invitation,
    MentorAtSchoolPeriod,
    Teacher,
    TeacherTransfer,
    User,
)
from privacy import people
from privacy.retention.deleting import delete_files_on_commit, delete_records, forget_history, ids_of
from privacy.retention.rules.events import anonymise_answers, anonymise_invitations, delete_certificates
from privacy.retention.rules.people import anonymise_teachers, close_accounts, reduce_enrolments
from programmes.models import Certificate, CertificateNotice, Enrolment, EvaluationNotice, Strand

REVOKE, DELETE = "revoke", "delete"
REVOKED_BECAUSE = "Erased at the holder's request"
ERASED, ANONYMISED, KEPT = "Erased", "Anonymised", "Kept"
WHY_INDUCTION = ("The statutory induction record: the appropriate body keeps it for 6 years from the outcome or the ECT's "
                 "release, then a basic record of the induction's status (DP-001, statutory guidance 2.77, 5.3 and 5.11).")
WHY_NPQ = "NPQ outcomes are kept for the Teaching Regulation Agency's records (DP-007), reduced to the outcome."


@dataclass(frozen=True)
class Item:
    kind: str
    count: int
    action: str
    detail: str


def _statutory_teachers(person: people.Person) -> tuple[set[int], set[int]]:
    """(teachers with an induction here, teachers with an NPQ outcome): their TRN and name must stay."""
    with_induction = set(Induction.objects.filter(teacher__in=person.teachers).values_list("teacher", flat=True))
    with_npq = set(Enrolment.objects.filter(teacher__in=person.teachers, cohort__programme__strand=Strand.NPQ)
                   .exclude(outcome="").values_list("teacher", flat=True))
    return with_induction, with_npq


def plan(person: people.Person, *, certificates: str = REVOKE) -> list[Item]:
    """What erasing this person would do, kind by kind; nothing is changed."""
    return _erase(person, certificates=certificates, actor=None, today=timezone.localdate(), dry_run=True)


def erase_person(person: people.Person, *, certificates: str, actor: User, today: date) -> list[Item]:
    with transaction.atomic():
        return _erase(person, certificates=certificates, actor=actor, today=today, dry_run=False)


def as_outcome(items: list[Item]) -> list[dict]:
    return [asdict(item) for item in items]


def _erase(person: people.Person, *, certificates: str, actor: User | None, today: date, dry_run: bool) -> list[Item]:
    with_induction, with_npq = _statutory_teachers(person)
    teacher_ids, user_ids = ids_of(person.teachers), ids_of(person.users)
    free_teachers = [pk for pk in teacher_ids if pk not in with_induction and pk not in with_npq]
    names = [f"{t.first_name} {t.last_name}" for t in person.teachers] + [u.get_full_name() for u in person.users]
    needles = [n.lower() for n in [*person.emails, *person.trns, *names] if n.strip()]
    items: list[Item] = []

    def act(kind: str, ids: list[int], action: str, detail: str, do=None) -> None:
        if ids:
            items.append(Item(kind, len(ids), action, detail))
            if do is not None and not dry_run:
                do(ids)

    # Everything is found before anything changes: closing the account or anonymising an invitation
    # takes away the address that finds the rest.
    found = {kind.key: ids_of(kind.records(person)) for kind in people.RECORD_KINDS}
    invitations, found_certificates = found["event_invitations"], found["certificates"]
    uploads = [(kind, found[kind.key]) for kind in people.RECORD_KINDS if kind.key.endswith("_uploads")]

    kept_inductions = ids_of(Induction.objects.filter(teacher__in=with_induction))
    if kept_inductions:
        items.append(Item("Induction record", len(kept_inductions), KEPT, WHY_INDUCTION))
    act("Sign-in account", user_ids, ANONYMISED,
        "Closed: name, email addresses, roles, two-step sign-in and calendar address removed.",
        lambda ids: close_accounts(ids, today))
    act("Event invitations, replies and attendance", invitations, ANONYMISED,
        "Name, email address and needs removed; the place and attendance stay in the hub's figures, naming nobody.",
        lambda ids: anonymise_invitations(ids, today))
    if certificates == DELETE:
        act("Certificates", found_certificates, ERASED, "Deleted with their PDFs; their codes no longer verify.",
            lambda ids: delete_certificates(ids, today))
    else:
        act("Certificates", found_certificates, ANONYMISED,
            "Revoked: the PDF and the holder's name and address are removed; the code verifies as revoked.",
            lambda ids: _revoke_certificates(ids, actor))
    act("Evaluation answers", found["evaluation_answers"], ANONYMISED,
        "Whose answer it was is removed; the rating stays.", lambda ids: anonymise_answers(ids, today))
    act("Emails about evaluations", ids_of(EvaluationNotice.objects.filter(user__in=user_ids)), ERASED, "Deleted.",
        lambda ids: EvaluationNotice.objects.filter(pk__in=ids).delete())
    act("Account invitations", found["account_invitations"], ERASED, "Deleted.",
        lambda ids: delete_records(Invitation, ids))
    act("Headteacher confirmations", found["headteacher_confirmations"], ERASED, "Deleted.",
        lambda ids: delete_records(HeadteacherConfirmation, ids))
    for kind, ids in uploads:
        act(kind.label, ids, ERASED, "The file and the report's rows that named them are removed.",
            lambda ids, kind=kind: _scrub_uploads(kind.records(person).model, ids, needles))

    # Time at schools, moves and claims: part of the statutory record where an induction is kept.
    free_periods = ids_of(ECTAtSchoolPeriod.objects.filter(teacher__in=free_teachers))
    # Done with the teacher record below (anonymise_teachers clears their periods' notes and history).
    act("Time as an ECT at a school", free_periods, ANONYMISED,
        "The leaving note and the history of changes are removed; the period stays in the hub's figures, naming nobody.")
    kept_periods = ECTAtSchoolPeriod.objects.filter(teacher__in=with_induction).count()
    if kept_periods:
        items.append(Item("Time as an ECT at a school", kept_periods, KEPT, WHY_INDUCTION))
    act("Claims not accepted", ids_of(Claim.objects.filter(ect_period__in=free_periods)), ERASED, "Deleted.",
        lambda ids: _delete_claims(ids))
    # The date of birth kept sealed for RIAB's upload (appropriate_body RULES.md) goes from the claims that stay.
    sealed = Claim.objects.filter(ect_period__teacher__in=teacher_ids).exclude(ect_period__in=free_periods).exclude(date_of_birth_sealed="")
    act("Date of birth kept for RIAB", ids_of(sealed), ERASED, "Erased; AB staff enter it in RIAB by hand if it was not yet handed over.",
        lambda ids: Claim.objects.filter(pk__in=ids).update(date_of_birth_sealed=""))
    act("Time as a mentor at a school", ids_of(MentorAtSchoolPeriod.objects.filter(teacher__in=teacher_ids)), ANONYMISED,
        "The history of changes is removed; the period stays in the hub's figures.",
        lambda ids: forget_history(MentorAtSchoolPeriod, ids))
    act("Moves between schools", ids_of(TeacherTransfer.objects.filter(teacher__in=free_teachers)), ERASED, "Deleted.",
        lambda ids: delete_records(TeacherTransfer, ids))
    kept_moves = TeacherTransfer.objects.filter(teacher__in=with_induction).count()
    if kept_moves:
        items.append(Item("Moves between schools", kept_moves, KEPT, WHY_INDUCTION))
    npq = Enrolment.objects.filter(teacher__in=teacher_ids, cohort__programme__strand=Strand.NPQ).exclude(outcome="")
    act("NPQ outcomes", ids_of(npq), KEPT, WHY_NPQ, lambda ids: reduce_enrolments(ids, today))
    act("Other programme enrolments", ids_of(Enrolment.objects.filter(teacher__in=teacher_ids).exclude(pk__in=npq)), ANONYMISED,
        "Reasons, placements and history removed; the enrolment stays in the hub's figures, naming nobody.",
        lambda ids: reduce_enrolments(ids, today))
    kept = [pk for pk in teacher_ids if pk not in free_teachers]
    act("Teacher record", kept, KEPT, "The TRN and name stay with the records above; the email address and history go.",
        lambda ids: _keep_teacher_basics(ids))
    act("Teacher record", free_teachers, ANONYMISED, "TRN, name and email address removed.",
        lambda ids: anonymise_teachers(ids, today))
    if not dry_run:
        _scrub_admin_log(needles)
    return items


def _revoke_certificates(ids: list[int], actor: User | None) -> None:
    CertificateNotice.objects.filter(certificate__in=ids).delete()
    delete_files_on_commit(Certificate, ids)
    forget_history(Certificate, ids)
    Certificate.objects.filter(pk__in=ids).update(
        recipient_name="", email="", user=None, teacher=None, pdf="",
        revoked_at=timezone.now(), revoked_by=actor, revocation_reason=REVOKED_BECAUSE,
    )
    # Revoking already left history; a revoked certificate's old name must not live on there.
    forget_history(Certificate, ids)


def _scrub_uploads(model: type[CsvUpload], ids: list[int], needles: list[str]) -> None:
    for upload in model.objects.filter(pk__in=ids):
        upload.contents = ""
        upload.results = [{"line": entry.get("line"), "message": "Removed at the person's request"}
                          if any(needle in str(entry).lower() for needle in needles) else entry
                          for entry in upload.results]
        upload.save(update_fields=["contents", "results"])


def _delete_claims(ids: list[int]) -> None:
    rows = list(Claim.objects.filter(pk__in=ids).values_list("ect_period_id", "ect_period__teacher_id"))
    periods, teachers = [period for period, _ in rows], [teacher for _, teacher in rows]
    ReleaseRequest.objects.filter(claim__in=ids).delete()
    delete_records(Claim, ids)
    # The periods stay in the hub's figures, now with no claim; a scheduled claim gone is no longer RIAB's to hear of.
    refresh_claim_state(periods)
    refresh_riab_for_teachers(teachers)


def _keep_teacher_basics(ids: list[int]) -> None:
    forget_history(Teacher, ids)
    Teacher.objects.filter(pk__in=ids).update(email="", user=None)


def _scrub_admin_log(needles: list[str]) -> None:
    mentions = Q(pk__in=[])
    for needle in needles:
        mentions |= Q(object_repr__icontains=needle) | Q(change_message__icontains=needle)
    LogEntry.objects.filter(mentions).update(object_repr="(erased)", change_message="")
