"""@guard.tool / guard.wrap: decided first, redacted arguments, result checked by post rules."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest

import portcullis

POLICY = """
apiVersion: portcullis/v1
kind: Policy
defaults: {effect: allow}
rules:
  - id: no-system-files
    tool: read_text
    when: {args.path: {starts_with: /etc/}}
    then: {effect: deny}
  - id: no-card-numbers-out
    tool: lookup
    phase: post
    when: {output.text: {matches: '\\b4[0-9]{15}\\b'}}
    then: {effect: deny, message: card number in the result}
  - id: only-session-a
    tool: whoami
    when: {principal.session: {not_equals: a}}
    then: {effect: deny}
  - id: redact-secrets
    tool: "*"
    when: {secrets.found: true}
    then: {effect: redact}
"""


@pytest.fixture
def guard() -> portcullis.Guard:
    return portcullis.Guard.from_yaml(POLICY)


def test_denied_call_never_runs(guard):
    ran = []

    @guard.tool
    def read_text(path: str) -> str:
        ran.append(path)
        return "text"

    assert read_text("notes.txt") == "text"
    with pytest.raises(portcullis.Denied) as e:
        read_text(path="/etc/shadow")
    assert e.value.rule_ids == ["no-system-files"]
    assert ran == ["notes.txt"]
    assert read_text.__name__ == "read_text"


def test_redacted_arguments_reach_the_function(guard):
    seen = {}

    def send(channel: str, text: str, **extra: str) -> str:
        seen.update(channel=channel, text=text, **extra)
        return "sent"

    wrapped = guard.wrap(send, name="send")
    assert wrapped("ops", "token AKIAIOSFODNN7EXAMPLF", note="ghp_" + "a" * 36) == "sent"
    assert seen["channel"] == "ops"
    assert seen["text"] == "token [REDACTED:aws_access_key]"
    assert "AKIA" not in str(seen)


def test_post_rule_withholds_the_result_and_redacts_secrets(guard):
    @guard.tool
    def lookup(q: str) -> str:
        return {"card": "4111111111111111", "key": "AKIAIOSFODNN7EXAMPLF"}.get(q, "none")

    assert lookup("other") == "none"
    with pytest.raises(portcullis.Denied) as e:
        lookup("card")
    assert e.value.rule_ids == ["no-card-numbers-out"]
    assert lookup("key") == "[REDACTED:aws_access_key]"


def test_result_check_can_be_turned_off(guard):
    @guard.tool(check_result=False)
    def lookup(q: str) -> str:
        return "4111111111111111"

    assert lookup("x") == "4111111111111111"


def test_async_tools_are_guarded(guard):
    @guard.tool(name="read_text")
    async def fetch(path: str) -> str:
        await asyncio.sleep(0)
        return f"content of {path}"

    async def main() -> None:
        assert await fetch("a.txt") == "content of a.txt"
        with pytest.raises(portcullis.Denied):
            await fetch("/etc/hosts")

    asyncio.run(main())


def test_bind_sets_who_is_calling_per_context(guard):
    @guard.tool
    def whoami() -> str:
        return "me"

    with guard.bind(session="a"):
        assert whoami() == "me"
        with guard.bind(session="b"):
            with pytest.raises(portcullis.Denied):
                whoami()
        assert whoami() == "me"
    fixed = guard.wrap(lambda: "ok", name="whoami", session="a")
    with guard.bind(session="b"):
        assert fixed() == "ok", "a wrapper's own session wins over bind()"


def test_structured_arguments_are_converted(guard):
    @dataclasses.dataclass
    class Req:
        path: str

    seen = []

    @guard.tool(name="read_text")
    def read(req: Req, where: Path) -> str:
        seen.append((req, where))
        return "ok"

    assert read(Req("x.txt"), Path("/tmp")) == "ok"
    with pytest.raises(portcullis.Denied):
        guard.wrap(lambda path: path, name="read_text")(Path("/etc/hosts"))
    assert seen and isinstance(seen[0][0], Req)


def test_methods_skip_self(guard):
    class Files:
        @guard.tool(name="read_text")
        def read(self, path: str) -> str:
            return path

    assert Files().read("ok.txt") == "ok.txt"
    with pytest.raises(portcullis.Denied):
        Files().read("/etc/hosts")


def test_approval_required_from_a_wrapped_tool():
    guard = portcullis.Guard.from_yaml(
        "apiVersion: portcullis/v1\nkind: Policy\ndefaults: {effect: allow}\nrules:\n"
        "  - {id: ask, tool: deploy, then: {effect: require_approval, approver: ops}}\n"
    )
    calls = []

    @guard.tool
    def deploy(service: str) -> str:
        calls.append(service)
        return "deployed"

    with pytest.raises(portcullis.ApprovalRequired) as e:
        deploy("api")
    assert calls == []
    guard.approvals.grant(e.value.approval_id)
    assert deploy("api") == "deployed"
    assert calls == ["api"]
    # The result check neither counted nor re-opened an approval.
    assert [a.status for a in guard.approvals.list()] == ["consumed"]
