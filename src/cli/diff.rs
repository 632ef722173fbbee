//! `policy-lint diff OLD NEW` and `policy-lint diff PATH` (against its snapshot).

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, mpsc};

use anyhow::{Result, bail};

use super::args::{DiffArgs, DiffFormat};
use super::snapshots::{Workspace, shown};
use super::{Outcome, color, enabled_detectors, mark_material, open};
use crate::config::Config;
use crate::diff::material::Versions;
use crate::diff::{AgainstSnapshot, Comparison, against_snapshot, compare};
use crate::outline::Document;
use crate::report::changes::{DiffJson, Sides, human};
use crate::report::unified::unified;
use crate::snapshot::{body, parts_of};
use crate::threads;

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
                    let versions = Versions::new(&snapshot.document, &doc);
                    mark_material(config, &mut comparison, &versions);
                    let new_body = normalised(&doc);
                    leak_to_exit((doc, snapshot.document));
                    (
                        comparison,
                        shown(&entry.snapshot),
                        path.display().to_string(),
                        snapshot.body,
                        new_body,
                    )
                }
            }
        }
        [old, new] => {
            let versions = open_both(old, new, config)?;
            let mut cmp = compare(versions.old, versions.new, &config.diff);
            mark_material(config, &mut cmp, &versions);
            (
                cmp,
                old.display().to_string(),
                new.display().to_string(),
                normalised(versions.old),
                normalised(versions.new),
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

/// Leaves `value` for the process's exit to free, and returns a reference to it that lives as
/// long: a parsed policy is many small allocations, and freeing the two versions one by one
/// took 5 % of a diff of 20,000 sections. (A leak checker reports them; `run` is called once a
/// process.)
fn leak_to_exit<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

/// Both versions, read and parsed side by side; warnings and errors reported old first.
///
/// The old version is parsed on a thread of its own, which then makes the two versions'
/// sentence keys and reads the sentences either version changed ([`Versions::read_ahead`])
/// while this thread compares them: material changes need both, and neither is waited for
/// until then. (The versions are [`leak_to_exit`], which lets that thread read them as long as
/// it runs.)
fn open_both(old: &Path, new: &Path, config: &Config) -> Result<Arc<Versions<'static>>> {
    let (old_sender, old_receiver) = mpsc::channel();
    let (both_sender, both_receiver) = mpsc::channel::<Arc<Versions<'static>>>();
    let (old_path, settings) = (old.to_path_buf(), config.outline.clone());
    let material_wanted = !enabled_detectors(config).is_empty();
    let worker = threads::spawn(move || {
        let doc = Document::open(&old_path, &settings).map(leak_to_exit);
        // The receiver waits for this; it is gone only if this thread is.
        let _ = old_sender.send(doc);
        if !material_wanted {
            return;
        }
        // Nothing comes if either version failed to parse.
        if let Ok(versions) = both_receiver.recv() {
            versions.read_ahead();
        }
    });
    let b = Document::open(new, &config.outline).map(leak_to_exit);
    let a = match old_receiver.recv() {
        Ok(a) => a,
        // The thread ended without sending: it panicked, and so does this one.
        Err(_) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => bail!("{}: the thread parsing it stopped", old.display()),
        },
    };
    let (a, b) = (a?, b?);
    for w in a.warnings.iter().chain(&b.warnings) {
        eprintln!("{}: {w}", color::warning_label());
    }
    let versions = Arc::new(Versions::new(a, b));
    // The thread is gone if no material change is wanted (or it panicked: what it would have
    // made is made here when asked for).
    let _ = both_sender.send(Arc::clone(&versions));
    Ok(versions)
}

fn outcome(cmp: &Comparison) -> Outcome {
    if cmp.changes.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Found
    }
}
