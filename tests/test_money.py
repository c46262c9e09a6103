"""Tests for corpusx.values.money: MONEY mention texts to amounts, ranges and ISO currencies."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusx.values.money import (
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    ISO_CODES,
    MAGNITUDES,
    normalize_money,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # symbols
        ("$1.4 billion", {"amount": 1400000000.0, "currency": "USD"}),
        ("$500 billion", {"amount": 500000000000.0, "currency": "USD"}),
        ("US$20", {"amount": 20.0, "currency": "USD"}),
        ("$US5m", {"amount": 5000000.0, "currency": "USD"}),
        ("€3 million", {"amount": 3000000.0, "currency": "EUR"}),
        ("£1,500", {"amount": 1500.0, "currency": "GBP"}),
        ("¥500", {"amount": 500.0, "currency": "JPY"}),
        ("₹1 lakh crore", {"amount": 1000000000000.0, "currency": "INR"}),
        ("Rs 10 crore", {"amount": 100000000.0, "currency": "INR"}),
        ("Rs.10 crore", {"amount": 100000000.0, "currency": "INR"}),
        ("₩5,000", {"amount": 5000.0, "currency": "KRW"}),
        # regional dollars
        ("HK$3.5 million", {"amount": 3500000.0, "currency": "HKD"}),
        ("A$2bn", {"amount": 2000000000.0, "currency": "AUD"}),
        ("AU$2bn", {"amount": 2000000000.0, "currency": "AUD"}),
        ("C$40m", {"amount": 40000000.0, "currency": "CAD"}),
        ("CA$40m", {"amount": 40000000.0, "currency": "CAD"}),
        ("S$1.2bn", {"amount": 1200000000.0, "currency": "SGD"}),
        ("NZ$15", {"amount": 15.0, "currency": "NZD"}),
        ("300 Canadian dollars", {"amount": 300.0, "currency": "CAD"}),
        ("1.33bn Australian dollars", {"amount": 1330000000.0, "currency": "AUD"}),
        ("8 billion Hong Kong dollars", {"amount": 8000000000.0, "currency": "HKD"}),
        ("20 Singapore dollars", {"amount": 20.0, "currency": "SGD"}),
        ("5 million US dollars", {"amount": 5000000.0, "currency": "USD"}),
        # currency words
        ("2 trillion won", {"amount": 2000000000000.0, "currency": "KRW"}),
        ("5 billion yuan", {"amount": 5000000000.0, "currency": "CNY"}),
        ("3 bn renminbi", {"amount": 3000000000.0, "currency": "CNY"}),
        ("1.5bn yen", {"amount": 1500000000.0, "currency": "JPY"}),
        ("100,000 euros", {"amount": 100000.0, "currency": "EUR"}),
        ("800m euro", {"amount": 800000000.0, "currency": "EUR"}),
        ("40 pounds", {"amount": 40.0, "currency": "GBP"}),
        ("£5bn sterling", {"amount": 5000000000.0, "currency": "GBP"}),
        ("1.5 lakh rupees", {"amount": 150000.0, "currency": "INR"}),
        ("3 billion rubles", {"amount": 3000000000.0, "currency": "RUB"}),
        ("3 billion roubles", {"amount": 3000000000.0, "currency": "RUB"}),
        ("10 Swiss francs", {"amount": 10.0, "currency": "CHF"}),
        ("6.5 billion reais", {"amount": 6500000000.0, "currency": "BRL"}),
        ("6.8bn rand", {"amount": 6800000000.0, "currency": "ZAR"}),
        # ISO codes before or after the number
        ("EUR 5 billion", {"amount": 5000000000.0, "currency": "EUR"}),
        ("5 billion USD", {"amount": 5000000000.0, "currency": "USD"}),
        ("USD5bn", {"amount": 5000000000.0, "currency": "USD"}),
        ("RMB 30 million", {"amount": 30000000.0, "currency": "CNY"}),
        ("CHF 12m", {"amount": 12000000.0, "currency": "CHF"}),
        # magnitudes, attached or separate, any case
        ("£600m", {"amount": 600000000.0, "currency": "GBP"}),
        ("$639m", {"amount": 639000000.0, "currency": "USD"}),
        ("$1.13bn", {"amount": 1130000000.0, "currency": "USD"}),
        ("$1.13BN", {"amount": 1130000000.0, "currency": "USD"}),
        ("$3 mn", {"amount": 3000000.0, "currency": "USD"}),
        ("$2tn", {"amount": 2000000000000.0, "currency": "USD"}),
        ("$50k", {"amount": 50000.0, "currency": "USD"}),
        ("$5B", {"amount": 5000000000.0, "currency": "USD"}),
        ("$20-million", {"amount": 20000000.0, "currency": "USD"}),
        ("$2.58 trillion", {"amount": 2580000000000.0, "currency": "USD"}),
        ("20,479.5bn yen", {"amount": 20479500000000.0, "currency": "JPY"}),
        ("Rs 2,50,000", {"amount": 250000.0, "currency": "INR"}),
        ("1,500,000", {"amount": 1500000.0, "currency": None}),
        # number words
        ("two billion dollars", {"amount": 2000000000.0, "currency": "USD"}),
        ("a million dollars", {"amount": 1000000.0, "currency": "USD"}),
        ("half a billion dollars", {"amount": 500000000.0, "currency": "USD"}),
        ("twenty-five million", {"amount": 25000000.0, "currency": None}),
        ("one trillion won", {"amount": 1000000000000.0, "currency": "KRW"}),
        ("one and a half million dollars", {"amount": 1500000.0, "currency": "USD"}),
        ("a hundred and fifty million pounds", {"amount": 150000000.0, "currency": "GBP"}),
        ("a quarter of a billion euros", {"amount": 250000000.0, "currency": "EUR"}),
        ("a billion-dollar", {"amount": 1000000000.0, "currency": "USD"}),
        # sub-units
        ("50 cents", {"amount": 0.5, "currency": "USD"}),
        ("8.5 cents", {"amount": 0.085, "currency": "USD"}),
        ("22 euro cents", {"amount": 0.22, "currency": "EUR"}),
        ("1,088 pence", {"amount": 10.88, "currency": "GBP"}),
        ("97p", {"amount": 0.97, "currency": "GBP"}),
        ("three pence", {"amount": 0.03, "currency": "GBP"}),
        # ranges
        ("$1-2 billion", {"min": 1000000000.0, "max": 2000000000.0, "currency": "USD"}),
        ("$1–2bn", {"min": 1000000000.0, "max": 2000000000.0, "currency": "USD"}),
        ("$1 billion to $2 billion", {"min": 1000000000.0, "max": 2000000000.0, "currency": "USD"}),
        ("$1bn-$2bn", {"min": 1000000000.0, "max": 2000000000.0, "currency": "USD"}),
        (
            "between 5 and 10 million euros",
            {"min": 5000000.0, "max": 10000000.0, "currency": "EUR"},
        ),
        ("between £130 and £200", {"min": 130.0, "max": 200.0, "currency": "GBP"}),
        ("$900,000 to $1.2 million", {"min": 900000.0, "max": 1200000.0, "currency": "USD"}),
        ("$2.86 to $41.32", {"min": 2.86, "max": 41.32, "currency": "USD"}),
        ("50-60 cents", {"min": 0.5, "max": 0.6, "currency": "USD"}),
        ("£5m to £1m", {"min": 1000000.0, "max": 5000000.0, "currency": "GBP"}),
        # leading modifiers are ignored
        ("up to $500 billion", {"amount": 500000000000.0, "currency": "USD"}),
        ("about $180bn", {"amount": 180000000000.0, "currency": "USD"}),
        ("more than £600", {"amount": 600.0, "currency": "GBP"}),
        ("nearly $3bn", {"amount": 3000000000.0, "currency": "USD"}),
        ("some £280", {"amount": 280.0, "currency": "GBP"}),
        ("an estimated $17.7m", {"amount": 17700000.0, "currency": "USD"}),
        # the amount with its own currency wins over stray numbers
        ("one-time charge of $5m", {"amount": 5000000.0, "currency": "USD"}),
        ("2 trillion won ($1.4 billion)", {"amount": 2000000000000.0, "currency": "KRW"}),
        # no currency written, or an ambiguous one: currency None
        ("1.8bn", {"amount": 1800000000.0, "currency": None}),
        ("half a billion", {"amount": 500000000.0, "currency": None}),
        ("5 francs", {"amount": 5.0, "currency": None}),
        ("1bn CFA francs", {"amount": 1000000000.0, "currency": None}),
        ("he won 5 million", {"amount": 5000000.0, "currency": None}),
        # no amount: None
        ("", None),
        ("$", None),
        ("tens of billions of dollars", None),
        ("multi-million dollar", None),
        ("Million Dollar", None),
        ("billions of pounds", None),
        ("50 per cent", None),
        ("5 to 10%", None),
    ],
)
def test_money_normalize_table(text: str, expected: dict | None) -> None:
    """Each written form of a MONEY mention normalises to the expected amount and currency."""
    assert normalize_money(text) == expected


@pytest.mark.parametrize(
    ("text", "written", "scale"),
    [
        ("$1.4 billion", "1.4", 10**9),
        ("£1.13bn", "1.13", 10**9),
        ("0.29 billion euros", "0.29", 10**9),
        ("$4.35m", "4.35", 10**6),
        ("80 euro cents", "80", Decimal("0.01")),
    ],
)
def test_money_amount_has_no_float_noise(text: str, written: str, scale: Decimal | int) -> None:
    """The amount is the float nearest the written value, not a product of rounded floats."""
    result = normalize_money(text)
    assert result is not None
    assert result["amount"] == float(Decimal(written) * scale)


@pytest.mark.parametrize("value", [None, 12, b"$5m", ["$5m"]])
def test_money_non_string_input_is_none(value: object) -> None:
    """Input that is not a string gives None rather than an exception."""
    assert normalize_money(value) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["9" * 400 + " trillion dollars", "1," * 5000 + "x"])
def test_money_pathological_input_is_handled(text: str) -> None:
    """Huge or degenerate numbers give None or a finite amount, without raising."""
    result = normalize_money(text)
    assert result is None or all(math.isfinite(value) for key, value in result.items() if key != "currency")


_FRAGMENTS = st.sampled_from(
    [
        "$", "£", "€", "HK$", "Rs", "EUR", "USD", "1", "2.5", "1,500", "0", ".5", "bn", "m",
        "million", "billion", "lakh", "crore", "-", "–", "to", "and", "between", "up to",
        "a", "half", "twenty-five", "one", "hundred", "cents", "pence", "p", "won", "yen",
        "euros", "dollars", "Canadian dollars", "%", "per cent", " ", "(", ")", ",",
    ]
)  # fmt: skip
_MONEY_LIKE = st.lists(_FRAGMENTS, max_size=12).map(" ".join) | st.lists(_FRAGMENTS).map("".join)


def _check_shape(result: dict | None) -> None:
    """Assert the documented output shape: finite, non-negative amounts and ordered ranges."""
    if result is None:
        return
    assert result["currency"] is None or result["currency"] in set(ISO_CODES.values()) | set(
        CURRENCY_WORDS.values()
    ) | set(CURRENCY_SYMBOLS.values())
    if "amount" in result:
        assert set(result) == {"amount", "currency"}
        assert isinstance(result["amount"], float)
        assert math.isfinite(result["amount"]) and result["amount"] >= 0
    else:
        assert set(result) == {"min", "max", "currency"}
        assert 0 <= result["min"] <= result["max"]
        assert math.isfinite(result["max"])


@settings(deadline=None)
@given(st.text())
def test_money_arbitrary_text_never_raises(text: str) -> None:
    """Any text gives None or a well-formed result, never an exception."""
    _check_shape(normalize_money(text))


@settings(deadline=None)
@given(_MONEY_LIKE)
def test_money_money_like_text_is_well_formed(text: str) -> None:
    """Texts built from money fragments give well-formed results: amounts >= 0, min <= max."""
    _check_shape(normalize_money(text))


@settings(deadline=None)
@given(st.one_of(st.text(), _MONEY_LIKE))
def test_money_is_deterministic(text: str) -> None:
    """Normalising the same text twice gives the same result."""
    assert normalize_money(text) == normalize_money(text)


@settings(deadline=None)
@given(
    number=st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    symbol=st.sampled_from(sorted(CURRENCY_SYMBOLS)),
    magnitude=st.sampled_from(sorted(MAGNITUDES)),
    separator=st.sampled_from(["", " "]),
)
def test_money_symbol_number_magnitude_round_trip(number: Decimal, symbol: str, magnitude: str, separator: str) -> None:
    """ "<symbol><number><sep><magnitude>" reads back as number x magnitude in the symbol's ISO."""
    text = f"{symbol}{number}{separator}{magnitude}"
    expected = float(number * MAGNITUDES[magnitude])
    assert normalize_money(text) == {"amount": expected, "currency": CURRENCY_SYMBOLS[symbol]}


