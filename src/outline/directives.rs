//! Inline directives in Markdown and HTML comments: `<!-- policy-lint: allow(rule-id, …) -->`
//! before a section or an item suppresses those rules' findings in it.
//!
//! Comments are the same in both formats and the parsers drop them, so directives are read from
//! the source text and attached to the section or item whose heading, label or text comes next
//! (by byte offset).

use std::sync::LazyLock;

use regex::Regex;

use super::{Allow, Section, Source};

static ALLOW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<!--\s*policy-lint:\s*allow\(([^)]*)\)\s*-->").expect("valid"));

/// Attaches every allow directive of `text` to the section or item that follows it; returns a
/// warning for each directive that is followed by neither.
pub(crate) fn attach_allows(source: &Source, sections: &mut [Section]) -> Vec<String> {
    let mut stray = Vec::new();
    // Most policies have none: no reason to compile the regex for them.
    if !source.text.contains("policy-lint:") {
        return stray;
    }
    for directive in ALLOW.captures_iter(&source.text) {
        let (Some(whole), Some(list)) = (directive.get(0), directive.get(1)) else {
            continue;
        };
        let rules = (list.as_str().split(','))
            .scan(list.start(), |start, id| {
                let at = *start + (id.len() - id.trim_start().len());
                *start += id.len() + ','.len_utf8();
                Some((at, id.trim()))
            })
            .filter(|(_, id)| !id.is_empty())
            .map(|(at, id)| Allow {
                rule: id.to_string(),
                span: at..at + id.len(),
            });
        let after = whole.end();
        // What a reader reads next: a section's heading, an item's label, or a sentence of a
        // section's introduction or of an item, whichever starts first. A directive before a
        // heading or a label allows in that section or item; one within a section's text, in
        // the section or item that text belongs to (not the next heading further down).
        let mut next: Option<(usize, usize, Option<usize>)> = None;
        let mut consider = |start: usize, s: usize, i: Option<usize>| {
            if start >= after && next.is_none_or(|n| start < n.0) {
                next = Some((start, s, i));
            }
        };
        for (s, section) in sections.iter().enumerate() {
            if !section.heading.is_empty() {
                consider(section.heading_span.start, s, None);
            }
            if let Some(first) = section.intro.iter().find(|x| x.span.start >= after) {
                consider(first.span.start, s, None);
            }
            for (i, item) in section.items.iter().enumerate() {
                consider(item.label_span.start, s, Some(i));
                if let Some(first) = item.sentences.iter().find(|x| x.span.start >= after) {
                    consider(first.span.start, s, Some(i));
                }
            }
        }
        match next {
            Some((_, s, None)) => sections[s].allow.extend(rules),
            Some((_, s, Some(i))) => sections[s].items[i].allow.extend(rules),
            None => {
                let (line, column) = source.line_column(whole.start());
                stray.push(format!(
                    "{}:{line}:{column}: `{}` is followed by no section or item, so it allows nothing",
                    source.path.display(),
                    whole.as_str()
                ));
            }
        }
    }
    stray
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::outline::{Allow, Document, Format, OutlineSettings, Source};

    /// A section's allows, and each of its items'.
    type Allows = (Vec<String>, Vec<Vec<String>>);

    /// The allows of each section, in order, and the document's warnings.
    fn allows(text: &str, format: Format) -> (Vec<Allows>, Vec<String>) {
        let source = Source::new(Path::new("p"), text.to_string());
        let doc = Document::parse(source, format, &OutlineSettings::default());
        let sections = (doc.sections.iter())
            .map(|s| {
                let rules = |allow: &[Allow]| allow.iter().map(|a| a.rule.clone()).collect();
                let items = s.items.iter().map(|i| rules(&i.allow)).collect();
                (rules(&s.allow), items)
            })
            .collect();
        (sections, doc.warnings)
    }

    const ALLOW: &str = "<!-- policy-lint: allow(no-sale) -->";

    #[test]
    fn a_directive_allows_in_what_a_reader_reads_next() {
        let none = Vec::<String>::new;
        let sale = || vec!["no-sale".to_string()];
        // Before a heading: that section.
        let (found, _) = allows(
            &format!("# Sharing\n\nWe sell it.\n\n{ALLOW}\n\n# Other\n\nWe sell it.\n"),
            Format::Markdown,
        );
        assert_eq!(found, [(none(), vec![]), (sale(), vec![])]);
        // Under a heading, before its text: that section, not the next one.
        let (found, _) = allows(
            &format!("# Sharing\n{ALLOW}\nWe sell it.\n\n# Other\n\nWe sell it.\n"),
            Format::Markdown,
        );
        assert_eq!(found, [(sale(), vec![]), (none(), vec![])]);
        let html =
            format!("<h1>Sale</h1>{ALLOW}<p>We sell it.</p><h1>Contact</h1><p>Write to us.</p>");
        let (found, _) = allows(&html, Format::Html);
        assert_eq!(found, [(sale(), vec![]), (none(), vec![])]);
        // Within an item's text: that item; before a label: the item it opens.
        let md = format!(
            "# Uses\n\n- **Ads.** We sell it. {ALLOW} We also share it.\n- **Help.** We answer.\n\
             {ALLOW}\n- **Fraud.** We check.\n"
        );
        let (found, _) = allows(&md, Format::Markdown);
        assert_eq!(found, [(none(), vec![sale(), none(), sale()])]);
    }

    #[test]
    fn each_id_is_where_it_is_written() {
        let text = "<!-- policy-lint: allow( no-sale ,x) -->\n# Sharing\n\nWe sell it.\n";
        let doc = Document::parse(
            Source::new(Path::new("p"), text.to_string()),
            Format::Markdown,
            &OutlineSettings::default(),
        );
        let written: Vec<&str> = (doc.sections[0].allow.iter())
            .map(|a| &text[a.span.clone()])
            .collect();
        assert_eq!(written, ["no-sale", "x"]);
    }

    #[test]
    fn a_directive_with_nothing_after_it_is_said_to_allow_nothing() {
        let (found, warnings) = allows(
            &format!("# Sharing\n\nWe sell it.\n\n{ALLOW}\n"),
            Format::Markdown,
        );
        assert_eq!(found, [(vec![], vec![])]);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].contains(
                "p:5:1: `<!-- policy-lint: allow(no-sale) -->` is followed by no section or item"
            ),
            "{warnings:?}"
        );
    }
}
