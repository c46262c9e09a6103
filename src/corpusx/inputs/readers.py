"""Read one input into documents: text in any common encoding (big files in pieces), HTML, JSONL."""

from __future__ import annotations

import codecs
import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from itertools import chain
from typing import IO

import charset_normalizer
import orjson

from corpusx.errors import InputError
from corpusx.types import DEFAULT_FIELDS, Document, Fields

PIECE_BYTES = 4 * 2**20
HTML_MAX_BYTES = 64 * 2**20
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_FIELDS = ("title", "url")  # the page metadata trafilatura finds that `--keep-field` can copy onto mentions
_SAMPLE_BYTES = 64 * 2**10
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_WESTERN = frozenset({"cp1252", "latin_1", "iso8859_15"})

# trafilatura and htmldate log page-level warnings; without a handler Python would print them on stderr.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


class DecodeError(ValueError):
    """Bytes that are not text in any encoding corpusx accepts."""


def read_stream(
    stream: IO[bytes], doc_id: str, path: str, suffix: str, fields: Fields = DEFAULT_FIELDS
) -> Iterator[Document | InputError]:
    """The documents of one open binary input, by its suffix: HTML page, JSONL lines, or text."""
    if suffix in HTML_SUFFIXES:
        yield read_html(stream.read(HTML_MAX_BYTES + 1), doc_id, path)
    elif suffix in JSONL_SUFFIXES:
        yield from read_jsonl(stream, doc_id, path, fields)
    elif stream.seekable():
        yield from read_text(stream, doc_id, path)
    else:
        yield text_document(stream.read(), doc_id, path)


def read_text(stream: IO[bytes], doc_id: str, path: str) -> Iterator[Document | InputError]:
    """A text file as one document, or as pieces of about PIECE_BYTES cut at line ends when it is bigger."""
    head = stream.read(PIECE_BYTES + 1)
    if len(head) <= PIECE_BYTES:
        yield text_document(head, doc_id, path)
        return

    def blocks() -> Iterator[bytes]:
        stream.seek(0)
        while block := stream.read(PIECE_BYTES):
            yield block

    try:
        encoding = choose_encoding(blocks)
    except DecodeError as error:
        yield InputError(path, str(error))
        return
    yield from _pieces(blocks(), encoding, doc_id, path)


def text_document(data: bytes, doc_id: str, path: str) -> Document | InputError:
    """Decode a whole text input into one document."""
    if not data:
        return InputError(path, "empty file")
    try:
        text = decode_bytes(data)
    except DecodeError as error:
        return InputError(path, str(error))
    if not text.strip():
        return InputError(path, "no text, only white space")
    return Document(doc_id=doc_id, path=path, text=text)


def decode_bytes(data: bytes) -> str:
    """Decode text: BOM (UTF-8, UTF-16), else UTF-8, else Windows-1252/Latin-1 or what charset-normalizer finds."""
    encoding = choose_encoding(lambda: (data,))
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise DecodeError(f"not valid {encoding} (byte {error.start})") from None


def choose_encoding(blocks: Callable[[], Iterable[bytes]]) -> str:
    """The encoding of the bytes that `blocks()` yields (callable again for another pass); DecodeError if not text."""
    head = next(iter(blocks()), b"")
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if _decodes(blocks(), "utf-8"):
        return "utf-8"
    matches = charset_normalizer.from_bytes(head[:_SAMPLE_BYTES])
    if not matches:
        raise DecodeError("bytes that decode in no known text encoding")
    if _WESTERN & {match.encoding for match in matches}:
        return "cp1252" if _decodes(blocks(), "cp1252") else "latin-1"
    return matches.best().encoding


def _decodes(blocks: Iterable[bytes], encoding: str) -> bool:
    """Whether the blocks decode strictly; DecodeError on a NUL byte (a binary file)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        for block in blocks:
            if b"\x00" in block:
                raise DecodeError("binary file (NUL bytes), not text")
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _pieces(blocks: Iterable[bytes], encoding: str, doc_id: str, path: str) -> Iterator[Document | InputError]:
    """Decode block by block and yield pieces ending at a line end, each with its offset into the whole text."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset, carry, position, found = 0, "", 0, False
    for block in chain(blocks, (b"",)):
        try:
            text = carry + decoder.decode(block, final=not block)
        except UnicodeDecodeError as error:
            yield InputError(path, f"not valid {encoding} (byte {position + error.start}); the rest is skipped")
            return
        position += len(block)
        cut = len(text) if not block else _cut(text)
        piece, carry = text[:cut], text[cut:]
        if piece.strip():
            found = True
            yield Document(doc_id=doc_id, path=path, text=piece, offset=offset)
        offset += len(piece)
    if not found:
        yield InputError(path, "no text, only white space")


def _cut(text: str) -> int:
    """Where a piece ends: after its last line end; failing that, after its last space once it is big enough."""
    cut = text.rfind("\n") + 1
    if cut == 0 and len(text) >= PIECE_BYTES:
        cut = max(text.rfind(" "), text.rfind("\t")) + 1 or len(text)
    return cut


def read_html(data: bytes, doc_id: str, path: str) -> Document | InputError:
    """The main text, publication date, title and url of an HTML page (trafilatura); offsets refer to that text."""
    if len(data) > HTML_MAX_BYTES:
        return InputError(path, f"HTML page over {HTML_MAX_BYTES // 2**20} MB; convert it to text first")
    if not data.strip():
        return InputError(path, "empty file")
    import trafilatura

    page = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False, favor_precision=True)
    text = page.text if page is not None else None
    if not text or not text.strip():
        return InputError(path, "no article text found in the HTML page")
    metadata = {name: getattr(page, name, None) or None for name in HTML_FIELDS}
    return Document(doc_id=doc_id, path=path, text=text, date=parse_date(page.date), fields=metadata)


def read_jsonl(
    lines: Iterable[bytes], stem: str, path: str, fields: Fields = DEFAULT_FIELDS
) -> Iterator[Document | InputError]:
    """One document per JSONL line: text, id (else `<stem>:<line>`), date and kept fields from the named fields."""
    found = False
    for number, line in enumerate(lines, start=1):
        if number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        if not line.strip():
            continue
        found = True
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            yield InputError(path, f"not valid JSON ({error.msg})", line=number)
            continue
        yield _jsonl_document(record, stem, path, number, fields)
    if not found:
        yield InputError(path, "empty file")


def _jsonl_document(record: object, stem: str, path: str, number: int, fields: Fields) -> Document | InputError:
    if not isinstance(record, dict):
        return InputError(path, "not a JSON object", line=number)
    text = record.get(fields.text)
    if not isinstance(text, str):
        problem = "is not a string" if fields.text in record else "is missing"
        return InputError(path, f"text field '{fields.text}' {problem} (choose it with --text-field)", line=number)
    if not text.strip():
        return InputError(path, f"text field '{fields.text}' is empty", line=number)
    doc_id = record.get(fields.id)
    doc_id = str(doc_id) if isinstance(doc_id, (str, int)) and not isinstance(doc_id, bool) else f"{stem}:{number}"
    raw_date = record.get(fields.date)
    published = parse_date(raw_date) if isinstance(raw_date, str) else None
    if raw_date is not None and published is None:
        return InputError(path, f"date field '{fields.date}' is not an ISO date: {raw_date!r}"[:200], line=number)
    kept = {name: record.get(name) for name in fields.keep}
    return Document(doc_id=doc_id, path=path, text=text, date=published, fields=kept)


def parse_date(value: str | None) -> date | None:
    """The date of an ISO date or date-time string ("2005-03-01", "2005-03-01T10:00:00Z"), else None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        return None
