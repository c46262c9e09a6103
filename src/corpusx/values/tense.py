"""Sentence cues for DATE values: the tense around a mention, whether it reports a financial period (and
one longer than a quarter: "for the nine months"), and what follows it ("a day after", "the 1977 period").

Tense is read from verb cues (`models/tense_cues.txt`): the nearest cue before the mention in its
sentence decides (else the nearest after it), an unlisted word ending in -ed counting as past unless an auxiliary makes it a participle
("will be tried"). No tagger runs, so the cost is one regular
expression search per DATE mention with a sentence.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from corpusx.lexicon import Lexicon
from corpusx.values.calendar_math import MONTHS

TENSE_CUES_FILE = "tense_cues.txt"
REPORTING_WORDS_FILE = "reporting_words.txt"
LONG_PERIODS_FILE = "long_periods.txt"
PAST, UNKNOWN, FUTURE = -1, 0, 1
TENSES = {"past": PAST, "future": FUTURE, "none": UNKNOWN}
PAST_PARTICIPLE_RE = r"[a-z]{3,}ed"
AUXILIARIES = [[word] for word in ("be", "been", "being", "is", "are", "am", "to", "get", "gets")]
ANCHOR_AFTER_RE = re.compile(r"\s*(?:after|before|earlier|later|ago|from|since|prior to)\b")
PERIOD_AFTER_RE = re.compile(r"\s*(?:period|quarter)\b")
PERIOD_BEFORE_RE = re.compile(r"\b(?:period|quarter)\s*$")
COPULA_BEFORE_RE = re.compile(r"(?:\bis|\b(?:it|that|this|there|here)['’]s)\s+$")  # not a possessive "'s"
PERIOD_WORD_RE = re.compile(r"\bperiods?\b")
# "the quarter ended July 31": the month the period before it ended in.
ENDED_IN_RE = re.compile(r",?\s+(?:that\s+)?ended\s+(?P<month>[a-z]{3,9})\b")


class Cues(NamedTuple):
    """What a mention's sentence tells about its date: tense (-1 past, 0 unknown, 1 future), whether the
    sentence reports a financial period and whether that is longer than a quarter ("the nine months"),
    whether an anchor word follows ("a day after the vote") or a period word ("the 1977 period") or one comes
    right before ("the same period last year"), whether a present "is" comes right before ("it's the second
    day of the strike"), whether the rest of the sentence names a period ("lower in the 1989 period than a year ago"), the month
    (1-12) the mention's period `ended_in` ("the quarter ended July 31"); and `quarter`, the (year,
    quarter) its document last named ("third-quarter profit"), set by `dates.py`."""

    tense: int = UNKNOWN
    reporting: bool = False
    anchored: bool = False
    long_period: bool = False
    period_follows: bool = False
    period_before: bool = False
    is_before: bool = False
    names_period: bool = False
    ended_in: int | None = None
    quarter: tuple[int, int] | None = None


NO_CUES = Cues()


@functools.cache
def _tense_words() -> dict[str, int]:
    """Cue (lower case) -> tense, from the word list."""
    cues = {}
    for entry in Lexicon.default().entries(TENSE_CUES_FILE):
        words, tense = entry.rsplit(None, 1)
        cues[words.lower()] = TENSES[tense]
    return cues


def _words_pattern(words: list[str]) -> re.Pattern[str]:
    """Whole-word alternation of the words, longest first."""
    alternation = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w'])(?:{alternation})(?!\w)")


@functools.cache
def _tense_re() -> re.Pattern[str]:
    return re.compile(rf"{_words_pattern(list(_tense_words())).pattern}|\b{PAST_PARTICIPLE_RE}\b")


@functools.cache
def _reporting_re() -> re.Pattern[str]:
    return _words_pattern([word.lower() for word in Lexicon.default().entries(REPORTING_WORDS_FILE)])


@functools.cache
def _long_period_re() -> re.Pattern[str]:
    return _words_pattern([phrase.lower() for phrase in Lexicon.default().entries(LONG_PERIODS_FILE)])


def sentence_cues(sentence: str, start: int, end: int) -> Cues:
    """Cues for the mention at `start:end` of `sentence` (the mention's own words are not cues)."""
    if not sentence:
        return NO_CUES
    lowered = sentence.lower()
    nearest = None
    for match in _tense_re().finditer(lowered):
        if match.start() < end and start < match.end():
            continue
        tense = _tense_words().get(match.group(), PAST)
        if tense == UNKNOWN:
            continue  # "hundred", "succeed", "preferred stock": an -ed word that is no past-tense verb
        if tense == PAST and lowered[: match.start()].rsplit(None, 1)[-1:] in AUXILIARIES:
            continue  # "will be tried", "is expected", "will be held": a participle, not a past-tense verb
        # a cue before the mention ("said on Monday") beats any after it ("On Monday, it said")
        distance = start - match.end() if match.end() <= start else len(sentence) + match.start() - end
        if nearest is None or distance < nearest[0]:
            nearest = (distance, tense)
    around = lowered[:start] + " " + lowered[end:]
    reporting = _reporting_re().search(around) is not None
    long_period = _long_period_re().search(around) is not None
    anchored = ANCHOR_AFTER_RE.match(lowered, end) is not None
    period_follows = PERIOD_AFTER_RE.match(lowered, end) is not None
    just_before = lowered[max(0, start - 20) : start]
    period_before = PERIOD_BEFORE_RE.search(just_before) is not None
    is_before = COPULA_BEFORE_RE.search(just_before) is not None
    names_period = PERIOD_WORD_RE.search(around) is not None
    ended = ENDED_IN_RE.match(lowered, end)
    ended_in = MONTHS.get(ended["month"]) if ended else None
    tense = nearest[1] if nearest else UNKNOWN
    return Cues(
        tense, reporting, anchored, long_period, period_follows, period_before, is_before, names_period, ended_in
    )
