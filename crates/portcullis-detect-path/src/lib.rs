#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![deny(clippy::disallowed_methods)]

mod classify;
mod code;
mod error;
mod normalize;
mod pathset;
mod rules;
mod witness;

pub use classify::{MAX_PATH_BYTES, PathDetector, PathReport, classify, classify_normal};
pub use code::{Access, CodeGroup, PathCode};
pub use error::{InvalidGlob, PathError};
pub use normalize::{Anchor, NormalPath, normalize};
pub use pathset::{PathSet, PathSetBuilder, glob_match};
