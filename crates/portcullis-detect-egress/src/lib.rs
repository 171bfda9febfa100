#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![deny(clippy::disallowed_methods)]

mod class;
mod code;
mod error;
mod policy;
mod target;

pub use class::{HostClass, RebindingName, classify, classify_ip, rebinding_name};
pub use code::EgressCode;
pub use error::{EgressError, InvalidPattern, UnparseableTarget};
pub use policy::{EgressPolicy, EgressReport};
pub use target::{Host, MAX_TARGET_BYTES, Target, parse_target};
