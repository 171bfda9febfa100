//! `portcullis keygen`: an Ed25519 key pair for the ledger.

use std::path::PathBuf;

use anyhow::Context as _;
use portcullis::ledger::{keygen, keygen_named};

/// Make an Ed25519 key pair for signing the decision ledger.
///
/// Writes the private key (PKCS#8 PEM, mode 0600, never overwritten) and the public key
/// (`*.pub`, SPKI PEM) and prints the key id. Give the public key to whoever verifies the ledger:
/// `portcullis ledger verify FILE --pubkey DIR/ledger.pub`.
///
/// Example:
///   portcullis keygen --out ~/.config/portcullis
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    /// Directory for the key files (created if missing).
    #[arg(long, short = 'o', value_name = "DIR")]
    out: PathBuf,
    /// Base name of the files (`NAME.key`, `NAME.pub`).
    #[arg(long, default_value = "ledger")]
    name: String,
}

pub(crate) fn run(a: Args) -> anyhow::Result<u8> {
    std::fs::create_dir_all(&a.out).with_context(|| format!("creating `{}`", a.out.display()))?;
    let files = if a.name == "ledger" {
        keygen(&a.out)
    } else {
        keygen_named(&a.out, &a.name)
    }
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("private key: {} (mode 0600)", files.private_key.display());
    println!("public key:  {}", files.public_key.display());
    println!("key id:      {}", files.key_id);
    Ok(0)
}
