"""A closed school's people follow it to its successor, as DfE's own reconciliation of GIAS links does.

When GIAS links a closed school to exactly one successor (an academy conversion, an amalgamation),
the school's open ECT and mentor periods, its ECTs' claims not yet started, its current AB service
agreement and the moves other schools asked of it (registration.transfers) go to the successor.
Each move is one `SchoolMerge` row naming what moved, by id, so hub staff can see it and reverse it. A school with several successors is never touched: which
school each teacher went to is for hub staff to decide.

Periods are ended and opened again rather than re-pointed, so that each stays true: the teacher
was at the closed school until it closed and at the successor from the day after, which is what
the induction record, the school's lists and the hub's figures for past years must say. A period
that had not started by the move never ran at the closed school, so it is re-pointed instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from appropriate_body.claims.state import refresh_claim_state
from appropriate_body.inductions.state import refresh_for_ect_periods
from appropriate_body.models import Claim, ServiceAgreement
from participants.models import ECTAtSchoolPeriod, LeavingReason, MentorAtSchoolPeriod, School, User
from participants.schools.gias import SkippedRow
from participants.schools.gias_links import GiasLink, plan_successions
from registration.models import SchoolMerge
from registration.transfers import bring_back_from_successor, carry_to_successor

# Claims whose induction has not started: they follow the teacher's period. An accepted claim's
# induction is the AB's record of time already served, and stays as it was.
MOVING_CLAIMS = (Claim.Status.PENDING, Claim.Status.SCHEDULED)

# Kept under SQLite's 999-parameter limit.
_CHUNK = 900


@dataclass
class LinksReport:
    merges: list[SchoolMerge] = field(default_factory=list)
    several_successors: list[tuple[School, list[int]]] = field(default_factory=list)
    successor_unknown: list[tuple[School, int]] = field(default_factory=list)
    # Merges hub staff reversed: the import does not do them again.
    left_reversed: list[tuple[School, School]] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)

    def lines(self) -> list[str]:
        found = [f"Moved {_what(merge)} from {merge.from_school} to {merge.to_school}" for merge in self.merges]
        found += [f"{school} has {len(urns)} successors ({', '.join(map(str, urns))}): nothing moved, for hub staff to decide"
                  for school, urns in self.several_successors]
        found += [f"{school}'s successor {urn} is not among the schools: nothing moved" for school, urn in self.successor_unknown]
        found += [f"{closed} to {successor} was reversed by hub staff: left as it is" for closed, successor in self.left_reversed]
        found += [str(row) for row in self.skipped]
        return found

    def summary(self) -> str:
        return (f"Links: {len(self.merges)} schools moved to their successor, {len(self.several_successors)} with several "
                f"successors left for hub staff, skipped {len(self.skipped)}")


def _what(merge: SchoolMerge) -> str:
    counts = merge.counts
    parts = [f"{counts['ects']} ECT periods", f"{counts['mentors']} mentor periods", f"{counts['claims']} claims",
             f"{counts['agreements']} agreements"]
    return ", ".join(parts)


def apply_links(links: list[GiasLink], *, today: date, actor: User | None = None,
                skipped: list[SkippedRow] | None = None) -> LinksReport:
    """Move what each closed school with one successor still holds; idempotent (a second run finds nothing open)."""
    plan = plan_successions(links, today=today)
    # The national file links thousands of long-closed schools: only those still holding something are worth a word.
    earliest = min((s.moved_on for s in plan.successions), default=today)
    holding = _holding([s.closed.pk for s in plan.successions] + [school.pk for school, _ in [*plan.several, *plan.successor_unknown]],
                       since=min(earliest, today))
    report = LinksReport(several_successors=[(school, urns) for school, urns in plan.several if school.pk in holding],
                         successor_unknown=[(school, urn) for school, urn in plan.successor_unknown if school.pk in holding],
                         skipped=list(skipped or []))
    reversed_pairs = set(SchoolMerge.objects.filter(reversed_at__isnull=False).values_list("from_school_id", "to_school_id"))
    for succession in plan.successions:
        if succession.closed.pk not in holding:
            continue
        if (succession.closed.pk, succession.successor.pk) in reversed_pairs:
            report.left_reversed.append((succession.closed, succession.successor))
            continue
        merge = merge_school(succession.closed, succession.successor, link_type=succession.link_type,
                             moved_on=succession.moved_on, actor=actor)
        if merge:
            report.merges.append(merge)
    return report


def _holding(school_ids: list[int], *, since: date) -> set[int]:
    """Of `school_ids`, those with an open ECT or mentor period or an agreement running on or after `since`:
    three queries a chunk, however many schools the links file names."""
    found: set[int] = set()
    for start in range(0, len(school_ids), _CHUNK):
        chunk = school_ids[start : start + _CHUNK]
        for model in (ECTAtSchoolPeriod, MentorAtSchoolPeriod):
            found.update(model.objects.filter(school_id__in=chunk, finished_on__isnull=True).values_list("school_id", flat=True))
        found.update(ServiceAgreement.objects.filter(school_id__in=chunk, terms__valid_until__gte=since)
                     .values_list("school_id", flat=True))
    return found


def _save(record, actor: User | None, reason: str, fields: list[str] | None = None) -> None:
    record._history_user = actor
    record._change_reason = reason
    record.save(update_fields=fields)


def merge_school(closed: School, successor: School, *, link_type: str, moved_on: date, actor: User | None) -> SchoolMerge | None:
    """Move `closed`'s open periods, claims not yet started and current agreement to `successor`; None if nothing was open."""
    reason = f"{closed.name} closed; GIAS names {successor.name} its successor"
    with transaction.atomic():
        moved: dict[str, list] = {"ect_periods": [], "repointed_ect_periods": [], "mentor_periods": [],
                                  "repointed_mentor_periods": [], "claims": [], "agreements": [], "transfers": [],
                                  "answered_transfers": []}
        mentor_now: dict[int, int] = {}
        at_successor = {period.teacher_id: period for period in
                        MentorAtSchoolPeriod.objects.filter(school=successor, finished_on__isnull=True)}
        for old in MentorAtSchoolPeriod.objects.select_for_update().filter(school=closed, finished_on__isnull=True).order_by("pk"):
            already = at_successor.get(old.teacher_id)
            if already is None and old.started_on >= moved_on:
                old.school = successor
                _save(old, actor, reason, ["school"])
                moved["repointed_mentor_periods"].append(old.pk)
                continue
            _finish(old, moved_on, actor, reason)
            new = already or MentorAtSchoolPeriod(teacher_id=old.teacher_id, school=successor, started_on=moved_on,
                                                  registered_by=old.registered_by)
            if already is None:
                _save(new, actor, reason)
            mentor_now[old.pk] = new.pk
            moved["mentor_periods"].append([old.pk, new.pk, already is None])
        for old in ECTAtSchoolPeriod.objects.select_for_update().filter(school=closed, finished_on__isnull=True).order_by("pk"):
            mentor_id = mentor_now.get(old.mentor_id, old.mentor_id)
            if old.started_on >= moved_on:
                old.school, old.mentor_id = successor, mentor_id
                _save(old, actor, reason, ["school", "mentor"])
                moved["repointed_ect_periods"].append(old.pk)
                continue
            _finish(old, moved_on, actor, reason)
            new = ECTAtSchoolPeriod(
                teacher_id=old.teacher_id, school=successor, started_on=moved_on, working_pattern=old.working_pattern, fte=old.fte,
                training_programme=old.training_programme, lead_provider_id=old.lead_provider_id, mentor_id=mentor_id,
                registered_by=old.registered_by,
            )
            _save(new, actor, reason)
            moved["ect_periods"].append([old.pk, new.pk])
            for claim in Claim.objects.select_for_update().filter(ect_period=old, status__in=MOVING_CLAIMS):
                claim.ect_period = new
                _save(claim, actor, reason, ["ect_period"])
                moved["claims"].append([claim.pk, old.pk, new.pk])
        refresh_claim_state(pk for _, old_id, new_id in moved["claims"] for pk in (old_id, new_id))
        refresh_for_ect_periods(old_id for old_id, _ in moved["ect_periods"])
        taken = set(ServiceAgreement.objects.filter(school=successor).values_list("terms_id", flat=True))
        for agreement in ServiceAgreement.objects.select_for_update().filter(school=closed, terms__valid_until__gte=moved_on):
            if agreement.terms_id in taken:
                continue  # the successor signed that year's terms itself: its own acceptance stands
            agreement.school = successor
            _save(agreement, actor, reason, ["school"])
            moved["agreements"].append(agreement.pk)
        # After the periods: a move into the successor itself is answered with the period it now holds.
        moved["transfers"], moved["answered_transfers"] = carry_to_successor(closed, successor, actor=actor, reason=reason)
        if not any(moved.values()):
            return None
        return SchoolMerge.objects.create(from_school=closed, to_school=successor, link_type=link_type[:100], moved_on=moved_on,
                                          moved=moved, created_by=actor)


