//! Links of two versions of a unit compared: which changed their target, which are gone or new.
//! What a reader would not call a change is left out: a target that opens the same page, an
//! address linked to itself, a link whose words changed but whose target did not.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::time::Instant;

use super::hash::FastMap;
use super::shared::diff_shared;
use super::{IgnorePattern, LinkChange, clean, words};
use crate::detect::reading::names_a_language;
use crate::outline::Link;

/// Whether a target is contact details: an e-mail address or a phone number.
pub(super) fn is_contact(target: &str) -> bool {
    matches!(
        Scheme::of(target.trim_start()).0,
        Scheme::Mail | Scheme::Tel
    )
}

/// Whether two targets are the same for a reader: the same page (see [`same_page`]), equal after
/// the ignore patterns, or an e-mail address against a web archive's hidden-address link.
fn same_target(a: &str, b: &str, ignore: &[IgnorePattern]) -> bool {
    same_page(a, b)
        || (is_mail(a) && is_mail(b) && (a.contains(HIDDEN) || b.contains(HIDDEN)))
        || (!ignore.is_empty() && clean(a, ignore).0 == clean(b, ignore).0)
}

/// Where a web archive's copy of a page links an e-mail address it hid.
const HIDDEN: &str = "/cdn-cgi/l/email-protection";

fn is_mail(target: &str) -> bool {
    Scheme::of(target).0 == Scheme::Mail || target.contains(HIDDEN)
}

/// Whether a link's target `new` opens the page `old` did: the same address but for trailing
/// slashes ("example.com/privacy/"), for `http` moved to `https` (real histories are full
/// of both; a move back to `http` is a change), or for parameters that say where the click came
/// from or which language to show the page in (`utm_source=…`, `trk=…`, `hl=en-GB`: see
/// [`without_tracking`]).
fn same_page(old: &str, new: &str) -> bool {
    let (old, new) = (without_tracking(old), without_tracking(new));
    same_address(&old, &new)
}

/// Query parameters that say where a click came from (analytics campaigns, ad clicks, the page
/// or menu it was on: LinkedIn's `trk`, Facebook's `entry_point`), not which page opens.
const TRACKING_PARAMETERS: [&str; 13] = [
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "mc_cid",
    "mc_eid",
    "_hsenc",
    "_hsmi",
    "igshid",
    "trk",
    "helpref",
    "entry_point",
    "atb",
];

/// Query parameters that choose the language or region the same page is shown in (Google's `hl`
/// and `gl`, `lang`, `locale`): 131 of the corpus's link changes were `hl=en-US` made `hl=en-GB`.
const LOCALE_PARAMETERS: [&str; 4] = ["hl", "gl", "lang", "locale"];

/// `target` without its tracking and locale query parameters (`utm_*`, [`TRACKING_PARAMETERS`]
/// and [`LOCALE_PARAMETERS`]), and without a `?` with no other parameter left. A query written
/// after the fragment (`#section?utm_source=…`, as some sites tag links) is read as one, as
/// well as one before it (Snapchat's `?lang=en-US#ondevicedata?utm_source=…`).
fn without_tracking(target: &str) -> Cow<'_, str> {
    let (page, fragment) = target.split_at(target.find('#').unwrap_or(target.len()));
    let (kept_page, kept_fragment) = (
        without_tracking_query(page),
        without_tracking_query(fragment),
    );
    // What is left is as long as what was given only where nothing was left out.
    if kept_page.len() + kept_fragment.len() == target.len() {
        return target.into();
    }
    format!("{kept_page}{kept_fragment}").into()
}

/// `part` (an address before its fragment, or a fragment) without the tracking and locale
/// parameters of its query, and without its `?` if none other is left.
fn without_tracking_query(part: &str) -> Cow<'_, str> {
    let Some((before, query)) = part.split_once('?') else {
        return part.into();
    };
    let tracking = |parameter: &&str| {
        let name = parameter.split('=').next().unwrap_or_default();
        let lower = name.to_ascii_lowercase();
        lower.starts_with("utm_")
            || TRACKING_PARAMETERS.contains(&lower.as_str())
            || LOCALE_PARAMETERS.contains(&lower.as_str())
    };
    if !query.split('&').any(|p| tracking(&p)) {
        return part.into();
    }
    let kept: Vec<&str> = query.split('&').filter(|p| !tracking(p)).collect();
    match kept.is_empty() {
        true => before.into(),
        false => format!("{before}?{}", kept.join("&")).into(),
    }
}

