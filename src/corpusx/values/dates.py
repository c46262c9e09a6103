"""Normalise DATE mentions to TIMEX3-style ISO 8601 values and find each article's own date.

Values keep the grain as written: ``2025-02-04`` (day), ``2025-01`` (month), ``2025`` (year),
``2025-W06`` (ISO week), ``2024-Q4`` / ``2024-H1`` (quarter / half), ``199`` (decade), ``20``
(century), and ``XXXX-02-15`` / ``XXXX-01`` when the year is unknown. Relative expressions follow
news conventions (a bare weekday is the nearest such day to the article date, "last month" is the
previous calendar month) rather than a generic parser's defaults. Common news forms are matched by
regular expressions; dateparser is only consulted, behind a cache, for the rare absolute forms the
regular expressions leave (``4-Feb-2025``, ``04.02.2025``).
"""

from __future__ import annotations

import datetime
import functools
import itertools
import re
from collections.abc import Callable, Iterator, Sequence

from dateutil.easter import easter

from corpusx.values.tense import FUTURE, NO_CUES, PAST, Cues, sentence_cues
from corpusx.values.timex import (
    resolve_duration,
    resolve_reporting_period,
    resolve_season,
    spell_out_numbers,
)

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
FULL_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
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
LEADING_MODIFIERS_RE = re.compile(
    r"^(?:the(?! (?:last|past|next|coming) (?:days?|weeks?|months?|years?)\b(?! of))"
    r"|about|around|approximately|nearly|almost|roughly|some|on|in|at|by|since|until|till"
    r"|from|during|as of|as early as|as late as|(?:the )?(?:end|beginning|start|middle) of|(?:end|start)(?=-)"
    r"|(?:just |a little )?(?:over|under)|more than|less than|at least|up to"
    r"|(?:the )?(?:first|last|past) (?:\w+ )?(?:days|weeks|months|quarters) of"
    r"|early|late|mid|earlier(?! in the)|later(?! in the)|just|sometime|only)(?:\s+|-)"
)
PUNCTUATION_EDGES = " \t\n.,;:!?()[]{}\"'`-–—"
MAX_MENTION_CHARS = 120
MAX_FALLBACK_CHARS = 40
MAX_STRAY_WORDS = 2
# A past / future sentence moves a bare month or month-day to its side of the reference up to this far.
MAX_TENSE_MONTHS = 8
# Words that change the date after them, so they are never dropped as stray leading words.
STRAY_WORD_BLOCKERS = frozenset(
    [
        *" ".join([*DIRECTION_WORDS, *RELATIVE_STEPS, *ORDINALS]).split(),
        *("early", "late", "mid", "before", "after", "between", "from", "previous", "following", "fiscal", "not"),
        "the",
    ]
)
# A TIMEX-style value as this module writes it.
TIMEX_VALUE_RE = re.compile(
    r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2}(?:-WE)?|-Q[1-4]|-H[12]|-(?:SP|SU|FA|WI))?|XXXX-\d{2}(?:-\d{2})?|\d{2,3}"
    r"|P\d+[YMWD]|PT\d+[HM])$"
)

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>[12]\d{3})"
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
MONTH_DAY_RE = re.compile(rf"{_LEADING_WEEKDAY}{_MONTH}\s*{_DAY}(?:,?\s*{_YEAR})?{_DAY_TAIL}")
DAY_MONTH_RE = re.compile(rf"{_LEADING_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s*{_YEAR})?{_DAY_TAIL}")
MONTH_YEAR_RE = re.compile(rf"{_MONTH},?\s+(?:of\s+)?{_YEAR}")
MONTH_RE = re.compile(rf"{_DIRECTION}{_MONTH}")
YEAR_RE = re.compile(rf"(?:(?:fiscal|financial|calendar|fy|the year|year)\s*)?{_YEAR}(?:\s+[a-z][a-z-]*)?")
SHORT_PERIOD_RE = re.compile(r"q[1-4]|h[12]")
DECADE_RE = re.compile(r"(?P<decade>[12]\d{2})0'?s")
SHORT_DECADE_RE = re.compile(r"'?(?P<digit>\d)0'?s")
DECADE_WORD_RE = re.compile(r"(?P<word>" + "|".join(DECADE_WORDS) + r")")
CENTURY_RE = re.compile(
    r"(?P<number>\d{1,2})(?:st|nd|rd|th)\s+century|(?P<word>" + "|".join(CENTURY_WORDS) + r")\s+century"
)
_QUARTER = r"(?:q(?P<q>[1-4])|(?P<q_word>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter)"
QUARTER_YEAR_RE = re.compile(rf"{_QUARTER}(?:\s+of)?,?\s*(?:fiscal\s+|fy\s*)?{_YEAR}")
YEAR_QUARTER_RE = re.compile(rf"{_YEAR}\s+{_QUARTER}")
_HALF = r"(?:(?P<half>first|second|last)\s+half|h(?P<h>[12]))"
HALF_RE = re.compile(rf"{_HALF}(?:\s+of)?,?\s*{_YEAR}")
BARE_QUARTER_RE = re.compile(_QUARTER)
BARE_HALF_RE = re.compile(_HALF)
DAY_PHRASE_RE = re.compile(r"(?P<phrase>today|yesterday|tomorrow)(?:'s)?(?:\s+(?:morning|afternoon|evening|night))?")
WEEKDAY_RE = re.compile(rf"{_DIRECTION}{_WEEKDAY}{_DAY_TAIL}")
RELATIVE_PERIOD_RE = re.compile(r"(?P<step>earlier this|later this|this|last|next)\s+(?P<unit>week|month|year)")
# "the end of the year" is this year's end; "the year" alone may point back to any year.
PART_OF_THIS_PERIOD_RE = re.compile(r"\b(end|beginning|start|middle) of the (week|month|year)\b")
WEEKEND_RE = re.compile(r"(?:(?P<step>this|last|next)\s+)?weekend")
_HOLIDAY_NAMES = sorted([*FIXED_HOLIDAYS, *EASTER_HOLIDAYS, THANKSGIVING], key=len, reverse=True)
HOLIDAY_RE = re.compile(
    r"(?:(?P<step>this|last|next)\s+)?(?P<holiday>"
    + "|".join(map(re.escape, _HOLIDAY_NAMES))
    + r")(?:\s+(?P<year>[12]\d{3}))?"
)
AGO_RE = re.compile(rf"{_COUNT}\s+(?P<unit>day|week|month|year)s?\s+(?P<where>ago|from now)")
WEEK_OF_MONTH_RE = re.compile(rf"{_ORDINAL}\s+week\s+(?:of|in)\s+{_MONTH}(?:,?\s*{_YEAR})?")
RELATIVE_YEAR_SUFFIX_RE = re.compile(r"(?P<head>.+?),?\s+(?:of\s+)?(?P<step>this|last|next)\s+year")
PREFIX_YEAR_RE = re.compile(r"(?P<step>this|last|next) year's (?P<head>.+)")
PERIOD_TO_RE = re.compile(
    r"(?:[\w-]+\s+){0,2}(?:months?|weeks?|quarters?|years?|half|period)\s+"
    r"(?:to|ended|ending|through(?:\s+to)?|until)\s+(?P<end>.+)"
)
FALLBACK_WORTHY_RE = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
RANGE_MARKERS_RE = re.compile(
    r"(?<![\d./-])\d{1,2}\s*[-–]\s*\d{1,2}(?![\d./-])|–|\b(?:and|to|through|between|or|until)\b"
)
WHITESPACE_RE = re.compile(r"\s+")
FOUR_DIGIT_YEAR_RE = re.compile(r"\b[12]\d{3}\b")

