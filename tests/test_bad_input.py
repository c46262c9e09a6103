"""Each kind of bad input: one line on stderr naming it, exit 1, and the good file's mentions all written."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import fsspec
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import corpusx
from corpusx.cli import app
from corpusx.errors import InputError
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


#: Each bad input of tests/data/bad and the problems reported for it (a JSONL problem with its line).
BAD_INPUTS = [
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
]
#: The bad inputs checked again at a URL.
BAD_AT_URL = ("missing.txt", "no_articles", "binary.png", "undecodable.txt", "lines.jsonl")


@pytest.mark.parametrize("bad, problems", BAD_INPUTS)
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


@pytest.mark.parametrize("bad, problems", [case for case in BAD_INPUTS if case[0] in BAD_AT_URL])
def test_bad_input_at_a_url_is_reported_like_a_file(bad, problems, good_spans):
    """A bad input at a memory:// URL gets the file's one-line messages, naming the URL; exit 1, the good URL read."""
    memory = fsspec.filesystem("memory")
    memory.put(str(BAD), "/bad", recursive=True)
    memory.pipe("/good/" + GOOD.name, GOOD.read_bytes())
    try:
        url = f"memory://bad/{bad}"
        result = runner.invoke(app, ["extract", url, f"memory://good/{GOOD.name}", "-q", "--jobs", "1"])
    finally:
        memory.rm(["/bad", "/good"], recursive=True)
    lines = [f"{url}:{p[0]}: {p[1]}" if isinstance(p, tuple) else f"{url}: {p}" for p in problems]
    assert result.stderr.splitlines() == [f"corpusx: {line}; skipped" for line in lines]
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


def _cli(*args: str, timeout: float = 120, **options) -> subprocess.CompletedProcess:
    """`corpusx ARGS` in a real process, this checkout's sources first on the path."""
    env = {**os.environ, "PYTHONPATH": str(Path(corpusx.__file__).parents[1])}
    return subprocess.run(
        [sys.executable, "-m", "corpusx", *args], capture_output=True, timeout=timeout, env=env, check=False, **options
    )


@pytest.fixture
def odd_folder(tmp_path) -> tuple[Path, list[str]]:
    """A folder with the good seed beside entries named *.txt that cannot be read, and the message each one gets."""
    folder = tmp_path / "odd"
    folder.mkdir()
    shutil.copy(GOOD, folder / GOOD.name)
    (folder / "dangling.txt").symlink_to("missing-target.txt")
    (folder / "loop.txt").symlink_to("loop.txt")
    os.mkfifo(folder / "fifo.txt")  # opened for reading, it would block the run for ever
    (folder / "device.txt").symlink_to("/dev/zero")  # read, it would never end
    (folder / "folder-link.txt").symlink_to(folder)  # a link to a folder: not followed, no message
    (folder / "bad\nname.txt").write_bytes(b"")
    messages = [
        f"corpusx: {folder}/bad\\nname.txt: empty file; skipped",
        f"corpusx: {folder}/dangling.txt: broken symbolic link (its target does not exist); skipped",
        f"corpusx: {folder}/device.txt: a character device, not a regular file; skipped",
        f"corpusx: {folder}/fifo.txt: a named pipe (FIFO), not a regular file; skipped",
        f"corpusx: {folder}/loop.txt: symbolic link loop; skipped",
    ]
    return folder, messages


def test_bad_input_links_pipes_and_devices_in_a_folder_are_failed_inputs(odd_folder, good_spans):
    """Broken and looping links, a FIFO and a device link each get one line (newline escaped), exit 1, no hang."""
    folder, messages = odd_folder
    result = _cli("extract", str(folder), "-q", timeout=120)
    assert result.stderr.decode().splitlines() == messages
    assert result.returncode == 1
    assert _spans(result.stdout, GOOD.stem) == good_spans


