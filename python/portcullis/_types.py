"""Plain data returned by the guard: approvals, sessions, scan results, ledger reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Dict, List, Mapping, Optional

__all__ = ["Approval", "Secret", "ScanResult", "VerifyReport", "KeyPair", "SessionInfo"]


def _dt(ms: Optional[int]) -> Optional[datetime]:
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000.0, tz=timezone.utc)


@dataclass(frozen=True)
class Approval:
    """A request for a human decision, bound to one exact call (its action hash) and session."""

    approval_id: str
    action_hash: str
    session: Optional[str]
    tool: str
    summary: str
    approver: Optional[str]
    reason: str
    created_ms: int
    deadline_ms: int
    status: str
    """``pending``, ``granted``, ``denied``, ``consumed`` or ``expired``."""
    decided_by: Optional[str] = None
    note: Optional[str] = None
    decided_ms: Optional[int] = None
    consumed_ms: Optional[int] = None

    @property
    def created(self) -> datetime:
        """When it was created (UTC)."""
        return _dt(self.created_ms)  # type: ignore[return-value]

    @property
    def deadline(self) -> datetime:
        """After this instant (UTC) it is expired, and the call is denied."""
        return _dt(self.deadline_ms)  # type: ignore[return-value]

    @classmethod
    def _from(cls, d: Mapping[str, Any]) -> "Approval":
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in d.items() if k in names})

    def to_dict(self) -> Dict[str, Any]:
        """The approval as a dict."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class SessionInfo:
    """One session's state: call and denial counts, severity, termination."""

    session: str
    calls: int
    denials: int
    severity: str
    terminated: bool
    first_ms: int
    last_ms: int
    calls_by_tool: Dict[str, int] = field(default_factory=dict)
    calls_by_rule: Dict[str, int] = field(default_factory=dict)

    @classmethod
    def _from(cls, d: Mapping[str, Any]) -> "SessionInfo":
        summary = d.get("summary", d)
        return cls(
            session=summary["session"],
            calls=summary["calls"],
            denials=summary["denials"],
            severity=summary["severity"],
            terminated=summary["terminated"],
            first_ms=summary["first_ms"],
            last_ms=summary["last_ms"],
            calls_by_tool=dict(d.get("calls_by_tool", {})),
            calls_by_rule=dict(d.get("calls_by_rule", {})),
        )


@dataclass(frozen=True)
class Secret:
    """One secret found by ``scan``. ``text[start:end]`` is the secret itself."""

    kind: str
    code: str
    start: int
    end: int
    byte_start: int
    byte_end: int
    risk: int
    confidence: str


@dataclass(frozen=True)
class ScanResult:
    """What ``scan`` found: the secrets and the text with each replaced by
    ``[REDACTED:<kind>]``. ``bool(result)`` is true when a secret was found."""

    secrets: List[Secret]
    redacted: str

    @property
    def found(self) -> bool:
        """Whether any secret was found."""
        return bool(self.secrets)

    def __bool__(self) -> bool:
        return self.found


@dataclass(frozen=True)
class VerifyReport:
    """The result of ``Ledger.verify``. ``bool(report)`` is ``report.ok``."""

    ok: bool
    entries: int
    checkpoints: int
    clean_close: bool
    sidecar: str
    key_ids: List[str]
    head: Optional[Dict[str, Any]] = None
    last_checkpoint: Optional[Dict[str, Any]] = None
    failure: Optional[Dict[str, Any]] = None
    """The first damage found: ``kind``, ``line``, ``seq``, ``record``, ``message``."""

    def __bool__(self) -> bool:
        return self.ok

    @classmethod
    def _from(cls, d: Mapping[str, Any]) -> "VerifyReport":
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass(frozen=True)
class KeyPair:
    """Key files written by ``Ledger.keygen``."""

    private_key: str
    public_key: str
    key_id: str
