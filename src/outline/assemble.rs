//! Builds sections and items from any parser's blocks, so every format yields the same shape.

use std::ops::Range;

use super::{Block, BlockKind, Item, Section, Sentence, sentences};

pub(crate) fn sections(blocks: Vec<Block>) -> Vec<Section> {
    // One section per heading, and one for text before the first. Grown push by push, the list
    // of a policy of thousands of sections was copied a dozen times.
    let headings = (blocks.iter())
        .filter(|b| matches!(b.kind, BlockKind::Heading { .. }))
        .count();
    let mut out: Vec<Section> = Vec::with_capacity(headings + 1);
    // The level of the last heading numbered at each depth ("1." at 1, "1.1" at 2).
    let mut numbered_levels: Vec<u8> = Vec::new();
    for block in blocks {
        if block.text.text.is_empty() {
            continue;
        }
        let span = block.text.original_range(0..block.text.text.len());
        match block.kind {
            BlockKind::Heading { level } => {
                note_numbered(&mut numbered_levels, &block.text.text, level);
                out.push(Section {
                    heading: block.text.text,
                    level,
                    heading_span: span.clone(),
                    intro: Vec::new(),
                    items: Vec::new(),
                    span,
                    allow: Vec::new(),
                })
            }
            BlockKind::Paragraph => {
                if out.is_empty() {
                    out.push(Section {
                        heading: String::new(),
                        level: 0,
                        heading_span: span.start..span.start,
                        intro: Vec::new(),
                        items: Vec::new(),
                        span: span.clone(),
                        allow: Vec::new(),
                    });
                }
                let Some(section) = out.last_mut() else {
                    continue;
                };
                if let Some(label) = &block.label
                    && numbers_next(&section.heading, &block.text.text[label.clone()])
                    && !numbers_items_alike(section, &block.text.text[label.clone()])
                {
                    // "**2. How We Use Information.** We use …" after a section "1. …": the
                    // next section, its heading run in, not an item of this one.
                    let end = block.body_start.min(block.text.text.len());
                    let heading = block.text.text[..end].trim_end().to_string();
                    let heading_span = block.text.original_range(0..heading.len());
                    let mut intro = Vec::new();
                    // The level of the section it numbers next to ("2." after "1.1": "1."'s).
                    let depth = section_number(&heading).map_or(0, |n| n.len());
                    let level = match depth.checked_sub(1) {
                        Some(d) if d < numbered_levels.len() => numbered_levels[d],
                        _ => section.level,
                    };
                    note_numbered(&mut numbered_levels, &heading, level);
                    push_sentences(block, &mut intro);
                    out.push(Section {
                        heading,
                        level,
                        heading_span,
                        intro,
                        items: Vec::new(),
                        span,
                        allow: Vec::new(),
                    });
                    continue;
                }
                section.span.end = section.span.end.max(span.end);
                if let Some(label) = &block.label {
                    let label_span = block.text.original_range(label.clone());
                    let label = block.text.text[label.clone()].to_string();
                    let mut sentences = Vec::new();
                    push_sentences(block, &mut sentences);
                    section.items.push(Item {
                        label,
                        label_span,
                        sentences,
                        span,
                        allow: Vec::new(),
                    });
                } else if let Some(item) = section.items.last_mut() {
                    // Prose after an item continues it: a reader reads it as part of the item.
                    item.span.end = item.span.end.max(span.end);
                    push_sentences(block, &mut item.sentences);
                } else {
                    push_sentences(block, &mut section.intro);
                }
            }
        }
    }
    out
}

/// Whether `label` is numbered as the next sibling of the section `heading` or of one of its
/// parents: "2." or "2.1" after "1.4", "1.5" after "1.4"; not "1.1" after "1." (a part of it),
/// nor "1." after "3." (a list inside it), nor "3." after "1." (a number skipped).
fn numbers_next(heading: &str, label: &str) -> bool {
    let (Some(heading), Some(label)) = (section_number(heading), section_number(label)) else {
        return false;
    };
    let last = label.len() - 1;
    label.len() <= heading.len()
        && label[..last] == heading[..last]
        && label[last] == heading[last] + 1
}

