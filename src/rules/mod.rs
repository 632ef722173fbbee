//! The rule engine: an outline and a compiled `rules.toml` in, findings out.
//!
//! Every sentence, heading and label is annotated once (the lexicons found, with negation where
//! a rule reads a polarity); each rule then reads the annotations of the sentences in its
//! scope. A lexicon only rules scoped by headings or labels read is searched for in a sentence
//! when one of them first asks about it there. Matching is per sentence, so "we do not share"
//! never satisfies a rule that wants "we share" from a lexicon with `affirmed` polarity.

mod scope;

use std::collections::HashSet;
use std::ops::Range;
use std::path::PathBuf;

use crate::config::{
    Check, Condition, Config, LexiconId, Polarity, Rule, Severity, UNKNOWN_ALLOW, UNMATCHED_SCOPE,
    Within,
};
use crate::outline::{Allow, Document, Span, locate};

use scope::{AnnotatedDocument, Place, TextRef, Unit};

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
    /// For a finding about a comparison with the snapshot: the index of its change.
    pub change: Option<usize>,
}

impl Finding {
    /// A finding of `rule` at `span` of `doc`, outside any section or item.
    pub fn at(
        doc: &Document,
        rule: &str,
        severity: Severity,
        message: String,
        span: Span,
    ) -> Finding {
        let (line, column) = doc.line_column(span.start);
        let (end_line, end_column) = doc.line_column(span.end);
        Finding {
            rule: rule.to_string(),
            severity,
            message,
            help: None,
            url: None,
            path: doc.source.path.clone(),
            span,
            line,
            column,
            end_line,
            end_column,
            section: None,
            item: None,
            label: String::new(),
            change: None,
        }
    }
}

/// What the rules found in a policy.
#[derive(Debug, Default)]
pub struct Checked {
    /// In the order of the rules, then of the text.
    pub findings: Vec<Finding>,
}

/// Runs every rule of `config` (except `change` rules, which apply to comparisons) over `doc`,
/// leaving out what `[[settings.ignore]]` and inline allow directives suppress.
pub fn check(doc: &Document, config: &Config) -> Checked {
    let annotated = AnnotatedDocument::new(doc, config);
    let mut checked = Checked::default();
    let ignores = config.settings.ignores_for(&config.root, &doc.source.path);
    for rule in &config.rules {
        let ignored = ignores(&rule.id);
        if ignored {
            continue;
        }
        let scoped = rule.scope.sections.is_some() || rule.scope.items.is_some();
        let reads_scope = !matches!(
            rule.check,
            Check::RequiredSection { .. } | Check::Change { .. }
        );
        let units = match reads_scope {
            true => annotated.units(&rule.scope),
            false => Vec::new(),
        };
        let mut engine = Engine {
            doc,
            config,
            annotated: &annotated,
            rule,
            out: &mut checked.findings,
        };
        engine.run(&units);
        if reads_scope && !ignores(UNMATCHED_SCOPE) {
            engine.unmatched_scope(&units, scoped);
        }
    }
    if !ignores(UNKNOWN_ALLOW) {
        checked.findings.extend(unknown_allows(doc, config));
    }
    checked
}

/// An allow directive that names no rule (misspelt, or a rule since renamed) silences nothing:
/// a finding where the id is written, with the rule it was likely meant for, so that a CI
/// annotation shows it where the finding it was meant to allow shows too.
fn unknown_allows(doc: &Document, config: &Config) -> Vec<Finding> {
    let mut out = Vec::new();
    for section in &doc.sections {
        let items = section.items.iter().map(|i| (&i.allow, Some(&i.label)));
        for (allow, label) in std::iter::once((&section.allow, None)).chain(items) {
            for Allow { rule: id, span } in allow {
                let Some(hint) = config.unknown_rule(id) else {
                    continue;
                };
                let severity = config.settings.severity.unknown_allow;
                let message = format!("`allow({id})` names no rule{hint}, so it allows nothing");
                let mut f = Finding::at(doc, UNKNOWN_ALLOW, severity, message, span.clone());
                f.section = (!section.heading.is_empty()).then(|| section.heading.clone());
                f.item = label.cloned();
                f.label = "no rule has this id".to_string();
                f.help = Some("`policy-lint rules` lists the rule ids".to_string());
                out.push(f);
            }
        }
    }
    out
}

struct Engine<'a> {
    doc: &'a Document,
    config: &'a Config,
    annotated: &'a AnnotatedDocument<'a>,
    rule: &'a Rule,
    out: &'a mut Vec<Finding>,
}

