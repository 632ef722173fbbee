//! Markdown (CommonMark, with tables) through pulldown-cmark, which keeps source offsets.
//!
//! Beyond ATX and setext headings, archived policies write headings as a wholly bold short
//! paragraph or an ALL-CAPS line: both become headings one level below the last real one. An item
//! is a paragraph or list entry opening with a bold label ("**Advertising.** …", "**Label:** …",
//! "**Label**: …") or, in a list entry, with a label sentence. A list whose entries are each just
//! a link to a heading of the document (or to an in-page anchor) is a table of contents: left out.
//! Table rows read as one paragraph, cells separated by " | "; `<br>` is white space; raw HTML
//! blocks contribute their text; images and HTML comments contribute nothing.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::block_builder::{BlockBuilder, Finished};
use super::{Block, MappedTextBuilder, OutlineSettings, normalize};

/// A block plus the list it belongs to, for the table-of-contents pass.
struct MdBlock {
    done: Finished,
    list: Option<usize>,
}

pub(crate) fn blocks(text: &str, settings: &OutlineSettings) -> Vec<Block> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut out: Vec<MdBlock> = Vec::new();
    let mut pending = BlockBuilder::default();
    let mut lists: Vec<usize> = Vec::new();
    let mut list_count = 0;
    let mut last_level = 1u8;
    let mut in_image = 0usize; // alt text is not content
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        if in_image > 0 {
            match event {
                Event::Start(Tag::Image { .. }) => in_image += 1,
                Event::End(TagEnd::Image) => in_image -= 1,
                _ => {}
            }
            continue;
        }
        let list = lists.last().copied();
        let flush = |p: &mut BlockBuilder, out: &mut Vec<MdBlock>, last_level: &mut u8| {
            if let Some(done) = std::mem::take(p).finish(settings, last_level) {
                out.push(MdBlock { done, list });
            }
        };
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut pending, &mut out, &mut last_level);
                pending.heading = Some(level as u8);
            }
            // A paragraph inside a list entry is the entry's own text.
            Event::Start(Tag::Paragraph) if !(pending.in_list_item && pending.is_empty()) => {
                flush(&mut pending, &mut out, &mut last_level);
            }
            Event::Start(Tag::Item) => {
                flush(&mut pending, &mut out, &mut last_level);
                pending.in_list_item = true;
            }
            Event::Start(Tag::List(_)) => {
                flush(&mut pending, &mut out, &mut last_level);
                list_count += 1;
                lists.push(list_count);
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut pending, &mut out, &mut last_level);
                lists.pop();
            }
            Event::Start(Tag::TableHead | Tag::TableRow | Tag::CodeBlock(_) | Tag::HtmlBlock)
            | Event::End(
                TagEnd::Heading(_)
                | TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock,
            )
            | Event::Rule => flush(&mut pending, &mut out, &mut last_level),
            Event::Start(Tag::TableCell) if !pending.is_empty() => {
                pending.text.push_synthetic(" | ", range.start);
            }
            Event::Start(Tag::Strong) => pending.start_strong(),
            Event::End(TagEnd::Strong) => pending.end_strong(),
            Event::Start(Tag::Link { dest_url, .. }) => pending.start_link(&dest_url),
            Event::End(TagEnd::Link) => pending.end_link(),
            Event::Start(Tag::Image { .. }) => in_image = 1,
            Event::Text(t) | Event::Code(t) => {
                pending.saw_text(&t);
                push_text(&mut pending.text, text, &t, range);
            }
            Event::SoftBreak | Event::HardBreak => pending.text.push_space(range),
            Event::InlineHtml(html) | Event::Html(html) => {
                push_html_text(&mut pending.text, &html, range.start);
            }
            _ => {}
        }
    }
    let list = lists.last().copied();
    if let Some(done) = pending.finish(settings, &mut last_level) {
        out.push(MdBlock { done, list });
    }
    drop_tables_of_contents(out)
}

fn push_text(builder: &mut MappedTextBuilder, source: &str, text: &str, range: Range<usize>) {
    match source.get(range.clone()) {
        Some(raw) if raw == text => builder.push_source(text, range.start),
        // Escapes and entities: the decoded text stands for its source range.
        _ => builder.push_replacement(text, range),
    }
}

/// Raw HTML in Markdown: tags are white space, comments nothing, text between tags is text.
fn push_html_text(builder: &mut MappedTextBuilder, html: &str, offset: usize) {
    let mut rest = html;
    let mut pos = offset;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            let len = after.find("-->").map_or(rest.len(), |i| i + 4 + 3);
            pos += len;
            rest = &rest[len..];
        } else if rest.starts_with('<') {
            let len = rest.find('>').map_or(rest.len(), |i| i + 1);
            builder.push_space(pos..pos + len);
            pos += len;
            rest = &rest[len..];
        } else {
            let len = rest.find('<').unwrap_or(rest.len());
            builder.push_source(&rest[..len], pos);
            pos += len;
            rest = &rest[len..];
        }
    }
}