# Reference-date detection works on raw text, so it only trusts full, unambiguous dates.
_REF_WEEKDAY = r"(?P<weekday>" + "|".join(FULL_WEEKDAY_NAMES) + r")"
_SAME_LINE_SPACE = r"[^\S\n]+"
_REF_MDY = rf"{_MONTH}{_SAME_LINE_SPACE}{_DAY},?{_SAME_LINE_SPACE}{_YEAR}"
_REF_DMY = rf"{_DAY}{_SAME_LINE_SPACE}{_MONTH},?{_SAME_LINE_SPACE}{_YEAR}"
DATELINE_RE = re.compile(
    rf"\b{_REF_WEEKDAY},?{_SAME_LINE_SPACE}(?:{_REF_MDY}|{_REF_DMY.replace('?P<', '?P<dmy_')})\b",
    re.IGNORECASE,
)
FULL_DATE_RE = re.compile(
    rf"\b(?:{_REF_WEEKDAY},?{_SAME_LINE_SPACE})?(?:{_REF_MDY}|{_REF_DMY.replace('?P<', '?P<dmy_')}"
    rf"|(?P<iso_year>[12]\d{{3}})-(?P<iso_month>\d{{2}})-(?P<iso_day>\d{{2}}))\b",
    re.IGNORECASE,
)
ISO_AT_START_RE = re.compile(r"\s*(?P<iso_year>[12]\d{3})-(?P<iso_month>\d{2})-(?P<iso_day>\d{2})\b")
PUBLICATION_MARKER_RE = re.compile(
    r"^\s*(?:first\s+|last\s+)?(?:published|updated|modified|posted|date)\b(?:\s+on)?\s*:?",
    re.IGNORECASE,
)
NON_BLANK_LINE_RE = re.compile(r"[^\n]*\S[^\n]*")
LEAD_LINE_COUNT = 3
MAX_WORDS_BESIDE_LEAD_DATE = 4
NON_WORD_CLOCK_RE = re.compile(
    r"\b\d{1,2}(?::\d{2}){1,2}\s*(?:[ap]\.?m\.?)?|\b[ap]\.?m\.?\b|\b(?:utc|gmt|[a-z]{1,2}[sd]t)\b|\bby\b",
    re.IGNORECASE,
)


