"""Text handling around the model: split a document into lines, skip boilerplate, truecase headlines.

Every segment keeps its offset into the raw text, and the text the model sees has the same
length as the raw slice, so entity offsets map back exactly. Segments are bounded: a line over
MAX_SEGMENT_CHARS is cut at sentence ends (else at spaces), and a run of more than MAX_RUN_CHARS
characters without white space is cut into pieces of that length, so that no segment costs the
model more than a bounded time and memory (spaCy's tokenizer is quadratic on a run of brackets).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from corpusx.lexicon import Lexicon

ENGLISH_WORDS_FILE = "english_words.txt"
BOILERPLATE_FILE = "boilerplate.txt"
CALL_TO_ACTION_FILE = "call_to_action.txt"
BODY = "body"
HEADLINE = "headline"
BOILERPLATE = "boilerplate"
#: The longest segment the model sees (the longest line of the seeds and the BBC corpus is 2,572 characters).
MAX_SEGMENT_CHARS = 5_000
#: The longest run without white space in a segment (the BBC corpus's longest is 32 characters).
MAX_RUN_CHARS = 100

_LINE = re.compile(r"[^\r\n]+")
_LIST_MARKER = re.compile(r"\s*(?:(?:[•·▪►*–—-]|\d{1,2}[.)])\s+)?\s*")
_INLINE_HEADING_MAX_LENGTH = 60
_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_][\w'’&-]*")
_SENTENCE_END = tuple('.!?"”’)')
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)\]]*(?=\s)")
_SPACE = re.compile(r"\s+")
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")
_HEADLINE_MAX_WORDS = 25
_HEADLINE_MIN_CAPITALISED = 0.6


@dataclass(frozen=True, slots=True)
class Segment:
    """A line of a document: where it starts in the raw text, what the model sees, and its kind."""

    start: int
    text: str
    kind: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Boilerplate:
    """Recognises advert and promotion lines: known phrases, or repeated calls to action."""

    phrases: tuple[re.Pattern[str], ...]
    call_to_action: frozenset[str]

    @classmethod
    def load(cls, lexicon: Lexicon | None = None) -> Boilerplate:
        """The boilerplate phrase patterns and call-to-action verbs of `lexicon` (default: `models/`)."""
        lexicon = lexicon or Lexicon.default()
        return cls(
            phrases=tuple(re.compile(rf"(?:{p})\W*", re.IGNORECASE) for p in lexicon.entries(BOILERPLATE_FILE)),
            call_to_action=lexicon.words(CALL_TO_ACTION_FILE),
        )

    def is_phrase(self, line: str) -> bool:
        """A line that is, as a whole, a known boilerplate phrase ("Please follow and like us:")."""
        return any(pattern.fullmatch(line) for pattern in self.phrases)

    def is_call_to_action(self, line: str) -> bool:
        """A line that opens with an imperative such as "Learn", "Subscribe", "Get"."""
        first = _WORD.match(line)
        return first is not None and first.group().casefold() in self.call_to_action


def line_spans(segments: Iterable[Segment]) -> list[tuple[int, int]]:
    """The (start, end) offsets of the segments the model reads: all but boilerplate."""
    return [(part.start, part.end) for part in segments if part.kind != BOILERPLATE]


def segment(text: str, boilerplate: Boilerplate) -> list[Segment]:
    """Split a document into line segments, each marked as body, headline or boilerplate.

    Boilerplate, which the model does not see: known page-furniture phrases, promotional
    lines repeated in the document, and one-word lines (credits, section labels). List
    markers ("•", "2.") are left out of segments; headlines and the inline heading that
    opens a list item ("Clear Communication: …") are truecased. A long line gives several
    segments (see `bounded_pieces`).
    """
    lines: list[tuple[int, str]] = []
    for match in _LINE.finditer(text):
        marker = _LIST_MARKER.match(match.group())
        skipped = marker.end() if marker else 0  # the pattern matches the empty string: always a match
        line = match.group()[skipped:].rstrip()
        if line:
            lines.extend(bounded_pieces(match.start() + skipped, line))
    repeats = Counter(line for _, line in lines)
    kinds = []
    for _, line in lines:
        if (
            boilerplate.is_phrase(line)
            or (repeats[line] > 1 and boilerplate.is_call_to_action(line))
            or len(_WORD.findall(line)) < 2
        ):
            kinds.append(BOILERPLATE)
        elif is_headline(line):
            kinds.append(HEADLINE)
        else:
            kinds.append(BODY)
    evidence = CaseEvidence.from_lines(
        line[_heading_length(line) :] for (_, line), kind in zip(lines, kinds) if kind == BODY
    )
    segments = []
    for (start, line), kind in zip(lines, kinds):
        if kind == HEADLINE:
            line = evidence.truecase(line)
        elif kind == BODY and (heading := _heading_length(line)):
            line = evidence.truecase(line[:heading]) + line[heading:]
        segments.append(Segment(start, line, kind))
    return segments


def bounded_pieces(start: int, line: str) -> Iterator[tuple[int, str]]:
    """A line as (offset, text) pieces of at most MAX_SEGMENT_CHARS, none with a run of over MAX_RUN_CHARS.

    `line` starts at `start` and has no white space at its ends; so have the pieces. Long runs
    without white space are cut every MAX_RUN_CHARS characters; the text between them is cut
    after the last sentence end in the second half of MAX_SEGMENT_CHARS, else at the last space.
    """
    last = 0
    for run in _LONG_RUN.finditer(line):
        yield from _sentence_pieces(start + last, line[last : run.start()].rstrip())
        for cut in range(run.start(), run.end(), MAX_RUN_CHARS):
            yield start + cut, line[cut : min(cut + MAX_RUN_CHARS, run.end())]
        last = len(line) - len(line[run.end() :].lstrip())
    yield from _sentence_pieces(start + last, line[last:])


def _sentence_pieces(start: int, text: str) -> Iterator[tuple[int, str]]:
    """`text` (no white space at its ends, no run over MAX_RUN_CHARS) in pieces of at most MAX_SEGMENT_CHARS."""
    while len(text) > MAX_SEGMENT_CHARS:
        window = text[: MAX_SEGMENT_CHARS + 1]
        ends = [match.end() for match in _SENTENCE_BREAK.finditer(window, MAX_SEGMENT_CHARS // 2)]
        spaces = [match.start() for match in _SPACE.finditer(window)]
        cut = ends[-1] if ends else spaces[-1] if spaces else MAX_SEGMENT_CHARS
        yield start, text[:cut].rstrip()
        rest = text[cut:].lstrip()
        start += len(text) - len(rest)
        text = rest
    if text:
        yield start, text


def _heading_length(line: str) -> int:
    """Length of an inline heading that opens a line ("Clear Communication: Privacy policies…"), else 0."""
    colon = line.find(":", 0, _INLINE_HEADING_MAX_LENGTH)
    return colon + 1 if colon > 0 and is_headline(line[:colon]) else 0


def is_headline(line: str) -> bool:
    """A short line in title case without closing punctuation: a headline or a section heading."""
    if line.endswith(_SENTENCE_END):
        return False
    words = _WORD.findall(line)
    if len(words) < 2 or len(words) > _HEADLINE_MAX_WORDS:
        return False
    content = [word for word in words if word.casefold() not in STOP_WORDS] or words
    capitalised = sum(word[0].isupper() for word in content)
    return capitalised / len(content) >= _HEADLINE_MIN_CAPITALISED


@dataclass(frozen=True)
class CaseEvidence:
    """How the body of a document writes its words: capitalised mid-sentence, or lower case."""

    capitalised: frozenset[str]
    lower: frozenset[str]

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> CaseEvidence:
        """Collect the evidence from body lines (sentence-initial words say nothing about case)."""
        capitalised, lower = set(), set()
        for line in lines:
            for match in _WORD.finditer(line):
                word = match.group()
                if word[0].islower():
                    lower.add(word)
                elif not _starts_sentence(line, match.start()):
                    capitalised.add(word)
        return cls(frozenset(capitalised), frozenset(lower))

    def truecase(self, line: str) -> str:
        """Lower-case the headline's common words (same length as `line`).

        A capitalised word stays as written when the body capitalises it mid-sentence, when it
        is no common English word, or when it stands next to such an unknown capitalised word
        (a name: "Mackenzie Rowe").
        """
        words = list(_WORD.finditer(line))
        unknown = [self._is_unknown_name(match.group()) for match in words]
        pieces, last = [], 0
        for index, match in enumerate(words):
            word = match.group()
            beside_name = (index > 0 and unknown[index - 1]) or (index + 1 < len(words) and unknown[index + 1])
            keep = not word.istitle() or word in self.capitalised or unknown[index] or beside_name
            lowered = word.lower()
            pieces.append(line[last : match.start()])
            pieces.append(word if keep or len(lowered) != len(word) else lowered)
            last = match.end()
        pieces.append(line[last:])
        return "".join(pieces)

    def _is_unknown_name(self, word: str) -> bool:
        """A capitalised word that is neither in the body nor a common word: probably a name."""
        if not word.istitle() or word in self.capitalised:
            return False
        lowered = word.lower()
        return not (lowered in self.lower or lowered in STOP_WORDS or is_english_word(lowered))


_INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))


def is_english_word(word: str) -> bool:
    """A lower-case common English word, or an inflection of one ("clinches", "paused")."""
    words = Lexicon.default().words(ENGLISH_WORDS_FILE)
    if word in words:
        return True
    return any(
        word.endswith(suffix) and word[: len(word) - len(suffix)] + base in words for suffix, base in _INFLECTIONS
    )


def _starts_sentence(line: str, position: int) -> bool:
    before = line[:position].rstrip(" \t\"'“‘(")
    return not before or before.endswith((".", "!", "?", ":", ";"))


def collapse_whitespace(text: str) -> str:
    """Runs of white space as one space, ends stripped."""
    return _WHITESPACE.sub(" ", text).strip()
