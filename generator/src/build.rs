//! Generating a client from a build script.
//!
//! ```no_run
//! // build.rs, in `fn main()`:
//! match clientgen::build::Builder::new("spec/smart_invites.yaml").generate() {
//!     // `built.dependencies` are the `[dependencies]` lines the module needs.
//!     Ok(built) => assert!(!built.dependencies.is_empty()),
//!     Err(e) => {
//!         eprintln!("{e}");
//!         std::process::exit(1);
//!     }
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! pub mod smart_invites {
//!     include!(concat!(env!("OUT_DIR"), "/smart_invites.rs"));
//! }
//! ```
//!
//! The including crate needs the dependencies a crate `clientgen generate` writes lists: `reqwest`,
//! `serde`, `serde_json`, and, only when the spec calls for them, `tokio` (retries of idempotent
//! operations) and `hmac`, `sha2`, `base64` (webhook verification). [`Built::dependencies`] has
//! the exact lines; the builder warns (`cargo:warning`) about each one the package's
//! `Cargo.toml` does not name.
//!
//! Those lines give reqwest its `rustls` feature (rustls on aws-lc-rs, which builds the C library
//! `aws-lc-sys`); the including crate chooses another backend in its own reqwest line, as a
//! generated crate does with its features: `native-tls` (no `aws-lc-sys`; OpenSSL's headers to
//! build), or `rustls-no-provider` with `rustls = { version = "0.23", default-features = false,
//! features = ["ring"] }` and a feature `rustls-ring` of its own, with which the module installs
//! rustls on *ring* as the process's provider. reqwest's `http2` passes HTTP/2.

use crate::diagnostics::{Severity, Style};
use crate::{Diagnostic, Error, Generator, Settings};
use std::path::{Component, Path, PathBuf};

/// Writes a client into `OUT_DIR` (or another folder) as one module file: a [`Generator`] (its
/// options and settings) and where the module goes.
///
/// ```no_run
/// // build.rs, in `fn main()`: options and settings are the `Generator`'s.
/// let generator = clientgen::Generator::new("spec/events.yaml")
///     .tags(["events"])
///     .format("date-time", "jiff");
/// clientgen::build::Builder::from(generator).generate()?;
/// # Ok::<(), clientgen::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Builder {
    file_name: Option<String>,
    out_dir: Option<PathBuf>,
    /// What to generate, as the command line's `generate` takes it.
    generator: Generator,
}

/// What [`Builder::generate`] wrote.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Built {
    /// The module file.
    pub path: PathBuf,
    /// The `[dependencies]` lines the including crate needs, one crate a line, as a crate
    /// `clientgen generate` writes lists them (`serde_json = "1"`), with reqwest's `rustls`
    /// in place of that crate's TLS features.
    pub dependencies: Vec<String>,
    /// What [`Generator::skip_unsupported`] left out, and why (each also printed once as a
    /// `cargo:warning`).
    pub skipped: Vec<Diagnostic>,
    /// With [`Generator::tag_features`], the `[features]` table the including crate declares
    /// (the same lines as the `Cargo.toml` of `clientgen generate --tag-features`).
    pub features: Option<String>,
}

impl From<Generator> for Builder {
    /// Writes what `generator` generates, as one module.
    fn from(generator: Generator) -> Self {
        Builder {
            file_name: None,
            out_dir: None,
            generator,
        }
    }
}

impl Builder {
    /// A client from the spec at `spec`, relative to the package being built, with the
    /// defaults; [`Builder::from`] a [`Generator`] takes options and settings.
    pub fn new(spec: impl AsRef<Path>) -> Self {
        Builder::from(Generator::new(spec))
    }

    /// The file written (default: the spec's file name in snake case, with `.rs`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Where to write (default: the `OUT_DIR` cargo gives build scripts).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Replaces every setting (as [`Generator::settings`]), for settings read from a file
    /// with `Settings::from_toml`.
    pub fn settings(mut self, settings: Settings) -> Self {
        self.generator = self.generator.settings(settings);
        self
    }

