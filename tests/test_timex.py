"""Tests for the TimeML news conventions of DATE values: tense, reporting periods, seasons, spoken years,
durations and range splitting (corpusx.values.timex, corpusx.values.tense, corpusx.values.dates, corpusx.values.ranges)."""

import datetime
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusx.values.dates import DocumentDates, normalize_date
from corpusx.values.ranges import date_parts
from corpusx.values.tense import FUTURE, PAST, UNKNOWN, sentence_cues
from corpusx.values.timex import reported_quarter, spell_out_numbers

WEDNESDAY = datetime.date(2025, 2, 5)
LATE_OCTOBER = datetime.date(2024, 10, 24)
# TIMEX3 value forms (TimeML 1.2.1), written independently of the module's own pattern.
TIMEX3_RE = re.compile(
    r"^(?:\d{4}|\d{4}-(?:0[1-9]|1[0-2])|\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    r"|\d{4}-W(?:0[1-9]|[1-4]\d|5[0-3])"
    r"|\d{4}-W(?:0[1-9]|[1-4]\d|5[0-3])-WE|\d{4}-WXX|\d{4}-Q[1-4]|\d{4}-H[12]|\d{4}-(?:SP|SU|FA|WI)|\d{3}|\d{2}"
    r"|XXXX-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?|P\d+[YMWD]|PX[YMWDEC]|PT\d+[HM]|PAST_REF|FUTURE_REF)$"
)


def in_sentence(text: str, sentence: str, reference: datetime.date | None) -> str | None:
    """The value of `text` where it first occurs in `sentence`."""
    return normalize_date(text, reference, sentence, sentence.index(text))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Acme Holdings said on Monday it had closed the plant.", "2025-02-03"),
        ("Acme Holdings said Thursday it had closed the plant.", "2025-01-30"),
        ("Acme Holdings will open the plant on Monday.", "2025-02-10"),
        ("Acme Holdings will open the plant on Thursday.", "2025-02-06"),
        ("The plant on Thursday, with Acme Holdings.", "2025-02-06"),
    ],
)
def test_tense_moves_bare_weekday_to_its_side(sentence: str, expected: str) -> None:
    """A past-tense sentence takes the last such weekday, a future one the next, no cue the nearest."""
    weekday = "Monday" if "Monday" in sentence else "Thursday"
    assert in_sentence(weekday, sentence, WEDNESDAY) == expected


@pytest.mark.parametrize(
    ("sentence", "text", "expected"),
    [
        ("Mira Okafor was detained in March.", "March", "2024-03"),
        ("Mira Okafor will be tried in March.", "March", "2025-03"),
        ("Mira Okafor was detained in January.", "January", "2025-01"),
        ("Mira Okafor was detained in November.", "November", "2024-11"),
        ("Mira Okafor will be tried in September.", "September", "2025-09"),
        ("The plant will reopen on Sept. 15.", "Sept. 15", "2025-09-15"),
        ("The vote was held on Aug. 6.", "Aug. 6", "2024-08-06"),
        ("The vote will be held on June 6.", "June 6", "2025-06-06"),
        ("The dividend was declared, payable Dec. 15.", "Dec. 15", "2024-12-15"),
    ],
)
def test_tense_moves_month_only_within_window(sentence: str, text: str, expected: str) -> None:
    """Tense moves a bare month or month-day to its side of the reference only up to eight months back or
    eleven ahead."""
    assert in_sentence(text, sentence, LATE_OCTOBER) == expected


def test_sentence_cues_nearest_verb_decides() -> None:
    """The cue nearest the mention wins, and the mention's own words are not cues."""
    sentence = "Mira Okafor said she will resign on Friday."
    assert sentence_cues(sentence, sentence.index("Friday"), sentence.index("Friday") + 6).tense == FUTURE
    sentence = "On Friday the board voted, and it will meet again."
    assert sentence_cues(sentence, 3, 9).tense == PAST
    assert sentence_cues("Last week", 0, 9).tense == UNKNOWN
    assert sentence_cues("", 0, 0).tense == UNKNOWN


