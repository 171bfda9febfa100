//! agent-execution-guard `policy.yaml` files.
//!
//! ```yaml
//! version: 1
//! defaults: {unknown_agent: DENY, unknown_action: DENY}
//! identity:
//!   agents:
//!     - agent_id: agent.finance
//!       allowed_actions: [{action: wire_transfer}, {action: read_ledger}]
//! ```
//! The action is the tool name and `actor` the agent. After the identity gate,
//! agent-execution-guard denies calls whose risk reaches its halt threshold (80); portcullis maps
//! that to a rule on `risk.score` fed by its own detectors.

use portcullis_types::Effect;

use crate::error::Cx;
use crate::expr::compile_when;
use crate::glob::Glob;
use crate::load::Fragment;
use crate::model::{Agent, Defaults, Format, Identity, Phase, Rule};
use crate::selector::Dialect;
use crate::template::Template;
use crate::walk::{Entries, get};
use crate::yaml::{Kind, Node};

/// Whether an untyped file looks like an agent-execution-guard policy.
pub(crate) fn looks_like(entries: &Entries) -> bool {
    let identity_agents = get(entries, "identity").is_some_and(|i| match &i.kind {
        Kind::Map(m) => get(m, "agents").is_some(),
        _ => false,
    });
    let aeg_defaults = get(entries, "defaults").is_some_and(|d| match &d.kind {
        Kind::Map(m) => get(m, "unknown_agent").is_some() || get(m, "unknown_action").is_some(),
        _ => false,
    });
    get(entries, "apiVersion").is_none() && (identity_agents || aeg_defaults)
}

fn effect(cx: &mut Cx, node: &Node) -> Option<Effect> {
    let s = cx.string(node, "a default")?;
    match s.to_ascii_uppercase().as_str() {
        "DENY" => Some(Effect::Deny),
        "ALLOW" => Some(Effect::Allow),
        "HOLD" => Some(Effect::RequireApproval),
        _ => {
            cx.error_help(
                "policy_unknown_effect",
                node.pos,
                format!("unknown default `{s}`"),
                "agent-execution-guard defaults are DENY or ALLOW",
            );
            None
        }
    }
}

pub(crate) fn parse(cx: &mut Cx, root: &Node, entries: &Entries) -> Fragment {
    cx.check_keys(
        entries,
        &["version", "defaults", "identity"],
        "an agent-execution-guard policy",
    );
    let mut frag = Fragment::new(Format::AgentExecutionGuard, root);
    frag.defaults = Some(Defaults {
        effect: Effect::Allow,
        mode: portcullis_types::Mode::Enforce,
    });
    // Its default for both is DENY (fail closed).
    let mut identity = Identity {
        agents: Vec::new(),
        unknown_agent: Effect::Deny,
        unknown_tool: Effect::Deny,
    };
    if let Some(d) = get(entries, "defaults")
        && let Some(de) = cx.map(d, "`defaults`")
    {
        cx.check_keys(de, &["unknown_agent", "unknown_action"], "`defaults`");
        if let Some(n) = get(de, "unknown_agent")
            && let Some(e) = effect(cx, n)
        {
            identity.unknown_agent = e;
        }
        if let Some(n) = get(de, "unknown_action")
            && let Some(e) = effect(cx, n)
        {
            identity.unknown_tool = e;
        }
    }
    if let Some(i) = get(entries, "identity")
        && let Some(ie) = cx.map(i, "`identity`")
    {
        cx.check_keys(ie, &["agents"], "`identity`");
        for item in get(ie, "agents")
            .and_then(|a| cx.seq(a, "`agents`"))
            .unwrap_or_default()
        {
            let Some(ae) = cx.map(item, "an agent") else {
                continue;
            };
            cx.check_keys(ae, &["agent_id", "allowed_actions"], "an agent");
            let Some(id) = get(ae, "agent_id").and_then(|n| cx.string(n, "`agent_id`")) else {
                cx.error(
                    "policy_missing_field",
                    item.pos,
                    "an agent needs an `agent_id`",
                );
                continue;
            };
            let mut tools = Vec::new();
            for a in get(ae, "allowed_actions")
                .and_then(|n| cx.seq(n, "`allowed_actions`"))
                .unwrap_or_default()
            {
                let Some(aa) = cx.map(a, "an allowed action") else {
                    continue;
                };
                cx.check_keys(aa, &["action"], "an allowed action");
                if let Some(name) = get(aa, "action").and_then(|n| cx.string(n, "`action`")) {
                    // Exact names: agent-execution-guard compares actions literally.
                    tools.push(Glob::literal(name));
                }
            }
            identity.agents.push(Agent {
                id: id.to_owned(),
                allowed_tools: Some(tools),
                roles: Vec::new(),
            });
        }
    }
    frag.identity = Some(identity);
    // The halt threshold: risk ≥ 80 is denied.
    let halt = Node {
        pos: root.pos,
        kind: Kind::Map(vec![(
            crate::yaml::Key {
                pos: root.pos,
                name: "risk.score".to_owned(),
            },
            Node {
                pos: root.pos,
                kind: Kind::Map(vec![(
                    crate::yaml::Key {
                        pos: root.pos,
                        name: "gte".to_owned(),
                    },
                    Node {
                        pos: root.pos,
                        kind: Kind::Int(80),
                    },
                )]),
            },
        )]),
    };
    if let Some(when) = compile_when(cx, &halt, Dialect::Portcullis) {
        frag.rules.push((
            Rule {
                id: "aeg-halt-threshold".to_owned(),
                tools: vec![Glob::new("*")],
                phase: Phase::Pre,
                when: Some(when),
                check: None,
                effect: Effect::Deny,
                message: Template::parse(
                    "risk {risk.score} reaches the halt threshold (80)",
                    Dialect::Portcullis,
                )
                .ok(),
                risk: None,
                approver: None,
                timeout_secs: None,
                tags: vec!["agent-execution-guard".to_owned()],
                mode: None,
                redact_patterns: Vec::new(),
                origin: format!("{}:{}", cx.file, root.pos),
            },
            root.pos,
        ));
    }
    frag
}
