"""OpenAI Agents SDK adapter: portcullis as tool guardrails (``pip install openai-agents``).

::

    from agents import Agent, function_tool
    from portcullis.integrations.openai_agents import guard_function_tool

    @function_tool
    def run_shell(command: str) -> str: ...

    agent = Agent(name="ops", tools=[guard_function_tool(guard, run_shell, name="Bash")])

``guard_function_tool`` attaches a tool *input* guardrail (the call is decided before the tool
runs; a refusal sends ``blocked by portcullis (deny): <reason>`` to the model instead, and the
run goes on), a tool *output* guardrail (``post`` rules and secrets in the output; a redacted
output replaces the real one) and makes the tool receive the redacted arguments when the
decision is ``redact``. ``on_block="raise"`` halts the run instead
(``ToolInputGuardrailTripwireTriggered``).

``tool_input_guardrail(guard)`` / ``tool_output_guardrail(guard)`` are the guardrails alone, for
``@function_tool(tool_input_guardrails=[...])``. Alone, the input guardrail cannot hand redacted
arguments to the tool, so it rejects a ``redact`` decision (fail closed); use
``guard_function_tool`` to run such calls with the secrets replaced.
"""

from __future__ import annotations

import collections
import copy
import json
import threading
from typing import Any, Dict, Mapping, Optional

from agents import (
    FunctionTool,
    ToolGuardrailFunctionOutput,
    ToolInputGuardrail,
    ToolInputGuardrailData,
    ToolOutputGuardrail,
    ToolOutputGuardrailData,
)

from .._guard import Guard, _who, jsonable
from .._errors import block_message

__all__ = ["guard_function_tool", "tool_input_guardrail", "tool_output_guardrail", "block_message"]

_MAX_PENDING = 10_000


