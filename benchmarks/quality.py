"""Extraction quality: the bare model against corpusx, scored on a gold file (default: the dev gold).

Run: .venv/bin/python benchmarks/quality.py [--gold ../shared/gold/seeds-dev.jsonl] [--seeds seeds]
The bare model is `en_core_web_sm` as a user would call it: the full default pipeline, its
ORG, PERSON, DATE and MONEY entities taken as they are.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import spacy

import corpusx
from corpusx.inputs.sources import iter_documents
from corpusx.reports.evaluation import evaluate
from corpusx.reports.gold import read_gold
from corpusx.types import LABELS

ROOT = Path(__file__).resolve().parents[1]


def bare_model_mentions(seeds: Path) -> list[dict]:
    """ORG/PERSON/DATE/MONEY entities of the unmodified default pipeline, one dict per mention."""
    nlp = spacy.load(corpusx.DEFAULT_MODEL)
    mentions = []
    for document in iter_documents([str(seeds)]):
        for ent in nlp(document.text).ents:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold" / "seeds-dev.jsonl")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    args = parser.parse_args()
    gold = read_gold(args.gold)
    runs = {
        "bare en_core_web_sm": evaluate(gold, bare_model_mentions(args.seeds)),
        "corpusx": evaluate(gold, corpusx.extract([args.seeds])),
    }
    print(f"{'system':<22}" + "".join(f"{label:>8}" for label in (*LABELS, "ALL")) + "   (F1)")
    for name, result in runs.items():
        print(f"{name:<22}" + "".join(f"{result.scores[label].f1:>8.3f}" for label in (*LABELS, "ALL")))


if __name__ == "__main__":
    main()
