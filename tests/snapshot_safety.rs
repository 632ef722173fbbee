//! An approved snapshot is never lost or mixed: concurrent `snapshot accept` runs leave one
//! whole snapshot, and a run killed while writing leaves the old one (or the whole new one).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const POLICY: &str = "policies/privacy.md";
const SNAPSHOT: &str = "policies/privacy.md.snap";

/// A policy large enough that writing its snapshot takes a while: `sections` sections, each
/// with a sentence that differs between versions by `verb`.
fn policy(verb: &str, sections: usize) -> String {
    (0..sections)
        .map(|i| {
            format!(
                "## Section {i}\n\nWe {verb} share the information in clause {i} with partners. \
                 You can ask us to delete it at any time.\n\n"
            )
        })
        .collect()
}

/// A project at `dir` whose policy has `text`, keeping its snapshots in `snapshots`.
fn project(dir: &Path, text: &str) {
    std::fs::create_dir_all(dir.join("policies")).unwrap();
    std::fs::write(dir.join("rules.toml"), "").unwrap();
    std::fs::write(dir.join(POLICY), text).unwrap();
}

fn accept(dir: &Path, snapshots: &Path) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("policy-lint"))
        .current_dir(dir)
        .arg("--snapshots")
        .arg(snapshots)
        .args(["snapshot", "accept", POLICY])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The files in the snapshot folder other than the snapshot itself.
fn others(snapshots: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(snapshots.join("policies"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.ends_with("privacy.md.snap"))
        .collect();
    out.sort();
    out
}

#[test]
fn concurrent_accepts_leave_one_whole_snapshot() {
    // Two projects with different versions of the same policy share one snapshot folder: both
    // runs write the same snapshot file at once.
    let work = tempfile::tempdir().unwrap();
    let (a, b, snapshots) = (
        work.path().join("a"),
        work.path().join("b"),
        work.path().join("snapshots"),
    );
    project(&a, &policy("may", 3000));
    project(&b, &policy("never", 3000));
    let mut whole = Vec::new();
    for dir in [&a, &b] {
        assert!(accept(dir, &snapshots).wait().unwrap().success());
        whole.push(std::fs::read(snapshots.join(SNAPSHOT)).unwrap());
    }
    assert_ne!(whole[0], whole[1]);
    for round in 0..4 {
        let (mut first, mut second) = if round % 2 == 0 {
            (accept(&a, &snapshots), accept(&b, &snapshots))
        } else {
            (accept(&b, &snapshots), accept(&a, &snapshots))
        };
        assert!(first.wait().unwrap().success());
        assert!(second.wait().unwrap().success());
        let now = std::fs::read(snapshots.join(SNAPSHOT)).unwrap();
        assert!(
            whole.contains(&now),
            "round {round}: the snapshot is neither version"
        );
        assert_eq!(others(&snapshots), Vec::<PathBuf>::new(), "round {round}");
    }
}

#[cfg(unix)]
#[test]
fn a_run_killed_while_writing_leaves_a_whole_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let snapshots = dir.path().join("snapshots");
    project(dir.path(), &policy("may", 3000));
    assert!(accept(dir.path(), &snapshots).wait().unwrap().success());
    let old = std::fs::read(snapshots.join(SNAPSHOT)).unwrap();
    std::fs::write(dir.path().join(POLICY), policy("never", 3000)).unwrap();
    // Kill runs at increasing moments, from before the policy is read to after the rename;
    // whenever the kill lands, the snapshot is the old one or the whole new one.
    let mut seen_old = false;
    for delay_ms in (0..200).step_by(10) {
        let mut child = accept(dir.path(), &snapshots);
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        child.wait().unwrap();
        let now = std::fs::read(snapshots.join(SNAPSHOT)).unwrap();
        if now == old {
            seen_old = true;
            continue;
        }
        // Not the old one: it must read back whole (its hash checks) and match the policy.
        let out = Command::new(assert_cmd::cargo::cargo_bin("policy-lint"))
            .current_dir(dir.path())
            .arg("--snapshots")
            .arg(&snapshots)
            .args(["diff", POLICY])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "killed after {delay_ms} ms: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::write(snapshots.join(SNAPSHOT), &old).unwrap();
    }
    assert!(
        seen_old,
        "no run was killed before it replaced the snapshot"
    );
    // A temporary file a killed run could not remove is never taken for a snapshot.
    for stray in others(&snapshots) {
        let name = stray.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with(".policy-lint-") && name.ends_with(".tmp"),
            "{name}"
        );
    }
    let status = Command::new(assert_cmd::cargo::cargo_bin("policy-lint"))
        .current_dir(dir.path())
        .arg("--snapshots")
        .arg(&snapshots)
        .args(["snapshot", "status"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&status.stdout);
    assert!(!out.contains(".tmp"), "{out}");
}
