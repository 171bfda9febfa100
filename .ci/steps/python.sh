#!/usr/bin/env bash
# Python package (issue 9): install it the documented way (`pip install ./python`, maturin from
# PyPI) into a venv under target/, add pytest, PyYAML, langchain-core and openai-agents from
# PyPI, and run the pytest suite (python/tests), which also compares Python with the CLI binary.
set -euo pipefail
cd "$(dirname "$0")/../.."

TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
VENV="$TARGET/python-venv"
PY="${PYTHON:-python3}"

echo "-- python venv: $VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install -q --disable-pip-version-check \
  pytest pyyaml langchain-core openai-agents

# The documented install command. CI builds the extension with the dev profile so it reuses
# what `cargo test --workspace` already compiled (users get the release profile).
echo "-- pip install ./python"
MATURIN_PEP517_ARGS="${MATURIN_PEP517_ARGS:---profile dev}" \
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check ./python

echo "-- portcullis CLI for the parity test"
# `--workspace` resolves features as `cargo test --workspace` did, so nothing is rebuilt.
cargo build -q --workspace --bins
export PORTCULLIS_BIN="$TARGET/debug/portcullis"

echo "-- pytest python/tests"
# Run from the repository root: `python/` on sys.path would shadow the installed package.
"$VENV/bin/python" -m pytest -q -p no:cacheprovider python/tests