def normalize_date(
    text: str, reference: datetime.date | None, sentence: str = "", offset: int | None = None
) -> str | None:
    """TIMEX3 value of a DATE mention's text, resolved against the article's reference date.

    `sentence` (with the mention at `offset` in it) gives the tense and reporting cues of `tense.py`.
    """
    if not isinstance(text, str) or len(text) > MAX_MENTION_CHARS:
        return None
    if isinstance(reference, datetime.datetime):
        reference = reference.date()
    elif not isinstance(reference, datetime.date):
        reference = None
    cues = NO_CUES
    if isinstance(sentence, str) and sentence and offset is not None and 0 <= offset <= len(sentence):
        cues = sentence_cues(sentence, offset, offset + len(text))
    return _normalize_cached(text, reference, cues)


def find_reference_dates(text: str) -> list[tuple[int, datetime.date]]:
    """(offset, date) for each dateline / lead-caption date that sets the article date from that offset on."""
    if not isinstance(text, str):
        return []
    found = [(match.start(), date) for match, date in _matched_dates(DATELINE_RE, text)]
    found.extend(_lead_dates(text))
    found.extend(_marker_dates(text))
    found.sort(key=lambda item: item[0])
    references: list[tuple[int, datetime.date]] = []
    for offset, date in found:
        if not references or references[-1][1] != date:
            references.append((offset, date))
    return references


def reference_at(
    references: Sequence[tuple[int, datetime.date]],
    offset: int,
    fallback: datetime.date | None = None,
) -> datetime.date | None:
    """The last reference date at or before `offset`, else the first one, else `fallback`."""
    chosen = None
    for reference_offset, date in references:
        if reference_offset > offset:
            break
        chosen = date
    if chosen is not None:
        return chosen
    return references[0][1] if references else fallback


