//! `apiVersion: portcullis/v1` files.

use std::collections::BTreeMap;

use portcullis_types::{Action, Effect, Mode};

use crate::error::{Cx, hint};
use crate::expr::compile_when;
use crate::glob::Glob;
use crate::load::Fragment;
use crate::model::{
    Agent, AuditConfig, Defaults, EgressConfig, Format, Identity, Limits, OnExceed, Phase, Rate,
    Rule, SeverityThresholds, TestCase,
};
use crate::selector::Dialect;
use crate::template::Template;
use crate::tools::{ToolKind, ToolSpec};
use crate::walk::{Entries, get};
use crate::yaml::Node;

const TOP: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "defaults",
    "tools",
    "identity",
    "include",
    "rules",
    "limits",
    "severity",
    "egress",
    "audit",
    "shadow",
    "tests",
];

/// Longest sliding window: the store keeps per-call times for 24 hours.
const MAX_RATE_WINDOW_SECS: u64 = 24 * 60 * 60;

const EFFECTS: [&str; 6] = [
    "allow",
    "alert",
    "redact",
    "require_approval",
    "deny",
    "terminate",
];

pub(crate) fn effect(cx: &mut Cx, node: &Node, what: &str) -> Option<Effect> {
    let s = cx.string(node, what)?;
    if let Some(e) = Effect::parse(s) {
        return Some(e);
    }
    let help = match s {
        "block" | "reject" | "refuse" => "did you mean `deny`?".to_owned(),
        "ask" | "hold" | "approve" => "did you mean `require_approval`?".to_owned(),
        "warn" | "log" => "did you mean `alert`?".to_owned(),
        _ => hint(s, &EFFECTS),
    };
    cx.error_help(
        "policy_unknown_effect",
        node.pos,
        format!("unknown effect `{s}`"),
        help,
    );
    None
}

pub(crate) fn mode(cx: &mut Cx, node: &Node, allowed: &[&str]) -> Option<Mode> {
    let s = cx.string(node, "`mode`")?;
    match Mode::parse(s) {
        Some(m) if allowed.contains(&s) => Some(m),
        _ => {
            cx.error_help(
                "policy_unknown_mode",
                node.pos,
                format!("unknown mode `{s}`"),
                hint(s, allowed),
            );
            None
        }
    }
}

pub(crate) fn parse(cx: &mut Cx, root: &Node, entries: &Entries) -> Fragment {
    cx.check_keys(entries, TOP, "a policy");
    let mut frag = Fragment::new(Format::Portcullis, root);
    if let Some(k) = get(entries, "kind")
        && let Some(s) = cx.string(k, "`kind`")
        && s != "Policy"
    {
        cx.error_help(
            "policy_unknown_kind",
            k.pos,
            format!("unknown kind `{s}`"),
            "a portcullis/v1 file has `kind: Policy`",
        );
    }
    if let Some(m) = get(entries, "metadata")
        && let Some(me) = cx.map(m, "`metadata`")
    {
        cx.check_keys(
            me,
            &["name", "version", "description", "labels"],
            "`metadata`",
        );
        if let Some(n) = get(me, "name") {
            frag.name = cx.scalar_text(n, "`metadata.name`");
        }
        if let Some(v) = get(me, "version") {
            frag.version = cx.scalar_text(v, "`metadata.version`");
        }
    }
    if let Some(d) = get(entries, "defaults") {
        frag.defaults = defaults(cx, d);
    }
    if let Some(t) = get(entries, "tools") {
        frag.tools = tools(cx, t);
    }
    if let Some(i) = get(entries, "identity") {
        frag.identity = identity(cx, i);
    }
    if let Some(i) = get(entries, "include")
        && let Some(items) = cx.seq(i, "`include`")
    {
        for item in items {
            if let Some(s) = cx.string(item, "an include") {
                frag.includes.push((s.to_owned(), item.pos));
            }
        }
    }
    if let Some(r) = get(entries, "rules")
        && let Some(items) = cx.seq(r, "`rules`")
    {
        for item in items {
            if let Some(rule) = rule(cx, item) {
                frag.rules.push((rule, item.pos));
            }
        }
    }
    if let Some(l) = get(entries, "limits") {
        frag.limits = limits(cx, l);
    }
    if let Some(s) = get(entries, "severity") {
        frag.severity = severity(cx, s);
    }
    if let Some(e) = get(entries, "egress") {
        frag.egress = egress(cx, e);
    }
    if let Some(a) = get(entries, "audit") {
        frag.audit = audit(cx, a);
    }
    if let Some(s) = get(entries, "shadow")
        && let Some(p) = cx.string(s, "`shadow`")
    {
        frag.shadow = Some((p.to_owned(), s.pos));
    }
    if let Some(t) = get(entries, "tests")
        && let Some(items) = cx.seq(t, "`tests`")
    {
        for (n, item) in items.iter().enumerate() {
            if let Some(tc) = test_case(cx, item, n) {
                frag.tests.push(tc);
            }
        }
    }
    frag
}

