"""corpusx: organisations, people, dates and money amounts from news corpora, as normalised JSONL."""

from corpusx.errors import CorpusxError, InputError, ModelError
from corpusx.model.pipeline import DEFAULT_MODEL, load_pipeline
from corpusx.outputs.records import read_mentions, write_mentions
from corpusx.run import extract
from corpusx.types import LABELS, Document, Mention
from corpusx.version import __version__

__all__ = [
    "DEFAULT_MODEL",
    "LABELS",
    "CorpusxError",
    "Document",
    "InputError",
    "Mention",
    "ModelError",
    "__version__",
    "extract",
    "load_pipeline",
    "read_mentions",
    "write_mentions",
]
