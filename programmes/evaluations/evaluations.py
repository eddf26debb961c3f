"""Evaluations: hub staff open one, the people it is for answer it once, staff read the results.

One Evaluation asks about one held event, one cohort's programme year, or (the annual survey of
schools the AB service promises) one academic year. Who may answer follows from what it asks
about; anyone else is told the evaluation does not exist (404 in the views). Writes go through
open_evaluation and submit_answer, which own their transactions and lean on the models' unique
constraints, so a double click or two leaders of one school answering at once save one answer.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from participants.access import headed_schools, tutored_schools
from participants.models import School, User
from programmes.evaluations.notices import announce
from programmes.models import Cohort, Enrolment, Evaluation, EvaluationAnswer, Event, EventInvitation
from programmes.models.evaluations import TOOK_PART

DEFAULT_QUESTION = "How useful was this to you?"
SCHOOLS_QUESTION = "How well did the appropriate body service support your school this year?"
OPEN_FOR = timedelta(days=21)
MAX_COMMENTS = 2000
RATINGS = (1, 2, 3, 4, 5)
RATING_LABELS = {1: "1 – Poor", 2: "2 – Fair", 3: "3 – Good", 4: "4 – Very good", 5: "5 – Excellent"}


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def default_title(kind: str, *, event: Event | None = None, cohort: Cohort | None = None, academic_year: int | None = None) -> str:
    if kind == Evaluation.Kind.EVENT and event is not None:
        return f"Evaluation: {event.title}"[:200]
    if kind == Evaluation.Kind.PROGRAMME_YEAR and cohort is not None:
        return f"Evaluation: {cohort.name}"[:200]
    if kind == Evaluation.Kind.SCHOOLS and academic_year is not None:
        return f"Annual survey of schools {year_label(academic_year)}"
    return ""


def default_question(kind: str) -> str:
    return SCHOOLS_QUESTION if kind == Evaluation.Kind.SCHOOLS else DEFAULT_QUESTION


def existing_evaluation(kind: str, *, event=None, cohort=None, academic_year=None) -> Evaluation | None:
    if kind == Evaluation.Kind.EVENT:
        return Evaluation.objects.filter(kind=kind, event=event).first()
    if kind == Evaluation.Kind.PROGRAMME_YEAR:
        return Evaluation.objects.filter(kind=kind, cohort=cohort).first()
    return Evaluation.objects.filter(kind=kind, academic_year=academic_year).first()


def _duplicate_error(kind: str, existing: Evaluation) -> ValidationError:
    subject = {Evaluation.Kind.EVENT: "This event", Evaluation.Kind.PROGRAMME_YEAR: "This cohort"}.get(kind, "That academic year")
    field = {Evaluation.Kind.EVENT: "event", Evaluation.Kind.PROGRAMME_YEAR: "cohort"}.get(kind, "academic_year")
    return ValidationError({field: f"{subject} already has an evaluation: “{existing.title}” (open {_day(existing.opens_on)} to {_day(existing.closes_on)})."})


def open_evaluation(
    kind: str,
    *,
    event: Event | None = None,
    cohort: Cohort | None = None,
    academic_year: int | None = None,
    title: str = "",
    question: str = "",
    opens_on: date | None = None,
    closes_on: date | None = None,
    actor: User | None,
    now: datetime | None = None,
) -> Evaluation:
    """Open the one evaluation of an event (once it has started, unless cancelled), a cohort, or a year's schools."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    errors: dict[str, str] = {}
    if kind == Evaluation.Kind.EVENT:
        if event is None:
            errors["event"] = "Select the event to evaluate"
        elif event.cancelled_at:
            errors["event"] = f"“{event.title}” was cancelled, so there is nothing to evaluate"
        elif event.starts_at > now:
            errors["event"] = f"“{event.title}” has not started yet: open its evaluation once it has been held"
        cohort, academic_year = None, None
    elif kind == Evaluation.Kind.PROGRAMME_YEAR:
        if cohort is None:
            errors["cohort"] = "Select the cohort whose programme year to evaluate"
        event, academic_year = None, None
    elif kind == Evaluation.Kind.SCHOOLS:
        if academic_year is None:
            errors["academic_year"] = "Enter the academic year the survey is about"
        event, cohort = None, None
    else:
        raise ValidationError({"kind": "Select what the evaluation is about"})
    opens_on = opens_on or today
    closes_on = closes_on or opens_on + OPEN_FOR
    if closes_on < opens_on:
        errors["closes_on"] = "The closing date must be on or after the opening date"
    if errors:
        raise ValidationError(errors)
    existing = existing_evaluation(kind, event=event, cohort=cohort, academic_year=academic_year)
    if existing is not None:
        raise _duplicate_error(kind, existing)
    evaluation = Evaluation(
        kind=kind, event=event, cohort=cohort, academic_year=academic_year,
        title=(title.strip() or default_title(kind, event=event, cohort=cohort, academic_year=academic_year))[:200],
        question=(question.strip() or default_question(kind))[:300],
        opens_on=opens_on, closes_on=closes_on, created_by=actor, created_at=now,
    )
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError:
        # Two staff opening the same evaluation at once: the unique constraint keeps one.
        existing = existing_evaluation(kind, event=event, cohort=cohort, academic_year=academic_year)
        if existing is None:
            raise
        raise _duplicate_error(kind, existing) from None
    announce(evaluation, today=today)  # opening today: everyone it is for hears now; later: the daily job tells them
    return evaluation


