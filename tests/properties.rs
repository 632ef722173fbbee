//! Laws the outline, the diff and the snapshot store must obey on any input, checked on
//! generated text.

use std::path::Path;

use policy_lint::diff::{AgainstSnapshot, DiffSettings, against_snapshot, apply, compare};
use policy_lint::outline::{Document, Format, OutlineSettings, Source, normalize};
use policy_lint::snapshot::{Store, body, parse as parse_snapshot, parts_of, render};
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

const FORMATS: [Format; 3] = [Format::Text, Format::Markdown, Format::Html];

/// A Markdown policy from generated sections of sentences, and the same policy re-wrapped at
/// `width` with typographic quotes, apostrophes and dashes where the first has ASCII ones.
fn policy_and_rewrite(sections: &[(String, Vec<Vec<String>>)], width: usize) -> (String, String) {
    let (mut plain, mut fancy) = (String::new(), String::new());
    for (heading, paragraphs) in sections {
        plain.push_str(&format!("## {heading}\n\n"));
        fancy.push_str(&format!("## {heading}\n\n"));
        for sentences in paragraphs {
            let paragraph = sentences.join(" ");
            plain.push_str(&paragraph);
            plain.push_str("\n\n");
            let requoted = paragraph
                .replace("\"we\"", "\u{201C}we\u{201D}")
                .replace("don't", "don\u{2019}t")
                .replace(" - ", " \u{2014} ");
            let mut column = 0;
            for (i, word) in requoted.split(' ').enumerate() {
                // A "-" opening a line would start a Markdown list: a real change, not a wrap.
                if i > 0 && column + 1 + word.len() > width && word != "-" {
                    fancy.push('\n');
                    column = 0;
                } else if i > 0 {
                    fancy.push(' ');
                    column += 1;
                }
                fancy.push_str(word);
                column += word.len();
            }
            fancy.push_str("\n\n");
        }
    }
    (plain, fancy)
}

fn sentence() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "we", "don't", "\"we\"", "-", "share", "your", "data", "with", "partners", "for", "ads",
        "may", "never", "sell", "it", "you", "can", "opt", "out",
    ]);
    prop::collection::vec(word, 1..12).prop_map(|w| format!("It {}.", w.join(" ")))
}

fn policy_sections() -> impl Strategy<Value = Vec<(String, Vec<Vec<String>>)>> {
    let heading = prop::sample::select(vec![
        "Sharing",
        "Your Choices",
        "Data We Collect",
        "Cookies",
    ]);
    let paragraph = prop::collection::vec(sentence(), 1..5);
    prop::collection::vec(
        (
            heading.prop_map(str::to_string),
            prop::collection::vec(paragraph, 1..4),
        ),
        1..5,
    )
}

proptest! {
    #[test]
    fn a_document_compared_with_itself_has_no_change(text in policy_like()) {
        for format in FORMATS {
            let doc = parse(&text, format);
            let cmp = compare(&doc, &doc, &DiffSettings::default());
            prop_assert!(cmp.changes.is_empty(), "{format:?}: {:?}", cmp.changes);
        }
    }

    #[test]
    fn accepting_every_change_gives_the_new_version(old in policy_like(), new in policy_like()) {
        for format in FORMATS {
            let (a, b) = (parse(&old, format), parse(&new, format));
            let cmp = compare(&a, &b, &DiffSettings::default());
            let all = vec![true; cmp.changes.len()];
            prop_assert_eq!(body(&apply(&a, &b, &cmp, &all)), body(&parts_of(&b)), "{:?}", format);
            // Accepting nothing compares equal to the old version (a heading's level, which
            // compares equal, is taken from the new one).
            let none = vec![false; cmp.changes.len()];
            let kept = render("gen", format, None, &body(&apply(&a, &b, &cmp, &none)));
            let kept = parse_snapshot(Path::new("gen.snap"), kept).unwrap();
            let left = compare(&a, &kept.document, &DiffSettings::default());
            prop_assert!(left.changes.is_empty(), "{:?}: {:?}", format, left.changes);
        }
    }

    #[test]
    fn rewrapping_and_requoting_is_no_change(sections in policy_sections(), width in 15usize..80) {
        let (plain, fancy) = policy_and_rewrite(&sections, width);
        let (a, b) = (parse(&plain, Format::Markdown), parse(&fancy, Format::Markdown));
        let cmp = compare(&a, &b, &DiffSettings::default());
        prop_assert!(cmp.changes.is_empty(), "{:?}\n{plain}\n{fancy}", cmp.changes);
    }

    #[test]
    fn accepting_then_checking_the_same_file_passes(text in policy_like()) {
        let project = tempfile::tempdir().unwrap();
        let store = Store::new(project.path(), &project.path().join("snapshots")).unwrap();
        for (format, name) in FORMATS.into_iter().zip(["p.txt", "p.md", "p.html"]) {
            let source = Source::new(&project.path().join(name), text.clone());
            let doc = Document::parse(source, format, &OutlineSettings::default());
            let entry = store.locate(&doc.source.path).unwrap();
            store.write(&entry.snapshot, &render(&entry.source, format, None, &body(&parts_of(&doc)))).unwrap();
            match against_snapshot(&doc, &store, &DiffSettings::default()).unwrap() {
                AgainstSnapshot::Compared { comparison, .. } => {
                    prop_assert!(comparison.changes.is_empty(), "{format:?}: {:?}", comparison.changes);
                }
                AgainstSnapshot::Missing(_) => prop_assert!(false, "the snapshot just written is missing"),
            }
        }
    }
}
