"""Normalise DATE mentions to TIMEX3-style ISO 8601 values: clean the text, then run the resolver chain.

Values keep the grain as written: ``2025-02-04`` (day), ``2025-01`` (month), ``2025`` (year),
``2025-W06`` (ISO week; ``2025-WXX`` when the text does not say which), ``2024-Q4`` / ``2024-H1``
(quarter / half), ``199`` (decade), ``20`` (century), and ``XXXX-02-15`` / ``XXXX-01`` when the year
is unknown. Relative expressions follow
news conventions (a bare weekday is the nearest such day to the article date, "last month" is the
previous calendar month) rather than a generic parser's defaults. Common news forms are matched by
regular expressions; dateparser is only consulted, behind a cache, for the rare absolute forms the
regular expressions leave (``4-Feb-2025``, ``04.02.2025``). The resolvers live in `resolvers.py`
(calendar expressions) and `timex.py` (reporting periods, seasons, durations); the few here re-normalise
a part of the text (`the quarter ended June 30`, `July last year`).
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable

from corpusx.values.calendar_math import (
    FOUR_DIGIT_YEAR_RE,
    FULL_WEEKDAY_NAMES,
    MONTHS,
    iso_day,
    month_value,
    shift_month,
)
from corpusx.values.resolvers import (
    DIRECTION_WORDS,
    ORDINALS,
    RELATIVE_STEPS,
    resolve_ago,
    resolve_day_phrase,
    resolve_decade_or_century,
    resolve_holiday,
    resolve_iso,
    resolve_month,
    resolve_month_day,
    resolve_month_year,
    resolve_numeric,
    resolve_quarter_or_half,
    resolve_relative_period,
    resolve_week_of_month,
    resolve_weekday,
    resolve_weekend,
    resolve_year,
)
from corpusx.values.tense import NO_CUES, PAST, Cues, sentence_cues
from corpusx.values.timex import (
    QUARTER_VALUE_RE,
    TIMEX_VALUE_RE,
    reported_quarter,
    resolve_duration,
    resolve_ordinal_day,
    resolve_reporting_period,
    resolve_season,
    spell_out_numbers,
)

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
# Words that change the date after them, so they are never dropped as stray leading words.
STRAY_WORD_BLOCKERS = frozenset(
    [
        *" ".join([*DIRECTION_WORDS, *RELATIVE_STEPS, *ORDINALS]).split(),
        *("early", "late", "mid", "before", "after", "between", "from", "previous", "following", "fiscal", "not"),
        *("these", "those", "every", "each"),  # "these days" is now, "every week" a frequency
        "the",
    ]
)
# A value of no stated length or point ("weeks" PXW, "weeks ago" PAST_REF): a dropped word before it
# would have said more ("two weeks ago", "every few weeks"), so the stray-word fallback never gives one.
VAGUE_VALUE_RE = re.compile(r"PX|PAST_REF|FUTURE_REF")

# A mention that points back to the document's last date of its grain: "that quarter", "the following year".
ANAPHORA_RE = re.compile(r"(?:the\s+)?(?P<which>that|same|following)\s+(?P<unit>year|quarter|month)", re.I)
ANAPHORA_STEPS = {"that": 0, "same": 0, "following": 1}
# A day counted from the document's last day: "that day", "the next day", "the day before", "the previous Friday".
DAY_ANAPHORA_RE = re.compile(
    r"(?:the\s+)?(?:(?P<which>that|same|following|next|previous|prior)\s+day|day\s+(?P<side>before|after)"
    r"|(?:previous|prior|preceding)\s+(?P<weekday>" + "|".join(FULL_WEEKDAY_NAMES) + r"))",
    re.I,
)
DAY_ANAPHORA_STEPS = {
    "that": 0,
    "same": 0,
    "following": 1,
    "next": 1,
    "previous": -1,
    "prior": -1,
    "before": -1,
    "after": 1,
}
FALLBACK_WORTHY_RE = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
RANGE_MARKERS_RE = re.compile(
    r"(?<![\d./-])\d{1,2}\s*[-–]\s*\d{1,2}(?![\d./-])|–|\b(?:and|to|through|between|or|until)\b"
)
NAMED_QUARTER_RE = re.compile(r"\b(?:first|second|third|fourth|1st|2nd|3rd|4th)\b.*quarter|\bq[1-4]\b", re.I)
WHITESPACE_RE = re.compile(r"\s+")
# A possessive ending ("last year's", "the Smiths'"), but not the "'s" of a decade ("the 1980's", "the '90's").
POSSESSIVE_END_RE = re.compile(r"(?<!\d0)'s$|s'$")
# A hedge that leaves the value as it is: "a week or so ago", "the next year or so".
HEDGE_RE = re.compile(r"\s+or (?:so|thereabouts)\b")


def normalize_date(
    text: str,
    reference: datetime.date | None,
    sentence: str = "",
    offset: int | None = None,
    quarter: tuple[int, int] | None = None,
) -> str | None:
    """TIMEX3 value of a DATE mention's text, resolved against the article's reference date.

    `sentence` (with the mention at `offset` in it) gives the tense and reporting cues of `tense.py`;
    `quarter` is the (year, quarter) the document named last, the one its earnings sentences report.
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
    if quarter is not None:
        cues = cues._replace(quarter=quarter)
    return _normalize_cached(text, reference, cues)


