"""Words around a name that say it is no organisation or person: "the Zorba index" (a product), "the Vextor
awards" (an event), "the Lundport area", "a firm based in Lundport" (places), "Zorba rum" (a brand)."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from corpusx.lexicon import Lexicon
from corpusx.model.component import applies_to
from corpusx.types import NAME_LABELS

KIND_CUES_FILE = "kind_cues.tsv"
#: The most words a cue before a name has ("based in").
MAX_CUE_WORDS = 2


class KindCues:
    """The rule, with the cues of `models/kind_cues.tsv` and the words only an organisation's name holds."""

    def __init__(self, lexicon: Lexicon, org_words: frozenset[str]) -> None:
        cues = [(cue.casefold().split(" ", 1), label) for cue, label in lexicon.rows(KIND_CUES_FILE)]
        self.after = {words: label for (side, words), label in cues if side == "after"}
        self.before = {words: label for (side, words), label in cues if side == "before"}
        self.org_words = org_words

    @applies_to(NAME_LABELS)
    def relabel(self, doc: Doc, span: Span) -> Span:
        """`span` relabelled when a cue stands right before it, or a kind noun right after it in lower case
        ("Zorba's rum" is no kind: an owner), unless it holds a word only an organisation's name holds ("the
        Vextor Society awards")."""
        if span.label_ not in NAME_LABELS or not span[0].text[:1].isupper():
            return span
        label = self._label_after(doc, span) or self._label_before(doc, span)
        if label is None or any(token.lower_.rstrip(".") in self.org_words for token in span):
            return span
        return Span(doc, span.start, span.end, label=label, span_id="kind-cue")

    def _label_after(self, doc: Doc, span: Span) -> str | None:
        after = doc[span.end] if span.end < len(doc) else None
        return self.after.get(after.lower_) if after is not None and after.is_lower else None

    def _label_before(self, doc: Doc, span: Span) -> str | None:
        for start in range(max(span.start - MAX_CUE_WORDS, 0), span.start):
            if (label := self.before.get(doc[start : span.start].text.casefold())) is not None:
                return label
        return None
