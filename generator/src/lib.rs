//! clientgen turns an OpenAPI 3.0, 3.1 or 3.2 document into a Rust client crate.
//!
//! One pipeline serves the CLI, build scripts and tests: load (read and check the document) ->
//! model (every type, operation and name decided) -> emit (`quote!` templates, put into files by
//! the layout) -> format (prettyplease) -> write (only changed files). The stages are private;
//! what a build script or a tool calls is here:
//!
//! - [`Generator`]: one generation, its options and [`Settings`]; [`Generator::generate`] gives
//!   the files of a crate ([`Output`]), [`Generator::generate_module`] one module for `include!`.
//! - [`build::Builder`]: a `Generator` run from a build script, into `OUT_DIR`.
//! - [`Error`], with the spec's problems as [`Diagnostics`] (each a [`Diagnostic`] with its place).
//! - [`diff`]: how the clients of two specs differ ([`diff::Report`]), with the semver bump.
//! - [`workspace`] (feature `workspace`): the clients a workspace's `Cargo.toml` lists.
//!
//! ```no_run
//! let output = clientgen::Generator::new("spec/smart_invites.yaml")
//!     .crate_name("cronofy-smart-invites")
//!     .generate()?;
//! output.write_to("generated/cronofy-smart-invites".as_ref())?;
//! # Ok::<(), clientgen::Error>(())
//! ```

pub mod build;
mod dependencies;
mod diagnostics;
pub mod diff;
mod emit;
mod error;
mod format;
mod layout;
mod load;
mod model;
mod naming;
mod parallel;
mod refs;
mod selection;
pub mod settings;
mod skip;
mod spec_types;
mod text;
mod threads;
#[cfg(feature = "workspace")]
pub mod workspace;
mod write;

pub use diagnostics::{Diagnostic, Diagnostics, Located, Mark, Place, Severity, Style, snippet};
pub use error::Error;
pub use settings::{Settings, SettingsError};
pub use write::{Difference, SPEC_FILE, WriteReport};

/// The stages inside, for clientgen's own tests, benchmarks and fuzzing: not an API, changed
/// by any release.
#[doc(hidden)]
pub mod __private {
    /// Reading and checking a document.
    pub mod load {
        pub use crate::load::*;
    }
    /// The model of a document.
    pub mod model {
        pub use crate::model::*;
    }
    /// Names.
    pub mod naming {
        pub use crate::naming::*;
    }
    /// What `skip_unsupported` leaves out.
    pub mod skip {
        pub use crate::skip::*;
    }
    /// Writing files.
    pub mod write {
        pub use crate::write::*;
    }
}

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Settings for one generation.
#[derive(Debug, Clone)]
pub struct Generator {
    spec: PathBuf,
    crate_name: Option<String>,
    command: Option<String>,
    display_root: Option<PathBuf>,
    skip_unsupported: bool,
    selection: model::Selection,
    settings: Settings,
    /// What the setting methods refused, each naming the call; `generate` reports them.
    refused: Vec<SettingsError>,
}

/// The spec after its overlays ([`Generator::overlaid`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Overlaid {
    /// The document, as YAML or JSON like the spec.
    pub text: String,
    /// Each overlay action whose target selects nothing.
    pub warnings: Vec<Diagnostic>,
}

/// Time spent in each stage.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[non_exhaustive]
pub struct Timings {
    /// Reading and parsing the document (and finding the lines of the warnings told).
    pub load: Duration,
    /// Building the model.
    pub model: Duration,
    /// Emitting tokens, summed over the threads that emit.
    pub emit: Duration,
    /// Formatting with prettyplease, summed over the threads that format.
    pub format: Duration,
    /// The threads that emitted and formatted.
    pub threads: usize,
    /// Wall time of emitting and formatting together.
    pub emit_format: Duration,
    /// Wall time of the whole generation.
    pub total: Duration,
}

