//! The starter rules over the newest version of every policy in the shared corpus (through the
//! library, not the binary, to stay fast): every finding points inside its file, at a heading, a
//! label or a sentence of the outline, and names an item or section that exists.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use policy_lint::config::{Config, UNMATCHED_SCOPE};
use policy_lint::outline::Document;
use policy_lint::rules::check;

fn newest_versions() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = common::services()
        .into_iter()
        .filter_map(|mut versions| versions.pop())
        .collect();
    out.sort();
    out
}

#[test]
fn findings_on_real_policies_point_at_their_outline() {
    let config = Config::builtin().unwrap();
    let files = newest_versions();
    assert!(files.len() >= 30, "{} policies found", files.len());
    let mut fired: BTreeMap<String, usize> = BTreeMap::new();
    for path in &files {
        let doc = Document::open(path, &config.outline).unwrap();
        let findings = check(&doc, &config).findings;
        assert_eq!(
            findings,
            check(&doc, &config).findings,
            "{}: not deterministic",
            path.display()
        );
        for f in &findings {
            *fired.entry(f.rule.clone()).or_default() += 1;
            let at = format!("{}:{}:{} [{}]", path.display(), f.line, f.column, f.rule);
            let text = &doc.source.text;
            assert!(
                f.span.start <= f.span.end && f.span.end <= text.len(),
                "{at}"
            );
            assert!(
                text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end),
                "{at}"
            );
            assert_eq!(doc.line_column(f.span.start), (f.line, f.column), "{at}");
            assert_eq!(
                doc.line_column(f.span.end),
                (f.end_line, f.end_column),
                "{at}"
            );
            let severity = match f.rule.as_str() {
                UNMATCHED_SCOPE => config.settings.severity.unmatched_scope,
                id => config.rules.iter().find(|r| r.id == id).unwrap().severity,
            };
            assert_eq!(severity, f.severity, "{at}");
            if let Some(heading) = &f.section {
                // Headings may repeat ("Learn more"): one of the sections so named holds it.
                let mut named = doc
                    .sections
                    .iter()
                    .filter(|s| &s.heading == heading)
                    .peekable();
                assert!(named.peek().is_some(), "{at}: no section {heading:?}");
                if let Some(label) = &f.item {
                    assert!(
                        named.any(|s| s.items.iter().any(|i| &i.label == label)),
                        "{at}: no item {label:?}"
                    );
                }
            }
            // A finding about an item or a section points at its label or heading, or at a
            // sentence inside it.
            let anchored = doc.sections.iter().any(|s| {
                s.heading_span == f.span
                    || s.intro.iter().any(|x| x.span == f.span)
                    || s.items.iter().any(|i| {
                        i.label_span == f.span
                            || i.sentences
                                .iter()
                                .any(|x| x.span.start <= f.span.start && f.span.end <= x.span.end)
                    })
            });
            assert!(
                anchored || f.section.is_none(),
                "{at}: points at no node of the outline"
            );
        }
    }
    eprintln!("findings per rule over {} policies: {fired:?}", files.len());
    assert!(fired.contains_key("ads-exclude-identifying"), "{fired:?}");
}
