//! `policy-lint check` and `policy-lint rules`: which files to read, running the rule engine,
//! and printing what it found.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::Outcome;
use super::args::{CheckArgs, CheckFormat, OutlineFormat, RulesArgs};
use super::snapshots::{
    RepositoryPaths, Workspace, all_gone, as_typed, gone_policy, gone_under, in_ci, named_gone,
    resolved, shell_path, shown, update_requested,
};
use crate::config::ConfigError;
use crate::config::{Check, Config, Severity, UNMATCHED_SCOPE};
use crate::diff::material::Versions;
use crate::diff::{
    AgainstSnapshot, Change, ChangeKind, Material, Op, Spot, Target, against_snapshot,
};
use crate::outline::{Document, Item, Section, Sentence, Span, locate};
use crate::report;
use crate::report::changes::title;
use crate::report::check::{
    CheckJson, CheckedFile, FileErrorJson, FileJson, Unchecked, Verbosity, not_checked,
    not_checked_of,
};
use crate::rules::{self, Finding};
use crate::snapshot::{
    Entry, SnapshotError, Store, body, is_approved_snapshot, parts_of, render_pending, source_hash,
};
use crate::threads;

/// Extensions of the files a folder is searched for.
const POLICY_EXTENSIONS: &[&str] = &["md", "markdown", "txt", "html", "htm"];

/// Diagnostics are cut around the span to this width when standard output is not a terminal
/// that says otherwise.
const DEFAULT_WIDTH: usize = 100;

/// `listed`: the policies of `--files-from`, read before the configuration was looked for
/// (see [`listed_policies`]).
pub fn check(
    config: &Config,
    workspace: &Workspace,
    args: &CheckArgs,
    listed: Vec<PathBuf>,
) -> Result<Outcome> {
    let errors = compile_lexicons(config);
    if !errors.is_empty() {
        bail!(
            "{}: cannot compile {}",
            config.path.display(),
            errors.join("; ")
        );
    }
    check_paths(config, workspace, args, listed)
}

