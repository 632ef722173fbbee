//! Changes between two versions of a policy, for people (one block per change, words marked)
//! and for machines (the `changes` of the JSON contract), and the snapshot findings of `check`.

use std::fmt::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use colored::{ColoredString, Colorize};
use serde::Serialize;

use crate::diff::{
    After, Change, ChangeKind, Comparison, Ignored, LinkChange, Moved, Op, Target, WordOp, fold_key,
};
use crate::threads::{for_each_in_order, threads_for};

/// Words of unchanged text shown on each side of a change.
const CONTEXT_WORDS: usize = 8;
/// Lines of an added or removed section or item shown.
const PREVIEW_LINES: usize = 10;
/// Words of a moved text shown where it left and where it arrived: its words are the same in
/// both places, and shown in full in neither.
const MOVED_WORDS: usize = 8;
/// Bytes of changed text whose blocks are worth a thread's rendering: a policy rewritten
/// throughout has thousands of changes, a report of megabytes.
const CHANGED_BYTES_PER_THREAD: usize = 256 << 10;
/// Changes rendered together on such a thread: handed back one by one, the blocks made the
/// threads wake each other thousands of times.
const BLOCKS_A_BATCH: usize = 64;

/// Names of the two versions, as shown in locators.
pub struct Sides<'a> {
    pub old: &'a str,
    pub new: &'a str,
}

/// One block per change, then a summary line. Without colour, deleted words are `[-…-]` and
/// inserted ones `{+…+}`, as in `git diff --word-diff`. Sentences that moved from one change to
/// another are shown by their opening words and where they went or came from; with colour, in
/// the colours `git diff --color-moved` gives moved lines.
pub fn human(
    out: &mut impl std::io::Write,
    cmp: &Comparison,
    sides: &Sides,
    color: bool,
) -> std::io::Result<()> {
    let mut block = String::new();
    if let Some(line) = material_summary(cmp) {
        let _ = writeln!(block, "{}\n", line.bold());
    }
    out.write_all(block.as_bytes())?;
    block.clear();
    write_blocks(out, &cmp.changes, sides, color, CHANGED_BYTES_PER_THREAD)?;
    for i in &cmp.ignored {
        let _ = writeln!(block, "{}", ignored_line(i).dimmed());
    }
    let _ = writeln!(block, "{}", summary(cmp, sides));
    out.write_all(block.as_bytes())
}

/// The block of each change, written as they come, in order.
fn write_blocks(
    out: &mut impl std::io::Write,
    changes: &[Change],
    sides: &Sides,
    color: bool,
    bytes_per_thread: usize,
) -> std::io::Result<()> {
    let first_renumbered = changes.iter().position(Change::renumbered);
    write_each(out, changes, bytes_per_thread, |blocks, index, c| {
        match c.renumbered() {
            false => change_block(blocks, c, sides, color),
            true if Some(index) == first_renumbered => {
                renumbered_block(blocks, changes, sides, color)
            }
            true => {}
        }
        Ok(())
    })
}

/// The headings and labels renamed in their numbering only, one line each in one block: a
/// section inserted near the top renumbers every section after it, and a reader checks the
/// numbers at a glance, not in a block apiece.
fn renumbered_block(out: &mut String, changes: &[Change], sides: &Sides, color: bool) {
    let renumbered: Vec<&Change> = changes.iter().filter(|c| c.renumbered()).collect();
    let items = renumbered.iter().filter(|c| c.item.is_some()).count();
    let sections = renumbered.len() - items;
    let counts = match (sections, items) {
        (s, 0) => super::counted(s, "section"),
        (0, i) => super::counted(i, "item"),
        (s, i) => format!(
            "{} and {}",
            super::counted(s, "section"),
            super::counted(i, "item")
        ),
    };
    let _ = writeln!(
        out,
        "{} {}",
        styled(RENUMBERED.cyan().bold(), color),
        styled(counts.bold(), color)
    );
    let locators: Vec<String> = (renumbered.iter())
        .map(|c| match c.new {
            Some(n) => format!("{}:{}", sides.new, n.line),
            None => sides.new.to_string(),
        })
        .collect();
    let width = locators
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    for (c, locator) in renumbered.iter().zip(locators) {
        let locator = format!("{locator:<width$}");
        let section = match &c.item {
            Some(_) => format!("{} › ", title_of_section(&c.section)),
            None => String::new(),
        };
        // An item's words are "Label: text": its label only.
        let shown = c.item.as_ref().map_or(usize::MAX, String::len);
        let mut words = String::new();
        let mut at = 0;
        for w in &c.words {
            if at >= shown {
                break;
            }
            let text = match w.op {
                Op::Delete => w.text.as_str(),
                _ => {
                    let mut end = (shown - at).min(w.text.len());
                    while !w.text.is_char_boundary(end) {
                        end += 1;
                    }
                    at += end;
                    &w.text[..end]
                }
            };
            words.push_str(&paint(w.op, text, color, true));
        }
        let _ = writeln!(out, "  {}  {section}{words}", styled(locator.cyan(), color));
    }
    out.push('\n');
}

