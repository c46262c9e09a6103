"""`corpusx report`: one self-contained HTML page, parsed back (tables, charts, escaping) and shown in a headless browser."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
from html.parser import HTMLParser

import orjson
import pytest
from typer.testing import CliRunner

from corpusx.cli import app
from corpusx.outputs.records import read_mentions
from corpusx.reports.report import network_layout, report_html
from corpusx.reports.summary import summarize, summary_tables
from corpusx.types import Mention

from .conftest import ROOT

runner = CliRunner()
SNAPSHOT = ROOT / "tests" / "snapshots" / "seeds-mentions.jsonl"
HOSTILE = '<script>alert("x")</script> & Co'
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


class Page(HTMLParser):
    """What the tests look at in a page: tags met, tables as rows of cell text, the text of every element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.tables: list[list[list[str]]] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def count(self, tag: str) -> int:
        return sum(1 for name, _ in self.tags if name == tag)


def _parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def _snapshot() -> list[Mention]:
    return [m for m in read_mentions(SNAPSHOT.read_bytes().splitlines()) if isinstance(m, Mention)]


def _hostile_mentions() -> list[Mention]:
    sentence = f"{HOSTILE} hired Mira Okafor."
    return [
        Mention("d<1>", "d.txt", "ORG", HOSTILE, 0, len(HOSTILE), sentence, "model", HOSTILE, None, "2024-03-05"),
        Mention("d<1>", "d.txt", "PERSON", "Mira Okafor", 36, 47, sentence, "model", "Mira Okafor", None, "2024-03-05"),
        Mention("d<1>", "d.txt", "DATE", "May", 50, 53, "In May.", "model", "May", "2024-05", "2024-03-05"),
    ]


def test_report_page_has_every_summary_table_with_its_rows():
    """Each non-empty summary table is one HTML table with the same header and the same number of rows."""
    summary = summarize(_snapshot(), top=15)
    page = _parse(report_html(summary))
    tables = [rows for rows in summary_tables(summary).values() if rows]
    assert len(page.tables) == len(tables)
    for html_rows, rows in zip(page.tables, tables):
        assert html_rows[0] == list(rows[0])
        assert len(html_rows) == len(rows) + 1
    first = summary_tables(summary)["entities"][0]
    assert page.tables[1][1][:3] == [first["label"], first["name"], str(first["mentions"])]


def test_report_charts_are_inline_svg_with_one_bar_per_month_and_a_node_per_entity():
    """Two bar charts (DATE values, article dates) and the network: bars match the timelines, nodes the pairs."""
    summary = summarize(_snapshot(), top=15)
    page = _parse(report_html(summary))
    assert page.count("svg") == 3
    assert page.count("rect") == len(summary.timeline) + len(summary.article_timeline)
    nodes = {(p.label_a, p.name_a) for p in summary.pairs} | {(p.label_b, p.name_b) for p in summary.pairs}
    assert page.count("circle") == len(nodes) and page.count("line") >= len(summary.pairs)


def test_report_page_fetches_nothing():
    """No script, no stylesheet link, no image or frame, and no http(s) address in any attribute: it opens offline."""
    page = _parse(report_html(summarize(_snapshot())))
    assert not {"script", "link", "img", "iframe", "object", "embed"} & {tag for tag, _ in page.tags}
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            if name != "xmlns":
                assert "http" not in (value or ""), (tag, name, value)


def test_report_escapes_every_string_from_the_data():
    """Names, documents and months with markup come back as text: no script element, the text intact."""
    html = report_html(summarize(_hostile_mentions()), title="Acme <b>")
    page = _parse(html)
    assert page.count("script") == 0 and page.count("b") == 0
    text = "".join(page.text)
    assert HOSTILE in text and "d<1>" in text and "Acme <b>" in text
    assert HOSTILE not in html


def test_report_without_pairs_or_dates_says_so():
    """A file with no pairs and no DATE values still gives a page, with a sentence where each chart would be."""
    page = _parse(report_html(summarize([_hostile_mentions()[0]])))
    assert page.count("svg") == 1 and page.count("rect") == 1  # the article timeline: its one month
    text = "".join(page.text)
    assert "No DATE mentions per month of their value." in text
    assert "No ORG/PERSON pairs named in the same sentence." in text


@pytest.mark.parametrize("count", [1, 2, 7])
def test_report_network_layout_is_deterministic_and_distinct(count):
    """Nodes get distinct positions inside the drawing, the same for the same nodes."""
    nodes = [("ORG", f"Acme {index}") for index in range(count)]
    where = network_layout(nodes)
    assert where == network_layout(list(nodes))
    assert len({(round(x), round(y)) for x, y in where.values()}) == count
    assert all(0 < x < 940 and 0 < y < 600 for x, y in where.values())


def test_report_cli_writes_the_page_atomically(tmp_path):
    """`report FILE -o PAGE` writes the page (nothing on stdout); a bad line is reported and gives exit 1."""
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(SNAPSHOT), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout == ""
    assert _parse(out.read_text(encoding="utf-8")).count("table") >= 5
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b"{oops\n" + SNAPSHOT.read_bytes().splitlines(keepends=True)[0])
    result = runner.invoke(app, ["report", str(broken), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"corpusx: {broken}:1: not valid JSON")


def test_report_cli_in_a_real_subprocess_reads_stdin():
    """`python -m corpusx report -` reads mentions from a pipe and writes the page to stdout."""
    data = b"".join(orjson.dumps(m) + b"\n" for m in _hostile_mentions())
    result = subprocess.run(
        [sys.executable, "-m", "corpusx", "report", "-"], input=data, capture_output=True, check=True
    )
    page = result.stdout.decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and HOSTILE not in page


def _png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def _screenshot(browser: str, page, png, width: int, height: int) -> None:
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--window-size={width},{height}",
            f"--screenshot={png}",
            page.as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )


def test_report_renders_in_a_headless_browser(tmp_path):
    """A headless Chromium screenshot of the page is a full-size picture with far more in it than a blank page."""
    browser = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    if browser is None:
        pytest.skip("no Chromium installed (apt-get install chromium)")
    page, blank = tmp_path / "report.html", tmp_path / "blank.html"
    page.write_text(report_html(summarize(_snapshot())), encoding="utf-8")
    blank.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
    _screenshot(browser, page, tmp_path / "report.png", 1000, 1400)
    _screenshot(browser, blank, tmp_path / "blank.png", 1000, 1400)
    assert _png_size(tmp_path / "report.png") == (1000, 1400)
    assert (tmp_path / "report.png").stat().st_size > 5 * (tmp_path / "blank.png").stat().st_size
