"""portcullis.compat: drop-in predicate_secure and agent_execution_guard."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
import yaml

import portcullis
from portcullis.compat import agent_execution_guard as aeg
from portcullis.compat import predicate_secure as ps

from conftest import REPO

AEG_POLICY = yaml.safe_load((REPO / "testdata" / "policies" / "aeg-policy.yaml").read_text())


def intent(actor: str, action: str, payload="") -> aeg.Intent:
    return aeg.Intent(actor=actor, action=action, payload=payload, timestamp=datetime.now(timezone.utc))


# -- agent_execution_guard ---------------------------------------------------------------------


def test_no_policy_fails_closed():
    with pytest.raises(aeg.GuardDeniedError) as e:
        aeg.ExecutionGuard().evaluate(intent("agent.finance", "read_ledger"))
    assert e.value.boundary_id == "no-policy" and "no_policy" in e.value.reason
    with pytest.raises(aeg.GuardDeniedError):
        aeg.evaluate(intent("agent.finance", "read_ledger"))


def test_identity_gate_allows_known_and_denies_unknown():
    g = aeg.ExecutionGuard()
    r = g.evaluate(intent("agent.finance", "read_ledger", "read_ledger q1"), policy=AEG_POLICY)
    assert r.outcome == aeg.EnforcementOutcome.ALLOW == "ALLOW"
    assert 0 <= r.risk_score <= 100 and r.policy_hash
    with pytest.raises(aeg.GuardDeniedError) as e:
        g.evaluate(intent("agent.finance", "delete_ledger"), policy=AEG_POLICY)
    assert "identity.tool_not_allowed" in e.value.reason
    with pytest.raises(aeg.GuardDeniedError) as e:
        g.evaluate(intent("agent.other", "read_ledger"), policy=AEG_POLICY)
    assert "identity.unknown_agent" in e.value.reason


def test_policy_as_path_text_or_dict_agree():
    g = aeg.ExecutionGuard()
    path = REPO / "testdata" / "policies" / "aeg-policy.yaml"
    for policy in (AEG_POLICY, str(path), path.read_text()):
        assert g.evaluate(intent("agent.finance", "wire_transfer", "amount=10"), policy=policy).outcome == "ALLOW"


def test_risk_from_the_shell_parser_denies_destructive_payloads():
    g = aeg.ExecutionGuard()
    for payload in ("rm -rf /", "rm -r -f /", "sudo rm -rf ~"):
        with pytest.raises(aeg.GuardDeniedError) as e:
            g.evaluate(intent("ops", "run", payload), policy=aeg.ALLOW_ALL)
        assert e.value.risk_score >= 80, payload
    r = g.evaluate(intent("ops", "run", "ls -la"), policy=aeg.ALLOW_ALL)
    assert r.outcome == "ALLOW" and r.risk_score < 30


def test_severity_tightens_the_threshold():
    g = aeg.ExecutionGuard(halt_threshold=101)
    # Under the default threshold 101 nothing is risky enough ...
    assert g.evaluate(intent("ops", "run", "rm -rf /"), policy=aeg.ALLOW_ALL).outcome == "ALLOW"
    # ... cooldown (severity >= 0.40) lowers it to 30.
    with pytest.raises(aeg.GuardDeniedError):
        g.evaluate(intent("ops", "run", "rm -rf /"), policy=aeg.ALLOW_ALL, severity=aeg.SystemSeverity(0.5))


def test_hold_is_a_real_approval():
    policy = (
        "apiVersion: portcullis/v1\nkind: Policy\ndefaults: {effect: allow}\nrules:\n"
        "  - {id: big-wires, tool: wire_transfer, when: {args.amount: {gt: 10000}}, "
        "then: {effect: require_approval, approver: cfo}}\n"
    )
    g = aeg.ExecutionGuard()
    big = intent("agent.finance", "wire_transfer", {"amount": 50000})
    with pytest.raises(aeg.GuardHeldError) as e:
        g.evaluate(big, policy=policy)
    assert e.value.boundary_id.startswith("apr_") and e.value.deadline_ts
    g.approve(e.value.boundary_id, by="cfo")
    assert g.evaluate(big, policy=policy).outcome == "ALLOW"
    with pytest.raises(aeg.GuardHeldError):
        g.evaluate(big, policy=policy)


def test_ledger_and_verify(tmp_path):
    keys = portcullis.Ledger.keygen(tmp_path)
    g = aeg.ExecutionGuard(key_file=keys.private_key, ledger_file=str(tmp_path / "l.jsonl"))
    r = g.evaluate(intent("agent.finance", "read_ledger"), policy=AEG_POLICY)
    assert r.ledger_index is not None and r.decision_hash
    with pytest.raises(aeg.GuardDeniedError):
        g.evaluate(intent("x", "read_ledger"), policy=AEG_POLICY)
    report = g.verify()
    assert report.ok and report.entries == 2


# -- predicate_secure --------------------------------------------------------------------------

POLICY = """
apiVersion: portcullis/v1
kind: Policy
defaults: {effect: allow}
rules:
  - id: no-etc-deletes
    tool: fs.delete
    when: {args.resource: {starts_with: /etc/}}
    then: {effect: deny, message: "deleting {args.resource} is not allowed"}
