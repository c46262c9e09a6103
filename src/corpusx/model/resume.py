"""Resumable runs: the model's annotations of each document, recorded durably as the run goes.

`extract --resume -o FILE` keeps a manifest `FILE.done` beside FILE: a header line (corpusx
version, model, what identifies the pipeline, digest of the rule files), then one JSON line per
annotated document with its id, path, key (SHA-256 of id and text), the entities the model
stage found and a check digest of the line. A line is appended and flushed as soon as a
document comes back from the model, so a killed run loses at most the documents in flight; a
line cut short by the kill is dropped when the manifest is opened again.

The pipeline is identified by its meta name and version and a digest of its files: the full
contents of its `meta.json` and `config.cfg` files and the path, size and modification time of
every other file (weights included), so a model changed or reinstalled in place redoes
everything, without reading hundreds of megabytes of weights at each start. The manifest is
opened only once the model has loaded, so a run that fails before (a mistyped --model) leaves
it as it was.

Every manifest line is validated when the manifest is opened (its shape, types, offsets in order
and its check digest) and again when it is used (offsets within the document's text); a line
that fails is dropped, with a one-line warning, and its document goes through the model again.

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
import importlib.util
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import orjson

from corpusx.lexicon import Lexicon
from corpusx.types import Document, Entity
from corpusx.version import __version__

MANIFEST_SUFFIX = ".done"
WINDOW = 5000
#: Pipeline files read whole into its identity; the others count by path, size and modification time.
IDENTITY_FILES = frozenset({"meta.json", "config.cfg"})
KEY_LENGTH = 64  # hex digits of a SHA-256
CHECK_LENGTH = 16  # hex digits of the line's check digest

Warn = Callable[[str], None]


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


def pipeline_identity(model: str) -> dict[str, Any]:
    """What identifies the pipeline `model` names: its meta name and version, and a digest of its files."""
    directory = _pipeline_directory(model)
    if directory is None:
        return {"model": model}
    digest = hashlib.sha256()
    meta: dict[str, Any] = {}
    for path in sorted(directory.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(directory)).encode("utf-8", "surrogateescape") + b"\x00")
        if path.name in IDENTITY_FILES:
            content = path.read_bytes()
            digest.update(content)
            if path.name == "meta.json" and not meta:
                meta = _json_object(content)
        else:
            status = path.stat()
            digest.update(f"{status.st_size}:{status.st_mtime_ns}".encode())
        digest.update(b"\x00")
    return {"model": model, "name": meta.get("name"), "version": meta.get("version"), "files": digest.hexdigest()}


def _pipeline_directory(model: str) -> Path | None:
    """The directory of a pipeline given as a directory or an installed package name, else None."""
    if Path(model).is_dir():
        return Path(model)
    try:
        spec = importlib.util.find_spec(model)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _json_object(content: bytes) -> dict[str, Any]:
    try:
        value = orjson.loads(content)
    except orjson.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def _check_digest(record: dict[str, Any]) -> str:
    """The digest a manifest line carries of its own content: a tampered line does not match it."""
    content = orjson.dumps([record["doc"], record["path"], record["key"], record["entities"]])
    return hashlib.sha256(content).hexdigest()[:CHECK_LENGTH]


def _problem(record: Any) -> str | None:
    """Why a parsed manifest line cannot be used, or None."""
    if not isinstance(record, dict) or set(record) != {"doc", "path", "key", "entities", "check"}:
        return "not a manifest entry"
    if not isinstance(record["doc"], str) or not isinstance(record["path"], str | None):
        return "doc or path of the wrong type"
    key = record["key"]
    if not isinstance(key, str) or len(key) != KEY_LENGTH or any(c not in "0123456789abcdef" for c in key):
        return "bad key"
    if not isinstance(record["entities"], list) or not all(_valid_entity(e) for e in record["entities"]):
        return "bad entity"
    if record["check"] != _check_digest(record):
        return "check digest does not match"
    return None


def _valid_entity(values: Any) -> bool:
    """An entity list [start, end, label, source, sentence start, sentence end] with offsets in order."""
    if not isinstance(values, list) or len(values) != 6:
        return False
    start, end, label, source, sentence_start, sentence_end = values
    numbers = (start, end, sentence_start, sentence_end)
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
        return False
    return isinstance(label, str) and isinstance(source, str) and 0 <= sentence_start <= start < end <= sentence_end


class Manifest:
    """An append-only JSONL file of per-document annotations, indexed by `document_key` (offsets only in memory).

    Nothing is read or written until `open()`, which `annotate_resuming` calls once the model
    stage is ready.
    """

    @classmethod
    def for_output(cls, output: Path, model: str, on_warning: Warn | None = None, user_rules: str = "") -> Manifest:
        """The manifest of `output`, valid for this corpusx version, pipeline and rules (`user_rules`: their digest)."""
        return cls(manifest_path(output), lambda: _header(model, user_rules), on_warning)

    def __init__(self, path: Path, header: Callable[[], dict[str, Any]], on_warning: Warn | None = None) -> None:
        self.path = path
        self.index: dict[bytes, int] = {}
        self.added = 0
        self._header = header
        self._warn = on_warning or (lambda message: None)
        self.stream: IO[bytes] | None = None

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.stream is not None:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()
            self.stream = None

    def open(self) -> None:
        """Open the file and index its valid lines; start over if its header is not this run's."""
        if self.stream is not None:
            return
        header = orjson.dumps(self._header())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.stream = open(self.path, "a+b")  # noqa: SIM115  (closed by __exit__)
        self._load(header)

    def _load(self, header: bytes) -> None:
        """Index the valid complete lines; drop a partial last line; start over if the header differs."""
        stream = self._open_stream()
        stream.seek(0)
        end = 0
        dropped: list[str] = []
        first = stream.readline()
        if first.rstrip(b"\n") == header and first.endswith(b"\n"):
            end = stream.tell()
            for number, line in enumerate(iter(stream.readline, b""), start=2):
                if not line.endswith(b"\n"):
                    break  # cut short by a killed run: dropped
                try:
                    record = orjson.loads(line)
                except orjson.JSONDecodeError:
                    record = None
                problem = "not valid JSON" if record is None else _problem(record)
                if problem is None:
                    self.index[bytes.fromhex(record["key"])] = end
                else:
                    dropped.append(f"line {number}: {problem}")
                end += len(line)
        stream.truncate(end)
        if end == 0:
            stream.write(header + b"\n")
        stream.seek(0, os.SEEK_END)
        if dropped:
            self._warn(f"{self.path}: {len(dropped)} invalid lines ignored, their documents redone ({dropped[0]})")

    def _open_stream(self) -> IO[bytes]:
        if self.stream is None:
            raise RuntimeError("the manifest is not open")
        return self.stream

    def get(self, key: bytes, document: Document | None = None) -> list[Entity] | None:
        """The recorded entities of a document, or None; None too if they do not fit in `document`'s text."""
        offset = self.index.get(key)
        if offset is None:
            return None
        stream = self._open_stream()
        stream.seek(offset)
        record = orjson.loads(stream.readline())
        stream.seek(0, os.SEEK_END)
        entities = [Entity(*fields) for fields in record["entities"]]
        if document is not None and any(entity.sentence_end > len(document.text) for entity in entities):
            self._warn(f"{self.path}: the entry of {document.doc_id!r} has offsets outside its text; redone")
            del self.index[key]
            return None
        return entities

    def add(self, document: Document, key: bytes, entities: list[Entity]) -> None:
        """Append and flush a document's annotation."""
        record: dict[str, Any] = {
            "doc": document.doc_id,
            "path": document.path,
            "key": key.hex(),
            "entities": [entity.to_list() for entity in entities],
        }
        record["check"] = _check_digest(record)
        stream = self._open_stream()
        stream.seek(0, os.SEEK_END)
        self.index[key] = stream.tell()
        stream.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
        stream.flush()
        self.added += 1


def _header(model: str, user_rules: str) -> dict[str, Any]:
    header = {
        "corpusx": __version__,
        "model": model,
        "pipeline": pipeline_identity(model),
        "rules": Lexicon.default().digest(),
    }
    return {**header, "user_rules": user_rules} if user_rules else header
