//! Reading a policy file: bytes to text, with clear errors, and positions as line:column.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::bytes::Regex;

use encoding_rs::{
    DecoderResult, Encoding, REPLACEMENT, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED,
};

/// What to do with a text file whose bytes are not UTF-8: most often saved in a legacy encoding
/// (Word's "Save as plain text" writes Windows-1252).
fn resave_hint(encoding: &str) -> &'static str {
    match encoding {
        "UTF-8" => {
            "; save it as UTF-8 (a text editor's \"Save as\" offers it), or as a web page that declares its charset"
        }
        _ => "",
    }
}

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
    #[error(
        "{path}: looks like UTF-16 without a byte-order mark; save it as UTF-8 (or as UTF-16 with one)"
    )]
    Utf16WithoutMark { path: PathBuf },
    #[error(
        "{path}: invalid {encoding} at byte offset {offset} (line {line}, column {column}){}",
        resave_hint(encoding)
    )]
    Invalid {
        path: PathBuf,
        encoding: &'static str,
        offset: usize,
        line: usize,
        column: usize,
    },
    #[error("{path}: declares the charset {charset}, which policy-lint cannot decode")]
    Undecodable { path: PathBuf, charset: String },
    #[error(
        "{path}: file is {size} bytes, over the limit of {limit} bytes (raise it with --max-file-size, or `max-file-size` in the `[outline]` table of rules.toml)"
    )]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
}

/// The text of a policy file and its line starts: the file's bytes as they are (a BOM
/// included), or, for UTF-16 and a page in a declared legacy charset, decoded to UTF-8.
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

    /// Decodes bytes already in memory: UTF-8; UTF-16 where a byte-order mark says so; and
    /// where the bytes are not UTF-8, the charset a web page declares (`<meta charset>`).
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Source, SourceError> {
        if let Some((encoding, bom)) = Encoding::for_bom(&bytes)
            && encoding != UTF_8
        {
            // UTF-16: NUL bytes are part of its text; a NUL character is not.
            let source = decode(path, &bytes, bom, encoding)?;
            return match source.text.find('\0') {
                Some(nul) => Err(SourceError::Binary {
                    path: path.to_path_buf(),
                    offset: bom + 2 * source.text[..nul].encode_utf16().count(),
                }),
                None => Ok(source),
            };
        }
        if let Some(offset) = memchr::memchr(0, &bytes) {
            let path = path.to_path_buf();
            return Err(match looks_like_utf16(&bytes) {
                true => SourceError::Utf16WithoutMark { path },
                false => SourceError::Binary { path, offset },
            });
        }
        match String::from_utf8(bytes) {
            // ISO-2022-JP is 7-bit: valid UTF-8, with escapes (ESC) that are not text.
            Ok(text) => match memchr::memchr(0x1B, text.as_bytes())
                .and_then(|_| declared_charset(text.as_bytes()))
            {
                Some(Ok(encoding)) if !encoding.is_ascii_compatible() => {
                    decode(path, text.as_bytes(), 0, encoding)
                }
                _ => Ok(Source::new(path, text)),
            },
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                // A UTF-8 byte-order mark outranks a declaration, as in a browser.
                let declared = match bytes.starts_with(BOM.as_bytes()) {
                    true => None,
                    false => declared_charset(&bytes),
                };
                match declared {
                    Some(Ok(encoding)) => decode(path, &bytes, 0, encoding),
                    Some(Err(charset)) => Err(SourceError::Undecodable {
                        path: path.to_path_buf(),
                        charset,
                    }),
                    None => {
                        let valid = String::from_utf8_lossy(&bytes[..offset]).into_owned();
                        Err(invalid(path, valid, "UTF-8", offset))
                    }
                }
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

/// Whether `bytes` open as text in UTF-16 does: a NUL byte in at least half of the first two-byte
/// units, always on the same side (the high byte of a Latin letter), none on the other. UTF-16
/// comes in whole units, more than one: "a\0b" is a binary file.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let units: Vec<&[u8]> = bytes[..bytes.len().min(512)].chunks_exact(2).collect();
    let nul_at = |side: usize| units.iter().filter(|u| u[side] == 0).count();
    let (first, second) = (nul_at(0), nul_at(1));
    bytes.len().is_multiple_of(2)
        && units.len() > 1
        && (first == 0 || second == 0)
        && 2 * first.max(second) >= units.len()
}

/// Decodes `bytes` from `start` on as `encoding`, refusing malformed bytes.
fn decode(
    path: &Path,
    bytes: &[u8],
    start: usize,
    encoding: &'static Encoding,
) -> Result<Source, SourceError> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len());
    let mut at = start;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[at..], &mut text, true);
        at += read;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => text.reserve(text.capacity().max(64)),
            DecoderResult::Malformed(length, after) => {
                let offset = at - usize::from(length) - usize::from(after);
                return Err(invalid(path, text, encoding.name(), offset));
            }
        }
    }
    Ok(Source::new(path, text))
}

