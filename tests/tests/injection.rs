//! Spec text cannot inject code. Descriptions, titles, enum values, property, parameter, header
//! and security scheme names, operationIds, paths and server URLs carrying comment ends (`*/`),
//! attribute ends (`"#]`, `"]`), backticks, NUL and other control characters, newlines followed
//! by `#[doc = "x"]` or `}` `fn evil() {}`, quotes, backslashes, format braces and non-ASCII text
//! must come out as inert text: the crate parses, declares no `evil`, keeps every wire name
//! exactly, and compiles without a warning.

use clientgen_tests::scratch;
use std::collections::BTreeSet;
use std::path::PathBuf;
use syn::parse::{ParseStream, Parser};

/// The hostile spec. `EVIL` (below) stands for the text every description and title carries.
const SPEC: &str = r###"{
  "openapi": "3.0.3",
  "info": {
    "title": "INFO_TITLE",
    "version": "1.0.0\"\n}\nfn evil() {}",
    "description": "EVIL"
  },
  "servers": [
    {
      "url": "https://{re\"gion*/}.example.com/*/\"#]\"]`'\\é/v1",
      "description": "EVIL",
      "variables": {
        "re\"gion*/": {
          "default": "eu\"#]",
          "enum": ["eu\"#]", "us*/\n}\nfn evil() {}", "ap`\u001b\r{}"],
          "description": "EVIL"
        }
      }
    }
  ],
  "security": [{"key\"#]*/\n}\nfn evil() {}": []}],
  "paths": {
    "/things/*/\"#]/'/\\/é/x}y/{id}": {
      "post": {
        "operationId": "*/ \"#] \n}\nfn evil() {} ' \\ {} é",
        "summary": "EVIL",
        "description": "EVIL",
        "parameters": [
          {"name": "id", "in": "path", "required": true, "description": "EVIL", "schema": {"type": "string"}},
          {"name": "*/", "in": "query", "description": "EVIL", "schema": {"type": "string"}},
          {"name": "/*", "in": "query", "description": "EVIL", "schema": {"type": "string"}},
          {"name": "\"#]", "in": "query", "description": "EVIL", "schema": {"type": "string"}},
          {"name": "\"]", "in": "query", "description": "EVIL", "schema": {"type": "string"}},
          {"name": "`tick`", "in": "query", "description": "EVIL", "schema": {"type": "string"}},
          {"name": "nul\u0000", "in": "query", "description": "EVIL", "schema": {"type": "string"}},
          {"name": "cr\r esc\u001b", "in": "query", "description": "EVIL", "schema": {"type": "integer"}},
          {"name": "\n#[doc = \"x\"]", "in": "query", "description": "EVIL", "schema": {"type": "boolean"}},
          {"name": "}\nfn evil() {}", "in": "query", "description": "EVIL", "schema": {"type": "string"}},
          {"name": "'", "in": "query", "description": "EVIL", "schema": {"type": "string"}},
          {"name": "\"", "in": "query", "description": "EVIL", "schema": {"type": "string"}},
          {"name": "\\", "in": "query", "description": "EVIL", "schema": {"type": "string"}},
          {"name": "{}", "in": "query", "description": "EVIL", "schema": {"type": "array", "items": {"type": "string"}}},
          {"name": "{0}", "in": "query", "description": "EVIL", "schema": {"$ref": "#/components/schemas/Mode"}},
          {"name": "é日本", "in": "query", "description": "EVIL", "schema": {"type": "string"}},
          {"name": "X-*/", "in": "header", "description": "EVIL", "schema": {"type": "string"}},
          {"name": "X-\"#]\"]", "in": "header", "description": "EVIL", "schema": {"type": "string"}},
          {"name": "X-`'\\{}", "in": "header", "description": "EVIL", "schema": {"type": "string"}},
          {"name": "X-\r\n}\nfn evil() {}", "in": "header", "description": "EVIL", "schema": {"type": "string"}},
          {"name": "X-nul\u0000esc\u001bé", "in": "header", "description": "EVIL", "schema": {"type": "string"}},
          {"name": "c\"#]*/\n}\nfn evil() {}", "in": "cookie", "description": "EVIL", "schema": {"type": "string"}}
        ],
        "requestBody": {
          "description": "EVIL",
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Evil *~1 \"#] thing"}}}
        },
        "responses": {
          "200": {
            "description": "EVIL",
            "headers": {
              "X-Resp\"#]*/": {"description": "EVIL", "schema": {"type": "string"}},
              "X-\n}\nfn evil() {}": {"description": "EVIL", "schema": {"type": "integer"}}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Evil *~1 \"#] thing"}}}
          },
          "400": {
            "description": "EVIL",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Mode"}}}
          }
        }
      }
    },
    "/modes": {
      "get": {
        "operationId": "{} {0} \"#] `modes` */",
        "description": "EVIL",
        "responses": {
          "200": {
            "description": "EVIL",
            "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Mode"}}}}
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "key\"#]*/\n}\nfn evil() {}": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Key\"#]*/\n}\nfn evil() {}",
        "description": "EVIL"
      }
    },
    "schemas": {
      "Evil */ \"#] thing": {
        "title": "EVIL",
        "description": "EVIL",
        "type": "object",
        "required": ["*/"],
        "properties": {
          "*/": {"type": "string", "title": "EVIL", "description": "EVIL"},
          "/*": {"type": "string", "description": "EVIL"},
          "\"#]": {"type": "string", "description": "EVIL"},
          "\"]": {"type": "string", "description": "EVIL"},
          "`tick`": {"type": "string", "description": "EVIL"},
          "nul\u0000": {"type": "string", "description": "EVIL"},
          "cr\r": {"type": "string", "description": "EVIL"},
          "esc\u001b": {"type": "string", "description": "EVIL"},
          "line\n#[doc = \"x\"]": {"type": "string", "description": "EVIL"},
          "}\nfn evil() {}": {"type": "string", "description": "EVIL"},
          "'": {"type": "string", "description": "EVIL"},
          "\"": {"type": "string", "description": "EVIL"},
          "\\": {"type": "string", "description": "EVIL"},
          "{}": {"type": "string", "description": "EVIL"},
          "{0}": {"type": "string", "description": "EVIL"},
          "é": {"type": "string", "description": "EVIL"},
          "日本": {"type": "string", "description": "EVIL"},
          "type": {"type": "string", "description": "EVIL"},
          "self": {"type": "string", "description": "EVIL"},
          "Self": {"type": "string", "description": "EVIL"},
          "_": {"type": "string", "description": "EVIL"},
          "mode": {"$ref": "#/components/schemas/Mode"},
          "nested": {
            "type": "object",
            "description": "EVIL",
            "properties": {"*/\"#]": {"type": "string", "description": "EVIL"}}
          }
        }
      },
      "Mode": {
        "title": "EVIL",
        "description": "EVIL",
        "type": "string",
        "enum": [
          "*/", "/*", "\"#]", "\"]", "`", "nul\u0000", "cr\r", "esc\u001b",
          "\n#[doc = \"x\"]", "}\nfn evil() {}", "'", "\"", "\\", "{}", "{0}", "é", "日本", ""
        ],
        "x-enum-descriptions": [
          "EVIL", "EVIL", "EVIL", "EVIL", "EVIL", "EVIL", "EVIL", "EVIL", "EVIL",
          "EVIL", "EVIL", "EVIL", "EVIL", "EVIL", "EVIL", "EVIL", "EVIL", "EVIL"
        ]
      }
    }
  }
}"###;

