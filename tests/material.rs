//! Material-change detection on the seed notice: each detector with an edit it must flag and one
//! it must not, `annotate` on the seed, and the material findings of `diff` and `check`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use policy_lint::diff::material::{KINDS, Versions, mark};
use policy_lint::diff::{DiffSettings, compare};
use policy_lint::outline::{Document, Format, OutlineSettings, Source};

fn seed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/privacy-notice.txt")
}

fn seed() -> String {
    std::fs::read_to_string(seed_path()).unwrap()
}

fn doc(text: &str) -> Document {
    Document::parse(
        Source::new(Path::new("privacy-notice.txt"), text.to_string()),
        Format::Text,
        &OutlineSettings::default(),
    )
}

/// The seed with `from` replaced by `to` (which must occur).
fn edited(from: &str, to: &str) -> String {
    let s = seed();
    assert!(s.contains(from), "the seed has no {from:?}");
    s.replacen(from, to, 1)
}

/// The material kinds between two texts, with every detector on.
fn material(old: &str, new: &str) -> Vec<String> {
    let (a, b) = (doc(old), doc(new));
    let mut cmp = compare(&a, &b, &DiffSettings::default());
    assert!(!cmp.changes.is_empty(), "no change at all");
    mark(&mut cmp, &Versions::new(&a, &b), &KINDS, None);
    let mut kinds: Vec<String> = cmp
        .changes
        .iter()
        .flat_map(|c| c.material.iter().map(|m| m.kind.clone()))
        .collect();
    kinds.dedup();
    kinds
}

const NOT_USED: &str = "We do not use information that personally identifies you";

/// "Neither we nor our partners" deny a practice as "we and our partners never" do; a clause
/// that now states it for one of them narrows the promise.
#[test]
fn a_promise_of_neither_nor_narrowed_to_one_party_is_material() {
    let both = after_ads_item("Neither we nor our partners sell your ad data.");
    let never = after_ads_item("We and our partners never sell your ad data.");
    assert_eq!(messages(&both, &never), Vec::<String>::new());
    let partners = after_ads_item("We do not sell your ad data, but our partners sell it.");
    assert_eq!(
        messages(&both, &partners),
        ["negation narrowed: now also says it does sell: \"but our partners sell it\""]
    );
    // Who sells in a relative clause is no practice stated.
    let who = after_ads_item("We do not sell your ad data to partners who sell data.");
    assert_eq!(material(&never, &who), Vec::<String>::new());
}

/// A promise said twice, in a summary and in its section, and edited in one place is edited;
/// taken out of one place only, it still stands.
#[test]
fn a_promise_said_twice_and_edited_once_is_edited() {
    let promise = "We do not sell your personal information.";
    let policy = |summary: &str, sharing: &str| {
        format!(
            "Summary\n\nThis is our summary. {summary}\n\nSharing\n\nWe share your personal information \
             with service providers. {sharing}\n"
        )
    };
    let old = policy(promise, promise);
    let sold = policy(promise, "We sell your personal information.");
    assert_eq!(material(&old, &sold), ["negation"]);
    let said_once = policy("", promise);
    assert_eq!(material(&old, &said_once), Vec::<String>::new());
}

const ADS_ITEM_END: &str = "please read our Interest-Based Ads policy.";

/// The seed with `sentence` added at the end of the Advertising item.
fn after_ads_item(sentence: &str) -> String {
    edited(ADS_ITEM_END, &format!("{ADS_ITEM_END} {sentence}"))
}

#[test]
fn negation_removed_is_material_and_a_reworded_verb_is_not() {
    let removed = edited(
        NOT_USED,
        "We use information that personally identifies you",
    );
    assert_eq!(material(&seed(), &removed), ["negation"]);
    let reworded = edited(
        "identifies you to display interest-based ads",
        "identifies you to show interest-based ads",
    );
    assert_eq!(material(&seed(), &reworded), Vec::<String>::new());
}

/// Two promises joined by "and", with no comma: the second's "not" taken away is material as
/// the first's is.
#[test]
fn the_second_of_two_promises_joined_by_and_is_one_too() {
    for (old, new) in [
        (
            "We do not sell your data and we do not share it with advertisers.",
            "We do not sell your data and we share it with advertisers.",
        ),
        (
            "We never sell your data and never share it.",
            "We never sell your data and share it.",
        ),
        (
            "Apple does not sell your data and does not track you.",
            "Apple does not sell your data and tracks you.",
        ),
        (
            "We do not sell your data and don't share it.",
            "We do not sell your data and share it.",
        ),
        (
            "We do not sell your data and our partners do not sell it.",
            "We do not sell your data, but our partners sell it.",
        ),
    ] {
        assert_eq!(
            material(&after_ads_item(old), &after_ads_item(new)),
            ["negation"],
            "{new}"
        );
    }
    // A condition on the user stays one: "if you use X and are not signed in".
    assert_eq!(
        material(
            &after_ads_item("If you use X and are not signed in, we may infer your location."),
            &after_ads_item("If you use X, we may infer your location."),
        ),
        Vec::<String>::new()
    );
}

#[test]
fn a_negation_in_a_relative_clause_is_no_negation_of_the_practice() {
    // "not" says who the service providers are, not that data is not shared with them.
    let old = after_ads_item("We share ad logs with service providers that we audit.");
    let relative = after_ads_item("We share ad logs with service providers that we do not audit.");
    assert_eq!(material(&old, &relative), Vec::<String>::new());
    let promise = after_ads_item("We do not share ad logs with service providers that we audit.");
    assert_eq!(material(&old, &promise), ["negation"]);
    // A recipient barred from a practice is a promise, and its removal a change.
    let barred =
        after_ads_item("We share ad logs with service providers that may not use them for ads.");
    let free = after_ads_item("We share ad logs with service providers that may use them for ads.");
    assert_eq!(material(&barred, &free), ["negation"]);
    // Still, after a relative clause about someone else, and with a consent exception.
    let after_noun = |may: &str| {
        after_ads_item(&format!(
            "We share ad logs with people you do not know and with vendors who {may} sell them."
        ))
    };
    assert_eq!(
        material(&after_noun("may not"), &after_noun("may")),
        ["negation"]
    );
    let consent = after_ads_item(
        "We share ad logs with partners who may not sell them without your consent.",
    );
    let no_consent = after_ads_item("We share ad logs with partners who may not sell them.");
    assert_eq!(material(&consent, &no_consent), ["negation"]);
}

