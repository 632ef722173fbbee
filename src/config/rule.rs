//! `[[rule]]`: what a rule checks (its kind and conditions), where (its scope), and how it is
//! reported (severity, message, help, url).
//!
//! A condition is evaluated on one sentence (or one heading or label): a lexicon name, an
//! inline lexicon (`{ words = […] }`, `{ patterns = […] }`), a lexicon with another polarity
//! (`{ lexicon = "x", polarity = "negated" }`), or `all` / `any` / `not` of conditions (an
//! array is `any`). `all` means all in the same sentence.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml::{Spanned, Value};

use super::lexicon::{self, Lexicon, LexiconId, Polarity};
use super::raw::{File, RawLexicon, RawRule, RawScope};
use super::{ConfigError, suggest};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    Require,
    Forbid,
    Implies,
    EachItem,
    RequiredSection,
    /// A material-change detector with its severity, applied when a policy is compared with its
    /// snapshot (not by the rule engine).
    Change,
}

impl RuleKind {
    pub const ALL: [RuleKind; 6] = [
        RuleKind::Require,
        RuleKind::Forbid,
        RuleKind::Implies,
        RuleKind::EachItem,
        RuleKind::RequiredSection,
        RuleKind::Change,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RuleKind::Require => "require",
            RuleKind::Forbid => "forbid",
            RuleKind::Implies => "implies",
            RuleKind::EachItem => "each-item",
            RuleKind::RequiredSection => "required-section",
            RuleKind::Change => "change",
        }
    }
}

/// For `implies`: where the consequence must stand, relative to the sentence that triggers it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Within {
    Sentence,
    /// The item the sentence is in, or its section's intro when it is not in an item.
    #[default]
    Item,
    Section,
    Document,
}

impl Within {
    pub const ALL: [Within; 4] = [
        Within::Sentence,
        Within::Item,
        Within::Section,
        Within::Document,
    ];

    /// As rules.toml writes it.
    pub fn name(self) -> &'static str {
        match self {
            Within::Sentence => "sentence",
            Within::Item => "item",
            Within::Section => "section",
            Within::Document => "document",
        }
    }
}

/// The material changes a `change` rule can name (see DESIGN.md, "Diff").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeDetector {
    Negation,
    Practice,
    Modality,
    Quantity,
    DataCategory,
    Purpose,
    Recipient,
    Right,
    Transfer,
    Contact,
    /// The text changed but its "Last updated" / "Effective date" did not.
    EffectiveDate,
}

impl ChangeDetector {
    const ALL: [(&'static str, ChangeDetector); 11] = [
        ("negation", ChangeDetector::Negation),
        ("practice", ChangeDetector::Practice),
        ("modality", ChangeDetector::Modality),
        ("quantity", ChangeDetector::Quantity),
        ("data-category", ChangeDetector::DataCategory),
        ("purpose", ChangeDetector::Purpose),
        ("recipient", ChangeDetector::Recipient),
        ("right", ChangeDetector::Right),
        ("transfer", ChangeDetector::Transfer),
        ("contact", ChangeDetector::Contact),
        ("effective-date", ChangeDetector::EffectiveDate),
    ];

    /// The name in `detector = "…"`, which is also the `kind` of the material changes it finds.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, d)| *d == self)
            .map_or("", |(n, _)| n)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    Lexicon { id: LexiconId, polarity: Polarity },
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

/// Where a rule looks. Nothing set: the whole document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// Sections whose heading matches.
    pub sections: Option<Condition>,
    /// Items whose label matches.
    pub items: Option<Condition>,
    /// Only the sentences that match.
    pub sentences: Option<Condition>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// The pattern must occur in each section / item in scope (or the document).
    Require { pattern: Condition },
    /// The pattern must not occur in scope.
    Forbid { pattern: Condition },
    /// Where `when` occurs, `then` must occur too, within the same sentence / item / section /
    /// document.
    Implies {
        when: Condition,
        then: Condition,
        within: Within,
    },
    /// Every item in scope that has text must match `pattern` in it — or, if `or_intro` is set,
    /// the intro of its section matches `or_intro`.
    EachItem {
        pattern: Condition,
        or_intro: Option<Condition>,
    },
    /// Some section's heading must match.
    RequiredSection { heading: Condition },
    /// A material-change detector, for the comparison with snapshots.
    Change { detector: ChangeDetector },
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub severity: Severity,
    /// May name the [`PLACEHOLDERS`]: see [`Rule::message_at`].
    pub message: String,
    pub help: Option<String>,
    pub url: Option<String>,
    pub scope: Scope,
    pub check: Check,
}

/// What a rule's message may name: filled in by [`Rule::message_at`], and the only names
/// rules.toml accepts in braces.
const PLACEHOLDERS: [&str; 2] = ["section", "item"];

impl Rule {
    /// The message of a finding in `section` (as a reader names it: "the whole policy" for a
    /// finding about it) and `item` (empty where there is none).
    pub fn message_at(&self, section: &str, item: Option<&str>) -> String {
        let message = self.message.replace("{section}", section);
        match item {
            Some(item) => message.replace("{item}", item),
            // Without an item, the placeholder goes with the space and the " › " before it:
            // "ads in {section} › {item} without …" is "ads in Analytics without …".
            None => {
                let mut out = message;
                for gap in [" › {item}", " {item}", "{item}"] {
                    out = out.replace(gap, "");
                }
                out
            }
        }
    }

