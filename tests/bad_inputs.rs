//! Every bad input a user can throw at the binary, end to end: each is handled (a pathological
//! but valid policy) or refused with exit 2 and one message naming the file and the cause, and
//! nothing is left half-written. Cases already covered elsewhere (empty, binary, invalid UTF-8,
//! UTF-16, a folder or missing path for `outline`, a snapshot whose hash fails, a rule id used
//! twice) are in tests/outline_cli.rs, tests/snapshot.rs and tests/rules_config_errors.rs.

use serde_json::Value;

mod common;
use common::project::{POLICY, Project, Run, SNAPSHOT};

fn sections(run: &Run) -> Vec<Value> {
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    json["sections"].as_array().unwrap().clone()
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let p = Project::new();
    // 100 MB on one line: refused from its size, with the setting that raises the limit.
    let line = vec![b'a'; 100 * 1024 * 1024];
    p.write("policies/huge.txt", &line);
    drop(line);
    for args in [
        &["outline", "policies/huge.txt"][..],
        &["check", "policies/huge.txt"],
        &["snapshot", "accept", "policies/huge.txt"],
    ] {
        p.refused(
            args,
            &[
                "huge.txt",
                "file is 104857600 bytes, over the limit of 67108864 bytes",
                "max-file-size",
            ],
        );
    }
    assert!(!p.path("snapshots").exists());
}

#[test]
fn both_versions_of_a_diff_are_read_with_the_configurations_outline_settings() {
    // The old version is parsed before the configuration is loaded, with the default settings;
    // a configuration (or flag) with other settings has it read again with them.
    let p = Project::new();
    p.write(
        "policies/new.txt",
        p.read(POLICY).replace("display", "show"),
    );
    let diff = ["diff", POLICY, "policies/new.txt"];
    assert_eq!(p.run(&diff).code, 1);
    let over = [
        "privacy.txt",
        "over the limit of 1000 bytes",
        "max-file-size",
    ];
    p.write("rules.toml", "[outline]\nmax-file-size = 1000\n");
    p.refused(&diff, &over);
    p.write("rules.toml", "");
    p.refused(&[&["--max-file-size", "1000"][..], &diff].concat(), &over);
}

#[cfg(unix)]
#[test]
fn an_old_version_from_a_pipe_is_read_once_with_the_configurations_settings() {
    // `diff <(git show HEAD:policy.txt) policy.txt`: a pipe can be read only once, so it is not
    // read ahead with the default settings; a configuration with others still gets its text.
    let p = Project::new();
    p.write("rules.toml", "[outline]\nmax-wrap-width = 100\n");
    p.write(
        "policies/new.txt",
        p.read(POLICY).replace("display", "show"),
    );
    let out = assert_cmd::Command::cargo_bin("policy-lint")
        .unwrap()
        .current_dir(p.path(""))
        .env("NO_COLOR", "1")
        .args(["diff", "/dev/stdin", "policies/new.txt"])
        .write_stdin(p.read(POLICY))
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(stdout.contains("[-display-]{+show+}"), "{stdout}");
    assert!(stdout.contains("1 change (1 modified)"), "{stdout}");
}

#[test]
fn a_long_single_line_under_the_limit_is_one_paragraph() {
    let p = Project::new();
    let sentence = "We never sell the information we collect about you. ";
    p.write("policies/long.txt", sentence.repeat(80_000));
    let run = p.run(&["outline", "--format", "json", "policies/long.txt"]);
    let sections = sections(&run);
    assert_eq!(sections.len(), 1);
    let intro = sections[0]["intro"].as_str().unwrap();
    assert_eq!(intro.matches("We never sell").count(), 80_000);
}

