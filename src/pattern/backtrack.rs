//! A matcher that costs nothing to build, for the first haystacks a pattern sees.
//!
//! Compiling a regex to automata costs 0.1–4 ms a pattern (the starter `purpose` lexicon alone
//! 3.6 ms, the 66 built-in vocabulary labels 5 ms): on a policy of a few pages that is most of a
//! run, and more than all the searching the automata then do. A [`Program`] is translated from
//! the pattern's source in microseconds (see [`super::compile`]) and searched by backtracking.
//!
//! The program has the shape of the Thompson NFA regex-automata builds from the same pattern,
//! and the search is regex-automata's bounded backtracker: it tries alternatives in priority
//! order and never visits an (instruction, position) pair twice, so it finds the same
//! leftmost-first matches in time linear in program size × haystack length. A pattern outside
//! the syntax the translation covers has no program.
//!
//! [`Dispatch`] searches many programs in one pass over a haystack.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::OnceLock;

use super::compile::translate;
use super::eight_bytes::{HIGH, within};

/// Past this many (instruction, position) pairs, a search is left to the automata (512 KiB of
/// visited set); a one-pass search of many programs keeps this many of the pairs nearest its
/// tries (see [`Visited`]).
const MAX_VISITED: usize = 4 << 20;

/// A set of ASCII bytes: programs search ASCII text only (text that is not is searched through
/// its ASCII shadow, or by the automata), so a class holds no byte past 127.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(transparent)]
pub(super) struct ByteSet([u64; 2]);

impl ByteSet {
    pub(super) fn of(b: u8) -> ByteSet {
        let mut set = ByteSet::default();
        set.insert(b);
        set
    }

    /// The byte, if the set holds just one.
    pub(super) fn single(&self) -> Option<u8> {
        let count: u32 = self.0.iter().map(|w| w.count_ones()).sum();
        (count == 1).then(|| (0..=255u8).find(|&b| self.contains(b)))?
    }

    fn is_subset(&self, of: &ByteSet) -> bool {
        self.0.iter().zip(of.0).all(|(a, b)| a & !b == 0)
    }

    fn contains(&self, b: u8) -> bool {
        b.is_ascii() && self.0[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }

    /// Adds `b` if it is ASCII.
    pub(super) fn insert(&mut self, b: u8) {
        if b.is_ascii() {
            self.0[usize::from(b >> 6)] |= 1 << (b & 63);
        }
    }

    pub(super) fn remove(&mut self, b: u8) {
        if b.is_ascii() {
            self.0[usize::from(b >> 6)] &= !(1 << (b & 63));
        }
    }

    /// The bytes of the set, in order.
    fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        (0..2u8).flat_map(move |w| {
            let mut word = self.0[usize::from(w)];
            std::iter::from_fn(move || {
                let bit = word.trailing_zeros();
                word &= word.wrapping_sub(1);
                (bit < 64).then(|| w * 64 + bit as u8)
            })
        })
    }

    pub(super) fn insert_range(&mut self, from: u8, to: u8) {
        for b in from..=to {
            self.insert(b);
        }
    }

    pub(super) fn union(&mut self, other: &ByteSet) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
    }

    pub(super) fn negate(&mut self) {
        for a in &mut self.0 {
            *a = !*a;
        }
    }

    /// `A`–`Z` are bits 1–26 of the second word, `a`–`z` bits 33–58: these bits shifted by 1
    /// and by 33.
    const LETTERS: u64 = (1 << 26) - 1;

    /// The set with each upper-case letter replaced by its lower case.
    fn lower_case(&self) -> ByteSet {
        let (word, upper) = (self.0[1], ByteSet::LETTERS << 1);
        ByteSet([self.0[0], (word & !upper) | ((word & upper) << 32)])
    }

    fn len(&self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }

    /// The set's words as little-endian bytes, as a prebuilt program holds them.
    fn le_words(&self) -> [[u8; 8]; 2] {
        self.0.map(u64::to_le_bytes)
    }

    /// Both cases of every ASCII letter in the set.
    pub(super) fn fold_case(&mut self) {
        let word = self.0[1];
        let letters = ((word >> 1) | (word >> 33)) & ByteSet::LETTERS;
        self.0[1] = word | (letters << 1) | (letters << 33);
    }
}

/// A byte in a program's image (see [`Inst`]): its number there is its discriminant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(super) enum Look {
    StartText = 0,
    EndText = 1,
    StartLine = 2,
    EndLine = 3,
    WordBoundary = 4,
    NotWordBoundary = 5,
}

impl Look {
    fn holds(self, haystack: &[u8], at: usize) -> bool {
        let word = |i: usize| haystack.get(i).is_some_and(|b| is_word_byte(*b));
        let boundary = || (at > 0 && word(at - 1)) != word(at);
        match self {
            Look::StartText => at == 0,
            Look::EndText => at == haystack.len(),
            Look::StartLine => at == 0 || haystack[at - 1] == b'\n',
            Look::EndLine => at == haystack.len() || haystack[at] == b'\n',
            Look::WordBoundary => boundary(),
            Look::NotWordBoundary => !boundary(),
        }
    }
}

pub(super) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The word bytes (see [`is_word_byte`]).
const WORD: ByteSet = ByteSet([0x03FF_0000_0000_0000, 0x07FF_FFFE_87FF_FFFE]);

/// The high bit of each of the eight ASCII bytes of `x` that is a word byte.
fn word_bytes(x: u64) -> u64 {
    within(x, b'0', b'9') | within(x, b'A', b'Z') | within(x, b'a', b'z') | within(x, b'_', b'_')
}

/// The first position from `from` that starts a word (a word byte after none) with a byte of
/// `first`: eight bytes tested at once for the words starting there, each start then looked
/// up in `first`.
fn word_start(haystack: &[u8], from: usize, first: &ByteSet) -> Option<usize> {
    // Byte by byte: eight bytes with one past ASCII (no word byte), and the last few.
    let one_by_one = |bytes: &[u8], at: usize, after_word: &mut bool| {
        for (k, &b) in bytes.iter().enumerate() {
            let word = is_word_byte(b);
            if word && !*after_word && first.contains(b) {
                return Some(at + k);
            }
            *after_word = word;
        }
        None
    };
    let mut at = from;
    let mut after_word =
        (from.checked_sub(1)).is_some_and(|i| haystack.get(i).is_some_and(|&b| is_word_byte(b)));
    while let Some(eight) = haystack.get(at..).and_then(|rest| rest.first_chunk::<8>()) {
        let x = u64::from_le_bytes(*eight);
        if x & HIGH != 0 {
            if let Some(start) = one_by_one(eight, at, &mut after_word) {
                return Some(start);
            }
        } else {
            let words = word_bytes(x);
            let mut starts = words & !((words << 8) | u64::from(after_word) << 7);
            while starts != 0 {
                let k = starts.trailing_zeros() as usize / 8;
                if first.contains(eight[k]) {
                    return Some(at + k);
                }
                starts &= starts - 1;
            }
            after_word = words >> 63 != 0;
        }
        at += 8;
    }
    one_by_one(haystack.get(at..).unwrap_or_default(), at, &mut after_word)
}

/// Laid out as C lays out a tagged union, its discriminant a byte and its fields from byte 8
/// on (24 bytes in all): the prebuilt programs' instructions are read where they are in the
/// binary, not copied (see [`Program::decode`]).
#[derive(Debug, Clone, Copy)]
#[repr(C, u8)]
pub(super) enum Inst {
    /// Consumes one byte of the set.
    Byte(ByteSet) = 0,
    /// Goes on at the first target, and on failure at the second.
    Split(u32, u32) = 1,
    Jump(u32) = 2,
    Look(Look) = 3,
    /// Records the position in a capture slot.
    Save(u32) = 4,
    Match = 5,
}

impl Inst {
    /// The instruction as a prebuilt program holds it (see [`tagged_record`]).
    fn record(&self) -> [u8; 24] {
        match *self {
            Inst::Byte(set) => tagged_record(0, &[set.le_words().as_flattened()]),
            Inst::Split(first, second) => {
                tagged_record(1, &[&first.to_le_bytes(), &second.to_le_bytes()])
            }
            Inst::Jump(to) => tagged_record(2, &[&to.to_le_bytes()]),
            Inst::Look(look) => tagged_record(3, &[&[look as u8]]),
            Inst::Save(slot) => tagged_record(4, &[&slot.to_le_bytes()]),
            Inst::Match => tagged_record(5, &[]),
        }
    }
}

/// A value of a `repr(C, u8)` enum of [`Inst`]'s size as it is in memory: its discriminant
/// `tag`, then its `fields` (none wider than 8 bytes, each aligned by its width) one after
/// another from byte 8, in little-endian order, and zeros where the layout pads.
fn tagged_record(tag: u8, fields: &[&[u8]]) -> [u8; 24] {
    let mut record = [0; 24];
    record[0] = tag;
    let mut at = 8;
    for field in fields {
        record[at..at + field.len()].copy_from_slice(field);
        at += field.len();
    }
    record
}

/// `Option<ByteSet>`, laid out as [`Inst`] is (its discriminant 1 for a set): a prebuilt
/// program's first bytes are read in place like its instructions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C, u8)]
pub(super) enum MaybeSet {
    None = 0,
    Some(ByteSet) = 1,
}

