"""Find the input documents (files, folders, stdin) and read them, one at a time.

Document ids are unique in a run: a file found in a folder is named by its path below that
folder without its suffix (`business/001`), a file given by name by its stem (`001`), a JSONL
line by its id field (else `<file id>:<line>`); an id met again gets `~2`, `~3`… in input order.
File names that are not UTF-8 are written with each undecodable byte as `\\xNN`.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath, PurePosixPath

from corpusx.errors import InputError
from corpusx.inputs.readers import JSONL_SUFFIXES, decode_bytes, read_stream
from corpusx.inputs.urls import CLOUD_HINT, is_url, open_url, url_files
from corpusx.inputs.walk import (
    DEFAULT_GLOBS,
    GlobError,
    check_globs,
    find_files,
    kind,
    matcher,
    shown_name,
    stat_problem,
)
from corpusx.types import DEFAULT_FIELDS, Document, Fields

__all__ = [
    "DEFAULT_GLOBS",
    "STDIN",
    "DocumentIds",
    "GlobError",
    "Source",
    "check_globs",
    "decode_bytes",
    "emit_name",
    "emit_texts",
    "find_files",
    "iter_documents",
    "iter_sources",
    "only_documents",
    "read_source",
    "read_sources",
    "shown_name",
    "worker_inputs",
]

STDIN = "-"
#: The longest --emit-text file name in UTF-8 bytes, before `~N` and `.txt` (file systems allow 255).
EMIT_NAME_MAX_BYTES = 200
_UNSAFE = re.compile(r"[^\w.:-]")


class DocumentIds:
    """Hands out ids unique in a run: an id met again gets `~2`, `~3`… (the pieces of one file keep one id).

    With `fold`, ids that fold to the same key count as the same (`str.casefold` for file names).
    """

    def __init__(self, fold: Callable[[str], str] | None = None) -> None:
        self._taken: set[str] = set()
        self._fold = fold or (lambda name: name)

    def unique(self, results: Iterable[Document | InputError]) -> Iterator[Document | InputError]:
        """The results of one input, each new document under an id not used before in the run."""
        current: dict[str, str] = {}  # id as read -> id given, for the later pieces of a big file
        for result in results:
            if isinstance(result, Document):
                if result.offset == 0 or result.doc_id not in current:
                    current[result.doc_id] = self.claim(result.doc_id)
                given = current[result.doc_id]
                if given != result.doc_id:
                    result = Document(given, result.path, result.text, result.date, result.offset)
            yield result

    def claim(self, wanted: str) -> str:
        """`wanted`, or `wanted~N` with the smallest N >= 2 not yet taken; taken from now on."""
        given, number = wanted, 1
        while self._fold(given) in self._taken:
            number += 1
            given = f"{wanted}~{number}"
        self._taken.add(self._fold(given))
        return given


@dataclass(frozen=True, slots=True)
class Source:
    """One input file to read: where it lives (an absolute path or a URL), its documents' id, its name as shown.

    `worker_reads` is false for what only this process can read or should split itself: stdin,
    a named pipe, a JSONL file (its lines, with their own ids, go out in many chunks).
    """

    location: str
    doc_id: str
    shown: str
    worker_reads: bool = True

    @property
    def suffix(self) -> str:
        """The file's suffix, lower-cased, which chooses its reader (stdin is text)."""
        return ".txt" if self.location == STDIN else PurePosixPath(self.location).suffix.lower()


def iter_documents(
    paths: Iterable[str | os.PathLike[str]],
    globs: Iterable[str] = DEFAULT_GLOBS,
    fields: Fields = DEFAULT_FIELDS,
    *,
    exclude: Iterable[str | os.PathLike[str]] = (),
    ids: DocumentIds | None = None,
) -> Iterator[Document | InputError]:
    """Each input's documents in order (folders walked sorted by path), or an InputError per bad input.

    `exclude` names files never read from a folder (the run's own output), a name part may be
    a pattern (`.out.jsonl.*.part`); `ids` shares unique ids with other calls of one run.
    Ids are given in input order as the inputs are listed: a file's id when it is found (so a
    file that then fails to read still holds its id), a JSONL line's when its file is read.
    A GlobError for a bad pattern is raised by this call, before anything is read.
    """
    ids = ids or DocumentIds()
    return read_sources(iter_sources(paths, globs, exclude=exclude, ids=ids), fields, ids)


