//! The pieces every match of a pattern holds: what a set's prebuilt DFA looks for.
//!
//! A DFA that follows every pattern of a set at once is quick to search (one table lookup a
//! byte) but can be too large to build: where patterns skip words (`to\s+(?:\w+\s+){0,3}?ads`,
//! `disclos\w*`), it needs a state for each combination of the places the patterns may be in,
//! and the built-in vocabulary's would take gigabytes. Cut at those skips, the patterns are
//! runs of words and spaces, whose DFA holds about as many states as they have letters.
//!
//! So each pattern is split into *ways*, one for each branch of an alternation that skips
//! words, and each way into *segments*: the stretches between skips. Every match of the
//! pattern holds, for one of its ways, a match of each of that way's segments, in the same
//! place (their look-arounds see the same text). The DFA finds which segments occur in a
//! sentence; the patterns with a way whose segments all occur are searched alone, exactly.
//!
//! Compiled into build.rs, which builds the DFAs, and into the crate for its tests.

use regex_syntax::hir::{
    Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition,
};

/// Ways past this many in one pattern are not told apart: the part that would multiply them
/// is cut out as a skip (what is left still occurs in every match).
const MAX_WAYS: usize = 64;

/// The ways `hir` can match, each as the segments a match of it holds in order. A way with no
/// segments means any text may hold a match.
pub fn ways(hir: &Hir) -> Vec<Vec<Hir>> {
    (split(hir).into_iter())
        .map(|way| (way.into_iter()).map(Hir::concat).filter(tells).collect())
        .collect()
}

/// Whether a segment tells texts apart: not one that matches the empty string, nor a single
/// character of a class (`\s+` between two skips), which nearly every text holds (and at each
/// place it does, the search stops to note it).
fn tells(segment: &Hir) -> bool {
    match segment.properties().minimum_len() {
        Some(0) => false,
        Some(1) => matches!(segment.kind(), HirKind::Literal(_)),
        _ => true,
    }
}

/// A segment under construction: the pieces it concatenates.
type Pieces = Vec<Hir>;

/// The ways of `hir`, each a list of segments (the first and last may be empty).
fn split(hir: &Hir) -> Vec<Vec<Pieces>> {
    if !skips(hir) {
        return vec![vec![vec![hir.clone()]]];
    }
    match hir.kind() {
        HirKind::Capture(capture) => split(&capture.sub),
        HirKind::Alternation(branches) => {
            let ways: Vec<Vec<Pieces>> = branches.iter().flat_map(split).collect();
            match ways.len() <= MAX_WAYS {
                true => ways,
                false => skip(),
            }
        }
        HirKind::Concat(parts) => {
            let mut ways: Vec<Vec<Pieces>> = vec![vec![Vec::new()]];
            for part in parts {
                let mut of_part = split(part);
                if ways.len() * of_part.len() > MAX_WAYS {
                    of_part = skip();
                }
                ways = (ways.iter())
                    .flat_map(|way| of_part.iter().map(move |then| joined(way, then)))
                    .collect();
            }
            ways
        }
        // A repetition that skips words, or an optional or repeated part that does.
        _ => skip(),
    }
}

/// A skip: one way, an empty segment ended and another begun.
fn skip() -> Vec<Vec<Pieces>> {
    vec![vec![Vec::new(), Vec::new()]]
}

/// `way` followed by `then`: the last segment of one runs on into the first of the other.
fn joined(way: &[Pieces], then: &[Pieces]) -> Vec<Pieces> {
    let mut out = way.to_vec();
    let mut then = then.iter();
    if let (Some(last), Some(first)) = (out.last_mut(), then.next()) {
        last.extend(first.iter().cloned());
    }
    out.extend(then.cloned());
    out
}

/// Whether `hir` holds a repetition that can run across words.
fn skips(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Repetition(repetition) => is_skip(repetition) || skips(&repetition.sub),
        HirKind::Capture(capture) => skips(&capture.sub),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => parts.iter().any(skips),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => false,
    }
}

