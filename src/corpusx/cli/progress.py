"""What `corpusx extract` tells people on stderr: a progress bar on a terminal, then a one-line report."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn
from rich.text import Text

from corpusx.inputs.sources import STDIN, find_files
from corpusx.types import ALL_LABELS, Mention

if TYPE_CHECKING:
    from corpusx.passes import DocumentDone  # a type only: the CLI starts without the NLP modules


def count_inputs(paths: Iterable[str], globs: Iterable[str]) -> int:
    """How many documents the inputs name (folders walked as `sources` walks them), for the bar's total."""
    globs = tuple(globs)
    total = 0
    for given in paths:
        path = Path(given)
        if given != STDIN and path.is_dir():
            total += sum(1 for found in find_files(given, globs) if isinstance(found, tuple))
        else:
            total += 1
    return total


def report_line(documents: int, per_label: Mapping[str, int], failures: int, elapsed: float) -> str:
    """The final report: documents, mentions per label, failed inputs and elapsed time, in one line."""
    labels = [label for label in ALL_LABELS if label in per_label] + sorted(set(per_label) - set(ALL_LABELS))
    counts = ", ".join(f"{label} {per_label[label]}" for label in labels)
    mentions = sum(per_label.values())
    return (
        f"corpusx: {documents} documents, {mentions} mentions{f' ({counts})' if counts else ''}, "
        f"{failures} failed inputs, {elapsed:.1f}s"
    )


#: What the bar says before the first document is done (the model loads, the first task runs), then after.
LOADING = "loading model"
EXTRACTING = "extracting"


class _WordsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        words = task.fields.get("words", 0)
        rate = words / task.elapsed if task.elapsed else 0.0
        return Text(f"{rate:,.0f} words/s", style="progress.data.speed")


class ExtractProgress:
    """Counts documents, words and mentions per label during a run; draws a bar when `bar` is true."""

    def __init__(self, console: Console, total: int | None, *, bar: bool) -> None:
        self.documents = 0
        self.words = 0
        self.per_label: Counter[str] = Counter()
        self._started = time.perf_counter()
        self._progress = (
            Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("documents"),
                _WordsPerSecond(),
                TimeRemainingColumn(),
                console=console,
                transient=True,
            )
            if bar
            else None
        )
        self._task = self._progress.add_task(LOADING, total=total, words=0) if self._progress else None

    def __enter__(self) -> ExtractProgress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()

    def document_done(self, done: DocumentDone) -> None:
        """Advance the bar by one document and its words (the first one ends the "loading model" stage)."""
        self.documents += 1
        self.words += done.words
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, advance=1, words=self.words, description=EXTRACTING)

    def count(self, mentions: Iterable[Mention]) -> Iterator[Mention]:
        """Pass the mentions through, counting them per label."""
        for mention in mentions:
            self.per_label[mention.label] += 1
            yield mention

    def report(self, failures: int) -> str:
        """The final one-line report of this run."""
        return report_line(self.documents, self.per_label, failures, time.perf_counter() - self._started)
