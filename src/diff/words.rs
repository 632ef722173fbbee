//! Word-level diff of two texts with `similar` (Unicode word boundaries), bounded in cost.
//!
//! Texts are first diffed sentence by sentence, then word by word inside the sentences that
//! differ (only those are split into tokens), between anchors where that is too large; a region
//! still too large, or a diff that runs past its deadline, is given as a whole delete and insert
//! and flagged `coarse`.

use std::cell::OnceCell;
use std::ops::Range;
use std::sync::LazyLock;
use std::time::Instant;

use super::hash::{FastMap, common_count, hash_bytes};
use super::moved::Moved;
use super::shared::diff_shared;
use crate::pattern::Pattern;
use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};
use unicode_segmentation::UnicodeSegmentation;

/// What a run of words does between the old and the new text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Equal,
    Delete,
    Insert,
}

impl Op {
    pub fn name(self) -> &'static str {
        match self {
            Op::Equal => "equal",
            Op::Delete => "delete",
            Op::Insert => "insert",
        }
    }
}

/// A run of text with what happened to it, and for a deleted or inserted run of whole
/// sentences that another change inserted or deleted, where they went or came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordOp {
    pub op: Op,
    pub text: String,
    pub moved: Option<Moved>,
}

impl WordOp {
    pub fn new(op: Op, text: impl Into<String>) -> WordOp {
        WordOp {
            op,
            text: text.into(),
            moved: None,
        }
    }

    pub fn moved(op: Op, text: impl Into<String>, moved: Moved) -> WordOp {
        WordOp {
            op,
            text: text.into(),
            moved: Some(moved),
        }
    }
}

/// The ops that turn the old text into the new, and whether the diff had to be coarse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordDiff {
    pub ops: Vec<WordOp>,
    pub coarse: bool,
}

impl WordDiff {
    /// Whether the texts differ at all (after obfuscated e-mail addresses are matched up).
    pub fn changed(&self) -> bool {
        self.ops.iter().any(|o| o.op != Op::Equal)
    }
}

/// Above this many token pairs (old × new), a stretch of changed sentences is not given one
/// word diff: word diffs cost up to the product. It is diffed between anchors instead
/// ([`anchored_diff`]), unless it is one sentence that takes few edits (a long list, a menu of
/// languages: see [`EDIT_SEARCH_LIMIT`]).
const REGION_LIMIT: usize = 40_000;

/// What finding out whether a sentence past [`REGION_LIMIT`] takes few edits may cost: the
/// tokens of both versions times the edits looked for. A word diff of texts so few edits apart
/// takes about as much.
const EDIT_SEARCH_LIMIT: usize = 1_000_000;

/// Sentences sharing less than this share of their words were rewritten, not edited: they are
/// shown whole, which reads better than a word diff of unrelated text (and costs nothing).
const REWRITTEN: f64 = 0.5;

/// Above this many sentence pairs (old × new), a stretch of changed sentences that reads as
/// rewritten, or is too large for a word diff, is shown whole without looking for the sentences
/// in it that were only edited.
const PAIRING_LIMIT: usize = 1_024;

/// What a web archive writes in place of an e-mail address it hides.
pub const OBFUSCATED_EMAIL: &str = "[email protected]";

/// E-mail addresses and the archive's placeholder: each is one token.
static EMAIL: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"\[email protected\]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"));

/// Whether a token is an e-mail address or the archive's placeholder for one.
pub fn is_email_token(t: &str) -> bool {
    t == OBFUSCATED_EMAIL || (t.contains('@') && EMAIL.find(t).is_some_and(|m| m.len() == t.len()))
}

/// Splits text into words, spaces and punctuation (Unicode word boundaries), keeping an e-mail
/// address or the archive's placeholder as one token.
pub fn tokenize(text: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(text.len() / 3);
    each_token(text, |token| out.push(token));
    out
}

/// Each token of `text`, in order, as [`tokenize`] lists them.
fn each_token<'t>(text: &'t str, mut take: impl FnMut(&'t str)) {
    let mut at = 0;
    for m in emails(text) {
        words(&text[at..m.start], &mut take);
        take(&text[m.clone()]);
        at = m.end;
    }
    words(&text[at..], &mut take);
}

/// Where [`EMAIL`] matches in `text`, as its `find_iter` finds them. An address holds no white
/// space, and the pattern looks at nothing around a match: only the stretches without white
/// space around each `@` are searched (its first character class starts a try at nearly every
/// byte), the whole text where the archive's placeholder, which holds a space, is.
fn emails(text: &str) -> Vec<Range<usize>> {
    if text.contains(OBFUSCATED_EMAIL) {
        return EMAIL.find_iter(text).collect();
    }
    let mut found = Vec::new();
    let mut searched_to = 0;
    for at in memchr::memchr_iter(b'@', text.as_bytes()) {
        if at < searched_to {
            continue;
        }
        let start = text[..at]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = text[at..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| at + i);
        found.extend((EMAIL.find_iter(&text[start..end])).map(|m| start + m.start..start + m.end));
        searched_to = end;
    }
    found
}

/// Unicode word boundaries (UAX #29); stretches of ASCII text, most of every policy, by a direct
/// reading of the same rules (several times faster than the general tables).
fn words<'t>(text: &'t str, take: &mut impl FnMut(&'t str)) {
    // `is_ascii` reads a word at a time: most texts need no more.
    if text.is_ascii() {
        return ascii_words(text, take);
    }
    let mut rest = text;
    while let Some(at) = rest.bytes().position(|b| !b.is_ascii()) {
        // Only the words around a character outside ASCII need the tables: from the cut before
        // it to the cut after it.
        let b = rest.as_bytes();
        let start = (1..at).rev().find(|&i| cut_at(b, i)).unwrap_or(0);
        let end = (at + 1..b.len()).find(|&i| cut_at(b, i)).unwrap_or(b.len());
        ascii_words(&rest[..start], take);
        rest[start..end].split_word_bounds().for_each(&mut *take);
        rest = &rest[end..];
    }
    ascii_words(rest, take);
}

/// Whether the text can be cut between `b[i - 1]`, a space, and `b[i]`, an ASCII byte other than
/// a space, and each side split into words alone (UAX #29): words always part there (WB3d joins
/// spaces only to spaces, WB4's extenders are not ASCII), and no rule looks across the cut
/// (WB6/7 and WB11/12 look past one middle character, which is not a space).
fn cut_at(b: &[u8], i: usize) -> bool {
    b[i - 1] == b' ' && b[i] != b' ' && b[i].is_ascii()
}

/// [`words`] of ASCII text.
fn ascii_words<'t>(text: &'t str, take: &mut impl FnMut(&'t str)) {
    let b = text.as_bytes();
    let letter = |c: u8| c.is_ascii_alphabetic();
    let digit = |c: u8| c.is_ascii_digit();
    let wordlike = |c: u8| letter(c) || digit(c) || c == b'_';
    // WB6/7: letter (MidLetter | MidNumLet | Single_Quote) letter; WB11/12: digit (MidNum |
    // MidNumLet | Single_Quote) digit.
    let joins = |prev: u8, mid: u8, next: u8| {
        (letter(prev) && letter(next) && matches!(mid, b':' | b'.' | b'\''))
            || (digit(prev) && digit(next) && matches!(mid, b',' | b';' | b'.' | b'\''))
    };
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let c = b[i];
        i += 1;
        if wordlike(c) {
            // WB5, WB8–10, WB13a/b: letters, digits and `_` hold together.
            while i < b.len() {
                if wordlike(b[i]) {
                    i += 1;
                } else if i + 1 < b.len() && joins(b[i - 1], b[i], b[i + 1]) {
                    i += 2;
                } else {
                    break;
                }
            }
        } else if c == b' ' {
            // WB3d: horizontal spaces hold together.
            while i < b.len() && b[i] == b' ' {
                i += 1;
            }
        } else if c == b'\r' && b.get(i) == Some(&b'\n') {
            i += 1;
        }
        // `sentences` reads ASCII white space as these tokens do, without them.
        take(&text[start..i]);
    }
}

