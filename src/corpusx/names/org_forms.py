"""Organisation forms within one document: the fullest name each shorter form of an ORG stands for.

A document's ORG names are grouped by their core (the name without legal suffixes and without a
leading country word, its head word last: "Court of Appeal" is "Appeal Court", `org_core`); each group is named by its fullest member. Then a short form joins
the one group it can stand for: an acronym given by the curated table (in any case: "NATO" finds "Nato")
or spelled by a group's initials, with or without its legal suffixes ("NHA" <- "National Heritage Agency",
"ZG" <- "Zeta Global Holdings Inc"), a capitalised word of exactly one group's name ("Zentra" <- "Zentra
Foods", "the Bank" <- "Bank of Elbonia"), the last words of exactly one group's name ("Security Council" <-
"Zarnian Nations Security Council"), or the leading words of exactly one group's name that lacks one
more word only ("Lintel Pacific" <- "Lintel Pacific Shipping", "Royal Zarnian Bank" <- "Royal Zarnian Bank
of Elbonia"; not "Lintel Aid" <- "Lintel Aid Trust", nor "Lintel United" <- "Lintel United Supporters Club"). Two groups it could stand for mean no link:
namesakes stay apart.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from functools import cache

from corpusx.lexicon import Lexicon
from corpusx.names.acronyms import (
    ACRONYM_SKIPPABLE_WORDS,
    EDGE_PUNCTUATION,
    acronym_table,
    initials_spell,
    is_acronym,
    looks_like_acronym,
    table_entry,
    table_long_form,
)
from corpusx.names.keys import name_key

POSSESSIVE_END_RE = re.compile(r"['’]s?$")
SUFFIX_FILES = ("org_suffixes.txt", "legal_suffixes.txt")
COUNTRY_PREFIXES_FILE = "country_prefixes.txt"
#: Nouns that name a body of its own after a name ("Lintel Aid Trust" is not "Lintel Aid").
ORG_WORDS_FILE = "org_words.txt"


@cache
def legal_suffixes() -> frozenset[str]:
    """Casefolded legal and corporate suffixes ("inc", "plc", "gmbh"), from the models' word lists."""
    return frozenset(
        entry.casefold().replace(".", "") for name in SUFFIX_FILES for entry in Lexicon.default().entries(name)
    )


def is_legal_suffix(word: str) -> bool:
    """True for a legal or corporate suffix, in any case, with or without its full stops ("Inc.", "S.A.", "plc")."""
    return word.casefold().strip(",").replace(".", "") in legal_suffixes()


@cache
def country_prefixes() -> frozenset[str]:
    """Casefolded country words that may lead an organisation's name ("us", "british")."""
    return frozenset(entry.casefold() for entry in Lexicon.default().entries(COUNTRY_PREFIXES_FILE))


def strip_legal_suffixes(name: str) -> str:
    """`name` without final legal suffixes ("Acme Holdings Inc." -> "Acme", "Okoro & Co" -> "Okoro"); one word stays."""
    words = name.split()
    while len(words) > 1 and is_legal_suffix(words[-1]):
        words.pop()
        while len(words) > 1 and words[-1] in ("&", "and"):
            words.pop()
    return " ".join(words).rstrip(",") or name


def strip_suffix_stop(name: str) -> str:
    """`name` without the full stop of a final legal suffix ("Acme Inc." -> "Acme Inc")."""
    head, _, last = name.rpartition(" ")
    return name[:-1] if head and last.endswith(".") and last[:-1].casefold() in legal_suffixes() else name


def _head_last(words: Sequence[str]) -> list[str]:
    """The words of "Department of Justice" in the order of "Justice Department": the head word after the rest.

    Only a capitalised head, "of" or "for" (and "the"), then capitalised words; other names are unchanged.
    """
    if len(words) > 2 and words[0][:1].isupper() and words[1] in ("of", "for"):
        rest = words[3:] if words[2] == "the" else words[2:]
        if rest and all(word[:1].isupper() for word in rest):
            return [*rest, words[0]]
    return list(words)


def org_core(name: str) -> tuple[str, str]:
    """(leading country word or "", key of the rest without legal suffixes, head word last) of an ORG name.

    "US Department of Justice" and "Justice Department" share the core, "US" split off ("us", also for
    "U.S." and "United States").
    """
    words = strip_legal_suffixes(name).split()
    prefix = ""
    for size in (2, 1):  # "United States", then "US"
        if len(words) > size + 1 and " ".join(words[:size]).casefold() in country_prefixes():
            prefix = _prefix_key(words[:size])
            words = words[size:]
            break
    return prefix, name_key(" ".join(_head_last(words)))


def _prefix_key(words: Sequence[str]) -> str:
    """One key per country prefix however written: "U.S.", "US" and "United States" are all "us"."""
    return "".join(word[:1].casefold() for word in words) if len(words) > 1 else name_key(words[0])


def _fullness(name: str, count: int) -> tuple[int, int, int, str]:
    """Sort key: the fullest name of a group first (longest key, then most used, more words, code points)."""
    return -len(name_key(name)), -count, -len(name.split()), name


