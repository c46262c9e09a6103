"""Find an article's own date in its text: a dateline (`Tuesday, Mar. 3, 2026`), a full date standing
alone on one of the first lines, an ISO date opening the document, or a `Published:` / `Updated` line.
Each found date holds from its offset on, so a file with two articles gets each its own.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterator, Sequence

from corpusx.values.calendar_math import (
    DAY_GROUP,
    FOUR_DIGIT_YEAR_RE,
    FULL_WEEKDAY_NAMES,
    MONTH_GROUP,
    MONTHS,
    YEAR_GROUP,
)

# Reference-date detection works on raw text, so it only trusts full, unambiguous dates.
_REF_WEEKDAY = r"(?P<weekday>" + "|".join(FULL_WEEKDAY_NAMES) + r")"
_SAME_LINE_SPACE = r"[^\S\n]+"
_REF_MDY = rf"{MONTH_GROUP}{_SAME_LINE_SPACE}{DAY_GROUP},?{_SAME_LINE_SPACE}{YEAR_GROUP}"
_REF_DMY = rf"{DAY_GROUP}{_SAME_LINE_SPACE}{MONTH_GROUP},?{_SAME_LINE_SPACE}{YEAR_GROUP}"
#: A dateline opens with a weekday: looking ahead for one of their first letters lets the regex engine skip the rest.
_WEEKDAY_INITIALS = "".join(sorted({name[0].lower() for name in FULL_WEEKDAY_NAMES}))
DATELINE_RE = re.compile(
    rf"(?=[{_WEEKDAY_INITIALS}])\b{_REF_WEEKDAY},?{_SAME_LINE_SPACE}(?:{_REF_MDY}|{_REF_DMY.replace('?P<', '?P<dmy_')})\b",
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
