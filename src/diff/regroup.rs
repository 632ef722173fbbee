//! Changes that only regroup the text: the same headings, labels and sentences (and the same
//! link targets in them) in the same order, held by other sections or items. A bold line now
//! read as a heading, a section number that continues in a run-in label, a heading's underline
//! dropped, or a snapshot's text read into another outline by a newer policy-lint: a reader
//! reads no change there, and none is reported.
//!
//! A regrouping is left out only on its own: one whose text the order of reading pairs with
//! text of a change that is reported (a section added whose sentence was removed from an item,
//! a sentence lost from one section and found in a section that moved) is reported with it, so
//! that accepting or rejecting that change takes or leaves the whole of it.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::time::{Duration, Instant};

use super::hash::{FastMap, WordHasher, hash_bytes};
use super::shared::diff_shared;
use super::{Change, ChangeKind, Place, Target};
use crate::outline::{Document, Span};

/// How long the reading orders may be compared; past it the comparison is coarser, and finds
/// fewer pieces in place (so leaves more changes reported, never fewer).
const DEADLINE: Duration = Duration::from_millis(100);

/// Takes out of `changes` (between `old` and `new`) the sections and items added, removed or
/// modified whose every heading, label and sentence stands in both versions in the same order
/// of reading, paired with no text of a change reported, and returns them. Only where a
/// section or item was added or removed: regrouping moves text from one to another.
pub fn take_regrouped(changes: &mut Vec<Change>, old: &Document, new: &Document) -> Vec<Change> {
    // Or a heading put over the text before the first heading, or taken from it: its first
    // line made a heading ("Privacy Policy" marked `#`), as a text page reads a web page's title.
    let regroups = |c: &&Change| {
        (matches!(c.kind, ChangeKind::Added | ChangeKind::Removed)
            && matches!(c.target, Target::Section | Target::Item))
            || c.kind == ChangeKind::Renamed
    };
    if !changes.iter().any(|c| regroups(&c)) {
        return Vec::new();
    }
    let (old, new) = (Reading::of(old), Reading::of(new));
    // One whose text stands whole in the other version, before comparing the whole orders:
    // most are new text, or gone. A heading none of the versions has stands anywhere.
    let stands_whole = |c: &Change| {
        let holds = |reading: &Reading, other: &Reading, place| {
            (reading.range(c.target, place)).is_none_or(|r| other.holds(reading, r))
        };
        match c.kind {
            ChangeKind::Added => new
                .range(c.target, c.new)
                .is_some_and(|r| old.holds(&new, r)),
            ChangeKind::Removed => old
                .range(c.target, c.old)
                .is_some_and(|r| new.holds(&old, r)),
            _ => holds(&old, &new, c.old) && holds(&new, &old, c.new),
        }
    };
    if !changes.iter().filter(regroups).any(stands_whole) {
        return Vec::new();
    }
    let (old_to_new, new_to_old) = in_place(&old.hashes(), &new.hashes());
    let all_in_place = |reading: &Reading, to_other: &[Option<usize>], target, place| {
        (reading.range(target, place)).is_some_and(|r| to_other[r].iter().all(Option::is_some))
    };
    // The text before the first heading has none: the heading the other version gives it
    // takes its first line.
    let heading_in_place = |reading: &Reading, to_other: &[Option<usize>], place| {
        all_in_place(reading, to_other, Target::Heading, place)
            || place.is_some_and(|p: Place| reading.is_preamble(p.section))
    };
    let mut regrouped: Vec<bool> = (changes.iter())
        .map(|c| match c.kind {
            ChangeKind::Added => all_in_place(&new, &new_to_old, c.target, c.new),
            ChangeKind::Removed => all_in_place(&old, &old_to_new, c.target, c.old),
            ChangeKind::Renamed => {
                heading_in_place(&old, &old_to_new, c.old)
                    && heading_in_place(&new, &new_to_old, c.new)
                    && [(&old, c.old), (&new, c.new)]
                        .iter()
                        .any(|(r, place)| place.is_some_and(|p| r.is_preamble(p.section)))
            }
            // Its link changes too: each piece's hash holds its links' targets, so a link in
            // place is the same link, only now in another unit.
            ChangeKind::Modified => {
                all_in_place(&old, &old_to_new, c.target, c.old)
                    && all_in_place(&new, &new_to_old, c.target, c.new)
            }
            _ => false,
        })
        .collect();
    // Regrouped text goes from changed units to changed units: text a change would take from
    // (or give to) a unit that is the same in both versions is text that unit still has (or
    // had), a copy too many or too few ("We share your city" in a removed item and in a section
    // both versions have).
    let (mut old_changed, mut new_changed) = (HashSet::new(), HashSet::new());
    for c in changes.iter() {
        old_changed.extend(old.units(c.target, c.old));
        new_changed.extend(new.units(c.target, c.new));
    }
    let lands_in = |reading: &Reading,
                    place,
                    target,
                    to_other: &[Option<usize>],
                    other: &Reading,
                    changed: &HashSet<Unit>| {
        (reading.range(target, place).into_iter().flatten())
            .filter_map(|i| to_other[i])
            .all(|j| other.owner(j).is_some_and(|unit| changed.contains(&unit)))
    };
    for (c, r) in changes
        .iter()
        .zip(regrouped.iter_mut())
        .filter(|(_, r)| **r)
    {
        *r = lands_in(&old, c.old, c.target, &old_to_new, &new, &new_changed)
            && lands_in(&new, c.new, c.target, &new_to_old, &old, &old_changed);
    }
    // The units the reported changes touch, on each side; a regrouping whose text pairs with
    // one of them is reported too, and touches its own.
    let (mut old_touched, mut new_touched) = (HashSet::new(), HashSet::new());
    let touch = |c: &Change, old_touched: &mut HashSet<Unit>, new_touched: &mut HashSet<Unit>| {
        old_touched.extend(old.units(c.target, c.old));
        new_touched.extend(new.units(c.target, c.new));
    };
    for (c, _) in changes.iter().zip(&regrouped).filter(|(_, r)| !**r) {
        touch(c, &mut old_touched, &mut new_touched);
    }
    loop {
        let mut coupled = false;
        for (c, r) in changes
            .iter()
            .zip(regrouped.iter_mut())
            .filter(|(_, r)| **r)
        {
            let pairs_with = |reading: &Reading,
                              place,
                              to_other: &[Option<usize>],
                              other: &Reading,
                              touched: &HashSet<Unit>| {
                (reading.range(c.target, place).into_iter().flatten())
                    .filter_map(|i| to_other[i])
                    .any(|j| other.owner(j).is_some_and(|unit| touched.contains(&unit)))
            };
            if pairs_with(&old, c.old, &old_to_new, &new, &new_touched)
                || pairs_with(&new, c.new, &new_to_old, &old, &old_touched)
            {
                *r = false;
                coupled = true;
                touch(c, &mut old_touched, &mut new_touched);
            }
        }
        if !coupled {
            break;
        }
    }
    let mut flags = regrouped.into_iter();
    let (taken, kept) =
        (std::mem::take(changes).into_iter()).partition(|_| flags.next().unwrap_or(false));
    *changes = kept;
    taken
}

