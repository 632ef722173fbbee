//! Two arbitrary documents compared: never a panic, a document compared with itself has no
//! change, and accepting every change of old → new gives the new version's text, accepting none
//! a text that compares equal to the old one.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use policy_lint::diff::{DiffSettings, apply, compare};
use policy_lint::outline::{Document, Format, OutlineSettings, Source};
use policy_lint::snapshot::{body, parse, parts_of, render};

/// The input is `format byte, old text, 0xFF, new text` (0xFF never occurs in UTF-8).
fn documents(data: &[u8]) -> Option<(Document, Document)> {
    let (&selector, rest) = data.split_first()?;
    let format = [Format::Text, Format::Markdown, Format::Html][usize::from(selector % 3)];
    let split = rest.iter().position(|&b| b == 0xFF).unwrap_or(rest.len());
    let (old, new) = (&rest[..split], rest.get(split + 1..).unwrap_or_default());
    let settings = OutlineSettings::default();
    let open = |bytes: &[u8]| {
        Source::from_bytes(Path::new("fuzz"), bytes.to_vec())
            .ok()
            .map(|s| Document::parse(s, format, &settings))
    };
    Some((open(old)?, open(new)?))
}

fuzz_target!(|data: &[u8]| {
    let Some((old, new)) = documents(data) else {
        return;
    };
    let settings = DiffSettings::default();
    for doc in [&old, &new] {
        let same = compare(doc, doc, &settings);
        assert!(same.changes.is_empty(), "{:?}", same.changes);
    }
    let cmp = compare(&old, &new, &settings);
    let all = vec![true; cmp.changes.len()];
    let applied = body(&apply(&old, &new, &cmp, &all));
    assert_eq!(applied, body(&parts_of(&new)));
    // Accepting nothing keeps the old text (markup that compares equal, such as a heading's
    // level, comes from the new version): the result compares equal to the old version.
    let none = vec![false; cmp.changes.len()];
    let kept = render("fuzz", old.format, &body(&apply(&old, &new, &cmp, &none)));
    let kept = parse(Path::new("fuzz.snap"), kept).expect("a rendered body reads back");
    let left = compare(&old, &kept.document, &settings);
    assert!(left.changes.is_empty(), "{:?}", left.changes);
});
