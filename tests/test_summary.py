"""The summary data (`corpusx.reports.summary`), its renderings, and `corpusx summary` on fixtures and corrupted input."""

from __future__ import annotations

import re

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from corpusx.cli import app
from corpusx.mentions import bracketed_conversions
from corpusx.outputs.records import read_mentions
from corpusx.reports.summary import amount_of, month_of, summarize, summary_tables
from corpusx.types import Mention

from .conftest import ROOT

runner = CliRunner()
SNAPSHOTS = ROOT / "tests" / "snapshots"
FIXTURE = SNAPSHOTS / "seeds-mentions.jsonl"
FORMATS = {"table": "summary.txt", "json": "summary.json", "csv": "summary.csv", "markdown": "summary.md"}


def _mention(doc, label, text, sentence="s", canonical=None, value=None) -> Mention:
    return Mention(doc, f"{doc}.txt", label, text, 0, len(text), sentence, "model", canonical or text, value)


MENTIONS = [
    _mention("a", "ORG", "OpenAI", "OpenAI and Kakao met Sam Altman."),
    _mention("a", "ORG", "Kakao", "OpenAI and Kakao met Sam Altman."),
    _mention("a", "PERSON", "Altman", "OpenAI and Kakao met Sam Altman.", canonical="Sam Altman"),
    _mention("a", "DATE", "Tuesday", value="2025-02-04"),
    _mention("a", "DATE", "this week", value="2025-W05"),
    _mention("a", "DATE", "2023", value="2023"),
    _mention("a", "MONEY", "$500 billion", value={"amount": 5e11, "currency": "USD"}),
    _mention("b", "ORG", "Open AI", "Open AI hired Sam Altman.", canonical="OpenAI"),
    _mention("b", "PERSON", "Sam Altman", "Open AI hired Sam Altman."),
    _mention("b", "MONEY", "$1-2 million", value={"min": 1e6, "max": 2e6, "currency": "USD"}),
    _mention("b", "MONEY", "2 trillion won", value={"amount": 2e12, "currency": "KRW"}),
    _mention("b", "MONEY", "a fortune"),
    _mention("c", "DATE", "January", value="XXXX-01"),
]


@pytest.mark.parametrize(
    "value, month",
    [
        ("2025-02-04", "2025-02"),
        ("2025-02", "2025-02"),
        ("2025-W05", "2025-01"),  # Thursday 30 January 2025
        ("2025-W06", "2025-02"),
        ("2020-W53", "2020-12"),
        ("2025", None),
        ("2024-Q4", None),
        ("XXXX-01", None),
        ("2025-13", None),
        (None, None),
        (["2025-W06", None], None),
    ],
)
def test_summary_month_of_values(value, month):
    """Days and months keep their month, weeks take their Thursday's, anything coarser has none."""
    assert month_of(value) == month


@pytest.mark.parametrize(
    "value, expected",
    [
        ({"amount": 12.5, "currency": "GBP"}, (12.5, "GBP")),
        ({"min": 1, "max": 3, "currency": None}, (3.0, None)),
        ({"amount": None, "currency": "USD"}, None),
        (None, None),
        ("5", None),
    ],
)
def test_summary_amount_of_values(value, expected):
    """A MONEY value gives its amount (a range its maximum) and currency, or nothing."""
    assert amount_of(value) == expected


def test_summary_counts_entities_by_canonical_name_with_first_and_last_document():
    """Entities are grouped by canonical name, with documents counted and the first and last named."""
    summary = summarize(MENTIONS)
    openai = summary.top_entities["ORG"][0]
    assert (openai.name, openai.mentions, openai.documents) == ("OpenAI", 2, 2)
    assert (openai.first_document, openai.last_document) == ("a", "b")
    assert [e.name for e in summary.top_entities["PERSON"]] == ["Sam Altman"]


def test_summary_by_text_names_entities_as_written():
    """With by='text' the written forms are counted separately."""
    names = {e.name for e in summarize(MENTIONS, by="text").top_entities["ORG"]}
    assert names == {"OpenAI", "Open AI", "Kakao"}


def test_summary_pairs_timeline_and_money():
    """Pairs come from shared sentences, the timeline from month values, and MONEY totals per currency."""
    summary = summarize(MENTIONS)
    pairs = {(p.name_a, p.name_b): (p.sentences, p.documents) for p in summary.pairs}
    assert pairs[("OpenAI", "Sam Altman")] == (2, 2)
    assert pairs[("Kakao", "OpenAI")] == (1, 1)
    assert summary.timeline == [("2025-01", 1), ("2025-02", 1), ("undated", 2)]
    assert [(a.currency, a.rank, a.amount) for a in summary.largest_amounts] == [
        ("KRW", 1, 2e12),
        ("USD", 1, 5e11),
        ("USD", 2, 2e6),
    ]
    assert [(t.currency, t.total, t.mentions, t.conversions) for t in summary.currency_totals] == [
        ("KRW", 2e12, 1, 0),
        ("USD", 5e11 + 2e6, 2, 0),
    ]