#[test]
fn html_nested_ten_thousand_levels_deep_is_read() {
    let p = Project::new();
    let depth = 10_000;
    let html = format!(
        "<html><body>{}<h2>Sharing</h2><p>We do not share your data.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    p.write("policies/deep.html", html);
    let sections = sections(&p.run(&["outline", "--format", "json", "policies/deep.html"]));
    assert_eq!(sections.len(), 1);
    assert_eq!(sections[0]["heading"], "Sharing");
    assert_eq!(sections[0]["intro"], "We do not share your data.");
}

#[test]
fn an_entity_bomb_is_not_expanded() {
    let p = Project::new();
    // The "billion laughs": HTML parsers do not expand declared entities, so the references
    // stay as written, and a hundred thousand character references decode one by one.
    let mut html = String::from("<!DOCTYPE html [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        html.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    html.push_str("]>\n<html><body><h2>Bomb</h2><p>&lol9;</p><p>");
    html.push_str(&"&amp;&#x41;&nbsp;".repeat(100_000));
    html.push_str("</p></body></html>\n");
    p.write("policies/bomb.html", &html);
    let run = p.run(&["outline", "--format", "json", "policies/bomb.html"]);
    let sections = sections(&run);
    // (The declarations' closing `]>` is left as text before the heading.)
    let bomb = sections.iter().find(|s| s["heading"] == "Bomb").unwrap();
    let intro = bomb["intro"].as_str().unwrap();
    assert!(intro.contains("&lol9;"), "{intro:.80}");
    assert!(!intro.contains("lollol"));
    assert_eq!(intro.matches("&A").count(), 100_000);
}

#[test]
fn markdown_with_a_hundred_thousand_headings_is_read() {
    let p = Project::new();
    let text: String = (0..100_000)
        .map(|i| format!("## Heading {i}\n\nClause {i}.\n\n"))
        .collect();
    p.write("policies/many.md", text);
    let sections = sections(&p.run(&["outline", "--format", "json", "policies/many.md"]));
    assert_eq!(sections.len(), 100_000);
    assert_eq!(sections[99_999]["heading"], "Heading 99999");
    assert_eq!(sections[99_999]["intro"], "Clause 99999.");
}

#[test]
fn a_folder_or_a_missing_path_is_refused_by_every_command() {
    let p = Project::new();
    std::fs::create_dir(p.path("policies/folder.md")).unwrap();
    // (`check` and `snapshot accept` take folders: the policies inside, of which there must
    // be one.)
    for command in [&["check"][..], &["snapshot", "accept"]] {
        let args = |path| [command, &[path]].concat();
        p.refused(
            &args("policies/missing.md"),
            &["policies/missing.md", "no such file"],
        );
        p.refused(
            &args("policies/folder.md"),
            &["policies/folder.md", "no policy in this folder"],
        );
    }
    for (path, cause) in [
        ("policies/folder.md", "is a directory"),
        ("policies/missing.md", "no such file"),
    ] {
        for args in [&["diff", path][..], &["diff", POLICY, path]] {
            p.refused(args, &[path, cause]);
        }
    }
    assert!(!p.path("snapshots").exists());
}

#[cfg(unix)]
#[test]
fn a_dangling_link_is_a_missing_file() {
    let p = Project::new();
    std::os::unix::fs::symlink("gone.txt", p.path("policies/link.txt")).unwrap();
    p.refused(
        &["outline", "policies/link.txt"],
        &["link.txt", "no such file"],
    );
}

#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_file_is_refused_with_the_cause() {
    // Permissions cannot make a file unreadable when the tests run as root; the memory of the
    // reading process itself fails to read (EIO at offset 0) for every user.
    let p = Project::new();
    std::os::unix::fs::symlink("/proc/self/mem", p.path("policies/mem.txt")).unwrap();
    for args in [
        &["outline", "policies/mem.txt"][..],
        &["check", "policies/mem.txt"],
    ] {
        p.refused(args, &["mem.txt", "cannot read", "Input/output error"]);
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_refused_as_a_file_and_skipped_as_a_folder() {
    let p = Project::new();
    let link = |target: &str, name: &str| std::os::unix::fs::symlink(target, p.path(name)).unwrap();
    link("b.md", "policies/a.md");
    link("a.md", "policies/b.md");
    p.refused(
        &["outline", "policies/a.md"],
        &["a.md", "cannot read", "symbolic links"],
    );
    std::fs::remove_file(p.path("policies/a.md")).unwrap();
    std::fs::remove_file(p.path("policies/b.md")).unwrap();
    // A folder that links back to its parent: walking `policies` finds the policy once.
    link(".", "policies/loop");
    assert_eq!(p.run(&["snapshot", "accept", POLICY]).code, 0);
    let run = p.run(&["check", "--format", "json", "policies"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let files: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(files, [POLICY]);
}

#[test]
fn a_file_where_the_snapshot_folder_should_be_is_refused() {
    let p = Project::new();
    p.write("snapshots", "not a folder\n");
    let before = p.files();
    p.refused(
        &["snapshot", "accept", POLICY],
        &["snapshots", "Not a directory"],
    );
    assert_eq!(p.files(), before, "nothing written");
    // Not "no snapshots" either.
    p.refused(&["snapshot", "status"], &["snapshots: not a folder"]);
    // A file in place of a folder inside it.
    std::fs::remove_file(p.path("snapshots")).unwrap();
    std::fs::create_dir(p.path("snapshots")).unwrap();
    p.write("snapshots/policies", "");
    let before = p.files();
    let run = p.refused(&["snapshot", "accept", POLICY], &["snapshots/policies"]);
    assert_eq!(
        run.stderr.matches("os error").count(),
        1,
        "the cause once: {}",
        run.stderr
    );
    assert_eq!(p.files(), before, "nothing written");
}

#[test]
fn a_snapshot_edited_into_garbage_is_refused_naming_it() {
    let p = Project::new();
    assert_eq!(p.run(&["snapshot", "accept", POLICY]).code, 0);
    let cases: [(&[u8], &str); 5] = [
        (b"", "privacy.txt.snap:1: the file ends inside its header"),
        (
            b"\x89PNG\r\n\x1a\n\x00garbage",
            "privacy.txt.snap:1: is not UTF-8",
        ),
        // A bad byte further on: its line and column.
        (
            b"---\npolicy-lint snapshot 1\nsource: \xc3\xa9t\xe9\n",
            "privacy.txt.snap:3: is not UTF-8 (byte 38, column 11 of its line)",
        ),
        (
            b"<<<<<<< HEAD\n---\n",
            "privacy.txt.snap:1: not a policy-lint snapshot",
        ),
        (
            b"---\npolicy-lint snapshot 1\nsource: policies/privacy.txt\n",
            "privacy.txt.snap:4: the file ends inside its header",
        ),
    ];
    for (bytes, expected) in cases {
        p.write(SNAPSHOT, bytes);
        for args in [&["check", POLICY][..], &["diff", POLICY]] {
            p.refused(args, &[expected]);
        }
        // `status` lists it as damaged, with the cause, and fails as `check` does.
        let status = p.run(&["snapshot", "status"]);
        assert_eq!(status.code, 2, "{}", status.stderr);
        assert!(
            status.stderr.contains("1 snapshot is damaged"),
            "{}",
            status.stderr
        );
        assert!(status.stdout.contains("damaged: "), "{}", status.stdout);
        assert!(status.stdout.contains(expected), "{}", status.stdout);
    }
    // Accepting again replaces the garbage with a whole snapshot.
    assert_eq!(p.run(&["snapshot", "accept", POLICY]).code, 0);
    assert_eq!(p.run(&["check", POLICY]).code, 0);
}

#[cfg(unix)]
#[test]
fn snapshots_never_escape_the_snapshot_folder() {
    let p = Project::new();
    let outside = tempfile::tempdir().unwrap();
    // A policy named with `..` that leaves the project.
    p.refused(&["snapshot", "accept", "../outside.txt"], &["outside.txt"]);
    // A folder inside snapshots/ that links out of it.
    std::fs::create_dir(p.path("snapshots")).unwrap();
    std::os::unix::fs::symlink(outside.path(), p.path("snapshots/policies")).unwrap();
    p.refused(
        &["snapshot", "accept", POLICY],
        &["snapshots/policies", "outside the snapshot folder"],
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    // A snapshot file that links to a file elsewhere is neither read nor overwritten.
    std::fs::remove_file(p.path("snapshots/policies")).unwrap();
    std::fs::create_dir(p.path("snapshots/policies")).unwrap();
    let target = outside.path().join("precious.txt");
    std::fs::write(&target, "keep me\n").unwrap();
    std::os::unix::fs::symlink(&target, p.path(SNAPSHOT)).unwrap();
    p.refused(&["diff", POLICY], &["privacy.txt.snap", "symbolic link"]);
    p.refused(
        &["snapshot", "accept", POLICY],
        &["privacy.txt.snap", "symbolic link"],
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me\n");
}

#[test]
fn a_catastrophic_looking_regex_runs_in_linear_time() {
    let p = Project::new();
    // `(a+)+$` and `(a|aa)*b` take exponential time in a backtracking engine on a long run of
    // `a`s with no match; Rust's regex is linear, so this finishes like any other rule.
    p.write(
        "rules.toml",
        "[[rule]]\nid = \"nested\"\nkind = \"forbid\"\nseverity = \"error\"\nmessage = \"m\"\n\
         pattern = { patterns = ['(a+)+$', '(a|aa)*b'] }\n",
    );
    p.write("policies/aaa.txt", format!("{}!\n", "a".repeat(200_000)));
    let run = p.run(&["check", "--rules-only", "policies/aaa.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A regex too big to compile is a configuration error, not a hang.
    p.write(
        "rules.toml",
        "[[rule]]\nid = \"huge\"\nkind = \"forbid\"\nseverity = \"error\"\nmessage = \"m\"\n\
         pattern = { patterns = ['((a{100}){100}){100}'] }\n",
    );
    p.refused(
        &["check", "--rules-only", "policies/aaa.txt"],
        &["rules.toml", "huge", "exceeds size limit"],
    );
}

#[test]
fn a_folder_without_policies_is_an_error_and_a_file_named_twice_is_checked_once() {
    let p = Project::new();
    std::fs::create_dir(p.path("drafts")).unwrap();
    p.write("drafts/notes.rtf", "not a policy format");
    // A mistyped or empty folder in a CI job is an error, not "0 files checked".
    p.refused(
        &["check", "drafts"],
        &["drafts", "no policy in this folder"],
    );
    // Named beside a policy, it is reported beside the files that could not be checked (as a
    // folder, not counted as a file), and the policy is checked still.
    let human = p.run(&["check", "drafts", POLICY]);
    assert_eq!(human.code, 2, "{}", human.stderr);
    assert!(
        human.stdout.contains("1 file checked: "),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("; 1 folder held no policy\n"),
        "{}",
        human.stdout
    );
    assert!(
        !human.stdout.contains("could not be checked"),
        "{}",
        human.stdout
    );
    for format in ["json", "json-lines"] {
        let both = p.run(&["check", "--format", format, "drafts", POLICY]);
        assert_eq!(both.code, 2, "{}", both.stderr);
        assert!(both.stderr.contains("drafts: no policy in this folder"));
        assert!(both.stderr.contains("error: 1 folder held no policy\n"));
        assert!(!both.stderr.contains("could not be checked"));
        let (failed, checked) = match format {
            "json" => {
                let json: Value = serde_json::from_str(&both.stdout).unwrap();
                (json["failed"][0].clone(), json["files"][0].clone())
            }
            _ => {
                let lines: Vec<Value> = (both.stdout.lines())
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect();
                (lines[0].clone(), lines[1].clone())
            }
        };
        assert_eq!(failed["path"], "drafts");
        assert!(
            failed["error"]
                .as_str()
                .unwrap()
                .contains("no policy in this folder")
        );
        assert_eq!(checked["path"], POLICY);
    }
    std::fs::create_dir(p.path("policy.txt")).unwrap();
    p.refused(&["check", "policy.txt"], &["policy.txt", "no policy"]);
    // An empty list is a run with nothing to check (a hook given no changed policy).
    let empty = p.run(&["check", "--files-from", "/dev/null"]);
    assert_eq!(empty.code, 0, "{}", empty.stderr);
    // The same file named three ways, and through its folder: checked and reported once.
    p.write(
        "rules.toml",
        "[[rule]]\nid = \"no-ads\"\nkind = \"forbid\"\nseverity = \"error\"\nmessage = \"m\"\n\
         pattern = { patterns = ['interest-based ads'] }\n",
    );
    let once = p.run(&["check", "--rules-only", "--format", "github", POLICY]);
    let named = &[
        POLICY,
        "./policies/privacy.txt",
        "policies",
        "policies/./privacy.txt",
    ];
    let thrice = p.run(&[&["check", "--rules-only", "--format", "github"], &named[..]].concat());
    assert_eq!(once.code, 1, "{}", once.stderr);
    assert_eq!(thrice.stdout, once.stdout);
    let human = p.run(&[&["check", "--rules-only"], &named[..]].concat());
    assert!(
        human.stdout.contains("\n1 file checked: "),
        "{}",
        human.stdout
    );
}

#[test]
fn a_folder_is_walked_as_git_sees_it_and_a_file_named_is_checked_even_if_ignored() {
    let p = Project::new();
    for folder in [".git", "node_modules/pkg", "drafts", ".cache"] {
        std::fs::create_dir_all(p.path(folder)).unwrap();
    }
    p.write(".gitignore", "node_modules/\n*.draft.md\n");
    p.write(
        "node_modules/pkg/README.md",
        "# A package\n\nNot a policy.\n",
    );
    p.write("drafts/terms.draft.md", "# Draft\n\nNot yet.\n");
    p.write("drafts/cookies.md", "# Cookies\n\nWe use cookies.\n");
    p.write(".cache/old.md", "# Old\n\nStale.\n");
    let files = |run: &Run| -> Vec<String> {
        (run.stdout.lines())
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                v["path"].as_str().unwrap().to_string()
            })
            .collect()
    };
    let all = p.run(&["check", "--rules-only", "--format", "json-lines", "."]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert_eq!(
        files(&all),
        ["./drafts/cookies.md", "./policies/privacy.txt"]
    );
    // Named, an ignored file is checked.
    let named = p.run(&[
        "check",
        "--rules-only",
        "--format",
        "json-lines",
        "drafts/terms.draft.md",
    ]);
    assert_eq!(files(&named), ["drafts/terms.draft.md"]);
    // Named, an ignored folder is walked too (as ripgrep does); a folder of ignored files
    // has no policy.
    let named = p.run(&[
        "check",
        "--rules-only",
        "--format",
        "json-lines",
        "node_modules",
    ]);
    assert_eq!(files(&named), ["node_modules/pkg/README.md"]);
    std::fs::create_dir(p.path("drafts/old")).unwrap();
    p.write("drafts/old/privacy.draft.md", "# Draft\n\nNot yet.\n");
    p.refused(
        &["check", "drafts/old"],
        &["drafts/old", "no policy in this folder", "ignored by git"],
    );
}
