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
        # Given the policies and snapshots staged that still exist (a snapshot stands for its
        # policy: one edited by hand is read, and refused if damaged); --orphans adds the
        # snapshots whose policy is gone, and always_run runs it on a commit that only deletes
        # one.
        entry: policy-lint check --orphans
        always_run: true
        # One run for all files (it checks them on all cores itself): each of pre-commit's
        # batches would report the gone policies again.
        require_serial: true
        language: system
        # Policies by name: files named for privacy, policy, cookie, terms, legal or GDPR, and
        # files in a privacy, policy, policies or legal folder (a top-level README.md is not). Set it
        # to where your policies live if that differs, e.g. ^policies/ (keeping the snapshots'
        # alternative at its end)
        files: (policies by name, and the approved snapshots)
        exclude: (files in the snapshot folder that are no approved snapshot)
";

/// The hook's `files` pattern for policies anywhere in the repository, before the snapshots'.
const POLICY_FILES: &str = r"(?i)(^|/)(privacy|polic(y|ies)|legal)/(.*/)?[^/]+\.(md|markdown|txt|html?)$|(^|/)[^/]*(privacy|polic|cookie|terms|legal|gdpr)[^/]*\.(md|markdown|txt|html?)$";

/// The snapshot folder as the starter rules.toml names it.
const STARTER_SNAPSHOTS: &str = "snapshots = \"snapshots\"";

/// What `init` did to each file and folder ("created", "overwrote" with `--force`, "kept"), and
/// the hook to add to a .pre-commit-config.yaml it kept that has none.
pub struct Setup {
    pub done: Vec<(&'static str, PathBuf)>,
    pub hook_to_add: Option<(PathBuf, String)>,
    /// Another project around the folder set up (see [`elsewhere_set_up`]).
    pub warnings: Vec<String>,
}

/// Writes a starter rules.toml, a snapshot folder (`snapshots`, or `snapshots` relative to
/// `args.dir` as `--snapshots` names it) and a .pre-commit-config.yaml into `args.dir`.
/// An existing rules.toml is refused unless `--force` (nothing is written then). An existing
/// .pre-commit-config.yaml, which most repositories have for other hooks, is kept unless
/// `--force`: its YAML is the user's, so policy-lint's hook is given for them to add.
pub fn init(args: &InitArgs, snapshots: Option<&Path>) -> Result<Setup> {
    let dir = &args.dir;
    if !dir.is_dir() {
        bail!("{}: not a folder (create it first)", dir.display());
    }
    let (rules, snapshots) = match snapshots {
        None => (STARTER.to_string(), "snapshots".to_string()),
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
            let rules = STARTER.replacen(STARTER_SNAPSHOTS, &format!("snapshots = {quoted}"), 1);
            (rules, name)
        }
    };
    let hook = pre_commit_config(folder_in_repository(dir).as_deref(), &snapshots);
    let snapshots = PathBuf::from(snapshots);
    let (rules_path, hook_path) = (dir.join("rules.toml"), dir.join(".pre-commit-config.yaml"));
    if rules_path.exists() && !args.force {
        bail!(
            "{} already exists; nothing was written (use --force to overwrite)",
            rules_path.display()
        );
    }
    // The snapshot folder first: a file in its way stops the run before anything is written.
    let snapshots = dir.join(snapshots);
    if let Some(file) = file_in_the_way(dir, &snapshots) {
        let folder = match file == snapshots {
            true => String::new(),
            false => format!(" {}", snapshots.display()),
        };
        bail!(
            "{}: a file is where init makes the snapshot folder{folder}; nothing was written",
            file.display(),
        );
    }
    let mut done = Vec::new();
    let mut files = vec![(rules_path, rules)];
    let mut hook_to_add = None;
    match std::fs::symlink_metadata(&hook_path) {
        // Anything there is the user's, whatever it holds (or what it is: a folder is refused
        // before anything is written, even with --force).
        Ok(meta) if !meta.is_file() && !meta.is_symlink() => {
            bail!("{}: not a file; nothing was written", hook_path.display())
        }
        Ok(_) if !args.force => {
            let theirs = std::fs::read(&hook_path)
                .with_context(|| format!("{}: cannot read", hook_path.display()))?;
            if !String::from_utf8_lossy(&theirs).contains("policy-lint") {
                hook_to_add = Some((hook_path.clone(), hook_entry(&hook)));
            }
            done.push(("kept", hook_path));
        }
        _ => files.push((hook_path, hook)),
    }
    let verb = if snapshots.is_dir() {
        "kept"
    } else {
        "created"
    };
    // The folders this run makes, innermost first: taken back in that order if it fails.
    let made: Vec<PathBuf> = (snapshots.ancestors())
        .take_while(|a| *a != dir.as_path() && !a.exists())
        .map(Path::to_path_buf)
        .collect();
    std::fs::create_dir_all(&snapshots).with_context(|| {
        format!(
            "{}: cannot create the snapshot folder; nothing was written",
            snapshots.display()
        )
    })?;
    let folder = (verb, snapshots);
    for (path, text) in files {
        let verb = if path.exists() {
            "overwrote"
        } else {
            "created"
        };
        if let Err(e) = write_atomically(&path, text.as_bytes()) {
            // What this run created is taken back: a second run then starts from the same
            // place (an existing rules.toml would stop it).
            for (verb, path) in &done {
                if *verb == "created" {
                    let _ = std::fs::remove_file(path);
                }
            }
            for folder in &made {
                let _ = std::fs::remove_dir(folder);
            }
            return Err(e);
        }
        done.push((verb, path));
    }
    done.push(folder);
    Ok(Setup {
        warnings: elsewhere_set_up(dir),
        done,
        hook_to_add,
    })
}

