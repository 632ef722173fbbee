//! Plain text, as people paste it from a web page: the hard case.
//!
//! Lines become paragraphs. A file whose lines are mostly short is hard-wrapped: a line that ends
//! mid-sentence is joined to the next. A file with many long lines (`max-wrap-width`) has one
//! paragraph per line, but for a paragraph re-wrapped among them (`rewrapped_lines`). A line
//! that ends where the wrap ended it (the next word would not have fitted) is no heading line.
//! A line opened by a list marker ("- ", "• ") is a list entry.
//!
//! A one-line paragraph is a heading when it is short, one sentence, has a word, states no value
//! (no "Key: value", no date, address or phone number) and is numbered ("1. Scope", "2.3 …",
//! "Section 4: …"), ALL CAPS, Title Case, or short sentence case without final punctuation. List
//! entries and tab-separated table rows are not headings (unless a list entry is ALL CAPS), nor
//! are a page's buttons and links copied with it ("Go to …", "Learn more": `navigation-phrases`).
//! Inside a paragraph, a Title-Case question is a heading ("… Does Amazon Collect? We collect …");
//! a question that opens a paragraph is one in any case; a heading run into the paragraph it
//! opens is split from it ("Data retention We keep …": see `run_in_heading_end`); and a short
//! label sentence ("Advertising.") opens an item. Every rule is switchable in `[outline]`.
//!
//! Measured on the corpus (`tests/corpus.rs`), against the headings the Markdown marks up: the
//! misfires left are mostly headings the Markdown itself did not mark (FAQ questions, section
//! titles written as plain paragraphs or indented as code; a hand audit of 100 put half the
//! "false" headings here), page furniture (link cards, language menus), address blocks, table
//! row labels, headings only markup shows (a lower-case glossary term, a full sentence with its
//! period: "We don't track you."), and two run-in headings one after the other ("Data
//! Protection Information Your Rights If you …"). See docs/plain-text-headings.md.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use super::{Block, BlockKind, MappedText, MappedTextBuilder, OutlineSettings, sentences};

/// Auxiliary and modal verbs: a run of words containing one is a clause, not a heading.
const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "will", "would", "may", "can", "could", "should", "must", "do",
    "does", "did", "has", "have", "had", "been", "being",
];

/// Words that stay lower-case inside a Title-Case heading.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "for", "of", "to", "in", "on", "at", "by", "with",
    "from", "about", "as", "into", "per", "via", "vs", "than", "over", "under", "upon", "within",
    "without", "through", "across", "after", "before", "between", "if", "is", "are", "do", "does",
    "we", "you", "your", "our", "how", "what", "why", "when", "who", "that", "it", "its", "this",
    "these", "not", "can", "may", "use", "be", "own", "out", "up", "&",
];

pub(crate) fn blocks(text: &str, settings: &OutlineSettings) -> Vec<Block> {
    let mut parser = Parser {
        settings,
        names: if settings.run_in_headings {
            sentence_opening_names(text, settings)
        } else {
            Vec::new()
        },
        out: Vec::new(),
        section_has_items: false,
        section_number: None,
        after_lead_in: false,
        next_goes_on: false,
    };
    let mut paras = paragraphs(text, settings).into_iter().peekable();
    while let Some(para) = paras.next() {
        parser.next_goes_on =
            (paras.peek()).is_some_and(|p| p.text.text.starts_with(char::is_lowercase));
        parser.paragraph(para);
    }
    let blocks = super::navigation::drop_heading_contents(parser.out);
    unhead_listed_lines(blocks, text)
}

/// A web page's list copied without its bullets: its entries on lines one right under another
/// ("Language" / "Time zone" / "IP address"), where a heading has a blank line or its
/// paragraph under it. Three short lines so, or two after a lead-in ("… includes:"), are a
/// list, and its lines shaped as headings are entries, but at its edges. A page copies a
/// heading right above its list ("Related Practices and Information" / "Conditions of Use" /
/// …) and right under the list before ("… in connection with our Services." / "How We Share
/// Your Information"), alone or with its subheading, and stacks headings over their text: the
/// first line of a list with no lead-in stays a heading, and so do the heading lines that end
/// it (after a lead-in, the last), a list of heading lines alone (after a lead-in, two), a
/// heading with its sentence under it, and numbered lines. A line lost as a heading merges
/// sections (a required one then missing); one kept as a heading is one section more.
/// Only where blank lines part the paragraphs (one line in five is blank, or more): a file of
/// one paragraph a line (a word processor's plain text) puts every line right under another.
fn unhead_listed_lines(mut blocks: Vec<Block>, text: &str) -> Vec<Block> {
    let (mut all, mut blank) = (0usize, 0usize);
    for line in text.lines() {
        all += 1;
        blank += usize::from(line.trim().is_empty());
    }
    if blank * 5 < all {
        return blocks;
    }
    // Each block's place in the file, if it is one short line: a heading, or a sentence of
    // an entry's length.
    let line_of = |b: &Block| {
        let range = b.text.original_range(0..b.text.text.len());
        let one_sentence =
            || sentences::first(&b.text.text).is_none_or(|s| s.end >= b.text.text.len());
        let short = match b.kind {
            BlockKind::Heading { .. } => true,
            BlockKind::Paragraph => {
                b.label.is_none()
                    && words(&b.text.text).nth(ENTRY_WORDS).is_none()
                    && one_sentence()
            }
        };
        let one_line = text.get(range.clone()).is_some_and(|t| !t.contains('\n'));
        (short && one_line).then_some(range)
    };
    let lines: Vec<Option<Range<usize>>> = blocks.iter().map(line_of).collect();
    let right_under = |i: usize| {
        matches!((&lines[i - 1], &lines[i]), (Some(above), Some(line))
        if text.get(above.end..line.start).is_some_and(|gap| {
            gap.bytes().filter(|&b| b == b'\n').count() == 1 && gap.trim().is_empty()
        }))
    };
    let is_heading = |b: &Block| matches!(b.kind, BlockKind::Heading { .. });
    // A sentence ends with a stop, where an entry has none.
    let is_sentence =
        |b: &Block| !is_heading(b) && b.text.text.trim_end().ends_with(['.', '!', '?', ';']);
    // A heading with its text under it ("Data Security" / "We protect your data.").
    let with_its_text =
        |i: usize| (blocks.get(i + 1)).is_some_and(|next| is_sentence(next) && right_under(i + 1));
    let mut entries_found = Vec::new();
    let mut start = 0;
    while start < blocks.len() {
        let mut end = start + 1;
        while end < blocks.len() && right_under(end) {
            end += 1;
        }
        let after_lead_in =
            (start.checked_sub(1)).is_some_and(|i| blocks[i].text.text.trim_end().ends_with(':'));
        let listed =
            lines[start].is_some() && (end - start >= 3 || (after_lead_in && end > start + 1));
        // Each group of heading lines in the list, in turn. Those that end it stay headings
        // (but after a lead-in, the last alone), as does a list of heading lines alone, unless
        // a lead-in opens three or more: headings stacked over their text read so too.
        let only_headings = blocks[start..end].iter().all(is_heading);
        let mut at = start;
        while listed && !(only_headings && !(after_lead_in && end - start >= 3)) && at < end {
            let group_end = at + blocks[at..end].iter().take_while(|b| is_heading(b)).count();
            let (opens, ends) = (at == start, group_end == end);
            // Under entries that are sentences ("… our Services."), heading lines stand out.
            let after_sentence =
                !opens && (at.checked_sub(1)).is_some_and(|i| is_sentence(&blocks[i]));
            let entries = match () {
                _ if ends && after_sentence => at..at,
                _ if ends && after_lead_in => at..group_end - 1,
                _ if opens && after_lead_in => at..group_end,
                _ if ends => at..at,
                _ if opens => (at + 1).min(group_end)..group_end,
                _ => at..group_end,
            };
            entries_found.extend(
                entries.filter(|&i| {
                    numbered_level(&blocks[i].text.text).is_none() && !with_its_text(i)
                }),
            );
            at = group_end.max(at + 1);
        }
        start = end;
    }
    for i in entries_found {
        blocks[i].kind = BlockKind::Paragraph;
    }
    blocks
}

/// Names that open at least three sentences of `text` in running text (after ".", "?" or "!"
/// and white space, and followed by a lower-case word) and are never written in lower case: a
/// company's name, most often ("Twitch uses …"), not a word ("Personal information is …",
/// "Since …").
fn sentence_opening_names(text: &str, settings: &OutlineSettings) -> Vec<String> {
    // The first 256 KiB say which names a policy uses, and keep the cost bounded on big files.
    let mut end = text.len().min(256 << 10);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (i, _) in text.match_indices(['.', '?', '!']) {
        let rest = &text[i + 1..];
        if !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let mut words = rest.split_whitespace();
        let (Some(word), Some(next)) = (words.next(), words.next()) else {
            continue;
        };
        if word.len() >= 2
            && word.starts_with(|c: char| c.is_ascii_uppercase())
            && word[1..].bytes().all(|b| b.is_ascii_alphabetic())
            && next.starts_with(|c: char| c.is_ascii_lowercase())
        {
            *counts.entry(word).or_default() += 1;
        }
    }
    counts.retain(|word, n| *n >= 3 && !settings.sentence_starters.iter().any(|s| s == word));
    if counts.is_empty() {
        return Vec::new();
    }
    // Not written in lower case as a word of its own ("twitch", not "twitch.tv"). The names are
    // ASCII letters: each text word is compared only with those of its first letter (no set of
    // every word of the text is made).
    let mut by_initial: [Vec<(String, &str)>; 26] = Default::default();
    for name in counts.into_keys() {
        let lower = name.to_ascii_lowercase();
        by_initial[usize::from(lower.as_bytes()[0] - b'a')].push((lower, name));
    }
    for word in text.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if let Some(&initial @ b'a'..=b'z') = word.as_bytes().first() {
            by_initial[usize::from(initial - b'a')].retain(|(lower, _)| lower != word);
        }
    }
    let mut own: Vec<String> = (by_initial.into_iter().flatten())
        .map(|(_, name)| name.to_string())
        .collect();
    own.sort_unstable();
    own
}

struct Paragraph {
    text: MappedText,
    single_line: bool,
    /// Opened by a list marker: a list entry, which is content, not a heading.
    bulleted: bool,
    /// Cells separated by tabs: a table row, not a heading.
    tabular: bool,
    /// A line of "=" or "-" under its one line: a heading by its mark, of level 1 or 2.
    underlined: Option<u8>,
    /// A postal address (see [`address_lines`]): text, no heading nor label in it.
    address: bool,
}

/// Whether the lines of a file are hard-wrapped (a line may end mid-sentence and go on in the
/// next) rather than one paragraph each: few of its lines are longer than a wrap width.
fn is_hard_wrapped(lines: &[(usize, &str)], settings: &OutlineSettings) -> bool {
    let (mut filled, mut long) = (0usize, 0usize);
    for (_, line) in lines {
        if !line.trim().is_empty() {
            filled += 1;
            long += usize::from(line.len() > settings.max_wrap_width);
        }
    }
    long * 20 <= filled
}

