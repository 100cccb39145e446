//! Errors about a spec: each names the file, the JSON pointer of the offending node, what is wrong
//! and what to do about it. Stages collect every problem they find and stop between phases.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: PathBuf,
    /// JSON pointer of the offending node (`#/paths/~1pets/get`), `#` for the whole document,
    /// or empty when the problem is in no node: the file cannot be read, or its text does not
    /// parse (then [`Diagnostic::line_column`] says where).
    pub pointer: String,
    /// Line and column (1-based) when the problem is a syntax error.
    pub line_column: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl Diagnostic {
    /// A problem at `pointer` in `file`, and what to do about it: every problem has a hint.
    pub fn new(
        file: &Path,
        pointer: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            pointer: pointer.into(),
            line_column: None,
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.line_column {
            write!(f, ":{line}:{column}")?;
        }
        if !self.pointer.is_empty() {
            write!(f, ": {}", self.pointer)?;
        }
        write!(f, ": {}", self.message)?;
        write!(f, "\n  help: {}", self.hint)
    }
}

/// Every problem found before generation stopped; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// The problems, in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Reads one JSON pointer segment back (RFC 6901): `~1` is `/`, `~0` is `~`.
pub fn unescape_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// `reference` with its `%XX` escapes decoded (a URI fragment escapes `{`, `}`, spaces...),
/// or `None` when it has none, or when decoding would not give UTF-8 text or would add a `#`.
pub fn percent_decoded(reference: &str) -> Option<String> {
    if !reference.contains('%') {
        return None;
    }
    let bytes = reference.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    let decoded = String::from_utf8(out).ok()?;
    let hashes = |s: &str| s.matches('#').count();
    (decoded != reference && hashes(&decoded) == hashes(reference)).then_some(decoded)
}

/// Appends a segment to a pointer.
pub fn join(pointer: &str, segment: &str) -> String {
    format!("{pointer}/{}", escape_segment(segment))
}
