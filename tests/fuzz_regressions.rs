//! Inputs the fuzz targets (fuzz/) found to break a law, minimised, kept as regression tests.

use std::path::Path;

use policy_lint::diff::{DiffSettings, apply, compare};
use policy_lint::outline::{Document, Format, OutlineSettings, Source};
use policy_lint::snapshot::{body, parse as parse_snapshot, parts_of, render};

fn parse(text: &str, format: Format) -> Document {
    let source = Source::new(Path::new("fuzz"), text.to_string());
    Document::parse(source, format, &OutlineSettings::default())
}

/// The `diff` target's laws on one pair: no change between a version and itself; accepting
/// every change gives the new version, accepting none the old one.
fn diff_laws(old: &str, new: &str, format: Format) {
    let (a, b) = (parse(old, format), parse(new, format));
    for doc in [&a, &b] {
        let same = compare(doc, doc, &DiffSettings::default());
        assert!(same.changes.is_empty(), "{:?}", same.changes);
    }
    let cmp = compare(&a, &b, &DiffSettings::default());
    let all = vec![true; cmp.changes.len()];
    assert_eq!(
        body(&apply(&a, &b, &cmp, &all)),
        body(&parts_of(&b)),
        "accepting every change: {:#?}",
        cmp.changes
    );
    // Accepting nothing keeps the old text; markup that compares equal (a heading's level)
    // comes from the new version, so the result compares equal to the old one.
    let none = vec![false; cmp.changes.len()];
    let kept = render("fuzz", format, None, &body(&apply(&a, &b, &cmp, &none)));
    let kept = parse_snapshot(Path::new("fuzz.snap"), kept).unwrap();
    let left = compare(&a, &kept.document, &DiffSettings::default());
    assert!(left.changes.is_empty(), "{:#?}", left.changes);
}

#[test]
fn accepting_no_change_keeps_the_old_text_with_the_new_heading_level() {
    diff_laws(
        "\n**Overview**",
        "=====\n#### L\n**Overview**\n\nrY",
        Format::Markdown,
    );
}
