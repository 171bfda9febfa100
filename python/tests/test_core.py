"""guard.check / enforce, the Decision object, errors and hostile values."""

from __future__ import annotations

import json
import threading

import pytest

import portcullis

POLICY = """
apiVersion: portcullis/v1
kind: Policy
defaults: {effect: allow}
rules:
  - id: no-env
    tool: read_file
    when: {args.path: {ends_with: .env}}
    then: {effect: deny, message: "reading {args.path} is not allowed", risk: 80}
  - id: alert-prod
    tool: deploy
    when: {environment: {equals: prod}}
    then: {effect: alert, message: prod deploy}
  - id: admins-only
    tool: drop_table
    when: {not: {principal.roles: {contains: admin}}}
    then: {effect: deny}
  - id: redact-secrets
    tool: "*"
    when: {secrets.found: true}
    then: {effect: redact}
  - id: end-it
    tool: exfiltrate
    then: {effect: terminate}
"""


@pytest.fixture
def guard() -> portcullis.Guard:
    return portcullis.Guard.from_yaml(POLICY)


def test_builtin_pack_blocks_rm_rf_home_however_spelled(coding_guard):
    for cmd in ["rm -rf ~", "rm -r -f $HOME", "sudo rm -rf ~/", "bash -c 'rm -rf ~'"]:
        d = coding_guard.check("Bash", {"command": cmd})
        assert d.decision == "deny", (cmd, d)
        assert not d.allowed and not bool(d)
    ok = coding_guard.check("Bash", {"command": "ls -la"})
    assert ok.allowed and bool(ok) and ok.decision == "allow"


def test_every_decision_field_is_an_attribute(guard):
    d = guard.check("read_file", {"path": "app/.env"}, action_id="a-1")
    assert d.decision == "deny"
    assert d.rule_ids == ["no-env"]
    assert d.reason == "reading app/.env is not allowed"
    assert d.risk_score == 80
    assert d.enforced is True and d.would_decision == "deny"
    assert d.action_id == "a-1"
    assert d.mode == "enforce"
    assert len(d.policy_hash) == 64
    assert d.timestamp.endswith("Z")
    assert d.decision_id
    assert d.redactions is None and d.redacted_args is None
    assert d.alerts == [] and d.errors == []
    assert d.shadow is None and d.ledger is None and d.approval_id is None
    as_dict = d.to_dict()
    assert as_dict["decision"] == "deny" and as_dict["rule_ids"] == ["no-env"]
    assert json.loads(d.to_json()) == as_dict
    assert "deny" in repr(d)


def test_principal_environment_and_alerts(guard):
    d = guard.check("deploy", {"service": "api"}, environment="prod")
    assert d.decision == "alert" and d.allowed
    assert d.alerts == [{"rule_id": "alert-prod", "message": "prod deploy"}]
    assert guard.check("drop_table", {"t": "x"}, principal={"roles": ["dev"]}).decision == "deny"
    assert guard.check("drop_table", {"t": "x"}, principal={"roles": ["admin"]}).allowed


def test_redaction_gives_redacted_args_and_never_the_secret(guard):
    d = guard.check("post_message", {"text": "creds AKIAIOSFODNN7EXAMPLF here", "n": 1})
    assert d.decision == "redact" and d.allowed
    assert d.redacted_args == {"text": "creds [REDACTED:aws_access_key] here", "n": 1}
    assert "secret.aws_access_key" in d.codes
    assert "AKIAIOSFODNN7EXAMPLF" not in d.to_json()
    f = [f for f in d.findings if f.code == "secret.aws_access_key"][0]
    assert f.location == "/text" and f.span is not None and "AKIA" in (f.evidence or "")
    assert f.to_dict()["code"] == f.code


