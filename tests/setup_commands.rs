//! `init`, `completions`, `man` and `--help`: what a user runs first.

use assert_cmd::Command;
use predicates::prelude::*;

fn policy_lint() -> Command {
    let mut cmd = Command::cargo_bin("policy-lint").unwrap();
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

#[test]
fn init_scaffolds_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    policy_lint()
        .arg("init")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("rules.toml"));
    let rules = std::fs::read_to_string(dir.path().join("rules.toml")).unwrap();
    assert_eq!(rules, std::fs::read_to_string("rules.toml").unwrap());
    assert!(dir.path().join("snapshots").is_dir());
    let hook = std::fs::read_to_string(dir.path().join(".pre-commit-config.yaml")).unwrap();
    assert!(hook.contains("entry: policy-lint check --orphans\n        always_run: true\n"));

    std::fs::write(dir.path().join("rules.toml"), "# mine\n").unwrap();
    policy_lint()
        .arg("init")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exist").and(predicate::str::contains("--force")));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("rules.toml")).unwrap(),
        "# mine\n",
        "a refused init must not touch the user's file"
    );
    let forced = policy_lint()
        .arg("init")
        .arg(dir.path())
        .arg("--force")
        .output()
        .unwrap();
    assert!(forced.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("rules.toml")).unwrap(),
        rules
    );
    // Each file is named with what was done to it.
    let said = String::from_utf8(forced.stdout).unwrap();
    let verbs: Vec<&str> = said.lines().filter_map(|l| l.split(' ').next()).collect();
    assert_eq!(verbs, ["overwrote", "overwrote", "kept"], "{said}");
}

/// A file where the snapshot folder goes, or a file init cannot write, stops init with nothing
/// written: run again once the way is clear, it is not refused for a rules.toml of its own.
#[test]
fn init_that_fails_leaves_nothing_behind() {
    let listing = |dir: &std::path::Path| {
        let mut names: Vec<String> = (std::fs::read_dir(dir).unwrap())
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("snapshots"), "").unwrap();
    let out = policy_lint().arg("init").arg(dir.path()).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(
            "snapshots: a file is where init makes the snapshot folder; nothing was written"
        ),
        "{err}"
    );
    assert_eq!(listing(dir.path()), ["snapshots"]);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("legal"), "").unwrap();
    let out = (policy_lint().args(["--snapshots", "legal/approved", "init"]))
        .arg(dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("legal: a file is where init makes the snapshot folder")
            && err.contains("approved; nothing was written"),
        "{err}"
    );
    assert_eq!(listing(dir.path()), ["legal"]);

    // The hook's file cannot be written (its temporary name is a folder): the rules.toml and
    // snapshot folder made before it are taken back.
    let dir = tempfile::tempdir().unwrap();
    let blocked = dir.path().join(".pre-commit-config.policy-lint-tmp");
    std::fs::create_dir(&blocked).unwrap();
    std::fs::write(blocked.join("x"), "").unwrap();
    let out = policy_lint().arg("init").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(listing(dir.path()), [".pre-commit-config.policy-lint-tmp"]);
    // So are all the folders it made for the snapshots.
    let out = (policy_lint().args(["--snapshots", "legal/approved", "init"]))
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(listing(dir.path()), [".pre-commit-config.policy-lint-tmp"]);
    std::fs::remove_dir_all(&blocked).unwrap();
    policy_lint().arg("init").arg(dir.path()).assert().success();
}

