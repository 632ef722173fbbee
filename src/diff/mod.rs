//! The diff stage: what changed between two versions of a policy, at the level a lawyer reads
//! it — sections and labelled items, with word highlights — and nothing for edits that change
//! no text (wrapping, quotes, spaces, format, declared noise, a link's target alone).
//!
//! Reads outlines (and, for [`against_snapshot`], the snapshot store); knows nothing of output.

mod align;
mod apply;
mod hash;
mod links;
pub mod material;
mod moved;
mod pairs;
mod regroup;
mod shared;
mod words;

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::outline::{Document, Format, Item, Link, Section, Sentence};
use crate::pattern::{Pattern, syntax_error};
use crate::snapshot::{Entry as StoreEntry, Snapshot, SnapshotError, Store};
use crate::threads::map_in_parallel;
pub use align::fold_key;
use align::{Alignment, Entry};
use links::{is_contact, link_changes};

pub use apply::apply;
pub use moved::Moved;
pub use words::{Op, WordDiff, WordOp, tokenize};

/// One `[diff] ignore` pattern: a regex whose matches are left out of the comparison.
#[derive(Debug, Clone)]
pub struct IgnorePattern(pub Pattern);

impl<'de> Deserialize<'de> for IgnorePattern {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match syntax_error(&s) {
            Some(reason) => Err(serde::de::Error::custom(format!(
                "invalid ignore pattern `{s}`: {reason}"
            ))),
            None => Ok(IgnorePattern(Pattern::new(s))),
        }
    }
}

/// The `[diff]` table of `rules.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct DiffSettings {
    /// Regexes for noise ("Last updated: …", a session id in a link): matches in the text and in
    /// link targets are left out of the comparison, and reported as left out. An item reads as
    /// `Label: text`.
    pub ignore: Vec<IgnorePattern>,
    /// Report a link whose target changed while its words did not (`link`). Changes of
    /// `mailto:` and `tel:` targets (`contact`) are reported either way.
    pub links: bool,
}

impl Default for DiffSettings {
    fn default() -> Self {
        DiffSettings {
            ignore: Vec::new(),
            links: true,
        }
    }
}

/// What kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    Renamed,
    Moved,
    Modified,
    /// Only a link's target changed.
    Link,
    /// Only a `mailto:` or `tel:` link target changed.
    Contact,
}

impl ChangeKind {
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Renamed => "renamed",
            ChangeKind::Moved => "moved",
            ChangeKind::Modified => "modified",
            ChangeKind::Link => "link",
            ChangeKind::Contact => "contact",
        }
    }
}

/// What part of the outline a change touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A whole section (added, removed, moved).
    Section,
    /// A section's heading (renamed, or a link in it).
    Heading,
    /// The prose before a section's first item.
    Intro,
    Item,
}

/// Where a change stands in one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Index in `Document::sections`.
    pub section: usize,
    /// Index in the section's items.
    pub item: Option<usize>,
    /// 1-based line in that version's file, of the first changed words where known.
    pub line: usize,
    /// The first changed words, where known.
    pub words: Option<Spot>,
}

/// Where words stand in a version: the piece (a sentence, a label or a heading) that holds
/// them, by the byte it starts at in the file, and their byte range in its normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spot {
    pub piece: usize,
    pub start: usize,
    pub end: usize,
}

/// A link whose target changed (a missing side: the words were not a link there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkChange {
    pub text: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// What a material-change detector found in a change (filled by the material-change step).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Material {
    /// `negation`, `modality`, `quantity`, `data-category`, `purpose`, `recipient`, `right`,
    /// `contact`, `effective-date`.
    pub kind: String,
    pub message: String,
    /// The sentences it quotes, shared with the findings they are quoted by (a rewritten
    /// policy quotes a hundred thousand).
    pub old: Option<Arc<str>>,
    pub new: Option<Arc<str>>,
}

impl Material {
    /// What the policy's own date statement says of the whole text ("the text changed but
    /// 'Last updated: …' did not"), not a change of meaning in the change it is marked on.
    pub fn is_about_the_whole_text(&self) -> bool {
        self.kind == "effective-date"
    }
}

