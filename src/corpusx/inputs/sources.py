"""Find the input documents (files, folders, stdin) and read them, one at a time."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from corpusx.errors import InputError
from corpusx.inputs.readers import decode_bytes, read_stream
from corpusx.types import DEFAULT_FIELDS, Document, Fields

__all__ = ["DEFAULT_GLOBS", "STDIN", "decode_bytes", "emit_texts", "iter_documents", "only_documents", "read_path"]

DEFAULT_GLOBS = ("*.txt", "*.md", "*.html", "*.htm", "*.jsonl", "*.ndjson")
STDIN = "-"
_UNSAFE = re.compile(r"[^\w.:-]")


def iter_documents(
    paths: Iterable[str], globs: Iterable[str] = DEFAULT_GLOBS, fields: Fields = DEFAULT_FIELDS
) -> Iterator[Document | InputError]:
    """Yield each input's documents in order (folders walked sorted by path), or an InputError per bad input."""
    globs = tuple(globs)
    for given in paths:
        if given == STDIN:
            yield from read_stream(sys.stdin.buffer, "stdin", STDIN, ".txt", fields)
            continue
        path = Path(given)
        if path.is_dir():
            files = sorted({file for pattern in globs for file in path.rglob(pattern) if file.is_file()})
            if not files:
                yield InputError(given, f"no files matching {', '.join(globs)} in this folder")
            for file in files:
                yield from read_path(file, str(file), fields)
        elif path.exists():
            yield from read_path(path, given, fields)
        else:
            yield InputError(given, "no such file or folder")


def read_path(path: Path, shown: str, fields: Fields = DEFAULT_FIELDS) -> Iterator[Document | InputError]:
    """The documents of one file (its stem is the document id); an InputError if it cannot be read."""
    try:
        with path.open("rb") as stream:
            yield from read_stream(stream, path.stem, shown, path.suffix.lower(), fields)
    except PermissionError:
        yield InputError(shown, "permission denied")
    except OSError as error:
        yield InputError(shown, f"can't read it ({error.strerror or error})")


def only_documents(
    results: Iterable[Document | InputError], on_error: Callable[[InputError], None]
) -> Iterator[Document]:
    """The documents among `results`; each InputError goes to `on_error`."""
    for result in results:
        if isinstance(result, InputError):
            on_error(result)
        else:
            yield result


def emit_texts(documents: Iterable[Document], directory: Path) -> Iterator[Document]:
    """Pass documents through, writing each one's text (what offsets refer to) to `directory/<doc>.txt` as UTF-8."""
    directory.mkdir(parents=True, exist_ok=True)
    for document in documents:
        target = directory / f"{_UNSAFE.sub('_', document.doc_id).lstrip('.') or '_'}.txt"
        with target.open("ab" if document.offset else "wb") as stream:
            stream.write(document.text.encode("utf-8", "surrogatepass"))
        yield document
