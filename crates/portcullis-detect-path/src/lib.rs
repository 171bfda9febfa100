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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readme_documents_every_code_in_a_heading() {
        let readme = include_str!("../README.md");
        let headings: Vec<&str> = readme.lines().filter(|l| l.starts_with("### ")).collect();
        for code in PathCode::ALL {
            let needle = format!("`{}`", code.as_str());
            assert!(
                headings.iter().any(|h| h.contains(&needle)),
                "{code} has no README heading"
            );
            let risk = format!("{needle} ({}", code.risk(Access::Read));
            assert!(
                headings.iter().any(|h| h.contains(&risk)),
                "README risk for {code} differs from the code ({})",
                code.risk(Access::Read)
            );
        }
    }
}
