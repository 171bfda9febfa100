"""Guard plain Python functions with a policy of your own: deny, approval, redaction, result check.

    python python/examples/guarded_tools.py
"""

import portcullis

guard = portcullis.Guard.from_yaml(
    """
apiVersion: portcullis/v1
kind: Policy
defaults: {effect: allow}
limits: {max_denials: 3, on_exceed: terminate}
rules:
  - id: read-only-sql
    tool: run_sql
    when: {args.query: {matches: '(?i)\\b(drop|truncate|delete)\\b'}}
    then: {effect: deny, message: "destructive SQL refused"}
  - id: approve-emails-outside
    tool: send_email
    when: {not: {args.to: {ends_with: "@example.com"}}}
    then: {effect: require_approval, approver: manager, timeout: 10m}
  - id: redact-secrets
    tool: "*"
    when: {secrets.found: true}
    then: {effect: redact}
"""
)


@guard.tool
def run_sql(query: str) -> str:
    return f"ok: {query}"


@guard.tool
def send_email(to: str, body: str) -> str:
    return f"sent to {to}: {body}"


with guard.bind(principal={"agent": "assistant"}):
    print(run_sql("SELECT * FROM orders LIMIT 5"))
    try:
        run_sql("DROP TABLE orders")
    except portcullis.Denied as e:
        print("denied:", e.reason)

    print(send_email("bob@example.com", "api key AKIAIOSFODNN7EXAMPLF"))  # redacted
    try:
        send_email("eve@elsewhere.net", "the report")
    except portcullis.ApprovalRequired as e:
        print("needs approval", e.approval_id, "until", e.deadline)
        guard.approvals.grant(e.approval_id, by="manager")
        print(send_email("eve@elsewhere.net", "the report"))
