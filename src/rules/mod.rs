//! The rule engine: an outline and a compiled `rules.toml` in, findings out.
//!
//! Every sentence, heading and label is annotated once (all lexicons, with negation); each rule
//! then reads the annotations of the sentences in its scope. Matching is per sentence, so "we do
//! not share" never satisfies a rule that wants "we share" from a lexicon with `affirmed`
//! polarity.

mod scope;

use std::ops::Range;
use std::path::PathBuf;

use crate::config::{Check, Condition, Config, Rule, Severity, Within};
use crate::detect::{Annotations, Annotator};
use crate::outline::{Document, Sentence, Span};

use scope::{AnnotatedDocument, Place, SentenceRef, Unit};

/// A rule that does not hold, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub url: Option<String>,
    pub path: PathBuf,
    /// Byte range in the original file.
    pub span: Span,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// The heading of the section it is in (empty for text before the first heading).
    pub section: Option<String>,
    /// The label of the item it is in.
    pub item: Option<String>,
    /// What the underlined text is, for the diagnostic.
    pub label: String,
}

/// Runs every rule of `config` (except `change` rules, which apply to comparisons) over `doc`,
/// leaving out what `[[settings.ignore]]` and inline allow directives suppress. Findings come in
/// the order of the rules, then of the text.
pub fn check(doc: &Document, config: &Config) -> Vec<Finding> {
    let annotated = AnnotatedDocument::new(doc, Annotator::new(config));
    let mut findings = Vec::new();
    for rule in &config.rules {
        let ignored = config
            .settings
            .ignore
            .iter()
            .any(|i| i.covers(&doc.source.path, &rule.id));
        if ignored {
            continue;
        }
        let mut found = Vec::new();
        Engine {
            doc,
            annotated: &annotated,
            rule,
            out: &mut found,
        }
        .run();
        found.retain(|f| !allowed(doc, &rule.id, f));
        findings.extend(found);
    }
    findings
}

/// Whether an allow directive before the finding's section or item suppresses it.
fn allowed(doc: &Document, rule: &str, finding: &Finding) -> bool {
    doc.sections
        .iter()
        .filter(|s| {
            s.span.start <= finding.span.start
                && finding.span.start < s.span.end.max(s.span.start + 1)
        })
        .any(|s| {
            s.allow.iter().any(|a| a == rule)
                || s.items.iter().any(|i| {
                    i.span.start <= finding.span.start
                        && finding.span.start < i.span.end.max(i.span.start + 1)
                        && i.allow.iter().any(|a| a == rule)
                })
        })
}

struct Engine<'a> {
    doc: &'a Document,
    annotated: &'a AnnotatedDocument<'a>,
    rule: &'a Rule,
    out: &'a mut Vec<Finding>,
}