/// The word diff of `old` and `new`, giving up on detail at `deadline`.
pub fn diff(old: &str, new: &str, deadline: Instant) -> WordDiff {
    // What both texts open and close with is equal: only the middle needs tokens (a small edit
    // in a long text costs little).
    let (pre, suf) = alike_sentence_ends(old, new);
    let (old_mid, new_mid) = (&old[pre..old.len() - suf], &new[pre..new.len() - suf]);
    // Sentence by sentence first: equal sentences anchor the diff, so only the sentences that
    // differ are split into tokens and compared word by word.
    let sa = sentences(old_mid);
    let sb = sentences(new_mid);
    let (ka, kb) = numbered(
        sa.iter().map(|r| &old_mid[r.clone()]),
        sb.iter().map(|r| &new_mid[r.clone()]),
    );
    // Runs of tokens, not tokens: a 6 MB text is two million tokens.
    let mut raw: Vec<(Op, &str)> = Vec::new();
    raw.push((Op::Equal, &old[..pre]));
    let mut coarse = false;
    for op in diff_shared(Algorithm::Myers, &ka, &kb, Some(deadline)) {
        let ra = byte_span(&sa, op.old_range(), old_mid.len());
        if matches!(op, DiffOp::Equal { .. }) {
            raw.push((Op::Equal, &old_mid[ra]));
        } else {
            let a = Stretch::of(old_mid, &sa[op.old_range()]);
            let b = Stretch::of(new_mid, &sb[op.new_range()]);
            coarse |= diff_stretch(&a, &b, deadline, &mut raw);
        }
    }
    raw.push((Op::Equal, &old[old.len() - suf..]));
    if Instant::now() >= deadline {
        coarse = true;
    }
    raw.retain(|(_, t)| !t.is_empty());
    WordDiff {
        ops: tidy(raw),
        coarse,
    }
}

/// The tokens of a text, which they tile.
struct Tokens<'t> {
    text: &'t str,
    list: Vec<&'t str>,
}

impl<'t> Tokens<'t> {
    /// The text of the tokens in `range`.
    fn run(&self, range: Range<usize>) -> &'t str {
        if range.is_empty() {
            return "";
        }
        let offset = |token: &str| token.as_ptr() as usize - self.text.as_ptr() as usize;
        let (first, last) = (self.list[range.start], self.list[range.end - 1]);
        &self.text[offset(first)..offset(last) + last.len()]
    }
}

/// A stretch of changed sentences of a text: its tokens, sentence by sentence.
struct Stretch<'t> {
    tokens: Tokens<'t>,
    /// Where each sentence's tokens end.
    ends: Vec<usize>,
    /// The [`word_bag`] of each sentence, made when first asked for.
    bags: OnceCell<Vec<Vec<u64>>>,
}

impl<'t> Stretch<'t> {
    /// The `sentences` (consecutive byte ranges of `text`) as a stretch. Sentences end at token
    /// boundaries: their tokens are the tokens of the stretch as a whole.
    fn of(text: &'t str, sentences: &[Range<usize>]) -> Stretch<'t> {
        let mut list = Vec::new();
        let mut ends = Vec::with_capacity(sentences.len());
        for s in sentences {
            each_token(&text[s.clone()], |token| list.push(token));
            ends.push(list.len());
        }
        Stretch {
            tokens: Tokens { text, list },
            ends,
            bags: OnceCell::new(),
        }
    }

    /// The tokens of sentence `k`.
    fn sentence(&self, k: usize) -> Range<usize> {
        k.checked_sub(1).map_or(0, |p| self.ends[p])..self.ends[k]
    }

    /// The tokens of `sentences`.
    fn sentences(&self, sentences: Range<usize>) -> Range<usize> {
        match sentences.is_empty() {
            true => 0..0,
            false => self.sentence(sentences.start).start..self.sentence(sentences.end - 1).end,
        }
    }

    /// The [`word_bag`] of each sentence.
    fn bags(&self) -> &[Vec<u64>] {
        self.bags.get_or_init(|| {
            (0..self.ends.len())
                .map(|k| word_bag(&self.tokens.list[self.sentence(k)]))
                .collect()
        })
    }

    /// The [`word_bag`] of `sentences`.
    fn words_of(&self, sentences: Range<usize>) -> Vec<u64> {
        let mut bag = self.bags()[sentences].concat();
        bag.sort_unstable();
        bag
    }
}

/// Word diff of a stretch of changed sentences; whether any of it had to be shown whole for
/// its size. A stretch that reads as rewritten, or is too large to diff word by word, may still
/// hold sentences that were only edited, among others added or removed ("We may receive …"
/// made "We will receive …", with the three sentences after it gone): those are paired up (with
/// the parts of a sentence re-split, see [`take_in_resplit`]) and diffed word by word, and the
/// sentences between two pairs diffed together, shown whole if rewritten.
fn diff_stretch<'t>(
    a: &Stretch<'t>,
    b: &Stretch<'t>,
    deadline: Instant,
    out: &mut Vec<(Op, &'t str)>,
) -> bool {
    let (all_a, all_b) = (0..a.tokens.list.len(), 0..b.tokens.list.len());
    let one_sentence = a.ends.len().max(b.ends.len()) <= 1;
    let split = Split::of(&a.tokens.list, &b.tokens.list, one_sentence);
    let steps = (split.middle != Middle::Words && !one_sentence)
        .then(|| paired_sentences(a, b, deadline))
        .flatten();
    let Some(steps) = steps else {
        return diff_tokens(&a.tokens, all_a, &b.tokens, all_b, &split, deadline, out);
    };
    let mut groups = groups_of(&steps);
    for k in (1..groups.len()).step_by(2) {
        take_in_resplit(a, b, &mut groups, k);
    }
    let mut coarse = false;
    for (k, group) in groups.into_iter().enumerate() {
        coarse |= diff_group(a, b, (group, k % 2 == 1), deadline, out);
    }
    coarse
}

/// Sentences of a stretch, old and new, diffed together.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Group {
    old: Range<usize>,
    new: Range<usize>,
}

/// The `steps` as groups: the sentences removed and added before the first pair, the pair, the
/// sentences removed and added before the next, and so on (pairs at odd places).
fn groups_of(steps: &[Step]) -> Vec<Group> {
    let mut groups = Vec::with_capacity(steps.len());
    let mut run = Group {
        old: 0..0,
        new: 0..0,
    };
    for &step in steps {
        match step {
            Step::Removed(i) => run.old.end = i + 1,
            Step::Added(j) => run.new.end = j + 1,
            Step::Edited(i, j) => {
                let next = Group {
                    old: i + 1..i + 1,
                    new: j + 1..j + 1,
                };
                groups.push(std::mem::replace(&mut run, next));
                groups.push(Group {
                    old: i..i + 1,
                    new: j..j + 1,
                });
            }
        }
    }
    groups.push(run);
    groups
}

/// How many sentences next to a pair it may take in: a sentence split in five, or five made one.
const RESPLIT_LIMIT: usize = 4;

/// Takes into the pair `groups[k]` sentences next to it, removed or added, that its other side
/// holds. Two sentences made one ("… device software. • What you do …" lost its full stop)
/// pair the longer sentence with one of the two, and leave the other beside the pair as if
/// removed, to be struck out and shown again; taken in, it makes the pair one edit. A sentence
/// is taken in only if it raises the share of words the pair has in common, the one that
/// raises it most first.
fn take_in_resplit(a: &Stretch, b: &Stretch, groups: &mut [Group], k: usize) {
    let share = |pair: &Group| {
        let (x, y) = (a.words_of(pair.old.clone()), b.words_of(pair.new.clone()));
        share_of(common_count(&x, &y), x.len() + y.len())
    };
    for _ in 0..RESPLIT_LIMIT {
        let mut grown = [(true, true), (true, false), (false, true), (false, false)]
            .into_iter()
            .filter_map(|(before, old)| grown(groups, k, before, old))
            .peekable();
        if grown.peek().is_none() {
            return;
        }
        let now = share(&groups[k]);
        let best = (grown.map(|g| (share(&g[1]), g)))
            .filter(|&(grown_share, _)| grown_share > now)
            .max_by(|x, y| x.0.total_cmp(&y.0));
        let Some((_, g)) = best else {
            return;
        };
        groups[k - 1..=k + 1].clone_from_slice(&g);
    }
}

/// `groups[k - 1..=k + 1]` with the pair `groups[k]` grown by the sentence next to it of the run
/// `before` it (or after it), on the `old` side (or the new): `None` if there is none.
fn grown(groups: &[Group], k: usize, before: bool, old: bool) -> Option<[Group; 3]> {
    let mut g = [
        groups[k - 1].clone(),
        groups[k].clone(),
        groups[k + 1].clone(),
    ];
    let [run_before, pair, run_after] = &mut g;
    let (run, pair) = match (before, old) {
        (true, true) => (&mut run_before.old, &mut pair.old),
        (true, false) => (&mut run_before.new, &mut pair.new),
        (false, true) => (&mut run_after.old, &mut pair.old),
        (false, false) => (&mut run_after.new, &mut pair.new),
    };
    if (*run).is_empty() {
        return None;
    }
    if before {
        (run.end, pair.start) = (run.end - 1, pair.start - 1);
    } else {
        (run.start, pair.end) = (run.start + 1, pair.end + 1);
    }
    Some(g)
}

