#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

mod aeg;
mod edictum;
mod error;
mod expr;
mod glob;
mod lazy;
mod load;
mod model;
mod native;
mod selector;
mod template;
pub mod tools;
mod walk;
mod yaml;

pub use error::{Diagnostic, PolicyError};
pub use glob::Glob;
pub use lazy::{LazyRegex, REGEX_SIZE_LIMIT};
pub use load::{BUILTIN_PACKS, MAX_POLICY_BYTES, builtin_pack};
pub use model::{
    Agent, AuditConfig, Check, ContainsAny, Defaults, EgressConfig, Expr, Format, Identity, Limits,
    OPERATORS, OnExceed, Op, Phase, Policy, Rate, Rule, Sandbox, SeverityThresholds, Test,
    TestCase,
};
pub use selector::{Detector, DetectorField, Selector, SessionField, ValueType, known_selectors};
pub use template::{Fact, Part, Template};
pub use walk::parse_duration;
pub use yaml::Pos;