/// For `check` in a machine-readable format that stopped on `error` before its report: a
/// report that says so (CI jobs upload or annotate the report whatever the run did). Nothing
/// for the human report: the error on standard error is the report.
pub fn print_failed(format: CheckFormat, error: &anyhow::Error) -> Result<()> {
    let message = format!("{error:#}");
    let text = match format {
        CheckFormat::Human => return Ok(()),
        CheckFormat::Sarif => serde_json::to_string_pretty(&report::sarif::failed(&message))?,
        CheckFormat::Json => serde_json::to_string_pretty(&CheckJson::failed(&message))?,
        CheckFormat::JsonLines => serde_json::json!({ "error": message }).to_string(),
        CheckFormat::Github => {
            // On the line of the rules.toml it is about, by its path in the repository.
            let at = match error.downcast_ref::<ConfigError>() {
                Some(ConfigError::Invalid {
                    path, line, column, ..
                }) => Some((path, *line, *column)),
                Some(ConfigError::Io { path, .. }) => Some((path, 1, 1)),
                None => None,
            };
            let at =
                at.map(|(path, line, column)| (RepositoryPaths::default().of(path), line, column));
            let at = (at.as_ref()).map(|(path, line, column)| (path.as_path(), *line, *column));
            report::github::failed(&message, at)
        }
        CheckFormat::Junit => report::junit::failed(&message),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Lexicons compile on first use; here all of them (their build for ASCII text) before any
/// policy is read: one too large to compile is a configuration error, not a rule that never
/// fires. A lexicon the backtracker covers is only translated (quick, and on this thread); the
/// others compile their automata, largest first on every core. Returns the errors, in the
/// order of rules.toml.
fn compile_lexicons(config: &Config) -> Vec<String> {
    let mut order: Vec<usize> = (0..config.lexicons.len())
        .filter(|&i| !config.lexicons[i].regex.translates())
        .collect();
    order.sort_by_key(|&i| std::cmp::Reverse(config.lexicons[i].regex.source().len()));
    // Asking how many cores there are reads cgroup files: only when there is work to share.
    let workers = match order.len() {
        0 | 1 => 1,
        n => threads::available_cores().min(n),
    };
    let mut errors = Vec::new();
    threads::for_each_in_order(
        &order,
        workers,
        |&i| config.lexicons[i].regex.check(),
        |&i, checked| {
            if let Err(reason) = checked {
                errors.push((i, format!("{}: {reason}", config.lexicons[i].name)));
            }
        },
    );
    errors.sort();
    errors.into_iter().map(|(_, message)| message).collect()
}

fn check_paths(
    config: &Config,
    workspace: &Workspace,
    args: &CheckArgs,
    listed_policies: Vec<PathBuf>,
) -> Result<Outcome> {
    let update = update_requested(args.update)?;
    // (`--update` writes pending snapshots there: the folder is made for them.)
    if !args.rules_only && !update {
        workspace.chosen_folder_exists()?;
    }
    let store = workspace.store()?;
    if config.rules.is_empty() {
        // An empty rules.toml is valid; a user should still know what it leaves out.
        let runs = match args.rules_only {
            true => "nothing is checked",
            false => "only snapshots are compared, and no change is read for meaning",
        };
        eprintln!(
            "note: {} declares no rule: {runs} (see \"Checking rules\" in README.md)",
            as_typed(&config.path).display()
        );
    }
    let ci = in_ci();
    if update && ci {
        eprintln!("note: CI is set, so no pending snapshot is written");
    }
    // Without PATHs: the configured paths, and the policy of every snapshot, so that a policy
    // added under a configured folder and one deleted (or renamed) are both seen. A snapshot
    // whose policy is gone is checked with it: a removal not accepted, reported on the snapshot.
    // With PATHs, the snapshots of policies gone from the folders named, or named themselves.
    let mut orphans = std::collections::HashMap::new();
    let mut listed = std::collections::HashSet::new();
    // A folder listed is searched as one named, but a git submodule, which `git ls-files`
    // lists as a path: a folder with a `.git` of its own, or empty where it is not checked out.
    // (What `listed_policies` kept that is neither a policy nor a snapshot is a folder: no
    // second look at the disk for each of a repository's files.)
    let (listed_folders, listed_policies): (Vec<PathBuf>, Vec<PathBuf>) =
        (listed_policies.into_iter()).partition(|p| !is_policy_file(p) && !is_approved_snapshot(p));
    let is_submodule = |folder: &PathBuf| {
        folder.join(".git").exists()
            || std::fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_none())
    };
    let listed_folders: Vec<PathBuf> = (listed_folders.into_iter())
        .filter(|f| !is_submodule(f))
        .collect();
    let (listed_snapshots, listed_policies): (Vec<PathBuf>, Vec<PathBuf>) =
        (listed_policies.into_iter()).partition(|p| is_approved_snapshot(p));
    let named_paths = [&args.paths[..], &listed_folders[..]].concat();
    let named = !args.paths.is_empty() || args.files_from.is_some();
    let paths: Vec<PathBuf> = if named || args.orphans {
        if args.orphans {
            orphans.extend(all_gone(&store)?);
        }
        if !args.rules_only {
            // Policies named or listed but gone, and listed snapshots whose policy is.
            orphans.extend(gone_under(
                &[&named_paths[..], &listed_policies[..]].concat(),
                &store,
            )?);
        }
        // An approved snapshot named or listed stands for the policy it approves: a pre-commit
        // hook is given the snapshots a commit edits, and one edited by hand is then read (and
        // refused if damaged), not passed over.
        let in_snapshots = InFolder::new(store.dir());
        let mut paths = Vec::with_capacity(named_paths.len());
        for (path, named) in (named_paths.iter().map(|p| (p, true)))
            .chain(listed_snapshots.iter().map(|p| (p, false)))
        {
            match approved_by(&store, &in_snapshots, path) {
                Some(Approved::Gone { policy, snapshot }) if !args.rules_only => {
                    orphans.insert(policy, snapshot);
                }
                Some(Approved::Gone { .. }) => {}
                Some(Approved::Policy(policy)) => paths.push(policy),
                None if named => paths.push(path.clone()),
                None => {}
            }
        }
        paths
    } else {
        let mut sources: Vec<PathBuf> = (config.settings.paths.iter())
            .map(|p| as_typed(&config.root.join(p)))
            .collect();
        listed.extend(sources.iter().cloned());
        // (Without the comparison, only the configured paths, if there are any.)
        let snapshots = match args.rules_only && !sources.is_empty() {
            true => Vec::new(),
            false => store.snapshots()?,
        };
        for file in snapshots {
            if let Some(source) = store.source_of(&file) {
                // As if typed: reports name files as CI annotations and SARIF expect.
                let source = as_typed(&store.root().join(source));
                if std::fs::symlink_metadata(&source).is_err() {
                    orphans.insert(source.clone(), file);
                }
                sources.push(source);
            }
        }
        if sources.is_empty() {
            bail!(
                "no policy to check: give a PATH, list policies in `paths` under [settings] in \
                 rules.toml, or accept snapshots first"
            );
        }
        sources
    };
    let not_gone = |p: &PathBuf| {
        !orphans.contains_key(p) && !resolved(p).is_some_and(|p| named_gone(&orphans, &p))
    };
    let paths: Vec<PathBuf> = paths.into_iter().filter(not_gone).collect();
    let mut gone: Vec<PathBuf> = orphans.keys().cloned().collect();
    gone.sort();
    let (mut files, refused) = files_and_refused(&paths, store.dir())?;
    // (Without the comparison, a policy that is gone is not looked for.)
    if !args.rules_only {
        files.extend(gone);
    }
    // None of a list in the snapshot folder.
    let in_snapshots = InFolder::new(store.dir());
    files.extend((listed_policies.into_iter()).filter(|p| !in_snapshots.holds(p) && not_gone(p)));
    let files = once_each(files);
    let run = Run {
        config,
        workspace,
        store: &store,
        rules_only: args.rules_only,
        write_pending: update && !ci,
        orphans,
        listed,
    };
    let jobs = match args.jobs {
        Some(n) => n.get(),
        None if files.len() > 1 => threads::available_cores(),
        None => 1,
    };
    // A file that cannot be checked (or a folder without one) is said at once and reported with
    // the others: a CI job still annotates every other file, and a code-scanning upload does
    // not read the missing results as findings fixed. The run then exits 2.
    for path in &refused {
        eprintln!("{}: {}", super::color::error_label(), path.error);
    }
    if args.format == CheckFormat::JsonLines {
        return stream_json_lines(&run, &files, refused, jobs);
    }
    let mut checked = Vec::with_capacity(files.len());
    // (Files named but refused are files of the run too.)
    let refused_files = refused.iter().filter(|u| !u.folder).count();
    let mut unchecked = refused;
    threads::for_each_in_order(
        &files,
        jobs,
        |path| run.check_file(path),
        |path, result| match result {
            Ok(file) => checked.push(file),
            Err(e) => unchecked.push(Unchecked {
                path: path.clone(),
                error: said(&e),
                folder: false,
            }),
        },
    );
    // A pending file that cannot be written is said, and the run fails at its end; the report
    // of what was checked is written all the same.
    let mut unwritten = 0;
    if run.write_pending {
        for (file, entry) in &checked {
            if let Err(e) = run.write_pending(file, entry.as_ref()) {
                said(&e);
                unwritten += 1;
            }
        }
    }
    let mut checked: Vec<CheckedFile> = checked.into_iter().map(|(file, _)| file).collect();
    if matches!(args.format, CheckFormat::Sarif | CheckFormat::Github) {
        in_repository(&mut checked, &mut unchecked);
    }
    let text = match args.format {
        CheckFormat::Human => {
            // Verbose: which rules.toml and snapshot folder the run used, first.
            let mut setup = String::new();
            if args.verbose {
                setup = format!(
                    "rules: {}, {}",
                    as_typed(&config.path).display(),
                    report::counted(config.rules.len(), "rule")
                );
                if !args.rules_only {
                    setup += &format!("; snapshots: {}", as_typed(store.dir()).display());
                }
                setup.push('\n');
            }
            setup
                + &report::check::human(
                    &checked,
                    &unchecked,
                    colored::control::SHOULD_COLORIZE.should_colorize(),
                    terminal_width(),
                    match (args.quiet, args.verbose) {
                        (true, _) => Verbosity::Quiet,
                        (_, true) => Verbosity::Verbose,
                        _ => Verbosity::Normal,
                    },
                )
        }
        CheckFormat::Json => {
            let json = report::check::CheckJson::of(&checked, &unchecked);
            let mut s = serde_json::to_string_pretty(&json)?;
            s.push('\n');
            s
        }
        CheckFormat::Sarif => {
            let sarif = report::sarif::sarif(&checked, &unchecked, config);
            let mut s = serde_json::to_string_pretty(&sarif)?;
            s.push('\n');
            s
        }
        CheckFormat::Github => report::github::github(&checked, &unchecked),
        CheckFormat::Junit => report::junit::junit(&checked, &unchecked, config, !args.rules_only),
        CheckFormat::JsonLines => unreachable!("json-lines is streamed above"),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    let mut why = Vec::new();
    if !unchecked.is_empty() {
        why.push(not_checked_of(
            &unchecked,
            Some(files.len() + refused_files),
        ));
    }
    if unwritten > 0 {
        why.push(not_written(unwritten));
    }
    if !why.is_empty() {
        return Ok(Outcome::Incomplete(why.join("; ")));
    }
    let errors = checked
        .iter()
        .flat_map(|c| &c.findings)
        .any(|f| f.severity == Severity::Error);
    Ok(if errors {
        Outcome::Found
    } else {
        Outcome::Clean
    })
}

/// Why a file could not be checked, said on standard error as it fails (the report, which
/// names it too, comes at the end).
fn said(error: &anyhow::Error) -> String {
    let error = format!("{error:#}");
    eprintln!("{}: {error}", super::color::error_label());
    error
}

/// Names the files of `checked` by their paths in the repository, for a CI service's
/// annotations (see [`RepositoryPaths`]).
fn in_repository(checked: &mut [CheckedFile], unchecked: &mut [Unchecked]) {
    let mut paths = RepositoryPaths::default();
    for file in checked {
        file.doc.source.path = paths.of(&file.doc.source.path);
        for finding in &mut file.findings {
            finding.path = paths.of(&finding.path);
        }
    }
    for file in unchecked {
        file.path = paths.of(&file.path);
    }
}

/// What every file of one `check` run shares.
struct Run<'a> {
    config: &'a Config,
    workspace: &'a Workspace,
    store: &'a Store,
    rules_only: bool,
    /// `--update` outside CI.
    write_pending: bool,
    /// Policies that are gone, with their snapshots.
    orphans: std::collections::HashMap<PathBuf, PathBuf>,
    /// The paths `[settings] paths` lists, as checked: one that is missing is said to be listed
    /// there.
    listed: std::collections::HashSet<PathBuf>,
}

impl Run<'_> {
    /// The policy gone from this run, and its snapshot, that `doc`, a policy without one,
    /// reads like (most of its sentence lines the snapshot's): the policy renamed, its snapshot
    /// left behind, as in the hook's commit of a rename.
    fn renamed_from(&self, doc: &Document) -> Result<Option<(&PathBuf, &PathBuf)>> {
        if self.orphans.is_empty() {
            return Ok(None);
        }
        let text = body(&parts_of(doc));
        let lines: std::collections::HashSet<&str> = text.lines().collect();
        let mut best = None;
        for (policy, snapshot) in &self.orphans {
            let Some(kept) = self.store.load(snapshot)? else {
                continue;
            };
            let shared = (kept.body.lines()).filter(|l| lines.contains(l)).count();
            let most = lines.len().max(kept.body.lines().count());
            if 2 * shared > most && best.is_none_or(|(n, _, _)| shared > n) {
                best = Some((shared, policy, snapshot));
            }
        }
        Ok(best.map(|(_, policy, snapshot)| (policy, snapshot)))
    }

    /// A policy whose snapshot remains after it was deleted or renamed: a finding on the
    /// snapshot, which is what is left of it.
    fn orphaned(&self, path: &Path, snapshot: &Path) -> Result<(CheckedFile, Option<Entry>)> {
        let Some(kept) = self.store.load(snapshot)? else {
            bail!("{}: no such file", path.display());
        };
        let mut doc = kept.document;
        doc.source.path = as_typed(snapshot);
        let shown_snapshot = shown(snapshot);
        let removal = format!("git rm {}", shell_path(snapshot));
        let mut finding = Finding::at(
            &doc,
            "snapshot-changed",
            self.config.settings.severity.snapshot_changed,
            format!(
                "{} is gone (deleted or renamed): the snapshot still approves it",
                path.display()
            ),
            0..0,
        );
        finding.help = Some(format!(
            "if that is intended, remove the snapshot (`{removal}`) and accept the policy under \
             its new name, or `git mv` the snapshot to its new name"
        ));
        let file = CheckedFile {
            doc,
            findings: vec![finding],
            comparison: None,
            snapshot: shown_snapshot,
            gone: true,
        };
        Ok((file, None))
    }

    /// Reads one policy, runs the rules on it and compares it with its snapshot.
    fn check_file(&self, path: &Path) -> Result<(CheckedFile, Option<Entry>)> {
        if let Some(snapshot) = self.orphans.get(path) {
            return self.orphaned(path, snapshot);
        }
        let config = self.config;
        let doc = super::open(path, config).map_err(|e| match self.listed.contains(path) {
            true => anyhow::anyhow!(
                "{e:#} (listed in `paths` under [settings] in {})",
                shown(&config.path)
            ),
            false => e,
        })?;
        let rules::Checked { mut findings } = rules::check(&doc, config);
        // A rule that checked nothing: the command that shows what was read instead.
        for f in findings.iter_mut().filter(|f| f.rule == UNMATCHED_SCOPE) {
            let outline = self.workspace.command("outline", &doc.source.path);
            f.help = Some(format!(
                "`{outline}` shows the headings and item labels read"
            ));
        }
        let unsnapshotted = |doc: Document, findings: Vec<Finding>| {
            let file = CheckedFile {
                doc,
                findings,
                comparison: None,
                snapshot: String::new(),
                gone: false,
            };
            Ok((file, None))
        };
        if self.rules_only {
            return unsnapshotted(doc, findings);
        }
        let mut against = match against_snapshot(&doc, self.store, &config.diff) {
            Ok(against) => against,
            // A policy outside the project is still checked against the rules.
            Err(SnapshotError::Outside { root, .. }) => {
                findings.push(Finding::at(
                    &doc,
                    "snapshot-missing",
                    config.settings.severity.snapshot_missing,
                    format!(
                        "outside the project root {}: no snapshot can be kept for it",
                        root.display()
                    ),
                    0..0,
                ));
                return unsnapshotted(doc, findings);
            }
            Err(e @ SnapshotError::Invalid { .. }) => return Err(self.workspace.damaged(&e, path)),
            Err(e) => return Err(e.into()),
        };
        if let AgainstSnapshot::Compared {
            snapshot,
            comparison,
            ..
        } = &mut against
        {
            super::mark_material(
                config,
                comparison,
                &Versions::new(&snapshot.document, &doc),
                None,
            );
        }
        let ignores = config.settings.ignores_for(&config.root, &doc.source.path);
        let mut built_in = snapshot_findings(&doc, &against, config, self.workspace);
        if let (AgainstSnapshot::Missing(entry), Some(missing)) = (&against, built_in.first_mut())
            && let Some((policy, snapshot)) = self.renamed_from(&doc)?
        {
            missing.help = Some(format!(
                "it reads like {}, which is gone: if it was renamed, move the snapshot with it \
                 (`git mv {} {}`), and check shows what changed",
                policy.display(),
                shell_path(snapshot),
                shell_path(&entry.snapshot),
            ));
        }
        findings.extend(built_in.into_iter().filter(|f| !ignores(&f.rule)));
        let (entry, comparison) = match against {
            AgainstSnapshot::Missing(entry) => (entry, None),
            AgainstSnapshot::Compared {
                entry, comparison, ..
            } => (entry, Some(*comparison)),
        };
        let file = CheckedFile {
            doc,
            findings,
            comparison,
            snapshot: shown(&entry.snapshot),
            gone: false,
        };
        Ok((file, Some(entry)))
    }

    /// `--update`: a pending snapshot for a policy that is new or changed.
    fn write_pending(&self, file: &CheckedFile, entry: Option<&Entry>) -> Result<()> {
        let Some(entry) = entry else { return Ok(()) };
        let changed = file
            .comparison
            .as_ref()
            .is_none_or(|c| !c.changes.is_empty());
        if changed {
            let text = body(&parts_of(&file.doc));
            // Changes a review rejected stay rejected: written again, the file would ask of
            // them anew. (A pending file that cannot be read is replaced whole.)
            let rejected = match self.store.load(&entry.pending) {
                Ok(Some(pending)) => pending.header.rejected,
                _ => Vec::new(),
            };
            self.store.write(
                &entry.pending,
                &render_pending(
                    &entry.source,
                    file.doc.format,
                    Some(&source_hash(&file.doc)),
                    &text,
                    &rejected,
                ),
            )?;
            eprintln!(
                "wrote {} for `{}`",
                shown(&entry.pending),
                self.workspace.review_command()
            );
        } else if self.store.remove(&entry.pending)? {
            // The edit it held was undone: nothing is left to review.
            eprintln!(
                "removed {}: the policy matches its snapshot again",
                shown(&entry.pending)
            );
        }
        Ok(())
    }
}

