//! `policy-lint snapshot accept|status|review|reject` and `check` against snapshots: where the
//! project and its snapshots are, and the review prompt.

use std::collections::HashMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::args::SnapshotCommand;
use super::check::{once_each, policy_files};
use super::{Outcome, mark_material, open};
use crate::config::Config;
use crate::diff::material::Versions;
use crate::diff::{AgainstSnapshot, Change, Comparison, Target, against_snapshot, apply, compare};
use crate::outline::{Document, Source};
use crate::report::changes::{
    BEFORE_THE_FIRST_HEADING, Sides, change_in_context, moved_line, summary, title,
};
use crate::snapshot::{Entry, Snapshot, SnapshotError, Store, body, parts_of, render, source_hash};

/// The project root (the folder holding rules.toml, else the current folder) and where its
/// snapshots live.
pub struct Workspace {
    root: PathBuf,
    snapshots: PathBuf,
    /// The snapshot folder was given with `--snapshots`.
    chosen: bool,
    /// `--config`, `--snapshots` and `--max-file-size` as given: a command suggested to the
    /// user repeats them.
    flags: Vec<String>,
}

impl Workspace {
    /// The project root is the folder of the rules.toml the run follows, `config` (else the
    /// current folder); snapshots live in `--snapshots`, else `snapshots` of `[settings]` under
    /// the root. `given`: the `--config` given, for the commands suggested.
    pub fn new(
        (given, config): (Option<&Path>, Option<&Path>),
        snapshots: Option<&Path>,
        max_file_size: Option<u64>,
        configured: &Path,
    ) -> Result<Workspace> {
        let cwd = std::env::current_dir().context("cannot read the current folder")?;
        // A rules.toml found from the policies' folders, not from the current one, is named
        // in the commands suggested: run from here, they would not find it.
        let found_apart = (config)
            .filter(|c| given.is_none() && Config::discover(&cwd).as_deref() != Some(*c))
            .map(as_typed);
        let given = given.or(found_apart.as_deref());
        let flags = [("--config", given), ("--snapshots", snapshots)]
            .into_iter()
            .filter_map(|(flag, path)| {
                path.map(|p| format!("{flag} {}", shell_word(&p.display().to_string())))
            })
            .chain(max_file_size.map(|n| format!("--max-file-size {n}")))
            .collect();
        let root = config
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(cwd);
        let chosen = snapshots.is_some();
        let snapshots = snapshots.map_or_else(|| root.join(configured), Path::to_path_buf);
        Ok(Workspace {
            root,
            snapshots,
            chosen,
            flags,
        })
    }

    /// The command that accepts the policy at `path` as this run read it, to paste into a
    /// shell (see [`Workspace::snapshot_command`]).
    pub fn accept_command(&self, path: &Path) -> String {
        self.snapshot_command("accept", path)
    }

    /// `policy-lint snapshot VERB PATH` to paste into a shell: with the `--config`,
    /// `--snapshots` and `--max-file-size` the run was given, the path quoted where a shell
    /// would split or expand it (and led by `./` where it would read as a flag).
    pub fn snapshot_command(&self, verb: &str, path: &Path) -> String {
        self.command(&format!("snapshot {verb}"), path)
    }

    /// `policy-lint COMMAND PATH` to paste into a shell, as [`Workspace::snapshot_command`].
    pub fn command(&self, command: &str, path: &Path) -> String {
        format!("{} {command} {}", self.program(), shell_path(path))
    }

    /// `policy-lint snapshot review` to paste into a shell, with the flags the run was given.
    pub fn review_command(&self) -> String {
        format!("{} snapshot review", self.program())
    }

    /// `policy-lint` with the flags the run was given.
    fn program(&self) -> String {
        let flags: String = self.flags.iter().map(|f| format!(" {f}")).collect();
        format!("policy-lint{flags}")
    }

    /// An error if the folder was chosen with --snapshots and does not exist: a mistyped
    /// folder must not read as "no snapshots" (for `check`, every policy "never accepted", a
    /// warning CI lets pass).
    pub fn chosen_folder_exists(&self) -> Result<()> {
        if self.chosen && !self.snapshots.exists() {
            bail!(
                "{}: no such snapshot folder (given with --snapshots)",
                self.snapshots.display()
            );
        }
        Ok(())
    }

    /// The snapshot folder as shown, if it does not exist: nothing accepted yet, or a checkout
    /// or a working folder without it, which a finding of a policy never accepted names.
    pub fn missing_folder(&self) -> Option<String> {
        (!self.snapshots.exists()).then(|| format!("{}/", shown(&self.snapshots)))
    }

    /// The damaged snapshot of the policy at `path` (`error`, which says what repairs it), with
    /// the command that accepts the policy as it now reads.
    pub fn damaged(&self, error: &SnapshotError, path: &Path) -> anyhow::Error {
        anyhow::anyhow!("{error}: `{}`", self.accept_command(path))
    }

    pub fn store(&self) -> Result<Store> {
        Ok(Store::new(&self.root, &self.snapshots)?)
    }
}

/// `path` as [`shown`], to paste into a shell command: quoted where a shell would split or
/// expand it, and led by `./` where it would read as a flag.
pub fn shell_path(path: &Path) -> String {
    let path = shown(path);
    let path = match path.starts_with('-') {
        true => format!("./{path}"),
        false => path,
    };
    shell_word(&path)
}

/// `word` as a POSIX shell reads it as one word: as it is if it holds nothing a shell treats
/// specially, else in single quotes (a quote inside written `'\''`).
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "@%+=:,./_-".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// A path as a person would type it: relative to the current folder when inside it.
pub fn shown(path: &Path) -> String {
    as_typed(path).display().to_string()
}

/// `path` relative to the current folder when inside it, else as it is.
pub fn as_typed(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|c| c.canonicalize().ok());
    match cwd.and_then(|c| path.strip_prefix(c).ok().map(Path::to_path_buf)) {
        // The current folder itself.
        Some(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Some(rel) => rel,
        None => path.to_path_buf(),
    }
}

/// The policies gone from `paths` (from the folders among them, or named themselves) whose
/// snapshots remain, as typed, with their snapshots. The snapshots are listed only if a path is
/// a folder or names nothing: a hook names existing files.
pub(super) fn gone_under(paths: &[PathBuf], store: &Store) -> Result<HashMap<PathBuf, PathBuf>> {
    let within: Vec<PathBuf> = (paths.iter())
        .filter(|p| std::fs::metadata(p).map_or(true, |m| m.is_dir()))
        .filter_map(|p| resolved(p))
        .collect();
    if within.is_empty() {
        return Ok(HashMap::new());
    }
    gone_where(store, |at| within.iter().any(|w| at.starts_with(w)))
}

