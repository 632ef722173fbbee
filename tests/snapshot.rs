//! The snapshot workflow end to end: accept, check, edit, review, reject, status.

use std::path::PathBuf;

mod common;
use common::project::{POLICY, Project, Run, SNAPSHOT};

use assert_cmd::Command;
use policy_lint::diff::{DiffSettings, compare};

const PENDING: &str = "snapshots/policies/privacy.txt.snap.new";

const PURPOSES: &str = "For What Purposes Does Amazon Process Your Personal Information?";

#[test]
fn accept_check_edit_check_accept_check() {
    let p = Project::new();
    let Run {
        code, stdout: out, ..
    } = p.run(&["snapshot", "accept", POLICY]);
    assert_eq!(code, 0);
    assert!(out.contains("(new)"), "{out}");
    let snap = p.read(SNAPSHOT);
    assert!(
        snap.starts_with(
            "---\npolicy-lint snapshot 1\nsource: policies/privacy.txt\nsource-sha256: "
        ) && snap.contains("\nformat: text\ntool: policy-lint "),
        "{snap}"
    );
    assert_eq!(p.run(&["check", POLICY]).code, 0);

    p.edit(
        "to display interest-based ads for",
        "to show interest-based ads for",
    );
    let Run {
        code, stdout: out, ..
    } = p.run(&["check", POLICY]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "error[snapshot-changed]: modified in {PURPOSES} › Advertising: not accepted into the snapshot\n --> {POLICY}:3:"
        )),
        "{out}"
    );
    assert!(out.contains("[-display-]{+show+}"), "{out}");

    // The JSON names both sides: the snapshot and the policy.
    let Run { stdout: out, .. } = p.run(&["diff", POLICY, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["files"][0]["old_path"], SNAPSHOT);
    assert_eq!(json["files"][0]["path"], POLICY);
    // The snapshot file named as the old version is read as the snapshot it is: the same
    // change, not its header and lines read as Markdown.
    let Run { stdout: named, .. } = p.run(&["diff", SNAPSHOT, POLICY, "--format", "json"]);
    let named: serde_json::Value = serde_json::from_str(&named).unwrap();
    assert_eq!(named["files"][0]["changes"], json["files"][0]["changes"]);
    assert_eq!(p.run(&["diff", SNAPSHOT, SNAPSHOT]).code, 0);

    assert_eq!(p.run(&["snapshot", "accept", POLICY]).code, 0);
    assert_eq!(p.run(&["check", POLICY]).code, 0);
    assert_eq!(p.run(&["diff", POLICY]).code, 0);
}

#[test]
fn accepting_unchanged_text_keeps_the_same_bytes() {
    let p = Project::new();
    p.run(&["snapshot", "accept", POLICY]);
    let first = p.read(SNAPSHOT);
    let Run {
        code, stdout: out, ..
    } = p.run(&["snapshot", "accept", POLICY]);
    assert_eq!(code, 0);
    assert!(out.contains("(unchanged)"), "{out}");
    assert_eq!(p.read(SNAPSHOT), first);
    // Doubled and non-breaking spaces are no change either: the outline stays, and the header
    // names the text accepted.
    let text = p
        .read(POLICY)
        .replace(" and ", " and  ")
        .replace(" the ", " the\u{a0}");
    std::fs::write(p.path(POLICY), text).unwrap();
    assert_eq!(p.run(&["check", POLICY]).code, 0);
    p.run(&["snapshot", "accept", POLICY]);
    let respaced = p.read(SNAPSHOT);
    let lines = |s: &str| -> Vec<String> { s.lines().map(str::to_string).collect() };
    let changed: Vec<(String, String)> = (lines(&first).into_iter().zip(lines(&respaced)))
        .filter(|(a, b)| a != b)
        .collect();
    assert!(
        changed.len() == 1 && changed[0].1.starts_with("source-sha256: "),
        "{changed:?}"
    );
    // With a byte-order mark, the text is the same.
    p.write(POLICY, format!("\u{feff}{}", p.read(POLICY)));
    let run = p.run(&["snapshot", "accept", POLICY]);
    assert!(run.stdout.contains("(unchanged)"), "{}", run.stdout);
}

/// The snapshot with `edit` applied to its header and body, its body's hash made to match.
fn rewrite_snapshot(p: &Project, edit: impl Fn(&str) -> String) {
    let text = edit(&p.read(SNAPSHOT));
    let (header, body) = text.split_once("\n---\n").unwrap();
    let (before, after) = header.split_once("\nsha256: ").unwrap();
    let rest = after.split_once('\n').map_or("", |(_, rest)| rest);
    let hash = policy_lint::snapshot::hash(body);
    let rest = if rest.is_empty() {
        String::new()
    } else {
        format!("\n{rest}")
    };
    p.write(
        SNAPSHOT,
        format!("{before}\nsha256: {hash}{rest}\n---\n{body}"),
    );
}

