//! `rules.toml`: the project's settings, outline heuristics, lexicons and rules.
//!
//! Parsing is strict (unknown keys are errors with a "did you mean") and every error names the
//! file, line and column, so a typo never silently turns a rule off.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diff::DiffSettings;
use crate::outline::OutlineSettings;

/// The file name looked for in the current folder and its parents.
pub const FILE_NAME: &str = "rules.toml";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub outline: OutlineSettings,
    /// `[diff]`: noise left out of comparisons, link changes.
    pub diff: DiffSettings,
}

/// A `rules.toml` that cannot be used, with where and why.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            let (line, column) = line_column(text, offset);
            ConfigError::Invalid {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().trim().to_string(),
            }
        })
    }

    /// The nearest `rules.toml` in `start` or a parent folder.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|dir| dir.join(FILE_NAME))
            .find(|p| p.is_file())
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors_with_a_position() {
        let err = Config::parse(Path::new("rules.toml"), "[outline]\nmax-label-word = 3\n");
        let msg = err.map(|_| ()).unwrap_err().to_string();
        assert!(
            msg.starts_with("rules.toml:2:1: unknown field `max-label-word`"),
            "{msg}"
        );
    }

    #[test]
    fn diff_settings_are_read_and_bad_patterns_are_placed() {
        let c = Config::parse(
            Path::new("r"),
            "[diff]\nignore = ['Last updated: .*']\nlinks = false\n",
        )
        .map_err(|e| e.to_string());
        assert_eq!(
            c.map(|c| (c.diff.ignore.len(), c.diff.links)),
            Ok((1, false))
        );
        let err = Config::parse(Path::new("r"), "[diff]\nignore = ['(']\n");
        let msg = err.map(|_| ()).unwrap_err().to_string();
        assert!(msg.starts_with("r:2:10: invalid ignore pattern"), "{msg}");
    }

    #[test]
    fn outline_settings_are_read() {
        let c = Config::parse(Path::new("r"), "[outline]\nmax-label-words = 3\n")
            .map_err(|e| e.to_string());
        assert_eq!(c.map(|c| c.outline.max_label_words), Ok(3));
    }
}
