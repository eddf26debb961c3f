"""School terms on a 3-term year, and exact terms of employment (domain-rules.md LEN-001/002).

Induction is counted in terms of an institution with three terms a year (LEN-001/002). Schools
set their own term dates, so the calendar is a parameter. The default uses the contractual
teacher terms of the "Burgundy Book" (autumn 1 Sep–31 Dec, spring 1 Jan–30 Apr, summer
1 May–31 Aug): they cover every day of the year, so continuous employment through a holiday
keeps counting, and they are close to equal in length. [I] TODO(confirm): neither SG24 nor
RIAB fixes term dates; an AB may prefer the school's own dates.

A part of a term counts in proportion to its days: 61 of autumn's 122 days is exactly half a
term. Results are Fractions so that adding the pieces of a split span gives back exactly the
whole (the "never loses time across a transfer" property in tests/test_term_calendar.py).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from math import ceil

ONE_DAY = timedelta(days=1)
TERMS_PER_YEAR = 3


@dataclass(frozen=True, order=True)
class Term:
    """One school term: school_year 2025 is the year that starts in autumn 2025."""

    school_year: int
    number: int  # 1, 2 or 3 within the school year
    start: date = field(compare=False)
    end: date = field(compare=False)  # inclusive
    name: str = field(compare=False)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        return f"{self.name.capitalize()} term {self.start.year}"


@dataclass(frozen=True)
class TermCalendar:
    """A 3-term year given by the (month, day) each term starts, in school-year order.

    Each term ends the day before the next one starts, so the terms tile the year: every day
    belongs to exactly one term.
    """

    term_starts: tuple[tuple[int, int], ...] = ((9, 1), (1, 1), (5, 1))
    names: tuple[str, ...] = ("autumn", "spring", "summer")

    def __post_init__(self) -> None:
        # LEN-002: a "term" is a third of a school year; other structures convert to 3 terms.
        if len(self.term_starts) != TERMS_PER_YEAR or len(self.names) != TERMS_PER_YEAR:
            raise ValueError("A term calendar has exactly 3 terms a year (LEN-002).")
        if (2, 29) in self.term_starts:
            raise ValueError("A term cannot start on 29 February: it is not in every year.")
        for month, day in self.term_starts:
            date(2024, month, day)  # raises ValueError for an impossible day
        # Starts must go round the year once: at most one wrap from December to January.
        wraps = sum(b <= a for a, b in zip(self.term_starts, self.term_starts[1:], strict=False))
        if wraps > 1 or (wraps == 1 and self.term_starts[-1] >= self.term_starts[0]):
            raise ValueError("Term starts must be in school-year order, within one year.")

    def _start_of(self, school_year: int, number: int) -> date:
        first_month_day = self.term_starts[0]
        month, day = self.term_starts[number - 1]
        year = school_year if (month, day) >= first_month_day else school_year + 1
        return date(year, month, day)

    def term(self, school_year: int, number: int) -> Term:
        if number not in (1, 2, 3):
            raise ValueError(f"Terms are numbered 1 to 3, not {number}.")
        start = self._start_of(school_year, number)
        following = self._start_of(school_year + 1, 1) if number == 3 else self._start_of(school_year, number + 1)
        return Term(school_year, number, start, following - ONE_DAY, self.names[number - 1])

    def term_containing(self, day: date) -> Term:
        school_year = day.year if (day.month, day.day) >= self.term_starts[0] else day.year - 1
        for number in (3, 2, 1):
            if self._start_of(school_year, number) <= day:
                return self.term(school_year, number)
        raise AssertionError("unreachable: term 1 starts the school year")  # pragma: no cover

    def term_start(self, day: date) -> date:
        return self.term_containing(day).start

    def term_end(self, day: date) -> date:
        return self.term_containing(day).end

    def next_term(self, term: Term) -> Term:
        if term.number == TERMS_PER_YEAR:
            return self.term(term.school_year + 1, 1)
        return self.term(term.school_year, term.number + 1)

    def terms_from(self, day: date) -> Iterator[Term]:
        """The term containing day, then every term after it."""
        term = self.term_containing(day)
        while True:
            yield term
            term = self.next_term(term)

    def terms_between(self, start: date, end: date) -> Fraction:
        """Exact terms of employment from start to end, both days included.

        Each term contributes (days employed in it) / (days in it), so a whole term is exactly 1
        whatever its length, and the sum over consecutive spans is the same as over the whole.
        """
        if end < start:
            raise ValueError(f"The end date {end:%d %B %Y} is before the start date {start:%d %B %Y}.")
        total = Fraction(0)
        for term in self.terms_from(start):
            if term.start > end:
                break
            days = (min(end, term.end) - max(start, term.start)).days + 1
            total += Fraction(days, term.days)
        return total

    def date_after_terms(self, start: date, terms: Fraction | int) -> date:
        """The first day on which employment from start has lasted at least `terms` terms.

        It is the inclusive end date of that much employment: date_after_terms(1 Sep, 1) is
        31 Dec. A fraction of a term that ends part-way through a day rounds up to that day, so
        terms_between(start, result) >= terms, and the day before is still short of it.
        """
        remaining = Fraction(terms)
        if remaining <= 0:
            raise ValueError("Count at least some employment: terms must be more than 0.")
        for term in self.terms_from(start):
            first = max(start, term.start)
            available = Fraction((term.end - first).days + 1, term.days)
            if remaining <= available:
                return first + timedelta(days=ceil(remaining * term.days) - 1)
            remaining -= available
        raise AssertionError("unreachable: terms_from never ends")  # pragma: no cover


DEFAULT_CALENDAR = TermCalendar()
