//! Sentence splitting on normalised text.
//!
//! Policies are full of dotted abbreviations ("e.g.", "Inc.", "U.S."), numbers ("1.5", "No. 3")
//! and addresses ("amazon.com"); a sentence ends only at `.`, `?` or `!` (with any closing
//! quotes or brackets) followed by a space and something that can start a sentence.

use std::ops::Range;

/// Abbreviations that end in a period but rarely end a sentence (compared lower-case).
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "st", "vs", "v", "cf", "approx", "fig", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k",
    "e.u", "n.a", "p.o", "ave", "dept", "incl", "esp", "ca", "viz", "al", "jr", "sr", "rev", "cal",
    "civ",
];

/// Company forms that end in a period (compared with their first letter a capital): a sentence
/// goes on after one ("PayPal Pte. Ltd.", "Meta Platforms, Inc. Data Privacy Framework
/// Disclosure", "Apple Inc. One Apple Park Way", "Acme Co. Limited", "Co. Dublin") unless a word
/// that opens sentences follows ("... provided by Apple Inc. Learn more", "Netflix
/// International B.V. Please note") or a capitalised word and a lower-case one ("Apple Inc.
/// Apple uses").
const COMPANY_FORMS: &[&str] = &[
    "inc", "ltd", "llc", "co", "corp", "gmbh", "pty", "pte", "pvt", "sdn", "bhd", "b.v", "s.a",
    "a.g", "n.v", "s.l", "l.l.c", "k.k",
];

/// Company forms without a period, which may follow one that has it ("Co. Limited", "Co. KG").
const WRITTEN_OUT_FORMS: &[&str] = &[
    "limited",
    "company",
    "corporation",
    "kg",
    "kgaa",
    "plc",
    "llp",
    "ag",
    "se",
    "sa",
    "spa",
    "srl",
    "ltda",
];

/// Words that open sentences and do not go on a company's name (compared lower-case).
const SENTENCE_OPENERS: &[&str] = &[
    "a", "all", "also", "an", "as", "at", "by", "for", "from", "however", "if", "in", "it",
    "learn", "note", "on", "our", "please", "read", "see", "the", "these", "they", "this", "to",
    "visit", "we", "when", "where", "which", "while", "with", "you", "your",
];

/// Abbreviations only before a number ("No. 3", "Art. 6"); elsewhere the word ends a sentence.
const NUMBER_ABBREVIATIONS: &[&str] = &["no", "nos", "art", "sec", "para", "p", "pp", "vol"];

/// Splits normalised text into sentence ranges (byte offsets into `text`), trimmed.
pub fn split(text: &str) -> Vec<Range<usize>> {
    ranges(text).collect()
}

/// The sentence ranges of normalised text, found one at a time.
pub fn ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    Sentences { text, start: 0 }
}

/// The first sentence of normalised text, found without splitting the rest.
pub fn first(text: &str) -> Option<Range<usize>> {
    ranges(text).next()
}

/// The sentences of a text, in order.
struct Sentences<'a> {
    text: &'a str,
    /// Where the next sentence starts.
    start: usize,
}

impl Iterator for Sentences<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let text = self.text;
        let bytes = text.as_bytes();
        while self.start < bytes.len() {
            let start = self.start;
            let end = sentence_end(text, start);
            self.start = (end + 1).min(bytes.len()).max(end);
            if let Some(range) = trimmed(text, start..end) {
                return Some(range);
            }
        }
        None
    }
}

/// Where the sentence that starts at `start` ends: just past its terminator (and closing quotes
/// or brackets), or at the end of the text.
fn sentence_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while let Some(at) = memchr::memchr3(b'.', b'?', b'!', &bytes[i..]) {
        i += at;
        let b = bytes[i];
        // Swallow repeated terminators and closing quotes/brackets.
        let mut end = i + 1;
        while end < bytes.len()
            && matches!(bytes[end], b'.' | b'?' | b'!' | b'"' | b'\'' | b')' | b']')
        {
            end += 1;
        }
        if end < bytes.len()
            && bytes[end] == b' '
            && starts_sentence(&text[end + 1..])
            && !(b == b'.'
                && (is_list_number(&text[start..i])
                    || ends_with_abbreviation(&text[start..i], &text[end + 1..])))
        {
            return end;
        }
        i = end;
    }
    bytes.len()
}

fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let piece = &text[range.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    (lead + trail < piece.len()).then(|| range.start + lead..range.end - trail)
}

