//! Regexes that are cheap to compile for the text policies are mostly made of.
//!
//! Compiling a regex with Unicode classes and case folding is slow: the starter `purpose`
//! lexicon alone took 39 ms, longer than reading, parsing and checking a whole policy. Compiled
//! for ASCII (`\w`, `\b`, `\s` and `(?i)` over ASCII only) the same regex takes about 3 ms, and on
//! a haystack that is all ASCII the two find exactly the same matches: the Unicode classes and
//! case folding differ only on non-ASCII characters. Normalised policy text (quotes, dashes and
//! spaces folded) is ASCII in almost every sentence, so a [`Pattern`] searches ASCII haystacks
//! with the ASCII build and compiles the Unicode build only when a haystack needs it.
//!
//! A sentence with a few other characters (a bullet, a ligature, a name in another script) is
//! searched through its ASCII *shadow*: each non-ASCII character replaced by one byte of the
//! same class — `_` for a word character, `\x01` for anything else — with a map back to the
//! original offsets. For a pattern that cannot tell those bytes from the characters they stand
//! for (no `_`, no control-character escapes, no POSIX classes), the shadow matches exactly
//! where the Unicode build matches the sentence. Characters the shadow cannot stand for
//! (non-ASCII digits and spaces, and the long s `ſ` and Kelvin sign `K`, which case-fold to ASCII
//! letters) send the search to the Unicode build.
//!
//! A pattern that names `ſ` or `K`, or that the ASCII syntax rejects (`\p{L}`, `[€£]`), always
//! uses Unicode.
//!
//! Even the ASCII build costs 0.1–4 ms a pattern, more than a short policy takes to search: the
//! first haystacks of a pattern are searched by a backtracker built in microseconds from its
//! source ([`backtrack`]), which finds the same matches, and the automata are compiled only once
//! the pattern has searched enough text to pay for them.

mod backtrack;
mod compile;
mod dfa_table;
pub mod eight_bytes;
mod prebuilt;
#[cfg(test)]
mod segments;

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use regex_automata::util::syntax;
use regex_automata::{Input, meta};
use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};

use backtrack::{Dispatch, Program};

/// The compiled size a regex may reach, and its lazy-DFA cache: the defaults of `regex`.
const DEFAULT_NFA_BYTES: usize = 10 << 20;
const DEFAULT_DFA_CACHE_BYTES: usize = 2 << 20;

/// The non-ASCII characters that simple case folding maps to ASCII letters (`ſ` to `s`, the
/// Kelvin sign to `k`): under `(?i)` their Unicode build matches ASCII text.
const FOLD_TO_ASCII: [char; 2] = ['\u{17F}', '\u{212A}'];

/// Until a pattern has searched this many bytes of ASCII text, its backtracker program
/// searches it (see [`backtrack`]); then its automata are compiled. Measured with callgrind
/// (16 KiB, 64 KiB, 256 KiB, 1 MiB, 4 MiB) since the built-in patterns' programs are prebuilt
/// and the sets' candidates picked by DFAs: a check of 150 generated policies 641.6 M, 643.0 M,
/// 616.6 M, 617.0 M, 617.0 M instructions; every 7th corpus version pair (diff) 907 M at
/// 16 KiB, 890 M at 64 KiB, 882 M at 256 KiB. (Before, with programs translated at run time,
/// 4 to 16 KiB had cost least.) The seed notice's check never reaches it.
const PATTERN_AUTOMATA_AFTER_BYTES: usize = 256 << 10;

/// The same for a set asked which patterns occur or where each matches: kept where it was
/// when sets and patterns shared one limit (then, a check of 150 generated policies cost least
/// from 4 to 16 KiB); not measured apart since.
const SET_AUTOMATA_AFTER_BYTES: usize = 16 << 10;

/// The same for a set asked only where each pattern first matches (measured on the built-in
/// vocabulary, read from every changed sentence of a diff, before it had a prebuilt DFA; a set
/// without one still takes it). Its one pass stops trying a pattern once it has matched,
/// while the compiled set only says which occur and each is then searched alone: over real
/// policies the one pass stays cheaper (40 corpus version pairs, 428 -> 340 ms), over text
/// where few patterns ever match it does not (a 6 MB pair with every word replaced, 1.09 ->
/// 1.70 s when it never compiled).
const FIRST_MATCHES_AUTOMATA_AFTER_BYTES: usize = 1 << 20;

/// Counts `len` more bytes searched while under `limit`; whether the count was under it. Past
/// it the counter is only read: threads searching in parallel do not then contend for it.
fn below(searched: &AtomicUsize, len: usize, limit: usize) -> bool {
    searched.load(Ordering::Relaxed) < limit && searched.fetch_add(len, Ordering::Relaxed) < limit
}

/// A regex searched by the backtracker on its first haystacks and compiled when it has
/// searched enough to pay for that, once per kind of haystack (ASCII or not).
#[derive(Debug)]
pub struct Pattern {
    source: String,
    nfa_bytes: usize,
    dfa_cache_bytes: usize,
    /// `None` when the syntax is outside what the backtracker covers. Shared by clones: a
    /// lexicon and the set of all lexicons translate it once.
    program: Arc<OnceLock<Option<Program>>>,
    /// Bytes searched by the program so far.
    searched: AtomicUsize,
    /// `None` when the ASCII build could differ from the Unicode one on ASCII text.
    ascii: OnceLock<Option<Result<meta::Regex, String>>>,
    unicode: OnceLock<Result<regex::Regex, String>>,
    /// Whether the ASCII build may search a shadow (see the module): asked only of text that
    /// is not ASCII.
    shadows: OnceLock<bool>,
}

impl Clone for Pattern {
    /// A clone shares the program but compiles its automata again on first use, and counts the
    /// bytes it searches afresh.
    fn clone(&self) -> Pattern {
        Pattern {
            source: self.source.clone(),
            nfa_bytes: self.nfa_bytes,
            dfa_cache_bytes: self.dfa_cache_bytes,
            program: Arc::clone(&self.program),
            searched: AtomicUsize::new(0),
            ascii: OnceLock::new(),
            unicode: OnceLock::new(),
            shadows: self.shadows.clone(),
        }
    }
}

impl Pattern {
    /// A pattern with `regex`'s default limits. Its syntax is not checked here: see
    /// [`Pattern::check`].
    pub fn new(source: impl Into<String>) -> Pattern {
        Pattern::with_limits(source, DEFAULT_NFA_BYTES, DEFAULT_DFA_CACHE_BYTES)
    }