class DocumentDates:
    """DATE values of one document taken in text order: a quarter it names ("third-quarter profit", "the
    fiscal second quarter") that has ended by the reference date, or that a past-tense earnings sentence
    reports ("fourth-quarter profit fell": a fiscal quarter), is the quarter its later earnings sentences
    report ("the quarter", "a year earlier"), as TimeML annotates them; "that quarter", "the following year",
    "the next day" and "the previous Friday" count from the last value of their grain."""

    def __init__(self) -> None:
        """No quarter named yet."""
        self.quarter: tuple[int, int] | None = None
        self.last: dict[str, str] = {}  # grain ("year", "quarter", "month", "day") -> the last value of that grain

    def value(
        self, text: str, reference: datetime.date | None, sentence: str = "", offset: int | None = None
    ) -> str | None:
        """`normalize_date` of the next DATE mention, remembering the quarter it names."""
        if match := ANAPHORA_RE.fullmatch(text.strip()):
            value = _moved(self.last.get(match["unit"]), ANAPHORA_STEPS[match["which"].lower()])
        elif (match := DAY_ANAPHORA_RE.fullmatch(text.strip())) and "day" in self.last:
            value = _day_moved(self.last["day"], match)
        else:
            value = normalize_date(text, reference, sentence, offset, self.quarter)
        self._remember(value)
        if value is None or reference is None or not QUARTER_VALUE_RE.fullmatch(value):
            return value
        named = (int(value[:4]), int(value[-1]))
        if NAMED_QUARTER_RE.search(text) and (
            named <= reported_quarter(reference) or _reports_past(sentence, offset, text)
        ):
            self.quarter = named
        return value

    def _remember(self, value: str | None) -> None:
        """Keep the value as the last one of each grain it has."""
        if value is None or not re.match(r"\d{4}", value):
            return
        self.last["year"] = value[:4]
        if QUARTER_VALUE_RE.fullmatch(value):
            self.last["quarter"] = value
        elif re.match(r"\d{4}-\d{2}", value):
            self.last["month"] = value[:7]
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                self.last["day"] = value


def _moved(value: str | None, step: int) -> str | None:
    """The year, quarter or month `value` moved `step` units on ("the following year": one)."""
    if value is None:
        return None
    year = int(value[:4])
    if len(value) == 4:
        return f"{year + step:04d}"
    if value[5] == "Q":
        index = year * 4 + int(value[6]) - 1 + step
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    return month_value(*shift_month(year, int(value[5:7]), step))


def _day_moved(day: str, match: re.Match[str]) -> str:
    """The day a `DAY_ANAPHORA_RE` match names, counted from `day`: one on or back, or the weekday before it."""
    date = datetime.date.fromisoformat(day)
    if match["weekday"]:
        back = (date.weekday() - FULL_WEEKDAY_NAMES.index(match["weekday"].lower())) % 7 or 7
        return iso_day(date - datetime.timedelta(days=back))
    step = DAY_ANAPHORA_STEPS[(match["which"] or match["side"]).lower()]
    return iso_day(date + datetime.timedelta(days=step))


def _reports_past(sentence: str, offset: int | None, text: str) -> bool:
    """Whether the mention's sentence reports results in the past tense."""
    if not sentence or offset is None:
        return False
    cues = sentence_cues(sentence, offset, offset + len(text))
    return cues.reporting and cues.tense == PAST


