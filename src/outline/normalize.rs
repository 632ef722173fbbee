//! Normalisation of policy text, with a map back to the original bytes.
//!
//! Everything policy-lint compares is normalised text: Unicode NFC, typographic quotes, dashes and
//! spaces folded, zero-width characters and BOMs dropped, every run of white space (line breaks
//! included) one space, and none before `,` `;` `:` `!` `?` `)` ("Wish Lists , or" reads
//! "Wish Lists, or"). Each normalised offset still maps to a byte offset in the original file,
//! so a finding on normalised text points at the line and column a person sees in their editor.

use std::ops::Range;

use tinyvec::TinyVec;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

use crate::pattern::eight_bytes::{HIGH, ONES};

/// Normalises a string on its own (no offsets kept). Idempotent.
pub fn normalize(text: &str) -> String {
    let mut builder = MappedTextBuilder::default();
    builder.push_source(text, 0);
    builder.finish().text
}

/// What one character becomes in normalised text.
enum Fold {
    Keep,
    Drop,
    Space,
    Char(char),
    Str(&'static str),
}

fn fold(c: char) -> Fold {
    match c {
        // Zero-width characters, BOM, soft hyphen, word joiner: invisible to a reader.
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => Fold::Drop,
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => {
            Fold::Char('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => Fold::Char('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => Fold::Char('-'),
        '\u{2026}' => Fold::Str("..."),
        c if c.is_whitespace() => Fold::Space,
        // Other control characters (e.g. form feed remnants) read as nothing.
        c if c.is_control() => Fold::Drop,
        _ => Fold::Keep,
    }
}

/// Whether white space just before `next` is dropped: punctuation that closes up to the word
/// before it. (Not `.`, which opens ".NET" and "... and more" too.)
pub fn closes_up(next: u8) -> bool {
    matches!(next, b',' | b';' | b':' | b'!' | b'?' | b')')
}

/// Whether eight bytes are all kept as they are, as the byte-by-byte rule of
/// [`MappedTextBuilder::push_source`] would find: graphic ASCII, and spaces each between two
/// graphic characters (`space_may_open`: the byte before the chunk is one that a space may
/// follow). Checked a word at a time: most of a policy is such runs.
fn kept_as_is(chunk: &[u8], space_may_open: bool) -> bool {
    const LOW7: u64 = u64::from_le_bytes([0x7F; 8]);
    let Ok(bytes) = <[u8; 8]>::try_from(chunk) else {
        return false;
    };
    let x = u64::from_le_bytes(bytes);
    let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
    let above_tilde = (x.wrapping_add(ONES) | x) & HIGH;
    if below_space | above_tilde != 0 {
        return false;
    }
    // The high bit of each byte that is a space.
    let y = x ^ (ONES * 0x20);
    let spaces = !(((y & LOW7).wrapping_add(LOW7)) | y | LOW7);
    let doubled = spaces & (spaces >> 8);
    let opens = spaces & 0x80 != 0;
    let closes = spaces >> 56 != 0;
    if doubled != 0 || closes || (opens && !space_may_open) {
        return false;
    }
    // A space before punctuation that closes up goes: not kept as it is.
    let mut each = spaces;
    while each != 0 {
        let k = (each.trailing_zeros() / 8) as usize;
        if chunk.get(k + 1).copied().is_some_and(closes_up) {
            return false;
        }
        each &= each - 1;
    }
    true
}

/// A stretch of normalised text and where it came from.
#[derive(Debug, Clone, Copy, Default)]
struct Anchor {
    /// Offset in the normalised text.
    norm: usize,
    /// Offset in the original file.
    orig: usize,
    /// `None`: an identity run (normalised bytes are the original bytes). `Some(n)`: one
    /// replaced unit that stands for `n` original bytes.
    replaced_len: Option<usize>,
}

/// Normalised text plus the map from its byte offsets to original byte offsets.
#[derive(Debug, Clone, Default)]
pub struct MappedText {
    pub text: String,
    /// Most blocks map with one anchor (a paragraph of plain text): kept inline, a policy of
    /// 20,000 short sections allocated 40,000 one-anchor lists per version.
    anchors: TinyVec<[Anchor; 1]>,
}

impl MappedText {
    fn anchor_at_or_before(&self, norm: usize) -> Option<&Anchor> {
        let i = self.anchors.partition_point(|a| a.norm <= norm);
        i.checked_sub(1).map(|i| &self.anchors[i])
    }

    fn anchor_before(&self, norm: usize) -> Option<&Anchor> {
        let i = self.anchors.partition_point(|a| a.norm < norm);
        i.checked_sub(1).map(|i| &self.anchors[i])
    }

    /// Original offset of the character that starts at normalised offset `norm`.
    pub fn original_start(&self, norm: usize) -> usize {
        match self.anchor_at_or_before(norm) {
            Some(a) if a.replaced_len.is_none() => a.orig + (norm - a.norm),
            Some(a) => a.orig,
            None => 0,
        }
    }

    /// Original offset just past the character that ends at normalised offset `norm`.
    pub fn original_end(&self, norm: usize) -> usize {
        match self.anchor_before(norm) {
            Some(a) => match a.replaced_len {
                None => a.orig + (norm - a.norm),
                Some(len) => a.orig + len,
            },
            None => 0,
        }
    }

    /// The part of the text in `range` (trimmed of spaces), still mapped to the original.
    pub fn slice(&self, range: Range<usize>) -> MappedText {
        let piece = &self.text[range.clone()];
        let start = range.start + (piece.len() - piece.trim_start().len());
        let end = (range.end - (piece.len() - piece.trim_end().len())).max(start);
        let first = self
            .anchors
            .partition_point(|a| a.norm <= start)
            .saturating_sub(1);
        let mut anchors = TinyVec::new();
        for a in &self.anchors[first..] {
            if a.norm >= end {
                break;
            }
            anchors.push(if a.norm < start {
                Anchor {
                    norm: 0,
                    orig: match a.replaced_len {
                        None => a.orig + (start - a.norm),
                        Some(_) => a.orig,
                    },
                    replaced_len: a.replaced_len,
                }
            } else {
                Anchor {
                    norm: a.norm - start,
                    ..*a
                }
            });
        }
        MappedText {
            text: self.text[start..end].to_string(),
            anchors,
        }
    }

    /// Original byte range of a normalised range.
    pub fn original_range(&self, norm: Range<usize>) -> Range<usize> {
        let start = self.original_start(norm.start);
        let end = self.original_end(norm.end).max(start);
        start..end
    }
}

/// Builds a [`MappedText`] from pieces of the original file, normalising as it goes.
#[derive(Debug, Default)]
pub struct MappedTextBuilder {
    out: MappedText,
    /// Original range of white space seen since the last character, to become one space.
    pending_space: Option<Range<usize>>,
}

impl MappedTextBuilder {
    pub fn is_empty(&self) -> bool {
        self.out.text.is_empty()
    }

    /// The normalised text so far.
    pub fn text(&self) -> &str {
        &self.out.text
    }

    /// Pushes a slice of the original file that starts at byte `orig`.
    pub fn push_source(&mut self, piece: &str, orig: usize) {
        // Characters that stay as they are go out in runs: per-character work would dominate
        // the cost of parsing a policy.
        self.out.text.reserve(piece.len());
        let mut run = 0;
        let mut i = 0;
        while i < piece.len() {
            if let Some(chunk) = piece.as_bytes().get(i..i + 8)
                && kept_as_is(chunk, i > run && piece.as_bytes()[i - 1] != b' ')
            {
                i += 8;
                continue;
            }
            let b = piece.as_bytes()[i];
            // A lone space between two kept characters is its own normal form (unless the
            // second closes up to the first).
            let lone_space = b == b' '
                && i > run
                && piece.as_bytes()[i - 1] != b' '
                && piece
                    .as_bytes()
                    .get(i + 1)
                    .is_some_and(|&n| n.is_ascii_graphic() && !closes_up(n));
            if b.is_ascii_graphic() || lone_space {
                i += 1;
                continue;
            }
            let Some(c) = piece[i..].chars().next() else {
                break;
            };
            // A character and the combining marks after it, which NFC may compose.
            let mut end = i + c.len_utf8();
            while let Some(m) = piece[end..].chars().next()
                && !m.is_ascii()
                && canonical_combining_class(m) != 0
            {
                end += m.len_utf8();
            }
            let mut start = i;
            if !c.is_ascii()
                && canonical_combining_class(c) != 0
                && let Some(base) = piece[run..i].chars().next_back()
            {
                // A mark after a character of the run: the two compose.
                start = i - base.len_utf8();
            }
            if start == i && end == i + c.len_utf8() && matches!(fold(c), Fold::Keep) {
                i = end;
                continue;
            }
            self.push_identity(&piece[run..start], orig + run);
            let group = &piece[start..end];
            if start == i && end == i + c.len_utf8() {
                self.push_char(c, orig + i, c.len_utf8());
            } else {
                let composed: String = group.nfc().collect();
                self.push_replacement(&composed, orig + start..orig + end);
            }
            i = end;
            run = end;
        }
        self.push_identity(&piece[run..], orig + run);
    }

    /// Pushes original text that normalisation leaves as it is.
    fn push_identity(&mut self, piece: &str, orig: usize) {
        if !piece.is_empty() {
            self.emit(piece, orig..orig + piece.len(), true);
        }
    }

    /// Pushes text that stands for the original range `orig` as a whole (a decoded entity, a
    /// composed character), normalising it.
    pub fn push_replacement(&mut self, text: &str, orig: Range<usize>) {
        for c in text.chars() {
            match fold(c) {
                Fold::Drop => {}
                Fold::Space => self.push_space(orig.clone()),
                Fold::Keep => self.emit(c.encode_utf8(&mut [0; 4]), orig.clone(), false),
                Fold::Char(r) => self.emit(r.encode_utf8(&mut [0; 4]), orig.clone(), false),
                Fold::Str(s) => self.emit(s, orig.clone(), false),
            }
        }
    }

    /// Pushes text that stands for no source bytes (" | " between table cells); it brings its
    /// own spacing, so white space just before it is dropped.
    pub fn push_synthetic(&mut self, text: &str, orig: usize) {
        self.pending_space = None;
        self.push_replacement(text, orig..orig);
    }

    /// Marks a break between pieces (a line break, a `<br>`, a table cell boundary): white space.
    pub fn push_space(&mut self, orig: Range<usize>) {
        self.pending_space = Some(match self.pending_space.take() {
            Some(p) => p.start..orig.end.max(p.end),
            None => orig,
        });
    }

    fn push_char(&mut self, c: char, orig: usize, len: usize) {
        match fold(c) {
            Fold::Keep => {
                let mut buf = [0; 4];
                self.emit(c.encode_utf8(&mut buf), orig..orig + len, true)
            }
            Fold::Drop => {}
            Fold::Space => self.push_space(orig..orig + len),
            Fold::Char(r) => self.emit(r.encode_utf8(&mut [0; 4]), orig..orig + len, false),
            Fold::Str(s) => self.emit(s, orig..orig + len, false),
        }
    }

    fn emit(&mut self, s: &str, orig: Range<usize>, identity: bool) {
        if let Some(space) = self.pending_space.take()
            && !self.out.text.is_empty()
            && !s.bytes().next().is_some_and(closes_up)
        {
            let single = space.len() == 1;
            self.record(" ", space, single);
        }
        self.record(s, orig, identity);
    }

    fn record(&mut self, s: &str, orig: Range<usize>, identity: bool) {
        let norm = self.out.text.len();
        let identity = identity && s.len() == orig.len();
        let continues = identity
            && self.out.anchors.last().is_some_and(|a| {
                a.replaced_len.is_none() && a.orig + (norm - a.norm) == orig.start
            });
        if !continues {
            // Past its inline anchor, a text takes several (quotes, links, bold): room for
            // them at once, as a list grown from empty would have, not grown two by two.
            if self.out.anchors.is_inline() && self.out.anchors.len() == 1 {
                self.out.anchors.move_to_the_heap_and_reserve(4);
            }
            self.out.anchors.push(Anchor {
                norm,
                orig: orig.start,
                replaced_len: if identity { None } else { Some(orig.len()) },
            });
        }
        self.out.text.push_str(s);
    }

    /// The normalised text (white space at either end is dropped).
    pub fn finish(self) -> MappedText {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_quotes_dashes_spaces_and_zero_width() {
        let s = "\u{FEFF}We \u{201C}do\u{201D}\u{00A0}not\u{200B} share \u{2014} ever\r\n  again\u{2026}";
        assert_eq!(normalize(s), "We \"do\" not share - ever again...");
    }

    #[test]
    fn no_space_before_punctuation_that_closes_up() {
        assert_eq!(
            normalize("Wish Lists , or registries ; all (see below ) : yes ! no ?"),
            "Wish Lists, or registries; all (see below): yes! no?"
        );
        // A full stop may open a word: kept where it stands.
        assert_eq!(normalize("built on .NET , or ."), "built on .NET, or .");
        // Across a line break and a piece of markup alike.
        let mut b = MappedTextBuilder::default();
        b.push_source("Wish Lists", 0);
        b.push_space(10..11);
        b.push_source(", or", 11);
        assert_eq!(b.finish().text, "Wish Lists, or");
    }

    #[test]
    fn composes_to_nfc() {
        assert_eq!(normalize("cafe\u{0301}"), "caf\u{00E9}");
    }

    #[test]
    fn normalisation_is_idempotent() {
        for s in [
            "  a\t\tb \n c ",
            "“x” — y…",
            "e\u{0301}\u{0301}",
            "",
            "\u{200B}",
        ] {
            let once = normalize(s);
            assert_eq!(normalize(&once), once, "{s:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Text pushed whole (eight plain bytes skipped at a time) normalises and maps back
        /// exactly as the same text pushed in pieces too short for that.
        #[test]
        fn runs_kept_a_word_at_a_time_are_kept_as_byte_by_byte(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'b', 'Z', '.', '~', '!', ',', ')', ' ', ' ', ' ', '\n', '\t', '\r', '\u{7F}', '\u{1}',
                '\u{A0}', '\u{301}', '\u{E9}', '\u{2019}', '\u{201C}', '\u{200B}', '\u{2026}',
            ]), 0..60),
            cuts in proptest::collection::vec(1usize..8, 1..20),
        ) {
            let text: String = chars.into_iter().collect();
            let mut whole = MappedTextBuilder::default();
            whole.push_source(&text, 3);
            let whole = whole.finish();
            let mut pieces = MappedTextBuilder::default();
            let (mut at, mut cut) = (0, cuts.iter().cycle());
            while at < text.len() {
                let mut end = (at + cut.next().copied().unwrap_or(1)).min(text.len());
                // Not inside a character, nor before a mark that composes with the one before.
                while !text.is_char_boundary(end)
                    || text[end..].chars().next().is_some_and(|c| canonical_combining_class(c) != 0)
                {
                    end += 1;
                }
                pieces.push_source(&text[at..end], 3 + at);
                at = end;
            }
            let pieces = pieces.finish();
            proptest::prop_assert_eq!(&whole.text, &pieces.text);
            for start in 0..=whole.text.len() {
                for end in start..=whole.text.len() {
                    proptest::prop_assert_eq!(
                        whole.original_range(start..end),
                        pieces.original_range(start..end)
                    );
                }
            }
        }
    }

    #[test]
    fn eight_plain_bytes_are_kept_a_word_at_a_time() {
        for (chunk, may_open, kept) in [
            (b"abcdefgh", false, true),
            (b"ab cd ef", false, true),
            (b" abcdefg", false, false),
            (b" abcdefg", true, true),
            (b"ab  cdef", true, false),
            (b"abcdefg ", true, false),
            (b"abc\ndefg", true, false),
            (b"abc\x7fdefg", true, false),
            (b"abc\xc3\xa9def", true, false),
            (b"~!{}[]()", false, true),
            (b"ab ,cdef", true, false),
            (b"ab )cdef", true, false),
            (b"ab .cdef", true, true),
        ] {
            assert_eq!(kept_as_is(chunk, may_open), kept, "{chunk:?}");
        }
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let src = "Hello,\r\n  \u{201C}world\u{201D} ok";
        let mut b = MappedTextBuilder::default();
        b.push_source(src, 10);
        let m = b.finish();
        assert_eq!(m.text, "Hello, \"world\" ok");
        let w = m.text.find("world").unwrap_or_default();
        let r = m.original_range(w..w + 5);
        assert_eq!(&src[r.start - 10..r.end - 10], "world");
        let q = m.text.find('"').unwrap_or_default();
        let r = m.original_range(q..m.text.len());
        assert_eq!(&src[r.start - 10..r.end - 10], "\u{201C}world\u{201D} ok");
        assert_eq!(m.original_range(0..5), 10..15);
    }
}
