#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![deny(clippy::disallowed_methods)]

mod detectors;
mod eval;
mod facts;
mod render;
mod resolve;
mod sandbox;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use portcullis_policy::{Check, Expr, Glob, OnExceed, Phase, Policy, Rule};
use portcullis_types::{
    Action, Alert, Decision, DecisionError, Effect, Mode, Redactions, SessionView, Severity,
    ShadowDecision, TraceStep,
};

use crate::eval::Tri;
use crate::facts::Facts;

pub use render::{has_secret, map_has_secret, redact_json, redact_text};

/// A compiled policy: rules indexed by tool name, ready to decide actions.
///
/// Compile once, then call [`Program::decide`] from any number of threads.
#[derive(Debug)]
pub struct Program {
    policy: Policy,
    index: Index,
    egress: Result<portcullis_detect_egress::EgressPolicy, String>,
    shadow: Option<Box<Program>>,
}

/// What the caller supplies for one decision besides the action: ids, time and options.
/// The engine reads no clock and generates no ids itself.
#[derive(Debug, Clone, Default)]
pub struct DecideInput {
    /// The decision id (time-ordered, unique), made by the caller.
    pub decision_id: String,
    /// The decision time, RFC 3339 UTC, made by the caller.
    pub timestamp: String,
    /// Record a trace of every rule tried (also on in debug mode).
    pub trace: bool,
}

/// Rule ids of built-in checks that are not policy rules.
pub mod builtin_ids {
    /// The session was terminated earlier.
    pub const SESSION_TERMINATED: &str = "session.terminated";
    /// The agent is not listed under `identity.agents`.
    pub const UNKNOWN_AGENT: &str = "identity.unknown_agent";
    /// The agent may not call this tool.
    pub const TOOL_NOT_ALLOWED: &str = "identity.tool_not_allowed";
    /// `limits.max_calls`.
    pub const MAX_CALLS: &str = "limits.max_calls";
    /// `limits.max_allowed_calls`.
    pub const MAX_ALLOWED_CALLS: &str = "limits.max_allowed_calls";
    /// `limits.max_calls_per_tool`.
    pub const MAX_CALLS_PER_TOOL: &str = "limits.max_calls_per_tool";
    /// `limits.max_denials`.
    pub const MAX_DENIALS: &str = "limits.max_denials";
    /// `limits.rates`.
    pub const RATE: &str = "limits.rate";
    /// The risk reached the session's severity threshold.
    pub const SEVERITY: &str = "session.severity_threshold";
}

const MAX_CACHED_TOOLS: usize = 4096;

/// Rule indices by tool name: exact names in a map, wildcard patterns scanned once per new tool
/// name and cached.
#[derive(Debug)]
struct Index {
    exact: HashMap<String, Vec<u32>>,
    patterns: Vec<(Glob, u32)>,
    cache: RwLock<HashMap<String, Arc<[u32]>>>,
}

impl Index {
    fn build(rules: &[Rule]) -> Index {
        let mut exact: HashMap<String, Vec<u32>> = HashMap::new();
        let mut patterns = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            for g in &r.tools {
                if g.is_exact() {
                    exact.entry(g.as_str().to_owned()).or_default().push(i);
                } else {
                    patterns.push((g.clone(), i));
                }
            }
        }
        Index {
            exact,
            patterns,
            cache: RwLock::new(HashMap::new()),
        }
    }

    fn candidates(&self, tool: &str) -> Arc<[u32]> {
        if let Ok(c) = self.cache.read()
            && let Some(hit) = c.get(tool)
        {
            return hit.clone();
        }
        let mut v: Vec<u32> = self.exact.get(tool).cloned().unwrap_or_default();
        v.extend(
            self.patterns
                .iter()
                .filter(|(g, _)| g.is_match(tool))
                .map(|(_, i)| *i),
        );
        v.sort_unstable();
        v.dedup();
        let arc: Arc<[u32]> = v.into();
        if let Ok(mut c) = self.cache.write()
            && c.len() < MAX_CACHED_TOOLS
        {
            c.insert(tool.to_owned(), arc.clone());
        }
        arc
    }
}

