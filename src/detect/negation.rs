//! Negation of the practice a sentence states: "we do not share", "… is never used …", "it is
//! our policy not to …", "no … will be …".
//!
//! Negation is decided per clause (a sentence split at `;`, `:`, dashes, "but", ", while", …).
//! A cue does not count when it is the user's conditional or choice ("if you do not want
//! cookies", "you can choose not to provide", "you do not have to"); what the user cannot do
//! counts, marked as such ("you cannot delete your data"). A cue in a relative clause, or a
//! clause of where or whose, is about its noun, not the practice ("we share it with people you
//! do not know"), and does not negate it; one that bars a recipient from a practice ("partners
//! that may not use it for ads") is a promise, and its loss a change, but not the practice
//! negated either (see [`Scope`]). Nor do cues count in set phrases ("not limited to", "whether or not"); and a consent
//! exception undoes it ("we do not share … unless you consent" states that we share, with
//! consent, as PolicyLint reads it).

use std::ops::Range;
use std::sync::LazyLock;

use crate::pattern::Pattern;

/// A negation cue and the clause it negates, as byte ranges of the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Negation {
    pub cue: Range<usize>,
    pub clause: Range<usize>,
    /// The cue restricts the user ("you cannot delete …", "you may not use …") rather than
    /// stating what is done with their data.
    pub of_user: bool,
    pub scope: Scope,
    /// An exception for a recipient, a purpose or the cases a policy describes follows the
    /// cue: "we do not sell your personal information, except to data brokers" sells to data
    /// brokers. A rule reading a lexicon's polarity takes what it names as done; a change
    /// reads the promise (with its exception) as before. (A consent exception undoes a
    /// negation for both: see [`consent_negations`].)
    pub excepted: bool,
}

/// What a negation's cue negates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The sentence's practice: "we do not sell your data".
    Practice,
    /// What a relative clause's noun does or is, from the cue on: "people you do not know",
    /// "third parties who are not our ad partners".
    Noun,
    /// What a recipient of the practice stated before it may do, from the cue on: "we share it
    /// with service providers that may not use it for ads" shares it, and bars them from a use.
    /// That is a promise, and a change if it goes, but not the practice negated.
    Barring,
}

impl Negation {
    /// Whether the cue negates the sentence's practice.
    pub fn negates_practice(&self) -> bool {
        self.scope == Scope::Practice
    }

    /// What the cue negates in its sentence: its clause, or, in a relative clause, what follows
    /// the cue there ("partners who do not show ads" negates no practice before it).
    pub fn reach(&self) -> Range<usize> {
        match self.negates_practice() {
            true => self.clause.clone(),
            false => self.cue.start..self.clause.end,
        }
    }

    /// Whether the cue states something of the policy's own (the practice, or what a recipient
    /// may do with the data), not what some noun is.
    pub fn is_commitment(&self) -> bool {
        self.scope != Scope::Noun
    }
}

/// Where a sentence's clauses meet. "And" needs a comma before a subject ("…, and we share
/// it"), or a negation after it: "we do not sell it and we do not share it" (or "… and do not
/// share it", "… and never share it", "… and our partners do not sell it") negates two
/// practices, one a clause.
static CLAUSE_BREAK: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i);|:\s|\s-\s|,?\s+but\s+|,\s*(?:while|whereas|although|though|however|and\s+(?:we|you|they|it|our|your))\b|\s+and\s+(?:(?:we|they|it|(?:our|its|their|the|these|those|such)\s+[\w-]+(?:\s+[\w-]+)?)\s+)?(?:(?:(?:do|does|did|will|would|shall|may|can|could|should|must|is|are)\s+)?(?:not|never)|(?:don|doesn|didn|won|wouldn|can|shouldn|isn|aren)'t)\b",
    )
});

/// A concession that opens a sentence, up to the comma that ends it: "Although we sell your
/// data to brokers, we do not share it" negates no sale.
static CONCESSION_OPENING: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)^\W*(?:although|though|even\s+though|whereas|while)\b[^,;:]*,")
});

/// Whether a main clause leaves its verb to the concession before it: "Although we could sell
/// your data, we do not." negates that sale.
fn elliptical(main: &str) -> bool {
    const ENDS: [&str; 12] = [
        "not", "never", "do", "does", "did", "so", "don't", "doesn't", "won't", "will", "cannot",
        "can't",
    ];
    let words: Vec<String> = (main.split_whitespace())
        .map(|w| {
            (w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}'))
                .replace('\u{2019}', "'")
                .to_lowercase()
        })
        .collect();
    words.len() <= 5 && words.last().is_some_and(|w| ENDS.contains(&w.as_str()))
}

/// A condition not yet come to its main clause: "If you do not have an account" (a comma ends it).
static CONDITION: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)^\W*(?:if|when|whenever|unless|where|once|while|until)\b[^,]*$")
});

/// A condition's word anywhere in a clause: what "and" followed by a negation may go on.
static CONDITION_WORD: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?i)\b(?:if|when|whenever|unless|once|until|whether)\b"));

static CUE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b(?:not|never|cannot|no\s+longer|neither|nor|none\s+of|nothing)\b|n't\b|\bno(?:\s+[\w-]+){1,8}?(?:,\s[^,.;]{1,60},)?\s+(?:will|shall|is|are|was|were|would|may|can|could|should|must)\b|\b(?:under|in|at|on)\s+no\s+(?:circumstances?|event|time|case|account|condition)\b|\b(?:sell|rent|share|disclose|trade|transfer|collect|use|store|keep|retain|track|log)(?:s|e?d)?\s+no\b|\b(?:sold|kept)\s+no\b",
    )
});

