//! The spec pointer behind each declared type: a component schema names its own; a type made
//! from something inline takes the place of its first user (an operation's parameters, body or
//! responses, or a property of a type already placed).

use super::def;
use crate::diagnostics::join;
use crate::load::Loaded;
use crate::model::{Api, Outcome, Ty, TypeId, TypeKind};
use std::collections::BTreeMap;

/// Pointer by type name.
pub(super) fn of_types(loaded: &Loaded, api: &Api) -> BTreeMap<String, String> {
    let mut placed: BTreeMap<String, String> = BTreeMap::new();
    let names: std::collections::BTreeSet<&str> =
        api.types.iter().map(|t| t.name.as_str()).collect();
    for key in loaded.api.components.iter().flat_map(|c| c.schemas.keys()) {
        let name = crate::naming::camel(key, "Type");
        if names.contains(name.as_str()) {
            placed
                .entry(name)
                .or_insert_with(|| join("#/components/schemas", key));
        }
    }
    let mut queue: Vec<(TypeId, String)> = Vec::new();
    let place = |ty: &Ty, pointer: String, queue: &mut Vec<(TypeId, String)>| {
        let mut ids = Vec::new();
        named(ty, &mut ids);
        for id in ids {
            queue.push((id, pointer.clone()));
        }
    };
    for op in &api.operations {
        let pointer = super::operations::op_pointer(op);
        if let Some(p) = &op.params {
            queue.push((p.ty, format!("{pointer}/parameters")));
        }
        if let Some(h) = &op.success_headers {
            queue.push((h.ty, format!("{pointer}/responses")));
        }
        if let Some(b) = &op.body {
            place(&b.payload.ty, format!("{pointer}/requestBody"), &mut queue);
        }
        match &op.success {
            Outcome::Empty => {}
            Outcome::Single(p, _) => place(&p.ty, format!("{pointer}/responses"), &mut queue),
            Outcome::PerStatus(id) => queue.push((*id, format!("{pointer}/responses"))),
        }
        queue.push((op.error, format!("{pointer}/responses")));
    }
    // Components first, then operations' types, then what they hold, breadth first.
    let mut pending: Vec<(TypeId, String)> = super::ids(api)
        .filter_map(|id| placed.get(&def(api, id).name).map(|p| (id, p.clone())))
        .collect();
    pending.extend(queue);
    let mut expanded = std::collections::BTreeSet::new();
    let mut next = 0;
    while let Some((id, pointer)) = pending.get(next).cloned() {
        next += 1;
        let name = def(api, id).name.clone();
        let pointer = placed.entry(name.clone()).or_insert(pointer).clone();
        if !expanded.insert(name) {
            continue;
        }
        let mut children = Vec::new();
        match &def(api, id).kind {
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    let mut ids = Vec::new();
                    named(&f.ty, &mut ids);
                    let at = join(&format!("{pointer}/properties"), &f.wire);
                    children.extend(ids.into_iter().map(|i| (i, at.clone())));
                }
                if let Some((_, t)) = &s.additional {
                    let mut ids = Vec::new();
                    named(t, &mut ids);
                    let at = format!("{pointer}/additionalProperties");
                    children.extend(ids.into_iter().map(|i| (i, at.clone())));
                }
            }
            kind => {
                let mut ids = Vec::new();
                match kind {
                    TypeKind::OneOf(v) => v
                        .iter()
                        .flat_map(|v| &v.ty)
                        .for_each(|t| named(t, &mut ids)),
                    TypeKind::ByStatus(v) => v
                        .iter()
                        .flat_map(|v| &v.payload)
                        .for_each(|p| named(&p.ty, &mut ids)),
                    TypeKind::Tagged(t) => t.variants.iter().for_each(|v| named(&v.ty, &mut ids)),
                    TypeKind::Alias(t) | TypeKind::Newtype(t) => named(t, &mut ids),
                    TypeKind::Params(fields) => fields.iter().for_each(|f| named(&f.ty, &mut ids)),
                    TypeKind::WithHeaders(body, headers) => {
                        body.iter().for_each(|t| named(t, &mut ids));
                        headers.iter().for_each(|f| named(&f.ty, &mut ids));
                    }
                    _ => {}
                }
                children.extend(ids.into_iter().map(|i| (i, pointer.clone())));
            }
        }
        for (child, at) in children {
            if !placed.contains_key(&def(api, child).name) {
                pending.push((child, at));
            }
        }
    }
    placed
}

/// The declared types `ty` names, through arrays and maps.
fn named(ty: &Ty, out: &mut Vec<TypeId>) {
    match ty {
        Ty::Named(id) => out.push(*id),
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Nullable(inner) => named(inner, out),
        _ => {}
    }
}