/// In a file of long lines, the lines of a paragraph re-wrapped in an editor (the rest left one
/// long line each): for each line, whether it may go on in the next. In a run of short lines,
/// that is each of three or more lines in a row that broke because the next line's first word
/// would not have fitted in the run's widest line (the wrap width, [`MIN_WRAP_WIDTH`] or more),
/// that fill at least half of it, and of which one goes on in lower case; and a filled line
/// before one that goes on in lower case.
/// Headings, list entries, an address, a link's words leave room at their ends.
fn rewrapped_lines(
    lines: &[(usize, &str)],
    settings: &OutlineSettings,
    is_blank: impl Fn(&str) -> bool,
) -> Vec<bool> {
    // A list entry opens a paragraph of its own: it is not part of a re-wrapped one.
    let short =
        |l: &str| !is_blank(l) && l.len() <= settings.max_wrap_width && strip_bullet(l, 0).1 == 0;
    // Lower case, as a sentence goes on; not an enclosed letter (ⓘ, an icon copied with a page).
    let lower = |l: &str| {
        (l.chars().next())
            .is_some_and(|c| c.is_lowercase() && !('\u{2460}'..='\u{24FF}').contains(&c))
    };
    let mut goes_on = vec![false; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        let run =
            &lines[start..start + lines[start..].iter().take_while(|(_, l)| short(l)).count()];
        // The widest line of the paragraph: not a heading above it, which may be wider.
        let widest = |lines: &mut dyn Iterator<Item = &str>| lines.map(width).max().unwrap_or(0);
        let prose = widest(
            &mut run
                .iter()
                .map(|(_, l)| *l)
                .filter(|l| !heading_like(l, settings)),
        );
        let wrap_width = match prose {
            0 => widest(&mut run.iter().map(|(_, l)| *l)),
            w => w,
        };
        let broke = |k: usize| {
            wrap_width >= MIN_WRAP_WIDTH
                && broke_at_wrap(run[k].1, run[k + 1].1, wrap_width, settings)
        };
        let mut k = 0;
        while k + 1 < run.len() {
            let breaks = (k..run.len() - 1).take_while(|&j| broke(j)).count();
            // Lines of about the same width that are each a paragraph (copied from a page) break
            // there too, but a paragraph's sentence goes on in lower case somewhere.
            let goes_on_in_lower_case = (k..k + breaks).any(|j| lower(run[j + 1].1.trim_start()));
            if breaks >= 2 && goes_on_in_lower_case {
                goes_on[start + k..start + k + breaks].fill(true);
            } else {
                let next = run[k + 1].1.trim_start();
                goes_on[start + k] = width(run[k].1) >= MIN_WRAP_WIDTH && lower(next);
            }
            k += breaks.max(1);
        }
        start += run.len().max(1);
    }
    goes_on
}

/// The narrowest wrap width read as one: shorter lines in a row are a list, an address,
/// navigation.
const MIN_WRAP_WIDTH: usize = 40;

/// The most words a list's entry copied from a web page has, for [`unhead_listed_lines`]
/// ("Information about the network you connect your device to and your connection, including
/// your IP address": 17); a longer line is a paragraph.
const ENTRY_WORDS: usize = 24;

/// A line's width in characters, a run of spaces as one (a doubled space is noise, not layout).
fn width(line: &str) -> usize {
    let (mut n, mut gap) = (0, false);
    for c in line.trim().chars() {
        n += usize::from(!(gap && c == ' '));
        gap = c == ' ';
    }
    n
}

/// Whether `line` ended where a wrap at `wrap_width` made it end: it fills at least half of the
/// width and no more, `next`'s first word (up to a space a line can break at, not a no-break
/// space) would not have fitted after it, and `next` is no heading line.
fn broke_at_wrap(line: &str, next: &str, wrap_width: usize, settings: &OutlineSettings) -> bool {
    let first_word = next.trim_start().split([' ', '\t']).next().map_or(0, width);
    let line = width(line);
    2 * line >= wrap_width
        && line <= wrap_width
        && line + 1 + first_word > wrap_width
        && !heading_like(next, settings)
}

/// Whether a line alone reads as a heading (see [`heading_line_level`]).
fn heading_like(line: &str, settings: &OutlineSettings) -> bool {
    heading_line_level(&super::normalize(line.trim()), settings).is_some()
}

/// The width a hard-wrapped file was wrapped at: the width of its widest lines, past the few
/// longer ones a wrap leaves (a long address, a table row, a paragraph left unwrapped).
fn wrap_width(lines: &[(usize, &str)], settings: &OutlineSettings) -> usize {
    let mut widths: Vec<usize> = (lines.iter())
        .filter(|(_, l)| l.len() <= settings.max_wrap_width)
        .map(|(_, l)| width(l))
        .filter(|&w| w > 0)
        .collect();
    widths.sort_unstable();
    widths
        .get(widths.len().saturating_sub(1) * 19 / 20)
        .copied()
        .unwrap_or(0)
}

/// Groups lines into paragraphs, joining hard-wrapped lines.
fn paragraphs(text: &str, settings: &OutlineSettings) -> Vec<Paragraph> {
    // (offset, line without its ending)
    let mut lines = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        lines.push((offset, raw.trim_end_matches(['\n', '\r'])));
        offset += raw.len();
    }
    let wrapped = is_hard_wrapped(&lines, settings);
    let is_blank = |l: &str| l.trim().trim_matches('\u{FEFF}').is_empty();
    let (rewrapped, wrap_width) = if wrapped {
        (Vec::new(), wrap_width(&lines, settings))
    } else {
        (rewrapped_lines(&lines, settings, is_blank), 0)
    };
    let mut out = Vec::new();
    let mut para = Pending::default();
    let addresses = address_lines(&lines, is_blank);
    for (i, &(start, line)) in lines.iter().enumerate() {
        if is_blank(line) {
            // A list's entries may go on past a blank line: what follows one is read as one.
            let bulleted = para.bulleted;
            para.finish(&mut out);
            para.bulleted = bulleted;
            continue;
        }
        // A rule carries no text. One of "=" or "-" right under a paragraph's only line makes
        // that line a heading, as Markdown's setext headings and pandoc's plain text do; one
        // under a table's column names goes on with its table; any other ends a paragraph.
        let above = i.checked_sub(1).map_or("", |k| lines[k].1);
        if let Some(rule) = Rule::of(line, above) {
            match rule {
                // The rows go on in the paragraph of the column names: one table, no heading.
                Rule::Table => {
                    para.tabular = true;
                    continue;
                }
                Rule::Underline(level) if para.lines == 1 && !para.bulleted => {
                    para.underlined = Some(level);
                }
                _ => {}
            }
            para.finish(&mut out);
            continue;
        }
        let (body, body_start) = strip_bullet(line, start);
        let bullet = body_start != start;
        let cells = without_number_tab(body.trim()).contains('\t');
        // A heading line stands alone: what follows it opens a paragraph (not a wrap, which
        // would go on in lower case).
        let next_opens = || {
            lines
                .get(i + 1)
                .is_none_or(|(_, l)| is_blank(l) || !l.trim_start().starts_with(char::is_lowercase))
        };
        // Whether the line ended only because the wrap made it end.
        // (In a hard-wrapped file, asked only of a line that could stand alone: the check reads
        // the next line as a heading, a cost on every line otherwise.)
        let broke = || match wrapped {
            true => {
                wrap_width >= MIN_WRAP_WIDTH
                    && (lines.get(i + 1)).is_some_and(|(_, next)| {
                        !is_blank(next) && broke_at_wrap(line, next, wrap_width, settings)
                    })
            }
            false => rewrapped.get(i).is_some_and(|&w| w),
        };
        let wraps = wrapped || broke();
        // A button's words ("Go to Activity Controls") stand alone too, as a paragraph, unless
        // the line goes on in the next ("Go to Settings, Privacy,"). A line that ends where the
        // wrap made it end goes on, though it may be Title Case by chance (as a line of a
        // paragraph re-wrapped among long lines is known to).
        let standalone = wrapped
            && para.builder.is_empty()
            && !para.tabular
            && !addresses[i]
            && !bullet
            && !cells
            && words(body).nth(settings.max_heading_words).is_none()
            && next_opens()
            && !(lines.get(i + 1))
                .is_some_and(|(_, next)| Rule::of(next, line) == Some(Rule::Table))
            && {
                let line = super::normalize(body);
                heading_line_level(&line, settings).is_some()
                    || (is_navigation(&line, settings) && !line.ends_with([',', ';']))
            }
            && !broke();
        if bullet || standalone {
            // A list entry or a heading line starts a paragraph of its own.
            para.finish(&mut out);
            para.bulleted = bullet;
        }
        para.push(body, start, body_start);
        para.tabular |= cells;
        para.address |= addresses[i];
        let ends_sentence = line
            .trim_end()
            .trim_end_matches(['"', '\'', ')', '\u{201D}', '\u{2019}'])
            .ends_with(['.', '?', '!', ':', ';']);
        // A line under which a rule stands is held for it: its mark may make it a heading.
        let underline_next = (lines.get(i + 1))
            .is_some_and(|(_, next)| matches!(Rule::of(next, line), Some(Rule::Underline(_))));
        // An address is one paragraph, whatever its lines end with ("Cloudflare, Ltd.").
        let address_goes_on = addresses[i] && addresses.get(i + 1).is_some_and(|&a| a);
        if (!wraps || ends_sentence || standalone)
            && !(underline_next && para.lines == 1)
            && !address_goes_on
        {
            para.finish(&mut out);
        }
    }
    para.finish(&mut out);
    out
}

/// The paragraph being read, line by line.
#[derive(Default)]
struct Pending {
    builder: MappedTextBuilder,
    lines: usize,
    bulleted: bool,
    tabular: bool,
    underlined: Option<u8>,
    address: bool,
}

impl Pending {
    /// Adds a line's text (`body`, at `body_start` in the file; the line at `start`).
    fn push(&mut self, body: &str, start: usize, body_start: usize) {
        if !self.builder.is_empty() {
            self.builder.push_space(start..start);
        }
        self.builder.push_source(body, body_start);
        self.lines += 1;
    }

    /// Ends the paragraph (if it has text) into `out`, and starts the next.
    fn finish(&mut self, out: &mut Vec<Paragraph>) {
        let done = std::mem::take(self);
        let text = done.builder.finish();
        if !text.text.is_empty() {
            out.push(Paragraph {
                text,
                single_line: done.lines == 1,
                bulleted: done.bulleted,
                tabular: done.tabular,
                underlined: done.underlined.filter(|_| done.lines == 1),
                address: done.address,
            });
        }
    }
}

