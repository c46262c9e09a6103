"""corpusx installed from a built wheel finds its models/ assets and runs."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv

import pytest

from .conftest import ROOT, SEEDS


@pytest.mark.slow
def test_wheel_installed_in_a_fresh_venv_extracts(tmp_path):
    """Build the wheel, install it (no deps) into a new venv that borrows the dependencies, run it."""
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("corpusx-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True)
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # The dependencies (spaCy, the model, ...) come from the test environment, not corpusx itself.
    (tmp_path / "venv" / site.split(str(env_dir) + "/", 1)[1] / "deps.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n"
    )
    located = subprocess.run(
        [python, "-c", "import corpusx.lexicon as r; print(r.models_dir())"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout.strip()
    assert located.startswith(str(env_dir)), located
    result = subprocess.run(
        [env_dir / "bin" / "corpusx", "extract", str(SEEDS / "000_75e7b8864e1bced3.txt"), "-q"],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    assert b'"label":"PERSON"' in result.stdout