def _finish(period, moved_on: date, actor: User | None, reason: str) -> None:
    # The last day at the closed school is the day before the successor's first; never before the period began.
    period.finished_on = max(moved_on - timedelta(days=1), period.started_on)
    period.leaving_reason = LeavingReason.MOVED_SCHOOL
    _save(period, actor, reason, ["finished_on", "leaving_reason"])


def reverse_merge(merge: SchoolMerge, *, actor: User) -> SchoolMerge:
    """Move everything back as it was before `merge`, and record who did. Refused (ValidationError) when the
    successor has since built on what moved (a period finished or given a claim, a mentor given an ECT)."""
    with transaction.atomic():
        merge = SchoolMerge.objects.select_for_update().get(pk=merge.pk)
        if merge.reversed_at:
            raise ValidationError("This move has already been reversed")
        reason = f"Move from {merge.from_school.name} to {merge.to_school.name} reversed"
        moved = merge.moved
        for agreement in ServiceAgreement.objects.filter(pk__in=moved.get("agreements", []), school=merge.to_school):
            agreement.school = merge.from_school
            _save(agreement, actor, reason, ["school"])
        claims = {claim.pk: claim for claim in Claim.objects.filter(pk__in=[c for c, _, _ in moved.get("claims", [])])}
        for claim_id, old_id, new_id in moved.get("claims", []):
            claim = claims.get(claim_id)
            if claim and claim.ect_period_id == new_id:
                claim.ect_period_id = old_id
                _save(claim, actor, reason, ["ect_period"])
        refresh_claim_state(pk for _, old_id, new_id in moved.get("claims", []) for pk in (old_id, new_id))
        made_mentors = {new: old for old, new, made in moved.get("mentor_periods", []) if made}
        for old_id, new_id in moved.get("ect_periods", []):
            _undo_period(ECTAtSchoolPeriod, old_id, new_id, actor, reason, made=True)
        refresh_for_ect_periods(old_id for old_id, _ in moved.get("ect_periods", []))
        for period in ECTAtSchoolPeriod.objects.filter(pk__in=moved.get("repointed_ect_periods", []), school=merge.to_school):
            period.school = merge.from_school
            period.mentor_id = {new: old for old, new, _ in moved.get("mentor_periods", [])}.get(period.mentor_id, period.mentor_id)
            _save(period, actor, reason, ["school", "mentor"])
        # Checked before the mentors' new periods go: deleting one would silently unassign an ECT the successor gave them.
        if ECTAtSchoolPeriod.objects.filter(mentor_id__in=list(made_mentors)).exclude(pk__in=moved.get("repointed_ect_periods", [])).exists():
            raise ValidationError(f"A mentor who moved to {merge.to_school.name} has been given an ECT there since: "
                                  "change that first")
        for old_id, new_id, made in moved.get("mentor_periods", []):
            _undo_period(MentorAtSchoolPeriod, old_id, new_id, actor, reason, made=made)
        for period in MentorAtSchoolPeriod.objects.filter(pk__in=moved.get("repointed_mentor_periods", []), school=merge.to_school):
            period.school = merge.from_school
            _save(period, actor, reason, ["school"])
        bring_back_from_successor(merge.from_school, merge.to_school, carried=moved.get("transfers", []),
                                  answered=moved.get("answered_transfers", []), actor=actor, reason=reason)
        merge.reversed_at, merge.reversed_by = timezone.now(), actor
        merge.save(update_fields=["reversed_at", "reversed_by"])
    return merge


def _undo_period(model, old_id: int, new_id: int, actor: User, reason: str, *, made: bool) -> None:
    new = model.objects.select_for_update().filter(pk=new_id).first()
    if made and new is not None:
        if new.finished_on is not None:
            raise ValidationError(f"{new} has ended since the move: reverse it by hand")
        try:
            new._history_user = actor
            new.delete()
        except ProtectedError:
            raise ValidationError(f"{new} has records of its own since the move, such as a claim: reverse it by hand") from None
    old = model.objects.select_for_update().filter(pk=old_id).first()
    if old is not None:
        old.finished_on, old.leaving_reason = None, ""
        _save(old, actor, reason, ["finished_on", "leaving_reason"])