    /// A pattern that may compile to `nfa_bytes` and keeps a lazy-DFA cache of `dfa_cache_bytes`.
    pub fn with_limits(
        source: impl Into<String>,
        nfa_bytes: usize,
        dfa_cache_bytes: usize,
    ) -> Pattern {
        let source = source.into();
        Pattern {
            shadows: OnceLock::new(),
            source,
            nfa_bytes,
            dfa_cache_bytes,
            program: Arc::new(OnceLock::new()),
            searched: AtomicUsize::new(0),
            ascii: OnceLock::new(),
            unicode: OnceLock::new(),
        }
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the backtracker covers this pattern's syntax (what can be prebuilt).
    #[cfg(test)]
    pub(crate) fn has_program(&self) -> bool {
        Program::new(&self.source).is_some()
    }

    /// Whether the ASCII build may search a shadow of text that is not ASCII.
    fn shadows(&self) -> bool {
        *self.shadows.get_or_init(|| shadow_safe(&self.source))
    }

    /// Compiles what an ASCII haystack needs and says why that failed (a syntax error, or a
    /// size limit). Searching a pattern that does not compile finds nothing.
    pub fn check(&self) -> Result<(), String> {
        // What the backtracker covers, the automata compile (the size of its program bounds
        // theirs).
        if self.translates() {
            return Ok(());
        }
        match self.ascii() {
            Some(Ok(_)) => Ok(()),
            Some(Err(reason)) => Err(reason.clone()),
            None => self.unicode().map(|_| ()).map_err(str::to_string),
        }
    }

    /// Whether the backtracker covers the pattern (translating it now if need be): then it
    /// compiles, as [`Pattern::check`] would say, and compiles nothing yet.
    pub fn translates(&self) -> bool {
        self.program().is_some()
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        match self.engine(haystack) {
            Engine::Program(program, shadow) => program.find_at(shadow.text(haystack), 0).is_some(),
            Engine::Ascii(re, view) => re.is_match(view.text(haystack)),
            Engine::Unicode(re) => re.is_match(haystack),
            Engine::Broken => false,
        }
    }

    /// The leftmost-first match.
    pub fn find(&self, haystack: &str) -> Option<Range<usize>> {
        match self.engine(haystack) {
            Engine::Program(program, shadow) => program
                .find_at(shadow.text(haystack), 0)
                .map(|m| shadow.original(m)),
            Engine::Ascii(re, view) => {
                (re.find(view.text(haystack))).map(|m| view.original(m.range()))
            }
            Engine::Unicode(re) => re.find(haystack).map(|m| m.range()),
            Engine::Broken => None,
        }
    }

    /// Successive non-overlapping matches.
    pub fn find_iter<'p, 'h>(&'p self, haystack: &'h str) -> Matches<'p, 'h> {
        match self.engine(haystack) {
            Engine::Program(program, shadow) => Matches::Shadowed(
                program
                    .captures_iter(shadow.text(haystack))
                    .into_iter()
                    .filter_map(|c| c.get(0))
                    .map(|m| shadow.original(m))
                    .collect::<Vec<_>>()
                    .into_iter(),
            ),
            Engine::Ascii(re, AsciiView(None)) => Matches::Ascii(re.find_iter(haystack)),
            Engine::Ascii(re, view) => Matches::Shadowed(
                re.find_iter(view.text(haystack))
                    .map(|m| view.original(m.range()))
                    .collect::<Vec<_>>()
                    .into_iter(),
            ),
            Engine::Unicode(re) => Matches::Unicode(re.find_iter(haystack)),
            Engine::Broken => Matches::None,
        }
    }

    /// Successive non-overlapping matches with their capture groups (group 0 is the match).
    pub fn captures_iter(&self, haystack: &str) -> Vec<Groups> {
        match self.engine(haystack) {
            Engine::Program(program, view) => (program.captures_iter(view.text(haystack)))
                .into_iter()
                .map(|c| Groups::of_program(c, &view))
                .collect(),
            Engine::Ascii(re, view) => (re.captures_iter(view.text(haystack)))
                .map(|c| Groups::of_automata(&c, &view))
                .collect(),
            Engine::Unicode(re) => (re.captures_iter(haystack))
                .map(|c| Groups::of_regex(&c))
                .collect(),
            Engine::Broken => Vec::new(),
        }
    }

    /// The first match's capture groups.
    pub fn captures(&self, haystack: &str) -> Option<Groups> {
        match self.engine(haystack) {
            Engine::Program(program, view) => {
                (program.captures_at(view.text(haystack), 0)).map(|c| Groups::of_program(c, &view))
            }
            Engine::Ascii(re, view) => {
                let text = view.text(haystack);
                // Most haystacks asked have no match (a date statement is looked for in every
                // sentence until one is found): asking whether one does allocates nothing.
                if !re.is_match(text) {
                    return None;
                }
                (re.captures_iter(text).next()).map(|c| Groups::of_automata(&c, &view))
            }
            Engine::Unicode(re) => re.captures(haystack).map(|c| Groups::of_regex(&c)),
            Engine::Broken => None,
        }
    }

    /// For tests of built-in patterns: both builds compile, ASCII text takes the fast one, and
    /// an ASCII pattern has a program.
    #[cfg(test)]
    pub fn assert_compiles(&self) {
        assert!(
            self.program().is_some() || !self.source.is_ascii(),
            "no program: {}",
            self.source
        );
        assert!(
            matches!(self.ascii(), Some(Ok(_))),
            "no ASCII build: {}",
            self.source
        );
        if let Err(e) = self.unicode() {
            panic!("{}: {e}", self.source);
        }
    }

    fn engine(&self, haystack: &str) -> Engine<'_> {
        let len = haystack.len();
        let view = match ascii_view(haystack, || self.shadows()) {
            Some(view) => match self.program() {
                Some(program)
                    if program.fits(len)
                        && below(&self.searched, len, PATTERN_AUTOMATA_AFTER_BYTES) =>
                {
                    return Engine::Program(program, view);
                }
                _ => Some(view),
            },
            None => None,
        };
        let ascii = match self.ascii() {
            Some(Ok(re)) => Some(re),
            Some(Err(_)) => return Engine::Broken,
            None => None,
        };
        match (ascii, view) {
            (Some(re), Some(view)) => Engine::Ascii(re, view),
            // A Unicode build past the size limit that the ASCII build kept under: ASCII
            // classes are the closer answer than none.
            (Some(re), None) => self
                .unicode()
                .map_or(Engine::Ascii(re, AsciiView(None)), Engine::Unicode),
            (None, _) => self.unicode().map_or(Engine::Broken, Engine::Unicode),
        }
    }

    fn program(&self) -> Option<&Program> {
        self.program
            .get_or_init(|| {
                (prebuilt::program(&self.source).or_else(|| Program::new(&self.source)))
                    .filter(|p| p.automata_bytes() <= self.nfa_bytes)
            })
            .as_ref()
    }

    fn ascii(&self) -> Option<&Result<meta::Regex, String>> {
        self.ascii
            .get_or_init(|| {
                if self.source.contains(FOLD_TO_ASCII) {
                    return None;
                }
                let built = meta::Builder::new()
                    .configure(ascii_config(self.nfa_bytes, self.dfa_cache_bytes))
                    .syntax(ascii_syntax())
                    .build(&self.source);
                match built {
                    Ok(re) => Some(Ok(re)),
                    // Unicode-only syntax (`\p{L}`, a class that can match invalid UTF-8 when
                    // not Unicode): the Unicode build decides.
                    Err(e) if e.syntax_error().is_some() => None,
                    Err(e) => Some(Err(build_error_reason(&e))),
                }
            })
            .as_ref()
    }

    fn unicode(&self) -> Result<&regex::Regex, &str> {
        self.unicode
            .get_or_init(|| {
                regex::RegexBuilder::new(&self.source)
                    .size_limit(self.nfa_bytes)
                    .dfa_size_limit(self.dfa_cache_bytes)
                    .build()
                    .map_err(|e| last_line(&e.to_string()))
            })
            .as_ref()
            .map_err(String::as_str)
    }
}

/// Many patterns searched at once: which of them occur, and where each first does. A built-in
/// set has a DFA built with policy-lint (see `prebuilt`) that says in one pass over a haystack
/// which patterns may occur, each then searched alone. Any other set, until it has been asked
/// about enough text to pay for compiling, tries each pattern's program in one pass only where
/// it can start; then the patterns are compiled as one set (once per kind of haystack) that
/// says in one pass which of them occur.
#[derive(Debug, Default)]
pub struct PatternSet {
    patterns: Vec<Pattern>,
    nfa_bytes: usize,
    dfa_cache_bytes: usize,
    /// Bytes asked about so far.
    searched: AtomicUsize,
    /// Whether the ASCII build may search a shadow: every pattern is [`shadow_safe`].
    shadows: OnceLock<bool>,
    /// The prebuilt DFA of a built-in set, which says which patterns to search.
    prebuilt: OnceLock<Option<&'static prebuilt::SetFilter>>,
    /// Which programs to try at which byte; `None` if a pattern has no program.
    dispatch: OnceLock<Option<Dispatch>>,
    ascii: OnceLock<Option<LooseSet>>,
    unicode: OnceLock<Option<regex::RegexSet>>,
}

