//! The one walk over the model: the types a type holds, and the types an operation holds. Every
//! pass that follows uses of types (pruning, serde-trait selection, cycle layout and boxing)
//! goes through here, so a new kind of type or a new part of an operation is added once.

use super::{Api, Operation, Outcome, StreamKind, Ty, TypeDef, TypeId, TypeKind};

/// How a type holds a value of another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// In place: a field, a variant's payload, an alias's target.
    Inline,
    /// Behind a `Box` that breaks a cycle or keeps a union small.
    Boxed,
    /// As the values of the flattened map of a struct's undeclared properties.
    InMap,
}

/// The uses of types in a type's definition, each with how it is held, in definition order.
pub fn children(kind: &TypeKind) -> Vec<(&Ty, Held)> {
    let held = |boxed: bool| if boxed { Held::Boxed } else { Held::Inline };
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| (&f.ty, held(f.boxed)))
            .chain(s.additional.iter().map(|(_, ty)| (ty, Held::InMap)))
            .collect(),
        TypeKind::OneOf(variants) => variants
            .iter()
            .filter_map(|v| Some((v.ty.as_ref()?, held(v.boxed))))
            .collect(),
        // (A status with headers holds their struct, which holds the body.)
        TypeKind::ByStatus(variants) => variants
            .iter()
            .filter_map(|v| Some((v.held()?, held(v.boxed))))
            .collect(),
        TypeKind::Tagged(t) => t.variants.iter().map(|v| (&v.ty, held(v.boxed))).collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![(ty, Held::Inline)],
        TypeKind::Params(fields) => fields.iter().map(|f| (&f.ty, held(f.boxed))).collect(),
        TypeKind::WithHeaders(body, headers) => body
            .iter()
            .map(|ty| (ty, Held::Inline))
            .chain(headers.iter().map(|f| (&f.ty, held(f.boxed))))
            .collect(),
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => Vec::new(),
    }
}

/// Calls `f` on every use of a type in a type's definition (the mutable twin of [`children`]).
fn children_mut(kind: &mut TypeKind, f: &mut impl FnMut(&mut Ty)) {
    match kind {
        TypeKind::Struct(s) => {
            s.fields.iter_mut().for_each(|field| f(&mut field.ty));
            s.additional.iter_mut().for_each(|(_, ty)| f(ty));
        }
        TypeKind::OneOf(variants) => variants.iter_mut().flat_map(|v| &mut v.ty).for_each(f),
        TypeKind::ByStatus(variants) => {
            for v in variants {
                v.payload.iter_mut().for_each(|p| f(&mut p.ty));
                v.headers.iter_mut().for_each(&mut *f);
            }
        }
        TypeKind::Tagged(t) => t.variants.iter_mut().for_each(|v| f(&mut v.ty)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => f(ty),
        TypeKind::Params(fields) => fields.iter_mut().for_each(|field| f(&mut field.ty)),
        TypeKind::WithHeaders(body, headers) => {
            body.iter_mut().for_each(&mut *f);
            headers.iter_mut().for_each(|field| f(&mut field.ty));
        }
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
    }
}

/// `ty` and the types it wraps, outermost first: an array's items, a map's values, what an
/// `Option` holds (`Vec<Option<Pet>>`: the `Vec`, the `Option`, `Pet`).
pub fn layers(ty: &Ty) -> impl Iterator<Item = &Ty> {
    std::iter::successors(Some(ty), |ty| match ty {
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Nullable(inner) => Some(&**inner),
        _ => None,
    })
}

/// The declared type `ty` names, through arrays, maps and `Option`s.
pub fn mentioned(ty: &Ty) -> Option<TypeId> {
    layers(ty).find_map(|layer| match layer {
        Ty::Named(id) => Some(*id),
        _ => None,
    })
}

/// The declared type `ty` is, when it is one itself (not inside an array or a map; an
/// `Option` holds its value in place).
pub fn named(ty: &Ty) -> Option<TypeId> {
    match ty {
        Ty::Named(id) => Some(*id),
        Ty::Nullable(inner) => named(inner),
        _ => None,
    }
}

/// Every type a type's definition names, however it holds it (typify's `get_child_ids`).
pub fn child_ids(kind: &TypeKind) -> impl Iterator<Item = TypeId> + '_ {
    children(kind)
        .into_iter()
        .filter_map(|(ty, _)| mentioned(ty))
}

/// The types a type's definition holds in place: not boxed, not in an array or a map.
pub fn held_in_place(kind: &TypeKind) -> impl Iterator<Item = TypeId> + '_ {
    children(kind)
        .into_iter()
        .filter(|(_, held)| *held == Held::Inline)
        .filter_map(|(ty, _)| named(ty))
}

/// What an operation holds.
#[derive(Debug, Default)]
pub struct OperationTypes<'a> {
    /// The values it sends: path and other parameters, the request body.
    pub sent: Vec<&'a Ty>,
    /// The values it receives: the response bodies.
    pub received: Vec<&'a Ty>,
    /// The types it declares for itself (parameters struct, per-status enums, success with
    /// headers), which hold the values above and are not themselves sent or received whole.
    pub own: Vec<TypeId>,
}

