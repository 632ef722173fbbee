//! What one sentence says: the practice it states, whether that is negated, its modality, and the
//! quantities, data categories, purposes, recipients, rights, transfer mechanisms and contact
//! details it names.
//!
//! Material-change detection compares two readings; `policy-lint annotate` prints them. The
//! vocabularies of categories, purposes, recipients, rights and transfer mechanisms are tables
//! of labels and regexes
//! ([`vocabulary`], seeded from the published ontologies); the rest are small fixed grammars.

use std::ops::Range;
use std::sync::{Arc, LazyLock};

use memchr::memmem::Finder;

use super::negation::{Scope, clauses};
use super::vocabulary::{self, Entry};
use super::{Annotator, Negation, negations};
use crate::config::{Config, LexiconId, Polarity};
use crate::pattern::{Pattern, PatternSet, Searched};

/// The practice a sentence states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Practice {
    Collect,
    Use,
    Share,
    Sell,
    Retain,
}

impl Practice {
    pub fn name(self) -> &'static str {
        match self {
            Practice::Collect => "collect",
            Practice::Use => "use",
            Practice::Share => "share",
            Practice::Sell => "sell",
            Practice::Retain => "retain",
        }
    }
}

/// How firmly a modal verb commits: "may" leaves room, "will" does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    /// may, might, can, could
    Weak,
    /// will, shall, must
    Strong,
    /// would, should: neither promise nor permission
    Neutral,
}

/// A modal verb of the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modal {
    /// Lower case: "may", "will", …
    pub word: String,
    pub strength: Strength,
    pub span: Range<usize>,
}

/// Something named in the sentence: a label from a vocabulary (or, for quantities and contact
/// details, the normalised value) and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub label: Arc<str>,
    pub span: Range<usize>,
}

/// Everything detected in one sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// The practice and the verb that states it.
    pub practice: Option<(Practice, Range<usize>)>,
    pub negations: Vec<Negation>,
    pub modals: Vec<Modal>,
    pub quantities: Vec<Mention>,
    pub data_categories: Vec<Mention>,
    pub purposes: Vec<Mention>,
    pub recipients: Vec<Mention>,
    /// Parties named where the sentence does not say that data goes to them (no sharing verb,
    /// no "with" or "to" before): a source ("from third parties"), or an entry of a list
    /// whose lead-in shares ("We share it with:", then "Data brokers").
    pub parties: Vec<Mention>,
    pub rights: Vec<Mention>,
    /// The mechanisms named for transfers of data abroad ("standard contractual clauses").
    pub transfers: Vec<Mention>,
    pub contacts: Vec<Mention>,
    /// The companies a sentence about the data's controller names ("Meta Platforms Ireland
    /// Limited is the data controller").
    pub controllers: Vec<Mention>,
    /// The `purpose` lexicon matches: the sentence says why.
    pub states_purpose: bool,
    /// The `advertising` lexicon matches.
    pub advertising: bool,
    /// `identifying-data` occurs where the practice is negated.
    pub excludes_identifying: bool,
    /// The spans of the `purpose` lexicon (for marking them).
    pub purpose_spans: Vec<Range<usize>>,
}

impl Reading {
    /// Whether the sentence's practice is negated: by the sentence's own cue, or, where the
    /// practice is what a recipient is barred from, by that cue ("we share data with processors
    /// that do not sell it": no sale). A relative clause about a noun ends where the sentence
    /// goes on ("individuals who are not registered users may be processed"): its cue does not
    /// reach the practice.
    pub fn negated(&self) -> bool {
        let practice = self.practice.as_ref().map(|(_, at)| at);
        let barred = |n: &Negation| {
            let reach = n.reach();
            n.scope == Scope::Barring
                && !n.of_user
                && practice.is_some_and(|at| reach.start <= at.start && at.end <= reach.end)
        };
        // A cue in another clause negates another practice: "we sell it to brokers and do
        // not share it", "we do not use cookies, but we sell your data".
        let its_own = |n: &Negation| {
            let reach = n.reach();
            practice.is_none_or(|at| reach.start <= at.start && at.end <= reach.end)
        };
        self.negations
            .iter()
            .any(|n| (n.negates_practice() && its_own(n)) || barred(n))
    }

    /// Whether the sentence `text` (that this reads) gives data away: it shares or sells, and
    /// not to the company ("they send it to us").
    pub fn shares(&self, text: &str) -> bool {
        gives_away(self.practice.as_ref(), text)
    }

    /// The first modal verb, as `annotate` reports it.
    pub fn modality(&self) -> Option<&str> {
        self.modals.first().map(|m| m.word.as_str())
    }
}

/// The kinds of things a vocabulary names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    DataCategory,
    Purpose,
    Recipient,
    Right,
    Transfer,
}

/// Labels and their regexes, searched as one set: one pass over a sentence says which labels
/// it names and where each first occurs.
struct Vocabulary {
    labels: Vec<(Kind, Arc<str>)>,
    set: PatternSet,
}

impl Vocabulary {
    /// Each label found, at its first occurrence, by kind: `found` is what the set's
    /// [`PatternSet::first_matches`] gives.
    fn mentions(&self, found: impl Iterator<Item = (usize, Range<usize>)>) -> Named {
        let mut named = Named::default();
        for (i, span) in found {
            let (kind, label) = &self.labels[i];
            let list = match kind {
                Kind::DataCategory => &mut named.data_categories,
                Kind::Purpose => &mut named.purposes,
                Kind::Recipient => &mut named.recipients,
                Kind::Right => &mut named.rights,
                Kind::Transfer => &mut named.transfers,
            };
            list.push(Mention {
                label: label.clone(),
                span,
            });
        }
        for list in [
            &mut named.data_categories,
            &mut named.purposes,
            &mut named.recipients,
            &mut named.rights,
            &mut named.transfers,
        ] {
            list.sort_by_key(|m| m.span.start);
        }
        named
    }
}

/// What a sentence names from the vocabularies.
#[derive(Default)]
struct Named {
    data_categories: Vec<Mention>,
    purposes: Vec<Mention>,
    recipients: Vec<Mention>,
    rights: Vec<Mention>,
    transfers: Vec<Mention>,
}

static VOCAB: LazyLock<Vocabulary> = LazyLock::new(|| {
    let kinds: [(&[Entry], Kind); 5] = [
        (vocabulary::DATA_CATEGORIES, Kind::DataCategory),
        (vocabulary::PURPOSES, Kind::Purpose),
        (vocabulary::RECIPIENTS, Kind::Recipient),
        (vocabulary::RIGHTS, Kind::Right),
        (vocabulary::TRANSFERS, Kind::Transfer),
    ];
    let (labels, sources): (Vec<(Kind, Arc<str>)>, Vec<String>) = kinds
        .into_iter()
        .flat_map(|(entries, kind)| {
            // Sorted by label: the order `prebuilt-sets.txt` lists the set in.
            let mut entries = entries.to_vec();
            entries.sort_unstable_by_key(|&(label, _)| label);
            entries.into_iter().map(move |(label, patterns)| {
                let source = format!(r"(?i)\b(?:{})\b", patterns.join("|"));
                ((kind, Arc::<str>::from(label)), source)
            })
        })
        .unzip();
    let set = PatternSet::new(sources);
    Vocabulary { labels, set }
});

/// The transfer mechanisms' patterns as a set of their own, searched in every sentence of a
/// version (`material`): its DFA is a twentieth of the vocabulary's.
static TRANSFER_SET: LazyLock<PatternSet> = LazyLock::new(|| {
    let sources = (VOCAB.labels.iter().zip(VOCAB.set.patterns()))
        .filter(|((kind, _), _)| *kind == Kind::Transfer)
        .map(|(_, pattern)| pattern.source().to_string());
    PatternSet::new(sources.collect())
});

/// Whether `text` may name a transfer mechanism: one's regex matches in it (what [`names`]
/// reports of it is a subset).
pub fn may_name_transfer(text: &str) -> bool {
    TRANSFER_SET.is_match(text)
}

/// Builds the built-in vocabulary and practice verbs (their sources, and their prebuilt DFAs
/// found) now rather than on the first sentence read: another thread can take this off the
/// path of a diff while the main thread loads the configuration, parses and compares.
pub fn prepare() {
    VOCAB.set.prepare();
    PRACTICES.1.prepare();
}

/// Practice verbs, strongest claim first: a sentence that sells and uses is about selling. One
/// set: a sentence is read once for all of them.
static PRACTICES: LazyLock<(Vec<Practice>, PatternSet)> = LazyLock::new(|| {
    let (practices, sources) = [
        (
            Practice::Sell,
            r"\b(?:sell|sells|sold|selling|sale|rent|rents|rented|renting)\b",
        ),
        (
            Practice::Share,
            // "Send" with the data as its object: "we send you emails" shares nothing. "Provide"
            // with a party as its object: "provide partners with information about you" (not
            // "provide you with information").
            r"\b(?:shar(?:e|es|ed|ing)|disclos\w*|transfer\w*|transmit\w*|distribut\w*|make\s+available|sen(?:d|ds|t|ding)\s+(?:(?:any|all|your|this|that|such|the|personal|some|certain)\s+){0,3}(?:information|data)|provid(?:e|es|ed|ing)\s+(?:(?:our|other|these|those|such|certain|trusted|selected|third[\s-]+party)\s+)*(?:partners?|advertisers?|vendors?|service\s+providers?|third[\s-]+parties|affiliates|companies|merchants?)\s+with)\b",
        ),
        (
            Practice::Collect,
            // Not "records", most often the noun ("we keep order records for 7 years").
            // Tracking a person is collecting what they do: "we do not track you across
            // websites", "track your precise location" (not "track your order").
            r"\b(?:collect\w*|gather\w*|obtain\w*|receiv(?:e|es|ed|ing)|record(?:ed|ing)?|track(?:s|ed|ing)?\s+(?:you|users?|visitors?|individuals?|people|your\s+(?:(?:precise|approximate|real-time|online|browsing|personal)\s+)?(?:location|activit(?:y|ies)|browsing|behaviou?r|movements?|usage|data|information)))\b",
        ),
        (
            Practice::Retain,
            r"\b(?:retain\w*|retention|stor(?:e|es|ed|ing)|keep|keeps|kept)\b",
        ),
        (
            Practice::Use,
            r"\b(?:use|uses|used|using|process(?:es|ed|ing)?|combin(?:e|es|ed|ing))\b",
        ),
        (
            // Looking into data is using it, where no other practice is stated: "personnel
            // does not access private repositories", "we never read your email", "we do not
            // scan your messages" (the verb before what is looked into: "you will not have
            // access to" is no use).
            Practice::Use,
            r"\b(?:access(?:es|ed|ing)?|scan(?:s|ned|ning)?|monitor(?:s|ed|ing)?|read(?:s|ing)?)\s+(?:your|private|personal|customer|users?|(?:the|this|that|such|any)\s+(?:contents?|data|information|messages?|audio|recordings?|communications?))\b",
        ),
    ]
    .into_iter()
    .map(|(p, r)| (p, format!("(?i){r}")))
    .unzip();
    (practices, PatternSet::new(sources))
});

/// The practices `negation` of `text` promises not to carry out, each with the word that names
/// it: the practice verbs that follow its cue, run together with "or", "and", commas and
/// quotes, past an auxiliary, an adverb or another verb of the run ("does not \"sell\" or
/// \"share\"", "will never be sold, rented or shared", "do not knowingly collect", "do not
/// create or use"). Verbs further on are not what is negated: "we do not share it except to
/// process payments" promises nothing of processing. "Neither … nor …" negates the verb after
/// its subjects: "neither we nor our partners sell". Each practice once, in the set's order.
pub fn negated_practices(text: &str, negation: &Negation) -> Vec<(Practice, Range<usize>)> {
    const PASSED: [&str; 13] = [
        "be",
        "been",
        "being",
        "to",
        "have",
        "has",
        "ever",
        "knowingly",
        "intentionally",
        "otherwise",
        "directly",
        "indirectly",
        "actively",
    ];
    const LINKS: [&str; 4] = ["or", "and", "nor", "and/or"];
    let (practices, set) = &*PRACTICES;
    let start = negation.cue.end;
    let after = text.get(start..negation.clause.end).unwrap_or_default();
    let mut found: Vec<Option<Range<usize>>> = vec![None; practices.len()];
    let words: Vec<(usize, &str, &str)> = (after.split_whitespace())
        .take(NEGATED_RUN)
        .map(|raw| {
            let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '/');
            // Both slices of `after`: where the word starts in it.
            (word.as_ptr() as usize - after.as_ptr() as usize, raw, word)
        })
        .collect();
    // Where the practice named last ends: the words it is named in are part of the run.
    let mut named_until = 0;
    // After "neither", the subjects up to a few words past "nor" ("we nor our partners").
    let neither =
        (text.get(negation.cue.clone())).is_some_and(|cue| cue.eq_ignore_ascii_case("neither"));
    let subjects_end = (words.iter().take(NEITHER_SUBJECT_WORDS))
        .position(|(_, _, w)| w.eq_ignore_ascii_case("nor"))
        .filter(|_| neither)
        .map_or(0, |nor| nor + NEITHER_SUBJECT_WORDS);
    for (k, &(at, raw, word)) in words.iter().enumerate() {
        if at < named_until {
            continue;
        }
        let lower = word.to_ascii_lowercase();
        // A practice named in a few words starting at this one: "make available", "access
        // your messages".
        let until = words
            .get(k + PRACTICE_WORDS)
            .map_or(after.len(), |&(next, _, _)| next);
        let matched: Vec<(usize, Range<usize>)> = (set.first_matches(&after[at..until]))
            .into_iter()
            .filter(|(_, r)| r.start == 0)
            .collect();
        let linked = raw.ends_with(',')
            || (words.get(k + 1))
                .is_some_and(|(_, _, next)| LINKS.iter().any(|l| next.eq_ignore_ascii_case(l)));
        let passed =
            word.is_empty() || LINKS.contains(&lower.as_str()) || PASSED.contains(&lower.as_str());
        if matched.is_empty() && !passed && !linked && (k >= subjects_end || named_until > 0) {
            break;
        }
        for (i, r) in matched {
            found[i].get_or_insert(start + at..start + at + r.end);
            named_until = named_until.max(at + r.end);
        }
    }
    (practices.iter().zip(found))
        .filter_map(|(p, word)| Some((*p, word?)))
        .collect()
}

/// The practices that a clause of `text` with none of its `negations` states, each with that
/// clause: "… but our partners sell it" after "We do not sell your data". Each practice once.
pub fn affirmed_practices(text: &str, negations: &[Negation]) -> Vec<(Practice, Range<usize>)> {
    let (practices, set) = &*PRACTICES;
    let mut out: Vec<(Practice, Range<usize>)> = Vec::new();
    for clause in clauses(text) {
        let negated = |n: &Negation| n.clause.start < clause.end && clause.start < n.clause.end;
        if negations.iter().any(negated) {
            continue;
        }
        for (i, _) in set.first_matches(&text[clause.clone()]) {
            if !out.iter().any(|(p, _)| *p == practices[i]) {
                out.push((practices[i], clause.clone()));
            }
        }
    }
    out
}

/// How many words a subject of "neither … nor …" may have: "neither we nor any of our
/// partners".
const NEITHER_SUBJECT_WORDS: usize = 4;

/// How many words after a negation's cue may hold the practices it negates.
const NEGATED_RUN: usize = 12;

/// The most words a practice is named in: "access the contents of".
const PRACTICE_WORDS: usize = 4;

/// A modal verb; a following number makes "May" a month ("May 25, 2018").
static MODAL: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\b(may|might|can|could|will|shall|must|would|should)\b(\s+\d)?")
});

/// The number words of [`NUMBER`]: a macro, so that [`QUANTITY_WORD`] is built from the same
/// list.
macro_rules! number_words {
    () => {
        r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|eighteen|twenty|thirty|forty|forty-five|fifty|sixty|ninety|hundred|a\s+hundred"
    };
}

const NUMBER: &str = concat!(r"\d+(?:[.,]\d+)*|", number_words!());