/// One change between two versions.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub kind: ChangeKind,
    pub target: Target,
    /// The section's heading in the new version (the old one for a removal).
    pub section: String,
    /// The section's heading in the old version, when there is one.
    pub old_section: Option<String>,
    /// The item's label in the new version (the old one for a removal).
    pub item: Option<String>,
    pub old_item: Option<String>,
    pub old: Option<Place>,
    pub new: Option<Place>,
    /// The words: equal, deleted and inserted runs (a whole added or removed text is one op).
    pub words: Vec<WordOp>,
    /// Link targets that changed inside the changed text.
    pub links: Vec<LinkChange>,
    /// The word diff gave up on detail (too large, or past its deadline).
    pub coarse: bool,
    pub material: Vec<Material>,
    /// For a move: what the section or item follows in each version.
    pub after: Option<After>,
}

impl Change {
    /// What tells this change from any other between the same two texts, as 16 hex digits:
    /// its kind, where it is by its new names, its old and new text whole, its links. Not its
    /// lines, nor what the old version calls its place (the old heading, what it followed),
    /// which a change accepted before it may rewrite; nor how finely its words were diffed.
    /// So a change rejected in one review is known in the next.
    pub fn id(&self) -> String {
        let mut canonical = format!(
            "{}\0{:?}\0{}\0{:?}",
            self.kind.name(),
            self.target,
            self.section,
            self.item
        );
        if self.kind == ChangeKind::Renamed {
            canonical.push_str(&format!("\0{:?}\0{:?}", self.old_section, self.old_item));
        }
        let text = |keep: Op| -> String {
            (self.words.iter())
                .filter(|w| w.op == Op::Equal || w.op == keep)
                .map(|w| w.text.as_str())
                .collect()
        };
        canonical.push_str(&format!("\0{}\0{}", text(Op::Delete), text(Op::Insert)));
        for l in &self.links {
            canonical.push_str(&format!("\0link:{}:{:?}:{:?}", l.text, l.old, l.new));
        }
        if let Some(after) = &self.after {
            canonical.push_str(&format!("\0after:{:?}", after.new));
        }
        let mut id = crate::snapshot::hash(&canonical);
        id.truncate(16);
        id
    }

    /// A heading or label renamed in its numbering only ("2. Security" → "3. Security"), as
    /// a section inserted renumbers those after it: told apart so a report can say them as one.
    pub fn renumbered(&self) -> bool {
        let (old, new) = match &self.item {
            Some(label) => (self.old_item.as_deref(), label),
            None => (self.old_section.as_deref(), &self.section),
        };
        // (A link in it retargeted is a change of its own, shown with it.)
        self.kind == ChangeKind::Renamed
            && self.material.is_empty()
            && self.links.is_empty()
            && old.is_some_and(|old| align::renumbered(old, new))
    }

    /// The bytes of its words, and one: what work a change's reading or rendering takes grows
    /// with, to share it out among threads.
    pub fn text_bytes(&self) -> usize {
        1 + self.words.iter().map(|w| w.text.len()).sum::<usize>()
    }
}

/// What a moved section (its heading) or item (its label) follows in the old and the new
/// version; `None` where it comes first (in the text, or in its section).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct After {
    pub old: Option<String>,
    pub new: Option<String>,
    /// The headings or labels of those that moved with it, right after it in both versions
    /// (their moves are this one: see [`align::Alignment::moves_with_previous`]).
    pub with: Vec<String>,
}

/// A difference left out because it matched a `[diff] ignore` pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    pub section: String,
    pub item: Option<String>,
    pub pattern: String,
    /// What the pattern matched in each version.
    pub old: Vec<String>,
    pub new: Vec<String>,
}

/// The changes between two versions, and how they were aligned (for applying some of them).
#[derive(Debug, Clone)]
pub struct Comparison {
    pub changes: Vec<Change>,
    pub ignored: Vec<Ignored>,
    pub coarse: bool,
    sections: Alignment,
    /// The item alignment of each section pair, in the order of `sections.pairs`.
    items: Vec<Alignment>,
    /// Changes that only regroup the text (see [`regroup`]): not reported, and applied when
    /// every reported change is accepted, so that the result is the new version.
    regrouped: Vec<Change>,
}

/// A policy compared with its snapshot.
#[derive(Debug, Clone)]
pub enum AgainstSnapshot {
    /// No snapshot yet.
    Missing(StoreEntry),
    Compared {
        entry: StoreEntry,
        snapshot: Box<Snapshot>,
        comparison: Box<Comparison>,
    },
}

/// How long one comparison may spend on word diffs before the rest go coarse.
const BUDGET: Duration = Duration::from_secs(3);
/// How long one word diff may take.
const UNIT_BUDGET: Duration = Duration::from_millis(500);

