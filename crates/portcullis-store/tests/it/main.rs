//! The single integration-test binary of portcullis-store.
//!
//! Several tests re-execute this binary as a child process (see `common::spawn_self`): the child
//! runs the same test function, which sees the role variable and does the child's part.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers outside #[test] fns; a failure should abort the test loudly"
)]

mod approvals;
mod common;
mod concurrency;
mod crash;
mod files;
mod migration;
mod props;
mod sessions;
mod state_file_fuzz;
