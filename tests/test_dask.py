"""The Dask engine: a two-worker LocalCluster writes the same bytes as the local engine."""

from __future__ import annotations

import io

import pytest

import corpusx

from .conftest import SEEDS

pytest.importorskip("dask.distributed")


def test_dask_local_cluster_gives_the_same_bytes_as_local(seed_jsonl):
    """extract(engine="dask") on a LocalCluster of two worker processes reproduces the local output."""
    stream = io.BytesIO()
    corpusx.write_mentions(corpusx.extract([SEEDS], engine="dask", jobs=2), stream)
    assert stream.getvalue() == seed_jsonl
