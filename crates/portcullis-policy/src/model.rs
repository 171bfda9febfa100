//! The validated policy: what the engine compiles.

use std::collections::BTreeMap;
use std::fmt;

use portcullis_types::{Effect, Mode};
use serde_json::Value;

use crate::Diagnostic;
use crate::glob::Glob;
use crate::selector::Selector;
use crate::template::Template;
use crate::tools::ToolSpec;

/// Which file format a policy came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `apiVersion: portcullis/v1`.
    Portcullis,
    /// `apiVersion: edictum/v1, kind: Ruleset`.
    Edictum,
    /// agent-execution-guard `policy.yaml`.
    AgentExecutionGuard,
}

impl Format {
    /// Human name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Portcullis => "portcullis/v1",
            Format::Edictum => "edictum/v1",
            Format::AgentExecutionGuard => "agent-execution-guard",
        }
    }
}

/// A loaded, validated policy (with its includes merged in).
#[derive(Debug, Clone)]
pub struct Policy {
    /// `metadata.name`.
    pub name: Option<String>,
    /// `metadata.version`.
    pub version: Option<String>,
    /// The format of the top-level file.
    pub format: Format,
    /// What happens when no rule matches, and the mode.
    pub defaults: Defaults,
    /// Tool name → what the tool is (kind and argument names), including built-in aliases.
    pub tools: BTreeMap<String, ToolSpec>,
    /// Agent identities, when configured.
    pub identity: Option<Identity>,
    /// Rules, in order (included files first).
    pub rules: Vec<Rule>,
    /// Session limits.
    pub limits: Limits,
    /// Deny thresholds per session severity.
    pub severity: SeverityThresholds,
    /// Hosts the egress detector treats as known.
    pub egress: EgressConfig,
    /// Audit settings (masking, privacy).
    pub audit: AuditConfig,
    /// The candidate bundle evaluated beside this one, never enforced.
    pub shadow: Option<Box<Policy>>,
    /// Inline test cases.
    pub tests: Vec<TestCase>,
    /// SHA-256 (hex) of the canonical policy: the JSON form of every loaded file with sorted
    /// keys, so formatting and comments do not change it.
    pub hash: String,
    /// Files loaded, in order (`builtin:` names for packs).
    pub sources: Vec<String>,
    /// Load-time warnings (for example where an imported format fails open).
    pub warnings: Vec<Diagnostic>,
}

/// `defaults:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Defaults {
    /// Effect when no rule matches. `deny` unless the policy says otherwise.
    pub effect: Effect,
    /// The policy's mode.
    pub mode: Mode,
}

/// `identity:`.
#[derive(Debug, Clone)]
pub struct Identity {
    /// Known agents.
    pub agents: Vec<Agent>,
    /// Effect for a principal whose agent is not listed (or missing).
    pub unknown_agent: Effect,
    /// Effect for a known agent calling a tool not in its `allowed_tools`.
    pub unknown_tool: Effect,
}

/// One known agent.
#[derive(Debug, Clone)]
pub struct Agent {
    /// The agent id (`principal.agent`).
    pub id: String,
    /// Tools it may call (names or globs); `None` means any tool.
    pub allowed_tools: Option<Vec<Glob>>,
    /// Roles granted to the agent, added to `principal.roles`.
    pub roles: Vec<String>,
}

/// Pre-execution or post-execution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Checks the call before it runs.
    Pre,
    /// Checks the call's result (`Action::result`); runs only when a result is present.
    Post,
}

/// One rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Unique id.
    pub id: String,
    /// Tool names or globs the rule applies to (`*` for every tool).
    pub tools: Vec<Glob>,
    /// When it runs.
    pub phase: Phase,
    /// The condition; `None` matches every call of the tools.
    pub when: Option<Expr>,
    /// A built-in check instead of (or besides) `when`.
    pub check: Option<Check>,
    /// The effect when it matches.
    pub effect: Effect,
    /// The reason, with `{selector}` placeholders.
    pub message: Option<Template>,
    /// Risk contributed when it matches.
    pub risk: Option<u8>,
    /// The approver role, for `require_approval`.
    pub approver: Option<String>,
    /// How long an approval stays open, in seconds.
    pub timeout_secs: Option<u64>,
    /// Tags.
    pub tags: Vec<String>,
    /// Per-rule mode (`observe` to try a rule without enforcing it).
    pub mode: Option<Mode>,
    /// Regexes whose matches in the tool result are redacted (edictum post `redact`).
    pub redact_patterns: Vec<regex::Regex>,
    /// Where the rule is defined.
    pub origin: String,
}