/// The verbs that end a cue's "no … will" run (see [`CUE`]).
const NO_RUNS_TO: [&str; 12] = [
    "will", "shall", "is", "are", "was", "were", "would", "may", "can", "could", "should", "must",
];

/// Cues that negate nothing: "including but not limited to", "not only", "we don't just use
/// cookies", "whether or not", "no longer than 30 days", "nothing in this policy limits …",
/// "no matter where you are".
static SET_PHRASE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)^(?:(?:not|n't)\s+(?:limited|only|just|merely|necessarily)\b|no\s+(?:longer|more|later|less|fewer|sooner|earlier)\s+than\b|no\s+matter\b|nothing\s+in\s+(?:this|these|the|our)\b|\w+\s+no(?:-|\s+(?:longer|more|later|less|fewer|sooner|earlier)\b))",
    )
});
static SET_PHRASE_BEFORE: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?i)\b(?:whether\s+or|or|if)\s+$"));

/// The user's condition or choice before the cue: "if you do not …", "you can choose not to …".
/// What the user cannot do is no choice: "you cannot delete your data" negates.
static USER_SIDE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)(?:\b(?:if|unless|when|whenever|should|once|in\s+case)\s+(?:you|your|users?|the\s+user)\b[^,;]*|\b(?:you|users?)\b(?:\s+[\w-]+){0,3}?\s+(?:want|wants|wish|wishes)(?:\s+to)?\s+|\b(?:choose|chooses|decide|decides|opt|opts|elect|elects|prefer|prefers)(?:\s+to)?\s+)$",
    )
});
/// The user as the cue's subject: "you cannot", "users will not", "you don't", "you won't"
/// ("wo" and "ca" before "n't"), "you are not".
static USER_BEFORE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b(?:you|users?)(?:\s+(?:do|does|did|can|could|may|might|will|would|shall|should|must|are|need|have|wo|ca))*\s*$",
    )
});
/// What frees the user rather than restricts them, after such a cue: "you do not have to create
/// an account", "you don't need to sign in", "you are not required to provide it".
static FREEDOM_AFTER: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)^\s*(?:have\s+to|need|want|wish|(?:be\s+)?(?:required|obliged|obligated))\b")
});
/// The same before the cue: "you need not provide it", "you have not consented".
static FREEDOM_BEFORE: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?i)\b(?:need|have|has|had)\s*$"));

/// The nouns a relative clause here describes: people.
macro_rules! people {
    () => {
        "people|persons|individuals|anyone|someone|those|users?|members|customers|children|friends|contacts"
    };
}
/// The organisations data goes to.
macro_rules! recipients {
    () => {
        "part(?:y|ies)|compan(?:y|ies)|businesses|organi[sz]ations|partners|providers|vendors|advertisers|processors|affiliates|recipients|entit(?:y|ies)"
    };
}
/// Things.
macro_rules! things {
    () => {
        "sites?|websites?|apps?|applications?|services?|products?|platforms?|content|information|data|details|features?|technologies|cookies|devices?|accounts?|messages?|files?|countr(?:y|ies)"
    };
}
/// Any noun a relative clause here describes.
macro_rules! nouns {
    () => {
        concat!(people!(), "|", recipients!(), "|", things!())
    };
}
/// The auxiliaries between a subject and the cue, to the cue.
macro_rules! auxiliaries {
    () => {
        r"(?:\s+(?:do|does|did|will|would|can|could|may|might|shall|should|must|is|are|was|were|have|has|had|need|wo|ca))*\s*$"
    };
}
/// A relative clause's subject, if it says one, and auxiliaries up to the cue.
macro_rules! up_to_the_cue {
    () => {
        concat!(r"(?:\s+(?:we|you|they|he|she|it|users?))?", auxiliaries!())
    };
}
/// The verbs of what is done with data.
macro_rules! practice_verbs {
    () => {
        "shar(?:e|es|ed|ing)|s(?:ell|ells|old|elling)|resell(?:s|ing)?|resold|collect(?:s|ed|ing)?|us(?:e|es|ed|ing)|disclos(?:e|es|ed|ing)|process(?:es|ed|ing)?|stor(?:e|es|ed|ing)|retain(?:s|ed|ing)?|keep(?:s|ing)?|kept|delet(?:e|es|ed|ing)|eras(?:e|es|ed|ing)|transfer(?:s|red|ring)?|provid(?:e|es|ed|ing)|receiv(?:e|es|ed|ing)|obtain(?:s|ed|ing)?|access(?:es|ed|ing)?|combin(?:e|es|ed|ing)|send(?:s|ing)?|sent|show(?:s|n|ed|ing)?|display(?:s|ed|ing)?|rent(?:s|ed|ing)?|giv(?:e|es|en|ing)|gave"
    };
}