/// One contribution to a decision.
#[derive(Debug, Clone)]
struct Match<'p> {
    rule_id: Cow<'p, str>,
    effect: Effect,
    enforced: bool,
    message: String,
    risk: Option<u8>,
    approver: Option<&'p str>,
    timeout_secs: Option<u64>,
    rule: Option<&'p Rule>,
}

#[derive(Default)]
struct Acc<'p> {
    matches: Vec<Match<'p>>,
    errors: Vec<DecisionError>,
    trace: Option<Vec<TraceStep>>,
}

impl Program {
    /// Compiles a policy (and its shadow bundle).
    pub fn compile(mut policy: Policy) -> Program {
        let shadow = policy.shadow.take().map(|s| Box::new(Program::compile(*s)));
        let index = Index::build(&policy.rules);
        let egress =
            portcullis_detect_egress::EgressPolicy::new(&policy.egress.allow, &policy.egress.deny)
                .map_err(|e| format!("invalid `egress` host list: {e}"));
        Program {
            policy,
            index,
            egress,
            shadow,
        }
    }

    /// The policy this program was compiled from.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The shadow program, when the policy has one.
    pub fn shadow(&self) -> Option<&Program> {
        self.shadow.as_deref()
    }

    /// Decides one action. Never fails: an internal failure is a `deny` listing the failure
    /// under `errors`.
    pub fn decide(&self, action: &Action, session: &SessionView, input: &DecideInput) -> Decision {
        let mut d = self.decide_inner(action, session, input);
        if let Some(sh) = &self.shadow {
            let s = sh.decide_inner(action, session, input);
            d.shadow = Some(ShadowDecision {
                decision: s.would_decision,
                rule_ids: s
                    .rule_ids
                    .into_iter()
                    .map(|r| {
                        if r.ends_with(":candidate") {
                            r
                        } else {
                            format!("{r}:candidate")
                        }
                    })
                    .collect(),
                policy_hash: s.policy_hash,
            });
        }
        d
    }

    fn decide_inner(
        &self,
        action: &Action,
        session: &SessionView,
        input: &DecideInput,
    ) -> Decision {
        let p = &self.policy;
        let policy_mode = p.defaults.mode;
        let tracing = input.trace || policy_mode == Mode::Debug;
        let facts = Facts::new(action, p.tools.get(&action.tool), &self.egress);
        let mut acc = Acc {
            trace: tracing.then(Vec::new),
            ..Acc::default()
        };
        let enforce_builtin = policy_mode.enforces();

        self.check_session(session, action, enforce_builtin, &mut acc);
        self.check_identity(action, &facts, enforce_builtin, &mut acc);

        let has_result = action.result.is_some();
        for &i in self.index.candidates(&action.tool).iter() {
            let Some(rule) = p.rules.get(i as usize) else {
                continue;
            };
            if rule.phase == Phase::Post && !has_result {
                continue;
            }
            self.eval_rule(rule, &facts, session, &mut acc);
        }

        // Risk: the maximum of findings computed and matched rules' risk.
        let rule_risk = acc.matches.iter().filter_map(|m| m.risk).max().unwrap_or(0);
        let risk_score = facts.risk().max(rule_risk);
        // A secret in the arguments is a hazard only if it leaks; when a matching rule redacts
        // it, it no longer counts against the session's severity threshold (otherwise every
        // redaction in a session would become a deny).
        let redacting = acc.matches.iter().any(|m| m.effect == Effect::Redact);
        let threshold_risk = if redacting {
            facts
                .computed()
                .flat_map(|f| f.findings.iter())
                .filter(|f| !f.code.starts_with("secret."))
                .map(|f| f.risk)
                .max()
                .unwrap_or(0)
                .max(rule_risk)
        } else {
            risk_score
        };
        if p.severity.enabled && session.session.is_some() {
            let threshold = match session.severity {
                Severity::Active => p.severity.active,
                Severity::Observe => p.severity.observe,
                Severity::Cooldown => p.severity.cooldown,
            };
            if threshold_risk > 0 && threshold_risk >= threshold {
                acc.matches.push(Match {
                    rule_id: Cow::Borrowed(builtin_ids::SEVERITY),
                    effect: Effect::Deny,
                    enforced: enforce_builtin,
                    message: format!(
                        "risk {threshold_risk} reaches the {} threshold ({threshold}) of this session",
                        session.severity
                    ),
                    risk: None,
                    approver: None,
                    timeout_secs: None,
                    rule: None,
                });
            }
        }

        for f in facts.computed() {
            if let Some(e) = &f.error {
                acc.errors
                    .push(DecisionError::new("detector_failed", e.clone()));
            }
        }

        self.finish(action, &facts, acc, risk_score, input, policy_mode)
    }

