//! edictum `apiVersion: edictum/v1, kind: Ruleset` files (edictum 0.19 vocabulary).
//!
//! Semantics kept from edictum: rules are `pre` (block/ask), `post` (warn/redact/block),
//! `session` (limits) and `sandbox` (paths, commands, domains); a call no rule blocks is allowed;
//! a missing field makes a test false (only `exists` sees it); a type mismatch makes the rule
//! fire. Refused, with an error, where edictum would fail open or portcullis cannot honour it:
//! `timeout_action: allow`, `env.*` selectors, principal fields edictum does not have, regexes
//! that need backtracking, observe-mode session rules.

use portcullis_types::{Effect, Mode};

use crate::error::{Cx, hint};
use crate::expr::compile_when;
use crate::glob::Glob;
use crate::load::Fragment;
use crate::model::{AuditConfig, Check, Defaults, Expr, Format, Limits, Op, Phase, Rule, Sandbox};
use crate::native::mode;
use crate::selector::{Dialect, Selector};
use crate::template::Template;
use crate::tools::{ToolKind, ToolSpec};
use crate::walk::{Entries, get};
use crate::yaml::{Kind, Node};

const TOP: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "defaults",
    "tools",
    "observability",
    "observe_alongside",
    "rules",
];

pub(crate) fn parse(cx: &mut Cx, root: &Node, entries: &Entries) -> Fragment {
    cx.check_keys(entries, TOP, "an edictum ruleset");
    let mut frag = Fragment::new(Format::Edictum, root);
    match get(entries, "kind").and_then(|k| match &k.kind {
        Kind::Str(s) => Some((s.as_str(), k.pos)),
        _ => None,
    }) {
        Some(("Ruleset", _)) => {}
        Some((other, pos)) => cx.error_help(
            "policy_unknown_kind",
            pos,
            format!("unsupported edictum kind `{other}`"),
            "portcullis reads edictum 0.19 `kind: Ruleset` files; rename `contracts:` to `rules:` and `effect:` to `action:` for older bundles",
        ),
        None => cx.error_help(
            "policy_missing_field",
            root.pos,
            "an edictum ruleset needs `kind: Ruleset`",
            "add `kind: Ruleset`",
        ),
    }
    if let Some(m) = get(entries, "metadata")
        && let Some(me) = cx.map(m, "`metadata`")
    {
        cx.check_keys(me, &["name", "description"], "`metadata`");
        frag.name = get(me, "name").and_then(|n| cx.scalar_text(n, "`metadata.name`"));
    }
    let mut default_mode = Mode::Enforce;
    match get(entries, "defaults") {
        Some(d) => {
            if let Some(de) = cx.map(d, "`defaults`") {
                cx.check_keys(de, &["mode"], "`defaults`");
                if let Some(m) = get(de, "mode")
                    && let Some(md) = mode(cx, m, &["enforce", "observe"])
                {
                    default_mode = md;
                }
            }
        }
        None => cx.error_help(
            "policy_missing_field",
            root.pos,
            "an edictum ruleset needs `defaults`",
            "add `defaults: {mode: enforce}`",
        ),
    }
    // edictum allows what no rule blocks.
    frag.defaults = Some(Defaults {
        effect: Effect::Allow,
        mode: default_mode,
    });
    if let Some(t) = get(entries, "tools")
        && let Some(te) = cx.map(t, "`tools`")
    {
        for (name, spec) in te {
            let Some(se) = cx.map(spec, "a tool") else {
                continue;
            };
            cx.check_keys(se, &["side_effect", "idempotent"], "a tool");
            let mut ts = ToolSpec::of(ToolKind::Other);
            if let Some(s) = get(se, "side_effect") {
                match cx.string(s, "`side_effect`") {
                    Some(v @ ("pure" | "read" | "write" | "irreversible")) => {
                        ts.side_effect = Some(v.to_owned());
                    }
                    Some(v) => cx.error_help(
                        "policy_invalid_value",
                        s.pos,
                        format!("unknown side_effect `{v}`"),
                        hint(v, &["pure", "read", "write", "irreversible"]),
                    ),
                    None => {}
                }
            }
            if let Some(i) = get(se, "idempotent") {
                cx.boolean(i, "`idempotent`");
            }
            frag.tools.insert(name.name.clone(), ts);
        }
    }
    if let Some(o) = get(entries, "observability") {
        frag.audit = observability(cx, o);
    }
    if let Some(o) = get(entries, "observe_alongside") {
        frag.observe_alongside = cx.boolean(o, "`observe_alongside`").unwrap_or(false);
    }
    let Some(rules) = get(entries, "rules") else {
        cx.error(
            "policy_missing_field",
            root.pos,
            "an edictum ruleset needs `rules`",
        );
        return frag;
    };
    let mut limits = Limits::default();
    let mut has_limits = false;
    for item in cx.seq(rules, "`rules`").unwrap_or_default() {
        let Some(e) = cx.map(item, "a rule") else {
            continue;
        };
        let Some(type_node) = get(e, "type") else {
            cx.error_help(
                "policy_missing_field",
                item.pos,
                "an edictum rule needs a `type`",
                "one of pre, post, session, sandbox",
            );
            continue;
        };
        let Some(ty) = cx.string(type_node, "`type`") else {
            continue;
        };
        let rule = match ty {
            "pre" | "post" => condition_rule(cx, item, e, ty == "post", default_mode),
            "sandbox" => sandbox_rule(cx, item, e, default_mode),
            "session" => {
                if session_rule(cx, item, e, &mut limits, default_mode) {
                    has_limits = true;
                }
                None
            }
            other => {
                cx.error_help(
                    "policy_unknown_rule_type",
                    type_node.pos,
                    format!("unknown rule type `{other}`"),
                    hint(other, &["pre", "post", "session", "sandbox"]),
                );
                None
            }
        };
        if let Some(r) = rule {
            frag.rules.push((r, item.pos));
        }
    }
    if has_limits {
        frag.limits = Some(limits);
    }
    frag
}