fn defaults(cx: &mut Cx, node: &Node) -> Option<Defaults> {
    let e = cx.map(node, "`defaults`")?;
    cx.check_keys(e, &["effect", "mode"], "`defaults`");
    let mut d = Defaults {
        effect: Effect::Deny,
        mode: Mode::Enforce,
    };
    if let Some(n) = get(e, "effect") {
        d.effect = effect(cx, n, "`defaults.effect`")?;
    }
    if let Some(n) = get(e, "mode") {
        d.mode = mode(cx, n, &["enforce", "observe", "audit", "debug"])?;
    }
    Some(d)
}

fn arg_names(cx: &mut Cx, node: &Node, what: &str) -> Vec<String> {
    cx.strings(node, what)
        .unwrap_or_default()
        .into_iter()
        .map(|s| s.strip_prefix("args.").map_or(s.clone(), str::to_owned))
        .collect()
}

fn tools(cx: &mut Cx, node: &Node) -> BTreeMap<String, ToolSpec> {
    let mut out = BTreeMap::new();
    let Some(entries) = cx.map(node, "`tools`") else {
        return out;
    };
    for (name, spec_node) in entries {
        let Some(se) = cx.map(spec_node, &format!("the tool `{}`", name.name)) else {
            continue;
        };
        cx.check_keys(
            se,
            &[
                "kind", "command", "path", "url", "query", "content", "target",
            ],
            &format!("the tool `{}`", name.name),
        );
        let Some(kind_node) = get(se, "kind") else {
            cx.error_help(
                "policy_missing_field",
                spec_node.pos,
                format!("the tool `{}` needs a `kind`", name.name),
                "for example `kind: shell` with `command: cmd`",
            );
            continue;
        };
        let Some(ks) = cx.string(kind_node, "`kind`") else {
            continue;
        };
        let Some(kind) = ToolKind::parse(ks) else {
            let names: Vec<&str> = ToolKind::ALL.iter().map(|(n, _)| *n).collect();
            cx.error_help(
                "policy_unknown_tool_kind",
                kind_node.pos,
                format!("unknown tool kind `{ks}`"),
                hint(ks, &names),
            );
            continue;
        };
        let mut spec = ToolSpec::of(kind);
        if let Some(n) = get(se, "command") {
            spec.command = arg_names(cx, n, "`command`");
        }
        if let Some(n) = get(se, "path") {
            spec.path = arg_names(cx, n, "`path`");
        }
        if let Some(n) = get(se, "url") {
            spec.url = arg_names(cx, n, "`url`");
        }
        if let Some(n) = get(se, "query") {
            spec.query = arg_names(cx, n, "`query`");
        }
        if let Some(n) = get(se, "content") {
            spec.content = arg_names(cx, n, "`content`");
        }
        if let Some(n) = get(se, "target") {
            spec.target = arg_names(cx, n, "`target`").into_iter().next();
        }
        out.insert(name.name.clone(), spec);
    }
    out
}

