"""Normalise MONEY mention texts into an amount (or a range) and an ISO 4217 currency.

``normalize_money("up to $1.13bn")`` gives ``{"amount": 1130000000.0, "currency": "USD"}``;
``normalize_money("between 5 and 10 million euros")`` gives
``{"min": 5000000.0, "max": 10000000.0, "currency": "EUR"}``.

How a text is read:

1. Number words become digits ("twenty-five million" -> "25 million",
   "half a billion" -> "0.5 billion", "a million" -> "1 million").
2. One compiled regex cuts the text into tokens: currency symbols, ISO codes,
   currency words, sub-unit words (cents, pence), numbers, magnitudes, range
   separators, "between", percent signs and other words.
3. Every number is read as an amount: an optional currency symbol or code before it,
   magnitudes after it ("1.13bn", "1 lakh crore"), then an optional currency word or
   code. Two amounts joined by a dash, "to", or "and" after "between" form a range;
   a magnitude written once ("$1-2 billion") applies to both ends.
4. The first amount with its own currency wins, else the first amount; numbers
   followed by a percent sign are not amounts. An amount whose currency is not written
   next to it takes the first unambiguous currency elsewhere in the text, and None when
   the text names none: the currency is never guessed.

Choices worth knowing:

- Bare "$" is USD and bare "¥" is JPY; bare "cents" are US cents and bare "pence" or
  "p" are British pence.
- Bare "francs", "pesos", "lira", "dirhams" and "riyals" name several currencies, so they
  give currency None; "Swiss francs", "Mexican pesos", "Turkish lira"... are resolved.
- "won", "rand", "real" and "dong" are also ordinary words, so they only count when
  written right after the amount ("3 billion won").
- Arithmetic is done in Decimal, so "$1.4 billion" is exactly 1400000000.0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import Context, Decimal
from typing import NamedTuple

from corpusx.lexicon import Lexicon
from corpusx.values.currencies import Currencies

_TABLES = Currencies.from_lexicon(Lexicon.default())
#: Currency symbols, matched case-sensitively and written before the number.
CURRENCY_SYMBOLS: dict[str, str] = _TABLES.symbols
#: ISO 4217 codes (and aliases such as RMB), matched case-sensitively before or after the number.
ISO_CODES: dict[str, str] = _TABLES.codes
#: Currency words, matched case-insensitively and written after the number.
CURRENCY_WORDS: dict[str, str] = _TABLES.words
#: Words that are currencies only when written right after an amount ("3 billion won").
ADJACENT_ONLY_CURRENCY_WORDS: frozenset[str] = _TABLES.adjacent_only
#: Hundredth-of-a-unit words, written after the number: "50 cents" is 0.50 USD.
SUBUNIT_WORDS: dict[str, str] = _TABLES.subunits
SUBUNIT_FACTOR = Decimal("0.01")
#: Magnitude words and abbreviations, case-insensitive, attached ("1.13bn") or separate.
MAGNITUDES: dict[str, Decimal] = _TABLES.magnitudes
#: Magnitudes spelled out, the ones that may follow a number word ("half a billion").
MAGNITUDE_WORDS: tuple[str, ...] = _TABLES.spelled_magnitudes

CARDINAL_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip

FRACTION_WORDS: dict[str, Decimal] = {"half": Decimal("0.5"), "quarter": Decimal("0.25")}

DASHES = "-‐‑‒–—−"
_DASH = re.escape(DASHES)  # for use inside a character class

_LETTER = r"[^\W\d_]"


def _alternation(phrases: Iterable[str]) -> str:
    """Regex alternation of phrases, longest first, any run of spaces matching any whitespace.

    A lookahead on the phrases' first characters lets the regex skip the whole
    alternation quickly at positions where none of them can start.
    """
    ordered = sorted(phrases, key=len, reverse=True)
    first_characters = "".join(sorted({phrase[0] for phrase in ordered}))
    branches = "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in ordered)
    return f"(?=[{re.escape(first_characters)}])(?:{branches})"


def _symbol_pattern(symbol: str) -> str:
    """Regex for one currency symbol; lettered symbols must stand alone and precede a digit."""
    pattern = re.escape(symbol)
    if symbol[0].isalpha():
        pattern = rf"(?<![A-Za-z]){pattern}"
    if symbol[-1].isalnum() or symbol[-1] == ".":
        pattern = rf"{pattern}(?=\s?\d)"
    return pattern


_CARDINAL = _alternation(word for word in CARDINAL_WORDS if word not in {"a", "an"})
_MAGNITUDE_WORD = _alternation(MAGNITUDE_WORDS)
_SYMBOL = "(?=[{}])(?:{})".format(
    re.escape("".join(sorted({symbol[0] for symbol in CURRENCY_SYMBOLS}))),
    "|".join(_symbol_pattern(s) for s in sorted(CURRENCY_SYMBOLS, key=len, reverse=True)),
)

_NUMBER_WORDS_RE = re.compile(
    rf"""\b(?:
        (?P<cardinal>(?:an?\s+hundred|{_CARDINAL})
            (?:(?:[\s{_DASH}]+|(?<=hundred)\s+and\s+)(?:{_CARDINAL}|hundred))*)
            (?:\s+and\s+an?\s+(?P<plus_fraction>half|quarter))?
        |(?:an?\s+)?(?P<fraction>half|quarter)(?:\s+of)?(?:\s+an?)?(?=\s+(?:{_MAGNITUDE_WORD})\b)
        |(?P<article>an?)(?=\s+(?:{_MAGNITUDE_WORD})\b)
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)

