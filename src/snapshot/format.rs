//! The snapshot file format: a `---` metadata header, then the normalised outline as text.
//!
//! ```text
//! ---
//! policy-lint snapshot 1
//! source: policies/privacy.md
//! source-sha256: 9a0e…               (of the policy's text the body is the reading of)
//! format: markdown
//! tool: policy-lint 0.1.0
//! sha256: 3f1c…                      (of everything after the header)
//! ---
//! # What Personal Information About Customers Does Amazon Collect?
//!
//! We collect your personal information in order to provide … services.
//! Here are the types of personal information we collect:
//!
//! - Information You Give Us
//!   We receive and store any information you provide in relation to Amazon Services.
//!   Click here to see examples of what we collect.
//!   => https://www.amazon.com/… here
//! ```
//!
//! One heading per line (`#` × level; the preamble has none), one sentence per line so a
//! changed sentence is one changed line in `git diff`, an item as a `- Label` line with its
//! sentences indented two spaces, blank lines between paragraphs. A link is a `=> TARGET WORDS`
//! line after the line holding its words. A text line that could read as markup starts with `\`.
//! A pending snapshot's header may list the changes its review rejected (`rejected: ID`).
//!
//! `source-sha256` is written where the body is the reading of one text of the policy, whole
//! (not where a review took some of its changes): that text is then its snapshot whatever
//! outline a later policy-lint, or a changed `rules.toml`, reads it into ([`Snapshot::read_as`]).

use std::fmt::Write;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::SnapshotError;
use crate::outline::{Document, Format, Item, Link, Section, Sentence, Source, Span, normalize};

const VERSION_LINE: &str = "policy-lint snapshot 1";
const LINK_MARK: &str = "=> ";
const INDENT: &str = "  ";

/// The metadata header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The policy's path relative to the project root, `/`-separated.
    pub source: String,
    pub format: Format,
    /// `policy-lint X.Y.Z` that wrote the file.
    pub tool: String,
    /// `sha256` of the body, in hex.
    pub hash: String,
    /// `source-sha256`: of the policy's text the body is the reading of ([`source_hash`]).
    pub source_hash: Option<String>,
    /// In a pending snapshot: the changes a review rejected (each `rejected: ID` line, an id
    /// of [`crate::diff::Change::id`]), not offered again while the file waits.
    pub rejected: Vec<String>,
}

/// A snapshot read back: its header, and its body as a document whose spans point into the
/// snapshot file (so an old line number is a line of the snapshot).
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub header: Header,
    pub document: Document,
    /// The text after the header, as hashed.
    pub body: String,
}

/// What one section of a snapshot is made of. Each part comes from a document: all from one when
/// a policy is accepted whole, from the old and the new one when a review accepts some changes.
#[derive(Debug, Clone)]
pub struct SectionParts<'a> {
    /// Heading and level.
    pub heading: (&'a Document, &'a Section),
    /// The prose before the first item.
    pub intro: (&'a Document, &'a Section),
    pub items: Vec<(&'a Document, &'a Item)>,
}

impl<'a> SectionParts<'a> {
    pub fn whole(doc: &'a Document, section: &'a Section) -> SectionParts<'a> {
        SectionParts {
            heading: (doc, section),
            intro: (doc, section),
            items: section.items.iter().map(|i| (doc, i)).collect(),
        }
    }
}

impl Snapshot {
    /// The snapshot as `doc` reads, where it was accepted from `doc`'s very text: an older
    /// policy-lint, or other settings, may have read that text into another outline (a list
    /// of short lines a heading each, say), which is no change to the policy.
    pub fn read_as(self, doc: &Document) -> Snapshot {
        if !self.made_from(doc) {
            return self;
        }
        Snapshot {
            body: body(&parts_of(doc)),
            document: doc.clone(),
            header: self.header,
        }
    }

    /// This pending snapshot's file for the policy at `source`, its review having rejected the
    /// changes `rejected`.
    pub fn rejecting(&self, source: &str, rejected: &[String]) -> String {
        let header = &self.header;
        let source_hash = header.source_hash.as_deref();
        render_pending(source, header.format, source_hash, &self.body, rejected)
    }