/// Whether the text after a terminator can open a new sentence.
fn starts_sentence(rest: &str) -> bool {
    match rest.chars().next() {
        Some(c) if c.is_uppercase() || c.is_numeric() => true,
        Some('"' | '\'' | '(' | '[' | '*' | '-' | '\u{2022}') => true,
        _ => false,
    }
}

/// "1" or "2.3" opening a sentence: the number of a heading or list entry ("1. Scope"), not a
/// sentence of its own.
fn is_list_number(before: &str) -> bool {
    let before = before.trim_start();
    !before.is_empty() && before.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// Whether a full stop between `before` and `after` (the text on either side of it and the
/// space after it) ends a sentence, as [`split`] reads it: not the period of an abbreviation
/// ("the U.S. Department"), unless the next word opens a sentence ("Ads Inc. We …") or
/// nothing follows.
pub fn full_stop_ends_sentence(before: &str, after: &str) -> bool {
    after.is_empty() || !ends_with_abbreviation(before, after)
}

/// Whether `text` ends in an abbreviation and its period ("Ads Inc.", "U.S."): a period that
/// is part of the last word.
pub fn ends_in_abbreviation(text: &str) -> bool {
    text.strip_suffix('.')
        .is_some_and(|before| ends_with_abbreviation(before, ""))
}

/// Whether the text before a period ends in an abbreviation or an initial ("J.", "U.S"), also
/// dotted letters joined to a word by a hyphen or a slash ("the EU-U.S. Data Privacy
/// Framework"; not "N/A." or "USB-C.").
fn ends_with_abbreviation(before: &str, after: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let dotted_letters = |w: &str| w.len() >= 3 && w.split('.').all(|p| p.chars().count() == 1);
    let joined = word.rsplit(['-', '\u{2013}', '/']).next().unwrap_or(word);
    if joined.len() < word.len() && dotted_letters(joined) {
        return true;
    }
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    // A single capital letter is an initial ("John F. Kennedy").
    if word.chars().count() == 1 && letters.next().is_some_and(char::is_uppercase) {
        return true;
    }
    let is = |list: &[&str], word: &str| list.iter().any(|a| a.eq_ignore_ascii_case(word));
    if is(NUMBER_ABBREVIATIONS, word) {
        return after.starts_with(|c: char| c.is_ascii_digit());
    }
    let mut words = after.split(' ');
    let next = words.next().unwrap_or("");
    // Its letters: "We're" is "We".
    let lead = next
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    if word.starts_with(char::is_uppercase) && is(COMPANY_FORMS, word) {
        // "... by Apple Inc. Apple uses ...": a capitalised word and then a lower-case one
        // open a sentence; a name goes on capitalised ("Inc. Data Privacy Framework") or
        // ends in a form ("Co. Limited is").
        let opens_clause = next.chars().all(char::is_alphabetic)
            && words
                .next()
                .is_some_and(|w| w.starts_with(char::is_lowercase))
            && !is(COMPANY_FORMS, lead)
            && !is(WRITTEN_OUT_FORMS, lead);
        return !(is(SENTENCE_OPENERS, lead) || opens_clause);
    }
    // "U.S" style: dotted single letters. Capitals ("the U.S.", "the U.K.", "N.A.") end a
    // sentence before a word that opens one ("… in the U.S. You may opt out"), not before a
    // name ("the U.S. Department").
    let capitals = word.starts_with(char::is_uppercase) && dotted_letters(word);
    (is(ABBREVIATIONS, word) || dotted_letters(word)) && !(capitals && is(SENTENCE_OPENERS, lead))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_on_terminators_followed_by_a_capital() {
        assert_eq!(
            sentences("We collect data. Why? Because we can! ok."),
            ["We collect data.", "Why?", "Because we can! ok."]
        );
    }

    #[test]
    fn survives_abbreviations_numbers_and_urls() {
        let text = "Contact Amazon.com, Inc. by phone (e.g., chat). We are in the U.S. Mail goes to \
                    P.O. Box 81226. Version 1.5 applies, i.e. Section 3. See www.amazon.com/privacy. Done.";
        assert_eq!(
            sentences(text),
            [
                "Contact Amazon.com, Inc. by phone (e.g., chat).",
                "We are in the U.S. Mail goes to P.O. Box 81226.",
                "Version 1.5 applies, i.e. Section 3.",
                "See www.amazon.com/privacy.",
                "Done."
            ]
        );
    }

    /// Reddit's "… under certain state privacy laws in the U.S. You may opt out", where the
    /// next sentence read as part of this one changed what a diff took it to say.
    #[test]
    fn a_place_abbreviation_ends_a_sentence_before_a_word_that_opens_one() {
        assert_eq!(
            sentences(
                "We share it with advertisers in the U.S. We do not sell it. Ads run in the \
                 U.K. If you object, write to the U.S. Department of Commerce. Banks, N.A. \
                 You may ask."
            ),
            [
                "We share it with advertisers in the U.S.",
                "We do not sell it.",
                "Ads run in the U.K.",
                "If you object, write to the U.S. Department of Commerce.",
                "Banks, N.A.",
                "You may ask."
            ]
        );
    }

    /// The names of the transfer frameworks: 235 of them in 14 of the corpus's policies.
    #[test]
    fn an_abbreviation_after_a_hyphen_or_a_slash_ends_no_sentence() {
        assert_eq!(
            sentences(
                "We comply with the EU-U.S. Data Privacy Framework and the Swiss\u{2013}U.S. DPF. \
                 See the EU/U.S. Privacy Shield. We use e-mail. Retention: N/A. Devices charge \
                 over USB-C. See example.com/fr-ca. Then we stop."
            ),
            [
                "We comply with the EU-U.S. Data Privacy Framework and the Swiss\u{2013}U.S. DPF.",
                "See the EU/U.S. Privacy Shield.",
                "We use e-mail.",
                "Retention: N/A.",
                "Devices charge over USB-C.",
                "See example.com/fr-ca.",
                "Then we stop."
            ]
        );
    }

    /// As the corpus writes them: PayPal's Singapore company, Cloudflare's Malaysian one,
    /// GitHub's address, Google's "Apple Inc. Learn more", WhatsApp's disclosure, addresses
    /// under a company's name; "kg" is no form.
    #[test]
    fn company_forms_end_a_sentence_only_before_a_word_that_opens_one() {
        assert_eq!(
            sentences(
                "The controller is PayPal Pte. Ltd. We reply. Write to Cloudflare Malaysia Sdn. \
                 Bhd. If you write to 88 Colin P. Kelly Jr. Street, we reply. Music is provided \
                 by Apple Inc. Learn more. Amazon.com, Inc. and Zoom Co. Ltd. reply. Data goes \
                 to Apple Inc. Apple uses clauses. Write to Acme Sdn. Bhd. Or to Acme Ltd. \
                 We're here. Henkel AG & Co. KG is one. Airbnb Internet (Beijing) Co. Ltd. \
                 (\"Airbnb China\") is the controller. See the Meta Platforms, Inc. Data Privacy \
                 Framework Disclosure. Write to Apple Inc. One Apple Park Way. Acme (Hong Kong) Co. \
                 Limited is at Co. Dublin. Netflix International B.V. Please note. It weighs 20 kg. \
                 2 parcels go."
            ),
            [
                "The controller is PayPal Pte. Ltd.",
                "We reply.",
                "Write to Cloudflare Malaysia Sdn. Bhd.",
                "If you write to 88 Colin P. Kelly Jr. Street, we reply.",
                "Music is provided by Apple Inc.",
                "Learn more.",
                "Amazon.com, Inc. and Zoom Co. Ltd. reply.",
                "Data goes to Apple Inc.",
                "Apple uses clauses.",
                "Write to Acme Sdn. Bhd.",
                "Or to Acme Ltd.",
                "We're here.",
                "Henkel AG & Co. KG is one.",
                "Airbnb Internet (Beijing) Co. Ltd. (\"Airbnb China\") is the controller.",
                "See the Meta Platforms, Inc. Data Privacy Framework Disclosure.",
                "Write to Apple Inc. One Apple Park Way.",
                "Acme (Hong Kong) Co. Limited is at Co. Dublin.",
                "Netflix International B.V.",
                "Please note.",
                "It weighs 20 kg.",
                "2 parcels go."
            ]
        );
    }

    #[test]
    fn a_leading_number_does_not_end_a_sentence() {
        assert_eq!(
            sentences("1. PERSONAL INFORMATION WE COLLECT. 2.1 Scope. We keep 2. Then 3."),
            [
                "1. PERSONAL INFORMATION WE COLLECT.",
                "2.1 Scope.",
                "We keep 2.",
                "Then 3."
            ]
        );
    }

    #[test]
    fn keeps_closing_quotes_with_the_sentence() {
        assert_eq!(
            sentences("He said \"no.\" Then left."),
            ["He said \"no.\"", "Then left."]
        );
    }
}
