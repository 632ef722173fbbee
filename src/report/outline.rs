//! `policy-lint outline`: the parsed structure, for people (a tree) and machines (JSON).

use std::fmt::Write;

use colored::Colorize;
use serde_json::{Value, json};

use crate::outline::{Document, Sentence};

/// The outline as JSON: `{ "path", "format", "sections": [ { "heading", "level", "line",
/// "column", "intro", "items": [ { "label", "line", "column", "text" } ] } ] }`.
pub fn json(doc: &Document) -> Value {
    let sections: Vec<Value> = doc
        .sections
        .iter()
        .map(|s| {
            let (line, column) = doc.line_column(s.heading_span.start);
            let items: Vec<Value> = s
                .items
                .iter()
                .map(|i| {
                    let (line, column) = doc.line_column(i.label_span.start);
                    json!({ "label": i.label, "line": line, "column": column, "text": i.text() })
                })
                .collect();
            json!({
                "heading": s.heading,
                "level": s.level,
                "line": line,
                "column": column,
                "intro": s.intro_text(),
                "items": items,
            })
        })
        .collect();
    json!({
        "path": doc.source.path.display().to_string(),
        "format": doc.format.name(),
        "sections": sections,
    })
}

/// The outline as an indented tree with line numbers.
pub fn human(doc: &Document) -> String {
    let mut out = String::new();
    let items: usize = doc.sections.iter().map(|s| s.items.len()).sum();
    let _ = writeln!(
        out,
        "{} ({}, {}, {})",
        doc.source.path.display().to_string().bold(),
        doc.format.name(),
        super::counted(doc.sections.len(), "section"),
        super::counted(items, "item")
    );
    for s in &doc.sections {
        let (line, col) = doc.line_column(s.heading_span.start);
        let heading = if s.heading.is_empty() {
            super::changes::BEFORE_THE_FIRST_HEADING
                .italic()
                .to_string()
        } else {
            format!("{} {}", "#".repeat(usize::from(s.level.max(1))), s.heading)
                .bold()
                .to_string()
        };
        let _ = writeln!(out, "{} {heading}", locator(line, col));
        if !s.intro.is_empty() {
            let _ = writeln!(out, "{}   {}", " ".repeat(9), preview(&s.intro).dimmed());
        }
        for i in &s.items {
            let (line, col) = doc.line_column(i.label_span.start);
            let _ = writeln!(
                out,
                "{}   {} {}",
                locator(line, col),
                i.label.cyan().bold(),
                preview(&i.sentences).dimmed()
            );
        }
    }
    out
}

fn locator(line: usize, col: usize) -> String {
    format!("{:>9}", format!("{line}:{col}"))
        .dimmed()
        .to_string()
}

/// The first words of some sentences and how many there are.
fn preview(sentences: &[Sentence]) -> String {
    let Some(first) = sentences.first() else {
        return "(no text)".to_string();
    };
    let mut words: Vec<&str> = first.text.split_whitespace().take(10).collect();
    if first.text.split_whitespace().count() > 10 {
        words.push("…");
    }
    format!(
        "— {} ({})",
        words.join(" "),
        super::counted(sentences.len(), "sentence")
    )
}