/// Which lines are part of a postal address: three or more short lines in a row (no blank line,
/// no list marker, no numbered heading), two or more of them with a digit or an "@" ("London,
/// SE1 7PB", "Rosental 7", "dpo@example.com"). They are no headings, and read as one paragraph.
fn address_lines(lines: &[(usize, &str)], is_blank: impl Fn(&str) -> bool) -> Vec<bool> {
    /// The most words a line of an address has ("Attention: Data Protection Officer").
    const WORDS: usize = 8;
    /// Words of a title block's lines ("Effective date: January 1, 2024", "Version 3.2"), whose
    /// digits are no street's nor postal code's.
    const DATED: [&str; 18] = [
        "date",
        "dated",
        "updated",
        "effective",
        "revised",
        "version",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    // A line of an address: short, no list entry, numbered heading, rule or sentence (a name
    // ending in "Ltd." or "Inc." is one).
    let short = |l: &str| {
        let words = l.split_whitespace().count();
        !is_blank(l)
            && words <= WORDS
            && !(words > 3 && l.trim_end().ends_with(['.', '!', '?', ':', ';']))
            && strip_bullet(l, 0).1 == 0
            && numbered_level(l.trim()).is_none()
            && rule_mark(l).is_none()
    };
    let marked = |l: &str| {
        let dated = || {
            (l.split(|c: char| !c.is_alphabetic()))
                .any(|w| DATED.iter().any(|d| d.eq_ignore_ascii_case(w)))
        };
        (l.contains('@') || l.contains(|c: char| c.is_ascii_digit())) && !dated()
    };
    let mut out = vec![false; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        let run = lines[start..].iter().take_while(|(_, l)| short(l)).count();
        // A heading in capitals over the address ("CONTACT US") stays a heading.
        let heading = usize::from(run > 0 && is_all_caps(lines[start].1.trim()));
        let block = &lines[start + heading..start + run];
        if block.len() >= 3 && block.iter().filter(|(_, l)| marked(l)).count() >= 2 {
            out[start + heading..start + run].fill(true);
        }
        start += run.max(1);
    }
    out
}

/// The character a rule line is drawn with: three or more of one of "=-_*~#", spaces between
/// allowed ("* * *"), nothing else on the line.
fn rule_mark(line: &str) -> Option<char> {
    let mut marks = line.chars().filter(|c| !c.is_whitespace());
    let mark = marks.next().filter(|c| "=-_*~#".contains(*c))?;
    let count = 1 + marks
        .map(|c| (c == mark).then_some(()))
        .collect::<Option<Vec<()>>>()?
        .len();
    (count >= 3).then_some(mark)
}

/// What a rule line (see [`rule_mark`]) does, given the line `above` it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Drawn unbroken with "=" (level 1) or "-" (level 2) under a line that is no sentence,
    /// and about as long: that line is a heading.
    Underline(u8),
    /// A table's border, or its rule under the column names: runs of two or more marks apart
    /// ("--------  -------" under "Category  Purpose"), or indented and wider than the row
    /// above it (pandoc's tables).
    Table,
    /// Between parts of the text ("* * *", "__________").
    Break,
}

impl Rule {
    fn of(line: &str, above: &str) -> Option<Rule> {
        let mark = rule_mark(line)?;
        let drawn = line.trim();
        let runs_apart = drawn.contains(char::is_whitespace)
            && drawn.split_whitespace().all(|run| run.chars().count() >= 2);
        let indented = |l: &str| l.starts_with(char::is_whitespace);
        let (drawn_width, above_width) = (width(drawn), width(above.trim()));
        // pandoc's rules span their table, wider than the row above them.
        if runs_apart || (indented(line) && drawn_width > above_width + 2) {
            return Some(Rule::Table);
        }
        let level = match mark {
            '=' => 1,
            '-' => 2,
            _ => return Some(Rule::Break),
        };
        // Under a sentence, a rule ends a paragraph; it underlines no heading.
        let underline = !drawn.contains(char::is_whitespace)
            && !above.trim().is_empty()
            && !above.trim_end().ends_with(['.', '!', '?', ';', ','])
            && drawn_width <= 2 * above_width + 2;
        Some(if underline {
            Rule::Underline(level)
        } else {
            Rule::Break
        })
    }
}

/// Drops a list marker ("- ", "* ", "• ") from a line; returns the rest and its offset.
fn strip_bullet(line: &str, start: usize) -> (&str, usize) {
    let lead = line.len() - line.trim_start().len();
    let rest = &line[lead..];
    for marker in ['-', '*', '\u{2022}', '\u{25CF}', '\u{25AA}', '\u{2013}'] {
        // A space after the marker, or a tab as Word's lists are copied ("•\tName: …").
        if let Some(body) = (rest.strip_prefix(marker)).filter(|b| b.starts_with([' ', '\t'])) {
            let body = body.trim_start_matches([' ', '\t']);
            return (body, start + line.len() - body.len());
        }
    }
    (line, start)
}

/// `body` without the tab after a number that opens it ("1.\tHow we use it", as Word's numbered
/// lists are copied): a tab there parts no table cells.
fn without_number_tab(body: &str) -> &str {
    let digits = body.len()
        - body
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
            .len();
    match digits > 0 && body[digits..].starts_with('\t') {
        true => &body[digits + 1..],
        false => body,
    }
}

struct Parser<'a> {
    settings: &'a OutlineSettings,
    /// The names this document opens sentences with: see [`Boundary::Name`].
    names: Vec<String>,
    out: Vec<Block>,
    section_has_items: bool,
    /// The first part of the number of the heading read last ("2" of "2. What We Collect"), if
    /// it has one.
    section_number: Option<String>,
    /// The paragraph before ended with a colon: "Here are the types of information we
    /// collect:".
    after_lead_in: bool,
    /// The paragraph after opens in lower case: it goes on with this one, which a page broke.
    next_goes_on: bool,
}

impl Parser<'_> {
    /// [`run_in_heading_end`] with this document's names.
    fn run_in_heading_end(&self, sentence: &str) -> Option<usize> {
        run_in_heading_end(sentence, self.settings, &self.names)
    }

    fn heading(&mut self, level: u8, text: MappedText) {
        self.section_number =
            opening_number(&text.text).map(|(number, _)| section_of(number).to_string());
        self.out.push(Block::heading(level, text));
        self.section_has_items = false;
        self.after_lead_in = false;
    }

    fn paragraph(&mut self, para: Paragraph) {
        let after_lead_in = std::mem::replace(
            &mut self.after_lead_in,
            para.text.text.trim_end().ends_with(':'),
        );
        let text = para.text;
        // A list entry is content, unless it shouts ("- 1. PROFILES AND POSTS ARE PUBLIC"); a
        // short line with a heading run into it is a heading and a sentence, not one heading.
        let runs_in = || {
            self.settings.run_in_headings
                && sentences::first(&text.text)
                    .is_some_and(|s| self.run_in_heading_end(&text.text[s]).is_some())
        };
        if let Some(level) = para.underlined.filter(|_| !para.tabular) {
            self.heading(level, text);
            return;
        }
        if para.address {
            let whole = 0..text.text.len();
            self.flush(&text, Some((None, whole)));
            return;
        }
        if para.single_line
            && !para.tabular
            && (!para.bulleted || is_all_caps(&text.text))
            && let Some(level) = heading_line_level(&text.text, self.settings)
            && !runs_in()
        {
            self.heading(level, text);
            return;
        }
        let ranges = sentences::split(&text.text);
        // The paragraph is rebuilt as a run of blocks: (label range, body range) pairs.
        let mut current: Option<(Option<Range<usize>>, Range<usize>)> = None;
        // A list entry named before a colon or dash ("- Account Data: We collect …", "- Contact
        // Info — We …") is an item, not a heading run into its text.
        let named_entry = |sentence: &str| {
            entry_label_sentence(sentence).and_then(|(label, body_start)| {
                (body_start < sentence.len())
                    .then(|| entry_label_length(label, self.settings).map(|len| (len, body_start)))
                    .flatten()
            })
        };
        // So is a paragraph named so after a lead-in or among items, as a web page's list
        // reads copied without its bullets ("Information You Give Us: We receive …"), unless
        // the next paragraph goes on with it ("… is used to offer you" / "more relevant
        // results."): a paragraph a page broke, not an entry.
        let unbulleted_entry = (after_lead_in || self.section_has_items) && !self.next_goes_on;
        // "2. HOW WE USE INFORMATION. We use …": a numbered heading in capitals, its text run
        // into its paragraph, as a bold one is in Markdown.
        // (Two words at least: "2.1.3.1 GPS &. Other Location Technologies" is a title broken
        // at its "&".)
        let caps_heading = (ranges.first()).filter(|_| ranges.len() > 1).and_then(|r| {
            let first = &text.text[r.clone()];
            let (_, rest_at) = opening_number(first)?;
            let named = words(&first[rest_at..]).filter(|w| w.chars().any(char::is_alphabetic));
            (is_all_caps(first) && named.count() >= 2)
                .then(|| heading_line_level(first, self.settings))?
        });
        let entry_label = ranges
            .first()
            .filter(|_| caps_heading.is_none())
            .and_then(|r| {
                let first = &text.text[r.clone()];
                match para.bulleted || unbulleted_entry {
                    true => named_entry(first).map(|(len, body_start)| (0..len, body_start)),
                    false => None,
                }
                // "2.1 How we use your data We use it …" is a heading run into its text.
                .or_else(|| {
                    (!runs_in())
                        .then(|| self.numbered_label(first, ranges.len() > 1, unbulleted_entry))?
                })
            });
        for (i, mut range) in ranges.iter().cloned().enumerate() {
            if i == 0
                && let Some(level) = caps_heading
            {
                self.heading(level, text.slice(range));
                continue;
            }
            // Headings run in one after another ("2. WHAT WE COLLECT 2.1 Account Data We …").
            while i == 0
                && entry_label.is_none()
                && self.settings.run_in_headings
                && let Some(end) = self.run_in_heading_end(&text.text[range.clone()])
                && end > 0
            {
                let heading = text.slice(range.start..range.start + end);
                let level = numbered_level(&heading.text)
                    .filter(|_| self.settings.numbered_headings)
                    .unwrap_or(1);
                self.heading(level, heading);
                let rest = range.start + end;
                range = rest + (text.text[rest..].len() - text.text[rest..].trim_start().len())
                    ..range.end;
            }
            let sentence = &text.text[range.clone()];
            let opens_paragraph = i == 0 && i + 1 < ranges.len();
            if self.settings.question_headings
                && is_question_heading(sentence, opens_paragraph, self.settings)
            {
                self.flush(&text, current.take());
                self.heading(1, text.slice(range));
                continue;
            }
            if i == 0
                && let Some((label, body_start)) = entry_label.clone()
            {
                self.flush(&text, current.take());
                self.section_has_items = true;
                let label = range.start + label.start..range.start + label.end;
                current = Some((Some(label), range.start + body_start..range.end));
                continue;
            }
            let has_next = i + 1 < ranges.len();
            let after_colon = i > 0 && text.text[..range.start].trim_end().ends_with(':');
            // What follows a label is its body: "Account. Your email address." is one item.
            let after_label = matches!(&current, Some((Some(_), body)) if body.is_empty());
            let may_open_item = !after_label
                && ((i == 0 && has_next) || self.section_has_items || (after_colon && has_next));
            if may_open_item && let Some(label_len) = label_length(sentence, self.settings) {
                self.flush(&text, current.take());
                self.section_has_items = true;
                let label = range.start..range.start + label_len;
                current = Some((Some(label), range.end..range.end));
                continue;
            }
            current = Some(match current.take() {
                Some((label, body)) if body.start < body.end => (label, body.start..range.end),
                Some((label, _)) => (label, range.clone()),
                None => (None, range.clone()),
            });
        }
        self.flush(&text, current);
    }

    /// The label (its range, final stop left out) and where the body starts, of a paragraph's
    /// first sentence opened by a number, as plain text writes a bold numbered title ("2.1
    /// Information You Give Us. We …") and a numbered list's named entries ("1.  Account
    /// Creation. We collect …"). A list's number is its marker, left out of the label; an
    /// outline's ("2.1") is the label's, as it is the bold's. A title on its own line ("2.1
    /// Information needed to use the Platform.", its text in the paragraphs after it) has an
    /// outline number, of the section it is in: a list's entries are often a sentence each
    /// ("1. Detect fraud.").
    /// Among a list's entries (`among_entries`: after a lead-in or other items), a list's
    /// entry may be its label alone ("2. Improve the service."), as a bulleted one may.
    fn numbered_label(
        &self,
        sentence: &str,
        has_body: bool,
        among_entries: bool,
    ) -> Option<(Range<usize>, usize)> {
        if !self.settings.numbered_headings {
            return None;
        }
        let (number, rest_at) = opening_number(sentence)?;
        let nested = number.trim_end_matches('.').contains('.');
        let own_section =
            || (self.section_number.as_deref()).is_none_or(|n| n == section_of(number));
        let rest = &sentence[rest_at..];
        let (label, body_start) = entry_label_sentence(rest)?;
        let has_body = has_body || body_start < rest.len();
        if !(has_body || (nested && own_section()) || (!nested && among_entries)) {
            return None;
        }
        // An outline's number says "title" as bold does: it names, unless it is a clause ("2.2
        // We may share it."); "Information you give us" is a name.
        let names = |len: usize| match nested {
            true => {
                let label = &label[..len];
                !(label.split(',')).any(|part| opens_clause(part.trim(), self.settings))
                    && !is_clause(label)
            }
            // A list entry's label as a bullet's is, or a title ("5. Sharing in the Event of
            // Merger, Sale, or Other Asset Transfers. …").
            false => {
                let short = words(label)
                    .nth(entry_label_words(label, self.settings))
                    .is_none();
                let titled = is_title_case(&label[..len]) && !is_clause(&label[..len]);
                (short && names_entry(label, len, self.settings)) || titled
            }
        };
        // "Surveys &" is a title cut short, not a name.
        let len = label_shape(label, self.settings.max_heading_words)
            .filter(|&len| names(len) && !label[..len].ends_with('&'))?;
        let start = if nested { 0 } else { rest_at };
        Some((start..rest_at + len, rest_at + body_start))
    }

    fn flush(&mut self, text: &MappedText, block: Option<(Option<Range<usize>>, Range<usize>)>) {
        let Some((label, body)) = block else { return };
        match label {
            Some(label) => {
                let start = label.start;
                let end = body.end.max(label.end + 1).min(text.text.len());
                let piece = text.slice(start..end);
                let body_start = (body.start.max(label.end) - start).min(piece.text.len());
                self.out
                    .push(Block::labelled(piece, 0..label.end - start, body_start));
            }
            None => self.out.push(Block::paragraph(text.slice(body))),
        }
    }
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
}