/// Leaves out lists whose entries are each one link to a heading of this document or to an
/// in-page anchor: navigation, not content.
fn drop_tables_of_contents(blocks: Vec<MdBlock>) -> Vec<Block> {
    let headings: HashSet<String> = blocks
        .iter()
        .filter(|b| matches!(b.done.block.kind, super::BlockKind::Heading { .. }))
        .map(|b| key(&b.done.block.text.text))
        .collect();
    let mut navigation: HashSet<usize> = HashSet::new();
    // Entries grouped by list in one pass (a search per list is quadratic on large files).
    let mut lists: std::collections::BTreeMap<usize, Vec<&MdBlock>> = Default::default();
    for b in &blocks {
        if let Some(list) = b.list {
            lists.entry(list).or_default().push(b);
        }
    }
    for (list, entries) in lists {
        let all_links = entries.iter().all(|b| b.done.only_link.is_some());
        let to_headings = entries
            .iter()
            .filter(|b| {
                headings.contains(&key(&b.done.block.text.text))
                    || b.done.only_link.as_deref().is_some_and(|h| h.contains('#'))
            })
            .count();
        if all_links && to_headings * 2 >= entries.len() {
            navigation.insert(list);
        }
    }
    blocks
        .into_iter()
        .filter(|b| !b.list.is_some_and(|l| navigation.contains(&l)))
        .map(|b| b.done.block)
        .collect()
}

fn key(text: &str) -> String {
    normalize(text)
        .to_lowercase()
        .trim_end_matches(['?', ':', '.'])
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::BlockKind;

    fn parse(md: &str) -> Vec<String> {
        blocks(md, &OutlineSettings::default())
            .into_iter()
            .map(|b| match (&b.kind, &b.label) {
                (BlockKind::Heading { level }, _) => format!("H{level} {}", b.text.text),
                (_, Some(l)) => format!(
                    "L[{}] {}",
                    &b.text.text[l.clone()],
                    b.text.text[b.body_start..].trim()
                ),
                _ => format!("P {}", b.text.text),
            })
            .collect()
    }

    #[test]
    fn bold_labels_open_items() {
        let got = parse(
            "# T\n\n* **Information You Give Us:** We receive it.\n* **Advertising.** We show ads.\n\n**Label**: body here.\n",
        );
        assert_eq!(
            got,
            [
                "H1 T",
                "L[Information You Give Us] We receive it.",
                "L[Advertising] We show ads.",
                "L[Label] body here."
            ]
        );
    }

    #[test]
    fn table_of_contents_is_left_out() {
        let got = parse(
            "# Policy\n\n* [What We Collect](https://x.example/p#a)\n* [Sharing](#b)\n\n## What We Collect\n\nText.\n\n## Sharing\n\nMore.\n",
        );
        assert_eq!(
            got,
            [
                "H1 Policy",
                "H2 What We Collect",
                "P Text.",
                "H2 Sharing",
                "P More."
            ]
        );
    }

    #[test]
    fn bold_and_all_caps_paragraphs_are_headings() {
        let got = parse(
            "## Top\n\n**How We Use Data**\n\nWe use it.\n\nYOUR RIGHTS\n\nYou have rights.\n",
        );
        assert_eq!(
            got,
            [
                "H2 Top",
                "H3 How We Use Data",
                "P We use it.",
                "H3 YOUR RIGHTS",
                "P You have rights."
            ]
        );
    }

    #[test]
    fn tables_html_and_entities() {
        let got = parse(
            "| A | B |\n|---|---|\n| x<br>y | z &amp; w |\n\n<div>Raw <b>html</b> text</div>\n",
        );
        assert_eq!(got, ["P A | B", "P x y | z & w", "P Raw html text"]);
    }

    #[test]
    fn links_keep_their_words_target_and_span() {
        let md =
            "# T\n\nClick [here](<https://a.example/x y>) or write to [us](mailto:p@a.example).\n";
        let doc = crate::outline::Document::parse(
            crate::outline::Source::new(std::path::Path::new("p.md"), md.to_string()),
            crate::outline::Format::Markdown,
            &OutlineSettings::default(),
        );
        let got: Vec<(&str, &str, &str)> = doc
            .links
            .iter()
            .map(|l| (l.text.as_str(), l.target.as_str(), &md[l.span.clone()]))
            .collect();
        assert_eq!(
            got,
            [
                ("here", "https://a.example/x%20y", "here"),
                ("us", "mailto:p@a.example", "us")
            ]
        );
        let intro = &doc.sections[0].intro[0];
        assert_eq!(doc.links_in(&intro.span).len(), 2);
        assert!(doc.links_in(&doc.sections[0].heading_span).is_empty());
    }

    #[test]
    fn spans_point_into_the_original() {
        let md = "Intro\n\n* **Advertising.** We use \u{201C}ads\u{201D}.\n";
        let b = blocks(md, &OutlineSettings::default());
        let r = b[1].text.original_range(0..b[1].text.text.len());
        assert_eq!(&md[r], "Advertising.** We use \u{201C}ads\u{201D}.");
    }
}