/// A period kept without a number: "indefinitely", "for as long as (it is) necessary", "as long
/// as we need it", "no longer than necessary" (not "as long as you agree", "as long as we
/// need you to …", "as long as we are required to by law": conditions). A macro, so that
/// [`QUANTITY_WORD`] is built from it.
macro_rules! open_period {
    () => {
        r"indefinite(?:ly)?|(?:as\s+long\s+as|no\s+longer\s+than)\s+(?:(?:it|they|is|are)\s+){0,2}(?:reasonably\s+|strictly\s+)?(?:necessary|needed|required)\b|as\s+long\s+as\s+we\s+(?:reasonably\s+)?need\s+(?:it|them|this|that)\b"
    };
}

/// A whole number of years, what "13 or older" and "13 years old" can be an age of.
const AGE_NUMBER: &str = concat!(r"\d{1,2}|", number_words!());
/// Who has an age: "children under 13", "users who are over 18".
const PERSONS: &str = r"(?:child|children|kids|minors|users|individuals|persons|people|anyone|teens|teenagers|members|customers)";
/// Who has an age with a verb: "you must be at least 13", "you're under 16", "who are 13".
const PRONOUNS: &str = r"(?:you|they|who)";
const BE: &str =
    r"(?:'re|\s+(?:(?:must|should|will|may|need\s+to|have\s+to)\s+)?(?:are|is|were|be))";
/// What opens a period's lower bound: "at least 90 days", "no less than a year". (Not "more
/// than", said as often as "over" and "beyond", which are no bound of a kept period.)
const MIN_BOUND: &str =
    r"at\s+least|(?:a\s+)?minimum\s+of|no\s+(?:less|shorter)\s+than|not\s+less\s+than";
/// How a period's label says it is a lower bound ([`MIN_BOUND`]).
const AT_LEAST: &str = "at least ";
/// How a period's label says it is when something only begins ([`BEGINS_BEFORE`]).
const BEGINS: &str = "begins within ";

/// Before a period, what makes it the time by which something starts, not ends: "our purge
/// script commences the deletion process within 90 days" (Reddit, 2024, where it had said
/// "may take up to 90 days … to complete deletion").
static BEGINS_BEFORE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b(?:commenc|begin|began|begun|start|initiat)\w*(?:\s+[\w-]+){0,4}\s+within\s+$",
    )
});

/// An age's bound: "at least 13", "under 16".
const BOUND: &str = r"(?:at\s+least|under|over|below|above|younger\s+than|older\s+than)";

/// Another age right after one, for elsewhere or for something else: "children under 13
/// (or under 16 in the EEA)", "under the age of 13, or 16 where the law requires".
static AGE_ALTERNATIVE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(format!(
        r"(?i)^\s*[,(]?\s*(?:or|and)\s+(?:{BOUND}\s+)?(?:the\s+age\s+of\s+)?({AGE_NUMBER})\b"
    ))
});

/// What opens a quantity without a digit, at a word start: a word of [`NUMBER`] or an open
/// period. A set of one, for its prebuilt DFA (searched in every sentence without a digit, the
/// program cost a twentieth of a diff).
static QUANTITY_WORD: LazyLock<PatternSet> = LazyLock::new(|| {
    PatternSet::new(vec![
        concat!(r"(?i)\b(?:", number_words!(), "|", open_period!(), ")").to_string(),
    ])
});

/// A digit of any script.
static DIGIT: LazyLock<Pattern> = LazyLock::new(|| Pattern::new(r"\d"));

/// "Last updated: May 1, 2023", "Effective date: 2023-05-01", …: the statement and its date.
/// A space may stand before the comma ("November 8 , 2022": pages converted from HTML have it).
static DATE_STATEMENT: LazyLock<Pattern> = LazyLock::new(|| {
    let month = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?";
    let date = format!(
        r"(?:{month}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{month}\s*,?\s+\d{{4}}|{month}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})"
    );
    Pattern::new(format!(
        r"(?i)\b(?:last\s+(?:updated|modified|revised|changed|amended)|(?:date\s+)?(?:updated|revised|modified)(?:\s+on)?|effective(?:\s+date|\s+as\s+of|\s+from|\s+on)?|date\s+of\s+(?:last\s+)?(?:revision|update)|(?:revision|version)\s+date|last\s+revision)\b\W{{0,4}}(?:on\s+|as\s+of\s+|date\s+)?({date})"
    ))
});

/// The statement of when the policy took effect or was last updated that `text` makes, if any
/// ("Last updated: May 1, 2023"): the whole statement, and its date's words in lower case, one
/// space apart ("May 1, 2023" and "may 1 , 2023" are one date).
pub fn date_statement(text: &str) -> Option<(String, String)> {
    let c = DATE_STATEMENT.captures(text)?;
    let date = text[c.get(1)?]
        .to_lowercase()
        .split(|ch: char| ch.is_whitespace() || ch == ',')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Some((text[c.get(0)?].to_string(), date))
}

/// Whether `text` holds what `\d` matches: any decimal digit, in any script. Most sentences
/// have none, and a pattern that needs one (a quantity, a date) need not be searched there.
pub fn has_digit(text: &str) -> bool {
    // Sixteen bytes at a time without a branch each (vector code), the last few one by one. No
    // byte of a character beyond ASCII is an ASCII digit.
    let digit = |b: &u8| b.is_ascii_digit();
    let mut chunks = text.as_bytes().chunks_exact(16);
    if (chunks.by_ref()).any(|chunk| chunk.iter().fold(false, |any, b| any | digit(b)))
        || chunks.remainder().iter().any(digit)
    {
        return true;
    }
    // Every other digit is numeric; the characters beyond ASCII in a policy (quotes, dashes,
    // accented letters) are not, and then the regex need not read the sentence.
    !text.is_ascii()
        && text.chars().any(|c| !c.is_ascii() && c.is_numeric())
        && DIGIT.is_match(text)
}

/// What a sentence's values are read from: whether it has a digit, and its search with the
/// set that tells the rest ([`ValueSearch::set`]).
struct ValueSearch<'a> {
    digit: bool,
    searched: Searched<'a>,
}

impl<'a> ValueSearch<'a> {
    /// The set a sentence is searched with for its values. Every [`QUANTITY`] needs a digit or
    /// a [`QUANTITY_WORD`] (each starts at a word boundary there): most sentences have
    /// neither, and two quick searches spare four (apart, the number words are tried at word
    /// starts only: one pattern with `\d` too tried them at every letter that starts one,
    /// 60,000 instructions for a long sentence). So a sentence with a digit is searched for
    /// contact details, which a digit lets occur (see [`may_contact`]); one without, for the
    /// quantity words.
    fn set(digit: bool) -> &'static PatternSet {
        match digit {
            true => &CONTACT,
            false => &QUANTITY_WORD,
        }
    }

    /// The search of `text` alone (in [`names`], it is searched beside the vocabulary).
    fn alone(text: &'a str) -> ValueSearch<'a> {
        let digit = has_digit(text);
        let [searched] = PatternSet::search_together([ValueSearch::set(digit)], text);
        ValueSearch { digit, searched }
    }

    /// Whether a quantity may occur, and the search for contact details if it was made.
    fn gates(self) -> (bool, Option<Searched<'a>>) {
        match self.digit {
            true => (true, Some(self.searched)),
            false => (self.searched.is_match(), None),
        }
    }

    /// The values of `text`, the text searched.
    fn read(self, text: &str) -> Reading {
        let (may_quantify, contacts_searched) = self.gates();
        Reading {
            quantities: match may_quantify {
                true => quantities(text),
                false => Vec::new(),
            },
            contacts: match contacts_searched {
                Some(searched) => contacts_in(text, searched),
                None => contacts(text),
            },
            controllers: controllers(text),
            ..Reading::default()
        }
    }
}

/// A kind of quantity: its name, its pattern, and words one of which each of its matches holds
/// (in ASCII lower case).
struct QuantityKind {
    name: &'static str,
    pattern: Pattern,
    /// Its words, each searched for with a finder made once.
    words: Vec<Finder<'static>>,
}

/// Durations, ages, percentages and amounts of money.
static QUANTITY: LazyLock<Vec<QuantityKind>> = LazyLock::new(|| {
    let kind = |name, source: String, words: &'static [&'static str]| QuantityKind {
        name,
        pattern: Pattern::new(source),
        words: words.iter().map(Finder::new).collect(),
    };
    vec![
        // A period's lower bound is part of it: "at least 90 days" and "90 days or more" may
        // be any longer, and a period kept "for 90 days" or "up to 90 days" that becomes one is
        // a change.
        kind(
            "duration",
            format!(
                r"(?i)\b(?:({MIN_BOUND})\s+)?({NUMBER})(?:\s*\(\d+\))?[\s-]+(?:calendar\s+|business\s+|working\s+)?(second|minute|hour|day|week|month|year)s?\b(\s+or\s+(?:more|longer)(?:[.,;:)]|$|\s+(?:if|where|when|as|after|from)\b))?"
            ),
            &["second", "minute", "hour", "day", "week", "month", "year"],
        ),
        // A period without a number, one of two labels: "kept indefinitely" has no end, "as
        // long as necessary" the end of a need. Either may replace a number of days.
        kind(
            "open period",
            concat!(r"(?i)\b(?:", open_period!(), r")\b").to_string(),
            &["indefinite", "as long as", "no longer than"],
        ),
        // "age 13", "aged 13", "under the age of 13", "children under 13", "users over 18",
        // "you must be at least 13", "users must be at least 16", "if you are 13 or older",
        // "13 years old", "16 years of age". A pronoun needs its verb ("we notify you at least 14 days before"), and a
        // period is no age: "over 30 days", "they are over 90 days old" (see `quantities`).
        kind(
            "age",
            format!(
                r"(?i)\b(?:age(?:d|\s+of)?\s+({NUMBER})|{PERSONS}(?:\s+who\s+are)?\s+{BOUND}\s+({NUMBER})|(?:{PRONOUNS}|{PERSONS}){BE}\s+{BOUND}\s+({AGE_NUMBER})|(?:{PERSONS}(?:\s+who\s+are)?|(?:{PRONOUNS}|{PERSONS}){BE})\s+({AGE_NUMBER})\s+(?:or|and)\s+(?:older|over)|({AGE_NUMBER})[\s-]+years?[\s-]+(?:old|of\s+age))\b(?:[\s-]+years?[\s-]+(?:old|of\s+age)\b)?(?:\s+(?:or|and)\s+(?:older|over|above|up|younger|under|below)\b)?"
            ),
            &[
                "age", "under", "over", "below", "above", "than", "least", "old",
            ],
        ),
        kind(
            "percentage",
            format!(r"(?i)\b({NUMBER})\s*(%|percent\b|per\s+cent\b)"),
            &["%", "per"],
        ),
        kind(
            "money",
            money(r"\$|€|£"),
            // "eur" holds "euros" too.
            &["$", "dollars", "pounds", "usd", "eur", "gbp"],
        ),
    ]
});

/// Amounts of money with a currency sign of `signs` before them, or a currency named after.
fn money(signs: &str) -> String {
    format!(
        r"(?i)((?:{signs})\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:million|billion|thousand))?|\b\d[\d,]*(?:\.\d+)?\s*(?:dollars|euros|pounds|USD|EUR|GBP)\b)"
    )
}

/// Money in text without `€` and `£`, the money pattern's only characters outside ASCII: the
/// pattern without them is searched without compiling automata, in ASCII text and in the
/// shadow of most other text (a sentence with a bullet or an accent).
static MONEY_WITHOUT_EURO_OR_POUND: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(money(r"\$")));

/// "… with our trusted ", "… to ": what comes before a party that receives data.
static RECIPIENT_BEFORE: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?i)\b(?:with|to|among|between)\s+(?:[\w,'-]+\s+){0,4}$"));

/// Words that open a clause of their own: a party named after one is not the one "with" or
/// "to" leads to ("the policy applies to you if you connect third party apps"). (Not a
/// pronoun: "made available to you and advertisers" gives it to both.)
const CLAUSE_OPENERS: [&str; 9] = [
    "if", "when", "unless", "whether", "because", "which", "who", "where", "while",
];

/// Whether a party named after `before` is one data goes to: after "with" or "to" and at most
/// four words ("to our trusted service providers"), none of which opens another clause.
fn named_as_recipient(before: &str) -> bool {
    let mut from = 0;
    while let Some(found) = RECIPIENT_BEFORE.find(&before[from..]) {
        let mut words = before[from + found.start..].split(|c: char| !c.is_alphanumeric());
        let preposition = words.next().unwrap_or_default();
        if !words.any(|w| CLAUSE_OPENERS.iter().any(|o| w.eq_ignore_ascii_case(o))) {
            return true;
        }
        // A nearer "with" or "to" may lead to it: "accounts you have with third parties".
        from += found.start + preposition.len();
    }
    false
}

/// Words of a sentence about data leaving a country: what makes "appropriate safeguards" a
/// transfer mechanism rather than a measure of security, and "derogations" the GDPR's for
/// transfers rather than another law's, where no other mechanism is named.
static TRANSFER_CONTEXT: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b(?:transfer\w*|export\w*|countr(?:y|ies)|international\w*|cross-border|abroad|EEA|European\s+Economic\s+Area|outside\s+(?:of\s+)?(?:the\s+)?(?:EU|European|UK|United\s+Kingdom|Switzerland))\b",
    )
});

/// A mechanism no longer (or not) relied on, or no longer valid: "we no longer rely on the
/// Privacy Shield", "the Privacy Shield Program is no longer a valid basis", "was invalidated",
/// "we no longer transfer data under the Privacy Shield" (or stopped, ceased to, discontinued
/// such transfers; not "stop": "ask us to stop transfers" is no disavowal). Not any negation: in "to a country that doesn't provide an adequate level
/// of protection, we use standard contractual clauses" the clauses are relied on, as they are
/// in "we do not transfer data abroad except under standard contractual clauses".
static TRANSFER_DISAVOWED: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b(?:(?:no\s+longer|not|never|\w+n't|ceas(?:e|es|ed)\s+to|stopped)\s+(?:\w+\s+){0,2}?(?:rel(?:y|ies|ied|ying)\s+(?:on|upon)|participat\w*|certif\w*|adher\w*|(?:an?\s+)?valid)|(?:no\s+longer|ceas(?:e|es|ed)\s+to|stopped|discontinu\w*)\s+(?:\w+\s+){0,2}?transfer\w*|invalidat\w*|struck\s+down)\b",
    )
});

/// Where a disavowal ends within its clause: what follows names mechanisms relied on ("we no
/// longer rely on the Privacy Shield and instead rely on standard contractual clauses", "...
/// cease to transfer your data, other than under standard contractual clauses", "where we no
/// longer transfer data under an adequacy decision, we rely on ...", "should these
/// certifications become invalidated, Cloudflare relies on ..."). Reliance resumes with its
/// subject: "we no longer rely on, or use, the Privacy Shield" and "... stopped transferring
/// data relying on the Privacy Shield" disavow it.
static TRANSFER_RESUMED: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b(?:instead|but|other\s+than|except|unless|rather|(?:we|now|(?-i:[A-Z]\w*))\s+(?:\w+\s+)?(?:rel(?:y|ies|ying)\s+(?:on|upon)|use|uses|using))\b",
    )
});

/// A contrast before a disavowal, which reaches back to it and no further: in "we rely on
/// standard contractual clauses rather than the Privacy Shield, which is no longer valid" the
/// clauses are relied on.
static TRANSFER_CONTRASTED: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b(?:rather\s+than|instead\s+of|in\s+(?:place|lieu)\s+of|as\s+opposed\s+to)\b",
    )
});

/// Words that make a web address a way to reach the company, not a link to a partner's site.
static CONTACT_CONTEXT: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b(?:contact\w*|reach|write|e-?mail|questions?|complaints?|requests?|forms?|call|mail|submit)\b",
    )
});

