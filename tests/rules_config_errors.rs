//! A rules.toml that cannot be used stops every command with exit status 2 and a diagnostic that
//! names the file, line and column (and the rule, where there is one).

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

const LEXICON: &str = "[lexicon.ads]\nwords = [\"ads\"]\n\n";

/// Runs `check` on the example notice with `rules` as rules.toml; asserts exit 2 and that the
/// error output holds each of `expected`.
fn fails_with(rules: impl AsRef<[u8]>, expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules.toml"), rules).unwrap();
    let notice = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/privacy-notice.txt");
    let mut predicate = predicate::str::contains("error").boxed();
    for e in expected {
        predicate = predicate.and(predicate::str::contains(*e)).boxed();
    }
    Command::cargo_bin("policy-lint")
        .unwrap()
        .env_remove("CLICOLOR_FORCE")
        .current_dir(dir.path())
        .args(["--config", "rules.toml", "check"])
        .arg(notice)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate);
}

fn rule(id: &str, body: &str) -> String {
    format!(
        "[[rule]]\nid = \"{id}\"\nkind = \"forbid\"\nseverity = \"error\"\nmessage = \"m\"\n{body}"
    )
}

#[test]
fn a_toml_syntax_error() {
    fails_with(
        "[lexicon.ads]\nwords = [\"ads\", \n\n[[rule]]\n",
        &["rules.toml:4:9", "unclosed array", "expected `]`"],
    );
}

/// A header left open is the error, not a rule: the id after it names none yet.
#[test]
fn an_unclosed_rule_header_names_no_rule() {
    let text = rule("no-ads", "pattern = \"ads\"\n").replacen("[[rule]]", "[[rule]", 1);
    fails_with(&text, &["error: unclosed array table", "rules.toml:1:8"]);
    let stderr = || {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("rules.toml"), &text).unwrap();
        let out = Command::cargo_bin("policy-lint")
            .unwrap()
            .current_dir(dir.path())
            .args(["rules"])
            .output()
            .unwrap();
        String::from_utf8(out.stderr).unwrap()
    };
    assert!(!stderr().contains("no-ads"), "{}", stderr());
}

/// A table written for a list, and a number where a name is wanted: what to write.
#[test]
fn a_rule_in_one_bracket_or_a_severity_as_a_number_says_what_to_write() {
    let one = rule("no-ads", "pattern = \"ads\"\n").replacen("[[rule]]", "[rule]", 1);
    fails_with(
        &one,
        &["write `[[rule]]`, with two brackets", "rules.toml:1:1"],
    );
    let number =
        rule("no-ads", "pattern = \"ads\"\n").replace("severity = \"error\"", "severity = 3");
    fails_with(
        &number,
        &[
            "rule `no-ads`: `severity` is one of \"error\", \"warning\", \"info\", in quotes",
            "rules.toml:4:12",
        ],
    );
}

/// A count written in quotes, or below zero: what a count is, not Rust's name for it.
#[test]
fn a_count_as_a_string_says_what_a_count_is() {
    for (value, at) in [("\"16\"", "rules.toml:2:21"), ("-3", "rules.toml:2:21")] {
        fails_with(
            format!("[outline]\nmax-heading-words = {value}\n"),
            &["expected a whole number of 0 or more, without quotes", at],
        );
    }
}

#[test]
fn an_unknown_key_with_a_suggestion() {
    let text = format!("{LEXICON}{}", rule("no-ads", "patern = \"ads\"\n"));
    fails_with(
        &text,
        &[
            "error: rule `no-ads`: unknown field `patern`",
            "(did you mean `pattern`?)",
            "--> rules.toml:9:1",
            "9 | patern = \"ads\"",
            "  | ^^^^^^",
        ],
    );
}

#[test]
fn an_unknown_key_in_a_settings_table() {
    fails_with(
        "[settings]\nsnapshot = \"snaps\"\n",
        &[
            "rules.toml:2:1",
            "unknown field `snapshot`",
            "(did you mean `snapshots`?)",
        ],
    );
}

