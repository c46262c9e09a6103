"""Resumable runs: the manifest of model annotations beside `-o FILE`."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import spacy.util
from typer.testing import CliRunner

import corpusx
from corpusx.cli import app
from corpusx.model.engines import LocalEngine, ResumingEngine
from corpusx.model.pipeline import DEFAULT_MODEL
from corpusx.model.resume import Manifest, _check_digest, manifest_path

from .conftest import SEEDS


def _resumed(nlp, folder, output, model=DEFAULT_MODEL, warnings=None) -> tuple[bytes, int]:
    """Extract `folder` with the manifest of `output`; the JSONL and how many documents the model ran on."""
    stream = io.BytesIO()
    with Manifest.for_output(output, model, on_warning=None if warnings is None else warnings.append) as manifest:
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


def _pipeline_copy(folder: Path) -> Path:
    """A copy of the default pipeline's directory (config, meta, weights)."""
    package = Path(spacy.util.get_package_path(DEFAULT_MODEL))
    (inner,) = (path for path in package.iterdir() if path.is_dir() and (path / "config.cfg").exists())
    return Path(shutil.copytree(inner, folder))


def test_resume_redoes_everything_when_the_pipeline_changes_in_place(nlp, tmp_path):
    """The same --model directory with a changed weights file (or meta) is another pipeline: nothing is reused."""
    corpus = _copy_seeds(tmp_path / "seeds", 3)
    output = tmp_path / "out.jsonl"
    model = str(_pipeline_copy(tmp_path / "pipeline"))
    assert _resumed(nlp, corpus, output, model)[1] == 3
    assert _resumed(nlp, corpus, output, model)[1] == 0
    weights = Path(model) / "ner" / "model"
    weights.write_bytes(weights.read_bytes() + b"\x00")
    assert _resumed(nlp, corpus, output, model)[1] == 3
    meta = Path(model) / "meta.json"
    meta.write_bytes(meta.read_bytes().replace(b'"version":"3.8.0"', b'"version":"3.8.1"'))
    assert _resumed(nlp, corpus, output, model)[1] == 3


def test_resume_with_a_mistyped_model_leaves_the_manifest_alone(nlp, tmp_path):
    """A run that fails to load --model (exit 2) neither rewrites FILE.done nor creates one."""
    corpus = _copy_seeds(tmp_path / "seeds", 2)
    output = tmp_path / "out.jsonl"
    _resumed(nlp, corpus, output)
    manifest = manifest_path(output)
    before = manifest.read_bytes()
    for out in (output, tmp_path / "other.jsonl"):
        result = subprocess.run(
            [sys.executable, "-m", "corpusx", "extract", str(corpus), "-o", str(out), "--resume", "--model", "nope_sm"],
            capture_output=True, check=False, timeout=300,
        )  # fmt: skip
        assert result.returncode == 2
        assert result.stderr.count(b"\n") == 1
    assert manifest.read_bytes() == before
    assert not manifest_path(tmp_path / "other.jsonl").exists()


def test_resume_drops_corrupted_manifest_lines_with_a_warning(nlp, tmp_path):
    """Lines of the wrong shape, with a bad check digest or offsets outside the text are dropped and redone."""
    corpus = _copy_seeds(tmp_path / "seeds", 5)
    output = tmp_path / "out.jsonl"
    _resumed(nlp, corpus, output)
    manifest = manifest_path(output)
    header, *lines = manifest.read_bytes().splitlines(keepends=True)
    records = [orjson.loads(line) for line in lines]
    assert all(record["entities"] for record in records[1:4])
    tampered = dict(records[2], entities=[[-30, 0, "ORG", "model", -30, 5], *records[2]["entities"][1:]])
    beyond = dict(records[3], entities=[[10**6, 10**6 + 4, "ORG", "model", 10**6, 10**6 + 9]])
    beyond["check"] = _check_digest(beyond)
    lines[1] = b"[1, 2]\n"
    lines[2] = orjson.dumps(tampered) + b"\n"
    lines[3] = orjson.dumps(beyond) + b"\n"
    lines[4] = orjson.dumps(dict(records[4], doc=5)) + b"\n"
    manifest.write_bytes(header + b"".join(lines))
    warnings: list[str] = []
    resumed, ran = _resumed(nlp, corpus, output, warnings=warnings)
    assert ran == 4
    assert resumed == _clean(nlp, corpus)
    assert warnings == [
        f"{manifest}: 3 invalid lines ignored, their documents redone (line 3: not a manifest entry)",
        f"{manifest}: the entry of {records[3]['doc']!r} has offsets outside its text; redone",
    ]


def test_resume_cli_warns_in_one_line(nlp, tmp_path):
    """`extract --resume` prints the manifest warning as one line on stderr and still exits 0."""
    corpus = _copy_seeds(tmp_path / "seeds", 2)
    output = tmp_path / "out.jsonl"
    _resumed(nlp, corpus, output)
    manifest = manifest_path(output)
    with open(manifest, "ab") as stream:
        stream.write(b'{"doc": "x"}\n')
    result = CliRunner().invoke(app, ["extract", str(corpus), "-o", str(output), "--resume", "-q"])
    assert result.exit_code == 0
    assert (
        result.stderr
        == f"corpusx: {manifest}: 1 invalid lines ignored, their documents redone (line 4: not a manifest entry)\n"
    )