    /// The message as a description of the rule, its placeholders named: "no purpose in
    /// (section) › (item)".
    pub fn described(&self) -> String {
        (self.message)
            .replace("{section}", "(section)")
            .replace("{item}", "(item)")
    }
}

/// For each of `lexicons` lexicons, whether all sentences of a checked policy are searched for
/// it at once: those a rule looks for in sentences wherever they are. A lexicon only rules
/// scoped by headings or labels read in sentences (the collection rule's `purpose`, the heaviest
/// of the starter lexicons) is searched for alone, in the sentences a rule asks about.
pub fn eager_lexicons(rules: &[Rule], lexicons: usize) -> Vec<bool> {
    let mut eager = vec![false; lexicons];
    let unscoped = rules
        .iter()
        .filter(|r| r.scope.sections.is_none() && r.scope.items.is_none());
    for_sentence_lexicons(unscoped, |id, _| eager[id] = true);
    eager
}

/// For each of `lexicons` lexicons, whether some rule looks for it in sentences with a
/// polarity (affirmed or negated): only then does a match need its sentence's negations.
pub fn polar_lexicons(rules: &[Rule], lexicons: usize) -> Vec<bool> {
    let mut polar = vec![false; lexicons];
    for_sentence_lexicons(rules, |id, polarity| polar[id] |= polarity != Polarity::Any);
    polar
}

/// Calls `f` with each lexicon, and its polarity, that a rule looks for in sentences.
fn for_sentence_lexicons<'r>(
    rules: impl IntoIterator<Item = &'r Rule>,
    mut f: impl FnMut(LexiconId, Polarity),
) {
    fn walk(condition: &Condition, f: &mut impl FnMut(LexiconId, Polarity)) {
        match condition {
            Condition::Lexicon { id, polarity } => f(*id, *polarity),
            Condition::All(all) | Condition::Any(all) => all.iter().for_each(|c| walk(c, f)),
            Condition::Not(c) => walk(c, f),
        }
    }
    for rule in rules {
        let conditions: Vec<&Condition> = match &rule.check {
            Check::Require { pattern } | Check::Forbid { pattern } => vec![pattern],
            Check::Implies { when, then, .. } => vec![when, then],
            Check::EachItem { pattern, or_intro } => {
                std::iter::once(pattern).chain(or_intro).collect()
            }
            Check::RequiredSection { .. } | Check::Change { .. } => Vec::new(),
        };
        for condition in conditions.into_iter().chain(&rule.scope.sentences) {
            walk(condition, &mut f);
        }
    }
}

impl Rule {
    pub fn kind(&self) -> RuleKind {
        match self.check {
            Check::Require { .. } => RuleKind::Require,
            Check::Forbid { .. } => RuleKind::Forbid,
            Check::Implies { .. } => RuleKind::Implies,
            Check::EachItem { .. } => RuleKind::EachItem,
            Check::RequiredSection { .. } => RuleKind::RequiredSection,
            Check::Change { .. } => RuleKind::Change,
        }
    }
}

