//! A generated module cut into the units snapshots pin: each item of each module, and each
//! associated item of an impl block (inside its impl header), formatted alone. Shared by the
//! snapshot tests (a module of `generation.rs`).

/// One pinned unit of a generated module: a top-level item of one of its modules, or one
/// associated item of an impl block (shown inside its impl header), formatted alone.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unit {
    /// The module the item is in (`client`, `types`, ... or empty at the top).
    pub module: String,
    /// The item formatted by prettyplease.
    pub text: String,
}

/// The units of a generated module, in the order they are generated.
pub fn units(text: &str) -> Vec<Unit> {
    let file = syn::parse_file(text).unwrap_or_else(|e| panic!("the module does not parse: {e}"));
    let mut out = Vec::new();
    collect_units("", &file.items, &mut out);
    out
}

fn collect_units(module: &str, items: &[syn::Item], out: &mut Vec<Unit>) {
    let render = |item: syn::Item| {
        prettyplease::unparse(&syn::File {
            shebang: None,
            frontmatter: None,
            attrs: Vec::new(),
            items: vec![item],
        })
    };
    for item in items {
        match item {
            syn::Item::Mod(m) if m.content.is_some() => {
                let inner = m.content.as_ref().map(|(_, i)| i.as_slice()).unwrap_or(&[]);
                let path = if module.is_empty() {
                    m.ident.to_string()
                } else {
                    format!("{module}::{}", m.ident)
                };
                collect_units(&path, inner, out);
            }
            syn::Item::Impl(block) if block.items.len() > 1 => {
                for inner in &block.items {
                    let mut one = block.clone();
                    one.items = vec![inner.clone()];
                    out.push(Unit {
                        module: module.to_string(),
                        text: render(syn::Item::Impl(one)),
                    });
                }
            }
            _ => out.push(Unit {
                module: module.to_string(),
                text: render(item.clone()),
            }),
        }
    }
}

/// Renders units grouped by module, for a snapshot.
pub fn render_units<'a>(units: impl IntoIterator<Item = &'a Unit>) -> String {
    let mut text = String::new();
    let mut current: Option<&str> = None;
    for unit in units {
        if current != Some(unit.module.as_str()) {
            let name = if unit.module.is_empty() {
                "(top level)"
            } else {
                unit.module.as_str()
            };
            text.push_str(&format!("// ===== mod {name}\n\n"));
            current = Some(unit.module.as_str());
        }
        text.push_str(&unit.text);
        text.push('\n');
    }
    text
}
