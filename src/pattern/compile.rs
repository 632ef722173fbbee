//! A pattern's source translated to a backtracker program in one pass, without a syntax tree.
//!
//! regex-syntax's parser builds a tree of boxed nodes with spans for error messages: for the
//! 66 built-in vocabulary labels that took 0.7 ms, a tenth of a small run. Patterns reaching
//! this point are known valid (the configuration checks user patterns when it loads them, with
//! [`plainly_valid`] and else regex-syntax; the built-in ones are tested), so this reads only
//! what a program needs and gives up — leaving the pattern to the automata — on anything
//! outside the ASCII subset the backtracker covers: non-ASCII text, Unicode classes, the `x`, `u` and `R` flags, nested
//! classes and class set operations, the newer word-boundary assertions, `{,n}`.
//!
//! The program has the shape of the Thompson NFA regex-automata builds: alternatives in order
//! as a chain of splits, `e*` as a loop (`(?:e+)?` where `e` can match empty), bounded
//! repetition as nested optionals; a flag group `(?i)` holds to the end of its group, across
//! later alternatives too.

use super::backtrack::{ByteSet, Inst, Look, is_word_byte};

/// Past this many instructions a pattern is left to the automata: the visited set of the
/// backtracker grows with it.
const MAX_INSTRUCTIONS: usize = 20_000;

/// The regex flags that change the translation.
#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    case_insensitive: bool,
    multi_line: bool,
    dot_matches_new_line: bool,
    swap_greed: bool,
}

/// The program of `source` and its number of capture groups (the whole match included), or
/// `None` outside the covered syntax.
pub(super) fn translate(source: &str) -> Option<(Vec<Inst>, usize)> {
    if !source.is_ascii() {
        return None;
    }
    let src = source.as_bytes();
    let (group_ends, captures) = groups(src)?;
    let mut translation = Translation {
        // About an instruction a byte of source: growing by doubling copies and wastes.
        insts: Vec::with_capacity(src.len() + 2),
        group_ends,
        captures,
        ..Translation::new(src)
    };
    translation.alternation(0, src.len())?;
    translation.push(Inst::Match)?;
    // As the automata count them: groups only under `{0}` past the last one kept are not.
    let groups = (translation.insts.iter())
        .filter_map(|inst| match inst {
            Inst::Save(slot) => Some(*slot as usize / 2 + 1),
            _ => None,
        })
        .max()
        .unwrap_or(1);
    Some((translation.insts, groups))
}

/// Whether `source` is a valid regex, as far as a scan of the syntax the translation covers can
/// tell: `false` outside it, valid or not (regex-syntax then decides). Parsing the starter
/// rules' patterns with regex-syntax, to check them, was a sixth of a small run.
pub(super) fn plainly_valid(source: &str) -> bool {
    source.is_ascii() && Translation::new(source.as_bytes()).validate().is_some()
}

/// The groups of a source, read in one pass: where each one opening at a position ends
/// (`group_ends[at]`), and where each capturing group opens, in order (a group's index is its
/// rank there). `None` when they do not balance.
fn groups(src: &[u8]) -> Option<(Vec<u32>, Vec<usize>)> {
    let mut group_ends = vec![0; src.len()];
    let mut captures = Vec::new();
    let mut open = Vec::new();
    let mut at = 0;
    while at < src.len() {
        at = match src[at] {
            b'(' => {
                let named = src[at + 1..].starts_with(b"?P<") || src[at + 1..].starts_with(b"?<");
                if src.get(at + 1) != Some(&b'?') || named {
                    captures.push(at);
                }
                open.push(at);
                at + 1
            }
            b')' => {
                group_ends[open.pop()?] = u32::try_from(at + 1).ok()?;
                at + 1
            }
            b'\\' => escape_end(src, at)?,
            b'[' => class_end(src, at)?,
            _ => at + 1,
        };
    }
    open.is_empty().then_some((group_ends, captures))
}