/// What a change that only renumbers a heading or label is called for people; `renamed` in
/// the JSON contract.
const RENUMBERED: &str = "renumbered";

/// The kind of a change as a person reads it: `renamed` told apart from `renumbered`.
fn kind_word(c: &Change) -> &'static str {
    match c.renumbered() {
        true => RENUMBERED,
        false => c.kind.name(),
    }
}

/// What `render` makes of each change (given its place in `changes`), written as they come,
/// in order: a report of thousands of changes is never held whole. Rendered on every core when
/// there are that many (a part a `bytes_per_thread` of changed text). The first error, of
/// rendering or writing, ends it.
fn write_each(
    out: &mut impl std::io::Write,
    changes: &[Change],
    bytes_per_thread: usize,
    render: impl Fn(&mut String, usize, &Change) -> std::io::Result<()> + Sync,
) -> std::io::Result<()> {
    let changed_bytes: usize = changes.iter().map(Change::text_bytes).sum();
    let jobs = threads_for(changed_bytes, bytes_per_thread);
    let batch = if jobs > 1 { BLOCKS_A_BATCH } else { 1 };
    let batches: Vec<(usize, &[Change])> =
        (0..).step_by(batch).zip(changes.chunks(batch)).collect();
    let (mut written, failed) = (Ok(()), AtomicBool::new(false));
    let render_batch = |(first, changes): &(usize, &[Change])| {
        let mut rendered = String::new();
        // Once a write has failed, nothing more is rendered.
        if !failed.load(Ordering::Relaxed) {
            for (k, c) in changes.iter().enumerate() {
                render(&mut rendered, first + k, c)?;
            }
        }
        Ok(rendered)
    };
    for_each_in_order(&batches, jobs, render_batch, |_, rendered| {
        if written.is_ok() {
            written = rendered.and_then(|r: String| out.write_all(r.as_bytes()));
            failed.store(written.is_err(), Ordering::Relaxed);
        }
    });
    written
}

/// `diff --format json`: what `serde_json::to_writer_pretty` writes of `DiffJson`, with the
/// changes serialised on every core when there are many (a rewritten 6 MB policy's report is
/// 24 MB of JSON) and written as they come.
pub fn json(out: &mut impl std::io::Write, cmp: &Comparison, sides: &Sides) -> std::io::Result<()> {
    write_json(out, cmp, sides, CHANGED_BYTES_PER_THREAD)
}

fn write_json(
    out: &mut impl std::io::Write,
    cmp: &Comparison,
    sides: &Sides,
    bytes_per_thread: usize,
) -> std::io::Result<()> {
    // Everything but the changes, and where they go: a string cannot hold the key in quotes
    // (its quotes would be escaped), so the first `"changes": []` is the key.
    let frame = serde_json::to_string_pretty(&DiffJson::of(sides, cmp, Vec::new()))?;
    let key = "\"changes\": [";
    let Some(at) = frame.find(key).filter(|_| !cmp.changes.is_empty()) else {
        // No change (or, were the key ever missing, the whole report as serde writes it).
        let changes = cmp.changes.iter().map(ChangeJson::of).collect();
        serde_json::to_writer_pretty(&mut *out, &DiffJson::of(sides, cmp, changes))?;
        return writeln!(out);
    };
    let (head, tail) = frame.split_at(at + key.len());
    // The key's indentation, and the changes' one step deeper: each change is serialised
    // alone, its lines then indented as they stand in the whole.
    let outer = &head[head.rfind('\n').map_or(0, |n| n + 1)..at];
    let inner = format!("\n{outer}  ");
    out.write_all(head.as_bytes())?;
    write_each(out, &cmp.changes, bytes_per_thread, |rendered, k, c| {
        let change = serde_json::to_string_pretty(&ChangeJson::of(c))?;
        rendered.push_str(if k == 0 { "" } else { "," });
        rendered.push_str(&inner);
        // JSON strings hold no raw line break: every one is between two tokens.
        rendered.push_str(&change.replace('\n', &inner));
        Ok(())
    })?;
    writeln!(out, "\n{outer}{tail}")
}