/// Every policy gone whose snapshot remains, as typed, with its snapshot.
pub(super) fn all_gone(store: &Store) -> Result<HashMap<PathBuf, PathBuf>> {
    gone_where(store, |_| true)
}

/// The policies gone whose path (as the file system names it) `wanted` takes.
fn gone_where(store: &Store, wanted: impl Fn(&Path) -> bool) -> Result<HashMap<PathBuf, PathBuf>> {
    let gone = (store.snapshots()?.into_iter())
        .filter_map(|file| Some((gone_policy(store, &file).filter(|at| wanted(at))?, file)));
    Ok(gone.map(|(at, file)| (as_typed(&at), file)).collect())
}

/// The policy of snapshot `file`, as the file system names it, if it is gone.
pub(super) fn gone_policy(store: &Store, file: &Path) -> Option<PathBuf> {
    let at = store.root().join(store.source_of(file)?);
    std::fs::symlink_metadata(&at).is_err().then_some(at)
}

/// Whether `path` (resolved) is the path of a policy in `gone`, or a folder gone with policies
/// in `gone` (those policies, said gone, not a folder that cannot be read).
pub(super) fn named_gone(gone: &HashMap<PathBuf, PathBuf>, path: &Path) -> bool {
    let folder_gone = || std::fs::symlink_metadata(path).is_err();
    (gone.keys().filter_map(|g| resolved(g)))
        .any(|g| g == path || (g.starts_with(path) && folder_gone()))
}

/// `path` with its folder resolved as the system resolves it (the file itself may be gone).
/// A policy gone with its folder (`git rm` of the folder's last file) is the deepest folder
/// that is left, resolved, and the rest as written.
pub(super) fn resolved(path: &Path) -> Option<PathBuf> {
    let mut rest = Vec::new();
    let mut at = path;
    loop {
        if let Ok(found) = at.canonicalize() {
            return Some(rest.into_iter().rev().fold(found, |p, name| p.join(name)));
        }
        // (`..` or a root: nothing to name from.)
        rest.push(at.file_name()?);
        at = match at.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
    }
}

/// Paths as a repository's CI expects them: relative to the root of the git repository that
/// holds the file (GitHub's annotations and code scanning place files by their path in the
/// repository), so that a job run from a subfolder, from above a checkout, or with policies
/// listed in a rules.toml above it, still points at the right file. Outside a repository,
/// paths stay as they are.
#[derive(Default)]
pub struct RepositoryPaths {
    /// Each folder's repository root, once found; both as the system resolves them.
    roots: HashMap<PathBuf, Option<PathBuf>>,
}

impl RepositoryPaths {
    pub fn of(&mut self, path: &Path) -> PathBuf {
        let folder = match path.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => folder,
            _ => Path::new("."),
        };
        // Its folder resolves, symlinks and `..` as the system has them (a file that could not
        // be read, in a folder that does not exist, keeps the path as typed).
        let (Some(name), Ok(folder)) = (path.file_name(), folder.canonicalize()) else {
            return path.to_path_buf();
        };
        let root = self.roots.entry(folder.clone()).or_insert_with(|| {
            // `.git` is a folder in a clone, a file in a worktree or submodule.
            (folder.ancestors())
                .find(|dir| dir.join(".git").exists())
                .map(Path::to_path_buf)
        });
        match root
            .as_ref()
            .and_then(|root| folder.strip_prefix(root).ok())
        {
            Some(inside) => inside.join(name),
            None => path.to_path_buf(),
        }
    }
}

fn color() -> bool {
    colored::control::SHOULD_COLORIZE.should_colorize()
}

pub fn run(config: &Config, workspace: &Workspace, command: SnapshotCommand) -> Result<Outcome> {
    let store = workspace.store()?;
    // Accepting makes the folder; the other commands read it.
    if !matches!(command, SnapshotCommand::Accept { .. }) {
        workspace.chosen_folder_exists()?;
    }
    match command {
        SnapshotCommand::Accept { paths } => accept(config, &store, &paths),
        SnapshotCommand::Status { paths } => status(config, workspace, &store, &paths),
        SnapshotCommand::Review { accept_all, accept } => {
            let mode = if accept_all {
                Mode::AcceptAll
            } else if !accept.is_empty() {
                Mode::Sections(accept)
            } else if std::io::stdin().is_terminal() {
                Mode::Ask
            } else {
                bail!(
                    "snapshot review asks on the terminal, and standard input is not one; \
                     use --accept-all or --accept SECTION"
                );
            };
            let stdin = std::io::stdin();
            review(
                config,
                workspace,
                &mode,
                &mut stdin.lock(),
                &mut std::io::stdout(),
            )
        }
        SnapshotCommand::Reject { paths } => reject(&store, &paths),
    }
}

/// Accepts each policy named (or under a folder named). Every one is read and placed first: a
/// file that cannot be stops the run before any snapshot is written.
fn accept(config: &Config, store: &Store, paths: &[PathBuf]) -> Result<Outcome> {
    let files = once_each(policy_files(paths, store.dir())?);
    let opened = (files.iter())
        .map(|path| {
            let (doc, entry) = (open(path, config)?, store.locate(path)?);
            // A damaged snapshot is what accepting repairs, so it does not stop the run.
            let existing = match store.load(&entry.snapshot) {
                Ok(s) => s,
                Err(SnapshotError::Invalid { .. }) => None,
                Err(e) => return Err(e.into()),
            };
            Ok((path, doc, entry, existing))
        })
        .collect::<Result<Vec<_>>>()
        .context("no snapshot was written")?;
    let mut out = std::io::stdout().lock();
    for (path, doc, entry, existing) in opened {
        let text = body(&parts_of(&doc));
        let state = match existing {
            // Kept byte for byte, whichever version of policy-lint wrote it, where it names the
            // text accepted (a text re-wrapped has its hash written, nothing else).
            Some(s)
                if s.body == text
                    && s.header.source == entry.source
                    && s.header.format == doc.format
                    && s.made_from(&doc) =>
            {
                "unchanged"
            }
            Some(_) => "updated",
            None => "new",
        };
        if state != "unchanged" {
            let source_hash = source_hash(&doc);
            let file = render(&entry.source, doc.format, Some(&source_hash), &text);
            store.write(&entry.snapshot, &file)?;
        }
        store.remove(&entry.pending)?;
        writeln!(
            out,
            "accepted {} ({state}): {}",
            path.display(),
            shown(&entry.snapshot)
        )?;
    }
    Ok(Outcome::Clean)
}