#[test]
fn a_promise_after_a_clause_of_where_is_still_a_promise() {
    let promise = after_ads_item("We disclose ad logs where required by law and never sell them.");
    let sold = after_ads_item("We disclose ad logs where required by law and sell them.");
    assert_eq!(material(&promise, &sold), ["negation"]);
    // A condition of where, after the practice, is no promise.
    let compelled = after_ads_item("We disclose ad logs to authorities where we are compelled to.");
    let not_compelled =
        after_ads_item("We disclose ad logs to authorities where we are not compelled to.");
    assert_eq!(material(&compelled, &not_compelled), Vec::<String>::new());
}

#[test]
fn a_promise_deleted_with_its_sentence_is_a_negation_removed() {
    // The README's edit: the whole sentence goes. What it named (identifying data) was named as
    // what is not used: no data category goes with it.
    let deleted = edited(
        " We do not use information that personally identifies you to display interest-based ads.",
        "",
    );
    assert_eq!(material(&seed(), &deleted), ["negation"]);
    assert_eq!(material(&deleted, &seed()), ["negation"]);
}

/// Data passed on where it was used, or sold where it was shared, is a practice changed; a
/// verb reworded within using it, or a negated practice, is not this detector's.
#[test]
fn sharing_made_selling_is_a_practice_changed_and_using_made_keeping_is_not() {
    let shared = after_ads_item("We share ad reports with advertisers.");
    let sold = after_ads_item("We sell ad reports to advertisers.");
    assert_eq!(
        messages(&shared, &sold),
        ["practice changed: \"share\" → \"sell\""]
    );
    let disclosed = after_ads_item("We disclose ad reports to advertisers.");
    let used = after_ads_item("We use ad reports with advertisers.");
    assert_eq!(
        messages(&used, &disclosed),
        ["practice changed: use → share (\"use\" → \"disclose\")"]
    );
    let kept = after_ads_item("We keep ad reports with advertisers.");
    assert_eq!(messages(&used, &kept), Vec::<String>::new());
    // Data sent to us comes in; what the person chooses to share is theirs to share. Neither
    // passes data on: the same things are said of the same data.
    let received = after_ads_item("We receive your information from advertisers.");
    let sent = after_ads_item("Advertisers send your information to us.");
    assert_eq!(messages(&received, &sent), Vec::<String>::new());
    let signed_up = after_ads_item("When you sign up, we share ad reports with advertisers.");
    let sold_on = after_ads_item("When you sign up, we sell ad reports to advertisers.");
    assert_eq!(
        messages(&signed_up, &sold_on),
        ["practice changed: \"share\" → \"sell\""]
    );
    let chosen = after_ads_item("You can choose to share ad reports with advertisers.");
    let connect = after_ads_item("You can choose to use ad reports with advertisers.");
    assert_eq!(messages(&chosen, &connect), Vec::<String>::new());
    let not_shared = after_ads_item("We do not share ad reports with advertisers.");
    let not_sold = after_ads_item("We do not sell ad reports to advertisers.");
    assert!(
        !messages(&not_shared, &not_sold)
            .iter()
            .any(|m| m.starts_with("practice")),
    );
}

/// Consent a practice waited for, taken away or asked for: a change of what is done.
#[test]
fn a_consent_condition_removed_or_added_is_a_practice_changed() {
    let asked = after_ads_item("We share ad reports with advertisers only with your consent.");
    let unasked = after_ads_item("We share ad reports with advertisers.");
    assert_eq!(
        messages(&asked, &unasked),
        ["consent condition removed: \"only with your consent\""]
    );
    let agreed = after_ads_item("If you agree, we share ad reports with advertisers.");
    assert_eq!(
        messages(&unasked, &agreed),
        ["consent condition added: \"if you agree\""]
    );
    // The same condition in other words around it is no change of it.
    let reworded =
        after_ads_item("We share our ad reports with advertisers only with your consent.");
    assert_eq!(messages(&asked, &reworded), Vec::<String>::new());
    for asked in [
        "We share ad reports with advertisers after obtaining your consent.",
        "We share ad reports with advertisers subject to your prior consent.",
        "We will ask for your consent before we share ad reports with advertisers.",
        "We share ad reports with advertisers with your explicit consent.",
    ] {
        let kinds = material(&after_ads_item(asked), &unasked);
        assert_eq!(kinds, ["practice"], "{asked}");
    }
    // A condition denied is none: consent is not asked.
    let unasked_in_words = after_ads_item(
        "We share ad reports with advertisers without needing to obtain your consent.",
    );
    assert_eq!(messages(&unasked, &unasked_in_words), Vec::<String>::new());
}

/// A feature or setting someone had to turn on, now on for all (Zoom's "Intelligent Features",
/// 2024): an opt-in taken away, in a sentence whose verb is no practice too.
#[test]
fn an_opt_in_condition_removed_or_added_is_a_practice_changed() {
    let opted = after_ads_item(
        "If enabled by the account owner, we provide smart features that summarise your meetings.",
    );
    let for_all = after_ads_item("We provide smart features that summarise your meetings.");
    assert_eq!(
        messages(&opted, &for_all),
        ["opt-in condition removed: \"if enabled\""]
    );
    let turned_on = after_ads_item(
        "We provide smart features that summarise your meetings, if you turn on transcripts.",
    );
    assert_eq!(
        messages(&for_all, &turned_on),
        ["opt-in condition added: \"if you turn on\""]
    );
    // A clause added with its own opt-in adds what it governs: no condition is put on what was
    // there.
    let more = after_ads_item(
        "We provide smart features that summarise your meetings, or if you enable face grouping \
         we may sort your photos by the faces they show.",
    );
    assert!(
        !messages(&for_all, &more)
            .iter()
            .any(|m| m.contains("condition")),
        "{:?}",
        messages(&for_all, &more)
    );
    // An opt-in that stays hides no consent taken away beside it.
    let both = after_ads_item(
        "If you enable sync, we share ad reports with advertisers only with your consent.",
    );
    let opt_in_only = after_ads_item("If you enable sync, we share ad reports with advertisers.");
    assert_eq!(
        messages(&both, &opt_in_only),
        ["consent condition removed: \"only with your consent\""]
    );
    // A safeguard turned on for all restricts nothing.
    let guarded = after_ads_item("Two-factor sign-in, if enabled, protects your account.");
    let always = after_ads_item("Two-factor sign-in protects your account.");
    assert_eq!(messages(&guarded, &always), Vec::<String>::new());
}

