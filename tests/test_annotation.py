"""The model stage: the packed segment cache and the Annotator's reuse of it."""

from __future__ import annotations

from corpusx.model import annotate as annotation
from corpusx.model.annotate import Annotator, SegmentCache
from corpusx.text.segments import Boilerplate
from corpusx.types import Document, Entity

PARAGRAPH = "Zoradan Holdings said on Monday that Mira Okafor would lead its bid for Vextor Inc."


def test_annotation_cache_returns_the_entities_it_was_given():
    """Entities come back from the packed cache equal, in order, labels and sources included."""
    cache = SegmentCache()
    entities = [Entity(0, 16, "ORG", "model", 0, 80), Entity(70, 90, "PERSON", "rule:person-after-title", 0, 91)]
    cache.put("first paragraph", entities)
    cache.put("no entities here", [])
    assert cache.get("first paragraph") == entities
    assert cache.get("no entities here") == []
    assert cache.get("never seen") is None


def test_annotation_cache_starts_again_empty_when_full():
    """A full cache forgets what it holds before taking a new segment, so it never grows past its capacity."""
    cache = SegmentCache(capacity=2)
    for text in ("one", "two", "three"):
        cache.put(text, [Entity(0, 3, "ORG", "model", 0, 3)])
    assert cache.get("one") is None and cache.get("two") is None
    assert cache.get("three") is not None


def test_annotation_repeated_paragraph_goes_through_the_model_once(nlp, monkeypatch):
    """A paragraph repeated in a later document is taken from the cache, with the entities a fresh run finds."""
    texts_run: list[str] = []
    annotate_texts = annotation._annotate_texts

    def recording(nlp, texts, batch_size):
        return annotate_texts(nlp, (texts_run.append(text) or text for text in texts), batch_size)

    monkeypatch.setattr(annotation, "_annotate_texts", recording)
    first = Document("first", "first.txt", f"Markets\n\n{PARAGRAPH}\n")
    second = Document("second", "second.txt", f"Update\n\nMore news.\n\n{PARAGRAPH}\n")
    found = Annotator(nlp, Boilerplate.load()).annotate([first, second])
    cached = {annotated.document.doc_id: annotated.entities for annotated in found}[second.doc_id]
    assert texts_run.count(PARAGRAPH) == 1
    fresh = next(iter(Annotator(nlp, Boilerplate.load()).annotate([second]))).entities
    assert cached == fresh and any(entity.label == "ORG" for entity in fresh)


def test_annotation_long_document_waits_for_all_its_segments(nlp):
    """A document longer than a task is yielded only with every segment's entities, whatever the batch size."""
    paragraphs = [f"Mira Okafor joined Zoradan Holdings in {1900 + number}." for number in range(40)]
    long_document = Document("long", "long.txt", "\n\n".join(paragraphs))
    short_document = Document("short", "short.txt", PARAGRAPH)
    results = {}
    for batch_size in (1, 64):
        annotator = Annotator(nlp, Boilerplate.load(), batch_size=batch_size)
        results[batch_size] = list(annotator.annotate([long_document, short_document]))
    assert results[1] == results[64]
    assert sum(entity.label == "DATE" for entity in results[1][0].entities) == len(paragraphs)
