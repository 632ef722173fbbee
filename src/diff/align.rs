//! Pairs old and new sections (or the items of a paired section) by heading and content.
//!
//! Same heading (or label) first (a heading said more than once, in the order both versions
//! give it), then the same heading but for its numbering and case; then,
//! among what is left, the same text, then similar text (a renamed heading over a body that is
//! largely the same), then a heading much alike over a body that grew or shrank around what it
//! kept. Pairs whose order changed are moves:
//! everything outside a longest run of pairs in the same order in both versions.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use super::hash::WordHasher;
use crate::outline::split_numbering;

/// What alignment needs to know of one section or item.
#[derive(Debug, Clone)]
pub struct Entry<'t> {
    /// The heading or label, folded (case, final punctuation).
    pub key: String,
    /// Hash of `key`: what entries are grouped by first.
    key_hash: u64,
    /// Hash of the compared text of the whole entry (heading or label included).
    pub exact: u64,
    /// Hash of the compared body (without heading or label): equal bodies under a new heading.
    pub body: Option<u64>,
    /// The body's lines (a section's intro, then each item): what it reads as joined by "\n",
    /// hashed and split into words as joined, never copied into one text.
    first_line: &'t str,
    more_lines: Vec<&'t str>,
    /// The distinct words of key and body, hashed and sorted, for similarity: worked out only
    /// for the entries that similarity is asked of (most pair by key and text first).
    words: OnceCell<Vec<u64>>,
}

impl<'t> Entry<'t> {
    pub fn new(key: &str, body: impl IntoIterator<Item = &'t str>) -> Entry<'t> {
        let key = fold_key(key);
        let mut lines = body.into_iter();
        let first_line = lines.next().unwrap_or_default();
        let more_lines: Vec<&str> = lines.collect();
        // The same hash for the same joined text, whatever its split into lines: the bytes with
        // "\n" between lines, ended as `str`'s `Hash` ends them.
        let mut h = WordHasher::default();
        h.write(first_line.as_bytes());
        for line in &more_lines {
            h.write_u8(b'\n');
            h.write(line.as_bytes());
        }
        h.write_u8(0xff);
        // Key and body are each hashed once; the whole entry's hash is made of theirs.
        let (key_hash, body_hash) = (hash(key.as_str()), h.finish());
        let empty = first_line.is_empty() && more_lines.is_empty();
        Entry {
            key_hash,
            exact: hash(&(key_hash, body_hash)),
            body: (!empty).then_some(body_hash),
            key,
            first_line,
            more_lines,
            words: OnceCell::new(),
        }
    }

    /// The joined body's length in bytes.
    pub fn body_len(&self) -> usize {
        (self.more_lines.iter()).fold(self.first_line.len(), |len, line| len + 1 + line.len())
    }

    fn words(&self) -> &[u64] {
        self.words.get_or_init(|| {
            let mut words = Vec::new();
            push_word_hashes(&self.key, &mut words);
            for line in self.lines() {
                push_word_hashes(line, &mut words);
            }
            sorted_distinct(words)
        })
    }

    fn lines(&self) -> impl Iterator<Item = &'t str> {
        std::iter::once(self.first_line).chain(self.more_lines.iter().copied())
    }
}

/// The words of `text` without the punctuation around them: runs of letters and digits, with
/// the hyphens and apostrophes inside ("EU-US", "we're").
fn bare_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(['-', '\'', '’']))
        .filter(|w| !w.is_empty())
}

fn sorted_distinct(mut words: Vec<u64>) -> Vec<u64> {
    words.sort_unstable();
    words.dedup();
    words
}

