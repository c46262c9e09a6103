"""The currency vocabulary, one table for the MONEY value parser and the MONEY span patterns.

`models/currencies.tsv` lists currency symbols, codes, words and sub-unit words with their ISO
4217 currency; `models/magnitudes.tsv` the magnitude words and abbreviations. `money.py` reads
amounts with them, and the MONEY patterns of `models/patterns.jsonl` name these sets by
placeholder (`"$magnitudes"`), expanded here, so the two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from corpusx.lexicon import Lexicon

CURRENCIES_FILE = "currencies.tsv"
MAGNITUDES_FILE = "magnitudes.tsv"
#: A placeholder in a pattern: a whole string value naming a word set ("$magnitudes"), or a
#: `{$name}` inside a REGEX, replaced by an alternation of that set.


@dataclass(frozen=True)
class Currencies:
    """Currency symbols, codes, words and sub-units (text -> ISO 4217), and magnitudes (word -> multiplier).

    `ambiguous` words name several currencies ("pesos"): MONEY spans whose currency stays unknown.
    """

    symbols: dict[str, str]
    codes: dict[str, str]
    words: dict[str, str]
    adjacent_only: frozenset[str]
    after_magnitude: frozenset[str]
    ambiguous: frozenset[str]
    subunits: dict[str, str]
    magnitudes: dict[str, Decimal]
    spelled_magnitudes: tuple[str, ...]

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon) -> Currencies:
        """The tables of `lexicon`."""
        kinds = ("symbol", "code", "word", "adjacent-word", "after-magnitude", "ambiguous", "subunit")
        by_kind: dict[str, dict[str, str]] = {kind: {} for kind in kinds}
        for kind, text, currency in lexicon.rows(CURRENCIES_FILE):
            by_kind[kind][text] = currency
        magnitudes = lexicon.rows(MAGNITUDES_FILE)
        return cls(
            symbols=by_kind["symbol"],
            codes=by_kind["code"],
            words=by_kind["word"] | by_kind["adjacent-word"] | by_kind["after-magnitude"],
            adjacent_only=frozenset(by_kind["adjacent-word"]) | frozenset(by_kind["after-magnitude"]),
            ambiguous=frozenset(by_kind["ambiguous"]),
            after_magnitude=frozenset(by_kind["after-magnitude"]),
            subunits=by_kind["subunit"],
            magnitudes={word: Decimal(10) ** int(power) for word, power, _ in magnitudes},
            spelled_magnitudes=tuple(word for word, _, spelled in magnitudes if spelled == "yes"),
        )

    def pattern_sets(self) -> dict[str, list[str]]:
        """The word sets MONEY patterns may name, by placeholder name."""
        return {
            "currency_symbols": sorted(self.symbols),
            "currency_codes": sorted(self.codes),
            # the last word of each currency word, as a token pattern sees it ("dollars"), and the
            # plural sub-units: a singular one is as often a name ("50 Cent", "Penny")
            "currency_words": sorted(
                ({phrase.split()[-1] for phrase in self.words} - self.after_magnitude)
                | self.ambiguous
                | {phrase.split()[-1] for phrase in self.subunits if phrase.endswith(("s", "pence"))}
            ),
            "currency_words_after_magnitude": sorted(self.after_magnitude),
            "magnitudes": sorted(self.magnitudes),
            # abbreviations written onto the number: "1.13bn", "5k"
            "attached_magnitudes": sorted(
                word for word in self.magnitudes if word not in self.spelled_magnitudes and len(word) <= 3
            ),
        }
