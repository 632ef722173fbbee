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
    for block in blocks {
        if block.text.text.is_empty() {
            continue;
        }
        let span = block.text.original_range(0..block.text.text.len());
        match block.kind {
            BlockKind::Heading { level } => out.push(Section {
                heading: block.text.text,
                level,
                heading_span: span.clone(),
                intro: Vec::new(),
                items: Vec::new(),
                span,
                allow: Vec::new(),
            }),
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

    use crate::outline::{Document, Format, OutlineSettings, Source};

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
