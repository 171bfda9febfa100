//! Integration tests for portcullis-detect-shell (one binary, see STYLE.md B5).

mod smoke;
