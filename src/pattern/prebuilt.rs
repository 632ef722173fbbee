//! The programs of the built-in patterns, and the DFAs of the built-in sets, made when
//! policy-lint is built.
//!
//! Translating a pattern to a backtracker program, and working out where its matches can
//! start, is quick for one pattern but not for a hundred: the starter rules' lexicons were a
//! third of the instructions of a check of the seed notice, and the vocabulary of material
//! changes an eighth of a diff of two versions of a policy. Their sources are listed in
//! `prebuilt-sources.txt` (a test in `detect::reading` keeps the list equal to the built-in
//! vocabulary, practice verbs, starter lexicons and detector patterns); build.rs translates
//! them with this module's sibling code and writes the programs to one file, sorted by source,
//! which is part of the binary. A pattern looks its source up here first: a rules.toml that
//! changes a lexicon has that one translated as before.
//!
//! The built-in sets searched in every changed sentence of a diff (the vocabulary, the
//! practice verbs, the quantity words, the contact details), and the transfer mechanisms each
//! version is searched for (listed in `prebuilt-sets.txt`, kept by the same test) have a DFA
//! built too: of their whole patterns, or for a set whose DFA that would make too large (the
//! vocabulary), of their patterns' segments (see `segments.rs`). Where the programs tried each
//! pattern wherever one of its first three bytes occurs, about 300 ns a byte of a sentence, the
//! DFA reads each byte once (8 ns) and says which patterns to search.
//!
//! The images' pages are mapped as a run reads them. Asking the kernel to map a whole image
//! at once, when first used, cost more than the page faults it saved: without it, a diff of
//! two one-line files took 1.52 ms instead of 1.56, a check of the seed notice 1.68 instead of
//! 1.72, and the 6 MB pair 113 ms instead of 116 (medians of alternating runs).

use std::cell::RefCell;
use std::sync::OnceLock;

use super::backtrack::Program;
use super::dfa_table::{DfaTable, Kind};

/// Three parts: the sources, sorted, one a line; where each one's program starts in the third
/// part (little-endian `u64`s); the programs (see `Program::encode`), in the same order. Each
/// part, and each program, is a field of [`Fields`], 8-aligned (a program's instructions are
/// read in place).
static IMAGE: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(
    env!("OUT_DIR"),
    "/prebuilt-programs"
)));

/// The program of `source` if it is a built-in one.
pub(super) fn program(source: &str) -> Option<Program> {
    Program::decode(program_bytes(source)?)
}

/// Whether `source` is one of the built-in patterns' (see [`program`]).
pub(super) fn is_built_in(source: &str) -> bool {
    program_bytes(source).is_some()
}

/// The encoded program of `source` if it is a built-in one.
fn program_bytes(source: &str) -> Option<&'static [u8]> {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::of(&IMAGE.0)).program(source)
}

/// The sources of an image's programs, and where each program is. Only the programs a run
/// looks up are read. When finding one read the length of every one before it, every run
/// touched each page of the image's 1.3 MB: a check of the seed notice took 202 page faults
/// then, 189 now (its time changed by less than the noise: 1.714 and 1.711 ms).
struct Index {
    /// Each source, sorted, with where its program starts in `programs`.
    sources: Vec<(&'static [u8], usize)>,
    programs: &'static [u8],
}

impl Index {
    /// The index of `image`; empty if it is cut short.
    fn of(image: &'static [u8]) -> Index {
        let mut fields = Fields { image, align: 8 };
        let (Some(sources), Some(offsets)) = (fields.next(), fields.next()) else {
            return Index {
                sources: Vec::new(),
                programs: &[],
            };
        };
        let offsets = (offsets.chunks_exact(8))
            .map(|o| usize::try_from(u64::from_le_bytes(o.try_into().unwrap_or_default())));
        Index {
            sources: (sources.split(|&b| b == b'\n'))
                .zip(offsets)
                .map_while(|(source, offset)| Some((source, offset.ok()?)))
                .collect(),
            programs: fields.image,
        }
    }

