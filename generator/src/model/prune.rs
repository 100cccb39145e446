//! Selecting operations (`--tags`, `--operations`): the operations not selected are left out,
//! and so is every type only they used, so a client of a few endpoints compiles a fraction of
//! the whole.

use super::{Api, Outcome, Ty, TypeId, TypeKind};
use std::collections::BTreeSet;

/// Which operations to generate; empty sets select everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Tags: an operation with any of them is selected.
    pub tags: BTreeSet<String>,
    /// Operations by `operationId`, by method name, or as `METHOD /path`.
    pub operations: BTreeSet<String>,
}

impl Selection {
    /// Whether everything is selected.
    pub fn is_all(&self) -> bool {
        self.tags.is_empty() && self.operations.is_empty()
    }

    /// Whether an operation is selected.
    pub fn includes(
        &self,
        op: &openapiv3::Operation,
        method: &str,
        path: &str,
        name: &str,
    ) -> bool {
        if self.is_all() {
            return true;
        }
        let by_tag = op.tags.iter().any(|t| self.tags.contains(t));
        let by_name = op
            .operation_id
            .as_ref()
            .is_some_and(|id| self.operations.contains(id))
            || self.operations.contains(name)
            || self
                .operations
                .contains(&format!("{} {path}", method.to_ascii_uppercase()));
        by_tag || by_name
    }
}

/// Pushes the types `ty` names, through arrays and maps.
pub(super) fn mentioned(ty: &Ty, out: &mut Vec<TypeId>) {
    match ty {
        Ty::Named(id) => out.push(*id),
        Ty::Vec(inner) | Ty::Map(inner) => mentioned(inner, out),
        _ => {}
    }
}

/// Pushes the types a type's definition names.
pub(super) fn direct_uses(kind: &TypeKind, out: &mut Vec<TypeId>) {
    match kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|f| mentioned(&f.ty, out));
            if let Some((_, t)) = &s.additional {
                mentioned(t, out);
            }
        }
        TypeKind::OneOf(v) | TypeKind::ByStatus(v) => {
            v.iter().flat_map(|v| &v.ty).for_each(|t| mentioned(t, out))
        }
        TypeKind::Tagged(t) => t.variants.iter().for_each(|v| mentioned(&v.ty, out)),
        TypeKind::Alias(t) | TypeKind::Newtype(t) => mentioned(t, out),
        TypeKind::Params(fields) => fields.iter().for_each(|f| mentioned(&f.ty, out)),
        TypeKind::WithHeaders(body, headers) => {
            body.iter().for_each(|t| mentioned(t, out));
            headers.iter().for_each(|f| mentioned(&f.ty, out));
        }
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
    }
}

fn remap(ty: &mut Ty, new_ids: &[Option<TypeId>]) {
    match ty {
        Ty::Named(id) => {
            // Every type a kept type mentions is kept, so the new id exists.
            if let Some(new) = new_ids[*id] {
                *id = new;
            }
        }
        Ty::Vec(inner) | Ty::Map(inner) => remap(inner, new_ids),
        _ => {}
    }
}

/// Removes the types no operation or webhook reaches.
pub fn prune(api: &mut Api) {
    let mut pending = Vec::new();
    for op in &api.operations {
        op.path_params
            .iter()
            .for_each(|p| mentioned(&p.field.ty, &mut pending));
        if let Some(p) = &op.params {
            pending.push(p.ty);
        }
        if let Some(b) = &op.body {
            mentioned(&b.payload.ty, &mut pending);
        }
        for outcome in [&op.success, &op.error] {
            match outcome {
                Outcome::Empty => {}
                Outcome::Single(p, _) => mentioned(&p.ty, &mut pending),
                Outcome::PerStatus(id, _) => pending.push(*id),
            }
        }
        if let Some(h) = &op.success_headers {
            pending.push(h.ty);
        }
    }
    for hook in &api.webhooks {
        if let Some(t) = &hook.payload {
            mentioned(t, &mut pending);
        }
    }
    let mut keep = vec![false; api.types.len()];
    while let Some(id) = pending.pop() {
        if std::mem::replace(&mut keep[id], true) {
            continue;
        }
        direct_uses(&api.types[id].kind, &mut pending);
    }
    let mut new_ids = vec![None; api.types.len()];
    let mut next = 0;
    for (id, kept) in keep.iter().enumerate() {
        if *kept {
            new_ids[id] = Some(next);
            next += 1;
        }
    }
    let old = std::mem::take(&mut api.types);
    api.types = old
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(t, _)| t)
        .collect();
    for def in &mut api.types {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter_mut().for_each(|f| remap(&mut f.ty, &new_ids));
                if let Some((_, t)) = &mut s.additional {
                    remap(t, &new_ids);
                }
            }
            TypeKind::OneOf(v) | TypeKind::ByStatus(v) => v
                .iter_mut()
                .flat_map(|v| &mut v.ty)
                .for_each(|t| remap(t, &new_ids)),
            TypeKind::Tagged(t) => t
                .variants
                .iter_mut()
                .for_each(|v| remap(&mut v.ty, &new_ids)),
            TypeKind::Alias(t) | TypeKind::Newtype(t) => remap(t, &new_ids),
            TypeKind::Params(fields) => fields.iter_mut().for_each(|f| remap(&mut f.ty, &new_ids)),
            TypeKind::WithHeaders(body, headers) => {
                body.iter_mut().for_each(|t| remap(t, &new_ids));
                headers.iter_mut().for_each(|f| remap(&mut f.ty, &new_ids));
            }
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
        }
    }
    let fix = |id: &mut TypeId| {
        if let Some(new) = new_ids[*id] {
            *id = new;
        }
    };
    for op in &mut api.operations {
        op.path_params
            .iter_mut()
            .for_each(|p| remap(&mut p.field.ty, &new_ids));
        if let Some(p) = &mut op.params {
            fix(&mut p.ty);
            p.params
                .iter_mut()
                .for_each(|p| remap(&mut p.field.ty, &new_ids));
        }
        if let Some(b) = &mut op.body {
            remap(&mut b.payload.ty, &new_ids);
        }
        for outcome in [&mut op.success, &mut op.error] {
            match outcome {
                Outcome::Empty => {}
                Outcome::Single(p, _) => remap(&mut p.ty, &new_ids),
                Outcome::PerStatus(id, statuses) => {
                    fix(id);
                    statuses
                        .iter_mut()
                        .flat_map(|(_, p)| p)
                        .for_each(|p| remap(&mut p.ty, &new_ids));
                }
            }
        }
        if let Some(h) = &mut op.success_headers {
            fix(&mut h.ty);
            h.headers
                .iter_mut()
                .for_each(|f| remap(&mut f.ty, &new_ids));
        }
    }
    for hook in &mut api.webhooks {
        if let Some(t) = &mut hook.payload {
            remap(t, &new_ids);
        }
    }
}
