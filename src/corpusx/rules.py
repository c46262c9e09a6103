"""spaCy components for corpusx's span rules: agency tags, titles kept out of names, a stop list.

The word lists live in `models/` as plain text (one entry a line); the components only wire them.
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

TITLES_FILE = "titles.txt"
AGENCIES_FILE = "agencies.txt"
NOT_ENTITIES_FILE = "not_entities.txt"
MAX_NAME_TOKENS = 4


def read_word_list(path: Path) -> list[str]:
    """Entries of a word-list file: one per line, `#` comments and blank lines skipped."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries


def source_of(span: Span) -> str:
    """What produced an entity span: `model`, or `rule:<name>` from the span's id."""
    return f"rule:{span.id_}" if span.id_ else "model"


@Language.factory("corpusx_entity_rules", default_config={"assets": ""})
def make_entity_rules(nlp: Language, name: str, assets: str) -> EntityRules:
    """Create the corpusx span-rule component from the word lists in `assets`."""
    return EntityRules(nlp, Path(assets))


class EntityRules:
    """Agency tags as ORG, titles split off PERSON spans, and never-entity strings dropped."""

    def __init__(self, nlp: Language, assets: Path) -> None:
        self.titles = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.titles.add("TITLE", list(nlp.tokenizer.pipe(read_word_list(assets / TITLES_FILE))))
        agencies = "|".join(re.escape(name) for name in read_word_list(assets / AGENCIES_FILE))
        self.agency_tag = re.compile(rf"\(({agencies})\)")
        self.not_entities = {entry.casefold() for entry in read_word_list(assets / NOT_ENTITIES_FILE)}

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.ents)
        spans = self._split_titles(doc, spans)
        spans += self._agency_tags(doc)
        spans = [span for span in spans if span.text.casefold() not in self.not_entities]
        doc.ents = filter_spans(spans)
        return doc

    def _agency_tags(self, doc: Doc) -> list[Span]:
        """A photo-agency credit in parentheses, "(AP)", names an organisation."""
        tags = []
        for match in self.agency_tag.finditer(doc.text):
            span = doc.char_span(match.start(1), match.end(1), label="ORG", span_id="agency-tag")
            if span is not None:
                tags.append(span)
        return tags

    def _split_titles(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Keep job titles out of names: "Kakao CEO Shina Chung" -> ORG "Kakao" + PERSON "Shina Chung"."""
        title_matches = filter_spans(self.titles(doc, as_spans=True))
        if not title_matches:
            return spans
        taken = {i for span in spans for i in range(span.start, span.end)}
        result = []
        for span in spans:
            title = next((t for t in title_matches if span.start <= t.start and t.end <= span.end), None)
            if title is None or span.label_ not in ("PERSON", "ORG"):
                result.append(span)
                continue
            if title.start > span.start:
                result.append(Span(doc, span.start, title.start, label="ORG", span_id="title-split"))
            if title.end < span.end:
                result.append(Span(doc, title.end, span.end, label="PERSON", span_id="title-split"))
        for title in title_matches:
            name_end = _name_after(doc, title.end)
            if name_end > title.end and not taken.intersection(range(title.start, name_end)):
                result.append(Span(doc, title.end, name_end, label="PERSON", span_id="person-after-title"))
        return result


def _name_after(doc: Doc, start: int) -> int:
    """End of a run of capitalised name tokens starting at `start` (equal to `start` if none)."""
    end = start
    while end < len(doc) and end - start < MAX_NAME_TOKENS and _is_name_token(doc[end]):
        end += 1
    return end


def _is_name_token(token) -> bool:
    return token.is_title and token.is_alpha and not token.is_stop and not token.is_sent_start

