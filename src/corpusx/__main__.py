"""The `corpusx` command's entry point: signals first, then the Typer app.

Ctrl-C, SIGTERM and SIGHUP raise `Interrupted` (a KeyboardInterrupt), set before anything heavy
is imported, so an interrupt at any moment, start-up included, ends in one line and exit code
128 + the signal's number, never a traceback: also when a library swallowed the interrupt or
it came out of C code as another error, since the signal is remembered.
"""

from __future__ import annotations

import signal
import sys
from typing import NoReturn

from corpusx.errors import Interrupted, interrupted_exit_code, interrupts_held


def main() -> None:
    """Run the corpusx command line."""
    received: list[int] = []

    def raise_interrupted(signum: int, frame: object) -> None:
        received.append(signum)
        raise Interrupted(signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, raise_interrupted)
    try:
        with interrupts_held():
            from corpusx.cli import app
        app(prog_name="corpusx")
    except KeyboardInterrupt as interrupt:
        _interrupted(interrupted_exit_code(interrupt))
    except SystemExit as ended:
        if received and ended.code in (0, None):  # the interrupt was swallowed, say in a finaliser
            _interrupted(128 + received[0])
        raise
    except Exception:
        if not received:
            raise
        _interrupted(128 + received[0])  # an interrupt inside C code can come out as another error


def _interrupted(code: int) -> NoReturn:
    print("corpusx: interrupted", file=sys.stderr)
    sys.exit(code)


if __name__ == "__main__":
    main()
