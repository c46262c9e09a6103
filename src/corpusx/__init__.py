"""corpusx: organisations, people, dates and money amounts from news corpora, as normalised JSONL."""

from corpusx.errors import CorpusxError, InputError, ModelError
from corpusx.run import extract
from corpusx.model.pipeline import DEFAULT_MODEL, load_pipeline
from corpusx.outputs.records import LABELS, Mention, read_mentions, write_mentions
from corpusx.inputs.sources import Document
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
