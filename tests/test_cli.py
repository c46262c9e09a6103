"""The command line, in process (CliRunner) and as a real subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import orjson
import pytest
from typer.testing import CliRunner

import corpusx
from corpusx.cli import app

from .conftest import ROOT, SEEDS

runner = CliRunner()
SEED = SEEDS / "000_75e7b8864e1bced3.txt"


def _lines(output: bytes | str) -> list[dict]:
    return [orjson.loads(line) for line in output.splitlines() if line.strip()]


def test_cli_extract_writes_jsonl_to_a_file(tmp_path, seed_jsonl):
    """`extract seeds -o FILE` writes what the library yields and reports on stderr."""
    out = tmp_path / "out" / "seeds.jsonl"
    result = runner.invoke(app, ["extract", str(SEEDS), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0
    records = _lines(out.read_bytes())
    assert [r["text"] for r in records] == [r["text"] for r in _lines(seed_jsonl)]
    assert "mentions" in result.stderr


def test_cli_extract_reads_stdin():
    """Piped text is one document with id `stdin` and path `-`."""
    text = "Samsung Chairman Jay Y. Lee met Sam Altman in Seoul on Tuesday."
    result = runner.invoke(app, ["extract", "--quiet"], input=text, catch_exceptions=False)
    assert result.exit_code == 0
    records = _lines(result.stdout)
    assert {r["doc"] for r in records} == {"stdin"}
    assert {r["path"] for r in records} == {"-"}
    assert ("PERSON", "Jay Y. Lee") in {(r["label"], r["text"]) for r in records}
    assert result.stderr == ""


@pytest.mark.parametrize("labels, expected", [("MONEY", {"MONEY"}), ("date,person", {"DATE", "PERSON"})])
def test_cli_extract_filters_labels(labels, expected):
    """--labels keeps only the listed labels (case-insensitive)."""
    result = runner.invoke(app, ["extract", str(SEED), "--labels", labels, "-q"], catch_exceptions=False)
    assert result.exit_code == 0
    assert {r["label"] for r in _lines(result.stdout)} == expected


def test_cli_extract_rejects_an_unknown_label():
    """An unknown label is a usage error (exit 2) that names the label."""
    result = runner.invoke(app, ["extract", str(SEED), "--labels", "ORG,PLANET"])
    assert result.exit_code == 2
    assert "unknown label PLANET" in result.stderr


def test_cli_extract_missing_input_is_one_line_and_exit_1(tmp_path):
    """A missing path is reported in one line naming it; the other input is still extracted."""
    missing = tmp_path / "nope.txt"
    result = runner.invoke(app, ["extract", str(missing), str(SEED), "-q"])
    assert result.exit_code == 1
    assert result.stderr == f"corpusx: {missing}: no such file or folder; skipped\n"
    assert _lines(result.stdout)


def test_cli_extract_unknown_model_is_a_usage_error():
    """--model with a name that is not installed exits 2 with one line."""
    result = runner.invoke(app, ["extract", str(SEED), "--model", "no_such_model"])
    assert result.exit_code == 2
    assert result.stderr.startswith("corpusx: can't load model 'no_such_model'")
    assert result.stderr.count("\n") == 1


def test_cli_extract_failed_run_keeps_the_earlier_output(tmp_path):
    """A run that fails on its model leaves an existing output file untouched."""
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"earlier\n")
    result = runner.invoke(app, ["extract", str(SEED), "-o", str(out), "--model", "no_such_model"])
    assert result.exit_code == 2
    assert out.read_bytes() == b"earlier\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_cli_summary_prints_counts_per_label(tmp_path, seed_jsonl):
    """`summary FILE` prints the label totals and the top entities."""
    jsonl = tmp_path / "seeds.jsonl"
    jsonl.write_bytes(seed_jsonl)
    result = runner.invoke(app, ["summary", str(jsonl)], catch_exceptions=False)
    assert result.exit_code == 0
    for label in ("ORG", "PERSON", "DATE", "MONEY"):
        assert label in result.stdout


def test_cli_version():
    """--version prints the package version."""
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("corpusx ")


def test_cli_runs_as_a_real_subprocess(tmp_path):
    """`python -m corpusx extract FILE | python -m corpusx summary -` works end to end."""
    extracted = subprocess.run(
        [sys.executable, "-m", "corpusx", "extract", str(SEED)], capture_output=True, check=True, cwd=tmp_path
    )
    assert _lines(extracted.stdout)
    summary = subprocess.run(
        [sys.executable, "-m", "corpusx", "summary", "-"],
        input=extracted.stdout,
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    assert b"PERSON" in summary.stdout


def test_cli_output_file_gets_ordinary_permissions(tmp_path):
    """-o FILE is readable like any file the user creates (not the temporary file's 0600)."""
    out = tmp_path / "out.jsonl"
    previous = os.umask(0o022)
    try:
        result = runner.invoke(app, ["extract", str(SEED), "-o", str(out), "-q", "--labels", "MONEY"])
    finally:
        os.umask(previous)
    assert result.exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("command", ["", "extract", "summary", "report", "show", "evaluate"])
def test_cli_dash_h_is_help_with_word_placeholders(command):
    """`-h` works like --help on every command, and no placeholder is a type name like <list[str]> or <path>."""
    args = [command, "-h"] if command else ["-h"]
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    assert not re.search(r"<(?:list\[|int|str|path|float)", result.stdout), result.stdout


def test_cli_help_placeholders_read_as_words():
    """Options show words (N, FILE, choices) as their placeholders."""
    extract = runner.invoke(app, ["extract", "--help"]).stdout
    assert "--format jsonl|csv|parquet" in extract and "--jobs N" in extract and "--output FILE" in extract
    summary = runner.invoke(app, ["summary", "--help"]).stdout
    assert "--top N" in summary and "--by canonical|text" in summary


def test_cli_offers_shell_completion():
    """The app offers --install-completion and --show-completion (a real process)."""
    result = subprocess.run([sys.executable, "-m", "corpusx", "--help"], capture_output=True, text=True, check=True)
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout


@pytest.mark.parametrize("command", ["extract", "summary", "report", "show"])
def test_cli_label_option_has_the_same_names_in_every_command(command):
    """--labels, --label and -l are one option in every command that filters labels."""
    help_text = runner.invoke(app, [command, "--help"]).stdout
    assert "-l, --labels, --label LABELS" in help_text


def test_cli_extract_label_option_is_repeatable(tmp_path):
    """`-l org -l money` on extract is the same as `--labels ORG,MONEY`."""
    repeated = runner.invoke(app, ["extract", str(SEED), "-l", "org", "-l", "money", "-q"], catch_exceptions=False)
    joined = runner.invoke(app, ["extract", str(SEED), "--labels", "ORG,MONEY", "-q"], catch_exceptions=False)
    assert repeated.exit_code == joined.exit_code == 0
    assert repeated.stdout == joined.stdout
    assert {r["label"] for r in _lines(repeated.stdout)} == {"ORG", "MONEY"}


def test_python_api_one_string_is_one_path(nlp):
    """`extract("file")` reads that one file (not one input per character), like extract(["file"])."""
    alone = list(corpusx.extract(str(SEED), model=nlp))
    assert alone and alone == list(corpusx.extract([str(SEED)], model=nlp))
    assert list(corpusx.extract(SEED, model=nlp)) == alone


def test_python_api_ref_date_string_is_parsed_or_rejected(nlp):
    """ref_date may be an ISO string (same output as the date); another type is a TypeError at the call."""
    from datetime import date

    document = corpusx.Document("d", "<m>", "Acme Holdings said on Tuesday it would pay $5m.")
    as_text = list(corpusx.extract([document], model=nlp, ref_date="2025-02-06"))
    assert as_text == list(corpusx.extract([document], model=nlp, ref_date=date(2025, 2, 6)))
    assert any(m.value == "2025-02-04" for m in as_text)
    with pytest.raises(TypeError, match="ref_date"):
        corpusx.extract([document], model=nlp, ref_date=20250206)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        corpusx.extract([document], model=nlp, ref_date="06/02/2025")


def test_python_api_labels_are_case_insensitive_and_checked_at_the_call(nlp):
    """Labels in any case select the same mentions; an unknown one is a ValueError before any work."""
    document = corpusx.Document("d", "<m>", "Acme Holdings paid Mira Okafor $5m.")
    lower = list(corpusx.extract([document], model=nlp, labels=["money", "Org"]))
    assert lower == list(corpusx.extract([document], model=nlp, labels=["MONEY", "ORG"]))
    with pytest.raises(ValueError, match="unknown label PLANET"):
        corpusx.extract([document], model=nlp, labels=["planet"])


def test_python_api_exports_fields_and_ships_py_typed():
    """`corpusx.Fields` is public and the package carries its py.typed marker."""
    from importlib import resources

    from corpusx.types import Fields

    assert corpusx.Fields is Fields and "Fields" in corpusx.__all__
    assert (resources.files("corpusx") / "py.typed").is_file()
