//! Integration tests of portcullis-detect-secrets (one binary, STYLE.md B5).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::string_slice,
    reason = "test code: a panic is a test failure"
)]

mod api;
mod eval;
mod fixtures;
mod fuzz_crashes;
mod props;
