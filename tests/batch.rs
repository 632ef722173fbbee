//! Batch `check`: folders and `--files-from` lists checked in parallel, `--format json-lines`
//! streaming one object per file in list order, a bad file reported and skipped, and
//! `--max-file-size`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn policy_lint() -> Command {
    let mut cmd = Command::cargo_bin("policy-lint").unwrap();
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CI");
    cmd
}

/// Real policies from the shared corpus, one version of each of the first `n` services.
fn corpus_policies(n: usize) -> Vec<PathBuf> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut services: Vec<PathBuf> = std::fs::read_dir(corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    services.sort();
    services
        .iter()
        .take(n)
        .map(|dir| {
            let mut versions: Vec<PathBuf> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            versions.sort();
            versions.remove(0)
        })
        .collect()
}

fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn json_lines_has_the_files_entries_of_json_in_list_order_whatever_the_jobs() {
    let files = corpus_policies(6);
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.txt");
    let text: String = files
        .iter()
        .map(|p| format!("{}\n\n", p.display()))
        .collect();
    std::fs::write(&list, text).unwrap();

    let json = policy_lint()
        .args(["check", "--rules-only", "--format", "json", "-j", "1"])
        .args(&files)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&json.stdout).unwrap();
    let expected = json["files"].as_array().unwrap();
    assert_eq!(expected.len(), 6);
    assert!(
        expected
            .iter()
            .any(|f| !f["findings"].as_array().unwrap().is_empty())
    );

    for jobs in ["1", "3"] {
        let out = policy_lint()
            .args([
                "check",
                "--rules-only",
                "--format",
                "json-lines",
                "-j",
                jobs,
            ])
            .arg("--files-from")
            .arg(&list)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), json_exit_code(expected), "jobs {jobs}");
        assert_eq!(&lines(&out.stdout), expected, "jobs {jobs}");
    }
    // None at once is a usage error, said in words.
    let zero = (policy_lint()
        .args(["check", "--rules-only", "-j", "0"])
        .arg(&list))
    .output()
    .unwrap();
    assert_eq!(zero.status.code(), Some(2));
    let said = String::from_utf8_lossy(&zero.stderr);
    assert!(
        said.contains("0 files at once would check none: give 1 or more"),
        "{said}"
    );
}

fn json_exit_code(files: &[Value]) -> Option<i32> {
    let error = files
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap())
        .any(|f| f["severity"] == "error");
    Some(if error { 1 } else { 0 })
}

#[test]
fn files_from_standard_input_keeps_the_list_order_in_a_whole_report() {
    let mut files = corpus_policies(5);
    files.reverse();
    // As lists are written by hand or on Windows: indented, CRLF, blank lines.
    let list: String = files
        .iter()
        .map(|p| format!("  {}\r\n\n", p.display()))
        .collect();
    let out = policy_lint()
        .args(["check", "--rules-only", "--format", "json", "-j", "2"])
        .args(["--files-from", "-"])
        .write_stdin(list)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<String> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(paths, expected);
    // NUL-separated, as `git ls-files -z` writes a list; a file named twice (relative and
    // absolute) is checked once.
    let cwd = std::env::current_dir().unwrap();
    let relative = |p: &std::path::PathBuf| p.strip_prefix(&cwd).unwrap_or(p).to_path_buf();
    let mut named: Vec<String> = files
        .iter()
        .map(|p| relative(p).display().to_string())
        .collect();
    named.push(cwd.join(relative(&files[0])).display().to_string());
    let out = policy_lint()
        .args(["check", "--rules-only", "--format", "json"])
        .args(["--files-from", "-"])
        .write_stdin(named.join("\0") + "\0")
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["files"], files.len(), "{json}");
    assert_eq!(json["summary"]["unchecked"], 0, "{json}");
}

/// A folder set up by `init`, with a `policies/` folder.
fn initialised_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    assert!(run_in(dir.path(), &["init"], "").status.success());
    std::fs::create_dir(dir.path().join("policies")).unwrap();
    dir
}

/// policy-lint run in `dir` with `args`, `stdin` its standard input, without colour.
fn run_in(dir: &std::path::Path, args: &[&str], stdin: &str) -> std::process::Output {
    (policy_lint().current_dir(dir).env("NO_COLOR", "1"))
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap()
}

/// An initialised project with one policy, `policies/privacy.md`.
fn project_with_a_policy() -> tempfile::TempDir {
    let dir = initialised_project();
    std::fs::write(
        dir.path().join("policies/privacy.md"),
        "# Privacy\n\n## Sharing\n\nWe do not sell your personal information.\n",
    )
    .unwrap();
    dir
}

