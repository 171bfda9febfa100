//! Flags and helpers shared by subcommands.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use portcullis::{Action, Mode, Policy, PolicyError};
use serde_json::{Map, Value};

/// Which policy to use.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct PolicyArgs {
    /// Policy file (portcullis/v1, edictum/v1 Ruleset or agent-execution-guard policy.yaml), or
    /// `builtin:coding-agent`. Repeat to compose several. Default: `./portcullis.yaml` if it
    /// exists, else `builtin:coding-agent`.
    #[arg(
        long = "policy",
        short = 'p',
        value_name = "FILE",
        env = "PORTCULLIS_POLICY"
    )]
    pub(crate) policies: Vec<PathBuf>,

    /// Override the policy's mode.
    #[arg(long, value_parser = ["enforce", "observe", "audit", "debug"])]
    pub(crate) mode: Option<String>,
}

impl PolicyArgs {
    /// The policy files to load (after applying the default).
    pub(crate) fn paths(&self) -> Vec<PathBuf> {
        if !self.policies.is_empty() {
            return self.policies.clone();
        }
        let local = PathBuf::from("portcullis.yaml");
        if local.is_file() {
            vec![local]
        } else {
            vec![PathBuf::from("builtin:coding-agent")]
        }
    }

    pub(crate) fn mode(&self) -> Option<Mode> {
        self.mode.as_deref().and_then(Mode::parse)
    }

    /// Loads the policy, or an error that prints every diagnostic.
    pub(crate) fn load(&self) -> anyhow::Result<Policy> {
        let paths = self.paths();
        let mut policy = load_policies(&paths)?;
        if let Some(m) = self.mode() {
            policy.defaults.mode = m;
        }
        Ok(policy)
    }
}

pub(crate) fn load_policies(paths: &[PathBuf]) -> anyhow::Result<Policy> {
    Policy::from_files(paths).map_err(|e| policy_error(&e, paths))
}

pub(crate) fn policy_error(e: &PolicyError, paths: &[PathBuf]) -> anyhow::Error {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    match e {
        PolicyError::Invalid(_) => anyhow::anyhow!("invalid policy\n{e}"),
        _ => anyhow::anyhow!("loading policy {}: {e}", names.join(", ")),
    }
}

/// Session and approval state.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct StateArgs {
    /// State file (SQLite) shared by every portcullis process: sessions, rate windows,
    /// approvals. Default: `$XDG_STATE_HOME/portcullis/state.db` or
    /// `~/.local/state/portcullis/state.db`.
    #[arg(long, value_name = "FILE", env = "PORTCULLIS_STATE", global = true)]
    pub(crate) state: Option<PathBuf>,

    /// Decide without session state or approvals (overrides `--state` and `PORTCULLIS_STATE`).
    #[arg(long, global = true)]
    pub(crate) no_state: bool,
}

impl StateArgs {
    /// The state option, `default_on` deciding what no flag means.
    pub(crate) fn option(&self, default_on: bool) -> Option<portcullis::StateOption> {
        if self.no_state {
            return None;
        }
        match &self.state {
            Some(p) => Some(portcullis::StateOption::File(p.clone())),
            None if default_on => Some(portcullis::StateOption::Default),
            None => None,
        }
    }

    /// Opens the store (for `approvals` and `sessions`).
    pub(crate) fn open(&self) -> anyhow::Result<std::sync::Arc<dyn portcullis::Store>> {
        let path = match &self.state {
            Some(p) => p.clone(),
            None => portcullis::default_state_path().context(
                "no state location\n  help: pass `--state FILE` or set PORTCULLIS_STATE",
            )?,
        };
        let mut b = portcullis::SqliteStore::builder(&path);
        if let Some(c) = test_clock() {
            b = b.clock(c);
        }
        let store = b
            .open()
            .with_context(|| format!("opening state `{}`", path.display()))?;
        Ok(std::sync::Arc::new(store))
    }
}

