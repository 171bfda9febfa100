//! The `portcullis` binary, driven as users drive it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

mod check;
mod corpus;
mod validate;

use std::path::PathBuf;

use assert_cmd::Command;

pub(crate) fn bin() -> Command {
    let mut c = Command::cargo_bin("portcullis").unwrap();
    c.env_remove("PORTCULLIS_POLICY").env("NO_COLOR", "1");
    c
}

pub(crate) fn testdata(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(rel)
}
