"""Finding and reading inputs: encodings, HTML, JSONL, folders, pieces of big files, --emit-text."""

from __future__ import annotations

import codecs
import io
import os
import sys
import threading
import time
from datetime import date
from pathlib import Path

import fsspec
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corpusx
from corpusx.errors import InputError
from corpusx.inputs import readers
from corpusx.inputs.readers import decode_bytes, read_html, read_jsonl, read_stream
from corpusx.inputs.sources import (
    DocumentIds,
    GlobError,
    Source,
    emit_texts,
    iter_documents,
    iter_sources,
    worker_inputs,
)
from corpusx.types import DEFAULT_FIELDS, Document, Fields

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
        ARTICLE.encode("utf-32"),
        ARTICLE.encode("utf-32-be").join([codecs.BOM_UTF32_BE, b""]),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "cp1252", "latin-1", "utf-32-le-bom", "utf-32-be-bom"],
)
def test_sources_decode_common_encodings(data):
    """UTF-8 with or without BOM, UTF-16 and UTF-32 with BOM, cp1252 and Latin-1 decode to the article, CRLF kept."""
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


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_sources_western_text_after_64_kb_of_ascii_decodes_whole(encoding):
    """A Western file whose first 64 KB are plain ASCII is decoded by what the rest of it holds."""
    text = "Acme Holdings said so.\n" * 4000 + "Café Widgets paid £5m, Mira Okafor said.\n"
    assert decode_bytes(text.encode(encoding)) == text


def test_sources_western_big_file_with_ascii_first_piece_decodes_in_pieces(monkeypatch):
    """In a file read in pieces, Windows-1252 bytes only in a late piece still choose the encoding of every piece."""
    monkeypatch.setattr(readers, "PIECE_BYTES", 4096)
    text = "Acme Holdings said so.\n" * 4000 + "“Café” Widgets paid £5m.\n" + "Mira Okafor agreed.\n" * 300
    pieces = list(read_stream(io.BytesIO(text.encode("cp1252")), "w", "w.txt", ".txt"))
    assert all(isinstance(piece, Document) for piece in pieces)
    assert "".join(piece.text for piece in pieces) == text


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_sources_ids_are_paths_below_the_folder_in_a_category_layout(tmp_path):
    """In a `category/NNN.txt` folder each document id is its path below the folder without suffix, all distinct."""
    corpus = _tree(tmp_path / "corpus", {"business/001.txt": "Acme.", "sport/001.txt": "Widgets.", "002.txt": "Mira."})
    found = [(d.doc_id, d.path) for d in iter_documents([corpus])]
    assert found == [
        ("002", str(corpus / "002.txt")),
        ("business/001", str(corpus / "business/001.txt")),
        ("sport/001", str(corpus / "sport/001.txt")),
    ]


def test_sources_ids_met_again_in_a_run_get_a_number(tmp_path):
    """Files given by name with one stem, a `.txt`/`.md` pair and repeated JSONL ids get `~2`, `~3` in input order."""
    _tree(tmp_path, {"a/x.txt": "Acme.", "b/x.txt": "Widgets.", "c/x.md": "Mira."})
    (tmp_path / "d.jsonl").write_text(
        '{"id": "x", "text": "Acme."}\n{"id": "x", "text": "Widgets."}\n{"text": "Mira."}\n'
    )
    given = [str(tmp_path / name) for name in ("a/x.txt", "b/x.txt", "c/x.md", "d.jsonl")]
    assert [d.doc_id for d in iter_documents(given)] == ["x", "x~2", "x~3", "x~4", "x~5", "d:3"]


def test_sources_pieces_of_a_big_file_share_their_renamed_id(tmp_path, monkeypatch):
    """The pieces of a big file whose id was met before all take the one new id."""
    monkeypatch.setattr(readers, "PIECE_BYTES", 64)
    _tree(tmp_path, {"a/big.txt": "Acme.", "b/big.txt": "".join(f"Line {n}: Acme paid £{n}m.\n" for n in range(20))})
    ids = [d.doc_id for d in iter_documents([str(tmp_path / "a/big.txt"), str(tmp_path / "b/big.txt")])]
    assert ids[0] == "big" and len(ids) > 3 and set(ids[1:]) == {"big~2"}