fn status(
    config: &Config,
    workspace: &Workspace,
    store: &Store,
    paths: &[PathBuf],
) -> Result<Outcome> {
    let pending = Pending { workspace, store };
    let mut lines: Vec<(String, String)> = Vec::new();
    // Policies named as `check` names them: from the current folder.
    let typed = |source: &str| as_typed(&store.root().join(source)).display().to_string();
    if paths.is_empty() {
        for file in store.snapshots()? {
            let mut doc = None;
            let state = match store.load(&file) {
                Err(e) => format!("damaged: {e}"),
                Ok(None) => continue,
                Ok(Some(snap)) => {
                    // Its policy is the one its name says, as to `check`.
                    let source =
                        (store.source_of(&file)).unwrap_or_else(|| snap.header.source.clone());
                    let policy = store.root().join(source);
                    if policy.is_file() {
                        let read = open(&policy, config)?;
                        let snap = snap.read_as(&read);
                        let state = state_of(&compare(&snap.document, &read, &config.diff));
                        doc = Some(read);
                        state
                    } else {
                        "orphaned (its policy is gone)".to_string()
                    }
                }
            };
            let Some(source) = store.source_of(&file) else {
                lines.push((shown(&file), state));
                continue;
            };
            let state = match store.entry(&source) {
                Ok(entry) => pending.said(state, &entry, doc.as_ref()),
                Err(_) => state,
            };
            lines.push((typed(&source), state));
        }
        // A new policy's: said damaged as a snapshot's pending file is.
        for file in store.pending()? {
            let Some(source) = store.source_of(&file) else {
                continue;
            };
            let shown_source = typed(&source);
            if !lines.iter().any(|(s, _)| *s == shown_source) {
                let state = match (store.load(&file), store.entry(&source)) {
                    (Err(_), Ok(entry)) => pending.said("new".to_string(), &entry, None),
                    _ => "new (pending review)".to_string(),
                };
                lines.push((shown_source, state));
            }
        }
    } else {
        let gone = gone_under(paths, store)?;
        let paths: Vec<PathBuf> = (paths.iter())
            .filter(|p| !resolved(p).is_some_and(|p| named_gone(&gone, &p)))
            .cloned()
            .collect();
        let mut gone: Vec<String> = (gone.keys()).map(|p| p.display().to_string()).collect();
        gone.sort();
        lines.extend(
            gone.into_iter()
                .map(|p| (p, "orphaned (its policy is gone)".to_string())),
        );
        for path in once_each(policy_files(&paths, store.dir())?) {
            let doc = open(&path, config)?;
            let state = match against_snapshot(&doc, store, &config.diff) {
                Ok(AgainstSnapshot::Missing(entry)) => {
                    pending.said("new".to_string(), &entry, Some(&doc))
                }
                Ok(AgainstSnapshot::Compared {
                    comparison, entry, ..
                }) => pending.said(state_of(&comparison), &entry, Some(&doc)),
                // Said beside the others' states, as without PATHs.
                Err(e @ SnapshotError::Invalid { .. }) => format!("damaged: {e}"),
                Err(e) => return Err(e.into()),
            };
            lines.push((path.display().to_string(), state));
        }
    }
    let mut out = std::io::stdout().lock();
    if lines.is_empty() {
        // Said, not left blank: a snapshot folder missing from a checkout is then seen.
        let folder = shown(store.dir());
        match store.dir().is_dir() {
            true => writeln!(out, "no snapshots in {folder}/")?,
            false => writeln!(out, "no snapshots: {folder}/ does not exist")?,
        }
        writeln!(out, "accept one with `policy-lint snapshot accept PATH`")?;
    }
    let (mut all_clean, mut damaged) = (true, 0);
    for (name, state) in &lines {
        // A pending file left over beside an unchanged policy is no change.
        all_clean &= state.starts_with("unchanged");
        damaged += usize::from(state.starts_with("damaged"));
        writeln!(out, "{state:<10} {name}")?;
    }
    // A snapshot that cannot be read is an error, as it is to `check`.
    Ok(match (damaged, all_clean) {
        (0, true) => Outcome::Clean,
        (0, false) => Outcome::Found,
        (n, _) => Outcome::Incomplete(format!(
            "{} damaged: accepting its policy again repairs it",
            match n {
                1 => "1 snapshot is".to_string(),
                n => format!("{n} snapshots are"),
            }
        )),
    })
}

/// What `status` says of a policy's pending snapshot, with the commands it suggests.
struct Pending<'w> {
    workspace: &'w Workspace,
    store: &'w Store,
}

impl Pending<'_> {
    /// `state`, and whether a pending snapshot waits beside it: for review, or left over from
    /// an edit since undone (the policy reads as its snapshot again). A pending file that
    /// cannot be read, or that no longer holds the policy as `doc` reads now, is said to be
    /// so: `review` would not take it.
    fn said(&self, state: String, entry: &Entry, doc: Option<&Document>) -> String {
        if !entry.pending.exists() {
            return state;
        }
        let shown = shown(&entry.pending);
        let policy = self.store.root().join(&entry.source);
        let command = |verb: &str| self.workspace.snapshot_command(verb, &policy);
        match self.store.load(&entry.pending) {
            Err(_) => format!(
                "{state}; {shown} is damaged (`{}` drops it)",
                command("reject")
            ),
            _ if state == "unchanged" => {
                format!(
                    "unchanged; {shown} is left over (`{}` drops it)",
                    command("reject")
                )
            }
            Ok(Some(held)) if doc.is_some_and(|d| body(&parts_of(d)) != held.body) => format!(
                "{state}; {shown} is out of date, the policy changed since \
                 (`policy-lint check --update` writes it again)"
            ),
            _ => format!("{state}; pending review"),
        }
    }
}

fn state_of(cmp: &Comparison) -> String {
    match cmp.changes.len() {
        0 => "unchanged".to_string(),
        n => format!("changed ({})", crate::report::counted(n, "change")),
    }
}

