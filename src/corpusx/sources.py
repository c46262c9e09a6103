"""Find the input documents (files, folders, stdin) and decode them, one at a time."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .errors import InputError

DEFAULT_GLOBS = ("*.txt", "*.md")
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded article: `text` is what offsets refer to."""

    doc_id: str
    path: str
    text: str
    date: date | None = None


def iter_documents(paths: Iterable[str], globs: Iterable[str] = DEFAULT_GLOBS) -> Iterator[Document | InputError]:
    """Yield each input document in order (folders walked sorted by path), or an InputError for a bad input."""
    globs = tuple(globs)
    for given in paths:
        if given == STDIN:
            yield _decode(sys.stdin.buffer.read(), doc_id="stdin", path=STDIN)
            continue
        path = Path(given)
        if path.is_dir():
            files = sorted({file for pattern in globs for file in path.rglob(pattern) if file.is_file()})
            if not files:
                yield InputError(given, f"no files matching {', '.join(globs)} in this folder")
            for file in files:
                yield read_document(file)
        elif path.exists():
            yield read_document(path, given)
        else:
            yield InputError(given, "no such file or folder")


def read_document(path: Path, given: str | None = None) -> Document | InputError:
    """Read and decode one file; the document id is the file's stem."""
    shown = given if given is not None else str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        return InputError(shown, error.strerror or str(error))
    return _decode(data, doc_id=path.stem, path=shown)


def _decode(data: bytes, doc_id: str, path: str) -> Document | InputError:
    text = decode_bytes(data)
    if text is None:
        return InputError(path, "binary file (NUL bytes), not text")
    if not text.strip():
        return InputError(path, "empty document")
    return Document(doc_id=doc_id, path=path, text=text)


def decode_bytes(data: bytes) -> str | None:
    """Decode UTF-8 (BOM dropped), else Windows-1252, else Latin-1; None for binary data."""
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")
