"""The TRS stand-in's fixture for the demo hub (participants.people.trs_standin), for `make run`.

Every demo teacher gets a teacher record as TRS would hold it: a date of birth drawn from their TRN
(so every build gives the same one), QTS before their induction, the induction status their claim
and induction imply, and their ITT provider. Beside them are teachers the hub has not met yet, for
a tutor to register in the demo, and the special cases DfE's own fake answers to (no QTS,
prohibited, already passed, exempt, merged, deactivated), so every answer can be seen on a page.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch

from appropriate_body.models import Claim, Outcome, TRSInductionStatus
from demo.people import SEED
from hubportal.lib.dates import academic_year_of
from hubportal.lib.trs import PROHIBITED_FROM_TEACHING
from participants.models import Teacher
from programmes.models import Strand

# Above the registrations' (61xxxxx) and the golden thread's (65xxxxx) TRNs: teachers not in the database.
UNREGISTERED_TRN_START = 6_900_001
SCITT_UKPRN = "10055501"
# (first name, last name, what their record shows): the last seven are DfE's fake's special cases.
UNREGISTERED = [
    ("Rosa", "Fielding", "ready"), ("Kofi", "Asante", "ready"), ("Imogen", "Blake", "ready"),
    ("Hamza", "Iqbal", "ready"), ("Bethan", "Lloyd", "ready"),
    ("Nia", "Parry", "no_qts"), ("Victor", "Crane", "prohibited"), ("Alys", "Vaughan", "prohibition_ended"),
    ("Gareth", "Pryce", "passed"), ("Ines", "Duarte", "exempt"), ("Ffion", "Rees", "failed_in_wales"),
    ("Sam", "Okoro", "merged"), ("Dora", "Finch", "deactivated"),
]
CASES = {
    "ready": "QTS last July, induction required: ready to register", "no_qts": "no QTS yet",
    "prohibited": "prohibited from teaching", "prohibition_ended": "a prohibition that has ended",
    "passed": "induction already passed", "exempt": "exempt from induction", "failed_in_wales": "failed induction in Wales",
    "merged": "merged into another record", "deactivated": "record deactivated",
}


def date_of_birth(trn: str, qts_year: int) -> date:
    """A plausible birthday for someone who qualified in `qts_year`, the same for a TRN on every build."""
    rng = random.Random(f"{SEED}-dob-{trn}")
    return date(qts_year - rng.randint(22, 31), 1, 1) + timedelta(days=rng.randrange(365))


def demo_trs_persons(*, today: date) -> list[dict[str, Any]]:
    """Every teacher in the database and the not yet registered ones, in TRS's JSON (and the stand-in's)."""
    latest_claims = Prefetch("ect_periods__claims", queryset=Claim.objects.order_by("created_at"))
    teachers = (
        Teacher.objects.filter(erased_on__isnull=True)
        .select_related("induction")
        .prefetch_related("ect_periods", latest_claims, "mentor_periods", "induction__periods", "enrolments__cohort__programme")
        .order_by("trn")
    )
    return [_person(teacher, today) for teacher in teachers] + _unregistered(today)


def _person(teacher: Teacher, today: date) -> dict[str, Any]:
    rng = random.Random(f"{SEED}-trs-{teacher.trn}")
    ect_periods = sorted(teacher.ect_periods.all(), key=lambda p: p.started_on)
    claims = [claim for period in ect_periods for claim in period.claims.all()]
    claim = claims[-1] if claims else None
    itt = [e for e in teacher.enrolments.all() if e.cohort.programme.strand == Strand.ITT]
    if ect_periods:
        periods = sorted(teacher.induction.periods.all(), key=lambda p: p.started_on) if hasattr(teacher, "induction") else []
        first_start = min([ect_periods[0].started_on] + [p.started_on for p in periods[:1]])
        # TRS holds one QTS date, before the first induction period (another AB's included); demo claims each wrote their own.
        qts = min((c.qts_awarded_on for c in claims if c.qts_awarded_on), default=None)
        if qts is None or qts > first_start:
            qts = date(academic_year_of(first_start), 7, 20)
        status = _ect_status(teacher, claim)
    elif itt and not teacher.mentor_periods.all():
        # A trainee: no QTS yet, so no induction either.
        qts, status, periods = None, TRSInductionStatus.NONE.value, []
    else:
        qts, status, periods = date(today.year - rng.randint(3, 20), 7, rng.randint(1, 28)), TRSInductionStatus.PASSED.value, []
    record = _record(teacher.trn, teacher.first_name, teacher.last_name, teacher.email, qts, status,
                     dob_year=(qts or today).year)
    if periods:
        completed = periods[-1].finished_on if status in (TRSInductionStatus.PASSED, TRSInductionStatus.FAILED) else None
        record["induction"].update(startDate=periods[0].started_on.isoformat(), completedDate=completed and completed.isoformat())
    if claim and claim.itt_provider_ukprn:
        record["initialTeacherTraining"][0]["provider"]["ukprn"] = claim.itt_provider_ukprn
    if claim and claim.has_active_prohibition:
        record["alerts"] = [_prohibition(claim.created_at.date() - timedelta(days=200), None)]
    return record


def _ect_status(teacher: Teacher, claim: Claim | None) -> str:
    induction = getattr(teacher, "induction", None)
    if induction is None:
        return (claim.trs_induction_status if claim else "") or TRSInductionStatus.REQUIRED_TO_COMPLETE.value
    outcomes = {period.outcome for period in induction.periods.all()}
    if Outcome.FAIL in outcomes:
        return TRSInductionStatus.FAILED.value
    if Outcome.PASS in outcomes:
        return TRSInductionStatus.PASSED.value
    return TRSInductionStatus.IN_PROGRESS.value


def _record(trn: str, first: str, last: str, email: str, qts: date | None, status: str, *, dob_year: int) -> dict[str, Any]:
    qts_year = qts.year if qts else dob_year
    return {
        "trn": trn,
        "firstName": first,
        "lastName": last,
        "dateOfBirth": date_of_birth(trn, qts_year).isoformat(),
        "emailAddress": email or None,
        "qts": {"awarded": qts.isoformat(), "statusDescription": "Qualified"} if qts else None,
        "induction": {"status": status, "startDate": None, "completedDate": None},
        "alerts": [],
        "initialTeacherTraining": [{
            "provider": {"name": "Severn Vale SCITT", "ukprn": SCITT_UKPRN},
            "startDate": date(qts_year - 1, 9, 1).isoformat(),
            "endDate": date(qts_year, 7, 1).isoformat(),
            "result": "Pass" if qts else None,
        }],
    }


def _prohibition(start: date, end: date | None) -> dict[str, Any]:
    return {
        "alertType": {"alertCategory": {"alertCategoryId": PROHIBITED_FROM_TEACHING, "name": "Teacher misconduct"}},
        "startDate": start.isoformat(),
        "endDate": end.isoformat() if end else None,
    }


def _unregistered(today: date) -> list[dict[str, Any]]:
    last_july = date(academic_year_of(today), 7, 20)
    persons, trns = [], {}
    for offset, (first, last, case) in enumerate(UNREGISTERED):
        trn = str(UNREGISTERED_TRN_START + offset)
        trns[case] = trn
        email = f"{first}.{last}@example.org".lower()
        if case == "merged":
            # Merged into the last teacher ready to register: her TRN is the one that survived.
            persons.append({"trn": trn, "mergedInto": trns["ready"]})
            continue
        qts = None if case == "no_qts" else last_july
        status = {"passed": "Passed", "exempt": "Exempt", "failed_in_wales": "FailedInWales", "no_qts": "None"}.get(case, "RequiredToComplete")
        record = _record(trn, first, last, email, qts, status, dob_year=last_july.year)
        if case == "prohibited":
            record["alerts"] = [_prohibition(today - timedelta(days=90), None)]
        elif case == "prohibition_ended":
            record["alerts"] = [_prohibition(today - timedelta(days=800), today - timedelta(days=30))]
        elif case == "deactivated":
            record["deactivated"] = True
        persons.append(record)
    return persons
