//! What a document's lists tell about its blocks, in Markdown and HTML alike. Tables of
//! contents, "skip to content" and "back to top" links are navigation a reader clicks, not policy
//! text: left out. A plain label on one entry of a list of one-sentence entries is the entry's
//! first sentence, not an item's name; a sentence shaped as a label among entries opening with
//! labels is one.

use std::collections::{HashMap, HashSet};

use super::block_builder::Finished;
use super::normalize::normalize;
use super::sentences;
use super::text::heading_line_level;
use super::{Block, BlockKind, OutlineSettings};

/// A finished block, and the list it is an entry of (a number per list of the document).
pub(crate) struct ListedBlock {
    pub done: Finished,
    pub list: Option<usize>,
}

/// Settles the plain labels of list entries by their list. A lone plain label among entries of
/// one sentence each is the entry's first sentence: "* Third parties that deliver experiences
/// through Microsoft products. Publicly-available sources, …" (two entries an archive ran
/// together) names no item. Among entries of several sentences each, it does ("* Opt out of
/// targeted advertising. Some of …" beside "* Object to us processing your information. You
/// …"). And where most entries of a list (two or more) open with a label, an entry whose first
/// sentence is shaped as one but reads as prose ("* Control who can contact you. Snapchat is
/// …" beside "* Delete your information. If you …") opens its own item, not the one before; so
/// does a row of a table whose other rows are named, by a first cell too long to be a name
/// elsewhere.
pub(crate) fn settle_list_labels(blocks: &mut [ListedBlock]) {
    if !blocks
        .iter()
        .any(|b| b.done.plain_label || b.done.prose_label.is_some())
    {
        return;
    }
    #[derive(Default)]
    struct List {
        entries: usize,
        several_sentences: usize,
        labelled: usize,
        last_plain_label: Option<usize>,
        prose_labels: Vec<usize>,
    }
    // By list, and by table: a table's rows are its entries.
    let mut lists: HashMap<(bool, usize), List> = HashMap::new();
    for (i, b) in blocks.iter().enumerate() {
        let group = match (b.done.table, b.list) {
            (Some(table), _) => (true, table),
            (None, Some(list)) => (false, list),
            (None, None) => continue,
        };
        let l = lists.entry(group).or_default();
        l.entries += 1;
        let text = &b.done.block.text.text;
        if b.done.block.label.is_some()
            || sentences::first(text).is_some_and(|f| f.end < text.len())
        {
            l.several_sentences += 1;
        }
        l.labelled += usize::from(b.done.block.label.is_some());
        if b.done.plain_label {
            l.last_plain_label = Some(i);
        }
        if b.done.prose_label.is_some() {
            l.prose_labels.push(i);
        }
    }
    for l in lists.into_values() {
        if let Some(i) = l
            .last_plain_label
            .filter(|_| l.entries > 1 && l.several_sentences == 1)
        {
            let block = &mut blocks[i].done.block;
            block.label = None;
            block.body_start = 0;
        } else if l.labelled >= 2 && 2 * l.labelled >= l.entries {
            for i in l.prose_labels {
                if let Some((label, body_start)) = blocks[i].done.prose_label.clone() {
                    let block = &mut blocks[i].done.block;
                    block.label = Some(label);
                    block.body_start = body_start;
                }
            }
        }
    }
}

/// A run of blocks that may be navigation: the consecutive entries of one list that are each one
/// link (a table of contents and the numbered sections after it can be one Markdown list), or
/// consecutive paragraphs outside lists that are each one link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Group {
    ListLinks { list: usize, run: usize },
    Links(usize),
}

/// The fewest entries of a run of links within a list that has other entries for the run to be
/// read as a table of contents (one or two links among a list's entries are its content).
const LINKS_IN_A_LIST: usize = 3;

