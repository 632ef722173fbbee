//! Machine-readable `check` output: SARIF validated against the official schema, GitHub
//! annotations in their exact shape, JUnit well-formed with the right counts.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn policy_lint() -> Command {
    let mut cmd = Command::cargo_bin("policy-lint").unwrap();
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CI");
    cmd
}

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// The seed notice with the advertising safeguard deleted and the collection intro's purpose
/// removed: two rules fail.
fn broken_notice(dir: &Path) -> PathBuf {
    let seed = std::fs::read_to_string("examples/privacy-notice.txt").unwrap();
    let broken = seed
        .replace("We do not use information that personally identifies you to display interest-based ads. ", "")
        .replace("We collect your personal information in order to provide and continually improve our products and services. ", "");
    assert_ne!(seed, broken);
    let path = dir.join("notice, v2: 100%.txt");
    std::fs::write(&path, broken).unwrap();
    path
}

fn check(format: &str, path: &Path) -> (i32, String) {
    let out = policy_lint()
        .args(["check", "--format", format])
        .arg(path)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = broken_notice(dir.path());
    let (code, out) = check("sarif", &path);
    assert_eq!(code, 1);
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shared().join("schemas/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does reject what SARIF forbids.
    let mut bad = sarif.clone();
    bad["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!validator.is_valid(&bad));

    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"ads-exclude-identifying"), "{ids:?}");
    assert!(ids.contains(&"collection-purpose"), "{ids:?}");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    // A rule's description names its message's placeholders, not braces to fill in.
    let collection = (rules.iter())
        .find(|r| r["id"] == "collection-purpose")
        .unwrap();
    assert_eq!(
        collection["shortDescription"]["text"],
        "category \"(item)\" has no stated purpose"
    );
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[index]["id"], r["ruleId"],
            "ruleIndex points at the rule"
        );
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(region["startColumn"].as_u64().unwrap() >= 1);
    }
}

/// A CI job uploads the log whatever the run did (`|| true`): a run that failed still prints a
/// valid log, which says why, and exits 2. A file it could not check leaves the other files'
/// results in the log (an upload without them would close their alerts as fixed).
#[test]
fn a_failed_run_prints_a_valid_sarif_log_that_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let good = broken_notice(dir.path());
    let binary = dir.path().join("binary.txt");
    std::fs::write(&binary, b"PK\x03\x04\x00\x00").unwrap();
    let out = policy_lint()
        .args(["check", "--format", "sarif"])
        .arg(&good)
        .arg(&binary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("binary.txt"), "{stderr}");
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shared().join("schemas/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    assert!(validator.is_valid(&sarif), "{sarif:#}");
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "ads-exclude-identifying"),
        "{results:#?}"
    );
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notifications = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notifications.len(), 1);
    let notification = &notifications[0];
    assert_eq!(notification["level"], "error");
    let text = notification["message"]["text"].as_str().unwrap_or("");
    assert!(
        text.contains("binary.txt") && text.contains("binary"),
        "{text}"
    );
    let uri = &notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert!(uri.as_str().unwrap_or("").ends_with("/binary.txt"), "{uri}");
    assert!(
        stderr.contains("1 of 2 files could not be checked"),
        "{stderr}"
    );

    // A rules.toml that cannot be used: the same, naming its line and column.
    std::fs::write(dir.path().join("rules.toml"), "[[rule]]\nid = \"x\"\n").unwrap();
    let out = policy_lint()
        .current_dir(dir.path())
        .args(["check", "--format", "sarif"])
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(validator.is_valid(&sarif), "{sarif:#}");
    let notification = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    let text = notification["message"]["text"].as_str().unwrap_or("");
    assert!(text.contains("rules.toml:1:1"), "{text}");
}

