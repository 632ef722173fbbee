//! End to end: `policy-lint outline` on the seed notice, its Markdown and HTML renderings, and
//! on input that is empty, broken or not a file.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const SEED: &str = "examples/privacy-notice.txt";
const SEED_MD: &str = "tests/fixtures/privacy-notice.md";
const SEED_HTML: &str = "tests/fixtures/privacy-notice.html";

const COLLECT: &str = "What Personal Information About Customers Does Amazon Collect?";
const PURPOSES: &str = "For What Purposes Does Amazon Process Your Personal Information?";
const COLLECT_ITEMS: [&str; 3] = [
    "Information You Give Us",
    "Automatic Information",
    "Information from Other Sources",
];
const PURPOSE_ITEMS: [&str; 8] = [
    "Purchase and delivery of products and services",
    "Provide, troubleshoot, and improve Amazon Services",
    "Recommendations and personalization",
    "Provide voice, image and camera services",
    "Comply with legal obligations",
    "Communicate with you",
    "Advertising",
    "Fraud Prevention and Credit Risks",
];

fn policy_lint() -> Command {
    let mut cmd = Command::cargo_bin("policy-lint").unwrap();
    // Run from the crate root, so the crate's own rules.toml (the defaults) is the one found.
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env("NO_COLOR", "1");
    cmd
}

