"""LangChain adapter: guard any ``BaseTool`` (``pip install langchain-core``).

::

    from portcullis.integrations.langchain import guard_tools
    tools = guard_tools(guard, [shell_tool, search_tool], session="run-1")
    # use `tools` wherever the agent takes tools (bind_tools, create_agent, ToolNode, ...)

Each call is decided by the guard first, as tool ``tool.name`` with the call's arguments:

- not allowed: the tool does not run. By default (``on_block="message"``) the model receives a
  tool message ``blocked by portcullis (deny): <reason>`` with status ``error`` and the agent
  goes on (LangChain's ``ToolException`` handling); ``on_block="raise"`` raises
  ``portcullis.Denied`` / ``ApprovalRequired`` / ``Terminated`` out of the agent instead;
- ``redact``: the tool receives the redacted arguments;
- after it ran, the output is checked (``post`` rules, secrets) and returned redacted, or
  replaced by the block message when a post rule denies it.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence

from langchain_core.tools import BaseTool, StructuredTool, ToolException

from .._errors import Blocked, block_message
from .._guard import Guard, _who, jsonable

__all__ = ["guard_tool", "guard_tools", "block_message"]


def guard_tool(
    guard: Guard,
    tool: BaseTool,
    *,
    name: Optional[str] = None,
    principal: Optional[Mapping[str, Any]] = None,
    session: Optional[str] = None,
    environment: Optional[str] = None,
    context: Optional[Mapping[str, Any]] = None,
    on_block: str = "message",
    check_result: bool = True,
) -> BaseTool:
    """Returns a tool with the same name, description and argument schema as ``tool`` whose
    calls are decided by ``guard`` first (see the module docs). ``name`` overrides the tool
    name the policy sees (e.g. ``"Bash"`` to reuse the built-in shell rules)."""
    if on_block not in ("message", "raise"):
        raise ValueError("on_block must be 'message' or 'raise'")
    policy_name = name or tool.name
    fixed: Dict[str, Any] = {
        "principal": dict(principal) if principal is not None else None,
        "session": session,
        "environment": environment,
        "context": dict(context) if context is not None else None,
    }

    def blocked(d: Any) -> Any:
        if on_block == "raise":
            guard.raise_for(d)
        raise ToolException(block_message(d))

    def before(kwargs: Dict[str, Any]) -> Any:
        who = _who(fixed)
        call_args = jsonable(kwargs)
        d = guard.check(policy_name, call_args, **who)
        if not d.allowed:
            blocked(d)
        run_args = kwargs
        if d.decision == "redact" and d.redacted_args is not None:
            run_args = d.redacted_args
            call_args = d.redacted_args
        return d, call_args, run_args, who

    def after(d: Any, call_args: Dict[str, Any], who: Dict[str, Any], out: Any) -> Any:
        if not check_result:
            return out
        post = guard.check_result(
            policy_name, call_args, jsonable(out), pre_decision_id=d.decision_id, **who
        )
        if not post.allowed:
            blocked(post)
        if post.decision == "redact" and post.redacted_result is not None:
            return post.redacted_result
        return out

    def run(**kwargs: Any) -> Any:
        d, call_args, run_args, who = before(kwargs)
        out = tool.invoke(run_args)
        return after(d, call_args, who, out)

    async def arun(**kwargs: Any) -> Any:
        d, call_args, run_args, who = before(kwargs)
        out = await tool.ainvoke(run_args)
        return after(d, call_args, who, out)

    guarded = StructuredTool(
        name=tool.name,
        description=tool.description,
        args_schema=tool.args_schema if tool.args_schema is not None else _schema_of(tool),
        func=run,
        coroutine=arun,
        return_direct=tool.return_direct,
        response_format="content",
        handle_tool_error=on_block == "message",
        metadata={**(tool.metadata or {}), "portcullis": True},
        tags=list(tool.tags or []),
    )
    return guarded


def guard_tools(guard: Guard, tools: Sequence[BaseTool], **kwargs: Any) -> List[BaseTool]:
    """``guard_tool`` for each tool (same keyword options)."""
    return [guard_tool(guard, t, **kwargs) for t in tools]


def _schema_of(tool: BaseTool) -> Any:
    return tool.get_input_schema()


# Re-exported so callers can catch the raise-mode exceptions from this module too.
Blocked = Blocked