/// The word as it stands, without surrounding punctuation.
fn bare(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

fn is_capitalised(word: &str) -> bool {
    bare(word)
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// Title Case: the first word and every word that is not a small word start with a capital.
fn is_title_case(text: &str) -> bool {
    let mut capitals = 0;
    for (i, w) in words(text).enumerate() {
        let b = bare(w);
        if b.is_empty() {
            continue;
        }
        if is_capitalised(w) {
            capitals += 1;
        } else if i == 0 || !is_small_word(b) {
            return false;
        }
    }
    capitals >= 2 || (capitals == 1 && words(text).count() == 1)
}

/// ALL CAPS: three or more capitals and no lower-case letter. Scripts without case (Hebrew,
/// Thai, Chinese) are not shouting: a menu of language names is not a run of headings.
pub(crate) fn is_all_caps(text: &str) -> bool {
    // Prose fails at its first lower-case letter.
    !text.chars().any(char::is_lowercase)
        && text.chars().filter(|c| c.is_uppercase()).nth(2).is_some()
}

/// Whether a line reads "Key: value". A numbered line ("2. Scope: who we are") is a title.
fn is_key_value(line: &str, numbered: bool) -> bool {
    line.contains(": ") && !numbered
}

/// Whether a line is a "Key: value" pair whose value is data ("Last Updated: May 22, 2024",
/// "Email: privacy@example.com", "Acme Ltd, Attn: Privacy Team", "Website: https://…") rather
/// than a title ("California Residents: Your Rights").
/// Markup marks titles, so only data is ruled out there; plain text rules out every pair.
pub(crate) fn is_data_line(line: &str) -> bool {
    // The line's number is read only if it is "Key: value" (most lines are not).
    line.contains(": ")
        && numbered_level(line).is_none()
        && (has_long_number(line)
            || line.contains('@')
            || line.contains("Attn: ")
            || line.contains("://")
            || line.contains("www."))
}

/// The level of a line that is a heading on its own, if it is one.
pub(crate) fn heading_line_level(line: &str, settings: &OutlineSettings) -> Option<u8> {
    if words(line).nth(settings.max_heading_words).is_some() {
        return None;
    }
    let n = words(line).count();
    if n == 0 {
        return None;
    }
    // A heading has a word ("12" alone is a page or footnote number) and is one sentence. A line
    // that states a value ("Last Updated: May 22, 2024", an address, a phone number) is data.
    let has_word = words(line).any(|w| bare(w).chars().filter(|c| c.is_alphabetic()).count() >= 2);
    let numbered = numbered_level(line).filter(|_| settings.numbered_headings);
    if !has_word
        || sentences::first(line).is_some_and(|s| s.end < line.len())
        || is_key_value(line, numbered.is_some())
        || has_long_number(line)
    {
        return None;
    }
    // Link markup left in the text ("Privacy Center](https://…)") and the words of a button
    // are the page's navigation, not its outline.
    if line.contains("](") || is_navigation(line, settings) {
        return None;
    }
    // A list entry that leads into the next ("2. Answering support requests; and") or a line
    // wrapped mid-sentence ("4. Communicating with you about your account, activities on the").
    if words(line)
        .last()
        .is_some_and(|w| HEADING_NEVER_ENDS_ON.contains(&w.to_ascii_lowercase().as_str()))
    {
        return None;
    }
    let last = line.chars().last()?;
    let caps = is_all_caps(line);
    if let Some(level) = numbered
        // "6.3 Data Erasure." opens an item, as "**6.3 Data Erasure.**" does in Markdown; "3. We
        // use it for:" leads into a list.
        && (!matches!(last, '.' | ',' | ';' | ':') || (caps && last == '.'))
    {
        return Some(level);
    }
    if !settings.line_headings || matches!(last, '.' | ',' | ';' | '!') {
        return None;
    }
    let first = line.chars().next()?;
    if !(first.is_uppercase() || first.is_numeric() || first == '"') {
        return None;
    }
    if caps || is_title_case(line) {
        return Some(1);
    }
    // A short sentence-case line without final punctuation ("How we use your data").
    (n <= 10 && last != ':' && !line.contains(": ")).then_some(2)
}

/// Whether a line opens with one of the `navigation-phrases`, as a whole word.
fn is_navigation(line: &str, settings: &OutlineSettings) -> bool {
    settings.navigation_phrases.iter().any(|phrase| {
        !phrase.is_empty()
            && line
                .get(..phrase.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(phrase))
            && !line[phrase.len()..].starts_with(char::is_alphanumeric)
    })
}

/// Whether the text holds a run of three or more digits: a year, a street number, a postcode.
fn has_long_number(text: &str) -> bool {
    let mut run = 0;
    text.bytes().any(|b| {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        run >= 3
    })
}

/// The number that opens a paragraph, if digits and dots ("3.", "2.1", "2.1.") and then a space
/// do: the number, and where the text after it starts. Not "2024 Update", "3 days" nor
/// "192.168.1.1 Private Addresses".
fn opening_number(text: &str) -> Option<(&str, usize)> {
    let number = text.split([' ', '\t']).next()?;
    let parts: Vec<&str> = number.trim_end_matches('.').split('.').collect();
    let numeric =
        (parts.iter()).all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    let marked = number.ends_with('.') || parts.len() > 1;
    let rest_at =
        number.len() + (text[number.len()..].len() - text[number.len()..].trim_start().len());
    (numeric && marked && rest_at < text.len()).then_some((number, rest_at))
}

/// The section an outline number is of: "2" of "2.1" and of "2.".
fn section_of(number: &str) -> &str {
    number.split('.').next().unwrap_or_default()
}

/// "1. Scope" → 1, "2.3 Cookies" → 2, "Section 4: Sharing" → 1.
fn numbered_level(line: &str) -> Option<u8> {
    let mut it = line.split_whitespace();
    let first = it.next()?;
    let second = it.next()?;
    if ["section", "article", "part", "chapter"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(first))
    {
        let num = second.trim_end_matches(['.', ':']);
        let is_num = num.chars().all(|c| c.is_ascii_digit() || c == '.')
            || num.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
        return (is_num && !num.is_empty()).then_some(1);
    }
    if !second.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let num = first.trim_end_matches('.');
    let parts: Vec<&str> = num.split('.').collect();
    let numeric = !num.is_empty()
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit()));
    let roman = first.ends_with('.')
        && num.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
        && !num.is_empty();
    if numeric && (first.ends_with('.') || parts.len() > 1) {
        Some(parts.len().min(6) as u8)
    } else if roman {
        Some(1)
    } else {
        None
    }
}

/// A Title-Case question such as "What Personal Information Does Amazon Collect?".
///
/// Inside running text only a Title-Case question is a heading; a question that opens a
/// paragraph and is answered there ("What information do we collect? We collect …") is one in
/// any case.
fn is_question_heading(sentence: &str, opens_paragraph: bool, settings: &OutlineSettings) -> bool {
    sentence.ends_with('?')
        && (3..=settings.max_heading_words).contains(&words(sentence).count())
        && (is_title_case(sentence) || (opens_paragraph && opens_heading(sentence)))
}

/// The length of a label sentence's label (without its final "." or ":"), if it is one.
pub(crate) fn label_length(sentence: &str, settings: &OutlineSettings) -> Option<usize> {
    label_shape(sentence, settings.max_label_words)
        .filter(|&len| !reads_as_prose(&sentence[..len], settings))
}

/// The length of a list entry's label ([`entry_label_sentence`]) if it names the entry. Before a
/// colon or a dash, a label up to a heading's length that is no clause ("We may share:", "To do
/// this, we use:") does, pronoun or not ("Information you provide when you contact us:", "Sale
/// & targeted marketing of our products and services:"); a label sentence ending in a full
/// stop as [`label_length`] reads it.
pub(crate) fn entry_label_length(sentence: &str, settings: &OutlineSettings) -> Option<usize> {
    let len = label_shape(sentence, entry_label_words(sentence, settings))?;
    names_entry(sentence, len, settings).then_some(len)
}

/// Whether the label of `len` bytes that a list entry's label sentence has the shape of
/// ([`label_shape`] with [`entry_label_words`]) names the entry: see [`entry_label_length`].
pub(crate) fn names_entry(sentence: &str, len: usize, settings: &OutlineSettings) -> bool {
    let label = &sentence[..len];
    let named_before_mark = sentence.ends_with(':') || sentence.ends_with(" -");
    // Past a short label's length, a name is no clause: "Request Access to and Portability of
    // Your Personal Information, including:" leads into what follows.
    let long = words(label).nth(settings.max_label_words).is_some();
    // A name in title case may hold commas: LinkedIn's "Object to, or Limit or Restrict, Use
    // of Data: You can ask us to stop …", unless a part of it opens a clause ("Yes, We Sell
    // Data").
    let titled = named_before_mark && is_title_case(label);
    let clause = match titled {
        true => (label.split(',')).any(|part| opens_clause(part.trim(), settings)),
        false => opens_clause(label, settings),
    } || is_clause(label);
    let prose = reads_as_prose(label, settings) || (long && clause);
    !prose || (named_before_mark && !clause)
}

/// Whether a would-be label opens a clause: a comma in it, or a first word of
/// `label-stopwords` ("We may share", "To do this, we use").
pub(crate) fn opens_clause(label: &str, settings: &OutlineSettings) -> bool {
    label.contains(',')
        || label.split(' ').next().is_some_and(|first| {
            (settings.label_stopwords.iter()).any(|w| w.eq_ignore_ascii_case(first))
        })
}

