"""`corpusx show`, the highlight module, the extract progress report, and the help of every command."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import orjson
import pytest
from rich.console import Console
from rich.text import Text
from typer.testing import CliRunner

import corpusx
from corpusx.cli import app
from corpusx.cli.progress import ExtractProgress, report_line
from corpusx.passes import DocumentDone
from corpusx.reports.highlight import displacy_page, format_value, highlight
from corpusx.types import Document, Mention

from .conftest import SEEDS

runner = CliRunner()
SEED = SEEDS / "000_75e7b8864e1bced3.txt"
REPORT = re.compile(
    r"corpusx: 1 documents, (\d+) mentions \((ORG \d+|PERSON \d+|DATE \d+|MONEY \d+|, )+\), 0 failed inputs, \d+\.\d+s\n"
)


class _Marks(HTMLParser):
    """Collects the text of each displaCy <mark>, without its label <span>."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[str, str]] = []
        self._depth = 0
        self._in_label = False

    def handle_starttag(self, tag, attrs):
        if tag == "mark":
            self._depth += 1
            self.marks.append(("", ""))
        elif tag == "span" and self._depth:
            self._in_label = True

    def handle_endtag(self, tag):
        if tag == "mark":
            self._depth -= 1
        elif tag == "span":
            self._in_label = False

    def handle_data(self, data):
        if self._depth:
            text, label = self.marks[-1]
            self.marks[-1] = (text, label + data) if self._in_label else (text + data, label)


@pytest.mark.parametrize(
    "value, shown",
    [("2025-02-04", "2025-02-04"), ({"amount": 1.4e9, "currency": "USD"}, "USD 1,400,000,000"),
     ({"min": 1, "max": 2.5, "currency": None}, "? 1-2.5"), (None, None)],
)  # fmt: skip
def test_highlight_format_value(value, shown):
    """DATE and MONEY values are shown compactly; no value shows nothing."""
    assert format_value(value) == shown


def test_highlight_plain_marks_each_mention_in_place():
    """Without colour every mention is bracketed with its label and value; the rest of the text is unchanged."""
    text = "Kakao paid $5 on Monday."
    mentions = [
        Mention("d", "-", "ORG", "Kakao", 0, 5, text, "model", "Kakao"),
        Mention("d", "-", "MONEY", "$5", 11, 13, text, "model", "$5", {"amount": 5.0, "currency": "USD"}),
        Mention("d", "-", "DATE", "Monday", 17, 23, text, "model", "Monday", "2025-02-03"),
    ]
    assert (
        highlight(text, mentions, plain=True).plain == "[Kakao|ORG] paid [$5|MONEY=USD 5] on [Monday|DATE=2025-02-03]."
    )
    assert highlight(text, mentions).plain == "Kakao paid $5 [USD 5] on Monday [2025-02-03]."


def test_show_html_page_contains_every_mention(tmp_path, nlp):
    """`show --html` writes a displaCy page whose marks are exactly the extracted mentions, values included."""
    page = tmp_path / "seed.html"
    result = runner.invoke(app, ["show", str(SEED), "--html", str(page)], catch_exceptions=False)
    assert result.exit_code == 0
    expected = list(corpusx.extract([SEED], model=nlp))
    parser = _Marks()
    parser.feed(page.read_text(encoding="utf-8"))
    assert [text.strip() for text, _ in parser.marks] == [m.text for m in expected]
    for (_, label), mention in zip(parser.marks, expected, strict=True):
        value = format_value(mention.value)
        assert label.strip() == (f"{mention.label} = {value}" if value else mention.label)
    assert f"[{expected[0].text}|{expected[0].label}" in result.stdout


def test_show_displacy_page_escapes_text():
    """Markup in the article is escaped, so the page shows it as text."""
    html = displacy_page([("t", "<b>Kakao</b>", [Mention("t", "-", "ORG", "Kakao", 3, 8, "", "model", "Kakao")])])
    assert "&lt;b&gt;" in html
    assert "<b>" not in html