fn escape_end(src: &[u8], at: usize) -> Option<usize> {
    match src.get(at + 1)? {
        b'x' if src.get(at + 2) == Some(&b'{') => {
            Some(at + 3 + src[at + 3..].iter().position(|&b| b == b'}')? + 1)
        }
        b'x' => Some(at + 4).filter(|&end| end <= src.len()),
        _ => Some(at + 2),
    }
}

/// The end of the class opening at `at`; `None` for a nested class.
fn class_end(src: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    if src.get(i) == Some(&b'^') {
        i += 1;
    }
    if src.get(i) == Some(&b']') {
        i += 1;
    }
    loop {
        match src.get(i)? {
            b']' => return Some(i + 1),
            b'\\' => i = escape_end(src, i)?,
            b'[' if src.get(i + 1) == Some(&b':') => {
                i += 2 + src[i + 2..].windows(2).position(|w| w == b":]")? + 2;
            }
            b'[' => return None,
            _ => i += 1,
        }
    }
}

/// What an escape outside a class stands for.
enum Escape {
    Bytes(ByteSet),
    Look(Look),
}

struct Translation<'s> {
    src: &'s [u8],
    insts: Vec<Inst>,
    flags: Flags,
    /// Where the group opening at each position ends (see [`groups`]).
    group_ends: Vec<u32>,
    captures: Vec<usize>,
    /// Atoms translated so far: an empty one repeated (`(?:){1000000}`) adds no instruction.
    atoms: usize,
}

