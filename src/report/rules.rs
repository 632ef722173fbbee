//! `policy-lint rules`: the configured rules, as a table for people and as JSON.

use std::fmt::Write;

use colored::Colorize;
use serde_json::{Value, json};

use crate::config::{Check, Config, Rule, Severity, Within};

/// One rule a line: id, kind, severity, message; below it, indented, what it looks for, where,
/// and its help.
pub fn human(config: &Config) -> String {
    let mut out = String::new();
    let id_width = config.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let kind_width = config
        .rules
        .iter()
        .map(|r| r.kind().name().len())
        .max()
        .unwrap_or(0);
    for rule in &config.rules {
        let severity = match rule.severity {
            Severity::Error => "error".red().bold(),
            Severity::Warning => "warning".yellow().bold(),
            Severity::Info => "info".blue().bold(),
        };
        // Pad before colouring: escape codes would count as width.
        let _ = writeln!(
            out,
            "{}  {}  {}{}  {}",
            format!("{:id_width$}", rule.id).bold(),
            format!("{:kind_width$}", rule.kind().name()).dimmed(),
            severity,
            " ".repeat("warning".len() - rule.severity.name().len()),
            rule.message
        );
        let indent = " ".repeat(id_width + kind_width + "warning".len() + 6);
        let notes = [
            ("checks", checks(config, rule)),
            ("in", scope(config, rule)),
            ("help", rule.help.clone()),
        ];
        for (name, note) in notes {
            if let Some(note) = note {
                let _ = writeln!(out, "{indent}{}", format!("{name}: {note}").dimmed());
            }
        }
    }
    if config.rules.is_empty() {
        out.push_str("no rules are configured\n");
    }
    out
}

/// What a rule looks for, its lexicons named as findings name them; nothing for a `change`
/// rule, whose message says it.
fn checks(config: &Config, rule: &Rule) -> Option<String> {
    let named = |c| config.describe(c);
    Some(match &rule.check {
        Check::Require { pattern } => {
            let part = match (&rule.scope.items, &rule.scope.sections) {
                (Some(_), _) => "each item in scope",
                (None, Some(_)) => "each section in scope",
                (None, None) => "the policy",
            };
            format!("{} in {part}", named(pattern))
        }
        Check::Forbid { pattern } => format!("no {}", named(pattern)),
        Check::Implies { when, then, within } => {
            let place = match within {
                Within::Sentence => "the same sentence",
                Within::Item => "the same item (or section intro)",
                Within::Section => "the same section",
                Within::Document => "the policy",
            };
            format!(
                "where a sentence has {}, {} in {place}",
                named(when),
                named(then)
            )
        }
        Check::EachItem { pattern, or_intro } => {
            let mut s = format!("{} in each item", named(pattern));
            if let Some(intro) = or_intro {
                s.push_str(&format!(", or {} in its section intro", named(intro)));
            }
            s
        }
        Check::RequiredSection { heading } => format!("a heading with {}", named(heading)),
        Check::Change { .. } => return None,
    })
}

/// Where a rule looks, when not in the whole policy: "sections whose heading has `x`; items …".
fn scope(config: &Config, rule: &Rule) -> Option<String> {
    let scope = &rule.scope;
    let parts: Vec<String> = [
        ("sections whose heading has", &scope.sections),
        ("items whose label has", &scope.items),
        ("sentences with", &scope.sentences),
    ]
    .into_iter()
    .filter_map(|(what, c)| c.as_ref().map(|c| format!("{what} {}", config.describe(c))))
    .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// `{ "rules": [ { "id", "kind", "severity", "message", "checks", "scope", "help", "url" } ],
/// "lexicons": [ { "name",
/// "regex", "polarity" } ] }`: each lexicon's whole regex, so other tools (ripgrep in
/// bench/run.py) can search for the same words.
pub fn json(config: &Config) -> Value {
    let rules: Vec<Value> = config
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "kind": r.kind().name(),
                "severity": r.severity.name(),
                "message": r.message,
                "checks": checks(config, r),
                "scope": scope(config, r),
                "help": r.help,
                "url": r.url,
            })
        })
        .collect();
    let lexicons: Vec<Value> = config
        .lexicons
        .iter()
        .map(|l| {
            json!({
                "name": l.name,
                "regex": l.regex.source(),
                "polarity": l.polarity.name(),
            })
        })
        .collect();
    json!({ "rules": rules, "lexicons": lexicons })
}
