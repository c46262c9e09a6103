"""Canonical entity names for ORG and PERSON mentions.

Two stages, built for a streaming extractor:

1. `document_aliases` resolves each mention inside its own document: possessives are stripped,
   whitespace is collapsed, an acronym the text defines ("Personal Information Protection
   Commission (PIPC)") stands for its long form, and a surname, a given name or a reversed
   ("Chung Shina") form stands for the one full PERSON name of the document it matches, and an
   ORG written with a stray final "s" ("Deepseeks") or a typo ("Vexkor") stands for the one ORG
   of the same document it is a variant of, when that one is used more. Typos and plurals are
   only linked inside a document: across documents, near names are too often different entities
   ("Yukon"/"Yukos", "Time"/"Times").
2. `CanonicalNames` collects those names for the whole run (counts per distinct name) and picks
   one spelling per entity. Names are grouped by `name_key` (case, spacing, punctuation,
   possessive, leading "the"). Within a group the spelling is ranked by, in order: not led by a
   lower-case "the"; documents that use it (more first); inner capitals ("DeepSeek", "OpenAI"
   before "Deepseek", "Open AI"); capitalised words; mentions; length (more complete first);
   code-point order. Documents come before mentions so that one article repeating a
   misspelling does not outvote the others.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

ORG = "ORG"
PERSON = "PERSON"

POSSESSIVE_RE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)
PARENTHESIS_RE = re.compile(r"\(([^()]{1,150})\)")
WORD_RE = re.compile(r"\S+")
ACRONYM_RE = re.compile(r"[A-Z][A-Za-z&]{1,9}")
CLAUSE_END_RE = re.compile(r"[,;:.!?\"”)\]]$")
EDGE_PUNCTUATION = "\"'“”‘’"

#: Small words that an acronym may skip ("Department of Defense (DoD)", "Securities and ... (SEC)").
ACRONYM_SKIPPABLE_WORDS = frozenset(
    {"a", "an", "and", "at", "de", "des", "du", "for", "in", "la", "le", "of", "on", "the", "to", "&"}
)
#: Leading titles dropped from PERSON mentions before matching them to full names.
HONORIFICS = frozenset({"dr", "miss", "mr", "mrs", "ms", "prof", "sir"})
#: Shortest stem for the stray-"s" rule ("Deepseeks" -> "Deepseek").
MIN_PLURAL_STEM_LENGTH = 4
#: Shortest differing word allowed an edit distance of 1, and of 2 ("Lee"/"Lea" is too short).
MIN_LENGTH_FOR_DISTANCE = {1: 5, 2: 7}


def collapse_whitespace(text: str) -> str:
    """Return `text` with every run of whitespace replaced by one space and the ends trimmed."""
    return " ".join(text.split())


def strip_possessive(name: str) -> str:
    """Drop final possessives: "DeepSeek's", "DeepSeek’s" -> "DeepSeek", "Reuters'" -> "Reuters"."""
    stripped = POSSESSIVE_RE.sub("", name).rstrip()
    return strip_possessive(stripped) if stripped and stripped != name else name


NAME_CACHE_SIZE = 8192  # names recur within and across articles; bounded, so memory stays flat


@lru_cache(maxsize=NAME_CACHE_SIZE)
def clean_name(name: str) -> str:
    """Collapse whitespace and strip a final possessive."""
    return strip_possessive(collapse_whitespace(name))


@lru_cache(maxsize=NAME_CACHE_SIZE)
def name_key(name: str) -> str:
    """Variant key: casefolded, accents, spaces, punctuation, possessive and a leading "the" removed."""
    decomposed = unicodedata.normalize("NFKD", clean_name(name))
    words = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    compact = "".join(words)
    return "".join(ch for ch in compact if ch.isalnum()) or compact


def edit_distance(first: str, second: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps."""
    before_previous: list[int] = []
    previous = list(range(len(second) + 1))
    for i, first_char in enumerate(first, 1):
        current = [i] + [0] * len(second)
        for j, second_char in enumerate(second, 1):
            current[j] = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (first_char != second_char),
            )
            if i > 1 and j > 1 and first_char == second[j - 2] and first[i - 2] == second_char:
                current[j] = min(current[j], before_previous[j - 2] + 1)
        before_previous, previous = previous, current
    return previous[-1]


def is_acronym(word: str) -> bool:
    """True for 2-10 letters starting with a capital and holding at least two ("PIPC", "DoD")."""
    return bool(ACRONYM_RE.fullmatch(word)) and sum(ch.isupper() for ch in word) >= 2


