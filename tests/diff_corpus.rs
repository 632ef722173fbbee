//! Properties over every consecutive pair of versions in the corpus, through the library (one
//! process, no binary per pair): the diff never panics, `--format unified` applied with `patch`
//! rebuilds the new normalised text, and accepting every change gives the new version.

mod common;
use common::version_pairs;

use std::process::Command;

use policy_lint::diff::{DiffSettings, apply, compare};
use policy_lint::outline::{Document, OutlineSettings};
use policy_lint::report::unified::unified;
use policy_lint::snapshot::{body, parts_of};

/// The first line where two texts differ, for a readable failure.
fn first_difference<'t>(a: &'t str, b: &'t str) -> Option<(usize, &'t str, &'t str)> {
    let (mut x, mut y) = (a.lines(), b.lines());
    for n in 1.. {
        match (x.next(), y.next()) {
            (None, None) => return None,
            (l, r) if l != r => return Some((n, l.unwrap_or("<end>"), r.unwrap_or("<end>"))),
            _ => {}
        }
    }
    None
}

#[test]
fn every_corpus_pair_diffs_patches_and_applies() {
    let pairs = version_pairs();
    let settings = OutlineSettings::default();
    let dir = tempfile::tempdir().unwrap();
    let (old_file, patch_file, out_file) = (
        dir.path().join("old.txt"),
        dir.path().join("change.patch"),
        dir.path().join("new.txt"),
    );
    let mut changed = 0;
    for (old_path, new_path) in &pairs {
        let old = Document::open(old_path, &settings).unwrap();
        let new = Document::open(new_path, &settings).unwrap();
        let cmp = compare(&old, &new, &DiffSettings::default());
        let (old_body, new_body) = (body(&parts_of(&old)), body(&parts_of(&new)));
        let all = vec![true; cmp.changes.len()];
        let applied = body(&apply(&old, &new, &cmp, &all));
        assert!(
            applied == new_body,
            "accepting every change of {} → {} does not give the new version: {:?}",
            old_path.display(),
            new_path.display(),
            first_difference(&applied, &new_body)
        );
        if old_body == new_body {
            assert!(cmp.changes.is_empty(), "{}", new_path.display());
            continue;
        }
        changed += 1;
        let patch = unified(&old_body, &new_body, "old.txt", "new.txt");
        std::fs::write(&old_file, &old_body).unwrap();
        std::fs::write(&patch_file, &patch).unwrap();
        let status = Command::new("patch")
            .args(["--silent", "--force", "--no-backup-if-mismatch", "-o"])
            .arg(&out_file)
            .arg(&old_file)
            .arg(&patch_file)
            .status()
            .expect("`patch` must be installed");
        assert!(status.success(), "patch failed for {}", new_path.display());
        let patched = std::fs::read_to_string(&out_file).unwrap();
        assert!(
            patched == new_body,
            "patching gives another text for {}",
            new_path.display()
        );
    }
    assert!(changed > 100, "only {changed} pairs differ");
}
