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

from corpusx.errors import EXIT_USAGE, interrupted_exit_code
from corpusx.version import __version__

#: Click's UsageError, the base of typer's public BadParameter: typer vendors click in a private
#: module, so the class is reached through the public one rather than imported from there.
UsageError: type[Exception] = next(cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "UsageError")

err_console = Console(stderr=True, highlight=False, soft_wrap=True)
#: A reader that closed the pipe (`corpusx extract corpus | head -1`) ends the run quietly with the
#: code of a process ended by SIGPIPE, as `yes | head -1` reports it.
EXIT_CLOSED_PIPE = 128 + signal.SIGPIPE


class OneLineUsageError(UsageError):  # type: ignore[misc,valid-type]
    """A usage error shown as one line on stderr, pointing at the command's --help."""

    def show(self, file: IO[Any] | None = None) -> None:
        hint = f"; see '{self.ctx.command_path} --help'" if self.ctx is not None else ""
        err_console.print(f"corpusx: {self.format_message()}{hint}", markup=False)


#: Placeholders in --help, as words: `--top N`, `-o FILE`, not `<int range>`, `<path>`.
METAVARS = {
    "output": "FILE",
    "file": "FILE",
    "html": "FILE",
    "spool": "DIR",
    "model": "NAME_OR_PATH",
    "glob": "PATTERN",
    "ref_date": "YYYY-MM-DD",
    "scheduler": "ADDRESS",
    "text_field": "FIELD",
    "id_field": "FIELD",
    "date_field": "FIELD",
    "title": "TEXT",
    "paths": "PATH",
    "path": "ARTICLE",
    "gold": "GOLD",
    "predictions": "PREDICTIONS",
    "jobs": "N",
    "top": "N",
}


def _no_type(ctx: Any) -> None:
    return None


def word_metavars(command: Any) -> None:
    """Give every parameter of `command` and its subcommands without a placeholder of its own a word for one."""
    for param in getattr(command, "params", ()):
        if param.metavar is None and not getattr(param, "is_flag", False):
            choices = getattr(getattr(param, "type_descriptor", None), "choices", None)
            words = "|".join(str(getattr(choice, "value", choice)) for choice in choices or ())
            param.metavar = words or METAVARS.get(param.name, param.name.upper())
        if getattr(param, "param_type_name", "") == "argument":  # typer would add "<path>" after the word
            param.display_type_rich = _no_type
    for sub in getattr(command, "commands", {}).values():
        word_metavars(sub)


class _Group(TyperGroup):
    """Turns every usage error of the app and its commands into a OneLineUsageError (exit code 2)."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        word_metavars(self)
        with _one_line(), _quiet_endings():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
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
    except OneLineUsageError:
        raise
    except UsageError as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # bare `corpusx`: the help text, not an error line
            raise
        raise OneLineUsageError(error.format_message().rstrip("."), error.ctx) from None  # type: ignore[attr-defined]


app = typer.Typer(
    cls=_Group,
    help="Extract organisations, people, dates and money amounts from news articles as JSONL.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
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


from . import evaluate, extract, report, show, summary  # noqa: E402,F401  (registers the commands)
