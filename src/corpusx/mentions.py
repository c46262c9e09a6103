"""Per-document post-processing: entities found by the pipeline become labelled, normalised mentions.

Two stages, so that label votes and canonical names can span the whole run:
`prepare` collects a document's names, their untagged occurrences and its label votes;
`document_mentions` applies the label decisions and fills values and document-level names.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import ChainMap, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from datetime import date

from corpusx.names.canonical import document_aliases, name_key, strip_possessive
from corpusx.names.places import place_canonical, place_value
from corpusx.names.votes import (
    RULE_WEIGHT,
    STRONG_WEIGHT,
    WORK,
    NameMention,
    add_votes,
    common_word_names,
    decide,
    defined_org_acronyms,
    document_votes,
    is_name_label,
    is_strong,
    org_long_forms,
    plural_key,
    surname_surfaces,
    term_names,
    unlabelled_occurrences,
    winner,
)
from corpusx.text.segments import collapse_whitespace
from corpusx.types import NAME_LABELS, Annotated, Entity, Mention, PreparedDocument, Votes
from corpusx.values.dates import DocumentDates
from corpusx.values.money import normalize_money
from corpusx.values.ranges import date_parts
from corpusx.values.reference_dates import find_reference_dates, reference_at

PROPAGATED = "rule:propagation"
RELABELLED = "rule:consistency"
_QUALIFIER = r"(?:(?:about|around|approximately|roughly|some|nearly|almost|over|c\.)\s+)?"
#: Between an amount and its bracketed conversion ("$70bn (£38bn)"), or between two conversions ("(£38bn; €45bn)").
_OPENS_CONVERSION = re.compile(rf"\s*[(\[]\s*{_QUALIFIER}", re.IGNORECASE)
_NEXT_CONVERSION = re.compile(rf"\s*[;,/]\s*{_QUALIFIER}|\s+or\s+{_QUALIFIER}", re.IGNORECASE)
_CLOSES_CONVERSION = re.compile(r"\s*[)\];,/]|\s+or\s")


def prepare(annotated: Annotated) -> PreparedDocument:
    """Collect the document's name votes and add the untagged occurrences of its names."""
    document, entities, lines = annotated.document, annotated.entities, annotated.lines
    raw = document.text
    long_forms = org_long_forms(raw)
    if long_forms:
        entities = _without_pieces_of(raw, entities, long_forms.values())
    names = [
        NameMention(e.start, e.end, raw[e.start : e.end], e.label, e.source) for e in entities if is_name_label(e.label)
    ]
    common = common_word_names(raw, names) | term_names(raw)
    if common:
        entities = [e for e in entities if not (e.source == "model" and raw[e.start : e.end] in common)]
        names = [name for name in names if not (name.source == "model" and name.text in common)]
    votes = document_votes(names)
    surfaces: defaultdict[str, set[str]] = defaultdict(set)
    for name in names:
        key = name_key(name.text)
        if key in votes and any(label in NAME_LABELS for label in votes[key]):
            surfaces[key].add(strip_possessive(name.text))
    for key, parts in surname_surfaces(names).items():
        surfaces[key] |= parts
    for key, long_form in long_forms.items():
        add_votes(votes, {key: {"ORG": RULE_WEIGHT}})
        surfaces[key].add(long_form)
    for key, acronym in defined_org_acronyms(raw, votes).items():
        add_votes(votes, {key: {"ORG": RULE_WEIGHT}})
        surfaces[key].add(acronym)
    if sure := [text for key in _sure_orgs(votes) for text in surfaces[key] if " " in text]:
        entities = _without_pieces_of(raw, entities, sure)  # "Jeeves" of "Zorba Jeeves", a company the text says
    taken = [(e.start, e.end) for e in entities]
    sentences = sorted({(e.sentence_start, e.sentence_end) for e in entities})
    added = []
    for start, end, _key in unlabelled_occurrences(raw, surfaces, taken, lines):
        sentence = next(((s, e) for s, e in sentences if s <= start and end <= e), None)
        sentence = sentence or next((s, e) for s, e in lines if s <= start < e)
        added.append(Entity(start, end, "", PROPAGATED, *sentence))
    return PreparedDocument(document, sorted(entities + added, key=lambda e: (e.start, e.end, e.label)), votes)


def _sure_orgs(votes: Votes) -> list[str]:
    """The keys the document votes ORG for on a rule's strong evidence ("Vextor shares", "an analyst at Vextor")."""
    return [key for key, labels in votes.items() if winner(labels) == "ORG" and labels["ORG"] >= STRONG_WEIGHT]


def _without_pieces_of(raw: str, entities: list[Entity], names: Iterable[str]) -> list[Entity]:
    """The entities but the model's that cut a piece out of an occurrence of one of `names` ("The Vextor
    Corporation" of "The Vextor Corporation for Zorba Ports"), so that the whole name can be tagged."""
    occurrences = sorted(
        (match.start(), match.end()) for name in names for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", raw)
    )
    starts = [s for s, _ in occurrences]
    reach = list(itertools.accumulate((e for _, e in occurrences), max))  # the furthest end of an occurrence so far
    longest_at: dict[int, int] = {}
    for s, e in occurrences:
        longest_at[s] = max(e, longest_at.get(s, e))

    def is_piece(entity: Entity) -> bool:
        start = entity.start + 4 if raw[entity.start : entity.start + 4].casefold() == "the " else entity.start
        before = bisect.bisect_left(starts, start)  # occurrences starting before the entity
        return (before > 0 and reach[before - 1] >= entity.end) or longest_at.get(start, 0) > entity.end

    return [entity for entity in entities if entity.source != "model" or not is_piece(entity)]


