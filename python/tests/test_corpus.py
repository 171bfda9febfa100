"""The decision corpus (testdata/corpus, cases without `session:`) gives the same decisions
through Python and through the CLI binary (`portcullis check --input`), stateless and with a
state file each, and what each case wants.
"""

from __future__ import annotations

import json
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest
import yaml

import portcullis

from conftest import CORPUS

# Fields that differ between any two runs by design.
VOLATILE = ("decision_id", "timestamp")


def load_cases() -> List[Tuple[str, Dict[str, Any], Any, Path]]:
    out = []
    for path in sorted(CORPUS.rglob("*.yaml")):
        doc = yaml.safe_load(path.read_text())
        for case in doc["cases"]:
            if case.get("session") is not None:
                continue
            policy = case.get("policy", doc.get("policy"))
            out.append((f"{path.relative_to(CORPUS)}::{case['name']}", case, policy, path.parent))
    return out


CASES = load_cases()


def policy_key(policy: Any, base: Path) -> str:
    if isinstance(policy, str):
        return policy if policy.startswith("builtin:") else str((base / policy).resolve())
    return "inline:" + json.dumps(policy, sort_keys=True)


def python_guard(policy: Any, base: Path, state: Any = None) -> portcullis.Guard:
    if isinstance(policy, str):
        key = policy if policy.startswith("builtin:") else str(base / policy)
        return portcullis.Guard.from_file(key, state=state)
    return portcullis.Guard.from_yaml(json.dumps(policy), origin="<inline policy>", state=state)


def check_want(case: Dict[str, Any], d: Dict[str, Any]) -> List[str]:
    """The same checks as portcullis_test::check."""
    want, bad = case["want"], []
    if d["decision"] != want["decision"]:
        bad.append(f"decision: want {want['decision']}, got {d['decision']}")
    if "rule_ids" in want and want["rule_ids"] != d["rule_ids"]:
        bad.append(f"rule_ids: want {want['rule_ids']}, got {d['rule_ids']}")
    codes = [f["code"] for f in d.get("findings", [])] + [e["code"] for e in d.get("errors", [])]
    bad += [f"code `{c}` missing from {codes}" for c in want.get("codes", []) if c not in codes]
    bad += [f"code `{c}` present" for c in want.get("absent_codes", []) if c in codes]
    rc = want.get("reason_contains")
    if rc is not None and rc not in d["reason"]:
        bad.append(f"reason {d['reason']!r} lacks {rc!r}")
    return bad


def strip(d: Dict[str, Any]) -> Dict[str, Any]:
    out = {k: v for k, v in d.items() if k not in VOLATILE}
    # Approval ids are random: compare whether one was opened, not its value.
    out["approval_id"] = "approval_id" in d
    return out


def test_corpus_is_not_empty():
    assert len(CASES) >= 20, len(CASES)


def test_python_decides_every_case_as_wanted():
    failures = []
    guards: Dict[str, portcullis.Guard] = {}
    for name, case, policy, base in CASES:
        k = policy_key(policy, base)
        if k not in guards:
            guards[k] = python_guard(policy, base)
        d = guards[k].check_action(case["call"]).to_dict()
        bad = check_want(case, d)
        if bad:
            failures.append(f"{name}: " + "; ".join(bad))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("stateful", [False, True], ids=["no-state", "state-file"])
def test_python_and_cli_give_identical_decisions(cli, tmp_path, stateful):
    groups: Dict[str, List[Tuple[str, Dict[str, Any], Any, Path]]] = defaultdict(list)
    for item in CASES:
        groups[policy_key(item[2], item[3])].append(item)
    compared = 0
    mismatches = []
    for i, (key, items) in enumerate(sorted(groups.items())):
        _, _, policy, base = items[0]
        if isinstance(policy, str):
            policy_arg = policy if policy.startswith("builtin:") else str(base / policy)
        else:
            p = tmp_path / f"policy{i}.yaml"
            p.write_text(json.dumps(policy))
            policy_arg = str(p)
        calls = tmp_path / f"calls{i}.jsonl"
        calls.write_text("".join(json.dumps(c["call"]) + "\n" for _, c, _, _ in items))
        if stateful:
            state_args = ["--state", str(tmp_path / f"cli{i}.db")]
            py_state: Any = str(tmp_path / f"py{i}.db")
        else:
            state_args, py_state = ["--no-state"], None
        out = subprocess.run(
            [cli, "check", "--policy", policy_arg, *state_args, "--input", str(calls)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 0, out.stderr
        cli_decisions = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
        assert len(cli_decisions) == len(items), (key, out.stdout, out.stderr)
        guard = python_guard(policy, base, py_state)
        for (name, case, _, _), from_cli in zip(items, cli_decisions):
            from_py = guard.check_action(case["call"]).to_dict()
            if strip(from_py) != strip(from_cli):
                mismatches.append(f"{name}:\n  python: {strip(from_py)}\n  cli:    {strip(from_cli)}")
            compared += 1
    assert compared == len(CASES)
    assert not mismatches, "\n".join(mismatches)