/// What every description and title says, as JSON string content.
const EVIL: &str = r##"*/ /* \"#] \"] `code` ``` \u0000 \r \u001b \t\n#[doc = \"x\"]\n}\nfn evil() {}\n*/ fn evil() {} /*\n' \" \\ {} {0} {:?} é 日本 ☃ \r\n\n\n# heading\n    indented"##;

/// The hostile spec, with `EVIL` in `info.title` too.
fn spec_text() -> String {
    spec_with_title(EVIL)
}

/// The hostile spec with `title` (JSON string content) as `info.title`.
fn spec_with_title(title: &str) -> String {
    SPEC.replace("\"EVIL\"", &format!("\"{EVIL}\""))
        .replace("\"INFO_TITLE\"", &format!("\"{title}\""))
}

/// The spec as JSON, for the wire names to look for.
fn spec_json() -> serde_json::Value {
    serde_json::from_str(&spec_text()).expect("the hostile spec is valid JSON")
}

/// A fresh folder under the system's temporary folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let pid = std::process::id();
        let dir = std::env::temp_dir().join(format!("clientgen-{name}-{pid}"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).expect("the old scratch folder can be removed");
        }
        std::fs::create_dir_all(&dir).expect("the temporary folder is writable");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// Generates the crate of `spec` (the text of a JSON spec), named `crate_name`.