def test_bad_input_unlistable_subfolder_is_a_failed_input(tmp_path, monkeypatch, good_spans):
    """A subfolder that cannot be listed is one line and exit 1 (refused by a mock, as root may list anything)."""
    shutil.copy(GOOD, tmp_path / GOOD.name)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text("Acme.")
    real_scandir = os.scandir

    def refuse(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    result = runner.invoke(app, ["extract", str(tmp_path), "-q"])
    assert result.stderr == f"corpusx: {locked}: permission denied: folder not read; skipped\n"
    assert result.exit_code == 1
    assert _spans(result.stdout, GOOD.stem) == good_spans


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root and setpriv")
def test_bad_input_unlistable_subfolder_as_an_unprivileged_user():
    """Run as `nobody`, a subfolder without permissions is reported and the file beside it still read."""
    as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c"]
    probe = subprocess.run([*as_nobody, "import corpusx.inputs.sources"], capture_output=True, cwd="/", check=False)
    if probe.returncode != 0:
        pytest.skip("the unprivileged user cannot run this checkout's interpreter (a root-only folder above it)")
    folder = Path(tempfile.mkdtemp(prefix="corpusx-"))
    folder.chmod(0o755)
    (folder / "a.txt").write_text("Acme.")
    (folder / "locked").mkdir(mode=0o700)
    (folder / "locked" / "b.txt").write_text("Widgets.")
    (folder / "locked").chmod(0)
    script = "import corpusx.inputs.sources as s, sys; print(*s.iter_documents(sys.argv[1:]), sep='\\n')"
    result = subprocess.run([*as_nobody, script, str(folder)], capture_output=True, text=True, check=True, cwd="/")
    (folder / "locked").chmod(0o700)
    shutil.rmtree(folder)
    first, second = result.stdout.splitlines()
    assert first.startswith(f"Document(doc_id='a', path='{folder}/a.txt'")
    assert second == f"{folder}/locked: permission denied: folder not read"


def test_bad_input_named_pipe_in_a_folder_is_never_opened(odd_folder):
    """The walk stats the FIFO and never opens it: no writer is needed, and the reader does not block."""
    folder, _ = odd_folder
    script = "import corpusx.inputs.sources as s, sys; print(*s.iter_documents(sys.argv[1:], ['fifo.txt']), sep='\\n')"
    env = {**os.environ, "PYTHONPATH": str(Path(corpusx.__file__).parents[1])}
    result = subprocess.run(
        [sys.executable, "-c", script, str(folder)], capture_output=True, text=True, timeout=30, env=env, check=True
    )
    assert result.stdout == f"{folder}/fifo.txt: a named pipe (FIFO), not a regular file\n"


@pytest.mark.parametrize("pattern", ["/etc/*", "a**b", "..", ""])
def test_bad_input_absolute_or_invalid_glob_is_a_usage_error(pattern):
    """An absolute or malformed --glob is one line on stderr and exit 2, before any model loads."""
    result = runner.invoke(app, ["extract", str(SEEDS), "--glob", pattern, "-q"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"corpusx: Invalid value for --glob: pattern '{pattern}' ")
    assert len(result.stderr.splitlines()) == 1
    assert result.stdout == ""


def test_bad_input_output_inside_the_input_folder_is_not_read_again(tmp_path):
    """A second run with -o inside the input folder reads neither the first output nor its manifest or temporary file."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(GOOD, corpus / GOOD.name)
    output = corpus / "out.jsonl"
    first = runner.invoke(app, ["extract", str(corpus), "-o", str(output), "-q"], catch_exceptions=False)
    assert first.exit_code == 0
    mentions = output.read_bytes()
    shutil.copy(output, corpus / "out.jsonl.done")
    shutil.copy(output, corpus / ".out.jsonl.x1y2.part")
    again = runner.invoke(app, ["extract", str(corpus), "-o", str(output), "--glob", "*", "-q"])
    assert (again.exit_code, again.stderr) == (0, "")
    assert output.read_bytes() == mentions


def test_bad_input_category_layout_ids_stay_apart_through_the_cli(tmp_path):
    """`business/001.txt` and `sport/001.txt` become two documents, `business/001` and `sport/001`."""
    for category, name in (("business", "Acme Holdings"), ("sport", "Widgets United")):
        (tmp_path / category).mkdir()
        (tmp_path / category / "001.txt").write_text(f"{name} hired Mira Okafor on Tuesday.\n")
    result = runner.invoke(app, ["extract", str(tmp_path), "-q"], catch_exceptions=False)
    records = [orjson.loads(line) for line in result.stdout.splitlines()]
    by_doc = {doc: {r["text"] for r in records if r["doc"] == doc} for doc in {r["doc"] for r in records}}
    assert set(by_doc) == {"business/001", "sport/001"}
    assert "Acme Holdings" in by_doc["business/001"] and "Widgets United" in by_doc["sport/001"]


def test_bad_input_file_name_not_utf8_is_written(tmp_path):
    """A file name with a byte that is not UTF-8 is written with `\\xNN` in `path` and `doc`; the run exits 0."""
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text("Acme Holdings hired Mira Okafor.\n")
    result = _cli("extract", str(tmp_path), "-q")
    assert (result.returncode, result.stderr) == (0, b"")
    records = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert records and {(r["doc"], r["path"]) for r in records} == {("caf\\xe9", f"{tmp_path}/caf\\xe9.txt")}


def test_bad_input_one_line_of_1_5_mb_is_cut_with_exact_offsets(tmp_path, good_spans):
    """A 1.5 MB text without a line break is extracted (segments cut at sentence ends), offsets exact, exit 0."""
    sentence = "Acme Holdings paid $5m to Mira Okafor on Tuesday, a spokesman for Widgets Ltd said. "
    text = sentence * (1_500_000 // len(sentence) + 1)
    (tmp_path / "line.txt").write_text(text)
    result = runner.invoke(app, ["extract", str(tmp_path / "line.txt"), str(GOOD), "-q"], catch_exceptions=False)
    assert (result.exit_code, result.stderr) == (0, "")
    records = [orjson.loads(line) for line in result.stdout.splitlines() if b'"doc":"line"' in line.encode()]
    assert len(records) > 1_500_000 // len(sentence)
    assert all(text[r["start"] : r["end"]] == r["text"] for r in records)
    assert max(r["end"] for r in records) > len(text) - len(sentence)
    assert _spans(result.stdout, GOOD.stem) == good_spans


@pytest.mark.parametrize(
    ("name", "text", "seconds"),
    [
        ("brackets", "(" * 20_000 + " Acme Holdings hired Mira Okafor.", 20),  # quadratic in the tokenizer: 66 s
        ("money", "$5m " * 62_500, 90),  # 250 KB in one segment: past 180 s and 2.4 GB
    ],
)
def test_bad_input_pathological_line_costs_a_bounded_time(nlp, name, text, seconds):
    """A line that stalled spaCy is cut into bounded segments; it extracts in bounded time, offsets exact."""
    began = time.monotonic()
    mentions = list(corpusx.extract([corpusx.Document(name, "<memory>", text)], model=nlp))
    assert time.monotonic() - began < seconds
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_bad_input_missing_html_package_fails_only_the_html_input(tmp_path, good_spans):
    """With lxml_html_clean (or trafilatura) not importable, each HTML input is one line naming it; the rest is written."""
    page = tmp_path / "page.html"
    page.write_bytes((Path(__file__).parent / "data" / "bad" / "no_article.html").read_bytes())
    results = {}
    for blocked in ("lxml_html_clean", "trafilatura"):
        code = f"import sys; sys.modules[{blocked!r}] = None; from corpusx.cli import app; app()"
        env = {**os.environ, "PYTHONPATH": str(Path(corpusx.__file__).parents[1])}
        results[blocked] = subprocess.run(
            [sys.executable, "-c", code, "extract", str(page), str(GOOD), "-q"],
            capture_output=True, timeout=120, env=env, check=False,
        )  # fmt: skip
    assert results["lxml_html_clean"].stderr.decode() == (
        f"corpusx: {page}: can't read HTML: lxml.html.clean module is now a separate project lxml_html_clean.; skipped\n"
    )
    assert results["trafilatura"].stderr.decode() == (
        f"corpusx: {page}: can't read HTML: Python package 'trafilatura' is missing "
        "(pip install it, or reinstall corpusx); skipped\n"
    )
    for result in results.values():
        assert result.returncode == 1
        assert _spans(result.stdout, GOOD.stem) == good_spans


def test_bad_input_lxml_html_clean_is_a_direct_dependency():
    """pyproject declares lxml_html_clean itself, so an old pip that skips jusText's extra still installs it."""
    import tomllib

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["project"]
    names = {re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower() for requirement in project["dependencies"]}
    assert {"lxml_html_clean", "trafilatura"} <= {name.replace("-", "_") for name in names}


def test_bad_input_jsonl_line_over_the_limit_through_the_cli(tmp_path):
    """A JSONL line over 16 MB is one line on stderr with its line number; the next line is extracted; exit 1."""
    dump = tmp_path / "dump.jsonl"
    with dump.open("wb") as stream:
        stream.write(b'{"text": "' + b"Acme Holdings. " * (17 * 2**20 // 15) + b'"}\n')
        stream.write(b'{"id": "ok", "text": "Acme Holdings hired Mira Okafor."}\n')
    result = runner.invoke(app, ["extract", str(dump), "-q"], catch_exceptions=False)
    assert result.stderr == f"corpusx: {dump}:1: line over 16 MB, the most a JSONL line may hold; skipped\n"
    assert result.exit_code == 1
    assert ("PERSON", "Mira Okafor", 20, 31) in _spans(result.stdout, "ok")


_LINE_SCRIPT = """
import re, sys
from corpusx.inputs.sources import iter_documents
def peak_mb():
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1)) // 1024
before = peak_mb()
results = list(iter_documents(sys.argv[1:]))
print(peak_mb() - before, *results, sep="\\n")
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_bad_input_jsonl_line_of_200_mb_costs_bounded_memory(tmp_path):
    """Reading past a 200 MB JSONL line holds at most about the limit in memory, not the line."""
    dump = tmp_path / "huge.jsonl"
    with dump.open("wb") as stream:
        stream.write(b'{"text": "')
        for _ in range(200):
            stream.write(b"Acme " * (2**20 // 5))
        stream.write(b'"}\n{"text": "Widgets."}\n')
    result = subprocess.run([sys.executable, "-c", _LINE_SCRIPT, str(dump)], capture_output=True, text=True, check=True)
    growth, error, document = result.stdout.splitlines()
    assert error == f"{dump}:1: line over 16 MB, the most a JSONL line may hold"
    assert document.startswith("Document(doc_id='huge:2'")
    assert int(growth) < 3 * readers.JSONL_LINE_MAX_BYTES // 2**20


_STDIN_SCRIPT = _PIECES_SCRIPT.replace("iter_documents([sys.argv[1]])", "iter_documents(['-'])")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_bad_input_piped_stdin_is_read_in_pieces_in_bounded_memory():
    """80 MB piped into stdin (not seekable) come in pieces with exact offsets, in memory far below their size."""
    line = "Acme Holdings paid “£40m” for Café Widgets, Mira Okafor said on Tuesday.\n"
    text = line * (80 * 2**20 // len(line.encode()))
    data = text.encode("utf-8")
    result = subprocess.run(
        [sys.executable, "-c", _STDIN_SCRIPT], input=data, capture_output=True, check=True, timeout=120
    )
    before_mb, *rows, peak_mb = result.stdout.decode().split("\n")[:-1]
    offset = 0
    for row in rows:
        start, length, digest = row.split()
        assert int(start) == offset
        assert hashlib.sha1(text[offset : offset + int(length)].encode()).hexdigest() == digest
        offset += int(length)
    assert offset == len(text) and len(rows) >= 16
    assert int(peak_mb) - int(before_mb) < 16 * readers.PIECE_BYTES // 2**20 < len(data) // 2**20


_SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda s: (s[0], s[0] + s[1])), max_size=10)


@given(_SPANS, st.integers(0, 70), st.integers(0, 12))
def test_bad_input_span_lookups_agree_with_a_scan(spans, start, length):
    """The log-time overlap and containment tests (a long line has thousands of entities) give what a scan gives."""
    from corpusx.names.votes import _Spans

    end = start + length
    found = _Spans(spans)
    assert found.overlap(start, end) == any(s < end and start < e for s, e in spans)
    assert found.contain(start, end) == any(s <= start and end <= e for s, e in spans)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("a\nb.txt", "a\\nb.txt"),
        ("a\rb\tc.txt", "a\\rb\\tc.txt"),
        ("\x1b[31mred.txt", "\\x1b[31mred.txt"),
        ("line\u2028sep.txt", "line\\u2028sep.txt"),
        (os.fsdecode(b"caf\xe9.txt"), "caf\\xe9.txt"),
        ("Café “Acme”.txt", "Café “Acme”.txt"),
    ],
)
def test_bad_input_error_messages_are_one_printable_line(name, shown):
    """Control characters, line separators and undecodable name bytes are escaped in an InputError's message."""
    assert str(InputError(name, "empty file")) == f"{shown}: empty file"
