//! The `portcullis` binary, driven as users drive it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::format_collect,
    clippy::format_push_string,
    reason = "test code"
)]

mod check;
mod corpus;
mod ledger;
mod state;
mod tools;
mod validate;

use std::path::PathBuf;

use assert_cmd::Command;

/// The binary, isolated from the user's environment: no ambient policy, ledger or key, and
/// a state file private to this test process (never the user's `~/.local/state`).
pub(crate) fn bin() -> Command {
    let mut c = Command::cargo_bin("portcullis").unwrap();
    let state = std::env::temp_dir()
        .join(format!("portcullis-cli-it-{}", std::process::id()))
        .join("state.db");
    c.env_remove("PORTCULLIS_POLICY")
        .env_remove("PORTCULLIS_LEDGER")
        .env_remove("PORTCULLIS_KEY")
        .env_remove("PORTCULLIS_TEST_NOW_MS")
        .env("PORTCULLIS_STATE", state)
        .env("NO_COLOR", "1");
    c
}

pub(crate) fn testdata(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(rel)
}
