//! Text moved from one change to another and edited on the way: a policy restructured, its
//! sentences now under new headings with a word changed ("than necessary" → "than is
//! necessary"). Each change alone reads a negation or a data category removed where the text
//! left and added where it arrived; read together, nothing was removed. A removal in one change
//! and an addition in another, of the same label (or the same negation) named by sentences that
//! share most of their words, cancel out.

use std::sync::Arc;

use super::{
    EXCEPTIONS, Material, Sought, Versions, edited_words, is_exception_word, is_negation_word, key,
    key_words, named_message, push_key_word_hashes,
};
use crate::detect::Practice;
use crate::detect::Strength;
use crate::detect::reading::{gives_away, names, strength};
use crate::diff::hash::{FastMap, common_count};
use crate::threads::map_parts;

/// How much work is worth a thread: a fully rewritten 6 MB policy has a hundred thousand
/// sentences to hash and their twins to search, all after the last change is read.
#[derive(Clone, Copy)]
struct PerThread {
    /// Bytes of sentences whose words are hashed.
    sentence_bytes: usize,
    /// Words of removed sentences whose twins are searched.
    removed_words: usize,
}

const PER_THREAD: PerThread = PerThread {
    sentence_bytes: 256 << 10,
    removed_words: 16 << 10,
};

/// A material finding of one change, with what it says was removed and added where another
/// change may say the opposite.
#[derive(Debug, PartialEq)]
pub(super) struct Found {
    pub material: Material,
    pub said: Option<Said>,
}

impl Found {
    /// A finding no other change can cancel out.
    pub fn alone(material: Material) -> Found {
        Found {
            material,
            said: None,
        }
    }
}

/// What a finding names as removed and as added, each with the first sentence naming it: the
/// labels of one kind, or for a negation removed or added with its sentence, that sentence (its
/// label empty).
#[derive(Debug, PartialEq)]
pub(super) struct Said {
    pub noun: &'static str,
    pub removed: Vec<LabelIn>,
    pub added: Vec<LabelIn>,
}

/// A label and the sentence that names it, shared by the sentence's findings.
pub(super) type LabelIn = (Arc<str>, Arc<str>);

/// One label said removed or added, and where: the change, and the finding in it.
struct Entry<'f> {
    change: usize,
    finding: usize,
    label: &'f str,
    sentence: &'f str,
}

/// Cancels out, across the changes of one comparison (`found`, each change's findings), the
/// labels removed in one change and added in another by sentences that are one sentence moved
/// and edited, or by items removed or added whole and the introduction of one section (`rows`:
/// each change's section if it is one of those); a finding left with nothing removed or added
/// is dropped, the others are worded again.
pub(super) fn cancel_moved(found: &mut [Vec<Found>], rows: &[Option<usize>]) {
    let gone: Vec<(usize, usize, bool, String)> = {
        let (removed, added) = (entries(found, true), entries(found, false));
        let kind = |e: &Entry| found[e.change][e.finding].material.kind.as_str();
        let mut pairs = twins(&removed, &added, kind, PER_THREAD);
        let row = |e: &Entry| {
            let said = found[e.change][e.finding].said.as_ref();
            let vocabulary = said.is_some_and(|s| ROW_NOUNS.contains(&s.noun));
            rows.get(e.change).copied().flatten().filter(|_| vocabulary)
        };
        let more = in_one_section(&removed, &added, &pairs, |e| {
            Some((row(e)?, kind(e), e.label))
        });
        pairs.extend(more);
        (pairs.into_iter())
            .flat_map(|(r, a)| {
                let (r, a) = (&removed[r], &added[a]);
                [
                    (r.change, r.finding, true, r.label.to_string()),
                    (a.change, a.finding, false, a.label.to_string()),
                ]
            })
            .collect()
    };
    drop_labels(found, gone);
}