@pytest.mark.parametrize(
    ("sentence", "text", "expected"),
    [
        ("Acme Holdings declared a dividend, payable Dec. 15.", "Dec. 15", FUTURE),
        ("Acme Holdings declared a dividend of five cents to stock of record Nov. 15.", "Nov. 15", FUTURE),
        ("Acme Holdings approved the plan, effective Feb. 1.", "Feb. 1", FUTURE),
        ("The options, which expire Nov. 21, may be used.", "Nov. 21", FUTURE),
        ("Mira Okafor will succeed Jan Roe on Feb. 1.", "Feb. 1", FUTURE),
        ("Acme Holdings will redeem its preferred shares on Oct. 31.", "Oct. 31", FUTURE),
        ("The offer expired Nov. 21.", "Nov. 21", PAST),
        ("Acme Holdings paid its preferred dividend on Oct. 3.", "Oct. 3", PAST),
        ("A crowd of three hundred on Monday, indeed.", "Monday", UNKNOWN),
    ],
)
def test_sentence_cues_future_words_and_non_verbs(sentence: str, text: str, expected: int) -> None:
    """`payable`, `of record`, `effective` and `expire` look ahead; -ed words that are no verb are no cue."""
    start = sentence.index(text)
    assert sentence_cues(sentence, start, start + len(text)).tense == expected


def test_sentence_cues_month_a_period_ended_in() -> None:
    """`ended` and a month right after the mention give the month its period ended in; nothing else does."""
    for sentence, expected in [
        ("Yet the quarter ended Sept. 30 was strong.", 9),
        ("For the quarter, which ended Sept. 30, sales rose.", None),
        ("For the quarter ending Dec. 31, sales will rise.", None),
        ("For the quarter ended yesterday, sales rose.", None),
        ("For the quarter, sales ended March higher.", None),
    ]:
        end = len("For the quarter")
        assert sentence_cues(sentence, len("For "), end).ended_in == expected, sentence


def test_sentence_cues_reporting_and_anchor() -> None:
    """Earnings words mark a reporting sentence; `after` behind the mention marks an anchored offset."""
    sentence = "Net income rose 5% from a year earlier."
    cues = sentence_cues(sentence, sentence.index("a year"), sentence.index("a year") + len("a year earlier"))
    assert cues.reporting and not cues.anchored
    sentence = "The ban came a day after the ruling."
    assert sentence_cues(sentence, sentence.index("a day"), sentence.index("a day") + 5).anchored


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        (datetime.date(2024, 10, 24), (2024, 3)),
        (datetime.date(2024, 1, 15), (2023, 4)),
        (datetime.date(2024, 4, 1), (2024, 1)),
    ],
)
def test_reported_quarter_is_last_ended(reference: datetime.date, expected: tuple[int, int]) -> None:
    """The quarter an earnings story reports is the last one that ended before its date."""
    assert reported_quarter(reference) == expected