/// A part of a section that a change touches: its heading, its intro, or one of its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Unit {
    section: usize,
    part: Part,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Part {
    Heading,
    Intro,
    Item(usize),
}

/// A heading, label or sentence as compared: its text without the final punctuation a heading
/// keeps and a label drops (the outline's texts have no space at either end), and where it
/// stands in the file (for the targets of the links in it, compared with the text).
#[derive(Debug, Clone, Copy)]
struct Piece<'d> {
    text: &'d str,
    span: &'d Span,
}

impl<'d> Piece<'d> {
    fn of(text: &'d str, span: &'d Span) -> Piece<'d> {
        Piece {
            text: text.trim_end_matches(['?', ':', '.', '!']),
            span,
        }
    }

    /// What tells most pieces apart without reading them: their length and first and last bytes.
    fn fingerprint(&self) -> u64 {
        let bytes = self.text.as_bytes();
        let (first, last) = (bytes.first().copied(), bytes.last().copied());
        (self.text.len() as u64) << 16
            | u64::from(first.unwrap_or(0)) << 8
            | u64::from(last.unwrap_or(0))
    }
}

/// Pushes a label's or sentence's pieces: the text of each table cell in it (cells are joined
/// by " | "), so that a row read as one sentence by one policy-lint and as an item named by its
/// first cell by a newer one ("Correction | Request that we amend …") is the same text.
fn push_cells<'d>(pieces: &mut Vec<Piece<'d>>, text: &'d str, span: &'d Span) {
    if !text.contains(" |") && !text.starts_with('|') {
        pieces.push(Piece::of(text, span));
        return;
    }
    let cells = text.split(" | ").map(|cell| cell.trim_matches(['|', ' ']));
    pieces.extend(cells.filter(|c| !c.is_empty()).map(|c| Piece::of(c, span)));
}