fn generate(spec: &str, crate_name: &str) -> clientgen::Output {
    let dir = Scratch::new(crate_name);
    let spec_path = dir.0.join(format!("{crate_name}.json"));
    std::fs::write(&spec_path, spec).expect("the temporary folder is writable");
    clientgen::Generator::new(&spec_path)
        .crate_name(crate_name)
        .generate()
        .unwrap_or_else(|e| panic!("the hostile spec does not generate:\n{e}"))
}

fn rust_files(output: &clientgen::Output) -> Vec<(String, &str)> {
    output
        .files
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "rs"))
        .map(|(p, t)| (p.display().to_string(), t.as_str()))
        .collect()
}

// ---- Walking the generated code ----

/// What the walks find in one file.
#[derive(Default)]
struct Found {
    /// Names of items at any level (modules, impls, trait and function bodies).
    items: Vec<String>,
    /// Every identifier token, wherever it is.
    idents: BTreeSet<String>,
    /// The value of every string literal token, attributes and doc comments included.
    strings: BTreeSet<String>,
    /// The names struct fields and enum variants have in JSON: the values given to `rename` in
    /// `#[serde(...)]` attributes, and the names of struct fields without one.
    renames: BTreeSet<String>,
}

fn walk_items(items: &[syn::Item], found: &mut Found) {
    for item in items {
        walk_item(item, found);
    }
}

fn walk_block(block: &syn::Block, found: &mut Found) {
    for stmt in &block.stmts {
        if let syn::Stmt::Item(item) = stmt {
            walk_item(item, found);
        }
    }
}

fn walk_item(item: &syn::Item, found: &mut Found) {
    match item {
        syn::Item::Fn(f) => {
            found.items.push(f.sig.ident.to_string());
            walk_block(&f.block, found);
        }
        syn::Item::Struct(s) => {
            found.items.push(s.ident.to_string());
            for field in &s.fields {
                let renamed = serde_renames(&field.attrs, found);
                if let Some(ident) = &field.ident {
                    let name = ident.to_string();
                    if !renamed {
                        // Serialized under its own name.
                        let wire = name.strip_prefix("r#").unwrap_or(&name);
                        found.renames.insert(wire.to_string());
                    }
                    found.items.push(name);
                }
            }
        }
        syn::Item::Enum(e) => {
            found.items.push(e.ident.to_string());
            for variant in &e.variants {
                found.items.push(variant.ident.to_string());
                serde_renames(&variant.attrs, found);
            }
        }
        syn::Item::Union(u) => found.items.push(u.ident.to_string()),
        syn::Item::Const(c) => found.items.push(c.ident.to_string()),
        syn::Item::Static(s) => found.items.push(s.ident.to_string()),
        syn::Item::Type(t) => found.items.push(t.ident.to_string()),
        syn::Item::Trait(t) => {
            found.items.push(t.ident.to_string());
            for member in &t.items {
                if let syn::TraitItem::Fn(f) = member {
                    found.items.push(f.sig.ident.to_string());
                    if let Some(block) = &f.default {
                        walk_block(block, found);
                    }
                }
            }
        }
        syn::Item::Mod(m) => {
            found.items.push(m.ident.to_string());
            if let Some((_, items)) = &m.content {
                walk_items(items, found);
            }
        }
        syn::Item::Impl(i) => {
            for member in &i.items {
                match member {
                    syn::ImplItem::Fn(f) => {
                        found.items.push(f.sig.ident.to_string());
                        walk_block(&f.block, found);
                    }
                    syn::ImplItem::Const(c) => found.items.push(c.ident.to_string()),
                    syn::ImplItem::Type(t) => found.items.push(t.ident.to_string()),
                    _ => {}
                }
            }
        }
        syn::Item::Macro(m) => {
            if let Some(ident) = &m.ident {
                found.items.push(ident.to_string());
            }
        }
        _ => {}
    }
}

/// Records the `rename = "..."` values of `#[serde(...)]` attributes; true if there is one.
fn serde_renames(attrs: &[syn::Attribute], found: &mut Found) -> bool {
    let mut renamed = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                found.renames.insert(value.value());
                renamed = true;
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        })
        .expect("serde attributes parse");
    }
    renamed
}