/// A relative clause the cue is in, ending with its subject and auxiliaries: it negates what
/// its noun does or is, not the sentence's practice ("we may share it with people you do not
/// know", "third parties that we do not control", "users who don't sign in").
static IN_RELATIVE_CLAUSE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(concat!(
        r"(?i)\b(?:",
        nouns!(),
        r")\s+(?:that|which|who|whom)",
        up_to_the_cue!()
    ))
});
/// The same without a relative pronoun ("data we no longer need"): a noun, then the subject.
/// Only after a verb of the practice ([`PRACTICE_BEFORE`]) in a clause that does not open
/// with a condition or a time: "in our apps we do not show ads", "when we share it with
/// advertisers we do not include your name" negate.
static IN_BARE_RELATIVE_CLAUSE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(concat!(
        r"(?i)\b(?:",
        nouns!(),
        r")\s+(?:we|you|they)",
        auxiliaries!()
    ))
});
/// A clause that says where or whose, up to the cue: "disclose it to authorities where we are
/// not compelled to", "third parties whose privacy practices we do not control", "countries
/// whose laws are not considered adequate". Only after a verb of the practice, as
/// [`IN_BARE_RELATIVE_CLAUSE`]: "in countries where we operate we do not sell data" negates.
static IN_WHERE_OR_WHOSE_CLAUSE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(concat!(
        r"(?i)\b(?:where|whose)(?:\s+[\w'-]+){0,6}?",
        auxiliaries!()
    ))
});
/// A verb of the practice, before [`IN_BARE_RELATIVE_CLAUSE`]'s noun, a clause of where or
/// whose, or a recipient barred from a practice.
static PRACTICE_BEFORE: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(concat!(r"(?i)\b(?:", practice_verbs!(), r")\b")));
/// A clause that opens with a condition, a time or a purpose.
static SUBORDINATE_OPENING: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)^\W*(?:when|whenever|if|where|wherever|after|once|because|as|since|before|until|while|unless|to|by)\b",
    )
});
/// Before the noun, a verb of telling: "we assure our partners that we do not sell …" says
/// what it tells them.
static TELLING_BEFORE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b(?:assur(?:e|es|ed|ing)|inform(?:s|ed|ing)?|remind(?:s|ed|ing)?|tell(?:s|ing)?|told|notif(?:y|ies|ied|ying)|promis(?:e|es|ed|ing)|confirm(?:s|ed|ing)?|advis(?:e|es|ed|ing)|guarantee(?:s|d|ing)?|warn(?:s|ed|ing)?|certif(?:y|ies|ied|ying)|explain(?:s|ed|ing)?|ensur(?:e|es|ed|ing))\b",
    )
});
/// Right before the noun, a form of "be": "we are a company that does not sell …" says what we
/// are.
static PREDICATE_BEFORE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b(?:is|are|was|were|be|been|am)\s+(?:(?:a|an|the|one|not|also)\s+)*(?:[\w-]+\s+){0,2}$",
    )
});
/// A relative clause about an organisation data goes to, up to the cue.
static OF_RECIPIENT: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(concat!(
        r"(?i)\b(?:",
        recipients!(),
        r")(?:\s+(?:that|which|who|whom)|\s+(?:we|you|they))",
        up_to_the_cue!()
    ))
});
/// We, the cue's subject: "… that we do not sell it to".
static OURS: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(concat!(r"(?i)\bwe", auxiliaries!())));
/// A verb of the practice within a few words after the cue: "service providers that may not
/// use it" bars them from a use, which is a promise.
static PRACTICE_AFTER: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(concat!(
        r"(?i)^\s*(?:[\w'-]+\s+){0,4}?(?:",
        practice_verbs!(),
        r")\b"
    ))
});

/// A consent exception after the cue undoes it.
static CONSENT_EXCEPTION: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b(?:unless|except|without|other\s+than|apart\s+from|until)\b.{0,80}?\b(?:consent\w*|you\s+agree|your\s+(?:express\s+|explicit\s+|prior\s+)?(?:permission|authori[sz]ation|direction|instruction)|you\s+(?:ask|direct|instruct|request|tell|opt)|opt(?:ed)?[-\s]in)\b",
    )
});

/// What opens an exception for a recipient, a purpose or the cases a policy describes (see
/// [`Negation::excepted`]); not a limit on what is named ("we collect nothing other than what
/// you give us").
static EXCEPTION: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b(?:except|other\s+than|apart\s+from)\s+(?:to|with|as|when|where|if|in|through|via)\b",
    )
});

/// An exception for what the law requires: boilerplate, no case of the practice the policy
/// means to carry out ("we do not sell it, except as required by law").
static AS_THE_LAW_REQUIRES: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b(?:except|other\s+than|apart\s+from)\s+(?:as|when|where|if|to\s+the\s+extent)\s+(?:[\w-]+\s+){0,3}?(?:required|permitted|authori[sz]ed|compelled|mandated)\b",
    )
});

/// The patterns of this module: each compiles, and each is prebuilt (see `reading`'s tests).
#[cfg(test)]
pub(super) fn patterns() -> [&'static Pattern; 24] {
    [
        &CLAUSE_BREAK,
        &CONCESSION_OPENING,
        &CONDITION,
        &CONDITION_WORD,
        &CUE,
        &SET_PHRASE,
        &SET_PHRASE_BEFORE,
        &USER_SIDE,
        &USER_BEFORE,
        &FREEDOM_AFTER,
        &FREEDOM_BEFORE,
        &CONSENT_EXCEPTION,
        &EXCEPTION,
        &AS_THE_LAW_REQUIRES,
        &IN_RELATIVE_CLAUSE,
        &IN_BARE_RELATIVE_CLAUSE,
        &IN_WHERE_OR_WHOSE_CLAUSE,
        &PRACTICE_BEFORE,
        &SUBORDINATE_OPENING,
        &TELLING_BEFORE,
        &PREDICATE_BEFORE,
        &OF_RECIPIENT,
        &OURS,
        &PRACTICE_AFTER,
    ]
}

