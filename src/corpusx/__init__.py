"""corpusx: organisations, people, dates and money amounts from news corpora, as normalised JSONL."""

from importlib.metadata import PackageNotFoundError, version

from .errors import CorpusxError, InputError, ModelError
from .extraction import extract
from .pipeline import DEFAULT_MODEL, load_pipeline
from .records import LABELS, Mention, read_mentions, write_mentions
from .sources import Document

try:
    __version__ = version("corpusx")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

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
