"""``Guard``: the Python face of the Rust guard, plus ``enforce``, tool wrapping and approvals."""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import enum
import functools
import inspect
import os
from datetime import date, datetime, timezone
from typing import (
    Any,
    Callable,
    Dict,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    TypeVar,
    Union,
    overload,
)

from . import _native
from ._errors import ApprovalRequired, Denied, Terminated
from ._native import Decision
from ._types import Approval, KeyPair, ScanResult, Secret, SessionInfo, VerifyReport

__all__ = ["Guard", "Approvals", "Ledger", "scan", "jsonable"]

PathLike = Union[str, "os.PathLike[str]"]
F = TypeVar("F", bound=Callable[..., Any])

_MAX_JSONABLE_DEPTH = 64

# Who is calling, for wrapped tools that were not given a principal/session of their own
# (set with ``guard.bind(...)``; contextvars follow threads' and tasks' own contexts).
_BOUND: contextvars.ContextVar[Optional[Dict[str, Any]]] = contextvars.ContextVar(
    "portcullis_bound", default=None
)


class Guard(_native.Guard):
    """Decides tool calls before they run, from a policy (see ``docs/python.md``).

    Build one with ``Guard.from_file(path)``, ``Guard.from_yaml(text)`` or ``Guard.default()``;
    every constructor takes the same keyword options:

    - ``mode``: ``"enforce"`` (block), ``"observe"`` (never block, record what enforce would
      do), ``"audit"`` (record only) or ``"debug"`` (enforce plus a trace of every rule). Overrides
      the policy's own ``defaults.mode``.
    - ``state``: where sessions and approvals live: ``"memory"`` (default, this process),
      ``"default"`` (the SQLite file the CLI and hooks share), a SQLite file path, or ``None``
      (stateless: no sessions, no approvals).
    - ``ledger`` and ``key``: append every decision to a signed, hash-chained ledger
      (make a key with ``Ledger.keygen(dir)`` or ``portcullis keygen``).
    - ``fsync``, ``audit_file``, ``audit_stdout``, ``trace``: as the CLI flags of those names.

    ``check`` returns a ``Decision`` and never raises for a refusal; ``enforce`` raises
    ``Denied``, ``ApprovalRequired`` or ``Terminated``. Decisions run without the GIL.
    """

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def from_file(
        cls,
        path: Union[PathLike, Sequence[PathLike]],
        *,
        mode: Optional[str] = None,
        state: Optional[str] = "memory",
        ledger: Optional[PathLike] = None,
        key: Optional[PathLike] = None,
        fsync: Optional[str] = None,
        audit_file: Optional[PathLike] = None,
        audit_stdout: bool = False,
        trace: bool = False,
    ) -> "Guard":
        """A guard for the policy file(s) at ``path`` (a list composes them in order).

        ``"builtin:coding-agent"`` names the built-in pack. Raises ``PolicyError`` (with
        ``diagnostics``: file, line, column, help) when the policy is invalid.
        """
        paths = [path] if isinstance(path, (str, os.PathLike)) else list(path)
        return cls(
            policies=[os.fspath(p) for p in paths],
            mode=mode,
            state=_state(state),
            ledger=_opt_path(ledger),
            key=_opt_path(key),
            fsync=fsync,
            audit_file=_opt_path(audit_file),
            audit_stdout=audit_stdout,
            trace=trace,
        )

    @classmethod
    def from_yaml(
        cls,
        text: str,
        *,
        origin: str = "<yaml>",
        mode: Optional[str] = None,
        state: Optional[str] = "memory",
        ledger: Optional[PathLike] = None,
        key: Optional[PathLike] = None,
        fsync: Optional[str] = None,
        audit_file: Optional[PathLike] = None,
        audit_stdout: bool = False,
        trace: bool = False,
    ) -> "Guard":
        """A guard for policy text (native ``portcullis/v1``, edictum ``Ruleset`` or an
        agent-execution-guard ``policy.yaml``). ``origin`` names it in load errors."""
        return cls(
            yaml=text,
            origin=origin,
            mode=mode,
            state=_state(state),
            ledger=_opt_path(ledger),
            key=_opt_path(key),
            fsync=fsync,
            audit_file=_opt_path(audit_file),
            audit_stdout=audit_stdout,
            trace=trace,
        )

    @classmethod
    def default(
        cls,
        *,
        mode: Optional[str] = None,
        state: Optional[str] = "memory",
        ledger: Optional[PathLike] = None,
        key: Optional[PathLike] = None,
    ) -> "Guard":
        """The policy the CLI would use: ``./portcullis.yaml`` if it exists, else
        ``builtin:coding-agent``."""
        return cls(
            mode=mode, state=_state(state), ledger=_opt_path(ledger), key=_opt_path(key)
        )

    def __enter__(self) -> "Guard":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.flush()

    # -- deciding -----------------------------------------------------------------------------

    def enforce(
        self,
        tool: str,
        args: Optional[Mapping[str, Any]] = None,
        *,
        principal: Optional[Mapping[str, Any]] = None,
        session: Optional[str] = None,
        environment: Optional[str] = None,
        context: Optional[Mapping[str, Any]] = None,
        resource: Optional[Mapping[str, Any]] = None,
        result: Any = None,
        action_id: Optional[str] = None,
    ) -> Decision:
        """Like ``check``, but raises unless the call may run.

        Returns the decision when it is ``allow``, ``alert`` or ``redact`` (then run the tool
        with ``decision.redacted_args``). Raises ``Denied`` (deny), ``ApprovalRequired``
        (require_approval; carries ``approval_id`` and ``deadline``) or ``Terminated``.
        """
        kw: Dict[str, Any] = {
            "principal": principal,
            "session": session,
            "environment": environment,
            "context": context,
            "resource": resource,
            "action_id": action_id,
        }
        if result is not None:
            kw["result"] = result
        d = self.check(tool, args, **kw)
        self.raise_for(d)
        return d

    def raise_for(self, decision: Decision) -> None:
        """Raises the exception ``enforce`` would raise for ``decision``; returns if allowed."""
        if decision.allowed:
            return
        if decision.decision == "require_approval":
            raise ApprovalRequired(decision, self._deadline(decision.approval_id))
        if decision.decision == "terminate":
            raise Terminated(decision)
        raise Denied(decision)

    def _deadline(self, approval_id: Optional[str]) -> Optional[datetime]:
        if approval_id is None or not self.has_state:
            return None
        a = self.approval(approval_id)
        if a is None:
            return None
        return datetime.fromtimestamp(a["deadline_ms"] / 1000.0, tz=timezone.utc)

    @contextlib.contextmanager
    def bind(
        self,
        *,
        principal: Optional[Mapping[str, Any]] = None,
        session: Optional[str] = None,
        environment: Optional[str] = None,
        context: Optional[Mapping[str, Any]] = None,
    ) -> Iterator[None]:
        """Sets who is calling for wrapped tools inside the ``with`` block (per thread and
        per asyncio task): tools wrapped without their own ``principal``/``session`` use these.

        >>> with guard.bind(session="run-42", principal={"agent": "researcher"}):
        ...     agent.run()  # every guarded tool call is decided as run-42 / researcher
        """
        token = _BOUND.set(
            {
                "principal": dict(principal) if principal is not None else None,
                "session": session,
                "environment": environment,
                "context": dict(context) if context is not None else None,
            }
        )
        try:
            yield
        finally:
            _BOUND.reset(token)

    # -- wrapping tools -----------------------------------------------------------------------

    @overload
    def tool(self, fn: F) -> F: ...

    @overload
    def tool(
        self,
        fn: None = None,
        *,
        name: Optional[str] = None,
        principal: Optional[Mapping[str, Any]] = None,
        session: Optional[str] = None,
        environment: Optional[str] = None,
        context: Optional[Mapping[str, Any]] = None,
        check_result: bool = True,
    ) -> Callable[[F], F]: ...

    def tool(
        self,
        fn: Optional[F] = None,
        *,
        name: Optional[str] = None,
        principal: Optional[Mapping[str, Any]] = None,
        session: Optional[str] = None,
        environment: Optional[str] = None,
        context: Optional[Mapping[str, Any]] = None,
        check_result: bool = True,
    ) -> Any:
        """Decorator form of ``wrap``: ``@guard.tool`` or ``@guard.tool(name="shell")``."""

        def deco(f: F) -> F:
            return self.wrap(
                f,
                name=name,
                principal=principal,
                session=session,
                environment=environment,
                context=context,
                check_result=check_result,
            )

        return deco(fn) if fn is not None else deco

    def wrap(
        self,
        fn: F,
        *,
        name: Optional[str] = None,
        principal: Optional[Mapping[str, Any]] = None,
        session: Optional[str] = None,
        environment: Optional[str] = None,
        context: Optional[Mapping[str, Any]] = None,
        check_result: bool = True,
    ) -> F:
        """Returns ``fn`` guarded: every call is decided first, as tool ``name`` (default:
        the function's name) with the call's arguments by parameter name.

        - not allowed: raises ``Denied`` / ``ApprovalRequired`` / ``Terminated``; ``fn`` does
          not run;
        - ``redact``: ``fn`` receives the redacted arguments (secrets replaced by
          ``[REDACTED:<kind>]``);
        - after it ran, its result is checked (``post`` rules, secrets in the output) unless
          ``check_result=False``: a denied result raises ``Denied``, a redacted one is returned
          redacted.

        Works for ``async def`` functions too (the wrapper is then a coroutine function).
        """
        tool_name = name or getattr(fn, "__name__", None) or "tool"
        sig = _signature(fn)
        fixed = {
            "principal": dict(principal) if principal is not None else None,
            "session": session,
            "environment": environment,
            "context": dict(context) if context is not None else None,
        }

        def before(args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> Tuple[Any, Any, Any, Dict[str, Any]]:
            bound, call_args = _bind(sig, args, kwargs)
            who = _who(fixed)
            d = self.check(tool_name, call_args, **who)
            self.raise_for(d)
            if d.decision == "redact":
                redacted = d.redacted_args
                if redacted is not None:
                    _apply_redactions(sig, bound, call_args, redacted)
                    call_args = redacted
            return bound, d, call_args, who

        def after(d: Decision, call_args: Dict[str, Any], who: Dict[str, Any], result: Any) -> Any:
            if not check_result:
                return result
            post = self.check_result(
                tool_name,
                call_args,
                jsonable(result),
                pre_decision_id=d.decision_id,
                **who,
            )
            self.raise_for(post)
            if post.decision == "redact":
                red = post.redacted_result
                if red is not None:
                    return red
            return result

        if inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def async_guarded(*args: Any, **kwargs: Any) -> Any:
                bound, d, call_args, who = before(args, kwargs)
                result = await fn(*bound.args, **bound.kwargs)
                return after(d, call_args, who, result)

            async_guarded.__portcullis_tool__ = tool_name  # type: ignore[attr-defined]
            return async_guarded  # type: ignore[return-value]

        @functools.wraps(fn)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            bound, d, call_args, who = before(args, kwargs)
            result = fn(*bound.args, **bound.kwargs)
            return after(d, call_args, who, result)

        guarded.__portcullis_tool__ = tool_name  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    # -- approvals, sessions, scanning ----------------------------------------------------------

    @property
    def approvals(self) -> "Approvals":
        """Pending and decided approvals: ``list``, ``get``, ``grant``, ``deny``."""
        return Approvals(self)

    def session_info(self, session_id: str) -> Optional[SessionInfo]:
        """One session's counters, severity and termination, or ``None``."""
        d = self.session(session_id)
        return SessionInfo._from(d) if d is not None else None

    def scan(self, text: str) -> ScanResult:
        """Finds secrets in ``text`` (the detectors the policy's ``secrets.*`` selectors use)."""
        return scan(text)


class Approvals:
    """The approvals of a guard's store (``guard.approvals``)."""

    def __init__(self, guard: Guard) -> None:
        self._guard = guard

    def list(
        self,
        status: Optional[str] = None,
        *,
        session: Optional[str] = None,
        limit: Optional[int] = None,
    ) -> List[Approval]:
        """Approvals, newest first; ``status`` is ``pending``, ``granted``, ``denied``,
        ``consumed`` or ``expired``."""
        rows = self._guard.list_approvals(status=status, session=session, limit=limit)
        return [Approval._from(r) for r in rows]

    def pending(self, *, session: Optional[str] = None) -> List[Approval]:
        """Approvals waiting for a human."""
        return self.list("pending", session=session)

    def get(self, approval_id: str) -> Optional[Approval]:
        """One approval, or ``None``."""
        d = self._guard.approval(approval_id)
        return Approval._from(d) if d is not None else None

    def grant(self, approval_id: str, *, by: Optional[str] = None, note: Optional[str] = None) -> Approval:
        """Grants a pending approval: the same call, submitted again before the deadline, is
        allowed once. Raises ``StoreError`` (code ``approval_not_found`` /
        ``approval_not_pending``) otherwise."""
        return Approval._from(self._guard.grant(approval_id, by=by, note=note))

    def deny(self, approval_id: str, *, by: Optional[str] = None, note: Optional[str] = None) -> Approval:
        """Refuses a pending approval for good: the call stays denied."""
        return Approval._from(self._guard.deny_approval(approval_id, by=by, note=note))

    def __iter__(self) -> Iterator[Approval]:
        return iter(self.list())

    def __len__(self) -> int:
        return len(self.list())


class Ledger:
    """The signed decision ledger: verification and keys."""

    @staticmethod
    def verify(path: PathLike, pubkeys: Union[PathLike, Sequence[PathLike]]) -> VerifyReport:
        """Verifies a ledger file with one or more public keys (file paths, or the key text:
        64 hex digits, a PEM block or an ``ssh-ed25519`` line). Never raises for a damaged
        ledger: ``report.ok`` is false and ``report.failure`` says where. Raises
        ``LedgerError`` when a key cannot be read."""
        keys = [pubkeys] if isinstance(pubkeys, (str, os.PathLike)) else list(pubkeys)
        return VerifyReport._from(
            _native.verify_ledger(os.fspath(path), [os.fspath(k) for k in keys])
        )

    @staticmethod
    def keygen(directory: PathLike, name: str = "ledger") -> KeyPair:
        """Writes ``DIRECTORY/NAME.key`` (private, mode 0600) and ``DIRECTORY/NAME.pub``."""
        priv, pub, key_id = _native.keygen(os.fspath(directory), name)
        return KeyPair(os.fspath(priv), os.fspath(pub), key_id)


def scan(text: str) -> ScanResult:
    """Finds secrets (cloud keys, tokens, private keys, passwords in assignments…) in text.

    ``result.secrets[i].start/end`` index ``text``; ``result.redacted`` is the text with each
    secret replaced by ``[REDACTED:<kind>]``.
    """
    redacted, matches = _native.scan(text)
    return ScanResult([Secret(**m) for m in matches], redacted)


def jsonable(value: Any, _depth: int = 0) -> Any:
    """Converts a tool's argument or result to what the guard can check: dataclasses and
    pydantic models become dicts, paths and other objects their ``str``, sets and generators
    lists. JSON values are returned as they are."""
    if value is None or isinstance(value, (str, bool, int, float, bytes)):
        return value
    if _depth > _MAX_JSONABLE_DEPTH:
        raise ValueError(f"value nests deeper than {_MAX_JSONABLE_DEPTH} levels")
    n = _depth + 1
    if isinstance(value, Mapping):
        return {str(k): jsonable(v, n) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v, n) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value), n)
    dump = getattr(value, "model_dump", None)  # pydantic v2
    if callable(dump):
        try:
            return jsonable(dump(mode="json"), n)
        except TypeError:
            return jsonable(dump(), n)
    if isinstance(value, enum.Enum):
        return jsonable(value.value, n)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    content = getattr(value, "content", None)  # LangChain messages and similar
    if isinstance(content, str):
        return content
    return str(value)


