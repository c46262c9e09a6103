"""Canonical names scored on the gold sets: accuracy, and pairwise precision/recall of the name clusters.

Run: .venv/bin/python benchmarks/canonical.py [--set seeds-dev] [--set bbc-dev]
Each set's gold documents are extracted as one run (so run-wide names apply) and matched to the
gold as `corpusx evaluate` does. Accuracy is over the matched ORG/PERSON mentions with a gold
canonical, overall and on variants (mentions whose own text is not an acceptable canonical).
Pairwise scores count pairs of matched mentions: a gold pair is two mentions of one entity (same
label and same acceptable canonical names), a predicted pair two mentions given the same canonical;
"document" pairs stay within one document, "corpus" pairs span the whole set (gold entities of two
documents are the same when their canonical names are).

`--aliases` scores the synthetic alias set (`tests/data/alias_pairs.jsonl`: one short text per line,
its mentions and the name each stands for) through `document_aliases`, per alias class: pairs of
mentions written differently, put together by the expected names and by the aliases.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from math import comb
from pathlib import Path

import corpusx
from corpusx.names.canonical import document_aliases, name_key
from corpusx.reports.evaluation import CANONICAL_LABELS, Evaluation, evaluate
from corpusx.reports.gold import read_gold

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
if not SHARED.is_dir():
    SHARED = Path("/work/shared")
#: Gold file and the folder holding its documents (`doc` + ".txt"), per set name.
SETS = {
    "seeds-dev": (SHARED / "gold" / "seeds-dev.jsonl", ROOT / "seeds"),
    "bbc-dev": (SHARED / "gold" / "bbc-dev.jsonl", SHARED / "corpora" / "bbc"),
}
ALIAS_SET = ROOT / "tests" / "data" / "alias_pairs.jsonl"


@dataclass(frozen=True)
class PairScore:
    """Pairs of mentions put together by the gold, by the prediction, and by both."""

    gold: int
    predicted: int
    both: int

    @property
    def precision(self) -> float:
        """Predicted pairs that the gold also pairs."""
        return self.both / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """Gold pairs that the prediction also pairs."""
        return self.both / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of pairwise precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def pair_score(items: Iterable[tuple[Hashable, Hashable]]) -> PairScore:
    """Pairwise agreement of two clusterings given as (gold cluster, predicted cluster) per item."""
    items = list(items)

    def pairs(counts: Counter) -> int:
        return sum(comb(count, 2) for count in counts.values())

    return PairScore(
        gold=pairs(Counter(gold for gold, _ in items)),
        predicted=pairs(Counter(predicted for _, predicted in items)),
        both=pairs(Counter(items)),
    )


def cluster_scores(evaluation: Evaluation) -> dict[str, PairScore]:
    """Pairwise scores of the canonical clusters within documents and across the corpus."""
    scored = [
        (prediction.doc, entity.label, tuple(sorted(entity.canonicals)), prediction.canonical)
        for entity, prediction in evaluation.matches
        if entity.label in CANONICAL_LABELS and entity.canonicals is not None
    ]
    keys: dict[str, Callable[[tuple], tuple[Hashable, Hashable]]] = {
        "document": lambda m: ((m[0], m[1], m[2]), (m[0], m[1], m[3])),
        "corpus": lambda m: ((m[1], m[2]), (m[1], m[3])),
    }
    return {scope: pair_score(map(key, scored)) for scope, key in keys.items()}


def run_set(name: str) -> Evaluation:
    """Extract the set's gold documents as one run and score them."""
    gold_path, folder = SETS[name]
    gold = read_gold(gold_path)
    paths = [folder / f"{doc}.txt" for doc in sorted(gold)]
    return evaluate(gold, corpusx.extract(paths))


def _located(text: str, labelled: list[list[str]]) -> list[tuple[str, str, int, int]]:
    """(label, surface, start, end) for each listed mention, found left to right in `text`."""
    found, cursor = [], 0
    for label, surface, _expected in labelled:
        start = text.index(surface, cursor)
        found.append((label, surface, start, start + len(surface)))
        cursor = start + len(surface)
    return found


def alias_scores(path: Path = ALIAS_SET) -> dict[str, PairScore]:
    """Pairwise scores per alias class of the synthetic set, over pairs of mentions with different keys."""
    pairs: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        aliases = document_aliases(item["text"], _located(item["text"], item["mentions"]))
        mentions = [
            (label, surface, expected, alias) for (label, surface, expected), alias in zip(item["mentions"], aliases)
        ]
        for index, first in enumerate(mentions):
            for second in mentions[index + 1 :]:
                if first[0] == second[0] and name_key(first[1]) != name_key(second[1]):
                    pairs[item["class"]].append((first[2] == second[2], first[3] == second[3]))
    return {
        name: PairScore(sum(gold for gold, _ in found), sum(got for _, got in found), sum(g and p for g, p in found))
        for name, found in sorted(pairs.items())
    }


def print_alias_scores() -> None:
    """Print the synthetic alias set's pairwise precision and recall per class, then over all classes."""
    scores = alias_scores()
    total = PairScore(*(sum(getattr(s, field) for s in scores.values()) for field in ("gold", "predicted", "both")))
    print(f"{'alias class':<18}{'gold pairs':>11}{'merged':>8}{'right':>7}{'P':>7}{'R':>7}")
    for name, score in [*scores.items(), ("all", total)]:
        print(
            f"{name:<18}{score.gold:>11}{score.predicted:>8}{score.both:>7}{score.precision:>7.3f}{score.recall:>7.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="sets", action="append", choices=sorted(SETS), help="default: all sets")
    parser.add_argument("--aliases", action="store_true", help="score only the synthetic alias set, per class")
    args = parser.parse_args()
    if args.aliases:
        print_alias_scores()
        return
    print(f"{'set':<10}{'all':>16}{'variants':>16}   pairwise P/R/F1: document | corpus")
    for name in args.sets or list(SETS):
        evaluation = run_set(name)
        accuracy = evaluation.canonical_accuracy
        cells = [f"{a.rate or 0:.3f} {a.correct:>4}/{a.total:<4}" for a in (accuracy["all"], accuracy["variants"])]
        pairs = cluster_scores(evaluation)
        pairwise = " | ".join(f"{s.precision:.3f} {s.recall:.3f} {s.f1:.3f}" for s in pairs.values())
        print(f"{name:<10}" + "".join(f"{cell:>16}" for cell in cells) + f"   {pairwise}")


if __name__ == "__main__":
    main()
