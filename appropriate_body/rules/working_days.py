"""Working-day arithmetic for the induction deadlines (domain-rules.md §2.11).

A working day is a weekday that is not a bank holiday in England and Wales [I]
(TODO(confirm): REG's definition was not read). School INSET days and holidays do not stop
the clock [I], so there is no school calendar here on purpose.

Every function takes the holidays as a set of dates so tests (and, one day, another nation's
calendar) can pass their own; the default table covers 2018–2030 (bank_holidays.LAST_YEAR).
"""

from collections.abc import Container
from datetime import date, timedelta
from enum import StrEnum

from appropriate_body.rules.bank_holidays import ENGLAND_AND_WALES

ONE_DAY = timedelta(days=1)


def is_working_day(day: date, holidays: Container[date] = ENGLAND_AND_WALES) -> bool:
    """Monday to Friday, and not a bank holiday."""
    return day.weekday() < 5 and day not in holidays


def next_working_day_on_or_after(day: date, holidays: Container[date] = ENGLAND_AND_WALES) -> date:
    while not is_working_day(day, holidays):
        day += ONE_DAY
    return day


def add_working_days_beginning_with(start: date, n: int, holidays: Container[date] = ENGLAND_AND_WALES) -> date:
    """The last day of "N working days beginning with" start: the day a duty falls due.

    REG's "beginning with" makes start itself day 1 when it is a working day (§2.11). When it is
    not, counting starts at the first working day after it: §2.11's worked appeal example counts
    from Monday 29 December for a notice deemed received on Christmas Day.
    """
    if n < 1:
        raise ValueError(f"A period of working days is at least 1 day long, not {n}.")
    day = next_working_day_on_or_after(start, holidays)
    for _ in range(n - 1):
        day = next_working_day_on_or_after(day + ONE_DAY, holidays)
    return day


def working_days_between(a: date, b: date, holidays: Container[date] = ENGLAND_AND_WALES) -> int:
    """Working days after a, up to and including b; negative when b is before a.

    Read it as "from today to the due date": working_days_between(today, due_on) is the working
    days left (Monday to Thursday is 3: Tuesday, Wednesday and Thursday), and
    working_days_between(due_on, today) is how many working days a duty is overdue. It is 0 on
    the same day, and from a Friday deadline to the Saturday after (no working day lost yet).
    """
    if b < a:
        return -working_days_between(b, a, holidays)
    count = 0
    day = a + ONE_DAY
    while day <= b:
        count += is_working_day(day, holidays)
        day += ONE_DAY
    return count


class DeliveryMethod(StrEnum):
    """How a notice was given: only the ways §2.11 settles a deemed receipt for (DL-010)."""

    EMAIL = "email"
    FAX = "fax"
    # TODO(confirm) [I]: handing a notice over is taken as received that day; REG reg 18 was
    # read only for email and fax.
    BY_HAND = "by hand"


def deemed_receipt(sent_on: date, method: DeliveryMethod | str) -> date:
    """DL-010: the day a notice counts as received, which starts the appeal clock (DL-009).

    Email or fax: the second day after transmission, in calendar days (the worked example:
    emailed Tuesday 23 December, deemed received Thursday 25 December, a bank holiday).
    By hand: the same day [I]. Post is not covered: REG reg 18's rule for it was not read, so
    "post" (or any other method) raises ValueError rather than guessing a date.
    """
    method = DeliveryMethod(method)
    if method in (DeliveryMethod.EMAIL, DeliveryMethod.FAX):
        return sent_on + 2 * ONE_DAY
    return sent_on