fn observability(cx: &mut Cx, node: &Node) -> Option<AuditConfig> {
    let e = cx.map(node, "`observability`")?;
    cx.check_keys(e, &["otel", "stdout", "file"], "`observability`");
    let mut a = AuditConfig {
        stdout: true,
        ..AuditConfig::default()
    };
    if let Some(s) = get(e, "stdout") {
        a.stdout = cx.boolean(s, "`stdout`")?;
    }
    if let Some(f) = get(e, "file") {
        match &f.kind {
            Kind::Null => {}
            _ => a.file = Some(cx.string(f, "`file`")?.to_owned()),
        }
    }
    if let Some(o) = get(e, "otel")
        && let Some(oe) = cx.map(o, "`otel`")
    {
        cx.check_keys(
            oe,
            &[
                "enabled",
                "endpoint",
                "protocol",
                "service_name",
                "insecure",
                "resource_attributes",
            ],
            "`otel`",
        );
        let enabled = get(oe, "enabled")
            .and_then(|n| cx.boolean(n, "`enabled`"))
            .unwrap_or(false);
        if enabled {
            if let Some(p) = get(oe, "protocol")
                && cx.string(p, "`protocol`") == Some("grpc")
            {
                cx.error_help(
                    "policy_unsupported",
                    p.pos,
                    "OTLP over gRPC is not supported",
                    "use `protocol: http` (OTLP/HTTP, port 4318)",
                );
            }
            a.otlp = Some(
                get(oe, "endpoint")
                    .and_then(|n| cx.string(n, "`endpoint`"))
                    .unwrap_or("http://127.0.0.1:4318")
                    .to_owned(),
            );
        }
    }
    Some(a)
}

fn rule_mode(cx: &mut Cx, e: &Entries, default_mode: Mode) -> Option<Mode> {
    match get(e, "mode") {
        Some(m) => mode(cx, m, &["enforce", "observe"]),
        None => Some(default_mode),
    }
}

fn enabled(cx: &mut Cx, e: &Entries) -> bool {
    get(e, "enabled").is_none_or(|n| cx.boolean(n, "`enabled`").unwrap_or(true))
}

fn rule_id(cx: &mut Cx, item: &Node, e: &Entries) -> Option<String> {
    let Some(n) = get(e, "id") else {
        cx.error("policy_missing_field", item.pos, "a rule needs an `id`");
        return None;
    };
    cx.scalar_text(n, "`id`")
}

fn message(cx: &mut Cx, node: Option<&Node>, id: &str, at: &Node) -> Option<Template> {
    let Some(m) = node else {
        cx.error(
            "policy_missing_field",
            at.pos,
            format!("rule `{id}` needs a `message`"),
        );
        return None;
    };
    let s = cx.string(m, "`message`")?;
    Template::parse(s, Dialect::Edictum).ok()
}

