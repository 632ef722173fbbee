//! Which changed old and new sentences are one sentence edited: pairs whose words are at least
//! [`PAIR_SIMILARITY`] alike (Dice coefficient over the words as multisets).
//!
//! Comparing every old sentence with every new one is quadratic: a policy on one line is one
//! section of tens of thousands of sentences. Above a few thousand comparisons, a sentence is
//! compared only within its edit block (the run of changed sentences between two unchanged ones,
//! by a patience diff of the sentences), and there candidates come from prefix filtering, which
//! finds exactly the pairs a full comparison finds: two word lists that alike share a word among
//! the first few of each, with words ordered rarest first. Where even those are too many (a
//! block of thousands of sentences alike, "We do not sell record 17 …", each a candidate for
//! every other), a sentence is compared only with those at about its place in the block.
//!
//! A word list is the hashes of a sentence's words, sorted: the multiset is all that counts, and
//! sorting and comparing hashes costs a fraction of doing it with the words (a 6 MB policy with
//! every sentence rewritten spent a sixth of its diff sorting words as strings).

use std::cmp::Ordering;
use std::hash::Hasher;
use std::ops::Range;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp};

use super::align::one_to_one;
use super::hash::{FastMap, WordHasher};
use super::shared::diff_shared;

/// How alike an old and a new sentence must be to be one sentence edited.
pub const PAIR_SIMILARITY: f64 = 0.5;

/// Up to this many comparisons, every old sentence is compared with every new one.
const ALL_PAIRS: usize = 4096;

/// How many candidate pairs an edit block's sentences may have, each, before only sentences at
/// about the same place in it are compared: a block of 5,000 sentences alike had 25 million,
/// 4 GB and 24 s for a 500 KB pair.
const CANDIDATES_EACH: usize = 64;

/// How many lists of its prefix tokens the filter may visit for each of a block's sentences,
/// before only sentences at about the same place are compared: 10,000 sentences "See page
/// 17." reworded as "See site 17." are few candidates, but each visited every other list
/// holding "see".
const VISITS_EACH: usize = 1024;

/// How far from its expected place in the block a sentence's candidates are looked for, once
/// there are too many.
const NEAR: usize = 16;

/// Past it, the sentence diff that finds edit blocks settles for a coarser answer.
const BLOCKS_DEADLINE: Duration = Duration::from_millis(500);

/// The word list of a sentence's words, given as one string with spaces between them. Hashed
/// as the bytes go by: splitting first cost as much as the rest.
pub fn word_list(words: &str) -> Vec<u64> {
    let spaces = words.bytes().filter(|&b| b == b' ').count();
    let mut list = Vec::with_capacity(spaces + 1);
    let (mut hash, mut in_word) = (WordHasher::default(), false);
    for b in words.bytes() {
        if b != b' ' {
            hash.push(b);
            in_word = true;
        } else if in_word {
            list.push(hash.finish());
            (hash, in_word) = (WordHasher::default(), false);
        }
    }
    if in_word {
        list.push(hash.finish());
    }
    list.sort_unstable();
    list
}