@pytest.mark.parametrize(
    ("sentence", "text", "expected"),
    [
        ("Acme Holdings earned $5 million in the quarter.", "the quarter", "2024-Q3"),
        ("Profit in the latest quarter rose.", "the latest quarter", "2024-Q3"),
        ("Net income rose 5% from a year earlier.", "a year earlier", "2023-Q3"),
        ("Sales fell from $4 million a year ago.", "a year ago", "2023-Q3"),
        ("Sales matched the year-ago quarter.", "the year-ago quarter", "2023-Q3"),
        ("Sales matched the year-earlier second quarter.", "the year-earlier second quarter", "2023-Q2"),
        ("Sales matched the comparable period last year.", "the comparable period last year", "2023-Q3"),
        ("Mira Okafor moved to Lagos a year earlier.", "a year earlier", "2023"),
        ("Mira Okafor moved to Lagos a year ago.", "a year ago", "2023"),
        ("Sales should rise in the current quarter.", "the current quarter", "2024-Q4"),
        ("This quarter's profit included a charge.", "This quarter", "2024-Q3"),
        ("Profit will rise this quarter.", "this quarter", "2024-Q4"),
        ("Mira Okafor moved to Lagos this quarter.", "this quarter", "2024-Q4"),
        ("Sales rose in its fourth quarter.", "its fourth quarter", "2024-Q4"),
        ("Sales rose in the fiscal second quarter.", "the fiscal second quarter", "2024-Q2"),
        ("Sales rose in this year's second quarter.", "this year's second quarter", "2024-Q2"),
        ("Sales will rise in next year's second half.", "next year's second half", "2025-H2"),
        ("Acme Holdings expects a loss for the current calendar year.", "the current calendar year", "2024"),
        ("Acme Holdings cut costs over the past year.", "the past year", "2023"),
        ("Sales rose in the last half of 2021.", "the last half of 2021", "2021-H2"),
        ("During the quarter ended July 31, Acme Holdings earned $5 million.", "the quarter", "2024-Q2"),
        ("For Acme the quarter ended Sept. 30 was strong.", "the quarter", "2024-Q3"),
        ("For the quarter ended Jan. 31, sales rose.", "the quarter", "2023-Q4"),
        ("For the quarter ended Dec. 31, sales rose.", "the quarter", "2023-Q4"),
        ("For the quarter ended yesterday, sales rose.", "the quarter", "2024-Q3"),
        ("Net income fell from the corresponding period last year.", "last year", "2023-Q3"),
        ("Net income fell from last year.", "last year", "2023"),
        ("For the nine-month period last year, net income fell.", "last year", "2023"),
        ("Mira Okafor spent a short period last year in Lagos.", "last year", "2023"),
    ],
)
def test_reporting_periods(sentence: str, text: str, expected: str) -> None:
    """Earnings conventions: the quarter reported, and year-back periods counted from it."""
    assert in_sentence(text, sentence, LATE_OCTOBER) == expected


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("Mira Okafor spoke for the period.", "the period"),
        ("The same period was calm.", "The same period"),
        ("Mira Okafor spoke about the year.", "the year"),
    ],
)
def test_reporting_periods_need_a_reporting_sentence(sentence: str, text: str) -> None:
    """Outside an earnings sentence a bare period or year is not dated."""
    assert in_sentence(text, sentence, LATE_OCTOBER) is None


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("last autumn", datetime.date(2013, 10, 1), "2012-FA"),
        ("this summer", datetime.date(2013, 3, 1), "2013-SU"),
        ("summer", datetime.date(2013, 3, 1), "2013-SU"),
        ("this past summer", datetime.date(2013, 10, 1), "2013-SU"),
        ("next winter", datetime.date(2013, 3, 1), "2013-WI"),
        ("this winter", datetime.date(2013, 1, 20), "2012-WI"),
        ("the winter of 2001", datetime.date(2013, 1, 20), "2001-WI"),
        ("the early winter", datetime.date(2013, 3, 1), "2013-WI"),
    ],
)
def test_seasons(text: str, reference: datetime.date, expected: str) -> None:
    """Seasons are `YYYY-SP|SU|FA|WI`; `last` is the year before's, `this past` the latest begun."""
    assert normalize_date(text, reference) == expected


def test_seasons_need_reference_or_year() -> None:
    """A season without a year or a reference date gets no value."""
    assert normalize_date("last autumn", None) is None
    assert normalize_date("autumn 2004", None) == "2004-FA"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nineteen eighty-three", "1983"),
        ("June nineteen eighty-four", "1984-06"),
        ("the year two thousand and six", "2006"),
        ("two thousand and four", "2004"),
        ("nineteen oh five", "1905"),
        ("May seventh, nineteen eighty-two", "1982-05-07"),
        ("the twenty-first of", "the twenty-first of"),
    ],
)
def test_spoken_years_and_days(text: str, expected: str) -> None:
    """Spoken years and ordinal days become digits; other number words are left alone."""
    assert normalize_date(text, None) == expected if expected[0].isdigit() else spell_out_numbers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("three years", "P3Y"),
        ("six months", "P6M"),
        ("two weeks", "P2W"),
        ("a day", "P1D"),
        ("48 hours", "PT48H"),
        ("a decade", "P10Y"),
        ("more than 20 years", "P20Y"),
        ("the past two years", "P2Y"),
        ("twenty years", "P20Y"),
        ("nearly forty-five years", "P45Y"),
        ("almost a hundred years", "P100Y"),
        ("more than 2000 years", "P2000Y"),
        ("the quarter of a century", "P25Y"),
        ("half a century", "P50Y"),
        ("half a year", "P6M"),
        ("the past decade", "P10Y"),
        ("the last century", "P100Y"),
        ("years", "PXY"),
        ("years or so", "PXY"),
        ("recent years", "PXY"),
        ("several months", "PXM"),
        ("the past few weeks", "PXW"),
        ("the next few years", "PXY"),
        ("decades", "PXE"),
        ("centuries", "PXC"),
        ("the future", "FUTURE_REF"),
        ("the near future", "FUTURE_REF"),
        ("the coming months", "FUTURE_REF"),
        ("future quarters", "FUTURE_REF"),
        ("several years ago", "PAST_REF"),
        ("months ago", "PAST_REF"),
        ("the coming year", "2026"),
        ("a few years ago", "PAST_REF"),
    ],
)
def test_durations_get_iso_values(text: str, expected: str) -> None:
    """Durations keep their DATE label and get an ISO 8601 duration value (TimeML's vague one when no length is given)."""
    assert normalize_date(text, WEDNESDAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "these days",
        "those days",
        "the quarter of a mile",
        "half a dozen",
        "the future of the club",
        "years-old",
        "every week",
        "every few weeks",
        "a superb week",
        "its 15th week",
        "his years",
    ],
)
def test_vague_and_fraction_durations_need_a_time_unit(text: str) -> None:
    """Only a unit of time takes a duration ("these days" is no span of days, "half a dozen" none at all), and a
    frequency or a word before "week" leaves it without the unnamed week `the week` has."""
    assert normalize_date(text, WEDNESDAY) is None


