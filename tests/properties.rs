//! Laws the outline must obey on any input, checked on generated text.

use std::path::Path;

use policy_lint::outline::{Document, Format, OutlineSettings, Source, normalize};
use proptest::prelude::*;

/// Text with the characters that stress normalisation and parsing: quotes, dashes, NBSP,
/// zero-width, CRLF, combining marks, markup.
fn policy_like() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "We",
        "do",
        "not",
        "share",
        "Information",
        "You",
        "Give",
        "Us.",
        "Advertising.",
        "?",
        ". ",
        "\n",
        "\r\n",
        "\n\n",
        "  ",
        "\u{00A0}",
        "\u{200B}",
        "\u{201C}",
        "\u{201D}",
        "\u{2014}",
        "e\u{0301}",
        "\u{FEFF}",
        "# ",
        "## ",
        "**",
        "* ",
        "- ",
        "1. ",
        "<p>",
        "</p>",
        "<h2>",
        "</h2>",
        "&amp;",
        "&nbsp;",
        "<b>",
        "</b>",
        "[a](#b)",
        "|",
        "e.g.",
        "U.S.",
        "What",
        "Data",
        "Do",
        "We",
        "Collect?",
        "ALL CAPS",
        "\t",
        "<!-- c -->",
        "<script>x</script>",
    ]);
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

fn parse(text: &str, format: Format) -> Document {
    let source = Source::new(Path::new("gen"), text.to_string());
    Document::parse(source, format, &OutlineSettings::default())
}

fn all_spans(doc: &Document) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for s in &doc.sections {
        spans.push((s.heading_span.start, s.heading_span.end));
        spans.push((s.span.start, s.span.end));
        for sentence in &s.intro {
            spans.push((sentence.span.start, sentence.span.end));
        }
        for i in &s.items {
            spans.push((i.label_span.start, i.label_span.end));
            spans.push((i.span.start, i.span.end));
            spans.extend(i.sentences.iter().map(|x| (x.span.start, x.span.end)));
        }
    }
    spans
}

fn sentence_spans(doc: &Document) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = doc
        .sections
        .iter()
        .flat_map(|s| {
            s.intro
                .iter()
                .chain(s.items.iter().flat_map(|i| i.sentences.iter()))
                .map(|x| (x.span.start, x.span.end))
        })
        .collect();
    spans.sort_unstable();
    spans
}

proptest! {
    #[test]
    fn normalisation_is_idempotent(text in policy_like()) {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn spans_lie_inside_the_input_on_char_boundaries(text in policy_like()) {
        for format in [Format::Text, Format::Markdown, Format::Html] {
            let doc = parse(&text, format);
            for (start, end) in all_spans(&doc) {
                prop_assert!(start <= end && end <= text.len(), "{format:?} {start}..{end} of {}", text.len());
                prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
            }
        }
    }

    #[test]
    fn sentences_do_not_overlap(text in policy_like()) {
        for format in [Format::Text, Format::Markdown, Format::Html] {
            let spans = sentence_spans(&parse(&text, format));
            for pair in spans.windows(2) {
                prop_assert!(pair[0].1 <= pair[1].0, "{format:?}: {:?} overlaps {:?}", pair[0], pair[1]);
            }
        }
    }

    #[test]
    fn parsed_text_is_already_normalised(text in policy_like()) {
        for format in [Format::Text, Format::Markdown, Format::Html] {
            let doc = parse(&text, format);
            for s in &doc.sections {
                prop_assert_eq!(normalize(&s.heading), s.heading.clone());
                for i in &s.items {
                    prop_assert_eq!(normalize(&i.text()), i.text());
                }
            }
        }
    }

    #[test]
    fn rewrapping_does_not_change_the_plain_text_outline(words in prop::collection::vec("[a-z]{1,8}", 5..80), width in 20usize..90) {
        let text = format!("Intro Heading Here\nWe say {}.\n", words.join(" "));
        let mut wrapped = String::new();
        let mut col = 0;
        for w in text.split(' ') {
            if col > 0 && col + w.len() > width && !w.contains('\n') {
                wrapped.push('\n');
                col = 0;
            } else if col > 0 {
                wrapped.push(' ');
                col += 1;
            }
            wrapped.push_str(w);
            col += w.len();
        }
        let a = parse(&text, Format::Text);
        let b = parse(&wrapped, Format::Text);
        let texts = |d: &Document| d.sections.iter().map(|s| (s.heading.clone(), s.intro_text())).collect::<Vec<_>>();
        prop_assert_eq!(texts(&a), texts(&b));
    }
}
