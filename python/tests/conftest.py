"""Shared fixtures: repository paths, the CLI binary, policies."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Optional

import pytest

import portcullis

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "testdata" / "corpus"
BENCH = REPO / "testdata" / "bench"


def cli_binary() -> Optional[str]:
    """The `portcullis` binary: $PORTCULLIS_BIN, else a cargo build output, else PATH."""
    env = os.environ.get("PORTCULLIS_BIN")
    if env:
        return env
    targets = [os.environ.get("CARGO_TARGET_DIR"), str(REPO / "target")]
    for t in targets:
        if not t:
            continue
        for profile in ("debug", "release"):
            p = Path(t) / profile / "portcullis"
            if p.is_file():
                return str(p)
    return shutil.which("portcullis")


@pytest.fixture
def coding_guard() -> portcullis.Guard:
    return portcullis.Guard.from_file("builtin:coding-agent")


@pytest.fixture
def cli() -> str:
    b = cli_binary()
    if b is None:
        pytest.fail(
            "the portcullis CLI binary is needed: build it with `cargo build -p portcullis-cli` "
            "or set PORTCULLIS_BIN"
        )
    return b
