//! The report stage: turns outlines, findings and changes into what a person or a machine reads.

pub mod check;
pub mod outline;
pub mod rules;
