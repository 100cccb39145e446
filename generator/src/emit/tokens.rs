//! Small pieces shared by the emitters: identifiers, doc attributes and type syntax.

use crate::model::{Api, Ty};
use crate::naming;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier, raw (`r#type`) when it is a keyword.
pub fn ident(name: &str) -> Ident {
    if naming::is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// `#[doc = "..."]` lines for `text`, one per line, so prettyplease prints `///` comments.
pub fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let text = text.trim();
    if text.is_empty() {
        return TokenStream::new();
    }
    let mut kept: Vec<&str> = Vec::new();
    for line in text.lines() {
        // One blank line between paragraphs at most.
        if line.trim().is_empty() && kept.last().is_none_or(|l| l.trim().is_empty()) {
            continue;
        }
        kept.push(line);
    }
    let lines = markdown_continuations(&kept).into_iter().map(|line| {
        let line = sanitize(line.trim_end());
        let line = if line.is_empty() {
            line
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Descriptions are Markdown, often written loosely: a line that goes on with a list item or
/// a quote without its indent or `>` ("lazy continuation") renders the same, but rustdoc's
/// readers (and clippy) want it spelled out. Such lines get the item's indent or the `>`.
/// Code blocks are left as they are. Tabs become four spaces (rustdoc renders them unevenly).
pub fn markdown_continuations<'t>(lines: &[&'t str]) -> Vec<std::borrow::Cow<'t, str>> {
    use std::borrow::Cow;
    if lines.iter().any(|l| l.contains('\t')) {
        let expanded: Vec<String> = lines.iter().map(|l| l.replace('\t', "    ")).collect();
        let expanded: Vec<&str> = expanded.iter().map(String::as_str).collect();
        return markdown_continuations(&expanded)
            .into_iter()
            .map(|l| Cow::Owned(l.into_owned()))
            .collect();
    }
    let indent_of = |line: &str| line.len() - line.trim_start_matches(' ').len();
    // The column where a list item's text starts, if `line` opens one.
    let item_content = |line: &str| {
        let indent = indent_of(line);
        let rest = &line[indent..];
        let marker = if rest.starts_with(['*', '-', '+']) {
            1
        } else {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let closes = rest[digits..].starts_with(['.', ')']);
            if (1..=9).contains(&digits) && closes {
                digits + 1
            } else {
                return None;
            }
        };
        let after = &rest[marker..];
        let spaces = after.len() - after.trim_start_matches(' ').len();
        ((1..=4).contains(&spaces) && spaces < after.len()).then_some(indent + marker + spaces)
    };
    let mut out = Vec::with_capacity(lines.len());
    let mut fence: Option<&str> = None;
    let mut item: Option<usize> = None;
    let mut quote = false;
    for &line in lines {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            out.push(Cow::Borrowed(line));
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            (item, quote) = (None, false);
            out.push(Cow::Borrowed(line));
            continue;
        }
        if trimmed.is_empty() {
            (item, quote) = (None, false);
            out.push(Cow::Borrowed(line));
            continue;
        }
        if trimmed.starts_with('>') {
            (item, quote) = (None, true);
            out.push(Cow::Borrowed(line));
            continue;
        }
        if quote {
            out.push(Cow::Owned(format!("> {trimmed}")));
            continue;
        }
        if let Some(content) = item_content(line) {
            item = Some(content);
            out.push(Cow::Borrowed(line));
            continue;
        }
        match item {
            Some(content) if indent_of(line) < content => {
                out.push(Cow::Owned(format!("{}{trimmed}", " ".repeat(content))));
            }
            _ => out.push(Cow::Borrowed(line)),
        }
    }
    out
}

/// [`doc`] as a further paragraph: a blank doc line, then the text; nothing without text.
pub fn doc_paragraph(text: Option<&str>) -> TokenStream {
    let lines = doc(text);
    if lines.is_empty() {
        lines
    } else {
        quote!(#[doc = ""] #lines)
    }
}

/// Like [`doc`], with `fallback` when the spec gives no text (generated crates deny missing docs).
pub fn doc_or(text: Option<&str>, fallback: &str) -> TokenStream {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => doc(Some(text)),
        None => doc(Some(fallback)),
    }
}

/// Control characters (other than tab) cannot be carried through a `///` comment; they are
/// shown escaped instead.
pub fn sanitize(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if (c.is_control() && c != '\t') || is_bidi_control(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters that reorder how text is displayed; rustc refuses them in comments and literals,
/// since they can make code read differently from what it does.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Where a type is written from: inside the `types` module or next to it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Inside `types`.
    Types,
    /// In a sibling module (`types::Name`).
    Sibling,
}

/// The Rust syntax of a type use.
pub fn ty(api: &Api, ty: &Ty, scope: Scope) -> TokenStream {
    match ty {
        Ty::String => quote!(String),
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::F32 => quote!(f32),
        Ty::F64 => quote!(f64),
        Ty::Any => quote!(serde_json::Value),
        Ty::Object => quote!(serde_json::Map<String, serde_json::Value>),
        Ty::Bytes => quote!(Vec<u8>),
        Ty::Vec(inner) => {
            let inner = self::ty(api, inner, scope);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = self::ty(api, inner, scope);
            match scope {
                Scope::Types => quote!(BTreeMap<String, #inner>),
                Scope::Sibling => quote!(std::collections::BTreeMap<String, #inner>),
            }
        }
        Ty::Named(id) => {
            let name = ident(&api.types[*id].name);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Sibling => quote!(types::#name),
            }
        }
    }
}

/// Whether a type mentions a map (so `types` needs `use std::collections::BTreeMap`).
pub fn uses_map(ty: &Ty) -> bool {
    match ty {
        Ty::Map(_) => true,
        Ty::Vec(inner) => uses_map(inner),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::markdown_continuations;

    fn fixed(text: &str) -> String {
        let lines: Vec<&str> = text.lines().collect();
        markdown_continuations(&lines).join("\n")
    }

    #[test]
    fn lazy_list_and_quote_continuations_get_their_indent() {
        assert_eq!(
            fixed(
                "Intro:\n  * first item,\n  still the first\n* second\nstill second\n\nA paragraph."
            ),
            "Intro:\n  * first item,\n    still the first\n* second\n  still second\n\nA paragraph."
        );
        assert_eq!(
            fixed("1. one\ngoes on\n10) ten\n  goes on"),
            "1. one\n   goes on\n10) ten\n    goes on"
        );
        assert_eq!(fixed("> quoted\nand more"), "> quoted\n> and more");
    }

    #[test]
    fn tabs_become_spaces() {
        assert_eq!(fixed("a\tb\n-\titem\nmore"), "a    b\n-    item\n     more");
    }

    #[test]
    fn other_text_is_left_alone() {
        let untouched = "-1 means none\n*emphasis* here\n2020 was a year\n\n\
                         - item\n\n  indented paragraph\nplain\n\
                         ```\n- not a list\nin code\n```\nafter";
        assert_eq!(fixed(untouched), untouched);
    }
}
