//! Three things done once, when policy-lint is built, rather than at every start.
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
//! - For the built-in sets listed in `src/pattern/prebuilt-sets.txt`, a DFA that finds which of
//!   their patterns occur in a text (or, for a set too large for one, which of their segments:
//!   see `src/pattern/segments.rs`) is built and written to another.

// Of the translator and the backtracker, the build uses the translation and its encoding only.
#![allow(dead_code)]

#[path = "src/pattern/backtrack.rs"]
mod backtrack;
#[path = "src/pattern/compile.rs"]
mod compile;
#[path = "src/pattern/dfa_table.rs"]
mod dfa_table;
#[path = "src/pattern/eight_bytes.rs"]
mod eight_bytes;
#[path = "src/pattern/segments.rs"]
mod segments;

use std::path::Path;

const SOURCES: &str = "src/pattern/prebuilt-sources.txt";
const SETS: &str = "src/pattern/prebuilt-sets.txt";

/// A set's DFA may not grow past this: a built-in pattern that made it would fail the build
/// (the vocabulary's dense DFA takes 1.5 MB, its table 0.76 MB).
const DFA_BYTES: usize = 16 << 20;

/// A set's DFA of its whole patterns may not grow past this; the DFA of their segments is built
/// instead (the vocabulary's passes it).
const WHOLE_DFA_BYTES: usize = 4 << 20;

fn main() {
    for input in [
        "build.rs",
        SOURCES,
        SETS,
        "src/pattern/segments.rs",
        "src/pattern/backtrack.rs",
        "src/pattern/compile.rs",
        "src/pattern/dfa_table.rs",
    ] {
        println!("cargo:rerun-if-changed={input}");
    }
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    if let Err(err) = write_prebuilt_programs().and_then(|()| write_prebuilt_sets()) {
        eprintln!("error: {err}");
        std::process::exit(1);
    }
}

fn write_prebuilt_programs() -> Result<(), String> {
    let list = std::fs::read_to_string(SOURCES).map_err(|e| format!("{SOURCES}: {e}"))?;
    let mut sources: Vec<&str> = list.lines().collect();
    // Sorted, so a run finds a source by binary search.
    sources.sort_unstable();
    let (mut programs, mut offsets) = (Vec::new(), Vec::new());
    for source in &sources {
        let program = backtrack::Program::new(source)
            .ok_or_else(|| format!("{SOURCES}: no backtracker program for {source}"))?;
        offsets.extend_from_slice(&(programs.len() as u64).to_le_bytes());
        // 8-aligned, as the instructions a run reads in place are (`Program::decode`).
        push_field(&mut programs, &program.encode(), 8);
    }
    // The sources and where their programs are first: a run finds one without reading the
    // others (see `prebuilt::Index`).
    let mut image = Vec::new();
    push_field(&mut image, sources.join("\n").as_bytes(), 8);
    push_field(&mut image, &offsets, 8);
    image.extend_from_slice(&programs);
    write_out("prebuilt-programs", &image)
}

/// Each set of the list (its sources one a line, sets apart by an empty line) as three fields:
/// its sources as listed, its patterns' ways (`prebuilt::Ways`), the DFA of their segments.
fn write_prebuilt_sets() -> Result<(), String> {
    let list = std::fs::read_to_string(SETS).map_err(|e| format!("{SETS}: {e}"))?;
    let list = list.replace("\r\n", "\n");
    let mut image = Vec::new();
    for set in list.split("\n\n").filter(|set| !set.trim().is_empty()) {
        let sources: Vec<&str> = set.lines().collect();
        // Whole patterns where their DFA is small enough: it finds which patterns match (up
        // to their capitals), where one of segments finds only which may. The contact
        // details' segments (a number; "st" ending a word) occurred in most sentences with a
        // digit, each then searched in vain; their DFA takes 77 KB, the whole pattern's 241.
        let (ways, dfa) = set_dfa(&sources, false)
            .or_else(|_| set_dfa(&sources, true))
            .map_err(|e| format!("{SETS}: {e}"))?;
        for field in [sources.join("\n").as_bytes(), &ways, &dfa] {
            // Each field starts 8-aligned, as a DFA's transitions must.
            push_field(&mut image, field, 8);
        }
    }
    write_out("prebuilt-sets", &image)
}