fn identity(cx: &mut Cx, node: &Node) -> Option<Identity> {
    let e = cx.map(node, "`identity`")?;
    cx.check_keys(
        e,
        &["agents", "unknown_agent", "unknown_tool"],
        "`identity`",
    );
    let mut id = Identity {
        agents: Vec::new(),
        unknown_agent: Effect::Deny,
        unknown_tool: Effect::Deny,
    };
    if let Some(n) = get(e, "unknown_agent") {
        id.unknown_agent = effect(cx, n, "`unknown_agent`")?;
    }
    if let Some(n) = get(e, "unknown_tool") {
        id.unknown_tool = effect(cx, n, "`unknown_tool`")?;
    }
    if let Some(a) = get(e, "agents") {
        for item in cx.seq(a, "`agents`").unwrap_or_default() {
            let Some(ae) = cx.map(item, "an agent") else {
                continue;
            };
            cx.check_keys(
                ae,
                &["id", "allowed_tools", "roles", "description"],
                "an agent",
            );
            let Some(idn) = get(ae, "id") else {
                cx.error("policy_missing_field", item.pos, "an agent needs an `id`");
                continue;
            };
            let Some(agent_id) = cx.string(idn, "`id`") else {
                continue;
            };
            let allowed_tools = get(ae, "allowed_tools")
                .and_then(|n| cx.strings(n, "`allowed_tools`"))
                .map(|v| v.iter().map(|s| Glob::new(s)).collect());
            let roles = get(ae, "roles")
                .and_then(|n| cx.strings(n, "`roles`"))
                .unwrap_or_default();
            if id.agents.iter().any(|a: &Agent| a.id == agent_id) {
                cx.error(
                    "policy_duplicate_agent",
                    idn.pos,
                    format!("duplicate agent id `{agent_id}`"),
                );
            }
            id.agents.push(Agent {
                id: agent_id.to_owned(),
                allowed_tools,
                roles,
            });
        }
    }
    Some(id)
}

const RULE_KEYS: &[&str] = &[
    "id",
    "description",
    "tool",
    "phase",
    "when",
    "then",
    "mode",
    "enabled",
];
const THEN_KEYS: &[&str] = &["effect", "message", "risk", "approver", "timeout", "tags"];

fn rule(cx: &mut Cx, node: &Node) -> Option<Rule> {
    let e = cx.map(node, "a rule")?;
    cx.check_keys(e, RULE_KEYS, "a rule");
    let Some(id_node) = get(e, "id") else {
        cx.error_help(
            "policy_missing_field",
            node.pos,
            "a rule needs an `id`",
            "add `id: my-rule` (ids are stable names used in decisions and logs)",
        );
        return None;
    };
    let id = cx.scalar_text(id_node, "`id`")?;
    if id.is_empty() || id.ends_with(":candidate") {
        cx.error(
            "policy_invalid_rule_id",
            id_node.pos,
            format!("invalid rule id `{id}`"),
        );
    }
    if let Some(en) = get(e, "enabled")
        && cx.boolean(en, "`enabled`") == Some(false)
    {
        return None;
    }
    let tools = match get(e, "tool") {
        Some(t) => cx
            .strings(t, "`tool`")?
            .iter()
            .map(|s| Glob::new(s))
            .collect(),
        None => vec![Glob::new("*")],
    };
    let phase = match get(e, "phase") {
        None => Phase::Pre,
        Some(p) => match cx.string(p, "`phase`")? {
            "pre" => Phase::Pre,
            "post" => Phase::Post,
            other => {
                cx.error_help(
                    "policy_unknown_phase",
                    p.pos,
                    format!("unknown phase `{other}`"),
                    hint(other, &["pre", "post"]),
                );
                return None;
            }
        },
    };
    let when = match get(e, "when") {
        Some(w) => Some(compile_when(cx, w, Dialect::Portcullis)?),
        None => None,
    };
    let Some(then_node) = get(e, "then") else {
        cx.error_help(
            "policy_missing_field",
            node.pos,
            format!("rule `{id}` needs a `then`"),
            "for example `then: {effect: deny, message: \"...\"}`",
        );
        return None;
    };
    let te = cx.map(then_node, "`then`")?;
    cx.check_keys(te, THEN_KEYS, "`then`");
    let Some(eff_node) = get(te, "effect") else {
        cx.error_help(
            "policy_missing_field",
            then_node.pos,
            format!("rule `{id}` needs `then.effect`"),
            "one of allow, alert, redact, require_approval, deny, terminate",
        );
        return None;
    };
    let eff = effect(cx, eff_node, "`effect`")?;
    let message = match get(te, "message") {
        Some(m) => {
            let s = cx.string(m, "`message`")?;
            match Template::parse(s, Dialect::Portcullis) {
                Ok(t) => Some(t),
                Err((msg, help)) => {
                    cx.push("policy_unknown_selector", Some(m.pos), msg, help);
                    return None;
                }
            }
        }
        None => None,
    };
    let risk = match get(te, "risk") {
        Some(r) => Some(cx.risk(r, "`risk`")?),
        None => None,
    };
    let approver = match get(te, "approver") {
        Some(a) => Some(cx.string(a, "`approver`")?.to_owned()),
        None => None,
    };
    let timeout_secs = match get(te, "timeout") {
        Some(t) => Some(cx.duration_secs(t, "`timeout`")?),
        None => None,
    };
    if (approver.is_some() || timeout_secs.is_some()) && eff != Effect::RequireApproval {
        let pos = get(te, "approver")
            .or_else(|| get(te, "timeout"))
            .map_or(then_node.pos, |n| n.pos);
        cx.warn(
            "policy_unused_field",
            pos,
            format!("`approver` and `timeout` only apply to `require_approval`, but rule `{id}` has effect `{eff}`"),
            "remove them or change the effect".to_owned(),
        );
    }
    let tags = get(te, "tags")
        .and_then(|t| cx.strings(t, "`tags`"))
        .unwrap_or_default();
    let mode = match get(e, "mode") {
        Some(m) => Some(mode(cx, m, &["enforce", "observe", "audit", "debug"])?),
        None => None,
    };
    Some(Rule {
        id,
        tools,
        phase,
        when,
        check: None,
        effect: eff,
        message,
        risk,
        approver,
        timeout_secs,
        tags,
        mode,
        redact_patterns: Vec::new(),
        origin: format!("{}:{}", cx.file, node.pos),
    })
}