/// A repetition past once of anything but a literal, a class without word characters or a
/// short run of a class: `\w*`, `(?:\w+\s+){0,3}`, `[^.;:]{1,100}` (but not `\s+`, `[\s-]+`,
/// `\d{3}`, or `l+` where case matters: under `(?i)` it is a class of two letters).
fn is_skip(repetition: &Repetition) -> bool {
    if repetition.max.is_some_and(|max| max <= 1) {
        return false;
    }
    match repetition.sub.kind() {
        HirKind::Literal(_) => false,
        HirKind::Class(class) => {
            has_word_character(class) && repetition.max.is_none_or(|max| max > SHORT_RUN)
        }
        _ => true,
    }
}

/// The longest counted run of a class kept in a segment: as many states, at most, for each
/// place a pattern may be in.
const SHORT_RUN: u32 = 8;

fn has_word_character(class: &Class) -> bool {
    let word = |lo: u32, hi: u32| {
        [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')]
            .iter()
            .any(|&(a, b)| lo <= b as u32 && a as u32 <= hi)
    };
    match class {
        Class::Bytes(bytes) => {
            (bytes.ranges().iter()).any(|r| word(r.start().into(), r.end().into()))
        }
        Class::Unicode(chars) => {
            (chars.ranges().iter()).any(|r| word(r.start().into(), r.end().into()))
        }
    }
}

/// `segment` as it reads text whose ASCII letters are all in lower case: each letter it names,
/// in lower case only. It matches the lower-cased text wherever `segment` matches the text (in
/// the same place), and only there if `segment` ignores case (each letter it names, in a
/// class of both cases, as `(?i)` makes it): whether it does is the second. A DFA of such
/// segments has no capitals in its alphabet.
pub fn lower_case(segment: &Hir) -> (Hir, bool) {
    let mut exact = true;
    let lowered = lower(segment, &mut exact);
    (lowered, exact)
}

/// `hir` in lower case; `exact` cleared if it did not ignore case.
fn lower(hir: &Hir, exact: &mut bool) -> Hir {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => hir.clone(),
        HirKind::Literal(literal) => {
            // `(?i)` makes a class of a letter: a literal one is one case only.
            *exact &= !literal.0.iter().any(u8::is_ascii_alphabetic);
            Hir::literal(literal.0.to_ascii_lowercase())
        }
        HirKind::Class(class) => Hir::class(lower_class(class, exact)),
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            sub: Box::new(lower(&repetition.sub, exact)),
            ..repetition.clone()
        }),
        HirKind::Capture(capture) => Hir::capture(regex_syntax::hir::Capture {
            sub: Box::new(lower(&capture.sub, exact)),
            ..capture.clone()
        }),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(|p| lower(p, exact)).collect()),
        HirKind::Alternation(branches) => {
            Hir::alternation(branches.iter().map(|b| lower(b, exact)).collect())
        }
    }
}

