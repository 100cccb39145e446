//! Every name the generated code introduces that the spec did not give is reserved in
//! `clientgen::__private::naming::reserved`, where the model looks to keep the names it decides apart.
//! The flagship client and every fixture are generated, parsed with `syn`, and each name
//! declared in them (module, item, method, field, variant, parameter, binding, generic) must be
//! either reserved or a name of the model (every string of its `Debug` text), possibly behind
//! a reserved prefix (`with_`, `verify_`, ...).

use clientgen::__private::naming::reserved;
use clientgen_tests::workspace_root;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use syn::visit::{self, Visit};

/// Every name declared in a file.
#[derive(Default)]
struct Declared(BTreeSet<String>);

impl Declared {
    fn add(&mut self, ident: &syn::Ident) {
        let name = ident.to_string();
        self.0
            .insert(name.strip_prefix("r#").unwrap_or(&name).to_string());
    }
}

impl<'ast> Visit<'ast> for Declared {
    fn visit_item_mod(&mut self, i: &'ast syn::ItemMod) {
        self.add(&i.ident);
        visit::visit_item_mod(self, i);
    }
    fn visit_item_fn(&mut self, i: &'ast syn::ItemFn) {
        self.add(&i.sig.ident);
        visit::visit_item_fn(self, i);
    }
    fn visit_item_macro(&mut self, i: &'ast syn::ItemMacro) {
        // (`macro_rules! name`.)
        if let Some(name) = &i.ident {
            self.add(name);
        }
        visit::visit_item_macro(self, i);
    }
    fn visit_impl_item_fn(&mut self, i: &'ast syn::ImplItemFn) {
        self.add(&i.sig.ident);
        visit::visit_impl_item_fn(self, i);
    }
    fn visit_impl_item_const(&mut self, i: &'ast syn::ImplItemConst) {
        self.add(&i.ident);
        visit::visit_impl_item_const(self, i);
    }
    fn visit_item_struct(&mut self, i: &'ast syn::ItemStruct) {
        self.add(&i.ident);
        visit::visit_item_struct(self, i);
    }
    fn visit_item_enum(&mut self, i: &'ast syn::ItemEnum) {
        self.add(&i.ident);
        visit::visit_item_enum(self, i);
    }
    fn visit_variant(&mut self, i: &'ast syn::Variant) {
        self.add(&i.ident);
        visit::visit_variant(self, i);
    }
    fn visit_field(&mut self, i: &'ast syn::Field) {
        if let Some(ident) = &i.ident {
            self.add(ident);
        }
        visit::visit_field(self, i);
    }
    fn visit_item_const(&mut self, i: &'ast syn::ItemConst) {
        self.add(&i.ident);
        visit::visit_item_const(self, i);
    }
    fn visit_item_static(&mut self, i: &'ast syn::ItemStatic) {
        self.add(&i.ident);
        visit::visit_item_static(self, i);
    }
    fn visit_item_type(&mut self, i: &'ast syn::ItemType) {
        self.add(&i.ident);
        visit::visit_item_type(self, i);
    }
    fn visit_pat_ident(&mut self, i: &'ast syn::PatIdent) {
        // (`None` in a pattern names a variant; it binds nothing.)
        if !i.ident.to_string().starts_with(char::is_uppercase) {
            self.add(&i.ident);
        }
        visit::visit_pat_ident(self, i);
    }
    fn visit_use_name(&mut self, i: &'ast syn::UseName) {
        self.add(&i.ident);
    }
    fn visit_use_rename(&mut self, i: &'ast syn::UseRename) {
        // (`as _` imports a trait without naming it.)
        if i.rename != "_" {
            self.add(&i.rename);
        }
    }
    fn visit_type_param(&mut self, i: &'ast syn::TypeParam) {
        self.add(&i.ident);
        visit::visit_type_param(self, i);
    }
    fn visit_lifetime_param(&mut self, i: &'ast syn::LifetimeParam) {
        self.add(&i.lifetime.ident);
        visit::visit_lifetime_param(self, i);
    }
}

/// Every string in `text` (a `Debug` rendering), unescaped enough for names.
fn strings(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('"') {
        let mut value = String::new();
        let mut chars = rest[open + 1..].char_indices();
        let mut end = rest.len();
        while let Some((at, c)) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => {
                    end = open + 1 + at + 1;
                    break;
                }
                c => value.push(c),
            }
        }
        out.insert(value);
        rest = &rest[end.min(rest.len())..];
    }
    out
}

