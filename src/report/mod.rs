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
