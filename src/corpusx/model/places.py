"""The place gazetteer of the context rules: countries, nations and subdivisions from ISO 3166 (pycountry)."""

from __future__ import annotations

from functools import cache

import pycountry

#: Subdivision types that name a nation inside a country ("England", "Scotland").
_NATION_TYPES = frozenset({"Country", "Nation"})


@cache
def place_names() -> tuple[frozenset[str], frozenset[str]]:
    """Case-folded names from the ISO 3166 gazetteer (pycountry): (nations, every place).

    Nations are countries (name, common and official name) and the nations of a country
    ("Scotland"); places add every subdivision ("Devon", "Bavaria").
    """
    nations = set()
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            if name := getattr(country, attribute, None):
                nations.add(_plain_place_name(name))
    places = set(nations)
    for subdivision in pycountry.subdivisions:
        name = _plain_place_name(subdivision.name)
        places.add(name)
        if subdivision.type in _NATION_TYPES:
            nations.add(name)
    return frozenset(nations - {""}), frozenset(places - {""})


def _plain_place_name(name: str) -> str:
    """A gazetteer name without its bracketed alternative ("Wales [Cymru GB-CYM]" -> "wales")."""
    return name.split("[", 1)[0].strip().casefold()