fn condition_rule(
    cx: &mut Cx,
    item: &Node,
    e: &Entries,
    post: bool,
    default_mode: Mode,
) -> Option<Rule> {
    cx.check_keys(
        e,
        &["id", "type", "enabled", "mode", "tool", "when", "then"],
        "an edictum rule",
    );
    let id = rule_id(cx, item, e)?;
    let mode = rule_mode(cx, e, default_mode)?;
    let enabled = enabled(cx, e);
    let Some(tool_node) = get(e, "tool") else {
        cx.error(
            "policy_missing_field",
            item.pos,
            format!("rule `{id}` needs a `tool`"),
        );
        return None;
    };
    let tool = cx.string(tool_node, "`tool`")?.to_owned();
    let Some(when_node) = get(e, "when") else {
        cx.error(
            "policy_missing_field",
            item.pos,
            format!("rule `{id}` needs a `when`"),
        );
        return None;
    };
    let when = compile_when(cx, when_node, Dialect::Edictum)?;
    let mut uses_output = false;
    when.visit_tests(&mut |t| uses_output |= t.selector == Selector::ResultText);
    if uses_output && !post {
        cx.error(
            "policy_invalid_selector",
            item.pos,
            format!("rule `{id}`: `output.text` is only available in `type: post` rules"),
        );
        return None;
    }
    let then = get(e, "then")?;
    let te = cx.map(then, "`then`")?;
    let then_keys: &[&str] = if post {
        &["message", "tags", "metadata", "action"]
    } else {
        &[
            "message",
            "tags",
            "metadata",
            "timeout",
            "timeout_action",
            "action",
        ]
    };
    cx.check_keys(te, then_keys, "`then`");
    let action_node = get(te, "action");
    let action = match action_node {
        Some(a) => cx.string(a, "`action`")?,
        None if post => "warn",
        None => {
            cx.error(
                "policy_missing_field",
                then.pos,
                format!("rule `{id}` needs `then.action`"),
            );
            return None;
        }
    };
    let allowed: &[&str] = if post {
        &["warn", "redact", "block"]
    } else {
        &["block", "ask"]
    };
    if !allowed.contains(&action) {
        cx.error_help(
            "policy_unknown_effect",
            action_node.map_or(then.pos, |n| n.pos),
            format!("unknown action `{action}`"),
            hint(action, allowed),
        );
        return None;
    }
    let effect = match action {
        "block" => Effect::Deny,
        "ask" => Effect::RequireApproval,
        "warn" => Effect::Alert,
        _ => Effect::Redact,
    };
    let mut timeout_secs = None;
    if action == "ask" {
        timeout_secs = Some(300);
        if let Some(t) = get(te, "timeout") {
            timeout_secs = Some(cx.duration_secs(t, "`timeout`")?);
        }
    }
    if let Some(ta) = get(te, "timeout_action")
        && cx.string(ta, "`timeout_action`") == Some("allow")
    {
        cx.error_help(
            "policy_unsupported",
            ta.pos,
            format!("rule `{id}`: `timeout_action: allow` lets a call run when nobody answers"),
            "portcullis treats an unanswered approval as a deny; remove `timeout_action`",
        );
        return None;
    }
    let tags = get(te, "tags")
        .and_then(|t| cx.strings(t, "`tags`"))
        .unwrap_or_default();
    let msg = message(cx, get(te, "message"), &id, then)?;
    if !enabled {
        return None;
    }
    let mut redact_patterns = Vec::new();
    if effect == Effect::Redact {
        when.visit_tests(&mut |t| {
            if t.selector == Selector::ResultText {
                match &t.op {
                    Op::Matches(r) | Op::MatchesAny(r) => {
                        for p in r.patterns() {
                            if let Ok(r) = regex::Regex::new(p) {
                                redact_patterns.push(r);
                            }
                        }
                    }
                    _ => {}
                }
            }
        });
    }
    warn_fail_open(cx, &id, &when, item);
    Some(Rule {
        id,
        tools: vec![Glob::new(&tool)],
        phase: if post { Phase::Post } else { Phase::Pre },
        when: Some(when),
        check: None,
        effect,
        message: Some(msg),
        risk: None,
        approver: None,
        timeout_secs,
        tags,
        mode: Some(mode),
        redact_patterns,
        origin: format!("{}:{}", cx.file, item.pos),
    })
}

