"""What corpusx's layer over the model costs, measured apart from the model, in one run.

`make bench`'s ratio (corpusx `--jobs 1` over the bare NER-only pipeline) moves by 10-30% between
runs on a shared machine, more than most changes to the layer weigh. Here the model runs once: a
recording component after `ner` keeps each line's entities, then `ner` is replaced by a component
that sets them again (in a second copy of the pipeline), and `corpusx.extract` runs with and
without the model in turns, `--rounds` times each. The runs without it write the same JSONL
(checked) and take the time of everything but the NER model: tokenizer, sentencizer, rule
components, post-processing, JSON. The model's time is the fastest run with it minus the
fastest without it. The bare NER-only pipeline of
`make bench` runs the model and the tokenizer (timed here on the same lines, fastest round), so
`(model + tokenizer) / (model + layer)` estimates `make bench`'s ratio without its noise, when the bare
pipeline runs the model as fast on whole articles as corpusx does on their lines. The rule
components' own CPU (fastest round) comes with it.

Usage: python benchmarks/layer.py [--corpus DIR] [--every K] [--rounds N]
(`--every K`: every K-th article of the sorted corpus, all five BBC sections at K = 7.)
"""

from __future__ import annotations

import argparse
import io
import time
from collections import defaultdict
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

import corpusx
from corpusx.model.component import doc_text
from corpusx.model.engines import LocalEngine

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"
RECORDED: dict[str, list[tuple[int, int, str]]] = {}  # line text -> the model's (start, end, label) token spans


@Language.component("benchmark_record_ner")
def record_ner(doc: Doc) -> Doc:
    """Keep the model's entities of the line."""
    RECORDED[doc_text(doc)] = [(span.start, span.end, span.label_) for span in doc.ents]
    return doc


@Language.component("benchmark_replay_ner")
def replay_ner(doc: Doc) -> Doc:
    """Set the entities the model found in the line when it was recorded."""
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in RECORDED[doc_text(doc)]]
    return doc


class Timed:
    """A pipeline component that adds its CPU seconds to `spent[name]`."""

    def __init__(self, name: str, component: object, spent: dict[str, float]) -> None:
        self.name, self.component, self.spent = name, component, spent

    def __call__(self, doc: Doc) -> Doc:
        start = time.process_time()
        doc = self.component(doc)
        self.spent[self.name] += time.process_time() - start
        return doc


def _extract(files: list[Path], nlp: Language) -> tuple[bytes, float]:
    """The JSONL of the files and the CPU seconds it took."""
    sink = io.BytesIO()
    start = time.process_time()
    corpusx.write_mentions(corpusx.extract(files, model=nlp, engine=LocalEngine(jobs=1)), sink)
    return sink.getvalue(), time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--every", type=int, default=7, help="Every K-th article of the sorted corpus (default 7).")
    parser.add_argument("--rounds", type=int, default=3, help="Runs with and without the model (fastest kept).")
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*.txt"))[:: args.every]
    with_ner, replayed = corpusx.load_pipeline(), corpusx.load_pipeline()
    with_ner.add_pipe("benchmark_record_ner", after="ner")
    replayed.replace_pipe("ner", "benchmark_replay_ner")  # keeps the name "ner"
    spent: dict[str, float] = defaultdict(float)
    replayed._components = [  # time every component but the replay
        (name, component if name == "ner" else Timed(name, component, spent))
        for name, component in replayed._components
    ]
    for nlp in (with_ner, replayed):  # warm-up (the vocabulary's common words, the caches); the first records
        _extract(files[:20], nlp)
    with_model = layer = float("inf")
    fastest: dict[str, float] = {}
    for _ in range(args.rounds):  # in turns, so that a slow spell of the machine hits both
        expected, seconds = _extract(files, with_ner)
        with_model = min(with_model, seconds)
        spent.clear()
        output, seconds = _extract(files, replayed)
        if output != expected:
            raise SystemExit("the run with the model's entities replayed wrote other JSONL")
        if seconds < layer:
            layer, fastest = seconds, dict(spent)
    tokenizer = float("inf")
    for _ in range(args.rounds):
        start = time.process_time()
        for text in RECORDED:
            replayed.make_doc(text)
        tokenizer = min(tokenizer, time.process_time() - start)
    model = with_model - layer
    print(f"corpus: {args.corpus}, every {args.every}th article ({len(files)} documents, {len(RECORDED)} lines)")
    print(f"run with the model: {with_model:.2f} CPU s; without it (fastest of {args.rounds}): {layer:.2f} CPU s")
    print(f"model {model:.2f} s, layer {layer:.2f} s (of it the tokenizer {tokenizer:.2f} s)")
    print(f"estimated make bench ratio: (model + tokenizer) / (model + layer) = {(model + tokenizer) / with_model:.3f}")
    print("layer components (CPU s): " + ", ".join(f"{name} {value:.3f}" for name, value in fastest.items()))


if __name__ == "__main__":
    main()