/// The signed ledger and audit sinks.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct AuditArgs {
    /// Append every decision to this signed, hash-chained ledger (needs `--key`).
    #[arg(long, value_name = "FILE", env = "PORTCULLIS_LEDGER")]
    pub(crate) ledger: Option<PathBuf>,

    /// Ed25519 private key for the ledger (`portcullis keygen`; PKCS#8 PEM or OpenSSH; must not
    /// be readable by others).
    #[arg(long, value_name = "FILE", env = "PORTCULLIS_KEY")]
    pub(crate) key: Option<PathBuf>,

    /// When the ledger is flushed to disk: `always` (each entry), `batch` (every 64 entries and
    /// at exit), `never` (left to the OS).
    #[arg(long, value_name = "POLICY")]
    pub(crate) fsync: Option<String>,

    /// Also append every decision as a JSON line to this file (secrets redacted).
    #[arg(long, value_name = "FILE")]
    pub(crate) audit_file: Option<PathBuf>,

    /// Also export decisions to an OpenTelemetry collector (OTLP/HTTP, e.g.
    /// `http://127.0.0.1:4318`).
    #[arg(long, value_name = "URL")]
    pub(crate) otlp: Option<String>,
}

/// Guard options from the shared flags.
pub(crate) fn guard_options(
    policy: &PolicyArgs,
    state: Option<portcullis::StateOption>,
    audit: Option<&AuditArgs>,
    trace: bool,
) -> portcullis::GuardOptions {
    portcullis::GuardOptions {
        policies: policy.policies.clone(),
        mode: policy.mode(),
        state,
        ledger: audit.and_then(|a| a.ledger.clone()),
        key: audit.and_then(|a| a.key.clone()),
        fsync: audit.and_then(|a| a.fsync.clone()),
        audit_stdout: false,
        audit_file: audit.and_then(|a| a.audit_file.clone()),
        otlp: audit.and_then(|a| a.otlp.clone()),
        trace,
        clock: test_clock(),
    }
}

/// A fixed clock for tests: `PORTCULLIS_TEST_NOW_MS` (milliseconds since the epoch). Undocumented
/// on purpose — it exists so scenario tests can move time (approval deadlines, rate windows,
/// severity decay) without sleeping.
pub(crate) fn test_clock() -> Option<std::sync::Arc<dyn portcullis::Clock>> {
    let ms: i64 = std::env::var("PORTCULLIS_TEST_NOW_MS").ok()?.parse().ok()?;
    Some(std::sync::Arc::new(portcullis::ManualClock::new(ms)))
}

/// Builds a guard, rendering policy errors with every diagnostic.
pub(crate) fn build_guard(opts: &portcullis::GuardOptions) -> anyhow::Result<portcullis::Guard> {
    let policy = load_policies(&opts.policy_paths())?;
    let mut policy = policy;
    if let Some(m) = opts.mode {
        policy.defaults.mode = m;
    }
    opts.build_with(policy).map_err(|e| anyhow::anyhow!("{e}"))
}

/// One action from flags.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ActionArgs {
    /// The tool name (`Bash`, `read_file`, `mcp__github__create_issue`, …).
    #[arg(long, short = 't', value_name = "NAME")]
    pub(crate) tool: Option<String>,

    /// A tool argument; VALUE is parsed as JSON when it is valid JSON, else taken as a string.
    /// Repeatable: `--arg command='rm -rf /' --arg timeout=30`.
    #[arg(long = "arg", short = 'a', value_name = "KEY=VALUE")]
    pub(crate) args: Vec<String>,

    /// All tool arguments as one JSON object (merged with `--arg`).
    #[arg(long, value_name = "JSON")]
    pub(crate) args_json: Option<String>,

    /// A principal field (`agent`, `user`, `session`, `roles`, or any other). Repeatable.
    #[arg(long = "principal", short = 'P', value_name = "KEY=VALUE")]
    pub(crate) principal: Vec<String>,

    /// Shorthand for `--principal session=ID`.
    #[arg(long, value_name = "ID")]
    pub(crate) session: Option<String>,

    /// Shorthand for `--principal agent=ID`.
    #[arg(long, value_name = "ID")]
    pub(crate) agent: Option<String>,

    /// The environment (`dev`, `prod`, …).
    #[arg(long = "env", value_name = "NAME")]
    pub(crate) environment: Option<String>,

    /// A context field; VALUE parsed as for `--arg`. Repeatable.
    #[arg(long = "context", value_name = "KEY=VALUE")]
    pub(crate) context: Vec<String>,

    /// The tool's output, for post-execution rules (text, or JSON when valid JSON).
    #[arg(long, value_name = "TEXT")]
    pub(crate) result: Option<String>,

    /// The whole action as a JSON object (`{"tool", "args", "principal", …}`), instead of the
    /// flags above.
    #[arg(long, value_name = "JSON", conflicts_with_all = ["tool", "args", "args_json"])]
    pub(crate) action: Option<String>,
}

