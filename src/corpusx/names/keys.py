"""Name keys: the cleaning and the variant key every canonical-name rule compares names by."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

POSSESSIVE_RE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)


def collapse_whitespace(text: str) -> str:
    """Return `text` with every run of whitespace replaced by one space and the ends trimmed."""
    return " ".join(text.split())


def strip_possessive(name: str) -> str:
    """Drop final possessives: "Zorbix's", "Zorbix’s" -> "Zorbix", "Reuters'" -> "Reuters"."""
    stripped = POSSESSIVE_RE.sub("", name).rstrip()
    return strip_possessive(stripped) if stripped and stripped != name else name


NAME_CACHE_SIZE = 8192  # names recur within and across articles; bounded, so memory stays flat


@lru_cache(maxsize=NAME_CACHE_SIZE)
def clean_name(name: str) -> str:
    """Collapse whitespace and strip a final possessive."""
    return strip_possessive(collapse_whitespace(name))


@lru_cache(maxsize=NAME_CACHE_SIZE)
def name_key(name: str) -> str:
    """Variant key: casefolded, accents, spaces, punctuation, possessive and a leading "the" removed."""
    decomposed = unicodedata.normalize("NFKD", clean_name(name))
    words = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    compact = "".join(words)
    return "".join(ch for ch in compact if ch.isalnum()) or compact