/// A heading's words without its numbering, case and punctuation: "15. Supplemental Notice"
/// and "SUPPLEMENTAL NOTICE" are "supplemental notice", and so is "1\\. Supplemental notice:".
/// The numbering is the numbers and single letters that open it ("2.1", "C.", "(iv)" is not
/// read as one: a roman number of more letters stays). `None` without a word of two letters
/// left ("4.", "Part 2" is "part 2": a number inside a heading is its name).
pub(super) fn unnumbered(key: &str) -> Option<String> {
    let words: Vec<&str> = bare_words(key)
        .skip_while(|w| w.chars().count() == 1 || w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let named = words
        .iter()
        .any(|w| w.chars().filter(|c| c.is_alphabetic()).nth(1).is_some());
    named.then(|| words.join(" ").to_lowercase())
}

/// Whether two headings (or labels) differ in their numbering only, the rest the same but for
/// case and a closing stop: "2. Security" and "3. Security.", "C. Cookies" and "Cookies" — what
/// a section inserted or taken out does to every section after it.
pub(super) fn renumbered(old: &str, new: &str) -> bool {
    let ((old_number, old_name), (new_number, new_name)) =
        (split_numbering(old), split_numbering(new));
    old_number != new_number
        && fold_key(old_name) == fold_key(new_name)
        && bare_words(new_name).any(|w| w.chars().filter(|c| c.is_alphabetic()).nth(1).is_some())
}

/// What tells a heading much alike over a body that grew or shrank: the words of each without
/// punctuation ("Framework," is "framework"), and the heading's without its numbering ("4.1
/// Data Retention" is "data retention").
struct HeadingAndBody {
    heading: Vec<u64>,
    body: Vec<u64>,
}

impl HeadingAndBody {
    fn of(e: &Entry) -> HeadingAndBody {
        let heading = bare_words(&e.key)
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).nth(1).is_some())
            .map(word_hash);
        let body = e.lines().flat_map(bare_words).map(word_hash);
        HeadingAndBody {
            heading: sorted_distinct(heading.collect()),
            body: sorted_distinct(body.collect()),
        }
    }

    /// How alike two entries are, if their headings share at least [`HEADING_ALIKE`] of their
    /// words and the smaller body's words are at least [`BODY_KEPT`] in the other: the sum of
    /// the two shares.
    fn alike(&self, other: &HeadingAndBody) -> Option<f64> {
        let heading = jaccard(&self.heading, &other.heading);
        let smaller = self.body.len().min(other.body.len());
        if heading < HEADING_ALIKE || smaller < BODY_KEPT_OF {
            return None;
        }
        let kept = common(&self.body, &other.body) as f64 / smaller as f64;
        (kept >= BODY_KEPT).then_some(heading + kept)
    }
}

fn hash<T: Hash + ?Sized>(t: &T) -> u64 {
    let mut h = WordHasher::default();
    t.hash(&mut h);
    h.finish()
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// One byte into an FNV-1a hash.
fn fnv(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

/// The hashes of `text`'s words ([`word_hash`]), split at white space, pushed onto `out`.
fn push_word_hashes(text: &str, out: &mut Vec<u64>) {
    if !text.is_ascii() {
        out.extend(text.split_whitespace().map(word_hash));
        return;
    }
    // One pass over the bytes, hashing as it splits: splitting first took as long again.
    let (mut h, mut in_word) = (FNV_START, false);
    for b in text.bytes() {
        // ASCII's white space as `split_whitespace` has it (vertical tab included).
        if matches!(b, b'\t'..=b'\r' | b' ') {
            if in_word {
                out.push(h);
                (h, in_word) = (FNV_START, false);
            }
        } else {
            h = fnv(h, b.to_ascii_lowercase());
            in_word = true;
        }
    }
    if in_word {
        out.push(h);
    }
}

/// FNV-1a of a word, case folded, without allocating: similarity hashes millions of words.
fn word_hash(word: &str) -> u64 {
    if word.is_ascii() {
        return word
            .bytes()
            .fold(FNV_START, |h, b| fnv(h, b.to_ascii_lowercase()));
    }
    let mut h = FNV_START;
    for c in word.chars().flat_map(char::to_lowercase) {
        h = c.encode_utf8(&mut [0; 4]).bytes().fold(h, fnv);
    }
    h
}

/// A heading or label as a key: case, surrounding spaces and final punctuation do not count.
pub fn fold_key(text: &str) -> String {
    text.trim()
        .trim_end_matches(['?', ':', '.', '!'])
        .trim()
        .to_lowercase()
}

/// Old and new entries paired.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alignment {
    /// (old index, new index), sorted by old index.
    pub pairs: Vec<(usize, usize)>,
    /// For each pair, whether it moved (its order relative to the others changed).
    pub moved: Vec<bool>,
    pub removed: Vec<usize>,
    pub added: Vec<usize>,
}

impl Alignment {
    /// The new index paired with old index `i`.
    pub fn new_of(&self, i: usize) -> Option<usize> {
        self.pair_of_old(i).map(|k| self.pairs[k].1)
    }

    /// Whether pair `k` moved along with the pair before it: it follows that pair's entry in
    /// both versions, and that pair moved too ("Alpha" and "Bravo" moved together after
    /// "Delta"). Its move is part of that one, not one of its own: alone, it would move the
    /// entry to where it already is, after "Alpha".
    pub fn moves_with_previous(&self, k: usize) -> bool {
        let Some(previous) = k.checked_sub(1) else {
            return false;
        };
        let ((i, j), (pi, pj)) = (self.pairs[k], self.pairs[previous]);
        self.moved[k] && self.moved[previous] && pi + 1 == i && pj + 1 == j
    }

    /// The pairs that move with pair `k` (see [`Alignment::moves_with_previous`]), in order.
    pub fn moving_with(&self, k: usize) -> impl Iterator<Item = usize> + '_ {
        (k + 1..self.pairs.len()).take_while(|&f| self.moves_with_previous(f))
    }

    /// The index of the pair of old index `i`.
    pub fn pair_of_old(&self, i: usize) -> Option<usize> {
        self.pairs.binary_search_by_key(&i, |p| p.0).ok()
    }
}

