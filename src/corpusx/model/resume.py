"""Resumable runs: the model's annotations of each document, recorded durably as the run goes.

`extract --resume -o FILE` keeps a manifest `FILE.done` beside FILE: a header line (corpusx
version, model, digest of the rule files), then one JSON line per annotated document with its
id, path, key (SHA-256 of id and text) and the entities the model stage found. A line is appended and flushed as soon
as a document comes back from the model, so a killed run loses at most the documents in
flight; a line cut short by the kill is dropped when the manifest is opened again.

On the next run, a document whose id and text hash match a manifest line skips the model and
its recorded entities are replayed (the client looks them up and sends them with the document;
the workers send back the entities of the others, and the client appends them); a new or changed document goes through the model and is
added. Everything after the model stage (rules on the document, run-wide labels and canonical
names) runs again over the whole run, because a document's output depends on the other
documents of the run; it costs little next to the model. FILE itself is still written
atomically, so it is always either the previous complete output or the new one, byte-identical
to a clean run. The manifest is kept for the next resume; delete it to start over.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import IO

import orjson

from corpusx.lexicon import Lexicon
from corpusx.types import Document, Entity
from corpusx.version import __version__

MANIFEST_SUFFIX = ".done"


def manifest_path(output: Path) -> Path:
    """The manifest beside an output file."""
    return output.with_name(output.name + MANIFEST_SUFFIX)


def document_key(document: Document) -> bytes:
    """Digest of the document's id and text: what must match for its annotation to be reused."""
    digest = hashlib.sha256()
    for part in (document.doc_id, document.text):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.digest()


class Manifest:
    """An append-only JSONL file of per-document annotations, indexed by `document_key` (offsets only in memory)."""

    @classmethod
    def for_output(cls, output: Path, model: str) -> Manifest:
        """The manifest of `output`, valid for this corpusx version and model."""
        return cls(manifest_path(output), {"corpusx": __version__, "model": model, "rules": Lexicon.default().digest()})

    def __init__(self, path: Path, header: dict[str, str]) -> None:
        self.path = path
        self.index: dict[bytes, int] = {}
        self.added = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self.stream: IO[bytes] = open(path, "a+b")  # noqa: SIM115  (closed by __exit__)
        self._load(orjson.dumps(header))

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()

    def _load(self, header: bytes) -> None:
        """Index the complete lines; drop a partial last line; start over if the header differs."""
        self.stream.seek(0)
        end = 0
        first = self.stream.readline()
        if first.rstrip(b"\n") == header and first.endswith(b"\n"):
            end = self.stream.tell()
            for line in iter(self.stream.readline, b""):
                try:
                    record = orjson.loads(line)
                except orjson.JSONDecodeError:
                    break
                if not line.endswith(b"\n"):
                    break
                self.index[bytes.fromhex(record["key"])] = end
                end += len(line)
        self.stream.truncate(end)
        if end == 0:
            self.stream.write(header + b"\n")
        self.stream.seek(0, os.SEEK_END)

    def get(self, key: bytes) -> list[Entity] | None:
        """The recorded entities of a document, or None."""
        offset = self.index.get(key)
        if offset is None:
            return None
        self.stream.seek(offset)
        record = orjson.loads(self.stream.readline())
        self.stream.seek(0, os.SEEK_END)
        return [Entity(*fields) for fields in record["entities"]]

    def add(self, document: Document, key: bytes, entities: list[Entity]) -> None:
        """Append and flush a document's annotation."""
        record = {
            "doc": document.doc_id,
            "path": document.path,
            "key": key.hex(),
            "entities": [entity.to_list() for entity in entities],
        }
        self.stream.seek(0, os.SEEK_END)
        self.index[key] = self.stream.tell()
        self.stream.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
        self.stream.flush()
        self.added += 1
