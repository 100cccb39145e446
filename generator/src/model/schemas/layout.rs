//! The layout of the finished types: an alias that contains itself becomes a newtype, a use
//! in place that leads back to its owner is boxed, and so is a union's case far larger than the
//! others.

use crate::model::{Ty, TypeDef, TypeId, TypeKind, walk};

/// Lays out the finished types: alias cycles first, then the boxes cycles need, then the boxes
/// that keep unions small (measured with the boxes already placed).
pub(super) fn lay_out(types: &mut [TypeDef]) {
    break_alias_cycles(types);
    place_boxes(types);
    box_large_variants(types);
}

/// An alias that mentions itself (`type Tree = Vec<Tree>`) becomes a newtype struct.
fn break_alias_cycles(types: &mut [TypeDef]) {
    let through_aliases = |kind: &TypeKind| match kind {
        TypeKind::Alias(_) => walk::child_ids(kind).collect(),
        _ => Vec::new(),
    };
    for start in (0..types.len()).map(TypeId) {
        if !matches!(types[start].kind, TypeKind::Alias(_)) {
            continue;
        }
        let mut stack = through_aliases(&types[start].kind);
        let mut seen = vec![false; types.len()];
        let mut cyclic = false;
        while let Some(id) = stack.pop() {
            if id == start {
                cyclic = true;
                break;
            }
            if std::mem::replace(&mut seen[id.index()], true) {
                continue;
            }
            stack.extend(through_aliases(&types[id].kind));
        }
        if cyclic && let TypeKind::Alias(target) = &types[start].kind {
            types[start].kind = TypeKind::Newtype(target.clone());
        }
    }
}

