//! Errors about a spec: each names the file, the JSON pointer of the offending node, what is wrong
//! and what to do about it. Stages collect every problem they find and stop between phases.
//!
//! When they are told, each is given its place ([`mod@locate`]): `file:line:column` and the source
//! line with a mark under the key or value at fault, shown as rustc shows its errors
//! ([`render`]).

mod locate;
mod render;

pub use locate::{Origins, locate_with};
pub use render::{Severity, Style, snippet};

use std::fmt;
use std::ops::Range;
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
    /// Which part of the node is at fault: its value (a wrong type, the default) or its key
    /// (a field that is unknown, or missing from the mapping the pointer names).
    pub mark: Mark,
    /// Where the node is in the text, once found (by `locate`); `None` until then.
    pub located: Option<Located>,
}

/// The part of a node a diagnostic marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Mark {
    /// The value (a wrong type, a bad value).
    #[default]
    Value,
    /// The key it is under (a field that should not be there, or one missing from it).
    Key,
}

/// Where a diagnostic's node is, or why no line can be shown.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Located {
    /// The node's place in the text.
    At(Place),
    /// No line to show, and why (an empty file, a problem of the whole file).
    Nowhere(String),
}

/// A place in a file, with its line of text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Place {
    /// The file the node is in: a file a `$ref` named, for a node brought in from it.
    pub file: PathBuf,
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, in characters.
    pub column: usize,
    /// The line's text; of a long line, the part around the mark.
    pub text: String,
    /// How many characters of a long line are left out before `text`.
    pub left_out: usize,
    /// The bytes of `text` to mark.
    pub marked: Range<usize>,
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
            mark: Mark::Value,
            located: None,
        }
    }

    /// Whether the problem says where it is: the JSON pointer of its node, a line and column
    /// (text that does not parse has no nodes to point at), or why it has neither (a file that
    /// cannot be read). Every problem clientgen returns does; the fuzz targets check it.
    pub fn says_where(&self) -> bool {
        self.pointer.starts_with('#')
            || self.line_column.is_some()
            || matches!(self.located, Some(Located::Nowhere(_)))
    }

    /// The same problem, marking the node's key rather than its value.
    pub fn at_key(mut self) -> Self {
        self.mark = Mark::Key;
        self
    }

    /// The first line: the file (with the line and column of a syntax error), the pointer and
    /// the message.
    pub fn headline(&self) -> String {
        let mut out = self.file.display().to_string();
        if let Some((line, column)) = self.line_column {
            out.push_str(&format!(":{line}:{column}"));
        }
        if !self.pointer.is_empty() {
            out.push_str(": ");
            out.push_str(&self.pointer);
        }
        out.push_str(": ");
        out.push_str(&self.message);
        out
    }

    /// The problem told as `severity`, with its place when it has been located: the headline,
    /// `--> file:line:column`, the source line with the node marked, and the hint.
    pub fn render(&self, severity: Severity, style: Style) -> String {
        render::render(self, severity, style)
    }
}

/// As an error, in plain text.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Severity::Error, Style::Plain))
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

    /// Every problem as an error, in `style`, one after the other.
    pub fn render(&self, style: Style) -> String {
        let told: Vec<String> = self
            .0
            .iter()
            .map(|d| d.render(Severity::Error, style))
            .collect();
        told.join("\n")
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

/// In plain text.
impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Style::Plain))
    }
}

/// Gives each diagnostic without a place its place, reading the files they name from disk
/// (each once); nodes brought in from another file (`origins`) are shown in that file. Called
/// when diagnostics are about to be told, never on a spec without any.
pub fn locate(diagnostics: &mut [Diagnostic], origins: &Origins) {
    locate_with(diagnostics, origins, &mut |file| {
        std::fs::read_to_string(file).ok()
    });
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

/// A JSON pointer as a walk goes down a document, written out only when something is told at
/// it ([`Pointer::written`]): a walk over every schema of a large document allocates nothing
/// for the nodes that are fine.
#[derive(Debug, Clone, Copy)]
pub enum Pointer<'a> {
    /// Where the walk starts, written out (`#/components/schemas`).
    Root(&'a str),
    /// A key of a mapping under a node (escaped when written).
    Key(&'a Pointer<'a>, &'a str),
    /// An index of a list under a node.
    Index(&'a Pointer<'a>, usize),
}

impl<'a> Pointer<'a> {
    /// The pointer of `key` under this node.
    pub fn key(&'a self, key: &'a str) -> Pointer<'a> {
        Pointer::Key(self, key)
    }

    /// The pointer of item `index` under this node.
    pub fn index(&'a self, index: usize) -> Pointer<'a> {
        Pointer::Index(self, index)
    }

    /// The pointer as text, as [`join`] writes it.
    pub fn written(&self) -> String {
        match self {
            Pointer::Root(root) => root.to_string(),
            Pointer::Key(parent, key) => join(&parent.written(), key),
            Pointer::Index(parent, index) => format!("{}/{index}", parent.written()),
        }
    }
}