/// `--format json-lines`: each file's line is written as soon as it and the files before it are
/// checked, and then dropped, so memory follows the largest file, not their number. A file that
/// cannot be read is a line with its error; the rest are still checked, and the run fails (exit
/// code 2) at the end.
fn stream_json_lines(
    run: &Run,
    files: &[PathBuf],
    refused: Vec<Unchecked>,
    jobs: usize,
) -> Result<Outcome> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut written: Result<()> = Ok(());
    for path in &refused {
        written =
            written.and_then(|()| json_line(&mut out, &FileErrorJson::of(&path.path, &path.error)));
    }
    let (mut failed, mut unwritten, mut errors) = (0, 0, false);
    threads::for_each_in_order(
        files,
        jobs,
        |path| run.check_file(path),
        |path, result| {
            if written.is_err() {
                return;
            }
            let checked = match &result {
                Ok((file, entry)) => {
                    errors |= file.findings.iter().any(|f| f.severity == Severity::Error);
                    // A pending file not written is said; the file's line is written all the
                    // same, and the run fails at its end.
                    if run.write_pending
                        && let Err(e) = run.write_pending(file, entry.as_ref())
                    {
                        said(&e);
                        unwritten += 1;
                    }
                    Ok(file)
                }
                Err(e) => Err(said(e)),
            };
            written = match checked {
                Ok(file) => json_line(&mut out, &FileJson::of(file)),
                Err(error) => {
                    failed += 1;
                    json_line(&mut out, &FileErrorJson::of(path, &error))
                }
            };
        },
    );
    written?;
    out.flush()?;
    let mut why = Vec::new();
    if failed > 0 || !refused.is_empty() {
        let folders = refused.iter().filter(|u| u.folder).count();
        let refused_files = refused.len() - folders;
        why.push(not_checked(
            failed + refused_files,
            Some(files.len() + refused_files),
            folders,
        ));
    }
    if unwritten > 0 {
        why.push(not_written(unwritten));
    }
    if !why.is_empty() {
        return Ok(Outcome::Incomplete(why.join("; ")));
    }
    Ok(if errors {
        Outcome::Found
    } else {
        Outcome::Clean
    })
}