/// init in a folder of a project set up already, or below the top of a git repository, says
/// what that means; at the top of a repository it says nothing.
#[test]
fn init_inside_another_project_says_so() {
    let top = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(top.path().join(".git")).unwrap();
    std::fs::create_dir_all(top.path().join("policies")).unwrap();
    // Named through a folder below it, the top is still the top.
    let out = (policy_lint().arg("init"))
        .arg(top.path().join("policies/.."))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
    let out = (policy_lint().arg("init"))
        .arg(top.path().join("policies"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("rules.toml configures the project around this folder"),
        "{err}"
    );
    assert!(
        err.contains("pre-commit reads the .pre-commit-config.yaml at the top of the repository"),
        "{err}"
    );
    // The hook written there names the folder from the top, where pre-commit runs it: with
    // no file given (a commit that only deletes a policy), its rules.toml is still found.
    let hook =
        std::fs::read_to_string(top.path().join("policies/.pre-commit-config.yaml")).unwrap();
    for line in [
        "entry: 'policy-lint --config policies/rules.toml check --orphans'\n",
        "files: '^policies/(.*/)?[^/]+\\.(md|markdown|txt|html?)$|^policies/snapshots/.*\\.snap$'\n",
        "exclude: '^policies/snapshots/.*\\.(md|markdown|txt|html?)$'\n",
    ] {
        assert!(hook.contains(line), "{line}: {hook}");
    }
}

/// A project set up in a folder of a repository is followed from its top, where pre-commit runs
/// hooks: the policies named lead to its rules.toml and snapshots, and the command a finding
/// suggests accepts into them. Policies of two projects in one run are an error.
#[test]
fn a_project_in_a_folder_is_followed_from_the_top_of_the_repository() {
    let top = tempfile::tempdir().unwrap();
    let legal = top.path().join("legal");
    std::fs::create_dir_all(legal.join("policies")).unwrap();
    policy_lint().arg("init").arg(&legal).assert().success();
    let policy = legal.join("policies/privacy.md");
    let promise = "# Privacy\n\n## Sharing\n\nWe do not sell your personal information.\n";
    std::fs::write(&policy, promise).unwrap();
    let from_top = || {
        let mut cmd = policy_lint();
        cmd.current_dir(top.path()).env("NO_COLOR", "1");
        cmd
    };
    (from_top().args(["snapshot", "accept", "legal/policies/privacy.md"]))
        .assert()
        .success();
    assert!(legal.join("snapshots/policies/privacy.md.snap").is_file());
    assert!(!top.path().join("snapshots").exists());
    std::fs::write(&policy, promise.replace("do not sell", "sell")).unwrap();
    let out = (from_top().args(["check", "legal/policies/privacy.md"]))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    // The command suggested names the rules.toml: run from here, it would not find it.
    assert!(
        text.contains("error[snapshot-changed]")
            && text.contains(
                "`policy-lint --config legal/rules.toml snapshot accept legal/policies/privacy.md`"
            ),
        "{text}"
    );
    // Listed as `git ls-files -z` lists them, the same.
    let out = (from_top().args(["check", "--files-from", "-"]))
        .write_stdin("legal/rules.toml\0legal/policies/privacy.md\0")
        .output()
        .unwrap();
    let listed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{listed}");
    assert!(listed.contains("error[snapshot-changed]"), "{listed}");
    std::fs::write(top.path().join("privacy.md"), promise).unwrap();
    let out = (from_top().args(["check", "legal/policies/privacy.md", "privacy.md"]))
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("legal/policies/privacy.md follows ")
            && err.contains("but privacy.md follows the built-in rules"),
        "{err}"
    );
}

/// Most repositories have a .pre-commit-config.yaml for other hooks: it is kept byte for byte,
/// the rest is set up, and policy-lint's hook is printed to add to it (unless it has one).
#[test]
fn init_keeps_a_pre_commit_config_of_ones_own() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join(".pre-commit-config.yaml");
    let theirs = "repos:\n  - repo: https://github.com/psf/black\n    rev: 24.1.0\n    hooks: [{id: black}]\n";
    std::fs::write(&config, theirs).unwrap();
    let out = policy_lint().arg("init").arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    let said = String::from_utf8(out.stdout).unwrap();
    assert_eq!(std::fs::read_to_string(&config).unwrap(), theirs);
    assert!(dir.path().join("rules.toml").is_file());
    assert!(dir.path().join("snapshots").is_dir());
    assert!(said.starts_with("kept "), "{said}");
    let entry = said.split_once("list of ").unwrap().1;
    assert!(
        entry.contains("\n  - repo: local\n    hooks:\n      - id: policy-lint\n"),
        "{said}"
    );
    assert!(entry.contains("entry: policy-lint check"), "{said}");
    // Set up already (rules.toml removed to run it again): kept, nothing more to add.
    std::fs::write(
        &config,
        format!("{theirs}{}", entry.trim_start_matches(|c| c != ' ')),
    )
    .unwrap();
    std::fs::remove_file(dir.path().join("rules.toml")).unwrap();
    let again = policy_lint().arg("init").arg(dir.path()).output().unwrap();
    let said = String::from_utf8(again.stdout).unwrap();
    assert!(
        again.status.success() && said.starts_with("kept "),
        "{said}"
    );
    assert!(!said.contains("add its hook"), "{said}");
    // Not UTF-8 (a Latin-1 comment): still the user's, kept byte for byte.
    let latin1 = b"# Auteur: Ren\xe9\nrepos: []\n";
    std::fs::write(&config, latin1).unwrap();
    std::fs::remove_file(dir.path().join("rules.toml")).unwrap();
    policy_lint().arg("init").arg(dir.path()).assert().success();
    assert_eq!(std::fs::read(&config).unwrap(), latin1);
    // A folder of that name: refused before anything is written.
    let other = tempfile::tempdir().unwrap();
    std::fs::create_dir(other.path().join(".pre-commit-config.yaml")).unwrap();
    policy_lint()
        .arg("init")
        .arg(other.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a file; nothing was written"));
    assert!(!other.path().join("rules.toml").exists());
}

