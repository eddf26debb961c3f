"""The retention schedule: for each kind of personal record, when its clock starts, how long it is
kept (settings.RETENTION_MONTHS, with the reasons written beside them) and what happens at the end.

A rule finds the records whose clock started before its cut-off and that it has not yet dealt with,
and deals with one batch of them at a time (by primary key). Dealing with a record takes it out of
the rule's reach (it is deleted, or marked reduced or anonymised), which is what makes the nightly
job idempotent: a second run the same day finds nothing.

Boundaries: a record whose clock started on day D under a rule of N months is kept through the day
D + N months and dealt with on the day after.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils import timezone


class Action(models.TextChoices):
    DELETE = "delete", "Deleted"
    REDUCE = "reduce", "Reduced to a basic record"
    ANONYMISE = "anonymise", "Anonymised"
    CLEAR = "clear", "Cleared"


@dataclass(frozen=True)
class Rule:
    key: str
    # The length's entry in settings.RETENTION_MONTHS: several rules may share one.
    length_key: str
    kind: str
    clock: str
    action: Action
    # What stays and what goes, in the hub's words.
    outcome: str
    # Records this rule still has to deal with, whose clock started before the cut-off day.
    due: Callable[[date], models.QuerySet]
    # Deals with the records of one batch, inside the job's transaction.
    apply: Callable[[Sequence[int], date], None]

    @property
    def months(self) -> int:
        return settings.RETENTION_MONTHS[self.length_key]

    def cutoff(self, today: date) -> date:
        """The first clock day still kept on `today`."""
        return today - relativedelta(months=self.months)

    def due_on(self, today: date) -> models.QuerySet:
        return self.due(self.cutoff(today))


def day_start(day: date) -> datetime:
    """Midnight at the start of `day` in the hub's time zone: a datetime clock before it started before the day."""
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class NoPersonalData:
    """A kind of stored record that names no one: no rule applies to it, and the schedule says so and why."""

    kind: str
    # The model, as app_label.ModelName (a test checks that it exists and points at no person).
    model: str
    kept: str


NO_PERSONAL_DATA = [
    NoPersonalData(
        "Engagement figures: for each open school and academic year, whether it had enrolments, staff at events, ECTs and mentors",
        "programmes.SchoolEngagement",
        "Facts about schools (with the school's name and place), never about people: no one is named or counted. Rebuilt from the records at every refresh "
        "(every few minutes for the current years); a school's row goes when it closes. Kept with the year, like the hub's other figures.",
    ),
    NoPersonalData(
        "Engagement figures summed per local authority, district and phase for each academic year",
        "programmes.EngagementGroup",
        "Numbers of schools, never of people. Rebuilt at every refresh; kept with the year.",
    ),
    NoPersonalData(
        "Enrolments per cohort counted by state and NPQ outcome, kept for the hub's dashboard and the Programmes page",
        "programmes.CohortTally",
        "Numbers of people, never who they are. Recounted at every refresh, with the time; a cohort's goes with the cohort.",
    ),
    NoPersonalData(
        "Confirmed places and attendance per event, kept for the hub's dashboard",
        "programmes.EventTally",
        "Numbers of people, never who they are. Recounted at every refresh; an event's goes with the event.",
    ),
    NoPersonalData(
        "When each year's engagement figures were last refreshed",
        "programmes.EngagementRefresh",
        "A year and a time. Kept with the year's engagement figures.",
    ),
    NoPersonalData(
        "What each rule of this schedule has due, counted when the nightly run finishes",
        "privacy.RetentionFigure",
        "A rule's name and numbers of records, never whose. Only the latest count is kept: each night's run replaces the last.",
    ),
]


def rules() -> list[Rule]:
    # Imported here: each area's rules import its app's models, which need the app registry ready.
    from privacy.retention.rules import access, events, fidelity, induction, people, qa, records, riab

    return [*induction.RULES, *fidelity.RULES, *events.RULES, *people.RULES, *access.RULES, *riab.rules(), *records.rules(), *qa.RULES]


def rule(key: str) -> Rule:
    for candidate in rules():
        if candidate.key == key:
            return candidate
    raise KeyError(key)
