"""Drop-in replacement for ``agent_execution_guard`` (agent-execution-guard 0.2), on portcullis.

Change ``from agent_execution_guard import ...`` to
``from portcullis.compat.agent_execution_guard import ...``; the names, arguments, outcomes and
exceptions are the same::

    guard = ExecutionGuard()
    intent = Intent(actor="agent.finance", action="wire_transfer",
                    payload="wire_transfer amount=50000", timestamp=datetime.now(timezone.utc))
    try:
        result = guard.evaluate(intent, policy=policy_dict)   # ALLOW → GuardResult
    except GuardDeniedError as e:                              # DENY
        print(e.reason, e.risk_score)
    except GuardHeldError as e:                                # HOLD (approval)
        print(e.boundary_id, e.deadline_ts)

How a decision is made:

1. ``policy`` is required: ``None`` raises ``GuardDeniedError`` (reason ``no_policy``) before
   anything else, as in the original. ``ALLOW_ALL`` skips the identity gate (risk still applies).
   A policy may be the original ``policy.yaml`` as a dict, a path to it, the YAML text, any
   portcullis policy (path or text), or a ``portcullis.Guard``.
2. The identity gate and every rule of the policy run in the portcullis engine: the intent is the
   call ``tool=intent.action``, ``args={"payload": ...}`` (a dict payload is used as the args),
   ``principal={"agent": intent.actor}``.
3. Risk, 0–100: the payload is parsed as a shell command by portcullis' shell parser (as the
   original scores every payload as a shell command), and the maximum with the policy's own risk
   is taken. ``risk >= halt_threshold`` (80; 60 or 30 under ``severity``) → DENY.
4. ``require_approval`` → HOLD (``GuardHeldError`` with the approval id as ``boundary_id`` and
   ``deadline_ts``); grant it with ``guard.approve(boundary_id)`` and evaluate the same intent
   again to get ALLOW once.

Differences from the original (portcullis is stricter where noted, and why):

- Risk comes from a real shell parser, not keywords: ``rm -r -f /``, ``sudo rm -rf ~``,
  ``bash -c "$(echo ... | base64 -d)"`` score as critical (the original's ``rm\\s+-rf\\s+/``
  keyword misses them); harmless text containing ``rm -rf`` inside quotes or comments does not.
  Unknown commands score 0 rather than 40. **Stricter** on real destructive commands.
- An unknown ``defaults`` value, a policy file that fails to load, or an unexpected field is an
  error (``PolicyError``) — the original treats a missing or misspelt policy section as "no
  constraint" (fail open). **Stricter**: fail closed.
- ``verify(proof)`` verifies portcullis' signed ledger (``ledger_file`` + ``key_file``, Ed25519,
  hash chain, checkpoints) and returns a ``portcullis.VerifyReport``; proofs are ledger
  entries, not the original's per-decision proof objects.
- HOLD is a real approval: bound to the exact intent, single use, with a deadline after which
  the intent is denied (the original's HOLD has no API to resolve it).
"""

from __future__ import annotations

import enum
import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Mapping, Optional, Union

from .. import _native
from .._guard import Guard, Ledger
from .._types import VerifyReport

__all__ = [
    "ExecutionGuard",
    "Intent",
    "SystemSeverity",
    "GuardResult",
    "GuardDeniedError",
    "GuardHeldError",
    "GuardExpiredError",
    "EnforcementOutcome",
    "ALLOW_ALL",
    "evaluate",
]


class _AllowAll:
    def __repr__(self) -> str:
        return "ALLOW_ALL"


ALLOW_ALL: Any = _AllowAll()
"""Explicit opt-out of the identity gate: ``evaluate(intent, policy=ALLOW_ALL)``."""


class EnforcementOutcome(str, enum.Enum):
    """The outcome of ``evaluate``."""

    ALLOW = "ALLOW"
    HOLD = "HOLD"
    DENY = "DENY"
    EXPIRED = "EXPIRED"


@dataclass
class Intent:
    """An execution request: who (``actor``) wants to do what (``action``) with what payload."""

    actor: str
    action: str
    payload: Union[str, Dict[str, Any]] = ""
    timestamp: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    run_id: Optional[str] = None
    metadata: Optional[Dict[str, Any]] = None


@dataclass
class SystemSeverity:
    """System severity in [0.0, 1.0] from any source; tightens the risk threshold:
    < 0.20 → 80, 0.20–0.40 → 60, ≥ 0.40 → 30."""

    score: float
    source: str = "unknown"
    raw: Optional[Dict[str, Any]] = None


@dataclass
class GuardResult:
    """The record of an ALLOW outcome (``BoundaryRecord`` in the original)."""

    boundary_id: str
    run_id: Optional[str]
    actor: str
    action: str
    outcome: EnforcementOutcome
    risk_score: int
    reason: str
    policy_hash: str
    decision_hash: str
    ts: str
    rule_ids: list = field(default_factory=list)
    ledger_index: Optional[int] = None
    proof_signature: Optional[str] = None
    deadline_ts: Optional[str] = None
    negative_proof: bool = False
    decision: Any = None
    """The full ``portcullis.Decision``."""


