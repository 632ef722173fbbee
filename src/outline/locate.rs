//! Where words of a normalised sentence stand in the original file. The outline keeps each
//! sentence's span, not its offset map (that would cost every parse); a finding that points at
//! the words a change touched finds them again here, for the few sentences that need it.
//!
//! The sentence's words and the original's are matched in order (markup, entities and tag
//! names are words only the original has), so a word is found only where both texts agree.

use std::ops::Range;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

/// Past this, a sentence is not matched word by word: the finding points at its start.
const DEADLINE: Duration = Duration::from_millis(20);

/// The bytes of `original` (the file's text under a sentence's span) that hold `range` of
/// `normalized` (the sentence's text): an empty range gives the point where it stands. `None`
/// where the words cannot be told apart from markup.
pub fn original_range(
    normalized: &str,
    original: &str,
    range: Range<usize>,
) -> Option<Range<usize>> {
    // The words themselves: a changed run's spaces would reach the next word, or line.
    let inside = normalized.get(range.clone())?;
    let range = match inside.trim().is_empty() {
        true => range,
        false => {
            let start = range.start + (inside.len() - inside.trim_start().len());
            start..start + inside.trim().len()
        }
    };
    let words = WordMap::new(normalized, original);
    let start = words.offset(range.start)?;
    let end = match range.is_empty() {
        true => start,
        false => words.offset(range.end).filter(|&e| e >= start)?,
    };
    Some(start..end)
}

/// The runs of letters and digits of the normalised text, each with its match in the original.
struct WordMap<'t> {
    normalized: &'t str,
    original: &'t str,
    words: Vec<Range<usize>>,
    matched: Vec<Option<Range<usize>>>,
    /// The original's runs of letters and digits, outside markup.
    theirs: Vec<Range<usize>>,
}

