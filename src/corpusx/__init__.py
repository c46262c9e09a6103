"""corpusx: organisations, people, dates and money amounts from news corpora, as normalised JSONL."""

from corpusx.errors import CorpusxError, InputError, ModelError
from corpusx.model.engines import Engine, LocalEngine, ResumingEngine
from corpusx.model.pipeline import DEFAULT_MODEL, load_pipeline
from corpusx.model.resume import Manifest
from corpusx.outputs.records import read_mentions, write_mentions
from corpusx.run import extract
from corpusx.types import LABELS, Document, Mention
from corpusx.version import __version__

__all__ = [
    "DEFAULT_MODEL",
    "LABELS",
    "CorpusxError",
    "Document",
    "Engine",
    "InputError",
    "LocalEngine",
    "Manifest",
    "Mention",
    "ModelError",
    "ResumingEngine",
    "__version__",
    "extract",
    "load_pipeline",
    "read_mentions",
    "write_mentions",
]
