//! A fast 64-bit hash for comparing texts within one run: sections' bodies in alignment,
//! sentences' keys in material changes, the words of the sentences paired there (and the maps
//! of those words), the words two changed stretches share. The std hasher (SipHash) took a
//! tenth of a large diff's time, a byte at a time. Texts are never adversarial here: an edit
//! does not aim at a collision, and one would only make two different texts compare equal in
//! one report.

use std::hash::Hasher;

/// Bytes mixed in eight at a time, whether written as slices or pushed one by one (both give
/// the same hash for the same bytes).
#[derive(Debug, Clone, Default)]
pub struct WordHasher {
    hash: u64,
    /// Bytes pushed since the last mix, the first in the low byte.
    word: u64,
    filled: u32,
}

impl WordHasher {
    pub fn push(&mut self, b: u8) {
        self.word |= u64::from(b) << (8 * self.filled);
        self.filled += 1;
        if self.filled == 8 {
            self.mix();
        }
    }

    /// Eight bytes, the first in the low byte: as if pushed one by one.
    pub fn push_eight(&mut self, bytes: u64) {
        if self.filled == 0 {
            self.word = bytes;
            self.mix();
            return;
        }
        // The first bytes fill the word; the rest start the next.
        let (filled, shift) = (self.filled, 8 * self.filled);
        self.word |= bytes << shift;
        self.mix();
        (self.word, self.filled) = (bytes >> (64 - shift), filled);
    }

    fn mix(&mut self) {
        // A multiply by an odd constant and a rotation are both invertible: a word's change
        // always changes the hash so far.
        self.hash = (self.hash ^ self.word)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
        (self.word, self.filled) = (0, 0);
    }
}

/// A map with [`WordHasher`]'s hashing: keys of hashes or texts, none chosen by an adversary
/// to collide (a policy's words, sentences).
pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<WordHasher>>;

/// A set with [`WordHasher`]'s hashing (of hashes, mostly).
pub type FastSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<WordHasher>>;

/// The hash of `bytes`, as [`WordHasher`] gives it.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hash = WordHasher::default();
    hash.write(bytes);
    hash.finish()
}

/// How many values two sorted lists share (hashes of words, counted with repeats).
pub fn common_count(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => (i, j, common) = (i + 1, j + 1, common + 1),
        }
    }
    common
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Bytes up to the next whole word one at a time, then whole words, then the rest.
        let gap = (8 - self.filled as usize) % 8;
        let (head, body) = bytes.split_at(gap.min(bytes.len()));
        head.iter().for_each(|&b| self.push(b));
        let words = body.chunks_exact(8);
        let tail = words.remainder();
        for word in words {
            let mut bytes = [0; 8];
            bytes.copy_from_slice(word);
            self.word = u64::from_le_bytes(bytes);
            self.mix();
        }
        tail.iter().for_each(|&b| self.push(b));
    }

    fn finish(&self) -> u64 {
        let mut last = self.clone();
        // The length of the last word, so that "a" and "a\0" differ.
        last.mix();
        last.word = u64::from(self.filled);
        last.mix();
        // MurmurHash3's finaliser: every bit of the state moves every bit of the hash.
        let mut h = last.hash;
        h = (h ^ (h >> 33)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        h = (h ^ (h >> 33)).wrapping_mul(0xC4CE_B9FE_1A85_EC53);
        h ^ (h >> 33)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn texts_that_differ_hash_apart() {
        let texts: [&[u8]; 9] = [
            b"",
            b"\0",
            b"a",
            b"a\0",
            b"ab",
            b"abcdefgh",
            b"abcdefgh\0",
            b"abcdefgha",
            b"bacdefgh",
        ];
        let hashes: HashSet<u64> = texts.iter().map(|t| hash_bytes(t)).collect();
        assert_eq!(hashes.len(), texts.len());
    }

    proptest::proptest! {
        /// Pushed a byte at a time or written in slices of any size, the same bytes hash alike.
        #[test]
        fn pushed_and_written_bytes_hash_alike(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
            cuts in proptest::collection::vec(0usize..12, 0..6),
        ) {
            let mut pushed = WordHasher::default();
            bytes.iter().for_each(|&b| pushed.push(b));
            // Eight at a time after each cut's count of single bytes.
            let mut grouped = WordHasher::default();
            let mut at = 0;
            for &cut in cuts.iter().cycle().take(bytes.len()) {
                let singles = bytes.get(at..(at + cut).min(bytes.len())).unwrap_or_default();
                singles.iter().for_each(|&b| grouped.push(b));
                at += singles.len();
                if let Some(eight) = bytes.get(at..).and_then(|rest| rest.first_chunk::<8>()) {
                    grouped.push_eight(u64::from_le_bytes(*eight));
                    at += 8;
                }
            }
            bytes.get(at..).unwrap_or_default().iter().for_each(|&b| grouped.push(b));
            proptest::prop_assert_eq!(grouped.finish(), hash_bytes(&bytes));
            let mut pieces = WordHasher::default();
            let mut rest = bytes.as_slice();
            for cut in cuts {
                let (piece, tail) = rest.split_at(cut.min(rest.len()));
                pieces.write(piece);
                rest = tail;
            }
            pieces.write(rest);
            proptest::prop_assert_eq!(pushed.finish(), hash_bytes(&bytes));
            proptest::prop_assert_eq!(pieces.finish(), hash_bytes(&bytes));
        }
    }
}
