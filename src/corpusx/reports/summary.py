"""The corpus at a glance as plain data: top entities, mentions per document, co-occurrences,
a DATE timeline and MONEY amounts. No rendering here (see `render`)."""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Any

from corpusx.types import ALL_LABELS, Mention

BY = ("canonical", "text")
TIMELINES = ("mention", "article")
PAIR_LABELS = frozenset({"ORG", "PERSON"})
UNDATED = "undated"
USER_SOURCE = "user:"

_DAY_OR_MONTH = re.compile(r"(\d{4})-(\d{2})(?:-\d{2})?")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")


@dataclass(frozen=True)
class EntityCount:
    """One entity: mentions, documents, and the first and last document it appears in (input order)."""

    label: str
    name: str
    mentions: int
    documents: int
    first_document: str
    last_document: str


@dataclass(frozen=True)
class DocumentCount:
    """Mentions per label in one document."""

    doc: str
    per_label: dict[str, int]


@dataclass(frozen=True)
class Pair:
    """Two ORG/PERSON entities named in the same sentence: in how many sentences and documents."""

    label_a: str
    name_a: str
    label_b: str
    name_b: str
    sentences: int
    documents: int


@dataclass(frozen=True)
class Amount:
    """One MONEY mention with a normalised amount (a range counts as its maximum); `rank` within its currency."""

    doc: str
    text: str
    amount: float
    currency: str | None
    conversion: bool = False
    rank: int = 0


@dataclass(frozen=True)
class CurrencyTotal:
    """The sum of the amounts of the MONEY mentions in one currency (None: currency unknown).

    `conversions` counts the bracketed conversions of an amount in another currency ("$70bn (£38bn)"),
    which are left out of `total` and `mentions` so that each sum of money counts once.
    """

    currency: str | None
    total: float
    mentions: int
    conversions: int = 0


@dataclass(frozen=True)
class WatchCount:
    """One entry of the user's rules (`extract --rules`): its mentions and documents (0 for an entry that matched nothing)."""

    source: str
    label: str
    name: str
    mentions: int
    documents: int


@dataclass(frozen=True)
class Summary:
    """Everything `corpusx summary` shows, for the labels asked for."""

    labels: tuple[str, ...]
    documents: int
    mentions_per_label: dict[str, int]
    documents_per_label: dict[str, int]
    top_entities: dict[str, list[EntityCount]]
    per_document: list[DocumentCount]
    pairs: list[Pair]
    timeline: list[tuple[str, int]]
    largest_amounts: list[Amount]
    currency_totals: list[CurrencyTotal]
    article_timeline: list[tuple[str, int, int]]
    timeline_by: str = "mention"
    watch_list: list[WatchCount] = field(default_factory=list)


def month_of(value: Any) -> str | None:
    """The month `YYYY-MM` of a normalised DATE value: days and months as written, an ISO week by its
    Thursday; None for a year, quarter, unknown year or anything else."""
    if not isinstance(value, str):
        return None
    if match := _DAY_OR_MONTH.fullmatch(value):
        return f"{match[1]}-{match[2]}" if 1 <= int(match[2]) <= 12 else None
    if match := _WEEK.fullmatch(value):
        try:
            thursday = datetime.date.fromisocalendar(int(match[1]), int(match[2]), 4)
        except ValueError:
            return None
        return f"{thursday.year:04d}-{thursday.month:02d}"
    return None


def amount_of(value: Any) -> tuple[float, str | None] | None:
    """The amount and currency of a normalised MONEY value (a range by its maximum); None if absent.

    The same rule as `value.get("amount", value.get("max"))` in pandas, so totals made there agree.
    """
    if not isinstance(value, dict):
        return None
    amount = value.get("amount", value.get("max"))
    if isinstance(amount, bool) or not isinstance(amount, int | float):
        return None
    currency = value.get("currency")
    return float(amount), currency if isinstance(currency, str) else None


def is_conversion(value: Any) -> bool:
    """Whether a MONEY value is marked as the bracketed conversion of the amount before it."""
    return isinstance(value, dict) and value.get("conversion") is True


