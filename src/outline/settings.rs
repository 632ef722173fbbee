//! The `[outline]` table of `rules.toml`: the heuristics that find headings and item labels in
//! text that has no markup, and the limits on input.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct OutlineSettings {
    /// Files larger than this many bytes are refused with a clear error.
    pub max_file_size: u64,
    /// A heading has at most this many words.
    pub max_heading_words: usize,
    /// An item label ("Advertising.") has at most this many words.
    pub max_label_words: usize,
    /// A plain-text file is hard-wrapped (a line may go on in the next) unless more than one
    /// line in twenty is longer than this many bytes; then each line is a paragraph.
    pub max_wrap_width: usize,
    /// A Title-Case question inside running text is a heading ("… Does Amazon Collect? We …").
    pub question_headings: bool,
    /// A short line of its own in Title Case or ALL CAPS is a heading.
    pub line_headings: bool,
    /// A numbered line ("1.", "2.3", "Section 4") is a heading; its depth is the level.
    pub numbered_headings: bool,
    /// A Title-Case run at the start of a paragraph, followed by a sentence, is a heading
    /// ("Information We Collect We collect …"): text flattened from a web page.
    pub run_in_headings: bool,
    /// Words that start a sentence, used to find where a run-in heading ends.
    pub sentence_starters: Vec<String>,
    /// Lower-case words that mark a short sentence as prose rather than an item label.
    pub label_stopwords: Vec<String>,
    /// In Markdown, a paragraph that is wholly bold (or ALL CAPS) and short is a heading.
    pub emphasis_headings: bool,
    /// What a page's buttons and links say ("Go to", "Learn more", "Back to top"): a plain-text
    /// line opening with one of these (ASCII case ignored) is navigation copied with the page,
    /// not a heading.
    pub navigation_phrases: Vec<String>,
}

fn words(list: &str) -> Vec<String> {
    list.split_whitespace().map(str::to_string).collect()
}

impl Default for OutlineSettings {
    fn default() -> Self {
        OutlineSettings {
            max_file_size: 64 * 1024 * 1024,
            max_heading_words: 16,
            max_label_words: 8,
            max_wrap_width: 120,
            question_headings: true,
            line_headings: true,
            numbered_headings: true,
            run_in_headings: true,
            sentence_starters: words(
                "We We'll We're We've You You're You'll Your Our This These That Those The If \
                 When Where In To For As At By Some Sometimes Many Most All Any Each Every Other \
                 It It's Its They There There's Here Please Unless Although While Like A An \
                 Under With Certain From Depending Subject Except Such Because Learn Note Only \
                 Generally",
            ),
            label_stopwords: words(
                "we our us i me my it its they them their this these those there here please \
                 click see learn read visit is are was were will would may can could should must \
                 do does did has have had been being",
            ),
            emphasis_headings: true,
            navigation_phrases: [
                "Go to",
                "Learn more",
                "Read more",
                "See more",
                "Show more",
                "Back to top",
                "Skip to",
                "Play video",
                "Download",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}
