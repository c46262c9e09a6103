"""Resumable runs: the manifest of model annotations beside `-o FILE`."""

from __future__ import annotations

import io
import shutil

from typer.testing import CliRunner

import corpusx
from corpusx.cli import app
from corpusx.model.engines import LocalEngine, ResumingEngine
from corpusx.model.pipeline import DEFAULT_MODEL
from corpusx.model.resume import Manifest, manifest_path

from .conftest import SEEDS


def _resumed(nlp, folder, output) -> tuple[bytes, int]:
    """Extract `folder` with the manifest of `output`; the JSONL and how many documents the model ran on."""
    stream = io.BytesIO()
    with Manifest.for_output(output, DEFAULT_MODEL) as manifest:
        corpusx.write_mentions(
            corpusx.extract([folder], model=nlp, engine=ResumingEngine(LocalEngine(), manifest)), stream
        )
    return stream.getvalue(), manifest.added


def _clean(nlp, folder) -> bytes:
    """The JSONL of a plain run over `folder`."""
    stream = io.BytesIO()
    corpusx.write_mentions(corpusx.extract([folder], model=nlp), stream)
    return stream.getvalue()


def _copy_seeds(folder, count=None):
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:count]:
        shutil.copy(path, folder)
    return folder


def test_resume_continues_an_interrupted_run(nlp, tmp_path):
    """A run over 3 of 5 documents, then a cut-short manifest line, resumes to a clean run's bytes."""
    corpus = _copy_seeds(tmp_path / "seeds", 3)
    output = tmp_path / "out.jsonl"
    _, first = _resumed(nlp, corpus, output)
    manifest = manifest_path(output)
    manifest.write_bytes(manifest.read_bytes()[:-20])
    for path in sorted(SEEDS.glob("*.txt"))[3:]:
        shutil.copy(path, corpus)
    resumed, second = _resumed(nlp, corpus, output)
    assert (first, second) == (3, 3)
    assert resumed == _clean(nlp, corpus)


def test_resume_skips_done_documents_and_redoes_changed_ones(nlp, tmp_path):
    """A second run calls the model on no document; after an edit, only on the edited one."""
    corpus = _copy_seeds(tmp_path / "seeds")
    output = tmp_path / "out.jsonl"
    _resumed(nlp, corpus, output)
    again, ran = _resumed(nlp, corpus, output)
    assert ran == 0
    assert again == _clean(nlp, corpus)
    edited = sorted(corpus.glob("*.txt"))[1]
    edited.write_text("Tim Cook met Satya Nadella in Paris on 3 March 2024.\n", encoding="utf-8")
    changed, ran = _resumed(nlp, corpus, output)
    assert ran == 1
    assert changed == _clean(nlp, corpus)


def test_resume_cli_needs_an_output_file():
    """`--resume` without -o is a usage error with one line on stderr."""
    result = CliRunner().invoke(app, ["extract", str(SEEDS), "--resume"])
    assert result.exit_code == 2
    assert result.stderr == "corpusx: --resume needs -o FILE: the run's progress is kept in FILE.done\n"