/// A promise made to hold only without the user's consent is an exception added to it, not a
/// negation added; the same exception taken away, one removed.
#[test]
fn a_consent_exception_put_on_a_promise_is_an_exception() {
    let promise = after_ads_item("We do not share ad reports with advertisers.");
    for (excepted, exception) in [
        (
            "We do not share ad reports with advertisers without your consent.",
            "without your consent",
        ),
        (
            "We do not share ad reports with advertisers, except with your consent.",
            "except with your consent",
        ),
    ] {
        let excepted = after_ads_item(excepted);
        assert_eq!(
            messages(&promise, &excepted),
            [format!("exception added to a negation: \"{exception}\"")]
        );
        assert_eq!(
            messages(&excepted, &promise),
            [format!(
                "exception removed from a negation: \"{exception}\""
            )]
        );
    }
    // Without the promise before it, the consent's negation is new.
    let shared = after_ads_item("We share ad reports with advertisers.");
    let excepted =
        after_ads_item("We do not share ad reports with advertisers without your consent.");
    assert_eq!(
        messages(&shared, &excepted),
        ["negation added: \"not … without your consent\""]
    );
}

#[test]
fn might_to_will_is_modality_and_might_to_may_is_not() {
    let from = "We might receive information about you from other sources";
    let will = edited(
        from,
        "We will receive information about you from other sources",
    );
    assert_eq!(material(&seed(), &will), ["modality"]);
    let may = edited(
        from,
        "We may receive information about you from other sources",
    );
    assert_eq!(material(&seed(), &may), Vec::<String>::new());
}

#[test]
fn a_retention_period_is_a_quantity_and_its_spelling_is_not() {
    let old = after_ads_item("We keep ad logs for 30 days.");
    let longer = after_ads_item("We keep ad logs for 90 days.");
    assert_eq!(material(&old, &longer), ["quantity"]);
    let spelled = after_ads_item("We keep ad logs for thirty days.");
    assert_eq!(material(&old, &spelled), Vec::<String>::new());
    // A period made a lower bound may now be any longer; made an upper one, it is no change.
    for open in [
        "at least 30 days",
        "a minimum of 30 days",
        "no less than 30 days",
        "30 days or more",
    ] {
        let new = after_ads_item(&format!("We keep ad logs for {open}."));
        assert_eq!(material(&old, &new), ["quantity"], "{open}");
    }
    for bounded in [
        "up to 30 days",
        "no longer than 30 days",
        "no more than 30 days",
    ] {
        let new = after_ads_item(&format!("We keep ad logs for {bounded}."));
        assert_eq!(material(&old, &new), Vec::<String>::new(), "{bounded}");
    }
    // A period without a number replaced by another, or by a number, is a change too; the
    // same need said in other words is not.
    let needed = after_ads_item("We keep ad logs for as long as necessary.");
    let forever = after_ads_item("We keep ad logs indefinitely.");
    assert_eq!(material(&needed, &forever), ["quantity"]);
    assert_eq!(material(&old, &needed), ["quantity"]);
    let reworded = after_ads_item("We keep ad logs as long as they are needed.");
    assert_eq!(material(&needed, &reworded), Vec::<String>::new());
}

/// An age limit lowered is material, however the sentence says who must be of age.
#[test]
fn an_age_limit_changed_is_material() {
    for (old, new) in [
        ("Users must be at least 16.", "Users must be at least 13."),
        (
            "Members must be 16 or older.",
            "Members must be 13 or older.",
        ),
        (
            "You must be at least 16 years old.",
            "You must be at least 13 years old.",
        ),
    ] {
        assert_eq!(
            material(&after_ads_item(old), &after_ads_item(new)),
            ["quantity"],
            "{new}"
        );
    }
}

#[test]
fn a_new_kind_of_data_is_a_data_category_and_a_moved_sentence_is_not() {
    let more = edited(
        "bank account information for identity verification",
        "bank account information and social security numbers for identity verification",
    );
    assert_eq!(material(&seed(), &more), ["data-category"]);
    // The "cookies" sentence moved to the end of its item: nothing new is said.
    let cookies = "Like many websites, we use \"cookies\" and other unique identifiers, and we obtain certain types of information when your web browser or device accesses Amazon Services and other content served by or on behalf of Amazon on other websites. ";
    let moved = edited(cookies, "").replacen(
        "Click here to see examples of what we collect. Information from",
        &format!("Click here to see examples of what we collect. {cookies}Information from"),
        1,
    );
    assert_eq!(material(&seed(), &moved), Vec::<String>::new());
}

/// An unchanged promise not to collect a kind of data does not hide its collection added
/// beside it: the new version says both.
#[test]
fn a_kind_of_data_added_beside_a_promise_not_to_collect_it_is_material() {
    let old =
        after_ads_item("We collect your name and email address. We do not collect biometric data.");
    let added = after_ads_item(
        "We collect your name, email address and biometric data. We do not collect biometric data.",
    );
    assert_eq!(
        messages(&old, &added),
        ["data category added: biometric information"]
    );
    // Named affirmed elsewhere, unchanged, it was collected before.
    let old = after_ads_item(
        "We collect your name and email address. We collect biometric data to verify you.",
    );
    let added = after_ads_item(
        "We collect your name, email address and biometric data. We collect biometric data to verify you.",
    );
    assert_eq!(messages(&old, &added), Vec::<String>::new());
}