_TOKEN_RE = re.compile(
    rf"""
    (?P<number>\d{{1,3}}(?:,\d{{2,3}})*,\d{{3}}(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
    |(?P<symbol>(?-i:{_SYMBOL}))
    |(?P<code>(?-i:(?<![A-Za-z])(?:{_alternation(ISO_CODES)})(?![A-Za-z])))
    |(?P<percent>%|(?<!{_LETTER})(?:per\s?cent|pct)(?!{_LETTER}))
    |(?P<subunit>(?<!{_LETTER})(?:{_alternation(SUBUNIT_WORDS)})(?!{_LETTER}))
    |(?P<currency>(?<!{_LETTER})(?:{_alternation(CURRENCY_WORDS)})(?!{_LETTER}))
    |(?P<magnitude>(?<!{_LETTER})(?:{_alternation(MAGNITUDES)})(?!{_LETTER}))
    |(?P<separator>[{_DASH}]|(?<!{_LETTER})(?:to|and)(?!{_LETTER}))
    |(?P<between>(?<!{_LETTER})between(?!{_LETTER}))
    |(?P<word>{_LETTER}+)
    """,
    re.IGNORECASE | re.VERBOSE,
)

_DECIMAL = Context(prec=28, traps=[])


class _Token(NamedTuple):
    kind: str
    text: str


class _Amount(NamedTuple):
    number: Decimal
    multiplier: Decimal | None  # None when the number carries no magnitude or sub-unit
    currency: str | None
    end: int  # index of the first token after the amount


def _key(text: str) -> str:
    """Lower-case text with whitespace runs collapsed, as the tables spell their keys."""
    return " ".join(text.lower().split())


def _cardinal_value(phrase: str) -> Decimal:
    """Value of a run of cardinal words such as "two hundred and fifty" or "twenty-five"."""
    total = 0
    for word in re.split(rf"[\s{_DASH}]+", phrase.lower()):
        if word == "hundred":
            total = (total or 1) * 100
        elif word != "and":
            total += CARDINAL_WORDS[word]
    return Decimal(total)


def _number_words_to_digits(match: re.Match[str]) -> str:
    """Replacement for one number-word phrase: its value written in digits."""
    if match["cardinal"]:
        value = _cardinal_value(match["cardinal"])
        if match["plus_fraction"]:
            value += FRACTION_WORDS[match["plus_fraction"].lower()]
        return str(value)
    if match["fraction"]:
        return str(FRACTION_WORDS[match["fraction"].lower()])
    return "1"


def _tokenize(text: str) -> list[_Token]:
    """Cut text (number words already turned into digits) into money tokens."""
    return [_Token(match.lastgroup or "word", match.group()) for match in _TOKEN_RE.finditer(text)]


def _prefix_currency(token: _Token) -> str | None:
    """ISO code of a currency written before a number, or None."""
    if token.kind == "symbol":
        return CURRENCY_SYMBOLS[token.text]
    if token.kind == "code":
        return ISO_CODES[token.text]
    return None