/// Whether two addresses are the same but for trailing slashes, `http` moved to `https`, and
/// the case of what is read without it: the host of a web address and the domain of an e-mail
/// address (`mailto:zoom@lionheartsquared.eu` made `mailto:zoom@LionheartSquared.eu`).
fn same_address(old: &str, new: &str) -> bool {
    let ((a, from_a), (b, from_b)) = (Scheme::of(old), Scheme::of(new));
    (a == b || (a, b) == (Scheme::Http, Scheme::Https))
        && a.page(&old[from_a..]) == b.page(&new[from_b..])
}

/// A path or query with its percent-escapes decoded where a browser would take the character
/// for the escape (`a%5B0%5D` and `a[0]`, `%C3%A4` and `ä`), not where the character would
/// split the address otherwise (`/`, `?`, `#`, `&`, `=`, `+`, `%`). A run of escapes that spells
/// no UTF-8 (`%FF`) stays as written.
fn decoded(part: &str) -> Cow<'_, str> {
    if !part.contains('%') {
        return part.into();
    }
    let escaped = |s: &str| -> Option<u8> {
        let hex = s.strip_prefix('%')?.get(..2)?;
        // Two hex digits: `from_str_radix` would also take a sign ("%+1").
        (hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| u8::from_str_radix(hex, 16).ok())
            .flatten()
            .filter(|b| !b"/?#&=+%".contains(b))
    };
    let mut out = String::with_capacity(part.len());
    let mut rest = part;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let run = &rest[at..];
        // Escapes are ASCII: three bytes each.
        let mut bytes = Vec::new();
        while let Some(b) = escaped(&run[3 * bytes.len()..]) {
            bytes.push(b);
        }
        let len = 3 * bytes.len();
        match std::str::from_utf8(&bytes) {
            _ if len == 0 => {
                out.push('%');
                rest = &run[1..];
                continue;
            }
            Ok(text) => out.push_str(text),
            Err(_) => out.push_str(&run[..len]),
        }
        rest = &run[len..];
    }
    out.push_str(rest);
    out.into()
}

/// What an address is, as far as comparing two of them goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Http,
    Https,
    Mail,
    Tel,
    Other,
}

impl Scheme {
    /// The scheme of `address`, and where what follows it starts.
    fn of(address: &str) -> (Scheme, usize) {
        let starts = |s: &str| (address.get(..s.len())).is_some_and(|p| p.eq_ignore_ascii_case(s));
        [
            ("https://", Scheme::Https),
            ("http://", Scheme::Http),
            ("mailto:", Scheme::Mail),
            ("tel:", Scheme::Tel),
        ]
        .into_iter()
        .find(|(prefix, _)| starts(prefix))
        .map_or((Scheme::Other, 0), |(prefix, scheme)| {
            (scheme, prefix.len())
        })
    }

    /// What of `rest` (what follows the scheme) tells the page it opens: without trailing
    /// slashes, its host in lower case (a web address's, an e-mail address's domain: read
    /// without case, RFC 3986 and RFC 5321); a web address's host without `www.` and its path
    /// without a part near its start that names a language ("apple.com/legal/" and
    /// "www.apple.com/legal"; "/p/en/legal/x" and "/p/legal/x/": the same page).
    fn page(self, rest: &str) -> String {
        let (before, host, after) = self.parts(rest.trim_end_matches('/'));
        let host = host.to_ascii_lowercase();
        let web = matches!(self, Scheme::Http | Scheme::Https)
            || (self == Scheme::Other && before.starts_with('/'));
        if !web {
            return format!("{before}{host}{after}");
        }
        let host = host.strip_prefix("www.").unwrap_or(&host);
        // A web address's path follows its host; a relative address is all path (and query).
        let address = if self == Scheme::Other { before } else { after };
        let (path, query) = address.split_at(address.find(['?', '#']).unwrap_or(address.len()));
        // A language opens a path, or follows a short prefix ("/p/en/legal/…", "/hc/en-us/…",
        // "/intl/en/…"), and something follows it: "/terms/de" and "/legal/uk" are pages.
        let mut path: Vec<&str> = path.split('/').collect();
        let last = path.len().saturating_sub(1);
        let language = (1..last.min(3)).find(|&k| names_a_language(path[k]));
        if let Some(k) = language {
            path.remove(k);
        }
        format!("{host}{}{}", decoded(&path.join("/")), decoded(query))
    }

