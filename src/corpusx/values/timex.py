"""TimeML news conventions for DATE values beyond calendar arithmetic: reporting periods, seasons,
spoken years and durations. Each resolver takes cleaned (lower-case) mention text, the reference
date and the sentence cues, and returns a TIMEX3 value or None; `dates.py` runs them in its chain.

- In an earnings story "the quarter" / "the latest quarter" is the quarter being reported (the last
  one that ended before the article), and "a year earlier", "the year-ago quarter" count one year
  back from it (`1998-Q3` -> `1997-Q3`); outside one, "a year earlier" is the previous year.
- Seasons: `YYYY-SP|SU|FA|WI`; "last autumn" is the previous year's, "this past summer" the latest
  one begun before the reference.
- Durations ("three years", "six months", "48 hours") keep their DATE label and get an ISO 8601
  duration (`P3Y`, `P6M`, `PT48H`); one of no stated length ("recent years", "months") TimeML's `PXY`, `PXM`.
"""

from __future__ import annotations

import datetime
import re

from corpusx.values.calendar_math import MONTH_GROUP, iso_day
from corpusx.values.tense import FUTURE, NO_CUES, Cues

# A TIMEX3 value as corpusx writes it, and a quarter among them.
TIMEX_VALUE_RE = re.compile(
    r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2}(?:-WE)?|-WXX|-Q[1-4]|-H[12]|-(?:SP|SU|FA|WI))?|XXXX-\d{2}(?:-\d{2})?|\d{2,3}"
    r"|P\d+[YMWD]|PX[YMWDEC]|PT\d+[HM]|PAST_REF|FUTURE_REF)$"
)
QUARTER_VALUE_RE = re.compile(r"[12]\d{3}-Q[1-4]")

UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30,
}  # fmt: skip
QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_TEN = "|".join(TENS)
_TWO_DIGITS = rf"(?:oh[\s-](?:{_UNIT})|(?:{_TEN})(?:[\s-](?:{_UNIT}))?|{_UNIT})"
SPOKEN_YEAR_RE = re.compile(
    rf"\b(?:(?P<century>{_UNIT})[\s-](?:hundred(?:\s+and)?\s+)?(?P<rest>{_TWO_DIGITS})"
    rf"|two[\s-]thousand(?:(?:\s+and)?[\s-](?P<after>{_TWO_DIGITS}))?)\b"
)
SPOKEN_DAY_RE = re.compile(
    rf"\b{MONTH_GROUP}\s+(?:the\s+)?(?:(?P<tens>twenty|thirty)[\s-])?"
    rf"(?P<ordinal>{'|'.join(sorted(ORDINAL_WORDS, key=len, reverse=True))})\b"
)


def _number(words: str) -> int:
    """Value of a spoken number below 100 (`eighty-three`, `seven`, `oh five`)."""
    total = 0
    for word in re.split(r"[\s-]+", words):
        total += TENS.get(word, UNITS.get(word, 0))
    return total


def spell_out_numbers(text: str) -> str:
    """Spoken years and days as digits: `nineteen eighty-three` -> `1983`, `May seventh` -> `May 7`."""

    def year(match: re.Match[str]) -> str:
        if match["century"]:
            century = UNITS[match["century"]]
            return f"{century * 100 + _number(match['rest'])}" if 10 <= century <= 20 else match.group()
        return f"{2000 + (_number(match['after']) if match['after'] else 0)}"

    def day(match: re.Match[str]) -> str:
        number = ORDINAL_WORDS[match["ordinal"]] + (TENS[match["tens"]] if match["tens"] else 0)
        return f"{match['month']} {number}" if number <= 31 else match.group()

    return SPOKEN_DAY_RE.sub(day, SPOKEN_YEAR_RE.sub(year, text))