fn reject(store: &Store, paths: &[PathBuf]) -> Result<Outcome> {
    let mut out = std::io::stdout().lock();
    // Each file named, or every pending file under a folder named (its policy may be gone).
    let mut named: Vec<PathBuf> = Vec::new();
    let mut folders: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
    for path in paths {
        match path.is_dir() {
            true => folders.push((path.clone(), pending_under(store, path)?)),
            false => named.push(store.locate(path)?.pending),
        }
    }
    let mut rejected = 0;
    let everything = paths.is_empty().then(|| store.pending()).transpose()?;
    let under_folders = folders.iter().flat_map(|(_, files)| files);
    for p in everything.iter().flatten().chain(under_folders) {
        if store.remove(p)? {
            writeln!(out, "rejected {}", shown(p))?;
            rejected += 1;
        }
    }
    for p in &named {
        if store.remove(p)? {
            writeln!(out, "rejected {}", shown(p))?;
            rejected += 1;
        } else {
            // Named, and nothing to drop: say so rather than pass in silence.
            writeln!(out, "no pending {}", shown(p))?;
        }
    }
    for (folder, files) in &folders {
        if files.is_empty() {
            writeln!(out, "no pending snapshots under {}", folder.display())?;
        }
    }
    if paths.is_empty() && rejected == 0 {
        writeln!(out, "no pending snapshots")?;
    }
    Ok(Outcome::Clean)
}

/// The pending files of the policies under `folder`, whether or not the policies are still
/// there.
fn pending_under(store: &Store, folder: &Path) -> Result<Vec<PathBuf>> {
    let folder = std::fs::canonicalize(folder)
        .with_context(|| format!("{}: cannot read", folder.display()))?;
    let root = std::fs::canonicalize(store.root()).unwrap_or_else(|_| store.root().to_path_buf());
    let prefix = folder
        .strip_prefix(&root)
        .map_err(|_| anyhow::anyhow!("{}: outside the project", folder.display()))?;
    let prefix = prefix
        .to_string_lossy()
        .replace(std::path::MAIN_SEPARATOR, "/");
    let under = |source: &str| {
        prefix.is_empty()
            || source
                .strip_prefix(&prefix)
                .is_some_and(|r| r.starts_with('/'))
    };
    Ok((store.pending()?.into_iter())
        .filter(|p| store.source_of(p).is_some_and(|s| under(&s)))
        .collect())
}

