//! Collects the inline content of one block of a marked-up document (Markdown or HTML) and
//! decides what the block is: a heading, an item opening with a label, or a paragraph.

use std::ops::Range;

use super::text::{
    CellLabel, cell_label, entry_label_sentence, entry_label_words, is_all_caps, is_clause,
    is_data_line, label_shape, names_entry, open_ending, opens_clause,
};
use super::{Block, BlockKind, MappedText, MappedTextBuilder, OutlineSettings, sentences};

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
    /// A line break follows the opening bold span ("**Title**<br>Body"): the span is a label.
    break_after_strong: bool,
    /// Table cells opened in this block (a row), where the first's first line and the first
    /// end (before the " | " of the second) if it has text, whether it has words not in bold
    /// (its lines are not one name: "**Know/**<br>**Access**" is), and whether one is a data
    /// cell (not a header's).
    cells: usize,
    /// The table the row is in, by its number in the document.
    pub table: Option<usize>,
    first_cell_line_end: Option<usize>,
    first_cell_end: Option<usize>,
    first_cell_plain: bool,
    data_row: bool,
    /// Inside a bold span; words were seen outside one. A row all in bold is a header row,
    /// even in a table's body ("**Categories** | **Description**").
    in_bold: bool,
    plain_words: bool,
    /// The row after a table's empty head row: an HTML table without a head, exported to
    /// Markdown, gets an empty one and its own head row comes first in the body ("|  |  |" then
    /// "| Why We Process It | Information Used |"). Such a row names columns if none of its
    /// cells is empty, ends a sentence, or has bold words or a list, which rows of data have
    /// (Claude's "**Trustees** | Bae, Kim & Lee LLC").
    pub after_empty_head: bool,
    any_bold: bool,
    empty_cell: bool,
    sentence_cell: bool,
    cell_from: usize,
    /// The paragraph before stops mid-sentence ([`open_ending`]): whether on a word that leads
    /// into more.
    after_open_sentence: Option<bool>,
    link_start: Option<(String, usize)>,
    links: Vec<(Range<usize>, String)>,
    only_link: Option<String>,
    text_outside_link: bool,
    /// A table cell or a line break (`<br>`, a Markdown hard break) has just started and no
    /// text has come since: a bullet glyph now opens a line ([`BlockBuilder::line_bullet`]).
    /// Not at a paragraph's start ("* Only in the EU.", a footnote) nor after a soft break,
    /// which a reader does not see.
    at_line_start: bool,
}

/// Glyphs that mark the entries of a list written as lines of text, in a table cell ("<br>*
/// one<br>* two") or a paragraph ("• one\n• two"). Exports of one page differ in which they
/// use (Spotify's went from `*` to `•` and back, nested entries `◦`), and a reader sees the
/// same list.
pub(crate) const LINE_BULLETS: &[char] = &[
    '*', '-', '+', '\u{2022}', '\u{25E6}', '\u{25AA}', '\u{25AB}', '\u{2023}', '\u{25CF}',
    '\u{25CB}', '\u{25A0}', '\u{25A1}', '\u{2043}', '\u{00B7}', '\u{2013}',
];

/// How a bullet opening a line reads in normalised text, whatever its glyph.
const BULLET: &str = "\u{2022}";

/// What a finished block is, whether it was nothing but one link (for tables of contents),
/// whether it is a list entry whose label is a plain sentence (not bold), for a list entry
/// whose first sentence would be a label but reads as prose, that label and where its body
/// starts (for a table's row, a first cell too long to be a name), and the table it is a row
/// of (never a title line).
pub(crate) struct Finished {
    pub block: Block,
    pub only_link: Option<String>,
    pub plain_label: bool,
    pub prose_label: Option<(Range<usize>, usize)>,
    pub table: Option<usize>,
}

impl BlockBuilder {
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Notes the block finished before this one. A block that goes on with its sentence is no
    /// heading nor label, bold or not: "**linked, by the**" then "**Google Analytics customer
    /// or by Google, …, with information about visits to multiple**" then "**sites**.".
    pub fn follows(&mut self, previous: Option<&Finished>) {
        self.after_open_sentence = previous
            .filter(|p| p.table.is_none() && matches!(p.block.kind, BlockKind::Paragraph))
            .and_then(|p| open_ending(&p.block.text.text));
    }

