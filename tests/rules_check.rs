//! `policy-lint check` with the project's rules.toml on the example notice and on edited copies
//! of it, as plain text, Markdown and HTML: the verdicts a privacy team relies on.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use regex::Regex;
use serde_json::Value;

const ADS_SENTENCE: &str =
    "We do not use information that personally identifies you to display interest-based ads.";
const COLLECTION_INTRO: &str = "We collect your personal information in order to provide and \
                                continually improve our products and services.";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn policy_lint() -> Command {
    let mut cmd = Command::cargo_bin("policy-lint").unwrap();
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS")
        .current_dir(root())
        .arg("--config")
        .arg(root().join("rules.toml"));
    cmd
}

/// The example notice in each format.
fn renderings() -> Vec<(&'static str, String)> {
    let read = |p: &str| std::fs::read_to_string(root().join(p)).unwrap();
    vec![
        ("txt", read("examples/privacy-notice.txt")),
        ("md", read("tests/fixtures/rules/privacy-notice.md")),
        ("html", read("tests/fixtures/rules/privacy-notice.html")),
    ]
}

/// A regex for a phrase that may be wrapped over lines in the file.
fn phrase(text: &str) -> Regex {
    let words: Vec<String> = text.split_whitespace().map(regex::escape).collect();
    Regex::new(&words.join(r"\s+")).unwrap()
}

/// The text with the phrase (and the space after it) removed; panics if it is not there.
fn delete(text: &str, sentence: &str) -> String {
    let re = Regex::new(&format!(r"{}\s*", phrase(sentence).as_str())).unwrap();
    assert!(re.is_match(text), "the fixture lacks {sentence:?}");
    re.replace(text, "").into_owned()
}

fn replace(text: &str, from: &str, to: &str) -> String {
    let re = phrase(from);
    assert!(re.is_match(text), "the fixture lacks {from:?}");
    re.replace(text, to).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// 1-based line and column (in characters) of the first occurrence of `needle`.
fn position(text: &str, needle: &str) -> (u64, u64) {
    let at = text.find(needle).unwrap();
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line as u64, col as u64)
}

/// `check --format json` on one file: the exit code and its findings.
fn check_json(path: &Path) -> (i32, Vec<Value>) {
    let out = policy_lint()
        .args(["check", "--rules-only", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let findings = json["files"][0]["findings"].as_array().unwrap().clone();
    (out.status.code().unwrap(), findings)
}

fn of_rule<'a>(findings: &'a [Value], rule: &str) -> Vec<&'a Value> {
    findings.iter().filter(|f| f["rule"] == rule).collect()
}

#[test]
fn the_example_notice_passes_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for (ext, text) in renderings() {
        let path = write(dir.path(), &format!("notice.{ext}"), &text);
        policy_lint()
            .args(["check", "--rules-only"])
            .arg(&path)
            .assert()
            .success()
            .stdout("1 file checked: no findings\n");
    }
}

#[test]
fn without_the_ads_sentence_the_advertising_item_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    for (ext, text) in renderings() {
        let variants = [
            ("deleted", delete(&text, ADS_SENTENCE)),
            (
                "affirmed",
                replace(
                    &text,
                    "We do not use information that personally",
                    "We use information that personally",
                ),
            ),
            (
                "hedged",
                replace(
                    &text,
                    "We do not use information that personally",
                    "We may use information that personally",
                ),
            ),
            // A choice after the practice, in its sentence, leaves it stated.
            (
                "with-a-trailing-choice",
                replace(
                    &delete(&text, ADS_SENTENCE),
                    "might be of interest to you.",
                    "might be of interest to you, which you can turn off in your settings.",
                ),
            ),
            // The user's choice beside the practice leaves the practice stated.
            (
                "with-a-choice",
                replace(
                    &delete(&text, ADS_SENTENCE),
                    "To learn more,",
                    "You may opt out of interest-based ads. To learn more,",
                ),
            ),
        ];
        for (how, variant) in variants {
            let path = write(dir.path(), &format!("{how}.{ext}"), &variant);
            let (code, findings) = check_json(&path);
            assert_eq!(code, 1, "{how}.{ext}: {findings:?}");
            let ads = of_rule(&findings, "ads-exclude-identifying");
            assert_eq!(ads.len(), 1, "{how}.{ext}: {findings:?}");
            assert_eq!(findings.len(), 1, "{how}.{ext}: {findings:?}");
            let (line, column) = position(&variant, "Advertising.");
            assert_eq!(ads[0]["item"], "Advertising", "{how}.{ext}");
            assert_eq!(ads[0]["severity"], "error");
            assert_eq!(
                (ads[0]["line"].as_u64(), ads[0]["column"].as_u64()),
                (Some(line), Some(column)),
                "{how}.{ext} should point at the Advertising label"
            );
            assert_eq!(
                ads[0]["section"],
                "For What Purposes Does Amazon Process Your Personal Information?"
            );
        }
    }
}