/// Word diff of a group of sentences of `a` and `b`, `paired` or those between two pairs, as
/// [`Split`] takes them: sentences between pairs rewritten in other words are shown whole.
fn diff_group<'t>(
    a: &Stretch<'t>,
    b: &Stretch<'t>,
    (group, paired): (Group, bool),
    deadline: Instant,
    out: &mut Vec<(Op, &'t str)>,
) -> bool {
    let (ra, rb) = (
        a.sentences(group.old.clone()),
        b.sentences(group.new.clone()),
    );
    let one_sentence = group.old.len() == 1 && group.new.len() == 1;
    let (ta, tb) = (&a.tokens.list[ra.clone()], &b.tokens.list[rb.clone()]);
    let split = (!ta.is_empty() && !tb.is_empty()).then(|| Split::of(ta, tb, one_sentence));
    match split {
        Some(split) if paired || split.middle != Middle::Rewritten => {
            diff_tokens(&a.tokens, ra, &b.tokens, rb, &split, deadline, out)
        }
        // Removed or added, or rewritten: whole sentences.
        _ => {
            out.push((Op::Delete, a.tokens.run(ra)));
            out.push((Op::Insert, b.tokens.run(rb)));
            false
        }
    }
}

/// What becomes of a sentence of a stretch of changed sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Removed(usize),
    Added(usize),
    /// Old sentence, new sentence: sharing at least [`REWRITTEN`] of their words.
    Edited(usize, usize),
}

/// The sentences of `a` and `b` in order, with pairs of them as edited: pairs that share at
/// least [`REWRITTEN`] of their words, in the same order on both sides, chosen to share the most
/// words in all (a long sentence edited outweighs two short ones that only changed a mark).
/// `None` if no pair shares enough, if there are too many pairs to try, or at `deadline`.
fn paired_sentences(a: &Stretch, b: &Stretch, deadline: Instant) -> Option<Vec<Step>> {
    let (m, n) = (a.ends.len(), b.ends.len());
    if m == 0 || n == 0 || m.saturating_mul(n) > PAIRING_LIMIT {
        return None;
    }
    let (bags_a, bags_b) = (a.bags(), b.bags());
    // shared[i * n + j]: the words old sentence i and new sentence j share, if enough to pair.
    let mut shared = vec![None; m * n];
    for (i, x) in bags_a.iter().enumerate() {
        if Instant::now() >= deadline {
            return None;
        }
        for (j, y) in bags_b.iter().enumerate() {
            // Half of all their words in common needs the shorter to be a third of the longer
            // at least: a long sentence is not merged with each of many short ones.
            if 3 * x.len().min(y.len()) < x.len().max(y.len()) {
                continue;
            }
            let common = common_count(x, y);
            if share_of(common, x.len() + y.len()) >= REWRITTEN {
                shared[i * n + j] = Some(common);
            }
        }
    }
    let pairable = |i: usize, j: usize| shared[i * n + j];
    // best[i][j]: the most words the pairs of the first i old and j new sentences share.
    let mut best = vec![vec![0usize; n + 1]; m + 1];
    for i in 1..=m {
        for j in 1..=n {
            let skip = best[i - 1][j].max(best[i][j - 1]);
            best[i][j] = pairable(i - 1, j - 1).map_or(skip, |c| skip.max(best[i - 1][j - 1] + c));
        }
    }
    if best[m][n] == 0 {
        return None;
    }
    let mut steps = Vec::with_capacity(m + n);
    let (mut i, mut j) = (m, n);
    while i > 0 || j > 0 {
        let paired = (i > 0 && j > 0)
            .then(|| pairable(i - 1, j - 1))
            .flatten()
            .is_some_and(|c| best[i][j] == best[i - 1][j - 1] + c);
        if paired {
            steps.push(Step::Edited(i - 1, j - 1));
            (i, j) = (i - 1, j - 1);
        } else if j > 0 && (i == 0 || best[i][j] == best[i][j - 1]) {
            steps.push(Step::Added(j - 1));
            j -= 1;
        } else {
            steps.push(Step::Removed(i - 1));
            i -= 1;
        }
    }
    steps.reverse();
    Some(steps)
}

/// The hashes of the words among `tokens` (not spaces or punctuation), sorted.
fn word_bag(tokens: &[&str]) -> Vec<u64> {
    let mut bag: Vec<u64> = (tokens.iter())
        .filter(|t| is_word(t))
        .map(|t| hash_bytes(t.as_bytes()))
        .collect();
    bag.sort_unstable();
    bag
}

/// How two runs of tokens compare: the tokens they open and close with alike, and how what lies
/// between them is shown.
struct Split {
    pre: usize,
    suf: usize,
    middle: Middle,
}

/// How the middle of two runs of tokens is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Middle {
    /// As a word diff.
    Words,
    /// As a word diff between anchors ([`anchored_diff`]): one word diff would cost up to the
    /// product of the lengths.
    Anchored,
    /// Whole: sharing too few words for a word diff to read well.
    Rewritten,
}

impl Split {
    /// How `ta` and `tb` compare. Past [`REGION_LIMIT`], if they are `one_sentence` each, one
    /// word diff is still taken if they are a few edits apart (a word added to a long list).
    fn of(ta: &[&str], tb: &[&str], one_sentence: bool) -> Split {
        // A local edit in a long sentence leaves a small middle once the common ends are set
        // aside.
        let (pre, suf) = common_ends(ta, tb);
        let (la, lb) = (&ta[pre..ta.len() - suf], &tb[pre..tb.len() - suf]);
        let small = la.len().saturating_mul(lb.len()) <= REGION_LIMIT;
        let middle =
            if !small && one_sentence && within_edits(la, lb, few_edits(la.len() + lb.len())) {
                Middle::Words
            } else if shared_words(la, lb) < REWRITTEN {
                Middle::Rewritten
            } else if small {
                Middle::Words
            } else {
                Middle::Anchored
            };
        Split { pre, suf, middle }
    }
}

/// How many edits (insertions and deletions of tokens) two texts of `tokens` tokens in all may
/// be apart to be few: one in ten tokens, and no more than a search of [`EDIT_SEARCH_LIMIT`]
/// finds. A sentence with its words shuffled is many edits apart, and is found so early.
fn few_edits(tokens: usize) -> usize {
    (tokens / 10).min(EDIT_SEARCH_LIMIT / tokens.max(1))
}

/// Whether `b` is at most `most` insertions and deletions of tokens away from `a`: the greedy
/// search of Myers' O(ND) algorithm, given up past `most` edits. It costs at most
/// (`a.len()` + `b.len()`) × `most` token comparisons, and nothing is kept but the furthest
/// point reached on each diagonal.
fn within_edits(a: &[&str], b: &[&str], most: usize) -> bool {
    let (n, m) = (a.len(), b.len());
    let most = most.min(n + m);
    // furthest[k + most + 1]: the furthest old token reached on diagonal k (old − new index).
    let mut furthest = vec![0usize; 2 * most + 3];
    let at = |k: isize| (k + most as isize + 1) as usize;
    for d in 0..=most as isize {
        for k in (-d..=d).step_by(2) {
            // One step down (a token inserted) from diagonal k + 1, or right (one deleted) from
            // k − 1, whichever reaches further. A path that leaves the grid finds no equal
            // tokens there, and is never the shortest to its far corner.
            let mut x = if k == -d || (k != d && furthest[at(k - 1)] < furthest[at(k + 1)]) {
                furthest[at(k + 1)]
            } else {
                furthest[at(k - 1)] + 1
            };
            let mut y = x.wrapping_add_signed(-k);
            while x < n && y < m && a[x] == b[y] {
                (x, y) = (x + 1, y + 1);
            }
            furthest[at(k)] = x;
            if x >= n && y >= m {
                return true;
            }
        }
    }
    false
}