    /// The encoded program of `source`, if the image has it.
    fn program(&self, source: &str) -> Option<&'static [u8]> {
        let found = (self.sources).binary_search_by(|(key, _)| (*key).cmp(source.as_bytes()));
        let (_, offset) = self.sources[found.ok()?];
        let image = self.programs.get(offset..)?;
        Fields { image, align: 8 }.next()
    }
}

/// The fields of an image: each its length as a little-endian `u64`, its bytes, and padding up
/// to a multiple of `align`.
struct Fields<'i> {
    image: &'i [u8],
    align: usize,
}

impl<'i> Iterator for Fields<'i> {
    type Item = &'i [u8];

    fn next(&mut self) -> Option<&'i [u8]> {
        let (len, rest) = self.image.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        let (taken, rest) = rest.split_at_checked(len)?;
        let padding = len.next_multiple_of(self.align) - len;
        self.image = rest.get(padding..).unwrap_or_default();
        Some(taken)
    }
}

/// The image of the sets: for each, its sources (one a line), the ways of its patterns, and
/// the table of its DFA (see `dfa_table`), each field 8-aligned (the table is read in place).
static SETS_IMAGE: &Aligned<[u8]> =
    &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/prebuilt-sets")));

#[repr(C, align(8))]
struct Aligned<B: ?Sized>(B);

thread_local! {
    /// For each segment of the largest set searched on this thread, whether a search found
    /// it: all `false` between searches.
    static SEEN: RefCell<Vec<bool>> = const { RefCell::new(Vec::new()) };
}

/// A built-in set's DFA of segments, and how each pattern's ways are made of them.
pub(super) struct SetFilter {
    /// Reads text with its letters in lower case (see `segments::lower_case`): with capitals,
    /// the vocabulary's alphabet was 70 byte classes, not 45.
    dfa: DfaTable<'static>,
    patterns: Vec<Ways>,
    /// Which patterns each segment may make occur; made when first searched.
    holding: OnceLock<Holding>,
}

/// The patterns, in order, that may occur where segments are found.
struct Holding {
    /// Segment `s`'s patterns, those with a way that holds it, are
    /// `patterns[starts[s]..starts[s + 1]]` (one list, not an allocation a segment).
    starts: Vec<usize>,
    patterns: Vec<u32>,
    /// Those with a way of no segments: any text may hold a match.
    always: Vec<u32>,
}

impl Holding {
    /// The patterns `segment` is in a way of.
    fn of(&self, s: usize) -> &[u32] {
        match (self.starts.get(s), self.starts.get(s + 1)) {
            (Some(&from), Some(&to)) => self.patterns.get(from..to).unwrap_or_default(),
            _ => &[],
        }
    }
}

/// A pattern's ways: each the segments a match holds, as the DFA numbers them.
#[derive(Debug)]
struct Ways {
    /// The pattern is its one segment: where the DFA finds it, it matches.
    exact: bool,
    ways: Vec<Vec<usize>>,
}

impl std::fmt::Debug for SetFilter {
    /// Not the DFA's table.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SetFilter")
            .field("patterns", &self.patterns.len())
            .field("segments", &self.dfa.pattern_len())
            .finish()
    }
}

impl SetFilter {
    /// Each pattern that may match in the ASCII `text`, in order, with whether it surely
    /// does; `None` if the DFA gave up.
    pub(super) fn candidates(&self, text: &str) -> Option<Vec<(usize, bool)>> {
        let [picked] = candidates_of([self], text);
        picked
    }

    /// The patterns with a way whose segments were all found (`segments`, and `seen` each
    /// segment's whether it was), in order, with whether each surely matches. Only those that
    /// hold a segment found can: each checked once, instead of every pattern's every way.
    fn picked(&self, segments: &[usize], seen: &[bool]) -> Vec<(usize, bool)> {
        let holding = self.holding.get_or_init(|| self.holding());
        let mut picked: Vec<u32> = (segments.iter())
            .flat_map(|&s| holding.of(s))
            .chain(&holding.always)
            .copied()
            .collect();
        picked.sort_unstable();
        picked.dedup();
        let occurs =
            |way: &Vec<usize>| (way.iter()).all(|&segment| seen.get(segment) == Some(&true));
        (picked.into_iter())
            .filter_map(|i| Some((i as usize, self.patterns.get(i as usize)?)))
            .filter(|(_, p)| p.ways.iter().any(occurs))
            .map(|(i, p)| (i, p.exact))
            .collect()
    }

