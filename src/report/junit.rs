//! `--format junit`: one test suite per policy and one test case per rule (and per snapshot
//! check, unless `--rules-only`), for CI test reports
//! (GitLab, Jenkins, Azure). A rule fails when it has an error-level finding; warnings and notes
//! are listed in the test case's output. A policy that could not be checked is a suite of one
//! test case, `check`, in error; one that is gone (its snapshot left), a suite of the snapshot
//! checks.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::check::{CheckedFile, Unchecked};
use crate::config::{Check, Config, SNAPSHOT_CHECKS, Severity, UNKNOWN_ALLOW, UNMATCHED_SCOPE};

/// Escapes text for XML 1.0, dropping the control characters XML cannot carry.
fn xml(s: &str) -> String {
    escaped(s, false)
}

/// [`xml`] for an attribute's value, its tabs and line breaks written as references: a parser
/// reads them as spaces where they stand as they are.
fn attr(s: &str) -> String {
    escaped(s, true)
}

fn escaped(s: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' if in_attribute => {
                let _ = write!(out, "&#{};", c as u32);
            }
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The report of `files`; the checks of allow directives and of rules' scopes are test cases
/// of every policy, and with `snapshots` (a run not `--rules-only`) the built-in snapshot
/// checks and the `change` rules too, passed or not: a CI service's test history then sees the
/// same tests in every run. Without, those are not run, and not listed as passed.
pub fn junit(
    files: &[CheckedFile],
    unchecked: &[Unchecked],
    config: &Config,
    snapshots: bool,
) -> String {
    let mut configured: Vec<&str> = (config.rules.iter())
        .filter(|r| snapshots || !matches!(r.check, Check::Change { .. }))
        .map(|r| r.id.as_str())
        .collect();
    configured.extend([UNKNOWN_ALLOW, UNMATCHED_SCOPE]);
    if snapshots {
        configured.extend(SNAPSHOT_CHECKS);
    }
    let mut suites = String::new();
    let (mut total, mut failed) = (0, 0);
    for file in files {
        let path = file.doc.source.path.display().to_string();
        // Every configured rule is a test case, and so is any other rule a finding names; of a
        // policy that is gone, only the snapshot checks ran.
        let mut ids: Vec<&str> = if file.gone {
            SNAPSHOT_CHECKS.to_vec()
        } else {
            configured.clone()
        };
        let extra: BTreeSet<&str> = file
            .findings
            .iter()
            .map(|f| f.rule.as_str())
            .filter(|id| !ids.contains(id))
            .collect();
        ids.extend(extra);
        let mut cases = String::new();
        let mut suite_failed = 0;
        for id in &ids {
            let findings: Vec<_> = file.findings.iter().filter(|f| f.rule == *id).collect();
            let describe = |f: &&crate::rules::Finding| {
                format!(
                    "{}:{}:{}: {}: {}",
                    path,
                    f.line,
                    f.column,
                    f.severity.name(),
                    f.message
                )
            };
            let errors: Vec<String> = findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .map(describe)
                .collect();
            let others: Vec<String> = findings
                .iter()
                .filter(|f| f.severity != Severity::Error)
                .map(describe)
                .collect();
            let _ = write!(
                cases,
                "    <testcase classname=\"{}\" name=\"{}\"",
                attr(&path),
                attr(id)
            );
            if errors.is_empty() && others.is_empty() {
                cases.push_str("/>\n");
                continue;
            }
            cases.push_str(">\n");
            if let Some(first) = findings.iter().find(|f| f.severity == Severity::Error) {
                suite_failed += 1;
                let _ = writeln!(
                    cases,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    attr(&first.message),
                    attr(id),
                    xml(&errors.join("\n"))
                );
            }
            if !others.is_empty() {
                let _ = writeln!(
                    cases,
                    "      <system-out>{}</system-out>",
                    xml(&others.join("\n"))
                );
            }
            cases.push_str("    </testcase>\n");
        }
        total += ids.len();
        failed += suite_failed;
        let _ = write!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n",
            attr(&path),
            ids.len(),
            suite_failed
        );
    }
    for u in unchecked {
        suites.push_str(&suite_in_error(&u.path.display().to_string(), &u.error));
    }
    let (total, errors) = (total + unchecked.len(), unchecked.len());
    document(&suites, total, failed, errors)
}

/// The report of a run that stopped on `error` before checking any file: one suite in error.
pub fn failed(error: &str) -> String {
    document(&suite_in_error("policy-lint", error), 1, 0, 1)
}

/// A suite of one test case, `check`, in error.
fn suite_in_error(name: &str, error: &str) -> String {
    let (name, message, error) = (attr(name), attr(error), xml(error));
    format!(
        "  <testsuite name=\"{name}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n    <testcase classname=\"{name}\" name=\"check\">\n      <error message=\"{message}\" type=\"unchecked\">{error}</error>\n    </testcase>\n  </testsuite>\n"
    )
}

fn document(suites: &str, total: usize, failed: usize, errors: usize) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"policy-lint\" tests=\"{total}\" failures=\"{failed}\" errors=\"{errors}\">\n{suites}</testsuites>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping_drops_what_xml_cannot_carry() {
        assert_eq!(
            xml("a<b & \"c\" 'd'\u{1}\n"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;\n"
        );
        // In an attribute, a line break is kept as a reference.
        assert_eq!(attr("two\nlines\tand\r"), "two&#10;lines&#9;and&#13;");
    }
}
