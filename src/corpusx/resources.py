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
