//! Sentence detectors shared by the rule engine and (later) material-change detection: negation
//! of the practice, and every lexicon of `rules.toml` matched with its polarity.
//!
//! The purpose, advertising and identifying-data detectors are data: the lexicons `purpose`,
//! `advertising` and `identifying-data` of rules.toml (the starter file seeds `purpose` from
//! PurPliance's purpose-clause vocabulary). The API is per sentence: text in, annotations with
//! byte spans of that text out.

pub mod negation;

use std::ops::Range;

use crate::config::{Config, Lexicon, LexiconId, Polarity};

pub use negation::{Negation, negations};

/// One occurrence of a lexicon in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconMatch {
    pub lexicon: LexiconId,
    pub span: Range<usize>,
    /// The occurrence stands in a clause whose practice is negated.
    pub negated: bool,
}

/// What the detectors found in one sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotations {
    pub negations: Vec<Negation>,
    pub matches: Vec<LexiconMatch>,
}

impl Annotations {
    /// The occurrences of a lexicon that agree with `polarity`.
    pub fn find(
        &self,
        lexicon: LexiconId,
        polarity: Polarity,
    ) -> impl Iterator<Item = &LexiconMatch> {
        self.matches.iter().filter(move |m| {
            m.lexicon == lexicon
                && match polarity {
                    Polarity::Any => true,
                    Polarity::Affirmed => !m.negated,
                    Polarity::Negated => m.negated,
                }
        })
    }
}

/// Runs every lexicon of a configuration over sentences.
#[derive(Debug, Clone, Copy)]
pub struct Annotator<'c> {
    lexicons: &'c [Lexicon],
}

impl<'c> Annotator<'c> {
    pub fn new(config: &'c Config) -> Annotator<'c> {
        Annotator {
            lexicons: &config.lexicons,
        }
    }

    pub fn annotate(&self, sentence: &str) -> Annotations {
        let negations = negations(sentence);
        let mut matches = Vec::new();
        for (id, lexicon) in self.lexicons.iter().enumerate() {
            for m in lexicon.regex.find_iter(sentence) {
                let negated = negations
                    .iter()
                    .any(|n| n.clause.start <= m.start() && m.start() < n.clause.end);
                matches.push(LexiconMatch {
                    lexicon: id,
                    span: m.range(),
                    negated,
                });
            }
        }
        Annotations { negations, matches }
    }
}
