//! Reading a policy file: bytes to text, with clear errors, and positions as line:column.

use std::path::{Path, PathBuf};

/// Why a file could not be read as a policy.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{path}: no such file")]
    NotFound { path: PathBuf },
    // Not a `source`: the cause is part of the message, and a chained source would print twice.
    #[error("{path}: cannot read: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path}: is a directory, not a policy file")]
    Directory { path: PathBuf },
    #[error("{path}: looks like a binary file (NUL byte at byte offset {offset})")]
    Binary { path: PathBuf, offset: usize },
    #[error("{path}: is UTF-16 encoded; policy-lint reads UTF-8 (convert it, e.g. with iconv)")]
    Utf16 { path: PathBuf },
    #[error("{path}: invalid UTF-8 at byte offset {offset} (line {line}, column {column})")]
    InvalidUtf8 {
        path: PathBuf,
        offset: usize,
        line: usize,
        column: usize,
    },
    #[error(
        "{path}: file is {size} bytes, over the limit of {limit} bytes (raise it with --max-file-size, or `max-file-size` in the `[outline]` table of rules.toml)"
    )]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
}

/// The text of a policy file, kept byte for byte (a BOM included), and its line starts.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

const BOM: &str = "\u{FEFF}";

impl Source {
    /// Reads and decodes a file; `limit` caps its size in bytes.
    pub fn read(path: &Path, limit: u64) -> Result<Source, SourceError> {
        let io = |error: std::io::Error| match error.kind() {
            std::io::ErrorKind::NotFound => SourceError::NotFound {
                path: path.to_path_buf(),
            },
            _ => SourceError::Io {
                path: path.to_path_buf(),
                error,
            },
        };
        let meta = std::fs::metadata(path).map_err(io)?;
        if meta.is_dir() {
            return Err(SourceError::Directory {
                path: path.to_path_buf(),
            });
        }
        if meta.len() > limit {
            return Err(SourceError::TooLarge {
                path: path.to_path_buf(),
                size: meta.len(),
                limit,
            });
        }
        let bytes = std::fs::read(path).map_err(io)?;
        Source::from_bytes(path, bytes)
    }

    /// Decodes bytes already in memory.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Source, SourceError> {
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(SourceError::Utf16 {
                path: path.to_path_buf(),
            });
        }
        if let Some(offset) = memchr::memchr(0, &bytes) {
            return Err(SourceError::Binary {
                path: path.to_path_buf(),
                offset,
            });
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Source::new(path, text)),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
                let probe = Source::new(path, valid);
                let (line, column) = probe.line_column(offset);
                Err(SourceError::InvalidUtf8 {
                    path: path.to_path_buf(),
                    offset,
                    line,
                    column,
                })
            }
        }
    }

    pub fn new(path: &Path, text: String) -> Source {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Source {
            path: path.to_path_buf(),
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset; a BOM is not a column.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let mut start = self.line_starts[line];
        if line == 0 && self.text.starts_with(BOM) {
            start = start.max(BOM.len()).min(offset.max(BOM.len()));
        }
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (line + 1, column + 1)
    }

    /// The text of 1-based line `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e.saturating_sub(1));
        self.text[start..end.max(start)].trim_end_matches('\r')
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_and_skip_the_bom() {
        let s = Source::new(Path::new("p.txt"), "\u{FEFF}ab\r\n\u{201C}cd".to_string());
        assert_eq!(s.line_column(3), (1, 1));
        assert_eq!(s.line_column(4), (1, 2));
        let d = s.text.find('c').unwrap_or_default();
        assert_eq!(s.line_column(d), (2, 2));
        assert_eq!(s.line_text(1), "\u{FEFF}ab");
        assert_eq!(s.line_text(2), "\u{201C}cd");
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let err = Source::from_bytes(Path::new("bad.txt"), b"ok\nab\xFFcd".to_vec());
        let msg = err.map(|_| ()).unwrap_err().to_string();
        assert_eq!(
            msg,
            "bad.txt: invalid UTF-8 at byte offset 5 (line 2, column 3)"
        );
    }

    #[test]
    fn binary_and_utf16_are_refused() {
        assert!(matches!(
            Source::from_bytes(Path::new("x"), b"PK\x03\x04\x00\x00".to_vec()),
            Err(SourceError::Binary { offset: 4, .. })
        ));
        assert!(matches!(
            Source::from_bytes(Path::new("x"), vec![0xFF, 0xFE, b'a', 0]),
            Err(SourceError::Utf16 { .. })
        ));
    }
}