    /// `rest` (what follows the scheme) as what comes before its host, the host (a web
    /// address's, an e-mail address's domain: read without case, RFC 3986 and RFC 5321), and
    /// what comes after.
    fn parts(self, rest: &str) -> (&str, &str, &str) {
        let host_end = |from: usize, ends: &[char]| {
            rest[from..].find(ends).map_or(rest.len(), |end| from + end)
        };
        let (start, end) = match self {
            Scheme::Http | Scheme::Https => (0, host_end(0, &['/', '?', '#'])),
            Scheme::Mail => match rest.find('@') {
                Some(at) => (at + 1, host_end(at + 1, &['?'])),
                None => (rest.len(), rest.len()),
            },
            Scheme::Tel | Scheme::Other => (rest.len(), rest.len()),
        };
        (&rest[..start], &rest[start..end], &rest[end..])
    }
}

/// Links of two units lined up by their words; those whose target changed, and those only one
/// unit has. A link only one has whose words changed but whose target did not (`[here](/x)` to
/// `[our help page](/x)`) is paired with the other's and left out: the words diff shows it.
/// So are links within the page gained, lost or pointed at another place on it (see
/// [`in_page`]). Past `deadline`, the links are lined up more coarsely: more of them are taken
/// for lone ones, and paired again by their pages.
pub(super) fn link_changes(
    old: &[&Link],
    new: &[&Link],
    ignore: &[IgnorePattern],
    deadline: Instant,
) -> Vec<LinkChange> {
    // Links are lined up by their words, an address by itself in any case (a paragraph with
    // two, one of them newly linked, keeps each with its own); the archive's placeholder for
    // an address is paired with one by its target (see `same_target`).
    fn key<'l>(l: &&'l Link) -> Cow<'l, str> {
        match words::is_email_token(&l.text) {
            true => Cow::Owned(l.text.to_lowercase()),
            false => Cow::Borrowed(l.text.as_str()),
        }
    }
    let retargeted = |out: &mut Vec<Found>, old: &[&Link], new: &[&Link]| {
        for (x, y) in old.iter().zip(new) {
            let within_page = in_page(&x.target) && in_page(&y.target);
            if !within_page && !same_target(&x.target, &y.target, ignore) {
                out.push(Found::Retargeted(LinkChange {
                    text: y.text.clone(),
                    old: Some(x.target.clone()),
                    new: Some(y.target.clone()),
                }));
            }
        }
    };
    let mut found = Vec::new();
    // The same words in the same order (no links at all, mostly): one run of equals, as the
    // diff would find it, without its working arrays.
    if old.len() == new.len() && old.iter().zip(new).all(|(x, y)| key(x) == key(y)) {
        retargeted(&mut found, old, new);
    } else {
        let (a, b): (Vec<Cow<str>>, Vec<Cow<str>>) =
            (old.iter().map(key).collect(), new.iter().map(key).collect());
        let a: Vec<&str> = a.iter().map(|k| k.as_ref()).collect();
        let b: Vec<&str> = b.iter().map(|k| k.as_ref()).collect();
        // Words that only one version links are lone links whatever the diff: 10,000 links
        // reworded took 10,000 × 20,000 steps.
        for op in diff_shared(similar::Algorithm::Myers, &a, &b, Some(deadline)) {
            let (o, n) = (op.old_range(), op.new_range());
            if let similar::DiffOp::Equal { .. } = op {
                retargeted(&mut found, &old[o], &new[n]);
                continue;
            }
            // Links only one version has.
            for (links, in_old) in [(&old[o], true), (&new[n], false)] {
                let lone = (links.iter()).filter(|l| !in_page(&l.target));
                found.extend(lone.map(|&link| Found::Lone { link, in_old }));
            }
        }
        // Links to themselves pair last: one may stand for a link reworded only where no
        // other link to the page is left ("emailing privacy@…" to "[contacting us](mailto:…)").
        pair_reworded(&mut found, ignore, false);
        pair_reworded(&mut found, ignore, true);
    }
    found.into_iter().filter_map(Found::change).collect()
}

/// A link change, or a link only one version has, found while lining the links up.
enum Found<'l> {
    Retargeted(LinkChange),
    Lone {
        link: &'l Link,
        in_old: bool,
    },
    /// A lone link paired with one of the other version to the same page.
    Reworded,
}