def _initial(word: str) -> str:
    """First letter or digit of `word`, casefolded ("" when it has none)."""
    return next((ch.casefold() for ch in word if ch.isalnum()), "")


def _word_initials(word: str) -> set[str]:
    """What one word may spell in an acronym: its initial, or its parts' initials if hyphenated."""
    parts = [part for part in word.split("-") if part]
    spellings = {_initial(word), "".join(_initial(part) for part in parts)}
    return {spelling for spelling in spellings if spelling}


def _initials_match(words: Sequence[str], letters: str) -> bool:
    """True when the words' initials spell `letters` exactly; small words may be skipped."""
    options = [_word_initials(word) for word in words]
    skippable = [word.casefold() in ACRONYM_SKIPPABLE_WORDS for word in words]

    @cache
    def matches_from(word_index: int, letter_index: int) -> bool:
        if word_index == len(words):
            return letter_index == len(letters)
        if skippable[word_index] and matches_from(word_index + 1, letter_index):
            return True
        return any(
            letters.startswith(spelling, letter_index) and matches_from(word_index + 1, letter_index + len(spelling))
            for spelling in options[word_index]
        )

    return matches_from(0, 0)


def _acronym_letters(acronym: str) -> str:
    """The casefolded letters an acronym's long form must spell."""
    return "".join(ch.casefold() for ch in acronym if ch.isalpha())


def _long_form_before(text: str, end: int, acronym: str) -> str | None:
    """Shortest run of words ending at `end` whose initials spell `acronym`, or None."""
    letters = _acronym_letters(acronym)
    window_start = max(0, end - 40 * (len(letters) + 4))
    words = list(WORD_RE.finditer(text, window_start, end))
    if window_start > 0:
        words = words[1:]
    longest = 2 * len(letters) + 2
    for first in range(len(words) - 1, max(len(words) - longest, 0) - 1, -1):
        word = words[first].group().strip(EDGE_PUNCTUATION)
        if first < len(words) - 1 and CLAUSE_END_RE.search(words[first].group()):
            return None
        if word.casefold() in ACRONYM_SKIPPABLE_WORDS:
            continue
        candidate = [match.group().strip(EDGE_PUNCTUATION) for match in words[first:]]
        if _initials_match(candidate, letters):
            return clean_name(text[words[first].start() : words[-1].end()].strip(EDGE_PUNCTUATION))
    return None


def acronym_definitions(text: str) -> dict[str, str]:
    """Acronyms the text defines, as "Long Form (ACRONYM)" or "ACRONYM (Long Form)", to their long form.

    An acronym defined with two different long forms is ambiguous and left out.
    """
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for parenthesis in PARENTHESIS_RE.finditer(text):
        inside = collapse_whitespace(parenthesis.group(1))
        before = text[: parenthesis.start()].rstrip()
        if is_acronym(inside):
            long_form = _long_form_before(text, len(before), inside)
            if long_form:
                found[inside].setdefault(name_key(long_form), long_form)
            continue
        previous_word = before.rsplit(None, 1)[-1] if before else ""
        long_words = [word.strip(EDGE_PUNCTUATION) for word in inside.split()]
        if (
            is_acronym(previous_word)
            and long_words
            and long_words[0].casefold() not in ACRONYM_SKIPPABLE_WORDS
            and _initials_match(long_words, _acronym_letters(previous_word))
        ):
            found[previous_word].setdefault(name_key(inside), inside)
    return {acronym: next(iter(long_forms.values())) for acronym, long_forms in found.items() if len(long_forms) == 1}


def _person_tokens(name: str) -> list[str]:
    """Words of a PERSON name without a leading honorific ("Mr. Altman" -> ["Altman"])."""
    words = name.split()
    if len(words) > 1 and words[0].rstrip(".").casefold() in HONORIFICS:
        words = words[1:]
    return words


def _full_name_choices(people: Sequence[tuple[str, int]]) -> dict[tuple[str, ...], str]:
    """Group full PERSON names (two words or more) by their words in any order; pick one spelling.

    `people` holds (cleaned name, start) pairs; the spelling chosen is the most frequent, then the
    earliest, so "Chung Shina" and "Shina Chung" share the one the document uses most.
    """
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for person, start in people:
        words = _person_tokens(person)
        if len(words) > 1:
            name = " ".join(words)
            counts[name] += 1
            first_seen[name] = min(start, first_seen.get(name, start))
    chosen: dict[tuple[str, ...], str] = {}
    for name in sorted(counts, key=lambda spelling: (-counts[spelling], first_seen[spelling], spelling)):
        chosen.setdefault(tuple(sorted(name_key(word) for word in _person_tokens(name))), name)
    return chosen