/// Validates and compiles `[[rule]]`; inline lexicons are appended to `lexicons`.
pub(super) fn compile(
    file: &File,
    raw: Vec<Spanned<RawRule>>,
    lexicons: Vec<Lexicon>,
    names: &BTreeMap<String, LexiconId>,
) -> Result<(Vec<Rule>, Vec<Lexicon>), ConfigError> {
    let mut builder = Builder {
        file,
        names,
        lexicons,
        rule: String::new(),
    };
    let mut rules: Vec<Rule> = Vec::new();
    let mut seen: BTreeMap<String, Range<usize>> = BTreeMap::new();
    for spanned in raw {
        let raw = spanned.into_inner();
        let id = raw.id.get_ref().clone();
        validate_id(file, &raw.id)?;
        if let Some(first) = seen.get(&id) {
            let (line, _) = super::line_column(file.text, first.start);
            return Err(file.error(
                raw.id.span(),
                format!("duplicate rule id `{id}` (first used on line {line})"),
            ));
        }
        seen.insert(id.clone(), raw.id.span());
        builder.rule = id.clone();
        rules.push(builder.rule(raw)?);
    }
    Ok((rules, builder.lexicons))
}

fn validate_id(file: &File, id: &Spanned<String>) -> Result<(), ConfigError> {
    let ok = !id.get_ref().is_empty()
        && id
            .get_ref()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    let id_str = id.get_ref().as_str();
    let built_in = super::settings::BUILT_IN_CHECKS.contains(&id_str);
    if built_in {
        // Its findings would be told from the built-in check's by nothing: not in a JUnit
        // case, a SARIF rule, an ignore or a severity setting.
        return Err(file.error(
            id.span(),
            format!("rule id `{id_str}` is the id of a built-in check: give the rule another"),
        ));
    }
    if ok {
        Ok(())
    } else {
        Err(file.error(
            id.span(),
            format!(
                "rule id `{}` may only hold letters, digits, `-`, `_` and `.`",
                id.get_ref()
            ),
        ))
    }
}

/// A kind-specific field: its name, where it was written (if it was), the kinds that read it.
type KindField<'a> = (&'a str, Option<Range<usize>>, &'a [RuleKind]);

/// Compiles conditions for one rule at a time, collecting inline lexicons.
struct Builder<'a> {
    file: &'a File<'a>,
    names: &'a BTreeMap<String, LexiconId>,
    lexicons: Vec<Lexicon>,
    /// The rule being compiled, for messages.
    rule: String,
}

const CONDITION_KEYS: &[&str] = &[
    "lexicon",
    "polarity",
    "words",
    "patterns",
    "case-sensitive",
    "word-boundaries",
    "all",
    "any",
    "not",
];

/// The first `{name}` in `message` that is not one of the [`PLACEHOLDERS`]. Other braces (`{}`,
/// `{ a b }`) are text.
fn unknown_placeholder(message: &str) -> Option<&str> {
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if let Some(inner) = name.rfind('{') {
            // "{ {item}": the brace nearest the close opens the name.
            rest = &after[inner..];
            continue;
        }
        let is_name = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if is_name && !PLACEHOLDERS.contains(&name) {
            return Some(&rest[open..open + close + 2]);
        }
        rest = &after[close + 1..];
    }
    None
}

