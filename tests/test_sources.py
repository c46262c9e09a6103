"""Finding and reading inputs: encodings, HTML, JSONL, folders, pieces of big files, --emit-text."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corpusx
from corpusx.errors import InputError
from corpusx.inputs import readers
from corpusx.inputs.readers import decode_bytes, read_html, read_jsonl, read_stream
from corpusx.inputs.sources import emit_texts, iter_documents
from corpusx.types import Document, Fields

from .conftest import SHARED

ARTICLE = "Acme Corporation paid “£40m” for Café Widgets, Jane Smith said on Tuesday.\r\nShares rose 3%.\r\n"
HTML = b"""<!DOCTYPE html><html><head><title>Acme buys Widgets</title>
<meta property="article:published_time" content="2005-03-01T09:00:00Z"></head><body>
<nav><a href="/">Home</a> | <a href="/business">Business</a></nav>
<article><h1>Acme buys Widgets</h1>
<p>Acme Corporation has agreed to buy Widgets Ltd for $40m, chief executive Jane Smith said on Tuesday.</p>
<p>The deal, announced in London, is expected to close in April, analysts at Barclays said.</p></article>
<footer>Copyright 2005 Example News.</footer></body></html>"""


@pytest.mark.parametrize(
    "data",
    [
        ARTICLE.encode("utf-8"),
        ARTICLE.encode("utf-8-sig"),
        ARTICLE.encode("utf-16"),
        ARTICLE.encode("utf-16-be").join([b"\xfe\xff", b""]),
        ARTICLE.encode("cp1252"),
        ARTICLE.replace("“", '"').replace("”", '"').encode("latin-1"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "cp1252", "latin-1"],
)
def test_sources_decode_common_encodings(data):
    """UTF-8 with or without BOM, UTF-16 with BOM, cp1252 and Latin-1 all decode to the article, CRLF kept."""
    text = decode_bytes(data)
    assert text in (ARTICLE, ARTICLE.replace("“", '"').replace("”", '"'))
    assert "\r\n" in text


def test_sources_decode_the_latin1_bbc_article():
    """The shared corpus's Latin-1 file decodes its pound sign."""
    path = SHARED / "corpora" / "bbc" / "sport_199.txt"
    if not path.exists():
        pytest.skip("shared corpus absent")
    assert "£" in decode_bytes(path.read_bytes())


def test_sources_crlf_offsets_slice_the_decoded_text(nlp):
    """Offsets into a CRLF cp1252 document slice the text exactly as decoded, newlines not normalised."""
    (document,) = read_stream(io.BytesIO(ARTICLE.encode("cp1252")), "a", "a.txt", ".txt")
    mentions = list(corpusx.extract([document], model=nlp))
    assert {m.text for m in mentions} >= {"Jane Smith", "Tuesday"}
    for mention in mentions:
        assert ARTICLE[mention.start : mention.end] == mention.text


def test_sources_html_gives_main_text_and_date():
    """An HTML page yields its article text without navigation or footer, and its publication date."""
    document = read_html(HTML, "page", "page.html")
    assert isinstance(document, Document)
    assert "Jane Smith said on Tuesday" in document.text
    assert "Home" not in document.text and "Copyright" not in document.text
    assert document.date == date(2005, 3, 1)


def test_sources_jsonl_fields_ids_and_dates():
    """JSONL lines take text, id and date from the named fields; the id falls back to <stem>:<line>."""
    lines = [
        b'{"body": "Acme hired Jane Smith.", "key": 7, "published": "2005-03-01T10:00:00Z"}\n',
        b"\n",
        b'{"body": "Widgets Ltd paid $5m."}\n',
    ]
    results = list(read_jsonl(lines, "dump", "dump.jsonl", Fields(text="body", id="key", date="published")))
    assert results == [
        Document("7", "dump.jsonl", "Acme hired Jane Smith.", date(2005, 3, 1)),
        Document("dump:3", "dump.jsonl", "Widgets Ltd paid $5m."),
    ]


