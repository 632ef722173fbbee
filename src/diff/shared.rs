//! Diffs of two sequences (sentences, as numbers or hashes) that may share few of their elements.
//!
//! Myers' diff costs the sequences' length times the edits between them: two runs of 10,000
//! sentences with none in common took 10,000 × 20,000 steps, until a deadline gave up (half a
//! second in the word diff, and as much again pairing the sentences for material changes). An
//! element that only one side holds is an edit, whatever the diff: the diff is run on the
//! elements both sides hold, and the others fall between its matches.

use std::hash::Hash;
use std::ops::Range;
use std::time::Instant;

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

use super::hash::FastSet;

/// Up to this many elements in all, the diff is run on the sequences as they are.
const DIRECT: usize = 64;

/// The diff of `old` and `new` by `algorithm`, as `similar` gives it (changes between two
/// matches as one op), run on the elements both sides hold.
pub fn diff_shared<T: Hash + Ord + Copy>(
    algorithm: Algorithm,
    old: &[T],
    new: &[T],
    deadline: Option<Instant>,
) -> Vec<DiffOp> {
    if old.len() + new.len() <= DIRECT {
        return capture_diff_slices_deadline(algorithm, old, new, deadline);
    }
    let (in_old, in_new): (FastSet<T>, FastSet<T>) =
        (old.iter().copied().collect(), new.iter().copied().collect());
    let kept_old: Vec<usize> = (0..old.len())
        .filter(|&i| in_new.contains(&old[i]))
        .collect();
    let kept_new: Vec<usize> = (0..new.len())
        .filter(|&j| in_old.contains(&new[j]))
        .collect();
    if kept_old.len() == old.len() && kept_new.len() == new.len() {
        return capture_diff_slices_deadline(algorithm, old, new, deadline);
    }
    let a: Vec<T> = kept_old.iter().map(|&i| old[i]).collect();
    let b: Vec<T> = kept_new.iter().map(|&j| new[j]).collect();
    let mut ops = Vec::new();
    let (mut o, mut n) = (0, 0);
    for op in capture_diff_slices_deadline(algorithm, &a, &b, deadline) {
        let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        else {
            continue;
        };
        for k in 0..len {
            let (i, j) = (kept_old[old_index + k], kept_new[new_index + k]);
            push_change(&mut ops, o..i, n..j);
            push_equal(&mut ops, i, j);
            (o, n) = (i + 1, j + 1);
        }
    }
    push_change(&mut ops, o..old.len(), n..new.len());
    ops
}

/// The op for `old` replaced by `new`, if either holds anything.
fn push_change(ops: &mut Vec<DiffOp>, old: Range<usize>, new: Range<usize>) {
    ops.push(match (old.is_empty(), new.is_empty()) {
        (true, true) => return,
        (false, true) => DiffOp::Delete {
            old_index: old.start,
            old_len: old.len(),
            new_index: new.start,
        },
        (true, false) => DiffOp::Insert {
            old_index: old.start,
            new_index: new.start,
            new_len: new.len(),
        },
        (false, false) => DiffOp::Replace {
            old_index: old.start,
            old_len: old.len(),
            new_index: new.start,
            new_len: new.len(),
        },
    });
}

/// Old element `i` equal to new element `j`: the equal run before it made longer, or a new one.
fn push_equal(ops: &mut Vec<DiffOp>, i: usize, j: usize) {
    if let Some(DiffOp::Equal {
        old_index,
        new_index,
        len,
    }) = ops.last_mut()
        && *old_index + *len == i
        && *new_index + *len == j
    {
        *len += 1;
        return;
    }
    ops.push(DiffOp::Equal {
        old_index: i,
        new_index: j,
        len: 1,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many elements an op list matches.
    fn matched(ops: &[DiffOp]) -> usize {
        (ops.iter())
            .map(|op| match op {
                DiffOp::Equal { len, .. } => *len,
                _ => 0,
            })
            .sum()
    }

    /// Whether the ops' ranges tile both sequences, in order. (Only those that hold something:
    /// `similar`'s own deletions may give a place in the new sequence past the next match.)
    fn tiles(ops: &[DiffOp], old_len: usize, new_len: usize) -> bool {
        let (mut o, mut n) = (0, 0);
        for op in ops {
            let (a, b) = (op.old_range(), op.new_range());
            if (!a.is_empty() && a.start != o) || (!b.is_empty() && b.start != n) {
                return false;
            }
            if !a.is_empty() {
                o = a.end;
            }
            if !b.is_empty() {
                n = b.end;
            }
        }
        o == old_len && n == new_len
    }

    proptest::proptest! {
        /// The ops tile both sequences, match only equal elements, and match as many as the
        /// diff of the whole sequences (a longest common subsequence).
        #[test]
        fn the_diff_of_the_shared_elements_is_a_diff_of_the_whole(
            old in proptest::collection::vec(0u8..40, 0..90),
            new in proptest::collection::vec(0u8..40, 0..90),
        ) {
            for algorithm in [Algorithm::Myers, Algorithm::Patience] {
                let ops = diff_shared(algorithm, &old, &new, None);
                proptest::prop_assert!(tiles(&ops, old.len(), new.len()), "{ops:?}");
                for op in &ops {
                    if let DiffOp::Equal { .. } = op {
                        proptest::prop_assert_eq!(&old[op.old_range()], &new[op.new_range()]);
                    }
                }
                if algorithm == Algorithm::Myers {
                    let whole = capture_diff_slices_deadline(algorithm, &old, &new, None);
                    proptest::prop_assert_eq!(matched(&ops), matched(&whole));
                }
            }
        }
    }

    #[test]
    fn sequences_with_nothing_in_common_are_one_change() {
        let old: Vec<u32> = (0..10_000).collect();
        let new: Vec<u32> = (10_000..20_000).collect();
        let ops = diff_shared(Algorithm::Myers, &old, &new, None);
        assert_eq!(
            ops,
            [DiffOp::Replace {
                old_index: 0,
                old_len: 10_000,
                new_index: 0,
                new_len: 10_000
            }]
        );
        // A sentence kept among them: matched, the rest changes around it.
        let mut kept = new.clone();
        kept[5_000] = 17;
        let ops = diff_shared(Algorithm::Myers, &old, &kept, None);
        assert_eq!(matched(&ops), 1);
        assert!(tiles(&ops, old.len(), kept.len()), "{ops:?}");
    }
}
