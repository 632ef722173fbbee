//! Sentences deleted from one change and inserted by another: text that moved from one section
//! or item to another (a paragraph of an introduction that became an item of its own, a
//! sentence that went to the section it now fits). The deleted and inserted runs that hold
//! them are marked with where the text went and where it came from, so that a reader is told
//! it moved instead of reading it twice, once struck out and once new.

use std::collections::VecDeque;
use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use super::hash::FastMap;
use super::{Change, Op, WordOp};
use crate::outline::sentences::full_stop_ends_sentence;

/// Where a moved run went (for a deletion) or came from (for an insertion): the section and item
/// of the other change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub section: String,
    pub item: Option<String>,
}

/// Sentences shorter than this are not told apart from boilerplate ("Learn more.", "Contact
/// us."): deleted in one place and inserted in another, they may well be two sentences.
const MIN_WORDS: usize = 8;

/// Insertions of a sentence looked through for one by another change than the deletion's.
const SEARCHED_AHEAD: usize = 64;

/// What sentences are looked up by: their length and their ends, not hashed whole (a run of a
/// text rewritten throughout is megabytes); equal texts are then compared whole.
type Key = (usize, [u8; 16], [u8; 16]);

fn key(text: &str) -> Key {
    let bytes = text.as_bytes();
    let (mut head, mut tail) = ([0; 16], [0; 16]);
    let n = bytes.len().min(16);
    head[..n].copy_from_slice(&bytes[..n]);
    tail[..n].copy_from_slice(&bytes[bytes.len() - n..]);
    (bytes.len(), head, tail)
}

/// A sentence of a deleted or inserted run: which change, which of its runs, where.
struct Found {
    change: usize,
    op: usize,
    range: Range<usize>,
}

/// Marks the runs of `changes` that hold sentences deleted by one change and inserted by
/// another, each sentence paired once (in the changes' order).
pub(super) fn mark(changes: &mut [Change]) {
    let runs = |op: Op| {
        let changes = &*changes;
        (changes.iter().enumerate()).flat_map(move |(change, c)| {
            (c.words.iter().enumerate())
                .filter(move |(_, w)| w.op == op)
                .flat_map(move |(op, w)| {
                    whole_sentences(&w.text).map(move |range| Found { change, op, range })
                })
        })
    };
    let text = |f: &Found| &changes[f.change].words[f.op].text[f.range.clone()];
    let mut inserted: FastMap<Key, VecDeque<Found>> = FastMap::default();
    for found in runs(Op::Insert) {
        inserted
            .entry(key(text(&found)))
            .or_default()
            .push_back(found);
    }
    if inserted.is_empty() {
        return;
    }
    // ((change, run), range, where it went or came from) of each sentence paired.
    let mut marks: Vec<((usize, usize), Range<usize>, Moved)> = Vec::new();
    for d in runs(Op::Delete) {
        let Some(waiting) = inserted.get_mut(&key(text(&d))) else {
            continue;
        };
        // The first insertion of the same sentence by another change not yet paired, among the
        // first few waiting: a sentence repeated thousands of times in one change costs no more.
        let other = |i: &Found| i.change != d.change && text(i) == text(&d);
        let Some(k) = waiting.iter().take(SEARCHED_AHEAD).position(other) else {
            continue;
        };
        let Some(i) = waiting.remove(k) else {
            continue;
        };
        let (gone, came) = (&changes[d.change], &changes[i.change]);
        let went_to = Moved {
            section: came.section.clone(),
            item: came.item.clone(),
        };
        let came_from = Moved {
            section: gone
                .old_section
                .clone()
                .unwrap_or_else(|| gone.section.clone()),
            item: gone.old_item.clone().or_else(|| gone.item.clone()),
        };
        marks.push(((d.change, d.op), d.range, went_to));
        marks.push(((i.change, i.op), i.range, came_from));
    }
    // Each change's runs are made again once, its marked runs cut (cut one by one in place,
    // thousands of runs of one change took a copy of the rest each).
    marks.sort_unstable_by_key(|(run, range, _)| (*run, range.start));
    let mut marks = marks.into_iter().peekable();
    while let Some(&((change, _), _, _)) = marks.peek() {
        let words = std::mem::take(&mut changes[change].words);
        let mut cut = Vec::with_capacity(words.len());
        for (op, w) in words.into_iter().enumerate() {
            let list: Marks =
                std::iter::from_fn(|| marks.next_if(|(run, ..)| *run == (change, op)))
                    .map(|(_, range, moved)| (range, moved))
                    .collect();
            match list.is_empty() {
                true => cut.push(w),
                false => cut.extend(split_run(&w, list)),
            }
        }
        changes[change].words = cut;
    }
}

/// A run's moved sentences: where each is in the run, and where it went or came from.
type Marks = Vec<(Range<usize>, Moved)>;