def test_enforce_raises_the_right_exception(guard):
    with pytest.raises(portcullis.Denied) as e:
        guard.enforce("read_file", {"path": ".env"})
    assert e.value.rule_ids == ["no-env"] and e.value.decision.decision == "deny"
    assert isinstance(e.value, portcullis.Blocked) and isinstance(e.value, portcullis.PortcullisError)
    with pytest.raises(portcullis.Terminated):
        guard.enforce("exfiltrate", {})
    assert guard.enforce("read_file", {"path": "README.md"}).allowed


def test_terminate_ends_the_session(guard):
    assert guard.check("exfiltrate", {}, session="s9").decision == "terminate"
    later = guard.check("read_file", {"path": "README.md"}, session="s9")
    assert later.decision == "terminate", later
    assert guard.check("read_file", {"path": "README.md"}, session="other").allowed
    assert guard.session_info("s9").terminated
    assert guard.reset_session("s9") is True
    assert guard.check("read_file", {"path": "README.md"}, session="s9").allowed


def test_modes_override_the_policy():
    obs = portcullis.Guard.from_yaml(POLICY, mode="observe")
    d = obs.check("read_file", {"path": ".env"})
    assert d.decision == "allow" and d.would_decision == "deny" and not d.enforced
    dbg = portcullis.Guard.from_yaml(POLICY, mode="debug")
    d = dbg.check("read_file", {"path": ".env"})
    assert d.decision == "deny" and d.trace and any(s["rule_id"] == "no-env" and s["matched"] for s in d.trace)
    assert portcullis.Guard.from_yaml(POLICY, mode="audit").check("exfiltrate", {}).allowed


def test_invalid_policy_raises_policy_error_with_diagnostics():
    bad = "apiVersion: portcullis/v1\nkind: Policy\nrules:\n  - id: x\n    tool: t\n    whne: {}\n    then: {effect: deny}\n"
    with pytest.raises(portcullis.PolicyError) as e:
        portcullis.Guard.from_yaml(bad, origin="bad.yaml")
    err = e.value
    assert err.code.startswith("policy_")
    assert err.diagnostics and err.diagnostics[0]["file"] == "bad.yaml"
    assert err.diagnostics[0]["line"] == 6
    with pytest.raises(portcullis.PolicyError) as e:
        portcullis.Guard.from_file("/no/such/policy.yaml")
    assert e.value.code == "policy_unreadable"


def test_bad_options_raise_config_error():
    with pytest.raises(portcullis.ConfigError) as e:
        portcullis.Guard.from_yaml(POLICY, mode="strict")
    assert e.value.code == "mode_invalid" and "`strict`" in str(e.value)
    with pytest.raises(portcullis.ConfigError) as e:
        portcullis.Guard.from_yaml(POLICY, ledger="/tmp/x.jsonl")
    assert "signing key" in str(e.value)
    stateless = portcullis.Guard.from_yaml(POLICY, state=None)
    assert not stateless.has_state
    with pytest.raises(portcullis.ConfigError) as e:
        stateless.approvals.list()
    assert e.value.code == "state_disabled"


@pytest.mark.parametrize(
    "args, exc, text",
    [
        ({"x": float("nan")}, ValueError, "nan"),
        ({"x": 2**70}, ValueError, "64-bit"),
        ({"x": object()}, TypeError, "object"),
        ({1: "x"}, TypeError, "keys must be strings"),
    ],
)
def test_unreadable_values_are_errors_not_decisions(guard, args, exc, text):
    with pytest.raises(exc, match=text):
        guard.check("t", args)


def test_deep_and_self_referencing_values_are_bounded(guard):
    deep: list = []
    cur = deep
    for _ in range(10_000):
        nxt: list = []
        cur.append(nxt)
        cur = nxt
    with pytest.raises(ValueError, match="deeper"):
        guard.check("t", {"x": deep})
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError, match="deeper"):
        guard.check("t", {"x": loop})
    wide: list = []
    wide.extend([wide] * 50)  # 50^depth items if walked naively
    with pytest.raises(ValueError):
        guard.check("t", {"x": wide})