def test_stray_word_fallback_gives_no_vague_value() -> None:
    """A dropped word before a vague span would have said more: without a reference "two weeks ago" stays
    unknown, not `PAST_REF`; a stray word before a calendar value is still dropped."""
    assert normalize_date("two weeks ago", None) is None
    assert normalize_date("several weeks ago", None) == "PAST_REF"
    assert normalize_date("eleven a year ago", WEDNESDAY) == "2024"


def test_count_before_a_unit_is_no_year() -> None:
    """A four-digit number before a unit is a count ("2000 years"), one before another word may be a year."""
    assert normalize_date("2000 years", WEDNESDAY) == "P2000Y"
    assert normalize_date("1500 miles", WEDNESDAY) is None
    assert normalize_date("2009 pandemic", WEDNESDAY) == "2009"


@pytest.mark.parametrize(
    ("sentence", "text", "expected"),
    [
        ("It's the third day of a walkout by the army.", "the third day", "2024-10-24"),
        ("Today is the ninth day of the sit-in.", "the ninth day", "2024-10-24"),
        ("Monday is its 10th straight day of losses.", "its 10th straight day", "2024-10-24"),
        ("On the third day of the walkout, the army took the town.", "the third day", None),
        ("The strike ended on the ninth day.", "the ninth day", None),
        ("The ruling came on Mira Okafor's first day as minister.", "first day", None),
        ("It’s the third day of the talks.", "the third day", "2024-10-24"),
        ("It is the second week of the strike.", "the second week", None),
    ],
)
def test_ordinal_day_is_today_only_in_the_present(sentence: str, text: str, expected: str | None) -> None:
    """A day counted in an event is the reference day when a present "is" says so, else unknown."""
    assert in_sentence(text, sentence, LATE_OCTOBER) == expected


def test_anchored_offsets_are_not_durations() -> None:
    """`a day after the ruling` is an offset from an event: no value."""
    assert in_sentence("a day", "The ban came a day after the ruling.", WEDNESDAY) is None
    assert in_sentence("a day", "The ban lasted a day.", WEDNESDAY) == "P1D"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2014-2015", [("2014", "2014"), ("2015", "2015")]),
        ("1968-69", [("1968", "1968"), ("69", "1969")]),
        ("4-6 March", [("4", "2025-03-04"), ("6 March", "2025-03-06")]),
        ("Feb. 4-6", [("Feb. 4", "2025-02-04"), ("6", "2025-02-06")]),
        ("between January and March", [("January", "2025-01"), ("March", "2025-03")]),
        ("Aug. 26 to Oct. 20, 2024", [("Aug. 26", "2024-08-26"), ("Oct. 20, 2024", "2024-10-20")]),
        ("the quarter ended Sept. 30", [("the quarter", None), ("Sept. 30", "2024-09-30")]),
        ("the year ended Sept. 30", [("the year", None), ("Sept. 30", "2024-09-30")]),
        ("the week ended Friday", [("the week", "2025-WXX"), ("Friday", "2025-01-31")]),
        ("the year ended Dec. 31", [("the year", None), ("Dec. 31", "2024-12-31")]),
    ],
)
def test_date_parts_split_ranges(text: str, expected: list[tuple[str, str | None]]) -> None:
    """Each end of a range is its own span, with a text that dates it alone."""
    parts = date_parts(text, WEDNESDAY)
    assert [text[start:end] for start, end, _ in parts] == [surface for surface, _ in expected]
    values = [normalize_date(dated, WEDNESDAY) for _, _, dated in parts]
    for value, (_, wanted) in zip(values, expected):
        assert wanted is None or value == wanted