/// What a run says of the pending files it could not write.
fn not_written(count: usize) -> String {
    format!(
        "{} could not be written",
        report::counted(count, "pending snapshot")
    )
}

/// Writes `value` as one line of JSON.
fn json_line(out: &mut impl Write, value: &impl serde::Serialize) -> Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    Ok(out.write_all(b"\n")?)
}

/// The policies `--files-from` lists, taken as a folder is searched (`git ls-files -z` lists
/// every file): by their extension; the approved snapshots it lists, whose policies may be
/// gone (a deletion staged in git leaves the snapshot listed, not the policy); and the folders
/// it lists, to be searched.
pub(super) fn listed_policies(list: &Path) -> Result<Vec<PathBuf>> {
    Ok((listed_files(list)?.into_iter())
        .filter(|p| is_policy_file(p) || is_approved_snapshot(p) || p.is_dir())
        .collect())
}

/// The paths listed in `list` (`-`: standard input), one a line, white space around each
/// dropped (a CR, an indent); blank lines are skipped.
fn listed_files(list: &Path) -> Result<Vec<PathBuf>> {
    let text = if list == Path::new("-") {
        std::io::read_to_string(std::io::stdin())
            .context("standard input: cannot read the file list")?
    } else {
        std::fs::read_to_string(list)
            .with_context(|| format!("{}: cannot read the file list", list.display()))?
    };
    // One path a line, or NUL-separated as `git ls-files -z` and `find -print0` write them
    // (for names with line breaks; such a name is taken as it is, not trimmed).
    let paths: Vec<PathBuf> = if text.contains('\0') {
        (text.split('\0').filter(|p| !p.is_empty()))
            .map(PathBuf::from)
            .collect()
    } else {
        (text.lines().map(str::trim).filter(|l| !l.is_empty()))
            .map(|line| git_unquoted(line).unwrap_or_else(|| PathBuf::from(line)))
            .collect()
    };
    Ok(paths)
}

