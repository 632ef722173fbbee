//! Markdown (CommonMark, with tables) through pulldown-cmark, which keeps source offsets.
//!
//! Headings are the ATX and setext headings, wherever they stand (a heading inside a list entry
//! is still a heading). An item is a paragraph or list entry opening with a bold label
//! ("**Advertising.** …", "**Label:** …", "**Label**: …", or a bold span ended by a line break:
//! "**Title**<br>Body") or, in a list entry, with a label sentence; a bold opening that states a
//! value ("**Last updated: June 30, 2023.**") is not a label.
//!
//! Real archived Markdown needs deliberate handling:
//! - *Bold-paragraph and ALL-CAPS headings.* A short paragraph that is one sentence and wholly
//!   bold (without final punctuation, or ALL CAPS: "**1. PERSONAL INFORMATION WE COLLECT.**"), or
//!   in ALL CAPS without final punctuation, is a heading one level below the last marked-up one.
//!   Not when it is only a link (navigation), several sentences (a bold passage of prose), or a
//!   list entry (lists of bold entries are content) unless the entry is ALL CAPS
//!   ("1. **1. PROFILES AND POSTS ARE PUBLIC**"). A bold "**Fraud Prevention.**" alone is an item
//!   with no body.
//! - *Bold labels with no space after them* ("**Profile:**Your phone number."): CommonMark
//!   reads the asterisks as text; they are read as the label the author meant, with the space
//!   (adding it is a formatting edit, not a change).
//! - *Tables of contents.* A list, or a run of consecutive paragraphs, whose entries are each one
//!   link, mostly to a heading of the document or to an anchor (`#…`, full URLs with a fragment
//!   included), is navigation and left out.
//! - *Tables with `<br>`.* A table row reads as one paragraph, cells joined by " | "; `<br>` in a
//!   cell is a line break (white space, and the end of a bold label before it).
//! - *Raw HTML blocks and inline HTML.* Tags read as white space, comments as nothing, the text
//!   between tags as text. Images contribute nothing, but for one inside a word: its short alt
//!   text ("info![@](at.png)wikimedia.org" reads "info@wikimedia.org").
//! - *Non-breaking and zero-width characters, curly quotes, entities.* Normalisation folds them
//!   (see `normalize`); a byte order mark before the first heading is skipped. Offsets still
//!   point at the original bytes.
//! - *Titles as plain lines.* Pages saved as Markdown with their titles as plain paragraphs:
//!   after an empty ATX heading ("### " then the title on a line of its own, Snapchat's), or
//!   throughout a long document that marks up at most one heading (Instagram's), a short title
//!   line outside lists is a heading, by the rules a text file's title lines follow.
//! - *Very long lines* (4,000-character paragraphs) are ordinary paragraphs: nothing here is
//!   quadratic in the length of a line, and sentence splitting is linear.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::block_builder::BlockBuilder;
use super::navigation::{
    ListPlaces, ListedBlock, drop_tables_of_contents, promote_entry_titles, promote_title_line,
    promote_title_lines, settle_list_labels,
};
use super::{Block, MappedTextBuilder, OutlineSettings};

