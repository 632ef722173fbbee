//! `policy-lint diff OLD NEW` and `policy-lint diff PATH` (against its snapshot).

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};

use super::args::{DiffArgs, DiffFormat};
use super::snapshots::{Workspace, shown};
use super::{Outcome, color, mark_material, open};
use crate::config::Config;
use crate::diff::{AgainstSnapshot, Comparison, against_snapshot, compare};
use crate::outline::Document;
use crate::report::changes::{DiffJson, Sides, human};
use crate::report::unified::unified;
use crate::snapshot::{body, parts_of};

pub fn run(config: &Config, workspace: &Workspace, args: &DiffArgs) -> Result<Outcome> {
    // The normalised texts are only needed for `--format unified`.
    let unified_wanted = args.format == DiffFormat::Unified;
    let normalised = |doc: &crate::outline::Document| {
        if unified_wanted {
            body(&parts_of(doc))
        } else {
            String::new()
        }
    };
    let (cmp, old_name, new_name, old_body, new_body) = match args.paths.as_slice() {
        [path] => {
            let doc = open(path, config)?;
            let store = workspace.store()?;
            match against_snapshot(&doc, &store, &config.diff)? {
                AgainstSnapshot::Missing(entry) => bail!(
                    "{}: no snapshot yet ({} does not exist); accept one with `policy-lint snapshot accept {}`",
                    path.display(),
                    shown(&entry.snapshot),
                    path.display()
                ),
                AgainstSnapshot::Compared {
                    entry,
                    snapshot,
                    mut comparison,
                } => {
                    mark_material(config, &mut comparison, &snapshot.document, &doc);
                    (
                        comparison,
                        shown(&entry.snapshot),
                        path.display().to_string(),
                        snapshot.body,
                        normalised(&doc),
                    )
                }
            }
        }
        [old, new] => {
            let (a, b) = open_both(old, new, config)?;
            let mut cmp = compare(&a, &b, &config.diff);
            mark_material(config, &mut cmp, &a, &b);
            (
                cmp,
                old.display().to_string(),
                new.display().to_string(),
                normalised(&a),
                normalised(&b),
            )
        }
        _ => bail!("diff takes OLD NEW, or one policy to compare with its snapshot"),
    };
    let sides = Sides {
        old: &old_name,
        new: &new_name,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        DiffFormat::Human => human(
            &mut out,
            &cmp,
            &sides,
            colored::control::SHOULD_COLORIZE.should_colorize(),
        )?,
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &DiffJson::of(&new_name, &cmp))?;
            out.write_all(b"\n")?;
        }
        DiffFormat::Unified => {
            out.write_all(unified(&old_body, &new_body, &old_name, &new_name).as_bytes())?;
        }
    }
    out.flush()?;
    Ok(outcome(&cmp))
}

/// Both versions, read and parsed side by side; warnings and errors reported old first.
fn open_both(old: &Path, new: &Path, config: &Config) -> Result<(Document, Document)> {
    let (a, b) = std::thread::scope(|scope| {
        let a = scope.spawn(|| Document::open(old, &config.outline));
        let b = Document::open(new, &config.outline);
        (a.join().unwrap_or_else(|p| std::panic::resume_unwind(p)), b)
    });
    let (a, b) = (a?, b?);
    for w in a.warnings.iter().chain(&b.warnings) {
        eprintln!("{}: {w}", color::warning_label());
    }
    Ok((a, b))
}

fn outcome(cmp: &Comparison) -> Outcome {
    if cmp.changes.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Found
    }
}
