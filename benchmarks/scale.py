"""How far corpusx scales: the client's share of all CPU time, 2 workers against 1, Amdahl's prediction.

For each engine, the same documents run with 1 worker and with 2:
- local: `LocalEngine(jobs=1)` (all in this process) and `jobs=2` (forked worker processes,
  whose CPU is this process's reaped children's);
- dask: a cluster whose scheduler and workers are subprocesses (`SubprocessCluster`), as on a
  real cluster, so the client process holds only the client; worker and scheduler CPU are read
  with psutil from their pids. The 2-worker run's CPU (client and workers) over the client's and
  the busiest worker's is its speed-up where each worker has a core of its own: how evenly the
  work splits (the wall-clock ratio needs an otherwise idle machine). A
  warm-up run on other documents loads the model on the workers first, so timings leave out
  start-up.

The client's share s is its CPU over all CPU (client, scheduler, workers) in the 2-worker run;
taking it as the serial fraction, Amdahl's law predicts a speed-up of 1 / (s + (1 - s) / N)
on N workers.

`--memory N` instead measures the client's peak RSS (`--jobs 2`, each run in a fresh process)
with N and with 10N documents: it must stay flat as the corpus grows.

Usage: python benchmarks/scale.py [--corpus DIR] [--limit N] [--engine local|dask|both] [--documents-per-task N]
[--memory N]
(`--limit N` documents spread evenly over the sorted corpus.)
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"
WARM_UP = 8
PREDICTED = (8, 32, 128)
SCALE = 10


def _write(files: list[Path], engine, model) -> None:
    from corpusx.run import write_jsonl

    with open(os.devnull, "wb") as sink:
        write_jsonl(sink, files, model=model, engine=engine)


def _own_cpu() -> tuple[float, float]:
    """CPU seconds of this process and of its reaped children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _local(files: list[Path], jobs: int, nlp, documents_per_task: int) -> dict:
    """One run with `LocalEngine(jobs)`: seconds, client CPU, worker CPU."""
    from corpusx.model.engines import LocalEngine

    client_before, workers_before = _own_cpu()
    start = time.perf_counter()
    _write(files, LocalEngine(jobs=jobs, documents_per_task=documents_per_task), nlp)
    seconds = time.perf_counter() - start
    client_after, workers_after = _own_cpu()
    return {"seconds": seconds, "client": client_after - client_before, "workers": workers_after - workers_before}


def _dask(files: list[Path], warm_up: list[Path], workers: int, documents_per_task: int) -> dict:
    """One run on a subprocess cluster of `workers` workers: seconds, client, scheduler and worker CPU."""
    import psutil
    from dask.distributed import Client
    from distributed.deploy.subprocess import SubprocessCluster

    from corpusx.model.dask import DaskEngine
    from corpusx.model.pipeline import DEFAULT_MODEL

    with (
        SubprocessCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        engine = DaskEngine(scheduler=cluster.scheduler_address, documents_per_task=documents_per_task)
        _write(warm_up, engine, DEFAULT_MODEL)
        processes = [psutil.Process(pid) for pid in client.run(os.getpid).values()]
        scheduler = psutil.Process(client.run_on_scheduler(os.getpid))

        def cpu(process) -> float:
            times = process.cpu_times()
            return times.user + times.system

        workers_before, scheduler_before = [cpu(process) for process in processes], cpu(scheduler)
        client_before, _ = _own_cpu()
        start = time.perf_counter()
        _write(files, engine, DEFAULT_MODEL)
        seconds = time.perf_counter() - start
        client_after, _ = _own_cpu()
        return {
            "seconds": seconds,
            "client": client_after - client_before,
            "scheduler": cpu(scheduler) - scheduler_before,
            "workers": sum(map(cpu, processes)) - sum(workers_before),
            "busiest": max(cpu(process) - before for process, before in zip(processes, workers_before)),
        }


def amdahl(serial: float, workers: int) -> float:
    """The speed-up on `workers` workers of a job whose `serial` fraction runs on one."""
    return 1 / (serial + (1 - serial) / workers)


def _report(name: str, one: dict, two: dict, documents: int) -> None:
    total = sum(two[key] for key in ("client", "scheduler", "workers") if key in two)
    share = two["client"] / total
    parts = ", ".join(f"{key} {two[key]:.1f} s" for key in ("client", "scheduler", "workers") if key in two)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{name}: {documents} documents (load average now {load} on {os.cpu_count()} cores)")
    print(f"  1 worker: {one['seconds']:.1f} s, {documents / one['seconds']:.1f} docs/s")
    print(f"  2 workers: {two['seconds']:.1f} s, {documents / two['seconds']:.1f} docs/s; CPU {parts}")
    print(f"  client share of all CPU (2 workers): {share:.1%}")
    print(f"  2 workers / 1 worker throughput: {one['seconds'] / two['seconds']:.2f}x")
    if "busiest" in two:
        bound = (two["client"] + two["workers"]) / (two["client"] + two["busiest"])
        print(f"  busiest of 2 workers {two['busiest']:.1f} s CPU: with a core each, the run is {bound:.2f}x faster")
    print("  Amdahl from that share: " + ", ".join(f"{n} workers {amdahl(share, n):.1f}x" for n in PREDICTED))


def _spread(corpus: Path, limit: int) -> tuple[list[Path], list[Path]]:
    """`limit` documents spread evenly over the sorted corpus, and `WARM_UP` others."""
    every = sorted(corpus.glob("*.txt"))
    step = max(2, len(every) // limit)
    return every[::step][:limit], every[1::step][:WARM_UP]


def _client_peak(corpus: Path, limit: int) -> float:
    """The client's peak RSS in MiB over a `--jobs 2` run on `limit` documents, in a fresh process."""
    command = [sys.executable, __file__, "--corpus", str(corpus), "--measure-memory", str(limit)]
    return float(subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()[-1])


def main() -> None:
    """Run the chosen engines and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--engine", choices=("local", "dask", "both"), default="both")
    parser.add_argument("--documents-per-task", type=int, default=16, help="smaller: more tasks, more client work")
    parser.add_argument("--memory", type=int, help="measure the client's peak RSS with N and 10N documents")
    parser.add_argument("--measure-memory", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure_memory:
        import corpusx
        from corpusx.model.engines import LocalEngine

        _write(_spread(options.corpus, options.measure_memory)[0], LocalEngine(jobs=2), corpusx.load_pipeline())
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        return
    if options.memory:
        small, large = (
            _client_peak(options.corpus, options.memory),
            _client_peak(options.corpus, options.memory * SCALE),
        )
        print(f"client peak RSS, --jobs 2: {options.memory} documents {small:.0f} MiB, ", end="")
        print(f"{options.memory * SCALE} documents {large:.0f} MiB, ratio {large / small:.2f}")
        return
    files, warm_up = _spread(options.corpus, options.limit)
    if options.engine in ("local", "both"):
        import corpusx

        nlp = corpusx.load_pipeline()
        per_task = options.documents_per_task
        one, two = _local(files, 1, nlp, per_task), _local(files, 2, nlp, per_task)
        _report("local engine (--jobs 1 against --jobs 2)", one, two, len(files))
    if options.engine in ("dask", "both"):
        one, two = (
            _dask(files, warm_up, 1, options.documents_per_task),
            _dask(files, warm_up, 2, options.documents_per_task),
        )
        _report("dask engine (subprocess cluster)", one, two, len(files))


if __name__ == "__main__":
    main()