/// The types `op` holds; `types` are the model's (a success with headers holds its body).
pub fn operation_types<'a>(op: &'a Operation, types: &'a [TypeDef]) -> OperationTypes<'a> {
    let mut found = OperationTypes::default();
    found
        .sent
        .extend(op.path_params.iter().map(|p| &p.field.ty));
    if let Some(params) = &op.params {
        found.own.push(params.ty);
        found.sent.extend(params.params.iter().map(|p| &p.field.ty));
    }
    if let Some(body) = &op.body {
        found.sent.push(&body.payload.ty);
    }
    let by_status = match &op.success {
        Outcome::Empty => None,
        Outcome::Single(payload, _) => {
            found.received.push(&payload.ty);
            None
        }
        Outcome::PerStatus(id) => Some(*id),
    };
    for id in by_status.into_iter().chain([op.error]) {
        found.own.push(id);
        if let TypeKind::ByStatus(variants) = &types[id.index()].kind {
            found
                .received
                .extend(variants.iter().flat_map(|v| &v.payload).map(|p| &p.ty));
        }
    }
    if let Some(headers) = &op.success_headers {
        found.own.push(headers.ty);
        if let TypeKind::WithHeaders(Some(body), _) = &types[headers.ty.index()].kind {
            found.received.push(body);
        }
    }
    found.received.extend(stream_items(op));
    found
}

/// The items `{op}_stream` reads: a page's item, an event's data, a line's value.
fn stream_items(op: &Operation) -> impl Iterator<Item = &Ty> {
    let media = op
        .media_stream
        .as_ref()
        .and_then(|stream| match &stream.kind {
            StreamKind::Events { item, .. } => Some(&item.ty),
            StreamKind::Lines { item, .. } => Some(item),
            StreamKind::Bytes => None,
        });
    let page = op.pagination.as_ref().map(|pages| &pages.item);
    media.into_iter().chain(page)
}

/// The same items as [`stream_items`], to change.
fn stream_items_mut(op: &mut Operation) -> impl Iterator<Item = &mut Ty> {
    let media = op
        .media_stream
        .as_mut()
        .and_then(|stream| match &mut stream.kind {
            StreamKind::Events { item, .. } => Some(&mut item.ty),
            StreamKind::Lines { item, .. } => Some(item),
            StreamKind::Bytes => None,
        });
    let page = op.pagination.as_mut().map(|pages| &mut pages.item);
    media.into_iter().chain(page)
}

/// Calls `f` on every type id `op` holds, its own types' and those of its values.
fn operation_ids_mut(op: &mut Operation, f: &mut impl FnMut(&mut TypeId)) {
    if let Outcome::PerStatus(id) = &mut op.success {
        f(id);
    }
    f(&mut op.error);
    if let Some(params) = &mut op.params {
        f(&mut params.ty);
    }
    if let Some(headers) = &mut op.success_headers {
        f(&mut headers.ty);
    }
    let mut each_ty = |ty: &mut Ty| ids_mut(ty, f);
    op.path_params
        .iter_mut()
        .for_each(|p| each_ty(&mut p.field.ty));
    if let Some(params) = &mut op.params {
        params
            .params
            .iter_mut()
            .for_each(|p| each_ty(&mut p.field.ty));
    }
    if let Some(body) = &mut op.body {
        each_ty(&mut body.payload.ty);
    }
    if let Some(headers) = &mut op.success_headers {
        headers.headers.iter_mut().for_each(|h| each_ty(&mut h.ty));
    }
    if let Outcome::Single(payload, _) = &mut op.success {
        each_ty(&mut payload.ty);
    }
    stream_items_mut(op).for_each(each_ty);
}

fn ids_mut(ty: &mut Ty, f: &mut impl FnMut(&mut TypeId)) {
    match ty {
        Ty::Named(id) => f(id),
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Nullable(inner) => ids_mut(inner, f),
        _ => {}
    }
}

/// Every type reachable from `roots` through the definitions of `types`, by type index.
pub fn reach(types: &[TypeDef], roots: impl IntoIterator<Item = TypeId>) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    let mut pending: Vec<TypeId> = roots.into_iter().collect();
    while let Some(id) = pending.pop() {
        if std::mem::replace(&mut seen[id.index()], true) {
            continue;
        }
        pending.extend(child_ids(&types[id.index()].kind));
    }
    seen
}

/// Calls `f` on every type id of the model: in the types, the operations and the webhooks.
pub fn ids_mut_everywhere(api: &mut Api, mut f: impl FnMut(&mut TypeId)) {
    for def in &mut api.types {
        children_mut(&mut def.kind, &mut |ty| ids_mut(ty, &mut f));
    }
    for op in &mut api.operations {
        operation_ids_mut(op, &mut f);
    }
    for hook in &mut api.webhooks {
        if let Some(payload) = &mut hook.payload {
            ids_mut(payload, &mut f);
        }
    }
}

/// The typed string formats the model uses anywhere: in types, operations and webhooks.
pub fn formats_used(api: &Api) -> std::collections::BTreeSet<crate::settings::TypedFormat> {
    fn visit(ty: &Ty, found: &mut std::collections::BTreeSet<crate::settings::TypedFormat>) {
        found.extend(layers(ty).filter_map(|layer| match layer {
            Ty::Formatted(format) => Some(*format),
            _ => None,
        }));
    }
    let mut found = std::collections::BTreeSet::new();
    for def in &api.types {
        for (ty, _) in children(&def.kind) {
            visit(ty, &mut found);
        }
    }
    for op in &api.operations {
        let holds = operation_types(op, &api.types);
        for ty in holds.sent.iter().chain(&holds.received) {
            visit(ty, &mut found);
        }
    }
    for ty in api.webhooks.iter().filter_map(|h| h.payload.as_ref()) {
        visit(ty, &mut found);
    }
    found
}
