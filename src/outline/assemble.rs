//! Builds sections and items from any parser's blocks, so every format yields the same shape.

use super::{Block, BlockKind, Item, Section, Sentence, sentences};

pub(crate) fn sections(blocks: Vec<Block>) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for block in blocks {
        if block.text.text.is_empty() {
            continue;
        }
        let span = block.text.original_range(0..block.text.text.len());
        match block.kind {
            BlockKind::Heading { level } => out.push(Section {
                heading: block.text.text.clone(),
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
                let body = sentences_of(&block, block.body_start);
                if let Some(label) = &block.label {
                    let label_span = block.text.original_range(label.clone());
                    section.items.push(Item {
                        label: block.text.text[label.clone()].to_string(),
                        label_span,
                        sentences: body,
                        span,
                        allow: Vec::new(),
                    });
                } else if let Some(item) = section.items.last_mut() {
                    // Prose after an item continues it: a reader reads it as part of the item.
                    item.span.end = item.span.end.max(span.end);
                    item.sentences.extend(body);
                } else {
                    section.intro.extend(body);
                }
            }
        }
    }
    out
}

fn sentences_of(block: &Block, from: usize) -> Vec<Sentence> {
    let text = &block.text.text;
    let from = from.min(text.len());
    sentences::split(&text[from..])
        .into_iter()
        .map(|r| {
            let r = r.start + from..r.end + from;
            Sentence {
                text: text[r.clone()].to_string(),
                span: block.text.original_range(r),
            }
        })
        .collect()
}