/// Records every identifier and string literal of a token stream, inside groups too.
fn walk_tokens<'c>(
    mut cursor: syn::buffer::Cursor<'c>,
    found: &mut Found,
) -> syn::buffer::Cursor<'c> {
    while !cursor.eof() {
        if let Some((inside, _, _, next)) = cursor.any_group() {
            walk_tokens(inside, found);
            cursor = next;
        } else if let Some((ident, next)) = cursor.ident() {
            found.idents.insert(ident.to_string());
            cursor = next;
        } else if let Some((literal, next)) = cursor.literal() {
            if let syn::Lit::Str(s) = syn::Lit::new(literal) {
                found.strings.insert(s.value());
            }
            cursor = next;
        } else if let Some((_, next)) = cursor.token_tree() {
            cursor = next;
        } else {
            break;
        }
    }
    cursor
}

/// Parses `text` as a Rust file (failing the test when it does not parse) and walks it.
fn walk(path: &str, text: &str) -> Found {
    let file = syn::parse_file(text)
        .unwrap_or_else(|e| panic!("injection: the generated {path} does not parse: {e}"));
    let mut found = Found::default();
    walk_items(&file.items, &mut found);
    let tokens = |input: ParseStream| {
        input.step(|cursor| {
            let end = walk_tokens(*cursor, &mut found);
            Ok(((), end))
        })
    };
    tokens
        .parse_str(text)
        .unwrap_or_else(|e| panic!("{path} does not tokenize: {e}"));
    found
}

// ---- The wire names of the spec ----

/// Strings of `value` found at `key` (a list of strings or a string) anywhere in it.
fn strings_at(value: &serde_json::Value, key: &str, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if k == key {
                    match v {
                        serde_json::Value::String(s) => out.push(s.clone()),
                        serde_json::Value::Array(items) => {
                            out.extend(items.iter().filter_map(|i| i.as_str()).map(str::to_string))
                        }
                        _ => {}
                    }
                }
                strings_at(v, key, out);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                strings_at(item, key, out);
            }
        }
        _ => {}
    }
}

/// Property names of every schema.
fn property_names(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if k == "properties" {
                    if let Some(props) = v.as_object() {
                        out.extend(props.keys().cloned());
                    }
                }
                property_names(v, out);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                property_names(item, out);
            }
        }
        _ => {}
    }
}

/// Names of the parameters of the spec at `location`.
fn parameter_names(spec: &serde_json::Value, location: &str) -> Vec<String> {
    let mut out = Vec::new();
    for item in spec["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("path item").values() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                if p["in"] == location {
                    out.push(p["name"].as_str().expect("a name").to_string());
                }
            }
        }
    }
    out
}