/// An advertising item that states only the user's choice about ads states no practice to
/// qualify: "You may opt out of our use of your personal information to display interest-based
/// ads."
#[test]
fn a_choice_about_ads_is_not_the_advertising_practice() {
    let dir = tempfile::tempdir().unwrap();
    let choices = [
        "You may opt out of our use of your personal information to display interest-based ads",
        "You can choose to disable our use of your personal information to display interest-based ads",
    ];
    for (ext, text) in renderings() {
        for choice_sentence in choices {
            let choice = replace(
                &delete(&text, ADS_SENTENCE),
                "We use your personal information to display interest-based ads",
                choice_sentence,
            );
            let path = write(dir.path(), &format!("choice.{ext}"), &choice);
            let (code, findings) = check_json(&path);
            assert_eq!(code, 0, "{ext}: {findings:?}");
            assert!(
                of_rule(&findings, "ads-exclude-identifying").is_empty(),
                "{ext}: {choice_sentence}"
            );
        }
    }
}

/// `no-sale` reads a sale however it is said, and a sale denied or left to the user as none.
#[test]
fn a_sale_is_found_however_it_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(root().join("examples/privacy-notice.txt")).unwrap();
    let with = |sentence: &str| {
        let text = replace(&seed, ADS_SENTENCE, &format!("{ADS_SENTENCE} {sentence}"));
        let (_, findings) = check_json(&write(dir.path(), "sale.txt", &text));
        of_rule(&findings, "no-sale").len()
    };
    // Each sentence, and whether it says personal information is sold.
    for (sentence, sold) in [
        (
            "We may sell your personal information to data brokers.",
            true,
        ),
        (
            "We are in the business of selling your personal information.",
            true,
        ),
        (
            "Sharing your personal information with partners may be considered a \"sale\".",
            true,
        ),
        ("Your personal information may be sold to partners.", true),
        // What the buyers may not do is theirs: the sale stands.
        (
            "We sell your personal information to partners that may not use it for ads.",
            true,
        ),
        (
            "We sell your personal information to advertisers who do not show you ads.",
            true,
        ),
        // "Part of our business" is no sale of the business (Amazon's sentence, "not" dropped).
        (
            "Information is an important part of our business, and we are in the business of \
             selling our customers' personal information to others.",
            true,
        ),
        (
            "If we sell part of our business to a buyer, your personal information may be sold \
             with it.",
            false,
        ),
        (
            "We are not in the business of selling your personal information.",
            false,
        ),
        ("We Do Not Sell Your Personal Information.", false),
        (
            "You can opt out of the sale of your personal information.",
            false,
        ),
        (
            "In a merger, your personal information may be sold with our other assets.",
            false,
        ),
        (
            "You may opt out of any disclosure of your personal information that is considered a sale.",
            false,
        ),
        (
            "Unlike brokers, which are in the business of selling personal information, we keep it.",
            false,
        ),
        // A negation after "and" is its own clause's, not the sale's.
        (
            "We sell your personal information to brokers and do not share it with advertisers.",
            true,
        ),
        (
            "We sell your personal information and never share it.",
            true,
        ),
        // Negated another way, or only asked.
        ("We sell no personal information.", false),
        (
            "Under no circumstances do we sell your personal information.",
            false,
        ),
        (
            "Do we sell your personal information? No, we do not.",
            false,
        ),
    ] {
        assert_eq!(with(sentence), usize::from(sold), "{sentence}");
    }
}

/// Purposes as the corpus states them in a category's item are read as purposes: the item is
/// no `collection-purpose` error.
#[test]
fn a_category_with_its_purpose_said_its_own_way_is_no_error() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(root().join("examples/privacy-notice.txt")).unwrap();
    let first = "We receive and store any information you provide in relation to Amazon Services.";
    let errors = |sentence: &str| {
        let text = replace(&delete(&seed, COLLECTION_INTRO), first, sentence);
        let (_, findings) = check_json(&write(dir.path(), "purpose.txt", &text));
        of_rule(&findings, "collection-purpose")
            .iter()
            .any(|f| f["item"] == "Information You Give Us")
    };
    assert!(errors("We receive and store the documents you submit."));
    for stated in [
        "We receive and store the documents you submit for verification.",
        "We receive and store this information to facilitate account management.",
        "We receive and store signals for use in our fraud prevention systems.",
        "We receive and store what you post for content moderation.",
        "We receive and store contacts you choose to process referral invitations.",
        "We receive and store your location only to support services such as Find My.",
    ] {
        assert!(!errors(stated), "{stated}");
    }
}

