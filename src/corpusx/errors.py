"""Errors raised by the library; the CLI words them as one line and picks the exit code."""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_USAGE = 2

_INTERRUPTS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


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


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP until the block ends, then let the first one raise as usual.

    Imports and model loading run inside: an interrupt raised in the middle of an import can
    come out as another error (CPython turns it into a TypeError while raising an ImportError) or
    be swallowed by a library's bare `except`. Held, it lands between two of our own statements.
    Only signals whose handler raises (Python's Ctrl-C handler, corpusx's own) are held, and only in
    the main thread, the one Python runs signal handlers in.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    raising: dict[int, Any] = {
        signum: handler for signum in _INTERRUPTS if callable(handler := signal.getsignal(signum))
    }
    for signum in raising:
        signal.signal(signum, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        for signum, handler in raising.items():
            signal.signal(signum, handler)
    if held:
        raising[held[0]](held[0], None)