pub(crate) fn blocks(text: &str, settings: &OutlineSettings) -> Vec<Block> {
    // Front matter (a static site's YAML or TOML header: `---` or `+++` lines around
    // `title: Privacy`) is the page's settings, not its text.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut in_front_matter = false;
    // An HTML comment that a line of raw HTML opened and no line has closed yet: the parser
    // gives an HTML block line by line.
    let mut in_comment = false;
    let mut out: Vec<ListedBlock> = Vec::with_capacity(blocks_to_reserve(text));
    let mut pending = BlockBuilder::default();
    let mut lists: Vec<usize> = Vec::new();
    let mut list_count = 0;
    // Whether each open list is numbered; where the blocks stand in lists.
    let mut numbered: Vec<bool> = Vec::new();
    let mut places = ListPlaces::default();
    let mut last_level = 1u8;
    // A table's head row names its columns, not a row; the table open, by its number.
    let mut in_table_head = false;
    let mut empty_head = false;
    let (mut table, mut table_count) = (None, 0usize);
    // Alt text is no content, but for an image inside a word ([`BlockBuilder::image_in_word`]):
    // how deep in images, where the outer one is and its alt text so far.
    let mut in_image = 0usize;
    let mut image = (0..0, String::new());
    let mut literal: Option<LiteralLabel> = None;
    // Empty ATX headings: the place of the block after each, and the heading's level.
    let mut after_empty_heading: Vec<(usize, u8)> = Vec::new();
    // A byte order mark would hide a heading on the first line from the parser.
    let bom = if text.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    };
    for (event, range) in Parser::new_ext(&text[bom..], options).into_offset_iter() {
        let range = range.start + bom..range.end + bom;
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_front_matter = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_front_matter = false,
            Event::Start(Tag::Table(_)) => {
                table_count += 1;
                table = Some(table_count);
            }
            Event::Start(Tag::TableHead) => in_table_head = true,
            Event::End(TagEnd::TableHead) => in_table_head = false,
            _ => {}
        }
        if in_front_matter || matches!(event, Event::End(TagEnd::MetadataBlock(_))) {
            continue;
        }
        if in_image > 0 {
            match event {
                Event::Start(Tag::Image { .. }) => in_image += 1,
                Event::End(TagEnd::Image) => in_image -= 1,
                Event::Text(t) | Event::Code(t) => image.1.push_str(&t),
                _ => {}
            }
            // Any other image parts the words around it, as in HTML.
            if in_image == 0 && !pending.image_in_word(&image.1, text, image.0.clone()) {
                pending.text.push_space(image.0.clone());
            }
            continue;
        }
        if let Some(label) = &literal {
            if range.end <= label.open_end {
                continue; // the opening asterisks
            }
            if label.close.contains(&range.start) {
                if range.start == label.close.start {
                    pending.end_strong();
                    pending.text.push_space(label.close.clone());
                }
                if range.end <= label.close.end {
                    continue;
                }
            }
            if range.start >= label.close.start {
                literal = None;
            }
        }
        if pending.is_empty()
            && matches!(&event, Event::Text(t) if t.as_ref() == "*")
            && let Some(label) = LiteralLabel::at(text, range.start)
        {
            pending.start_strong();
            literal = Some(label);
            continue;
        }
        let list = lists.last().copied();
        let depth = lists.len();
        let item_ends = matches!(event, Event::End(TagEnd::Item));
        let flush = |p: &mut BlockBuilder, out: &mut Vec<ListedBlock>, last_level: &mut u8| {
            p.follows(out.last().map(|b| &b.done));
            if let Some(done) = std::mem::take(p).finish(settings, last_level) {
                out.push(ListedBlock { done, list });
            }
        };
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut pending, &mut out, &mut last_level);
                pending.heading = Some(level as u8);
            }
            Event::End(TagEnd::Heading(level)) if pending.is_empty() => {
                after_empty_heading.push((out.len(), level as u8));
                pending = BlockBuilder::default();
            }
            // A paragraph inside a list entry is the entry's own text.
            Event::Start(Tag::Paragraph) if !(pending.in_list_item && pending.is_empty()) => {
                flush(&mut pending, &mut out, &mut last_level);
            }
            Event::Start(Tag::Item) => {
                flush(&mut pending, &mut out, &mut last_level);
                pending.in_list_item = true;
                places.entry_opens(numbered.last() == Some(&true), out.len());
            }
            Event::Start(Tag::List(start)) => {
                flush(&mut pending, &mut out, &mut last_level);
                list_count += 1;
                lists.push(list_count);
                numbered.push(start.is_some());
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut pending, &mut out, &mut last_level);
                lists.pop();
                numbered.pop();
            }
            Event::End(TagEnd::TableHead) => {
                empty_head = pending.is_empty();
                flush(&mut pending, &mut out, &mut last_level);
            }
            Event::Start(Tag::TableRow) => {
                flush(&mut pending, &mut out, &mut last_level);
                pending.after_empty_head = std::mem::take(&mut empty_head);
            }
            Event::Start(Tag::TableHead | Tag::CodeBlock(_) | Tag::HtmlBlock)
            | Event::End(
                TagEnd::Heading(_)
                | TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock,
            )
            | Event::Rule => {
                // A comment left open ends with its HTML block (a list entry's ends with the
                // entry): the text after it is read.
                in_comment = false;
                flush(&mut pending, &mut out, &mut last_level);
            }
            // A row of links is a row, not one link.
            Event::Start(Tag::TableCell) => {
                pending.table = table;
                pending.cell_opens(range.start, in_table_head);
            }
            Event::Start(Tag::Strong) => pending.start_strong(),
            Event::End(TagEnd::Strong) => pending.end_strong(),
            Event::Start(Tag::Link { dest_url, .. }) => pending.start_link(&dest_url),
            Event::End(TagEnd::Link) => pending.end_link(),
            Event::Start(Tag::Image { .. }) => {
                in_image = 1;
                image = (range, String::new());
            }
            Event::Text(t) | Event::Code(t) => {
                pending.saw_text(&t);
                // A code span's source opens with its backtick: never a bullet.
                let source = text.get(range.start..).unwrap_or_default();
                let (taken, from) = pending.line_bullet(&t, source, range.start);
                push_text(
                    &mut pending.text,
                    text,
                    &t[taken..],
                    range.start + from..range.end,
                );
            }
            Event::SoftBreak => pending.soft_break(range),
            Event::HardBreak => pending.line_break(range),
            Event::InlineHtml(html) | Event::Html(html) => {
                push_html_text(&mut pending, &html, range.start, &mut in_comment);
            }
            _ => {}
        }
        // The blocks this event finished were read at this depth.
        places.read(out.len(), depth, item_ends);
    }
    let list = lists.last().copied();
    pending.follows(out.last().map(|b| &b.done));
    if let Some(done) = pending.finish(settings, &mut last_level) {
        out.push(ListedBlock { done, list });
    }
    places.read(out.len(), lists.len(), false);
    for (at, level) in after_empty_heading {
        promote_title_line(&mut out, at, level, settings);
    }
    let bold = |block: &Block| {
        let before = text.get(..block.text.original_start(0)).unwrap_or_default();
        before.ends_with("**") || before.ends_with("__")
    };
    promote_entry_titles(&mut out, &places, bold, settings);
    promote_title_lines(&mut out, settings);
    settle_list_labels(&mut out);
    drop_tables_of_contents(out)
}

/// How many blocks to make room for at once: the lines that may open one, a line of text after
/// a blank line or one that opens with a heading's, a list entry's, a table row's, a quote's or
/// HTML's mark. Reserved, the list of a 600 KB policy's blocks was not copied as it grew (3 % of
/// the instructions of a diff of two); a policy of 20,000 one-line sections was copied twice
/// when a block was taken to hold 64 bytes. A file of blank lines reserves nothing, and one of
/// marks alone ("-" a line) no more than a block for each 16 bytes.
fn blocks_to_reserve(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut after_blank = true;
    let mut count = 0;
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes).chain([bytes.len()]) {
        let line = bytes[start..end].trim_ascii_start();
        start = end + 1;
        let Some(first) = line.first() else {
            after_blank = true;
            continue;
        };
        if after_blank
            || matches!(
                first,
                b'#' | b'-' | b'*' | b'+' | b'|' | b'>' | b'<' | b'0'..=b'9'
            )
        {
            count += 1;
        }
        after_blank = false;
    }
    count.min(text.len() / 16)
}

