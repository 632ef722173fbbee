//! Text moved from one change to another and edited on the way: a policy restructured, its
//! sentences now under new headings with a word changed ("than necessary" → "than is
//! necessary"). Each change alone reads a negation or a data category removed where the text
//! left and added where it arrived; read together, nothing was removed. A removal in one change
//! and an addition in another, of the same label (or the same negation) named by sentences that
//! share most of their words, cancel out.

use std::collections::HashSet;

use super::{
    EXCEPTIONS, Material, edited_words, is_exception_word, is_negation_word, key, key_words,
    named_message,
};
use crate::detect::Strength;
use crate::detect::reading::strength;

/// A material finding of one change, with what it says was removed and added where another
/// change may say the opposite.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Said {
    pub noun: &'static str,
    pub removed: Vec<(String, String)>,
    pub added: Vec<(String, String)>,
}

/// One label said removed or added, and where: the change, and the finding in it.
struct Entry<'f> {
    change: usize,
    finding: usize,
    label: &'f str,
    sentence: &'f str,
}

/// Cancels out, across the changes of one comparison (`found`, each change's findings), the
/// labels removed in one change and added in another by sentences that are one sentence moved
/// and edited; a finding left with nothing removed or added is dropped, the others are worded
/// again.
pub(super) fn cancel_moved(found: &mut [Vec<Found>]) {
    let mut gone: Vec<(usize, usize, bool, String)> = Vec::new();
    {
        let entries = |removed: bool| -> Vec<Entry> {
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
        };
        let (removed, added) = (entries(true), entries(false));
        if removed.is_empty() || added.is_empty() {
            return;
        }
        let kind = |e: &Entry| found[e.change][e.finding].material.kind.as_str();
        let mut taken = vec![false; added.len()];
        for r in &removed {
            let twin = (added.iter().enumerate()).find(|(k, a)| {
                !taken[*k]
                    && a.change != r.change
                    && kind(a) == kind(r)
                    && a.label == r.label
                    && one_sentence_moved(r.sentence, a.sentence)
            });
            if let Some((k, a)) = twin {
                taken[k] = true;
                gone.push((r.change, r.finding, true, r.label.to_string()));
                gone.push((a.change, a.finding, false, a.label.to_string()));
            }
        }
    }
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
            side.retain(|(l, _)| *l != label);
        }
    }
    for findings in found.iter_mut() {
        findings.retain_mut(|f| {
            let Some(said) = &f.said else { return true };
            if said.removed.is_empty() && said.added.is_empty() {
                return false;
            }
            // A negation has one sentence: if it is still there, nothing changed.
            if said.noun == "negation" {
                return true;
            }
            match named_message(&f.material.kind, said.noun, &said.removed, &said.added) {
                Some(message) => {
                    f.material.message = message;
                    f.material.old = said.removed.first().map(|(_, s)| s.clone());
                    f.material.new = said.added.first().map(|(_, s)| s.clone());
                    true
                }
                None => false,
            }
        });
    }
}

/// Whether two sentences are one, moved and lightly edited: four fifths of the words of the
/// longer are in the other ("than necessary" → "than is necessary"), and no edit touches a
/// negation, an exception or a modal ("we do not sell it" → "… unless you agree" is a change
/// wherever it is made). A promise reworded ("does not take any decisions …" → "does not use
/// algorithms … without human review") is not one sentence.
fn one_sentence_moved(a: &str, b: &str) -> bool {
    let (ka, kb) = (key(a), key(b));
    let (wa, wb) = (key_words(&ka), key_words(&kb));
    let (sa, sb): (HashSet<&str>, HashSet<&str>) =
        (wa.iter().copied().collect(), wb.iter().copied().collect());
    let common = sa.intersection(&sb).count();
    if common == 0 || 5 * common < 4 * sa.len().max(sb.len()) {
        return false;
    }
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

#[cfg(test)]
mod tests {
    use super::one_sentence_moved;

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