class GuardDeniedError(RuntimeError):
    """DENY: the caller must not proceed."""

    def __init__(self, boundary_id: str, reason: str, risk_score: int = 0, decision: Any = None) -> None:
        self.boundary_id = boundary_id
        self.reason = reason
        self.risk_score = risk_score
        self.decision = decision
        super().__init__(f"[DENY] boundary={boundary_id} risk={risk_score} reason={reason}")


class GuardHeldError(RuntimeError):
    """HOLD: awaiting human approval; ``boundary_id`` is the approval id."""

    def __init__(
        self,
        boundary_id: str,
        reason: str,
        deadline_ts: Optional[str] = None,
        proof_signature: Optional[str] = None,
        ledger_index: Optional[int] = None,
        decision: Any = None,
    ) -> None:
        self.boundary_id = boundary_id
        self.reason = reason
        self.deadline_ts = deadline_ts
        self.proof_signature = proof_signature
        self.ledger_index = ledger_index
        self.decision = decision
        super().__init__(f"[HOLD] boundary={boundary_id} deadline={deadline_ts} reason={reason}")


class GuardExpiredError(RuntimeError):
    """A HOLD passed its deadline before it was approved."""

    def __init__(self, boundary_id: str, deadline_ts: str) -> None:
        self.boundary_id = boundary_id
        self.deadline_ts = deadline_ts
        super().__init__(f"[EXPIRED] boundary={boundary_id} deadline={deadline_ts}")


_SEV_ENTER, _SEV_EXIT, _SEV_OBSERVE = 0.40, 0.28, 0.20