/// A bold label with no space after it, "**Profile:**Your phone number." (or a question,
/// Microsoft's "**Is the personal data of a sensitive type?**If so, …"): CommonMark reads its
/// asterisks as text (a closing `**` after punctuation must be followed by a space or
/// punctuation), but its author meant "**Profile:** Your phone number.", and adding the space
/// is only a formatting edit. Read as that: the label bold, a space after it.
struct LiteralLabel {
    /// Where the label's text starts, after the opening asterisks.
    open_end: usize,
    /// The closing asterisks.
    close: Range<usize>,
}

impl LiteralLabel {
    /// The label opening the source at `at`, if one is there.
    fn at(source: &str, at: usize) -> Option<LiteralLabel> {
        let inner = source.get(at..)?.strip_prefix("**")?;
        let close = inner.find("**")?;
        let label = &inner[..close];
        let after = inner[close + 2..].chars().next()?;
        let plain = !label.contains(['*', '_', '[', ']', '`', '<', '\\']);
        // Re-wrapped, or its spaces made non-breaking, it is the same label: measured in
        // characters, white space as one, and over lines with no blank line between them.
        let words: Vec<&str> = label.split_whitespace().collect();
        let length = words.iter().map(|w| w.chars().count()).sum::<usize>() + words.len();
        // (No line of it blank or opening another block: a heading, a list entry, a quote.)
        let one_paragraph = !label.split('\n').skip(1).any(|line| {
            let line = line.trim_start();
            line.is_empty() || line.starts_with(['#', '-', '+', '>'])
        });
        (plain
            && one_paragraph
            && length <= 101
            && label.ends_with([':', '.', '?'])
            && !label.starts_with(char::is_whitespace)
            && after.is_alphanumeric())
        .then(|| LiteralLabel {
            open_end: at + 2,
            close: at + 2 + close..at + 4 + close,
        })
    }
}

fn push_text(builder: &mut MappedTextBuilder, source: &str, text: &str, range: Range<usize>) {
    match source.get(range.clone()) {
        Some(raw) if raw == text => builder.push_source(text, range.start),
        // Escapes and entities: the decoded text stands for its source range.
        _ => builder.push_replacement(text, range),
    }
}

