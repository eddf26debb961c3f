"""Bank holidays in England and Wales: the days the induction deadlines (DL-001..DL-013) skip.

§2.11 [I]: a working day is a weekday that is not a bank holiday in England (GOV.UK's feed,
division "england-and-wales"). TODO(confirm): REG's own definition of "working day" was not read.

The table is data, titled exactly as GOV.UK's feed titles each day; a substitute day keeps the
title of the holiday it replaces, as in the feed (whose notes say "Substitute day"). The hub can
refresh it from the feed with `parse_govuk_feed`. `standing_rule_holidays` derives a year from
the Banking and Financial Dealings Act pattern; the tests check that it agrees with the table in
every year without a one-off, so the only exceptions are the proclaimed ones.
"""

from datetime import date, timedelta

NEW_YEARS_DAY = "New Year\u2019s Day"  # GOV.UK's title has a typographic apostrophe.
GOOD_FRIDAY = "Good Friday"
EASTER_MONDAY = "Easter Monday"
EARLY_MAY = "Early May bank holiday"
SPRING = "Spring bank holiday"
SUMMER = "Summer bank holiday"
CHRISTMAS_DAY = "Christmas Day"
BOXING_DAY = "Boxing Day"

FIRST_YEAR = 2018
LAST_YEAR = 2030

_TABLE: tuple[tuple[str, str], ...] = (
    # 2018–2025: checked against a verbatim copy of GOV.UK's feed (england-and-wales events).
    ("2018-01-01", NEW_YEARS_DAY), ("2018-03-30", GOOD_FRIDAY), ("2018-04-02", EASTER_MONDAY),
    ("2018-05-07", EARLY_MAY), ("2018-05-28", SPRING), ("2018-08-27", SUMMER),
    ("2018-12-25", CHRISTMAS_DAY), ("2018-12-26", BOXING_DAY),
    ("2019-01-01", NEW_YEARS_DAY), ("2019-04-19", GOOD_FRIDAY), ("2019-04-22", EASTER_MONDAY),
    ("2019-05-06", EARLY_MAY), ("2019-05-27", SPRING), ("2019-08-26", SUMMER),
    ("2019-12-25", CHRISTMAS_DAY), ("2019-12-26", BOXING_DAY),
    # 2020: the early May holiday moved from Monday 4 May to Friday 8 May (75th anniversary of VE day).
    ("2020-01-01", NEW_YEARS_DAY), ("2020-04-10", GOOD_FRIDAY), ("2020-04-13", EASTER_MONDAY),
    ("2020-05-08", "Early May bank holiday (VE day)"), ("2020-05-25", SPRING), ("2020-08-31", SUMMER),
    ("2020-12-25", CHRISTMAS_DAY), ("2020-12-28", BOXING_DAY),
    ("2021-01-01", NEW_YEARS_DAY), ("2021-04-02", GOOD_FRIDAY), ("2021-04-05", EASTER_MONDAY),
    ("2021-05-03", EARLY_MAY), ("2021-05-31", SPRING), ("2021-08-30", SUMMER),
    ("2021-12-27", CHRISTMAS_DAY), ("2021-12-28", BOXING_DAY),
    # 2022: the spring holiday moved from 30 May to Thursday 2 June, with an extra day on 3 June
    # (Platinum Jubilee), and an extra day on 19 September (the Queen's state funeral).
    ("2022-01-03", NEW_YEARS_DAY), ("2022-04-15", GOOD_FRIDAY), ("2022-04-18", EASTER_MONDAY),
    ("2022-05-02", EARLY_MAY), ("2022-06-02", SPRING), ("2022-06-03", "Platinum Jubilee bank holiday"),
    ("2022-08-29", SUMMER), ("2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II"),
    ("2022-12-26", BOXING_DAY), ("2022-12-27", CHRISTMAS_DAY),
    # 2023: an extra day on Monday 8 May (the King's coronation).
    ("2023-01-02", NEW_YEARS_DAY), ("2023-04-07", GOOD_FRIDAY), ("2023-04-10", EASTER_MONDAY),
    ("2023-05-01", EARLY_MAY), ("2023-05-08", "Bank holiday for the coronation of King Charles III"),
    ("2023-05-29", SPRING), ("2023-08-28", SUMMER),
    ("2023-12-25", CHRISTMAS_DAY), ("2023-12-26", BOXING_DAY),
    ("2024-01-01", NEW_YEARS_DAY), ("2024-03-29", GOOD_FRIDAY), ("2024-04-01", EASTER_MONDAY),
    ("2024-05-06", EARLY_MAY), ("2024-05-27", SPRING), ("2024-08-26", SUMMER),
    ("2024-12-25", CHRISTMAS_DAY), ("2024-12-26", BOXING_DAY),
    ("2025-01-01", NEW_YEARS_DAY), ("2025-04-18", GOOD_FRIDAY), ("2025-04-21", EASTER_MONDAY),
    ("2025-05-05", EARLY_MAY), ("2025-05-26", SPRING), ("2025-08-25", SUMMER),
    ("2025-12-25", CHRISTMAS_DAY), ("2025-12-26", BOXING_DAY),
    # 2026: checked against copies of the feed's 2026 events (and domain-rules.md §2.11's list).
    ("2026-01-01", NEW_YEARS_DAY), ("2026-04-03", GOOD_FRIDAY), ("2026-04-06", EASTER_MONDAY),
    ("2026-05-04", EARLY_MAY), ("2026-05-25", SPRING), ("2026-08-31", SUMMER),
    ("2026-12-25", CHRISTMAS_DAY), ("2026-12-28", BOXING_DAY),
    # 2027–2028: published by GOV.UK, but checked only against secondary lists that cite it.
    ("2027-01-01", NEW_YEARS_DAY), ("2027-03-26", GOOD_FRIDAY), ("2027-03-29", EASTER_MONDAY),
    ("2027-05-03", EARLY_MAY), ("2027-05-31", SPRING), ("2027-08-30", SUMMER),
    ("2027-12-27", CHRISTMAS_DAY), ("2027-12-28", BOXING_DAY),
    ("2028-01-03", NEW_YEARS_DAY), ("2028-04-14", GOOD_FRIDAY), ("2028-04-17", EASTER_MONDAY),
    ("2028-05-01", EARLY_MAY), ("2028-05-29", SPRING), ("2028-08-28", SUMMER),
    ("2028-12-25", CHRISTMAS_DAY), ("2028-12-26", BOXING_DAY),
    # 2029–2030: DERIVED from the standing rules (standing_rule_holidays), not yet published.
    # Refresh from the feed once GOV.UK lists them: a proclaimed one-off would change them.
    ("2029-01-01", NEW_YEARS_DAY), ("2029-03-30", GOOD_FRIDAY), ("2029-04-02", EASTER_MONDAY),
    ("2029-05-07", EARLY_MAY), ("2029-05-28", SPRING), ("2029-08-27", SUMMER),
    ("2029-12-25", CHRISTMAS_DAY), ("2029-12-26", BOXING_DAY),
    ("2030-01-01", NEW_YEARS_DAY), ("2030-04-19", GOOD_FRIDAY), ("2030-04-22", EASTER_MONDAY),
    ("2030-05-06", EARLY_MAY), ("2030-05-27", SPRING), ("2030-08-26", SUMMER),
    ("2030-12-25", CHRISTMAS_DAY), ("2030-12-26", BOXING_DAY),
)

