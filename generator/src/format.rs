//! Stage 4: tokens to source text with prettyplease, under the `@generated` header.

mod table;

use proc_macro2::TokenStream;

/// Formats a whole file. Fails only if the emitter produced tokens that are not a Rust file,
/// which is a bug in clientgen.
pub fn format_file(header: &str, tokens: TokenStream) -> Result<String, String> {
    Ok(finish(header, &unparse(tokens)?))
}

/// Prints items (and inner attributes) as prettyplease does, but for tables ([`table`]),
/// which are printed as rows. The texts of consecutive parts of a file, joined, are the text
/// of the whole: parts can be printed apart and [`finish`]ed together.
pub fn unparse(tokens: TokenStream) -> Result<String, String> {
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the emitted code does not parse: {e}"))?;
    let mut tables = Vec::new();
    stand_in(&mut file.items, &mut tables);
    let text = prettyplease::unparse(&file);
    if tables.is_empty() {
        return Ok(text);
    }
    // Each stand-in's line becomes its table, at the stand-in's indent.
    let mut out = String::with_capacity(text.len() * 2);
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let table = (trimmed.strip_prefix(STAND_IN))
            .and_then(|rest| rest.strip_suffix(": () = ();\n"))
            .and_then(|n| tables.get(n.parse::<usize>().ok()?));
        match table {
            Some(table) => table::print(table, &line[..line.len() - trimmed.len()], &mut out),
            None => out.push_str(line),
        }
    }
    Ok(out)
}

/// What a table is printed as by prettyplease, numbered, before it is printed as rows.
const STAND_IN: &str = "const __CLIENTGEN_TABLE_";

/// Puts a numbered stand-in in the place of each table of `items` (and of their modules),
/// moving the tables to `tables`.
fn stand_in(items: &mut [syn::Item], tables: &mut Vec<syn::Item>) {
    for item in items {
        if table::is_table(item) {
            let name =
                quote::format_ident!("{}{}", STAND_IN.trim_start_matches("const "), tables.len());
            // (A `const` item of a fresh name parses: `parse_quote!` cannot panic here.)
            let stand_in: syn::Item = syn::parse_quote!(const #name: () = (););
            tables.push(std::mem::replace(item, stand_in));
        } else if let syn::Item::Mod(syn::ItemMod {
            content: Some((_, items)),
            ..
        }) = item
        {
            stand_in(items, tables);
        }
    }
}

/// Prints items as the body of a module (`mod m { .. }`): as [`unparse`] does, one level in, so
/// that prettyplease breaks their lines where it would inside the module. The texts of
/// consecutive parts of a module's body, joined, are the text of the whole body.
pub fn unparse_in_module(tokens: TokenStream) -> Result<String, String> {
    if tokens.is_empty() {
        return Ok(String::new());
    }
    let text = unparse(quote::quote!(mod m { #tokens }))?;
    // prettyplease prints the module as `mod m {`, its items one level in, then `}`.
    let inner = text
        .strip_prefix("mod m {\n")
        .and_then(|rest| rest.strip_suffix("}\n"));
    inner
        .map(str::to_string)
        .ok_or_else(|| format!("a module printed unexpectedly: {:?}", text.lines().next()))
}

/// The file: `body` (from [`unparse`]) under the header, spaced as a person would write it.
pub fn finish(header: &str, body: &str) -> String {
    // Text from the spec reaches comments through many doc attributes; characters that reorder
    // displayed text are refused by rustc there, so they are written as escapes, once, here.
    // (String literals already carry them escaped.)
    let escaped;
    let body = if body.chars().any(crate::text::is_bidi_control) {
        escaped = body
            .chars()
            .map(|c| {
                if crate::text::is_bidi_control(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect::<String>();
        &escaped
    } else {
        body
    };
    let mut out = String::with_capacity(body.len() + body.len() / 8 + header.len() + 8);
    for line in header.lines() {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    space_items(body, &mut out);
    out
}

/// prettyplease puts items right after one another; a blank line between items (and after the
/// module docs) reads as a person would write it.
fn space_items(body: &str, out: &mut String) {
    const ITEM_STARTS: &[&str] = &[
        "///",
        "#[",
        "pub ",
        "pub(",
        "impl ",
        "impl<",
        "fn ",
        "async fn ",
        "mod ",
        "use ",
        "const ",
        "static ",
        "type ",
        "struct ",
        "enum ",
        "trait ",
    ];
    let mut previous: Option<&str> = None;
    for line in body.lines() {
        if let Some(prev) = previous {
            let indent = |l: &str| l.len() - l.trim_start().len();
            let (p, l) = (prev.trim(), line.trim());
            let starts_item = ITEM_STARTS.iter().any(|s| l.starts_with(s));
            // (A doc comment line ending in `;` is text, such as code in a description.)
            let ends_item = (p == "}"
                || p == "};"
                || (p.ends_with(';') && !p.starts_with("let ") && !p.starts_with("//")))
                && indent(prev) == indent(line);
            let declaration = |t: &str| {
                ["use ", "pub use ", "mod ", "pub mod ", "#[rustfmt::skip]"]
                    .iter()
                    .any(|d| t.starts_with(d))
            };
            let both_use = declaration(p) && declaration(l);
            let after_module_docs = p.starts_with("//!") && !l.starts_with("//!");
            if (starts_item && ends_item && !both_use) || after_module_docs {
                out.push('\n');
            }
        }
        match split_attribute(line) {
            Some((indent, attribute, statement)) => {
                out.push_str(&format!("{indent}{attribute}\n{indent}{statement}\n"));
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
        previous = Some(line);
    }
}

/// A statement prettyplease prints on one line after its attribute (`#[cfg(..)] call();`), as
/// the indent, the attribute and the statement, to be written on two lines as rustfmt does. An
/// attribute alone on its line, or followed by a comment, is `None`.
fn split_attribute(line: &str) -> Option<(&str, &str, &str)> {
    let text = line.trim_start();
    let indent = &line[..line.len() - text.len()];
    if !text.starts_with("#[") {
        return None;
    }
    let (mut depth, mut quoted, mut escaped) = (0usize, false, false);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => {
                depth -= 1;
                if depth == 0 {
                    let statement = text[i + 1..].strip_prefix(' ')?;
                    let real = !statement.is_empty() && !statement.starts_with("//");
                    return real.then_some((indent, &text[..=i], statement));
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::space_items;

    fn spaced(body: &str) -> String {
        let mut out = String::new();
        space_items(body, &mut out);
        out
    }

    #[test]
    fn a_statement_after_its_attribute_is_on_a_line_of_its_own() {
        let body = "    fn f() {\n        #[cfg(x)]\n        let y = 1;\n        #[cfg(feature = \"a]\")] call(x[0]); // a comment\n        #[cfg(x)] // a comment\n        y\n    }\n";
        assert_eq!(
            spaced(body),
            "    fn f() {\n        #[cfg(x)]\n        let y = 1;\n        #[cfg(feature = \"a]\")]\n        call(x[0]); // a comment\n        #[cfg(x)] // a comment\n        y\n    }\n"
        );
    }

    #[test]
    fn items_are_spaced_and_doc_text_is_not() {
        let body = "use a::b;\nuse c::d;\nconst X: u8 = 1;\n/// Code in a doc:\n/// let x = 1;\n/// done\npub fn f() {\n}\nfn g() {\n}\n";
        assert_eq!(
            spaced(body),
            "use a::b;\nuse c::d;\n\nconst X: u8 = 1;\n\n/// Code in a doc:\n/// let x = 1;\n/// done\npub fn f() {\n}\n\nfn g() {\n}\n"
        );
    }
}
