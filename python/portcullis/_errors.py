"""Exceptions raised by ``Guard.enforce`` and wrapped tools."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, List, Optional

from ._native import ConfigError, LedgerError, PolicyError, PortcullisError, StoreError

if TYPE_CHECKING:
    from ._native import Decision

__all__ = [
    "PortcullisError",
    "PolicyError",
    "ConfigError",
    "StoreError",
    "LedgerError",
    "Blocked",
    "Denied",
    "ApprovalRequired",
    "Terminated",
    "block_message",
]


class Blocked(PortcullisError):
    """A tool call may not run. Base class of ``Denied``, ``ApprovalRequired``, ``Terminated``.

    ``decision`` is the full ``Decision``; ``reason``, ``rule_ids`` and ``code`` are copied from it
    for convenience. The message never contains a raw secret (reasons are redacted).
    """

    code = "blocked"

    def __init__(self, decision: "Decision", message: Optional[str] = None) -> None:
        self.decision = decision
        self.reason: str = decision.reason
        self.rule_ids: List[str] = list(decision.rule_ids)
        self.tool_decision: str = decision.decision
        super().__init__(message or f"{decision.decision}: {decision.reason}")


class Denied(Blocked):
    """The policy denies the call (``decision == "deny"``)."""

    code = "denied"


class Terminated(Denied):
    """The session is terminated: this call and every later call in it are refused until an
    operator resets the session (``guard.reset_session(id)`` or ``portcullis sessions reset``)."""

    code = "terminated"


class ApprovalRequired(Blocked):
    """The call needs a human's approval first.

    ``approval_id`` names the pending approval; grant it with ``guard.approvals.grant(id)`` (or
    ``portcullis approvals grant ID``) and submit the *same* call again: it is then allowed once.
    ``deadline`` is when the approval expires (UTC), or ``None`` if the guard keeps no state.
    """

    code = "approval_required"

    def __init__(self, decision: "Decision", deadline: Optional[datetime] = None) -> None:
        self.approval_id: Optional[str] = decision.approval_id
        self.approver: Optional[str] = decision.approver
        self.deadline = deadline
        when = f" before {deadline.isoformat()}" if deadline is not None else ""
        who = f" by {decision.approver}" if decision.approver else ""
        super().__init__(
            decision,
            f"approval required{who}{when} (approval {decision.approval_id}): {decision.reason}",
        )


def block_message(decision: "Decision") -> str:
    """The text a model receives for a blocked tool call (adapters send it as the tool output)."""
    msg = f"blocked by portcullis ({decision.decision}): {decision.reason}"
    if decision.decision == "require_approval" and decision.approval_id:
        msg += f" [approval {decision.approval_id} is pending; try again once it is granted]"
    return msg


for _cls in (Blocked, Denied, Terminated, ApprovalRequired):
    _cls.__module__ = "portcullis"
del _cls
