//! `[settings]`: where policies and snapshots live, the severities of the built-in checks, and
//! per-path ignores.

use std::path::{Path, PathBuf};

use regex::Regex;
use serde::Deserialize;

use super::raw::{File, RawSettings};
use super::{ConfigError, Rule, Severity, suggest};

#[derive(Debug, Clone)]
pub struct Settings {
    /// What `check` reads when it is given no path: files, or folders searched for policies.
    pub paths: Vec<PathBuf>,
    /// Where approved snapshots are kept.
    pub snapshots: PathBuf,
    pub severity: DefaultSeverities,
    pub ignore: Vec<Ignore>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            paths: Vec::new(),
            snapshots: PathBuf::from("snapshots"),
            severity: DefaultSeverities::default(),
            ignore: Vec::new(),
        }
    }
}

/// Severities of the checks that are not `[[rule]]`s.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct DefaultSeverities {
    /// The policy differs from its approved snapshot.
    pub snapshot_changed: Severity,
    /// The policy has no approved snapshot yet.
    pub snapshot_missing: Severity,
    /// An allow directive names no rule, so it allows nothing.
    pub unknown_allow: Severity,
    /// A rule's scope selects nothing in a policy, so the rule checked nothing there.
    pub unmatched_scope: Severity,
}

impl Default for DefaultSeverities {
    fn default() -> Self {
        DefaultSeverities {
            snapshot_changed: Severity::Error,
            snapshot_missing: Severity::Warning,
            unknown_allow: Severity::Warning,
            unmatched_scope: Severity::Warning,
        }
    }
}

/// The checks of a policy against its snapshot, which are not `[[rule]]`s.
pub const SNAPSHOT_CHECKS: &[&str] = &["snapshot-changed", "snapshot-missing"];

/// The check of a policy's allow directives against the rule ids, not a `[[rule]]` either.
pub const UNKNOWN_ALLOW: &str = "unknown-allow";

/// The check that each rule's scope selects something to check in a policy.
pub const UNMATCHED_SCOPE: &str = "unmatched-scope";

/// The ids of the built-in checks, which no `[[rule]]` may take.
pub const BUILT_IN_CHECKS: [&str; 4] = [
    SNAPSHOT_CHECKS[0],
    SNAPSHOT_CHECKS[1],
    UNKNOWN_ALLOW,
    UNMATCHED_SCOPE,
];

/// `[[settings.ignore]]`: a rule (or every rule) that does not apply to some paths.
#[derive(Debug, Clone)]
pub struct Ignore {
    /// As written: a path, a folder, or a glob (`*` within a folder, `**` across folders),
    /// relative to the folder of rules.toml.
    pub path: String,
    /// None: every rule.
    pub rule: Option<String>,
    matcher: Regex,
}

impl Ignore {
    /// Whether this ignore covers `rule` for the policy at `path`.
    pub fn covers(&self, path: &Path, rule: &str) -> bool {
        if self.rule.as_deref().is_some_and(|r| r != rule) {
            return false;
        }
        let path = path.to_string_lossy().replace('\\', "/");
        self.matcher.is_match(path.trim_start_matches("./"))
    }
}

impl Settings {
    /// Whether `[[settings.ignore]]` leaves a rule (by id) out for the policy at `path`, whose
    /// place in the project (see [`in_project`]) is worked out once, if an ignore asks.
    pub fn ignores_for<'s>(&'s self, root: &Path, path: &Path) -> impl Fn(&str) -> bool + 's {
        let place = (!self.ignore.is_empty()).then(|| in_project(root, path));
        move |rule| {
            (place.as_deref()).is_some_and(|p| self.ignore.iter().any(|i| i.covers(p, rule)))
        }
    }
}

