//! Integration tests of portcullis-detect-egress (one binary, see STYLE.md B5).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers outside #[test] functions"
)]

mod eval;
mod fixtures;
mod fuzz_crashes;
mod props;
