"""People within one document: the full name each PERSON mention stands for.

A mention loses leading lower-case words, titles and roles (`models/titles.txt`, `models/honorifics.txt`:
"Lib Dem MP Mira Okafor" -> "Mira Okafor", "Mr Okafor" -> "Okafor"). Full names (two words or more)
are grouped by their words in any order ("Ruiz Ana" / "Ana Ruiz") and, without middle initials
("Mary J. Korvane" / "Mary Korvane"), named by the fullest. A given name, a surname or a run of a name's
last words ("Parker Lowe" of "Ana Parker Lowe"), wherever it comes in the text, stands for the one full
name it is part of; part of two full names (namesakes: "Anna Korvane" and "Tom Korvane") it stays as written,
unless exactly one of them is a royal's ("Okon" of "Prince Okon" rather than of "Okon Tarve"), or the
mention's title tells the sex and exactly one of them is known to be of that sex, the others of the other
("Mr Korvane" of "Anna Korvane" and "Tom Korvane"). A person's sex is known from a title written with the
full name ("Mrs Kiri Tarve", `models/title_genders.tsv`) or else from the given name (`models/given_names.tsv`);
a titled short form never joins the one full name known to be of the other sex ("Mrs Korvane" is not "Tom
Korvane"). The most recent full name before a bare surname does not settle it: in news a namesake is
often named once and the other one is meant afterwards.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from functools import cache

from corpusx.lexicon import Lexicon
from corpusx.names.keys import name_key

TITLE_FILES = ("titles.txt", "honorifics.txt")
ROYAL_TITLES_FILE = "royal_titles.txt"
PARTICLES_FILE = "name_particles.txt"
TITLE_GENDERS_FILE = "title_genders.tsv"
GIVEN_NAMES_FILE = "given_names.tsv"
#: The word written right before a mention, on its line ("Mr " before "Korvane").
WORD_BEFORE_RE = re.compile(r"(\S+) $")
#: Generational suffixes: part of a full name, but no surname ("Ana Ruiz Jr": surname "Ruiz").
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@cache
def titles() -> frozenset[tuple[str, ...]]:
    """Casefolded titles and honorifics as word tuples ("prime", "minister"), "." ignored."""
    return frozenset(
        tuple(word.rstrip(".") for word in entry.casefold().split())
        for name in TITLE_FILES
        for entry in Lexicon.default().entries(name)
    )


@cache
def longest_title() -> int:
    """How many words the longest title has."""
    return max((len(title) for title in titles()), default=0)


@cache
def name_particles() -> frozenset[str]:
    """Lower-case surname particles a name may start with ("van", "de")."""
    return frozenset(Lexicon.default().entries(PARTICLES_FILE))


@cache
def royal_titles() -> frozenset[str]:
    """Casefolded titles that are part of the name right after them ("prince", "queen")."""
    return frozenset(entry.casefold() for entry in Lexicon.default().entries(ROYAL_TITLES_FILE))


@cache
def title_genders() -> dict[str, str]:
    """Casefolded gendered titles, "." ignored, to "m" or "f" ("mrs" -> "f")."""
    return {title.casefold().rstrip("."): gender for title, gender in Lexicon.default().rows(TITLE_GENDERS_FILE)}


@cache
def given_name_genders() -> dict[str, str]:
    """Keys of common given names to "m" or "f" ("anna" -> "f")."""
    return {name_key(name): gender for name, gender in Lexicon.default().rows(GIVEN_NAMES_FILE)}


def title_gender(text: str, name: str, start: int) -> str:
    """ "m" or "f" when a gendered title leads the mention ("Mrs Kiri Tarve") or is written right before it, else ""."""
    words = name.split()
    titles_seen = words[: len(words) - len(person_words(name))]
    before = WORD_BEFORE_RE.search(text, max(0, start - 12), start)
    if before:
        titles_seen.append(before.group(1))
    genders = {title_genders().get(word.casefold().rstrip(".")) for word in titles_seen} - {None}
    return genders.pop() if len(genders) == 1 else ""  # type: ignore[return-value]


def person_words(name: str) -> list[str]:
    """Words of a PERSON mention without leading lower-case words (but surname particles), titles and roles.

    A royal title right before the name stays ("Prince Okon").
    """
    words = name.split()
    folded = [word.casefold().rstrip(".,") for word in words]
    cut = 0
    while cut < len(words) - 1 and words[cut][:1].islower() and words[cut].split("-")[0] not in name_particles():
        cut += 1
    longest = longest_title()
    for start in range(cut, len(words) - 1):
        for length in range(min(longest, len(words) - 1 - start), 0, -1):
            # a title inside the name ("Lib Dem MP Mira Okafor") must leave a full name after it
            if tuple(folded[start : start + length]) in titles() and (start == cut or len(words) - start - length > 1):
                cut = start + length
                break
    if cut and folded[cut - 1] in royal_titles():
        cut -= 1
    return words[cut:]


def _core_words(words: Sequence[str]) -> list[str]:
    """Keys of a name's words without a generational suffix."""
    keys = [name_key(word) for word in words]
    while len(keys) > 1 and keys[-1] in NAME_SUFFIXES:
        keys.pop()
    return keys


