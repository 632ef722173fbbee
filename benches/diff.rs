//! Diff benchmarks: the diff stage alone (outlines parsed beforehand) and parse + diff, on a
//! corpus pair and on generated pairs of 60 KB, 6 MB and a 6 MB pair rewritten throughout.
//!
//! The generated pairs come from `python3 ../shared/bench/gen_inputs.py --out bench/inputs`
//! (and `--seed 7 --only pair6m --out bench/inputs/reseeded` for the rewritten one); missing
//! inputs are skipped with a note.

use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use policy_lint::diff::{DiffSettings, compare};
use policy_lint::outline::{Document, OutlineSettings};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn pairs() -> Vec<(&'static str, PathBuf, PathBuf)> {
    let r = root();
    let corpus = r.join("../shared/corpus/microsoft-privacy-policy");
    let inputs = r.join("bench/inputs");
    vec![
        (
            "corpus-microsoft",
            corpus.join("2021-03-22.md"),
            corpus.join("2021-10-05.md"),
        ),
        (
            "pair60k",
            inputs.join("pair60k/old.md"),
            inputs.join("pair60k/new.md"),
        ),
        (
            "pair6m",
            inputs.join("pair6m/old.md"),
            inputs.join("pair6m/new.md"),
        ),
        (
            "pair6m-rewritten",
            inputs.join("pair6m/old.md"),
            inputs.join("reseeded/pair6m/new.md"),
        ),
    ]
}

fn bench(c: &mut Criterion) {
    let settings = OutlineSettings::default();
    let diff_settings = DiffSettings::default();
    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    for (name, old, new) in pairs() {
        if !old.is_file() || !new.is_file() {
            eprintln!(
                "skipping {name}: {} or {} is missing",
                old.display(),
                new.display()
            );
            continue;
        }
        let (Ok(a), Ok(b)) = (
            Document::open(&old, &settings),
            Document::open(&new, &settings),
        ) else {
            eprintln!("skipping {name}: unreadable input");
            continue;
        };
        group.bench_function(format!("{name}/compare"), |t| {
            t.iter(|| compare(&a, &b, &diff_settings))
        });
        group.bench_function(format!("{name}/parse+compare"), |t| {
            t.iter(|| {
                let a = Document::open(&old, &settings).ok();
                let b = Document::open(&new, &settings).ok();
                a.zip(b)
                    .map(|(a, b)| compare(&a, &b, &diff_settings).changes.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
