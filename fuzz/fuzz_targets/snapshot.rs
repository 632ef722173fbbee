//! Arbitrary bytes as a snapshot file: an error or a snapshot, never a panic. The same bytes as
//! a body behind a valid header reach the body parser; a document's snapshot reads back to the
//! same body (render → parse round trip).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use policy_lint::outline::{Document, Format, OutlineSettings, Source};
use policy_lint::snapshot::{body, parse, parts_of, render};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("snapshots/fuzz.md.snap");
    let _ = parse(path, text.to_string());
    if let Ok(snapshot) = parse(path, render("fuzz.md", Format::Markdown, text)) {
        let again = body(&parts_of(&snapshot.document));
        let reread = parse(path, render("fuzz.md", Format::Markdown, &again))
            .expect("a rendered body reads back");
        assert_eq!(body(&parts_of(&reread.document)), again);
    }
    let settings = OutlineSettings::default();
    for format in [Format::Text, Format::Markdown, Format::Html] {
        let doc = Document::parse(Source::new(Path::new("fuzz"), text.to_string()), format, &settings);
        let written = body(&parts_of(&doc));
        let snapshot = parse(path, render("fuzz", format, &written))
            .unwrap_or_else(|e| panic!("the snapshot of a document does not read back: {e}"));
        assert_eq!(snapshot.body, written);
        assert_eq!(body(&parts_of(&snapshot.document)), written);
    }
});