/// How `snapshot review` decides.
pub enum Mode {
    Ask,
    AcceptAll,
    /// Accept changes in sections whose heading contains one of these (case-insensitive).
    Sections(Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    Accept,
    Reject,
    Skip,
}

/// Walks every pending snapshot, one change at a time. Exit 1 when changes are left pending.
pub fn review(
    config: &Config,
    workspace: &Workspace,
    mode: &Mode,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let store = &workspace.store()?;
    let pending = store.pending()?;
    if pending.is_empty() {
        writeln!(
            out,
            "no pending snapshots (`policy-lint check --update` writes them)"
        )?;
        return Ok(Outcome::Clean);
    }
    let (mut left, mut accepted, mut damaged) = (false, false, 0);
    for file in pending {
        let reviewed = review_file(config, (workspace, store), &file, mode, input, out)?;
        left |= reviewed.skipped;
        accepted |= reviewed.accepted;
        damaged += usize::from(reviewed.damaged);
        if reviewed.quit {
            break;
        }
    }
    if let Mode::Sections(wanted) = mode
        && !accepted
    {
        writeln!(
            out,
            "no pending change is in a section whose heading holds {}",
            wanted
                .iter()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(" or ")
        )?;
    }
    Ok(match (damaged, left) {
        (0, true) => Outcome::Found,
        (0, false) => Outcome::Clean,
        (n, _) => Outcome::Incomplete(format!(
            "{} could not be read",
            crate::report::counted(n, "pending snapshot")
        )),
    })
}

/// How the review of one pending file ended.
struct Reviewed {
    /// Some changes were skipped: the pending file stays.
    skipped: bool,
    /// The pending file could not be read: passed over, the others reviewed.
    damaged: bool,
    /// Some changes were accepted.
    accepted: bool,
    /// The reviewer quit: no further file is shown.
    quit: bool,
}

/// Reviews one pending file, writes the snapshot holding exactly the accepted changes, and
/// drops the pending file when nothing is left to decide.
fn review_file(
    config: &Config,
    (workspace, store): (&Workspace, &Store),
    file: &Path,
    mode: &Mode,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<Reviewed> {
    let done = Reviewed {
        skipped: false,
        damaged: false,
        accepted: false,
        quit: false,
    };
    let Some(source) = store.source_of(file) else {
        return Ok(done);
    };
    let entry = store.entry(&source)?;
    let policy = store.root().join(&source);
    let new = match store.load(file) {
        Ok(Some(new)) => new,
        Ok(None) => return Ok(done),
        Err(e @ SnapshotError::Invalid { .. }) => {
            // Not `snapshot accept`: that would approve every change unreviewed.
            writeln!(
                out,
                "skipped {}: damaged: {e}; `{}` writes it again, `{}` drops it",
                shown(file),
                workspace.command("check --update", &policy),
                workspace.snapshot_command("reject", &policy)
            )?;
            return Ok(Reviewed {
                damaged: true,
                ..done
            });
        }
        Err(e) => return Err(e.into()),
    };
    // A pending file holds the policy as `check --update` read it: once the policy has
    // changed again (or the edit was undone), accepting it would approve text the policy no
    // longer has.
    let current = std::fs::metadata(&policy)
        .is_ok()
        .then(|| open(&policy, config))
        .transpose()?;
    let old = store.load(&entry.snapshot)?;
    let undone = (current.as_ref().zip(old.as_ref()))
        .is_some_and(|(doc, old)| old.made_from(doc) || old.body == body(&parts_of(doc)));
    let current = current.map(|doc| body(&parts_of(&doc)));
    if current.as_deref() != Some(new.body.as_str()) {
        // The edit undone: nothing is left to review.
        if undone {
            store.remove(file)?;
            writeln!(
                out,
                "dropped {}: {} reads as its snapshot again",
                shown(file),
                shown(&policy)
            )?;
            return Ok(done);
        }
        match current {
            // Running `check --update` again would not replace it: the policy is gone.
            None => writeln!(
                out,
                "skipped {}: {} is gone (deleted or renamed); drop the pending file with `{}`",
                shown(file),
                shown(&policy),
                workspace.snapshot_command("reject", &policy),
            )?,
            Some(_) => writeln!(
                out,
                "skipped {}: {} changed since `policy-lint check --update` wrote it; run `{}`",
                shown(file),
                shown(&policy),
                workspace.command("check --update", &policy)
            )?,
        }
        return Ok(Reviewed {
            skipped: true,
            ..done
        });
    }
    let old_doc = old
        .as_ref()
        .map_or_else(|| empty(&entry.snapshot, &new), |s| s.document.clone());
    let mut cmp = compare(&old_doc, &new.document, &config.diff);
    // A reviewer most needs to see which changes alter meaning.
    mark_material(
        config,
        &mut cmp,
        &Versions::new(&old_doc, &new.document),
        None,
    );
    let sides = Sides {
        old: &shown(&entry.snapshot),
        new: &shown(file),
    };
    // Answers given for a folder that refuses the snapshot would be lost.
    if matches!(mode, Mode::Ask) && !cmp.changes.is_empty() {
        store.check_writable(&entry.snapshot)?;
    }
    writeln!(out, "{}", summary(&cmp, &sides))?;
    let ids: Vec<String> = cmp.changes.iter().map(Change::id).collect();
    // Rejected in an earlier review, a change stays rejected though this one quits before it.
    let mut decisions: Vec<Decision> = (ids.iter())
        .map(|id| match new.header.rejected.contains(id) {
            true => Decision::Reject,
            false => Decision::Skip,
        })
        .collect();
    let mut all_rest = false;
    let mut quit = false;
    // Headings only renumbered are shown as one block and take one answer (see
    // `change_in_context`).
    let mut renumbered: Option<Decision> = None;
    for (k, change) in cmp.changes.iter().enumerate() {
        decisions[k] = match mode {
            // Rejected in an earlier review of this file: a skip then left it waiting, with
            // the answer kept. Neither --accept-all nor a section named takes it.
            _ if new.header.rejected.contains(&ids[k]) => {
                if matches!(mode, Mode::Ask) {
                    write!(out, "\n[{}/{}] ", k + 1, cmp.changes.len())?;
                }
                let kind = change.kind.name();
                writeln!(out, "rejected earlier: {kind} {}", title(change))?;
                Decision::Reject
            }
            Mode::AcceptAll => Decision::Accept,
            Mode::Sections(wanted) => {
                // A section that moved as part of a block is in the move of the block's head.
                let moved_with = (change.after.as_ref())
                    .filter(|_| change.target == Target::Section)
                    .map_or(&[][..], |a| &a.with[..]);
                let mut headings = [&change.section]
                    .into_iter()
                    .chain(&change.old_section)
                    .chain(moved_with);
                // The text before the first heading by the name it is shown with, whole ("heading"
                // is in that name, not in its heading).
                let hit = headings.any(|h| match h.is_empty() {
                    true => wanted.iter().any(|w| {
                        let w = w.trim().trim_matches(['(', ')']).to_lowercase();
                        BEFORE_THE_FIRST_HEADING.trim_matches(['(', ')']) == w
                    }),
                    false => {
                        let h = h.to_lowercase();
                        wanted.iter().any(|w| h.contains(&w.to_lowercase()))
                    }
                });
                if hit {
                    Decision::Accept
                } else {
                    Decision::Skip
                }
            }
            Mode::Ask if all_rest => Decision::Accept,
            Mode::Ask if change.renumbered() && renumbered.is_some() => {
                renumbered.unwrap_or(Decision::Skip)
            }
            Mode::Ask => {
                let n = cmp.changes.len();
                let block = change_in_context(&cmp.changes, k, &sides, color());
                write!(out, "\n[{}/{n}] {block}", k + 1)?;
                match ask(input, out)? {
                    Some(Answer::One(d)) => {
                        if change.renumbered() {
                            renumbered = Some(d);
                        }
                        d
                    }
                    Some(Answer::AllRest) => {
                        all_rest = true;
                        Decision::Accept
                    }
                    None => {
                        // Quit: what was decided so far still counts; the rest stays pending.
                        quit = true;
                        break;
                    }
                }
            }
        };
        if !matches!(mode, Mode::Ask) && decisions[k] == Decision::Accept {
            let kind = change.kind.name();
            let moved = (change.after.as_ref())
                .map(|after| format!(", {}", moved_line(after, change.item.is_some())))
                .unwrap_or_default();
            writeln!(out, "accepted: {kind} {}{moved}", title(change))?;
        }
    }
    let accepted: Vec<bool> = decisions.iter().map(|d| *d == Decision::Accept).collect();
    // A policy that had no snapshot gets one even when it has no text to accept.
    if accepted.contains(&true) || (old.is_none() && cmp.changes.is_empty()) {
        let merged = body(&apply(&old_doc, &new.document, &cmp, &accepted));
        // The policy's text is the snapshot's only where every change was taken.
        let source_hash = (merged == new.body)
            .then_some(new.header.source_hash.as_deref())
            .flatten();
        store.write(
            &entry.snapshot,
            &render(&entry.source, new.header.format, source_hash, &merged),
        )?;
        writeln!(out, "wrote {}", shown(&entry.snapshot))?;
    }
    let skipped = decisions.contains(&Decision::Skip);
    let rejected: Vec<String> = (decisions.iter().zip(ids))
        .filter(|(d, _)| **d == Decision::Reject)
        .map(|(_, id)| id)
        .collect();
    if !skipped {
        store.remove(file)?;
    } else if rejected != new.header.rejected {
        // The file waits for the skipped changes; the rejected ones are not asked of again.
        store.write(file, &new.rejecting(&entry.source, &rejected))?;
    }
    Ok(Reviewed {
        skipped,
        damaged: false,
        accepted: accepted.contains(&true),
        quit,
    })
}

/// A document with no sections: what a policy without a snapshot is compared with.
fn empty(path: &Path, like: &Snapshot) -> Document {
    Document {
        source: Source::new(path, String::new()),
        format: like.header.format,
        sections: Vec::new(),
        links: Vec::new(),
        warnings: Vec::new(),
    }
}

enum Answer {
    One(Decision),
    AllRest,
}

/// Asks until the answer is understood; `None` is quit (or the end of input).
fn ask(input: &mut dyn BufRead, out: &mut dyn Write) -> Result<Option<Answer>> {
    loop {
        write!(
            out,
            "accept [a], reject [r], skip [s or Enter], accept all the rest [A], quit [q]? "
        )?;
        out.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        return Ok(Some(match line.trim() {
            "a" | "y" | "accept" => Answer::One(Decision::Accept),
            "r" | "n" | "reject" => Answer::One(Decision::Reject),
            "s" | "skip" | "" => Answer::One(Decision::Skip),
            "A" => Answer::AllRest,
            "q" | "quit" => return Ok(None),
            other => {
                writeln!(out, "`{other}` is not an answer")?;
                continue;
            }
        }));
    }
}

/// Whether to write pending snapshots: `--update` or `POLICY_LINT_UPDATE=new`.
pub fn update_requested(flag: bool) -> Result<bool> {
    match std::env::var("POLICY_LINT_UPDATE").as_deref() {
        Ok("new") => Ok(true),
        Ok("no" | "") | Err(_) => Ok(flag),
        Ok(other) => bail!("POLICY_LINT_UPDATE={other}: expected `new` or `no`"),
    }
}

/// Whether this runs in CI (`CI` set, and not empty or a word for no: "false", "0", "no",
/// "off", in any case): nothing is written then.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| {
        let v = v.trim();
        !v.is_empty()
            && !["false", "0", "no", "off"]
                .iter()
                .any(|n| v.eq_ignore_ascii_case(n))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::{Format, OutlineSettings};
    use crate::snapshot::Entry;

    /// A project whose policy `p.md` has the snapshot `old`, a pending snapshot `new` and the
    /// text `policy`.
    fn pending(old: &str, new: &str, policy: &str) -> (tempfile::TempDir, Store, Entry) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path(), &dir.path().join("snapshots")).unwrap();
        let entry = store.entry("p.md").unwrap();
        store.write(&entry.snapshot, &snapshot_text(old)).unwrap();
        store.write(&entry.pending, &snapshot_text(new)).unwrap();
        std::fs::write(dir.path().join("p.md"), policy).unwrap();
        (dir, store, entry)
    }

    /// The project of `store`, run without flags.
    fn at(store: &Store) -> Workspace {
        Workspace {
            root: store.root().to_path_buf(),
            snapshots: store.dir().to_path_buf(),
            chosen: false,
            flags: Vec::new(),
        }
    }

    /// An interactive review given `answers`, its output not kept: how it ended.
    fn asked(config: &Config, store: &Store, answers: &str) -> Outcome {
        let mut input = std::io::Cursor::new(answers);
        review(config, &at(store), &Mode::Ask, &mut input, &mut Vec::new()).unwrap()
    }

    /// `snapshot review --accept-all` with the default configuration: how it ended, and what
    /// it said.
    fn review_all(store: &Store) -> (Outcome, String) {
        let mut out = Vec::new();
        let (config, mut input) = (Config::default(), std::io::empty());
        let outcome = review(&config, &at(store), &Mode::AcceptAll, &mut input, &mut out).unwrap();
        (outcome, String::from_utf8(out).unwrap())
    }

    fn snapshot_text(md: &str) -> String {
        let doc = Document::parse(
            Source::new(Path::new("p.md"), md.to_string()),
            Format::Markdown,
            &OutlineSettings::default(),
        );
        render("p.md", Format::Markdown, None, &body(&parts_of(&doc)))
    }

    /// A folder that refuses the snapshot refuses it before the first question, not after the
    /// last answer. (Root writes into any folder: there the case cannot be made, and the test
    /// says so.)
    #[cfg(unix)]
    #[test]
    fn a_review_into_a_folder_that_refuses_writes_fails_before_asking() {
        use std::os::unix::fs::PermissionsExt;
        let (_dir, store, entry) = pending("# A\n\nOne.\n", "# A\n\nTwo.\n", "# A\n\nTwo.\n");
        let folder = store.dir().to_path_buf();
        let mode = |m| std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(m));
        mode(0o555).unwrap();
        if tempfile::tempfile_in(&folder).is_ok() {
            mode(0o755).unwrap();
            eprintln!("skipped: this user writes into a read-only folder (root)");
            return;
        }
        let (mut out, mut input) = (Vec::new(), std::io::Cursor::new("a\n"));
        let result = review(
            &Config::default(),
            &at(&store),
            &Mode::Ask,
            &mut input,
            &mut out,
        );
        mode(0o755).unwrap();
        let error = result.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("cannot create a temporary file"), "{error}");
        let out = String::from_utf8(out).unwrap();
        assert!(!out.contains("accept [a]"), "{out}");
        assert_eq!(input.position(), 0, "no answer read");
        assert!(entry.pending.exists());
    }

    #[test]
    fn an_interactive_review_keeps_exactly_the_accepted_changes() {
        let old = "# A\n\nOne two three.\n\n# B\n\nFour five six.\n";
        let new = "# A\n\nOne TWO three.\n\n# B\n\nFour FIVE six.\n";
        let (_dir, store, entry) = pending(old, new, new);
        let config = Config::default();
        let mut out = Vec::new();
        // Accept the first change, reject the second: the pending file is done with.
        let mut input = std::io::Cursor::new("a\nr\n");
        let outcome = review(&config, &at(&store), &Mode::Ask, &mut input, &mut out).unwrap();
        assert!(matches!(outcome, Outcome::Clean));
        assert!(!entry.pending.exists());
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("[1/2] modified A (introduction)"), "{text}");
        let merged = "# A\n\nOne TWO three.\n\n# B\n\nFour five six.\n";
        let written = std::fs::read_to_string(&entry.snapshot).unwrap();
        assert_eq!(written, snapshot_text(merged));
        // Skipping keeps the pending file.
        store.write(&entry.pending, &snapshot_text(new)).unwrap();
        let outcome = asked(&config, &store, "s\n");
        assert!(matches!(outcome, Outcome::Found));
        assert!(entry.pending.exists());
    }

    /// The commands a review suggests repeat the flags of the run (here `--snapshots`): run
    /// without them, they would write into or drop from another folder.
    #[test]
    fn a_reviews_commands_repeat_the_runs_flags() {
        let (_dir, store, entry) = pending("# A\n\nOne.\n", "# A\n\nTwo.\n", "# A\n\nTwo.\n");
        std::fs::write(&entry.pending, "not a snapshot\n").unwrap();
        let workspace = Workspace {
            flags: vec!["--snapshots approved".to_string()],
            ..at(&store)
        };
        let mut out = Vec::new();
        let mode = Mode::AcceptAll;
        review(
            &Config::default(),
            &workspace,
            &mode,
            &mut std::io::empty(),
            &mut out,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        let policy = store.root().join("p.md");
        let policy = shell_path(&policy);
        assert!(
            text.contains(&format!(
                "`policy-lint --snapshots approved check --update {policy}` writes it again, \
                 `policy-lint --snapshots approved snapshot reject {policy}` drops it"
            )),
            "{text}"
        );
    }

    /// Headings renumbered by a section inserted are one block and one answer.
    #[test]
    fn headings_renumbered_take_one_answer() {
        let old = "# 1. Ants\n\nOne.\n\n# 2. Bees\n\nTwo.\n\n# 3. Cats\n\nThree.\n";
        let new = "# 1. Ants\n\nOne.\n\n# 2. New\n\nNew text.\n\n# 3. Bees\n\nTwo.\n\n# 4. Cats\n\nThree.\n";
        let (_dir, store, entry) = pending(old, new, new);
        let config = Config::default();
        let mut out = Vec::new();
        // Reject the new section, accept the renumbering: asked twice, not three times.
        let mut input = std::io::Cursor::new("r\na\n");
        review(&config, &at(&store), &Mode::Ask, &mut input, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches("? ").count(), 2, "{text}");
        assert!(text.contains("renumbered 2 sections"), "{text}");
        let merged = "# 1. Ants\n\nOne.\n\n# 3. Bees\n\nTwo.\n\n# 4. Cats\n\nThree.\n";
        let written = std::fs::read_to_string(&entry.snapshot).unwrap();
        assert_eq!(written, snapshot_text(merged));
    }

    /// Rejected beside a skipped change, a change is not asked of again, nor taken by
    /// --accept-all: the pending file that waits for the skipped one keeps the answer.
    #[test]
    fn a_rejected_change_stays_rejected_while_its_file_waits() {
        let old = "# A\n\nWe do not sell data.\n\n# B\n\nWe keep logs for 30 days.\n";
        let new = "# A\n\nWe sell data.\n\n# B\n\nWe keep logs for 90 days.\n";
        let (_dir, store, entry) = pending(old, new, new);
        let config = Config::default();
        let outcome = asked(&config, &store, "r\ns\n");
        assert!(matches!(outcome, Outcome::Found));
        let waiting = std::fs::read_to_string(&entry.pending).unwrap();
        assert_eq!(waiting.matches("\nrejected: ").count(), 1, "{waiting}");
        assert_eq!(
            std::fs::read_to_string(&entry.snapshot).unwrap(),
            snapshot_text(old)
        );
        // Asked again, only the skipped change is asked of.
        let mut out = Vec::new();
        let mut input = std::io::Cursor::new("s\n");
        review(&config, &at(&store), &Mode::Ask, &mut input, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("[1/2] rejected earlier: modified A\n"),
            "{text}"
        );
        assert_eq!(text.matches("accept [a], reject [r]").count(), 1, "{text}");
        // --accept-all takes the rest, and the file is done with.
        let (outcome, text) = review_all(&store);
        assert!(matches!(outcome, Outcome::Clean), "{text}");
        assert!(!text.contains("accepted: modified A"), "{text}");
        assert!(!entry.pending.exists());
        let merged = "# A\n\nWe do not sell data.\n\n# B\n\nWe keep logs for 90 days.\n";
        assert_eq!(
            std::fs::read_to_string(&entry.snapshot).unwrap(),
            snapshot_text(merged)
        );
    }

    /// Quitting a later review, before the changes rejected in an earlier one, keeps them
    /// rejected: --accept-all then still leaves them out.
    #[test]
    fn quitting_a_review_keeps_the_earlier_rejections() {
        let old = "# A\n\nWe collect email.\n\n# B\n\nWe share with banks.\n\n# C\n\nWe keep it 30 days.\n";
        let new = "# A\n\nWe collect phones.\n\n# B\n\nWe share with brokers.\n\n# C\n\nWe keep it 90 days.\n";
        let (_dir, store, entry) = pending(old, new, new);
        let config = Config::default();
        asked(&config, &store, "r\ns\nr\n");
        let rejected =
            |store: &Store| (store.load(&entry.pending).unwrap().unwrap().header.rejected).len();
        assert_eq!(rejected(&store), 2);
        for quit in ["q\n", ""] {
            asked(&config, &store, quit);
            assert_eq!(rejected(&store), 2, "after {quit:?}");
        }
        let (_, text) = review_all(&store);
        assert!(text.contains("accepted: modified B"), "{text}");
        assert!(
            !text.contains("accepted: modified A") && !text.contains("accepted: modified C"),
            "{text}"
        );
        let merged = "# A\n\nWe collect email.\n\n# B\n\nWe share with brokers.\n\n# C\n\nWe keep it 30 days.\n";
        assert_eq!(
            std::fs::read_to_string(&entry.snapshot).unwrap(),
            snapshot_text(merged)
        );
    }

    /// A change rejected beside one accepted that renames its section: the snapshot then
    /// calls the section by its new name, and the rejected change is still known.
    #[test]
    fn a_rejected_change_is_known_after_its_section_renamed() {
        let body = "We keep server logs of every visit to our website for security reasons.";
        let edited = body.replace("security", "security and fraud");
        let old = format!("# Alpha\n\n{body}\n\n# Beta\n\nWe keep records.\n");
        let new = format!("# Alpha Two\n\n{edited}\n\n# Beta\n\nWe keep all records.\n");
        let (old, new) = (old.as_str(), new.as_str());
        let (_dir, store, entry) = pending(old, new, new);
        let config = Config::default();
        let mut out = Vec::new();
        let mut input = std::io::Cursor::new("a\nr\ns\n");
        review(&config, &at(&store), &Mode::Ask, &mut input, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches("accept [a], reject [r]").count(), 3, "{text}");
        assert!(entry.pending.exists());
        let (outcome, text) = review_all(&store);
        assert!(matches!(outcome, Outcome::Clean), "{text}");
        assert!(
            text.contains("rejected earlier: modified Alpha Two"),
            "{text}"
        );
        let merged = format!("# Alpha Two\n\n{body}\n\n# Beta\n\nWe keep all records.\n");
        assert_eq!(
            std::fs::read_to_string(&entry.snapshot).unwrap(),
            snapshot_text(&merged)
        );
    }

    #[test]
    fn a_review_shows_what_alters_meaning_and_says_when_no_section_matched() {
        let old = "# Sharing\n\nWe share data with partners. We do not sell your data.\n";
        let new = "# Sharing\n\nWe share data with partners.\n";
        let (_dir, store, _) = pending(old, new, new);
        let config = Config::builtin().unwrap();
        let mut out = Vec::new();
        let mut input = std::io::Cursor::new("s\n");
        review(&config, &at(&store), &Mode::Ask, &mut input, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("! material (negation)"), "{text}");
        let mut out = Vec::new();
        let mode = Mode::Sections(vec!["cookies".to_string()]);
        let outcome = review(&config, &at(&store), &mode, &mut input, &mut out).unwrap();
        assert!(matches!(outcome, Outcome::Found));
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.ends_with("no pending change is in a section whose heading holds \"cookies\"\n"),
            "{text}"
        );
    }

    #[test]
    fn accepting_a_section_that_moved_in_a_block_accepts_the_block() {
        let text = |names: &[&str]| {
            (names.iter())
                .map(|n| format!("# {n}\n\nWe keep {n} records.\n\n"))
                .collect::<String>()
        };
        let old = text(&["Alpha", "Bravo", "Charlie", "Delta"]);
        let new = text(&["Charlie", "Delta", "Alpha", "Bravo"]);
        let (_dir, store, entry) = pending(&old, &new, &new);
        let mut out = Vec::new();
        let mode = Mode::Sections(vec!["bravo".to_string()]);
        let config = Config::default();
        let outcome = review(&config, &at(&store), &mode, &mut std::io::empty(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(matches!(outcome, Outcome::Clean), "{text}");
        assert!(
            text.contains(
                "accepted: moved Alpha, now after \"Delta\" (was first), with \"Bravo\" after it\n"
            ),
            "{text}"
        );
        assert!(!entry.pending.exists());
        assert_eq!(
            std::fs::read_to_string(&entry.snapshot).unwrap(),
            snapshot_text(&new)
        );
        // A section the block moved past is not in the move.
        let (_dir, store, entry) = pending(&old, &new, &new);
        let mode = Mode::Sections(vec!["charlie".to_string()]);
        let outcome = review(
            &config,
            &at(&store),
            &mode,
            &mut std::io::empty(),
            &mut Vec::new(),
        );
        assert!(matches!(outcome.unwrap(), Outcome::Found));
        assert!(entry.pending.exists());
        assert_eq!(
            std::fs::read_to_string(&entry.snapshot).unwrap(),
            snapshot_text(&old)
        );
    }

    #[test]
    fn items_moved_in_a_block_are_accepted_by_their_section_not_by_their_labels() {
        let text = |labels: &[&str]| {
            (labels.iter())
                .map(|l| format!("**{l}.** We keep {l} records.\n\n"))
                .fold("# Records\n\n".to_string(), |all, item| all + &item)
        };
        let old = text(&["Alpha", "Bravo", "Charlie", "Delta"]);
        let new = text(&["Charlie", "Delta", "Alpha", "Bravo"]);
        let config = Config::default();
        let (_dir, store, entry) = pending(&old, &new, &new);
        let mode = Mode::Sections(vec!["bravo".to_string()]);
        let mut out = Vec::new();
        let outcome = review(&config, &at(&store), &mode, &mut std::io::empty(), &mut out).unwrap();
        let shown = String::from_utf8(out).unwrap();
        assert!(matches!(outcome, Outcome::Found), "{shown}");
        assert!(entry.pending.exists());
        let mode = Mode::Sections(vec!["records".to_string()]);
        let mut out = Vec::new();
        let outcome = review(&config, &at(&store), &mode, &mut std::io::empty(), &mut out).unwrap();
        let shown = String::from_utf8(out).unwrap();
        assert!(matches!(outcome, Outcome::Clean), "{shown}");
        assert!(
            shown.contains("accepted: moved Records › Alpha, "),
            "{shown}"
        );
        assert_eq!(
            std::fs::read_to_string(&entry.snapshot).unwrap(),
            snapshot_text(&new)
        );
    }

    #[test]
    fn a_pending_file_the_policy_no_longer_matches_is_not_accepted() {
        let old = "# A\n\nWe may share data.\n";
        let new = "# A\n\nWe will share data.\n";
        // The edit undone after `check --update`: nothing is left to review.
        let (dir, store, entry) = pending(old, new, old);
        let (outcome, text) = review_all(&store);
        assert!(matches!(outcome, Outcome::Clean), "{text}");
        assert!(text.starts_with("dropped ") && text.contains("reads as its snapshot again"));
        assert!(!entry.pending.exists());
        assert_eq!(
            std::fs::read_to_string(&entry.snapshot).unwrap(),
            snapshot_text(old)
        );
        // Edited again since, the pending file waits for `check --update`; deleted, for
        // `snapshot reject`.
        store.write(&entry.pending, &snapshot_text(new)).unwrap();
        std::fs::write(dir.path().join("p.md"), "# A\n\nWe might share data.\n").unwrap();
        for told in [
            "changed since `policy-lint check --update`",
            "is gone (deleted or renamed); drop the pending file with `policy-lint snapshot reject",
        ] {
            let (outcome, text) = review_all(&store);
            assert!(matches!(outcome, Outcome::Found));
            assert!(text.starts_with("skipped "), "{text}");
            assert!(text.contains("p.md.snap.new: "), "{text}");
            assert!(text.contains(told), "{text}");
            assert!(entry.pending.exists());
            let kept = std::fs::read_to_string(&entry.snapshot).unwrap();
            assert_eq!(kept, snapshot_text(old));
            std::fs::remove_file(dir.path().join("p.md")).unwrap_or_default();
        }
    }

    #[test]
    fn answers_are_read_until_understood() {
        let mut input = std::io::Cursor::new("x\na\nr\n\nA\nq\n");
        let mut out = Vec::new();
        let got: Vec<Option<Decision>> = (0..5)
            .map(|_| {
                ask(&mut input, &mut out).unwrap().map(|a| match a {
                    Answer::One(d) => d,
                    Answer::AllRest => Decision::Accept,
                })
            })
            .collect();
        assert_eq!(
            got,
            [
                Some(Decision::Accept),
                Some(Decision::Reject),
                Some(Decision::Skip),
                Some(Decision::Accept),
                None
            ]
        );
        assert!(String::from_utf8_lossy(&out).contains("`x` is not an answer"));
    }
}