#[test]
fn paraphrased_exclusions_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let text = &renderings()[0].1;
    for paraphrase in [
        "Information that personally identifies you is never used to display interest-based ads.",
        "It is our policy not to use personally identifiable information for interest-based ads.",
        "No information that personally identifies you will be used for interest-based ads.",
    ] {
        let variant = replace(text, ADS_SENTENCE, paraphrase);
        let path = write(dir.path(), "paraphrase.txt", &variant);
        let (code, findings) = check_json(&path);
        assert_eq!((code, findings.len()), (0, 0), "{paraphrase}: {findings:?}");
    }
    // A consent exception undoes the negation.
    let variant = replace(
        text,
        ADS_SENTENCE,
        "We do not use information that personally identifies you to display interest-based ads unless you consent.",
    );
    let path = write(dir.path(), "consent.txt", &variant);
    let (code, findings) = check_json(&path);
    assert_eq!(code, 1);
    assert_eq!(of_rule(&findings, "ads-exclude-identifying").len(), 1);
}

#[test]
fn without_the_collection_intro_the_categories_without_a_purpose_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    for (ext, text) in renderings() {
        let variant = delete(&text, COLLECTION_INTRO);
        let path = write(dir.path(), &format!("no-intro.{ext}"), &variant);
        let (code, findings) = check_json(&path);
        assert_eq!(code, 1, "{ext}: {findings:?}");
        let items: Vec<&str> = of_rule(&findings, "collection-purpose")
            .iter()
            .map(|f| f["item"].as_str().unwrap())
            .collect();
        assert_eq!(
            items,
            ["Information You Give Us", "Automatic Information"],
            "{ext}: \"Information from Other Sources\" states its own purpose"
        );
        assert_eq!(findings.len(), 2, "{ext}: {findings:?}");
        let first = &of_rule(&findings, "collection-purpose")[0];
        assert_eq!(
            first["message"],
            "category \"Information You Give Us\" has no stated purpose"
        );
        let (line, column) = position(&variant, "Information You Give Us");
        assert_eq!(
            (first["line"].as_u64(), first["column"].as_u64()),
            (Some(line), Some(column))
        );
    }
}

