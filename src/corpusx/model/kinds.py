"""A name followed by a lower-case noun that says it is no organisation or person: "the Zorba index" (a
product), "the Vextor awards" (an event), "the Lundport area" (a place), "Zorba rum" (a brand)."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from corpusx.lexicon import Lexicon
from corpusx.types import NAME_LABELS

KINDS_AFTER_FILE = "kinds_after.tsv"


class KindsAfter:
    """The rule, with the kind nouns of `models/kinds_after.tsv` and the words only an organisation's name holds."""

    def __init__(self, lexicon: Lexicon, org_words: frozenset[str]) -> None:
        self.kinds = {word.casefold(): label for word, label in lexicon.rows(KINDS_AFTER_FILE)}
        self.org_words = org_words

    def __call__(self, doc: Doc, span: Span) -> Span:
        """`span` relabelled when a kind noun follows it in lower case ("Zorba's" takes no kind: an owner), unless
        it holds a word only an organisation's name holds ("the Vextor Society awards")."""
        after = doc[span.end] if span.end < len(doc) else None
        if span.label_ not in NAME_LABELS or after is None or not after.is_lower or after.lower_ not in self.kinds:
            return span
        if not span[0].text[:1].isupper() or any(token.lower_.rstrip(".") in self.org_words for token in span):
            return span
        return Span(doc, span.start, span.end, label=self.kinds[after.lower_], span_id="kind-after")
