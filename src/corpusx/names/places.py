"""Canonical names and ISO 3166 codes of places: "UK", "Britain" and "the United Kingdom" are one country.

Countries come from ISO 3166 (pycountry: name, common and official name), with the well-known
names it lacks in `models/country_aliases.tsv` ("Britain", "the US", "Holland"); nationality
words of one country ("British", "Britons") from `models/demonyms.tsv`. A country's canonical
name is its ISO 3166 common name, else its short name (an inverted one turned round:
"Korea, Republic of" -> "Republic of Korea"); its `value` is `{"country": "<alpha-2>"}`.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import pycountry

from corpusx.lexicon import Lexicon

COUNTRY_ALIASES_FILE = "country_aliases.tsv"
DEMONYMS_FILE = "demonyms.tsv"
#: Labels whose mentions may name a country.
COUNTRY_LABELS = frozenset({"GPE", "LOC"})
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
_SPACES = re.compile(r"\s+")


def place_key(text: str) -> str:
    """The lookup form of a place name: case-folded, spaces collapsed, without a leading "the" or a possessive."""
    text = _POSSESSIVE.sub("", _SPACES.sub(" ", text.strip()))
    return _LEADING_THE.sub("", text, count=1).casefold()


def country_name(code: str) -> str:
    """The canonical name of the country with ISO 3166 alpha-2 `code`."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        raise KeyError(code)
    if common := getattr(country, "common_name", None):
        return common
    name = country.name.split(" (", 1)[0]  # "Holy See (Vatican City State)" -> "Holy See"
    if ", " in name:
        head, tail = name.split(", ", 1)
        name = f"{tail} {head}".removeprefix("The ")  # "Congo, The Democratic Republic of the"
        name = name[0].upper() + name[1:]
    return name


@functools.cache
def _codes() -> tuple[dict[str, str], dict[str, str]]:
    """(country names -> code, nationality words -> code), keys as `place_key` makes them."""
    countries: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            if name := getattr(country, attribute, None):
                countries[place_key(name)] = country.alpha_2
    for country in pycountry.countries:  # the canonical names too ("Holy See", "Republic of Korea"), unless taken
        countries.setdefault(place_key(country_name(country.alpha_2)), country.alpha_2)
    lexicon = Lexicon.default()
    for name, code in lexicon.rows(COUNTRY_ALIASES_FILE):
        countries[place_key(name)] = code
    demonyms = {place_key(word): code for word, code in lexicon.rows(DEMONYMS_FILE)}
    return countries, demonyms


def country_code(label: str, text: str) -> str | None:
    """The ISO 3166 alpha-2 code of the country a GPE or LOC names, or a NORP is the nationality of; else None.

    Any other label has no country code ("UK" as part of an ORG name is no place).
    """
    countries, demonyms = _codes()
    key = place_key(text)
    if label == "NORP":
        return demonyms.get(key)
    return countries.get(key) if label in COUNTRY_LABELS else None


def place_value(label: str, text: str) -> dict[str, Any] | None:
    """A place mention's `value`: `{"country": "GB"}` for a country or a nationality of one, else None."""
    code = country_code(label, text)
    return None if code is None else {"country": code}


def place_canonical(label: str, text: str) -> str | None:
    """A country's canonical name for a GPE or LOC mention of it ("Britain" -> "United Kingdom"), else None.

    A nationality word (NORP) keeps its own name: "British" is no name of the country.
    """
    code = country_code(label, text) if label in COUNTRY_LABELS else None
    return None if code is None else country_name(code)