/// edictum evaluates `not_in`/`not_equals` on a missing field to false, so a deny rule written
/// as "role not in [admin]" lets a call with no role through. portcullis keeps that semantics
/// (it is edictum's documented behaviour) but says so at load time.
fn warn_fail_open(cx: &mut Cx, id: &str, when: &Expr, item: &Node) {
    let mut risky = Vec::new();
    when.visit_tests(&mut |t| {
        if matches!(t.op, Op::NotIn(_) | Op::NotEquals(_)) {
            risky.push(t.selector.to_string());
        }
    });
    for sel in risky {
        cx.warn(
            "policy_missing_field_fails_open",
            item.pos,
            format!("rule `{id}` does not fire when `{sel}` is missing (edictum semantics)"),
            format!("add `any: [{{{sel}: {{exists: false}}}}, …]` to also catch calls without it"),
        );
    }
}

fn sandbox_rule(cx: &mut Cx, item: &Node, e: &Entries, default_mode: Mode) -> Option<Rule> {
    cx.check_keys(
        e,
        &[
            "id",
            "type",
            "enabled",
            "mode",
            "tool",
            "tools",
            "within",
            "not_within",
            "allows",
            "not_allows",
            "outside",
            "message",
            "timeout",
            "timeout_action",
        ],
        "a sandbox rule",
    );
    let id = rule_id(cx, item, e)?;
    let mode = rule_mode(cx, e, default_mode)?;
    let enabled = enabled(cx, e);
    let tools: Vec<Glob> = match (get(e, "tool"), get(e, "tools")) {
        (Some(t), None) => vec![Glob::new(cx.string(t, "`tool`")?)],
        (None, Some(t)) => cx
            .strings(t, "`tools`")?
            .iter()
            .map(|s| Glob::new(s))
            .collect(),
        _ => {
            cx.error(
                "policy_missing_field",
                item.pos,
                format!("sandbox rule `{id}` needs exactly one of `tool` or `tools`"),
            );
            return None;
        }
    };
    let mut sb = Sandbox::default();
    let norm = |s: &str| -> String {
        let t = s.trim_end_matches('/');
        if t.is_empty() {
            "/".to_owned()
        } else {
            t.to_owned()
        }
    };
    if let Some(w) = get(e, "within") {
        sb.within = cx.strings(w, "`within`")?.iter().map(|s| norm(s)).collect();
    }
    if let Some(w) = get(e, "not_within") {
        if sb.within.is_empty() {
            cx.error(
                "policy_missing_field",
                w.pos,
                format!("rule `{id}`: `not_within` requires `within`"),
            );
        }
        sb.not_within = cx
            .strings(w, "`not_within`")?
            .iter()
            .map(|s| norm(s))
            .collect();
    }
    if let Some(a) = get(e, "allows")
        && let Some(ae) = cx.map(a, "`allows`")
    {
        cx.check_keys(ae, &["commands", "domains"], "`allows`");
        if let Some(c) = get(ae, "commands") {
            sb.commands = Some(cx.strings(c, "`commands`")?);
        }
        if let Some(d) = get(ae, "domains") {
            sb.domains = Some(
                cx.strings(d, "`domains`")?
                    .iter()
                    .map(|s| Glob::new(s))
                    .collect(),
            );
        }
    }
    if let Some(a) = get(e, "not_allows")
        && let Some(ae) = cx.map(a, "`not_allows`")
    {
        cx.check_keys(ae, &["domains"], "`not_allows`");
        if let Some(d) = get(ae, "domains") {
            if sb.domains.is_none() {
                cx.error(
                    "policy_missing_field",
                    d.pos,
                    format!("rule `{id}`: `not_allows.domains` requires `allows.domains`"),
                );
            }
            sb.not_domains = cx
                .strings(d, "`domains`")?
                .iter()
                .map(|s| Glob::new(s))
                .collect();
        }
    }
    if sb.within.is_empty() && sb.commands.is_none() && sb.domains.is_none() {
        cx.error(
            "policy_missing_field",
            item.pos,
            format!("sandbox rule `{id}` needs `within` or `allows`"),
        );
        return None;
    }
    let effect = match get(e, "outside") {
        None => Effect::Deny,
        Some(o) => match cx.string(o, "`outside`")? {
            "block" => Effect::Deny,
            "ask" => Effect::RequireApproval,
            other => {
                cx.error_help(
                    "policy_unknown_effect",
                    o.pos,
                    format!("unknown `outside` value `{other}`"),
                    hint(other, &["block", "ask"]),
                );
                return None;
            }
        },
    };
    if let Some(ta) = get(e, "timeout_action")
        && cx.string(ta, "`timeout_action`") == Some("allow")
    {
        cx.error_help(
            "policy_unsupported",
            ta.pos,
            format!("rule `{id}`: `timeout_action: allow` lets a call run when nobody answers"),
            "portcullis treats an unanswered approval as a deny; remove `timeout_action`",
        );
        return None;
    }
    let timeout_secs = match get(e, "timeout") {
        Some(t) => Some(cx.duration_secs(t, "`timeout`")?),
        None if effect == Effect::RequireApproval => Some(300),
        None => None,
    };
    let msg = message(cx, get(e, "message"), &id, item)?;
    if !enabled {
        return None;
    }
    Some(Rule {
        id,
        tools,
        phase: Phase::Pre,
        when: None,
        check: Some(Check::Sandbox(Box::new(sb))),
        effect,
        message: Some(msg),
        risk: None,
        approver: None,
        timeout_secs,
        tags: Vec::new(),
        mode: Some(mode),
        redact_patterns: Vec::new(),
        origin: format!("{}:{}", cx.file, item.pos),
    })
}