/// How many words a list entry's label sentence ([`entry_label_sentence`]) may have: before a
/// colon or a dash, as many as a bold name ("Sale & targeted marketing of our products and
/// services: We do not …"); a sentence alone that may be a label is short.
pub(crate) fn entry_label_words(sentence: &str, settings: &OutlineSettings) -> usize {
    match sentence.ends_with(':') || sentence.ends_with(" -") {
        true => settings.max_heading_words,
        false => settings.max_label_words,
    }
}

/// Where a list entry's label sentence ends and its body starts: its first sentence ("Account
/// Data. We collect …"), or what comes before a colon or a dash in it ("Account Data: We
/// collect …", the commonest way to name the entries of a list after bold; "Contact Info — We
/// …", the dash folded to "-"). "Email: privacy@example.com" is a line of data, named by no
/// label.
pub(crate) fn entry_label_sentence(entry: &str) -> Option<(&str, usize)> {
    let first = sentences::first(entry)?;
    let sentence = entry.get(first.clone())?;
    let colon = sentence.find(": ").filter(|_| !is_data_line(sentence));
    let dash = sentence.find(" - ").map(|at| at + 1);
    match colon.into_iter().chain(dash).min() {
        // The label sentence is the label and its mark, as "Account Data:" is.
        Some(mark) => Some((sentence.get(..mark + 1)?, first.start + mark + 2)),
        None => Some((sentence, first.end)),
    }
}

/// The length of a sentence's label (without its final ".", ":" or " -") if it has a label's
/// shape but may read as prose: short, opening with a capital, no digits, no quote or inner stop.
/// Among list entries that open with labels, one that reads as prose is one too ("Control who
/// can contact you." beside "Delete your information.").
pub(crate) fn label_shape(sentence: &str, max_words: usize) -> Option<usize> {
    let label = (sentence.strip_suffix(['.', ':'])).or_else(|| sentence.strip_suffix(" -"))?;
    // "It's your right to..." trails off; it does not name anything.
    if label.is_empty()
        || words(label).nth(max_words).is_some()
        || label.ends_with('.')
        || without_asides(label)?.contains([':', '?', '!', ';', '"', '(', ')'])
    {
        return None;
    }
    if !label.chars().next().is_some_and(char::is_uppercase)
        || label.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some(label.len())
}

/// `label` without its short asides in brackets, which name what it names further: "Telemetry
/// (Codespaces)", "Visual Studio Code (GitHub Codespaces)". `None` if a bracket is left open, or
/// an aside runs past a few words ("We collect (as described below, and only when you …").
fn without_asides(label: &str) -> Option<Cow<'_, str>> {
    /// More words than "GitHub Codespaces" or "e.g. cookies" have.
    const ASIDE_WORDS: usize = 4;
    if !label.contains('(') {
        return Some(label.into());
    }
    let mut out = String::with_capacity(label.len());
    let mut rest = label;
    while let Some(open) = rest.find('(') {
        let close = open + rest[open..].find(')')?;
        let aside = &rest[open + 1..close];
        if aside.contains('(') || words(aside).nth(ASIDE_WORDS).is_some() {
            return None;
        }
        out.push_str(&rest[..open]);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out.into())
}

/// Where the label that a table row's first cell opens with ends (its first sentence or line,
/// without a final "." or ":"), and where the rest of the cell starts, if it names the row: a
/// phrase opening with a capital, and no list. The first column of a table is its rows' names
/// whatever their grammar and length ("To communicate with you, including to send you
/// information about our Services and events, and to promote our Services to you. | Contact
/// Data"), so a clause or a pronoun is no bar, and it may run to twice `max_heading_words`.
/// `line_end` is where the cell's first line ends, if it has several.
pub(crate) fn cell_label(
    cell: &str,
    line_end: Option<usize>,
    settings: &OutlineSettings,
) -> Option<CellLabel> {
    let first = sentences::first(cell)?;
    let mut end = line_end.filter(|&e| e < first.end).unwrap_or(first.end);
    // "Providing our Products: The provision of …" is named before its colon.
    if let Some(colon) = cell.get(..end)?.find(": ") {
        end = colon + 1;
    }
    let sentence = cell.get(first.start..end)?.trim_end();
    let label = match sentences::ends_in_abbreviation(sentence) {
        true => sentence,
        false => sentence.trim_end_matches(['.', ':']).trim_end(),
    };
    // "For our everyday business purposes -" is named before its dash.
    let label = label.strip_suffix(" -").unwrap_or(label).trim_end();
    // A number of three digits or more is data: a postcode, a year, a count.
    (first.start == 0
        && label.chars().next().is_some_and(char::is_uppercase)
        && !label.contains('\u{2022}')
        && !has_long_number(label))
    .then(|| CellLabel {
        len: label.len(),
        end,
        fits: words(label).nth(2 * settings.max_heading_words).is_none(),
    })
}

/// The name a table row's first cell opens with ([`cell_label`]).
pub(crate) struct CellLabel {
    /// Its length.
    pub len: usize,
    /// Where the rest of the cell starts.
    pub end: usize,
    /// Whether it is short enough to be a name on its own; a longer one is where the other
    /// rows of its table have names.
    pub fits: bool,
}

/// Words no heading ends on: a conjunction or article leads into more ("2. Answering support
/// requests; and", a line wrapped at "… activities on the"). Not a preposition: "Companies We
/// Work With", "What We Use Your Data For"; not "a": "Appendix A".
const HEADING_NEVER_ENDS_ON: &[&str] = &["the", "an", "and", "or", "but", "nor", "including"];

/// Words a label does not end in: "… your account by:" leads into a list, it names nothing.
#[rustfmt::skip]
const LEAD_IN_ENDINGS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "with", "from",
    "for", "as", "into", "we", "such", "including",
];

/// Whether a paragraph stops mid-sentence (no final stop, colon or semicolon), and if so whether
/// on a word that leads into more, after more words than a button or a title line has: "…
/// Google Analytics information is linked, by the" (bold an archive split across paragraphs),
/// not "Sign in" or "Annex A". `None` if it ends a sentence.
pub(crate) fn open_ending(text: &str) -> Option<bool> {
    /// More words than "Sign in to your account" has.
    const SENTENCE_WORDS: usize = 6;
    let end = text.trim_end_matches(['"', '\'', ')', ']']);
    if end.is_empty() || end.ends_with(['.', '!', '?', ':', ';']) {
        return None;
    }
    let last = words(end).last().map(str::to_ascii_lowercase);
    Some(
        last.is_some_and(|w| LEAD_IN_ENDINGS.contains(&w.as_str()))
            && words(end).nth(SENTENCE_WORDS).is_some(),
    )
}

/// Whether a would-be label in plain text (or a Markdown list entry) reads as prose: it holds a pronoun or verb from
/// `label-stopwords` (outside Title Case, where "Us" is part of a name) or a negated verb
/// ("You cannot delete it."), or is a clause.
fn reads_as_prose(label: &str, settings: &OutlineSettings) -> bool {
    let title = is_title_case(label);
    words(label).any(|w| {
        let b = bare(w);
        let stopword = || {
            settings
                .label_stopwords
                .iter()
                .any(|s| s.eq_ignore_ascii_case(b))
        };
        (!title || b.chars().next().is_some_and(char::is_lowercase))
            && (stopword() || b.eq_ignore_ascii_case("cannot") || b.ends_with("n't"))
    }) || is_clause(label)
}

/// Whether a would-be label, even in bold, is a clause rather than a name: it has an auxiliary
/// verb ("We may disclose … with:") or ends in a word that leads into what follows ("… your
/// account by:").
pub(crate) fn is_clause(label: &str) -> bool {
    words(label).any(|w| AUXILIARIES.contains(&bare(w)))
        || words(label)
            .last()
            .is_some_and(|w| LEAD_IN_ENDINGS.contains(&w.trim_end_matches(',')))
}

/// Where a heading run into the paragraph it opens ends ("Information We Collect We collect …",
/// "Data retention We keep …" → the length of the heading), if the paragraph opens with one.
///
/// The sentence after a run-in heading opens with a sentence starter ("We", "If", "The") followed
/// by a lower-case word. The heading before it is Title Case, or sentence case without an
/// auxiliary verb (which would make it a clause: "We may use Personal Information …"), and does
/// not end in a small word or a comma. Failing that, a determiner before a name ("Highlights This
/// Privacy Policy explains …"), then a name the document opens sentences with, after a Title-Case
/// heading ("Data Security Twitch uses …"). Measured on real policies, any other capitalised
/// word ("Telegram stores …") marks a boundary too rarely to be worth its false alarms
/// ("Microsoft SQL Server is …").
fn run_in_heading_end(
    sentence: &str,
    settings: &OutlineSettings,
    names: &[String],
) -> Option<usize> {
    // (start, word) of the first words: a heading is at most `max_heading_words` long.
    let mut spans: Vec<(usize, &str)> = Vec::with_capacity(settings.max_heading_words + 2);
    let mut pos = 0;
    for w in sentence.split(' ').take(settings.max_heading_words + 2) {
        spans.push((pos, w));
        pos += w.len() + 1;
    }
    // A section number ("2.1") is part of the heading but not of its wording.
    let wording = usize::from(spans.first().is_some_and(|(_, w)| is_number(w)));
    if let Some(end) = caps_run_in_end(sentence, &spans, wording) {
        return Some(end);
    }
    if settings.numbered_headings
        && let Some(end) = numbered_run_in_end(sentence, &spans)
    {
        return Some(end);
    }
    [
        Boundary::Starter,
        Boundary::Determiner,
        Boundary::Name(names),
    ]
    .into_iter()
    .find_map(|boundary| sentence_run_in_end(sentence, &spans, wording, settings, boundary))
}

/// What opens the sentence a heading runs into.
#[derive(Clone, Copy)]
enum Boundary<'n> {
    /// A sentence starter before a lower-case word: "… We may share".
    Starter,
    /// A determiner before a name: "… This Privacy Policy explains".
    Determiner,
    /// A name the document opens sentences with, before a lower-case word: "… Twitch uses".
    Name(&'n [String]),
}

/// Determiners that open a sentence with a name: "This Privacy Policy explains …".
const DETERMINERS: &[&str] = &["The", "This", "These", "Our", "Your"];