def test_sources_library_extract_gives_unique_ids_across_inputs(nlp, tmp_path):
    """`corpusx.extract` over two folders with the same file names keeps their documents apart."""
    _tree(tmp_path, {"a/news.txt": "Acme Holdings hired Mira Okafor.", "b/news.txt": "Widgets Ltd hired Mira Okafor."})
    docs = {m.doc for m in corpusx.extract([tmp_path / "a", tmp_path / "b"], model=nlp)}
    assert docs == {"news", "news~2"}


def test_sources_output_files_are_never_inputs(tmp_path):
    """The run's output, its manifest and its temporary file in the input folder are never read."""
    corpus = _tree(tmp_path, {"a.txt": "Acme.", "out.jsonl": '{"text": "Widgets."}\n', "out.jsonl.done": "Mira.\n"})
    (corpus / ".out.jsonl.k3j2.part").write_text("Jane.\n")
    (corpus / "out[1].jsonl").write_text('{"text": "Widgets."}\n')  # a name that is also a pattern
    (corpus / "sub").mkdir()
    (corpus / "sub" / "out.jsonl").write_text('{"text": "Kept."}\n')  # same name, another folder: an input
    written = [corpus / "out.jsonl", corpus / "out.jsonl.done", corpus / ".out.jsonl.*.part", corpus / "out[1].jsonl"]
    found = [d.path for d in iter_documents([str(corpus)], ["*"], exclude=written)]
    assert found == [str(corpus / "a.txt"), str(corpus / "sub" / "out.jsonl")]


def test_sources_deep_folder_tree_is_walked_without_recursion(tmp_path):
    """A tree 1,100 folders deep gives its top-level and its deepest file, and the progress count agrees."""
    from corpusx.cli.progress import count_inputs

    folders = [str(tmp_path) + "/d" * depth for depth in range(1, 1101)]
    for folder in folders:  # Path.mkdir(parents=True) and shutil.rmtree would recurse too deep
        os.mkdir(folder)
    try:
        (tmp_path / "top.txt").write_text("Acme.")
        Path(folders[-1], "bottom.txt").write_text("Widgets.")
        found = [d.doc_id for d in iter_documents([str(tmp_path)])]
        assert found == ["/".join(["d"] * 1100 + ["bottom"]), "top"]
        assert count_inputs([str(tmp_path)], ["*.txt"]) == 2
    finally:
        Path(folders[-1], "bottom.txt").unlink(missing_ok=True)
        for folder in reversed(folders):
            os.rmdir(folder)


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("/etc/*", "is absolute"),
        ("", "selects no file names"),
        ("**", "selects no file names"),
        ("a**b.txt", "selects no file names"),
        ("../*.txt", "selects no file names"),
    ],
)
def test_sources_bad_glob_is_an_error_before_reading(pattern, problem):
    """An absolute, empty or malformed pattern raises GlobError when iter_documents is called, before any reading."""
    with pytest.raises(GlobError, match=problem):
        iter_documents(["/nonexistent"], [pattern])


def test_sources_glob_patterns_with_folders_match_the_end_of_the_path(tmp_path):
    """'news/*.txt' matches that folder at any depth, and a leading '**/' changes nothing."""
    corpus = _tree(tmp_path, {"news/a.txt": "Acme.", "x/news/b.txt": "Widgets.", "c.txt": "Mira."})
    assert [d.doc_id for d in iter_documents([str(corpus)], ["news/*.txt"])] == ["news/a", "x/news/b"]
    assert [d.doc_id for d in iter_documents([str(corpus)], ["**/c.txt"])] == ["c"]


