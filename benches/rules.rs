//! The rules stage: compiling the starter configuration (lexicons are compiled on first use, so
//! "load" is parsing and "first use" is compiling), annotating sentences with every lexicon, and
//! the whole rule check of parsed policies. Run with `cargo bench --bench rules`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use policy_lint::config::Config;
use policy_lint::detect::Annotator;
use policy_lint::outline::{Document, Format, Source};

/// The seed notice and the first version of each corpus policy, parsed.
fn policies(config: &Config) -> Vec<Document> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![root.join("examples/privacy-notice.txt")];
    let corpus = root.join("../shared/corpus");
    let mut services: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    services.sort();
    for service in services {
        let mut versions: Vec<_> = std::fs::read_dir(service)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        versions.sort();
        paths.push(versions.remove(0));
    }
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let format = if p.extension().is_some_and(|e| e == "txt") {
                Format::Text
            } else {
                Format::Markdown
            };
            Document::parse(Source::new(&p, text), format, &config.outline)
        })
        .collect()
}

fn rules(c: &mut Criterion) {
    c.bench_function("config: load the starter rules.toml", |b| {
        b.iter(|| black_box(Config::builtin().unwrap()))
    });
    c.bench_function("config: load and compile every lexicon", |b| {
        b.iter(|| {
            let config = Config::builtin().unwrap();
            for lexicon in &config.lexicons {
                black_box(lexicon.regex.is_match(""));
            }
        })
    });

    let config = Config::builtin().unwrap();
    let docs = policies(&config);
    let sentences: Vec<&str> = docs
        .iter()
        .flat_map(|d| &d.sections)
        .flat_map(|s| {
            s.intro
                .iter()
                .chain(s.items.iter().flat_map(|i| &i.sentences))
        })
        .map(|s| s.text.as_str())
        .collect();
    let bytes: usize = sentences.iter().map(|s| s.len()).sum();
    let mut group = c.benchmark_group("rules");
    group.throughput(Throughput::Bytes(bytes as u64));
    let annotator = Annotator::new(&config);
    group.bench_function("annotate every sentence with every lexicon", |b| {
        b.iter(|| {
            for s in &sentences {
                black_box(annotator.annotate(s));
            }
        })
    });
    group.bench_function("check every policy", |b| {
        b.iter(|| {
            for doc in &docs {
                black_box(policy_lint::rules::check(doc, &config));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, rules);
criterion_main!(benches);