/// Promises in other words than "share" and "collect" are promises: deleted, each is a
/// negation removed. A set phrase with "no" promises nothing, and "we do not access" names
/// no right of the user's.
#[test]
fn promises_in_other_words_are_promises_and_set_phrases_are_not() {
    for promise in [
        "We do not send any information to third-party analytics services.",
        "We do not track you across websites.",
    ] {
        let old = after_ads_item(promise);
        assert_eq!(material(&old, &seed()), ["negation"], "{promise}");
    }
    let phrase = "No matter where you are, you have the same protection when using our products.";
    assert_eq!(
        material(&after_ads_item(phrase), &seed()),
        Vec::<String>::new()
    );
    let old = after_ads_item("Our staff do not access your personal data.");
    let new = after_ads_item("Our staff do not access or use your personal data.");
    assert_eq!(material(&old, &new), Vec::<String>::new());
}

#[test]
fn a_dropped_purpose_is_material_and_a_synonym_is_not() {
    let fewer = edited("process payments, ", "");
    assert_eq!(material(&seed(), &fewer), ["purpose"]);
    let synonym = edited("analyze performance", "analyse performance");
    assert_eq!(material(&seed(), &synonym), Vec::<String>::new());
    // Running the service is providing it, alone or among other verbs.
    let old = after_ads_item("We use your information to operate the Services.");
    let run = after_ads_item("We use your information to run the Services.");
    assert_eq!(material(&old, &run), Vec::<String>::new());
    let among =
        after_ads_item("We use your information to develop, test, and provide our Services.");
    assert!(!messages(&old, &among).iter().any(|m| m.contains("removed")));
}

#[test]
fn a_new_recipient_is_material_and_rewording_around_it_is_not() {
    let old = after_ads_item("We share ad reports with service providers.");
    let more = after_ads_item("We share ad reports with service providers and advertisers.");
    assert_eq!(material(&old, &more), ["recipient"]);
    let reworded = after_ads_item("We share our ad reports with service providers.");
    assert_eq!(material(&old, &reworded), Vec::<String>::new());
}

/// A party added to a list of recipients is a recipient added, as in a sentence that shares.
#[test]
fn a_party_added_to_a_list_of_recipients_is_a_recipient_added() {
    let list = |entries: &str| {
        format!(
            "Sharing\n\nWe share your personal information with the following third parties:\n\n\
             - Service providers that host our website\n{entries}\nRetention\n\nWe keep it.\n"
        )
    };
    let (old, new) = (list(""), list("- Data brokers\n"));
    assert_eq!(messages(&old, &new), ["recipient added: data brokers"]);
    assert_eq!(messages(&new, &old), ["recipient removed: data brokers"]);
    let includes = |more: &str| {
        after_ads_item(&format!(
            "We share ad reports with partners. This includes {more}."
        ))
    };
    assert_eq!(
        messages(
            &includes("agencies"),
            &includes("agencies and data brokers")
        ),
        ["recipient added: data brokers"]
    );
}

#[test]
fn a_removed_opt_out_is_material_and_rewrapping_is_not() {
    let old = after_ads_item("You can opt out of interest-based ads in your settings.");
    let gone = after_ads_item("You can manage interest-based ads in your settings.");
    assert_eq!(material(&old, &gone), ["right"]);
    let wrapped = old.replacen(" You can opt out", "\nYou can opt out", 1);
    let rewrapped = old.replacen("in your settings.", "in your\nsettings!", 1);
    assert_ne!(wrapped, old);
    assert_eq!(material(&old, &rewrapped), Vec::<String>::new());
}

/// The user's "may" is what the user might do, with words between or not: no practice of the
/// company's made firmer.
#[test]
fn the_users_may_is_no_modality_even_after_an_adverb() {
    let notice = |s: &str| format!("# Notice\n\n## Contact\n\n{s} We may keep logs.\n");
    let old = notice("You also may provide your phone number.");
    assert_eq!(
        markdown_messages(&old, &notice("You also provide your phone number.")),
        Vec::<String>::new()
    );
}

/// Spotify's rights table renamed its "Rectification" row "Correction": the same right, not
/// one removed under the new name.
/// Rights named by verbs run together: one taken out of the list is removed, the list in
/// another order is no change; so for a name among contact details.
#[test]
fn a_right_taken_from_a_list_is_removed_and_a_list_reordered_is_not() {
    let listed = after_ads_item(
        "You have the right to access, correct and delete your personal information.",
    );
    let fewer =
        after_ads_item("You have the right to access and delete your personal information.");
    assert_eq!(messages(&listed, &fewer), ["right removed: correction"]);
    let reordered = after_ads_item(
        "You have the right to access, delete and correct your personal information.",
    );
    assert_eq!(messages(&listed, &reordered), Vec::<String>::new());
    let contacts = after_ads_item("We keep your name, email address and phone number.");
    let reordered = after_ads_item("We keep your email address, name and phone number.");
    assert_eq!(messages(&contacts, &reordered), Vec::<String>::new());
}

#[test]
fn a_right_renamed_to_its_other_name_is_not_removed() {
    let table = |name: &str, how: &str| {
        format!(
            "# Notice\n\n## Your rights\n\n| Right | What |\n|---|---|\n\
             | **Access** | Request a copy of your data. |\n| **{name}** | Request that we {how}. |\n"
        )
    };
    let old = table("Rectification", "fix it");
    for new in [
        table("Correction", "fix it"),
        table("Correction", "amend inaccurate data"),
    ] {
        assert_eq!(markdown_messages(&old, &new), Vec::<String>::new(), "{new}");
    }
    assert_eq!(
        markdown_messages(&old, &table("Feedback", "fix it")),
        ["right removed: correction"]
    );
}

