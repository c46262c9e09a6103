"""The `corpusx` command: parse options, call the library, write data to stdout and messages to stderr."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

try:  # recent typer vendors click as typer._click; its commands raise those exception classes
    from typer._click.exceptions import NoArgsIsHelpError, UsageError
except ImportError:  # typer that depends on click
    from click.exceptions import NoArgsIsHelpError, UsageError

from corpusx.errors import EXIT_USAGE, interrupted_exit_code
from corpusx.version import __version__

err_console = Console(stderr=True, highlight=False, soft_wrap=True)
#: A reader that closed the pipe (`corpusx extract corpus | head -1`) ends the run quietly with the
#: code of a process ended by SIGPIPE, as `yes | head -1` reports it.
EXIT_CLOSED_PIPE = 128 + signal.SIGPIPE


class OneLineUsageError(UsageError):
    """A usage error shown as one line on stderr, pointing at the command's --help."""

    def show(self, file: IO[Any] | None = None) -> None:
        hint = f"; see '{self.ctx.command_path} --help'" if self.ctx is not None else ""
        err_console.print(f"corpusx: {self.format_message()}{hint}", markup=False)


class _Group(TyperGroup):
    """Turns every usage error of the app and its commands into a OneLineUsageError (exit code 2)."""

    def make_context(self, *args: Any, **kwargs: Any) -> typer.Context:
        with _one_line(), _quiet_endings():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: typer.Context) -> Any:
        with _one_line(), _quiet_endings():
            return super().invoke(ctx)


@contextmanager
def _quiet_endings() -> Iterator[None]:
    """An interrupt is one line and exit 128+N; a closed stdout ends quietly with EXIT_CLOSED_PIPE."""
    try:
        yield
    except KeyboardInterrupt as interrupt:
        err_console.print("corpusx: interrupted", markup=False)
        raise typer.Exit(interrupted_exit_code(interrupt)) from None
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(EXIT_CLOSED_PIPE) from None


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that flushing it at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)


@contextmanager
def _one_line() -> Iterator[None]:
    try:
        yield
    except (NoArgsIsHelpError, OneLineUsageError):
        raise
    except UsageError as error:
        raise OneLineUsageError(error.format_message().rstrip("."), error.ctx) from None


app = typer.Typer(
    cls=_Group,
    help="Extract organisations, people, dates and money amounts from news articles as JSONL.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"corpusx {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = None,
) -> None:
    """Extract organisations, people, dates and money amounts from news articles as JSONL."""


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print a one-line error on stderr and return the Exit to raise."""
    err_console.print(f"corpusx: {message}", markup=False)
    return typer.Exit(code)


from . import evaluate, extract, show, summary  # noqa: E402,F401  (registers the commands)