def test_sources_name_not_utf8_is_written_with_byte_escapes(tmp_path):
    """A file name with a Latin-1 byte gives a path and id with `\\xe9` for it, which JSON can hold."""
    (tmp_path / os.fsdecode(b"caf\xe9.txt")).write_text("Acme.")
    (document,) = iter_documents([str(tmp_path)])
    assert document.doc_id == "caf\\xe9"
    assert document.path == f"{tmp_path}/caf\\xe9.txt"
    assert orjson.loads(orjson.dumps(document.path)) == document.path
    (explicit,) = iter_documents([os.fsdecode(bytes(tmp_path) + b"/caf\xe9.txt")])
    assert (explicit.doc_id, explicit.path) == (document.doc_id, document.path)


def test_sources_emit_text_names_are_unique_and_bounded(tmp_path):
    """Ids that map to one file name (case, flattening) get `~2`, `~3`; a 300-character id is cut to 200 bytes."""
    texts = ["Acme.", "Widgets.", "Mira.", "Jane.", "Long."]
    ids = ["a/x", "a_x", "A_X", "b/x", "é" * 300]
    documents = [Document(doc_id, "p", text) for doc_id, text in zip(ids, texts)]
    list(emit_texts(documents, tmp_path / "texts"))
    written = {path.name: path.read_text() for path in (tmp_path / "texts").iterdir()}
    assert written == {
        "a_x.txt": "Acme.",
        "a_x~2.txt": "Widgets.",
        "A_X~3.txt": "Mira.",
        "b_x.txt": "Jane.",
        f"{'é' * 100}.txt": "Long.",
    }


def test_sources_named_pipe_given_by_name_is_read_like_stdin(tmp_path):
    """A named pipe on the command line (as `<(zcat a.gz)` gives) is read, in pieces if it is big."""
    fifo = tmp_path / "piped.txt"
    os.mkfifo(fifo)
    text = "Acme Holdings hired Mira Okafor.\n" * 10

    def write() -> None:
        with fifo.open("w") as stream:
            stream.write(text)

    writer = threading.Thread(target=write)
    writer.start()
    (document,) = iter_documents([str(fifo)])
    writer.join()
    assert (document.doc_id, document.text) == ("piped", text)


def test_sources_jsonl_line_over_the_limit_is_one_error_and_the_next_line_is_read(monkeypatch):
    """A JSONL line over JSONL_LINE_MAX_BYTES is an error for that line only; the line after it is read."""
    monkeypatch.setattr(readers, "JSONL_LINE_MAX_BYTES", 2**20)
    data = b'{"text": "' + b"Acme " * 300_000 + b'"}\n{"id": "w", "text": "Widgets."}\n'
    error, document = read_stream(io.BytesIO(data), "d", "d.jsonl", ".jsonl")
    assert str(error) == "d.jsonl:1: line over 1 MB, the most a JSONL line may hold"
    assert document == Document("w", "d.jsonl", "Widgets.")


def test_sources_html_page_with_too_many_elements_is_refused_quickly():
    """A page of a 30,000-row table (2 MB) is refused as over HTML_MAX_ELEMENTS in a few seconds."""
    rows = "".join(f"<tr><td>Row {n}</td><td>Acme Holdings {n}</td><td>${n}m</td></tr>" for n in range(30_000))
    page = f"<html><body><article><p>Acme Holdings paid $5m.</p><table>{rows}</table></article></body></html>"
    began = time.monotonic()
    error = read_html(page.encode(), "t", "t.html")
    assert str(error) == "t.html: HTML page of over 50,000 elements; convert it to text first"
    assert time.monotonic() - began < 5


@pytest.fixture
def memory_tree():
    """A folder `memory://tree/` of fsspec's in-memory file system, emptied after the test."""
    memory = fsspec.filesystem("memory")
    yield lambda files: [memory.pipe(f"/tree/{name}", data) for name, data in files.items()]
    if memory.exists("/tree"):
        memory.rm("/tree", recursive=True)


