"""What `corpusx extract` tells people on stderr: a progress bar on a terminal, then a one-line report."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn
from rich.text import Text

from corpusx.inputs.readers import JSONL_SUFFIXES
from corpusx.inputs.sources import STDIN, find_files
from corpusx.types import ALL_LABELS, LABEL, WRITE, Mention, StepDone

if TYPE_CHECKING:
    from corpusx.passes import DocumentDone  # a type only: the CLI starts without the NLP modules


def count_inputs(paths: Iterable[str], globs: Iterable[str]) -> int:
    """How many documents the inputs name (folders walked as `sources` walks them), for the bar's total."""
    globs = tuple(globs)
    total = 0
    for given in paths:
        if given != STDIN and Path(given).is_dir():
            total += sum(_documents_in(found[0]) for found in find_files(given, globs) if isinstance(found, tuple))
        else:
            total += _documents_in(given)
    return total


def _documents_in(path: str) -> int:
    """A local JSONL file holds a document per non-blank line; any other input (stdin, a URL) is one."""
    if Path(path).suffix.lower() not in JSONL_SUFFIXES or not Path(path).is_file():
        return 1
    try:
        with open(path, "rb") as lines:
            return max(sum(1 for line in lines if line.strip()), 1)
    except OSError:
        return 1  # reading it fails again, as an input error


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
#: The share of a run's time each pass takes per document (measured on news articles with
#: `--jobs 1`: the model 95%, labelling 4%, writing 1%): the bar and its estimate cover the whole run.
SHARES = {"annotate": 0.95, LABEL: 0.04, WRITE: 0.01}


class _WordsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        words = task.fields.get("words", 0)
        rate = words / task.elapsed if task.elapsed else 0.0
        return Text(f"{rate:,.0f} words/s", style="progress.data.speed")


class _TimeLeft(ProgressColumn):
    """The work left at the average rate since the first document was done (model loading left out)."""

    def render(self, task: Task) -> Text:
        first = task.fields.get("first")
        if first is None or task.total is None or not task.completed:
            return Text("-:--:-- left", style="progress.remaining")
        rate = task.completed / max(time.perf_counter() - first, 1e-9)
        left = max(task.total - task.completed, 0.0) / rate
        return Text(
            f"{int(left) // 3600}:{int(left) // 60 % 60:02d}:{int(left) % 60:02d} left", style="progress.remaining"
        )


class ExtractProgress:
    """Counts documents, words and mentions per label during a run; draws a bar when `bar` is true.

    The bar measures the whole run: each document counts `SHARES["annotate"]` as the model is
    done with it, then its other shares as its chunk is labelled and written; a failed input
    counts whole. The estimate of the time left is that work at the rate since the first document.
    """

    def __init__(self, console: Console, total: int | None, *, bar: bool) -> None:
        self.documents = 0
        self.words = 0
        self.per_label: Counter[str] = Counter()
        self._started = time.perf_counter()
        self._lock = threading.Lock()  # documents are reported from a thread of the engine
        self._progress = (
            Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[documents]}/{task.fields[inputs]} documents"),
                _WordsPerSecond(),
                _TimeLeft(),
                console=console,
                transient=True,
            )
            if bar
            else None
        )
        self._task = (
            self._progress.add_task(LOADING, total=total, words=0, documents=0, inputs=total, first=None)
            if self._progress
            else None
        )

    def __enter__(self) -> ExtractProgress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()

    def document_done(self, done: DocumentDone) -> None:
        """Advance the bar by one document through the model, and its words (the first ends "loading model")."""
        with self._lock:
            self.documents += 1
            self.words += done.words
            self._advance(SHARES["annotate"], words=self.words, documents=self.documents, description=EXTRACTING)

    def step_done(self, done: StepDone) -> None:
        """Advance the bar by a chunk's documents through a later pass."""
        with self._lock:
            self._advance(SHARES[done.step] * done.documents)

    def input_failed(self) -> None:
        """Advance the bar by a whole input: it failed, so no pass will take it."""
        with self._lock:
            self._advance(1.0)

    def _advance(self, work: float, **fields: Any) -> None:
        if self._progress is not None and self._task is not None:
            task = self._progress.tasks[0]
            first = task.fields["first"] if task.fields["first"] is not None else time.perf_counter()
            self._progress.update(self._task, advance=work, first=first, **fields)

    def count(self, mentions: Iterable[Mention]) -> Iterator[Mention]:
        """Pass the mentions through, counting them per label."""
        for mention in mentions:
            self.per_label[mention.label] += 1
            yield mention

    def report(self, failures: int) -> str:
        """The final one-line report of this run."""
        return report_line(self.documents, self.per_label, failures, time.perf_counter() - self._started)
