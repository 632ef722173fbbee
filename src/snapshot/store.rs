//! Where snapshots live and how they are written: one file per policy under the snapshot folder,
//! named from the policy's path relative to the project root, never outside that folder.
//!
//! Writes are atomic (a temporary file in the same folder, flushed to disk, renamed over the old
//! one), so a failed write leaves the previous snapshot as it was.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use super::SnapshotError;
use super::format::{Snapshot, parse};

/// The snapshot folder of a project.
#[derive(Debug, Clone)]
pub struct Store {
    /// The project root, canonical: policy paths are named relative to it.
    root: PathBuf,
    /// The snapshot folder, absolute.
    dir: PathBuf,
}

/// A policy's place in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The policy's path relative to the project root, `/`-separated (the snapshot's `source`).
    pub source: String,
    /// `<dir>/<source>.snap`: the approved snapshot.
    pub snapshot: PathBuf,
    /// `<dir>/<source>.snap.new`: a pending snapshot awaiting review.
    pub pending: PathBuf,
}

impl Entry {
    /// The policy file this entry names.
    pub fn policy(&self, store: &Store) -> PathBuf {
        store.root.join(&self.source)
    }
}

const SNAP: &str = ".snap";
const PENDING: &str = ".snap.new";

impl Store {
    /// A store for the project at `root` keeping its snapshots in `dir` (relative paths are
    /// taken from the current folder).
    pub fn new(root: &Path, dir: &Path) -> Result<Store, SnapshotError> {
        let root = root
            .canonicalize()
            .map_err(|e| SnapshotError::io(root, "cannot open the project root", e))?;
        let dir = absolute(dir)?;
        Ok(Store { root, dir })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The entry of the policy at `policy` (which must be inside the project root).
    pub fn locate(&self, policy: &Path) -> Result<Entry, SnapshotError> {
        let placement = |message: String| SnapshotError::Placement {
            path: policy.to_path_buf(),
            message,
        };
        let abs = absolute(policy)?;
        let name = abs
            .file_name()
            .ok_or_else(|| placement("is not a file name".into()))?;
        // The folder is resolved (symbolic links included) so the name is the real place
        // inside the project; the file's own name is kept as written.
        let parent = abs.parent().unwrap_or(&abs);
        let parent = parent
            .canonicalize()
            .map_err(|e| SnapshotError::io(parent, "cannot open the policy's folder", e))?;
        let relative = parent.join(name);
        let relative = relative
            .strip_prefix(&self.root)
            .map_err(|_| SnapshotError::Outside {
                path: policy.to_path_buf(),
                root: self.root.clone(),
            })?;
        let mut parts = Vec::new();
        for c in relative.components() {
            match c {
                Component::Normal(p) => {
                    let part = (p.to_str())
                        .ok_or_else(|| placement("has a name that is not UTF-8".into()))?;
                    // The snapshot's header names it on one line.
                    if part.contains(['\n', '\r']) {
                        return Err(placement(
                            "has a line break in its name, which a snapshot's header cannot \
                             hold: rename the file"
                                .into(),
                        ));
                    }
                    parts.push(part);
                }
                _ => return Err(placement("is not a plain path inside the project".into())),
            }
        }
        self.entry(&parts.join("/"))
            .map_err(|e| placement(e.to_string()))
    }

    /// The entry of a `source` path as written in a snapshot header.
    pub fn entry(&self, source: &str) -> Result<Entry, SnapshotError> {
        let placement = |message: &str| SnapshotError::Placement {
            path: PathBuf::from(source),
            message: message.to_string(),
        };
        if source.is_empty()
            || source.contains('\\')
            || source
                .split('/')
                .any(|p| p.is_empty() || p == "." || p == "..")
        {
            return Err(placement(
                "is not a relative path inside the project (no `..`, no absolute path)",
            ));
        }
        let path = Path::new(source);
        if path.is_absolute()
            || path
                .components()
                .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(placement("is not a relative path inside the project"));
        }
        Ok(Entry {
            source: source.to_string(),
            snapshot: self.dir.join(format!("{source}{SNAP}")),
            pending: self.dir.join(format!("{source}{PENDING}")),
        })
    }