@settings(deadline=None)
@given(
    low=st.integers(min_value=1, max_value=999),
    high=st.integers(min_value=1, max_value=999),
    magnitude=st.sampled_from(["million", "bn", "m", "billion"]),
)
def test_money_range_applies_magnitude_to_both_ends(low: int, high: int, magnitude: str) -> None:
    """ "$<low>-<high><magnitude>" scales the low end too when it is not larger than the high end."""
    result = normalize_money(f"${low}-{high} {magnitude}")
    scale = float(MAGNITUDES[magnitude])
    assert result is not None
    if low <= high:
        assert result == {"min": low * scale, "max": high * scale, "currency": "USD"}
    else:
        low_value, high_value = sorted((float(low), high * scale))
        assert result == {"min": low_value, "max": high_value, "currency": "USD"}


def test_money_patterns_name_only_sets_of_the_currency_tables():
    """Every placeholder in patterns.jsonl expands from models/currencies.tsv, magnitudes.tsv or the calendar's
    names, leaving none behind."""
    from corpusx.lexicon import Lexicon
    from corpusx.model.patterns import expanded_patterns, pattern_sets

    lexicon = Lexicon.default()
    sets = pattern_sets(lexicon)
    expanded = expanded_patterns(lexicon)
    placeholders = {f"${name}" for name in sets}
    assert all("{$" not in repr(pattern) for pattern in expanded)
    assert not any(f"'{placeholder}'" in repr(expanded) for placeholder in placeholders)
    money_words = {
        word
        for pattern in expanded
        for token in pattern["pattern"]
        for word in token.get("LOWER", {}).get("IN", [])
        if isinstance(token.get("LOWER"), dict)
    }
    assert set(MAGNITUDES) <= money_words
    assert {phrase.split()[-1] for phrase in CURRENCY_WORDS} <= money_words
    assert {"sept.", "may", "friday"} <= money_words and "may." not in money_words


@pytest.mark.parametrize(("text", "expected"), [("5 million hryvnias", "UAH"), ("HK$ 3 billion", "HKD")])
def test_money_currency_from_the_table_is_also_found_as_a_span(nlp, text, expected):
    """A currency the value parser knows is also a MONEY span: the span patterns come from the same table."""
    doc = nlp(f"The fund raised {text} last year.")
    spans = [ent for ent in doc.ents if ent.label_ == "MONEY"]
    assert [span.text for span in spans] == [text]
    assert normalize_money(spans[0].text)["currency"] == expected
