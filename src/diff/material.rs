//! Material changes: which edits alter what a policy says — a negation dropped, "may" become
//! "will", a quantity, data category, purpose, recipient, right, transfer mechanism or contact
//! detail added or removed, or the text changed while its "Last updated" date stood still.
//!
//! Works on the sentences of each change, old against new: sentences found unchanged anywhere in
//! the other version (moved, re-wrapped, re-punctuated) are left out, the rest are paired by
//! similarity. Negation and modality compare a sentence with its pair, and a sentence without a
//! pair (removed or added whole) counts for the negated practice it states; the other kinds
//! compare what the changed sentences name with what the whole old (new) text of the change
//! names, leaving out data, purposes and recipients named as what is not done. A contact detail, a controller or a transfer mechanism the other version names anywhere
//! is none added or removed; nor is a data category, purpose, recipient or right of a section
//! or item added or removed whole that the other version states, not negated, anywhere.

mod across;

use std::borrow::Cow;
use std::cell::{Cell, OnceCell};
use std::collections::{HashMap, HashSet};
use std::hash::Hasher;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock, PoisonError, mpsc};

use super::hash::{FastMap, FastSet, WordHasher, hash_bytes};
use super::pairs::{pairs, word_list};
use super::{
    Change, ChangeKind, Comparison, LinkChange, Material, Place, Target, fold_key, is_contact,
};
use crate::detect::reading::{
    LabelSearch, contacts, controllers, has_digit, list_recipients, may_name_transfer, names,
    values,
};
use crate::detect::reading::{
    contact_other_spelling, contact_value, date_statement, gives_away, quantity_value, strength,
    toward_us,
};
use crate::detect::{
    Mention, Negation, Practice, Reading, Strength, affirmed_practices, consent_negations,
    negated_practices, negations,
};
use crate::outline::locate::word_ranges;
use crate::outline::{Document, Item, Section};
use crate::pattern::eight_bytes::{HIGH, ONES, within};
use crate::threads::{map_parts, on_threads, threads_for};
use across::{Found, LabelIn, Said, cancel_moved, cancel_named_elsewhere};

/// Every kind of material change, as `change` rules name their detectors.
pub const KINDS: [&str; 11] = [
    "negation",
    "practice",
    "modality",
    "quantity",
    "data-category",
    "purpose",
    "recipient",
    "right",
    "transfer",
    "contact",
    "effective-date",
];

/// Whether the detectors in `enabled` look for a date statement that stood still: the
/// versions' date statements are then searched ([`Versions::read_ahead`], [`mark`]).
pub fn searches_dates(enabled: &[&str]) -> bool {
    enabled.contains(&"effective-date")
}

/// Fills `material` of each change of `cmp`, the comparison of the two `versions`, with the
/// findings of the detectors in `enabled`. A `helper`, a thread that has the same versions, is
/// sent the changes to read them beside this thread ([`Marking::read`]).
pub fn mark(
    cmp: &mut Comparison,
    versions: &Versions,
    enabled: &[&str],
    helper: Option<&ToHelper>,
) {
    if enabled.is_empty() || cmp.changes.is_empty() {
        return;
    }
    let dated = searches_dates(enabled);
    let marking = Arc::new(Marking::of(&cmp.changes, versions, dated));
    let helped = helper.is_some_and(|h| h.send(Arc::clone(&marking)).is_ok());
    // Changes are read independently, at a cost that grows with their text; no more threads
    // than changes with text to read.
    let text_bytes: usize = cmp.changes.iter().map(Change::text_bytes).sum();
    let threads = threads_for(text_bytes, CHANGE_BYTES_PER_THREAD).min(marking.to_read());
    on_threads(threads.saturating_sub(1 + usize::from(helped)), || {
        marking.read(versions)
    });
    let mut found: Vec<Vec<Found>> = (cmp.changes.iter().enumerate())
        .map(|(k, change)| match change.kind {
            ChangeKind::Contact => (contact_changes(change).into_iter())
                .map(Found::alone)
                .collect(),
            ChangeKind::Renamed if change.target == Target::Heading => heading_promise(change)
                .into_iter()
                .map(Found::alone)
                .collect(),
            // Read by now, or being read by the thread that took it (waited for), or read here
            // if that thread has not started it.
            _ => marking.take_found(k, versions),
        })
        .collect();
    let rows: Vec<Option<usize>> = cmp.changes.iter().map(|c| row_of(cmp, c)).collect();
    cancel_moved(&mut found, &rows);
    let whole: Vec<bool> = (cmp.changes.iter())
        .map(|c| {
            matches!(c.target, Target::Section | Target::Item)
                && matches!(c.kind, ChangeKind::Added | ChangeKind::Removed)
        })
        .collect();
    cancel_named_elsewhere(&mut found, &whole, versions);
    let wanted = |m: &Material| enabled.contains(&m.kind.as_str());
    for (change, found) in cmp.changes.iter_mut().zip(found) {
        change.material = (found.into_iter().map(|f| f.material))
            .filter(wanted)
            .collect();
    }
    if let Some(statement) = marking.dated.then(|| versions.unchanged_date()).flatten() {
        effective_date(cmp, statement);
    }
}

/// A promise a section's heading makes ("We Do Not Sell Your Personal Information") that its
/// rename takes back, or one it makes now: a heading is no sentence of the text the other
/// detectors read.
fn heading_promise(change: &Change) -> Option<Material> {
    let (old, new) = (change.old_section.as_deref()?, change.section.as_str());
    if super::align::unnumbered(old) == super::align::unnumbered(new) {
        return None;
    }
    let negated = |heading: &str| -> Vec<Practice> {
        // Read past its numbering ("4. We Do Not Sell …").
        let heading = heading.trim_start_matches(|c: char| !c.is_alphabetic());
        (negations(heading).iter())
            .filter(|n| n.negates_practice() && !n.of_user)
            .flat_map(|n| negated_practices(heading, n))
            .map(|(p, _)| p)
            .collect()
    };
    let (before, after) = (negated(old), negated(new));
    let missing = |from: &[Practice], of: &[Practice]| -> Vec<&str> {
        let mut names: Vec<&str> = (from.iter())
            .filter(|p| !of.contains(p))
            .map(|p| p.name())
            .collect();
        names.dedup();
        names
    };
    let message = match (missing(&before, &after), missing(&after, &before)) {
        (gone, _) if !gone.is_empty() => format!(
            "negation removed from the heading: no longer says it does not {}: \"{old}\" → \"{new}\"",
            gone.join(", ")
        ),
        (_, come) if !come.is_empty() => format!(
            "negation added to the heading: now says it does not {}: \"{old}\" → \"{new}\"",
            come.join(", ")
        ),
        _ => return None,
    };
    Some(material("negation", message, old, new))
}

/// Changes with less text than this (in bytes, old and new words) are read on one thread (and
/// a helper already running): starting another would cost more than it saves. Half what
/// comparing section pairs takes ([`super::PAIRED_BYTES_PER_THREAD`]): reading a byte costs
/// more than word-diffing it.
const CHANGE_BYTES_PER_THREAD: usize = 16 << 10;

/// A change's sentences with less text than this (in bytes) are read on one thread: a change
/// as large as a whole policy (one rewritten on a single line) is read on every core, not on
/// the one thread that took it while the others, done with the smaller changes, wait.
const READ_BYTES_PER_THREAD: usize = 64 << 10;

/// The contact details a change of only link targets changed.
fn contact_changes(change: &Change) -> Vec<Material> {
    let contact = |l: &&LinkChange| {
        [&l.old, &l.new]
            .into_iter()
            .flatten()
            .any(|t| is_contact(t))
    };
    (change.links.iter().filter(contact))
        .map(|l| Material {
            kind: "contact".to_string(),
            message: format!("contact changed: \"{}\"", l.text),
            old: l.old.as_deref().map(Arc::from),
            new: l.new.as_deref().map(Arc::from),
        })
        .collect()
}

/// Where to send a [`Marking`] for a thread that has the versions compared (the diff's thread
/// that read ahead in them) to read changes beside the thread that marks them: it calls
/// [`Marking::read`].
pub type ToHelper = mpsc::Sender<Arc<Marking>>;

/// Where a change stands in each version, and what it touches: what reading its two sides
/// takes.
#[derive(Clone, Copy)]
struct ChangeAt {
    /// What is read at each place (old, new): the same but where a removed item or section is
    /// read against one added elsewhere under its name (see [`counterparts`]).
    targets: (Target, Target),
    old: Option<Place>,
    new: Option<Place>,
}

/// The changes of a comparison whose texts are read for material changes, shared by the
/// threads that read them: each thread takes the next change no thread has taken, so one
/// already running (the one that read ahead, see [`Versions::read_ahead`]) shares the work
/// without a thread started for it, and reads as much as it comes in time for.
pub struct Marking {
    /// Each change's place, or `None` if it has no text to read: a move, a change of link
    /// targets only (a contact detail's change is found in its links, by [`mark`]).
    changes: Vec<Option<ChangeAt>>,
    /// The first change not taken yet.
    next: AtomicUsize,
    /// Each change's findings, once read; taken out by [`mark`] (moved, not copied: a policy
    /// rewritten throughout has tens of megabytes of them).
    found: Vec<OnceLock<Mutex<Vec<Found>>>>,
    /// Whether an unchanged date statement is looked for ([`Versions::unchanged_date`]): where
    /// the text changed in substance and the detector is on. The first task taken (see
    /// [`Marking::read`]), unless the thread that read ahead searched it: each version's every
    /// sentence with a digit may be searched, beside the changes read, not after them.
    dated: bool,
    /// The address of the versions compared: every thread must read the same.
    versions: usize,
}

