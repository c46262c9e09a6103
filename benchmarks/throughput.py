"""Throughput and peak memory of corpusx against the bare spaCy model (run with `make bench`).

Every configuration runs in its own subprocess, so its peak RSS is its own: the main
process's, plus the largest worker process's where there are workers. The speed table runs the
configurations in turns, `--speed-rounds` times, and keeps each one's fastest run: on a shared
machine a single run of each can be 30% off, and the fastest is the least disturbed. Model loading is
outside the timed part, except for Dask, whose timing includes starting the LocalCluster and
loading the model on its workers. The segment cache's gain is the time on a corpus with
syndicated copies without the cache over the time with it.

With `--baseline DIR` (the root of another corpusx checkout, say `git worktree add /tmp/base REV`),
the command `corpusx extract --jobs 1` of that checkout and of this one run in turns, `--rounds`
times each, and the medians' ratios (CPU seconds, peak RSS) say whether a change made corpusx
slower or bigger.

Usage: python benchmarks/throughput.py [--corpus DIR] [--limit N] [--speed-rounds N] [--scale-limit N]
       [--baseline DIR [--rounds N]]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"
NOT_FOR_NER = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
SCALE = 10


def _files(corpus: Path, limit: int | None) -> list[Path]:
    return sorted(corpus.glob("*.txt"))[:limit]


def _texts(files: list[Path]) -> list[str]:
    from corpusx.inputs.sources import decode_bytes

    return [decode_bytes(path.read_bytes()) for path in files]


def _measure(config: str, corpus: Path, limit: int | None) -> dict:
    """Run one configuration in this process: words, seconds, CPU seconds (workers included), peak RSS in MiB."""
    import spacy

    import corpusx
    from corpusx.model.engines import LocalEngine
    from corpusx.model.pipeline import DEFAULT_MODEL

    files = _files(corpus, limit)
    words = sum(len(text.split()) for text in _texts(files))
    if config in ("full", "ner"):
        nlp = spacy.load(DEFAULT_MODEL, exclude=NOT_FOR_NER if config == "ner" else [])
        texts = _texts(files)
        start = time.perf_counter()
        for _ in nlp.pipe(texts):
            pass
    else:
        if config == "nocache":
            from corpusx.model.annotate import SegmentCache

            SegmentCache.put = lambda self, text, entities: None
        if config == "dask":
            from corpusx.model.dask import DaskEngine

            options = {"engine": DaskEngine(workers=2)}
        else:
            options = {"model": corpusx.load_pipeline(), "engine": LocalEngine(jobs=2 if config == "jobs2" else 1)}
        start = time.perf_counter()
        with open("/dev/null", "wb") as sink:
            corpusx.write_mentions(corpusx.extract(files, **options), sink)
    seconds = time.perf_counter() - start
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return {
        "words": words,
        "seconds": seconds,
        "cpu": cpu,
        "rss_main": own.ru_maxrss / 1024,
        "rss_worker": children.ru_maxrss / 1024,
    }


def _run(config: str, corpus: Path, limit: int | None) -> dict:
    return json.loads(_measure_in_child(["--measure", config], corpus, limit))


def _cli(source: Path, corpus: Path, limit: int | None) -> dict:
    """Run `corpusx extract --jobs 1` of the checkout at `source` over the corpus: seconds, CPU seconds, peak RSS in MiB."""
    with tempfile.TemporaryDirectory() as folder:
        inputs = Path(folder) / "in"
        inputs.mkdir()
        for path in _files(corpus, limit):
            (inputs / path.name).symlink_to(path.resolve())
        command = [sys.executable, "-m", "corpusx", "extract", str(inputs), "-o", f"{folder}/out.jsonl", "--jobs", "1"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, env={**os.environ, "PYTHONPATH": str(source / "src")}, capture_output=True)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"seconds": seconds, "cpu": cpu, "rss": after.ru_maxrss / 1024}


def _against_baseline(baseline: Path, corpus: Path, limit: int | None, rounds: int) -> None:
    """Time this checkout's CLI and the baseline's in turns; print the medians and their ratios."""
    runs: dict[str, list[dict]] = {"baseline": [], "this": []}
    for _ in range(rounds):
        runs["baseline"].append(json.loads(_measure_in_child(["--cli", str(baseline)], corpus, limit)))
        runs["this"].append(json.loads(_measure_in_child(["--cli", str(ROOT)], corpus, limit)))
    median = {
        name: {key: statistics.median(r[key] for r in results) for key in ("seconds", "cpu", "rss")}
        for name, results in runs.items()
    }
    for name, result in median.items():
        print(
            f"{name} ({baseline if name == 'baseline' else ROOT}): median of {rounds}: {result['seconds']:.1f} s, "
            f"{result['cpu']:.1f} CPU s, peak RSS {result['rss']:.0f} MiB"
        )
    this, base = median["this"], median["baseline"]
    print(
        f"this/baseline: CPU {this['cpu'] / base['cpu']:.2f}, wall {this['seconds'] / base['seconds']:.2f}, "
        f"peak RSS {this['rss'] / base['rss']:.2f} (no worse: <= 1.05)"
    )


def _measure_in_child(arguments: list[str], corpus: Path, limit: int | None) -> str:
    """Run this script with `arguments` in a fresh process (so peak RSS is that run's own); its last line."""
    command = [sys.executable, __file__, *arguments, "--corpus", str(corpus)]
    if limit is not None:
        command += ["--limit", str(limit)]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return result.stdout.strip().splitlines()[-1]


def _first(corpus: Path, count: int, folder: Path) -> Path:
    """`count` documents of the corpus (symlinks), distinct while the corpus has enough, then cycling."""
    files = _files(corpus, None)
    for number in range(count):
        path = files[number % len(files)]
        (folder / f"c{number // len(files):02d}_{path.name}").symlink_to(path)
    return folder


def _duplicated(corpus: Path, limit: int | None, folder: Path) -> Path:
    """The corpus plus a copy of every third document with its headline changed."""
    for number, path in enumerate(_files(corpus, limit)):
        (folder / path.name).symlink_to(path)
        if number % 3 == 0:
            headline, _, body = path.read_text(encoding="utf-8", errors="replace").partition("\n")
            (folder / f"syndicated_{path.name}").write_text(f"Update: {headline}\n{body}", encoding="utf-8")
    return folder


def _line(name: str, result: dict) -> str:
    rate = result["words"] / result["seconds"]
    return (
        f"{name:<44} {rate:>9,.0f} words/s  {result['seconds']:>7.1f} s  {result['cpu']:>7.1f} CPU s  "
        f"peak RSS {result['rss_main']:>6.0f} MiB main, {result['rss_worker']:>5.0f} MiB largest worker"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="Only the first N documents (default: all).")
    parser.add_argument("--scale-limit", type=int, default=200, help="Documents in the 1x corpus of the memory test.")
    parser.add_argument("--baseline", type=Path, help="Another corpusx checkout to time against, in the same run.")
    parser.add_argument("--rounds", type=int, default=3, help="Runs of each checkout against --baseline.")
    parser.add_argument("--speed-rounds", type=int, default=3, help="Rounds of the speed table (fastest kept).")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--cli", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure, args.corpus, args.limit)))
        return
    if args.cli:
        print(json.dumps(_cli(args.cli, args.corpus, args.limit)))
        return
    if args.baseline:
        _against_baseline(args.baseline.resolve(), args.corpus, args.limit, args.rounds)
        return
    print(f"corpus: {args.corpus} ({len(_files(args.corpus, args.limit))} documents)")
    names = {
        "full": "1. bare model, full pipeline, nlp.pipe",
        "ner": "2. bare model, NER only, nlp.pipe",
        "jobs1": "3. corpusx extract --jobs 1",
        "jobs2": "4. corpusx extract --jobs 2",
        "dask": "4. corpusx extract --engine dask (2 workers)",
    }
    results: dict[str, dict] = {}
    pairs: list[float] = []  # per round, NER-only seconds over corpusx --jobs 1 seconds
    for _ in range(args.speed_rounds):  # in turns, so a slow spell of this shared machine hits every configuration
        this_round: dict[str, dict] = {}
        for config in names:
            result = this_round[config] = _run(config, args.corpus, args.limit)
            if config not in results or result["seconds"] < results[config]["seconds"]:
                results[config] = result
        pairs.append(this_round["ner"]["seconds"] / this_round["jobs1"]["seconds"])
    print(f"fastest of {args.speed_rounds} rounds, configurations in turns:")
    for config, name in names.items():
        print(_line(name, results[config]), flush=True)
    rate = {config: r["words"] / r["seconds"] for config, r in results.items()}
    print(f"ratio 3/1 = {rate['jobs1'] / rate['full']:.2f} (target >= 1.6)")
    print(f"ratio 3/2 = {rate['jobs1'] / rate['ner']:.2f} (target >= 0.85)")
    print(
        f"ratio 3/2 in each round (2 and 3 run one after the other): {', '.join(f'{pair:.2f}' for pair in pairs)}, "
        f"median {statistics.median(pairs):.2f}"
    )
    print(f"ratio 4/3 = {rate['jobs2'] / rate['jobs1']:.2f} (target >= 1.4)")
    print(f"ratio dask/3 = {rate['dask'] / rate['jobs1']:.2f}")
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as ten:
        small = _run("jobs1", _first(args.corpus, args.scale_limit, Path(one)), None)
        large = _run("jobs1", _first(args.corpus, args.scale_limit * SCALE, Path(ten)), None)
    print(_line(f"memory: {args.scale_limit} documents, --jobs 1", small))
    print(_line(f"memory: {args.scale_limit * SCALE} documents, --jobs 1", large))
    print(f"peak RSS {SCALE}x / 1x = {large['rss_main'] / small['rss_main']:.2f} (target <= 1.2)")
    with tempfile.TemporaryDirectory() as folder:
        corpus = _duplicated(args.corpus, args.limit, Path(folder))
        uncached = _run("nocache", corpus, None)
        cached = _run("jobs1", corpus, None)
    print(_line("duplication: + 1/3 syndicated, no segment cache", uncached))
    print(_line("duplication: + 1/3 syndicated, --jobs 1", cached))
    print(f"segment cache gain on the duplicated corpus: {uncached['seconds'] / cached['seconds']:.2f}x")


if __name__ == "__main__":
    main()