/// Pairs `(i, j)` of old sentence `i` and new sentence `j`, both changed, most alike first (ties
/// in order of `i`, then `j`); each sentence in one pair at most. `old_keys` and `new_keys` are
/// the hashes of the sentences' words as one string (two sentences with the same hash are taken
/// as the same); `old` and `new` their [`word_list`]s (those of unchanged sentences are not
/// read).
pub fn pairs(
    old_keys: &[u64],
    new_keys: &[u64],
    old: &[Vec<u64>],
    new: &[Vec<u64>],
    old_changed: &[bool],
    new_changed: &[bool],
) -> Vec<(usize, usize)> {
    let count = |flags: &[bool]| flags.iter().filter(|c| **c).count();
    let blocks = if count(old_changed) * count(new_changed) <= ALL_PAIRS {
        vec![(0..old.len(), 0..new.len())]
    } else {
        edit_blocks(old_keys, new_keys)
    };
    let mut candidates = Vec::new();
    for (old_range, new_range) in blocks {
        let olds: Vec<usize> = old_range.filter(|&k| old_changed[k]).collect();
        let news: Vec<usize> = new_range.filter(|&k| new_changed[k]).collect();
        if olds.len() * news.len() <= ALL_PAIRS {
            candidates.extend(olds.iter().flat_map(|&i| news.iter().map(move |&j| (i, j))));
            continue;
        }
        let sentences = olds.len() + news.len();
        let every = Reach::Every {
            candidates: CANDIDATES_EACH * sentences,
            visits: VISITS_EACH * sentences,
        };
        match prefix_candidates(old, new, (&olds, &news), every) {
            Some(found) => candidates.extend(found),
            None => candidates.extend(
                prefix_candidates(old, new, (&olds, &news), Reach::Near).unwrap_or_default(),
            ),
        }
    }
    let mut alike: Vec<(f64, usize, usize)> = candidates
        .into_iter()
        .filter(|&(i, j)| can_pair(old[i].len(), new[j].len()))
        .map(|(i, j)| (similarity(&old[i], &new[j]), i, j))
        .filter(|&(s, _, _)| s >= PAIR_SIMILARITY)
        .collect();
    alike.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    one_to_one(alike, old.len(), new.len())
}

