"""The model stage: the packed segment cache and the Annotator's reuse of it."""

from __future__ import annotations

from spacy.util import filter_spans

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


def _new_words(first: int, count: int) -> list[str]:
    """Lines of words no vocabulary holds yet ("zq1000x zq1001x ..."), 20 to a line."""
    words = [f"zq{number}x" for number in range(first, first + count)]
    return [" ".join(words[start : start + 20]) for start in range(0, count, 20)]


def _kept(nlp) -> int:
    """The entries the vocabulary holds (`len` counts the ones a memory zone freed as well)."""
    return sum(1 for _ in nlp.vocab)


def test_annotation_vocabulary_keeps_words_until_warm_then_stays_flat(nlp, monkeypatch):
    """Until WARM_VOCABULARY entries have been made a short task's words stay in the vocabulary; past that, and for
    a task longer than WARM_CHARACTERS, each task's words are freed, so the vocabulary stops growing."""
    monkeypatch.setattr(annotation, "WARM_VOCABULARY", len(nlp.vocab) + 300)  # entries ever made, freed ones too
    start = _kept(nlp)
    annotator = Annotator(nlp, Boilerplate.load())
    documents = [Document(f"d{n}", "-", "\n\n".join(_new_words(1000 * n, 200))) for n in range(4)]
    sizes = []
    for document in documents:
        list(annotator.annotate([document]))
        sizes.append(_kept(nlp))
    assert sizes[0] >= start + 200  # kept: the vocabulary was not warm yet
    assert sizes[1] >= sizes[0] + 200  # still under the limit before this task: kept
    assert sizes[3] == sizes[2] == sizes[1]  # warm: every later task's words are freed
    monkeypatch.setattr(annotation, "WARM_VOCABULARY", 10**9)
    monkeypatch.setattr(annotation, "WARM_CHARACTERS", 100)
    list(annotator.annotate([Document("long", "-", "\n\n".join(_new_words(9000, 200)))]))
    assert _kept(nlp) == sizes[3]  # a long task runs in a zone however cold the vocabulary


def test_annotation_entities_carry_the_sentence_they_start_in(nlp):
    """Each entity's sentence offsets are those of spaCy's `Span.sent`: the sentence its first token is in, also for
    an entity that runs on into the next sentence or starts one."""
    texts = [
        "Vextor said so. Mira Okafor of Zorba Labs agreed on Monday! Then $4m went. Lundport",
        "No entities here at all.",
        "Mira Okafor. Okafor",
    ]
    crossing = ["so. Mira Okafor", None, "Okafor. Okafor"]  # an entity running on into the next sentence
    for doc, across in zip(nlp.pipe(texts), crossing):
        if across is not None:
            start = doc.text.index(across)
            doc.ents = filter_spans([doc.char_span(start, start + len(across), label="ORG"), *doc.ents])
        expected = [(ent.start_char, ent.end_char, ent.sent.start_char, ent.sent.end_char) for ent in doc.ents]
        found = [(e.start, e.end, e.sentence_start, e.sentence_end) for e in annotation._entities(doc)]
        assert found == expected
        assert found or across is None
