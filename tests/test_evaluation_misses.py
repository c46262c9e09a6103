"""`evaluate`: value and canonical misses listed with --errors, predictions sharing no document id, variants explained."""

from __future__ import annotations

import subprocess
import sys

import orjson
import pytest
from typer.testing import CliRunner

from corpusx.cli import app
from corpusx.reports.evaluation import Miss, evaluate, evaluation_to_json
from corpusx.reports.gold import EvaluationInputError, GoldDocument, GoldEntity
from corpusx.types import Mention

runner = CliRunner()
TEXT = "Mira Okafor of Acme Holdings paid $5m on Tuesday. Okafor said so."


def _gold() -> dict[str, GoldDocument]:
    entities = (
        GoldEntity("PERSON", 0, 11, "Mira Okafor", False, None, ("Mira Okafor",)),
        GoldEntity("ORG", 15, 28, "Acme Holdings", False, None, ("Acme Holdings",)),
        GoldEntity("MONEY", 34, 37, "$5m", False, ({"amount": 5e6, "currency": "USD"},), None),
        GoldEntity("DATE", 41, 48, "Tuesday", False, ("2025-02-04",), None),
        GoldEntity("PERSON", 50, 56, "Okafor", False, None, ("Mira Okafor",)),
    )
    return {"d": GoldDocument("d", entities)}


def _mention(label: str, start: int, end: int, canonical: str, value=None, doc: str = "d") -> Mention:
    return Mention(doc, "d.txt", label, TEXT[start:end], start, end, TEXT, "model", canonical, value)


PREDICTIONS = [
    _mention("PERSON", 0, 11, "Mira Okafor"),
    _mention("ORG", 15, 28, "Acme Holdings"),
    _mention("MONEY", 34, 37, "$5m", {"amount": 5e6, "currency": "USD"}),
    _mention("DATE", 41, 48, "Tuesday", "2025-02-11"),
    _mention("PERSON", 50, 56, "Okafor"),
]


def test_evaluation_lists_value_and_canonical_misses():
    """A found mention with a wrong value or canonical name is a miss, with what the gold expected."""
    result = evaluate(_gold(), PREDICTIONS)
    assert result.misses == [
        Miss("value", "d", "DATE", "Tuesday", 41, 48, "2025-02-04", "2025-02-11"),
        Miss("canonical", "d", "PERSON", "Okafor", 50, 56, "Mira Okafor", "Okafor"),
    ]
    assert result.errors == []
    assert evaluation_to_json(result, include_errors=True)["misses"][0]["expected"] == "2025-02-04"


def test_evaluation_predictions_sharing_no_document_id_are_an_error():
    """Predictions of other documents only are an input error naming both sides' ids, not a silent 0."""
    others = [_mention("ORG", 15, 28, "Acme Holdings", doc="other")]
    with pytest.raises(
        EvaluationInputError, match="no document id in common with the gold \\('d' there, 'other' here\\)"
    ):
        evaluate(_gold(), others, source="pred.jsonl")
    assert evaluate(_gold(), []).scores["ALL"].fn == 5  # no predictions at all: nothing found, scored


def _files(tmp_path, predictions: list[Mention]) -> tuple[str, str]:
    gold = tmp_path / "gold.jsonl"
    record = {"doc": "d", "entities": []}
    for entity in _gold()["d"].entities:
        row = {"start": entity.start, "end": entity.end, "label": entity.label, "text": entity.text}
        if entity.values is not None:
            row["value"] = entity.values[0]
        if entity.canonicals is not None:
            row["canonical"] = entity.canonicals[0]
        record["entities"].append(row)
    gold.write_bytes(orjson.dumps(record) + b"\n")
    pred = tmp_path / "pred.jsonl"
    pred.write_bytes(b"".join(orjson.dumps(m) + b"\n" for m in predictions))
    return str(gold), str(pred)


def test_evaluate_cli_errors_show_misses_and_explain_variants(tmp_path):
    """`evaluate --errors` (CliRunner) lists the misses and says what "variants" counts."""
    gold, pred = _files(tmp_path, PREDICTIONS)
    result = runner.invoke(app, ["evaluate", gold, pred, "--errors"], catch_exceptions=False)
    assert result.exit_code == 0
    out = " ".join(result.stdout.split())
    assert "Value and canonical misses" in out and "2025-02-11" in out
    assert "canonical variants: the gold mentions written otherwise than their canonical name" in out


def test_evaluate_cli_no_shared_id_is_one_line_exit_2(tmp_path):
    """A real `corpusx evaluate` run on predictions of other documents stops with one line, exit 2."""
    gold, pred = _files(tmp_path, [_mention("ORG", 15, 28, "Acme Holdings", doc="other")])
    result = subprocess.run(
        [sys.executable, "-m", "corpusx", "evaluate", gold, pred], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no document id in common with the gold" in result.stderr
