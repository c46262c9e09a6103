"""corpusx: organisations, people, dates and money amounts from news corpora, as normalised JSONL.

The names below are imported on first use, so `import corpusx.cli` (and `corpusx --version`)
does not load spaCy.
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # typing is not imported: the package's import stays instant, so start-up signals are caught
if TYPE_CHECKING:
    from typing import Any

_HOMES = {
    "CorpusxError": "corpusx.errors",
    "InputError": "corpusx.errors",
    "ModelError": "corpusx.errors",
    "DEFAULT_MODEL": "corpusx.model.pipeline",
    "load_pipeline": "corpusx.model.pipeline",
    "read_mentions": "corpusx.outputs.records",
    "write_mentions": "corpusx.outputs.records",
    "extract": "corpusx.run",
    "Engine": "corpusx.model.engines",
    "LocalEngine": "corpusx.model.engines",
    "ResumingEngine": "corpusx.model.engines",
    "Manifest": "corpusx.model.resume",
    "LABELS": "corpusx.types",
    "Document": "corpusx.types",
    "Fields": "corpusx.types",
    "Mention": "corpusx.types",
    "__version__": "corpusx.version",
}

__all__ = [
    "DEFAULT_MODEL",
    "LABELS",
    "CorpusxError",
    "Document",
    "Engine",
    "Fields",
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


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is used."""
    if name not in _HOMES:
        raise AttributeError(f"module 'corpusx' has no attribute '{name}'")
    value = getattr(import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
