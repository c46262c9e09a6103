"""Tests for DATE normalisation and article-date detection (corpusx.values.dates, corpusx.values.reference_dates)."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusx.values.dates import normalize_date
from corpusx.values.reference_dates import find_reference_dates, reference_at
from corpusx.values.timex import TIMEX_VALUE_RE

TUESDAY = datetime.date(2025, 2, 4)
MONDAY = datetime.date(2025, 2, 17)
MID_JUNE = datetime.date(2025, 6, 15)
NEW_YEARS_EVE = datetime.date(2024, 12, 31)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-02-04", "2025-02-04"),
        ("2025-02-04T10:00:00Z", "2025-02-04"),
        ("2025-02", "2025-02"),
        ("Tuesday, Feb. 4, 2025", "2025-02-04"),
        ("Feb. 4, 2025", "2025-02-04"),
        ("4 February 2025", "2025-02-04"),
        ("the 4th of February, 2025", "2025-02-04"),
        ("February 4, 2025 at 10:30 a.m.", "2025-02-04"),
        ("2/4/2025", "2025-02-04"),
        ("25/12/2024", "2024-12-25"),
        ("February 2025", "2025-02"),
        ("Feb. of 2025", "2025-02"),
        ("2023", "2023"),
        ("fiscal 2024", "2024"),
        ("the 2009 pandemic", "2009"),
        ("mid-2024", "2024"),
        ("the 1990s", "199"),
        ("the 1980's", "198"),
        ("the early 1990's", "199"),
        ("1988's", "1988"),
        ("the early 2000s", "200"),
        ("the 20th century", "19"),
        ("Q4 2024", "2024-Q4"),
        ("the fourth quarter of 2024", "2024-Q4"),
        ("the first half of 2024", "2024-H1"),
        ("4-Feb-2025", "2025-02-04"),
    ],
)
def test_dates_absolute_forms_resolve_without_reference(text: str, expected: str) -> None:
    """Dates that spell their own year give the same value with or without an article date."""
    assert normalize_date(text, None) == expected
    assert normalize_date(text, TUESDAY) == expected


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("Tuesday", TUESDAY, "2025-02-04"),
        ("Monday", TUESDAY, "2025-02-03"),
        ("Wednesday", TUESDAY, "2025-02-05"),
        ("on Wednesday", TUESDAY, "2025-02-05"),
        ("Friday", TUESDAY, "2025-02-07"),
        ("Saturday", TUESDAY, "2025-02-01"),
        ("Saturday", MONDAY, "2025-02-15"),
        ("Monday", MONDAY, "2025-02-17"),
        ("last Tuesday", TUESDAY, "2025-01-28"),
        ("last Monday", TUESDAY, "2025-02-03"),
        ("next Friday", TUESDAY, "2025-02-07"),
        ("next Tuesday", TUESDAY, "2025-02-11"),
        ("this past Sunday", TUESDAY, "2025-02-02"),
        ("Saturday evening", MONDAY, "2025-02-15"),
        ("Tuesday morning", TUESDAY, "2025-02-04"),
    ],
)
def test_dates_weekday_is_nearest_or_strictly_before_or_after(
    text: str, reference: datetime.date, expected: str
) -> None:
    """A bare weekday is the nearest such day; "last" / "next" move strictly before / after."""
    assert normalize_date(text, reference) == expected


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("today", TUESDAY, "2025-02-04"),
        ("tonight", TUESDAY, "2025-02-04"),
        ("this morning", TUESDAY, "2025-02-04"),
        ("later in the day", TUESDAY, "2025-02-04"),
        ("earlier in the day", TUESDAY, "2025-02-04"),
        ("yesterday", TUESDAY, "2025-02-03"),
        ("yesterday afternoon", TUESDAY, "2025-02-03"),
        ("tomorrow", NEW_YEARS_EVE, "2025-01-01"),
        ("three days ago", TUESDAY, "2025-02-01"),
        ("this week", TUESDAY, "2025-W06"),
        ("This Week", TUESDAY, "2025-W06"),
        ("earlier this week", TUESDAY, "2025-W06"),
        ("last week", TUESDAY, "2025-W05"),
        ("next week", TUESDAY, "2025-W07"),
        ("two weeks ago", TUESDAY, "2025-W04"),
        ("this week", datetime.date(2024, 12, 30), "2025-W01"),
        ("last month", TUESDAY, "2025-01"),
        ("Last month", datetime.date(2025, 1, 10), "2024-12"),
        ("this month", TUESDAY, "2025-02"),
        ("next month", NEW_YEARS_EVE, "2025-01"),
        ("six months ago", TUESDAY, "2024-08"),
        ("last year", TUESDAY, "2024"),
        ("last year's", TUESDAY, "2024"),
        ("this year", TUESDAY, "2025"),
        ("earlier this year", TUESDAY, "2025"),
        ("a year ago", TUESDAY, "2024"),
        ("July last year", TUESDAY, "2024-07"),
        ("the first quarter of next year", TUESDAY, "2026-Q1"),
        ("the fourth quarter", TUESDAY, "2024-Q4"),
        ("the second quarter", TUESDAY, "2025-Q2"),
        ("Q3", datetime.date(2025, 10, 20), "2025-Q3"),
        ("the second half", TUESDAY, "2025-H2"),
        ("the second half of the year", TUESDAY, "2025-H2"),
        ("the first quarter of the year", TUESDAY, "2025-Q1"),
        ("next quarter", TUESDAY, "2025-Q2"),
        ("last quarter", TUESDAY, "2024-Q4"),
        ("last quarter", datetime.date(2025, 8, 1), "2025-Q2"),
        ("this weekend", TUESDAY, "2025-W06-WE"),
        ("last weekend", TUESDAY, "2025-W05-WE"),
        ("the weekend", TUESDAY, "2025-W05-WE"),
        ("the week", TUESDAY, "2025-WXX"),
        ("over the weekend", datetime.date(2025, 2, 7), "2025-W06-WE"),
        ("the end of the year", TUESDAY, "2025"),
        ("by the end of the month", TUESDAY, "2025-02"),
        ("end-2024", TUESDAY, "2024"),
        ("just over 12 months ago", TUESDAY, "2024-02"),
        ("more than two years ago", TUESDAY, "2023"),
        ("first-quarter", datetime.date(2025, 4, 20), "2025-Q1"),
        ("the year ended June 30", TUESDAY, "2024-06-30"),
        ("a week or so ago", TUESDAY, "2025-W05"),
        ("the next year or so", TUESDAY, "2026"),
        ("two months or thereabouts ago", TUESDAY, "2024-12"),
        ("Christmas", TUESDAY, "2024-12-25"),
        ("this Christmas", TUESDAY, "2025-12-25"),
        ("next Christmas", NEW_YEARS_EVE, "2025-12-25"),
        ("Christmas 2003", TUESDAY, "2003-12-25"),
        ("New Year’s Eve", TUESDAY, "2024-12-31"),
        ("Easter", TUESDAY, "2025-04-20"),
        ("Good Friday", datetime.date(2005, 3, 15), "2005-03-25"),
        ("Thanksgiving", datetime.date(2024, 11, 1), "2024-11-28"),
    ],
)
def test_dates_relative_expressions_resolve_against_reference(
    text: str, reference: datetime.date, expected: str
) -> None:
    """Relative days, weeks, weekends, months, quarters and years count from the article date in calendar units."""
    assert normalize_date(text, reference) == expected


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("February 15", MONDAY, "2025-02-15"),
        ("Feb. 15", MONDAY, "2025-02-15"),
        ("15 February", MONDAY, "2025-02-15"),
        ("December 30", TUESDAY, "2024-12-30"),
        ("January 3", NEW_YEARS_EVE, "2025-01-03"),
        ("January", TUESDAY, "2025-01"),
        ("December", TUESDAY, "2024-12"),
        ("August", TUESDAY, "2024-08"),
        ("June", TUESDAY, "2025-06"),
        ("December", MID_JUNE, "2024-12"),
        ("last January", datetime.date(2025, 1, 20), "2024-01"),
        ("next March", MID_JUNE, "2026-03"),
        ("early April", TUESDAY, "2025-04"),
        ("the three months to December", TUESDAY, "2024-12"),
        ("the fourth week of January", MONDAY, "2025-W04"),
        ("the first week of March", TUESDAY, "2025-W10"),
        ("the last week of January", TUESDAY, "2025-W05"),
        ("the second week of January 2026", TUESDAY, "2026-W02"),
    ],
)
def test_dates_month_without_year_takes_nearest_year(text: str, reference: datetime.date, expected: str) -> None:
    """Month-days and months without a year land nearest the article date (ties go to the past)."""
    assert normalize_date(text, reference) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("January", "XXXX-01"),
        ("February 15", "XXXX-02-15"),
        ("15 Feb.", "XXXX-02-15"),
        ("Tuesday", None),
        ("last month", None),
        ("this week", None),
        ("yesterday", None),
        ("last January", None),
        ("the third quarter", None),
        ("the weekend", None),
        ("the week", None),
        ("Christmas", "XXXX-12-25"),
        ("Easter", None),
    ],
)
def test_dates_without_reference_keep_unknown_year(text: str, expected: str | None) -> None:
    """Without an article date, months and month-days get an `XXXX` year and relative phrases give None."""
    assert normalize_date(text, None) == expected


@pytest.mark.parametrize(
    "text",
    [
        "weekly",
        "the last week",
        "the year",
        "half of the year",
        "the second half of the match",
        "so",
        "Feb. 4-6",
        "between 2005 and 2008",
        "22-year-old",
        "the week following",
        "",
        "   ",
        "February 30",
    ],
)
def test_dates_non_points_give_none(text: str) -> None:
    """Frequencies, unsplit ranges and impossible days get no value."""
    assert normalize_date(text, TUESDAY) is None


def test_dates_accepts_datetime_reference() -> None:
    """A datetime reference is read as its calendar day."""
    assert normalize_date("yesterday", datetime.datetime(2025, 2, 4, 23, 59)) == "2025-02-03"


DATE_WORDS = [
    "the", "last", "next", "this", "week", "month", "year", "ago", "two", "of", "to", "fourth",
    "January", "Feb.", "May", "Tuesday", "Saturday", "evening", "today", "2025", "15", "4th", "1990s",
    "Q4", "quarter", "-", ",", "/", "12", "2/4/2025", "2025-02-04", "T10:00", "p.m.", "fiscal", "or", "so",
]  # fmt: skip
DATE_LIKE_TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(st.sampled_from(DATE_WORDS), st.text(max_size=4)), max_size=7).map(" ".join),
)


@given(text=DATE_LIKE_TEXT, reference=st.one_of(st.none(), st.dates()))
@settings(deadline=None, max_examples=500)
def test_dates_never_raise_and_stay_timex(text: str, reference: datetime.date | None) -> None:
    """Any text with any reference gives None or a TIMEX-style value, the same each time."""
    value = normalize_date(text, reference)
    assert value is None or TIMEX_VALUE_RE.match(value)
    assert normalize_date(text, reference) == value


@given(
    phrase=st.sampled_from(
        [
            "Tuesday",
            "last month",
            "this week",
            "next Friday",
            "February 15",
            "two weeks ago",
            "tomorrow",
            "last Christmas",
            "next Easter",
            "Thanksgiving",
            "the weekend",
            "the fourth quarter",
        ]
    ),
    reference=st.dates(),
)
@settings(deadline=None, max_examples=300)
def test_dates_relative_phrases_survive_extreme_references(phrase: str, reference: datetime.date) -> None:
    """Relative phrases at the ends of the calendar give a TIMEX value or None, never an overflow."""
    value = normalize_date(phrase, reference)
    assert value is None or TIMEX_VALUE_RE.match(value)


@given(reference=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)))
@settings(deadline=None)
def test_dates_bare_weekday_is_within_three_days(reference: datetime.date) -> None:
    """Each bare weekday resolves to a day at most three days from the reference, on that weekday."""
    for offset, name in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]):
        day = datetime.date.fromisoformat(normalize_date(name, reference))
        assert day.weekday() == offset
        assert abs((day - reference).days) <= 3


TWO_ARTICLES = (
    "OpenAI Clinches Deal This Week\n\n"
    "Sam Altman poses in Seoul, South Korea, Tuesday, Feb. 4, 2025. (AP)\n"
    "Sam Altman poses in Seoul, South Korea, Tuesday, Feb. 4, 2025. (AP)\n\n"
    "OpenAI said on Tuesday it would work with Kakao.\n\n"
    "Regulator Flags DeepSeek\n\n"
    "People watch TV in Seoul, South Korea, Monday, Feb. 17, 2025. (AP)\n\n"
    "The regulator said on Monday the app sent data abroad.\n"
)


def test_dates_find_reference_dates_returns_each_article_caption() -> None:
    """Two AP captions in one file give two reference dates, repeats collapsed, at their offsets."""
    references = find_reference_dates(TWO_ARTICLES)
    assert [date for _, date in references] == [TUESDAY, MONDAY]
    assert [TWO_ARTICLES[offset : offset + 7] for offset, _ in references] == ["Tuesday", "Monday,"]


def test_dates_reference_at_picks_last_before_else_first_else_fallback() -> None:
    """A mention takes the last reference at or before it, else the first one, else the fallback."""
    references = find_reference_dates(TWO_ARTICLES)
    second_offset = references[1][0]
    assert reference_at(references, 0) == TUESDAY
    assert reference_at(references, second_offset - 1) == TUESDAY
    assert reference_at(references, second_offset) == MONDAY
    assert reference_at(references, len(TWO_ARTICLES)) == MONDAY
    assert reference_at([], 10, NEW_YEARS_EVE) == NEW_YEARS_EVE
    assert reference_at([], 10) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Markets Rally\nFebruary 4, 2025\n\nStocks rose.", [TUESDAY]),
        ("Markets Rally\nBy Jane Doe | 4 February 2025 10:32 GMT\n\nStocks rose.", [TUESDAY]),
        ("2025-02-04 Markets rally as stocks rise on strong earnings across the board\n", [TUESDAY]),
        ("Markets Rally\nLast updated:\nFeb. 4, 2025\nStocks rose.", [TUESDAY]),
        ("Markets Rally\n\nA\n\nB\n\nC\n\nPublished: February 17, 2025 9:00 AM EST\n", [MONDAY]),
        ("In the report released Monday, Feb. 17, 2025, officials said.", [MONDAY]),
    ],
)
def test_dates_find_reference_dates_reads_datelines_and_lead(text: str, expected: list[datetime.date]) -> None:
    """Datelines, lead date lines, an opening ISO date and Published/Updated markers set the article date."""
    assert [date for _, date in find_reference_dates(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Court Rules\n\nIn a long first paragraph the court said that on May 5, 2012, it ruled against them.\n",
        "Budget\n\nA\n\nB\n\nThe plan dates from January 3, 2019.\n",
        "Blackburn v Burnley\n\nEwood Park\n\nTuesday, 1 March\n\n2000 GMT\n",
        "Flu Returns\n\nOfficials compared it with the 2009 pandemic.\n",
        "Tuesday, Feb. 30, 2025 was never a day.\n",
        "",
    ],
)
def test_dates_find_reference_dates_ignores_event_dates(text: str) -> None:
    """Full dates inside body prose, dates split over lines and impossible days are not article dates."""
    assert find_reference_dates(text) == []


@given(text=st.text(max_size=300))
@settings(deadline=None)
def test_dates_find_reference_dates_never_raises(text: str) -> None:
    """Arbitrary text yields a sorted list of (offset, date) pairs inside the text."""
    references = find_reference_dates(text)
    offsets = [offset for offset, _ in references]
    assert offsets == sorted(offsets)
    assert all(0 <= offset < len(text) for offset in offsets)