/// Notes the level of a numbered heading at its depth in `levels`.
fn note_numbered(levels: &mut Vec<u8>, heading: &str, level: u8) {
    if let Some(depth) = section_number(heading).map(|n| n.len()) {
        levels.resize(levels.len().max(depth), level);
        levels[depth - 1] = level;
    }
}

/// The section each section is a subsection of, if any. Markup says it (a heading of a deeper
/// level under one of a higher), unless numbering says otherwise: "2. How We Use It" is no
/// subsection of "1.1 Account", whatever its level. Plain text's levels are guesses (a title
/// in Title Case above one in sentence case), so there numbering alone nests: "2.1" under "2.".
/// The text before the first heading (level 0) holds none.
pub(crate) fn parents(sections: &[Section], levels_are_markup: bool) -> Vec<Option<usize>> {
    let numbers: Vec<Option<Vec<u32>>> = (sections.iter())
        .map(|s| section_number(&s.heading))
        .collect();
    let holds = |outer: usize, inner: usize| {
        let (a, b) = (&sections[outer], &sections[inner]);
        match (&numbers[outer], &numbers[inner]) {
            (Some(n), Some(m)) => m.len() > n.len() && m.starts_with(n),
            _ => levels_are_markup && a.level > 0 && a.level < b.level,
        }
    };
    // The sections still open, outermost first.
    let mut open: Vec<usize> = Vec::new();
    (0..sections.len())
        .map(|t| {
            while open.last().is_some_and(|&o| !holds(o, t)) {
                open.pop();
            }
            let parent = open.last().copied();
            open.push(t);
            parent
        })
        .collect()
}

/// Whether `section` already has items numbered as deep as `label`: a numbered list inside it
/// ("1. Access", "2. Deletion" under "1. Your Rights"), whose next entry is no next section.
fn numbers_items_alike(section: &Section, label: &str) -> bool {
    let depth = section_number(label).map(|n| n.len());
    (section.items.iter()).any(|i| section_number(&i.label).map(|n| n.len()) == depth)
}

/// The numbers of a section number opening `text`: "2." gives [2], "1.4 " [1, 4]; a lone number
/// without its period ("2 apples") none.
fn section_number(text: &str) -> Option<Vec<u32>> {
    let first = text.split_whitespace().next()?;
    let number = first.trim_end_matches('.');
    let parts: Vec<u32> = (number.split('.'))
        .map(|p| (p.len() <= 3).then(|| p.parse().ok()).flatten())
        .collect::<Option<_>>()?;
    (first.ends_with('.') || parts.len() > 1).then_some(parts)
}