fn split_kv(s: &str) -> anyhow::Result<(&str, &str)> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k, v)),
        _ => bail!("expected KEY=VALUE, got `{s}`"),
    }
}

/// `5` → number, `true` → bool, `{"a":1}` → object, anything else → string.
pub(crate) fn json_or_string(v: &str) -> Value {
    serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.to_owned()))
}

const STRING_PRINCIPAL: [&str; 5] = ["agent", "user", "session", "owner", "team"];

impl ActionArgs {
    pub(crate) fn build(&self) -> anyhow::Result<Action> {
        let mut action = if let Some(text) = &self.action {
            Action::from_json(text).map_err(|e| anyhow::anyhow!("{e}"))?
        } else {
            let Some(tool) = &self.tool else {
                bail!(
                    "no action given\n  help: pass `--tool NAME` (with `--arg KEY=VALUE`), `--action JSON`, or `--input FILE` for a batch"
                );
            };
            let mut args = Map::new();
            if let Some(j) = &self.args_json {
                match serde_json::from_str::<Value>(j) {
                    Ok(Value::Object(m)) => args = m,
                    Ok(_) => bail!("`--args-json` must be a JSON object"),
                    Err(e) => bail!("`--args-json` is not valid JSON: {e}"),
                }
            }
            for kv in &self.args {
                let (k, v) = split_kv(kv)?;
                args.insert(k.to_owned(), json_or_string(v));
            }
            Action::new(tool.clone(), args)
        };
        let mut principal = action.principal.fields().clone();
        for kv in &self.principal {
            let (k, v) = split_kv(kv)?;
            let value = if STRING_PRINCIPAL.contains(&k) {
                Value::String(v.to_owned())
            } else if k == "roles" && !v.trim_start().starts_with('[') {
                Value::Array(
                    v.split(',')
                        .filter(|r| !r.is_empty())
                        .map(|r| Value::String(r.trim().to_owned()))
                        .collect(),
                )
            } else {
                json_or_string(v)
            };
            principal.insert(k.to_owned(), value);
        }
        if let Some(s) = &self.session {
            principal.insert("session".into(), Value::String(s.clone()));
        }
        if let Some(a) = &self.agent {
            principal.insert("agent".into(), Value::String(a.clone()));
        }
        action.principal =
            portcullis::Principal::from_map(principal).map_err(|e| anyhow::anyhow!("{e}"))?;
        if let Some(e) = &self.environment {
            action.environment = Some(e.clone());
        }
        for kv in &self.context {
            let (k, v) = split_kv(kv)?;
            action.context.insert(k.to_owned(), json_or_string(v));
        }
        if let Some(r) = &self.result {
            action.result = Some(json_or_string(r));
        }
        Ok(action)
    }
}

/// Reads a file, or stdin for `-`.
pub(crate) fn read_input(path: &Path) -> anyhow::Result<String> {
    if path == Path::new("-") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).context("reading stdin")?;
        Ok(s)
    } else {
        std::fs::read_to_string(path).with_context(|| format!("reading `{}`", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arg_values_are_json_when_valid() {
        assert_eq!(json_or_string("5"), Value::from(5));
        assert_eq!(json_or_string("true"), Value::Bool(true));
        assert_eq!(json_or_string(".env"), Value::from(".env"));
        assert_eq!(json_or_string("rm -rf /"), Value::from("rm -rf /"));
        assert_eq!(json_or_string("\"5\""), Value::from("5"));
    }

    #[test]
    fn builds_an_action_from_flags() {
        let a = ActionArgs {
            tool: Some("bash".into()),
            args: vec!["command=ls -la".into(), "timeout=30".into()],
            args_json: None,
            principal: vec!["session=123".into(), "roles=a,b".into(), "tier=2".into()],
            session: None,
            agent: Some("bot".into()),
            environment: Some("prod".into()),
            context: vec![],
            result: None,
            action: None,
        };
        let act = a.build().unwrap();
        assert_eq!(act.args["command"], "ls -la");
        assert_eq!(act.args["timeout"], 30);
        assert_eq!(act.principal.session(), Some("123"));
        assert_eq!(act.principal.roles().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(act.principal.field("tier"), Some(&Value::from(2)));
        assert_eq!(act.principal.agent(), Some("bot"));
        assert!(split_kv("novalue").is_err());
    }
}