/// The runs of sentences between two unchanged ones, as (old, new) ranges: by a patience diff,
/// which anchors on sentences that occur once on each side. Of the sentences' hashes: the diff
/// hashed and compared the sentences themselves for a twentieth of a one-line policy's time.
fn edit_blocks(old: &[u64], new: &[u64]) -> Vec<(Range<usize>, Range<usize>)> {
    let deadline = Instant::now() + BLOCKS_DEADLINE;
    let mut blocks: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut open: Option<(Range<usize>, Range<usize>)> = None;
    for op in diff_shared(Algorithm::Patience, old, new, Some(deadline)) {
        if let DiffOp::Equal { .. } = op {
            blocks.extend(open.take());
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        open = Some(match open {
            Some((oo, nn)) => (oo.start..o.end, nn.start..n.end),
            None => (o, n),
        });
    }
    blocks.extend(open);
    blocks
}

/// Dice coefficient of two word lists (as multisets).
pub fn similarity(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * common(a, b) as f64 / (a.len() + b.len()) as f64
}

/// How many words two word lists share, as multisets.
fn common(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Whether word lists of these lengths can be [`PAIR_SIMILARITY`] alike: at best every word of
/// the shorter one is in the longer one.
fn can_pair(a: usize, b: usize) -> bool {
    a + b == 0 || 2.0 * a.min(b) as f64 / (a + b) as f64 >= PAIR_SIMILARITY
}

/// The words a list of `n` shares at least with any list it can be alike: with `m >= n t/(2-t)`
/// words (the length bound), `2c/(n+m) >= t` needs `c >= n t/(2-t)`.
fn least_common(n: usize) -> usize {
    let t = PAIR_SIMILARITY;
    ((n as f64 * t / (2.0 - t)) - 1e-9).ceil().max(0.0) as usize
}

/// The least number of words two lists of `n` and `m` words share if they are
/// [`PAIR_SIMILARITY`] alike: `2c/(n+m) >= t`.
fn least_overlap(n: usize, m: usize) -> usize {
    ((PAIR_SIMILARITY * (n + m) as f64 / 2.0) - 1e-9)
        .ceil()
        .max(0.0) as usize
}

/// How many of its first tokens (rarest first) a list of `n` keeps for the prefix filter.
fn prefix_len(n: usize) -> usize {
    n + 1 - least_common(n).max(1)
}

/// The pairs that can be alike (the prefix filter of PPJoin, with its positional filter): each
/// list's words made distinct ("the", "the#2") and ordered rarest first; a list of `n` words
/// keeps its first [`prefix_len`]. Two lists that share `c` words share one among any
/// prefixes longer than `n - c`. Counting the shared prefix words of a pair as they are found,
/// a pair whose count plus what is left after the shared word (in the shorter remainder)
/// cannot reach [`least_overlap`] is dropped: on a policy of repeated clauses, common words
/// made most pairs candidates. Lists without words can only pair with each other. `None` past
/// the [`Reach`]'s budget.
fn prefix_candidates(
    old: &[Vec<u64>],
    new: &[Vec<u64>],
    (olds, news): (&[usize], &[usize]),
    reach: Reach,
) -> Option<Vec<(usize, usize)>> {
    let tokens = |words: &[u64]| -> Vec<Token> {
        let mut out = Vec::with_capacity(words.len());
        let mut k = 0;
        for (i, w) in words.iter().enumerate() {
            k = if i > 0 && words[i - 1] == *w {
                k + 1
            } else {
                0
            };
            out.push((k, *w));
        }
        out
    };
    let old_tokens: Vec<(usize, Vec<Token>)> = olds.iter().map(|&i| (i, tokens(&old[i]))).collect();
    let new_tokens: Vec<(usize, Vec<Token>)> = news.iter().map(|&j| (j, tokens(&new[j]))).collect();
    let mut frequency: TokenMap<usize> = TokenMap::default();
    for (_, list) in old_tokens.iter().chain(&new_tokens) {
        for t in list {
            *frequency.entry(*t).or_default() += 1;
        }
    }
    let ordered = |list| rarest_first(list, &frequency);
    // Each prefix token of a new list: the lists it is in, and where in their order.
    let mut index: TokenMap<Vec<(usize, usize)>> = TokenMap::default();
    let mut wordless_new = Vec::new();
    for (j, list) in &new_tokens {
        if list.is_empty() {
            wordless_new.push(*j);
        }
        let order = ordered(list);
        for (q, t) in order[..prefix_len(order.len())].iter().enumerate() {
            index.entry(*t).or_default().push((*j, q));
        }
    }
    let mut out = Vec::new();
    // Per new list, the prefix tokens it shares with the current old list, or `PRUNED`.
    const PRUNED: usize = usize::MAX;
    let mut shared = vec![0; new.len()];
    let mut touched = Vec::new();
    let mut visited = 0;
    for (a, (i, list)) in old_tokens.iter().enumerate() {
        // The new lists compared: those at about the old one's place in the block, or all.
        let (first, last) = match reach {
            Reach::Every { .. } => (0, usize::MAX),
            Reach::Near => {
                let expected = a * news.len() / olds.len();
                let last = (expected + NEAR).min(news.len() - 1);
                (news[expected.saturating_sub(NEAR)], news[last])
            }
        };
        if list.is_empty() {
            let near = wordless_new
                .iter()
                .filter(|&&j| (first..=last).contains(&j));
            out.extend(near.map(|&j| (*i, j)));
        }
        let order = ordered(list);
        let n = order.len();
        for (p, t) in order[..prefix_len(n)].iter().enumerate() {
            // Each token's lists are in the block's order: the near ones are a run of them.
            let lists = index.get(t).map_or(&[][..], Vec::as_slice);
            let from = lists.partition_point(|&(j, _)| j < first);
            let to = lists.partition_point(|&(j, _)| j <= last);
            visited += to - from;
            for &(j, q) in &lists[from..to] {
                let (c, m) = (shared[j], new[j].len());
                if c == PRUNED || !can_pair(n, m) {
                    continue;
                }
                if c == 0 {
                    touched.push(j);
                }
                let at_most = c + 1 + (n - p - 1).min(m - q - 1);
                shared[j] = if at_most >= least_overlap(n, m) {
                    c + 1
                } else {
                    PRUNED
                };
            }
        }
        for j in touched.drain(..) {
            if shared[j] != PRUNED {
                out.push((*i, j));
            }
            shared[j] = 0;
        }
        if let Reach::Every { candidates, visits } = reach
            && (out.len() > candidates || visited > visits)
        {
            return None;
        }
    }
    Some(out)
}

/// Which new sentences [`prefix_candidates`] compares an old one with.
#[derive(Clone, Copy)]
enum Reach {
    /// Every one, up to so many candidates and lists visited in all.
    Every { candidates: usize, visits: usize },
    /// Those within [`NEAR`] of its expected place in the block.
    Near,
}

/// A word made distinct by its occurrence: the second "the" of a sentence is `(1, "the")`.
type Token = (usize, u64);

/// Tokens to what is known of them, hashed with the fast hasher: the word is a hash already.
type TokenMap<V> = FastMap<Token, V>;

/// A list's tokens, rarest first (ties by token: one order for every list).
fn rarest_first(list: &[Token], frequency: &TokenMap<usize>) -> Vec<Token> {
    // Sorted by (frequency, token), each looked up once: a list's tokens are distinct.
    let mut sorted: Vec<(usize, Token)> = (list.iter())
        .map(|t| (frequency.get(t).copied().unwrap_or_default(), *t))
        .collect();
    sorted.sort_unstable();
    sorted.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word_lists(sentences: &[String]) -> Vec<Vec<u64>> {
        sentences.iter().map(|t| word_list(t)).collect()
    }

    fn hashes(sentences: &[String]) -> Vec<u64> {
        (sentences.iter())
            .map(|t| crate::diff::hash::hash_bytes(t.as_bytes()))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn a_word_list_is_the_hashes_of_the_words_sorted(
            words in proptest::collection::vec("[a-z0-9']{1,12}", 0..20),
            gaps in proptest::collection::vec(1usize..3, 20),
        ) {
            let text: String = (words.iter().zip(&gaps))
                .map(|(w, &gap)| format!("{}{w}", " ".repeat(gap)))
                .collect();
            let mut expected: Vec<u64> = words
                .iter()
                .map(|w| crate::diff::hash::hash_bytes(w.as_bytes()))
                .collect();
            expected.sort_unstable();
            proptest::prop_assert_eq!(word_list(&text), expected);
        }
    }

    #[test]
    fn similarity_is_dice_of_words() {
        let (a, b) = (
            word_list("we may share your data"),
            word_list("we will share your data"),
        );
        assert!((similarity(&a, &b) - 0.8).abs() < 1e-9);
        // As multisets: one "the" of two is shared; spaces do not make words.
        let (a, b) = (word_list("the cat  the"), word_list(" the dog"));
        assert!((similarity(&a, &b) - 0.4).abs() < 1e-9);
        assert_eq!(word_list("b a"), word_list("a  b"));
        assert!(word_list("").is_empty());
        assert!(can_pair(4, 4) && can_pair(2, 6) && !can_pair(1, 4) && can_pair(0, 0));
        assert_eq!(least_common(3), 1);
        assert_eq!(least_common(6), 2);
        assert_eq!(least_common(7), 3);
    }

    /// Pseudo-random sentences over a small vocabulary, some of them edits of others.
    fn sentences(seed: u64, n: usize) -> Vec<String> {
        let vocabulary = [
            "we", "may", "will", "share", "your", "data", "with", "partners", "the", "the", "to",
            "ads", "never", "sell", "keep", "logs", "for", "days", "and",
        ];
        let mut state = seed;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        (0..n)
            .map(|_| {
                let len = next() % 12;
                (0..len)
                    .map(|_| vocabulary[next() % vocabulary.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn large_changes_pair_within_their_edit_blocks() {
        // 100 sentences, of which 60 and 61 are edited, and two new sentences at the end.
        let old: Vec<String> = (0..100)
            .map(|k| format!("sentence number {k} of many"))
            .collect();
        let mut new = old.clone();
        new[60] = "sentence number 60 of so many".to_string();
        new[61] = "sentence number 61 of quite many".to_string();
        new.push("sentence number 60 of many more".to_string());
        new.push("another sentence entirely".to_string());
        let keys: Vec<&Vec<String>> = vec![&old, &new];
        let lists: Vec<Vec<Vec<u64>>> = keys.iter().map(|k| word_lists(k)).collect();
        // Every sentence counts as changed, to force the blocks.
        let (ca, cb) = (vec![true; old.len()], vec![true; new.len()]);
        let found = pairs(&hashes(&old), &hashes(&new), &lists[0], &lists[1], &ca, &cb);
        assert_eq!(found, [(60, 60), (61, 61)]);
    }

    #[test]
    fn a_block_of_sentences_all_alike_pairs_each_with_the_one_at_its_place() {
        let old: Vec<String> = (0..600)
            .map(|k| format!("we do not sell or share record {k} with anyone"))
            .collect();
        let new: Vec<String> = (0..600)
            .map(|k| format!("we do not sell record {k} with anyone"))
            .collect();
        let (wa, wb) = (word_lists(&old), word_lists(&new));
        // Each old sentence is alike every new one: 360,000 candidates.
        let all: Vec<usize> = (0..600).collect();
        let every = Reach::Every {
            candidates: CANDIDATES_EACH * 1200,
            visits: usize::MAX,
        };
        assert!(prefix_candidates(&wa, &wb, (&all, &all), every).is_none());
        let near = prefix_candidates(&wa, &wb, (&all, &all), Reach::Near).unwrap_or_default();
        assert!(near.len() <= 600 * (2 * NEAR + 1), "{}", near.len());
        let (ca, cb) = (vec![true; 600], vec![true; 600]);
        let found = pairs(&hashes(&old), &hashes(&new), &wa, &wb, &ca, &cb);
        assert_eq!(found, all.iter().map(|&k| (k, k)).collect::<Vec<_>>());
    }

    #[test]
    fn a_block_of_sentences_sharing_a_word_is_compared_near_their_places() {
        let n = 3_000;
        let old: Vec<String> = (0..n).map(|k| format!("see page {k}")).collect();
        let new: Vec<String> = (0..n).map(|k| format!("see site {k}")).collect();
        let (wa, wb) = (word_lists(&old), word_lists(&new));
        let all: Vec<usize> = (0..n).collect();
        // One candidate each (a sentence is alike its own rewording only), but every list
        // holding "see" visited for every sentence: 9 million visits.
        let every = |visits| Reach::Every {
            candidates: usize::MAX,
            visits,
        };
        let found = prefix_candidates(&wa, &wb, (&all, &all), every(usize::MAX));
        assert_eq!(found.map(|f| f.len()), Some(n));
        let budget = VISITS_EACH * 2 * n;
        assert!(prefix_candidates(&wa, &wb, (&all, &all), every(budget)).is_none());
        let (ca, cb) = (vec![true; n], vec![true; n]);
        let found = pairs(&hashes(&old), &hashes(&new), &wa, &wb, &ca, &cb);
        assert_eq!(found, all.iter().map(|&k| (k, k)).collect::<Vec<_>>());
    }

    #[test]
    fn prefix_filtering_finds_every_pair_the_full_comparison_finds() {
        // Candidates, and pairs of lengths that can be alike: the filter must leave some out.
        let (mut candidates, mut comparable) = (0, 0);
        for seed in 0..20 {
            let (a, b) = (sentences(seed, 90), sentences(seed + 100, 80));
            let (wa, wb) = (word_lists(&a), word_lists(&b));
            let (ca, cb) = (vec![true; wa.len()], vec![true; wb.len()]);
            assert!(wa.len() * wb.len() > ALL_PAIRS);
            let alike = |&(i, j): &(usize, usize)| {
                can_pair(wa[i].len(), wb[j].len()) && similarity(&wa[i], &wb[j]) >= PAIR_SIMILARITY
            };
            let olds: Vec<usize> = (0..wa.len()).collect();
            let news: Vec<usize> = (0..wb.len()).collect();
            let every = Reach::Every {
                candidates: usize::MAX,
                visits: usize::MAX,
            };
            let found = prefix_candidates(&wa, &wb, (&olds, &news), every).unwrap_or_default();
            candidates += found.len();
            comparable += (olds.iter())
                .flat_map(|&i| news.iter().map(move |&j| (i, j)))
                .filter(|&(i, j)| can_pair(wa[i].len(), wb[j].len()))
                .count();
            let mut filtered: Vec<(usize, usize)> = found.into_iter().filter(alike).collect();
            filtered.sort_unstable();
            let all: Vec<(usize, usize)> = olds
                .iter()
                .flat_map(|&i| news.iter().map(move |&j| (i, j)))
                .filter(alike)
                .collect();
            assert!(!all.is_empty());
            assert_eq!(filtered, all, "seed {seed}");
            assert!(!pairs(&hashes(&a), &hashes(&b), &wa, &wb, &ca, &cb).is_empty());
        }
        assert!(candidates * 2 < comparable, "{candidates} of {comparable}");
    }
}
