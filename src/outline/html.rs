//! HTML through html5gum, a WHATWG-compliant tokenizer that reports source spans.
//!
//! `h1`–`h6` (and elements with `role="heading"`) are headings; `p`, `li`, `dd`, table rows
//! and other block elements are paragraphs (a row's cells joined by " | ", as in Markdown);
//! `<strong>`/`<b>` opening a block, or a `dt` before its `dd`, is a label; a `details`'s
//! `summary` is a heading; two `<br>` end a paragraph; a list in a table's cell is lines of it.
//! Title lines and numbered entries holding sections are headings as in Markdown (see
//! `navigation`). Skipped: `script`, `style`, `nav`, `noscript`, `template`, `dialog`; the
//! page's `header`, `footer` and `aside` (those of an `article`, `section` or `main` are the
//! policy's own), but a banner holding the page's `h1` is read from there on; the page's chrome
//! by its role (a cookie banner's `dialog`, `banner`, `navigation`, …) or by a name (consent
//! managers', `div#header`, `.menu`, …); hidden elements (`hidden`, `aria-hidden="true"`,
//! `display:none`), but an accordion's collapsed panels; tables of contents and "skip to
//! content" links. Entities are decoded; offsets still point at the source.

use std::collections::{BTreeMap, HashSet};

use html5gum::{DefaultEmitter, HtmlString, Spanned, Token, Tokenizer};

use super::block_builder::BlockBuilder;
use super::navigation::{
    ListPlaces, ListedBlock, drop_tables_of_contents, promote_entry_titles, promote_title_line,
    promote_title_lines, settle_list_labels,
};
use super::{Block, BlockKind, MappedTextBuilder, OutlineSettings};

/// A start tag's attributes, as the tokenizer gives them.
type Attributes = BTreeMap<HtmlString, Spanned<HtmlString>>;

const SKIPPED: &[&str] = &[
    "script", "style", "nav", "noscript", "template", "svg", "head", "title", "select", "button",
    "iframe", "object", "dialog",
];

/// The page's own banner, footer and sidebar, unless inside one of [`SECTIONING`].
const PAGE_PARTS: &[&str] = &["header", "footer", "aside"];

/// Elements whose header, footer and asides are their content's, not the page's.
const SECTIONING: &[&str] = &["article", "section", "main"];

/// ARIA roles of page chrome around a policy, wherever it is: menus, cookie dialogs.
const CHROME_ROLES: &[&str] = &[
    "alertdialog",
    "dialog",
    "menu",
    "menubar",
    "navigation",
    "search",
];

/// Page chrome named by an id or class (lower case, a whole name or its start): the cookie
/// banners of the common consent managers (many carry no role, or `region`), text only screen
/// readers hear, a CMS's edit link, share buttons, breadcrumbs, a table-of-contents plugin.
const CHROME_NAMES: &[&str] = &[
    "onetrust",
    "optanon",
    "ot-sdk",
    "cybotcookiebot",
    "cookiebot",
    "cky-consent",
    "cookieyes",
    "cookie-law-info",
    "cc-window",
    "cc-banner",
    "cookie-notice-container",
    "cookie-banner",
    "cookieconsent",
    "cookie-bar",
    "gdpr-cookie",
    "moove_gdpr",
    "cmplz-cookiebanner",
    "truste-",
    "truste_",
    "didomi",
    "usercentrics",
    "qc-cmp",
    "osano-cm",
    "iubenda-cs",
    "screen-reader-text",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "post-edit-link",
    "edit-link",
    "sharedaddy",
    "sd-sharing",
    "share-buttons",
    "social-share",
    "addtoany",
    "a2a_kit",
    "breadcrumb",
    "yoast-breadcrumb",
    "rank-math-breadcrumb",
    "ez-toc",
    "table-of-contents",
    // A help centre's article (Zendesk's): its byline ("Updated 3 months ago"), votes, and
    // the links around it, which change on every download.
    "article-meta",
    "article-author",
    "article-votes",
    "article-more-questions",
    "article-relatives",
    "article-return-to-top",
    "related-articles",
    "recent-articles",
];

/// Page chrome named by an id or class as a whole: the banner, menus and footer of pages laid
/// out with `div`s ("header" names no "header-title").
const CHROME_WHOLE_NAMES: &[&str] = &[
    "header",
    "site-header",
    "masthead",
    "footer",
    "site-footer",
    "colophon",
    "navbar",
    "menu",
    "main-menu",
    "sidebar",
];

/// Names of the page's banner among [`CHROME_WHOLE_NAMES`]: a heading in it is the page's title.
const BANNER_NAMES: &[&str] = &["header", "site-header", "masthead"];

/// Words that, with "cookie" or "gdpr" in the same id or class, name a consent banner
/// ("cookie-popup", "gdpr-banner", "cookieModal"); "consent" with any of the others too
/// ("consent-banner"). Not "notice" nor "policy": a policy's own cookie notice may be named so.
const CONSENT_BANNER_WORDS: &[&str] = &["consent", "banner", "popup", "modal", "dialog", "overlay"];

/// Whether an id or class (lower case) names a cookie consent banner (see
/// [`CONSENT_BANNER_WORDS`]).
fn names_consent_banner(name: &str) -> bool {
    let topic = ["cookie", "gdpr"].iter().any(|t| name.contains(t));
    let banner = |words: &[&str]| words.iter().any(|w| name.contains(w));
    (topic && banner(CONSENT_BANNER_WORDS))
        || (name.contains("consent") && banner(&CONSENT_BANNER_WORDS[1..]))
}