impl Marking {
    fn of(changes: &[Change], versions: &Versions, dated: bool) -> Marking {
        let mut at: Vec<Option<ChangeAt>> = (changes.iter())
            .map(|c| match c.kind {
                ChangeKind::Moved | ChangeKind::Link | ChangeKind::Contact => None,
                _ => Some(ChangeAt {
                    targets: (c.target, c.target),
                    old: c.old,
                    new: c.new,
                }),
            })
            .collect();
        // A removed item or section and one added under its name elsewhere are read as one
        // text moved: what it says is compared old with new, and the findings go with the
        // added one; the removed one has none of its own.
        for (removed, added) in counterparts(changes) {
            at[added] = Some(ChangeAt {
                targets: (changes[removed].target, changes[added].target),
                old: changes[removed].old,
                new: changes[added].new,
            });
            at[removed] = None;
        }
        Marking {
            dated: dated && first_substantive(changes).is_some(),
            versions: std::ptr::from_ref(versions) as usize,
            changes: at,
            next: AtomicUsize::new(0),
            found: changes.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// How many changes have text to read.
    fn to_read(&self) -> usize {
        self.changes.iter().flatten().count()
    }

    /// Does tasks until every one is taken: the date statements first (if searched), then
    /// each change. `versions` are the versions compared.
    pub fn read(&self, versions: &Versions) {
        debug_assert_eq!(std::ptr::from_ref(versions) as usize, self.versions);
        let dated = usize::from(self.dated);
        loop {
            match self.next.fetch_add(1, Ordering::Relaxed).checked_sub(dated) {
                None => _ = versions.unchanged_date(),
                Some(k) if k < self.changes.len() => _ = self.found(k, versions),
                Some(_) => break,
            }
        }
    }

    /// What change `k` changed materially: read here unless read, or waited for if another
    /// thread reads it.
    fn found(&self, k: usize, versions: &Versions) -> &Mutex<Vec<Found>> {
        self.found[k].get_or_init(|| {
            Mutex::new(match self.changes[k] {
                Some(at) => {
                    let (before, after) = versions.sides(at);
                    compare_texts(before, after, versions)
                }
                None => Vec::new(),
            })
        })
    }

    /// What change `k` changed materially (see [`Marking::found`]), taken out.
    fn take_found(&self, k: usize, versions: &Versions) -> Vec<Found> {
        let found = self.found(k, versions);
        // No thread panics holding it: it is only taken here.
        std::mem::take(&mut *found.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// Removed items and sections, each with one added under the same name (heading or label, read
/// as [`fold_key`] reads it) in another place: an item made a section of its own (Zoom's
/// "Marketing Communications" of 2023), an item moved to another section (TikTok's "Users of
/// Our Analytics Services" of 2024), a section and a section. Read apart, each says what the
/// other says as removed and added. Each change in one pair at most, first come.
fn counterparts(changes: &[Change]) -> Vec<(usize, usize)> {
    let name = |c: &Change| match c.target {
        Target::Item => c.item.as_deref().map(fold_key),
        Target::Section => Some(fold_key(&c.section)),
        Target::Intro | Target::Heading => None,
    };
    let whole = |c: &Change, kind: ChangeKind| c.kind == kind && c.target != Target::Intro;
    let mut added: HashMap<String, Vec<usize>> = HashMap::new();
    for (k, c) in changes.iter().enumerate() {
        if whole(c, ChangeKind::Added)
            && let Some(name) = name(c).filter(|n| !n.is_empty())
        {
            added.entry(name).or_default().push(k);
        }
    }
    if added.is_empty() {
        return Vec::new();
    }
    let mut pairs = Vec::new();
    for (k, c) in changes.iter().enumerate() {
        if !whole(c, ChangeKind::Removed) {
            continue;
        }
        let Some(waiting) = name(c).and_then(|n| added.get_mut(&n)) else {
            continue;
        };
        // Not a section made an item: its items went on beside the item, as items of their
        // own (X's "1.2 Information we collect when you use X" of March 2024), and the item
        // alone does not hold what the section did.
        let takes =
            |&a: &usize| !(c.target == Target::Section && changes[a].target == Target::Item);
        if let Some(at) = waiting.iter().position(takes) {
            pairs.push((k, waiting.remove(at)));
        }
    }
    pairs
}

/// The sentences of one side of a change, and where the first is in the version's sentence
/// order (see [`sentences`]).
fn sentences_of<'d>(
    doc: &'d Document,
    reads: &Reads,
    change: ChangeAt,
    new_side: bool,
) -> (usize, Vec<&'d str>) {
    let place = if new_side { change.new } else { change.old };
    let Some(place) = place else {
        return (0, Vec::new());
    };
    let (Some(section), Some(&first)) = (
        doc.sections.get(place.section),
        reads.section_starts.get(place.section),
    ) else {
        return (0, Vec::new());
    };
    let target = if new_side {
        change.targets.1
    } else {
        change.targets.0
    };
    match target {
        Target::Section => (first, section_sentences(section).collect()),
        Target::Intro => (
            first,
            section.intro.iter().map(|s| s.text.as_str()).collect(),
        ),
        Target::Item => {
            let Some((k, item)) = place.item.and_then(|k| Some((k, section.items.get(k)?))) else {
                return (0, Vec::new());
            };
            let before: usize = (section.items[..k].iter())
                .map(|item| item_sentences(item).count())
                .sum();
            (
                first + section.intro.len() + before,
                item_sentences(item).collect(),
            )
        }
        Target::Heading => (0, Vec::new()),
    }
}

/// Every sentence of a version, in order: each section's intro, then each item's label and
/// sentences.
fn sentences(doc: &Document) -> impl Iterator<Item = &str> {
    doc.sections.iter().flat_map(section_sentences)
}

/// An item's label and sentences: a short sentence of substance can read as a label in plain
/// text ("Write to privacy@example.com."), so labels count as sentences.
fn item_sentences(item: &Item) -> impl Iterator<Item = &str> {
    std::iter::once(item.label.as_str()).chain(item.sentences.iter().map(|s| s.text.as_str()))
}

fn section_sentences(section: &Section) -> impl Iterator<Item = &str> {
    section
        .intro
        .iter()
        .map(|s| s.text.as_str())
        .chain(section.items.iter().flat_map(item_sentences))
}

/// A sentence's words in lower case, one space between them: what stays when only wrapping or
/// punctuation changed.
fn key(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    key_bytes(text, &mut out);
    // Whole characters were pushed, each as its UTF-8 bytes.
    String::from_utf8(out).unwrap_or_default()
}

/// What each ASCII byte is in a [`key`]: itself in lower case if it belongs to a word, else 0.
const KEY_BYTES: [u8; 128] = {
    let mut table = [0; 128];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() || byte == b'\'' {
            table[b] = byte.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// Where [`key_bytes`] puts a key's bytes, in order.
trait KeySink {
    fn byte(&mut self, b: u8);
    /// Eight bytes, the first in the low byte.
    fn eight(&mut self, bytes: u64);
}

impl KeySink for Vec<u8> {
    fn byte(&mut self, b: u8) {
        self.push(b);
    }

    fn eight(&mut self, bytes: u64) {
        self.extend_from_slice(&bytes.to_le_bytes());
    }
}

impl KeySink for WordHasher {
    fn byte(&mut self, b: u8) {
        self.push(b);
    }

    fn eight(&mut self, bytes: u64) {
        self.push_eight(bytes);
    }
}

/// The hash of each word of a [`key`] as [`hash_bytes`] gives it, made as the key's bytes go
/// by: no key is made, nor split.
struct KeyWordHashes<'h> {
    hashes: &'h mut Vec<u64>,
    word: WordHasher,
    in_word: bool,
}

impl KeyWordHashes<'_> {
    fn end_word(&mut self) {
        if std::mem::take(&mut self.in_word) {
            self.hashes.push(self.word.finish());
            self.word = WordHasher::default();
        }
    }
}

impl KeySink for KeyWordHashes<'_> {
    fn byte(&mut self, b: u8) {
        if b == b' ' {
            self.end_word();
        } else {
            self.word.push(b);
            self.in_word = true;
        }
    }

    fn eight(&mut self, bytes: u64) {
        // A space of `bytes` is a zero byte of `spaceless`: the has-zero-byte test says
        // exactly whether there is one.
        let spaceless = bytes ^ u64::from_le_bytes([b' '; 8]);
        if spaceless.wrapping_sub(ONES) & !spaceless & HIGH == 0 {
            self.word.push_eight(bytes);
            self.in_word = true;
        } else {
            bytes.to_le_bytes().into_iter().for_each(|b| self.byte(b));
        }
    }
}

/// Appends the hash of each word of `text`'s [`key`], in order, to `hashes`: as
/// [`key_words`] of the key, each hashed by [`hash_bytes`].
fn push_key_word_hashes(text: &str, hashes: &mut Vec<u64>) {
    let mut sink = KeyWordHashes {
        hashes,
        word: WordHasher::default(),
        in_word: false,
    };
    key_bytes(text, &mut sink);
    sink.end_word();
}

/// The bytes of `text`'s [`key`], in order, to `sink`: eight at a time where they are ASCII
/// letters, digits, apostrophes and single spaces (most of a policy), else a byte at a time in
/// ASCII and a character at a time beyond.
fn key_bytes(text: &str, sink: &mut impl KeySink) {
    let bytes = text.as_bytes();
    // Whether a word has been emitted, and whether a gap followed it.
    let (mut any, mut between) = (false, false);
    let mut at = 0;
    // Where eight bytes are next tried at once (see [`Eight::Retry`]).
    let mut plain_from = 0;
    while let Some(&b) = bytes.get(at) {
        if at >= plain_from
            && let Some(eight) = bytes[at..].first_chunk::<8>()
        {
            // A space may open the eight only right after a word: it is then the gap.
            match plain_words(eight, any && !between) {
                Eight::Plain(lower) => {
                    if between && any {
                        sink.byte(b' ');
                    }
                    sink.eight(lower);
                    (any, between) = (true, false);
                    at += 8;
                    continue;
                }
                Eight::Retry(after) => plain_from = at + after,
            }
        }
        if b.is_ascii() {
            at += 1;
            match KEY_BYTES[usize::from(b)] {
                0 => between = true,
                kept => {
                    if between && any {
                        sink.byte(b' ');
                    }
                    (any, between) = (true, false);
                    sink.byte(kept);
                }
            }
            continue;
        }
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        at += c.len_utf8();
        if !c.is_alphanumeric() {
            between = true;
            continue;
        }
        if between && any {
            sink.byte(b' ');
        }
        (any, between) = (true, false);
        for lower in c.to_lowercase() {
            (lower.encode_utf8(&mut [0; 4]).bytes()).for_each(|b| sink.byte(b));
        }
    }
}

/// What eight bytes of a text are to [`key_bytes`].
enum Eight {
    /// Their own key bytes, in lower case (the first in the low byte).
    Plain(u64),
    /// Not: they go a byte at a time, and eight are tried again this many bytes on. Past the
    /// first gap after the first byte, where a word starts; past all eight if there is none or
    /// a byte is beyond ASCII.
    Retry(usize),
}

/// Whether `eight` bytes are their own key bytes: ASCII letters, digits, apostrophes and single
/// spaces, the last not a space, the first a space only if `space_may_open`. Tested in the bits
/// of one word.
fn plain_words(eight: &[u8; 8], space_may_open: bool) -> Eight {
    let x = u64::from_le_bytes(*eight);
    if x & HIGH != 0 {
        return Eight::Retry(8);
    }
    let upper = within(x, b'A', b'Z');
    let kept = upper | within(x, b'a', b'z') | within(x, b'0', b'9') | within(x, b'\'', b'\'');
    let spaces = within(x, b' ', b' ');
    let doubled = spaces & (spaces >> 8);
    let opens = spaces & 0x80 != 0;
    let closes = spaces >> 63 != 0;
    if kept | spaces != HIGH || doubled != 0 || closes || (opens && !space_may_open) {
        let next_gap = (spaces & !0x80).trailing_zeros() as usize / 8;
        return Eight::Retry((next_gap + 1).min(8));
    }
    // An upper-case letter's high bit, moved to 0x20, makes it lower case.
    Eight::Plain(x | (upper >> 2))
}

/// The words of a sentence's [`key`].
fn key_words(key: &str) -> Vec<&str> {
    key.split(' ').filter(|w| !w.is_empty()).collect()
}

/// The two versions of a policy that a comparison compared, with the hashes of every
/// sentence's [`key`] in each — what tells a changed sentence from one found elsewhere in the
/// other version — and what the changed sentences name. Hashes, not keys: a 6 MB policy's keys
/// took 12 MB, and two keys sharing a 64-bit hash by chance is as good as impossible at any
/// policy's size.
///
/// Which sentences changed does not depend on how the versions were aligned, so all of this
/// can be made while they are compared ([`Versions::read_ahead`]). Each version's keys are made
/// once, by the first thread that asks, and each changed sentence read once (a thread that asks
/// while another makes them waits); what is read is kept as long as the versions are.
pub struct Versions<'d> {
    pub old: &'d Document,
    pub new: &'d Document,
    old_keys: OnceLock<Keys>,
    new_keys: OnceLock<Keys>,
    old_reads: OnceLock<Reads<'d>>,
    new_reads: OnceLock<Reads<'d>>,
    /// The controllers each version (old, new) names, once asked for.
    controllers: OnceLock<[HashSet<Arc<str>>; 2]>,
    /// The transfer mechanisms each version (old, new) names, once asked for.
    transfers: OnceLock<[HashSet<Arc<str>>; 2]>,
    /// The contact details each version (old, new) gives, as read, once asked for.
    contacts: OnceLock<[HashSet<Arc<str>>; 2]>,
    /// How many times each version (old, new) says each group of [`RIGHT_QUALIFIERS`], once
    /// asked for.
    qualifiers: OnceLock<[(usize, usize); RIGHT_QUALIFIERS.len()]>,
    /// Each version's first date statement and its date ([`effective_date_of`]), once
    /// searched.
    old_date: OnceLock<Option<(String, String)>>,
    new_date: OnceLock<Option<(String, String)>>,
    /// [`READ_AHEAD_BYTES`], or a test's limit.
    read_ahead_bytes: usize,
}

impl<'d> Versions<'d> {
    pub fn new(old: &'d Document, new: &'d Document) -> Versions<'d> {
        Versions {
            old,
            new,
            old_keys: OnceLock::new(),
            new_keys: OnceLock::new(),
            old_reads: OnceLock::new(),
            new_reads: OnceLock::new(),
            controllers: OnceLock::new(),
            transfers: OnceLock::new(),
            contacts: OnceLock::new(),
            qualifiers: OnceLock::new(),
            old_date: OnceLock::new(),
            new_date: OnceLock::new(),
            read_ahead_bytes: READ_AHEAD_BYTES,
        }
    }

    /// Makes the sentence keys of both versions and reads their changed sentences, unless made
    /// or being made: the new version's from its end back, then the old one's. A thread that
    /// compares the versions meanwhile reads its changes' sentences from the start on, and
    /// finds those this one got to first read. Then, if `dated` (the effective-date detector
    /// is on), searches the versions' date statements: in a policy without one, every
    /// sentence with a digit. Searched after the comparison, they kept the comparing thread
    /// busy (a diff of 20,000 short sections, each with a number: 47.6 ms, 45.1 read ahead).
    pub fn read_ahead(&self, dated: bool) {
        let (old, new) = (self.old_reads(), self.new_reads());
        new.read_all();
        old.read_all();
        // Whole versions are read for the transfer mechanisms, controllers and contact details
        // they name when a changed sentence names one (see `named`): read here, beside the
        // comparison, rather than on the way to the findings.
        let named = |of: Named| old.names_any(of) || new.names_any(of);
        if named(|r| &r.transfers) {
            self.transfers_anywhere();
        }
        if named(|r| &r.controllers) {
            self.controllers_anywhere();
        }
        if named(|r| &r.contacts) {
            self.contacts_anywhere();
        }
        if dated {
            self.unchanged_date();
        }
    }

    /// The new version's date statement if the old one states the same date: searched here
    /// unless searched, or waited for. The new version first: without a date statement there,
    /// the old one is not searched.
    fn unchanged_date(&self) -> Option<&str> {
        let (statement, new_date) = (self.new_date)
            .get_or_init(|| effective_date_of(self.new))
            .as_ref()?;
        let (_, old_date) = (self.old_date)
            .get_or_init(|| effective_date_of(self.old))
            .as_ref()?;
        (old_date == new_date).then_some(statement.as_str())
    }

    /// The old and new sides of `change`.
    fn sides(&self, change: ChangeAt) -> (Side<'_, 'd>, Side<'_, 'd>) {
        let (old, new) = (self.old_reads(), self.new_reads());
        (
            Side::new(
                old,
                sentences_of(self.old, old, change, false),
                self.old_keys(),
                self.new_keys(),
            ),
            Side::new(
                new,
                sentences_of(self.new, new, change, true),
                self.new_keys(),
                self.old_keys(),
            ),
        )
    }

    /// Whether the old version, or the new one, gives contact detail `label` anywhere in its
    /// text, in whole words and any case (labels are in lower case), an address with its
    /// street type written out or abbreviated, or in a sentence as read (an address written
    /// "privacy [at] example [dot] org"): one moved to another section is no contact added or
    /// removed.
    fn gives_contact(&self, old: bool, label: &str) -> bool {
        self.gives_contact_in_text(old, label)
            || self.contacts_anywhere()[usize::from(!old)].contains(contact_value(label).as_str())
    }

    fn gives_contact_in_text(&self, old: bool, label: &str) -> bool {
        let text = match old {
            true => self.old.source.text.as_bytes(),
            false => self.new.source.text.as_bytes(),
        };
        let other_spelling = contact_other_spelling(label);
        // Whole: "90 main street" is not given by "190 Main Street", nor "privacy@example.com"
        // by "eu-privacy@example.com" or "privacy@example.com.au", nor a web address by a
        // longer one ("1-800-275-2273" gives "800-275-2273", as the pattern reads it).
        let email = label.contains('@');
        let goes_on_before = |b: u8| b.is_ascii_alphanumeric() || (email && b"-_+%.".contains(&b));
        let gives = |at: usize, label: &[u8]| {
            let end = at + label.len();
            let continued = match text.get(end) {
                Some(b'.' | b'/') => text.get(end + 1).is_some_and(u8::is_ascii_alphanumeric),
                next => next.is_some_and(|&b| b.is_ascii_alphanumeric() || b"-_@".contains(&b)),
            };
            (text.get(at..end)).is_some_and(|said| said.eq_ignore_ascii_case(label))
                && !continued
                && !(at.checked_sub(1)).is_some_and(|before| goes_on_before(text[before]))
        };
        let Some(&first) = label.as_bytes().first() else {
            return true;
        };
        let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
        memchr::memchr2_iter(lower, upper, text).any(|at| {
            gives(at, label.as_bytes())
                || (other_spelling.as_ref()).is_some_and(|other| gives(at, other.as_bytes()))
        })
    }

    /// Whether the old version, or the new one, names transfer mechanism `label` anywhere (as
    /// [`names`] reads them: "we no longer rely on Privacy Shield" names none): a mechanism
    /// moved to another section, or whose sentence another change rewords, is none added or
    /// removed.
    fn names_transfer(&self, old: bool, label: &str) -> bool {
        self.transfers_anywhere()[usize::from(!old)].contains(label)
    }

    /// Whether the old version, or the new one, names company `label` as a controller
    /// anywhere (a company named only as something else does not count).
    /// How many times each version (old, new) says each group of [`RIGHT_QUALIFIERS`].
    fn qualifier_times(&self) -> &[(usize, usize); RIGHT_QUALIFIERS.len()] {
        self.qualifiers.get_or_init(|| {
            // Only sentences that may say one are put in words (a fully rewritten policy has a
            // hundred thousand sentences).
            let words = |doc: &Document| {
                let mut all = String::from(" ");
                for sentence in sentences(doc).filter(|s| may_hold_qualifier(s)) {
                    all.push_str(&key(sentence));
                    all.push(' ');
                }
                all
            };
            let (old, new) = (words(self.old), words(self.new));
            RIGHT_QUALIFIERS.map(|group| (times_said_in(&old, group), times_said_in(&new, group)))
        })
    }

    /// Which of `wanted` the old version, or the new one, states anywhere: in a sentence that
    /// states a practice (not an item's label alone, "Precise geolocation"), the same practice
    /// where one is sought, not as what is not done ("your location is never sold", "you do not
    /// have to give us your location"), and not asked ("Do we sell your data?"). Read on every
    /// core: the vocabulary's search reads a 6 MB version in 45 ms.
    fn names_affirmed(&self, old: bool, wanted: &[Sought]) -> Vec<bool> {
        let doc = if old { self.old } else { self.new };
        let texts: Vec<&str> = sentences(doc).collect();
        let parts = map_parts(
            &texts,
            |t| t.len(),
            READ_BYTES_PER_THREAD,
            |_, part| affirmed_in(part, wanted),
        );
        let mut found = vec![false; wanted.len()];
        for part in parts {
            for (found, in_part) in found.iter_mut().zip(part) {
                *found |= in_part;
            }
        }
        found
    }

    fn names_controller(&self, old: bool, label: &str) -> bool {
        self.controllers_anywhere()[usize::from(!old)].contains(label)
    }

    /// The transfer mechanisms each version (old, new) names.
    fn transfers_anywhere(&self) -> &[HashSet<Arc<str>>; 2] {
        self.labels_anywhere(&self.transfers, |s| match may_name_transfer(s) {
            true => names(s).transfers,
            false => Vec::new(),
        })
    }

    /// The companies each version (old, new) names as controllers.
    fn controllers_anywhere(&self) -> &[HashSet<Arc<str>>; 2] {
        self.labels_anywhere(&self.controllers, controllers)
    }

    /// The contact details each version (old, new) gives in a sentence, as read: their
    /// values (a number by its digits, a web address by its page: see [`contact_value`]).
    fn contacts_anywhere(&self) -> &[HashSet<Arc<str>>; 2] {
        let values = |text: &str| {
            let mut found = contacts(text);
            for m in &mut found {
                m.label = contact_value(&m.label).into();
            }
            found
        };
        self.labels_anywhere(&self.contacts, values)
    }

    /// The labels each version (old, new) names in its sentences as `read` reads them, kept in
    /// `named`: both versions read when either is first asked, a sentence both have (most of
    /// them) read once. Read a version at a time, a diff of two Microsoft versions ran 6 % more
    /// instructions.
    fn labels_anywhere<'v>(
        &self,
        named: &'v OnceLock<[HashSet<Arc<str>>; 2]>,
        read: impl Fn(&str) -> Vec<Mention>,
    ) -> &'v [HashSet<Arc<str>>; 2] {
        named.get_or_init(|| {
            let mut read_once: FastMap<&str, Vec<Arc<str>>> = FastMap::default();
            let mut labels = |doc: &'d Document| -> HashSet<Arc<str>> {
                (sentences(doc))
                    .flat_map(|s| {
                        let labels = read_once
                            .entry(s)
                            .or_insert_with(|| read(s).into_iter().map(|m| m.label).collect());
                        labels.clone()
                    })
                    .collect()
            };
            [labels(self.old), labels(self.new)]
        })
    }

    fn old_keys(&self) -> &Keys {
        self.old_keys.get_or_init(|| sentence_keys(self.old))
    }

    fn new_keys(&self) -> &Keys {
        self.new_keys.get_or_init(|| sentence_keys(self.new))
    }

    fn old_reads(&self) -> &Reads<'d> {
        let limit = self.read_ahead_bytes;
        (self.old_reads)
            .get_or_init(|| Reads::of(self.old, self.old_keys(), self.new_keys(), limit))
    }

    fn new_reads(&self) -> &Reads<'d> {
        let limit = self.read_ahead_bytes;
        (self.new_reads)
            .get_or_init(|| Reads::of(self.new, self.new_keys(), self.old_keys(), limit))
    }
}

/// The hashes of the [`key`]s of a version's sentences.
struct Keys {
    /// In [`sentences`] order.
    in_order: Vec<u64>,
    /// How many sentences have each: a promise said in a summary and again in its section,
    /// and edited in one, is changed though the other version still says it once.
    counts: FastMap<u64, u32>,
}

impl Keys {
    fn count(&self, hash: u64) -> u32 {
        self.counts.get(&hash).copied().unwrap_or(0)
    }

    /// Whether the sentence of `hash` is said fewer times in `others` than here.
    fn fewer_in(&self, others: &Keys, hash: u64) -> bool {
        others.count(hash) < self.count(hash)
    }
}

/// The [`Keys`] of `doc`. Each key is hashed as it is made: none is kept.
fn sentence_keys(doc: &Document) -> Keys {
    let in_order: Vec<u64> = (sentences(doc))
        .map(|s| {
            let mut hash = WordHasher::default();
            key_bytes(s, &mut hash);
            hash.finish()
        })
        .collect();
    // Sized once: grown from nothing, the map rehashed every key several times.
    let mut counts = FastMap::with_capacity_and_hasher(in_order.len(), Default::default());
    for &hash in &in_order {
        *counts.entry(hash).or_insert(0) += 1;
    }
    Keys { in_order, counts }
}

/// A version's changed sentences — those the other version says fewer times — each read once,
/// by the first thread that asks.
struct Reads<'d> {
    /// The place of each section's first sentence in the version's [`sentences`].
    section_starts: Vec<usize>,
    /// The changed sentences' places in [`sentences`], in order, and their texts.
    changed: Vec<(usize, &'d str)>,
    readings: Vec<OnceLock<Reading>>,
}

/// Past this many bytes of changed sentences in a version (their text, and the room for their
/// readings), they are not kept read: each change's are read when it is compared, on as many
/// threads as its size calls for (a 6 MB policy rewritten word for word would keep 30 MB of
/// readings).
const READ_AHEAD_BYTES: usize = 1 << 20;

/// What keeping one changed sentence read takes besides its text, before what it names.
const READ_AHEAD_ROOM: usize =
    std::mem::size_of::<(usize, &str)>() + std::mem::size_of::<OnceLock<Reading>>();