def iter_sources(
    paths: Iterable[str | os.PathLike[str]],
    globs: Iterable[str] = DEFAULT_GLOBS,
    *,
    exclude: Iterable[str | os.PathLike[str]] = (),
    ids: DocumentIds | None = None,
) -> Iterator[Source | InputError]:
    """The input files in order, each a `Source` with its id claimed in `ids` (a JSONL file's lines claim their own)."""
    return _sources(paths, check_globs(globs), tuple(Path(path) for path in exclude), ids or DocumentIds())


def read_sources(
    sources: Iterable[Source | InputError], fields: Fields, ids: DocumentIds
) -> Iterator[Document | InputError]:
    """The documents of the sources in order (JSONL line ids claimed in `ids`), errors passed on."""
    for source in sources:
        if isinstance(source, InputError):
            yield source
        elif source.suffix in JSONL_SUFFIXES:
            yield from ids.unique(read_source(source, fields))
        else:
            yield from read_source(source, fields)


def worker_inputs(
    sources: Iterable[Source | InputError], fields: Fields, ids: DocumentIds
) -> Iterator[Document | Source | InputError]:
    """`read_sources`, except that a source a worker can read is passed on as it is, to be read there."""
    for source in sources:
        if isinstance(source, Source) and source.worker_reads:
            yield source
        else:
            yield from read_sources([source], fields, ids)


def _sources(
    paths: Iterable[str | os.PathLike[str]], globs: tuple[str, ...], excluded: tuple[Path, ...], ids: DocumentIds
) -> Iterator[Source | InputError]:
    """The files of each input, in order, each file's id claimed (a JSONL file's lines claim their own)."""
    for given in (str(os.fspath(path)) for path in paths):
        if given == STDIN:
            found: Iterator[Source | InputError] = iter([Source(STDIN, "stdin", STDIN, worker_reads=False)])
        elif is_url(given):
            found = _url_sources(given, globs)
        else:
            found = _path_sources(given, globs, excluded)
        for source in found:
            if isinstance(source, Source) and source.suffix in JSONL_SUFFIXES:
                source = Source(source.location, source.doc_id, source.shown, worker_reads=False)
            elif isinstance(source, Source):
                source = Source(source.location, ids.claim(source.doc_id), source.shown, source.worker_reads)
            yield source


def _path_sources(given: str, globs: tuple[str, ...], excluded: tuple[Path, ...]) -> Iterator[Source | InputError]:
    """The files of one path on the command line: a folder's files, a file, or a named pipe."""
    shown = shown_name(given)
    try:
        status = os.stat(given)
    except OSError as error:
        yield InputError(shown, stat_problem(given, error))
        return
    if stat.S_ISDIR(status.st_mode):
        found = False  # a file, or an entry that matches and cannot be read
        for result in find_files(given, globs, excluded):
            found = True
            if isinstance(result, InputError):
                yield result
            else:
                path, relative = result
                yield Source(os.path.abspath(path), _without_suffix(relative), shown_name(path))
        if not found:
            yield InputError(shown, f"no files matching {', '.join(globs)} in this folder")
    elif stat.S_ISREG(status.st_mode) or stat.S_ISFIFO(status.st_mode):  # a pipe named here: <(zcat a.gz)
        regular = stat.S_ISREG(status.st_mode)
        yield Source(os.path.abspath(given), shown_name(Path(given).stem), shown, worker_reads=regular)
    else:
        yield InputError(shown, f"{kind(status.st_mode)}, not a file or folder")


