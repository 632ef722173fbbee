//! The programs of the built-in patterns, translated when policy-lint is built.
//!
//! Translating a pattern to a backtracker program, and working out where its matches can
//! start, is quick for one pattern but not for a hundred: the starter rules' lexicons were a
//! third of the instructions of a check of the seed notice, and the vocabulary of material
//! changes an eighth of a diff of two versions of a policy. Their sources are listed in
//! `prebuilt-sources.txt` (a test in `detect::reading` keeps the list equal to the built-in
//! vocabulary, practice verbs, starter lexicons and detector patterns); build.rs translates
//! them with this module's sibling code and writes the programs to one file, sorted by source,
//! which is part of the binary. A pattern looks its source up here first: a rules.toml that
//! changes a lexicon has that one translated as before.

use std::sync::OnceLock;

use super::backtrack::Program;

/// Each entry: the source's length and bytes, then the program's (see `Program::encode`), the
/// lengths as little-endian `u64`.
static IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/prebuilt-programs"));

/// The program of `source` if it is a built-in one.
pub(super) fn program(source: &str) -> Option<Program> {
    static ENTRIES: OnceLock<Vec<(&[u8], &[u8])>> = OnceLock::new();
    let entries = ENTRIES.get_or_init(|| entries(IMAGE));
    let found = entries.binary_search_by(|(key, _)| (*key).cmp(source.as_bytes()));
    Program::decode(entries[found.ok()?].1)
}

/// The (source, program) entries of an image, in its order; up to the first that is cut short.
fn entries(mut image: &[u8]) -> Vec<(&[u8], &[u8])> {
    let mut take = || -> Option<&[u8]> {
        let (len, rest) = image.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        let (taken, rest) = rest.split_at_checked(len)?;
        image = rest;
        Some(taken)
    };
    let mut entries = Vec::new();
    while let (Some(source), Some(program)) = (take(), take()) {
        entries.push((source, program));
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_prebuilt_program_is_the_translation_of_its_source() {
        let sources: Vec<&str> = include_str!("prebuilt-sources.txt").lines().collect();
        let entries = entries(IMAGE);
        let keys: Vec<&[u8]> = entries.iter().map(|(key, _)| *key).collect();
        let mut sorted: Vec<&[u8]> = sources.iter().map(|s| s.as_bytes()).collect();
        sorted.sort();
        assert_eq!(keys, sorted, "the image holds the listed sources, sorted");
        for source in sources {
            let prebuilt = program(source);
            let translated = Program::new(source);
            assert!(prebuilt.is_some() && translated.is_some(), "{source}");
            assert_eq!(
                prebuilt.map(|p| p.encode()),
                translated.map(|p| p.encode()),
                "{source}"
            );
        }
        assert!(program(r"(?i)\bnot a built-in pattern\b").is_none());
    }
}
