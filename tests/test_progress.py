"""Progress during `extract`: documents reported as the workers finish them, and a bar over the whole run."""

from __future__ import annotations

import io
import threading
import time

from rich.console import Console

from corpusx import passes
from corpusx.cli.progress import SHARES, ExtractProgress, count_inputs
from corpusx.model.engines import LocalEngine
from corpusx.model.pool import pipe_reports, pool_map
from corpusx.passes import DocumentDone, DocumentsReported
from corpusx.run import write_jsonl
from corpusx.types import LABEL, WRITE, Document, StepDone


def _report_then_wait(_annotator, shared, item):
    """A task that reports `item`, then waits (up to 10 s) until the client has seen the report."""
    report, seen = shared
    report((item,))
    deadline = time.monotonic() + 10
    while not (seen / str(item)).exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_forked_workers_report_while_their_task_runs(tmp_path):
    """With two worker processes, a report reaches the client before the task that sent it ends."""
    received = []

    def receive(message):
        received.append(message[0])
        (tmp_path / str(message[0])).touch()

    with pipe_reports(receive) as report:
        results = list(pool_map(_report_then_wait, None, (report, tmp_path), range(4), 2))
    assert results == [True] * 4
    assert sorted(received) == [0, 1, 2, 3]


def _done(name: str) -> DocumentDone:
    return DocumentDone(name, f"{name}.txt", 1)


def test_documents_reported_once_each_whatever_the_order_of_reports_and_results():
    """Each document goes on once: reported early, reported twice (a retried task), late, or not at all."""
    got = []
    reported = DocumentsReported(got.append)
    reported.reported((1, 0, "c", "c.txt", 1))  # chunk 1 reports before chunk 0
    reported.reported((0, 1, "b", "b.txt", 1))
    reported.reported((0, 1, "b", "b.txt", 1))  # the same document again: a retried task
    assert got == [_done("c"), _done("b")]
    reported.chunk_done(0, [_done("a"), _done("b")])  # "a" was never reported
    assert got == [_done("c"), _done("b"), _done("a")]
    reported.reported((0, 0, "a", "a.txt", 1))  # late: chunk 0 is back
    reported.chunk_done(1, [_done("c"), _done("d")])
    assert got == [_done("c"), _done("b"), _done("a"), _done("d")]


def test_jobs_2_reports_each_document_before_its_chunk_comes_back(nlp, monkeypatch):
    """With --jobs 2 the N documents come one at a time, each before the result of its task (slowed here)."""
    events = []
    lock = threading.Lock()
    dump = passes._dump

    def slow_dump(path, value):  # the end of every task: its documents were reported before
        time.sleep(0.3)
        dump(path, value)

    chunk_done = DocumentsReported.chunk_done

    def chunk_back(self, number, done):
        with lock:
            events.append(("chunk", number))
        chunk_done(self, number, done)

    def on_document(done):
        with lock:
            events.append(("document", done.doc_id))

    monkeypatch.setattr(passes, "_dump", slow_dump)  # forked workers inherit it
    monkeypatch.setattr(DocumentsReported, "chunk_done", chunk_back)
    documents = [
        Document(f"d{n}", f"d{n}.txt", f"Zorvex Holdings hired Mara Quillan on 3 March 2020 ({n}).") for n in range(8)
    ]
    steps = []
    write_jsonl(
        io.BytesIO(),
        documents,
        model=nlp,
        engine=LocalEngine(jobs=2, documents_per_task=4),
        on_document=on_document,
        on_step=steps.append,
    )
    order = [name for kind, name in events if kind == "document"]
    assert sorted(order) == sorted(f"d{n}" for n in range(8))  # N steps of one, each document once
    for number in (0, 1):
        back = events.index(("chunk", number))
        assert {f"d{n}" for n in range(4 * number, 4 * number + 4)} <= {
            name for kind, name in events[:back] if kind == "document"
        }
    assert steps == [StepDone(LABEL, 4), StepDone(LABEL, 4), StepDone(WRITE, 4), StepDone(WRITE, 4)]


def test_progress_bar_covers_the_whole_run():
    """The model's share of each document, then the later passes' shares, fill the bar to its total; failures count whole."""
    console = Console(file=io.StringIO(), force_terminal=True, width=100)
    with ExtractProgress(console, 3, bar=True) as progress:
        task = progress._progress.tasks[0]
        progress.document_done(_done("a"))
        progress.document_done(_done("b"))
        assert task.completed == SHARES["annotate"] * 2
        progress.step_done(StepDone(LABEL, 2))
        progress.input_failed()
        assert task.completed < task.total
        progress.step_done(StepDone(WRITE, 2))
        assert abs(task.completed - task.total) < 1e-9
    assert progress.documents == 2


def test_progress_time_left_is_the_rest_of_the_run_at_the_rate_so_far(monkeypatch):
    """Half the run's work done in 10 s since the first document: 10 s left, whatever the model's loading took."""
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=120)
    clock = [100.0]
    monkeypatch.setattr(time, "perf_counter", lambda: clock[0])
    with ExtractProgress(console, 2, bar=True) as progress:
        clock[0] = 160.0  # a minute to load the model
        progress.document_done(_done("a"))
        progress.step_done(StepDone(LABEL, 1))
        progress.step_done(StepDone(WRITE, 1))  # one document of two through the whole run
        clock[0] = 170.0
        progress._progress.refresh()
    assert "0:00:10 left" in stream.getvalue()


def test_the_bar_counts_a_jsonl_file_as_its_documents(tmp_path):
    """A JSONL file adds one document per non-blank line to the bar's total; a text file or stdin adds one."""
    (tmp_path / "articles.jsonl").write_text('{"text": "a"}\n\n{"text": "b"}\n{"text": "c"}\n')
    (tmp_path / "one.txt").write_text("An article.")
    (tmp_path / "empty.jsonl").write_text("")
    assert count_inputs([str(tmp_path)], ["*.jsonl", "*.txt"]) == 3 + 1 + 1
    assert count_inputs([str(tmp_path / "articles.jsonl"), "-"], ["*.txt"]) == 4