impl Found<'_> {
    fn change(self) -> Option<LinkChange> {
        match self {
            Found::Retargeted(change) => Some(change),
            // A reader sees no change where an address is made a link to itself, or unlinked.
            Found::Lone { link, .. } if links_to_itself(link) => None,
            Found::Lone { link, in_old } => {
                let target = Some(link.target.clone());
                Some(LinkChange {
                    text: link.text.clone(),
                    old: if in_old { target.clone() } else { None },
                    new: if in_old { None } else { target },
                })
            }
            Found::Reworded => None,
        }
    }
}

/// How many of the new version's lone links to one page a lone old link looks through for one
/// with the same target: pairing stays linear however many links a unit has.
const SEARCHED_AHEAD: usize = 64;

/// Pairs each old lone link, in order, with the first new lone link that opens the same page
/// ([`same_target`]) and is not paired yet, and marks both [`Found::Reworded`]; links to
/// themselves only if `with_themselves`.
fn pair_reworded(found: &mut [Found], ignore: &[IgnorePattern], with_themselves: bool) {
    let pairs = |link: &Link| with_themselves || !links_to_itself(link);
    // Queues: taking one of the first few of a long queue costs no more than the few.
    let mut waiting: FastMap<String, VecDeque<usize>> = FastMap::default();
    for (i, f) in found.iter().enumerate() {
        if let Found::Lone {
            link,
            in_old: false,
        } = f
            && pairs(link)
        {
            waiting
                .entry(page_key(&link.target, ignore))
                .or_default()
                .push_back(i);
        }
    }
    if waiting.is_empty() {
        return;
    }
    for i in 0..found.len() {
        let Found::Lone { link, in_old: true } = found[i] else {
            continue;
        };
        if !pairs(link) {
            continue;
        }
        let Some(candidates) = waiting.get_mut(&page_key(&link.target, ignore)) else {
            continue;
        };
        let same = |&j: &usize| match found[j] {
            Found::Lone { link: other, .. } => same_target(&link.target, &other.target, ignore),
            _ => false,
        };
        let first = candidates.iter().take(SEARCHED_AHEAD).position(same);
        if let Some(j) = first.and_then(|k| candidates.remove(k)) {
            found[i] = Found::Reworded;
            found[j] = Found::Reworded;
        }
    }
}

/// What two targets that [`same_target`] takes for one page have in common, mostly: the target
/// after the ignore patterns, without tracking parameters and scheme, as [`Scheme::page`]
/// reads the rest; one key for all e-mail addresses (an archive's hidden address stands for any).
fn page_key(target: &str, ignore: &[IgnorePattern]) -> String {
    if is_mail(target) {
        return "mailto:".into();
    }
    let cleaned = if ignore.is_empty() {
        target.into()
    } else {
        clean(target, ignore).0
    };
    let page = without_tracking(&cleaned);
    let (scheme, from) = Scheme::of(&page);
    scheme.page(&page[from..])
}

/// Whether a target is a place on the page itself (`#section-4`): a heading's link to its own
/// anchor, a footnote's mark, a cross-reference. Where such a link leads is the policy's own
/// text, which the diff compares: one gained, lost or re-pointed (its anchor renamed, `#cookies`
/// to `#cookies-1`) says nothing more. (A link moved between the page and another is a change.)
fn in_page(target: &str) -> bool {
    target.trim_start().starts_with('#')
}

/// Whether a link's target is its own words: "privacy@example.com" to
/// `mailto:privacy@example.com`, "www.example.com" to `https://www.example.com/`, a phone
/// number to `tel:` its digits.
fn links_to_itself(link: &Link) -> bool {
    fn bare(s: &str) -> String {
        let s = s.trim().to_lowercase();
        let s = ["mailto:", "tel:", "https://", "http://"]
            .iter()
            .find_map(|scheme| s.strip_prefix(scheme))
            .unwrap_or(&s);
        s.trim_start_matches("www.")
            .trim_end_matches('/')
            .to_string()
    }
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let target = link.target.trim();
    match Scheme::of(target).0 == Scheme::Tel {
        // The same number, with or without its country code ("(800) 555-0100" to
        // `tel:+18005550100`).
        true => {
            let (a, b) = (digits(target), digits(&link.text));
            let (longer, shorter) = if a.len() >= b.len() { (a, b) } else { (b, a) };
            shorter.len() >= 7 && longer.len() - shorter.len() <= 3 && longer.ends_with(&shorter)
        }
        false => !link.text.trim().is_empty() && bare(target) == bare(&link.text),
    }
}
