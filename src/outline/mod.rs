//! The outline stage: a policy file becomes sections, labelled items and sentences.
//!
//! Each format's parser (`text`, `markdown`, `html`) turns the file into a flat list of
//! [`Block`]s (headings and paragraphs of normalised text, a paragraph perhaps opening with a
//! label); [`assemble`] then builds the same [`Document`] shape from any of them. Every node keeps
//! its byte span in the original file: its text as read ([`Source::text`]), which is the file's
//! bytes unless it was decoded from UTF-16 or a declared legacy charset.

mod assemble;
mod block_builder;
mod directives;
mod html;
pub mod locate;
mod markdown;
mod navigation;
pub mod normalize;
mod numbering;
pub mod sentences;
mod settings;
mod source;
mod text;

use std::ops::Range;
use std::path::Path;

use serde::Serialize;

pub use normalize::{MappedText, MappedTextBuilder, normalize};
pub use numbering::split_numbering;
pub use settings::OutlineSettings;
pub use source::{Source, SourceError};

/// A byte range in the original file.
pub type Span = Range<usize>;

/// The input formats policy-lint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Html,
}

impl Format {
    /// The format named by a file's extension, if it names one.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            _ => None,
        }
    }

    /// Guesses the format from content, for files whose extension says nothing.
    pub fn sniff(text: &str) -> Format {
        let head: String = text
            .trim_start_matches('\u{FEFF}')
            .trim_start()
            .chars()
            .take(512)
            .collect::<String>()
            .to_ascii_lowercase();
        if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body")
        {
            return Format::Html;
        }
        let markdown_lines = text
            .lines()
            .take(200)
            .filter(|l| {
                let l = l.trim_start();
                l.starts_with("# ")
                    || l.starts_with("## ")
                    || l.starts_with("===")
                    || l.starts_with("---")
                    || l.contains("](")
                    || l.starts_with("**")
            })
            .count();
        if markdown_lines >= 2 {
            Format::Markdown
        } else {
            Format::Text
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }
}

/// One sentence of normalised text and where it stands in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub text: String,
    pub span: Span,
}

/// A labelled item inside a section: "Advertising." followed by its prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The label without its final period or colon.
    pub label: String,
    pub label_span: Span,
    pub sentences: Vec<Sentence>,
    /// From the label to the end of the body.
    pub span: Span,
    /// Rules allowed here by a `<!-- policy-lint: allow(…) -->` just before the item.
    pub allow: Vec<Allow>,
}

/// A heading and everything up to the next heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Empty for the preamble before the first heading.
    pub heading: String,
    /// 1 to 6; 0 for the preamble.
    pub level: u8,
    pub heading_span: Span,
    /// The prose before the first item.
    pub intro: Vec<Sentence>,
    pub items: Vec<Item>,
    pub span: Span,
    /// Rules allowed in the whole section by a `<!-- policy-lint: allow(…) -->` just before
    /// its heading.
    pub allow: Vec<Allow>,
}

/// A rule id an allow directive names, and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allow {
    pub rule: String,
    /// The id in the directive (`no-sale` of `allow(no-sale)`).
    pub span: Span,
}

/// A hyperlink a reader sees as words: the words, where they stand, and where the link goes.
/// Kept beside the outline (not in the text) so that a changed target is not a text change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The link's words, normalised.
    pub text: String,
    /// The target as written, trimmed, white space percent-encoded (so it is one token).
    pub target: String,
    /// The link's words in the original file.
    pub span: Span,
}

/// A parsed policy.
#[derive(Debug, Clone)]
pub struct Document {
    pub source: Source,
    pub format: Format,
    pub sections: Vec<Section>,
    /// Every link with words, in document order (plain text has none).
    pub links: Vec<Link>,
    /// Things a user should know that do not stop the run (an empty file, say).
    pub warnings: Vec<String>,
}

/// Joins sentences into the text a reader reads.
pub fn join_sentences(sentences: &[Sentence]) -> String {
    let mut out = String::new();
    for s in sentences {
        // Normalised as one text: no space before punctuation that closes up.
        if !out.is_empty() && !s.text.bytes().next().is_some_and(normalize::closes_up) {
            out.push(' ');
        }
        out.push_str(&s.text);
    }
    out
}

impl Item {
    pub fn text(&self) -> String {
        join_sentences(&self.sentences)
    }
}

impl Section {
    pub fn intro_text(&self) -> String {
        join_sentences(&self.intro)
    }
}

impl Document {
    /// Parses decoded text in the given format.
    pub fn parse(source: Source, format: Format, settings: &OutlineSettings) -> Document {
        let blocks = match format {
            Format::Text => text::blocks(&source.text, settings),
            Format::Markdown => markdown::blocks(&source.text, settings),
            Format::Html => html::blocks(&source.text, settings),
        };
        let links = blocks.iter().flat_map(Block::links).collect();
        let mut sections = assemble::sections(blocks);
        let mut warnings = match format {
            Format::Markdown | Format::Html => directives::attach_allows(&source, &mut sections),
            Format::Text => Vec::new(),
        };
        if sections.is_empty() {
            warnings.push(format!(
                "{}: the policy has no text (empty outline)",
                source.path.display()
            ));
        }
        Document {
            source,
            format,
            sections,
            links,
            warnings,
        }
    }

    /// The section each section is a subsection of, if any (see [`assemble::parents`]).
    pub fn parents(&self) -> Vec<Option<usize>> {
        assemble::parents(&self.sections, self.format != Format::Text)
    }

