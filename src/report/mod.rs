//! The report stage: turns outlines, findings and changes into what a person or a machine reads.

pub mod annotate;
pub mod changes;
pub mod check;
pub mod github;
pub mod junit;
pub mod outline;
pub mod rules;
pub mod sarif;
pub mod unified;

/// "1 section", "3 sections": a count and its noun (one that takes an "s").
pub fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
