//! The file as serde reads it, before validation; and turning any problem into a
//! [`ConfigError`] at a line and column, naming the rule it is in.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use super::rule::{RuleKind, Severity, Within};
use super::suggest;
use super::{ConfigError, Polarity, line_column};
use crate::outline::OutlineSettings;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    #[serde(default)]
    pub settings: RawSettings,
    #[serde(default)]
    pub outline: OutlineSettings,
    #[serde(default)]
    pub diff: crate::diff::DiffSettings,
    #[serde(default)]
    pub lexicon: BTreeMap<String, Spanned<RawLexicon>>,
    #[serde(default)]
    pub rule: Vec<Spanned<RawRule>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawSettings {
    #[serde(default)]
    pub paths: Vec<PathBuf>,
    pub snapshots: Option<PathBuf>,
    #[serde(default)]
    pub severity: super::DefaultSeverities,
    #[serde(default)]
    pub ignore: Vec<RawIgnore>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIgnore {
    pub path: Spanned<String>,
    pub rule: Option<Spanned<String>>,
}

/// A lexicon, named (`[lexicon.NAME]`) or written inline in a rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawLexicon {
    #[serde(default)]
    pub words: Vec<Spanned<String>>,
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub case_sensitive: bool,
    #[serde(default = "yes")]
    pub word_boundaries: bool,
    #[serde(default)]
    pub polarity: Polarity,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawRule {
    pub id: Spanned<String>,
    pub kind: Spanned<RuleKind>,
    pub severity: Severity,
    pub message: Spanned<String>,
    pub help: Option<String>,
    pub url: Option<String>,
    pub scope: Option<RawScope>,
    pub pattern: Option<Spanned<toml::Value>>,
    #[serde(rename = "if")]
    pub when: Option<Spanned<toml::Value>>,
    pub then: Option<Spanned<toml::Value>>,
    pub within: Option<Spanned<Within>>,
    pub or_intro: Option<Spanned<toml::Value>>,
    pub heading: Option<Spanned<toml::Value>>,
    pub detector: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScope {
    pub sections: Option<Spanned<toml::Value>>,
    pub items: Option<Spanned<toml::Value>>,
    pub sentences: Option<Spanned<toml::Value>>,
}

/// The file being read, for turning byte offsets into positions.
pub(super) struct File<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl File<'_> {
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> ConfigError {
        let (line, column) = line_column(self.text, span.start);
        let start = span.start.min(self.text.len());
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let source_line = self.text[line_start..line_end].trim_end_matches('\r');
        let underline_end = span.end.clamp(start, line_start + source_line.len());
        ConfigError::Invalid {
            path: self.path.to_path_buf(),
            line,
            column,
            // TOML syntax errors put several lines in one message.
            message: message.into().lines().collect::<Vec<_>>().join(": "),
            source_line: source_line.to_string(),
            underline: start - line_start..underline_end - line_start,
        }
    }

    /// An error about something inside a rule: the message starts with the rule's id.
    pub fn rule_error(&self, rule: &str, span: Range<usize>, message: &str) -> ConfigError {
        self.error(span, format!("rule `{rule}`: {message}"))
    }

    /// Where `needle` first stands inside `span` (quoted or bare), else the whole span: values
    /// nested in a condition table carry no span of their own.
    pub fn locate(&self, span: &Range<usize>, needle: &str) -> Range<usize> {
        let Some(within) = self.text.get(span.clone()) else {
            return span.clone();
        };
        let quoted = format!("\"{needle}\"");
        let single = format!("'{needle}'");
        for candidate in [quoted.as_str(), single.as_str(), needle] {
            if let Some(i) = within.find(candidate) {
                return span.start + i..span.start + i + candidate.len();
            }
        }
        span.clone()
    }

    /// A TOML syntax or schema error, with a "did you mean" for unknown names and the id of the
    /// rule it is in.
    pub fn toml_error(&self, e: &toml::de::Error) -> ConfigError {
        let span = e.span().unwrap_or(0..0);
        let mut message = e.message().trim().to_string();
        if let Some(hint) = suggest::for_serde_message(&message) {
            message.push_str(&hint);
        }
        if message == "duplicate key" {
            message = self.duplicate(&span);
        }
        // Rust's names of number types are no words of a rules.toml.
        for number in ["usize", "u64", "u32", "u16", "u8"] {
            if let Some(start) = message.strip_suffix(&format!("expected {number}")) {
                message = format!("{start}expected a whole number of 0 or more, without quotes");
            }
        }
        // "\d" in a double-quoted string: TOML's escapes are not a regex's.
        if message.contains("escape") {
            message.push_str(
                "; a regex is best written in single quotes ('\\d+ days'), which TOML keeps as written",
            );
        }
        // A value of the wrong type where a name is wanted: say which names.
        if message.starts_with("wanted string or table") {
            message = self.names_wanted(&span).unwrap_or(message);
        }
        // `[rule]` for `[[rule]]`: one table where TOML wants a list of them.
        let header = self.text.get(span.clone()).unwrap_or_default().trim();
        if message.ends_with("expected a sequence")
            && let Some(name) = (header.strip_prefix('['))
                .filter(|h| !h.starts_with('['))
                .and_then(|h| h.strip_suffix(']'))
        {
            let name = name.trim();
            message.push_str(&format!(
                ": write `[[{name}]]`, with two brackets, for each entry of the list"
            ));
        }
        if let Some(rule) = self.rule_around(span.start) {
            message = format!("rule `{rule}`: {message}");
        }
        self.error(span, message)
    }

    /// "`severity` is one of \"error\", \"warning\", \"info\"": for a key (the one on the line
    /// of `span`) whose value is one of a few names.
    fn names_wanted(&self, span: &Range<usize>) -> Option<String> {
        let names = |key: &str| -> Option<Vec<&str>> {
            Some(match key {
                "severity" => Severity::ALL.map(Severity::name).to_vec(),
                "within" => Within::ALL.map(Within::name).to_vec(),
                "kind" => RuleKind::ALL.map(RuleKind::name).to_vec(),
                _ => return None,
            })
        };
        let line_start = self.text[..span.start.min(self.text.len())]
            .rfind(['\n', '{', ','])
            .map_or(0, |i| i + 1);
        let key = self.text[line_start..].split('=').next()?.trim();
        let names: Vec<String> = (names(key)?.iter()).map(|n| format!("\"{n}\"")).collect();
        Some(format!("`{key}` is one of {}, in quotes", names.join(", ")))
    }

    /// What TOML's "duplicate key" at `span` repeats: a table header defined before ("[lexicon.a]
    /// is defined twice (first on line 1)"), or a key of the table.
    fn duplicate(&self, span: &Range<usize>) -> String {
        let line_start = self.text[..span.start.min(self.text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let line_end = self.text[line_start..]
            .find('\n')
            .map_or(self.text.len(), |i| line_start + i);
        let line = self.text[line_start..line_end].trim();
        let key = self.text.get(span.clone()).unwrap_or_default();
        // "[lexicon.a]", "[ lexicon . a ]  # again": the table's name.
        let table = |line: &str| {
            let inner = line.strip_prefix('[')?.split(']').next()?;
            Some(
                inner
                    .split('.')
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join("."),
            )
        };
        let Some(name) = table(line) else {
            return format!("duplicate key `{key}`: the table has it already");
        };
        let first = (self.text[..line_start].lines())
            .position(|l| table(l.trim()).as_ref() == Some(&name))
            .map_or(String::new(), |n| format!(" (first on line {})", n + 1));
        format!("duplicate key: `[{name}]` is defined twice{first}")
    }

    /// The id of the `[[rule]]` table that holds `offset`, read from the raw text (the error may
    /// have stopped serde before it saw the id).
    fn rule_around(&self, offset: usize) -> Option<String> {
        // Table headers: `[[rule]]`, `[rule.scope]`, `[lexicon.x]`, …
        // The first line's may follow a byte-order mark.
        static HEADER: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?m)^\x{FEFF}?[ \t]*(\[\[?)[ \t]*([A-Za-z0-9_.-]+)").expect("valid")
        });
        static ID: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r#"(?m)^[ \t]*id[ \t]*=[ \t]*["']([^"'\n]*)["']"#).expect("valid")
        });
        // Up to the end of the line: an error may point at the header of the rule it is in
        // ("missing field `severity`" points at `[[rule]]`).
        let line_end =
            (self.text.get(offset..)?.find('\n')).map_or(self.text.len(), |i| offset + i);
        let before = &self.text[..line_end];
        // The last header that is not a sub-table of a rule (`[rule.scope]`) decides.
        let header = HEADER
            .captures_iter(before)
            .filter(|c| !(&c[1] == "[" && c[2].starts_with("rule.")))
            .last()?;
        if &header[1] != "[[" || &header[2] != "rule" {
            return None;
        }
        // A header not closed ("[[rule]") is the error: no rule is in it yet.
        let header_line = &self.text[header.get(0)?.start()..];
        let header_line = header_line.split('\n').next().unwrap_or_default();
        if !header_line.contains("]]") {
            return None;
        }
        let start = header.get(0)?.end();
        let end = HEADER
            .captures_iter(&self.text[start..])
            .find(|c| &c[1] == "[[")
            .and_then(|c| c.get(0))
            .map_or(self.text.len(), |m| start + m.start());
        let table = self.text.get(start..end)?;
        ID.captures(table).map(|c| c[1].to_string())
    }
}