fn describe(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("{v:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---- Compiling it ----

/// Writes the crate into the tests' scratch area (`clientgen_tests::scratch`, a workspace of its
/// own) and runs `cargo check --offline` on it; returns whether it passed, and the short
/// diagnostics.
fn cargo_check(output: &clientgen::Output, name: &str) -> (bool, String) {
    let dir = scratch::crate_dir(&format!("{name}-crate"));
    output.write_to(&dir).expect("the crate can be written");
    scratch::make_workspace(&dir).expect("the crate is made a workspace of its own");
    let result = scratch::cargo(&dir, "check")
        .args(["--no-default-features", "--message-format", "short"])
        .output()
        .expect("cargo runs");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    (result.status.success(), log)
}

fn compiles_without_warnings(output: &clientgen::Output, name: &str) {
    let (success, log) = cargo_check(output, name);
    assert!(
        success,
        "injection: the generated crate does not compile:\n{log}"
    );
    let warnings: Vec<&str> = log.lines().filter(|l| l.contains("warning:")).collect();
    assert!(
        warnings.is_empty(),
        "injection: the generated crate compiles with warnings:\n{}",
        warnings.join("\n")
    );
}

// ---- The tests ----

#[test]
fn hostile_text_stays_text() {
    let spec = spec_json();
    let output = generate(&spec_text(), "injection");

    // (a) Every file parses, (b) no `evil` item or identifier anywhere.
    let mut all = Found::default();
    for (path, text) in rust_files(&output) {
        let found = walk(&path, text);
        assert!(
            !found.items.iter().any(|i| i == "evil" || i == "r#evil"),
            "injection: an item named `evil` in {path}:\n{text}"
        );
        assert!(
            !found.idents.contains("evil"),
            "injection: an identifier `evil` in {path}:\n{text}"
        );
        all.items.extend(found.items);
        all.idents.extend(found.idents);
        all.strings.extend(found.strings);
        all.renames.extend(found.renames);
    }
    assert!(all.items.len() > 20, "the walk finds the items");

    // (c) Wire names round-trip exactly: enum values and property names as serde renames,
    // parameter, header and API key names as string literals.
    let mut enum_values = Vec::new();
    strings_at(&spec["components"]["schemas"], "enum", &mut enum_values);
    let mut properties = Vec::new();
    property_names(&spec["components"]["schemas"], &mut properties);
    let renamed: Vec<String> = enum_values.iter().chain(&properties).cloned().collect();
    assert!(renamed.len() > 30);
    let missing: Vec<String> = renamed
        .iter()
        .filter(|v| !all.renames.contains(*v))
        .cloned()
        .collect();
    assert!(
        missing.is_empty(),
        "injection: these enum values or property names are not serde names: {}\nnames: {}",
        describe(&missing),
        describe(&all.renames.iter().cloned().collect::<Vec<_>>())
    );

    let mut literals = parameter_names(&spec, "query");
    literals.extend(parameter_names(&spec, "header"));
    strings_at(
        &spec["components"]["securitySchemes"],
        "name",
        &mut literals,
    );
    let missing: Vec<String> = literals
        .iter()
        .filter(|v| !all.strings.contains(*v))
        .cloned()
        .collect();
    assert!(
        missing.is_empty(),
        "injection: these parameter or header names are not string literals: {}",
        describe(&missing)
    );
    for cookie in parameter_names(&spec, "cookie") {
        let sent = format!("{cookie}=");
        assert!(
            all.strings.contains(&sent),
            "injection: the cookie {cookie:?} is not sent as {sent:?}"
        );
    }
}

/// (d) The crate compiles, without a warning.
#[test]
fn hostile_crate_compiles_without_warnings() {
    let output = generate(&spec_text(), "injection");
    compiles_without_warnings(&output, "injection");
}

/// (d) for the Rust code alone: every text hostile but `info.title`, which also goes into
/// Cargo.toml (see `hostile_crate_compiles_without_warnings`).
#[test]
fn hostile_code_compiles_without_warnings() {
    let spec = spec_with_title(r##"Title */ /* \"#] `code` {} é, on one line"##);
    let output = generate(&spec, "injection-code");
    compiles_without_warnings(&output, "injection-code");
}

/// Response header names a success returns are read by their exact names.
#[test]
fn response_header_names_stay_exact() {
    let spec = spec_json();
    let output = generate(&spec_text(), "injection-headers");
    let mut strings = BTreeSet::new();
    for (path, text) in rust_files(&output) {
        strings.extend(walk(&path, text).strings);
    }
    let headers =
        spec["paths"]["/things/*/\"#]/'/\\/é/x}y/{id}"]["post"]["responses"]["200"]["headers"]
            .as_object()
            .expect("the 200 response declares headers");
    let missing: Vec<String> = headers
        .keys()
        .filter(|h| !strings.contains(*h) && !strings.contains(&h.to_ascii_lowercase()))
        .cloned()
        .collect();
    assert!(
        missing.is_empty(),
        "injection: these response header names are not string literals: {}",
        describe(&missing)
    );
}

/// Bidirectional-override characters (the "Trojan Source" trick) in spec text must not reach
/// the generated code as they are: rustc denies them in literals and comments.
#[test]
fn bidi_overrides_do_not_break_the_build() {
    let spec = r##"{
      "openapi": "3.0.3",
      "info": {"title": "Bidi \u202e txet", "version": "1.0.0", "description": "a \u202e b \u2066 c \u2069"},
      "servers": [{"url": "https://api.example.com"}],
      "paths": {
        "/modes": {
          "get": {
            "operationId": "getModes",
            "description": "reversed \u202e */ fn evil() {}",
            "responses": {
              "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Mode"}}}
              }
            }
          }
        }
      },
      "components": {
        "schemas": {
          "Mode": {
            "type": "string",
            "description": "\u202e\u2067 hidden",
            "enum": ["plain", "rtl\u202eltr", "iso\u2066late\u2069"]
          }
        }
      }
    }"##;
    let output = generate(spec, "injection-bidi");
    let mut renames = BTreeSet::new();
    for (path, text) in rust_files(&output) {
        renames.extend(walk(&path, text).renames);
    }
    for value in ["plain", "rtl\u{202e}ltr", "iso\u{2066}late\u{2069}"] {
        assert!(
            renames.contains(value),
            "injection: {value:?} is not a serde rename"
        );
    }
    compiles_without_warnings(&output, "injection-bidi");
}