impl<'d> Reads<'d> {
    fn of(doc: &'d Document, mine: &Keys, others: &Keys, limit: usize) -> Reads<'d> {
        let mut section_starts = Vec::with_capacity(doc.sections.len());
        let mut changed = Vec::new();
        // In the order the hashes were made: a zip takes a text before its hash.
        let mut hashes = mine.in_order.iter();
        let mut at = 0;
        for section in &doc.sections {
            section_starts.push(at);
            for (text, hash) in section_sentences(section).zip(hashes.by_ref()) {
                if mine.fewer_in(others, *hash) {
                    changed.push((at, text));
                }
                at += 1;
            }
        }
        let room = |&(_, text): &(usize, &str)| text.len() + READ_AHEAD_ROOM;
        if changed.iter().map(room).sum::<usize>() > limit {
            // Dropped, not cleared: a rewritten 6 MB policy lists a megabyte of them.
            changed = Vec::new();
        }
        Reads {
            section_starts,
            readings: changed.iter().map(|_| OnceLock::new()).collect(),
            changed,
        }
    }

    /// Whether a changed sentence read so far names something of the kind `of` reads.
    fn names_any(&self, of: Named) -> bool {
        (self.readings.iter()).any(|r| r.get().is_some_and(|r| !of(r).is_empty()))
    }

    /// Reads every changed sentence not read yet, from the last.
    fn read_all(&self) {
        for ((_, text), reading) in self.changed.iter().zip(&self.readings).rev() {
            reading.get_or_init(|| names(text));
        }
    }

    /// What the sentence at `at` in the version's [`sentences`] names, if it changed.
    fn reading(&self, at: usize, text: &str) -> Reading {
        match self.changed.binary_search_by_key(&at, |&(k, _)| k) {
            Ok(k) => {
                debug_assert!(std::ptr::eq(self.changed[k].1, text), "{at}: {text}");
                self.readings[k].get_or_init(|| names(text)).clone()
            }
            Err(_) => {
                debug_assert!(self.changed.is_empty(), "{at} is not changed: {text}");
                // More changed text than is kept read.
                names(text)
            }
        }
    }
}

/// The [`word_list`] of each sentence `open` (changed, and not paired yet): what [`pairs`]
/// compares.
fn word_lists(side: &Side, open: &[bool]) -> Vec<Vec<u64>> {
    (side.keys.iter().zip(open))
        .map(|(k, &open)| if open { word_list(k) } else { Vec::new() })
        .collect()
}

/// What a reading names of one kind.
type Named = fn(&Reading) -> &[Mention];

/// One side of a change, read.
struct Side<'r, 't> {
    /// What the version's changed sentences name.
    reads: &'r Reads<'t>,
    /// Where the first text is in the version's [`sentences`].
    first: usize,
    texts: Vec<&'t str>,
    /// The [`key`] of each text.
    keys: Vec<String>,
    /// The hash of each key.
    key_hashes: Vec<u64>,
    readings: Vec<Reading>,
    /// Which sentences the other version says fewer times (most often, nowhere).
    changed: Vec<bool>,
    /// Which changed sentences the other version says too: a promise said twice and edited in
    /// one place. Such a sentence is changed only where the change edits it ([`Self::settle`]).
    repeated: Vec<bool>,
    /// The negations of each sentence, found when first asked for.
    negations: Vec<OnceCell<Vec<Negation>>>,
    /// The practices each sentence negates ([`Self::negated_practices`]), found when first
    /// asked for: a pair asks of its two, and the counts of [`Self::negating`] of all.
    negated: Vec<OnceCell<Vec<NegatedPractice>>>,
    /// How many changed sentences negate each practice they negate, counted when first asked
    /// for (a large change asked of its sentences one by one would count them all again).
    negating: OnceCell<Vec<(Practice, usize)>>,
    /// Each sentence as the findings that name it keep it, made when first asked for.
    kept: Vec<OnceCell<Arc<str>>>,
}

impl<'r, 't> Side<'r, 't> {
    /// The side of `texts`, from place `first` in the version whose keys are `mine`.
    fn new(
        reads: &'r Reads<'t>,
        (first, texts): (usize, Vec<&'t str>),
        mine: &Keys,
        others: &Keys,
    ) -> Side<'r, 't> {
        let keys: Vec<String> = texts.iter().map(|s| key(s)).collect();
        // Hashed already, with the version's keys (places past them, which its walk cannot
        // give, are hashed here).
        let key_hashes: Vec<u64> = match mine.in_order.get(first..first + texts.len()) {
            Some(hashes) => hashes.to_vec(),
            None => keys.iter().map(|k| hash_bytes(k.as_bytes())).collect(),
        };
        let changed: Vec<bool> = (key_hashes.iter())
            .map(|&h| mine.fewer_in(others, h))
            .collect();
        let repeated = (key_hashes.iter().zip(&changed))
            .map(|(&h, &changed)| changed && others.count(h) > 0)
            .collect();
        Side {
            changed,
            repeated,
            reads,
            first,
            keys,
            key_hashes,
            negations: texts.iter().map(|_| OnceCell::new()).collect(),
            negated: texts.iter().map(|_| OnceCell::new()).collect(),
            negating: OnceCell::new(),
            kept: texts.iter().map(|_| OnceCell::new()).collect(),
            texts,
            readings: Vec::new(),
        }
    }

    /// Takes the repeated sentences ([`Self::repeated`]) that `unchanged` tells of, by place and
    /// hash, for unchanged.
    fn settle(&mut self, unchanged: impl Fn(usize, u64) -> bool) {
        for k in 0..self.changed.len() {
            if self.repeated[k] && self.changed[k] && unchanged(k, self.key_hashes[k]) {
                self.changed[k] = false;
            }
        }
    }

    /// Sentence `k`, shared by every finding of the change that names it (a label of each
    /// kind, a negation): one copy, where a policy rewritten throughout names a hundred
    /// thousand labels.
    fn kept(&self, k: usize) -> Arc<str> {
        Arc::clone(self.kept[k].get_or_init(|| Arc::from(self.texts[k])))
    }

    /// The words of the side's sentences, one space before, between and after each: what a
    /// run of words is looked for in.
    fn words(&self) -> String {
        format!(" {} ", self.keys.join(" "))
    }

    /// The words of the sentences within `reach` of sentence `k`, as [`Self::words`].
    fn words_near(&self, k: usize, reach: usize) -> String {
        let near = k.saturating_sub(reach)..(k + reach + 1).min(self.keys.len());
        format!(" {} ", self.keys[near].join(" "))
    }

    /// The negations of sentence `k`.
    fn negations(&self, k: usize) -> &[Negation] {
        self.negations[k].get_or_init(|| negations(self.texts[k]))
    }

    /// The practices sentence `k` promises not to carry out (see [`negated_practices`]): those
    /// its negations of the practice negate, not what the user may not do. Each with the words
    /// from the cue's on to the practice's ("not \"sell\" or \"share\"").
    fn negated_practices(&self, k: usize) -> &[NegatedPractice] {
        self.negated[k].get_or_init(|| {
            let text = self.texts[k];
            (self.negations(k).iter())
                .filter(|n| n.negates_practice() && !n.of_user)
                .flat_map(|n| {
                    let from = cue_word_start(text, n);
                    (negated_practices(text, n).into_iter())
                        .map(move |(p, word)| (p, from..word.end))
                })
                .collect()
        })
    }

    /// How many changed sentences negate practice `p`.
    fn negating(&self, p: Practice) -> usize {
        let counts = self.negating.get_or_init(|| {
            let mut counts: Vec<(Practice, usize)> = Vec::new();
            for k in (0..self.texts.len()).filter(|&k| self.changed[k]) {
                let mut negated: Vec<Practice> = Vec::new();
                for (p, _) in self.negated_practices(k) {
                    if !negated.contains(p) {
                        negated.push(*p);
                    }
                }
                for p in negated {
                    match counts.iter_mut().find(|(q, _)| *q == p) {
                        Some((_, n)) => *n += 1,
                        None => counts.push((p, 1)),
                    }
                }
            }
            counts
        });
        (counts.iter())
            .find(|(q, _)| *q == p)
            .map_or(0, |(_, n)| *n)
    }

    /// Whether `mention` of sentence `k` stands after a negation's cue, in its clause: "we do
    /// not sell your location" names a location as what is not sold ("we collect your location
    /// and do not sell it" names one collected). What the user cannot do is no such negation:
    /// "you cannot opt out of our collection of your location" names one collected.
    fn negated(&self, k: usize, mention: &Mention) -> bool {
        self.negated_by(k, mention, |_| true)
    }

    /// Whether `mention` of sentence `k` is what its practice is negated for: "we do not
    /// collect biometric data", not "apps that cannot use your precise location may still
    /// have your general location", whose relative clause may end anywhere.
    fn practice_negated(&self, k: usize, mention: &Mention) -> bool {
        self.negated_by(k, mention, Negation::negates_practice)
    }

    fn negated_by(&self, k: usize, mention: &Mention, counts: fn(&Negation) -> bool) -> bool {
        negated_in(self.negations(k), mention, counts)
    }

    /// Reads the changed sentences (or takes what another thread read of them).
    fn read_changed(&mut self) {
        let (reads, first, changed) = (self.reads, self.first, &self.changed);
        let read = |start: usize, part: &[&str]| -> Vec<Reading> {
            (part.iter().enumerate())
                .map(|(k, s)| match changed[start + k] {
                    true => reads.reading(first + start + k, s),
                    false => Reading::default(),
                })
                .collect()
        };
        let mut parts = map_parts(&self.texts, |s| s.len(), READ_BYTES_PER_THREAD, read);
        // Moved, not copied: one part unless the change is large.
        self.readings = match parts.len() {
            1 => parts.swap_remove(0),
            _ => parts.into_iter().flatten().collect(),
        };
    }

    /// The labels of one kind that this side's changed sentences name and the other's do not.
    fn only_changed_name(&self, other: &Side, of: Named) -> Vec<Arc<str>> {
        let labels = |side: &Side| -> HashSet<Arc<str>> {
            (side.readings.iter().zip(&side.changed))
                .filter(|(_, changed)| **changed)
                .flat_map(|(r, _)| of(r).iter().map(|m| m.label.clone()))
                .collect()
        };
        let theirs = labels(other);
        let mut mine: Vec<Arc<str>> = labels(self)
            .into_iter()
            .filter(|l| !theirs.contains(l))
            .collect();
        mine.sort();
        mine
    }

    /// Reads the unchanged sentences that may name one of `wanted`: labels only the other
    /// side's changed sentences name, which are material unless this side names them too.
    /// An unchanged sentence names nothing else that could tell.
    ///
    /// Quantities and contact details are values, not labels: for them every unchanged
    /// sentence is read, but only for values (a whole reading of each was most of a large
    /// change's cost; the vocabulary labels it found could tell nothing more).
    fn read_unchanged(&mut self, wanted: &Wanted) {
        let changed = &self.changed;
        let read = |start: usize, part: &[&str]| -> Vec<(usize, Reading)> {
            (part.iter().enumerate())
                .filter(|&(k, _)| !changed[start + k])
                .filter_map(|(k, &text)| {
                    let reading =
                        if (wanted.label_search.as_ref()).is_some_and(|l| l.may_name(text)) {
                            names(text)
                        } else if wanted.values {
                            values(text)
                        } else {
                            return None;
                        };
                    Some((start + k, reading))
                })
                .collect()
        };
        let parts = map_parts(&self.texts, |s| s.len(), READ_BYTES_PER_THREAD, read);
        for (k, reading) in parts.into_iter().flatten() {
            self.readings[k] = reading;
        }
    }
}

/// What one side's unchanged sentences are read for.
struct Wanted {
    /// The search for vocabulary labels, if any are wanted.
    label_search: Option<LabelSearch>,
    /// Quantities or contact details: read every unchanged sentence for them.
    values: bool,
}

impl Wanted {
    /// Labels the changed sentences of `changed` name and those of `other` do not.
    fn of(changed: &Side, other: &Side) -> Wanted {
        let (mut labels, mut values) = (Vec::new(), false);
        for (kind, _, of) in NAMED_KINDS {
            let named = changed.only_changed_name(other, of);
            if VALUE_KINDS.contains(&kind) {
                values |= !named.is_empty();
            } else {
                labels.extend(named);
            }
        }
        Wanted {
            label_search: (!labels.is_empty()).then(|| LabelSearch::new(&labels)),
            values,
        }
    }
}

/// Which of `wanted` (see [`Versions::names_affirmed`]) `texts` name. Only sentences that may
/// name a label not found yet are read, and a run of them is asked about at once first: asked
/// of each sentence, the vocabulary's search took twice as long.
fn affirmed_in(texts: &[&str], wanted: &[Sought]) -> Vec<bool> {
    let mut found = vec![false; wanted.len()];
    let search = |found: &[bool]| {
        let left: Vec<Arc<str>> = (wanted.iter().zip(found))
            .filter(|(_, found)| !**found)
            .map(|((_, label, _), _)| Arc::clone(label))
            .collect();
        LabelSearch::new(&left)
    };
    let mut labels = search(&found);
    let mut run = String::new();
    let mut k = 0;
    while k < texts.len() {
        let mut end = k;
        run.clear();
        while end < texts.len() && run.len() < RUN_BYTES {
            run.push_str(texts[end]);
            run.push('\0');
            end += 1;
        }
        if labels.may_name(&run) {
            for text in &texts[k..end] {
                if labels.may_name(text) && affirms(text, wanted, &mut found) {
                    if !found.contains(&false) {
                        return found;
                    }
                    labels = search(&found);
                }
            }
        }
        k = end;
    }
    found
}

/// How many bytes of sentences [`Versions::names_affirmed`] asks about at once.
const RUN_BYTES: usize = 16 << 10;

/// A label sought in the other version: the noun of its kind ([`NAMED_KINDS`]), the label,
/// and the practice it must be stated with, if any.
type Sought = (&'static str, Arc<str>, Option<Practice>);

/// Marks in `found` each of `wanted` (see [`Versions::names_affirmed`]) that `text` states;
/// whether it marked one.
fn affirms(text: &str, wanted: &[Sought], found: &mut [bool]) -> bool {
    // Asked, or only supposed: "If we ever share your health information, …".
    let opening = text.get(..12).unwrap_or(text).to_ascii_lowercase();
    if text.trim_end().ends_with('?') || opening.starts_with("if we ") {
        return false;
    }
    let reading = names(text);
    let Some((practice, _)) = reading.practice.as_ref() else {
        return false;
    };
    let sentence_negations = OnceCell::new();
    let mut more = false;
    for (at, (noun, label, with)) in wanted.iter().enumerate() {
        let Some((_, _, of)) = NAMED_KINDS.iter().find(|(_, n, _)| n == noun) else {
            continue;
        };
        if found[at] || with.is_some_and(|with| with != *practice) {
            continue;
        }
        // In the clause of any negation, the user's too: "you cannot opt out".
        let negated = |m: &Mention| {
            (sentence_negations.get_or_init(|| negations(text)).iter())
                .any(|n| n.clause.start <= m.span.start && m.span.end <= n.clause.end)
        };
        if of(&reading)
            .iter()
            .any(|m| m.label == *label && !negated(m))
        {
            (found[at], more) = (true, true);
        }
    }
    more
}

/// Whether `mention` is in the clause of one of a sentence's `negations` that `counts`, of the
/// company's doing.
fn negated_in(negations: &[Negation], mention: &Mention, counts: fn(&Negation) -> bool) -> bool {
    negations.iter().any(|n| {
        counts(n)
            && !n.of_user
            && n.cue.start <= mention.span.start
            && mention.span.end <= n.clause.end
    })
}

/// The kinds of things a reading names that a change can add or remove.
const NAMED_KINDS: [(&str, &str, Named); 8] = [
    ("quantity", "quantity", |r| &r.quantities),
    ("data-category", "data category", |r| &r.data_categories),
    ("purpose", "purpose", |r| &r.purposes),
    ("recipient", "recipient", |r| &r.recipients),
    ("right", "right", |r| &r.rights),
    ("transfer", "transfer mechanism", |r| &r.transfers),
    ("contact", "contact", |r| &r.contacts),
    // Who answers for the data is part of the contact details a policy owes.
    ("contact", "controller", |r| &r.controllers),
];

/// The kinds a negated clause names as what is not done: "we do not share your location with
/// advertisers".
const NEGATABLE_KINDS: [&str; 3] = ["data-category", "purpose", "recipient"];

/// The kinds whose labels are values read from the text, not vocabulary labels.
const VALUE_KINDS: [&str; 2] = ["quantity", "contact"];

/// For an item added or removed whole, or a section's introduction, the section it is in, by
/// its place in the new version (a removed item's old section, paired): rows of one table
/// added and removed one by one, entries of a list made prose of the introduction.
fn row_of(cmp: &Comparison, change: &Change) -> Option<usize> {
    let new_of_old = || cmp.sections.new_of(change.old?.section);
    match (change.target, change.kind) {
        (Target::Item, ChangeKind::Added) => change.new.map(|p| p.section),
        (Target::Item, ChangeKind::Removed) => new_of_old(),
        (Target::Intro, _) => change.new.map(|p| p.section).or_else(new_of_old),
        _ => None,
    }
}

/// The material changes between the `old` and `new` sides of a change.
fn compare_texts(old: Side, new: Side, versions: &Versions) -> Vec<Found> {
    // Re-punctuated or re-split sentences: the same words in the same order.
    let (old_words, new_words) = (old.words(), new.words());
    if old_words == new_words {
        return Vec::new();
    }
    let (mut old, mut new) = (old, new);
    // A repeated sentence that the other side of the change says too is kept there: the copy
    // edited, if any, is elsewhere.
    let said = |side: &Side| -> FastSet<u64> { side.key_hashes.iter().copied().collect() };
    if old.repeated.contains(&true) {
        let new_says = said(&new);
        old.settle(|_, hash| new_says.contains(&hash));
    }
    if new.repeated.contains(&true) {
        let old_says = said(&old);
        new.settle(|_, hash| old_says.contains(&hash));
    }
    if !old.changed.iter().chain(&new.changed).any(|&c| c) {
        return Vec::new();
    }
    old.read_changed();
    new.read_changed();
    // Read again after more sentences are: each party is taken once.
    list_recipients(&old.texts, &mut old.readings);
    list_recipients(&new.texts, &mut new.readings);
    let (added, removed) = (Wanted::of(&new, &old), Wanted::of(&old, &new));
    old.read_unchanged(&added);
    new.read_unchanged(&removed);
    list_recipients(&old.texts, &mut old.readings);
    list_recipients(&new.texts, &mut new.readings);
    let mut out = Vec::new();
    let qualifier_times = QualifierTimes::default();
    let search = Search {
        left: Cell::new(SEARCH_BYTES),
    };
    let (mut old_paired, mut new_paired) =
        (vec![false; old.texts.len()], vec![false; new.texts.len()]);
    // Edited sentences are paired first, then repeated ones with what is left: a copy only
    // taken out takes no edited sentence's pair.
    let unrepeated = |s: &Side| -> Vec<bool> {
        (s.changed.iter().zip(&s.repeated))
            .map(|(&changed, &repeated)| changed && !repeated)
            .collect()
    };
    let mut pairs = sentence_pairs((&old, &unrepeated(&old)), (&new, &unrepeated(&new)));
    for &(i, j) in &pairs {
        (old_paired[i], new_paired[j]) = (true, true);
    }
    if old.repeated.contains(&true) || new.repeated.contains(&true) {
        let left = |s: &Side, paired: &[bool]| -> Vec<bool> {
            (s.changed.iter().zip(paired))
                .map(|(&changed, &paired)| changed && !paired)
                .collect()
        };
        let (old_left, new_left) = (left(&old, &old_paired), left(&new, &new_paired));
        let more = sentence_pairs((&old, &old_left), (&new, &new_left));
        for &(i, j) in &more {
            (old_paired[i], new_paired[j]) = (true, true);
        }
        pairs.extend(more);
    }
    // A repeated sentence is changed where it is edited, not where it is only taken out or put
    // in: the other version still says it.
    old.settle(|k, _| !old_paired[k]);
    new.settle(|k, _| !new_paired[k]);
    for (i, j) in pairs {
        let (ta, tb) = (old.texts[i], new.texts[j]);
        let (wa, wb) = (key_words(&old.keys[i]), key_words(&new.keys[j]));
        let (na, nb) = (of_practice(old.negations(i)), of_practice(new.negations(j)));
        // Searched only where a negation comes or goes.
        let (ow, nw) = match na.len() == nb.len() {
            true => (Cow::Borrowed(&*old_words), Cow::Borrowed(&*new_words)),
            false => (
                search.words(&old, &old_words, i),
                search.words(&new, &new_words, j),
            ),
        };
        let (oa, ob) = ((ta, &*na, &*ow), (tb, &*nb, &*nw));
        let negation = negation(oa, ob, &wa, &wb)
            .or_else(|| consent((ta, &na), (tb, &nb), &wa, &wb))
            .or_else(|| negated_practice((&old, i), (&new, j)));
        if let Some(message) = negation {
            out.push(material("negation", message, ta, tb));
        } else if let Some((kind, message)) = exception((&old, i), (&new, j), &wa, &wb) {
            out.push(material(kind, message, ta, tb));
        } else {
            let qualifiers = right_qualifiers(
                [Some((&old, i, &wa)), Some((&new, j, &wb))],
                (&old_words, &new_words),
                &qualifier_times,
                (versions, &[]),
            );
            out.extend(qualifiers.into_iter().map(|m| material("right", m, ta, tb)));
        }
        let shifts = [
            practice((&old, i), (&new, j), &wa, &wb),
            consent_condition((&old, i), (&new, j), &wa, &wb),
        ];
        for message in shifts.into_iter().flatten() {
            out.push(material("practice", message, ta, tb));
        }
        if let Some(message) = modality(&wa, &wb) {
            out.push(material("modality", message, ta, tb));
        }
    }
    let named_kinds: Vec<Found> = (NAMED_KINDS.into_iter())
        .flat_map(|(kind, noun, of)| named(&old, &new, (kind, noun, of), versions))
        .collect();
    // The rights the change removes or adds: a qualifier gone with its right is no more news.
    let rights_named: Vec<Arc<str>> = (named_kinds.iter())
        .filter_map(|f| f.said.as_ref().filter(|s| s.noun == "right"))
        .flat_map(|s| {
            s.removed
                .iter()
                .chain(&s.added)
                .map(|(label, _)| Arc::clone(label))
        })
        .collect();
    // A qualifier gone (or come) with its whole sentence, the right still named elsewhere.
    for (side, paired, removed) in [(&old, &old_paired, true), (&new, &new_paired, false)] {
        for k in (0..side.texts.len()).filter(|&k| side.changed[k] && !paired[k]) {
            // Most sentences name no right, or hold no word a qualifier ends in: their words
            // are not listed.
            if side.readings.get(k).is_none_or(|r| r.rights.is_empty())
                || !side.keys[k].split(' ').any(ends_a_qualifier)
            {
                continue;
            }
            let words = key_words(&side.keys[k]);
            let one = Some((side, k, &words[..]));
            let sentences = if removed { [one, None] } else { [None, one] };
            let qualifiers = right_qualifiers(
                sentences,
                (&old_words, &new_words),
                &qualifier_times,
                (versions, &rights_named),
            );
            out.extend(qualifiers.into_iter().map(|message| Material {
                kind: "right".to_string(),
                message,
                old: removed.then(|| side.texts[k].into()),
                new: (!removed).then(|| side.texts[k].into()),
            }));
        }
    }
    let mut out: Vec<Found> = out.into_iter().map(Found::alone).collect();
    let (old_side, new_side) = (
        (&old, &*old_paired, &*old_words),
        (&new, &*new_paired, &*new_words),
    );
    out.extend(unpaired_negations(
        (&old, &old_paired),
        new_side,
        &search,
        true,
    ));
    out.extend(unpaired_negations(
        (&new, &new_paired),
        old_side,
        &search,
        false,
    ));
    // A recipient named anew says more of a new disclosure than its sentence does.
    let recipients_named = |removed: bool| {
        (named_kinds.iter()).any(|f| {
            f.said.as_ref().is_some_and(|s| {
                s.noun == "recipient" && !(if removed { &s.removed } else { &s.added }).is_empty()
            })
        })
    };
    for (side, paired, other, removed) in [
        (&old, &*old_paired, (&new, &*new_paired, &*new_words), true),
        (&new, &*new_paired, (&old, &*old_paired, &*old_words), false),
    ] {
        if !recipients_named(removed) {
            out.extend(unpaired_disclosure((side, paired), other, removed));
        }
    }
    out.extend(named_kinds);
    out
}

/// The first disclosure a change adds (removes) with its sentence, the parties it names being
/// named elsewhere already: Pinterest's new "We may also provide partners with information
/// about you so that advertisers can show you ads on or off of Pinterest." beside "We share
/// data … through our partners". A sentence that shares or sells, to others than the company,
/// is not negated there, and names its recipients; not one that an unpaired sentence of the
/// other side rewords (the same practice, to the same parties), nor one whose words from the
/// verb to the last party the other side still says ([`Side::words`]: `other_words`).
fn unpaired_disclosure(
    (side, paired): (&Side, &[bool]),
    (other, other_paired, other_words): (&Side, &[bool], &str),
    removed: bool,
) -> Option<Found> {
    fn disclosure<'s>(side: &'s Side, k: usize) -> Option<(Practice, Vec<&'s str>)> {
        let reading = side.readings.get(k)?;
        let (practice, at) = reading.practice.as_ref()?;
        let text = side.texts[k];
        // Not what the user does in the verb's clause ("You can also send information to
        // third-party apps", "If you as a merchant use a third party to share"; not "If you use
        // our app, we share …"), nor data shared by a party with the company ("information
        // shared by ad partners"), nor a sale of the company's products, a "share" button, or a
        // transfer (the transfer detector's).
        let clause = text[..at.start]
            .rsplit([',', ';', ':'])
            .next()
            .unwrap_or_default();
        let users = (clause.split_whitespace()).any(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .eq_ignore_ascii_case("you")
        });
        let after = text[at.end..].trim_start();
        let verb = text[at.clone()].to_ascii_lowercase();
        let gives = gives_away(reading.practice.as_ref(), text)
            && verb != "sale"
            && !verb.starts_with("transfer")
            && !users
            && !after.starts_with("by ")
            && !after.starts_with("button")
            && !reading.recipients.is_empty();
        // (Negations are read last: only of the sentences that share.)
        let negated = || {
            (side.negations(k).iter()).any(|n| n.cue.start <= at.start && at.end <= n.clause.end)
        };
        if !gives || negated() {
            return None;
        }
        let mut parties: Vec<&str> = reading.recipients.iter().map(|m| &*m.label).collect();
        parties.sort_unstable();
        parties.dedup();
        Some((*practice, parties))
    }
    let unpaired = |side: &Side, paired: &[bool], k: usize| side.changed[k] && !paired[k];
    // From the verb to the last party after it: "disclose personal data to the following
    // categories of third parties".
    let still_said = |k: usize| {
        let at = (side.readings[k].practice.as_ref()).map_or(0..0, |(_, at)| at.clone());
        let end = (side.readings[k].recipients.iter())
            .map(|m| m.span.end)
            .filter(|&end| end > at.end)
            .max();
        end.is_some_and(|end| {
            other_words.contains(&format!(" {} ", key(&side.texts[k][at.start..end])))
        })
    };
    // Read once: a rewritten policy has thousands of sentences on each side.
    let reworded: HashSet<(Practice, Vec<&str>)> = (0..other.texts.len())
        .filter(|&m| unpaired(other, other_paired, m))
        .filter_map(|m| disclosure(other, m))
        .collect();
    let (k, (_, parties)) = (0..side.texts.len())
        .filter(|&k| unpaired(side, paired, k))
        .filter_map(|k| Some((k, disclosure(side, k)?)))
        .find(|(k, said)| !reworded.contains(said) && !still_said(*k))?;
    // The words about the verb: a run of table cells read as one sentence opens far from it.
    let text = side.texts[k];
    let at = (side.readings[k].practice.as_ref()).map_or(0, |(_, at)| at.start);
    let words: Vec<&str> = text.split_whitespace().collect();
    let shown = words_about(&words, text[..at].split_whitespace().count(), 10);
    Some(with_its_sentence(
        (side, k),
        removed,
        ("practice", "disclosure"),
        |what| format!("disclosure {what}: \"{shown}\" (to {})", parties.join(", ")),
    ))
}

/// The negated practices (ours before those that restrict the user, then what is not done
/// without consent), one a sentence, stated by the changed sentences of `side` that have no pair
/// in
/// `other` (a sentence removed or added whole: "We do not sell your personal information."),
/// unless what it negates still stands in `other`'s text: "we do not sell data, and we share
/// it" split into "We do not sell data." and "We share it.", or another sentence of `other`
/// left unpaired says it in other words (see [`restated`]). Other negations in such sentences
/// ("some features may not work") promise nothing.
/// `removed`: `side` is the old one. Each is a finding of the change, unless another change
/// says it, moved ([`cancel_moved`]): a section rewritten may drop several promises.
fn unpaired_negations(
    (side, paired): (&Side, &[bool]),
    (other, other_paired, other_words): (&Side, &[bool], &str),
    search: &Search,
    removed: bool,
) -> Vec<Found> {
    let unpaired = || {
        (0..side.texts.len())
            .filter(|&k| side.changed[k] && !paired[k])
            .filter(|&k| !restated((side, k), (other, other_paired)))
            // A sentence that states no practice negates none: its negations are not looked
            // for.
            .filter_map(|k| Some((k, side.readings[k].practice.as_ref()?.1.clone())))
    };
    let negates = |k: usize, practice: &Range<usize>, n: &Negation| {
        n.is_commitment() && n.cue.start <= practice.start && practice.end <= n.clause.end && {
            // About the sentence's place in the other side, if it must look there only.
            let near = k * other.texts.len() / side.texts.len().max(1);
            !stands(side.texts[k], n, &search.words(other, other_words, near))
        }
    };
    // A sentence's first negation: what is done with the user's data before what the user
    // cannot do ("We do not sell your data" before "you may not opt out of service messages");
    // last, what is not done without the user's consent ("we do not share it without your
    // consent").
    let (mut ours, mut of_user, mut consent) = (Vec::new(), Vec::new(), Vec::new());
    for (k, practice) in unpaired() {
        // (Each read once: whether a negation still stands is a search of the other side.)
        let negated: Vec<&Negation> = (side.negations(k).iter())
            .filter(|n| negates(k, &practice, n))
            .collect();
        if let Some(n) = negated.iter().find(|n| !n.of_user) {
            ours.push((k, (*n).clone()));
        } else if let Some(n) = negated.first() {
            of_user.push((k, (*n).clone()));
        } else if let Some((n, _)) =
            (consent_negations(side.texts[k]).into_iter()).find(|(n, _)| negates(k, &practice, n))
        {
            consent.push((k, n));
        }
    }
    (ours.into_iter().chain(of_user).chain(consent))
        .map(|(k, negation)| negation_with_its_sentence(side, k, &negation, removed))
        .collect()
}

/// The negation of sentence `k` of `side`, removed (added) with its sentence.
fn negation_with_its_sentence(side: &Side, k: usize, negation: &Negation, removed: bool) -> Found {
    with_its_sentence((side, k), removed, ("negation", "negation"), |what| {
        format!("negation {what}: \"{}\"", quote(side.texts[k], negation))
    })
}

/// A finding of `kind` about sentence `k` of `side`, removed (added) whole: its `message` is
/// given "removed with its sentence" ("added in a new sentence"). Its sentence is what it says
/// removed (added), as `noun`, for a change elsewhere that adds (removes) it moved and edited.
fn with_its_sentence(
    (side, k): (&Side, usize),
    removed: bool,
    (kind, noun): (&str, &'static str),
    message: impl FnOnce(&str) -> String,
) -> Found {
    let sentence = Some(side.kept(k));
    let what = match removed {
        true => "removed with its sentence",
        false => "added in a new sentence",
    };
    let material = Material {
        kind: kind.to_string(),
        message: message(what),
        old: if removed { sentence.clone() } else { None },
        new: if removed { None } else { sentence },
    };
    let said = vec![(Arc::from(""), side.kept(k))];
    let (removed, added) = if removed {
        (said, Vec::new())
    } else {
        (Vec::new(), said)
    };
    Found {
        material,
        said: Some(Said {
            noun,
            removed,
            added,
        }),
    }
}

/// Eight words of the clause `negation` negates, "we do not sell your personal information",
/// without the break it starts with (", but we do not sell it"); in a longer clause the eight
/// around the cue: "… with Apple, you may not opt out of receiving …".
fn quote(text: &str, negation: &Negation) -> String {
    const WORDS: usize = 8;
    let raw = &text[negation.clause.clone()];
    let clause = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
    let clause_start = negation.clause.start + (raw.len() - clause.len());
    let clause = clause.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != ')');
    // The words before the cue's word ("do" of "don't" is the cue's).
    let cue_word = text[..negation.cue.start]
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + 1);
    let mut before_cue = text[clause_start..cue_word.max(clause_start)]
        .split_whitespace()
        .count();
    let mut words: Vec<&str> = clause.split_whitespace().collect();
    // "but", "while", "and" after the break: the clause is what follows.
    if (words.first()).is_some_and(|w| CLAUSE_LINKS.iter().any(|l| w.eq_ignore_ascii_case(l))) {
        // "… and does not store it": no subject of its own; quoted with the clause before.
        if before_cue <= 2 && words[0].eq_ignore_ascii_case("and") && negation.clause.start > 0 {
            let sentence = Negation {
                clause: 0..negation.clause.end,
                ..negation.clone()
            };
            return quote(text, &sentence);
        }
        words.remove(0);
        before_cue = before_cue.saturating_sub(1);
    }
    words_about(&words, before_cue, WORDS)
}