    /// Whether the snapshot is the reading of `doc`'s text, whole.
    pub fn made_from(&self, doc: &Document) -> bool {
        self.header.source_hash.as_deref() == Some(source_hash(doc).as_str())
    }
}

/// A document's sections, each taken whole.
pub fn parts_of(doc: &Document) -> Vec<SectionParts<'_>> {
    doc.sections
        .iter()
        .map(|s| SectionParts::whole(doc, s))
        .collect()
}

/// The normalised outline as text: the body of a snapshot (and what `--format unified` diffs).
pub fn body(parts: &[SectionParts]) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    for part in parts {
        let (doc, section) = part.heading;
        if section.level > 0 || !section.heading.is_empty() {
            let mut p = String::new();
            let hashes = "#".repeat(usize::from(section.level.clamp(1, 6)));
            if section.heading.is_empty() {
                p.push_str(&hashes);
            } else {
                let _ = write!(p, "{hashes} {}", section.heading);
            }
            p.push('\n');
            push_links(&mut p, "", doc.links_in(&section.heading_span));
            paragraphs.push(p);
        }
        let (doc, section) = part.intro;
        if !section.intro.is_empty() {
            let mut p = String::new();
            push_sentences(&mut p, "", doc, &section.intro);
            paragraphs.push(p);
        }
        for (doc, item) in &part.items {
            let mut p = format!("- {}\n", item.label);
            push_links(&mut p, INDENT, doc.links_in(&item.label_span));
            push_sentences(&mut p, INDENT, doc, &item.sentences);
            paragraphs.push(p);
        }
    }
    paragraphs.join("\n")
}

fn push_sentences(out: &mut String, indent: &str, doc: &Document, sentences: &[Sentence]) {
    for s in sentences {
        out.push_str(indent);
        if s.text.starts_with(['#', '-', '=', '\\', ' ']) {
            out.push('\\');
        }
        out.push_str(&s.text);
        out.push('\n');
        push_links(out, indent, doc.links_in(&s.span));
    }
}

fn push_links(out: &mut String, indent: &str, links: &[Link]) {
    for l in links {
        let _ = writeln!(out, "{indent}{LINK_MARK}{} {}", l.target, l.text);
    }
}

