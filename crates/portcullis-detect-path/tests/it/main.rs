//! Integration tests of portcullis-detect-path (one binary, see STYLE.md B5).

mod eval;
mod fixtures;
mod fuzz_crashes;
mod props;
