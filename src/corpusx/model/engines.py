"""Where the model stage runs: an `Engine` turns documents into `Annotated` documents, in input order.

`LocalEngine(jobs=N)` runs the pipeline in this process or in N forked processes;
`DaskEngine(scheduler=...)` (in `model.dask`) on a Dask cluster; `ResumingEngine(engine,
manifest)` wraps either, replaying documents an earlier run recorded. Every engine gives
the same output.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

from spacy.language import Language

from corpusx.model.annotate import BATCH_SIZE, Annotator, default_jobs
from corpusx.model.pipeline import load_pipeline
from corpusx.model.resume import Manifest, annotate_resuming
from corpusx.text.segments import Boilerplate, line_spans, segment
from corpusx.types import Annotated, Document

Annotate = Callable[[Iterable[Document]], Iterator[Annotated]]


class Engine(ABC):
    """The model stage, opened for one run."""

    @abstractmethod
    def session(self, model: str | Language, boilerplate: Boilerplate) -> AbstractContextManager[Annotate]:
        """A context in which the returned function annotates documents with `model`."""


@dataclass(frozen=True)
class LocalEngine(Engine):
    """The pipeline on this machine: in this process (`jobs=1`) or in `jobs` forked worker processes."""

    jobs: int = 1
    batch_size: int = BATCH_SIZE

    @classmethod
    def all_cores(cls) -> LocalEngine:
        """One worker process per core this process may use."""
        return cls(jobs=default_jobs())

    @contextmanager
    def session(self, model: str | Language, boilerplate: Boilerplate) -> Iterator[Annotate]:
        """Load `model` (unless it is a loaded pipeline) and annotate with it."""
        nlp = load_pipeline(model) if isinstance(model, str) else model
        annotator = Annotator(nlp, boilerplate)
        yield lambda documents: annotator.annotate(documents, batch_size=self.batch_size, jobs=self.jobs)


@dataclass(frozen=True)
class ResumingEngine(Engine):
    """`engine`, skipping the documents `manifest` holds and recording the others as they come back."""

    engine: Engine
    manifest: Manifest

    @contextmanager
    def session(self, model: str | Language, boilerplate: Boilerplate) -> Iterator[Annotate]:
        """The inner engine's session, behind the manifest."""

        def replay(document: Document, entities: list) -> Annotated:
            return Annotated(document, entities, line_spans(segment(document.text, boilerplate)))

        with self.engine.session(model, boilerplate) as annotate:
            yield lambda documents: annotate_resuming(documents, self.manifest, annotate, replay)