    /// Generates, prints `cargo:rerun-if-changed` for every spec and overlay file read
    /// (relative when the spec path is), and writes the file if its bytes changed.
    pub fn generate(&self) -> Result<Built, Error> {
        let spec = &self.generator.spec;
        println!("cargo:rerun-if-changed={}", spec.display());
        let file_name = self.file_name.clone().unwrap_or_else(|| {
            let stem = spec
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("client");
            format!("{}.rs", crate::naming::snake(stem, "client"))
        });
        let output = self.generator.generate_module(&file_name)?;
        // The loader reads other files through their canonical paths; a relative spec path
        // keeps them relative to where cargo runs the build script (the package folder).
        let base = if spec.is_relative() {
            std::env::current_dir().and_then(|d| d.canonicalize()).ok()
        } else {
            None
        };
        for input in output.inputs.iter().filter(|i| *i != spec) {
            let shown = base
                .as_deref()
                .and_then(|base| relative(input, base))
                .unwrap_or_else(|| input.clone());
            println!("cargo:rerun-if-changed={}", shown.display());
        }
        // Cargo shows a warning per line: each line of the text is one, in plain text.
        let told = output.skipped.iter().map(|d| (Severity::Skipped, d));
        for (severity, d) in told.chain(output.warnings.iter().map(|d| (Severity::Warning, d))) {
            for line in d.render(severity, Style::Plain).lines() {
                println!("cargo:warning={line}");
            }
        }
        warn_missing_dependencies(&output.dependencies);
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Error::Io(
                        PathBuf::from("OUT_DIR"),
                        std::io::Error::other(
                            "OUT_DIR is not set: call this from a build script or set out_dir",
                        ),
                    )
                })?,
        };
        for (name, text) in &output.files {
            let target = out_dir.join(name);
            crate::write::write_if_changed(&target, text.as_bytes())
                .map_err(|e| Error::Io(target.clone(), e))?;
        }
        Ok(Built {
            path: out_dir.join(&file_name),
            dependencies: output.dependencies,
            skipped: output.skipped,
            features: output.features,
        })
    }
}

/// Warns about each dependency line whose crate the package being built does not name in its
/// `Cargo.toml` (read as text: a line starting with the crate's name and `=` or `.`, or a
/// `[dependencies.NAME]` table). Outside a build script, or when the manifest cannot be read,
/// says nothing.
fn warn_missing_dependencies(lines: &[String]) {
    let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        return;
    };
    let Ok(manifest) = std::fs::read_to_string(Path::new(&dir).join("Cargo.toml")) else {
        return;
    };
    for line in lines {
        let name = line.split([' ', '=']).next().unwrap_or_default();
        if !names_crate(&manifest, name) {
            println!("cargo:warning=the generated client needs `{line}` under [dependencies]");
        }
    }
}

fn names_crate(manifest: &str, name: &str) -> bool {
    manifest.lines().any(|line| {
        let line = line.trim_start();
        line.strip_prefix(name)
            .is_some_and(|rest| rest.trim_start().starts_with(['=', '.']))
            || line.replace(' ', "") == format!("[dependencies.{name}]")
    })
}

/// `path` relative to `base` (both canonical), with `..` where it lies outside.
fn relative(path: &Path, base: &Path) -> Option<PathBuf> {
    let path: Vec<Component> = path.components().collect();
    let base: Vec<Component> = base.components().collect();
    // Different roots (another drive on Windows): no relative path.
    if path.first() != base.first() {
        return None;
    }
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut relative = PathBuf::new();
    for _ in common..base.len() {
        relative.push("..");
    }
    for part in &path[common..] {
        relative.push(part);
    }
    Some(relative)
}

#[cfg(test)]
mod tests {
    use super::{names_crate, relative};
    use std::path::Path;

    #[test]
    fn relative_paths_climb_out_of_the_base() {
        let rel = |p: &str, b: &str| relative(Path::new(p), Path::new(b));
        assert_eq!(rel("/a/b/spec.yaml", "/a/b"), Some("spec.yaml".into()));
        assert_eq!(rel("/a/spec/x.yaml", "/a/b"), Some("../spec/x.yaml".into()));
        assert_eq!(rel("/a/b/c/d.yaml", "/a/b"), Some("c/d.yaml".into()));
    }

    #[test]
    fn a_dependency_is_named_by_its_line_or_its_table() {
        let manifest = "[dependencies]\nserde_json = \"1\"\nhmac.workspace = true\n\
                        [dependencies.sha2]\nversion = \"0.10\"\n";
        assert!(names_crate(manifest, "serde_json"));
        assert!(names_crate(manifest, "hmac"));
        assert!(names_crate(manifest, "sha2"));
        assert!(!names_crate(manifest, "serde"));
        assert!(!names_crate(manifest, "tokio"));
    }
}
