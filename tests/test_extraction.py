"""The extraction API: schema, offsets, order, determinism, label filtering."""

from __future__ import annotations

import re

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

import corpusx
from corpusx.inputs.sources import decode_bytes
from corpusx.mentions import _without_pieces_of
from corpusx.outputs.records import FIELDS
from corpusx.types import LABELS, Entity, Fields

from .conftest import SEEDS, extract_seeds


def _records(jsonl: bytes) -> list[dict]:
    return [orjson.loads(line) for line in jsonl.splitlines()]


def test_extraction_schema_has_exactly_the_documented_fields(seed_jsonl):
    """Every line is an object with exactly the schema's fields, in schema order."""
    records = _records(seed_jsonl)
    assert records
    for record in records:
        assert tuple(record) == FIELDS
        assert record["label"] in LABELS
        assert record["source"] == "model" or record["source"].startswith("rule:")
        assert isinstance(record["start"], int) and isinstance(record["end"], int)


def test_extraction_offsets_slice_the_raw_text_on_the_seeds(seed_jsonl):
    """raw[start:end] == text for every seed mention, and the sentence contains the text."""
    texts = {path.stem: decode_bytes(path.read_bytes()) for path in SEEDS.glob("*.txt")}
    for record in _records(seed_jsonl):
        raw = texts[record["doc"]]
        assert raw[record["start"] : record["end"]] == record["text"]
        assert " ".join(record["text"].split()) in record["sentence"]


def test_extraction_orders_by_document_then_offset(seed_jsonl):
    """Mentions come sorted by document path, then start offset."""
    keys = [(r["path"], r["start"], r["end"]) for r in _records(seed_jsonl)]
    assert keys == sorted(keys)
    assert len({r["doc"] for r in _records(seed_jsonl)}) == 5


def test_extraction_is_byte_identical_across_runs(nlp, seed_jsonl):
    """A second run over the same input writes the same bytes."""
    assert extract_seeds(model=nlp) == seed_jsonl


def test_extraction_offsets_slice_the_raw_text_on_the_shared_corpus(nlp, shared_corpus):
    """raw[start:end] == text holds for every mention of every third article of the shared news corpus, all five
    sections of it (on both cores; `make bench` runs the whole corpus)."""
    paths = sorted(shared_corpus.glob("*.txt"))[::3]
    texts = {path.stem: decode_bytes(path.read_bytes()) for path in paths}
    count = 0
    for mention in corpusx.extract(paths, model=nlp, engine=corpusx.LocalEngine(jobs=2)):
        assert texts[mention.doc][mention.start : mention.end] == mention.text
        count += 1
    assert count > 10_000
    assert len({path.name.split("_")[0] for path in paths}) == 5


@pytest.mark.parametrize("labels", [("MONEY",), ("ORG", "PERSON")])
def test_extraction_keeps_only_the_requested_labels(nlp, labels):
    """The labels argument filters the output and nothing else."""
    everything = list(corpusx.extract([SEEDS], model=nlp))
    kept = list(corpusx.extract([SEEDS], model=nlp, labels=labels))
    assert kept == [m for m in everything if m.label in labels]


def test_extraction_accepts_documents_built_in_python(nlp):
    """A Document made in Python is extracted like a file."""
    doc = corpusx.Document("note", "<memory>", "Sam Altman runs OpenAI, which raised $6.6 billion.")
    found = {(m.label, m.text) for m in corpusx.extract([doc], model=nlp)}
    assert ("PERSON", "Sam Altman") in found
    assert ("MONEY", "$6.6 billion") in found


def test_extraction_reports_a_bad_input_and_goes_on(nlp, tmp_path):
    """A missing path goes to on_error; the good file is still extracted."""
    good = tmp_path / "good.txt"
    good.write_text("Sam Altman met Kakao CEO Shina Chung in Seoul.", encoding="utf-8")
    errors = []
    found = list(corpusx.extract([tmp_path / "missing.txt", good], model=nlp, on_error=errors.append))
    assert [str(e) for e in errors] == [f"{tmp_path / 'missing.txt'}: no such file or folder"]
    assert {m.text for m in found} >= {"Sam Altman", "Shina Chung"}


def test_extraction_raises_without_an_error_handler(nlp, tmp_path):
    """Without on_error a bad input raises InputError."""
    with pytest.raises(corpusx.InputError, match="no such file"):
        list(corpusx.extract([tmp_path / "missing.txt"], model=nlp))


def test_extraction_rejects_an_unknown_model():
    """A model that is neither a package nor a directory raises ModelError with spaCy-like wording."""
    with pytest.raises(corpusx.ModelError, match="can't load model 'no_such_model'"):
        corpusx.load_pipeline("no_such_model")


def test_extraction_reads_jsonl_with_the_given_fields(nlp, tmp_path):
    """`fields` tells the library which JSONL fields hold the text, id and date."""
    lines = tmp_path / "articles.jsonl"
    lines.write_text(
        '{"body": "Sam Altman met Kakao CEO Shina Chung on Tuesday.", "key": "a1", "published": "2025-02-04"}\n'
    )
    found = list(corpusx.extract([lines], model=nlp, fields=Fields(text="body", id="key", date="published")))
    assert {m.doc for m in found} == {"a1"}
    assert ("DATE", "Tuesday", "2025-02-04") in {(m.label, m.text, m.value) for m in found}


PIECES_TEXT = "The Vextor Zorba Ports of the Zorba, Vextor."
PIECES_WORDS = [m.span() for m in re.finditer(r"\w+", PIECES_TEXT)]


@given(
    st.lists(
        st.tuples(st.integers(0, len(PIECES_WORDS) - 1), st.integers(1, 3), st.sampled_from(["model", "rule"])),
        max_size=8,
    ),
    st.lists(st.sampled_from(["Vextor", "Zorba Ports", "the Zorba", "Vextor Zorba Ports", "Ports"]), max_size=3),
)
def test_extraction_pieces_of_long_names_are_dropped_as_a_direct_scan_would(spans, names):
    """A model entity strictly inside an occurrence of a long name is dropped ("The " before it ignored), others stay."""
    raw = PIECES_TEXT
    entities = [
        Entity(PIECES_WORDS[first][0], PIECES_WORDS[min(first + count, len(PIECES_WORDS)) - 1][1], "ORG", source, 0, 9)
        for first, count, source in spans
    ]
    occurrences = [(m.start(), m.end()) for name in names for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", raw)]

    def is_piece(entity: Entity) -> bool:
        start = entity.start + 4 if raw[entity.start : entity.start + 4].casefold() == "the " else entity.start
        return any(s <= start and entity.end <= e and (start, entity.end) != (s, e) for s, e in occurrences)

    expected = [e for e in entities if e.source != "model" or not is_piece(e)]
    assert _without_pieces_of(raw, entities, names) == expected