impl Engine<'_> {
    /// Runs the rule over `units`, those its scope selects.
    fn run(&mut self, units: &[Unit]) {
        let scope = &self.rule.scope;
        match &self.rule.check {
            Check::Require { pattern } => {
                let statements: Vec<_> = (units.iter())
                    .map(|&unit| self.annotated.statements(unit, scope.sentences.as_ref()))
                    .collect();
                // A section in scope with no text at all, beside one with text, is a heading
                // said twice or listed (PayPal repeats "Children" over an empty section): the
                // text is read where it is.
                let some_text = statements.iter().any(|s| !s.is_empty());
                for (&unit, sentences) in units.iter().zip(statements) {
                    if sentences.is_empty() && (scope.sentences.is_some() || some_text) {
                        continue;
                    }
                    if sentences.iter().any(|s| self.annotated.holds(pattern, s)) {
                        continue;
                    }
                    let wanted = self.config.describe(pattern);
                    let noun = unit.noun();
                    // Limited to some sentences: none of them has it, so the first is where
                    // one would say it.
                    let (span, place, label) = match (&scope.sentences, sentences.first()) {
                        (Some(filter), Some(first)) => (
                            first.span.clone(),
                            first.place,
                            format!(
                                "no {wanted} in {} with {} in this {noun}",
                                counted_sentences(sentences.len()),
                                self.config.describe(filter),
                            ),
                        ),
                        _ => (
                            self.anchor(unit),
                            unit.place(),
                            format!("no {wanted} in this {noun}"),
                        ),
                    };
                    self.report(span, place, label);
                }
            }
            // Every occurrence, in headings and labels too (of words and phrases read
            // without a polarity): "must not occur" is met only when none is left.
            Check::Forbid { pattern } => {
                let label = format!("{} here", self.config.describe(pattern));
                for &unit in units {
                    // A heading names a topic, and states no practice: "Personal Information
                    // We Sell" is not read with a polarity; "We Sell Your Data" states one, as
                    // `require` reads it.
                    let mut texts = match reads_polarity(pattern) {
                        true => self.annotated.statements(unit, scope.sentences.as_ref()),
                        false => self.annotated.sentences(unit, scope.sentences.as_ref()),
                    };
                    if scope.sentences.is_none() && !reads_polarity(pattern) {
                        texts.extend(self.annotated.titles(unit));
                        texts.sort_by_key(|t| t.span.start);
                    }
                    for s in texts {
                        if !self.annotated.holds(pattern, &s) {
                            continue;
                        }
                        let locate = |id, polarity| self.annotated.locate(&s, id, polarity);
                        for r in every_match(pattern, &locate) {
                            let span = self.sub_span(&s, r);
                            self.report(span, s.place, label.clone());
                        }
                    }
                }
            }
            Check::Implies { when, then, within } => self.implies(units, when, then, *within),
            Check::EachItem { pattern, or_intro } => {
                self.each_item(units, pattern, or_intro.as_ref())
            }
            Check::RequiredSection { heading } => {
                let present = (0..self.annotated.sections.len())
                    .any(|s| self.annotated.heading_holds(heading, s));
                if !present {
                    let label = format!("no heading matches {}", self.config.describe(heading));
                    self.report(self.anchor(Unit::Document), Place::default(), label);
                }
            }
            // Material-change detectors apply when a policy is compared with its snapshot.
            Check::Change { .. } => {}
        }
    }

    fn each_item(&mut self, units: &[Unit], pattern: &Condition, or_intro: Option<&Condition>) {
        let scope = &self.rule.scope;
        let mut label = format!("no {} in this item", self.config.describe(pattern));
        if let Some(c) = or_intro {
            label.push_str(&format!(
                ", nor {} in the section intro",
                self.config.describe(c)
            ));
        }
        for &unit in units {
            // The intros that introduce an item: its section's, and those of the sections
            // that hold it, up to the unit's.
            let root = match unit {
                Unit::Section(r) | Unit::Intro(r) | Unit::Item(r, _) => r,
                Unit::Document => 0,
            };
            for (section, item) in self.annotated.items_of(unit) {
                let intro_states = or_intro.is_some_and(|c| {
                    (self.annotated.with_parents(section))
                        .take_while(|&t| t >= root)
                        .any(|t| {
                            (self.annotated.sentences(Unit::Intro(t), None).iter())
                                .any(|s| self.annotated.holds(c, s))
                        })
                });
                // A label with no text of its own is a sub-heading (or a cut-off item): it
                // states nothing that could lack the pattern.
                let empty = self.doc.sections[section].items[item].sentences.is_empty();
                if intro_states || empty {
                    continue;
                }
                let unit = Unit::Item(section, item);
                let sentences = self.annotated.sentences(unit, scope.sentences.as_ref());
                // Limited to some sentences, an item with none of them is not one the rule
                // asks about, as with `require`.
                if sentences.is_empty() && scope.sentences.is_some() {
                    continue;
                }
                if !sentences.iter().any(|s| self.annotated.holds(pattern, s)) {
                    self.report(self.anchor(unit), unit.place(), label.clone());
                }
            }
        }
    }

    fn implies(&mut self, units: &[Unit], when: &Condition, then: &Condition, within: Within) {
        let scope = &self.rule.scope;
        for &unit in units {
            let triggers: Vec<TextRef> = self
                .annotated
                .statements(unit, scope.sentences.as_ref())
                .into_iter()
                .filter(|s| self.annotated.holds(when, s))
                .collect();
            // One finding per group of sentences that share a place, in text order.
            let mut done: HashSet<Unit> = HashSet::new();
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
                    None => self.annotated.holds(then, &trigger),
                    Some(g) if !done.insert(g) => continue,
                    Some(g) => self
                        .annotated
                        .statements(g, None)
                        .iter()
                        .any(|s| self.annotated.holds(then, s)),
                };
                if satisfied {
                    continue;
                }
                let noun = group.map_or("sentence", Unit::noun);
                let label = format!(
                    "{} in this {noun}, but no {}",
                    self.config.describe(when),
                    self.config.describe(then)
                );
                let span = match group {
                    Some(g @ Unit::Item(..)) => self.anchor(g),
                    _ => trigger.span.clone(),
                };
                self.report(span, trigger.place, label);
            }
        }
    }

    /// An `unmatched-scope` finding, at the policy's first heading, if the rule's scope selects
    /// nothing here (a heading reworded, a label written another way), or an `each-item` rule's
    /// selects no item: the rule checked nothing, which its author wants to know.
    fn unmatched_scope(&mut self, units: &[Unit], scoped: bool) {
        let (config, rule) = (self.config, self.rule);
        let wanted = |what: &str, condition: &Option<Condition>| {
            (condition.as_ref()).map(|c| format!("no {what} matches {}", config.describe(c)))
        };
        let label = if scoped && units.is_empty() {
            let sections = wanted("heading", &rule.scope.sections);
            let items = wanted("item label", &rule.scope.items);
            [sections, items]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", or ")
        } else if matches!(rule.check, Check::EachItem { .. })
            && units.iter().all(|&u| self.annotated.items_of(u).is_empty())
        {
            match scoped {
                true => "no labelled item in the sections in scope".to_string(),
                false => "no labelled item in the policy".to_string(),
            }
        } else {
            return;
        };
        // Allowed before the first heading, by its own id or the rule's: the policy has no such
        // section on purpose.
        let allowed = |id: &str| self.annotated.allows(Place::default(), id);
        if allowed(UNMATCHED_SCOPE) || allowed(&rule.id) {
            return;
        }
        let message = format!("rule `{}` checked nothing in this policy", rule.id);
        let severity = config.settings.severity.unmatched_scope;
        let span = self.anchor(Unit::Document);
        let mut f = Finding::at(self.doc, UNMATCHED_SCOPE, severity, message, span);
        f.label = label;
        self.out.push(f);
    }

    /// Where a finding about a whole unit points: an item's label, a section's heading (the
    /// policy's first, for the whole policy), else the first sentence a reader reads there
    /// (not a comment or front matter above it), else the first line of the file.
    fn anchor(&self, unit: Unit) -> Span {
        let doc = self.doc;
        let section = match unit {
            Unit::Item(s, i) => return doc.sections[s].items[i].label_span.clone(),
            Unit::Section(s) | Unit::Intro(s) => doc.sections.get(s),
            Unit::Document => doc.sections.first(),
        };
        let opening = section.and_then(|section| match section.heading.is_empty() {
            false => Some(section.heading_span.clone()),
            true => (section.intro.iter().map(|s| &s.span))
                .chain(section.items.iter().map(|i| &i.label_span))
                .next()
                .cloned(),
        });
        match opening {
            Some(span) => span,
            None => {
                let first = doc.source.line_text(1);
                let start = if doc.source.text.starts_with('\u{FEFF}') {
                    '\u{FEFF}'.len_utf8()
                } else {
                    0
                };
                start..first.len().max(start)
            }
        }
    }

    /// The original-file range of `range` in a sentence's (heading's, label's) normalised
    /// text: exact when it reads the same in the file; else its words found again in the file
    /// (curly quotes, wrapped lines or markup); else the whole sentence.
    fn sub_span(&self, sentence: &TextRef, range: Range<usize>) -> Span {
        let original = self.doc.source.text.get(sentence.span.clone());
        if range.start >= range.end {
            return sentence.span.clone();
        }
        let found = match original == Some(sentence.text) {
            true => Some(range),
            false => original.and_then(|o| locate::original_range(sentence.text, o, range)),
        };
        // An end found after a folded character (a closing curly quote) is the next word's
        // start: the white space before it is not underlined.
        let trimmed = found.zip(original).map(|(found, original)| {
            let said = original.get(found.clone()).unwrap_or_default();
            found.start..found.start + said.trim_end().len()
        });
        match trimmed {
            Some(found) if found.start < found.end => {
                sentence.span.start + found.start..sentence.span.start + found.end
            }
            _ => sentence.span.clone(),
        }
    }

    /// Records a finding unless an allow directive before its section or item suppresses it.
    fn report(&mut self, span: Span, place: Place, label: String) {
        let doc = self.doc;
        if self.annotated.allows(place, &self.rule.id) {
            return;
        }
        let section = place.section_heading(doc);
        let item = place.item_label(doc);
        let named = match (&section, place.section) {
            (Some(heading), _) => heading.as_str(),
            (None, None) => "the whole policy",
            (None, Some(_)) => "the text before the first heading",
        };
        let message = self.rule.message_at(named, item.as_deref());
        let mut finding = Finding::at(doc, &self.rule.id, self.rule.severity, message, span);
        finding.help.clone_from(&self.rule.help);
        finding.url.clone_from(&self.rule.url);
        finding.section = section;
        finding.item = item;
        finding.label = label;
        self.out.push(finding);
    }
}