/// The clauses of a sentence, as ranges that cover it. A few words after a dash that end the
/// sentence belong to the clause before them: "… cannot be disclosed to any third parties -
/// advertisers included."
pub fn clauses(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    if let Some(concession) = CONCESSION_OPENING.find(text)
        && !elliptical(&text[concession.end..])
    {
        let comma = concession.end - 1;
        out.push(0..comma);
        start = comma;
    }
    let after_concession = start;
    for m in (CLAUSE_BREAK.find_iter(text)).filter(|m| m.start > after_concession) {
        // "… and does not …" opens a clause after one that negates, not inside a condition:
        // "if you use X and are not signed in", "if you do not have an account and are not
        // signed in" are one.
        let from = &text[m.start..];
        let negated_and = from.starts_with(char::is_whitespace)
            && from
                .trim_start()
                .get(..4)
                .is_some_and(|w| w.eq_ignore_ascii_case("and "));
        let before = &text[start..m.start];
        let conditional = match CUE.is_match(before) {
            true => CONDITION.is_match(before),
            // "We sell it to brokers and do not share it" states a practice, then negates
            // another; "we share it if you … and are not signed in" is one condition.
            false => CONDITION_WORD.is_match(before),
        };
        if negated_and && conditional {
            continue;
        }
        if m.start > start {
            out.push(start..m.start);
        }
        start = m.start;
    }
    if start < text.len() || out.is_empty() {
        out.push(start..text.len());
    }
    // A tag, not a clause of its own: no subject, no negation ("- we rent it", "- never").
    let tail = |r: &Range<usize>| {
        let words = text[r.clone()].trim_start().strip_prefix("- ")?;
        let clause = |w: &str| {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_ascii_lowercase();
            [
                "we", "you", "they", "it", "i", "he", "she", "not", "never", "no",
            ]
            .contains(&w.as_str())
                || w.ends_with("n't")
        };
        (words.split_whitespace().count() <= 3 && !words.split_whitespace().any(clause))
            .then_some(())
    };
    if out.len() > 1 && out.last().is_some_and(|r| tail(r).is_some()) {
        let last = out.pop().map_or(text.len(), |r| r.end);
        if let Some(before) = out.last_mut() {
            before.end = last;
        }
    }
    out
}

/// The negations of the practice in one sentence.
pub fn negations(text: &str) -> Vec<Negation> {
    // Most sentences have no cue at all: one search instead of splitting them into clauses.
    // A cue in a clause is a cue in the sentence: every clause starts and ends beside a
    // character that is not a word's (what `CLAUSE_BREAK` matches starts with one), so `\b`
    // holds at its edges exactly where it holds in the sentence.
    if !has_cue_word(text) || !CUE.is_match(text) {
        return Vec::new();
    }
    clause_negations(text, false)
}

/// The negations of the practice that a consent exception undoes: "we do not share your data
/// without your consent" states that we share it, with consent — and that without consent we
/// do not, which a change can take away. Each with the exception's range.
pub fn consent_negations(text: &str) -> Vec<(Negation, Range<usize>)> {
    if !may_except(text) || !has_cue_word(text) || !CUE.is_match(text) {
        return Vec::new();
    }
    (clause_negations(text, true).into_iter())
        .filter_map(|n| {
            let exception = CONSENT_EXCEPTION.find(&text[n.cue.end..n.clause.end])?;
            let at = n.cue.end;
            Some((n, at + exception.start..at + exception.end))
        })
        .collect()
}

/// Whether `text` has a word that every match of [`CONSENT_EXCEPTION`] starts with, in any
/// case. Most sentences make no exception: a look at their bytes instead of a search.
fn may_except(text: &str) -> bool {
    static WORDS: LazyLock<[memchr::memmem::Finder<'static>; 6]> = LazyLock::new(|| {
        [
            "unless",
            "except",
            "without",
            "other than",
            "apart from",
            "until",
        ]
        .map(memchr::memmem::Finder::new)
    });
    let lower = text.to_ascii_lowercase();
    WORDS.iter().any(|w| w.find(lower.as_bytes()).is_some())
}

/// Whether `text` has a word that every match of [`CUE`] holds ("not", "never", "cannot", "no",
/// "neither", "nor", "none", "nothing", in any case) or "n't". A sentence without one has no
/// cue: looking at each "n" is a fraction of the pattern's search, which tries every place.
fn has_cue_word(text: &str) -> bool {
    // All but "cannot" start with the "n".
    const WORDS: [&[u8]; 7] = [
        b"not", b"never", b"no", b"neither", b"nor", b"none", b"nothing",
    ];
    let bytes = text.as_bytes();
    // The pattern's `\b` stands between a word character and any other: ASCII word characters
    // here, everything else (Unicode letters too) a gap.
    let is_word = |at: usize| {
        bytes
            .get(at)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    };
    let word_from = |start: usize| {
        let end = (start..bytes.len())
            .find(|&k| !is_word(k))
            .unwrap_or(bytes.len());
        &bytes[start..end]
    };
    memchr::memchr2_iter(b'n', b'N', bytes).any(|at| {
        let is = |from: usize, what: &[u8]| {
            bytes
                .get(from..from + what.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(what))
        };
        if is(at + 1, b"'t") {
            return true;
        }
        if at == 0 || !is_word(at - 1) {
            let word = word_from(at);
            return WORDS.iter().any(|w| word.eq_ignore_ascii_case(w));
        }
        // "cannot", standing alone.
        at >= 3 && is(at - 3, b"cannot") && (at == 3 || !is_word(at - 4)) && !is_word(at + 3)
    })
}