    /// The links whose words start inside `span` (a heading, an item, a sentence).
    pub fn links_in(&self, span: &Span) -> &[Link] {
        let start = self.links.partition_point(|l| l.span.start < span.start);
        let end = self.links.partition_point(|l| l.span.start < span.end);
        &self.links[start..end.max(start)]
    }

    /// Reads, decodes and parses a file: format from the extension, else sniffed.
    pub fn open(path: &Path, settings: &OutlineSettings) -> Result<Document, SourceError> {
        let source = Source::read(path, settings.max_file_size)?;
        let format = Format::from_extension(path).unwrap_or_else(|| Format::sniff(&source.text));
        Ok(Document::parse(source, format, settings))
    }

    /// 1-based line and column of a byte offset in the original file.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        self.source.line_column(offset)
    }
}

/// What a block of a document is, before sections and items are built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Heading { level: u8 },
    Paragraph,
}

/// A heading or a paragraph of normalised text; a paragraph may open with an item label.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub kind: BlockKind,
    pub text: MappedText,
    /// The label's range in `text`, final "." or ":" excluded.
    pub label: Option<Range<usize>>,
    /// Where the body starts in `text` when there is a label.
    pub body_start: usize,
    /// Links in `text`: the range of their words and their target.
    pub links: Vec<(Range<usize>, String)>,
}

impl Block {
    pub fn heading(level: u8, text: MappedText) -> Block {
        Block {
            kind: BlockKind::Heading { level },
            text,
            label: None,
            body_start: 0,
            links: Vec::new(),
        }
    }

    pub fn paragraph(text: MappedText) -> Block {
        Block {
            kind: BlockKind::Paragraph,
            text,
            label: None,
            body_start: 0,
            links: Vec::new(),
        }
    }

    pub fn labelled(text: MappedText, label: Range<usize>, body_start: usize) -> Block {
        Block {
            kind: BlockKind::Paragraph,
            text,
            label: Some(label),
            body_start,
            links: Vec::new(),
        }
    }

    /// This block's links as the document keeps them, mapped to the original file.
    fn links(&self) -> impl Iterator<Item = Link> + '_ {
        self.links.iter().filter_map(|(range, target)| {
            let text = self.text.text.get(range.clone())?;
            // The words of a link exclude the white space that may open or close its range.
            let start = range.start + (text.len() - text.trim_start().len());
            let end = range.end - (text.len() - text.trim_end().len());
            (start < end).then(|| Link {
                text: self.text.text[start..end].to_string(),
                target: target.split_whitespace().collect::<Vec<_>>().join("%20"),
                span: self.text.original_range(start..end),
            })
        })
    }
}

/// Blocks as short lines ("H2 heading", "L[label] body", "P text"), for the parsers' tests.
#[cfg(test)]
pub(crate) fn describe(blocks: Vec<Block>) -> Vec<String> {
    blocks
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces of Markdown and HTML that open lines, cells and entities, glued at random.
    const PIECES: &[&str] = &[
        "word",
        " ",
        "\n",
        "\n\n",
        "<br>",
        "| ",
        " |",
        "|---|---|\n",
        "<td>",
        "</td>",
        "<tr>",
        "<table>",
        "* ",
        "*",
        "- ",
        "\\* ",
        "\u{2022} ",
        "\u{25E6}",
        "&bull;",
        "&#9702;",
        "&#8226",
        "&nbsp;",
        "&amp;",
        ";",
        "`",
        "**",
        "_",
        "[l](u)",
        "<b>",
        "</b>",
        "## ",
        "\u{201C}",
        "\u{00E9}",
        "\u{301}",
        "\r\n",
        "\t",
        "1. ",
        "<p>",
        "</p>",
        "<ul><li>",
        "</li>",
        "&#x25E6;",
        "<h2>",
        "</h2>",
        "Advertising.",
        "<!-- c -->",
        "> ",
        "![x](a)",
        "<img alt=\"y\">",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]

        /// Whatever the input, both parsers give blocks whose every character maps to a range
        /// of the file on its character boundaries, a letter to one holding it, and a bullet
        /// to one holding a glyph or an entity (a code span maps whole), or to the `<li>` tag
        /// of an entry in a table's cell.
        #[test]
        fn every_block_maps_back_into_its_file(
            picks in proptest::collection::vec(0..PIECES.len(), 0..40),
        ) {
            let source: String = picks.iter().map(|&i| PIECES[i]).collect();
            let settings = OutlineSettings::default();
            for blocks in [markdown::blocks(&source, &settings), html::blocks(&source, &settings)] {
                for block in blocks {
                    let text = &block.text.text;
                    for (at, c) in text.char_indices() {
                        let span = block.text.original_range(at..at + c.len_utf8());
                        proptest::prop_assert!(
                            source.get(span.clone()).is_some(),
                            "{c:?} at {at} of {text:?} maps to {span:?} in {source:?}"
                        );
                        if c.is_ascii_alphanumeric() {
                            proptest::prop_assert!(
                                source[span.clone()].contains(c),
                                "{c:?} at {at} of {text:?} maps to {span:?} in {source:?}"
                            );
                        }
                        if c == '\u{2022}' {
                            let glyph = &source[span];
                            proptest::prop_assert!(
                                glyph.contains('&')
                                    || glyph.contains(block_builder::LINE_BULLETS)
                                    || glyph.starts_with("<li"),
                                "a bullet maps to {glyph:?} in {source:?}"
                            );
                        }
                    }
                }
            }
        }
    }
}
