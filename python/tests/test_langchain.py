"""LangChain: an agent loop with a scripted fake chat model (no network) whose dangerous tool
call is blocked and whose allowed call runs."""

from __future__ import annotations

import asyncio

import pytest

pytest.importorskip("langchain_core", reason="langchain-core is installed by .ci/steps/python.sh")

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langchain_core.tools import tool

import portcullis
from portcullis.integrations.langchain import guard_tool, guard_tools


def call(name: str, args: dict, id: str) -> dict:
    return {"name": name, "args": args, "id": id, "type": "tool_call"}


def agent_loop(model, tools, prompt: str) -> list:
    """The canonical tool-calling loop: model → tool calls → tool messages → model …"""
    by_name = {t.name: t for t in tools}
    messages: list = [HumanMessage(prompt)]
    for _ in range(10):
        ai = model.invoke(messages)
        messages.append(ai)
        if not ai.tool_calls:
            break
        for tc in ai.tool_calls:
            messages.append(by_name[tc["name"]].invoke(tc))
    return messages


def test_agent_loop_blocks_the_dangerous_call_and_runs_the_safe_one():
    ran = []

    @tool
    def run_shell(command: str) -> str:
        """Run a shell command and return its output."""
        ran.append(command)
        return f"ran: {command}"

    guard = portcullis.Guard.from_file("builtin:coding-agent")
    tools = guard_tools(guard, [run_shell], name="Bash", session="lc-1")
    model = GenericFakeChatModel(
        messages=iter(
            [
                AIMessage(content="", tool_calls=[call("run_shell", {"command": "rm -rf ~/"}, "c1")]),
                AIMessage(content="", tool_calls=[call("run_shell", {"command": "ls -la"}, "c2")]),
                AIMessage(content="all done"),
            ]
        )
    )
    messages = agent_loop(model, tools, "tidy up my home directory")

    assert ran == ["ls -la"]
    results = {m.tool_call_id: m for m in messages if isinstance(m, ToolMessage)}
    assert results["c1"].status == "error"
    assert results["c1"].content.startswith("blocked by portcullis (deny):")
    assert results["c2"].content == "ran: ls -la" and results["c2"].status == "success"
    assert messages[-1].content == "all done"
    # The guarded tool looks the same to the model.
    assert tools[0].name == "run_shell" and tools[0].description == run_shell.description
    assert tools[0].args == run_shell.args


def test_raise_mode_redaction_and_async():
    seen = []

    @tool
    def post(text: str) -> str:
        """Post a message."""
        seen.append(text)
        return "posted"

    guard = portcullis.Guard.from_yaml(
        "apiVersion: portcullis/v1\nkind: Policy\ndefaults: {effect: allow}\nrules:\n"
        "  - {id: no-spam, tool: post, when: {args.text: {contains: spam}}, then: {effect: deny}}\n"
        "  - {id: redact, tool: '*', when: {secrets.found: true}, then: {effect: redact}}\n"
    )
    strict = guard_tool(guard, post, on_block="raise")
    with pytest.raises(portcullis.Denied):
        strict.invoke({"text": "buy spam"})
    assert strict.invoke({"text": "key AKIAIOSFODNN7EXAMPLF"}) == "posted"
    assert seen == ["key [REDACTED:aws_access_key]"]

    async def main() -> str:
        return await strict.ainvoke({"text": "hello"})

    assert asyncio.run(main()) == "posted"
    assert seen[-1] == "hello"