/// Whether a capitalised "Not" (or a contraction of `host` with "n't": "Doesn't") between
/// `before` and `after` negates a clause written in Title Case: a subject and an auxiliary
/// before it ("We Do", "This Policy Does"), and every word a capitalised one or a small word
/// ("or", "of", "your"). Names open with "Do Not" ("Click Do Not Sell or Share My Personal
/// Information"): "Do" has a pronoun before it.
fn title_case_negation(before: &str, host: &str, after: &str) -> bool {
    const AUXILIARIES: [&str; 18] = [
        "Do", "Does", "Did", "Will", "Would", "Shall", "Should", "Can", "Could", "May", "Might",
        "Must", "Is", "Are", "Has", "Have", "Ca", "Wo",
    ];
    const SMALL: [&str; 16] = [
        "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to",
        "with", "your",
    ];
    let words = |s: &str| -> Vec<String> {
        (s.split_whitespace())
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
            .filter(|w| !w.is_empty())
            .collect()
    };
    let (mut before, after) = (words(before), words(after));
    before.extend((!host.is_empty()).then(|| host.to_string()));
    // A heading's number ("5. We Do Not Sell …") is neither.
    let titled = |w: &String| {
        w.starts_with(char::is_uppercase)
            || SMALL.contains(&w.as_str())
            || w.chars().all(|c| c.is_ascii_digit())
    };
    let subject = before.len().checked_sub(2).map(|k| before[k].as_str());
    before.len() >= 2
        && before
            .last()
            .is_some_and(|w| AUXILIARIES.contains(&w.as_str()))
        && (before.last().is_some_and(|w| w != "Do")
            || subject.is_some_and(|s| ["We", "I", "You", "They"].contains(&s)))
        && before.iter().chain(&after).all(titled)
}

/// What a cue between `before` and `after` (its clause up to it, and on from it) negates if
/// it is in a relative clause ([`IN_RELATIVE_CLAUSE`], [`IN_BARE_RELATIVE_CLAUSE`],
/// [`IN_WHERE_OR_WHOSE_CLAUSE`]) that is not what is said to someone or what something is: a
/// noun's doing or being, or, where the clause bars a recipient from a practice, that
/// ("service providers that may not use it"). `None`, the sentence's own negation, for a
/// recipient barred with no practice stated before it, and for what we do not do ("… that we
/// do not sell it to").
fn relative_clause_scope(before: &str, after: &str) -> Option<Scope> {
    // A clause without its pronoun, or of where or whose, only after the practice is stated.
    let after_practice = |pattern: &Pattern| {
        let found = pattern.find(before)?;
        let lead = &before[..found.start];
        (PRACTICE_BEFORE.is_match(lead) && !SUBORDINATE_OPENING.is_match(lead)).then_some(found)
    };
    // "where necessary and do not sell it": a second predicate, not the clause's.
    let where_or_whose = || {
        after_practice(&IN_WHERE_OR_WHOSE_CLAUSE).filter(|found| {
            !(before[found.clone()].split_whitespace()).any(|w| {
                ["and", "or", "but", "nor"]
                    .iter()
                    .any(|c| w.eq_ignore_ascii_case(c))
            })
        })
    };
    let (noun, free_words) = match IN_RELATIVE_CLAUSE.find(before) {
        Some(noun) => (noun, false),
        None => match after_practice(&IN_BARE_RELATIVE_CLAUSE) {
            Some(noun) => (noun, false),
            None => (where_or_whose()?, true),
        },
    };
    let lead = &before[..noun.start];
    if TELLING_BEFORE.is_match(lead) || PREDICATE_BEFORE.is_match(lead) {
        return None;
    }
    let practice_after = PRACTICE_AFTER.is_match(after);
    // "… service providers that we do not sell it to", "… countries where we do not sell it":
    // what we do not do, whatever the clause is about.
    if practice_after && (free_words || OF_RECIPIENT.is_match(before)) && OURS.is_match(before) {
        return None;
    }
    if practice_after && OF_RECIPIENT.is_match(before) {
        return PRACTICE_BEFORE.is_match(lead).then_some(Scope::Barring);
    }
    Some(Scope::Noun)
}

/// A cue's place in its clause, whether it is the user's, and what it negates.
type Cue = (Range<usize>, bool, Scope);

/// The cues of a clause read, at most: each is weighed against all of the clause before it,
/// and a clause of 170 KB that repeated "where we do not control it and" took seconds. A
/// policy's clause has a few.
const CUES_A_CLAUSE: usize = 16;