def _full_names_by_part(full_names: dict[tuple[str, ...], str]) -> dict[str, set[str]]:
    """Key of the first and of the last word of each full name -> the full names it can stand for."""
    by_part: defaultdict[str, set[str]] = defaultdict(set)
    for full_name in full_names.values():
        words = _person_tokens(full_name)
        for word in (words[0], words[-1]):
            by_part[name_key(word)].add(full_name)
    return by_part


def _person_alias(name: str, full_names: dict[tuple[str, ...], str], by_part: Mapping[str, set[str]]) -> str:
    """The full name a PERSON mention stands for in its document, or the mention itself."""
    words = _person_tokens(name)
    if len(words) > 1:
        return full_names.get(tuple(sorted(name_key(word) for word in words)), " ".join(words))
    matches = by_part.get(name_key(words[0]), set()) if words else set()
    return next(iter(matches)) if len(matches) == 1 else " ".join(words)


@dataclass
class _Support:
    """How many documents and mentions use a name (or a key)."""

    documents: int = 0
    mentions: int = 0


def _capital_counts(name: str) -> tuple[int, int]:
    """(capitals right after a lower-case letter, words starting with a capital) of `name`."""
    inner = sum(1 for previous, char in itertools.pairwise(name) if previous.islower() and char.isupper())
    return inner, sum(1 for word in name.split() if word[:1].isupper())


def _spelling_rank(name: str, support: _Support) -> tuple[bool, int, int, int, int, int, str]:
    """Sort key over the spellings of one entity: the first is its canonical name.

    A spelling led by a lower-case "the" (sentence context, not name) comes last.
    """
    inner_capitals, capitalised_words = _capital_counts(name)
    return (
        name.startswith("the "),
        -support.documents,
        -inner_capitals,
        -capitalised_words,
        -support.mentions,
        -len(name),
        name,
    )


def _typo_words(name: str) -> list[str]:
    """Word keys of a name, a leading "the" dropped."""
    words = [name_key(word) for word in name.split()]
    return words[1:] if len(words) > 1 and words[0] == "the" else words


def _typo_distance_allowed(first: str, second: str) -> bool:
    """True when two word keys differ by a typo: same first letter and digits, close for their length."""
    if first[:1] != second[:1] or [ch for ch in first if ch.isdigit()] != [ch for ch in second if ch.isdigit()]:
        return False
    shortest = min(len(first), len(second))
    allowed = max((distance for distance, length in MIN_LENGTH_FOR_DISTANCE.items() if shortest >= length), default=0)
    return 0 < edit_distance(first, second) <= allowed


def is_typo_pair(first: str, second: str) -> bool:
    """True when two names differ by a typo in exactly one word ("Zoradan"/"ZoraDance").

    A word added or dropped ("Samsung"/"Samsung Electronics") or a short word changed
    ("Samsung SDI"/"Samsung SDS", "UK Treasury"/"US Treasury") is not a typo.
    """
    return _is_typo_word_pair(_typo_words(first), _typo_words(second))


def _is_typo_word_pair(first_words: Sequence[str], second_words: Sequence[str]) -> bool:
    if len(first_words) != len(second_words):
        return False
    differing = [(one, other) for one, other in zip(first_words, second_words) if one != other]
    return len(differing) == 1 and _typo_distance_allowed(*differing[0])


def _plural_link(key: str, totals: Mapping[str, int]) -> tuple[str | None, str | None]:
    """(the key differing from `key` by a final "s", the one of the two that `key` joins or None)."""
    if key.endswith("s") and len(key) > MIN_PLURAL_STEM_LENGTH and key[:-1] in totals:
        stem = key[:-1]
        return stem, stem if totals[stem] >= totals[key] else None
    plural = key + "s"
    if len(key) >= MIN_PLURAL_STEM_LENGTH and plural in totals:
        return plural, plural if totals[plural] > totals[key] else None
    return None, None