class ExecutionGuard:
    """Decides ALLOW / HOLD / DENY before an agent acts (see the module docs)."""

    def __init__(
        self,
        *,
        halt_threshold: int = 80,
        key_file: Optional[str] = None,
        ledger_file: Optional[str] = None,
        state: Optional[str] = "memory",
    ) -> None:
        if ledger_file is not None and key_file is None:
            raise ValueError("ledger_file needs key_file (create one with portcullis.Ledger.keygen)")
        self.halt_threshold = int(halt_threshold)
        self._key_file = key_file
        self._ledger_file = ledger_file
        self._state = state
        self._guards: Dict[str, Guard] = {}
        self._risk = Guard.from_file("builtin:coding-agent", state=None)
        self._cooldown = False

    # -- public API ----------------------------------------------------------------------------

    def evaluate(
        self,
        intent: Intent,
        *,
        severity: Optional[SystemSeverity] = None,
        policy: Any = None,
        hold_deadline_seconds: int = 300,
    ) -> GuardResult:
        """Evaluates an intent: returns a ``GuardResult`` on ALLOW, raises ``GuardDeniedError``
        (DENY) or ``GuardHeldError`` (HOLD). ``policy`` is required (fail closed)."""
        if policy is None:
            raise GuardDeniedError("no-policy", "no_policy: policy is required", 0)
        guard = self._guard_for(policy)
        args = dict(intent.payload) if isinstance(intent.payload, Mapping) else {"payload": intent.payload}
        principal = {"agent": intent.actor}
        context: Dict[str, Any] = {}
        if intent.metadata:
            context["metadata"] = intent.metadata
        d = guard.check(
            intent.action,
            args,
            principal=principal,
            session=intent.run_id,
            context=context or None,
        )
        risk, risk_reason = self._risk_of(intent, d)
        threshold = self._threshold(severity)
        ts = intent.timestamp.astimezone(timezone.utc).isoformat() if intent.timestamp else d.timestamp

        if not d.allowed and d.decision != "require_approval":
            raise GuardDeniedError(d.decision_id, _reason(d), max(risk, d.risk_score), d)
        if risk >= threshold:
            raise GuardDeniedError(
                d.decision_id,
                f"risk {risk} >= threshold {threshold}: {risk_reason}",
                risk,
                d,
            )
        if d.decision == "require_approval":
            deadline = None
            if d.approval_id and guard.has_state:
                a = guard.approval(d.approval_id)
                if a is not None:
                    deadline = datetime.fromtimestamp(a["deadline_ms"] / 1000, tz=timezone.utc).isoformat()
            if deadline is None:
                deadline = (datetime.now(timezone.utc) + timedelta(seconds=hold_deadline_seconds)).isoformat()
            ledger_index = (d.ledger or {}).get("seq")
            raise GuardHeldError(d.approval_id or d.decision_id, _reason(d), deadline, None, ledger_index, d)
        ledger = d.ledger or {}
        return GuardResult(
            boundary_id=d.decision_id,
            run_id=intent.run_id,
            actor=intent.actor,
            action=intent.action,
            outcome=EnforcementOutcome.ALLOW,
            risk_score=risk,
            reason=risk_reason if not d.rule_ids else _reason(d),
            policy_hash=d.policy_hash,
            decision_hash=ledger.get("hash", ""),
            ts=ts,
            rule_ids=list(d.rule_ids),
            ledger_index=ledger.get("seq"),
            decision=d,
        )

    def approve(self, boundary_id: str, *, by: Optional[str] = None, note: Optional[str] = None) -> None:
        """Grants a HOLD (the approval id in ``GuardHeldError.boundary_id``) in every policy's
        store that knows it; the same intent then evaluates to ALLOW once."""
        self._decide_hold(boundary_id, grant=True, by=by, note=note)

    def reject(self, boundary_id: str, *, by: Optional[str] = None, note: Optional[str] = None) -> None:
        """Refuses a HOLD for good."""
        self._decide_hold(boundary_id, grant=False, by=by, note=note)

    def verify(self, proof: Any = None) -> VerifyReport:
        """Verifies the signed ledger (``ledger_file``) with the public key next to
        ``key_file`` (``NAME.pub``) or given as ``proof`` (a public key path or text)."""
        if self._ledger_file is None:
            raise ValueError("verify needs ledger_file and key_file")
        for g in self._guards.values():
            g.flush()
        pub = proof if isinstance(proof, (str, os.PathLike)) else _pub_for(self._key_file)
        return Ledger.verify(self._ledger_file, pub)

    # -- helpers -------------------------------------------------------------------------------

    def _guard_for(self, policy: Any) -> Guard:
        if isinstance(policy, Guard):
            return policy
        if policy is ALLOW_ALL:
            key = "allow_all"
            text = "apiVersion: portcullis/v1\nkind: Policy\ndefaults: {effect: allow}\nrules: []\n"
        elif isinstance(policy, Mapping):
            text = json.dumps(policy, sort_keys=True, default=str)
            key = "text:" + text
        elif isinstance(policy, os.PathLike) or (isinstance(policy, str) and "\n" not in policy):
            key = "file:" + os.fspath(policy)
            text = None
        elif isinstance(policy, str):
            key, text = "text:" + policy, policy
        else:
            raise TypeError(f"unsupported policy type `{type(policy).__name__}`")
        g = self._guards.get(key)
        if g is None:
            if text is None:
                g = Guard.from_file(
                    os.fspath(policy), state=self._state, ledger=self._ledger_file, key=self._key_file
                )
            else:
                g = Guard.from_yaml(
                    text, origin="<policy>", state=self._state, ledger=self._ledger_file, key=self._key_file
                )
            self._guards[key] = g
        return g

    def _risk_of(self, intent: Intent, d: Any) -> "tuple[int, str]":
        payload = intent.payload
        command = payload if isinstance(payload, str) else json.dumps(payload, default=str)
        shell = self._risk.check("bash", {"command": command})
        risk = max(shell.risk_score, d.risk_score)
        codes = [f.code for f in shell.findings] + [f.code for f in d.findings]
        reason = ", ".join(dict.fromkeys(codes)) if codes else "no risk found"
        return risk, reason

    def _threshold(self, severity: Optional[SystemSeverity]) -> int:
        if severity is None:
            return self.halt_threshold
        s = float(severity.score if isinstance(severity, SystemSeverity) else severity)
        if s >= _SEV_ENTER:
            self._cooldown = True
        elif s < _SEV_EXIT:
            self._cooldown = False
        if self._cooldown:
            return 30
        if s >= _SEV_OBSERVE:
            return 60
        return self.halt_threshold

    def _decide_hold(self, approval_id: str, *, grant: bool, by: Optional[str], note: Optional[str]) -> None:
        done = False
        for g in self._guards.values():
            if g.has_state and g.approval(approval_id) is not None:
                if grant:
                    g.grant(approval_id, by=by, note=note)
                else:
                    g.deny_approval(approval_id, by=by, note=note)
                done = True
        if not done:
            err = _native.StoreError(f"approval `{approval_id}` not found")
            err.code = "approval_not_found"
            raise err


def _reason(d: Any) -> str:
    rules = ",".join(d.rule_ids)
    return f"{rules}: {d.reason}" if rules else d.reason


def _pub_for(key_file: Optional[str]) -> str:
    if key_file is None:
        raise ValueError("verify needs key_file")
    base, _ = os.path.splitext(key_file)
    return base + ".pub"


_DEFAULT: Optional[ExecutionGuard] = None


def evaluate(
    intent: Intent,
    *,
    policy: Any = None,
    severity: Optional[SystemSeverity] = None,
    hold_deadline_seconds: int = 300,
) -> GuardResult:
    """``ExecutionGuard().evaluate(...)`` with a module-wide guard (policies are compiled once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = ExecutionGuard()
    return _DEFAULT.evaluate(
        intent, severity=severity, policy=policy, hold_deadline_seconds=hold_deadline_seconds
    )
