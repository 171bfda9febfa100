//! Subcommands.

pub(crate) mod bench;
pub(crate) mod check;
pub(crate) mod explain;
pub(crate) mod init;
pub(crate) mod test;
pub(crate) mod validate;
