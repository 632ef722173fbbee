//! Material-change detection over every consecutive pair of versions in the corpus, through the
//! library: it never panics, a version against itself has no material change, a thread that
//! helps read the changes finds the same, and the counts per detector are printed (`cargo test
//! --test material_corpus -- --nocapture`). With `MATERIAL_SAMPLE=FILE`, the flagged changes
//! and some unflagged ones are written there for reading by hand.

mod common;
use common::version_pairs;

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, mpsc};

use policy_lint::diff::material::{KINDS, Marking, Versions, mark};
use policy_lint::diff::{DiffSettings, Op, compare};
use policy_lint::outline::{Document, OutlineSettings};

#[test]
fn material_changes_over_the_corpus() {
    let pairs = version_pairs();
    let settings = OutlineSettings::default();
    let mut counts: BTreeMap<&str, usize> = KINDS.iter().map(|k| (*k, 0)).collect();
    let (mut changes, mut flagged) = (0, 0);
    let mut sample = String::new();
    let mut unflagged = 0;
    for (old, new) in &pairs {
        let a = Document::open(old, &settings).unwrap();
        let b = Document::open(new, &settings).unwrap();
        // A version against itself: nothing changed, nothing material.
        let mut same = compare(&b, &b, &DiffSettings::default());
        mark(&mut same, &Versions::new(&b, &b), &KINDS, None);
        assert!(same.changes.is_empty(), "{}", new.display());

        let mut cmp = compare(&a, &b, &DiffSettings::default());
        mark(&mut cmp, &Versions::new(&a, &b), &KINDS, None);
        // Read by a thread that read ahead too, beside this one: the same findings.
        let mut helped = compare(&a, &b, &DiffSettings::default());
        let versions = &Versions::new(&a, &b);
        std::thread::scope(|s| {
            let (helper, marking) = mpsc::channel();
            s.spawn(move || {
                versions.read_ahead(true);
                marking.recv().map(|m: Arc<Marking>| m.read(versions))
            });
            mark(&mut helped, versions, &KINDS, Some(&helper));
        });
        assert_eq!(helped.changes, cmp.changes, "{}", new.display());
        for c in &cmp.changes {
            changes += 1;
            if !c.material.is_empty() {
                flagged += 1;
            }
            for m in &c.material {
                *counts.get_mut(m.kind.as_str()).unwrap() += 1;
                let _ = writeln!(
                    sample,
                    "FLAG {} | {} › {:?} | {}\n  OLD: {}\n  NEW: {}\n",
                    new.display(),
                    c.section,
                    c.item,
                    m.message,
                    m.old.as_deref().unwrap_or("-"),
                    m.new.as_deref().unwrap_or("-")
                );
            }
            let edited = c.words.iter().any(|w| w.op != Op::Equal) && c.words.len() > 1;
            if c.material.is_empty() && edited {
                unflagged += 1;
                let ops: String = c
                    .words
                    .iter()
                    .filter(|w| w.op != Op::Equal)
                    .map(|w| format!("[{} {}] ", w.op.name(), w.text))
                    .collect();
                let _ = writeln!(
                    sample,
                    "NONE {} | {} › {:?}\n  {}\n",
                    new.display(),
                    c.section,
                    c.item,
                    ops
                );
            }
        }
    }
    println!(
        "{} pairs, {changes} changes, {flagged} with a material flag, {unflagged} edited without one",
        pairs.len()
    );
    for (kind, n) in &counts {
        println!("{kind:>15}: {n}");
    }
    assert!(
        counts["negation"] > 0 && counts["modality"] > 0,
        "{counts:?}"
    );
    assert!(flagged < changes, "every change flagged: {counts:?}");
    if let Some(path) = std::env::var_os("MATERIAL_SAMPLE") {
        std::fs::write(path, sample).unwrap();
    }
}
