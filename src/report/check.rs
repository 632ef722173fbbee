//! `policy-lint check`: findings as rustc-style diagnostics for people and as the JSON contract
//! of DESIGN.md for machines.
//!
//! The human form is drawn by annotate-snippets (the renderer rustc uses): a title with the rule
//! id, the `--> path:line:col` locator, the source line with the span underlined, then `= help:`
//! and `= note:` lines. Long lines (a pasted policy is often one line per paragraph) are cut
//! around the span to the terminal width.

use std::fmt::Write;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use colored::Colorize;
use serde_json::{Value, json};

use crate::config::{ConfigError, Severity};
use crate::diff::Comparison;
use crate::outline::Document;
use crate::report::changes::{
    Sides, change_human, change_json, ignored_json, ignored_line, material_summary,
};
use crate::rules::Finding;

/// One checked policy: what the rules found in it and how it compares with its snapshot.
pub struct CheckedFile {
    pub doc: Document,
    /// Rule findings, then `snapshot-missing` / `snapshot-changed`.
    pub findings: Vec<Finding>,
    /// `None` when the policy has no snapshot yet.
    pub comparison: Option<Comparison>,
    /// The snapshot's path as shown to the user.
    pub snapshot: String,
}

/// How many findings of each severity a run produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Changes against snapshots, and how many material-change flags they carry.
    pub changes: usize,
    pub material: usize,
}

