"""Resolvers for the calendar expressions of news: absolute dates (`Mar. 3, 2026`, `2/4/2025`, `Q4 2024`,
`the 1990s`) and those relative to the article's reference date (`Thursday`, `last month`, `three weeks
ago`, `Christmas`, `the weekend`). Each takes cleaned (lower-case) mention text, the reference date and
the sentence cues of `tense.py`, and returns a TIMEX3 value or None; `dates.py` runs them in its chain.
"""

from __future__ import annotations

import datetime
import re

from dateutil.easter import easter

from corpusx.values.calendar_math import (
    DAY_GROUP,
    MONTH_GROUP,
    MONTHS,
    WEEKDAYS,
    YEAR_GROUP,
    day_exists,
    iso_day,
    iso_week,
    month_value,
    nearest_month,
    nearest_year_for_day,
    shift_month,
)
from corpusx.values.tense import FUTURE, NO_CUES, PAST, Cues

COUNTS = {
    "a": 1, "an": 1, "one": 1, "a couple of": 2, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "last": -1, "final": -1,
}  # fmt: skip
DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip
CENTURY_WORDS = {"eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21}
# Words meaning "the reference day itself" (or the day before / after it).
DAY_PHRASE_OFFSETS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "earlier today": 0, "later today": 0, "earlier in the day": 0, "later in the day": 0,
    "yesterday": -1, "last night": -1, "the day before yesterday": -2, "day before yesterday": -2,
    "tomorrow": 1, "tomorrow night": 1, "the day after tomorrow": 2, "day after tomorrow": 2,
}  # fmt: skip
# Holidays on a fixed day of the year, and those counted in days from Easter Sunday.
FIXED_HOLIDAYS = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26),
    "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14), "halloween": (10, 31),
    "st patrick's day": (3, 17), "bonfire night": (11, 5), "guy fawkes night": (11, 5),
    "armistice day": (11, 11), "remembrance day": (11, 11), "may day": (5, 1),
}  # fmt: skip
EASTER_HOLIDAYS = {"easter": 0, "easter sunday": 0, "easter day": 0, "good friday": -2, "easter monday": 1}
THANKSGIVING = "thanksgiving"
HALF_NUMBERS = {"first": "1", "second": "2", "last": "2"}
# How "this / last / next" move a week, month or year away from the reference.
RELATIVE_STEPS = {"this": 0, "earlier this": 0, "later this": 0, "last": -1, "next": 1}
# Words that put a weekday or month strictly before (-1) or after (+1) the reference.
DIRECTION_WORDS = {
    "last": -1, "past": -1, "this past": -1, "next": 1, "coming": 1, "this coming": 1, "this": 0,
}  # fmt: skip
# Leading words that do not change the value ("the", "about", prepositions, "early", "mid-").
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night|overnight|noon))?"
_CLOCK = (
    r"(?:,?\s*(?:at\s+)?(?:\d{1,2}(?::\d{2}){1,2}\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)"
    r"(?:\s*(?:utc|gmt|[a-z]{1,2}[sd]?t))?)?"
)
_DAY_TAIL = _PART_OF_DAY + _CLOCK
_LEADING_WEEKDAY = rf"(?:(?:(?:this coming|this past|this|next|last|coming|past)\s+)?{_WEEKDAY},?\s+(?:the\s+)?)?"
_DIRECTION = r"(?:(?P<direction>" + "|".join(sorted(DIRECTION_WORDS, key=len, reverse=True)) + r")\s+)?"
_COUNT = r"(?P<count>\d{1,3}|" + "|".join(sorted(COUNTS, key=len, reverse=True)) + r")"
_ORDINAL = r"(?P<ordinal>" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")"

