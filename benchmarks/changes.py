"""What corpusx changes in the bare model's output on articles no gold file holds, for reading by hand.

Run: .venv/bin/python benchmarks/changes.py [--corpus ../shared/corpora/bbc] [--sample 40] [--seed 1]
A gold set says how good the rules are on the articles it holds; this says what they do elsewhere.
It draws `--sample` articles of the corpus that are in no `*.jsonl` gold file of `--gold-dir`,
runs the bare model (full default pipeline, ORG/PERSON/DATE/MONEY) and corpusx on them, and
prints every difference with its sentence, grouped by the rule that made it: a mention corpusx
added, one it dropped, one it relabelled, one whose span it moved. Judge a sample of each
group: a rule whose changes are mostly wrong here hurts held-out news, whatever the gold says.
"""

from __future__ import annotations

import argparse
import os
import random
from collections import defaultdict
from pathlib import Path

import spacy

import corpusx
from corpusx.inputs.sources import iter_documents
from corpusx.jsonl import json_lines
from corpusx.model.pipeline import DEFAULT_MODEL
from corpusx.types import LABELS, Mention

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CORPUSX_SHARED", ROOT.parent / "shared"))

Span = tuple[str, int, int]


def gold_doc_ids(gold_dir: Path) -> set[str]:
    """The document ids of every gold file in `gold_dir`."""
    ids = set()
    for path in gold_dir.glob("*.jsonl"):
        with path.open("rb") as stream:
            ids.update(str(item[1]["doc"]) for item in json_lines(stream, str(path)) if isinstance(item, tuple))
    return ids


def changes(bare: dict[Span, str], ours: dict[Span, Mention], texts: dict[str, str]) -> list[tuple[str, str, str]]:
    """(group, change, sentence) for each difference between the bare model's spans and corpusx's."""
    found = []
    matched_bare = set()
    for span, mention in ours.items():
        doc, start, end = span
        if bare.get(span) == mention.label:
            matched_bare.add(span)
            continue
        overlapping = [other for other in bare if other[0] == doc and other[1] < end and start < other[2]]
        matched_bare.update(overlapping)
        if span in bare:
            kind, before = "relabelled", f"{bare[span]} -> "
        elif overlapping:
            kind = "respanned"
            before = " | ".join(f"{bare[other]} {other[1]}:{other[2]}" for other in overlapping) + " -> "
        else:
            kind, before = "added", ""
        found.append((f"{kind} {mention.source}", f"{before}{mention.label} {mention.text!r}", mention.sentence))
    for span, label in bare.items():
        if span not in matched_bare:
            doc, start, end = span
            context = " ".join(texts[doc][max(0, start - 80) : end + 80].split())
            found.append(("dropped", f"{label} {texts[doc][start:end]!r}", context))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpora" / "bbc")
    parser.add_argument("--gold-dir", type=Path, default=SHARED / "gold")
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    held = gold_doc_ids(args.gold_dir)
    candidates = sorted(path for path in args.corpus.glob("*.txt") if path.stem not in held)
    paths = sorted(random.Random(args.seed).sample(candidates, min(args.sample, len(candidates))))
    documents = list(iter_documents([str(path) for path in paths]))
    nlp = spacy.load(DEFAULT_MODEL)
    bare: dict[Span, str] = {}
    texts = {document.doc_id: document.text for document in documents}
    for document, doc in zip(documents, nlp.pipe(texts.values()), strict=True):
        bare.update({(document.doc_id, e.start_char, e.end_char): e.label_ for e in doc.ents if e.label_ in LABELS})
    ours = {(m.doc, m.start, m.end): m for m in corpusx.extract(documents)}
    groups = defaultdict(list)
    for group, change, sentence in changes(bare, ours, texts):
        groups[group].append((change, sentence))
    print(f"{len(documents)} articles in no gold file; bare {len(bare)} mentions, corpusx {len(ours)}")
    for group in sorted(groups, key=lambda name: -len(groups[name])):
        print(f"\n## {group}: {len(groups[group])}")
        for change, sentence in groups[group]:
            print(f"- {change}" + (f"  | {sentence[:160]}" if sentence else ""))


if __name__ == "__main__":
    main()