/// The first file (not a folder) on the way from `dir` down to `folder`, if one is there.
fn file_in_the_way(dir: &Path, folder: &Path) -> Option<PathBuf> {
    let inside = folder.strip_prefix(dir).ok()?;
    let mut path = dir.to_path_buf();
    for part in inside.components() {
        path.push(part);
        match std::fs::metadata(&path) {
            Ok(meta) if !meta.is_dir() => return Some(path),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

/// What a user setting up a folder inside another project should know: a rules.toml above it
/// still applies to everything outside this folder, and pre-commit reads only the
/// .pre-commit-config.yaml at the top of the git repository.
fn elsewhere_set_up(dir: &Path) -> Vec<String> {
    // Resolved: `init ..` sets up the parent, not a folder below it.
    let Ok(dir) = dir.canonicalize() else {
        return Vec::new();
    };
    let mut warnings = Vec::new();
    if let Some(parent) = dir.parent()
        && let Some(above) = crate::config::Config::discover(parent)
    {
        warnings.push(format!(
            "{} configures the project around this folder: policies here now follow the \
             rules.toml and snapshots made here instead (to keep one project, remove them and \
             run policy-lint from anywhere in it)",
            above.display(),
        ));
    }
    let top = dir.ancestors().find(|d| d.join(".git").exists());
    if let Some(top) = top.filter(|top| *top != dir) {
        warnings.push(format!(
            "pre-commit reads the .pre-commit-config.yaml at the top of the repository ({}), \
             not the one here: add the hook written here to it (its paths are from the top)",
            top.display()
        ));
    }
    warnings
}

/// Where `dir` is in the git repository that holds it, as a path from its top ("legal"), if it
/// is below the top.
fn folder_in_repository(dir: &Path) -> Option<String> {
    let dir = dir.canonicalize().ok()?;
    let top = dir.ancestors().find(|d| d.join(".git").exists())?;
    let inside = dir.strip_prefix(top).ok()?;
    let parts: Option<Vec<&str>> = inside
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect();
    let folder = parts?.join("/");
    (!folder.is_empty()).then_some(folder)
}

/// [`PRE_COMMIT_CONFIG`] for a project whose snapshots are in `snapshots` (from its folder), in
/// `folder` of its git repository (a path from the top, where pre-commit runs hooks; None: at
/// the top). Below the top, the hook names its rules.toml (run from the top, `check --orphans`
/// would find none) and takes the policy files under the folder. Values in single quotes: a
/// YAML scalar whatever the folders are named ("#snaps: a").
fn pre_commit_config(folder: Option<&str>, snapshots: &str) -> String {
    let yaml = |value: &str| format!("'{}'", value.replace('\'', "''"));
    let under = folder
        .map(|f| format!("{}/", regex::escape(f)))
        .unwrap_or_default();
    let mut out = String::with_capacity(PRE_COMMIT_CONFIG.len());
    for line in PRE_COMMIT_CONFIG.split_inclusive('\n') {
        let (indent, rest) = line.split_at(line.len() - line.trim_start().len());
        let key = rest.split_once(": ").map(|(key, _)| key);
        let snapshots = format!("^{under}{}/", regex::escape(snapshots));
        let value = match key {
            // A file named as a policy in the snapshot folder is none.
            Some("exclude") => Some(yaml(&format!(r"{snapshots}.*\.(md|markdown|txt|html?)$"))),
            Some("entry") => folder.map(|f| {
                let config = super::snapshots::shell_path(&Path::new(f).join("rules.toml"));
                yaml(&format!("policy-lint --config {config} check --orphans"))
            }),
            Some("files") => {
                let policies = match folder {
                    Some(_) => format!(r"^{under}(.*/)?[^/]+\.(md|markdown|txt|html?)$"),
                    None => POLICY_FILES.to_string(),
                };
                Some(yaml(&format!(r"{policies}|{snapshots}.*\.snap$")))
            }
            _ => None,
        };
        match key.zip(value) {
            Some((key, value)) => out.push_str(&format!("{indent}{key}: {value}\n")),
            None => out.push_str(line),
        }
    }
    out
}

/// The entry of the `repos:` list in a .pre-commit-config.yaml written by `init`: what to add to
/// a configuration of one's own.
fn hook_entry(config: &str) -> String {
    config
        .split_once("repos:\n")
        .map_or(config, |(_, entries)| entries)
        .to_string()
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
    // Written whole, here: clap_complete panics on a write that fails (`… | head -1`), and a
    // closed pipe is no error of ours.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "policy-lint", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(())
}

/// The manual page of policy-lint, or of its command `path` ("snapshot", "review"), named as the
/// parent's page names it: policy-lint-snapshot-review(1).
pub fn man(path: &[String]) -> Result<()> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut name = cmd.get_name().to_string();
    for part in path {
        let Some(sub) = cmd.find_subcommand(part).cloned() else {
            let known: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
            bail!(
                "`{name}` has no command `{part}` (its commands: {})",
                known.join(", ")
            );
        };
        name = format!("{name}-{part}");
        // Its page's header names the version as the main page's does.
        cmd = sub.name(name.clone()).version(env!("CARGO_PKG_VERSION"));
    }
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(cmd).render(&mut out)?;
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
        // (Single-quoted, as `init` writes it.)
        let line = match line.strip_prefix('\'').and_then(|l| l.strip_suffix('\'')) {
            Some(quoted) => quoted.replace("''", "'"),
            None => line.to_string(),
        };
        // The syntax is what Python's `re` (pre-commit's) and `regex` read alike.
        regex::Regex::new(&line).expect("a valid pattern")
    }

    #[test]
    fn the_hook_takes_policies_by_name_and_leaves_the_readme() {
        let definition = include_str!("../../.pre-commit-hooks.yaml");
        for yaml in [&super::pre_commit_config(None, "snapshots"), definition] {
            let files = files_pattern(yaml);
            for policy in [
                "snapshots/policies/privacy.md.snap",
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
                "snapshots/policies/privacy.md.snap.new",
            ] {
                assert!(!files.is_match(other), "{other}");
            }
        }
    }
}