/// Section pairs with less changed text than this (old and new bodies, in bytes) are compared
/// on one thread: starting another would cost more than it saves. Past [`BUDGET`], the last
/// pairs of each thread's part go coarse.
const PAIRED_BYTES_PER_THREAD: usize = 32 << 10;

/// Compares a policy with its approved snapshot: what `check` and `diff PATH` run.
pub fn against_snapshot(
    doc: &Document,
    store: &Store,
    settings: &DiffSettings,
) -> Result<AgainstSnapshot, SnapshotError> {
    let entry = store.locate(&doc.source.path)?;
    let Some(snapshot) = store.load(&entry.snapshot)? else {
        return Ok(AgainstSnapshot::Missing(entry));
    };
    let snapshot = snapshot.read_as(doc);
    let comparison = compare(&snapshot.document, doc, settings);
    Ok(AgainstSnapshot::Compared {
        entry,
        snapshot: Box::new(snapshot),
        comparison: Box::new(comparison),
    })
}

/// Compares two versions of a policy.
pub fn compare(old: &Document, new: &Document, settings: &DiffSettings) -> Comparison {
    let mut run = Run {
        old,
        new,
        settings,
        deadline: Instant::now() + BUDGET,
        changes: Vec::new(),
        ignored: Vec::new(),
        coarse: false,
    };
    let old_units: Vec<SectionUnits> = old
        .sections
        .iter()
        .map(|s| SectionUnits::new(old, s, settings))
        .collect();
    let new_units: Vec<SectionUnits> = new
        .sections
        .iter()
        .map(|s| SectionUnits::new(new, s, settings))
        .collect();
    fn entries<'u>(units: &'u [SectionUnits], d: &Document) -> Vec<Entry<'u>> {
        (units.iter().zip(&d.sections))
            .map(|(u, s)| Entry::new(&s.heading, u.body()))
            .collect()
    }
    let (old_entries, new_entries) = (entries(&old_units, old), entries(&new_units, new));
    let sections = align::align(&old_entries, &new_entries);
    // What comparing each pair costs, estimated: equal hashes are taken for equal bodies.
    let pair_cost: Vec<usize> = (sections.pairs.iter())
        .map(|&(i, j)| {
            let (o, n) = (&old_entries[i], &new_entries[j]);
            match o.body == n.body {
                true => 1,
                false => o.body_len() + n.body_len(),
            }
        })
        .collect();
    // Their keys and words are done with: the memory goes to what comes next.
    drop((old_entries, new_entries));
    let mut old_of_new = vec![None; new.sections.len()];
    for (k, &(i, j)) in sections.pairs.iter().enumerate() {
        old_of_new[j] = Some((i, k));
    }
    // Section pairs, in the new version's order, are compared independently, each into a run
    // of its own; a pair whose bodies are equal costs next to nothing.
    let paired: Vec<(usize, usize, usize)> = (old_of_new.iter().enumerate())
        .filter_map(|(j, pair)| pair.map(|(i, k)| (i, j, k)))
        .collect();
    let changed_bytes = |&(_, _, k): &(usize, usize, usize)| pair_cost[k];
    let mut compared = map_in_parallel(
        &paired,
        changed_bytes,
        PAIRED_BYTES_PER_THREAD,
        |&(i, j, k)| {
            let mut part = run.part();
            // A section that moved with the one before it moves in that one's change.
            let moved = (sections.moved[k] && !sections.moves_with_previous(k)).then(|| {
                sections
                    .moving_with(k)
                    .map(|f| sections.pairs[f].1)
                    .collect()
            });
            let items = part.section_pair(i, j, moved, &old_units[i], &new_units[j]);
            (part, items)
        },
    )
    .into_iter();
    // Changes come in the new version's order, each removal where it stood. Every pair's
    // items are aligned (`paired` holds them all), each put in its place in `items`.
    let mut items = vec![Alignment::default(); sections.pairs.len()];
    let mut removed = sections.removed.iter().peekable();
    for (j, pair) in old_of_new.iter().enumerate() {
        let Some((i, k)) = *pair else {
            run.whole_section(ChangeKind::Added, j);
            continue;
        };
        while let Some(&&r) = removed.peek().filter(|&&&r| r < i) {
            run.whole_section(ChangeKind::Removed, r);
            removed.next();
        }
        // The pairs' results come in this same order.
        if let Some((part, pair_items)) = compared.next() {
            run.join(part);
            items[k] = pair_items;
        }
    }
    for &r in removed {
        run.whole_section(ChangeKind::Removed, r);
    }
    let regrouped = regroup::take_regrouped(&mut run.changes, old, new);
    moved::mark(&mut run.changes);
    Comparison {
        changes: run.changes,
        ignored: run.ignored,
        coarse: run.coarse,
        sections,
        items,
        regrouped,
    }
}

