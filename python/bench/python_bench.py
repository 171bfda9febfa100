#!/usr/bin/env python3
"""portcullis `guard.check` vs edictum `evaluate`, in one Python process, on the shared corpus.

    python python/bench/python_bench.py [--edictum-venv /tmp/edictum-venv] [--reps 3]

Both engines decide the 10,000 calls of `testdata/bench/corpus.jsonl` under the 21 rules of
`testdata/bench/edictum_bundle.yaml` (portcullis loads the edictum file unchanged). Each call is
timed on its own with `perf_counter_ns` after a 1,000-call warm-up, as `edictum_bench.py` in the
shared harness times edictum. Prints one JSON line: both medians, p99s, the ratio, and whether
the two engines blocked the same calls.

portcullis runs stateless (`state=None`, as edictum's `evaluate` is a dry run without session
counters) and also with its default in-memory session store (`state="memory"`), which the
ratio does not use but is printed.

edictum comes from `--edictum-venv` (its site-packages is appended to `sys.path`) or from the
running interpreter.
"""

from __future__ import annotations

import argparse
import gc
import glob
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "testdata" / "bench" / "corpus.jsonl"
BUNDLE = ROOT / "testdata" / "bench" / "edictum_bundle.yaml"


def percentile(sorted_vals: List[int], q: float) -> float:
    k = max(0, min(len(sorted_vals) - 1, int(round(q / 100.0 * len(sorted_vals) + 0.5)) - 1))
    return sorted_vals[k]


def summarize(lat: List[int], wall: float) -> Dict[str, float]:
    s = sorted(lat)
    return {
        "median_us": round(statistics.median(s) / 1e3, 3),
        "p90_us": round(percentile(s, 90) / 1e3, 3),
        "p99_us": round(percentile(s, 99) / 1e3, 3),
        "mean_us": round(sum(s) / len(s) / 1e3, 3),
        "calls_per_s": round(len(s) / wall, 1),
    }


def timed(calls: List[Tuple[Any, ...]], one: Callable[..., bool]) -> Tuple[Dict[str, float], List[bool]]:
    for c in calls[:1000]:
        one(*c)
    lat: List[int] = []
    blocked: List[bool] = []
    pc = time.perf_counter_ns
    gc.collect()
    t0 = time.perf_counter()
    for c in calls:
        a = pc()
        b_ = one(*c)
        b = pc()
        lat.append(b - a)
        blocked.append(b_)
    return summarize(lat, time.perf_counter() - t0), blocked


def add_venv(venv: str) -> None:
    for sp in glob.glob(os.path.join(venv, "lib", "python*", "site-packages")):
        if sp not in sys.path:
            sys.path.append(sp)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edictum-venv", default=os.environ.get("EDICTUM_VENV", "/tmp/edictum-venv"))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--bundle", type=Path, default=BUNDLE)
    a = ap.parse_args()

    import portcullis

    if a.edictum_venv and os.path.isdir(a.edictum_venv):
        add_venv(a.edictum_venv)
    import edictum
    from edictum import Edictum, OperationLimits, Principal

    raw = [json.loads(line) for line in a.corpus.read_text().splitlines() if line.strip()]

    # portcullis: the same (tool, args, principal) triples.
    p_calls = [(c["tool"], c["args"], c.get("principal") or None) for c in raw]
    results: Dict[str, List[Dict[str, float]]] = {"portcullis": [], "portcullis_state": [], "edictum": []}
    p_blocked: List[bool] = []
    e_blocked: List[bool] = []

    def ed_principal(d: Any) -> Any:
        if not d:
            return None
        return Principal(user_id=d.get("user_id"), role=d.get("role"),
                         ticket_ref=d.get("ticket_ref"), claims=d.get("claims") or {})

    e_calls = [(c["tool"], c["args"], ed_principal(c.get("principal"))) for c in raw]

    for _ in range(a.reps):
        g = portcullis.Guard.from_file(str(a.bundle), state=None)
        check = g.check

        def p_one(tool: str, args: Dict[str, Any], principal: Any) -> bool:
            return not check(tool, args, principal=principal).allowed

        s, p_blocked = timed(p_calls, p_one)
        results["portcullis"].append(s)

        gs = portcullis.Guard.from_file(str(a.bundle), state="memory")
        check_s = gs.check

        def ps_one(tool: str, args: Dict[str, Any], principal: Any) -> bool:
            return not check_s(tool, args, principal=principal).allowed

        s, _ = timed(p_calls, ps_one)
        results["portcullis_state"].append(s)

        eg = Edictum.from_yaml(a.bundle)
        eg.limits = OperationLimits(max_attempts=10**12, max_tool_calls=10**12)
        ev = eg.evaluate

        def e_one(tool: str, args: Dict[str, Any], principal: Any) -> bool:
            return ev(tool, args, principal=principal).decision == "block"

        s, e_blocked = timed(e_calls, e_one)
        results["edictum"].append(s)

    def med(rows: List[Dict[str, float]]) -> Dict[str, float]:
        return {k: round(statistics.median(r[k] for r in rows), 3) for k in rows[0]}

    p, ps_, e = med(results["portcullis"]), med(results["portcullis_state"]), med(results["edictum"])
    agree = sum(1 for x, y in zip(p_blocked, e_blocked) if x == y)
    print(json.dumps({
        "python": platform.python_version(),
        "portcullis_version": portcullis.__version__,
        "edictum_version": edictum.__version__,
        "corpus": {"path": str(a.corpus), "n": len(raw)},
        "reps": a.reps,
        "portcullis_check": p,
        "portcullis_check_with_session_store": ps_,
        "edictum_evaluate": e,
        "median_ratio": round(e["median_us"] / p["median_us"], 2),
        "p99_ratio": round(e["p99_us"] / p["p99_us"], 2),
        "blocked": {"portcullis": sum(p_blocked), "edictum": sum(e_blocked), "same_verdict": agree},
    }))


if __name__ == "__main__":
    main()