/// Word diff of the tokens `ra` of `a` and `rb` of `b`, as `split` splits them; whether any of
/// it had to be shown whole for its size.
fn diff_tokens<'t>(
    a: &Tokens<'t>,
    ra: Range<usize>,
    b: &Tokens<'t>,
    rb: Range<usize>,
    split: &Split,
    deadline: Instant,
    out: &mut Vec<(Op, &'t str)>,
) -> bool {
    let (ma, mb) = (
        ra.start + split.pre..ra.end - split.suf,
        rb.start + split.pre..rb.end - split.suf,
    );
    out.push((Op::Equal, a.run(ra.start..ma.start)));
    let coarse = match split.middle {
        Middle::Words => {
            word_diff(a, ma.clone(), b, mb, deadline, out);
            false
        }
        Middle::Anchored => anchored_diff(a, ma.clone(), b, mb, ANCHOR_DEPTH, deadline, out),
        Middle::Rewritten => {
            out.push((Op::Delete, a.run(ma.clone())));
            out.push((Op::Insert, b.run(mb)));
            false
        }
    };
    out.push((Op::Equal, a.run(ma.end..ra.end)));
    coarse
}

/// One word diff (Myers) of the tokens `ra` of `a` and `rb` of `b`.
fn word_diff<'t>(
    a: &Tokens<'t>,
    ra: Range<usize>,
    b: &Tokens<'t>,
    rb: Range<usize>,
    deadline: Instant,
    out: &mut Vec<(Op, &'t str)>,
) {
    let (la, lb) = (&a.list[ra.clone()], &b.list[rb.clone()]);
    for op in capture_diff_slices_deadline(Algorithm::Myers, la, lb, Some(deadline)) {
        let (old, new) = (
            shift(op.old_range(), ra.start),
            shift(op.new_range(), rb.start),
        );
        match op {
            DiffOp::Equal { .. } => out.push((Op::Equal, a.run(old))),
            DiffOp::Delete { .. } | DiffOp::Insert { .. } | DiffOp::Replace { .. } => {
                out.push((Op::Delete, a.run(old)));
                out.push((Op::Insert, b.run(new)));
            }
        }
    }
}

/// How many times [`anchored_diff`] looks for anchors again between the anchors it found.
const ANCHOR_DEPTH: u32 = 4;

/// Word diff of the tokens `ra` of `a` and `rb` of `b`, too many for one word diff: the words
/// found once on each side, in the same order on both (the most of them, as patience diff
/// takes them), are anchors, kept equal, and what lies between two anchors is diffed the same
/// way, `depth` times over at most. Each round costs time in proportion to the tokens, and a
/// word diff is only taken of a stretch within [`REGION_LIMIT`]: a stretch past it with no
/// anchors in it (or past the depth) is shown whole, and then the diff is coarse (returned).
fn anchored_diff<'t>(
    a: &Tokens<'t>,
    ra: Range<usize>,
    b: &Tokens<'t>,
    rb: Range<usize>,
    depth: u32,
    deadline: Instant,
    out: &mut Vec<(Op, &'t str)>,
) -> bool {
    let (pre, suf) = common_ends(&a.list[ra.clone()], &b.list[rb.clone()]);
    let (ma, mb) = (ra.start + pre..ra.end - suf, rb.start + pre..rb.end - suf);
    out.push((Op::Equal, a.run(ra.start..ma.start)));
    let anchors = match ma.len().saturating_mul(mb.len()) <= REGION_LIMIT || depth == 0 {
        true => Vec::new(),
        false => unique_anchors(&a.list[ma.clone()], &b.list[mb.clone()]),
    };
    let mut coarse = false;
    if !anchors.is_empty() {
        let (mut i, mut j) = (ma.start, mb.start);
        for (x, y) in anchors {
            let (x, y) = (ma.start + x, mb.start + y);
            coarse |= anchored_diff(a, i..x, b, j..y, depth - 1, deadline, out);
            out.push((Op::Equal, a.run(x..x + 1)));
            (i, j) = (x + 1, y + 1);
        }
        coarse |= anchored_diff(a, i..ma.end, b, j..mb.end, depth - 1, deadline, out);
    } else if ma.len().saturating_mul(mb.len()) <= REGION_LIMIT {
        word_diff(a, ma.clone(), b, mb, deadline, out);
    } else {
        out.push((Op::Delete, a.run(ma.clone())));
        out.push((Op::Insert, b.run(mb)));
        coarse = true;
    }
    out.push((Op::Equal, a.run(ma.end..ra.end)));
    coarse
}

/// The words found once in `a` and once in `b`, as places in each: the most of them that stand
/// in the same order on both sides.
fn unique_anchors(a: &[&str], b: &[&str]) -> Vec<(usize, usize)> {
    // Each word of `a`: how often it is in `a` and in `b`, and where it last is in `b`.
    let mut counts: FastMap<&str, (u32, u32, usize)> = FastMap::default();
    for t in a.iter().filter(|t| is_word(t)) {
        counts.entry(t).or_insert((0, 0, 0)).0 += 1;
    }
    for (j, t) in b.iter().enumerate() {
        if let Some(count) = counts.get_mut(t) {
            (count.1, count.2) = (count.1 + 1, j);
        }
    }
    let once: Vec<(usize, usize)> = (a.iter().enumerate())
        .filter_map(|(i, t)| match counts.get(t) {
            Some(&(1, 1, j)) => Some((i, j)),
            _ => None,
        })
        .collect();
    longest_rising(&once)
}

/// The longest run of `pairs` (in rising order of their first places) whose second places rise
/// too: patience sorting, in time `n log n`.
fn longest_rising(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // ends[k]: the pair with the lowest second place that ends a rising run of k + 1 pairs.
    let mut ends: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(_, y)) in pairs.iter().enumerate() {
        let at = ends.partition_point(|&e| pairs[e].1 < y);
        before[k] = at.checked_sub(1).map(|p| ends[p]);
        match ends.get_mut(at) {
            Some(end) => *end = k,
            None => ends.push(k),
        }
    }
    let mut run = Vec::with_capacity(ends.len());
    let mut at = ends.last().copied();
    while let Some(k) = at {
        run.push(pairs[k]);
        at = before[k];
    }
    run.reverse();
    run
}

/// How many items `a` and `b` open with alike, and then how many of the rest they close with
/// alike.
fn common_ends<T: PartialEq>(a: &[T], b: &[T]) -> (usize, usize) {
    let pre = common_prefix(a, b);
    (pre, common_suffix(&a[pre..], &b[pre..]))
}

/// How many items `a` and `b` open with alike.
fn common_prefix<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// How many items `a` and `b` close with alike.
fn common_suffix<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    (a.iter().rev().zip(b.iter().rev()))
        .take_while(|(x, y)| x == y)
        .count()
}

/// `r` moved `by` on: a range of a part, as a range of the whole it starts `by` into.
fn shift(r: Range<usize>, by: usize) -> Range<usize> {
    r.start + by..r.end + by
}

/// Whether a token is a word (not spaces or punctuation).
fn is_word(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_alphanumeric)
}

/// The share of words (not spaces or punctuation) two token runs have in common.
fn shared_words(a: &[&str], b: &[&str]) -> f64 {
    let (a, b) = (word_bag(a), word_bag(b));
    share_of(common_count(&a, &b), a.len() + b.len())
}

/// The share of `total` words (of two texts) that `common` pairs of them make.
fn share_of(common: usize, total: usize) -> f64 {
    if total == 0 {
        1.0
    } else {
        2.0 * common as f64 / total as f64
    }
}

/// The sentences of `text`, as byte ranges: a sentence ends after a `.`, `?` or `!` token and
/// the white-space token that follows it.
fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    if text.is_ascii() {
        // In ASCII text such a mark before white space is always a token of its own (a word
        // takes a mark only between two letters or two digits, and no address ends in one),
        // and so is the white space, as `words` reads it: a run of spaces, CR LF, or one other
        // character.
        let b = text.as_bytes();
        for at in memchr::memchr3_iter(b'.', b'?', b'!', b) {
            let after = at + 1;
            let space = match b.get(after..) {
                Some([b' ', ..]) => b[after..].iter().take_while(|&&c| c == b' ').count(),
                Some([b'\r', b'\n', ..]) => 2,
                Some([c, ..]) if c.is_ascii_whitespace() || *c == 0x0b => 1,
                _ => continue,
            };
            out.push(start..after + space);
            start = after + space;
        }
    } else {
        let (mut at, mut after_stop) = (0, false);
        each_token(text, |token| {
            at += token.len();
            if after_stop && token.trim().is_empty() {
                out.push(start..at);
                start = at;
                after_stop = false;
            } else {
                after_stop = matches!(token, "." | "?" | "!");
            }
        });
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// Each text as a number, the same for equal texts: the diff of sentences compares numbers,
/// where comparing their tokens took a quarter of a diff of a 6 MB line.
fn numbered<'t>(
    a: impl ExactSizeIterator<Item = &'t str>,
    b: impl ExactSizeIterator<Item = &'t str>,
) -> (Vec<usize>, Vec<usize>) {
    let mut numbers: FastMap<&str, usize> =
        FastMap::with_capacity_and_hasher(a.len() + b.len(), Default::default());
    let mut number = |text| {
        let next = numbers.len();
        *numbers.entry(text).or_insert(next)
    };
    let a = a.map(&mut number).collect();
    let b = b.map(&mut number).collect();
    (a, b)
}