/// The same for the other machine-readable formats: a rules.toml that cannot be used is
/// reported in the format asked for (a CI report step reads its file whatever the run did), not
/// only on standard error.
#[test]
fn a_failed_run_says_why_in_every_machine_readable_format() {
    let dir = tempfile::tempdir().unwrap();
    let good = broken_notice(dir.path());
    std::fs::write(dir.path().join("rules.toml"), "[[rule]\nid = 1\n").unwrap();
    let run = |format: &str| {
        let out = policy_lint()
            .current_dir(dir.path())
            .args(["check", "--format", format])
            .arg(&good)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}");
        String::from_utf8(out.stdout).unwrap()
    };
    let why = "rules.toml:1:8: unclosed array table";
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert!(json["error"].as_str().unwrap().contains(why), "{json:#}");
    assert_eq!(json["files"].as_array().unwrap().len(), 0);
    assert_eq!(json["version"], 1);
    let lines = run("json-lines");
    let line: serde_json::Value = serde_json::from_str(lines.trim_end()).unwrap();
    assert!(line["error"].as_str().unwrap().contains(why), "{lines}");
    let github = run("github");
    // (Outside a git repository, the path as found.)
    assert!(github.starts_with("::error file="), "{github}");
    assert!(
        github.contains("rules.toml,line=1,col=8,title=policy-lint could not run::"),
        "{github}"
    );
    assert!(github.contains("unclosed array table"), "{github}");
    let junit = run("junit");
    let doc = roxmltree::Document::parse(&junit).expect("well-formed XML");
    let error = (doc.descendants())
        .find(|n| n.has_tag_name("error"))
        .expect("a test case in error");
    assert!(error.attribute("message").unwrap().contains(why), "{junit}");
    assert_eq!(doc.root_element().attribute("errors"), Some("1"));
}

#[test]
fn github_annotations_have_the_exact_shape_and_escaping() {
    let dir = tempfile::tempdir().unwrap();
    let path = broken_notice(dir.path());
    let (code, out) = check("github", &path);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert!(!lines.is_empty());
    let escaped_path = path
        .to_string_lossy()
        .replace('%', "%25")
        .replace(':', "%3A")
        .replace(',', "%2C");
    let ads = lines
        .iter()
        .find(|l| l.contains("ads-exclude-identifying"))
        .expect("an annotation for the advertising rule");
    // ::error file=…,line=3,col=…,endLine=3,endColumn=…,title=…::message
    let prefix = format!("::error file={escaped_path},line=3,col=");
    assert!(ads.starts_with(&prefix), "{ads}");
    assert!(ads.contains(",endLine=3,endColumn="), "{ads}");
    assert!(
        ads.contains(",title=policy-lint ads-exclude-identifying::"),
        "{ads}"
    );
    // The help line is joined with an escaped newline: one annotation per line.
    assert!(ads.contains("%0Ahelp: "), "{ads}");
    for l in &lines {
        assert!(
            l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice "),
            "{l}"
        );
    }
}

/// A finding over several lines (a hard-wrapped sentence) has no columns: GitHub takes none
/// across lines, and its runner drops them.
#[test]
fn a_github_annotation_over_several_lines_has_no_columns() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rules.toml"),
        "[[rule]]\nid = \"share-needs-consent\"\nkind = \"implies\"\nseverity = \"error\"\n\
         message = \"sharing without consent\"\nif = { words = [\"share\"] }\n\
         then = { words = [\"consent\"] }\nwithin = \"sentence\"\n",
    )
    .unwrap();
    let path = dir.path().join("privacy.md");
    std::fs::write(
        &path,
        "# Privacy Notice\n\nWe share your email address and your order history with\n\
         our delivery partners so that they can bring your parcel.\n",
    )
    .unwrap();
    let out = policy_lint()
        .current_dir(dir.path())
        .args(["check", "--rules-only", "--format", "github", "privacy.md"])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.starts_with(
            "::error file=privacy.md,line=3,endLine=4,title=policy-lint share-needs-consent::"
        ),
        "{out}"
    );
}

