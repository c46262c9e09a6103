"""Shared fixtures: one pipeline per session, the seed corpus, the --update-golden switch."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest
from hypothesis import settings

import corpusx

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = Path(os.environ.get("CORPUSX_SHARED", ROOT.parent / "shared"))  # the shared data, beside the checkout

settings.register_profile("corpusx", deadline=None, max_examples=150)
settings.load_profile("corpusx")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden/ from the current output.")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def nlp():
    """The default pipeline, loaded once."""
    return corpusx.load_pipeline()


def extract_seeds(**options) -> bytes:
    """The JSONL that `corpusx extract seeds` writes from the repository root, with `extract` options."""
    stream = io.BytesIO()
    with contextlib.chdir(ROOT):  # paths in the output are as given: "seeds/...", the same in every clone
        corpusx.write_mentions(corpusx.extract(["seeds"], **options), stream)
    return stream.getvalue()


@pytest.fixture(scope="session")
def seed_jsonl(nlp) -> bytes:
    """The JSONL that `corpusx extract seeds` writes."""
    return extract_seeds(model=nlp)


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The shared BBC corpus beside the repository (skips where it is absent)."""
    corpus = SHARED / "corpora" / "bbc"
    if not corpus.is_dir():
        pytest.skip("../shared/corpora/bbc is not beside this checkout")
    return corpus
