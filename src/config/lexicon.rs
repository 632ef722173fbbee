//! Lexicons: named pattern sets (`[lexicon.NAME]`), each compiled to one regex.
//!
//! Words and phrases are escaped, matched case-insensitively and at word boundaries by default
//! (a final `*` matches any word ending; white space matches any run of white space); raw
//! regexes are taken as written. A lexicon's `polarity` makes it negation-aware.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::ConfigError;
use super::raw::{File, RawLexicon};
use crate::pattern::{Occurrence, Pattern, PatternSet, is_built_in, matches_empty, syntax_error};

/// The lazy-DFA cache of each lexicon's regex (the default is 2 MiB): a lexicon is one large
/// alternation run over every sentence, and a bigger cache keeps it from being rebuilt again and
/// again (measured: a third of `check`'s time on the corpus).
const DFA_CACHE_BYTES: usize = 16 << 20;

/// The compiled size a lexicon may reach (the default is 10 MiB): well above what a list of words
/// and clause patterns needs; past it, `check` stops with a configuration error.
const NFA_SIZE_BYTES: usize = 32 << 20;

/// Lexicons as one set, which says in one pass which of them occur in a sentence.
#[derive(Debug, Default, Clone)]
pub struct LexiconSet {
    set: PatternSet,
    /// The lexicon each pattern of the set stands for.
    ids: Vec<LexiconId>,
}

impl LexiconSet {
    /// The set of the lexicons whose id `wanted` accepts.
    pub fn new(lexicons: &[Lexicon], wanted: impl Fn(LexiconId) -> bool) -> LexiconSet {
        let ids: Vec<LexiconId> = (0..lexicons.len()).filter(|&id| wanted(id)).collect();
        // Clones share the lexicons' programs: each is translated once.
        let patterns = ids.iter().map(|&id| lexicons[id].regex.clone()).collect();
        LexiconSet {
            set: PatternSet::with_limits(patterns, NFA_SIZE_BYTES, DFA_CACHE_BYTES),
            ids,
        }
    }

    /// The lexicons in the set, in order.
    #[cfg(test)]
    pub fn lexicons(&self) -> &[LexiconId] {
        &self.ids
    }

    /// Each lexicon of the set that occurs or may occur in `sentence`, in order (see
    /// [`PatternSet::occurrences`]), with its successive non-overlapping matches if `spans`
    /// asks for them.
    pub fn occurrences(
        &self,
        sentence: &str,
        spans: impl Fn(LexiconId) -> bool,
    ) -> Vec<(LexiconId, Occurrence)> {
        let mut found = self.set.occurrences(sentence, |i| spans(self.ids[i]));
        for (pattern, _) in &mut found {
            *pattern = self.ids[*pattern];
        }
        found
    }

    /// Whether `lexicon` is in the set.
    pub fn contains(&self, lexicon: LexiconId) -> bool {
        self.ids.binary_search(&lexicon).is_ok()
    }

    /// Whether `lexicon` matches in `sentence` (false if it is not in the set).
    pub fn confirms(&self, lexicon: LexiconId, sentence: &str) -> bool {
        (self.ids.binary_search(&lexicon)).is_ok_and(|i| self.set.confirms(i, sentence))
    }
}

/// Index into [`super::Config::lexicons`].
pub type LexiconId = usize;

/// Which sentences a lexicon (or a reference to it) matches in, as far as negation goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Polarity {
    /// Every occurrence.
    #[default]
    Any,
    /// Only where the practice is not negated: "we share", not "we do not share".
    Affirmed,
    /// Only where the practice is negated: "we do not share", "… is never used …".
    Negated,
}

