//! Human output: colours only on a terminal (and never with `NO_COLOR`).

use std::io::{IsTerminal, Write};

use portcullis::{Decision, Effect};

/// Whether to colour stdout.
pub(crate) fn color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

fn paint(on: bool, code: &str, s: &str) -> String {
    if on {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_owned()
    }
}

pub(crate) fn effect_label(e: Effect, on: bool) -> String {
    let code = match e {
        Effect::Allow => "32",
        Effect::Alert | Effect::Redact => "36",
        Effect::RequireApproval => "33",
        Effect::Deny | Effect::Terminate => "1;31",
    };
    paint(on, code, e.as_str())
}

pub(crate) fn dim(s: &str, on: bool) -> String {
    paint(on, "2", s)
}

/// Prints a decision for humans.
pub(crate) fn decision(w: &mut impl Write, d: &Decision, on: bool) -> std::io::Result<()> {
    let observed = if d.enforced {
        String::new()
    } else {
        format!(" (not enforced; would {})", d.would_decision)
    };
    writeln!(
        w,
        "{}{observed}: {}",
        effect_label(d.decision, on),
        d.reason
    )?;
    if !d.rule_ids.is_empty() {
        writeln!(w, "  rules:    {}", d.rule_ids.join(", "))?;
    }
    for f in &d.findings {
        let ev = f
            .evidence
            .as_deref()
            .map(|e| format!(" `{e}`"))
            .unwrap_or_default();
        writeln!(
            w,
            "  finding:  {} (risk {}){ev}: {}",
            f.code, f.risk, f.message
        )?;
    }
    for e in &d.errors {
        writeln!(w, "  error:    {}: {}", e.code, e.message)?;
    }
    for a in &d.alerts {
        writeln!(w, "  alert:    {}: {}", a.rule_id, a.message)?;
    }
    if let Some(id) = &d.approval_id {
        let approver = d.approver.as_deref().unwrap_or("any approver");
        writeln!(w, "  approval: {id} (approver: {approver})")?;
        if d.decision == Effect::RequireApproval {
            writeln!(
                w,
                "  {}",
                dim(
                    &format!("grant it with: portcullis approvals grant {id}"),
                    on
                )
            )?;
        }
    }
    if let Some(r) = &d.redactions {
        writeln!(
            w,
            "  redacted: {}",
            serde_json::Value::Object(r.args.clone())
        )?;
    }
    if let Some(s) = &d.shadow {
        writeln!(w, "  shadow:   {} [{}]", s.decision, s.rule_ids.join(", "))?;
    }
    if d.risk_score > 0 {
        writeln!(w, "  risk:     {}", d.risk_score)?;
    }
    writeln!(
        w,
        "  {}",
        dim(
            &format!(
                "decision {} · policy {}",
                d.decision_id,
                short(&d.policy_hash)
            ),
            on
        )
    )
}

pub(crate) fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// The exit code for one decision: 0 when the call may run.
pub(crate) fn exit_code(d: &Decision) -> u8 {
    u8::from(!d.allowed())
}