/// A path as git writes one with unusual characters in a list (`git diff --name-only`, `git
/// ls-files` without `-z`): in double quotes, with C escapes and the bytes of non-ASCII
/// characters in octal (`"privacy/datenschutzerkl\303\244rung.md"`). None if `line` is not
/// so quoted.
fn git_unquoted(line: &str) -> Option<PathBuf> {
    let inner = line.strip_prefix('"')?.strip_suffix('"')?;
    let mut bytes = Vec::with_capacity(inner.len());
    let mut rest = inner.as_bytes();
    while let Some((&b, after)) = rest.split_first() {
        rest = after;
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        let (&e, after) = rest.split_first()?;
        rest = after;
        bytes.push(match e {
            b'a' => 0x07,
            b'b' => 0x08,
            b't' => b'\t',
            b'n' => b'\n',
            b'v' => 0x0b,
            b'f' => 0x0c,
            b'r' => b'\r',
            b'"' | b'\\' => e,
            b'0'..=b'3' => {
                let digits = rest.get(..2)?;
                rest = &rest[2..];
                (digits.iter()).try_fold(u32::from(e - b'0'), |n, d| match d {
                    b'0'..=b'7' => Some(n * 8 + u32::from(d - b'0')),
                    _ => None,
                })? as u8
            }
            _ => return None,
        });
    }
    path_from_bytes(bytes)
}

/// A file name from its bytes: any bytes on Unix; elsewhere, only UTF-8 names.
#[cfg(unix)]
fn path_from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    String::from_utf8(bytes).ok().map(PathBuf::from)
}