def _money(doc, text, amount, currency, conversion=False):
    value = {"amount": amount, "currency": currency} | ({"conversion": True} if conversion else {})
    return _mention(doc, "MONEY", text, value=value)


def test_summary_largest_amounts_rank_within_each_currency():
    """Amounts are ranked within their currency, `top` per currency: a huge won sum does not push dollars out."""
    mentions = [
        _money("a", "100 trillion won", 1e14, "KRW"),
        _money("a", "5 trillion won", 5e12, "KRW"),
        _money("b", "$422bn", 4.22e11, "USD"),
        _money("b", "$3m", 3e6, "USD"),
        _money("c", "a sum", 7.0, None),
    ]
    largest = summary_tables(summarize(mentions, top=1))["money_largest"]
    assert largest == [
        {"currency": "KRW", "rank": 1, "amount": 1e14, "doc": "a", "text": "100 trillion won"},
        {"currency": "USD", "rank": 1, "amount": 4.22e11, "doc": "b", "text": "$422bn"},
        {"currency": None, "rank": 1, "amount": 7.0, "doc": "c", "text": "a sum"},
    ]


def test_summary_bracketed_conversions_count_once():
    """A conversion in brackets ("$70bn (£38bn)") is left out of totals and the largest amounts, and counted apart."""
    mentions = [
        _money("a", "$70bn", 7e10, "USD"),
        _money("a", "£38bn", 3.8e10, "GBP", conversion=True),
        _money("b", "£2m", 2e6, "GBP"),
    ]
    summary = summarize(mentions)
    assert [(t.currency, t.total, t.mentions, t.conversions) for t in summary.currency_totals] == [
        ("GBP", 2e6, 1, 1),
        ("USD", 7e10, 1, 0),
    ]
    assert [a.text for a in summary.largest_amounts] == ["£2m", "$70bn"]


@pytest.mark.parametrize(
    "text, conversions",
    [
        ("It paid $70bn (£38bn) for Brindle.", ["£38bn"]),
        ("It paid $70bn (about £38bn; €45bn) for Brindle.", ["£38bn", "€45bn"]),
        ("It paid $70bn [£38bn or €45bn].", ["£38bn", "€45bn"]),
        ("It paid $70bn and £38bn.", []),
        ("It paid $70bn (£38bn of it in cash).", []),
        ("It paid $70bn; £38bn went to Acme.", []),
        ("(£38bn) was the price.", []),
    ],
)
def test_summary_bracketed_conversions_are_found_by_layout(text, conversions):
    """An amount opening a bracket right after another, or continuing that bracket's list, is a conversion."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[$£€]\d+bn", text)]
    found = bracketed_conversions(text, spans)
    assert [text[start:end] for start, end in sorted(found)] == conversions
    assert all(text[found[span][0] : found[span][1]] == "$70bn" for span in found)


@given(st.text(alphabet=st.sampled_from(list("ab $£1;,/ or")), max_size=40))
def test_summary_bracketed_conversions_need_a_bracket(text):
    """Text without an opening bracket never has a conversion, whatever the spans."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[$£]1+", text)]
    assert bracketed_conversions(text, spans) == {}


def test_summary_money_totals_match_pandas_on_the_mention_json(tmp_path):
    """pandas with the documented rule (amount, else a range's max; conversions out) gives summary's totals."""
    pd = pytest.importorskip("pandas")
    mentions = list(read_mentions(FIXTURE.read_bytes().splitlines()))
    mentions += [
        _mention("z", "MONEY", "$1-2 million", value={"min": 1e6, "max": 2e6, "currency": "USD"}),
        _money("z", "$70bn", 7e10, "USD"),
        _money("z", "£38bn", 3.8e10, "GBP", conversion=True),
    ]
    path = tmp_path / "m.jsonl"
    path.write_bytes(b"".join(orjson.dumps(m) + b"\n" for m in mentions))
    frame = pd.read_json(path, lines=True, dtype={"value": object})
    money = frame[frame.label == "MONEY"].copy()
    money["amount"] = money.value.map(lambda v: v.get("amount", v.get("max")))
    money["currency"] = money.value.map(lambda v: v.get("currency"))
    money = money[~money.value.map(lambda v: v.get("conversion", False))]
    expected = money.groupby("currency").amount.sum().to_dict()
    rows = summary_tables(summarize(mentions))["money_totals"]
    assert {row["currency"]: row["total"] for row in rows if row["mentions"] and row["currency"]} == expected
    assert expected["USD"] > 7e10 + 2e6


def test_summary_labels_restrict_every_table():
    """Asking for PERSON only leaves no ORG pairs, no timeline and no money, and one column per document."""
    tables = summary_tables(summarize(MENTIONS, labels=["PERSON"]))
    assert [row["label"] for row in tables["labels"]] == ["PERSON"]
    assert tables["cooccurrences"] == tables["timeline"] == tables["money_largest"] == []
    assert tables["documents"][0] == {"doc": "a", "PERSON": 1, "total": 1}
    assert [row["doc"] for row in tables["documents"]] == ["a", "b", "c"]


