"""Each kind of bad input: one line on stderr naming it, exit 1, and the good file's mentions all written."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

import corpusx
from corpusx.cli import app
from corpusx.inputs import readers
from corpusx.inputs.readers import decode_bytes

from .conftest import SEEDS

BAD = Path(__file__).parent / "data" / "bad"
GOOD = SEEDS / "000_75e7b8864e1bced3.txt"
ALL_GLOBS = "*.txt, *.md, *.html, *.htm, *.jsonl, *.ndjson"
runner = CliRunner()


def _spans(jsonl: bytes | str, doc: str) -> set[tuple]:
    records = (orjson.loads(line) for line in jsonl.splitlines() if line.strip())
    return {(r["label"], r["text"], r["start"], r["end"]) for r in records if r["doc"] == doc}


@pytest.fixture(scope="module")
def good_spans(nlp) -> set[tuple]:
    """The good seed's mentions when it is extracted alone."""
    return {(m.label, m.text, m.start, m.end) for m in corpusx.extract([GOOD], model=nlp)}


@pytest.mark.parametrize(
    "bad, problems",
    [
        ("missing.txt", ["no such file or folder"]),
        ("no_articles", [f"no files matching {ALL_GLOBS} in this folder"]),
        ("binary.png", ["binary file (NUL bytes), not text"]),
        ("undecodable.txt", ["bytes that decode in no known text encoding"]),
        ("empty.txt", ["empty file"]),
        ("no_article.html", ["no article text found in the HTML page"]),
        (
            "lines.jsonl",
            [
                (2, "not valid JSON (unexpected control character in string)"),
                (3, "text field 'text' is missing (choose it with --text-field)"),
            ],
        ),
    ],
)
def test_bad_input_is_reported_and_the_good_file_still_extracted(bad, problems, good_spans):
    """The bad input gets one line per problem naming it (and the JSONL line), exit 1, good mentions kept."""
    path = BAD / bad
    result = runner.invoke(app, ["extract", str(path), str(GOOD), "-q"])
    expected = "".join(
        f"corpusx: {path}:{p[0]}: {p[1]}; skipped\n" if isinstance(p, tuple) else f"corpusx: {path}: {p}; skipped\n"
        for p in problems
    )
    assert result.stderr == expected
    assert result.exit_code == 1
    assert _spans(result.stdout, GOOD.stem) == good_spans


def test_bad_input_jsonl_good_line_is_still_extracted():
    """The valid line of a JSONL file with broken lines is extracted under its own id."""
    result = runner.invoke(app, ["extract", str(BAD / "lines.jsonl"), "-q"])
    assert result.exit_code == 1
    assert ("PERSON", "Jane Smith", 23, 33) in _spans(result.stdout, "acme-1")


def test_bad_input_unreadable_file(tmp_path, monkeypatch, good_spans):
    """A file without read permission is reported as such (mocked when running as root, who may read anything)."""
    locked = tmp_path / "locked.txt"
    shutil.copy(GOOD, locked)
    locked.chmod(0)
    if os.geteuid() == 0:
        real_open = Path.open

        def refuse(self, *args, **kwargs):
            if self == locked:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)
    result = runner.invoke(app, ["extract", str(locked), str(GOOD), "-q"])
    assert result.stderr == f"corpusx: {locked}: permission denied; skipped\n"
    assert result.exit_code == 1
    assert _spans(result.stdout, GOOD.stem) == good_spans


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root and setpriv")
def test_bad_input_unreadable_file_as_an_unprivileged_user():
    """Run as `nobody`, the real operating system refuses the read and the reader reports it."""
    as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c"]
    probe = subprocess.run([*as_nobody, "import corpusx.inputs.sources"], capture_output=True, cwd="/", check=False)
    if probe.returncode != 0:
        pytest.skip("the unprivileged user cannot run this checkout's interpreter (a root-only folder above it)")
    folder = Path(tempfile.mkdtemp(prefix="corpusx-"))  # pytest's tmp_path sits below a root-only folder
    folder.chmod(0o755)
    locked = folder / "locked.txt"
    locked.write_text("Acme.")
    locked.chmod(0)
    script = "import corpusx.inputs.sources as s, sys; print(*s.iter_documents(sys.argv[1:]), sep='\\n')"
    result = subprocess.run(
        [*as_nobody, script, str(locked)],
        capture_output=True, text=True, check=True, cwd="/",
    )  # fmt: skip
    shutil.rmtree(folder)
    assert result.stdout == f"{locked}: permission denied\n"


def test_bad_input_big_file_in_pieces_through_the_cli(tmp_path, monkeypatch):
    """A file bigger than a piece is extracted piece by piece, exit 0, offsets into the whole decoded text."""
    monkeypatch.setattr(readers, "PIECE_BYTES", 4096)
    big = tmp_path / "big.txt"
    big.write_bytes(GOOD.read_bytes() * 8)
    text = decode_bytes(big.read_bytes())
    result = runner.invoke(app, ["extract", str(big), "-q"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stderr == ""
    records = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert all(text[r["start"] : r["end"]] == r["text"] for r in records)
    assert {r["doc"] for r in records} == {"big"}
    assert max(r["start"] for r in records) > len(text) * 7 // 8


# Peak RSS from /proc (VmHWM): getrusage's ru_maxrss keeps the forking parent's peak across exec.
_PIECES_SCRIPT = """
import hashlib, re, sys
from corpusx.inputs.sources import iter_documents
def peak_mb():
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1)) // 1024
print(peak_mb())
for piece in iter_documents([sys.argv[1]]):
    print(piece.offset, len(piece.text), hashlib.sha1(piece.text.encode()).hexdigest())
print(peak_mb())
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_bad_input_huge_file_has_bounded_memory_and_right_offsets(tmp_path, encoding):
    """A ~100 MB file is read in pieces whose offsets slice the decoded file, in bounded memory and time."""
    line = "Acme Corporation paid “£40m” for Café Widgets, Jane Smith said on Tuesday; shares rose 3%.\r\n"
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as stream:
        for n in range(100 * 2**20 // (len(line) * 1000)):
            stream.write((f"Story {n}\r\n" + line * 1000).encode(encoding))
    size_mb = huge.stat().st_size // 2**20
    began = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", _PIECES_SCRIPT, str(huge)], capture_output=True, text=True, check=True
    )
    elapsed = time.monotonic() - began
    before_mb, *rows, peak_mb = result.stdout.split("\n")[:-1]
    text = huge.read_bytes().decode(encoding)
    expected_offset = 0
    for row in rows:
        offset, length, digest = row.split()
        assert int(offset) == expected_offset
        assert hashlib.sha1(text[int(offset) : int(offset) + int(length)].encode()).hexdigest() == digest
        expected_offset += int(length)
    assert expected_offset == len(text)
    assert len(rows) >= size_mb // 4
    growth_mb = int(peak_mb) - int(before_mb)
    assert growth_mb < 16 * readers.PIECE_BYTES // 2**20 < size_mb, (
        f"RSS grew {growth_mb} MB reading a {size_mb} MB file"
    )
    assert elapsed < 60