def _core_groups(counts: Mapping[str, int]) -> dict[str, str]:
    """Each name -> the fullest name of its core group.

    Names sharing a core join; a name without country word joins a prefixed one only when the
    document prefixes that core with one country word alone ("UK Treasury" and "US Treasury" keep
    a bare "Treasury" apart).
    """
    by_core: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    for name in counts:
        prefix, core = org_core(name)
        by_core[core].append((prefix, name))
    fullest = {}
    for members in by_core.values():
        prefixes = {prefix for prefix, _ in members if prefix}
        groups: defaultdict[str, list[str]] = defaultdict(list)
        for prefix, name in members:
            groups[prefix if len(prefixes) > 1 else ""].append(name)
        for names in groups.values():
            best = min(names, key=lambda name: _fullness(name, counts[name]))
            fullest.update(dict.fromkeys(names, best))
    return fullest


def _name_words(name: str) -> list[str]:
    """Keys of the words of `name` that a one-word short form may stand for: not small, not after "of"."""
    words = [word.strip(EDGE_PUNCTUATION + ",") for word in name.split()]
    return [
        name_key(word)
        for index, word in enumerate(words)
        if word[:1].isupper()
        and word.casefold() not in ACRONYM_SKIPPABLE_WORDS
        and not (index and words[index - 1].casefold() in ACRONYM_SKIPPABLE_WORDS)
    ]


def _suffix_forms(name: str) -> list[str]:
    """`name`, then `name` without each more of its final legal suffixes ("Zeta Holdings Inc", "Zeta Holdings", "Zeta")."""
    words = name.split()
    forms = [name]
    while len(words) > 1 and is_legal_suffix(words[-1]):
        words = words[:-1]
        forms.append(" ".join(words))
    return forms


def _holds_words(name_keys: Sequence[str], words: Sequence[str]) -> bool:
    """True when `words` (a longer name) is `name_keys` and one more capitalised word (or "of" and one) at its end,
    or capitalised words, none possessive, and then `name_keys` ("Security Council" in "Zarnian Nations Security
    Council", not "Dirty Games" in "Lintel Films' Dirty Games").

    The word added at the end may not be one that names a body of its own ("Trust", `models/org_words.txt`).
    """
    count = len(name_keys)
    if len(words) <= count:
        return False
    if [name_key(word) for word in words[-count:]] == list(name_keys):
        return all(word[:1].isupper() and not POSSESSIVE_END_RE.search(word) for word in words[:-count])
    extra = words[count:]
    if extra[0] == "of":
        extra = extra[1:]
    return (
        [name_key(word) for word in words[:count]] == list(name_keys)
        and len(extra) == 1
        and extra[0][:1].isupper()
        and extra[0].casefold() not in Lexicon.default().words(ORG_WORDS_FILE)
    )


def _words_target(name: str, others: Sequence[str]) -> str | None:
    """The one name of `others` that holds the words of `name` at its start or end (`_holds_words`), or None."""
    keys = [name_key(word) for word in name.split()]
    holding = [group for group in others if _holds_words(keys, group.split())]
    return holding[0] if len(holding) == 1 else None


def _short_form_target(name: str, groups: Sequence[str], table: Mapping[str, Sequence[str]]) -> str | None:
    """The one other group (named by its fullest name) a short ORG form stands for, or None."""
    others = [group for group in groups if group != name and " " in group and group[:1].isupper()]
    if table_entry(name, table):
        found = table_long_form(name, {name_key(group): group for group in others}, table)
        if found:
            return found
    if " " in name:
        return _words_target(name, others) if name[:1].isupper() else None
    if len(name) < 2:
        return None
    if looks_like_acronym(name):
        spelled = [
            group
            for group in others
            if any(initials_spell(form, name, country_prefixes()) for form in _suffix_forms(group))
        ]
        if len(spelled) == 1:
            return spelled[0]
        if is_acronym(name):
            return None  # "BBC" inside "BBC Radio Service" is its own entity
    if not name[:1].isupper():
        return None
    key = name_key(name)
    holding = [group for group in others if key in _name_words(group)]
    return holding[0] if len(holding) == 1 else None


def org_form_links(counts: Mapping[str, int], table: Mapping[str, Sequence[str]] | None = None) -> dict[str, str]:
    """Within one document, map each ORG name (with its mention count) to the fuller name it stands for.

    Names missing from the result stand for themselves. `table` defaults to `models/acronyms.tsv`.
    """
    table = acronym_table() if table is None else table
    fullest = _core_groups(counts)
    totals: Counter[str] = Counter()
    for name, count in counts.items():
        totals[fullest[name]] += count
    groups = sorted(totals, key=lambda group: _fullness(group, totals[group]))
    targets = {group: _short_form_target(group, groups, table) or group for group in groups}
    for group in groups:  # follow a short form's target to the end ("Lib" -> "Lib Dems" -> its long form)
        seen = {group}
        while targets[targets[group]] not in seen:
            seen.add(targets[group])
            targets[group] = targets[targets[group]]
    return {name: targets[fullest[name]] for name in sorted(counts) if targets[fullest[name]] != name}
