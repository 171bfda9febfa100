#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

mod guard;
mod hash;
mod options;
mod time;

pub use guard::{Guard, GuardBuilder, GuardError};
pub use hash::action_hash;
pub use options::{GuardOptions, StateOption, default_state_path};
pub use time::rfc3339;

pub use portcullis_engine::{DecideInput, Program, builtin_ids};
pub use portcullis_ledger as ledger;
pub use portcullis_policy::{Policy, PolicyError};
pub use portcullis_store as store;
pub use portcullis_store::{
    Approval, ApprovalFilter, ApprovalStatus, Clock, ManualClock, MemoryStore, SqliteStore, Store,
    StoreError, SystemClock,
};
pub use portcullis_types::{
    Action, Decision, DecisionError, Effect, Finding, Mode, Principal, SessionView, Severity,
};