ISO_DATE_RE = re.compile(r"(?P<year>[12]\d{3})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2})(?:t[\d:.]+z?)?" + _CLOCK)
ISO_MONTH_RE = re.compile(r"(?P<year>[12]\d{3})-(?P<month>\d{2})")
NUMERIC_DATE_RE = re.compile(r"(?P<first>\d{1,2})/(?P<second>\d{1,2})/(?P<year>[12]\d{3})" + _CLOCK)
MONTH_DAY_RE = re.compile(rf"{_LEADING_WEEKDAY}{MONTH_GROUP}\s*{DAY_GROUP}(?:,?\s*{YEAR_GROUP})?{_DAY_TAIL}")
DAY_MONTH_RE = re.compile(rf"{_LEADING_WEEKDAY}{DAY_GROUP}\s+(?:of\s+)?{MONTH_GROUP}(?:,?\s*{YEAR_GROUP})?{_DAY_TAIL}")
MONTH_YEAR_RE = re.compile(rf"{MONTH_GROUP},?\s+(?:of\s+)?{YEAR_GROUP}")
MONTH_RE = re.compile(rf"{_DIRECTION}{MONTH_GROUP}")
YEAR_RE = re.compile(rf"(?:(?:fiscal|financial|calendar|fy|the year|year)\s*)?{YEAR_GROUP}(?:\s+[a-z][a-z-]*)?")
SHORT_PERIOD_RE = re.compile(r"q[1-4]|h[12]")
UNIT_WORD_RE = re.compile(r"(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|centur(?:y|ies)|miles?|km|people)")
DECADE_RE = re.compile(r"(?P<decade>[12]\d{2})0'?s")
SHORT_DECADE_RE = re.compile(r"'?(?P<digit>\d)0'?s")
DECADE_WORD_RE = re.compile(r"(?P<word>" + "|".join(DECADE_WORDS) + r")")
CENTURY_RE = re.compile(
    r"(?P<number>\d{1,2})(?:st|nd|rd|th)\s+century|(?P<word>" + "|".join(CENTURY_WORDS) + r")\s+century"
)
_QUARTER = r"(?:q(?P<q>[1-4])|(?P<q_word>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter)"
QUARTER_YEAR_RE = re.compile(rf"{_QUARTER}(?:\s+of)?,?\s*(?:fiscal\s+|fy\s*)?{YEAR_GROUP}")
YEAR_QUARTER_RE = re.compile(rf"{YEAR_GROUP}\s+{_QUARTER}")
_HALF = r"(?:(?P<half>first|second|last)\s+half|h(?P<h>[12]))"
HALF_RE = re.compile(rf"{_HALF}(?:\s+of)?,?\s*{YEAR_GROUP}")
BARE_QUARTER_RE = re.compile(_QUARTER)
BARE_HALF_RE = re.compile(_HALF)
DAY_PHRASE_RE = re.compile(r"(?P<phrase>today|yesterday|tomorrow)(?:'s)?(?:\s+(?:morning|afternoon|evening|night))?")
WEEKDAY_RE = re.compile(rf"{_DIRECTION}{_WEEKDAY}{_DAY_TAIL}")
RELATIVE_PERIOD_RE = re.compile(r"(?P<step>earlier this|later this|this|last|next)\s+(?P<unit>week|month|quarter|year)")
WEEKEND_RE = re.compile(r"(?:(?P<step>this|last|next)\s+)?weekend")
_HOLIDAY_NAMES = sorted([*FIXED_HOLIDAYS, *EASTER_HOLIDAYS, THANKSGIVING], key=len, reverse=True)
HOLIDAY_RE = re.compile(
    r"(?:(?P<step>this|last|next)\s+)?(?P<holiday>"
    + "|".join(map(re.escape, _HOLIDAY_NAMES))
    + r")(?:\s+(?P<year>[12]\d{3}))?"
)
AGO_RE = re.compile(rf"{_COUNT}\s+(?P<unit>day|week|month|year)s?\s+(?P<where>ago|from now)")
WEEK_OF_MONTH_RE = re.compile(rf"{_ORDINAL}\s+week\s+(?:of|in)\s+{MONTH_GROUP}(?:,?\s*{YEAR_GROUP})?")