/// The sentences of a run of words, of at least [`MIN_WORDS`] words: the stretches that end in
/// a full stop, question or exclamation mark before a space or the run's end, and start where
/// the run does or after another such mark, not a full stop of an abbreviation ("the U.S.
/// Department of Commerce", as the outline reads it: a sentence cut there leaves a stretch
/// too short to be told moved). (Cut only there, not as the outline cuts sentences ("e.g.
/// this"), but alike in both places, so the same text gives the same stretches: a run of a
/// text rewritten throughout is megabytes.)
fn whole_sentences(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    // ". " by a two-byte search: full stops alone are frequent in numbers ("1.5"), spaces
    // more so; question and exclamation marks are rare.
    static FULL_STOP: LazyLock<Finder> = LazyLock::new(|| Finder::new(". "));
    let mut ends: Vec<usize> = (FULL_STOP.find_iter(bytes).map(|i| i + 1))
        .filter(|&end| full_stop_ends_sentence(&text[..end - 1], text.get(end + 1..).unwrap_or("")))
        .chain(memchr::memchr2_iter(b'?', b'!', bytes).map(|i| i + 1))
        .filter(|&end| matches!(bytes.get(end), None | Some(b' ')))
        // A heading's line ends too: an added section's run opens with it.
        .chain(memchr::memchr_iter(b'\n', bytes))
        .chain(text.ends_with('.').then_some(text.len()))
        .collect();
    ends.sort_unstable();
    let mut start = 0;
    ends.into_iter().filter_map(move |end| {
        // A run may open with the space before its first word.
        let skipped = bytes[start.min(end)..end]
            .iter()
            .take_while(|&&b| b == b' ')
            .count();
        let sentence = start + skipped..end;
        start = end + 1;
        // Normalised text has one space between words.
        let spaces = memchr::memchr_iter(b' ', &bytes[sentence.clone()]);
        (spaces.take(MIN_WORDS - 1).count() == MIN_WORDS - 1).then_some(sentence)
    })
}

