"""Drop-in replacement for ``predicate_secure`` (predicate-secure 0.2), on portcullis.

Change ``from predicate_secure import SecureAgent`` to
``from portcullis.compat.predicate_secure import SecureAgent``::

    secure = SecureAgent(agent=my_agent, policy="policy.yaml", mode="strict")
    secure.run("task")             # the agent's tools are guarded while it runs

    authorize = secure.get_pre_action_authorizer()
    authorize({"action": "fs.delete", "resource": "/etc/passwd"})  # raises AuthorizationDenied

Modes map onto portcullis modes: ``strict`` → ``enforce`` (a refusal raises
``AuthorizationDenied``), ``permissive`` → ``observe`` (never blocks; ``would_decision`` records
what strict would do), ``debug`` → ``debug`` (enforce, plus a trace of every rule, printed to
the trace file or stderr), ``audit`` → ``audit`` (records only).

What ``SecureAgent`` guards:

- ``authorize(action, resource=None, **args)`` / ``get_pre_action_authorizer()``: one decision
  per request; a request is any object with ``action`` and ``resource`` attributes or keys (the
  original's ``ActionRequest``), decided as tool ``action`` with ``args={"resource": ...}``.
- ``run(task)`` / ``invoke(...)``: the wrapped agent runs with its tools guarded. Tools are found
  on the agent's ``tools`` attribute (a list of LangChain tools or plain callables) and swapped
  for guarded versions for the duration of the call; then ``run``/``invoke``/``__call__`` of the
  agent is called.
- ``wrap_tool(fn)``: one guarded callable (``portcullis.Guard.wrap``).

Differences from the original (portcullis is stricter where noted, and why):

- No policy given (and no ``PREDICATE_POLICY``/``PORTCULLIS_POLICY`` in the environment) means
  the portcullis default — ``./portcullis.yaml`` if present, else the built-in ``coding-agent``
  pack — not "allow everything". **Stricter**: an unconfigured guard must not be a no-op.
- The policy file is a portcullis policy (or an edictum ``Ruleset`` / agent-execution-guard
  ``policy.yaml``); predicate-authority's policy format is not read. A file that fails to load
  raises ``PolicyLoadError`` at construction (the original defers it to the first action).
- Decisions are local (no sidecar, no mandates); ``sidecar_url`` and ``signing_key`` are
  accepted and ignored. Signed audit goes to the portcullis ledger (``ledger=``, ``key=``).
- Framework detection is duck-typed (``tools`` attribute + ``run``/``invoke``/``__call__``):
  browser-use and Playwright page automation are not intercepted.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, TextIO, Union

from .. import _native
from .._errors import Blocked
from .._guard import Guard

__all__ = [
    "SecureAgent",
    "AuthorizationDenied",
    "VerificationFailed",
    "PolicyLoadError",
    "MODE_STRICT",
    "MODE_PERMISSIVE",
    "MODE_DEBUG",
    "MODE_AUDIT",
]

MODE_STRICT = "strict"
MODE_PERMISSIVE = "permissive"
MODE_DEBUG = "debug"
MODE_AUDIT = "audit"

_MODES = {
    MODE_STRICT: "enforce",
    MODE_PERMISSIVE: "observe",
    MODE_DEBUG: "debug",
    MODE_AUDIT: "audit",
}


class AuthorizationDenied(Exception):
    """An action was denied by the policy (strict and debug modes)."""

    def __init__(self, message: str, decision: Any = None):
        super().__init__(message)
        self.decision = decision


class VerificationFailed(Exception):
    """Post-execution verification failed (a tool result was denied by a post rule)."""

    def __init__(self, message: str, predicate: Optional[str] = None):
        super().__init__(message)
        self.predicate = predicate


class PolicyLoadError(Exception):
    """The policy file could not be loaded."""


class SecureAgent:
    """Wraps an agent so every action it takes is authorized by portcullis first."""

    def __init__(
        self,
        agent: Any,
        policy: Union[str, Path, None] = None,
        mode: str = MODE_STRICT,
        principal_id: Optional[str] = None,
        tenant_id: Optional[str] = None,
        session_id: Optional[str] = None,
        sidecar_url: Optional[str] = None,
        signing_key: Optional[str] = None,
        mandate_ttl_seconds: int = 300,
        trace_format: str = "console",
        trace_file: Union[str, Path, None] = None,
        trace_colors: bool = True,
        trace_verbose: bool = True,
        *,
        state: Optional[str] = "memory",
        ledger: Union[str, Path, None] = None,
        key: Union[str, Path, None] = None,
    ):
        if mode not in _MODES:
            raise ValueError(f"Invalid mode '{mode}'. Must be one of: {tuple(_MODES)}")
        self._agent = agent
        self._mode = mode
        self._policy = policy
        self.principal_id = principal_id or os.environ.get("PREDICATE_PRINCIPAL_ID") or "agent"
        self.tenant_id = tenant_id
        self.session_id = session_id
        self.trace_format = trace_format
        self.trace_file = trace_file
        self.trace_verbose = trace_verbose
        path = policy or os.environ.get("PREDICATE_POLICY") or os.environ.get("PORTCULLIS_POLICY")
        try:
            if path is None:
                self.guard = Guard.default(mode=_MODES[mode], state=state, ledger=ledger, key=key)
            else:
                self.guard = Guard.from_file(
                    os.fspath(path), mode=_MODES[mode], state=state, ledger=ledger, key=key
                )
        except _native.PolicyError as e:
            raise PolicyLoadError(f"Failed to load policy: {e}") from e
        except _native.PortcullisError as e:
            raise PolicyLoadError(f"Failed to set up the guard: {e}") from e

    # -- the original's properties ---------------------------------------------------------------

    @property
    def mode(self) -> str:
        """``strict``, ``permissive``, ``debug`` or ``audit``."""
        return self._mode

    @property
    def agent(self) -> Any:
        """The wrapped agent."""
        return self._agent

    @property
    def fail_closed(self) -> bool:
        """Whether refusals raise (strict and debug)."""
        return self._mode in (MODE_STRICT, MODE_DEBUG)

    @classmethod
    def attach(cls, agent: Any, **kwargs: Any) -> "SecureAgent":
        """Factory form: ``SecureAgent.attach(agent, policy=..., mode=...)``."""
        return cls(agent=agent, **kwargs)

    # -- authorization -------------------------------------------------------------------------

    def authorize(self, action: str, resource: Any = None, **args: Any) -> Any:
        """Decides one action; returns the ``portcullis.Decision``. In strict and debug modes a
        refusal raises ``AuthorizationDenied`` (with ``decision``)."""
        call_args: Dict[str, Any] = dict(args)
        if resource is not None:
            call_args.setdefault("resource", resource)
        d = self.guard.check(
            action,
            call_args,
            principal=self._principal(),
            session=self.session_id,
        )
        self._trace(action, d)
        if not d.allowed and self.fail_closed:
            raise AuthorizationDenied(f"Action denied: {d.reason}", decision=d)
        return d

    def get_pre_action_authorizer(self) -> Callable[[Any], Any]:
        """A callback for ``pre_action_authorizer=``: takes a request (object or dict with
        ``action`` and ``resource``) and returns the decision, or raises ``AuthorizationDenied``."""

        def authorizer(request: Any) -> Any:
            if isinstance(request, dict):
                action = request.get("action")
                resource = request.get("resource")
                extra = {k: v for k, v in request.items() if k not in ("action", "resource")}
            else:
                action = getattr(request, "action", None)
                resource = getattr(request, "resource", None)
                extra = {}
            if not isinstance(action, str) or not action:
                d = self.guard.check("<invalid request>", {"request": repr(request)})
                raise AuthorizationDenied("Action denied: request has no `action`", decision=d)
            return self.authorize(action, resource, **extra)

        return authorizer

    def wrap_tool(self, fn: Callable[..., Any], name: Optional[str] = None) -> Callable[..., Any]:
        """``fn`` guarded: decided first (redacted arguments passed on), result checked after.
        Strict/debug: a refusal raises ``AuthorizationDenied``; permissive/audit never block."""
        guarded = self.guard.wrap(
            fn, name=name, principal=self._principal(), session=self.session_id
        )
        return self._translate(guarded)

    # -- running the agent -----------------------------------------------------------------------

    def run(self, task: Optional[str] = None, **kwargs: Any) -> Any:
        """Runs the agent with its tools guarded (``agent.run(task)``, else ``invoke``, else
        calling it)."""
        for name in ("run", "invoke", "__call__"):
            fn = getattr(self._agent, name, None)
            if callable(fn):
                with self._guarded_tools():
                    return fn(task, **kwargs) if task is not None else fn(**kwargs)
        raise TypeError(f"cannot run agent of type `{type(self._agent).__name__}`")

    def invoke(self, *args: Any, **kwargs: Any) -> Any:
        """``agent.invoke(...)`` with its tools guarded."""
        with self._guarded_tools():
            return self._agent.invoke(*args, **kwargs)

    async def arun(self, task: Optional[str] = None, **kwargs: Any) -> Any:
        """Async ``run``: awaits ``agent.arun``/``ainvoke``/``run``."""
        for name in ("arun", "ainvoke", "run"):
            fn = getattr(self._agent, name, None)
            if callable(fn):
                with self._guarded_tools():
                    out = fn(task, **kwargs) if task is not None else fn(**kwargs)
                    if hasattr(out, "__await__"):
                        out = await out
                    return out
        raise TypeError(f"cannot run agent of type `{type(self._agent).__name__}`")

    def __repr__(self) -> str:
        return f"SecureAgent(mode={self._mode}, policy={self._policy or 'default'})"

    # -- helpers -------------------------------------------------------------------------------

    def _principal(self) -> Dict[str, Any]:
        p: Dict[str, Any] = {"agent": self.principal_id}
        if self.tenant_id:
            p["team"] = self.tenant_id
        return p

    def _translate(self, guarded: Callable[..., Any]) -> Callable[..., Any]:
        import functools
        import inspect

        if inspect.iscoroutinefunction(guarded):

            @functools.wraps(guarded)
            async def acall(*a: Any, **k: Any) -> Any:
                try:
                    return await guarded(*a, **k)
                except Blocked as e:
                    raise self._denied(e) from e

            return acall

        @functools.wraps(guarded)
        def call(*a: Any, **k: Any) -> Any:
            try:
                return guarded(*a, **k)
            except Blocked as e:
                raise self._denied(e) from e

        return call

    def _denied(self, e: Blocked) -> Exception:
        if e.decision.decision_id.endswith(".result"):
            return VerificationFailed(f"Result rejected: {e.reason}", predicate=",".join(e.rule_ids))
        return AuthorizationDenied(f"Action denied: {e.reason}", decision=e.decision)

    def _guarded_tools(self) -> "_SwapTools":
        return _SwapTools(self)

    def _trace(self, action: str, d: Any) -> None:
        if self._mode != MODE_DEBUG:
            return
        out: TextIO
        close = False
        if self.trace_file is not None:
            out = open(self.trace_file, "a", encoding="utf-8")
            close = True
        else:
            out = sys.stderr
        try:
            if self.trace_format == "json":
                out.write(d.to_json() + "\n")
            else:
                out.write(f"[portcullis] {action}: {d.decision} ({d.reason})\n")
                if self.trace_verbose:
                    for step in d.trace or []:
                        mark = "match" if step.get("matched") else "skip "
                        out.write(f"  {mark} {step.get('rule_id')}: {step.get('detail')}\n")
        finally:
            if close:
                out.close()


class _SwapTools:
    """Replaces ``agent.tools`` with guarded versions inside a ``with`` block."""

    def __init__(self, secure: SecureAgent) -> None:
        self._secure = secure
        self._saved: Optional[List[Any]] = None

    def __enter__(self) -> None:
        agent = self._secure.agent
        tools = getattr(agent, "tools", None)
        if not isinstance(tools, list):
            return
        self._saved = tools
        guarded = [self._guard_one(t) for t in tools]
        try:
            agent.tools = guarded
        except (AttributeError, TypeError, ValueError):
            self._saved = None

    def __exit__(self, *exc: Any) -> None:
        if self._saved is not None:
            try:
                self._secure.agent.tools = self._saved
            except (AttributeError, TypeError, ValueError):
                pass

    def _guard_one(self, tool: Any) -> Any:
        s = self._secure
        if _is_langchain_tool(tool):
            from ..integrations.langchain import guard_tool

            return guard_tool(
                s.guard,
                tool,
                principal=s._principal(),
                session=s.session_id,
                on_block="raise" if s.fail_closed else "message",
            )
        if callable(tool):
            return s.wrap_tool(tool)
        return tool


def _is_langchain_tool(tool: Any) -> bool:
    try:
        from langchain_core.tools import BaseTool
    except ImportError:
        return False
    return isinstance(tool, BaseTool)