impl Summary {
    pub fn of(files: &[CheckedFile]) -> Summary {
        let mut s = Summary {
            files: files.len(),
            ..Summary::default()
        };
        for cmp in files.iter().filter_map(|c| c.comparison.as_ref()) {
            s.changes += cmp.changes.len();
            s.material += cmp.changes.iter().map(|c| c.material.len()).sum::<usize>();
        }
        for f in files.iter().flat_map(|c| &c.findings) {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

fn renderer(color: bool, term_width: usize) -> Renderer {
    if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii)
    .term_width(term_width)
}

/// Diagnostics for every finding, then a one-line summary.
/// How much the human report says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Error-level findings only: no warnings or notes, no summary line.
    Quiet,
    Normal,
    /// Also each file's state and the noise `[diff] ignore` left out.
    Verbose,
}

pub fn human(
    files: &[CheckedFile],
    color: bool,
    term_width: usize,
    verbosity: Verbosity,
) -> String {
    let renderer = renderer(color, term_width);
    let mut out = String::new();
    for file in files {
        let path = file.doc.source.path.display().to_string();
        let sides = Sides {
            old: &file.snapshot,
            new: &path,
        };
        if verbosity == Verbosity::Verbose {
            out.push_str(&file_state(file));
        }
        if let Some(line) = file.comparison.as_ref().and_then(material_summary) {
            let _ = writeln!(out, "{}: {}\n", path, line.bold());
        }
        let mut shown = std::collections::HashSet::new();
        for finding in &file.findings {
            if verbosity == Verbosity::Quiet && finding.severity != Severity::Error {
                continue;
            }
            out.push_str(&renderer.render(&[diagnostic(&file.doc, finding)]));
            out.push('\n');
            // A change not accepted is shown (once) as the diff a reviewer reads.
            if let Some(change) = finding
                .change
                .filter(|&i| shown.insert(i))
                .and_then(|i| file.comparison.as_ref()?.changes.get(i))
            {
                out.push_str(&change_human(change, &sides, color));
            }
            out.push('\n');
        }
    }
    if verbosity != Verbosity::Quiet {
        out.push_str(&summary_line(Summary::of(files)));
        out.push('\n');
    }
    out
}

/// "path: markdown, 12 sections, 30 items; snapshot changed (2 changes)", then left-out noise.
fn file_state(file: &CheckedFile) -> String {
    let doc = &file.doc;
    let items: usize = doc.sections.iter().map(|s| s.items.len()).sum();
    let snapshot = match &file.comparison {
        None if file.snapshot.is_empty() => "not compared with a snapshot".to_string(),
        None => "no snapshot yet".to_string(),
        Some(cmp) if cmp.changes.is_empty() => format!("unchanged since {}", file.snapshot),
        Some(cmp) => format!(
            "{} change{} since {}",
            cmp.changes.len(),
            if cmp.changes.len() == 1 { "" } else { "s" },
            file.snapshot
        ),
    };
    let mut out = format!(
        "{}: {}, {} sections, {items} items; {snapshot}\n",
        doc.source.path.display(),
        doc.format.name(),
        doc.sections.len(),
    );
    for i in file.comparison.iter().flat_map(|c| &c.ignored) {
        out.push_str(&format!("  {}\n", ignored_line(i).dimmed()));
    }
    out
}

/// An unusable rules.toml as a diagnostic pointing into the file; `None` for errors that have
/// no position (the file cannot be read).
pub fn config_error(err: &ConfigError, color: bool, term_width: usize) -> Option<String> {
    let ConfigError::Invalid {
        path,
        line,
        message,
        source_line,
        underline,
        ..
    } = err
    else {
        return None;
    };
    let report = [Level::ERROR.primary_title(message.as_str()).element(
        Snippet::source(source_line.as_str())
            .line_start(*line)
            .path(path.display().to_string())
            .annotation(AnnotationKind::Primary.span(underline.clone())),
    )];
    Some(renderer(color, term_width).render(&report))
}

fn diagnostic<'a>(doc: &'a Document, f: &'a Finding) -> Group<'a> {
    let level = match f.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    // The whole lines the span covers, so the renderer can number and underline them.
    let text = &doc.source.text;
    let start = f.span.start.min(text.len());
    let end = f.span.end.clamp(start, text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let source = text[line_start..line_end].trim_end_matches('\r');
    let span = start - line_start..(end - line_start).min(source.len());
    let path = doc.source.path.display().to_string();
    let mut group = level
        .primary_title(f.message.as_str())
        .id(f.rule.as_str())
        .element(
            Snippet::source(source)
                .line_start(f.line)
                .path(path)
                .annotation(AnnotationKind::Primary.span(span).label(f.label.as_str())),
        );
    if let Some(place) = place(f) {
        group = group.element(Level::NOTE.message(place));
    }
    if let Some(help) = &f.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    if let Some(url) = &f.url {
        group = group.element(Level::NOTE.message(format!("see {url}")));
    }
    group
}

/// "in section "…", item "…"" for the note under a diagnostic.
fn place(f: &Finding) -> Option<String> {
    match (&f.section, &f.item) {
        (Some(s), Some(i)) => Some(format!("in section \"{s}\", item \"{i}\"")),
        (Some(s), None) => Some(format!("in section \"{s}\"")),
        (None, Some(i)) => Some(format!("in item \"{i}\"")),
        (None, None) => None,
    }
}

fn summary_line(s: Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut line = format!("{} checked: ", plural(s.files, "file"));
    if s.errors + s.warnings + s.infos == 0 {
        line.push_str("no findings");
        return line.green().to_string();
    }
    let mut parts = vec![plural(s.errors, "error"), plural(s.warnings, "warning")];
    if s.infos > 0 {
        parts.push(plural(s.infos, "note"));
    }
    let _ = write!(line, "{}", parts.join(", "));
    if s.errors > 0 {
        line.red().bold().to_string()
    } else {
        line.yellow().bold().to_string()
    }
}

/// The JSON contract: `{ version, files: [ { path, findings, changes } ], summary }`.
pub fn json(files: &[CheckedFile]) -> Value {
    let s = Summary::of(files);
    let files: Vec<Value> = files.iter().map(file_json).collect();
    json!({
        "version": 1,
        "files": files,
        "summary": {
            "files": s.files,
            "errors": s.errors,
            "warnings": s.warnings,
            "infos": s.infos,
            "changes": s.changes,
            "material": s.material,
        },
    })
}

/// One entry of `files` in [`json`]; alone, one line of `--format json-lines`.
pub fn file_json(c: &CheckedFile) -> Value {
    let findings: Vec<Value> = c.findings.iter().map(finding_json).collect();
    let changes: Vec<Value> = c
        .comparison
        .iter()
        .flat_map(|cmp| cmp.changes.iter().map(change_json))
        .collect();
    let ignored: Vec<Value> = c
        .comparison
        .iter()
        .flat_map(|cmp| cmp.ignored.iter().map(ignored_json))
        .collect();
    json!({
        "path": c.doc.source.path.display().to_string(),
        "findings": findings,
        "changes": changes,
        "ignored": ignored,
    })
}

/// The line of `--format json-lines` for a file that could not be checked.
pub fn file_error_json(path: &std::path::Path, error: &str) -> Value {
    json!({ "path": path.display().to_string(), "error": error })
}

fn finding_json(f: &Finding) -> Value {
    let mut v = json!({
        "rule": f.rule,
        "severity": f.severity.name(),
        "message": f.message,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "section": f.section,
        "item": f.item,
    });
    if let Some(obj) = v.as_object_mut() {
        if let Some(help) = &f.help {
            obj.insert("help".into(), json!(help));
        }
        if let Some(url) = &f.url {
            obj.insert("url".into(), json!(url));
        }
    }
    v
}
