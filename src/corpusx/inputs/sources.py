"""Find the input documents (files, folders, stdin) and read them, one at a time.

Document ids are unique in a run: a file found in a folder is named by its path below that
folder without its suffix (`business/001`), a file given by name by its stem (`001`), a JSONL
line by its id field (else `<file id>:<line>`); an id met again gets `~2`, `~3`… in input order.
File names that are not UTF-8 are written with each undecodable byte as `\\xNN`.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePath

from corpusx.errors import CorpusxError, InputError
from corpusx.inputs.readers import decode_bytes, read_stream
from corpusx.types import DEFAULT_FIELDS, Document, Fields

__all__ = [
    "DEFAULT_GLOBS",
    "STDIN",
    "DocumentIds",
    "GlobError",
    "check_globs",
    "decode_bytes",
    "emit_name",
    "emit_texts",
    "find_files",
    "iter_documents",
    "only_documents",
    "shown_name",
]

DEFAULT_GLOBS = ("*.txt", "*.md", "*.html", "*.htm", "*.jsonl", "*.ndjson")
STDIN = "-"
#: The longest --emit-text file name in UTF-8 bytes, before `~N` and `.txt` (file systems allow 255).
EMIT_NAME_MAX_BYTES = 200
_UNSAFE = re.compile(r"[^\w.:-]")
_UNDECODABLE = re.compile(r"[\udc80-\udcff]")
_NOT_REGULAR = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class GlobError(CorpusxError, ValueError):
    """A --glob pattern that cannot select files below a folder."""


def check_globs(globs: Iterable[str]) -> tuple[str, ...]:
    """The patterns, checked: relative, not empty, no `..`, and `**` only as a leading part (which changes nothing)."""
    checked = []
    for pattern in globs:
        parts = PurePath(pattern).parts
        while parts and parts[0] == "**":
            parts = parts[1:]
        if pattern.startswith("/") or PurePath(pattern).is_absolute():
            raise GlobError(f"pattern '{pattern}' is absolute; give one relative to the folders, such as '*.txt'")
        if not parts or ".." in parts or any("**" in part for part in parts):
            raise GlobError(f"pattern '{pattern}' selects no file names; give one such as '*.txt' or 'news/*.txt'")
        checked.append(PurePath(*parts).as_posix())
    return tuple(checked)


def shown_name(path: str) -> str:
    """A file name as written in output and messages: each byte that is not UTF-8 as `\\xNN`."""
    return _UNDECODABLE.sub(lambda match: f"\\x{ord(match.group()) - 0xDC00:02x}", path)


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
    A GlobError for a bad pattern is raised by this call, before anything is read.
    """
    return _documents(paths, check_globs(globs), fields, tuple(Path(path) for path in exclude), ids or DocumentIds())


def _documents(
    paths: Iterable[str | os.PathLike[str]],
    globs: tuple[str, ...],
    fields: Fields,
    excluded: tuple[Path, ...],
    ids: DocumentIds,
) -> Iterator[Document | InputError]:
    for given in (str(os.fspath(path)) for path in paths):
        if given == STDIN:
            yield from ids.unique(read_stream(sys.stdin.buffer, "stdin", STDIN, ".txt", fields))
        else:
            yield from ids.unique(_read_given(given, globs, fields, excluded))


def _read_given(given: str, globs: tuple[str, ...], fields: Fields, excluded: tuple[Path, ...]) -> Iterator:
    """The documents of one path on the command line: a folder's files, a file, or a named pipe."""
    shown = shown_name(given)
    try:
        status = os.stat(given)
    except OSError as error:
        yield InputError(shown, _stat_problem(given, error))
        return
    if stat.S_ISDIR(status.st_mode):
        found = False  # a file, or an entry that matches and cannot be read
        for result in find_files(given, globs, excluded):
            found = True
            if isinstance(result, InputError):
                yield result
            else:
                path, relative = result
                yield from _read_file(path, _without_suffix(relative), fields)
        if not found:
            yield InputError(shown, f"no files matching {', '.join(globs)} in this folder")
    elif stat.S_ISREG(status.st_mode) or stat.S_ISFIFO(status.st_mode):  # a pipe named here: <(zcat a.gz)
        yield from _read_file(given, shown_name(Path(given).stem), fields)
    else:
        yield InputError(shown, f"{_kind(status.st_mode)}, not a file or folder")