/// E-mail addresses, web addresses, telephone numbers and postal addresses: a set of one, for
/// its prebuilt DFA (its e-mail branch starts with any word character, so its program was tried
/// at nearly every byte of each sentence with a digit).
static CONTACT: LazyLock<PatternSet> = LazyLock::new(|| {
    PatternSet::new(vec![concat!(
        r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
        // An address written against harvesters: "privacy[at]example.org", "privacy [AT]
        // example [DOT] org".
        r"|[\w.+-]+\s?(?:\[(?:at|AT)\]|\(at\))\s?[\w-]+(?:(?:\.|\s?(?:\[(?:dot|DOT)\]|\((?:dot|DOT)\))\s?)[\w-]+)+",
        // "(AT)" only with a "(DOT)" after it: "Vienna (AT) example.at" is a city in Austria.
        r"|[\w.+-]+\s?\(AT\)\s?[\w-]+(?:\.[\w-]+)*\s?(?:\[DOT\]|\(DOT\))\s?[\w-]+(?:(?:\.|\s?(?:\[(?:dot|DOT)\]|\((?:dot|DOT)\))\s?)[\w-]+)*",
        r"|\bhttps?://[^\s<>()\[\]]+|\bwww\.[^\s<>()\[\]]+",
        r"|(?:\+\d{1,3}[\s.-]?)?\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b",
        r"|\+\d{1,3}(?:[\s.-]?\d{2,4}){3,5}\b",
        r"|\b\d{1,6}\s+(?:[A-Z][\w.'-]*\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Way|Place|Square|Parkway|Plaza|Court|Ct)\b",
        r"|\bP\.?\s?O\.?\s+Box\s+\d+",
    )
    .to_string()])
});

/// A postal address written street first, as most of Europe writes it: "Hardturmstrasse 11",
/// "Rödingsmarkt 9", "Polstjärnegatan 14", "Via Roma 12", "6 place de la Madeleine". A set of
/// its own: with [`CONTACT`], the DFA of their whole patterns would outgrow its bound. (ASCII,
/// as a prebuilt set is: `\w` stands for a letter such as "ß" or "ä".)
static STREET_FIRST: LazyLock<PatternSet> = LazyLock::new(|| {
    PatternSet::new(vec![concat!(
        r"\b[A-Z][\w'-]*(?:stra(?:ss|\w)e|str\.|gasse|gatan|v\wgen|straat|allee|weg|gade|vej|laan|gracht|kade|twiete|damm|ufer|platz|plein|markt)\s+\d{1,4}[a-z]?\b",
        r"|\b(?:Via|Viale|Piazza|Corso|Calle|Avenida|Rua|Carrer|Paseo)\s+(?:(?:[A-Z][\w'.-]*|de|del|della|di|da|do|dos|das|los|las|la)\s+){1,5}\d{1,4}\b",
        r"|\b\d{1,4},?\s+(?:rue|avenue|boulevard|quai|all\wee|place|chemin|cours)\s+(?:de\s+la\s+|de\s+|du\s+|des\s+|d')?[A-Z][\w'-]*",
    )
    .to_string()])
});

/// Reads sentences with the lexicons of a configuration and the built-in vocabularies.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'c> {
    annotator: Annotator<'c>,
    purpose: Option<LexiconId>,
    advertising: Option<LexiconId>,
    identifying: Option<LexiconId>,
}

impl<'c> Reader<'c> {
    pub fn new(config: &'c Config) -> Reader<'c> {
        let id = |name: &str| config.lexicons.iter().position(|l| l.name == name);
        Reader {
            annotator: Annotator::new(config),
            purpose: id("purpose"),
            advertising: id("advertising"),
            identifying: id("identifying-data"),
        }
    }

    /// Everything: what [`names`] finds, the negations, the modal verbs and the lexicons.
    pub fn read(&self, text: &str) -> Reading {
        let negations = negations(text);
        let annotations = self.annotator.annotate_with(text, &negations);
        let any = |id: Option<LexiconId>, polarity| {
            id.is_some_and(|id| self.annotator.has(&annotations, text, id, polarity))
        };
        let purpose_spans = self
            .purpose
            .map(|id| {
                annotations
                    .find(id, Polarity::Any)
                    .map(|m| m.span.clone())
                    .collect()
            })
            .unwrap_or_default();
        Reading {
            modals: modals(text),
            states_purpose: any(self.purpose, Polarity::Any),
            advertising: any(self.advertising, Polarity::Any),
            excludes_identifying: any(self.identifying, Polarity::Negated),
            purpose_spans,
            negations,
            ..names(text)
        }
    }
}

/// Drops each mention whose words are part of another's that names a kind of it: "precise
/// geolocation" names one category, not "precise geolocation" and "geolocation" (while "sexual
/// orientation or gender identity" names gender too).
fn drop_nested(mentions: &mut Vec<Mention>) {
    let outer = |m: &Mention, n: &Mention| {
        n.span != m.span
            && n.span.start <= m.span.start
            && m.span.end <= n.span.end
            && n.label.contains(&*m.label)
    };
    let nested: Vec<bool> = (mentions.iter())
        .map(|m| mentions.iter().any(|n| outer(m, n)))
        .collect();
    let mut k = 0;
    mentions.retain(|_| {
        k += 1;
        !nested[k - 1]
    });
}

/// What a sentence names — quantities, data categories, purposes, recipients, rights, transfer
/// mechanisms, contact details — and the practice it states: what comparing two versions needs
/// of every changed sentence. The rest of a [`Reading`] is left empty.
pub fn names(text: &str) -> Reading {
    let (practices, practice_set) = &*PRACTICES;
    let digit = has_digit(text);
    let sets = [&VOCAB.set, practice_set, ValueSearch::set(digit)];
    let [found, practice_found, searched] = PatternSet::search_together(sets, text);
    let mut practices_found = practice_found.first_matches();
    let Named {
        mut data_categories,
        mut purposes,
        recipients,
        rights,
        mut transfers,
    } = VOCAB.mentions(found.first_matches());
    relied_on(text, &mut transfers);
    data_categories.retain(|m| {
        !is_no_location_data(text, m)
            && !is_our_contact_details(text, m)
            && !is_name_of_a_thing(text, m)
    });
    // "Non-precise location data" is location data, not precise location data.
    for m in &mut data_categories {
        let before = text.as_bytes()[..m.span.start]
            .rchunks(4)
            .next()
            .unwrap_or_default();
        if &*m.label == "precise geolocation"
            && [b"non-", b"non ", b"not "]
                .iter()
                .any(|w| before.eq_ignore_ascii_case(*w))
        {
            m.label = "geolocation".into();
        }
    }
    purposes.retain(|m| !is_users_own_act(text, m) && !names_a_category(text, m));
    for list in [&mut data_categories, &mut purposes] {
        drop_nested(list);
    }
    // "Opt out of promotional messages", "withdraw your consent to marketing" name a choice,
    // not a purpose of processing. Consent named first ("to send you marketing emails, based
    // on your consent, which you can withdraw") has its purpose stated before it: kept.
    let choice = |r: &Mention| {
        matches!(&*r.label, "opt-out" | "withdrawal of consent")
            && !text
                .get(r.span.start..r.span.start + "consent".len())
                .is_some_and(|w| w.eq_ignore_ascii_case("consent"))
    };
    if rights.iter().any(choice) {
        purposes.clear();
    }
    // "Learn more about the technologies used for advertising." points at a page: it states
    // no purpose of processing. (What it names is kept: "Learn more about how you can verify
    // your identity through facial recognition" is news of a kind of data.)
    if is_pointer(text) {
        purposes.clear();
    }
    // In the set's order: the first to match is the strongest.
    let practice = practices_found.next().map(|(i, m)| (practices[i], m));
    // A party is a recipient where data goes to it: the sentence shares or sells, or names it
    // after "with" or "to" ("from third parties" is a source).
    let sharing = gives_away(practice.as_ref(), text);
    let protected = protected_parties(text, &recipients);
    let (mut to, mut parties) = (Vec::new(), Vec::new());
    for (m, protected) in recipients.into_iter().zip(protected) {
        match !protected && (sharing || named_as_recipient(&text[..m.span.start])) {
            true => to.push(m),
            false => parties.push(m),
        }
    }
    Reading {
        practice,
        data_categories,
        purposes,
        recipients: to,
        parties,
        rights,
        transfers,
        ..ValueSearch { digit, searched }.read(text)
    }
}

/// "the rights, property or safety of", "our interests and safety, and those of our", "the
/// safety of our users and": what comes before a party that a sentence protects, not one that
/// data goes to. A protection is named first: "the property of the buyer", "networks, including
/// those of our partners" are parties data goes to.
static PROTECTED_BEFORE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b(?:rights|safety|security|interests)\b[^.;:]{0,60}?\bof\s+(?:(?:our|the|its|other|users|customers|members|employees|visitors|people|public|others|and|or)\b,?\s+)*$",
    )
});

/// What stands between the parties of one list: "service providers, business partners".
static LIST_GAP: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?i)^\s*,?\s*(?:(?:and|or)\s+)?(?:(?:our|other)\s+)?$"));

/// Which of `parties` (in the order of the text) the sentence protects ("to protect our
/// interests and safety, and those of our service providers, business partners, and
/// community"): a party after [`PROTECTED_BEFORE`], and those listed with it.
fn protected_parties(text: &str, parties: &[Mention]) -> Vec<bool> {
    let mut previous: Option<(usize, bool)> = None;
    (parties.iter())
        .map(|m| {
            let protected = match previous {
                Some((end, true)) if end <= m.span.start => {
                    LIST_GAP.is_match(&text[end..m.span.start])
                }
                _ => PROTECTED_BEFORE.is_match(&text[..m.span.start]),
            };
            previous = Some((m.span.end, protected));
            protected
        })
        .collect()
}

/// Whether a sentence only points at more to read: "Learn more about …", "Read more about …",
/// "Find out more about …" (not a table's row that opens with one: its other cells state).
fn is_pointer(text: &str) -> bool {
    let text = text.trim_start();
    !text.contains(" | ")
        && [
            "learn more about ",
            "read more about ",
            "find out more about ",
        ]
        .iter()
        .any(|p| {
            text.get(..p.len())
                .is_some_and(|o| o.eq_ignore_ascii_case(p))
        })
}

/// Takes the parties that list entries name under a lead-in that gives data away for
/// recipients: "We share your information with these third parties:", then "Data brokers" (an
/// entry has no verb of its own); so for "This includes data brokers." after a sentence that
/// shares. `readings[k]` reads `texts[k]`, sentences in a row of one part of a policy (a
/// section's introduction, an item). A party is taken once, however often this is asked.
pub fn list_recipients(texts: &[&str], readings: &mut [Reading]) {
    // The lead-in last read and whether it shares: the entries of one list share it.
    let mut last: Option<(usize, bool)> = None;
    for k in 0..readings.len().min(texts.len()) {
        // An entry names; it states no practice of its own ("We may buy lists from …").
        if readings[k].parties.is_empty() || readings[k].practice.is_some() {
            continue;
        }
        let Some(lead_in) = lead_in(texts, k) else {
            continue;
        };
        let shares = match last {
            Some((j, shares)) if j == lead_in => shares,
            _ => shares_in_lead_in(texts[lead_in]),
        };
        last = Some((lead_in, shares));
        if shares {
            let text = texts[k];
            let (to, from): (Vec<Mention>, Vec<Mention>) =
                (std::mem::take(&mut readings[k].parties).into_iter())
                    .partition(|m| !SOURCE_BEFORE.is_match(&text[..m.span.start]));
            readings[k].recipients.extend(to);
            readings[k].parties = from;
        }
    }
}

/// How many entries of a list under a lead-in [`lead_in`] looks through.
const LIST_ENTRIES: usize = 40;

/// The most words of a list entry that is a name ("Service providers that host our website"),
/// not a sentence of its own.
const LIST_ENTRY_WORDS: usize = 12;

/// What opens a sentence that goes on with the parties of the one before: "This includes",
/// "These may include".
static INCLUDES: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)^\W*(?:this|these|they|such\s+parties)\s+(?:(?:may|can)\s+)?(?:includes?|comprises?)\b",
    )
});

/// "… from ", "… from our trusted ": what comes before a party that data comes from.
static SOURCE_BEFORE: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?i)\bfrom\s+(?:[\w,'-]+\s+){0,4}$"));

/// The sentence that leads in to sentence `k` of `texts` if `k` is an entry of a list under it
/// (the entries between are short, and it ends with a colon), or goes on from it ("This
/// includes …").
fn lead_in(texts: &[&str], k: usize) -> Option<usize> {
    if k > 0 && INCLUDES.is_match(texts[k]) {
        return Some(k - 1);
    }
    for j in (k.saturating_sub(LIST_ENTRIES)..k).rev() {
        let text = texts[j].trim_end();
        if text.ends_with(':') {
            return Some(j);
        }
        if text.split_whitespace().nth(LIST_ENTRY_WORDS).is_some() {
            return None;
        }
    }
    None
}

/// Whether a lead-in gives data away and does not deny it ("We do not share it with:"), nor
/// names where data comes from ("… that we receive from:").
fn shares_in_lead_in(text: &str) -> bool {
    let lead_in = Reading {
        negations: negations(text),
        ..names(text)
    };
    let from = (text
        .trim_end()
        .trim_end_matches(':')
        .split_whitespace()
        .last())
    .is_some_and(|w| w.eq_ignore_ascii_case("from"));
    lead_in.shares(text) && !lead_in.negated() && !from
}

/// Whether `practice`, stated in `text`, gives data away: sharing or selling, and not to the
/// company.
pub fn gives_away(practice: Option<&(Practice, Range<usize>)>, text: &str) -> bool {
    matches!(practice, Some((Practice::Share | Practice::Sell, at)) if !toward_us(text, at))
}

/// Whether the practice verb at `at` of `text` passes the data to the company itself ("they
/// send your information to us", "shared with us"): data coming in, not going out.
pub fn toward_us(text: &str, at: &Range<usize>) -> bool {
    let after = text.get(at.end..).unwrap_or_default().to_lowercase();
    let words: Vec<&str> = (after.split_whitespace())
        .take(6)
        .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    words
        .windows(2)
        .any(|w| matches!(w[0], "to" | "with") && w[1] == "us")
}

/// Keeps of the transfer mechanisms `text` names those it relies on: derogations and
/// safeguards only in a sentence about a transfer or beside another mechanism, and none in a
/// clause that disavows them.
fn relied_on(text: &str, transfers: &mut Vec<Mention>) {
    let needs_context = |m: &Mention| vocabulary::TRANSFER_IN_CONTEXT.contains(&&*m.label);
    // Beside a mechanism named, they are more of the same list.
    let only_context_needing = !transfers.is_empty() && transfers.iter().all(needs_context);
    if only_context_needing && !TRANSFER_CONTEXT.is_match(text) {
        transfers.clear();
    }
    if !transfers.is_empty() && TRANSFER_DISAVOWED.is_match(text) {
        for clause in clauses(text) {
            let Some(cue) = TRANSFER_DISAVOWED.find(&text[clause.clone()]) else {
                continue;
            };
            // From the clause's start (the Privacy Shield "was invalidated"), or from a
            // contrast before the cue, to where a mechanism relied on may follow.
            let before = &text[clause.start..clause.start + cue.start];
            let start = (TRANSFER_CONTRASTED.find_iter(before).last())
                .map_or(clause.start, |c| clause.start + c.start);
            let after = clause.start + cue.end..clause.end;
            let end = (TRANSFER_RESUMED.find(&text[after.clone()]))
                .map_or(clause.end, |r| after.start + r.start);
            transfers.retain(|m| m.span.end <= start || end <= m.span.start);
        }
    }
}

/// "when you", "if you want to", "you can": what comes before an act of the user's own (not
/// "information from you to create an account"); and which users may do it ("Children under
/// the age of 13 are not allowed to", "You must be over the age required by the laws of your
/// country to"; not "We are required by law to", "our staff are permitted to").
static USER_ACTS: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)(?:\byou(?:\s+(?:first|also))?(?:\s+(?:(?:want|wish|choose|decide|need|have|are\s+able)\s+to|can|may|must))?|\b(?:you|children|users?|minors|individuals|people|persons|anyone|kids|teens)\b[^,.;]{0,60}?\b(?:allowed|permitted|eligible|old\s+enough|required(?:\s+by\s+[^,.;]{1,60}?)?)\s+to)$",
    )
});

