//! Changes that only regroup the text: the same headings, labels and sentences in the same order,
//! held by other sections or items. A bold line now read as a heading, a section number that
//! continues in a run-in label, a heading's underline dropped, or a snapshot's text read into
//! another outline by a newer policy-lint: a reader reads no change there, and none is reported.

use std::ops::Range;
use std::time::{Duration, Instant};

use super::hash::hash_bytes;
use super::{Change, ChangeKind, Place, Target};
use crate::outline::Document;

/// How long the reading orders may be compared; past it the comparison is coarser, and finds
/// fewer pieces in place (so leaves more changes reported, never fewer).
const DEADLINE: Duration = Duration::from_millis(100);

/// Takes out of `changes` (between `old` and `new`) the sections and items added, removed or
/// modified whose every heading, label and sentence stands in both versions in the same order
/// of reading, and returns them. Only where a section or item was added or removed: regrouping
/// moves text from one to another.
pub fn take_regrouped(changes: &mut Vec<Change>, old: &Document, new: &Document) -> Vec<Change> {
    let regrouping = changes.iter().any(|c| {
        matches!(c.kind, ChangeKind::Added | ChangeKind::Removed)
            && matches!(c.target, Target::Section | Target::Item)
    });
    if !regrouping {
        return Vec::new();
    }
    let (old, new) = (Reading::of(old), Reading::of(new));
    let (old_in_place, new_in_place) = in_place(&old.hashes, &new.hashes);
    let all_in_place = |reading: &Reading, in_place: &[bool], target, place: Option<Place>| {
        (place.and_then(|p| reading.pieces(target, p)))
            .is_some_and(|r| in_place[r].iter().all(|&b| b))
    };
    let only_regrouped = |c: &Change| match c.kind {
        ChangeKind::Added => all_in_place(&new, &new_in_place, c.target, c.new),
        ChangeKind::Removed => all_in_place(&old, &old_in_place, c.target, c.old),
        ChangeKind::Modified => {
            c.links.is_empty()
                && all_in_place(&old, &old_in_place, c.target, c.old)
                && all_in_place(&new, &new_in_place, c.target, c.new)
        }
        _ => false,
    };
    let (regrouped, kept) = std::mem::take(changes)
        .into_iter()
        .partition(only_regrouped);
    *changes = kept;
    regrouped
}

/// A version's headings, labels and sentences in reading order, as hashes of their text
/// (without the final punctuation a heading drops when it becomes a label), and where each
/// section's and item's stand.
struct Reading {
    hashes: Vec<u64>,
    sections: Vec<SectionPieces>,
}

struct SectionPieces {
    all: Range<usize>,
    heading: Option<usize>,
    intro: Range<usize>,
    items: Vec<Range<usize>>,
}

impl Reading {
    fn of(doc: &Document) -> Reading {
        let mut hashes = Vec::new();
        let mut sections = Vec::with_capacity(doc.sections.len());
        for section in &doc.sections {
            let start = hashes.len();
            let heading = (!section.heading.is_empty()).then(|| {
                hashes.push(piece_hash(&section.heading));
                start
            });
            let intro_start = hashes.len();
            hashes.extend(section.intro.iter().map(|s| piece_hash(&s.text)));
            let intro = intro_start..hashes.len();
            let mut items = Vec::with_capacity(section.items.len());
            for item in &section.items {
                let item_start = hashes.len();
                hashes.push(piece_hash(&item.label));
                hashes.extend(item.sentences.iter().map(|s| piece_hash(&s.text)));
                items.push(item_start..hashes.len());
            }
            sections.push(SectionPieces {
                all: start..hashes.len(),
                heading,
                intro,
                items,
            });
        }
        Reading { hashes, sections }
    }

    /// The pieces of what `target` at `place` names.
    fn pieces(&self, target: Target, place: Place) -> Option<Range<usize>> {
        let section = self.sections.get(place.section)?;
        match (target, place.item) {
            (Target::Section, _) => Some(section.all.clone()),
            (Target::Heading, _) => section.heading.map(|h| h..h + 1),
            (Target::Intro, _) => Some(section.intro.clone()),
            (Target::Item, Some(k)) => section.items.get(k).cloned(),
            (Target::Item, None) => None,
        }
    }
}

/// A piece's text as compared: without the final punctuation a heading keeps and a label drops.
fn piece_hash(text: &str) -> u64 {
    let text = text
        .trim()
        .trim_end_matches(['?', ':', '.', '!'])
        .trim_end();
    hash_bytes(text.as_bytes())
}

/// Which pieces of each reading stand in the other in the same order (a longest common
/// subsequence of the two).
fn in_place(old: &[u64], new: &[u64]) -> (Vec<bool>, Vec<bool>) {
    let (mut old_in, mut new_in) = (vec![false; old.len()], vec![false; new.len()]);
    let deadline = Some(Instant::now() + DEADLINE);
    let ops = similar::capture_diff_deadline(
        similar::Algorithm::Myers,
        old,
        0..old.len(),
        new,
        0..new.len(),
        deadline,
    );
    for op in ops {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            old_in[old_index..old_index + len].fill(true);
            new_in[new_index..new_index + len].fill(true);
        }
    }
    (old_in, new_in)
}