/// Appends the sentences of a block's body (after its label, if any) to `list`. A block that
/// is one whole sentence (a short paragraph, as many are) gives it its text: no copy.
fn push_sentences(block: Block, list: &mut Vec<Sentence>) {
    let text = &block.text.text;
    let from = block.body_start.min(text.len());
    let mut ranges = sentences::ranges(&text[from..]).map(|r| r.start + from..r.end + from);
    let (first, second) = (ranges.next(), ranges.next());
    if second.is_none()
        && let Some(whole) = first.clone().filter(|r| *r == (0..text.len()))
    {
        // The search borrows the text that is about to move into the sentence.
        drop(ranges);
        let span = block.text.original_range(whole);
        // A first push would make room for four: most sections of a policy of thousands of
        // short ones hold one sentence.
        if list.is_empty() {
            list.reserve_exact(1);
        }
        list.push(Sentence {
            text: block.text.text,
            span,
        });
        return;
    }
    let sentence = |r: Range<usize>| Sentence {
        text: text[r.clone()].to_string(),
        span: block.text.original_range(r),
    };
    list.extend(first.into_iter().chain(second).chain(ranges).map(sentence));
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::numbers_next;
    use crate::outline::{Document, Format, OutlineSettings, Source};

    /// Subsections by markup, unless numbering says otherwise; in plain text, by numbering
    /// alone.
    #[test]
    fn sections_nest_by_markup_and_numbering() {
        let parents = |text: &str, format: Format| {
            let source = Source::new(Path::new("p"), text.to_string());
            let doc = Document::parse(source, format, &OutlineSettings::default());
            let headings: Vec<String> = doc.sections.iter().map(|s| s.heading.clone()).collect();
            (doc.parents().into_iter())
                .map(|p| p.map(|p| headings[p].clone()))
                .collect::<Vec<_>>()
        };
        let some = |h: &str| Some(h.to_string());
        let markdown = "# Privacy\n\n## 1. Collect\n\nText.\n\n### 1.1 Account\n\nText.\n\n\
                        **2. How We Use It.** We use it.\n\n### Ads\n\nText.\n";
        assert_eq!(
            parents(markdown, Format::Markdown),
            [
                None,
                some("Privacy"),
                some("1. Collect"),
                some("Privacy"),
                some("2. How We Use It.")
            ]
        );
        let text = "Information We Collect\n\nWe collect it.\n\nHow we use it\n\nWe sell it.\n\n\
                    2. Sharing\n\nWe share it.\n\n2.1 Partners\n\nWe tell them.\n";
        assert_eq!(
            parents(text, Format::Text),
            [None, None, None, some("2. Sharing")]
        );
    }

    /// Airbnb's policy: "**1. PERSONAL INFORMATION WE COLLECT.**" alone, then "**1.1 …** text",
    /// then "**2. HOW WE USE …** We use …": the second section's heading is run in.
    #[test]
    fn a_run_in_label_numbered_as_the_next_section_opens_it() {
        let text = "**1. WHAT WE COLLECT.**\n\n**1.1 Account.** Your name.\n\n\
            **2. HOW WE USE IT.** We use it to serve you.\n\n**2.1 Service.** To run it.\n";
        let source = Source::new(Path::new("a.md"), text.to_string());
        let doc = Document::parse(source, Format::Markdown, &OutlineSettings::default());
        let outline: Vec<(&str, Vec<&str>)> = (doc.sections.iter())
            .map(|s| {
                (
                    s.heading.as_str(),
                    s.items.iter().map(|i| i.label.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            outline,
            [
                ("1. WHAT WE COLLECT.", vec!["1.1 Account"]),
                ("2. HOW WE USE IT.", vec!["2.1 Service"]),
            ]
        );
        assert_eq!(doc.sections[1].intro[0].text, "We use it to serve you.");
        assert!(numbers_next("1.4 Cookies", "1.5 Ads"));
        assert!(numbers_next("1.4 Cookies", "2. Uses"));
        assert!(!numbers_next("1. Collect", "1.1 Account"), "a part of it");
        assert!(!numbers_next("3. Rights", "1. Access"), "a list inside it");
        assert!(!numbers_next("Rights", "2. Access"), "no number to follow");
        assert!(!numbers_next("1. Collect", "2 apples"), "no section number");
        assert!(!numbers_next("1. Collect", "3. Share"), "a number skipped");
        // A numbered list of bold entries inside a numbered section stays a list.
        let text =
            "**1. YOUR RIGHTS.**\n\n**1. Access.** Ask for it.\n\n**2. Deletion.** Erase it.\n";
        let source = Source::new(Path::new("r.md"), text.to_string());
        let doc = Document::parse(source, Format::Markdown, &OutlineSettings::default());
        assert_eq!(doc.sections.len(), 1);
        assert_eq!(doc.sections[0].items.len(), 2);
    }

    #[test]
    fn sentences_are_the_text_after_a_label_each_spanning_its_own_words() {
        let text = "# Uses\n\nWe use data.\n\n- **Advertising.** We show ads.\n\
            - **Analytics.** We count visits. We keep counts.\n- **Support.**\n";
        let source = Source::new(Path::new("a.md"), text.to_string());
        let doc = Document::parse(source, Format::Markdown, &OutlineSettings::default());
        let section = &doc.sections[0];
        let read = |list: &[crate::outline::Sentence]| -> Vec<(String, String)> {
            (list.iter())
                .map(|s| (s.text.clone(), text[s.span.clone()].to_string()))
                .collect()
        };
        let both = |s: &str| (s.to_string(), s.to_string());
        assert_eq!(read(&section.intro), [both("We use data.")]);
        let items: Vec<_> = (section.items.iter())
            .map(|i| (i.label.as_str(), read(&i.sentences)))
            .collect();
        assert_eq!(
            items,
            [
                ("Advertising", vec![both("We show ads.")]),
                (
                    "Analytics",
                    vec![both("We count visits."), both("We keep counts.")]
                ),
                ("Support", vec![]),
            ]
        );
    }
}