/// Two entries this similar (Jaccard over distinct words) are the same entry renamed or edited.
const SIMILAR: f64 = 0.5;
/// Headings that share this much of their words (Jaccard) ...
const HEADING_ALIKE: f64 = 0.4;
/// ... over bodies where this share of the smaller body's distinct words is in the other are
/// the same entry, grown or cut: "EU-US and Swiss-US Data Privacy Framework" over a paragraph
/// and a footnote, and "EU-US Data Privacy Framework, UK Extension, and Swiss-US Data Privacy
/// Framework" over the paragraph alone.
const BODY_KEPT: f64 = 0.7;
/// The fewest distinct words of a body for [`BODY_KEPT`] to tell: a line or two is kept in
/// most bodies.
const BODY_KEPT_OF: usize = 8;
/// Above this many candidate pairs, similarity is only tried between nearby entries.
const PAIR_BUDGET: usize = 4_000;
const WINDOW: usize = 16;

/// Who is paired with whom so far, both ways.
struct Pairing {
    old: Vec<Option<usize>>,
    new: Vec<Option<usize>>,
}

impl Pairing {
    fn link(&mut self, i: usize, j: usize) {
        self.old[i] = Some(j);
        self.new[j] = Some(i);
    }

    fn free_old(&self) -> Vec<usize> {
        (0..self.old.len())
            .filter(|&i| self.old[i].is_none())
            .collect()
    }

    fn free_new(&self) -> Vec<usize> {
        (0..self.new.len())
            .filter(|&j| self.new[j].is_none())
            .collect()
    }
}

