"""Every ```python block in python/README.md and docs/python.md runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO

DOCS = [REPO / "python" / "README.md", REPO / "docs" / "python.md"]
FENCE = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def blocks():
    for doc in DOCS:
        if not doc.exists():
            continue
        for i, m in enumerate(FENCE.finditer(doc.read_text())):
            code = m.group(1)
            if "# doctest: skip" in code:
                continue
            yield pytest.param(code, id=f"{doc.name}#{i}")


@pytest.mark.parametrize("code", list(blocks()))
def test_doc_example_runs(code, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "<doc example>", "exec"), {"__name__": "__doc_example__"})


def test_docs_have_examples():
    assert len(list(blocks())) >= 5


EXAMPLES = sorted((REPO / "python" / "examples").glob("*.py"))


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_script_runs(script, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    exec(compile(script.read_text(), str(script), "exec"), {"__name__": "__main__"})
    assert capsys.readouterr().out.strip()
