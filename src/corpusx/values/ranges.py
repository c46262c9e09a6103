"""Split a DATE range mention into its two ends, as TimeML annotates ranges (`4-6 March` -> `4 March`, `6 March`)."""

from __future__ import annotations

import datetime
import re

from corpusx.values.calendar_math import MONTHS
from corpusx.values.dates import MAX_MENTION_CHARS, normalize_date

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
    r"(?:and|or|to|through|thru|until|till|(?:that\s+)?(?P<ends>end(?:ed|ing|s)))\s+(?P<second>.+)",
    re.I,
)


def date_parts(text: str, reference: datetime.date | None) -> list[tuple[int, int, str]]:
    """(start, end, text to normalise) for each end of a range mention, as TimeML annotates them; the whole
    mention alone when it is not a range of two dates.

    `2014-2015`, `1968-69`, `4-6 March`, `Feb. 4-6`, `between January and March`, `the year ended
    Sept. 30`: each end gets its own span (offsets into `text`) and a text that dates it on its own
    (`4 March`, `1969`; a period's end is dated by the whole text).
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
        if match["ends"]:
            # "the year ended Sept. 30": the period, whose value its sentence may give, and its end, dated as
            # the whole text dates it (a period that ended did so by the reference)
            ending = (match.start("second"), match.end("second"), text)
            return [parts[0], ending] if normalize_date(text, reference) is not None else whole
    else:
        return whole
    if any(normalize_date(part, reference) is None for _start, _end, part in parts):
        return whole
    return parts
