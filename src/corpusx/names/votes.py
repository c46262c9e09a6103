"""One name, one label: label votes per name within a document and across the run.

The small model labels the same name differently from one sentence to the next
("Zorbix" as ORG, PRODUCT, LAW, PERSON). Each mention votes for its label; a document
decides a name's label when its own evidence is clear, else the run's votes decide, and
the decision is applied to every mention of the name, including occurrences the model
did not tag at all.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from corpusx.lexicon import Lexicon
from corpusx.names.acronyms import ACRONYM_SKIPPABLE_WORDS
from corpusx.names.canonical import acronym_definitions, name_key
from corpusx.text.segments import is_english_word, is_headline
from corpusx.types import NAME_LABELS, Votes

PLACE = "PLACE"
#: The vote of a title of a creative work ("the film Zorba Rising") or a product ("its Zorba operating system"):
#: such a name is no ORG or PERSON.
WORK = "WORK"
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP"})
#: Labels the small model gives to names it does not know; they cast no vote.
WEAK_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "LAW", "FAC", "EVENT", "LANGUAGE"})
RULE_WEIGHT = 2.0
#: Rules that read what the text says a name is (a kind word before it, a title or honorific, a
#: role, "X shares", a title of a work): their evidence outranks any number of the model's votes,
#: and their mentions keep their label.
STRONG_RULES = frozenset(
    {
        "rule:org-after-kind",
        "rule:org-context",
        "rule:legal-suffix",
        "rule:person-after-title",
        "rule:person-after-role",
        "rule:title-split",
        "rule:person-before-role",
        "rule:work-title",
        "rule:product",
        "rule:team-context",
        "rule:club-name",
        "rule:org-name-word",
        "rule:org-after-role",
        "rule:plural-verb",
        "rule:org-after-the",
        "rule:place",
    }
)
#: Rules that read from the words around a name that it is no ORG or PERSON ("the Vextor awards"): their vote is
#: weak evidence that the document's other mentions can overrule (an owner: "Vextor said").
KIND_RULES = frozenset({"rule:kind-cue"})
STRONG_WEIGHT = 50.0
MODEL_WEIGHT = 1.0
#: A one-word PERSON that is no part of a full name in the document is weak evidence
#: (none at all when it is a common English word: "Olympic").
LONE_PERSON_WEIGHT = 0.25
#: Each mention of a full name votes PERSON for its first and last word ("Blake").
NAME_PART_WEIGHT = 3.0
#: The model's one-word ORG or place mention of a word that is a name part of the document
#: ("Okafor" after "Mira Okafor") is weak evidence, unless the word also starts or ends
#: a longer organisation name there ("Ford Motor").
NAME_PART_CONFLICT_WEIGHT = 0.25
#: A document overrides the run when its winner has more than this many times the runner-up's votes.
CONFIDENT_RATIO = 2.0
#: A name is decided only with at least one full-weight vote (not a lone one-word PERSON),
#: and a document overrides the run only with two.
MIN_VOTES = 1.0
MIN_DOCUMENT_VOTES = 2.0
MIN_PROPAGATION_LENGTH = 3
#: The run decides a name only when its winner has more than this many times the runner-up's votes.
RUN_RATIO = 1.5
TERM_KINDS_FILE = "term_kinds.txt"
TITLES_FILE = "titles.txt"
#: A capitalised word or a number right after a name: the name goes on, unless the word starts a title.
_NEXT_WORD = re.compile(r" ([A-Z0-9][\w-]*)")
#: How a text introduces a name: "a technology known as", "a scheme called".
_INTRODUCED = r"(?:so-called|called|known as|dubbed)"
#: A capitalised name of up to five words, and the acronym in parentheses after it if there is one.
_TERM = r"(?P<name>[A-Z][\w-]*(?: [A-Z][\w-]*){0,4})(?: \((?P<acronym>[A-Z][A-Za-z]{1,9})\))?"
#: Word lists of words only an organisation's name holds ("commission", "bank", "Inc").
ORG_WORD_FILES = ("org_words.txt", "org_kinds.txt", "org_suffixes.txt", "org_descriptors.txt")


@dataclass(frozen=True, slots=True)
class NameMention:
    """A name the pipeline found: its span, label and what produced it."""

    start: int
    end: int
    text: str
    label: str
    source: str


def vote_label(label: str, source: str = "model") -> str | None:
    """The label a mention votes for: ORG, PERSON, PLACE, WORK (a rule's title of a work or product), or None for weak labels."""
    if label in NAME_LABELS:
        return label
    if label in PLACE_LABELS:
        return PLACE
    if label in ("WORK_OF_ART", "PRODUCT") and source in STRONG_RULES:
        return WORK
    if label in WEAK_LABELS and source in KIND_RULES:
        return WORK
    return None


def is_strong(source: str) -> bool:
    """True for a mention whose label a rule read from the text around it, or a user rule gave."""
    return source in STRONG_RULES or source.startswith("user:")


def is_name_label(label: str) -> bool:
    """Labels that name something and take part in consistency."""
    return label in NAME_LABELS or label in PLACE_LABELS or label in WEAK_LABELS


def document_votes(mentions: Sequence[NameMention]) -> Votes:
    """Weighted label votes per name key for one document."""
    people = _full_names(mentions)
    name_parts = {part for mention in mentions if mention in people for part in _name_parts(mention)}
    org_words = {
        name_key(word)
        for mention in mentions
        if mention.label == "ORG" and len(words := mention.text.split()) > 1
        for word in (words[0], words[-1])
    }
    votes: Votes = defaultdict(lambda: defaultdict(float))
    for mention in mentions:
        label = vote_label(mention.label, mention.source)
        if label is None:
            continue
        key = name_key(mention.text)
        words = mention.text.split()
        if is_strong(mention.source):
            weight = STRONG_WEIGHT
        elif label == "PERSON" and len(words) == 1 and key not in name_parts:
            weight = 0.0 if is_english_word(mention.text.lower()) else LONE_PERSON_WEIGHT
        elif label != "PERSON" and len(words) == 1 and key in name_parts and key not in org_words:
            weight = NAME_PART_CONFLICT_WEIGHT if mention.source == "model" else RULE_WEIGHT
        else:
            weight = RULE_WEIGHT if mention.source.startswith("rule:") else MODEL_WEIGHT
        votes[key][label] += weight
        for part in _name_parts(mention) if mention in people else ():
            votes[part]["PERSON"] += NAME_PART_WEIGHT
    for mention in mentions:  # "Vextor Lund" after strong evidence that "Vextor" is an ORG
        words = mention.text.split()
        if vote_label(mention.label) == "PERSON" and len(words) > 1:
            first = votes.get(name_key(words[0]), {})
            if first.get("ORG", 0.0) >= STRONG_WEIGHT > first.get("PERSON", 0.0):
                votes[name_key(mention.text)]["ORG"] += STRONG_WEIGHT
    return {key: dict(labels) for key, labels in votes.items()}


def common_word_names(text: str, mentions: Sequence[NameMention]) -> set[str]:
    """Texts of the model's one-word ORG or PERSON mentions that are common English words the
    document writes in lower case at least as often as capitalised ("Budget" in a headline,
    "budget" in the body): a capitalised common word, not a name."""
    found = set()
    for mention in mentions:
        word = mention.text
        if (
            mention.source != "model"
            or mention.label not in NAME_LABELS
            or " " in word
            or not word.istitle()
            or not is_english_word(word.lower())
        ):
            continue
        if word in found:
            continue
        lower = len(_whole_word_occurrences(text, text, [word.lower()], str))
        if lower and lower >= len(_whole_word_occurrences(text, text, [word], str)):
            found.add(word)
    return found


def term_names(text: str) -> set[str]:
    """Names the text introduces as terms, not as organisations or people, with their acronyms: a name after a kind
    of technique and "called" or "known as" ("a technology known as Vextor Link (VXL)"), and an acronym whose long
    form is written in lower case and holds no organisation word ("purchasing managers index (PMI)")."""
    kinds = "|".join(sorted(Lexicon.default().words(TERM_KINDS_FILE)))
    org_words = _org_words()
    found = set()
    for match in re.finditer(rf"\b(?:{kinds})\b[^.,;()]{{0,40}}?\b{_INTRODUCED}\s+{_TERM}", text):
        found |= {group for group in match.group("name", "acronym") if group}
    for acronym, long_form in acronym_definitions(text).items():
        if long_form.islower() and not org_words.intersection(long_form.split()):
            found.add(acronym)
    return found


def org_long_forms(text: str) -> dict[str, str]:
    """Key -> long form for the acronyms `text` defines whose long form is written as an organisation's name: words
    capitalised but small ones, one of them an organisation word ("Lundish Trade Corporation for Ports (LTCP)")."""
    org_words = _org_words()
    found = {}
    for long_form in acronym_definitions(text).values():
        words = long_form.split()
        named = all(word[:1].isupper() or word.casefold() in ACRONYM_SKIPPABLE_WORDS for word in words)
        if (
            named
            and words[0][:1].isupper()
            and any(word[:1].isupper() and word.casefold() in org_words for word in words)
        ):
            found[name_key(long_form)] = long_form
    return found


def defined_org_acronyms(text: str, votes: Votes) -> dict[str, str]:
    """Key -> acronym for the acronyms `text` defines for a name it votes ORG: "Court of Arbitration for Sport (CAS)".

    The long form may end a longer ORG name ("the North American Court of Arbitration for Sport").
    """
    org_keys = [key for key, labels in votes.items() if winner(labels) == "ORG"]
    defined = {}
    for acronym, long_form in acronym_definitions(text).items():
        long_key = name_key(long_form)
        if long_key and any(key.endswith(long_key) for key in org_keys):
            defined[name_key(acronym)] = acronym
    return defined


def surname_surfaces(mentions: Iterable[NameMention]) -> dict[str, set[str]]:
    """Key -> surface of the last word of each full PERSON name: "Okafor" of "Mira Okafor", which then
    names her wherever it stands alone (its key has the name part's PERSON votes)."""
    surfaces: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        last = mention.text.split()[-1]
        if name_key(last) in _name_parts(mention):
            surfaces[name_key(last)].add(last)
    return surfaces


def _full_names(mentions: Sequence[NameMention]) -> set[NameMention]:
    """The PERSON mentions of full names whose own mentions do not vote for another label more often (their name
    parts vote PERSON): not "Vextor Plus" tagged PERSON once and ORG twice, whose first word is no given name."""
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for mention in mentions:
        if (label := vote_label(mention.label, mention.source)) is not None and " " in mention.text:
            counts[name_key(mention.text)][label] += STRONG_WEIGHT if is_strong(mention.source) else MODEL_WEIGHT
    return {
        mention
        for mention in mentions
        if _name_parts(mention) and winner(counts[name_key(mention.text)]) in ("PERSON", None)
    }


def _name_parts(mention: NameMention) -> set[str]:
    """Keys of the first and last word of a full PERSON name written as a name (capitalised words only; an
    acronym, "QC" or "MP" after the name, is no part of it)."""
    words = mention.text.split()
    if mention.label != "PERSON" or not 2 <= len(words) <= 4 or not all(word[:1].isupper() for word in words):
        return set()
    return {name_key(word) for word in (words[0], words[-1]) if not (word.isupper() and len(word) > 1)} - {""}


def add_votes(total: Votes, votes: Mapping[str, Mapping[str, float]]) -> None:
    """Add one document's votes to the run's."""
    for key, labels in votes.items():
        entry = total.setdefault(key, {})
        for label, weight in labels.items():
            entry[label] = entry.get(label, 0.0) + weight


def winner(labels: Mapping[str, float] | None, ratio: float = 1.0, minimum: float = 0.0) -> str | None:
    """The label with the most votes if it has `minimum` votes and beats the runner-up by `ratio`."""
    if not labels:
        return None
    ranked = sorted(labels.items(), key=lambda item: (-item[1], item[0]))
    best, best_votes = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best_votes < minimum or best_votes <= 0:
        return None
    if best_votes > runner_up * ratio or runner_up == 0:
        return best
    return None


def decide(key: str, document: Mapping[str, Mapping[str, float]], run: Mapping[str, Mapping[str, float]]) -> str | None:
    """A name's label in a document: the document's clear winner, else the run's winner, else (the run
    being split) the document's own winner, else None."""
    return (
        winner(document.get(key), CONFIDENT_RATIO, MIN_DOCUMENT_VOTES)
        or winner(run.get(key), RUN_RATIO, MIN_VOTES)
        or winner(document.get(key), minimum=MIN_VOTES)
    )


def plural_key(key: str, known: Container[str]) -> str:
    """The key without a stray final "s" ("deepseeks") when that form is a known name."""
    if key.endswith("s") and len(key) > 4 and key[:-1] in known:
        return key[:-1]
    return key


def unlabelled_occurrences(
    text: str,
    names: Mapping[str, Iterable[str]],
    taken: Sequence[tuple[int, int]],
    allowed: Sequence[tuple[int, int]],
) -> list[tuple[int, int, str]]:
    """Occurrences of known names (by their surface forms) that no entity covers: (start, end, key).

    Only whole words count, only inside the `allowed` spans (the text the model saw), a
    surface matches as written, or in other capitalisation when it starts with a capital,
    single common words ("Home") are never searched for, and an occurrence that a capitalised
    word or a number goes on from is part of a longer name ("Vextor Radio", "Zorba Aid 20").
    """
    covered, inside = _Spans(taken), _Spans(allowed)
    # Case-blind search needs lower-casing that keeps offsets; a rare letter breaks that ("İ"): match as written.
    fold = str.lower if len(text.lower()) == len(text) else str
    folded = fold(text)
    found = []
    for key in sorted(names):
        surfaces = {s for s in names[key] if len(s) >= MIN_PROPAGATION_LENGTH and not _is_common_word(s)}
        for start, end in _whole_word_occurrences(text, folded, surfaces, fold):
            if text[start:end] not in surfaces and not text[start].isupper():
                continue
            if covered.overlap(start, end) or not inside.contain(start, end) or _goes_on(text, end):
                continue
            found.append((start, end, key))
    found.sort()
    result: list[tuple[int, int, str]] = []
    for start, end, key in found:
        if not result or start >= result[-1][1]:
            result.append((start, end, key))
    return result


def _whole_word_occurrences(
    text: str, folded: str, surfaces: Iterable[str], fold: Callable[[str], str]
) -> list[tuple[int, int]]:
    """(start, end) of the surfaces in `text` as whole words, compared after `fold` (`folded` is
    `fold(text)`, the same length): leftmost first, the longest surface at a position, never overlapping."""
    candidates = []
    for surface in surfaces:
        needle = fold(surface)
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            if not (start > 0 and _is_word_char(text[start - 1])) and not (
                end < len(text) and _is_word_char(text[end])
            ):
                candidates.append((start, -len(needle)))
            start = folded.find(needle, start + 1)
    occurrences: list[tuple[int, int]] = []
    for start, negative_length in sorted(candidates):
        if not occurrences or start >= occurrences[-1][1]:
            occurrences.append((start, start - negative_length))
    return occurrences


def _goes_on(text: str, end: int) -> bool:
    """Whether a capitalised word or a number that starts no title follows `end`, outside a title-case headline:
    "Vextor Radio" goes on, "Vextor Chief Executive Mira Okafor" and "Vextor Service Ends Today" do not."""
    following = _NEXT_WORD.match(text, end)
    if following is None or following.group(1).casefold() in _title_first_words():
        return False
    line_end = text.find("\n", end)
    return not is_headline(text[text.rfind("\n", 0, end) + 1 : line_end if line_end != -1 else len(text)])


@functools.cache
def _org_words() -> frozenset[str]:
    lexicon = Lexicon.default()
    return frozenset().union(*(lexicon.words(name) for name in ORG_WORD_FILES))


@functools.cache
def _title_first_words() -> frozenset[str]:
    return frozenset(entry.split()[0] for entry in Lexicon.default().words(TITLES_FILE))


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "_&"


def _is_common_word(surface: str) -> bool:
    """One lower-case-able common word ("Home", "Welsh"): too ambiguous to tag wherever it occurs."""
    folded = surface.casefold()
    return folded in STOP_WORDS or (" " not in surface and not surface.isupper() and is_english_word(folded))


class _Spans:
    """(start, end) spans answering overlap and containment in log time (a long text has many of both)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._reach: list[int] = []  # the largest end among the spans up to each one
        for _, end in ordered:
            self._reach.append(max(end, self._reach[-1]) if self._reach else end)

    def _reach_before(self, index: int) -> int:
        return self._reach[index - 1] if index else -1

    def overlap(self, start: int, end: int) -> bool:
        """Whether a span overlaps [start, end): one starting before `end` reaches past `start`."""
        return self._reach_before(bisect.bisect_left(self._starts, end)) > start

    def contain(self, start: int, end: int) -> bool:
        """Whether a span contains [start, end): one starting at or before `start` reaches `end`."""
        return self._reach_before(bisect.bisect_right(self._starts, start)) >= end
