//! The layout of the output, decided here alone: which modules a client has, what each says of
//! itself and what the root re-exports from it, and how they are put together, either as the
//! files of a crate (`Cargo.toml`, `src/lib.rs` declaring the modules, one file per module) or as
//! one module body for a build script's `include!`.

mod example;

use crate::emit::{self, Emitted};
use crate::format;
use crate::model::Api;
use crate::parallel;
use crate::text;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The doc of the `types` module.
const TYPES_DOC: &str = "The request and response types of the API.";

/// One module of the client.
struct Module {
    name: &'static str,
    /// Its module doc (first line), in a file of its own or inline.
    doc: &'static str,
    public: bool,
    /// Its items (for a crate, `types` is left empty: [`parallel::types_file`] emits it).
    items: TokenStream,
    /// The names the root re-exports from it.
    exports: Vec<String>,
    /// The names the root re-exports from it with a feature only: (name, feature).
    gated_exports: Vec<(String, String)>,
    /// The feature that compiles it, if not always compiled.
    feature: Option<&'static str>,
}

/// The modules of a client, in the order a single module body lists them (`types` alone
/// without the client).
fn modules(emitted: Emitted) -> Vec<Module> {
    let with_client = emitted.with_client;
    let mut modules = all_modules(emitted);
    if !with_client {
        modules.retain(|m| m.name == "types");
    }
    modules
}

fn all_modules(emitted: Emitted) -> Vec<Module> {
    let mut modules = vec![
        Module {
            name: "types",
            doc: TYPES_DOC,
            public: true,
            items: emitted.types,
            exports: Vec::new(),
            gated_exports: Vec::new(),
            feature: None,
        },
        Module {
            name: "client",
            doc: "The client and its operations.",
            public: false,
            items: emitted.client,
            exports: emitted.client_exports,
            gated_exports: emitted.client_gated_exports,
            feature: None,
        },
        Module {
            name: "error",
            doc: "The error type.",
            public: false,
            items: emitted.error,
            exports: vec!["Error".to_string()],
            gated_exports: Vec::new(),
            feature: None,
        },
    ];
    if let Some(retry) = emitted.retry {
        modules.push(Module {
            name: "retry",
            doc: "When to send a request again.",
            public: false,
            items: retry,
            exports: vec!["RetryPolicy".to_string()],
            gated_exports: Vec::new(),
            feature: None,
        });
    }
    if let Some(webhooks) = emitted.webhooks {
        modules.push(Module {
            name: "webhooks",
            doc: "Verifiers of the callbacks the API sends to the application.",
            public: true,
            items: webhooks,
            exports: Vec::new(),
            gated_exports: Vec::new(),
            feature: None,
        });
    }
    modules.extend(mock_module(emitted.mock));
    modules
}

/// The `mock` module (the setting `mock`), compiled with the feature `mock` only.
fn mock_module(mock: Option<TokenStream>) -> Option<Module> {
    mock.map(|items| Module {
        name: "mock",
        doc: "A mock server of the API for tests, with typed expectations (the feature `mock`).",
        public: true,
        items,
        exports: Vec::new(),
        gated_exports: Vec::new(),
        feature: Some(crate::dependencies::MOCK),
    })
}

