//! policy-lint: guards privacy-policy text.
//!
//! Data flows one way: text → [`outline`] → (diff, findings) → report. Each stage is a module
//! and imports only the stages before it; [`pattern`] (regexes cheap to compile), [`threads`]
//! and [`heap`] serve them all.

pub mod cli;
pub mod config;
pub mod detect;
pub mod diff;
pub mod heap;
pub mod outline;
pub mod pattern;
pub mod report;
pub mod rules;
pub mod snapshot;
pub mod threads;