# Reporting periods: the quarter an earnings story reports and the periods counted back from it.
REPORTED_QUARTER_RE = re.compile(
    r"(?:(?:latest|most recent|recent|just-ended|just ended|reporting|fiscal|same|its|their|the)\s+)*(?:quarter|period)"
)
CURRENT_QUARTER_RE = re.compile(r"(?:current|present|this)\s+quarter")
_YEAR_BACK = r"(?:a|one) year (?:ago|earlier|before)|the year before|the previous year|last year|year-(?:ago|earlier)"
YEAR_BACK_RE = re.compile(rf"{_YEAR_BACK}|year(?:'s)?-ago|previous year's|prior[- ]year")
YEAR_BACK_PERIOD_RE = re.compile(
    r"(?:(?:comparable|corresponding|same|its|the)\s+)*"
    r"(?:(?P<back>year-ago|year-earlier|prior-year|last year's|previous year's|year-before)\s+)?"
    r"(?:(?:comparable|corresponding|same)\s+)*"
    r"(?:(?P<q_word>first|second|third|fourth)[\s-]+)?(?:fiscal\s+)?(?P<unit>quarter|period|three months)"
    rf"(?P<suffix>,?\s+(?:of\s+)?(?:{_YEAR_BACK}))?"
)
PERIOD_YEAR_BACK_RE = re.compile(rf"(?:quarter|period)\s+(?:{_YEAR_BACK})")
YEAR_PERIOD_RE = re.compile(r"(?P<year>[12]\d{3})(?P<period>\s+(?:quarter|period))?")
ADJECTIVE_YEAR_BACK_RE = re.compile(r"year(?:'s)?-(?:ago|earlier)")
THIS_YEAR_RE = re.compile(
    r"(?:current|present|this)(?:\s+(?:fiscal|calendar))?\s+year|(?:earlier|later) in the year"
    r"|year(?:'s)?[\s-]+end|end of (?:the|this) year|(?:this|the current) fiscal"
)
REPORTING_YEAR_RE = re.compile(r"(?:(?:full|fiscal|whole|entire|calendar)\s+)?year")
PAST_YEAR_RE = re.compile(r"(?:the\s+)?(?:past|previous|prior)\s+year")
COMING_YEAR_RE = re.compile(r"(?:the\s+)?(?:coming|upcoming)\s+year")
FISCAL_QUARTER_RE = re.compile(r"fiscal[\s-]+(?P<q_word>first|second|third|fourth)[\s-]+quarter")


def reported_quarter(reference: datetime.date) -> tuple[int, int]:
    """(year, quarter) of the last quarter that ended before the reference: the one an earnings story reports."""
    quarter = (reference.month - 1) // 3
    return (reference.year, quarter) if quarter else (reference.year - 1, 4)


def _latest_quarter_year(quarter: int, reference: datetime.date) -> int:
    """Year of the latest such quarter begun on or before the reference."""
    return reference.year if 3 * quarter - 2 <= reference.month else reference.year - 1


def _quarter_ended_in(month: int, reference: datetime.date) -> str:
    """The calendar quarter holding most of the three months that ended in `month`, the latest such month
    on or before the reference ("the quarter ended July 31": May to July, `Q2`)."""
    year = reference.year if month <= reference.month else reference.year - 1
    middle = year * 12 + month - 2  # the middle month of the three, counted from January of year 0
    return f"{middle // 12:04d}-Q{middle % 12 // 3 + 1}"