fn limits(cx: &mut Cx, node: &Node) -> Option<Limits> {
    let e = cx.map(node, "`limits`")?;
    cx.check_keys(
        e,
        &[
            "max_calls",
            "max_allowed_calls",
            "max_calls_per_tool",
            "max_denials",
            "on_exceed",
            "rates",
        ],
        "`limits`",
    );
    let mut l = Limits::default();
    if let Some(n) = get(e, "max_calls") {
        l.max_calls = cx.uint(n, "`max_calls`");
    }
    if let Some(n) = get(e, "max_allowed_calls") {
        l.max_allowed_calls = cx.uint(n, "`max_allowed_calls`");
    }
    if let Some(n) = get(e, "max_denials") {
        l.max_denials = cx.uint(n, "`max_denials`");
    }
    if let Some(n) = get(e, "on_exceed") {
        match cx.string(n, "`on_exceed`") {
            Some("deny") => l.on_exceed = OnExceed::Deny,
            Some("terminate") => l.on_exceed = OnExceed::Terminate,
            Some(other) => cx.error_help(
                "policy_unknown_effect",
                n.pos,
                format!("unknown `on_exceed` value `{other}`"),
                hint(other, &["deny", "terminate"]),
            ),
            None => {}
        }
    }
    if let Some(n) = get(e, "max_calls_per_tool")
        && let Some(pe) = cx.map(n, "`max_calls_per_tool`")
    {
        for (k, v) in pe {
            if let Some(max) = cx.uint(v, "a per-tool limit") {
                l.max_calls_per_tool.insert(k.name.clone(), max);
            }
        }
    }
    if let Some(n) = get(e, "rates")
        && let Some(re) = cx.map(n, "`rates`")
    {
        for (k, v) in re {
            let Some(ve) = cx.map(v, "a rate") else {
                continue;
            };
            cx.check_keys(ve, &["max", "window"], "a rate");
            let (Some(maxn), Some(win)) = (get(ve, "max"), get(ve, "window")) else {
                cx.error_help(
                    "policy_missing_field",
                    v.pos,
                    format!("the rate for `{}` needs `max` and `window`", k.name),
                    "for example `{max: 30, window: 1m}`",
                );
                continue;
            };
            if let (Some(max), Some(window_secs)) =
                (cx.uint(maxn, "`max`"), cx.duration_secs(win, "`window`"))
            {
                if window_secs > MAX_RATE_WINDOW_SECS {
                    cx.error_help(
                        "policy_out_of_range",
                        win.pos,
                        format!("the rate window for `{}` is longer than 24 hours", k.name),
                        "the state store keeps call times for 24 hours; use `max_calls_per_tool` for longer budgets",
                    );
                    continue;
                }
                l.rates.insert(k.name.clone(), Rate { max, window_secs });
            }
        }
    }
    Some(l)
}

fn severity(cx: &mut Cx, node: &Node) -> Option<SeverityThresholds> {
    let e = cx.map(node, "`severity`")?;
    cx.check_keys(
        e,
        &["active", "observe", "cooldown", "enabled"],
        "`severity`",
    );
    let mut s = SeverityThresholds::default();
    if let Some(n) = get(e, "active") {
        s.active = cx.risk(n, "`severity.active`")?;
    }
    if let Some(n) = get(e, "observe") {
        s.observe = cx.risk(n, "`severity.observe`")?;
    }
    if let Some(n) = get(e, "cooldown") {
        s.cooldown = cx.risk(n, "`severity.cooldown`")?;
    }
    if let Some(n) = get(e, "enabled") {
        s.enabled = cx.boolean(n, "`severity.enabled`")?;
    }
    Some(s)
}

