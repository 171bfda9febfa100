//! `portcullis init`: write a commented starter policy.

use std::path::PathBuf;

use anyhow::{Context as _, bail};

const STARTER: &str = include_str!("../../starter.yaml");

/// Write a commented starter policy (`portcullis.yaml`) to edit.
///
/// It includes the built-in coding-agent pack and shows every section with an example. Use
/// `--out -` to print it instead.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Where to write it (`-` for stdout).
    #[arg(
        long,
        short = 'o',
        default_value = "portcullis.yaml",
        value_name = "FILE"
    )]
    out: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    force: bool,
}

pub(crate) fn run(a: Args) -> anyhow::Result<u8> {
    if a.out.as_os_str() == "-" {
        print!("{STARTER}");
        return Ok(0);
    }
    if a.out.exists() && !a.force {
        bail!(
            "`{}` already exists\n  help: pass `--force` to overwrite it, or `--out -` to print the starter policy",
            a.out.display()
        );
    }
    std::fs::write(&a.out, STARTER).with_context(|| format!("writing `{}`", a.out.display()))?;
    eprintln!(
        "wrote {}; try: portcullis test {0} && portcullis check --tool Bash --arg command='rm -rf ~'",
        a.out.display()
    );
    Ok(0)
}