    /// Reads and parses a snapshot file; `None` when there is none.
    pub fn load(&self, path: &Path) -> Result<Option<Snapshot>, SnapshotError> {
        match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(SnapshotError::io(path, "cannot read", e)),
            Ok(m) if !m.is_file() => return Err(not_a_file(path, &m)),
            Ok(_) => {}
        }
        read(path).map(Some)
    }

    /// Writes `text` to `path` (inside the snapshot folder) atomically: a temporary file in the
    /// same folder, flushed to disk, then renamed over the old file.
    pub fn write(&self, path: &Path, text: &str) -> Result<(), SnapshotError> {
        let (folder, mut temp) = self.temporary_beside(path)?;
        let io = |what: &str, e| SnapshotError::io(path, what, e);
        temp.write_all(text.as_bytes())
            .and_then(|()| temp.as_file().sync_all())
            .map_err(|e| io("cannot write the snapshot", e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            temp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))
                .map_err(|e| io("cannot set the snapshot's permissions", e))?;
        }
        temp.persist(path)
            .map_err(|e| io("cannot replace the snapshot", e.error))?;
        // The rename itself is made durable by flushing the folder (not possible everywhere).
        if let Ok(dir) = std::fs::File::open(&folder) {
            let _ = dir.sync_all();
        }
        Ok(())
    }

    /// Whether a snapshot can be written at `path`: asked before a review asks its questions,
    /// so that answers are not given for a folder that will refuse them.
    pub fn check_writable(&self, path: &Path) -> Result<(), SnapshotError> {
        self.temporary_beside(path).map(drop)
    }

    /// The folder of `path` (made if missing) and a new temporary file in it.
    fn temporary_beside(
        &self,
        path: &Path,
    ) -> Result<(PathBuf, tempfile::NamedTempFile), SnapshotError> {
        let folder = self.folder_for(path)?;
        let temp = tempfile::Builder::new()
            .prefix(".policy-lint-")
            .suffix(".tmp")
            .tempfile_in(&folder)
            .map_err(|e| {
                SnapshotError::io(
                    path,
                    "cannot create a temporary file beside the snapshot",
                    e,
                )
            })?;
        Ok((folder, temp))
    }

    /// Removes a snapshot or pending file; whether there was one.
    pub fn remove(&self, path: &Path) -> Result<bool, SnapshotError> {
        self.inside(path)?;
        match std::fs::remove_file(path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(SnapshotError::io(path, "cannot remove", e)),
        }
    }

    /// Every approved snapshot file, sorted.
    pub fn snapshots(&self) -> Result<Vec<PathBuf>, SnapshotError> {
        self.files(SNAP)
    }

    /// Every pending snapshot file, sorted.
    pub fn pending(&self) -> Result<Vec<PathBuf>, SnapshotError> {
        self.files(PENDING)
    }

    /// The `source` a snapshot or pending file is named from.
    pub fn source_of(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(&self.dir).ok()?.to_str()?;
        let rel = rel.replace(std::path::MAIN_SEPARATOR, "/");
        rel.strip_suffix(PENDING)
            .or_else(|| rel.strip_suffix(SNAP))
            .map(str::to_string)
    }

    fn files(&self, suffix: &str) -> Result<Vec<PathBuf>, SnapshotError> {
        let mut out = Vec::new();
        if self.dir.is_dir() {
            walk(&self.dir, suffix, &mut out)?;
        } else if self.dir.exists() {
            // A file where the folder should be: not "no snapshots".
            return Err(SnapshotError::Placement {
                path: self.dir.clone(),
                message: "not a folder: snapshots are kept in a folder of that name".to_string(),
            });
        }
        out.sort();
        Ok(out)
    }

    /// Checks that `path` is in the snapshot folder, lexically.
    fn inside(&self, path: &Path) -> Result<(), SnapshotError> {
        let ok = path.starts_with(&self.dir)
            && path
                .strip_prefix(&self.dir)
                .is_ok_and(|r| r.components().all(|c| matches!(c, Component::Normal(_))));
        if ok {
            Ok(())
        } else {
            Err(SnapshotError::Placement {
                path: path.to_path_buf(),
                message: format!("is outside the snapshot folder {}", self.dir.display()),
            })
        }
    }

    /// Creates the folders down to `path`'s folder, refusing any that leads out of the snapshot
    /// folder (a symbolic link pointing elsewhere) and a snapshot that is a symbolic link.
    fn folder_for(&self, path: &Path) -> Result<PathBuf, SnapshotError> {
        self.inside(path)?;
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| SnapshotError::io(&self.dir, "cannot create the snapshot folder", e))?;
        let top = self
            .dir
            .canonicalize()
            .map_err(|e| SnapshotError::io(&self.dir, "cannot open the snapshot folder", e))?;
        let rel = path.strip_prefix(&self.dir).unwrap_or(path);
        let mut folder = self.dir.clone();
        let parents: Vec<Component> = rel
            .parent()
            .map_or(Vec::new(), |p| p.components().collect());
        for c in parents {
            folder.push(c);
            if !folder.exists() {
                std::fs::create_dir(&folder)
                    .map_err(|e| SnapshotError::io(&folder, "cannot create folder", e))?;
            }
            let real = folder
                .canonicalize()
                .map_err(|e| SnapshotError::io(&folder, "cannot open folder", e))?;
            if !real.starts_with(&top) {
                return Err(SnapshotError::Placement {
                    path: folder,
                    message: format!(
                        "leads outside the snapshot folder {} (a symbolic link?)",
                        self.dir.display()
                    ),
                });
            }
        }
        if let Ok(m) = std::fs::symlink_metadata(path)
            && !m.is_file()
        {
            return Err(not_a_file(path, &m));
        }
        Ok(folder)
    }
}

