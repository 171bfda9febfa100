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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readme_documents_every_code_in_a_heading() {
        let readme = include_str!("../README.md");
        let headings: Vec<&str> = readme.lines().filter(|l| l.starts_with("### ")).collect();
        for code in EgressCode::ALL {
            let documented = format!("`{}` ({})", code.as_str(), code.risk());
            assert!(
                headings.iter().any(|h| h.contains(&documented)),
                "{code} (risk {}) is not in a README heading",
                code.risk()
            );
        }
    }
}
