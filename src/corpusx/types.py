"""The types passed between the stages, in the order the data travels.

`Document` (inputs) -> `Annotated` (the model stage: its `Entity`s and the lines it read) ->
`PreparedDocument` (names: votes and untagged occurrences) -> `Mention` (values and canonical
names filled in, one output line).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

#: The labels extracted by default.
LABELS = ("ORG", "PERSON", "DATE", "MONEY")
NAME_LABELS = ("ORG", "PERSON")
#: Place labels, extracted when asked for (`--labels ...,GPE,LOC,NORP`): countries, cities and
#: regions; other locations (mountains, rivers, continents); nationalities and other groups.
PLACE_LABELS = ("GPE", "LOC", "NORP")
#: Every label `extract` can keep, in output order of the summaries.
ALL_LABELS = LABELS + PLACE_LABELS

#: Weighted label votes per name key: {"openai": {"ORG": 3.0, "PERSON": 1.0}}.
Votes = dict[str, dict[str, float]]


def check_labels(labels: Iterable[str]) -> tuple[str, ...]:
    """The labels upper-cased, in the order given without repeats; a ValueError names any unknown one."""
    if isinstance(labels, str):
        labels = labels.split(",")
    wanted = tuple(dict.fromkeys(label.strip().upper() for label in labels if label.strip()))
    unknown = [label for label in wanted if label not in ALL_LABELS]
    if unknown or not wanted:
        raise ValueError(f"unknown label {', '.join(unknown) or '(none)'}; choose from {','.join(ALL_LABELS)}")
    return wanted


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded article, or a piece of one: `text` is what offsets refer to, `offset` where it starts in the file's text.

    `date` is its metadata date; `fields` its own fields that mentions can carry (`--keep-field`):
    the kept fields of a JSONL line, the title and url trafilatura finds in an HTML page.
    """

    doc_id: str
    path: str
    text: str
    date: date | None = None
    offset: int = 0
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Fields:
    """Which JSONL fields hold the text, the document id and the publication date, and which are kept on mentions."""

    text: str = "text"
    id: str = "id"
    date: str = "date"
    keep: tuple[str, ...] = ()


DEFAULT_FIELDS = Fields()


@dataclass(frozen=True, slots=True)
class Entity:
    """An entity found by the pipeline: offsets into the text it was found in, and its sentence's."""

    start: int
    end: int
    label: str
    source: str
    sentence_start: int
    sentence_end: int

    def to_list(self) -> list[int | str]:
        """The entity as a JSON-ready list, read back by `Entity(*values)`."""
        return [self.start, self.end, self.label, self.source, self.sentence_start, self.sentence_end]


@dataclass(frozen=True, slots=True)
class Annotated:
    """A document as it leaves the model stage: its entities, and the spans of the lines the model read.

    `lines` are (start, end) offsets of the document's segments that are not boilerplate, so
    later stages know where names may occur without segmenting the document again.
    """

    document: Document
    entities: list[Entity]
    lines: list[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """A document with its entities (untagged name occurrences included, label "") and label votes."""

    document: Document
    entities: list[Entity]
    votes: Votes

    def to_record(self) -> dict[str, Any]:
        """A JSON-ready record for the run's spool."""
        document = self.document
        return {
            "document": [
                document.doc_id,
                document.path,
                document.text,
                document.date and document.date.isoformat(),
                document.offset,
                dict(document.fields),
            ],
            "entities": [entity.to_list() for entity in self.entities],
            "votes": self.votes,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> PreparedDocument:
        """Read back a record written by `to_record`."""
        doc_id, path, text, when, offset, fields = record["document"]
        document = Document(doc_id, path, text, date.fromisoformat(when) if when else None, offset, fields)
        return cls(document, [Entity(*values) for values in record["entities"]], record["votes"])


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention, one output line; offsets are code points into the document text as decoded.

    `date` is the article's date (ISO `YYYY-MM-DD`, or None) and `fields` the document fields kept
    with `--keep-field`, every kept name present (None where the document has no such field).
    """

    doc: str
    path: str
    label: str
    text: str
    start: int
    end: int
    sentence: str
    source: str
    canonical: str
    value: Any = None
    date: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)


#: The run's passes after the model's (see `corpusx.passes`), as progress names them.
LABEL, WRITE = "label", "write"


class StepDone(NamedTuple):
    """A chunk through pass 2 (`LABEL`) or pass 3 (`WRITE`): the pass and the chunk's number of documents."""

    step: str
    documents: int