/// Merges a session rule into `limits` (the lower of each limit wins, as in edictum).
/// Returns whether it contributed.
fn session_rule(
    cx: &mut Cx,
    item: &Node,
    e: &Entries,
    limits: &mut Limits,
    default_mode: Mode,
) -> bool {
    cx.check_keys(
        e,
        &["id", "type", "enabled", "mode", "limits", "then"],
        "a session rule",
    );
    let Some(id) = rule_id(cx, item, e) else {
        return false;
    };
    let Some(mode) = rule_mode(cx, e, default_mode) else {
        return false;
    };
    if let Some(then) = get(e, "then")
        && let Some(te) = cx.map(then, "`then`")
    {
        cx.check_keys(te, &["message", "tags", "metadata", "action"], "`then`");
        if let Some(a) = get(te, "action")
            && let Some(s) = cx.string(a, "`action`")
            && s != "block"
        {
            cx.error_help(
                "policy_unknown_effect",
                a.pos,
                format!("unknown session action `{s}`"),
                "session rules can only `block`",
            );
        }
        let _ = message(cx, get(te, "message"), &id, then);
    }
    if !enabled(cx, e) {
        return false;
    }
    if mode == Mode::Observe {
        cx.error_help(
            "policy_unsupported",
            item.pos,
            format!("session rule `{id}` in observe mode is not supported"),
            "use `mode: enforce`, or try the limit in a shadow policy",
        );
        return false;
    }
    let Some(l) = get(e, "limits") else {
        cx.error(
            "policy_missing_field",
            item.pos,
            format!("session rule `{id}` needs `limits`"),
        );
        return false;
    };
    let Some(le) = cx.map(l, "`limits`") else {
        return false;
    };
    cx.check_keys(
        le,
        &["max_tool_calls", "max_attempts", "max_calls_per_tool"],
        "`limits`",
    );
    let min = |a: Option<u64>, b: Option<u64>| match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    };
    if let Some(n) = get(le, "max_tool_calls") {
        limits.max_allowed_calls = min(limits.max_allowed_calls, cx.uint(n, "`max_tool_calls`"));
    }
    if let Some(n) = get(le, "max_attempts") {
        limits.max_calls = min(limits.max_calls, cx.uint(n, "`max_attempts`"));
    }
    if let Some(n) = get(le, "max_calls_per_tool")
        && let Some(pe) = cx.map(n, "`max_calls_per_tool`")
    {
        for (k, v) in pe {
            if let Some(max) = cx.uint(v, "a per-tool limit") {
                let cur = limits.max_calls_per_tool.get(&k.name).copied();
                if let Some(m) = min(cur, Some(max)) {
                    limits.max_calls_per_tool.insert(k.name.clone(), m);
                }
            }
        }
    }
    true
}