#[test]
fn text_accepted_as_it_is_is_unchanged_however_it_was_read() {
    let p = Project::new();
    p.run(&["snapshot", "accept", POLICY]);
    let accepted = p.read(SNAPSHOT);
    assert!(accepted.contains("\nsource-sha256: "), "{accepted}");
    // As an earlier policy-lint might have read the same text: other words in the outline.
    let older_reading =
        |s: &str| s.replacen("to display interest-based", "to show interest-based", 1);
    rewrite_snapshot(&p, older_reading);
    for args in [&["check", POLICY][..], &["diff", POLICY]] {
        let run = p.run(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stdout);
    }
    assert!(
        p.run(&["snapshot", "status", POLICY])
            .stdout
            .starts_with("unchanged")
    );
    // The same text checked out with CRLF line ends (git's `core.autocrlf` on Windows).
    let lf = p.read(POLICY);
    p.write(POLICY, lf.replace('\n', "\r\n"));
    assert_eq!(p.run(&["check", POLICY]).code, 0);
    p.write(POLICY, lf);
    // Without the policy's hash, the snapshot is all there is to go by.
    rewrite_snapshot(&p, |s| {
        let (start, rest) = s.split_once("source-sha256: ").unwrap();
        format!("{start}{}", rest.split_once('\n').unwrap().1)
    });
    let run = p.run(&["check", POLICY]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("[-show-]{+display+}"), "{}", run.stdout);
    // Accepting writes the reading of now, with the hash.
    let run = p.run(&["snapshot", "accept", POLICY]);
    assert!(run.stdout.contains("(updated)"), "{}", run.stdout);
    assert_eq!(p.read(SNAPSHOT), accepted);
    // Once the policy is edited, its snapshot is what it is compared with.
    rewrite_snapshot(&p, older_reading);
    p.edit("We receive and store", "We keep");
    let run = p.run(&["check", POLICY]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("[-receive and store-]{+keep+}"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("[-show-]{+display+}"), "{}", run.stdout);
}

/// The command a finding suggests runs as pasted into a shell: the path quoted, and with the
/// snapshot folder the check was given.
#[test]
fn the_suggested_accept_command_runs_as_pasted() {
    let p = Project::new();
    std::fs::create_dir_all(p.path("legal docs/alt")).unwrap();
    let policy = "legal docs/it's privacy ü.txt";
    p.write(policy, p.read(POLICY));
    let suggested = |run: Run| {
        let out = run.stdout;
        let start = out.find("`policy-lint ").expect("a suggested command") + 1;
        let end = start + out[start..].find('`').unwrap();
        out[start..end].to_string()
    };
    let command = suggested(p.run(&["--snapshots", "legal docs/alt", "check", policy]));
    assert_eq!(
        command,
        "policy-lint --snapshots 'legal docs/alt' snapshot accept 'legal docs/it'\\''s privacy ü.txt'"
    );
    // Run by `sh`, with this build of policy-lint for the first word.
    let binary = assert_cmd::cargo::cargo_bin("policy-lint");
    let paste = |command: &str| {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(command.replacen("policy-lint", &format!("'{}'", binary.display()), 1))
            .current_dir(p.path(""))
            .status()
            .unwrap()
            .success()
    };
    assert!(paste(&command));
    let Run { code, stdout, .. } = p.run(&["--snapshots", "legal docs/alt", "check", policy]);
    assert_eq!(code, 0, "{stdout}");
    // A change not accepted suggests the same command.
    let text = p
        .read(policy)
        .replace("to display interest-based", "to show interest-based");
    p.write(policy, text);
    let command_again = suggested(p.run(&["--snapshots", "legal docs/alt", "check", policy]));
    assert_eq!(command_again, command);
    // A size limit given is repeated; a path that opens with a dash is no flag.
    p.write("-draft.txt", p.read(POLICY));
    let args = ["--max-file-size", "100000", "check", "--", "-draft.txt"];
    let command = suggested(p.run(&args));
    assert_eq!(
        command,
        "policy-lint --max-file-size 100000 snapshot accept ./-draft.txt"
    );
    assert!(paste(&command));
    assert_eq!(p.run(&args).code, 0);
}

#[test]
fn a_snapshot_checked_out_with_crlf_line_endings_still_holds() {
    // What git's `core.autocrlf` makes of a snapshot on a Windows checkout.
    let p = Project::new();
    p.run(&["snapshot", "accept", POLICY]);
    let lf = p.read(SNAPSHOT);
    std::fs::write(p.path(SNAPSHOT), lf.replace('\n', "\r\n")).unwrap();
    let Run { code, stdout, .. } = p.run(&["check", POLICY]);
    assert_eq!(code, 0, "{stdout}");
    let Run { stdout, .. } = p.run(&["snapshot", "status", POLICY]);
    assert!(stdout.starts_with("unchanged"), "{stdout}");
    p.edit(
        "to display interest-based ads for",
        "to show interest-based ads for",
    );
    let Run { code, stdout, .. } = p.run(&["check", POLICY]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("[-display-]{+show+}"), "{stdout}");
}

#[cfg(unix)]
#[test]
fn a_failed_write_leaves_the_old_snapshot_intact() {
    let p = Project::new();
    p.run(&["snapshot", "accept", POLICY]);
    let before = p.files();
    p.edit(
        "to display interest-based ads for",
        "to show interest-based ads for",
    );
    // A file size limit of zero makes every write fail (SIGXFSZ ignored: the write returns an
    // error instead of killing the process).
    let bin = assert_cmd::cargo::cargo_bin("policy-lint");
    let out = std::process::Command::new("sh")
        .current_dir(p.dir.path())
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 0; exec \"$0\" snapshot accept policies/privacy.txt")
        .arg(&bin)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("privacy.txt.snap: cannot write the snapshot"),
        "{err}"
    );
    let after: Vec<(PathBuf, Vec<u8>)> = p
        .files()
        .into_iter()
        .filter(|(f, _)| !f.ends_with(POLICY))
        .collect();
    let before: Vec<(PathBuf, Vec<u8>)> = before
        .into_iter()
        .filter(|(f, _)| !f.ends_with(POLICY))
        .collect();
    assert_eq!(
        after, before,
        "the snapshot changed or a temporary file was left"
    );
}

/// A project whose accepted policy was then edited in two sections: the Advertising item of
/// the purposes section, and the first item of the collection section.
fn two_sections_edited() -> Project {
    let p = Project::new();
    p.run(&["snapshot", "accept", POLICY]);
    p.edit(
        "to display interest-based ads for",
        "to show interest-based ads for",
    );
    p.edit(
        "We receive and store any information",
        "We receive and keep any information",
    );
    p
}

#[test]
fn partial_review_accepts_only_the_chosen_section() {
    let p = two_sections_edited();
    let Run {
        code, stderr: err, ..
    } = p.run(&["check", "--update", POLICY]);
    assert_eq!(code, 1);
    assert!(
        err.contains("wrote snapshots/policies/privacy.txt.snap.new"),
        "{err}"
    );
    assert!(p.path(PENDING).is_file());

    // An empty text (a script's unset variable) names no section: an error, nothing accepted.
    let Run { code, stderr, .. } = p.run(&["snapshot", "review", "--accept", " "]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("empty text is in every heading"),
        "{stderr}"
    );
    assert!(p.path(PENDING).is_file());

    let Run {
        code, stdout: out, ..
    } = p.run(&["snapshot", "review", "--accept", "what purposes"]);
    assert_eq!(code, 1, "a skipped change is left pending: {out}");
    assert!(
        out.contains(&format!("accepted: modified {PURPOSES} › Advertising")),
        "{out}"
    );
    assert!(p.path(PENDING).is_file());

    let Run {
        code, stdout: out, ..
    } = p.run(&["check", POLICY]);
    assert_eq!(code, 1);
    assert!(!out.contains("Advertising"), "{out}");
    assert!(
        out.contains("modified in What Personal Information About Customers Does Amazon Collect? › Information You Give Us"),
        "{out}"
    );
    assert!(out.contains("1 error"), "{out}");
    // The snapshot holds no text the policy ever had whole: it names none.
    assert!(!p.read(SNAPSHOT).contains("source-sha256"));

    let Run { code, .. } = p.run(&["snapshot", "review", "--accept-all"]);
    assert_eq!(code, 0);
    assert!(!p.path(PENDING).exists());
    assert_eq!(p.run(&["check", POLICY]).code, 0);
    // Every change taken, it is the policy's text.
    let accepted = p.read(SNAPSHOT);
    p.run(&["snapshot", "accept", POLICY]);
    assert_eq!(p.read(SNAPSHOT), accepted);
    assert!(accepted.contains("source-sha256"));
}

