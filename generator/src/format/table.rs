//! Item-level macro invocations with a brace body (`object! { .. }`), printed as a person lays
//! out a table: the words before each brace group on one line, then one row per line, a row
//! ending at each comma. prettyplease fills such a body like a paragraph instead, which
//! cannot be read as rows.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;

/// Whether `item` is printed here rather than by prettyplease: an invocation with braces, or
/// one of the emitter's own `macro_rules!` ([`crate::emit::MACROS`]).
pub fn is_table(item: &syn::Item) -> bool {
    matches!(item, syn::Item::Macro(m)
        if matches!(m.mac.delimiter, syn::MacroDelimiter::Brace(_))
            && (m.ident.is_none() || written(m).is_some()))
}

/// The text of one of the emitter's own `macro_rules!`.
fn written(m: &syn::ItemMacro) -> Option<&'static str> {
    let name = m.ident.as_ref()?;
    let (_, text) = crate::emit::MACROS.iter().find(|(n, _)| name == n)?;
    m.mac.path.is_ident("macro_rules").then_some(*text)
}

/// Appends `item` to `out`, each line starting with `indent`. Call only when [`is_table`].
pub fn print(item: &syn::Item, indent: &str, out: &mut String) {
    let syn::Item::Macro(m) = item else {
        return;
    };
    if let Some(text) = written(m) {
        // Its `#[cfg]` (the doc is in the text), then the text.
        for attr in m.attrs.iter().filter(|a| !a.path().is_ident("doc")) {
            out.push_str(indent);
            out.push_str(&line(attr.to_token_stream()));
            out.push('\n');
        }
        for text in text.lines() {
            if !text.is_empty() {
                out.push_str(indent);
            }
            out.push_str(text);
            out.push('\n');
        }
        return;
    }
    for attr in &m.attrs {
        out.push_str(indent);
        out.push_str(&line(attr.to_token_stream()));
        out.push('\n');
    }
    out.push_str(indent);
    out.push_str(&line(m.mac.path.to_token_stream()));
    out.push_str("! {\n");
    body(m.mac.tokens.clone(), &format!("{indent}    "), out);
    out.push_str(indent);
    out.push_str("}\n");
}

/// The words on lines of their own, each brace group's rows one level in (an empty group is
/// `{}` on the line).
fn body(tokens: TokenStream, indent: &str, out: &mut String) {
    let mut words = TokenStream::new();
    let mut current = String::new();
    let join = |current: &mut String, text: &str| {
        if !current.is_empty() && !text.is_empty() {
            current.push(' ');
        }
        current.push_str(text);
    };
    for tt in tokens {
        match tt {
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                join(&mut current, &line(std::mem::take(&mut words)));
                if group.stream().is_empty() {
                    join(&mut current, "{}");
                    continue;
                }
                join(&mut current, "{");
                out.push_str(indent);
                out.push_str(&current);
                out.push('\n');
                rows(group.stream(), &format!("{indent}    "), out);
                current = "}".to_string();
            }
            tt => words.extend([tt]),
        }
    }
    join(&mut current, &line(words));
    if !current.is_empty() {
        out.push_str(indent);
        out.push_str(&current);
        out.push('\n');
    }
}

/// One row per line, each ending at a comma of this level.
fn rows(tokens: TokenStream, indent: &str, out: &mut String) {
    let mut row = TokenStream::new();
    let flush = |row: &mut TokenStream, comma: bool, out: &mut String| {
        if row.is_empty() {
            return;
        }
        out.push_str(indent);
        out.push_str(&line(std::mem::take(row)));
        if comma {
            out.push(',');
        }
        out.push('\n');
    };
    for tt in tokens {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == ',' => flush(&mut row, true, out),
            _ => row.extend([tt]),
        }
    }
    flush(&mut row, false, out);
}

/// What was written last, for the space before the next token.
#[derive(Clone, Copy, PartialEq)]
enum Last {
    /// Nothing, or a token the next one is glued to (`<`, `::`, `#`, `&`, `..`, `'`).
    Glue,
    /// A word, a literal, a group or a closing `>`.
    Word,
    /// `,` `:` `=` and other punctuation followed by a space.
    Spaced,
}

