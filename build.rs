//! Two things done once, when policy-lint is built, rather than at every start.
//!
//! - The `policy-lint` executable is linked at a fixed address on Linux. A position-independent
//!   executable is relocated by the dynamic loader at every start: for this one, 24,000
//!   pointers in tables (Unicode data, panic locations, vtables), which touch 100-odd pages
//!   before `main`. A pre-commit run on one policy lasts a few milliseconds, and those page
//!   faults were a twentieth of it. The code is still compiled position-independent; only the
//!   final link of the executable is not, so the loader has nothing to relocate.
//! - The built-in patterns listed in `src/pattern/prebuilt-sources.txt` are translated to
//!   backtracker programs by the crate's own translator, included here, and written to one
//!   file the crate includes (see `src/pattern/prebuilt.rs`).

// Of the translator and the backtracker, the build uses the translation and its encoding only.
#![allow(dead_code)]

#[path = "src/pattern/backtrack.rs"]
mod backtrack;
#[path = "src/pattern/compile.rs"]
mod compile;

use std::path::Path;

const SOURCES: &str = "src/pattern/prebuilt-sources.txt";

fn main() {
    for input in [
        "build.rs",
        SOURCES,
        "src/pattern/backtrack.rs",
        "src/pattern/compile.rs",
    ] {
        println!("cargo:rerun-if-changed={input}");
    }
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    if let Err(err) = write_prebuilt_programs() {
        eprintln!("error: {err}");
        std::process::exit(1);
    }
}

fn write_prebuilt_programs() -> Result<(), String> {
    let list = std::fs::read_to_string(SOURCES).map_err(|e| format!("{SOURCES}: {e}"))?;
    let mut sources: Vec<&str> = list.lines().collect();
    // Sorted, so a run finds a source by binary search.
    sources.sort_unstable();
    let mut image = Vec::new();
    for source in sources {
        let program = backtrack::Program::new(source)
            .ok_or_else(|| format!("{SOURCES}: no backtracker program for {source}"))?;
        for bytes in [source.as_bytes(), &program.encode()] {
            image.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            image.extend_from_slice(bytes);
        }
    }
    let out = std::env::var("OUT_DIR").map_err(|e| format!("OUT_DIR: {e}"))?;
    let path = Path::new(&out).join("prebuilt-programs");
    std::fs::write(&path, image).map_err(|e| format!("{}: {e}", path.display()))
}
