"""Count mentions: per label, and the top canonical entities per label with document counts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .records import LABELS, Mention


@dataclass(frozen=True)
class EntityCount:
    """One entity's mention count and document count."""

    label: str
    name: str
    mentions: int
    documents: int


@dataclass(frozen=True)
class Summary:
    """The corpus at a glance."""

    documents: int
    mentions_per_label: dict[str, int]
    top_entities: dict[str, list[EntityCount]]


def summarize(mentions: Iterable[Mention], top: int = 10) -> Summary:
    """Count mentions per label and the `top` canonical entities per label (ties by name)."""
    per_label: Counter[str] = Counter()
    per_entity: Counter[tuple[str, str]] = Counter()
    entity_docs: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    documents: set[str] = set()
    for mention in mentions:
        key = (mention.label, mention.canonical)
        per_label[mention.label] += 1
        per_entity[key] += 1
        entity_docs[key].add(mention.doc)
        documents.add(mention.doc)
    labels = [label for label in LABELS if per_label[label]] + sorted(set(per_label) - set(LABELS))
    top_entities = {}
    for label in labels:
        ranked = sorted(
            (key for key in per_entity if key[0] == label),
            key=lambda key: (-per_entity[key], -len(entity_docs[key]), key[1]),
        )
        top_entities[label] = [
            EntityCount(label, name, per_entity[(label, name)], len(entity_docs[(label, name)]))
            for label, name in ranked[:top]
        ]
    return Summary(len(documents), {label: per_label[label] for label in labels}, top_entities)
