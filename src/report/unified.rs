//! `--format unified`: a unified diff of the normalised texts (snapshot bodies), which `patch`
//! applies to the old normalised text to give the new one.

use std::time::Duration;

use similar::{Algorithm, TextDiff};

/// How long the line diff may look for a small diff before it settles for a larger valid one.
const DEADLINE: Duration = Duration::from_secs(2);

/// The unified diff of `old` and `new` (empty when they are equal), with `a/` and `b/` names
/// (an absolute path's `/` dropped, as git does: `a/tmp/old.md`).
pub fn unified(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    if old == new {
        return String::new();
    }
    TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .timeout(DEADLINE)
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("a/{}", old_name.trim_start_matches('/')),
            &format!("b/{}", new_name.trim_start_matches('/')),
        )
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_give_nothing_and_a_change_gives_a_hunk() {
        assert_eq!(unified("a\n", "a\n", "x", "y"), "");
        let d = unified("a\nb\nc\n", "a\nB\nc\n", "old.md", "new.md");
        assert_eq!(
            d,
            "--- a/old.md\n+++ b/new.md\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
        );
        let d = unified("a\n", "b\n", "/tmp/old.md", "/tmp/new.md");
        assert!(d.starts_with("--- a/tmp/old.md\n+++ b/tmp/new.md\n"), "{d}");
    }
}
