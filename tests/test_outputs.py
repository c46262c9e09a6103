"""Where `extract` writes: stdout, files, devices, FIFOs, symlinks; what it does when it cannot, or has nothing."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading

import pytest

from .conftest import SEEDS

SEED = SEEDS / "000_75e7b8864e1bced3.txt"
EARLIER = b'{"doc":"earlier","label":"ORG","text":"Acme"}\n'


def corpusx(*args: str, cwd=None, **options) -> subprocess.CompletedProcess:
    """Run `python -m corpusx ARGS` as a real process."""
    return subprocess.run(
        [sys.executable, "-m", "corpusx", *args], check=False, capture_output=True, cwd=cwd, timeout=300, **options
    )


def _startup_modules(*args: str) -> set[str]:
    """The top-level packages imported by `corpusx ARGS` (a command that exits at once)."""
    code = (
        "import sys\n"
        f"sys.argv = ['corpusx', *{list(args)!r}]\n"
        "from corpusx.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(' '.join(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    return set(result.stderr.split())


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("extract", "--help")])
def test_version_and_help_do_not_import_the_model_stack(args):
    """--version and --help answer without importing spaCy, thinc, trafilatura or Dask."""
    modules = _startup_modules(*args)
    assert "corpusx" in modules
    assert not modules & {"spacy", "thinc", "trafilatura", "dask", "distributed"}


@pytest.fixture(scope="module")
def seed_stdout() -> bytes:
    """What `corpusx extract SEED` writes to stdout."""
    result = corpusx("extract", str(SEED), "-q")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_output_dash_is_stdout(tmp_path, seed_stdout):
    """-o - writes the JSONL to stdout and creates no file named '-'."""
    result = corpusx("extract", str(SEED), "-q", "-o", "-", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == seed_stdout
    assert list(tmp_path.iterdir()) == []


def test_output_folder_is_a_usage_error_before_the_model_loads(tmp_path):
    """-o DIR is one line, exit 2, before the model loads (a missing model would be the other error)."""
    result = corpusx("extract", str(SEED), "-o", str(tmp_path), "--model", "no_such_pipeline")
    assert result.returncode == 2
    assert result.stderr.decode() == f"corpusx: {tmp_path}: a folder; -o takes a file name\n"


def test_output_equal_to_an_input_is_a_usage_error(tmp_path):
    """-o naming one of the input files (here through another spelling) is exit 2 and the input is untouched."""
    article = tmp_path / "a.txt"
    article.write_text("Mira Okafor joined Acme Holdings.\n")
    result = corpusx("extract", str(article), "-o", str(tmp_path / "." / "a.txt"))
    assert result.returncode == 2
    assert b"is also an input" in result.stderr
    assert article.read_text() == "Mira Okafor joined Acme Holdings.\n"


def test_closed_stdout_ends_quietly_with_141():
    """A reader that closes the pipe ends the run without a traceback, exit 141 (128 + SIGPIPE)."""
    read, write = os.pipe()
    process = subprocess.Popen(
        [sys.executable, "-m", "corpusx", "extract", str(SEED), "-q"], stdout=write, stderr=subprocess.PIPE
    )
    os.close(write)
    os.close(read)  # the reader is gone before the first mention is written
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 141
    assert stderr == b""


def test_closed_pipe_through_head(tmp_path):
    """`corpusx extract CORPUS | head -1` prints one line; corpusx ends quietly (no traceback) with 141."""
    corpus = tmp_path / "corpus.jsonl"
    line = '{"id": "d%d", "text": "Mira Okafor met Tomas Reyes at Acme Holdings on 3 March 2021 for $%dm."}\n'
    corpus.write_text("".join(line % (n, n) for n in range(3000)))  # about 1.5 MB of output: more than a pipe holds
    script = f'"{sys.executable}" -m corpusx extract "{corpus}" -q | head -1; echo "${{PIPESTATUS[0]}}" >&2'
    result = subprocess.run(["bash", "-c", script], check=False, capture_output=True, timeout=300)
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr.decode() == "141\n"


def test_write_error_on_a_device_is_one_line_exit_1(tmp_path):
    """-o onto a full device (a /dev/full node made here, so no system file is at stake) is one line, exit 1."""
    full = tmp_path / "full"
    try:
        os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except PermissionError:
        pytest.skip("can't make a device node here (not root)")
    result = corpusx("extract", str(SEED), "-q", "-o", str(full))
    assert result.returncode == 1
    assert result.stderr.decode() == f"corpusx: can't write {full}: No space left on device; {full} left as it was\n"
    assert stat.S_ISCHR(full.stat().st_mode)


@pytest.fixture
def tiny_tmpfs(tmp_path):
    """A 16 KiB tmpfs (needs root and mount rights; skipped otherwise)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(mount)], check=False, capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"can't mount a tmpfs here: {made.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_no_space_left_keeps_the_earlier_output_and_no_temporary_file(tiny_tmpfs, tmp_path):
    """A full disk is one line, exit 1; the earlier -o FILE is intact and no temporary file is left."""
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "".join(f'{{"id": "d{n}", "text": "Mira Okafor joined Acme Holdings on 3 March 2021."}}\n' for n in range(200))
    )
    out = tiny_tmpfs / "out.jsonl"
    out.write_bytes(EARLIER)
    result = corpusx("extract", str(corpus), "-q", "-o", str(out))
    assert result.returncode == 1
    assert result.stderr.decode() == f"corpusx: can't write {out}: No space left on device; {out} left as it was\n"
    assert out.read_bytes() == EARLIER
    assert [p.name for p in tiny_tmpfs.iterdir()] == ["out.jsonl"]


def test_read_only_folder_is_one_line_exit_1(tmp_path):
    """An output folder the user cannot write to is one line, exit 1 (as an unprivileged user)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: permissions do not stop writes")
        result = corpusx("extract", str(SEED), "-q", "-o", str(folder / "out.jsonl"))
    finally:
        folder.chmod(0o755)
    assert result.returncode == 1
    assert b"Permission denied" in result.stderr
    assert result.stderr.count(b"\n") == 1


def test_every_input_failing_leaves_the_earlier_output(tmp_path):
    """A run that processes no document (a mistyped folder) leaves -o FILE as it was, exit 1."""
    out = tmp_path / "out.jsonl"
    out.write_bytes(EARLIER)
    result = corpusx("extract", str(tmp_path / "no-such-folder"), "-o", str(out))
    assert result.returncode == 1
    assert result.stderr.decode().endswith(f"corpusx: no document processed; {out} left as it was\n")
    assert out.read_bytes() == EARLIER
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_output_through_a_symlink_replaces_its_target(tmp_path, seed_stdout):
    """-o LINK replaces the file the link points to; the link stays a link."""
    target = tmp_path / "real.jsonl"
    target.write_bytes(EARLIER)
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    result = corpusx("extract", str(SEED), "-q", "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert target.read_bytes() == seed_stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.jsonl", "real.jsonl"]


def test_output_to_a_fifo_writes_through_it(tmp_path, seed_stdout):
    """-o FIFO writes into the pipe (a reader gets the JSONL) and leaves the FIFO in place."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = corpusx("extract", str(SEED), "-q", "-o", str(fifo))
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert received == [seed_stdout]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_output_to_a_device_writes_through_it(tmp_path):
    """-o onto a character device (a null device made here) writes to it and leaves the device node."""
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("can't make a device node here (not root)")
    result = corpusx("extract", str(SEED), "-q", "-o", str(device))
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(device.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]
