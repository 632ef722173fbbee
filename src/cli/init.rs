//! `policy-lint init`, `completions` and `man`: setting a repository up and teaching the shell.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

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
        # Policies by name: files named for privacy, policy, cookie, terms, legal or GDPR, and
        # files in a privacy, policy, policies or legal folder (a top-level README.md is not). Set it
        # to where your policies live if that differs, e.g. ^policies/
        files: (?i)(^|/)(privacy|polic(y|ies)|legal)/(.*/)?[^/]+\\.(md|markdown|txt|html?)$|(^|/)[^/]*(privacy|polic|cookie|terms|legal|gdpr)[^/]*\\.(md|markdown|txt|html?)$
        exclude: ^snapshots/
";

/// The snapshot folder as the starter rules.toml names it.
const STARTER_SNAPSHOTS: &str = "snapshots = \"snapshots\"";

/// Writes a starter rules.toml, a snapshot folder (`snapshots`, or `snapshots` relative to
/// `args.dir` as `--snapshots` names it) and a .pre-commit-config.yaml into `args.dir`.
/// Existing files are left alone unless `--force`; nothing is written if any would be refused.
pub fn init(args: &InitArgs, snapshots: Option<&Path>) -> Result<Vec<(&'static str, PathBuf)>> {
    let dir = &args.dir;
    if !dir.is_dir() {
        bail!("{}: not a folder (create it first)", dir.display());
    }
    let (rules, hook, snapshots) = match snapshots {
        None => (
            STARTER.to_string(),
            PRE_COMMIT_CONFIG.to_string(),
            PathBuf::from("snapshots"),
        ),
        Some(chosen) => {
            // "legal/approved", as rules.toml and the hook's pattern name it.
            let parts: Option<Vec<&str>> = (chosen.components())
                .filter(|c| *c != Component::CurDir)
                .map(|c| match c {
                    Component::Normal(part) => part.to_str(),
                    _ => None,
                })
                .collect();
            let Some(name) = parts.filter(|p| !p.is_empty()).map(|p| p.join("/")) else {
                bail!(
                    "{}: give --snapshots as a folder inside the one set up, relative to it",
                    chosen.display()
                );
            };
            let quoted = toml::Value::String(name.clone()).to_string();
            (
                STARTER.replacen(STARTER_SNAPSHOTS, &format!("snapshots = {quoted}"), 1),
                PRE_COMMIT_CONFIG.replacen(
                    "^snapshots/",
                    &format!("^{}/", regex::escape(&name)),
                    1,
                ),
                PathBuf::from(&name),
            )
        }
    };
    let files = [
        (dir.join("rules.toml"), rules),
        (dir.join(".pre-commit-config.yaml"), hook),
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
    // What was done to each: "created", "overwrote" (with --force), "kept" (a snapshot folder
    // already there).
    let mut written = Vec::new();
    for (path, text) in files {
        let verb = if path.exists() {
            "overwrote"
        } else {
            "created"
        };
        write_atomically(&path, text.as_bytes())?;
        written.push((verb, path));
    }
    let snapshots = dir.join(snapshots);
    let verb = if snapshots.is_dir() {
        "kept"
    } else {
        "created"
    };
    std::fs::create_dir_all(&snapshots)
        .with_context(|| format!("{}: cannot create folder", snapshots.display()))?;
    written.push((verb, snapshots));
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

#[cfg(test)]
mod tests {
    /// The `files` pattern of a pre-commit hook definition.
    fn files_pattern(yaml: &str) -> regex::Regex {
        let line = (yaml.lines())
            .find_map(|l| l.trim().strip_prefix("files: "))
            .expect("a files line");
        // The syntax is what Python's `re` (pre-commit's) and `regex` read alike.
        regex::Regex::new(line).expect("a valid pattern")
    }

    #[test]
    fn the_hook_takes_policies_by_name_and_leaves_the_readme() {
        let definition = include_str!("../../.pre-commit-hooks.yaml");
        for yaml in [super::PRE_COMMIT_CONFIG, definition] {
            let files = files_pattern(yaml);
            for policy in [
                "PRIVACY.md",
                "gdpr.md",
                "policies/data.txt",
                "legal/dpa.html",
                "docs/Cookie-Notice.markdown",
                "site/terms-of-service.htm",
            ] {
                assert!(files.is_match(policy), "{policy}");
            }
            for other in [
                "README.md",
                "docs/CHANGELOG.md",
                "privacy/logo.png",
                "NOTICE.txt",
                "THIRD_PARTY_NOTICES.md",
                "src/cookie-parser/README.md",
            ] {
                assert!(!files.is_match(other), "{other}");
            }
        }
    }
}
