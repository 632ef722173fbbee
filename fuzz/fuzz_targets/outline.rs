//! Arbitrary bytes through decoding and every format's parser: never a panic, and every span
//! inside the input on character boundaries.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use policy_lint::outline::{Document, Format, OutlineSettings, Source};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = Source::from_bytes(Path::new("fuzz"), data.to_vec()) else {
        return;
    };
    let settings = OutlineSettings::default();
    for format in [Format::Text, Format::Markdown, Format::Html] {
        let doc = Document::parse(source.clone(), format, &settings);
        let text = &doc.source.text;
        for s in &doc.sections {
            let sentences = s.intro.iter().chain(s.items.iter().flat_map(|i| i.sentences.iter()));
            for span in [&s.span, &s.heading_span]
                .into_iter()
                .chain(s.items.iter().flat_map(|i| [&i.span, &i.label_span]))
                .chain(sentences.map(|x| &x.span))
            {
                assert!(span.start <= span.end && span.end <= text.len());
                assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
        }
    }
});