impl<'t> WordMap<'t> {
    fn new(normalized: &'t str, original: &'t str) -> WordMap<'t> {
        let words = word_ranges(normalized);
        let markup = markup_ranges(original);
        let theirs: Vec<Range<usize>> = (word_ranges(original).into_iter())
            .filter(|w| !markup.iter().any(|m| m.start <= w.start && w.end <= m.end))
            .collect();
        let mine: Vec<&str> = words.iter().map(|r| &normalized[r.clone()]).collect();
        let other: Vec<&str> = theirs.iter().map(|r| &original[r.clone()]).collect();
        let deadline = Instant::now() + DEADLINE;
        let mut matched = vec![None; words.len()];
        for op in capture_diff_slices_deadline(Algorithm::Myers, &mine, &other, Some(deadline)) {
            if let DiffOp::Equal {
                old_index,
                new_index,
                len,
            } = op
            {
                for k in 0..len {
                    matched[old_index + k] = Some(theirs[new_index + k].clone());
                }
            }
        }
        WordMap {
            normalized,
            original,
            words,
            matched,
            theirs,
        }
    }

    /// Where the normalised word `word`, which matched none of the original's, stands in the
    /// original: a word spelt there with an entity or a tag inside it (`caf&eacute;`,
    /// `s<b>el</b>l`), between the matched words around it. Its start, or with `end` its end.
    /// `None` where no matched word stands beside it, or nothing between them is spelt so.
    fn unmatched(&self, word: usize, end: bool) -> Option<usize> {
        let before = (self.matched[..word].iter().rev()).find_map(|m| m.as_ref().map(|m| m.end));
        let after = (self.matched[word + 1..].iter()).find_map(|m| m.as_ref().map(|m| m.start));
        if before.is_none() && after.is_none() {
            return None;
        }
        let gap = before.unwrap_or(0)..after.unwrap_or(self.original.len());
        let between = self.original.get(gap.clone())?;
        if !between.contains(['&', '<']) {
            return None;
        }
        // Several such words together ("r&eacute;sum&eacute; &eacute;lectronique"): the word's
        // own run of the original where the runs between spaces are as many as the words.
        let first = (self.matched[..word].iter())
            .rposition(Option::is_some)
            .map_or(0, |i| i + 1);
        let last = (self.matched[word..].iter())
            .position(Option::is_some)
            .map_or(self.words.len(), |i| word + i);
        let mut chunks = (between.split_whitespace())
            .filter(|c| c.contains(char::is_alphanumeric))
            .map(|c| {
                let at = gap.start + (c.as_ptr() as usize - between.as_ptr() as usize);
                at..at + c.len()
            });
        let gap = match chunks.clone().count() == last - first {
            true => chunks.nth(word - first)?,
            false => gap,
        };
        let inside = (self.theirs.iter()).filter(|t| gap.start <= t.start && t.end <= gap.end);
        match end {
            false => {
                let start = inside.map(|t| t.start).next()?;
                // "&Eacute;tat": the entity opens the word.
                let head = self.original.get(gap.start..start)?;
                Some(start - (head.len() - head.trim_end_matches(['&', '#']).len()))
            }
            true => {
                let end = inside.map(|t| t.end).next_back()?;
                // "caf&eacute;": the entity closes it.
                let closes = self.original.get(gap.start..end)?.contains('&')
                    && self.original.get(end..)?.starts_with(';');
                Some(end + usize::from(closes))
            }
        }
    }

    /// The original offset of normalised offset `at`: the start of the word that starts there,
    /// else the same bytes after the word before (a word's end, its punctuation), else the
    /// start of the next word, else the end of the last.
    fn offset(&self, at: usize) -> Option<usize> {
        let next = self.words.partition_point(|w| w.start < at);
        let next_start = || self.matched.get(next)?.as_ref().map(|w| w.start);
        if self.words.get(next).is_some_and(|w| w.start == at) {
            return next_start().or_else(|| self.unmatched(next, false));
        }
        if let Some(before) = next.checked_sub(1)
            && self.matched[before].is_none()
            && self.words[before].end == at
        {
            return self.unmatched(before, true);
        }
        if let Some(before) = next.checked_sub(1)
            && let Some(theirs) = &self.matched[before]
        {
            let word = &self.words[before];
            let (base, tail) = match at <= word.end {
                true => (theirs.start, self.normalized.get(word.start..at)?),
                false => (theirs.end, self.normalized.get(word.end..at)?),
            };
            if self.original.get(base..)?.starts_with(tail) {
                return Some(base + tail.len());
            }
            // Folded characters (an entity, a curly quote) after the word, and no word after
            // them: the end of the word.
            if next == self.words.len() {
                return Some(theirs.end);
            }
        }
        next_start()
    }
}

/// Where `original` holds markup whose words a reader does not read: tags with their
/// attributes (`<span class="your data">`), and Markdown link targets (`](https://…)`).
fn markup_ranges(original: &str) -> Vec<Range<usize>> {
    let bytes = original.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = memchr::memchr2(b'<', b']', &bytes[at..]).map(|i| at + i) {
        let (opens, close) = match bytes[i] {
            b'<' => (
                bytes
                    .get(i + 1)
                    .is_some_and(|b| b.is_ascii_alphabetic() || b"/!".contains(b)),
                b'>',
            ),
            _ => (bytes.get(i + 1) == Some(&b'('), b')'),
        };
        let end = match opens {
            true => memchr::memchr(close, &bytes[i..]).map_or(bytes.len(), |e| i + e + 1),
            false => i + 1,
        };
        if opens {
            out.push(i..end);
        }
        at = end;
    }
    out
}