/// `path` as named from `root` (the folder of rules.toml), which `[[settings.ignore]]` paths
/// are written from, whatever the current folder: `archive/old.md` named from `policies/` is
/// `policies/archive/old.md`. Folders are resolved as the file system has them (symbolic links,
/// `..`); a path outside `root` stays as given.
fn in_project(root: &Path, path: &Path) -> PathBuf {
    let resolved = |p: &Path| -> Option<PathBuf> {
        let abs = std::path::absolute(p).ok()?;
        match (abs.parent(), abs.file_name()) {
            (Some(dir), Some(name)) => Some(dir.canonicalize().ok()?.join(name)),
            _ => abs.canonicalize().ok(),
        }
    };
    let root = match root.as_os_str().is_empty() {
        true => Path::new("."),
        false => root,
    };
    let inside = (root.canonicalize().ok())
        .zip(resolved(path))
        .and_then(|(root, path)| path.strip_prefix(&root).ok().map(Path::to_path_buf));
    inside.unwrap_or_else(|| path.to_path_buf())
}

pub(super) fn compile(
    file: &File,
    raw: RawSettings,
    rules: &[Rule],
) -> Result<Settings, ConfigError> {
    let mut ignore = Vec::new();
    for entry in raw.ignore {
        if let Some(rule) = &entry.rule {
            let name = rule.get_ref();
            let known = rules.iter().map(|r| r.id.as_str()).chain(BUILT_IN_CHECKS);
            if !known.clone().any(|k| k == name) {
                return Err(file.error(
                    rule.span(),
                    format!(
                        "[[settings.ignore]]: unknown rule `{name}`{}",
                        suggest::hint(name, known)
                    ),
                ));
            }
        }
        let pattern = entry.path.get_ref();
        if pattern.trim().is_empty() {
            return Err(file.error(entry.path.span(), "[[settings.ignore]]: empty path"));
        }
        let matcher = glob_regex(pattern).map_err(|e| {
            file.error(
                entry.path.span(),
                format!("[[settings.ignore]]: bad path: {e}"),
            )
        })?;
        ignore.push(Ignore {
            matcher,
            path: pattern.clone(),
            rule: entry.rule.map(toml::Spanned::into_inner),
        });
    }
    Ok(Settings {
        paths: raw.paths,
        snapshots: raw.snapshots.unwrap_or_else(|| PathBuf::from("snapshots")),
        severity: raw.severity,
        ignore,
    })
}

/// A glob as a regex that matches a path ending in it at a folder boundary, or anything under it
/// when it names a folder: `policies/old.md` matches `./policies/old.md` and
/// `/repo/policies/old.md`; `legacy` matches `legacy/a.md`.
fn glob_regex(glob: &str) -> Result<Regex, regex::Error> {
    let glob = glob.trim().trim_start_matches("./").trim_end_matches('/');
    let mut out = String::from("(?:^|/)");
    let mut chars = glob.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                // "**/" also matches no folder at all.
                if chars.peek() == Some(&'/') {
                    chars.next();
                    out.push_str("(?:.*/)?");
                } else {
                    out.push_str(".*");
                }
            }
            '*' => out.push_str("[^/]*"),
            '?' => out.push_str("[^/]"),
            c => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    out.push_str("(?:/.*)?$");
    Regex::new(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ignore(glob: &str) -> Ignore {
        Ignore {
            path: glob.to_string(),
            rule: Some("r".to_string()),
            matcher: glob_regex(glob).unwrap(),
        }
    }

    #[test]
    fn paths_match_as_suffix_folder_or_glob() {
        let exact = ignore("policies/old.md");
        assert!(exact.covers(Path::new("./policies/old.md"), "r"));
        assert!(exact.covers(Path::new("/repo/policies/old.md"), "r"));
        assert!(!exact.covers(Path::new("policies/old.md.bak"), "r"));
        assert!(!exact.covers(Path::new("policies/old.md"), "other-rule"));
        assert!(ignore("legacy").covers(Path::new("legacy/a/b.md"), "r"));
        assert!(ignore("policies/*.html").covers(Path::new("policies/x.html"), "r"));
        assert!(!ignore("policies/*.html").covers(Path::new("policies/a/x.html"), "r"));
        assert!(ignore("**/drafts/*.md").covers(Path::new("a/b/drafts/x.md"), "r"));
    }
}
