"""Partitioned output: a folder of `part-00000.jsonl`, ... (written by the workers) and a `manifest.json`.

The parts are the run's chunks in input order, so reading them in name order gives the bytes
of the single-file output. In a local folder the workers write them, each atomically, into a
hidden folder beside the target; when the run completes the manifest is added and that folder
takes the target's place, so an interrupted run leaves the target as it was. Below a URL
(fsspec: `s3://`, `gs://`, `az://`, `file://`, `memory://`), which has no folder to swap, the
workers put each part in its place (whole, see `outputs.stores`), the manifest goes last once
every part is there, then an earlier run's parts beyond this run's are removed: the manifest
names the run's parts. A target that exists must be an earlier partitioned output (it holds a
manifest) or empty: other folders are never replaced.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Unpack

import orjson

from corpusx.errors import CorpusxError
from corpusx.outputs.atomic import OutputError
from corpusx.outputs.stores import file_names, put_atomically, remove
from corpusx.passes import write_atomically
from corpusx.run import Input, Options, run_parts
from corpusx.version import __version__

MANIFEST = "manifest.json"
PART = re.compile(r"part-\d{5,}\.jsonl")


def write_partitioned(directory: Path | str, inputs: Iterable[Input], **options: Unpack[Options]) -> Counter[str]:
    """Write the mentions of `extract(inputs, **options)` as parts in `directory` (a folder or a URL); the count per label."""
    if isinstance(directory, str):
        return _write_below_url(directory, inputs, **options)
    _check_replaceable(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".partial", dir=directory.parent))
    try:
        os.chmod(staging, 0o777 & ~_umask())
        parts = [(part.name, counts) for part, counts in run_parts(inputs, staging, **options)]
        write_atomically(staging / MANIFEST, [_manifest(parts)], durable=True)
        _replace(directory, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sum((counts for _name, counts in parts), Counter())


def _write_below_url(url: str, inputs: Iterable[Input], **options: Unpack[Options]) -> Counter[str]:
    """The parts put below `url` by the workers, checked to be there, then the manifest; stale parts removed."""
    base = url.rstrip("/")
    earlier = file_names(url)
    if earlier and MANIFEST not in earlier:
        raise CorpusxError(f"{url} holds other files (no {MANIFEST}): choose a new or empty folder")
    parts = [(posixpath.basename(part), counts) for part, counts in run_parts(inputs, url, **options)]
    found = file_names(url)
    missing = [name for name, _counts in parts if name not in found]
    if missing:
        raise OutputError(
            f"{base}/{missing[0]} is not there after its worker wrote it: the workers don't share this store"
            " (memory:// lives in one process: use file:// or a shared store)"
        )
    put_atomically(f"{base}/{MANIFEST}", _manifest(parts))
    names = {name for name, _counts in parts}
    for stale in sorted(name for name in earlier if PART.fullmatch(name) and name not in names):
        remove(f"{base}/{stale}")
    return sum((counts for _name, counts in parts), Counter())


def _manifest(parts: list[tuple[str, Counter[str]]]) -> bytes:
    """The manifest: the corpusx version, each part's name and mentions, the mentions per label."""
    total: Counter[str] = sum((counts for _name, counts in parts), Counter())
    manifest = {
        "corpusx": __version__,
        "parts": [{"name": name, "mentions": sum(counts.values())} for name, counts in parts],
        "mentions": dict(sorted(total.items())),
    }
    return orjson.dumps(manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


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