/// The declared names of the client of `spec` that are neither reserved nor the model's, and
/// all its declared names.
fn unreserved(spec: &Path, tag_features: bool) -> (BTreeSet<String>, BTreeSet<String>) {
    let loaded = clientgen::__private::load::load_file(spec).expect("the spec loads");
    // With the fixture's settings (`.settings.toml`), as `build.rs` generates it.
    let mut settings = clientgen_tests::fixture_settings(spec);
    if tag_features {
        settings.set_tag_features(true);
    }
    let api = clientgen::__private::model::build_selected(
        &loaded,
        &Default::default(),
        &Default::default(),
        &settings,
    )
    .expect("the model builds");
    let model_names = strings(&format!("{api:?}"));
    let output = clientgen::Generator::new(spec)
        .settings(settings)
        .generate_module("module.rs")
        .expect("generates");
    let text = output.files.values().next().expect("one file");
    let mut file = syn::parse_file(text).expect("parses");
    // The `mock` module (the setting `mock`) is a namespace of its own: its runtime's names
    // meet the spec's only as `MockServer`'s methods, which `emit/mock` renames on a clash with
    // the runtime's (`SERVER_METHODS`), and as the types of `mock::operations`, which are the
    // operations' names alone.
    file.items
        .retain(|item| !matches!(item, syn::Item::Mod(m) if m.ident == "mock"));
    let mut declared = Declared::default();
    declared.visit_file(&file);
    let reserved_names: BTreeSet<&str> = reserved::all().into_iter().collect();
    let prefixes: Vec<&str> = std::iter::once(reserved::SETTER_PREFIX)
        .chain(reserved::CALLBACK_PREFIXES.iter().copied())
        .collect();
    let all = declared.0.clone();
    let unreserved = declared
        .0
        .into_iter()
        .filter(|name| {
            let of_model = |n: &str| {
                model_names.contains(n)
                    // (`{NAME}_SIGNATURE_HEADER` for a callback `name`.)
                    || n.strip_suffix("_SIGNATURE_HEADER")
                        .is_some_and(|n| model_names.contains(&n.to_ascii_lowercase()))
            };
            let numbered = reserved::NUMBERED_LOCALS.iter().any(|p| {
                name.strip_prefix(p)
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            });
            // (A constructor argument named after a field, as a binding: `foo_` for `foo`.)
            let as_binding = name.strip_suffix('_').is_some_and(|field| {
                of_model(field)
                    && clientgen::__private::naming::as_binding(field.to_string()) == *name
            });
            !reserved_names.contains(name.as_str())
                && !numbered
                && !as_binding
                && !of_model(name)
                && !prefixes
                    .iter()
                    .any(|p| name.strip_prefix(p).is_some_and(of_model))
                // (`{op}_stream`, where an overlay, which the model here lacks, makes it.)
                && !name.strip_suffix("_stream").is_some_and(of_model)
        })
        .collect();
    (unreserved, all)
}

fn specs() -> Vec<PathBuf> {
    let root = workspace_root();
    let mut specs = vec![root.join("spec/smart_invites.yaml")];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    fixtures.sort();
    specs.extend(fixtures);
    specs
}

#[test]
fn every_name_the_templates_introduce_is_reserved() {
    let mut problems = Vec::new();
    let mut declared = BTreeSet::new();
    // The fixture of `--tag-features` (`tag_features.rs`), grouped by tag.
    let grouped = workspace_root().join("tests/fixtures/tags/tag_features.yaml");
    let runs = specs()
        .into_iter()
        .map(|spec| (spec, false))
        .chain([(grouped, true)]);
    for (spec, tag_features) in runs {
        let (names, all) = unreserved(&spec, tag_features);
        if !names.is_empty() {
            problems.push(format!("{}: {names:?}", spec.display()));
        }
        declared.extend(all);
    }
    // The other way round: a name the model keeps out of the client's scopes that no client
    // declares is stale.
    let stale: Vec<&str> = [
        reserved::CLIENT_METHODS,
        reserved::CLIENT_FIELDS,
        reserved::NESTED_HELPERS,
        reserved::OBSERVED_HELPERS,
        reserved::CLIENT_TYPES,
        reserved::OPERATION_ARGS,
        reserved::CREDENTIAL_ARGS,
    ]
    .concat()
    .into_iter()
    .chain(reserved::client_helpers())
    .filter(|name| !declared.contains(*name) && *name != "self")
    .collect();
    if !stale.is_empty() {
        problems.push(format!("reserved, but declared by no client: {stale:?}"));
    }
    assert!(
        problems.is_empty(),
        "names the templates introduce that clientgen::__private::naming::reserved lacks:\n{}",
        problems.join("\n")
    );
}
