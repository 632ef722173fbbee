//! Patterns search ASCII text, and the ASCII shadow of other text, with a build compiled without
//! Unicode; on every sentence of the corpus that has other characters they must find exactly
//! what the Unicode build of the same regex finds.

mod common;

use policy_lint::config::Config;
use policy_lint::outline::{Document, OutlineSettings};

#[test]
fn lexicons_find_on_non_ascii_corpus_sentences_what_unicode_finds() {
    let config = Config::builtin().unwrap();
    let unicode: Vec<regex::Regex> = config
        .lexicons
        .iter()
        .map(|l| regex::Regex::new(l.regex.source()).unwrap())
        .collect();
    let mut seen = std::collections::HashSet::new();
    for path in common::services().iter().flatten() {
        let doc = Document::open(path, &OutlineSettings::default()).unwrap();
        let sentences = doc.sections.iter().flat_map(|s| {
            let intro = s.intro.iter().map(|x| x.text.as_str());
            let items = s.items.iter().flat_map(|i| {
                std::iter::once(i.label.as_str()).chain(i.sentences.iter().map(|x| x.text.as_str()))
            });
            std::iter::once(s.heading.as_str())
                .chain(intro)
                .chain(items)
        });
        for sentence in sentences.filter(|s| !s.is_ascii()) {
            // Versions repeat most sentences: each is checked once.
            if !seen.insert(sentence.to_string()) {
                continue;
            }
            for (lexicon, re) in config.lexicons.iter().zip(&unicode) {
                let found: Vec<_> = lexicon.regex.find_iter(sentence).collect();
                let expected: Vec<_> = re.find_iter(sentence).map(|m| m.range()).collect();
                assert_eq!(found, expected, "{} in {sentence:?}", lexicon.name);
            }
        }
    }
    assert!(seen.len() > 200, "only {} non-ASCII sentences", seen.len());
}
