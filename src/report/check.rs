//! `policy-lint check`: findings as rustc-style diagnostics for people and as the JSON contract
//! of DESIGN.md for machines.
//!
//! The human form is drawn by annotate-snippets (the renderer rustc uses): a title with the rule
//! id, the `--> path:line:col` locator, the source line with the span underlined, then `= help:`
//! and `= note:` lines. Long lines (a pasted policy is often one line per paragraph) are cut
//! around the span to the terminal width.

use std::borrow::Cow;
use std::fmt::Write;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use colored::Colorize;
use serde::Serialize;

use crate::config::{ConfigError, Severity};
use crate::diff::Comparison;
use crate::outline::Document;
use crate::report::changes::{
    ChangeJson, IgnoredJson, Sides, change_in_context, ignored_line, material_summary,
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
    /// The policy is gone (deleted or renamed): `doc` is what its snapshot holds, and the
    /// rules did not run on it.
    pub gone: bool,
}

impl CheckedFile {
    /// The change a finding reports, as the human report shows it without colour ("modified
    /// … @@ … @@ … [-run-]{+operate+} …"): for formats read where the diff is not (an
    /// annotation on a pull request, a SARIF viewer).
    pub fn change_text(&self, finding: &Finding) -> Option<String> {
        let changes = &self.comparison.as_ref()?.changes;
        let index = finding.change.filter(|&i| i < changes.len())?;
        let path = self.doc.source.path.display().to_string();
        let sides = Sides {
            old: &self.snapshot,
            new: &path,
        };
        let block = change_in_context(changes, index, &sides, false);
        Some(block.trim_end().to_string())
    }
}

/// A policy `check` could not check (unreadable, binary, too large, its snapshot unreadable):
/// reported beside the files it checked.
pub struct Unchecked {
    pub path: std::path::PathBuf,
    /// Why, naming the file.
    pub error: String,
    /// A folder named to check that holds no policy, not a file.
    pub folder: bool,
}

/// What a run could not check, for its summary: "2 of 5 files could not be checked" (`failed` of
/// `files` in all, when given), "1 folder held no policy" (`folders` of them), or both.
pub fn not_checked(failed: usize, files: Option<usize>, folders: usize) -> String {
    let mut said = Vec::new();
    if failed > 0 {
        said.push(match files {
            Some(files) => format!(
                "{failed} of {} could not be checked",
                super::counted(files, "file")
            ),
            None => format!("{} could not be checked", super::counted(failed, "file")),
        });
    }
    if folders > 0 {
        let held = if folders == 1 { "held" } else { "hold" };
        said.push(format!(
            "{} {held} no policy",
            super::counted(folders, "folder")
        ));
    }
    said.join("; ")
}

/// [`not_checked`] of what `unchecked` lists.
pub fn not_checked_of(unchecked: &[Unchecked], files: Option<usize>) -> String {
    let folders = unchecked.iter().filter(|u| u.folder).count();
    not_checked(unchecked.len() - folders, files, folders)
}

/// How many findings of each severity a run produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Changes against snapshots, and how many of them alter meaning.
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
            s.material += super::changes::material_changes(cmp);
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

/// How much the human report says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Error-level findings only: no warnings or notes, no summary line.
    Quiet,
    Normal,
    /// Also each file's state and the noise `[diff] ignore` left out.
    Verbose,
}