"""


@pytest.fixture
def policy_file(tmp_path):
    p = tmp_path / "policy.yaml"
    p.write_text(POLICY)
    return str(p)


class ToyAgent:
    """A minimal agent: a tools list and a run(task) that calls them."""

    def __init__(self, tools):
        self.tools = tools

    def run(self, task):
        out = []
        for t in self.tools:
            out.append(t(task))
        return out


def test_strict_mode_raises_authorization_denied(policy_file):
    secure = ps.SecureAgent(agent=None, policy=policy_file, mode="strict")
    auth = secure.get_pre_action_authorizer()
    assert auth({"action": "fs.delete", "resource": "/tmp/x"}).allowed
    with pytest.raises(ps.AuthorizationDenied) as e:
        auth({"action": "fs.delete", "resource": "/etc/passwd"})
    assert e.value.decision.rule_ids == ["no-etc-deletes"]

    class Req:
        action = "fs.delete"
        resource = "/etc/hosts"

    with pytest.raises(ps.AuthorizationDenied):
        auth(Req())
    with pytest.raises(ps.AuthorizationDenied, match="no `action`"):
        auth({"resource": "/tmp"})


def test_permissive_and_audit_never_block(policy_file):
    for mode in ("permissive", "audit"):
        secure = ps.SecureAgent(agent=None, policy=policy_file, mode=mode)
        d = secure.authorize("fs.delete", "/etc/passwd")
        assert d.allowed and not d.enforced
    obs = ps.SecureAgent(agent=None, policy=policy_file, mode="permissive").authorize("fs.delete", "/etc/x")
    assert obs.would_decision == "deny"


def test_debug_mode_traces(policy_file, tmp_path):
    trace = tmp_path / "trace.log"
    secure = ps.SecureAgent(agent=None, policy=policy_file, mode="debug", trace_file=trace)
    with pytest.raises(ps.AuthorizationDenied):
        secure.authorize("fs.delete", "/etc/passwd")
    text = trace.read_text()
    assert "fs.delete: deny" in text and "no-etc-deletes" in text


def test_run_guards_the_agents_tools(policy_file):
    ran = []

    def fs_delete(resource: str) -> str:
        ran.append(resource)
        return "deleted"

    fs_delete.__name__ = "fs.delete"
    agent = ToyAgent([fs_delete])
    secure = ps.SecureAgent(agent=agent, policy=policy_file)
    assert secure.run("/tmp/x") == ["deleted"]
    with pytest.raises(ps.AuthorizationDenied):
        secure.run("/etc/passwd")
    assert ran == ["/tmp/x"]
    assert agent.tools == [fs_delete], "tools are restored after the run"


def test_bad_mode_and_bad_policy():
    with pytest.raises(ValueError, match="Invalid mode"):
        ps.SecureAgent(agent=None, mode="lenient")
    with pytest.raises(ps.PolicyLoadError):
        ps.SecureAgent(agent=None, policy="/no/such/policy.yaml")


def test_no_policy_is_the_default_pack_not_allow_all(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PREDICATE_POLICY", raising=False)
    monkeypatch.delenv("PORTCULLIS_POLICY", raising=False)
    secure = ps.SecureAgent(agent=None)
    with pytest.raises(ps.AuthorizationDenied):
        secure.authorize("Bash", command="rm -rf ~")
