//! `--format github`: workflow commands that GitHub Actions shows as annotations on the diff:
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message` (without `col` and
//! `endColumn` for a finding over several lines).

use std::fmt::Write;

use super::check::{CheckedFile, Unchecked};
use crate::config::Severity;

/// Escapes a message the way GitHub's toolkit does (`escapeData`).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`escapeProperty`): also `:` and `,`, which separate properties.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A path as GitHub names files in a repository, with `/` on Windows too.
fn forward_slashes(path: &std::path::Path) -> String {
    let path = path.to_string_lossy();
    match std::path::MAIN_SEPARATOR {
        '/' => path.into_owned(),
        separator => path.replace(separator, "/"),
    }
}

/// The findings of `files`, then an error on each file that could not be checked (on the file,
/// no line: GitHub shows it at the top of the file's diff).
pub fn github(files: &[CheckedFile], unchecked: &[Unchecked]) -> String {
    let mut out = String::new();
    for (file, f) in files
        .iter()
        .flat_map(|c| c.findings.iter().map(move |f| (c, f)))
    {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = f.message.clone();
        if let Some(help) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        // What changed, which a reviewer reads beside the annotation.
        if let Some(change) = file.change_text(f) {
            message.push_str("\n\n");
            message.push_str(&change);
        }
        // Columns only within one line: GitHub takes none across lines (its runner drops them).
        let place = match f.line == f.end_line {
            true => format!(
                "line={},col={},endLine={},endColumn={}",
                f.line, f.column, f.end_line, f.end_column
            ),
            false => format!("line={},endLine={}", f.line, f.end_line),
        };
        let _ = writeln!(
            out,
            "::{command} file={},{place},title={}::{}",
            escape_property(&forward_slashes(&f.path)),
            escape_property(&format!("policy-lint {}", f.rule)),
            escape_data(&message),
        );
    }
    for u in unchecked {
        let _ = writeln!(
            out,
            "::error file={},title={}::{}",
            escape_property(&forward_slashes(&u.path)),
            escape_property("policy-lint could not check this file"),
            escape_data(&u.error),
        );
    }
    out
}

/// The annotation of a run that stopped on `error` before checking any file: on the line of
/// the configuration file it is about, if any.
pub fn failed(error: &str, at: Option<(&std::path::Path, usize, usize)>) -> String {
    let place = match at {
        Some((path, line, column)) => format!(
            "file={},line={line},col={column},",
            escape_property(&forward_slashes(path))
        ),
        None => String::new(),
    };
    format!(
        "::error {place}title={}::{}\n",
        escape_property("policy-lint could not run"),
        escape_data(error)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_specifies() {
        assert_eq!(escape_data("50% off\r\nnext"), "50%25 off%0D%0Anext");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