/// A version's pieces in reading order, and where each section's and item's stand.
struct Reading<'d> {
    doc: &'d Document,
    pieces: Vec<Piece<'d>>,
    /// The pieces of each fingerprint, in order: where a run of pieces may start (made when
    /// first looked in).
    with_fingerprint: OnceCell<FastMap<u64, Vec<usize>>>,
    sections: Vec<SectionPieces>,
}

struct SectionPieces {
    all: Range<usize>,
    heading: Option<usize>,
    intro: Range<usize>,
    items: Vec<Range<usize>>,
}

impl<'d> Reading<'d> {
    /// Whether section `s` is the text before the first heading: it has none.
    fn is_preamble(&self, s: usize) -> bool {
        self.sections.get(s).is_some_and(|s| s.heading.is_none())
    }

    /// Made whenever a section or item was added or removed, of both versions whole: sized
    /// once, and holding no more than it must (a 6 MB pair's took 14 MB, and 10 ms of its
    /// diff, grown piece by piece with each piece's unit and fingerprint).
    fn of(doc: &'d Document) -> Reading<'d> {
        let count = (doc.sections.iter())
            .map(|s| {
                let items = s.items.iter().map(|item| 1 + item.sentences.len());
                usize::from(!s.heading.is_empty()) + s.intro.len() + items.sum::<usize>()
            })
            .sum();
        let mut pieces = Vec::with_capacity(count);
        let mut sections = Vec::with_capacity(doc.sections.len());
        for section in &doc.sections {
            let start = pieces.len();
            let heading = (!section.heading.is_empty()).then(|| {
                pieces.push(Piece::of(&section.heading, &section.heading_span));
                start
            });
            let intro_start = pieces.len();
            for x in &section.intro {
                push_cells(&mut pieces, &x.text, &x.span);
            }
            let intro = intro_start..pieces.len();
            let mut items = Vec::with_capacity(section.items.len());
            for item in &section.items {
                let item_start = pieces.len();
                push_cells(&mut pieces, &item.label, &item.label_span);
                for x in &item.sentences {
                    push_cells(&mut pieces, &x.text, &x.span);
                }
                items.push(item_start..pieces.len());
            }
            sections.push(SectionPieces {
                all: start..pieces.len(),
                heading,
                intro,
                items,
            });
        }
        Reading {
            doc,
            pieces,
            with_fingerprint: OnceCell::new(),
            sections,
        }
    }

    /// The unit piece `i` belongs to.
    fn owner(&self, i: usize) -> Option<Unit> {
        let s = self
            .sections
            .partition_point(|section| section.all.end <= i);
        let section = self.sections.get(s)?;
        let part = if section.heading == Some(i) {
            Part::Heading
        } else if section.intro.contains(&i) {
            Part::Intro
        } else {
            Part::Item(section.items.partition_point(|item| item.end <= i))
        };
        Some(Unit { section: s, part })
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

    /// The units what `target` at `place` names: a whole section's, or one.
    fn units(&self, target: Target, place: Option<Place>) -> Vec<Unit> {
        let Some(place) = place else {
            return Vec::new();
        };
        let unit = |part| Unit {
            section: place.section,
            part,
        };
        match (target, place.item) {
            (Target::Section, _) => {
                let items = self
                    .sections
                    .get(place.section)
                    .map_or(0, |s| s.items.len());
                let parts = [Part::Heading, Part::Intro].into_iter();
                parts.chain((0..items).map(Part::Item)).map(unit).collect()
            }
            (Target::Heading, _) => vec![unit(Part::Heading)],
            (Target::Intro, _) => vec![unit(Part::Intro)],
            (Target::Item, Some(k)) => vec![unit(Part::Item(k))],
            (Target::Item, None) => Vec::new(),
        }
    }

    /// Whether the texts of the pieces `range` of `other` stand here one after another.
    fn holds(&self, other: &Reading, range: Range<usize>) -> bool {
        let Some(first) = other.pieces.get(range.start).map(Piece::fingerprint) else {
            return false;
        };
        let unit = &other.pieces[range];
        // Looked up, not searched for: a policy rewritten throughout adds and removes
        // thousands of sections and items, each looked for in the other version.
        let with_fingerprint = self.with_fingerprint.get_or_init(|| {
            let mut map: FastMap<u64, Vec<usize>> = FastMap::default();
            for (i, piece) in self.pieces.iter().enumerate() {
                map.entry(piece.fingerprint()).or_default().push(i);
            }
            map
        });
        (with_fingerprint.get(&first).into_iter().flatten()).any(|&i| {
            let here = &self.pieces[i..(i + unit.len()).min(self.pieces.len())];
            here.len() == unit.len() && here.iter().zip(unit).all(|(a, b)| a.text == b.text)
        })
    }

    /// Each piece's text and link targets, hashed.
    fn hashes(&self) -> Vec<u64> {
        (self.pieces.iter())
            .map(|p| {
                let mut links = WordHasher::default();
                for link in self.doc.links_in(p.span) {
                    link.target.hash(&mut links);
                }
                hash_bytes(p.text.as_bytes()) ^ links.finish().rotate_left(1)
            })
            .collect()
    }
}

/// Where each piece of each reading stands in the other, for those that stand in it in the same
/// order (a longest common subsequence of the two). Pieces the other reading has nowhere are
/// left out before the orders are compared ([`diff_shared`]): no common subsequence holds them, and a policy
/// rewritten throughout is mostly such pieces (Instagram's, 713 pieces against 1,554 of its
/// next version: 5.4 ms compared whole).
pub(super) fn in_place(old: &[u64], new: &[u64]) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let (mut old_to_new, mut new_to_old) = (vec![None; old.len()], vec![None; new.len()]);
    let deadline = Some(Instant::now() + DEADLINE);
    for op in diff_shared(similar::Algorithm::Myers, old, new, deadline) {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for k in 0..len {
                old_to_new[old_index + k] = Some(new_index + k);
                new_to_old[new_index + k] = Some(old_index + k);
            }
        }
    }
    (old_to_new, new_to_old)
}

