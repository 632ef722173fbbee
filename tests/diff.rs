//! `policy-lint diff` on the seed notice and the corpus: what is a change and what is not.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};

fn seed() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/privacy-notice.txt"),
    )
    .unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(name)
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

fn policy_lint() -> Command {
    let mut c = Command::cargo_bin("policy-lint").unwrap();
    c.env_remove("CI").env("NO_COLOR", "1");
    c
}

/// `policy-lint diff OLD NEW ARGS` of two versions (file names in its folder) of a corpus
/// policy: what it prints.
fn corpus_diff(policy: &str, [old, new]: [&str; 2], args: &[&str]) -> String {
    let dir = corpus().join(policy);
    let out = policy_lint()
        .arg("diff")
        .args([dir.join(old), dir.join(new)])
        .args(args)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// The changes of [`corpus_diff`] in JSON.
fn corpus_changes(policy: &str, versions: [&str; 2]) -> Vec<Value> {
    let out = corpus_diff(policy, versions, &["--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    v["files"][0]["changes"].as_array().unwrap().clone()
}

/// The change of [`corpus_changes`] to the introduction or whole of `section`.
fn corpus_section_change(policy: &str, versions: [&str; 2], section: &str) -> Value {
    (corpus_changes(policy, versions).into_iter())
        .find(|c| c["section"] == section && c["item"].is_null())
        .unwrap()
}

/// The word ops of a change in JSON: (`op`, `text`), in order.
fn word_ops(change: &Value) -> Vec<(&str, &str)> {
    (change["words"].as_array().unwrap().iter())
        .map(|w| (w["op"].as_str().unwrap(), w["text"].as_str().unwrap()))
        .collect()
}

/// The texts of a change's word ops of kind `op` ("insert", "delete").
fn op_texts<'c>(change: &'c Value, op: &str) -> Vec<&'c str> {
    (word_ops(change).into_iter())
        .filter(|(o, _)| *o == op)
        .map(|(_, text)| text)
        .collect()
}

/// Writes `old` and `new` and runs `policy-lint diff old new ARGS`.
fn diff(old: (&str, &str), new: (&str, &str), args: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join(old.0), dir.path().join(new.0));
    std::fs::write(&a, old.1).unwrap();
    std::fs::write(&b, new.1).unwrap();
    let out = policy_lint()
        .arg("diff")
        .arg(&a)
        .arg(&b)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn json_changes(old: &str, new: &str) -> Vec<Value> {
    let (code, out) = diff(("old.txt", old), ("new.txt", new), &["--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let changes = v["files"][0]["changes"].as_array().unwrap().clone();
    assert_eq!(code, if changes.is_empty() { 0 } else { 1 });
    changes
}

/// Re-wraps at 72 columns, curls the quotes, doubles some spaces and makes others non-breaking.
fn reflowed(text: &str) -> String {
    reflowed_at(text, 72)
}

/// [`reflowed`], at `width` columns.
fn reflowed_at(text: &str, width: usize) -> String {
    let mut out = String::new();
    for para in text.lines() {
        let mut open = false;
        let curled: String = para
            .chars()
            .map(|c| match c {
                '"' => {
                    open = !open;
                    if open { '\u{201C}' } else { '\u{201D}' }
                }
                '\'' => '\u{2019}',
                c => c,
            })
            .collect();
        let curled = curled.replace(" the ", " the\u{a0}");
        let mut line = String::new();
        for word in curled.split(' ') {
            if !line.is_empty() && line.chars().count() + word.chars().count() >= width {
                out.push_str(&line.replace(" and ", " and  "));
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn reflowed_curly_quoted_and_spaced_text_is_not_a_change() {
    let seed = seed();
    let new = reflowed(&seed);
    assert!(new.contains('\u{201C}') && new.contains('\u{a0}') && new.contains("and  "));
    assert!(new.lines().all(|l| l.chars().count() < 90));
    let (code, out) = diff(("seed.txt", &seed), ("wrapped.txt", &new), &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("no change between"), "{out}");
}

/// One paragraph re-wrapped in an editor, the others left one long line each: its lines are
/// joined again, whether the file is still read as one of long lines or, with enough short
/// lines, as a hard-wrapped one; a line that happens to be Title Case where the wrap ended it
/// is no heading.
#[test]
fn one_paragraph_reflowed_among_long_lines_is_not_a_change() {
    let seed = seed();
    for width in [50, 60, 72, 100] {
        for k in 0..seed.lines().count() {
            let new: Vec<String> = (seed.lines().enumerate())
                .map(|(i, l)| match i == k {
                    true => reflowed_at(l, width).trim_end().to_string(),
                    false => l.to_string(),
                })
                .collect();
            let new = new.join("\n") + "\n";
            let (code, out) = diff(("seed.txt", &seed), ("one.txt", &new), &[]);
            assert_eq!(code, 0, "paragraph {k} at {width}: {out}");
        }
    }
}

#[test]
fn the_seed_as_text_and_as_markdown_are_equal() {
    let out = policy_lint()
        .arg("diff")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/privacy-notice.txt"))
        .arg(fixture("privacy-notice.md"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// The same policy as Markdown and as the HTML page a site serves (a cookie banner, the site's
/// header, menu and footer around it; its table of contents, a table, a loose list): no change.
#[test]
fn the_same_text_as_markdown_and_as_a_web_page_is_equal() {
    let md = "# Privacy Policy\n\n* [What we collect](#collect)\n* [Who we share with](#share)\n\n\
              ## What we collect\n\nWe collect:\n\n1. **Account data**\n\n    Your name &amp; e-mail.\n\n\
              2. **Usage data**\n\n    Pages you visit.\n\n## Who we share with\n\n\
              | Recipient | Purpose |\n|---|---|\n| Payment processors | Payments |\n";
    let html = "<!DOCTYPE html><html><body><a href=\"#main\">Skip to content</a>\
                <div class=\"cookie-banner\" role=\"dialog\"><p>We and our 842 partners use cookies.</p></div>\
                <header><a href=\"/\">Home</a><ul><li><a href=\"/jobs\">Careers</a></li></ul></header>\
                <main id=\"main\"><article><header><h1>Privacy Policy</h1></header>\
                <ul><li><a href=\"#collect\">What we collect</a></li><li><a href=\"#share\">Who we share with</a></li></ul>\
                <section><h2 id=\"collect\">What we collect</h2><p>We collect:</p><ol>\
                <li><p><strong>Account data</strong></p><p>Your name &amp; e&#8209;mail.</p></li>\
                <li><p><strong>Usage data</strong></p><p>Pages you visit.</p></li></ol></section>\
                <section><h2 id=\"share\">Who we share with</h2><table><thead><tr><th>Recipient</th>\n<th>Purpose</th></tr></thead>\
                <tbody><tr><td>Payment processors</td>\n<td>Payments</td></tr></tbody></table></section>\
                </article></main><aside><h3>Related</h3><p>Terms of Service</p></aside>\
                <footer><p>&copy; 2024 Example Inc.</p></footer></body></html>";
    let (code, out) = diff(("policy.md", md), ("policy.html", html), &[]);
    assert_eq!(code, 0, "{out}");
    // A change inside the table is one, cell by cell.
    let (code, out) = diff(
        ("policy.md", md),
        (
            "policy.html",
            &html.replace("Payments</td>", "Payments and ads</td>"),
        ),
        &[],
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("modified Who we share with \u{203a} Payment processors")
            && out.contains("Payment processors: Payments{+ and ads+}"),
        "{out}"
    );
}

/// A list written as lines of a table cell (Spotify's), its bullets re-exported as other glyphs
/// (`*` to `•`, nested `◦` to `*`), and the same list as a web page's table: no change. A
/// glyph inside a line is text, kept as it is.
#[test]
fn a_list_in_a_table_cell_with_other_bullets_is_not_a_change() {
    let md = |bullet: &str, nested: &str| {
        format!(
            "## Data we collect\n\n| Category | Examples |\n|---|---|\n\
             | Usage Data | This may include:<br><br>{bullet} search queries<br>{bullet} devices:\
             <br>{nested} speakers<br>{nested} watches | \n"
        )
    };
    let (code, out) = diff(
        ("old.md", &md("*", "\u{25E6}")),
        ("new.md", &md("\u{2022}", "*")),
        &[],
    );
    assert_eq!(code, 0, "{out}");
    let html = "<h2>Data we collect</h2><table><tr><th>Category</th><th>Examples</th></tr>\
                <tr><td>Usage Data</td><td>This may include:<br><br>- search queries<br>\
                - devices:<br>&#9702; speakers<br>&#9702; watches</td></tr></table>";
    let (code, out) = diff(("old.md", &md("*", "\u{25E6}")), ("new.html", html), &[]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = diff(
        ("old.md", &md("*", "*")),
        (
            "new.md",
            &md("*", "*").replace("<br>* speakers", " * speakers"),
        ),
        &[],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("devices: [-\u{2022}-]{+*+} speakers"), "{out}");
}

/// An address hidden from harvesters with an image of "@" (Wikipedia's, 2026) reads as its
/// reader sees it, in Markdown and in HTML alike; a logo or illustration is still no text, but
/// a break between words.
#[test]
fn an_image_inside_a_word_reads_as_its_alt_text() {
    let md = "## Contact\n\n![Our logo](logo.png)\n\nEmail privacy![@](at.png)wikimedia.org \
              with questions. ![A trash can.](bin.png) Delete it. Google![logo](g.png)Analytics.\n";
    let html = "<h2>Contact</h2><p><img alt=\"Our logo\" src=\"logo.png\"></p><p>Email \
                privacy<img src=\"at.png\" alt=\"@\">wikimedia.org with questions. \
                <img alt=\"A trash can.\" src=\"bin.png\"> Delete it. Google<img alt=\"logo\">Analytics.</p>";
    let (code, out) = diff(("old.md", md), ("new.html", html), &[]);
    assert_eq!(code, 0, "{out}");
    let written = md.replace("![@](at.png)", "@");
    let (code, out) = diff(("old.md", &written), ("new.md", md), &[]);
    assert_eq!(code, 0, "{out}");
    // A word's alt text names a picture: no text, a break between the words around it.
    let logo = written.replace("Google![logo](g.png)Analytics", "Google Analytics");
    let (code, out) = diff(("old.md", &logo), ("new.md", md), &[]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = diff(
        ("old.md", &written.replace("privacy@", "legal@")),
        ("new.html", html),
        &[],
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("[-legal@wikimedia.org-]{+privacy@wikimedia.org+}"),
        "{out}"
    );
}

/// The seed saved as Word's "Unicode text" (UTF-16 with a byte-order mark, CRLF), and a web page
/// saved in the legacy charset it declares: each reads as its UTF-8 original, no change.
#[test]
fn files_in_the_encodings_they_declare_read_as_their_utf8_originals() {
    let dir = tempfile::tempdir().unwrap();
    let run = |old: &str, new: &str| {
        let out = policy_lint()
            .arg("diff")
            .args([dir.path().join(old), dir.path().join(new)])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.stderr.is_empty(), "{out:?}");
        (out.status.code(), stdout)
    };
    let seed = seed();
    let utf16: Vec<u8> = ("\u{FEFF}".encode_utf16())
        .chain(seed.replace('\n', "\r\n").encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(dir.path().join("seed.txt"), &seed).unwrap();
    std::fs::write(dir.path().join("seed-unicode.txt"), utf16).unwrap();
    let (code, out) = run("seed.txt", "seed-unicode.txt");
    assert_eq!(code, Some(0), "{out}");
    assert!(out.starts_with("no change"), "{out}");

    // A page named `name`, declaring `charset`, with `body` as its paragraph's bytes.
    let page = |name: &str, charset: &str, body: &[u8]| {
        let head = format!(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\"></head><body><h1>Privacy</h1><p>"
        );
        let bytes = [head.as_bytes(), body, b"</p></body></html>"].concat();
        std::fs::write(dir.path().join(name), bytes).unwrap();
    };
    let resume = "We keep your \u{201C}r\u{E9}sum\u{E9}\u{201D} \u{2014} for a year.";
    page("utf8.html", "utf-8", resume.as_bytes());
    let latin = b"We keep your \x93r\xe9sum\xe9\x94 \x97 for a year.";
    page("latin.html", "windows-1252", latin);
    let (code, out) = run("utf8.html", "latin.html");
    assert_eq!(code, Some(0), "{out}");
    let edited = b"We keep your \x93r\xe9sum\xe9\x94 \x97 for two years.";
    page("edited.html", "windows-1252", edited);
    let (code, out) = run("latin.html", "edited.html");
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("r\u{E9}sum\u{E9}"), "{out}");
    assert!(out.contains("for [-a year-]{+two years+}"), "{out}");
}

/// A paragraph added after a section's last one is on its own line, not on the line of the
/// paragraph before it; so is a paragraph removed, in the old version.
#[test]
fn a_paragraph_added_at_a_sections_end_points_at_its_own_line() {
    let old = "Sharing\n\nWe share data with providers.\n\nWe do not sell it.\n\nRetention\n\nWe keep it.\n";
    let new = old.replace("sell it.\n", "sell it.\n\nWe also share it with brokers.\n");
    let lines = |old: &str, new: &str| -> Vec<(Value, Value)> {
        (json_changes(old, new).iter())
            .map(|c| (c["old_line"].clone(), c["line"].clone()))
            .collect()
    };
    assert_eq!(lines(old, &new), [(json!(5), json!(7))]);
    assert_eq!(lines(&new, old), [(json!(7), json!(5))]);
}

#[test]
fn one_word_changed_in_advertising_is_one_modified_change() {
    let seed = seed();
    let new = seed.replacen(
        "to display interest-based ads for",
        "to show interest-based ads for",
        1,
    );
    let changes = json_changes(&seed, &new);
    assert_eq!(changes.len(), 1, "{changes:#?}");
    let c = &changes[0];
    assert_eq!(c["kind"], "modified");
    assert_eq!(
        c["section"],
        "For What Purposes Does Amazon Process Your Personal Information?"
    );
    assert_eq!(c["item"], "Advertising");
    assert_eq!(c["line"], 3);
    assert_eq!(
        c["words"],
        serde_json::json!([{ "op": "delete", "text": "display" }, { "op": "insert", "text": "show" }])
    );
}

#[test]
fn the_human_format_marks_words_as_git_word_diff_does() {
    let seed = seed();
    let new = seed.replacen(
        "to display interest-based ads for",
        "to show interest-based ads for",
        1,
    );
    let (code, out) = diff(("old.txt", &seed), ("new.txt", &new), &[]);
    assert_eq!(code, 1);
    // The report leads with how many changes alter meaning ("display" → "show" does not).
    let want = "1 change, 0 material\n\nmodified For What Purposes Does Amazon Process Your Personal Information? › Advertising\n";
    assert!(out.starts_with(want), "{out}");
    assert!(out.contains("new.txt:3 (was "), "{out}");
    assert!(
        out.contains("information to [-display-]{+show+} interest-based ads"),
        "{out}"
    );
    // With colour forced, the markers give way to red and green.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), &seed).unwrap();
    std::fs::write(dir.path().join("b.txt"), &new).unwrap();
    let out = policy_lint()
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .args(["diff", "a.txt", "b.txt"])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.contains("\u{1b}[") && !out.contains("[-display-]"),
        "{out}"
    );
}

#[test]
fn text_before_the_first_heading_is_titled_once() {
    let old = "Intro text here.\n\n# Cookies\n\nWe use cookies.\n\n## Ads\n\nAds intro.\n\n### Kinds\n\nText.\n";
    let new = old
        .replace("Intro text here", "Intro text changed here")
        .replace("Ads intro", "Ads intro changed");
    let (code, out) = diff(("old.md", old), ("new.md", &new), &[]);
    assert_eq!(code, 1);
    assert!(
        out.contains("\nmodified (before the first heading)\n"),
        "{out}"
    );
    // A section's own text before its subsections is its introduction.
    assert!(out.contains("\nmodified Ads (introduction)\n"), "{out}");
}

#[test]
fn swapped_items_are_a_move_and_nothing_else() {
    let md = std::fs::read_to_string(fixture("privacy-notice.md")).unwrap();
    let lines: Vec<&str> = md.lines().collect();
    let a = lines
        .iter()
        .position(|l| l.starts_with("* **Communicate with you.**"))
        .unwrap();
    let b = lines
        .iter()
        .position(|l| l.starts_with("* **Advertising.**"))
        .unwrap();
    let mut swapped = lines.clone();
    swapped.swap(a, b);
    let (code, out) = diff(
        ("old.md", &md),
        ("new.md", &swapped.join("\n")),
        &["--format", "json"],
    );
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let kinds: Vec<&str> = v["files"][0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["moved"]);
}

#[test]
fn a_reworded_heading_is_renamed_and_a_new_item_is_added() {
    let seed = seed();
    let renamed = seed.replace(
        "For What Purposes Does Amazon Process Your Personal Information?",
        "Why Does Amazon Process Your Personal Information?",
    );
    let changes = json_changes(&seed, &renamed);
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0]["kind"], "renamed");
    assert_eq!(
        changes[0]["section"],
        "Why Does Amazon Process Your Personal Information?"
    );
    assert_eq!(
        changes[0]["old_section"],
        "For What Purposes Does Amazon Process Your Personal Information?"
    );

    let added = seed.replacen(
        "Advertising. We use",
        "Biometric Data. We collect an image of your palm at checkout. Advertising. We use",
        1,
    );
    let changes = json_changes(&seed, &added);
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0]["kind"], "added");
    assert_eq!(changes[0]["item"], "Biometric Data");
    assert_eq!(changes[0]["words"][0]["op"], "insert");
}

/// Spotify's notice of July 2024 gave its opening text a heading: "was:" says it had none.
#[test]
fn a_heading_given_to_the_opening_text_says_it_had_none() {
    let (old, new) = ("We collect data.\n", "# Privacy\n\nWe collect data.\n");
    let (code, out) = diff(("old.md", old), ("new.md", new), &["--color", "never"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("renamed  Privacy\n")
            && out.contains("  was: (no heading: the text before the first heading)\n"),
        "{out}"
    );
}

/// An item made a section of its own (Zoom's "Marketing Communications" of December 2023), or
/// moved to another section (TikTok's "Users of Our Analytics Services" of 2024), is read
/// against what it was: no finding says a purpose or recipient it still names was removed and
/// added again.
#[test]
fn an_item_moved_under_its_own_name_is_read_against_what_it_was() {
    let messages = |c: &Value| -> Vec<String> {
        (c["material"].as_array().unwrap().iter())
            .map(|m| m["message"].as_str().unwrap().to_string())
            .collect()
    };
    let zoom = corpus_changes("zoom-privacy-policy", ["2023-09-05.md", "2023-12-20.md"]);
    let said: Vec<String> = zoom.iter().flat_map(messages).collect();
    assert!(
        !said.contains(&"purpose removed: marketing".to_string()),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|m| m.starts_with("negation added in a new sentence: \"Zoom will not share")),
        "{said:?}"
    );
    let tiktok = corpus_changes("tiktok-privacy-policy", ["2023-10-20.md", "2024-11-04.md"]);
    let item = |kind: &str| {
        (tiktok.iter())
            .find(|c| c["kind"] == kind && c["item"] == "Users of Our Analytics Services")
            .unwrap_or_else(|| panic!("{kind}"))
    };
    assert_eq!(messages(item("removed")), Vec::<String>::new());
    let added = messages(item("added"));
    assert!(
        added.contains(&"recipient added: buyers in a transaction".to_string())
            && !added.iter().any(|m| m.contains("advertisers")),
        "{added:?}"
    );
}

#[test]
fn identical_versions_exit_zero() {
    let c = corpus().join("amazon-privacy-policy/2023-07-11.md");
    policy_lint().arg("diff").arg(&c).arg(&c).assert().code(0);
}

/// Amazon's notice of August 2023: the Data Privacy Framework in place of Privacy Shield, in the
/// section that named Privacy Shield, renamed for the new framework and grown by a footnote.
#[test]
fn a_new_transfer_framework_is_a_material_change() {
    let dir = corpus().join("amazon-privacy-policy");
    let out = policy_lint()
        .arg("diff")
        .arg(dir.join("2023-07-11.md"))
        .arg(dir.join("2023-08-11.md"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let summary = text.lines().next().unwrap();
    assert_eq!(
        summary,
        "9 changes, 1 material: transfer mechanism removed: Privacy Shield; added: Data Privacy \
         Framework in EU-US and Swiss-US Data Privacy Framework"
    );
    assert!(text.contains("! material (transfer)"), "{text}");
    assert!(
        text.contains(
            "renamed  EU-US and Swiss-US Data Privacy Framework\n\
             @@ "
        ) && text.contains("EU-US and Swiss-US [-Privacy Shield-]{+Data Privacy Framework+}"),
        "{text}"
    );
}

/// Reddit's notice of January 2026 no longer says it does not share personal information, and
/// Zoom's of September 2023 says its employees do not use customer content, where it said they
/// do not access it. Twitter's of 2015 joins "We do not knowingly" to the "collect personal
/// information …" the version before cut from it: no promise added.
#[test]
fn a_practice_taken_out_of_a_negation_or_put_in_one_is_material() {
    let negations = |policy: &str, versions: [&str; 2]| -> Vec<String> {
        (corpus_changes(policy, versions).iter())
            .flat_map(|c| c["material"].as_array().unwrap().clone())
            .filter(|m| m["kind"] == "negation")
            .map(|m| m["message"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        negations("reddit-privacy-policy", ["2025-06-02.md", "2026-01-15.md"]),
        [
            "negation narrowed: no longer says it does not share: \"Reddit does not \"sell\" \
          personal information as those …\""
        ]
    );
    let zoom = negations("zoom-privacy-policy", ["2023-04-10.md", "2023-09-05.md"]);
    assert!(
        zoom.contains(
            &"negation widened: now also says it does not use: \"Zoom employees do not access \
              or use Customer …\""
                .to_string()
        ),
        "{zoom:?}"
    );
    let twitter = negations("twitter-privacy-policy", ["2013-10-24.md", "2015-05-24.md"]);
    assert!(
        !twitter.iter().any(|m| m.contains("widened")),
        "{twitter:?}"
    );
}

/// ChatGPT's notice of May 2026 renumbers "5. Retention" to "4. Retention" and rewrites it
/// around the sentences it kept, with items of what is kept how long.
#[test]
fn a_section_renumbered_and_rewritten_is_renamed_not_removed_and_added() {
    let changes = corpus_changes("chatgpt-privacy-policy", ["2026-01-21.md", "2026-05-18.md"]);
    let retention: Vec<(&str, &str)> = (changes.iter())
        .filter(|c| {
            [&c["section"], &c["old_section"]]
                .iter()
                .any(|s| s.as_str().is_some_and(|s| s.ends_with(". Retention")))
        })
        .map(|c| (c["kind"].as_str().unwrap(), c["target"].as_str().unwrap()))
        .collect();
    assert_eq!(
        retention,
        [
            ("renamed", "heading"),
            ("modified", "intro"),
            ("added", "item"),
            ("added", "item"),
            ("added", "item"),
        ]
    );
    assert!(changes.iter().any(|c| c["kind"] == "renamed"
        && c["old_section"] == "5. Retention"
        && c["section"] == "4. Retention"));
    // The same heading but for its numbering and case pairs, whatever its body became.
    let changes = corpus_changes("bluesky-privacy-policy", ["2025-06-25.md", "2025-08-15.md"]);
    assert!(changes.iter().any(|c| c["kind"] == "renamed"
        && c["old_section"] == "SUPPLEMENTAL NOTICE FOR CERTAIN JURISDICTIONS"
        && c["section"] == "15. Supplemental Notice for Certain Jurisdictions"));
    let changes = corpus_changes("paypal-privacy-policy", ["2025-12-02.md", "2026-01-25.md"]);
    assert!(changes.iter().any(|c| c["kind"] == "renamed"
        && c["old_section"] == "17. Definitions"
        && c["section"] == "Definitions"));
}

#[test]
fn a_changed_link_target_alone_is_a_link_change() {
    let dir = corpus().join("amazon-privacy-policy");
    let out = policy_lint()
        .args(["diff", "--format", "json"])
        .arg(dir.join("2023-07-01.md"))
        .arg(dir.join("2023-07-11.md"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes = v["files"][0]["changes"].as_array().unwrap();
    assert!(!changes.is_empty());
    for c in changes {
        assert_eq!(c["kind"], "link", "{c:#}");
        assert!(c["words"].as_array().unwrap().is_empty());
        for l in c["links"].as_array().unwrap() {
            assert!(
                l["old"]
                    .as_str()
                    .unwrap()
                    .starts_with("https://www.amazon.com/")
            );
            assert!(l["new"].as_str().unwrap().starts_with("#GUID-"));
        }
    }
}

/// A link change points at the line of the link, not at the first line of the paragraphs that
/// hold it; the locale and click-source parameters of a target are no change.
#[test]
fn a_link_change_points_at_the_link_and_a_target_in_another_language_is_none() {
    let changes = corpus_changes(
        "whatsapp-privacy-policy",
        ["2022-07-11.md", "2022-10-13.md"],
    );
    let lines: Vec<(&Value, &Value)> = (changes.iter())
        .map(|c| (&c["old_line"], &c["line"]))
        .collect();
    assert_eq!(lines, [(&json!(22), &json!(22)), (&json!(26), &json!(26))]);
    // LinkedIn tagged its help links with `trk=…&lang=en`, Google its with `hl=` and `gl=`.
    for (policy, versions) in [
        (
            "linkedin-privacy-policy",
            ["2022-07-11.md", "2023-01-04.md"],
        ),
        ("google-privacy-policy", ["2024-05-03.md", "2025-07-23.md"]),
    ] {
        for c in corpus_changes(policy, versions) {
            for l in c["links"].as_array().unwrap() {
                let (old, new) = (l["old"].as_str(), l["new"].as_str());
                let base = |t: Option<&str>| t.map(|t| t.split('?').next().unwrap().to_string());
                assert!(
                    old.is_none() || new.is_none() || base(old) != base(new),
                    "{policy}: {l}"
                );
            }
        }
    }
}

#[test]
fn declared_noise_is_left_out_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rules.toml"),
        "[diff]\nignore = ['Last updated: \\w+ \\d+, \\d{4}']\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# Notice\n\nLast updated: June 30, 2023\n\nWe collect data.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.md"),
        "# Notice\n\nLast updated: July 11, 2023\n\nWe collect data.\n",
    )
    .unwrap();
    let out = policy_lint()
        .current_dir(dir.path())
        .args(["diff", "a.md", "b.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("left out ([diff] ignore `Last updated:"),
        "{text}"
    );
    assert!(
        text.contains("\"Last updated: June 30, 2023\" → \"Last updated: July 11, 2023\""),
        "{text}"
    );
    // Before the first heading, the place is named as changes name it.
    for (name, date) in [("c.md", "June 30"), ("d.md", "July 11")] {
        let text = format!("Last updated: {date}, 2023\n\n# Notice\n\nWe collect data.\n");
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = policy_lint()
        .current_dir(dir.path())
        .args(["diff", "c.md", "d.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("`) in (before the first heading): \"Last updated: June 30"),
        "{text}"
    );
}

#[test]
fn unreadable_input_is_an_error_naming_the_file() {
    policy_lint()
        .args(["diff", "no-such-old.md", "no-such-new.md"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no-such-old.md: no such file"));
}

#[test]
fn the_summary_counts_material_changes_as_the_human_header_does() {
    let old = "# Sharing\n\nWe may share your data with partners.\n";
    let new = "# Sharing\n\nWe will not share your data with advertisers.\n";
    let (code, out) = diff(("old.md", old), ("new.md", new), &["--format", "json"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let flags = v["files"][0]["changes"][0]["material"].as_array().unwrap();
    assert!(flags.len() >= 2, "{flags:?}");
    assert_eq!(v["summary"]["changes"], 1);
    assert_eq!(v["summary"]["material"], 1);
    // The summary has the fields of `check`'s, its finding counts 0: a diff runs no rules.
    let checked = policy_lint()
        .args(["check", "--rules-only", "--format", "json"])
        .arg(fixture("privacy-notice.md"))
        .output()
        .unwrap();
    let checked: Value = serde_json::from_slice(&checked.stdout).unwrap();
    let keys =
        |v: &Value| -> Vec<String> { v["summary"].as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&v), keys(&checked));
    for count in ["errors", "warnings", "infos", "unchecked"] {
        assert_eq!(v["summary"][count], 0, "{count}");
    }
    let file = &v["files"][0];
    assert!(
        (file["old_path"].as_str()).is_some_and(|p| p.ends_with("old.md")),
        "{file}"
    );
    assert!(
        (file["path"].as_str()).is_some_and(|p| p.ends_with("new.md")),
        "{file}"
    );
    let (_, human) = diff(("old.md", old), ("new.md", new), &[]);
    assert!(human.starts_with("1 change, 1 material: "), "{human}");
}

/// Microsoft's statement of April 2022 runs two entries of a list of sources together (an
/// archive's doing). The entry opens with a short sentence, but the list's other entries are a
/// sentence each: it is a word change in the introduction, not a new item that takes the
/// paragraphs after the list with it.
#[test]
fn two_list_entries_run_together_are_a_word_change_not_a_new_item() {
    let versions = ["2021-10-05.md", "2022-04-12.md"];
    let changes = corpus_changes("microsoft-privacy-policy", versions);
    let label = "Third parties that deliver experiences through Microsoft products";
    assert!(changes.iter().all(|c| c["item"] != label), "{changes:#?}");
    let intro = &changes[0];
    assert_eq!(
        (&intro["kind"], &intro["target"]),
        (&"modified".into(), &"intro".into())
    );
    let words = word_ops(intro);
    assert_eq!(
        words[2..],
        [
            ("delete", "government databases"),
            (
                "insert",
                "public sector, academic, and commercial data sets and other data sources"
            )
        ]
    );
}

/// Pinterest's policy of December 2022 moves a sentence about ad settings from "Close your
/// account at any time" to a new item, "Opt out of targeted advertising": both runs say where the
/// text went or came from, and the human report names it by its opening words, once each way.
#[test]
fn a_sentence_moved_to_another_item_says_where_it_went_and_came_from() {
    let (policy, versions) = (
        "pinterest-privacy-policy",
        ["2022-07-11.md", "2022-12-18.md"],
    );
    let changes = corpus_changes(policy, versions);
    let run = |item: &str, op: &str| {
        let c = (changes.iter()).find(|c| c["item"] == item).unwrap();
        let runs = c["words"].as_array().unwrap().iter();
        runs.filter(|w| w["op"] == op && w.get("moved").is_some())
            .map(|w| (w["text"].as_str().unwrap().trim(), w["moved"].clone()))
            .next()
            .unwrap()
    };
    let (gone, to) = run("Close your account at any time", "delete");
    let (came, from) = run("Opt out of targeted advertising", "insert");
    assert!(
        gone.starts_with("We also support settings such as Limit Ad Tracking"),
        "{gone}"
    );
    assert_eq!(gone, came);
    assert_eq!(
        to,
        serde_json::json!({ "section": "Your options", "item": "Opt out of targeted advertising" })
    );
    assert_eq!(
        from,
        serde_json::json!({
            "section": "Choices you have about your info",
            "item": "Close your account at any time"
        })
    );
    let text = corpus_diff(policy, versions, &["--color", "never"]);
    let words = gone.split_whitespace().count();
    let opening = format!("“We also support settings such as Limit Ad …” ({words} words)");
    let went =
        format!("[-moved to \"Your options › Opt out of targeted advertising\": {opening}-]");
    let arrived = format!(
        "+ moved from \"Choices you have about your info › Close your account at any time\": {opening}"
    );
    assert_eq!(text.matches(&went).count(), 1, "{text}");
    assert_eq!(text.matches(&arrived).count(), 1, "{text}");
    assert!(!text.contains("{+We also support settings"), "{text}");
}

/// A sentence moved into the text before the first heading says where it went in the words
/// its header uses, not `moved to ""`.
#[test]
fn a_sentence_moved_before_the_first_heading_says_so() {
    let old = "# Overview\n\nWelcome to our notice.\n\n## Sharing\n\nWe share data with vendors. \
               We do not sell your personal information to anyone at all. Contact us.\n";
    let new = "We do not sell your personal information to anyone at all.\n\n# Overview\n\n\
               Welcome to our notice.\n\n## Sharing\n\nWe share data with vendors. Contact us.\n";
    let (code, text) = diff(("old.md", old), ("new.md", new), &["--color", "never"]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("[-moved to the text before the first heading: “We do not sell your")
            && text.contains("+ moved from \"Sharing\": “We do not sell"),
        "{text}"
    );
    assert!(!text.contains("\"\""), "{text}");
}

/// An item renamed and edited at once is one change under its new label, which says the old
/// one.
#[test]
fn an_item_renamed_and_edited_says_its_old_label() {
    let old = "# Cookies\n\n* Non-essential Cookies: Depending on your jurisdiction, we use \
               these cookies for analytics and to remember you.\n* Essential Cookies: We use \
               these to run the site.\n";
    let new = old
        .replace("Non-essential Cookies:", "Optional Cookies:")
        .replace("Depending on your jurisdiction", "Where the law allows");
    let (code, text) = diff(("old.md", old), ("new.md", &new), &["--color", "never"]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(
            "\nmodified Cookies › Optional Cookies (renamed from \"Non-essential Cookies\")\n"
        ),
        "{text}"
    );
}

/// A heading said twice (a feature under two products) with the same text under each: a word
/// edited under one is that one modified, not the two crossed over and read as moves.
#[test]
fn a_heading_said_twice_is_paired_in_order() {
    let twice = |edited: &str| {
        format!(
            "# Facebook\n\n## Metadata\n\nWe collect the place a photo was taken.\n\n\
             ## AI features\n\nWe collect the prompts you {edited} with these features.\n\n\
             ## Supervision\n\nSupervisors get tools for a teen account.\n\n# Instagram\n\n\
             ## Search engines\n\nPublic profiles can be found by search engines.\n\n\
             ## AI features\n\nWe collect the prompts you share with these features.\n\n\
             ## Contact\n\nWrite to privacy@example.com with questions.\n"
        )
    };
    let (code, text) = diff(
        ("old.md", &twice("share")),
        ("new.md", &twice("type")),
        &["--color", "never"],
    );
    assert_eq!(code, 1, "{text}");
    assert!(
        text.starts_with("1 change, 0 material\n\nmodified AI features (introduction)\n@@ ")
            && text.contains("new.md:9 (was ")
            && text.contains("old.md:9) @@\n"),
        "{text}"
    );
}

/// A promise made in a section's heading is read when the heading is reworded: taken back, or
/// made; said in other words, it stands. The heading reworded is a change the date should
/// follow.
#[test]
fn a_promise_in_a_heading_reworded_is_material() {
    let text = |heading: &str| {
        format!(
            "Last updated: May 1, 2023\n\n# Policy\n\n## {heading}\n\nSee below for what we share.\n"
        )
    };
    let promise = text("We Do Not Sell Your Personal Information");
    let messages = |old: &str, new: &str| -> Vec<String> {
        let (_, out) = diff(("old.md", old), ("new.md", new), &["--format", "json"]);
        let v: Value = serde_json::from_str(&out).unwrap();
        (v["files"][0]["changes"].as_array().unwrap().iter())
            .flat_map(|c| c["material"].as_array().unwrap().clone())
            .map(|m| m["message"].as_str().unwrap().to_string())
            .collect()
    };
    let sold = text("We Sell Your Personal Information");
    let said = messages(&promise, &sold);
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(
        said[0].starts_with("negation removed from the heading: no longer says it does not sell:"),
        "{said:?}"
    );
    assert!(said[1].starts_with("the text changed but"), "{said:?}");
    let said = messages(&sold, &promise);
    assert!(
        said[0].starts_with("negation added to the heading: now says it does not sell:"),
        "{said:?}"
    );
    let never = text("We Never Sell Your Personal Information");
    let said = messages(&promise, &never);
    assert!(
        said.len() == 1 && said[0].starts_with("the text changed but"),
        "{said:?}"
    );
    // Its case or numbering changed, it says the same: the date need not follow.
    for same in [
        text("WE DO NOT SELL YOUR PERSONAL INFORMATION"),
        text("4. We Do Not Sell Your Personal Information"),
    ] {
        assert_eq!(messages(&promise, &same), Vec::<String>::new(), "{same}");
    }
}

/// GitHub's statement of October 2023: seven material findings (its data protection officer's
/// Amsterdam address, "Vijzelstraat 68", among them; "the contact details provided below",
/// GitHub's own, no data category). The summary line names the first five, in
/// the order of the changes, and counts the rest.
#[test]
fn the_summary_names_five_material_findings_and_counts_the_rest() {
    let (policy, versions) = ("github-privacy-policy", ["2023-03-27.md", "2023-10-13.md"]);
    let changes = corpus_changes(policy, versions);
    let found: Vec<String> = (changes.iter())
        .flat_map(|c| {
            let title = match c["item"].as_str() {
                Some(item) => format!("{} › {item}", c["section"].as_str().unwrap()),
                None => c["section"].as_str().unwrap().to_string(),
            };
            (c["material"].as_array().unwrap().iter())
                .map(move |m| format!("{} in {title}", m["message"].as_str().unwrap()))
        })
        .collect();
    assert_eq!(found.len(), 7, "{found:?}");
    assert!(
        found
            .contains(&"contact removed: Vijzelstraat 68 in GitHub Data Protection Officer".into()),
        "{found:?}"
    );
    let text = corpus_diff(policy, versions, &["--color", "never"]);
    let want = format!(
        "{} changes, {} material: {}; and 2 more",
        changes.len(),
        (changes.iter())
            .filter(|c| !c["material"].as_array().unwrap().is_empty())
            .count(),
        found[..5].join("; ")
    );
    assert_eq!(text.lines().next(), Some(want.as_str()));
}

/// Amazon's notice of January 2026 gives its "click here" links words of their own ("Learn more
/// about how to manage the security settings of your device at Digital Services and Device
/// Support"). The words diff shows the new words; a link to the same page is no link change,
/// and only the link to a page not linked before is reported.
#[test]
fn links_given_new_words_to_the_same_pages_are_word_changes_only() {
    let versions = ["2025-02-15.md", "2026-01-01.md"];
    let section = "How Secure Is Information About Me?";
    let security = corpus_section_change("amazon-privacy-policy", versions, section);
    let inserted: String = op_texts(&security, "insert").concat();
    assert!(
        inserted.contains("Digital Services and Device Support"),
        "{inserted}"
    );
    assert_eq!(
        security["links"],
        serde_json::json!([{
            "text": "Your Security",
            "old": null,
            "new": "https://www.amazon.com/gp/help/customer/display.html?nodeId=GYFK65F3SL8ABWQZ"
        }])
    );
}

/// Wikimedia's policy of May 2024 opens with its menu of languages, one sentence of 1,000
/// words: "Simple English" left it and "ᱥᱟᱱᱛᱟᱲᱤ" joined. Past the size a word diff is taken at
/// by default, a sentence a few edits apart is still diffed word by word, not struck out whole.
#[test]
fn a_long_sentence_with_a_few_words_changed_shows_the_words() {
    let versions = ["2024-01-13.md", "2024-05-16.md"];
    let changes = corpus_changes("wikipedia-privacy-policy", versions);
    let menu = (changes.iter())
        .find(|c| (c["words"].as_array().unwrap().iter()).any(|w| w["text"] == "Simple English "))
        .unwrap();
    assert_eq!(menu["coarse"], false);
    let edits: Vec<(&str, &str)> = (word_ops(menu).into_iter())
        .filter(|(op, _)| *op != "equal")
        .collect();
    assert!(edits.contains(&("insert", "ᱥᱟᱱᱛᱟᱲᱤ ")), "{edits:?}");
    assert!(edits.iter().all(|(_, text)| text.len() < 40), "{edits:?}");
}

/// Anthropic's notice of August 2026 edits its table of legal bases: a row is one sentence of
/// 300 words whose cells repeat "• Identity and Contact Data", with more edits than a word diff
/// of that size may take at once. The words each version names once anchor the word diff: each
/// cell added is its own insertion, and the row is not struck out and inserted again.
#[test]
fn a_long_table_row_much_edited_shows_each_cell_added() {
    let versions = ["2026-01-15.md", "2026-08-17.md"];
    let section = "10. Legal Bases for Processing";
    // The row is an item, named by its first cell (which this edit lengthens).
    let fraud = "To prevent and investigate fraud";
    let bases = (corpus_changes("claude-privacy-policy", versions).into_iter())
        .find(|c| {
            c["section"] == section && c["item"].as_str().is_some_and(|i| i.starts_with(fraud))
        })
        .unwrap();
    assert_eq!(bases["coarse"], false);
    let inserted = op_texts(&bases, "insert");
    for cell in [
        "• Verification Data • Study Participation Data ",
        "to protect your safety or that of any other person, ",
        " • Vital Interests",
    ] {
        assert!(inserted.contains(&cell), "{cell:?} in {inserted:?}");
    }
    assert!(inserted.iter().all(|text| text.len() < 150), "{inserted:?}");
}

/// Reddit's notice of June 2025 adds a row "Public Content You Submit" to its table of what it
/// collects, before the row "Non-Public Content You Submit", which it rewords. The row added is
/// one insertion, and the row kept is diffed word by word: its heading is not struck out and
/// inserted again.
#[test]
fn a_row_added_before_a_row_reworded_is_an_insertion_of_its_own() {
    let versions = ["2024-09-10.md", "2025-06-02.md"];
    let section = "What Information We Collect";
    let collected = corpus_section_change("reddit-privacy-policy", versions, section);
    let ops = word_ops(&collected);
    let added = (ops.iter()).find(|(_, text)| text.starts_with("| Public Content You Submit"));
    assert!(matches!(added, Some(("insert", _))), "{added:?}");
    // (The words list only what changed.)
    let kept = "Non-Public Content You Submit";
    assert!(!ops.iter().any(|(_, text)| text.contains(kept)), "{ops:?}");
}

/// Instagram's notice of September 2025 extends a cell that its table of legitimate interests
/// repeats in many rows ("… Metadata about content and messages" gains "• Interactions with
/// Meta's artificial intelligence …"). No text is struck out and inserted again: a deletion is
/// never the opening of the insertion beside it.
#[test]
fn a_cell_extended_in_many_rows_keeps_its_words() {
    let versions = ["2025-05-07.md", "2025-09-19.md"];
    for change in corpus_changes("instagram-privacy-policy", versions) {
        let words = change["words"].as_array().unwrap();
        for pair in words.windows(2) {
            let (deleted, inserted) = (pair[0]["text"].as_str(), pair[1]["text"].as_str());
            if pair[0]["op"] == "delete" && pair[1]["op"] == "insert" {
                let (deleted, inserted) = (deleted.unwrap(), inserted.unwrap());
                assert!(!inserted.starts_with(deleted), "{deleted:?} → {inserted:?}");
            }
        }
    }
}

/// Zoom's notice of August 2024 writes its EU and UK representatives' e-mail links with capitals
/// in the domain (`mailto:zoom@LionheartSquared.eu`): the same addresses, so no contact change.
#[test]
fn a_mail_domain_written_in_capitals_is_no_contact_change() {
    let versions = ["2023-12-20.md", "2024-08-05.md"];
    let changes = corpus_changes("zoom-privacy-policy", versions);
    let kinds: Vec<&str> = changes
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(!kinds.contains(&"contact"), "{kinds:?}");
    let links = changes.iter().flat_map(|c| c["links"].as_array().unwrap());
    assert!(
        links
            .clone()
            .all(|l| !l["new"].as_str().unwrap_or("").contains("Lionheart")),
        "{:?}",
        links.collect::<Vec<_>>()
    );
    // The video and audio features, entries named before a colon, are items: one split in
    // two ("Local Device Video Features", "Enhanced Audio Features") and one new.
    assert_eq!(kinds.len(), 11, "{kinds:?}");
}

/// Spotify's notice of January 2024 links each heading to its own anchor, and its "contact us"
/// to the section that says how: links within the page. They were four `link` changes of a
/// heading each and 16 more link lines, of no use to a reader; now none, while links to other
/// pages are still listed.
#[test]
fn links_within_the_page_are_no_link_changes() {
    let versions = ["2023-05-12.md", "2024-01-12.md"];
    let changes = corpus_changes("spotify-privacy-policy", versions);
    let links: Vec<&Value> = (changes.iter())
        .flat_map(|c| c["links"].as_array().unwrap())
        .collect();
    let target = |l: &Value, side: &str| l[side].as_str().unwrap_or("").to_string();
    assert!(
        (links.iter())
            .all(|l| !target(l, "old").starts_with('#') && !target(l, "new").starts_with('#')),
        "{links:?}"
    );
    assert!(
        (links.iter()).any(|l| target(l, "new") == "https://www.spotify.com/account/privacy/"),
        "{links:?}"
    );
    let kinds: Vec<&str> = changes
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(!kinds.contains(&"link"), "{kinds:?}");
}

/// "Account Data: We collect …", the commonest way after bold to name the entries of a list
/// (GitHub's, Claude's, Zoom's): each entry is an item, in a text file, in Markdown with the
/// names in bold or not, and in a web page, all equal; a change names its entry.
#[test]
fn list_entries_named_before_a_colon_are_items_in_every_format() {
    let md = "# Privacy\n\n## Data We Collect\n\nWe collect:\n\n\
              * Account Data: Your name.\n* Device Data: Your device's identifiers.\n";
    let bold = md
        .replace("* Account Data:", "* **Account Data:**")
        .replace("* Device Data:", "* **Device Data:**");
    let txt = md.replace("## ", "").replace("# ", "").replace("* ", "- ");
    let html = "<h1>Privacy</h1><h2>Data We Collect</h2><p>We collect:</p><ul>\
                <li>Account Data: Your name.</li>\
                <li>Device Data: Your device&#39;s identifiers.</li></ul>";
    for (name, other) in [
        ("bold.md", bold.as_str()),
        ("p.txt", &txt),
        ("p.html", html),
    ] {
        let (code, out) = diff(("p.md", md), (name, other), &[]);
        assert_eq!(code, 0, "{name}: {out}");
    }
    let (code, out) = diff(
        ("p.md", md),
        (
            "p.txt",
            &txt.replace("identifiers", "identifiers and precise location"),
        ),
        &[],
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("modified Data We Collect \u{203a} Device Data")
            && out.contains("data category added: precise geolocation"),
        "{out}"
    );
}

/// Bluesky's notice of May 2024 inserted "3. DIRECT MESSAGES ARE PRIVATE": the eleven sections
/// after it, renumbered, are one block of one line each, not eleven blocks. The JSON contract
/// still has each as a `renamed` heading.
#[test]
fn sections_renumbered_by_an_insertion_are_one_block() {
    let versions = ["2024-03-14.md", "2024-05-22.md"];
    let out = corpus_diff("bluesky-privacy-policy", versions, &[]);
    let block = out
        .split("\n\n")
        .find(|b| b.starts_with("renumbered"))
        .unwrap_or_else(|| panic!("{out}"));
    let lines: Vec<&str> = block.lines().collect();
    assert_eq!(lines[0], "renumbered 11 sections", "{block}");
    assert_eq!(lines.len(), 12, "{block}");
    assert!(lines[1].ends_with(":59   [-2-]{+3+}. UPDATES TO THIS PRIVACY NOTICE"));
    assert!(lines[11].ends_with(":224  [-12-]{+13+}. CONTACT US"));
    assert_eq!(
        out.matches("renamed  ").count(),
        1,
        "only the date line: {out}"
    );
    assert!(
        out.contains("16 changes (1 renamed, 3 added, 11 renumbered, 1 modified)"),
        "{out}"
    );

    let changes = corpus_changes("bluesky-privacy-policy", versions);
    let renamed: Vec<_> = (changes.iter())
        .filter(|c| c["kind"] == "renamed" && c["target"] == "heading")
        .collect();
    assert_eq!(renamed.len(), 12);
    assert_eq!(
        renamed[1]["old_section"],
        "2. UPDATES TO THIS PRIVACY NOTICE"
    );
    assert_eq!(renamed[1]["section"], "3. UPDATES TO THIS PRIVACY NOTICE");
}

/// A renumbered heading whose link was retargeted stays a change of its own, link shown; a
/// renumbered item is shown by its label only.
#[test]
fn a_renumbered_heading_keeps_its_link_and_an_item_shows_its_label() {
    let old = "# 1. Intro\n\nHi.\n\n# 2. [Security](https://a.example/sec)\n\nWe protect.\n\n\
               * **(a) Encryption.** We encrypt data at rest, in every data centre we run.\n";
    let new = "# 1. Intro\n\nHi.\n\n# 2. Cookies\n\nWe set some.\n\n# 3. [Security](https://b.example/sec)\n\n\
               We protect.\n\n* **(a) Logs.** We keep logs.\n\
               * **(b) Encryption.** We encrypt data at rest, in every data centre we run.\n";
    let (code, out) = diff(("old.md", old), ("new.md", new), &[]);
    assert_eq!(code, 1);
    assert!(out.contains("renamed  3. Security"), "{out}");
    assert!(out.contains("link \"Security\""), "{out}");
    assert!(out.contains("renumbered 1 item"), "{out}");
    assert!(
        out.contains("3. Security › ([-a-]{+b+}) Encryption\n"),
        "{out}"
    );
}
