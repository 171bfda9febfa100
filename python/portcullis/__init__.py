"""portcullis: an execution guard for AI agents.

Every tool call an agent proposes — a shell command, a file read or write, an HTTP request, SQL,
an MCP call, a payment — is decided before it runs: ``allow``, ``deny``, ``require_approval``,
``redact``, ``alert`` or ``terminate``, from a YAML policy plus built-in detectors (a real shell
parser, path, secret, egress and SQL detectors). The engine is the Rust one the ``portcullis``
CLI, hooks, MCP proxy and sidecar use, so a policy decides the same everywhere.

>>> import portcullis
>>> guard = portcullis.Guard.from_file("builtin:coding-agent")
>>> guard.check("Bash", {"command": "rm -rf ~"}).decision
'deny'
>>> bool(guard.check("Bash", {"command": "ls -la"}).allowed)
True

See ``docs/python.md`` for wrapping tools, approvals, the ledger, LangChain and the OpenAI
Agents SDK, and the drop-in ``portcullis.compat`` modules.
"""

from __future__ import annotations

from ._errors import (
    ApprovalRequired,
    Blocked,
    ConfigError,
    Denied,
    LedgerError,
    PolicyError,
    PortcullisError,
    StoreError,
    Terminated,
)
from ._guard import Approvals, Guard, Ledger, jsonable, scan
from ._native import Decision, Finding, __version__, builtin_policies
from ._types import Approval, KeyPair, ScanResult, Secret, SessionInfo, VerifyReport

EFFECTS = ("allow", "alert", "redact", "require_approval", "deny", "terminate")
"""Every decision word, weakest first (the strongest matching rule wins)."""

MODES = ("enforce", "observe", "audit", "debug")
"""Every mode."""

__all__ = [
    "Guard",
    "Decision",
    "Finding",
    "Approvals",
    "Approval",
    "SessionInfo",
    "Ledger",
    "VerifyReport",
    "KeyPair",
    "scan",
    "ScanResult",
    "Secret",
    "jsonable",
    "builtin_policies",
    "PortcullisError",
    "PolicyError",
    "ConfigError",
    "StoreError",
    "LedgerError",
    "Blocked",
    "Denied",
    "ApprovalRequired",
    "Terminated",
    "EFFECTS",
    "MODES",
    "__version__",
]