#[test]
fn the_human_report_is_shaped_like_rustc() {
    let dir = tempfile::tempdir().unwrap();
    let variant = delete(&renderings()[0].1, COLLECTION_INTRO);
    let path = write(dir.path(), "no-intro.txt", &variant);
    let shown = format!("{}", path.display());
    policy_lint()
        .args(["check", "--rules-only"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains(
                "error[collection-purpose]: category \"Information You Give Us\" has no stated purpose\n",
            )
            .and(predicate::str::contains(format!(" --> {shown}:2:1\n")))
            .and(predicate::str::contains(
                "2 | Information You Give Us. We receive and store",
            ))
            .and(predicate::str::contains("  | ^^^^^^^^^^^^^^^^^^^^^^^ no `purpose` in this item"))
            .and(predicate::str::contains("  = help: say why it is collected"))
            .and(predicate::str::contains(format!(" --> {shown}:2:286\n")))
            .and(predicate::str::contains("1 file checked: 2 errors, 0 warnings\n"))
            .and(predicate::str::contains("\u{1b}[").not()),
        );
    policy_lint()
        .args(["--color", "always", "check", "--rules-only"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\u{1b}["));
}

/// A byte-order mark opening the file is no column, in the human report as in JSON, and is not
/// printed with the line.
#[test]
fn a_byte_order_mark_is_not_a_column() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{FEFF}# Privacy\n\n## Information We Collect\n\nWe collect your name.\n";
    let path = write(dir.path(), "bom.md", text);
    let shown = format!("{}", path.display());
    policy_lint()
        .args(["check", "--rules-only"])
        .arg(&path)
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("warning[states-purposes]")
                .and(predicate::str::contains(format!(" --> {shown}:1:3\n")))
                .and(predicate::str::contains("1 | # Privacy\n"))
                .and(predicate::str::contains("  |   ^^^^^^^ no heading matches"))
                .and(predicate::str::contains("\u{FEFF}").not()),
        );
    let (_, findings) = check_json(&path);
    let purposes = of_rule(&findings, "states-purposes");
    assert_eq!(purposes[0]["line"], 1);
    assert_eq!(purposes[0]["column"], 3);
}

#[test]
fn the_json_report_follows_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let variant = delete(&renderings()[1].1, ADS_SENTENCE);
    let path = write(dir.path(), "no-ads.md", &variant);
    let out = policy_lint()
        .args(["check", "--rules-only", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["files"][0]["path"], path.display().to_string());
    assert_eq!(json["files"][0]["changes"], Value::Array(vec![]));
    let f = &json["files"][0]["findings"][0];
    for key in [
        "rule",
        "severity",
        "message",
        "line",
        "column",
        "end_line",
        "end_column",
        "section",
        "item",
    ] {
        assert!(!f[key].is_null(), "finding lacks {key}: {f}");
    }
    assert_eq!(f["end_line"], f["line"]);
    assert_eq!(
        f["end_column"].as_u64().unwrap() - f["column"].as_u64().unwrap(),
        "Advertising".len() as u64
    );
    assert_eq!(json["summary"]["files"], 1);
    assert_eq!(json["summary"]["errors"], 1);
    assert_eq!(json["summary"]["warnings"], 0);
}

#[test]
fn allow_comments_suppress_findings_in_markdown_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let [_, (_, md), (_, html)] = renderings().try_into().unwrap();
    let md = replace(
        &delete(&md, ADS_SENTENCE),
        "* **Advertising.**",
        "<!-- policy-lint: allow(ads-exclude-identifying) -->\n* **Advertising.**",
    );
    let html = replace(
        &delete(&html, ADS_SENTENCE),
        "<li><strong>Advertising.",
        "<!-- policy-lint: allow(ads-exclude-identifying) --><li><strong>Advertising.",
    );
    for (name, text) in [("allowed.md", md), ("allowed.html", html)] {
        let path = write(dir.path(), name, &text);
        let (code, findings) = check_json(&path);
        assert_eq!((code, findings.len()), (0, 0), "{name}: {findings:?}");
    }
    // Before a section heading, the directive covers the whole section; another rule still runs.
    let [_, (_, md), _] = renderings().try_into().unwrap();
    let md = replace(
        &delete(&md, COLLECTION_INTRO),
        "## What Personal Information",
        "<!-- policy-lint: allow(ads-exclude-identifying) -->\n\n## What Personal Information",
    );
    let path = write(dir.path(), "other-rule.md", &md);
    let (code, findings) = check_json(&path);
    assert_eq!(code, 1);
    assert_eq!(of_rule(&findings, "collection-purpose").len(), 2);
    let md = md.replace(
        "allow(ads-exclude-identifying)",
        "allow(collection-purpose)",
    );
    let path = write(dir.path(), "section-allowed.md", &md);
    let (code, findings) = check_json(&path);
    assert_eq!((code, findings.len()), (0, 0), "{findings:?}");
}

/// The sentence a rule asks for, kept only in a comment over several lines ("Removed by
/// marketing:"), is not in the policy: the rule fires, in Markdown as in HTML.
#[test]
fn a_required_sentence_commented_out_over_several_lines_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let [_, (_, md), (_, html)] = renderings().try_into().unwrap();
    // In the Advertising item, where the sentence would satisfy the rule if it were read.
    let commented = |indent: &str| {
        format!(
            "\n{indent}<!--\n{indent}Removed by marketing:\n{indent}{ADS_SENTENCE}\n{indent}-->"
        )
    };
    let md = replace(
        &delete(&md, ADS_SENTENCE),
        "Ads\n  policy.",
        &format!("Ads\n  policy.{}", commented("  ")),
    );
    let html = replace(
        &delete(&html, ADS_SENTENCE),
        "Ads policy.",
        &format!("Ads policy.{}", commented("")),
    );
    for (name, text) in [("commented.md", md), ("commented.html", html)] {
        let path = write(dir.path(), name, &text);
        let (code, findings) = check_json(&path);
        assert_eq!(code, 1, "{name}");
        assert_eq!(
            of_rule(&findings, "ads-exclude-identifying").len(),
            1,
            "{name}"
        );
    }
}

