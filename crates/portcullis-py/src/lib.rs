#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod core;
#[cfg(feature = "python")]
mod python;

pub use crate::core::{
    BindError, CallParts, ErrorKind, GuardConfig, MAX_DEPTH, ScanMatch, ScanOutput, build_action,
    check_result, parse_mode, public_key, scan, verify,
};