    pub fn start_strong(&mut self) {
        self.in_bold = true;
        self.any_bold = true;
        if self.text.is_empty() && self.strong.is_none() {
            self.strong_open = true;
        }
    }

    pub fn end_strong(&mut self) {
        self.in_bold = false;
        if self.strong_open {
            self.strong_open = false;
            self.strong = Some(0..self.text.text().len());
        }
    }

    /// A line break inside the block (`<br>`, a Markdown line break): white space, and the end
    /// of a label when it follows the opening bold span.
    pub fn line_break(&mut self, original: std::ops::Range<usize>) {
        if self
            .strong
            .as_ref()
            .is_some_and(|s| s.end == self.text.text().len())
        {
            self.break_after_strong = true;
        }
        if self.cells == 1 && self.first_cell_line_end.is_none() && !self.is_empty() {
            self.first_cell_line_end = Some(self.text.text().len());
        }
        self.at_line_start = true;
        self.text.push_space(original);
    }

    /// A soft line break (a newline inside a Markdown paragraph): white space, as a wrapped
    /// line's end is; a glyph after it is no bullet (re-wrapping is no change).
    pub fn soft_break(&mut self, original: std::ops::Range<usize>) {
        let at_line_start = self.at_line_start;
        self.line_break(original);
        self.at_line_start = at_line_start;
    }

    /// The start of a table cell, a header's (`th`, a Markdown table's head) or not: after the
    /// first, " | ", then the cell's text.
    pub fn cell_opens(&mut self, at: usize, header: bool) {
        self.data_row |= !header;
        // A browser closes a bold span left open at the cell's end.
        self.in_bold = false;
        self.close_cell();
        if !self.is_empty() {
            if self.cells == 1 {
                self.first_cell_end = Some(self.text.text().len());
                self.first_cell_plain = self.plain_words;
            }
            self.saw_text(" | ");
            self.text.push_synthetic(" | ", at);
        }
        self.cells += 1;
        self.cell_from = self.text.text().len();
        self.at_line_start = true;
    }

    /// Notes whether the cell open, if any, is empty or ends a sentence (data: "Measures visits
    /// to our site."), either of which a column's name is not.
    fn close_cell(&mut self) {
        let empty = self.cells > 0 && self.text.text().len() == self.cell_from;
        self.empty_cell |= empty;
        self.sentence_cell |=
            self.cells > 0 && !empty && self.text.text().trim_end().ends_with('.');
    }

    /// Pushes the bullet opening `text` (decoded text) as [`BULLET`] if `text` opens a line of
    /// a cell ([`BlockBuilder::at_line_start`]) and its bullet glyph is followed by white space
    /// and the entry's words. Returns how many bytes of `text`, and of its source, that took
    /// (none if there is no bullet); text ends the line's start either way. `source` is the
    /// file from where `text` starts, at byte `at`, where the glyph is itself or an entity
    /// (`&bull;`); the entry may come in the next piece of text (a lone `*` is one). An escaped
    /// `\*` at a line's start still reads as a bullet: escaped or not, a table cell shows it.
    pub fn line_bullet(&mut self, text: &str, source: &str, at: usize) -> (usize, usize) {
        let body = text.trim_start();
        if !self.at_line_start || body.is_empty() {
            return (0, 0);
        }
        self.at_line_start = false;
        let lead = text.len() - body.len();
        // Most lines open with a letter: one byte tells.
        let may_be_bullet = |b: &u8| !b.is_ascii_alphanumeric();
        let Some(glyph) = (body.as_bytes().first().filter(|b| may_be_bullet(b)))
            .and_then(|_| body.chars().next())
            .filter(|g| LINE_BULLETS.contains(g))
        else {
            return (0, 0);
        };
        // The lead as written: white space, or non-breaking spaces as entities (a page's
        // indent, "&nbsp;&nbsp;* streaming history").
        let mut rest = source;
        loop {
            let spaced = rest.trim_start();
            let spaced = (["&nbsp;", "&#160;", "&#xa0;", "&#xA0;"].iter())
                .find_map(|e| spaced.strip_prefix(e))
                .unwrap_or(spaced);
            if spaced.len() == rest.len() {
                break;
            }
            rest = spaced;
        }
        let source_lead = source.len() - rest.len();
        let Some(written) = ((lead > 0) == (source_lead > 0))
            .then_some(rest)
            .and_then(|s| match s.starts_with('&') {
                true => Some(super::html::entity_len(s)),
                false => s.starts_with(glyph).then(|| glyph.len_utf8()),
            })
        else {
            return (0, 0);
        };
        let (end, source_end) = (lead + glyph.len_utf8(), source_lead + written);
        // White space, then words, on the same line or wrapped to the next (a reader sees no
        // line's end): a glyph alone in its cell ("| - |", none) or block is text.
        let entry_follows = |after: &str| {
            let words = after.trim_start();
            let gap = &after[..after.len() - words.len()];
            words.len() < after.len()
                && gap.matches('\n').count() <= 1
                && words.starts_with(|c: char| !c.is_whitespace() && c != '|')
                && !words.starts_with("</")
                && !words.starts_with("<br")
        };
        let follows = match text[end..].trim().is_empty() {
            true => source.get(source_end..).is_some_and(entry_follows),
            false => entry_follows(&text[end..]),
        };
        if !follows {
            return (0, 0);
        }
        if source_lead > 0 {
            self.text.push_space(at..at + source_lead);
        }
        self.text
            .push_replacement(BULLET, at + source_lead..at + source_end);
        (end, source_end)
    }