impl Clone for PatternSet {
    /// A clone shares the patterns' programs and compiles its automata again on first use.
    fn clone(&self) -> PatternSet {
        PatternSet::with_limits(self.patterns.clone(), self.nfa_bytes, self.dfa_cache_bytes)
    }
}

impl PatternSet {
    /// A set with `regex`'s default limits.
    pub fn new(sources: Vec<String>) -> PatternSet {
        let patterns = sources.into_iter().map(Pattern::new).collect();
        PatternSet::with_limits(patterns, DEFAULT_NFA_BYTES, DEFAULT_DFA_CACHE_BYTES)
    }

    /// The set of `patterns` (a clone shares its program), which may compile to `nfa_bytes`
    /// and keeps a lazy-DFA cache of `dfa_cache_bytes`.
    pub fn with_limits(
        patterns: Vec<Pattern>,
        nfa_bytes: usize,
        dfa_cache_bytes: usize,
    ) -> PatternSet {
        PatternSet {
            shadows: OnceLock::new(),
            patterns,
            nfa_bytes,
            dfa_cache_bytes,
            searched: AtomicUsize::new(0),
            prebuilt: OnceLock::new(),
            dispatch: OnceLock::new(),
            ascii: OnceLock::new(),
            unicode: OnceLock::new(),
        }
    }

    /// The patterns, in order.
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// Whether the ASCII build may search a shadow: every pattern may.
    fn shadows(&self) -> bool {
        *self
            .shadows
            .get_or_init(|| self.patterns.iter().all(Pattern::shadows))
    }

    /// The ASCII text searched for `haystack` (see [`ascii_view`]).
    fn ascii_view(&self, haystack: &str) -> Option<AsciiView> {
        ascii_view(haystack, || self.shadows())
    }

    /// Each pattern's program; `None` if one has none. (Collecting into an `Option<Vec>`
    /// grows the vector from nothing: a set is searched once a sentence.)
    fn programs(&self) -> Option<Vec<&Program>> {
        let mut programs = Vec::with_capacity(self.patterns.len());
        for pattern in &self.patterns {
            programs.push(pattern.program()?);
        }
        Some(programs)
    }

    fn dispatch(&self, programs: Option<&[&Program]>) -> Option<&Dispatch> {
        self.dispatch
            .get_or_init(|| programs.map(Dispatch::new))
            .as_ref()
    }

