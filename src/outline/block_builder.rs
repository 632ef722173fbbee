//! Collects the inline content of one block of a marked-up document (Markdown or HTML) and
//! decides what the block is: a heading, an item opening with a label, or a paragraph.

use std::ops::Range;

use super::text::label_length;
use super::{Block, MappedTextBuilder, OutlineSettings, sentences};

#[derive(Default)]
pub(crate) struct BlockBuilder {
    pub text: MappedTextBuilder,
    /// Set for `h1`–`h6` / `#`: the heading level.
    pub heading: Option<u8>,
    /// The block is a list entry (where a label sentence may open an item).
    pub in_list_item: bool,
    /// Normalised range of a bold span that opens the block.
    strong: Option<Range<usize>>,
    strong_open: bool,
    link_start: Option<(String, usize)>,
    links: Vec<(Range<usize>, String)>,
    only_link: Option<String>,
    text_outside_link: bool,
}

/// What a finished block is, and whether it was nothing but one link (for tables of contents).
pub(crate) struct Finished {
    pub block: Block,
    pub only_link: Option<String>,
}

impl BlockBuilder {
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn start_strong(&mut self) {
        if self.text.is_empty() && self.strong.is_none() {
            self.strong_open = true;
        }
    }

    pub fn end_strong(&mut self) {
        if self.strong_open {
            self.strong_open = false;
            self.strong = Some(0..self.text.text().len());
        }
    }

    pub fn start_link(&mut self, href: &str) {
        self.link_start = Some((href.to_string(), self.text.text().len()));
    }

    pub fn end_link(&mut self) {
        let Some((href, start)) = self.link_start.take() else {
            return;
        };
        self.links
            .push((start..self.text.text().len(), href.clone()));
        if start == 0 && !self.text_outside_link {
            self.only_link = Some(href);
        }
    }

    /// Notes text as it arrives, for telling a link-only entry from one with prose.
    pub fn saw_text(&mut self, text: &str) {
        if self.link_start.is_none() && !text.trim().is_empty() {
            self.text_outside_link = true;
        }
    }

    /// Decides what the block is. `last_level` is the level of the last heading, updated here.
    pub fn finish(self, settings: &OutlineSettings, last_level: &mut u8) -> Option<Finished> {
        let text = self.text.finish();
        if text.text.is_empty() {
            return None;
        }
        let only_link = self.only_link.filter(|_| !self.text_outside_link);
        let links = self.links;
        let done = |mut block: Block| {
            block.links = links;
            Some(Finished { block, only_link })
        };
        if let Some(level) = self.heading {
            *last_level = level;
            return done(Block::heading(level, text));
        }
        let s = text.text.as_str();
        let short = s.split_whitespace().count() <= settings.max_heading_words;
        let all_caps = s.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && !s.chars().any(char::is_lowercase);
        let wholly_bold = self.strong.as_ref().is_some_and(|b| b.end >= s.len());
        if settings.emphasis_headings
            && short
            && !s.ends_with(['.', ',', ';', '!', ':'])
            && (wholly_bold || all_caps)
        {
            let level = (*last_level + 1).min(6);
            return done(Block::heading(level, text));
        }
        if let Some(strong) = self.strong {
            let bold = &s[strong.clone()];
            let label_end = bold.trim_end_matches(['.', ':']).trim_end().len();
            let after = &s[strong.end..];
            let mark_after = after.trim_start().starts_with([':', '.']);
            if label_end > 0 && short && (label_end < bold.len() || mark_after) {
                let body_start = match after.find([':', '.']) {
                    Some(i) if mark_after => strong.end + i + 1,
                    _ => strong.end,
                };
                return done(Block::labelled(text, 0..label_end, body_start));
            }
        }
        if self.in_list_item
            && let Some(first) = sentences::split(s).into_iter().next()
            && first.end < s.len()
            && let Some(len) = label_length(&s[first.clone()], settings)
        {
            return done(Block::labelled(text, 0..len, first.end));
        }
        done(Block::paragraph(text))
    }
}
