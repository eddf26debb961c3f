"""The England and Wales bank holiday table, its standing-rule generator and the feed reader."""

from datetime import date

import pytest

from appropriate_body.rules.bank_holidays import (
    ENGLAND_AND_WALES,
    ENGLAND_AND_WALES_EVENTS,
    FIRST_YEAR,
    LAST_YEAR,
    easter_sunday,
    parse_govuk_feed,
    standing_rule_holidays,
    title_of,
)

# The days proclaimed outside the standing rules: (removed, added) per year.
ONE_OFFS = {
    2020: (
        {(date(2020, 5, 4), "Early May bank holiday")},
        {(date(2020, 5, 8), "Early May bank holiday (VE day)")},
    ),
    2022: (
        {(date(2022, 5, 30), "Spring bank holiday")},
        {
            (date(2022, 6, 2), "Spring bank holiday"),
            (date(2022, 6, 3), "Platinum Jubilee bank holiday"),
            (date(2022, 9, 19), "Bank Holiday for the State Funeral of Queen Elizabeth II"),
        },
    ),
    2023: (set(), {(date(2023, 5, 8), "Bank holiday for the coronation of King Charles III")}),
}


def events_in(year):
    return [event for event in ENGLAND_AND_WALES_EVENTS if event[0].year == year]


def test_the_2025_26_holidays_match_domain_rules():
    # §2.11 worked tests: "25 Aug 2025, 25–26 Dec 2025, 1 Jan 2026, 3 Apr 2026, 6 Apr 2026".
    between = {day for day in ENGLAND_AND_WALES if date(2025, 8, 1) <= day <= date(2026, 4, 30)}
    assert between == {
        date(2025, 8, 25),
        date(2025, 12, 25),
        date(2025, 12, 26),
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
    }


def test_every_year_from_2018_to_2030_is_covered():
    assert (FIRST_YEAR, LAST_YEAR) == (2018, 2030)
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        assert len(events_in(year)) >= 8, year
    assert min(ENGLAND_AND_WALES).year == FIRST_YEAR
    assert max(ENGLAND_AND_WALES).year == LAST_YEAR


def test_the_table_is_sorted_with_one_title_per_day_and_every_day_a_weekday():
    days = [day for day, _ in ENGLAND_AND_WALES_EVENTS]
    assert days == sorted(set(days))
    assert all(day.weekday() < 5 for day in days)


@pytest.mark.parametrize("year", [year for year in range(FIRST_YEAR, LAST_YEAR + 1) if year not in ONE_OFFS])
def test_the_standing_rules_give_every_ordinary_year(year):
    assert events_in(year) == standing_rule_holidays(year)


@pytest.mark.parametrize("year", sorted(ONE_OFFS))
def test_the_only_exceptions_are_the_proclaimed_one_offs(year):
    removed, added = ONE_OFFS[year]
    table, rules = set(events_in(year)), set(standing_rule_holidays(year))
    assert rules - table == removed
    assert table - rules == added


def test_titles_are_govuks():
    assert title_of(date(2025, 1, 1)) == "New Year\u2019s Day"
    assert title_of(date(2022, 9, 19)) == "Bank Holiday for the State Funeral of Queen Elizabeth II"
    assert title_of(date(2023, 5, 8)) == "Bank holiday for the coronation of King Charles III"
    assert title_of(date(2022, 6, 3)) == "Platinum Jubilee bank holiday"
    # A substitute day keeps the title of the day it stands in for, as the feed has it.
    assert title_of(date(2022, 12, 27)) == "Christmas Day"
    assert title_of(date(2026, 12, 28)) == "Boxing Day"
    assert title_of(date(2026, 12, 26)) is None  # Saturday: the holiday moved to Monday.
    assert title_of(date(2025, 7, 18)) is None


def test_substitute_days_follow_the_weekend():
    # Christmas on a Sunday: Boxing Day keeps Monday, Christmas moves to Tuesday.
    assert standing_rule_holidays(2022)[-2:] == [
        (date(2022, 12, 26), "Boxing Day"),
        (date(2022, 12, 27), "Christmas Day"),
    ]
    # Christmas on a Saturday: both move, to Monday and Tuesday.
    assert standing_rule_holidays(2021)[-2:] == [
        (date(2021, 12, 27), "Christmas Day"),
        (date(2021, 12, 28), "Boxing Day"),
    ]
    # New Year's Day on a Saturday: Monday 3 January.
    assert standing_rule_holidays(2028)[0] == (date(2028, 1, 3), "New Year\u2019s Day")


@pytest.mark.parametrize(
    "year, sunday",
    [(2019, date(2019, 4, 21)), (2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
     (2038, date(2038, 4, 25)), (2285, date(2285, 3, 22))],  # the latest and the earliest possible dates
)
def test_easter_sunday(year, sunday):
    assert easter_sunday(year) == sunday


def test_parse_govuk_feed_reads_the_england_and_wales_events():
    feed = {
        "england-and-wales": {
            "division": "england-and-wales",
            "events": [
                {"title": "Boxing Day", "date": "2026-12-28", "notes": "Substitute day", "bunting": True},
                {"title": "New Year\u2019s Day", "date": "2026-01-01", "notes": "", "bunting": True},
            ],
        },
        "scotland": {
            "division": "scotland",
            "events": [{"title": "St Andrew\u2019s Day", "date": "2026-11-30", "notes": "", "bunting": True}],
        },
    }
    assert parse_govuk_feed(feed) == [(date(2026, 1, 1), "New Year\u2019s Day"), (date(2026, 12, 28), "Boxing Day")]
    assert parse_govuk_feed(feed, division="scotland") == [(date(2026, 11, 30), "St Andrew\u2019s Day")]


def test_parse_govuk_feed_round_trips_the_table():
    feed = {
        "england-and-wales": {
            "division": "england-and-wales",
            "events": [
                {"title": title, "date": day.isoformat(), "notes": "", "bunting": True}
                for day, title in reversed(ENGLAND_AND_WALES_EVENTS)
            ],
        }
    }
    assert parse_govuk_feed(feed) == list(ENGLAND_AND_WALES_EVENTS)


@pytest.mark.parametrize(
    "feed",
    [
        {},
        {"scotland": {"events": []}},
        {"england-and-wales": {"division": "england-and-wales"}},
        {"england-and-wales": {"events": [{"title": "Good Friday", "date": "3 April 2026"}]}},
        {"england-and-wales": {"events": [{"date": "2026-04-03"}]}},
        {"england-and-wales": []},
    ],
)
def test_parse_govuk_feed_refuses_what_is_not_the_feed(feed):
    with pytest.raises(ValueError):
        parse_govuk_feed(feed)