    fn prebuilt(&self) -> Option<&'static prebuilt::SetFilter> {
        *(self.prebuilt)
            .get_or_init(|| prebuilt::set_filter(self.patterns.iter().map(Pattern::source)))
    }

    /// Builds now what the first searches of ASCII text need (each pattern's program and the
    /// dispatch over them), as they would on first use: another thread can do it while this
    /// one does other work. A prebuilt set needs neither: the patterns its DFA picks are
    /// searched alone, each program decoded as its pattern is first searched.
    pub fn prepare(&self) {
        if self.prebuilt().is_none() {
            self.dispatch(self.programs().as_deref());
        }
    }

    fn sources(&self) -> Vec<String> {
        self.patterns.iter().map(|p| p.source.clone()).collect()
    }

    /// Each pattern that matches in `haystack`, with its leftmost-first match, in order.
    pub fn first_matches(&self, haystack: &str) -> Vec<(usize, Range<usize>)> {
        self.each_first_match(haystack).collect()
    }

    /// The first pattern, in order, that matches in `haystack`, with its leftmost-first match:
    /// the candidates after it are not searched.
    pub fn first_match(&self, haystack: &str) -> Option<(usize, Range<usize>)> {
        self.each_first_match(haystack).next()
    }

    /// Searches `haystack` with each of `sets`, for the caller to ask each [`Searched`] for what
    /// it needs. Where every set has a prebuilt DFA and the text is ASCII, or has a shadow
    /// every set may search, the DFAs read it in one pass (see `prebuilt::candidates_of`); else
    /// each set searches when asked, as it would alone.
    pub fn search_together<'a, const N: usize>(
        sets: [&'a PatternSet; N],
        haystack: &'a str,
    ) -> [Searched<'a>; N] {
        let walked = match all_some(sets.map(PatternSet::prebuilt)) {
            // A sentence with a bullet or an accented letter is walked through its shadow. It
            // was walked once for each set, as each was asked: a diff of two Instagram versions
            // (bullets in long sentences) ran 165.2 M instructions, 163.7 M walked together.
            Some(filters) => match ascii_view(haystack, || sets.iter().all(|s| s.shadows())) {
                Some(view) => prebuilt::candidates_of(filters, view.text(haystack)),
                None => std::array::from_fn(|_| None),
            },
            None => std::array::from_fn(|_| None),
        };
        let mut walked = walked.into_iter();
        sets.map(|set| Searched {
            set,
            haystack,
            candidates: walked.next().flatten(),
        })
    }

    /// [`PatternSet::first_matches`], each candidate searched only when the one before it has
    /// been taken.
    fn each_first_match<'a>(
        &'a self,
        haystack: &'a str,
    ) -> impl Iterator<Item = (usize, Range<usize>)> + 'a {
        self.first_matches_in(self.search(haystack, false), haystack)
    }

    /// The first matches of what a search of `haystack` `found`: its matches, or each of its
    /// candidates searched alone once the one before it has been taken.
    fn first_matches_in<'a>(
        &'a self,
        found: Found,
        haystack: &'a str,
    ) -> impl Iterator<Item = (usize, Range<usize>)> + 'a {
        // One of the two is empty: one iterator type for both.
        let (matches, candidates) = match found {
            Found::Matches(matches) => (matches, Vec::new()),
            Found::Candidates(candidates) => (Vec::new(), candidates),
        };
        let found = (matches.into_iter()).filter_map(|(i, m)| Some((i, m.into_iter().next()?)));
        let searched = (candidates.into_iter())
            .filter_map(move |(i, _)| Some((i, self.patterns[i].find(haystack)?)));
        found.chain(searched)
    }

    /// Each pattern that matches in `haystack`, with its successive non-overlapping matches
    /// (as [`Pattern::find_iter`]), in order.
    pub fn all_matches(&self, haystack: &str) -> Vec<(usize, Vec<Range<usize>>)> {
        only_matches(self.occurrences(haystack, |_| true))
    }

    /// Each pattern that matches or may match in `haystack`, in order: with its successive
    /// non-overlapping matches where `spans` asks for them, else only whether it occurs, which
    /// can cost less to find (once the set is compiled, it says which patterns occur, and only
    /// those asked for are searched again for their spans).
    pub fn occurrences(
        &self,
        haystack: &str,
        spans: impl Fn(usize) -> bool,
    ) -> Vec<(usize, Occurrence)> {
        self.occurrences_in(self.search(haystack, true), haystack, spans)
    }

    /// [`PatternSet::occurrences`] of what a search of `haystack` `found`.
    fn occurrences_in(
        &self,
        found: Found,
        haystack: &str,
        spans: impl Fn(usize) -> bool,
    ) -> Vec<(usize, Occurrence)> {
        match found {
            Found::Matches(matches) => (matches.into_iter())
                .map(|(i, m)| match spans(i) {
                    true => (i, Occurrence::Matches(m)),
                    false => (i, Occurrence::Present),
                })
                .collect(),
            Found::Candidates(candidates) => (candidates.into_iter())
                .filter_map(|(i, sure)| {
                    if spans(i) {
                        let matches: Vec<_> = self.patterns[i].find_iter(haystack).collect();
                        (!matches.is_empty()).then_some((i, Occurrence::Matches(matches)))
                    } else if sure {
                        Some((i, Occurrence::Present))
                    } else {
                        Some((i, Occurrence::Possible))
                    }
                })
                .collect(),
        }
    }

    /// Whether one of the patterns matches in `haystack`.
    pub fn is_match(&self, haystack: &str) -> bool {
        self.any_matches(haystack, |_| true)
    }

    /// Whether one of the patterns `among` (indexes, ascending) matches in `haystack`.
    pub fn matches_any(&self, haystack: &str, among: &[usize]) -> bool {
        debug_assert!(among.is_sorted(), "{among:?}");
        self.any_matches(haystack, |i| among.binary_search(&i).is_ok())
    }

    fn any_matches(&self, haystack: &str, among: impl Fn(usize) -> bool) -> bool {
        let view = self.ascii_view(haystack);
        match view.and_then(|view| self.prefiltered(view.text(haystack))) {
            Some(candidates) => self.any_confirmed(candidates, haystack, among),
            None => (0..self.patterns.len())
                .filter(|&i| among(i))
                .any(|i| self.confirms(i, haystack)),
        }
    }

    /// Whether one of the `candidates` `among` matches in `haystack`: surely, or confirmed.
    fn any_confirmed(
        &self,
        candidates: Vec<(usize, bool)>,
        haystack: &str,
        among: impl Fn(usize) -> bool,
    ) -> bool {
        (candidates.into_iter())
            .filter(|&(i, _)| among(i))
            .any(|(i, sure)| sure || self.confirms(i, haystack))
    }

    /// Whether pattern `i` matches in `haystack`: what settles an [`Occurrence::Possible`].
    pub fn confirms(&self, i: usize, haystack: &str) -> bool {
        self.patterns.get(i).is_some_and(|p| p.is_match(haystack))
    }

    /// The matches the programs find in one pass (the first of each pattern, or `every` one),
    /// or the patterns that may match, for callers to search each alone.
    fn search(&self, haystack: &str, every: bool) -> Found {
        let view = self.ascii_view(haystack);
        let ascii_text = view.is_some();
        let view = view.unwrap_or(AsciiView(None));
        if ascii_text && let Some(candidates) = self.prefiltered(view.text(haystack)) {
            return Found::Candidates(candidates);
        }
        let limit = if every {
            SET_AUTOMATA_AFTER_BYTES
        } else {
            FIRST_MATCHES_AUTOMATA_AFTER_BYTES
        };
        if below(&self.searched, haystack.len(), limit) && ascii_text {
            let programs = self.programs();
            let dispatch = self.dispatch(programs.as_deref());
            let found = programs
                .zip(dispatch)
                .and_then(|(programs, d)| d.matches(&programs, view.text(haystack), every));
            return match found {
                Some(found) => Found::Matches(
                    (found.into_iter())
                        .map(|(i, m)| (i, m.into_iter().map(|m| view.original(m)).collect()))
                        .collect(),
                ),
                None => self.every_pattern(),
            };
        }
        // Asked only for text it can search: a sentence without a shadow does not compile it.
        if let Some(compiled) = ascii_text.then(|| self.ascii()).flatten() {
            let text = view.text(haystack);
            return FOUND.with_borrow_mut(|set| {
                if set.capacity() < compiled.regex.pattern_len() {
                    *set = regex_automata::PatternSet::new(compiled.regex.pattern_len());
                }
                set.clear();
                (compiled.regex).which_overlapping_matches(&Input::new(text), set);
                Found::Candidates(
                    (set.iter().map(|p| p.as_usize()))
                        .map(|i| (i, !compiled.loosened[i]))
                        .collect(),
                )
            });
        }
        match self.unicode() {
            Some(set) => Found::Candidates(
                set.matches(haystack)
                    .into_iter()
                    .map(|i| (i, true))
                    .collect(),
            ),
            None => self.every_pattern(),
        }
    }

    /// The patterns the prebuilt DFA says may match in the ASCII `text` (see [`Found`]), if
    /// the set has one.
    fn prefiltered(&self, text: &str) -> Option<Vec<(usize, bool)>> {
        let filter = self.prebuilt()?;
        filter.candidates(text)
    }

    /// Every pattern, as a candidate each to be searched alone.
    fn every_pattern(&self) -> Found {
        Found::Candidates((0..self.patterns.len()).map(|i| (i, false)).collect())
    }

    /// For tests of built-in sets: both builds compile, and each pattern.
    #[cfg(test)]
    pub fn assert_compiles(&self) {
        for pattern in &self.patterns {
            pattern.assert_compiles();
        }
        assert!(self.ascii().is_some(), "no ASCII build of the set");
        assert!(self.unicode().is_some(), "no Unicode build of the set");
    }

    fn ascii(&self) -> Option<&LooseSet> {
        self.ascii
            .get_or_init(|| {
                if self
                    .patterns
                    .iter()
                    .any(|p| p.source.contains(FOLD_TO_ASCII))
                {
                    return None;
                }
                let parsed = (self.patterns.iter())
                    .map(|p| ascii_parser().parse(&p.source).ok())
                    .collect::<Option<Vec<Hir>>>()?;
                let loose: Vec<Hir> = parsed.iter().map(loosened).collect();
                let regex = meta::Builder::new()
                    .configure(
                        ascii_config(self.nfa_bytes, self.dfa_cache_bytes)
                            .match_kind(regex_automata::MatchKind::All),
                    )
                    .build_many_from_hir(&loose)
                    .ok()?;
                Some(LooseSet {
                    regex,
                    loosened: parsed.iter().zip(&loose).map(|(p, l)| p != l).collect(),
                })
            })
            .as_ref()
    }

    fn unicode(&self) -> Option<&regex::RegexSet> {
        self.unicode
            .get_or_init(|| {
                regex::RegexSetBuilder::new(self.sources())
                    .size_limit(self.nfa_bytes)
                    .dfa_size_limit(self.dfa_cache_bytes)
                    .build()
                    .ok()
            })
            .as_ref()
    }
}

thread_local! {
    /// Which patterns of a compiled set occur in a haystack: one per thread, so that searching
    /// a sentence does not allocate it.
    static FOUND: RefCell<regex_automata::PatternSet> =
        RefCell::new(regex_automata::PatternSet::new(0));
}

/// The ASCII build's engine: a prefilter, the one-pass DFA and the backtracker each cost compile
/// time that sentence-sized haystacks never pay back.
fn ascii_config(nfa_bytes: usize, dfa_cache_bytes: usize) -> meta::Config {
    meta::Config::new()
        .nfa_size_limit(Some(nfa_bytes))
        .hybrid_cache_capacity(dfa_cache_bytes)
        .auto_prefilter(false)
        .onepass(false)
        .backtrack(false)
}

/// `\w`, `\b`, `\s` and `(?i)` over ASCII; `.` and negated classes match any byte, which on
/// ASCII text is any character.
fn ascii_syntax() -> syntax::Config {
    syntax::Config::new().unicode(false).utf8(false)
}

/// The parser of [`ascii_syntax`].
fn ascii_parser() -> regex_syntax::Parser {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
}

/// Counted repetitions from this upper bound up lose it in a compiled set (see [`loosened`]).
const LOOSEN_REPETITIONS_FROM: u32 = 16;

/// `hir` with each counted repetition of a large upper bound unbounded (`[^.;:]{1,100}?` becomes
/// `[^.;:]+?`): it matches wherever `hir` does, and more. A compiled set only says which
/// patterns may occur (each is then searched alone, exactly), and its lazy DFA follows every
/// pattern at once: a bound of 100 there multiplies its states (the starter lexicons' set pass
/// over the 2,000-file corpus took twice as long with the bound as without).
fn loosened(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            min: r.min,
            max: r
                .max
                .filter(|&max| max < LOOSEN_REPETITIONS_FROM || max == r.min),
            greedy: r.greedy,
            sub: Box::new(loosened(&r.sub)),
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(loosened(&c.sub)),
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(loosened).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(loosened).collect()),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => hir.clone(),
    }
}