@pytest.mark.parametrize(
    "text",
    [
        "22-year-old",
        "2015-2014",
        "Acme and Mira",
        "March",
        "the year to date",
        "4-6",
        "Monday and",
        "the war that ended",
    ],
)
def test_date_parts_leave_non_ranges_whole(text: str) -> None:
    """Text that is not a range of two dates stays one span."""
    assert date_parts(text, WEDNESDAY) == [(0, len(text), text)]


RANGE_WORDS = ["2014", "-", "15", "March", "Feb.", "4", "to", "and", "between", "ended", "the", "quarter", "Monday"]


@given(words=st.lists(st.sampled_from(RANGE_WORDS), min_size=1, max_size=6), reference=st.dates())
@settings(deadline=None, max_examples=300)
def test_date_parts_offsets_are_exact(words: list[str], reference: datetime.date) -> None:
    """Parts are ordered, non-overlapping spans of the text, each non-empty."""
    text = " ".join(words)
    previous_end = 0
    for start, end, dated in date_parts(text, reference):
        assert previous_end <= start < end <= len(text)
        assert text[start:end].strip() and dated
        previous_end = end


VALUE_WORDS = [
    "the", "last", "next", "this", "past", "week", "month", "year", "ago", "earlier", "year-ago", "quarter",
    "fiscal", "summer", "autumn", "winter", "nineteen", "eighty-three", "two", "thousand", "three", "years",
    "months", "hours", "March", "seventh", "Monday", "1990s", "2025", "Q3", "latest", "period", "half",
]  # fmt: skip


@given(
    text=st.lists(st.sampled_from(VALUE_WORDS), min_size=1, max_size=5).map(" ".join),
    sentence=st.sampled_from(["", "Net income rose.", "Mira Okafor said it.", "Acme Holdings will say."]),
    reference=st.one_of(st.none(), st.dates(min_value=datetime.date(1000, 1, 1))),
)
@settings(deadline=None, max_examples=500)
def test_every_value_is_timex3(text: str, sentence: str, reference: datetime.date | None) -> None:
    """Every value produced, in any sentence, is a TIMEX3 value string or None."""
    value = normalize_date(text, reference, sentence + " " + text, len(sentence) + 1)
    assert value is None or TIMEX3_RE.match(value), value


def test_direction_word_before_weekday_and_date() -> None:
    """`this coming Saturday, March 7` is that day; a direction word needs the weekday to be read this way."""
    reference = datetime.date(2026, 3, 5)
    assert normalize_date("this coming Saturday, March seventh", reference) == "2026-03-07"
    assert normalize_date("next March 4", reference) is None


@pytest.mark.parametrize(
    ("sentence", "text", "expected"),
    [
        ("For the nine months, net income rose from a year earlier.", "a year earlier", "2023"),
        ("Third-quarter net income rose from a year earlier.", "a year earlier", "2023-Q3"),
        ("Acme Holdings sought a loan on Monday.", "Monday", "2024-10-21"),
        ("The fleet has been at sea since March.", "March", "2024-03"),
        ("The first two quarters of 2025 will be slow.", "The first two quarters of 2025", "2025-H1"),
        ("During the fiscal year ended Jan. 28, Acme grew.", "the fiscal year ended Jan. 28", "2024-01-28"),
        ("Sales rose in the week ended Friday.", "the week ended Friday", "2024-10-18"),
        ("Sales will rise in the year ending Jan. 31.", "the year ending Jan. 31", "2025-01-31"),
        ("The vote will be held on June 6.", "June 6", "2025-06-06"),
    ],
)
def test_long_periods_cues_and_period_ends(sentence: str, text: str, expected: str) -> None:
    """Nine-month sentences count a year back, irregular past verbs and `since` are past, a period `ended` is past."""
    assert in_sentence(text, sentence, LATE_OCTOBER) == expected