/// Cancels out the labels (of [`ROW_NOUNS`]) that a section or item added or removed whole
/// (`whole`, of each change) says removed where the new version states them anywhere, or added
/// where the old one does (see [`Versions::names_affirmed`]). A policy restructured states its purposes,
/// data and recipients under new headings — its legal bases, a state's notice split out, cookie
/// types moved to a cookie notice — and adds or removes none of them. (A section added under
/// the name of an item removed is read against it, and may say either.) A section or item
/// edited keeps its findings.
pub(super) fn cancel_named_elsewhere(
    found: &mut [Vec<Found>],
    whole: &[bool],
    versions: &Versions,
) {
    let mut gone = Vec::new();
    for removed in [true, false] {
        let mut wanted: Vec<Sought> = Vec::new();
        let mut places: FastMap<Sought, usize> = FastMap::default();
        let mut practices: FastMap<*const u8, Option<Practice>> = FastMap::default();
        let mut said = Vec::new();
        for (change, findings) in found.iter().enumerate() {
            if !whole.get(change).is_some_and(|&w| w) {
                continue;
            }
            for (finding, f) in findings.iter().enumerate() {
                let Some(s) = f.said.as_ref().filter(|s| ROW_NOUNS.contains(&s.noun)) else {
                    continue;
                };
                let side = if removed { &s.removed } else { &s.added };
                // Data sold or shared, and who to, are said sold or shared: "we sell your
                // location to advertisers" is news beside "we collect your location" and "we
                // share device identifiers with advertisers". (A sentence read once: it is
                // shared by all the labels it names.)
                let what_goes = matches!(s.noun, "data category" | "recipient");
                for (label, sentence) in side {
                    let practice = match what_goes {
                        true => *practices.entry(sentence.as_ptr()).or_insert_with(|| {
                            let reading = names(sentence);
                            (reading.practice.as_ref())
                                .filter(|_| gives_away(reading.practice.as_ref(), sentence))
                                .map(|(p, _)| *p)
                        }),
                        false => None,
                    };
                    let key = (s.noun, Arc::clone(label), practice);
                    let at = *places.entry(key.clone()).or_insert_with(|| {
                        wanted.push(key);
                        wanted.len() - 1
                    });
                    said.push((change, finding, at));
                }
            }
        }
        if wanted.is_empty() {
            continue;
        }
        // A label removed is looked for in the new version, one added in the old.
        let named = versions.names_affirmed(!removed, &wanted);
        gone.extend(
            (said.into_iter())
                .filter(|&(_, _, at)| named[at])
                .map(|(change, finding, at)| (change, finding, removed, wanted[at].1.to_string())),
        );
    }
    drop_labels(found, gone);
}

/// Takes each label of `gone` (a change, a finding of it, the removed side or the added one,
/// the label) from its finding; a finding left with nothing removed or added is dropped, the
/// others are worded again.
fn drop_labels(found: &mut [Vec<Found>], gone: Vec<(usize, usize, bool, String)>) {
    if gone.is_empty() {
        return;
    }
    for (change, finding, removed, label) in gone {
        if let Some(said) = found[change][finding].said.as_mut() {
            let side = if removed {
                &mut said.removed
            } else {
                &mut said.added
            };
            side.retain(|(l, _)| **l != *label);
        }
    }
    for findings in found.iter_mut() {
        findings.retain_mut(|f| {
            let Some(said) = &f.said else { return true };
            if said.removed.is_empty() && said.added.is_empty() {
                return false;
            }
            // A negation or a disclosure has one sentence: if it is still there, nothing
            // changed.
            if matches!(said.noun, "negation" | "disclosure") {
                return true;
            }
            match named_message(&f.material.kind, said.noun, &said.removed, &said.added) {
                Some(message) => {
                    f.material.message = message;
                    f.material.old = said.removed.first().map(|(_, s)| Arc::clone(s));
                    f.material.new = said.added.first().map(|(_, s)| Arc::clone(s));
                    true
                }
                None => false,
            }
        });
    }
}

