"""The DATE span rules: where a DATE mention starts and ends, and what is no date at all (OntoNotes, as in
`BBC-GUIDE.md` and TimeML: the whole calendar phrase, without a leading preposition, no times of day)."""

from __future__ import annotations

import datetime
import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from corpusx.lexicon import Lexicon
from corpusx.model.component import RuleComponent, doc_text, set_entities
from corpusx.model.families import DATE_FAMILIES
from corpusx.values.calendar_math import MONTHS, WEEKDAYS
from corpusx.values.dates import LEADING_MODIFIERS_RE, STRAY_WORD_BLOCKERS, normalize_date

TIME_ZONES_FILE = "time_zones.txt"
WORK_KINDS_FILE = "work_kinds.txt"
#: A clock time: "0730", "15:30", "9.45".
CLOCK = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d|\d{1,2}[:.][0-5]\d")
DIGIT = re.compile(r"\d")
#: A four-digit number that can be a year in news.
YEAR = re.compile(r"1\d{3}|20\d{2}")
#: Prepositions a DATE phrase is annotated without ("since 2004" -> "2004", "between January and March").
LEADING_PREPOSITIONS = frozenset(
    {"in", "on", "at", "since", "from", "during", "until", "till", "by", "between", "before", "after"}
    | {"within", "through", "throughout", "for"}
)
#: Adverbs that may stand before such a preposition: "earlier in April" -> "April".
LEADING_ADVERBS = frozenset({"earlier", "later"})
#: The nouns a DATE phrase ends in when they follow it: "the 2007 season", "a 30-month period".
PERIOD_NOUNS = frozenset({"season", "period"})
#: What a period noun may follow: a year ("2005", "2004-05") or a hyphened length ("18-month").
UNIT_WORDS = frozenset({"day", "week", "month", "year", "decade"})
#: A decade: "1970s", and after "the" also "70s" and "'70s".
DECADE = re.compile(r"(?:1\d|20)\d0s")
SHORT_DECADE = re.compile(r"\d0s")
#: Where `_untagged_dates` looks: the word after a day range ("4-9 June") and a decade's end ("1970s", "70s").
UNTAGGED_HINT = re.compile(r"\d\s*-\s*\d{1,2}\s*(?P<word>[^\W\d_]+)|\d0s\b")
#: The words a date starts with that step from the reference: "last year", "this week".
STEP_WORDS = frozenset({"last", "next", "this", "past", "coming"})
#: The words a date that counts back or on ends with: "seven weeks ago".
COUNT_BACK_WORDS = frozenset({"ago", "earlier", "later", "before"})
#: Any date: whether words resolve to a date at all does not depend on which one.
_ANY_REFERENCE = datetime.date(2000, 1, 1)
#: Words that make a DATE of numbers a calendar phrase ("the 10th", "10 days").
_NUMBER_FILLERS = frozenset({"and", "or", "to", "of", "between", "from", "-", "–", ","})


@Language.factory("corpusx_date_spans", default_config={"disabled": []})
def make_date_spans(nlp: Language, name: str, disabled: list[str]) -> DateSpans:
    """Create the DATE span-rule component with the word lists shipped in `models/`, without the `disabled` families."""
    return DateSpans(nlp, Lexicon.default(), frozenset(disabled))