@pytest.mark.parametrize("format", list(FORMATS))
def test_summary_snapshot_of_the_seeds(format, update_golden):
    """`summary --format F` on the committed seed mentions matches its snapshot (--update-golden rewrites it)."""
    result = runner.invoke(app, ["summary", str(FIXTURE), "--format", format], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stderr == ""
    snapshot = SNAPSHOTS / FORMATS[format]
    if update_golden:
        snapshot.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == snapshot.read_text(encoding="utf-8"), (
        "summary output changed; review, then run: .venv/bin/python -m pytest tests/test_summary.py --update-golden"
    )


def test_summary_json_has_every_table():
    """The JSON form is an object of the documented tables, each a list of row objects."""
    result = runner.invoke(app, ["summary", str(FIXTURE), "-f", "json", "--top", "1"], catch_exceptions=False)
    tables = orjson.loads(result.stdout)
    assert list(tables) == [
        "labels",
        "entities",
        "documents",
        "cooccurrences",
        "timeline",
        "money_largest",
        "money_totals",
        "watch_list",
    ]
    assert len([row for row in tables["entities"] if row["label"] == "ORG"]) == 1


def test_summary_reports_corrupted_lines_and_summarises_the_rest(tmp_path):
    """Bad JSON and a line missing a field are reported with their line numbers; the rest is summarised; exit 1."""
    good = FIXTURE.read_bytes().splitlines(keepends=True)[:3]
    record = orjson.loads(good[0])
    del record["label"]
    path = tmp_path / "broken.jsonl"
    path.write_bytes(good[0] + b'{"doc": "x", oops\n' + orjson.dumps(record) + b"\n" + b"".join(good[1:]))
    result = runner.invoke(app, ["summary", str(path), "-f", "json"], catch_exceptions=False)
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 2
    assert errors[0].startswith(f"corpusx: {path}:2: not valid JSON")
    assert errors[1] == f"corpusx: {path}:3: missing field label; skipped"
    assert sum(row["mentions"] for row in orjson.loads(result.stdout)["labels"]) == 3


def test_summary_missing_file_is_one_line_exit_2(tmp_path):
    """A summary of a file that does not exist is one line naming it, exit 2."""
    missing = tmp_path / "nope.jsonl"
    result = runner.invoke(app, ["summary", str(missing)])
    assert result.exit_code == 2
    assert result.stderr == f"corpusx: {missing}: No such file or directory\n"


def test_summary_rejects_an_unknown_label_in_one_line():
    """--label with an unknown label is a one-line usage error, exit 2."""
    result = runner.invoke(app, ["summary", str(FIXTURE), "--label", "PLANET"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "unknown label PLANET" in result.stderr


def test_summary_shows_ids_with_brackets_literally(tmp_path):
    """Doc ids and names like `[/x]` or `[draft] story` are data, never rich markup: shown as written."""
    file = tmp_path / "mentions.jsonl"
    mentions = [_mention("[/x]", "ORG", "[bold]Acme"), _mention("[draft] story", "PERSON", "Mira Okafor")]
    file.write_bytes(b"".join(orjson.dumps(m) + b"\n" for m in mentions))
    for env in ({}, {"FORCE_COLOR": "1"}):
        result = runner.invoke(app, ["summary", str(file)], catch_exceptions=False, env=env)
        assert result.exit_code == 0
        for shown in ("[/x]", "[draft] story", "[bold]Acme"):
            assert shown in result.stdout


def test_summary_wrong_json_types_are_one_line_each(tmp_path):
    """A label or doc of the wrong JSON type is a one-line error for its line (exit 1); the rest is summarised."""
    file = tmp_path / "mentions.jsonl"
    good = orjson.loads(orjson.dumps(_mention("a", "ORG", "Acme")))
    lines = [good, {**good, "label": 5}, {**good, "doc": ["a"]}, {**good, "start": "0"}]
    file.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines))
    result = runner.invoke(app, ["summary", str(file), "--format", "json"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"corpusx: {file}:2: field label of the wrong JSON type; skipped",
        f"corpusx: {file}:3: field doc of the wrong JSON type; skipped",
        f"corpusx: {file}:4: field start of the wrong JSON type; skipped",
    ]
    assert orjson.loads(result.stdout)["labels"] == [{"label": "ORG", "mentions": 1, "documents": 1}]


def test_evaluate_errors_show_ids_with_brackets_literally():
    """`evaluate --errors` prints a doc id `[/x]` as written instead of failing on it as markup."""
    import io

    from rich.console import Console

    from corpusx.reports.evaluation import GoldDocument, evaluate
    from corpusx.reports.render import render_evaluation

    predicted = orjson.loads(orjson.dumps(_mention("[/x]", "ORG", "Acme")))
    evaluation = evaluate({"[/x]": GoldDocument("[/x]", (), ())}, [predicted])
    console = Console(file=io.StringIO(), width=200)
    render_evaluation(evaluation, console, errors=True)
    assert "[/x]" in console.file.getvalue()