fn outline_json(path: &Path) -> Value {
    let out = policy_lint()
        .arg("outline")
        .arg(path)
        .args(["--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn sections(json: &Value) -> &Vec<Value> {
    json["sections"].as_array().unwrap()
}

fn labels(section: &Value) -> Vec<&str> {
    section["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect()
}

/// 1-based line and column (in characters) where `needle` occurs in `text`; it must occur once.
fn position(text: &str, needle: &str) -> (u64, u64) {
    assert_eq!(text.matches(needle).count(), 1, "{needle:?} is not unique");
    let at = text.find(needle).unwrap();
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..]
        .trim_start_matches('\u{FEFF}')
        .chars()
        .count()
        + 1;
    (line as u64, column as u64)
}

fn line_column(node: &Value) -> (u64, u64) {
    (
        node["line"].as_u64().unwrap(),
        node["column"].as_u64().unwrap(),
    )
}

#[test]
fn seed_notice_has_two_sections_with_their_items_and_intros() {
    let json = outline_json(&repo(SEED));
    assert_eq!(json["format"], "text");
    let sections = sections(&json);
    assert_eq!(sections.len(), 2, "{json:#}");

    let collect = &sections[0];
    assert_eq!(collect["heading"], COLLECT);
    assert_eq!(
        collect["intro"],
        "We collect your personal information in order to provide and continually improve our \
         products and services. Here are the types of personal information we collect:"
    );
    assert_eq!(labels(collect), COLLECT_ITEMS);

    let purposes = &sections[1];
    assert_eq!(purposes["heading"], PURPOSES);
    assert_eq!(
        purposes["intro"],
        "We use your personal information to operate, provide, develop, and improve the products \
         and services that we offer our customers. These purposes include:"
    );
    assert_eq!(labels(purposes), PURPOSE_ITEMS);

    let items = purposes["items"].as_array().unwrap();
    assert_eq!(items[7]["text"], "", "the last item has an empty body");
    assert_eq!(
        items[6]["text"],
        "We use your personal information to display interest-based ads for features, products, \
         and services that might be of interest to you. We do not use information that personally \
         identifies you to display interest-based ads. To learn more, please read our \
         Interest-Based Ads policy."
    );
    assert_eq!(
        collect["items"][0]["text"],
        "We receive and store any information you provide in relation to Amazon Services. Click \
         here to see examples of what we collect. You can choose not to provide certain \
         information, but then you might not be able to take advantage of many of our Amazon \
         Services."
    );
}

#[test]
fn seed_notice_positions_point_at_the_file() {
    let text = std::fs::read_to_string(repo(SEED)).unwrap();
    let json = outline_json(&repo(SEED));
    let sections = sections(&json);
    // The file has one line per heading paragraph: the headings open lines 1 and (mid-line) 2;
    // the collection items are on line 2 and the purposes on line 3.
    assert_eq!(line_column(&sections[0]), (1, 1));
    assert_eq!(line_column(&sections[0]).0, position(&text, COLLECT).0);
    assert_eq!(line_column(&sections[1]), position(&text, PURPOSES));
    assert_eq!(line_column(&sections[1]).0, 2);
    for section in sections {
        for item in section["items"].as_array().unwrap() {
            let label = item["label"].as_str().unwrap();
            assert_eq!(
                line_column(item),
                position(&text, &format!("{label}.")),
                "{label}"
            );
        }
    }
    let lines: Vec<u64> = sections
        .iter()
        .flat_map(|s| s["items"].as_array().unwrap())
        .map(|i| i["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3]);
}

/// A section as a reader compares it: heading, intro, and each item's label and text.
type SectionContent = (String, String, Vec<(String, String)>);

/// What a reader compares between renderings: headings, intros, labels and item texts.
fn content(json: &Value) -> Vec<SectionContent> {
    sections(json)
        .iter()
        .map(|s| {
            let items = s["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| {
                    (
                        i["label"].as_str().unwrap().to_string(),
                        i["text"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            (
                s["heading"].as_str().unwrap().to_string(),
                s["intro"].as_str().unwrap().to_string(),
                items,
            )
        })
        .collect()
}

#[test]
fn markdown_rendering_reads_like_the_plain_text() {
    let text = outline_json(&repo(SEED));
    let md = outline_json(&repo(SEED_MD));
    assert_eq!(md["format"], "markdown");
    assert_eq!(content(&md), content(&text));
    let source = std::fs::read_to_string(repo(SEED_MD)).unwrap();
    let sections = sections(&md);
    assert_eq!(line_column(&sections[0]), position(&source, COLLECT));
    assert_eq!(line_column(&sections[1]), position(&source, PURPOSES));
    let advertising = &sections[1]["items"][6];
    assert_eq!(
        line_column(advertising),
        position(&source, "Advertising.**")
    );
}

#[test]
fn html_rendering_reads_like_the_plain_text() {
    let text = outline_json(&repo(SEED));
    let html = outline_json(&repo(SEED_HTML));
    assert_eq!(html["format"], "html");
    // Navigation, header, footer, script and style are not content; entities and curly quotes
    // normalise to the plain text's characters.
    assert_eq!(content(&html), content(&text));
    let source = std::fs::read_to_string(repo(SEED_HTML)).unwrap();
    let sections = sections(&html);
    assert_eq!(line_column(&sections[1]), position(&source, PURPOSES));
    assert_eq!(sections[1]["line"], 20);
    let fraud = &sections[1]["items"][7];
    assert_eq!(
        line_column(fraud),
        position(&source, "Fraud Prevention and Credit Risks.")
    );
}

/// Writes `bytes` to a file named `name` in a fresh folder.
fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn without_path(mut json: Value) -> Value {
    json.as_object_mut().unwrap().remove("path");
    json
}

#[test]
fn crlf_line_endings_parse_like_lf_with_the_same_positions() {
    for fixture in [SEED, SEED_MD, SEED_HTML] {
        let lf = std::fs::read_to_string(repo(fixture)).unwrap();
        let name = Path::new(fixture).file_name().unwrap().to_str().unwrap();
        let (_dir, crlf) = temp_file(name, lf.replace('\n', "\r\n").as_bytes());
        assert_eq!(
            without_path(outline_json(&crlf)),
            without_path(outline_json(&repo(fixture))),
            "{fixture}"
        );
    }
}

#[test]
fn a_byte_order_mark_is_neither_text_nor_a_column() {
    for fixture in [SEED, SEED_MD, SEED_HTML] {
        let mut bytes = "\u{FEFF}".as_bytes().to_vec();
        bytes.extend(std::fs::read(repo(fixture)).unwrap());
        let name = Path::new(fixture).file_name().unwrap().to_str().unwrap();
        let (_dir, bom) = temp_file(name, &bytes);
        assert_eq!(
            without_path(outline_json(&bom)),
            without_path(outline_json(&repo(fixture))),
            "{fixture}"
        );
    }
}

#[test]
fn an_empty_file_gives_an_empty_outline_and_a_warning() {
    for (name, bytes) in [("empty.txt", &b""[..]), ("blank.md", &b"  \n\t\r\n\n"[..])] {
        let (_dir, path) = temp_file(name, bytes);
        policy_lint()
            .arg("outline")
            .arg(&path)
            .args(["--format", "json"])
            .assert()
            .success()
            .stdout(predicate::str::contains("\"sections\": []"))
            .stderr(
                predicate::str::contains("warning")
                    .and(predicate::str::contains(name))
                    .and(predicate::str::contains("empty outline")),
            );
    }
}

/// Runs `outline` on a file that cannot be read as a policy: exit 2, nothing on stdout, and a
/// message on stderr naming the file and containing each of `expected`.
fn refused(path: &Path, expected: &[&str]) {
    let assert = policy_lint()
        .arg("outline")
        .arg(path)
        .assert()
        .code(2)
        .stdout("");
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains(&path.display().to_string()),
        "the message names the file: {stderr}"
    );
    for e in expected {
        assert!(stderr.contains(e), "{e:?} missing from: {stderr}");
    }
    assert_eq!(stderr.lines().count(), 1, "one clear line: {stderr}");
}

#[test]
fn a_binary_file_is_refused_with_the_byte_offset() {
    let (_dir, path) = temp_file("logo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    refused(&path, &["binary", "byte offset 8"]);
}

#[test]
fn invalid_utf8_is_refused_with_the_byte_offset() {
    let (_dir, path) = temp_file("latin1.txt", b"Privacy\nWe collect your r\xe9sum\xe9.\n");
    refused(
        &path,
        &["invalid UTF-8", "byte offset 25", "line 2, column 18"],
    );
}

#[test]
fn utf16_with_a_byte_order_mark_reads_as_its_text() {
    let text = "Privacy Notice\n\nWe collect your r\u{E9}sum\u{E9}.\n";
    let utf16: Vec<u8> = ("\u{FEFF}".encode_utf16())
        .chain(text.encode_utf16())
        .flat_map(u16::to_be_bytes)
        .collect();
    let (_dir, path) = temp_file("policy.txt", &utf16);
    let (_dir8, path8) = temp_file("policy.txt", text.as_bytes());
    let outline = |path: &Path| {
        let out = (policy_lint()
            .args(["outline", "--format", "json"])
            .arg(path))
        .output()
        .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        without_path(serde_json::from_slice(&out.stdout).unwrap())
    };
    let outline16 = outline(&path);
    assert_eq!(outline16, outline(&path8));
    assert_eq!(
        outline16["sections"][0]["intro"],
        "We collect your r\u{E9}sum\u{E9}."
    );
}

#[test]
fn a_page_in_a_charset_it_does_not_declare_is_refused() {
    let (_dir, path) = temp_file(
        "policy.html",
        b"<meta charset=\"utf-8\"><p>We collect your r\xe9sum\xe9.</p>",
    );
    refused(
        &path,
        &["invalid UTF-8", "byte offset 42", "line 1, column 43"],
    );
}

#[test]
fn a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    refused(dir.path(), &["is a directory"]);
}

#[test]
fn a_missing_path_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    refused(&dir.path().join("nope.md"), &["no such file"]);
}
