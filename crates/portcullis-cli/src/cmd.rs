//! Subcommands.

pub(crate) mod approvals;
pub(crate) mod bench;
pub(crate) mod check;
pub(crate) mod explain;
pub(crate) mod init;
pub(crate) mod keygen;
pub(crate) mod ledger;
pub(crate) mod replay;
pub(crate) mod scan;
pub(crate) mod sessions;
pub(crate) mod test;
pub(crate) mod validate;
