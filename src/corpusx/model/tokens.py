"""What the span rules read off tokens: which words can be part of a name, and where a name ends."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from corpusx.types import NAME_LABELS

MAX_NAME_TOKENS = 4
DIGIT = re.compile(r"\d")
POSSESSIVES = frozenset({"'s", "’s"})
DETERMINERS = frozenset({"the", "a", "an"})
MONTHS = frozenset({"may", "march"})  # month names that are also common words
#: Lower-case words that belong to personal names ("Ludwig van Beethoven", "Mohammed bin Salman").
NAME_PARTICLES = frozenset(
    {"de", "da", "das", "do", "dos", "del", "della", "di", "du", "van", "von", "der", "den", "ter", "le", "la"}
    | {"bin", "ibn", "al", "el", "y"}
)
#: Punctuation that can sit inside a name when not spaced: "Okafor-Lund", "O'Neill", "J.".
NAME_PUNCTUATION = frozenset({"-", "'", "’", "."})


def cut_open_parenthesis(doc: Doc, span: Span) -> Span:
    """End a name before a parenthesis it does not close: "Court of Arbitration for Sport (CAS" loses " (CAS"."""
    opening = next((token.i for token in span if token.text == "("), None)
    if span.label_ not in NAME_LABELS or opening is None or opening == span.start or ")" in span.text:
        return span
    return Span(doc, span.start, opening, label=span.label_, span_id="parenthesis-cut")


def trim_person(doc: Doc, span: Span) -> Span:
    """Start a PERSON span at its first capitalised word and end it before its first word that is no part of a
    name: "called Mira Okafor" -> "Mira Okafor", "Mira Okafor - daughter" -> "Mira Okafor".

    Lower-case name particles ("de", "van", "bin") and hyphens inside a name ("Okafor-Lund") stay.
    """
    if span.label_ != "PERSON":
        return span
    leading = (token.i for token in span if not (token.is_lower and token.is_alpha) or token.lower_ in NAME_PARTICLES)
    start = next(leading, span.end)
    if start == span.end or span[0].lower_ in DETERMINERS:
        start = span.start  # all lower case, or "the X": the context rules read that as an organisation
    end = next((token.i for token in doc[start + 1 : span.end] if ends_name(token)), span.end)
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label="PERSON", span_id="person-trim")


def ends_name(token: Token) -> bool:
    if token.is_space:
        return True
    if token.text in POSSESSIVES:
        return False
    if token.is_lower:
        attached_by_hyphen = token.doc[token.i - 1].text == "-" and not token.doc[token.i - 1].whitespace_
        return not attached_by_hyphen and token.lower_ not in NAME_PARTICLES  # "Han Ji-woo" stays whole
    if token.is_punct:
        return token.text not in NAME_PUNCTUATION or bool(token.doc[token.i - 1].whitespace_)
    return False


def name_end(doc: Doc, start: int) -> int:
    """End of a run of capitalised name tokens starting at `start` (equal to `start` if none)."""
    end = start
    while end < len(doc) and end - start < MAX_NAME_TOKENS and is_name_token(doc[end]):
        end += 1
        if is_joining_hyphen(doc, end):
            end += 2
    return end


def is_joining_hyphen(doc: Doc, index: int) -> bool:
    """A hyphen with no space on either side joining two name parts ("Tae-won")."""
    return (
        index + 1 < len(doc)
        and doc[index].text == "-"
        and not doc[index - 1].whitespace_
        and not doc[index].whitespace_
        and doc[index + 1].is_alpha
    )


def is_name_token(token: Token, sentence_start_ok: bool = False) -> bool:
    return token.is_title and token.is_alpha and not token.is_stop and (sentence_start_ok or not token.is_sent_start)


def has_content(span: Span) -> bool:
    """A span with at least one word that is no stop word or punctuation; a capitalised stop word not
    starting its sentence counts ("May", the month or a company), as does a DATE's month name."""
    return any(
        not (token.is_punct or token.is_space)
        and (not token.is_stop or (token.is_title and (not token.is_sent_start or token.lower_ in MONTHS)))
        for token in span
    )


def is_org_token(token: Token) -> bool:
    return (token.is_title or (token.is_upper and token.is_alpha)) and not token.is_stop


def name_start(doc: Doc, end: int, is_part: Callable[[Token], bool]) -> int:
    """Start of the run of up to `MAX_NAME_TOKENS` tokens before `end` that are `is_part`, within `end`'s sentence."""
    start = end
    while start > 0 and end - start < MAX_NAME_TOKENS and is_part(doc[start - 1]):
        start -= 1
        if doc[start].is_sent_start:
            break
    return start


def is_capitalised(token: Token) -> bool:
    """A capitalised word or an acronym of letters that is no stop word ("Vextor", "VX"; not "The")."""
    return (token.is_title or (token.is_upper and len(token) > 1)) and token.is_alpha and not token.is_stop