/// "to allow you to", "to let you", "so that you can": the company's purpose is the user's act.
static USER_ENABLED: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)(?:\b(?:allow|let|enable|help|permit)\w*|\bso(?:\s+that)?)\s+you(?:\s+(?:to|can))?$",
    )
});

/// Whether an "account management" mention is the user's own act ("When you create your
/// account, we collect …", "If you want to create an account to join a community"): a moment or
/// a choice of the user's, not what the company uses data for (as "To allow you to manage your
/// account" is).
fn is_users_own_act(text: &str, mention: &Mention) -> bool {
    let users = |at: usize| {
        let before = text[..at].trim_end();
        USER_ACTS.is_match(before) && !USER_ENABLED.is_match(before)
    };
    if &*mention.label != "account management" || !users(mention.span.start) {
        return false;
    }
    // The first mention is the one read: a later one may be the company's ("If you choose to
    // create an Ad Account, we collect more information to create your account").
    let mut from = mention.span.end;
    while let Some(found) = ACCOUNT_ACTS.find(&text[from..]).filter(|f| !f.is_empty()) {
        if !users(from + found.start) {
            return false;
        }
        from += found.end;
    }
    true
}

/// The account acts of the "account management" purpose, each read on its own.
static ACCOUNT_ACTS: LazyLock<Pattern> = LazyLock::new(|| {
    let patterns = (vocabulary::PURPOSES.iter())
        .find(|(label, _)| *label == "account management")
        .map_or(&[][..], |(_, patterns)| *patterns);
    Pattern::new(format!("(?i){}", patterns.join("|")))
});

/// Whether a purpose mention is a word of a data category's name, in capitals as a name is
/// ("Log and Troubleshooting Information", "Authentication Data"): the data, not what it is
/// used for.
fn names_a_category(text: &str, mention: &Mention) -> bool {
    let capitalised = (text[mention.span.clone()].chars().next()).is_some_and(char::is_uppercase);
    let after = &text[mention.span.end..];
    capitalised && (after.starts_with(" Information") || after.starts_with(" Data"))
}

/// Whether a "your location" mention names no location data: where a law applies ("depending
/// on your location, you may have the right to …", "regardless of your location") or a
/// setting ("your location settings").
fn is_no_location_data(text: &str, mention: &Mention) -> bool {
    let said = &text[mention.span.clone()];
    let users = ["your ", "user", "a user"].iter().any(|w| {
        said.get(..w.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(w))
    });
    if &*mention.label != "geolocation" || !users {
        return false;
    }
    let (before, after) = around(text, mention);
    [
        "depending on",
        "depending upon",
        "regardless of",
        "irrespective of",
    ]
    .iter()
    .any(|p| before.ends_with(p))
        || after.starts_with("setting")
}

/// Whether a "person name" mention read at the end of a list is the name of a thing ("your
/// phone number, name of your mobile carrier").
fn is_name_of_a_thing(text: &str, mention: &Mention) -> bool {
    &*mention.label == "person name" && around(text, mention).1.starts_with("of ")
}

/// The sentence's text before and after a mention, trimmed next to it, in lower case.
fn around(text: &str, mention: &Mention) -> (String, String) {
    let before = text[..mention.span.start].trim_end().to_ascii_lowercase();
    let after = text[mention.span.end..].trim_start().to_ascii_lowercase();
    (before, after)
}

/// Whether a "contact information" mention is the company's own details, where a person can
/// reach it ("using the contact details provided below", "our contact information"), not data
/// collected.
fn is_our_contact_details(text: &str, mention: &Mention) -> bool {
    if &*mention.label != "contact information" {
        return false;
    }
    let (before, after) = around(text, mention);
    let ours = before == "our" || before.ends_with(" our");
    ours || [
        "provided below",
        "provided above",
        "provided in the section",
        "in section",
    ]
    .iter()
    .any(|w| after.starts_with(w))
}

/// What a sentence names that is a value read from its text, not a vocabulary label: its
/// quantities and contact details (the rest of the reading is empty).
pub fn values(text: &str) -> Reading {
    ValueSearch::alone(text).read(text)
}

/// A company's name: capitalised words ending in a company form ("Meta Platforms Ireland
/// Limited", "Google LLC", "Twitter International Unlimited Company", "Spotify AB", "Anthropic
/// PBC", a public benefit corporation; Airbnb's "Airbnb Ireland UC", an Irish unlimited
/// company, "Airbnb Payments Luxembourg SA", "Airbnb Plataforma Digital Ltda", "Airbnb Internet
/// (Beijing) Co., Ltd.", "Zoom (Hong Kong) Limited": a word in brackets, after the first, is
/// part of the name). Not "SE" (a European company): in an address it is Sweden ("Stockholm,
/// SE", "SE-111 53"). "NV", "AB", "AS" and "SA" after a comma are a state or a province ("Las Vegas, NV", "Adelaide, SA"),
/// and "SA" after fewer than two words, or before a postcode, one too or a supervisory
/// authority ("Adelaide SA 5000", "the Irish SA"): [`controllers`] leaves them out.
static COMPANY: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"\b[A-Z][A-Za-z0-9&'.-]*(?:\s+(?:\([A-Z][A-Za-z0-9&'.-]*(?:\s+[A-Z][A-Za-z0-9&'.-]*){0,2}\)|[A-Z][A-Za-z0-9&'.-]*)){0,5},?\s+(?:Inc|LLC|L\.L\.C|Ltd|Limited|Corporation|Corp|Company|PBC|LLP|GmbH|AG|plc|PLC|UC|ULC|DAC|B\.V|S\.A|SA|S\.L|SAS|SARL|S\.a\.r\.l|SRL|S\.r\.l|SpA|S\.p\.A|Ltda|KK|K\.K|Pte|Pty|Bhd|Oy|AB|ApS|AS|NV|N\.V)\b\.?",
    )
});

/// The companies `text` names where it speaks of a controller of the data: who answers for it
/// under data protection law. So does a company a policy calls "we" ("TikTok Inc. ("TikTok",
/// "we" or "us") is committed to …"), as a US policy names the one that answers for it.
pub fn controllers(text: &str) -> Vec<Mention> {
    static CONTROLLER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("ontroller"));
    let speaks_of_controller = CONTROLLER.find(text.as_bytes()).is_some();
    if !speaks_of_controller && !text.contains("\"we") && !text.contains("\u{201C}we") {
        return Vec::new();
    }
    let mut out: Vec<Mention> = Vec::new();
    for found in COMPANY.find_iter(text) {
        if !speaks_of_controller && !called_we(&text[found.end..]) {
            continue;
        }
        // "The Company" is how a policy names itself, not which company it is.
        let name = &text[found.clone()];
        let start = found.start + name.len() - name.trim_start_matches("The ").len();
        let name = text[start..found.end].trim_end_matches([',', '.']);
        // "Las Vegas, NV", "Calgary, AB": a city and its state or province, where the form
        // follows a comma ("Spotify AB" and "Adyen N.V." have none).
        if let Some((place, form)) = name.rsplit_once(' ')
            && place.ends_with(',')
            && matches!(form, "NV" | "AB" | "AS" | "SA")
        {
            continue;
        }
        let postcode = text[found.end..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit());
        if name.ends_with(" SA") && (name.split(' ').count() < 3 || postcode) {
            continue;
        }
        // "Discord, Inc." and "Discord Inc" are one company.
        let label = name.replace(',', "");
        if label.contains(char::is_whitespace) && !out.iter().any(|m| *m.label == *label) {
            out.push(Mention {
                label: label.into(),
                span: start..start + name.len(),
            });
        }
    }
    out
}

/// Whether `after` (what follows a company's name) opens the bracket that names it "we":
/// `("TikTok", "we" or "us")`, `(collectively, “Spotify,” “we,” “us”)`, after the name it
/// trades under too (`d.b.a. Bluesky (“Bluesky,” “we,” …)`).
fn called_we(after: &str) -> bool {
    let after = after.trim_start_matches(['.', ',']).trim_start();
    let trades_as = ["d.b.a. ", "d/b/a ", "doing business as "]
        .iter()
        .find_map(|dba| after.strip_prefix(dba))
        .and_then(|rest| rest.get(rest.find('(').filter(|&at| at <= 40)?..));
    let Some(inside) = trades_as.unwrap_or(after).strip_prefix('(') else {
        return false;
    };
    let inside = &inside[..inside.find(')').unwrap_or(inside.len())];
    [
        "\"we\"",
        "\"we,\"",
        "\u{201C}we\u{201D}",
        "\u{201C}we,\u{201D}",
    ]
    .iter()
    .any(|we| inside.contains(we))
}

/// The vocabulary's patterns for some of its labels: what tells whether a text may name one.
/// Picked once for the many texts asked about.
pub struct LabelSearch(Vec<usize>);

impl LabelSearch {
    pub fn new(labels: &[Arc<str>]) -> LabelSearch {
        LabelSearch(
            (VOCAB.labels.iter().enumerate())
                .filter(|(_, (_, label))| labels.iter().any(|l| **l == **label))
                .map(|(i, _)| i)
                .collect(),
        )
    }

    /// Whether `text` may name one of the labels: one's regex matches in it (what [`names`]
    /// reports of it is a subset).
    pub fn may_name(&self, text: &str) -> bool {
        VOCAB.set.matches_any(text, &self.0)
    }
}

fn modals(text: &str) -> Vec<Modal> {
    MODAL
        .captures_iter(text)
        .into_iter()
        .filter(|c| c.get(2).is_none())
        .filter_map(|c| {
            let span = c.get(1)?;
            let word = text[span.clone()].to_ascii_lowercase();
            Some(Modal {
                strength: strength(&word),
                word,
                span,
            })
        })
        .collect()
}

/// How firmly a (lower-case) modal verb commits; any other word is `Neutral`.
pub fn strength(word: &str) -> Strength {
    match word {
        "may" | "might" | "can" | "could" => Strength::Weak,
        "will" | "shall" | "must" => Strength::Strong,
        _ => Strength::Neutral,
    }
}

/// Whether the number an age pattern found at `number` in `text` is an age: not part of a
/// larger number ("iOS 14.5 years" is no age 5), not a period ("over 90 days old", "at least
/// 30 days' notice"; "18 years old" and "16 years of age" are ages).
fn is_age(text: &str, number: Range<usize>) -> bool {
    let before = text[..number.start].chars().next_back();
    if before.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return false;
    }
    // Nor the first digits of a larger one: "customers are over 1,000 businesses".
    let mut rest = text[number.end..].chars();
    if matches!(rest.next(), Some('.' | ',')) && rest.next().is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    let mut after = text[number.end..]
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_ascii_lowercase()
        });
    let unit = after.next().unwrap_or_default();
    let unit = unit.strip_suffix('s').unwrap_or(&unit);
    match unit {
        "year" => matches!(after.next().as_deref(), Some("old" | "of")),
        "calendar" | "business" | "working" | "second" | "minute" | "hour" | "day" | "week"
        | "month" => false,
        _ => true,
    }
}

/// What a quantity's label is worth, equal for equal quantities said in other units: "2 year"
/// and "24 month" are both "24 month", "1 week" and "7 day" both "604800 second". A year is
/// twelve months, but a month no whole number of days: the two never meet. Other labels ("age
/// 13", "$5", "1.5 year") are worth themselves.
pub fn quantity_value(label: &str) -> String {
    for bound in [AT_LEAST, BEGINS] {
        if let Some(period) = label.strip_prefix(bound) {
            return format!("{bound}{}", quantity_value(period));
        }
    }
    let unit = |unit: &str| -> Option<(u64, &str)> {
        Some(match unit {
            "year" => (12, "month"),
            "month" => (1, "month"),
            "week" => (7 * 86_400, "second"),
            "day" => (86_400, "second"),
            "hour" => (3_600, "second"),
            "minute" => (60, "second"),
            "second" => (1, "second"),
            _ => return None,
        })
    };
    // "1.5 year" is 18 months: a decimal counts where it comes to whole units of the base.
    let times = |n: &str, per: u64| -> Option<u64> {
        let (whole, fraction) = n.split_once('.').unwrap_or((n, ""));
        let scale = 10u64.checked_pow(u32::try_from(fraction.len()).ok()?)?;
        let digits: u64 = format!("{whole}{fraction}").parse().ok()?;
        let total = digits.checked_mul(per)?;
        (total % scale == 0).then_some(total / scale)
    };
    label
        .split_once(' ')
        .and_then(|(n, u)| Some((n, unit(u)?)))
        .and_then(|(n, (per, base))| Some(format!("{} {base}", times(n, per)?)))
        .unwrap_or_else(|| label.to_string())
}

/// A number as digits: "thirty" and "30" are the same quantity.
fn number_value(word: &str) -> String {
    let w = word.to_ascii_lowercase();
    let words = [
        ("one", "1"),
        ("two", "2"),
        ("three", "3"),
        ("four", "4"),
        ("five", "5"),
        ("six", "6"),
        ("seven", "7"),
        ("eight", "8"),
        ("nine", "9"),
        ("ten", "10"),
        ("eleven", "11"),
        ("twelve", "12"),
        ("thirteen", "13"),
        ("fourteen", "14"),
        ("fifteen", "15"),
        ("sixteen", "16"),
        ("eighteen", "18"),
        ("twenty", "20"),
        ("thirty", "30"),
        ("forty", "40"),
        ("forty-five", "45"),
        ("fifty", "50"),
        ("sixty", "60"),
        ("ninety", "90"),
        ("hundred", "100"),
    ];
    let w = w.trim_start_matches("a ").trim();
    words
        .iter()
        .find(|(k, _)| *k == w)
        .map_or_else(|| w.replace(',', ""), |(_, v)| (*v).to_string())
}

/// The quantities `text` names; asked only of text that may name one (see
/// [`ValueSearch::set`]).
fn quantities(text: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    // In ASCII text a kind is searched only where one of its words occurs: most numbers
    // (section numbers, dates) are no quantity. (In other text, case folding can match
    // letters outside ASCII: every kind is searched.)
    let lower = text.is_ascii().then(|| text.to_ascii_lowercase());
    let may_occur = |kind: &QuantityKind| {
        lower
            .as_ref()
            .is_none_or(|lower| (kind.words.iter()).any(|w| w.find(lower.as_bytes()).is_some()))
    };
    for kind in QUANTITY.iter().filter(|k| may_occur(k)) {
        let regex = match kind.name {
            "money" if lower.is_some() || !text.contains(['€', '£']) => {
                &*MONEY_WITHOUT_EURO_OR_POUND
            }
            _ => &kind.pattern,
        };
        for c in regex.captures_iter(text) {
            let group = |i| c.get(i).map_or("", |span| &text[span]);
            let Some(whole) = c.get(0) else { continue };
            let label = match kind.name {
                "duration" => {
                    // The words just before, as far as a start verb may stand.
                    let mut from = whole.start.saturating_sub(80);
                    while !text.is_char_boundary(from) {
                        from += 1;
                    }
                    let bound = match group(1).is_empty() && group(4).is_empty() {
                        false => AT_LEAST,
                        true if BEGINS_BEFORE.is_match(&text[from..whole.start]) => BEGINS,
                        true => "",
                    };
                    format!(
                        "{bound}{} {}",
                        number_value(group(2)),
                        group(3).to_ascii_lowercase()
                    )
                }
                "age" => {
                    let Some((group, number)) = (1..=5).find_map(|i| Some((i, c.get(i)?))) else {
                        continue;
                    };
                    // "under the age of 13 years" is an age whatever follows.
                    if group != 1 && !is_age(text, number.clone()) {
                        continue;
                    }
                    format!("age {}", number_value(&text[number]))
                }
                "open period" => match text[whole.clone()].to_ascii_lowercase() {
                    period if period.starts_with("indefinite") => "indefinitely".to_string(),
                    _ => "as long as necessary".to_string(),
                },
                "percentage" => format!("{}%", number_value(group(1))),
                _ => text[whole.clone()].to_ascii_lowercase().replace(' ', ""),
            };
            let mut end = whole.end;
            out.push((
                kind.name,
                Mention {
                    label: label.into(),
                    span: whole,
                },
            ));
            // Each age said after it as another one.
            while kind.name == "age"
                && let Some(other) = AGE_ALTERNATIVE.captures(&text[end..])
                && let (Some(said), Some(number)) = (other.get(0), other.get(1))
            {
                let number = end + number.start..end + number.end;
                let value = number_value(&text[number.clone()]);
                // An age a law sets (13 to 21), not "13 and 2 of their parents".
                let of_law = value.parse::<u32>().is_ok_and(|n| (10..=21).contains(&n));
                if !of_law || !is_age(text, number.clone()) {
                    break;
                }
                out.push((
                    "age",
                    Mention {
                        label: format!("age {value}").into(),
                        span: number,
                    },
                ));
                end += said.end;
            }
        }
    }
    // "13 years old" is an age, not a duration of 13 years: a duration within an age goes.
    let ages: Vec<Range<usize>> = (out.iter())
        .filter(|(kind, _)| *kind == "age")
        .map(|(_, m)| m.span.clone())
        .collect();
    out.retain(|(kind, m)| {
        *kind != "duration"
            || !ages
                .iter()
                .any(|a| a.start < m.span.end && m.span.start < a.end)
    });
    out.sort_by_key(|(_, m)| m.span.start);
    // An age read twice (said after another, and on its own: "13 or 14 years old") is one.
    out.dedup_by(|(kind, later), (first, earlier)| {
        *kind == "age" && *first == "age" && later.span.start < earlier.span.end
    });
    out.into_iter().map(|(_, m)| m).collect()
}