impl<'s> Translation<'s> {
    fn new(src: &'s [u8]) -> Translation<'s> {
        Translation {
            src,
            insts: Vec::new(),
            flags: Flags::default(),
            group_ends: Vec::new(),
            captures: Vec::new(),
            atoms: 0,
        }
    }

    /// Scans the whole source as [`plainly_valid`] says, translating nothing: groups balance,
    /// quantifiers follow what they can repeat, flags, escapes and classes are ones the
    /// translation reads. Named groups, `]` and `}` outside a class, and a quantifier after an
    /// assertion are left to regex-syntax.
    fn validate(&mut self) -> Option<()> {
        let src = self.src;
        let mut depth = 0usize;
        // Whether what precedes can take a quantifier.
        let mut repeatable = false;
        let mut at = 0;
        while at < src.len() {
            let (end, takes_quantifier) = match src[at] {
                b'?' | b'*' | b'+' | b'{' => {
                    let (min, max, _, end) = self.quantifier(at)??;
                    if !repeatable || max.is_some_and(|max| max < min) {
                        return None;
                    }
                    (end, false)
                }
                b'(' if src[at + 1..].starts_with(b"?") => {
                    let flags = 2 + src[at + 2..]
                        .iter()
                        .take_while(|b| b"imsU-".contains(b))
                        .count();
                    let close = *src.get(at + flags)?;
                    if !valid_flags(&src[at + 2..at + flags], close == b')') {
                        return None;
                    }
                    match close {
                        b')' => (at + flags + 1, false),
                        b':' => {
                            depth += 1;
                            (at + flags + 1, false)
                        }
                        _ => return None,
                    }
                }
                b'(' => {
                    depth += 1;
                    (at + 1, false)
                }
                b')' => {
                    depth = depth.checked_sub(1)?;
                    (at + 1, true)
                }
                b'\\' => (escape_end(src, at)?, !self.escape(at)?.is_look()),
                b'[' => {
                    let end = class_end(src, at)?;
                    self.class(at, end)?;
                    (end, true)
                }
                b']' | b'}' => return None,
                b'|' | b'^' | b'$' => (at + 1, false),
                _ => (at + 1, true),
            };
            at = end;
            repeatable = takes_quantifier;
        }
        (depth == 0).then_some(())
    }

    /// The end of the token at `at` for finding structure: an escape, a class, a group, a
    /// byte.
    fn token_end(&self, at: usize) -> Option<usize> {
        match self.src.get(at)? {
            b'\\' => escape_end(self.src, at),
            b'[' => class_end(self.src, at),
            b'(' => Some(*self.group_ends.get(at)? as usize),
            _ => Some(at + 1),
        }
    }

    fn push(&mut self, inst: Inst) -> Option<u32> {
        if self.insts.len() >= MAX_INSTRUCTIONS {
            return None;
        }
        self.insts.push(inst);
        u32::try_from(self.insts.len() - 1).ok()
    }

    fn next(&self) -> u32 {
        // Bounded by MAX_INSTRUCTIONS.
        self.insts.len() as u32
    }

    fn patch(&mut self, at: u32, inst: Inst) {
        self.insts[at as usize] = inst;
    }

    /// `src[start..end]`, alternatives split at the `|` of this level.
    fn alternation(&mut self, start: usize, end: usize) -> Option<()> {
        let mut bars = Vec::new();
        let mut at = start;
        while at < end {
            if self.src[at] == b'|' {
                bars.push(at);
                at += 1;
            } else {
                at = self.token_end(at)?;
            }
        }
        let mut jumps = Vec::new();
        let mut from = start;
        for bar in bars {
            let split = self.push(Inst::Match)?;
            self.concat(from, bar)?;
            jumps.push(self.push(Inst::Match)?);
            let next = self.next();
            self.patch(split, Inst::Split(split + 1, next));
            from = bar + 1;
        }
        self.concat(from, end)?;
        let end = self.next();
        for jump in jumps {
            self.patch(jump, Inst::Jump(end));
        }
        Some(())
    }

    fn concat(&mut self, start: usize, end: usize) -> Option<()> {
        let mut at = start;
        while at < end {
            // Most of a lexicon is letters and spaces, which stand for themselves.
            let b = self.src[at];
            let repeated = matches!(self.src.get(at + 1), Some(b'?' | b'*' | b'+' | b'{'));
            if (b.is_ascii_alphanumeric() || b == b' ') && !repeated {
                self.atom(at, at + 1)?;
                at += 1;
                continue;
            }
            at = self.piece(at)?;
        }
        Some(())
    }

    /// An atom and its repetition, if any; where the next piece starts.
    fn piece(&mut self, at: usize) -> Option<usize> {
        let src = self.src;
        if let Some(flags_end) = self.flag_group(at)? {
            // `(?i)`: the flags hold to the end of the group.
            return Some(flags_end);
        }
        let atom_end = match src[at] {
            b'\\' => escape_end(src, at)?,
            b'[' => class_end(src, at)?,
            b'(' => self.token_end(at)?,
            b'{' | b')' | b'*' | b'+' | b'?' => return None,
            _ => at + 1,
        };
        let Some((min, max, greedy, end)) = self.quantifier(atom_end)? else {
            self.atom(at, atom_end)?;
            return Some(atom_end);
        };
        if matches!(src[at], b'^' | b'$') || (src[at] == b'\\' && self.escape(at)?.is_look()) {
            return None;
        }
        self.repetition(at, atom_end, min, max, greedy)?;
        Some(end)
    }

    /// `(?flags)` at `at`: sets them and says where it ends. `Some(None)`: not one.
    fn flag_group(&mut self, at: usize) -> Option<Option<usize>> {
        if !self.src[at..].starts_with(b"(?") {
            return Some(None);
        }
        let flags = self.src[at + 2..]
            .iter()
            .take_while(|b| b"imsUxRu-".contains(b))
            .count();
        let close = at + 2 + flags;
        if self.src.get(close) != Some(&b')') {
            return Some(None);
        }
        self.set_flags(&self.src[at + 2..close])?;
        Some(Some(close + 1))
    }

    fn set_flags(&mut self, flags: &[u8]) -> Option<()> {
        let mut on = true;
        for &flag in flags {
            match flag {
                b'-' => on = false,
                b'i' => self.flags.case_insensitive = on,
                b'm' => self.flags.multi_line = on,
                b's' => self.flags.dot_matches_new_line = on,
                b'U' => self.flags.swap_greed = on,
                _ => return None,
            }
        }
        Some(())
    }

    /// The quantifier at `at`: minimum, maximum (`None`: unbounded), greediness, and where it
    /// ends. `Some(None)`: none.
    #[allow(clippy::type_complexity)]
    fn quantifier(&self, at: usize) -> Option<Option<(u32, Option<u32>, bool, usize)>> {
        let src = self.src;
        let (min, max, end) = match src.get(at) {
            Some(b'?') => (0, Some(1), at + 1),
            Some(b'*') => (0, None, at + 1),
            Some(b'+') => (1, None, at + 1),
            Some(b'{') => {
                let close = at + src[at..].iter().position(|&b| b == b'}')?;
                let inner = std::str::from_utf8(&src[at + 1..close]).ok()?;
                let number = |s: &str| -> Option<u32> {
                    s.bytes()
                        .all(|b| b.is_ascii_digit())
                        .then(|| s.parse().ok())?
                };
                let (min, max) = match inner.split_once(',') {
                    None => (number(inner)?, Some(number(inner)?)),
                    Some((min, "")) => (number(min)?, None),
                    Some((min, max)) => (number(min)?, Some(number(max)?)),
                };
                (min, max, close + 1)
            }
            _ => return Some(None),
        };
        let lazy = src.get(end) == Some(&b'?');
        let end = end + usize::from(lazy);
        if matches!(src.get(end), Some(b'?' | b'*' | b'+' | b'{')) {
            return None;
        }
        Some(Some((min, max, lazy == self.flags.swap_greed, end)))
    }

    /// Appends the instructions of the atom `src[at..end]`; control goes on after them.
    fn atom(&mut self, at: usize, end: usize) -> Option<()> {
        self.atoms += 1;
        if self.atoms > MAX_INSTRUCTIONS {
            return None;
        }
        match self.src[at] {
            b'(' => self.group(at, end)?,
            b'[' => {
                let set = self.class(at, end)?;
                self.push(Inst::Byte(set))?;
            }
            b'\\' => match self.escape(at)? {
                Escape::Bytes(set) => {
                    self.byte(set)?;
                }
                Escape::Look(look) => {
                    self.push(Inst::Look(look))?;
                }
            },
            b'.' => {
                let mut set = ByteSet::default();
                set.negate();
                if !self.flags.dot_matches_new_line {
                    set.remove(b'\n');
                }
                self.push(Inst::Byte(set))?;
            }
            b @ (b'^' | b'$') => {
                let look = match (b, self.flags.multi_line) {
                    (b'^', true) => Look::StartLine,
                    (b'^', false) => Look::StartText,
                    (_, true) => Look::EndLine,
                    (_, false) => Look::EndText,
                };
                self.push(Inst::Look(look))?;
            }
            b => {
                self.byte(ByteSet::of(b))?;
            }
        }
        Some(())
    }

    /// A group `(…)`, `(?:…)`, `(?flags:…)` or `(?P<name>…)` spanning `src[at..end]`.
    fn group(&mut self, at: usize, end: usize) -> Option<()> {
        let src = self.src;
        let outer = self.flags;
        let inner_start = if src[at + 1..].starts_with(b"?P<") || src[at + 1..].starts_with(b"?<") {
            at + 1 + src[at + 1..].iter().position(|&b| b == b'>')? + 1
        } else if src.get(at + 1) == Some(&b'?') {
            let colon = at + 2 + src[at + 2..].iter().position(|&b| b == b':')?;
            self.set_flags(&src[at + 2..colon])?;
            colon + 1
        } else {
            at + 1
        };
        match self.captures.iter().position(|&c| c == at) {
            Some(rank) => {
                let index = u32::try_from(rank + 1).ok()?;
                self.push(Inst::Save(2 * index))?;
                self.alternation(inner_start, end - 1)?;
                self.push(Inst::Save(2 * index + 1))?;
            }
            None => self.alternation(inner_start, end - 1)?,
        }
        self.flags = outer;
        Some(())
    }

    fn byte(&mut self, mut set: ByteSet) -> Option<u32> {
        if self.flags.case_insensitive {
            set.fold_case();
        }
        self.push(Inst::Byte(set))
    }

    fn escape(&self, at: usize) -> Option<Escape> {
        let src = self.src;
        let c = *src.get(at + 1)?;
        let look = |look| Some(Escape::Look(look));
        match c {
            b'b' if src.get(at + 2) == Some(&b'{') => None,
            b'b' => look(Look::WordBoundary),
            b'B' => look(Look::NotWordBoundary),
            b'A' => look(Look::StartText),
            b'z' => look(Look::EndText),
            _ => self.escaped_bytes(at).map(Escape::Bytes),
        }
    }

    /// The bytes an escape stands for (inside a class or out): `\w`, `\x27`, `\.`, …
    fn escaped_bytes(&self, at: usize) -> Option<ByteSet> {
        let src = self.src;
        let c = *src.get(at + 1)?;
        let byte = |b: u8| Some(ByteSet::of(b));
        match c {
            b'd' | b'D' | b's' | b'S' | b'w' | b'W' => Some(perl_class(c)),
            b'x' => {
                let digits = match src.get(at + 2) {
                    Some(b'{') => &src[at + 3..escape_end(src, at)? - 1],
                    _ => src.get(at + 2..at + 4)?,
                };
                // Hex digits only: `from_str_radix` would take a sign.
                if !digits.iter().all(u8::is_ascii_hexdigit) {
                    return None;
                }
                let value = u8::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()?;
                value.is_ascii().then(|| ByteSet::of(value))
            }
            b't' => byte(b'\t'),
            b'n' => byte(b'\n'),
            b'r' => byte(b'\r'),
            b'f' => byte(0x0C),
            b'v' => byte(0x0B),
            b'a' => byte(0x07),
            b'<' | b'>' => None,
            c if c.is_ascii_punctuation() || c == b' ' => byte(c),
            _ => None,
        }
    }

    /// The class `src[at..end]`.
    fn class(&self, at: usize, end: usize) -> Option<ByteSet> {
        let src = self.src;
        let mut i = at + 1;
        let negated = src[i] == b'^';
        if negated {
            i += 1;
        }
        let mut set = ByteSet::default();
        let close = end - 1;
        let mut first = true;
        while i < close {
            // Set operations (`&&`, `--`, `~~`), even first, are left to the automata.
            if matches!(&src[i..i + 2], b"&&" | b"--" | b"~~") {
                return None;
            }
            // A `]` first is itself, and starts no range.
            let leading_bracket = first && src[i] == b']';
            let (item, after) = self.class_item(i, first)?;
            first = false;
            // A range: a byte, `-`, a byte (a `-` first or last is itself).
            if let (Some(b'-'), false) = (src.get(after), leading_bracket) {
                if src.get(after + 1) == Some(&b'-') {
                    return None;
                }
                if after + 1 < close {
                    // Only a byte starts a range: `[\d-a]` is an error.
                    let from = item.single()?;
                    let (to, after) = self.class_item(after + 1, false)?;
                    let to = to.single()?;
                    if from > to {
                        return None;
                    }
                    set.insert_range(from, to);
                    i = after;
                    continue;
                }
            }
            set.union(&item);
            i = after;
        }
        if self.flags.case_insensitive {
            set.fold_case();
        }
        if negated {
            set.negate();
        }
        Some(set)
    }

    /// One item of a class at `at`: its bytes and where it ends.
    fn class_item(&self, at: usize, first: bool) -> Option<(ByteSet, usize)> {
        let src = self.src;
        match src[at] {
            b'\\' => Some((self.escaped_bytes(at)?, escape_end(src, at)?)),
            b'[' if src.get(at + 1) == Some(&b':') => {
                let name_end = at + 2 + src[at + 2..].windows(2).position(|w| w == b":]")?;
                let (negated, name) = match &src[at + 2..name_end] {
                    [b'^', name @ ..] => (true, name),
                    name => (false, name),
                };
                let mut set = posix_class(name)?;
                if negated {
                    set.negate();
                }
                Some((set, name_end + 2))
            }
            b'[' => None,
            b']' if !first => None,
            b => Some((ByteSet::of(b), at + 1)),
        }
    }

    /// `src[at..end]` repeated `min` to `max` times.
    fn repetition(
        &mut self,
        at: usize,
        end: usize,
        min: u32,
        max: Option<u32>,
        greedy: bool,
    ) -> Option<()> {
        if max.is_some_and(|max| max < min) {
            return None;
        }
        match max {
            None if min == 0 => {
                let split = self.push(Inst::Match)?;
                self.atom(at, end)?;
                if self.nullable(split + 1, self.next()) {
                    // As `(?:e+)?`, the way the automata repeat what can match empty.
                    let again = self.push(Inst::Match)?;
                    let after = self.next();
                    self.patch(again, choice(greedy, split + 1, after));
                    self.patch(split, choice(greedy, split + 1, after));
                } else {
                    // L0: split(L1, end); L1: e; jump L0; end:
                    self.push(Inst::Jump(split))?;
                    let after = self.next();
                    self.patch(split, choice(greedy, split + 1, after));
                }
            }
            None => {
                for _ in 1..min {
                    self.atom(at, end)?;
                }
                // L1: e; split(L1, end); end:
                let again = self.next();
                self.atom(at, end)?;
                let split = self.push(Inst::Match)?;
                self.patch(split, choice(greedy, again, split + 1));
            }
            Some(max) => {
                for _ in 0..min {
                    self.atom(at, end)?;
                }
                // Nested optionals: skipping one copy skips the rest.
                let mut splits = Vec::new();
                for _ in min..max {
                    splits.push(self.push(Inst::Match)?);
                    self.atom(at, end)?;
                }
                let after = self.next();
                for split in splits {
                    self.patch(split, choice(greedy, split + 1, after));
                }
            }
        }
        Some(())
    }

    /// Whether the instructions from `start` can reach `end` without consuming a byte.
    fn nullable(&self, start: u32, end: u32) -> bool {
        let mut seen = vec![false; (end - start) as usize];
        let mut todo = vec![start];
        while let Some(pc) = todo.pop() {
            if pc == end {
                return true;
            }
            let Some(done) = seen.get_mut((pc - start) as usize) else {
                continue;
            };
            if std::mem::replace(done, true) {
                continue;
            }
            match self.insts[pc as usize] {
                Inst::Split(a, b) => todo.extend([a, b]),
                Inst::Jump(to) => todo.push(to),
                Inst::Look(_) | Inst::Save(_) => todo.push(pc + 1),
                Inst::Byte(_) | Inst::Match => {}
            }
        }
        false
    }
}

impl Escape {
    fn is_look(&self) -> bool {
        matches!(self, Escape::Look(_))
    }
}

/// The flags of `(?flags)` (`alone`) or `(?flags:…)`: each at most once, at most one `-`, and
/// a flag after it; `(?)` is not a group.
fn valid_flags(flags: &[u8], alone: bool) -> bool {
    let mut seen = Vec::new();
    for &flag in flags {
        if seen.contains(&flag) {
            return false;
        }
        seen.push(flag);
    }
    !(alone && flags.is_empty()) && flags.last() != Some(&b'-')
}

fn choice(greedy: bool, more: u32, less: u32) -> Inst {
    if greedy {
        Inst::Split(more, less)
    } else {
        Inst::Split(less, more)
    }
}

/// `\d`, `\s`, `\w` and their negations, over ASCII.
fn perl_class(c: u8) -> ByteSet {
    let mut set = ByteSet::default();
    match c.to_ascii_lowercase() {
        b'd' => set.insert_range(b'0', b'9'),
        b's' => {
            for b in [b'\t', b'\n', 0x0B, 0x0C, b'\r', b' '] {
                set.insert(b);
            }
        }
        _ => {
            set.insert_range(b'0', b'9');
            set.insert_range(b'a', b'z');
            set.insert_range(b'A', b'Z');
            set.insert(b'_');
        }
    }
    if c.is_ascii_uppercase() {
        set.negate();
    }
    set
}

/// The POSIX classes (`[[:alpha:]]`), over ASCII.
fn posix_class(name: &[u8]) -> Option<ByteSet> {
    let member: fn(u8) -> bool = match name {
        b"alnum" => |b| b.is_ascii_alphanumeric(),
        b"alpha" => |b| b.is_ascii_alphabetic(),
        b"ascii" => |_| true,
        b"blank" => |b| b == b' ' || b == b'\t',
        b"cntrl" => |b| b.is_ascii_control(),
        b"digit" => |b| b.is_ascii_digit(),
        b"graph" => |b| b.is_ascii_graphic(),
        b"lower" => |b| b.is_ascii_lowercase(),
        b"print" => |b| b.is_ascii_graphic() || b == b' ',
        b"punct" => |b| b.is_ascii_punctuation(),
        b"space" => |b| b.is_ascii_whitespace() || b == 0x0B,
        b"upper" => |b| b.is_ascii_uppercase(),
        b"word" => is_word_byte,
        b"xdigit" => |b| b.is_ascii_hexdigit(),
        _ => return None,
    };
    let mut set = ByteSet::default();
    for b in (0..=127u8).filter(|&b| member(b)) {
        set.insert(b);
    }
    Some(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_patterns_are_valid_without_regex_syntax() {
        for source in [
            r"(?i)\bto\s+(?:provide|improve)\b(?:\s+[\w\x27-]+){0,3}?\s+services?\b",
            r"(?i)\bwe\s+(?:also\s+)?use\b[^.;:]{1,100}?\bto\s+(?:[a-z]+)\b",
            r"(a|)*|()|a{2}|b{2,}?|c{0,3}|[]a-]|[^]]|[[:alpha:]\d]|\x{27}|\.\-\ ",
            r"(?i-s:a)(?U)b|(?-i)c|^$",
            "",
        ] {
            assert!(plainly_valid(source), "{source}");
        }
        // Invalid, or outside the scan (regex-syntax decides).
        for source in [
            r"a{2,1}",
            r"(?)",
            r"(?i-)",
            r"(?ii)",
            r"(?x)a",
            r"a**",
            r"*a",
            r"(?i)*",
            r"\b+",
            r"(",
            r")",
            r"a{",
            r"[z-a]",
            r"[\d-a]",
            r"[a-\d]",
            r"\q",
            r"(?P<n>a)",
            r"é",
            r"\p{L}",
            r"a]",
        ] {
            assert!(!plainly_valid(source), "{source}");
        }
    }

    #[test]
    fn the_starter_rules_patterns_are_plainly_valid() {
        let rules: toml::Table = toml::from_str(include_str!("../../rules.toml")).unwrap();
        let lexicons = rules["lexicon"].as_table().unwrap();
        let patterns: Vec<&str> = (lexicons.values())
            .filter_map(|lexicon| lexicon.get("patterns")?.as_array())
            .flatten()
            .filter_map(|p| p.as_str())
            .collect();
        assert!(patterns.len() > 20);
        for source in patterns {
            assert!(plainly_valid(source), "{source}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        /// What the scan calls valid, regex-syntax parses and translates: any text, and
        /// sequences of the tokens where the syntax has its corners.
        #[test]
        fn plainly_valid_sources_are_valid(
            text in r"[ab()\[\]{}|?*+.^$\\:,<>P&~xdwbB0-9imsU -]{0,14}",
            tokens in proptest::collection::vec(proptest::sample::select(vec![
                "a", "b", "-", " ", ".", "^", "$", "|", "?", "*", "+", "(", ")", "(?:", "(?i)",
                "(?i-", "(?-", "(?", ":", "s)", "P<n>", "<", ">", "[", "[^", "]", "{", "}",
                "{2}", "{1,", "{2,1}", ",3}", "\\", "\\d", "\\w", "\\b", "\\B", "\\x41",
                "\\x{27}", "\\.", "\\-", "\\]", "[:alpha:]", "[:^word:]", "&&", "--", "~~",
            ]), 0..10),
        ) {
            for source in [text, tokens.concat()] {
                if plainly_valid(&source) {
                    proptest::prop_assert!(
                        regex_syntax::Parser::new().parse(&source).is_ok(),
                        "{:?}", source
                    );
                }
            }
        }
    }
}