/// The byte range of the sentences `r` (indexes into `sentences`) of a text `len` bytes long.
fn byte_span(sentences: &[Range<usize>], r: Range<usize>, len: usize) -> Range<usize> {
    let start = sentences.get(r.start).map_or(len, |s| s.start);
    let end = if r.end > r.start {
        sentences.get(r.end - 1).map_or(len, |s| s.end)
    } else {
        start
    };
    start..end
}

/// Makes the token ops read well: an e-mail address against the archive's placeholder is no
/// change; white space alone between two changes joins them; within a change the deleted words
/// come before the inserted; runs of one op become one op.
fn tidy(raw: Vec<(Op, &str)>) -> Vec<WordOp> {
    // Groups: an equal run, or a change (deleted tokens, inserted tokens).
    enum Group<'t> {
        Equal(Vec<&'t str>),
        Change(Vec<&'t str>, Vec<&'t str>),
    }
    let mut groups: Vec<Group> = Vec::new();
    for (op, t) in raw {
        match (op, groups.last_mut()) {
            (Op::Equal, Some(Group::Equal(v))) => v.push(t),
            (Op::Equal, _) => groups.push(Group::Equal(vec![t])),
            (Op::Delete, Some(Group::Change(d, _))) => d.push(t),
            (Op::Insert, Some(Group::Change(_, i))) => i.push(t),
            (Op::Delete, _) => groups.push(Group::Change(vec![t], Vec::new())),
            (Op::Insert, _) => groups.push(Group::Change(Vec::new(), vec![t])),
        }
    }
    // A hidden address against a real one (either way round) is the same text. (A run of
    // several tokens is never an address, nor the placeholder: either would have been one.)
    for g in &mut groups {
        if let Group::Change(d, i) = g
            && d.len() == 1
            && i.len() == 1
            && (d[0] == OBFUSCATED_EMAIL || i[0] == OBFUSCATED_EMAIL)
            && is_email_token(d[0])
            && is_email_token(i[0])
        {
            *g = Group::Equal(vec![i[0]]);
        }
    }
    // Join changes separated only by white space.
    let mut joined: Vec<Group> = Vec::new();
    let mut iter = groups.into_iter().peekable();
    while let Some(g) = iter.next() {
        match g {
            Group::Equal(v)
                if v.iter().all(|t| t.trim().is_empty())
                    && matches!(joined.last(), Some(Group::Change(..)))
                    && matches!(iter.peek(), Some(Group::Change(..))) =>
            {
                if let (Some(Group::Change(d, i)), Some(Group::Change(nd, ni))) =
                    (joined.last_mut(), iter.next())
                {
                    d.extend(v.iter().copied());
                    d.extend(nd);
                    i.extend(v.iter().copied());
                    i.extend(ni);
                }
            }
            Group::Equal(v) => match joined.last_mut() {
                Some(Group::Equal(prev)) => prev.extend(v),
                _ => joined.push(Group::Equal(v)),
            },
            g => joined.push(g),
        }
    }
    let mut out: Vec<WordOp> = Vec::new();
    let mut push = |op: Op, text: &str| match out.last_mut() {
        _ if text.is_empty() => {}
        Some(last) if last.op == op => last.text.push_str(text),
        _ => out.push(WordOp::new(op, text)),
    };
    for g in joined {
        match g {
            Group::Equal(v) => push(Op::Equal, &v.concat()),
            Group::Change(d, i) => {
                // Text removed and text added that open or close alike (a sentence removed
                // whole, and one added in its place that extends it) keep what is alike.
                let (d, i) = (d.concat(), i.concat());
                let (pre, suf) = alike_ends(&d, &i);
                push(Op::Equal, &d[..pre]);
                push(Op::Delete, &d[pre..d.len() - suf]);
                push(Op::Insert, &i[pre..i.len() - suf]);
                push(Op::Equal, &d[d.len() - suf..]);
            }
        }
    }
    out
}

/// How many bytes `a` and `b` open and close with alike, cut between words: at either end of a
/// text or next to a space (no word is split, `data` is not the opening of `database`).
fn alike_ends(a: &str, b: &str) -> (usize, usize) {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let pre = alike_opening(x, y);
    (pre, alike_closing(x, y, pre))
}

/// Whether `at` is at either end of `s` or next to a space.
fn between_words(s: &[u8], at: usize) -> bool {
    at == 0 || at == s.len() || s[at - 1] == b' ' || s[at] == b' '
}

/// How many bytes `x` and `y` open with alike, cut between words.
fn alike_opening(x: &[u8], y: &[u8]) -> usize {
    let mut pre = common_prefix(x, y);
    while !(between_words(x, pre) && between_words(y, pre)) {
        pre -= 1;
    }
    pre
}

/// How many bytes `x` and `y` close with alike after their first `pre`, cut between words.
fn alike_closing(x: &[u8], y: &[u8], pre: usize) -> usize {
    let mut suf = common_suffix(&x[pre..], &y[pre..]);
    while !(between_words(x, x.len() - suf) && between_words(y, y.len() - suf)) {
        suf -= 1;
    }
    suf
}

/// [`alike_ends`] cut between sentences where one starts near: the sentences in between are
/// then diffed as sentences. Cut between words only, a sentence removed between two that open
/// alike ("… carriers. We do not sell it. We may …" → "… carriers. We may …") read as "We [-do
/// not sell it. We -]may", not as the sentence removed whole.
fn alike_sentence_ends(a: &str, b: &str) -> (usize, usize) {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let mut pre = alike_opening(x, y);
    // What opens a sentence in the alike opening does in both texts.
    if let Some(start) = (pre.saturating_sub(SENTENCE_REACH)..=pre)
        .rev()
        .find(|&at| opens_sentence(x, at))
    {
        pre = start;
    }
    // The alike closing, from the start of a sentence in both.
    let mut suf = alike_closing(x, y, pre);
    if let Some(left) = (suf.saturating_sub(SENTENCE_REACH)..=suf)
        .rev()
        .find(|&left| opens_sentence(x, x.len() - left) && opens_sentence(y, y.len() - left))
    {
        suf = left;
    }
    (pre, suf)
}

/// How far (in bytes) [`alike_sentence_ends`] looks for a sentence's start.
const SENTENCE_REACH: usize = 4096;

/// Whether `at` opens a sentence of `s` as [`sentences`] splits it: the text's start, or after a
/// `.`, `?` or `!` and the white space after it; or the text's end.
fn opens_sentence(s: &[u8], at: usize) -> bool {
    if at == 0 || at == s.len() {
        return true;
    }
    if s[at].is_ascii_whitespace() || !s[at - 1].is_ascii_whitespace() {
        return false;
    }
    let text_end = s[..at].iter().rposition(|c| !c.is_ascii_whitespace());
    text_end.is_none_or(|e| matches!(s[e], b'.' | b'?' | b'!'))
}