# -- helpers -----------------------------------------------------------------------------------


def _state(state: Optional[str]) -> Optional[str]:
    return os.fspath(state) if state is not None else None


def _opt_path(p: Optional[PathLike]) -> Optional[str]:
    return os.fspath(p) if p is not None else None


def _who(fixed: Dict[str, Any]) -> Dict[str, Any]:
    bound = _BOUND.get()
    if bound is None:
        return {k: v for k, v in fixed.items() if v is not None}
    out = {}
    for k in ("principal", "session", "environment", "context"):
        v = fixed.get(k)
        out[k] = v if v is not None else bound.get(k)
    return {k: v for k, v in out.items() if v is not None}


def _signature(fn: Callable[..., Any]) -> Optional[inspect.Signature]:
    try:
        return inspect.signature(fn)
    except (TypeError, ValueError):
        return None


def _bind(
    sig: Optional[inspect.Signature], args: Tuple[Any, ...], kwargs: Dict[str, Any]
) -> Tuple[Any, Dict[str, Any]]:
    """The bound arguments and the tool's ``args`` object (by parameter name)."""
    call: Dict[str, Any] = {}
    if sig is None:
        call.update({f"arg{i}": jsonable(a) for i, a in enumerate(args)})
        call.update({k: jsonable(v) for k, v in kwargs.items()})
        return _Unbound(args, kwargs), call
    bound = sig.bind(*args, **kwargs)
    bound.apply_defaults()
    first = True
    for pname, value in bound.arguments.items():
        param = sig.parameters[pname]
        if first and pname in ("self", "cls"):
            first = False
            continue
        first = False
        if param.kind is inspect.Parameter.VAR_KEYWORD:
            for k, v in value.items():
                call[k] = jsonable(v)
        else:
            call[pname] = jsonable(value)
    return bound, call


class _Unbound:
    """Stands in for ``BoundArguments`` when a callable has no readable signature."""

    def __init__(self, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> None:
        self.args = args
        self.kwargs = kwargs


def _apply_redactions(
    sig: Optional[inspect.Signature],
    bound: Any,
    call_args: Dict[str, Any],
    redacted: Mapping[str, Any],
) -> None:
    """Puts the redacted value of every changed argument back into the bound call."""
    changed = {k: v for k, v in redacted.items() if call_args.get(k) != v}
    if not changed:
        return
    if sig is None or isinstance(bound, _Unbound):
        args = list(bound.args)
        for k, v in changed.items():
            if k.startswith("arg") and k[3:].isdigit() and int(k[3:]) < len(args):
                args[int(k[3:])] = v
            elif k in bound.kwargs:
                bound.kwargs[k] = v
        bound.args = tuple(args)
        return
    var_kw = next(
        (p.name for p in sig.parameters.values() if p.kind is inspect.Parameter.VAR_KEYWORD),
        None,
    )
    for k, v in changed.items():
        if k in bound.arguments and k in sig.parameters:
            bound.arguments[k] = v
        elif var_kw is not None and k in bound.arguments.get(var_kw, {}):
            bound.arguments[var_kw][k] = v
