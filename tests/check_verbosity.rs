//! `check --quiet` and `--verbose`: what a hook wants to see, and what a person debugging wants.

use std::path::Path;

use assert_cmd::Command;

fn policy_lint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("policy-lint").unwrap();
    cmd.env_remove("CI").env("NO_COLOR", "1").current_dir(dir);
    cmd
}

/// A project whose policy breaks the advertising rule and has no snapshot yet (a warning).
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("rules.toml"), dir.path().join("rules.toml")).unwrap();
    let seed = std::fs::read_to_string(root.join("examples/privacy-notice.txt")).unwrap();
    let edited = seed.replace(
        "We do not use information that personally identifies you to display interest-based ads. ",
        "",
    );
    assert_ne!(seed, edited);
    std::fs::write(dir.path().join("privacy.txt"), edited).unwrap();
    dir
}

#[test]
fn quiet_prints_only_error_level_findings() {
    let dir = project();
    let out = policy_lint(dir.path())
        .args(["check", "--quiet", "privacy.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("error[ads-exclude-identifying]"), "{text}");
    assert!(!text.contains("warning[snapshot-missing]"), "{text}");
    assert!(!text.contains("checked"), "no summary line: {text}");

    let normal = policy_lint(dir.path())
        .args(["check", "privacy.txt"])
        .output()
        .unwrap();
    let normal = String::from_utf8(normal.stdout).unwrap();
    assert!(normal.contains("warning[snapshot-missing]"), "{normal}");
    assert!(
        normal.ends_with("1 file checked: 1 error, 1 warning\n"),
        "{normal}"
    );

    // Changed since its snapshot, with a stale date (a warning): the change is an error, shown
    // with its diff, but the file's summary of changes is not.
    let dated = |text: &str| format!("Last updated: May 1, 2023.\n{text}");
    let policy = dir.path().join("privacy.txt");
    let text = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(&policy, dated(&text)).unwrap();
    policy_lint(dir.path())
        .args(["snapshot", "accept", "privacy.txt"])
        .assert()
        .success();
    std::fs::write(&policy, dated(&text.replacen("display", "show", 1))).unwrap();
    let out = policy_lint(dir.path())
        .args(["check", "--quiet", "privacy.txt"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("error[snapshot-changed]"), "{text}");
    assert!(!text.contains("privacy.txt: 1 change"), "{text}");
    assert!(!text.contains("warning["), "{text}");
}

#[test]
fn verbose_tells_each_files_state() {
    let dir = project();
    let out = policy_lint(dir.path())
        .args(["check", "--verbose", "privacy.txt"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // First which rules.toml and snapshot folder the run used.
    let rules = std::fs::read_to_string(dir.path().join("rules.toml")).unwrap();
    let count = rules.lines().filter(|l| l.trim() == "[[rule]]").count();
    assert!(
        text.starts_with(&format!(
            "rules: rules.toml, {count} rules; snapshots: snapshots\n\
             privacy.txt: text, 2 sections, 11 items; no snapshot yet\n"
        )),
        "{text}"
    );
    policy_lint(dir.path())
        .args(["snapshot", "accept", "privacy.txt"])
        .assert()
        .success();
    let out = policy_lint(dir.path())
        .args(["check", "-v", "privacy.txt"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.lines().nth(1),
        Some("privacy.txt: text, 2 sections, 11 items; unchanged since snapshots/privacy.txt.snap"),
        "{text}"
    );
    policy_lint(dir.path())
        .args(["check", "--quiet", "--verbose", "privacy.txt"])
        .assert()
        .code(2);
}

/// A rule scoped by a heading the policy does not have looks at nothing: an `unmatched-scope`
/// warning says so, so that a reworded heading does not switch a rule off unseen. It has a
/// severity and can be ignored as other checks can.
#[test]
fn a_rule_whose_scope_matched_nothing_is_a_warning() {
    let dir = project();
    // The bundled collection rule is scoped to headings that say what is collected.
    let policy = dir.path().join("privacy.txt");
    let text = std::fs::read_to_string(&policy).unwrap();
    let reworded = text.replace(
        "What Personal Information About Customers Does Amazon Collect?",
        "Things You Tell Us",
    );
    assert_ne!(text, reworded);
    let shown = |text: &str| {
        std::fs::write(&policy, text).unwrap();
        let out = policy_lint(dir.path())
            .args(["check", "--rules-only", "--color", "never", "privacy.txt"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let out = shown(&reworded);
    assert!(
        out.ends_with("1 file checked: 1 error, 2 warnings\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "warning[unmatched-scope]: rule `collection-purpose` checked nothing in this policy\n \
             --> privacy.txt:1:1\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("no heading matches `collection-heading` without `use-heading`"),
        "{out}"
    );
    assert!(
        out.contains(
            "= help: `policy-lint outline privacy.txt` shows the headings and item labels read"
        ),
        "{out}"
    );
    assert!(!shown(&text).contains("unmatched-scope"));
    // The command it suggests is quoted for a shell, with the --config the run was given.
    let spaced = dir.path().join("my policy.txt");
    std::fs::write(&spaced, &reworded).unwrap();
    let out = policy_lint(dir.path())
        .args([
            "--config",
            "rules.toml",
            "check",
            "--rules-only",
            "my policy.txt",
        ])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.contains("`policy-lint --config rules.toml outline 'my policy.txt'` shows"),
        "{out}"
    );
    std::fs::remove_file(&spaced).unwrap();
    // An `each-item` rule over sections that hold no labelled item checks nothing either.
    let unlabelled = (text.replace("Information You Give Us.", "We receive what you give us."))
        .replace(
            "Automatic Information.",
            "We also collect automatic information.",
        )
        .replace(
            "Information from Other Sources.",
            "We hear from others too.",
        );
    let out = shown(&unlabelled);
    assert!(
        out.contains("no labelled item in the sections in scope"),
        "{out}"
    );
    // Made an error, or ignored for the policy.
    let rules = dir.path().join("rules.toml");
    let config = std::fs::read_to_string(&rules).unwrap();
    std::fs::write(
        &rules,
        config.replace(
            "unmatched-scope = \"warning\"",
            "unmatched-scope = \"error\"",
        ),
    )
    .unwrap();
    let out = shown(&reworded);
    assert!(
        out.ends_with("1 file checked: 2 errors, 1 warning\n"),
        "{out}"
    );
    std::fs::write(
        &rules,
        format!(
            "{config}\n[[settings.ignore]]\npath = \"privacy.txt\"\nrule = \"unmatched-scope\"\n"
        ),
    )
    .unwrap();
    assert!(!shown(&reworded).contains("unmatched-scope"));
    std::fs::write(&rules, &config).unwrap();
    // Allowed in a Markdown policy, before its first heading, by its own id or the rule's.
    let markdown = |directive: &str| {
        let text = format!("{directive}\n\n# Things You Tell Us\n\nWe keep your name.\n");
        std::fs::write(dir.path().join("privacy.md"), text).unwrap();
        let out = policy_lint(dir.path())
            .args(["check", "--rules-only", "--color", "never", "privacy.md"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(markdown("").contains("unmatched-scope"));
    for id in ["unmatched-scope", "collection-purpose"] {
        let out = markdown(&format!("<!-- policy-lint: allow({id}) -->"));
        assert!(!out.contains("unmatched-scope"), "{id}: {out}");
        assert!(!out.contains("unknown-allow"), "{id}: {out}");
    }
}

/// A run where no file could be read: the errors on standard error say it all; `--verbose`
/// still says which rules.toml and snapshot folder the run used, for whoever debugs it.
#[test]
fn a_run_that_could_read_no_file_prints_no_report_only_the_verbose_setup() {
    let dir = project();
    std::fs::write(dir.path().join("binary.txt"), b"PK\x03\x04\x00\x00").unwrap();
    for (flags, expected) in [
        (&[][..], String::new()),
        (
            &["--verbose"][..],
            format!(
                "rules: rules.toml, {} rules; snapshots: snapshots\n",
                std::fs::read_to_string(dir.path().join("rules.toml"))
                    .unwrap()
                    .lines()
                    .filter(|l| l.trim() == "[[rule]]")
                    .count()
            ),
        ),
    ] {
        let out = policy_lint(dir.path())
            .arg("check")
            .args(flags)
            .arg("binary.txt")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flags:?}");
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            expected,
            "{flags:?}"
        );
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("binary.txt"), "{stderr}");
        assert!(
            stderr.contains("1 of 1 file could not be checked"),
            "{stderr}"
        );
    }
}