/// `size` words of `words` about the one at `at` (a negation's cue, a practice's verb): from
/// the start if it is among the first words, else from a few words before it, but never fewer
/// than `size` words in all; "…" where words are left out.
fn words_about(words: &[&str], at: usize, size: usize) -> String {
    const BEFORE: usize = 3;
    let start = match at {
        n if n + BEFORE < size => 0,
        n => (n - BEFORE).min(words.len().saturating_sub(size)),
    };
    let end = words.len().min(start + size);
    let mut quoted = if start > 0 { "… " } else { "" }.to_string();
    quoted.push_str(&words[start..end].join(" "));
    if end < words.len() {
        quoted.push_str(" …");
    }
    quoted
}

/// Words a clause break leaves at the start of the clause it opens.
const CLAUSE_LINKS: [&str; 7] = [
    "but", "while", "whereas", "although", "though", "however", "and",
];

/// The negations of a sentence's practice and of what its recipients may do, without what its
/// relative clauses say of a noun.
fn of_practice(negations: &[Negation]) -> Cow<'_, [Negation]> {
    match negations.iter().all(Negation::is_commitment) {
        false => Cow::Owned(
            negations
                .iter()
                .filter(|n| n.is_commitment())
                .cloned()
                .collect(),
        ),
        true => Cow::Borrowed(negations),
    }
}

/// Whether what `negation` of `text` negates, from the cue's word on ("don't sell your data"),
/// stands in `words`, the other version's [`Side::words`].
fn stands(text: &str, negation: &Negation, words: &str) -> bool {
    let from = cue_word_start(text, negation);
    words.contains(&format!(" {} ", key(&text[from..negation.clause.end])))
}

fn material(kind: &str, message: String, old: &str, new: &str) -> Material {
    Material {
        kind: kind.to_string(),
        message,
        old: Some(old.into()),
        new: Some(new.into()),
    }
}

/// Where a change looks for words its sentences say elsewhere in it (what a negation negates,
/// still said): a side's whole words while the change has read fewer than [`SEARCH_BYTES`] of
/// them, then the sentences about the one asked of. A change of 10,000 sentences, each losing
/// its "not", read its sides' 490 KB once a sentence: 7.4 s.
struct Search {
    left: Cell<usize>,
}

/// How many bytes of its sides' words a change reads in all for [`Search`].
const SEARCH_BYTES: usize = 64 << 20;

/// How many sentences on either side of the one asked of [`Search`] reads, past its budget.
const NEAR_SENTENCES: usize = 16;

impl Search {
    /// The words of `side` to search for what its sentence `k` (or one about its place) says:
    /// `whole`, or those near it.
    fn words<'a>(&self, side: &Side, whole: &'a str, k: usize) -> Cow<'a, str> {
        match self.left.get().checked_sub(whole.len()) {
            Some(left) => {
                self.left.set(left);
                Cow::Borrowed(whole)
            }
            None => Cow::Owned(side.words_near(k, NEAR_SENTENCES)),
        }
    }
}

/// Old and new sentences of those `open` (changed ones) that are one sentence edited, most
/// similar first.
fn sentence_pairs(
    (old, old_open): (&Side, &[bool]),
    (new, new_open): (&Side, &[bool]),
) -> Vec<(usize, usize)> {
    let (ow, nw) = (word_lists(old, old_open), word_lists(new, new_open));
    pairs(
        &old.key_hashes,
        &new.key_hashes,
        &ow,
        &nw,
        old_open,
        new_open,
    )
}

/// Words that make or undo a negation: the cues, and the exceptions that undo them.
fn is_negation_word(w: &str) -> bool {
    matches!(
        w,
        "not" | "never" | "no" | "cannot" | "nor" | "neither" | "none" | "nothing" | "longer"
    ) || w.ends_with("n't")
}

fn is_exception_word(w: &str) -> bool {
    matches!(w, "unless" | "except" | "without" | "consent" | "until")
}

/// The words deleted from `a` and inserted into `b`.
fn edited_words<'w>(wa: &[&'w str], wb: &[&'w str]) -> (Vec<&'w str>, Vec<&'w str>) {
    let (kept_a, kept_b) = kept_words(wa, wb);
    let edited = |words: &[&'w str], kept: Vec<bool>| -> Vec<&'w str> {
        (words.iter().zip(kept))
            .filter(|(_, kept)| !kept)
            .map(|(w, _)| *w)
            .collect()
    };
    (edited(wa, kept_a), edited(wb, kept_b))
}

/// For each word of `wa` and of `wb`, whether the word diff keeps it.
fn kept_words(wa: &[&str], wb: &[&str]) -> (Vec<bool>, Vec<bool>) {
    let (mut kept_a, mut kept_b) = (vec![false; wa.len()], vec![false; wb.len()]);
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, wa, wb) {
        if let similar::DiffOp::Equal { .. } = op {
            kept_a[op.old_range()].fill(true);
            kept_b[op.new_range()].fill(true);
        }
    }
    (kept_a, kept_b)
}

/// A negation of the practice added or removed, by editing a cue or an exception, between two
/// paired sentences `ta` and `tb` (words `wa` and `wb`), each given with its negations and the
/// [`Side::words`] of its version's side. Not if what the negation negates stands on the other
/// side: "We do not sell data. We share it." merged into one sentence paired with the second.
fn negation(
    (ta, a, old_words): (&str, &[Negation], &str),
    (tb, b, new_words): (&str, &[Negation], &str),
    wa: &[&str],
    wb: &[&str],
) -> Option<String> {
    let (na, nb) = (a.len(), b.len());
    if na == nb {
        return None;
    }
    let (deleted, inserted) = edited_words(wa, wb);
    let edited = deleted.iter().chain(&inserted);
    let cue = edited.clone().any(|w| is_negation_word(w));
    let exception = edited.clone().any(|w| is_exception_word(w));
    if !cue && !exception {
        return None;
    }
    let what = if cue {
        "negation"
    } else {
        "negation (by an exception)"
    };
    // The first negation gone from the other side (come to it): the one quoted, among those
    // the other sentence has no match for, and whose words the other side does not still say
    // as often ("never log IP" moved into a merged sentence). Looked for last: each look
    // searches the other side's words, all of a large section's.
    let still_said = |text: &str, n: &Negation, mine: &str, theirs: &str| {
        let words = format!(" {} ", negated_words(text, n));
        theirs.matches(&words).count() >= mine.matches(&words).count()
    };
    Some(if na > nb {
        let gone = unmatched((ta, a), (tb, b)).find(|n| {
            !stands(ta, n, new_words)
                && !still_said(ta, n, old_words, new_words)
                && !said_with_non(ta, n, tb)
        })?;
        format!("{what} removed: \"{}\"", &ta[gone.cue.clone()])
    } else {
        let come = unmatched((tb, b), (ta, a)).find(|n| {
            !stands(tb, n, old_words)
                && !still_said(tb, n, new_words, old_words)
                && !said_with_non(tb, n, ta)
        })?;
        format!("{what} added: \"{}\"", &tb[come.cue.clone()])
    })
}

/// Whether a "not" of `text` says what a "non-" says in `other`: "they will not be behavioral
/// ads" and "they will be non-behavioral ads". The word the "not" negates (past "be") is said
/// once more with "non-" in `other`, and once less without it; not "not a sale" against
/// "nonaffiliated", nor "is not searchable" against "is searchable, unless … non-searchable".
fn said_with_non(text: &str, n: &Negation, other: &str) -> bool {
    if !text[n.cue.clone()].eq_ignore_ascii_case("not") {
        return false;
    }
    let negated = key(text.get(n.cue.end..n.clause.end).unwrap_or_default());
    let Some(word) = (negated.split(' ')).find(|w| !matches!(*w, "" | "be" | "been" | "being"))
    else {
        return false;
    };
    // (bare, with "non-"): "non-behavioral" is keyed "non behavioral".
    let counts = |text: &str| {
        let key = key(text);
        let words: Vec<&str> = key.split(' ').collect();
        let joined = format!("non{word}");
        let non = (words.iter().enumerate())
            .filter(|&(i, w)| (*w == word && i > 0 && words[i - 1] == "non") || *w == joined)
            .count();
        let all = words.iter().filter(|w| **w == word).count();
        (all - non.min(all), non)
    };
    let ((bare, non), (other_bare, other_non)) = (counts(text), counts(other));
    other_non == non + 1 && other_bare + 1 == bare
}

/// The cue's word and the two words after it, as a [`key`]: "don't save your".
fn negated_words(text: &str, n: &Negation) -> String {
    let words = key(&text[cue_word_start(text, n)..n.clause.end]);
    words.split(' ').take(3).collect::<Vec<_>>().join(" ")
}

/// Where the word holding a negation's cue starts ("do" of "don't").
fn cue_word_start(text: &str, n: &Negation) -> usize {
    text[..n.cue.start].rfind(' ').map_or(0, |i| i + 1)
}

/// The negations of `mine` that negate what none of `theirs` does, told by the cue's word and
/// the two after it ("don't save your", "never log IP"): "We don't save your IP address." and
/// "We don't save your IP address alongside your chats, and we never log it." share the
/// first; the second is the one added.
fn unmatched<'n>(
    (text, mine): (&str, &'n [Negation]),
    (other, theirs): (&str, &[Negation]),
) -> impl Iterator<Item = &'n Negation> {
    let mut left: Vec<String> = theirs.iter().map(|n| negated_words(other, n)).collect();
    mine.iter().filter(move |n| {
        let words = negated_words(text, n);
        match left.iter().position(|w| *w == words) {
            Some(k) => {
                left.swap_remove(k);
                false
            }
            None => true,
        }
    })
}

/// A practice a sentence negates, with the words from the negation's cue to the practice's.
type NegatedPractice = (Practice, Range<usize>);

/// Whether a changed sentence of `other` without a pair negates the same practices as sentence
/// `k` of `side` (some), of the same data and recipients, in the same words but for those of
/// the negation and the grammar around it: the promise reworded, too unlike itself to be
/// paired. "We do not sell your personal information." → "Your personal information is never
/// sold." Not "Information collected from our employees is never sold", nor "If you are under
/// 16, your personal information is never sold": narrower promises.
fn restated((side, k): (&Side, usize), (other, other_paired): (&Side, &[bool])) -> bool {
    let within = |x: &[NegatedPractice], y: &[NegatedPractice]| {
        x.iter().all(|(p, _)| y.iter().any(|(q, _)| q == p))
    };
    fn labels(mentions: &[Mention]) -> Vec<&str> {
        let mut labels: Vec<&str> = mentions.iter().map(|m| &*m.label).collect();
        labels.sort_unstable();
        labels.dedup();
        labels
    }
    fn named<'a>(side: &'a Side, k: usize) -> Option<(Vec<&'a str>, Vec<&'a str>)> {
        (side.readings.get(k)).map(|r| (labels(&r.data_categories), labels(&r.recipients)))
    }
    let practices = side.negated_practices(k);
    if practices.is_empty() {
        return false;
    }
    let words = promise_words(side.texts[k], practices);
    (0..other.texts.len()).any(|m| {
        other.changed[m] && !other_paired[m] && {
            let theirs = other.negated_practices(m);
            within(practices, theirs)
                && within(theirs, practices)
                && named(other, m) == named(side, k)
                && promise_words(other.texts[m], theirs) == words
        }
    })
}

/// Words that say nothing of a promise's scope: pronouns, auxiliaries, articles, negations.
const GRAMMAR_WORDS: &[&str] = &[
    "all", "and", "any", "anybody", "anyone", "are", "been", "being", "can", "did", "didn", "does",
    "doesn", "don", "ever", "has", "have", "its", "may", "neither", "never", "nor", "not", "our",
    "shall", "that", "the", "their", "this", "was", "were", "will", "won", "you", "your",
];

