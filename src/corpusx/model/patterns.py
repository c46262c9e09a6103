"""spaCy component for the span patterns of `models/patterns.jsonl` (money amounts, datelines).

The patterns name word sets by placeholder (`"$magnitudes"` for a token's list, `{$magnitudes}` inside a
regular expression): the currency vocabulary of `models/currencies.tsv` and `models/magnitudes.tsv` (see
`values.currencies`) and the calendar's month and weekday names (`values.calendar_math`).
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from corpusx.lexicon import Lexicon, LexiconComponent
from corpusx.values import calendar_math
from corpusx.values.currencies import CURRENCIES_FILE, MAGNITUDES_FILE, Currencies

PATTERNS_FILE = "patterns.jsonl"
DIGIT = re.compile(r"\d")
PLACEHOLDER = re.compile(r"\{\$(\w+)\}")


@Language.factory("corpusx_patterns")
def make_number_patterns(nlp: Language, name: str) -> NumberPatterns:
    """Create the pattern-rule component with the patterns shipped in `models/`."""
    return NumberPatterns(nlp, name, Lexicon.default())


class NumberPatterns(LexiconComponent):
    """The span patterns of `models/patterns.jsonl` (money amounts, datelines), as an entity ruler
    whose matches overwrite the model's spans.

    While every pattern needs a number token (a digit, or a number word like "two"), a text
    with none is passed on untouched: the matcher would find nothing there, and it costs
    about 5% of a run.
    """

    FILES = (PATTERNS_FILE, CURRENCIES_FILE, MAGNITUDES_FILE)

    def __init__(self, nlp: Language, name: str, lexicon: Lexicon) -> None:
        """The ruler of the patterns in `lexicon`."""
        self.nlp, self.name = nlp, name
        super().__init__(lexicon)

    def load(self, lexicon: Lexicon) -> None:
        """Build the ruler, the currency placeholders expanded."""
        super().load(lexicon)
        sets = pattern_sets(lexicon)
        self.ruler = EntityRuler(self.nlp, self.name, overwrite_ents=True, validate=True)
        self.ruler.add_patterns([expand_placeholders(pattern, sets) for pattern in lexicon.records(PATTERNS_FILE)])
        self.needs_number = all(any(_is_number_token(token) for token in p["pattern"]) for p in self.ruler.patterns)

    def __call__(self, doc: Doc) -> Doc:
        if self.needs_number and not (DIGIT.search(doc.text) or any(token.like_num for token in doc)):
            return doc
        return self.ruler(doc)


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


def _is_number_token(token: Any) -> bool:
    """A pattern token that only a number matches: LIKE_NUM, IS_DIGIT, a digit shape, or a REGEX with
    a digit class (taken on trust: write `\\d` in a regex only where a digit is required)."""
    if isinstance(token, str) or token.get("OP") in ("?", "*", "!"):
        return False
    shape, text = token.get("SHAPE"), token.get("TEXT")
    return (
        token.get("LIKE_NUM") is True
        or token.get("IS_DIGIT") is True
        or (isinstance(shape, str) and set(shape) <= set("d,."))
        or (isinstance(shape, dict) and all(set(value) <= set("d,.") for value in shape.get("IN", ["x"])))
        or (isinstance(text, dict) and "\\d" in str(text.get("REGEX", "")))  # a regex with a digit class
    )
