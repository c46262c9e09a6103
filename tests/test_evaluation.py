"""Tests for corpusx.reports.evaluation: trimming, matching, scores, accuracies and input errors."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from corpusx.reports.evaluation import (
    LEADING_MODIFIERS,
    Accuracy,
    LabelScore,
    ScoringError,
    evaluate,
    evaluation_to_json,
    trim_span,
    values_equal,
)
from corpusx.reports.gold import EvaluationInputError, GoldDocument, GoldEntity, read_gold, read_predictions
from corpusx.reports.timeml import TimexScore, score_timexes, timeml_documents
from corpusx.types import LABELS, Mention

SHARED_GOLD = Path(__file__).parents[1].parent / "shared" / "gold" / "seeds-dev.jsonl"
SHARED_SEEDS = SHARED_GOLD.parents[1] / "seeds"
NOT_ANNOTATED = object()


def entity(
    text: str,
    start: int,
    label: str,
    *,
    optional: bool = False,
    value: Any = NOT_ANNOTATED,
    canonical: Any = NOT_ANNOTATED,
) -> GoldEntity:
    """A gold entity whose value/canonical alternatives are given as in the gold file."""
    return GoldEntity(
        label=label,
        start=start,
        end=start + len(text),
        text=text,
        optional=optional,
        values=None if value is NOT_ANNOTATED else tuple(value if isinstance(value, list) else [value]),
        canonicals=None
        if canonical is NOT_ANNOTATED
        else tuple(canonical if isinstance(canonical, list) else [canonical]),
    )


def gold(*entities: GoldEntity, boilerplate: tuple[tuple[int, int], ...] = ()) -> dict[str, GoldDocument]:
    """A gold file holding one document "d"."""
    return {"d": GoldDocument("d", tuple(entities), boilerplate)}


def prediction(
    text: str, start: int, label: str, *, doc: str = "d", canonical: Any = None, value: Any = None
) -> dict[str, Any]:
    """A prediction record as read from mention JSONL."""
    return {
        "doc": doc,
        "path": f"{doc}.txt",
        "label": label,
        "text": text,
        "start": start,
        "end": start + len(text),
        "sentence": text,
        "source": "test",
        "canonical": canonical,
        "value": value,
    }


def counts(evaluation: Any, label: str = "ALL") -> tuple[int, int, int]:
    """The (tp, fp, fn) of one label."""
    score = evaluation.scores[label]
    return score.tp, score.fp, score.fn


def trimmed(text: str) -> str:
    """The text left after trim_span."""
    start, end = trim_span(text, 0, len(text))
    return text[start:end]


@pytest.mark.parametrize("modifier", LEADING_MODIFIERS)
def test_evaluation_trim_span_strips_each_leading_modifier(modifier: str) -> None:
    """Every listed modifier is trimmed whatever its case."""
    assert trimmed(f"{modifier.upper()} $500 billion") == "$500 billion"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Maeil Business Newspaper", "Maeil Business Newspaper"),
        ("up to $500 billion", "$500 billion"),
        ("up \n to $5", "$5"),
        ("an estimated $3 million", "$3 million"),
        ("about the $5", "$5"),
        ("the company's.", "company"),
        ("OpenAI's", "OpenAI"),
        ("OpenAI\u2019s", "OpenAI"),
        ("OPENAI'S", "OPENAI"),
        ("Reuters'", "Reuters"),
        ("Reuters\u2019", "Reuters"),
        ("  (Apple), ", "Apple"),
        ("“Kakao”", "Kakao"),
        ("$5.", "$5"),
        ("theater", "theater"),
        ("Overstock", "Overstock"),
        ("Justice Department", "Justice Department"),
        ("Anthropic", "Anthropic"),
        ("the", "the"),
        ("The The", "The"),
        ("s's", "s"),
    ],
)
def test_evaluation_trim_span_table(text: str, expected: str) -> None:
    """Modifiers, possessives and punctuation are trimmed, repeatedly, but only as whole words."""
    assert trimmed(text) == expected


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [("the OpenAI's", 10, (14, 20)), ("Kakao", 3, (3, 8)), ("...", 7, (10, 10))],
)
def test_evaluation_trim_span_shifts_offsets(text: str, start: int, expected: tuple[int, int]) -> None:
    """Trimmed offsets are document offsets, not offsets into the text."""
    assert trim_span(text, start, start + len(text)) == expected


@pytest.mark.parametrize(
    ("gold_text", "gold_start", "predicted_text", "predicted_start", "label"),
    [
        ("the Maeil Business Newspaper", 0, "Maeil Business Newspaper", 4, "ORG"),
        ("Maeil Business Newspaper", 4, "the Maeil Business Newspaper", 0, "ORG"),
        ("$500 billion", 6, "up to $500 billion", 0, "MONEY"),
        ("OpenAI", 0, "OpenAI's", 0, "ORG"),
        ("OpenAI's", 0, "OpenAI", 0, "ORG"),
        ("Altman", 5, "(Altman)", 4, "PERSON"),
        ("the fourth week of January", 0, "fourth week of January", 4, "DATE"),
        ("about $5", 10, "some $5", 11, "MONEY"),
    ],
)
def test_evaluation_trimmed_spans_match(
    gold_text: str, gold_start: int, predicted_text: str, predicted_start: int, label: str
) -> None:
    """A prediction differing only in what trimming removes is a true positive."""
    result = evaluate(gold(entity(gold_text, gold_start, label)), [prediction(predicted_text, predicted_start, label)])
    assert counts(result, label) == (1, 0, 0)
    assert result.errors == []


@pytest.mark.parametrize(
    ("gold_text", "predicted_text", "predicted_start"),
    [
        ("Sam Altman", "Altman", 4),
        ("Sam Altman", "CEO Sam Altman", -4),
        ("Bank of Korea", "Bank", 0),
        ("$500 billion", "$500", 0),
    ],
)
def test_evaluation_span_one_word_off_is_fp_and_fn(gold_text: str, predicted_text: str, predicted_start: int) -> None:
    """A span one word short or long is both a false positive and a false negative."""
    start = 10
    result = evaluate(
        gold(entity(gold_text, start, "ORG")), [prediction(predicted_text, start + predicted_start, "ORG")]
    )
    assert counts(result) == (0, 1, 1)
    assert sorted(error.kind for error in result.errors) == ["fn", "fp"]


@pytest.mark.parametrize(("gold_label", "predicted_label"), [("ORG", "PERSON"), ("DATE", "MONEY")])
def test_evaluation_label_mismatch_is_fp_and_fn(gold_label: str, predicted_label: str) -> None:
    """The right span with the wrong label counts against both labels."""
    result = evaluate(gold(entity("Kakao", 0, gold_label)), [prediction("Kakao", 0, predicted_label)])
    assert counts(result, gold_label) == (0, 0, 1)
    assert counts(result, predicted_label) == (0, 1, 0)


@pytest.mark.parametrize("predicted", [[], [prediction("VexTor", 0, "ORG")]])
def test_evaluation_optional_span_is_neither_counted_nor_an_error(predicted: list[dict[str, Any]]) -> None:
    """Predicting or missing an optional span changes no count."""
    result = evaluate(gold(entity("VexTor", 0, "ORG", optional=True)), predicted)
    assert counts(result) == (0, 0, 0)
    assert result.errors == []


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        ([prediction("OpenAI", 0, "ORG")] * 2, (1, 1, 0)),
        ([prediction("OpenAI", 0, "ORG"), prediction("OpenAI's", 0, "ORG")], (1, 1, 0)),
        ([prediction("VexTor", 10, "ORG")] * 2, (0, 1, 1)),
    ],
)
def test_evaluation_each_gold_span_matches_one_prediction(
    predicted: list[dict[str, Any]], expected: tuple[int, int, int]
) -> None:
    """A second prediction of an already matched span (required or optional) is a false positive."""
    document = gold(entity("OpenAI", 0, "ORG"), entity("VexTor", 10, "ORG", optional=True))
    result = evaluate(document, predicted)
    assert counts(result) == expected


@pytest.mark.parametrize(("start", "in_boilerplate"), [(100, True), (95, True), (119, True), (120, False), (50, False)])
def test_evaluation_prediction_in_boilerplate_is_flagged_fp(start: int, in_boilerplate: bool) -> None:
    """A prediction overlapping a boilerplate block is a false positive reported as in boilerplate."""
    result = evaluate(gold(boilerplate=((100, 120),)), [prediction("Samsung", start, "ORG")])
    assert counts(result) == (0, 1, 0)
    assert result.errors == [ScoringError("fp", "d", "ORG", "Samsung", start, start + 7, in_boilerplate)]


@pytest.mark.parametrize(
    "ignored",
    [
        prediction("OpenAI", 0, "ORG", doc="not-in-gold"),
        prediction("Seoul", 0, "GPE"),
        prediction("5%", 0, "PERCENT"),
    ],
)
def test_evaluation_ignores_documents_without_gold_and_other_labels(ignored: dict[str, Any]) -> None:
    """Predictions for documents absent from gold, or with other labels, are not scored."""
    result = evaluate(gold(entity("OpenAI", 0, "ORG")), [ignored, prediction("OpenAI", 0, "ORG")])
    assert counts(result) == (1, 0, 0)


def test_evaluation_missed_gold_is_fn_error() -> None:
    """An unmatched required gold span is a false negative carrying its untrimmed text."""
    result = evaluate(gold(entity("the Kakao", 3, "ORG")), [])
    assert result.errors == [ScoringError("fn", "d", "ORG", "the Kakao", 3, 12, False)]


def test_evaluation_precision_recall_f1_per_label_and_micro() -> None:
    """P, R and F1 follow from the counts per label and pooled over labels."""
    document = gold(
        entity("OpenAI", 0, "ORG"),
        entity("Kakao", 10, "ORG"),
        entity("Altman", 20, "PERSON"),
        entity("Monday", 30, "DATE"),
    )
    predicted = [
        prediction("OpenAI", 0, "ORG"),
        prediction("Kakao", 10, "ORG"),
        prediction("Seoul", 40, "ORG"),
        prediction("Altman", 20, "PERSON"),
    ]
    result = evaluate(document, predicted)
    assert counts(result, "ORG") == (2, 1, 0)
    assert counts(result, "DATE") == (0, 0, 1)
    assert counts(result, "MONEY") == (0, 0, 0)
    assert counts(result) == (3, 1, 1)
    assert (result.scores["ORG"].precision, result.scores["ORG"].recall) == (pytest.approx(2 / 3), 1.0)
    assert result.scores["ALL"].f1 == pytest.approx(0.75)


@pytest.mark.parametrize(
    ("score", "expected"), [(LabelScore(), (0.0, 0.0, 0.0)), (LabelScore(0, 3, 2), (0.0, 0.0, 0.0))]
)
def test_evaluation_undefined_scores_are_zero(score: LabelScore, expected: tuple[float, float, float]) -> None:
    """Precision, recall and F1 are 0.0 when their denominators are 0 or nothing was right."""
    assert (score.precision, score.recall, score.f1) == expected


@pytest.mark.parametrize(
    ("expected", "predicted", "equal"),
    [
        ("2025-02-04", "2025-02-04", True),
        ("2025-02-04", "2025-02-05", False),
        (None, None, True),
        (None, "2025", False),
        ({"amount": 5e11, "currency": "USD"}, {"amount": 500000000000, "currency": "USD"}, True),
        ({"amount": 5e11, "currency": "USD"}, {"amount": 5e11 * (1 + 1e-10), "currency": "USD"}, True),
        ({"amount": 5e11, "currency": "USD"}, {"amount": 5e11 * (1 + 1e-8), "currency": "USD"}, False),
        ({"amount": 5e11, "currency": "USD"}, {"amount": 5e11, "currency": "KRW"}, False),
        ({"amount": 5e11, "currency": "USD"}, {"amount": 5e11}, False),
        ({"min": 1.0, "max": 2.0, "currency": "EUR"}, {"min": 1, "max": 2, "currency": "EUR"}, True),
        ({"amount": 1.0, "currency": "EUR"}, {"amount": True, "currency": "EUR"}, False),
        ({"amount": 1.0, "currency": "GBP"}, {"amount": 1.0, "currency": "GBP", "conversion": True}, True),
        ("1", 1, False),
    ],
)
def test_evaluation_values_equal(expected: Any, predicted: Any, equal: bool) -> None:
    """Amounts compare with a 1e-9 relative tolerance; strings, currencies and keys exactly."""
    assert values_equal(expected, predicted) is equal


@pytest.mark.parametrize(
    ("label", "gold_value", "predicted_value", "correct"),
    [
        ("DATE", "2025-02-04", "2025-02-04", 1),
        ("DATE", "2025-02-04", "2025-02", 0),
        ("DATE", ["2025-W06", None], None, 1),
        ("DATE", ["2025-W06", None], "2025-W06", 1),
        ("DATE", ["2025-W06", None], "2025-02", 0),
        ("DATE", None, None, 1),
        ("MONEY", {"amount": 1.4e9, "currency": "USD"}, {"amount": 1400000000.0000001, "currency": "USD"}, 1),
        ("MONEY", [{"amount": 2e12, "currency": "KRW"}, None], {"amount": 2e12, "currency": "USD"}, 0),
    ],
)
def test_evaluation_value_accuracy_accepts_alternatives(
    label: str, gold_value: Any, predicted_value: Any, correct: int
) -> None:
    """A found DATE/MONEY is right when its value equals one of the gold alternatives."""
    result = evaluate(gold(entity("x", 0, label, value=gold_value)), [prediction("x", 0, label, value=predicted_value)])
    assert result.value_accuracy[label] == Accuracy(correct, 1)


@pytest.mark.parametrize(
    "document",
    [
        gold(entity("Monday", 0, "DATE")),
        gold(entity("Monday", 0, "DATE", value="2025-02-03", optional=True)),
        gold(entity("Monday", 0, "DATE", value="2025-02-03"), entity("Tuesday", 9, "DATE", value="2025-02-04")),
    ],
)
def test_evaluation_value_accuracy_counts_only_found_required_annotated(
    document: dict[str, GoldDocument],
) -> None:
    """Mentions without a value key, optional mentions and missed mentions are left out of value accuracy."""
    result = evaluate(document, [prediction("Monday", 0, "DATE", value="2025-02-03")])
    total = result.value_accuracy["DATE"].total
    assert total == (1 if len(document["d"].entities) == 2 else 0)
    assert result.value_accuracy["MONEY"] == Accuracy(0, 0)
    assert result.value_accuracy["MONEY"].rate is None


@pytest.mark.parametrize(
    ("text", "canonical", "predicted", "all_", "variants"),
    [
        ("OpenAI", "OpenAI", "OpenAI", Accuracy(1, 1), Accuracy(0, 0)),
        ("OpenAI's", "OpenAI", "OpenAI", Accuracy(1, 1), Accuracy(0, 0)),
        ("Open AI", "OpenAI", "OpenAI", Accuracy(1, 1), Accuracy(1, 1)),
        ("Open AI", "OpenAI", "Open AI", Accuracy(0, 1), Accuracy(0, 1)),
        ("Altman", "Sam Altman", "Sam Altman", Accuracy(1, 1), Accuracy(1, 1)),
        ("AP", ["AP", "Associated Press"], "Associated Press", Accuracy(1, 1), Accuracy(0, 0)),
        ("Vexkor", ["VexTor", "Vexkor"], "VexTor", Accuracy(1, 1), Accuracy(0, 0)),
        ("Tiktok", "VexTor", None, Accuracy(0, 1), Accuracy(0, 1)),
    ],
)
def test_evaluation_canonical_accuracy_all_and_variants(
    text: str, canonical: Any, predicted: str | None, all_: Accuracy, variants: Accuracy
) -> None:
    """Canonical names are right when they equal an alternative; variants are texts that are not canonical."""
    result = evaluate(
        gold(entity(text, 0, "ORG", canonical=canonical)), [prediction(text, 0, "ORG", canonical=predicted)]
    )
    assert result.canonical_accuracy == {"all": all_, "variants": variants}


def test_evaluation_accepts_mention_objects() -> None:
    """Mentions straight from the extractor score like their JSON records."""
    mention = Mention(**prediction("OpenAI", 0, "ORG", canonical="OpenAI"))
    result = evaluate(gold(entity("OpenAI", 0, "ORG", canonical="OpenAI")), [mention])
    assert counts(result) == (1, 0, 0)
    assert result.canonical_accuracy["all"] == Accuracy(1, 1)


def test_evaluation_to_json_shape() -> None:
    """The JSON report has p/r/f/tp/fp/fn per label and ALL, accuracies, and errors on request."""
    result = evaluate(
        gold(entity("Kakao", 0, "ORG", canonical="Kakao")), [prediction("Kakao", 0, "ORG", canonical="Kakao")]
    )
    report = evaluation_to_json(result)
    assert set(report) == {*LABELS, "ALL", "value_accuracy", "canonical_accuracy"}
    assert report["ORG"] == {"p": 1.0, "r": 1.0, "f": 1.0, "tp": 1, "fp": 0, "fn": 0}
    assert report["canonical_accuracy"]["all"] == {"accuracy": 1.0, "correct": 1, "total": 1}
    assert report["value_accuracy"]["DATE"] == {"accuracy": None, "correct": 0, "total": 0}
    assert orjson.loads(orjson.dumps(report)) == report
    assert evaluation_to_json(result, include_errors=True)["errors"] == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"{not json", "preds.jsonl:2: not valid JSON"),
        (b"[1, 2]", "preds.jsonl:2: not a JSON object"),
        (
            orjson.dumps({k: v for k, v in prediction("x", 0, "ORG").items() if k != "end"}),
            "preds.jsonl:2: missing field end",
        ),
        (
            orjson.dumps({**prediction("x", 0, "ORG"), "start": "0"}),
            "preds.jsonl:2: field start must be an integer",
        ),
        (
            orjson.dumps({**prediction("x", 0, "ORG"), "end": 3}),
            "preds.jsonl:2: text 'x' has 1 characters but span 0..3 covers 3",
        ),
        (
            orjson.dumps({**prediction("x", 0, "ORG"), "start": 2}),
            "preds.jsonl:2: span 2..1 is not a valid offset range",
        ),
    ],
)
def test_evaluation_bad_prediction_line_names_line(tmp_path: Path, line: bytes, message: str) -> None:
    """A malformed prediction line raises EvaluationInputError naming file and line."""
    path = tmp_path / "preds.jsonl"
    path.write_bytes(orjson.dumps(prediction("x", 0, "ORG")) + b"\n" + line + b"\n")
    with pytest.raises(EvaluationInputError) as raised:
        read_predictions(path)
    assert str(raised.value).startswith(f"{tmp_path}/{message}")
    assert raised.value.line == 2
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            b'{"doc": "d", "entities": [{"start": 0, "end": 2, "label": "ORG", "text": "x"}]}',
            "text 'x' has 1 characters",
        ),
        (b'{"doc": "d", "entities": [{"start": 0, "end": 1, "label": "ORG"}]}', "missing field text"),
        (b'{"doc": "d", "entities": [], "boilerplate": [[1]]}', "boilerplate block [1] is not [start, end]"),
        (b'{"doc": "a", "entities": []}', "document 'a' repeated"),
        (b'{"entities": []}', "missing field doc"),
        (b"nope", "not valid JSON"),
    ],
)
def test_evaluation_bad_gold_line_names_line(tmp_path: Path, line: bytes, message: str) -> None:
    """A malformed gold line raises EvaluationInputError naming file and line."""
    path = tmp_path / "gold.jsonl"
    path.write_bytes(b'{"doc": "a", "entities": [], "boilerplate": []}\n' + line + b"\n")
    with pytest.raises(EvaluationInputError, match=r"gold\.jsonl:2: ") as raised:
        read_gold(path)
    assert message in str(raised.value)


def test_evaluation_reads_gold_and_predictions(tmp_path: Path) -> None:
    """Gold and prediction files round-trip through the readers into a score."""
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_bytes(
        orjson.dumps(
            {
                "doc": "d",
                "entities": [
                    {
                        "start": 0,
                        "end": 6,
                        "label": "ORG",
                        "text": "OpenAI",
                        "optional": False,
                        "canonical": "OpenAI",
                    },
                    {
                        "start": 8,
                        "end": 15,
                        "label": "DATE",
                        "text": "Tuesday",
                        "optional": False,
                        "value": "2025-02-04",
                    },
                ],
                "boilerplate": [[20, 30]],
            }
        )
        + b"\n\n"
    )
    predictions_path = tmp_path / "preds.jsonl"
    predictions_path.write_bytes(
        b"".join(
            orjson.dumps(record) + b"\n"
            for record in [
                prediction("OpenAI's", 0, "ORG", canonical="OpenAI"),
                prediction("Tuesday", 8, "DATE", value="2025-02-04"),
                prediction("Samsung", 21, "ORG"),
            ]
        )
    )
    result = evaluate(read_gold(gold_path), read_predictions(predictions_path))
    assert counts(result) == (2, 1, 0)
    assert result.errors == [ScoringError("fp", "d", "ORG", "Samsung", 21, 28, True)]
    assert result.value_accuracy["DATE"] == Accuracy(1, 1)


_PIECES = ["the ", "about ", "up to ", "Acme", " Corp", "'s", "\u2019", ".", " ", "$5", "(", "Kim", "s'"]
_VALUES = st.one_of(
    st.sampled_from(["2025-02-04", "2025-W06", None]),
    st.builds(
        lambda amount, currency: {"amount": amount, "currency": currency},
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(["USD", "KRW"]),
    ),
)
_ENTITIES = st.builds(
    lambda pieces, start, label, optional, value, canonical: GoldEntity(
        label=label,
        start=start,
        end=start + len("".join(pieces)),
        text="".join(pieces),
        optional=optional,
        values=value,
        canonicals=canonical,
    ),
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=5),
    st.integers(0, 60),
    st.sampled_from(LABELS),
    st.booleans(),
    st.one_of(st.none(), st.lists(_VALUES, min_size=1, max_size=3).map(tuple)),
    st.one_of(st.none(), st.lists(st.sampled_from(["Acme", "Acme Corp", "Kim"]), min_size=1, max_size=2).map(tuple)),
)
_GOLD = st.dictionaries(
    st.sampled_from(["a", "b", "c"]),
    st.lists(_ENTITIES, max_size=8),
    min_size=1,
).map(lambda documents: {doc: GoldDocument(doc, tuple(entities), ((40, 50),)) for doc, entities in documents.items()})


def gold_as_predictions(documents: dict[str, GoldDocument]) -> list[dict[str, Any]]:
    """Every required gold entity as a prediction carrying its first acceptable value and canonical."""
    return [
        prediction(
            item.text,
            item.start,
            item.label,
            doc=doc,
            value=item.values[0] if item.values else None,
            canonical=item.canonicals[0] if item.canonicals else None,
        )
        for doc, document in documents.items()
        for item in document.entities
        if not item.optional
    ]


@settings(deadline=None)
@given(_GOLD)
def test_evaluation_gold_against_itself_is_perfect(documents: dict[str, GoldDocument]) -> None:
    """Scoring gold converted to predictions gives P = R = F = 1 and every defined accuracy 1."""
    assume(any(not item.optional for document in documents.values() for item in document.entities))
    result = evaluate(documents, gold_as_predictions(documents))
    for score in result.scores.values():
        assert score.fp == score.fn == 0
    total = result.scores["ALL"]
    assert (total.precision, total.recall, total.f1) == (1.0, 1.0, 1.0)
    assert result.errors == []
    for accuracy in [*result.value_accuracy.values(), *result.canonical_accuracy.values()]:
        assert accuracy.rate in (None, 1.0)


@settings(deadline=None)
@given(_GOLD, _GOLD)
def test_evaluation_scores_stay_in_unit_interval(
    documents: dict[str, GoldDocument], other: dict[str, GoldDocument]
) -> None:
    """Against any predictions, scores lie in [0, 1] and counts add up (sharing no document id is an error)."""
    predicted = gold_as_predictions(other)
    if documents and predicted and not any(record["doc"] in documents for record in predicted):
        with pytest.raises(EvaluationInputError, match="no document id in common"):
            evaluate(documents, predicted)
        return
    result = evaluate(documents, predicted)
    required = sum(not item.optional for document in documents.values() for item in document.entities)
    scored = sum(record["doc"] in documents for record in predicted)
    total = result.scores["ALL"]
    assert total.tp + total.fn == required
    assert total.tp + total.fp <= scored
    assert len(result.errors) == total.fp + total.fn
    for score in result.scores.values():
        assert all(0.0 <= rate <= 1.0 for rate in (score.precision, score.recall, score.f1))
    for accuracy in [*result.value_accuracy.values(), *result.canonical_accuracy.values()]:
        assert accuracy.rate is None or 0.0 <= accuracy.rate <= 1.0


@settings(deadline=None)
@given(
    st.lists(st.sampled_from([*"ab \u2019's.$(", "the ", "about ", "AN estimated "]), max_size=12).map("".join),
    st.integers(0, 100),
)
def test_evaluation_trim_span_is_idempotent_and_inside(text: str, start: int) -> None:
    """Trimming stays inside the span and trimming a trimmed span changes nothing."""
    left, right = trim_span(text, start, start + len(text))
    assert start <= left <= right <= start + len(text)
    inner = text[left - start : right - start]
    assert trim_span(inner, left, right) == (left, right)


def test_evaluation_shared_gold_file_scores_itself_perfectly() -> None:
    """The real gold file reads, slices its seeds exactly, and scores 1.0 against itself."""
    if not SHARED_GOLD.exists():
        pytest.skip(f"{SHARED_GOLD} not found (CI keeps ../shared beside the clone)")
    documents = read_gold(SHARED_GOLD)
    assert documents
    for doc, document in documents.items():
        seed = SHARED_SEEDS / f"{doc}.txt"
        if seed.exists():
            raw = seed.read_bytes().decode("utf-8")
            assert all(raw[item.start : item.end] == item.text for item in document.entities)
    result = evaluate(documents, gold_as_predictions(documents))
    assert result.scores["ALL"].f1 == 1.0
    assert result.value_accuracy["DATE"].rate == 1.0
    assert result.canonical_accuracy["variants"].total > 0


def test_timeml_scoring_counts_found_and_right_timexes():
    """A calendar DATE timex is found by an overlapping DATE mention and right when one has its value; others are not scored."""
    record = {
        "doc": "d",
        "text": "On Friday and in 1998 it rose for two years.",
        "date": "1998-02-06",
        "timexes": [
            {"start": 3, "end": 9, "type": "DATE", "value": "1998-02-06", "text": "Friday"},
            {"start": 17, "end": 21, "type": "DATE", "value": "1998", "text": "1998"},
            {"start": 34, "end": 43, "type": "DURATION", "value": "P2Y", "text": "two years"},
            {"start": 0, "end": 2, "type": "DATE", "value": "PRESENT_REF", "text": "On"},
        ],
    }

    def mention(start: int, end: int, value: str, label: str = "DATE") -> Mention:
        text = record["text"][start:end]
        return Mention("d", "<m>", label, text, start, end, record["text"], "model", text, value=value)

    score = score_timexes(
        [record], [mention(0, 9, "1998-01-30"), mention(3, 9, "1998-02-06"), mention(17, 21, "1997", "ORG")]
    )
    assert (score.total, score.found, score.right) == (2, 1, 1)
    assert score_timexes([record], [mention(34, 43, "P2Y")], kind="DURATION") == TimexScore(1, 1, 1)
    assert next(timeml_documents([record])).date == datetime.date(1998, 2, 6)