#[test]
fn a_new_contact_address_is_material_and_its_sentence_reworded_is_not() {
    let old = after_ads_item("Write to privacy@example.com with questions.");
    let moved = after_ads_item("Write to dpo@example.com with questions.");
    assert_eq!(material(&old, &moved), ["contact"]);
    let reworded = after_ads_item("Write to privacy@example.com with any questions.");
    assert_eq!(material(&old, &reworded), Vec::<String>::new());
    // An address written against harvesters is the address (GitHub's "privacy[at]github[dot]com"):
    // written so, or moved to another item so written, it is none added or removed; another is.
    let hidden = after_ads_item("Write to privacy [at] example [dot] com with questions.");
    assert_eq!(material(&old, &hidden), Vec::<String>::new());
    let elsewhere = edited(
        LEGAL_ITEM_END,
        &format!("{LEGAL_ITEM_END} Ask privacy[at]example.com."),
    );
    assert_eq!(material(&old, &elsewhere), Vec::<String>::new());
    let other = after_ads_item("Write to dpo(at)example(dot)com with questions.");
    assert_eq!(material(&old, &other), ["contact"]);
    // An address written out in one place and abbreviated in another is one address: the one
    // written out dropped, and the other's sentence reworded, is no contact removed (GitHub's,
    // in prose and in a table).
    let version = |to: &str, city: &str| {
        let office = format!("Our office is at 88 Colin P. Kelly Jr. St. in {city}.");
        after_ads_item(&format!("Write to {to} with questions.")).replacen(
            LEGAL_ITEM_END,
            &format!("{LEGAL_ITEM_END} {office}"),
            1,
        )
    };
    let street = version("88 Colin P. Kelly Jr. Street", "San Francisco");
    let city = "San Francisco, California";
    assert_eq!(
        material(&street, &version("us", city)),
        Vec::<String>::new()
    );
    assert_eq!(
        material(&street, &version("90 Colin P. Kelly Jr. Street", city)),
        ["contact"]
    );
    // In whole words: "90 Main Street" is not given by "190 Main Street".
    let at = |address: &str| after_ads_item(&format!("Write to {address} with questions."));
    assert_eq!(
        messages(&at("190 Main Street"), &at("90 Main Street")),
        ["contact changed: 190 Main Street \u{2192} 90 Main Street"]
    );
    for (old, new) in [
        ("privacy@example.com", "eu-privacy@example.com"),
        ("privacy@example.com", "privacy@example.com.au"),
        (
            "https://example.com/privacy",
            "https://example.com/privacy/eu",
        ),
    ] {
        assert_eq!(
            messages(&at(old), &at(new)),
            [format!("contact changed: {old} \u{2192} {new}")]
        );
    }
    // A telephone number or a web address written another way is the same contact: its
    // digits, or the page it opens (Microsoft's in 2022, Steam's in 2026).
    for (old, new) in [
        ("1.844.931.2038", "+1 (844) 931 2038"),
        (
            "https://help.example.com/en/wizard/HelpAccountData",
            "https://help.example.com/wizard/HelpAccountData",
        ),
    ] {
        assert_eq!(messages(&at(old), &at(new)), Vec::<String>::new(), "{old}");
    }
    assert_eq!(
        messages(&at("1.844.931.2038"), &at("+1 (416) 349 2506")),
        ["contact changed: 844.931.2038 \u{2192} +1 (416) 349 2506"]
    );
    // A telephone number moved and reworded is none added or removed ("1-800-275-2273" is
    // read "800-275-2273": Apple's).
    let moved = edited(
        LEGAL_ITEM_END,
        &format!("{LEGAL_ITEM_END} You may also call us at 1-800-275-2273."),
    );
    assert_eq!(
        messages(
            &after_ads_item("Call 1-800-275-2273 with questions."),
            &moved
        ),
        Vec::<String>::new()
    );
    // One address in two spellings is named once.
    let both =
        |address: &str, short: &str| at(&format!("{address} or our office at {short} in the city"));
    assert_eq!(
        messages(
            &both("1 Main Street", "1 Main St."),
            &both("2 Oak Avenue", "2 Oak Ave.")
        ),
        ["contact changed: 1 Main Street \u{2192} 2 Oak Avenue"]
    );
}

/// The material messages between two texts, with every detector on.
fn messages(old: &str, new: &str) -> Vec<String> {
    messages_between(&doc(old), &doc(new))
}

/// The material messages between two versions, with every detector on.
fn messages_between(a: &Document, b: &Document) -> Vec<String> {
    let mut cmp = compare(a, b, &DiffSettings::default());
    mark(&mut cmp, &Versions::new(a, b), &KINDS, None);
    (cmp.changes.iter())
        .flat_map(|c| c.material.iter().map(|m| m.message.clone()))
        .collect()
}

const LEGAL_ITEM_END: &str = "for identity verification and other purposes.";

#[test]
fn a_replaced_transfer_mechanism_is_material_and_a_moved_one_is_not() {
    let shield =
        after_ads_item("We transfer personal data from the EEA under the EU-U.S. Privacy Shield.");
    let framework = after_ads_item(
        "We transfer personal data from the EEA under the EU-U.S. Data Privacy Framework.",
    );
    assert_eq!(
        messages(&shield, &framework),
        ["transfer mechanism removed: Privacy Shield; added: Data Privacy Framework"]
    );
    assert_eq!(
        messages(
            &seed(),
            &after_ads_item("When data leaves the EEA, we use appropriate safeguards.")
        ),
        ["transfer mechanism added: appropriate safeguards"]
    );
    // No longer relied on: the negation, and the mechanism gone.
    let relied =
        after_ads_item("We rely on the EU-U.S. Privacy Shield for transfers from the EEA.");
    let dropped = after_ads_item(
        "We no longer rely on the EU-U.S. Privacy Shield for transfers from the EEA.",
    );
    assert_eq!(
        messages(&relied, &dropped),
        [
            "negation added: \"no longer\"",
            "transfer mechanism removed: Privacy Shield"
        ]
    );
    // Moved to another item and reworded: the policy still names it.
    let moved = edited(
        LEGAL_ITEM_END,
        &format!(
            "{LEGAL_ITEM_END} Data from the EEA is transferred under the EU-U.S. Privacy Shield."
        ),
    );
    let transfer_messages = |old: &str, new: &str| -> Vec<String> {
        (messages(old, new).into_iter())
            .filter(|m| m.starts_with("transfer"))
            .collect()
    };
    assert_eq!(transfer_messages(&shield, &moved), Vec::<String>::new());
    // Still named elsewhere, but as no longer valid: removed.
    let defunct = edited(
        LEGAL_ITEM_END,
        &format!("{LEGAL_ITEM_END} The Privacy Shield was invalidated by the Court of Justice."),
    );
    assert_eq!(
        transfer_messages(&shield, &defunct),
        ["transfer mechanism removed: Privacy Shield"]
    );
    // "Appropriate safeguards" of security, and a derogation of another law, name none.
    for sentence in [
        "We use appropriate safeguards to protect your data.",
        "We rely on the derogation permitted by Regulation (EU) 2021/1232.",
    ] {
        assert_eq!(
            transfer_messages(&seed(), &after_ads_item(sentence)),
            Vec::<String>::new(),
            "{sentence}"
        );
    }
}