def test_sources_jsonl_bad_date_is_a_line_error():
    """A date that is not ISO is reported with its line number."""
    (error,) = read_jsonl([b'{"text": "Acme.", "date": "yesterday"}'], "d", "d.jsonl")
    assert isinstance(error, InputError)
    assert str(error) == "d.jsonl:1: date field 'date' is not an ISO date: 'yesterday'"


def test_sources_folders_are_walked_recursively_sorted_with_globs(tmp_path):
    """A folder yields every supported file below it, sorted by path; --glob narrows the set."""
    for name in ("b/z.txt", "a.md", "b/c.html", "d.jsonl", "e.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "b" / "z.txt").write_text("Acme.")
    (tmp_path / "a.md").write_text("Widgets.")
    (tmp_path / "b" / "c.html").write_bytes(HTML)
    (tmp_path / "d.jsonl").write_text('{"text": "Jane."}\n')
    (tmp_path / "e.csv").write_text("x,y\n")
    found = [d.path for d in iter_documents([str(tmp_path)])]
    assert found == [str(tmp_path / p) for p in ("a.md", "b/c.html", "b/z.txt", "d.jsonl")]
    assert [d.path for d in iter_documents([str(tmp_path)], ["*.txt", "*.csv"])] == [
        str(tmp_path / "b/z.txt"),
        str(tmp_path / "e.csv"),
    ]


def test_sources_big_text_comes_in_pieces_at_line_ends(monkeypatch):
    """A file bigger than a piece is cut at line ends; the pieces, at their offsets, rebuild the text."""
    monkeypatch.setattr(readers, "PIECE_BYTES", 64)
    text = "".join(f"Line {n}: Café “Acme” paid £{n}m.\r\n" for n in range(40))
    pieces = list(read_stream(io.BytesIO(text.encode("utf-8")), "big", "big.txt", ".txt"))
    assert len(pieces) > 10
    assert all(isinstance(p, Document) and p.doc_id == "big" and p.text.endswith("\n") for p in pieces)
    assert "".join(p.text for p in pieces) == text
    assert all(text[p.offset : p.offset + len(p.text)] == p.text for p in pieces)


def test_sources_emit_text_writes_what_offsets_refer_to(tmp_path, monkeypatch):
    """--emit-text writes each document's text (pieces joined) as DIR/<doc>.txt in UTF-8."""
    monkeypatch.setattr(readers, "PIECE_BYTES", 64)
    text = "".join(f"Line {n}: Acme paid £{n}m.\r\n" for n in range(30))
    source = tmp_path / "big.txt"
    source.write_bytes(text.encode("cp1252"))
    documents = [d for d in iter_documents([str(source)]) if isinstance(d, Document)]
    assert len(documents) > 1
    list(emit_texts(documents, tmp_path / "texts"))
    assert (tmp_path / "texts" / "big.txt").read_bytes().decode("utf-8") == text


def test_sources_permission_error_is_an_input_error(tmp_path, monkeypatch):
    """A file that cannot be opened (PermissionError) is reported as 'permission denied'."""
    path = tmp_path / "locked.txt"
    path.write_text("Acme.")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    assert [str(e) for e in iter_documents([str(path)])] == [f"{path}: permission denied"]


@settings(max_examples=50)
@given(st.binary(max_size=2000), st.sampled_from([".txt", ".jsonl", ".html"]))
def test_sources_arbitrary_bytes_never_raise(data, suffix):
    """Any bytes through the file reader give documents or input errors, never an exception."""
    for result in read_stream(io.BytesIO(data), "x", f"x{suffix}", suffix):
        assert isinstance(result, Document | InputError)
        if isinstance(result, Document) and suffix == ".txt":
            assert result.text == decode_bytes(data)


@settings(max_examples=50)
@given(st.text(max_size=300))
def test_sources_arbitrary_unicode_extracts_with_valid_offsets(nlp, text):
    """Any Unicode text extracts without raising, and every mention's offsets slice its text."""
    for mention in corpusx.extract([Document("h", "<memory>", text)], model=nlp):
        assert text[mention.start : mention.end] == mention.text
