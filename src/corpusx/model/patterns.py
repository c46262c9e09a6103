"""spaCy component for the span patterns of `models/patterns.jsonl` (money amounts, datelines).

The patterns name word sets by placeholder (`"$magnitudes"` for a token's list, `{$magnitudes}` inside a
regular expression): the currency vocabulary of `models/currencies.tsv` and `models/magnitudes.tsv` (see
`values.currencies`) and the calendar's month and weekday names (`values.calendar_math`).

spaCy's matcher checks a word set (`{"IN": [...]}`) or a regular expression in Python, on every token
it tries; a word's spelling fixes its ORTH, LOWER and SHAPE, so those tests become lexeme flags here
(`lexeme_flags`), set once per word in the vocabulary and checked in C: the ruler runs three times faster.
The same flags, read once per word, say which texts no pattern can match (`Prefilter`): most lines have
no currency word, symbol or weekday, and the matcher is not run on them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.attrs import IDS, ORTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc
from spacy.vocab import Vocab

from corpusx.lexicon import Lexicon, LexiconComponent
from corpusx.values import calendar_math
from corpusx.values.currencies import CURRENCIES_FILE, MAGNITUDES_FILE, Currencies

PATTERNS_FILE = "patterns.jsonl"
PLACEHOLDER = re.compile(r"\{\$(\w+)\}")
#: The lexeme attributes a flag can stand for: those a word's spelling alone decides.
SPELLING_ATTRIBUTES = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "SHAPE": "SHAPE"}
#: The flag bits spaCy leaves to users (`FLAG19` to `FLAG63`).
USER_FLAGS = range(19, 64)
#: Attribute ids below this are lexeme flags (`IS_ALPHA` ... `LIKE_NUM` ... `FLAG63`), which `Lexeme.check_flag` reads.
FLAG_LIMIT = 64
#: Operators under which a pattern token is in every match (no operator: once).
REQUIRED_OPERATORS = (None, "+")
#: The words whose passed tests `Prefilter` keeps (then it starts again empty).
PREFILTER_WORDS = 50_000


@Language.factory("corpusx_patterns")
def make_number_patterns(nlp: Language, name: str) -> NumberPatterns:
    """Create the pattern-rule component with the patterns shipped in `models/`."""
    return NumberPatterns(nlp, name, Lexicon.default())


class NumberPatterns(LexiconComponent):
    """The span patterns of `models/patterns.jsonl` (money amounts, datelines), as an entity ruler
    whose matches overwrite the model's spans; a text that no pattern can match (`Prefilter`) is
    passed on untouched."""

    FILES = (PATTERNS_FILE, CURRENCIES_FILE, MAGNITUDES_FILE)

    def __init__(self, nlp: Language, name: str, lexicon: Lexicon) -> None:
        """The ruler of the patterns in `lexicon`."""
        self.nlp, self.name = nlp, name
        super().__init__(lexicon)

    def load(self, lexicon: Lexicon) -> None:
        """Build the ruler, the currency placeholders expanded."""
        super().load(lexicon)
        patterns = expanded_patterns(lexicon)
        checker = Matcher(self.nlp.vocab, validate=True)  # the file's patterns as written, with spaCy's messages
        for pattern in patterns:
            checker.add(pattern["label"], [pattern["pattern"]])
        flagged = [{**p, "pattern": lexeme_flags(p["pattern"], self.nlp.vocab)} for p in patterns]
        self.prefilter = Prefilter([p["pattern"] for p in flagged], self.nlp.vocab)
        self.ruler = EntityRuler(self.nlp, self.name, overwrite_ents=True, validate=False)
        self.ruler.add_patterns(flagged)

    def __call__(self, doc: Doc) -> Doc:
        return self.ruler(doc) if self.prefilter.may_match(doc) else doc


class Prefilter:
    """Whether a doc has, for some pattern, a token for each token test the pattern cannot do without.

    Only a pattern token's lexeme-flag tests are looked at (`{"LIKE_NUM": true}`, `{"FLAG20": true}`,
    what `lexeme_flags` made of a word set or regex); a pattern with none can match anywhere. A doc
    that fails has no match: the test is necessary, never sufficient. The tests are numbered, and
    which of them a word passes is read from its lexeme once and kept as a bit set, for at most
    `PREFILTER_WORDS` words; a doc passes the tests of its words' bits together.
    """

    def __init__(self, patterns: list[list[dict[str, Any]] | str], vocab: Vocab) -> None:
        """The token tests of the patterns, and as a bit set over them the ones each pattern needs."""
        required = [_required_flags(pattern) for pattern in patterns]
        self.tests = sorted({test for tests in required for test in tests}, key=sorted)
        bit = {test: 1 << number for number, test in enumerate(self.tests)}
        self.needs = [sum(bit[test] for test in set(tests)) for tests in required]
        self.anywhere = not all(self.needs)  # a pattern that requires no flag
        self.vocab = vocab
        self._passed: dict[int, int] = {}

    def may_match(self, doc: Doc) -> bool:
        """False when no pattern can match in `doc`."""
        if self.anywhere:
            return True
        known, passed = self._passed, 0
        for orth in set(doc.to_array(ORTH).tolist()):
            passed |= known[orth] if orth in known else self._word_passes(orth)
        return any(needs & passed == needs for needs in self.needs)

    def _word_passes(self, orth: int) -> int:
        """The bits of the tests that the word `orth` passes."""
        if len(self._passed) >= PREFILTER_WORDS:
            self._passed.clear()
        lexeme = self.vocab[orth]
        passes = sum(1 << number for number, test in enumerate(self.tests) if all(map(lexeme.check_flag, test)))
        self._passed[orth] = passes
        return passes


def _required_flags(pattern: list[dict[str, Any]] | str) -> list[frozenset[int]]:
    """Per token a match must have, the lexeme flags it requires to be true (tokens requiring none, and
    phrase patterns, left out)."""
    tokens = []
    for token in [] if isinstance(pattern, str) else pattern:
        if token.get("OP") not in REQUIRED_OPERATORS:
            continue
        flags = frozenset(
            IDS[key.upper()]
            for key, value in token.items()
            if value is True and IDS.get(key.upper(), FLAG_LIMIT) < FLAG_LIMIT
        )
        if flags:
            tokens.append(flags)
    return tokens


@dataclass(frozen=True)
class LexemeFlag:
    """Whether a word's attribute `attribute` (its value by `getter`, the word itself if None) is one of
    `words`, or has a match of `regex`: what the matcher's `IN` and `REGEX` predicates test."""

    attribute: int
    getter: Callable[[str], str] | None
    words: frozenset[str] = frozenset()
    regex: str | None = None

    def __call__(self, word: str) -> bool:
        value = word if self.getter is None else self.getter(word)
        return value in self.words if self.regex is None else re.search(self.regex, value) is not None


