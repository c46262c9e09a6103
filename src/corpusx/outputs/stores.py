"""Output to an fsspec URL (`s3://bucket/run/`, `gs://...`, `az://...`, `file:///...`, `memory://...`).

A part is written whole or not at all, as far as the store allows: on a file system to a
temporary name that is then renamed into place, on an object store (and `memory://`) in one
put, which readers see whole or not at all. The cloud protocols need their fsspec backend
(s3fs, gcsfs, adlfs): `pip install 'corpusx[cloud]'`; credentials come from the backend's
usual places (environment, config files, instance roles).
"""

from __future__ import annotations

import os
import threading
from typing import Any

from corpusx.inputs.urls import CLOUD_HINT
from corpusx.outputs.atomic import OutputError


def open_store(url: str) -> tuple[Any, str]:
    """The fsspec file system and path `url` names; a one-line OutputError for an unknown protocol or a missing backend."""
    protocol = url.partition("://")[0]
    try:
        from fsspec.core import url_to_fs

        return url_to_fs(url)
    except ImportError as error:
        raise OutputError(f"-o {url}: can't write {protocol}:// URLs ({error}): {CLOUD_HINT}") from None
    except ValueError as error:
        raise OutputError(f"-o {url}: {_first_line(error)}") from None


def check_store(url: str) -> None:
    """An OutputError, before any work, if the folder `url` names can't be written: a small file put and removed."""
    filesystem, path = open_store(url)
    probe = f"{path.rstrip('/')}/.corpusx-write-check"
    try:
        if _renames(filesystem):
            filesystem.makedirs(path, exist_ok=True)
        filesystem.pipe_file(probe, b"")
        filesystem.rm_file(probe)
    except OSError as error:
        raise OutputError(f"can't write to {url}: {_first_line(error)}") from None


def file_names(url: str) -> set[str]:
    """The names of the files directly below the folder `url` (none if there is no such folder)."""
    filesystem, path = open_store(url)
    filesystem.invalidate_cache(path)
    try:
        return {entry.rstrip("/").rsplit("/", 1)[-1] for entry in filesystem.ls(path, detail=False)}
    except FileNotFoundError:
        return set()
    except OSError as error:
        raise OutputError(f"can't list {url}: {_first_line(error)}") from None


def remove(url: str) -> None:
    """Remove the file at `url`."""
    filesystem, path = open_store(url)
    filesystem.rm_file(path)


def put_atomically(url: str, data: bytes) -> None:
    """Write `data` as the file at `url`: renamed into place on a file system, else one put."""
    filesystem, path = open_store(url)
    try:
        if _renames(filesystem):
            folder, name = path.rsplit("/", 1)
            temporary = f"{folder}/.{name}.{os.getpid()}.{threading.get_ident()}.tmp"
            filesystem.pipe_file(temporary, data)
            try:
                filesystem.mv(temporary, path)
            finally:
                if filesystem.exists(temporary):
                    filesystem.rm_file(temporary)
        else:
            filesystem.pipe_file(path, data)
    except OSError as error:
        raise OutputError(f"can't write {url}: {_first_line(error)}") from None


def _renames(filesystem: Any) -> bool:
    """Whether the store is a file system with a rename (local or mounted), not an object store."""
    from fsspec.implementations.local import LocalFileSystem

    return isinstance(filesystem, LocalFileSystem)


def _first_line(error: BaseException) -> str:
    text = str(error)
    return text.splitlines()[0] if text else type(error).__name__