/// Boxes every use in place of a type that leads back to the type using it (in a struct or a
/// union: other types are never part of a cycle).
fn place_boxes(types: &mut [TypeDef]) {
    // Measured before any box is placed: every use in place, boxed or not yet.
    let edges: Vec<Vec<TypeId>> = types
        .iter()
        .map(|def| {
            walk::children(&def.kind)
                .into_iter()
                .filter(|(_, held)| *held != walk::Held::InMap)
                .filter_map(|(ty, _)| walk::named(ty))
                .collect()
        })
        .collect();
    let reaches = |from: TypeId, to: TypeId| -> bool {
        let mut seen = vec![false; edges.len()];
        let mut stack = vec![from];
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if std::mem::replace(&mut seen[n.index()], true) {
                continue;
            }
            stack.extend(edges[n.index()].iter().copied());
        }
        false
    };
    for (owner, def) in types.iter_mut().enumerate() {
        let owner = TypeId(owner);
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    if let Some(target) = walk::named(&field.ty) {
                        field.boxed = reaches(target, owner);
                    }
                }
            }
            TypeKind::OneOf(variants) => {
                for variant in variants {
                    if let Some(target) = variant.ty.as_ref().and_then(walk::named) {
                        variant.boxed = reaches(target, owner);
                    }
                }
            }
            TypeKind::Tagged(tagged) => {
                for variant in &mut tagged.variants {
                    if let Some(target) = walk::named(&variant.ty) {
                        variant.boxed = reaches(target, owner);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A union whose largest payload is this many bytes larger than the next one boxes it (clippy's
/// `large_enum_variant` warns at 200 bytes; the estimate below is rough, hence the margin).
const LARGE_VARIANT: usize = 128;

/// Boxes the payloads that make a union much larger than its other cases, largest first, as a
/// person writing the enum would; payloads of similar sizes stay unboxed.
fn box_large_variants(types: &mut [TypeDef]) {
    // A union's size depends on the unions it holds by value, so those are settled first: each
    // round settles the unions that hold no unsettled union, measured with what is settled.
    let mut settled: Vec<bool> = types
        .iter()
        .map(|def| union_cases(&def.kind).is_none())
        .collect();
    // Marks of the walks of `holds_unsettled`, one number per walk, so none clears them.
    let mut seen = vec![0usize; types.len()];
    let mut walk = 0;
    while settled.iter().any(|s| !s) {
        let mut ready = Vec::new();
        for id in (0..types.len()).map(TypeId) {
            if !settled[id.index()] {
                walk += 1;
                if !holds_unsettled(types, id, &settled, &mut seen, walk) {
                    ready.push(id);
                }
            }
        }
        // (Unions hold each other by value only through boxes, so some are always ready; if
        // not, the rest is settled together.)
        let round: Vec<TypeId> = if ready.is_empty() {
            (0..types.len())
                .filter(|&id| !settled[id])
                .map(TypeId)
                .collect()
        } else {
            ready
        };
        box_round(types, &round);
        for id in round {
            settled[id.index()] = true;
        }
    }
}

/// Whether union `id` holds, by value (not through a box, a `Vec` or a map), a union other
/// than itself that is not settled yet.
fn holds_unsettled(
    types: &[TypeDef],
    id: TypeId,
    settled: &[bool],
    seen: &mut [usize],
    walk: usize,
) -> bool {
    let mut stack: Vec<TypeId> = walk::held_in_place(&types[id].kind).collect();
    while let Some(next) = stack.pop() {
        if std::mem::replace(&mut seen[next.index()], walk) == walk {
            continue;
        }
        if next != id && !settled[next.index()] {
            return true;
        }
        stack.extend(walk::held_in_place(&types[next].kind));
    }
    false
}

/// The cases of a union (`oneOf`, tagged, per-status): each payload (`None` for a case
/// without one) and whether it is boxed; `None` for a type that is no union. (A tagged union
/// also holds the JSON of an unknown tag, [`UNKNOWN_TAG`] bytes, never boxed.)
fn union_cases(kind: &TypeKind) -> Option<Vec<(Option<&Ty>, bool)>> {
    match kind {
        TypeKind::OneOf(variants) => {
            Some(variants.iter().map(|v| (v.ty.as_ref(), v.boxed)).collect())
        }
        TypeKind::ByStatus(variants) => {
            Some(variants.iter().map(|v| (v.held(), v.boxed)).collect())
        }
        TypeKind::Tagged(tagged) => Some(
            tagged
                .variants
                .iter()
                .map(|v| (Some(&v.ty), v.boxed))
                .collect(),
        ),
        _ => None,
    }
}

/// The size of the `serde_json::Value` a tagged union keeps for an unknown tag.
const UNKNOWN_TAG: usize = 80;

/// Boxes case `i` of a union.
fn box_case(kind: &mut TypeKind, i: usize) {
    match kind {
        TypeKind::OneOf(variants) => variants[i].boxed = true,
        TypeKind::ByStatus(variants) => variants[i].boxed = true,
        TypeKind::Tagged(tagged) => tagged.variants[i].boxed = true,
        _ => {}
    }
}

/// Boxes the large cases of the unions `round`, measured as the types are now.
fn box_round(types: &mut [TypeDef], round: &[TypeId]) {
    let mut sizes: Vec<Option<usize>> = vec![None; types.len()];
    // (Every type is unmarked again when its size is known.)
    let mut visiting = vec![false; types.len()];
    for id in (0..types.len()).map(TypeId) {
        size_of_type(types, id, &mut sizes, &mut visiting);
    }
    for &id in round {
        let Some(cases) = union_cases(&types[id].kind) else {
            continue;
        };
        let count = cases.len();
        // (payload size, boxed) of each case, then which to box.
        let mut measured: Vec<(usize, bool)> = cases
            .into_iter()
            .map(|(ty, boxed)| {
                let size = ty.map_or(8, |ty| size_of_ty(types, ty, &mut sizes, &mut visiting));
                (size, boxed)
            })
            .collect();
        if matches!(types[id].kind, TypeKind::Tagged(_)) {
            measured.push((UNKNOWN_TAG, false));
        }
        for i in largest_to_box(&measured).into_iter().filter(|&i| i < count) {
            box_case(&mut types[id].kind, i);
        }
    }
}

/// The cases to box, given each case's payload size and whether it is boxed already: the
/// largest, while it is [`LARGE_VARIANT`] bytes or more above the next largest.
fn largest_to_box(cases: &[(usize, bool)]) -> Vec<usize> {
    let mut sizes: Vec<(usize, usize)> = cases
        .iter()
        .enumerate()
        .map(|(i, &(size, boxed))| (if boxed { 8 } else { size }, i))
        .collect();
    let mut boxed = Vec::new();
    loop {
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        match sizes.as_slice() {
            [(first, i), (second, _), ..] if first - second >= LARGE_VARIANT => {
                boxed.push(*i);
                sizes[0].0 = 8;
            }
            _ => return boxed,
        }
    }
}

/// A rough size in bytes of a value of type `id` on a 64-bit target (as `size_of` would say,
/// give or take padding and niches).
fn size_of_type(
    types: &[TypeDef],
    id: TypeId,
    sizes: &mut Vec<Option<usize>>,
    visiting: &mut Vec<bool>,
) -> usize {
    if let Some(size) = sizes[id.index()] {
        return size;
    }
    if std::mem::replace(&mut visiting[id.index()], true) {
        // A cycle goes through a box somewhere.
        return 8;
    }
    let size = match &types[id].kind {
        TypeKind::Struct(s) => {
            let fields: usize = s
                .fields
                .iter()
                .map(|f| {
                    let inner = if f.boxed {
                        8
                    } else {
                        size_of_ty(types, &f.ty, sizes, visiting)
                    };
                    // An `Option` around a type without a spare bit pattern adds a word.
                    let options = f.presence.options();
                    let niche =
                        f.boxed || matches!(f.ty, Ty::String | Ty::Vec(_) | Ty::Bytes | Ty::Map(_));
                    if niche {
                        inner + 8 * options.saturating_sub(1)
                    } else {
                        inner + 8 * options
                    }
                })
                .sum();
            fields + if s.additional.is_some() { 24 } else { 0 }
        }
        TypeKind::OneOf(_) | TypeKind::ByStatus(_) | TypeKind::Tagged(_) => {
            let unknown = matches!(types[id].kind, TypeKind::Tagged(_)).then_some(UNKNOWN_TAG);
            let cases = union_cases(&types[id].kind).unwrap_or_default();
            8 + cases
                .into_iter()
                .map(|(ty, boxed)| match (ty, boxed) {
                    (None, _) => 0,
                    (Some(_), true) => 8,
                    (Some(ty), false) => size_of_ty(types, ty, sizes, visiting),
                })
                .chain(unknown)
                .max()
                .unwrap_or(0)
        }
        TypeKind::Enum(_) => 24,
        TypeKind::IntEnum(_) => 16,
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => size_of_ty(types, ty, sizes, visiting),
        TypeKind::Params(fields) => 32 * fields.len(),
        // (A status's body and headers, held by its variant.)
        TypeKind::WithHeaders(body, fields) => {
            let body = body
                .as_ref()
                .map_or(0, |ty| size_of_ty(types, ty, sizes, visiting));
            body + 32 * fields.len()
        }
    };
    visiting[id.index()] = false;
    sizes[id.index()] = Some(size);
    size
}

fn size_of_ty(
    types: &[TypeDef],
    ty: &Ty,
    sizes: &mut Vec<Option<usize>>,
    visiting: &mut Vec<bool>,
) -> usize {
    match ty {
        Ty::Bool => 1,
        Ty::I32 | Ty::F32 => 4,
        Ty::I64 | Ty::F64 => 8,
        Ty::String | Ty::Vec(_) | Ty::Bytes | Ty::Map(_) => 24,
        // serde_json's `Value` and `Map` with `preserve_order` (an `IndexMap`).
        Ty::Any | Ty::Object => 80,
        Ty::Named(id) => size_of_type(types, *id, sizes, visiting),
        // `Parsed<T>`: the value or its text; a replacement's size is unknown, a guess.
        Ty::Formatted(_) => 32,
        Ty::External(_) => 24,
        // `FilePart`: bytes, or a shared stream and its length.
        Ty::File => 32,
        // An `Option` around a type without a spare bit pattern adds a word.
        Ty::Nullable(inner) => match **inner {
            Ty::String | Ty::Vec(_) | Ty::Bytes | Ty::Map(_) => 24,
            _ => size_of_ty(types, inner, sizes, visiting) + 8,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::{Ty, TypeDef, TypeId, TypeKind, box_large_variants, largest_to_box};
    use crate::model::{Field, Struct, Variant};

    fn strukt(name: &str, fields: Vec<Ty>) -> TypeDef {
        let fields = fields
            .into_iter()
            .enumerate()
            .map(|(i, ty)| Field {
                wire: format!("f{i}"),
                name: format!("f{i}"),
                doc: None,
                ty,
                presence: crate::model::Presence::Required,
                boxed: false,
            })
            .collect();
        TypeDef {
            name: name.into(),
            doc: None,
            kind: TypeKind::Struct(Struct {
                fields,
                additional: None,
            }),
            origin: Default::default(),
        }
    }

    fn union(name: &str, cases: Vec<Ty>) -> TypeDef {
        let variants = cases
            .into_iter()
            .enumerate()
            .map(|(i, ty)| Variant {
                name: format!("V{i}"),
                doc: None,
                ty: Some(ty),
                boxed: false,
            })
            .collect();
        TypeDef {
            name: name.into(),
            doc: None,
            kind: TypeKind::OneOf(variants),
            origin: Default::default(),
        }
    }

    fn boxed(def: &TypeDef) -> Vec<bool> {
        match &def.kind {
            TypeKind::OneOf(variants) => variants.iter().map(|v| v.boxed).collect(),
            _ => Vec::new(),
        }
    }

    /// Two structs that look alike until the unions inside one of them are boxed: the outer
    /// union is settled in a later round, as Stripe's `PaymentSource` was.
    #[test]
    fn unions_are_settled_after_the_unions_they_hold() {
        let mut types = vec![
            // 0: the outer union, declared first, so measured before the inner one is boxed.
            union("Outer", vec![Ty::Named(TypeId(1)), Ty::Named(TypeId(2))]),
            // 1: a struct of four inner unions (each 8 + 400 bytes until boxed).
            strukt("HoldsUnions", vec![Ty::Named(TypeId(3)); 4]),
            // 2: a struct of 1,200 bytes.
            strukt("Plain", vec![Ty::String; 50]),
            // 3: the inner union: a string, or a 400-byte struct.
            union("Inner", vec![Ty::String, Ty::Named(TypeId(4))]),
            strukt("Big", vec![Ty::String; 16]),
        ];
        box_large_variants(&mut types);
        assert_eq!(boxed(&types[3]), [false, true]);
        // Once `Inner` is boxed, `HoldsUnions` is 4 x 32 bytes: `Plain` is the large case.
        assert_eq!(boxed(&types[0]), [false, true]);
    }

    #[test]
    fn only_payloads_far_larger_than_the_rest_are_boxed() {
        // Similar sizes stay as they are, however large.
        assert!(largest_to_box(&[(400, false), (380, false), (24, false)]).is_empty());
        // One far larger: boxed.
        assert_eq!(largest_to_box(&[(24, false), (400, false)]), [1]);
        // Two large ones, far apart: both (after the first, the second is far above the rest).
        assert_eq!(
            largest_to_box(&[(700, false), (500, false), (8, false)]),
            [0, 1]
        );
        // Already boxed (for a cycle): counts as a pointer.
        assert!(largest_to_box(&[(900, true), (24, false)]).is_empty());
    }
}