/// Whether a condition reads a lexicon with a polarity (affirmed or negated).
fn reads_polarity(condition: &Condition) -> bool {
    match condition {
        Condition::Lexicon { polarity, .. } => *polarity != Polarity::Any,
        Condition::All(list) | Condition::Any(list) => list.iter().any(reads_polarity),
        Condition::Not(inner) => reads_polarity(inner),
    }
}

/// "the sentence", "any of the 3 sentences".
fn counted_sentences(n: usize) -> String {
    match n {
        1 => "the sentence".to_string(),
        n => format!("any of the {n} sentences"),
    }
}

/// Whether a condition holds for a text in which `has` says which lexicons occur with which
/// polarity.
fn holds(condition: &Condition, has: &impl Fn(LexiconId, Polarity) -> bool) -> bool {
    match condition {
        Condition::Lexicon { id, polarity } => has(*id, *polarity),
        Condition::All(list) => list.iter().all(|c| holds(c, has)),
        Condition::Any(list) => list.iter().any(|c| holds(c, has)),
        Condition::Not(inner) => !holds(inner, has),
    }
}

/// Each range of the text that makes a condition hold, in order: each match of a lexicon, of
/// any of several; else the one range a combination holds over. `locate` finds a lexicon's
/// matches with a polarity.
fn every_match(
    condition: &Condition,
    locate: &impl Fn(LexiconId, Polarity) -> Vec<Range<usize>>,
) -> Vec<Range<usize>> {
    match condition {
        Condition::Lexicon { id, polarity } => locate(*id, *polarity),
        Condition::Any(list) => {
            let mut all: Vec<Range<usize>> =
                (list.iter()).flat_map(|c| every_match(c, locate)).collect();
            all.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
            // Words two alternatives both match are one occurrence.
            let mut end = 0;
            all.retain(|r| {
                let apart = r.start >= end || r.is_empty();
                end = end.max(r.end);
                apart
            });
            all
        }
        _ => first_match(condition, locate).into_iter().collect(),
    }
}