/// The hash written in the header: sha256 of the body, in hex (the same on every platform).
pub fn hash(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    digest.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The `source-sha256` of a policy: sha256 of its text as decoded, in hex, without a
/// byte-order mark and line ends as LF (a checkout with CRLF, git's `core.autocrlf` on Windows,
/// is the same text).
pub fn source_hash(doc: &Document) -> String {
    let text = doc.source.text.trim_start_matches('\u{FEFF}');
    if text.contains('\r') {
        hash(&text.replace("\r\n", "\n"))
    } else {
        hash(text)
    }
}

/// A whole snapshot file: header, then body. `source_hash` is given where `body` is the
/// reading of that text whole.
pub fn render(source: &str, format: Format, source_hash: Option<&str>, body: &str) -> String {
    render_pending(source, format, source_hash, body, &[])
}

/// A whole pending snapshot file, with the changes its review rejected so far.
pub fn render_pending(
    source: &str,
    format: Format,
    source_hash: Option<&str>,
    body: &str,
    rejected: &[String],
) -> String {
    let source_hash = source_hash
        .map(|h| format!("source-sha256: {h}\n"))
        .unwrap_or_default();
    let rejected: String = (rejected.iter())
        .map(|id| format!("rejected: {id}\n"))
        .collect();
    format!(
        "---\n{VERSION_LINE}\nsource: {source}\n{source_hash}format: {}\ntool: policy-lint {}\nsha256: {}\n{rejected}---\n{body}",
        format.name(),
        env!("CARGO_PKG_VERSION"),
        hash(body),
    )
}

/// Reads a snapshot file back. Errors name the file, the line and what is wrong.
pub fn parse(path: &Path, text: String) -> Result<Snapshot, SnapshotError> {
    let invalid = |line: usize, message: String| SnapshotError::Invalid {
        path: path.to_path_buf(),
        line,
        message,
    };
    let (header, body_start, body_line) = parse_header(&text).map_err(|(l, m)| invalid(l, m))?;
    let body = text[body_start..].to_string();
    if hash(&body) != header.hash {
        return Err(invalid(
            body_line - 2,
            "the text does not match its sha256 (edited by hand or damaged); restore it from git, \
             or accept its policy again"
                .to_string(),
        ));
    }
    let (sections, links) =
        parse_body(&text, body_start, body_line).map_err(|(l, m)| invalid(l, m))?;
    let document = Document {
        source: Source::new(path, text),
        format: header.format,
        sections,
        links,
        warnings: Vec::new(),
    };
    Ok(Snapshot {
        header,
        document,
        body,
    })
}

type Parsed<T> = Result<T, (usize, String)>;

/// The header, the byte offset where the body starts and the body's first line number.
fn parse_header(text: &str) -> Parsed<(Header, usize, usize)> {
    let mut lines = text.split_inclusive('\n');
    let mut offset = 0;
    let mut next = |n: usize| -> Parsed<&str> {
        let line = lines
            .next()
            .ok_or((n, "the file ends inside its header".to_string()))?;
        offset += line.len();
        Ok(line.strip_suffix('\n').unwrap_or(line))
    };
    if next(1)? != "---" {
        return Err((1, "not a policy-lint snapshot (no `---` header)".into()));
    }
    let version = next(2)?;
    if version != VERSION_LINE {
        return Err((
            2,
            format!("expected `{VERSION_LINE}`, found `{version}` (written by another version?)"),
        ));
    }
    let (mut source, mut format, mut tool, mut sha, mut source_sha) =
        (None, None, None, None, None);
    let mut rejected = Vec::new();
    let mut n = 3;
    loop {
        let line = next(n)?;
        if line == "---" {
            break;
        }
        let (key, value) = line.split_once(": ").ok_or((
            n,
            format!("expected `key: value` in the header, found `{line}`"),
        ))?;
        if key == "rejected" {
            let hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
            if value.len() != 16 || !value.bytes().all(hex) {
                return Err((n, "`rejected` is not 16 lower-case hex digits".into()));
            }
            rejected.push(value.to_string());
            n += 1;
            continue;
        }
        let slot = match key {
            "source" => &mut source,
            "format" => &mut format,
            "tool" => &mut tool,
            "sha256" => &mut sha,
            "source-sha256" => &mut source_sha,
            _ => return Err((n, format!("unknown header key `{key}`"))),
        };
        if slot.replace((value.to_string(), n)).is_some() {
            return Err((n, format!("`{key}` is given twice")));
        }
        n += 1;
    }
    let missing = |key: &str| (n, format!("the header has no `{key}`"));
    let (source, _) = source.ok_or_else(|| missing("source"))?;
    let (format_name, format_line) = format.ok_or_else(|| missing("format"))?;
    let format = [Format::Text, Format::Markdown, Format::Html]
        .into_iter()
        .find(|f| f.name() == format_name)
        .ok_or((
            format_line,
            format!("unknown format `{format_name}` (text, markdown or html)"),
        ))?;
    let (tool, _) = tool.ok_or_else(|| missing("tool"))?;
    let (hash, hash_line) = sha.ok_or_else(|| missing("sha256"))?;
    sha256_hex(&hash, hash_line, "sha256")?;
    if let Some((given, line)) = &source_sha {
        sha256_hex(given, *line, "source-sha256")?;
    }
    let header = Header {
        source,
        format,
        tool,
        hash,
        source_hash: source_sha.map(|(h, _)| h),
        rejected,
    };
    Ok((header, offset, n + 1))
}

fn sha256_hex(value: &str, line: usize, key: &str) -> Parsed<()> {
    if value.len() != 64 || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err((line, format!("`{key}` is not 64 hex digits")));
    }
    Ok(())
}