def summarize(
    mentions: Iterable[Mention],
    top: int = 10,
    labels: Iterable[str] | None = None,
    by: str = "canonical",
    timeline: str = "mention",
    watch: Iterable[tuple[str, str, str]] = (),
) -> Summary:
    """Summarise mentions of the given labels (all by default), naming entities by `canonical` or `text`.

    `top` bounds the entities per label, the co-occurring pairs and the largest amounts; ties are
    broken by name so the result is the same for the same input. Both timelines are counted:
    DATE mentions by the month of their value, and documents and mentions by the month of their
    article's `date`; `timeline` ("mention" or "article") names the one the `timeline` table shows.
    The watch list counts the mentions of the user's rules (source `user:<id>`) per (source, label,
    canonical name); `watch` adds the entries of the rules (`UserRules.entries()`), listed even when
    they matched nothing, in their order, before entries found only in the mentions.
    """
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}, not {by!r}")
    if timeline not in TIMELINES:
        raise ValueError(f"timeline must be one of {', '.join(TIMELINES)}, not {timeline!r}")
    wanted = None if labels is None else frozenset(labels)
    documents: dict[str, None] = {}
    per_label: Counter[str] = Counter()
    label_docs: defaultdict[str, set[str]] = defaultdict(set)
    per_entity: Counter[tuple[str, str]] = Counter()
    entity_docs: defaultdict[tuple[str, str], dict[str, None]] = defaultdict(dict)
    per_doc: defaultdict[str, Counter[str]] = defaultdict(Counter)
    sentences: defaultdict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    months: Counter[str] = Counter()
    article_months: Counter[str] = Counter()
    article_docs: defaultdict[str, set[str]] = defaultdict(set)
    amounts: list[Amount] = []
    watched: dict[tuple[str, str, str], dict[str, int]] = {entry: {} for entry in watch}
    for mention in mentions:
        documents.setdefault(mention.doc)
        if wanted is not None and mention.label not in wanted:
            continue
        name = _name(mention, by)
        key = (mention.label, name)
        per_label[mention.label] += 1
        label_docs[mention.label].add(mention.doc)
        per_entity[key] += 1
        entity_docs[key].setdefault(mention.doc)
        per_doc[mention.doc][mention.label] += 1
        if mention.source.startswith(USER_SOURCE):
            docs = watched.setdefault((mention.source, mention.label, mention.canonical or mention.text), {})
            docs[mention.doc] = docs.get(mention.doc, 0) + 1
        article_month = month_of(mention.date) or UNDATED
        article_months[article_month] += 1
        article_docs[article_month].add(mention.doc)
        if mention.label in PAIR_LABELS:
            sentences[(mention.doc, mention.sentence)].add(key)
        elif mention.label == "DATE":
            months[month_of(mention.value) or UNDATED] += 1
        elif mention.label == "MONEY" and (found := amount_of(mention.value)) is not None:
            amounts.append(Amount(mention.doc, mention.text, *found, conversion=is_conversion(mention.value)))
    shown = tuple(label for label in ALL_LABELS if per_label[label]) + tuple(sorted(set(per_label) - set(ALL_LABELS)))
    if wanted is not None:
        shown = tuple(label for label in ALL_LABELS if label in wanted) + tuple(sorted(wanted - set(ALL_LABELS)))
    top_entities = {}
    for label in shown:
        ranked = sorted(
            (key for key in per_entity if key[0] == label),
            key=lambda key: (-per_entity[key], -len(entity_docs[key]), key[1]),
        )
        top_entities[label] = [_entity(key, per_entity[key], list(entity_docs[key])) for key in ranked[:top]]
    return Summary(
        labels=shown,
        documents=len(documents),
        mentions_per_label={label: per_label[label] for label in shown},
        documents_per_label={label: len(label_docs[label]) for label in shown},
        top_entities=top_entities,
        per_document=[DocumentCount(doc, {label: per_doc[doc][label] for label in shown}) for doc in documents],
        pairs=_pairs(sentences, top),
        timeline=sorted(months.items(), key=_month_order),
        largest_amounts=_largest(amounts, top),
        currency_totals=_totals(amounts),
        article_timeline=[
            (month, len(article_docs[month]), count)
            for month, count in sorted(article_months.items(), key=_month_order)
        ],
        timeline_by=timeline,
        watch_list=[
            WatchCount(source, label, name, sum(docs.values()), len(docs))
            for (source, label, name), docs in watched.items()
            if wanted is None or label in wanted
        ],
    )


