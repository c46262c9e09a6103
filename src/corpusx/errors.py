"""Errors raised by the library; the CLI words them as one line and picks the exit code."""

from __future__ import annotations

import re
import signal

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_USAGE = 2


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` with control characters and line separators escaped (`\\n`, `\\x1b`, `\\u2028`), so it stays one line.

    A byte of a file name that is not UTF-8 (a surrogate escape from `os.fsdecode`) is shown as `\\xNN`.
    """
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    if character in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[character]
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


class CorpusxError(Exception):
    """Base class of every error corpusx raises on purpose."""


class ModelError(CorpusxError):
    """The spaCy pipeline named with --model cannot be loaded."""


class EngineError(CorpusxError):
    """The engine named with --engine cannot run (a Dask scheduler that cannot be reached)."""


class InputError(CorpusxError):
    """One input (a file, a line of a JSONL file, stdin) cannot be processed; its message is one printable line."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(printable(f"{where}: {reason}"))

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, int | None]]:
        """Pickled by its arguments, so that it travels from a worker that read the input."""
        return (InputError, (self.path, self.reason, self.line))


class Interrupted(KeyboardInterrupt):
    """A signal that ends the run like Ctrl-C (SIGTERM, SIGHUP), carrying its number."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signum)


def interrupted_exit_code(interrupt: KeyboardInterrupt) -> int:
    """128 + the signal's number, as shells report a process ended by it (130 for Ctrl-C)."""
    return 128 + getattr(interrupt, "signum", signal.SIGINT)