/// A CI job run from a subfolder of the repository (`working-directory: legal`), from the
/// workspace above a checkout (`path: checkout`), or naming a policy through `..`: annotations
/// and SARIF still name the file by its path in the repository, where GitHub looks for it; the
/// human report keeps the path as typed.
#[test]
fn annotations_and_sarif_name_files_by_their_path_in_the_repository() {
    // A CI workspace with the repository checked out in a folder of its own.
    let workspace = tempfile::tempdir().unwrap();
    let root = workspace.path().join("checkout");
    // What marks a repository's root (a folder in a clone, a file in a worktree).
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::copy("rules.toml", root.join("rules.toml")).unwrap();
    for folder in ["legal", "site"] {
        std::fs::create_dir(root.join(folder)).unwrap();
    }
    broken_notice(&root.join("legal"));
    let run = |from: &Path, format: &str, policy: &str| {
        let out = policy_lint()
            .current_dir(from)
            .args(["check", "--color", "never", "--format", format, policy])
            .args(["--config".as_ref(), root.join("rules.toml").as_os_str()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    for (from, policy) in [
        (root.join("legal"), "notice, v2: 100%.txt"),
        (root.join("site"), "../legal/./notice, v2: 100%.txt"),
        (
            workspace.path().to_path_buf(),
            "checkout/legal/notice, v2: 100%.txt",
        ),
    ] {
        let github = run(&from, "github", policy);
        assert!(!github.is_empty());
        for line in github.lines() {
            assert!(
                line.contains(" file=legal/notice%2C v2%3A 100%25.txt,line="),
                "{line}"
            );
        }
        let sarif: serde_json::Value = serde_json::from_str(&run(&from, "sarif", policy)).unwrap();
        let run = &sarif["runs"][0];
        assert_eq!(
            run["artifacts"][0]["location"]["uri"],
            "legal/notice%2C%20v2%3A%20100%25.txt"
        );
        for result in run["results"].as_array().unwrap() {
            let location = &result["locations"][0]["physicalLocation"]["artifactLocation"];
            assert_eq!(location["uri"], "legal/notice%2C%20v2%3A%20100%25.txt");
        }
    }
    let human = run(&root.join("site"), "human", "../legal/notice, v2: 100%.txt");
    assert!(
        human.contains("--> ../legal/notice, v2: 100%.txt:3:"),
        "{human}"
    );
}

#[test]
fn junit_is_well_formed_and_counts_failures() {
    let dir = tempfile::tempdir().unwrap();
    let path = broken_notice(dir.path());
    let (code, out) = check("junit", &path);
    assert_eq!(code, 1);
    let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 1);
    let cases: Vec<_> = suites[0]
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let failures: Vec<&str> = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .map(|c| c.attribute("name").unwrap())
        .collect();
    assert_eq!(failures, ["collection-purpose", "ads-exclude-identifying"]);
    assert_eq!(
        suites[0].attribute("tests"),
        Some(cases.len().to_string().as_str())
    );
    assert_eq!(suites[0].attribute("failures"), Some("2"));
    assert_eq!(root.attribute("failures"), Some("2"));
    assert_eq!(
        cases[0].attribute("classname"),
        Some(path.to_string_lossy().as_ref())
    );

    let (code, out) = check("junit", Path::new("examples/privacy-notice.txt"));
    assert_eq!(code, 0);
    let doc = roxmltree::Document::parse(&out).unwrap();
    assert_eq!(doc.root_element().attribute("failures"), Some("0"));
    // The same test cases whether a check passes or fails (a CI service keeps their history),
    // the snapshot checks among them unless --rules-only.
    let names = |xml: &str| -> Vec<String> {
        let doc = roxmltree::Document::parse(xml).unwrap();
        (doc.descendants().filter(|n| n.has_tag_name("testcase")))
            .map(|c| c.attribute("name").unwrap().to_string())
            .collect()
    };
    let passing = names(&out);
    assert_eq!(
        names(&check("junit", &path).1),
        passing,
        "a failing policy has other test cases"
    );
    for snapshot_check in ["snapshot-changed", "snapshot-missing"] {
        assert!(passing.iter().any(|n| n == snapshot_check), "{passing:?}");
    }
    let rules_only = policy_lint()
        .args(["check", "--rules-only", "--format", "junit"])
        .arg(&path)
        .output()
        .unwrap();
    let rules_only = names(&String::from_utf8(rules_only.stdout).unwrap());
    assert!(
        !rules_only.iter().any(|n| n.starts_with("snapshot-")),
        "{rules_only:?}"
    );
    // The checks of allow directives and of rules' scopes run in every check: cases whether
    // they find something or not.
    for check in ["unknown-allow", "unmatched-scope"] {
        assert!(passing.iter().any(|n| n == check), "{passing:?}");
        assert!(rules_only.iter().any(|n| n == check), "{rules_only:?}");
    }
    // Nor the `change` rules: without a comparison they are not run, so not passed.
    assert!(
        passing.iter().any(|n| n == "negation-changed"),
        "{passing:?}"
    );
    assert!(
        !rules_only.iter().any(|n| n == "negation-changed"),
        "{rules_only:?}"
    );
    let rules = policy_lint()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let rules: serde_json::Value = serde_json::from_slice(&rules.stdout).unwrap();
    let change_rules: Vec<&str> = (rules["rules"].as_array().unwrap().iter())
        .filter(|r| r["kind"] == "change")
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(
        change_rules.contains(&"effective-date-stale"),
        "{change_rules:?}"
    );
    let compared = |n: &String| n.starts_with("snapshot-") || change_rules.contains(&n.as_str());
    let content: Vec<&String> = passing.iter().filter(|n| !compared(n)).collect();
    assert_eq!(rules_only.iter().collect::<Vec<_>>(), content);
}