def test_show_missing_file_is_one_line_exit_1(tmp_path):
    """A missing article is reported in one line naming it, exit 1."""
    missing = tmp_path / "nope.txt"
    result = runner.invoke(app, ["show", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"corpusx: {missing}: no such file or folder\n"


def test_progress_report_line():
    """The final report names documents, mentions per label in label order, failures and seconds."""
    line = report_line(5, {"MONEY": 3, "ORG": 10}, 1, 2.345)
    assert line == "corpusx: 5 documents, 13 mentions (ORG 10, MONEY 3), 1 failed inputs, 2.3s"


def test_progress_bar_on_a_terminal_shows_words_per_second():
    """On a terminal the bar shows documents done out of the total and a words/s rate."""
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=100)
    with ExtractProgress(console, 2, bar=True) as progress:
        progress.document_done(DocumentDone("a", "a.txt", 3))
        progress._progress.refresh()
    assert "1/2" in stream.getvalue()
    assert "words/s" in stream.getvalue()
    assert progress.words == 3


def test_progress_bar_says_loading_model_first():
    """Before the first document is done the bar's line says "loading model", then "extracting"."""
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=100)
    with ExtractProgress(console, 2, bar=True) as progress:
        progress._progress.refresh()
        assert "loading model" in stream.getvalue() and "extracting" not in stream.getvalue()
        progress.document_done(DocumentDone("a", "a.txt", 3))
        progress._progress.refresh()
    assert "extracting" in stream.getvalue()


def test_progress_extract_prints_only_the_report_when_not_a_terminal():
    """`extract` with stderr not a terminal prints no bar, just the one report line."""
    result = runner.invoke(app, ["extract", str(SEED)], catch_exceptions=False)
    assert result.exit_code == 0
    assert REPORT.fullmatch(result.stderr), result.stderr
    assert int(REPORT.fullmatch(result.stderr)[1]) == len(result.stdout.splitlines())


@pytest.mark.parametrize("command", ["extract", "summary", "report", "evaluate", "show"])
def test_cli_help_has_an_example(command):
    """Every command's --help ends its description with an example."""
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert f"Example: corpusx {command}" in result.stdout or f"| corpusx {command}" in result.stdout


def test_cli_every_registered_command_is_checked():
    """The help test above covers every command the app registers."""
    import typer.main

    assert set(typer.main.get_command(app).commands) == {"extract", "summary", "report", "evaluate", "show"}


@pytest.mark.parametrize(
    "args, message",
    [
        (["summary", "--format", "xml"], "corpusx: Invalid value for '--format'"),
        (["nope"], "corpusx: No such command 'nope'; see 'corpusx --help'"),
        (["show"], "corpusx: Missing argument 'ARTICLE'; see 'corpusx show --help'"),
    ],
)
def test_cli_usage_errors_are_one_line_exit_2(args, message):
    """Usage errors are one line on stderr starting with `corpusx:`, exit code 2."""
    result = runner.invoke(app, args, prog_name="corpusx")
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1


HOSTILE = "<img src=x onerror=alert(1)>"


def test_show_html_escapes_hostile_ids_labels_and_values(tmp_path):
    """An id, label or value carrying markup reaches the page escaped: no tag from the data."""
    articles = tmp_path / "hostile.jsonl"
    articles.write_text(
        orjson.dumps({"id": HOSTILE, "text": "Mira Okafor joined Acme Holdings on 3 March 2021."}).decode() + "\n"
    )
    page = tmp_path / "page.html"
    result = runner.invoke(app, ["show", str(articles), "--html", str(page)], catch_exceptions=False)
    assert result.exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    mention = Mention(HOSTILE, HOSTILE, "<script>ORG", "Acme", 0, 4, "", "model", "Acme", HOSTILE)
    direct = displacy_page([(HOSTILE, "Acme Holdings", [mention])])
    for rendered in (html, direct):
        assert "<img" not in rendered
        assert "<script" not in rendered


