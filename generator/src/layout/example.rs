//! The usage example in a crate's docs, built from the spec: the client on the first server with
//! its credential, and one call. The operation is the first `GET` (else the first operation)
//! that is not deprecated and whose arguments can all be written as literals: strings, numbers,
//! booleans, parameter structs and JSON bodies built with `new`/`Default` from such values (an
//! operation whose parameters are all optional is called without them, as `op(..)`).
//! The example is a `no_run` doctest (it would call the API); its text is formatted by
//! prettyplease like the rest of the crate.

use crate::emit::tokens::ident;
use crate::model::{Api, AuthKind, Field, Media, Operation, Ty, TypeId, TypeKind};
use crate::naming::reserved;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The example's lines (Markdown, a fenced `no_run` block), or `None` when no constructor or
/// no operation can be written from literals.
pub fn usage(api: &Api, package: &str) -> Option<Vec<String>> {
    let krate = ident(&package.replace('-', "_"));
    let mut roots = BTreeSet::from(["Client".to_string()]);
    let client = client(api, &mut roots)?;
    let call = api
        .operations
        .iter()
        .filter(|op| !op.deprecated)
        .filter(|op| op.method.eq_ignore_ascii_case("get"))
        .chain(api.operations.iter().filter(|op| !op.deprecated))
        .find_map(|op| call(api, &mut roots, op))?;
    let roots = roots.iter().map(|r| ident(r));
    let tokens = quote! {
        async fn example() -> Result<(), Box<dyn std::error::Error>> {
            use #krate::{#(#roots),*};

            let client = #client;
            let response = #call;
            println!("{response:?}");
            Ok(())
        }
    };
    let text = crate::format::unparse(tokens).ok()?;
    let lines: Vec<&str> = text.trim_end().lines().collect();
    let (first, rest) = lines.split_first()?;
    let (last, body) = rest.split_last()?;
    let mut out = vec![
        "# Example".to_string(),
        String::new(),
        "```no_run".to_string(),
    ];
    out.push(format!("# {first}"));
    for line in body {
        match line.strip_prefix("    ") {
            // `Ok(())` closes the function the reader does not need to see.
            Some("Ok(())") => out.push("# Ok(())".to_string()),
            Some(line) => out.push(line.to_string()),
            None => out.push(line.to_string()),
        }
    }
    out.push(format!("# {last}"));
    out.push("```".to_string());
    Some(out)
}

/// `Client::new(..)` with placeholder credentials and the default of each server variable.
fn client(api: &Api, roots: &mut BTreeSet<String>) -> Option<TokenStream> {
    if !api.server.absolute {
        return None;
    }
    let mut args = Vec::new();
    for var in &api.server.variables {
        args.push(match &var.choices {
            Some(choices) => {
                let variant = choices.variants.get(choices.default.unwrap_or(0))?;
                roots.insert(choices.name.clone());
                let (ty, variant) = (ident(&choices.name), ident(&variant.name));
                quote!(#ty::#variant)
            }
            None => {
                let default = &var.default;
                quote!(#default)
            }
        });
    }
    if let Some(scheme) = api.constructor_auth.and_then(|i| api.auth.get(i)) {
        match scheme.kind {
            AuthKind::Basic => args.extend([quote!("USERNAME"), quote!("PASSWORD")]),
            AuthKind::Bearer => args.push(quote!("TOKEN")),
            _ => args.push(quote!("API_KEY")),
        }
    }
    let new = ident(reserved::CONSTRUCTOR);
    Some(quote!(Client::#new(#(#args),*)))
}

/// `client.op(..).await?`, when every argument can be written.
fn call(api: &Api, roots: &mut BTreeSet<String>, op: &Operation) -> Option<TokenStream> {
    let mut args = Vec::new();
    for p in &op.path_params {
        args.push(literal(&p.field)?);
    }
    // (An operation whose parameters are all optional is called without them.)
    if let Some(params) = op.params.as_ref().filter(|_| op.takes_params()) {
        let fields = match &api.types.get(params.ty.index())?.kind {
            TypeKind::Params(fields) => fields,
            _ => return None,
        };
        let built = built(api, params.ty, fields)?;
        args.push(quote!(&#built));
    }
    if let Some(body) = &op.body {
        if !body.required {
            args.push(quote!(None));
        } else {
            let Ty::Named(id) = body.payload.ty else {
                return None;
            };
            let fields = match (&body.payload.media, &api.types.get(id.index())?.kind) {
                (Media::Json, TypeKind::Struct(s)) => &s.fields,
                _ => return None,
            };
            let built = built(api, id, fields)?;
            args.push(quote!(&#built));
        }
    }
    if op.takes_params() || op.body.as_ref().is_some_and(|b| b.required) {
        roots.insert("types".to_string());
    }
    // In a client grouped by tag, through the sub-client of the operation's group.
    let at = api.operations.iter().position(|o| std::ptr::eq(o, op))?;
    match &api.groups {
        Some(groups) => {
            let group = ident(&groups.groups.get(*groups.of_operation.get(at)?)?.name);
            let name = ident(groups.methods.get(at)?);
            Some(quote!(client.#group().#name(#(#args),*).await?))
        }
        None => {
            let name = ident(&op.name);
            Some(quote!(client.#name(#(#args),*).await?))
        }
    }
}

/// `types::Name::new(..)` or `types::Name::default()`.
fn built(api: &Api, id: TypeId, fields: &[Field]) -> Option<TokenStream> {
    let name = ident(&api.types.get(id.index())?.name);
    let required: Vec<&Field> = fields.iter().filter(|f| f.presence.given()).collect();
    if required.is_empty() {
        return Some(quote!(types::#name::default()));
    }
    let args = required
        .iter()
        .map(|f| literal(f))
        .collect::<Option<Vec<_>>>()?;
    let new = ident(reserved::CONSTRUCTOR);
    Some(quote!(types::#name::#new(#(#args),*)))
}

/// A literal for a field of a simple type: its wire name for a string.
fn literal(field: &Field) -> Option<TokenStream> {
    Some(match field.ty {
        Ty::String => {
            let text = &field.wire;
            quote!(#text)
        }
        Ty::Bool => quote!(true),
        Ty::I32 | Ty::I64 => quote!(1),
        Ty::F32 | Ty::F64 => quote!(1.0),
        _ => return None,
    })
}