/// The range of the text that makes a condition hold (empty when only a `not` does), where
/// `locate` finds a lexicon's matches with a polarity.
fn first_match(
    condition: &Condition,
    locate: &impl Fn(LexiconId, Polarity) -> Vec<Range<usize>>,
) -> Option<Range<usize>> {
    match condition {
        Condition::Lexicon { id, polarity } => locate(*id, *polarity).into_iter().next(),
        Condition::All(list) => {
            let spans: Option<Vec<Range<usize>>> =
                list.iter().map(|c| first_match(c, locate)).collect();
            let spans: Vec<Range<usize>> = spans?.into_iter().filter(|r| !r.is_empty()).collect();
            let start = spans.iter().map(|r| r.start).min().unwrap_or(0);
            let end = spans.iter().map(|r| r.end).max().unwrap_or(0);
            Some(start..end)
        }
        Condition::Any(list) => list.iter().find_map(|c| first_match(c, locate)),
        Condition::Not(inner) => match first_match(inner, locate) {
            Some(_) => None,
            None => Some(0..0),
        },
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::outline::{Format, Source};

    const LEXICONS: &str = r#"
[lexicon.purpose]
words = ["in order to", "which we use to"]
[lexicon.selling]
words = ["sell"]
polarity = "affirmed"
[lexicon.ads]
words = ["ads"]
[lexicon.identifying]
words = ["identifies you"]
[lexicon.collect]
words = ["collect"]
"#;

    fn run(rules: &str, markdown: &str) -> Vec<Finding> {
        let config = Config::parse(Path::new("rules.toml"), &format!("{LEXICONS}{rules}")).unwrap();
        let source = Source::new(Path::new("p.md"), markdown.to_string());
        let doc = Document::parse(source, Format::Markdown, &config.outline);
        check(&doc, &config).findings
    }

    fn rule(kind: &str, body: &str) -> String {
        format!(
            "[[rule]]\nid = \"r\"\nkind = \"{kind}\"\nseverity = \"error\"\nmessage = \"m {{section}}/{{item}}\"\n{body}\n"
        )
    }

    const POLICY: &str = "# What We Collect\n\nWe collect data.\n\n\
        * **Contact.** Your email, which we use to reply.\n\
        * **Device.** Your browser type.\n\n\
        # Ads\n\nWe show ads. We do not sell your data.\n";

    #[test]
    fn forbid_with_an_affirmed_lexicon_skips_negated_sentences() {
        assert!(run(&rule("forbid", "pattern = \"selling\""), POLICY).is_empty());
        let found = run(
            &rule("forbid", "pattern = \"selling\""),
            "We sell your data.\n",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].line, found[0].column, found[0].end_column),
            (1, 4, 8)
        );
    }

    /// A promise with an exception for a recipient or the cases described keeps what it names
    /// done in those cases: a rule against selling finds it. A consent exception does too.
    #[test]
    fn a_negation_with_an_exception_does_not_keep_a_practice_from_a_rule() {
        let forbid = rule("forbid", "pattern = \"selling\"");
        for excepted in [
            "We do not sell your data, except to data brokers.",
            "We will not sell your data other than as described below.",
            "We do not sell your data unless you consent.",
        ] {
            assert_eq!(run(&forbid, excepted).len(), 1, "{excepted}");
        }
        for promised in [
            "We do not sell your data.",
            "We do not sell anything other than subscriptions.",
            "We do not sell your data, except for aggregated statistics.",
            "We do not sell your data, except as required by law.",
            "We do not sell your data other than where permitted by applicable law.",
        ] {
            assert!(run(&forbid, promised).is_empty(), "{promised}");
        }
    }

    /// A finding's label names a lexicon by its name, and one written in the rule by its words
    /// and patterns.
    #[test]
    fn labels_name_the_lexicon_or_the_words_the_rule_lists() {
        let label = |pattern: &str| {
            let found = run(
                &rule("forbid", &format!("pattern = {pattern}")),
                "We sell ads.\n",
            );
            found[0].label.clone()
        };
        assert_eq!(label("\"selling\""), "affirmed `selling` here");
        assert_eq!(label("{ words = [\"sell\"] }"), "\"sell\" here");
        assert_eq!(
            label("{ words = [\"rent\", \" sell \"], patterns = ['ads?'] }"),
            "\"rent\" or \"sell\" or `ads?` here"
        );
        assert_eq!(
            label("{ words = [\"a\", \"b\", \"c\", \"sell\", \"e\"] }"),
            "\"a\" or \"b\" or \"c\" or 2 more here"
        );
    }

    /// A forbidden phrase is found wherever a reader reads it: each occurrence in a sentence,
    /// and in headings and labels.
    #[test]
    fn forbid_finds_every_occurrence_in_headings_labels_and_sentences() {
        let text = "# Changes From Time To Time\n\n\
                    We may, at our sole discretion, update it from time to time.\n\n\
                    **Analytics, from time to time.** We measure use.\n";
        let vague = rule(
            "forbid",
            "pattern = { words = [\"from time to time\", \"sole discretion\"] }",
        );
        let found: Vec<_> = (run(&vague, text).iter())
            .map(|f| (f.line, f.column, f.end_column, f.item.clone()))
            .collect();
        let analytics = Some("Analytics, from time to time".to_string());
        assert_eq!(
            found,
            [
                (1, 11, 28, None),
                (3, 16, 31, None),
                (3, 43, 60, None),
                (5, 14, 31, analytics)
            ]
        );
        // A rule that reads only some sentences reads no headings, even one that matches.
        let filtered = vague.replace(
            "pattern",
            "scope.sentences = { words = [\"time\"] }\npattern",
        );
        let lines: Vec<usize> = run(&filtered, text).iter().map(|f| f.line).collect();
        assert_eq!(lines, [3, 3]);
        // A heading names a topic: what a lexicon read with a polarity finds in text, it does
        // not find there.
        let sold = "# Personal Information We Sell\n\nWe do not sell it.\n";
        assert!(run(&rule("forbid", "pattern = \"selling\""), sold).is_empty());
        // A heading or label that states what is done is read as `require` reads it.
        let affirmed = rule(
            "forbid",
            "pattern = { lexicon = \"selling\", polarity = \"affirmed\" }",
        );
        let stated = "# We Sell Your Data\n\nPartners pay us.\n\n\
                      - **We sell your e-mail address.** To brokers.\n";
        let lines: Vec<usize> = run(&affirmed, stated).iter().map(|f| f.line).collect();
        assert_eq!(lines, [1, 5]);
        assert!(run(&affirmed, &stated.replace("We Sell", "We Do Not Sell")).len() == 1);
    }

    /// A section scoped by its heading holds its subsections: what they say, it says.
    #[test]
    fn a_section_holds_its_subsections() {
        let text = "# Notice\n\n## How We Share\n\nWe share data as below.\n\n\
                    ### Sale of data\n\nWe do not sell your data.\n\n\
                    ## How We Use It\n\nWe use data. We sell data.\n";
        let require = |heading: &str| {
            let body = format!(
                "scope.sections = {{ words = [\"{heading}\"] }}\n\
                 pattern = {{ lexicon = \"selling\", polarity = \"negated\" }}"
            );
            (run(&rule("require", &body), text).iter())
                .map(|f| f.line)
                .collect::<Vec<_>>()
        };
        assert!(require("share").is_empty());
        assert_eq!(require("use it"), [11]);
        // Both a section and its subsection selected: the subsection is part of the section,
        // so a forbidden word in it is found once.
        let forbid = "scope.sections = { words = [\"share\", \"sale\"] }\n\
                      pattern = { words = [\"sell\"] }";
        assert_eq!(run(&rule("forbid", forbid), text).len(), 1);
        // The title over every section holds them all.
        assert!(require("notice").is_empty());
        // An item in a subsection is introduced by its section's intro too.
        let nested = "## What We Collect\n\nWe collect it in order to serve you.\n\n\
                      ### From partners\n\n* **Partner data.** Lists they send.\n";
        let each = "scope.sections = \"collect\"\npattern = \"purpose\"\nor-intro = \"purpose\"";
        assert!(run(&rule("each-item", each), nested).is_empty());
        let no_purpose = nested.replace(" in order to serve you", "");
        assert_eq!(run(&rule("each-item", each), &no_purpose).len(), 1);
    }

    /// Sentences keep the spans only of lexicons read with a polarity: a finding locates
    /// the others when it is reported.
    #[test]
    fn forbid_underlines_what_matched_with_or_without_a_polarity() {
        let columns = |pattern: &str, text: &str| {
            let found = run(&rule("forbid", &format!("pattern = {pattern}")), text);
            (found.iter())
                .map(|f| (f.line, f.column, f.end_column))
                .collect::<Vec<_>>()
        };
        assert_eq!(columns("\"collect\"", "Data we collect.\n"), [(1, 9, 16)]);
        assert_eq!(
            columns(
                "{ all = [\"selling\", \"ads\"] }",
                "We sell ads to partners.\n"
            ),
            [(1, 4, 12)]
        );
        assert_eq!(
            columns(
                "{ any = [\"identifying\", \"ads\"] }",
                "Our ads never say what identifies you.\n"
            ),
            [(1, 5, 8), (1, 24, 38)]
        );
        assert!(columns("{ all = [\"selling\", \"ads\"] }", "We do not sell ads.\n").is_empty());
    }

    /// A sentence that normalisation changed (curly quotes, a wrapped line, runs of spaces,
    /// markup) still has its matched words underlined, not the whole sentence.
    #[test]
    fn a_finding_in_a_normalised_sentence_underlines_its_words() {
        let span = |text: &str| {
            let found = run(
                &rule("forbid", "pattern = { all = [\"selling\", \"ads\"] }"),
                text,
            );
            (found.iter())
                .map(|f| ((f.line, f.column), (f.end_line, f.end_column)))
                .collect::<Vec<_>>()
        };
        assert_eq!(span("So we sell ads.\n"), [((1, 7), (1, 15))]);
        assert_eq!(
            span("So we sell \u{201C}ads\u{201D}.\n"),
            [((1, 7), (1, 16))]
        );
        assert_eq!(span("So we\nsell  ads.\n"), [((2, 1), (2, 10))]);
        assert_eq!(span("So we *sell* <b>ads</b>.\n"), [((1, 8), (1, 20))]);
        assert_eq!(
            span("So we sell \u{201C}the ads\u{201D} on.\n"),
            [((1, 7), (1, 20))]
        );
        assert_eq!(
            span("So we sell \u{201C}ads\u{201D}\nto all.\n"),
            [((1, 7), (1, 16))]
        );
        // A match that ends with a folded character stops there, not at the next word.
        let quoted = run(
            &rule("forbid", "pattern = { patterns = ['sell \"ads\" '] }"),
            "So we sell \u{201C}ads\u{201D}\nto all.\n",
        );
        let at = |f: &Finding| ((f.line, f.column), (f.end_line, f.end_column));
        assert_eq!(
            quoted.iter().map(at).collect::<Vec<_>>(),
            [((1, 7), (1, 17))]
        );
    }

    #[test]
    fn each_item_names_items_without_the_pattern_unless_the_intro_has_it() {
        let body = "scope.sections = \"collect\"\npattern = \"purpose\"";
        let found = run(&rule("each-item", body), POLICY);
        let items: Vec<_> = found.iter().map(|f| f.item.as_deref()).collect();
        assert_eq!(items, [Some("Device")]);
        assert_eq!(found[0].message, "m What We Collect/Device");
        assert_eq!((found[0].line, found[0].column), (6, 5));
        let with_intro = format!("{body}\nor-intro = \"purpose\"");
        let intro = POLICY.replace("We collect data.", "We collect data in order to help.");
        assert!(run(&rule("each-item", &with_intro), &intro).is_empty());
        assert_eq!(run(&rule("each-item", &with_intro), POLICY).len(), 1);
    }

    /// Limited to some sentences ("keep", "retain"), an item with none of them is not asked
    /// for the pattern (a retention period), as `require` is not; one with them is.
    #[test]
    fn each_item_limited_to_sentences_skips_items_without_them() {
        let body = "pattern = { patterns = ['\\b\\d+ days'] }\n\
                    scope.sentences = { words = [\"keep\", \"retain\"] }";
        let policy = "# Retention\n\n\
            * **Logs.** We keep server logs for 30 days.\n\
            * **Cookies.** Cookies let us remember your language.\n\
            * **Tickets.** We retain support tickets. They are closed in 2 days.\n";
        let found = run(&rule("each-item", body), policy);
        let items: Vec<_> = found.iter().map(|f| f.item.as_deref()).collect();
        assert_eq!(items, [Some("Tickets")]);
    }

    #[test]
    fn require_checks_each_section_in_scope() {
        let found = run(
            &rule(
                "require",
                "pattern = \"purpose\"\nscope.sections = { not = \"ads\" }",
            ),
            POLICY,
        );
        assert!(found.is_empty(), "{found:?}");
        let found = run(
            &rule("require", "pattern = \"purpose\"\nscope.sections = \"ads\""),
            POLICY,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].section.as_deref(), Some("Ads"));
        assert_eq!((found[0].line, found[0].column), (8, 3));
    }

    /// Limited to some sentences, a rule requires the pattern in one of them, and a finding
    /// points at the first.
    #[test]
    fn require_among_some_sentences_points_at_the_first_of_them() {
        let body = "scope.sentences = \"ads\"\npattern = { words = [\"opt out\"] }";
        let text = "# Ads\n\nWe value you. We show ads.\nWe also show ads on partners' sites.\n";
        let found = run(&rule("require", body), text);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].column), (3, 15));
        assert_eq!(
            found[0].label,
            "no \"opt out\" in any of the 2 sentences with `ads` in this policy"
        );
        let said = text.replace(
            "on partners' sites.",
            "on partners' sites; you can opt out.",
        );
        assert!(run(&rule("require", body), &said).is_empty());
    }

    /// A label or heading that states what is done counts as a sentence: Discord's "**We don’t
    /// sell your personal information**." list entry. One that names a topic does not.
    #[test]
    fn require_reads_a_label_or_heading_that_states_a_practice() {
        let body = "pattern = { lexicon = \"selling\", polarity = \"negated\" }";
        for stated in [
            "# Sale\n\n* **We don’t sell your personal information.** Our business is ads.\n",
            "# We Do Not Sell Your Personal Information\n\nOur business is ads.\n",
            "# 5. We Do Not Sell Your Personal Information\n\nOur business is ads.\n",
        ] {
            assert!(run(&rule("require", body), stated).is_empty(), "{stated}");
        }
        let topic = "# Information We Do Not Sell\n\nOur business is ads.\n";
        assert_eq!(run(&rule("require", body), topic).len(), 1);
    }

    /// A section in scope with no text, beside one with text, is a heading listed or said
    /// twice; alone, it is where the text is missing.
    #[test]
    fn require_passes_over_an_empty_section_beside_one_with_text() {
        let body = "pattern = \"collect\"\nscope.sections = { words = [\"children\"] }";
        let twice = "# Children\n\n# Children\n\nWe do not collect data of children.\n";
        assert!(run(&rule("require", body), twice).is_empty());
        let empty = "# Children\n\n# Contact\n\nWrite to us.\n";
        assert_eq!(run(&rule("require", body), empty).len(), 1);
    }

    /// A message naming `{item}` outside any item leaves no gap where the item would be.
    #[test]
    fn a_message_without_its_item_reads_whole() {
        let rules = "[[rule]]\nid = \"r\"\nkind = \"forbid\"\nseverity = \"error\"\n\
                     message = \"ads in {section} › {item} here; and {item} there\"\npattern = \"ads\"\n";
        let found = run(
            rules,
            "# Analytics\n\nWe show ads.\n\n* **Partners.** They show ads.\n",
        );
        let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "ads in Analytics here; and there",
                "ads in Analytics › Partners here; and Partners there"
            ]
        );
    }

    #[test]
    fn implies_looks_within_the_chosen_unit() {
        let ads = "# Ads\n\n* **Ads.** We show ads.\n* **Other.** Nothing here identifies you.\n";
        for (within, expected) in [
            ("sentence", 1),
            ("item", 1),
            ("section", 0),
            ("document", 0),
        ] {
            let body = format!("if = \"ads\"\nthen = \"identifying\"\nwithin = \"{within}\"");
            assert_eq!(
                run(&rule("implies", &body), ads).len(),
                expected,
                "{within}"
            );
        }
        let negated = "if = \"ads\"\nthen = { lexicon = \"identifying\", polarity = \"negated\" }";
        let found = run(&rule("implies", negated), ads);
        assert_eq!(found[0].item.as_deref(), Some("Ads"));
        assert_eq!(
            found[0].label,
            "`ads` in this item, but no negated `identifying`"
        );
        let ok = ads.replace(
            "We show ads.",
            "We show ads. Nothing that identifies you is used.",
        );
        assert!(run(&rule("implies", negated), &ok).is_empty());
    }

    #[test]
    fn required_section_looks_at_headings() {
        assert!(run(&rule("required-section", "heading = \"collect\""), POLICY).is_empty());
        let found = run(&rule("required-section", "heading = \"selling\""), POLICY);
        assert_eq!((found.len(), found[0].line, found[0].column), (1, 1, 3));
        // Its message names the whole policy where a rule's names its section.
        assert_eq!(found[0].message, "m the whole policy/");
        // A finding about the whole policy points at its first heading, not at a comment
        // above it.
        let commented = format!("<!-- reviewed by legal -->\n\n{POLICY}");
        let found = run(
            &rule("required-section", "heading = \"selling\""),
            &commented,
        );
        assert_eq!((found[0].line, found[0].column), (3, 3));
    }

    #[test]
    fn allow_directives_and_ignores_suppress() {
        let body = "scope.sections = \"collect\"\npattern = \"purpose\"";
        let allowed = POLICY.replace(
            "* **Device.**",
            "<!-- policy-lint: allow(r) -->\n* **Device.**",
        );
        assert!(run(&rule("each-item", body), &allowed).is_empty());
        let other = POLICY.replace(
            "* **Device.**",
            "<!-- policy-lint: allow(other) -->\n* **Device.**",
        );
        // Not allowed, and the directive, naming no rule, is a finding of its own.
        let found = run(&rule("each-item", body), &other);
        let ids: Vec<&str> = found.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(ids, ["r", "unknown-allow"]);
        assert_eq!(found[1].item.as_deref(), Some("Device"));
        let ignore = format!(
            "{}[[settings.ignore]]\npath = \"p.md\"\nrule = \"r\"\n",
            rule("each-item", body)
        );
        assert!(run(&ignore, POLICY).is_empty());
        // Before the first heading, a directive allows a finding about the whole policy.
        let required = rule("required-section", "heading = \"selling\"");
        let on_top = format!("<!-- policy-lint: allow(r) -->\n{POLICY}");
        assert!(run(&required, &on_top).is_empty());
        let further_down = POLICY.replace("# Ads", "<!-- policy-lint: allow(r) -->\n# Ads");
        assert_eq!(run(&required, &further_down).len(), 1);
        // Also after text before the first heading.
        let preamble =
            format!("Last updated: May 2024.\n\n<!-- policy-lint: allow(r) -->\n{POLICY}");
        assert!(run(&required, &preamble).is_empty());
        // A require limited to some sentences points at one, and is allowed where it points.
        let sentences = rule(
            "require",
            "scope.sentences = \"ads\"\npattern = \"identifying\"",
        );
        let found = run(&sentences, POLICY);
        assert_eq!(found[0].section.as_deref(), Some("Ads"));
        let allowed = POLICY.replace("# Ads", "<!-- policy-lint: allow(r) -->\n# Ads");
        assert!(run(&sentences, &allowed).is_empty());
        // Before a section, it allows in its subsections.
        let nested = "# Ads\n\n## Partners\n\nWe sell data to them.\n";
        let forbid = rule("forbid", "pattern = \"selling\"");
        assert_eq!(run(&forbid, nested).len(), 1);
        let allowed = format!("<!-- policy-lint: allow(r) -->\n{nested}");
        assert!(run(&forbid, &allowed).is_empty());
        let sibling = "## Ads\n\n## Partners\n\nWe sell data to them.\n";
        let allowed = format!("<!-- policy-lint: allow(r) -->\n{sibling}");
        assert_eq!(run(&forbid, &allowed).len(), 1);
    }

    #[test]
    fn change_rules_are_not_run_on_a_single_policy() {
        let body = "detector = \"negation\"";
        assert!(run(&rule("change", body), POLICY).is_empty());
    }
}