/// Where a heading run into a sentence ends, the sentence opening as `boundary` says.
fn sentence_run_in_end(
    sentence: &str,
    spans: &[(usize, &str)],
    wording: usize,
    settings: &OutlineSettings,
    boundary: Boundary,
) -> Option<usize> {
    let lower = |w: &str| bare(w).chars().next().is_some_and(char::is_lowercase);
    for k in wording + 1..spans.len().saturating_sub(1) {
        let (start, word) = spans[k];
        let previous = spans[k - 1].1;
        if previous.ends_with(['.', ';', ':', '?', '!']) {
            // A clause ended: the run is prose, not a heading.
            return None;
        }
        let next = spans[k + 1].1;
        let word = bare(word);
        // Cheap tests first: this runs on the opening words of every paragraph.
        let opens_sentence = match boundary {
            Boundary::Starter => {
                lower(next)
                    && word.chars().next().is_some_and(char::is_uppercase)
                    && settings.sentence_starters.iter().any(|s| s == word)
            }
            // The name is followed by its verb within four words ("This Privacy Policy
            // explains").
            Boundary::Determiner => {
                is_capitalised(next)
                    && DETERMINERS.contains(&word)
                    && spans[k + 2..spans.len().min(k + 6)]
                        .iter()
                        .any(|(_, w)| lower(w) && !is_small_word(bare(w)))
            }
            Boundary::Name(names) => lower(next) && names.iter().any(|n| n == word),
        };
        if !opens_sentence {
            continue;
        }
        let head = sentence[..start].trim_end();
        // The heading without its number.
        let wording_text = sentence[spans[wording].0..start].trim_end();
        let Some(opening) = words(wording_text).next() else {
            continue;
        };
        let starts_sentence = || {
            let opening = bare(opening);
            settings.sentence_starters.iter().any(|s| s == opening)
        };
        // Sentence case may name things ("How GitHub uses your information") when it is words
        // only (no list or bullets: "For example, *", "Artists • User Data") and does not open
        // as a clause does ("If you live in Europe You …").
        let sentence_case = || {
            let rest = || words(wording_text).skip(1);
            rest().all(|w| !AUXILIARIES.contains(&bare(w)))
                && (rest().all(|w| !is_capitalised(w))
                    || (!wording_text.contains([',', '(', ';'])
                        && rest().all(|w| !bare(w).is_empty())
                        && !starts_sentence()))
        };
        // Before a name, a heading opened like a sentence is the sentence ("We share Your …",
        // "In some messages Apple uses …"); before the document's own names, only a Title-Case
        // heading of two words or more is one.
        let fits = match boundary {
            Boundary::Starter => is_title_case(wording_text) || sentence_case(),
            // "Processing Your Personal Data is …" is a sentence: a one-word heading before a
            // name is not a verb's -ing form.
            Boundary::Determiner => {
                !starts_sentence()
                    && (words(wording_text).nth(1).is_some() || !bare(opening).ends_with("ing"))
                    && (is_title_case(wording_text) || sentence_case())
            }
            Boundary::Name(_) => {
                !starts_sentence()
                    && is_title_case(wording_text)
                    && words(wording_text).nth(1).is_some()
            }
        };
        if !head.ends_with(',') && !is_small_word(bare(previous)) && opens_heading(opening) && fits
        {
            return Some(head.len());
        }
    }
    None
}

/// Where an ALL-CAPS heading run into its paragraph ends ("CHILDREN Our Services are …"): at
/// the first word with a lower-case letter, which must open a sentence. Short runs are
/// acronyms ("GDPR Article 6 …"), not headings.
fn caps_run_in_end(sentence: &str, spans: &[(usize, &str)], wording: usize) -> Option<usize> {
    let k = spans
        .iter()
        .skip(wording)
        .position(|(_, w)| w.chars().any(char::is_lowercase))?
        + wording;
    // The number of the next heading run in after this one is not part of it.
    let k = if k > wording + 1 && is_number(spans[k - 1].1) {
        k - 1
    } else {
        k
    };
    let (start, word) = *spans.get(k)?;
    let head = &sentence[spans.get(wording)?.0..start];
    let letters = head.chars().filter(|c| c.is_alphabetic()).count();
    let long_word = words(head).any(|w| bare(w).chars().count() >= 4);
    (k > wording
        && letters >= 6
        && long_word
        && k + 1 < spans.len()
        && (word.chars().next().is_some_and(char::is_uppercase) || is_number(word))
        && !head.trim_end().ends_with([',', ';', ':', '.']))
    .then(|| sentence[..start].trim_end().len())
}

/// Where a numbered heading run into the next one ends ("6. Bot Messages 6.1. Ecosystem …",
/// "3. Data We Collect 3.1 Account Data …"): at the next section number of the same section
/// (parts of one or two digits, none zero: "Version 2.0" and "1.5 Million" are no numbers of
/// sections), before a capital, the wording before it being Title Case.
fn numbered_run_in_end(sentence: &str, spans: &[(usize, &str)]) -> Option<usize> {
    let first = spans.first().filter(|(_, w)| is_number(w))?.1;
    let section = first.split('.').next()?;
    let is_part = |p: &&str| (1..=2).contains(&p.len()) && !p.starts_with('0');
    let k = (2..spans.len().saturating_sub(1)).find(|&k| {
        let w = spans[k].1;
        let parts: Vec<&str> = w.trim_end_matches('.').split('.').collect();
        is_number(w)
            && parts.len() >= 2
            && parts[0] == section
            && parts.iter().all(is_part)
            && is_capitalised(spans[k + 1].1)
    })?;
    let wording = sentence[spans[1].0..spans[k].0].trim_end();
    (is_title_case(wording) && !wording.ends_with(',')).then_some(wording.len() + spans[1].0)
}

