"""The article's own fields on every mention: `date`, `--keep-field` from JSONL and HTML, and the article timeline."""

from __future__ import annotations

import datetime
import subprocess
import sys

import orjson
import pytest
from typer.testing import CliRunner

import corpusx
from corpusx.cli import app
from corpusx.inputs.readers import read_html, read_jsonl
from corpusx.outputs.records import FIELDS, read_mentions
from corpusx.reports.summary import summarize, summary_tables
from corpusx.types import Document, Fields, Mention
from corpusx.values.dates import normalize_date

runner = CliRunner()

ARTICLES = [
    {
        "id": "a1",
        "text": "Acme Holdings hired Mira Okafor on Tuesday for $3m.",
        "date": "2024-03-05",
        "url": "https://example.org/acme",
        "title": "Acme hires",
        "rank": 2,
    },
    {"id": "a2", "text": "Mira Okafor left Acme Holdings in May.", "source": "wire"},
]
PAGE = (
    "<html><head><title>Acme &amp; Co</title>"
    '<link rel="canonical" href="https://example.org/acme-page">'
    '<meta property="article:published_time" content="2024-06-02"></head>'
    "<body><article><h1>Acme hires a chief</h1>"
    "<p>Acme Holdings said on Tuesday that Mira Okafor would lead the company from March, after a long search "
    "that the board described as thorough and fair to every candidate.</p>"
    "<p>Analysts at Brindle Partners said the choice was expected and that shares would hold steady.</p>"
    "</article></body></html>"
)


def _jsonl(records: list[dict]) -> bytes:
    return b"".join(orjson.dumps(record) + b"\n" for record in records)


def _lines(output: bytes | str) -> list[dict]:
    return [orjson.loads(line) for line in output.splitlines() if line.strip()]


@pytest.mark.parametrize("keep", [(), ("url",), ("url", "title", "rank", "absent")])
def test_fields_jsonl_reader_keeps_the_named_fields(keep):
    """A JSONL document carries exactly the kept fields of its line, None for those the line lacks."""
    (document, _) = read_jsonl(_jsonl(ARTICLES).splitlines(keepends=True), "in", "in.jsonl", Fields(keep=keep))
    assert dict(document.fields) == {name: ARTICLES[0].get(name) for name in keep}


def test_fields_html_reader_gives_title_and_url():
    """An HTML page's document carries the title and url trafilatura finds, and its metadata date."""
    document = read_html(PAGE.encode(), "page", "page.html")
    assert isinstance(document, Document)
    assert dict(document.fields) == {"title": "Acme hires a chief", "url": "https://example.org/acme-page"}
    assert document.date is not None and document.date.isoformat() == "2024-06-02"


