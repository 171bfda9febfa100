//! portcullis-py integration tests: the Python-independent half of the bindings.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

mod corpus;
mod result;
mod verify;