/// `git ls-files -z` lists every file of a repository: a list is taken as a folder is searched,
/// its policies by extension and none of the snapshot folder. A snapshot named as a policy is
/// refused, not checked (nor accepted) as one.
#[test]
fn a_list_of_every_file_checks_its_policies_only() {
    let dir = project_with_a_policy();
    let run = |args: &[&str], stdin: &str| run_in(dir.path(), args, stdin);
    assert!(
        run(&["snapshot", "accept", "policies/privacy.md"], "")
            .status
            .success()
    );
    let snapshot = "snapshots/policies/privacy.md.snap";
    let every = format!("rules.toml\0.pre-commit-config.yaml\0{snapshot}\0policies/privacy.md\0");
    let out = run(&["check", "--format", "json", "--files-from", "-"], &every);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{json}");
    assert_eq!(json["files"].as_array().map(Vec::len), Some(1), "{json}");
    assert_eq!(json["files"][0]["path"], "policies/privacy.md", "{json}");
    // Named, a snapshot stands for its policy (checked once), as a pre-commit hook names the
    // snapshots a commit edits; any other file in the snapshot folder is refused with the
    // reason, and the run says so of its two files.
    let out = run(
        &["check", "--format", "json", snapshot, "policies/privacy.md"],
        "",
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{json}");
    assert_eq!(json["files"].as_array().map(Vec::len), Some(1), "{json}");
    assert_eq!(json["files"][0]["path"], "policies/privacy.md", "{json}");
    let pending = "snapshots/policies/privacy.md.snap.new";
    std::fs::write(dir.path().join(pending), "not a snapshot\n").unwrap();
    let out = run(&["check", pending, "policies/privacy.md"], "");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "{pending}: is in the snapshot folder, not a policy"
        )) && err.ends_with("error: 1 of 2 files could not be checked\n"),
        "{err}"
    );
    std::fs::remove_file(dir.path().join(pending)).unwrap();
    let out = run(&["snapshot", "accept", snapshot], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("snapshots/snapshots").exists());
    // A policy named through the snapshot folder is no snapshot.
    let out = run(&["check", "snapshots/../policies/privacy.md"], "");
    assert_eq!(out.status.code(), Some(0));
    // The policy deleted: listed still (deleted in the working tree), or only its snapshot
    // listed (the deletion staged), the removal not accepted is a finding on the snapshot.
    std::fs::remove_file(dir.path().join("policies/privacy.md")).unwrap();
    let staged = format!("rules.toml\0{snapshot}\0");
    for list in [every.as_str(), staged.as_str()] {
        let out = run(&["check", "--format", "json", "--files-from", "-"], list);
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(1), "{list:?}: {json}");
        assert_eq!(json["files"][0]["path"], snapshot, "{json}");
        assert_eq!(json["files"][0]["findings"][0]["rule"], "snapshot-changed");
    }
}