class DateSpans(RuleComponent):
    """DATE span rules, after the other rule components:

    `date-time` cuts a time of day out of a DATE ("0730 GMT"), `date-title` drops a date word that is a
    programme's title ("the station's Tonight programme"), `date-number` drops a DATE with no calendar word
    ("Between 14 and 16", a bare "year"), `date-cut` takes off a leading preposition ("earlier in
    April" -> "April"), stray words before a date ("a draw seven weeks ago") and a trailing aside
    ("in past decades - often", "14 months' time"), `date-extend` takes in a period noun ("the 2007
    season") and joins "between X and Y" into one range, `date-found` adds the day ranges and decades the model
    leaves untagged ("4-9 June", "the 1970s").
    """

    FAMILIES = DATE_FAMILIES
    FILES = (TIME_ZONES_FILE, WORK_KINDS_FILE)

    def load(self, lexicon: Lexicon) -> None:
        """The word sets of the rules."""
        super().load(lexicon)
        self.time_zones = lexicon.words(TIME_ZONES_FILE)
        self.work_kinds = lexicon.words(WORK_KINDS_FILE)

    def __call__(self, doc: Doc) -> Doc:
        on = self.enabled
        entities = doc.ents
        spans: list[Span | None] = list(entities)
        for family, rule in (
            ("date-time", self._without_time),
            ("date-title", self._not_a_title),
            ("date-number", _has_calendar_word),
            ("date-cut", _cut),
            ("date-extend", _with_period_noun),
        ):
            if family in on:
                spans = [rule(doc, span) if span is not None and span.label_ == "DATE" else span for span in spans]
        kept = [span for span in spans if span is not None]
        if "date-found" in on:
            kept += _untagged_dates(doc)
        if "date-extend" in on:
            kept = _joined_ranges(doc, kept)
        set_entities(doc, entities, kept)
        return doc

    def _without_time(self, doc: Doc, span: Span) -> Span | None:
        """The DATE before a time of day with its zone ("Friday 0730 GMT" -> "Friday"); None when nothing is
        left ("0730 GMT", "0030"); a four-digit number no year can be ("0030") is no DATE either."""
        if len(span) == 1 and span[0].shape_ == "dddd" and not YEAR.fullmatch(span.text):
            return None
        after = doc[span.end] if span.end < len(doc) else None
        zoned = span[-1].lower_ in self.time_zones or (after is not None and after.lower_ in self.time_zones)
        clock = next((token.i for token in span if CLOCK.fullmatch(token.text)), None)
        if not zoned or clock is None:
            return span
        return Span(doc, span.start, clock, label="DATE", span_id="date-time") if clock > span.start else None

    def _not_a_title(self, doc: Doc, span: Span) -> Span | None:
        """None for a capitalised DATE inside a sentence, after no preposition, right before a kind of work:
        "the Tonight programme" (but "on Sunday series after series")."""
        after = doc[span.end] if span.end < len(doc) else None
        before = doc[span.start - 1] if span.start > 0 else None
        if before is None or after is None or span[0].is_sent_start or not span[0].is_title:
            return span
        after_word = not before.is_punct and before.lower_ not in LEADING_PREPOSITIONS
        return None if after_word and after.is_lower and after.lower_ in self.work_kinds else span


def _has_calendar_word(doc: Doc, span: Span) -> Span | None:
    """None for a DATE of figures and joining words that holds no year ("Between 14 and 16"; spoken years
    stay) and for a unit noun after an adjective ("her best year"; "the week", "a week's rest", "This month's"
    stay); the span otherwise."""
    before = doc[span.start - 1] if span.start > 0 else None
    after_adjective = before is not None and before.is_alpha and not _starts_date(before)  # not "the week"
    if len(span) == 1 and span[0].is_lower and span[0].lower_ in UNIT_WORDS and after_adjective:
        return None
    numbers_only = all(
        (token.like_num and DIGIT.search(token.text)) or token.lower_ in _NUMBER_FILLERS for token in span
    )
    if numbers_only and not any(YEAR.fullmatch(token.text) for token in span):
        return None
    return span


def _cut(doc: Doc, span: Span) -> Span | None:
    """The DATE without a leading preposition (and an "earlier"/"later" before it when a named date follows),
    stray words before the date, a spaced dash and what follows it, and a trailing "' time"."""
    start, end = span.start, span.end
    adverb = doc[start].lower_ in LEADING_ADVERBS and end - start > 2 and doc[start + 1].lower_ in LEADING_PREPOSITIONS
    if adverb and _is_named_date(doc[start + 2]):
        start += 2
    if doc[start].is_lower and doc[start].lower_ in LEADING_PREPOSITIONS and end - start > 1:
        start += _starts_date(doc[start + 1])  # "since 1997", but "at least six weeks" stays
    start += _stray_words(doc, start, end)
    dash = next((t.i for t in doc[start:end] if t.text in {"-", "–", "—"} and t.i > start and _is_spaced(t)), None)
    if dash is not None and doc[dash + 1 : end].text[:1].islower():
        end = dash
    if end - start > 2 and doc[end - 1].lower_ == "time" and doc[end - 2].text in {"'", "'s", "’", "’s"}:
        end -= 2
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label="DATE", span_id="date-cut")