#[test]
fn a_date_left_behind_is_material_and_a_date_moved_alone_is_not() {
    let dated = |date: &str, s: &str| format!("Last updated: {date}.\n\n{s}");
    let old = dated("May 1, 2023", &seed());
    let changed = dated(
        "May 1, 2023",
        &edited("analyze performance", "measure performance"),
    );
    assert_eq!(material(&old, &changed), ["effective-date"]);
    let redated = dated("June 1, 2024", &seed());
    assert_eq!(material(&old, &redated), Vec::<String>::new());
}

fn policy_lint() -> Command {
    let mut c = Command::cargo_bin("policy-lint").unwrap();
    c.env_remove("CI").env("NO_COLOR", "1");
    c
}

#[test]
fn annotate_reads_the_seed_notice() {
    let out = policy_lint()
        .arg("annotate")
        .arg(seed_path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sentences = v["sentences"].as_array().unwrap();
    let find = |start: &str| {
        sentences
            .iter()
            .find(|s| s["text"].as_str().unwrap().starts_with(start))
            .unwrap_or_else(|| panic!("no sentence {start:?}"))
    };
    let ads = find(NOT_USED);
    assert_eq!(ads["negated"], true);
    assert_eq!(ads["advertising"], true);
    assert_eq!(ads["excludes_identifying"], true);
    assert_eq!(ads["practice"], "use");
    assert_eq!(ads["item"], "Advertising");
    let other = find("We might receive information about you from other sources");
    assert!(
        other["text"]
            .as_str()
            .unwrap()
            .contains("which we use to correct our records")
    );
    assert_eq!(other["states_purpose"], true);
    assert_eq!(other["negated"], false);
    assert_eq!(other["modality"], "might");
    assert_eq!(other["practice"], "collect");
    let uses = find("We use your personal information to display interest-based ads");
    assert_eq!(uses["negated"], false);
    assert_eq!(uses["excludes_identifying"], false);

    let human = policy_lint()
        .arg("annotate")
        .arg(seed_path())
        .output()
        .unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.contains("We do [not] use {information that personally identifies you}"),
        "{text}"
    );
}

/// A project with the bundled rules.toml and `privacy.txt` holding `text`, its snapshot
/// accepted.
fn accepted(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules.toml"),
        dir.path().join("rules.toml"),
    )
    .unwrap();
    let policy = dir.path().join("privacy.txt");
    std::fs::write(&policy, text).unwrap();
    policy_lint()
        .current_dir(dir.path())
        .args(["snapshot", "accept", "privacy.txt"])
        .assert()
        .success();
    (dir, policy)
}

#[test]
fn diff_and_check_report_material_changes() {
    let (dir, policy) = accepted(&seed());
    let old = dir.path().join("old.txt");
    std::fs::write(&old, seed()).unwrap();
    std::fs::write(
        &policy,
        edited(
            NOT_USED,
            "We use information that personally identifies you",
        ),
    )
    .unwrap();

    let out = policy_lint()
        .current_dir(dir.path())
        .args(["diff", "old.txt", "privacy.txt"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("1 change, 1 material: negation removed: \"not\" in For What Purposes"),
        "{text}"
    );
    assert!(text.contains("! material (negation)"), "{text}");

    let out = policy_lint()
        .current_dir(dir.path())
        .args(["check", "privacy.txt", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = &v["files"][0];
    assert_eq!(file["changes"][0]["material"][0]["kind"], "negation");
    let rules: Vec<&str> = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"negation-changed"), "{rules:?}");
    let finding = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "negation-changed")
        .unwrap();
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["item"], "Advertising");
    assert_eq!(v["summary"]["material"], 1);
}