/// The lower-case ids and classes of an element. A heading's id, and a section's or article's,
/// is its anchor, made from its words by pandoc, Jekyll or Hugo ("table-of-contents",
/// "cookie-consent"): it names no chrome. Their classes still may ("sr-only").
fn chrome_names(name: &str, attributes: &Attributes) -> Vec<String> {
    let anchored = HEADINGS.contains(&name) || matches!(name, "section" | "article");
    let id = if anchored {
        None
    } else {
        attr(attributes, "id")
    };
    [id, attr(attributes, "class")]
        .iter()
        .flatten()
        .flat_map(|v| {
            v.split_whitespace()
                .map(str::to_ascii_lowercase)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether an element's id, classes or label name it as [`CHROME_NAMES`] do, or as a consent
/// banner, or (a `div`'s) as [`CHROME_WHOLE_NAMES`] do, or its label says it is a cookie banner
/// or breadcrumbs ("Cookie banner", not a policy's "Cookies" section). A table's head row is
/// no page's header (pandoc's `<tr class="header">`).
fn is_named_chrome(
    element: &str,
    names: &[String],
    attributes: &Attributes,
    in_sectioning: bool,
) -> bool {
    // Only a container outside the policy's own parts is a banner or a page's header by
    // these names: not the page itself ("body.cookie-consent-pending", a state), not a link
    // or a span in running text, not a card's header inside `main`.
    let container = matches!(element, "div" | "aside" | "section" | "dialog") && !in_sectioning;
    let named = names.iter().any(|n| {
        CHROME_NAMES.iter().any(|c| n.starts_with(c))
            || (container && element == "div" && CHROME_WHOLE_NAMES.contains(&n.as_str()))
            || (container && names_consent_banner(n))
    });
    let label = attr(attributes, "aria-label").map(|l| l.to_lowercase());
    let labelled = label.is_some_and(|l| {
        l.contains("breadcrumb")
            || (l.contains("cookie")
                && ["banner", "consent", "notice", "preferences"]
                    .iter()
                    .any(|w| l.contains(w)))
    });
    named || labelled
}

const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// ARIA roles of the page's banner, footer and sidebar: skipped as [`PAGE_PARTS`] are.
const PAGE_ROLES: &[&str] = &["banner", "complementary", "contentinfo"];

/// ARIA roles that make an element one of [`SECTIONING`].
const SECTIONING_ROLES: &[&str] = &["article", "main", "region"];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

const BLOCKS: &[&str] = &[
    "p",
    "li",
    "dt",
    "dd",
    "tr",
    "div",
    "section",
    "article",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "dl",
    "main",
    "aside",
    "figure",
    "figcaption",
    "address",
    "details",
    "summary",
    "body",
    "form",
    "fieldset",
    "caption",
    "thead",
    "tbody",
];

pub(crate) fn blocks(text: &str, settings: &OutlineSettings) -> Vec<Block> {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Script and style content is raw text, as a browser reads it.
    emitter.naively_switch_states(true);
    let mut out: Vec<ListedBlock> = Vec::new();
    let mut pending = BlockBuilder::default();
    let mut last_level = 1u8;
    let mut open: Vec<Open> = Vec::new();
    // How many open elements hide their content.
    let mut hidden = 0usize;
    // The open lists, each by its number in the document.
    let (mut lists, mut list_count) = (Vec::new(), 0usize);
    // Whether each open list is numbered; where the blocks stand in lists, as the Markdown
    // reader keeps it; the depth of the last token, and whether it ended an entry.
    let mut numbered: Vec<bool> = Vec::new();
    let mut places = ListPlaces::default();
    let (mut depth, mut entry_ended) = (0, false);
    let mut table_count = 0usize;
    // While an element with the role of a heading is open: how many elements were open, it
    // included, when it opened.
    let mut role_heading: Option<usize> = None;
    // A banner taken back for its title (see below): its place among the open elements, and
    // the block its title is.
    let mut banner_title: Option<(usize, usize)> = None;
    // The ids of collapsed panels an accordion's headings open (see [`is_panel`]).
    let mut panels: HashSet<String> = HashSet::new();
    // The level of the last `h1`–`h6` (a `summary` heads a section one below it).
    let mut marked_level = 0u8;
    // Where the last `<br>` ended (see the `br` arm).
    let mut last_break: Option<usize> = None;
    // A `dt` just ended: its `dd` continues its block.
    let mut after_term = false;
    // Empty headings (`<h3></h3>`, then the title as a paragraph, as Snapchat's pages are
    // rendered): the place of the block after each, and the heading's level.
    let mut after_empty_heading: Vec<(usize, u8)> = Vec::new();
    let flush =
        |p: &mut BlockBuilder, out: &mut Vec<ListedBlock>, lists: &[usize], last_level: &mut u8| {
            p.follows(out.last().map(|b| &b.done));
            if let Some(done) = std::mem::take(p).finish(settings, last_level) {
                out.push(ListedBlock {
                    done,
                    list: lists.last().copied(),
                });
            }
        };
    for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
        // The blocks the last token finished were read at its depth.
        places.read(out.len(), depth, entry_ended);
        entry_ended = matches!(&token, Token::EndTag(t) if t.name.eq_ignore_ascii_case(b"li"));
        depth = lists.len();
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                // The first of its roles is the one a browser takes.
                let role = attr(&tag.attributes, "role")
                    .and_then(|r| r.split_whitespace().next().map(str::to_ascii_lowercase));
                let role = role.as_deref().unwrap_or("");
                let in_sectioning = open.iter().any(|o| o.sectioning);
                // An accordion's heading holds the button that opens its section: the button's
                // words are the heading's. One after the heading's words is the page's ("Privacy
                // Policy <button>Print</button>").
                let opens_heading = || {
                    (role_heading.is_some()
                        || open.iter().any(|o| HEADINGS.contains(&o.name.as_str())))
                        && pending.is_empty()
                };
                if opens_heading() || role_heading.is_some() {
                    let controls = attr(&tag.attributes, "aria-controls").unwrap_or_default();
                    panels.extend(controls.split_whitespace().map(str::to_string));
                }
                let names = chrome_names(&name, &tag.attributes);
                let page_part = (PAGE_PARTS.contains(&name.as_str()) || PAGE_ROLES.contains(&role))
                    && !in_sectioning;
                let banner = ((page_part && (name == "header" || role == "banner"))
                    || (name == "div"
                        && !in_sectioning
                        && names.iter().any(|n| BANNER_NAMES.contains(&n.as_str()))))
                    && !is_concealed(&tag.attributes);
                let hides = (SKIPPED.contains(&name.as_str())
                    && !(name == "button" && opens_heading()))
                    || page_part
                    || CHROME_ROLES.contains(&role)
                    || is_named_chrome(&name, &names, &tag.attributes, in_sectioning)
                    || (is_concealed(&tag.attributes)
                        && !(matches!(name.as_str(), "div" | "section" | "dd")
                            && is_panel(&names, &tag.attributes, &panels)));
                // A banner's `h1` is the page's title (a hero holding the title, the date and
                // an introduction): the banner is read from there on, its logo and menus
                // before it are not.
                if name == "h1" && hidden > 0 && open.iter().filter(|o| o.hides).all(|o| o.banner) {
                    let outer = open.iter().position(|o| o.hides).unwrap_or_default();
                    open.iter_mut().for_each(|o| o.hides = false);
                    hidden = 0;
                    flush(&mut pending, &mut out, &lists, &mut last_level);
                    banner_title = Some((outer, out.len()));
                }
                let span = tag.span.start..tag.span.end;
                // `<dt>` may go unclosed: a `dd` ends it.
                if name == "dd" && hidden == 0 && open.last().is_some_and(|o| o.name == "dt") {
                    open.pop();
                    pending.end_strong();
                    pending.line_break(span.clone());
                    after_term = true;
                }
                if !VOID.contains(&name.as_str()) && !tag.self_closing {
                    hidden += usize::from(hides);
                    open.push(Open {
                        banner: hides && banner,
                        sectioning: SECTIONING.contains(&name.as_str())
                            || SECTIONING_ROLES.contains(&role),
                        name: name.clone(),
                        hides,
                        list: false,
                        table: (name == "table").then(|| {
                            table_count += 1;
                            table_count
                        }),
                    });
                }
                if hidden > 0 {
                    continue;
                }
                // `<div role="heading" aria-level="2">`: a heading as a screen reader reads it,
                // until the element ends, whatever blocks it holds.
                if role == "heading" && !VOID.contains(&name.as_str()) && !tag.self_closing {
                    flush(&mut pending, &mut out, &lists, &mut last_level);
                    let level = attr(&tag.attributes, "aria-level").and_then(|l| l.parse().ok());
                    pending.heading = Some(level.filter(|l| (1..=6).contains(l)).unwrap_or(2));
                    role_heading = Some(open.len());
                    continue;
                }
                if role_heading.is_some() && is_structure(&name) {
                    continue;
                }
                match name.as_str() {
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        flush(&mut pending, &mut out, &lists, &mut last_level);
                        pending.heading = name[1..].parse().ok();
                        marked_level = pending.heading.unwrap_or(marked_level);
                    }
                    // A disclosure's summary heads what it discloses: one level below the
                    // heading marked up before it.
                    "summary"
                        if open
                            .iter()
                            .rev()
                            .nth(1)
                            .is_some_and(|o| o.name == "details") =>
                    {
                        flush(&mut pending, &mut out, &lists, &mut last_level);
                        pending.heading = Some((marked_level + 1).min(6));
                    }
                    // A term and its description: an item labelled by the term.
                    "dd" if after_term && !pending.is_empty() => after_term = false,
                    // A list in a table's cell is lines of the cell, each entry bulleted, as
                    // Markdown writes one ("We log:<br>* queries"): the row goes on.
                    "ul" | "ol" if in_table_cell(&open) => {}
                    "li" if in_table_cell(&open) => {
                        pending.line_break(span.clone());
                        pending.text.push_replacement("\u{2022} ", span);
                    }
                    "li" | "dt" | "dd" => {
                        flush(&mut pending, &mut out, &lists, &mut last_level);
                        pending.in_list_item = true;
                        after_term = false;
                        if name == "li" {
                            places.entry_opens(numbered.last() == Some(&true), out.len());
                        }
                        if name == "dt" {
                            pending.start_strong();
                        }
                    }
                    "ul" | "ol" => {
                        flush(&mut pending, &mut out, &lists, &mut last_level);
                        list_count += 1;
                        lists.push(list_count);
                        numbered.push(name == "ol");
                        if let Some(o) = open.last_mut() {
                            o.list = true;
                        }
                    }
                    // A paragraph (or a `div` standing for one) opening a list entry is the
                    // entry's own text (as in Markdown, where a loose list's entries are
                    // paragraphs).
                    "p" | "div" if pending.in_list_item && pending.is_empty() => {}
                    // A paragraph in a table's cell is a line of the cell, as `<br>` is in
                    // Markdown: the row goes on.
                    "p" | "div" if in_table_cell(&open) && !pending.is_empty() => {
                        pending.line_break(span)
                    }
                    "p" | "div" if in_table_cell(&open) => {}
                    "strong" | "b" => pending.start_strong(),
                    // A browser shows a quotation's marks.
                    "q" => pending.text.push_replacement("\u{201c}", span),
                    "a" => pending.start_link(&attr(&tag.attributes, "href").unwrap_or_default()),
                    // Two line breaks with nothing between end a paragraph, as a browser shows
                    // them (pages written without `<p>`); in a table's cell they are lines.
                    "br" if !in_table_cell(&open)
                        && pending.heading.is_none()
                        && role_heading.is_none()
                        && last_break.is_some_and(|end| {
                            text.get(end..span.start)
                                .is_some_and(|g| g.trim().is_empty())
                        }) =>
                    {
                        flush(&mut pending, &mut out, &lists, &mut last_level)
                    }
                    "br" => {
                        last_break = Some(span.end);
                        pending.line_break(span)
                    }
                    // A row's cells are read as Markdown reads a table's: "A | B" (a row of
                    // links is a row, not one link).
                    "td" | "th" => {
                        if pending.is_empty() {
                            pending.text.push_space(span.clone());
                        }
                        // A cell of the table's head names a column, as a `th` does.
                        let in_head = (open.iter().rev())
                            .take_while(|o| o.table.is_none())
                            .any(|o| o.name == "thead");
                        pending.table = open.iter().rev().find_map(|o| o.table);
                        pending.cell_opens(span.start, name == "th" || in_head);
                    }
                    "img"
                        if (pending.image_in_word(
                            &attr(&tag.attributes, "alt").unwrap_or_default(),
                            text,
                            span.clone(),
                        )) => {}
                    "hr" | "img" => pending.text.push_space(span),
                    n if BLOCKS.contains(&n) => {
                        flush(&mut pending, &mut out, &lists, &mut last_level)
                    }
                    _ => {}
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                match open.iter().rposition(|o| o.name == name) {
                    Some(pos) => {
                        // Closed with it: elements left open inside it, and the lists among
                        // them (after their last entry is done).
                        let in_hidden = open[..=pos].iter().any(|o| o.hides);
                        let closed_lists = open[pos..].iter().filter(|o| o.list).count();
                        if closed_lists > 0 {
                            flush(&mut pending, &mut out, &lists, &mut last_level);
                            lists.truncate(lists.len().saturating_sub(closed_lists));
                            numbered.truncate(lists.len());
                        }
                        hidden -= open[pos..].iter().filter(|o| o.hides).count();
                        open.truncate(pos);
                        // A banner whose title is a link is the site's logo and menus after
                        // all ("<h1><a href="/">Acme</a></h1>").
                        if let Some((_, from)) = banner_title.filter(|&(outer, _)| pos <= outer) {
                            flush(&mut pending, &mut out, &lists, &mut last_level);
                            // (A logo of an image alone leaves no heading at all.)
                            let title = out.get(from).filter(|b| {
                                matches!(b.done.block.kind, BlockKind::Heading { .. })
                                    && b.done.only_link.is_none()
                            });
                            if title.is_none() {
                                out.truncate(from);
                                places.take_back(from);
                                after_empty_heading.retain(|&(at, _)| at < from);
                            }
                            banner_title = None;
                        }
                        if role_heading.is_some_and(|at| pos < at) {
                            role_heading = None;
                            flush(&mut pending, &mut out, &lists, &mut last_level);
                            continue;
                        }
                        if in_hidden {
                            continue;
                        }
                    }
                    // "</br>" is read as "<br>" by browsers.
                    None if name == "br" && hidden == 0 => {
                        pending.line_break(tag.span.start..tag.span.end);
                        continue;
                    }
                    None => continue,
                }
                if hidden > 0 || (role_heading.is_some() && is_structure(&name)) {
                    continue;
                }
                match name.as_str() {
                    "strong" | "b" => pending.end_strong(),
                    "q" => {
                        (pending.text).push_replacement("\u{201d}", tag.span.start..tag.span.end)
                    }
                    "a" => pending.end_link(),
                    "dt" => {
                        pending.end_strong();
                        pending.line_break(tag.span.start..tag.span.end);
                        after_term = true;
                    }
                    "p" | "div" | "ul" | "ol" | "li" if in_table_cell(&open) => {}
                    // An empty heading, or one holding only its permalink mark ("#", "¶").
                    n if HEADINGS.contains(&n)
                        && !pending.text.text().chars().any(char::is_alphanumeric) =>
                    {
                        if let Some(level) = pending.heading.take() {
                            after_empty_heading.push((out.len(), level));
                        }
                        pending = BlockBuilder::default();
                    }
                    n if is_structure(n) => flush(&mut pending, &mut out, &lists, &mut last_level),
                    _ => {}
                }
            }
            Token::String(s) if hidden == 0 => {
                let decoded = String::from_utf8_lossy(&s.value);
                pending.saw_text(&decoded);
                let raw = text.get(s.span.start..s.span.end).unwrap_or("");
                let source = text.get(s.span.start..).unwrap_or_default();
                let (taken, from) = pending.line_bullet(&decoded, source, s.span.start);
                push_decoded(
                    &mut pending.text,
                    raw.get(from..).unwrap_or_default(),
                    s.span.start + from,
                    &decoded[taken..],
                );
            }
            _ => {}
        }
    }
    places.read(out.len(), depth, entry_ended);
    flush(&mut pending, &mut out, &lists, &mut last_level);
    places.read(out.len(), lists.len(), false);
    for (at, level) in after_empty_heading {
        promote_title_line(&mut out, at, level, settings);
    }
    let bold = |block: &Block| opens_in_bold(text, block.text.original_start(0));
    promote_entry_titles(&mut out, &places, bold, settings);
    promote_title_lines(&mut out, settings);
    settle_list_labels(&mut out);
    drop_tables_of_contents(out)
}