/// `class` with each capital it holds as its small letter.
fn lower_class(class: &Class, exact: &mut bool) -> Class {
    const CAPITALS: (u8, u8) = (b'A', b'Z');
    let holds = |b: u8| match class {
        Class::Bytes(bytes) => (bytes.ranges().iter()).any(|r| (r.start()..=r.end()).contains(&b)),
        Class::Unicode(chars) => {
            let c = char::from(b);
            (chars.ranges().iter()).any(|r| (r.start()..=r.end()).contains(&c))
        }
    };
    *exact &= (b'a'..=b'z').all(|b| holds(b) == holds(b.to_ascii_uppercase()));
    let capitals = (CAPITALS.0..=CAPITALS.1).filter(|&b| holds(b));
    match class {
        Class::Bytes(bytes) => {
            let mut lower = bytes.clone();
            lower.difference(&ClassBytes::new([ClassBytesRange::new(
                CAPITALS.0, CAPITALS.1,
            )]));
            lower.union(&ClassBytes::new(capitals.map(|b| {
                let small = b.to_ascii_lowercase();
                ClassBytesRange::new(small, small)
            })));
            Class::Bytes(lower)
        }
        Class::Unicode(chars) => {
            let (from, to) = (char::from(CAPITALS.0), char::from(CAPITALS.1));
            let mut lower = chars.clone();
            lower.difference(&ClassUnicode::new([ClassUnicodeRange::new(from, to)]));
            lower.union(&ClassUnicode::new(capitals.map(|b| {
                let small = char::from(b.to_ascii_lowercase());
                ClassUnicodeRange::new(small, small)
            })));
            Class::Unicode(lower)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Hir {
        super::super::ascii_parser().parse(source).unwrap()
    }

    /// Each way as its segments' sources, against the expected patterns parsed the same way.
    fn assert_ways(source: &str, expected: &[&[&str]]) {
        let expected: Vec<Vec<Hir>> = (expected.iter())
            .map(|way| way.iter().map(|s| parse(s)).collect())
            .collect();
        assert_eq!(ways(&parse(source)), expected, "{source}");
    }

    #[test]
    fn a_pattern_without_skips_is_one_segment() {
        assert_ways(
            r"(?i)\b(?:credit|debit)\s+cards?\b",
            &[&[r"(?i)\b(?:credit|debit)\s+cards?\b"]],
        );
        assert_ways(
            r"[\s-]+xy|l+m|(?:of\s+)?yz",
            &[&[r"[\s-]+xy|l+m|(?:of\s+)?yz"]],
        );
        assert_ways(
            r"\(?\d{3}\)?[\s.-]\d{1,8}",
            &[&[r"\(?\d{3}\)?[\s.-]\d{1,8}"]],
        );
    }

    #[test]
    fn skips_cut_segments_and_branches_with_them_are_ways() {
        assert_ways(
            r"\b(?:to\s+(?:\w+\s+){0,3}?ads|cookies?)\b",
            &[&[r"\bto\s+", r"ads\b"], &[r"\bcookies?\b"]],
        );
        assert_ways(r"\bdisclos\w*\b", &[&[r"\bdisclos"]]);
        assert_ways(r"a[^.;:]{1,100}b", &[&["a", "b"]]);
        assert_ways(r"a\d{1,9}b", &[&["a", "b"]]);
        // An optional part that skips is a skip itself.
        assert_ways(r"ab(?:c\w+)?de", &[&["ab", "de"]]);
    }

    #[test]
    fn ways_multiply_through_a_concatenation_up_to_a_bound() {
        assert_ways(
            r"(?:a\w*|b)-(?:c|d\w*)",
            &[&["a", "-c"], &["a", "-d"], &["b-c"], &["b-d"]],
        );
        let branches = |n: usize| {
            let each: Vec<String> = (0..n).map(|i| format!(r"x{i}\w+")).collect();
            format!("(?:{})", each.join("|"))
        };
        assert_eq!(ways(&parse(&branches(MAX_WAYS))).len(), MAX_WAYS);
        // Past the bound, the part is cut out: its neighbours remain.
        let too_many = format!(r"q{}z|r\w*", branches(MAX_WAYS + 1));
        assert_ways(&too_many, &[&["q", "z"], &["r"]]);
    }

    #[test]
    fn a_segment_in_lower_case_reads_lower_cased_text_exactly_where_it_ignores_case() {
        let lowered = |source: &str| lower_case(&parse(source));
        // `(?i)` letters lose their capitals; classes that hold both cases (`\w`) or none
        // (`\d`, a negated `(?i)` class) keep the rest.
        assert_eq!(
            lowered(r"(?i)\bcredit\s+cards?\b"),
            (parse(r"\bcredit\s+cards?\b"), true)
        );
        assert_eq!(
            lowered(r"(?i)[^x]\w+@\d"),
            (parse(r"[^xX\x41-\x5A][\w&&[^A-Z]]+@\d"), true)
        );
        // A letter in one case only: read in lower case, it is found in either, which is
        // then not exact.
        for (odd, loose) in [
            (r"Google", r"google"),
            (r"(?i)ab|c(?-i:D)", r"ab|cd"),
            (r"[a-z]+", r"[a-z]+"),
            (r"[A-F]-", r"[a-f]-"),
            (r"(?i)x(?-i:[^a])", r"x[^A-Z]"),
        ] {
            assert_eq!(lowered(odd), (parse(loose), false), "{odd}");
        }
    }

    #[test]
    fn a_way_of_nothing_but_skips_has_no_segments() {
        assert_ways(r"\w+\b", &[&[]]);
        // Nor of segments that nearly every text holds; a one-byte literal is kept.
        assert_ways(r"\w+\s+\w+[-.]?\w+", &[&[]]);
        assert_ways(r"\w+@\w+", &[&["@"]]);
    }
}