/// What every [`CONTACT`] needs: an `@` (or an "at]", "AT)" … written for one), a digit (`\d`
/// is any decimal digit in Unicode text) or the start of a web address. Most sentences have
/// none: a scan of their bytes instead of a search.
fn may_contact(text: &str) -> bool {
    static MARKS: LazyLock<[Finder<'static>; 6]> =
        LazyLock::new(|| ["http", "www.", "at]", "at)", "AT]", "AT)"].map(Finder::new));
    // The digit first: a sentence with one needs no other search.
    has_digit(text)
        || memchr::memchr(b'@', text.as_bytes()).is_some()
        || MARKS
            .iter()
            .any(|mark| mark.find(text.as_bytes()).is_some())
}

/// The contact details `text` gives: e-mail, web and postal addresses, telephone numbers.
pub fn contacts(text: &str) -> Vec<Mention> {
    if !may_contact(text) {
        return Vec::new();
    }
    let [searched] = PatternSet::search_together([&*CONTACT], text);
    contacts_in(text, searched)
}

/// The contact details of `text`, `searched` with [`CONTACT`], and its addresses written
/// street first (walked apart: walked with the others, the DFAs of four sets cost more).
fn contacts_in(text: &str, searched: Searched) -> Vec<Mention> {
    // Looked for only once a web address is found: most sentences have none.
    let reachable = std::cell::OnceCell::new();
    // (Every address has a digit.)
    let streets = match has_digit(text) {
        true => STREET_FIRST.all_matches(text),
        false => Vec::new(),
    };
    (searched.all_matches().into_iter())
        .chain(streets)
        .flat_map(|(_, matches)| matches)
        .filter(|m| {
            let found = &text[m.clone()];
            let web = found.starts_with("http") || found.starts_with("www.");
            !web || *reachable.get_or_init(|| CONTACT_CONTEXT.is_match(text))
        })
        .map(|m| {
            let s = text[m.clone()].trim_end_matches(['.', ',', ';', ':', ')']);
            Mention {
                label: unobscured(&s.to_ascii_lowercase()).into(),
                span: m.start..m.start + s.len(),
            }
        })
        .collect()
}

/// An e-mail address written against harvesters as the address it is: "privacy [at] example
/// [dot] org" is "privacy@example.org", the same contact detail as the address written plainly.
fn unobscured(label: &str) -> String {
    static SPELT: LazyLock<Pattern> =
        LazyLock::new(|| Pattern::new(r"\s?(?:\[(?:at|dot)\]|\((?:at|dot)\))\s?"));
    if !label.contains("at]") && !label.contains("at)") {
        return label.to_string();
    }
    let mut out = String::with_capacity(label.len());
    let mut last = 0;
    for sign in SPELT.find_iter(label) {
        out.push_str(&label[last..sign.start]);
        out.push(if label[sign.clone()].contains("at") {
            '@'
        } else {
            '.'
        });
        last = sign.end;
    }
    out.push_str(&label[last..]);
    out
}

/// Street types a postal address ends in, abbreviated and written out.
const STREET_TYPES: [(&str, &str); 6] = [
    ("st", "street"),
    ("ave", "avenue"),
    ("rd", "road"),
    ("blvd", "boulevard"),
    ("dr", "drive"),
    ("ct", "court"),
];

/// What a contact detail's label is compared by: a postal address with its street type written
/// out ("88 colin p. kelly jr. st" is "88 colin p. kelly jr. street": one address, written in a
/// table and in prose); a telephone number by its digits (see [`phone_number`]); a web address
/// by the page it opens (see [`web_page`]). Messages quote the label as the policy wrote it.
pub fn contact_value(label: &str) -> String {
    if let Some(number) = phone_number(label) {
        return number;
    }
    if let Some(page) = web_page(label) {
        return page;
    }
    match street_type(label) {
        Some((street, short, long)) if label.ends_with(short) => format!("{street}{long}"),
        _ => label.to_string(),
    }
}

/// A telephone number as compared: "tel:" and its last ten digits, so that "844.931.2038",
/// "1-844-931-2038" and "+1 (844) 931 2038" are one number (a country code and the way the
/// digits are grouped are how it is written, not which line it reaches); "(212) 555-0100" and
/// "(312) 555-0100" are two.
fn phone_number(label: &str) -> Option<String> {
    if !label
        .bytes()
        .all(|b| b.is_ascii_digit() || b" +-.()/".contains(&b))
    {
        return None;
    }
    let digits: String = label.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 7).then(|| format!("tel:{}", &digits[digits.len().saturating_sub(10)..]))
}

/// Languages a site's path opens with (ISO 639-1), but for the codes that are also words of a
/// path ("id", "no", "go" …).
const WEB_LANGUAGES: [&str; 26] = [
    "ar", "cs", "da", "de", "el", "en", "es", "fi", "fr", "he", "hu", "it", "ja", "ko", "nb", "nl",
    "pl", "pt", "ro", "ru", "sv", "th", "tr", "uk", "vi", "zh",
];

/// A (lower-case) web address as compared: without its scheme, `www.`, a trailing slash, or a
/// language opening its path ("/en/", "/en-us/": the same page in another language).
fn web_page(label: &str) -> Option<String> {
    let bare = (label.strip_prefix("https://"))
        .or_else(|| label.strip_prefix("http://"))
        .or_else(|| label.starts_with("www.").then_some(label))?;
    let bare = bare.strip_prefix("www.").unwrap_or(bare);
    let (host, path) = bare.split_once('/').unwrap_or((bare, ""));
    let path = path.trim_end_matches('/');
    let path = match path.split_once('/') {
        Some((first, rest)) if names_a_language(first) => rest,
        None if names_a_language(path) => "",
        _ => path,
    };
    Some(format!("web:{host}/{path}"))
}