/// A condition tree.
#[derive(Debug, Clone)]
pub enum Expr {
    /// Every child holds.
    All(Vec<Expr>),
    /// At least one child holds.
    Any(Vec<Expr>),
    /// The child does not hold.
    Not(Box<Expr>),
    /// A selector tested with an operator.
    Test(Test),
}

impl Expr {
    /// Calls `f` on every test in the tree.
    pub fn visit_tests<'a>(&'a self, f: &mut impl FnMut(&'a Test)) {
        match self {
            Expr::All(xs) | Expr::Any(xs) => {
                for x in xs {
                    x.visit_tests(f);
                }
            }
            Expr::Not(x) => x.visit_tests(f),
            Expr::Test(t) => f(t),
        }
    }
}

/// One `selector: {operator: operand}` test.
#[derive(Debug, Clone)]
pub struct Test {
    /// What is tested.
    pub selector: Selector,
    /// How.
    pub op: Op,
    /// The source text, for traces (`args.path contains ".env"`).
    pub text: String,
}

/// An operator with its compiled operand.
#[derive(Debug, Clone)]
pub enum Op {
    /// The value is present (not missing, not null) — or absent, with `false`.
    Exists(bool),
    /// Equal (numbers compare by value: `1 == 1.0`).
    Equals(Value),
    /// Not equal. A missing value does not match.
    NotEquals(Value),
    /// Equal to one of the list.
    In(Vec<Value>),
    /// Equal to none of the list. A missing value does not match.
    NotIn(Vec<Value>),
    /// Substring (for strings) or element (for lists).
    Contains(String),
    /// Any of the substrings / elements.
    ContainsAny(Box<ContainsAny>),
    /// String prefix.
    StartsWith(String),
    /// String suffix.
    EndsWith(String),
    /// Regex search (unanchored, linear time).
    Matches(Box<crate::LazyRegex>),
    /// Any of the regexes.
    MatchesAny(Box<crate::LazyRegex>),
    /// Shell-style glob on the whole string.
    Glob(Box<Glob>),
    /// Greater than.
    Gt(f64),
    /// Greater or equal.
    Gte(f64),
    /// Less than.
    Lt(f64),
    /// Less or equal.
    Lte(f64),
}

/// Compiled `contains_any` operand.
#[derive(Debug, Clone)]
pub struct ContainsAny {
    /// The needles.
    pub needles: Vec<String>,
    /// A multi-substring matcher over them.
    pub matcher: aho_corasick::AhoCorasick,
}

impl Op {
    /// The operator's name as written in policies.
    pub fn name(&self) -> &'static str {
        match self {
            Op::Exists(_) => "exists",
            Op::Equals(_) => "equals",
            Op::NotEquals(_) => "not_equals",
            Op::In(_) => "in",
            Op::NotIn(_) => "not_in",
            Op::Contains(_) => "contains",
            Op::ContainsAny(_) => "contains_any",
            Op::StartsWith(_) => "starts_with",
            Op::EndsWith(_) => "ends_with",
            Op::Matches(_) => "matches",
            Op::MatchesAny(_) => "matches_any",
            Op::Glob(_) => "glob",
            Op::Gt(_) => "gt",
            Op::Gte(_) => "gte",
            Op::Lt(_) => "lt",
            Op::Lte(_) => "lte",
        }
    }
}

/// Every operator name.
pub const OPERATORS: [&str; 16] = [
    "exists",
    "equals",
    "not_equals",
    "in",
    "not_in",
    "contains",
    "contains_any",
    "starts_with",
    "ends_with",
    "matches",
    "matches_any",
    "glob",
    "gt",
    "gte",
    "lt",
    "lte",
];

/// Built-in checks that are more than one selector test.
#[derive(Debug, Clone)]
pub enum Check {
    /// edictum `type: sandbox`: paths must stay within directories, commands and domains must
    /// be allowed. Fires when anything is outside.
    Sandbox(Box<Sandbox>),
}