    /// Which patterns each segment of the set is in a way of.
    fn holding(&self) -> Holding {
        let mut pairs: Vec<(usize, u32)> = Vec::new();
        let mut always = Vec::new();
        for (i, pattern) in (0u32..).zip(&self.patterns) {
            if pattern.ways.iter().any(Vec::is_empty) {
                always.push(i);
            }
            pairs.extend(pattern.ways.iter().flatten().map(|&s| (s, i)));
        }
        // By segment, each segment's patterns in order, each once.
        pairs.sort_unstable();
        pairs.dedup();
        let segments = self
            .dfa
            .pattern_len()
            .max(pairs.last().map_or(0, |p| p.0 + 1));
        let mut starts = vec![0; segments + 1];
        for &(segment, _) in &pairs {
            starts[segment + 1] += 1;
        }
        for s in 0..segments {
            starts[s + 1] += starts[s];
        }
        Holding {
            starts,
            patterns: pairs.into_iter().map(|(_, i)| i).collect(),
            always,
        }
    }
}

/// The candidates of each of `filters` in the ASCII `text` (see [`SetFilter::candidates`]),
/// their DFAs walked over it in one pass. DFAs read in one loop overlap their table lookups:
/// over the sentences of four corpus policies, the vocabulary and the practice verbs took 5.0
/// ns a byte walked one after the other, 3.2 ns together.
pub(super) fn candidates_of<const N: usize>(
    filters: [&SetFilter; N],
    text: &str,
) -> [Option<Vec<(usize, bool)>>; N] {
    SEEN.with_borrow_mut(|seen| {
        // Each filter's segments have their own stretch of `seen`, one after another.
        let mut offsets = [0; N];
        let mut end = 0;
        for (offset, filter) in offsets.iter_mut().zip(filters) {
            *offset = end;
            end += filter.dfa.pattern_len();
        }
        if seen.len() < end {
            seen.resize(end, false);
        }
        // The segments found, each once: a sentence has a few of a set's hundreds, and only
        // theirs are cleared after.
        let mut segments: [Vec<usize>; N] = std::array::from_fn(|_| Vec::new());
        let walked = walk(filters.map(|f| &f.dfa), text, |k, segment| {
            if let Some(seen) = seen.get_mut(offsets[k] + segment)
                && !std::mem::replace(seen, true)
            {
                segments[k].push(segment);
            }
        });
        let picked = std::array::from_fn(|k| {
            let own = seen.get(offsets[k]..).unwrap_or_default();
            walked.then(|| filters[k].picked(&segments[k], own))
        });
        for (offset, segments) in offsets.iter().zip(&segments) {
            for segment in segments {
                seen[offset + segment] = false;
            }
        }
        picked
    })
}

/// Walks the DFAs over `text` side by side, telling `found` each segment that matches and
/// whose DFA found it (again where it matches again, but not at each byte of a run of one
/// match state); `false` if a DFA gave up.
fn walk<const N: usize>(
    dfas: [&DfaTable; N],
    text: &str,
    mut found: impl FnMut(usize, usize),
) -> bool {
    // Walked by hand, one lookup a byte a set: regex-automata's overlapping search stopped and
    // resumed at each match, which in a sentence naming a few labels cost more than the walk.
    let mut states = dfas.map(DfaTable::start);
    // A match state met again right after itself (a run of spaces) is not noted again.
    let mut last = [None; N];
    let mut record = |k: usize, state| {
        if last[k] != Some(state) {
            last[k] = Some(state);
            for segment in dfas[k].matches(state) {
                found(k, segment);
            }
        }
    };
    for &byte in text.as_bytes() {
        for (k, dfa) in dfas.iter().enumerate() {
            let state = dfa.next(states[k], byte);
            states[k] = state;
            match dfa.kind(state) {
                Kind::Other => {}
                Kind::Match => record(k, state),
                Kind::Quit => return false,
            }
        }
    }
    for (k, dfa) in dfas.iter().enumerate() {
        let state = dfa.next_at_end(states[k]);
        if let Kind::Match = dfa.kind(state) {
            record(k, state);
        }
    }
    true
}