/// Where link lines attach: the span of the words of the line before them.
struct Owner {
    span: Span,
    /// Links found so far are searched for after this offset.
    cursor: usize,
}

fn parse_body(text: &str, start: usize, first_line: usize) -> Parsed<(Vec<Section>, Vec<Link>)> {
    let mut sections: Vec<Section> = Vec::new();
    let mut links: Vec<Link> = Vec::new();
    let mut owner: Option<Owner> = None;
    let mut offset = start;
    for (i, raw) in text[start..].split_inclusive('\n').enumerate() {
        let n = first_line + i;
        let line_start = offset;
        offset += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        if line.is_empty() {
            owner = None;
            continue;
        }
        let at = |from: usize, to: usize| line_start + from..line_start + to;
        if let Some(rest) = line.strip_prefix('#') {
            let hashes = 1 + rest.len() - rest.trim_start_matches('#').len();
            let after = &line[hashes..];
            let heading = after.strip_prefix(' ').unwrap_or(after);
            if !(after.is_empty() || after.starts_with(' ')) {
                return Err((
                    n,
                    "a heading is `#` marks, a space, then the heading".into(),
                ));
            }
            if hashes > 6 {
                return Err((n, "a heading has at most six `#` marks".into()));
            }
            let span = at(line.len() - heading.len(), line.len());
            sections.push(Section {
                heading: heading.to_string(),
                level: hashes as u8,
                heading_span: span.clone(),
                intro: Vec::new(),
                items: Vec::new(),
                allow: Vec::new(),
                span: span.clone(),
            });
            owner = Some(Owner {
                cursor: span.start,
                span,
            });
            continue;
        }
        let (indented, content, content_start) = match line.strip_prefix(INDENT) {
            Some(rest) => (true, rest, INDENT.len()),
            None => (false, line, 0),
        };
        if content.starts_with(' ') {
            return Err((
                n,
                "unexpected indentation (item text is indented two spaces)".into(),
            ));
        }
        if let Some(link) = content.strip_prefix(LINK_MARK) {
            let owner = owner.as_mut().ok_or((
                n,
                "a link line must follow the line holding its words".to_string(),
            ))?;
            let (target, words) = link
                .split_once(' ')
                .filter(|(_, w)| !w.is_empty())
                .ok_or((n, "a link line is `=> TARGET WORDS`".to_string()))?;
            let found = text[owner.cursor..owner.span.end]
                .find(words)
                .map(|p| owner.cursor + p);
            let span = match found {
                Some(p) => p..p + words.len(),
                None => owner.cursor..owner.cursor,
            };
            owner.cursor = span.end;
            links.push(Link {
                text: normalize(words),
                target: target.to_string(),
                span,
            });
            extend(&mut sections, offset - 1);
            continue;
        }
        if sections.is_empty() {
            // The preamble: text before the first heading.
            sections.push(Section {
                heading: String::new(),
                level: 0,
                heading_span: line_start..line_start,
                intro: Vec::new(),
                items: Vec::new(),
                allow: Vec::new(),
                span: line_start..line_start,
            });
        }
        let Some(section) = sections.last_mut() else {
            continue;
        };
        if let Some(label) = line.strip_prefix("- ") {
            let span = at(2, line.len());
            section.items.push(Item {
                label: label.to_string(),
                label_span: span.clone(),
                sentences: Vec::new(),
                allow: Vec::new(),
                span: span.clone(),
            });
            section.span.end = span.end;
            owner = Some(Owner {
                cursor: span.start,
                span,
            });
            continue;
        }
        let escaped = usize::from(content.starts_with('\\'));
        let words = &content[escaped..];
        if words.is_empty() || (escaped == 0 && content.starts_with(['#', '-', '='])) {
            return Err((
                n,
                format!("cannot read `{line}` (markup without its text?)"),
            ));
        }
        let span = at(content_start + escaped, line.len());
        let sentence = Sentence {
            text: normalize(words),
            span: span.clone(),
        };
        if indented {
            let item = section
                .items
                .last_mut()
                .ok_or((n, "indented text outside an item".to_string()))?;
            item.sentences.push(sentence);
            item.span.end = span.end;
        } else if section.items.is_empty() {
            section.intro.push(sentence);
        } else {
            return Err((n, "text after an item must be indented two spaces".into()));
        }
        section.span.end = span.end;
        owner = Some(Owner {
            cursor: span.start,
            span,
        });
    }
    Ok((sections, links))
}

