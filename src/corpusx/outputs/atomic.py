"""Write output atomically: a temporary file renamed into place only when the run completes.

Only a regular file (or a name that does not exist yet) is replaced atomically. A symlink is
followed and its target replaced atomically, so the link stays a link. A device or FIFO
(`/dev/null`, `/dev/stdout`, a named pipe) is written through, as the user asked: there is
nothing to rename into place.
"""

from __future__ import annotations

import io
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, cast

from corpusx.errors import CorpusxError


class OutputError(CorpusxError):
    """The output file cannot be written (no space left, a read-only folder, a folder given as -o)."""


class Discard(Exception):
    """Raised inside `atomic_output`'s block to leave the earlier file as it was."""


def writable_target(path: Path) -> Path:
    """The file `path` names, symlinks followed; an OutputError if it is a folder."""
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise OutputError(f"{path}: a folder; -o takes a file name")
    return target


@contextmanager
def atomic_output(path: Path | None) -> Iterator[IO[bytes]]:
    """A binary stream: stdout when `path` is None, else a temporary file renamed to `path` on success.

    On any error, interrupt or `Discard` the temporary file is removed and the earlier file is
    left as it was; an OSError while writing becomes an OutputError.
    """
    if path is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = writable_target(path)
    if target.exists() and not stat.S_ISREG(target.stat().st_mode):
        with _written(path):
            stream = open(target, "wb")  # noqa: SIM115  (closed below, its errors worded)
        try:
            yield cast(IO[bytes], _Guarded(stream, path))
        finally:
            with _written(path):
                stream.close()
        return
    with _written(path):
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with _written(path), os.fdopen(handle, "wb") as stream:
            yield cast(IO[bytes], _Guarded(stream, path))
            with _written(path):
                os.chmod(temporary, _mode_for(target))
                stream.flush()
                os.fsync(stream.fileno())
        with _written(path):
            os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _Guarded(io.RawIOBase):
    """A binary stream whose write errors are OutputErrors naming the output (a file object pyarrow accepts too)."""

    def __init__(self, stream: IO[bytes], path: Path) -> None:
        super().__init__()
        self._stream = stream
        self._path = path

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        with _written(self._path):
            return self._stream.write(data)

    def flush(self) -> None:
        with _written(self._path):
            self._stream.flush()

    def tell(self) -> int:
        return self._stream.tell()


@contextmanager
def _written(path: Path) -> Iterator[None]:
    """Turn an OSError raised while writing `path` into a one-line OutputError."""
    try:
        yield
    except OutputError:
        raise
    except OSError as error:
        if isinstance(error, BrokenPipeError):
            raise
        raise OutputError(f"can't write {path}: {error.strerror or error}") from None


def _mode_for(path: Path) -> int:
    """The permissions the output gets: those of the file it replaces, else the umask's default."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