fn egress(cx: &mut Cx, node: &Node) -> EgressConfig {
    let mut out = EgressConfig::default();
    let Some(e) = cx.map(node, "`egress`") else {
        return out;
    };
    cx.check_keys(e, &["allow", "deny"], "`egress`");
    if let Some(n) = get(e, "allow") {
        out.allow = cx.strings(n, "`egress.allow`").unwrap_or_default();
    }
    if let Some(n) = get(e, "deny") {
        out.deny = cx.strings(n, "`egress.deny`").unwrap_or_default();
    }
    out
}

fn audit(cx: &mut Cx, node: &Node) -> Option<AuditConfig> {
    let e = cx.map(node, "`audit`")?;
    cx.check_keys(
        e,
        &[
            "mask", "drop", "privacy", "ledger", "key", "stdout", "file", "otlp",
        ],
        "`audit`",
    );
    let mut a = AuditConfig::default();
    for (key, list) in [("mask", &mut a.mask), ("drop", &mut a.drop)] {
        if let Some(n) = get(e, key) {
            for p in cx.strings(n, &format!("`audit.{key}`")).unwrap_or_default() {
                if !(p.is_empty() || p.starts_with('/')) {
                    cx.error_help(
                        "policy_invalid_pointer",
                        n.pos,
                        format!("`{p}` is not a JSON pointer"),
                        format!("JSON pointers start with `/`, e.g. `/{p}`"),
                    );
                }
                list.push(p);
            }
        }
    }
    if let Some(n) = get(e, "privacy") {
        a.privacy = cx.boolean(n, "`audit.privacy`")?;
    }
    if let Some(n) = get(e, "ledger") {
        a.ledger = Some(cx.string(n, "`audit.ledger`")?.to_owned());
    }
    if let Some(n) = get(e, "key") {
        a.key = Some(cx.string(n, "`audit.key`")?.to_owned());
    }
    if let Some(n) = get(e, "stdout") {
        a.stdout = cx.boolean(n, "`audit.stdout`")?;
    }
    if let Some(n) = get(e, "file") {
        a.file = Some(cx.string(n, "`audit.file`")?.to_owned());
    }
    if let Some(n) = get(e, "otlp") {
        a.otlp = Some(cx.string(n, "`audit.otlp`")?.to_owned());
    }
    Some(a)
}

const TEST_KEYS: &[&str] = &[
    "name",
    "tool",
    "args",
    "principal",
    "environment",
    "context",
    "resource",
    "result",
    "expect",
    "rules",
    "codes",
];

pub(crate) fn test_case(cx: &mut Cx, node: &Node, n: usize) -> Option<TestCase> {
    let e = cx.map(node, "a test")?;
    cx.check_keys(e, TEST_KEYS, "a test");
    let mut action = serde_json::Map::new();
    for key in [
        "tool",
        "args",
        "principal",
        "environment",
        "context",
        "resource",
        "result",
    ] {
        if let Some(v) = get(e, key) {
            action.insert(key.to_owned(), v.to_json());
        }
    }
    if get(e, "tool").is_none() {
        cx.error("policy_missing_field", node.pos, "a test needs a `tool`");
        return None;
    }
    let action = serde_json::Value::Object(action);
    if let Err(err) = Action::from_value(action.clone()) {
        cx.error(
            "policy_invalid_test",
            node.pos,
            format!("invalid test action: {}", err.message()),
        );
        return None;
    }
    let Some(expect_node) = get(e, "expect") else {
        cx.error_help(
            "policy_missing_field",
            node.pos,
            "a test needs `expect`",
            "the expected decision, e.g. `expect: deny`",
        );
        return None;
    };
    let expect = effect(cx, expect_node, "`expect`")?;
    let rules = match get(e, "rules") {
        Some(r) => Some(cx.strings(r, "`rules`")?),
        None => None,
    };
    let codes = get(e, "codes")
        .and_then(|c| cx.strings(c, "`codes`"))
        .unwrap_or_default();
    let name = match get(e, "name") {
        Some(nm) => cx.scalar_text(nm, "`name`")?,
        None => format!("test {}", n + 1),
    };
    Some(TestCase {
        name,
        action,
        expect,
        rules,
        codes,
        origin: format!("{}:{}", cx.file, node.pos),
    })
}