/// The ways of each pattern, encoded, and the table of the DFA of the set's segments (see
/// `dfa_table`): of its patterns split into segments (`segments::ways`), or else of each
/// pattern as its one segment.
fn set_dfa(sources: &[&str], split: bool) -> Result<(Vec<u8>, Vec<u8>), String> {
    use regex_automata::dfa::{StartKind, dense};
    use regex_automata::{MatchKind, nfa::thompson};

    let mut segments: Vec<regex_syntax::hir::Hir> = Vec::new();
    let mut words: Vec<u32> = Vec::new();
    for source in sources {
        // A pattern naming `ſ` or the Kelvin sign matches ASCII letters in Unicode but not in
        // the ASCII syntax the DFA is built in (src/pattern/mod.rs has no ASCII build for it).
        if !source.is_ascii() {
            return Err(format!("{source}: a prebuilt set's patterns are ASCII"));
        }
        // The ASCII syntax of the set's compiled build (`ascii_parser` in src/pattern/mod.rs).
        let hir = regex_syntax::ParserBuilder::new()
            .unicode(false)
            .utf8(false)
            .build()
            .parse(source)
            .map_err(|e| format!("{source}: {e}"))?;
        let ways = match split {
            true => segments::ways(&hir),
            false => vec![vec![hir.clone()]],
        };
        // The DFA finds a segment in lower case: of a pattern with capitals, every match and
        // more (to be searched).
        let exact = ways.len() == 1
            && ways[0].len() == 1
            && ways[0][0] == hir
            && segments::lower_case(&hir).1;
        words.extend([u32::from(exact), ways.len() as u32]);
        for way in ways {
            words.push(way.len() as u32);
            for segment in way {
                let id = match segments.iter().position(|s| *s == segment) {
                    Some(id) => id,
                    None => {
                        segments.push(segment);
                        segments.len() - 1
                    }
                };
                words.push(id as u32);
            }
        }
    }
    // Read in lower case (`prebuilt::SetFilter`): without the capitals, the vocabulary's
    // alphabet is 45 byte classes, not 70, and each state a row of 64, not 128.
    let lowered: Vec<regex_syntax::hir::Hir> = (segments.iter())
        .map(|segment| segments::lower_case(segment).0)
        .collect();
    let limit = if split { DFA_BYTES } else { WHOLE_DFA_BYTES };
    let nfa = thompson::Compiler::new()
        .configure(thompson::Config::new().utf8(false))
        .build_many_from_hir(&lowered)
        .map_err(|e| e.to_string())?;
    let dfa = dense::Builder::new()
        .configure(
            dense::Config::new()
                .match_kind(MatchKind::All)
                // Fewer states, so a smaller table: 9 % fewer bytes for the vocabulary's DFA
                // when it was stored as regex-automata stores it. 5.5 s of build.
                .minimize(true)
                .start_kind(StartKind::Unanchored)
                .dfa_size_limit(Some(limit))
                .determinize_size_limit(Some(limit)),
        )
        .build_from_nfa(&nfa)
        .map_err(|e| format!("the DFA of {} segments: {e}", segments.len()))?;
    let ways = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    Ok((ways, dfa_table::encode(&dfa)?))
}

/// One field of an image as `prebuilt::Fields` reads it: its length as a little-endian `u64`,
/// its bytes, and padding up to a multiple of `align`.
fn push_field(image: &mut Vec<u8>, bytes: &[u8], align: usize) {
    image.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    image.extend_from_slice(bytes);
    image.resize(image.len().next_multiple_of(align), 0);
}

fn write_out(name: &str, image: &[u8]) -> Result<(), String> {
    let out = std::env::var("OUT_DIR").map_err(|e| format!("OUT_DIR: {e}"))?;
    let path = Path::new(&out).join(name);
    std::fs::write(&path, image).map_err(|e| format!("{}: {e}", path.display()))
}