ENGLAND_AND_WALES_EVENTS: tuple[tuple[date, str], ...] = tuple(
    (date.fromisoformat(day), title) for day, title in _TABLE
)
ENGLAND_AND_WALES: frozenset[date] = frozenset(day for day, _ in ENGLAND_AND_WALES_EVENTS)
_TITLES: dict[date, str] = dict(ENGLAND_AND_WALES_EVENTS)


def title_of(day: date) -> str | None:
    """GOV.UK's title for a bank holiday in England and Wales, or None for any other day."""
    return _TITLES.get(day)


def parse_govuk_feed(data: dict, division: str = "england-and-wales") -> list[tuple[date, str]]:
    """(date, title) pairs, oldest first, from the JSON of https://www.gov.uk/bank-holidays.json.

    The feed's shape: {"england-and-wales": {"division": ..., "events": [{"title", "date",
    "notes", "bunting"}, ...]}, "scotland": ..., "northern-ireland": ...}. A feed without the
    division, or with an event that has no ISO date or title, raises ValueError rather than
    quietly shrinking the calendar (fewer holidays would bring every deadline forward).
    """
    try:
        events = data[division]["events"]
        pairs = [(date.fromisoformat(event["date"]), str(event["title"])) for event in events]
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"Not a GOV.UK bank holidays feed with {division!r} events: {error}") from error
    return sorted(pairs)


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous, Meeus/Jones/Butcher, algorithm)."""
    # The single letters are the algorithm's published names, kept so it can be checked against them.
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own name, see above)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=last.weekday())


def standing_rule_holidays(year: int) -> list[tuple[date, str]]:
    """A year's bank holidays by the standing rules, without proclaimed one-offs.

    New Year's Day, Christmas Day and Boxing Day that fall at a weekend move to the next weekday
    not already a holiday (so a Sunday Christmas is observed on Tuesday, after Monday's Boxing Day).
    """
    easter = easter_sunday(year)
    holidays = {
        easter - timedelta(days=2): GOOD_FRIDAY,
        easter + timedelta(days=1): EASTER_MONDAY,
        _first_monday(year, 5): EARLY_MAY,
        _last_monday(year, 5): SPRING,
        _last_monday(year, 8): SUMMER,
    }
    fixed = ((date(year, 1, 1), NEW_YEARS_DAY), (date(year, 12, 25), CHRISTMAS_DAY), (date(year, 12, 26), BOXING_DAY))
    weekend = [(day, title) for day, title in fixed if day.weekday() >= 5]
    holidays.update((day, title) for day, title in fixed if day.weekday() < 5)
    for day, title in weekend:
        while day.weekday() >= 5 or day in holidays:
            day += timedelta(days=1)
        holidays[day] = title
    return sorted(holidays.items())