/// The generated files, in memory.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Output {
    /// File contents by path relative to the output folder.
    pub files: BTreeMap<PathBuf, String>,
    /// Every spec file read.
    pub inputs: Vec<PathBuf>,
    /// Time per stage.
    pub timings: Timings,
    /// What `skip_unsupported` left out, and why.
    pub skipped: Vec<Diagnostic>,
    /// What was accepted but deserves a word (a reference to an entry of another component
    /// map that has the shape needed).
    pub warnings: Vec<Diagnostic>,
    /// The `[dependencies]` lines of a crate holding the client, one crate a line (`serde_json =
    /// "1"`): what a crate that `include!`s a module needs, and what `Cargo.toml` lists, which
    /// has the TLS backend as features (reqwest's `rustls` here).
    pub dependencies: Vec<String>,
    /// With [`Generator::tag_features`], the `[features]` table the crate declares: the crate
    /// `generate` writes has it in its `Cargo.toml`; a crate including
    /// [`Generator::generate_module`]'s file copies it into its own.
    pub features: Option<String>,
}

/// The model of a spec, and what the stages before it have to tell.
struct Built {
    /// Every spec file read.
    inputs: Vec<PathBuf>,
    api: model::Api,
    /// What `skip_unsupported` left out, and why.
    skipped: Vec<Diagnostic>,
    /// What was accepted with a word.
    warnings: Vec<Diagnostic>,
    /// The document as one JSON text, when asked for (see `load::load_file_bundled`).
    bundled: Option<String>,
}

impl Output {
    /// Writes the files under `dir`, touching only files whose bytes change.
    pub fn write_to(&self, dir: &Path) -> Result<WriteReport, Error> {
        write::write_files(dir, &self.files).map_err(|e| Error::Io(dir.to_path_buf(), e))
    }

    /// How `dir` differs from these files; empty when it is up to date.
    pub fn compare_with(&self, dir: &Path) -> Vec<Difference> {
        write::compare(dir, &self.files)
    }
}

impl Generator {
    /// Generation from the spec at `spec` (YAML or JSON).
    pub fn new(spec: impl AsRef<Path>) -> Self {
        Generator {
            spec: spec.as_ref().to_path_buf(),
            crate_name: None,
            command: None,
            display_root: None,
            skip_unsupported: false,
            selection: model::Selection::default(),
            settings: Settings::default(),
            refused: Vec::new(),
        }
    }

    /// The package name of the emitted crate (default: the spec's file name in kebab case).
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// The command named in the `@generated` header (default: the `clientgen generate` call
    /// that produces the same output).
    pub fn command(mut self, command: impl Into<String>) -> Self {
        self.command = Some(command.into());
        self
    }

    /// Shows the spec path relative to `root` in the header, so that output does not depend on
    /// where the project is checked out.
    pub fn display_root(mut self, root: impl Into<PathBuf>) -> Self {
        self.display_root = Some(root.into());
        self
    }

    /// The spec path as shown in headers.
    fn spec_display(&self) -> String {
        self.shown(&self.spec)
    }

    /// A path as shown in headers: relative to the display root, with `/`.
    fn shown(&self, path: &Path) -> String {
        let shown = match &self.display_root {
            Some(root) => path.strip_prefix(root).unwrap_or(path),
            None => path,
        };
        slashes(shown)
    }

    /// Leaves out operations and schemas the generator cannot handle (schemas become any JSON)
    /// instead of failing; [`Output::skipped`] lists them.
    pub fn skip_unsupported(mut self, skip: bool) -> Self {
        self.skip_unsupported = skip;
        self
    }