def _url_sources(given: str, globs: tuple[str, ...]) -> Iterator[Source | InputError]:
    """The files a URL names: one file, or a folder's files that match a pattern."""
    matches = matcher(globs)
    found = False
    for result in url_files(given):
        if isinstance(result, InputError):
            yield result
            return
        url, relative = result
        if relative is None:
            yield Source(url, PurePosixPath(url).stem, url)
            return
        if matches(relative, PurePosixPath(relative).name):
            found = True
            yield Source(url, _without_suffix(relative), url)
    if not found:
        yield InputError(given, f"no files matching {', '.join(globs)} in this folder")


def read_source(source: Source, fields: Fields = DEFAULT_FIELDS) -> Iterator[Document | InputError]:
    """The documents of one input file under its id (a JSONL line under its own), or an InputError."""
    if source.location == STDIN:
        return read_stream(sys.stdin.buffer, source.doc_id, STDIN, source.suffix, fields)
    if is_url(source.location):
        return _read_url(source, fields)
    return _read_file(source.location, source.doc_id, source.shown, fields)


def _read_file(path: str, doc_id: str, shown: str, fields: Fields) -> Iterator[Document | InputError]:
    """The documents of one regular file (or named pipe); an InputError if it cannot be read."""
    try:
        with Path(path).open("rb") as stream:
            mode = os.fstat(stream.fileno()).st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
                yield InputError(shown, f"{kind(mode)}, not a regular file")
                return
            yield from read_stream(stream, doc_id, shown, Path(path).suffix.lower(), fields)
    except FileNotFoundError:
        yield InputError(shown, "no such file or folder")
    except PermissionError:
        yield InputError(shown, "permission denied")
    except OSError as error:
        yield InputError(shown, f"can't read it ({error.strerror or error})")


def _read_url(source: Source, fields: Fields) -> Iterator[Document | InputError]:
    """The documents of one file at a URL; an InputError if it cannot be read."""
    try:
        with open_url(source.location) as stream:
            yield from read_stream(stream, source.doc_id, source.shown, source.suffix, fields)
    except FileNotFoundError:
        yield InputError(source.shown, "no such file or folder")
    except PermissionError:
        yield InputError(source.shown, "permission denied")
    except ImportError as error:
        yield InputError(source.shown, f"can't read it ({error}): {CLOUD_HINT}")
    except (OSError, ValueError) as error:
        yield InputError(source.shown, f"can't read it ({getattr(error, 'strerror', None) or error})")


def _without_suffix(relative: str) -> str:
    """The document id of a file found in a folder: its path below the folder, `/`-separated, without suffix."""
    path = PurePath(relative)
    return shown_name(path.with_name(path.stem).as_posix())


def only_documents(
    results: Iterable[Document | InputError], on_error: Callable[[InputError], None]
) -> Iterator[Document]:
    """The documents among `results`; each InputError goes to `on_error`."""
    for result in results:
        if isinstance(result, InputError):
            on_error(result)
        else:
            yield result


def emit_name(doc_id: str) -> str:
    """A document id as a file name: characters other than letters, digits, `.`, `:`, `-` as `_`, at most 200 bytes."""
    name = _UNSAFE.sub("_", doc_id).lstrip(".") or "_"
    return name.encode("utf-8")[:EMIT_NAME_MAX_BYTES].decode("utf-8", "ignore")


def emit_texts(documents: Iterable[Document], directory: Path) -> Iterator[Document]:
    """Pass documents through, writing each one's text (what offsets refer to) to `directory/<name>.txt` as UTF-8.

    The name is `emit_name(doc_id)`; a name met again (ignoring case) gets `~2`, `~3`….
    """
    directory.mkdir(parents=True, exist_ok=True)
    names = DocumentIds(fold=str.casefold)  # case-insensitive file systems would merge `A.txt` and `a.txt`
    given: dict[str, str] = {}  # document id -> its file name, for the later pieces of a big file
    for document in documents:
        if document.offset == 0 or document.doc_id not in given:
            given[document.doc_id] = names.claim(emit_name(document.doc_id))
        target = directory / f"{given[document.doc_id]}.txt"
        with target.open("ab" if document.offset else "wb") as stream:
            stream.write(document.text.encode("utf-8", "surrogatepass"))
        yield document