/// A directive under a heading allows in that section, not in the next one; one that names no
/// rule is a finding where the id is written (in every format, so CI shows it), with the rule
/// it was likely meant for; it can be ignored like a rule, and its severity set.
#[test]
fn an_allow_comment_under_a_heading_allows_in_its_section_and_a_misspelt_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# Sharing\n<!-- policy-lint: allow(no-sale) -->\nWe sell your personal information to brokers.\n\n\
                # Other\n\nWe sell your personal information to brokers.\n";
    let path = write(dir.path(), "allow.md", text);
    let (_, findings) = check_json(&path);
    let sold = of_rule(&findings, "no-sale");
    assert_eq!(sold.len(), 1, "{findings:?}");
    assert_eq!(sold[0]["line"], 7);
    let path = write(
        dir.path(),
        "typo.md",
        &text.replace("allow(no-sale)", "allow(no-sael)"),
    );
    let out = (policy_lint().args(["check", "--rules-only"]))
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let out = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.matches("warning[no-sale]").count(), 2, "{out}");
    assert!(
        out.contains(
            "warning[unknown-allow]: `allow(no-sael)` names no rule (did you mean `no-sale`?), \
             so it allows nothing\n --> "
        ) && out.contains("typo.md:2:25\n"),
        "{out}"
    );
    let (_, findings) = check_json(&path);
    let unknown = of_rule(&findings, "unknown-allow");
    assert_eq!(unknown.len(), 1, "{findings:?}");
    assert_eq!(
        (
            &unknown[0]["line"],
            &unknown[0]["column"],
            &unknown[0]["end_column"]
        ),
        (&Value::from(2), &Value::from(25), &Value::from(32))
    );
    assert_eq!(unknown[0]["section"], "Sharing");
    // Set to error, it fails the check; ignored, it is not reported.
    let rules = std::fs::read_to_string(root().join("rules.toml")).unwrap();
    let strict = rules.replace("unknown-allow = \"warning\"", "unknown-allow = \"error\"");
    assert_ne!(strict, rules);
    write(dir.path(), "rules.toml", &strict);
    let run = || {
        let out = Command::cargo_bin("policy-lint")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "--rules-only", "--format", "json", "typo.md"])
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        let ids: Vec<String> = (json["files"][0]["findings"].as_array().unwrap().iter())
            .map(|f| format!("{} {}", f["rule"], f["severity"]))
            .collect();
        (out.status.code(), ids)
    };
    let (code, ids) = run();
    assert_eq!(code, Some(1), "{ids:?}");
    assert!(ids.contains(&"\"unknown-allow\" \"error\"".to_string()));
    let ignored =
        format!("{rules}\n[[settings.ignore]]\npath = \"*.md\"\nrule = \"unknown-allow\"\n");
    write(dir.path(), "rules.toml", &ignored);
    let (code, ids) = run();
    assert_eq!(code, Some(0), "{ids:?}");
    assert!(!ids.iter().any(|i| i.contains("unknown-allow")), "{ids:?}");
}

