//! The error that stops a generation.

use crate::diagnostics::Diagnostics;
use std::fmt;
use std::path::PathBuf;

/// Anything that stops generation.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The spec has problems, each with its place.
    Spec(Diagnostics),
    /// Reading or writing files failed.
    Io(PathBuf, std::io::Error),
    /// A bug of clientgen, not a problem of the spec: the emitted code did not parse or format.
    /// The message names the spec it happened on; please report it.
    Internal {
        /// The spec being generated.
        spec: PathBuf,
        /// What went wrong.
        message: String,
    },
}

impl Error {
    /// Whether [`crate::Generator::skip_unsupported`] would generate the rest of the spec: the
    /// error is the spec's, and each of its problems lies in an operation or a schema that can
    /// be left out (a problem of the document as a whole, such as text that does not parse,
    /// cannot).
    pub fn skippable(&self) -> bool {
        match self {
            Error::Spec(problems) => crate::skip::Skip::default().absorb(problems),
            Error::Io(..) | Error::Internal { .. } => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec(d) => d.fmt(f),
            Error::Io(path, e) => write!(f, "error: {}: {e}", path.display()),
            Error::Internal { spec, message } => write!(
                f,
                "error: internal error of clientgen while generating from {}: {message}\n  \
                 = this is a bug of clientgen, not of the spec: please report it with the spec",
                spec.display()
            ),
        }
    }
}

impl std::error::Error for Error {}

impl From<Diagnostics> for Error {
    fn from(d: Diagnostics) -> Self {
        Error::Spec(d)
    }
}