/// edictum sandbox settings.
#[derive(Debug, Clone, Default)]
pub struct Sandbox {
    /// Paths must be inside one of these (normalised, no trailing slash).
    pub within: Vec<String>,
    /// …and not inside any of these.
    pub not_within: Vec<String>,
    /// Allowed command names (first word of every simple command).
    pub commands: Option<Vec<String>>,
    /// Allowed domains (globs).
    pub domains: Option<Vec<Glob>>,
    /// Refused domains (globs), checked after `domains`.
    pub not_domains: Vec<Glob>,
}

/// `limits:`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Limits {
    /// Maximum calls (attempts) per session.
    pub max_calls: Option<u64>,
    /// Maximum allowed (executed) calls per session.
    pub max_allowed_calls: Option<u64>,
    /// Maximum calls per tool per session.
    pub max_calls_per_tool: BTreeMap<String, u64>,
    /// Maximum denied calls per session before `on_exceed`.
    pub max_denials: Option<u64>,
    /// What happens when a limit is exceeded.
    pub on_exceed: OnExceed,
    /// Sliding-window rates, keyed by tool name or `*`.
    pub rates: BTreeMap<String, Rate>,
}

/// What exceeding a limit does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnExceed {
    /// Deny the call.
    #[default]
    Deny,
    /// Deny and terminate the session.
    Terminate,
}

/// A sliding-window rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Calls allowed in the window.
    pub max: u64,
    /// Window length in seconds.
    pub window_secs: u64,
}

/// Risk at or above which calls are denied, per session severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeverityThresholds {
    /// While active (default 80).
    pub active: u8,
    /// While observing (default 60).
    pub observe: u8,
    /// In cooldown (default 30).
    pub cooldown: u8,
    /// Whether the thresholds apply at all (only with session state).
    pub enabled: bool,
}

impl Default for SeverityThresholds {
    fn default() -> Self {
        SeverityThresholds {
            active: 80,
            observe: 60,
            cooldown: 30,
            enabled: true,
        }
    }
}

/// `egress:` settings for the egress detector.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EgressConfig {
    /// Known hosts (`example.com`, `*.example.com`).
    pub allow: Vec<String>,
    /// Refused hosts.
    pub deny: Vec<String>,
}

/// `audit:` settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditConfig {
    /// JSON pointers whose values are replaced with `[MASKED]` in logs and the ledger.
    pub mask: Vec<String>,
    /// JSON pointers removed from logs and the ledger.
    pub drop: Vec<String>,
    /// Write only the action's hash to the ledger, not the action.
    pub privacy: bool,
    /// Ledger file, when the policy names one.
    pub ledger: Option<String>,
    /// Signing key file for the ledger.
    pub key: Option<String>,
    /// Also print decisions as JSON lines on stdout.
    pub stdout: bool,
    /// Append decisions as JSON lines to this file.
    pub file: Option<String>,
    /// Export decisions to this OTLP/HTTP endpoint.
    pub otlp: Option<String>,
}

/// An inline test: an action and the expected decision.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    /// Name (defaults to `test N`).
    pub name: String,
    /// The action, as JSON (`tool`, `args`, `principal`, …).
    pub action: Value,
    /// Expected decision.
    pub expect: Effect,
    /// Expected matching rule ids, when given (exact list).
    pub rules: Option<Vec<String>>,
    /// Finding codes that must be present.
    pub codes: Vec<String>,
    /// Where it is defined.
    pub origin: String,
}

impl fmt::Display for Test {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Policy {
    /// Compiles every regex now (they are otherwise compiled on first use) and returns one
    /// message per pattern that cannot be compiled, e.g. over the size limit. `portcullis
    /// validate` calls this; the engine fails closed on such a pattern at decision time.
    pub fn compile_regexes(&self) -> Vec<String> {
        let mut out = Vec::new();
        for rule in &self.rules {
            if let Some(when) = &rule.when {
                when.visit_tests(&mut |t| {
                    if let Op::Matches(r) | Op::MatchesAny(r) = &t.op
                        && let Err(e) = r.force()
                    {
                        out.push(format!(
                            "{}: error[policy_invalid_regex]: rule `{}`: regex `{}` cannot be compiled: {}",
                            rule.origin,
                            rule.id,
                            r.patterns().join("`, `"),
                            e.lines().rfind(|l| !l.trim().is_empty()).unwrap_or(&e).trim()
                        ));
                    }
                });
            }
        }
        out
    }
}