#[test]
fn an_invalid_regex_points_at_the_pattern() {
    fails_with(
        "[lexicon.ads]\nwords = [\"ads\"]\npatterns = ['ok', '(?:unclosed']\n",
        &[
            "error: lexicon `ads`: invalid regex `(?:unclosed`: unclosed group",
            "--> rules.toml:3:19",
            "^^^^^^^^^^^^^",
        ],
    );
}

#[test]
fn an_invalid_inline_regex_names_the_rule() {
    let text = rule("odd", "pattern = { patterns = ['a{2,1}'] }\n");
    fails_with(
        &text,
        &["rules.toml:6:", "rule `odd`: invalid regex `a{2,1}`"],
    );
}

#[test]
fn a_rules_toml_that_is_not_utf8_points_at_the_bad_byte() {
    let mut text = rule("x", "pattern = { words = [\"caf").into_bytes();
    text.extend_from_slice(b"\xe9\"] }\n");
    fails_with(
        text,
        &[
            "error: not UTF-8 text: invalid byte here",
            "--> rules.toml:6:26",
        ],
    );
}

/// An empty pattern would match in every sentence.
#[test]
fn an_empty_pattern_is_refused() {
    let text = rule("all", "pattern = { patterns = ['ads', ''] }\n");
    fails_with(&text, &["rules.toml:6:32", "rule `all`: empty pattern"]);
    fails_with(
        "[lexicon.ads]\npatterns = [\"\"]\n",
        &["rules.toml:2:13", "lexicon `ads`: empty pattern"],
    );
}

/// So would a pattern that can match no character: an optional word, an empty alternative, a
/// bare assertion — in the translated syntax and outside it (non-ASCII).
#[test]
fn a_pattern_that_matches_empty_text_is_refused() {
    for pattern in ["ads?|", "(?:data)?", "\\b", "é*"] {
        let text = rule(
            "all",
            &format!("pattern = {{ patterns = ['{pattern}'] }}\n"),
        );
        let error = format!("rule `all`: pattern `{pattern}` can match empty text");
        fails_with(&text, &["rules.toml:6:25", &error]);
    }
    // An optional part beside a required one is no such pattern.
    let text = rule(
        "ads",
        "pattern = { patterns = ['ads?', '(?:third )?part(y|ies)'] }\n",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules.toml"), text).unwrap();
    Command::cargo_bin("policy-lint")
        .unwrap()
        .current_dir(dir.path())
        .args(["--config", "rules.toml", "rules"])
        .assert()
        .success();
}

#[test]
fn an_unknown_lexicon_with_a_suggestion() {
    let text = format!(
        "{LEXICON}{}",
        rule(
            "no-ads",
            "pattern = { lexicon = \"adz\", polarity = \"affirmed\" }\n"
        )
    );
    fails_with(
        &text,
        &[
            "error: rule `no-ads`: unknown lexicon `adz` (did you mean `ads`?)",
            "--> rules.toml:9:23",
        ],
    );
}

/// A heading's words written as a plain string name a lexicon: the error says how to write
/// them as words.
#[test]
fn words_written_as_a_lexicon_name() {
    // Even beside a lexicon of a near name: a name has no spaces.
    let text = format!(
        "[lexicon.contact]\nwords = [\"contact\"]\n\n{}",
        rule(
            "contact",
            "kind = \"required-section\"\nheading = \"Contact Us\"\n"
        )
        .replace("kind = \"forbid\"\n", "")
    );
    fails_with(
        &text,
        &[
            "error: rule `contact`: unknown lexicon `Contact Us`; a string names a lexicon: to match these words, write { words = [\"Contact Us\"] }",
            "--> rules.toml:",
        ],
    );
}

/// A missing field points at its rule's header, and names that rule, not the one before.
#[test]
fn a_missing_field_names_its_own_rule() {
    let second = rule("second", "pattern = \"ads\"\n").replace("severity = \"error\"\n", "");
    let text = format!(
        "{LEXICON}{}\n{second}",
        rule("first", "pattern = \"ads\"\n")
    );
    fails_with(
        &text,
        &[
            "error: rule `second`: missing field `severity`",
            "--> rules.toml:11:1",
        ],
    );
}

/// A byte-order mark before the first rule does not hide which rule an error is in.
#[test]
fn an_error_after_a_byte_order_mark_names_its_rule() {
    let text =
        format!("\u{FEFF}{}", rule("r1", "pattern = \"ads\"\n")).replace("\"error\"", "\"eror\"");
    fails_with(
        format!("{text}\n{LEXICON}"),
        &[
            "error: rule `r1`: unknown variant `eror`",
            "(did you mean `error`?)",
        ],
    );
}

/// A table defined twice says which, and where it was first.
#[test]
fn a_lexicon_defined_twice() {
    fails_with(
        format!("{LEXICON}{LEXICON}"),
        &[
            "error: duplicate key: `[lexicon.ads]` is defined twice (first on line 1)",
            "--> rules.toml:4:10",
        ],
    );
    fails_with(
        format!("{LEXICON}[ lexicon . ads ]  # again\nwords = [\"ad\"]\n"),
        &["error: duplicate key: `[lexicon.ads]` is defined twice (first on line 1)"],
    );
    fails_with(
        "[lexicon.ads]\nwords = [\"ads\"]\nwords = [\"ad\"]\n",
        &["error: duplicate key `words`: the table has it already"],
    );
}

#[test]
fn a_duplicate_rule_id() {
    let text = format!(
        "{LEXICON}{}\n{}",
        rule("no-ads", "pattern = \"ads\"\n"),
        rule("no-ads", "pattern = \"ads\"\n")
    );
    fails_with(
        &text,
        &[
            "error: duplicate rule id `no-ads` (first used on line 5)",
            "--> rules.toml:12:6",
        ],
    );
}

/// A built-in check's id is not a rule's: their findings would be told apart by nothing.
#[test]
fn a_rule_with_a_built_in_check_id() {
    for id in [
        "snapshot-changed",
        "snapshot-missing",
        "unknown-allow",
        "unmatched-scope",
    ] {
        let text = format!("{LEXICON}{}", rule(id, "pattern = \"ads\"\n"));
        fails_with(
            &text,
            &[
                &format!("error: rule id `{id}` is the id of a built-in check"),
                "--> rules.toml:5:6",
            ],
        );
    }
}

#[test]
fn an_unknown_severity_with_a_suggestion() {
    let text = format!("{LEXICON}{}", rule("no-ads", "pattern = \"ads\"\n"))
        .replace("severity = \"error\"", "severity = \"fatal\"");
    fails_with(
        &text,
        &["rules.toml:7:12", "rule `no-ads`: unknown variant `fatal`"],
    );
}

#[test]
fn a_field_of_another_kind_of_rule() {
    let text = format!(
        "{LEXICON}{}",
        rule("no-ads", "pattern = \"ads\"\nthen = \"ads\"\n")
    );
    fails_with(
        &text,
        &[
            "rules.toml:10:8",
            "rule `no-ads`: `then` is not used by a `forbid` rule",
        ],
    );
}

#[test]
fn an_ignore_for_an_unknown_rule() {
    let text = format!(
        "{LEXICON}{}\n[[settings.ignore]]\npath = \"old\"\nrule = \"no-adds\"\n",
        rule("no-ads", "pattern = \"ads\"\n")
    );
    fails_with(
        &text,
        &[
            "rules.toml:13:8",
            "unknown rule `no-adds` (did you mean `no-ads`?)",
        ],
    );
}

#[test]
fn every_command_refuses_a_broken_rules_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rules.toml"),
        "[outline]\nmax-label-word = 3\n",
    )
    .unwrap();
    Command::cargo_bin("policy-lint")
        .unwrap()
        .current_dir(dir.path())
        .arg("rules")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("rules.toml:2:1"));
}

#[test]
fn an_unknown_placeholder_in_a_message_points_at_it() {
    let text = "[[rule]]\nid = \"cpp\"\nkind = \"forbid\"\nseverity = \"error\"\n\
                message = \"mentions {match} in {item}\"\npattern = { patterns = ['C\\+\\+'] }\n";
    fails_with(
        text,
        &[
            "rule `cpp`: unknown placeholder `{match}` in the message",
            "--> rules.toml:5:11",
        ],
    );
}