/// Leaves out tables of contents: a list, or a run of paragraphs, whose entries are each one link
/// and mostly to a heading of this document or to an in-page anchor (a full URL with a
/// `#fragment` included) — navigation, not content.
pub(crate) fn drop_tables_of_contents(blocks: Vec<ListedBlock>) -> Vec<Block> {
    // Without a block that is one link there is no navigation (and no heading keys to make:
    // a twentieth of reading a policy of 20,000 short sections).
    if blocks.iter().all(|b| b.done.only_link.is_none()) {
        return blocks.into_iter().map(|b| b.done.block).collect();
    }
    let headings: HashSet<String> = blocks
        .iter()
        .filter(|b| matches!(b.done.block.kind, BlockKind::Heading { .. }))
        .map(|b| key(&b.done.block.text.text))
        .collect();
    let mut groups: Vec<Option<Group>> = Vec::with_capacity(blocks.len());
    // Lists with an entry that is not one link.
    let mut mixed: HashSet<usize> = HashSet::new();
    let mut runs = 0;
    for b in &blocks {
        let link = b.done.only_link.is_some()
            && (b.list.is_some() || b.done.block.kind == BlockKind::Paragraph);
        let group = match (b.list, link) {
            (Some(list), true) => {
                if !matches!(groups.last(), Some(Some(Group::ListLinks { list: l, .. })) if *l == list)
                {
                    runs += 1;
                }
                Some(Group::ListLinks { list, run: runs })
            }
            (Some(list), false) => {
                mixed.insert(list);
                None
            }
            (None, true) => {
                if !matches!(groups.last(), Some(Some(Group::Links(_)))) {
                    runs += 1;
                }
                Some(Group::Links(runs))
            }
            (None, false) => None,
        };
        groups.push(group);
    }
    // Per group: entries, entries that are one link, links to a heading or anchor.
    let mut counts: HashMap<Group, (usize, usize, usize)> = HashMap::new();
    for (b, group) in blocks.iter().zip(&groups) {
        let Some(group) = group else { continue };
        let c = counts.entry(*group).or_default();
        c.0 += 1;
        if let Some(href) = &b.done.only_link {
            c.1 += 1;
            if href.contains('#') || headings.contains(&key(&b.done.block.text.text)) {
                c.2 += 1;
            }
        }
    }
    let navigation = |group: Group| {
        let few = |list: usize| mixed.contains(&list) && counts[&group].0 < LINKS_IN_A_LIST;
        let (entries, links, to_headings) = counts[&group];
        links == entries
            && to_headings * 2 >= entries
            && !matches!(group, Group::ListLinks { list, .. } if few(list))
    };
    blocks
        .into_iter()
        .zip(groups)
        .filter(|(_, group)| !group.is_some_and(navigation))
        .map(|(b, _)| b.done.block)
        .collect()
}

/// Leaves out a plain-text table of contents: two or more headings with nothing between them,
/// each said again later as a heading, in the same order ("1.  Introduction", "2.  Information
/// We Collect" listed, then the sections they name). Its entries are navigation, as a Markdown
/// or HTML table of contents of links is. The run of headings it stands in may open with the
/// document's title and a "Table of Contents" heading, and end with the first section it names.
pub(crate) fn drop_heading_contents(blocks: Vec<Block>) -> Vec<Block> {
    /// Headings of a run that may come before its entries.
    const BEFORE_ENTRIES: usize = 4;
    let is_heading = |b: &Block| matches!(b.kind, BlockKind::Heading { .. });
    let keys: Vec<Option<String>> = (blocks.iter())
        .map(|b| is_heading(b).then(|| unnumbered_key(&b.text.text)))
        .collect();
    // Where each heading's key stands, in order.
    let mut places: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        if let Some(k) = k.as_deref().filter(|k| !k.is_empty()) {
            places.entry(k).or_default().push(i);
        }
    }
    let next_place = |k: &str, after: usize| -> Option<usize> {
        let at = places.get(k)?;
        at.get(at.partition_point(|&i| i <= after)).copied()
    };
    let mut dropped = vec![false; blocks.len()];
    let mut start = 0;
    while start < blocks.len() {
        let run = keys[start..].iter().take_while(|k| k.is_some()).count();
        let end = start + run;
        for first in start..(start + BEFORE_ENTRIES).min(end) {
            let Some(k) = keys[first].as_deref().filter(|k| !k.is_empty()) else {
                continue;
            };
            // The entries end where the first is said again, or with the run: then, three or
            // more of them (two headings, each empty, are as likely a copy of the text's).
            let entries_end = next_place(k, first).map_or(end, |again| again.min(end));
            if entries_end < first + 2 || (entries_end == end && entries_end < first + 3) {
                continue;
            }
            let mut at = entries_end - 1;
            let mut places = Vec::new();
            let listed = keys[first..entries_end].iter().all(|k| {
                let place = k.as_deref().and_then(|k| next_place(k, at));
                at = place.unwrap_or(at);
                places.extend(place);
                place.is_some()
            });
            // The sections named have text, most of them: headings said again one after
            // another are a structure repeated ("Your Rights" under each state), not sections.
            let with_text = (places.iter())
                .filter(|&&p| keys.get(p + 1).is_some_and(Option::is_none))
                .count();
            if listed && 2 * with_text >= places.len() {
                dropped[first..entries_end].fill(true);
                break;
            }
        }
        start = end.max(start + 1);
    }
    (blocks.into_iter().zip(dropped))
        .filter(|(_, dropped)| !dropped)
        .map(|(b, _)| b)
        .collect()
}