/// What stopped a build, in `regex`'s words for the usual case.
fn build_error_reason(e: &meta::BuildError) -> String {
    if let Some(limit) = e.size_limit() {
        return format!("compiled regex exceeds size limit of {limit} bytes");
    }
    let mut innermost: &dyn std::error::Error = e;
    while let Some(source) = innermost.source() {
        innermost = source;
    }
    last_line(&innermost.to_string())
}

/// A text of ASCII bytes standing for a text with some other characters, one byte for each: `_`
/// for a word character (as `\w` has it), `\x01` for any other.
struct Shadow {
    text: String,
    /// For each character that is not ASCII, where the shadow's next byte stands and how many
    /// bytes the original has more than the shadow up to there: the map back, made of as many
    /// entries as such characters (a sentence has a few, mostly quotes and dashes).
    wide: Vec<(usize, usize)>,
}

impl Shadow {
    /// The shadow of `text`; none when a character in it could match differently (see the module).
    fn of(text: &str) -> Option<Shadow> {
        let mut shadow = String::with_capacity(text.len());
        let mut wide = Vec::new();
        let mut rest = text;
        while let Some(ascii) = ascii_prefix_len(rest.as_bytes()) {
            let (run, other) = rest.split_at(ascii);
            shadow.push_str(run);
            let mut chars = other.chars();
            let c = chars.next()?;
            let stands_for = if c.is_numeric() || c.is_whitespace() || FOLD_TO_ASCII.contains(&c) {
                return None;
            } else if regex_syntax::is_word_character(c) {
                '_'
            } else {
                '\x01'
            };
            shadow.push(stands_for);
            rest = chars.as_str();
            wide.push((shadow.len(), text.len() - rest.len() - shadow.len()));
        }
        shadow.push_str(rest);
        Some(Shadow { text: shadow, wide })
    }

    fn original(&self, range: Range<usize>) -> Range<usize> {
        let at = |i: usize| {
            let before = self.wide.partition_point(|&(from, _)| from <= i);
            i + before.checked_sub(1).map_or(0, |k| self.wide[k].1)
        };
        at(range.start)..at(range.end)
    }
}

/// How many bytes of `bytes` come before the first that is not ASCII, if one is not.
fn ascii_prefix_len(bytes: &[u8]) -> Option<usize> {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let whole = (bytes.chunks_exact(8))
        .take_while(|chunk| {
            <[u8; 8]>::try_from(*chunk).is_ok_and(|word| u64::from_le_bytes(word) & HIGH_BITS == 0)
        })
        .count();
    let from = 8 * whole;
    (bytes[from..].iter().position(|b| !b.is_ascii())).map(|k| from + k)
}

/// Whether a pattern's ASCII build finds in a [`Shadow`] what its Unicode build finds in the
/// original: it names no `_` (a stand-in), no control character by escape (`\x01` is the other),
/// no POSIX class (`[[:punct:]]` has `_`, `[[:ascii:]]` has `\x01`), and nothing non-ASCII.
fn shadow_safe(source: &str) -> bool {
    let control_escape = source.match_indices("\\x").any(|(i, _)| {
        let hex = source[i + 2..].trim_start_matches('{');
        let digits: String = hex.chars().take_while(char::is_ascii_hexdigit).collect();
        u32::from_str_radix(&digits, 16).map_or(true, |v| v < 0x20 || v == 0x7F)
    });
    source.is_ascii()
        && !turns_unicode_off(source)
        && !source.contains('_')
        && !source.contains("[:")
        && !source.contains("\\u")
        && !source.contains("\\U")
        && !control_escape
}

/// What [`PatternSet::occurrences`] found of one pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Occurrence {
    /// Its successive non-overlapping matches.
    Matches(Vec<Range<usize>>),
    /// It matches; where was not asked.
    Present,
    /// It may match: the compiled set matched a loosened form of it (or a prebuilt set's DFA the
    /// segments of one of its ways). Finding out costs a search
    /// ([`PatternSet::confirms`]), which the caller makes only if it needs the answer.
    Possible,
}

/// What [`PatternSet::search_together`] found of one set in a text, to be asked for what the
/// caller needs, as it would ask the set.
pub struct Searched<'a> {
    set: &'a PatternSet,
    haystack: &'a str,
    /// The candidates the set's DFA picked in the walk; `None`: the set searches when asked.
    candidates: Option<Vec<(usize, bool)>>,
}

impl<'a> Searched<'a> {
    /// [`PatternSet::first_matches`], each candidate searched only when the one before it has
    /// been taken ([`PatternSet::first_match`] is the first).
    pub fn first_matches(self) -> impl Iterator<Item = (usize, Range<usize>)> + 'a {
        let found = match self.candidates {
            Some(candidates) => Found::Candidates(candidates),
            None => self.set.search(self.haystack, false),
        };
        self.set.first_matches_in(found, self.haystack)
    }

    /// [`PatternSet::all_matches`].
    pub fn all_matches(self) -> Vec<(usize, Vec<Range<usize>>)> {
        match self.candidates {
            Some(candidates) => only_matches(self.set.occurrences_in(
                Found::Candidates(candidates),
                self.haystack,
                |_| true,
            )),
            None => self.set.all_matches(self.haystack),
        }
    }

    /// [`PatternSet::is_match`].
    pub fn is_match(self) -> bool {
        match self.candidates {
            Some(candidates) => self.set.any_confirmed(candidates, self.haystack, |_| true),
            None => self.set.is_match(self.haystack),
        }
    }
}

/// The patterns' matches of `occurrences`, in order.
fn only_matches(occurrences: Vec<(usize, Occurrence)>) -> Vec<(usize, Vec<Range<usize>>)> {
    (occurrences.into_iter())
        .filter_map(|(i, found)| match found {
            Occurrence::Matches(matches) => Some((i, matches)),
            Occurrence::Present | Occurrence::Possible => None,
        })
        .collect()
}

/// Each item's value if none is `None` (and there is one).
fn all_some<T: Copy, const N: usize>(items: [Option<T>; N]) -> Option<[T; N]> {
    let first = (*items.first()?)?;
    (items.iter().all(Option::is_some)).then(|| items.map(|item| item.unwrap_or(first)))
}

/// What a set search found: the matches of each pattern that matches, or the patterns that
/// may match, each with whether it surely does.
enum Found {
    Matches(Vec<(usize, Vec<Range<usize>>)>),
    Candidates(Vec<(usize, bool)>),
}

/// The ASCII build of a set, whose patterns may match more than they do alone (see
/// [`loosened`]).
#[derive(Debug)]
struct LooseSet {
    regex: meta::Regex,
    /// For each pattern, whether the set matches more than it does.
    loosened: Vec<bool>,
}

/// The ASCII text a program or the ASCII build searches: the haystack itself, or its shadow.
struct AsciiView(Option<Rc<Shadow>>);

/// The ASCII text searched for `haystack`: itself, or its shadow where the pattern (or every
/// pattern of a set) may search one (`shadows`, asked only of text that is not ASCII); `None`
/// if neither.
fn ascii_view(haystack: &str, shadows: impl FnOnce() -> bool) -> Option<AsciiView> {
    if haystack.is_ascii() {
        return Some(AsciiView(None));
    }
    match shadows() {
        true => shadow_of(haystack).map(|shadow| AsciiView(Some(shadow))),
        false => None,
    }
}

/// A text, and its shadow (none if it has none).
type ShadowOf = (Box<str>, Option<Rc<Shadow>>);

thread_local! {
    /// The text this thread last made a shadow of.
    static LAST_SHADOW: RefCell<Option<ShadowOf>> = const { RefCell::new(None) };
}

/// [`Shadow::of`] `text`, made once for a run of searches of it: reading a sentence searches
/// it with several sets and then each candidate pattern alone, and each made the same shadow
/// again (a diff of two Instagram versions with curly quotes throughout: 175.1 M -> 169.4 M
/// instructions).
fn shadow_of(text: &str) -> Option<Rc<Shadow>> {
    LAST_SHADOW.with_borrow_mut(|last| match last {
        Some((of, shadow)) if **of == *text => shadow.clone(),
        _ => {
            let shadow = Shadow::of(text).map(Rc::new);
            *last = Some((text.into(), shadow.clone()));
            shadow
        }
    })
}

