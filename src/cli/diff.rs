//! `policy-lint diff OLD NEW` and `policy-lint diff PATH` (against its snapshot).

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;

use anyhow::{Result, bail};

use super::args::{DiffArgs, DiffFormat};
use super::snapshots::{Workspace, shown};
use super::{Outcome, color, enabled_detectors, mark_material, open, with_max_file_size};
use crate::config::Config;
use crate::diff::material::{Marking, ToHelper, Versions, searches_dates};
use crate::diff::{AgainstSnapshot, Comparison, against_snapshot, compare};
use crate::outline::{Document, OutlineSettings};
use crate::report::changes::{Sides, human, json};
use crate::report::unified::unified;
use crate::snapshot::{self, SnapshotError, body, is_snapshot_file, parts_of};
use crate::threads;

pub fn run(
    config: &Config,
    workspace: &Workspace,
    args: &DiffArgs,
    early: Option<Early>,
) -> Result<Outcome> {
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
            let against = against_snapshot(&doc, &store, &config.diff);
            match against.map_err(|e| match e {
                SnapshotError::Invalid { .. } => workspace.damaged(&e, path),
                e => e.into(),
            })? {
                AgainstSnapshot::Missing(entry) => bail!(
                    "{}: no snapshot yet ({} does not exist); accept one with `{}`",
                    path.display(),
                    shown(&entry.snapshot),
                    workspace.accept_command(path)
                ),
                AgainstSnapshot::Compared {
                    entry,
                    snapshot,
                    mut comparison,
                } => {
                    let (doc, old_doc) = leak_to_exit((doc, snapshot.document));
                    let versions = leak_to_exit(Versions::new(old_doc, doc));
                    mark_material(config, &mut comparison, versions, None);
                    let new_body = normalised(doc);
                    (
                        *comparison,
                        shown(&entry.snapshot),
                        path.display().to_string(),
                        snapshot.body,
                        new_body,
                    )
                }
            }
        }
        [old, new] => {
            let (versions, helper) = open_both(old, new, config, early)?;
            // Kept to the exit, not freed when this arm ends (after the other thread has let
            // go of its share).
            let versions = leak_to_exit(versions);
            let mut cmp = compare(versions.old, versions.new, &config.diff);
            mark_material(config, &mut cmp, versions, helper.as_ref());
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
    let cmp = leak_to_exit(cmp);
    let sides = Sides {
        old: &old_name,
        new: &new_name,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        DiffFormat::Human => human(
            &mut out,
            cmp,
            &sides,
            colored::control::SHOULD_COLORIZE.should_colorize(),
        )?,
        DiffFormat::Json => json(&mut out, cmp, &sides)?,
        DiffFormat::Unified => {
            out.write_all(unified(&old_body, &new_body, &old_name, &new_name).as_bytes())?;
        }
    }
    out.flush()?;
    Ok(outcome(cmp))
}

/// Leaves `value` for the process's exit to free, and returns a reference to it that lives as
/// long: a parsed policy, the versions' sentence readings and a comparison are many small
/// allocations, and freeing them one by one took 5 % of a diff of 20,000 sections and 33 to
/// 40 ms at the end of the 6 MB rewritten pair, after the last line was written. (A leak checker
/// reports them; `run` is called once a process.)
fn leak_to_exit<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

/// The old version of `diff OLD NEW`, read and parsed on a thread of its own from the start
/// of the run, while this one loads the configuration: with the outline settings most
/// configurations have (the defaults, which the starter rules.toml keeps, and the limit of
/// `--max-file-size`). A configuration with other settings has it read and parsed again (and
/// the first parse, dropped, still runs to its end: a lower `max-file-size` in rules.toml is
/// then applied after the file was read once). Only a regular file is read ahead: a pipe
/// (`<(git show …)`) can be read only once.
///
/// That thread then builds the built-in vocabulary's search programs, makes the two versions'
/// sentence keys and reads the sentences either version changed ([`Versions::read_ahead`])
/// while this thread compares them: material changes need all of it, and none is waited for
/// until then. Then it reads the changes for material changes beside this thread
/// ([`Marking::read`]). The vocabulary is built even if no `change` rule wants material
/// changes (only the configuration tells): that core is idle then.
pub struct Early {
    settings: OutlineSettings,
    old: mpsc::Receiver<Result<Document>>,
    /// Where the parsed versions go, for the rest of the work, with whether their date
    /// statements are searched (the effective-date detector is on).
    both: mpsc::Sender<(Arc<Versions<'static>>, bool)>,
    /// Where the changes to read go.
    marking: ToHelper,
    worker: JoinHandle<()>,
}

impl Early {
    /// Starts on the old version of `diff OLD NEW` if it is a regular file; else (`diff PATH`,
    /// a pipe) builds the vocabulary only.
    pub fn start(args: &DiffArgs, max_file_size: Option<u64>) -> Option<Early> {
        match args.paths.as_slice() {
            [old, _] if std::fs::metadata(old).is_ok_and(|m| m.is_file()) => {
                let settings = with_max_file_size(OutlineSettings::default(), max_file_size);
                Some(Early::parse(old, settings))
            }
            _ => {
                threads::spawn(crate::detect::reading::prepare);
                None
            }
        }
    }