pub fn align(old: &[Entry], new: &[Entry]) -> Alignment {
    let mut p = Pairing {
        old: vec![None; old.len()],
        new: vec![None; new.len()],
    };

    // 1. The same key: the same text first, then the most similar, then in order. Entries are
    // grouped by sorting (key hash, key, side, index): under each key its old entries, then its
    // new ones, each in document order (most keys are one heading in each version: no map of
    // lists to build). Keys come in hash order: each key pairs only its own entries.
    let mut by_key: Vec<(u64, &str, bool, usize)> = (old.iter().enumerate())
        .map(|(i, e)| (e.key_hash, e.key.as_str(), false, i))
        .chain((new.iter().enumerate()).map(|(j, e)| (e.key_hash, e.key.as_str(), true, j)))
        .collect();
    by_key.sort_unstable();
    let in_order = OnceCell::new();
    for group in by_key.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let (olds, news) = group.split_at(group.partition_point(|&(.., is_new, _)| !is_new));
        match (olds, news) {
            ([], _) | (_, []) => continue,
            ([(.., i)], [(.., j)]) => {
                p.link(*i, *j);
                continue;
            }
            _ => {}
        }
        let olds: Vec<usize> = olds.iter().map(|&(.., i)| i).collect();
        let news: Vec<usize> = news.iter().map(|&(.., j)| j).collect();
        // A heading said more than once: each entry with the one in the same place of the
        // order of headings, if of the same text, or of text alike. (Taken by their text
        // alone, the two copies of "AI features" under two products, one of them edited,
        // crossed over, and read as two moves.)
        let order: &Vec<Option<usize>> = in_order.get_or_init(|| in_key_order(old, new));
        let in_place: Vec<(usize, usize)> = (olds.iter())
            .filter_map(|&i| Some((i, order[i]?)))
            .filter(|(_, j)| news.contains(j))
            .collect();
        for &(i, j) in &in_place {
            if old[i].exact == new[j].exact {
                p.link(i, j);
            }
        }
        // Then the same text elsewhere under the heading (two sections of one heading
        // swapped), unless that takes an entry from a place where its text is alike and no
        // entry of the same text comes to that place (a policy holding an edited copy of
        // itself and the old one: the old sections stay with the edited copy, the copy of the
        // same text is kept out of the pairing below).
        let mut kept_out = Vec::new();
        for &j in &news {
            if p.new[j].is_some() {
                continue;
            }
            let Some(i) = same_text(&p, (old, &olds), &new[j]) else {
                continue;
            };
            let place = order[i].filter(|&k| k != j && news.contains(&k) && p.new[k].is_none());
            let keeps_place = place.is_some_and(|k| {
                similar(old[i].words(), new[k].words()).is_some()
                    && same_text(&p, (old, &olds), &new[k]).is_none_or(|o| o == i)
            });
            match keeps_place {
                true => kept_out.push(j),
                false => p.link(i, j),
            }
        }
        // Then in place where alike, and neither is more alike to another entry of the heading
        // left (one product's "Overview" removed, the other's renamed: the one left pairs with
        // its own, not with the one in its place). Past [`PAIR_BUDGET`], in place.
        let compared = olds.len().saturating_mul(news.len()) <= PAIR_BUDGET;
        for &(i, j) in &in_place {
            if p.old[i].is_some() || p.new[j].is_some() {
                continue;
            }
            let Some(score) = similar(old[i].words(), new[j].words()) else {
                continue;
            };
            let best = !compared || {
                let other_new = (news.iter())
                    .filter(|&&k| k != j && p.new[k].is_none() && !kept_out.contains(&k));
                let other_old = olds.iter().filter(|&&o| o != i && p.old[o].is_none());
                (other_new.clone()).all(|&k| jaccard(old[i].words(), new[k].words()) <= score)
                    && (other_old.clone())
                        .all(|&o| jaccard(old[o].words(), new[j].words()) <= score)
            };
            if best {
                p.link(i, j);
            }
        }
        let left_old: Vec<usize> = olds
            .iter()
            .copied()
            .filter(|&i| p.old[i].is_none())
            .collect();
        let left_new: Vec<usize> = news
            .iter()
            .copied()
            .filter(|&j| p.new[j].is_none())
            .collect();
        let any = |i: usize, j: usize| Some(jaccard(old[i].words(), new[j].words()));
        for (i, j) in best_pairs((old.len(), new.len()), &left_old, &left_new, any) {
            p.link(i, j);
        }
    }

    // 2. The same heading but for its numbering, case and punctuation ("SUPPLEMENTAL NOTICE"
    // and "15. Supplemental Notice"): as one key, whatever the bodies.
    let mut by_words: Vec<(String, bool, usize)> = (p.free_old().into_iter())
        .filter_map(|i| Some((unnumbered(&old[i].key)?, false, i)))
        .chain((p.free_new().into_iter()).filter_map(|j| Some((unnumbered(&new[j].key)?, true, j))))
        .collect();
    by_words.sort_unstable();
    for group in by_words.chunk_by(|a, b| a.0 == b.0) {
        let (olds, news) = group.split_at(group.partition_point(|&(_, is_new, _)| !is_new));
        let olds: Vec<usize> = olds.iter().map(|&(.., i)| i).collect();
        let news: Vec<usize> = news.iter().map(|&(.., j)| j).collect();
        // The same body first (a heading renumbered in every part of a long policy: a
        // hundred of each), then the most similar; in order past [`PAIR_BUDGET`] candidate
        // pairs (similarity reads every word of each: 100 sections of each version under one
        // heading, their bodies edited, took the 6 MB pair from 103 to 158 ms).
        for &j in &news {
            if let Some(&i) = (olds.iter()).find(|&&i| {
                p.old[i].is_none() && old[i].body.is_some() && old[i].body == new[j].body
            }) {
                p.link(i, j);
            }
        }
        let olds: Vec<usize> = olds.into_iter().filter(|&i| p.old[i].is_none()).collect();
        let news: Vec<usize> = news.into_iter().filter(|&j| p.new[j].is_none()).collect();
        match (olds.as_slice(), news.as_slice()) {
            ([], _) | (_, []) => {}
            (&[i], &[j]) => p.link(i, j),
            _ if olds.len().saturating_mul(news.len()) <= PAIR_BUDGET => {
                let any = |i: usize, j: usize| Some(jaccard(old[i].words(), new[j].words()));
                for (i, j) in best_pairs((old.len(), new.len()), &olds, &news, any) {
                    p.link(i, j);
                }
            }
            _ => {
                for (&i, &j) in olds.iter().zip(&news) {
                    p.link(i, j);
                }
            }
        }
    }

    // 3. Different keys: the same body (a renamed heading), then similar text.
    let mut bodies: HashMap<u64, Vec<usize>> = HashMap::new();
    for i in p.free_old() {
        if let Some(b) = old[i].body {
            bodies.entry(b).or_default().push(i);
        }
    }
    for j in p.free_new() {
        let Some(b) = new[j].body else { continue };
        if let Some(list) = bodies.get_mut(&b)
            && !list.is_empty()
        {
            let i = list.remove(0);
            p.link(i, j);
        }
    }
    let sizes = (old.len(), new.len());
    let similar = |i: usize, j: usize| similar(old[i].words(), new[j].words());
    for (i, j) in best_pairs(sizes, &p.free_old(), &p.free_new(), similar) {
        p.link(i, j);
    }

    // 4. A heading much alike over a body largely kept.
    let (free_old, free_new) = (p.free_old(), p.free_new());
    if !free_old.is_empty() && !free_new.is_empty() {
        let words_of = |entries: &[Entry], free: &[usize]| {
            let mut out: Vec<Option<HeadingAndBody>> = (0..entries.len()).map(|_| None).collect();
            for &i in free {
                out[i] = Some(HeadingAndBody::of(&entries[i]));
            }
            out
        };
        let (old_words, new_words) = (words_of(old, &free_old), words_of(new, &free_new));
        let alike = |i: usize, j: usize| match (&old_words[i], &new_words[j]) {
            (Some(a), Some(b)) => a.alike(b),
            _ => None,
        };
        for (i, j) in best_pairs(sizes, &free_old, &free_new, alike) {
            p.link(i, j);
        }
    }

    let pairs: Vec<(usize, usize)> = p
        .old
        .iter()
        .enumerate()
        .filter_map(|(i, j)| j.map(|j| (i, j)))
        .collect();
    Alignment {
        moved: moves(&pairs),
        removed: p.free_old(),
        added: p.free_new(),
        pairs,
    }
}

