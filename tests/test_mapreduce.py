"""The run-level stage as maps on the workers: merged counts, repeatable tasks, a spool left clean."""

from __future__ import annotations

import io
import tempfile
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

import corpusx
from corpusx.model.engines import LocalEngine
from corpusx.names.canonical import CanonicalNames
from corpusx.passes import Chunk, annotate_chunk, prepared_path
from corpusx.run import write_jsonl
from corpusx.text.segments import Boilerplate
from corpusx.types import Document

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
    """A retried pass-1 task (as after a lost worker) leaves the same prepared file and returns the same votes."""
    annotator = corpusx.model.annotate.Annotator(nlp, Boilerplate.load())
    chunk = Chunk(3, [Document("d", "d.txt", "Mira Okafor joined Acme Holdings in Lagos on 2 May 2021.")])
    first = annotate_chunk(annotator, tmp_path, chunk)
    written = prepared_path(tmp_path, 3).read_bytes()
    assert annotate_chunk(annotator, tmp_path, chunk) == first
    assert prepared_path(tmp_path, 3).read_bytes() == written
    assert sorted(path.name for path in tmp_path.iterdir()) == ["000003.prepared"]


def test_mapreduce_spool_is_removed_after_the_run(nlp, tmp_path, monkeypatch):
    """The run's spool folder and every file in it are gone once the mentions are written."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    write_jsonl(io.BytesIO(), [SEEDS], model=nlp, engine=LocalEngine(jobs=2))
    assert list(tmp_path.iterdir()) == []
