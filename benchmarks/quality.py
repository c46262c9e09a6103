"""Extraction quality: the bare model, corpusx, and corpusx without each rule family, on every gold set.

Run: .venv/bin/python benchmarks/quality.py [--gold-dir ../shared/gold] [--corpus seeds --corpus ../shared/corpora/bbc]
The shared data is `../shared` beside the checkout, or `$CORPUSX_SHARED`. Every `*-dev.jsonl` gold file in `--gold-dir` is scored; its documents are the `<doc>.txt` files
found in the `--corpus` folders. The bare model is `en_core_web_sm` as a user would call it: the
full default pipeline, its ORG, PERSON, DATE and MONEY entities taken as they are. The ablation
rows run corpusx with one rule family switched off (`load_pipeline(disabled_rules=...)`); the last
column is that family's net effect on micro F1 (corpusx minus the ablated run).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable
from pathlib import Path

import spacy

import corpusx
from corpusx.inputs.sources import iter_documents
from corpusx.model.pipeline import ALL_FAMILIES
from corpusx.reports.evaluation import ALL, Evaluation, evaluate
from corpusx.reports.gold import read_gold
from corpusx.types import LABELS, Document

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CORPUSX_SHARED", ROOT.parent / "shared"))
COLUMNS = (*LABELS, ALL)


def gold_documents(doc_ids: Iterable[str], corpora: list[Path]) -> list[Document]:
    """The documents of `doc_ids`, each read from the first corpus folder holding `<doc>.txt`."""
    paths = []
    for doc_id in sorted(doc_ids):
        path = next((folder / f"{doc_id}.txt" for folder in corpora if (folder / f"{doc_id}.txt").exists()), None)
        if path is None:
            raise SystemExit(f"no '{doc_id}.txt' in {', '.join(map(str, corpora))}")
        paths.append(str(path))
    return list(iter_documents(paths))


def bare_model_mentions(nlp: spacy.Language, documents: list[Document]) -> list[dict]:
    """ORG/PERSON/DATE/MONEY entities of the unmodified default pipeline, one dict per mention."""
    mentions = []
    for document, doc in zip(documents, nlp.pipe(document.text for document in documents), strict=True):
        for ent in doc.ents:
            if ent.label_ in LABELS:
                mentions.append(
                    {
                        "doc": document.doc_id,
                        "label": ent.label_,
                        "text": ent.text,
                        "start": ent.start_char,
                        "end": ent.end_char,
                        "canonical": ent.text,
                        "value": None,
                    }
                )
    return mentions


def score_row(name: str, result: Evaluation, reference: Evaluation | None = None) -> str:
    """One table row: F1 per label and micro, and the difference to `reference`'s micro F1 if given."""
    row = f"{name:<30}" + "".join(f"{result.scores[label].f1:>8.3f}" for label in COLUMNS)
    if reference is not None:
        row += f"{reference.scores[ALL].f1 - result.scores[ALL].f1:>+9.3f}"
    return row


def detail_rows(name: str, result: Evaluation) -> list[str]:
    """Precision, recall and F1 per label and micro, one line each."""
    return [
        f"{name:<30}{label:<7} P {result.scores[label].precision:.3f}  R {result.scores[label].recall:.3f}"
        f"  F1 {result.scores[label].f1:.3f}"
        for label in COLUMNS
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold-dir", type=Path, default=SHARED / "gold")
    parser.add_argument("--corpus", type=Path, action="append", help="folder of <doc>.txt files (repeatable)")
    parser.add_argument("--no-ablation", action="store_true", help="score bare and corpusx only")
    args = parser.parse_args()
    corpora = args.corpus or [ROOT / "seeds", SHARED / "corpora" / "bbc"]
    bare = spacy.load(corpusx.DEFAULT_MODEL)
    for gold_path in sorted(args.gold_dir.glob("*-dev.jsonl")):
        # Fresh pipelines per gold set: a pipeline that has run one set can tag another slightly differently.
        full = corpusx.load_pipeline()
        ablated = {} if args.no_ablation else {f: corpusx.load_pipeline(disabled_rules=[f]) for f in ALL_FAMILIES}
        gold = read_gold(gold_path)
        documents = gold_documents(gold, corpora)
        runs = {
            "bare en_core_web_sm": evaluate(gold, bare_model_mentions(bare, documents)),
            "corpusx": evaluate(gold, corpusx.extract(documents, model=full)),
        }
        print(f"\n## {gold_path.name} ({len(documents)} documents)")
        for name, result in runs.items():
            print("\n".join(detail_rows(name, result)))
        print(f"\n{'F1':<30}" + "".join(f"{label:>8}" for label in COLUMNS) + "  net effect")
        for name, result in runs.items():
            print(score_row(name, result))
        for family, nlp in ablated.items():
            print(
                score_row(f"  without {family}", evaluate(gold, corpusx.extract(documents, model=nlp)), runs["corpusx"])
            )


if __name__ == "__main__":
    main()
