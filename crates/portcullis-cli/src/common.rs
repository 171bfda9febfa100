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
