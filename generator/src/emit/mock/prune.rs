//! The runtime of the `mock` module without what the client's operations do not need, so that
//! no item of it is dead code: the parameter locations no operation uses (and with none,
//! parameters altogether), bodies, JSON bodies and response headers.

use super::Needs;
use proc_macro2::TokenStream;
use quote::quote;
use syn::visit_mut::{self, VisitMut};

/// The runtime `text` without what `needs` does not ask for.
pub(super) fn runtime(text: &str, needs: &Needs) -> TokenStream {
    // The runtime is the generator's own text, which its check compiles.
    let file = syn::parse_file(text).expect("the mock runtime is Rust (mock/check.rs)");
    let params = needs.params();
    let dropped_fns: Vec<&str> = [
        (!params, "missing_params"),
        (!needs.body, "body_problems"),
        (!needs.json_body, "check_json"),
        (!needs.json_reply, "json"),
        (!needs.headers, "header_text"),
        (!params && !needs.headers, "param_texts"),
    ]
    .into_iter()
    .filter_map(|(drop, name)| drop.then_some(name))
    .collect();
    let dropped_methods: Vec<&str> = [
        (!params, "param"),
        (!params, "values"),
        (!needs.json_body, "json_body"),
    ]
    .into_iter()
    .filter_map(|(drop, name)| drop.then_some(name))
    .collect();
    let dropped_variants: Vec<&str> = [
        (!needs.path, "Path"),
        (!needs.query, "Query"),
        (!needs.header, "Header"),
    ]
    .into_iter()
    .filter_map(|(drop, name)| drop.then_some(name))
    .collect();
    let dropped_fields: Vec<&str> = [(!params, "params"), (!needs.body, "body")]
        .into_iter()
        .filter_map(|(drop, name)| drop.then_some(name))
        .collect();
    let mut items = Vec::new();
    for mut item in file.items {
        let keep = match &mut item {
            syn::Item::Fn(f) => !dropped_fns.iter().any(|n| f.sig.ident == n),
            syn::Item::Struct(s) if s.ident == "Param" => params,
            syn::Item::Struct(s) if s.ident == "Body" => needs.body,
            syn::Item::Type(t) if t.ident == "BodyCheck" => needs.body,
            syn::Item::Struct(s) if s.ident == "Operation" => {
                if let syn::Fields::Named(fields) = &mut s.fields {
                    let all = std::mem::take(&mut fields.named);
                    fields.named = all
                        .into_iter()
                        .filter(|f| {
                            !f.ident
                                .as_ref()
                                .is_some_and(|i| dropped_fields.iter().any(|n| i == n))
                        })
                        .collect();
                }
                true
            }
            syn::Item::Enum(e) if e.ident == "In" => {
                let all = std::mem::take(&mut e.variants);
                e.variants = all
                    .into_iter()
                    .filter(|v| !dropped_variants.iter().any(|n| v.ident == n))
                    .collect();
                params
            }
            syn::Item::Impl(block) if is_impl_of(block, "In") => params,
            syn::Item::Impl(block) => {
                block.items.retain(|item| match item {
                    syn::ImplItem::Fn(f) => !dropped_methods.iter().any(|n| f.sig.ident == n),
                    _ => true,
                });
                !block.items.is_empty()
            }
            _ => true,
        };
        if keep {
            Prune {
                calls: &dropped_fns,
                variants: &dropped_variants,
            }
            .visit_item_mut(&mut item);
            items.push(item);
        }
    }
    quote!(#(#items)*)
}

/// Whether `block` is `impl <name>` (not a trait's).
fn is_impl_of(block: &syn::ItemImpl, name: &str) -> bool {
    block.trait_.is_none() && matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident(name))
}

/// Takes out the statements that call a dropped function and the match arms of dropped
/// variants of `In`.
struct Prune<'a> {
    calls: &'a [&'a str],
    variants: &'a [&'a str],
}

impl Prune<'_> {
    fn calls_dropped(&self, stmt: &syn::Stmt) -> bool {
        let syn::Stmt::Expr(syn::Expr::Call(call), _) = stmt else {
            return false;
        };
        matches!(&*call.func, syn::Expr::Path(p) if self.calls.iter().any(|n| p.path.is_ident(n)))
    }

    fn is_dropped_variant(&self, pat: &syn::Pat) -> bool {
        let path = match pat {
            syn::Pat::Path(p) => &p.path,
            _ => return false,
        };
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        matches!(segments.as_slice(), [ty, variant] if ty == "In" && self.variants.contains(&variant.as_str()))
    }
}

impl VisitMut for Prune<'_> {
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        block.stmts.retain(|stmt| !self.calls_dropped(stmt));
        visit_mut::visit_block_mut(self, block);
    }

    fn visit_expr_match_mut(&mut self, expr: &mut syn::ExprMatch) {
        expr.arms.retain(|arm| !self.is_dropped_variant(&arm.pat));
        visit_mut::visit_expr_match_mut(self, expr);
    }
}
