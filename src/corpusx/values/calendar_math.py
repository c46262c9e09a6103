"""Calendar words and arithmetic shared by the DATE modules: month and weekday names, the regular
expression groups that spell a month, day or year, TIMEX3 formatting of days, weeks and months, and
the year or month nearest an article's reference date (on the side of a sentence's tense).
"""

from __future__ import annotations

import calendar
import datetime
import re

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
_FULL_MONTH_NAMES = frozenset(name.lower() for name in calendar.month_name if name)
#: The calendar's word sets span patterns name by placeholder (`$months`: names, abbreviations with and without ".").
PATTERN_SETS = {
    "months": sorted({*MONTHS, *(f"{word}." for word in MONTHS if word not in _FULL_MONTH_NAMES)}),
    "weekdays": list(FULL_WEEKDAY_NAMES),
}
# A past / future sentence moves a bare month or month-day to its side of the reference up to this many
# months; a future cue ("will", "payable") is the surer one, as news frames plans in past-tense reports.
MAX_TENSE_MONTHS = {-1: 8, 1: 11}
MONTH_GROUP = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DAY_GROUP = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
YEAR_GROUP = r"(?P<year>[12]\d{3})"
FOUR_DIGIT_YEAR_RE = re.compile(r"\b[12]\d{3}\b")


def iso_day(date: datetime.date) -> str:
    """`YYYY-MM-DD` for a date."""
    return f"{date.year:04d}-{date.month:02d}-{date.day:02d}"


def iso_week(date: datetime.date) -> str:
    """`YYYY-Www` for the ISO week containing a date."""
    iso = date.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def month_value(year: int, month: int) -> str:
    """`YYYY-MM` for a month."""
    return f"{year:04d}-{month:02d}"


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) `months` calendar months away."""
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def day_exists(month: int, day: int, year: int | None = None) -> bool:
    """Whether the month has that day (in a leap year when the year is unknown)."""
    try:
        datetime.date(2000 if year is None else year, month, day)
    except ValueError:
        return False
    return True


def nearest_year_for_day(
    month: int, day: int, reference: datetime.date, weekday: int | None, tense: int = 0
) -> int | None:
    """Year putting month-day nearest the reference (a matching weekday first; ties go to the past);
    without a weekday, a sentence's tense picks the one on its side of the reference if it is within
    `MAX_TENSE_MONTHS` of that tense."""
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        if day_exists(month, day, year):
            date = datetime.date(year, month, day)
            days = (date - reference).days
            if weekday is None and tense and abs(days) <= MAX_TENSE_MONTHS[tense] * 31 and days * tense >= 0:
                return year
            mismatch = weekday is not None and date.weekday() != weekday
            candidates.append((mismatch, abs((date - reference).days), date > reference, year))
    return min(candidates)[3] if candidates else None


def nearest_month(month: int, reference: datetime.date, direction: int | None, tense: int = 0) -> tuple[int, int]:
    """(year, month) of the named month: nearest the reference, strictly before / after, or this year;
    without a direction word, the one on the side of a sentence's tense if within that tense's `MAX_TENSE_MONTHS`."""
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
        on_tense_side = [
            c for c in candidates if tense and (c - here) * tense >= 0 and abs(c - here) <= MAX_TENSE_MONTHS[tense]
        ]
        if tense and on_tense_side:
            index = min(on_tense_side, key=lambda c: abs(c - here))
    return index // 12, index % 12 + 1
