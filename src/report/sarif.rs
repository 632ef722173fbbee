//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning and other viewers read it.
//!
//! One run; the driver lists every configured rule (with its message, help and URL) plus any
//! built-in rule a finding names; each finding is a result with a region in code points, the
//! column unit policy-lint counts in.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::check::{CheckedFile, Unchecked};
use crate::config::{Config, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a SARIF URI: forward slashes, reserved characters percent-encoded; a relative path
/// stays relative (to the repository, as code scanning expects), an absolute one is a file: URI.
fn uri(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = text.strip_prefix("./").unwrap_or(&text);
    let mut out = String::with_capacity(text.len() + 7);
    if path.is_absolute() {
        out.push_str("file://");
    }
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The log of a run over `files`; files that could not be checked make it an unsuccessful
/// execution, each file's error a notification located on the file, beside the other files'
/// results (a log without those would have their alerts closed as fixed).
pub fn sarif(files: &[CheckedFile], unchecked: &[Unchecked], config: &Config) -> Value {
    // Rule id → (index, descriptor), configured rules first, in file order.
    let mut rules: BTreeMap<String, (usize, Value)> = BTreeMap::new();
    for rule in &config.rules {
        let mut d = json!({
            "id": rule.id,
            "name": rule.id,
            "shortDescription": { "text": rule.described() },
            "defaultConfiguration": { "level": level(rule.severity) },
            "properties": { "kind": rule.kind().name() },
        });
        if let Some(help) = &rule.help {
            d["help"] = json!({ "text": help });
        }
        if let Some(url) = &rule.url {
            d["helpUri"] = json!(url);
        }
        let index = rules.len();
        rules.entry(rule.id.clone()).or_insert((index, d));
    }
    for f in files.iter().flat_map(|c| &c.findings) {
        let index = rules.len();
        rules.entry(f.rule.clone()).or_insert_with(|| {
            (
                index,
                json!({
                    "id": f.rule,
                    "name": f.rule,
                    "shortDescription": { "text": f.rule },
                    "defaultConfiguration": { "level": level(f.severity) },
                }),
            )
        });
    }
    let results: Vec<Value> = files
        .iter()
        .flat_map(|c| c.findings.iter().map(move |f| (c, f)))
        .map(|(file, f)| {
            let index = rules.get(&f.rule).map_or(0, |(i, _)| *i);
            let mut message = f.message.clone();
            if let Some(help) = &f.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            if let Some(change) = file.change_text(f) {
                message.push_str("\n\n");
                message.push_str(&change);
            }
            json!({
                "ruleId": f.rule,
                "ruleIndex": index,
                "level": level(f.severity),
                "message": { "text": message },
                "locations": [ {
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&f.path) },
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.end_line,
                            "endColumn": f.end_column,
                        }
                    }
                } ],
            })
        })
        .collect();
    let mut descriptors: Vec<(usize, Value)> = rules.into_values().collect();
    descriptors.sort_by_key(|(i, _)| *i);
    let artifacts: Vec<Value> = files
        .iter()
        .map(|c| json!({ "location": { "uri": uri(&c.doc.source.path) } }))
        .collect();
    let rules = descriptors.into_iter().map(|(_, d)| d).collect();
    let mut log = log(rules, artifacts, results);
    if !unchecked.is_empty() {
        let notifications = (unchecked.iter())
            .map(|u| {
                let mut n = notification(&u.error);
                n["locations"] = json!([ {
                    "physicalLocation": { "artifactLocation": { "uri": uri(&u.path) } }
                } ]);
                n
            })
            .collect();
        log["runs"][0]["invocations"] = unsuccessful(notifications);
    }
    log
}

/// An error notification saying `text`.
fn notification(text: &str) -> Value {
    json!({ "level": "error", "message": { "text": text } })
}

/// The `invocations` of a run that did not succeed, with its `notifications`.
fn unsuccessful(notifications: Vec<Value>) -> Value {
    json!([ {
        "executionSuccessful": false,
        "toolExecutionNotifications": notifications,
    } ])
}

/// A log of one run of policy-lint.
fn log(rules: Vec<Value>, artifacts: Vec<Value>, results: Vec<Value>) -> Value {
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [ {
            "tool": { "driver": {
                "name": "policy-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            } },
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
        } ],
    })
}

/// The log of a run that stopped on an error (in rules.toml, a folder without policies): no result,
/// and the error as the tool's notification, so that a CI job that uploads the log whatever
/// happened uploads a valid one that says why.
pub fn failed(error: &str) -> Value {
    let mut log = log(Vec::new(), Vec::new(), Vec::new());
    log["runs"][0]["invocations"] = unsuccessful(vec![notification(error)]);
    log
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_use_forward_slashes_and_escape_reserved_characters() {
        assert_eq!(
            uri(std::path::Path::new("./policies/privacy notice#1.md")),
            "policies/privacy%20notice%231.md"
        );
        assert_eq!(uri(std::path::Path::new("/tmp/p.md")), "file:///tmp/p.md");
    }
}
