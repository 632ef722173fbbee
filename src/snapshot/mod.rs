//! The snapshot stage: the approved text of each policy, kept under `snapshots/` as a readable,
//! git-diff-friendly file, read back into an outline, written atomically, with pending review.
//!
//! This module alone knows the file format ([`format`]) and where the files live ([`store`]).

mod format;
mod store;

pub use format::{
    Header, SectionParts, Snapshot, body, hash, parse, parts_of, render, render_pending,
    source_hash,
};
pub use store::{Entry, Store, is_approved_snapshot, is_snapshot_file, read};

use std::path::PathBuf;

/// Why a snapshot could not be read, placed or written.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    // Not a `source`: the cause is part of the message, and a chained source would print twice.
    #[error("{path}: {message}")]
    Io {
        path: PathBuf,
        message: String,
        error: std::io::Error,
    },
    /// A damaged or hand-edited snapshot file.
    #[error("{path}:{line}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// A policy or snapshot that would live outside the project or the snapshot folder.
    #[error("{path}: {message}")]
    Placement { path: PathBuf, message: String },
    /// A policy outside the project root: it can be checked, but no snapshot can name it.
    #[error(
        "{path}: is outside the project root {root} (snapshots are named from the path inside it)"
    )]
    Outside { path: PathBuf, root: PathBuf },
}

impl SnapshotError {
    fn io(path: &std::path::Path, message: &str, source: std::io::Error) -> SnapshotError {
        SnapshotError::Io {
            path: path.to_path_buf(),
            message: format!("{message}: {source}"),
            error: source,
        }
    }
}