class _Pending:
    """Decisions of input guardrails, by tool call id, for the invoker and the output guardrail."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._d: "collections.OrderedDict[str, Any]" = collections.OrderedDict()

    def put(self, call_id: str, decision: Any) -> None:
        with self._lock:
            self._d[call_id] = decision
            while len(self._d) > _MAX_PENDING:
                self._d.popitem(last=False)

    def get(self, call_id: str) -> Any:
        with self._lock:
            return self._d.get(call_id)

    def pop(self, call_id: str) -> Any:
        with self._lock:
            return self._d.pop(call_id, None)


def _fixed(
    principal: Optional[Mapping[str, Any]],
    session: Optional[str],
    environment: Optional[str],
    context: Optional[Mapping[str, Any]],
) -> Dict[str, Any]:
    return {
        "principal": dict(principal) if principal is not None else None,
        "session": session,
        "environment": environment,
        "context": dict(context) if context is not None else None,
    }


def _args_of(tool_arguments: Optional[str]) -> Any:
    try:
        v = json.loads(tool_arguments or "{}")
    except ValueError:
        return None
    return v if isinstance(v, dict) else None


def _build_input(
    guard: Guard,
    fixed: Dict[str, Any],
    name_map: Optional[Dict[str, str]],
    on_block: str,
    pending: Optional[_Pending],
    guardrail_name: str,
) -> ToolInputGuardrail[Any]:
    def run(data: ToolInputGuardrailData) -> ToolGuardrailFunctionOutput:
        ctx = data.context
        tool = (name_map or {}).get(ctx.tool_name, ctx.tool_name)
        args = _args_of(ctx.tool_arguments)
        if args is None:
            # Fail closed: arguments that are not a JSON object cannot be decided.
            d = guard.check(tool, {"unparsed_arguments": str(ctx.tool_arguments)[:4096]}, **_who(fixed))
            return _refuse(d, on_block, "arguments are not a JSON object")
        d = guard.check(tool, args, **_who(fixed))
        if not d.allowed:
            return _refuse(d, on_block)
        if d.decision == "redact" and pending is None:
            return _refuse(
                d,
                on_block,
                "arguments hold secrets and this tool cannot receive redacted arguments "
                "(wrap it with guard_function_tool)",
            )
        if pending is not None:
            pending.put(ctx.tool_call_id, d)
        return ToolGuardrailFunctionOutput.allow(output_info=d.to_dict())

    return ToolInputGuardrail(guardrail_function=run, name=guardrail_name)


def _build_output(
    guard: Guard,
    fixed: Dict[str, Any],
    name_map: Optional[Dict[str, str]],
    on_block: str,
    pending: Optional[_Pending],
    guardrail_name: str,
) -> ToolOutputGuardrail[Any]:
    def run(data: ToolOutputGuardrailData) -> ToolGuardrailFunctionOutput:
        ctx = data.context
        tool = (name_map or {}).get(ctx.tool_name, ctx.tool_name)
        pre = pending.pop(ctx.tool_call_id) if pending is not None else None
        args = _args_of(ctx.tool_arguments) or {}
        if pre is not None and pre.redacted_args is not None:
            args = pre.redacted_args
        pre_id = pre.decision_id if pre is not None else f"agents.{ctx.tool_call_id}"
        post = guard.check_result(tool, args, jsonable(data.output), pre_decision_id=pre_id, **_who(fixed))
        if not post.allowed:
            return _refuse(post, on_block)
        if post.decision == "redact" and post.redacted_result is not None:
            red = post.redacted_result
            text = red if isinstance(red, str) else json.dumps(red)
            # reject_content replaces the output the model sees: here, with the redacted output.
            return ToolGuardrailFunctionOutput.reject_content(text, output_info=post.to_dict())
        return ToolGuardrailFunctionOutput.allow(output_info=post.to_dict())

    return ToolOutputGuardrail(guardrail_function=run, name=guardrail_name)


def _refuse(d: Any, on_block: str, why: Optional[str] = None) -> ToolGuardrailFunctionOutput:
    if on_block == "raise":
        return ToolGuardrailFunctionOutput.raise_exception(output_info=d.to_dict())
    msg = block_message(d)
    if why:
        msg += f" ({why})"
    return ToolGuardrailFunctionOutput.reject_content(msg, output_info=d.to_dict())


def tool_input_guardrail(
    guard: Guard,
    *,
    name: Optional[str] = None,
    principal: Optional[Mapping[str, Any]] = None,
    session: Optional[str] = None,
    environment: Optional[str] = None,
    context: Optional[Mapping[str, Any]] = None,
    on_block: str = "reject",
) -> ToolInputGuardrail[Any]:
    """A tool input guardrail deciding each call with ``guard`` (tool name as the model calls
    it, or ``name`` for every tool it guards)."""
    _check_on_block(on_block)
    fixed = _fixed(principal, session, environment, context)
    name_map = _AllTo(name) if name else None
    return _build_input(guard, fixed, name_map, on_block, None, "portcullis")


def tool_output_guardrail(
    guard: Guard,
    *,
    name: Optional[str] = None,
    principal: Optional[Mapping[str, Any]] = None,
    session: Optional[str] = None,
    environment: Optional[str] = None,
    context: Optional[Mapping[str, Any]] = None,
    on_block: str = "reject",
) -> ToolOutputGuardrail[Any]:
    """A tool output guardrail checking each result with ``guard`` (post rules, secrets)."""
    _check_on_block(on_block)
    fixed = _fixed(principal, session, environment, context)
    name_map = _AllTo(name) if name else None
    return _build_output(guard, fixed, name_map, on_block, None, "portcullis-output")


def guard_function_tool(
    guard: Guard,
    tool: FunctionTool,
    *,
    name: Optional[str] = None,
    principal: Optional[Mapping[str, Any]] = None,
    session: Optional[str] = None,
    environment: Optional[str] = None,
    context: Optional[Mapping[str, Any]] = None,
    on_block: str = "reject",
    check_result: bool = True,
) -> FunctionTool:
    """A copy of ``tool`` guarded by ``guard`` (see the module docs). ``name`` is the tool name
    the policy sees (default: the tool's own name)."""
    _check_on_block(on_block)
    fixed = _fixed(principal, session, environment, context)
    name_map = {tool.name: name} if name else None
    pending = _Pending()
    guarded = copy.copy(tool)
    inner = tool.on_invoke_tool
    ig = _build_input(guard, fixed, name_map, on_block, pending, "portcullis")
    guarded.tool_input_guardrails = [ig, *(tool.tool_input_guardrails or [])]
    if check_result:
        og = _build_output(guard, fixed, name_map, on_block, pending, "portcullis-output")
        guarded.tool_output_guardrails = [og, *(tool.tool_output_guardrails or [])]

    async def invoke(ctx: Any, arguments: str) -> Any:
        d = pending.get(getattr(ctx, "tool_call_id", ""))
        if d is None:
            # The input guardrail did not run for this call (a runner that skips tool
            # guardrails): decide here, fail closed.
            args = _args_of(arguments)
            d = guard.check(
                (name_map or {}).get(tool.name, tool.name),
                args if args is not None else {"unparsed_arguments": arguments[:4096]},
                **_who(fixed),
            )
            if not d.allowed or args is None:
                return block_message(d)
        if d.decision == "redact" and d.redacted_args is not None:
            arguments = json.dumps(d.redacted_args)
        return await inner(ctx, arguments)

    guarded.on_invoke_tool = invoke
    return guarded


class _AllTo(dict):  # type: ignore[type-arg]
    """A name map sending every tool name to one policy tool name."""

    def __init__(self, target: str) -> None:
        super().__init__()
        self._target = target

    def get(self, key: Any, default: Any = None) -> Any:  # noqa: D401
        return self._target


def _check_on_block(on_block: str) -> None:
    if on_block not in ("reject", "raise"):
        raise ValueError("on_block must be 'reject' or 'raise'")