/// A heading's [`key`] without the number that opens it: a table of contents may leave it out.
fn unnumbered_key(text: &str) -> String {
    key(super::split_numbering(text).1)
}

fn key(text: &str) -> String {
    normalize(text)
        .to_lowercase()
        .trim_end_matches(['?', ':', '.'])
        .to_string()
}

/// A block's title level, if it is a paragraph outside lists that is a title line.
pub(super) fn title_line(b: &ListedBlock, settings: &OutlineSettings) -> Option<u8> {
    let block = &b.done.block;
    let paragraph = block.kind == BlockKind::Paragraph && block.label.is_none();
    if !paragraph || b.list.is_some() || b.done.only_link.is_some() || b.done.table.is_some() {
        return None;
    }
    heading_line_level(&block.text.text, settings)
}

/// Makes the block at `at` a heading of `level` (or the level below, for a title in sentence
/// case) if it is a paragraph outside lists that is a title line.
pub(super) fn promote_title_line(
    blocks: &mut [ListedBlock],
    at: usize,
    level: u8,
    settings: &OutlineSettings,
) {
    let Some(title) = blocks.get(at).and_then(|b| title_line(b, settings)) else {
        return;
    };
    blocks[at].done.block.kind = BlockKind::Heading {
        level: (level + title - 1).min(6),
    };
}

/// Paragraphs a long document needs before its plain title lines are read as headings: a short
/// note without headings keeps its lines as text.
const TITLE_LINES_AFTER: usize = 12;

/// In a document that marks up at most one heading, yet runs to many paragraphs, its title
/// lines: one level below the marked-up heading.
pub(super) fn promote_title_lines(blocks: &mut [ListedBlock], settings: &OutlineSettings) {
    let marked = |b: &&ListedBlock| matches!(b.done.block.kind, BlockKind::Heading { .. });
    let mut headings = blocks.iter().filter(marked);
    let (first, second) = (headings.next(), headings.next());
    if second.is_some() || blocks.len() < TITLE_LINES_AFTER {
        return;
    }
    let level = match first.map(|b| &b.done.block.kind) {
        Some(BlockKind::Heading { level }) => (level + 1).min(6),
        _ => 1,
    };
    // A title has text under it: not a line that runs on in lower case (a fragment of a
    // paragraph cut in two), nor one of a run of short lines (an address, a menu), nor a line
    // with a number in it ("Dublin 2, Ireland").
    let title: Vec<bool> = (blocks.iter())
        .map(|b| {
            title_line(b, settings).is_some()
                && !b
                    .done
                    .block
                    .text
                    .text
                    .contains(|c: char| c.is_ascii_digit())
        })
        .collect();
    for at in 0..blocks.len() {
        let next = blocks.get(at + 1).map(|b| b.done.block.text.text.as_str());
        let runs_on = next.is_none_or(|n| n.starts_with(char::is_lowercase));
        if title[at] && !runs_on && !title.get(at + 1).copied().unwrap_or(false) {
            promote_title_line(blocks, at, level, settings);
        }
    }
}

/// Where each block stands in lists, and which blocks open an entry of a numbered list, as a
/// reader (Markdown's or HTML's) finds them: what [`promote_entry_titles`] reads.
#[derive(Default)]
pub(super) struct ListPlaces {
    /// Each block's depth in lists.
    depths: Vec<usize>,
    /// The blocks that open an entry of a numbered list, in order.
    openers: Vec<usize>,
    /// An entry of a numbered list opened: the place its first block will take.
    opening: Option<usize>,
}