/// The words of a sentence that say what its promise covers, sorted, each once: outside the
/// spans that negate its `practices` (cue to verb), of three letters or more, and no
/// [`GRAMMAR_WORDS`].
fn promise_words(text: &str, practices: &[NegatedPractice]) -> Vec<String> {
    let negating = |at: usize| practices.iter().any(|(_, span)| span.contains(&at));
    let mut words: Vec<String> = (text.char_indices())
        .filter(|&(_, c)| !c.is_alphanumeric())
        .map(|(at, _)| at)
        .chain([text.len()])
        .scan(0, |start, end| {
            let word = (*start, end);
            *start = end + text[end..].chars().next().map_or(0, char::len_utf8);
            Some(word)
        })
        .filter(|&(start, end)| end > start && !negating(start))
        .map(|(start, end)| text[start..end].to_lowercase())
        .filter(|w| w.chars().count() >= 3 && !GRAMMAR_WORDS.contains(&w.as_str()))
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// A side, one of its sentences and the practices that sentence negates.
type Negating<'a> = (&'a Side<'a, 'a>, usize, &'a [NegatedPractice]);

/// Practices taken out of a negation, or put in one, between paired sentences `i` of `old` and
/// `j` of `new`: "Reddit does not \"sell\" or \"share\" personal information" → "Reddit does
/// not \"sell\" personal information" no longer says it does not share, though its negation
/// stays. Only if fewer changed sentences negate the practice than before, and the other
/// sentence, read on into those beside it, lacks the words from the cue's to the practice's: a
/// sentence cut in two keeps its practices negated, each in one half (Reddit's "We do not use
/// or disclose sensitive personal information", edited beside it, negated sharing before and
/// after), and "We do not knowingly" cut from "collect personal information …" by markup said
/// "not knowingly collect" all the same.
fn negated_practice((old, i): (&Side, usize), (new, j): (&Side, usize)) -> Option<String> {
    let (a, b) = (old.negated_practices(i), new.negated_practices(j));
    // A practice the old sentence denies that a clause of the new one states: "Neither we nor
    // our partners sell it." → "We do not sell it, but our partners sell it."
    if !a.is_empty() {
        let (ta, tb) = (old.texts[i], new.texts[j]);
        let stated_before = affirmed_practices(ta, old.negations(i));
        let stated = affirmed_practices(tb, new.negations(j))
            .into_iter()
            .find(|(p, _)| {
                a.iter().any(|(q, _)| q == p) && !stated_before.iter().any(|(q, _)| q == p)
            });
        if let Some((p, clause)) = stated {
            let clause = tb[clause].trim_matches(|c: char| !c.is_alphanumeric());
            return Some(format!(
                "negation narrowed: now also says it does {}: \"{clause}\"",
                p.name()
            ));
        }
    }
    let within = |x: &[NegatedPractice], y: &[NegatedPractice]| {
        x.iter().all(|(p, _)| y.iter().any(|(q, _)| q == p))
    };
    if within(a, b) && within(b, a) {
        return None;
    }
    // The practices sentence `k` of `from` negates that `theirs` does not, that fewer changed
    // sentences of the other side negate, and in other words.
    let gone = |(from, k, mine): Negating, (to, pair, theirs): Negating| {
        // The pair and the sentences beside it: what a sentence cut in two reads as.
        let to_words = to.words_near(pair, 1);
        (mine.iter())
            .filter(|(p, negated)| {
                let words = format!(" {} ", key(&from.texts[k][negated.clone()]));
                !theirs.iter().any(|(q, _)| q == p)
                    && to.negating(*p) < from.negating(*p)
                    && !to_words.contains(&words)
            })
            .map(|(p, _)| p.name())
            .collect::<Vec<_>>()
    };
    let removed = gone((old, i, a), (new, j, b));
    let added = gone((new, j, b), (old, i, a));
    // The new sentence's negation, as it reads now.
    let now = (new.negations(j).iter())
        .find(|n| n.negates_practice() && !n.of_user)
        .map_or_else(String::new, |n| format!(": \"{}\"", quote(new.texts[j], n)));
    match (removed.join(", "), added.join(", ")) {
        (removed, added) if removed.is_empty() && added.is_empty() => None,
        (removed, added) if added.is_empty() => Some(format!(
            "negation narrowed: no longer says it does not {removed}{now}"
        )),
        (removed, added) if removed.is_empty() => Some(format!(
            "negation widened: now also says it does not {added}{now}"
        )),
        (removed, added) => Some(format!(
            "negation changed: says it does not {added}, no longer that it does not \
             {removed}{now}"
        )),
    }
}

/// A negation that held without the user's consent removed or added between two paired
/// sentences: "We do not share your location without your consent." → "We share your
/// location." (Neither states a negation: the exception undoes the first one's.) Where the
/// other sentence makes the same promise without the exception, the exception is what changed:
/// "We do not share it." → "We do not share it without your consent." (`na`, `nb`: each
/// sentence's negations.)
fn consent(
    (ta, na): (&str, &[Negation]),
    (tb, nb): (&str, &[Negation]),
    wa: &[&str],
    wb: &[&str],
) -> Option<String> {
    let (a, b) = (consent_negations(ta), consent_negations(tb));
    if a.len() == b.len() {
        return None;
    }
    let (deleted, inserted) = edited_words(wa, wb);
    if !(deleted.iter().chain(&inserted)).any(|w| is_negation_word(w) || is_exception_word(w)) {
        return None;
    }
    let quote = |t: &str, (n, exception): &(Negation, Range<usize>)| {
        // The cue's whole word: "don't", not "n't".
        let word = t[..n.cue.start]
            .rfind(char::is_whitespace)
            .map_or(0, |i| i + 1);
        format!("{} … {}", &t[word..n.cue.end], &t[exception.clone()])
    };
    let (removed, (text, (negation, exception)), (other, promises)) = match a.len() > b.len() {
        true => (true, (ta, &a[0]), (tb, nb)),
        false => (false, (tb, &b[0]), (ta, na)),
    };
    let promised = negated_words(text, negation);
    let kept = (promises.iter()).any(|n| !n.of_user && negated_words(other, n) == promised);
    Some(match (kept, removed) {
        (true, true) => format!(
            "exception removed from a negation: \"{}\"",
            &text[exception.clone()]
        ),
        (true, false) => format!(
            "exception added to a negation: \"{}\"",
            &text[exception.clone()]
        ),
        (false, true) => format!("negation removed: \"{}\"", quote(ta, &a[0])),
        (false, false) => format!("negation added: \"{}\"", quote(tb, &b[0])),
    })
}

/// Words that open an exception to what a sentence states: "we do not share it, except with
/// our affiliates", "you can opt out, unless you are a subscriber".
const EXCEPTIONS: [&[&str]; 7] = [
    &["except"],
    &["excepting"],
    &["excluding"],
    &["unless"],
    &["other", "than"],
    &["apart", "from"],
    &["save", "for"],
];

/// How far after a negation's cue, or a right's mention, an exception is taken for one to it:
/// "we do not share personal information with companies, organizations and individuals
/// outside of Google unless …" (13 words).
const EXCEPTION_REACH: usize = 16;

/// An exception added to or removed from a promise (a negation) or a right of the user, between
/// paired sentences `i` of `old` and `j` of `new` (words `wa`, `wb`): the promise or the right
/// now holds in fewer cases, or in more. The exception must follow the cue or the mention
/// closely, or open the sentence ("Other than our own bots, no other bots …"). The kind
/// (`negation` or `right`) and the message, quoting the exception.
fn exception(
    (old, i): (&Side, usize),
    (new, j): (&Side, usize),
    wa: &[&str],
    wb: &[&str],
) -> Option<(&'static str, String)> {
    let opens = |words: &[&str]| phrase_at(words, &EXCEPTIONS);
    let (side, k, words, start, verb) = match (opens(wa), opens(wb)) {
        (None, Some(start)) => (new, j, wb, start, "added to"),
        (Some(start), None) => (old, i, wa, start, "removed from"),
        _ => return None,
    };
    let text = side.texts[k];
    let at = phrase_in(text, &EXCEPTIONS)?;
    let reaches =
        |from: usize| from <= at && text[from..at].split_whitespace().count() <= EXCEPTION_REACH;
    let opening = text[..at].split_whitespace().count() <= 1;
    // In the negation's clause: "we do not sell it, and you can delete it unless …" is an
    // exception to the right, not to the promise.
    let promise = (side.negations(k).iter()).any(|n| {
        !n.of_user && n.is_commitment() && (opening || (reaches(n.cue.start) && at <= n.clause.end))
    });
    let right = (side.readings.get(k))
        .is_some_and(|r| (r.rights.iter()).any(|m| opening || reaches(m.span.start)));
    let (kind, what) = match (promise, right) {
        (true, _) => ("negation", "a negation"),
        (false, true) => ("right", "a right"),
        _ => return None,
    };
    let shown: Vec<&str> = words[start..].iter().take(8).copied().collect();
    let more = if words.len() > start + 8 { " …" } else { "" };
    Some((
        kind,
        format!("exception {verb} {what}: \"{}{more}\"", shown.join(" ")),
    ))
}

/// Words that widen a right of the user, in groups of one meaning: "you can withdraw your
/// consent at any time", "… free of charge". Dropped, the right holds in fewer cases; added,
/// in more; one said for another of its group ("at any moment"), as many.
const RIGHT_QUALIFIERS: [&[&[&str]]; 3] = [
    &[
        &["at", "any", "time"],
        &["anytime"],
        &["at", "any", "moment"],
    ],
    &[
        &["free", "of", "charge"],
        &["free", "of", "cost"],
        &["for", "free"],
        &["without", "charge"],
        &["without", "cost"],
        &["at", "no", "cost"],
        &["at", "no", "charge"],
    ],
    &[
        &["without", "giving", "a", "reason"],
        &["without", "giving", "any", "reason"],
        &["without", "giving", "reasons"],
    ],
];

/// How many times each group of [`RIGHT_QUALIFIERS`] is said in a change, old and new: counted
/// when first asked for.
type QualifierTimes = [OnceCell<(usize, usize)>; RIGHT_QUALIFIERS.len()];

/// The last words of [`RIGHT_QUALIFIERS`].
const QUALIFIER_ENDS: [&str; 8] = [
    "time", "anytime", "moment", "charge", "cost", "free", "reason", "reasons",
];

/// Whether `word` (lower case) is the last of one of [`RIGHT_QUALIFIERS`].
fn ends_a_qualifier(word: &str) -> bool {
    QUALIFIER_ENDS.contains(&word)
}

/// Whether a sentence may say one of [`RIGHT_QUALIFIERS`]: it holds, in any case, the letters
/// of a word one ends in. Searched for at once in every sentence of a version: a word by word
/// look at a rewritten policy's hundred thousand sentences cost a tenth of its whole diff.
fn may_hold_qualifier(sentence: &str) -> bool {
    static ENDS: LazyLock<regex::Regex> = LazyLock::new(|| {
        let words = QUALIFIER_ENDS.join("|");
        regex::Regex::new(&format!("(?i){words}")).expect("the words make a valid pattern")
    });
    ENDS.is_match(sentence)
}

/// A sentence of one side of a change: the side, its place there, its words.
type SentenceOf<'a, 'r, 't> = (&'a Side<'r, 't>, usize, &'a [&'a str]);

/// The qualifiers of [`RIGHT_QUALIFIERS`] dropped from or added to a right of the user between
/// paired sentences of the old and new side, or by a sentence removed or added whole (the
/// other `None`): "You can withdraw your consent at any time." becoming "You can withdraw your
/// consent.", or gone while "You can withdraw your consent by writing to us." stays. A
/// qualifier must stand close to the right's mention, before or after it ("we may change this
/// policy at any time" qualifies no right), and be said fewer (or more) times in the whole
/// change (`words`, old and new), not moved to a sentence split off or joined on. A right the
/// change removes or adds (`named`) is news enough. One message for those dropped, one for
/// those added.
fn right_qualifiers(
    [old, new]: [Option<SentenceOf<'_, '_, '_>>; 2],
    words: (&str, &str),
    times_said: &QualifierTimes,
    (versions, named): (&Versions, &[Arc<str>]),
) -> Vec<String> {
    let (wa, wb) = (old.map_or(&[][..], |o| o.2), new.map_or(&[][..], |n| n.2));
    // Most sentences hold no word a qualifier ends in.
    if !wa.iter().chain(wb).any(|w| ends_a_qualifier(w)) {
        return Vec::new();
    }
    // A sentence gone or come whole may have moved to another change: said fewer (more)
    // times in the whole version too.
    let whole = old.is_none() || new.is_none();
    // Per side (old, new): the rights qualified and the qualifiers, as said.
    let mut found: [(Vec<Arc<str>>, Vec<String>); 2] = Default::default();
    for ((g, group), said) in RIGHT_QUALIFIERS.iter().enumerate().zip(times_said) {
        // Counted once a change, and only where one sentence of a pair says it: a change can
        // be a whole policy.
        let counts =
            || *said.get_or_init(|| (times_said_in(words.0, group), times_said_in(words.1, group)));
        let ((side, k, ws), at, removed) = match (phrase_at(wa, group), phrase_at(wb, group)) {
            (Some(at), None) if counts().0 > counts().1 => match old {
                Some(o) => (o, at, true),
                None => continue,
            },
            (None, Some(at)) if counts().1 > counts().0 => match new {
                Some(n) => (n, at, false),
                None => continue,
            },
            _ => continue,
        };
        let text = side.texts[k];
        let Some(offset) = phrase_in(text, group) else {
            continue;
        };
        let near = |m: &&Mention| {
            let (from, to) = match m.span.start <= offset {
                true => (m.span.start, offset),
                false => (offset, m.span.start),
            };
            text[from..to].split_whitespace().count() <= EXCEPTION_REACH
        };
        let Some(reading) = side.readings.get(k) else {
            continue;
        };
        let qualified: Vec<&Mention> = (reading.rights.iter())
            .filter(|m| near(m) && !named.contains(&m.label))
            .collect();
        if qualified.is_empty() {
            continue;
        }
        // Asked last: counting a whole version's qualifiers costs the most.
        let (o, n) = versions.qualifier_times()[g];
        if whole && (if removed { o <= n } else { n <= o }) {
            continue;
        }
        let (rights, said) = &mut found[usize::from(!removed)];
        for m in qualified {
            if !rights.contains(&m.label) {
                rights.push(m.label.clone());
            }
        }
        let len = (group.iter())
            .find(|q| ws[at..].starts_with(q))
            .map_or(0, |q| q.len());
        said.push(format!("\"{}\"", ws[at..at + len].join(" ")));
    }
    let [(narrowed, no_longer), (widened, now)] = found;
    let mut out = Vec::new();
    if !no_longer.is_empty() {
        out.push(format!(
            "right narrowed: {} no longer {}",
            narrowed.join(", "),
            no_longer.join(", ")
        ));
    }
    if !now.is_empty() {
        out.push(format!(
            "right widened: {} now {}",
            widened.join(", "),
            now.join(", ")
        ));
    }
    out
}

/// How many times `words` (lower case, one space apart, a space at either end) says one of
/// `group`'s phrases.
fn times_said_in(words: &str, group: &[&[&str]]) -> usize {
    (group.iter())
        .map(|q| {
            let said = format!(" {} ", q.join(" "));
            memchr::memmem::find_iter(words.as_bytes(), said.as_bytes()).count()
        })
        .sum()
}

/// Where the first of `phrases` opens in `words`.
fn phrase_at(words: &[&str], phrases: &[&[&str]]) -> Option<usize> {
    (0..words.len()).find(|&k| phrases.iter().any(|p| words[k..].starts_with(p)))
}

/// The byte offset where the first of `phrases` (lower-case words) opens in `text`.
fn phrase_in(text: &str, phrases: &[&[&str]]) -> Option<usize> {
    let words: Vec<(usize, &str)> = (word_ranges(text).into_iter())
        .map(|w| (w.start, &text[w]))
        .collect();
    (0..words.len()).find_map(|k| {
        let opens = phrases.iter().any(|p| {
            p.len() <= words.len() - k
                && (p.iter().zip(&words[k..])).all(|(a, (_, w))| w.eq_ignore_ascii_case(a))
        });
        opens.then_some(words[k].0)
    })
}

/// Words between a modal verb and the verb it governs.
fn is_filler(w: &str) -> bool {
    matches!(
        w,
        "also"
            | "only"
            | "still"
            | "then"
            | "sometimes"
            | "automatically"
            | "further"
            | "be"
            | "have"
            | "not"
            | "never"
            | "in"
            | "some"
            | "certain"
            | "cases"
            | "additionally"
    )
}

/// A modal verb in a sentence: how firm, the word, the verb it governs, the word before it
/// (its subject, as a rule) and the last word before it that is no filler ("you" of "you also
/// may").
struct ModalVerb<'w> {
    strength: Strength,
    modal: &'w str,
    verb: &'w str,
    before: Option<&'w str>,
    subject: Option<&'w str>,
}

/// Each modal verb of a sentence with the verb it governs ("we may also share" → may, share); a
/// number after "May" makes it a month.
fn modal_verbs<'w>(words: &[&'w str]) -> Vec<ModalVerb<'w>> {
    let mut out = Vec::new();
    for (k, w) in words.iter().enumerate() {
        let strength = strength(w);
        if strength == Strength::Neutral {
            continue;
        }
        let verb = words[k + 1..].iter().find(|x| !is_filler(x));
        if let Some(verb) = verb.filter(|v| !v.starts_with(|c: char| c.is_ascii_digit())) {
            out.push(ModalVerb {
                strength,
                modal: w,
                verb,
                before: k.checked_sub(1).map(|p| words[p]),
                subject: words[..k].iter().rev().find(|x| !is_filler(x)).copied(),
            });
        }
    }
    out
}

/// How often `words` has `verb` right after `before` with no modal: "we share" for "we may
/// share".
fn bare(words: &[&str], before: Option<&str>, verb: &str) -> usize {
    let Some(before) = before else { return 0 };
    (words.windows(2))
        .filter(|w| w[0] == before && w[1] == verb)
        .count()
}

/// Whether the modal `m` of one sentence (`mine`, words `my_words`) governs its verb bare in the
/// other (`theirs`, words `their_words`): "we may share" → "we share". Not if the other still
/// has it ("if you lose access, you may lose content": "you lose" was there before).
fn dropped(
    m: &ModalVerb,
    mine: &[ModalVerb],
    my_words: &[&str],
    theirs: &[ModalVerb],
    their_words: &[&str],
) -> bool {
    let governed = |list: &[ModalVerb]| {
        (list.iter())
            .filter(|o| o.modal == m.modal && o.verb == m.verb && o.before == m.before)
            .count()
    };
    governed(theirs) < governed(mine)
        && bare(their_words, m.before, m.verb) > bare(my_words, m.before, m.verb)
}

/// The practice paired sentences `i` of `old` and `j` of `new` (words `wa`, `wb`) state,
/// changed to or from passing the data on: "we share your data with advertisers" → "we sell
/// it to advertisers" (a sale, which the law treats apart), "we use it" → "we share it".
/// Between collecting, using and keeping, a rewording moves the verb as often as the meaning.
/// The verb must be the word replaced: a sentence's practice is the strongest verb it holds,
/// and "merchants who sell goods" or a "Do Not Sell or Share" link come and go around what
/// it states. A negated practice is the negation's to report ("we do not share" → "we do not
/// sell").
fn practice(
    (old, i): (&Side, usize),
    (new, j): (&Side, usize),
    wa: &[&str],
    wb: &[&str],
) -> Option<String> {
    let (a, b) = (&old.readings[i], &new.readings[j]);
    let ((p, at), (q, bt)) = (a.practice.clone()?, b.practice.clone()?);
    let passes_on = |p: Practice| matches!(p, Practice::Share | Practice::Sell);
    if p == q || !(passes_on(p) || passes_on(q)) {
        return None;
    }
    // Asked only of the few pairs left: finding what a sentence negates reads its clauses.
    if !old.negated_practices(i).is_empty() || !new.negated_practices(j).is_empty() {
        return None;
    }
    let verb = |side: &Side, k: usize, at: Range<usize>| {
        side.texts[k].get(at).unwrap_or_default().to_lowercase()
    };
    // Data sent "to us" comes in, and what "you can choose to share" is the person's doing:
    // the nearest "you" or "we" before the verb in its clause tells ("when you sign up, we
    // share" is ours).
    let ours = |text: &str, at: &Range<usize>| {
        let before = text.get(..at.start).unwrap_or_default().to_lowercase();
        let clause = before.rsplit([',', ';', ':']).next().unwrap_or_default();
        let subject = (clause.split_whitespace().rev()).find(|w| matches!(*w, "you" | "we"));
        subject != Some("you") && !toward_us(text, at)
    };
    if !ours(old.texts[i], &at) || !ours(new.texts[j], &bt) {
        return None;
    }
    let (va, vb) = (verb(old, i, at), verb(new, j, bt));
    let (deleted, inserted) = edited_words(wa, wb);
    let first = |v: &str| v.split_whitespace().next().unwrap_or_default().to_string();
    let (fa, fb) = (first(&va), first(&vb));
    if !deleted.iter().any(|w| *w == fa) || !inserted.iter().any(|w| *w == fb) {
        return None;
    }
    Some(match (va == p.name(), vb == q.name()) {
        (true, true) => format!("practice changed: \"{va}\" → \"{vb}\""),
        _ => format!(
            "practice changed: {} → {} (\"{va}\" → \"{vb}\")",
            p.name(),
            q.name()
        ),
    })
}