/// The state of one comparison.
struct Run<'a> {
    old: &'a Document,
    new: &'a Document,
    settings: &'a DiffSettings,
    deadline: Instant,
    changes: Vec<Change>,
    ignored: Vec<Ignored>,
    coarse: bool,
}

/// A compared piece of text (a heading, an intro, an item) as the reader reads it, with the
/// declared noise taken out.
struct Unit<'d> {
    /// The pieces joined by a space (after a label, by ": "); borrowed when there is one.
    reader: Cow<'d, str>,
    /// The declared noise taken out; `None` when no `[diff] ignore` pattern is declared (the
    /// reader's text is compared). Boxed: most configurations declare none, and a policy of
    /// 20,000 short sections has 40,000 units a version.
    cleaned: Option<Box<Cleaned>>,
    /// What `reader` joins, and where each piece starts in the file.
    pieces: Pieces<'d>,
    links: Vec<&'d Link>,
}

/// A unit's text without the declared noise.
struct Cleaned {
    text: String,
    /// Ranges of the reader's text left out, and the pattern that matched.
    removed: Vec<(Range<usize>, usize)>,
}

/// The texts a unit is read from, each with the byte where it starts in the file.
#[derive(Clone, Copy)]
struct Pieces<'d> {
    /// A heading, or an item's label.
    first: Option<(&'d str, usize)>,
    /// `first` is a label: a reader reads "Label: text".
    labelled: bool,
    sentences: &'d [Sentence],
}

impl<'d> Pieces<'d> {
    fn iter(self) -> impl Iterator<Item = (&'d str, usize)> {
        let sentences = self
            .sentences
            .iter()
            .map(|s| (s.text.as_str(), s.span.start));
        self.first.into_iter().chain(sentences)
    }

    /// What goes between piece `i - 1` and piece `i`.
    fn separator(self, i: usize) -> &'static str {
        if i == 1 && self.labelled { ": " } else { " " }
    }

    /// The pieces joined; borrowed when there is only one (a heading, a short intro).
    fn join(self) -> Cow<'d, str> {
        let mut pieces = self.iter();
        match (pieces.next(), pieces.next()) {
            (Some((only, _)), None) => Cow::Borrowed(only),
            _ => {
                let len = self.iter().map(|(text, _)| text.len() + 2).sum();
                let mut reader = String::with_capacity(len);
                for (i, (text, _)) in self.iter().enumerate() {
                    if i > 0 {
                        reader.push_str(self.separator(i));
                    }
                    reader.push_str(text);
                }
                Cow::Owned(reader)
            }
        }
    }
}