def test_fields_every_mention_carries_date_and_kept_fields(tmp_path, nlp):
    """Each mention has its article's metadata date (or null) and every kept field, null where missing."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(_jsonl(ARTICLES))
    mentions = list(corpusx.extract([source], model=nlp, fields=Fields(keep=("url", "source"))))
    by_doc = {doc: [m for m in mentions if m.doc == doc] for doc in ("a1", "a2")}
    assert by_doc["a1"] and by_doc["a2"]
    assert {(m.date, orjson.dumps(m.fields)) for m in by_doc["a1"]} == {
        ("2024-03-05", b'{"url":"https://example.org/acme","source":null}')
    }
    assert {(m.date, orjson.dumps(m.fields)) for m in by_doc["a2"]} == {(None, b'{"url":null,"source":"wire"}')}


def test_fields_date_comes_from_the_dateline_but_never_from_ref_date(nlp):
    """A text without metadata takes its dateline's date; `ref_date` resolves DATE values but is not the article's date."""
    dated = Document("dated", "<memory>", "Acme Rally\nTuesday, March 5, 2024\n\nAcme Holdings said on Monday it grew.")
    undated = Document("undated", "<memory>", "Acme Holdings said on Monday it grew.")
    mentions = list(corpusx.extract([dated, undated], model=nlp, ref_date=datetime.date(2020, 1, 1)))
    assert {(m.doc, m.date) for m in mentions} == {("dated", "2024-03-05"), ("undated", None)}
    values = {m.doc: m.value for m in mentions if m.text == "Monday"}
    assert values == {
        "dated": normalize_date("Monday", datetime.date(2024, 3, 5)),
        "undated": normalize_date("Monday", datetime.date(2020, 1, 1)),
    }


def test_fields_a_document_objects_own_fields_are_kept(nlp):
    """A `Document` built in Python passes its `fields` to its mentions by the kept names."""
    document = Document("memo", "<memory>", "Mira Okafor joined Acme Holdings.", fields={"desk": "business"})
    mentions = list(corpusx.extract([document], model=nlp, fields=Fields(keep=("desk",))))
    assert mentions and all(m.fields == {"desk": "business"} for m in mentions)


def test_fields_cli_keep_field_is_repeatable_and_keeps_the_schema_order(tmp_path):
    """`extract --keep-field url --keep-field title` puts both in `fields` on every line; the schema order is fixed."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(_jsonl(ARTICLES))
    result = runner.invoke(
        app, ["extract", str(source), "-q", "--keep-field", "url", "--keep-field", "title"], catch_exceptions=False
    )
    assert result.exit_code == 0
    records = _lines(result.stdout)
    assert records and all(tuple(record) == FIELDS for record in records)
    assert {orjson.dumps(r["fields"]) for r in records if r["doc"] == "a1"} == {
        b'{"url":"https://example.org/acme","title":"Acme hires"}'
    }
    assert {orjson.dumps(r["fields"]) for r in records if r["doc"] == "a2"} == {b'{"url":null,"title":null}'}


def test_fields_cli_html_title_and_url_in_a_real_subprocess(tmp_path):
    """`python -m corpusx extract page.html --keep-field title --keep-field url` copies the page's title and url."""
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "corpusx", "extract", str(page), "--keep-field", "title", "--keep-field", "url", "-q"],
        capture_output=True,
        check=True,
    )
    records = _lines(result.stdout)
    assert records
    assert {(r["date"], r["fields"]["title"], r["fields"]["url"]) for r in records} == {
        ("2024-06-02", "Acme hires a chief", "https://example.org/acme-page")
    }


def test_fields_mentions_written_before_date_and_fields_still_read():
    """A mention line without `date` and `fields` (an older file) reads back with null date and no fields."""
    line = b'{"doc":"d","path":"d.txt","label":"ORG","text":"Acme","start":0,"end":4,"sentence":"Acme.","source":"model","canonical":"Acme","value":null}\n'
    (mention,) = read_mentions([line])
    assert isinstance(mention, Mention)
    assert (mention.date, mention.fields) == (None, {})


def _mention(doc: str, label: str, date: str | None, value=None) -> Mention:
    return Mention(doc, f"{doc}.txt", label, "x", 0, 1, "x.", "model", "x", value, date)


def test_fields_summary_timeline_by_article_date():
    """The article timeline counts documents and mentions per month of the article date, undated last."""
    mentions = [
        _mention("a", "ORG", "2024-03-05"),
        _mention("a", "DATE", "2024-03-05", "2023-12"),
        _mention("b", "PERSON", "2024-03-20"),
        _mention("c", "ORG", "2023-11-01"),
        _mention("d", "ORG", None),
    ]
    tables = summary_tables(summarize(mentions, timeline="article"))
    assert tables["timeline"] == [
        {"month": "2023-11", "documents": 1, "mentions": 1},
        {"month": "2024-03", "documents": 2, "mentions": 3},
        {"month": "undated", "documents": 1, "mentions": 1},
    ]
    assert summary_tables(summarize(mentions))["timeline"] == [{"month": "2023-12", "mentions": 1}]


def test_fields_summary_cli_timeline_option(tmp_path):
    """`summary --timeline article` titles and fills the timeline by article date; a bad choice is exit 2."""
    path = tmp_path / "m.jsonl"
    path.write_bytes(b"".join(orjson.dumps(m) + b"\n" for m in [_mention("a", "ORG", "2024-03-05")]))
    result = runner.invoke(app, ["summary", str(path), "--timeline", "article"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Documents and mentions per month of article date" in result.stdout
    assert runner.invoke(app, ["summary", str(path), "--timeline", "week"]).exit_code == 2