/// `check privacy.txt --format json` in `dir`, read.
fn check_json(dir: &Path) -> Value {
    let out = policy_lint()
        .current_dir(dir)
        .args(["check", "privacy.txt", "--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A material finding points at the sentence it is about, not at the change's first edit: the
/// sentence that lost its "not", or the one left before a sentence removed whole.
#[test]
fn a_material_finding_points_at_its_sentence() {
    let (dir, policy) = accepted(&seed());
    let column_of = |text: &str, needle: &str| {
        let line = text.lines().find(|l| l.contains(needle)).unwrap();
        line[..line.find(needle).unwrap()].chars().count() as u64 + 1
    };
    let negation_finding = |text: &str| -> Value {
        std::fs::write(&policy, text).unwrap();
        let v = check_json(dir.path());
        (v["files"][0]["findings"].as_array().unwrap().iter())
            .find(|f| f["rule"] == "negation-changed")
            .cloned()
            .unwrap_or_else(|| panic!("{v:#}"))
    };
    // "display" → "show" first in the item, then the "not" taken out of the next sentence.
    let shown = edited(
        "to display interest-based ads for",
        "to show interest-based ads for",
    );
    let unsaid = shown.replacen(
        NOT_USED,
        "We use information that personally identifies you",
        1,
    );
    let f = negation_finding(&unsaid);
    assert_eq!(
        f["column"],
        column_of(&unsaid, "We use information that personally"),
        "{f:#}"
    );
    let gone = shown.replacen(
        &format!(" {NOT_USED} to display interest-based ads."),
        "",
        1,
    );
    let f = negation_finding(&gone);
    let before = "We use your personal information to show interest-based ads";
    assert_eq!(f["column"], column_of(&gone, before), "{f:#}");
}

/// The sentence before the gap is the one before it in the text, though the same words come
/// again after it; a mark is never pointed at the same words in another section.
#[test]
fn a_material_finding_never_points_at_the_same_words_elsewhere() {
    let text = "Sharing\n\nLearn more. Our partners never sell your personal information to anyone. We keep logs for 30 days. Learn more.\n\nLocation\n\nWe collect your precise location data when you allow it.\n";
    let (dir, policy) = accepted(text);
    let finding = |rule: &str| -> Value {
        let v = check_json(dir.path());
        (v["files"][0]["findings"].as_array().unwrap().iter())
            .find(|f| f["rule"] == rule)
            .cloned()
            .unwrap_or_else(|| panic!("{rule}: {v:#}"))
    };
    let gone = text.replace(
        " Our partners never sell your personal information to anyone.",
        "",
    );
    std::fs::write(&policy, &gone).unwrap();
    let f = finding("negation-changed");
    assert_eq!((&f["line"], &f["column"]), (&3.into(), &1.into()), "{f:#}");
    assert_eq!(f["end_column"], 12, "the first \"Learn more.\": {f:#}");
    // A category added as an item's label, named in the same words in another section.
    let items = "Information We Collect\n\nContact details. We collect your name when you sign up.\n\nSharing\n\nWe share your email address with providers. Precise location data is never shared with advertisers.\n";
    let (dir, policy) = accepted(items);
    let added = items.replace(
        "sign up.\n",
        "sign up.\nPrecise location data. We collect it when you allow it.\n",
    );
    std::fs::write(&policy, &added).unwrap();
    let v = check_json(dir.path());
    let f = (v["files"][0]["findings"].as_array().unwrap().iter())
        .find(|f| f["rule"] == "data-category-changed")
        .unwrap_or_else(|| panic!("{v:#}"));
    assert_eq!(f["line"], 4, "{f:#}");
}

/// A stale date is said of the whole text, where the date stands: a typo fixed elsewhere is
/// one change and no material one.
#[test]
fn a_stale_date_is_found_on_its_line_and_is_no_material_change() {
    let dated = |s: &str| format!("Last updated: May 1, 2023.\n{s}");
    let (dir, policy) = accepted(&dated(&seed()));
    std::fs::write(
        &policy,
        dated(&edited("analyze performance", "analyse performance")),
    )
    .unwrap();
    let v = check_json(dir.path());
    let findings = v["files"][0]["findings"].as_array().unwrap();
    let stale = (findings.iter())
        .find(|f| f["rule"] == "effective-date-stale")
        .unwrap_or_else(|| panic!("{v:#}"));
    assert_eq!(
        (&stale["line"], &stale["column"]),
        (&1.into(), &1.into()),
        "{stale:#}"
    );
    assert!(
        stale["section"].is_null() && stale["item"].is_null(),
        "{stale:#}"
    );
    assert_eq!(v["summary"]["material"], 0, "{v:#}");
    // Its annotation on the date line shows no diff: the change is annotated where it is.
    let out = policy_lint()
        .current_dir(dir.path())
        .args(["check", "--format", "github"])
        .output()
        .unwrap();
    let annotations = String::from_utf8(out.stdout).unwrap();
    let stale = (annotations.lines())
        .find(|l| l.contains("effective-date-stale"))
        .unwrap_or_else(|| panic!("{annotations}"));
    assert!(
        stale.starts_with("::warning file=privacy.txt,line=1,col=1,") && !stale.contains("analyse"),
        "{stale}"
    );
    let out = policy_lint()
        .current_dir(dir.path())
        .args(["diff", "privacy.txt"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "1 change, 0 material; the text changed but \"Last updated: May 1, 2023\" did not\n"
        ),
        "{text}"
    );
    // Beside the change it is noted, not called material.
    assert!(
        text.contains("\n  ! note (effective-date): the text changed but")
            && !text.contains("! material"),
        "{text}"
    );
}

/// `check` against a snapshot reports a replaced mechanism as `transfer-changed`, a warning of
/// the bundled rules, and `annotate` lists what each sentence names.
#[test]
fn check_and_annotate_report_transfer_mechanisms() {
    let under = |mechanism: &str| {
        after_ads_item(&format!(
            "We transfer personal data from the EEA under {mechanism}."
        ))
    };
    let (dir, policy) = accepted(&under("the EU-U.S. Privacy Shield"));
    std::fs::write(&policy, under("the EU-U.S. Data Privacy Framework")).unwrap();
    let json = |command: &str| -> Value {
        let out = policy_lint()
            .current_dir(dir.path())
            .args([command, "privacy.txt", "--format", "json"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let v = json("check");
    let finding = (v["files"][0]["findings"].as_array().unwrap().iter())
        .find(|f| f["rule"] == "transfer-changed")
        .unwrap_or_else(|| panic!("{v:#}"));
    assert_eq!(finding["severity"], "warning");
    assert_eq!(
        finding["message"],
        "a mechanism for transfers of personal data abroad was added or removed in For What \
         Purposes Does Amazon Process Your Personal Information? › Advertising: transfer \
         mechanism removed: Privacy Shield; added: Data Privacy Framework"
    );

    let v = json("annotate");
    let sentences = v["sentences"].as_array().unwrap();
    let transfers = |s: &Value| s["transfers"].as_array().unwrap().clone();
    let naming: Vec<&Value> = sentences
        .iter()
        .filter(|s| !transfers(s).is_empty())
        .collect();
    assert_eq!(naming.len(), 1, "{naming:#?}");
    assert_eq!(
        transfers(naming[0]),
        [Value::from("Data Privacy Framework")]
    );
    assert_eq!(naming[0]["item"], "Advertising");
}

/// The material messages between two Markdown texts, with every detector on.
fn markdown_messages(old: &str, new: &str) -> Vec<String> {
    let parse = |text: &str| {
        Document::parse(
            Source::new(Path::new("policy.md"), text.to_string()),
            Format::Markdown,
            &OutlineSettings::default(),
        )
    };
    messages_between(&parse(old), &parse(new))
}

/// Google's legal bases of 2021: a section added whole restates purposes and recipients the
/// policy named already; Discord's cookie types moved to a cookie notice, the section still
/// naming cookies. Neither adds nor removes what the other version still says anywhere.
#[test]
fn a_section_added_or_removed_whole_adds_only_what_the_other_version_never_said() {
    let uses = "# How we use information\n\nWe use your information for marketing to inform users \
                about our services, and to detect and prevent fraud. We may disclose information \
                to government authorities in response to legal process.\n";
    let bases = format!(
        "{uses}\n# When we are pursuing legitimate interests\n\nWe process your information for \
         our legitimate interests, such as marketing to inform users about our services, \
         detecting and preventing fraud, and disclosing information to government authorities.\n"
    );
    assert_eq!(markdown_messages(uses, &bases), Vec::<String>::new());
    assert_eq!(markdown_messages(&bases, uses), Vec::<String>::new());
    // What the policy did not say before is said, added or removed.
    let new_data = bases.replace(
        "such as marketing",
        "such as reading your precise location for marketing",
    );
    assert_eq!(
        markdown_messages(uses, &new_data),
        ["data category added: precise geolocation"]
    );
    assert_eq!(
        markdown_messages(&new_data, uses),
        ["data category removed: precise geolocation"]
    );
    // Named only as what is not done, it was not said: "is never sold" promises the opposite.
    let never = uses.replace(
        "legal process.",
        "legal process. Your precise location is never sold.",
    );
    assert_eq!(
        markdown_messages(
            &never,
            &new_data.replace(
                "legal process.",
                "legal process. Your precise location is never sold."
            )
        ),
        ["data category added: precise geolocation"]
    );
    let cookies = "# Information we collect automatically\n\nWe may receive information from \
                   cookies and similar technologies.\n\n\
                   * **Functional Cookies**: These help us remember language preferences.\n\
                   * **Performance Cookies**: These let us learn how you use the services.\n";
    let notice = "# Information we collect automatically\n\nWe may receive information from \
                  cookies and similar technologies. You can find out more in our Cookie Policy.\n";
    let messages = markdown_messages(cookies, notice);
    assert!(
        !messages.iter().any(|m| m.contains("cookie")),
        "{messages:?}"
    );
    // Said only in passing, a label is still news where a section states it: sold where it was
    // collected, asked about, supposed, the user's to refuse, a table row's label.
    let base = "# Collection\n\nWe collect your precise geolocation to provide navigation. We \
                share your device identifiers with advertisers to measure ads.\n";
    let sale = format!("{base}\n# Sale\n\nWe sell your precise geolocation to advertisers.\n");
    assert_eq!(
        markdown_messages(base, &sale),
        [
            "data category added: precise geolocation",
            "recipient added: advertisers"
        ]
    );
    let plain = "# Collection\n\nWe collect your email address.\n";
    let location = "\n# Location\n\nWe collect your precise geolocation to show nearby stores.\n";
    for passing in [
        "Do we collect your precise geolocation? No.",
        "If we ever collect your precise geolocation, we will ask you first.",
        "You do not have to give us your precise geolocation.",
        "\n| Category | Collected |\n|---|---|\n| Precise geolocation | No |",
    ] {
        let old = format!("{plain}{passing}\n");
        assert_eq!(
            markdown_messages(&old, &format!("{old}{location}")),
            ["data category added: precise geolocation"],
            "{passing}"
        );
    }
    let rights =
        "# Rights\n\nResidents of other states cannot opt out of the sale of their data.\n";
    let opting = format!(
        "{rights}\n# Opting out\n\nCalifornia residents can opt out of the sale of their data.\n"
    );
    assert_eq!(
        markdown_messages(&opting, rights),
        ["right removed: opt-out"]
    );
}

#[test]
fn a_kind_of_data_moved_between_rows_of_a_table_is_no_change_and_a_new_one_is() {
    // Each row is an item: rewritten, rows are removed and added one by one, and what a
    // removed row named is named by an added one of the same section.
    let old = "# What we collect\n\n| Kind | What |\n|---|---|\n\
               | Location | We collect your precise location. |\n\
               | Contacts | We collect your address book. |\n";
    let new = "# What we collect\n\n| Kind | What |\n|---|---|\n\
               | Contacts | We collect your address book. |\n\
               | Devices and places | To suggest friends nearby, we read your device model \
               and your precise location. |\n";
    // A message of the diff from `old` to `new` says `what`.
    let says = |new: &str, what: &str| {
        let messages = markdown_messages(old, new);
        assert!(messages.iter().any(|m| m.contains(what)), "{messages:?}");
    };
    let messages = markdown_messages(old, new);
    assert!(
        !messages.iter().any(|m| m.contains("geolocation")),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"data category added: device information".to_string()),
        "{messages:?}"
    );
    // In a section added whole, the same kind of data is no change either: the policy still
    // says it collects it. What it did not say before is.
    let moved = new.replace(
        "| Devices",
        "\n# Other\n\n| Kind | What |\n|---|---|\n| Devices",
    );
    let messages = markdown_messages(old, &moved);
    assert!(
        !messages.iter().any(|m| m.contains("geolocation")),
        "{messages:?}"
    );
    says(&moved, "data category added: device information");
    // A row edited to name it is a change: that row now says it is collected.
    let edited = old
        .replace("| Location | We collect your precise location. |\n", "")
        .replace("address book.", "address book and your precise location.");
    says(&edited, "added: precise geolocation");
}