/// Whether a part of a web address's path names the language (and region) a page is shown in:
/// "en", "en-us", "pt_BR".
pub fn names_a_language(part: &str) -> bool {
    let mut pieces = part.split(['-', '_']);
    let first = pieces.next().unwrap_or_default();
    let rest: Vec<&str> = pieces.collect();
    WEB_LANGUAGES.iter().any(|l| l.eq_ignore_ascii_case(first))
        && rest.len() <= 1
        && (rest.iter()).all(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// A contact detail's label as a policy may also write it: a postal address with its street
/// type abbreviated if written out, and written out if abbreviated.
pub fn contact_other_spelling(label: &str) -> Option<String> {
    let (street, short, long) = street_type(label)?;
    Some(match label.ends_with(short) {
        true => format!("{street}{long}"),
        false => format!("{street}{short}"),
    })
}

/// A (lower-case) postal address: its number and street, and the street type it ends in, in
/// both spellings.
fn street_type(label: &str) -> Option<(&str, &'static str, &'static str)> {
    if !label.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    STREET_TYPES.iter().find_map(|&(short, long)| {
        let street = (label.strip_suffix(short)).or_else(|| label.strip_suffix(long))?;
        street.ends_with(' ').then_some((street, short, long))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether [`ValueSearch`] lets `text` be searched for quantities.
    fn may_quantify(text: &str) -> bool {
        ValueSearch::alone(text).gates().0
    }

    fn read(text: &str) -> Reading {
        let config = Config::builtin().unwrap();
        Reader::new(&config).read(text)
    }

    proptest::proptest! {
        /// Whatever a sentence, each practice a negation negates is named by a word of the
        /// sentence after its cue: a slice at character boundaries that its pattern matches.
        #[test]
        fn a_negated_practice_is_a_word_after_the_cue(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "We", "do", "not", "never", "don\u{2019}t", "sell", "or", "and", "share", ",",
                " ", "  ", "\u{201c}", "\u{201d}", "\"", "be", "sold", "use", "your", "data",
                "collect", "knowingly", "create", "except", "to", "é", "ü", ".", ";", "-",
                "and/or", "/", "NOT", "SHARE",
            ]), 0..24),
        ) {
            let text = pieces.join(" ");
            for n in negations(&text) {
                for (p, word) in negated_practices(&text, &n) {
                    proptest::prop_assert!(word.start >= n.cue.end && word.end <= n.clause.end);
                    let Some(named) = text.get(word) else {
                        return Err(proptest::test_runner::TestCaseError::fail("not a slice"));
                    };
                    let i = PRACTICES.0.iter().position(|q| *q == p).unwrap_or(usize::MAX);
                    let matched = PRACTICES.1.first_matches(&named.to_ascii_lowercase());
                    proptest::prop_assert!(matched.iter().any(|(k, _)| *k == i), "{named}");
                }
            }
        }
    }

    #[test]
    fn the_practices_a_negation_promises_not_to_carry_out() {
        let negated = |text: &str| -> Vec<(&str, String)> {
            (negations(text).iter())
                .flat_map(|n| negated_practices(text, n))
                .map(|(p, word)| (p.name(), text[word].to_string()))
                .collect()
        };
        let cases: [(&str, &[(&str, &str)]); 10] = [
            (
                "Reddit does not \u{201c}sell\u{201d} or \u{201c}share\u{201d} data.",
                &[("sell", "sell"), ("share", "share")],
            ),
            (
                "Your data will never be sold, rented or shared.",
                &[("sell", "sold"), ("share", "shared")],
            ),
            (
                "We do not knowingly collect data of children.",
                &[("collect", "collect")],
            ),
            ("Do not create or use an account.", &[("use", "use")]),
            (
                "We do not share it except to process payments.",
                &[("share", "share")],
            ),
            (
                "It is our policy not to retain it.",
                &[("retain", "retain")],
            ),
            ("Please do not provide any data to use the app.", &[]),
            (
                "Staff do not access your messages or make available your data.",
                &[("share", "make available"), ("use", "access your")],
            ),
            // The verb after the subjects of "neither … nor", not a verb further on.
            (
                "Neither we nor our partners sell your data.",
                &[("sell", "sell")],
            ),
            ("Neither we nor they will help you to sell it.", &[]),
        ];
        for (text, expected) in cases {
            let expected: Vec<(&str, String)> = (expected.iter())
                .map(|(p, w)| (*p, w.to_string()))
                .collect();
            assert_eq!(negated(text), expected, "{text}");
        }
    }

    #[test]
    fn a_digit_is_any_decimal_digit() {
        for text in [
            "Kept 30 days.",
            "Effective 1 May.",
            "محدّث ٢٠٢٣",
            "Mis à jour en ２０２３.",
        ] {
            assert!(has_digit(text), "{text:?}");
        }
        for text in ["Kept for thirty days.", "", "Mis à jour en mai.", "Ⅻ ½ ²"] {
            assert!(!has_digit(text), "{text:?}");
        }
        // ASCII text is scanned sixteen bytes at a time, then the rest: a digit anywhere.
        for len in 0..50 {
            let letters = "a".repeat(len);
            assert!(!has_digit(&letters), "{len}");
            for at in 0..len {
                let mut text = letters.clone().into_bytes();
                text[at] = b'0' + (at % 10) as u8;
                let text = String::from_utf8(text).unwrap_or_default();
                assert!(has_digit(&text), "{text:?}");
            }
        }
    }

    /// The patterns translated when policy-lint is built (`src/pattern/prebuilt.rs`): the
    /// vocabulary, the practice verbs, the starter lexicons and the detectors' own patterns,
    /// those the backtracker covers; and the sets whose DFA is built, the vocabulary, the
    /// practice verbs, the quantity words, the contact details (and addresses written street
    /// first) and the transfer mechanisms. (The
    /// date statement and e-mail patterns of `diff` are translated at run time: a test here may
    /// not reach into a later stage.)
    #[test]
    fn the_prebuilt_patterns_are_the_built_in_ones() {
        let config = Config::builtin().unwrap();
        let detectors = [
            &*MODAL,
            &DIGIT,
            &MONEY_WITHOUT_EURO_OR_POUND,
            &RECIPIENT_BEFORE,
            &INCLUDES,
            &SOURCE_BEFORE,
            &CONTACT_CONTEXT,
            &TRANSFER_CONTEXT,
            &TRANSFER_DISAVOWED,
            &TRANSFER_RESUMED,
            &TRANSFER_CONTRASTED,
            &DATE_STATEMENT,
        ];
        let sets = [
            &VOCAB.set,
            &PRACTICES.1,
            &QUANTITY_WORD,
            &CONTACT,
            &STREET_FIRST,
            &TRANSFER_SET,
        ];
        let mut sources: Vec<&str> = (sets.iter().flat_map(|set| set.patterns()))
            .chain(config.lexicons.iter().map(|l| &l.regex))
            .chain(detectors)
            .chain(QUANTITY.iter().map(|kind| &kind.pattern))
            .chain(super::super::negation::patterns())
            .filter(|pattern| pattern.has_program())
            .map(Pattern::source)
            .collect();
        sources.sort();
        sources.dedup();
        let in_sets = sets
            .iter()
            .flat_map(|set| set.patterns().iter().map(Pattern::source));
        for source in sources.iter().copied().chain(in_sets) {
            assert!(
                !source.is_empty() && !source.contains(['\n', '\r']),
                "one a line: {source:?}"
            );
        }
        let sets: Vec<String> = sets
            .map(|set| {
                set.patterns()
                    .iter()
                    .map(|p| format!("{}\n", p.source()))
                    .collect()
            })
            .to_vec();
        assert_lists(
            "prebuilt-sources.txt",
            include_str!("../pattern/prebuilt-sources.txt"),
            &sources.iter().map(|s| format!("{s}\n")).collect::<String>(),
        );
        assert_lists(
            "prebuilt-sets.txt",
            include_str!("../pattern/prebuilt-sets.txt"),
            &sets.join("\n"),
        );
    }

    /// `listed`, the list `name` holds, is `built_in` (compared line by line: a checkout may
    /// end lines with CRLF); `POLICY_LINT_BLESS_PREBUILT` set writes it.
    fn assert_lists(name: &str, listed: &str, built_in: &str) {
        let path = format!("{}/src/pattern/{name}", env!("CARGO_MANIFEST_DIR"));
        if std::env::var_os("POLICY_LINT_BLESS_PREBUILT").is_some() {
            std::fs::write(&path, built_in).unwrap();
        }
        assert!(
            listed.lines().eq(built_in.lines()),
            "{path} is not the built-in patterns: `POLICY_LINT_BLESS_PREBUILT=1 cargo test \
             prebuilt` writes them, and a second run builds them"
        );
    }

    fn labels(m: &[Mention]) -> Vec<&str> {
        m.iter().map(|m| &*m.label).collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// `has_digit` is the regex crate's `\d`, in ASCII text of any length and beyond it.
        #[test]
        fn has_digit_is_the_regex_crates_digit(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'a', 'a', ' ', '.', '0', '9', '/', ':', 'é', '\u{663}', '\u{ff12}', '½',
                '²', 'Ⅻ', '\u{1d7ce}',
            ]), 0..70),
        ) {
            static DIGIT_REGEX: LazyLock<regex::Regex> =
                LazyLock::new(|| regex::Regex::new(r"\d").unwrap());
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(has_digit(&text), DIGIT_REGEX.is_match(&text), "{:?}", text);
        }

        /// The prefilter of quantities is the one pattern `\d` or a number word at a word start.
        #[test]
        fn the_quantity_prefilter_is_a_digit_or_a_number_word(
            text in "([a-zA-Z\u{e9}\u{663}\u{17f}0-9 .-]|one|Ten|often|forty-five|a hundred){0,12}",
        ) {
            let combined = Pattern::new(concat!(r"(?i)\d|\b(?:", number_words!(), ")"));
            proptest::prop_assert_eq!(may_quantify(&text), combined.is_match(&text), "{:?}", text);
        }

        /// The prefilter of quantities passes every text in which one is found.
        #[test]
        fn a_quantity_is_never_in_a_sentence_the_prefilter_skips(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "We", "keep", "data", "for", "thirty", "Forty-five", "a", "hundred", "days",
                "age", "aged", "of", "16", "1,000.5", "(30)", "percent", "%", "per", "cent",
                "$", "\u{20ac}5", "\u{a3}", "5", "dollars", "USD", "business", "weeks", "-",
                "someone", "anyone", "tenth", "onepercent", "twelve-month", "year", "ONE",
                "DAYS", "Age", "PER", "Cent", "Percent", "EUR", "Euros", "gbp", "Pounds",
                "HOURS", "Months", "$5", "Dollars", "Seconds", "WEEK", "calendar",
            ]), 0..12),
            joiners in proptest::collection::vec(
                proptest::sample::select(vec![" ", "", "-", " ("]),
                12,
            ),
        ) {
            let mut text = String::new();
            for (word, joiner) in words.iter().zip(&joiners) {
                text.push_str(word);
                text.push_str(joiner);
            }
            let found = QUANTITY.iter().any(|k| k.pattern.is_match(&text));
            proptest::prop_assert!(!found || may_quantify(&text), "{:?}", text);
            // In ASCII text, each kind's words gate it.
            let lower = text.to_ascii_lowercase();
            for kind in QUANTITY.iter().filter(|k| text.is_ascii() && k.pattern.is_match(&text)) {
                let gated = (kind.words.iter()).any(|w| w.find(lower.as_bytes()).is_some());
                proptest::prop_assert!(gated, "{} in {:?}", kind.name, text);
            }
        }

        /// The quantities found, with the shortcuts (each kind's words in ASCII text, money
        /// without `€` and `£` by its ASCII pattern), are where each kind's own pattern finds
        /// them, in text with and without characters outside ASCII.
        #[test]
        fn quantities_are_where_each_kinds_pattern_finds_them(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "We", "keep", "it", "for", "thirty", "days", "age", "of", "16", "1,000.5",
                "years", "old", "you", "are", "at", "least", "or", "older",
                "percent", "%", "$", "$5", "5", "dollars", "USD", "Euros", "million",
                "\u{20ac}5", "\u{a3}", "\u{a3}12", "\u{2022}", "caf\u{e9}", "thou\u{17f}and",
                "\u{212a}", "\u{663}", "\u{a0}", "\u{fb01}ve", "week\u{17f}",
            ]), 0..14),
            joiners in proptest::collection::vec(
                proptest::sample::select(vec![" ", "", "-", "\u{a0}", "\u{2022}"]),
                14,
            ),
        ) {
            // Joined at times without a space: a word boundary or `\s?` next to a character
            // outside ASCII.
            let text: String = (words.iter().zip(&joiners))
                .map(|(word, joiner)| format!("{word}{joiner}"))
                .collect();
            let spans = |kind: &QuantityKind| -> Vec<Range<usize>> {
                (kind.pattern.captures_iter(&text).iter())
                    .filter(|c| {
                        // An age's number must be one (`is_age`, tested on its own).
                        kind.name != "age"
                            || c.get(1).is_some()
                            || (2..=5).find_map(|i| c.get(i)).is_some_and(|n| is_age(&text, n))
                    })
                    .filter_map(|c| c.get(0))
                    .collect()
            };
            let ages: Vec<Range<usize>> =
                QUANTITY.iter().filter(|k| k.name == "age").flat_map(spans).collect();
            // Less the durations within an age: "13 years old".
            let mut expected: Vec<Range<usize>> = (QUANTITY.iter())
                .flat_map(|kind| spans(kind).into_iter().map(move |span| (kind.name, span)))
                .filter(|(name, span)| {
                    *name != "duration"
                        || !ages.iter().any(|a| a.start < span.end && span.start < a.end)
                })
                .map(|(_, span)| span)
                .collect();
            expected.sort_by_key(|span| span.start);
            let found: Vec<Range<usize>> = quantities(&text).into_iter().map(|m| m.span).collect();
            proptest::prop_assert_eq!(found, expected, "{:?}", text);
        }
    }

    /// The contact-details pattern as the `regex` crate finds it: what the answers of its
    /// prebuilt DFA are checked against.
    static CONTACT_REGEX: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(CONTACT.patterns()[0].source()).unwrap());

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The prefilter of contact details passes every text in which one is found, and the
        /// set's DFA and the pattern then find what the `regex` crate finds.
        #[test]
        fn contact_details_are_never_in_a_sentence_the_prefilter_skips(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "Write", "to", "us", "at", "privacy", "@", "example", ".", "com", "https", "://",
                "http", "www", "www.", "1", "555", "+44", "(", ")", "-", " ", "Main", "Street",
                "P.O.", "Box", "\u{663}\u{660}\u{662}", "\u{ff12}", "call", "\u{e9}", "[at]",
                "(at)", "[dot]", "(dot)", "[AT]", "(DOT)", "(AT)", "[DOT]", "AT", "DOT", "At",
                "[", "]", "[At]",
            ]), 0..16),
        ) {
            let text: String = pieces.concat();
            let expected: Vec<_> = CONTACT_REGEX.find_iter(&text).map(|m| m.range()).collect();
            let found: Vec<_> = (CONTACT.all_matches(&text).into_iter())
                .flat_map(|(_, matches)| matches)
                .collect();
            proptest::prop_assert_eq!(&found, &expected, "{:?}", text);
            proptest::prop_assert_eq!(CONTACT.is_match(&text), !expected.is_empty());
            proptest::prop_assert!(expected.is_empty() || may_contact(&text), "{:?}", text);
        }
    }

    #[test]
    fn each_kind_of_contact_detail_passes_the_prefilter() {
        for text in [
            "write to privacy@example.com",
            "see https://example.com/privacy",
            "see www.example.com",
            "call 555-123-4567",
            "call +44 20 7946 0958",
            "at 1 Main Street",
            "P.O. Box 12",
            "write to privacy[at]example.org",
            "write to privacy (at) example (dot) org",
            "write to privacy (AT) example (DOT) org",
            "write to privacy [AT] example [DOT] org",
            "call \u{663}\u{660}\u{662} \u{663}\u{660}\u{662} \u{663}\u{660}\u{662}\u{663}",
        ] {
            assert!(CONTACT_REGEX.is_match(text), "{text:?}");
            assert!(CONTACT.is_match(text), "{text:?}");
            assert!(may_contact(text), "{text:?}");
        }
        assert!(!may_contact("We do not sell your personal information."));
    }

    /// Steam's EU representative moved from "Rödingsmarkt 9" to "Alstertwiete 3": an address
    /// written street first is one, its street and number as written (the postcode not).
    #[test]
    fn an_address_written_street_first_is_a_contact_detail() {
        let named = |text: &str| -> Vec<String> {
            (contacts(text).iter())
                .map(|m| m.label.to_string())
                .collect()
        };
        for (text, address) in [
            (
                "Valve GmbH, Rödingsmarkt 9, D-20459 Hamburg",
                "rödingsmarkt 9",
            ),
            (
                "Valve GmbH Alstertwiete 3 D-20099 Hamburg",
                "alstertwiete 3",
            ),
            ("Hardturmstrasse 11, 8005 Zurich", "hardturmstrasse 11"),
            (
                "Twitch Sweden AB, Polstjärnegatan 14, Gothenburg",
                "polstjärnegatan 14",
            ),
            ("Via Roma 12, Milano", "via roma 12"),
            (
                "Paseo de los Tamarindos 150, Ciudad de México",
                "paseo de los tamarindos 150",
            ),
            (
                "6 place de la Madeleine, 75008 Paris",
                "6 place de la madeleine",
            ),
        ] {
            assert_eq!(named(text), [address], "{text}");
        }
        for none in [
            "Straßenbahn 3 fährt.",
            "Monitoring 24/7 is in place.",
            "We keep it for 2 weeks.",
            "Via our Privacy Center within 30 days, you can ask.",
            "Requests made via the form in 30 days.",
        ] {
            assert!(named(none).is_empty(), "{none}");
        }
    }

    #[test]
    fn an_address_is_compared_with_its_street_type_written_out() {
        for (label, value, other) in [
            (
                "88 colin p. kelly jr. st",
                "88 colin p. kelly jr. street",
                "88 colin p. kelly jr. street",
            ),
            (
                "88 colin p. kelly jr. street",
                "88 colin p. kelly jr. street",
                "88 colin p. kelly jr. st",
            ),
            (
                "1950 meadowvale blvd",
                "1950 meadowvale boulevard",
                "1950 meadowvale boulevard",
            ),
            ("410 terry ave", "410 terry avenue", "410 terry avenue"),
        ] {
            assert_eq!(contact_value(label), value, "{label}");
            assert_eq!(
                contact_other_spelling(label).as_deref(),
                Some(other),
                "{label}"
            );
        }
        for label in ["1 hacker way", "privacy@example.st", "5 first"] {
            assert_eq!(contact_value(label), label);
            assert_eq!(contact_other_spelling(label), None, "{label}");
        }
    }

    #[test]
    fn a_number_or_a_web_address_written_another_way_is_the_same_contact() {
        let same = |a: &str, b: &str| contact_value(a) == contact_value(b);
        for (a, b) in [
            ("844.931.2038", "+1 (844) 931 2038"),
            ("1-844-931-2038", "(844) 931-2038"),
            ("+44 20 7946 0000", "020 7946 0000"),
            ("+1 212 555 0100", "212.555.0100"),
            (
                "https://help.steampowered.com/en/wizard/helpaccountdataquestion",
                "https://help.steampowered.com/wizard/helpaccountdataquestion",
            ),
            (
                "http://www.example.com/privacy/",
                "https://example.com/privacy",
            ),
            (
                "www.example.com/en-us/privacy",
                "https://example.com/privacy",
            ),
        ] {
            assert!(same(a, b), "{a} {b}");
        }
        for (a, b) in [
            ("844.931.2038", "844.931.2039"),
            ("+1 (416) 349 2506", "+1 (844) 931 2038"),
            ("(212) 555-0100", "(312) 555-0100"),
            ("020 7946 0000", "030 7946 0000"),
            (
                "https://example.com/privacy",
                "https://example.com/privacy/form",
            ),
            ("https://example.com/privacy", "https://example.org/privacy"),
            // A path that opens with two letters that are no language keeps them.
            ("https://example.com/go/form", "https://example.com/form"),
            ("555-123-4567", "55 5th street"),
        ] {
            assert!(!same(a, b), "{a} {b}");
        }
    }

    #[test]
    fn each_number_word_passes_the_prefilter_of_quantities() {
        let words = NUMBER
            .split('|')
            .filter(|w| w.chars().all(|c| c.is_ascii_lowercase()));
        for word in words.chain(["a hundred", "Forty-five", "1,000.5"]) {
            for text in [
                format!("for {word} days"),
                format!("{word}percent"),
                format!("${word}"),
            ] {
                let found = QUANTITY.iter().any(|k| k.pattern.is_match(&text));
                assert!(!found || may_quantify(&text), "{text:?}");
            }
            assert!(
                QUANTITY[0].pattern.is_match(&format!("for {word} days")),
                "{word}"
            );
        }
    }

    #[test]
    fn every_built_in_pattern_compiles_for_ascii_and_unicode_text() {
        VOCAB.set.assert_compiles();
        let labelled = VOCAB.set.patterns().iter();
        PRACTICES.1.assert_compiles();
        let practices = PRACTICES.1.patterns().iter();
        QUANTITY_WORD.assert_compiles();
        CONTACT.assert_compiles();
        STREET_FIRST.assert_compiles();
        let sets = (QUANTITY_WORD.patterns().iter())
            .chain(CONTACT.patterns())
            .chain(STREET_FIRST.patterns());
        let quantities = QUANTITY.iter().map(|k| &k.pattern);
        let fixed = [
            &*MODAL,
            &*DIGIT,
            &*MONEY_WITHOUT_EURO_OR_POUND,
            &*RECIPIENT_BEFORE,
            &*INCLUDES,
            &*SOURCE_BEFORE,
            &*CONTACT_CONTEXT,
            &*DATE_STATEMENT,
        ];
        let all = (labelled.chain(practices).chain(sets))
            .chain(quantities)
            .chain(fixed);
        for pattern in all {
            pattern.assert_compiles();
        }
    }

    #[test]
    fn the_advertising_sentence_of_the_seed_notice() {
        let r = read(
            "We do not use information that personally identifies you to display interest-based ads.",
        );
        assert!(r.negated());
        assert!(r.advertising);
        assert!(r.excludes_identifying);
        assert_eq!(r.practice.map(|p| p.0), Some(Practice::Use));
        assert_eq!(labels(&r.data_categories), ["personal identifier"]);
        assert_eq!(labels(&r.purposes), ["advertising"]);
    }

    #[test]
    fn equal_durations_are_worth_the_same() {
        assert_eq!(quantity_value("2 year"), quantity_value("24 month"));
        assert_eq!(quantity_value("1.5 year"), quantity_value("18 month"));
        assert_eq!(quantity_value("0.5 day"), quantity_value("12 hour"));
        assert_ne!(quantity_value("1.5 month"), quantity_value("45 day"));
        assert_eq!(quantity_value("1 week"), quantity_value("7 day"));
        assert_eq!(quantity_value("48 hour"), quantity_value("2 day"));
        assert_ne!(quantity_value("1 month"), quantity_value("30 day"));
        assert_ne!(quantity_value("2 year"), quantity_value("2 month"));
        for own in ["age 13", "$5.99", "10%", "1.25 month"] {
            assert_eq!(quantity_value(own), own);
        }
    }

    #[test]
    fn training_ai_models_is_a_purpose() {
        for s in [
            "We may use your content to train our models.",
            "It is in our legitimate interests to train and improve our AI models.",
            "We use data to develop and improve artificial intelligence technology.",
            "Public information helps train our machine learning models.",
            // LinkedIn's of September 2025: the words between may be hyphenated.
            "We rely on Legitimate Interests as the legal basis for training content-generating AI models.",
        ] {
            assert!(
                labels(&read(s).purposes).contains(&"AI model training"),
                "{s}: {:?}",
                labels(&read(s).purposes)
            );
        }
        assert!(read("We train our staff on privacy.").purposes.is_empty());
    }

    /// WhatsApp's of 2026: "we also collect information using similar technologies for ads";
    /// and "to operate and provide our web-based Services" provides a service.
    #[test]
    fn data_for_ads_is_advertising_and_a_hyphenated_service_is_provided() {
        let read_purposes = |s: &str| labels(&read(s).purposes).join(", ");
        assert_eq!(
            read_purposes("We also collect information using similar technologies for ads."),
            "advertising"
        );
        assert_eq!(
            read_purposes("We use cookies to operate and provide our web-based Services."),
            "providing the service"
        );
        assert_eq!(read_purposes("Ads help us keep the service free."), "");
        // A pointer to more names nothing it states (Google's footnote of 2025).
        assert_eq!(
            read_purposes("Learn more about the technologies used for advertising."),
            ""
        );
        assert_eq!(
            read_purposes("Learn more about safety. | We use your data for advertising."),
            "advertising"
        );
        // Google's of 2024: "for more useful ads" is advertising as "for ads" is.
        assert_eq!(
            read_purposes("We use your location for more useful ads."),
            "advertising"
        );
        assert_eq!(
            read_purposes("We are not responsible for third-party ads."),
            ""
        );
    }

    #[test]
    fn analysing_as_the_means_is_analytics_too() {
        for s in [
            "We keep them just long enough to analyze anonymous trends like popular searches.",
            "We improve our search indexes by analyzing anonymous search trends.",
        ] {
            assert_eq!(labels(&read(s).purposes), ["analytics"], "{s}");
        }
    }

    #[test]
    fn a_users_location_is_a_data_category_and_a_place_is_not() {
        for s in [
            "We collect your location when you use the app.",
            "Apps may share a user's current location.",
        ] {
            assert_eq!(labels(&read(s).data_categories), ["geolocation"], "{s}");
        }
        // Not precise: location data.
        assert_eq!(
            labels(&read("We collect non-precise location data.").data_categories),
            ["geolocation"]
        );
        // Named once, by its longer name.
        for s in [
            "We collect your precise location.",
            "We collect your precise geolocation.",
        ] {
            assert_eq!(
                labels(&read(s).data_categories),
                ["precise geolocation"],
                "{s}"
            );
        }
        assert!(
            read("Visit the location of our offices.")
                .data_categories
                .is_empty()
        );
        for s in [
            "Depending on your location, you may have the right to object.",
            "These rights apply regardless of your location.",
            "Your location settings are in the app.",
        ] {
            assert!(read(s).data_categories.is_empty(), "{s}");
        }
    }

    #[test]
    fn sensitive_categories_as_policies_name_them() {
        // A name among contact details, wherever in the list.
        for listed in [
            "We collect your email address, name and phone number.",
            "We collect names and email addresses.",
            "We collect your email address, phone number, name, and clicks.",
            "We collect your postal address, name and age.",
        ] {
            assert!(
                labels(&read(listed).data_categories).contains(&"person name"),
                "{listed}"
            );
        }
        let carrier = read("We collect your mobile phone number, name of your mobile carrier.");
        assert!(!labels(&carrier.data_categories).contains(&"person name"));
        let business = read("We collect your business name and address.");
        assert!(!labels(&business.data_categories).contains(&"person name"));
        let named = |s: &str| -> Vec<String> {
            labels(&read(s).data_categories)
                .into_iter()
                .map(str::to_string)
                .collect()
        };
        assert_eq!(
            named("We collect your salary, income, and assets and your bank details."),
            ["financial account"]
        );
        assert!(named("Ads generate income which funds the service.").is_empty());
        assert_eq!(
            named("We may process your physical or mental health or condition."),
            ["health information"]
        );
        assert_eq!(
            named("We use fingerprint and face scans to verify you."),
            ["biometric information"]
        );
        assert_eq!(
            named("We never read the contents of any of your chats."),
            ["communications content"]
        );
        // "Video" naming another thing is no photo or video of the user.
        for s in [
            "You watched a video ad.",
            "Start a video call with friends.",
        ] {
            assert!(named(s).is_empty(), "{s}");
        }
        assert_eq!(named("Upload photos and videos."), ["photos and videos"]);
        // What a camera takes (Amazon's stores of 2022: "may use cameras, computer vision,
        // sensors … to gather information about your activity in the store").
        assert_eq!(
            named("Our stores may use cameras and sensors to gather information."),
            ["photos and videos"]
        );
        for filmed in [
            "Security cameras record the lobby.",
            "We keep CCTV footage.",
        ] {
            assert_eq!(named(filmed), ["photos and videos"], "{filmed}");
        }
        // A device's camera, a feature's, names no data taken; nor an AI technology.
        for none in [
            "Media effects you access through your camera.",
            "Features that require the use of your camera.",
            "We research translations and computer vision.",
        ] {
            assert!(named(none).is_empty(), "{none}");
        }
    }

    #[test]
    fn modality_and_practice() {
        let r = read("We might receive information about you from other sources.");
        assert_eq!(r.modality(), Some("might"));
        assert_eq!(r.modals[0].strength, Strength::Weak);
        assert_eq!(r.practice.map(|p| p.0), Some(Practice::Collect));
        assert_eq!(read("Last updated May 25, 2018.").modality(), None);
        assert_eq!(
            read("We will not sell it.").practice.map(|p| p.0),
            Some(Practice::Sell)
        );
        // Looking into data is using it; having access to a service is not.
        let practice = |s: &str| read(s).practice.map(|p| p.0);
        for looked_into in [
            "GitHub personnel does not access private repository information.",
            "We never read your email.",
            "Zoom employees do not access this content.",
            "We do not scan the contents of your messages.",
        ] {
            assert_eq!(practice(looked_into), Some(Practice::Use), "{looked_into}");
        }
        assert_eq!(practice("You will not have access to our services."), None);
        // Data sent is data shared; a person tracked is data collected. Emails sent are
        // neither.
        let sent = "We do not send any information to third-party analytics services.";
        assert_eq!(practice(sent), Some(Practice::Share));
        assert_eq!(
            practice("We do not track you across websites."),
            Some(Practice::Collect)
        );
        assert_eq!(practice("We send you emails about our products."), None);
        assert_eq!(practice("You can track your order in the app."), None);
        let located = practice("We don't automatically track your precise location.");
        assert_eq!(located, Some(Practice::Collect));
        // Sent to us, data comes in: those who send it receive none.
        let to_us = read("Advertisers send your information to us.");
        assert!(to_us.recipients.is_empty(), "{to_us:?}");
        let to_them = read("We send your information to advertisers.");
        assert_eq!(labels(&to_them.recipients), ["advertisers"]);
        // Provided with data, a party receives it (Pinterest); provided with news, the user
        // receives nothing of theirs.
        let provided = "We may also provide partners with information about you.";
        assert_eq!(practice(provided), Some(Practice::Share));
        assert_eq!(labels(&read(provided).recipients), ["business partners"]);
        assert_eq!(
            practice("We provide you with information about offers."),
            None
        );
        // Named in a clause of its own, a party is none that data goes to (Claude's health
        // data policy "applies to you if you integrate third party health applications").
        for other in [
            "Our app policy applies to you if you connect third party apps.",
            "This section is addressed to you when you use third-party services.",
        ] {
            assert!(read(other).recipients.is_empty(), "{other}");
        }
        let limited = read("Your data is made available to our trusted service providers.");
        assert_eq!(labels(&limited.recipients), ["service providers"]);
        let both = read("Your profile is made available to you and advertisers.");
        assert_eq!(labels(&both.recipients), ["advertisers"]);
        // An account the user creates is no purpose of the company's (Reddit, Spotify).
        for own in [
            "When you create your account, we collect your email address.",
            "If you want to create an account to join a community, we don't require your name.",
            "Children under the age of 13 are not allowed to create an account.",
            "You must be over the age required by the laws of your country to create an account.",
        ] {
            assert!(read(own).purposes.is_empty(), "{own}");
        }
        // A data category's name is no purpose (WhatsApp's "Log and Troubleshooting
        // Information"); the same words as a purpose are one.
        let named = read("Meta receives Log and Troubleshooting Information (e.g. log files).");
        assert!(named.purposes.is_empty(), "{named:?}");
        let used = read("We use log files for troubleshooting and to fix bugs.");
        assert!(!used.purposes.is_empty(), "{used:?}");
        for managed in [
            "We use your email address to create and manage your account.",
            "We use it to allow you to manage your account.",
            "We process data to let you manage your account.",
            "This includes collecting information from you to create an account.",
            "We run the system so that you can manage user accounts.",
            "If you choose to create an Ad Account, we collect more data to create your account.",
            "We are required by law to maintain your account records.",
            "Only our support staff are permitted to manage your account.",
            "When we are allowed to create an account for you, we do.",
        ] {
            assert_eq!(labels(&read(managed).purposes), ["account management"]);
        }
        // Parties a sentence protects are none that data goes to (Spotify, Pinterest).
        let protected = read(
            "We may share information to protect our interests and safety, and those of our \
             service providers, business partners, and community.",
        );
        assert!(protected.recipients.is_empty(), "{protected:?}");
        let rights = read(
            "We disclose data to protect the rights, property or safety of our users and \
             advertisers, and we share it with service providers.",
        );
        assert_eq!(labels(&rights.recipients), ["service providers"]);
        for given in [
            "If we sell the company, your information may become the property of the buyer.",
            "We share your data with ad networks, including those of our partners.",
        ] {
            assert!(!read(given).recipients.is_empty(), "{given}");
        }
        let partners =
            read("We share your data with ad networks, including those of our partners.");
        assert_eq!(
            labels(&partners.recipients),
            ["advertisers", "business partners"]
        );
        // Records kept are kept, not collected.
        assert_eq!(
            practice("We keep order records for 7 years."),
            Some(Practice::Retain)
        );
        // Combining data from several sources is a use of it (YouTube's 2015 policy).
        let combined = "We will not combine DoubleClick cookie information with personally identifiable information unless we have your opt-in consent.";
        assert_eq!(practice(combined), Some(Practice::Use));
        assert_eq!(practice("Users can access the Platform."), None);
        // Where another practice is stated, it is the sentence's.
        let both = "Google will only access the audio data - it will not log or use it.";
        assert_eq!(read(both).practice.map(|p| &both[p.1]), Some("use"));
    }

    #[test]
    fn quantities_are_normalised() {
        let r =
            read("We keep logs for thirty (30) days, or 2 years if you are under the age of 13.");
        assert_eq!(labels(&r.quantities), ["30 day", "2 year", "age 13"]);
        let r = read("Not for children under 13, nor for users younger than sixteen.");
        assert_eq!(labels(&r.quantities), ["age 13", "age 16"]);
        // A period is no age: "over 30 days", "under 2 years".
        assert_eq!(labels(&read("Kept over 30 days.").quantities), ["30 day"]);
        let r = read("Offline for at least 18 months, your account goes.");
        assert_eq!(labels(&r.quantities), ["at least 18 month"]);
        // A lower bound is the period's; an upper one is not.
        for (s, period) in [
            ("We keep it for a minimum of two years.", "at least 2 year"),
            ("We keep it no less than 90 days.", "at least 90 day"),
            ("We keep it 90 days or longer.", "at least 90 day"),
            ("We keep it up to 90 days.", "90 day"),
            ("We keep it 90 days or less.", "90 day"),
            ("We delete it within 90 days or more quickly.", "90 day"),
            ("We keep it no longer than 90 days.", "90 day"),
            ("We keep it for not more than 90 days.", "90 day"),
            // The time by which it starts, not ends.
            (
                "Our purge script commences the deletion process within 90 days.",
                "begins within 90 day",
            ),
            (
                "We will start to delete it within thirty days.",
                "begins within 30 day",
            ),
        ] {
            assert_eq!(labels(&read(s).quantities), [period], "{s}");
        }
        assert_eq!(
            quantity_value("at least 2 year"),
            quantity_value("at least 24 month")
        );
        assert_ne!(quantity_value("at least 2 year"), quantity_value("2 year"));
        // A period without a number: no end, or the end of a need; a condition is neither.
        for (s, period) in [
            ("Posts may be retained indefinitely.", Some("indefinitely")),
            ("We keep it for an indefinite period.", Some("indefinitely")),
            (
                "We keep it as long as necessary.",
                Some("as long as necessary"),
            ),
            (
                "We keep it as long as it is reasonably needed.",
                Some("as long as necessary"),
            ),
            (
                "We keep it as long as we need it.",
                Some("as long as necessary"),
            ),
            (
                "We keep it no longer than necessary.",
                Some("as long as necessary"),
            ),
            ("You may post as long as you follow the rules.", None),
            (
                "You may post as long as we need you to follow the rules.",
                None,
            ),
        ] {
            assert_eq!(labels(&read(s).quantities), Vec::from_iter(period), "{s}");
        }
        assert!(read("It needs iOS 14.5 or above.").quantities.is_empty());
        // A headcount is no age.
        for count in [
            "Our customers are over 1,000 businesses.",
            "Members are above 500 in number.",
        ] {
            assert!(read(count).quantities.is_empty(), "{count}");
        }
        // A period after a bound or a pronoun is no age.
        for (s, period) in [
            (
                "We notify you at least 14 days before renewal.",
                "at least 14 day",
            ),
            (
                "We will give you at least 30 days notice.",
                "at least 30 day",
            ),
            ("Once they are over 90 days old, logs go.", "90 day"),
            (
                "Customers who are over 90 days past due pay a fee.",
                "90 day",
            ),
            ("The device is 14.5 years old.", "14.5 year"),
        ] {
            assert_eq!(labels(&read(s).quantities), [period], "{s}");
        }
        assert!(read("It runs on Windows 7 or older.").quantities.is_empty());
        // Ages said with "at least", "years old", "years of age", "or older": one age each.
        for (s, age) in [
            ("You must be at least 13 to use the service.", "age 13"),
            (
                "You must be at least 18 years of age or older to subscribe.",
                "age 18",
            ),
            ("If you're under 13 years old, ask a parent.", "age 13"),
            (
                "Data of consumers under 16 years of age is not sold.",
                "age 16",
            ),
            ("It is available to users 13 years old or older.", "age 13"),
            (
                "Creator events are only available if you are 13 or older.",
                "age 13",
            ),
            ("The child will turn thirteen years old.", "age 13"),
            ("Users who are 16 and over may join.", "age 16"),
            ("If the user is under the age of 13 years, stop.", "age 13"),
            ("Children under thirteen may not join.", "age 13"),
        ] {
            assert_eq!(labels(&read(s).quantities), [age], "{s}");
        }
        // An age said after another is one too, once; a period after one is not an age.
        for (s, ages) in [
            (
                "We do not collect data from children under 13, or under 16 in the EEA.",
                &["age 13", "age 16"][..],
            ),
            (
                "Users must be at least 13 (or 16 in the EEA) to join.",
                &["age 13", "age 16"],
            ),
            (
                "Children under the age of 13 or 14 years old.",
                &["age 13", "age 14"],
            ),
            (
                "Children under 13 and 30 days later it goes.",
                &["age 13", "30 day"],
            ),
            (
                "Children under 13 and 2 of their parents agree.",
                &["age 13"],
            ),
        ] {
            assert_eq!(labels(&read(s).quantities), ages, "{s}");
        }
        let r = read("We charge $5.99 and a 10% fee; no quantity in 2018 or Section 4.");
        assert_eq!(labels(&r.quantities), ["$5.99", "10%"]);
    }

    /// Mechanisms by name, as real policies write them; a framework's name in lower case, a
    /// safeguard of security and another law's derogation name none.
    #[test]
    fn transfer_mechanisms() {
        for (sentence, expected) in [
            (
                "Amazon.com, Inc. participates in the EU-US and Swiss-US Privacy Shield frameworks.",
                &["Privacy Shield"][..],
            ),
            (
                "We comply with the EU-U.S. Data Privacy Framework (EU-U.S. DPF) as set forth by the U.S. Department of Commerce.",
                &["Data Privacy Framework"],
            ),
            (
                "The Global CBPR System means the data privacy framework established by the Global CBPR Forum.",
                &["Cross-Border Privacy Rules"],
            ),
            (
                "We rely on adequacy decisions, standard contractual clauses (SCCs) or, where appropriate, derogations permitted by law.",
                &[
                    "adequacy decision",
                    "standard contractual clauses",
                    "derogations",
                ],
            ),
            (
                "Our binding corporate rules (BCRs) cover transfers within the PayPal group.",
                &["binding corporate rules"],
            ),
            (
                "When we transfer your information to other countries, we use appropriate safeguards.",
                &["appropriate safeguards"],
            ),
            (
                "We use appropriate safeguards to protect your account from unauthorised access.",
                &[],
            ),
            (
                "When transferring data outside the EEA, we use standard contract clauses.",
                &["standard contractual clauses"],
            ),
            (
                "Our commitments under the Privacy Shields are subject to the powers of the FTC.",
                &["Privacy Shield"],
            ),
            (
                "We rely on the European Commission's decisions on the adequacy of the protection of personal data.",
                &["adequacy decision"],
            ),
            (
                "For transfers from the UK, we use the UK's International Data Transfer Addendum.",
                &["International Data Transfer Agreement"],
            ),
            // A negation in a condition leaves the mechanism relied on (Pinterest, WhatsApp).
            (
                "Where we transfer information from the EEA to a country that doesn't provide an adequate level of protection, we'll only do so under appropriate safeguards, like standard contractual clauses.",
                &["appropriate safeguards", "standard contractual clauses"],
            ),
            (
                "While transfers to countries that don't have an adequacy decision typically take place on the basis of the standard contractual clauses, we also rely on derogations.",
                &[
                    "adequacy decision",
                    "standard contractual clauses",
                    "derogations",
                ],
            ),
            // One no longer relied on, or no longer valid, is not named as one (Discord).
            ("We no longer rely on the EU-U.S. Privacy Shield.", &[]),
            (
                "Although the EU-U.S. Privacy Shield Program is no longer a valid basis for transfers, we comply with its principles.",
                &[],
            ),
            (
                "The Privacy Shield was invalidated by the Court of Justice in 2020.",
                &[],
            ),
            (
                "We don't rely on the Privacy Shield; we rely on standard contractual clauses.",
                &["standard contractual clauses"],
            ),
            (
                "We no longer transfer personal data under the Privacy Shield.",
                &[],
            ),
            // A contrast before the cue: what comes before it is relied on.
            (
                "We rely on standard contractual clauses rather than the Privacy Shield, which is no longer valid.",
                &["standard contractual clauses"],
            ),
            (
                "We use binding corporate rules instead of the Privacy Shield, which was invalidated in 2020.",
                &["binding corporate rules"],
            ),
            (
                "Meta ceases to transfer data under the Privacy Shield.",
                &[],
            ),
            (
                "We have stopped transferring data under the Privacy Shield.",
                &[],
            ),
            (
                "We discontinued all such transfers under the Privacy Shield in 2020.",
                &[],
            ),
            // A disavowal's verbs joined, a reliance without its subject, and a user's request.
            (
                "We are no longer certified under, and do not rely on, the EU-U.S. Privacy Shield.",
                &[],
            ),
            ("We no longer rely on, or use, the Privacy Shield.", &[]),
            (
                "We no longer participate in, use or rely on the Privacy Shield.",
                &[],
            ),
            (
                "We have stopped transferring personal data relying on the EU-U.S. Privacy Shield.",
                &[],
            ),
            (
                "If you want us to stop transferring your personal data under standard contractual clauses, contact us.",
                &["standard contractual clauses"],
            ),
            // What follows the disavowal in its clause may be relied on.
            (
                "Should these certifications lapse or become otherwise invalidated, Cloudflare relies on the standard contractual clauses.",
                &["standard contractual clauses"],
            ),
            (
                "We no longer transfer personal data under the Privacy Shield and instead rely on standard contractual clauses.",
                &["standard contractual clauses"],
            ),
            (
                "Where we no longer transfer data under an adequacy decision, we rely on standard contractual clauses.",
                &["standard contractual clauses"],
            ),
            (
                "If you withdraw consent, we will cease to transfer your data, other than under standard contractual clauses.",
                &["standard contractual clauses"],
            ),
            (
                "We do not transfer your data abroad except under standard contractual clauses.",
                &["standard contractual clauses"],
            ),
            (
                "We have invoked the derogation permitted by Regulation (EU) 2021/1232.",
                &[],
            ),
        ] {
            assert_eq!(labels(&read(sentence).transfers), expected, "{sentence}");
        }
    }

    #[test]
    fn list_entries_under_a_lead_in_that_shares_name_recipients() {
        let recipients = |texts: &[&str]| -> Vec<Vec<String>> {
            let mut readings: Vec<Reading> = texts.iter().map(|t| names(t)).collect();
            list_recipients(texts, &mut readings);
            (readings.iter())
                .map(|r| r.recipients.iter().map(|m| m.label.to_string()).collect())
                .collect()
        };
        let brokers = vec!["data brokers".to_string()];
        let shared = recipients(&[
            "We share your information with the following:",
            "Service providers that host our website",
            "Data brokers",
        ]);
        assert_eq!(shared[2], brokers);
        let included = recipients(&["We share it with partners.", "This includes data brokers."]);
        assert_eq!(included[1], brokers);
        // Not under a denial or a source, nor an entry with a verb of its own or a source.
        for texts in [
            ["We do not share your information with:", "Data brokers"],
            ["We receive information from:", "Data brokers"],
            ["We share information that we receive from:", "Data brokers"],
            [
                "We share your information with:",
                "Data brokers collect data.",
            ],
            ["We share your information with:", "Lists from data brokers"],
            [
                "We share it with partners.",
                "They are barred from calling data brokers.",
            ],
        ] {
            assert!(recipients(&texts)[1].is_empty(), "{texts:?}");
        }
        let far = recipients(&[
            "We share your information with the following:",
            "Service providers, who host our website and answer your questions when you write.",
            "Data brokers",
        ]);
        assert!(far[2].is_empty());
    }

    /// Readings a review of corpus pairs found missing or wrong.
    #[test]
    fn messages_inferences_researchers_and_ai_deployment_are_read() {
        let read_as = |s: &str, kind: fn(&Reading) -> &Vec<Mention>| {
            labels(kind(&read(s)))
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        fn data(r: &Reading) -> &Vec<Mention> {
            &r.data_categories
        }
        fn purposes(r: &Reading) -> &Vec<Mention> {
            &r.purposes
        }
        for s in [
            "We store and process your direct messages.",
            "You may provide your chats and communications.",
            "We collect the content of the messages you send.",
        ] {
            assert_eq!(read_as(s, data), ["communications content"], "{s}");
        }
        for inferred in [
            "We infer attributes such as your interests based on your activity.",
            "We infer your age or interests based on your content.",
        ] {
            assert!(
                read_as(inferred, data).contains(&"inferences".to_string()),
                "{inferred}"
            );
        }
        let ai = "This includes using data to develop or deploy our generative AI models.";
        assert_eq!(read_as(ai, purposes), ["AI model training"]);
        let shared = "We may share your information with law enforcement, researchers, or others.";
        assert!(labels(&read(shared).recipients).contains(&"researchers"));
        // Worded as Reddit, Pinterest and Instagram word them.
        let trained = "For example, using information to train, develop, and improve our \
                       technology such as our machine learning models.";
        assert_eq!(read_as(trained, purposes), ["AI model training"]);
        let face =
            "This may include facial age estimation and matching your face against a selfie.";
        assert_eq!(read_as(face, data), ["biometric information"]);
        let sponsored = "We use your activity for recommendations or delivering sponsored content.";
        assert!(read_as(sponsored, purposes).contains(&"advertising".to_string()));
        let family = "We transfer information to entities in our family of companies.";
        assert_eq!(labels(&read(family).recipients), ["affiliates"]);
        let llm = "We share information with LLM providers who help us summarize content.";
        assert_eq!(labels(&read(llm).recipients), ["service providers"]);
        let export =
            "You can make a request in our tool to export a copy of your Snapchat information.";
        assert_eq!(labels(&read(export).rights), ["portability"]);
        // The company's own contact details are no data collected.
        for own in [
            "You may request a copy using the contact details provided below.",
            "Please contact us with the contact details in section 12.",
            "Write to us at our contact information.",
        ] {
            assert!(read_as(own, data).is_empty(), "{own}");
        }
        for collected in [
            "We collect your contact details.",
            "We collect the contact information listed below.",
            "We will notify you using the contact details you gave us.",
        ] {
            assert_eq!(
                read_as(collected, data),
                ["contact information"],
                "{collected}"
            );
        }
    }

    #[test]
    fn recipients_rights_and_contacts() {
        let r = read(
            "We share data with service providers and advertising partners; you may opt out or request deletion of your data at privacy@example.com or 410 Terry Ave. North, Seattle.",
        );
        assert_eq!(
            labels(&r.recipients),
            ["service providers", "advertisers", "business partners"]
        );
        assert_eq!(labels(&r.rights), ["opt-out", "deletion"]);
        // Asked of us in plain words.
        let asked = read("You may request a copy of your records or ask us to correct them.");
        assert_eq!(labels(&asked.rights), ["portability", "correction"]);
        // Named as a label, or by what it does; not a correction of anything else.
        for right in [
            "Correction: Request that we fix it.",
            "You can update incomplete personal information in Settings.",
        ] {
            assert_eq!(labels(&read(right).rights), ["correction"], "{right}");
        }
        let policy = read("We may post a correction to this policy.");
        assert!(policy.rights.is_empty());
        // An account, or several of one's own; not accounts the company deletes.
        for right in [
            "You can delete your account at any time.",
            "You can delete your accounts at any time.",
        ] {
            assert_eq!(labels(&read(right).rights), ["deletion"], "{right}");
        }
        let ours = read("We may suspend or delete accounts that break our rules.");
        assert!(ours.rights.is_empty(), "{:?}", ours.rights);
        // Accessing data is the person's right where the person accesses it.
        for right in [
            "You can access your personal data in Settings.",
            "To access your data, visit the privacy page.",
            "Users may access the information we hold.",
            "You have the right to access your data.",
            "You may request access to your personal information.",
            "Request to know and access the personal data we process about you.",
            "Access your information",
            "Confirm and access your personal data: you may request a copy.",
            "You can learn more about how to access your information in our Help Center.",
        ] {
            assert_eq!(labels(&read(right).rights), ["access"], "{right}");
        }
        // Verbs run together before the data each name their right, in any order.
        for (listed, rights) in [
            (
                "You have the right to access, correct and delete your personal information.",
                vec!["access", "correction", "deletion"],
            ),
            (
                "We provide ways for you to access, delete, port or correct your data.",
                vec!["access", "deletion", "correction", "portability"],
            ),
        ] {
            let reading = read(listed);
            let mut named = labels(&reading.rights);
            named.sort();
            let mut rights = rights;
            rights.sort();
            assert_eq!(named, rights, "{listed}");
        }
        for practice in [
            "Apps access, store and share your data.",
            "We automatically delete or anonymize your data.",
            "Processors must delete or return the personal data.",
        ] {
            assert!(read(practice).rights.is_empty(), "{practice}");
        }
        for practice in [
            "We do not access your personal data.",
            "Protections may not work when apps access your data.",
            "Google will only access the data to provide a translation.",
            "We allow service providers to access your personal data.",
        ] {
            assert!(read(practice).rights.is_empty(), "{practice}");
        }
        assert_eq!(
            labels(&r.contacts),
            ["privacy@example.com", "410 terry ave"]
        );
        assert!(read("Contact us with questions.").contacts.is_empty());
        // An address written against harvesters is the address.
        for written in [
            "Write to Privacy[at]Example.org.",
            "Write to privacy (at) example (dot) org.",
            "Write to privacy(at)example(dot)org",
            "Write to privacy [AT] example [DOT] org",
            "Write to privacy (AT) example (DOT) org",
            "Write to privacy(AT)example.co(DOT)uk",
        ] {
            let expected = match written.ends_with("uk") {
                true => "privacy@example.co.uk",
                false => "privacy@example.org",
            };
            assert_eq!(labels(&read(written).contacts), [expected], "{written}");
        }
        assert!(read("Look at [this] page.").contacts.is_empty());
        // "(AT)" is also Austria's country code: without a spelled "(DOT)" it is not an address.
        for written in [
            "Write to our office in Vienna (AT) example.at for questions.",
            "Contact our office in Vienna (AT) Example, a partner.",
        ] {
            assert!(read(written).contacts.is_empty(), "{written}");
        }
        assert!(read("Write to privacy[at)example.com.").contacts.is_empty());
        // A street type abbreviated, with its period or a comma after it.
        for (address, contact) in [
            (
                "Write to 101 Townsend St. San Francisco.",
                "101 townsend st",
            ),
            ("Write to 548 Market St, PMB 1234.", "548 market st"),
            ("Write to 1 Hacker Way, Menlo Park.", "1 hacker way"),
            // GitHub's address, in prose and in a table.
            (
                "Write to 88 Colin P. Kelly Jr. Street, San Francisco.",
                "88 colin p. kelly jr. street",
            ),
            (
                "Write to 88 Colin P. Kelly Jr. St. San Francisco.",
                "88 colin p. kelly jr. st",
            ),
            (
                "Write to 1600 Amphitheatre Parkway.",
                "1600 amphitheatre parkway",
            ),
        ] {
            assert_eq!(labels(&read(address).contacts), [contact], "{address}");
        }
        // A partner's web site is no contact detail; a form to write to is.
        assert!(
            read("We share it with HERE (see https://www.here.com/).")
                .contacts
                .is_empty()
        );
        assert_eq!(
            labels(&read("Send requests through https://example.com/form.").contacts),
            ["https://example.com/form"]
        );
        assert!(read("Opt out of promotional messages").purposes.is_empty());
        // Consent taken back is its own right, not an opt-out, and names no purpose either.
        let withdrawn = read("You may withdraw your consent to marketing at any time.");
        assert_eq!(labels(&withdrawn.rights), ["withdrawal of consent"]);
        assert!(withdrawn.purposes.is_empty());
        // What follows from withdrawing consent is no right, and keeps its purposes.
        let follows = read(
            "The withdrawal of consent ends the processing, except data kept to comply with legal obligations.",
        );
        assert!(follows.rights.is_empty());
        assert!(!follows.purposes.is_empty());
        assert_eq!(
            labels(&read("You can revoke consent, or opt out of the sale.").rights),
            ["withdrawal of consent", "opt-out"]
        );
        // Said in the passive, as translated policies often do; restriction is its own right,
        // often named beside objection; a condition, or the company's own right, is none.
        let withdrawal = &["withdrawal of consent"][..];
        let restriction = &["restriction of processing"][..];
        let both = &["objection", "restriction of processing"][..];
        for (sentence, expected) in [
            ("Your consent may be withdrawn at any time.", withdrawal),
            (
                "We ask for your consent, which you can withdraw at any time.",
                withdrawal,
            ),
            (
                "Processing before the consent is withdrawn remains lawful.",
                &[],
            ),
            (
                "You have the right to object to, and seek restriction of, our processing.",
                both,
            ),
            (
                "You have the right to restrict and object to certain processing of your information.",
                both,
            ),
            (
                "You may (3) restrict, or object to, the processing of your personal data.",
                both,
            ),
            (
                "You can also object to or restrict the use of your personal data by Microsoft.",
                both,
            ),
            (
                "You have the right to restrict our processing of your data.",
                restriction,
            ),
            ("Restrict how we process your Personal Data.", restriction),
            ("You may request restriction of processing.", restriction),
            (
                "You have the right to restriction of processing.",
                restriction,
            ),
            (
                "We reserve the right to restrict access to our services if you violate our terms.",
                &[],
            ),
        ] {
            let reading = read(sentence);
            let mut found = labels(&reading.rights);
            found.sort_unstable();
            assert_eq!(found, expected, "{sentence}");
        }
        // The purpose stated before the consent is still one.
        let stated = read(
            "We use your email address to send you marketing emails, based on your consent, which you can withdraw at any time.",
        );
        assert_eq!(labels(&stated.rights), ["withdrawal of consent"]);
        assert_eq!(labels(&stated.purposes), ["marketing"]);
        assert!(
            read("We receive information from third parties.")
                .recipients
                .is_empty()
        );
        assert_eq!(
            labels(&read("We provide it to third parties.").recipients),
            ["third parties"]
        );
    }
}