def test_show_two_documents_with_one_id_keep_their_own_mentions(tmp_path, nlp):
    """Two articles of one file with the same id: each page section marks exactly its own article's mentions."""
    articles = tmp_path / "twins.jsonl"
    texts = ["Mira Okafor joined Acme Holdings.", "On 3 March 2021 Tomas Reyes left Borealis Freight Ltd for $5m."]
    articles.write_text("".join(orjson.dumps({"id": "same", "text": text}).decode() + "\n" for text in texts))
    page = tmp_path / "page.html"
    result = runner.invoke(app, ["show", str(articles), "--html", str(page)], catch_exceptions=False)
    assert result.exit_code == 0
    separate = list(corpusx.extract([Document(name, "-", text) for name, text in zip("ab", texts)], model=nlp))
    sections = page.read_text(encoding="utf-8").split("<h2")[1:]
    assert len(sections) == 2
    for name, section in zip("ab", sections):
        parser = _Marks()
        parser.feed("<h2" + section)
        expected = [m.text for m in separate if m.doc == name]
        assert expected
        assert [mark.strip() for mark, _ in parser.marks] == expected


def test_show_rule_does_not_read_the_id_as_markup(tmp_path):
    """On a terminal, an id like `[draft] story` or `[/x]` is shown literally in the heading rule."""
    articles = tmp_path / "ids.jsonl"
    articles.write_text(
        "".join(
            orjson.dumps({"id": doc, "text": "Mira Okafor joined Acme Holdings."}).decode() + "\n"
            for doc in ("[draft] story", "[/x]")
        )
    )
    result = runner.invoke(app, ["show", str(articles)], catch_exceptions=False, env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0
    assert "[draft] story: " in result.stdout
    assert "[/x]: " in result.stdout


def _article_mentions() -> tuple[str, list[Mention]]:
    text = "The board of Acme Holdings named Mira Okafor chief executive on Tuesday after a long search abroad."
    mentions = [
        Mention("a", "a", "ORG", "Acme Holdings", 13, 26, text, "model", "Acme Holdings"),
        Mention("a", "a", "PERSON", "Mira Okafor", 33, 44, text, "model", "Mira Okafor"),
    ]
    return text, mentions


def test_show_wraps_at_word_boundaries_on_a_terminal():
    """On a narrow colour terminal every line break falls between words, none inside one."""
    from corpusx.cli.show import print_article

    text, mentions = _article_mentions()
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=30, color_system="standard", highlight=False)
    print_article(console, "a", text, mentions, ("ORG", "PERSON"))
    body = Text.from_ansi(buffer.getvalue()).plain.split("\n\n", 1)[1]
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    assert len(lines) > 2
    assert " ".join(lines) == text
    assert all(len(line) <= 30 for line in lines)


def test_show_no_color_writes_labels_out():
    """With NO_COLOR on a terminal, mentions are written out as [text|LABEL], so labels stay readable."""
    from corpusx.cli.show import print_article

    text, mentions = _article_mentions()
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, no_color=True, width=60, highlight=False)
    print_article(console, "a", text, mentions, ("ORG", "PERSON"))
    output = " ".join(buffer.getvalue().split())
    assert "[Acme Holdings|ORG]" in output and "[Mira Okafor|PERSON]" in output
    assert "\x1b[" not in buffer.getvalue()


def test_show_jsonl_error_names_an_option_show_has(tmp_path):
    """A JSONL article without the text field names --text-field, which show takes; with it the article shows."""
    article = tmp_path / "a.jsonl"
    article.write_text('{"id": "x", "body": "Acme Holdings paid Mira Okafor."}\n', encoding="utf-8")
    missing = runner.invoke(app, ["show", str(article)])
    assert missing.exit_code == 1 and "--text-field" in missing.stderr
    assert "--text-field" in runner.invoke(app, ["show", "--help"]).stdout
    shown = runner.invoke(app, ["show", str(article), "--text-field", "body"], catch_exceptions=False)
    assert shown.exit_code == 0 and "[Mira Okafor|PERSON]" in shown.stdout