@functools.lru_cache(maxsize=65536)
def _normalize_cached(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`normalize_date` behind a cache; any arithmetic overflow on extreme dates gives None."""
    try:
        cleaned = _clean(text)
        if not cleaned:
            return None
        value = _resolve(cleaned, reference, cues)
        if value is None:
            # "d'etat last year", "seven a year ago": a date after one or two stray leading words
            words = cleaned.split(" ")
            for dropped in range(1, min(MAX_STRAY_WORDS, len(words) - 1) + 1):
                if words[dropped - 1] in STRAY_WORD_BLOCKERS:
                    break
                if value := _resolve(_clean(" ".join(words[dropped:])), reference, cues):
                    break
        return value
    except (ValueError, OverflowError):
        return None


def _resolve(cleaned: str, reference: datetime.date | None, cues: Cues) -> str | None:
    """The first resolver's value for cleaned text, else dateparser's; None unless a TIMEX3 value."""
    if not cleaned:
        return None
    for resolver in RESOLVERS:
        value = resolver(cleaned, reference, cues)
        if value is not None:
            return value if TIMEX_VALUE_RE.match(value) else None
    return _parse_with_dateparser(cleaned, reference)


def _clean(text: str) -> str:
    """Lower-case, unify apostrophes and spaces, drop edge punctuation, possessives and leading modifiers."""
    cleaned = WHITESPACE_RE.sub(" ", text.replace("’", "'").replace("‘", "'")).strip().lower()
    cleaned = spell_out_numbers(cleaned)
    cleaned = PART_OF_THIS_PERIOD_RE.sub(r"\1 of this \2", cleaned)
    previous = None
    while cleaned != previous:
        previous = cleaned
        cleaned = cleaned.strip(PUNCTUATION_EDGES)
        cleaned = re.sub(r"(?:'s|s')$", lambda m: "" if m.group() == "'s" else "s", cleaned)
        cleaned = LEADING_MODIFIERS_RE.sub("", cleaned, count=1)
    return cleaned


def _iso_day(date: datetime.date) -> str:
    """`YYYY-MM-DD` for a date."""
    return f"{date.year:04d}-{date.month:02d}-{date.day:02d}"


def _iso_week(date: datetime.date) -> str:
    """`YYYY-Www` for the ISO week containing a date."""
    iso = date.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def _month_value(year: int, month: int) -> str:
    """`YYYY-MM` for a month."""
    return f"{year:04d}-{month:02d}"


def _shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) `months` calendar months away."""
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _day_exists(month: int, day: int, year: int | None = None) -> bool:
    """Whether the month has that day (in a leap year when the year is unknown)."""
    try:
        datetime.date(2000 if year is None else year, month, day)
    except ValueError:
        return False
    return True


def _nearest_year_for_day(
    month: int, day: int, reference: datetime.date, weekday: int | None, tense: int = 0
) -> int | None:
    """Year putting month-day nearest the reference (a matching weekday first; ties go to the past);
    without a weekday, a sentence's tense picks the one on its side of the reference if it is within
    `MAX_TENSE_MONTHS`."""
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        if _day_exists(month, day, year):
            date = datetime.date(year, month, day)
            days = (date - reference).days
            if weekday is None and tense and abs(days) <= MAX_TENSE_MONTHS * 31 and days * tense >= 0:
                return year
            mismatch = weekday is not None and date.weekday() != weekday
            candidates.append((mismatch, abs((date - reference).days), date > reference, year))
    return min(candidates)[3] if candidates else None


def _nearest_month(month: int, reference: datetime.date, direction: int | None, tense: int = 0) -> tuple[int, int]:
    """(year, month) of the named month: nearest the reference, strictly before / after, or this year;
    without a direction word, the one on the side of a sentence's tense if within `MAX_TENSE_MONTHS`."""
    if direction == 0:
        return reference.year, month
    here = reference.year * 12 + reference.month - 1
    candidates = [year * 12 + month - 1 for year in range(reference.year - 1, reference.year + 2)]
    if direction == -1:
        index = max(c for c in candidates if c < here)
    elif direction == 1:
        index = min(c for c in candidates if c > here)
    else:
        index = min(candidates, key=lambda c: (abs(c - here), c > here))
        on_tense_side = [c for c in candidates if (c - here) * tense >= 0 and abs(c - here) <= MAX_TENSE_MONTHS]
        if tense and on_tense_side:
            index = min(on_tense_side, key=lambda c: abs(c - here))
    return index // 12, index % 12 + 1


def _resolve_iso(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`2025-02-04`, `2025/02/04`, `2025-02-04T10:00Z` and `2025-02`."""
    if match := ISO_DATE_RE.fullmatch(text):
        return _iso_day(datetime.date(int(match["year"]), int(match["month"]), int(match["day"])))
    if (match := ISO_MONTH_RE.fullmatch(text)) and 1 <= int(match["month"]) <= 12:
        return _month_value(int(match["year"]), int(match["month"]))
    return None


def _resolve_numeric(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`2/4/2025` read month-first (US news), unless the first number cannot be a month."""
    if not (match := NUMERIC_DATE_RE.fullmatch(text)):
        return None
    first, second = int(match["first"]), int(match["second"])
    month, day = (second, first) if first > 12 else (first, second)
    return _iso_day(datetime.date(int(match["year"]), month, day))


def _resolve_month_day(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`Tuesday, Feb. 4, 2025`, `February 15`, `15 February 2025`, `Saturday, Feb 15 evening`."""
    match = MONTH_DAY_RE.fullmatch(text) or DAY_MONTH_RE.fullmatch(text)
    if not match:
        return None
    month, day = MONTHS[match["month"]], int(match["day"])
    if not _day_exists(month, day):
        return None
    if match["year"]:
        return _iso_day(datetime.date(int(match["year"]), month, day))
    if reference is None:
        return f"XXXX-{month:02d}-{day:02d}"
    weekday = WEEKDAYS[match["weekday"]] if match["weekday"] else None
    year = _nearest_year_for_day(month, day, reference, weekday, cues.tense)
    return None if year is None else _iso_day(datetime.date(year, month, day))


def _resolve_month_year(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`February 2025`, `Feb. 2025`, `February of 2025`."""
    if match := MONTH_YEAR_RE.fullmatch(text):
        return _month_value(int(match["year"]), MONTHS[match["month"]])
    return None


def _resolve_month(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`January` (nearest such month), `last January`, `next March`; `XXXX-01` without a reference."""
    if not (match := MONTH_RE.fullmatch(text)):
        return None
    month = MONTHS[match["month"]]
    direction = DIRECTION_WORDS[match["direction"]] if match["direction"] else None
    if reference is None:
        return f"XXXX-{month:02d}" if direction is None else None
    return _month_value(*_nearest_month(month, reference, direction, cues.tense))


def _resolve_quarter_or_half(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
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
        return f"{_nearest_month(3 * quarter - 1, reference, None)[0]}-Q{quarter}"
    if match := BARE_HALF_RE.fullmatch(text):
        return f"{reference.year}-H{match['h'] or HALF_NUMBERS[match['half']]}"
    return None


def _resolve_year(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`2023`, `fiscal 2024`, `the year 2009`, `2009 pandemic` (a year before one plain word)."""
    match = YEAR_RE.fullmatch(text)
    if not match:
        return None
    next_word = text[match.end("year") :].strip()
    if next_word in MONTHS or next_word in WEEKDAYS or SHORT_PERIOD_RE.fullmatch(next_word):
        return None
    return match["year"]


def _resolve_decade_or_century(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
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


def _resolve_day_phrase(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`today`, `tonight`, `later in the day`, `yesterday afternoon`, `tomorrow`."""
    if text in DAY_PHRASE_OFFSETS:
        offset = DAY_PHRASE_OFFSETS[text]
    elif match := DAY_PHRASE_RE.fullmatch(text):
        offset = DAY_PHRASE_OFFSETS[match["phrase"]]
    else:
        return None
    return None if reference is None else _iso_day(reference + datetime.timedelta(days=offset))


def _resolve_weekday(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
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
    return _iso_day(reference + datetime.timedelta(days=delta))


def _resolve_relative_period(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`this week` (ISO week), `last month` (previous calendar month), `next year`, `earlier this year`."""
    if not (match := RELATIVE_PERIOD_RE.fullmatch(text)) or reference is None:
        return None
    step = RELATIVE_STEPS[match["step"]]
    if match["unit"] == "week":
        return _iso_week(reference + datetime.timedelta(weeks=step))
    if match["unit"] == "month":
        return _month_value(*_shift_month(reference.year, reference.month, step))
    return f"{reference.year + step:04d}"


def _holiday_date(name: str, year: int) -> datetime.date:
    if name in FIXED_HOLIDAYS:
        return datetime.date(year, *FIXED_HOLIDAYS[name])
    if name == THANKSGIVING:  # the fourth Thursday of November
        return datetime.date(year, 11, 1 + (3 - datetime.date(year, 11, 1).weekday()) % 7 + 21)
    return easter(year) + datetime.timedelta(days=EASTER_HOLIDAYS[name])


def _resolve_holiday(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`Christmas` (the nearest one), `last Christmas`, `this Easter` (the reference's year), `Christmas 2004`."""
    if not (match := HOLIDAY_RE.fullmatch(text)):
        return None
    name = match["holiday"]
    if match["year"]:
        return _iso_day(_holiday_date(name, int(match["year"])))
    if reference is None:
        return f"XXXX-{FIXED_HOLIDAYS[name][0]:02d}-{FIXED_HOLIDAYS[name][1]:02d}" if name in FIXED_HOLIDAYS else None
    step = match["step"]
    if step == "this":
        return _iso_day(_holiday_date(name, reference.year))
    dates = [_holiday_date(name, year) for year in range(reference.year - 1, reference.year + 2)]
    if step == "last":
        return _iso_day(max(date for date in dates if date < reference))
    if step == "next":
        return _iso_day(min(date for date in dates if date > reference))
    return _iso_day(min(dates, key=lambda date: (abs((date - reference).days), date > reference)))


def _resolve_weekend(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`this weekend` (the reference's ISO week), `last` / `next weekend`; `the weekend` the nearest one."""
    if not (match := WEEKEND_RE.fullmatch(text)) or reference is None:
        return None
    # a bare "the weekend" from Monday to Wednesday is the one just past
    nearest = -1 if reference.weekday() <= 2 else 0
    step = nearest if match["step"] is None else RELATIVE_STEPS[match["step"]]
    return f"{_iso_week(reference + datetime.timedelta(weeks=step))}-WE"


def _resolve_ago(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`three days ago` (that day), `two weeks ago` (that ISO week), `a month ago`, `five years from now`."""
    if not (match := AGO_RE.fullmatch(text)) or reference is None:
        return None
    count = int(match["count"]) if match["count"].isdigit() else COUNTS[match["count"]]
    signed = -count if match["where"] == "ago" else count
    unit = match["unit"]
    if unit == "day":
        return _iso_day(reference + datetime.timedelta(days=signed))
    if unit == "week":
        return _iso_week(reference + datetime.timedelta(weeks=signed))
    if unit == "month":
        return _month_value(*_shift_month(reference.year, reference.month, signed))
    return f"{reference.year + signed:04d}"


def _resolve_week_of_month(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`the fourth week of January` -> ISO week of the fourth Thursday (it holds most of days 22-28)."""
    if not (match := WEEK_OF_MONTH_RE.fullmatch(text)):
        return None
    month = MONTHS[match["month"]]
    if match["year"]:
        year = int(match["year"])
    elif reference is not None:
        year, month = _nearest_month(month, reference, None)
    else:
        return f"XXXX-{month:02d}"
    first_thursday = 1 + (3 - datetime.date(year, month, 1).weekday()) % 7
    thursdays = [day for day in range(first_thursday, 32, 7) if _day_exists(month, day, year)]
    ordinal = ORDINALS[match["ordinal"]]
    if ordinal > len(thursdays):
        return None
    thursday = thursdays[ordinal - 1] if ordinal > 0 else thursdays[-1]
    return _iso_week(datetime.date(year, month, thursday))


def _resolve_period_ending(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`the three months to December`, `the quarter ended June 30, 2024`: the value of the end point."""
    if match := PERIOD_TO_RE.fullmatch(text):
        return _normalize_cached(match["end"], reference, cues)
    return None


def _resolve_relative_year_suffix(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`February this year`, `July last year`, `the first quarter of next year`: the head in that year."""
    if (match := RELATIVE_YEAR_SUFFIX_RE.fullmatch(text)) and reference is not None:
        year = reference.year + RELATIVE_STEPS[match["step"]]
        return _normalize_cached(f"{match['head']} {year:04d}", reference, cues)
    return None


def _resolve_prefix_year(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`this year's second quarter`, `next year's first half`: the head in that year."""
    if (match := PREFIX_YEAR_RE.fullmatch(text)) and reference is not None:
        year = reference.year + RELATIVE_STEPS[match["step"]]
        return _normalize_cached(f"{match['head']} {year:04d}", reference, cues)
    return None


RESOLVERS: tuple[Callable[[str, datetime.date | None, Cues], str | None], ...] = (
    _resolve_iso,
    _resolve_numeric,
    _resolve_month_day,
    _resolve_month_year,
    _resolve_month,
    _resolve_quarter_or_half,
    resolve_reporting_period,
    _resolve_prefix_year,
    resolve_season,
    _resolve_year,
    _resolve_decade_or_century,
    _resolve_day_phrase,
    _resolve_weekday,
    _resolve_relative_period,
    _resolve_weekend,
    _resolve_holiday,
    _resolve_ago,
    _resolve_week_of_month,
    _resolve_period_ending,
    _resolve_relative_year_suffix,
    resolve_duration,
)


@functools.lru_cache(maxsize=256)
def _date_data_parser(reference: datetime.date) -> object:
    """A dateparser parser for English, with missing parts taken from `reference` (never from the clock)."""
    from dateparser.date import DateDataParser

    settings = {
        "RELATIVE_BASE": datetime.datetime(reference.year, reference.month, reference.day),
        "PREFER_DATES_FROM": "current_period",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    return DateDataParser(languages=["en"], settings=settings)


def _parse_with_dateparser(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """Last resort for short absolute forms the regexes miss; None for ranges, durations and unknown years."""
    if len(text) > MAX_FALLBACK_CHARS or not FALLBACK_WORTHY_RE.search(text) or RANGE_MARKERS_RE.search(text):
        return None
    has_year = FOUR_DIGIT_YEAR_RE.search(text) is not None
    if reference is None and not has_year:
        return None
    base = reference if reference is not None else datetime.date(2000, 1, 1)
    try:
        data = _date_data_parser(base).get_date_data(text)  # type: ignore[attr-defined]
    except Exception:
        return None
    parsed = data.date_obj
    if parsed is None or not 1000 <= parsed.year <= 2999:
        return None
    if data.period in ("day", "time"):
        return _iso_day(parsed.date())
    if data.period == "month":
        return _month_value(parsed.year, parsed.month)
    if data.period == "year":
        return f"{parsed.year:04d}"
    return None


def _date_from_match(match: re.Match[str]) -> datetime.date | None:
    """The calendar date a DATELINE_RE / FULL_DATE_RE match spells, or None if it is not a real day."""
    groups = match.groupdict()
    try:
        if groups.get("iso_year"):
            return datetime.date(int(groups["iso_year"]), int(groups["iso_month"]), int(groups["iso_day"]))
        if groups.get("year"):
            return datetime.date(int(groups["year"]), MONTHS[groups["month"].lower()], int(groups["day"]))
        return datetime.date(int(groups["dmy_year"]), MONTHS[groups["dmy_month"].lower()], int(groups["dmy_day"]))
    except (ValueError, TypeError, KeyError):
        return None


def _matched_dates(pattern: re.Pattern[str], text: str) -> Iterator[tuple[re.Match[str], datetime.date]]:
    """(match, date) for each match of a full-date pattern in the text that is a real day."""
    for match in pattern.finditer(text):
        date = _date_from_match(match)
        if date is not None:
            yield match, date


def _lines_with_offsets(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) for every non-blank line, lazily."""
    for match in NON_BLANK_LINE_RE.finditer(text):
        yield match.start(), match.group()


def _is_date_line(line: str, match: re.Match[str]) -> bool:
    """Whether the line is essentially the date: a few words beside it at most, clock times aside."""
    rest = line[: match.start()] + " " + line[match.end() :]
    rest = NON_WORD_CLOCK_RE.sub(" ", PUBLICATION_MARKER_RE.sub(" ", rest))
    return len(re.findall(r"[^\W\d_]+", rest)) <= MAX_WORDS_BESIDE_LEAD_DATE


def _lead_dates(text: str) -> list[tuple[int, datetime.date]]:
    """Full dates standing alone on one of the first lines, or an ISO date opening the document."""
    found = []
    if (match := ISO_AT_START_RE.match(text)) and (date := _date_from_match(match)):
        found.append((match.start("iso_year"), date))
    for offset, line in itertools.islice(_lines_with_offsets(text), LEAD_LINE_COUNT):
        if not FOUR_DIGIT_YEAR_RE.search(line):
            continue
        for match, date in _matched_dates(FULL_DATE_RE, line):
            if _is_date_line(line, match):
                found.append((offset + match.start(), date))
    return found


def _marker_dates(text: str) -> list[tuple[int, datetime.date]]:
    """Full dates on a `Published` / `Updated` / `Last updated:` line, or on the line after a bare marker."""
    found = []
    lines = list(_lines_with_offsets(text))
    for index, (offset, line) in enumerate(lines):
        marker = PUBLICATION_MARKER_RE.match(line)
        if not marker:
            continue
        candidates = [(offset, line)]
        if not line[marker.end() :].strip() and index + 1 < len(lines):
            candidates.append(lines[index + 1])
        for line_offset, candidate in candidates:
            for match, date in _matched_dates(FULL_DATE_RE, candidate):
                if _is_date_line(candidate, match):
                    found.append((line_offset + match.start(), date))
                    break
    return found


_RANGE_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_RANGE_LEAD = r"(?:(?:from|between|on|in|during|the)\s+)?"
YEAR_RANGE_RE = re.compile(rf"{_RANGE_LEAD}(?P<first>[12]\d{{3}})\s*[-–]\s*(?P<second>[12]\d{{3}}|\d{{2}})", re.I)
DAYS_BEFORE_MONTH_RE = re.compile(
    rf"{_RANGE_LEAD}(?P<first>\d{{1,2}})\s*[-–]\s*(?P<second>\d{{1,2}}\s+{_RANGE_MONTH}(?:,?\s+[12]\d{{3}})?)", re.I
)
MONTH_BEFORE_DAYS_RE = re.compile(
    rf"{_RANGE_LEAD}(?P<first>(?P<month>{_RANGE_MONTH})\s*\d{{1,2}})\s*[-–]\s*(?P<second>\d{{1,2}})"
    rf"(?P<year>,?\s+[12]\d{{3}})?",
    re.I,
)
JOINED_RANGE_RE = re.compile(
    r"(?:(?:from|between|on|in|during)\s+)?(?P<first>.+?)\s+"
    r"(?:and|or|to|through|thru|until|till|(?:that\s+)?end(?:ed|ing|s))\s+(?P<second>.+)",
    re.I,
)


def date_parts(text: str, reference: datetime.date | None) -> list[tuple[int, int, str]]:
    """(start, end, text to normalise) for each end of a range mention, as TimeML annotates them; the whole
    mention alone when it is not a range of two dates.

    `2014-2015`, `1968-69`, `4-6 March`, `Feb. 4-6`, `between January and March`, `the quarter ended
    Sept. 30`: each end gets its own span (offsets into `text`) and a text that dates it on its own
    (`4 March`, `1969`).
    """
    whole = [(0, len(text), text)]
    if not isinstance(text, str) or len(text) > MAX_MENTION_CHARS:
        return whole
    if match := YEAR_RANGE_RE.fullmatch(text):
        first, second = match["first"], match["second"]
        full_second = second if len(second) == 4 else first[:2] + second
        if int(full_second) <= int(first):
            return whole
        parts = [(match.start("first"), match.end("first"), first), (match.start("second"), match.end(), full_second)]
    elif match := DAYS_BEFORE_MONTH_RE.fullmatch(text):
        month_and_year = re.sub(r"^\d{1,2}\s+", "", match["second"])
        parts = [
            (match.start("first"), match.end("first"), f"{match['first']} {month_and_year}"),
            (match.start("second"), match.end(), match["second"]),
        ]
    elif match := MONTH_BEFORE_DAYS_RE.fullmatch(text):
        year = match["year"] or ""
        parts = [
            (match.start("first"), match.end("first"), match["first"] + year),
            (match.start("second"), match.end(), f"{match['month']} {match['second']}{year}"),
        ]
    elif match := JOINED_RANGE_RE.fullmatch(text):
        parts = [(match.start(n), match.end(n), match[n]) for n in ("first", "second")]
    else:
        return whole
    if any(normalize_date(part, reference) is None for _start, _end, part in parts):
        return whole
    return parts