/// The labels the findings say removed (or added), each with where it is said.
fn entries(found: &[Vec<Found>], removed: bool) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    for (change, findings) in found.iter().enumerate() {
        for (finding, f) in findings.iter().enumerate() {
            let Some(said) = &f.said else { continue };
            let side = if removed { &said.removed } else { &said.added };
            out.extend(side.iter().map(|(label, sentence)| Entry {
                change,
                finding,
                label,
                sentence,
            }));
        }
    }
    out
}

/// The pairs (a place in `removed`, a place in `added`) that cancel out: each removed label,
/// in order, with the first added one not yet taken of the same kind and label, in another
/// change, said by the same sentence moved.
fn twins<'f>(
    removed: &[Entry<'f>],
    added: &[Entry<'f>],
    kind: impl Fn(&Entry) -> &'f str + Sync,
    per_thread: PerThread,
) -> Vec<(usize, usize)> {
    if removed.is_empty() || added.is_empty() {
        return Vec::new();
    }
    // Each sentence's words made once: a policy rewritten throughout names the same labels in
    // thousands of sentences, each removed in one change and added in another. A sentence's
    // findings share its text (one `Arc`): it is known by where that is, not hashed whole.
    let (mut ids, mut sentences): (FastMap<*const u8, usize>, Vec<&str>) = Default::default();
    let mut id = |e: &Entry<'f>| {
        *ids.entry(e.sentence.as_ptr()).or_insert_with(|| {
            sentences.push(e.sentence);
            sentences.len() - 1
        })
    };
    let (removed_ids, added_ids): (Vec<usize>, Vec<usize>) = (
        removed.iter().map(&mut id).collect(),
        added.iter().map(&mut id).collect(),
    );
    let words = SentenceWords::of(&sentences, per_thread.sentence_bytes);
    let with_word = AddedByWord::of(&added_ids, &words);
    // Whether added label `k` may be removed label `i`'s twin, taken or not.
    let may_be_twin = |i: usize, k: usize| {
        let (r, a) = (&removed[i], &added[k]);
        a.change != r.change
            && kind(a) == kind(r)
            && a.label == r.label
            && one_sentence_moved(
                (r.sentence, words.sentence(removed_ids[i])),
                (a.sentence, words.sentence(added_ids[k])),
            )
    };
    // The removed labels that may have a twin, each with the first added label that may be
    // it, searched on every core (only the first is kept: keeping every removed label's
    // candidates added 3 MB to the rewritten pair's peak memory); then, in order, each takes
    // the first not yet taken.
    let first_twins: Vec<(usize, usize)> = map_parts(
        &removed_ids,
        |&id| words.sentence(id).len(),
        per_thread.removed_words,
        |start, ids| {
            (ids.iter().zip(start..))
                .filter_map(|(&id, i)| {
                    let mut found = candidates(words.sentence(id), &with_word).into_iter();
                    Some((i, found.find(|&k| may_be_twin(i, k))?))
                })
                .collect::<Vec<_>>()
        },
    )
    .concat();
    let mut taken = vec![false; added.len()];
    let mut out = Vec::new();
    for (i, first) in first_twins {
        let twin = if taken[first] {
            // Taken by a label removed before (a sentence said twice): the search goes on.
            (candidates(words.sentence(removed_ids[i]), &with_word).into_iter())
                .filter(|&k| k > first)
                .find(|&k| !taken[k] && may_be_twin(i, k))
        } else {
            Some(first)
        };
        if let Some(k) = twin {
            taken[k] = true;
            out.push((i, k));
        }
    }
    out
}

/// The vocabulary whose labels a section's rows removed and added whole may trade: not a
/// negation (its sentence is its promise), nor a value (a period, an address), which belongs
/// to its row.
const ROW_NOUNS: [&str; 4] = ["data category", "purpose", "recipient", "right"];