def test_bytes_and_tuples_are_read(guard):
    d = guard.check("read_file", {"path": b"secrets/.env\xff"[:-1], "t": (1, 2)})
    assert d.decision == "deny"
    d = guard.check("read_file", {"path": b"\xff\xfe.env"})
    assert d.decision == "deny"


def test_mistyped_principal_is_a_value_error(guard):
    with pytest.raises(ValueError, match="roles"):
        guard.check("t", {}, principal={"roles": "admin"})
    with pytest.raises(TypeError, match="principal"):
        guard.check("t", {}, principal="agent-1")  # type: ignore[arg-type]


def test_check_action_parses_like_the_cli(guard):
    d = guard.check_action({"tool": "read_file", "args": {"path": ".env"}})
    assert d.decision == "deny"
    with pytest.raises(ValueError, match="principle"):
        guard.check_action({"tool": "x", "principle": {}})


def test_decisions_from_many_threads(coding_guard):
    out: list = []

    def work() -> None:
        for i in range(200):
            cmd = "rm -rf /" if i % 2 else "ls"
            out.append((cmd, coding_guard.check("Bash", {"command": cmd}, session=f"t{i % 3}").decision))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(out) == 800
    assert {d for c, d in out if c == "ls"} == {"allow"}
    assert {d for c, d in out if c != "ls"} <= {"deny", "terminate"}


def test_reload_swaps_the_policy(guard):
    assert guard.check("read_file", {"path": ".env"}).decision == "deny"
    guard.reload(yaml="apiVersion: portcullis/v1\nkind: Policy\ndefaults: {effect: allow}\nrules: []\n")
    assert guard.check("read_file", {"path": ".env"}).allowed
    with pytest.raises(portcullis.PolicyError):
        guard.reload(yaml="kind: Nope")
    assert guard.check("read_file", {"path": ".env"}).allowed, "a failed reload keeps the old policy"


def test_scan_finds_and_redacts_with_str_indices():
    text = "naïve AKIAIOSFODNN7EXAMPLF ok"
    r = portcullis.scan(text)
    assert r and r.found
    s = r.secrets[0]
    assert text[s.start:s.end] == "AKIAIOSFODNN7EXAMPLF"
    assert s.code == "secret.aws_access_key" and s.byte_start == s.start + 1
    assert r.redacted == "naïve [REDACTED:aws_access_key] ok"
    assert not portcullis.scan("nothing to see")
    assert portcullis.Guard.from_yaml(POLICY).scan(text).redacted == r.redacted


def test_module_metadata():
    assert portcullis.__version__
    assert "coding-agent" in portcullis.builtin_policies()
    assert portcullis.EFFECTS[0] == "allow" and portcullis.EFFECTS[-1] == "terminate"


def test_check_batch_decides_in_order(coding_guard):
    ds = coding_guard.check_batch(
        [
            {"tool": "Bash", "args": {"command": "ls"}},
            {"tool": "Bash", "args": {"command": "rm -rf /"}},
        ]
    )
    assert [d.decision for d in ds] == ["allow", "deny"]
    with pytest.raises(ValueError, match="action 1"):
        coding_guard.check_batch([{"tool": "x"}, {"tool": "y", "bogus": 1}])


def test_inputs_ending_in_a_secret_name_are_decided():
    # Regression: the secret scanner once looped forever on text ending in a secret-like name
    # (`pwd`, `credentials`); run in a child process so a regression fails instead of hanging.
    import subprocess
    import sys

    code = (
        "import portcullis\n"
        "g = portcullis.Guard.from_file('builtin:coding-agent')\n"
        "print(g.check('Bash', {'command': 'pwd'}).decision,"
        " g.check('Bash', {'command': 'cat ~/.aws/credentials'}).decision,"
        " bool(portcullis.scan('my password')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["allow", "deny", "False"]