impl MaybeSet {
    pub(super) fn get(self) -> Option<ByteSet> {
        match self {
            MaybeSet::None => None,
            MaybeSet::Some(set) => Some(set),
        }
    }

    fn record(&self) -> [u8; 24] {
        match self {
            MaybeSet::None => tagged_record(0, &[]),
            MaybeSet::Some(set) => tagged_record(1, &[set.le_words().as_flattened()]),
        }
    }
}

impl From<Option<ByteSet>> for MaybeSet {
    fn from(set: Option<ByteSet>) -> MaybeSet {
        set.map_or(MaybeSet::None, MaybeSet::Some)
    }
}

/// A pattern translated for the backtracker.
#[derive(Debug)]
pub(super) struct Program {
    /// Borrowed from the binary for a prebuilt program (see [`Program::decode`]), as are
    /// `firsts` and `marks`.
    insts: Cow<'static, [Inst]>,
    /// Capture groups, the whole match (group 0) included.
    groups: usize,
    /// For each instruction, the bytes a match can go on with from there (`None` when it can
    /// consume nothing more): a branch that cannot take the next byte is not tried.
    firsts: Cow<'static, [MaybeSet]>,
    /// Whether every match starts at a word boundary (`\bword`): most start positions are not.
    at_boundary: bool,
    /// The bytes a match can go on with after its first (`None`: any, or none at all).
    seconds: Option<ByteSet>,
    /// The branches of the splits the program starts with, by first byte (for a lexicon,
    /// its words and patterns): `None` when it starts with fewer.
    branches: Option<Branches>,
    /// For each instruction, its bit in a row of the visited set, or [`UNMARKED`].
    marks: Cow<'static, [u32]>,
    /// Bits in a row of the visited set.
    marked: usize,
    /// The [`three_byte_prefixes`] of a program whose matches start at a word boundary, made
    /// on first use (a search, or a [`Dispatch`]): the starts worth trying (a sentence has
    /// many word starts with one of the first bytes of forty words, few with one of their
    /// first three).
    prefixes: OnceLock<Option<Vec<Prefix>>>,
}

/// An instruction with one way in: it is reached at a position only from that one, as often.
const UNMARKED: u32 = u32::MAX;

impl Program {
    /// The program of `source`, or `None` when its syntax is outside what the backtracker
    /// covers (or it does not parse).
    pub(super) fn new(source: &str) -> Option<Program> {
        let (insts, groups) = translate(source)?;
        let firsts = first_bytes(&insts);
        let (marks, marked) = visited_marks(&insts);
        Some(Program {
            marks: Cow::Owned(marks),
            marked,
            prefixes: OnceLock::new(),
            at_boundary: starts_at_boundary(&insts),
            seconds: second_bytes(&insts, &firsts),
            branches: Branches::new(&insts, &firsts),
            firsts: firsts.into_iter().map(MaybeSet::from).collect(),
            insts: Cow::Owned(insts),
            groups,
        })
    }

    /// A bound on what the automata of the same pattern take (their states hold byte ranges
    /// and transitions; a program instruction is one set of bytes): with it under the size
    /// limit, compiling them later cannot fail.
    pub(super) fn automata_bytes(&self) -> usize {
        self.insts.len() * 256
    }

    /// Whether a search of `haystack` stays within the visited set's bound.
    pub(super) fn fits(&self, haystack_len: usize) -> bool {
        self.marked.saturating_mul(haystack_len + 1) <= MAX_VISITED
    }

    /// The leftmost-first match starting at or after `from`, with its capture groups (group 0
    /// is the match). The caller checks [`Program::fits`].
    pub(super) fn captures_at(&self, haystack: &str, from: usize) -> Option<Captures> {
        self.search(haystack.as_bytes(), from, 2 * self.groups)
    }

    pub(super) fn find_at(&self, haystack: &str, from: usize) -> Option<Range<usize>> {
        self.search(haystack.as_bytes(), from, 2)
            .and_then(|c| c.get(0))
    }

    /// Successive non-overlapping matches, as regex-automata iterates them: an empty match
    /// where the previous one ended is skipped.
    pub(super) fn captures_iter(&self, haystack: &str) -> Vec<Captures> {
        let mut out = Vec::new();
        let mut at = 0;
        let mut last_end = None;
        while at <= haystack.len() {
            let Some(c) = self.captures_at(haystack, at) else {
                break;
            };
            let Some(m) = c.get(0) else {
                break;
            };
            if m.is_empty() && Some(m.end) == last_end {
                at += 1;
                continue;
            }
            at = m.end;
            last_end = Some(m.end);
            out.push(c);
        }
        out
    }

    /// The first match from `from` with the first `slots / 2` groups.
    fn search(&self, haystack: &[u8], from: usize, slots: usize) -> Option<Captures> {
        SCRATCH.with(|scratch| {
            let Scratch {
                visited,
                stack,
                slots: groups,
            } = &mut *scratch.borrow_mut();
            let row = self.marked.div_ceil(64);
            let words = row * (haystack.len() + 1 - from);
            if visited.len() < words {
                visited.resize(words, 0);
            }
            let mut visited = Visited {
                bits: visited,
                from,
                row,
                cleared: 0,
                overflowed: false,
            };
            groups.clear();
            groups.resize(slots, None);
            let prefixes = self.prefixes();
            let first_bytes = self.firsts[0].get();
            // Where matches start at a word boundary with a word byte, only a word's first byte
            // can start one.
            let word_starts = self.at_boundary && first_bytes.is_some_and(|f| f.is_subset(&WORD));
            let mut next = from;
            while next <= haystack.len() {
                let start = match first_bytes {
                    Some(first) if word_starts => match word_start(haystack, next, &first) {
                        Some(start) => start,
                        None => break,
                    },
                    // Most bytes cannot start a match: a tight loop steps over them.
                    Some(first) => match haystack[next..].iter().position(|&b| first.contains(b)) {
                        Some(skipped) => next + skipped,
                        None => break,
                    },
                    None => next,
                };
                next = start + 1;
                if !self.may_go_on(haystack, start)
                    || (self.at_boundary && !Look::WordBoundary.holds(haystack, start))
                    || prefixes.is_some_and(|p| !starts_with_one(p, haystack, start))
                {
                    continue;
                }
                let mut work = Work {
                    visited: &mut visited,
                    stack: &mut *stack,
                    slots: &mut *groups,
                };
                if let Some(end) = self.run(haystack, start, &mut work) {
                    groups[0] = Some(start);
                    groups[1] = Some(end);
                    return Some(Captures(
                        groups.chunks(2).map(|s| Some(s[0]?..s[1]?)).collect(),
                    ));
                }
            }
            None
        })
    }

    /// The program's [`three_byte_prefixes`], sorted by key, if its matches start at a word
    /// boundary and it has them.
    fn prefixes(&self) -> Option<&[Prefix]> {
        (self.prefixes)
            .get_or_init(|| self.at_boundary.then(|| three_byte_prefixes(&self.insts))?)
            .as_deref()
    }

    /// Whether a match starting at `start` can take its second byte (a match that can be
    /// empty can).
    fn may_go_on(&self, haystack: &[u8], start: usize) -> bool {
        match (self.firsts[0].get(), &self.seconds) {
            (Some(_), Some(second)) => haystack.get(start + 1).is_some_and(|b| second.contains(*b)),
            _ => true,
        }
    }

    /// Whether a match can go on from `pc` at `at`, as far as its first byte tells.
    fn may_start(&self, pc: usize, haystack: &[u8], at: usize) -> bool {
        match self.firsts[pc].get() {
            Some(first) => haystack.get(at).is_some_and(|b| first.contains(*b)),
            None => true,
        }
    }
}

/// The first three bytes of every match of a program, in lower case, as [`prefix_key`]s in
/// order, each with the bytes its matches can go on with (`None`: any, or none, as a match can
/// end there): `None` when a match can be shorter, one of the first three bytes is one of many
/// (`\w`), or the keys or the paths to them are too many. Looks are taken to hold: the keys are a
/// prefilter, never wrong to try past.
fn three_byte_prefixes(insts: &[Inst]) -> Option<Vec<Prefix>> {
    const MOST_STEPS: usize = 4096;
    const MOST_KEYS: usize = 256;
    const MOST_BYTES: u32 = 8;
    let mut keys: Vec<Prefix> = Vec::new();
    // (instruction, bytes taken, their key so far — once three are, the key's index in
    // `keys`); a path that loops without taking a byte runs into the bound on steps.
    let mut todo = vec![(0usize, 0u32, 0u32)];
    let mut steps = 0;
    while let Some((pc, taken, key)) = todo.pop() {
        steps += 1;
        if steps > MOST_STEPS {
            return None;
        }
        match insts[pc] {
            Inst::Split(a, b) => todo.extend([(b as usize, taken, key), (a as usize, taken, key)]),
            Inst::Jump(to) => todo.push((to as usize, taken, key)),
            Inst::Look(_) | Inst::Save(_) => todo.push((pc + 1, taken, key)),
            Inst::Match if taken < 3 => return None,
            Inst::Match => keys[key as usize].1 = None,
            Inst::Byte(set) if taken == 3 => {
                if let Some(fourth) = &mut keys[key as usize].1 {
                    fourth.union(&set);
                }
            }
            Inst::Byte(set) => {
                let lower = set.lower_case();
                if lower.len() > MOST_BYTES {
                    return None;
                }
                for b in lower.bytes() {
                    let key = key | u32::from(b) << (8 * taken);
                    if taken == 2 {
                        keys.push((key, Some(ByteSet::default())));
                        if keys.len() > MOST_KEYS {
                            return None;
                        }
                        todo.push((pc + 1, 3, keys.len() as u32 - 1));
                    } else {
                        todo.push((pc + 1, taken + 1, key));
                    }
                }
            }
        }
    }
    // One entry a key: the bytes after it on every path.
    keys.sort_unstable_by_key(|&(key, _)| key);
    keys.dedup_by(|(key, fourth), (kept_key, kept)| {
        let same = key == kept_key;
        if same {
            *kept = kept.zip(*fourth).map(|(mut a, b)| {
                a.union(&b);
                a
            });
        }
        same
    });
    Some(keys)
}