impl ListPlaces {
    /// An entry opens, of a `numbered` list or not; its first block will be the `next` read.
    pub fn entry_opens(&mut self, numbered: bool, next: usize) {
        self.opening = numbered.then_some(next);
    }

    /// The blocks read so far (`read` of them) up to the last stood at `depth`; the first block
    /// of a numbered entry opens it, and an entry that `ended` empty opens nothing after it.
    pub fn read(&mut self, read: usize, depth: usize, ended: bool) {
        if let Some(at) = self.opening.filter(|&at| at < read) {
            self.openers.push(at);
            self.opening = None;
        }
        if ended {
            self.opening = None;
        }
        self.depths.resize(read, depth);
    }

    /// The blocks from `from` on were taken back.
    pub fn take_back(&mut self, from: usize) {
        self.openers.retain(|&at| at < from);
        self.depths.truncate(from);
    }
}

/// Blocks an entry of a numbered list holds after its title for the title to be a heading:
/// an entry of a few paragraphs is a point of a list, one of many is a section.
const SECTION_ENTRY_BLOCKS: usize = 3;

/// The titles of numbered entries that are sections: a numbered list whose entries each open
/// with a title line ("2. Are you Under 13 or responsible for an under-13-year-old?") and hold
/// the section's paragraphs, indented under it (Roblox's notice of 2026). Read as entries, the
/// whole policy was one item of a few hundred sentences. An entry's title is a heading if the
/// entry holds [`SECTION_ENTRY_BLOCKS`] blocks, or if two others of its list are (a short section
/// among long ones); one level below the heading before the list (level 1 without one).
/// `bold` tells an entry whose title is in bold: a list entry, as [`BlockBuilder::finish`]
/// reads one (a list of bold entries is content); these titles are plain text.
///
/// [`BlockBuilder::finish`]: super::block_builder::BlockBuilder::finish
pub(super) fn promote_entry_titles(
    blocks: &mut [ListedBlock],
    places: &ListPlaces,
    bold: impl Fn(&Block) -> bool,
    settings: &OutlineSettings,
) {
    // In the order the blocks were read.
    let (depths, openers) = (&places.depths, &places.openers);
    let opener = |j: usize| openers.binary_search(&j).is_ok();
    // Each opener that is a title line, with how many blocks its entry holds after it.
    let titles: Vec<(usize, usize)> = (openers.iter())
        .filter_map(|&at| {
            let held = (at + 1..blocks.len())
                .take_while(|&j| {
                    depths[j] > depths[at]
                        || (depths[j] == depths[at]
                            && blocks[j].list == blocks[at].list
                            && !opener(j))
                })
                .count();
            let block = &blocks[at].done.block;
            let title = block.kind == BlockKind::Paragraph
                && block.label.is_none()
                && blocks[at].done.only_link.is_none()
                && !bold(block)
                && held > 0
                && heading_line_level(&block.text.text, settings).is_some();
            title.then_some((at, held))
        })
        .collect();
    // Each title's list, and how many sections each list's titles open (counted once: a list
    // of thousands of titled entries is read in one pass).
    let lists: Vec<Option<usize>> = titles.iter().map(|&(at, _)| blocks[at].list).collect();
    let mut sections_in: HashMap<Option<usize>, usize> = HashMap::new();
    for (&(_, held), &list) in titles.iter().zip(&lists) {
        *sections_in.entry(list).or_default() += usize::from(held >= SECTION_ENTRY_BLOCKS);
    }
    // The level each list's titles take, once the first is placed.
    let mut levels: HashMap<Option<usize>, u8> = HashMap::new();
    for (&(at, held), &list) in titles.iter().zip(&lists) {
        if held < SECTION_ENTRY_BLOCKS && sections_in.get(&list).copied().unwrap_or(0) < 2 {
            continue;
        }
        let level = match levels.get(&list) {
            Some(&level) => level,
            None => {
                let before = blocks[..at]
                    .iter()
                    .rev()
                    .find_map(|b| match b.done.block.kind {
                        BlockKind::Heading { level } => Some(level),
                        _ => None,
                    });
                let level = before.map_or(1, |l| (l + 1).min(6));
                levels.insert(list, level);
                level
            }
        };
        blocks[at].done.block.kind = BlockKind::Heading { level };
    }
}
