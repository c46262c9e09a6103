"""Locate the project's model assets (rule patterns, word lists) in a wheel or a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def models_dir() -> Path:
    """The `models/` directory: packaged as `corpusx/models` in a wheel, at the repository root in a checkout."""
    packaged = resources.files("corpusx") / "models"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "models"


def read_word_list(path: Path) -> list[str]:
    """Entries of a word-list file: one per line, `#` comments and blank lines skipped."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries
