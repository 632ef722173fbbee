use std::path::Path;

use super::*;
use crate::outline::{Format, OutlineSettings, Source};
use crate::snapshot::{body, parts_of};

fn doc(name: &str, text: &str) -> Document {
    let format = Format::from_extension(Path::new(name)).unwrap_or(Format::Text);
    Document::parse(
        Source::new(Path::new(name), text.to_string()),
        format,
        &OutlineSettings::default(),
    )
}

fn kinds(c: &Comparison) -> Vec<(&'static str, String, Option<String>)> {
    c.changes
        .iter()
        .map(|c| (c.kind.name(), c.section.clone(), c.item.clone()))
        .collect()
}

const POLICY: &str = "# What We Collect\n\nWe collect data. Here it is:\n\n\
    - **Information You Give Us.** We store what you give us.\n\
    - **Automatic Information.** We log your visits.\n\n\
    # How We Use It\n\nWe use it as follows.\n\n\
    - **Advertising.** We use it to display ads. See [our page](https://x.example/ads).\n\
    - **Contact.** Write to [us](mailto:a@x.example).\n";

fn diff(old: &str, new: &str) -> Comparison {
    compare(
        &doc("old.md", old),
        &doc("new.md", new),
        &DiffSettings::default(),
    )
}

#[test]
fn identical_text_is_no_change() {
    assert!(diff(POLICY, POLICY).changes.is_empty());
}

#[test]
fn one_changed_word_is_one_modified_item() {
    let c = diff(POLICY, &POLICY.replace("to display ads", "to show ads"));
    assert_eq!(
        kinds(&c),
        [(
            "modified",
            "How We Use It".into(),
            Some("Advertising".into())
        )]
    );
    let ch = &c.changes[0];
    let changed: Vec<(Op, &str)> = ch
        .words
        .iter()
        .filter(|w| w.op != Op::Equal)
        .map(|w| (w.op, w.text.as_str()))
        .collect();
    assert_eq!(changed, [(Op::Delete, "display"), (Op::Insert, "show")]);
    assert_eq!(ch.new.map(|p| p.line), Some(12));
}

#[test]
fn a_heading_set_in_other_case_or_given_a_stop_is_no_change() {
    for restyled in ["# HOW WE USE IT\n", "# How we use it.\n"] {
        let c = diff(POLICY, &POLICY.replace("# How We Use It\n", restyled));
        assert!(c.changes.is_empty(), "{restyled}: {:?}", kinds(&c));
    }
    // Renumbered on the way, it is renumbered; reworded, renamed.
    let numbered = POLICY.replace("# How We Use It", "# 2. How We Use It");
    let c = diff(
        &numbered,
        &POLICY.replace("# How We Use It", "# 3. HOW WE USE IT."),
    );
    assert!(
        c.changes.len() == 1 && c.changes[0].renumbered(),
        "{:?}",
        kinds(&c)
    );
    let c = diff(
        POLICY,
        &POLICY.replace("# How We Use It", "# How We Use Them"),
    );
    assert_eq!(c.changes[0].kind, ChangeKind::Renamed);
}

#[test]
fn swapped_items_are_a_move() {
    let swapped = POLICY.replace(
        "- **Information You Give Us.** We store what you give us.\n- **Automatic Information.** We log your visits.\n",
        "- **Automatic Information.** We log your visits.\n- **Information You Give Us.** We store what you give us.\n",
    );
    let c = diff(POLICY, &swapped);
    assert_eq!(c.changes.len(), 1, "{:?}", kinds(&c));
    assert_eq!(c.changes[0].kind, ChangeKind::Moved);
    assert_eq!(c.changes[0].target, Target::Item);
    // Said with what it follows in each version.
    let after = After {
        old: None,
        new: Some("Automatic Information".into()),
        with: Vec::new(),
    };
    assert_eq!(c.changes[0].after, Some(after));
}

#[test]
fn a_reworded_heading_is_a_rename_and_a_new_item_is_added() {
    let c = diff(
        POLICY,
        &POLICY.replace("# How We Use It", "# How We Use Your Data"),
    );
    assert_eq!(
        kinds(&c),
        [("renamed", "How We Use Your Data".into(), None)]
    );
    assert_eq!(c.changes[0].old_section.as_deref(), Some("How We Use It"));
    let c = diff(
        POLICY,
        &POLICY.replace(
            "- **Contact.**",
            "- **Biometric Data.** We scan palms.\n- **Contact.**",
        ),
    );
    assert_eq!(
        kinds(&c),
        [(
            "added",
            "How We Use It".into(),
            Some("Biometric Data".into())
        )]
    );
}

#[test]
fn sections_added_removed_and_moved() {
    let extra = format!("{POLICY}\n# Your Rights\n\nYou may ask us to delete data.\n");
    let c = diff(POLICY, &extra);
    assert_eq!(kinds(&c), [("added", "Your Rights".into(), None)]);
    let c = diff(&extra, POLICY);
    assert_eq!(kinds(&c), [("removed", "Your Rights".into(), None)]);
    let moved = format!("# Your Rights\n\nYou may ask us to delete data.\n\n{POLICY}");
    let c = diff(&extra, &moved);
    assert_eq!(kinds(&c), [("moved", "Your Rights".into(), None)]);
}

#[test]
fn a_changed_link_target_is_a_link_change_not_a_text_change() {
    let c = diff(POLICY, &POLICY.replace("https://x.example/ads", "#ads"));
    assert_eq!(
        kinds(&c),
        [("link", "How We Use It".into(), Some("Advertising".into()))]
    );
    assert_eq!(
        c.changes[0].links,
        [LinkChange {
            text: "our page".into(),
            old: Some("https://x.example/ads".into()),
            new: Some("#ads".into())
        }]
    );
    let silent = DiffSettings {
        links: false,
        ..DiffSettings::default()
    };
    let c = compare(
        &doc("a.md", POLICY),
        &doc("b.md", &POLICY.replace("https://x.example/ads", "#ads")),
        &silent,
    );
    assert!(c.changes.is_empty());
    let c = compare(
        &doc("a.md", POLICY),
        &doc(
            "b.md",
            &POLICY.replace("mailto:a@x.example", "mailto:b@x.example"),
        ),
        &silent,
    );
    assert_eq!(
        kinds(&c),
        [("contact", "How We Use It".into(), Some("Contact".into()))]
    );
}

/// An address, a web address or a phone number made a link to itself (or unlinked) reads the
/// same; a link added to other words is a change.
#[test]
fn an_address_made_a_link_to_itself_is_no_change() {
    let contact = |text: &str| POLICY.replace("Write to [us](mailto:a@x.example).", text);
    for (plain, linked) in [
        (
            "Write to privacy@x.example.",
            "Write to [privacy@x.example](mailto:privacy@x.example).",
        ),
        (
            "Call +1 (555) 010-2000.",
            "Call [+1 (555) 010-2000](tel:+15550102000).",
        ),
        (
            "Call (800) 555-0100.",
            "Call [(800) 555-0100](tel:+18005550100).",
        ),
        (
            "See www.x.example.",
            "See [www.x.example](https://www.x.example/).",
        ),
        // Beside another address linked already, before or after it.
        (
            "Write to sar@x.example or [privacy@x.example](mailto:privacy@x.example).",
            "Write to [sar@x.example](mailto:sar@x.example) or [privacy@x.example](mailto:privacy@x.example).",
        ),
        (
            "Write to [privacy@x.example](mailto:privacy@x.example) or sar@x.example.",
            "Write to [privacy@x.example](mailto:privacy@x.example) or [sar@x.example](mailto:sar@x.example).",
        ),
    ] {
        let c = diff(&contact(plain), &contact(linked));
        assert!(c.changes.is_empty(), "{linked}: {:?}", c.changes);
        assert!(
            diff(&contact(linked), &contact(plain)).changes.is_empty(),
            "{plain}"
        );
    }
    // An address unlinked beside a link to it reworded: the reworded link pairs first.
    let c = diff(
        &contact(
            "Write to [privacy@x.example](mailto:privacy@x.example) or [our DPO](mailto:privacy@x.example).",
        ),
        &contact("Write to privacy@x.example or [the DPO](mailto:privacy@x.example)."),
    );
    assert!(
        c.changes.iter().all(|c| c.links.is_empty()),
        "{:?}",
        c.changes
    );
    let c = diff(
        &contact("Write to the privacy team."),
        &contact("Write to [the privacy team](mailto:privacy@x.example)."),
    );
    assert_eq!(
        kinds(&c),
        [("contact", "How We Use It".into(), Some("Contact".into()))]
    );
}

#[test]
fn an_address_moved_to_https_or_given_a_trailing_slash_is_the_same_page() {
    for same in ["https://x.example/ads/", "HTTPS://x.example/ads"] {
        let c = diff(POLICY, &POLICY.replace("https://x.example/ads", same));
        assert!(c.changes.is_empty(), "{same}: {:?}", c.changes);
    }
    let insecure = POLICY.replace("https://x.example/ads", "http://x.example/ads/");
    assert!(diff(&insecure, POLICY).changes.is_empty());
    // Another path, host or query is another page; so is a move back to http.
    assert_eq!(diff(POLICY, &insecure).changes.len(), 1);
    // Campaign tracking, where the click came from and the page's language are no other page;
    // other parameters are.
    for same in [
        "https://x.example/ads?utm_source=newsletter&utm_medium=email",
        "https://x.example/ads?fbclid=IwAR0x",
        "https://x.example/ads/?UTM_Campaign=spring",
        "https://x.example/ads?trk=microsites-frontend_legal_privacy-policy&lang=en",
        "https://x.example/ads?hl=en-GB&gl=IE",
        "https://x.example/ads?locale=en_US&helpref=faq",
        // Escaped as a browser sends it.
        "https://x.example/%61ds",
    ] {
        let c = diff(POLICY, &POLICY.replace("https://x.example/ads", same));
        assert!(c.changes.is_empty(), "{same}: {:?}", c.changes);
    }
    let with = |target: &str| POLICY.replace("https://x.example/ads", target);
    let pairs = [
        (
            "https://x.example/ads?id=7&utm_source=a",
            "https://x.example/ads?id=7&utm_source=b",
        ),
        (
            "https://x.example/ads#top",
            "https://x.example/ads?utm_source=a#top",
        ),
        (
            "https://x.example/ads#top",
            "https://x.example/ads#top?utm_source=a",
        ),
        (
            "https://x.example/ads?id=7&hl=en-US",
            "https://x.example/ads?hl=en-GB&id=7&entry_point=menu",
        ),
        // Snapchat's links, tracked after the fragment, gained a language before it.
        (
            "https://x.example/ads#data?utm_source=web&utm_medium=snap",
            "https://x.example/ads?lang=en-US#data?utm_source=web&utm_medium=snap",
        ),
        // A host with or without `www.` (Apple's, one year and the next), a language in the
        // path (Twitch's `/p/en/legal/…`, OpenAI's help `/en/articles/…`), relative or not.
        ("https://x.example/ads", "https://WWW.x.example/ads"),
        (
            "https://x.example/p/en/legal/ads",
            "https://x.example/p/legal/ads/",
        ),
        ("https://x.example/en-us/ads", "https://x.example/en-GB/ads"),
        ("/p/en/legal/ads", "/p/legal/ads"),
        // Percent-escaped or not (Instagram's `?a[0]=1`, LinkedIn's `ä`).
        (
            "https://x.example/ads?a[0]=1&n=b\u{e4}r",
            "https://x.example/ads?a%5B0%5D=1&n=b%C3%A4r",
        ),
        // An escape that spells no UTF-8 leaves the others decoded.
        (
            "https://x.example/ads?x=%FF&b=[1]",
            "https://x.example/ads?x=%FF&b=%5B1%5D",
        ),
    ];
    for (old, new) in pairs {
        assert!(
            diff(&with(old), &with(new)).changes.is_empty(),
            "{old} {new}"
        );
    }
    // An escaped separator is another address.
    let (split, escaped) = (
        with("https://x.example/a/ds"),
        with("https://x.example/a%2Fds"),
    );
    assert_eq!(diff(&split, &escaped).changes.len(), 1);
    for other in [
        "https://x.example/ad",
        "https://y.example/ads",
        "https://x.example/ads?a=1",
        "https://x.example/ads?id=8&utm_source=a",
        "https://x.example/ads?id=8&hl=en-GB",
        // `ref` may choose what opens (a branch, a tag).
        "https://x.example/ads?ref=v2",
        // A path is read with its case.
        "https://x.example/Ads",
        // Another host is another site; a word in the path is no language, nor a country's
        // page (a code that ends the path), nor a code deep in it.
        "https://www2.x.example/ads",
        "https://x.example/english/ads",
        "https://x.example/ads/uk",
        "https://x.example/ads/de",
        "https://x.example/a/b/it/ads",
    ] {
        let c = diff(POLICY, &POLICY.replace("https://x.example/ads", other));
        assert_eq!(c.changes.len(), 1, "{other}");
    }
}

/// Links within the page (a heading's link to its own anchor, a footnote's mark, a
/// cross-reference) gained, lost or pointed at another anchor are no link change; a link moved
/// between the page and another page is.
#[test]
fn links_within_the_page_gained_lost_or_repointed_are_no_link_change() {
    let with = |target: &str| POLICY.replace("https://x.example/ads", target);
    let heading = POLICY.replace("# How We Use It", "# [How We Use It](#how-we-use-it)");
    let footnote = POLICY.replace("display ads.", "display ads[[1]](#annotation-1).");
    for (old, new) in [
        (POLICY.to_string(), heading.clone()),
        (heading, POLICY.to_string()),
        (POLICY.to_string(), footnote),
        (with("#cookies"), with("#cookies-1")),
    ] {
        let c = diff(&old, &new);
        let links: Vec<_> = c.changes.iter().flat_map(|c| &c.links).collect();
        assert!(links.is_empty(), "{old}\n{new}\n{links:?}");
        assert!(
            c.changes.iter().all(|c| c.kind != ChangeKind::Link),
            "{:?}",
            c.changes
        );
    }
    for (old, new) in [
        (POLICY.to_string(), with("#ads")),
        (with("#ads"), POLICY.to_string()),
    ] {
        let c = diff(&old, &new);
        assert_eq!(
            kinds(&c),
            [("link", "How We Use It".into(), Some("Advertising".into()))],
            "{old}\n{new}"
        );
    }
}

