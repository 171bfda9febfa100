//! Integration tests for portcullis-detect-shell (one binary, see STYLE.md B5).
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: failing loudly with context is the point"
)]

mod eval;
mod fixtures;
mod props;
mod regressions;
mod robust;
mod smoke;