/// "3 changes (2 modified, 1 link) from OLD to NEW" or "no change between OLD and NEW".
pub fn summary(cmp: &Comparison, sides: &Sides) -> String {
    let n = cmp.changes.len();
    if n == 0 {
        return format!("no change between {} and {}", sides.old, sides.new);
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for c in &cmp.changes {
        match counts.iter_mut().find(|(k, _)| *k == kind_word(c)) {
            Some((_, count)) => *count += 1,
            None => counts.push((kind_word(c), 1)),
        }
    }
    let parts: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let mut s = format!(
        "{} ({}) from {} to {}",
        super::counted(n, "change"),
        parts.join(", "),
        sides.old,
        sides.new
    );
    if cmp.coarse {
        s.push_str("; some text was too large to compare word by word and is shown whole");
    }
    s
}

/// How many changes alter meaning: the "material" of every summary, human and JSON. The changes
/// that alter meaning: with a material mark other than one about the whole text.
pub fn material_changes(cmp: &Comparison) -> usize {
    (cmp.changes.iter())
        .filter(|c| c.material.iter().any(|m| !m.is_about_the_whole_text()))
        .count()
}

/// How many changes alter meaning, and how: "3 changes, 1 material: negation removed in
/// Advertising". `None` when nothing changed.
pub fn material_summary(cmp: &Comparison) -> Option<String> {
    /// Material findings named in the line; the rest are counted.
    const NAMED: usize = 5;
    let n = cmp.changes.len();
    if n == 0 {
        return None;
    }
    let material = material_changes(cmp);
    let mut line = format!("{}, {material} material", super::counted(n, "change"));
    // A mark about the whole text is said last, without the change it is marked on.
    let (whole, of_meaning): (Vec<_>, Vec<_>) = (cmp.changes.iter())
        .flat_map(|c| c.material.iter().map(move |m| (c, m)))
        .partition(|(_, m)| m.is_about_the_whole_text());
    // Only the named ones are formatted: a rewritten policy has thousands.
    for (k, (c, m)) in of_meaning.iter().take(NAMED).enumerate() {
        line.push_str(if k == 0 { ": " } else { "; " });
        let _ = write!(line, "{} in {}", m.message, title(c));
    }
    if of_meaning.len() > NAMED {
        let _ = write!(line, "; and {} more", of_meaning.len() - NAMED);
    }
    for (_, m) in whole {
        let _ = write!(line, "; {}", m.message);
    }
    Some(line)
}

pub fn ignored_line(i: &Ignored) -> String {
    let place = place(&i.section, i.item.as_deref());
    format!(
        "left out ([diff] ignore `{}`) in {place}: {:?} → {:?}",
        i.pattern,
        i.old.join(" "),
        i.new.join(" ")
    )
}

/// Where a change is: "Section › Item" (the old name too when it changed).
pub fn title(c: &Change) -> String {
    place(&c.section, c.item.as_deref())
}

/// What the text before the first heading is called where a section's heading is shown.
pub const BEFORE_THE_FIRST_HEADING: &str = "(before the first heading)";

/// A section's heading as shown: the text before the first heading named as such.
fn title_of_section(section: &str) -> &str {
    match section.is_empty() {
        true => BEFORE_THE_FIRST_HEADING,
        false => section,
    }
}

/// "Section › Item"; the text before the first heading named as such.
fn place(section: &str, item: Option<&str>) -> String {
    let section = title_of_section(section);
    match item {
        Some(item) => format!("{section} › {item}"),
        None => section.to_string(),
    }
}

fn kind_label(kind: ChangeKind, color: bool) -> ColoredString {
    let name = format!("{:<8}", kind.name());
    let painted = match kind {
        ChangeKind::Added => name.green().bold(),
        ChangeKind::Removed => name.red().bold(),
        ChangeKind::Modified => name.yellow().bold(),
        ChangeKind::Renamed | ChangeKind::Moved => name.cyan().bold(),
        ChangeKind::Link | ChangeKind::Contact => name.magenta().bold(),
    };
    styled(painted, color)
}

/// `text` as painted, or plain: a block quoted in an annotation or a report is plain however
/// the run colours its terminal output (`CLICOLOR_FORCE` in a CI log).
fn styled(text: ColoredString, color: bool) -> ColoredString {
    match color {
        true => text,
        false => text.clear(),
    }
}

fn change_block(out: &mut String, c: &Change, sides: &Sides, color: bool) {
    let what = match (c.kind, c.target) {
        (ChangeKind::Moved | ChangeKind::Added | ChangeKind::Removed, Target::Section) => {
            " (section)"
        }
        // The text before the first heading is titled as such already.
        (_, Target::Intro) if !c.section.is_empty() => " (introduction)",
        (_, Target::Heading) if c.kind != ChangeKind::Renamed => " (heading)",
        _ => "",
    };
    let heading = styled(title(c).bold(), color);
    // An item both renamed and edited is one change, titled by its new label: the old one
    // said beside it.
    let renamed = match (&c.old_item, &c.item) {
        (Some(was), Some(now))
            if c.kind == ChangeKind::Modified && fold_key(was) != fold_key(now) =>
        {
            format!(" (renamed from \"{was}\")")
        }
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "{} {heading}{what}{renamed}",
        kind_label(c.kind, color)
    );
    let locator = match (c.old, c.new) {
        (Some(o), Some(n)) => format!(
            "@@ {}:{} (was {}:{}) @@",
            sides.new, n.line, sides.old, o.line
        ),
        (None, Some(n)) => format!("@@ {}:{} @@", sides.new, n.line),
        (Some(o), None) => format!("@@ {}:{} @@", sides.old, o.line),
        (None, None) => String::new(),
    };
    let _ = writeln!(out, "{}", styled(locator.cyan(), color));
    for m in &c.material {
        // A mark about the whole text (its date left as it was) alters no meaning here.
        let line = match m.is_about_the_whole_text() {
            true => styled(
                format!("! note ({}): {}", m.kind, m.message).yellow(),
                color,
            ),
            false => styled(
                format!("! material ({}): {}", m.kind, m.message)
                    .red()
                    .bold(),
                color,
            ),
        };
        let _ = writeln!(out, "  {line}");
    }
    if c.kind == ChangeKind::Renamed
        && c.item.is_none()
        && let Some(old) = &c.old_section
    {
        // A heading given to the text before the first heading, or taken from it.
        let old = match old.is_empty() {
            true => "(no heading: the text before the first heading)",
            false => old.as_str(),
        };
        let _ = writeln!(out, "  was: {old}");
    }
    if let Some(after) = &c.after {
        let _ = writeln!(out, "  {}", moved_line(after, c.item.is_some()));
    }
    match c.words.as_slice() {
        [] => {}
        // A whole text added or removed, in runs where some of it moved.
        ops if ops.iter().all(|o| o.op != Op::Equal) => {
            for o in ops {
                match &o.moved {
                    Some(moved) => {
                        let mark = if o.op == Op::Insert { "+" } else { "-" };
                        let line = format!("{mark} {}", moved_run(o.op, &o.text, moved));
                        let _ = writeln!(out, "  {}", paint_moved(o.op, &line, color, false));
                    }
                    None => preview(out, o.op, &o.text, color),
                }
            }
        }
        ops => {
            for line in context_lines(ops, color) {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    for l in &c.links {
        let _ = writeln!(out, "  {}", link_line(l, color));
    }
    out.push('\n');
}

/// `now after "Advertising" (was after "Comply with legal obligations")`; "first" for the first
/// item of its section (the first section of the text); `, with "Cookies" after it` for those
/// that moved with it.
pub fn moved_line(after: &After, item: bool) -> String {
    let first = if item {
        "first in its section"
    } else {
        "first"
    };
    let place = |label: &Option<String>| match label {
        Some(label) if !label.is_empty() => format!("after \"{label}\""),
        Some(_) => "after the text before the first heading".to_string(),
        None => first.to_string(),
    };
    let line = format!("now {} (was {})", place(&after.new), place(&after.old));
    let quoted: Vec<String> = after.with.iter().map(|w| format!("\"{w}\"")).collect();
    match quoted.as_slice() {
        [] => line,
        [one] => format!("{line}, with {one} after it"),
        [some @ .., last] => format!("{line}, with {} and {last} after it", some.join(", ")),
    }
}

/// An added or removed text, line by line with `+`/`-`.
fn preview(out: &mut String, op: Op, text: &str, color: bool) {
    let mark = if op == Op::Insert { "+" } else { "-" };
    let lines: Vec<&str> = text.lines().collect();
    for line in lines.iter().take(PREVIEW_LINES) {
        // Normalised text has no indent; a run cut where a moved sentence ends has a space.
        let line = format!("{mark} {}", line.trim_start());
        let _ = writeln!(out, "  {}", paint(op, &line, color, false));
    }
    if lines.len() > PREVIEW_LINES {
        let _ = writeln!(out, "  … {} more", lines.len() - PREVIEW_LINES);
    }
}

fn paint(op: Op, text: &str, color: bool, mark: bool) -> String {
    match (op, color) {
        (Op::Equal, _) => text.to_string(),
        (Op::Delete, true) => text.red().strikethrough().to_string(),
        (Op::Insert, true) => text.green().underline().to_string(),
        (Op::Delete, false) if mark => format!("[-{text}-]"),
        (Op::Insert, false) if mark => format!("{{+{text}+}}"),
        (_, false) => text.to_string(),
    }
}

/// `moved to "Your rights › Access": “You can ask us for a copy of …” (14 words)`, or
/// `moved from …`.
fn moved_run(op: Op, text: &str, moved: &Moved) -> String {
    let place = match (moved.section.is_empty(), &moved.item) {
        (true, None) => "the text before the first heading".to_string(),
        _ => format!("\"{}\"", place(&moved.section, moved.item.as_deref())),
    };
    let way = if op == Op::Insert { "from" } else { "to" };
    // A moved run may be a whole section: its words are counted, not gathered.
    let opening: Vec<&str> = text.split_whitespace().take(MOVED_WORDS).collect();
    let opening = opening.join(" ");
    let more = match text.split_whitespace().nth(MOVED_WORDS) {
        Some(_) => format!(" …” ({} words)", text.split_whitespace().count()),
        None => "”".to_string(),
    };
    format!("moved {way} {place}: “{opening}{more}")
}

/// A moved run as [`paint`] paints a deleted or inserted one, in the colours of moved text.
fn paint_moved(op: Op, text: &str, color: bool, mark: bool) -> String {
    match (op, color) {
        (Op::Delete, true) => text.magenta().to_string(),
        (Op::Insert, true) => text.cyan().to_string(),
        _ => paint(op, text, color, mark),
    }
}

fn link_line(l: &LinkChange, color: bool) -> String {
    let old = l.old.as_deref().map_or("(not a link)".to_string(), |t| {
        paint(Op::Delete, t, color, true)
    });
    let new = l.new.as_deref().map_or("(not a link)".to_string(), |t| {
        paint(Op::Insert, t, color, true)
    });
    format!("link \"{}\": {old} → {new}", l.text)
}

/// The changed words with a few words of context, one line per stretch of changes; long
/// unchanged stretches are cut to "…".
fn context_lines(ops: &[WordOp], color: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let last = ops.len().saturating_sub(1);
    for (k, o) in ops.iter().enumerate() {
        if o.op != Op::Equal {
            let run = match &o.moved {
                Some(moved) => paint_moved(o.op, &moved_run(o.op, &o.text, moved), color, true),
                None => paint(o.op, &o.text, color, true),
            };
            line.push_str(&run);
            continue;
        }
        // Only a few words at either end are shown: they are found from the ends, not by
        // splitting a long unchanged stretch into all its words.
        let text = o.text.as_str();
        let words = || text.split_inclusive(' ');
        let has_more_than = |count: usize| words().nth(count).is_some();
        let head = |count: usize| &text[..words().take(count).map(str::len).sum::<usize>()];
        let tail = |count: usize| {
            &text[text.len() - words().rev().take(count).map(str::len).sum::<usize>()..]
        };
        let n = CONTEXT_WORDS;
        if k == 0 && k == last {
            line.push_str(text);
        } else if k == 0 {
            if has_more_than(n) {
                line.push('…');
            }
            line.push_str(tail(n));
        } else if k == last {
            line.push_str(head(n));
            if has_more_than(n) {
                line.push('…');
            }
        } else if has_more_than(2 * n + 2) {
            line.push_str(head(n));
            line.push('…');
            lines.push(std::mem::take(&mut line));
            line.push('…');
            line.push_str(tail(n));
        } else {
            line.push_str(text);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

// The JSON contract's objects, borrowed from what they report and serialised as they are
// written: a report of thousands of changes is never built a second time as a tree of values.
// Their keys are in alphabetical order, the order the output has always had.

/// One change as the JSON contract has it. `words` holds the deleted and inserted runs only.
#[derive(Serialize)]
pub struct ChangeJson<'a> {
    /// For a move: the heading or label it follows in each version (null: it comes first).
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<AfterJson<'a>>,
    coarse: bool,
    item: Option<&'a str>,
    kind: &'static str,
    line: Option<usize>,
    links: Vec<LinkJson<'a>>,
    material: Vec<MaterialJson<'a>>,
    old_item: Option<&'a str>,
    old_line: Option<usize>,
    old_section: Option<&'a str>,
    section: &'a str,
    target: &'static str,
    words: Vec<WordJson<'a>>,
}

#[derive(Serialize)]
struct AfterJson<'a> {
    new: Option<&'a str>,
    old: Option<&'a str>,
    /// Those that moved with it, right after it in both versions.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    with: &'a [String],
}

#[derive(Serialize)]
struct LinkJson<'a> {
    new: Option<&'a str>,
    old: Option<&'a str>,
    text: &'a str,
}

#[derive(Serialize)]
struct MaterialJson<'a> {
    kind: &'a str,
    message: &'a str,
    new: Option<&'a str>,
    old: Option<&'a str>,
}

#[derive(Serialize)]
struct WordJson<'a> {
    /// For a run of sentences that another change inserted (or deleted): where they went (or
    /// came from).
    #[serde(skip_serializing_if = "Option::is_none")]
    moved: Option<PlaceJson<'a>>,
    op: &'static str,
    text: &'a str,
}

#[derive(Serialize)]
struct PlaceJson<'a> {
    item: Option<&'a str>,
    section: &'a str,
}

impl<'a> ChangeJson<'a> {
    pub fn of(c: &'a Change) -> ChangeJson<'a> {
        let words = (c.words.iter())
            .filter(|w| w.op != Op::Equal)
            .map(|w| WordJson {
                moved: w.moved.as_ref().map(|m| PlaceJson {
                    item: m.item.as_deref(),
                    section: &m.section,
                }),
                op: w.op.name(),
                text: &w.text,
            })
            .collect();
        let links = (c.links.iter())
            .map(|l| LinkJson {
                new: l.new.as_deref(),
                old: l.old.as_deref(),
                text: &l.text,
            })
            .collect();
        let material = (c.material.iter())
            .map(|m| MaterialJson {
                kind: &m.kind,
                message: &m.message,
                new: m.new.as_deref(),
                old: m.old.as_deref(),
            })
            .collect();
        let target = match c.target {
            Target::Section => "section",
            Target::Heading => "heading",
            Target::Intro => "intro",
            Target::Item => "item",
        };
        ChangeJson {
            after: (c.after.as_ref()).map(|a| AfterJson {
                new: a.new.as_deref(),
                old: a.old.as_deref(),
                with: &a.with,
            }),
            coarse: c.coarse,
            item: c.item.as_deref(),
            kind: c.kind.name(),
            line: c.new.map(|p| p.line),
            links,
            material,
            old_item: c.old_item.as_deref(),
            old_line: c.old.map(|p| p.line),
            old_section: c.old_section.as_deref(),
            section: &c.section,
            target,
            words,
        }
    }
}

/// A difference left out by a `[diff] ignore` pattern, as the JSON contract has it.
#[derive(Serialize)]
pub struct IgnoredJson<'a> {
    item: Option<&'a str>,
    new: &'a [String],
    old: &'a [String],
    pattern: &'a str,
    section: &'a str,
}

impl<'a> IgnoredJson<'a> {
    pub fn of(i: &'a Ignored) -> IgnoredJson<'a> {
        IgnoredJson {
            item: i.item.as_deref(),
            new: &i.new,
            old: &i.old,
            pattern: &i.pattern,
            section: &i.section,
        }
    }
}

/// The JSON contract for `diff`: one file (a diff has no findings) and the summary.
#[derive(Serialize)]
struct DiffJson<'a> {
    files: [DiffFileJson<'a>; 1],
    summary: DiffSummaryJson,
    version: u32,
}

#[derive(Serialize)]
struct DiffFileJson<'a> {
    changes: Vec<ChangeJson<'a>>,
    findings: [(); 0],
    ignored: Vec<IgnoredJson<'a>>,
    /// The version compared against: the old file, or the snapshot.
    old_path: &'a str,
    path: &'a str,
}

/// The summary `check` writes, with the same fields: a diff runs no rules, so its finding
/// counts are 0 (its material changes are in `material`), and it reads both files or fails.
#[derive(Serialize)]
struct DiffSummaryJson {
    changes: usize,
    errors: usize,
    files: usize,
    infos: usize,
    material: usize,
    unchecked: usize,
    warnings: usize,
}

impl<'a> DiffJson<'a> {
    /// The report of `cmp` with these `changes` (its own, or none: see [`json`]).
    fn of(sides: &Sides<'a>, cmp: &'a Comparison, changes: Vec<ChangeJson<'a>>) -> DiffJson<'a> {
        DiffJson {
            files: [DiffFileJson {
                changes,
                findings: [],
                ignored: cmp.ignored.iter().map(IgnoredJson::of).collect(),
                old_path: sides.old,
                path: sides.new,
            }],
            summary: DiffSummaryJson {
                changes: cmp.changes.len(),
                errors: 0,
                files: 1,
                infos: 0,
                material: material_changes(cmp),
                unchecked: 0,
                warnings: 0,
            },
            version: 1,
        }
    }
}

/// The block `check` and `snapshot review` show for change `index` of `changes`: its own, or
/// for a heading or label only renumbered, the one block of them all.
pub fn change_in_context(changes: &[Change], index: usize, sides: &Sides, color: bool) -> String {
    let mut out = String::new();
    match changes.get(index) {
        Some(c) if c.renumbered() => renumbered_block(&mut out, changes, sides, color),
        Some(c) => change_block(&mut out, c, sides, color),
        None => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(op: Op, text: &str) -> WordOp {
        WordOp::new(op, text)
    }

    /// 300 sections, each with "while" replaced by `new_word` in the new version.
    fn three_hundred_sections(new_word: &str) -> Comparison {
        let doc = |name: &str, text: String| {
            crate::outline::Document::parse(
                crate::outline::Source::new(std::path::Path::new(name), text),
                crate::outline::Format::Markdown,
                &crate::outline::OutlineSettings::default(),
            )
        };
        let old: String = (0..300)
            .map(|k| format!("# Section {k}\n\nWe keep record {k} of your visits for a while.\n\n"))
            .collect();
        let new = old.replace("for a while", &format!("for a {new_word}"));
        crate::diff::compare(
            &doc("old.md", old),
            &doc("new.md", new),
            &crate::diff::DiffSettings::default(),
        )
    }

    /// Takes `room` bytes, then refuses (and counts the writes refused).
    struct Full {
        taken: Vec<u8>,
        room: usize,
        refused: usize,
    }

    impl std::io::Write for Full {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            if self.refused > 0 || self.taken.len() + bytes.len() > self.room {
                self.refused += 1;
                return Err(std::io::Error::other("disk full"));
            }
            self.taken.extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    const SIDES: Sides = Sides {
        old: "old.md",
        new: "new.md",
    };

    #[test]
    fn blocks_rendered_on_every_core_come_in_order_until_a_write_fails() {
        let cmp = three_hundred_sections("year");
        assert_eq!(cmp.changes.len(), 300);
        let sides = SIDES;
        let written = |out: &mut Vec<u8>, bytes_per_thread| {
            write_blocks(out, &cmp.changes, &sides, false, bytes_per_thread)
        };
        let (mut alone, mut on_every_core) = (Vec::new(), Vec::new());
        written(&mut alone, usize::MAX).unwrap();
        written(&mut on_every_core, 1).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&on_every_core),
            String::from_utf8_lossy(&alone)
        );
        let text = String::from_utf8_lossy(&alone);
        assert_eq!(text.matches("for a [-while-]{+year+}.").count(), 300);
        assert!(text.find("Section 0").unwrap() < text.find("Section 299").unwrap());

        let mut full = Full {
            taken: Vec::new(),
            room: alone.len() / 2,
            refused: 0,
        };
        let failed = write_blocks(&mut full, &cmp.changes, &sides, false, 1);
        assert_eq!(failed.unwrap_err().to_string(), "disk full");
        assert!(alone.starts_with(&full.taken));
        assert!(full.taken.len() <= alone.len() / 2);
        assert_eq!(full.refused, 1, "nothing is written after a write failed");
    }

    #[test]
    fn json_serialised_on_every_core_is_serde_json_s_pretty_print_of_the_whole() {
        // Quotes, a backslash and a line break in a word: escaped, never indented.
        let cmp = three_hundred_sections("\"year\" \\ or\u{2028}two");
        assert_eq!(cmp.changes.len(), 300);
        let whole = |cmp: &Comparison| {
            let changes = cmp.changes.iter().map(ChangeJson::of).collect();
            serde_json::to_string_pretty(&DiffJson::of(&SIDES, cmp, changes)).unwrap() + "\n"
        };
        let written = |cmp: &Comparison, bytes_per_thread| {
            let mut out = Vec::new();
            write_json(&mut out, cmp, &SIDES, bytes_per_thread).unwrap();
            String::from_utf8(out).unwrap()
        };
        for bytes_per_thread in [usize::MAX, 1] {
            assert_eq!(written(&cmp, bytes_per_thread), whole(&cmp));
        }
        let unchanged = three_hundred_sections("while");
        assert!(unchanged.changes.is_empty());
        assert_eq!(written(&unchanged, 1), whole(&unchanged));
        // A write that fails ends it, with the error.
        let mut full = Full {
            taken: Vec::new(),
            room: whole(&cmp).len() / 2,
            refused: 0,
        };
        let failed = write_json(&mut full, &cmp, &SIDES, 1);
        assert_eq!(failed.unwrap_err().to_string(), "disk full");
        assert_eq!(full.refused, 1);
    }

    #[test]
    fn a_change_in_json_has_every_field_of_the_contract_from_its_own_source() {
        let place = |section, line| crate::diff::Place {
            section,
            item: Some(0),
            line,
            words: None,
        };
        let change = Change {
            kind: ChangeKind::Modified,
            target: Target::Item,
            section: "Purposes".to_string(),
            old_section: Some("Why".to_string()),
            item: Some("Advertising".to_string()),
            old_item: Some("Ads".to_string()),
            old: Some(place(1, 7)),
            new: Some(place(2, 9)),
            words: vec![
                op(Op::Equal, "to "),
                op(Op::Delete, "display"),
                op(Op::Insert, "show"),
            ],
            links: vec![LinkChange {
                text: "policy".to_string(),
                old: Some("a.html".to_string()),
                new: None,
            }],
            coarse: true,
            material: vec![crate::diff::Material {
                kind: "negation".to_string(),
                message: "\"not\" removed".to_string(),
                old: Some("do not".into()),
                new: None,
            }],
            after: None,
        };
        let json = serde_json::to_string(&ChangeJson::of(&change)).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"{"coarse":true,"item":"Advertising","kind":"modified","line":9,"#,
                r#""links":[{"new":null,"old":"a.html","text":"policy"}],"#,
                r#""material":[{"kind":"negation","message":"\"not\" removed","new":null,"#,
                r#""old":"do not"}],"old_item":"Ads","old_line":7,"old_section":"Why","#,
                r#""section":"Purposes","target":"item","#,
                r#""words":[{"op":"delete","text":"display"},{"op":"insert","text":"show"}]}"#
            )
        );
        // A move says what it follows, in each version.
        let moved = Change {
            kind: ChangeKind::Moved,
            words: Vec::new(),
            links: Vec::new(),
            material: Vec::new(),
            after: Some(After {
                old: Some("Ads".to_string()),
                new: None,
                with: Vec::new(),
            }),
            ..change
        };
        let json = serde_json::to_string(&ChangeJson::of(&moved)).unwrap();
        assert!(
            json.starts_with(r#"{"after":{"new":null,"old":"Ads"},"#),
            "{json}"
        );
        let mut human = String::new();
        change_block(&mut human, &moved, &Sides { old: "a", new: "b" }, false);
        assert!(
            human.contains("\n  now first in its section (was after \"Ads\")\n"),
            "{human}"
        );
        // And what moved with it.
        let mut block = moved;
        if let Some(after) = &mut block.after {
            after.with = vec![
                "Cookies".to_string(),
                "Emails".to_string(),
                "Ads".to_string(),
            ];
        }
        let json = serde_json::to_string(&ChangeJson::of(&block)).unwrap();
        assert!(
            json.starts_with(
                r#"{"after":{"new":null,"old":"Ads","with":["Cookies","Emails","Ads"]},"#
            ),
            "{json}"
        );
        let mut human = String::new();
        change_block(&mut human, &block, &Sides { old: "a", new: "b" }, false);
        assert!(
            human.contains(
                "\n  now first in its section (was after \"Ads\"), with \"Cookies\", \"Emails\" and \"Ads\" after it\n"
            ),
            "{human}"
        );
    }

    #[test]
    fn without_colour_words_are_marked_as_git_does() {
        let ops = [
            op(Op::Equal, "We use your personal information to "),
            op(Op::Delete, "display"),
            op(Op::Insert, "show"),
            op(Op::Equal, " interest-based ads."),
        ];
        assert_eq!(
            context_lines(&ops, false),
            ["We use your personal information to [-display-]{+show+} interest-based ads."]
        );
    }

    #[test]
    fn long_unchanged_text_is_cut_to_context() {
        let long: String = (0..40).map(|i| format!("w{i} ")).collect();
        let ops = [
            op(Op::Equal, &long),
            op(Op::Delete, "a"),
            op(Op::Equal, &format!(" {long}")),
            op(Op::Insert, "b"),
            op(Op::Equal, &format!(" {long}")),
        ];
        let lines = context_lines(&ops, false);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[0].starts_with("…w32 ") && lines[0].contains("[-a-]"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].starts_with("…") && lines[1].contains("{+b+}"),
            "{}",
            lines[1]
        );
        assert!(lines[1].ends_with('…'), "{}", lines[1]);
    }

    /// Eight words of context, counted as `git diff --word-diff` splits them at spaces; an
    /// unchanged stretch between changes is cut only past eighteen.
    #[test]
    fn context_is_cut_past_eight_words_at_each_end() {
        // Words `name` numbered over `range`, each followed by a space.
        let words = |name: &str, range: std::ops::Range<usize>| -> String {
            range.map(|i| format!("{name}{i} ")).collect()
        };
        let lines = |middle: usize| {
            let ops = [
                op(Op::Equal, &words("w", 0..9)),
                op(Op::Delete, "a"),
                op(Op::Equal, &words("m", 0..middle)),
                op(Op::Insert, "b"),
                op(Op::Equal, words("e", 0..9).trim_end()),
            ];
            context_lines(&ops, false)
        };
        let (before, after) = (words("w", 1..9), words("e", 0..8));
        assert_eq!(
            lines(18),
            [format!(
                "…{before}[-a-]{}{{+b+}}{after}…",
                words("m", 0..18)
            )]
        );
        assert_eq!(
            lines(19),
            [
                format!("…{before}[-a-]{}…", words("m", 0..8)),
                format!("…{}{{+b+}}{after}…", words("m", 11..19)),
            ]
        );
    }
}
