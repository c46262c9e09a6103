"""Per-document post-processing: entities found by the pipeline become normalised mentions."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from .annotation import Entity
from .dates import find_reference_dates, normalize_date, reference_at
from .money import normalize_money
from .records import Mention
from .sources import Document
from .text import collapse_whitespace


def document_mentions(
    document: Document, entities: list[Entity], *, labels: Collection[str], ref_date: date | None = None
) -> list[Mention]:
    """The document's mentions of the wanted labels, sorted by offset, with values filled in.

    DATE values resolve against the document's own date (metadata, else its dateline or
    lead caption at that point of the text), else `ref_date`.
    """
    raw = document.text
    references = [] if document.date else find_reference_dates(raw)
    fallback = document.date or ref_date
    mentions = []
    for entity in sorted(entities, key=lambda e: (e.start, e.end, e.label)):
        if entity.label not in labels:
            continue
        text = raw[entity.start : entity.end]
        mentions.append(
            Mention(
                doc=document.doc_id,
                path=document.path,
                label=entity.label,
                text=text,
                start=entity.start,
                end=entity.end,
                sentence=collapse_whitespace(raw[entity.sentence_start : entity.sentence_end]),
                source=entity.source,
                canonical=collapse_whitespace(text),
                value=_value(entity.label, text, reference_at(references, entity.start, fallback)),
            )
        )
    return mentions


def _value(label: str, text: str, reference: date | None):
    if label == "DATE":
        return normalize_date(text, reference)
    if label == "MONEY":
        return normalize_money(text)
    return None