    fn parse(path: &Path, settings: OutlineSettings) -> Early {
        let (old_sender, old) = mpsc::channel();
        let (both, both_receiver) = mpsc::channel::<(Arc<Versions<'static>>, bool)>();
        let (marking, marking_receiver) = mpsc::channel::<Arc<Marking>>();
        let (path, parse_settings) = (path.to_path_buf(), settings.clone());
        let worker = threads::spawn(move || {
            // The receiver waits for this; it is gone if the run is over, or the settings
            // differed.
            let _ = old_sender.send(read_version(&path, &parse_settings));
            // Were this to panic, the search that waits for it would report a poisoned lock.
            crate::detect::reading::prepare();
            // Nothing comes if either version failed to parse, the settings differed or no
            // material change is wanted; no changes to read if there is no change.
            if let Ok((versions, dated)) = both_receiver.recv() {
                versions.read_ahead(dated);
                if let Ok(marking) = marking_receiver.recv() {
                    marking.read(&versions);
                }
            }
        });
        Early {
            settings,
            old,
            both,
            marking,
            worker,
        }
    }
}

/// A version of `diff OLD NEW`: a policy file, or a snapshot file read as the snapshot it is
/// (`diff snapshots/privacy.md.snap privacy.md`; one taken from git's history), not as the
/// Markdown it resembles.
fn read_version(path: &Path, settings: &OutlineSettings) -> Result<Document> {
    match is_snapshot_file(path) {
        true => Ok(snapshot::read(path)?.document),
        false => Ok(Document::open(path, settings)?),
    }
}

/// Both versions, read and parsed side by side (see [`Early`]); warnings and errors reported
/// old first. (The versions are [`leak_to_exit`], which lets the other thread read them as long
/// as it runs.) With them, where to send that thread the changes to read, if it reads ahead in
/// the versions.
fn open_both(
    old: &Path,
    new: &Path,
    config: &Config,
    early: Option<Early>,
) -> Result<(Arc<Versions<'static>>, Option<ToHelper>)> {
    let early = match early {
        Some(early) if early.settings == config.outline => early,
        // Not read ahead (a pipe), or with other settings: read now with the configuration's.
        // (An early thread dropped finishes its parse, builds the vocabulary and ends.)
        _ => Early::parse(old, config.outline.clone()),
    };
    let b = read_version(new, &config.outline).map(leak_to_exit);
    let a = match early.old.recv() {
        Ok(a) => a.map(leak_to_exit),
        // The thread ended without sending: it panicked, and so does this one.
        Err(_) => match early.worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => bail!("{}: the thread parsing it stopped", old.display()),
        },
    };
    let (a, b) = (a?, b?);
    for w in a.warnings.iter().chain(&b.warnings) {
        eprintln!("{}: {w}", color::warning_label());
    }
    let versions = Arc::new(Versions::new(a, b));
    let detectors = enabled_detectors(config);
    if detectors.is_empty() {
        return Ok((versions, None));
    }
    let dated = searches_dates(&detectors);
    // The thread is gone if it panicked: what it would have made is made here when asked for.
    let sent = early.both.send((Arc::clone(&versions), dated)).is_ok();
    let helper = sent.then_some(early.marking);
    Ok((versions, helper))
}

fn outcome(cmp: &Comparison) -> Outcome {
    if cmp.changes.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Found
    }
}
