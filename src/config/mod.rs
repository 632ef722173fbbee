//! `rules.toml`: the project's settings, outline heuristics, lexicons and rules.
//!
//! Parsing is strict (unknown keys are errors with a "did you mean") and every error names the
//! file, line and column, so a typo never silently turns a rule off. Every regex is compiled here,
//! once per run.

mod lexicon;
mod raw;
mod rule;
mod settings;
mod suggest;

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diff::DiffSettings;
use crate::outline::OutlineSettings;

pub use lexicon::{Lexicon, LexiconId, LexiconSet, Polarity};
pub use rule::{ChangeDetector, Check, Condition, Rule, RuleKind, Scope, Severity, Within};
pub use settings::{
    DefaultSeverities, Ignore, SNAPSHOT_CHECKS, Settings, UNKNOWN_ALLOW, UNMATCHED_SCOPE,
};

/// The file name looked for in the current folder and its parents.
pub const FILE_NAME: &str = "rules.toml";

/// The project's own rules.toml: what `policy-lint init` writes, and what applies when no
/// rules.toml is found.
pub const STARTER: &str = include_str!("../../rules.toml");

/// A validated `rules.toml` with every pattern compiled.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The folder `rules.toml` is in: `settings.paths` and `settings.snapshots` are relative to it.
    pub root: PathBuf,
    /// The rules.toml this came from (for messages).
    pub path: PathBuf,
    pub settings: Settings,
    pub outline: OutlineSettings,
    /// Named lexicons first (in file order of their names, sorted), then the anonymous ones that
    /// rules write inline; a [`LexiconId`] indexes this list.
    pub lexicons: Vec<Lexicon>,
    /// All the lexicons as one set: which of them occur in a heading or label, in one pass.
    pub lexicon_set: LexiconSet,
    /// The lexicons some rule reads first in every sentence it looks at: what all sentences of a
    /// checked policy are searched for at once (see [`rule::eager_lexicons`]).
    pub sentence_set: LexiconSet,
    /// For each lexicon, whether some rule looks for it in sentences with a polarity: what a
    /// checked sentence's negations are found for.
    pub polar_lexicons: Vec<bool>,
    pub rules: Vec<Rule>,
    /// `[diff]`: noise left out of comparisons, link changes.
    pub diff: DiffSettings,
}

/// A `rules.toml` that cannot be used, with where and why.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    // Not a `source`: the cause is part of the message, and a chained source would print twice.
    #[error("{path}: cannot read: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
        /// The line the message is about, and the byte range in it to underline.
        source_line: String,
        underline: Range<usize>,
    },
}

impl Config {
    /// Nothing if `id` names a rule of this configuration (or `unmatched-scope`, which an allow
    /// directive may name too); else " (did you mean `x`?)" for the closest, or an empty hint.
    pub fn unknown_rule(&self, id: &str) -> Option<String> {
        let ids = || (self.rules.iter().map(|r| r.id.as_str())).chain([UNMATCHED_SCOPE]);
        (!ids().any(|r| r == id)).then(|| suggest::hint(id, ids()))
    }