/// The prebuilt filter of the set whose patterns have `sources`, if it is a built-in one.
pub(super) fn set_filter<'s>(
    mut sources: impl Iterator<Item = &'s str>,
) -> Option<&'static SetFilter> {
    static SETS: OnceLock<Vec<(&[u8], SetFilter)>> = OnceLock::new();
    let sets = SETS.get_or_init(|| sets(&SETS_IMAGE.0));
    let first = sources.next()?;
    let rest: Vec<&str> = sources.collect();
    let (_, filter) = sets.iter().find(|(key, _)| {
        let mut lines = key.split(|&b| b == b'\n');
        lines.next() == Some(first.as_bytes()) && lines.eq(rest.iter().map(|s| s.as_bytes()))
    })?;
    Some(filter)
}

/// The (sources, filter) entries of the sets' image; up to the first that is cut short or
/// does not decode.
fn sets(image: &'static [u8]) -> Vec<(&'static [u8], SetFilter)> {
    let mut fields = Fields { image, align: 8 };
    let mut sets = Vec::new();
    while let (Some(key), Some(ways), Some(table)) = (fields.next(), fields.next(), fields.next()) {
        let Some(dfa) = DfaTable::decode(table) else {
            break;
        };
        let sources = key.split(|&b| b == b'\n').count();
        let Some(patterns) = decode_ways(ways).filter(|p| p.len() == sources) else {
            break;
        };
        sets.push((
            key,
            SetFilter {
                dfa,
                patterns,
                holding: OnceLock::new(),
            },
        ));
    }
    sets
}

/// Each pattern's ways from their encoding in build.rs: little-endian `u32`s, for each pattern
/// whether it is exact and its number of ways, then for each way its number of segments and
/// their numbers.
fn decode_ways(bytes: &[u8]) -> Option<Vec<Ways>> {
    let mut words = (bytes.chunks_exact(4)).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]));
    let mut next = || words.next().and_then(|w| usize::try_from(w).ok());
    let mut patterns = Vec::new();
    while let Some(exact) = next() {
        let ways = (0..next()?)
            .map(|_| (0..next()?).map(|_| next()).collect())
            .collect::<Option<_>>()?;
        patterns.push(Ways {
            exact: exact == 1,
            ways,
        });
    }
    Some(patterns)
}

#[cfg(test)]
mod tests {
    use super::super::{PatternSet, dfa_table};
    use super::*;

    #[test]
    fn every_prebuilt_program_is_the_translation_of_its_source() {
        let sources: Vec<&str> = include_str!("prebuilt-sources.txt").lines().collect();
        let index = Index::of(&IMAGE.0);
        let keys: Vec<&[u8]> = index.sources.iter().map(|(key, _)| *key).collect();
        let mut sorted: Vec<&[u8]> = sources.iter().map(|s| s.as_bytes()).collect();
        sorted.sort();
        assert_eq!(keys, sorted, "the image holds the listed sources, sorted");
        for source in sources {
            let prebuilt = program(source);
            let translated = Program::new(source);
            assert!(prebuilt.is_some() && translated.is_some(), "{source}");
            assert_eq!(
                prebuilt.map(|p| p.encode()),
                translated.map(|p| p.encode()),
                "{source}"
            );
        }
        assert!(program(r"(?i)\bnot a built-in pattern\b").is_none());
    }

    #[test]
    fn a_built_in_set_is_found_by_its_sources() {
        for (key, _) in sets(&SETS_IMAGE.0) {
            let sources = key
                .split(|&b| b == b'\n')
                .map(|s| std::str::from_utf8(s).unwrap());
            let filter = set_filter(sources.clone()).expect("a built-in set is found");
            assert_eq!(filter.patterns.len(), sources.count());
        }
        assert!(set_filter(["(?i)not a built-in set"].into_iter()).is_none());
    }