    /// Generates only the operations with one of `tags` (and the types they use).
    pub fn tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.selection.tags.extend(tags.into_iter().map(Into::into));
        self
    }

    /// Generates only these operations (by `operationId`, method name or `METHOD /path`), and
    /// the types they use. Combined with [`Generator::tags`], an operation either selects is kept.
    pub fn operations<S: Into<String>>(mut self, operations: impl IntoIterator<Item = S>) -> Self {
        self.selection
            .operations
            .extend(operations.into_iter().map(Into::into));
        self
    }

    // Settings (see [`settings`]): one struct, whichever way it is filled. Each method checks
    // its values on the spot; what it refuses is reported by `generate`, naming the call.

    /// Replaces every setting with `settings` (as read from Cargo metadata or a settings file).
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// Applies `set` to the settings; a refusal is kept, told as a problem of `call`.
    fn set(
        mut self,
        call: impl FnOnce() -> String,
        set: impl FnOnce(&mut Settings) -> Result<(), SettingsError>,
    ) -> Self {
        if let Err(e) = set(&mut self.settings) {
            self.refused.push(e.at(&call()));
        }
        self
    }

    /// Reads strings of `format` (`date-time`, `date`, `uuid`, `byte`) as `choice` (`time`,
    /// `chrono`, `jiff`, `uuid`, `bytes`, or `string`, the default); a value that does not parse is kept as text
    /// (`Parsed::Invalid`). An unknown format or choice is reported by `generate`.
    pub fn format(self, format: &str, choice: &str) -> Self {
        let call = || format!(".format({format:?}, {choice:?})");
        self.set(call, |s| s.set_format(format, choice))
    }

    /// Uses the Rust type at `path` instead of generating one for the component schema
    /// `schema`. The type must serialize and deserialize as the schema does on the wire.
    pub fn replace(self, schema: &str, path: &str) -> Self {
        let call = || format!(".replace({schema:?}, {path:?})");
        self.set(call, |s| s.set_replace(schema, path))
    }

    /// Adds `derive` (`Eq`, `Hash`, `schemars::JsonSchema`) to every schema type.
    pub fn derive(self, derive: &str) -> Self {
        let call = || format!(".derive({derive:?})");
        self.set(call, |s| s.add_derive(derive))
    }

    /// Adds `derive` to the type of the component schema `schema`.
    pub fn derive_for(self, schema: &str, derive: &str) -> Self {
        let call = || format!(".derive_for({schema:?}, {derive:?})");
        self.set(call, |s| s.add_derive_for(schema, derive))
    }

    /// Names the type of the component schema `schema` `name`.
    pub fn rename_schema(self, schema: &str, name: &str) -> Self {
        let call = || format!(".rename_schema({schema:?}, {name:?})");
        self.set(call, |s| s.rename_schema(schema, name))
    }

    /// Names the field of `property` of the component schema `schema` `name`.
    pub fn rename_property(self, schema: &str, property: &str, name: &str) -> Self {
        let call = || format!(".rename_property({schema:?}, {property:?}, {name:?})");
        self.set(call, |s| s.rename_property(schema, property, name))
    }

    /// Names the method of the operation with `operation_id` `name`.
    pub fn rename_operation(self, operation_id: &str, name: &str) -> Self {
        let call = || format!(".rename_operation({operation_id:?}, {name:?})");
        self.set(call, |s| s.rename_operation(operation_id, name))
    }

    /// Pages the operation with `operation_id` as `pages` says, in the words of
    /// `x-speakeasy-pagination` (`type=cursor,cursor=after,nextCursor=$.next,results=$.data`),
    /// when the spec says nothing of its pages: it gets a `_stream` method.
    pub fn pagination(self, operation_id: &str, pages: &str) -> Self {
        let call = || format!(".pagination({operation_id:?}, {pages:?})");
        self.set(call, |s| s.set_pagination(operation_id, pages))
    }

    /// Ends the event stream of the operation with `operation_id` at the event whose data is
    /// `data` (OpenAI's `[DONE]`), when the spec does not say so with `x-speakeasy-sse-sentinel`.
    pub fn sse_sentinel(self, operation_id: &str, data: &str) -> Self {
        let call = || format!(".sse_sentinel({operation_id:?}, {data:?})");
        self.set(call, |s| {
            s.set_sse_sentinel(operation_id, data);
            Ok(())
        })
    }

    /// Groups the operations by their first tag: `client.repos().get(..)`, each group behind a
    /// Cargo feature named after the tag in snake case (operations without tags in `untagged`),
    /// each type compiled only with the features that need it (types no operation reaches with
    /// `unused_types`). The crate's default features enable every group. In a build script's
    /// module, the including crate declares the features (see `[features]` of the crate
    /// `generate` writes).
    pub fn tag_features(mut self, on: bool) -> Self {
        self.settings.set_tag_features(on);
        self
    }

    /// Emits the types alone: the schemas' types (and each operation's parameters and
    /// outcomes) without the HTTP client, its error type and retries, and without `reqwest` among
    /// the dependencies, for models shared by a server and its clients. Webhook verifiers,
    /// which serve the application receiving the callbacks, are left out too.
    pub fn no_client(mut self, on: bool) -> Self {
        self.settings.set_no_client(on);
        self
    }

    /// Emits a typed mock server of the API, the module `mock`, behind the feature `mock` (a
    /// build script's including crate declares it, with `wiremock` as an optional dependency):
    /// per operation, an expectation with typed parameters, body and responses, the spec's
    /// examples as ready responses, and a strict mode that fails a test on a request the spec
    /// does not allow. Every type then derives both `Serialize` and `Deserialize`.
    pub fn mock(mut self, on: bool) -> Self {
        self.settings.set_mock(on);
        self
    }

    /// Records a `tracing` span per call behind the feature `tracing` (a build script's
    /// including crate declares it, with `tracing` as an optional dependency): named after the
    /// operation, with OpenTelemetry's HTTP client attributes (`http.request.method`,
    /// `url.template`, `server.address`, `server.port`, `http.response.status_code`,
    /// `error.type`) and an event per retry; never a credential, a query or a body.
    pub fn tracing(mut self, on: bool) -> Self {
        self.settings.set_tracing(on);
        self
    }

    /// Lets the client send through a `reqwest_middleware::ClientWithMiddleware`
    /// (`Client::with_middleware`) behind the feature `middleware` (a build script's including
    /// crate declares it, with `reqwest-middleware` as an optional dependency), so the
    /// middleware ecosystem's retry, tracing and caching layers plug in.
    pub fn middleware(mut self, on: bool) -> Self {
        self.settings.set_middleware(on);
        self
    }

    /// Applies the OpenAPI Overlay (1.0 or 1.1, YAML or JSON) at `path` to the spec before it
    /// is read, after those added before. An action whose target selects nothing is a warning
    /// ([`Output::warnings`]); an overlay that cannot be applied stops generation.
    pub fn overlay(mut self, path: impl Into<PathBuf>) -> Self {
        self.settings.add_overlay(path);
        self
    }

    /// The settings in use.
    pub fn current_settings(&self) -> &Settings {
        &self.settings
    }

    /// The package name used.
    pub fn package_name(&self) -> String {
        self.crate_name.clone().unwrap_or_else(|| {
            let stem = self
                .spec
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("client");
            let name = naming::snake(stem, "client").replace('_', "-");
            name.trim_start_matches("r#").to_string()
        })
    }

    /// The `clientgen generate` command that writes this generator's crate into `out`: the
    /// spec as headers show it, the package name, then the flags of the options and settings
    /// set (the command the `@generated` header names, so that it regenerates the same client).
    /// Without `out` (a library call that does not say where the crate goes), `--out <DIR>` and
    /// no flags.
    pub fn command_line(&self, out: Option<&Path>) -> String {
        let word = text::shell_word;
        // A placeholder when there is no folder, not a word to quote.
        let shown_out = out.map_or("<DIR>".to_string(), |out| word(&slashes(out)).into_owned());
        let mut line = format!(
            "clientgen generate {} --out {shown_out} --name {}",
            word(&self.spec_display()),
            word(&self.package_name())
        );
        if out.is_none() {
            return line;
        }
        let mut flags = Vec::new();
        if self.skip_unsupported {
            flags.push("--skip-unsupported".to_string());
        }
        let selected = [
            ("tags", &self.selection.tags),
            ("operations", &self.selection.operations),
        ];
        for (flag, names) in selected {
            if !names.is_empty() {
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                flags.push(format!("--{flag} {}", word(&names.join(","))));
            }
        }
        // Overlays as headers show paths (a listed client's are read from the root).
        let shown = self.settings.with_overlays_shown(|o| self.shown(o));
        flags.extend(
            shown
                .to_flags()
                .into_iter()
                .map(|flag| match flag.split_once(' ') {
                    Some((name, value)) => format!("{name} {}", word(value)),
                    None => flag,
                }),
        );
        for flag in flags {
            line.push(' ');
            line.push_str(&flag);
        }
        line
    }

    fn header(&self, default_command: String) -> String {
        // Paths and commands come from the user: no line break or control character of theirs
        // may end the comment the header lives in.
        let command = text::sanitize(&self.command.clone().unwrap_or(default_command));
        let mut from = self.spec_display();
        for (i, overlay) in self.settings.overlays().iter().enumerate() {
            from.push_str(if i == 0 { " with the overlays " } else { ", " });
            from.push_str(&self.shown(overlay));
        }
        format!(
            "{} from {}. Do not edit: regenerate with\n`{command}`.",
            write::MARKER,
            text::sanitize(&from)
        )
    }

    fn build_model(&self, timings: &mut Timings, keep_bundle: bool) -> Result<Built, Error> {
        // The document is not needed past the model: its memory is freed before emitting.
        let overlays = self.settings.overlays();
        self.model_of(&self.spec, overlays, timings, keep_bundle)
            .map(|(_, built)| built)
    }

    /// The model of `spec` (the generator's own, or another version of it) after `overlays`,
    /// built with these settings, beside the document it was built from.
    fn model_of(
        &self,
        spec: &Path,
        overlays: &[PathBuf],
        timings: &mut Timings,
        keep_bundle: bool,
    ) -> Result<(load::Loaded, Built), Error> {
        if !self.refused.is_empty() {
            let hint = "see the settings in the README";
            let refused = self.refused.iter();
            let problems = refused.map(|e| Diagnostic::new(&self.spec, "#", e.0.clone(), hint));
            return Err(Diagnostics(problems.collect()).into());
        }
        if self.settings.no_client() && self.settings.tag_features() {
            let message = "`no-client` and `tag-features` are set: without a client there are \
                           no operations to group";
            let hint = "leave out one of them";
            return Err(Diagnostics(vec![Diagnostic::new(&self.spec, "#", message, hint)]).into());
        }
        if self.settings.mock() && (self.settings.tag_features() || self.settings.no_client()) {
            let message = "`mock` is set with `tag-features` or `no-client`: the mock server \
                           serves a client of every operation";
            let hint = "leave out one of them";
            return Err(Diagnostics(vec![Diagnostic::new(&self.spec, "#", message, hint)]).into());
        }
        let start = Instant::now();
        let (mut loaded, mut skipped, bundled) =
            load::load_file_overlaid(spec, overlays, self.skip_unsupported, keep_bundle)?;
        let mut api = match self.model_loaded(&loaded, &mut skipped, timings, start) {
            Ok(api) => api,
            Err(mut problems) => {
                diagnostics::locate(&mut problems.0, &loaded.origins);
                return Err(problems.into());
            }
        };
        // Finding the lines of what is told is part of reading the spec (nothing when there
        // is nothing to tell).
        let locating = Instant::now();
        let mut warnings = std::mem::take(&mut loaded.warnings);
        warnings.append(&mut api.warnings);
        diagnostics::locate(&mut warnings, &loaded.origins);
        diagnostics::locate(&mut skipped, &loaded.origins);
        timings.load += locating.elapsed();
        let built = Built {
            inputs: std::mem::take(&mut loaded.files),
            api,
            skipped,
            warnings,
            bundled,
        };
        Ok((loaded, built))
    }

    /// The model of a loaded spec; what was left out is added to `skipped`.
    fn model_loaded(
        &self,
        loaded: &load::Loaded,
        skipped: &mut Vec<Diagnostic>,
        timings: &mut Timings,
        start: Instant,
    ) -> Result<model::Api, Diagnostics> {
        let unknown = settings::unknown_names(loaded, &self.settings);
        if !unknown.is_empty() {
            return Err(Diagnostics(unknown));
        }
        timings.load = start.elapsed();
        // A `type` OpenAPI does not define is an error; with `skip_unsupported`, the schema is
        // any JSON, as before, and listed.
        // Without skipping, they are told with the model's problems (the model reads such a
        // schema as any JSON, so it goes on past them).
        let mut wrong_types = spec_types::unknown(loaded);
        if self.skip_unsupported {
            skipped.append(&mut wrong_types);
        }
        let start = Instant::now();
        let mut skip = skip::Skip::default();
        // Each round leaves out what held the problems of the last; a round that finds nothing
        // new to leave out ends it.
        let api = loop {
            match model::build_selected(loaded, &skip, &self.selection, &self.settings) {
                Ok(_) if !wrong_types.is_empty() => return Err(Diagnostics(wrong_types)),
                Ok(api) => break api,
                Err(problems) if self.skip_unsupported && skip.absorb(&problems) => {
                    skipped.extend(problems.0);
                }
                // What was left out is told too: a run that fails tells at least what the run
                // without skipping tells.
                Err(problems) => {
                    skipped.extend(wrong_types);
                    skipped.extend(problems.0);
                    return Err(Diagnostics(std::mem::take(skipped)));
                }
            }
        };
        timings.model = start.elapsed();
        let unknown = selection::unknown(loaded, &api, &self.selection);
        if !unknown.is_empty() {
            return Err(Diagnostics(unknown));
        }
        Ok(api)
    }

    /// The files of a complete crate: `Cargo.toml`, `src/lib.rs`, `src/types.rs`,
    /// `src/client.rs` and `src/error.rs` (and `src/retry.rs`, `src/webhooks.rs` when needed),
    /// and the spec's copy [`SPEC_FILE`].
    pub fn generate(&self) -> Result<Output, Error> {
        let begin = Instant::now();
        let mut timings = Timings::default();
        let Built {
            inputs,
            api,
            skipped,
            warnings,
            bundled,
        } = self.build_model(&mut timings, true)?;
        let name = self.package_name();
        let header = self.header(self.command_line(None));
        let start = Instant::now();
        let mut made = layout::crate_files(&api, &header, &name).map_err(internal(&self.spec))?;
        // The spec the crate comes from, so `clientgen check` can tell what changed in the API.
        if let Some(bundled) = bundled {
            made.files.insert(PathBuf::from(write::SPEC_FILE), bundled);
        }
        let dependencies = made.dependencies;
        timings.emit = made.emit;
        timings.format = made.format;
        timings.threads = made.threads;
        timings.emit_format = start.elapsed();
        timings.total = begin.elapsed();
        Ok(Output {
            features: layout::features(&api),
            skipped,
            warnings,
            files: made.files,
            inputs,
            timings,
            dependencies,
        })
    }

    /// What `clientgen check` prints when `dir` differs from what this generator produces: the
    /// changes of the client's API since the spec kept in `dir` ([`SPEC_FILE`]), as `clientgen diff`
    /// tells them, then each file's diff (as `clientgen check` shows them).
    pub fn check_report(&self, dir: &Path, differences: &[Difference]) -> String {
        let api = self.api_changes(dir, differences);
        write::render_differences(api.as_deref().map_err(String::as_str), differences)
    }

    /// The changes of the API from the spec the crate in `dir` was generated from (its copy in
    /// [`SPEC_FILE`]) to the current one; or one line saying why they cannot be told.
    fn api_changes(&self, dir: &Path, differences: &[Difference]) -> Result<String, String> {
        let spec = write::SPEC_FILE;
        let kept = dir.join(spec);
        if !kept.is_file() {
            return Err(format!(
                "no {spec} in {} (written by an older clientgen): the changes are told by \
                 file and item",
                write::shown(dir)
            ));
        }
        if !differences.iter().any(|d| d.path == kept) {
            return Err(format!(
                "the spec is the one the crate was generated from ({spec} is up to date): \
                 the files differ because clientgen, its settings or the files themselves changed"
            ));
        }
        self.diff_from(&kept)
            .map(|report| report.to_string())
            .map_err(|e| {
                let e = e.to_string();
                let first = e.lines().next().unwrap_or_default();
                format!(
                    "{} does not build a client with these settings ({}): the changes are told by \
                     file and item",
                    write::shown(&kept),
                    first.trim_start_matches("error: ")
                )
            })
    }

    /// The changes of the client's API from the one the spec at `old` (an earlier version of
    /// this generator's spec, such as the copy a crate keeps in [`SPEC_FILE`], read without the
    /// overlays, which that copy holds already) produces to
    /// the one this generator's spec produces, both built with these settings: what `clientgen
    /// check` prints first, in `clientgen diff`'s terms.
    pub fn diff_from(&self, old: &Path) -> Result<diff::Report, Error> {
        let side = |spec: &Path, overlays: &[PathBuf]| {
            let (_, built) = self.model_of(spec, overlays, &mut Timings::default(), false)?;
            Ok::<_, Error>(diff::Side::new(built.api))
        };
        // The kept copy is the document after the overlays: they apply to the spec alone.
        let overlays = self.settings.overlays();
        let (old, new) = threads::join(|| side(old, &[]), || side(&self.spec, overlays));
        Ok(diff::diff_models(&old?, &new?, &diff::SHAPE))
    }

    /// The spec after the overlays, as `clientgen overlay` prints it: references to other
    /// files bundled in, then each overlay applied in order (not yet normalised: what the
    /// overlays' targets select). YAML, or pretty JSON for a `.json` spec.
    pub fn overlaid(&self) -> Result<Overlaid, Error> {
        let overlays = self.settings.overlays();
        let (document, warnings, json) = load::overlaid_document(&self.spec, overlays)?;
        let text = if json {
            serde_json::to_string_pretty(&document)
                .map(|text| text + "\n")
                .map_err(|e| e.to_string())
        } else {
            serde_yaml::to_string(&document).map_err(|e| e.to_string())
        };
        let text = text.map_err(internal(&self.spec))?;
        Ok(Overlaid { text, warnings })
    }

    /// The client as one Rust file meant for `include!`, named `file_name`.
    pub fn generate_module(&self, file_name: &str) -> Result<Output, Error> {
        let begin = Instant::now();
        let mut timings = Timings::default();
        let Built {
            inputs,
            api,
            skipped,
            warnings,
            bundled: _,
        } = self.build_model(&mut timings, false)?;
        let header = self.header("clientgen::build::Builder (build.rs)".to_string());
        let emit_format = Instant::now();
        let module = layout::single_module(&api, &header).map_err(internal(&self.spec))?;
        timings.emit = module.emit;
        timings.format = module.format;
        timings.threads = module.threads;
        timings.emit_format = emit_format.elapsed();
        timings.total = begin.elapsed();
        let mut files = BTreeMap::new();
        files.insert(PathBuf::from(file_name), module.text);
        Ok(Output {
            features: layout::features(&api),
            skipped,
            warnings,
            files,
            inputs,
            timings,
            dependencies: module.dependencies,
        })
    }
}