/// The built-in findings of a comparison with the snapshot: `snapshot-missing` for a policy
/// never accepted, `snapshot-changed` for each change not accepted (pointing at it in the new
/// text, or at its section when the change removed text), and a finding of its `change` rule
/// for each material change, pointing at the same place.
fn snapshot_findings(
    doc: &Document,
    against: &AgainstSnapshot,
    config: &Config,
    workspace: &Workspace,
) -> Vec<Finding> {
    let severities = &config.settings.severity;
    // Made once, for a finding only: most policies checked have none.
    let command = std::cell::OnceCell::new();
    let accept = || {
        command
            .get_or_init(|| workspace.accept_command(&doc.source.path))
            .as_str()
    };
    match against {
        AgainstSnapshot::Missing(_) => vec![Finding::at(
            doc,
            "snapshot-missing",
            severities.snapshot_missing,
            match workspace.missing_folder() {
                Some(folder) => format!(
                    "no approved snapshot, and no snapshot folder {folder} (none accepted yet, or \
                     not checked out); accept it with `{}`",
                    accept()
                ),
                None => format!("no approved snapshot; accept it with `{}`", accept()),
            },
            0..0,
        )],
        AgainstSnapshot::Compared {
            comparison,
            snapshot,
            ..
        } => {
            let old = &OldVersion::of(&snapshot.document, &comparison.changes);
            let renumbered = comparison.changes.iter().filter(|c| c.renumbered()).count();
            let mut renumbered_seen = false;
            let mut out = Vec::new();
            for (index, c) in comparison.changes.iter().enumerate() {
                // Headings only renumbered are one finding, at the first: the numbers a
                // section inserted moved on, checked at a glance in one block.
                let what = match c.renumbered() {
                    true if std::mem::replace(&mut renumbered_seen, true) => continue,
                    true if renumbered > 1 => {
                        format!("renumbered in {} and {} more", title(c), renumbered - 1)
                    }
                    true => format!("renumbered in {}", title(c)),
                    false => format!("{} in {}", c.kind.name(), title(c)),
                };
                let mut f = change_finding(
                    doc,
                    c,
                    index,
                    ("snapshot-changed", severities.snapshot_changed),
                    format!("{what}: not accepted into the snapshot"),
                    change_span(doc, old, c),
                );
                f.help = Some(format!(
                    "if the change is intended, accept it: `{}`",
                    accept()
                ));
                out.push(f);
                for m in &c.material {
                    let rule = config.rules.iter().find(|r| {
                        matches!(r.check, Check::Change { detector } if detector.name() == m.kind)
                    });
                    if let Some(rule) = rule {
                        // A mark about the whole text is not about this change's section.
                        let message = match m.is_about_the_whole_text() {
                            true => format!("{}: {}", rule.message, m.message),
                            false => format!("{} in {}: {}", rule.message, title(c), m.message),
                        };
                        let (span, label) = material_span(doc, old, c, m);
                        let mut f =
                            change_finding(doc, c, index, (&rule.id, rule.severity), message, span);
                        if let Some(label) = label {
                            f.label = label.to_string();
                        }
                        // Nor is its diff: an annotation of the date line shows none.
                        if m.is_about_the_whole_text() {
                            (f.section, f.item, f.change) = (None, None, None);
                            f.label = "as in the approved snapshot".to_string();
                        }
                        f.help.clone_from(&rule.help);
                        f.url.clone_from(&rule.url);
                        out.push(f);
                    }
                }
            }
            out
        }
    }
}

/// A finding of `rule` about change `index` of a comparison, pointing at `span` in the new text.
fn change_finding(
    doc: &Document,
    c: &Change,
    index: usize,
    (rule, severity): (&str, Severity),
    message: String,
    span: Span,
) -> Finding {
    let mut f = Finding::at(doc, rule, severity, message, span);
    f.section = Some(c.section.clone());
    f.item.clone_from(&c.item);
    f.change = Some(index);
    f.label = match (c.kind, c.target) {
        (ChangeKind::Removed, Target::Section) => "where the removed section stood",
        _ => "changed since the approved snapshot",
    }
    .to_string();
    f
}

/// Where a change stands in the new text: its first changed words (the point where words
/// were deleted), else its item's label or its section's heading, else the heading of the
/// section it was removed from; a section removed, where it stood (see [`where_removed`]).
/// `old`: the version compared with.
fn change_span(doc: &Document, old: &OldVersion, c: &Change) -> Span {
    if let Some(place) = &c.new
        && let Some(section) = doc.sections.get(place.section)
    {
        let item = place.item.and_then(|i| section.items.get(i));
        if let Some(words) = place.words
            && let Some(span) = words_span(section, item, words, &doc.source.text)
        {
            return span;
        }
        // A change of a link's target alone: the words of its first changed link.
        let within = item.map_or(&section.span, |i| &i.span);
        let link = (c.links.iter().find_map(|l| l.new.as_ref())).and_then(|target| {
            (doc.links.iter()).find(|l| {
                &l.target == target && within.start <= l.span.start && l.span.end <= within.end
            })
        });
        if place.words.is_none()
            && let Some(link) = link
        {
            return link.span.clone();
        }
        return match item {
            Some(item) => item.label_span.clone(),
            None if section.heading.is_empty() => section.span.start..section.span.start,
            None => section.heading_span.clone(),
        };
    }
    // (A section removed is not one of the same heading elsewhere: "Overview" of another
    // product.)
    let removed_section = c.kind == ChangeKind::Removed && c.target == Target::Section;
    (doc.sections.iter())
        .find(|s| !removed_section && s.heading == c.section)
        .map(|s| s.heading_span.clone())
        .or_else(|| where_removed(doc, old, c.old.as_ref()?.section))
        .unwrap_or(0..0)
}

/// The version a policy was compared with (its snapshot), and which of its sections the
/// comparison removed.
struct OldVersion<'d> {
    doc: &'d Document,
    removed: Vec<usize>,
}

