"""Errors raised by the library; the CLI words them as one line and picks the exit code."""

from __future__ import annotations

import signal

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_USAGE = 2


class CorpusxError(Exception):
    """Base class of every error corpusx raises on purpose."""


class ModelError(CorpusxError):
    """The spaCy pipeline named with --model cannot be loaded."""


class EngineError(CorpusxError):
    """The engine named with --engine cannot run (a Dask scheduler that cannot be reached)."""


class InputError(CorpusxError):
    """One input (a file, a line of a JSONL file, stdin) cannot be processed."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class Interrupted(KeyboardInterrupt):
    """A signal that ends the run like Ctrl-C (SIGTERM, SIGHUP), carrying its number."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signum)


def interrupted_exit_code(interrupt: KeyboardInterrupt) -> int:
    """128 + the signal's number, as shells report a process ended by it (130 for Ctrl-C)."""
    return 128 + getattr(interrupt, "signum", signal.SIGINT)
