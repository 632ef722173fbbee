//! Sentence detectors shared by the rule engine and material-change detection: negation of the
//! practice, every lexicon of `rules.toml` matched with its polarity, and a sentence's reading.
//!
//! The purpose, advertising and identifying-data detectors are data: the lexicons `purpose`,
//! `advertising` and `identifying-data` of rules.toml (the starter file seeds `purpose` from
//! PurPliance's purpose-clause vocabulary). The API is per sentence: text in, annotations with
//! byte spans of that text out.

pub mod negation;
pub mod reading;
mod vocabulary;

use std::cell::{OnceCell, RefCell};
use std::ops::Range;

use crate::config::{Config, Lexicon, LexiconId, LexiconSet, Polarity};
use crate::pattern::Occurrence;

pub use negation::{Negation, consent_negations, negations};
pub use reading::{
    Mention, Modal, Practice, Reader, Reading, Strength, affirmed_practices, negated_practices,
};

/// One occurrence of a lexicon in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconMatch {
    pub lexicon: LexiconId,
    pub span: Range<usize>,
    /// The occurrence stands in a clause whose practice is negated.
    pub negated: bool,
    /// The occurrence stands in a question ("Do we sell your personal information?"), which
    /// states a practice neither way.
    pub asked: bool,
}

impl LexiconMatch {
    fn agrees(&self, polarity: Polarity) -> bool {
        match polarity {
            Polarity::Any => true,
            Polarity::Affirmed => !self.negated && !self.asked,
            Polarity::Negated => self.negated && !self.asked,
        }
    }
}

/// Whether a sentence (or a heading or label) is a question: it ends with "?", before any
/// closing quotes or brackets.
fn is_question(sentence: &str) -> bool {
    (sentence.trim_end())
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '*', '_'])
        .ends_with(['?', '？'])
}

/// What the lexicons found in one sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotations {
    /// Every match of the lexicons whose polarity matters, with its span.
    pub matches: Vec<LexiconMatch>,
    /// The other lexicons found, whose spans were not sought (see
    /// [`Annotator::for_sentences`]).
    present: Vec<LexiconId>,
    /// Lexicons that may occur, each settled the first time it is asked about (see
    /// [`Annotations::has`]).
    possible: Vec<(LexiconId, OnceCell<bool>)>,
    /// Lexicons outside the annotator's set, with their matches: each searched for the first
    /// time a rule asks about it in this sentence (see [`Annotator::has`]).
    later: RefCell<Vec<(LexiconId, Vec<LexiconMatch>)>>,
}

impl Annotations {
    /// Whether a lexicon of the annotator's set occurs with `polarity`; `confirm` searches the
    /// sentence for one that may occur, once. Callers ask through [`Annotator::has`], which
    /// also knows the lexicons outside the set.
    fn has(&self, lexicon: LexiconId, polarity: Polarity, confirm: impl FnOnce() -> bool) -> bool {
        if self.find(lexicon, polarity).next().is_some() {
            return true;
        }
        // Lexicons without spans are those no rule reads with a polarity.
        polarity == Polarity::Any
            && (self.present.contains(&lexicon)
                || (self.possible.iter())
                    .find(|(id, _)| *id == lexicon)
                    .is_some_and(|(_, settled)| *settled.get_or_init(confirm)))
    }

    /// The occurrences with spans of a lexicon of the annotator's set that agree with
    /// `polarity` (every lexicon, for [`Annotator::new`]).
    pub fn find(
        &self,
        lexicon: LexiconId,
        polarity: Polarity,
    ) -> impl Iterator<Item = &LexiconMatch> {
        (self.matches.iter()).filter(move |m| m.lexicon == lexicon && m.agrees(polarity))
    }

    /// The occurrences with `polarity` of a lexicon outside the set; `search` finds its
    /// matches the first time it is asked about.
    fn later(
        &self,
        lexicon: LexiconId,
        polarity: Polarity,
        search: impl FnOnce() -> Vec<LexiconMatch>,
    ) -> Vec<Range<usize>> {
        let mut later = self.later.borrow_mut();
        let k = match later.iter().position(|(id, _)| *id == lexicon) {
            Some(k) => k,
            None => {
                later.push((lexicon, search()));
                later.len() - 1
            }
        };
        let agreeing = later[k].1.iter().filter(|m| m.agrees(polarity));
        agreeing.map(|m| m.span.clone()).collect()
    }
}