/// Whether one of `prefixes` (sorted by key) starts at `start`, with a fourth byte it can go
/// on with.
fn starts_with_one(prefixes: &[Prefix], haystack: &[u8], start: usize) -> bool {
    let Some(three) = haystack.get(start..start + 3) else {
        return false;
    };
    match prefixes.binary_search_by_key(&prefix_key(three), |&(key, _)| key) {
        Ok(k) => fourth_fits(prefixes[k].1, haystack, start),
        Err(_) => false,
    }
}

/// Whether the byte after the three at `start` is one of `fourth` (`None`: any, or none).
fn fourth_fits(fourth: Option<ByteSet>, haystack: &[u8], start: usize) -> bool {
    fourth.is_none_or(|can| haystack.get(start + 3).is_some_and(|&b| can.contains(b)))
}

/// Three bytes in lower case, as one number.
fn prefix_key(three: &[u8]) -> u32 {
    (three.iter().enumerate()).fold(0, |key, (i, b)| {
        key | u32::from(b.to_ascii_lowercase()) << (8 * i)
    })
}

/// Hashes a [`prefix_key`] with a multiply (SipHash cost more than the rest of a lookup, which
/// runs at every word start of every sentence): the keys are three bytes of text, never
/// chosen to collide.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|&b| self.write_u32(u32::from(b)));
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0 ^ u64::from(n)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn finish(&self) -> u64 {
        // The table indexes by the low bits, which a multiply fills only from the key's low
        // bits: fold the high half in.
        self.0 ^ (self.0 >> 32)
    }
}

/// The first three bytes of matches, as a [`prefix_key`], and the bytes that can come fourth
/// (`None`: any, or none, as a match can end there).
type Prefix = (u32, Option<ByteSet>);

/// A program, and the bytes that can come fourth in its matches (`None`: any, or none).
type Candidate = (usize, Option<ByteSet>);

/// Many programs searched in one pass for where each first matches: at each position, only
/// those that can start there are tried — by its first three bytes and the bytes that can
/// follow them where a program's matches all start at a word with few beginnings (a lexicon's
/// words), else by its first byte.
#[derive(Debug)]
pub(super) struct Dispatch {
    /// For each byte, the programs a match can start with it at a word start only, and those
    /// that can start with it anywhere.
    at_word_start: Vec<Vec<usize>>,
    anywhere: Vec<Vec<usize>>,
    /// The programs whose matches start at a word start with these three bytes (in lower
    /// case, as a [`prefix_key`]), each with the bytes that can come fourth.
    by_prefix: HashMap<u32, Vec<Candidate>, BuildHasherDefault<KeyHasher>>,
    /// Programs that can match without consuming: searched alone.
    unfiltered: Vec<usize>,
}

impl Dispatch {
    pub(super) fn new(programs: &[&Program]) -> Dispatch {
        let mut at_word_start = vec![Vec::new(); 256];
        let mut anywhere = vec![Vec::new(); 256];
        let mut by_prefix: HashMap<u32, Vec<_>, _> = HashMap::default();
        let mut unfiltered = Vec::new();
        for (i, program) in programs.iter().enumerate() {
            let Some(first) = program.firsts[0].get() else {
                unfiltered.push(i);
                continue;
            };
            if let Some(keys) = program.prefixes() {
                (keys.iter())
                    .for_each(|&(key, fourth)| by_prefix.entry(key).or_default().push((i, fourth)));
                continue;
            }
            let table = if program.at_boundary {
                &mut at_word_start
            } else {
                &mut anywhere
            };
            for b in 0..=255u8 {
                if first.contains(b) {
                    table[usize::from(b)].push(i);
                }
            }
        }
        Dispatch {
            at_word_start,
            anywhere,
            by_prefix,
            unfiltered,
        }
    }

    /// The programs whose matches start with the three bytes at `start`.
    fn by_prefix(&self, haystack: &[u8], start: usize) -> impl Iterator<Item = usize> {
        let candidates = (haystack.get(start..start + 3))
            .and_then(|three| self.by_prefix.get(&prefix_key(three)))
            .map_or(&[][..], Vec::as_slice);
        (candidates.iter())
            .filter(move |&&(_, fourth)| fourth_fits(fourth, haystack, start))
            .map(|&(i, _)| i)
    }

    /// Each program that matches in `haystack` (ASCII), in order, with its leftmost-first
    /// match or (`every`) all its matches, successive and non-overlapping as
    /// [`Program::captures_iter`] finds them; `None` when a try reaches further than the
    /// programs' visited sets can follow (see [`Visited`]), when they could follow fewer than
    /// [`MIN_WINDOW`] positions, or when a program searched alone does not fit the haystack.
    ///
    /// Each program is tried anchored at each position it can start at, keeping its visited
    /// set from one try to the next (what failed from one start fails from any): the first try
    /// that matches is its leftmost start, and the match the one regex prefers there. The next
    /// one is looked for from where it ends, with the visited set cleared again from there on
    /// (the pairs on the path that matched did not fail).
    pub(super) fn matches(
        &self,
        programs: &[&Program],
        haystack: &str,
        every: bool,
    ) -> Option<Vec<(usize, Vec<Range<usize>>)>> {
        self.matches_within(programs, haystack, every, MAX_VISITED)
    }

    /// [`Dispatch::matches`] with visited sets of at most `visited_bits` in all.
    fn matches_within(
        &self,
        programs: &[&Program],
        haystack: &str,
        every: bool,
        visited_bits: usize,
    ) -> Option<Vec<(usize, Vec<Range<usize>>)>> {
        let h = haystack.as_bytes();
        // Programs searched alone have no rows here.
        let rows: Vec<usize> = (programs.iter().enumerate())
            .map(|(i, p)| match self.unfiltered.contains(&i) {
                true => 0,
                false => p.marked.div_ceil(64),
            })
            .collect();
        // Rows for every position where they fit, else a window that moves with the tries.
        let per_position = rows.iter().sum::<usize>().max(1);
        let positions = (h.len() + 1).min(visited_bits / 64 / per_position);
        if positions < MIN_WINDOW.min(h.len() + 1) {
            return None;
        }
        let words = per_position * positions;
        let mut found: Vec<Vec<Range<usize>>> = vec![Vec::new(); programs.len()];
        // Where each program's next match may start (past the end: no more wanted).
        let mut next = vec![0; programs.len()];
        for &i in &self.unfiltered {
            // Searched alone, over the whole haystack at once.
            if !programs[i].fits(h.len()) {
                return None;
            }
            found[i] = if every {
                let all = programs[i].captures_iter(haystack).into_iter();
                all.filter_map(|c| c.get(0)).collect()
            } else {
                programs[i].find_at(haystack, 0).into_iter().collect()
            };
            next[i] = usize::MAX;
        }
        SCRATCH.with(|scratch| {
            let Scratch {
                visited: bits,
                stack,
                ..
            } = &mut *scratch.borrow_mut();
            if bits.len() < words {
                bits.resize(words, 0);
            }
            let mut regions = bits.as_mut_slice();
            let mut visited: Vec<Visited> = rows
                .iter()
                .map(|&row| {
                    let (region, rest) = std::mem::take(&mut regions).split_at_mut(row * positions);
                    regions = rest;
                    Visited {
                        bits: region,
                        from: 0,
                        row,
                        cleared: 0,
                        overflowed: false,
                    }
                })
                .collect();
            // Tries program `i` from `start`; `None` if the try reached past its window.
            let mut try_from = |i: usize, start: usize| -> Option<()> {
                let program = programs[i];
                if start < next[i] || !program.may_go_on(h, start) {
                    return Some(());
                }
                visited[i].move_to(start);
                let mut work = Work {
                    visited: &mut visited[i],
                    stack: &mut *stack,
                    slots: &mut [],
                };
                let matched = program.run(h, start, &mut work);
                if visited[i].overflowed {
                    return None;
                }
                if let Some(end) = matched {
                    found[i].push(start..end);
                    next[i] = if every { end } else { usize::MAX };
                    visited[i].matched_until(end);
                }
                Some(())
            };
            // A program that must consume a byte first matches no empty text: no try at the
            // end.
            let mut after_word = false;
            for (start, &b) in h.iter().enumerate() {
                let word = is_word_byte(b);
                let word_boundary = word != after_word;
                after_word = word;
                for &i in &self.anywhere[usize::from(b)] {
                    try_from(i, start)?;
                }
                if !word_boundary {
                    continue;
                }
                for &i in &self.at_word_start[usize::from(b)] {
                    try_from(i, start)?;
                }
                for i in self.by_prefix(h, start) {
                    try_from(i, start)?;
                }
            }
            Some(())
        })?;
        Some(
            found
                .into_iter()
                .enumerate()
                .filter(|(_, m)| !m.is_empty())
                .collect(),
        )
    }
}

