"""The `corpusx` command's entry point: signals first, then the Typer app.

Ctrl-C, SIGTERM and SIGHUP are remembered from this module's first line and then raise `Interrupted`
(a KeyboardInterrupt), set before anything heavy is imported, so an interrupt at any moment, start-up included, ends in one line and exit code
128 + the signal's number, never a traceback: also when a library swallowed the interrupt or
it came out of C code as another error, since the signal is remembered, and when Python could
only print it (it came in a weakref callback), since it is raised again (`interrupt_again`).
"""

from __future__ import annotations

import signal

#: The signals that end a run, and those that came while this module's own imports ran (acted on in `main`).
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_received: list[int] = []
for _signum in SIGNALS:
    signal.signal(_signum, lambda signum, frame: _received.append(signum))

import sys  # noqa: E402  (after the signals: an interrupt during these imports is remembered, not a traceback)
from typing import NoReturn  # noqa: E402

from corpusx.errors import Interrupted, interrupted_exit_code, interrupts_held  # noqa: E402


def main() -> None:
    """Run the corpusx command line."""
    received = _received

    def raise_interrupted(signum: int, frame: object) -> None:
        received.append(signum)
        raise Interrupted(signum)

    sys.unraisablehook = interrupt_again
    for signum in SIGNALS:
        signal.signal(signum, raise_interrupted)
    if received:
        _interrupted(128 + received[0])
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


def interrupt_again(unraisable: sys.UnraisableHookArgs) -> None:
    """An interrupt raised where Python can only print it and go on (in a weakref callback, say importlib's
    while an import runs, or a finaliser) comes again at the next statement, unprinted; other errors are printed."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        signal.raise_signal(getattr(unraisable.exc_value, "signum", signal.SIGINT))
    else:
        sys.__unraisablehook__(unraisable)


def _interrupted(code: int) -> NoReturn:
    print("corpusx: interrupted", file=sys.stderr)
    sys.exit(code)


if __name__ == "__main__":
    main()