/// A host, and the domain of an e-mail address, are read without case (Zoom's notice of
/// August 2024 spells `mailto:zoom@lionheartsquared.eu` as `mailto:zoom@LionheartSquared.eu`);
/// an e-mail address's name, a path and a query are read with theirs.
#[test]
fn a_host_or_mail_domain_in_other_case_is_the_same_address() {
    let pairs = [
        ("https://x.example/ads", "https://X.Example/ads"),
        ("https://x.example", "https://X.EXAMPLE/"),
        ("mailto:privacy@x.example", "mailto:privacy@X.Example"),
        (
            "mailto:privacy@x.example?subject=Hi",
            "MAILTO:privacy@X.example?subject=Hi",
        ),
    ];
    let with = |target: &str| POLICY.replace("https://x.example/ads", target);
    for (old, new) in pairs {
        let c = diff(&with(old), &with(new));
        assert!(c.changes.is_empty(), "{old} {new}: {:?}", c.changes);
    }
    let others = [
        ("mailto:privacy@x.example", "mailto:Privacy@x.example"),
        (
            "mailto:privacy@x.example?subject=Hi",
            "mailto:privacy@x.example?subject=HI",
        ),
        ("mailto:privacy@x.example", "mailto:privacy@y.example"),
        ("https://x.example/ads?q=a", "https://X.example/ads?q=A"),
    ];
    for (old, new) in others {
        let c = diff(&with(old), &with(new));
        assert_eq!(c.changes.len(), 1, "{old} {new}");
    }
}

#[test]
fn links_are_lined_up_by_their_words_before_their_targets_are_compared() {
    let new = POLICY.replace(
        "[our page](https://x.example/ads)",
        "[our page](https://x.example/promo) and [terms](https://x.example/terms)",
    );
    let c = diff(POLICY, &new);
    assert_eq!(
        kinds(&c),
        [(
            "modified",
            "How We Use It".into(),
            Some("Advertising".into())
        )]
    );
    assert_eq!(
        c.changes[0].links,
        [
            LinkChange {
                text: "our page".into(),
                old: Some("https://x.example/ads".into()),
                new: Some("https://x.example/promo".into())
            },
            LinkChange {
                text: "terms".into(),
                old: None,
                new: Some("https://x.example/terms".into())
            }
        ]
    );
    // As many links, other words and another target: one gone, one new.
    let c = diff(
        POLICY,
        &POLICY.replace(
            "[our page](https://x.example/ads)",
            "[the page](https://x.example/ad)",
        ),
    );
    assert_eq!(
        c.changes[0].links,
        [
            LinkChange {
                text: "our page".into(),
                old: Some("https://x.example/ads".into()),
                new: None
            },
            LinkChange {
                text: "the page".into(),
                old: None,
                new: Some("https://x.example/ad".into())
            }
        ]
    );
}

/// A link whose words changed but whose target did not is a change of words, not of links:
/// wherever in the unit the new words stand, and whatever the target looks like to the same page.
#[test]
fn a_link_reworded_to_the_same_page_is_no_link_change() {
    for (new_link, gone, new) in [
        ("[the page](https://x.example/ads)", None, None),
        ("[the page](https://x.example/ads/)", None, None),
        (
            "[the page](https://x.example/ads?utm_source=mail)",
            None,
            None,
        ),
        ("[the page](https://X.Example/ads)", None, None),
        // A move back to `http` is a change of target.
        (
            "[the page](http://x.example/ads)",
            Some("https://x.example/ads"),
            Some("http://x.example/ads"),
        ),
    ] {
        let c = diff(
            POLICY,
            &POLICY.replace("[our page](https://x.example/ads)", new_link),
        );
        let links: Vec<_> = c.changes[0]
            .links
            .iter()
            .map(|l| (l.old.as_deref(), l.new.as_deref()))
            .collect();
        let expected: Vec<_> = [(gone, None), (None, new)]
            .into_iter()
            .filter(|l| *l != (None, None))
            .collect();
        assert_eq!(links, expected, "{new_link}");
        assert_eq!(kinds(&c).len(), 1, "{new_link}");
    }
    // The link moved to other words of the item: the same words, the same page, no change.
    let new = POLICY.replace(
        "display ads. See [our page](https://x.example/ads)",
        "display [ads](https://x.example/ads). See our page",
    );
    let c = diff(POLICY, &new);
    assert!(c.changes.is_empty(), "{:?}", kinds(&c));
    // A gone link looks through the first 64 new links to its page for one with its target:
    // past them, it is gone and the new one is new.
    for (http_links, paired) in [(63, true), (64, false)] {
        let new_links: String = (0..http_links)
            .map(|i| format!("[old {i}](http://x.example/ads) "))
            .collect();
        let new = POLICY.replace(
            "See [our page](https://x.example/ads)",
            &format!("See {new_links}[the page](https://x.example/ads)"),
        );
        let c = diff(POLICY, &new);
        let gone = c.changes[0]
            .links
            .iter()
            .filter(|l| l.new.is_none())
            .count();
        assert_eq!(
            (gone, c.changes[0].links.len()),
            if paired {
                (0, http_links)
            } else {
                (1, http_links + 2)
            }
        );
    }
}