/// The byte ranges of the runs of letters and digits in `text`.
pub fn word_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The original text that `word` (its first occurrence in `normalized`) is found at.
    fn found<'o>(normalized: &str, original: &'o str, word: &str) -> Option<&'o str> {
        let at = normalized.find(word).expect("word in the normalised text");
        original_range(normalized, original, at..at + word.len()).map(|r| &original[r])
    }

    #[test]
    fn plain_text_rewrapped_maps_word_for_word() {
        let normalized = "We may share your data with our partners.";
        let original = "We  may share\n  your data with\nour partners.";
        assert_eq!(found(normalized, original, "your data"), Some("your data"));
        assert_eq!(
            found(normalized, original, "data with our"),
            Some("data with\nour")
        );
        // A changed run's spaces are not underlined: they would reach the next line.
        let at = normalized
            .find("your data ")
            .expect("in the normalised text");
        let r = original_range(normalized, original, at..at + "your data with ".len());
        assert_eq!(r.map(|r| &original[r]), Some("your data with"));
    }

    #[test]
    fn markup_words_are_skipped() {
        let normalized = "See our cookie policy for details on cookies.";
        let original = "See our [cookie policy](https://example.com/cookie-policy) for details on <b>cookies</b>.";
        assert_eq!(
            found(normalized, original, "for details"),
            Some("for details")
        );
        assert_eq!(found(normalized, original, "cookies"), Some("cookies"));
        // The link's words, not its target's; a tag's attributes are not words.
        assert_eq!(
            found(normalized, original, "cookie policy"),
            Some("cookie policy")
        );
        let tagged = "<span class=\"your data\">your data</span> is kept.";
        let at = tagged.rfind("your data").expect("in the original");
        assert_eq!(
            original_range("your data is kept.", tagged, 0..9),
            Some(at..at + 9)
        );
        let html = "We don&rsquo;t sell <em>your</em> data to AT&amp;T.";
        let normalized = "We don't sell your data to AT&T.";
        assert_eq!(found(normalized, html, "sell"), Some("sell"));
        assert_eq!(found(normalized, html, "your"), Some("your"));
        // The words map; the folded characters between them are not claimed.
        assert_eq!(found(normalized, html, "T."), Some("T."));
    }

    #[test]
    fn a_point_after_a_word_keeps_its_punctuation() {
        let normalized = "Ads are shown to you. To learn more, read this.";
        let original = "Ads are shown\nto you. To learn more,\nread this.";
        // A deletion right after "you": the point before the period.
        let at = normalized.find(". To").expect("in the normalised text");
        let there = original.find(". To").expect("in the original");
        let r = original_range(normalized, original, at..at);
        assert_eq!(r, Some(there..there));
    }

    /// A word spelt with an entity or a tag inside it is found whole, between its neighbours:
    /// not the whole sentence, which may begin lines before.
    #[test]
    fn a_word_spelt_with_an_entity_or_a_tag_inside_is_found() {
        let original = "When you visit\nour stores we record you in the caf&eacute; and the shop.";
        let normalized = "When you visit our stores we record you in the café and the shop.";
        assert_eq!(found(normalized, original, "café"), Some("caf&eacute;"));
        assert_eq!(
            found(normalized, original, "the café and"),
            Some("the caf&eacute; and")
        );
        assert_eq!(
            found("We s\u{e9}ll data.", "We <b>s</b>&eacute;ll data.", "séll"),
            Some("s</b>&eacute;ll")
        );
        assert_eq!(
            found("L'État collecte.", "L'&Eacute;tat collecte.", "État"),
            Some("&Eacute;tat")
        );
        // Two such words together are found as a run, and each alone.
        let two = ("a caf\u{e9} cr\u{e8}me b", "a caf&eacute; cr&egrave;me b");
        assert_eq!(
            found(two.0, two.1, "café crème"),
            Some("caf&eacute; cr&egrave;me")
        );
        assert_eq!(found(two.0, two.1, "café"), Some("caf&eacute;"));
        assert_eq!(found(two.0, two.1, "crème"), Some("cr&egrave;me"));
    }

    #[test]
    fn words_only_the_normalised_text_has_are_not_found() {
        assert_eq!(found("Hello world", "Goodbye", "world"), None);
        assert_eq!(original_range("", "", 0..0), None);
    }
}
