"""Every word list, table and pattern file of `models/`, read once into one object.

A `Lexicon` maps file names to their text. The spaCy components take one, save it with
the pipeline (`nlp.to_disk`) and load it back (`nlp.from_disk`); the rest of the package
uses `Lexicon.default()`, the files shipped in the wheel (or at the checkout's root).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

SUFFIXES = (".txt", ".tsv", ".jsonl")


def models_dir() -> Path:
    """The `models/` directory: packaged as `corpusx/models` in a wheel, at the repository root in a checkout."""
    packaged = resources.files("corpusx") / "models"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "models"


class Lexicon:
    """The text of each data file, by file name, with parsed views cached per file."""

    def __init__(self, files: Mapping[str, str]) -> None:
        """A lexicon of the given files (name -> text)."""
        self.files = dict(sorted(files.items()))
        self._words: dict[str, frozenset[str]] = {}

    @classmethod
    @functools.cache
    def default(cls) -> Lexicon:
        """The files shipped with corpusx, read once per process."""
        return cls.from_disk(models_dir())

    @classmethod
    def from_disk(cls, directory: Path) -> Lexicon:
        """Read every data file of `directory`."""
        files = {path.name: path.read_text(encoding="utf-8") for path in directory.iterdir() if path.suffix in SUFFIXES}
        return cls(files)

    def to_disk(self, directory: Path) -> None:
        """Write every file into `directory` (created if missing)."""
        directory.mkdir(parents=True, exist_ok=True)
        for name, text in self.files.items():
            (directory / name).write_text(text, encoding="utf-8")

    def subset(self, names: Iterable[str]) -> Lexicon:
        """A lexicon of just the named files."""
        return Lexicon({name: self.files[name] for name in names})

    def entries(self, name: str) -> list[str]:
        """Entries of a word list or table: one per line, `#` comments and blank lines skipped."""
        entries = []
        for line in self.files[name].splitlines():
            entry = line.split("#", 1)[0].strip()
            if entry:
                entries.append(entry)
        return entries

    def words(self, name: str) -> frozenset[str]:
        """The entries of a word list, case-folded, as a set."""
        if name not in self._words:
            self._words[name] = frozenset(entry.casefold() for entry in self.entries(name))
        return self._words[name]

    def rows(self, name: str) -> list[list[str]]:
        """The rows of a tab-separated table, its header line skipped."""
        return [[cell.strip() for cell in entry.split("\t")] for entry in self.entries(name)[1:]]

    def records(self, name: str) -> list[dict[str, Any]]:
        """The JSON objects of a JSONL file."""
        return [orjson.loads(line) for line in self.files[name].splitlines() if line.strip()]

    def digest(self) -> str:
        """SHA-256 of every file: what identifies these rules (a resume manifest made with others is not reused)."""
        digest = hashlib.sha256()
        for name, text in self.files.items():
            digest.update(name.encode() + b"\x00" + text.encode("utf-8") + b"\x00")
        return digest.hexdigest()


class LexiconComponent:
    """A spaCy component whose data are files of a lexicon, saved with `nlp.to_disk` and loaded by `from_disk`.

    A subclass names its files in `FILES` and builds what it needs from them in `load`.
    """

    FILES: tuple[str, ...] = ()

    def __init__(self, lexicon: Lexicon) -> None:
        """The component built from the `FILES` of `lexicon`."""
        self.load(lexicon.subset(self.FILES))

    def load(self, lexicon: Lexicon) -> None:
        """Build the component's tables from `lexicon` (which holds just its `FILES`)."""
        self.lexicon = lexicon

    def to_disk(self, path: Path, *, exclude: Any = ()) -> None:
        """Save the component's files with the pipeline."""
        self.lexicon.to_disk(Path(path))

    def from_disk(self, path: Path, *, exclude: Any = ()) -> LexiconComponent:
        """Load the files saved with the pipeline."""
        self.load(Lexicon.from_disk(Path(path)))
        return self