def summary_tables(summary: Summary) -> dict[str, list[dict[str, Any]]]:
    """The summary as named tables of rows (dicts with the same keys in the same order in every row)."""
    return {
        "labels": [
            {
                "label": label,
                "mentions": summary.mentions_per_label[label],
                "documents": summary.documents_per_label[label],
            }
            for label in summary.labels
        ],
        "entities": [
            {
                "label": e.label,
                "name": e.name,
                "mentions": e.mentions,
                "documents": e.documents,
                "first_document": e.first_document,
                "last_document": e.last_document,
            }
            for entities in summary.top_entities.values()
            for e in entities
        ],
        "documents": [{"doc": d.doc, **d.per_label, "total": sum(d.per_label.values())} for d in summary.per_document],
        "cooccurrences": [
            {
                "label_a": p.label_a,
                "name_a": p.name_a,
                "label_b": p.label_b,
                "name_b": p.name_b,
                "sentences": p.sentences,
                "documents": p.documents,
            }
            for p in summary.pairs
        ],
        "timeline": _timeline_rows(summary),
        "money_largest": [
            {"currency": a.currency, "rank": a.rank, "amount": a.amount, "doc": a.doc, "text": a.text}
            for a in summary.largest_amounts
        ],
        "money_totals": [
            {"currency": t.currency, "total": t.total, "mentions": t.mentions, "conversions": t.conversions}
            for t in summary.currency_totals
        ],
        "watch_list": [
            {"source": w.source, "label": w.label, "name": w.name, "mentions": w.mentions, "documents": w.documents}
            for w in summary.watch_list
        ],
    }


def _timeline_rows(summary: Summary) -> list[dict[str, Any]]:
    if summary.timeline_by == "article":
        return [
            {"month": month, "documents": documents, "mentions": count}
            for month, documents, count in summary.article_timeline
        ]
    return [{"month": month, "mentions": count} for month, count in summary.timeline]


def _month_order(item: tuple[Any, ...]) -> tuple[bool, str]:
    return item[0] == UNDATED, item[0]


def _name(mention: Mention, by: str) -> str:
    name = mention.canonical if by == "canonical" else mention.text
    return name if isinstance(name, str) and name else mention.text


def _entity(key: tuple[str, str], mentions: int, docs: list[str]) -> EntityCount:
    return EntityCount(key[0], key[1], mentions, len(docs), docs[0], docs[-1])


def _pairs(sentences: dict[tuple[str, str], set[tuple[str, str]]], top: int) -> list[Pair]:
    counts: Counter[tuple[tuple[str, str], tuple[str, str]]] = Counter()
    docs: defaultdict[tuple[tuple[str, str], tuple[str, str]], set[str]] = defaultdict(set)
    for (doc, _), entities in sentences.items():
        for pair in combinations(sorted(entities), 2):
            counts[pair] += 1
            docs[pair].add(doc)
    ranked = sorted(counts, key=lambda pair: (-counts[pair], -len(docs[pair]), pair))[:top]
    return [Pair(a[0], a[1], b[0], b[1], counts[(a, b)], len(docs[(a, b)])) for a, b in ranked]


def _currency_order(currency: str | None) -> tuple[bool, str]:
    return currency is None, currency or ""


def _largest(amounts: list[Amount], top: int) -> list[Amount]:
    """The `top` largest amounts of each currency (conversions left out), currencies in order, ranked from 1."""
    by_currency: defaultdict[str | None, list[Amount]] = defaultdict(list)
    for amount in amounts:
        if not amount.conversion:
            by_currency[amount.currency].append(amount)
    largest = []
    for currency in sorted(by_currency, key=_currency_order):
        ranked = sorted(by_currency[currency], key=lambda a: (-a.amount, a.doc, a.text))[:top]
        largest += [replace(amount, rank=rank) for rank, amount in enumerate(ranked, start=1)]
    return largest


def _totals(amounts: list[Amount]) -> list[CurrencyTotal]:
    totals: defaultdict[str | None, float] = defaultdict(float)
    counts: Counter[str | None] = Counter()
    conversions: Counter[str | None] = Counter()
    for amount in amounts:
        if amount.conversion:
            conversions[amount.currency] += 1
            totals[amount.currency] += 0.0
        else:
            totals[amount.currency] += amount.amount
            counts[amount.currency] += 1
    order = sorted(totals, key=_currency_order)
    return [CurrencyTotal(currency, totals[currency], counts[currency], conversions[currency]) for currency in order]