/// "2", "2.1", "1." — the number of a section.
fn is_number(word: &str) -> bool {
    let digits = word.trim_end_matches('.');
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

fn is_small_word(word: &str) -> bool {
    SMALL_WORDS.iter().any(|s| s.eq_ignore_ascii_case(word))
}

/// A heading opens with a capital, a digit or a quote.
fn opens_heading(head: &str) -> bool {
    head.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '"')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::BlockKind;

    fn parse(text: &str) -> Vec<(String, String)> {
        blocks(text, &OutlineSettings::default())
            .into_iter()
            .map(|b| {
                let kind = match (&b.kind, &b.label) {
                    (BlockKind::Heading { .. }, _) => "H".to_string(),
                    (_, Some(l)) => format!("L:{}", &b.text.text[l.clone()]),
                    _ => "P".to_string(),
                };
                (kind, b.text.text[b.body_start..].trim().to_string())
            })
            .collect()
    }

    #[test]
    fn a_bulleted_line_named_before_a_colon_is_an_item() {
        let got = parse(
            "Data\n\n- Account Data: Your name.\n- Device Data: Identifiers.\n\
             - Contact Info \u{2014} Your phone number.\n",
        );
        assert_eq!(got[1], ("L:Account Data".into(), "Your name.".into()));
        assert_eq!(got[2], ("L:Device Data".into(), "Identifiers.".into()));
        // Named before a dash, it is no heading run into its text.
        assert_eq!(
            got[3],
            ("L:Contact Info".into(), "Your phone number.".into())
        );
        // A paragraph is not a list's entry: "Note: …" is a sentence.
        let got = parse("Data\n\nNote: We collect your name.\n");
        assert_eq!(got[1], ("P".into(), "Note: We collect your name.".into()));
    }

    #[test]
    fn finds_a_question_heading_inside_running_text() {
        let got = parse("Intro text here. What Data Do We Collect? We collect things.");
        assert_eq!(got[1], ("H".into(), "What Data Do We Collect?".into()));
        assert_eq!(got[2], ("P".into(), "We collect things.".into()));
    }

    #[test]
    fn label_sentences_open_items() {
        let got = parse(
            "Heading Line\nHere are the kinds:\nAdvertising. We show ads. Fraud Prevention. We stop fraud.",
        );
        assert_eq!(got[0].0, "H");
        assert_eq!(got[1], ("P".into(), "Here are the kinds:".into()));
        assert_eq!(got[2], ("L:Advertising".into(), "We show ads.".into()));
        assert_eq!(
            got[3],
            ("L:Fraud Prevention".into(), "We stop fraud.".into())
        );
        // A short sentence after a label is its body, not a label of its own: a `.txt` reads
        // as the same text in Markdown with the label in bold does.
        let got = parse("Account. Your email address. We keep it.\n\nProfile. Your photo.");
        assert_eq!(
            got,
            [
                ("L:Account".into(), "Your email address. We keep it.".into()),
                ("L:Profile".into(), "Your photo.".into())
            ]
        );
    }

    #[test]
    fn prose_short_sentences_are_not_labels() {
        let got = parse("We collect data. Click here. This is short. We are done.");
        assert!(got.iter().all(|(k, _)| k == "P"), "{got:?}");
        // A negated auxiliary makes a clause too.
        for short in ["You cannot delete it.", "Data isn't sold."] {
            let got = parse(&format!("Privacy. {short} We are done."));
            assert_eq!(got.len(), 1, "{got:?}");
        }
    }

    #[test]
    fn numbered_and_all_caps_lines_are_headings() {
        let s = OutlineSettings::default();
        assert_eq!(
            heading_line_level("2.3 Cookies and Similar Technologies", &s),
            Some(2)
        );
        assert_eq!(heading_line_level("1. Scope", &s), Some(1));
        assert_eq!(heading_line_level("Section 4: Sharing", &s), Some(1));
        assert_eq!(
            heading_line_level("YOUR CALIFORNIA PRIVACY RIGHTS", &s),
            Some(1)
        );
        assert_eq!(heading_line_level("We collect your data.", &s), None);
        // A list entry leading into the next, a line wrapped mid-sentence; a heading that ends
        // on "In" is one.
        for line in [
            "2.  Answering support requests; and",
            "4. Communicating with you about your account, activities on the",
            "Information We Share With Partners and",
        ] {
            assert_eq!(heading_line_level(line, &s), None, "{line}");
        }
        // Headings that end on a preposition or a letter are headings.
        for heading in [
            "5. How to Opt In",
            "1. Companies We Work With",
            "2. What We Use Your Data For",
            "3. Where Your Data Comes From",
            "Appendix A",
        ] {
            assert!(heading_line_level(heading, &s).is_some(), "{heading}");
        }
    }

    #[test]
    fn navigation_copied_with_the_page_is_neither_a_heading_nor_joined_to_one() {
        let got = parse(
            "Turn on your watch history to get better\nvideo suggestions.\nGo to Activity Controls\nAd settings\nManage the ads shown to\nyou on sites.\nBack to top\nLearn more](https://example.com/ads)\n",
        );
        assert_eq!(
            got,
            [
                (
                    "P".into(),
                    "Turn on your watch history to get better video suggestions.".into()
                ),
                ("P".into(), "Go to Activity Controls".into()),
                ("H".into(), "Ad settings".into()),
                ("P".into(), "Manage the ads shown to you on sites.".into()),
                ("P".into(), "Back to top".into()),
                ("P".into(), "Learn more](https://example.com/ads)".into()),
            ]
        );
        // Indented, it is still a button; going on in the next line, it is a sentence.
        let got = parse(
            "Intro line one.\n  Go to Activity Controls\nAd settings\nGo to Settings, Privacy,\nAccount Data and choose Delete.\n",
        );
        assert_eq!(
            got,
            [
                ("P".into(), "Intro line one.".into()),
                ("P".into(), "Go to Activity Controls".into()),
                ("H".into(), "Ad settings".into()),
                (
                    "P".into(),
                    "Go to Settings, Privacy, Account Data and choose Delete.".into()
                ),
            ]
        );
        let s = OutlineSettings::default();
        assert_eq!(heading_line_level("Download Your Data", &s), None);
        assert_eq!(heading_line_level("Downloads and Updates", &s), Some(1));
        let none = OutlineSettings {
            navigation_phrases: Vec::new(),
            ..s
        };
        assert_eq!(heading_line_level("Download Your Data", &none), Some(1));
    }

    #[test]
    fn lines_that_are_data_are_not_headings() {
        let s = OutlineSettings::default();
        for line in [
            "12",
            "Last Updated: October 30, 2020",
            "Apple Inc. One Apple Park Way, Cupertino, California, USA, 95014",
            "6.3 Data Erasure.",
            "Cookies. We use cookies",
        ] {
            assert_eq!(heading_line_level(line, &s), None, "{line}");
        }
        assert_eq!(heading_line_level("1. INTRODUCTION.", &s), Some(1));
    }

    #[test]
    fn list_entries_and_table_rows_are_not_headings() {
        let got = parse(
            "Intro line that is long enough to be prose.\n- Name and contact data\n- Device data\nPurpose\tLegal basis\n",
        );
        assert!(got.iter().all(|(k, _)| k == "P"), "{got:?}");
    }

    #[test]
    fn a_file_of_long_lines_is_not_hard_wrapped() {
        let long = "We collect the data you give us when you create an account, buy a product or \
                    contact support, and we keep it for as long as you have an account with us";
        let got = parse(&format!("{long}\n{long}\n"));
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn sentence_case_run_in_headings_are_split_from_their_paragraph() {
        let got = parse("Data retention We keep your data for a year. More text.");
        assert_eq!(got[0], ("H".into(), "Data retention".into()));
        let got = parse("2.1 How we use your data We use it to run the service.");
        assert_eq!(got[0], ("H".into(), "2.1 How we use your data".into()));
        // Sentence case names things.
        let got = parse("How GitHub uses your information We may use it to run GitHub.");
        assert_eq!(
            got[0],
            ("H".into(), "How GitHub uses your information".into())
        );
        // A sentence may open with a name.
        let got = parse("Highlights This Privacy Policy explains what we collect.");
        assert_eq!(got[0], ("H".into(), "Highlights".into()));
        for prose in [
            "Processing Your Personal Data is based on your consent. We rely on it.",
            "We share Your Information with partners.",
            "Sharing Your Information With Third Parties Apple may share data.",
        ] {
            let got = parse(prose);
            assert!(got.iter().all(|(k, _)| k == "P"), "{got:?}");
        }
        // A clause is not a heading, however it is capitalised, nor is a run of table cells.
        for prose in [
            "We may use Personal Information to run the service.",
            "If you live in Europe You have more rights.",
            "When the advertising ID is reset, we start again.",
            "Artists and record labels \u{2022} User Data We share your data.",
            "Payment partners, Merchants We share your data.",
        ] {
            let got = parse(prose);
            assert!(got.iter().all(|(k, _)| k == "P"), "{got:?}");
        }
    }

    #[test]
    fn a_name_the_document_opens_sentences_with_ends_a_run_in_heading() {
        let text = "We run a service. Twitch uses data to run it. Twitch keeps logs for a year. \
                    Twitch deletes them later.\n\
                    Data Security Twitch uses measures to protect data.\n\
                    In some messages Twitch uses links.\n";
        let got = parse(text);
        assert_eq!(got[1], ("H".into(), "Data Security".into()));
        assert_eq!(
            got[2],
            ("P".into(), "Twitch uses measures to protect data.".into())
        );
        assert_eq!(
            got[3],
            ("P".into(), "In some messages Twitch uses links.".into())
        );
        // Sentences one a line count too.
        let text = "We run it.\nTwitch uses data.\nTwitch keeps logs.\nTwitch deletes them.\n\
                    Data Security Twitch uses measures.\n";
        assert_eq!(parse(text)[4], ("H".into(), "Data Security".into()));
        // A name also written in lower case is a word ("Personal information is …").
        let text = "A. Personal information is kept. Personal data is kept. Personal data goes. \
                    We keep personal data.\nData Protection Personal data is safe.\n";
        assert!(parse(text).iter().all(|(k, _)| k == "P"));
        // A word of its own between punctuation counts; part of a longer word does not.
        let text = "A. Personal information is kept. Personal data is kept. Personal data goes. \
                    We keep (personal) data.\nData Protection Personal data is safe.\n";
        assert!(parse(text).iter().all(|(k, _)| k == "P"));
        let text = "We run it. Twitch uses data. Twitch keeps logs. Twitch deletes them. See \
                    twitch.tv or twitches.\nData Security Twitch uses measures.\n";
        assert_eq!(parse(text)[1], ("H".into(), "Data Security".into()));
    }

    #[test]
    fn numbered_headings_run_one_into_the_next_are_split_at_the_next_number() {
        let blocks = blocks(
            "6. Bot Messages 6.1. Ecosystem Telegram users talk to bots.\n3. Data We Collect 3.1 Account Data When you sign up, we ask.\n1. We collected 1.5 million records. 2. Scope Of This Policy 2.1, as amended.\n2. Updates to Policy Version 2.0 We changed the retention period.\n",
            &OutlineSettings::default(),
        );
        let headings: Vec<(u8, &str)> = blocks
            .iter()
            .filter_map(|b| match b.kind {
                BlockKind::Heading { level } => Some((level, b.text.text.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(
            headings,
            [
                (1, "6. Bot Messages"),
                (1, "3. Data We Collect"),
                (2, "3.1 Account Data"),
                (1, "2. Updates to Policy Version 2.0")
            ]
        );
    }

    #[test]
    fn all_caps_and_numbered_run_in_headings_are_split() {
        let got = parse("CHILDREN Our Services are for users aged 13 and over.");
        assert_eq!(got[0], ("H".into(), "CHILDREN".into()));
        let got = parse("3. How we use Personal Data We may use it for these purposes:");
        assert_eq!(got[0], ("H".into(), "3. How we use Personal Data".into()));
        let got = parse("GDPR Article 6 lets us process data. More text.");
        assert!(got.iter().all(|(k, _)| k == "P"), "{got:?}");
        // Two headings run in, the second numbered: the number opens the second.
        let got = parse(
            "2. PERSONAL INFORMATION WE COLLECT 2.1 Information Needed to Use the Platform We ask for your name.",
        );
        assert_eq!(
            got[0],
            ("H".into(), "2. PERSONAL INFORMATION WE COLLECT".into())
        );
        assert_eq!(
            got[1],
            (
                "H".into(),
                "2.1 Information Needed to Use the Platform".into()
            )
        );
    }

    #[test]
    fn a_question_that_opens_a_paragraph_is_a_heading() {
        let got = parse("What information do we collect? We collect your name.");
        assert_eq!(
            got[0],
            ("H".into(), "What information do we collect?".into())
        );
        let got = parse("We answer. Why does it matter? Because it does.");
        assert!(got.iter().all(|(k, _)| k == "P"), "{got:?}");
    }

    /// A rule carries no text; one of "=" or "-" drawn unbroken under a line makes it a heading
    /// (a sentence-case one too).
    #[test]
    fn rules_carry_no_text_and_underline_headings() {
        let got = parse(
            "Privacy notice for our shop\n===========================\n\nWe respect your privacy.\n\n\
             * * *\n\nWhat we share\n-------------\n\nWe do not sell your data.\n__________\n\n\
             We keep it for a year.\n- - - - -\n",
        );
        assert_eq!(
            got,
            [
                ("H".into(), "Privacy notice for our shop".into()),
                ("P".into(), "We respect your privacy.".into()),
                ("H".into(), "What we share".into()),
                ("P".into(), "We do not sell your data.".into()),
                ("P".into(), "We keep it for a year.".into()),
            ]
        );
        // Indented as its line is, an underline; under a sentence, a rule.
        assert_eq!(
            parse("   Privacy Policy\n   --------------\n\n   We collect it.\n")[0].0,
            "H"
        );
        let sentence =
            parse("We collect your email.\n----------------------\nSharing\n\nWe share nothing.\n");
        assert_eq!(sentence[0], ("P".into(), "We collect your email.".into()));
        let level = |text: &str| match &blocks(text, &OutlineSettings::default())[0].kind {
            BlockKind::Heading { level } => *level,
            _ => 0,
        };
        assert_eq!((level("Title\n=====\n"), level("Title\n-----\n")), (1, 2));
        // pandoc's tables: bordered, their column names ruled; a row is no heading.
        let table = "We keep these addresses.\n\n  Our Head Office      Our EU Office\n  \
                     -------------------- -------------\n  Privacy Officer      GitHub BV\n  \
                     Main Street          Amsterdam\n\n  --------------- -------\n  To Limit Sharing  \
                     Call Us\n  --------------- -------\n";
        let got = parse(table);
        assert!(got.iter().all(|(kind, _)| kind == "P"), "{got:?}");
        assert_eq!(got.len(), 3, "{got:?}");
    }

    /// Headings listed, then said again with their sections, are a table of contents: left
    /// out, as a Markdown one of links is. Two empty headings said again with text are not.
    #[test]
    fn a_table_of_contents_of_heading_lines_is_left_out() {
        let toc = "Privacy Policy\n\nTable of Contents\n\n1.  Introduction\n2.  Information We \
                   Collect\n3.  Contact Us\n\n1. Introduction\n\nWe respect your privacy.\n\n\
                   2. Information We Collect\n\nWe collect your email.\n\n3. Contact Us\n\n\
                   Write to us.\n";
        let headings: Vec<String> = (parse(toc).into_iter())
            .filter(|(kind, _)| kind == "H")
            .map(|(_, text)| text)
            .collect();
        assert_eq!(
            headings,
            [
                "Privacy Policy",
                "Table of Contents",
                "1. Introduction",
                "2. Information We Collect",
                "3. Contact Us"
            ]
        );
        let copied = "PART ONE\n\nOVERVIEW\n\nWe sell nothing.\n\nPART ONE\n\nOVERVIEW\n\nWe sell nothing.\n";
        assert_eq!(parse(copied).len(), 6);
        // Headings said again one after another are a structure repeated, not sections named.
        let repeated = "CALIFORNIA\n\nYour Rights\n\nRight to Know\n\nCategories\n\nWe collect names.\n\n\
                        VIRGINIA\n\nYour Rights\n\nRight to Know\n\nCategories\n\nWe collect emails.\n";
        assert_eq!(parse(repeated).len(), 10);
    }

    /// Cloudflare's contact addresses, one line each: no headings, each one paragraph.
    #[test]
    fn an_address_is_one_paragraph_and_no_heading() {
        let text = "17. CONTACT INFORMATION\n\nWrite to us at one of the addresses below.\n\n\
                    Cloudflare, Ltd.\nCounty Hall/The Riverside Building\nBelvedere Road\n\
                    London, SE1 7PB\nAttention: Data Protection Officer\ndpo@cloudflare.com\n\n\
                    Cloudflare Germany GmbH\nRosental 7\n80331 München\n";
        let got = parse(text);
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[0].0, "H");
        assert!(got[1..].iter().all(|(kind, _)| kind == "P"), "{got:?}");
        assert!(
            got[2].1.starts_with("Cloudflare, Ltd. County Hall"),
            "{got:?}"
        );
        assert!(got[2].1.ends_with("dpo@cloudflare.com"), "{got:?}");
        // A heading in capitals over an address, a title block of dates, sentences with
        // numbers: none an address.
        let over = parse("CONTACT US\nAcme Inc.\n123 Main Street\nSpringfield, IL 62701\n");
        assert_eq!(over[0], ("H".into(), "CONTACT US".into()));
        let title = parse("ACME PRIVACY POLICY\nEffective date: January 1, 2024\nVersion 3.2\n");
        assert_eq!(title[0].0, "H", "{title:?}");
        let kept =
            parse("Data Retention\nWe keep logs for 30 days.\nWe keep backups for 90 days.\n");
        assert_eq!(kept[0], ("H".into(), "Data Retention".into()));
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let got = parse("We collect your name and\nyour address when you\norder.\n");
        assert_eq!(
            got,
            [(
                "P".into(),
                "We collect your name and your address when you order.".into()
            )]
        );
    }

    #[test]
    fn headings_next_to_wrapped_lines_stay_headings() {
        let kinds = |text: &str| -> Vec<(String, String)> {
            parse(text)
                .into_iter()
                .map(|(k, t)| (k, t.chars().take(30).collect()))
                .collect()
        };
        // A heading wider than the paragraph re-wrapped under it, among long lines.
        let long = "We collect the information you give us when you create an account, such as your name, your email address and your phone.";
        let mixed = format!(
            "{long}\nAdditional Information for California and Other US State Users\nSome laws, including the California Consumer Privacy Act,\nrequire us to provide residents of some states with more\ninformation and rights, which this section sets out for them.\n{long}\n"
        );
        assert_eq!(
            kinds(&mixed),
            [
                ("P".into(), "We collect the information you".into()),
                ("H".into(), "Additional Information for Cal".into()),
                ("P".into(), "Some laws, including the Calif".into()),
                ("P".into(), "We collect the information you".into()),
            ]
        );
        // A heading that fills the line before another heading, with no blank line between.
        let hard = "Information We Share\nWe share information with the partners that help us run the service and\nwith the people you choose to share it with, as this section describes.\nAdvertisers and Audience Network publishers (if we show you ads)\nAdvertisers\nWe provide advertisers with reports about the number and kinds of people\nwho see and engage with their ads.\n";
        let headings: Vec<String> = (kinds(hard).into_iter())
            .filter(|(k, _)| k == "H")
            .map(|(_, t)| t)
            .collect();
        assert_eq!(
            headings,
            [
                "Information We Share",
                "Advertisers and Audience Netwo",
                "Advertisers"
            ]
        );
    }

    /// A web page's list copied from a browser loses its bullets: after a lead-in ("… we
    /// collect:") a paragraph named before a colon is an item, and so is each one after it. A
    /// lone one elsewhere is prose.
    #[test]
    fn paragraphs_named_before_a_colon_after_a_lead_in_are_items() {
        let got = parse(
            "What We Collect\n\nHere are the types of information we collect:\n\n\
             Information You Give Us: We receive what you give.\n\n\
             Automatic Information: We collect clicks.\n",
        );
        assert_eq!(
            got,
            [
                ("H".into(), "What We Collect".into()),
                (
                    "P".into(),
                    "Here are the types of information we collect:".into()
                ),
                (
                    "L:Information You Give Us".into(),
                    "We receive what you give.".into()
                ),
                (
                    "L:Automatic Information".into(),
                    "We collect clicks.".into()
                ),
            ]
        );
        let lone = parse("What We Collect\n\nWe collect little.\n\nIn Short: We keep it.\n");
        assert_eq!(lone[2].0, "P", "{lone:?}");
        // A paragraph a page broke mid-sentence is no entry.
        let broken = parse(
            "Controls\n\nYou can manage, including:\n\n\
             Signed-out search personalization: Choose whether your search activity is used to offer you\n\n\
             more relevant results.\n",
        );
        assert_eq!(broken[2].0, "P", "{broken:?}");
    }

    /// The kinds of a parse, in order ("H" heading, "P" paragraph, "L:…" labelled), of a page
    /// copied from a browser: its paragraphs each on one long line (this one is added last).
    fn kinds(text: &str) -> Vec<String> {
        let page = format!(
            "{text}\nWe keep to this policy in every country where we offer our services, and we \
             tell you before we change it in a way that matters to you.\n"
        );
        let mut kinds: Vec<String> = parse(&page).into_iter().map(|(kind, _)| kind).collect();
        assert_eq!(kinds.pop().as_deref(), Some("P"));
        kinds
    }

    /// A browser copies a list's entries one right under another, and a paragraph with a blank
    /// line under it (Meta's "Information about your network and connection includes:"). A
    /// line that ends a list may be a heading copied right under it: it stays one.
    #[test]
    fn lines_one_under_another_copied_from_a_list_are_entries_not_headings() {
        let after_lead_in = "Device Information\n\n\
             Information about your network and connection includes:\n\n\
             The name of your mobile operator or internet service provider (ISP)\n\
             Language\n\
             Time zone\n\
             Mobile phone number\n\
             IP address\n\n\
             We use it to keep you connected.\n";
        assert_eq!(
            kinds(after_lead_in),
            ["H", "P", "P", "P", "P", "P", "H", "P"]
        );
        // Heading lines alone after a lead-in are a list where three or more stand together;
        // two are as likely a heading and its subheading.
        let three = "Principles\n\nWe have three principles:\n\n\
                     No Ads Based on Chats\nOnly What We Need\nNo Sale of Data\n\nWe keep to them.\n";
        assert_eq!(kinds(three), ["H", "P", "P", "P", "H", "P"]);
        let two = "Controls\n\nYour account holds it:\n\nPrivacy controls\nActivity Controls\n\n\
                   Decide what you save.\n";
        assert_eq!(kinds(two), ["H", "P", "H", "H", "P"]);
        // A heading right above its list, with no lead-in (Amazon's "Related Practices and
        // Information"), stays one; so do heading lines right under a list, a heading and
        // its subheading.
        let edges = "Related Practices and Information\n\
             Conditions of Use\n\
             Seller Program Policies\n\
             Help Department\n\
             Seller terms, in more words than a heading has, for every seller we work with\n\n\
             We use your data to:\n\n\
             Send you technical notices, updates and security alerts.\n\
             Monitor and analyze trends and usage of our services.\n\
             How We Share Your Information\n\
             Service Providers\n\n\
             We engage service providers that help us.\n";
        assert_eq!(
            kinds(edges),
            ["H", "P", "P", "P", "P", "P", "P", "P", "H", "H", "P"]
        );
        // Heading lines between entries are entries; a numbered line is a heading anywhere.
        let among = "Usage\n\nWe collect:\n\n\
             Metadata about content\n\
             Hashtags you use\n\
             The time, frequency and duration of your activities on our Products\n\
             Location-related information\n\
             Device signals\n\
             Information about the network you connect your device to\n\
             2. Sharing\n\n\
             We share little.\n";
        assert_eq!(
            kinds(among),
            ["H", "P", "P", "P", "P", "P", "P", "P", "H", "P"]
        );
        // A heading with its text under it is no entry, nor are headings stacked over their
        // text; a file of one paragraph a line without blank lines has every line under
        // another: its lines are read by their shape alone.
        let sections = "Our Policy\n\nWe wrote this for you.\n\n\
             Data Retention\nWe keep your account data for 30 days.\n\
             Data Security\nWe encrypt your data.\n\
             Your Rights\nYou may ask us for a copy of your data.\n";
        assert_eq!(kinds(sections), ["H", "P", "H", "P", "H", "P", "H", "P"]);
        let stacked = "Privacy Policy\nIntroduction\nWho We Are\n\nWe care.\n";
        assert_eq!(kinds(stacked), ["H", "H", "H", "P"]);
        let word_processor = "Privacy Policy\nWe care about your privacy.\n\
             What We Collect\nWe collect your name.\nHow We Use It\nWe use it to help.";
        assert_eq!(kinds(word_processor), ["H", "P", "H", "P", "H", "P"]);
    }

    /// As pandoc's plain text writes Airbnb's bold numbered titles ("**2.1 Information needed
    /// to use the Airbnb Platform**.") and a numbered list's named entries.
    #[test]
    fn numbered_titles_and_numbered_list_entries_open_items() {
        let text = "2. PERSONAL INFORMATION WE COLLECT\n\n\
                    2.1 Information needed to use the Platform.\n\n\
                    We collect data about you.\n\n\
                    2.2 Information you give us.\n\n\
                    You can give us more.\n\n\
                    3. HOW WE USE IT\n\n\
                    3.1 Provide, Improve, and Develop the Platform. We use data to run it.\n\n\
                    1.  Account Creation. We collect your email address.\n\
                    2.  Advertisements: You may see ads.\n\n\
                    We use it to:\n\n\
                    1. Detect fraud.\n\
                    2. Provide customer service.\n\n\
                    4.1 Cookies.\n\n\
                    3.2 We may share your data.\n";
        let label = |l: &str, body: &str| (format!("L:{l}"), body.to_string());
        let para = |body: &str| ("P".to_string(), body.to_string());
        let heading = |h: &str| ("H".to_string(), h.to_string());
        assert_eq!(
            parse(text),
            [
                heading("2. PERSONAL INFORMATION WE COLLECT"),
                label("2.1 Information needed to use the Platform", ""),
                para("We collect data about you."),
                label("2.2 Information you give us", ""),
                para("You can give us more."),
                heading("3. HOW WE USE IT"),
                label(
                    "3.1 Provide, Improve, and Develop the Platform",
                    "We use data to run it."
                ),
                label("Account Creation", "We collect your email address."),
                label("Advertisements", "You may see ads."),
                para("We use it to:"),
                // Named entries of a list, as bulleted ones are ("- Detect fraud."); another
                // section's number; a clause.
                label("Detect fraud", ""),
                label("Provide customer service", ""),
                para("4.1 Cookies."),
                para("3.2 We may share your data."),
            ]
        );
        // Outside a list, an entry of a sentence is text; within one, each entry is its own, with
        // its text, not the text of the one before (a list mixing entries of one sentence and
        // of more).
        assert_eq!(
            parse("Scope\n\n1. Detect fraud.\n"),
            [heading("Scope"), para("1. Detect fraud.")]
        );
        assert_eq!(
            parse(
                "We use your data to:\n\n1. Detect fraud. We check every login.\n\
                 2. Improve the service.\n3. Send you marketing. You can opt out.\n"
            ),
            [
                para("We use your data to:"),
                label("Detect fraud", "We check every login."),
                label("Improve the service", ""),
                label("Send you marketing", "You can opt out."),
            ]
        );
        // Not an address in a network, nor a title cut short.
        for text in [
            "192.168.1.1 Private Addresses. They are not routed.",
            "2.1.3 Surveys &. More.",
            "2.1.3.1 GPS &. Other Location Technologies",
        ] {
            assert!(parse(text).iter().all(|(k, _)| k == "P"), "{text}");
        }
        // In capitals, a numbered title run into its text is a heading (Airbnb's "2. HOW WE
        // USE INFORMATION WE COLLECT. We use …").
        assert_eq!(
            parse("2. HOW WE USE INFORMATION WE COLLECT. We use it as outlined here.\n"),
            [
                heading("2. HOW WE USE INFORMATION WE COLLECT."),
                para("We use it as outlined here."),
            ]
        );
    }

    /// Word's lists copied as text put a tab after the bullet or number: the same list, the
    /// same heading, as with a space. A tab elsewhere parts table cells.
    #[test]
    fn a_tab_after_a_list_marker_is_its_space() {
        let with = |gap: &str| {
            parse(&format!(
                "What we collect\n\nHere is what we collect:\n\n\
                 •{gap}Information You Give Us: We receive what you give.\n\
                 •{gap}Automatic Information: We collect clicks.\n\n\
                 1.{gap}How we use it\n\nWe use it to serve you.\n"
            ))
        };
        assert_eq!(with("\t"), with(" "));
        assert_eq!(with("\t")[2].0, "L:Information You Give Us");
        assert_eq!(with("\t")[4], ("H".into(), "1. How we use it".into()));
    }

    #[test]
    fn run_in_headings_are_split_from_their_paragraph() {
        let got = parse("Information We Collect We collect your name. More text.");
        assert_eq!(got[0], ("H".into(), "Information We Collect".into()));
        assert_eq!(
            got[1],
            ("P".into(), "We collect your name. More text.".into())
        );
    }
}