def find_files(
    folder: str, globs: Iterable[str] = DEFAULT_GLOBS, exclude: Iterable[Path] = ()
) -> Iterator[tuple[str, str] | InputError]:
    """The files below `folder` matching a pattern, as (path to open, path below the folder), sorted by path.

    The walk keeps its own stack, so no depth is too deep. Patterns match the end of the path
    below the folder (`*.txt` a file name). Symbolic links to files are followed, those to
    folders are not. What matches but cannot be read is an InputError: a folder that cannot
    be listed, a broken or looping link, a named pipe, a device (never opened).
    """
    matches = _matcher(check_globs(globs))
    root = Path(folder)
    skip = _Excluded(exclude)
    try:
        stack = [("", iter(_entries(folder)), skip.names_in(folder))]
    except OSError as error:
        yield InputError(shown_name(folder), _listing_problem(error))
        return
    while stack:
        relative_folder, entries, excluded_names = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        relative = f"{relative_folder}/{entry.name}" if relative_folder else entry.name
        path = str(root / relative)
        if _is_folder(entry):
            try:
                stack.append((relative, iter(_entries(path)), skip.names_in(path)))
            except OSError as error:
                yield InputError(shown_name(path), _listing_problem(error))
            continue
        if not matches(relative, entry.name) or excluded_names(entry.name):
            continue
        try:
            mode = os.stat(path).st_mode
        except OSError as error:
            yield InputError(shown_name(path), _stat_problem(path, error))
            continue
        if stat.S_ISREG(mode):
            yield path, relative
        elif not stat.S_ISDIR(mode):  # a link to a folder is not followed
            yield InputError(shown_name(path), f"{_kind(mode)}, not a regular file")


def _matcher(globs: Iterable[str]) -> Callable[[str, str], bool]:
    """Whether (path below the folder, file name) matches a pattern: a name pattern matches the name."""
    names = [re.compile(fnmatch.translate(pattern)) for pattern in globs if "/" not in pattern]
    paths = [pattern for pattern in globs if "/" in pattern]

    def matches(relative: str, name: str) -> bool:
        return any(name_pattern.match(name) for name_pattern in names) or any(
            PurePath(relative).match(pattern) for pattern in paths
        )

    return matches


def _entries(folder: str) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as listing:
        return sorted(listing, key=lambda entry: entry.name)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


class _Excluded:
    """Files never read as inputs, by folder (device and inode) and name pattern."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self._patterns: dict[tuple[int, int], list[str]] = {}
        for path in paths:
            try:
                folder = os.stat(path.parent)
            except OSError:
                continue
            self._patterns.setdefault((folder.st_dev, folder.st_ino), []).append(path.name)

    def names_in(self, folder: str) -> Callable[[str], bool]:
        """Whether a file name in `folder` is excluded."""
        if not self._patterns:
            return _never
        try:
            status = os.stat(folder)
        except OSError:
            return _never
        patterns = self._patterns.get((status.st_dev, status.st_ino), [])
        return lambda name: any(name == pattern or PurePath(name).match(pattern) for pattern in patterns)


def _never(_name: str) -> bool:
    return False


def _read_file(path: str, doc_id: str, fields: Fields) -> Iterator[Document | InputError]:
    """The documents of one regular file (or named pipe); an InputError if it cannot be read."""
    shown = shown_name(path)
    try:
        with Path(path).open("rb") as stream:
            mode = os.fstat(stream.fileno()).st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
                yield InputError(shown, f"{_kind(mode)}, not a regular file")
                return
            yield from read_stream(stream, doc_id, shown, Path(path).suffix.lower(), fields)
    except PermissionError:
        yield InputError(shown, "permission denied")
    except OSError as error:
        yield InputError(shown, f"can't read it ({error.strerror or error})")


def _without_suffix(relative: str) -> str:
    """The document id of a file found in a folder: its path below the folder, `/`-separated, without suffix."""
    path = PurePath(relative)
    return shown_name(path.with_name(path.stem).as_posix())


def _stat_problem(path: str, error: OSError) -> str:
    if error.errno == errno.ENOENT and os.path.islink(path):
        return "broken symbolic link (its target does not exist)"
    if error.errno == errno.ENOENT:
        return "no such file or folder"
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    if isinstance(error, PermissionError):
        return "permission denied"
    return f"can't read it ({error.strerror or error})"


def _listing_problem(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied: folder not read"
    return f"folder not read ({error.strerror or error})"


def _kind(mode: int) -> str:
    return next((kind for test, kind in _NOT_REGULAR if test(mode)), "an unknown kind of file")


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