#[cfg(test)]
mod tests {
    use super::in_place;

    /// The length of a longest common subsequence, by the textbook table.
    fn lcs_len(a: &[u64], b: &[u64]) -> usize {
        let mut table = vec![vec![0; b.len() + 1]; a.len() + 1];
        for i in 0..a.len() {
            for j in 0..b.len() {
                table[i + 1][j + 1] = match a[i] == b[j] {
                    true => table[i][j] + 1,
                    false => table[i][j + 1].max(table[i + 1][j]),
                };
            }
        }
        table[a.len()][b.len()]
    }

    #[test]
    fn pieces_only_one_reading_has_stand_nowhere_and_keep_the_others_paired() {
        let (old_to_new, new_to_old) = in_place(&[1, 2, 3, 4], &[9, 1, 8, 2, 4, 7]);
        assert_eq!(old_to_new, [Some(1), Some(3), None, Some(4)]);
        assert_eq!(new_to_old, [None, Some(0), None, Some(1), Some(3), None]);
    }

    proptest::proptest! {
        /// The pieces in place are a common subsequence, paired both ways, and a longest one.
        #[test]
        fn in_place_is_a_longest_common_subsequence(
            old in proptest::collection::vec(0u64..6, 0..40),
            new in proptest::collection::vec(0u64..6, 0..40),
        ) {
            let (old_to_new, new_to_old) = in_place(&old, &new);
            let pairs: Vec<(usize, usize)> = (old_to_new.iter().enumerate())
                .filter_map(|(o, n)| Some((o, (*n)?)))
                .collect();
            for &(o, n) in &pairs {
                proptest::prop_assert_eq!(old[o], new[n]);
                proptest::prop_assert_eq!(new_to_old[n], Some(o));
            }
            proptest::prop_assert!(pairs.windows(2).all(|w| w[0].1 < w[1].1));
            proptest::prop_assert_eq!(new_to_old.iter().flatten().count(), pairs.len());
            proptest::prop_assert_eq!(pairs.len(), lcs_len(&old, &new));
        }
    }
}
