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
    let added_or_removed = |c: &&Change| {
        matches!(c.kind, ChangeKind::Added | ChangeKind::Removed)
            && matches!(c.target, Target::Section | Target::Item)
    };
    if !changes.iter().any(|c| added_or_removed(&c)) {
        return Vec::new();
    }
    let (old, new) = (Reading::of(old), Reading::of(new));
    // One added or removed whose text stands whole in the other version, before comparing the
    // whole orders: most are new text, or gone.
    let fingerprints = |r: &Reading| r.pieces.iter().map(|p| fingerprint(p)).collect::<Vec<_>>();
    let (old_prints, new_prints) = (fingerprints(&old), fingerprints(&new));
    let stands_whole = |c: &Change| match c.kind {
        ChangeKind::Added => (new.unit(c.target, c.new)).is_some_and(|u| old.holds(&old_prints, u)),
        _ => (old.unit(c.target, c.old)).is_some_and(|u| new.holds(&new_prints, u)),
    };
    if !changes.iter().filter(added_or_removed).any(stands_whole) {
        return Vec::new();
    }
    let (old_in_place, new_in_place) = in_place(&old.hashes(), &new.hashes());
    let all_in_place = |reading: &Reading, in_place: &[bool], target, place| {
        (reading.range(target, place)).is_some_and(|r| in_place[r].iter().all(|&b| b))
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
    let (regrouped, kept) = (std::mem::take(changes).into_iter()).partition(only_regrouped);
    *changes = kept;
    regrouped
}

/// A version's headings, labels and sentences in reading order, each without the final
/// punctuation a heading keeps and a label drops, and where each section's and item's stand.
struct Reading<'d> {
    pieces: Vec<&'d str>,
    sections: Vec<SectionPieces>,
}

/// What tells most pieces apart without reading them: their length and first and last bytes.
fn fingerprint(piece: &str) -> u64 {
    let bytes = piece.as_bytes();
    let (first, last) = (bytes.first().copied(), bytes.last().copied());
    (piece.len() as u64) << 16 | u64::from(first.unwrap_or(0)) << 8 | u64::from(last.unwrap_or(0))
}

struct SectionPieces {
    all: Range<usize>,
    heading: Option<usize>,
    intro: Range<usize>,
    items: Vec<Range<usize>>,
}

impl<'d> Reading<'d> {
    fn of(doc: &'d Document) -> Reading<'d> {
        let mut pieces = Vec::new();
        let mut sections = Vec::with_capacity(doc.sections.len());
        for section in &doc.sections {
            let start = pieces.len();
            let heading = (!section.heading.is_empty()).then(|| {
                pieces.push(piece(&section.heading));
                start
            });
            let intro_start = pieces.len();
            pieces.extend(section.intro.iter().map(|s| piece(&s.text)));
            let intro = intro_start..pieces.len();
            let mut items = Vec::with_capacity(section.items.len());
            for item in &section.items {
                let item_start = pieces.len();
                pieces.push(piece(&item.label));
                pieces.extend(item.sentences.iter().map(|s| piece(&s.text)));
                items.push(item_start..pieces.len());
            }
            sections.push(SectionPieces {
                all: start..pieces.len(),
                heading,
                intro,
                items,
            });
        }
        Reading { pieces, sections }
    }

    /// Where the pieces of what `target` at `place` names stand.
    fn range(&self, target: Target, place: Option<Place>) -> Option<Range<usize>> {
        let place = place?;
        let section = self.sections.get(place.section)?;
        match (target, place.item) {
            (Target::Section, _) => Some(section.all.clone()),
            (Target::Heading, _) => section.heading.map(|h| h..h + 1),
            (Target::Intro, _) => Some(section.intro.clone()),
            (Target::Item, Some(k)) => section.items.get(k).cloned(),
            (Target::Item, None) => None,
        }
    }

    /// The pieces of what `target` at `place` names.
    fn unit(&self, target: Target, place: Option<Place>) -> Option<&[&'d str]> {
        self.range(target, place).map(|r| &self.pieces[r])
    }

    /// Whether `unit`'s pieces stand here one after another (`fingerprints`: this reading's).
    fn holds(&self, fingerprints: &[u64], unit: &[&str]) -> bool {
        let Some(first) = unit.first() else {
            return false;
        };
        let key = fingerprint(first);
        (fingerprints.iter().enumerate())
            .filter(|&(_, &f)| f == key)
            .any(|(i, _)| self.pieces[i..].starts_with(unit))
    }

    fn hashes(&self) -> Vec<u64> {
        (self.pieces.iter())
            .map(|p| hash_bytes(p.as_bytes()))
            .collect()
    }
}

/// A piece's text as compared: without the final punctuation a heading keeps and a label drops
/// (the outline's texts have no space at either end).
fn piece(text: &str) -> &str {
    text.trim_end_matches(['?', ':', '.', '!'])
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