/// Whether an element is hidden from the reader: `hidden`, `aria-hidden="true"`, or a style
/// that hides it or marks Word's list marker ("·" in Symbol, then spaces, which a browser shows
/// for a bullet: its text is no word of the entry).
fn is_concealed(attributes: &Attributes) -> bool {
    attributes.keys().any(|k| k.as_slice() == b"hidden")
        || attr(attributes, "aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || attr(attributes, "style").is_some_and(|v| {
            let v: String = (v.chars())
                .filter(|c| !c.is_whitespace())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            v.contains("display:none")
                || v.contains("visibility:hidden")
                || v.contains("mso-list:ignore")
        })
}

/// Whether a hidden element is an accordion's collapsed panel, which is policy text a click
/// away: opened by a button in a heading (its id among `panels`, their `aria-controls`), found
/// by the browser's search (`hidden="until-found"`), or named a collapsible panel
/// ("collapse", "accordion-…").
fn is_panel(names: &[String], attributes: &Attributes, panels: &HashSet<String>) -> bool {
    attr(attributes, "id").is_some_and(|id| panels.contains(&id))
        || attr(attributes, "hidden").is_some_and(|v| v.eq_ignore_ascii_case("until-found"))
        || (names.iter()).any(|n| n.starts_with("collapse") || n.starts_with("accordion"))
}

