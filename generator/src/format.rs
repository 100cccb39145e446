//! Stage 4: tokens to source text with prettyplease, under the `@generated` header.

mod table;

use proc_macro2::TokenStream;

/// Formats a whole file. Fails only if the emitter produced tokens that are not a Rust file,
/// which is a bug in clientgen.
///
/// A large `impl` block (a client's, with a method per operation) is printed in parts of
/// [`ITEMS_PER_PART`] items, so that the syntax tree of only one part is held at a time: its
/// first part under its own head, the others under a stand-in head that is then left out
/// (prettyplease prints an item of an `impl` the same under any head).
pub fn format_file(header: &str, tokens: TokenStream) -> Result<String, String> {
    let mut body = String::new();
    let mut rest = Vec::new();
    for item in items(tokens) {
        match split_impl(item) {
            Ok((head, parts)) => {
                body.push_str(&unparse(rest.drain(..).collect())?);
                body.push_str(&unparse_impl(head, parts)?);
            }
            Err(item) => rest.push(item),
        }
    }
    body.push_str(&unparse(rest.into_iter().collect())?);
    Ok(finish(header, &body))
}

/// Items of an `impl` printed at once by [`format_file`].
const ITEMS_PER_PART: usize = 64;

/// The top-level items of `tokens` (with their attributes; inner attributes go with the first
/// item): an item ends at a `;` or at a `{ .. }` followed by what starts an item (an attribute
/// or a keyword) or by nothing. A wrong guess only prints a part with the next (see
/// [`unparse_impl`]).
fn items(tokens: TokenStream) -> Vec<TokenStream> {
    use proc_macro2::{Delimiter, TokenTree};
    /// Keywords that start an item (after its attributes).
    const ITEM_KEYWORDS: &[&str] = &[
        "pub",
        "fn",
        "impl",
        "struct",
        "enum",
        "mod",
        "use",
        "const",
        "static",
        "type",
        "trait",
        "async",
        "unsafe",
        "extern",
        "macro_rules",
    ];
    let starts_item = |tree: &TokenTree| match tree {
        TokenTree::Punct(p) => p.as_char() == '#',
        TokenTree::Ident(i) => ITEM_KEYWORDS.iter().any(|k| i == k),
        _ => false,
    };
    let mut items = Vec::new();
    let mut item = Vec::new();
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        let ends_item = match &tree {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => {
                g.delimiter() == Delimiter::Brace && trees.peek().is_none_or(starts_item)
            }
            _ => false,
        };
        item.push(tree);
        if ends_item {
            items.push(item.drain(..).collect());
        }
    }
    if !item.is_empty() {
        items.push(item.into_iter().collect());
    }
    items
}

/// An `impl` item of more than [`ITEMS_PER_PART`] items as its head (what comes before its
/// body) and its items in parts; any other item as it is.
fn split_impl(item: TokenStream) -> Result<(TokenStream, Vec<TokenStream>), TokenStream> {
    use proc_macro2::{Delimiter, TokenTree};
    let mut trees: Vec<TokenTree> = item.into_iter().collect();
    // After its attributes (`#` and `[..]`), `impl` or `unsafe impl`.
    let mut words = trees.iter().filter_map(|t| match t {
        TokenTree::Ident(i) => Some(i.to_string()),
        TokenTree::Punct(p) if p.as_char() == '#' => None,
        TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket => None,
        _ => Some(String::new()),
    });
    let is_impl = match words.next().as_deref() {
        Some("impl") => true,
        Some("unsafe") => words.next().as_deref() == Some("impl"),
        _ => false,
    };
    let body = match trees.last() {
        Some(TokenTree::Group(g)) if is_impl && g.delimiter() == Delimiter::Brace => g.stream(),
        _ => return Err(trees.into_iter().collect()),
    };
    let mut items = items(body);
    if items.len() <= ITEMS_PER_PART {
        return Err(trees.into_iter().collect());
    }
    trees.pop();
    let mut parts = Vec::new();
    while !items.is_empty() {
        let rest = items.split_off(items.len().min(ITEMS_PER_PART));
        parts.push(std::mem::replace(&mut items, rest).into_iter().collect());
    }
    Ok((trees.into_iter().collect(), parts))
}

/// The `impl` of `head` with the items of `parts`, printed part by part; a part that does not
/// parse on its own (a split in the wrong place) is printed with the next.
fn unparse_impl(head: TokenStream, parts: Vec<TokenStream>) -> Result<String, String> {
    const STAND_IN_HEAD: &str = "impl X {\n";
    let mut parts = parts.into_iter();
    let mut text = String::new();
    let mut joined = None;
    let mut first = true;
    while let Some(part) = joined.take().or_else(|| parts.next()) {
        let printed = if first {
            unparse(quote::quote!(#head { #part }))
        } else {
            unparse(quote::quote!(impl X { #part }))
        };
        // Without the closing brace, and after the first part without the stand-in head.
        let body = match &printed {
            Ok(t) if first => t.strip_suffix("}\n"),
            Ok(t) => t
                .strip_prefix(STAND_IN_HEAD)
                .and_then(|t| t.strip_suffix("}\n")),
            Err(_) => None,
        };
        match body {
            Some(body) => {
                text.push_str(body);
                first = false;
            }
            None => match parts.next() {
                Some(next) => joined = Some(part.into_iter().chain(next).collect()),
                None => {
                    let unexpected = || "an impl printed unexpectedly".to_string();
                    return Err(printed.err().unwrap_or_else(unexpected));
                }
            },
        }
    }
    text.push_str("}\n");
    Ok(text)
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
    use super::{ITEMS_PER_PART, finish, format_file, space_items, unparse};

    /// A large `impl` printed in parts is the `impl` printed whole, and so is every item
    /// around it (a `const` whose value ends in braces, an `impl` with braces in its head).
    #[test]
    fn a_large_impl_printed_in_parts_is_printed_as_whole() {
        let method = quote::quote! {
            /// A doc.
            #[cfg(feature = "x")]
            pub async fn f(&self) -> Result<(), Error> { let x = S { a: 1 }; Ok(()) }
            const C: u8 = { 1 };
        };
        let methods = std::iter::repeat_n(method, ITEMS_PER_PART * 2 + 3);
        let methods = methods.collect::<proc_macro2::TokenStream>();
        let file = quote::quote! {
            #![doc = " The module."]
            const D: S = S { a: 1 };
            #[derive(Debug)]
            pub struct S { a: u8 }
            impl<const N: usize> Client<{ N }> where [u8; N]: Sized { #methods }
            fn g() {}
        };
        let whole = finish("header", &unparse(file.clone()).expect("parses"));
        assert_eq!(format_file("header", file).expect("parses"), whole);
    }

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
