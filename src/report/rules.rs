//! `policy-lint rules`: the configured rules, as a table for people and as JSON.

use std::fmt::Write;

use colored::Colorize;
use serde_json::{Value, json};

use crate::config::{Config, Severity};

/// One rule a line: id, kind, severity, message (help indented below it).
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
        if let Some(help) = &rule.help {
            let indent = id_width + kind_width + "warning".len() + 6;
            let _ = writeln!(
                out,
                "{}{}",
                " ".repeat(indent),
                format!("help: {help}").dimmed()
            );
        }
    }
    if config.rules.is_empty() {
        out.push_str("no rules are configured\n");
    }
    out
}

/// `{ "rules": [ { "id", "kind", "severity", "message", "help", "url" } ], "lexicons": [ { "name",
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