def _read_amount(tokens: list[_Token], index: int) -> _Amount | None:
    """Read "[symbol|code] number [magnitudes] [currency word|code|sub-unit]" at index."""
    currency = _prefix_currency(tokens[index])
    if currency is not None:
        index += 1
    if index >= len(tokens) or tokens[index].kind != "number":
        return None
    number = Decimal(tokens[index].text.replace(",", ""))
    index += 1
    multiplier: Decimal | None = None
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "magnitude":
            multiplier = _DECIMAL.multiply(multiplier or Decimal(1), MAGNITUDES[token.text.lower()])
        elif not (
            # "$20-million": a dash between the number and its first magnitude
            token.kind == "separator"
            and token.text in DASHES
            and multiplier is None
            and index + 1 < len(tokens)
            and tokens[index + 1].kind == "magnitude"
        ):
            break
        index += 1
    if index < len(tokens):
        token = tokens[index]
        if token.kind == "subunit":
            multiplier = _DECIMAL.multiply(multiplier or Decimal(1), SUBUNIT_FACTOR)
            currency = currency or SUBUNIT_WORDS[_key(token.text)]
            index += 1
        elif token.kind == "currency":
            currency = currency or CURRENCY_WORDS[_key(token.text)]
            index += 1
        elif token.kind == "code":
            currency = currency or ISO_CODES[token.text]
            index += 1
    return _Amount(number, multiplier, currency, index)


def _value(number: Decimal, multiplier: Decimal | None) -> float:
    """Number times multiplier, as a float (may be inf for absurdly long digit strings)."""
    return float(_DECIMAL.multiply(number, multiplier or Decimal(1)))


def _is_percent(tokens: list[_Token], index: int) -> bool:
    """True when the token at index is a percent sign or word."""
    return index < len(tokens) and tokens[index].kind == "percent"


def _candidates(tokens: list[_Token]) -> list[tuple[tuple[float, ...], str | None]]:
    """Every amount or range in the tokens, as (values, currency written with it)."""
    found: list[tuple[tuple[float, ...], str | None]] = []
    between_seen = False
    index = 0
    while index < len(tokens):
        between_seen = between_seen or tokens[index].kind == "between"
        first = _read_amount(tokens, index)
        if first is None:
            index += 1
            continue
        index = first.end
        if _is_percent(tokens, index):
            index += 1
            continue
        second = None
        if (
            index < len(tokens) - 1
            and tokens[index].kind == "separator"
            and (tokens[index].text.lower() != "and" or between_seen)
        ):
            second = _read_amount(tokens, index + 1)
        if second is not None and _is_percent(tokens, second.end):
            index = second.end + 1
            continue
        if second is None:
            values: tuple[float, ...] = (_value(first.number, first.multiplier),)
            currency = first.currency
        else:
            index = second.end
            low_multiplier = first.multiplier
            if low_multiplier is None and first.number <= second.number:
                low_multiplier = second.multiplier
            values = tuple(
                sorted(
                    (
                        _value(first.number, low_multiplier),
                        _value(second.number, second.multiplier),
                    )
                )
            )
            currency = first.currency or second.currency
        if all(math.isfinite(value) for value in values):
            found.append((values, currency))
    return found


def _currency_named_anywhere(tokens: list[_Token]) -> str | None:
    """The first currency in the tokens that means money even away from a number."""
    for token in tokens:
        if token.kind in {"symbol", "code"}:
            return _prefix_currency(token)
        if token.kind == "currency" and _key(token.text) not in ADJACENT_ONLY_CURRENCY_WORDS:
            return CURRENCY_WORDS[_key(token.text)]
    return None


def normalize_money(text: str) -> dict | None:
    """Return {"amount", "currency"} or {"min", "max", "currency"} for a MONEY text, or None.

    The currency is an ISO 4217 code, or None when the text names no currency (or an
    ambiguous one such as bare "francs"). Returns None when the text holds no amount;
    never raises.
    """
    if not isinstance(text, str) or not text:
        return None
    tokens = _tokenize(_NUMBER_WORDS_RE.sub(_number_words_to_digits, text))
    candidates = _candidates(tokens)
    if not candidates:
        return None
    values, currency = next((candidate for candidate in candidates if candidate[1] is not None), candidates[0])
    if currency is None:
        currency = _currency_named_anywhere(tokens)
    if len(values) == 1:
        return {"amount": values[0], "currency": currency}
    return {"min": values[0], "max": values[1], "currency": currency}