    /// Reads an image's `alt` text where the image stands for characters inside a word:
    /// "info<img alt="@">wikimedia.org" (a page hiding an address from harvesters) reads
    /// "info@wikimedia.org", as its reader sees it. Only a sign ("@", ".") or one spelt out in
    /// brackets ("[at]"): other images (a logo, an illustration) are no text. Whether it read
    /// one. `span` is the image's markup in `source`.
    pub fn image_in_word(&mut self, alt: &str, source: &str, span: Range<usize>) -> bool {
        let glued = source
            .get(..span.start)
            .and_then(|s| s.chars().next_back())
            .zip(source.get(span.end..).and_then(|s| s.chars().next()))
            .is_some_and(|(before, after)| before.is_alphanumeric() && after.is_alphanumeric());
        // A sign ("@", "."), or one spelt out in brackets: a word's alt text ("logo", "new")
        // names a picture.
        let sign = !alt.is_empty()
            && alt
                .chars()
                .all(|c| !c.is_alphanumeric() && !c.is_whitespace());
        let spelt = ["[at]", "(at)", "[dot]", "(dot)"].contains(&alt.to_ascii_lowercase().as_str());
        let short = sign && alt.chars().count() <= 4 || spelt;
        if glued && short {
            self.saw_text(alt);
            self.at_line_start = false;
            self.text.push_replacement(alt, span);
        }
        glued && short
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
        if !self.in_bold && text.contains(char::is_alphanumeric) {
            self.plain_words = true;
        }
        if self.link_start.is_none() && !text.trim().is_empty() {
            self.text_outside_link = true;
        }
    }