/// The (instruction, position) pairs one program has visited in a haystack: a row of bits per
/// position from `from` (one bit per marked instruction, see [`visited_marks`]), cleared up to
/// the furthest position marked so far (the scratch buffer holds an earlier search's bits).
///
/// The rows may be fewer than the haystack's positions: a run only moves forward, so the rows
/// before a new try's start are done with, and the window moves up to it once nothing from
/// there on is marked. A run that reaches past the last row is cut short, and `overflowed`
/// says its result is not to be trusted.
struct Visited<'a> {
    bits: &'a mut [u64],
    from: usize,
    /// Words per row.
    row: usize,
    /// Rows before this one are cleared.
    cleared: usize,
    overflowed: bool,
}

/// Fewer rows than this (or than the haystack's positions) and a window would overflow too
/// often to be worth trying.
const MIN_WINDOW: usize = 256;

impl Visited<'_> {
    /// Before a try from `start`: the window starts there if nothing from it on is marked.
    fn move_to(&mut self, start: usize) {
        if start >= self.from + self.cleared {
            (self.from, self.cleared) = (start, 0);
        }
    }

    /// After a match that ends at `end`: the pairs from there on were on the path that matched
    /// (they did not fail), and are to be explored again.
    fn matched_until(&mut self, end: usize) {
        self.cleared = self.cleared.min(end - self.from);
    }

    /// Marks the pair of instruction bit `mark` and position `at`; whether it was new. Past
    /// the window: `false`, which cuts the run short, and `overflowed`.
    fn insert(&mut self, mark: usize, at: usize) -> bool {
        let row = at - self.from;
        if row >= self.cleared {
            let Some(rows) = self
                .bits
                .get_mut(self.cleared * self.row..(row + 1) * self.row)
            else {
                self.overflowed = true;
                return false;
            };
            rows.fill(0);
            self.cleared = row + 1;
        }
        let (word, mask) = (row * self.row + mark / 64, 1u64 << (mark % 64));
        let new = self.bits[word] & mask == 0;
        self.bits[word] |= mask;
        new
    }
}

/// The branches of the chain of splits a program starts with (`a|b|c` is `split(a, split(b,
/// c))`), and for each byte those that can start with it. Trying a split's first branch and
/// then its second is what backtracking through it does, so a run from a start can try just
/// the branches its byte can begin, in order, instead of walking the whole chain (a lexicon of
/// forty words and patterns is a chain of forty splits). Each split is still marked visited
/// where the walk would have reached it: a loop back into the chain at the same position ends
/// there, as it did.
#[derive(Debug)]
struct Branches {
    /// The splits of the chain, in order (what comes before the first is leading `\b`s).
    splits: Vec<u32>,
    /// Where each branch starts: after its split, and the last after the last split.
    branches: Vec<u32>,
    /// `by_byte[starts[b]..starts[b + 1]]` are the indices of the branches for byte `b`; 256
    /// is the end of the haystack.
    starts: Vec<u32>,
    by_byte: Vec<u32>,
}

impl Branches {
    /// Fewer than this many branches are walked as splits.
    const MIN: usize = 4;

    fn new(insts: &[Inst], firsts: &[Option<ByteSet>]) -> Option<Branches> {
        let (mut splits, mut branches) = (Vec::new(), Vec::new());
        // A leading `\b` (a lexicon's `\b(?:word|…)`) is passed: a program that starts with
        // one starts at a boundary (see [`starts_at_boundary`]) and is only run where it holds.
        let mut pc = (insts.iter())
            .take_while(|inst| matches!(inst, Inst::Look(Look::WordBoundary)))
            .count();
        while let Inst::Split(first, second) = insts[pc] {
            if second as usize <= pc {
                break;
            }
            splits.push(u32::try_from(pc).ok()?);
            branches.push(first);
            pc = second as usize;
        }
        branches.push(u32::try_from(pc).ok()?);
        if branches.len() < Branches::MIN {
            return None;
        }
        // Each branch under the keys it takes, in order: counted, then placed.
        let keys = |pc: u32| -> Vec<usize> {
            match &firsts[pc as usize] {
                None => (0..=256).collect(),
                Some(set) => set.bytes().map(usize::from).collect(),
            }
        };
        let branch_keys: Vec<Vec<usize>> = branches.iter().map(|&pc| keys(pc)).collect();
        let mut starts = vec![0u32; 258];
        for &key in branch_keys.iter().flatten() {
            starts[key + 1] += 1;
        }
        for key in 1..starts.len() {
            starts[key] += starts[key - 1];
        }
        let mut placed = starts.clone();
        let mut by_byte = vec![0; starts[257] as usize];
        for (i, keys) in branch_keys.iter().enumerate() {
            for &key in keys {
                by_byte[placed[key] as usize] = u32::try_from(i).ok()?;
                placed[key] += 1;
            }
        }
        Some(Branches {
            splits,
            branches,
            starts,
            by_byte,
        })
    }

    /// The indices of the branches a match at `at` can start with, in order.
    fn at(&self, haystack: &[u8], at: usize) -> &[u32] {
        let key = haystack.get(at).map_or(256, |&b| usize::from(b));
        &self.by_byte[self.starts[key] as usize..self.starts[key + 1] as usize]
    }
}