def _with_period_noun(doc: Doc, span: Span) -> Span:
    """The DATE with the period noun after a year or a hyphened length: "the 2007 season", "a 30-month period"."""
    after = doc[span.end] if span.end < len(doc) else None
    if after is None or after.lower_ not in PERIOD_NOUNS or not after.is_lower:
        return span
    hyphened_length = len(span) >= 3 and span[-2].text == "-" and span[-1].lower_ in UNIT_WORDS
    if not (YEAR.fullmatch(span[-1].text) or (span[-1].shape_ == "dd" and span[-2].text == "-") or hyphened_length):
        return span
    return Span(doc, span.start, span.end + 1, label="DATE", span_id="date-extend")


def _joined_ranges(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "between March 1991" "and" "June 2003" as one range DATE, without "between"."""
    spans = sorted(spans, key=lambda span: span.start)
    joined: list[Span] = []
    for span in spans:
        first = joined[-1] if joined else None
        if (
            first is not None
            and first.label_ == span.label_ == "DATE"
            and span.start == first.end + 1
            and doc[first.end].lower_ == "and"
            and first.start > 0
            and doc[first.start - 1].lower_ == "between"
        ):
            joined[-1] = Span(doc, first.start, span.end, label="DATE", span_id="date-extend")
        else:
            joined.append(span)
    return joined


def _stray_words(doc: Doc, start: int, end: int) -> int:
    """1 when the first word is no part of the relative date after it ("27 last year", "a draw seven weeks ago"), else 0:
    the date after it names a step ("last year") or counts back ("seven weeks ago"), and the word is a figure or
    a lower-case word that neither belongs to a date nor hedges one ("about", "early", "the")."""
    word, rest = doc[start], doc[start + 1 : end]
    stray = word.like_num or (word.is_lower and word.is_alpha and not _starts_date(word))
    if len(rest) < 2 or not stray:
        return 0
    counts_back = (rest[0].like_num or rest[0].lower_ in {"a", "an"}) and rest[-1].lower_ in COUNT_BACK_WORDS
    if not (rest[0].lower_ in STEP_WORDS or counts_back) or normalize_date(rest.text, _ANY_REFERENCE) is None:
        return 0
    return 1


def _starts_date(token: Token) -> bool:
    """A word a date can start with, or that hedges one: "last", "the", "about", "early", a figure, a name."""
    word = token.lower_
    return (
        token.like_num
        or not token.is_lower
        or word in {"a", "an"}
        or word in STRAY_WORD_BLOCKERS
        or LEADING_MODIFIERS_RE.match(word + " ") is not None
    )


def _untagged_dates(doc: Doc) -> list[Span]:
    """Dates the model leaves untagged: day ranges before a month ("4-9 June") and decades ("the 1970s",
    "the 70s and 80s")."""
    found = []
    for hint in UNTAGGED_HINT.finditer(doc_text(doc)):
        word = doc.char_span(*hint.span("word" if hint["word"] else 0), alignment_mode="expand")
        if word is None or len(word) != 1:
            continue
        token, i = word[0], word.start
        if token.lower_ in MONTHS and i >= 3 and doc[i - 2].text == "-" and doc[i - 1].shape_ in {"d", "dd"}:
            if doc[i - 3].shape_ in {"d", "dd"}:
                found.append(Span(doc, i - 3, i + 1, label="DATE", span_id="date-found"))
        elif DECADE.fullmatch(token.text) or (SHORT_DECADE.fullmatch(token.text) and _after_the(doc, i)):
            end = i + 1
            if end + 1 < len(doc) and doc[end].lower_ == "and" and SHORT_DECADE.fullmatch(doc[end + 1].text):
                end += 2
            found.append(Span(doc, i, end, label="DATE", span_id="date-found"))
    return found


def _after_the(doc: Doc, i: int) -> bool:
    """Whether "the" (and an apostrophe) comes right before token `i`: "the 80s", "the '80s"."""
    before = i - 1 if i > 0 and doc[i - 1].text in {"'", "’"} else i
    return before > 0 and doc[before - 1].lower_ == "the"


def _is_named_date(token: Token) -> bool:
    """A month, a weekday or a year: "January", "Friday", "2004"."""
    return token.lower_ in MONTHS or token.lower_ in WEEKDAYS or bool(YEAR.fullmatch(token.text))


def _is_spaced(token: Token) -> bool:
    """White space on both sides of the token."""
    return bool(token.whitespace_) and token.i > 0 and bool(token.doc[token.i - 1].whitespace_)