    #[test]
    fn the_patterns_picked_are_those_with_a_way_whose_segments_all_occur() {
        // Segments 0 "ab", 1 "cd", 2 "ef"; a way of no segments may match anywhere.
        let built = dfa_table::tests::built(&["ab", "cd", "ef"], false);
        let dfa = DfaTable::decode(Vec::leak(dfa_table::encode(&built).unwrap())).unwrap();
        let way = |segments: &[usize]| segments.to_vec();
        let filter = SetFilter {
            dfa,
            patterns: vec![
                Ways {
                    exact: true,
                    ways: vec![way(&[1])],
                },
                Ways {
                    exact: false,
                    ways: vec![way(&[0, 1]), way(&[2])],
                },
                Ways {
                    exact: false,
                    ways: vec![way(&[2]), way(&[])],
                },
                Ways {
                    exact: false,
                    ways: vec![way(&[0, 2])],
                },
            ],
            holding: OnceLock::new(),
        };
        let picked = |text| filter.candidates(text).unwrap();
        assert_eq!(picked("nothing"), [(2, false)]);
        assert_eq!(picked("cd ab"), [(0, true), (1, false), (2, false)]);
        // Read in lower case.
        assert_eq!(picked("CD aB"), picked("cd ab"));
        assert_eq!(picked("ab, ab"), [(2, false)]);
        assert_eq!(picked("ef ab"), [(1, false), (2, false), (3, false)]);
    }

