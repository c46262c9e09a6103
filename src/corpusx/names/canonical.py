"""Canonical entity names for ORG and PERSON mentions.

Two stages, built for a streaming extractor:

1. `document_aliases` resolves each mention inside its own document: whitespace is collapsed,
   possessives stripped (unless part of the name), a leading "the" dropped; an acronym the text
   defines ("National Heritage Agency (NHA)") stands for its long form; an ORG
   short form (acronym, legal suffix, country word, one word of a longer name) for the one fuller
   ORG of the document (`org_forms`); a PERSON surname, given name, last words or reversed
   ("Ruiz Ana") form for the one full name of the document it is part of (`people`); and an
   ORG written with a stray final "s" ("Zorbixs") or a typo ("Vexkor") for the one ORG of the
   same document it is a variant of, when that one is used more. Short forms, typos and plurals
   are only linked inside a document: across documents, near names are too often different
   entities ("Yukon"/"Yukos", "Time"/"Times").
2. `CanonicalNames` collects those names for the whole run (counts per distinct name) and picks
   one spelling per entity. Names are grouped by `name_key` (case, spacing, punctuation,
   possessive, leading "the"), and ORG keys differing only by legal suffixes are one entity named
   by the most complete key. Within a key the spelling is ranked by, in order: not led by a
   lower-case "the"; no final possessive; documents that use it (more first); inner capitals
   ("ZorbaLabs", "VexTor" before "Zorbalabs", "Vex Tor"); capitalised words; mentions; length
   (more complete first); code-point order. Documents come before mentions so that one article
   repeating a misspelling does not outvote the others.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from corpusx.names.acronyms import acronym_definitions, acronym_table, is_acronym, table_long_forms_in_text
from corpusx.names.keys import clean_name, collapse_whitespace, name_key, strip_possessive
from corpusx.names.org_forms import org_form_links, strip_legal_suffixes, strip_suffix_stop
from corpusx.names.people import person_aliases, title_gender, with_royal_title

__all__ = [
    "CanonicalNames",
    "acronym_definitions",
    "clean_name",
    "collapse_whitespace",
    "document_aliases",
    "edit_distance",
    "is_acronym",
    "is_typo_pair",
    "name_key",
    "org_variant_links",
    "strip_article",
    "strip_possessive",
]

ORG = "ORG"
PERSON = "PERSON"

#: A final "'s" that may belong to the name itself ("Okafor's" the shop).
POSSESSIVE_NAME_RE = re.compile(r"\w['’]s$")
#: What follows an "X's" that is a name rather than a genitive: no noun, but a clause end or "and"/"or".
NO_HEAD_NOUN_RE = re.compile(r"[ \t]*(?:$|\n|[,.;:!?)\"”’]|(?:and|or)\b)")
#: What may come right before a capital "The" that starts a sentence rather than a name.
SENTENCE_START = frozenset(".!?:;\"'“”‘’([")

#: Shortest stem for the stray-"s" rule ("Zorbixs" -> "Zorbix").
MIN_PLURAL_STEM_LENGTH = 4
#: Shortest differing word allowed an edit distance of 1, and of 2 ("Lee"/"Lea" is too short).
MIN_LENGTH_FOR_DISTANCE = {1: 5, 2: 7}


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


@dataclass
class _Support:
    """How many documents and mentions use a name (or a key)."""

    documents: int = 0
    mentions: int = 0


def _capital_counts(name: str) -> tuple[int, int]:
    """(capitals right after a lower-case letter, words starting with a capital) of `name`."""
    inner = sum(1 for previous, char in itertools.pairwise(name) if previous.islower() and char.isupper())
    return inner, sum(1 for word in name.split() if word[:1].isupper())


def _spelling_rank(name: str, support: _Support) -> tuple[bool, bool, int, int, int, int, int, str]:
    """Sort key over the spellings of one entity: the first is its canonical name.

    A spelling with a final possessive (kept by a document where it is part of the name) comes after one without.

    A spelling led by a lower-case "the" (sentence context, not name) comes last.
    """
    inner_capitals, capitalised_words = _capital_counts(name)
    return (
        name.startswith("the "),
        strip_possessive(name) != name,
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

    A word added or dropped ("Vextor"/"Vextor Electronics") or a short word changed
    ("Vextor SDI"/"Vextor SDS", "UK Treasury"/"US Treasury") is not a typo.
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
    stray-"s" partner ("Zorbixs" -> "Zorbix") when the form without "s" is used at least as
    often (the other way round only when used more), or joins the one name it is a typo of
    (`is_typo_pair`) when that name is used more often; two typo candidates mean no link.
    """
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for name, count in name_counts.items():
        spellings[name_key(name)][name] += count
    totals = {key: sum(names.values()) for key, names in spellings.items()}
    chosen = {
        key: min(names, key=lambda name, names=names: _spelling_rank(name, _Support(1, names[name])))  # type: ignore[misc]
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


def _possessive_name(text: str, surface: str, end: int) -> tuple[str, str]:
    """(key, name with its "'s") when the "'s" ending at or right after `end` has no noun after it, else ("", "")."""
    if not POSSESSIVE_NAME_RE.search(surface) and POSSESSIVE_NAME_RE.match(text[end - 1 : end + 2]):
        surface, end = surface + text[end : end + 2], end + 2
    if POSSESSIVE_NAME_RE.search(surface) and NO_HEAD_NOUN_RE.match(text, end):
        name = collapse_whitespace(surface)
        return name_key(name), name
    return "", ""


def _keeps_the(text: str, start: int) -> bool:
    """True when a name at `start` opens with a capital "The" in mid-sentence, so "The" is part of it."""
    before = text[:start].rstrip()
    return bool(before) and before[-1] not in SENTENCE_START and "\n" not in text[len(before) : start]


def strip_article(name: str, keep_the: bool = False) -> str:
    """`name` without a leading lower-case "the", or a capital "The" unless `keep_the` ("The Daily Planet")."""
    first, _, rest = name.partition(" ")
    if rest and (first == "the" or (first == "The" and not keep_the)):
        return rest
    return name


def document_aliases(text: str, mentions: Sequence[tuple[str, str, int, int]]) -> list[str]:
    """Per-document resolution of (label, surface text, start, end) mentions to the names they stand for.

    Every name has its whitespace collapsed and possessive stripped, except an ORG's "'s" that the
    document always writes and once follows with no noun ("at Okafor's."): that one is part of the name. An ORG loses
    a leading "the" (a capital "The" stays only when the document writes it mid-sentence) and the
    full stop of a final legal suffix ("Acme Inc." -> "Acme Inc"); an acronym the text defines
    becomes its long form; a short form becomes the fuller ORG name of the document it stands for
    (`org_form_links`; a table short form also the long form the text writes, even if no mention has it); a stray-"s" or typo variant of another ORG becomes that one (`org_variant_links`).
    A PERSON loses titles and becomes the one full name of the document it is part of (`person_aliases`).
    """
    acronyms = acronym_definitions(text)
    cleaned = [clean_name(surface) for _label, surface, _start, _end in mentions]
    possessive_names = dict(
        _possessive_name(text, surface, end) for label, surface, _start, end in mentions if label == ORG
    )
    possessive_names.pop("", None)
    for (label, surface, _start, end), name in zip(mentions, cleaned):
        if label == ORG and not POSSESSIVE_NAME_RE.search(surface) and text[end : end + 2] not in ("'s", "’s"):
            possessive_names.pop(name_key(name), None)  # written once without "'s": a genitive elsewhere
    cleaned = [
        possessive_names.get(name_key(name), name) if label == ORG else name
        for (label, *_), name in zip(mentions, cleaned)
    ]
    kept_the = {
        name_key(name)
        for (label, _surface, start, _end), name in zip(mentions, cleaned)
        if label == ORG and name.startswith("The ") and _keeps_the(text, start)
    }
    people = person_aliases(
        {
            index: (with_royal_title(text, name, mention[2]), mention[2], title_gender(text, name, mention[2]))
            for index, (mention, name) in enumerate(zip(mentions, cleaned))
            if mention[0] == PERSON
        }
    )
    aliases = []
    for index, ((label, _surface, _start, _end), name) in enumerate(zip(mentions, cleaned)):
        if label == ORG:
            name = acronyms.get(name, name)
            aliases.append(strip_suffix_stop(strip_article(name, name_key(name) in kept_the)))
        else:
            aliases.append(people.get(index, name))
    org_counts = Counter(alias for (label, *_), alias in zip(mentions, aliases) if label == ORG)
    for long_form in table_long_forms_in_text(text, org_counts, acronym_table()):  # the model missed the long form
        org_counts.setdefault(long_form, 0)
    forms = org_form_links(org_counts)
    aliases = [forms.get(alias, alias) if label == ORG else alias for (label, *_), alias in zip(mentions, aliases)]
    variants = org_variant_links(Counter(alias for (label, *_), alias in zip(mentions, aliases) if label == ORG))
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
        support = self._support.setdefault((label, collapse_whitespace(name)), _Support())
        support.documents += 1
        support.mentions += mentions
        self._canonical_by_key = None

    def add_document(self, labelled_names: Iterable[tuple[str, str]]) -> None:
        """Count the (label, name) pairs of one document's mentions, e.g. from `document_aliases`."""
        for (label, name), mentions in Counter(
            (label, collapse_whitespace(name)) for label, name in labelled_names
        ).items():
            self.add(label, name, mentions)

    def merge(self, other: CanonicalNames) -> None:
        """Add the counts `other` collected (from other documents of the run)."""
        for key, theirs in other._support.items():
            support = self._support.setdefault(key, _Support())
            support.documents += theirs.documents
            support.mentions += theirs.mentions
        self._canonical_by_key = None

    def canonical(self, label: str, name: str) -> str:
        """The canonical spelling of the entity `name` stands for; valid after all adds."""
        if self._canonical_by_key is None:
            self._canonical_by_key = self._group()
        cleaned = clean_name(name)
        return self._canonical_by_key.get((label, name_key(cleaned)), cleaned)

    def _group(self) -> dict[tuple[str, str], str]:
        """Map every (label, key) seen to the canonical spelling of its entity.

        Spellings sharing a key are one entity; ORG keys that differ only by legal suffixes ("Acme",
        "Acme Inc") are one too, named by the most complete key (the longest, then the most documents).
        """
        spellings: dict[tuple[str, str], dict[str, _Support]] = defaultdict(dict)
        for (label, name), support in self._support.items():
            spellings[(label, name_key(name))][name] = support
        cores: dict[tuple[str, str], list[str]] = defaultdict(list)
        for (label, key), names in spellings.items():
            name = next(iter(names))
            core = name_key(strip_legal_suffixes(name)) if label == ORG else key
            cores[(label, core)].append(key)
        canonical = {}
        for (label, _core), keys in cores.items():
            documents = {key: sum(s.documents for s in spellings[(label, key)].values()) for key in keys}
            best = min(keys, key=lambda key: (-len(key), -documents[key], key))
            names = spellings[(label, best)]
            chosen = min(names, key=lambda name: _spelling_rank(name, names[name]))
            canonical.update({(label, key): chosen for key in keys})
        return canonical