impl Program {
    /// Backtracks from `start`; the end of the highest-priority match. Pairs visited by an
    /// earlier run in the same haystack failed then and would fail again: they are not
    /// explored twice.
    fn run(&self, haystack: &[u8], start: usize, work: &mut Work) -> Option<usize> {
        let Some(chain) = &self.branches else {
            return self.run_from(0, haystack, start, work);
        };
        // The leading `\b`s are passed as if run: a loop back to the start at `start` must find
        // it visited, as when run from the first instruction ("(?:\b(?:a|\b))+" on "a" ends its
        // match at the empty loop, as the automata do, not after another turn).
        for pc in 0..chain.splits[0] as usize {
            if !self.visit(work.visited, pc, start) {
                return None;
            }
        }
        let mut reached = 0;
        for &branch in chain.at(haystack, start) {
            // The walk reaches the split before this branch (the last branch has none of its
            // own) after those before it.
            let split = (branch as usize).min(chain.splits.len() - 1);
            while reached <= split {
                if !self.visit(work.visited, chain.splits[reached] as usize, start) {
                    return None;
                }
                reached += 1;
            }
            let pc = chain.branches[branch as usize] as usize;
            let found = self.run_from(pc, haystack, start, work);
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// Marks (`pc`, `at`) visited if `pc` is marked; whether it is to be explored: not
    /// explored before.
    fn visit(&self, visited: &mut Visited, pc: usize, at: usize) -> bool {
        match self.marks[pc] {
            UNMARKED => true,
            mark => visited.insert(mark as usize, at),
        }
    }

    /// Backtracks from instruction `pc` at `start`.
    fn run_from(&self, pc: usize, haystack: &[u8], start: usize, work: &mut Work) -> Option<usize> {
        let Work {
            visited,
            stack,
            slots,
        } = work;
        stack.clear();
        stack.push(Frame::Step(pc as u32, start));
        while let Some(frame) = stack.pop() {
            let (mut pc, mut at) = match frame {
                Frame::Restore(slot, value) => {
                    slots[slot as usize] = value;
                    continue;
                }
                Frame::Step(pc, at) => (pc as usize, at),
            };
            while self.visit(visited, pc, at) {
                match &self.insts[pc] {
                    Inst::Byte(set) => {
                        if !haystack.get(at).is_some_and(|b| set.contains(*b)) {
                            break;
                        }
                        pc += 1;
                        at += 1;
                    }
                    &Inst::Split(first, second) => {
                        if self.may_start(second as usize, haystack, at) {
                            stack.push(Frame::Step(second, at));
                        }
                        if !self.may_start(first as usize, haystack, at) {
                            break;
                        }
                        pc = first as usize;
                    }
                    &Inst::Jump(to) => pc = to as usize,
                    Inst::Look(look) => {
                        if !look.holds(haystack, at) {
                            break;
                        }
                        pc += 1;
                    }
                    &Inst::Save(slot) => {
                        let slot = slot as usize;
                        if slot < slots.len() {
                            stack.push(Frame::Restore(slot as u32, slots[slot]));
                            slots[slot] = Some(at);
                        }
                        pc += 1;
                    }
                    Inst::Match => return Some(at),
                }
            }
        }
        None
    }
}

/// The capture groups of a match as byte ranges (group 0 is the match).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Captures(Vec<Option<Range<usize>>>);

impl Captures {
    pub(super) fn get(&self, group: usize) -> Option<Range<usize>> {
        self.0.get(group).cloned().flatten()
    }

    pub(super) fn into_groups(self) -> Vec<Option<Range<usize>>> {
        self.0
    }
}

enum Frame {
    Step(u32, usize),
    Restore(u32, Option<usize>),
}

/// What a run works with: the pairs visited so far, the backtracking stack and the capture
/// slots the caller wants (none, or two a group).
struct Work<'w, 'v> {
    visited: &'w mut Visited<'v>,
    stack: &'w mut Vec<Frame>,
    slots: &'w mut [Option<usize>],
}

/// The visited set, the stack and the capture slots, kept between searches on a thread.
#[derive(Default)]
struct Scratch {
    visited: Vec<u64>,
    stack: Vec<Frame>,
    slots: Vec<Option<usize>>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Which instructions the visited set needs a bit for: those with more than one way in (the
/// targets of jumps and loops, where alternatives join) and the start. Any other is reached at
/// a position only through the one instruction before it, so no more often than that one: the
/// search stays linear with a row of a few bits where a program has thousands of
/// instructions (a lexicon's words are runs of bytes). Returns the marks and their count.
fn visited_marks(insts: &[Inst]) -> (Vec<u32>, usize) {
    let mut ways_in = vec![0u8; insts.len()];
    ways_in[0] = 2;
    for (pc, inst) in insts.iter().enumerate() {
        let targets = match *inst {
            Inst::Byte(_) | Inst::Look(_) | Inst::Save(_) => [pc as u32 + 1, UNMARKED],
            Inst::Split(first, second) => [first, second],
            Inst::Jump(to) => [to, UNMARKED],
            Inst::Match => [UNMARKED; 2],
        };
        for to in targets.into_iter().filter(|&to| to != UNMARKED) {
            ways_in[to as usize] = ways_in[to as usize].saturating_add(1);
        }
    }
    let mut marked = 0;
    let marks = (ways_in.into_iter())
        .map(|ways| match ways {
            0 | 1 => UNMARKED,
            _ => {
                marked += 1;
                marked as u32 - 1
            }
        })
        .collect();
    (marks, marked)
}

/// For each instruction, the bytes the first consuming instruction from there can take; `None`
/// where the match can be reached without consuming.
///
/// Each instruction's set is made from those it goes on to without consuming, after them: a
/// walk in depth first, which sees each instruction once. A loop whose body can match empty
/// text goes round without consuming; a program with one is left to [`first_bytes_fixed`].
fn first_bytes(insts: &[Inst]) -> Vec<Option<ByteSet>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        Not,
        /// Being walked: on the path to the instruction at hand.
        Open,
        Done,
    }
    let mut firsts = vec![None; insts.len()];
    let mut seen = vec![Seen::Not; insts.len()];
    let mut stack = Vec::new();
    for root in 0..insts.len() {
        stack.push(root);
        while let Some(&pc) = stack.last() {
            match seen[pc] {
                Seen::Not => {
                    seen[pc] = Seen::Open;
                    for to in epsilon_targets(insts, pc).into_iter().flatten() {
                        match seen[to] {
                            Seen::Not => stack.push(to),
                            Seen::Open => return first_bytes_fixed(insts),
                            Seen::Done => {}
                        }
                    }
                }
                Seen::Open => {
                    stack.pop();
                    firsts[pc] = first_from(insts, pc, &firsts);
                    seen[pc] = Seen::Done;
                }
                Seen::Done => _ = stack.pop(),
            }
        }
    }
    firsts
}

/// Where `pc` goes on without consuming.
fn epsilon_targets(insts: &[Inst], pc: usize) -> [Option<usize>; 2] {
    match insts[pc] {
        Inst::Byte(_) | Inst::Match => [None, None],
        Inst::Split(a, b) => [Some(a as usize), Some(b as usize)],
        Inst::Jump(to) => [Some(to as usize), None],
        Inst::Look(_) | Inst::Save(_) => [Some(pc + 1), None],
    }
}

/// The first bytes of `pc` from those of the instructions it goes on to.
fn first_from(insts: &[Inst], pc: usize, firsts: &[Option<ByteSet>]) -> Option<ByteSet> {
    match insts[pc] {
        Inst::Byte(bytes) => Some(bytes),
        Inst::Split(a, b) => (firsts[a as usize].zip(firsts[b as usize])).map(|(mut a, b)| {
            a.union(&b);
            a
        }),
        Inst::Jump(to) => firsts[to as usize],
        Inst::Look(_) | Inst::Save(_) => firsts[pc + 1],
        Inst::Match => None,
    }
}

/// [`first_bytes`] as a fixed point: loops feed back into the sets, which only grow.
fn first_bytes_fixed(insts: &[Inst]) -> Vec<Option<ByteSet>> {
    let mut firsts = vec![Some(ByteSet::default()); insts.len()];
    let mut changed = true;
    while changed {
        changed = false;
        for pc in (0..insts.len()).rev() {
            let first = first_from(insts, pc, &firsts);
            if first != firsts[pc] {
                firsts[pc] = first;
                changed = true;
            }
        }
    }
    firsts
}

/// The bytes a match can take second: after any instruction that can consume first, what can
/// follow it. `None` when a match can end after one byte.
fn second_bytes(insts: &[Inst], firsts: &[Option<ByteSet>]) -> Option<ByteSet> {
    let mut set = ByteSet::default();
    for pc in reached_from_start(insts, |_| true) {
        if let Inst::Byte(_) = insts[pc] {
            set.union(&firsts[pc + 1]?);
        }
    }
    Some(set)
}

/// Whether every path from the start passes a word boundary before it consumes or matches.
fn starts_at_boundary(insts: &[Inst]) -> bool {
    reached_from_start(insts, |look| look != Look::WordBoundary)
        .into_iter()
        .all(|pc| matches!(insts[pc], Inst::Look(Look::WordBoundary)))
}

/// Whether a match can consume nothing (`x?`, `a|`, `\b`): it is then found in any text.
pub(super) fn matches_empty(insts: &[Inst]) -> bool {
    (reached_from_start(insts, |_| true).into_iter()).any(|pc| matches!(insts[pc], Inst::Match))
}

/// The instructions a path from the start reaches without consuming and stops at: each that
/// consumes or matches, and each look that `passes` says it does not go through.
fn reached_from_start(insts: &[Inst], passes: impl Fn(Look) -> bool) -> Vec<usize> {
    let mut reached = Vec::new();
    let mut seen = vec![false; insts.len()];
    let mut todo = vec![0usize];
    while let Some(pc) = todo.pop() {
        if std::mem::replace(&mut seen[pc], true) {
            continue;
        }
        match insts[pc] {
            Inst::Byte(_) | Inst::Match => reached.push(pc),
            Inst::Look(look) if !passes(look) => reached.push(pc),
            _ => todo.extend(epsilon_targets(insts, pc).into_iter().flatten()),
        }
    }
    reached
}

/// A program as bytes, and back: the build writes the programs of the built-in patterns this
/// way (build.rs), so a run reads them instead of translating them (see `prebuilt`).
/// Little-endian numbers; a list as its length and its items, each item the same size, so that
/// reading one is a few instructions (a program has thousands).
impl Program {
    /// The program with its prefixes made, as bytes. Used by the build script.
    #[allow(dead_code)]
    pub(super) fn encode(&self) -> Vec<u8> {
        let mut out = Encoder(Vec::new());
        out.in_place(&self.insts, Inst::record);
        out.usize(self.groups);
        out.in_place(&self.firsts, MaybeSet::record);
        out.0.push(u8::from(self.at_boundary));
        out.maybe_set(self.seconds);
        out.0.push(u8::from(self.branches.is_some()));
        if let Some(branches) = &self.branches {
            for list in [
                &branches.splits,
                &branches.branches,
                &branches.starts,
                &branches.by_byte,
            ] {
                out.list(list, |out, n| out.u32(*n));
            }
        }
        out.in_place(&self.marks, |n| n.to_le_bytes());
        out.usize(self.marked);
        out.0.push(u8::from(self.prefixes().is_some()));
        if let Some(prefixes) = self.prefixes() {
            out.list(prefixes, |out, &(key, fourth)| {
                out.u32(key);
                out.maybe_set(fourth);
            });
        }
        out.0
    }

    /// The program [`Program::encode`] wrote, its instructions, first bytes and marks read in
    /// place; `None` if `bytes` are not one whole, or not where those can be read (on a
    /// big-endian system, or if not 8-aligned). The bytes are trusted to be a program: made by
    /// the build from this same code (and each compared with its translation by a test), they
    /// are checked only for what reading them as instructions needs (each one's discriminant),
    /// not for what a program holds, such as jumps within it.
    pub(super) fn decode(bytes: &'static [u8]) -> Option<Program> {
        let mut input = Decoder { bytes, at: 0 };
        let insts: &[Inst] = input.in_place()?;
        let groups = input.usize()?;
        let firsts: &[MaybeSet] = input.in_place()?;
        let at_boundary = input.flag()?;
        let seconds = maybe_set(&input.take()?)?;
        let u32s = |input: &mut Decoder| input.list(|n: &[u8; 4]| Some(u32::from_le_bytes(*n)));
        let branches = match input.flag()? {
            false => None,
            true => Some(Branches {
                splits: u32s(&mut input)?,
                branches: u32s(&mut input)?,
                starts: u32s(&mut input)?,
                by_byte: u32s(&mut input)?,
            }),
        };
        let marks: &[u32] = input.in_place()?;
        let marked = input.usize()?;
        let prefixes = match input.flag()? {
            false => None,
            true => Some(input.list(|record: &[u8; 28]| {
                let (key, fourth) = record.split_first_chunk::<4>()?;
                Some((
                    u32::from_le_bytes(*key),
                    maybe_set(fourth.try_into().ok()?)?,
                ))
            })?),
        };
        input.bytes.is_empty().then_some(Program {
            insts: Cow::Borrowed(insts),
            groups,
            firsts: Cow::Borrowed(firsts),
            at_boundary,
            seconds,
            branches,
            marks: Cow::Borrowed(marks),
            marked,
            prefixes: OnceLock::from(prefixes),
        })
    }
}

struct Encoder(Vec<u8>);

impl Encoder {
    fn u32(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    fn usize(&mut self, n: usize) {
        self.0.extend_from_slice(&(n as u64).to_le_bytes());
    }

    /// A set, or none, as first bytes are written ([`MaybeSet::record`]).
    fn maybe_set(&mut self, set: Option<ByteSet>) {
        self.0.extend_from_slice(&MaybeSet::from(set).record());
    }

    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Encoder, &T)) {
        self.usize(items.len());
        for item in items {
            each(self, item);
        }
    }

    /// A list read in place ([`Decoder::in_place`]): its length, zeros up to a multiple of 8
    /// bytes from the start (where the build aligns a program), and each item's `record`.
    fn in_place<T, const N: usize>(&mut self, items: &[T], record: impl Fn(&T) -> [u8; N]) {
        self.usize(items.len());
        self.0.resize(self.0.len().next_multiple_of(8), 0);
        for item in items {
            self.0.extend_from_slice(&record(item));
        }
    }
}

/// A type a prebuilt program's list of `N`-byte records is read in place as.
///
/// # Safety
///
/// `N` is the type's size, and `is_record` holds only of bytes that are a valid value of it.
unsafe trait InPlace<const N: usize>: Sized {
    fn is_record(record: &[u8; N]) -> bool;
}

// SAFETY: 24 bytes (a discriminant byte, then the fields 8-aligned). A record holds a known
// discriminant, and for a look a known look; any other bytes are numbers, sets or padding.
unsafe impl InPlace<24> for Inst {
    fn is_record(record: &[u8; 24]) -> bool {
        match record[0] {
            3 => record[8] <= Look::NotWordBoundary as u8,
            tag => tag <= 5,
        }
    }
}

// SAFETY: as `Inst`, with discriminants 0 and 1.
unsafe impl InPlace<24> for MaybeSet {
    fn is_record(record: &[u8; 24]) -> bool {
        record[0] <= 1
    }
}

// SAFETY: any four bytes are a `u32`.
unsafe impl InPlace<4> for u32 {
    fn is_record(_: &[u8; 4]) -> bool {
        true
    }
}

/// A set, or none, that [`Encoder::maybe_set`] wrote, copied; `None` if its discriminant is
/// neither.
fn maybe_set(record: &[u8; 24]) -> Option<Option<ByteSet>> {
    let word = |at: usize| Some(u64::from_le_bytes(*record[at..].first_chunk()?));
    match record[0] {
        0 => Some(None),
        1 => Some(Some(ByteSet([word(8)?, word(16)?]))),
        _ => None,
    }
}

/// Reads a program's bytes; `at` is how many it has read (lists read in place are aligned from
/// the start).
struct Decoder<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Decoder<'b> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (bytes, _) = self.bytes.split_first_chunk::<N>()?;
        let bytes = *bytes;
        self.skip(N)?;
        Some(bytes)
    }

    fn skip(&mut self, n: usize) -> Option<()> {
        self.bytes = self.bytes.get(n..)?;
        self.at += n;
        Some(())
    }

    fn usize(&mut self) -> Option<usize> {
        usize::try_from(u64::from_le_bytes(self.take()?)).ok()
    }

    fn flag(&mut self) -> Option<bool> {
        match self.take::<1>()? {
            [0] => Some(false),
            [1] => Some(true),
            _ => None,
        }
    }

    /// A list that [`Encoder::in_place`] wrote, where it is: `None` if its records are not
    /// aligned for `T` (or not in this system's byte order, little-endian) or one is not a `T`.
    fn in_place<T: InPlace<N>, const N: usize>(&mut self) -> Option<&'b [T]> {
        let len = self.usize()?;
        self.skip(self.at.next_multiple_of(8) - self.at)?;
        let bytes = self.bytes.get(..len.checked_mul(N)?)?;
        let readable = cfg!(target_endian = "little")
            && std::mem::size_of::<T>() == N
            && bytes.as_ptr().align_offset(std::mem::align_of::<T>()) == 0
            && (bytes.chunks_exact(N)).all(|r| r.try_into().is_ok_and(T::is_record));
        if !readable {
            return None;
        }
        self.skip(bytes.len())?;
        // SAFETY: `bytes` are `len` records of `N` bytes, the size of `T`, aligned for `T`,
        // each a valid `T` (`InPlace`); borrowed for `'b`, they outlive the slice.
        Some(unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<T>(), len) })
    }

    /// A list of items of `N` bytes each.
    fn list<const N: usize, T>(&mut self, each: impl Fn(&[u8; N]) -> Option<T>) -> Option<Vec<T>> {
        let len = self.usize()?;
        let bytes = self.bytes.get(..len.checked_mul(N)?)?;
        self.skip(bytes.len())?;
        let mut items = Vec::with_capacity(len);
        for record in bytes.chunks_exact(N) {
            items.push(each(record.try_into().ok()?)?);
        }
        Some(items)
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    /// What the ASCII build of regex-automata finds: leftmost-first, with groups.
    fn automaton(source: &str, haystack: &str) -> Vec<Vec<Option<Range<usize>>>> {
        let re = regex_automata::meta::Builder::new()
            .syntax(
                regex_automata::util::syntax::Config::new()
                    .unicode(false)
                    .utf8(false),
            )
            .build(source)
            .unwrap();
        re.captures_iter(haystack)
            .map(|c| {
                (0..c.group_len())
                    .map(|i| c.get_group(i).map(|s| s.range()))
                    .collect()
            })
            .collect()
    }

    /// What [`Dispatch::matches`] should find of `sources` with `every`, by the automata.
    fn every_match(sources: &[String], haystack: &str) -> Vec<(usize, Vec<Range<usize>>)> {
        (sources.iter().enumerate())
            .map(|(i, s)| {
                let matches = automaton(s, haystack).into_iter();
                (
                    i,
                    matches
                        .filter_map(|groups| groups[0].clone())
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, m)| !m.is_empty())
            .collect()
    }

    fn backtracker(source: &str, haystack: &str) -> Vec<Vec<Option<Range<usize>>>> {
        let program = Program::new(source).unwrap_or_else(|| panic!("no program: {source}"));
        program
            .captures_iter(haystack)
            .into_iter()
            .map(Captures::into_groups)
            .collect()
    }

    #[test]
    fn finds_what_the_automata_find() {
        let patterns = [
            r"(?i)\bto\s+(?:provide|improve)\b(?:\s+[\w\x27-]+){0,3}?\s+services?\b",
            r"(?i)\bwe\s+(?:also\s+)?use\b[^.;:]{1,100}?\bto\s+(?:[a-z]+)\b",
            r"\d+(?:[.,]\d+)*\s*%",
            r"(?i)\b(may|might|can|could|will)\b(\s+\d)?",
            r"(?i)\bPII\b|\bcookies?\b",
            r"a*",
            r"(a?)*b",
            r"(?:a|ab)(c|bcd)(d*)",
            r"x*?y",
            r"(?m)^\w+$",
            r"^\w+$",
            r"(?s).{2}",
            r".{2}",
            r"(?U)a+",
            r"[^a-c]+",
            r"(?i)[^a-c]+",
            r"(?i:X)x",
            r"[[:alpha:][:digit:]]+",
            r"\B\w\B",
            r"(?P<word>\w+)@(\w+)",
            r"a{2,}|b{3}",
            r"",
            r"[]a-]|[^]]|[\x41-C\d]|\x{27}|[[:^alpha:]]",
            r"[]-a]+|[^]-a]",
            r"[a-]|[-a]|[^-a]",
            r"(?i)a|b(?-i)c|d",
            r"(?:a(?i)b|c)d",
            r"\.\-\ \t|\Aa|b\z",
            r"(a){0}|(b){0}(c)",
            r"(a){0}",
        ];
        let haystacks = [
            "We use cookies to provide our SERVICES and to improve the site's services.",
            "we also use IP addresses to estimate your location; 45.5 % of PII",
            "aab abcd aaaab bbb xxy Ab\nx\nline two\n",
            "AbC abc CAB, you may 3 will; x@y",
            "",
        ];
        for p in patterns {
            for h in haystacks {
                assert_eq!(backtracker(p, h), automaton(p, h), "{p:?} on {h:?}");
            }
        }
    }

    /// Random patterns of the covered syntax, on random text of the bytes they name.
    fn pattern() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let atom = prop::sample::select(vec![
            "a",
            "b",
            "A",
            " ",
            "-",
            r"\w",
            r"\s",
            r"\d",
            r"\W",
            ".",
            "[ab]",
            "[^a ]",
            "(?i:b)",
            r"\b",
            r"\B",
            "^",
            "$",
            "",
            "[a-b]",
            r"[^\s-]",
            r"\x41",
            r"\.",
            r"\-",
            "(?i)",
            "(?-i)",
            "(?s:.)",
            "(?m:^)",
            "(?m:$)",
            "[[:upper:]]",
            r"[\d\x20]",
            "]",
            "[]a]",
        ])
        .prop_map(str::to_string);
        atom.prop_recursive(4, 24, 3, |inner| {
            let quantifier = prop::sample::select(vec![
                "?", "*", "+", "??", "*?", "+?", "{2}", "{1,3}", "{0,2}?", "{2,}",
            ]);
            prop_oneof![
                prop::collection::vec(inner.clone(), 2..4).prop_map(|v| v.concat()),
                prop::collection::vec(inner.clone(), 2..6)
                    .prop_map(|v| format!("(?:{})", v.join("|"))),
                inner.clone().prop_map(|p| format!("({p})")),
                (inner.clone(), quantifier).prop_map(|(p, q)| format!("(?:{p}){q}")),
                inner.prop_map(|p| format!("(?i){p}")),
            ]
        })
    }

    #[test]
    fn the_word_set_holds_the_word_bytes() {
        for b in 0..=255u8 {
            assert_eq!(WORD.contains(b), is_word_byte(b), "{b}");
        }
    }

    proptest::proptest! {
        /// Eight bytes at a time, the word starts found are those found byte by byte: at the
        /// chunks' edges, past ASCII, and from any position.
        #[test]
        fn word_starts_are_found_as_byte_by_byte(
            haystack in proptest::collection::vec(
                proptest::sample::select(b"aZ09_ -.'\x80\xff".to_vec()), 0..40),
            first in proptest::collection::vec(proptest::sample::select(b"aZ09_".to_vec()), 1..4),
            from in 0usize..40,
        ) {
            let from = from.min(haystack.len());
            let mut set = ByteSet::default();
            first.iter().for_each(|&b| set.insert(b));
            let one_by_one = (from..haystack.len()).find(|&at| {
                set.contains(haystack[at]) && (at == 0 || !is_word_byte(haystack[at - 1]))
            });
            proptest::prop_assert_eq!(word_start(&haystack, from, &set), one_by_one);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn random_patterns_find_what_the_automata_find(
            source in pattern(),
            haystack in "[aAbB1 \n-]{0,24}",
        ) {
            proptest::prop_assert_eq!(
                backtracker(&source, &haystack),
                automaton(&source, &haystack),
                "{:?} on {:?}", source, haystack
            );
        }

        /// A lexicon's shape (`\b(?:word|…)`): a run tries the branches its first byte can
        /// begin, alone and in one pass with others.
        #[test]
        fn alternations_of_many_branches_find_what_the_automata_find(
            branches in proptest::collection::vec(pattern(), 4..9),
            flags in proptest::sample::select(vec!["", "(?i)"]),
            boundary in proptest::sample::select(vec!["", r"\b", r"\b\b"]),
            haystack in "[aAbB1 \n-]{0,24}",
        ) {
            let source = format!("{flags}{boundary}(?:{})", branches.join("|"));
            let program = Program::new(&source).unwrap();
            proptest::prop_assert!(program.branches.is_some());
            let expected = automaton(&source, &haystack);
            proptest::prop_assert_eq!(
                backtracker(&source, &haystack),
                expected.clone(),
                "{:?} on {:?}", source, haystack
            );
            let first: Vec<(usize, Vec<Range<usize>>)> = (expected.first())
                .and_then(|groups| groups[0].clone())
                .map(|m| (0, vec![m]))
                .into_iter()
                .collect();
            let found = Dispatch::new(&[&program]).matches(&[&program], &haystack, false);
            proptest::prop_assert_eq!(found, Some(first), "{:?} on {:?}", source, haystack);
        }
    }

    #[test]
    fn lexicon_words_are_keyed_by_their_first_three_bytes() {
        // Each key's three bytes, and the bytes that can come fourth (`None`: a match can end).
        let keys = |source: &str| {
            let program = Program::new(source).unwrap();
            let keys = three_byte_prefixes(&program.insts)?;
            let fourth = |set: Option<ByteSet>| set.map(|s| s.bytes().collect::<Vec<u8>>());
            Some(
                keys.into_iter()
                    .map(|(k, set)| (k.to_le_bytes()[..3].to_vec(), fourth(set)))
                    .collect::<Vec<_>>(),
            )
        };
        let mut words = keys(r"(?i)\b(?:phone|e-?mail|PII|pixels?|pie)\b").unwrap();
        words.sort();
        let expected: [(&[u8], Option<&[u8]>); 6] = [
            (b"e-m", Some(b"Aa")),
            (b"ema", Some(b"Ii")),
            (b"pho", Some(b"Nn")),
            (b"pie", None),
            (b"pii", None),
            (b"pix", Some(b"Ee")),
        ];
        let expected: Vec<_> = (expected.iter())
            .map(|(k, f)| (k.to_vec(), f.map(<[u8]>::to_vec)))
            .collect();
        assert_eq!(words, expected);
        // The fourth bytes of a key are those of every word it starts.
        let words = keys(r"\b(?:data|dates?|dat)").unwrap();
        assert_eq!(words, [(b"dat".to_vec(), None)]);
        let words = keys(r"\b(?:data|dates?)").unwrap();
        assert_eq!(words, [(b"dat".to_vec(), Some(b"ae".to_vec()))]);
        // A match can be shorter than three bytes; a byte is one of many; too many paths.
        assert_eq!(keys(r"\b(?:ads?|advertising)\b"), None);
        assert_eq!(keys(r"\b\w+ing\b"), None);
        assert_eq!(keys(r"\b[a-h][a-h][a-h]"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// Lexicons of words, dispatched by their first three bytes at word starts, and each
        /// searched alone.
        #[test]
        fn words_dispatched_by_their_first_bytes_find_what_the_automata_find(
            lexicons in proptest::collection::vec((
                proptest::collection::vec("[abAB-]{3,6}(?:s\\?)?", 1..5),
                proptest::sample::select(vec!["(?i)", ""]),
            ), 1..4),
            haystack in "[aAbB s-]{0,40}",
        ) {
            let sources: Vec<String> = (lexicons.iter())
                .map(|(words, flags)| format!(r"{flags}\b(?:{})\b", words.join("|")))
                .collect();
            let programs: Vec<Program> =
                sources.iter().map(|s| Program::new(s).unwrap()).collect();
            for (program, source) in programs.iter().zip(&sources) {
                proptest::prop_assert!(program.prefixes().is_some());
                // Searched alone, tried only where one of its prefixes starts.
                proptest::prop_assert_eq!(
                    backtracker(source, &haystack),
                    automaton(source, &haystack),
                    "{:?} on {:?}", source, haystack
                );
            }
            let programs: Vec<&Program> = programs.iter().collect();
            let all = every_match(&sources, &haystack);
            let dispatch = Dispatch::new(&programs);
            let found = dispatch.matches(&programs, &haystack, true).unwrap();
            proptest::prop_assert_eq!(found, all, "{:?} on {:?}", sources, haystack);
        }
    }

    /// Visited bits for `programs` to hold the rows of [`MIN_WINDOW`] positions.
    fn smallest_window(programs: &[&Program]) -> usize {
        let per_position: usize = programs.iter().map(|p| p.marked.div_ceil(64)).sum();
        per_position * MIN_WINDOW * 64
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// A haystack longer than the visited sets' window: the window moves along with the
        /// tries, and a lexicon's words never reach past it.
        #[test]
        fn lexicons_search_long_text_through_a_moving_window(
            words in proptest::collection::vec("[abAB-]{3,6}", 1..5),
            piece in "[aAbB s-]{0,40}",
            copies in 10..40usize,
        ) {
            let sources = vec![format!(r"(?i)\b(?:{})\b", words.join("|")), r"a\w*b".to_string()];
            let haystack = format!("{piece} ").repeat(copies);
            let programs: Vec<Program> =
                sources.iter().map(|s| Program::new(s).unwrap()).collect();
            let programs: Vec<&Program> = programs.iter().collect();
            let dispatch = Dispatch::new(&programs);
            let bits = smallest_window(&programs);
            for every in [false, true] {
                let mut all = every_match(&sources, &haystack);
                if !every {
                    all.iter_mut().for_each(|(_, m)| m.truncate(1));
                }
                let found = dispatch.matches_within(&programs, &haystack, every, bits);
                proptest::prop_assert_eq!(found, Some(all), "{:?} on {:?}", sources, haystack);
            }
        }

        /// Any patterns over a long haystack through the smallest window: what the automata
        /// find, or `None` where a try reached past the window.
        #[test]
        fn a_moving_window_finds_what_the_automata_find_or_gives_up(
            sources in proptest::collection::vec(pattern(), 1..4),
            piece in "[aAbB1 \\n-]{1,24}",
            copies in 10..60usize,
        ) {
            let haystack = piece.repeat(copies);
            let programs: Vec<Program> =
                sources.iter().map(|s| Program::new(s).unwrap()).collect();
            let programs: Vec<&Program> = programs.iter().collect();
            let dispatch = Dispatch::new(&programs);
            let bits = smallest_window(&programs);
            if let Some(found) = dispatch.matches_within(&programs, &haystack, true, bits) {
                let all = every_match(&sources, &haystack);
                proptest::prop_assert_eq!(found, all, "{:?} on {:?}", sources, haystack);
            }
        }
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)] // one match, one span
    fn a_match_longer_than_the_window_is_left_to_the_automata() {
        let program = Program::new("a[^z]*z").unwrap();
        let programs = [&program];
        let dispatch = Dispatch::new(&programs);
        let bits = smallest_window(&programs);
        let short = format!("a{}z", "b".repeat(MIN_WINDOW - 3));
        let found = dispatch.matches_within(&programs, &short, true, bits);
        assert_eq!(found, Some(vec![(0, vec![0..short.len()])]));
        let long = format!("a{}z", "b".repeat(MIN_WINDOW));
        assert_eq!(dispatch.matches_within(&programs, &long, true, bits), None);
        // Where the whole haystack fits, the window is all of it.
        let found = dispatch.matches(&programs, &long, true);
        assert_eq!(found, Some(vec![(0, vec![0..long.len()])]));
        // A program that can match empty text is searched alone, over the whole haystack.
        let empty = Program::new(r"\b|x").unwrap();
        let programs = [&empty];
        let dispatch = Dispatch::new(&programs);
        assert!(dispatch.matches(&programs, "x y", true).is_some());
        assert_eq!(
            dispatch.matches(&programs, &"x".repeat(MAX_VISITED), true),
            None
        );
        // It takes no rows from the window of the others.
        let word = Program::new(r"\bab\b").unwrap();
        let programs = [&empty, &word];
        let dispatch = Dispatch::new(&programs);
        let haystack = "ab ".repeat(MIN_WINDOW);
        let found = dispatch.matches_within(&programs, &haystack, false, smallest_window(&[&word]));
        assert_eq!(found, Some(vec![(0, vec![0..0]), (1, vec![0..2])]));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        #[test]
        fn one_pass_finds_where_each_pattern_matches(
            sources in proptest::collection::vec(pattern(), 1..5),
            haystack in "[aAbB1 \\n-]{0,24}",
        ) {
            let programs: Vec<Program> =
                sources.iter().map(|s| Program::new(s).unwrap()).collect();
            let programs: Vec<&Program> = programs.iter().collect();
            let dispatch = Dispatch::new(&programs);
            let all = every_match(&sources, &haystack);
            let first: Vec<(usize, Vec<Range<usize>>)> =
                all.iter().map(|(i, m)| (*i, m[..1].to_vec())).collect();
            let found = dispatch.matches(&programs, &haystack, false).unwrap();
            proptest::prop_assert_eq!(found, first, "first: {:?} on {:?}", sources, haystack);
            let found = dispatch.matches(&programs, &haystack, true).unwrap();
            proptest::prop_assert_eq!(found, all, "every: {:?} on {:?}", sources, haystack);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Any text, valid regex or not, translates or is refused without a panic, and a
        /// program found for it searches without one.
        #[test]
        fn any_source_translates_or_is_refused(source in r"[ab()\[\]{}|?*+.^$\\:,<>Px0-9ims-]{0,12}") {
            if let Some(program) = Program::new(&source) {
                let _ = program.captures_iter("ab a{1} (b)");
            }
        }
    }

    #[test]
    fn leaves_other_syntax_to_the_automata() {
        for source in [
            r"\p{L}",
            r"é",
            r"(?u)\w",
            r"(?R)$",
            r"[a&&b]",
            r"\b{start}",
            r"(?x) a b # comment",
            r"a{,3}",
            r"[[a]]",
            r"[*--a]",
            r"[ --]",
            r"[&&a]",
            r"[~~a]",
            r"[--a]",
            r"(?:){4294967295}",
            r"(?:(?:){20000}){20000}",
            "(",
        ] {
            assert!(Program::new(source).is_none(), "{source}");
        }
        assert!(Program::new(r"\w{1000}{100}").is_none(), "too large");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The walk in depth first finds the fixed point, loops that consume nothing included.
        #[test]
        fn first_bytes_in_one_walk_are_the_fixed_point(source in pattern()) {
            let insts = Program::new(&source).unwrap().insts;
            proptest::prop_assert_eq!(first_bytes(&insts), first_bytes_fixed(&insts), "{}", source);
        }
    }

    #[test]
    fn a_loop_that_consumes_nothing_has_first_bytes_too() {
        let program = Program::new(r"(?:a?)+b").unwrap();
        let first = program.firsts[0].get().unwrap();
        assert!(first.contains(b'a') && first.contains(b'b') && !first.contains(b'c'));
        assert_eq!(program.find_at("xaab", 0), Some(1..4));
    }

    /// Bytes that live as long as a binary's image, 8-aligned as it is.
    fn leaked_aligned(bytes: &[u8]) -> &'static [u8] {
        let words: &'static mut [u64] = Vec::leak(vec![0; bytes.len().div_ceil(8)]);
        // SAFETY: the leaked words hold at least `bytes.len()` initialised bytes, and a byte
        // may be read at any address.
        let all =
            unsafe { std::slice::from_raw_parts_mut(words.as_mut_ptr().cast::<u8>(), bytes.len()) };
        all.copy_from_slice(bytes);
        all
    }

    #[test]
    fn instructions_are_read_in_place_as_written_and_only_if_valid() {
        let insts = [
            Inst::Byte(ByteSet::of(b'a')),
            Inst::Split(3, 7),
            Inst::Jump(u32::MAX),
            Inst::Look(Look::NotWordBoundary),
            Inst::Look(Look::StartText),
            Inst::Save(2),
            Inst::Match,
        ];
        let mut out = Encoder(Vec::new());
        out.in_place(&insts, Inst::record);
        let read = |bytes: &[u8]| -> Option<Vec<String>> {
            let mut input = Decoder {
                bytes: leaked_aligned(bytes),
                at: 0,
            };
            let insts: &[Inst] = input.in_place()?;
            Some(insts.iter().map(|i| format!("{i:?}")).collect())
        };
        let expected: Vec<String> = insts.iter().map(|i| format!("{i:?}")).collect();
        assert_eq!(read(&out.0), Some(expected));
        // An unknown discriminant, or look, is no instruction.
        let record = |k: usize| 8 + 24 * k;
        let mut bad = out.0.clone();
        bad[record(6)] = 6;
        assert_eq!(read(&bad), None);
        let mut bad = out.0.clone();
        bad[record(3) + 8] = 6;
        assert_eq!(read(&bad), None);
        // First bytes likewise.
        let firsts = [MaybeSet::None, MaybeSet::Some(ByteSet::of(b'z'))];
        let mut out = Encoder(Vec::new());
        out.in_place(&firsts, MaybeSet::record);
        let mut input = Decoder {
            bytes: leaked_aligned(&out.0),
            at: 0,
        };
        assert_eq!(input.in_place::<MaybeSet, 24>(), Some(&firsts[..]));
    }

    #[test]
    fn first_bytes_skip_start_positions_without_changing_matches() {
        let program = Program::new(r"(?i)\bdata\b").unwrap();
        let first = program.firsts[0].get().unwrap();
        assert!(first.contains(b'd') && first.contains(b'D') && !first.contains(b'a'));
        assert!(program.at_boundary);
        assert!(Program::new(r"a*").unwrap().firsts[0].get().is_none());
        assert!(!Program::new(r"\bdata|x").unwrap().at_boundary);
        assert_eq!(program.find_at("your DATA data", 0), Some(5..9));
        assert_eq!(program.find_at("dataset, data", 0), Some(9..13));
    }

    #[test]
    fn a_loop_back_to_a_leading_boundary_ends_where_the_automata_end() {
        // Four branches after the `\b`: the chain of branches is walked by first byte. The loop
        // comes back to the start at the same place once the empty `\b` branch is taken.
        let source = r"(?:\b(?:A|\b|-|a))+";
        let program = Program::new(source).unwrap();
        assert!(program.branches.is_some());
        for haystack in ["a", "aa a", "-a", "A-"] {
            let automata: Vec<Option<Range<usize>>> = automaton(source, haystack)
                .into_iter()
                .map(|groups| groups[0].clone())
                .collect();
            let found: Vec<Option<Range<usize>>> = backtracker(source, haystack)
                .into_iter()
                .map(|groups| groups[0].clone())
                .collect();
            assert_eq!(found, automata, "{haystack:?}");
        }
    }
}
