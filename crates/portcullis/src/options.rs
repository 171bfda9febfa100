//! Building a guard from the options every front end shares (`--policy`, `--state`,
//! `--ledger`, `--key`, …), so the CLI, hooks, MCP proxy, server and Python package configure
//! portcullis the same way.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use portcullis_ledger::{
    ActionRecording, FileSink, FsyncPolicy, LedgerWriter, Masking, OtlpConfig, OtlpSink,
    SigningKey, Sink, StdoutSink,
};
use portcullis_policy::Policy;
use portcullis_store::{SqliteStore, Store};
use portcullis_types::Mode;

use crate::{Guard, GuardError};

/// Where state lives when neither `--state` nor `PORTCULLIS_STATE` says.
///
/// `$XDG_STATE_HOME/portcullis/state.db`, else `~/.local/state/portcullis/state.db`.
pub fn default_state_path() -> Option<PathBuf> {
    portcullis_store::default_state_path(
        std::env::var_os("XDG_STATE_HOME").as_deref(),
        std::env::var_os("HOME").as_deref(),
    )
}

/// Options shared by every front end.
#[derive(Clone, Default)]
pub struct GuardOptions {
    /// Policy files (or `builtin:NAME`), composed in order. Empty: `./portcullis.yaml` if it
    /// exists, else `builtin:coding-agent`.
    pub policies: Vec<PathBuf>,
    /// Overrides the policy's mode.
    pub mode: Option<Mode>,
    /// Session and approval state: `None` for stateless decisions.
    pub state: Option<StateOption>,
    /// Ledger file (needs `key`); the policy's `audit.ledger` is used when unset.
    pub ledger: Option<PathBuf>,
    /// Ledger signing key; the policy's `audit.key` is used when unset.
    pub key: Option<PathBuf>,
    /// Ledger fsync policy (`always`, `batch`, `batch:N`, `never`).
    pub fsync: Option<String>,
    /// Print every decision as a JSON line on stdout (audit sink).
    pub audit_stdout: bool,
    /// Append every decision as a JSON line to this file (audit sink).
    pub audit_file: Option<PathBuf>,
    /// Export decisions to this OTLP/HTTP endpoint.
    pub otlp: Option<String>,
    /// Record a trace of every rule in each decision.
    pub trace: bool,
    /// The clock for decisions, the store and approval deadlines (default: the system clock).
    pub clock: Option<Arc<dyn portcullis_store::Clock>>,
}

impl std::fmt::Debug for GuardOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuardOptions")
            .field("policies", &self.policies)
            .field("mode", &self.mode)
            .field("state", &self.state)
            .field("ledger", &self.ledger)
            .field("key", &self.key)
            .field("fsync", &self.fsync)
            .finish_non_exhaustive()
    }
}

/// Which state store to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateOption {
    /// A SQLite file shared by every process that names it.
    File(PathBuf),
    /// The default file ([`default_state_path`]).
    Default,
    /// In memory, for this process only.
    Memory,
}

impl GuardOptions {
    /// The policy paths after applying the default.
    pub fn policy_paths(&self) -> Vec<PathBuf> {
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

    /// Loads the policy (with the mode override).
    pub fn load_policy(&self) -> Result<Policy, GuardError> {
        let mut p = Policy::from_files(&self.policy_paths())?;
        if let Some(m) = self.mode {
            p.defaults.mode = m;
        }
        Ok(p)
    }

    /// Builds the guard: policy, store, ledger and sinks.
    pub fn build(&self) -> Result<Guard, GuardError> {
        let policy = self.load_policy()?;
        self.build_with(policy)
    }

    /// Builds the guard around an already loaded policy.
    pub fn build_with(&self, policy: Policy) -> Result<Guard, GuardError> {
        let audit = policy.audit.clone();
        let mut b = Guard::builder().trace(self.trace);
        if let Some(c) = &self.clock {
            b = b.clock(c.clone());
        }
        match &self.state {
            None => {}
            Some(StateOption::Memory) => {
                let mut mb = portcullis_store::MemoryStore::builder();
                if let Some(c) = &self.clock {
                    mb = mb.clock(c.clone());
                }
                b = b.store(Arc::new(mb.build()?));
            }
            Some(StateOption::File(p)) => b = b.store(self.open_state(p)?),
            Some(StateOption::Default) => {
                let p = default_state_path().ok_or_else(|| {
                    GuardError::Config(
                        "no state location: set `--state FILE`, `PORTCULLIS_STATE` or `HOME`"
                            .to_owned(),
                    )
                })?;
                b = b.store(self.open_state(&p)?);
            }
        }
        let masking = Masking::new(audit.mask.clone(), audit.drop.clone())
            .map_err(|e| GuardError::Config(format!("invalid `audit` masking: {e}")))?;
        let ledger = self
            .ledger
            .clone()
            .or(audit.ledger.as_ref().map(PathBuf::from));
        let key = self.key.clone().or(audit.key.as_ref().map(PathBuf::from));
        match (ledger, key) {
            (Some(ledger), Some(key)) => {
                let key = SigningKey::load(&key).map_err(|e| GuardError::Ledger(e.to_string()))?;
                let mut wb = LedgerWriter::builder(ledger, key).masking(masking.clone());
                if let Some(f) = &self.fsync {
                    let policy: FsyncPolicy = f
                        .parse()
                        .map_err(|e| GuardError::Config(format!("invalid fsync policy: {e}")))?;
                    wb = wb.fsync(policy);
                }
                if audit.privacy {
                    wb = wb.action_recording(ActionRecording::HashOnly);
                }
                let w = wb.open().map_err(|e| GuardError::Ledger(e.to_string()))?;
                b = b.ledger(w);
            }
            (Some(l), None) => {
                return Err(GuardError::Config(format!(
                    "ledger `{}` needs a signing key: pass `--key FILE` (make one with `portcullis keygen`)",
                    l.display()
                )));
            }
            (None, _) => {}
        }
        let mut sinks: Vec<Box<dyn Sink>> = Vec::new();
        if self.audit_stdout || audit.stdout {
            sinks.push(Box::new(StdoutSink::new()));
        }
        if let Some(f) = self
            .audit_file
            .clone()
            .or(audit.file.as_ref().map(PathBuf::from))
        {
            sinks.push(Box::new(
                FileSink::open(&f).map_err(|e| GuardError::Config(e.to_string()))?,
            ));
        }
        if let Some(ep) = self.otlp.clone().or(audit.otlp.clone()) {
            sinks.push(Box::new(
                OtlpSink::new(OtlpConfig::new(&ep))
                    .map_err(|e| GuardError::Config(e.to_string()))?,
            ));
        }
        for s in sinks {
            b = b.sink(s);
        }
        b.masking(masking)
            .privacy(audit.privacy)
            .policy(policy)
            .build()
    }
}

impl GuardOptions {
    fn open_state(&self, path: &Path) -> Result<Arc<dyn Store>, GuardError> {
        let mut b = SqliteStore::builder(path);
        if let Some(c) = &self.clock {
            b = b.clock(c.clone());
        }
        Ok(Arc::new(b.open()?))
    }
}