/// The root's `pub use` of what each module exports.
fn re_exports(modules: &[Module]) -> TokenStream {
    let uses = modules.iter().filter(|m| !m.exports.is_empty()).map(|m| {
        let module = format_ident!("{}", m.name);
        let exports = m.exports.iter().map(|e| emit::ident(e));
        quote!(pub use #module::{#(#exports),*};)
    });
    let gated = modules.iter().flat_map(|m| {
        let module = format_ident!("{}", m.name);
        m.gated_exports.iter().map(move |(name, feature)| {
            let name = emit::ident(name);
            quote! {
                #[cfg(feature = #feature)]
                pub use #module::#name;
            }
        })
    });
    quote!(#(#uses)* #(#gated)*)
}

/// The documentation of the crate (or of the module a build script includes).
fn crate_doc(api: &Api) -> String {
    let what = if api.client {
        "A client for"
    } else {
        "The types of"
    };
    let mut doc = format!("{what} the {} (version {}).", api.title, api.version);
    if let Some(description) = api
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        doc.push_str("\n\n");
        doc.push_str(description);
    }
    doc
}

/// `#![doc = ...]` lines for the crate root.
fn crate_doc_attrs(doc: &str) -> TokenStream {
    let lines: Vec<&str> = doc.trim().lines().collect();
    let lines = text::rustdoc_markdown(&lines).into_iter().map(|line| {
        let line = line.trim_end();
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        let line = text::sanitize(&line);
        quote!(#![doc = #line])
    });
    quote!(#(#lines)*)
}

/// `items` under the module doc `doc`, for a file of its own.
fn module_file(doc: &str, items: TokenStream) -> TokenStream {
    let doc = format!(" {doc}");
    quote! {
        #![doc = #doc]
        #items
    }
}

/// The files of a crate and the time spent making them.
pub struct CrateFiles {
    /// File contents by path relative to the crate's folder.
    pub files: BTreeMap<PathBuf, String>,
    /// Emitting, summed over the threads.
    pub emit: Duration,
    /// Formatting, summed over the threads.
    pub format: Duration,
    /// The threads that emitted and formatted.
    pub threads: usize,
    /// The `[dependencies]` lines of `Cargo.toml`.
    pub dependencies: Vec<String>,
}

/// The files of the crate `package`: `Cargo.toml`, `src/lib.rs` and one file per module.
/// `header` is the `@generated` header. An error is a bug in clientgen.
pub fn crate_files(api: &Api, header: &str, package: &str) -> Result<CrateFiles, String> {
    // `types.rs` is most of a large client: its types are emitted and formatted in chunks by
    // every thread, this one joining in once it has done the other files.
    let start = Instant::now();
    let split = TypesSplit::of(api);
    let mut head = emit::types_head(api);
    head.extend(split.declarations());
    let types_head = module_file(TYPES_DOC, head);
    let of = |id: usize| split.part_of(id);
    let parts = parallel::Parts {
        of: &of,
        heads: split.heads(),
    };
    let head_emit = start.elapsed();
    let (types, rest) = parallel::types_file(api, types_head, parts, header, || {
        other_files(api, header, package)
    });
    let mut made = rest?;
    let types = types?;
    made.files.insert(PathBuf::from("src/types.rs"), types.text);
    for (name, text) in split.names.iter().zip(types.parts) {
        made.files
            .insert(PathBuf::from(format!("src/types/{name}.rs")), text);
    }
    made.emit += head_emit + types.emit;
    made.format += types.format;
    made.threads = types.threads;
    Ok(made)
}

/// In a crate grouped by tag, the types only one group's feature compiles (and those only
/// `unused_types` compiles) are in a file of their own, `src/types/<feature>.rs`, declared
/// `#[cfg(feature = "..")] mod ..;`: with the feature off, rustc does not even read the file
/// (reading and dropping the items of a large client costs about as much as checking a small
/// tag). Other types stay in `types.rs`, each under its own `#[cfg]`.
struct TypesSplit {
    /// The part of each type id: 0 for `types.rs`, `k` for the file of `names[k - 1]`.
    of: Vec<usize>,
    /// The feature (and module, and file stem) of each part after the first.
    names: Vec<String>,
}

impl TypesSplit {
    fn of(api: &Api) -> TypesSplit {
        use crate::model::Gate;
        let mut split = TypesSplit {
            of: vec![0; api.types.len()],
            names: Vec::new(),
        };
        let Some(groups) = &api.groups else {
            return split;
        };
        // A part per group in the groups' order, then `unused_types`; only those with types.
        let count = groups.groups.len() + 1;
        let of_type: Vec<Option<usize>> = groups
            .of_type
            .iter()
            .map(|gate| match gate {
                Gate::Features { groups, unused } => match (groups.as_slice(), unused) {
                    ([one], false) => Some(*one),
                    ([], true) => Some(count - 1),
                    _ => None,
                },
                Gate::Always => None,
            })
            .collect();
        // Numbered in the parts' order, those with types only.
        let mut used = vec![false; count];
        for part in of_type.iter().flatten() {
            used[*part] = true;
        }
        let mut renumber = vec![0; count];
        for part in (0..count).filter(|p| used[*p]) {
            split.names.push(match groups.groups.get(part) {
                Some(group) => group.name.clone(),
                None => groups.unused_feature.clone().unwrap_or_default(),
            });
            renumber[part] = split.names.len();
        }
        for (id, part) in of_type.into_iter().enumerate() {
            split.of[id] = part.map_or(0, |p| renumber[p]);
        }
        split
    }

    fn part_of(&self, id: usize) -> usize {
        self.of.get(id).copied().unwrap_or_default()
    }

    /// `#[cfg(feature = "x")] mod x; #[cfg(feature = "x")] pub use x::*;` for each part.
    fn declarations(&self) -> TokenStream {
        let declarations = self.names.iter().map(|name| {
            let module = emit::ident(name);
            quote! {
                #[cfg(feature = #name)]
                #[rustfmt::skip]
                mod #module;
                #[cfg(feature = #name)]
                pub use #module::*;
            }
        });
        quote!(#(#declarations)*)
    }

    /// The head of each part's file: its doc and the names of `types` it may use.
    fn heads(&self) -> Vec<TokenStream> {
        self.names
            .iter()
            .map(|name| {
                let doc = format!(" The types only the feature `{name}` compiles.");
                quote! {
                    #![doc = #doc]
                    #[allow(unused_imports)]
                    use super::*;
                }
            })
            .collect()
    }
}

/// Every file of the crate but `types.rs`.
fn other_files(api: &Api, header: &str, package: &str) -> Result<CrateFiles, String> {
    let start = Instant::now();
    let emitted = emit::emit_without_types(api);
    // The manifest chooses the TLS backend with features; the dependency lines reported are the
    // lines of a build script's including crate.
    let dependencies = emitted.dependencies(emit::Transport::Fixed);
    let mut manifest = emit::manifest(
        &header.replace('\n', " "),
        package,
        &api.version,
        &format!(
            "{} the {}",
            if api.client { "Client for" } else { "Types of" },
            api.title
        ),
        &emitted.dependencies(emit::Transport::Features),
    );
    manifest.push_str(&emit::features(
        api.groups.as_ref(),
        api.client,
        &emitted.optional,
    ));
    let modules = modules(emitted);
    let mut doc = crate_doc_attrs(&crate_doc(api));
    // The usage example is the generator's own Markdown: it is not read as the spec's.
    if let Some(lines) = api.client.then(|| example::usage(api, package)).flatten() {
        let lines = std::iter::once(String::new()).chain(lines).map(|line| {
            let line = if line.is_empty() {
                line
            } else {
                format!(" {line}")
            };
            quote!(#![doc = #line])
        });
        doc.extend(lines);
    }
    // Sorted by name, as a person lists them; rustfmt is told to leave the modules as
    // prettyplease formatted them.
    let mut declared: Vec<&Module> = modules.iter().collect();
    declared.sort_by_key(|m| m.name);
    let declarations = declared.iter().map(|m| {
        let name = format_ident!("{}", m.name);
        let visibility = m.public.then(|| quote!(pub));
        let idle = idle(api);
        let cfg = emit::cfg_features(m.feature);
        quote! {
            #cfg
            #idle
            #[rustfmt::skip]
            #visibility mod #name;
        }
    });
    let re_exports = re_exports(&modules);
    let mut parts = vec![(
        "src/lib.rs".to_string(),
        quote! {
            #doc
            #![deny(missing_docs)]
            #(#declarations)*

            #re_exports
        },
    )];
    for module in modules.into_iter().filter(|m| m.name != "types") {
        parts.push((
            format!("src/{}.rs", module.name),
            module_file(module.doc, module.items),
        ));
    }
    let emit = start.elapsed();
    let start = Instant::now();
    let mut files = BTreeMap::new();
    files.insert(PathBuf::from("Cargo.toml"), manifest);
    for (path, tokens) in parts {
        files.insert(PathBuf::from(path), format::format_file(header, tokens)?);
    }
    Ok(CrateFiles {
        files,
        emit,
        format: start.elapsed(),
        threads: 1,
        dependencies,
    })
}

/// In a client grouped by tag, what each module says of dead code when no group's feature is on
/// (only `unused_types`, say): nothing can be called, which is no warning's business; nor is the
/// `types` import of `client`, which every group's error enums need; nor, with the setting
/// `tracing`, the macro of the operations' spans.
fn idle(api: &Api) -> TokenStream {
    let groups = api.groups.iter().flat_map(|g| &g.groups);
    let macros = api.tracing.then(|| quote!(, unused_macros));
    match emit::cfg_predicate(groups.map(|g| g.name.as_str())) {
        Some(any) => quote!(#[cfg_attr(not(#any), allow(dead_code, unused_imports #macros))]),
        None => TokenStream::new(),
    }
}

/// The `[features]` table of a client grouped by tag, as a build script's including crate
/// declares it (the generated crate's `Cargo.toml` has the TLS backends too).
pub fn features(api: &Api) -> Option<String> {
    api.groups.as_ref().map(emit::tag_features)
}

/// The whole client as one module body, for `include!` from a build script: every module
/// inline, under its doc. Returns the text, the `[dependencies]` lines of the crate that
/// includes it, and the time spent emitting and formatting.
pub fn single_module(api: &Api, header: &str) -> Result<SingleModule, String> {
    // As for a crate, the types are emitted and printed in chunks by every thread, this one
    // joining in once it has done the other modules; the texts are put together in the order
    // of one module body (prettyplease prints items one by one, so the parts printed apart are
    // the text of the whole).
    let (types, rest) = parallel::types_module_body(api, || {
        let start = Instant::now();
        let emitted = emit::emit_without_types(api);
        let dependencies = emitted.dependencies(emit::Transport::Fixed);
        let modules = modules(emitted);
        let re_exports = re_exports(&modules);
        let idle = idle(api);
        // `types` is printed around a stand-in item, where its body goes.
        let stand_in = format_ident!("{TYPES_STAND_IN}");
        let stand_in = quote!(const #stand_in: () = (););
        let tokens: Vec<(bool, TokenStream)> = modules
            .iter()
            .map(|m| match m.name {
                "types" => (true, inline_module(m, &stand_in, &idle)),
                _ => (false, inline_module(m, &m.items, &idle)),
            })
            .chain([(false, re_exports)])
            .collect();
        let emit = start.elapsed();
        let start = Instant::now();
        let texts = tokens
            .into_iter()
            .map(|(types, tokens)| Ok((types, format::unparse(tokens)?)))
            .collect::<Result<Vec<_>, String>>();
        (texts, dependencies, emit, start.elapsed())
    });
    let types = types?;
    let (texts, dependencies, emit, format) = rest;
    let start = Instant::now();
    let mut body = String::with_capacity(types.text.len() + types.text.len() / 4);
    for (is_types, text) in texts? {
        if !is_types {
            body.push_str(&text);
            continue;
        }
        let stand_in = format!("    const {TYPES_STAND_IN}: () = ();\n");
        let (before, after) = text
            .split_once(&stand_in)
            .ok_or("the `types` module printed without its stand-in")?;
        body.push_str(before);
        body.push_str(&types.text);
        body.push_str(after);
    }
    let text = format::finish(header, &body);
    Ok(SingleModule {
        text,
        dependencies,
        emit: emit + types.emit,
        format: format + types.format + start.elapsed(),
        threads: types.threads,
    })
}

/// The item [`single_module`] prints the `types` module around, where the types' body goes.
const TYPES_STAND_IN: &str = "CLIENTGEN_TYPES_BODY";

/// `m` inline, with `items` as its body, under its doc (for [`single_module`]).
fn inline_module(m: &Module, items: &TokenStream, idle: &TokenStream) -> TokenStream {
    let doc = format!(" {}", m.doc);
    let name = format_ident!("{}", m.name);
    let visibility = m.public.then(|| quote!(pub));
    // A build script's including crate declares the feature (README, "From a build script").
    let cfg = emit::cfg_features(m.feature);
    quote! {
        #[doc = #doc]
        #cfg
        #idle
        #visibility mod #name {
            #items
        }
    }
}

/// What [`single_module`] makes.
pub struct SingleModule {
    /// The module's text.
    pub text: String,
    /// The `[dependencies]` lines of the crate that includes it.
    pub dependencies: Vec<String>,
    /// Time spent emitting.
    pub emit: Duration,
    /// Time spent formatting, summed over the threads.
    pub format: Duration,
    /// The threads that took part.
    pub threads: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_modules_are_the_reserved_ones() {
        let emitted = Emitted {
            retry: Some(TokenStream::new()),
            webhooks: Some(TokenStream::new()),
            with_client: true,
            ..Emitted::default()
        };
        let mut names: Vec<&str> = modules(emitted).iter().map(|m| m.name).collect();
        names.sort_unstable();
        assert_eq!(names, crate::naming::reserved::MODULES);
    }

    /// The module for `include!`, printed the simple way: every module emitted at once and
    /// printed as one file by one thread.
    fn single_module_at_once(api: &Api, header: &str) -> String {
        let modules = modules(emit::emit(api));
        let re_exports = re_exports(&modules);
        let idle = idle(api);
        let inline = modules.iter().map(|m| inline_module(m, &m.items, &idle));
        let tokens = quote! {
            #(#inline)*

            #re_exports
        };
        format::format_file(header, tokens).expect("the emitted code prints")
    }

    /// Printed in parts on several threads, the module is the text printing it at once gives:
    /// every spec of `spec/` and `tests/fixtures/` (the large fixture in several chunks), and
    /// those of `tests/fixtures/tags/` grouped by tag with their features.
    #[test]
    fn the_module_printed_in_parts_is_the_module_printed_at_once() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let specs_in = |dir: &str| {
            let entries = std::fs::read_dir(root.join(dir)).expect("the folder exists");
            let mut specs: Vec<_> = entries
                .filter_map(|e| Some(e.ok()?.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
                .collect();
            specs.sort();
            specs
        };
        let specs = (specs_in("spec").into_iter())
            .chain(specs_in("tests/fixtures"))
            .map(|p| (p, false))
            .chain(
                specs_in("tests/fixtures/tags")
                    .into_iter()
                    .map(|p| (p, true)),
            );
        let mut compared = 0;
        for (spec, tag_features) in specs {
            // (Some fixtures are specs that must be refused.)
            let Ok(loaded) = crate::load::load_file(&spec) else {
                continue;
            };
            let mut settings = crate::settings::Settings::default();
            settings.set_tag_features(tag_features);
            let Ok(api) = crate::model::build_selected(
                &loaded,
                &Default::default(),
                &Default::default(),
                &settings,
            ) else {
                continue;
            };
            let header = "a header";
            let parts = single_module(&api, header).expect("prints").text;
            assert!(
                parts == single_module_at_once(&api, header),
                "{}: the module printed in parts differs",
                spec.display()
            );
            compared += 1;
        }
        assert!(compared > 20, "only {compared} specs compared");
    }
}