/// The negations of each clause of `text`: those a consent exception undoes if `consented`,
/// else the others.
fn clause_negations(text: &str, consented: bool) -> Vec<Negation> {
    let mut out = Vec::new();
    for clause in clauses(text) {
        let body = &text[clause.clone()];
        // One effective cue negates the clause; the first one found is reported, and before
        // it the first in a relative clause of each scope (what follows it there is negated).
        let (mut noun, mut barring): (Option<Cue>, Option<Cue>) = (None, None);
        let found = CUE.find_iter(body).take(CUES_A_CLAUSE).find_map(|cue| {
            let before = &body[..cue.start];
            let from_cue = &body[cue.start..];
            let after = &body[cue.end..];
            // "Not" capitalised inside a clause is part of a name: "Do Not Sell or Share My
            // Personal Information", "Do Not Track", "Not in a Position to Identify Data", the
            // "What This Policy Doesn't Cover" section; unless the whole clause is in Title
            // Case, a heading's: "We Do Not Sell Personal Information".
            let cue_text = &body[cue.clone()];
            // A contraction's word: "Doesn't" is "Does" and the cue.
            let host_start = match cue_text {
                "n't" => before.trim_end_matches(char::is_alphabetic).len(),
                _ => cue.start,
            };
            let (before_host, host) = before.split_at(host_start);
            let capitalised =
                cue_text == "Not" || (cue_text == "n't" && host.starts_with(char::is_uppercase));
            // A word before it in the clause ("Important: Don't …" opens one).
            let title = capitalised
                && before_host.chars().any(char::is_alphanumeric)
                && !title_case_negation(before_host, host, after);
            let of_user = USER_BEFORE.is_match(before);
            let negates_nothing = title
                || SET_PHRASE.is_match(from_cue)
                || SET_PHRASE_BEFORE.is_match(before)
                || USER_SIDE.is_match(before)
                || (of_user && (FREEDOM_AFTER.is_match(after) || FREEDOM_BEFORE.is_match(before)));
            if negates_nothing || CONSENT_EXCEPTION.is_match(after) != consented {
                return None;
            }
            match relative_clause_scope(before, after) {
                // What a noun does or is: no promise a consent exception undoes.
                Some(Scope::Noun) if !consented => {
                    noun.get_or_insert((cue, of_user, Scope::Noun));
                    None
                }
                Some(Scope::Barring) => {
                    barring.get_or_insert((cue, of_user, Scope::Barring));
                    None
                }
                // A noun's, where a consent exception is looked for.
                Some(_) => None,
                None => Some((cue, of_user, Scope::Practice)),
            }
        });
        let negation = |(cue, of_user, scope): Cue| {
            // "no … will be": the cue is the word "no", not the run up to the verb.
            // ("No longer", "none of" and "nothing" stay whole.)
            let word = &body[cue.clone()];
            let verb = word.rsplit(char::is_whitespace).next().unwrap_or_default();
            let runs_to_verb = word.as_bytes().get(2).is_some_and(u8::is_ascii_whitespace)
                && NO_RUNS_TO.iter().any(|v| verb.eq_ignore_ascii_case(v));
            // "sell no data": the cue is the word "no", not the verb before it.
            let verb_before_no = word.len() > 3
                && word.get(word.len() - 3..).is_some_and(|end| {
                    end.starts_with(char::is_whitespace) && end[1..].eq_ignore_ascii_case("no")
                });
            let (skip, len) = match (runs_to_verb, verb_before_no) {
                (true, _) => (0, 2),
                (_, true) => (word.len() - 2, 2),
                _ => (0, word.len()),
            };
            let start = clause.start + cue.start + skip;
            Negation {
                cue: start..start + len,
                clause: clause.clone(),
                of_user,
                scope,
                excepted: !consented && {
                    let after = &body[cue.end..];
                    EXCEPTION.is_match(after) && !AS_THE_LAW_REQUIRES.is_match(after)
                },
            }
        };
        let mut cues: Vec<Cue> = [noun, barring, found].into_iter().flatten().collect();
        cues.sort_by_key(|(cue, ..)| cue.start);
        out.extend(cues.into_iter().map(negation));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// A sentence without a cue has no negation in any of its clauses.
        #[test]
        fn no_clause_has_a_cue_the_sentence_lacks(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "we", "do", "not", "no", "n't", "never", "share", "data", "will", "be", ";",
                ":", " ", " - ", ",", " but ", "while", "and we", "nor", "none of", "x", "_",
                "\u{e9}", "Not", "longer", "nothing", "can", "cannot",
            ]), 0..14),
        ) {
            let text: String = pieces.concat();
            if !CUE.is_match(&text) {
                for consented in [false, true] {
                    let none = clause_negations(&text, consented).is_empty();
                    proptest::prop_assert!(none, "{:?}", text);
                }
            }
        }

        /// Wherever the cue pattern matches, a cue word is there to be seen.
        #[test]
        fn a_cue_has_a_cue_word(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "we", "do", "NOT", "no", "No", "N'T", "n't", "n\u{2019}t", "never", "nor", "none",
                "of", "nothing", "neither", "cannot", "can", "longer", "data", "will", "is",
                " ", "  ", "-", "_", "'", "\u{e9}", "\u{f1}", "x", "1", "note", "know", "anot",
            ]), 0..12),
        ) {
            let text: String = pieces.concat();
            if CUE.is_match(&text) {
                proptest::prop_assert!(has_cue_word(&text), "{:?}", text);
            }
        }
    }

    #[test]
    fn every_pattern_compiles_for_ascii_and_unicode_text() {
        for pattern in patterns() {
            pattern.assert_compiles();
        }
    }

    fn negated(text: &str) -> bool {
        negations(text).iter().any(Negation::negates_practice)
    }

    #[test]
    fn the_practice_negated() {
        for s in [
            "We do not use information that personally identifies you to display interest-based ads.",
            "We don't sell your personal information.",
            "Information that personally identifies you is never used to display ads.",
            "It is our policy not to use identifying information for advertising.",
            "No information that personally identifies you will be used for interest-based ads.",
            "We will not share your data with advertisers.",
            "We no longer collect location data.",
            "We cannot see your messages.",
            "You cannot delete your data.",
            "You may not use the service if you are under 13.",
            "Users will not be able to download their archive.",
            // Headings in Title Case.
            "We Do Not Sell Personal Information.",
            "What This Privacy Policy Does Not Cover",
            "We Will Not Share Your Data with Advertisers",
            "This data cannot be disclosed to any third parties - advertisers included.",
            "What This Privacy Policy Doesn't Cover",
            "Doesn't apply to children.",
            "Important: Don't share your password.",
            "(Don't worry: we never see it.)",
            // Not relative clauses: the cue is the sentence's own.
            "In our apps we do not show ads.",
            "We assure our users that we do not sell their data.",
            "We assure our customers and partners that we do not sell their data.",
            "We inform advertisers that we do not share personal data with them.",
            "We are a company that does not sell your personal information.",
            "One thing that we will never do is sell your personal information.",
            "When we share information with advertisers we do not include your name.",
            "If we transfer data to service providers they may not use it for other purposes.",
            "After you delete your account we do not keep your data.",
            "To provide our services we do not need your precise location.",
            "Please note we do not sell your data.",
            "We do not share information that you do not provide.",
            "Data we collect is never sold.",
            // A relative clause, but the sentence's cue comes after it.
            "Information that we do not need will not be kept.",
            // Where or whose, with no practice stated before it, or a second predicate after it.
            "In countries where we operate we do not sell your data.",
            "We collect information where necessary and do not sell it to third parties.",
            "We use service providers whose servers are in the US and never sell your data.",
            "We collect personal information where permitted by law and we never sell or rent it.",
            // What we do not do, in a clause about a recipient or a place.
            "We share personal information with service providers that we do not sell personal information to.",
            "We may transfer personal information to countries where we do not sell it.",
            "Where we are not required to keep it, we delete your data.",
        ] {
            assert!(negated(s), "{s}");
        }
    }

    /// A relative clause that bars a recipient of the practice stated before it is a promise of
    /// the policy's (its loss a change), not the practice negated; without a practice before
    /// it, the clause is the sentence's.
    #[test]
    fn a_recipient_barred_from_a_practice_is_a_promise_not_the_practice_negated() {
        let scopes = |s: &str| -> Vec<Scope> { negations(s).iter().map(|n| n.scope).collect() };
        for s in [
            "We share your data with service providers that may not use it for their own purposes.",
            "We sell your personal information to partners that may not use it for ads.",
            "We disclose it to vendors who cannot sell it.",
        ] {
            assert_eq!(scopes(s), [Scope::Barring], "{s}");
            assert!(negations(s).iter().all(Negation::is_commitment), "{s}");
        }
        // Whatever came before it in the clause, and with a consent exception.
        assert_eq!(
            scopes(
                "We share your data with people you do not know and with vendors who may not sell it."
            ),
            [Scope::Noun, Scope::Barring]
        );
        let consent = "We share your data with partners who may not sell it without your consent.";
        assert_eq!(
            (consent_negations(consent).iter())
                .map(|(n, _)| n.scope)
                .collect::<Vec<_>>(),
            [Scope::Barring]
        );
        assert_eq!(
            scopes("We may share your information with people you do not know."),
            [Scope::Noun]
        );
    }

    #[test]
    fn a_clause_is_read_for_its_first_cues_only() {
        let clause = |relative: usize| {
            let noun = "with partners whose practices we do not control ".repeat(relative);
            format!("We share your data {noun}so we do not sell it.")
        };
        assert!(negated(&clause(CUES_A_CLAUSE - 1)));
        assert!(!negated(&clause(CUES_A_CLAUSE)));
    }

    #[test]
    fn the_practice_stated() {
        for s in [
            "We use information that personally identifies you to display interest-based ads.",
            "We may use information that personally identifies you to display interest-based ads.",
            "We collect data including, but not limited to, your name.",
            "We use cookies whether or not you are signed in.",
            "If you do not want cookies, you can turn them off in your browser.",
            "You can choose not to provide certain information.",
            "Customers who decide not to sign in can still browse.",
            "You do not have to create an account to read the site.",
            "Users don't need to sign in to browse.",
            "You may wish not to share your location.",
            "You are not required to provide your phone number.",
            "You need not provide your date of birth.",
            "If so, you have not consented to it.",
            "We do not share your personal information unless you consent to it.",
            "We will not sell your data without your consent.",
            "Not only do we collect your name, we also store it.",
            "We don't just use cookies to remember your settings.",
            "No matter where you are, you have the same protection when using our products.",
            "Nothing in this policy limits our right to disclose information to the police.",
            "We will respond within a period no longer than 30 days.",
            "Use the \"Do Not Sell or Share My Personal Information\" link.",
            "See the \"What This Privacy Policy Doesn't Cover\" section below.",
            "Do Not Track is a setting of your browser.",
            "Click Do Not Sell or Share My Personal Information",
            "Microsoft may process data in a state called Not in a Position to Identify Data.",
            // A recipient barred from a practice: the practice stands.
            "We share your data with service providers that may not use it for their own purposes.",
            "We sell your personal information to partners that may not use it for ads.",
            // Where or whose, after the practice: a condition, or what a noun does or is.
            "We may disclose your information to authorities where we are not compelled to do so.",
            "We process your personal information where our legitimate interests are not overridden by your rights.",
            "We may transfer your data to countries whose data protection laws are not considered adequate.",
            "We may share your information with third parties whose privacy practices we do not control.",
            "We keep your information in situations where we cannot grant your request.",
            "We may share information in response to legal requests where not compelled by law.",
            // In a relative clause: what the noun does or is.
            "We may share your information with people you do not know.",
            "We may share your information with people you don't know.",
            "We delete data we no longer need.",
            "We are responsible for the content of websites that we do not control.",
            "Information which is not needed is deleted after 30 days.",
            "We may send emails to users who have not signed in for a year.",
            "We may share data with a third party that we do not control.",
            "We share data with third parties who are not our advertising partners.",
            "We may show your posts to people that you do not know.",
            "We share data with service providers that we do not audit.",
        ] {
            assert!(!negated(s), "{s}: {:?}", negations(s));
        }
    }

    #[test]
    fn a_negation_a_consent_exception_undoes_is_found_apart() {
        let s = "We do not sell your data without your consent, and we never rent it.";
        let undone = consent_negations(s);
        assert_eq!(undone.len(), 1);
        assert_eq!(&s[undone[0].0.cue.clone()], "not");
        assert_eq!(&s[undone[0].1.clone()], "without your consent");
        // The other clause's negation is one of the plain ones.
        let plain = negations(s);
        assert_eq!(plain.len(), 1);
        assert_eq!(&s[plain[0].cue.clone()], "never");
        assert!(consent_negations("We do not sell your data.").is_empty());
        assert_eq!(
            consent_negations("WE DO NOT SELL YOUR DATA WITHOUT YOUR CONSENT.").len(),
            1
        );
    }

    #[test]
    fn a_restriction_of_the_user_is_told_apart() {
        let of_user = |s: &str| negations(s).iter().map(|n| n.of_user).collect::<Vec<_>>();
        assert_eq!(of_user("You cannot delete your data."), [true]);
        assert_eq!(of_user("Users will not be able to download it."), [true]);
        assert_eq!(of_user("You won't be able to sell your tickets."), [true]);
        assert_eq!(of_user("You can't export your playlists."), [true]);
        assert_eq!(of_user("You are not allowed to use the service."), [true]);
        assert_eq!(of_user("We do not sell your data."), [false]);
        assert_eq!(of_user("Your data is never sold."), [false]);
    }

    #[test]
    fn negation_is_per_clause() {
        let s = "We share your data with partners, but we do not sell it.";
        let n = negations(s);
        assert_eq!(n.len(), 1);
        assert_eq!(&s[n[0].cue.clone()], "not");
        assert!(!s[n[0].clause.clone()].contains("share"));
        assert!(s[n[0].clause.clone()].contains("sell"));
        // A few words after a dash at the end belong to the clause; a clause after one does not.
        let tagged = "Your data cannot be disclosed to third parties - advertisers included.";
        assert!(tagged[negations(tagged)[0].clause.clone()].ends_with("advertisers included."));
        let other = "We do not sell your data - we share it with advertisers and partners.";
        assert!(!other[negations(other)[0].clause.clone()].contains("advertisers"));
        // A second negation after "and" opens its own clause; "and" after no negation does not.
        let two = "We do not sell your data and never share it with advertisers.";
        let n = negations(two);
        assert_eq!(n.len(), 2);
        assert_eq!(
            &two[n[1].clause.clone()],
            " and never share it with advertisers."
        );
        // A practice stated, then another negated after "and": two clauses, the first
        // affirmed.
        for (s, negated_clause) in [
            (
                "We sell your personal information to brokers and do not share it with advertisers.",
                " and do not share it with advertisers.",
            ),
            (
                "We may sell your personal information and will not ask for consent.",
                " and will not ask for consent.",
            ),
        ] {
            let n = negations(s);
            assert_eq!(n.len(), 1, "{s}");
            assert_eq!(&s[n[0].clause.clone()], negated_clause);
        }
        for condition in [
            "If you use X and are not signed in, we may infer your location.",
            "If you do not have an account and are not signed in, we may infer it.",
            "We may infer your location if you use X and are not signed in.",
        ] {
            assert_eq!(clauses(condition).len(), 1, "{condition}");
        }
        // A concession opening the sentence is a clause of its own, unless the main clause
        // leaves its verb to it ("…, we do not."): whether the negation's clause holds the
        // concession's practice.
        for (s, practice, negated) in [
            (
                "Although we sell your personal information to advertisers, we do not share it.",
                "sell",
                false,
            ),
            (
                "While we track you across sites, we will never sell your data.",
                "track",
                false,
            ),
            (
                "Although we could sell your personal information, we do not.",
                "sell",
                true,
            ),
            (
                "While we are able to sell your personal information, we never do.",
                "sell",
                true,
            ),
        ] {
            let n = negations(s);
            assert_eq!(n.len(), 1, "{s}");
            assert_eq!(s[n[0].clause.clone()].contains(practice), negated, "{s}");
        }
        for own in [
            "We do not sell your data - we rent it.",
            "We sell your data - never rent it.",
        ] {
            let clause = &own[negations(own)[0].clause.clone()];
            assert!(
                !(clause.contains("sell") && clause.contains("rent")),
                "{own}"
            );
        }
    }

    #[test]
    fn the_no_cue_is_the_word_no() {
        let cue = |s: &str| s[negations(s)[0].cue.clone()].to_string();
        assert_eq!(cue("No personal data is sold."), "No");
        // The run up to the verb may hold an aside between commas.
        assert_eq!(
            cue("No other data, such as your IP address, is shared."),
            "No"
        );
        // Not a "no" in a clause before the main one.
        for affirmed in [
            "If we receive no objection, your data will be shared with partners.",
            "At no cost to you, we will collect your location data.",
        ] {
            assert!(negations(affirmed).is_empty(), "{affirmed}");
        }
        // The cues that start with "no" and are words of their own stay whole.
        assert_eq!(cue("We no longer sell data."), "no longer");
        assert_eq!(cue("Nothing is sold to brokers."), "Nothing");
        assert_eq!(cue("We share none of your data."), "none of");
        // After the practice's verb, "no" alone; a set phrase of "no", whole.
        assert_eq!(cue("We sell no personal information."), "no");
        assert_eq!(cue("We collected no location data."), "no");
        assert_eq!(
            cue("Under no circumstances do we sell your data."),
            "Under no circumstances"
        );
        assert_eq!(cue("At no time is your data sold."), "At no time");
        for s in [
            "We sell no personal information.",
            "Under no circumstances do we sell your personal information.",
            "In no event will we rent your data to brokers.",
        ] {
            assert!(negated(s), "{s}");
        }
        assert!(!negated("We sell notebooks to anyone."));
        // A quantity or a compound, not the practice negated.
        for s in [
            "We collect no more personal information than we need.",
            "We retain no less data than the law requires.",
            "We use no-reply email addresses for receipts.",
        ] {
            assert!(!negated(s), "{s}");
        }
    }
}
