//! A throwaway project for end-to-end tests: a folder with an empty rules.toml and the seed
//! notice at `policies/privacy.txt`, and the binary run inside it.
#![allow(dead_code)] // each test file uses the helpers it needs

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A project folder with an empty rules.toml and the seed notice at `policies/privacy.txt`.
pub struct Project {
    pub dir: tempfile::TempDir,
}

pub const POLICY: &str = "policies/privacy.txt";
pub const SNAPSHOT: &str = "snapshots/policies/privacy.txt.snap";

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Project {
    pub fn new() -> Project {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("rules.toml"), "").unwrap();
        std::fs::create_dir(dir.path().join("policies")).unwrap();
        let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/privacy-notice.txt");
        std::fs::copy(seed, dir.path().join(POLICY)).unwrap();
        Project { dir }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        std::fs::write(self.path(rel), bytes).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    /// Replaces the first `from` in the policy with `to`.
    pub fn edit(&self, from: &str, to: &str) {
        let text = self.read(POLICY);
        assert!(text.contains(from), "{from}");
        self.write(POLICY, text.replacen(from, to, 1));
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::cargo_bin("policy-lint")
            .unwrap()
            .current_dir(self.dir.path())
            .env_remove("CI")
            .env_remove("POLICY_LINT_UPDATE")
            .env_remove("CLICOLOR_FORCE")
            .env("NO_COLOR", "1")
            .args(args)
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs `args`; asserts exit 2, nothing on stdout, and an error on stderr holding each of
    /// `expected` (the file's name among them).
    pub fn refused(&self, args: &[&str], expected: &[&str]) -> Run {
        let run = self.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(run.stderr.contains("error"), "{args:?}: {}", run.stderr);
        for e in expected {
            assert!(
                run.stderr.contains(e),
                "{args:?}: {e:?} missing from: {}",
                run.stderr
            );
        }
        run
    }

    /// Every file under the project (links not followed), with its bytes.
    pub fn files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let e = e.unwrap();
                let p = e.path();
                let kind = e.file_type().unwrap();
                if kind.is_dir() {
                    walk(&p, out);
                } else if kind.is_symlink() {
                    let target = std::fs::read_link(&p).unwrap();
                    out.push((p, target.into_os_string().into_encoded_bytes()));
                } else {
                    out.push((p.clone(), std::fs::read(&p).unwrap()));
                }
            }
        }
        let mut out = Vec::new();
        walk(self.dir.path(), &mut out);
        out.sort();
        out
    }
}
