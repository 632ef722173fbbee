//! `policy-lint check` and `policy-lint rules`: which files to read, running the rule engine,
//! and printing what it found.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::Outcome;
use super::args::{CheckArgs, CheckFormat, OutlineFormat, RulesArgs};
use crate::config::{Config, Severity};
use crate::report;
use crate::report::check::CheckedFile;
use crate::rules;

/// Extensions of the files a folder is searched for.
const POLICY_EXTENSIONS: &[&str] = &["md", "markdown", "txt", "html", "htm"];

/// Diagnostics are cut around the span to this width when standard output is not a terminal
/// that says otherwise.
const DEFAULT_WIDTH: usize = 100;

pub fn check(config: &Config, args: &CheckArgs) -> Result<Outcome> {
    let paths = if args.paths.is_empty() {
        if config.settings.paths.is_empty() {
            bail!(
                "no policy to check: give a PATH, or list policies in `paths` under [settings] \
                 in rules.toml"
            );
        }
        config
            .settings
            .paths
            .iter()
            .map(|p| config.root.join(p))
            .collect()
    } else {
        args.paths.clone()
    };
    let files = policy_files(&paths, &config.root.join(&config.settings.snapshots))?;
    // Every file is read before anything is printed: a bad file stops the run with nothing
    // half-reported.
    let mut checked = Vec::new();
    for path in files {
        let doc = super::open(&path, config)?;
        let findings = rules::check(&doc, config);
        checked.push(CheckedFile { doc, findings });
    }
    let text = match args.format {
        CheckFormat::Human => report::check::human(
            &checked,
            colored::control::SHOULD_COLORIZE.should_colorize(),
            terminal_width(),
        ),
        CheckFormat::Json => {
            let mut s = serde_json::to_string_pretty(&report::check::json(&checked))?;
            s.push('\n');
            s
        }
        CheckFormat::Sarif => {
            let mut s = serde_json::to_string_pretty(&report::sarif::sarif(&checked, config))?;
            s.push('\n');
            s
        }
        CheckFormat::Github => report::github::github(&checked),
        CheckFormat::Junit => report::junit::junit(&checked, config),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    let errors = checked
        .iter()
        .flat_map(|c| &c.findings)
        .any(|f| f.severity == Severity::Error);
    Ok(if errors {
        Outcome::Found
    } else {
        Outcome::Clean
    })
}

pub fn rules(config: &Config, args: &RulesArgs) -> Result<Outcome> {
    let text = match args.format {
        OutlineFormat::Human => report::rules::human(config),
        OutlineFormat::Json => {
            let mut s = serde_json::to_string_pretty(&report::rules::json(config))?;
            s.push('\n');
            s
        }
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

/// `COLUMNS` when the shell exports it, else a width that fits a review pane.
pub(super) fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(DEFAULT_WIDTH)
}

/// The files named, and the policy files under the folders named (sorted, hidden folders and the
/// snapshot folder skipped).
fn policy_files(paths: &[PathBuf], snapshots: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, snapshots, &mut out)?;
        } else {
            // A missing file is reported when it is opened, with its name.
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, snapshots: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot read folder", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .with_context(|| format!("{}: cannot read folder", dir.display()))?;
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            if !same_path(&path, snapshots) {
                walk(&path, snapshots, out)?;
            }
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| POLICY_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}

fn same_path(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