impl<'d> Unit<'d> {
    fn new(pieces: Pieces<'d>, links: Vec<&'d Link>, s: &DiffSettings) -> Unit<'d> {
        let reader = pieces.join();
        let cleaned = (!s.ignore.is_empty()).then(|| {
            let (text, removed) = clean(&reader, &s.ignore);
            Box::new(Cleaned { text, removed })
        });
        Unit {
            reader,
            cleaned,
            pieces,
            links,
        }
    }

    fn heading(doc: &'d Document, section: &'d Section, s: &DiffSettings) -> Unit<'d> {
        let links = doc.links_in(&section.heading_span).iter().collect();
        let pieces = Pieces {
            first: Some((&section.heading, section.heading_span.start)),
            labelled: false,
            sentences: &[],
        };
        Unit::new(pieces, links, s)
    }

    fn intro(doc: &'d Document, section: &'d Section, s: &DiffSettings) -> Unit<'d> {
        let pieces = Pieces {
            first: None,
            labelled: false,
            sentences: &section.intro,
        };
        Unit::new(pieces, sentence_links(doc, &section.intro), s)
    }

    fn item(doc: &'d Document, item: &'d Item, s: &DiffSettings) -> Unit<'d> {
        let mut links: Vec<&Link> = doc.links_in(&item.label_span).iter().collect();
        links.extend(sentence_links(doc, &item.sentences));
        let pieces = Pieces {
            first: Some((&item.label, item.label_span.start)),
            labelled: true,
            sentences: &item.sentences,
        };
        Unit::new(pieces, links, s)
    }

    /// The text compared: what a reader reads, without the declared noise.
    fn cleaned(&self) -> &str {
        self.cleaned.as_ref().map_or(&self.reader, |c| &c.text)
    }

    /// Ranges of the reader's text left out as noise, and the pattern that matched.
    fn removed(&self) -> &[(Range<usize>, usize)] {
        self.cleaned.as_ref().map_or(&[], |c| &c.removed)
    }

    /// Where `cleaned` (a range of the compared text) stands: the piece its start is in, and
    /// the range inside that piece's text (cut at its end).
    fn spot(&self, cleaned: Range<usize>) -> Option<Spot> {
        let reader = |mut r: usize| {
            for (range, _) in self.removed() {
                if range.start <= r {
                    r += range.len();
                } else {
                    break;
                }
            }
            r
        };
        let (start, end) = (reader(cleaned.start), reader(cleaned.end));
        // The last piece that starts at or before `start` in the reader's text.
        let (mut at, mut found) = (0, None);
        for (i, (text, byte)) in self.pieces.iter().enumerate() {
            if i > 0 {
                at += self.pieces.separator(i).len();
            }
            if at > start {
                break;
            }
            found = Some((text, byte, at));
            at += text.len();
        }
        let (text, piece, from) = found?;
        let within = |r: usize| (r - from).min(text.len());
        Some(Spot {
            piece,
            start: within(start),
            end: within(end).max(within(start)),
        })
    }
}

fn sentence_links<'d>(doc: &'d Document, list: &'d [Sentence]) -> Vec<&'d Link> {
    list.iter().flat_map(|s| doc.links_in(&s.span)).collect()
}

/// Takes the matches of the ignore patterns out of `text`, with a space beside each so no
/// double space is left.
fn clean(text: &str, patterns: &[IgnorePattern]) -> (String, Vec<(Range<usize>, usize)>) {
    let mut found: Vec<(Range<usize>, usize)> = patterns
        .iter()
        .enumerate()
        .flat_map(|(k, p)| {
            p.0.find_iter(text)
                .filter(|m| !m.is_empty())
                .map(move |m| (m, k))
        })
        .collect();
    found.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut merged: Vec<(Range<usize>, usize)> = Vec::new();
    for (r, k) in found {
        match merged.last_mut() {
            Some((last, _)) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push((r, k)),
        }
    }
    for (r, _) in &mut merged {
        if text[r.end..].starts_with(' ') && (r.start == 0 || text[..r.start].ends_with(' ')) {
            r.end += 1;
        } else if r.end == text.len() && text[..r.start].ends_with(' ') {
            r.start -= 1;
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, _) in &merged {
        if r.start >= at {
            out.push_str(&text[at..r.start]);
        }
        at = at.max(r.end);
    }
    out.push_str(&text[at.min(text.len())..]);
    (out, merged)
}

/// A section's units.
struct SectionUnits<'d> {
    heading: Unit<'d>,
    intro: Unit<'d>,
    items: Vec<Unit<'d>>,
}

impl<'d> SectionUnits<'d> {
    fn new(doc: &'d Document, s: &'d Section, settings: &DiffSettings) -> SectionUnits<'d> {
        SectionUnits {
            heading: Unit::heading(doc, s, settings),
            intro: Unit::intro(doc, s, settings),
            items: s
                .items
                .iter()
                .map(|i| Unit::item(doc, i, settings))
                .collect(),
        }
    }

    /// The compared text of the section without its heading, for alignment: the intro, then
    /// each item, a line each.
    fn body(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.intro.cleaned()).chain(self.items.iter().map(Unit::cleaned))
    }
}

/// How two units differ.
struct UnitDiff {
    words: Option<WordDiff>,
    links: Vec<LinkChange>,
}

impl UnitDiff {
    /// Nothing differs that a change could report.
    fn is_empty(&self) -> bool {
        self.words.is_none() && self.links.is_empty()
    }
}