impl<'d> OldVersion<'d> {
    fn of(doc: &'d Document, changes: &[Change]) -> OldVersion<'d> {
        let removed = (changes.iter())
            .filter(|c| c.kind == ChangeKind::Removed && c.target == Target::Section)
            .filter_map(|c| Some(c.old.as_ref()?.section))
            .collect();
        OldVersion { doc, removed }
    }
}

/// Where section `removed` of `old` stood in `doc`: at the heading of the first section after
/// it that `doc` still has, else at the end of the last one before it. (A line-1 annotation
/// sits outside the lines a pull request shows.) A heading said more than once is the one of
/// the same rank among those kept: the second "Overview" kept is the second in `doc`.
fn where_removed(doc: &Document, old: &OldVersion, removed: usize) -> Option<Span> {
    let sections = &old.doc.sections;
    let kept = |i: usize| {
        let heading = &sections[i].heading;
        if heading.is_empty() || old.removed.contains(&i) {
            return None;
        }
        let rank = (0..i)
            .filter(|&k| sections[k].heading == *heading && !old.removed.contains(&k))
            .count();
        (doc.sections.iter())
            .filter(|n| n.heading == *heading)
            .nth(rank)
    };
    match (removed + 1..sections.len()).find_map(kept) {
        Some(next) => Some(next.heading_span.clone()),
        None => {
            let before = (0..removed.min(sections.len())).rev().find_map(kept)?;
            Some(before.span.end..before.span.end)
        }
    }
}

/// Where material mark `m` of change `c` stands in the new text: the sentence it names there
/// (looked for in the change's section or item first, then in the whole text: a date
/// statement stands apart from the edit); for a sentence removed whole, the sentence left
/// before the gap (and a label that says so); else where the change stands.
fn material_span(
    doc: &Document,
    old: &OldVersion,
    c: &Change,
    m: &Material,
) -> (Span, Option<&'static str>) {
    let unit = (c.new.as_ref()).and_then(|place| {
        let section = doc.sections.get(place.section)?;
        Some(match place.item.and_then(|i| section.items.get(i)) {
            Some(item) => item.sentences.iter().collect::<Vec<_>>(),
            None => section.intro.iter().collect(),
        })
    });
    let Some(said) = m.new.as_deref().filter(|s| !s.is_empty()) else {
        return (m.old.as_deref().zip(unit.as_deref()))
            .and_then(|(removed, unit)| before_removed(c, removed, unit))
            .map_or_else(
                || (change_span(doc, old, c), None),
                |span| (span, Some("the sentence after this one was removed")),
            );
    };
    let holding = |sentences: &[&Sentence]| {
        (sentences.iter())
            .find(|s| s.text.contains(said))
            .map(|s| s.span.clone())
    };
    // Only a mark about the whole text names a sentence outside the change (a date statement
    // apart from the edit): another sentence of the same words elsewhere is not the one changed.
    let found = match m.is_about_the_whole_text() {
        false => unit.as_deref().and_then(holding),
        true => {
            let everywhere: Vec<&Sentence> = (doc.sections.iter())
                .flat_map(|s| {
                    s.intro
                        .iter()
                        .chain(s.items.iter().flat_map(|i| &i.sentences))
                })
                .collect();
            holding(&everywhere).or_else(|| {
                (doc.sections.iter())
                    .find(|s| s.heading.contains(said))
                    .map(|s| s.heading_span.clone())
            })
        }
    };
    found.map_or_else(|| (change_span(doc, old, c), None), |span| (span, None))
}

/// The sentence of `unit` (the change's sentences in the new text) that stands right before
/// where sentence `removed` was deleted: the last one whose words come before that deletion.
fn before_removed(c: &Change, removed: &str, unit: &[&Sentence]) -> Option<Span> {
    // Its opening words, or, where the word diff kept its first word with the text before it
    // ("We" of "We do …" matched to the next sentence's), the words after that one.
    let deleted_with = |opening: String| {
        (c.words.iter()).position(|w| w.op == Op::Delete && w.text.contains(&opening))
    };
    let deleted = deleted_with(removed.chars().take(40).collect()).or_else(|| {
        let (_, rest) = removed.split_once(' ')?;
        deleted_with(rest.chars().take(40).collect())
    })?;
    let before: String = (c.words[..deleted].iter())
        .filter(|w| w.op != Op::Delete)
        .map(|w| w.text.as_str())
        .collect();
    // The unit's sentences in order, each looked for past the one before it: the last found
    // stands before the gap (a sentence repeated after it, "Learn more.", is not found again).
    let mut at = 0;
    let mut last = None;
    for s in unit {
        let text = s.text.trim_end_matches(['.', '!', '?', ':', ';']);
        if let Some(i) = before.get(at..).and_then(|rest| rest.find(text)) {
            at += i + text.len();
            last = Some(s.span.clone());
        }
    }
    last
}

/// The bytes of the file that hold `words` of a piece of `section` (its heading, its intro)
/// or of `item` (its label, its sentences).
fn words_span(section: &Section, item: Option<&Item>, words: Spot, file: &str) -> Option<Span> {
    // A preamble's empty heading starts where its first sentence does.
    let heading =
        (!section.heading.is_empty()).then_some((&section.heading, &section.heading_span));
    let pieces: Vec<(&String, &Span)> = match item {
        Some(item) => std::iter::once((&item.label, &item.label_span))
            .chain(item.sentences.iter().map(|s| (&s.text, &s.span)))
            .collect(),
        None => heading
            .into_iter()
            .chain(section.intro.iter().map(|s| (&s.text, &s.span)))
            .collect(),
    };
    let (text, span) = pieces
        .into_iter()
        .find(|(_, span)| span.start == words.piece)?;
    let found = locate::original_range(text, file.get(span.clone())?, words.start..words.end)?;
    Some(span.start + found.start..span.start + found.end)
}

pub fn rules(config: &Config, args: &RulesArgs) -> Result<Outcome> {
    let text = match args.format {
        OutlineFormat::Human => report::rules::human(config),
        OutlineFormat::Json => {
            let mut s = serde_json::to_string_pretty(&report::rules::json(config))?;
            s.push('\n');
            s
        }
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

/// `COLUMNS` when the shell exports it, else a width that fits a review pane.
pub(super) fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(DEFAULT_WIDTH)
}

/// The files named, and the policy files under the folders named (see [`walk`]). A folder
/// without one is an error: a mistyped folder in a CI job
/// must not pass as "0 files checked".
pub(super) fn policy_files(paths: &[PathBuf], snapshots: &Path) -> Result<Vec<PathBuf>> {
    let (files, empty) = files_and_refused(paths, snapshots)?;
    match empty.into_iter().next() {
        Some(folder) => Err(anyhow::anyhow!(folder.error)),
        None => Ok(files),
    }
}

/// The policy an approved snapshot stands for (see [`approved_by`]).
enum Approved {
    /// The policy, as typed.
    Policy(PathBuf),
    /// The policy is gone: its path as typed, and the snapshot's file.
    Gone { policy: PathBuf, snapshot: PathBuf },
}

/// The policy `path` approves, if it is an approved snapshot in the store's folder.
fn approved_by(store: &Store, in_snapshots: &InFolder, path: &Path) -> Option<Approved> {
    if !is_approved_snapshot(path) || !in_snapshots.holds(path) {
        return None;
    }
    let snapshot = resolved(path).filter(|file| file.is_file())?;
    let source = store.source_of(&snapshot)?;
    Some(match gone_policy(store, &snapshot) {
        Some(policy) => Approved::Gone {
            policy: as_typed(&policy),
            snapshot,
        },
        None => Approved::Policy(as_typed(&store.root().join(source))),
    })
}

/// [`policy_files`], with each folder that holds no policy, and each file named in the snapshot
/// folder, as a path that cannot be checked: `check` reports it with the others and checks
/// them still.
fn files_and_refused(
    paths: &[PathBuf],
    snapshots: &Path,
) -> Result<(Vec<PathBuf>, Vec<Unchecked>)> {
    let (mut files, mut empty) = (Vec::new(), Vec::new());
    let in_snapshots = InFolder::new(snapshots);
    for path in paths {
        if in_snapshots.holds(path) {
            // Checked as a policy, its finding's command would accept a snapshot of it.
            empty.push(Unchecked {
                path: path.clone(),
                error: format!(
                    "{}: is in the snapshot folder, not a policy: name the policy it approves",
                    path.display()
                ),
                folder: false,
            });
        } else if path.is_dir() {
            let before = files.len();
            walk(path, snapshots, &mut files)?;
            if files.len() == before {
                let error = format!(
                    "{}: no policy in this folder (files ending in .{}, not hidden or ignored by git)",
                    path.display(),
                    POLICY_EXTENSIONS.join(", .")
                );
                empty.push(Unchecked {
                    path: path.clone(),
                    error,
                    folder: true,
                });
            }
        } else {
            // A missing file is reported when it is opened, with its name.
            files.push(path.clone());
        }
    }
    Ok((files, empty))
}

/// `files` without a file named twice ("a.txt ./a.txt", "a.txt" and its absolute path, or a
/// folder and a file in it), in the order first named: each is checked and reported once.
/// Compared as written, made absolute against the current folder, `.` left out (no system call
/// for each of thousands of files; one only for a path through `..`).
pub(super) fn once_each(files: Vec<PathBuf>) -> Vec<PathBuf> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    files
        .into_iter()
        .filter(|f| seen.insert(plain(&cwd, f)))
        .collect()
}

/// `path` made absolute against `cwd`, `.` left out; a path through `..` resolved as the system
/// resolves it (`p/../p/a.md`: lexically, a linked folder's `..` would be taken for another),
/// a system call for such paths only.
fn plain(cwd: &Path, path: &Path) -> PathBuf {
    let plain: PathBuf = (cwd.join(path).components())
        .filter(|c| *c != std::path::Component::CurDir)
        .collect();
    match plain
        .components()
        .any(|c| c == std::path::Component::ParentDir)
    {
        true => resolved(&plain).unwrap_or(plain),
        false => plain,
    }
}

/// The policy files under `dir`, sorted, as ripgrep and git see a project: hidden entries,
/// what `.gitignore` (in a git repository), `.ignore` and git's excludes leave out, and the
/// snapshot folder are skipped. A linked folder is not followed: it could loop back (a policy
/// checked forty times) or lead out of the project.
fn walk(dir: &Path, snapshots: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let snapshots = snapshots.canonicalize().ok();
    let walker = ignore::WalkBuilder::new(dir)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            let folder = entry.file_type().is_some_and(|t| t.is_dir());
            !folder || snapshots.is_none() || entry.path().canonicalize().ok() != snapshots
        })
        .build();
    for entry in walker {
        let entry = entry.with_context(|| format!("{}: cannot read folder", dir.display()))?;
        // A linked file is a file; a linked folder is not walked.
        let file = entry
            .file_type()
            .is_some_and(|t| t.is_file() || (t.is_symlink() && !entry.path().is_dir()));
        if file && is_policy_file(entry.path()) {
            out.push(entry.into_path());
        }
    }
    Ok(())
}