/// The old text (equal and deleted runs) or the new text (equal and inserted runs) of ops.
pub fn side(ops: &[WordOp], op: Op) -> String {
    ops.iter()
        .filter(|o| o.op == Op::Equal || o.op == op)
        .map(|o| o.text.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;
    use std::time::Duration;

    #[test]
    fn the_email_pattern_compiles_for_ascii_and_unicode_text() {
        EMAIL.assert_compiles();
    }

    fn later() -> Instant {
        Instant::now() + Duration::from_secs(60)
    }

    fn show(d: &WordDiff) -> String {
        d.ops
            .iter()
            .map(|o| match o.op {
                Op::Equal => o.text.clone(),
                Op::Delete => format!("[-{}-]", o.text),
                Op::Insert => format!("{{+{}+}}", o.text),
            })
            .collect()
    }

    #[test]
    fn ascii_words_split_as_unicode_word_boundaries_do() {
        let samples = [
            "e.g. amazon.com's 1,000.5 rock'n'roll a:b 3;4 x_1 __init__ -- a - b  c\r\nd\t\"q\" (1).",
            "U.S. Mr. O'Neil's 24/7 'quoted' 1.2.3 a.b. ..a.. ,1, 1,a a,1 end.",
        ];
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        let files: Vec<String> = std::fs::read_dir(corpus.join("amazon-privacy-policy"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .collect();
        let lines = samples
            .iter()
            .copied()
            .chain(files.iter().flat_map(|f| f.lines()))
            .filter(|l| l.is_ascii());
        let mut n = 0;
        for line in lines {
            let mut ours = Vec::new();
            words(line, &mut |token| ours.push(token));
            let theirs: Vec<&str> = line.split_word_bounds().collect();
            assert_eq!(ours, theirs, "{line}");
            n += 1;
        }
        assert!(n > 100, "only {n} lines: is the corpus there?");
    }

    #[test]
    fn one_changed_word_is_one_delete_and_one_insert() {
        let d = diff(
            "We use it to display ads.",
            "We use it to show ads.",
            later(),
        );
        assert_eq!(show(&d), "We use it to [-display-]{+show+} ads.");
        assert!(!d.coarse);
    }

    #[test]
    fn neighbouring_changes_read_as_one() {
        let d = diff("a quick brown fox", "a slow red fox", later());
        assert_eq!(show(&d), "a [-quick brown-]{+slow red+} fox");
    }

    proptest::proptest! {
        /// Searched around each `@` only, addresses are found as in the whole text.
        #[test]
        fn addresses_are_found_as_in_the_whole_text(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Zé", "1", "@", ".", "-", "+", "_", " ", "\n", "\u{a0}", "\u{3000}", ",",
                "(", "x.y", "@example.com", "[email protected]", "[email", "中",
            ]), 0..24),
        ) {
            let text: String = pieces.concat();
            let whole: Vec<Range<usize>> = EMAIL.find_iter(&text).collect();
            proptest::prop_assert_eq!(emails(&text), whole, "{:?}", text);
        }
    }

    /// Texts of words, spaces, punctuation, sentence ends and addresses: long enough, at
    /// times, to be diffed sentence by sentence and to pass the region limit.
    fn text() -> impl Strategy<Value = String> {
        let piece = proptest::sample::select(vec![
            "We",
            "sell",
            "share",
            "data",
            "ads",
            "é",
            "1,000",
            "a@b.com",
            "x.y",
            " ",
            "  ",
            ". ",
            "! ",
            "?",
            ".",
            ",",
            "\n",
            "\r\n",
            "\r",
            "\t",
            "\u{b}",
            "\u{c}",
            "\u{a0}",
            "\u{3000}",
            "\u{85}",
            "\u{2028}",
            "\u{1f}",
            "\u{301}",
            "(",
            ")",
            "[email protected]",
            "'",
            "a1",
            "\u{5d0}",
            "\u{30ab}",
            "\u{200d}",
            "\u{1f1fa}\u{1f1f8}",
        ]);
        proptest::collection::vec(piece, 0..400).prop_map(|pieces| pieces.concat())
    }

    proptest::proptest! {
        /// Sentences found token by token, without a list of the tokens, end where the
        /// list's `.`, `?` and `!` before white space put them; split into tokens alone, they
        /// give the list's tokens (what a [`Stretch`] is made of).
        #[test]
        fn sentences_lie_where_the_tokens_put_them(text in text(), ascii: bool) {
            // ASCII text is read byte by byte, the rest token by token.
            let text = if ascii { text.replace(|c: char| !c.is_ascii(), "") } else { text };
            let tokens = tokenize(&text);
            let mut ends = Vec::new();
            let mut at = 0;
            for (i, token) in tokens.iter().enumerate() {
                at += token.len();
                let next = tokens.get(i + 1);
                if matches!(*token, "." | "?" | "!") && next.is_some_and(|t| t.trim().is_empty()) {
                    ends.push(at + next.map_or(0, |t| t.len()));
                }
            }
            if at > ends.last().copied().unwrap_or(0) {
                ends.push(at);
            }
            let found = sentences(&text);
            let found_ends: Vec<usize> = found.iter().map(|r| r.end).collect();
            proptest::prop_assert_eq!(found_ends, ends);
            let alone: Vec<&str> = found.iter().flat_map(|r| tokenize(&text[r.clone()])).collect();
            proptest::prop_assert_eq!(alone, tokens);
        }

        /// Words are Unicode word boundaries, in ASCII stretches and around characters
        /// outside ASCII.
        #[test]
        fn words_split_as_unicode_word_boundaries_do(text in text()) {
            let mut ours = Vec::new();
            words(&text, &mut |token| ours.push(token));
            let theirs: Vec<&str> = text.split_word_bounds().collect();
            proptest::prop_assert_eq!(ours, theirs);
        }

        /// However the texts part, the ops give both back: the old one with the new one's
        /// address where an address and the archive's placeholder for one were paired (no
        /// change, shown as the new text).
        #[test]
        fn ops_give_both_texts_back(old in text(), new in text()) {
            let d = diff(&old, &new, later());
            let addresses_masked = |s: &str| {
                let mut out = String::new();
                let mut at = 0;
                for m in EMAIL.find_iter(s) {
                    out.push_str(&s[at..m.start]);
                    out.push('@');
                    at = m.end;
                }
                out + &s[at..]
            };
            proptest::prop_assert_eq!(
                addresses_masked(&side(&d.ops, Op::Delete)),
                addresses_masked(&old)
            );
            proptest::prop_assert_eq!(side(&d.ops, Op::Insert), new);
        }
    }

    #[test]
    fn an_archived_address_is_not_a_changed_address() {
        let d = diff(
            "Write to privacy@example.com today.",
            "Write to [email protected] today.",
            later(),
        );
        assert!(!d.changed(), "{}", show(&d));
        let d = diff(
            "Write to a@example.com.",
            "Write to b@example.com.",
            later(),
        );
        assert_eq!(show(&d), "Write to [-a@example.com-]{+b@example.com+}.");
    }

    #[test]
    fn ops_rebuild_both_texts() {
        let old = "Alpha beta. Gamma delta epsilon. Zeta eta!";
        let new = "Alpha beta. Gamma DELTA epsilon, theta. Zeta eta!";
        let d = diff(old, new, later());
        assert_eq!(side(&d.ops, Op::Delete), old);
        assert_eq!(side(&d.ops, Op::Insert), new);
    }

    #[test]
    fn texts_that_part_inside_a_character_are_fine() {
        let d = diff("caf\u{e9} ouvert", "caf\u{e8} ouvert", later());
        assert_eq!(show(&d), "[-caf\u{e9}-]{+caf\u{e8}+} ouvert");
    }

    #[test]
    fn a_rewritten_sentence_is_shown_whole() {
        let d = diff(
            "Intro stays. We sell nothing to anyone here. End stays.",
            "Intro stays. Partners may buy your browsing history. End stays.",
            later(),
        );
        assert_eq!(
            show(&d),
            "Intro stays. [-We sell nothing to anyone here-]{+Partners may buy your browsing history+}. End stays."
        );
        assert!(!d.coarse);
    }

    #[test]
    fn an_edited_sentence_among_removed_ones_is_diffed_word_by_word() {
        let kept = "We may also receive your browser type from partners when you search.";
        let removed = " We use this information to measure performance. Here are examples: \
                       your name; your postal address; voice recordings. We use your order \
                       history to prevent fraud.";
        let old = format!("Intro stays. {kept}{removed}");
        let new = format!("Intro stays. {}", kept.replace("may", "will"));
        let d = diff(&old, &new, later());
        assert_eq!(
            show(&d),
            format!(
                "Intro stays. We [-may-]{{+will+}} also receive your browser type from partners \
                 when you search.[-{removed}-]"
            )
        );
        assert!(!d.coarse);
    }

    #[test]
    fn rewritten_sentences_beside_an_edited_one_are_shown_whole() {
        let d = diff(
            "Intro stays. We sell nothing to anyone. We keep your data for two years. End stays.",
            "Intro stays. Partners may buy your browsing history from brokers. We keep your \
             data for five years. Cookies track you across sites for advertising. End stays.",
            later(),
        );
        assert_eq!(
            show(&d),
            "Intro stays. [-We sell nothing to anyone.-]{+Partners may buy your browsing history \
             from brokers.+} We keep your data for [-two-]{+five+} years. {+Cookies track you \
             across sites for advertising. +}End stays."
        );
    }

    /// A sentence removed between two that open alike shows whole, not as the words from its
    /// second to the next sentence's first.
    #[test]
    fn a_sentence_removed_between_two_alike_openings_shows_whole() {
        let old = "We share it with carriers. We do not sell your personal information. We may \
                   disclose it to vendors.";
        let new = "We share it with carriers. We may disclose it to vendors.";
        assert_eq!(
            show(&diff(old, new, later())),
            "We share it with carriers. [-We do not sell your personal information. -]We may \
             disclose it to vendors."
        );
        assert_eq!(
            show(&diff(new, old, later())),
            "We share it with carriers. {+We do not sell your personal information. +}We may \
             disclose it to vendors."
        );
    }

    /// A sentence removed whole next to one added that extends it (as pairing sentences of a
    /// long stretch may leave them): the opening they share is kept, cut between words.
    #[test]
    fn text_removed_and_added_that_opens_alike_keeps_the_opening() {
        let ops = tidy(vec![
            (Op::Equal, "Intro. "),
            (Op::Delete, "We keep logs. "),
            (Op::Insert, "We keep logs for a year. "),
            (Op::Equal, "End."),
        ]);
        let shown: Vec<(Op, &str)> = ops.iter().map(|o| (o.op, o.text.as_str())).collect();
        assert_eq!(
            shown,
            [
                (Op::Equal, "Intro. We keep "),
                (Op::Delete, "logs."),
                (Op::Insert, "logs for a year."),
                (Op::Equal, " End."),
            ]
        );
        // "data" is not the opening of "database": no word is split.
        assert_eq!(alike_ends("our data", "our database"), (4, 0));
        assert_eq!(alike_ends("data kept", "database kept"), (0, 5));
        // A text that opens the other whole, up to a space in the other, is alike.
        assert_eq!(alike_ends("logs.", "logs. And more."), (5, 0));
        assert_eq!(alike_ends("logs.", "First. logs."), (0, 5));
        assert_eq!(alike_ends("same text", "same text"), (9, 0));
    }

    /// Two long sentences made one ("… device software. • What you do …" lost its full stop)
    /// in a stretch too large for one word diff: the longer sentence pairs with the first, and
    /// takes in the second, so only the full stop and the words added are changes.
    #[test]
    fn two_sentences_made_one_are_diffed_as_one_past_the_region_limit() {
        let first: String = (0..60)
            .map(|i| format!("Item {i} you provide • "))
            .collect();
        let second: String = (0..30)
            .map(|i| format!("Signal {i} of your device • "))
            .collect();
        let (first, second) = (
            first.trim_end_matches(" • "),
            second.trim_end_matches(" • "),
        );
        let old = format!("Intro. {first}. {second}. Unrelated closing words here.");
        let new = format!("Intro. {first} • {second} • Interactions with our AI. Closing.");
        assert!(tokenize(&old).len() * tokenize(&new).len() > REGION_LIMIT);
        let d = diff(&old, &new, later());
        assert!(!d.coarse);
        let changes: Vec<(Op, &str)> = (d.ops.iter())
            .filter(|o| o.op != Op::Equal)
            .map(|o| (o.op, o.text.as_str()))
            .collect();
        assert_eq!(
            changes,
            [
                (Op::Delete, "."),
                (Op::Insert, " •"),
                (Op::Insert, " • Interactions with our AI"),
                (Op::Delete, "Unrelated closing words here."),
                (Op::Insert, "Closing."),
            ],
            "{}",
            show(&d)
        );
    }

    #[test]
    fn a_long_edited_sentence_outweighs_short_ones_that_changed_a_mark() {
        let filler: String = (0..40).map(|i| format!(" z{i}")).collect();
        let old = format!(
            "Intro stays. Note one. Note two. We may collect your name, address and phone \
             number from partners.{filler}. End stays."
        );
        let new = "Intro stays. We will collect your name, address and phone number from \
                   partners. Note one! Note two! End stays.";
        let d = diff(&old, new, later());
        let shown = show(&d);
        assert!(
            shown.contains("We [-may-]{+will+} collect your name"),
            "{shown}"
        );
        assert_eq!(side(&d.ops, Op::Delete), old);
        assert_eq!(side(&d.ops, Op::Insert), new);
    }

    #[test]
    fn many_edited_sentences_are_diffed_one_by_one_past_the_region_limit() {
        let sentence = |i: usize, verb: &str| format!("Partner {i} may {verb} your data. ");
        let old: String = (0..30).map(|i| sentence(i, "receive")).collect();
        let new: String = (0..30).map(|i| sentence(i, "share")).collect();
        assert!(tokenize(&old).len() * tokenize(&new).len() > REGION_LIMIT);
        let d = diff(&old, &new, later());
        assert!(!d.coarse);
        let changes: Vec<&str> = (d.ops.iter())
            .filter(|o| o.op != Op::Equal)
            .map(|o| o.text.as_str())
            .collect();
        assert_eq!(changes, ["receive", "share"].repeat(30));
        assert_eq!(side(&d.ops, Op::Delete), old);
        assert_eq!(side(&d.ops, Op::Insert), new);
    }

    proptest::proptest! {
        /// The search finds the fewest insertions and deletions, as the longest common
        /// subsequence counts them, and no fewer.
        #[test]
        fn the_edit_search_counts_the_fewest_edits(
            a in proptest::collection::vec(proptest::sample::select(vec!["a", "b", "c", " "]), 0..24),
            b in proptest::collection::vec(proptest::sample::select(vec!["a", "b", "c", " "]), 0..24),
        ) {
            let mut common = vec![vec![0usize; b.len() + 1]; a.len() + 1];
            for i in 1..=a.len() {
                for j in 1..=b.len() {
                    common[i][j] = match a[i - 1] == b[j - 1] {
                        true => common[i - 1][j - 1] + 1,
                        false => common[i - 1][j].max(common[i][j - 1]),
                    };
                }
            }
            let fewest = a.len() + b.len() - 2 * common[a.len()][b.len()];
            proptest::prop_assert!(within_edits(&a, &b, fewest));
            if let Some(fewer) = fewest.checked_sub(1) {
                proptest::prop_assert!(!within_edits(&a, &b, fewer));
            }
        }
    }

    /// A list of languages in one sentence, past the region limit: a language removed and two
    /// added are words, not the whole list struck out and inserted again.
    #[test]
    fn a_long_sentence_a_few_edits_apart_is_diffed_word_by_word() {
        let languages: Vec<String> = (0..300).map(|i| format!("Language{i}")).collect();
        let old = languages.join(" ");
        let new = old
            .replace("Language7 ", "")
            .replace("Language250", "Language250 Santali Hokkien");
        assert!(tokenize(&old).len() * tokenize(&new).len() > REGION_LIMIT);
        let d = diff(&old, &new, later());
        assert!(!d.coarse);
        assert_eq!(show(&d).matches(['[', '{']).count(), 2, "{}", show(&d));
        assert!(show(&d).contains("[-Language7 -]"), "{}", show(&d));
        assert!(show(&d).contains("{+ Santali Hokkien+}"), "{}", show(&d));
        // The same edits forty times over, past what the search may cost (the edits it looks
        // for: a million over the tokens), are shown whole.
        let (long_old, long_new) = (old.repeat(40), new.repeat(40));
        let most = few_edits(tokenize(&long_old).len() + tokenize(&long_new).len());
        assert!(most < 6 * 40, "{most}");
        assert!(diff(&long_old, &long_new, later()).coarse);
        // The list with its words shuffled is more than one edit in ten tokens apart: it is
        // diffed between anchors (each language is named once on each side), still exactly.
        let mut shuffled = languages.clone();
        for i in (0..shuffled.len()).step_by(2) {
            shuffled.swap(i, (i * 7919) % 300);
        }
        let shuffled = shuffled.join(" ");
        assert!(!within_edits(
            &tokenize(&old),
            &tokenize(&shuffled),
            few_edits(tokenize(&old).len() + tokenize(&shuffled).len())
        ));
        let d = diff(&old, &shuffled, later());
        assert!(!d.coarse);
        assert_eq!(side(&d.ops, Op::Delete), old);
        assert_eq!(side(&d.ops, Op::Insert), shuffled);
    }

    /// A long row of a table of purposes, legal bases and data (one sentence, its cells set
    /// apart by bullets that repeat), with more edits than one in ten tokens: the words it
    /// names once on each side anchor a word diff, and each edit is its own.
    #[test]
    fn a_long_sentence_much_edited_is_diffed_between_the_words_it_names_once() {
        let row = |cells: &[&str]| format!("| • {} |", cells.join(" • "));
        let old_cells: Vec<String> = (0..60).map(|i| format!("Data of kind {i}")).collect();
        let mut new_cells = old_cells.clone();
        for i in (0..60).step_by(2) {
            new_cells[i] = format!("Data of kind {i} and its sources");
        }
        new_cells.insert(32, "Verification Data".into());
        let (old, new) = (
            row(&old_cells.iter().map(String::as_str).collect::<Vec<_>>()),
            row(&new_cells.iter().map(String::as_str).collect::<Vec<_>>()),
        );
        let (ta, tb) = (tokenize(&old), tokenize(&new));
        assert!(ta.len() * tb.len() > REGION_LIMIT);
        assert!(!within_edits(&ta, &tb, few_edits(ta.len() + tb.len())));
        let d = diff(&old, &new, later());
        assert!(!d.coarse);
        let inserted: Vec<&str> = (d.ops.iter())
            .filter(|o| o.op == Op::Insert)
            .map(|o| o.text.as_str())
            .collect();
        assert_eq!(inserted.len(), 31, "{}", show(&d));
        let sources = inserted.iter().filter(|t| t.trim() == "and its sources");
        assert_eq!(sources.count(), 30, "{}", show(&d));
        assert!(
            inserted
                .iter()
                .any(|t| t.contains("Verification Data") && t.len() < 24)
        );
        assert!(d.ops.iter().all(|o| o.op != Op::Delete), "{}", show(&d));
        assert_eq!(side(&d.ops, Op::Insert), new);
    }

    /// Words named once in each half of a long text but twice in all anchor nothing at first:
    /// found once between the anchors that are, they anchor the halves.
    #[test]
    fn anchors_are_looked_for_again_between_anchors() {
        // Every sixth word of each half edited: more than a word diff of the halves may cost.
        let half = |edited: bool| -> String {
            (0..150)
                .map(|i| match edited && i % 6 == 0 {
                    true => format!("w{i}x "),
                    false => format!("w{i} "),
                })
                .collect()
        };
        let old = format!("{}middle {}", half(false), half(false));
        let new = format!("{}middle {}", half(true), half(true));
        let (ta, tb) = (tokenize(&old), tokenize(&new));
        let mut out = Vec::new();
        let (a, b) = (
            Tokens {
                text: &old,
                list: ta.clone(),
            },
            Tokens {
                text: &new,
                list: tb.clone(),
            },
        );
        let coarse = anchored_diff(
            &a,
            0..ta.len(),
            &b,
            0..tb.len(),
            ANCHOR_DEPTH,
            later(),
            &mut out,
        );
        assert!(!coarse);
        let changes = out
            .iter()
            .filter(|(op, t)| *op != Op::Equal && !t.is_empty())
            .count();
        assert_eq!(changes, 2 * 2 * 25, "{out:?}");
        // Without looking again, each half is too large for a word diff, and is shown whole.
        out.clear();
        assert!(anchored_diff(
            &a,
            0..ta.len(),
            &b,
            0..tb.len(),
            1,
            later(),
            &mut out
        ));
        let whole: Vec<&str> = (out.iter())
            .filter(|(op, t)| *op == Op::Delete && !t.is_empty())
            .map(|(_, t)| *t)
            .collect();
        assert_eq!(whole.len(), 2, "{out:?}");
    }

    proptest::proptest! {
        /// The run of pairs taken rises in both places, and is as long as the longest such run
        /// (counted over every pair that could end one).
        #[test]
        fn the_longest_rising_run_rises_and_is_longest(
            seconds in proptest::collection::vec(0usize..1000, 0..60)
        ) {
            let mut seconds = seconds;
            seconds.sort_unstable();
            seconds.dedup();
            // A deterministic shuffle of distinct second places, first places in order.
            let n = seconds.len();
            let pairs: Vec<(usize, usize)> = (0..n).map(|i| (i, seconds[(i * 7 + 3) % n.max(1)])).collect();
            let run = longest_rising(&pairs);
            proptest::prop_assert!(run.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1));
            proptest::prop_assert!(run.iter().all(|p| pairs.contains(p)));
            let mut longest = vec![1usize; n];
            for k in 0..n {
                for e in 0..k {
                    if pairs[e].1 < pairs[k].1 {
                        longest[k] = longest[k].max(longest[e] + 1);
                    }
                }
            }
            proptest::prop_assert_eq!(run.len(), longest.iter().copied().max().unwrap_or(0));
        }
    }

    #[test]
    fn a_long_paragraph_in_other_words_is_shown_whole_and_not_flagged() {
        let old: String = (0..60)
            .map(|i| format!("We keep record {i} safely. "))
            .collect();
        let new: String = (0..60)
            .map(|i| format!("Partners buy file {} often! ", i + 100))
            .collect();
        assert!(tokenize(&old).len() * tokenize(&new).len() > REGION_LIMIT);
        let d = diff(&old, &new, later());
        assert!(!d.coarse);
        assert_eq!(d.ops.iter().filter(|o| o.op != Op::Equal).count(), 2);
        assert_eq!(side(&d.ops, Op::Delete), old);
        assert_eq!(side(&d.ops, Op::Insert), new);
    }

    #[test]
    fn a_long_rewritten_paragraph_is_shown_whole_and_flagged() {
        let old: String = (0..400).map(|i| format!("w{} ", i % 97)).collect();
        let new: String = (0..400).map(|i| format!("w{} ", (i * 7) % 89)).collect();
        let d = diff(&old, &new, later());
        assert!(d.coarse);
        assert_eq!(d.ops.iter().filter(|o| o.op != Op::Equal).count(), 2);
        assert_eq!(side(&d.ops, Op::Delete), old);
        assert_eq!(side(&d.ops, Op::Insert), new);
    }

    #[test]
    fn one_word_in_a_long_sentence_is_still_one_word() {
        let words: Vec<String> = (0..600).map(|i| format!("w{i}")).collect();
        let old = words.join(" ");
        let new = old.replace("w300", "changed");
        let d = diff(&old, &new, later());
        assert!(!d.coarse);
        let changed: Vec<&str> = d
            .ops
            .iter()
            .filter(|o| o.op != Op::Equal)
            .map(|o| o.text.as_str())
            .collect();
        assert_eq!(changed, ["w300", "changed"]);
    }

    #[test]
    fn a_passed_deadline_still_gives_a_correct_but_coarse_diff() {
        let old: String = (0..60).map(|i| format!("w{} ", i % 17)).collect();
        let new: String = (0..60).map(|i| format!("w{} ", (i * 7) % 13)).collect();
        let d = diff(&old, &new, Instant::now());
        assert!(d.coarse);
        assert_eq!(side(&d.ops, Op::Delete), old);
        assert_eq!(side(&d.ops, Op::Insert), new);
    }

    #[test]
    fn sentences_are_their_tokens_joined() {
        let text = "One two.  Three... four!\nFive (six.) x@y.com. e.g. 1.5 ?";
        let texts: Vec<&str> = (sentences(text).into_iter()).map(|r| &text[r]).collect();
        assert_eq!(
            texts,
            [
                "One two.  ",
                "Three... ",
                "four!\n",
                "Five (six.) x@y.com. ",
                "e.g. ",
                "1.5 ?"
            ]
        );
        let tokens = Tokens {
            text,
            list: tokenize(text),
        };
        assert_eq!(tokens.run(1..4), " two.");
        assert_eq!(tokens.run(2..2), "");
    }

    #[test]
    fn equal_texts_are_numbered_alike_wherever_they_are() {
        let (a, b) = numbered(
            ["We sell. ", "We share. ", "We sell. "].into_iter(),
            ["We share. ", "We keep. ", "We sell. ", "We sell."].into_iter(),
        );
        assert_eq!(a, [0, 1, 0]);
        assert_eq!(b, [1, 2, 0, 3]);
    }

    #[test]
    fn large_texts_are_diffed_sentence_by_sentence() {
        let sentence = |i: usize| format!("Sentence number {i} talks about data. ");
        let old: String = (0..2500).map(sentence).collect();
        let mut new = old.replace("number 1200 talks", "number 1200 speaks");
        new.push_str("A new closing sentence.");
        assert!(tokenize(&old).len() * tokenize(&new).len() > REGION_LIMIT);
        let d = diff(&old, &new, later());
        assert!(!d.coarse);
        let changes: Vec<&WordOp> = d.ops.iter().filter(|o| o.op != Op::Equal).collect();
        assert_eq!(changes.len(), 3, "{changes:?}");
        assert_eq!(changes[0].text, "talks");
        assert_eq!(changes[1].text, "speaks");
        assert_eq!(side(&d.ops, Op::Insert), new);
    }
}