    fn check_session(
        &self,
        session: &SessionView,
        action: &Action,
        enforced: bool,
        acc: &mut Acc<'_>,
    ) {
        let mut push = |id: &'static str, effect: Effect, message: String| {
            acc.matches.push(Match {
                rule_id: Cow::Borrowed(id),
                effect,
                enforced,
                message,
                risk: None,
                approver: None,
                timeout_secs: None,
                rule: None,
            });
        };
        if session.terminated {
            push(
                builtin_ids::SESSION_TERMINATED,
                Effect::Terminate,
                "this session was terminated; an operator must reset it".to_owned(),
            );
            return;
        }
        if session.session.is_none() {
            return;
        }
        let l = &self.policy.limits;
        let exceed = match l.on_exceed {
            OnExceed::Deny => Effect::Deny,
            OnExceed::Terminate => Effect::Terminate,
        };
        if let Some(max) = l.max_calls
            && session.calls >= max
        {
            push(
                builtin_ids::MAX_CALLS,
                exceed,
                format!("the session reached its limit of {max} calls"),
            );
        }
        if let Some(max) = l.max_allowed_calls
            && session.calls.saturating_sub(session.denials) >= max
        {
            push(
                builtin_ids::MAX_ALLOWED_CALLS,
                exceed,
                format!("the session reached its limit of {max} executed calls"),
            );
        }
        if let Some(&max) = l.max_calls_per_tool.get(&action.tool)
            && session
                .calls_by_tool
                .get(&action.tool)
                .copied()
                .unwrap_or(0)
                >= max
        {
            push(
                builtin_ids::MAX_CALLS_PER_TOOL,
                exceed,
                format!(
                    "the session reached its limit of {max} calls of `{}`",
                    action.tool
                ),
            );
        }
        if let Some(max) = l.max_denials
            && session.denials >= max
        {
            push(
                builtin_ids::MAX_DENIALS,
                exceed,
                format!(
                    "the session had {} denied calls (limit {max})",
                    session.denials
                ),
            );
        }
        for (key, rate) in &l.rates {
            if key != "*" && key != &action.tool {
                continue;
            }
            let seen = session.window_calls.get(key).copied().unwrap_or(0);
            if seen >= rate.max {
                push(
                    builtin_ids::RATE,
                    Effect::Deny,
                    format!(
                        "rate limit: {} calls of `{key}` in {}s (limit {})",
                        seen, rate.window_secs, rate.max
                    ),
                );
            }
        }
    }

    fn check_identity(
        &self,
        action: &Action,
        facts: &Facts<'_>,
        enforced: bool,
        acc: &mut Acc<'_>,
    ) {
        let Some(id) = &self.policy.identity else {
            return;
        };
        let agent_name = action.principal.agent();
        let agent = agent_name.and_then(|n| id.agents.iter().find(|a| a.id == n));
        let _ = facts;
        let (rule_id, effect, message) = match agent {
            None => (
                builtin_ids::UNKNOWN_AGENT,
                id.unknown_agent,
                format!(
                    "agent `{}` is not known to this policy",
                    agent_name.unwrap_or("<none>")
                ),
            ),
            Some(a) => match &a.allowed_tools {
                Some(tools) if !tools.iter().any(|g| g.is_match(&action.tool)) => (
                    builtin_ids::TOOL_NOT_ALLOWED,
                    id.unknown_tool,
                    format!("agent `{}` may not call `{}`", a.id, action.tool),
                ),
                _ => return,
            },
        };
        acc.matches.push(Match {
            rule_id: Cow::Borrowed(rule_id),
            effect,
            enforced,
            message,
            risk: None,
            approver: None,
            timeout_secs: None,
            rule: None,
        });
    }

    fn eval_rule<'p>(
        &'p self,
        rule: &'p Rule,
        facts: &Facts<'_>,
        session: &SessionView,
        acc: &mut Acc<'p>,
    ) {
        let mut detail = acc.trace.as_ref().map(|_| Vec::new());
        let mut result = match &rule.when {
            Some(e) => self.eval_expr(e, facts, session, &mut detail),
            None => Tri::True,
        };
        if result == Tri::True
            && let Some(Check::Sandbox(sb)) = &rule.check
        {
            result = match sandbox::outside(sb, facts) {
                Some(why) => {
                    if let Some(d) = &mut detail {
                        d.push(why);
                    }
                    Tri::True
                }
                None => Tri::False,
            };
        }
        let matched = match &result {
            Tri::True => true,
            Tri::False => false,
            Tri::Error(msg) => {
                acc.errors.push(DecisionError {
                    code: "rule_evaluation_failed".to_owned(),
                    message: msg.clone(),
                    rule_id: Some(rule.id.clone()),
                });
                // A failing test fires a restrictive rule (as edictum does); a permissive rule
                // never fires on an error. Either way the error forces a deny.
                rule.effect >= Effect::RequireApproval
            }
        };
        if let (Some(t), Some(d)) = (&mut acc.trace, detail) {
            t.push(TraceStep {
                rule_id: rule.id.clone(),
                matched,
                detail: if d.is_empty() {
                    "no condition".to_owned()
                } else {
                    d.join("; ")
                },
            });
        }
        if !matched {
            return;
        }
        let mode = rule.mode.unwrap_or(self.policy.defaults.mode);
        let message = rule.message.as_ref().map_or_else(
            || format!("matched rule `{}`", rule.id),
            |t| render::render(t, facts, session, self),
        );
        acc.matches.push(Match {
            rule_id: Cow::Borrowed(&rule.id),
            effect: rule.effect,
            enforced: mode.enforces(),
            message,
            risk: rule.risk,
            approver: rule.approver.as_deref(),
            timeout_secs: rule.timeout_secs,
            rule: Some(rule),
        });
    }

    fn eval_expr(
        &self,
        expr: &Expr,
        facts: &Facts<'_>,
        session: &SessionView,
        detail: &mut Option<Vec<String>>,
    ) -> Tri {
        match expr {
            Expr::All(xs) => {
                for x in xs {
                    match self.eval_expr(x, facts, session, detail) {
                        Tri::True => {}
                        other => return other,
                    }
                }
                Tri::True
            }
            Expr::Any(xs) => {
                for x in xs {
                    match self.eval_expr(x, facts, session, detail) {
                        Tri::False => {}
                        other => return other,
                    }
                }
                Tri::False
            }
            Expr::Not(x) => match self.eval_expr(x, facts, session, detail) {
                Tri::True => Tri::False,
                Tri::False => Tri::True,
                err @ Tri::Error(_) => err,
            },
            Expr::Test(t) => {
                let v = resolve::resolve(&t.selector, facts, session, self);
                let r = eval::apply(&t.op, &v);
                if let Some(d) = detail {
                    let shown = match &r {
                        Tri::True => "true".to_owned(),
                        Tri::False => "false".to_owned(),
                        Tri::Error(m) => format!("error: {m}"),
                    };
                    d.push(format!("{} → {shown}", t.text));
                }
                r
            }
        }
    }

    fn finish(
        &self,
        action: &Action,
        facts: &Facts<'_>,
        acc: Acc<'_>,
        risk_score: u8,
        input: &DecideInput,
        policy_mode: Mode,
    ) -> Decision {
        let p = &self.policy;
        let Acc {
            matches,
            errors,
            trace,
        } = acc;
        let base_enforced = if policy_mode.enforces() {
            p.defaults.effect
        } else {
            Effect::Allow
        };
        let combine = |only_enforced: bool, base: Effect| -> Effect {
            let considered = matches.iter().filter(|m| !only_enforced || m.enforced);
            // alert and redact only modify an allow; they never decide on their own.
            let decisive = considered
                .clone()
                .map(|m| m.effect)
                .filter(|e| {
                    matches!(
                        e,
                        Effect::Allow | Effect::RequireApproval | Effect::Deny | Effect::Terminate
                    )
                })
                .max();
            let modifier = considered
                .map(|m| m.effect)
                .filter(|e| matches!(e, Effect::Alert | Effect::Redact))
                .max();
            let decided = decisive.unwrap_or(base);
            match (decided, modifier) {
                (e, Some(m)) if e.is_allowed() => e.max(m),
                (e, _) => e,
            }
        };
        let mut decision = combine(true, base_enforced);
        let mut would = combine(false, p.defaults.effect);
        if !errors.is_empty() {
            would = would.max(Effect::Deny);
            if policy_mode.enforces() {
                decision = decision.max(Effect::Deny);
            }
        }
        let enforced = policy_mode.enforces() || matches.iter().any(|m| m.enforced);

        // The reason: the first match with the deciding effect.
        let lead = matches
            .iter()
            .find(|m| m.effect == decision && (m.enforced || !policy_mode.enforces()))
            .or_else(|| matches.iter().find(|m| m.effect == would));
        let reason = if let Some(m) = lead {
            m.message.clone()
        } else if let Some(e) = errors.first() {
            format!("failed closed: {}", e.message)
        } else if matches.is_empty() {
            format!(
                "no rule matched; the policy's default is {}",
                p.defaults.effect
            )
        } else {
            format!("decided {decision}")
        };
        let reason = if decision == Effect::Deny
            && lead.is_none_or(|m| m.effect != Effect::Deny)
            && !errors.is_empty()
        {
            format!(
                "failed closed: {}",
                errors.first().map_or("", |e| e.message.as_str())
            )
        } else {
            reason
        };

        let (approver, approval_timeout) =
            if decision == Effect::RequireApproval || would == Effect::RequireApproval {
                matches
                    .iter()
                    .find(|m| m.effect == Effect::RequireApproval)
                    .map_or((None, None), |m| {
                        (
                            m.approver.map(str::to_owned),
                            m.timeout_secs.map(|s| format!("{s}s")),
                        )
                    })
            } else {
                (None, None)
            };

        let alerts: Vec<Alert> = matches
            .iter()
            .filter(|m| m.effect == Effect::Alert)
            .map(|m| Alert {
                rule_id: m.rule_id.to_string(),
                message: m.message.clone(),
            })
            .collect();

        let redact_rules: Vec<&Rule> = matches
            .iter()
            .filter(|m| m.effect == Effect::Redact)
            .filter_map(|m| m.rule)
            .collect();
        let redactions = if redact_rules.is_empty() {
            None
        } else {
            Some(render::redactions(action, facts, &redact_rules))
        };
        let redactions: Option<Redactions> = redactions;

        let mut findings = Vec::new();
        for f in facts.computed() {
            findings.extend(f.findings.iter().cloned());
        }

        let reason = redact_text(&reason);
        Decision {
            decision_id: input.decision_id.clone(),
            action_id: action.action_id.clone(),
            decision,
            enforced,
            would_decision: would,
            rule_ids: matches.iter().map(|m| m.rule_id.to_string()).collect(),
            reason,
            findings,
            risk_score,
            approver,
            approval_id: None,
            approval_timeout,
            redactions,
            alerts,
            errors,
            policy_hash: p.hash.clone(),
            mode: policy_mode,
            timestamp: input.timestamp.clone(),
            shadow: None,
            trace,
            ledger: None,
        }
    }
}