/// Greedy pairing of the entries left, best `score` first (ties: nearest in position); a
/// score of `None` pairs no two entries. Beyond [`PAIR_BUDGET`] candidate pairs, only entries
/// at a similar relative position are scored.
fn best_pairs(
    (old_len, new_len): (usize, usize),
    left_old: &[usize],
    left_new: &[usize],
    mut score: impl FnMut(usize, usize) -> Option<f64>,
) -> Vec<(usize, usize)> {
    if left_old.is_empty() || left_new.is_empty() {
        return Vec::new();
    }
    let all = left_old.len().saturating_mul(left_new.len()) <= PAIR_BUDGET;
    let mut scored: Vec<(f64, usize, usize)> = Vec::new();
    for (a, &i) in left_old.iter().enumerate() {
        for (b, &j) in left_new.iter().enumerate() {
            let expected = a * left_new.len() / left_old.len();
            if !all && expected.abs_diff(b) > WINDOW {
                continue;
            }
            if let Some(s) = score(i, j) {
                scored.push((s, i, j));
            }
        }
    }
    scored.sort_by(|x, y| {
        y.0.total_cmp(&x.0)
            .then(x.1.abs_diff(x.2).cmp(&y.1.abs_diff(y.2)))
            .then(x.1.cmp(&y.1))
    });
    one_to_one(scored, old_len, new_len)
}

/// The first of `olds` (entries of `old`) not yet paired whose text is `entry`'s.
fn same_text(p: &Pairing, (old, olds): (&[Entry], &[usize]), entry: &Entry) -> Option<usize> {
    (olds.iter().copied()).find(|&i| p.old[i].is_none() && old[i].exact == entry.exact)
}

/// Each old entry's partner by key alone, in the order both versions give their keys (a
/// longest common subsequence of the keys, as lines are diffed); `None` outside it.
fn in_key_order(old: &[Entry], new: &[Entry]) -> Vec<Option<usize>> {
    let keys = |entries: &[Entry]| entries.iter().map(|e| e.key_hash).collect::<Vec<u64>>();
    super::regroup::in_place(&keys(old), &keys(new)).0
}

/// The Jaccard similarity of two entries' words, if at least [`SIMILAR`].
fn similar(old_words: &[u64], new_words: &[u64]) -> Option<f64> {
    // The share two lists have in common is at most the shorter's length over the longer's: a
    // pair that cannot reach it is not merged.
    let (short, long) = (
        old_words.len().min(new_words.len()),
        old_words.len().max(new_words.len()),
    );
    if (short as f64) < SIMILAR * long as f64 {
        return None;
    }
    let s = jaccard(old_words, new_words);
    (s >= SIMILAR).then_some(s)
}

/// From scored pairs `(score, old, new)`, best first, each pair whose old and new are both still
/// free: every entry in one pair at most.
pub(super) fn one_to_one(
    best_first: Vec<(f64, usize, usize)>,
    old_len: usize,
    new_len: usize,
) -> Vec<(usize, usize)> {
    let (mut used_old, mut used_new) = (vec![false; old_len], vec![false; new_len]);
    let mut out = Vec::new();
    for (_, i, j) in best_first {
        if !used_old[i] && !used_new[j] {
            used_old[i] = true;
            used_new[j] = true;
            out.push((i, j));
        }
    }
    out
}

fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let common = common(a, b);
    common as f64 / (a.len() + b.len() - common) as f64
}

/// How many values two sorted lists of distinct values share.
fn common(a: &[u64], b: &[u64]) -> usize {
    let (mut x, mut y, mut common) = (0, 0, 0);
    while x < a.len() && y < b.len() {
        match a[x].cmp(&b[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                x += 1;
                y += 1;
            }
        }
    }
    common
}

