//! Generating a client from a build script.
//!
//! ```no_run
//! // build.rs, in `fn main()`:
//! if let Err(e) = clientgen::build::Builder::new("spec/smart_invites.yaml").generate() {
//!     eprintln!("{e}");
//!     std::process::exit(1);
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
//! The including crate depends on `reqwest` (features `json`, `query`), `serde` (feature
//! `derive`) and `serde_json` (feature `float_roundtrip`, so decimals are read exactly), as the
//! crates `clientgen generate` writes do:
//!
//! ```toml
//! serde_json = { version = "1", features = ["float_roundtrip"] }
//! ```

use crate::{Error, Generator, Settings};
use std::path::{Path, PathBuf};

/// Writes a client into `OUT_DIR` (or another folder) as one module file.
#[derive(Debug, Clone)]
pub struct Builder {
    spec: PathBuf,
    file_name: Option<String>,
    out_dir: Option<PathBuf>,
    settings: Settings,
}

impl Builder {
    /// A client from the spec at `spec`, relative to the package being built.
    pub fn new(spec: impl AsRef<Path>) -> Self {
        Builder {
            spec: spec.as_ref().to_path_buf(),
            file_name: None,
            out_dir: None,
            settings: Settings::default(),
        }
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

    // Settings (see [`crate::settings`]): the same as `Generator`'s and a Cargo metadata entry's.

    /// Replaces every setting with `settings` (e.g. read with [`Settings::from_toml`]).
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// Reads strings of `format` (`date-time`, `date`, `uuid`, `byte`) as `choice` (`time`,
    /// `chrono`, `jiff`, `uuid`, `bytes`; `string` is the default). The including crate then
    /// depends on that crate: `time = { version = "0.3", features = ["formatting", "parsing"] }`,
    /// `chrono = { version = "0.4", default-features = false, features = ["alloc"] }`,
    /// `jiff = "0.2"`, `uuid = "1"` or `base64 = "0.22"`.
    pub fn format(mut self, format: impl Into<String>, choice: impl Into<String>) -> Self {
        self.settings.formats.insert(format.into(), choice.into());
        self
    }

    /// Uses the Rust type at `path` instead of generating one for the component schema
    /// `schema`; it must serialize and deserialize as the schema does on the wire.
    pub fn replace(mut self, schema: impl Into<String>, path: impl Into<String>) -> Self {
        self.settings.replace.insert(schema.into(), path.into());
        self
    }

    /// Adds `derive` to every schema type.
    pub fn derive(mut self, derive: impl Into<String>) -> Self {
        self.settings.derive.push(derive.into());
        self
    }

    /// Adds `derive` to the type of the component schema `schema`.
    pub fn derive_for(mut self, schema: impl Into<String>, derive: impl Into<String>) -> Self {
        let derives = self.settings.derive_for.entry(schema.into()).or_default();
        derives.push(derive.into());
        self
    }

    /// Names the type of the component schema `schema` `name`.
    pub fn rename_schema(mut self, schema: impl Into<String>, name: impl Into<String>) -> Self {
        let (schema, name) = (schema.into(), name.into());
        self.settings.rename_schemas.insert(schema, name);
        self
    }

    /// Names the field of `property` of the component schema `schema` `name`.
    pub fn rename_property(
        mut self,
        schema: &str,
        property: &str,
        name: impl Into<String>,
    ) -> Self {
        let key = format!("{schema}.{property}");
        self.settings.rename_properties.insert(key, name.into());
        self
    }

    /// Names the method of the operation with `operation_id` `name`.
    pub fn rename_operation(
        mut self,
        operation_id: impl Into<String>,
        name: impl Into<String>,
    ) -> Self {
        let (id, name) = (operation_id.into(), name.into());
        self.settings.rename_operations.insert(id, name);
        self
    }

    /// Generates, prints `cargo:rerun-if-changed` for every spec file read, and writes the file
    /// if its bytes changed. Returns the path of the file.
    pub fn generate(&self) -> Result<PathBuf, Error> {
        println!("cargo:rerun-if-changed={}", self.spec.display());
        let file_name = self.file_name.clone().unwrap_or_else(|| {
            let stem = self
                .spec
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("client");
            format!("{}.rs", crate::naming::snake(stem, "client"))
        });
        let output = Generator::new(&self.spec)
            .settings(self.settings.clone())
            .generate_module(&file_name)?;
        for input in output.inputs.iter().filter(|i| **i != self.spec) {
            println!("cargo:rerun-if-changed={}", input.display());
        }
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
        let path = out_dir.join(&file_name);
        for (name, text) in &output.files {
            let target = out_dir.join(name);
            crate::write::write_if_changed(&target, text.as_bytes())
                .map_err(|e| Error::Io(target.clone(), e))?;
        }
        Ok(path)
    }
}
