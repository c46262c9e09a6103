"""The Dask engine: a two-worker LocalCluster writes the same bytes as the local engine."""

from __future__ import annotations


import pytest


from .conftest import extract_seeds

pytest.importorskip("dask.distributed")


def test_dask_local_cluster_gives_the_same_bytes_as_local(seed_jsonl):
    """extract(engine="dask") on a LocalCluster of two worker processes reproduces the local output."""
    assert extract_seeds(engine="dask", jobs=2) == seed_jsonl