/// Stretches the last section (and item) over a link line.
fn extend(sections: &mut [Section], end: usize) {
    if let Some(section) = sections.last_mut() {
        section.span.end = end;
        if let Some(item) = section.items.last_mut() {
            item.span.end = item.span.end.max(end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::OutlineSettings;

    fn doc(path: &str, text: &str) -> Document {
        let format = Format::from_extension(Path::new(path)).unwrap_or(Format::Text);
        Document::parse(
            Source::new(Path::new(path), text.to_string()),
            format,
            &OutlineSettings::default(),
        )
    }

    fn outline(d: &Document) -> Vec<String> {
        let mut out = Vec::new();
        for s in &d.sections {
            out.push(format!("{} {}", s.level, s.heading));
            out.push(format!(
                "intro {:?}",
                s.intro.iter().map(|x| &x.text).collect::<Vec<_>>()
            ));
            for i in &s.items {
                let links: Vec<String> = d
                    .links_in(&i.span)
                    .iter()
                    .map(|l| format!("{}->{}", l.text, l.target))
                    .collect();
                out.push(format!(
                    "item {} {:?} {links:?}",
                    i.label,
                    i.sentences.iter().map(|x| &x.text).collect::<Vec<_>>()
                ));
            }
        }
        out
    }

    const MD: &str = "Preamble text. Second.\n\n# Title\n\n## What We Collect [x](https://h.example)\n\n\
        - **Advertising.** We show [ads](https://a.example/ads) here. - = \\ ok.\n\
        - **Contact:** Write to [us](mailto:p@a.example) or [us](tel:+1).\n\n## Empty\n";

    /// A snapshot's sentences written before a normalisation rule read as the same text would
    /// now: one that kept "Wish Lists , or" is no change from a policy that says it so.
    /// (Headings and labels are read as written: a label keeps a space before its full stop.)
    #[test]
    fn a_snapshot_is_read_as_normalised_now() {
        let body = "# Lists\n\n- Gifts\n  You can compile Wish Lists , or registries.\n";
        let snapshot = parse(
            Path::new("p.snap"),
            render("p.md", Format::Markdown, None, body),
        )
        .unwrap();
        let md = "# Lists\n\n**Gifts.** You can compile Wish Lists, or registries.\n";
        assert_eq!(outline(&snapshot.document), outline(&doc("p.md", md)));
    }

    #[test]
    fn a_snapshot_reads_back_as_the_same_outline() {
        let d = doc("p.md", MD);
        let b = body(&parts_of(&d));
        let text = render("p.md", Format::Markdown, None, &b);
        let snap = parse(Path::new("s.snap"), text.clone()).map_err(|e| e.to_string());
        let snap = snap.unwrap();
        assert_eq!(outline(&snap.document), outline(&d));
        assert_eq!(snap.header.source, "p.md");
        assert_eq!(snap.header.format, Format::Markdown);
        // Spans point at the words in the snapshot file.
        for l in &snap.document.links {
            assert_eq!(&text[l.span.clone()], l.text);
        }
        // Rendering the snapshot again gives the same bytes.
        assert_eq!(body(&parts_of(&snap.document)), b);
    }

    #[test]
    fn the_body_is_one_sentence_per_line() {
        let d = doc("p.md", MD);
        let b = body(&parts_of(&d));
        assert!(b.starts_with("Preamble text.\nSecond.\n\n# Title\n\n## What We Collect x\n=> https://h.example x\n\n"), "{b}");
        assert!(b.contains("- Advertising\n  We show ads here.\n  => https://a.example/ads ads\n  \\- = \\ ok.\n"), "{b}");
        assert!(b.ends_with("\n## Empty\n"), "{b}");
    }

    #[test]
    fn a_snapshot_made_from_a_text_reads_as_that_text_does_now() {
        let d = doc("p.md", MD);
        let now = body(&parts_of(&d));
        // An older reading of the same text: the item's sentences as one.
        let older = now.replace(
            "We show ads here.\n  => https://a.example/ads ads\n  \\- = \\ ok.",
            "We show ads here. - = \\ ok.",
        );
        assert_ne!(older, now);
        let written = |hash: Option<&str>| {
            parse(
                Path::new("p.snap"),
                render("p.md", Format::Markdown, hash, &older),
            )
            .unwrap()
        };
        let made = written(Some(&source_hash(&d)));
        assert_eq!(made.header.source_hash, Some(source_hash(&d)));
        assert!(made.made_from(&d));
        assert_eq!(made.read_as(&d).body, now);
        // Another text, or a snapshot that does not say which text it was made from (an earlier
        // version's, or a review's that took some changes): the snapshot as written.
        let edited = doc("p.md", &MD.replace("Preamble", "Preface"));
        assert_eq!(written(Some(&source_hash(&d))).read_as(&edited).body, older);
        assert_eq!(written(None).read_as(&d).body, older);
        assert!(!render("p.md", Format::Markdown, None, &older).contains("source-sha256"));
    }

    #[test]
    fn garbage_snapshots_are_errors_with_a_line() {
        let good = render(
            "p.md",
            Format::Markdown,
            None,
            &body(&parts_of(&doc("p.md", MD))),
        );
        let cases = [
            (
                "hello\n".to_string(),
                "s.snap:1: not a policy-lint snapshot",
            ),
            (
                good.replacen("format: markdown", "format: pdf", 1),
                "s.snap:4: unknown format `pdf`",
            ),
            (
                good.replacen("We show", "We hide", 1),
                "s.snap:6: the text does not match its sha256",
            ),
            (
                good.replacen("tool:", "tool:x", 1),
                "s.snap:5: expected `key: value`",
            ),
            (
                good.replacen("tool:", "source-sha256: 12ab\ntool:", 1),
                "s.snap:5: `source-sha256` is not 64 hex digits",
            ),
            (
                good.replacen("# Title", "####### Title", 1),
                "s.snap:11: a heading has at most six",
            ),
            (
                "---\npolicy-lint snapshot 1\nsource: a\n".to_string(),
                "s.snap:4: the file ends inside its header",
            ),
        ];
        for (text, want) in cases {
            let text = fix_hash(&text);
            let got = parse(Path::new("s.snap"), text)
                .map(|_| ())
                .unwrap_err()
                .to_string();
            assert!(got.contains(want), "{got} does not contain {want}");
        }
    }

    #[test]
    fn body_errors_name_their_line() {
        for (b, want) in [
            (
                "# A\n\n- L\n  text\nloose\n",
                "s.snap:12: text after an item must be indented",
            ),
            ("=> https://x y\n", "s.snap:8: a link line must follow"),
            ("# A\n   deep\n", "s.snap:9: unexpected indentation"),
            ("  orphan\n", "s.snap:8: indented text outside an item"),
        ] {
            let text = render("p", Format::Text, None, b);
            let got = parse(Path::new("s.snap"), text)
                .map(|_| ())
                .unwrap_err()
                .to_string();
            assert!(got.contains(want), "{got} does not contain {want}");
        }
    }

    /// Rewrites the header hash to match the body, so a test reaches the error it is about.
    fn fix_hash(text: &str) -> String {
        let Some(i) = text.find("\nsha256: ").map(|i| i + 1) else {
            return text.to_string();
        };
        let Some(end) = text[i..].find("\n---\n").map(|e| i + e) else {
            return text.to_string();
        };
        if text.contains("We hide") {
            return text.to_string();
        }
        format!(
            "{}sha256: {}{}",
            &text[..i],
            hash(&text[end + 5..]),
            &text[end..]
        )
    }
}