impl Builder<'_> {
    fn error(&self, span: Range<usize>, message: &str) -> ConfigError {
        self.file.rule_error(&self.rule, span, message)
    }

    fn rule(&mut self, raw: RawRule) -> Result<Rule, ConfigError> {
        let kind = *raw.kind.get_ref();
        if let Some(unknown) = unknown_placeholder(raw.message.get_ref()) {
            return Err(self.error(
                raw.message.span(),
                &format!(
                    "unknown placeholder `{unknown}` in the message (a message may name {{section}} and {{item}})"
                ),
            ));
        }
        // Which of the kind-specific fields each kind reads, and where each was written.
        let span = |v: &Option<Spanned<Value>>| v.as_ref().map(Spanned::span);
        let fields: [KindField; 7] = [
            (
                "pattern",
                span(&raw.pattern),
                &[RuleKind::Require, RuleKind::Forbid, RuleKind::EachItem],
            ),
            ("if", span(&raw.when), &[RuleKind::Implies]),
            ("then", span(&raw.then), &[RuleKind::Implies]),
            (
                "within",
                raw.within.as_ref().map(Spanned::span),
                &[RuleKind::Implies],
            ),
            ("or-intro", span(&raw.or_intro), &[RuleKind::EachItem]),
            ("heading", span(&raw.heading), &[RuleKind::RequiredSection]),
            (
                "detector",
                raw.detector.as_ref().map(Spanned::span),
                &[RuleKind::Change],
            ),
        ];
        for (name, written, kinds) in fields {
            if let Some(at) = written
                && !kinds.contains(&kind)
            {
                return Err(self.error(
                    at,
                    &format!("`{name}` is not used by a `{}` rule", kind.name()),
                ));
            }
        }
        let scope_allowed = !matches!(kind, RuleKind::RequiredSection | RuleKind::Change);
        if raw.scope.is_some() && !scope_allowed {
            return Err(self.error(
                raw.id.span(),
                &format!("a `{}` rule has no scope", kind.name()),
            ));
        }
        let scope = match raw.scope {
            Some(s) => self.scope(s)?,
            None => Scope::default(),
        };
        let kind_span = raw.kind.span();
        let check = match kind {
            RuleKind::Require => Check::Require {
                pattern: self.required(raw.pattern, "pattern", kind_span)?,
            },
            RuleKind::Forbid => Check::Forbid {
                pattern: self.required(raw.pattern, "pattern", kind_span)?,
            },
            RuleKind::Implies => Check::Implies {
                when: self.required(raw.when, "if", kind_span.clone())?,
                then: self.required(raw.then, "then", kind_span)?,
                within: raw.within.map(Spanned::into_inner).unwrap_or_default(),
            },
            RuleKind::EachItem => Check::EachItem {
                pattern: self.required(raw.pattern, "pattern", kind_span)?,
                or_intro: self.optional(raw.or_intro)?,
            },
            RuleKind::RequiredSection => Check::RequiredSection {
                heading: self.required(raw.heading, "heading", kind_span)?,
            },
            RuleKind::Change => Check::Change {
                detector: self.detector(raw.detector, kind_span)?,
            },
        };
        Ok(Rule {
            id: raw.id.into_inner(),
            severity: raw.severity,
            message: raw.message.into_inner(),
            help: raw.help,
            url: raw.url,
            scope,
            check,
        })
    }

    fn scope(&mut self, raw: RawScope) -> Result<Scope, ConfigError> {
        Ok(Scope {
            sections: self.optional(raw.sections)?,
            items: self.optional(raw.items)?,
            sentences: self.optional(raw.sentences)?,
        })
    }

    fn required(
        &mut self,
        value: Option<Spanned<Value>>,
        field: &str,
        kind_span: Range<usize>,
    ) -> Result<Condition, ConfigError> {
        match value {
            Some(v) => self.condition(v.get_ref(), &v.span()),
            None => Err(self.error(kind_span, &format!("this kind of rule needs `{field}`"))),
        }
    }

    fn optional(
        &mut self,
        value: Option<Spanned<Value>>,
    ) -> Result<Option<Condition>, ConfigError> {
        value
            .map(|v| self.condition(v.get_ref(), &v.span()))
            .transpose()
    }

    fn detector(
        &self,
        value: Option<Spanned<String>>,
        kind_span: Range<usize>,
    ) -> Result<ChangeDetector, ConfigError> {
        let Some(value) = value else {
            return Err(self.error(kind_span, "a `change` rule needs `detector`"));
        };
        let name = value.get_ref();
        ChangeDetector::ALL
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| *d)
            .ok_or_else(|| {
                let names = ChangeDetector::ALL.iter().map(|(n, _)| *n);
                let known: Vec<&str> = names.clone().collect();
                self.error(
                    value.span(),
                    &format!(
                        "unknown detector `{name}`, expected one of {}{}",
                        known.join(", "),
                        suggest::hint(name, names)
                    ),
                )
            })
    }

    /// A condition written at `span` (nested values share their parent's span; `locate` finds
    /// the exact text where it can).
    fn condition(&mut self, value: &Value, span: &Range<usize>) -> Result<Condition, ConfigError> {
        match value {
            Value::String(name) => self.named(name, Polarity::Any, span, false),
            Value::Array(list) => self.list(list, span).map(Condition::Any),
            Value::Table(table) => self.table(table, span),
            other => Err(self.error(
                span.clone(),
                &format!(
                    "expected a lexicon name, a list or a table, found {}",
                    other.type_str()
                ),
            )),
        }
    }

    fn list(&mut self, list: &[Value], span: &Range<usize>) -> Result<Vec<Condition>, ConfigError> {
        if list.is_empty() {
            return Err(self.error(span.clone(), "empty list of conditions"));
        }
        list.iter().map(|v| self.condition(v, span)).collect()
    }

    fn named(
        &self,
        name: &str,
        polarity: Polarity,
        span: &Range<usize>,
        explicit_polarity: bool,
    ) -> Result<Condition, ConfigError> {
        match self.names.get(name) {
            Some(&id) => Ok(Condition::Lexicon {
                id,
                polarity: if explicit_polarity {
                    polarity
                } else {
                    self.lexicons[id].polarity
                },
            }),
            None => {
                let hint = suggest::hint(name, self.names.keys().map(String::as_str));
                let defined = match self.names.is_empty() {
                    true => " (no [lexicon.NAME] table is defined)",
                    false => "",
                };
                // No name's misspelling, or no name at all (a name has no spaces): most likely
                // the words themselves, written as a name.
                let spaced = name.contains(char::is_whitespace);
                let known = match hint.is_empty() || spaced {
                    false => hint,
                    true => {
                        let words = name.replace('\\', "\\\\").replace('"', "\\\"");
                        format!(
                            "{defined}; a string names a lexicon: to match these words, write \
                             {{ words = [\"{words}\"] }}"
                        )
                    }
                };
                Err(self.error(
                    self.file.locate(span, name),
                    &format!("unknown lexicon `{name}`{known}"),
                ))
            }
        }
    }

    fn table(
        &mut self,
        table: &toml::map::Map<String, Value>,
        span: &Range<usize>,
    ) -> Result<Condition, ConfigError> {
        for key in table.keys() {
            if !CONDITION_KEYS.contains(&key.as_str()) {
                return Err(self.error(
                    self.file.locate(span, key),
                    &format!(
                        "unknown key `{key}` in a condition{}",
                        suggest::hint(key, CONDITION_KEYS.iter().copied())
                    ),
                ));
            }
        }
        let inline = ["words", "patterns"].iter().any(|k| table.contains_key(*k));
        let forms = [
            table.contains_key("lexicon"),
            inline,
            table.contains_key("all"),
            table.contains_key("any"),
            table.contains_key("not"),
        ];
        if forms.iter().filter(|f| **f).count() != 1 {
            return Err(self.error(
                span.clone(),
                "a condition table holds exactly one of `lexicon`, `words`/`patterns`, `all`, \
                 `any` or `not`",
            ));
        }
        let lexicon_options = ["polarity", "case-sensitive", "word-boundaries"];
        if !(inline || table.contains_key("lexicon"))
            && let Some(key) = lexicon_options.iter().find(|k| table.contains_key(**k))
        {
            return Err(self.error(
                self.file.locate(span, key),
                &format!("`{key}` applies to a lexicon, not to `all`, `any` or `not`"),
            ));
        }
        let polarity = match table.get("polarity") {
            Some(v) => Some(self.polarity(v, span)?),
            None => None,
        };
        if let Some(name) = table.get("lexicon") {
            if let Some(key) = ["case-sensitive", "word-boundaries"]
                .iter()
                .find(|k| table.contains_key(**k))
            {
                return Err(self.error(
                    self.file.locate(span, key),
                    &format!("`{key}` belongs in the lexicon's own table"),
                ));
            }
            let Value::String(name) = name else {
                return Err(self.error(span.clone(), "`lexicon` takes a lexicon's name"));
            };
            return self.named(name, polarity.unwrap_or_default(), span, polarity.is_some());
        }
        if inline {
            return self.inline(table, span, polarity.unwrap_or_default());
        }
        if let Some(v) = table.get("not") {
            return Ok(Condition::Not(Box::new(self.condition(v, span)?)));
        }
        let (key, all) = match table.get("all") {
            Some(v) => ("all", v),
            None => ("any", table.get("any").unwrap_or(&Value::Boolean(false))),
        };
        let Value::Array(list) = all else {
            return Err(self.error(
                self.file.locate(span, key),
                &format!("`{key}` takes a list of conditions"),
            ));
        };
        let list = self.list(list, span)?;
        Ok(if key == "all" {
            Condition::All(list)
        } else {
            Condition::Any(list)
        })
    }

    fn polarity(&self, value: &Value, span: &Range<usize>) -> Result<Polarity, ConfigError> {
        let text = value.as_str().unwrap_or("");
        match text {
            "any" => Ok(Polarity::Any),
            "affirmed" => Ok(Polarity::Affirmed),
            "negated" => Ok(Polarity::Negated),
            _ => {
                let names = ["any", "affirmed", "negated"];
                Err(self.error(
                    self.file.locate(span, text),
                    &format!(
                        "unknown polarity `{text}`, expected one of any, affirmed, negated{}",
                        suggest::hint(text, names)
                    ),
                ))
            }
        }
    }

    /// `{ words = […], patterns = […] }` written in the rule: an anonymous lexicon.
    fn inline(
        &mut self,
        table: &toml::map::Map<String, Value>,
        span: &Range<usize>,
        polarity: Polarity,
    ) -> Result<Condition, ConfigError> {
        let strings = |key: &str| -> Result<Vec<Spanned<String>>, ConfigError> {
            match table.get(key) {
                None => Ok(Vec::new()),
                Some(Value::Array(list)) => list
                    .iter()
                    .map(|v| match v {
                        Value::String(s) => Ok(Spanned::new(self.file.locate(span, s), s.clone())),
                        _ => Err(self.error(
                            self.file.locate(span, key),
                            &format!("`{key}` takes a list of strings"),
                        )),
                    })
                    .collect(),
                Some(_) => Err(self.error(
                    self.file.locate(span, key),
                    &format!("`{key}` takes a list of strings"),
                )),
            }
        };
        let flag = |key: &str, default: bool| -> Result<bool, ConfigError> {
            match table.get(key) {
                None => Ok(default),
                Some(Value::Boolean(b)) => Ok(*b),
                Some(_) => Err(self.error(
                    self.file.locate(span, key),
                    &format!("`{key}` takes true or false"),
                )),
            }
        };
        let raw = RawLexicon {
            words: strings("words")?,
            patterns: strings("patterns")?,
            case_sensitive: flag("case-sensitive", false)?,
            word_boundaries: flag("word-boundaries", true)?,
            polarity,
        };
        let (line, _) = super::line_column(self.file.text, span.start);
        let name = format!("rule `{}` (line {line})", self.rule);
        let what = format!("rule `{}`", self.rule);
        let shown = lexicon::shown(&raw);
        let mut compiled = lexicon::compile(self.file, &what, &name, raw, span.clone())?;
        compiled.inline = Some(shown);
        self.lexicons.push(compiled);
        Ok(Condition::Lexicon {
            id: self.lexicons.len() - 1,
            polarity,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_the_report_fills_in() {
        assert_eq!(unknown_placeholder("in {section}, item {item}"), None);
        assert_eq!(unknown_placeholder("mentions {match}"), Some("{match}"));
        assert_eq!(unknown_placeholder("{ {sectoin}"), Some("{sectoin}"));
        // Braces that name nothing are text.
        assert_eq!(unknown_placeholder("a {} b { c d } e {"), None);
    }

    /// The names a message says a key takes are those rules.toml reads.
    #[test]
    fn each_name_reads_back_as_its_value() {
        let read = |name: &str| toml::Value::String(name.to_string());
        for s in Severity::ALL {
            assert_eq!(read(s.name()).try_into::<Severity>().ok(), Some(s));
        }
        for w in Within::ALL {
            assert_eq!(read(w.name()).try_into::<Within>().ok(), Some(w));
        }
        for k in RuleKind::ALL {
            assert_eq!(read(k.name()).try_into::<RuleKind>().ok(), Some(k));
        }
    }
}
