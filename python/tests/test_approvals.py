"""Approvals: require_approval → ApprovalRequired, grant/deny, single use, shared state."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

import portcullis

POLICY = """
apiVersion: portcullis/v1
kind: Policy
defaults: {effect: allow}
rules:
  - id: approve-refunds
    tool: refund
    when: {args.amount: {gt: 100}}
    then: {effect: require_approval, approver: finance, timeout: 10m}
"""


def test_approval_flow_grant_allows_the_same_call_once():
    guard = portcullis.Guard.from_yaml(POLICY)
    with pytest.raises(portcullis.ApprovalRequired) as e:
        guard.enforce("refund", {"amount": 250}, session="s1")
    err = e.value
    assert err.approval_id and err.approval_id.startswith("apr_")
    assert err.approver == "finance"
    assert isinstance(err.deadline, datetime) and err.deadline.tzinfo is not None
    left = (err.deadline - datetime.now(timezone.utc)).total_seconds()
    assert 0 < left <= 600

    pending = guard.approvals.pending()
    assert [a.approval_id for a in pending] == [err.approval_id]
    a = pending[0]
    assert a.tool == "refund" and a.status == "pending" and a.session == "s1"
    assert "250" in a.summary and a.deadline == err.deadline

    # Asking again before a grant returns the same pending approval.
    again = guard.check("refund", {"amount": 250}, session="s1")
    assert again.decision == "require_approval" and again.approval_id == err.approval_id

    # A different call is not covered by the grant.
    granted = guard.approvals.grant(err.approval_id, by="alice", note="ok")
    assert granted.status == "granted" and granted.decided_by == "alice"
    assert guard.check("refund", {"amount": 999}, session="s1").decision == "require_approval"

    d = guard.enforce("refund", {"amount": 250}, session="s1")
    assert d.allowed and d.approval_id == err.approval_id
    assert guard.approvals.get(err.approval_id).status == "consumed"
    # Single use: the next identical call needs a new approval.
    nxt = guard.check("refund", {"amount": 250}, session="s1")
    assert nxt.decision == "require_approval" and nxt.approval_id != err.approval_id


def test_denied_approval_stays_denied():
    guard = portcullis.Guard.from_yaml(POLICY)
    d = guard.check("refund", {"amount": 500})
    refused = guard.approvals.deny(d.approval_id, by="bob")
    assert refused.status == "denied"
    d2 = guard.check("refund", {"amount": 500})
    assert d2.decision == "deny" and "approval.denied" in d2.codes
    with pytest.raises(portcullis.StoreError) as e:
        guard.approvals.grant(d.approval_id)
    assert e.value.code == "approval_not_pending"
    with pytest.raises(portcullis.StoreError) as e:
        guard.approvals.grant("apr_00000000000000000000000000000000")
    assert e.value.code == "approval_not_found"


def test_approvals_are_shared_through_a_state_file(tmp_path):
    db = tmp_path / "state.db"
    agent = portcullis.Guard.from_yaml(POLICY, state=str(db))
    d = agent.check("refund", {"amount": 300}, session="s")
    operator = portcullis.Guard.from_yaml(POLICY, state=str(db))
    assert [a.approval_id for a in operator.approvals.list("pending")] == [d.approval_id]
    operator.approvals.grant(d.approval_id, by="ops")
    assert agent.check("refund", {"amount": 300}, session="s").allowed
    with pytest.raises(portcullis.ConfigError):
        agent.approvals.list("maybe")