/// The text before the first heading (a date line, most often) is named as the reports name
/// it: "before the first heading".
#[test]
fn partial_review_accepts_the_text_before_the_first_heading_by_its_name() {
    let p = Project::new();
    let policy = "policies/dated.md";
    let old = "Last updated: January 1, 2024.\n\n# Privacy\n\n## Sharing\n\nWe share data with vendors.\n";
    p.write(policy, old);
    assert_eq!(p.run(&["snapshot", "accept", policy]).code, 0);
    p.write(
        policy,
        old.replace("January", "March")
            .replace("vendors", "vendors and partners"),
    );
    assert_eq!(p.run(&["check", "--update", policy]).code, 1);
    let Run { code, stdout, .. } =
        p.run(&["snapshot", "review", "--accept", "Before the first heading"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("accepted: modified (before the first heading)\n"),
        "{stdout}"
    );
    let Run { stdout, .. } = p.run(&["check", policy]);
    assert!(
        stdout.contains("modified in Sharing: not accepted") && !stdout.contains("January"),
        "{stdout}"
    );
}

/// A change a review rejected (here written into the pending file as the review writes it)
/// stays rejected when `check --update` writes the file again, and --accept-all leaves it out.
#[test]
fn a_rejected_change_outlives_check_update_and_accept_all() {
    let p = two_sections_edited();
    assert_eq!(p.run(&["check", "--update", POLICY]).code, 1);
    let read = |path: &str| {
        let file = p.path(path);
        policy_lint::snapshot::parse(&file, std::fs::read_to_string(&file).unwrap()).unwrap()
    };
    let (snapshot, pending) = (read(SNAPSHOT), read(PENDING));
    let cmp = compare(
        &snapshot.document,
        &pending.document,
        &DiffSettings::default(),
    );
    let ads = (cmp.changes.iter())
        .find(|c| c.item.as_deref() == Some("Advertising"))
        .expect("the Advertising change");
    let rejected = vec![ads.id()];
    let text = pending.rejecting(&pending.header.source, &rejected);
    std::fs::write(p.path(PENDING), text).unwrap();

    assert_eq!(p.run(&["check", "--update", POLICY]).code, 1);
    assert_eq!(read(PENDING).header.rejected, rejected);
    let Run { code, stdout, .. } = p.run(&["snapshot", "review", "--accept-all"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains(&format!(
            "rejected earlier: modified {PURPOSES} › Advertising"
        )),
        "{stdout}"
    );
    assert!(!p.path(PENDING).exists());
    let Run { code, stdout, .. } = p.run(&["check", POLICY]);
    assert_eq!(code, 1);
    assert!(stdout.contains("› Advertising"), "{stdout}");
    assert!(stdout.contains("1 error"), "{stdout}");
}

/// An annotation quotes the change plain, even where the run is told to colour (a CI log
/// with `CLICOLOR_FORCE`): GitHub shows escape codes as text.
#[test]
fn annotations_quote_the_change_without_colour_codes() {
    let p = Project::new();
    p.run(&["snapshot", "accept", POLICY]);
    p.edit(
        "to display interest-based ads for",
        "to show interest-based ads for",
    );
    let args = ["--color", "always", "check", "--format", "github", POLICY];
    let Run { code, stdout, .. } = p.run(&args);
    assert_eq!(code, 1);
    assert!(
        stdout.contains(&format!("modified {PURPOSES} › Advertising")),
        "{stdout}"
    );
    assert!(stdout.contains("[-display-]{+show+}"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
}

/// A section inserted in a numbered policy renumbers those after it: one `snapshot-changed`
/// finding says so for all of them, at the first, with the one block that lists them.
#[test]
fn headings_renumbered_are_one_finding() {
    let p = Project::new();
    let numbered = ["Collection", "Use", "Sharing", "Retention"]
        .iter()
        .enumerate()
        .map(|(k, h)| {
            format!(
                "## {}. {h}\n\nWe describe {h} here in a few words.\n",
                k + 1
            )
        })
        .collect::<Vec<_>>();
    p.write("policies/numbered.md", numbered.join("\n"));
    p.run(&["snapshot", "accept", "policies/numbered.md"]);
    let mut inserted = numbered.clone();
    inserted.insert(1, "## 2. Cookies\n\nWe set cookies.\n".to_string());
    for (k, section) in inserted.iter_mut().enumerate().skip(2) {
        *section = section.replacen(&format!("## {k}."), &format!("## {}.", k + 1), 1);
    }
    p.write("policies/numbered.md", inserted.join("\n"));

    let run = p.run(&["check", "--format", "json", "policies/numbered.md"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let file = &report["files"][0];
    let messages: Vec<&str> = (file["findings"].as_array().unwrap().iter())
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "added in 2. Cookies: not accepted into the snapshot",
            "renumbered in 3. Use and 2 more: not accepted into the snapshot",
        ]
    );
    assert_eq!(file["changes"].as_array().unwrap().len(), 4);

    let human = p.run(&["check", "policies/numbered.md"]).stdout;
    assert_eq!(human.matches("renumbered 3 sections").count(), 1, "{human}");
    assert!(
        human.contains("policies/numbered.md:9   [-2-]{+3+}. Use"),
        "{human}"
    );
    assert!(human.contains("[-4-]{+5+}. Retention"), "{human}");
    let github = p
        .run(&["check", "--format", "github", "policies/numbered.md"])
        .stdout;
    assert!(github.contains("renumbered 3 sections"), "{github}");
}

/// A pending file that cannot be written (a folder in its place) fails the run, and names
/// what is in the way; the report of what was checked is still written, and the other
/// policy's pending file too.
#[test]
fn a_pending_file_that_cannot_be_written_keeps_the_report() {
    let p = Project::new();
    let other = "policies/other.txt";
    std::fs::copy(p.path(POLICY), p.path(other)).unwrap();
    assert_eq!(p.run(&["snapshot", "accept", POLICY, other]).code, 0);
    p.edit(
        "to display interest-based ads for",
        "to show interest-based ads for",
    );
    let text = p.read(POLICY);
    p.write(other, &text);
    std::fs::create_dir(p.path("snapshots/policies/other.txt.snap.new")).unwrap();
    let Run {
        code,
        stdout,
        stderr,
    } = p.run(&["check", "--update", "--format", "json", "policies"]);
    assert_eq!(code, 2, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["summary"]["changes"], 2, "{json}");
    assert!(
        stderr.contains("other.txt.snap.new: is a folder, where a snapshot file should be")
            && stderr.ends_with("error: 1 pending snapshot could not be written\n"),
        "{stderr}"
    );
    assert!(p.path(PENDING).is_file());
    // Streamed, each file's line is written too.
    let Run { code, stdout, .. } =
        p.run(&["check", "--update", "--format", "json-lines", "policies"]);
    assert_eq!(code, 2);
    let lines: Vec<serde_json::Value> = (stdout.lines())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines
            .iter()
            .all(|l| l["changes"].as_array().is_some_and(|c| c.len() == 1)),
        "{stdout}"
    );
}

/// A pending file whose policy is gone since is skipped with the command that drops it, not
/// the advice to run `check --update` again (which would leave it where it is).
#[test]
fn a_pending_file_of_a_policy_gone_says_how_to_drop_it() {
    let p = two_sections_edited();
    assert_eq!(p.run(&["check", "--update", POLICY]).code, 1);
    std::fs::remove_file(p.path(POLICY)).unwrap();
    let Run { code, stdout, .. } = p.run(&["snapshot", "review", "--accept-all"]);
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(
        stdout,
        format!(
            "skipped {PENDING}: {POLICY} is gone (deleted or renamed); drop the pending file \
             with `policy-lint snapshot reject {POLICY}`\n"
        )
    );
    assert_eq!(p.run(&["snapshot", "reject", POLICY]).code, 0);
    assert!(!p.path(PENDING).exists());
}

#[test]
fn check_in_ci_never_writes() {
    let p = Project::new();
    p.run(&["snapshot", "accept", POLICY]);
    p.edit(
        "to display interest-based ads for",
        "to show interest-based ads for",
    );
    let before = p.files();
    let out = Command::cargo_bin("policy-lint")
        .unwrap()
        .current_dir(p.dir.path())
        .env("CI", "true")
        .env("POLICY_LINT_UPDATE", "new")
        .args(["check", "--update", POLICY])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("CI is set"));
    assert_eq!(p.files(), before);
    // Not in CI (`CI` a word for no, as some runners set it), the environment variable alone
    // writes the pending snapshot.
    let out = Command::cargo_bin("policy-lint")
        .unwrap()
        .current_dir(p.dir.path())
        .env("CI", "No")
        .env("POLICY_LINT_UPDATE", "new")
        .args(["check", POLICY])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(p.path(PENDING).is_file());
}

#[test]
fn a_policy_without_snapshot_is_a_warning_and_status_tells_each_state() {
    let p = Project::new();
    let Run {
        code, stdout: out, ..
    } = p.run(&["check", POLICY]);
    assert_eq!(code, 0, "a missing snapshot is a warning: {out}");
    assert!(
        out.contains("warning[snapshot-missing]: no approved snapshot, and no snapshot folder snapshots/ (none accepted yet, or not checked out); accept it with `policy-lint snapshot accept policies/privacy.txt`\n --> policies/privacy.txt:1:1"),
        "{out}"
    );
    assert_eq!(
        p.run(&["snapshot", "status", POLICY]).stdout,
        "new        policies/privacy.txt\n"
    );
    // No snapshot folder (not accepted yet, or not checked out): said, not a blank.
    assert_eq!(
        p.run(&["snapshot", "status"]).stdout,
        "no snapshots: snapshots/ does not exist\naccept one with `policy-lint snapshot accept PATH`\n"
    );

    std::fs::write(p.path("policies/other.md"), "# Other\n\nText.\n").unwrap();
    // A folder, as check and accept take it.
    assert_eq!(
        p.run(&["snapshot", "status", "policies"]).stdout,
        "new        policies/other.md\nnew        policies/privacy.txt\n"
    );
    p.run(&["snapshot", "accept", POLICY, "policies/other.md"]);
    let Run {
        code, stdout: out, ..
    } = p.run(&["snapshot", "status"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.lines().filter(|l| l.starts_with("unchanged")).count(),
        2,
        "{out}"
    );
    // With the folder there, a policy never accepted is only that.
    std::fs::write(p.path("policies/third.md"), "# Third\n\nText.\n").unwrap();
    let out = p.run(&["check", "policies/third.md"]).stdout;
    assert!(
        out.contains("warning[snapshot-missing]: no approved snapshot; accept it with"),
        "{out}"
    );
    std::fs::remove_file(p.path("policies/third.md")).unwrap();

    p.edit("Advertising.", "Marketing.");
    std::fs::remove_file(p.path("policies/other.md")).unwrap();
    let Run {
        code, stdout: out, ..
    } = p.run(&["snapshot", "status"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("orphaned (its policy is gone) policies/other.md"),
        "{out}"
    );
    assert!(
        out.contains("changed (1 change) policies/privacy.txt"),
        "{out}"
    );
}

#[test]
fn reject_drops_pending_snapshots() {
    let p = Project::new();
    p.run(&["snapshot", "accept", POLICY]);
    p.edit("Advertising.", "Marketing.");
    p.write("examples.txt", p.read(POLICY));
    p.run(&["check", "--update", POLICY]);
    assert!(p.path(PENDING).is_file());
    let Run {
        code, stdout: out, ..
    } = p.run(&["snapshot", "reject"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("rejected snapshots/policies/privacy.txt.snap.new"),
        "{out}"
    );
    assert!(!p.path(PENDING).exists());
    // A folder named stands for its policies.
    p.run(&["check", "--update", POLICY]);
    assert!(p.path(PENDING).is_file());
    let Run { code, stdout, .. } = p.run(&["snapshot", "reject", "policies"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "rejected snapshots/policies/privacy.txt.snap.new\n");
    assert!(!p.path(PENDING).exists());
    let Run { stdout, .. } = p.run(&["snapshot", "reject", "policies"]);
    assert_eq!(stdout, "no pending snapshots under policies\n");
    // A policy deleted since: its pending file is still dropped, by name or by its folder.
    for named in [POLICY, "policies"] {
        p.write(POLICY, p.read("examples.txt"));
        p.run(&["check", "--update", POLICY]);
        assert!(p.path(PENDING).is_file());
        std::fs::remove_file(p.path(POLICY)).unwrap();
        let Run { code, stdout, .. } = p.run(&["snapshot", "reject", named]);
        assert_eq!(code, 0, "{stdout}");
        assert!(!p.path(PENDING).exists(), "{named}: {stdout}");
    }
}

#[test]
fn a_damaged_snapshot_is_an_error_naming_its_line() {
    let p = Project::new();
    p.run(&["snapshot", "accept", POLICY]);
    let text = p.read(SNAPSHOT).replace("Advertising", "Marketing");
    std::fs::write(p.path(SNAPSHOT), text).unwrap();
    let Run {
        code, stderr: err, ..
    } = p.run(&["diff", POLICY]);
    assert_eq!(code, 2);
    assert!(
        err.contains("privacy.txt.snap:7: the text does not match its sha256"),
        "{err}"
    );
    // The repair named is for the policy as given, quoted, whatever source the damaged
    // header still names (here its name before a rename).
    let renamed = "policies/new name.txt";
    p.write(renamed, p.read(POLICY));
    let moved = "snapshots/policies/new name.txt.snap";
    std::fs::write(p.path(moved), p.read(SNAPSHOT)).unwrap();
    for command in ["check", "diff"] {
        let Run { code, stderr, .. } = p.run(&[command, renamed]);
        assert_eq!(code, 2, "{command}: {stderr}");
        assert!(
            stderr.contains(
                "restore it from git, or accept its policy again: \
                 `policy-lint snapshot accept 'policies/new name.txt'`"
            ),
            "{command}: {stderr}"
        );
    }
    std::fs::remove_file(p.path(renamed)).unwrap();
    std::fs::remove_file(p.path(moved)).unwrap();
    // `status` names it damaged beside the other policies' states, with or without PATHs.
    p.write("policies/other.txt", p.read(POLICY));
    for args in [
        &["snapshot", "status", POLICY, "policies/other.txt"][..],
        &["snapshot", "status"][..],
    ] {
        let Run {
            code,
            stdout,
            stderr,
        } = p.run(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(
            stdout.contains("damaged: ") && stdout.contains("the text does not match its sha256"),
            "{args:?}: {stdout}"
        );
        assert!(
            stderr.contains("accepting its policy again repairs it"),
            "{stderr}"
        );
        if args.len() > 2 {
            assert!(stdout.contains("new        policies/other.txt"), "{stdout}");
        }
    }
    // Accepting repairs it.
    assert_eq!(p.run(&["snapshot", "accept", POLICY]).code, 0);
    assert_eq!(p.run(&["diff", POLICY]).code, 0);
}

#[test]
fn policies_outside_the_project_are_refused() {
    let p = Project::new();
    let outside = tempfile::tempdir().unwrap();
    let file = outside.path().join("x.txt");
    std::fs::write(&file, "Some text.\n").unwrap();
    let Run {
        code, stderr: err, ..
    } = p.run(&["snapshot", "accept", file.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("is outside the project root"), "{err}");
    assert!(!p.path("snapshots").exists());
    // Nor is a name its snapshot's header could not hold on one line.
    let broken = "policies/two\nlines.txt";
    p.write(broken, "Some text.\n");
    let Run { code, stderr, .. } = p.run(&["snapshot", "accept", broken]);
    assert_eq!(code, 2);
    assert!(stderr.contains("has a line break in its name"), "{stderr}");
    assert!(!p.path("snapshots").exists());
}

#[test]
fn the_snapshot_folder_can_be_chosen() {
    let p = Project::new();
    let Run { code, .. } = p.run(&["--snapshots", "approved", "snapshot", "accept", POLICY]);
    assert_eq!(code, 0);
    assert!(p.path("approved/policies/privacy.txt.snap").is_file());
    assert_eq!(p.run(&["check", "--snapshots", "approved", POLICY]).code, 0);
    // A mistyped folder is an error, not every policy "never accepted" (a warning CI lets pass).
    p.refused(
        &["check", "--snapshots", "aproved", POLICY],
        &["aproved", "no such snapshot folder"],
    );
    assert_eq!(
        p.run(&["check", "--rules-only", "--snapshots", "aproved", POLICY])
            .code,
        0
    );
    // So for the commands that read the folder; accepting makes it.
    for command in [&["status"][..], &["review", "--accept-all"], &["reject"]] {
        let args = [&["--snapshots", "aproved", "snapshot"][..], command].concat();
        p.refused(&args, &["aproved", "no such snapshot folder"]);
    }
    assert_eq!(
        p.run(&["--snapshots", "new-folder", "snapshot", "accept", POLICY])
            .code,
        0
    );
}

#[test]
fn check_without_paths_names_files_as_typed_in_ci_formats() {
    let p = Project::new();
    assert_eq!(p.run(&["snapshot", "accept", POLICY]).code, 0);
    p.edit("display interest-based ads", "show interest-based ads");
    // The policies come from the snapshots: named from the project root, where CI runs, as
    // GitHub annotations and SARIF results expect, not as absolute paths.
    let github = p.run(&["check", "--format", "github"]);
    assert_eq!(github.code, 1, "{}", github.stderr);
    assert!(
        github
            .stdout
            .starts_with(&format!("::error file={POLICY},line=")),
        "{}",
        github.stdout
    );
    let sarif = p.run(&["check", "--format", "sarif"]);
    assert!(
        sarif.stdout.contains(&format!("\"uri\": \"{POLICY}\"")),
        "{}",
        sarif.stdout
    );
    // The project's own folder listed: its policies are found (the snapshots left out).
    p.write("rules.toml", "[settings]\npaths = [\".\"]\n");
    let all = p.run(&["check"]);
    assert_eq!(all.code, 1, "{}", all.stderr);
    assert!(all.stdout.contains("1 file checked"), "{}", all.stdout);
    // Listed under `paths` in rules.toml: the same.
    p.write("rules.toml", "[settings]\npaths = [\"policies\"]\n");
    let listed = p.run(&["check", "--format", "github"]);
    assert!(
        listed
            .stdout
            .starts_with(&format!("::error file={POLICY},line=")),
        "{}",
        listed.stdout
    );
}

#[test]
fn accept_takes_folders_and_writes_nothing_if_one_file_is_bad() {
    let p = Project::new();
    p.write("policies/broken.txt", b"text\0binary");
    // The good policy comes first: it is not accepted either.
    p.refused(
        &["snapshot", "accept", POLICY, "policies/broken.txt"],
        &["no snapshot was written", "broken.txt", "binary"],
    );
    assert!(!p.path("snapshots").exists());
    std::fs::remove_file(p.path("policies/broken.txt")).unwrap();
    // A folder, as `check` takes it; a policy named twice is accepted once.
    let run = p.run(&["snapshot", "accept", "policies", POLICY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(p.path(SNAPSHOT).is_file());
    assert_eq!(p.run(&["check", "policies"]).code, 0);
    // Named through `..` too: one file, checked once.
    let through = "policies/../policies/privacy.txt";
    let run = p.run(&["check", "--format", "json", POLICY, through, "policies/"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 1, "{json}");
}

#[test]
fn an_undone_edit_takes_its_pending_snapshot_with_it() {
    let p = Project::new();
    p.run(&["snapshot", "accept", POLICY]);
    let original = p.read(POLICY);
    p.edit(
        "to display interest-based ads for",
        "to show interest-based ads for",
    );
    assert_eq!(p.run(&["check", "--update", POLICY]).code, 1);
    assert!(p.path(PENDING).is_file());
    // Edited again: the pending file no longer holds the policy, and review says so.
    p.edit(
        "to show interest-based ads for",
        "to push interest-based ads for",
    );
    let review = p.run(&["snapshot", "review", "--accept-all"]);
    assert_eq!(review.code, 1, "{}", review.stdout);
    assert!(
        review
            .stdout
            .contains("changed since `policy-lint check --update`")
    );
    // So does status, with or without the policy named.
    for args in [
        &["snapshot", "status", POLICY][..],
        &["snapshot", "status"][..],
    ] {
        let status = p.run(args);
        assert!(
            status.stdout.starts_with(&format!(
                "changed (1 change); {PENDING} is out of date, the policy changed since \
                 (`policy-lint check --update` writes it again) {POLICY}"
            )),
            "{args:?}: {}",
            status.stdout
        );
    }
    // A pending file that cannot be read is said to be damaged, and review says how to drop it.
    let held = p.read(PENDING);
    p.write(PENDING, "not a snapshot\n");
    let status = p.run(&["snapshot", "status", POLICY]);
    assert!(
        status.stdout.contains(&format!(
            "{PENDING} is damaged (`policy-lint snapshot reject {POLICY}` drops it)"
        )),
        "{}",
        status.stdout
    );
    // A new policy's too; review passes over each, reviews the others, and fails.
    let other = "policies/other.txt";
    let other_pending = "snapshots/policies/other.txt.snap.new";
    p.write(other, p.read(POLICY));
    p.run(&["check", "--update", other]);
    let other_held = p.read(other_pending);
    p.write(other_pending, "not a snapshot either\n");
    let status = p.run(&["snapshot", "status"]);
    assert!(
        status.stdout.contains(&format!(
            "new; {other_pending} is damaged (`policy-lint snapshot reject {other}` drops it) \
             {other}\n"
        )),
        "{}",
        status.stdout
    );
    p.write(other_pending, other_held);
    p.write(PENDING, "not a snapshot\n");
    let Run {
        code,
        stdout,
        stderr,
    } = p.run(&["snapshot", "review", "--accept-all"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!(
            "skipped {PENDING}: damaged: \
             {}:1: not a policy-lint snapshot (no `---` header); \
             `policy-lint check --update {POLICY}` writes it again, \
             `policy-lint snapshot reject {POLICY}` drops it\n",
            p.path(PENDING).display()
        )) && stdout.contains("wrote snapshots/policies/other.txt.snap\n"),
        "{stdout}"
    );
    assert_eq!(stderr, "error: 1 pending snapshot could not be read\n");
    std::fs::remove_file(p.path(other)).unwrap();
    std::fs::remove_file(p.path("snapshots/policies/other.txt.snap")).unwrap();
    p.write(PENDING, held);
    // Undone: status says the pending file is left over, review drops it; so does the next
    // update, and the snapshot never changed.
    p.write(POLICY, &original);
    let status = p.run(&["snapshot", "status", POLICY]);
    assert_eq!(status.code, 0, "{}", status.stdout);
    assert!(
        status.stdout.starts_with(&format!(
            "unchanged; {PENDING} is left over (`policy-lint snapshot reject {POLICY}` drops it) {POLICY}"
        )),
        "{}",
        status.stdout
    );
    let review = p.run(&["snapshot", "review", "--accept-all"]);
    assert_eq!(review.code, 0, "{}", review.stdout);
    assert!(
        review.stdout.starts_with(&format!("dropped {PENDING}: ")),
        "{}",
        review.stdout
    );
    assert!(!p.path(PENDING).exists());
    p.edit(
        "to display interest-based ads for",
        "to show interest-based ads for",
    );
    assert_eq!(p.run(&["check", "--update", POLICY]).code, 1);
    let status = p.run(&["snapshot", "status"]);
    assert!(
        status
            .stdout
            .contains(&format!("changed (1 change); pending review {POLICY}")),
        "{}",
        status.stdout
    );
    p.write(POLICY, &original);
    let Run { code, stderr, .. } = p.run(&["check", "--update", POLICY]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("removed snapshots/policies/privacy.txt.snap.new"),
        "{stderr}"
    );
    assert!(!p.path(PENDING).exists());
    assert_eq!(p.run(&["check", POLICY]).code, 0);
    // Nothing left to reject: said, not passed over in silence.
    let named = p.run(&["snapshot", "reject", POLICY]);
    assert_eq!(named.stdout, format!("no pending {PENDING}\n"));
    assert_eq!(
        p.run(&["snapshot", "reject"]).stdout,
        "no pending snapshots\n"
    );
}

#[test]
fn a_policy_deleted_or_renamed_is_a_finding_on_its_snapshot() {
    let p = Project::new();
    p.run(&["snapshot", "accept", POLICY]);
    std::fs::rename(p.path(POLICY), p.path("policies/privacy-notice.txt")).unwrap();
    // Without PATHs, check reads the policies of the snapshots: this one is gone.
    let Run { code, stdout, .. } = p.run(&["check"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.starts_with(&format!(
            "error[snapshot-changed]: {POLICY} is gone (deleted or renamed)"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(" --> {SNAPSHOT}:1:1\n")),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("`git rm {SNAPSHOT}`")), "{stdout}");
    // CI gets a report it can upload, not an empty file.
    let sarif = p.run(&["check", "--format", "sarif"]);
    assert_eq!(sarif.code, 1, "{}", sarif.stderr);
    let v: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        SNAPSHOT
    );
    // Its rules did not run: the JUnit suite lists the snapshot checks alone, not as passed.
    p.write(
        "rules.toml",
        "[[rule]]\nid = \"no-sale\"\nkind = \"forbid\"\nseverity = \"error\"\nmessage = \"m\"\n\
         pattern = { patterns = ['we sell'] }\n",
    );
    let junit = p.run(&["check", "--format", "junit"]);
    assert_eq!(junit.code, 1, "{}", junit.stderr);
    let cases: Vec<&str> = (junit.stdout.lines())
        .filter_map(|l| l.trim().strip_prefix("<testcase "))
        .collect();
    assert_eq!(
        cases,
        [
            format!("classname=\"{SNAPSHOT}\" name=\"snapshot-changed\">"),
            format!("classname=\"{SNAPSHOT}\" name=\"snapshot-missing\"/>"),
        ],
        "{}",
        junit.stdout
    );
    // Given only the renamed policy, as a pre-commit hook is, --orphans finds it.
    let renamed = p.run(&["check", "--orphans", "policies/privacy-notice.txt"]);
    assert_eq!(renamed.code, 1, "{}", renamed.stdout);
    assert!(
        renamed.stdout.contains(&format!("{POLICY} is gone"))
            && renamed.stdout.contains("warning[snapshot-missing]"),
        "{}",
        renamed.stdout
    );
    // The renamed policy reads like the snapshot left behind: said, with the move to make.
    assert!(
        renamed.stdout.contains(&format!(
            "= help: it reads like {POLICY}, which is gone: if it was renamed, move the snapshot \
             with it (`git mv {SNAPSHOT} snapshots/policies/privacy-notice.txt.snap`)"
        )),
        "{}",
        renamed.stdout
    );
    assert_eq!(p.run(&["check", "policies/privacy-notice.txt"]).code, 0);
    // Alone, only the gone: from a subfolder too.
    let alone = p.run(&["check", "--orphans", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&alone.stdout).unwrap();
    assert_eq!(json["files"].as_array().map(Vec::len), Some(1), "{json}");
    assert_eq!(json["files"][0]["path"], SNAPSHOT);
    // Rules alone do not look for it.
    assert_eq!(p.run(&["check", "--rules-only"]).code, 0);
    // Nor is it missed where its folder, or its path, is named: by check and by status.
    for named in ["policies", "policies/", ".", POLICY] {
        let Run { code, stdout, .. } = p.run(&["check", named]);
        assert_eq!(code, 1, "{named}: {stdout}");
        assert!(
            stdout.contains(&format!("{POLICY} is gone (deleted or renamed)")),
            "{named}: {stdout}"
        );
        let Run { code, stdout, .. } = p.run(&["snapshot", "status", named]);
        assert_eq!(code, 1, "{named}: {stdout}");
        assert!(
            stdout.contains(&format!("orphaned (its policy is gone) {POLICY}\n")),
            "{named}: {stdout}"
        );
    }
    // From the policy's folder, named as `check` names it there.
    let out = Command::cargo_bin("policy-lint")
        .unwrap()
        .current_dir(p.path("policies"))
        .args(["snapshot", "status"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "orphaned (its policy is gone) privacy.txt\n"
    );
    // Its snapshot renamed with it: the policy of a snapshot is the one its name says.
    std::fs::rename(
        p.path(SNAPSHOT),
        p.path("snapshots/policies/privacy-notice.txt.snap"),
    )
    .unwrap();
    assert_eq!(p.run(&["check"]).code, 0);
    let clean = p.run(&["check", "--orphans"]);
    assert_eq!(
        (clean.code, clean.stdout.as_str()),
        (0, "0 files checked: no findings\n")
    );
    let Run { code, stdout, .. } = p.run(&["snapshot", "status"]);
    assert_eq!(
        (code, stdout.as_str()),
        (0, "unchanged  policies/privacy-notice.txt\n")
    );
}

/// `git rm` of a folder's last policy removes the folder: its policies, named, listed or named
/// through the folder, are gone, not files that cannot be read; the command that removes a
/// snapshot is quoted as the shell needs.
#[test]
fn a_policy_gone_with_its_folder_is_a_finding_on_its_snapshot() {
    let p = Project::new();
    let policy = "legal notes/privacy.txt";
    std::fs::create_dir(p.path("legal notes")).unwrap();
    p.write(policy, p.read(POLICY));
    assert_eq!(p.run(&["snapshot", "accept", policy]).code, 0);
    std::fs::remove_dir_all(p.path("legal notes")).unwrap();
    let gone = format!("{policy} is gone (deleted or renamed)");
    for named in [policy, "legal notes", "legal notes/"] {
        let Run {
            code,
            stdout,
            stderr,
        } = p.run(&["check", named]);
        assert_eq!(code, 1, "{named}: {stdout}{stderr}");
        assert!(stdout.contains(&gone), "{named}: {stdout}");
        assert!(
            stdout.contains("(`git rm 'snapshots/legal notes/privacy.txt.snap'`)"),
            "{stdout}"
        );
        let Run { code, stdout, .. } = p.run(&["snapshot", "status", named]);
        assert_eq!(code, 1, "{named}: {stdout}");
        assert_eq!(stdout, format!("orphaned (its policy is gone) {policy}\n"));
    }
    let listed = Command::cargo_bin("policy-lint")
        .unwrap()
        .current_dir(p.path(""))
        .args(["check", "--files-from", "-"])
        .write_stdin(format!("{policy}\n"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(listed.stdout).unwrap();
    assert_eq!(listed.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains(&gone), "{stdout}");
    // A folder that never held a policy is still an error.
    assert_eq!(p.run(&["check", "legal"]).code, 2);
}

/// GitHub shows an annotation inline only on a line the pull request changed: a change not
/// accepted points at its first changed words, not at its item's label lines above.
#[test]
fn an_unaccepted_change_points_at_its_changed_words() {
    let p = Project::new();
    let policy = "policies/notice.md";
    let old = "# Notice\n\n## Sharing\n\n**Partners.** We share your data\nwith *payment processors* and\nwith couriers.\n\n## Keeping\n\nWe do not *sell* your data.\nWe keep it for &ldquo;two years&rdquo; only.\n";
    p.write(policy, old);
    assert_eq!(p.run(&["snapshot", "accept", policy]).code, 0);
    p.write(
        policy,
        old.replace("with couriers", "with advertisers")
            .replace("&rdquo; only.", "&rdquo;."),
    );
    let github = p.run(&["check", "--rules-only", "--format", "github", policy]);
    // --rules-only leaves the snapshot out: nothing to report.
    assert_eq!(github.code, 0, "{}", github.stdout);
    let github = p.run(&["check", "--format", "github", policy]);
    assert_eq!(github.code, 1, "{}", github.stderr);
    let at: Vec<&str> = github
        .stdout
        .lines()
        .filter(|l| l.contains("snapshot-changed"))
        .map(|l| l.split("::").nth(1).unwrap_or(l))
        .collect();
    assert_eq!(
        at,
        [
            // "advertisers" (line 7, columns 6 to 16; the end column is past the word).
            "error file=policies/notice.md,line=7,col=6,endLine=7,endColumn=17,title=policy-lint snapshot-changed",
            // A deletion (" only" after a quote written as an entity): the end of the word
            // before it.
            "error file=policies/notice.md,line=12,col=32,endLine=12,endColumn=32,title=policy-lint snapshot-changed",
        ],
        "{}",
        github.stdout
    );
}

/// A section removed is pointed at where it stood: the heading of the section now after it, or
/// past the end of the one before it when it was the last, not the first line of the file.
#[test]
fn an_unaccepted_removed_section_points_at_where_it_stood() {
    let p = Project::new();
    let policy = "policies/notice.md";
    let old = "# Notice\n\n## Collecting\n\nWe collect your name.\n\n## Sharing\n\n\
               We do not sell your data.\n\n## Contact\n\nEmail us.\n";
    p.write(policy, old);
    assert_eq!(p.run(&["snapshot", "accept", policy]).code, 0);
    let at = |text: &str| {
        p.write(policy, text);
        let github = p.run(&["check", "--format", "github", policy]);
        assert_eq!(github.code, 1, "{}", github.stderr);
        let at: Vec<String> = (github.stdout.lines())
            .filter(|l| l.contains("snapshot-changed"))
            .map(|l| l.split(",title=").next().unwrap_or(l).to_string())
            .collect();
        at
    };
    let sharing = "## Sharing\n\nWe do not sell your data.\n\n";
    let before_contact = "::error file=policies/notice.md,line=7,col=4,endLine=7,endColumn=11";
    assert_eq!(at(&old.replace(sharing, "")), [before_contact]);
    let last = "# Notice\n\n## Collecting\n\nWe collect your name.\n\n## Sharing\n\n\
                We do not sell your data.\n";
    p.write(policy, last);
    assert_eq!(p.run(&["snapshot", "accept", policy]).code, 0);
    let after_collecting = "::error file=policies/notice.md,line=5,col=22,endLine=5,endColumn=22";
    let sharing_last = "## Sharing\n\nWe do not sell your data.\n";
    assert_eq!(at(&last.replace(sharing_last, "")), [after_collecting]);
    let human = p.run(&["check", policy]);
    assert!(
        human.stdout.contains("^ where the removed section stood\n"),
        "{}",
        human.stdout
    );
    // Not at another section of the same heading: the next one's.
    let products = "# Notice\n\n## Photo app\n\nWe keep photos.\n\n### Overview\n\nPhotos stay.\n\n\
                    ## Music app\n\nWe keep songs.\n\n### Overview\n\nSongs stay.\n\n## Contact\n\nEmail us.\n";
    p.write(policy, products);
    assert_eq!(p.run(&["snapshot", "accept", policy]).code, 0);
    let music = "## Music app\n\nWe keep songs.\n\n### Overview\n\nSongs stay.\n\n";
    let at_contact = "::error file=policies/notice.md,line=11,col=4,endLine=11,endColumn=11";
    assert_eq!(at(&products.replace(music, "")), [at_contact, at_contact]);
}

/// A link whose target alone changed is pointed at by its words, not by the heading of the
/// section that holds it.
#[test]
fn an_unaccepted_link_change_points_at_the_link() {
    let p = Project::new();
    let policy = "policies/notice.html";
    let old = "<main>\n<h2>Sharing</h2>\n<h3>Collected automatically</h3>\n<p>We use cookies.\n\
               See our <a href=\"/cookie-policy/\">cookie policy</a> for details.</p>\n</main>\n";
    p.write(policy, old);
    assert_eq!(p.run(&["snapshot", "accept", policy]).code, 0);
    p.write(
        policy,
        old.replace("/cookie-policy/", "https://ads.example/c"),
    );
    let github = p.run(&["check", "--format", "github", policy]);
    assert_eq!(github.code, 1, "{}", github.stderr);
    let at: Vec<&str> = (github.stdout.lines())
        .filter(|l| l.contains("snapshot-changed"))
        .map(|l| l.split("::").nth(1).unwrap_or(l))
        .collect();
    assert_eq!(
        at,
        [
            "error file=policies/notice.html,line=5,col=41,endLine=5,endColumn=54,title=policy-lint snapshot-changed"
        ],
        "{}",
        github.stdout
    );
    // The annotation says what changed, which a reviewer reads on the pull request.
    assert!(
        github.stdout.contains(
            "%0A%0Alink     Collected automatically (introduction)%0A@@ policies/notice.html:5 \
             (was snapshots/policies/notice.html.snap:"
        ) && github
            .stdout
            .contains("link \"cookie policy\": [-/cookie-policy/-] → {+https://ads.example/c+}"),
        "{}",
        github.stdout
    );
    let sarif = p.run(&["check", "--format", "sarif", policy]);
    let log: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    let text = log["runs"][0]["results"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(
        text.ends_with("[-/cookie-policy/-] → {+https://ads.example/c+}"),
        "{text}"
    );
}

#[test]
fn a_change_before_the_first_heading_is_placed_there_in_words() {
    let p = Project::new();
    let policy = "policies/notice.md";
    p.write(
        policy,
        "Effective May 1.\n\n# Sharing\n\nWe share nothing.\n",
    );
    assert_eq!(p.run(&["snapshot", "accept", policy]).code, 0);
    p.write(
        policy,
        "Effective June 1.\n\n# Sharing\n\nWe share nothing.\n",
    );
    let run = p.run(&["check", policy]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("= note: before the first heading\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("section \"\""), "{}", run.stdout);
}

#[test]
fn a_rules_toml_without_rules_is_noted_and_the_snapshot_still_compared() {
    let p = Project::new();
    assert_eq!(p.run(&["snapshot", "accept", POLICY]).code, 0);
    let run = p.run(&["check", POLICY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("note: rules.toml declares no rule: only snapshots are compared"),
        "{}",
        run.stderr
    );
    let run = p.run(&["check", "--rules-only", POLICY]);
    assert!(
        run.stderr
            .starts_with("note: rules.toml declares no rule: nothing is checked"),
        "{}",
        run.stderr
    );
    p.edit("display interest-based ads", "show interest-based ads");
    assert_eq!(p.run(&["check", POLICY]).code, 1);
    // With a rule, no note.
    p.write(
        "rules.toml",
        "[lexicon.ads]\nwords = [\"display\"]\n\n[[rule]]\nid = \"x\"\nkind = \"forbid\"\npattern = \"ads\"\nmessage = \"m\"\nseverity = \"error\"\n",
    );
    let run = p.run(&["check", POLICY]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("declares no rule"), "{}", run.stderr);
}