def test_document_dates_named_quarter_and_anaphora() -> None:
    """A past quarter the document names is the one reported later; `that quarter`, `the following year` refer back."""
    dates = DocumentDates()
    sentence = "Acme Holdings reported fiscal second-quarter profit fell."
    assert dates.value("second-quarter", LATE_OCTOBER, sentence, sentence.index("second")) == "2024-Q2"
    sentence = "Sales rose from a year earlier."
    assert dates.value("a year earlier", LATE_OCTOBER, sentence, sentence.index("a year")) == "2023-Q2"
    assert dates.value("that quarter", LATE_OCTOBER) == "2023-Q2"
    assert dates.value("2019", LATE_OCTOBER) == "2019"
    assert dates.value("the following year", LATE_OCTOBER) == "2020"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the next day", "2024-10-11"),
        ("the following day", "2024-10-11"),
        ("that day", "2024-10-10"),
        ("the day before", "2024-10-09"),
        ("the previous Friday", "2024-10-04"),
        ("the previous Thursday", "2024-10-03"),
        ("the previous Monday", "2024-10-07"),
    ],
)
def test_document_dates_day_anaphora_counts_from_last_day(text: str, expected: str) -> None:
    """A day phrase that points back counts from the last day the document named (a Thursday here)."""
    dates = DocumentDates()
    assert dates.value("Oct. 10", LATE_OCTOBER) == "2024-10-10"
    assert dates.value("2019", LATE_OCTOBER) == "2019"  # a year named since does not move the day
    assert dates.value(text, LATE_OCTOBER) == expected


@pytest.mark.parametrize("text", ["the next day", "that day", "the previous Friday", "the day"])
def test_document_dates_day_anaphora_needs_a_day(text: str) -> None:
    """Before any day is named a pointing-back day phrase gets no value; a bare "the day" never counts back."""
    dates = DocumentDates()
    assert dates.value("October 2024", LATE_OCTOBER) == "2024-10"
    assert dates.value(text, LATE_OCTOBER) is None


def test_document_dates_bare_year_in_an_earnings_story() -> None:
    """Once a document reports a quarter, a bare "the year" is the reference's year, as in a reporting sentence."""
    dates = DocumentDates()
    sentence = "For the year, volume was flat."
    assert dates.value("the year", LATE_OCTOBER, sentence, sentence.index("the year")) is None
    assert dates.value("the third quarter", LATE_OCTOBER) == "2024-Q3"
    assert dates.value("the year", LATE_OCTOBER, sentence, sentence.index("the year")) == "2024"


@pytest.mark.parametrize(
    ("named", "sentence", "expected"),
    [
        (True, "Costs in the 2024 period were higher than those of a year ago.", "2023-Q2"),
        (True, "Costs were higher than those of a year ago in the latest period.", "2023-Q2"),
        (True, "Costs were higher than those of a year ago.", "2023"),
        (False, "Costs in the 2024 period were higher than those of a year ago.", "2023"),
    ],
)
def test_document_dates_period_sentence_compares_quarters(named: bool, sentence: str, expected: str) -> None:
    """Once a story reports a quarter, "a year ago" in a sentence naming a period is that quarter a year back;
    without the period word, or with no quarter reported, it stays a year."""
    dates = DocumentDates()
    if named:
        quarter = "Acme Holdings reported fiscal second-quarter profit fell."
        assert dates.value("second-quarter", LATE_OCTOBER, quarter, quarter.index("second")) == "2024-Q2"
    assert dates.value("a year ago", LATE_OCTOBER, sentence, sentence.index("a year")) == expected


def test_document_dates_future_quarter_is_not_reported() -> None:
    """A quarter the document expects (future, not ended) does not become the reported quarter."""
    dates = DocumentDates()
    sentence = "Acme Holdings expects a fourth-quarter charge that will hurt profit."
    assert dates.value("a fourth-quarter", LATE_OCTOBER, sentence, sentence.index("a fourth")) == "2024-Q4"
    sentence = "Sales rose in the latest quarter."
    assert dates.value("the latest quarter", LATE_OCTOBER, sentence, sentence.index("the latest")) == "2024-Q3"
    assert DocumentDates().value("that year", LATE_OCTOBER) is None


@given(
    st.lists(
        st.sampled_from(
            [
                "that quarter",
                "the following month",
                "2019",
                "Q2 2020",
                "March 2021",
                "x",
                "Jan. 3, 2021",
                "the next day",
                "the previous Sunday",
                "the day before",
            ]
        )
    )
)
@settings(max_examples=100)
def test_document_dates_values_are_timex3(texts: list[str]) -> None:
    """Whatever order a document's mentions come in, every value is a TIMEX3 string or None."""
    dates = DocumentDates()
    for text in texts:
        value = dates.value(text, LATE_OCTOBER)
        assert value is None or TIMEX3_RE.match(value)