    /// Decides what the block is. `last_level` is the level of the last heading, updated here.
    pub fn finish(mut self, settings: &OutlineSettings, last_level: &mut u8) -> Option<Finished> {
        self.close_cell();
        let names_columns = self.after_empty_head
            && !self.any_bold
            && !self.empty_cell
            && !self.sentence_cell
            && !self.text.text().contains(BULLET);
        let data_row = self.data_row && !names_columns;
        let text = self.text.finish();
        if text.text.is_empty() {
            return None;
        }
        let only_link = self.only_link.filter(|_| !self.text_outside_link);
        let is_link = only_link.is_some();
        let mut links = self.links;
        let text = match self.heading {
            Some(_) => without_link_to_top(text, &mut links),
            None => text,
        };
        let done = |mut block: Block| {
            block.links = links;
            Some(Finished {
                block,
                only_link,
                plain_label: false,
                prose_label: None,
                table: self.table.filter(|_| self.cells > 0),
            })
        };
        if let Some(level) = self.heading {
            *last_level = level;
            return done(Block::heading(level, text));
        }
        let s = text.text.as_str();
        let continues = (self.after_open_sentence)
            .is_some_and(|lead_in| lead_in || s.starts_with(char::is_lowercase));
        let wholly_bold = self.strong.as_ref().is_some_and(|b| b.end >= s.len());
        // A block that is only a link is navigation or a reference, not a title, even in bold;
        // a block of several sentences is prose, even in bold.
        // A list entry in bold is a list entry (lists of bold entries are common, and a list
        // is content), unless it shouts: "1. **1. PROFILES AND POSTS ARE PUBLIC**". A line of
        // data in bold ("**Last Updated: March 15, 2024**") is data, as in plain text.
        if settings.emphasis_headings
            && !continues
            && !is_link
            && at_most_words(s, settings.max_heading_words)
            && !is_data_line(s)
            && (!self.in_list_item || is_all_caps(s))
            && sentences::first(s).is_some_and(|first| first.end == s.len())
        {
            let open_ended = !s.ends_with(['.', ',', ';', '!', ':']);
            // "**1. PERSONAL INFORMATION WE COLLECT.**" is a title despite its period; a bold
            // "**Fraud Prevention.**" or "**1.3.4 Cookies.**" alone is an item with no body.
            let bold_title =
                wholly_bold && (open_ended || is_all_caps(s)) && !s.ends_with([',', ';']);
            if bold_title || (open_ended && is_all_caps(s)) {
                let level = (*last_level + 1).min(6);
                return done(Block::heading(level, text));
            }
        }
        // A data row whose first cell names it ("Correction | Request that we amend … | You
        // can edit …") is an item of that name, as a labelled entry of a list is: a table of
        // rights or of kinds of data is read row by row. So is a row of one cell, a title
        // over the rows after it (which are not the previous table's).
        if let Some(cell) = self.first_cell_end.and_then(|end| s.get(..end))
            && let line_end = self.first_cell_line_end.filter(|_| self.first_cell_plain)
            && let Some(CellLabel { len, end, fits }) = cell_label(cell, line_end, settings)
            && let body_start = s.len() - s[end..].trim_start_matches([' ', '|']).len()
            && (data_row && self.plain_words || body_start == s.len())
        {
            if fits {
                return done(Block::labelled(text, 0..len, body_start));
            }
            // Named at length: a name where its table's other rows have names.
            let prose_label = Some((0..len, body_start));
            return done(Block::paragraph(text)).map(|done| Finished {
                prose_label,
                ..done
            });
        }
        if let Some(strong) = self.strong {
            let bold = &s[strong.clone()];
            // A dash (folded to "-") ends a label as a colon does: "**Advertising** — We …".
            let label = bold.trim_end_matches(['.', ':']).trim_end();
            let label = label.strip_suffix(" -").unwrap_or(label).trim_end();
            let after = &s[strong.end..];
            let rest = after.trim_start();
            // The mark's length: a colon or full stop, or a dash ("—", "--") before a space or
            // a capital; not a hyphen that joins a word ("**Opt**-in").
            let dashes = rest.len() - rest.trim_start_matches('-').len();
            let mark = match rest.as_bytes().first() {
                Some(b':' | b'.') => 1,
                Some(b'-')
                    if rest[dashes..].starts_with(|c: char| c == ' ' || c.is_uppercase()) =>
                {
                    dashes
                }
                _ => 0,
            };
            let mark_after = mark > 0;
            // In a list, a bold name needs no mark before a sentence: "1. **Payment Data** We
            // collect card numbers."
            let sentence_after = self.in_list_item && rest.starts_with(char::is_uppercase);
            // "**Last updated: June 30, 2023.**" is a line of data, not a label; "**To operate
            // our Services, we:**" leads into a list.
            if !label.is_empty()
                && !continues
                && !label.contains(':')
                && !is_clause(label)
                && at_most_words(label, settings.max_heading_words)
                && (label.len() < bold.len()
                    || mark_after
                    || self.break_after_strong
                    || sentence_after)
            {
                // Past the mark, which follows the label but for white space.
                let body_start = match mark_after {
                    true => s.len() - rest.len() + mark,
                    false => strong.end,
                };
                let label_end = label.len();
                return done(Block::labelled(text, 0..label_end, body_start));
            }
        }
        if self.in_list_item
            && let Some((sentence, body_start)) = entry_label_sentence(s)
            && body_start < s.len()
            && let Some(len) = label_shape(sentence, entry_label_words(sentence, settings))
        {
            if names_entry(sentence, len, settings) {
                return done(Block::labelled(text, 0..len, body_start)).map(|done| Finished {
                    plain_label: true,
                    ..done
                });
            }
            // Before a colon or dash, a clause is no name whatever its list.
            let prose_label = Some((0..len, body_start))
                .filter(|_| sentence.ends_with('.') || !opens_clause(&s[..len], settings));
            return done(Block::paragraph(text)).map(|done| Finished {
                prose_label,
                ..done
            });
        }
        done(Block::paragraph(text))
    }
}