TREE = {
    "a.txt": ARTICLE.encode("cp1252"),
    "a/b.txt": b"Mira Okafor joined Acme.\n",
    "a/c.csv": b"not,an,article\n",
    "d.jsonl": b'{"id": "a", "text": "Acme."}\n{"text": "Widgets."}\n',
    "e.html": HTML,
}


def test_sources_a_url_folder_reads_like_the_same_local_folder(tmp_path, memory_tree):
    """A memory:// and a file:// folder give the local folder's documents: order, ids, texts, dates, fields."""
    memory_tree(TREE)
    local = _tree(tmp_path / "tree", {})
    for name, data in TREE.items():
        (local / name).parent.mkdir(parents=True, exist_ok=True)
        (local / name).write_bytes(data)

    def documents(given: str) -> list[tuple]:
        found = list(iter_documents([given], fields=Fields(keep=("title",))))
        assert all(isinstance(d, Document) for d in found)
        return [(d.doc_id, d.path.removeprefix(given), d.text, d.date, d.fields) for d in found]

    expected = documents(str(local))
    assert [row[0] for row in expected] == ["a/b", "a", "a~2", "d:2", "e"]
    assert documents("memory://tree") == expected
    assert documents(f"file://{local}") == expected


def test_sources_a_url_of_one_file_is_named_by_its_stem_and_globs_choose_in_a_url_folder(memory_tree):
    """A file URL's id is its stem; --glob patterns select the files below a URL folder as below a local one."""
    memory_tree(TREE)
    (document,) = iter_documents(["memory://tree/a/b.txt"])
    assert (document.doc_id, document.path) == ("b", "memory://tree/a/b.txt")
    found = [d.doc_id for d in iter_documents(["memory://tree/"], ["a/*.csv", "*.html"])]
    assert found == ["a/c", "e"]


def test_sources_a_url_that_cannot_be_listed_is_one_failed_input(memory_tree):
    """A missing URL, a folder with no matching file, an unknown protocol: one InputError each, naming the URL."""
    memory_tree({"x/notes.csv": b"a,b\n"})
    given = ["memory://tree/missing/", "memory://tree/x", "nosuchprotocol://bucket/news/"]
    errors = [str(result) for result in iter_documents(given)]
    assert errors[:2] == [
        "memory://tree/missing/: no such file or folder",
        "memory://tree/x: no files matching *.txt, *.md, *.html, *.htm, *.jsonl, *.ndjson in this folder",
    ]
    assert errors[2].startswith("nosuchprotocol://bucket/news/: can't list it (") and len(errors) == 3


def test_sources_a_cloud_url_without_its_backend_names_the_extra(monkeypatch):
    """An s3:// input where s3fs is not installed fails in one line that says to install corpusx[cloud]."""
    monkeypatch.setitem(sys.modules, "s3fs", None)  # as if not installed
    (error,) = iter_documents(["s3://bucket/news/"])
    assert isinstance(error, InputError)
    assert str(error).startswith("s3://bucket/news/: can't read s3:// URLs (")
    assert str(error).endswith("): pip install 'corpusx[cloud]'")


def test_sources_worker_sources_are_only_the_files_a_worker_can_read(tmp_path):
    """`worker_inputs` passes a text file on as a Source (id claimed), and reads JSONL here: its lines go in chunks."""
    _tree(tmp_path, {"x.txt": "Acme.", "x.jsonl": '{"id": "x", "text": "Widgets."}\n'})
    ids = DocumentIds()
    found = list(worker_inputs(iter_sources([tmp_path / "x.txt", tmp_path / "x.jsonl"], ids=ids), DEFAULT_FIELDS, ids))
    assert found[0] == Source(str(tmp_path / "x.txt"), "x", str(tmp_path / "x.txt"))
    assert isinstance(found[1], Document) and found[1].doc_id == "x~2"
