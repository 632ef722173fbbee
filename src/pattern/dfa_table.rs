//! A built-in set's DFA as the walk reads it: a table of `u16` states, one row a state and one
//! column a byte class, read in place from the executable.
//!
//! regex-automata's dense DFA stores its states as `u32`s: the vocabulary's 5,930 states, in
//! rows of 64, took 1.5 MB, past a core's 1 MB cache, and the sets' image 1.95 MB. In `u16`s
//! they take 0.76 MB, and the image 0.99 MB. The rows stay a power of two long: unpadded (45
//! classes), the table was 0.5 MB, but finding a row took a multiplication on each byte's path
//! to the next state, and a diff of the 6 MB pair written on one line, whose walks read small
//! tables already in the cache, took 2.8 % longer. The states keep their numbers in the dense
//! DFA (divided by its row length), so its special states still come first: a state at most
//! the last match state is dead, the quit state or a match state.
//!
//! Compiled into build.rs, which encodes each DFA, and into the crate, which decodes them.

/// A DFA's table and what the walk needs besides (see the module's documentation).
pub struct DfaTable<'a> {
    /// Each byte's class, an ASCII capital's that of its lower case.
    classes: [u8; 256],
    /// A state's row holds `1 << shift` next states: one for each class, then the end of the
    /// text's (class `end`), then padding.
    shift: u32,
    end: usize,
    start: u16,
    /// Match states are `first_match..=last_match`.
    first_match: u16,
    last_match: u16,
    /// The state that gives up, if any can be reached.
    quit: Option<u16>,
    /// No state past this one matches or gives up.
    last_special: u16,
    /// How many patterns (segments) the DFA finds.
    patterns: usize,
    /// Match state `first_match + m` finds `found[ends[m]..ends[m + 1]]`.
    ends: &'a [u32],
    found: &'a [u32],
    /// Little-endian.
    table: &'a [u16],
}

/// What a state is to the walk.
pub enum Kind {
    /// Neither matches nor gives up.
    Other,
    Match,
    Quit,
}

impl<'a> DfaTable<'a> {
    /// The state a walk from the start of a text starts in.
    pub fn start(&self) -> u16 {
        self.start
    }

    /// How many patterns the DFA finds.
    pub fn pattern_len(&self) -> usize {
        self.patterns
    }

    /// The state after `state` reads `byte`.
    #[inline(always)]
    pub fn next(&self, state: u16, byte: u8) -> u16 {
        self.at(state, usize::from(self.classes[usize::from(byte)]))
    }

    /// The state after `state` reaches the end of the text.
    pub fn next_at_end(&self, state: u16) -> u16 {
        self.at(state, self.end)
    }

    #[inline(always)]
    fn at(&self, state: u16, class: usize) -> u16 {
        let i = (usize::from(state) << self.shift) + class;
        // A state past the table (none that `encode` wrote) goes to the dead state.
        u16::from_le(self.table.get(i).copied().unwrap_or_default())
    }

    #[inline(always)]
    pub fn kind(&self, state: u16) -> Kind {
        if state > self.last_special {
            Kind::Other
        } else if (self.first_match..=self.last_match).contains(&state) {
            Kind::Match
        } else if Some(state) == self.quit {
            Kind::Quit
        } else {
            Kind::Other
        }
    }

    /// The patterns match state `state` finds.
    pub fn matches(&self, state: u16) -> impl Iterator<Item = usize> + '_ {
        let m = usize::from(state.wrapping_sub(self.first_match));
        let range = match (self.ends.get(m), self.ends.get(m + 1)) {
            (Some(&from), Some(&to)) => from as usize..to as usize,
            _ => 0..0,
        };
        let found = self.found.get(range).unwrap_or_default();
        found.iter().map(|&p| p as usize)
    }

    /// The table encoded by [`encode`]; `None` if `bytes` are not one (or not 4-aligned).
    pub fn decode(bytes: &'a [u8]) -> Option<DfaTable<'a>> {
        let (header, rest) = bytes.split_first_chunk::<HEADER>()?;
        let word = |i: usize| {
            let bytes = header.get(4 * i..4 * i + 4)?;
            usize::try_from(u32::from_le_bytes(bytes.try_into().ok()?)).ok()
        };
        let narrow = |i: usize| u16::try_from(word(i)?).ok();
        let stride = word(0).filter(|s| s.is_power_of_two())?;
        let end = word(9).filter(|&e| e < stride)?;
        let (matches, found_len, states) = (word(6)?, word(7)?, word(8)?);
        let (classes, rest) = rest.split_first_chunk::<256>()?;
        let (ends, rest) = rest.split_at_checked(4 * (matches + 1))?;
        let (found, rest) = rest.split_at_checked(4 * found_len)?;
        let table = rest.get(..2 * states.checked_mul(stride)?)?;
        let (last_match, quit) = (narrow(3)?, narrow(4).filter(|&q| q != u16::MAX));
        Some(DfaTable {
            classes: *classes,
            shift: stride.trailing_zeros(),
            end,
            start: narrow(1)?,
            first_match: narrow(2)?,
            last_match,
            quit,
            last_special: last_match.max(quit.unwrap_or_default()),
            patterns: word(5)?,
            ends: in_place(ends)?,
            found: in_place(found)?,
            table: in_place(table)?,
        })
    }
}

