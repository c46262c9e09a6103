"""Partitioned output: a folder of `part-00000.jsonl`, ... (written by the workers) and a `manifest.json`.

The parts are the run's chunks in input order, so reading them in name order gives the bytes
of the single-file output. The workers write them, each atomically, into a hidden folder
beside the target; when the run completes the manifest is added and that folder takes the
target's place. An interrupted run leaves the target as it was. A target that exists must be
an earlier partitioned output (it holds a manifest) or empty: other folders are never replaced.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Unpack

import orjson

from corpusx.errors import CorpusxError
from corpusx.passes import write_atomically
from corpusx.run import Input, Options, run_parts
from corpusx.version import __version__

MANIFEST = "manifest.json"


def write_partitioned(directory: Path, inputs: Iterable[Input], **options: Unpack[Options]) -> Counter[str]:
    """Write the mentions of `extract(inputs, **options)` as parts in `directory`; the count per label."""
    _check_replaceable(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".partial", dir=directory.parent))
    try:
        os.chmod(staging, 0o777 & ~_umask())
        parts = []
        total: Counter[str] = Counter()
        for part, counts in run_parts(inputs, staging, **options):
            parts.append({"name": part.name, "mentions": sum(counts.values())})
            total.update(counts)
        manifest = {"corpusx": __version__, "parts": parts, "mentions": dict(sorted(total.items()))}
        write_atomically(staging / MANIFEST, [orjson.dumps(manifest, option=orjson.OPT_INDENT_2), b"\n"], durable=True)
        _replace(directory, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return total


def _check_replaceable(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise CorpusxError(f"{directory} is a file: partitioned output needs a folder")
    if directory.is_dir() and any(directory.iterdir()) and not (directory / MANIFEST).is_file():
        raise CorpusxError(f"{directory} holds other files (no {MANIFEST}): choose a new or empty folder")


def _replace(directory: Path, staging: Path) -> None:
    """Put `staging` in the place of `directory`, removing an earlier output there."""
    if not directory.exists():
        os.replace(staging, directory)
        return
    old = directory.with_name(f".{directory.name}.{os.getpid()}.old")
    os.replace(directory, old)
    os.replace(staging, directory)
    shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
