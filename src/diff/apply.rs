//! Applying some changes and not others: the outline a review accepts, built from the old and
//! the new version so that it holds exactly the accepted changes.

use std::collections::HashSet;

use super::align::Alignment;
use super::{ChangeKind, Comparison, Target};
use crate::outline::Document;
use crate::snapshot::SectionParts;

/// A place in the merged order: an old entry (kept, perhaps updated) or a new one (added).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Old(usize),
    New(usize),
}

/// The sections of `old` with the changes of `comparison` marked in `accepted` applied (one flag
/// per change, in order). Everything accepted: the new version; nothing: the old text. Text
/// that compares equal (markup such as a heading's level, declared noise) is taken from the new
/// version, so accepting every change gives the new version byte for byte.
pub fn apply<'a>(
    old: &'a Document,
    new: &'a Document,
    comparison: &Comparison,
    accepted: &[bool],
) -> Vec<SectionParts<'a>> {
    let mut d = Decisions::default();
    // What only regroups the text is accepted with the rest when all of it is; beside changes
    // rejected, it is rejected too: it would move text the snapshot keeps where it was
    // approved (the text a rejected addition holds).
    let all = accepted.iter().all(|&ok| ok);
    let reported = comparison.changes.iter().zip(accepted.iter().copied());
    for (c, ok) in reported.chain(comparison.regrouped.iter().map(|c| (c, all))) {
        let (o, n) = (c.old, c.new);
        let old_item = o.and_then(|p| p.item.map(|k| (p.section, k)));
        let new_item = n.and_then(|p| p.item.map(|k| (p.section, k)));
        match (ok, c.kind, c.target) {
            (true, ChangeKind::Added, Target::Section) => d.added.extend(n.map(|p| p.section)),
            (true, ChangeKind::Removed, Target::Section) => d.removed.extend(o.map(|p| p.section)),
            (true, ChangeKind::Moved, Target::Section) => {
                if let Some(p) = o {
                    d.moved
                        .extend(moving_along(&comparison.sections, p.section));
                }
            }
            (true, ChangeKind::Added, Target::Item) => d.added_items.extend(new_item),
            (true, ChangeKind::Removed, Target::Item) => d.removed_items.extend(old_item),
            (true, ChangeKind::Moved, Target::Item) => {
                if let Some((i, a)) = old_item
                    && let Some(k) = comparison.sections.pair_of_old(i)
                {
                    d.moved_items
                        .extend(moving_along(&comparison.items[k], a).map(|a| (i, a)));
                }
            }
            (_, ChangeKind::Added | ChangeKind::Removed | ChangeKind::Moved, _) => {}
            (_, _, Target::Section) | (true, _, _) => {}
            (false, _, Target::Heading) => d.old_heading.extend(o.map(|p| p.section)),
            (false, _, Target::Intro) => d.old_intro.extend(o.map(|p| p.section)),
            (false, _, Target::Item) => d.old_items.extend(old_item),
        }
    }
    let sections = &comparison.sections;
    let order = merge_order(
        old.sections.len(),
        new.sections.len(),
        sections,
        |i| d.removed.contains(&i),
        |j| d.added.contains(&j),
        |i| d.moved.contains(&i),
    );
    order
        .into_iter()
        .map(|slot| match slot {
            Slot::New(j) => SectionParts::whole(new, &new.sections[j]),
            Slot::Old(i) => {
                let os = &old.sections[i];
                let pair = sections.pairs.binary_search_by_key(&i, |p| p.0).ok();
                let Some(k) = pair else {
                    return SectionParts::whole(old, os);
                };
                let j = sections.pairs[k].1;
                let ns = &new.sections[j];
                let items = &comparison.items[k];
                let pick = |set: &HashSet<usize>| {
                    if set.contains(&i) {
                        (old, os)
                    } else {
                        (new, ns)
                    }
                };
                let item_order = merge_order(
                    os.items.len(),
                    ns.items.len(),
                    items,
                    |a| d.removed_items.contains(&(i, a)),
                    |b| d.added_items.contains(&(j, b)),
                    |a| d.moved_items.contains(&(i, a)),
                );
                SectionParts {
                    heading: pick(&d.old_heading),
                    intro: pick(&d.old_intro),
                    items: item_order
                        .into_iter()
                        .map(|slot| match slot {
                            Slot::New(b) => (new, &ns.items[b]),
                            Slot::Old(a) => match items.new_of(a) {
                                Some(b) if !d.old_items.contains(&(i, a)) => (new, &ns.items[b]),
                                _ => (old, &os.items[a]),
                            },
                        })
                        .collect(),
                }
            }
        })
        .collect()
}

/// Old entry `i`, moved, and the old entries that moved with it: accepting its move moves them.
fn moving_along(alignment: &Alignment, i: usize) -> impl Iterator<Item = usize> + '_ {
    let followers = (alignment.pair_of_old(i).into_iter())
        .flat_map(|k| alignment.moving_with(k))
        .map(|f| alignment.pairs[f].0);
    std::iter::once(i).chain(followers)
}

#[derive(Default)]
struct Decisions {
    added: HashSet<usize>,
    removed: HashSet<usize>,
    moved: HashSet<usize>,
    /// Sections whose heading, intro or item (old section, old item) keeps its old text: a
    /// change to it was not accepted.
    old_heading: HashSet<usize>,
    old_intro: HashSet<usize>,
    old_items: HashSet<(usize, usize)>,
    /// (new section, new item)
    added_items: HashSet<(usize, usize)>,
    /// (old section, old item)
    removed_items: HashSet<(usize, usize)>,
    moved_items: HashSet<(usize, usize)>,
}

/// The merged order: old entries in their order (less accepted removals), then each accepted
/// addition or move placed, in new order, right after the entry it follows in the new version.
fn merge_order(
    old_len: usize,
    new_len: usize,
    alignment: &Alignment,
    removed: impl Fn(usize) -> bool,
    added: impl Fn(usize) -> bool,
    moved: impl Fn(usize) -> bool,
) -> Vec<Slot> {
    let mut old_of_new = vec![None; new_len];
    for &(i, j) in &alignment.pairs {
        old_of_new[j] = Some(i);
    }
    let mut out: Vec<Slot> = (0..old_len)
        .filter(|&i| !removed(i))
        .map(Slot::Old)
        .collect();
    for j in 0..new_len {
        let slot = match old_of_new[j] {
            Some(i) if moved(i) => {
                out.retain(|s| *s != Slot::Old(i));
                Slot::Old(i)
            }
            None if added(j) => Slot::New(j),
            _ => continue,
        };
        let after = (0..j).rev().find_map(|k| {
            let s = match old_of_new[k] {
                Some(i) => Slot::Old(i),
                None => Slot::New(k),
            };
            out.iter().position(|x| *x == s)
        });
        out.insert(after.map_or(0, |p| p + 1), slot);
    }
    out
}