    /// A condition as findings and `policy-lint rules` name it: "`purpose`", "negated
    /// `identifying-data`", "`collection-heading` without `use-heading`".
    pub fn describe(&self, condition: &Condition) -> String {
        match condition {
            Condition::Lexicon { id, polarity } => {
                let lexicon = &self.lexicons[*id];
                let name = match &lexicon.inline {
                    Some(shown) => shown.clone(),
                    None => format!("`{}`", lexicon.name),
                };
                match polarity {
                    Polarity::Any => name,
                    p => format!("{} {name}", p.name()),
                }
            }
            // "`a` with `b` without `c`", not "with not `c`".
            Condition::All(list) => (list.iter().enumerate())
                .map(|(k, c)| match (k, c) {
                    (0, _) => self.describe(c),
                    (_, Condition::Not(inner)) => format!(" without {}", self.describe(inner)),
                    _ => format!(" with {}", self.describe(c)),
                })
                .collect(),
            Condition::Any(list) => (list.iter().map(|c| self.describe(c)))
                .collect::<Vec<_>>()
                .join(" or "),
            Condition::Not(inner) => format!("not {}", self.describe(inner)),
        }
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let bytes = std::fs::read(path).map_err(|error| ConfigError::Io {
            path: path.to_path_buf(),
            error,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            // Pointed at like any other mistake in it: the text up to the bad byte is as read.
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes());
            let file = raw::File { path, text: &text };
            let replaced = at..at + char::REPLACEMENT_CHARACTER.len_utf8();
            file.error(replaced, "not UTF-8 text: invalid byte here")
        })?;
        let mut config = Config::parse(path, &text)?;
        config.root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(config)
    }

    /// Parses and validates the text of a rules.toml; `path` is only used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let file = raw::File { path, text };
        let parsed: raw::RawConfig = toml::from_str(text).map_err(|e| file.toml_error(&e))?;
        let (lexicons, names) = lexicon::compile_named(&file, parsed.lexicon)?;
        let (rules, lexicons) = rule::compile(&file, parsed.rule, lexicons, &names)?;
        let settings = settings::compile(&file, parsed.settings, &rules)?;
        let eager = rule::eager_lexicons(&rules, lexicons.len());
        Ok(Config {
            lexicon_set: LexiconSet::new(&lexicons, |_| true),
            sentence_set: LexiconSet::new(&lexicons, |id| eager[id]),
            polar_lexicons: rule::polar_lexicons(&rules, lexicons.len()),
            root: PathBuf::new(),
            path: path.to_path_buf(),
            settings,
            outline: parsed.outline,
            diff: parsed.diff,
            lexicons,
            rules,
        })
    }

    /// The built-in configuration: the starter rules.toml shipped with policy-lint.
    pub fn builtin() -> Result<Config, ConfigError> {
        Config::parse(Path::new("(built-in rules.toml)"), STARTER)
    }

    /// The nearest `rules.toml` in `start` or a parent folder.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|dir| dir.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    /// The lexicon with this name (inline lexicons have none).
    pub fn lexicon(&self, name: &str) -> Option<&Lexicon> {
        self.lexicons.iter().find(|l| l.name == name)
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The id of the lexicon `name` of `config`.
    fn id(config: &Config, name: &str) -> LexiconId {
        config.lexicons.iter().position(|l| l.name == name).unwrap()
    }

    #[test]
    fn the_starter_rules_keep_the_default_outline_settings() {
        // A diff parses its old version with the defaults before the configuration is loaded
        // (`cli::diff::Early`): with the starter rules it need not parse it again.
        assert_eq!(
            Config::builtin().unwrap().outline,
            OutlineSettings::default()
        );
    }

    #[test]
    fn sentences_are_searched_at_once_for_the_lexicons_unscoped_rules_read() {
        let config = Config::builtin().unwrap();
        let at_once = |name| config.sentence_set.lexicons().contains(&id(&config, name));
        // no-sale's `all`; the advertising rule's `if` and `then`.
        for name in [
            "selling",
            "personal-information",
            "corporate-transaction",
            "advertising",
            "data-use",
            "identifying-data",
        ] {
            assert!(at_once(name), "{name}");
        }
        // Headings only (scope.sections, required-section); what only the rule scoped to
        // collection sections reads.
        for name in [
            "collection-heading",
            "use-heading",
            "purpose-heading",
            "purpose",
        ] {
            assert!(!at_once(name), "{name}");
        }
    }

    #[test]
    fn negations_are_wanted_for_the_lexicons_rules_read_with_a_polarity() {
        let config = Config::builtin().unwrap();
        let polar = |name| config.polar_lexicons[id(&config, name)];
        // `selling` is affirmed by its own table; the others where a rule says so.
        for name in ["selling", "advertising", "identifying-data"] {
            assert!(polar(name), "{name}");
        }
        for name in ["purpose", "personal-information", "data-use", "use-heading"] {
            assert!(!polar(name), "{name}");
        }
    }

    fn error(text: &str) -> String {
        match Config::parse(Path::new("rules.toml"), text) {
            Ok(_) => panic!("expected an error for:\n{text}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn unknown_keys_are_errors_with_a_position_and_a_suggestion() {
        let msg = error("[outline]\nmax-label-word = 3\n");
        assert!(
            msg.starts_with("rules.toml:2:1: unknown field `max-label-word`"),
            "{msg}"
        );
        assert!(msg.contains("did you mean `max-label-words`?"), "{msg}");
        // A regex in double quotes: TOML reads its backslashes first.
        let msg = error("[lexicon.days]\npatterns = [\"\\d+ days\"]\n");
        assert!(msg.starts_with("rules.toml:2:15: "), "{msg}");
        assert!(msg.contains("in single quotes ('\\d+ days')"), "{msg}");
        // "\b" is a TOML escape too, of a backspace: the pattern would never match.
        for key in ["patterns", "words"] {
            let msg = error(&format!("[lexicon.sale]\n{key} = [\"\\bsell\\b\"]\n"));
            assert!(msg.starts_with("rules.toml:2:"), "{msg}");
            assert!(msg.contains("lexicon `sale`: holds a backspace"), "{msg}");
            assert!(msg.contains("single quotes ('\\bsell\\b')"), "{msg}");
        }
        let inline = "[[rule]]\nid = 'r1'\nkind = 'forbid'\nseverity = 'error'\nmessage = 'x'\n\
                      pattern = { patterns = [\"\\bsell\\b\"] }\n";
        let msg = error(inline);
        assert!(msg.starts_with("rules.toml:6:"), "{msg}");
        assert!(msg.contains("rule `r1`"), "{msg}");
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

    #[test]
    fn the_starter_file_is_valid_and_has_the_two_named_rules() {
        let config = Config::builtin().map_err(|e| e.to_string());
        let ids: Vec<String> = config
            .map(|c| c.rules.iter().map(|r| r.id.clone()).collect())
            .unwrap_or_default();
        assert!(ids.contains(&"collection-purpose".to_string()), "{ids:?}");
        assert!(
            ids.contains(&"ads-exclude-identifying".to_string()),
            "{ids:?}"
        );
    }

    #[test]
    fn errors_inside_a_rule_name_the_rule() {
        let msg = error(
            "[lexicon.ads]\nwords = [\"ads\"]\n\n[[rule]]\nid = \"no-ads\"\nkind = \"forbid\"\nseverty = \"error\"\n",
        );
        assert!(
            msg.starts_with("rules.toml:7:1: rule `no-ads`: unknown field `severty`"),
            "{msg}"
        );
        assert!(msg.contains("did you mean `severity`?"), "{msg}");
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\n\u{e9}x", 5), (2, 2));
        assert_eq!(line_column("ab", 99), (1, 3));
    }
}