/// Diagnostics for every finding, then a one-line summary: the report of `files`; `unchecked`
/// more could not be checked (said in the summary line, as their errors were said when they
/// failed). Nothing if no file could be: the errors say it all ("0 files checked: no
/// findings" would not).
pub fn human(
    files: &[CheckedFile],
    unchecked: &[Unchecked],
    color: bool,
    term_width: usize,
    verbosity: Verbosity,
) -> String {
    let mut out = String::new();
    if files.is_empty() && !unchecked.is_empty() {
        return out;
    }
    let renderer = renderer(color, term_width);
    for file in files {
        let path = file.doc.source.path.display().to_string();
        let sides = Sides {
            old: &file.snapshot,
            new: &path,
        };
        if verbosity == Verbosity::Verbose {
            out.push_str(&file_state(file));
        }
        // A summary of the file's changes; the changes themselves are shown with their errors.
        if verbosity != Verbosity::Quiet
            && let Some(line) = file.comparison.as_ref().and_then(material_summary)
        {
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
            if let (Some(index), Some(comparison)) = (finding.change, &file.comparison)
                && shown.insert(index)
            {
                let block = change_in_context(&comparison.changes, index, &sides, color);
                out.push_str(&block);
            }
            out.push('\n');
        }
    }
    if verbosity != Verbosity::Quiet {
        out.push_str(&summary_line(Summary::of(files)));
        if !unchecked.is_empty() {
            let failed = format!("; {}", not_checked_of(unchecked, None));
            out.push_str(&failed.red().bold().to_string());
        }
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
            "{} since {}",
            super::counted(cmp.changes.len(), "change"),
            file.snapshot
        ),
    };
    let mut out = format!(
        "{}: {}, {}, {}; {snapshot}\n",
        doc.source.path.display(),
        doc.format.name(),
        super::counted(doc.sections.len(), "section"),
        super::counted(items, "item"),
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
    // A byte-order mark opening the file is no column: not shown, not counted.
    let file_start = if text.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    };
    let start = start.max(file_start.min(end));
    let line_start = text[..start].rfind('\n').map_or(file_start, |i| i + 1);
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

/// "in section "…", item "…"" for the note under a diagnostic ("before the first heading"
/// for the text there).
fn place(f: &Finding) -> Option<String> {
    let section = |s: &str| match s.is_empty() {
        true => "before the first heading".to_string(),
        false => format!("in section \"{s}\""),
    };
    match (&f.section, &f.item) {
        (Some(s), Some(i)) => Some(format!("{}, item \"{i}\"", section(s))),
        (Some(s), None) => Some(section(s)),
        (None, Some(i)) => Some(format!("in item \"{i}\"")),
        (None, None) => None,
    }
}

fn summary_line(s: Summary) -> String {
    let mut line = format!("{} checked: ", super::counted(s.files, "file"));
    if s.errors + s.warnings + s.infos == 0 {
        line.push_str("no findings");
        return line.green().to_string();
    }
    let mut parts = vec![
        super::counted(s.errors, "error"),
        super::counted(s.warnings, "warning"),
    ];
    if s.infos > 0 {
        parts.push(super::counted(s.infos, "note"));
    }
    let _ = write!(line, "{}", parts.join(", "));
    if s.errors > 0 {
        line.red().bold().to_string()
    } else {
        line.yellow().bold().to_string()
    }
}

/// The JSON contract: `{ failed, files: [ { changes, findings, ignored, path } ], summary,
/// version }` (keys in alphabetical order, as in [`ChangeJson`]); `failed`, the files that could
/// not be checked (`[ { error, path } ]`), only when there are any.
#[derive(Serialize)]
pub struct CheckJson<'a> {
    /// Why the run stopped before checking any file (a rules.toml that does not load, say).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    failed: Vec<FileErrorJson<'a>>,
    files: Vec<FileJson<'a>>,
    summary: SummaryJson,
    version: u32,
}

#[derive(Serialize)]
struct SummaryJson {
    changes: usize,
    errors: usize,
    files: usize,
    infos: usize,
    material: usize,
    /// Files that could not be checked (each in `failed`).
    unchecked: usize,
    warnings: usize,
}

impl<'a> CheckJson<'a> {
    pub fn of(files: &'a [CheckedFile], unchecked: &'a [Unchecked]) -> CheckJson<'a> {
        let s = Summary::of(files);
        CheckJson {
            error: None,
            failed: (unchecked.iter())
                .map(|u| FileErrorJson::of(&u.path, &u.error))
                .collect(),
            files: files.iter().map(FileJson::of).collect(),
            summary: SummaryJson {
                changes: s.changes,
                errors: s.errors,
                files: s.files,
                infos: s.infos,
                material: s.material,
                unchecked: unchecked.len(),
                warnings: s.warnings,
            },
            version: 1,
        }
    }

    /// The report of a run that stopped on `error` before checking any file.
    pub fn failed(error: &'a str) -> CheckJson<'a> {
        CheckJson {
            error: Some(error),
            ..CheckJson::of(&[], &[])
        }
    }
}

/// One entry of `files` in [`CheckJson`]; alone, one line of `--format json-lines`.
#[derive(Serialize)]
pub struct FileJson<'a> {
    changes: Vec<ChangeJson<'a>>,
    findings: Vec<FindingJson<'a>>,
    ignored: Vec<IgnoredJson<'a>>,
    path: Cow<'a, str>,
}