/// Whether the text at `at` opens right after a `<strong>` or `<b>` tag.
fn opens_in_bold(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or_default().trim_end();
    let tag = (before.strip_suffix('>'))
        .and_then(|b| b.rsplit_once('<'))
        .map_or("", |(_, tag)| tag);
    let name = tag.split(|c: char| c.is_whitespace()).next().unwrap_or("");
    name.eq_ignore_ascii_case("strong") || name.eq_ignore_ascii_case("b")
}

/// An open element.
struct Open {
    name: String,
    /// It hides its content (see [`blocks`]).
    hides: bool,
    /// It hides its content as the page's banner, until a title in it.
    banner: bool,
    /// Its header, footer and asides are its own (see [`SECTIONING`]).
    sectioning: bool,
    /// It opened one of the lists whose entries may be a table of contents.
    list: bool,
    /// It is a table: its number in the document.
    table: Option<usize>,
}

/// Whether the innermost table open has a cell open: the elements open inside the table.
fn in_table_cell(open: &[Open]) -> bool {
    (open.iter().rev())
        .take_while(|o| o.table.is_none())
        .any(|o| matches!(o.name.as_str(), "td" | "th"))
}

/// Elements that start or end a block: headings, list entries, paragraphs and the like.
fn is_structure(name: &str) -> bool {
    BLOCKS.contains(&name)
        || matches!(name, "li" | "dt" | "dd")
        || (name.len() == 2 && name.starts_with('h') && name.as_bytes()[1].is_ascii_digit())
}

fn attr(attributes: &Attributes, name: &str) -> Option<String> {
    attributes
        .iter()
        .find(|(k, _)| k.as_slice().eq_ignore_ascii_case(name.as_bytes()))
        // As written: a link's address is case-sensitive past its host.
        .map(|(_, v)| String::from_utf8_lossy(&v.value).trim().to_string())
}

/// Pushes text that stands between tags outside an HTML document (raw HTML in Markdown), its
/// entities decoded as a browser decodes them.
pub(crate) fn push_text_between_tags(builder: &mut MappedTextBuilder, raw: &str, start: usize) {
    if !raw.contains('&') {
        builder.push_source(raw, start);
        return;
    }
    let decoded: String = (Tokenizer::new(raw).flatten())
        .filter_map(|token| match token {
            Token::String(s) => Some(String::from_utf8_lossy(&s.value).into_owned()),
            _ => None,
        })
        .collect();
    push_decoded(builder, raw, start, &decoded);
}

/// Pushes decoded text, keeping offsets exact where it equals its source and mapping each
/// entity (or CR dropped by the tokenizer) to the source bytes it came from.
fn push_decoded(builder: &mut MappedTextBuilder, raw: &str, start: usize, decoded: &str) {
    if raw == decoded {
        builder.push_source(raw, start);
        return;
    }
    let mut r = 0;
    let mut d = 0;
    // Source text that equals its decoding is pushed in runs, so NFC sees whole clusters.
    let mut run_start = 0;
    let flush_run = |builder: &mut MappedTextBuilder, from: usize, to: usize| {
        if from < to {
            builder.push_source(&raw[from..to], start + from);
        }
    };
    while r < raw.len() && d < decoded.len() {
        let rc = raw[r..].chars().next().unwrap_or(' ');
        let dc = decoded[d..].chars().next().unwrap_or(' ');
        let entity =
            rc == '&' && raw[r + 1..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '#');
        if rc == dc && !entity {
            r += rc.len_utf8();
            d += dc.len_utf8();
            continue;
        }
        flush_run(builder, run_start, r);
        if rc == '\r' {
            builder.push_space(start + r..start + r + 1);
            r += 1;
        } else if entity {
            // The entity runs to its ';' (or the end of its name); what it decodes to runs until
            // the decoded text meets the source again (the tokenizer turns CRLF into LF, so a CR
            // is looked past).
            let end = r + entity_len(&raw[r..]);
            let next = raw[end..].trim_start_matches('\r').chars().next();
            let mut dend = d + dc.len_utf8();
            if next == Some('&') {
                // Another entity follows: this one decoded to one character.
            } else if let Some(next) = next {
                while dend < decoded.len() && !decoded[dend..].starts_with(next) {
                    dend += decoded[dend..].chars().next().map_or(1, char::len_utf8);
                }
            } else {
                dend = decoded.len();
            }
            builder.push_replacement(&decoded[d..dend], start + r..start + end);
            r = end;
            d = dend;
        } else {
            // Out of step (should not happen): map the rest of the text as one piece.
            builder.push_replacement(&decoded[d..], start + r..start + raw.len());
            return;
        }
        run_start = r;
    }
    flush_run(builder, run_start, r);
    if d < decoded.len() {
        builder.push_replacement(&decoded[d..], start + r..start + raw.len());
    }
}