impl Polarity {
    pub fn name(self) -> &'static str {
        match self {
            Polarity::Any => "any",
            Polarity::Affirmed => "affirmed",
            Polarity::Negated => "negated",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Lexicon {
    /// The name in `[lexicon.NAME]`; for an inline lexicon, where it was written
    /// ("rule `x` (line 12)").
    pub name: String,
    /// Written in a rule (`pattern = { words = [...] }`), not under `[lexicon.NAME]`: its words
    /// and patterns as a finding names them ("\"opt out\" or \"unsubscribe\"").
    pub inline: Option<String>,
    /// The whole alternation, flags included (what ripgrep would need to search the same
    /// words), compiled on first use: `outline`, `diff` and `snapshot` may need none of them.
    /// Its syntax is checked when rules.toml is read.
    pub regex: Pattern,
    pub polarity: Polarity,
}

/// Compiles `[lexicon.*]`; returns the lexicons and their names' ids.
pub(super) fn compile_named(
    file: &File,
    raw: BTreeMap<String, Spanned<RawLexicon>>,
) -> Result<(Vec<Lexicon>, BTreeMap<String, LexiconId>), ConfigError> {
    let mut lexicons = Vec::new();
    let mut names = BTreeMap::new();
    for (name, spanned) in raw {
        let span = spanned.span();
        let what = format!("lexicon `{name}`");
        let lexicon = compile(file, &what, &name, spanned.into_inner(), span)?;
        names.insert(name, lexicons.len());
        lexicons.push(lexicon);
    }
    Ok((lexicons, names))
}

/// Compiles one lexicon. `what` names it in messages ("lexicon `x`", "rule `y`").
pub(super) fn compile(
    file: &File,
    what: &str,
    name: &str,
    raw: RawLexicon,
    span: Range<usize>,
) -> Result<Lexicon, ConfigError> {
    if raw.words.is_empty() && raw.patterns.is_empty() {
        return Err(file.error(span, format!("{what}: has no `words` and no `patterns`")));
    }
    // The alternation is written into one string, not made of a string per word joined.
    let flags = if raw.case_sensitive { "" } else { "(?i)" };
    let mut source = format!("{flags}(?:");
    let opened = source.len();
    let next_alternative = |source: &mut String| {
        if source.len() > opened {
            source.push('|');
        }
    };
    for word in &raw.words {
        let w = word.get_ref().trim();
        if w.is_empty() || w == "*" {
            return Err(file.error(word.span(), format!("{what}: empty word")));
        }
        refuse_backspace(file, what, word)?;
        next_alternative(&mut source);
        push_word_regex(&mut source, w, raw.word_boundaries);
    }
    for pattern in &raw.patterns {
        refuse_backspace(file, what, pattern)?;
        next_alternative(&mut source);
        source.push_str("(?:");
        source.push_str(pattern.get_ref());
        source.push(')');
    }
    source.push(')');
    // A built-in alternation is a starter lexicon's, whose patterns a test checks one by one
    // (another split of the same alternation is the same regex): checked again at each load,
    // they were 7 % of the instructions of a check of the seed notice.
    if !is_built_in(&source) {
        for pattern in &raw.patterns {
            check_pattern(file, what, pattern)?;
        }
    }
    // Each alternative is valid, so their alternation is: no second check.
    Ok(Lexicon {
        name: name.to_string(),
        inline: None,
        regex: Pattern::with_limits(source, NFA_SIZE_BYTES, DFA_CACHE_BYTES),
        polarity: raw.polarity,
    })
}

/// The words (quoted) and patterns (in backticks) of `raw`, as a finding names what it looked
/// for: the first three, then how many more.
pub(super) fn shown(raw: &RawLexicon) -> String {
    const SHOWN: usize = 3;
    let words = (raw.words.iter()).map(|w| format!("\"{}\"", w.get_ref().trim()));
    let patterns = (raw.patterns.iter()).map(|p| format!("`{}`", p.get_ref()));
    let all: Vec<String> = words.chain(patterns).collect();
    let mut listed = all[..all.len().min(SHOWN)].join(" or ");
    if all.len() > SHOWN {
        listed.push_str(&format!(" or {} more", all.len() - SHOWN));
    }
    listed
}

/// `\b` in a double-quoted TOML string is a backspace, not the regex's word boundary: the
/// pattern would never match, and nothing would say so. (TOML's other escapes mean what a
/// regex's do, and a regex's others are TOML errors, explained in `toml_error`.)
fn refuse_backspace(file: &File, what: &str, text: &Spanned<String>) -> Result<(), ConfigError> {
    match text.get_ref().contains('\u{8}') {
        true => Err(file.error(
            text.span(),
            format!(
                "{what}: holds a backspace character, which is what TOML makes of `\\b` in \
                 double quotes, not a word boundary; write the regex in single quotes \
                 ('\\bsell\\b'), which TOML keeps as written"
            ),
        )),
        false => Ok(()),
    }
}

/// A pattern of a lexicon, alone: not empty, valid (the error points at the one that is wrong;
/// parsing checks the syntax without compiling, which waits for the first use), and not one
/// that matches empty text.
fn check_pattern(file: &File, what: &str, pattern: &Spanned<String>) -> Result<(), ConfigError> {
    // It would match everywhere: every sentence a finding, or a condition always met.
    if pattern.get_ref().is_empty() {
        return Err(file.error(pattern.span(), format!("{what}: empty pattern")));
    }
    if let Some(reason) = syntax_error(pattern.get_ref()) {
        return Err(file.error(
            pattern.span(),
            format!("{what}: invalid regex `{}`: {reason}", pattern.get_ref()),
        ));
    }
    if matches_empty(pattern.get_ref()) {
        return Err(file.error(
            pattern.span(),
            format!(
                "{what}: pattern `{}` can match empty text, so it would be found in every \
                 sentence",
                pattern.get_ref()
            ),
        ));
    }
    Ok(())
}

/// Appends a word or phrase as a regex: escaped, white space as any white space, a final `*`
/// as any word ending, `\b` at the ends that are word characters.
fn push_word_regex(out: &mut String, word: &str, boundaries: bool) {
    let (stem, wildcard) = match word.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (word, false),
    };
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    if boundaries && is_word(stem.chars().next()) {
        out.push_str(r"\b");
    }
    for (i, part) in stem.split_whitespace().enumerate() {
        if i > 0 {
            out.push_str(r"\s+");
        }
        regex_syntax::escape_into(part, out);
    }
    if wildcard {
        out.push_str(r"\w*");
    } else if boundaries && is_word(stem.chars().last()) {
        out.push_str(r"\b");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn lexicon(words: &[&str], case_sensitive: bool) -> Lexicon {
        let file = File {
            path: Path::new("r"),
            text: "",
        };
        let raw = RawLexicon {
            words: words
                .iter()
                .map(|w| Spanned::new(0..0, w.to_string()))
                .collect(),
            patterns: Vec::new(),
            case_sensitive,
            word_boundaries: true,
            polarity: Polarity::Any,
        };
        compile(&file, "test", "test", raw, 0..0).unwrap()
    }

    /// The check a built-in alternation skips (see `compile`) holds of each pattern of every
    /// lexicon of the starter rules.toml, named or written in a rule.
    #[test]
    fn each_pattern_of_the_starter_lexicons_passes_the_checks_their_load_skips() {
        fn patterns<'t>(value: &'t toml::Value, out: &mut Vec<&'t str>) {
            match value {
                toml::Value::Table(table) => {
                    for (key, value) in table {
                        match (key.as_str(), value) {
                            ("patterns", toml::Value::Array(list)) => {
                                out.extend(list.iter().filter_map(toml::Value::as_str));
                            }
                            _ => patterns(value, out),
                        }
                    }
                }
                toml::Value::Array(list) => list.iter().for_each(|v| patterns(v, out)),
                _ => {}
            }
        }
        let starter: toml::Value = toml::from_str(crate::config::STARTER).unwrap();
        let mut found = Vec::new();
        patterns(&starter, &mut found);
        assert!(found.len() > 20, "{found:?}");
        let file = File {
            path: Path::new("rules.toml"),
            text: crate::config::STARTER,
        };
        for pattern in found {
            let spanned = Spanned::new(0..0, pattern.to_string());
            assert!(
                check_pattern(&file, "starter", &spanned).is_ok(),
                "{pattern}"
            );
        }
        // Every lexicon of the starter is built in, so its load skips them.
        let config = crate::config::Config::builtin().unwrap();
        for lexicon in &config.lexicons {
            assert!(is_built_in(lexicon.regex.source()), "{}", lexicon.name);
        }
    }

    #[test]
    fn words_match_whole_words_any_case_and_any_spacing() {
        let l = lexicon(&["in order to", "ads", "advertis*"], false);
        assert!(l.regex.is_match("We do it IN ORDER\nTO help"));
        assert!(l.regex.is_match("to show ads."));
        assert!(!l.regex.is_match("he adds up"));
        assert!(l.regex.is_match("interest-based Advertising"));
        assert!(l.regex.is_match("advertisers"));
    }

    #[test]
    fn a_lexicon_is_one_alternation_of_its_words_then_its_patterns() {
        let file = File {
            path: Path::new("r"),
            text: "",
        };
        let spanned = |list: &[&str]| -> Vec<Spanned<String>> {
            (list.iter())
                .map(|w| Spanned::new(0..0, w.to_string()))
                .collect()
        };
        let raw = |word_boundaries: bool, patterns: &[&str]| RawLexicon {
            words: spanned(&[" opt  out ", "advertis*", "a.b", "-x-"]),
            patterns: spanned(patterns),
            case_sensitive: !word_boundaries,
            word_boundaries,
            polarity: Polarity::Any,
        };
        let source =
            |raw| compile(&file, "t", "t", raw, 0..0).map(|l| l.regex.source().to_string());
        assert_eq!(
            source(raw(true, &[r"\d+ days?", "x|y"])).unwrap(),
            r"(?i)(?:\bopt\s+out\b|\badvertis\w*|\ba\.b\b|\-x\-|(?:\d+ days?)|(?:x|y))"
        );
        // Case-sensitive, without word boundaries.
        assert_eq!(
            source(raw(false, &[])).unwrap(),
            r"(?:opt\s+out|advertis\w*|a\.b|\-x\-)"
        );
        assert!(source(raw(true, &["ok", "("])).is_err());
    }

    #[test]
    fn the_lexicon_set_finds_each_lexicons_matches_before_and_after_it_compiles() {
        let config = crate::config::Config::builtin().unwrap();
        let (set, n) = (&config.lexicon_set, config.lexicons.len());
        assert_eq!(set.lexicons(), (0..n).collect::<Vec<_>>());
        let sentence =
            "We use your personal information to show you interest-based ads, and use it.";
        let found: Vec<(LexiconId, Vec<Range<usize>>)> = (0..n)
            .map(|id| {
                (
                    id,
                    config.lexicons[id]
                        .regex
                        .find_iter(sentence)
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, m)| !m.is_empty())
            .collect();
        assert!(found.len() >= 3 && found.len() < n);
        assert!(found.iter().any(|(_, m)| m.len() > 1));
        // Spans for the even lexicons only.
        let expected: Vec<_> = (found.into_iter())
            .map(|(id, m)| match id % 2 {
                0 => (id, Occurrence::Matches(m)),
                _ => (id, Occurrence::Present),
            })
            .collect();
        // A possible occurrence (the compiled set matched a loosened form) that its own search
        // confirms is one that occurs.
        let occurrences = || {
            (set.occurrences(sentence, |id| id % 2 == 0).into_iter())
                .map(|(id, found)| match found {
                    Occurrence::Possible if set.confirms(id, sentence) => (id, Occurrence::Present),
                    found => (id, found),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(occurrences(), expected, "by the programs");
        set.occurrences(&" ".repeat(1 << 20), |_| true);
        assert_eq!(occurrences(), expected, "by the compiled set");
    }

    #[test]
    fn case_sensitive_lexicons_are() {
        let l = lexicon(&["PII"], true);
        assert!(l.regex.is_match("no PII here"));
        assert!(!l.regex.is_match("no pii here"));
    }
}