impl<'a> FileJson<'a> {
    pub fn of(c: &'a CheckedFile) -> FileJson<'a> {
        FileJson {
            changes: (c.comparison.iter())
                .flat_map(|cmp| cmp.changes.iter().map(ChangeJson::of))
                .collect(),
            findings: c.findings.iter().map(FindingJson::of).collect(),
            ignored: (c.comparison.iter())
                .flat_map(|cmp| cmp.ignored.iter().map(IgnoredJson::of))
                .collect(),
            path: c.doc.source.path.to_string_lossy(),
        }
    }
}

/// The line of `--format json-lines` for a file that could not be checked; an entry of
/// `failed` in [`CheckJson`].
#[derive(Serialize)]
pub struct FileErrorJson<'a> {
    error: &'a str,
    path: Cow<'a, str>,
}

impl<'a> FileErrorJson<'a> {
    pub fn of(path: &'a std::path::Path, error: &'a str) -> FileErrorJson<'a> {
        FileErrorJson {
            error,
            path: path.to_string_lossy(),
        }
    }
}

#[derive(Serialize)]
struct FindingJson<'a> {
    column: usize,
    end_column: usize,
    end_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    item: Option<&'a str>,
    line: usize,
    message: &'a str,
    rule: &'a str,
    section: Option<&'a str>,
    severity: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

impl<'a> FindingJson<'a> {
    fn of(f: &'a Finding) -> FindingJson<'a> {
        FindingJson {
            column: f.column,
            end_column: f.end_column,
            end_line: f.end_line,
            help: f.help.as_deref(),
            item: f.item.as_deref(),
            line: f.line,
            message: &f.message,
            rule: &f.rule,
            section: f.section.as_deref(),
            severity: f.severity.name(),
            url: f.url.as_deref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::{Format, OutlineSettings, Source};

    #[test]
    fn a_check_in_json_has_the_contracts_keys_in_order_and_help_only_when_set() {
        let text = "Advertising. We show ads.\n";
        let source = Source::new(std::path::Path::new("p.txt"), text.to_string());
        let doc = Document::parse(source, Format::Text, &OutlineSettings::default());
        let mut with_help = Finding::at(&doc, "ads", Severity::Error, "no".into(), 13..17);
        with_help.help = Some("say so".into());
        with_help.section = Some(String::new());
        let plain = Finding::at(&doc, "tone", Severity::Info, "hm".into(), 0..11);
        let files = [CheckedFile {
            doc,
            findings: vec![with_help, plain],
            comparison: None,
            snapshot: String::new(),
            gone: false,
        }];
        assert_eq!(
            serde_json::to_string(&CheckJson::of(&files, &[])).unwrap(),
            concat!(
                r#"{"files":[{"changes":[],"findings":["#,
                r#"{"column":14,"end_column":18,"end_line":1,"help":"say so","item":null,"#,
                r#""line":1,"message":"no","rule":"ads","section":"","severity":"error"},"#,
                r#"{"column":1,"end_column":12,"end_line":1,"item":null,"line":1,"#,
                r#""message":"hm","rule":"tone","section":null,"severity":"info"}],"#,
                r#""ignored":[],"path":"p.txt"}],"#,
                r#""summary":{"changes":0,"errors":1,"files":1,"infos":1,"material":0,"#,
                r#""unchecked":0,"warnings":0},"version":1}"#
            )
        );
        let error = FileErrorJson::of(std::path::Path::new("gone.md"), "not found");
        assert_eq!(
            serde_json::to_string(&error).unwrap(),
            r#"{"error":"not found","path":"gone.md"}"#
        );
        // `failed` comes first, and only when a file could not be checked.
        let gone = [Unchecked {
            path: "gone.md".into(),
            error: "not found".into(),
            folder: false,
        }];
        let json = serde_json::to_string(&CheckJson::of(&files[..0], &gone)).unwrap();
        assert!(
            json.starts_with(r#"{"failed":[{"error":"not found","path":"gone.md"}],"files":[],"#),
            "{json}"
        );
        // The summary counts it.
        assert!(json.contains(r#""unchecked":1,"#), "{json}");
    }
}
