//! The pre-commit round trip with the real `pre-commit` tool (from PyPI): an unaccepted edit to
//! a policy fails the hook and shows the change; after `policy-lint snapshot accept` it passes.
//!
//! pre-commit builds policy-lint from this repository (`language: rust`, a release build), so
//! the test is `#[ignore]`d in a plain `cargo test`; `.ci/run` installs pre-commit in a virtual
//! environment and runs it with `cargo test --test pre_commit -- --ignored`. It tests the
//! repository's last commit (what CI's clean clone holds): commit a change to the hook first.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `PRE_COMMIT` names the executable; else `pre-commit` on the PATH.
fn pre_commit() -> PathBuf {
    std::env::var_os("PRE_COMMIT").map_or_else(|| PathBuf::from("pre-commit"), PathBuf::from)
}

fn run(dir: &Path, program: &Path, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        // Keep pre-commit's environments between runs (they hold the release build).
        .env("PRE_COMMIT_HOME", repo().join("target/pre-commit-home"))
        // The hook's build is for wiring, not speed: an unoptimised release profile keeps CI
        // short (the round trip took 89 s with opt-level 1, 51 s with 0; regex-automata, which
        // build.rs determinizes with, keeps its own opt-level 3 from Cargo.toml).
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "0")
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env_remove("CI")
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()))
}

fn git(dir: &Path, args: &[&str]) {
    let out = run(dir, Path::new("git"), args);
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
#[ignore = "needs the pre-commit tool and a release build; .ci/run runs it"]
fn an_unaccepted_edit_fails_the_hook_until_the_snapshot_is_accepted() {
    let project = tempfile::tempdir().unwrap();
    let dir = project.path();
    std::fs::create_dir(dir.join("policies")).unwrap();
    std::fs::copy(repo().join("rules.toml"), dir.join("rules.toml")).unwrap();
    let policy = dir.join("policies/privacy.txt");
    std::fs::copy(repo().join("examples/privacy-notice.txt"), &policy).unwrap();
    git(dir, &["init", "-q"]);
    git(dir, &["config", "user.email", "ci@example.com"]);
    git(dir, &["config", "user.name", "CI"]);

    let policy_lint = assert_cmd::cargo::cargo_bin("policy-lint");
    let accept = |dir: &Path| {
        let out = run(
            dir,
            &policy_lint,
            &["snapshot", "accept", "policies/privacy.txt"],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    // The hook as a user's configuration names it: this repository at its last commit.
    // (`pre-commit try-repo` would take uncommitted changes too, but builds the hook afresh on
    // every run, in a store of its own: three release builds. Named by commit, it is built once
    // and kept in PRE_COMMIT_HOME.)
    let head = run(repo(), Path::new("git"), &["rev-parse", "HEAD"]);
    assert!(head.status.success(), "{head:?}");
    let changed = run(repo(), Path::new("git"), &["status", "--porcelain", "-uno"]);
    if !changed.stdout.is_empty() {
        // Shown if the test fails: the snapshots are written by this tree's build.
        eprintln!(
            "note: the hook is built from the last commit, without these changes:\n{}",
            String::from_utf8_lossy(&changed.stdout)
        );
    }
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n      - id: policy-lint\n",
        repo().display(),
        String::from_utf8_lossy(&head.stdout).trim()
    );
    std::fs::write(dir.join(".pre-commit-config.yaml"), config).unwrap();
    accept(dir);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "policy and its snapshot"]);

    let hook = |dir: &Path| {
        run(
            dir,
            &pre_commit(),
            &["run", "policy-lint", "--files", "policies/privacy.txt"],
        )
    };
    let out = hook(dir);
    assert!(
        out.status.success(),
        "an accepted policy passes: {}",
        String::from_utf8_lossy(&out.stdout)
    );

    let text = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(
        &policy,
        text.replace(
            "to display interest-based ads for",
            "to show interest-based ads for",
        ),
    )
    .unwrap();
    git(dir, &["add", "-A"]);
    let out = hook(dir);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        !out.status.success(),
        "an unaccepted edit fails the hook: {shown}"
    );
    assert!(shown.contains("error[snapshot-changed]"), "{shown}");
    assert!(
        shown.contains("[-display-]{+show+}"),
        "the change is shown: {shown}"
    );

    accept(dir);
    git(dir, &["add", "-A"]);
    let out = hook(dir);
    assert!(
        out.status.success(),
        "after accept the hook passes: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    git(dir, &["commit", "-qm", "edit accepted"]);

    // A commit that only edits the approved snapshot by hand: the snapshot stands for its
    // policy, and a damaged one fails the hook.
    let snapshot = dir.join("snapshots/policies/privacy.txt.snap");
    let approved = std::fs::read_to_string(&snapshot).unwrap();
    std::fs::write(
        &snapshot,
        approved.replace("show interest-based", "display interest-based"),
    )
    .unwrap();
    git(dir, &["add", "-A"]);
    let out = run(dir, &pre_commit(), &["run", "policy-lint"]);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        !out.status.success(),
        "a hand-edited snapshot fails the hook: {shown}"
    );
    assert!(shown.contains("does not match its sha256"), "{shown}");
    git(dir, &["checkout", "-q", "HEAD", "--", "snapshots"]);

    // As on a commit: pre-commit is given the staged files that still exist. A policy renamed
    // (or deleted: then it is given none) is gone, and its snapshot still approves it.
    let staged = |dir: &Path| run(dir, &pre_commit(), &["run", "policy-lint"]);
    let renamed = "policies/privacy-notice.txt";
    git(dir, &["mv", "policies/privacy.txt", renamed]);
    let out = staged(dir);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "a rename fails the hook: {shown}");
    assert!(
        shown.contains("policies/privacy.txt is gone (deleted or renamed)"),
        "{shown}"
    );
    git(dir, &["mv", renamed, "policies/privacy.txt"]);
    git(dir, &["rm", "-q", "policies/privacy.txt"]);
    let out = staged(dir);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "a deletion fails the hook: {shown}");
    assert!(shown.contains("is gone (deleted or renamed)"), "{shown}");
    // The snapshot removed with it, the commit passes.
    git(dir, &["rm", "-q", "snapshots/policies/privacy.txt.snap"]);
    let out = staged(dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