/// Which pairs moved: those outside a longest increasing run of new indices (by old order).
fn moves(pairs: &[(usize, usize)]) -> Vec<bool> {
    // Patience-sorting LIS, O(n log n).
    let mut tails: Vec<usize> = Vec::new(); // index into pairs
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(_, j)) in pairs.iter().enumerate() {
        let pos = tails.partition_point(|&t| pairs[t].1 < j);
        prev[k] = pos.checked_sub(1).map(|p| tails[p]);
        if pos == tails.len() {
            tails.push(k);
        } else {
            tails[pos] = k;
        }
    }
    let mut moved = vec![true; pairs.len()];
    let mut at = tails.last().copied();
    while let Some(k) = at {
        moved[k] = false;
        at = prev[k];
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries<'t>(list: &[(&str, &'t str)]) -> Vec<Entry<'t>> {
        list.iter().map(|(k, b)| Entry::new(k, [*b])).collect()
    }

    #[test]
    fn a_body_in_lines_is_the_body_joined() {
        let lines = Entry::new("A", ["One two", "", "three"]);
        let joined = Entry::new("A", ["One two\n\nthree"]);
        assert_eq!((lines.exact, lines.body), (joined.exact, joined.body));
        assert_eq!(lines.body_len(), joined.body_len());
        assert_eq!(lines.words(), joined.words());
        assert_ne!(lines.body, Entry::new("A", ["One two", "three"]).body);
        assert_eq!(Entry::new("A", [""]).body, None);
        assert!(Entry::new("A", ["", ""]).body.is_some());
    }

    proptest::proptest! {
        /// However a body is split into lines, its entry is the entry of the joined body.
        #[test]
        fn any_split_of_a_body_is_the_body_joined(
            lines in proptest::collection::vec("[a-c \n]{0,6}", 1..6),
        ) {
            let joined = lines.join("\n");
            let split = Entry::new("Key", lines.iter().map(String::as_str));
            let whole = Entry::new("Key", [joined.as_str()]);
            proptest::prop_assert_eq!((split.exact, split.body), (whole.exact, whole.body));
            proptest::prop_assert_eq!(split.body_len(), whole.body_len());
            proptest::prop_assert_eq!(split.words(), whole.words());
        }
    }

    #[test]
    fn same_headings_pair_and_a_swap_is_one_move() {
        let old = entries(&[("A", "one two"), ("B", "three four"), ("C", "five")]);
        let new = entries(&[("B", "three four"), ("A", "one two"), ("C", "five")]);
        let a = align(&old, &new);
        assert_eq!(a.pairs, [(0, 1), (1, 0), (2, 2)]);
        assert_eq!(a.moved.iter().filter(|m| **m).count(), 1);
        assert!(a.removed.is_empty() && a.added.is_empty());
    }

    #[test]
    fn a_renamed_heading_over_the_same_body_pairs() {
        let old = entries(&[
            ("What We Collect", "we collect your name and address"),
            ("X", "x"),
        ]);
        let new = entries(&[
            ("Information We Gather", "we collect your name and address"),
            ("X", "x"),
        ]);
        let a = align(&old, &new);
        assert_eq!(a.pairs, [(0, 0), (1, 1)]);
        assert_eq!(a.moved, [false, false]);
    }

    #[test]
    fn similar_bodies_pair_and_different_ones_do_not() {
        let old = entries(&[
            ("Old", "we collect your name and your address and phone"),
            ("Gone", "alpha beta gamma"),
        ]);
        let new = entries(&[
            ("New", "we collect your name and your address and email"),
            ("Fresh", "delta epsilon"),
        ]);
        let a = align(&old, &new);
        assert_eq!(a.pairs, [(0, 0)]);
        assert_eq!(a.removed, [1]);
        assert_eq!(a.added, [1]);
    }

    #[test]
    fn a_heading_much_alike_over_a_body_grown_or_cut_pairs() {
        let kept = "Amazon.com, Inc. participates in the EU-US Data Privacy Framework and the \
                    Swiss-US Data Privacy Framework. Click here to learn more.";
        let grown = format!(
            "{kept} *We will not rely on the Swiss-US Data Privacy Framework until it enters \
             into force, but we adhere to its required commitments in anticipation of its doing \
             so, and we will tell you when it does."
        );
        let retention = "We keep your data for as long as your account is open.";
        let old = entries(&[
            ("EU-US and Swiss-US Data Privacy Framework", &grown),
            ("5. Retention", retention),
        ]);
        let retained = format!(
            "{retention} After you close it, we delete it within 30 days, unless the law \
             requires us to keep it longer, for tax records or disputes pending with you."
        );
        let new = entries(&[
            (
                "EU-US Data Privacy Framework, UK Extension, and Swiss-US Data Privacy Framework",
                kept,
            ),
            ("4. Retention", &retained),
        ]);
        // Neither pair is similar as a whole: the bodies grew or shrank by half.
        for (o, n) in [(0, 0), (1, 1)] {
            assert_eq!(similar(old[o].words(), new[n].words()), None);
        }
        let a = align(&old, &new);
        assert_eq!(a.pairs, [(0, 0), (1, 1)]);
        assert!(a.removed.is_empty() && a.added.is_empty());
    }

    #[test]
    fn a_heading_renumbered_or_in_other_case_pairs_whatever_its_body() {
        let old = entries(&[
            (
                "SUPPLEMENTAL NOTICE FOR CERTAIN JURISDICTIONS",
                "Under the GDPR we rely on consent.",
            ),
            ("10. Your Data Protection Rights", "You may ask for a copy."),
            ("1\\. PROFILES AND POSTS", "Posts are public."),
            ("Part 2", "Cookies are small files."),
            ("Section 3", "We keep data for a year."),
        ]);
        let new = entries(&[
            (
                "Your rights",
                "You may ask for a copy. You may ask us to delete it.",
            ),
            (
                "15. Supplemental Notice for Certain Jurisdictions:",
                "Residents of U.S. States may opt out.",
            ),
            ("Your Data Protection Rights", "Write to our officer."),
            ("Profiles and posts", "What you post can be seen by anyone."),
            ("Part 4", "We sell nothing."),
            ("Section 5", "Data is kept for ten years."),
        ]);
        let a = align(&old, &new);
        assert_eq!(a.pairs, [(0, 1), (1, 2), (2, 3)]);
        assert_eq!((a.removed, a.added), (vec![3, 4], vec![0, 4, 5]));
        assert_eq!(
            unnumbered("2.1. c) data retention"),
            Some("data retention".into())
        );
        assert_eq!(unnumbered("4."), None);
        assert_eq!(unnumbered("a)"), None);
    }

    #[test]
    fn a_heading_renumbered_keeps_its_name_to_the_letter() {
        for (old, new) in [
            ("2. UPDATES TO THIS NOTICE", "3. UPDATES TO THIS NOTICE"),
            ("1. Profiles", "Profiles"),
            ("Profiles", "1.2 Profiles"),
            ("C. Cookies", "D. Cookies"),
            ("(iv) Cookies", "(v) Cookies"),
            ("II. Cookies", "III. Cookies"),
            ("1\\. Cookies", "2\\. Cookies"),
            ("a) 2. Cookies", "a) 3. Cookies"),
            ("1. DEFINITIONS", "2. DEFINITIONS."),
            ("2. Updates", "3. UPDATES"),
        ] {
            assert!(renumbered(old, new), "{old} → {new}");
        }
        for (old, new) in [
            ("2. Updates", "2. Updates"),
            ("2023 Updates", "2024 Updates"),
            ("A Note on Cookies", "Note on Cookies"),
            ("Civil. Rights", "Rights"),
            ("4.", "5."),
            ("2. A", "3. A"),
        ] {
            assert!(!renumbered(old, new), "{old} → {new}");
        }
    }

    /// A long policy in parts, each with the same sections, renumbered in every part: each
    /// section pairs with its own, by its body where that stayed, else in order.
    #[test]
    fn headings_renumbered_in_every_part_pair_each_with_its_own() {
        let bodies: Vec<String> = (0..20).map(|k| format!("Part {k} keeps data.")).collect();
        let old_list: Vec<(String, &str)> = (0..20)
            .map(|k| (format!("{k}.3 How Long We Keep Data"), bodies[k].as_str()))
            .collect();
        let edited: Vec<String> = (0..20)
            .map(|k| format!("Part {k} keeps data longer."))
            .collect();
        let new_list: Vec<(String, &str)> = (0..20)
            .map(|k| {
                // Every other part's body edited.
                let body = if k % 2 == 0 { &bodies[k] } else { &edited[k] };
                (format!("{k}.4 How Long We Keep Data"), body.as_str())
            })
            .collect();
        let old: Vec<Entry> = old_list.iter().map(|(k, b)| Entry::new(k, [*b])).collect();
        let new: Vec<Entry> = new_list.iter().map(|(k, b)| Entry::new(k, [*b])).collect();
        let a = align(&old, &new);
        assert_eq!(a.pairs, (0..20).map(|k| (k, k)).collect::<Vec<_>>());
        assert!(a.moved.iter().all(|m| !m));
    }

    #[test]
    fn the_words_a_body_kept_are_read_without_their_punctuation() {
        let old = entries(&[(
            "Changes to this Notice",
            "We may change this notice, from time to time; if so, we will tell you (by email).",
        )]);
        let new = entries(&[(
            "Changes to our Notice",
            "We may change this notice from time to time. When we do, we will tell you by \
             email, in the app or on our website, and say when the change takes effect.",
        )]);
        assert_eq!(align(&old, &new).pairs, [(0, 0)]);
    }

    #[test]
    fn a_heading_alike_over_another_body_or_a_body_kept_under_another_heading_does_not_pair() {
        let body = "We share your information with service providers who process it on our \
                    behalf, under contracts that limit what they may do with it.";
        let other = "You can ask us for a copy of the information we hold about you, and ask \
                     us to correct or delete it, by writing to our privacy team.";
        let both = format!("{body} {other}");
        let old = entries(&[("Service Providers", body)]);
        let new = entries(&[
            ("Service Providers and Partners", other),
            ("How We Share Information", &both),
        ]);
        let a = align(&old, &new);
        assert_eq!(a.pairs, []);
        // A body of a few words is kept in many others: it tells nothing. (The same heading
        // renumbered pairs whatever the body: see the test above.)
        let old = entries(&[("5. Retention of Data", "We keep your data.")]);
        let grown = format!("We keep your data. {other}");
        let new = entries(&[("4. Retention of Your Data", &grown)]);
        assert_eq!(align(&old, &new).pairs, []);
    }

    #[test]
    fn repeated_headings_pair_by_content() {
        let old = entries(&[("Note", "first text here"), ("Note", "second text here")]);
        let new = entries(&[("Note", "second text here"), ("Note", "first text here")]);
        let a = align(&old, &new);
        assert_eq!(a.pairs, [(0, 1), (1, 0)]);
    }

    /// A heading said twice pairs in the order of headings where alike, unless an entry of
    /// the heading left is more alike: one product's "Overview" removed, the other product
    /// renamed, the "Overview" left is its own.
    #[test]
    fn a_repeated_heading_pairs_in_order_unless_another_is_more_alike() {
        let photo =
            "the photo app collects photos and face data we do not sell it and keep it 30 days";
        let music =
            "the music app collects listening history we do not sell it and keep it 30 days";
        let old = entries(&[
            ("Photo app", "photos"),
            ("Overview", photo),
            ("Music app", "songs"),
            ("Overview", music),
        ]);
        let edited = photo.replace("do not sell", "sell");
        let new = entries(&[("Photo and video app", "photos"), ("Overview", &edited)]);
        let a = align(&old, &new);
        assert!(a.pairs.contains(&(1, 1)), "{:?}", a.pairs);
        assert!(a.removed.contains(&3), "{:?}", a.removed);
        // In order where nothing is more alike: one of two copies edited.
        let new = entries(&[
            ("Photo app", "photos"),
            ("Overview", &edited),
            ("Music app", "songs"),
            ("Overview", music),
        ]);
        assert_eq!(align(&old, &new).pairs, [(0, 0), (1, 1), (2, 2), (3, 3)]);
    }

    #[test]
    fn each_key_pairs_its_own_entries_in_order_and_leaves_the_rest() {
        let old = entries(&[
            ("Note", "alpha text"),
            ("Only Old", "gone"),
            ("Note", "beta text"),
            ("B", "bee"),
            ("Note", "gamma text"),
        ]);
        let new = entries(&[
            ("b", "bee"),
            ("Note", "gamma text"),
            ("Only New", "fresh words"),
            ("Note", "alpha text"),
        ]);
        let a = align(&old, &new);
        assert_eq!(a.pairs, [(0, 3), (3, 0), (4, 1)]);
        assert_eq!(a.removed, [1, 2]);
        assert_eq!(a.added, [2]);
        // The same text twice under one key: the first is the one paired.
        let old = entries(&[("Note", "same")]);
        let new = entries(&[("Note", "same"), ("Note", "same")]);
        assert_eq!(align(&old, &new).pairs, [(0, 0)]);
        assert_eq!(align(&new, &old).pairs, [(0, 0)]);
    }

    proptest::proptest! {
        /// Hashed in one pass, words are what `split_whitespace` finds, each hashed alone.
        #[test]
        fn word_hashes_are_those_of_the_words_split_at_white_space(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "Data", "data", "DATA", "we", " ", "  ", "\t", "\n", "\r\n", "\u{b}", "\u{c}",
                "\u{1c}", ".", "-", "é", "É", "\u{a0}", "\u{2003}", "ǅ", "İ",
            ]), 0..24),
        ) {
            let text = pieces.concat();
            let mut hashed = Vec::new();
            push_word_hashes(&text, &mut hashed);
            let split: Vec<u64> = text.split_whitespace().map(word_hash).collect();
            proptest::prop_assert_eq!(hashed, split);
        }
    }

    #[test]
    fn word_hashes_fold_case_in_and_out_of_ascii() {
        let hashes = |text: &str| {
            let mut out = Vec::new();
            push_word_hashes(text, &mut out);
            out
        };
        assert_eq!(hashes("We SHARE data"), hashes("we share DATA"));
        // An ASCII word hashes alike beside a word outside ASCII.
        assert_eq!(hashes("Data café")[0], hashes("data cafe")[0]);
        assert_eq!(hashes("CAFÉ"), hashes("café"));
        assert_ne!(hashes("café"), hashes("cafe"));
    }

    #[test]
    fn keys_ignore_case_and_final_marks() {
        assert_eq!(fold_key(" Advertising. "), "advertising");
        assert_eq!(fold_key("What About Cookies?"), "what about cookies");
    }
}