def document_mentions(
    prepared: PreparedDocument,
    run_votes: Votes,
    *,
    labels: Collection[str],
    ref_date: date | None = None,
    keep: Sequence[str] = (),
    split_date_ranges: bool = False,
) -> list[Mention]:
    """The document's mentions of the wanted labels, sorted by offset, with values and names filled in.

    A name takes the label its document clearly votes for, else the run's vote. DATE values
    resolve against the document's own date (metadata, else its dateline or lead caption at
    that point of the text), else `ref_date`. That own date is each mention's `date` (never
    `ref_date`, which is an assumption, not the article's); `keep` names the document fields
    copied into each mention's `fields`.
    """
    document = prepared.document
    raw = document.text
    keys = ChainMap(prepared.votes, run_votes)  # membership in either, without copying the run's keys
    kept = []
    for entity in prepared.entities:
        label, source = entity.label, entity.source
        if not label or (is_name_label(label) and not is_strong(source)):
            key = plural_key(name_key(raw[entity.start : entity.end]), keys)
            decided = decide(key, prepared.votes, run_votes)
            if decided in NAME_LABELS and decided != label:
                label, source = decided, source if not entity.label else RELABELLED
            elif decided == WORK and label in NAME_LABELS:
                label, source = "WORK_OF_ART", RELABELLED
        if label in labels:
            changed = (label, source) != (entity.label, entity.source)
            kept.append(replace(entity, label=label, source=source) if changed else entity)
    references = [] if document.date else find_reference_dates(raw)
    date_texts: dict[tuple[int, int], str] = {}
    if split_date_ranges:
        kept, date_texts = _split_date_ranges(kept, raw, references, document.date or ref_date)
    aliases = document_aliases(raw, [(e.label, raw[e.start : e.end], e.start, e.end) for e in kept])
    fields = {name: document.fields.get(name) for name in keep}
    values = {}
    dates = DocumentDates()
    for entity in kept:
        own = document.date or reference_at(references, entity.start)
        values[(entity.start, entity.end)] = _value(entity, raw, own or ref_date, date_texts, dates)
    for span, original in bracketed_conversions(raw, [(e.start, e.end) for e in kept if e.label == "MONEY"]).items():
        value, converted = values[span], values[original]
        if isinstance(value, dict) and isinstance(converted, dict) and value["currency"] != converted["currency"]:
            values[span] = {**value, "conversion": True}
    sentences: dict[tuple[int, int], str] = {}  # the mentions of a sentence share its text
    mentions = []
    for entity, alias in zip(kept, aliases):
        bounds = (entity.sentence_start, entity.sentence_end)
        if bounds not in sentences:
            sentences[bounds] = collapse_whitespace(raw[entity.sentence_start : entity.sentence_end])
        own = document.date or reference_at(references, entity.start)
        mention = Mention(
            doc=document.doc_id,
            path=document.path,
            label=entity.label,
            text=raw[entity.start : entity.end],
            start=document.offset + entity.start,
            end=document.offset + entity.end,
            sentence=sentences[bounds],
            source=entity.source,
            canonical=place_canonical(entity.label, raw[entity.start : entity.end]) or alias,
            value=values[(entity.start, entity.end)],
            date=own.isoformat() if own else None,
            fields=dict(fields),
        )
        mentions.append(mention)
    return mentions


def bracketed_conversions(raw: str, spans: list[tuple[int, int]]) -> dict[tuple[int, int], tuple[int, int]]:
    """The MONEY spans that restate an amount in brackets ("$70bn (£38bn)", "(£38bn; €45bn)"), each mapped to it.

    `spans` are the document's MONEY (start, end) offsets in order; a span is a conversion when
    it opens a bracket right after an amount (or follows a conversion after ";", ",", "/" or
    "or") and the bracket closes or goes on right after it.
    """
    found: dict[tuple[int, int], tuple[int, int]] = {}
    previous: tuple[int, int] | None = None
    for span in spans:
        if previous is not None and previous[1] <= span[0] and _CLOSES_CONVERSION.match(raw, span[1]):
            gap = raw[previous[1] : span[0]]
            if _OPENS_CONVERSION.fullmatch(gap):
                found[span] = previous
            elif previous in found and _NEXT_CONVERSION.fullmatch(gap):
                found[span] = found[previous]
        previous = span
    return found


def _split_date_ranges(
    entities: list[Entity], raw: str, references: list[tuple[int, date]], fallback: date | None
) -> tuple[list[Entity], dict[tuple[int, int], str]]:
    """Each end of a DATE range as its own entity, and the text that dates each end (`4-6 March` -> `6 March`)."""
    split, date_texts = [], {}
    for entity in entities:
        if entity.label != "DATE":
            split.append(entity)
            continue
        text = raw[entity.start : entity.end]
        for start, end, part in date_parts(text, reference_at(references, entity.start, fallback)):
            split.append(replace(entity, start=entity.start + start, end=entity.start + end))
            date_texts[(entity.start + start, entity.start + end)] = part
    return split, date_texts


def _value(
    entity: Entity, raw: str, reference: date | None, date_texts: dict[tuple[int, int], str], dates: DocumentDates
):
    text = raw[entity.start : entity.end]
    if entity.label == "DATE":
        sentence = raw[entity.sentence_start : entity.sentence_end]
        dated = date_texts.get((entity.start, entity.end), text)
        return dates.value(dated, reference, sentence, entity.start - entity.sentence_start)
    if entity.label == "MONEY":
        return normalize_money(text)
    return place_value(entity.label, text)