/// A folder listed is searched as one named: not passed over, which checked nothing and passed
/// (`echo policies | policy-lint check --files-from -`); an empty one is the error it is named.
#[test]
fn a_folder_listed_is_searched_as_one_named() {
    let dir = project_with_a_policy();
    let run = |args: &[&str], stdin: &str| run_in(dir.path(), args, stdin);
    let out = run(
        &["check", "--format", "json", "--files-from", "-"],
        "policies\n",
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files"].as_array().map(Vec::len), Some(1), "{json}");
    assert_eq!(json["files"][0]["path"], "policies/privacy.md", "{json}");
    let findings = json["files"][0]["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["rule"] == "snapshot-missing"),
        "{json}"
    );
    std::fs::create_dir(dir.path().join("notes")).unwrap();
    std::fs::write(dir.path().join("notes/todo.rs"), "fn main() {}\n").unwrap();
    let out = run(&["check", "--files-from", "-"], "notes\n");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("notes: no policy in this folder"), "{err}");
    // A git submodule, as `git ls-files -z` lists one: checked out (its own `.git`) or not
    // (empty), it is another project's, not searched.
    std::fs::create_dir_all(dir.path().join("vendor/lib/.git")).unwrap();
    std::fs::write(
        dir.path().join("vendor/lib/README.md"),
        "# Lib\n\nA library.\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("vendor/absent")).unwrap();
    let listed = "policies/privacy.md\0vendor/lib\0vendor/absent\0";
    let out = run(&["check", "--format", "json", "--files-from", "-"], listed);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files"].as_array().map(Vec::len), Some(1), "{json}");
    assert_eq!(json["files"][0]["path"], "policies/privacy.md", "{json}");
}

/// `git diff --name-only` lists a name with non-ASCII characters in quotes, its bytes in octal:
/// such a line is the policy git means, not a path that is no policy and left out.
#[test]
fn a_list_as_git_quotes_names_checks_the_policies_it_names() {
    let dir = initialised_project();
    let run = |args: &[&str], stdin: &str| run_in(dir.path(), args, stdin);
    let policy = dir.path().join("policies/datenschutzerklärung.md");
    let text = "# Privacy\n\n## Sharing\n\nWe do not sell your personal information.\n";
    std::fs::write(&policy, text).unwrap();
    let accepted = run(
        &["snapshot", "accept", "policies/datenschutzerklärung.md"],
        "",
    );
    assert!(accepted.status.success());
    std::fs::write(&policy, text.replace("do not sell", "sell")).unwrap();
    let listed = "\"policies/datenschutzerkl\\303\\244rung.md\"\n";
    let out = run(&["check", "--format", "json", "--files-from", "-"], listed);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{json}");
    assert_eq!(json["files"][0]["path"], "policies/datenschutzerklärung.md");
    let findings = json["files"][0]["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["rule"] == "snapshot-changed"),
        "{json}"
    );
}

#[test]
fn a_bad_file_in_json_lines_is_an_error_line_the_rest_are_checked_and_the_exit_code_is_2() {
    let files = corpus_policies(3);
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone.md");
    let binary = dir.path().join("binary.txt");
    std::fs::write(&binary, [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    let out = policy_lint()
        .args(["check", "--rules-only", "--format", "json-lines"])
        .arg(&files[0])
        .arg(&missing)
        .arg(&files[1])
        .arg(&binary)
        .arg(&files[2])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let lines = lines(&out.stdout);
    assert_eq!(lines.len(), 5);
    for (line, path) in lines
        .iter()
        .zip([&files[0], &missing, &files[1], &binary, &files[2]])
    {
        assert_eq!(line["path"], path.display().to_string());
    }
    assert!(lines[1]["error"].as_str().unwrap().contains("gone.md"));
    assert!(lines[3]["error"].as_str().unwrap().contains("binary.txt"));
    for i in [0, 2, 4] {
        assert!(lines[i].get("error").is_none());
        assert!(lines[i]["findings"].is_array());
    }
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("2 of 5 files could not be checked"),
        "{stderr}"
    );
}

#[test]
fn a_whole_report_covers_the_files_it_could_check_and_names_each_it_could_not() {
    let files = corpus_policies(2);
    let dir = tempfile::tempdir().unwrap();
    let run = |format: &str| {
        let out = policy_lint()
            .args(["check", "--rules-only", "--format", format])
            .arg(&files[0])
            .arg(dir.path().join("first-gone.md"))
            .arg(dir.path().join("second-gone.md"))
            .arg(&files[1])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        for gone in ["first-gone.md", "second-gone.md"] {
            assert!(stderr.contains(gone), "{format}: {stderr}");
        }
        assert!(
            stderr.contains("2 of 4 files could not be checked"),
            "{format}: {stderr}"
        );
        String::from_utf8(out.stdout).unwrap()
    };

    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let checked: Vec<&str> = (json["files"].as_array().unwrap().iter())
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    assert_eq!(checked, expected);
    let failed = json["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 2);
    for (entry, gone) in failed.iter().zip(["first-gone.md", "second-gone.md"]) {
        assert!(entry["path"].as_str().unwrap().ends_with(gone), "{entry}");
        assert!(entry["error"].as_str().unwrap().contains(gone), "{entry}");
    }
    assert_eq!(json["summary"]["files"], 2, "{json}");
    assert_eq!(json["summary"]["unchecked"], 2, "{json}");

    let github = run("github");
    let unchecked: Vec<&str> = (github.lines())
        .filter(|l| l.contains("title=policy-lint could not check this file::"))
        .collect();
    assert_eq!(unchecked.len(), 2, "{github}");
    assert!(unchecked[0].starts_with("::error file=") && unchecked[0].contains("first-gone.md"));

    let human = run("human");
    assert!(human.contains("2 files checked: "), "{human}");
    assert!(human.contains("; 2 files could not be checked"), "{human}");

    let junit = run("junit");
    assert!(
        junit.contains("tests=\"1\" failures=\"0\" errors=\"1\""),
        "{junit}"
    );
    assert_eq!(junit.matches("<testsuite ").count(), 4, "{junit}");
    assert!(junit.contains(" errors=\"2\">"), "{junit}");
}

#[test]
fn max_file_size_overrides_the_configured_limit_and_names_the_file() {
    let seed = Path::new("examples/privacy-notice.txt");
    let size = std::fs::metadata(seed).unwrap().len();
    let out = policy_lint()
        .args(["check", "--rules-only", "--max-file-size"])
        .arg((size - 1).to_string())
        .arg(seed)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("privacy-notice.txt"), "{stderr}");
    assert!(stderr.contains("over the limit"), "{stderr}");

    policy_lint()
        .args(["check", "--rules-only", "--max-file-size"])
        .arg(size.to_string())
        .arg(seed)
        .assert()
        .code(0);
    policy_lint()
        .args(["outline", "--max-file-size", "10"])
        .arg(seed)
        .assert()
        .code(2);
}

#[test]
fn rules_json_exports_each_lexicon_regex_for_other_tools() {
    let out = policy_lint()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let lexicons = json["lexicons"].as_array().unwrap();
    let purpose = lexicons.iter().find(|l| l["name"] == "purpose").unwrap();
    let source = purpose["regex"].as_str().unwrap();
    let regex = regex::Regex::new(source).unwrap();
    assert!(regex.is_match("We keep logs in order to prevent abuse."));
    assert!(!regex.is_match("We keep logs."));
}
