"""corpusx installed from its built wheel, the plain way, finds its models/ assets and reads every input kind."""

from __future__ import annotations

import os
import subprocess
import sys
import venv

import orjson
import pytest

from .conftest import ROOT

ARTICLE = "Mira Okafor joined Acme Holdings on 3 March 2021 for $5m, the company said in a statement on Monday."
PAGE = (
    "<html><head><title>Acme Holdings hires</title></head><body><article><h1>Acme Holdings hires</h1>"
    f"<p>{ARTICLE}</p><p>She will lead the freight unit in London, which Tomas Reyes ran for a decade.</p>"
    "</article></body></html>"
)


@pytest.mark.slow
def test_wheel_installed_with_the_bundled_pip_extracts_txt_html_and_jsonl(tmp_path):
    """Build the wheel, install it with its dependencies into a fresh venv by the pip that venv ships
    (not upgraded: pip 23.2 does not resolve jusText's lxml[html_clean] extra), and extract each input kind."""
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
    subprocess.run([python, "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    clean_env = {name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "VIRTUAL_ENV")}
    located = subprocess.run(
        [python, "-c", "import corpusx.lexicon as r; print(r.models_dir())"],
        check=True, capture_output=True, text=True, cwd=tmp_path, env=clean_env,
    ).stdout.strip()  # fmt: skip
    assert located.startswith(str(env_dir)), located
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plain.txt").write_text(ARTICLE + "\n", encoding="utf-8")
    (corpus / "page.html").write_text(PAGE, encoding="utf-8")
    (corpus / "lines.jsonl").write_text(orjson.dumps({"id": "j1", "text": ARTICLE}).decode() + "\n", encoding="utf-8")
    result = subprocess.run(
        [env_dir / "bin" / "corpusx", "extract", str(corpus), "-q"],
        capture_output=True, cwd=tmp_path, env=clean_env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
    found = {
        (m["path"].rsplit("/", 1)[1], m["label"], m["text"]) for m in map(orjson.loads, result.stdout.splitlines())
    }
    for name in ("plain.txt", "page.html", "lines.jsonl"):
        assert (name, "PERSON", "Mira Okafor") in found
        assert (name, "ORG", "Acme Holdings") in found
