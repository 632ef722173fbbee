//! Tests of eight bytes at once, read as one little-endian `u64`: each test gives the high bit
//! of every byte that passes it. The hot scans of plain ASCII text (words, keys, normalising)
//! take eight bytes a step with them.

/// A one in each byte.
pub const ONES: u64 = u64::from_le_bytes([0x01; 8]);
/// Each byte's high bit.
pub const HIGH: u64 = u64::from_le_bytes([0x80; 8]);

/// The high bit of each byte of `x` from `lo` to `hi`, every byte of `x` below 0x80 (then the
/// sums carry into no other byte).
pub fn within(x: u64, lo: u8, hi: u8) -> u64 {
    let at_least_lo = x + ONES * u64::from(0x80 - lo);
    let above_hi = x + ONES * u64::from(0x7F - hi);
    at_least_lo & !above_hi & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_marks_each_byte_in_the_range() {
        let x = u64::from_le_bytes(*b"aZ09 _'~");
        let marked = |lo, hi| within(x, lo, hi).to_le_bytes().map(|b| b == 0x80);
        assert_eq!(
            marked(b'a', b'z'),
            [true, false, false, false, false, false, false, false]
        );
        assert_eq!(
            marked(b'0', b'9'),
            [false, false, true, true, false, false, false, false]
        );
        assert_eq!(marked(b' ', b'~'), [true; 8]);
        assert_eq!(marked(b'_', b'_').iter().filter(|&&m| m).count(), 1);
    }
}