impl Engine<'_> {
    fn run(&mut self) {
        let scope = &self.rule.scope;
        match &self.rule.check {
            Check::Require { pattern } => {
                for unit in self.annotated.units(scope) {
                    let sentences = self.annotated.sentences(unit, scope.sentences.as_ref());
                    if scope.sentences.is_some() && sentences.is_empty() {
                        continue;
                    }
                    if !sentences.iter().any(|s| holds(pattern, s.annotations)) {
                        let (span, label) = self.anchor(unit, "required text missing here");
                        self.report(span, unit.place(), label);
                    }
                }
            }
            Check::Forbid { pattern } => {
                for unit in self.annotated.units(scope) {
                    for s in self.annotated.sentences(unit, scope.sentences.as_ref()) {
                        if let Some(r) = first_match(pattern, s.annotations) {
                            let span = self.sub_span(s.sentence, r);
                            self.report(span, s.place, "forbidden here".to_string());
                        }
                    }
                }
            }
            Check::Implies { when, then, within } => self.implies(when, then, *within),
            Check::EachItem { pattern, or_intro } => {
                for unit in self.annotated.units(scope) {
                    for (section, item) in self.annotated.items_of(unit) {
                        let intro_states = or_intro.as_ref().is_some_and(|c| {
                            self.annotated.sections[section]
                                .intro
                                .iter()
                                .any(|a| holds(c, a))
                        });
                        if intro_states {
                            continue;
                        }
                        let unit = Unit::Item(section, item);
                        let sentences = self.annotated.sentences(unit, scope.sentences.as_ref());
                        if !sentences.iter().any(|s| holds(pattern, s.annotations)) {
                            let (span, label) = self.anchor(unit, "this item");
                            self.report(span, unit.place(), label);
                        }
                    }
                }
            }
            Check::RequiredSection { heading } => {
                let present = self
                    .annotated
                    .sections
                    .iter()
                    .any(|s| holds(heading, &s.heading));
                if !present {
                    let (span, label) =
                        self.anchor(Unit::Document, "no such section in this policy");
                    self.report(span, Place::default(), label);
                }
            }
            // Material-change detectors apply when a policy is compared with its snapshot.
            Check::Change { .. } => {}
        }
    }

    fn implies(&mut self, when: &Condition, then: &Condition, within: Within) {
        let scope = &self.rule.scope;
        for unit in self.annotated.units(scope) {
            let triggers: Vec<SentenceRef> = self
                .annotated
                .sentences(unit, scope.sentences.as_ref())
                .into_iter()
                .filter(|s| holds(when, s.annotations))
                .collect();
            // One finding per group of sentences that share a place, in text order.
            let mut done: Vec<Unit> = Vec::new();
            for trigger in triggers {
                let group = match within {
                    Within::Sentence => None,
                    Within::Item => Some(trigger.place.unit()),
                    Within::Section => {
                        Some(trigger.place.section.map_or(Unit::Document, Unit::Section))
                    }
                    Within::Document => Some(Unit::Document),
                };
                let satisfied = match group {
                    None => holds(then, trigger.annotations),
                    Some(g) if done.contains(&g) => continue,
                    Some(g) => {
                        done.push(g);
                        self.annotated
                            .sentences(g, None)
                            .iter()
                            .any(|s| holds(then, s.annotations))
                    }
                };
                if satisfied {
                    continue;
                }
                let (span, label) = match group {
                    Some(g @ Unit::Item(..)) => self.anchor(g, "this item"),
                    _ => (
                        trigger.sentence.span.clone(),
                        "the required statement is missing for this".to_string(),
                    ),
                };
                self.report(span, trigger.place, label);
            }
        }
    }

    /// Where a finding about a whole unit points, and what the underline says.
    fn anchor(&self, unit: Unit, label: &str) -> (Span, String) {
        let doc = self.doc;
        match unit {
            Unit::Item(s, i) => (
                doc.sections[s].items[i].label_span.clone(),
                label.to_string(),
            ),
            Unit::Section(s) if !doc.sections[s].heading.is_empty() => {
                (doc.sections[s].heading_span.clone(), label.to_string())
            }
            _ => {
                // The document, or the text before the first heading: its first line.
                let first = doc.source.line_text(1);
                let start = usize::from(doc.source.text.starts_with('\u{FEFF}')) * 3;
                (start..first.len().max(start), label.to_string())
            }
        }
    }

    /// The original-file range of `range` in a sentence's normalised text: exact when the
    /// sentence reads the same in the file, else the whole sentence.
    fn sub_span(&self, sentence: &Sentence, range: Range<usize>) -> Span {
        let same = self.doc.source.text.get(sentence.span.clone()) == Some(sentence.text.as_str());
        if same && range.start < range.end {
            sentence.span.start + range.start..sentence.span.start + range.end
        } else {
            sentence.span.clone()
        }
    }

    fn report(&mut self, span: Span, place: Place, label: String) {
        let doc = self.doc;
        let section = place.section_heading(doc);
        let item = place.item_label(doc);
        let message = self
            .rule
            .message
            .replace("{section}", section.as_deref().unwrap_or(""))
            .replace("{item}", item.as_deref().unwrap_or(""));
        let (line, column) = doc.line_column(span.start);
        let (end_line, end_column) = doc.line_column(span.end);
        self.out.push(Finding {
            rule: self.rule.id.clone(),
            severity: self.rule.severity,
            message,
            help: self.rule.help.clone(),
            url: self.rule.url.clone(),
            path: doc.source.path.clone(),
            span,
            line,
            column,
            end_line,
            end_column,
            section,
            item,
            label,
        });
    }
}

/// Whether a condition holds for one sentence.
pub(crate) fn holds(condition: &Condition, annotations: &Annotations) -> bool {
    first_match(condition, annotations).is_some()
}

/// The range of the text that makes a condition hold (empty when only a `not` does).
fn first_match(condition: &Condition, annotations: &Annotations) -> Option<Range<usize>> {
    match condition {
        Condition::Lexicon { id, polarity } => annotations
            .find(*id, *polarity)
            .next()
            .map(|m| m.span.clone()),
        Condition::All(list) => {
            let spans: Option<Vec<Range<usize>>> =
                list.iter().map(|c| first_match(c, annotations)).collect();
            let spans: Vec<Range<usize>> = spans?.into_iter().filter(|r| !r.is_empty()).collect();
            let start = spans.iter().map(|r| r.start).min().unwrap_or(0);
            let end = spans.iter().map(|r| r.end).max().unwrap_or(0);
            Some(start..end)
        }
        Condition::Any(list) => list.iter().find_map(|c| first_match(c, annotations)),
        Condition::Not(inner) => match first_match(inner, annotations) {
            Some(_) => None,
            None => Some(0..0),
        },
    }
}