impl AsciiView {
    fn text<'a>(&'a self, haystack: &'a str) -> &'a str {
        self.0.as_ref().map_or(haystack, |s| s.text.as_str())
    }

    fn original(&self, range: Range<usize>) -> Range<usize> {
        match &self.0 {
            Some(shadow) => shadow.original(range),
            None => range,
        }
    }
}

enum Engine<'p> {
    Program(&'p Program, AsciiView),
    /// With the shadow to search instead of a non-ASCII haystack, if there is one.
    Ascii(&'p meta::Regex, AsciiView),
    Unicode(&'p regex::Regex),
    Broken,
}

/// The matches of [`Pattern::find_iter`], as byte ranges of the haystack.
pub enum Matches<'p, 'h> {
    Ascii(meta::FindMatches<'p, 'h>),
    Shadowed(std::vec::IntoIter<Range<usize>>),
    Unicode(regex::Matches<'p, 'h>),
    None,
}

impl Iterator for Matches<'_, '_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        match self {
            Matches::Ascii(m) => m.next().map(|m| m.range()),
            Matches::Shadowed(m) => m.next(),
            Matches::Unicode(m) => m.next().map(|m| m.range()),
            Matches::None => None,
        }
    }
}

/// The capture groups of one match, as byte ranges; group 0 is the whole match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Groups(Vec<Option<Range<usize>>>);

impl Groups {
    fn of_program(c: backtrack::Captures, view: &AsciiView) -> Groups {
        let groups = c.into_groups().into_iter();
        Groups(groups.map(|g| g.map(|g| view.original(g))).collect())
    }

    fn of_automata(c: &regex_automata::util::captures::Captures, view: &AsciiView) -> Groups {
        let range = |s: regex_automata::Span| view.original(s.range());
        Groups(
            (0..c.group_len())
                .map(|i| c.get_group(i).map(range))
                .collect(),
        )
    }

    fn of_regex(c: &regex::Captures) -> Groups {
        Groups(c.iter().map(|m| m.map(|m| m.range())).collect())
    }

    pub fn get(&self, group: usize) -> Option<Range<usize>> {
        self.0.get(group).cloned().flatten()
    }
}

/// Whether `source` is a built-in pattern's: one that was translated when policy-lint was
/// built, as the starter rules' lexicons are (see `prebuilt`).
pub fn is_built_in(source: &str) -> bool {
    prebuilt::is_built_in(source)
}

/// Why `source` is not a valid regex, checked without compiling it. A source in the syntax the
/// backtracker covers is vouched for by one scan (`compile::plainly_valid`); any other is
/// parsed by regex-syntax. Parsing the syntax tree finds every error but two, which only translating it (slow: Unicode classes and case folding)
/// finds: an unknown Unicode class (`\p{…}`), and bytes that are not UTF-8 where Unicode mode is
/// turned off. Only patterns that could have those are translated.
pub fn syntax_error(source: &str) -> Option<String> {
    if compile::plainly_valid(source) {
        return None;
    }
    let reason = |e: &dyn std::fmt::Display| Some(last_line(&e.to_string()));
    if let Err(e) = regex_syntax::ast::parse::Parser::new().parse(source) {
        return reason(&e);
    }
    if (source.contains("\\p") || source.contains("\\P") || turns_unicode_off(source))
        && let Err(e) = regex_syntax::Parser::new().parse(source)
    {
        return reason(&e);
    }
    None
}

/// Whether `source`, a valid regex, can match without consuming a character (`x?`, `a|`,
/// `\b`): it is then found in any text.
pub fn matches_empty(source: &str) -> bool {
    // Most patterns name a word outside any group: translating each one at load was 0.7 M
    // instructions of every run of the starter rules.
    !has_mandatory_atom(source) && matches_empty_fully(source)
}

/// [`matches_empty`], by the program of `source`.
fn matches_empty_fully(source: &str) -> bool {
    match compile::translate(source) {
        Some((insts, _)) => backtrack::matches_empty(&insts),
        // Outside the translation's syntax (rare in rules): regex-syntax's own tree tells.
        None => (regex_syntax::Parser::new().parse(source))
            .is_ok_and(|hir| hir.properties().minimum_len() == Some(0)),
    }
}

/// Whether `source` (valid, ASCII) has an atom outside any group and alternation that every match
/// consumes: a letter, a class or an escape that consumes (`\s`, `\x27`, not `\b`), repeated
/// at least once. `false` when unsure.
fn has_mandatory_atom(source: &str) -> bool {
    let src = source.as_bytes();
    if !source.is_ascii() {
        return false;
    }
    // Where an atom starting at `at` ends, or None inside syntax this scan does not read.
    let (mut at, mut depth) = (0, 0usize);
    let mut found = false;
    while at < src.len() {
        let (end, consumes) = match src[at] {
            b'(' => {
                depth += 1;
                (at + 1, false)
            }
            b')' => {
                depth = depth.saturating_sub(1);
                (at + 1, false)
            }
            b'|' if depth == 0 => return false,
            b'\\' => match src.get(at + 1) {
                Some(b'b' | b'B' | b'A' | b'z' | b'<' | b'>') => (at + 2, false),
                Some(b'x') if src.get(at + 2) == Some(&b'{') => {
                    let close = src[at..].iter().position(|&b| b == b'}');
                    match close {
                        Some(c) => (at + c + 1, true),
                        None => return false,
                    }
                }
                Some(b'x') => (at + 4, true),
                Some(b'p' | b'P') => return false,
                Some(_) => (at + 2, true),
                None => return false,
            },
            b'[' => {
                // A class ends at the first `]` not first in it and not escaped.
                let mut k = at + 1;
                if src.get(k) == Some(&b'^') {
                    k += 1;
                }
                k += usize::from(src.get(k) == Some(&b']'));
                loop {
                    match src.get(k) {
                        Some(b']') => break,
                        Some(b'\\') => k += 2,
                        Some(b'[') => return false,
                        Some(_) => k += 1,
                        None => return false,
                    }
                }
                (k + 1, true)
            }
            // A repetition's bounds are no atoms.
            b'{' => match src[at..].iter().position(|&b| b == b'}') {
                Some(close) => (at + close + 1, false),
                None => return false,
            },
            b'^' | b'$' | b'?' | b'*' | b'+' | b'}' => (at + 1, false),
            b'.' => (at + 1, true),
            _ => (at + 1, true),
        };
        // The quantifier after it, if any: one that allows none makes it optional.
        let optional = match src.get(end) {
            Some(b'?' | b'*') => true,
            Some(b'{') => matches!(src.get(end + 1), Some(b'0' | b',')),
            _ => false,
        };
        found |= consumes && depth == 0 && !optional;
        at = end;
    }
    found
}

/// Whether a flag group of `source` clears `u` (`(?-u)`, `(?i-u:…)`).
fn turns_unicode_off(source: &str) -> bool {
    source.match_indices("(?").any(|(i, _)| {
        let flags = &source[i + 2..];
        let end = flags.find([':', ')']).unwrap_or(flags.len());
        flags[..end]
            .split_once('-')
            .is_some_and(|(_, off)| off.contains('u'))
    })
}