/// `run` cut into the stretches `marks` has moved and those between them. Moved sentences
/// next to each other that went to the same place are one stretch, with the space between
/// them; a stretch between marks that is only white space goes with the mark before it (before
/// the first, with the first).
fn split_run(run: &WordOp, marks: Marks) -> Vec<WordOp> {
    let text = run.text.as_str();
    let mut out: Vec<WordOp> = Vec::new();
    let mut at = 0;
    for (range, moved) in marks {
        let between = &text[at..range.start];
        let space = between.trim().is_empty();
        match out.last_mut().filter(|w| w.moved.is_some()) {
            Some(last) if space && last.moved.as_ref() == Some(&moved) => {
                last.text.push_str(&text[at..range.end]);
            }
            Some(last) if space => {
                last.text.push_str(between);
                out.push(WordOp::moved(run.op, &text[range.clone()], moved));
            }
            // Leading white space goes with the first mark.
            _ if space => out.push(WordOp::moved(run.op, &text[at..range.end], moved)),
            _ => {
                out.push(WordOp::new(run.op, between));
                out.push(WordOp::moved(run.op, &text[range.clone()], moved));
            }
        }
        at = range.end;
    }
    let rest = &text[at..];
    match out.last_mut() {
        Some(last) if rest.trim().is_empty() => last.text.push_str(rest),
        _ => out.push(WordOp::new(run.op, rest)),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{ChangeKind, Target};

    fn change(section: &str, item: Option<&str>, words: Vec<WordOp>) -> Change {
        Change {
            kind: ChangeKind::Modified,
            target: if item.is_some() {
                Target::Item
            } else {
                Target::Intro
            },
            section: section.to_string(),
            old_section: Some(section.to_string()),
            item: item.map(str::to_string),
            old_item: item.map(str::to_string),
            old: None,
            new: None,
            words,
            links: Vec::new(),
            coarse: false,
            material: Vec::new(),
            after: None,
        }
    }

    const MOVED: &str = "You can ask us for a copy of the data we hold about you.";

    #[test]
    fn a_sentence_deleted_in_one_change_and_inserted_in_another_is_marked_both_ways() {
        let gone = format!("Short one. {MOVED} ");
        let mut changes = vec![
            change(
                "Your rights",
                None,
                vec![
                    WordOp::new(Op::Equal, "We respect them. "),
                    WordOp::new(Op::Delete, &gone),
                    WordOp::new(Op::Equal, "Write to us."),
                ],
            ),
            change(
                "Your rights",
                Some("Access"),
                vec![WordOp::new(Op::Insert, MOVED)],
            ),
        ];
        mark(&mut changes);
        let to = Moved {
            section: "Your rights".into(),
            item: Some("Access".into()),
        };
        assert_eq!(
            changes[0].words[1..3],
            [
                WordOp::new(Op::Delete, "Short one. "),
                WordOp::moved(Op::Delete, format!("{MOVED} "), to),
            ]
        );
        let from = Moved {
            section: "Your rights".into(),
            item: None,
        };
        assert_eq!(changes[1].words, [WordOp::moved(Op::Insert, MOVED, from)]);
        // The text is the same text, cut where the sentence starts.
        let joined: String = changes[0].words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(joined, format!("We respect them. {gone}Write to us."));
    }

    /// Steam's of June 2024 put a heading over its opening paragraph: the new section's run
    /// opens with the heading's line, and its first sentence names "the U.S. Department of
    /// Commerce". The whole sentence moved, not its tail.
    #[test]
    fn a_sentence_under_a_new_heading_moves_whole_past_its_abbreviations() {
        let sentence = "Valve has certified to the U.S. Department of Commerce that it adheres \
                        to the Data Privacy Framework Principles.";
        let mut changes = vec![
            change(
                "",
                None,
                vec![
                    WordOp::new(Op::Equal, "Privacy Policy Agreement"),
                    WordOp::new(Op::Delete, format!(" {sentence}")),
                ],
            ),
            change(
                "Privacy Policy",
                None,
                vec![WordOp::new(
                    Op::Insert,
                    format!("Privacy Policy\n{sentence}"),
                )],
            ),
        ];
        mark(&mut changes);
        let to = Moved {
            section: "Privacy Policy".into(),
            item: None,
        };
        assert_eq!(
            changes[0].words[1..],
            [WordOp::moved(Op::Delete, format!(" {sentence}"), to)]
        );
        let from = Moved {
            section: String::new(),
            item: None,
        };
        assert_eq!(
            changes[1].words,
            [
                WordOp::new(Op::Insert, "Privacy Policy\n"),
                WordOp::moved(Op::Insert, sentence, from),
            ]
        );
        // A sentence ending in "Inc." ends there when the next one opens, as the outline reads
        // it, or at the end of its run.
        let company = "Some of your data is processed for us by our parent, Acme Holdings, Inc.";
        let mut changes = vec![
            change(
                "Sharing",
                None,
                vec![
                    WordOp::new(Op::Delete, format!("{company} ")),
                    WordOp::new(Op::Equal, "We keep it."),
                ],
            ),
            change(
                "Contact",
                None,
                vec![
                    WordOp::new(Op::Equal, "Write to us. "),
                    WordOp::new(Op::Insert, company),
                ],
            ),
        ];
        mark(&mut changes);
        assert!(
            changes[0].words[0].moved.is_some(),
            "{:?}",
            changes[0].words
        );
        assert!(
            changes[1].words[1].moved.is_some(),
            "{:?}",
            changes[1].words
        );
    }

    #[test]
    fn short_sentences_parts_of_sentences_and_moves_inside_one_change_are_not_marked() {
        let part = "the data we hold about you, which we keep for a year.";
        let words = |op| {
            vec![
                WordOp::new(op, "Learn more about it. "),
                WordOp::new(op, format!("Ask for {part}")),
            ]
        };
        let mut changes = vec![
            change("A", None, words(Op::Delete)),
            change(
                "B",
                None,
                vec![WordOp::new(Op::Insert, "Learn more about it.")],
            ),
            change("C", None, vec![WordOp::new(Op::Insert, part)]),
            change(
                "D",
                None,
                vec![
                    WordOp::new(Op::Delete, MOVED),
                    WordOp::new(Op::Equal, " and "),
                    WordOp::new(Op::Insert, MOVED),
                ],
            ),
        ];
        let before = changes.clone();
        mark(&mut changes);
        assert_eq!(changes, before);
    }

    #[test]
    fn a_run_opening_with_a_space_moves_with_it() {
        let mut changes = vec![
            change(
                "A",
                None,
                vec![WordOp::new(Op::Delete, format!(" {MOVED}"))],
            ),
            change("B", None, vec![WordOp::new(Op::Insert, MOVED)]),
        ];
        mark(&mut changes);
        let to = Moved {
            section: "B".into(),
            item: None,
        };
        let gone = WordOp::moved(Op::Delete, format!(" {MOVED}"), to);
        assert_eq!(changes[0].words, [gone]);
    }

    #[test]
    fn a_deletion_looks_through_a_bounded_number_of_insertions() {
        let own = |n| vec![WordOp::new(Op::Insert, format!("{MOVED} ").repeat(n))];
        let mut words = own(SEARCHED_AHEAD);
        words.insert(0, WordOp::new(Op::Delete, MOVED));
        let changes = |words: Vec<WordOp>| {
            vec![
                change("A", None, words),
                change("B", None, vec![WordOp::new(Op::Insert, MOVED)]),
            ]
        };
        // Past the first insertions, all of the deletion's own change: not looked for.
        let mut far = changes(words);
        mark(&mut far);
        assert_eq!(far[1].words[0].moved, None);
        let mut near = own(SEARCHED_AHEAD - 1);
        near.insert(0, WordOp::new(Op::Delete, MOVED));
        let mut near = changes(near);
        mark(&mut near);
        assert!(near[1].words[0].moved.is_some());
    }

    #[test]
    fn each_deleted_sentence_pairs_with_one_insertion() {
        let mut changes = vec![
            change("A", None, vec![WordOp::new(Op::Delete, MOVED)]),
            change("B", None, vec![WordOp::new(Op::Insert, MOVED)]),
            change("C", None, vec![WordOp::new(Op::Insert, MOVED)]),
        ];
        mark(&mut changes);
        assert!(changes[0].words[0].moved.is_some());
        assert!(changes[1].words[0].moved.is_some());
        assert_eq!(changes[2].words[0].moved, None);
    }
}