/// Tokens on one line, spaced as rustfmt would space a type, a path, an attribute or a row.
pub fn line(tokens: TokenStream) -> String {
    let mut out = String::new();
    let mut last = Last::Glue;
    write(tokens, &mut out, &mut last);
    out
}

fn write(tokens: TokenStream, out: &mut String, last: &mut Last) {
    let mut joint_colon = false;
    let mut joint_dot = false;
    for tt in tokens {
        match tt {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                // `cfg(..)`, `#[..]`, `Some(..)` are glued; `= (..)` is not.
                if *last == Last::Spaced {
                    out.push(' ');
                }
                out.push_str(open);
                let mut inner = Last::Glue;
                write(group.stream(), out, &mut inner);
                out.push_str(close);
                *last = Last::Word;
            }
            TokenTree::Ident(ident) => {
                if *last != Last::Glue {
                    out.push(' ');
                }
                out.push_str(&ident.to_string());
                *last = Last::Word;
            }
            TokenTree::Literal(literal) => {
                if *last != Last::Glue {
                    out.push(' ');
                }
                out.push_str(&literal.to_string());
                *last = Last::Word;
            }
            TokenTree::Punct(punct) => {
                let c = punct.as_char();
                let joint = punct.spacing() == Spacing::Joint;
                match c {
                    ',' | ';' => {
                        out.push(c);
                        *last = Last::Spaced;
                    }
                    ':' if joint_colon => {
                        out.push(':');
                        *last = Last::Glue;
                    }
                    ':' if joint => {
                        out.push(':');
                        *last = Last::Glue;
                    }
                    ':' => {
                        out.push(':');
                        *last = Last::Spaced;
                    }
                    '<' => {
                        out.push('<');
                        *last = Last::Glue;
                    }
                    '>' => {
                        out.push('>');
                        *last = Last::Word;
                    }
                    '.' if joint_dot => {
                        out.push('.');
                        *last = Last::Glue;
                    }
                    '#' | '&' | '\'' | '.' | '!' => {
                        if *last != Last::Glue && c != '!' {
                            out.push(' ');
                        }
                        out.push(c);
                        *last = Last::Glue;
                    }
                    _ => {
                        if *last != Last::Glue {
                            out.push(' ');
                        }
                        out.push(c);
                        *last = Last::Spaced;
                    }
                }
                joint_colon = c == ':' && joint && !joint_colon;
                joint_dot = c == '.' && joint && !joint_dot;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{is_table, line, print};
    use quote::quote;

    #[test]
    fn types_paths_and_attributes_are_spaced_as_rustfmt_spaces_them() {
        let cases = [
            (
                quote!(std::collections::BTreeMap<String, Vec<Option<r#type>>>),
                "std::collections::BTreeMap<String, Vec<Option<r#type>>>",
            ),
            (
                quote!(#[cfg(any(feature = "a", feature = "b"))]),
                "#[cfg(any(feature = \"a\", feature = \"b\"))]",
            ),
            (
                quote!(id as set_id: req_box Box<i64> = "id" 2),
                "id as set_id: req_box Box<i64> = \"id\" 2",
            ),
            (quote!(Issue: read), "Issue: read"),
            (quote!(..additional), "..additional"),
            (quote!(&'static str), "&'static str"),
        ];
        for (tokens, text) in cases {
            assert_eq!(line(tokens), text);
        }
    }

    #[test]
    fn a_brace_macro_is_printed_one_row_per_line() {
        let item: syn::Item = syn::parse2(quote! {
            #[cfg(feature = "x")]
            object! {
                Issue: read {
                    id: req i64 = "id" 2,
                    node_id: req String = "node_id" 7,
                } {
                    body: opt2 String = "body" 4,
                } ..rest
            }
        })
        .expect("an item");
        assert!(is_table(&item));
        let mut out = String::new();
        print(&item, "    ", &mut out);
        assert_eq!(
            out,
            "    #[cfg(feature = \"x\")]
    object! {
        Issue: read {
            id: req i64 = \"id\" 2,
            node_id: req String = \"node_id\" 7,
        } {
            body: opt2 String = \"body\" 4,
        } ..rest
    }
"
        );
        let rules: syn::Item = syn::parse2(quote!(
            macro_rules! m {
                () => {};
            }
        ))
        .expect("an item");
        assert!(!is_table(&rules));
    }
}