def resolve_reporting_period(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`the quarter`, `the latest quarter` (the quarter reported), `the year-ago quarter`, `a year earlier`
    in an earnings sentence (that quarter a year back; the year back when the sentence reports nine
    months or a year), `the 1977 period`, `the current quarter`, `this fiscal year`. The quarter reported
    is the one the document last named, else the last one ended before the reference."""
    if reference is None:
        return None
    year, quarter = cues.quarter or reported_quarter(reference)
    if REPORTED_QUARTER_RE.fullmatch(text) and text.endswith("quarter") and cues.ended_in:
        return _quarter_ended_in(cues.ended_in, reference)
    if REPORTED_QUARTER_RE.fullmatch(text) and (text.endswith("quarter") or cues.reporting):
        return f"{year}-Q{quarter}"
    if text == "this quarter" and (cues.reporting or cues.quarter) and cues.tense != FUTURE:
        return f"{year}-Q{quarter}"  # "this quarter's loss included charges" in an earnings story: the one reported
    if CURRENT_QUARTER_RE.fullmatch(text):
        return f"{reference.year}-Q{(reference.month - 1) // 3 + 1}"
    if match := FISCAL_QUARTER_RE.fullmatch(text):
        return f"{reference.year}-Q{QUARTER_WORDS[match['q_word']]}"
    if (match := YEAR_BACK_PERIOD_RE.fullmatch(text)) and (match["back"] or match["suffix"]):
        if match["q_word"]:
            named = QUARTER_WORDS[match["q_word"]]
            return f"{_latest_quarter_year(named, reference) - 1}-Q{named}"
        return f"{year - 1}-Q{quarter}"
    if PERIOD_YEAR_BACK_RE.fullmatch(text):
        return f"{year - 1}-Q{quarter}"
    if text == "last year" and cues.period_before and (cues.reporting or cues.quarter) and not cues.long_period:
        return f"{year - 1}-Q{quarter}"  # "the same period last year", its period word outside the mention
    if YEAR_BACK_RE.fullmatch(text) and text != "last year":
        # in a story that reports a quarter, "the year-ago" or a sentence naming a period compares quarters
        quarterly = cues.reporting or (
            cues.quarter is not None and (cues.names_period or ADJECTIVE_YEAR_BACK_RE.fullmatch(text))
        )
        return f"{year - 1}-Q{quarter}" if quarterly and not cues.long_period else f"{reference.year - 1:04d}"
    match = YEAR_PERIOD_RE.fullmatch(text)
    if match and (match["period"] or cues.period_follows) and (cues.reporting or cues.quarter) and not cues.long_period:
        return f"{match['year']}-Q{quarter}"
    if THIS_YEAR_RE.fullmatch(text) or (REPORTING_YEAR_RE.fullmatch(text) and (cues.reporting or cues.quarter)):
        return f"{reference.year:04d}"
    if PAST_YEAR_RE.fullmatch(text):
        return f"{reference.year - 1:04d}"
    if COMING_YEAR_RE.fullmatch(text):
        return f"{reference.year + 1:04d}"
    return None


# "the third day of the walkout", "its 10th straight day": a day counted in an event.
ORDINAL_DAY_RE = re.compile(
    rf"(?:{'|'.join(sorted(ORDINAL_WORDS, key=len, reverse=True))}|\d{{1,3}}(?:st|nd|rd|th))"
    r"\s+(?:(?:straight|consecutive|successive)\s+)?day"
)


def resolve_ordinal_day(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`the third day` (of a strike, a walkout) is the reference day when the present tense says it is
    ("today is the ninth day of the walkout", "it's the third day"); otherwise which day it is is unknown."""
    if reference is None or not cues.is_before or not ORDINAL_DAY_RE.fullmatch(text):
        return None
    return iso_day(reference)


SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
SEASON_RE = re.compile(
    r"(?:(?P<step>this past|this coming|this|last|next|past|coming)\s+)?(?:(?:early|late|mid)[\s-]+)?"
    r"(?P<season>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?P<year>[12]\d{3}))?"
)


def resolve_season(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`summer` / `this summer` (the reference's year), `last autumn` (the year before), `this past summer`
    (the latest begun before the reference), `next winter`, `the winter of 2001`."""
    if not (match := SEASON_RE.fullmatch(text)):
        return None
    season = SEASONS[match["season"]]
    if match["year"]:
        return f"{match['year']}-{season}"
    if reference is None:
        return None
    start = SEASON_START_MONTH[season]
    step = match["step"]
    if step in ("last", "past", "this past"):
        latest = reference.year if start <= reference.month else reference.year - 1
        year = latest - 1 if step == "last" and latest == reference.year else latest
        if step == "last" and season == "WI" and reference.month <= 2:
            year = reference.year - 1
    elif step in ("next", "coming", "this coming"):
        year = reference.year if start > reference.month else reference.year + 1
    elif season == "WI" and reference.month <= 2:
        year = reference.year - 1
    else:
        year = reference.year
    return f"{year:04d}-{season}"


DURATION_UNITS = {"year": "Y", "month": "M", "week": "W", "day": "D"}
TIME_UNITS = {"hour": "H", "minute": "M"}
COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "a couple of": 2, **{k: v for k, v in UNITS.items() if v}}
_SPOKEN_COUNT = rf"(?:{_TEN})(?:[\s-](?:{'|'.join(k for k, v in UNITS.items() if v)}))?|(?:a|one)\s+hundred"
DURATION_RE = re.compile(
    r"(?:(?:about|nearly|almost|more than|less than|at least|over|under|some|roughly|around"
    r"|(?:the\s+)?(?:past|last|next|first))\s+)?"
    rf"(?P<count>\d{{1,4}}|{_SPOKEN_COUNT}|" + "|".join(sorted(COUNT_WORDS, key=len, reverse=True)) + r")"
    r"[\s-](?P<unit>year|month|week|day|decade|century|hour|minute)s?"
)
# "the past decade" is ten years back from the reference, as "the past five years" is five.
ONE_LONG_UNIT_RE = re.compile(r"(?:the\s+)?(?:past|last|next)\s+(?P<unit>decade|century)")
# "a quarter of a century", "half a century", "half a year": a fraction of a unit, in years or months.
FRACTION_RE = re.compile(r"(?:an?\s+)?(?P<part>quarter|half)(?:\s+of)?(?:\s+an?\s+|-|\s+)(?P<unit>century|decade|year)")
FRACTIONS = {
    ("quarter", "century"): "P25Y", ("half", "century"): "P50Y", ("half", "decade"): "P5Y",
    ("half", "year"): "P6M", ("quarter", "year"): "P3M",
}  # fmt: skip
# "years", "several months", "recent weeks", "the past few days": a span whose length the text does not give.
VAGUE_DURATION_RE = re.compile(
    r"(?:(?:past|last|next)\s+(?:several|few)\s+|(?:several|a few|few|many|recent)\s+)?"
    r"(?P<unit>year|month|week|day|decade|centur)(?:s|ies)"
)
VAGUE_UNITS = {"year": "Y", "month": "M", "week": "W", "day": "D", "decade": "E", "centur": "C"}
# TimeML's vague points: "the future", "coming months" (FUTURE_REF); "several years ago", "months ago" (PAST_REF).
_VAGUE_UNITS = r"(?:years|months|weeks|days|decades|quarters)"
FUTURE_REF_RE = re.compile(
    rf"(?:the\s+)?(?:(?:near|distant)\s+)?future|(?:the\s+)?(?:coming|upcoming|future)\s+{_VAGUE_UNITS}"
)
PAST_REF_RE = re.compile(rf"(?:(?:several|a few|few|many)\s+)?{_VAGUE_UNITS}\s+ago")


def resolve_duration(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`three years` -> `P3Y`, `twenty years` -> `P20Y`, `a decade` / `the past decade` -> `P10Y`, `48 hours`
    -> `PT48H`, `a quarter of a century` -> `P25Y`, `recent years` / `several months` -> `PXY` / `PXM` (TimeML's
    unknown count), and TimeML's vague points `the future` / `coming months` -> `FUTURE_REF`, `several years
    ago` -> `PAST_REF`; None when an anchor word follows ("two days after the vote": an offset, not a duration)."""
    if cues.anchored:
        return None
    if match := ONE_LONG_UNIT_RE.fullmatch(text):
        return "P10Y" if match["unit"] == "decade" else "P100Y"
    if match := FRACTION_RE.fullmatch(text):
        return FRACTIONS.get((match["part"], match["unit"]))
    if FUTURE_REF_RE.fullmatch(text):
        return "FUTURE_REF"
    if PAST_REF_RE.fullmatch(text):
        return "PAST_REF"
    if match := VAGUE_DURATION_RE.fullmatch(text):
        return f"PX{VAGUE_UNITS[match['unit']]}"
    if not (match := DURATION_RE.fullmatch(text)):
        return None
    count_text = match["count"]
    if count_text.isdigit():
        count = int(count_text)
    elif count_text in COUNT_WORDS:
        count = COUNT_WORDS[count_text]
    else:
        count = 100 if count_text.endswith("hundred") else _number(count_text)
    unit = match["unit"]
    if unit in TIME_UNITS:
        return f"PT{count}{TIME_UNITS[unit]}"
    if unit == "decade":
        return f"P{count * 10}Y"
    if unit == "century":
        return f"P{count * 100}Y"
    return f"P{count}{DURATION_UNITS[unit]}"
