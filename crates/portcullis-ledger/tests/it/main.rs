//! Integration tests for portcullis-ledger (one binary; see STYLE.md B5).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::many_single_char_names,
    clippy::naive_bytecount,
    clippy::type_complexity,
    reason = "test code: a panic is a test failure"
)]

mod support;

mod concurrency;
mod crash;
mod fuzz;
mod keys;
mod sinks;
mod tamper;
mod writer;