def _without_initials(keys: Sequence[str]) -> tuple[str, ...]:
    """Sorted keys without one-letter middle words ("mary", "j", "blake" -> "blake", "mary")."""
    kept = [key for index, key in enumerate(keys) if len(key) > 1 or index in (0, len(keys) - 1)]
    return tuple(sorted(kept))


class DocumentPeople:
    """The full PERSON names of one document, and the one each mention stands for."""

    def __init__(self, people: Sequence[tuple[str, int, str]]) -> None:
        """Collect full names from (cleaned mention, start, title gender) triples: the most used spelling, then the earliest."""
        counts: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        titled: defaultdict[str, set[str]] = defaultdict(set)
        for person, start, gender in people:
            words = person_words(person)
            if len(_core_words(words)) > 1:
                name = " ".join(words)
                counts[name] += 1
                first_seen[name] = min(start, first_seen.get(name, start))
                titled[name].update({gender} - {""})
        order = sorted(counts, key=lambda spelling: (-counts[spelling], first_seen[spelling], spelling))
        self.by_words: dict[tuple[str, ...], str] = {}
        for name in order:
            self.by_words.setdefault(tuple(sorted(_core_words(name.split()))), name)
        fullest: dict[tuple[str, ...], str] = {}
        for name in sorted(set(self.by_words.values()), key=lambda name: (-len(name.split()), order.index(name))):
            fullest.setdefault(_without_initials(_core_words(name.split())), name)
        self.full_name = {
            name: fullest[_without_initials(_core_words(name.split()))] for name in set(self.by_words.values())
        }
        finals = sorted(set(self.full_name.values()))
        tails = {name: self._longer_names_ending(name, finals) for name in finals}
        self.full_name = {
            name: next(iter(tails[full])) if len(tails[full]) == 1 else full for name, full in self.full_name.items()
        }
        finals_titled: defaultdict[str, set[str]] = defaultdict(set)
        for spelling, full in self.full_name.items():
            finals_titled[full].update(titled[spelling])
        self.gender = {full: self._gender(full, finals_titled[full]) for full in set(self.full_name.values())}
        self.by_part: defaultdict[tuple[str, ...], set[str]] = defaultdict(set)
        for name in set(self.full_name.values()):
            keys = _core_words(name.split())
            self.by_part[(keys[0],)].add(name)
            for start in range(1, len(keys)):
                self.by_part[tuple(keys[start:])].add(name)

    @staticmethod
    def _longer_names_ending(name: str, names: Sequence[str]) -> set[str]:
        """The names of `names` with more words that end with the words of `name` ("Ana Parker Lowe" for "Parker Lowe")."""
        keys = tuple(_core_words(name.split()))
        return {
            other
            for other in names
            if len(other_keys := tuple(_core_words(other.split()))) > len(keys) and other_keys[-len(keys) :] == keys
        }

    @staticmethod
    def _gender(name: str, titled: set[str]) -> str:
        """A full name's sex: the one its titles tell, else its given name's (a royal's is not guessed), or ""."""
        if titled:
            return next(iter(titled)) if len(titled) == 1 else ""
        first = name.split(maxsplit=1)[0]
        return "" if first.casefold() in royal_titles() else given_name_genders().get(name_key(first), "")

    def _of_gender(self, matches: set[str], gender: str) -> set[str]:
        """The full names of `matches` that a short form titled with `gender` may stand for."""
        if not gender:
            return matches
        same = {match for match in matches if self.gender[match] == gender}
        if len(same) == 1 and all(self.gender[match] not in ("", gender) for match in matches - same):
            return same
        if len(matches) == 1 and self.gender[next(iter(matches))] not in ("", gender):
            return set()  # "Mrs Korvane" beside "Tom Korvane" alone: someone else
        return matches

    def alias(self, name: str, gender: str = "") -> str:
        """The full name a PERSON mention (its title telling `gender`, or "") stands for, else the mention without titles."""
        words = person_words(name)
        keys = _core_words(words)
        whole = self.by_words.get(tuple(sorted(keys)))
        if whole is not None:
            return self.full_name[whole]
        matches = self.by_part.get(tuple(keys), set())
        if len(matches) > 1 and len(keys) == 1:  # a royal is named by the name alone, others by surname
            matches = {match for match in matches if match.split()[0].casefold() in royal_titles()} or matches
        matches = self._of_gender(matches, gender)
        return next(iter(matches)) if len(matches) == 1 else " ".join(words)


def with_royal_title(text: str, name: str, start: int) -> str:
    """`name` led by the royal title written right before it in `text` ("Okon" after "Prince " -> "Prince Okon")."""
    before = text[max(0, start - 20) : start]
    title = before.rstrip(" ").rsplit(None, 1)[-1] if before.strip() and before.endswith(" ") else ""
    if title[:1].isupper() and title.casefold() in royal_titles() and "\n" not in before.rstrip(" ")[-len(title) - 1 :]:
        return f"{title} {name}"
    return name


def person_aliases(people: Mapping[int, tuple[str, int, str]]) -> dict[int, str]:
    """Index -> full name for the (cleaned name, start, title gender) PERSON mentions of one document."""
    document = DocumentPeople(list(people.values()))
    return {index: document.alias(name, gender) for index, (name, _start, gender) in people.items()}