/// A path as headers and commands show it, with forward slashes on every system.
fn slashes(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}

/// The generated type of a component schema, as [`Generator::schema_types`] tells it.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SchemaType {
    /// Its name in the `types` module (the schema's own, renamed or told apart from another's).
    pub name: String,
    /// Whether it implements `Serialize`.
    pub serialize: bool,
    /// Whether it implements `Deserialize`.
    pub deserialize: bool,
}

impl Generator {
    /// The type each component schema becomes, by schema key, as the model decides it (for the
    /// tests' oracles, which must not guess names: see `model::Origin`).
    #[doc(hidden)]
    pub fn schema_types(&self) -> Result<BTreeMap<String, SchemaType>, Error> {
        let api = self.build_model(&mut Timings::default(), false)?.api;
        let types = api.types.iter().zip(&api.serde);
        Ok(types
            .filter_map(|(t, serde)| {
                let key = t.origin.component.clone()?;
                let schema_type = SchemaType {
                    name: t.name.clone(),
                    serialize: serde.serialize,
                    deserialize: serde.deserialize,
                };
                Some((key, schema_type))
            })
            .collect())
    }
}

/// A failure of the emitted code to parse or format: a bug of clientgen, told as one.
fn internal(spec: &Path) -> impl Fn(String) -> Error + '_ {
    move |message| Error::Internal {
        spec: spec.to_path_buf(),
        message,
    }
}

#[cfg(test)]
#[path = "lib_tests.rs"]
mod tests;