def lexeme_flags(pattern: list[dict[str, Any]], vocab: Vocab) -> list[dict[str, Any]]:
    """The token pattern with each word-set and regex test of a spelling attribute replaced by a lexeme flag
    of `vocab` that means the same (`{"FLAG19": True}`), while flags are free; other tests are kept."""
    return [dict(_flag_test(key, value, vocab) for key, value in token.items()) for token in pattern]


def _flag_test(key: str, value: Any, vocab: Vocab) -> tuple[str, Any]:
    attribute = SPELLING_ATTRIBUTES.get(key.upper())
    if attribute is None or not isinstance(value, dict) or len(value) != 1 or not ({"IN", "REGEX"} & value.keys()):
        return key, value
    getter = _lexeme_getters(vocab).get(IDS[attribute])
    if "IN" in value:
        flag = LexemeFlag(IDS[attribute], getter, words=frozenset(value["IN"]))
    else:
        flag = LexemeFlag(IDS[attribute], getter, regex=value["REGEX"])
    flag_id = _flag_id(vocab, flag)
    return (f"FLAG{flag_id}", True) if flag_id else (key, value)


def _flag_id(vocab: Vocab, flag: LexemeFlag) -> int | None:
    """The bit of `flag` in `vocab`: the one it already has, else a free one (None when none is left)."""
    getters = _lexeme_getters(vocab)
    taken = [bit for bit in USER_FLAGS if getters.get(bit) == flag]
    free = [bit for bit in USER_FLAGS if bit not in getters]
    if taken or free:
        return taken[0] if taken else vocab.add_flag(flag, free[0])
    return None


def expanded_patterns(lexicon: Lexicon) -> list[dict[str, Any]]:
    """The records of the lexicon's `patterns.jsonl`, every placeholder replaced by its word set."""
    sets = pattern_sets(lexicon)
    return [expand_placeholders(pattern, sets) for pattern in lexicon.records(PATTERNS_FILE)]


def pattern_sets(lexicon: Lexicon) -> dict[str, list[str]]:
    """The word sets patterns may name, by placeholder name: the currency vocabulary and the calendar's names."""
    return {**Currencies.from_lexicon(lexicon).pattern_sets(), **calendar_math.PATTERN_SETS}


def expand_placeholders(pattern: Any, sets: dict[str, list[str]]) -> Any:
    """`pattern` (a spaCy token pattern or part of one) with every placeholder replaced by its set."""
    if isinstance(pattern, list):
        return [expand_placeholders(item, sets) for item in pattern]
    if isinstance(pattern, dict):
        return {key: expand_placeholders(value, sets) for key, value in pattern.items()}
    if isinstance(pattern, str) and pattern.startswith("$") and pattern[1:] in sets:
        return sets[pattern[1:]]
    if isinstance(pattern, str):
        return PLACEHOLDER.sub(lambda match: "|".join(map(re.escape, sets[match[1]])), pattern)
    return pattern


def _lexeme_getters(vocab: Any) -> dict[int, Callable[[str], Any]]:
    """The functions `vocab` sets each new lexeme's attributes and flags with (not in spaCy's type stubs)."""
    return vocab.lex_attr_getters