/// Conditions that make a practice wait for the person's consent, longest first.
const CONSENT_CONDITIONS: [&[&str]; 21] = [
    &["only", "with", "your", "prior", "consent"],
    &["only", "with", "your", "consent"],
    &["only", "with", "your", "permission"],
    &["with", "your", "prior", "consent"],
    &["with", "your", "explicit", "consent"],
    &["with", "your", "express", "consent"],
    &["with", "your", "consent"],
    &["with", "your", "prior", "permission"],
    &["with", "your", "permission"],
    &["subject", "to", "your", "prior", "consent"],
    &["subject", "to", "your", "consent"],
    &["obtaining", "your", "consent"],
    &["obtain", "your", "consent"],
    &["ask", "for", "your", "consent"],
    &["ask", "for", "your", "permission"],
    &["ask", "your", "permission"],
    &["upon", "your", "consent"],
    &["where", "you", "have", "consented"],
    &["if", "you", "consent"],
    &["if", "you", "agree"],
    &["if", "you", "opt", "in"],
];

/// Conditions that make what is done wait for a feature or setting someone turns on. Each ends
/// in a word the condition needs: its last word deleted says it went. Not "if you choose to":
/// it mostly qualifies a condition that stays ("if you link" → "if you choose to link").
const OPT_IN_CONDITIONS: [&[&str]; 11] = [
    &["if", "enabled"],
    &["when", "enabled"],
    &["where", "enabled"],
    &["if", "activated"],
    &["if", "turned", "on"],
    &["if", "you", "enable"],
    &["when", "you", "enable"],
    &["where", "you", "enable"],
    &["if", "you", "have", "enabled"],
    &["if", "you", "turn", "on"],
    &["if", "you", "activate"],
];

/// How many words before a consent condition may deny it.
const CONDITION_DENIAL_WORDS: usize = 4;

/// A consent condition taken from a practice, or put on one, between paired sentences `i` of
/// `old` and `j` of `new` (words `wa`, `wb`): "we share your data with advertisers only with
/// your consent" → "… with advertisers" shares it unasked. A negated practice is the
/// negation's ("we do not share it without your consent", see [`consent`]).
/// An opt-in condition likewise, in any sentence that negates no practice: "If enabled by the
/// account owner, Zoom provides intelligent features" → "Zoom provides …" turns them on for all.
/// The words it governs must stay: a clause added with its own opt-in ("…, or if you enable face
/// grouping, we may use …") adds a practice, it does not restrict one.
fn consent_condition(
    (old, i): (&Side, usize),
    (new, j): (&Side, usize),
    wa: &[&str],
    wb: &[&str],
) -> Option<String> {
    // Not one denied: "without needing to obtain your consent", "we will not ask for your
    // permission".
    let denied = |before: &[&str]| {
        (before.iter().rev().take(CONDITION_DENIAL_WORDS))
            .any(|w| *w == "without" || is_negation_word(w))
    };
    let condition = |conditions: &[&[&str]], words: &[&str]| -> Option<Range<usize>> {
        (0..words.len()).find_map(|k| {
            (conditions.iter())
                .find(|p| words[k..].starts_with(p) && !denied(&words[..k]))
                .map(|p| k..k + p.len())
        })
    };
    // Each kind apart: an opt-in that stays hides no consent condition taken away.
    let kinds: [(&str, &[&[&str]]); 2] = [
        ("consent", &CONSENT_CONDITIONS),
        ("opt-in", &OPT_IN_CONDITIONS),
    ];
    kinds.into_iter().find_map(|(kind, conditions)| {
        let (a, b) = (condition(conditions, wa), condition(conditions, wb));
        let (change, words, at) = match (a, b) {
            (Some(at), None) => ("removed", wa, at),
            (None, Some(at)) => ("added", wb, at),
            _ => return None,
        };
        // An opt-in may gate what no practice verb says ("Zoom provides intelligent
        // features"), but not a safeguard: "Two-factor authentication, if enabled, protects
        // your account" made always on restricts nothing.
        let stated = |side: &Side, k: usize| {
            let practice = side.readings[k].practice.is_some();
            let gated = practice || (kind == "opt-in" && !words.iter().any(|w| is_safeguard(w)));
            gated && side.negated_practices(k).is_empty()
        };
        if !stated(old, i) || !stated(new, j) {
            return None;
        }
        // The condition's own words went or came, not the sentence around them.
        let (kept_a, kept_b) = kept_words(wa, wb);
        let kept = if change == "removed" { kept_a } else { kept_b };
        if kept[at.end - 1] || (kind == "opt-in" && !governs_kept(&kept, &at)) {
            return None;
        }
        let phrase = words[at].join(" ");
        Some(format!("{kind} condition {change}: \"{phrase}\""))
    })
}

/// Whether a word says what protects the user: a feature that does so, switched on for all,
/// is no practice changed.
fn is_safeguard(word: &str) -> bool {
    const STEMS: [&str; 9] = [
        "protect", "secur", "encrypt", "delet", "eras", "block", "prevent", "anonymi", "verif",
    ];
    STEMS.iter().any(|s| word.starts_with(s))
}

/// How many words after a condition (before it, if it ends its sentence) stand for what it
/// governs.
const GOVERNED_WORDS: usize = 12;

/// Whether at least a third of the words a condition at `at` governs are `kept` from the other
/// version.
fn governs_kept(kept: &[bool], at: &Range<usize>) -> bool {
    let after = &kept[at.end..kept.len().min(at.end + GOVERNED_WORDS)];
    let governed = match after.len() < 4 {
        true => &kept[at.start.saturating_sub(GOVERNED_WORDS)..at.start],
        false => after,
    };
    !governed.is_empty() && 3 * governed.iter().filter(|&&k| k).count() >= governed.len()
}

/// The same verb governed by "may" in one version and "will" in the other (or back), or by
/// "may"/"might"/"must"/"shall" in one and by no modal in the other: "we may share" → "we share".
fn modality(wa: &[&str], wb: &[&str]) -> Option<String> {
    let (ma, mb) = (modal_verbs(wa), modal_verbs(wb));
    for a in &ma {
        if let Some(b) = mb.iter().find(|b| b.verb == a.verb) {
            let shift = match (a.strength, b.strength) {
                (Strength::Weak, Strength::Strong) => "strengthened",
                (Strength::Strong, Strength::Weak) => "weakened",
                _ => continue,
            };
            return Some(format!(
                "modality {shift}: \"{} {}\" → \"{} {}\"",
                a.modal, a.verb, b.modal, b.verb
            ));
        }
    }
    // Alone, only the modals that grant or bind count: "can" and "will" come and go with style.
    // The user's "may" is what the user might do: "information that you may provide to us" →
    // "… that you provide" is no practice of ours made firmer. (What the user must do binds.)
    let users = |w: &str| {
        ["you", "user", "users"]
            .iter()
            .any(|u| u.eq_ignore_ascii_case(w))
    };
    let binding = |m: &ModalVerb| match m.modal {
        "must" | "shall" => true,
        "may" | "might" => !m.subject.is_some_and(users),
        _ => false,
    };
    if let Some(a) = ma
        .iter()
        .find(|a| binding(a) && dropped(a, &ma, wa, &mb, wb))
    {
        return Some(format!(
            "modality removed: \"{} {}\" → \"{}\"",
            a.modal, a.verb, a.verb
        ));
    }
    if let Some(b) = mb
        .iter()
        .find(|b| binding(b) && dropped(b, &mb, wb, &ma, wa))
    {
        return Some(format!(
            "modality added: \"{}\" → \"{} {}\"",
            b.verb, b.modal, b.verb
        ));
    }
    None
}