#[test]
fn settings_give_the_paths_and_the_ignores() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("policies/archive")).unwrap();
    let text = &renderings()[0].1;
    write(dir.path(), "policies/privacy.txt", text);
    write(
        dir.path(),
        "policies/archive/old.txt",
        &delete(text, ADS_SENTENCE),
    );
    let rules = std::fs::read_to_string(root().join("rules.toml"))
        .unwrap()
        .replace("paths = []", "paths = [\"policies\"]");
    write(dir.path(), "rules.toml", &rules);
    let run = || {
        let mut cmd = Command::cargo_bin("policy-lint").unwrap();
        cmd.current_dir(dir.path())
            .args(["check", "--rules-only", "--format", "json"]);
        cmd
    };
    let out = run().output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 2, "{json}");
    assert_eq!(json["summary"]["errors"], 1, "{json}");
    let ignored = rules.replace(
        "# [[settings.ignore]]\n# path = \"policies/archive/**\"\n# rule = \"collection-purpose\"",
        "[[settings.ignore]]\npath = \"policies/archive\"\nrule = \"ads-exclude-identifying\"",
    );
    assert_ne!(ignored, rules);
    write(dir.path(), "rules.toml", &ignored);
    run().assert().success();
    // The path is the policy's place in the project, named from any folder.
    let from_policies = |path: &str, args: &[&str]| {
        let mut cmd = Command::cargo_bin("policy-lint").unwrap();
        cmd.current_dir(dir.path().join("policies"))
            .env_remove("CI")
            .args(["check", path])
            .args(args)
            .output()
            .unwrap()
    };
    let out = from_policies("archive/old.txt", &["--rules-only"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // So do the built-in checks: a policy whose snapshot is not kept.
    let unsnapshotted = format!(
        "{ignored}\n[[settings.ignore]]\npath = \"policies/archive/**\"\nrule = \"snapshot-missing\"\n"
    );
    write(dir.path(), "rules.toml", &unsnapshotted);
    let out = from_policies("archive/old.txt", &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    write(dir.path(), "rules.toml", &ignored);

    // Compared with snapshots: each configured policy once, a new one without a snapshot seen,
    // and a policy that has a snapshot but is gone (outside the configured folder) reported.
    write(dir.path(), "terms.txt", text);
    let accept = |path: &str| {
        Command::cargo_bin("policy-lint")
            .unwrap()
            .current_dir(dir.path())
            .args(["snapshot", "accept", path])
            .assert()
            .success();
    };
    accept("policies/privacy.txt");
    accept("terms.txt");
    std::fs::remove_file(dir.path().join("terms.txt")).unwrap();
    let out = Command::cargo_bin("policy-lint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = |path: &str| -> Vec<String> {
        let file = (json["files"].as_array().unwrap().iter())
            .find(|f| f["path"] == path)
            .unwrap_or_else(|| panic!("{path}: {json:#}"));
        (file["findings"].as_array().unwrap().iter())
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(json["summary"]["files"], 3, "{json:#}");
    assert!(findings("policies/privacy.txt").is_empty());
    assert_eq!(findings("policies/archive/old.txt"), ["snapshot-missing"]);
    assert_eq!(findings("snapshots/terms.txt.snap"), ["snapshot-changed"]);

    // A configured path that is not there is said to come from rules.toml.
    write(
        dir.path(),
        "rules.toml",
        &rules.replace("paths = [\"policies\"]", "paths = [\"polices\"]"),
    );
    let out = run().output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("polices: no such file (listed in `paths` under [settings] in rules.toml)"),
        "{err}"
    );
}

#[test]
fn with_no_path_and_no_configured_paths_check_is_a_usage_error() {
    // A project with rules.toml but no `paths` and no snapshot yet.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("rules.toml"), dir.path().join("rules.toml")).unwrap();
    Command::cargo_bin("policy-lint")
        .unwrap()
        .current_dir(dir.path())
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no policy to check"));
    policy_lint()
        .args(["check", "--rules-only", "no/such/policy.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/policy.md"));
}

#[test]
fn rules_lists_every_rule() {
    policy_lint().arg("rules").assert().success().stdout(
        predicate::str::is_match(r"collection-purpose +each-item +error +category")
            .unwrap()
            .and(predicate::str::is_match(r"ads-exclude-identifying +implies +error").unwrap()),
    );
    let out = policy_lint()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &json["rules"][0];
    assert_eq!(first["id"], "collection-purpose");
    assert_eq!(first["kind"], "each-item");
    assert_eq!(first["severity"], "error");
    assert_eq!(
        first["message"],
        "category \"{item}\" has no stated purpose"
    );
    // What it looks for and where, in the words its findings use.
    assert_eq!(
        first["checks"],
        "`purpose` in each item, or `purpose` with `personal-information` in its section intro"
    );
    assert_eq!(
        first["scope"],
        "sections whose heading has `collection-heading` without `use-heading`"
    );
    let sale = &json["rules"][4];
    assert_eq!(sale["id"], "no-sale");
    assert_eq!(sale["scope"], Value::Null);
}

#[test]
fn rules_says_what_each_rule_looks_for_and_where() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rules.toml"),
        r#"
[lexicon.opt-out]
words = ["opt out"]

[[rule]]
id = "choices-opt-out"
kind = "require"
severity = "warning"
message = "no way to opt out"
scope.sections = { words = ["your choices"] }
pattern = "opt-out"

[[rule]]
id = "ads-said-once"
kind = "implies"
severity = "info"
message = "ads without consent"
if = { words = ["ads"] }
then = { lexicon = "opt-out", polarity = "affirmed" }
within = "sentence"
"#,
    )
    .unwrap();
    Command::cargo_bin("policy-lint")
        .unwrap()
        .current_dir(dir.path())
        .args(["rules", "--color", "never"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("checks: `opt-out` in each section in scope\n")
                .and(predicate::str::contains(
                    "in: sections whose heading has \"your choices\"\n",
                ))
                .and(predicate::str::contains(
                    "checks: where a sentence has \"ads\", affirmed `opt-out` in the same sentence\n",
                )),
        );
}