/// The last line of a regex error ("error: unclosed group"), without the pattern echo.
pub fn last_line(text: &str) -> String {
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .trim_start_matches("error: ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every match of `pattern` in `haystack`, by the Unicode build alone.
    fn unicode_matches(pattern: &str, haystack: &str) -> Vec<Range<usize>> {
        let re = regex::Regex::new(pattern).unwrap();
        re.find_iter(haystack).map(|m| m.range()).collect()
    }

    /// `pattern` finds in each haystack what its Unicode build would, without compiling that.
    fn assert_matches_unicode_without_compiling_it(source: &str, haystacks: &[&str]) {
        let pattern = Pattern::new(source);
        for h in haystacks {
            let found: Vec<_> = pattern.find_iter(h).collect();
            assert_eq!(found, unicode_matches(source, h), "{source} on {h:?}");
            assert!(pattern.unicode.get().is_none(), "{source} on {h:?}");
        }
    }

    #[test]
    fn ascii_haystacks_match_as_unicode_would() {
        let patterns = [
            r"(?i)\bto\s+(?:provide|improve)\b(?:\s+[\w\x27-]+){0,3}?\s+services?\b",
            r"(?i)\bwe\s+(?:also\s+)?use\b[^.;:]{1,100}?\bto\s+(?:[a-z]+)\b",
            r"\d+(?:[.,]\d+)*\s*%",
            r"(?i)\bPII\b|\bcookies?\b",
        ];
        let haystacks = [
            "We use cookies to provide our SERVICES and to improve the site's services.",
            "we also use IP addresses to estimate your location; 45.5 % of PII",
            "",
            "no match here",
        ];
        for p in patterns {
            for h in haystacks {
                assert!(h.is_ascii());
            }
            assert_matches_unicode_without_compiling_it(p, &haystacks);
        }
    }

    #[test]
    fn non_ascii_haystacks_use_unicode_classes_and_case_folding() {
        let pattern = Pattern::new(r"(?i)\bto\s+provide\s+[\w-]+\s+services\b");
        assert!(pattern.is_match("to provide Pokémon services"));
        let accented = Pattern::new(r"(?i)\bdonnées\b");
        assert!(accented.is_match("VOS DONNÉES"));
        // The Kelvin sign case-folds to `k`, even on ASCII text.
        assert!(Pattern::new("(?i)\u{212A}ey").is_match("key"));
        assert!(Pattern::new("(?i)mi\u{17F}use").is_match("MISUSE"));
        let money = Pattern::new(r"(?:\$|€|£)\s?\d+");
        assert_eq!(money.find("costs £ 5 or $6"), Some(6..10));
        assert_eq!(money.find("costs $6"), Some(6..8));
    }

    proptest::proptest! {
        /// A shadow has one byte for each character, and maps each back to where it stands.
        #[test]
        fn a_shadow_maps_each_character_back(text in "[a-z .\u{e9}\u{2019}\u{2022}\u{1F600}]{0,40}") {
            let shadow = Shadow::of(&text);
            proptest::prop_assert!(shadow.is_some());
            let Some(shadow) = shadow else { return Ok(()) };
            let shadow_text = shadow.text.as_str();
            let starts: Vec<usize> = text.char_indices().map(|(at, _)| at).chain([text.len()]).collect();
            proptest::prop_assert_eq!(shadow_text.len(), starts.len() - 1);
            proptest::prop_assert!(shadow_text.is_ascii());
            for (i, &at) in starts.iter().enumerate() {
                proptest::prop_assert_eq!(shadow.original(i..i), at..at);
            }
            let (shadow_chars, text_chars) = (shadow_text.chars(), text.chars());
            for (s, t) in shadow_chars.zip(text_chars) {
                let expected = if t.is_ascii() { t } else if t == '\u{e9}' { '_' } else { '\x01' };
                proptest::prop_assert_eq!(s, expected);
            }
        }
    }

    #[test]
    fn a_shadow_made_again_is_of_the_text_searched_now() {
        // Same length, the same non-ASCII character: only the words tell them apart.
        let (a, b) = ("we sell \u{2019}data", "we keep \u{2019}data");
        let sell = Pattern::new(r"\bsell\b");
        assert_eq!(sell.find(a), Some(3..7));
        assert_eq!(sell.find(b), None);
        assert_eq!(sell.find(a), Some(3..7));
        let (shadow_a, shadow_b) = (shadow_of(a), shadow_of(b));
        assert_eq!(
            shadow_a.map(|s| s.text.clone()).as_deref(),
            Some("we sell \x01data")
        );
        assert_eq!(
            shadow_b.map(|s| s.text.clone()).as_deref(),
            Some("we keep \x01data")
        );
        // A text without a shadow (a digit beyond ASCII) is remembered as having none.
        assert!(shadow_of("\u{663} days").is_none());
        assert!(shadow_of("\u{663} days").is_none());
    }

    #[test]
    fn shadows_match_as_unicode_would() {
        let patterns = [
            r"(?i)\bto\s+(?:provide|improve)\b(?:\s+[\w\x27-]+){0,3}?\s+services?\b",
            r"(?i)\bwe\s+(?:also\s+)?use\b[^.;:]{1,10}?\bto\s+(?:[a-z]+)\b",
            r"(?i)\bcaf\w*\b|\W{2}|\bk\w+",
            r"\w+",
            r".{3}\b",
        ];
        let haystacks = [
            "We use • cookies to provide our café services",
            "we also use ﬁles — to estimate your location",
            "Русский язык, Café, naïve 😀 résumé",
            "keys © 2024 ™ and kelvin",
        ];
        for p in patterns {
            assert!(shadow_safe(p), "{p}");
            for h in haystacks {
                assert!(!h.is_ascii() && Shadow::of(h).is_some(), "{h}");
            }
            assert_matches_unicode_without_compiling_it(p, &haystacks);
        }
    }

    #[test]
    fn what_a_shadow_cannot_stand_for_goes_to_unicode() {
        // ASCII-only classes (`(?-u:\w)`) tell a stand-in `_` from the letter it stands for.
        for (source, h) in [(r"(?-u:\w)+", "\u{e9}"), (r"(?-u:\b)x", "\u{e9}x")] {
            let found = Pattern::new(source).find(h);
            assert_eq!(
                found,
                regex::Regex::new(source)
                    .unwrap()
                    .find(h)
                    .map(|m| m.range())
            );
        }
        // Non-ASCII digits and spaces, and the Kelvin sign that `(?i)k` matches.
        for h in ["٣ days", "a\u{2003}b", "\u{212A}ey"] {
            assert!(Shadow::of(h).is_none(), "{h}");
        }
        let p = Pattern::new(r"(?i)\d\s\w|\bkey");
        let h = "١ days, \u{212A}ey";
        assert_eq!(p.find_iter(h).collect::<Vec<_>>(), [0..4, 9..14]);
        assert_eq!(unicode_matches(p.source(), h), [0..4, 9..14]);
        // Patterns that could tell the stand-ins from the characters.
        for source in [
            r"\w_",
            r"[[:punct:]]",
            r"[\x00-\x1F]",
            r"\x{1}",
            r"\u{1F600}",
            "é",
        ] {
            assert!(!shadow_safe(source), "{source}");
            let pattern = Pattern::new(source);
            let h = "a_é😀\u{1}.";
            assert_eq!(
                pattern.find_iter(h).collect::<Vec<_>>(),
                unicode_matches(source, h)
            );
        }
        assert!(shadow_safe(r"[\w\x27-]+\x{20}"));
    }

    #[test]
    fn unicode_only_syntax_falls_back_to_unicode() {
        let letters = Pattern::new(r"\p{Lu}\w+");
        assert!(letters.check().is_ok());
        assert_eq!(letters.find("say Hello"), Some(4..9));
    }

    #[test]
    fn captures_name_their_groups() {
        let p = Pattern::new(r"(?i)\b(may|will)\b(\s+\d)?");
        let groups = p.captures_iter("We may, and will 3 times.");
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].get(1), Some(3..6));
        assert_eq!(groups[0].get(2), None);
        assert_eq!(groups[1].get(2), Some(16..18));
        let accented = p.captures("Café: we MAY").unwrap();
        assert_eq!(accented.get(1), Some(10..13));
    }

    #[test]
    fn the_first_captures_are_the_first_of_all_on_every_engine() {
        let texts = [
            "We may, and will 3 times.",
            "Nothing to see.",
            "Café: we MAY 2",
            "\u{663} will \u{663}",
        ];
        let first_of_all = |p: &Pattern| {
            for t in texts {
                assert_eq!(p.captures(t), p.captures_iter(t).into_iter().next(), "{t}");
            }
        };
        let p = Pattern::new(r"(?i)\b(may|will)\b(\s+\d)?");
        first_of_all(&p);
        // Past this, ASCII text goes to the compiled automata.
        p.captures_iter(&" ".repeat(PATTERN_AUTOMATA_AFTER_BYTES));
        assert!(p.searched.load(Ordering::Relaxed) >= PATTERN_AUTOMATA_AFTER_BYTES);
        first_of_all(&p);
        assert_eq!(p.captures(texts[0]).and_then(|c| c.get(1)), Some(3..6));
        first_of_all(&Pattern::new(r"(\p{Lu})\w+"));
    }

    #[test]
    fn patterns_that_can_match_empty_text() {
        // Translated for the backtracker, and (non-ASCII, a Unicode class) read by regex-syntax.
        for empty in [
            "",
            "x?",
            "a|",
            "(?:b|)",
            "\\b",
            "^",
            "(?i)(?:data)*",
            "é?",
            "\\p{Lu}*",
        ] {
            assert!(matches_empty(empty), "{empty}");
        }
        for not_empty in [
            "x",
            "ads?",
            "\\bdo\\s+not\\b",
            "(a|b)+",
            "x{1,3}",
            "é",
            "\\p{Lu}+",
        ] {
            assert!(!matches_empty(not_empty), "{not_empty}");
        }
        // The shortcut says "an atom every match consumes" only where the program finds no
        // empty match: every pattern of the starter rules, and the syntax's corners.
        let starter = crate::config::STARTER;
        let patterns = (starter.lines())
            .filter_map(|l| l.trim().strip_prefix('\'')?.strip_suffix("',"))
            .chain([
                "a?b", "[ab]*c?", "(?:x)", "\\b", "a{0,2}", "[]a]", "\\x{27}?", "(a)b", "a|b",
                "[^]]x?", "\\.?", "x+?",
            ]);
        let mut shortcut = 0;
        for source in patterns {
            if has_mandatory_atom(source) {
                shortcut += 1;
                assert!(!matches_empty_fully(source), "{source}");
            }
        }
        assert!(shortcut > 20, "{shortcut}");
        let sell = "\\bwe\\s+(?:[\\w\\x27]+\\s+){0,3}?(?:sell|rent)\\b";
        assert!(has_mandatory_atom(sell));
        for unsure in ["a?", "(?:ab)", "a|b", "\\b", "[x]*", "\\x{27}{0,1}"] {
            assert!(!has_mandatory_atom(unsure), "{unsure}");
        }
    }

    #[test]
    fn syntax_is_checked_without_compiling() {
        assert_eq!(syntax_error(r"(?i)\bto\s+[\w-]+[^.;:]{1,10}"), None);
        assert!(syntax_error(r"a{2,1}").unwrap().contains("invalid"));
        assert_eq!(syntax_error(r"\p{Greek}+"), None);
        assert!(
            syntax_error(r"\p{Klingon}")
                .unwrap()
                .contains("Unicode property not found")
        );
        assert!(
            syntax_error("(unclosed")
                .unwrap()
                .contains("unclosed group")
        );
        // Valid as ASCII, but matches bytes that are not UTF-8.
        assert!(syntax_error(r"(?i-u:\xFF)").is_some());
        assert!(turns_unicode_off("a(?s-u)b"));
        assert!(!turns_unicode_off("(?iu)a(?-s:b)"));
    }

    #[test]
    fn a_set_finds_every_match_of_each_pattern_overlaps_included() {
        let sources = [
            r"(?i)\badvertis\w*",
            r"(?i)\bpartners?\b",
            r"\bnever\b",
            // Unbounded in the compiled set: it is a candidate where the gap is too long.
            r"\bwe\b[^.]{1,20}\bsell\b",
            r"(?i)\bdonnées\b",
        ];
        let haystacks = [
            "Advertising partners advertise to partners",
            "never, n\u{e9}ver, never",
            "nothing here",
            "vos DONNÉES, partner",
            "we never sell",
            "we do not, under any circumstances, sell",
        ];
        let expected = |sources: &[&str], h: &str| -> Vec<(usize, Vec<Range<usize>>)> {
            (sources.iter().enumerate())
                .map(|(i, s)| {
                    let re = regex::Regex::new(s).unwrap();
                    (i, re.find_iter(h).map(|m| m.range()).collect::<Vec<_>>())
                })
                .filter(|(_, m)| !m.is_empty())
                .collect()
        };
        // All ASCII (programs, then the compiled set), and one pattern without a program.
        for sources in [&sources[..4], &sources[..]] {
            let set = PatternSet::new(sources.iter().map(|s| s.to_string()).collect());
            for compiled in [false, true] {
                for h in haystacks {
                    assert_eq!(set.all_matches(h), expected(sources, h), "{h:?} {compiled}");
                }
                set.all_matches(&" ".repeat(SET_AUTOMATA_AFTER_BYTES));
            }
        }
    }

    #[test]
    fn a_compiled_set_loosens_only_large_counted_repetitions() {
        let hir = |source| ascii_parser().parse(source).unwrap();
        for (source, loose) in [
            (r"we[^.;:]{1,100}?to", r"we[^.;:]+?to"),
            (r"(?:a(b{0,16}))", r"(?:a(b*))"),
            (r"x|y{2,40}", r"x|y{2,}"),
        ] {
            assert_eq!(loosened(&hir(source)), hir(loose), "{source}");
        }
        for kept in [r"a{0,15}b", r"a{30}", r"(?i)a{20,}|\bb"] {
            assert_eq!(loosened(&hir(kept)), hir(kept), "{kept}");
        }
    }

    #[test]
    fn a_set_finds_where_each_pattern_first_matches() {
        let sources = [
            r"(?i)\b(?:show|serve)\w*\s+(?:[\w-]+\s+){0,3}?ads?\b",
            r"(?i)\bthird[\s-]+part(?:y|ies)\b",
            r"(?i)\bcookies?\b|\bpixels?\b",
            r"\d+\s+days?",
            r"\b|x",
        ];
        // The last is longer than the programs' visited sets hold at once.
        let long = format!("{} cookies for 30 days", "x ".repeat(1 << 16));
        let haystacks = [
            "We and third-parties show you tailored ads for 30 days; Third Parties serve ads.",
            "Pixels, cookies and more cookies — kept 90 days by a third party.",
            "",
            "nothing",
            long.as_str(),
        ];
        let set = PatternSet::new(sources.iter().map(|s| s.to_string()).collect());
        // Before and after the set has searched enough to compile.
        for compiled in [false, true] {
            for h in haystacks {
                let expected: Vec<(usize, Range<usize>)> = (0..sources.len())
                    .filter_map(|i| Some((i, regex::Regex::new(sources[i]).ok()?.find(h)?.range())))
                    .collect();
                assert_eq!(set.first_matches(h), expected, "{compiled}");
                assert_eq!(set.first_match(h), expected.first().cloned(), "{compiled}");
            }
            set.first_matches(&" ".repeat(FIRST_MATCHES_AUTOMATA_AFTER_BYTES));
        }
    }

    #[test]
    fn size_limits_and_syntax_errors_are_reported_not_panicked() {
        let huge = Pattern::with_limits(r"\w{1000}", 1 << 10, 1 << 20);
        let e = huge.check().unwrap_err();
        assert!(e.contains("size limit"), "{e}");
        assert!(!huge.is_match("abc"));
        assert!(Pattern::new("(unclosed").check().is_err());
        assert_eq!(Pattern::new("(unclosed").find_iter("x").count(), 0);
    }
}
