//! What several test files need from the shared corpus: its services and their dated versions.

pub mod project;

use std::path::{Path, PathBuf};

/// `../shared/corpus`, beside the crate (as in CI).
pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// Every service's versions, oldest first, services in name order.
pub fn services() -> Vec<Vec<PathBuf>> {
    let corpus = corpus();
    let mut services: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (the shared data sits beside the crate)",
                corpus.display()
            )
        })
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    services.sort();
    services
        .into_iter()
        .map(|service| {
            let mut versions: Vec<PathBuf> = std::fs::read_dir(&service)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "md"))
                .collect();
            versions.sort();
            versions
        })
        .collect()
}

/// Every consecutive pair of versions of a service.
#[allow(dead_code)] // not every test file that shares this module compares versions
pub fn version_pairs() -> Vec<(PathBuf, PathBuf)> {
    let pairs: Vec<(PathBuf, PathBuf)> = services()
        .iter()
        .flat_map(|v| v.windows(2).map(|w| (w[0].clone(), w[1].clone())))
        .collect();
    assert!(
        pairs.len() > 200,
        "{} pairs: is the corpus there?",
        pairs.len()
    );
    pairs
}