@functools.lru_cache(maxsize=65536)
def _normalize_cached(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`normalize_date` behind a cache; any arithmetic overflow on extreme dates gives None."""
    try:
        cleaned = _clean(text)
        if not cleaned:
            return None
        value = _resolve(cleaned, reference, cues)
        if value is None and cleaned == "week" and reference is not None:
            # "the week" alone does not say which: a week of the reference's year, as TimeML writes it
            value = f"{reference.year:04d}-WXX"
        if value is None:
            # "a draw last year", "eleven a year ago": a date after one or two stray leading words
            words = cleaned.split(" ")
            for dropped in range(1, min(MAX_STRAY_WORDS, len(words) - 1) + 1):
                if words[dropped - 1] in STRAY_WORD_BLOCKERS:
                    break
                rest = _resolve(_clean(" ".join(words[dropped:])), reference, cues)
                if rest is not None and not VAGUE_VALUE_RE.match(rest):  # "two weeks ago" is not "weeks ago"
                    return rest
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


# "the end of the year", "the second half of the year" are this year's; "the year" alone may point back to any year.
PART_OF_THIS_PERIOD_RE = re.compile(
    r"\b(end|beginning|start|middle|(?:first|second|third|fourth|last) (?:half|quarter)) of the (week|month|year)\b"
)
# "the first two quarters of 1990" is that year's first half.
TWO_QUARTERS_RE = re.compile(r"\b(first|last) two quarters\b")


def _clean(text: str) -> str:
    """Lower-case, unify apostrophes and spaces, drop edge punctuation, possessives and leading modifiers."""
    cleaned = WHITESPACE_RE.sub(" ", text.replace("’", "'").replace("‘", "'")).strip().lower()
    cleaned = HEDGE_RE.sub("", spell_out_numbers(cleaned))
    cleaned = PART_OF_THIS_PERIOD_RE.sub(r"\1 of this \2", cleaned)
    cleaned = TWO_QUARTERS_RE.sub(r"\1 half", cleaned)
    previous = None
    while cleaned != previous:
        previous = cleaned
        cleaned = cleaned.strip(PUNCTUATION_EDGES)
        cleaned = POSSESSIVE_END_RE.sub(lambda m: "" if m.group() == "'s" else "s", cleaned)
        cleaned = LEADING_MODIFIERS_RE.sub("", cleaned, count=1)
    return cleaned


PERIOD_TO_RE = re.compile(
    r"(?:[\w-]+\s+){0,2}(?:months?|weeks?|quarters?|years?|half|period)\s+"
    r"(?P<connector>to|ended|ending|through(?:\s+to)?|until)\s+(?P<end>.+)"
)


def _resolve_period_ending(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`the three months to December`, `the quarter ended June 30, 2024`: the value of the end point (a
    period that "ended" on a weekday, day or month without a year ended on or before the reference)."""
    if not (match := PERIOD_TO_RE.fullmatch(text)):
        return None
    ended = match["connector"] == "ended"
    value = _normalize_cached(match["end"], reference, cues._replace(tense=PAST) if ended else cues)
    if (
        value is not None
        and reference is not None
        and ended
        and not FOUR_DIGIT_YEAR_RE.search(match["end"])
        and re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", value)
        and value > iso_day(reference)
    ):
        value = f"{int(value[:4]) - 1:04d}{value[4:]}"
    return value


RELATIVE_YEAR_SUFFIX_RE = re.compile(r"(?P<head>.+?),?\s+(?:of\s+)?(?P<step>this|last|next)\s+year")


def _resolve_relative_year_suffix(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`February this year`, `July last year`, `the first quarter of next year`: the head in that year."""
    return _head_in_its_year(RELATIVE_YEAR_SUFFIX_RE.fullmatch(text), reference, cues)


PREFIX_YEAR_RE = re.compile(r"(?P<step>this|last|next) year's (?P<head>.+)")


def _resolve_prefix_year(text: str, reference: datetime.date | None, cues: Cues = NO_CUES) -> str | None:
    """`this year's second quarter`, `next year's first half`: the head in that year."""
    return _head_in_its_year(PREFIX_YEAR_RE.fullmatch(text), reference, cues)


def _head_in_its_year(match: re.Match[str] | None, reference: datetime.date | None, cues: Cues) -> str | None:
    """The value of the match's `head` in the year its `step` ("this", "last", "next") names."""
    if match is None or reference is None:
        return None
    year = reference.year + RELATIVE_STEPS[match["step"]]
    return _normalize_cached(f"{match['head']} {year:04d}", reference, cues)


RESOLVERS: tuple[Callable[[str, datetime.date | None, Cues], str | None], ...] = (
    resolve_iso,
    resolve_numeric,
    resolve_month_day,
    resolve_month_year,
    resolve_month,
    resolve_quarter_or_half,
    resolve_reporting_period,
    _resolve_prefix_year,
    resolve_season,
    resolve_ordinal_day,
    resolve_year,
    resolve_decade_or_century,
    resolve_day_phrase,
    resolve_weekday,
    resolve_relative_period,
    resolve_weekend,
    resolve_holiday,
    resolve_ago,
    resolve_week_of_month,
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
        return iso_day(parsed.date())
    if data.period == "month":
        return month_value(parsed.year, parsed.month)
    if data.period == "year":
        return f"{parsed.year:04d}"
    return None