#[test]
fn init_keeps_snapshots_where_snapshots_says() {
    let dir = tempfile::tempdir().unwrap();
    policy_lint()
        .args(["--snapshots", "./legal/approved/", "init"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(dir.path().join("legal/approved").is_dir());
    assert!(!dir.path().join("snapshots").exists());
    let rules = std::fs::read_to_string(dir.path().join("rules.toml")).unwrap();
    assert!(
        rules.contains("\nsnapshots = \"legal/approved\"\n"),
        "{rules}"
    );
    let hook = std::fs::read_to_string(dir.path().join(".pre-commit-config.yaml")).unwrap();
    assert!(hook.contains("|^legal/approved/.*\\.snap$'\n"), "{hook}");
    // The project's own commands then find them there.
    std::fs::copy("examples/privacy-notice.txt", dir.path().join("notice.txt")).unwrap();
    policy_lint()
        .current_dir(dir.path())
        .args(["snapshot", "accept", "notice.txt"])
        .assert()
        .success();
    assert!(dir.path().join("legal/approved/notice.txt.snap").is_file());
    // A name YAML would read as a comment or a mapping is quoted, a quote in it doubled.
    let odd = tempfile::tempdir().unwrap();
    policy_lint()
        .args(["--snapshots", "#snaps: a's", "init"])
        .arg(odd.path())
        .assert()
        .success();
    let hook = std::fs::read_to_string(odd.path().join(".pre-commit-config.yaml")).unwrap();
    assert!(hook.contains("exclude: '^\\#snaps: a''s/.*\\."), "{hook}");
    // init writes its own rules.toml: a --config would be ignored, so it is refused.
    policy_lint()
        .args(["--config", "other.toml", "init"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--config is not used"));
}

/// A pipe closed before anything is read (`policy-lint completions zsh | true`) ends the
/// output quietly, as for every other command: no panic, exit 0.
#[test]
fn commands_writing_to_a_closed_pipe_end_quietly() {
    let bin = assert_cmd::cargo::cargo_bin("policy-lint");
    for args in [&["completions", "zsh"][..], &["man"], &["--help"]] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = std::process::Command::new(&bin)
            .args(args)
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn completions_and_man_page_are_generated() {
    policy_lint()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("policy-lint"));
    policy_lint()
        .args(["completions", "zsh"])
        .assert()
        .success()
        .stdout(predicate::str::contains("#compdef policy-lint"));
    let page = policy_lint().arg("man").output().unwrap();
    let page = String::from_utf8(page.stdout).unwrap();
    assert!(page.contains(".TH policy-lint 1"), "{page}");
    // Every page the SUBCOMMANDS section names is one `man` prints, down to the commands of
    // `snapshot`.
    let named = |page: &str| -> Vec<String> {
        (page.lines())
            .filter_map(|l| l.strip_prefix("policy\\-lint\\-")?.strip_suffix("(1)"))
            .map(|name| name.replace("\\-", "-"))
            .collect()
    };
    let commands = named(&page);
    assert!(commands.contains(&"check".to_string()), "{commands:?}");
    for command in commands.iter().filter(|c| *c != "help") {
        let out = policy_lint().arg("man").arg(command).output().unwrap();
        assert!(out.status.success(), "{command}");
        let sub = String::from_utf8(out.stdout).unwrap();
        let version = env!("CARGO_PKG_VERSION");
        assert!(
            sub.contains(&format!(
                ".TH policy-lint-{command} 1  \"policy-lint-{command} {version}\""
            )),
            "{sub}"
        );
        for inner in named(&sub).iter().filter(|c| !c.ends_with("-help")) {
            let parts: Vec<&str> = inner.split('-').collect();
            let out = policy_lint().arg("man").args(&parts).output().unwrap();
            assert!(out.status.success(), "{inner}");
        }
    }
    policy_lint()
        .args(["man", "chek"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "has no command `chek` (its commands: outline",
        ));
}

#[test]
fn unknown_flags_are_usage_errors() {
    policy_lint()
        .args(["outline", "--frobnicate", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--frobnicate"));
}

#[test]
fn every_subcommand_help_has_an_example() {
    let subcommands: [&[&str]; 12] = [
        &["outline"],
        &["diff"],
        &["check"],
        &["rules"],
        &["snapshot"],
        &["snapshot", "accept"],
        &["snapshot", "status"],
        &["snapshot", "review"],
        &["snapshot", "reject"],
        &["init"],
        &["completions"],
        &["man"],
    ];
    for sub in subcommands {
        policy_lint()
            .args(sub)
            .arg("--help")
            .assert()
            .success()
            .stdout(predicate::str::contains("Example:"));
    }
}