fn walk(dir: &Path, suffix: &str, out: &mut Vec<PathBuf>) -> Result<(), SnapshotError> {
    let entries = std::fs::read_dir(dir).map_err(|e| SnapshotError::io(dir, "cannot list", e))?;
    for entry in entries {
        let entry = entry.map_err(|e| SnapshotError::io(dir, "cannot list", e))?;
        let path = entry.path();
        // Symbolic links are not followed: they could lead out of the snapshot folder.
        let kind = entry
            .file_type()
            .map_err(|e| SnapshotError::io(&path, "cannot read", e))?;
        if kind.is_dir() {
            walk(&path, suffix, out)?;
        } else if kind.is_file() && path.to_str().is_some_and(|p| p.ends_with(suffix)) {
            out.push(path);
        }
    }
    Ok(())
}

/// `path` made absolute against the current folder, with `.` and `..` resolved lexically.
fn absolute(path: &Path) -> Result<PathBuf, SnapshotError> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| SnapshotError::io(path, "cannot read the current folder", e))?
            .join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Where a snapshot file should be, something else is: said by what it is.
fn not_a_file(path: &Path, found: &std::fs::Metadata) -> SnapshotError {
    let what = match () {
        _ if found.is_symlink() => {
            "is a symbolic link, not a regular file (a snapshot is never one)"
        }
        _ if found.is_dir() => "is a folder, where a snapshot file should be: remove or rename it",
        _ => "is not a regular file",
    };
    SnapshotError::Placement {
        path: path.to_path_buf(),
        message: what.into(),
    }
}

/// Reads and parses the snapshot file at `path`, wherever it is (one named to `diff`, or taken
/// from git's history).
pub fn read(path: &Path) -> Result<Snapshot, SnapshotError> {
    let bytes = std::fs::read(path).map_err(|e| SnapshotError::io(path, "cannot read", e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        // (What comes before the bad byte is UTF-8.)
        let before = String::from_utf8_lossy(&e.as_bytes()[..at]);
        let line = 1 + before.matches('\n').count();
        let column = 1 + before.rsplit('\n').next().map_or(0, |l| l.chars().count());
        SnapshotError::Invalid {
            path: path.to_path_buf(),
            line,
            message: format!("is not UTF-8 (byte {at}, column {column} of its line)"),
        }
    })?;
    parse(path, as_written(text))
}

/// Whether `path` is named as a snapshot file is: `….snap`, or a pending `….snap.new`.
pub fn is_snapshot_file(path: &Path) -> bool {
    let name = path.as_os_str().to_string_lossy();
    name.ends_with(SNAP) || name.ends_with(PENDING)
}

