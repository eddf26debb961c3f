"""The shape every home panel shares: a task with its count and the page where it is done."""

from dataclasses import dataclass
from datetime import date, timedelta

from appropriate_body.rules.term_calendar import DEFAULT_CALENDAR


@dataclass(frozen=True)
class Task:
    """One row of a GOV.UK task list: what to do, how many are waiting, and where it is done."""

    key: str
    label: str
    count: int
    url: str
    hint: str = ""
    # A figure to know (registrations this week), not a to-do: shown as a number, never "Done".
    figure: bool = False

    @property
    def done(self) -> bool:
        return self.count == 0


def half_term_end(today: date) -> date:
    """The last day of the half-term `today` falls in: each term of the portal's calendar split in two.

    Schools set their own half-term holidays; the middle of the term (the calendar the induction
    rules count terms with) is close to all of them and the same for every school.
    """
    term = DEFAULT_CALENDAR.term_containing(today)
    middle = term.start + timedelta(days=term.days // 2 - 1)
    return middle if today <= middle else term.end