/// Labels named by the changed sentences of one side and by none of the other side (for
/// quantities, none of the same value: "2 years" and "24 months" are one period).
fn named(
    old: &Side,
    new: &Side,
    (kind, noun, of): (&str, &'static str, Named),
    versions: &Versions,
) -> Option<Found> {
    let value = |label: &str| match kind {
        "quantity" => quantity_value(label),
        "contact" => contact_value(label),
        _ => label.to_string(),
    };
    // Data named as what is not done with it is no more collected, used or shared for being
    // named: the negation itself is the change ("we do not sell your location" removed).
    let negatable = NEGATABLE_KINDS.contains(&kind);
    // What a side names anywhere. An unchanged "we do not collect biometric data" names none
    // that the other side's "we collect … biometric data" may add. (A changed one does: its
    // negation taken away is the change, "we do not sell your location" → "we sell it".)
    let all = |s: &Side| -> HashSet<String> {
        (s.readings.iter().enumerate())
            .flat_map(|(k, r)| of(r).iter().map(move |m| (k, m)))
            .filter(|&(k, m)| s.changed[k] || !(negatable && s.practice_negated(k, m)))
            .map(|(_, m)| value(&m.label))
            .collect()
    };
    // The labels only the changed sentences of `a` name, with the first sentence naming each;
    // contact details, unless the other version names them anywhere.
    let only = |a: &Side, others: &HashSet<String>, old: bool| -> Vec<LabelIn> {
        let mut out: Vec<LabelIn> = Vec::new();
        // The values named so far: one label per value ("1 main st", "1 main street").
        let mut named: HashSet<String> = HashSet::new();
        for (k, r) in a.readings.iter().enumerate().filter(|(k, _)| a.changed[*k]) {
            for m in of(r) {
                let compared = value(&m.label);
                let skip = others.contains(&compared)
                    || named.contains(&compared)
                    || (negatable && a.negated(k, m))
                    || (noun == "controller" && versions.names_controller(!old, &m.label))
                    || (kind == "transfer" && versions.names_transfer(!old, &m.label))
                    || (noun == "contact" && versions.gives_contact(!old, &m.label));
                if !skip {
                    named.insert(compared);
                    out.push((Arc::clone(&m.label), a.kept(k)));
                }
            }
        }
        out
    };
    let (mut removed, mut added) = (only(old, &all(new), true), only(new, &all(old), false));
    if kind == "quantity" {
        // A value replaced by another of its kind in the changed sentences ("under the age of
        // 13" → "18") is a change, though an unchanged sentence names the new value ("If you are
        // under 18"): the quantity belongs to its sentence.
        let in_changed = |s: &Side| -> HashSet<String> {
            (s.readings.iter().enumerate())
                .filter(|(k, _)| s.changed[*k])
                .flat_map(|(_, r)| of(r).iter().map(|m| value(&m.label)))
                .collect()
        };
        let dimension = |label: &str| value(label).replace(|c: char| c.is_ascii_digit(), "");
        let (gone, came) = (
            only(old, &in_changed(new), true),
            only(new, &in_changed(old), false),
        );
        let dimensions = |list: &[LabelIn]| {
            list.iter()
                .map(|(l, _)| dimension(l))
                .collect::<HashSet<_>>()
        };
        let (gone_kinds, came_kinds) = (dimensions(&gone), dimensions(&came));
        let replaced = |list: Vec<LabelIn>, kinds: &HashSet<String>, into: &mut Vec<_>| {
            for (label, sentence) in list {
                if kinds.contains(&dimension(&label)) && !into.iter().any(|(l, _)| *l == label) {
                    into.push((label, sentence));
                }
            }
        };
        replaced(gone, &came_kinds, &mut removed);
        replaced(came, &gone_kinds, &mut added);
    }
    let material = Material {
        kind: kind.to_string(),
        message: named_message(kind, noun, &removed, &added)?,
        old: removed.first().map(|(_, s)| Arc::clone(s)),
        new: added.first().map(|(_, s)| Arc::clone(s)),
    };
    Some(Found {
        material,
        said: Some(Said {
            noun,
            removed,
            added,
        }),
    })
}

/// "data category removed: a, b; added: c", "quantity changed: 24 month → 12 month": the
/// message of labels of one kind removed and added, each given with a sentence naming it.
fn named_message(kind: &str, noun: &str, removed: &[LabelIn], added: &[LabelIn]) -> Option<String> {
    // A contact detail, read in lower case, is quoted as its sentence writes it.
    let shown = |label: &str, sentence: &str| -> String {
        match kind {
            "contact" => as_written(label, sentence).to_string(),
            _ => label.to_string(),
        }
    };
    let list = |v: &[LabelIn]| {
        (v.iter().map(|(l, s)| shown(l, s)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(match (removed.is_empty(), added.is_empty()) {
        (true, true) => return None,
        (false, true) => format!("{noun} removed: {}", list(removed)),
        (true, false) => format!("{noun} added: {}", list(added)),
        (false, false) if kind == "quantity" || kind == "contact" => {
            format!("{noun} changed: {} → {}", list(removed), list(added))
        }
        (false, false) => format!("{noun} removed: {}; added: {}", list(removed), list(added)),
    })
}

/// `label`, read from `sentence` in ASCII lower case, as `sentence` writes it; as it is if the
/// sentence does not hold it so (an address written "privacy [at] example [dot] org").
fn as_written<'s>(label: &'s str, sentence: &'s str) -> &'s str {
    (sentence.to_ascii_lowercase().find(label))
        .and_then(|at| sentence.get(at..at + label.len()))
        .unwrap_or(label)
}

/// The first date statement of a document: the whole match and its date. Every date has a
/// digit: sentences without one, most of a policy, are not searched.
fn effective_date_of(doc: &Document) -> Option<(String, String)> {
    doc.sections.iter().find_map(|s| {
        std::iter::once(s.heading.as_str())
            .chain(section_sentences(s))
            .filter(|t| has_digit(t))
            .find_map(date_statement)
    })
}

/// The first change of substance: text added, removed, modified, or a heading or label
/// reworded (not only its case or numbering: "1. Cookies" → "COOKIES").
fn first_substantive(changes: &[Change]) -> Option<usize> {
    let reworded = |c: &Change| {
        let (was, now) = match c.target {
            Target::Item => (c.old_item.as_deref(), c.item.as_deref()),
            _ => (c.old_section.as_deref(), Some(c.section.as_str())),
        };
        was.map(super::align::unnumbered) != now.map(super::align::unnumbered)
    };
    changes.iter().position(|c| {
        let substantive = match c.kind {
            ChangeKind::Added | ChangeKind::Removed | ChangeKind::Modified => true,
            ChangeKind::Renamed => reworded(c),
            _ => false,
        };
        substantive && !c.words.is_empty()
    })
}

/// The text changed in substance but its date `statement` did not: one finding, on the first
/// change of substance.
fn effective_date(cmp: &mut Comparison, statement: &str) {
    let Some(substantive) = first_substantive(&cmp.changes).and_then(|k| cmp.changes.get_mut(k))
    else {
        return;
    };
    let statement: Arc<str> = statement.into();
    substantive.material.push(Material {
        kind: "effective-date".to_string(),
        message: format!("the text changed but \"{statement}\" did not"),
        old: Some(Arc::clone(&statement)),
        new: Some(statement),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::diff::{DiffSettings, compare};
    use crate::outline::{Document, Format, OutlineSettings, Source};

    fn doc(text: &str) -> Document {
        let source = Source::new(std::path::Path::new("p.txt"), text.to_string());
        Document::parse(source, Format::Text, &OutlineSettings::default())
    }

    /// The material kinds found between two texts, with all detectors on.
    fn kinds(old: &str, new: &str) -> Vec<String> {
        findings(old, new)
            .into_iter()
            .map(|(kind, _)| kind)
            .collect()
    }

    /// The material kinds and messages found between two texts, with all detectors on.
    fn findings(old: &str, new: &str) -> Vec<(String, String)> {
        let (a, b) = (doc(old), doc(new));
        let mut cmp = compare(&a, &b, &DiffSettings::default());
        mark(&mut cmp, &Versions::new(&a, &b), &KINDS, None);
        (cmp.changes.iter())
            .flat_map(|c| c.material.iter())
            .map(|m| (m.kind.clone(), m.message.clone()))
            .collect()
    }

    /// A change as large as a policy is read on every core, in parts: what it finds is what
    /// the same change, small enough for one thread, finds. Its sentences' places count from
    /// each part's start: a promise removed in the last part is found; an email address
    /// removed there is named by unchanged clauses throughout (each read, none put in the place
    /// of the added sentences of the first part, whose voice recordings stay added); a location
    /// added in the first part is named by an unchanged sentence of the last (no location
    /// added).
    #[test]
    fn a_change_read_in_parts_finds_what_it_finds_whole() {
        let clause = |i: usize| format!("Clause {i} covers the email address you give us.");
        let paragraph = |clauses: usize, new: bool| {
            let mut sentences: Vec<String> = (0..clauses).map(clause).collect();
            let near_end = clauses * 9 / 10;
            let location = "We use your precise location to show local offers.";
            sentences.insert(near_end, location.into());
            if new {
                let added = [
                    "We collect your precise location when you open the app.",
                    "We collect your voice recordings when you call us.",
                ];
                sentences.splice(2..2, added.map(String::from));
            } else {
                let removed = [
                    "We do not sell your personal information.",
                    "We collect your email address for billing.",
                ];
                sentences.splice(near_end..near_end, removed.map(String::from));
            }
            sentences.join(" ")
        };
        let large = 4 * READ_BYTES_PER_THREAD / clause(1000).len();
        let whole = findings(&paragraph(20, false), &paragraph(20, true));
        let in_parts = findings(&paragraph(large, false), &paragraph(large, true));
        assert_eq!(in_parts, whole);
        let kinds: Vec<&str> = whole.iter().map(|(kind, _)| kind.as_str()).collect();
        assert!(kinds.contains(&"negation"), "{whole:?}");
        assert!(whole.iter().any(|(_, m)| m.contains("voice")), "{whole:?}");
        let named = |words: &str| whole.iter().any(|(_, m)| m.contains(words));
        assert!(!named("location") && !named("email"), "{whole:?}");
    }

    #[test]
    fn words_are_lower_case_and_split_at_punctuation() {
        assert_eq!(
            key_words(&key("We  DON'T\nsell—Ünïcode.")),
            ["we", "don't", "sell", "ünïcode"]
        );
        // ASCII text takes the byte path, with the same result as the other.
        let ascii = "  We  DON'T\nsell--it: 30 days_ ";
        assert_eq!(key(ascii), key(&format!("{ascii}é")).trim_end_matches(" é"));
        assert_eq!(key(ascii), "we don't sell it 30 days");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// A key is the text's words, lower-cased a character at a time, one space between;
        /// hashed as it is made, it hashes as the key does, and so does each of its words.
        #[test]
        fn a_key_is_the_words_and_hashes_as_it_is_made(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'Z', '7', '\'', ' ', '\n', '.', '-', '_', '\u{a0}', 'é', 'Ü', 'İ', 'Σ',
                'ß', '—', '’', 'ﬁ', '中', '\u{1F600}',
            ]), 0..40),
        ) {
            key_is_the_words(chars.into_iter().collect())?;
        }

        /// The same, in text mostly of ASCII words and single spaces (taken eight bytes at a
        /// time).
        #[test]
        fn a_key_of_plain_words_is_the_words(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'e', 's', 'W', 'Z', '0', '9', '\'', ' ', ' ', ' ', '.', '\n', 'é',
            ]), 0..64),
        ) {
            key_is_the_words(chars.into_iter().collect())?;
        }
    }

    /// The words of `text` in lower case, one space apart: what its key is.
    fn words_of(text: &str) -> String {
        let words: Vec<String> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .map(|w| w.chars().flat_map(char::to_lowercase).collect())
            .collect();
        words.join(" ")
    }

    /// `text`'s key is its words in lower case; hashed as it is made, it hashes as the key, and
    /// its words hashed as they are made hash as the key's words.
    fn key_is_the_words(text: String) -> Result<(), proptest::test_runner::TestCaseError> {
        proptest::prop_assert_eq!(key(&text), words_of(&text), "{:?}", text);
        let mut streamed = WordHasher::default();
        key_bytes(&text, &mut streamed);
        proptest::prop_assert_eq!(streamed.finish(), hash_bytes(key(&text).as_bytes()));
        let mut word_hashes = vec![7];
        push_key_word_hashes(&text, &mut word_hashes);
        let key = key(&text);
        let each_word = key_words(&key)
            .into_iter()
            .map(|w| hash_bytes(w.as_bytes()));
        let want: Vec<u64> = std::iter::once(7).chain(each_word).collect();
        proptest::prop_assert_eq!(word_hashes, want, "{:?}", text);
        Ok(())
    }

    #[test]
    fn every_ascii_byte_at_every_place_in_eight_keys_as_a_byte_at_a_time() {
        for around in ["aaaaaaaaaaaaaaaa", "Ab cd Ef gh ij k", "z' 9Z z' 9Z z' 9"] {
            for at in 0..9 {
                for b in 0..0x80 {
                    let mut bytes = around.as_bytes().to_vec();
                    bytes[at] = b;
                    let text = String::from_utf8(bytes).unwrap_or_default();
                    assert_eq!(key(&text), words_of(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn the_users_may_is_no_modality_of_a_practice() {
        let base = "We collect other information that you may provide to us. We may keep logs.";
        for new in [
            "We collect other information that you provide to us. We may keep logs.",
            "We collect other information that users provide to us. We may keep logs.",
        ] {
            assert!(kinds(base, new).is_empty(), "{new}");
        }
        assert_eq!(
            kinds(
                base,
                "We collect other information that you may provide to us. We keep logs."
            ),
            ["modality"]
        );
        // What the user must do binds: "you provide" → "you must provide".
        let required = "To open an account, you must provide your name.";
        assert_eq!(
            kinds("To open an account, you provide your name.", required),
            ["modality"]
        );
    }

    #[test]
    fn negation_modality_and_rewording() {
        let base = "We do not sell your data to anyone. We may keep logs.";
        assert_eq!(
            kinds(base, "We sell your data to anyone. We may keep logs."),
            ["negation"]
        );
        assert_eq!(
            kinds(
                base,
                "We do not sell your data to anyone. We will keep logs."
            ),
            ["modality"]
        );
        assert!(
            kinds(
                base,
                "We do not sell your data to anybody. We may keep logs."
            )
            .is_empty()
        );
        assert!(
            kinds(
                base,
                "We may keep logs. We do not sell your data to anyone."
            )
            .is_empty()
        );
        assert!(
            kinds(
                base,
                "We do not sell your data to anyone; we may keep logs."
            )
            .is_empty()
        );
    }

    /// How a test has the changed sentences read.
    #[derive(Clone, Copy)]
    enum HowRead {
        /// By another thread too, while the versions are compared and marked.
        Ahead,
        /// By another thread too, which then reads changes beside the thread that marks them.
        Helped,
        /// Each when its change is marked.
        AsAsked,
        /// Not kept: past the read-ahead limit.
        Unkept,
    }

    /// The changes between two texts (target and item), and their material changes as
    /// `(kind, message)`.
    #[allow(clippy::type_complexity)]
    fn changes_read(
        old: &str,
        new: &str,
        how: HowRead,
    ) -> (Vec<(Target, Option<usize>)>, Vec<(String, String)>) {
        let (a, b) = (doc(old), doc(new));
        let mut versions = Versions::new(&a, &b);
        if let HowRead::Unkept = how {
            versions.read_ahead_bytes = 0;
        }
        let versions = &versions;
        let (helper, marking): (ToHelper, _) = mpsc::channel();
        let cmp = std::thread::scope(|s| {
            match how {
                HowRead::Ahead => _ = s.spawn(|| versions.read_ahead(true)),
                HowRead::Helped => {
                    _ = s.spawn(move || {
                        versions.read_ahead(true);
                        marking.recv().map(|marking| marking.read(versions))
                    })
                }
                HowRead::AsAsked | HowRead::Unkept => {}
            }
            let mut cmp = compare(&a, &b, &DiffSettings::default());
            // Dropped as this closure returns, before the scope waits for the helper: with
            // nothing to mark, nothing was sent, and the helper stops waiting.
            let helper = matches!(how, HowRead::Helped).then_some(helper);
            mark(&mut cmp, versions, &KINDS, helper.as_ref());
            cmp
        });
        (
            (cmp.changes.iter())
                .map(|c| (c.target, c.new.and_then(|p| p.item)))
                .collect(),
            (cmp.changes.iter())
                .flat_map(|c| c.material.iter())
                .map(|m| (m.kind.clone(), m.message.clone()))
                .collect(),
        )
    }

    #[test]
    fn each_change_reads_its_own_sentences_however_they_are_read() {
        // A date that stands still: searched ahead, or by the threads that read the changes.
        let old = "Last updated: May 1, 2023.\n\n\
                   Overview\n\nWe share data with partners. We may keep logs.\n\n\
                   Sharing\n\nHow we share.\n\nAdvertising. We share data with advertisers.\n\n\
                   Retention. We keep logs for 30 days. We use cookies.\n";
        let new = "Last updated: May 1, 2023.\n\n\
                   Overview\n\nWe share data with vendors. We will keep logs.\n\n\
                   Sharing\n\nHow we share.\n\nAdvertising. We share data with data brokers.\n\n\
                   Retention. We keep logs for 90 days. We collect your email address.\n";
        let expected = [
            (
                "modality",
                "modality strengthened: \"may keep\" → \"will keep\"",
            ),
            (
                "recipient",
                "recipient removed: business partners; added: service providers",
            ),
            (
                "effective-date",
                "the text changed but \"Last updated: May 1, 2023\" did not",
            ),
            (
                "recipient",
                "recipient removed: advertisers; added: data brokers",
            ),
            ("quantity", "quantity changed: 30 day → 90 day"),
            (
                "data-category",
                "data category removed: cookie / pixel tag; added: email address",
            ),
        ];
        let expected: Vec<(String, String)> = (expected.iter())
            .map(|(kind, message)| (kind.to_string(), message.to_string()))
            .collect();
        // Items after an intro, the second after the first: where places are easiest to miss.
        let targets = vec![
            (Target::Intro, None),
            (Target::Item, Some(0)),
            (Target::Item, Some(1)),
        ];
        for how in [
            HowRead::Ahead,
            HowRead::Helped,
            HowRead::AsAsked,
            HowRead::Unkept,
        ] {
            assert_eq!(
                changes_read(old, new, how),
                (targets.clone(), expected.clone())
            );
        }
    }

    /// Transfer mechanisms and contact details are looked for in the whole of the other
    /// version (read ahead when a changed sentence names one, or when first asked): a mechanism
    /// moved to another section is none removed, however the versions are read.
    #[test]
    fn what_a_whole_version_names_is_the_same_read_ahead_or_when_asked() {
        let old = "Transfers\n\nWe rely on standard contractual clauses for transfers.\n\n\
                   Contact\n\nWrite to privacy@x.example.\n\n\
                   Legal\n\nWe may share data with partners.\n";
        let new = "Transfers\n\nWe rely on binding corporate rules for transfers.\n\n\
                   Contact\n\nWrite to privacy@x.example or dpo@x.example.\n\n\
                   Legal\n\nWe share data with partners. Standard contractual clauses cover \
                   our transfers.\n";
        let expected: Vec<(String, String)> = [
            (
                "transfer",
                "transfer mechanism added: binding corporate rules",
            ),
            ("contact", "contact added: dpo@x.example"),
            ("modality", "modality removed: \"may share\" → \"share\""),
        ]
        .iter()
        .map(|(kind, message)| (kind.to_string(), message.to_string()))
        .collect();
        for how in [
            HowRead::Ahead,
            HowRead::Helped,
            HowRead::AsAsked,
            HowRead::Unkept,
        ] {
            assert_eq!(changes_read(old, new, how).1, expected);
        }
    }

    #[test]
    fn changes_read_on_another_thread_are_those_this_one_reads() {
        let (a, b) = (
            doc(
                "Sharing\n\nAdvertising. We share data with advertisers.\n\n\
                 Retention. We may keep logs for 30 days.\n",
            ),
            doc(
                "Sharing\n\nAdvertising. We share data with data brokers.\n\n\
                 Retention. We will keep logs for 90 days.\n",
            ),
        );
        let versions = Versions::new(&a, &b);
        let cmp = compare(&a, &b, &DiffSettings::default());
        let (there, here) = (
            Marking::of(&cmp.changes, &versions, true),
            Marking::of(&cmp.changes, &versions, true),
        );
        std::thread::scope(|s| {
            s.spawn(|| there.read(&versions));
        });
        // The other thread took and read every change: a thread that comes now finds them read.
        assert!(there.next.load(Ordering::Relaxed) >= cmp.changes.len());
        assert!(there.found.iter().all(|found| found.get().is_some()));
        there.read(&versions);
        let taken: Vec<Vec<Found>> = (0..cmp.changes.len())
            .map(|k| there.take_found(k, &versions))
            .collect();
        for (k, found) in taken.iter().enumerate() {
            assert_eq!(*found, here.take_found(k, &versions));
        }
        let kinds: Vec<&str> = (taken.iter().flatten())
            .map(|f| f.material.kind.as_str())
            .collect();
        assert_eq!(kinds, ["recipient", "modality", "quantity"]);
    }

    /// The material changes found between two texts as `(kind, message)`, all detectors on.
    fn messages(old: &str, new: &str) -> Vec<(String, String)> {
        let (a, b) = (doc(old), doc(new));
        let mut cmp = compare(&a, &b, &DiffSettings::default());
        mark(&mut cmp, &Versions::new(&a, &b), &KINDS, None);
        (cmp.changes.iter())
            .flat_map(|c| {
                c.material
                    .iter()
                    .map(|m| (m.kind.clone(), m.message.clone()))
            })
            .collect()
    }

    /// PayPal's new disclosure to merchants, whom the section already names.
    #[test]
    fn a_disclosure_added_or_removed_with_its_sentence_is_material() {
        let old = "Sharing\n\nWe share information with merchants to process your payments.\n";
        let new = "Sharing\n\nWe share information with merchants to process your payments. We \
                   may also disclose personal data to merchants so they can show you offers.\n";
        let added = "disclosure added in a new sentence: \"We may also disclose personal data \
                     to merchants so they …\" (to business partners)";
        assert_eq!(
            messages(old, new),
            [("practice".to_string(), added.to_string())]
        );
        let removed = added.replace("added in a new sentence", "removed with its sentence");
        assert_eq!(messages(new, old), [("practice".to_string(), removed)]);
        // What the user shares, data shared with the company, and a sale of its products are
        // no disclosure of the company's.
        for sentence in [
            "You can also send information to merchants through the app.",
            "We keep information shared by merchants with us.",
            "We make money from the sale of gift cards to merchants.",
            "You can use features of merchants like widgets, share buttons and logins.",
            // Still said by another sentence, as Claude's list of recipients is.
            "We share information with merchants to process your payments in euros.",
        ] {
            let new = old.replace("payments.", &format!("payments. {sentence}"));
            assert_eq!(
                messages(old, &new),
                Vec::<(String, String)>::new(),
                "{sentence}"
            );
        }
        // The company's act, the user named in another clause; quoted about its verb.
        let new = old.replace(
            "payments.",
            "payments. If you use our app on a phone that is older than two years, we share \
             your location with merchants.",
        );
        let added = "disclosure added in a new sentence: \"… older than two years, we share your \
                     location with merchants.\" (to business partners)";
        assert_eq!(
            messages(old, &new).first(),
            Some(&("practice".to_string(), added.to_string()))
        );
    }

    /// A sentence moved to another section and lightly edited there is removed from one change
    /// and added in another: nothing was removed, so nothing is said. Reworded, it is said.
    #[test]
    fn a_sentence_moved_between_changes_and_lightly_edited_is_no_removal() {
        let text = |first: &str, second: &str| {
            format!(
                "Data We Keep\n\nWe keep records of orders. {first}\n\n\
                 How We Share\n\nWe share records with couriers. {second}\n"
            )
        };
        let promise = "We do not sell your email address to anyone at all.";
        let moved = "We do not sell your email address to anyone.";
        let birth = "We collect your date of birth when you sign up for an account.";
        let birth_moved = "We collect your date of birth when you sign up for the account.";
        let old = text(&format!("{promise} {birth}"), "");
        let new = text("", &format!("{moved} {birth_moved}"));
        assert_eq!(messages(&old, &new), []);
        // An exception added on the way is a change, moved or not.
        let excepted = "We do not sell your email address to anyone at all unless asked.";
        let new = text(birth_moved, excepted);
        let said = messages(&old, &new);
        let negations = said.iter().filter(|(k, _)| k == "negation").count();
        assert_eq!(negations, 2, "{said:?}");

        // Reworded: the promise is another sentence, and said removed and added.
        let reworded = "We never sell your email address or rent it to brokers.";
        let new = text(birth_moved, reworded);
        let said = |what: &str, quoted: &str| {
            (
                "negation".to_string(),
                format!("negation {what}: \"{quoted} …\""),
            )
        };
        assert_eq!(
            messages(&old, &new),
            [
                said(
                    "removed with its sentence",
                    "We do not sell your email address to"
                ),
                said(
                    "added in a new sentence",
                    "We never sell your email address or rent"
                ),
            ]
        );

        // The promise that moved hides none deleted beside it (Apple's "does not share" added
        // beside its "does not sell" moved in).
        let share = "We also do not share your email address with advertisers.";
        let old = text("", &format!("{promise} {share}"));
        let new = text(moved, "");
        assert_eq!(
            messages(&old, &new),
            [said(
                "removed with its sentence",
                "We also do not share your email address"
            )]
        );
        assert_eq!(
            messages(&new, &old),
            [said(
                "added in a new sentence",
                "We also do not share your email address"
            )]
        );
    }

    #[test]
    fn a_negated_practice_removed_or_added_with_its_sentence() {
        let with = "We share your email with partners. We do not sell your email address.";
        let without = "We share your email with partners.";
        let negation = |what: &str| {
            vec![(
                "negation".to_string(),
                format!("negation {what}: \"We do not sell your email address\""),
            )]
        };
        // The email address is named as what is not sold: no data category comes or goes.
        assert_eq!(
            messages(with, without),
            negation("removed with its sentence")
        );
        assert_eq!(messages(without, with), negation("added in a new sentence"));
        // The same promise in other words, of the same data: no negation comes or goes. Of
        // other data, or to other recipients, it is another promise.
        let passive = "We share your email with partners. Your email address is never sold.";
        assert!(
            kinds(with, passive).is_empty(),
            "{:?}",
            messages(with, passive)
        );
        assert!(kinds(passive, with).is_empty());
        let other_data = "We share your email with partners. Your phone number is never sold.";
        assert!(kinds(with, other_data).contains(&"negation".to_string()));
        let brokers = "We share your email with partners. We do not sell it to data brokers.";
        let advertisers = "We share your email with partners. It is never sold to advertisers.";
        assert!(kinds(brokers, advertisers).contains(&"negation".to_string()));
        let reworded = "We share your email with partners. It is never sold to data brokers.";
        assert!(kinds(brokers, reworded).is_empty());
        // A narrower promise in its place is the promise removed: of other people's data, or
        // under a condition.
        let broad = "We use cookies. We do not sell your personal information.";
        for narrower in [
            "We use cookies. Information collected from our employees is never sold.",
            "We use cookies. Where a law requires it, we will not sell the personal information \
             of residents of that state.",
            "We use cookies. If you are under 16, your personal information is never sold.",
        ] {
            let said = messages(broad, narrower);
            assert!(
                said.iter()
                    .any(|(_, m)| m.starts_with("negation removed with its sentence")),
                "{narrower}: {said:?}"
            );
        }
        // Two sentences merged into one (or one split in two): what the negation negates still
        // stands, whichever sentence the merged one is paired with.
        let two = "Cookies help. We do not sell data. We share it with partners and affiliates.";
        let one =
            "Cookies help. We do not sell data, but we share it with partners and affiliates.";
        assert!(kinds(two, one).is_empty());
        assert!(kinds(one, two).is_empty());
        // The clause quoted is what follows its break.
        let but = "Cookies help. We share data, but we do not sell it to brokers.";
        assert_eq!(
            messages(but, "Cookies help."),
            [(
                "negation".to_string(),
                "negation removed with its sentence: \"we do not sell it to brokers\"".to_string()
            )]
        );
        // What stands before the cue is not negated: a location is collected.
        assert_eq!(
            kinds(
                "Cookies help.",
                "Cookies help. We collect your precise location and do not sell it."
            ),
            ["negation", "data-category"]
        );
        // A negation that is no practice promises nothing.
        assert!(
            kinds(
                "We use cookies. Some pages may not load without them.",
                "We use cookies."
            )
            .is_empty()
        );
    }

    #[test]
    fn a_practice_taken_out_of_a_negation_or_put_in_one_is_material() {
        let both = "We do not sell or share your personal information.";
        let sell = "We do not sell your personal information.";
        let message = |what: &str, quoted: &str| {
            vec![(
                "negation".to_string(),
                format!("negation {what}: \"{quoted}\""),
            )]
        };
        assert_eq!(
            messages(both, sell),
            message(
                "narrowed: no longer says it does not share",
                "We do not sell your personal information"
            )
        );
        assert_eq!(
            messages(sell, both),
            message(
                "widened: now also says it does not share",
                "We do not sell or share your personal …"
            )
        );
        assert_eq!(
            messages(
                "We do not collect information from children for targeted ads.",
                "We do not disclose information from children for targeted ads."
            ),
            message(
                "changed: says it does not share, no longer that it does not collect",
                "We do not disclose information from children for …"
            )
        );
        // Cut in two, the sentence still negates both. (The second half reads as a negation
        // added in a new sentence: its words do not stand in the old one.)
        let halves = "We do not sell your personal information. We do not share it either.";
        let said = messages(both, halves);
        assert!(
            !said.iter().any(|(_, m)| m.contains("narrowed")),
            "{said:?}"
        );
        // A verb after what is negated is no practice negated: "process" goes, no promise with it.
        assert_eq!(
            messages(
                "We do not share it except to process payments.",
                "We do not share it except to complete payments."
            ),
            []
        );
        // What was done is now promised not to be done.
        assert_eq!(
            messages(
                "We do not sell your data, and we collect it from partners.",
                "We do not sell or collect your data from partners."
            ),
            message(
                "widened: now also says it does not collect",
                "We do not sell or collect your data …"
            )
        );
    }

    /// Past its budget of words searched, a change looks about each sentence's place only, and
    /// still finds each negation gone.
    #[test]
    fn a_change_of_thousands_of_negations_gone_finds_each() {
        let n = 3_000;
        let old: Vec<String> = (0..n)
            .map(|k| format!("We do not sell your record {k} to anyone."))
            .collect();
        let new: Vec<String> = (0..n)
            .map(|k| format!("We sell your record {k} to anyone."))
            .collect();
        // Each sentence would read both sides: 3,000 times 220 KB, past the budget.
        assert!(n * (old.concat().len() + new.concat().len()) > SEARCH_BYTES);
        let said = messages(&old.join(" "), &new.join(" "));
        let gone = (
            "negation".to_string(),
            "negation removed: \"not\"".to_string(),
        );
        assert_eq!(said.len(), n);
        assert!(said.iter().all(|m| *m == gone), "{:?}", &said[..3]);
    }

    #[test]
    fn a_negation_held_without_consent_is_material_when_it_goes() {
        let with = "We do not share your location data with advertisers without your consent.";
        let without = "We share your location data with advertisers.";
        let removed = messages(with, without);
        assert_eq!(
            removed,
            [(
                "negation".to_string(),
                "negation removed: \"not … without your consent\"".to_string()
            )]
        );
        assert_eq!(
            messages(without, with)[0].1,
            "negation added: \"not … without your consent\""
        );
        assert_eq!(
            messages(
                "We don't share your location without your consent.",
                "We share your location."
            )[0]
            .1,
            "negation removed: \"don't … without your consent\""
        );
        // Removed with its sentence, it is quoted as any other negation.
        let old = format!("Cookies help. {with}");
        assert_eq!(
            messages(&old, "Cookies help.")[0].1,
            "negation removed with its sentence: \"We do not share your location data with …\""
        );
    }

    #[test]
    fn a_promise_not_to_combine_data_is_a_negation() {
        let old = "We may combine information across services. We will not combine cookie information with personally identifiable information unless we have your opt-in consent.";
        assert_eq!(
            messages(old, "We may combine information across services.")[0].1,
            "negation removed with its sentence: \"We will not combine cookie information with personally …\""
        );
    }

    #[test]
    fn a_long_clause_is_quoted_around_its_cue() {
        let old = "Cookies help. Because this information could link you to your searches, \
                   we do not sell it to anyone.";
        assert_eq!(
            messages(old, "Cookies help."),
            [(
                "negation".to_string(),
                "negation removed with its sentence: \"… searches, we do not sell it to anyone\""
                    .to_string()
            )]
        );
        // The word a cue is part of ("don't") counts as the cue's.
        let old = "Cookies help. However, in our case and in every case, we don't sell data.";
        assert_eq!(
            messages(old, "Cookies help.")[0].1,
            "negation removed with its sentence: \"… and in every case, we don't sell data\""
        );
        // A clause after "and" with no subject of its own is quoted with the one before it.
        let old = "Cookies help. We have never been asked and will not share your data.";
        assert_eq!(
            messages(old, "Cookies help.")[0].1,
            "negation removed with its sentence: \"… been asked and will not share your data\""
        );
        // A clause of eight words is quoted whole, wherever its cue.
        let old = "Cookies help. Our partners and affiliates do not sell data.";
        assert_eq!(
            messages(old, "Cookies help.")[0].1,
            "negation removed with its sentence: \"Our partners and affiliates do not sell data\""
        );
    }

    /// Each promise a change drops is a finding: Zoom's audio features lost two at once.
    #[test]
    fn two_promises_removed_in_one_change_are_two_findings() {
        let old = "Zoom may analyze the meeting's audio. The audio analysis is not retained after \
                   the transcript is generated. Zoom does not receive or retain the clip, which \
                   stays on your device.";
        let got = messages(old, "Zoom may analyze the meeting's audio.");
        let said: Vec<&str> = got.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(
            said,
            [
                "negation removed with its sentence: \"The audio analysis is not retained after the …\"",
                "negation removed with its sentence: \"Zoom does not receive or retain the clip, …\"",
            ]
        );
    }

    #[test]
    fn a_promise_is_quoted_before_a_restriction_of_the_user() {
        let new = "Cookies help. You may not use the service in some countries. \
                   We do not sell your data.";
        let negation = |quote: &str| {
            (
                "negation".to_string(),
                format!("negation added in a new sentence: \"{quote}\""),
            )
        };
        assert_eq!(
            messages("Cookies help.", new),
            [
                negation("We do not sell your data"),
                negation("You may not use the service in some …")
            ]
        );
        // What the user cannot do hides no data category named in it.
        assert_eq!(
            kinds(
                "Cookies help.",
                "Cookies help. You cannot stop our collection of your precise location."
            ),
            ["negation", "data-category"]
        );
        // Alone, a restriction of the user is a negation too.
        assert_eq!(
            messages(
                "Cookies help.",
                "Cookies help. You may not use the service."
            )[0]
            .1,
            "negation added in a new sentence: \"You may not use the service\""
        );
    }

    #[test]
    fn what_the_user_can_no_longer_do_is_a_negation() {
        let old = "Cookies help. You can delete your data at any time.";
        let new = "Cookies help. You cannot delete your data at any time.";
        assert_eq!(
            messages(old, new),
            [(
                "negation".to_string(),
                "negation added: \"cannot\"".to_string()
            )]
        );
    }

    /// Netflix: "they will not be behavioral advertisements" → "non-behavioral".
    #[test]
    fn a_not_said_as_non_is_no_negation_removed() {
        let old = "If you opt out of behavioral ads, you still see ads, but they will not be \
                   behavioral ads.";
        let new = "If you opt out of behavioral ads, you still see ads, but they will be \
                   non-behavioral ads.";
        assert_eq!(messages(old, new), Vec::<(String, String)>::new());
        assert_eq!(messages(new, old), Vec::<(String, String)>::new());
        // A "non-" elsewhere says nothing of the word the "not" negated.
        let removed = |old: &str, new: &str| {
            assert_eq!(
                messages(old, new),
                [(
                    "negation".to_string(),
                    "negation removed: \"not\"".to_string()
                )],
                "{new}"
            );
        };
        removed(
            "Giving data to advertisers is not a sale, and we give it to partners.",
            "Giving data to advertisers is a sale, and we give it to nonaffiliated partners.",
        );
        removed(
            "Your public profile is not searchable by search engines.",
            "Your public profile is searchable by search engines, unless you pick a \
             non-searchable profile.",
        );
        let new = "If you opt out, you still see ads, but they will be behavioral ads.";
        assert_eq!(
            messages(old, new),
            [(
                "negation".to_string(),
                "negation removed: \"not\"".to_string()
            )]
        );
    }

    #[test]
    fn promises_merged_into_one_sentence_are_no_negation_added() {
        let old = "We don't save your IP address alongside your searches. We also never log IP \
                   addresses or any unique identifiers to disk.";
        let new = "We don't save your IP address alongside your searches or chats, and we never \
                   log IP addresses to disk.";
        assert_eq!(messages(old, new), Vec::<(String, String)>::new());
        // A promise that is new, beside one that stays, is the one quoted.
        let new = "We don't save your IP address alongside your searches, and we never sell it.";
        assert_eq!(
            messages(
                "We don't save your IP address alongside your searches.",
                new
            ),
            [(
                "negation".to_string(),
                "negation added: \"never\"".to_string()
            )]
        );
    }

    #[test]
    fn a_promise_removed_beside_its_twin_is_removed() {
        assert_eq!(
            messages(
                "We do not sell your contacts, and we do not sell your location.",
                "We do not sell your contacts, and we sell your location."
            ),
            [(
                "negation".to_string(),
                "negation removed: \"not\"".to_string()
            )]
        );
    }

    #[test]
    fn an_exception_to_a_promise_or_a_right_is_material() {
        let pair = |kind: &str, message: &str| vec![(kind.to_string(), message.to_string())];
        assert_eq!(
            messages(
                "We do not share your data with third parties.",
                "We do not share your data with third parties, except our affiliates and data brokers."
            ),
            pair(
                "negation",
                "exception added to a negation: \"except our affiliates and data brokers\""
            )
        );
        assert_eq!(
            messages(
                "Other than our own bots, no other bots are affiliated with us.",
                "No other bots are affiliated with us."
            ),
            pair(
                "negation",
                "exception removed from a negation: \"other than our own bots no other bots …\""
            )
        );
        assert_eq!(
            messages(
                "You can opt out of marketing emails.",
                "You can opt out of marketing emails unless you are a subscriber."
            ),
            pair(
                "right",
                "exception added to a right: \"unless you are a subscriber\""
            )
        );
        // In another clause than the negation's: an exception to what that clause says.
        assert_eq!(
            messages(
                "We do not sell your data, and you can opt out of marketing emails.",
                "We do not sell your data, and you can opt out of marketing emails unless you are a subscriber."
            ),
            pair(
                "right",
                "exception added to a right: \"unless you are a subscriber\""
            )
        );
        // An exception to something else in a sentence that also holds a negation, far from
        // it: no exception to the negation.
        assert_eq!(
            messages(
                "China, which here does not include Hong Kong, Macau and Taiwan, has its own page.",
                "China, which here does not include Hong Kong, Macau and Taiwan, has its own page, and our local company is the controller of your information for all activities except bookings abroad."
            ),
            Vec::<(String, String)>::new()
        );
    }

    #[test]
    fn every_qualifier_ends_in_a_word_that_says_a_sentence_may_hold_it() {
        for q in RIGHT_QUALIFIERS.iter().flat_map(|g| g.iter()) {
            assert!(q.last().is_some_and(|w| ends_a_qualifier(w)), "{q:?}");
        }
    }

    #[test]
    fn a_right_losing_or_gaining_a_qualifier_is_material() {
        let pair = |message: &str| vec![("right".to_string(), message.to_string())];
        assert_eq!(
            messages(
                "You can withdraw your consent at any time.",
                "You can withdraw your consent."
            ),
            pair("right narrowed: withdrawal of consent no longer \"at any time\"")
        );
        assert_eq!(
            messages(
                "You may request a copy of your data at any time.",
                "You may request a copy of your data at any time, free of charge."
            ),
            pair("right widened: portability now \"free of charge\"")
        );
        // Before the right, in other words, two at once, one said for another.
        assert_eq!(
            messages(
                "At any time, you can withdraw your consent.",
                "You can withdraw your consent."
            ),
            pair("right narrowed: withdrawal of consent no longer \"at any time\"")
        );
        assert_eq!(
            messages(
                "You can withdraw your consent anytime, free of charge.",
                "You can withdraw your consent."
            ),
            pair("right narrowed: withdrawal of consent no longer \"anytime\", \"free of charge\"",)
        );
        assert_eq!(
            messages(
                "You can opt out of marketing emails at any time.",
                "You can opt out of marketing emails."
            ),
            pair("right narrowed: opt-out no longer \"at any time\"")
        );
        // In the passive, and a right named beside another.
        assert_eq!(
            messages(
                "Your consent may be withdrawn at any time.",
                "Your consent may be withdrawn."
            ),
            pair("right narrowed: withdrawal of consent no longer \"at any time\"")
        );
        assert_eq!(
            messages(
                "You may object to, or request restriction of, our processing.",
                "You may object to our processing."
            ),
            pair("right removed: restriction of processing")
        );
        assert_eq!(
            messages(
                "You can withdraw your consent at any time.",
                "You can withdraw your consent at any moment."
            ),
            Vec::<(String, String)>::new()
        );
        // Not a right's: the policy's own changes, or a qualifier far from the right.
        for (old, new) in [
            (
                "We may update this policy at any time.",
                "We may update this policy.",
            ),
            (
                "You can opt out of marketing emails by following the link at the bottom of each email we send you or by writing to our office, at any time.",
                "You can opt out of marketing emails by following the link at the bottom of each email we send you or by writing to our office.",
            ),
            // Said as often as before, in a sentence split off or joined on.
            (
                "You can opt out at any time. We confirm it by email.",
                "You can opt out. At any time, we confirm it by post.",
            ),
        ] {
            assert_eq!(messages(old, new), Vec::<(String, String)>::new(), "{old}");
            assert_eq!(messages(new, old), Vec::<(String, String)>::new(), "{new}");
        }
        // Gone, or come, with its whole sentence, the right still named beside it.
        let kept = "You can withdraw your consent by writing to us.";
        let whole = format!("{kept} You can withdraw your consent at any time.");
        assert_eq!(
            messages(&whole, kept),
            pair("right narrowed: withdrawal of consent no longer \"at any time\"")
        );
        assert_eq!(
            messages(kept, &whole),
            pair("right widened: withdrawal of consent now \"at any time\"")
        );
        // Gone with the right itself: the right removed says it all.
        assert_eq!(
            messages(
                "Cookies help. You can withdraw your consent at any time.",
                "Cookies help."
            ),
            pair("right removed: withdrawal of consent")
        );
    }

    #[test]
    fn a_changed_controller_is_a_contact_change() {
        assert_eq!(
            messages(
                "Facebook Ireland Ltd. is the controller of your data.",
                "Meta Platforms Ireland Limited is the controller of your data."
            ),
            vec![(
                "contact".to_string(),
                "controller changed: Facebook Ireland Ltd → Meta Platforms Ireland Limited"
                    .to_string()
            )]
        );
        // A public benefit corporation, a limited liability partnership.
        assert_eq!(
            messages(
                "Outside the EEA, the data controller is Anthropic PBC.",
                "Outside the EEA, the data controller is Anthropic LLP."
            ),
            vec![(
                "contact".to_string(),
                "controller changed: Anthropic PBC → Anthropic LLP".to_string()
            )]
        );
        assert_eq!(
            messages(
                "For the EEA, Discord Inc. is the data controller.",
                "For the EEA and the UK, Discord, Inc. is the data controller."
            ),
            Vec::<(String, String)>::new()
        );
        let controllers = |old: &str, new: &str| -> Vec<String> {
            (messages(old, new).into_iter())
                .map(|(_, message)| message)
                .filter(|m| m.contains("controller"))
                .collect()
        };
        // The company a policy calls "we" answers for the data, as a US policy says it (TikTok's
        // notice for children).
        assert_eq!(
            controllers(
                "TikTok Inc. (\"TikTok\", \"we\" or \"us\") is committed to privacy.",
                "TikTok USDS Joint Venture LLC (\u{201C}TikTok USDS Joint Venture,\u{201D} \u{201C}we\u{201D} or \u{201C}us\u{201D}) is committed to privacy."
            ),
            ["controller changed: TikTok Inc → TikTok USDS Joint Venture LLC"]
        );
        assert_eq!(
            controllers(
                "Bluesky, PBC d.b.a. Bluesky (\"Bluesky,\" \"we,\" \"us\") collects data.",
                "Bluesky Social, PBC (\"we\", \"us\") collects data."
            ),
            ["controller changed: Bluesky PBC → Bluesky Social PBC"]
        );
        // A company named where no controller is spoken of; "the Company" a policy calls itself.
        assert!(
            controllers(
                "We share data with Acme Analytics Inc. for statistics.",
                "We share data with Zenith Metrics LLC for statistics."
            )
            .is_empty()
        );
        assert!(
            controllers(
                "The Company is the controller.",
                "The Company is the data controller for all users."
            )
            .is_empty()
        );
        // A city and its state in the controller's address: not a company.
        assert_eq!(
            controllers(
                "The controller is Acme Inc., 123 Main St, Las Vegas, NV 89101.",
                "The controller is Acme Inc., 123 Main St, Henderson, NV 89101."
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            controllers(
                "Spotify AB is the controller.",
                "Spotify Nordic AB is the controller."
            ),
            ["controller changed: Spotify AB → Spotify Nordic AB"]
        );
        // Airbnb's Irish unlimited company, its Luxembourg société anonyme, its Brazilian
        // limitada; South Australia after a comma is a state.
        assert_eq!(
            controllers(
                "Airbnb Ireland UC is the controller of your personal information.",
                "Airbnb Payments Luxembourg SA, 4 rue Henri Schnadt, L-2350 Luxembourg, is the controller."
            ),
            ["controller changed: Airbnb Ireland UC → Airbnb Payments Luxembourg SA"]
        );
        assert_eq!(
            controllers(
                "If you reside in Brazil, Airbnb Plataforma Digital Ltda is the controller.",
                "If you reside in Brazil, Airbnb Ireland UC is the controller."
            ),
            ["controller changed: Airbnb Plataforma Digital Ltda → Airbnb Ireland UC"]
        );
        assert_eq!(
            controllers(
                "In China, Airbnb Ireland UC is the controller.",
                "In China, Airbnb Internet (Beijing) Co., Ltd. is the controller."
            ),
            ["controller changed: Airbnb Ireland UC → Airbnb Internet (Beijing) Co. Ltd"]
        );
        assert_eq!(
            controllers(
                "The controller is Acme Pty Ltd, 1 King William St, Adelaide, SA 5000.",
                "The controller is Acme Pty Ltd, 9 Grenfell St, Kent Town, SA 5067."
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            controllers(
                "The controller is Acme Pty Ltd, 1 King William St, Adelaide SA 5000.",
                "The controller is Acme Pty Ltd, 9 Grenfell St, Kent Town SA 5067. Ask the Irish SA."
            ),
            Vec::<String>::new()
        );
        // A word in brackets inside a name, not one before it.
        assert_eq!(
            controllers(
                "The data controller (Controller) Example Limited answers.",
                "The data controller (Controller) Zoom Video (Hong Kong) Limited answers."
            ),
            ["controller changed: Example Limited → Zoom Video (Hong Kong) Limited"]
        );
        // Moved to another section while the text around it changed: still the controller.
        assert_eq!(
            controllers(
                "Who we are\n\nAcme Europe Ltd. is the controller of your data. We are based in Dublin.\n\nContact\n\nWrite to us.\n",
                "Who we are\n\nWe are based in Cork.\n\nContact\n\nWrite to us. Acme Europe Ltd. is the controller of your data.\n"
            ),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_modal_verb_that_stays_is_not_dropped() {
        let old = "If you lose access to your account, you may lose access to the content.";
        let new = "If you lose access to your account, you may lose access to a content.";
        assert!(kinds(old, new).is_empty());
        assert!(
            kinds(
                "We may share your data.",
                "We may share your data, and we share it."
            )
            .is_empty()
        );
        assert_eq!(
            kinds(
                "We may collect your name, and we may collect your email.",
                "We may collect your name, and we collect your email."
            ),
            ["modality"]
        );
    }

    #[test]
    fn named_things_added_or_removed() {
        let base = "We keep logs for 30 days. We share data with service providers.";
        assert_eq!(
            kinds(
                base,
                "We keep logs for 90 days. We share data with service providers."
            ),
            ["quantity"]
        );
        assert_eq!(
            kinds(
                base,
                "We keep logs for 30 days. We share data with service providers and advertisers."
            ),
            ["recipient"]
        );
        assert_eq!(
            kinds(
                "Our service is not for children under 13.",
                "Our service is not for children under 16."
            ),
            ["quantity"]
        );
        // Replaced by a value another sentence names already: still a change of this one.
        let children = "If you are under 18, ask a parent. We do not collect data from children \
                        under the age of 13.";
        assert_eq!(
            messages(children, &children.replace("13", "18")),
            [(
                "quantity".to_string(),
                "quantity changed: age 13 → age 18".to_string()
            )]
        );
        // The second of two ages changed: "or under 16 in the EEA".
        let two = "We do not collect data from children under 13, or under 16 in the EEA.";
        assert_eq!(
            messages(two, &two.replace("16", "18")),
            [(
                "quantity".to_string(),
                "quantity changed: age 16 → age 18".to_string()
            )]
        );
        // The same period in other units is no change of quantity.
        let years = "We keep logs for 2 years. We share data with service providers.";
        let months = "We keep logs for 24 months. We share data with service providers.";
        assert!(kinds(years, months).is_empty());
        assert_eq!(
            messages(years, &months.replace("24", "18")),
            [(
                "quantity".to_string(),
                "quantity changed: 2 year → 18 month".to_string()
            )]
        );
    }

    #[test]
    fn what_an_unchanged_sentence_names_is_not_added_or_removed() {
        let base = "We use cookies for 30 days. We share data with partners. Contact us.";
        // The new sentence names cookies, partners and 30 days, which unchanged sentences of
        // the old text name too; advertisers it is the first to name.
        let new = "We use cookies for 30 days. We share data with partners. Contact us. \
                   We also share data with advertisers and partners, who set cookies for 30 days.";
        assert_eq!(kinds(base, new), ["recipient"]);
        assert_eq!(kinds(new, base), ["recipient"]);
        let moved = "We share data with partners. Contact us. We use cookies for 30 days.";
        assert!(kinds(base, moved).is_empty());
        // An unchanged sentence that names no label of the change still names its quantity.
        let added = " Logs are deleted after 30 days.";
        let quantity =
            |old: &str| kinds(old, &format!("{old}{added}")).contains(&"quantity".to_string());
        assert!(quantity("Contact us."));
        assert!(!quantity("Backups go after 30 days. Contact us."));
    }

    #[test]
    fn a_date_searched_ahead_is_the_one_marked_and_only_if_asked() {
        let (a, b) = (
            doc("Last updated: May 1, 2023.\n\nWe keep logs for a while."),
            doc("Last updated: May 1, 2023.\n\nWe keep logs for a long while."),
        );
        let versions = Versions::new(&a, &b);
        versions.read_ahead(false);
        assert!(versions.new_date.get().is_none());
        versions.read_ahead(true);
        assert!(versions.old_date.get().is_some());
        let mut cmp = compare(&a, &b, &DiffSettings::default());
        mark(&mut cmp, &versions, &KINDS, None);
        let kinds: Vec<&str> = (cmp.changes.iter())
            .flat_map(|c| c.material.iter().map(|m| m.kind.as_str()))
            .collect();
        assert_eq!(kinds, ["effective-date"]);
    }

    #[test]
    fn a_date_that_stands_still_while_the_text_changes() {
        let old = "Last updated: May 1, 2023.\n\nWe keep logs for a while.";
        assert_eq!(
            kinds(
                old,
                "Last updated: May 1, 2023.\n\nWe keep logs for a long while."
            ),
            ["effective-date"]
        );
        assert!(
            kinds(
                old,
                "Last updated: June 1, 2023.\n\nWe keep logs for a long while."
            )
            .is_empty()
        );
        assert!(
            kinds(
                old,
                "Last updated: June 1, 2023.\n\nWe keep logs for a while."
            )
            .is_empty()
        );
        // A space before the comma, as pages converted from HTML have it; written either way
        // it is the same date.
        assert_eq!(
            kinds(
                "Last updated: November 8 , 2022\n\nWe keep logs.",
                "Last updated: November 8, 2022\n\nWe keep logs for a year."
            ),
            ["effective-date"]
        );
        // Steam's "Revision Date:", and other names of the date.
        for label in [
            "Revision Date",
            "Version date",
            "Date of revision",
            "Last revision",
        ] {
            assert_eq!(
                kinds(
                    &format!("{label}: February 14th, 2024\n\nWe keep logs."),
                    &format!("{label}: February 14th, 2024\n\nWe keep logs for a year."),
                ),
                ["effective-date"],
                "{label}"
            );
        }
    }
}