/// The error for bytes not valid in `encoding` at byte `offset`; `before` is the text before
/// them, which gives the line and column.
fn invalid(path: &Path, before: String, encoding: &'static str, offset: usize) -> SourceError {
    let probe = Source::new(path, before);
    let (line, column) = probe.line_column(probe.text.len());
    SourceError::Invalid {
        path: path.to_path_buf(),
        encoding,
        offset,
        line,
        column,
    }
}

/// What [`declared_charset`] reads a page's head with, compiled once a run: comments; whole
/// `<meta>` tags (a name cut at byte 1024 is not the one declared); a tag's attributes; the
/// charset in an http-equiv's content.
static CHARSET_PATTERNS: LazyLock<Option<[Regex; 4]>> = LazyLock::new(|| {
    let sources = [
        r"(?s-u)<!--.*?(?:-->|\z)",
        r"(?i-u)<meta[\s/]([^>]*)>",
        r#"(?-u)([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?"#,
        r#"(?i-u)charset\s*=\s*["']?\s*([^\s"';]+)"#,
    ];
    let compiled: Vec<Regex> = sources.iter().filter_map(|s| Regex::new(s).ok()).collect();
    compiled.try_into().ok()
});

/// The charset a web page declares in a `<meta>` tag within its first 1024 bytes, where
/// browsers look for it (comments left out): `<meta charset="windows-1252">` or `<meta
/// http-equiv="Content-Type" content="text/html; charset=iso-8859-1">`. As browsers read it, a
/// page that says UTF-16 in ASCII is not UTF-16, and x-user-defined is windows-1252. UTF-8 is no
/// declaration here; a charset no decoder reads is the error's.
fn declared_charset(bytes: &[u8]) -> Option<Result<&'static Encoding, String>> {
    let head = &bytes[..bytes.len().min(1024)];
    let [comment, meta, attribute, in_content] = CHARSET_PATTERNS.as_ref()?;
    let head = comment.replace_all(head, &b""[..]);
    let label = meta.captures_iter(&head).find_map(|tag| {
        let (mut pragma, mut content) = (false, None);
        for a in attribute.captures_iter(tag.get(1)?.as_bytes()) {
            let value = (a.get(2).or(a.get(3)).or(a.get(4))).map_or(&b""[..], |v| v.as_bytes());
            match a.get(1)?.as_bytes().to_ascii_lowercase().as_slice() {
                b"charset" => return Some(value.to_vec()),
                b"http-equiv" => pragma |= value.eq_ignore_ascii_case(b"content-type"),
                b"content" => content = Some(value),
                _ => {}
            }
        }
        // The content's charset counts only for an http-equiv: not a description's words.
        let found = in_content.captures(content.filter(|_| pragma)?)?;
        Some(found.get(1)?.as_bytes().to_vec())
    })?;
    let Some(encoding) = Encoding::for_label(&label) else {
        return Some(Err(String::from_utf8_lossy(&label).into_owned()));
    };
    match encoding {
        e if e == UTF_8 || e == UTF_16LE || e == UTF_16BE => None,
        e if e == X_USER_DEFINED => Some(Ok(WINDOWS_1252)),
        e if e == REPLACEMENT => Some(Err(String::from_utf8_lossy(&label).into_owned())),
        e => Some(Ok(e)),
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
            "bad.txt: invalid UTF-8 at byte offset 5 (line 2, column 3); save it as UTF-8 (a text \
             editor's \"Save as\" offers it), or as a web page that declares its charset"
        );
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let units = "\u{FEFF}".encode_utf16().chain(text.encode_utf16());
        match big_endian {
            true => units.flat_map(u16::to_be_bytes).collect(),
            false => units.flat_map(u16::to_le_bytes).collect(),
        }
    }

    fn read(bytes: &[u8]) -> Result<String, String> {
        Source::from_bytes(Path::new("p"), bytes.to_vec())
            .map(|s| s.text)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(
            Source::from_bytes(Path::new("x"), b"PK\x03\x04\x00\x00".to_vec()),
            Err(SourceError::Binary { offset: 4, .. })
        ));
    }

    #[test]
    fn utf16_without_a_byte_order_mark_is_named() {
        let text = "Privacy\r\nWe collect your r\u{E9}sum\u{E9}.";
        let little: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let big: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [little, big] {
            assert_eq!(
                read(&bytes),
                Err("p: looks like UTF-16 without a byte-order mark; save it as UTF-8 (or as UTF-16 with one)".into())
            );
        }
        // Three bytes, one NUL: binary, not UTF-16.
        assert!(matches!(
            Source::from_bytes(Path::new("x"), b"a\0b".to_vec()),
            Err(SourceError::Binary { offset: 1, .. })
        ));
        // NUL bytes on both sides of the units: binary.
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00";
        assert!(read(png).is_err_and(|e| e.contains("binary file")));
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let text = "Privacy\r\nWe collect your r\u{E9}sum\u{E9} \u{1F600}.";
        assert_eq!(read(&utf16(text, false)).as_deref(), Ok(text));
        assert_eq!(read(&utf16(text, true)).as_deref(), Ok(text));
        // A lone surrogate, after "ab\n" and the mark: bytes 2 to 7 are the three characters.
        let mut bad = utf16("ab\ncd", false);
        bad[8..10].copy_from_slice(&0xD800u16.to_le_bytes());
        assert_eq!(
            read(&bad),
            Err("p: invalid UTF-16LE at byte offset 8 (line 2, column 1)".into())
        );
        // A NUL character is binary, at its offset in the file.
        assert_eq!(
            read(&utf16("ab\0", false)),
            Err("p: looks like a binary file (NUL byte at byte offset 6)".into())
        );
    }

    #[test]
    fn a_web_page_in_a_declared_legacy_charset_is_decoded() {
        let page = b"<html><head><meta charset=\"windows-1252\"></head>\n<p>\x93We\x94 collect your r\xe9sum\xe9.</p>";
        let text = read(page).unwrap_or_default();
        assert!(
            text.ends_with("<p>\u{201C}We\u{201D} collect your r\u{E9}sum\u{E9}.</p>"),
            "{text}"
        );
        // The older form, with the name as browsers read it: ISO-8859-1 is windows-1252.
        let page =
            b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ISO-8859-1'>\x93\xe9";
        assert!(read(page).is_ok_and(|t| t.ends_with("\u{201C}\u{E9}")));
        // Attributes in any order and case, quoted either way, after the comment.
        let page = b"<!-- <meta charset=utf-8> --><meta content=\"text/html;charset='iso-8859-15'\" HTTP-EQUIV=content-type />\xa4";
        assert!(read(page).is_ok_and(|t| t.ends_with("\u{20AC}")));
        // ISO-2022-JP is 7-bit, valid UTF-8: its declaration is read all the same.
        let page = b"<meta charset=iso-2022-jp><p>\x1b$B%W%i%$%P%7!<\x1b(B</p>";
        assert!(
            read(page).is_ok_and(
                |t| t.contains("<p>\u{30D7}\u{30E9}\u{30A4}\u{30D0}\u{30B7}\u{30FC}</p>")
            )
        );
        let page =
            b"<meta charset=shift_jis><p>\x83\x76\x83\x89\x83\x43\x83\x6f\x83\x56\x81\x5b</p>";
        assert!(
            read(page)
                .is_ok_and(|t| t.contains("\u{30D7}\u{30E9}\u{30A4}\u{30D0}\u{30B7}\u{30FC}"))
        );
        // Bytes the declared charset has no character for.
        assert_eq!(
            read(b"<meta charset=shift_jis>\n\n\x85\x40"),
            Err("p: invalid Shift_JIS at byte offset 26 (line 3, column 1)".into())
        );
    }

    #[test]
    fn bytes_not_utf8_are_refused_unless_a_page_declares_their_charset() {
        for undeclared in [
            &b"We collect your r\xe9sum\xe9."[..],
            // UTF-8 declared (or UTF-16, which a page in ASCII cannot be) is no other charset.
            b"<meta charset=utf-8>r\xe9sum\xe9",
            b"<meta charset=utf-16>r\xe9sum\xe9",
            // Past the first 1024 bytes, where browsers stop looking.
            &[&[b' '; 1024][..], b"<meta charset=latin1>r\xe9sum\xe9"].concat(),
        ] {
            assert!(
                read(undeclared).is_err_and(|e| e.contains("invalid UTF-8")),
                "{undeclared:?}"
            );
        }
        // What browsers do not read as a declaration: a comment, a description's words, an
        // attribute that ends in "charset", a name cut at byte 1024, a UTF-8 byte-order mark's
        // page.
        for undeclared in [
            &b"<!-- <meta charset=windows-1252> --><p>r\xe9sum\xe9"[..],
            b"<meta name=description content='text/html; charset=koi8-r'>r\xe9sum\xe9",
            b"<meta data-charset=windows-1252>r\xe9sum\xe9",
            &[&[b' '; 1000][..], b"<meta charset=iso-8859-15>\xa4"].concat(),
            b"\xef\xbb\xbf<meta charset=windows-1252>r\xe9sum\xe9",
        ] {
            assert!(
                read(undeclared).is_err_and(|e| e.contains("invalid UTF-8")),
                "{undeclared:?}"
            );
        }
        assert_eq!(
            read(b"<meta charset=klingon>\xe9"),
            Err("p: declares the charset klingon, which policy-lint cannot decode".into())
        );
        assert_eq!(
            read(b"<meta charset=iso-2022-kr>\xe9"),
            Err("p: declares the charset iso-2022-kr, which policy-lint cannot decode".into())
        );
    }
}
