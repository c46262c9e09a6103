"""Inputs given as fsspec URLs (`s3://bucket/news/`, `gs://...`, `az://...`, `file://...`, `memory://...`).

A URL names one file or a folder, whose files are listed (recursively, sorted by path as a
local folder is walked). `file://` and `memory://` need nothing more; the cloud protocols need
their fsspec backend (s3fs, gcsfs, adlfs): `pip install 'corpusx[cloud]'`. Credentials come
from the backend's usual places (environment, config files, instance roles).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from corpusx.errors import InputError

CLOUD_HINT = "pip install 'corpusx[cloud]'"


def is_url(given: str) -> bool:
    """Whether an input names a URL (`protocol://...`) rather than a local path."""
    protocol, found, _rest = given.partition("://")
    return bool(found) and protocol.isidentifier()


def url_files(given: str) -> Iterator[tuple[str, str | None] | InputError]:
    """The files a URL names: (URL of the file, its path below the folder URL), or (the URL, None) for a file.

    A folder's files come sorted by path, folder by folder; what cannot be listed is one InputError.
    """
    try:
        from fsspec.core import url_to_fs

        filesystem, root = url_to_fs(given)
        if filesystem.isdir(root):
            found = filesystem.find(root, withdirs=False)
        elif filesystem.isfile(root):
            yield given, None
            return
        else:
            yield InputError(given, "no such file or folder")
            return
    except ImportError as error:
        yield InputError(given, f"can't read {given.partition('://')[0]}:// URLs ({error}): {CLOUD_HINT}")
        return
    except (OSError, ValueError) as error:
        yield InputError(given, f"can't list it ({str(error).splitlines()[0] if str(error) else type(error).__name__})")
        return
    base = given.rstrip("/")
    relatives = (posixpath.relpath(path, root) for path in found)
    for relative in sorted(relatives, key=lambda relative: relative.split("/")):
        yield f"{base}/{relative}", relative


@contextmanager
def open_url(url: str) -> Iterator[IO[bytes]]:
    """The file at `url`, open for binary reading."""
    import fsspec

    with fsspec.open(url, "rb") as stream:
        yield stream