/// Whether a file is named as an approved snapshot (`….snap`, not a pending `….snap.new`).
pub fn is_approved_snapshot(path: &Path) -> bool {
    path.as_os_str().to_string_lossy().ends_with(SNAP)
}

/// A snapshot file's text as policy-lint wrote it: without the byte-order mark an editor may put
/// in front, and with line feeds where a checkout turned them into CRLF (git's `core.autocrlf`
/// on Windows). Its line numbers are unchanged.
fn as_written(text: String) -> String {
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.contains("\r\n") {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::Format;

    fn store(tmp: &Path) -> Store {
        std::fs::create_dir_all(tmp.join("policies")).unwrap();
        Store::new(tmp, &tmp.join("snapshots")).unwrap()
    }

    #[test]
    fn names_come_from_the_path_inside_the_root() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path());
        let e = s
            .locate(&tmp.path().join("policies/../policies/privacy.md"))
            .unwrap();
        assert_eq!(e.source, "policies/privacy.md");
        assert!(e.snapshot.ends_with("snapshots/policies/privacy.md.snap"));
        assert!(
            e.pending
                .ends_with("snapshots/policies/privacy.md.snap.new")
        );
        assert_eq!(
            s.source_of(&e.pending).as_deref(),
            Some("policies/privacy.md")
        );
    }

    #[test]
    fn paths_outside_the_root_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(&tmp.path().join("project"));
        let outside = tmp.path().join("elsewhere.md");
        let err = s.locate(&outside).unwrap_err().to_string();
        assert!(err.contains("is outside the project root"), "{err}");
        for bad in ["../x.md", "/etc/passwd", "a/../../x", "", "a//b"] {
            assert!(s.entry(bad).is_err(), "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_out_of_the_snapshot_folder_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path());
        let away = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("snapshots")).unwrap();
        std::os::unix::fs::symlink(away.path(), tmp.path().join("snapshots/policies")).unwrap();
        let e = s.entry("policies/privacy.md").unwrap();
        let err = s.write(&e.snapshot, "x").unwrap_err().to_string();
        assert!(err.contains("leads outside the snapshot folder"), "{err}");
        assert_eq!(std::fs::read_dir(away.path()).unwrap().count(), 0);
    }

    #[test]
    fn writes_replace_the_file_whole_and_leave_no_temporary_file() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path());
        let e = s.entry("policies/privacy.md").unwrap();
        s.write(&e.snapshot, "one").unwrap();
        s.write(&e.snapshot, "two").unwrap();
        assert_eq!(std::fs::read_to_string(&e.snapshot).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(e.snapshot.parent().unwrap())
            .unwrap()
            .map(|d| d.unwrap().file_name())
            .collect();
        assert_eq!(names, ["privacy.md.snap"]);
        assert_eq!(s.snapshots().unwrap(), std::slice::from_ref(&e.snapshot));
        assert!(s.pending().unwrap().is_empty());
        assert!(s.remove(&e.snapshot).unwrap());
        assert!(!s.remove(&e.snapshot).unwrap());
    }

    #[test]
    fn a_snapshot_checked_out_with_crlf_or_saved_with_a_bom_reads_as_written() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path());
        let e = s.entry("policies/privacy.md").unwrap();
        let body = "# Sharing\n\nWe do not sell your data.\nWe share it with couriers.\n";
        let written = super::super::render("policies/privacy.md", Format::Markdown, None, body);
        let windows = written.replace('\n', "\r\n");
        for text in [
            windows.clone(),
            format!("\u{FEFF}{written}"),
            format!("\u{FEFF}{windows}"),
        ] {
            s.write(&e.snapshot, &text).unwrap();
            let read = s.load(&e.snapshot).unwrap().unwrap();
            assert_eq!(read.body, body);
            assert_eq!(read.document.sections[0].heading, "Sharing");
            // The second sentence is on line 11 of the file, CRLF or not.
            let span = read.document.sections[0].intro[1].span.clone();
            assert_eq!(read.document.source.line_column(span.start).0, 11);
        }
        // A carriage return that is not part of a line break is damage, as before.
        s.write(&e.snapshot, &written.replace("couriers.", "cou\rriers."))
            .unwrap();
        assert!(s.load(&e.snapshot).is_err());
    }
}