/// A heading without the links of the page's navigation at its ends: back to the top
/// ("Search History [top]", "Cookies ↑"), or a permalink mark ("Retention ¶", "# Your rights",
/// a link to the heading's own anchor). They are not the heading's wording (it would be in
/// every message and every `--accept` match).
fn without_link_to_top(text: MappedText, links: &mut Vec<(Range<usize>, String)>) -> MappedText {
    let navigation = |range: &Range<usize>, href: &str| {
        let said = text.text[range.clone()].trim().to_lowercase();
        let mark = !said.is_empty() && !said.chars().any(char::is_alphanumeric);
        href.starts_with('#') && (mark || matches!(said.as_str(), "top" | "to top" | "back to top"))
    };
    let brackets = |c: char| c.is_whitespace() || "[]()|".contains(c);
    if let Some((range, href)) = links.last()
        && navigation(range, href)
        && text.text[range.end..].chars().all(brackets)
    {
        let cut = around_mark(&text.text[..range.start], &text.text[range.end..], true).len();
        if cut > 0 {
            links.pop();
            return text.slice(0..cut);
        }
    }
    if let Some((range, href)) = links.first()
        && navigation(range, href)
        && text.text[..range.start].chars().all(brackets)
    {
        let rest = around_mark(&text.text[range.end..], &text.text[..range.start], false);
        let start = text.text.len() - rest.len();
        if start < text.text.len() {
            links.remove(0);
            for (r, _) in links.iter_mut() {
                *r = r.start.saturating_sub(start)..r.end.saturating_sub(start);
            }
            return text.slice(start..text.text.len());
        }
    }
    text
}

/// The heading's words on one side of a navigation mark (`before` it or after), without the
/// spaces, bars and brackets that enclose the mark with those on its `other` side: "Search
/// History [" before "top]" loses its "[", and "Data Privacy Framework (DPF)" before "¶" keeps
/// its ")".
fn around_mark<'a>(side: &'a str, other: &str, before: bool) -> &'a str {
    let separator = |c: char| c.is_whitespace() || c == '|';
    let pair = |c: char| match c {
        ')' => Some('('),
        ']' => Some('['),
        '(' => Some(')'),
        '[' => Some(']'),
        _ => None,
    };
    if before {
        let mut rest = side.trim_end_matches(separator);
        for open in other.chars().filter(|c| ")]".contains(*c)).filter_map(pair) {
            match rest.strip_suffix(open) {
                Some(r) => rest = r.trim_end_matches(separator),
                None => break,
            }
        }
        rest
    } else {
        let mut rest = side.trim_start_matches(separator);
        for close in other
            .chars()
            .rev()
            .filter(|c| "([".contains(*c))
            .filter_map(pair)
        {
            match rest.strip_prefix(close) {
                Some(r) => rest = r.trim_start_matches(separator),
                None => break,
            }
        }
        rest
    }
}

/// Whether normalised text (words one space apart, none at either end) has at most `limit`
/// words: counted by its spaces, which memchr finds a word at a time.
fn at_most_words(text: &str, limit: usize) -> bool {
    match limit {
        0 => text.is_empty(),
        _ => memchr::memchr_iter(b' ', text.as_bytes())
            .nth(limit - 1)
            .is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::normalize;

    #[test]
    fn words_are_counted_by_the_spaces_of_normalised_text() {
        for text in [
            "",
            "one",
            "one two",
            "a b c d",
            " x\u{a0}y\t z \n",
            "Last updated: May 1",
        ] {
            let text = normalize(text);
            let words = text.split_whitespace().count();
            for limit in 0..6 {
                assert_eq!(
                    at_most_words(&text, limit),
                    words <= limit,
                    "{text:?} {limit}"
                );
            }
        }
    }
}