#[test]
fn a_change_points_at_the_line_of_the_sentence_it_starts_in() {
    // One item over three lines: a sentence a line, the second declared noise.
    let old = "# Policy\n\n- **Advertising.** We show ads.\n  Last updated: June 30, 2023.\n  \
        We use your data for ads.\n";
    let settings: DiffSettings =
        toml::from_str(r#"ignore = ['Last updated: \w+ \d+, \d{4}\.']"#).unwrap();
    for (from, to, line) in [
        ("your data", "your information", 5),
        ("show ads", "show adverts", 3),
        ("Advertising", "Adverts", 3),
    ] {
        for settings in [&DiffSettings::default(), &settings] {
            let new = old.replace(from, to);
            let c = compare(&doc("a.md", old), &doc("b.md", &new), settings);
            let lines: Vec<_> = c.changes.iter().map(|c| c.new.map(|p| p.line)).collect();
            assert_eq!(lines, [Some(line)], "{from} -> {to}");
        }
    }
}

#[test]
fn a_session_id_in_a_link_can_be_declared_noise() {
    let old = POLICY.replace("https://x.example/ads", "https://x.example/ads?sid=a1b2");
    let new = POLICY.replace("https://x.example/ads", "https://x.example/ads?sid=c3d4");
    let settings: DiffSettings = toml::from_str(r#"ignore = ['\?sid=\w+']"#).unwrap();
    let c = compare(&doc("a.md", &old), &doc("b.md", &new), &settings);
    assert!(c.changes.is_empty(), "{:?}", kinds(&c));
    assert_eq!(diff(&old, &new).changes[0].kind, ChangeKind::Link);
}

#[test]
fn an_archived_hidden_address_is_not_a_change() {
    let old = "# Contact\n\nWrite to [privacy@x.example](mailto:privacy@x.example) today.\n";
    let new = "# Contact\n\nWrite to [\\[email protected\\]](https://x.example/cdn-cgi/l/email-protection) today.\n";
    let c = diff(old, new);
    assert!(c.changes.is_empty(), "{:?}", c.changes);
}

#[test]
fn declared_noise_is_left_out_and_reported() {
    let old = "# Policy\n\nLast updated: June 30, 2023. We collect data.\n";
    let new = "# Policy\n\nLast updated: July 11, 2023. We collect data.\n";
    let settings: DiffSettings =
        toml::from_str(r#"ignore = ['Last updated: \w+ \d+, \d{4}\.']"#).unwrap();
    let c = compare(&doc("a.md", old), &doc("b.md", new), &settings);
    assert!(c.changes.is_empty(), "{:?}", c.changes);
    assert_eq!(c.ignored.len(), 1);
    assert_eq!(c.ignored[0].old, ["Last updated: June 30, 2023."]);
    assert_eq!(c.ignored[0].new, ["Last updated: July 11, 2023."]);
    let edited = new.replace("collect", "gather");
    let c = compare(&doc("a.md", old), &doc("b.md", &edited), &settings);
    assert_eq!(c.changes.len(), 1);
    assert!(toml::from_str::<DiffSettings>("ignore = ['(']").is_err());
    assert!(toml::from_str::<DiffSettings>("ignores = []").is_err());
}

#[test]
fn applying_all_none_or_some_changes() {
    let old = doc("old.md", POLICY);
    let new_text = format!(
        "{}\n# Your Rights\n\nYou may ask us to delete data.\n",
        POLICY
            .replace("We log your visits", "We log every visit")
            .replace("# How We Use It", "# How We Use Your Data")
            .replace(
                "- **Contact.**",
                "- **Sharing.** We never sell data.\n- **Contact.**"
            )
    );
    let new = doc("new.md", &new_text);
    let c = compare(&old, &new, &DiffSettings::default());
    assert_eq!(c.changes.len(), 4, "{:?}", kinds(&c));
    let all = vec![true; c.changes.len()];
    assert_eq!(body(&apply(&old, &new, &c, &all)), body(&parts_of(&new)));
    let none = vec![false; c.changes.len()];
    assert_eq!(body(&apply(&old, &new, &c, &none)), body(&parts_of(&old)));
    // Accept only the new item: the result differs from the old version by exactly that.
    let some: Vec<bool> = c
        .changes
        .iter()
        .map(|c| c.kind == ChangeKind::Added && c.target == Target::Item)
        .collect();
    let merged = body(&apply(&old, &new, &c, &some));
    let merged = crate::snapshot::parse(
        Path::new("m.snap"),
        crate::snapshot::render("m.md", Format::Markdown, None, &merged),
    )
    .unwrap();
    let rest = compare(&merged.document, &new, &DiffSettings::default());
    let left: Vec<&str> = rest.changes.iter().map(|c| c.kind.name()).collect();
    assert_eq!(left, ["modified", "renamed", "added"]);
    let done = compare(&old, &merged.document, &DiffSettings::default());
    assert_eq!(
        kinds(&done),
        [("added", "How We Use It".into(), Some("Sharing".into()))]
    );
}

#[test]
fn accepted_moves_and_additions_land_where_the_new_version_has_them() {
    let old = doc("o.md", "# A\n\na.\n\n# B\n\nb.\n\n# C\n\nc.\n");
    let new = doc("n.md", "# C\n\nc.\n\n# A\n\na.\n\n# D\n\nd.\n\n# B\n\nb.\n");
    let c = compare(&old, &new, &DiffSettings::default());
    let all = vec![true; c.changes.len()];
    assert_eq!(body(&apply(&old, &new, &c, &all)), body(&parts_of(&new)));
}

#[test]
fn changes_and_noise_come_in_the_new_versions_order_however_the_pairs_are_split() {
    // Enough changed text for section pairs to be compared on several threads.
    let section = |k: usize, verb: &str| {
        let body: String = (0..60)
            .map(|m| format!("We {verb} record {k} of item {}. ", m % 7))
            .collect();
        format!("# S{k}\n\nRef {}. {body}\n\n", 1000 + k)
    };
    let old: String = (0..60).map(|k| section(k, "keep")).collect();
    let mut new = String::new();
    for k in (0..60).filter(|&k| k != 10) {
        new.push_str(&section(k, "hold").replace("Ref 1", "Ref 2"));
        if k == 30 {
            new.push_str("# Extra\n\nA new section.\n\n");
        }
    }
    let settings: DiffSettings = toml::from_str(r#"ignore = ['Ref \d+\.']"#).unwrap();
    let c = compare(&doc("old.md", &old), &doc("new.md", &new), &settings);
    let mut expected = Vec::new();
    for k in (0..60).filter(|&k| k != 10) {
        if k == 11 {
            expected.push(("removed", "S10".to_string(), None));
        }
        expected.push(("modified", format!("S{k}"), None));
        if k == 30 {
            expected.push(("added", "Extra".to_string(), None));
        }
    }
    assert_eq!(kinds(&c), expected);
    let noted: Vec<&str> = c.ignored.iter().map(|i| i.section.as_str()).collect();
    let modified: Vec<String> = (0..60)
        .filter(|&k| k != 10)
        .map(|k| format!("S{k}"))
        .collect();
    assert_eq!(noted, modified);
    // Every sentence edited, and no word found once in a section to anchor a word diff: each
    // section's word diff is given whole, and the comparison says so.
    assert!(c.coarse && c.changes.iter().any(|c| c.coarse));
}

/// The same text in the same order, read into other sections and items (a run-in bold line
/// made a heading, items of one section made a section of their own): no change, and accepting
/// every change gives the new version.
#[test]
fn text_only_regrouped_is_no_change() {
    let old = "# Uses\n\nWe use data.\n\n- **Ads.** We show ads.\n\n\
        **Sharing.** We share data.\n\n- **Partners.** With partners.\n";
    let new = "# Uses\n\nWe use data.\n\n- **Ads.** We show ads.\n\n\
        # Sharing\n\nWe share data.\n\n- **Partners.** With partners.\n";
    let (o, n) = (doc("o.md", old), doc("n.md", new));
    let c = compare(&o, &n, &DiffSettings::default());
    assert_eq!(kinds(&c), []);
    let all = vec![true; c.changes.len()];
    assert_eq!(body(&apply(&o, &n, &c, &all)), body(&parts_of(&n)));
    // Text that moved in the order of reading is still a move.
    let swapped = "# Uses\n\nWe use data.\n\n- **Partners.** With partners.\n\n\
        # Sharing\n\nWe share data.\n\n- **Ads.** We show ads.\n";
    let c = diff(old, swapped);
    assert!(!c.changes.is_empty());
    // A link in the regrouped text, the same words and target, is no link change: a heading's
    // markup dropped over a sentence with a link (the same page rendered to text).
    let linked = |heading: &str| {
        format!(
            "# Sharing\n\nWe share data.\n\n{heading}With partners\n\n\
             See [our list](https://x.example/partners) for details.\n"
        )
    };
    let (o, n) = (doc("o.md", &linked("## ")), doc("n.md", &linked("")));
    let c = compare(&o, &n, &DiffSettings::default());
    assert_eq!(kinds(&c), []);
    let all = vec![true; c.changes.len()];
    assert_eq!(body(&apply(&o, &n, &c, &all)), body(&parts_of(&n)));
}

/// The first line of the text before the first heading made a heading, or a heading made that
/// line (a web page's title as a text page reads it): no change, either way. Another title is.
#[test]
fn a_first_line_made_a_heading_is_no_change() {
    let page = |title: &str| {
        format!("{title}\n\nLast updated: 30 November 2025\n\n## What we collect\n\nYour e-mail.\n")
    };
    for (old, new) in [
        (page("Privacy Policy"), page("# Privacy Policy")),
        (page("# Privacy Policy"), page("Privacy Policy")),
    ] {
        let (o, n) = (doc("o.md", &old), doc("n.md", &new));
        let c = compare(&o, &n, &DiffSettings::default());
        assert_eq!(kinds(&c), [], "{old}");
        let all = vec![true; c.changes.len()];
        assert_eq!(body(&apply(&o, &n, &c, &all)), body(&parts_of(&n)));
    }
    let retitled = diff(&page("Privacy Policy"), &page("# Privacy Notice"));
    assert!(
        (retitled.changes.iter()).any(|c| c.kind == ChangeKind::Renamed),
        "{:?}",
        kinds(&retitled)
    );
}

/// A snapshot written when a table's rows were prose of the section (one sentence a row, its
/// cells joined by " | ") is no change against the same table read row by row, each an item
/// named by its first cell.
#[test]
fn a_table_read_row_by_row_is_no_change_from_its_rows_as_prose() {
    let table = "# Rights\n\nYou have rights.\n\n| Right | What |\n|---|---|\n\
                 | Be informed | Know what we process. |\n| Correction | Ask us to fix it. |\n";
    let new = doc("n.md", table);
    let rows_as_prose = "# Rights\n\nYou have rights.\nRight | What\n\
                         Be informed | Know what we process.\nCorrection | Ask us to fix it.\n";
    let old = crate::snapshot::parse(
        Path::new("o.snap"),
        crate::snapshot::render("o.md", Format::Markdown, None, rows_as_prose),
    )
    .unwrap();
    assert_eq!(old.document.sections[0].intro.len(), 4);
    let c = compare(&old.document, &new, &DiffSettings::default());
    assert_eq!(kinds(&c), []);
    // A word changed in a row is still a change.
    let edited = doc("n.md", &table.replace("fix it", "fix them"));
    assert!(
        !compare(&old.document, &edited, &DiffSettings::default())
            .changes
            .is_empty()
    );
}

/// A regrouping whose text pairs with a change reported is reported with it (here the item
/// the new section's text came from, and the other section that came from it): rejecting them
/// keeps the old text where it was approved, accepting them gives the new version.
#[test]
fn a_regrouping_paired_with_an_edit_is_reported_with_it() {
    // The prose after the item was part of it; now two sections of their own, one of them
    // with a new sentence.
    let old = "# Uses\n\nWe use data.\n\n- **Ads.** We show ads.\n\nSharing\n\nWe share data.\n\n\
        Contact\n\nWrite to us.\n";
    let new = "# Uses\n\nWe use data.\n\n- **Ads.** We show ads.\n\n# Sharing\n\n\
        We share data. We also sell it.\n\n# Contact\n\nWrite to us.\n";
    let (o, n) = (doc("o.md", old), doc("n.md", new));
    let c = compare(&o, &n, &DiffSettings::default());
    assert_eq!(
        kinds(&c),
        [
            ("modified", "Uses".into(), Some("Ads".into())),
            ("added", "Sharing".into(), None),
            ("added", "Contact".into(), None)
        ]
    );
    let all = vec![true; c.changes.len()];
    assert_eq!(body(&apply(&o, &n, &c, &all)), body(&parts_of(&n)));
    let none = vec![false; c.changes.len()];
    let kept = body(&apply(&o, &n, &c, &none));
    assert_eq!(kept, body(&parts_of(&o)));
}

/// What regrouping never hides: a link target changed on the way, and a copy too many (an
/// item's text that a section both versions have already holds).
#[test]
fn a_regrouping_hides_no_link_change_and_no_copy_too_many() {
    let old = "# Uses\n\nWe use data.\n\n- **Writing.** Write to [us](mailto:a@x.example).\n";
    let new = "# Uses\n\nWe use data.\n\n# Writing\n\nWrite to [us](mailto:b@y.example).\n";
    assert!(!diff(old, new).changes.is_empty());
    let old = "# Sharing\n\nWe share.\n\n- **Ads.** We share your city.\n\n# Ads\n\nWe share your city.\n";
    let new = "# Sharing\n\nWe share.\n\n# Ads\n\nWe share your city.\n";
    assert_eq!(
        kinds(&diff(old, new)),
        [("removed", "Sharing".into(), Some("Ads".into()))]
    );
}

/// The outline that accepting the changes `accepted` picks out gives, read back from its snapshot.
fn accepting(old: &Document, new: &Document, accepted: impl Fn(&Change) -> bool) -> Document {
    let c = compare(old, new, &DiffSettings::default());
    let flags: Vec<bool> = c.changes.iter().map(accepted).collect();
    let merged = body(&apply(old, new, &c, &flags));
    let text = crate::snapshot::render("m.md", Format::Markdown, None, &merged);
    crate::snapshot::parse(Path::new("m.snap"), text)
        .map(|s| s.document)
        .unwrap_or_else(|e| panic!("{e:?}"))
}

/// Sections (or items) that moved together, side by side in both versions, are one move: the
/// first of them says what came with it, and accepting it moves them all. (Reported one by one,
/// the second's move was "now after Alpha (was after Alpha)", and accepting it did nothing.)
#[test]
fn a_block_moved_together_is_one_move() {
    let section = |name: &str| format!("## {name}\n\nWe keep {name} records.\n\n");
    let text = |names: &[&str]| {
        format!(
            "# Policy\n\n{}",
            names.iter().map(|n| section(n)).collect::<String>()
        )
    };
    let old = doc("old.md", &text(&["Alpha", "Bravo", "Charlie", "Delta"]));
    let new_text =
        text(&["Charlie", "Delta", "Alpha", "Bravo"]).replace("Bravo records", "Bravo files");
    let new = doc("new.md", &new_text);
    let c = compare(&old, &new, &DiffSettings::default());
    assert_eq!(
        kinds(&c),
        [
            ("moved", "Alpha".into(), None),
            ("modified", "Bravo".into(), None)
        ]
    );
    let after = After {
        old: Some("Policy".into()),
        new: Some("Delta".into()),
        with: vec!["Bravo".into()],
    };
    assert_eq!(c.changes[0].after, Some(after));
    // The move alone: only the word is left; the word alone: only the move.
    let moved = accepting(&old, &new, |c| c.kind == ChangeKind::Moved);
    let rest = compare(&moved, &new, &DiffSettings::default());
    assert_eq!(kinds(&rest), [("modified", "Bravo".into(), None)]);
    let edited = accepting(&old, &new, |c| c.kind == ChangeKind::Modified);
    let rest = compare(&edited, &new, &DiffSettings::default());
    assert_eq!(kinds(&rest), [("moved", "Alpha".into(), None)]);

    // Items alike; one not beside the others in the old version moves on its own.
    let items = |labels: &[&str]| {
        let entries: String = (labels.iter())
            .map(|l| format!("- **{l}.** We use {l}.\n"))
            .collect();
        format!("# Uses\n\nWe use data.\n\n{entries}")
    };
    let old = doc("old.md", &items(&["Ads", "Email", "Fraud", "Maps", "News"]));
    let new = doc("new.md", &items(&["Fraud", "Maps", "Ads", "Email", "News"]));
    let c = compare(&old, &new, &DiffSettings::default());
    assert_eq!(kinds(&c), [("moved", "Uses".into(), Some("Ads".into()))]);
    assert_eq!(
        c.changes[0].after.as_ref().map(|a| &a.with[..]),
        Some(&["Email".to_string()][..])
    );
    let moved = accepting(&old, &new, |_| true);
    assert!(
        compare(&moved, &new, &DiffSettings::default())
            .changes
            .is_empty()
    );
    let new = doc("new.md", &items(&["Fraud", "Ads", "Maps", "Email", "News"]));
    let c = compare(&old, &new, &DiffSettings::default());
    let moved: Vec<_> = (c.changes.iter())
        .map(|c| (c.item.clone(), c.after.as_ref().map(|a| a.with.len())))
        .collect();
    assert_eq!(
        moved,
        [
            (Some("Ads".into()), Some(0)),
            (Some("Email".into()), Some(0))
        ]
    );
}