/// Header words: row length, start, first and last match state, quit state (`u16::MAX`:
/// none), patterns, match states, patterns found by them in all, states, the end's class.
const HEADER: usize = 4 * 10;

/// Integers of which any bytes make a valid value.
///
/// # Safety
///
/// Every bit pattern of the type's size is a valid value of it.
unsafe trait AnyBits: Copy {}

// SAFETY: unsigned integers have no invalid bit patterns.
unsafe impl AnyBits for u16 {}
// SAFETY: as above.
unsafe impl AnyBits for u32 {}

/// `bytes` as the words they hold, read in place; `None` if not aligned or not whole words.
fn in_place<W: AnyBits>(bytes: &[u8]) -> Option<&[W]> {
    // SAFETY: any bytes make a valid `W` (`AnyBits`); the parts before and after the aligned
    // middle are checked to be empty.
    let (before, middle, after) = unsafe { bytes.align_to::<W>() };
    (before.is_empty() && after.is_empty()).then_some(middle)
}

/// Encodes `dfa` (searched unanchored from the start of a text, read in lower case) for
/// [`DfaTable::decode`]. Used by the build script and tests.
#[allow(dead_code)]
pub fn encode<T: AsRef<[u32]>>(
    dfa: &regex_automata::dfa::dense::DFA<T>,
) -> Result<Vec<u8>, String> {
    use regex_automata::dfa::Automaton;
    use regex_automata::util::primitives::StateID;

    let classes = dfa.byte_classes();
    // Rows a power of two long, as in the dense DFA: a state's row is found by a shift, not
    // a multiplication, one cycle on each byte's path to the next state.
    let (end, stride, shift) = (dfa.alphabet_len() - 1, dfa.stride(), dfa.stride2());
    let start =
        (dfa.start_state_forward(&regex_automata::Input::new(""))).map_err(|e| e.to_string())?;
    // Every state reachable from the start, through each class and the end of the text.
    let step = |state: StateID, unit: regex_automata::util::alphabet::Unit| match unit.as_u8() {
        Some(byte) => (dfa.next_state(state, byte), usize::from(classes.get(byte))),
        None => (dfa.next_eoi_state(state), end),
    };
    let (mut reached, mut seen) = (vec![start], std::collections::HashSet::from([start]));
    let mut k = 0;
    while let Some(&state) = reached.get(k) {
        k += 1;
        for unit in classes.representatives(..) {
            let (next, _) = step(state, unit);
            if seen.insert(next) {
                reached.push(next);
            }
        }
    }
    // A state's number in the table: its number in the dense DFA, divided by the stride.
    let index = |state: StateID| {
        u16::try_from(state.as_usize() >> shift)
            .map_err(|_| format!("more than {} states", u16::MAX))
    };
    let numbered: Vec<(StateID, u16)> = (reached.iter())
        .map(|&s| Ok((s, index(s)?)))
        .collect::<Result<_, String>>()?;
    let states = numbered
        .iter()
        .map(|&(_, i)| usize::from(i))
        .max()
        .unwrap_or(0)
        + 1;
    let mut table = vec![0u16; states * stride];
    for &(state, i) in &numbered {
        for unit in classes.representatives(..) {
            let (next, class) = step(state, unit);
            table[usize::from(i) * stride + class] = index(next)?;
        }
    }
    let kind_of = |want: fn(&regex_automata::dfa::dense::DFA<T>, StateID) -> bool| {
        let mut found: Vec<u16> = (numbered.iter())
            .filter(|&&(s, _)| want(dfa, s))
            .map(|&(_, i)| i)
            .collect();
        found.sort_unstable();
        found
    };
    let matching = kind_of(|dfa, s| dfa.is_match_state(s));
    let quit = kind_of(|dfa, s| dfa.is_quit_state(s));
    let (first_match, last_match) = match (matching.first(), matching.last()) {
        (Some(&first), Some(&last)) => (first, last),
        // No match state: a range no state is in.
        _ => (1, 0),
    };
    // A state is a match state by its number alone (`DfaTable::kind`).
    if !(matching.windows(2)).all(|pair| pair[1] == pair[0] + 1) {
        return Err("the match states are not numbered one after another".into());
    }
    if quit.len() > 1 {
        return Err("more than one quit state".into());
    }
    let (mut ends, mut found) = (vec![0u32], Vec::new());
    for &m in &matching {
        let state = StateID::new(usize::from(m) << shift).map_err(|e| e.to_string())?;
        found.extend((0..dfa.match_len(state)).map(|i| dfa.match_pattern(state, i).as_u32()));
        ends.push(found.len() as u32);
    }
    let mut lowered = [0u8; 256];
    for byte in 0..=255u8 {
        lowered[usize::from(byte)] = classes.get(byte.to_ascii_lowercase());
    }
    let header = [
        stride,
        usize::from(index(start)?),
        usize::from(first_match),
        usize::from(last_match),
        quit.first()
            .map_or(usize::from(u16::MAX), |&q| usize::from(q)),
        dfa.pattern_len(),
        matching.len(),
        found.len(),
        states,
        end,
    ];
    let mut bytes = Vec::new();
    for word in header {
        let word = u32::try_from(word).map_err(|e| e.to_string())?;
        bytes.extend_from_slice(&word.to_le_bytes());
    }
    bytes.extend_from_slice(&lowered);
    for word in ends.iter().chain(&found) {
        bytes.extend_from_slice(&word.to_le_bytes());
    }
    for next in table {
        bytes.extend_from_slice(&next.to_le_bytes());
    }
    Ok(bytes)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex_automata::dfa::{Automaton, StartKind, dense};
    use regex_automata::nfa::thompson;
    use regex_automata::util::syntax;
    use regex_automata::{Input, MatchKind};

    /// A DFA as build.rs builds a set's: every pattern that matches at each place, in ASCII.
    pub(in crate::pattern) fn built(patterns: &[&str], unicode: bool) -> dense::DFA<Vec<u32>> {
        let config = (dense::Config::new())
            .match_kind(MatchKind::All)
            .start_kind(StartKind::Unanchored)
            .unicode_word_boundary(unicode)
            .minimize(true);
        (dense::Builder::new())
            .syntax(syntax::Config::new().unicode(unicode).utf8(unicode))
            .thompson(thompson::Config::new().utf8(unicode))
            .configure(config)
            .build_many(patterns)
            .unwrap()
    }

    /// The (byte read, pattern) of each match state walked into over `text` read in lower
    /// case, the end of the text as byte `text.len()`; `None` once the DFA gives up.
    fn dense_walk(dfa: &dense::DFA<Vec<u32>>, text: &[u8]) -> Option<Vec<(usize, usize)>> {
        let mut state = dfa.start_state_forward(&Input::new("")).unwrap();
        let mut found = Vec::new();
        let steps = text
            .iter()
            .map(|b| Some(b.to_ascii_lowercase()))
            .chain([None]);
        for (at, byte) in steps.enumerate() {
            state = match byte {
                Some(byte) => dfa.next_state(state, byte),
                None => dfa.next_eoi_state(state),
            };
            if dfa.is_quit_state(state) {
                return None;
            }
            if dfa.is_match_state(state) {
                let patterns = 0..dfa.match_len(state);
                found.extend(patterns.map(|i| (at, dfa.match_pattern(state, i).as_usize())));
            }
        }
        Some(found)
    }

    /// [`dense_walk`] through the table.
    fn table_walk(table: &DfaTable, text: &[u8]) -> Option<Vec<(usize, usize)>> {
        let mut state = table.start();
        let mut found = Vec::new();
        let steps = text.iter().map(|&b| Some(b)).chain([None]);
        for (at, byte) in steps.enumerate() {
            state = match byte {
                Some(byte) => table.next(state, byte),
                None => table.next_at_end(state),
            };
            match table.kind(state) {
                Kind::Quit => return None,
                Kind::Match => found.extend(table.matches(state).map(|p| (at, p))),
                Kind::Other => {}
            }
        }
        Some(found)
    }

    proptest! {
        #[test]
        fn the_table_walks_as_the_dfa(text in "[abcABC .,\n]{0,40}") {
            let dfa = built(&[r"\bab\b", "b c", r"ca+\b", "cab", r"a\.?$"], false);
            let bytes = encode(&dfa).unwrap();
            let table = DfaTable::decode(&bytes).unwrap();
            prop_assert_eq!(table.pattern_len(), 5);
            prop_assert_eq!(table_walk(&table, text.as_bytes()), dense_walk(&dfa, text.as_bytes()));
        }
    }

    #[test]
    fn capitals_are_read_in_lower_case_and_a_dfa_that_gives_up_says_so() {
        let dfa = built(&[r"\bx\b", "yz"], true);
        let bytes = encode(&dfa).unwrap();
        let table = DfaTable::decode(&bytes).unwrap();
        for text in ["a x b", "AYZ", "x", "é x", "x é"] {
            let (text, lower) = (text.as_bytes(), text.to_ascii_lowercase());
            assert_eq!(table_walk(&table, text), dense_walk(&dfa, lower.as_bytes()));
        }
        assert_eq!(table_walk(&table, b"AYZ"), Some(vec![(3, 1)]));
        assert_eq!(table_walk(&table, "é x".as_bytes()), None);
    }

    #[test]
    fn a_table_cut_short_does_not_decode() {
        let bytes = encode(&built(&["ab", "cd"], false)).unwrap();
        assert!(DfaTable::decode(&bytes).is_some());
        for len in [0, 10, HEADER + 100, bytes.len() - 1] {
            assert!(DfaTable::decode(&bytes[..len]).is_none(), "{len} bytes");
        }
        // Rows not a power of two long.
        let mut uneven = bytes.clone();
        uneven[..4].copy_from_slice(&3u32.to_le_bytes());
        assert!(DfaTable::decode(&uneven).is_none());
    }
}
