"""The run-level stage as maps on the workers: merged counts, repeatable tasks, a spool left clean."""

from __future__ import annotations

import io
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import corpusx
from corpusx import passes
from corpusx.inputs.sources import Source, iter_sources
from corpusx.model.engines import LocalEngine, _LocalWorkers
from corpusx.names.canonical import CanonicalNames
from corpusx.passes import (
    Chunk,
    DocumentDone,
    Reading,
    annotate_chunk,
    merge_names,
    names_path,
    prepared_path,
    votes_path,
)
from corpusx.run import _reduce, write_jsonl
from corpusx.text.segments import Boilerplate
from corpusx.types import DEFAULT_FIELDS, Document

from .conftest import SEEDS

NAMES = st.sampled_from(["Acme Holdings", "acme holdings", "Acme  Holdings", "Mira Okafor", "Okafor", "Zoradan"])
DOCUMENTS = st.lists(st.lists(st.tuples(st.sampled_from(["ORG", "PERSON"]), NAMES), max_size=6), max_size=8)


@given(DOCUMENTS, st.integers(min_value=0, max_value=8))
def test_mapreduce_merged_names_choose_like_one_collection(documents, split):
    """Names counted in two halves and merged pick the same canonical spelling as counted all in one."""
    whole, first, second = CanonicalNames(), CanonicalNames(), CanonicalNames()
    for number, names in enumerate(documents):
        whole.add_document(names)
        (first if number < split else second).add_document(names)
    first.merge(second)
    for names in documents:
        for label, name in names:
            assert first.canonical(label, name) == whole.canonical(label, name)


def test_mapreduce_write_jsonl_gives_extract_bytes_and_counts(nlp, tmp_path):
    """`write_jsonl` with two processes writes the bytes `extract` gives and counts the mentions per label."""
    stream = io.BytesIO()
    counts = write_jsonl(stream, [SEEDS], model=nlp, engine=LocalEngine(jobs=2))
    plain = io.BytesIO()
    mentions = list(corpusx.extract([SEEDS], model=nlp))
    corpusx.write_mentions(mentions, plain)
    assert stream.getvalue() == plain.getvalue()
    assert counts == Counter(mention.label for mention in mentions)


def test_mapreduce_first_pass_run_twice_writes_the_same_spool(nlp, tmp_path):
    """A retried pass-1 task (as after a lost worker) leaves the same prepared and votes files and returns the same."""
    annotator = corpusx.model.annotate.Annotator(nlp, Boilerplate.load())
    chunk = Chunk(3, [Document("d", "d.txt", "Mira Okafor joined Acme Holdings in Lagos on 2 May 2021.")])
    first = annotate_chunk(annotator, Reading(tmp_path, DEFAULT_FIELDS), chunk)
    written = prepared_path(tmp_path, 3).read_bytes(), votes_path(tmp_path, 3).read_bytes()
    assert annotate_chunk(annotator, Reading(tmp_path, DEFAULT_FIELDS), chunk) == first
    assert (prepared_path(tmp_path, 3).read_bytes(), votes_path(tmp_path, 3).read_bytes()) == written
    assert sorted(path.name for path in tmp_path.iterdir()) == ["000003.prepared", "000003.votes"]


def test_mapreduce_worker_reads_a_source_like_the_document_sent(nlp, tmp_path):
    """A chunk naming a file (read by the worker) spools what a chunk carrying its document does; errors come back."""
    annotator = corpusx.model.annotate.Annotator(nlp, Boilerplate.load())
    (tmp_path / "d.txt").write_text("Mira Okafor joined Acme Holdings in Lagos on 2 May 2021.\n")
    (tmp_path / "e.txt").write_bytes(b"")
    spools = tmp_path / "sent", tmp_path / "read"
    for spool in spools:
        spool.mkdir()
    (document,) = corpusx.inputs.sources.iter_documents([tmp_path / "d.txt"])
    sent = annotate_chunk(annotator, Reading(spools[0], DEFAULT_FIELDS), Chunk(0, [document]))
    sources = list(iter_sources([tmp_path / "d.txt", tmp_path / "e.txt"]))
    assert all(isinstance(source, Source) for source in sources)
    read = annotate_chunk(annotator, Reading(spools[1], DEFAULT_FIELDS), Chunk(0, sources))
    assert [str(error) for error in read.errors] == [f"{tmp_path / 'e.txt'}: empty file"]
    assert read.done == sent.done == [DocumentDone("d", str(tmp_path / "d.txt"), 11)]
    assert prepared_path(spools[1], 0).read_bytes() == prepared_path(spools[0], 0).read_bytes()


@given(st.lists(DOCUMENTS, min_size=1, max_size=40))
def test_mapreduce_tree_of_merges_counts_like_one_collection(chunks):
    """Chunk name counts added up on the workers, 16 files a task and level by level, choose as counted in one."""
    whole = CanonicalNames()
    with tempfile.TemporaryDirectory() as folder:
        spool = Path(folder)
        for number, documents in enumerate(chunks):
            names = CanonicalNames()
            for labelled in documents:
                whole.add_document(labelled)
                names.add_document(labelled)
            passes._dump(names_path(spool, number), names)
        workers = _LocalWorkers(None, 1, spool, 16)  # type: ignore[arg-type]  # merges need no annotator
        merged = passes._undump(_reduce(workers, merge_names, [names_path(spool, n) for n in range(len(chunks))], "n"))
        assert [path.name for path in spool.iterdir()] == [f"n-{2 if len(chunks) > 16 else 1}-000000"]
    for documents in chunks:
        for labelled in documents:
            for label, name in labelled:
                assert merged.canonical(label, name) == whole.canonical(label, name)


def test_mapreduce_spool_is_removed_after_the_run(nlp, tmp_path, monkeypatch):
    """The run's spool folder and every file in it are gone once the mentions are written."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    write_jsonl(io.BytesIO(), [SEEDS], model=nlp, engine=LocalEngine(jobs=2))
    assert list(tmp_path.iterdir()) == []
