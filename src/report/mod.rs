//! The report stage: turns outlines, findings and changes into what a person or a machine reads.

pub mod changes;
pub mod outline;
pub mod unified;
