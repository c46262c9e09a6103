"""The `corpusx` command's entry point: signals first, then the Typer app.

SIGTERM and SIGHUP are turned into `Interrupted` (a KeyboardInterrupt) like Ctrl-C, before
anything heavy is imported, so an interrupt at any moment, start-up included, ends in one
line and exit code 128 + the signal's number, never a traceback.
"""

from __future__ import annotations

import signal
import sys

from corpusx.errors import Interrupted, interrupted_exit_code, interrupts_held


def _raise_interrupted(signum: int, frame: object) -> None:
    raise Interrupted(signum)


def main() -> None:
    """Run the corpusx command line."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_interrupted)
    try:
        with interrupts_held():
            from corpusx.cli import app
        app(prog_name="corpusx")
    except KeyboardInterrupt as interrupt:
        print("corpusx: interrupted", file=sys.stderr)
        sys.exit(interrupted_exit_code(interrupt))


if __name__ == "__main__":
    main()
