"""Read one input into documents: text in any common encoding (big files in pieces), HTML, JSONL.

What one document may cost is bounded: text is read in pieces of about PIECE_BYTES, an HTML
page may have HTML_MAX_BYTES and HTML_MAX_ELEMENTS (trafilatura's time grows faster than its
size), a JSONL line JSONL_LINE_MAX_BYTES; the model's segments are bounded in `text.segments`.
"""

from __future__ import annotations

import codecs
import logging
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from itertools import chain
from typing import IO, Any

import orjson

from corpusx.errors import InputError
from corpusx.inputs.encodings import CHECK_SLICE_BYTES, DecodeError, choose_encoding, decode_bytes
from corpusx.types import DEFAULT_FIELDS, Document, Fields

__all__ = ["DecodeError", "decode_bytes", "parse_date", "read_html", "read_jsonl", "read_stream", "read_text"]

PIECE_BYTES = 4 * 2**20
HTML_MAX_BYTES = 64 * 2**20
#: trafilatura takes ~4 s on a page of 40,000 elements, 18 s on 120,000 (a 30,000-row table).
HTML_MAX_ELEMENTS = 50_000
JSONL_LINE_MAX_BYTES = 16 * 2**20
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_FIELDS = ("title", "url")  # the page metadata trafilatura finds that `--keep-field` can copy onto mentions

# trafilatura and htmldate log page-level warnings; without a handler Python would print them on stderr.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


def read_stream(
    stream: IO[bytes], doc_id: str, path: str, suffix: str, fields: Fields = DEFAULT_FIELDS
) -> Iterator[Document | InputError]:
    """The documents of one open binary input, by its suffix: HTML page, JSONL lines, or text."""
    if suffix in HTML_SUFFIXES:
        yield read_html(stream.read(HTML_MAX_BYTES + 1), doc_id, path)
    elif suffix in JSONL_SUFFIXES:
        yield from read_jsonl(bounded_lines(stream), doc_id, path, fields)
    elif stream.seekable():
        yield from read_text(stream, doc_id, path)
    else:  # a pipe: copied to a temporary file (in memory up to a piece), then read in pieces like a big file
        with tempfile.SpooledTemporaryFile(max_size=PIECE_BYTES) as copy:
            shutil.copyfileobj(stream, copy, 2**20)
            copy.seek(0)
            yield from read_text(copy, doc_id, path)


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


def _pieces(blocks: Iterable[bytes], encoding: str, doc_id: str, path: str) -> Iterator[Document | InputError]:
    """Decode block by block and yield pieces ending at a line end, each with its offset into the whole text."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset, carry, position, found = 0, "", 0, False
    for block in chain(blocks, (b"",)):
        final = not block
        slices = []
        for start in range(0, len(block), CHECK_SLICE_BYTES):  # decoding a whole block at once costs twice its text
            try:
                slices.append(decoder.decode(block[start : start + CHECK_SLICE_BYTES]))
            except UnicodeDecodeError as error:
                where = position + start + error.start
                yield InputError(path, f"not valid {encoding} (byte {where}); the rest is skipped")
                return
        try:
            slices.append(decoder.decode(b"", final=final))
        except UnicodeDecodeError as error:
            yield InputError(path, f"not valid {encoding} (byte {position + error.start}); the rest is skipped")
            return
        decoded = "".join(slices)
        del slices
        position += len(block)
        text = carry + decoded if carry else decoded
        del decoded, block  # few copies of a piece's text alive at once: memory stays a few pieces
        cut = len(text) if final else _cut(text)
        piece, carry = (text, "") if cut == len(text) else (text[:cut], text[cut:])
        del text
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
    """The main text, publication date, title and url of an HTML page (trafilatura); offsets refer to that text.

    A page over HTML_MAX_BYTES or HTML_MAX_ELEMENTS is an InputError, and so is a Python package
    the HTML reader needs and cannot import: that input fails, the run goes on.
    """
    if len(data) > HTML_MAX_BYTES:
        return InputError(path, f"HTML page over {HTML_MAX_BYTES // 2**20} MB; convert it to text first")
    if not data.strip():
        return InputError(path, "empty file")
    try:
        import trafilatura

        tree = trafilatura.load_html(data)
        if tree is not None and sum(1 for _ in tree.iter()) > HTML_MAX_ELEMENTS:
            return InputError(path, f"HTML page of over {HTML_MAX_ELEMENTS:,} elements; convert it to text first")
        page: Any = tree is not None and trafilatura.bare_extraction(
            tree, with_metadata=True, include_comments=False, favor_precision=True
        )
    except ImportError as error:
        return InputError(path, f"can't read HTML: {missing_package(error)}")
    text = page.text if page else None
    if not text or not text.strip():
        return InputError(path, "no article text found in the HTML page")
    metadata = {name: getattr(page, name, None) or None for name in HTML_FIELDS}
    return Document(doc_id=doc_id, path=path, text=text, date=parse_date(page.date), fields=metadata)


def missing_package(error: ImportError) -> str:
    """What an ImportError says is missing, in a few words naming the package."""
    if error.name:
        return f"Python package '{error.name.split('.')[0]}' is missing (pip install it, or reinstall corpusx)"
    return str(error).strip().splitlines()[0] if str(error).strip() else "a Python package is missing"


def bounded_lines(stream: IO[bytes]) -> Iterator[bytes]:
    """The lines of a binary stream; a line over JSONL_LINE_MAX_BYTES comes as its first bytes, the rest skipped."""
    limit = JSONL_LINE_MAX_BYTES
    while line := stream.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(PIECE_BYTES)) and not rest.endswith(b"\n"):
                pass
        yield line


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
        if len(line) > JSONL_LINE_MAX_BYTES:
            limit = JSONL_LINE_MAX_BYTES // 2**20
            yield InputError(path, f"line over {limit} MB, the most a JSONL line may hold", line=number)
            continue
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