/// Of the labels `twins` left (`paired` are taken), the pairs (a place in `removed`, a place
/// in `added`) that cancel out within a section: a label removed with one item (or from the
/// introduction) and added with another of the same section, `key` telling section, kind and
/// label (`None`: not such a change, or not such a label). A table whose rows were rewritten is rows removed and added one
/// by one; the section still names what a row no longer does, as it did when the table was
/// one block of text. An item edited keeps its findings ("precise geolocation" added where
/// service providers are named).
fn in_one_section<'f, K: Eq + std::hash::Hash>(
    removed: &[Entry<'f>],
    added: &[Entry<'f>],
    paired: &[(usize, usize)],
    key: impl Fn(&Entry<'f>) -> Option<K>,
) -> Vec<(usize, usize)> {
    let (mut removed_taken, mut added_taken) =
        (vec![false; removed.len()], vec![false; added.len()]);
    for &(r, a) in paired {
        removed_taken[r] = true;
        added_taken[a] = true;
    }
    let mut open: FastMap<K, Vec<usize>> = FastMap::default();
    for (k, a) in added.iter().enumerate().rev() {
        if let Some(key) = key(a).filter(|_| !added_taken[k]) {
            open.entry(key).or_default().push(k);
        }
    }
    let mut out = Vec::new();
    for (i, r) in removed.iter().enumerate() {
        if removed_taken[i] {
            continue;
        }
        if let Some(key) = key(r)
            && let Some(list) = open.get_mut(&key)
            && let Some(at) = list.iter().rposition(|&k| added[k].change != r.change)
        {
            out.push((i, list.remove(at)));
        }
    }
    out
}

/// The added labels whose sentences may be the sentence of words `mine` moved, in order: a
/// sentence that is another moved has all but a fifth of its words, so one of any fifth of
/// them, and one more, is in it. The rarest are looked up.
fn candidates(mine: &[u64], with_word: &AddedByWord) -> Vec<usize> {
    let mut rarest: Vec<(usize, u64)> = (mine.iter())
        .map(|&w| (with_word.get(w).len(), w))
        .collect();
    rarest.sort_unstable();
    let mut candidates: Vec<usize> = (rarest.iter().take(mine.len() / 5 + 1))
        .flat_map(|&(_, w)| with_word.get(w))
        .map(|&k| k as usize)
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    candidates
}

/// Each sentence's word hashes ([`push_word_hashes`]), one after another in one list a part:
/// a fully rewritten policy has a hundred thousand sentences, and a list of each cost as much
/// again as their words. The parts, made on different cores, are not joined: copying their
/// millions of hashes into one list added 2.5 MB to the 6 MB rewritten pair's peak memory.
struct SentenceWords {
    /// In the sentences' order; the first starts at sentence 0.
    parts: Vec<Part>,
}

/// Consecutive sentences' word hashes.
struct Part {
    /// The number of its first sentence.
    first: usize,
    hashes: Vec<u64>,
    /// Where each sentence's hashes start in `hashes`, and, last, where the last one's end.
    starts: Vec<usize>,
}

impl SentenceWords {
    /// Made in parts on every core (one a `bytes_per_thread` of sentences).
    fn of(sentences: &[&str], bytes_per_thread: usize) -> SentenceWords {
        let parts = map_parts(
            sentences,
            |s| s.len(),
            bytes_per_thread,
            |first, sentences| {
                let mut part = Part {
                    first,
                    hashes: Vec::new(),
                    starts: Vec::with_capacity(sentences.len() + 1),
                };
                for sentence in sentences {
                    part.starts.push(part.hashes.len());
                    push_word_hashes(sentence, &mut part.hashes);
                }
                part.starts.push(part.hashes.len());
                part
            },
        );
        SentenceWords { parts }
    }

    fn sentence(&self, sentence: usize) -> &[u64] {
        // A part a core: the last that starts at or before `sentence`.
        let Some(part) = self.parts.iter().rev().find(|p| p.first <= sentence) else {
            return &[];
        };
        let k = sentence - part.first;
        &part.hashes[part.starts[k]..part.starts[k + 1]]
    }
}

/// The places of the added labels whose sentences have each word, every word's places in one
/// run of a single list (counted first, then filled).
struct AddedByWord {
    /// Each word's run in `places`.
    runs: FastMap<u64, (u32, u32)>,
    places: Vec<u32>,
}

impl AddedByWord {
    fn of(added_ids: &[usize], words: &SentenceWords) -> AddedByWord {
        let mut runs: FastMap<u64, (u32, u32)> = FastMap::default();
        for &a in added_ids {
            for &w in words.sentence(a) {
                runs.entry(w).or_default().1 += 1;
            }
        }
        let mut next = 0;
        for (start, len) in runs.values_mut() {
            *start = next;
            next += *len;
            *len = 0;
        }
        // Four bytes a place: a fully rewritten policy's run into the millions.
        let mut places = vec![0; next as usize];
        for (k, &a) in added_ids.iter().enumerate() {
            for w in words.sentence(a) {
                if let Some((start, len)) = runs.get_mut(w) {
                    places[(*start + *len) as usize] = k as u32;
                    *len += 1;
                }
            }
        }
        AddedByWord { runs, places }
    }

    /// The places of the added labels whose sentences have word `w`, in order.
    fn get(&self, w: u64) -> &[u32] {
        self.runs.get(&w).map_or(&[], |&(start, len)| {
            &self.places[start as usize..(start + len) as usize]
        })
    }
}

/// Leaves each value of sorted `values` once at their start; returns how many there are.
fn dedup_sorted(values: &mut [u64]) -> usize {
    let mut kept = 0;
    for i in 0..values.len() {
        if kept == 0 || values[i] != values[kept - 1] {
            values[kept] = values[i];
            kept += 1;
        }
    }
    kept
}

/// Whether two sentences are one, moved and lightly edited: four fifths of the words of the
/// longer are in the other ("than necessary" → "than is necessary"), and no edit touches a
/// negation, an exception or a modal ("we do not sell it" → "… unless you agree" is a change
/// wherever it is made). A promise reworded ("does not take any decisions …" → "does not use
/// algorithms … without human review") is not one sentence.
/// (Each sentence comes with its word hashes, [`push_word_hashes`].)
fn one_sentence_moved((a, ha): (&str, &[u64]), (b, hb): (&str, &[u64])) -> bool {
    let common = common_count(ha, hb);
    if common == 0 || 5 * common < 4 * ha.len().max(hb.len()) {
        return false;
    }
    let (ka, kb) = (key(a), key(b));
    let (wa, wb) = (key_words(&ka), key_words(&kb));
    let (deleted, inserted) = edited_words(&wa, &wb);
    // A modal is one the modality detector weighs ("may", "will", "must", ...).
    let promise_edited = (deleted.iter().chain(&inserted))
        .any(|w| is_negation_word(w) || is_exception_word(w) || strength(w) != Strength::Neutral);
    // "other than", "apart from", "save for": phrases of common words.
    let exceptions = |words: &[&str]| {
        (0..words.len())
            .filter(|&k| EXCEPTIONS.iter().any(|p| words[k..].starts_with(p)))
            .count()
    };
    !promise_edited && exceptions(&wa) == exceptions(&wb)
}

/// Appends to `hashes` those of the words of `sentence`'s key, sorted, each once: a few bytes
/// a word where a fully rewritten policy has a million.
fn push_word_hashes(sentence: &str, hashes: &mut Vec<u64>) {
    let start = hashes.len();
    push_key_word_hashes(sentence, hashes);
    hashes[start..].sort_unstable();
    let kept = dedup_sorted(&mut hashes[start..]);
    hashes.truncate(start + kept);
}

#[cfg(test)]
mod tests {
    use super::{Entry, PER_THREAD, PerThread, SentenceWords, twins};
    use crate::threads::available_cores;

    /// Work split as finely as it goes: a part a core however little there is.
    const ANY_WORK: PerThread = PerThread {
        sentence_bytes: 1,
        removed_words: 1,
    };

    fn one_sentence_moved(a: &str, b: &str) -> bool {
        let words = SentenceWords::of(&[a, b], usize::MAX);
        super::one_sentence_moved((a, words.sentence(0)), (b, words.sentence(1)))
    }

    proptest::proptest! {
        /// The words looked up find every twin that comparing each removed label with every
        /// added one finds, searched on one thread or on every core.
        #[test]
        fn twins_are_those_every_pair_gives(
            said in proptest::collection::vec(
                (
                    0usize..3,
                    proptest::bool::ANY,
                    proptest::sample::select(vec!["location", "contacts"]),
                    0usize..3,
                    proptest::option::of((0usize..12, 0usize..4)),
                ),
                0..14,
            ),
        ) {
            // Sentences alike but for a word (a fifth of eleven words, and more, in common) or
            // two (not).
            const BASES: [&str; 3] = [
                "we share your precise location with partners and advertisers for ads today",
                "we share your contacts with partners and advertisers for ads today",
                "you may delete your location history and your contacts at any time",
            ];
            const OTHER: [&str; 4] = ["sell", "the", "location", "ads"];
            let sentences: Vec<String> = (said.iter())
                .map(|(.., base, edit)| {
                    let mut words: Vec<&str> = BASES[*base].split(' ').collect();
                    if let Some((at, other)) = edit {
                        let at = at % words.len();
                        words[at] = OTHER[*other];
                    }
                    words.join(" ")
                })
                .collect();
            let entries = |removed: bool| -> Vec<Entry> {
                (said.iter().zip(&sentences))
                    .enumerate()
                    .filter(|(_, ((_, r, ..), _))| *r == removed)
                    .map(|(finding, ((change, _, label, ..), sentence))| Entry {
                        change: *change,
                        finding,
                        label,
                        sentence,
                    })
                    .collect()
            };
            let (removed, added) = (entries(true), entries(false));
            let mut taken = vec![false; added.len()];
            let mut every_pair = Vec::new();
            for (i, r) in removed.iter().enumerate() {
                let twin = (0..added.len()).find(|&k| {
                    !taken[k]
                        && added[k].change != r.change
                        && added[k].label == r.label
                        && one_sentence_moved(r.sentence, added[k].sentence)
                });
                if let Some(k) = twin {
                    taken[k] = true;
                    every_pair.push((i, k));
                }
            }
            for per_thread in [PER_THREAD, ANY_WORK] {
                let found = twins(&removed, &added, |_| "data-category", per_thread);
                proptest::prop_assert_eq!(&found, &every_pair);
            }
        }
    }

    #[test]
    fn a_sentences_words_are_kept_sorted_and_once_beside_the_others() {
        let sentences = ["b a b a c", "", "a a", "c b a"];
        let words = SentenceWords::of(&sentences, usize::MAX);
        let (abc, a) = (words.sentence(0), words.sentence(2));
        assert_eq!(abc.len(), 3);
        assert!(abc.is_sorted());
        assert!(words.sentence(1).is_empty());
        assert_eq!(a.len(), 1);
        assert!(abc.contains(&a[0]));
        assert_eq!(words.sentence(3), abc);
        // Made in parts (one a core), the same.
        let in_parts = SentenceWords::of(&sentences, 1);
        assert!(in_parts.parts.len() > 1 || available_cores() == 1);
        for k in 0..sentences.len() {
            assert_eq!(in_parts.sentence(k), words.sentence(k), "sentence {k}");
        }
    }

    #[test]
    fn a_sentence_is_one_moved_unless_its_promise_was_edited() {
        let promise = "We do not sell your email address to our partners or anyone at all today.";
        assert!(one_sentence_moved(
            promise,
            "We do not sell your email address to our partners or to anyone at all today."
        ));
        for edited in [
            "We do not sell your email address to our partners or anyone at all today other than us.",
            "We do not sell your email address to our partners or anyone at all unless asked.",
            "We may not sell your email address to our partners or anyone at all today.",
        ] {
            assert!(!one_sentence_moved(promise, edited), "{edited}");
        }
        assert!(!one_sentence_moved(
            promise,
            "Your email address is never sold or rented."
        ));
    }
}
