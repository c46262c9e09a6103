"""Walk a folder for input files, and the messages for what cannot be read.

Names that are not UTF-8 are shown with each undecodable byte as `\\xNN`.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePath

from corpusx.errors import CorpusxError, InputError

DEFAULT_GLOBS = ("*.txt", "*.md", "*.html", "*.htm", "*.jsonl", "*.ndjson")
_UNDECODABLE = re.compile(r"[\udc80-\udcff]")
NOT_REGULAR = (
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


def find_files(
    folder: str, globs: Iterable[str] = DEFAULT_GLOBS, exclude: Iterable[Path] = ()
) -> Iterator[tuple[str, str] | InputError]:
    """The files below `folder` matching a pattern, as (path to open, path below the folder), sorted by path.

    The walk keeps its own stack, so no depth is too deep. Patterns match the end of the path
    below the folder (`*.txt` a file name). Symbolic links to files are followed, those to
    folders are not. What matches but cannot be read is an InputError: a folder that cannot
    be listed, a broken or looping link, a named pipe, a device (never opened).
    """
    matches = matcher(check_globs(globs))
    root = Path(folder)
    skip = Excluded(exclude)
    try:
        stack = [("", iter(_entries(folder)), skip.names_in(folder))]
    except OSError as error:
        yield InputError(shown_name(folder), listing_problem(error))
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
                yield InputError(shown_name(path), listing_problem(error))
            continue
        if not matches(relative, entry.name) or excluded_names(entry.name):
            continue
        try:
            mode = os.stat(path).st_mode
        except OSError as error:
            yield InputError(shown_name(path), stat_problem(path, error))
            continue
        if stat.S_ISREG(mode):
            yield path, relative
        elif not stat.S_ISDIR(mode):  # a link to a folder is not followed
            yield InputError(shown_name(path), f"{kind(mode)}, not a regular file")


def matcher(globs: Iterable[str]) -> Callable[[str, str], bool]:
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


class Excluded:
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


def stat_problem(path: str, error: OSError) -> str:
    if error.errno == errno.ENOENT and os.path.islink(path):
        return "broken symbolic link (its target does not exist)"
    if error.errno == errno.ENOENT:
        return "no such file or folder"
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    if isinstance(error, PermissionError):
        return "permission denied"
    return f"can't read it ({error.strerror or error})"


def listing_problem(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied: folder not read"
    return f"folder not read ({error.strerror or error})"


def kind(mode: int) -> str:
    return next((kind for test, kind in NOT_REGULAR if test(mode)), "an unknown kind of file")
