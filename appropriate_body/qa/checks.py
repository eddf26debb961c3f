"""AB staff record a QA check: what they looked at for an ECT's induction (or a school as a whole) and what they found."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from appropriate_body.models import Induction, InductionPeriod, QACheck, QAFinding
from appropriate_body.qa.queue import LABELS
from participants.access import is_ab_staff
from participants.models import School, User


def record_qa_check(*, school: School, induction: Induction | None = None, looked_at: str, finding: str, note: str = "",
                    reasons: list[str] | None = None, actor: User, checked_at: datetime | None = None) -> QACheck:
    """One check by `actor`; an induction's check is filed under the school of its open period (or its last)."""
    errors = {}
    if not is_ab_staff(actor):
        raise ValidationError("Only the appropriate body's staff record QA checks")
    if not looked_at.strip():
        errors["looked_at"] = ["Enter what you looked at, for example the latest progress review and the support plan"]
    if finding not in QAFinding.values:
        errors["finding"] = ["Select what you found"]
    elif finding != QAFinding.OK and not note.strip():
        errors["note"] = ["Enter a note saying what the concern is or why the report went back"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        check = QACheck(induction=induction, school=school, looked_at=looked_at.strip(), finding=finding, note=note.strip(),
                        reasons=[key for key in (reasons or []) if key in LABELS], checked_by=actor,
                        checked_at=checked_at or timezone.now())
        check._history_user = actor
        check.save()
    return check


def school_of(induction: Induction) -> School | None:
    """The school of the ECT's open period with the hub's AB, else of their latest; None if the hub never held them."""
    periods = InductionPeriod.objects.filter(induction=induction, other_appropriate_body="").select_related("school")
    period = periods.order_by(F("finished_on").desc(nulls_first=True), "-started_on").first()
    return period.school if period else None


def school_log(school: School) -> QuerySet[QACheck]:
    """Every QA check at the school, newest first, with who checked and the ECT."""
    return QACheck.objects.filter(school=school).select_related("induction__teacher", "checked_by").order_by("-checked_at", "-pk")