# --- Who may answer ---------------------------------------------------------------------------------


def led_schools(user) -> QuerySet[School]:
    """Schools the user answers the annual survey for: as headteacher or as induction tutor."""
    if not user.is_authenticated:
        return School.objects.none()
    return School.objects.filter(Q(pk__in=headed_schools(user).values("pk")) | Q(pk__in=tutored_schools(user).values("pk")))


def evaluations_for(user) -> QuerySet[Evaluation]:
    """Every evaluation the user may answer (open or not), in one query."""
    if not user.is_authenticated:
        return Evaluation.objects.none()
    attended = EventInvitation.objects.filter(event=OuterRef("event"), attended_at__isnull=False).filter(
        Q(user=user) | Q(email__iexact=user.email)
    )
    enrolled = Enrolment.objects.filter(cohort=OuterRef("cohort"), teacher__user=user, status__in=TOOK_PART)
    return Evaluation.objects.filter(
        Q(kind=Evaluation.Kind.EVENT, event__isnull=False) & Exists(attended)
        | Q(kind=Evaluation.Kind.PROGRAMME_YEAR, cohort__isnull=False) & Exists(enrolled)
        | Q(kind=Evaluation.Kind.SCHOOLS) & Exists(led_schools(user))
    )


def get_evaluation_to_answer(user, public_id) -> Evaluation:
    try:
        return evaluations_for(user).select_related("event", "cohort__programme").get(public_id=public_id)
    except (Evaluation.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such evaluation") from None


def answers_of(user, evaluations: list[Evaluation], schools: list[School]) -> dict[int, list[EvaluationAnswer]]:
    """The user's own answers and their schools' answers to the annual survey, by evaluation id (one query)."""
    found: dict[int, list[EvaluationAnswer]] = {evaluation.pk: [] for evaluation in evaluations}
    if not evaluations:
        return found
    answers = EvaluationAnswer.objects.filter(evaluation__in=evaluations).filter(
        Q(respondent=user, school__isnull=True) | Q(evaluation__kind=Evaluation.Kind.SCHOOLS, school__in=schools)
    ).select_related("school").order_by("submitted_at")
    for answer in answers:
        found[answer.evaluation_id].append(answer)
    return found


@dataclass
class Answering:
    """What the user still has to answer in one evaluation: nothing, once, or for each school not yet answered."""

    evaluation: Evaluation
    answers: list[EvaluationAnswer]
    schools_left: list[School]

    @property
    def done(self) -> bool:
        if self.evaluation.kind == Evaluation.Kind.SCHOOLS:
            return not self.schools_left
        return bool(self.answers)


def answering(user, evaluation: Evaluation, answers: list[EvaluationAnswer], schools: list[School]) -> Answering:
    if evaluation.kind != Evaluation.Kind.SCHOOLS:
        return Answering(evaluation, answers, [])
    answered = {answer.school_id for answer in answers}
    return Answering(evaluation, answers, [school for school in schools if school.pk not in answered])


# --- Answering ----------------------------------------------------------------------------------------


def _check_answer(evaluation: Evaluation, rating, comments: str, today: date) -> dict[str, str]:
    errors = {}
    if today < evaluation.opens_on:
        errors["__all__"] = f"This evaluation opens on {_day(evaluation.opens_on)}."
    elif today > evaluation.closes_on:
        errors["__all__"] = f"This evaluation closed on {_day(evaluation.closes_on)}."
    if not isinstance(rating, int) or isinstance(rating, bool) or rating not in RATINGS:
        errors["rating"] = "Select a rating from 1 to 5"
    if len(comments) > MAX_COMMENTS:
        errors["comments"] = f"Comments must be {MAX_COMMENTS:,} characters or fewer"
    return errors


def _already(evaluation: Evaluation, respondent: User, school: School | None) -> ValidationError | None:
    if school is None:
        previous = EvaluationAnswer.objects.filter(evaluation=evaluation, respondent=respondent, school__isnull=True).first()
        who = "You"
    else:
        previous = EvaluationAnswer.objects.filter(evaluation=evaluation, school=school).first()
        who = school.name
    if previous is None:
        return None
    return ValidationError(f"{who} already answered this evaluation, on {_day(timezone.localdate(previous.submitted_at))}. Each answer counts once.")


def submit_answer(
    evaluation: Evaluation, *, respondent: User, rating: int, comments: str = "", school: School | None = None, now: datetime | None = None
) -> EvaluationAnswer:
    """Save one answer while the evaluation is open: once per person, or for the annual survey once per school they lead."""
    now = now or timezone.now()
    comments = (comments or "").strip()
    errors = _check_answer(evaluation, rating, comments, timezone.localdate(now))
    if not evaluations_for(respondent).filter(pk=evaluation.pk).exists():
        raise ValidationError("You cannot answer this evaluation.")
    if evaluation.kind == Evaluation.Kind.SCHOOLS:
        if school is None or not led_schools(respondent).filter(pk=school.pk).exists():
            errors["school"] = "Select a school you lead"
    else:
        school = None
    if errors:
        raise ValidationError(errors)
    already = _already(evaluation, respondent, school)
    if already is not None:
        raise already
    try:
        with transaction.atomic():
            return EvaluationAnswer.objects.create(
                evaluation=evaluation, respondent=respondent, school=school, rating=rating, comments=comments, submitted_at=now
            )
    except IntegrityError:
        # The same person (or another leader of the same school) answered in between: keep the first.
        already = _already(evaluation, respondent, school)
        if already is None:
            raise
        raise already from None


# --- Results ---------------------------------------------------------------------------------------------


def evaluations_with_results(kind: str = "") -> QuerySet[Evaluation]:
    """Every evaluation with its number of answers and average rating (one query, however many)."""
    evaluations = Evaluation.objects.select_related("event", "cohort__programme").annotate(
        answer_count=Count("answers"), average=Avg("answers__rating")
    ).order_by("-opens_on", "-pk")
    if kind:
        evaluations = evaluations.filter(kind=kind)
    return evaluations


@dataclass
class Results:
    count: int
    average: float | None
    # (rating, label, how many, percent of answers) for 1 to 5.
    distribution: list[tuple[int, str, int, int]]


def results_of(evaluation: Evaluation) -> Results:
    """The count, average and the spread over 1 to 5, from one aggregate query."""
    figures = evaluation.answers.aggregate(
        count=Count("pk"), average=Avg("rating"), **{f"r{n}": Count("pk", filter=Q(rating=n)) for n in RATINGS}
    )
    count = figures["count"]
    distribution = [
        (n, RATING_LABELS[n], figures[f"r{n}"], round(100 * figures[f"r{n}"] / count) if count else 0) for n in RATINGS
    ]
    return Results(count=count, average=figures["average"], distribution=distribution)


def answers_csv(evaluation: Evaluation) -> tuple[list[str], Iterator[list]]:
    """The answers for a spreadsheet: no names or emails; the school only for the annual survey (it answers as the school).

    The rows come one at a time, as the exporter writes them.
    """
    header = ["Rating", "Comments", "Submitted on"]
    schools = evaluation.kind == Evaluation.Kind.SCHOOLS
    if schools:
        header += ["School URN", "School"]

    def rows():
        for answer in evaluation.answers.select_related("school").order_by("submitted_at", "pk").iterator(chunk_size=1000):
            row = [answer.rating, answer.comments, timezone.localdate(answer.submitted_at)]
            if schools:
                row += [answer.school.urn if answer.school else "", answer.school.name if answer.school else ""]
            yield row

    return header, rows()
