//! `policy-lint annotate`: every sentence with what the detectors read in it, for people (spans
//! marked in colour) and machines (JSON).

use std::fmt::Write;
use std::ops::Range;

use colored::Colorize;
use serde_json::{Value, json};

use crate::detect::reading::list_recipients;
use crate::detect::{Mention, Reading};
use crate::outline::{Document, Sentence};

/// One sentence of a document, where it stands, and its reading.
pub struct Annotated<'d> {
    pub section: &'d str,
    pub item: Option<&'d str>,
    pub sentence: &'d Sentence,
    pub reading: Reading,
}

/// Every sentence of `doc` (section intros, then items), in order; the entries of a list led in
/// by a sentence that shares name its recipients ([`list_recipients`]).
pub fn sentences<'d>(doc: &'d Document, read: impl Fn(&str) -> Reading) -> Vec<Annotated<'d>> {
    let mut out = Vec::new();
    for s in &doc.sections {
        let intro = std::iter::once((None, &s.intro));
        let items = (s.items.iter()).map(|i| (Some(i.label.as_str()), &i.sentences));
        for (item, part) in intro.chain(items) {
            let texts: Vec<&str> = part.iter().map(|x| x.text.as_str()).collect();
            let mut readings: Vec<Reading> = texts.iter().map(|t| read(t)).collect();
            list_recipients(&texts, &mut readings);
            for (sentence, reading) in part.iter().zip(readings) {
                out.push(Annotated {
                    section: &s.heading,
                    item,
                    sentence,
                    reading,
                });
            }
        }
    }
    out
}

fn labels(m: &[Mention]) -> Vec<&str> {
    m.iter().map(|m| &*m.label).collect()
}

/// `{ "sentences": [ { "text", "line", "column", "section", "item", "practice", "negated",
/// "modality", "data_categories", "purposes", "recipients", "rights", "transfers",
/// "states_purpose", "advertising", "excludes_identifying" } ] }` (plus `quantities`,
/// `contacts` and `controllers`).
pub fn json(doc: &Document, sentences: &[Annotated]) -> Value {
    let list: Vec<Value> = sentences
        .iter()
        .map(|a| {
            let r = &a.reading;
            let (line, column) = doc.line_column(a.sentence.span.start);
            json!({
                "text": a.sentence.text,
                "line": line,
                "column": column,
                "section": a.section,
                "item": a.item.map(|l| l.trim_end_matches('.')),
                "practice": r.practice.as_ref().map(|(p, _)| p.name()),
                "negated": r.negated(),
                "modality": r.modality(),
                "data_categories": labels(&r.data_categories),
                "purposes": labels(&r.purposes),
                "recipients": labels(&r.recipients),
                "rights": labels(&r.rights),
                "transfers": labels(&r.transfers),
                "quantities": labels(&r.quantities),
                "contacts": labels(&r.contacts),
                "controllers": labels(&r.controllers),
                "states_purpose": r.states_purpose,
                "advertising": r.advertising,
                "excludes_identifying": r.excludes_identifying,
            })
        })
        .collect();
    json!({ "path": doc.source.path.display().to_string(), "sentences": list })
}

/// What a marked span is, which decides its colour.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Negator,
    DataCategory,
    Purpose,
}

/// The sentence with its spans marked: negators red, data categories cyan, purpose phrases
/// green; without colour, `[not]`, `{data}` and `<purpose>`.
fn marked(text: &str, r: &Reading, color: bool) -> String {
    let mut spans: Vec<(Range<usize>, Mark)> = Vec::new();
    spans.extend(r.negations.iter().map(|n| (n.cue.clone(), Mark::Negator)));
    spans.extend(
        r.data_categories
            .iter()
            .map(|m| (m.span.clone(), Mark::DataCategory)),
    );
    spans.extend(r.purpose_spans.iter().map(|s| (s.clone(), Mark::Purpose)));
    spans.sort_by_key(|(s, _)| (s.start, std::cmp::Reverse(s.end)));
    let mut out = String::new();
    let mut at = 0;
    for (span, mark) in spans {
        // Overlaps: the earlier, longer span wins.
        if span.start < at || span.end > text.len() {
            continue;
        }
        out.push_str(&text[at..span.start]);
        let piece = &text[span.clone()];
        let shown = match (mark, color) {
            (Mark::Negator, true) => piece.red().bold().to_string(),
            (Mark::DataCategory, true) => piece.cyan().underline().to_string(),
            (Mark::Purpose, true) => piece.green().to_string(),
            (Mark::Negator, false) => format!("[{piece}]"),
            (Mark::DataCategory, false) => format!("{{{piece}}}"),
            (Mark::Purpose, false) => format!("<{piece}>"),
        };
        out.push_str(&shown);
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// One block per sentence: its place, the sentence with spans marked, and what was read.
pub fn human(doc: &Document, sentences: &[Annotated], color: bool) -> String {
    let mut out = String::new();
    for a in sentences {
        let r = &a.reading;
        let (line, column) = doc.line_column(a.sentence.span.start);
        let place = match a.item {
            Some(item) => format!("{} › {}", a.section, item.trim_end_matches('.')),
            None => a.section.to_string(),
        };
        let _ = writeln!(
            out,
            "{}",
            format!("{}:{line}:{column} {place}", doc.source.path.display()).cyan()
        );
        let _ = writeln!(out, "  {}", marked(&a.sentence.text, r, color));
        let mut facts: Vec<String> = Vec::new();
        if let Some((p, _)) = &r.practice {
            facts.push(format!("practice: {}", p.name()));
        }
        if r.negated() {
            let excepted = (r.negations.iter()).any(|n| n.negates_practice() && n.excepted);
            facts.push(match excepted {
                true => "negated, but for an exception (rules read it as done)".to_string(),
                false => "negated".to_string(),
            });
        }
        if let Some(m) = r.modality() {
            facts.push(format!("modality: {m}"));
        }
        for (name, list) in [
            ("data", &r.data_categories),
            ("purposes", &r.purposes),
            ("recipients", &r.recipients),
            ("rights", &r.rights),
            ("transfers", &r.transfers),
            ("quantities", &r.quantities),
            ("contacts", &r.contacts),
            ("controllers", &r.controllers),
        ] {
            if !list.is_empty() {
                facts.push(format!("{name}: {}", labels(list).join(", ")));
            }
        }
        for (flag, name) in [
            (r.states_purpose, "states purpose"),
            (r.advertising, "advertising"),
            (r.excludes_identifying, "excludes identifying data"),
        ] {
            if flag {
                facts.push(name.to_string());
            }
        }
        if !facts.is_empty() {
            let _ = writeln!(out, "  {}", facts.join("; ").dimmed());
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", super::counted(sentences.len(), "sentence"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::detect::Reader;

    #[test]
    fn spans_are_marked_without_colour() {
        let config = Config::builtin().unwrap();
        let s = "We do not sell your email address in order to make money.";
        let r = Reader::new(&config).read(s);
        assert_eq!(
            marked(s, &r, false),
            "We do [not] sell your {email address} <in order to> make money."
        );
    }
}