def resolve_iso(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`2025-02-04`, `2025/02/04`, `2025-02-04T10:00Z` and `2025-02`."""
    if match := ISO_DATE_RE.fullmatch(text):
        return iso_day(datetime.date(int(match["year"]), int(match["month"]), int(match["day"])))
    if (match := ISO_MONTH_RE.fullmatch(text)) and 1 <= int(match["month"]) <= 12:
        return month_value(int(match["year"]), int(match["month"]))
    return None


def resolve_numeric(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`2/4/2025` read month-first (US news), unless the first number cannot be a month."""
    if not (match := NUMERIC_DATE_RE.fullmatch(text)):
        return None
    first, second = int(match["first"]), int(match["second"])
    month, day = (second, first) if first > 12 else (first, second)
    return iso_day(datetime.date(int(match["year"]), month, day))


def resolve_month_day(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`Tuesday, Mar. 3, 2026`, `February 15`, `15 February 2025`, `Saturday, Feb 15 evening`."""
    match = MONTH_DAY_RE.fullmatch(text) or DAY_MONTH_RE.fullmatch(text)
    if not match:
        return None
    month, day = MONTHS[match["month"]], int(match["day"])
    if not day_exists(month, day):
        return None
    if match["year"]:
        return iso_day(datetime.date(int(match["year"]), month, day))
    if reference is None:
        return f"XXXX-{month:02d}-{day:02d}"
    weekday = WEEKDAYS[match["weekday"]] if match["weekday"] else None
    year = nearest_year_for_day(month, day, reference, weekday, cues.tense)
    return None if year is None else iso_day(datetime.date(year, month, day))


def resolve_month_year(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`February 2025`, `Feb. 2025`, `February of 2025`."""
    if match := MONTH_YEAR_RE.fullmatch(text):
        return month_value(int(match["year"]), MONTHS[match["month"]])
    return None


def resolve_month(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`January` (nearest such month), `last January`, `next March`; `XXXX-01` without a reference."""
    if not (match := MONTH_RE.fullmatch(text)):
        return None
    month = MONTHS[match["month"]]
    direction = DIRECTION_WORDS[match["direction"]] if match["direction"] else None
    if reference is None:
        return f"XXXX-{month:02d}" if direction is None else None
    return month_value(*nearest_month(month, reference, direction, cues.tense))


def resolve_quarter_or_half(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`Q4 2024`, `the fourth quarter of 2024`, `2024 Q4`, `the first half of 2024`; without a year,
    the quarter whose middle month is nearest the reference (`the fourth quarter` in March is last
    year's) and the half of the reference's year."""
    if match := QUARTER_YEAR_RE.fullmatch(text) or YEAR_QUARTER_RE.fullmatch(text):
        return f"{match['year']}-Q{match['q'] or ORDINALS[match['q_word']]}"
    if match := HALF_RE.fullmatch(text):
        return f"{match['year']}-H{match['h'] or HALF_NUMBERS[match['half']]}"
    if reference is None:
        return None
    if match := BARE_QUARTER_RE.fullmatch(text):
        quarter = int(match["q"] or ORDINALS[match["q_word"]])
        return f"{nearest_month(3 * quarter - 1, reference, None)[0]}-Q{quarter}"
    if match := BARE_HALF_RE.fullmatch(text):
        return f"{reference.year}-H{match['h'] or HALF_NUMBERS[match['half']]}"
    return None


def resolve_year(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`2023`, `fiscal 2024`, `the year 2009`, `2009 pandemic` (a year before one plain word, not a unit:
    `2000 years` is a count)."""
    match = YEAR_RE.fullmatch(text)
    if not match:
        return None
    next_word = text[match.end("year") :].strip()
    if next_word in MONTHS or next_word in WEEKDAYS or SHORT_PERIOD_RE.fullmatch(next_word):
        return None
    if UNIT_WORD_RE.fullmatch(next_word):
        return None  # "2000 years", "1500 miles": a count, not a year
    return match["year"]


def resolve_decade_or_century(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`the 1990s` -> `199`; `the '90s` / `the nineties` -> latest such decade up to the reference; centuries."""
    if match := DECADE_RE.fullmatch(text):
        return match["decade"]
    digit = None
    if match := SHORT_DECADE_RE.fullmatch(text):
        digit = int(match["digit"])
    elif match := DECADE_WORD_RE.fullmatch(text):
        digit = DECADE_WORDS[match["word"]]
    if digit is not None:
        century = 19 if reference is None else reference.year // 100
        if century * 100 + digit * 10 > (reference.year if reference else 1999):
            century -= 1
        return f"{century}{digit}" if century >= 10 else None
    if match := CENTURY_RE.fullmatch(text):
        number = int(match["number"]) if match["number"] else CENTURY_WORDS[match["word"]]
        return f"{number - 1:02d}" if 11 <= number <= 30 else None
    return None


def resolve_day_phrase(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`today`, `tonight`, `later in the day`, `yesterday afternoon`, `tomorrow`."""
    if text in DAY_PHRASE_OFFSETS:
        offset = DAY_PHRASE_OFFSETS[text]
    elif match := DAY_PHRASE_RE.fullmatch(text):
        offset = DAY_PHRASE_OFFSETS[match["phrase"]]
    else:
        return None
    return None if reference is None else iso_day(reference + datetime.timedelta(days=offset))


def resolve_weekday(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """A bare weekday is the nearest such day; `last X` strictly before, `next X` strictly after."""
    if not (match := WEEKDAY_RE.fullmatch(text)) or reference is None:
        return None
    delta = (WEEKDAYS[match["weekday"]] - reference.weekday()) % 7
    direction = DIRECTION_WORDS[match["direction"]] if match["direction"] else 0
    if direction == -1:
        delta = delta - 7 if delta else -7
    elif direction == 1:
        delta = delta or 7
    elif cues.tense == PAST:
        delta = delta - 7 if delta else 0
    elif cues.tense == FUTURE:
        delta = delta or 7
    elif delta > 3:
        delta -= 7
    return iso_day(reference + datetime.timedelta(days=delta))


def resolve_relative_period(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`this week` (ISO week), `last month` (previous calendar month), `next quarter`, `next year`, `earlier this year`."""
    if not (match := RELATIVE_PERIOD_RE.fullmatch(text)) or reference is None:
        return None
    step = RELATIVE_STEPS[match["step"]]
    if match["unit"] == "week":
        return iso_week(reference + datetime.timedelta(weeks=step))
    if match["unit"] == "month":
        return month_value(*shift_month(reference.year, reference.month, step))
    if match["unit"] == "quarter":
        year, month = shift_month(reference.year, reference.month, 3 * step)
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    return f"{reference.year + step:04d}"


def _holiday_date(name: str, year: int) -> datetime.date:
    if name in FIXED_HOLIDAYS:
        return datetime.date(year, *FIXED_HOLIDAYS[name])
    if name == THANKSGIVING:  # the fourth Thursday of November
        return datetime.date(year, 11, 1 + (3 - datetime.date(year, 11, 1).weekday()) % 7 + 21)
    return easter(year) + datetime.timedelta(days=EASTER_HOLIDAYS[name])


def resolve_holiday(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`Christmas` (the nearest one), `last Christmas`, `this Easter` (the reference's year), `Christmas 2004`."""
    if not (match := HOLIDAY_RE.fullmatch(text)):
        return None
    name = match["holiday"]
    if match["year"]:
        return iso_day(_holiday_date(name, int(match["year"])))
    if reference is None:
        return f"XXXX-{FIXED_HOLIDAYS[name][0]:02d}-{FIXED_HOLIDAYS[name][1]:02d}" if name in FIXED_HOLIDAYS else None
    step = match["step"]
    if step == "this":
        return iso_day(_holiday_date(name, reference.year))
    dates = [_holiday_date(name, year) for year in range(reference.year - 1, reference.year + 2)]
    if step == "last":
        return iso_day(max(date for date in dates if date < reference))
    if step == "next":
        return iso_day(min(date for date in dates if date > reference))
    return iso_day(min(dates, key=lambda date: (abs((date - reference).days), date > reference)))


def resolve_weekend(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`this weekend` (the reference's ISO week), `last` / `next weekend`; `the weekend` the nearest one."""
    if not (match := WEEKEND_RE.fullmatch(text)) or reference is None:
        return None
    # a bare "the weekend" from Monday to Wednesday is the one just past
    nearest = -1 if reference.weekday() <= 2 else 0
    step = nearest if match["step"] is None else RELATIVE_STEPS[match["step"]]
    return f"{iso_week(reference + datetime.timedelta(weeks=step))}-WE"


def resolve_ago(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`three days ago` (that day), `two weeks ago` (that ISO week), `a month ago`, `five years from now`."""
    if not (match := AGO_RE.fullmatch(text)) or reference is None:
        return None
    count = int(match["count"]) if match["count"].isdigit() else COUNTS[match["count"]]
    signed = -count if match["where"] == "ago" else count
    unit = match["unit"]
    if unit == "day":
        return iso_day(reference + datetime.timedelta(days=signed))
    if unit == "week":
        return iso_week(reference + datetime.timedelta(weeks=signed))
    if unit == "month":
        return month_value(*shift_month(reference.year, reference.month, signed))
    return f"{reference.year + signed:04d}"


def resolve_week_of_month(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`the second week of May` -> ISO week of the second Thursday (it holds most of days 8-14)."""
    if not (match := WEEK_OF_MONTH_RE.fullmatch(text)):
        return None
    month = MONTHS[match["month"]]
    if match["year"]:
        year = int(match["year"])
    elif reference is not None:
        year, month = nearest_month(month, reference, None)
    else:
        return f"XXXX-{month:02d}"
    first_thursday = 1 + (3 - datetime.date(year, month, 1).weekday()) % 7
    thursdays = [day for day in range(first_thursday, 32, 7) if day_exists(month, day, year)]
    ordinal = ORDINALS[match["ordinal"]]
    if ordinal > len(thursdays):
        return None
    thursday = thursdays[ordinal - 1] if ordinal > 0 else thursdays[-1]
    return iso_week(datetime.date(year, month, thursday))
