"""Acronyms: the ones a text defines in parentheses, the initials of a document's own long names, and a
curated table of well-known short forms (`models/acronyms.tsv`)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from types import MappingProxyType

from corpusx.lexicon import Lexicon
from corpusx.names.keys import clean_name, collapse_whitespace, name_key

ACRONYMS_FILE = "acronyms.tsv"
PARENTHESIS_RE = re.compile(r"\(([^()]{1,150})\)")
WORD_RE = re.compile(r"\S+")
ACRONYM_RE = re.compile(r"[A-Z][A-Za-z&]{1,9}")
CLAUSE_END_RE = re.compile(r"[,;:.!?\"”)\]]$")
EDGE_PUNCTUATION = "\"'“”‘’"
#: A capitalised word this short may be an acronym written like a name ("Nato", "Unesco").
MAX_NAME_LIKE_ACRONYM = 6
#: An acronym written like a name has at least this many letters: "(Dr)" after two words is none.
MIN_NAME_LIKE_ACRONYM = 3
#: The texts whose acronym definitions are remembered (`acronym_definitions`).
DEFINITIONS_CACHE_SIZE = 8

#: Small words that an acronym may skip ("Department of Defense (DoD)", "Securities and ... (SEC)").
ACRONYM_SKIPPABLE_WORDS = frozenset(
    {"a", "an", "and", "at", "de", "des", "du", "for", "in", "la", "le", "of", "on", "the", "to", "&"}
)


def is_acronym(word: str) -> bool:
    """True for 2-10 letters starting with a capital and holding at least two ("NHA", "DoD")."""
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


@lru_cache(maxsize=DEFINITIONS_CACHE_SIZE)
def acronym_definitions(text: str) -> Mapping[str, str]:
    """Acronyms the text defines, as "Long Form (ACRONYM)" or "ACRONYM (Long Form)", to their long form; in
    brackets an acronym may be written like a name ("Lundish Trade Agency (Lta)").

    An acronym defined with two different long forms is ambiguous and left out. The few texts
    asked last are remembered (a document's votes, terms and names all ask).
    """
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for parenthesis in PARENTHESIS_RE.finditer(text):
        inside = collapse_whitespace(parenthesis.group(1))
        before_end = _end_before_space(text, parenthesis.start())
        if is_acronym(inside) or (looks_like_acronym(inside) and len(inside) >= MIN_NAME_LIKE_ACRONYM):
            long_form = _long_form_before(text, before_end, inside)
            if long_form:
                found[inside].setdefault(name_key(long_form), long_form)
            continue
        word_start = before_end
        while word_start > 0 and not text[word_start - 1].isspace():
            word_start -= 1
        previous_word = text[word_start:before_end]
        long_words = [word.strip(EDGE_PUNCTUATION) for word in inside.split()]
        if (
            is_acronym(previous_word)
            and long_words
            and long_words[0].casefold() not in ACRONYM_SKIPPABLE_WORDS
            and _initials_match(long_words, _acronym_letters(previous_word))
        ):
            found[previous_word].setdefault(name_key(inside), inside)
    return MappingProxyType(
        {acronym: next(iter(long_forms.values())) for acronym, long_forms in found.items() if len(long_forms) == 1}
    )


def _end_before_space(text: str, end: int) -> int:
    """Where `text[:end].rstrip()` ends, without copying the text."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def looks_like_acronym(word: str) -> bool:
    """True for an acronym ("NHA") or one written like a name, a capital then 2-5 lower-case letters ("Nato")."""
    return is_acronym(word) or (
        len(word) <= MAX_NAME_LIKE_ACRONYM and word[:1].isupper() and word[1:].isalpha() and word[1:].islower()
    )


def initials_spell(name: str, acronym: str, skippable_first: frozenset[str] = frozenset()) -> bool:
    """True when the words of `name` spell `acronym` (casefolded); a first word in `skippable_first` may be left out.

    At least two words must remain ("General Dynamics" -> "GD", "US Trade Board" -> "TB" when "US" is skippable).
    """
    words = [word.strip(EDGE_PUNCTUATION + ",") for word in name.split()]
    letters = _acronym_letters(acronym)
    if len(words) < 2 or len(letters) < 2:
        return False
    if _initials_match(words, letters):
        return True
    return len(words) > 2 and words[0].casefold() in skippable_first and _initials_match(words[1:], letters)


@cache
def acronym_table() -> dict[str, tuple[str, ...]]:
    """The curated table: short form -> its long forms, from `models/acronyms.tsv`."""
    return read_acronym_table(Lexicon.default().files[ACRONYMS_FILE].splitlines())


def read_acronym_table(lines: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Parse tab-separated lines (short form, long forms...); `#` comment and blank lines are skipped."""
    table: dict[str, tuple[str, ...]] = {}
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        short, *long_forms = (field.strip() for field in line.split("\t"))
        table[short] = tuple(long_form for long_form in long_forms if long_form)
    return table


def table_entry(short: str, table: Mapping[str, Sequence[str]]) -> Sequence[str]:
    """The long forms `table` gives for `short`, or, when `short` is written in capitals, for the entry it
    spells ("NATO" finds "Nato"; a capitalised "Who" never finds "WHO")."""
    if short in table:
        return table[short]
    if short.isupper():
        return next((forms for entry, forms in table.items() if entry.upper() == short), ())
    return ()


def table_long_forms_in_text(text: str, shorts: Iterable[str], table: Mapping[str, Sequence[str]]) -> list[str]:
    """For each of `shorts` in `table`, its one long form the text writes as whole words, when it writes one.

    A long form inside another one written ("Federal Reserve" in "Federal Reserve Board") does not count apart.
    """
    found = []
    for short in sorted(set(shorts)):
        written = {form for form in table_entry(short, table) if re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text)}
        outermost = {form for form in written if not any(form != other and form in other for other in written)}
        if len(outermost) == 1:
            found.append(outermost.pop())
    return found


def table_long_form(acronym: str, names: Mapping[str, str], table: Mapping[str, Sequence[str]]) -> str | None:
    """The one name of `names` (name key -> name) that `table` gives as a long form of `acronym`, or None."""
    found = {names[name_key(long_form)] for long_form in table_entry(acronym, table) if name_key(long_form) in names}
    return found.pop() if len(found) == 1 else None