/// The length of the character reference `text` opens with (`&` and the reference's `;` if
/// it has one): `&#8226;`, `&#x2022`, `&bull;`. A numeric one ends with its digits ("&#8226word"
/// is "•word"); a named one without `;` is taken to run over its letters and digits.
pub(crate) fn entity_len(text: &str) -> usize {
    let name = &text.as_bytes()[1.min(text.len())..];
    let len = match name {
        [b'#', b'x' | b'X', hex @ ..] => {
            2 + hex.iter().take_while(|b| b.is_ascii_hexdigit()).count()
        }
        [b'#', digits @ ..] => 1 + digits.iter().take_while(|b| b.is_ascii_digit()).count(),
        _ => name
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count(),
    };
    1 + len + usize::from(name.get(len) == Some(&b';'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(html: &str) -> Vec<String> {
        crate::outline::describe(blocks(html, &OutlineSettings::default()))
    }

    /// As in Markdown: in a list of one sentence an entry, an entry's plain first sentence opens
    /// no item.
    #[test]
    fn a_lone_plain_label_among_entries_of_one_sentence_is_a_sentence() {
        let got = parse(
            "<ul><li>Service providers.</li><li>Partners. Publicly-available sources.</li></ul>",
        );
        assert_eq!(
            got,
            [
                "P Service providers.",
                "P Partners. Publicly-available sources."
            ]
        );
        let got = parse("<ul><li>Partners. Publicly-available sources.</li></ul>");
        assert_eq!(got, ["L[Partners] Publicly-available sources."]);
    }

    /// As in Markdown: a bullet glyph, or an entity of one, opening a line of a cell reads as
    /// "•"; one inside a line is text.
    #[test]
    fn a_bullet_opening_a_line_reads_as_one_bullet() {
        let got = parse(
            "<table><tr><td>Usage</td><td>* one<br>&#9702; two<br/>&bull;&nbsp;three<br>- four - five</td></tr></table>",
        );
        assert_eq!(
            got,
            ["L[Usage] \u{2022} one \u{2022} two \u{2022} three \u{2022} four - five"]
        );
        let kept = parse("<table><tr><td>-</td><td>x</td></tr></table><p>* Only in the EU.</p>");
        assert_eq!(kept, ["P - | x", "P * Only in the EU."]);
    }

    #[test]
    fn a_character_reference_ends_where_its_kind_says() {
        for (text, len) in [
            ("&bull; x", 6),
            ("&#8226;x", 7),
            ("&#8226word", 6),
            ("&#x2022AB;", 10),
            ("&#x2022Z", 7),
            ("&#X25e6 x", 7),
            ("&amp", 4),
            ("&", 1),
        ] {
            assert_eq!(entity_len(text), len, "{text}");
        }
        // Text after a reference without its ';' maps to itself.
        let b = blocks("<p>&#8226word</p>", &OutlineSettings::default());
        let text = &b[0].text;
        assert_eq!(text.text, "\u{2022}word");
        assert_eq!(text.original_range(3..7), 9..13);
    }

    #[test]
    fn headings_labels_and_skipped_elements() {
        let got = parse(
            "<html><head><title>x</title><style>p{}</style></head><body><nav><a href=#a>Menu</a></nav>\
             <h2>What We Collect</h2><p>Intro &amp; more.</p><ul><li><strong>Advertising.</strong> We show ads.</li>\
             <li hidden>secret</li></ul><script>var a = '<p>no</p>';</script><footer>foot</footer></body></html>",
        );
        assert_eq!(
            got,
            [
                "H2 What We Collect",
                "P Intro & more.",
                "L[Advertising] We show ads."
            ]
        );
    }

    #[test]
    fn the_page_chrome_is_skipped_and_an_articles_header_is_read() {
        let got = parse(
            "<body><a href=\"#main\">Skip to content</a>\
             <div role=\"dialog\" aria-label=\"Cookies\"><p>We and our 842 partners use cookies.</p></div>\
             <header><p>Acme</p><div role=\"menubar\">About Careers</div></header>\
             <main id=\"main\"><article><header><h1>Privacy Policy</h1><p>Last updated: May 1.</p></header>\
             <p>On this page</p><ul><li><a href=\"#collect\">What we collect</a></li><li><a href=\"#share\">Sharing</a></li></ul>\
             <section><header><h2 id=\"collect\">What we collect</h2></header><p>Your name.</p>\
             <aside><p>Tip: you can ask for a copy.</p></aside><footer><p>Questions? Write to us.</p></footer></section>\
             </article></main><aside><h2>Need help?</h2></aside><footer>Copyright</footer></body>",
        );
        assert_eq!(
            got,
            [
                "H1 Privacy Policy",
                "P Last updated: May 1.",
                "P On this page",
                "H2 What we collect",
                "P Your name.",
                "P Tip: you can ask for a copy.",
                "P Questions? Write to us."
            ]
        );
    }

    /// Snapchat's pages as rendered: an empty heading, then the title as a paragraph of its
    /// own, the heading the Markdown reader finds there too. A sentence after one stays prose.
    #[test]
    fn a_title_line_after_an_empty_heading_is_that_heading() {
        let got = parse(
            "<p>Intro paragraph.</p><h3></h3><p>How We Use Information</p>\
             <p>We use it to run our services.</p><h3> </h3><p>We keep it for a year.</p>\
             <h3 id=\"c\"><a class=\"anchor\" href=\"#c\">#</a></h3><p>Control Over Your Data</p>\
             <p>You can delete it.</p>",
        );
        assert_eq!(
            got,
            [
                "P Intro paragraph.",
                "H3 How We Use Information",
                "P We use it to run our services.",
                "P We keep it for a year.",
                "H3 Control Over Your Data",
                "P You can delete it.",
            ]
        );
    }

    #[test]
    fn title_lines_of_a_long_page_without_headings_are_headings_as_in_markdown() {
        let mut html = "<h1>Privacy Policy</h1>".to_string();
        for topic in [
            "Names",
            "Emails",
            "Cookies",
            "Devices",
            "Payments",
            "Locations",
        ] {
            html += &format!("<p>What We Do With {topic}</p><p>We use them. We keep them.</p>");
        }
        html += "<ul><li>A List Entry</li></ul><p>Merrion Road</p><p>Dublin Ireland</p>";
        let got = parse(&html);
        let first = [
            "H1 Privacy Policy",
            "H2 What We Do With Names",
            "P We use them. We keep them.",
        ];
        assert_eq!(got[..3], first);
        for kept in ["P A List Entry", "P Merrion Road", "P Dublin Ireland"] {
            assert!(got.contains(&kept.to_string()), "{kept}: {got:?}");
        }
        let short = parse("<p>What We Do With Data</p><p>We use data.</p>");
        assert_eq!(short, ["P What We Do With Data", "P We use data."]);
    }

    /// Roblox's notice of 2026 as a browser gets it: numbered entries that open with a title
    /// and hold a section are headings, as in Markdown; bold titles and short points are not.
    #[test]
    fn numbered_entries_that_hold_sections_open_them_as_in_markdown() {
        let entry = |title: &str, paragraphs: usize| {
            let body: String = (0..paragraphs)
                .map(|k| format!("<p>Paragraph {k} of {title}.</p>"))
                .collect();
            format!("<li><p>{title}</p>{body}</li>")
        };
        let list = |entries: &[(&str, usize)]| {
            let entries: String = entries.iter().map(|&(t, n)| entry(t, n)).collect();
            format!("<p>Effective today.</p><ol>{entries}</ol>")
        };
        let sections = [
            ("Welcome to the Policy", 3),
            ("Are you Under 13?", 4),
            ("Policy Changes", 1),
        ];
        let got = parse(&list(&sections));
        let headings: Vec<&String> = got.iter().filter(|b| b.starts_with('H')).collect();
        let expected = [
            "H1 Welcome to the Policy",
            "H1 Are you Under 13?",
            "H1 Policy Changes",
        ];
        assert_eq!(headings, expected, "{got:?}");
        assert_eq!(got[2], "P Paragraph 0 of Welcome to the Policy.");
        let bold = list(&sections).replace("<li><p>", "<li><p><strong>");
        let bold = bold
            .replace("?</p>", "?</strong></p>")
            .replace("y</p>", "y</strong></p>");
        let bold = bold.replace("Changes</p>", "Changes</strong></p>");
        assert!(
            parse(&bold).iter().all(|b| !b.starts_with('H')),
            "{:?}",
            parse(&bold)
        );
        let points = list(&[("Access", 1), ("Deletion", 2)]);
        assert!(
            parse(&points).iter().all(|b| !b.starts_with('H')),
            "{:?}",
            parse(&points)
        );
        // An empty last entry opens nothing after its list.
        let empty = parse(
            "<ol><li>Opt out.</li><li></li></ol><p>Contact Us</p><p>A.</p><p>B.</p><p>C.</p>",
        );
        assert!(empty.iter().all(|b| !b.starts_with('H')), "{empty:?}");
        let unnumbered = list(&sections).replace("ol>", "ul>");
        assert!(parse(&unnumbered).iter().all(|b| !b.starts_with('H')));
    }

    /// An accordion: each heading holds the button that opens its section. Buttons elsewhere
    /// are the page's controls.
    #[test]
    fn a_button_in_a_heading_is_its_words() {
        let got = parse(
            "<h1>Privacy</h1><p>Intro.</p>\
             <h2><button aria-expanded=\"false\">How we <em>use</em> data</button></h2>\
             <p>We use data to run the service.</p>\
             <div role=\"heading\" aria-level=\"3\"><button>Sharing</button></div><p>None.</p>\
             <p><button>Manage cookie settings</button></p>\
             <h2>What we collect <button aria-label=\"Copy link\">Copy link</button></h2>",
        );
        assert_eq!(
            got,
            [
                "H1 Privacy",
                "P Intro.",
                "H2 How we use data",
                "P We use data to run the service.",
                "H3 Sharing",
                "P None.",
                "H2 What we collect",
            ]
        );
    }

    #[test]
    fn terms_label_their_descriptions_and_aria_headings_are_headings() {
        let got = parse(
            "<div role=\"heading\" aria-level=\"2\">What We Collect</div>\
             <dl><dt>Account data</dt>\n<dd>Your name and e-mail.</dd>\
             <dt><b>Usage data</b></dt><dd>Pages you visit.</dd><dd>A second description.</dd></dl>\
             <span role=\"heading\" aria-level=\"9\">Sharing</span><p>We share nothing.</p>",
        );
        assert_eq!(
            got,
            [
                "H2 What We Collect",
                "L[Account data] Your name and e-mail.",
                "L[Usage data] Pages you visit.",
                "P A second description.",
                "H2 Sharing",
                "P We share nothing."
            ]
        );
    }

    #[test]
    fn structure_inside_headings_hidden_parts_and_implied_ends() {
        // A heading role holding paragraphs; a hidden list inside an entry (its end is not the
        // outer list's); a term whose end tag is left out.
        let got = parse(
            "<div role=\"heading\" aria-level=\"2\"><p>Sharing</p></div><p>We share nothing.</p>\
             <ul><li>We share data with service providers.<ul role=\"menu\"><li>x</li></ul></li>\
             <li><a href=\"#partners\">Our partners</a></li></ul>\
             <dl><dt>Account data<dd>Your name.</dl>",
        );
        assert_eq!(
            got,
            [
                "H2 Sharing",
                "P We share nothing.",
                "P We share data with service providers.",
                "P Our partners",
                "L[Account data] Your name."
            ]
        );
    }

    #[test]
    fn a_main_role_keeps_its_header_and_sidebar_and_a_row_of_links_is_kept() {
        let got = parse(
            "<div role=\"main\"><header role=\"banner\"><h1>Privacy</h1></header>\
             <aside role=\"complementary note\"><p>In short: we sell nothing.</p></aside>\
             <table><tr><td><a href=\"https://ads.example/#about\">Ads Inc.</a></td>\
             <td><a href=\"https://ads.example/#privacy\">Their policy</a></td></tr></table></div>\
             <div role=\"navigation banner\"><p>Menu</p></div><div role=\"contentinfo\">Legal</div>",
        );
        assert_eq!(
            got,
            [
                "H1 Privacy",
                "P In short: we sell nothing.",
                "L[Ads Inc.] Their policy"
            ]
        );
    }

    #[test]
    fn a_tables_cells_are_joined_as_markdown_joins_them() {
        let html = "<table><thead><tr><th>Recipient</th>\n  <th>Purpose</th></tr></thead>\
                    <tbody><tr><td>Payment processors</td>\n<td>Payments &amp; fraud</td></tr></tbody></table>";
        let md =
            "| Recipient | Purpose |\n|---|---|\n| Payment processors | Payments &amp; fraud |\n";
        let from_md = crate::outline::describe(crate::outline::markdown::blocks(
            md,
            &OutlineSettings::default(),
        ));
        assert_eq!(
            parse(html),
            [
                "P Recipient | Purpose",
                "L[Payment processors] Payments & fraud"
            ]
        );
        assert_eq!(parse(html), from_md);
        // A header cell that opens a row of data names it; a row of header cells names none.
        let html = "<table><tr><th>Kind</th><th>Use</th></tr>\
                    <tr><th scope=row>Identifiers</th><td>Your name</td></tr></table>";
        assert_eq!(parse(html), ["P Kind | Use", "L[Identifiers] Your name"]);
        // A head of `td` cells is a head; a bold span left open ends with its cell.
        let html = "<table><thead><tr><td>Kind</td><td>Use</td></tr></thead>\
                    <tr><td><b>Identifiers</td><td>Your name</td></tr></table>";
        assert_eq!(parse(html), ["P Kind | Use", "L[Identifiers] Your name"]);
        // Paragraphs in a cell are its lines: the row is one, named by its first line.
        let html = "<table><tr><th>Kind</th><th>Use</th></tr>\
                    <tr><td><p>Identifiers</p><p>Such as your name.</p></td>\
                    <td><div>Your account</div></td></tr></table><p>After.</p>";
        assert_eq!(
            parse(html),
            [
                "P Kind | Use",
                "L[Identifiers] Such as your name. | Your account",
                "P After."
            ]
        );
    }

    /// Cookie banners of the common consent managers, text for screen readers only, a CMS's
    /// edit link and share buttons are the page's, not the policy's; a policy's own "Cookies"
    /// section is the policy's.
    #[test]
    fn chrome_named_by_id_class_or_label_is_left_out() {
        let got = parse(
            "<main><article><h1>Privacy Policy</h1><section id=\"cookies\" aria-label=\"Cookies\">\
             <h2>Cookies<a class=\"headerlink\" href=\"#cookies\">\u{b6}</a></h2><p>We use cookies.\
             <span class=\"screen-reader-text\">Opens in a new tab</span></p></section>\
             <footer class=\"entry-footer\"><span class=\"edit-link\"><a href=\"/wp-admin/post.php\">Edit</a></span></footer>\
             <div class=\"sharedaddy sd-sharing-enabled\"><h3>Share this:</h3></div></article></main>\
             <div id=\"onetrust-banner-sdk\" role=\"region\"><p>By clicking Accept All Cookies, you agree.</p></div>\
             <div class=\"cky-consent-container\"><p role=\"heading\" aria-level=\"1\">We value your privacy</p></div>\
             <div aria-label=\"Cookie consent banner\"><p>We use cookies for ads.</p></div>",
        );
        assert_eq!(
            got,
            ["H1 Privacy Policy", "H2 Cookies", "P We use cookies."]
        );
        // A heading's id is its anchor, whatever its words: pandoc's for "Table of Contents".
        let anchored = parse(
            "<h2 id=\"table-of-contents\">Summary</h2><p>We sell data.</p>\
             <div id=\"ez-toc-container\"><p>Contents</p></div>",
        );
        assert_eq!(anchored, ["H2 Summary", "P We sell data."]);
        // Consent banners named otherwise, a `dialog`, pages laid out with `div`s, and a
        // heading only screen readers hear. A section's id is its heading's anchor.
        let named = parse(
            "<div id=\"header\"><div class=\"menu\"><a href=\"/\">Home</a> | <a href=\"/login\">Log in</a></div></div>\
             <h2 class=\"visually-hidden\">Site search</h2>\
             <div id=\"content\"><h1>Privacy</h1><section id=\"cookie-consent\"><h2>Cookie consent</h2>\
             <p>We ask first.</p></section></div>\
             <div class=\"js-cookie-consent cookie-popup\"><p>This site uses cookies.</p></div>\
             <div id=\"gdpr-banner\"><p>We share data with partners.</p></div>\
             <dialog id=\"newsletter\"><p>Subscribe to our newsletter.</p></dialog>\
             <div id=\"footer\"><p>Copyright 2024 Acme.</p></div>",
        );
        assert_eq!(
            named,
            ["H1 Privacy", "H2 Cookie consent", "P We ask first."]
        );
    }

    /// A page's banner holding its title, date and introduction is the policy's; one whose
    /// title is the site's logo (a link) is not.
    #[test]
    fn a_banner_holding_the_title_is_read_from_the_title_on() {
        let policy = "<main><h2>What We Collect</h2><p>Your name.</p></main>";
        let hero = parse(&format!(
            "<header class=\"hero\"><a href=\"/\">Acme</a><h1>Privacy Policy</h1>\
             <p>Last updated: May 1, 2024. We never sell your data.</p></header>{policy}"
        ));
        let expected = [
            "H1 Privacy Policy",
            "P Last updated: May 1, 2024. We never sell your data.",
            "H2 What We Collect",
            "P Your name.",
        ];
        assert_eq!(hero, expected);
        let banner = parse(&format!(
            "<div role=\"banner\"><h1>Privacy Policy</h1><p>Last updated: May 1, 2024. We never \
             sell your data.</p></div>{policy}"
        ));
        assert_eq!(banner, expected);
        let logo = parse(&format!(
            "<div id=\"header\"><h1 class=\"logo\"><a href=\"/\">Acme</a></h1><ul>\
             <li><a href=\"/\">Home</a></li><li><a href=\"/p\">Products</a></li></ul></div>{policy}"
        ));
        assert_eq!(logo, expected[2..]);
    }

    /// A help centre's article: its byline, votes and related articles are chrome, though
    /// inside the `article` (they change on every download).
    #[test]
    fn a_help_centre_articles_byline_and_votes_are_chrome() {
        let got = parse(
            "<main><article><header><h1>Privacy Policy</h1><div class=\"article-meta\">Updated 3 \
             months ago</div></header><div class=\"article-body\"><p>We sell nothing.</p></div>\
             <footer><div class=\"article-votes\">Was this article helpful? 42 out of 57 found this \
             helpful</div></footer><section class=\"article-relatives\"><h3>Related articles</h3>\
             <ul><li><a href=\"/a/3\">Cookie Policy</a></li></ul></section></article></main>",
        );
        assert_eq!(got, ["H1 Privacy Policy", "P We sell nothing."]);
    }

    /// Names and banners that look like chrome but are not (a review's cases): a page's state
    /// class, a card's header inside `main`, an accordion's hidden icon, a hidden banner, a
    /// logo of an image alone.
    #[test]
    fn chrome_by_name_is_a_container_outside_the_policys_parts() {
        let policy = "<h1>Privacy Policy</h1><p>We never sell your data.</p>";
        let expected = ["H1 Privacy Policy", "P We never sell your data."];
        for page in [
            format!("<body class=\"cookie-consent-pending\"><main>{policy}</main></body>"),
            format!("<header hidden><h1>Old Policy</h1><p>We sell data.</p></header>{policy}"),
            format!(
                "<header><h1><a href=\"/\"><img alt=\"Acme\"></a></h1><p>Shop!</p></header>{policy}"
            ),
        ] {
            assert_eq!(parse(&page), expected, "{page}");
        }
        let card = parse(
            "<main><h1>Policy</h1><div class=\"section\"><div class=\"header\"><h2>Your Rights</h2>\
             </div><p>Ask us.</p></div></main>",
        );
        assert_eq!(card, ["H1 Policy", "H2 Your Rights", "P Ask us."]);
        let icon = parse(
            "<h2><button aria-controls=\"p1\">What We Collect<span class=\"accordion-icon\" \
             aria-hidden=\"true\">+</span></button></h2><div id=\"p1\" hidden><p>Names.</p></div>\
             <p>See <a class=\"cookie-consent-modal-trigger\" href=\"#\">Cookie Settings</a>.</p>",
        );
        assert_eq!(
            icon,
            ["H2 What We Collect", "P Names.", "P See Cookie Settings."]
        );
    }

    /// An accordion's collapsed panels are policy text a click away; other hidden parts are
    /// not read.
    #[test]
    fn an_accordions_collapsed_panels_are_read() {
        let got = parse(
            "<h2><button aria-expanded=\"false\" aria-controls=\"p1\">What We Collect</button></h2>\
             <div id=\"p1\" hidden><p>We collect your name.</p></div>\
             <h2>Sharing</h2><div class=\"collapse\" style=\"display: none\"><p>We share it.</p></div>\
             <h2>Retention</h2><div hidden=\"until-found\"><p>We keep it.</p></div>\
             <h2>Rights</h2><div id=\"p4\" aria-hidden=\"true\"><p>You can object.</p></div>\
             <button aria-controls=\"menu\">Menu</button><div id=\"menu\" hidden><p>Home</p></div>",
        );
        assert_eq!(
            got,
            [
                "H2 What We Collect",
                "P We collect your name.",
                "H2 Sharing",
                "P We share it.",
                "H2 Retention",
                "P We keep it.",
                "H2 Rights"
            ]
        );
    }

    /// A page written without `<p>`: two line breaks end a paragraph; one, or two in a table's
    /// cell, are a line break.
    #[test]
    fn two_line_breaks_end_a_paragraph_outside_tables() {
        let got = parse(
            "<div><strong>Advertising.</strong> We show ads.<br>\n<br>We keep logs.<br>For a year.\
             <br><br><br>We sell nothing.</div><table><tr><td>Logs<br><br>A year</td></tr></table>",
        );
        assert_eq!(
            got,
            [
                "L[Advertising] We show ads.",
                "P We keep logs. For a year.",
                "P We sell nothing.",
                "P Logs A year",
            ]
        );
    }

    /// Disclosures (`<details>`) holding sections: each summary is a heading one level below
    /// the heading before, a link to its own anchor or not.
    #[test]
    fn a_disclosures_summary_heads_its_section() {
        let got = parse(
            "<h1>Privacy Policy</h1><details open><summary>What We Collect</summary>\
             <p>Your name.</p></details><details><summary><a href=\"#share\">Sharing</a></summary>\
             <p>With processors.</p></details><p>A <summary>stray</summary> one.</p>",
        );
        assert_eq!(
            got,
            [
                "H1 Privacy Policy",
                "H2 What We Collect",
                "P Your name.",
                "H2 Sharing",
                "P With processors.",
                "P A",
                "P stray",
                "P one."
            ]
        );
    }

    /// A list in a cell is lines of the cell, bulleted, as Markdown's `<br>* entry`; the row
    /// goes on to its next cell.
    #[test]
    fn a_list_in_a_cell_is_lines_of_it() {
        let got = parse(
            "<table><tr><th>Kind</th><th>Examples</th><th>Kept</th></tr><tr><td>Usage</td>\
             <td>We log:<ul><li>queries</li><li>playlists</li></ul></td><td>2 years</td></tr></table>",
        );
        assert_eq!(
            got,
            [
                "P Kind | Examples | Kept",
                "L[Usage] We log: \u{2022} queries \u{2022} playlists | 2 years"
            ]
        );
    }

    /// Lines of a cell indented with non-breaking spaces open with their bullet all the same.
    #[test]
    fn a_bullet_indented_with_non_breaking_spaces_is_a_bullet() {
        let got = parse(
            "<table><tr><th>Kind</th><th>Examples</th></tr><tr><td>Usage</td><td>We log:<br>* queries\
             <br>&nbsp;&nbsp;&nbsp;&nbsp;* history<br>\u{a0}\u{a0}- playlists</td></tr></table>",
        );
        assert_eq!(
            got[1],
            "L[Usage] We log: \u{2022} queries \u{2022} history \u{2022} playlists"
        );
    }

    #[test]
    fn a_quotation_reads_with_its_marks() {
        let got = parse("<p>In this policy, <q>personal data</q> means data about you.</p>");
        assert_eq!(
            got,
            ["P In this policy, \"personal data\" means data about you."]
        );
    }

    /// A `div` opening a list entry is its text, as a `p` is.
    #[test]
    fn a_div_opening_a_list_entry_is_its_text() {
        let entry = |tag: &str| {
            parse(&format!(
                "<ol><li><{tag}><strong>On our pages</strong></{tag}><{tag}>Every page has a link.</{tag}></li>\
                 <li><{tag}><strong>In your browser</strong> Block cookies.</{tag}></li></ol>"
            ))
        };
        assert_eq!(entry("div"), entry("p"));
        assert!(
            entry("div").iter().all(|b| !b.starts_with('H')),
            "{:?}",
            entry("div")
        );
    }

    /// A list saved by Word is paragraphs with a marker Word's own reader ignores: an entry's
    /// bold label opens an item, as in a real list.
    #[test]
    fn a_word_list_marker_is_no_text() {
        let word = "<h2>Uses</h2><p class=MsoListParagraphCxSpFirst><![if !supportLists]>\
                    <span style='font-family:Symbol'><span style='mso-list:Ignore'>\u{b7}\
                    <span>&nbsp;&nbsp;&nbsp;</span></span></span><![endif]><b>Billing.</b> \
                    We bill your insurer.<o:p></o:p></p>";
        let list = "<h2>Uses</h2><ul><li><b>Billing.</b> We bill your insurer.</li></ul>";
        assert_eq!(parse(word), ["H2 Uses", "L[Billing] We bill your insurer."]);
        assert_eq!(parse(word), parse(list));
    }

    #[test]
    fn a_link_keeps_its_address_as_written_and_hidden_is_read_in_any_case() {
        let html = "<p>See <a href=\"https://example.com/Search?q=Which%2FEntities\">this</a>.</p>\
                    <p aria-hidden=\"TRUE\">x</p><p style=\"DISPLAY: NONE\">y</p>";
        let b = blocks(html, &OutlineSettings::default());
        assert_eq!(b.len(), 1);
        assert_eq!(
            b[0].links.first().map(|(_, href)| href.as_str()),
            Some("https://example.com/Search?q=Which%2FEntities")
        );
    }

    #[test]
    fn entities_map_back_to_their_source() {
        let html = "<p>A&nbsp;&amp; B\r\n&#8220;C&#8221;</p>";
        let b = blocks(html, &OutlineSettings::default());
        assert_eq!(b[0].text.text, "A & B \"C\"");
        let c = b[0].text.text.find('C').unwrap_or_default();
        let r = b[0].text.original_range(c..c + 1);
        assert_eq!(&html[r], "C");
        let q = b[0].text.original_range(c - 1..c);
        assert_eq!(&html[q], "&#8220;");
    }
}