/// Raw HTML in Markdown: tags are white space (`<br>` a line break), comments nothing, text
/// between tags is text. `in_comment`: a comment is open, from an earlier line of the HTML
/// (and is left open if this one does not close it).
fn push_html_text(block: &mut BlockBuilder, html: &str, offset: usize, in_comment: &mut bool) {
    let mut rest = html;
    let mut pos = offset;
    while !rest.is_empty() {
        // "-->" is looked for from the "--" of "<!--": "<!-->" and "<!--->" close at once.
        let comment = match *in_comment {
            true => Some(rest),
            false => rest.starts_with("<!--").then(|| &rest[2..]),
        };
        if let Some(after) = comment {
            let closed = after.find("-->");
            *in_comment = closed.is_none();
            let len = closed.map_or(rest.len(), |i| rest.len() - after.len() + i + 3);
            pos += len;
            rest = &rest[len..];
        } else if rest.starts_with('<') {
            let len = rest.find('>').map_or(rest.len(), |i| i + 1);
            let tag = rest[1..len].trim_start_matches('/');
            if tag
                .as_bytes()
                .get(..2)
                .is_some_and(|b| b.eq_ignore_ascii_case(b"br"))
            {
                block.line_break(pos..pos + len);
            } else {
                block.text.push_space(pos..pos + len);
            }
            pos += len;
            rest = &rest[len..];
        } else {
            let len = rest.find('<').unwrap_or(rest.len());
            // Entities are decoded later: a glyph written as one (`&#9702;`) is no bullet here,
            // and `&bull;` decodes to the bullet anyway.
            let (_, bullet) = block.line_bullet(&rest[..len], rest, pos);
            super::html::push_text_between_tags(&mut block.text, &rest[bullet..len], pos + bullet);
            pos += len;
            rest = &rest[len..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(md: &str) -> Vec<String> {
        crate::outline::describe(blocks(md, &OutlineSettings::default()))
    }

    #[test]
    fn room_is_made_for_each_block_but_not_for_blank_lines() {
        let prose = "A sentence of a paragraph, with words enough\nto fill two lines of text.\n\n";
        assert_eq!(blocks_to_reserve(&prose.repeat(100)), 100);
        let sections = "## Section 1\n\nWe keep records for 2 days.\n\n".repeat(100);
        assert_eq!(blocks_to_reserve(&sections), 200);
        let list = "An introduction to the list:\n- the first of its entries\n  * the second, \
            indented\n3. the third, numbered\n| a cell of a table | and another |\n\
            > a line quoted from elsewhere\n<p>a paragraph in HTML</p>\n";
        assert_eq!(blocks_to_reserve(list), 7);
        let crlf = "The first paragraph, ended as Windows ends lines.\r\n\r\nThe second.";
        assert_eq!(blocks_to_reserve(crlf), 2);
        assert_eq!(blocks_to_reserve(&"\n \t\r\n".repeat(1 << 20)), 0);
        assert_eq!(blocks_to_reserve(&"-\n".repeat(1 << 20)), (2 << 20) / 16);
        assert_eq!(blocks_to_reserve(""), 0);
    }

    #[test]
    fn a_heading_ends_without_its_link_back_to_the_top() {
        let got = parse(
            "### Search History   \\[[top](#top)\\]\n\nText.\n\n## Cookies [↑](#top)\n\n## See [our page](#page)\n\n\
             ## Retention [¶](#retention)\n\n## [#](#rights) Your [rights](#r)\n\n\
             ## Data Privacy Framework (DPF) [¶](#dpf)\n\n## Your rights [EEA] [#](#eea)\n\n\
             ## [#](#opt) (Optional) Cookies\n\n## Sharing ([¶](#sharing))\n",
        );
        assert_eq!(
            got,
            [
                "H3 Search History",
                "P Text.",
                "H2 Cookies",
                "H2 See our page",
                "H2 Retention",
                "H2 Your rights",
                "H2 Data Privacy Framework (DPF)",
                "H2 Your rights [EEA]",
                "H2 (Optional) Cookies",
                "H2 Sharing",
            ]
        );
    }

    /// Text kept out of a policy in a comment over several lines ("Removed by marketing: We do
    /// not use …") is no sentence of it, wherever the comment opens and closes.
    #[test]
    fn a_comment_over_several_lines_is_no_text() {
        let hidden = "We do not sell your personal information.";
        for comment in [
            format!("<!--\n{hidden}\n-->"),
            format!("<!-- Draft:\n{hidden} -->"),
            format!("  <!-- Draft:\n  {hidden}\n  -->"),
            format!("<!-- one -->\n<!-- Draft:\n{hidden}\n-->"),
        ] {
            for between in ["\n\n", "\n"] {
                let md =
                    format!("# Privacy\n\nWe collect your email.{between}{comment}\n\nMore.\n");
                let got = parse(&md);
                assert_eq!(
                    got,
                    ["H1 Privacy", "P We collect your email.", "P More."],
                    "{md}"
                );
            }
        }
        // A closed comment ends there, an empty one at once: the HTML after it is read; so is
        // the HTML after a comment its block left open.
        let after = parse("<!-- a\nb --><p>Kept.</p>\n");
        assert_eq!(after, ["P Kept."]);
        for empty in ["<!-->", "<!--->"] {
            let got = parse(&format!("{empty}\n<div>We sell data.</div>\n"));
            assert_eq!(got, ["P We sell data."], "{empty}");
        }
        let left_open =
            parse("- We collect email.\n- <!-- TODO: review\n\n<div>We sell data.</div>\n");
        assert_eq!(
            left_open.last().map(String::as_str),
            Some("P We sell data.")
        );
    }

    #[test]
    fn front_matter_is_no_text() {
        for front in [
            "---\ntitle: Privacy\nlayout: page\n---\n",
            "+++\ntitle = \"Privacy\"\n+++\n",
        ] {
            let got = parse(&format!("{front}\n# Privacy\n\nWe collect data.\n"));
            assert_eq!(got, ["H1 Privacy", "P We collect data."], "{front}");
        }
        // A rule further down is a rule.
        let got = parse("# T\n\nText.\n\n---\n\nMore text.\n");
        assert_eq!(got, ["H1 T", "P Text.", "P More text."]);
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
        // A dash ends a label as a colon does, outside the bold or in it; a hyphen in a word
        // does not.
        let got = parse(
            "# T\n\n**Advertising** \u{2014} We show ads.\n\n**Analytics \u{2013}** We count.\n\n\
             **Security** - We protect it.\n\n**Opt**-in matters.\n\n\
             **Cookies**\u{2014}We use some.\n\n**Logs** -- We keep them.\n",
        );
        assert_eq!(
            got,
            [
                "H1 T",
                "L[Advertising] We show ads.",
                "L[Analytics] We count.",
                "L[Security] We protect it.",
                "P Opt-in matters.",
                "L[Cookies] We use some.",
                "L[Logs] We keep them."
            ]
        );
    }

    #[test]
    fn a_table_row_is_an_item_named_by_its_first_cell() {
        let got = parse(
            "# Rights\n\n| Right | What | How? |\n|---|---|---|\n\
             | **Be informed** | **Know what we process.** | Read this policy. |\n\
             | **Know/**<br><br>**Access** | Request a copy. | Use the tool. |\n\
             | To provide the Service.<br><br>For example, to run it. | User Data | Contract |\n\
             | To improve it<br>For example,<br>* tests | User Data | Interest |\n\
             | **Categories** | **Description** | |\n\
             | user data | not | a name |\n\
             | Ads Inc. | Their policy | Ads |\n\
             | Products: The provision of them. | Usage | Contract |\n\
             | Collected when you sign up | | |\n\
             | A first cell that goes on and on for far too many words to be the name of its \
             row at all, as a cell of prose in a table used for layout can, thirty-six words \
             | x | y |\n",
        );
        assert_eq!(
            got,
            [
                "H1 Rights",
                // The head row names columns; a row all in bold does too.
                "P Right | What | How?",
                "L[Be informed] Know what we process. | Read this policy.",
                "L[Know/ Access] Request a copy. | Use the tool.",
                // A cell of several sentences is named by its first,
                "L[To provide the Service] For example, to run it. | User Data | Contract",
                // So is one of several lines, by its first.
                "L[To improve it] For example, \u{2022} tests | User Data | Interest",
                "P Categories | Description |",
                "P user data | not | a name",
                // A company's "Inc." keeps its period.
                "L[Ads Inc.] Their policy | Ads",
                // A name before a colon is the row's name.
                "L[Products] The provision of them. | Usage | Contract",
                // A row of one cell titles the rows after it.
                "L[Collected when you sign up] ",
                // Among rows with names, a long first cell names its row too.
                "L[A first cell that goes on and on for far too many words to be the name of \
                 its row at all, as a cell of prose in a table used for layout can, thirty-six \
                 words] x | y"
            ]
        );
        // A table of long first cells lays out prose: its rows are text. A number of three
        // digits or more is data, not a name; a dash ends a name; "Rev." is no sentence's end.
        let prose = "A first cell that goes on and on for far too many words to be the name of \
                     its row at all, as a cell of prose in a table used for layout can do";
        let got = parse(&format!(
            "| A | B |\n|---|---|\n| {prose}. | x |\n| {prose} again. | y |\n\
             | San Francisco, CA 94107 | United States |\n\
             | For our everyday business purposes - | Yes |\n\
             | Rev. November 17, 2025 | |\n"
        ));
        assert_eq!(
            got,
            [
                "P A | B".to_string(),
                format!("P {prose}. | x"),
                format!("P {prose} again. | y"),
                "P San Francisco, CA 94107 | United States".to_string(),
                "L[For our everyday business purposes] Yes".to_string(),
                "P Rev. November 17, 2025 |".to_string(),
            ]
        );
    }

    #[test]
    fn the_row_after_an_empty_head_row_names_columns_unless_it_reads_as_data() {
        let table = |first: &str| {
            parse(&format!(
                "| | | |\n|---|---|---|\n| {first} |\n| Account: To run it. | Contact data | Contract |\n"
            ))
        };
        // WhatsApp's tables, exported from HTML without a head.
        assert_eq!(
            table("Why We Process It | Information Used<br>_It depends on:_ | Basis"),
            [
                "P Why We Process It | Information Used It depends on: | Basis",
                "L[Account] To run it. | Contact data | Contract"
            ]
        );
        // A cell in bold, an empty cell or a list: a row of data (Claude's "**Trustees and
        // Contacts** | Bae, Kim & Lee LLC").
        for (first, row) in [
            (
                "**Trustees** | Bae LLC | Seoul",
                "L[Trustees] Bae LLC | Seoul",
            ),
            ("Ads | | Ad data", "L[Ads] Ad data"),
            ("Ads | Ad data | ", "L[Ads] Ad data |"),
            (
                "Ads | Ad data<br>* clicks | Consent",
                "L[Ads] Ad data \u{2022} clicks | Consent",
            ),
            (
                "Ads | We show ads. | Consent",
                "L[Ads] We show ads. | Consent",
            ),
        ] {
            assert_eq!(table(first)[0], row, "{first}");
        }
        // A head row with words leaves the first row of the body a row of data.
        assert_eq!(
            parse("| A | B |\n|---|---|\n| Ads | Ad data |\n")[1],
            "L[Ads] Ad data"
        );
    }

    #[test]
    fn a_bold_label_without_a_space_after_it_is_a_label() {
        // CommonMark reads these asterisks as text; the outline reads what the author meant.
        let spaced = "# T\n\n* **Profile:** Your phone number.\n* **Contact.** Your email.\n";
        let tight = "# T\n\n* **Profile:**Your phone number.\n* **Contact.**Your email.\n";
        let text = |md: &str| {
            (blocks(md, &OutlineSettings::default()).into_iter())
                .map(|b| b.text.text)
                .collect::<Vec<_>>()
        };
        assert_eq!(parse(tight), parse(spaced));
        assert_eq!(text(tight), text(spaced));
        assert_eq!(
            parse(tight),
            [
                "H1 T",
                "L[Profile] Your phone number.",
                "L[Contact] Your email."
            ]
        );
        // Offsets still point at the original bytes: the body starts after the asterisks.
        let body = &blocks(tight, &OutlineSettings::default())[1];
        assert_eq!(
            body.text
                .original_start(body.text.text.find("Your").unwrap()),
            tight.find("Your").unwrap()
        );
        // Re-wrapped, or its spaces made non-breaking, the label is the same; not across a
        // blank line.
        let long = "# T\n\n* **Has Microsoft adopted a period for a certain data type?**For \
                    example, we de-identify it.\n";
        let wrapped = long.replace("certain data ", "certain data\n  ");
        let non_breaking = long.replace("a period for", "a\u{a0}period\u{a0}for");
        let label = "L[Has Microsoft adopted a period for a certain data type?] For example, we \
                     de-identify it.";
        for md in [long, &wrapped, &non_breaking] {
            assert_eq!(parse(md), ["H1 T", label], "{md}");
        }
        let apart = "**Is the data\n\nsensitive?**If so, less.";
        assert!(!parse(apart)[0].starts_with("L["), "{:?}", parse(apart));
        // Not a label: no final mark, a space after, or asterisks that close a bold span.
        for md in [
            "**Profile**Your data.",
            "**Profile: ** Your data.",
            "**Bold**text here.",
        ] {
            assert!(!parse(md)[0].starts_with("L["), "{md}: {:?}", parse(md));
        }
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

    /// Bluesky's: a numbered table of contents, and the numbered sections after it, are one
    /// Markdown list. The run of entries that are each one link is left out; one or two such
    /// entries among a list's others are its content.
    #[test]
    fn a_table_of_contents_that_opens_a_list_of_sections_is_left_out() {
        let got = parse(
            "# Policy\n\nAn Important Note: read this.\n\n1. [PROFILES](#profiles)\n2. [MESSAGES](#dm)\n\
             3. [CONTACT](#contact)\n\n  \n\n1. **PROFILES**\n\n    Posts are public.\n\n\
             2. **MESSAGES**\n\n    Messages are private.\n\n\
             * [Opt out](#opt-out)\n* You may object to processing.\n* [Contact us](#contact)\n",
        );
        assert_eq!(
            got,
            [
                "H1 Policy",
                "P An Important Note: read this.",
                "H2 PROFILES",
                "P Posts are public.",
                "H2 MESSAGES",
                "P Messages are private.",
                "P Opt out",
                "P You may object to processing.",
                "P Contact us",
            ]
        );
    }

    /// Roblox's notice of 2026: a numbered list whose entries open with a title and hold the
    /// section under it. The titles are headings (a short section among long ones too); a list
    /// of bold entries, or of entries of a paragraph or two, stays a list.
    #[test]
    fn numbered_entries_that_hold_sections_open_them() {
        let section = |title: &str, paragraphs: usize| {
            let body: String = (0..paragraphs)
                .map(|k| format!("    Paragraph {k} of {title}.\n\n"))
                .collect();
            format!("{title}\n\n{body}")
        };
        let md = format!(
            "Effective today.\n\n1.  {}2.  {}3.  {}",
            section("Welcome to the Policy", 3),
            section("Are you Under 13?", 4),
            section("Policy Changes", 1),
        );
        let got = parse(&md);
        let headings: Vec<&String> = got.iter().filter(|b| b.starts_with('H')).collect();
        assert_eq!(
            headings,
            [
                "H1 Welcome to the Policy",
                "H1 Are you Under 13?",
                "H1 Policy Changes"
            ]
        );
        let bold = md
            .replace("1.  Welcome to the Policy", "1.  **Welcome to the Policy**")
            .replace("2.  Are you Under 13?", "2.  **Are you Under 13?**")
            .replace("3.  Policy Changes", "3.  **Policy Changes**");
        assert!(
            parse(&bold).iter().all(|b| !b.starts_with('H')),
            "{:?}",
            parse(&bold)
        );
        // An empty last entry opens nothing after its list.
        let empty = parse("1. Opt out.\n2.\n\nContact Us\n\nA.\n\nB.\n\nC.\n");
        assert!(empty.iter().all(|b| !b.starts_with('H')), "{empty:?}");
        let points = format!(
            "Effective today.\n\n1.  {}2.  {}",
            section("Access", 1),
            section("Deletion", 2)
        );
        assert!(
            parse(&points).iter().all(|b| !b.starts_with('H')),
            "{:?}",
            parse(&points)
        );
    }

    /// Snapchat's pages: an empty `###` heading, then the title as a paragraph of its own.
    #[test]
    fn a_title_line_after_an_empty_heading_is_that_heading() {
        let got = parse(
            "## Top\n\nIntro.\n\n### \n\nInformation We Collect\n\nWe collect it.\n\n\
             ### \n\nWe keep a sentence.\n",
        );
        assert_eq!(
            got,
            [
                "H2 Top",
                "P Intro.",
                "H3 Information We Collect",
                "P We collect it.",
                "P We keep a sentence."
            ]
        );
    }

    /// Instagram's pages: one marked-up heading, then titles as plain lines throughout a long
    /// document; a short one keeps its lines as text.
    #[test]
    fn title_lines_of_a_long_document_without_headings_are_headings() {
        let mut md = "Privacy Policy\n--------------\n\n".to_string();
        for word in [
            "names",
            "emails",
            "cookies",
            "devices",
            "payments",
            "locations",
        ] {
            md += &format!("What we do with {word}\n\nWe use {word}. We keep them.\n\n");
        }
        md += "- A list entry\n\n[A link line](https://example.com)\n\n";
        // A line that runs on in lower case, a run of short lines, a line with a number.
        md += "Settings within your account\n\nin your menu, as you like.\n\n";
        md += "Merrion Road\n\nDublin Ireland\n\nWrite to us there.\n\n";
        md += "Office hours 9 to 5\n\nWe answer then.\n";
        let got = parse(&md);
        assert_eq!(got[0], "H2 Privacy Policy");
        assert_eq!(
            got[1], "H4 What we do with names",
            "sentence case: a level below"
        );
        assert_eq!(got[2], "P We use names. We keep them.");
        for kept in [
            "P A list entry",
            "P Settings within your account",
            "P Merrion Road",
            "P Office hours 9 to 5",
        ] {
            assert!(got.contains(&kept.to_string()), "{kept}: {got:?}");
        }
        assert!(
            got.iter().any(|b| b.starts_with("P A link line")),
            "{got:?}"
        );
        let short = parse("What we do with data\n\nWe use data.\n");
        assert_eq!(short, ["P What we do with data", "P We use data."]);
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
    fn a_tag_opening_with_a_multibyte_character_is_text_not_a_panic() {
        assert_eq!(parse("# T\n\n<div>\n<\u{20ac}x>\n</div>\n"), ["H1 T"]);
        assert_eq!(parse("<p>a<\u{e9}>b</p>\n"), ["P a b"]);
    }

    #[test]
    fn a_table_row_of_links_is_kept() {
        let got = parse(
            "| Partner | Policy |\n|---|---|\n| [Ads Inc.](https://ads.example/#a) | [Theirs](https://ads.example/#p) |\n",
        );
        assert_eq!(got, ["P Partner | Policy", "L[Ads Inc.] Theirs"]);
    }

    #[test]
    fn tables_html_and_entities() {
        let got = parse(
            "| A | B |\n|---|---|\n| x<br>y | z &amp; w |\n\n<div>Raw <b>html</b> &ldquo;text&rdquo;</div>\n",
        );
        assert_eq!(got, ["P A | B", "P x y | z & w", "P Raw html \"text\""]);
    }

    /// A bullet glyph opening a line of a cell or paragraph (after `<br>`, a hard line break, or
    /// at the cell's start) reads as "•", whichever it is, and still maps to the glyph's bytes.
    /// Inside a line, after a soft break (re-wrapping is no change), opening a paragraph (a
    /// footnote), alone in its cell ("none"), without a space after it, or in a code span, a
    /// glyph is text.
    #[test]
    fn a_bullet_opening_a_line_reads_as_one_bullet() {
        let md = "| A | B |\n|---|---|\n| \u{25E6} x:<br>* one<br>- two<br>\\* three<br>&bull; four<br> \
                  \u{25AA} five | a * b<br>-5 days<br>`* code` |\n\nList:\n\u{2022} one\n\u{00B7} two <br>+ three\n";
        assert_eq!(
            parse(md),
            [
                "P A | B",
                "P \u{2022} x: \u{2022} one \u{2022} two \u{2022} three \u{2022} four \u{2022} five | a * b -5 days * code",
                "P List: \u{2022} one \u{00B7} two \u{2022} three",
            ]
        );
        let kept = "| A | B |\n|---|---|\n| - | x |\n\nWe share it with partners\n\u{2013} such as \
                    banks.\n\n\\* Only in the EU.\n";
        assert_eq!(
            parse(kept),
            [
                "P A | B",
                "P - | x",
                "P We share it with partners - such as banks.",
                "P * Only in the EU."
            ]
        );
        // An entry wrapped after its glyph is the same entry; a glyph ending its paragraph is
        // text.
        assert_eq!(
            parse("Not covered:<br>*\nwebsites of others;<br>* apps.\n\nEnd:<br>-\n"),
            [
                "P Not covered: \u{2022} websites of others; \u{2022} apps.",
                "P End: -"
            ]
        );
        let b = blocks(md, &OutlineSettings::default());
        let text = &b[1].text;
        let bullets: Vec<&str> = (text.text.match_indices('\u{2022}'))
            .map(|(at, bullet)| &md[text.original_range(at..at + bullet.len())])
            .collect();
        assert_eq!(bullets, ["\u{25E6}", "*", "-", "*", "&bull;", "\u{25AA}"]);
    }

    #[test]
    fn a_run_of_link_paragraphs_to_anchors_is_a_table_of_contents() {
        let got = parse(
            "Intro.\n\n[**1. Collection**](#1)\n\n**[2. Use](#2)**\n\n**1. COLLECTION**\n\nText.\n\n[Download a copy](https://x.example/p.pdf)\n",
        );
        assert_eq!(
            got,
            [
                "P Intro.",
                "H2 1. COLLECTION",
                "P Text.",
                "P Download a copy"
            ]
        );
    }

    #[test]
    fn headings_inside_list_items_are_headings_and_bold_entries_are_entries() {
        let got = parse(
            "# P\n\n* What Is Personal Data?\n    ----\n    \n    Data about you.\n\n* **Data retained until deleted**\n* **Data that expires**\n\n1. **1. PROFILES ARE PUBLIC**\n",
        );
        assert_eq!(
            got,
            [
                "H1 P",
                "H2 What Is Personal Data?",
                "P Data about you.",
                "P Data retained until deleted",
                "P Data that expires",
                "H3 1. PROFILES ARE PUBLIC"
            ]
        );
    }

    #[test]
    fn emphasis_headings_are_one_short_sentence() {
        let got = parse(
            "**We require some information. For example, you must have**\n\n**Last updated: June 30, 2023.** See the prior version.\n\n**Cookies**\n",
        );
        assert_eq!(
            got,
            [
                "P We require some information. For example, you must have",
                "P Last updated: June 30, 2023. See the prior version.",
                "H2 Cookies"
            ]
        );
    }

    #[test]
    fn bold_dates_and_caseless_list_entries_are_not_headings() {
        let got = parse(
            "**Last Updated: March 15, 2024**\n\n**2. Scope: who we are**\n\n**California Residents: Your Rights**\n\n* \u{5D9}\u{5B4}\u{5D3}\u{5D9}\u{5E9}\n* \u{E44}\u{E17}\u{E22}\n* CONTACT US\n",
        );
        assert_eq!(
            got,
            [
                "P Last Updated: March 15, 2024",
                "H2 2. Scope: who we are",
                "H2 California Residents: Your Rights",
                "P \u{5D9}\u{5B4}\u{5D3}\u{5D9}\u{5E9}",
                "P \u{E44}\u{E17}\u{E22}",
                "H2 CONTACT US"
            ]
        );
    }

    #[test]
    fn a_bold_span_before_a_line_break_is_a_label() {
        let got = parse(
            "* **Data retained until you remove it**  \n  You can delete it.\n* **Payment**<br>Card details.\n",
        );
        assert_eq!(
            got,
            [
                "L[Data retained until you remove it] You can delete it.",
                "L[Payment] Card details."
            ]
        );
    }

    #[test]
    fn a_bold_lead_in_to_a_list_is_not_a_label() {
        let got = parse(
            "* **To operate our Services, we:** keep logs.\n* **We may disclose data with:** banks.\n* **Communicate with you.** By email.\n",
        );
        assert_eq!(
            got,
            [
                "P To operate our Services, we: keep logs.",
                "P We may disclose data with: banks.",
                "L[Communicate with you] By email."
            ]
        );
    }

    #[test]
    fn a_lone_plain_label_among_entries_of_one_sentence_is_a_sentence() {
        // Microsoft's list of sources, two of its entries run together by an archive.
        let got = parse(
            "* Developers who create experiences through or for Microsoft products.\n\
             * Third parties that deliver experiences through Microsoft products. \
             Publicly-available sources, such as open data sets.\n",
        );
        assert_eq!(
            got,
            [
                "P Developers who create experiences through or for Microsoft products.",
                "P Third parties that deliver experiences through Microsoft products. \
                 Publicly-available sources, such as open data sets."
            ]
        );
        // Among entries of several sentences, and alone in its list, it opens an item.
        let entry =
            "* Opt out of targeted advertising. Some of what we do is targeted advertising.\n";
        let among = format!(
            "* Request a copy of what we hold about you. We reply within a month.\n{entry}"
        );
        let label =
            "L[Opt out of targeted advertising] Some of what we do is targeted advertising.";
        assert_eq!(parse(&among)[1], label);
        assert_eq!(parse(entry), [label]);
        // A bold label is the author's: it stays.
        let bold = "* **Cookies.** Small files we use.\n* Web beacons.\n";
        assert_eq!(parse(bold)[0], "L[Cookies] Small files we use.");
    }

    /// A short aside in brackets names the entry further (GitHub's "Visual Studio Code (GitHub
    /// Codespaces):"); a long one, or one left open, is prose.
    #[test]
    fn a_label_with_an_aside_in_brackets_is_a_label() {
        let got = parse(
            "* Account Data: We collect your e-mail.\n\
             * Telemetry (Codespaces): We collect usage events.\n\
             * Usage Data: We collect logs.\n",
        );
        assert_eq!(
            got,
            [
                "L[Account Data] We collect your e-mail.",
                "L[Telemetry (Codespaces)] We collect usage events.",
                "L[Usage Data] We collect logs."
            ]
        );
        for prose in [
            "* Telemetry (when you turn it on in your settings): We collect usage events.\n",
            "* Telemetry (Codespaces: We collect usage events.\n",
        ] {
            assert!(
                parse(prose)[0].starts_with("P "),
                "{prose}: {:?}",
                parse(prose)
            );
        }
    }

    #[test]
    fn an_entry_opening_with_prose_among_labelled_entries_opens_its_own_item() {
        // Snapchat's controls: two of the entries open with a clause ("who can"), and were
        // read as more of the entry before them.
        let got = parse(
            "* Delete your information. You can delete your account.\n\
             * Control who can see your content. We built tools for it.\n\
             * Change your permissions. You can change them at any time.\n\
             * Control who can contact you. You can block people.\n",
        );
        assert_eq!(
            got,
            [
                "L[Delete your information] You can delete your account.",
                "L[Control who can see your content] We built tools for it.",
                "L[Change your permissions] You can change them at any time.",
                "L[Control who can contact you] You can block people."
            ]
        );
        // Where labels are fewer than half the entries, prose is prose.
        let got = parse(
            "* Delete your information. You can delete your account.\n\
             * We may keep some data. We keep it for a year.\n\
             * You can ask us. Write to us.\n",
        );
        assert_eq!(got[1], "P We may keep some data. We keep it for a year.");
        assert_eq!(got[2], "P You can ask us. Write to us.");
    }

    #[test]
    fn a_list_entry_named_before_a_colon_is_an_item() {
        let got = parse(
            "* Account Data: We collect your name. We keep it.\n\
             * Feedback data: what you send us\n\
             * We may share: with partners.\n\
             * Email: privacy@example.com\n\
             * Acme Ltd, Attn: Privacy, Main Street, Dublin.\n\
             * Website: https://example.com/privacy\n",
        );
        assert_eq!(
            got,
            [
                "L[Account Data] We collect your name. We keep it.",
                "L[Feedback data] what you send us",
                // Prose, and lines of data, name nothing.
                "P We may share: with partners.",
                "P Email: privacy@example.com",
                "P Acme Ltd, Attn: Privacy, Main Street, Dublin.",
                "P Website: https://example.com/privacy"
            ]
        );
        // Among entries with names, prose before a colon is still prose.
        let got = parse(
            "* Account Data: Your name.\n* Device Data: Identifiers.\n\
             * To do this, we use: cookies.\n",
        );
        assert_eq!(got[2], "P To do this, we use: cookies.");
        // Longer than a short label, a clause is no name.
        let got = parse(
            "* Access: Ask us for a copy.\n\
             * Request Access to and Portability of Your Personal Information, including: a copy.\n",
        );
        assert_eq!(
            got[1],
            "P Request Access to and Portability of Your Personal Information, including: a copy."
        );
        // A name in title case is one, commas and all (LinkedIn's, linked).
        let got = parse(
            "* [Delete Data](/a): You can ask us to erase it.\n\
             * [Object to, or Limit or Restrict, Use of Data](/b): You can ask us to stop.\n",
        );
        assert_eq!(
            got[1],
            "L[Object to, or Limit or Restrict, Use of Data] You can ask us to stop."
        );
        // Unless a part of it opens a clause, past a short label's length.
        let got = parse(
            "* Access: Ask us for a copy.\n\
             * Where Required By Applicable Local Law, We Will Ask: for consent.\n",
        );
        assert_eq!(
            got[1],
            "P Where Required By Applicable Local Law, We Will Ask: for consent."
        );
        // A name as long as a bold one, and with a pronoun, is a name.
        let got = parse(
            "* Automated decision-making: We do not rely on it.\n\
             * Sale & targeted marketing of our products and services: We do not sell it.\n",
        );
        assert_eq!(
            got,
            [
                "L[Automated decision-making] We do not rely on it.",
                "L[Sale & targeted marketing of our products and services] We do not sell it."
            ]
        );
        // Named before a dash, or in bold before a sentence (a bold question too, with no
        // space after it).
        let got = parse(
            "* Contact Info — We collect your phone number.\n\
             * **Payment Data** We collect card numbers.\n\
             * **Is the data sensitive?**If so, we keep it less.\n",
        );
        assert_eq!(
            got,
            [
                "L[Contact Info] We collect your phone number.",
                "L[Payment Data] We collect card numbers.",
                "L[Is the data sensitive?] If so, we keep it less."
            ]
        );
        // Not a paragraph's bold words before a sentence: "**Google** Analytics helps us."
        assert_eq!(
            parse("**Google** Analytics helps us.\n"),
            ["P Google Analytics helps us."]
        );
        // Alone among entries of one sentence each, it is a sentence, as a plain label is.
        let got = parse("* Names\n* Other: what you send us\n* Addresses\n");
        assert_eq!(got[1], "P Other: what you send us");
    }

    /// YouTube's notice of 2015, as archived: bold split across paragraphs mid-sentence. The
    /// pieces go on with the sentence; they are no heading, nor label.
    #[test]
    fn bold_that_goes_on_with_the_sentence_before_is_no_heading() {
        let got = parse(
            "# Sharing\n\nThe information we gather about your visits to our sites and apps, \
             with the cookies we place there, is **linked, by the**\n\n\
             **Advertising customer or by us, with visits to multiple**\n\n**sites**.\n\n\
             We do not sell it.\n\n**Advertising**\n\nWe show ads.\n",
        );
        assert_eq!(
            got,
            [
                "H1 Sharing",
                "P The information we gather about your visits to our sites and apps, with the \
                 cookies we place there, is linked, by the",
                "P Advertising customer or by us, with visits to multiple",
                "P sites.",
                "P We do not sell it.",
                // After a sentence's end, bold is a title as ever.
                "H2 Advertising",
                "P We show ads."
            ]
        );
        // So it is after a short line: "Sign in" is a button's words, not half a sentence.
        assert_eq!(
            parse("Sign in\n\n**Privacy Policy**\n\nWe collect data.\n")[1],
            "H2 Privacy Policy"
        );
    }

    #[test]
    fn a_byte_order_mark_does_not_hide_the_first_heading() {
        let got = parse("\u{FEFF}# Privacy\n\nText.\n");
        assert_eq!(got, ["H1 Privacy", "P Text."]);
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
