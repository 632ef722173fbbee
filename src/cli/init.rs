//! `policy-lint init`, `completions` and `man`: setting a repository up and teaching the shell.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::CommandFactory;

use super::args::{Cli, InitArgs};
use crate::config::STARTER;

const PRE_COMMIT_CONFIG: &str = "\
# Run policy-lint on every commit that touches a policy (https://pre-commit.com).
# This form uses the policy-lint on your PATH (cargo install --path <policy-lint checkout>).
# To let pre-commit build it instead, use the policy-lint repository itself:
#   - repo: <URL of the policy-lint repository>
#     rev: <tag or commit>
#     hooks:
#       - id: policy-lint
repos:
  - repo: local
    hooks:
      - id: policy-lint
        name: policy-lint
        entry: policy-lint check
        language: system
        # Narrow this to where your policies live, e.g. ^policies/
        files: \\.(md|markdown|txt|html?)$
        exclude: ^snapshots/
";

/// Writes a starter rules.toml, snapshots/ and a .pre-commit-config.yaml into `args.dir`.
/// Existing files are left alone unless `--force`; nothing is written if any would be refused.
pub fn init(args: &InitArgs) -> Result<Vec<PathBuf>> {
    let dir = &args.dir;
    if !dir.is_dir() {
        bail!("{}: not a folder", dir.display());
    }
    let files = [
        (dir.join("rules.toml"), STARTER),
        (dir.join(".pre-commit-config.yaml"), PRE_COMMIT_CONFIG),
    ];
    let existing: Vec<String> = files
        .iter()
        .filter(|(p, _)| p.exists())
        .map(|(p, _)| p.display().to_string())
        .collect();
    if !existing.is_empty() && !args.force {
        bail!(
            "{} already exist{}; nothing was written (use --force to overwrite)",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" }
        );
    }
    let mut written = Vec::new();
    for (path, text) in files {
        write_atomically(&path, text.as_bytes())?;
        written.push(path);
    }
    let snapshots = dir.join("snapshots");
    std::fs::create_dir_all(&snapshots)
        .with_context(|| format!("{}: cannot create folder", snapshots.display()))?;
    written.push(snapshots);
    Ok(written)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("policy-lint-tmp");
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| format!("{}: cannot write", path.display()))
}

pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    let mut cmd = Cli::command();
    clap_complete::generate(
        shell,
        &mut cmd,
        "policy-lint",
        &mut std::io::stdout().lock(),
    );
    Ok(())
}

pub fn man() -> Result<()> {
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    out.flush()?;
    Ok(())
}