    /// The sets of `prebuilt-sets.txt`, each as its sources.
    fn listed_sets() -> Vec<Vec<&'static str>> {
        let list = include_str!("prebuilt-sets.txt");
        let lines: Vec<&str> = list.lines().collect();
        lines
            .split(|line| line.is_empty())
            .filter(|set| !set.is_empty())
            .map(<[&str]>::to_vec)
            .collect()
    }

    #[test]
    fn every_prebuilt_set_is_found_and_its_dfa_passes_every_check() {
        let sets = listed_sets();
        assert!(sets.len() >= 3, "{} sets", sets.len());
        for sources in &sets {
            assert!(set_filter(sources.iter().copied()).is_some(), "{sources:?}");
            // Not a set: a prefix, or the sources in another order.
            assert!(set_filter(sources[1..].iter().copied()).is_none());
            if sources.len() > 1 {
                assert!(set_filter(sources.iter().rev().copied()).is_none());
            }
        }
        let fields: Vec<&[u8]> = Fields {
            image: &SETS_IMAGE.0,
            align: 8,
        }
        .collect();
        assert_eq!(fields.len(), 3 * sets.len());
        for (entry, sources) in fields.chunks(3).zip(&sets) {
            assert_eq!(entry[0], sources.join("\n").as_bytes());
            let dfa = DfaTable::decode(entry[2]).unwrap();
            let ways = decode_ways(entry[1]).unwrap();
            assert_eq!(ways.len(), sources.len());
            let segments = ways.iter().flat_map(|p| p.ways.iter().flatten());
            assert!(segments.clone().all(|&s| s < dfa.pattern_len()));
            assert_eq!(segments.max().map(|s| s + 1), Some(dfa.pattern_len()));
        }
    }

    /// A set small enough has the DFA of its whole patterns: the contact details are picked
    /// where they may be, not in every sentence with a number and a word ending in "st" (a
    /// street type, in the postal addresses' segments).
    #[test]
    fn a_set_of_whole_patterns_picks_a_pattern_only_where_it_may_match() {
        let sets = listed_sets();
        let contact = (sets.iter())
            .find(|sources| sources.len() == 1 && sources[0].contains('@'))
            .expect("the contact details are a listed set");
        let filter = set_filter(contact.iter().copied()).unwrap();
        let articles =
            "we rely on Articles 168 and 179 of the Treaty, at the request of the first party";
        assert_eq!(filter.candidates(articles), Some(Vec::new()));
        let address = "write to us at 4 Grand Canal Square, Dublin 2";
        assert_eq!(filter.candidates(address), Some(vec![(0, false)]));
    }

    /// Over the corpus's lines, the patterns a set's DFA picks include every one that matches
    /// (as `regex` finds it, on the text or its shadow), and those it says surely match do; the
    /// set's searches through it find what `regex` finds, alone or beside another set.
    #[test]
    fn a_prebuilt_set_picks_every_pattern_that_matches() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let corpus = (root.ancestors())
            .map(|dir| dir.join("shared/corpus"))
            .find(|dir| dir.is_dir())
            .expect("shared/corpus beside the crate or a parent");
        let mut texts = std::collections::BTreeSet::new();
        let policies = std::fs::read_dir(corpus)
            .unwrap()
            .map(|p| p.unwrap().path());
        for policy in policies.filter(|p| p.is_dir()) {
            let mut versions: Vec<_> = (std::fs::read_dir(policy).unwrap())
                .map(|v| v.unwrap().path())
                .collect();
            versions.sort();
            let latest = std::fs::read_to_string(versions.last().unwrap()).unwrap();
            texts.extend(latest.lines().map(str::to_string));
        }
        texts.insert(include_str!("../../examples/privacy-notice.txt").to_string());
        // The DFA reads letters in lower case: it finds in capitals what the patterns find,
        // and a pattern with capitals ("BCRs") is not sure to match in small letters.
        let recased: Vec<String> = (texts.iter().step_by(3))
            .flat_map(|t| [t.to_ascii_uppercase(), t.to_ascii_lowercase()])
            .collect();
        texts.extend(recased);
        let mut previous: Option<PatternSet> = None;
        for sources in listed_sets() {
            let set = PatternSet::new(sources.iter().map(|s| s.to_string()).collect());
            let filter = set.prebuilt().unwrap();
            let regexes: Vec<regex::Regex> = (sources.iter())
                .map(|s| regex::Regex::new(s).unwrap())
                .collect();
            let odd: Vec<usize> = (1..sources.len()).step_by(2).collect();
            let (mut searched, mut picked, mut matched) = (0, 0, 0);
            for text in &texts {
                let first: Vec<_> = (regexes.iter().enumerate())
                    .filter_map(|(i, r)| Some((i, r.find(text)?.range())))
                    .collect();
                assert_eq!(set.first_matches(text), first, "{text:?}");
                assert_eq!(set.first_match(text), first.first().cloned(), "{text:?}");
                if let Some(previous) = &previous {
                    let together = || PatternSet::search_together([&set, previous], text);
                    let [mine, theirs] = together();
                    assert_eq!(mine.first_matches().collect::<Vec<_>>(), first, "{text:?}");
                    let previous_first = previous.first_matches(text);
                    assert_eq!(theirs.first_matches().collect::<Vec<_>>(), previous_first);
                    let [mine, theirs] = together();
                    assert_eq!(mine.all_matches(), set.all_matches(text), "{text:?}");
                    assert_eq!(theirs.is_match(), previous.is_match(text), "{text:?}");
                }
                assert_eq!(set.is_match(text), !first.is_empty(), "{text:?}");
                let odd_match = first.iter().any(|(i, _)| i % 2 == 1);
                assert_eq!(set.matches_any(text, &odd), odd_match, "{text:?}");
                let Some(view) = set.ascii_view(text) else {
                    continue;
                };
                let candidates = filter.candidates(view.text(text)).unwrap();
                for (i, source) in sources.iter().enumerate() {
                    let pick = candidates.iter().find(|(p, _)| *p == i);
                    let matches = first.iter().any(|(p, _)| *p == i);
                    assert!(
                        !matches || pick.is_some(),
                        "{source} not picked in {text:?}"
                    );
                    let sure = pick.is_some_and(|(_, sure)| *sure);
                    assert!(!sure || matches, "{source} is not in {text:?}");
                }
                matched += first.len();
                searched += sources.len();
                picked += candidates.len();
            }
            // It passes few that do not match.
            assert!(
                matched > 0 && picked < 2 * matched + searched / 50,
                "{picked} of {searched} picked, {matched} match"
            );
            previous = Some(set);
        }
    }
}