impl Run<'_> {
    /// A run of the same comparison that starts with nothing found, for one section pair.
    fn part(&self) -> Self {
        Run {
            changes: Vec::new(),
            ignored: Vec::new(),
            coarse: false,
            ..*self
        }
    }

    /// Adds what `part` found after what this run has found.
    fn join(&mut self, part: Self) {
        self.changes.extend(part.changes);
        self.ignored.extend(part.ignored);
        self.coarse |= part.coarse;
    }

    fn line(doc: &Document, offset: usize) -> usize {
        doc.line_column(offset).0
    }

    fn section_line(doc: &Document, s: &Section) -> usize {
        let at = if s.heading.is_empty() {
            s.intro.first().map_or(s.span.start, |x| x.span.start)
        } else {
            s.heading_span.start
        };
        Self::line(doc, at)
    }

    fn place(doc: &Document, section: usize, item: Option<usize>) -> Place {
        let s = &doc.sections[section];
        let line = match item.and_then(|k| s.items.get(k)) {
            Some(it) => Self::line(doc, it.label_span.start),
            None => Self::section_line(doc, s),
        };
        Place {
            section,
            item,
            line,
            words: None,
        }
    }

    fn whole_section(&mut self, kind: ChangeKind, index: usize) {
        let (doc, op) = match kind {
            ChangeKind::Added => (self.new, Op::Insert),
            _ => (self.old, Op::Delete),
        };
        let s = &doc.sections[index];
        let mut text = s.heading.clone();
        let intro = s.intro_text();
        for piece in std::iter::once(intro).chain(s.items.iter().map(|i| {
            let body = i.text();
            if body.is_empty() {
                i.label.clone()
            } else {
                format!("{}: {body}", i.label)
            }
        })) {
            if !piece.is_empty() {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&piece);
            }
        }
        let place = Self::place(doc, index, None);
        let added = kind == ChangeKind::Added;
        self.changes.push(Change {
            kind,
            target: Target::Section,
            section: s.heading.clone(),
            old_section: (!added).then(|| s.heading.clone()),
            item: None,
            old_item: None,
            old: (!added).then_some(place),
            new: added.then_some(place),
            words: vec![WordOp::new(op, text)],
            links: Vec::new(),
            coarse: false,
            material: Vec::new(),
            after: None,
        });
    }

    /// The changes of old section `i` paired with new section `j`; `moved`: the section moved,
    /// with the new sections that moved with it.
    fn section_pair(
        &mut self,
        i: usize,
        j: usize,
        moved: Option<Vec<usize>>,
        old_u: &SectionUnits,
        new_u: &SectionUnits,
    ) -> Alignment {
        let (old_doc, new_doc) = (self.old, self.new);
        let (os, ns) = (&old_doc.sections[i], &new_doc.sections[j]);
        // Built on the first change found: most pairs have none (the headings are copied).
        let base_cell = OnceCell::new();
        let base = || {
            base_cell.get_or_init(|| Change {
                kind: ChangeKind::Moved,
                target: Target::Section,
                section: ns.heading.clone(),
                old_section: Some(os.heading.clone()),
                item: None,
                old_item: None,
                old: Some(Self::place(old_doc, i, None)),
                new: Some(Self::place(new_doc, j, None)),
                words: Vec::new(),
                links: Vec::new(),
                coarse: false,
                material: Vec::new(),
                after: None,
            })
        };
        if let Some(with) = moved {
            let heading = |doc: &Document, k: usize| {
                k.checked_sub(1).map(|p| doc.sections[p].heading.clone())
            };
            self.changes.push(Change {
                after: Some(After {
                    old: heading(old_doc, i),
                    new: heading(new_doc, j),
                    with: (with.iter())
                        .map(|&f| new_doc.sections[f].heading.clone())
                        .collect(),
                }),
                ..base().clone()
            });
        }
        for (kind, target, ou, nu) in [
            (
                ChangeKind::Renamed,
                Target::Heading,
                &old_u.heading,
                &new_u.heading,
            ),
            (
                ChangeKind::Modified,
                Target::Intro,
                &old_u.intro,
                &new_u.intro,
            ),
        ] {
            let d = self.units(ou, nu, &ns.heading, None);
            // A heading only set in other case, or given or stripped of its closing stop
            // ("DATA RETENTION" → "Data retention"), reads the same: a style, not a change.
            let restyled = kind == ChangeKind::Renamed
                && d.links.is_empty()
                && fold_key(&os.heading) == fold_key(&ns.heading);
            if !d.is_empty() && !restyled {
                let change = self.unit_change(d, kind, target, base(), ou, nu);
                self.changes.extend(change);
            }
        }

        fn entry<'u>(u: &'u Unit, it: &Item) -> Entry<'u> {
            let body = u
                .cleaned()
                .strip_prefix(it.label.as_str())
                .and_then(|b| b.strip_prefix(": "))
                .unwrap_or(u.cleaned());
            Entry::new(&it.label, [body])
        }
        let old_entries: Vec<Entry> = old_u
            .items
            .iter()
            .zip(&os.items)
            .map(|(u, it)| entry(u, it))
            .collect();
        let new_entries: Vec<Entry> = new_u
            .items
            .iter()
            .zip(&ns.items)
            .map(|(u, it)| entry(u, it))
            .collect();
        let items = align::align(&old_entries, &new_entries);
        let mut old_of_new = vec![None; ns.items.len()];
        for (k, &(a, b)) in items.pairs.iter().enumerate() {
            old_of_new[b] = Some((a, k));
        }
        let mut removed = items.removed.iter().peekable();
        let item_change = |kind, old: Option<usize>, new: Option<usize>| Change {
            kind,
            target: Target::Item,
            item: new.or(old).map(|k| match new {
                Some(_) => ns.items[k].label.clone(),
                None => os.items[k].label.clone(),
            }),
            old_item: old.map(|k| os.items[k].label.clone()),
            old: old.map(|k| Self::place(old_doc, i, Some(k))),
            new: new.map(|k| Self::place(new_doc, j, Some(k))),
            ..base().clone()
        };
        let mut pending: Vec<Change> = Vec::new();
        let whole = |it: &Item| {
            let body = it.text();
            if body.is_empty() {
                it.label.clone()
            } else {
                format!("{}: {body}", it.label)
            }
        };
        for (b, pair) in old_of_new.iter().enumerate() {
            let Some((a, k)) = *pair else {
                let mut c = item_change(ChangeKind::Added, None, Some(b));
                c.words = vec![WordOp::new(Op::Insert, whole(&ns.items[b]))];
                pending.push(c);
                continue;
            };
            while let Some(&&r) = removed.peek().filter(|&&&r| r < a) {
                let mut c = item_change(ChangeKind::Removed, Some(r), None);
                c.words = vec![WordOp::new(Op::Delete, whole(&os.items[r]))];
                pending.push(c);
                removed.next();
            }
            let (ou, nu) = (&old_u.items[a], &new_u.items[b]);
            let d = self.units(ou, nu, &ns.heading, Some(&ns.items[b].label));
            // An item that moved with the one before it moves in that one's change.
            let moved = items.moved[k] && !items.moves_with_previous(k);
            if !moved && d.is_empty() {
                continue;
            }
            let c = item_change(ChangeKind::Modified, Some(a), Some(b));
            if moved {
                let label =
                    |items: &[Item], k: usize| k.checked_sub(1).map(|p| items[p].label.clone());
                pending.push(Change {
                    kind: ChangeKind::Moved,
                    after: Some(After {
                        old: label(&os.items, a),
                        new: label(&ns.items, b),
                        with: (items.moving_with(k))
                            .map(|f| ns.items[items.pairs[f].1].label.clone())
                            .collect(),
                    }),
                    ..c.clone()
                });
            }
            let kind = if fold_key(&os.items[a].label) != fold_key(&ns.items[b].label)
                && d.words
                    .as_ref()
                    .is_some_and(|w| body_equal(w, &os.items[a].label, &ns.items[b].label))
            {
                ChangeKind::Renamed
            } else {
                ChangeKind::Modified
            };
            pending.extend(self.unit_change(d, kind, Target::Item, &c, ou, nu));
        }
        for &r in removed {
            let mut c = item_change(ChangeKind::Removed, Some(r), None);
            c.words = vec![WordOp::new(Op::Delete, whole(&os.items[r]))];
            pending.push(c);
        }
        self.changes.extend(pending);
        items
    }

    /// The change (if any) two paired units make: a text change, else a link change.
    fn unit_change(
        &mut self,
        d: UnitDiff,
        kind: ChangeKind,
        target: Target,
        base: &Change,
        ou: &Unit,
        nu: &Unit,
    ) -> Option<Change> {
        let contact = d.links.iter().any(|l| {
            [&l.old, &l.new]
                .into_iter()
                .flatten()
                .any(|t| is_contact(t))
        });
        match d.words {
            Some(w) => {
                self.coarse |= w.coarse;
                let mut c = Change {
                    kind,
                    target,
                    words: w.ops,
                    links: d.links,
                    coarse: w.coarse,
                    ..base.clone()
                };
                // Point at the first changed words in each version (the equal words before
                // them are as long in both).
                let first =
                    (c.words.iter().position(|op| op.op != Op::Equal)).unwrap_or(c.words.len());
                let start: usize = c.words[..first].iter().map(|op| op.text.len()).sum();
                // The first run of changed words, up to the next equal words, from its first
                // word: " New paragraph." inserted after a paragraph is on the new one's line,
                // not the line its space joins it to.
                let (mut deleted, mut inserted) = (start..start, start..start);
                for op in c.words[first..].iter().take_while(|op| op.op != Op::Equal) {
                    let run = match op.op {
                        Op::Delete => &mut deleted,
                        _ => &mut inserted,
                    };
                    if run.start == run.end {
                        run.start += op.text.len() - op.text.trim_start().len();
                    }
                    run.end += op.text.len();
                }
                for (place, unit, doc, at) in [
                    (c.old.as_mut(), ou, self.old, deleted),
                    (c.new.as_mut(), nu, self.new, inserted),
                ] {
                    if let (Some(p), Some(spot)) = (place, unit.spot(at)) {
                        p.line = Self::line(doc, spot.piece);
                        p.words = Some(spot);
                    }
                }
                Some(c)
            }
            None if d.links.is_empty() => None,
            None if !contact && !self.settings.links => None,
            None => {
                let mut c = Change {
                    kind: if contact {
                        ChangeKind::Contact
                    } else {
                        ChangeKind::Link
                    },
                    target,
                    links: d.links,
                    ..base.clone()
                };
                // Point at the first changed link in each version that has it: a unit's
                // links may be many lines below its first line.
                if let Some(first) = c.links.first() {
                    for (place, unit, doc, wanted) in [
                        (c.old.as_mut(), ou, self.old, &first.old),
                        (c.new.as_mut(), nu, self.new, &first.new),
                    ] {
                        // Its words and target; else its target (its words changed too).
                        let link = wanted.as_ref().and_then(|t| {
                            let mut to = unit.links.iter().filter(|l| &l.target == t);
                            (to.clone().find(|l| l.text == first.text)).or_else(|| to.next())
                        });
                        if let (Some(p), Some(link)) = (place, link) {
                            p.line = Self::line(doc, link.span.start);
                        }
                    }
                }
                Some(c)
            }
        }
    }

    /// Compares two units: words (if the texts differ), links, and noise left out (noted under
    /// `section` and `item`, where the units are).
    fn units(&mut self, ou: &Unit, nu: &Unit, section: &str, item: Option<&str>) -> UnitDiff {
        if ou.reader != nu.reader {
            self.note_ignored(ou, nu, section, item);
        }
        let words = (ou.cleaned() != nu.cleaned())
            .then(|| {
                let deadline = self.deadline.min(Instant::now() + UNIT_BUDGET);
                words::diff(ou.cleaned(), nu.cleaned(), deadline)
            })
            .filter(WordDiff::changed);
        // Plain text has no links: against it, links say nothing about a change.
        let links = if self.old.format == Format::Text || self.new.format == Format::Text {
            Vec::new()
        } else {
            let deadline = self.deadline.min(Instant::now() + UNIT_BUDGET);
            link_changes(&ou.links, &nu.links, &self.settings.ignore, deadline)
        };
        UnitDiff { words, links }
    }

    fn note_ignored(&mut self, ou: &Unit, nu: &Unit, section: &str, item: Option<&str>) {
        for (k, p) in self.settings.ignore.iter().enumerate() {
            let matched = |u: &Unit| -> Vec<String> {
                u.removed()
                    .iter()
                    .filter(|(_, q)| *q == k)
                    .map(|(r, _)| u.reader[r.clone()].trim().to_string())
                    .collect()
            };
            let (old, new) = (matched(ou), matched(nu));
            if old != new {
                self.ignored.push(Ignored {
                    section: section.to_string(),
                    item: item.map(str::to_string),
                    pattern: p.0.source().to_string(),
                    old,
                    new,
                });
            }
        }
    }
}

/// Whether a word diff of "Label: body" texts touches only the label.
fn body_equal(w: &WordDiff, old_label: &str, new_label: &str) -> bool {
    let old = words::side(&w.ops, Op::Delete);
    let new = words::side(&w.ops, Op::Insert);
    old.strip_prefix(old_label) == new.strip_prefix(new_label)
}

#[cfg(test)]
mod tests;