/// Whether a file's extension is a policy's, as a folder is searched for them.
fn is_policy_file(path: &Path) -> bool {
    (path.extension())
        .and_then(|e| e.to_str())
        .is_some_and(|e| POLICY_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Whether paths lie in a folder, compared as written against the current folder (no system
/// call for each of thousands of listed files, but for a path through `..`), and by the
/// folder's resolved path.
struct InFolder {
    cwd: PathBuf,
    folder: [Option<PathBuf>; 2],
}

impl InFolder {
    fn new(folder: &Path) -> InFolder {
        let cwd = std::env::current_dir().unwrap_or_default();
        let folder = [Some(cwd.join(folder)), folder.canonicalize().ok()];
        InFolder { cwd, folder }
    }

    fn holds(&self, path: &Path) -> bool {
        let at = plain(&self.cwd, path);
        (self.folder.iter().flatten()).any(|f| at.starts_with(f))
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::git_unquoted;

    #[test]
    fn paths_git_quotes_are_read_as_git_wrote_them() {
        assert_eq!(
            git_unquoted(r#""policies/datenschutzerkl\303\244rung.md""#),
            Some(PathBuf::from("policies/datenschutzerklärung.md"))
        );
        assert_eq!(
            git_unquoted(r#""a \"b\"\\c\td.md""#),
            Some(PathBuf::from("a \"b\"\\c\td.md"))
        );
        // Not quoted, or not as git quotes: the line is the path.
        assert_eq!(git_unquoted("policies/privacy.md"), None);
        assert_eq!(git_unquoted(r#""bad \q escape.md""#), None);
        assert_eq!(git_unquoted(r#""cut short \30""#), None);
        assert_eq!(git_unquoted("\""), None);
    }
}
