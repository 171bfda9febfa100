"""Type stubs for the native module (Rust, pyo3). Use the names re-exported by ``portcullis``."""

from os import PathLike
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

__version__: str
MAX_DEPTH: int

_Path = Union[str, PathLike[str]]
_Json = Any

class PortcullisError(Exception):
    """Base class of every error portcullis raises."""

    code: str
    diagnostics: List[Dict[str, Any]]

class PolicyError(PortcullisError):
    """The policy could not be loaded; ``diagnostics`` lists every problem (``code``,
    ``message``, ``file``, ``line``, ``column``, ``help``, ``warning``)."""

class ConfigError(PortcullisError):
    """An option is invalid."""

class StoreError(PortcullisError):
    """The session/approval store failed, or an approval cannot be granted or refused."""

class LedgerError(PortcullisError):
    """The ledger or a key could not be opened or read."""

class Finding:
    """One detector result."""

    @property
    def code(self) -> str:
        """Stable code, e.g. ``shell.rm_recursive_root``."""
    @property
    def message(self) -> str: ...
    @property
    def risk(self) -> int: ...
    @property
    def location(self) -> Optional[str]:
        """JSON pointer of the argument (``/command``)."""
    @property
    def span(self) -> Optional[Tuple[int, int]]: ...
    @property
    def evidence(self) -> Optional[str]:
        """A short, redacted excerpt (never the raw secret)."""
    def to_dict(self) -> Dict[str, Any]: ...

class Decision:
    """The answer for one tool call. ``bool(decision)`` is ``decision.allowed``."""

    @property
    def decision(self) -> str:
        """``allow``, ``alert``, ``redact``, ``require_approval``, ``deny`` or ``terminate``."""
    @property
    def allowed(self) -> bool:
        """Whether the call may run (allow, alert, redact)."""
    @property
    def decision_id(self) -> str: ...
    @property
    def action_id(self) -> Optional[str]: ...
    @property
    def enforced(self) -> bool:
        """False in observe and audit modes."""
    @property
    def would_decision(self) -> str:
        """What enforce mode would have decided."""
    @property
    def rule_ids(self) -> List[str]: ...
    @property
    def reason(self) -> str: ...
    @property
    def findings(self) -> List[Finding]: ...
    @property
    def codes(self) -> List[str]:
        """Every finding and error code, in order."""
    @property
    def risk_score(self) -> int: ...
    @property
    def approver(self) -> Optional[str]: ...
    @property
    def approval_id(self) -> Optional[str]: ...
    @property
    def approval_timeout(self) -> Optional[str]: ...
    @property
    def redactions(self) -> Optional[Dict[str, Any]]:
        """``{"spans": [...], "args": {...}, "result": ...}``."""
    @property
    def redacted_args(self) -> Optional[Dict[str, Any]]: ...
    @property
    def redacted_result(self) -> Any: ...
    @property
    def alerts(self) -> List[Dict[str, Any]]: ...
    @property
    def errors(self) -> List[Dict[str, Any]]:
        """Internal failures that forced a fail-closed answer."""
    @property
    def policy_hash(self) -> str: ...
    @property
    def mode(self) -> str: ...
    @property
    def timestamp(self) -> str: ...
    @property
    def shadow(self) -> Optional[Dict[str, Any]]: ...
    @property
    def trace(self) -> Optional[List[Dict[str, Any]]]: ...
    @property
    def ledger(self) -> Optional[Dict[str, Any]]:
        """``{"seq", "hash", "key_id"}`` when a ledger is configured."""
    def to_dict(self) -> Dict[str, Any]:
        """The same keys as ``portcullis check --json``."""
    def to_json(self) -> str: ...
    def __bool__(self) -> bool: ...

class Guard:
    """The native guard; use ``portcullis.Guard``."""

    def __new__(
        cls,
        *,
        policies: Optional[Sequence[_Path]] = None,
        yaml: Optional[str] = None,
        origin: Optional[str] = None,
        mode: Optional[str] = None,
        state: Optional[str] = "memory",
        ledger: Optional[_Path] = None,
        key: Optional[_Path] = None,
        fsync: Optional[str] = None,
        audit_file: Optional[_Path] = None,
        audit_stdout: bool = False,
        trace: bool = False,
    ) -> "Guard": ...
    def check(
        self,
        tool: str,
        args: Optional[Mapping[str, _Json]] = None,
        *,
        principal: Optional[Mapping[str, _Json]] = None,
        session: Optional[str] = None,
        environment: Optional[str] = None,
        context: Optional[Mapping[str, _Json]] = None,
        resource: Optional[Mapping[str, _Json]] = None,
        result: _Json = None,
        action_id: Optional[str] = None,
    ) -> Decision:
        """Decides one tool call. Never raises for a refusal (see ``enforce``)."""
    def check_action(self, action: Mapping[str, _Json]) -> Decision:
        """Decides a whole action object, parsed as ``portcullis check --input`` parses a line."""
    def check_batch(self, actions: Sequence[Mapping[str, _Json]]) -> List[Decision]:
        """Decides many whole action objects in order (one ledger commit for the batch)."""
    def check_result(
        self,
        tool: str,
        args: Optional[Mapping[str, _Json]],
        result: _Json,
        *,
        pre_decision_id: str,
        principal: Optional[Mapping[str, _Json]] = None,
        session: Optional[str] = None,
        environment: Optional[str] = None,
        context: Optional[Mapping[str, _Json]] = None,
        resource: Optional[Mapping[str, _Json]] = None,
        action_id: Optional[str] = None,
    ) -> Decision:
        """Checks a tool's result after it ran (post rules, result redaction)."""
    @property
    def policy_hash(self) -> str: ...
    @property
    def mode(self) -> str: ...
    @property
    def policy_sources(self) -> List[str]: ...
    @property
    def has_state(self) -> bool: ...
    @property
    def has_ledger(self) -> bool: ...
    def reload(
        self,
        *,
        policies: Optional[Sequence[_Path]] = None,
        yaml: Optional[str] = None,
        origin: Optional[str] = None,
        mode: Optional[str] = None,
    ) -> None: ...
    def flush(self) -> None: ...
    def approval(self, approval_id: str) -> Optional[Dict[str, Any]]: ...
    def list_approvals(
        self, *, status: Optional[str] = None, session: Optional[str] = None, limit: Optional[int] = None
    ) -> List[Dict[str, Any]]: ...
    def grant(self, approval_id: str, *, by: Optional[str] = None, note: Optional[str] = None) -> Dict[str, Any]: ...
    def deny_approval(
        self, approval_id: str, *, by: Optional[str] = None, note: Optional[str] = None
    ) -> Dict[str, Any]: ...
    def sessions(self) -> List[Dict[str, Any]]: ...
    def session(self, session_id: str) -> Optional[Dict[str, Any]]: ...
    def reset_session(self, session_id: str) -> bool: ...

def scan(text: str) -> Tuple[str, List[Dict[str, Any]]]: ...
def verify_ledger(path: _Path, pubkeys: Sequence[str]) -> Dict[str, Any]: ...
def keygen(directory: _Path, name: str = "ledger") -> Tuple[str, str, str]: ...
def builtin_policies() -> List[str]: ...