def org_variant_links(name_counts: Mapping[str, int]) -> dict[str, str]:
    """Within one document, map each ORG spelling that is a variant of another ORG to that one.

    `name_counts` holds the document's ORG names with their mention counts. A name joins its
    stray-"s" partner ("Deepseeks" -> "Deepseek") when the form without "s" is used at least as
    often (the other way round only when used more), or joins the one name it is a typo of
    (`is_typo_pair`) when that name is used more often; two typo candidates mean no link.
    """
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for name, count in name_counts.items():
        spellings[name_key(name)][name] += count
    totals = {key: sum(names.values()) for key, names in spellings.items()}
    chosen = {
        key: min(names, key=lambda name, names=names: _spelling_rank(name, _Support(1, names[name])))
        for key, names in spellings.items()
    }
    typo_words = {key: _typo_words(name) for key, name in chosen.items()}
    links = {}
    for key in sorted(spellings):
        partner, joined = _plural_link(key, totals)
        if joined:
            links[key] = joined
            continue
        neighbours = [
            other
            for other in sorted(spellings)
            if other not in (key, partner) and _is_typo_word_pair(typo_words[key], typo_words[other])
        ]
        if len(neighbours) == 1 and totals[neighbours[0]] > totals[key]:
            links[key] = neighbours[0]
    resolved = {}
    for name in sorted(name_counts):
        root = name_key(name)
        while root in links:
            root = links[root]
        if root != name_key(name):
            resolved[name] = chosen[root]
    return resolved


def document_aliases(text: str, mentions: Sequence[tuple[str, str, int, int]]) -> list[str]:
    """Per-document resolution of (label, surface text, start, end) mentions to the names they stand for.

    Every name has its whitespace collapsed and possessive stripped; an ORG equal to an acronym the
    text defines becomes the long form, and a stray-"s" or typo variant of another ORG of the
    document becomes that one (`org_variant_links`); a PERSON surname, given name or reversed name
    becomes the one full PERSON name of the document it matches (left as written when it matches two).
    """
    acronyms = acronym_definitions(text)
    cleaned = [clean_name(surface) for _label, surface, _start, _end in mentions]
    full_names = _full_name_choices(
        [(name, start) for (label, _surface, start, _end), name in zip(mentions, cleaned) if label == PERSON]
    )
    by_part = _full_names_by_part(full_names)
    aliases = []
    for (label, _surface, _start, _end), name in zip(mentions, cleaned):
        if label == ORG:
            aliases.append(acronyms.get(name, name))
        elif label == PERSON:
            aliases.append(_person_alias(name, full_names, by_part))
        else:
            aliases.append(name)
    org_counts = Counter(alias for (label, *_), alias in zip(mentions, aliases) if label == ORG)
    variants = org_variant_links(org_counts)
    return [variants.get(alias, alias) if label == ORG else alias for (label, *_), alias in zip(mentions, aliases)]


class CanonicalNames:
    """Run-wide: collects document-resolved names, then picks one spelling per entity."""

    def __init__(self) -> None:
        """Start with no names."""
        self._support: dict[tuple[str, str], _Support] = {}
        self._canonical_by_key: dict[tuple[str, str], str] | None = None

    def add(self, label: str, name: str, mentions: int = 1) -> None:
        """Count one document that mentions `name` (as `label`) `mentions` times.

        Call it once per distinct (label, name) of a document, or use `add_document`.
        """
        if mentions < 1:
            raise ValueError(f"mentions must be at least 1, got {mentions}")
        support = self._support.setdefault((label, clean_name(name)), _Support())
        support.documents += 1
        support.mentions += mentions
        self._canonical_by_key = None

    def add_document(self, labelled_names: Iterable[tuple[str, str]]) -> None:
        """Count the (label, name) pairs of one document's mentions, e.g. from `document_aliases`."""
        for (label, name), mentions in Counter((label, clean_name(name)) for label, name in labelled_names).items():
            self.add(label, name, mentions)

    def canonical(self, label: str, name: str) -> str:
        """The canonical spelling of the entity `name` stands for; valid after all adds."""
        if self._canonical_by_key is None:
            self._canonical_by_key = self._group()
        cleaned = clean_name(name)
        return self._canonical_by_key.get((label, name_key(cleaned)), cleaned)

    def _group(self) -> dict[tuple[str, str], str]:
        """Map every (label, key) seen to the canonical spelling of its entity."""
        spellings: dict[str, dict[str, dict[str, _Support]]] = defaultdict(lambda: defaultdict(dict))
        for (label, name), support in self._support.items():
            spellings[label][name_key(name)][name] = support
        return {
            (label, key): min(names, key=lambda name, names=names: _spelling_rank(name, names[name]))
            for label, by_key in spellings.items()
            for key, names in by_key.items()
        }
