//! Fuzz target: a damaged or hostile state file must give errors, never a panic or a hang.
//!
//! Input: `0xFF` + raw bytes = the whole file; anything else = `(offset u16 LE, byte)` patches
//! applied to a valid state file (so the fuzzer spends its time inside real SQLite pages).
#![no_main]

#[path = "../../tests/it/state_file_fuzz.rs"]
mod body;

libfuzzer_sys::fuzz_target!(|data: &[u8]| body::exercise(data));
