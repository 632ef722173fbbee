//! Outline parsing throughput on the policy corpus (`../shared/corpus`), per input format: the
//! archived Markdown as it is, and the same policies rendered from their outlines as plain text
//! and as HTML. Run with `cargo bench --bench outline`; criterion reports MiB/s.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use policy_lint::outline::{Document, Format, OutlineSettings, Section, Source};

/// Every policy version of the corpus: (path, Markdown).
fn corpus() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(dir) = root
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("shared/corpus"))
        .find(|dir| dir.is_dir())
    else {
        panic!("no shared/corpus beside {} or a parent", root.display());
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flat_map(|service| {
            std::fs::read_dir(service.unwrap().path())
                .into_iter()
                .flatten()
        })
        .map(|version| version.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

/// The body of a section as (label, text) paragraphs: the intro, then each item.
fn paragraphs(section: &Section) -> Vec<(Option<&str>, String)> {
    let mut out = vec![(None, section.intro_text())];
    out.extend(
        section
            .items
            .iter()
            .map(|i| (Some(i.label.as_str()), i.text())),
    );
    out
}

/// A policy as plain text: headings on lines of their own, "Label. Body" items, one paragraph
/// per line.
fn plain_text(doc: &Document) -> String {
    let mut out = String::new();
    for section in &doc.sections {
        if !section.heading.is_empty() {
            out.push_str(&section.heading);
            out.push('\n');
        }
        for (label, text) in paragraphs(section) {
            match label {
                Some(label) => out.push_str(&format!("{label}. {text}\n")),
                None if !text.is_empty() => out.push_str(&format!("{text}\n")),
                None => {}
            }
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A policy as an HTML page: `h1`–`h6`, `p`, and items as `li` with a `strong` label.
fn html(doc: &Document) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html><head><title>Privacy</title><style>p{}</style></head><body>\n\
         <nav><a href=\"#top\">Top</a></nav>\n",
    );
    for section in &doc.sections {
        if !section.heading.is_empty() {
            let level = section.level.clamp(1, 6);
            out.push_str(&format!(
                "<h{level}>{}</h{level}>\n",
                escape(&section.heading)
            ));
        }
        let mut in_list = false;
        for (label, text) in paragraphs(section) {
            match label {
                Some(label) => {
                    if !in_list {
                        out.push_str("<ul>\n");
                        in_list = true;
                    }
                    out.push_str(&format!(
                        "<li><strong>{}.</strong> {}</li>\n",
                        escape(label),
                        escape(&text)
                    ));
                }
                None if !text.is_empty() => out.push_str(&format!("<p>{}</p>\n", escape(&text))),
                None => {}
            }
        }
        if in_list {
            out.push_str("</ul>\n");
        }
    }
    out.push_str("<footer>&copy; policy-lint</footer></body></html>\n");
    out
}

fn outline(c: &mut Criterion) {
    let settings = OutlineSettings::default();
    let markdown = corpus();
    let outlines: Vec<Document> = markdown
        .iter()
        .map(|(p, t)| Document::parse(Source::new(p, t.clone()), Format::Markdown, &settings))
        .collect();
    let rendered = |render: fn(&Document) -> String, ext: &str| -> Vec<(PathBuf, String)> {
        outlines
            .iter()
            .map(|d| (d.source.path.with_extension(ext), render(d)))
            .collect()
    };
    let inputs = [
        ("markdown", Format::Markdown, markdown.clone()),
        ("plain-text", Format::Text, rendered(plain_text, "txt")),
        ("html", Format::Html, rendered(html, "html")),
    ];
    let mut group = c.benchmark_group("outline");
    group.sample_size(10);
    for (name, format, files) in &inputs {
        let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(*name, |b| {
            b.iter(|| {
                for (path, text) in files {
                    let source = Source::new(path, text.clone());
                    black_box(Document::parse(source, *format, &settings));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, outline);
criterion_main!(benches);