/// Runs the lexicons of a configuration over sentences.
#[derive(Debug, Clone, Copy)]
pub struct Annotator<'c> {
    /// What every sentence is searched for at once.
    set: &'c LexiconSet,
    /// Every lexicon: those outside the set are searched for alone, when asked about.
    lexicons: &'c [Lexicon],
    /// The lexicons whose matches are marked negated or not; `None`: all.
    polar: Option<&'c [bool]>,
}

impl<'c> Annotator<'c> {
    /// Annotates with every lexicon.
    pub fn new(config: &'c Config) -> Annotator<'c> {
        Annotator {
            set: &config.lexicon_set,
            lexicons: &config.lexicons,
            polar: None,
        }
    }

    /// Annotates with the lexicons rules look for in sentences wherever they are, and finds the
    /// spans (and marks negated or not) only of the matches of those rules read with a
    /// polarity (see [`Config::sentence_set`] and [`Config::polar_lexicons`]): what checking a
    /// policy's sentences needs. A lexicon only rules scoped by headings or labels read is
    /// searched for in a sentence when a rule asks about it there, and a rule that reports
    /// where a lexicon matches finds its span then.
    pub fn for_sentences(config: &'c Config) -> Annotator<'c> {
        Annotator {
            set: &config.sentence_set,
            lexicons: &config.lexicons,
            polar: Some(&config.polar_lexicons),
        }
    }

    /// The lexicons' matches in `sentence`; its negations are looked for only if a match
    /// needs them.
    pub fn annotate(&self, sentence: &str) -> Annotations {
        let mut annotations = self.find(sentence);
        if !annotations.matches.is_empty() {
            mark_negated(&mut annotations.matches, &negations(sentence));
        }
        annotations
    }

    /// The lexicons' matches in `sentence`, whose `negations` the caller has found.
    pub fn annotate_with(&self, sentence: &str, negations: &[Negation]) -> Annotations {
        let mut annotations = self.find(sentence);
        mark_negated(&mut annotations.matches, negations);
        annotations
    }

    /// Whether `sentence`, annotated by this annotator, has `lexicon` with `polarity`.
    pub fn has(
        &self,
        annotations: &Annotations,
        sentence: &str,
        lexicon: LexiconId,
        polarity: Polarity,
    ) -> bool {
        if self.set.contains(lexicon) {
            let confirm = || self.set.confirms(lexicon, sentence);
            annotations.has(lexicon, polarity, confirm)
        } else {
            !(annotations.later(lexicon, polarity, || self.search(lexicon, sentence))).is_empty()
        }
    }

    /// Where `sentence`, annotated by this annotator, has `lexicon` with `polarity`, in order.
    pub fn locate(
        &self,
        annotations: &Annotations,
        sentence: &str,
        lexicon: LexiconId,
        polarity: Polarity,
    ) -> Vec<Range<usize>> {
        let with_spans: Vec<Range<usize>> = (annotations.find(lexicon, polarity))
            .map(|m| m.span.clone())
            .collect();
        if !with_spans.is_empty() {
            return with_spans;
        }
        if !self.set.contains(lexicon) {
            return annotations.later(lexicon, polarity, || self.search(lexicon, sentence));
        }
        // In the set without its spans: a lexicon no rule reads with a polarity.
        match (self.lexicons.get(lexicon))
            .filter(|_| self.has(annotations, sentence, lexicon, polarity))
        {
            Some(l) => l.regex.find_iter(sentence).collect(),
            None => Vec::new(),
        }
    }

    /// The matches of one lexicon in `sentence`, searched for alone, marked negated or not
    /// where its polarity matters.
    fn search(&self, lexicon: LexiconId, sentence: &str) -> Vec<LexiconMatch> {
        let Some(regex) = self.lexicons.get(lexicon).map(|l| &l.regex) else {
            return Vec::new();
        };
        let mut matches: Vec<LexiconMatch> = (regex.find_iter(sentence))
            .map(|span| LexiconMatch {
                lexicon,
                span,
                negated: false,
                asked: is_question(sentence),
            })
            .collect();
        if !matches.is_empty() && self.polar.is_none_or(|polar| polar[lexicon]) {
            mark_negated(&mut matches, &negations(sentence));
        }
        matches
    }

    fn find(&self, sentence: &str) -> Annotations {
        let mut annotations = Annotations::default();
        let polar = |id: LexiconId| self.polar.is_none_or(|polar| polar[id]);
        for (lexicon, found) in self.set.occurrences(sentence, polar) {
            match found {
                Occurrence::Matches(spans) => {
                    let asked = is_question(sentence);
                    (annotations.matches).extend((spans.into_iter()).map(|span| LexiconMatch {
                        lexicon,
                        span,
                        negated: false,
                        asked,
                    }))
                }
                Occurrence::Present => annotations.present.push(lexicon),
                Occurrence::Possible => annotations.possible.push((lexicon, OnceCell::new())),
            }
        }
        annotations
    }
}

/// Marks the matches that stand in a negated clause. What the user cannot do ("we sell your
/// data and you cannot object") negates nothing done with their data; nor does a negation
/// with an exception ("we do not sell it, except to data brokers" sells it).
fn mark_negated(matches: &mut [LexiconMatch], negations: &[Negation]) {
    for m in matches {
        m.negated = (negations.iter())
            .any(|n| !n.of_user && !n.excepted && n.reach().contains(&m.span.start));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starter() -> Config {
        Config::builtin().unwrap()
    }

    /// The ids of the lexicons that match `sentence` with `polarity`.
    fn found(config: &Config, sentence: &str, name: &str, polarity: Polarity) -> bool {
        let id = config.lexicons.iter().position(|l| l.name == name).unwrap();
        Annotator::new(config)
            .annotate(sentence)
            .find(id, polarity)
            .next()
            .is_some()
    }

    #[test]
    fn purpose_statements_are_found_and_bare_mentions_are_not() {
        let c = starter();
        for s in [
            "We collect your personal information in order to provide and continually improve our products and services.",
            "We might receive updated address information, which we use to correct our records.",
            "We keep logs for the purpose of preventing abuse.",
            "Cookies are used for analytics.",
            "We use your personal information to take and handle orders.",
            "Some cookies are strictly necessary to make our services available to you.",
            "We may collect your biometric information for safety, security, and identification purposes.",
            "We use IP addresses and other information like area codes, to estimate your general location.",
        ] {
            assert!(found(&c, s, "purpose", Polarity::Any), "{s}");
        }
        for s in [
            "We receive and store any information you provide in relation to Amazon Services.",
            "You can choose not to provide certain information, but then you might not be able to take advantage of many of our Amazon Services.",
            "Click here to see examples of what we collect.",
            "Like many websites, we use \"cookies\" and other unique identifiers.",
        ] {
            assert!(!found(&c, s, "purpose", Polarity::Any), "{s}");
        }
    }

    /// Every verb + object pair of PurPliance's purpose-clause classifier reads as a purpose.
    #[test]
    fn purpose_lexicon_covers_purpliance_verb_object_pairs() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/lexicons/purpliance_purpose_rules.tsv");
        let Ok(tsv) = std::fs::read_to_string(&path) else {
            panic!(
                "{} is missing: the shared data sits beside the crate",
                path.display()
            );
        };
        let c = starter();
        let mut pairs = 0;
        for row in tsv.lines().skip(1) {
            let cols: Vec<&str> = row.split('\t').collect();
            if cols.get(2) != Some(&"verb+object") {
                continue;
            }
            for verb in cols[3].split('|') {
                let verb = match verb {
                    "comply" => "comply with",
                    "respond" => "respond to",
                    v => v,
                };
                for object in cols[4].split('|') {
                    let s = format!("We use your information to {verb} the {object}.");
                    assert!(found(&c, &s, "purpose", Polarity::Any), "{s}");
                    pairs += 1;
                }
            }
        }
        assert!(
            pairs > 50,
            "only {pairs} pairs read from {}",
            path.display()
        );
    }

    #[test]
    fn identifying_data_is_negated_only_where_the_practice_is() {
        let c = starter();
        for s in [
            "We do not use information that personally identifies you to display interest-based ads.",
            "Information that personally identifies you is never used to display ads.",
            "It is our policy not to use personally identifiable information for advertising.",
            "No personally identifying information will be used for interest-based ads.",
        ] {
            assert!(found(&c, s, "identifying-data", Polarity::Negated), "{s}");
        }
        for s in [
            "We use information that personally identifies you to display interest-based ads.",
            "We may use information that personally identifies you to display interest-based ads.",
            "We do not use information that personally identifies you for ads unless you consent.",
            // What the user cannot do negates nothing done with their data.
            "We use information that personally identifies you for ads and you cannot object.",
        ] {
            assert!(found(&c, s, "identifying-data", Polarity::Affirmed), "{s}");
            assert!(!found(&c, s, "identifying-data", Polarity::Negated), "{s}");
        }
    }

    #[test]
    fn advertising_is_the_practice_not_a_mention() {
        let c = starter();
        assert!(found(
            &c,
            "We use your personal information to display interest-based ads for features.",
            "advertising",
            Polarity::Affirmed
        ));
        assert!(found(
            &c,
            "We serve you personalised ads.",
            "advertising",
            Polarity::Any
        ));
        assert!(!found(
            &c,
            "Advertisers pay us to reach people.",
            "advertising",
            Polarity::Any
        ));
    }

    #[test]
    fn sentences_keep_spans_only_where_polarity_matters() {
        let c = starter();
        let id = |name| c.lexicons.iter().position(|l| l.name == name).unwrap();
        let s = "We do not sell your personal information, and we use cookies for ads.";
        let a = Annotator::for_sentences(&c).annotate(s);
        assert_eq!(a.present, [id("data-use"), id("personal-information")]);
        let selling: Vec<_> = a.find(id("selling"), Polarity::Negated).collect();
        assert_eq!(selling.len(), 1);
        assert_eq!(&s[selling[0].span.clone()], "We do not sell");
        // Not compiled yet: every lexicon is settled.
        let settled = || panic!("asked to confirm");
        assert!(a.has(id("personal-information"), Polarity::Any, settled));
        assert!(!a.has(id("identifying-data"), Polarity::Any, settled));
        // A heading lexicon is not looked for in sentences.
        assert!(!a.has(id("use-heading"), Polarity::Any, settled));
        let all = Annotator::new(&c).annotate(s);
        assert!(all.has(id("use-heading"), Polarity::Any, settled));
    }

    /// A configuration of `lexicons` and one rule of `kind`, with `body` below its message.
    fn one_rule(lexicons: &str, kind: &str, body: &str) -> Config {
        let text = format!(
            "{lexicons}\n[[rule]]\nid = \"r\"\nkind = \"{kind}\"\nseverity = \"error\"\nmessage = \"m\"\n{body}\n"
        );
        Config::parse(std::path::Path::new("rules.toml"), &text).unwrap()
    }

    /// A lexicon only a rule scoped by headings reads is outside the set: searched for in a
    /// sentence when asked about there, once, with its polarity and spans.
    #[test]
    fn a_lexicon_outside_the_set_is_searched_when_asked() {
        let c = one_rule(
            "[lexicon.collect]\nwords = [\"collect\"]\n[lexicon.sharing]\nwords = [\"share\"]",
            "forbid",
            "scope.sections = \"collect\"\npattern = { lexicon = \"sharing\", polarity = \"affirmed\" }",
        );
        let annotator = Annotator::for_sentences(&c);
        let sharing = 1;
        assert!(!c.sentence_set.contains(sharing));
        let s = "We do not share it, but partners share it.";
        let a = annotator.annotate(s);
        assert!(a.later.borrow().is_empty());
        let negated = annotator.locate(&a, s, sharing, Polarity::Negated);
        let words = |spans: Vec<Range<usize>>| spans.into_iter().map(|r| &s[r]).collect::<Vec<_>>();
        assert_eq!(words(negated), ["share"]);
        let affirmed = annotator.locate(&a, s, sharing, Polarity::Affirmed);
        assert_eq!(affirmed.first().map(|r| r.start), s.rfind("share"));
        assert_eq!(words(affirmed), ["share"]);
        assert_eq!(annotator.locate(&a, s, sharing, Polarity::Any).len(), 2);
        assert!(annotator.has(&a, s, sharing, Polarity::Any));
        assert_eq!(a.later.borrow().len(), 1, "searched once");
        let plain = "We keep it.";
        let a = annotator.annotate(plain);
        assert!(!annotator.has(&a, plain, sharing, Polarity::Any));
        assert!(
            annotator
                .locate(&a, plain, sharing, Polarity::Any)
                .is_empty()
        );
    }

    /// Once the set is compiled, a lexicon it matches in a loosened form may occur; asking
    /// settles it, once.
    #[test]
    fn a_lexicon_that_may_occur_is_settled_when_asked() {
        let c = one_rule(
            r"[lexicon.gap]
patterns = ['\bwe\b[^.]{1,20}\bsell\b']",
            "require",
            r#"pattern = "gap""#,
        );
        let annotator = Annotator::for_sentences(&c);
        annotator.annotate(&"x ".repeat(1 << 15));
        let asked = std::cell::Cell::new(0);
        let has = |sentence: &str, a: &Annotations| {
            a.has(0, Polarity::Any, || {
                asked.set(asked.get() + 1);
                annotator.set.confirms(0, sentence)
            })
        };
        let far = "we do not, under any circumstances, sell";
        let a = annotator.annotate(far);
        assert!(!has(far, &a));
        assert!(!has(far, &a));
        assert_eq!(asked.get(), 1);
        let near = "we never sell";
        let a = annotator.annotate(near);
        assert!(has(near, &a));
        assert_eq!(asked.get(), 2);
        assert!(!has("", &annotator.annotate("nothing here")));
        assert_eq!(asked.get(), 2);
    }

    #[test]
    fn matches_carry_spans_of_the_sentence() {
        let c = starter();
        let s = "We share data, but we do not sell your personal information.";
        let a = Annotator::new(&c).annotate(s);
        let id = c.lexicons.iter().position(|l| l.name == "selling").unwrap();
        let m = a.matches.iter().find(|m| m.lexicon == id).unwrap();
        assert_eq!(&s[m.span.clone()], "we do not sell");
        assert!(m.negated);
        assert_eq!(&s[negations(s)[0].cue.clone()], "not");
    }

    #[test]
    fn a_relative_clause_negates_what_follows_its_cue_and_not_the_practice() {
        let c = starter();
        let id = |name: &str| c.lexicons.iter().position(|l| l.name == name).unwrap();
        let s = "We sell your personal information to partners who do not serve targeted ads.";
        let n = negations(s);
        assert_eq!(n.len(), 1);
        assert!(!n[0].negates_practice());
        let a = Annotator::new(&c).annotate(s);
        let negated = |lexicon: usize| (a.matches.iter()).find(|m| m.lexicon == lexicon).unwrap();
        assert!(!negated(id("selling")).negated);
        assert!(negated(id("advertising")).negated);
    }

    /// A practice that stands in a relative clause is negated by the clause's cue: "processors
    /// that do not sell it" say of no sale.
    #[test]
    fn a_practice_in_a_relative_clause_is_negated_by_its_cue() {
        let c = starter();
        let reader = Reader::new(&c);
        for s in [
            "We only share data with processors that do not sell personal information.",
            "We do not sell your personal information.",
        ] {
            let reading = reader.read(s);
            assert!(reading.practice.is_some(), "{s}");
            assert!(reading.negated(), "{s}");
        }
        let shared = reader.read("We may share your information with people you do not know.");
        assert!(shared.practice.is_some());
        assert!(!shared.negated());
        // A cue in another clause negates another practice.
        for s in [
            "We do not use cookies, but we sell your personal information.",
            "We sell your data to brokers and do not share it with advertisers.",
        ] {
            let reading = reader.read(s);
            assert_eq!(
                reading.practice.as_ref().map(|p| p.0),
                Some(Practice::Sell),
                "{s}"
            );
            assert!(!reading.negated(), "{s}");
        }
    }

    /// A question asks; it states a practice neither way.
    #[test]
    fn a_question_matches_neither_polarity() {
        let c = starter();
        for s in [
            "Do we sell your personal information?",
            "(Do we sell your data to advertisers?)",
        ] {
            assert!(!found(&c, s, "selling", Polarity::Affirmed), "{s}");
            assert!(!found(&c, s, "selling", Polarity::Negated), "{s}");
            assert!(found(&c, s, "selling", Polarity::Any), "{s}");
        }
        assert!(found(
            &c,
            "We sell your data.",
            "selling",
            Polarity::Affirmed
        ));
    }
}
