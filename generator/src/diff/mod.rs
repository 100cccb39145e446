//! `clientgen diff OLD NEW`: how the client NEW produces differs from the one OLD produced, in
//! the Rust API's terms (types, fields, variants, methods, arguments, errors, servers), each
//! change with the spec pointer behind it and how much it breaks (see [`Semver`] and [`Kind`]).

mod operations;
mod render;
mod rules;

use render::{def, field_ty, ids, is_struct, kind_name, members, optional, rust};

pub use rules::{Kind, Semver};
pub(crate) use rules::{SHAPE, Shape, classify};

use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::model::{self, Api, Field, Outcome, Ty, TypeId, TypeKind};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

/// One change of the API.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub struct Change {
    /// How much it breaks.
    pub semver: Semver,
    /// What kind of change.
    pub kind: Kind,
    /// The Rust item: `Pet`, `Pet::name`, `Client::list_pets`.
    pub item: String,
    /// What changed, in words.
    pub what: String,
    /// Where in the new spec (or the old one, for what was removed) the change comes from.
    pub pointer: String,
}

/// Every change between two clients.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Report {
    /// Most breaking first, then by pointer.
    pub changes: Vec<Change>,
}

impl Report {
    /// The semver bump the changes need.
    pub fn semver(&self) -> Semver {
        self.changes
            .iter()
            .map(|c| c.semver)
            .max()
            .unwrap_or(Semver::Patch)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = |s: Semver| self.changes.iter().filter(|c| c.semver == s).count();
        if self.changes.is_empty() {
            writeln!(f, "no change to the client's API")?;
        } else {
            writeln!(
                f,
                "{} change(s): {} breaking (major), {} minor, {} patch",
                self.changes.len(),
                count(Semver::Major),
                count(Semver::Minor),
                count(Semver::Patch)
            )?;
        }
        for c in &self.changes {
            writeln!(
                f,
                "{}: {} {}\n    at {}",
                c.semver, c.item, c.what, c.pointer
            )?;
        }
        writeln!(f, "semver: {}", self.semver())
    }
}

/// The changes between the clients the specs at `old` and `new` produce.
pub fn diff_specs(old: &Path, new: &Path) -> Result<Report, Error> {
    diff_specs_overlaid(old, new, &[]).map(|(report, _)| report)
}

/// Like [`diff_specs`], with the OpenAPI Overlays at `overlays` applied in order to both specs;
/// also what the overlays warn about (an action that selects nothing), for old then new.
pub fn diff_specs_overlaid(
    old: &Path,
    new: &Path,
    overlays: &[std::path::PathBuf],
) -> Result<(Report, Vec<Diagnostic>), Error> {
    let (old, new) = crate::threads::join(
        || side_overlaid(old, overlays),
        || side_overlaid(new, overlays),
    );
    let ((old, mut warnings), (new, more)) = (old?, new?);
    warnings.extend(more);
    Ok((diff_models(&old, &new, &SHAPE), warnings))
}

/// A model with the pointer behind each of its types, by name.
pub(crate) struct Side {
    api: Api,
    pointers: BTreeMap<String, String>,
}

/// Loads and models one spec after `overlays` for [`diff_models`], with the default settings
/// (the `Generator` builds a side with its own settings); with what the overlays warn about.
fn side_overlaid(
    spec: &Path,
    overlays: &[std::path::PathBuf],
) -> Result<(Side, Vec<Diagnostic>), Error> {
    let (mut loaded, _, _) = crate::load::load_file_overlaid(spec, overlays, false, false)?;
    let api = model::build(&loaded, &crate::skip::Skip::default())?;
    // What the overlays tell (what the spec itself warns about, `diff` never told).
    let mut warnings = std::mem::take(&mut loaded.warnings);
    warnings.retain(|d| overlays.contains(&d.file));
    Ok((Side::new(api), warnings))
}

impl Side {
    /// The model `api`, each of its types placed where the model says it comes from.
    pub(crate) fn new(api: Api) -> Side {
        let pointers = (api.types.iter())
            .map(|t| (t.name.clone(), t.origin.pointer.clone()))
            .collect();
        Side { api, pointers }
    }
}

/// The changes from `old` to `new`, classified for an API of `shape`.
pub(crate) fn diff_models(old: &Side, new: &Side, shape: &Shape) -> Report {
    let mut diff = Differ {
        old,
        new,
        shape,
        changes: Vec::new(),
    };
    diff.version();
    diff.types();
    diff.operations();
    diff.server();
    diff.auth();
    diff.webhooks();
    let mut changes = diff.changes;
    changes.sort_by(|a, b| {
        (b.semver, &a.pointer, &a.item, a.kind).cmp(&(a.semver, &b.pointer, &b.item, b.kind))
    });
    changes.dedup();
    Report { changes }
}

struct Differ<'a> {
    old: &'a Side,
    new: &'a Side,
    shape: &'a Shape,
    changes: Vec<Change>,
}

impl Differ<'_> {
    fn push(&mut self, kind: Kind, item: String, what: String, pointer: String) {
        self.changes.push(Change {
            semver: classify(kind, self.shape),
            kind,
            item,
            what,
            pointer,
        });
    }

    fn pointer_new(&self, name: &str) -> String {
        self.new
            .pointers
            .get(name)
            .or_else(|| self.old.pointers.get(name))
            .cloned()
            .unwrap_or_else(|| "#".into())
    }

    fn pointer_old(&self, name: &str) -> String {
        self.old
            .pointers
            .get(name)
            .cloned()
            .unwrap_or_else(|| "#".into())
    }

    fn version(&mut self) {
        let (old, new) = (&self.old.api.version, &self.new.api.version);
        if old != new {
            self.push(
                Kind::VersionChanged,
                "crate version".into(),
                format!("follows info.version: `{old}` -> `{new}`"),
                "#/info/version".into(),
            );
        }
    }

    fn types(&mut self) {
        let by_name = |api: &'_ Api| -> BTreeMap<String, TypeId> {
            ids(api).map(|i| (def(api, i).name.clone(), i)).collect()
        };
        let (old, new) = (by_name(&self.old.api), by_name(&self.new.api));
        let mut removed: Vec<&String> = old.keys().filter(|n| !new.contains_key(*n)).collect();
        let mut added: Vec<&String> = new.keys().filter(|n| !old.contains_key(*n)).collect();
        // A removed and an added type of the same kind with the same members: a rename.
        let mut renamed = Vec::new();
        for r in &removed {
            let before = def(&self.old.api, old[*r]);
            let members_before = members(&self.old.api, &before.kind);
            let twin = added.iter().position(|a| {
                let after = def(&self.new.api, new[*a]);
                kind_name(&after.kind) == kind_name(&before.kind)
                    && !members_before.is_empty()
                    && members(&self.new.api, &after.kind) == members_before
            });
            if let Some(i) = twin {
                renamed.push(((*r).clone(), added.remove(i).clone()));
            }
        }
        removed.retain(|r| !renamed.iter().any(|(from, _)| from == *r));
        for (from, to) in renamed {
            let pointer = self.pointer_new(&to);
            self.push(
                Kind::TypeRenamed,
                from,
                format!("renamed to `{to}`"),
                pointer,
            );
        }
        for name in removed {
            let what = format!(
                "({}) removed",
                kind_name(&def(&self.old.api, old[name]).kind)
            );
            let pointer = self.pointer_old(name);
            self.push(Kind::TypeRemoved, name.clone(), what, pointer);
        }
        for name in added {
            let what = format!("({}) added", kind_name(&def(&self.new.api, new[name]).kind));
            let pointer = self.pointer_new(name);
            self.push(Kind::TypeAdded, name.clone(), what, pointer);
        }
        for (name, &o) in &old {
            if let Some(&n) = new.get(name) {
                self.same_type(name, o, n);
            }
        }
    }

    fn same_type(&mut self, name: &str, old: TypeId, new: TypeId) {
        let (before, after) = (&def(&self.old.api, old).kind, &def(&self.new.api, new).kind);
        let pointer = self.pointer_new(name);
        if kind_name(before) != kind_name(after) {
            let what = format!(
                "changed from a {} to a {}",
                kind_name(before),
                kind_name(after)
            );
            self.push(Kind::TypeChanged, name.into(), what, pointer);
            return;
        }
        match (before, after) {
            (TypeKind::Alias(a), TypeKind::Alias(b))
            | (TypeKind::Newtype(a), TypeKind::Newtype(b)) => {
                let (a, b) = (rust(&self.old.api, a), rust(&self.new.api, b));
                if a != b {
                    let what = format!("now stands for `{b}` (was `{a}`)");
                    self.push(Kind::TypeChanged, name.into(), what, pointer);
                }
            }
            _ if is_struct(before) => self.fields(name, before, after, &pointer),
            _ => self.variants(name, before, after, &pointer),
        }
    }

    fn fields(&mut self, name: &str, before: &TypeKind, after: &TypeKind, pointer: &str) {
        let list = |kind: &TypeKind| -> Vec<Field> {
            match kind {
                TypeKind::Struct(s) => {
                    let mut fields = s.fields.clone();
                    if let Some((field, ty)) = &s.additional {
                        fields.push(Field {
                            wire: String::new(),
                            name: field.clone(),
                            doc: None,
                            ty: Ty::Map(Box::new(ty.clone())),
                            presence: model::Presence::Required,
                            boxed: false,
                        });
                    }
                    fields
                }
                TypeKind::Params(f) => f.clone(),
                TypeKind::WithHeaders(_, f) => f.clone(),
                _ => Vec::new(),
            }
        };
        let (old, new) = (list(before), list(after));
        let place = |f: &Field| {
            if matches!(after, TypeKind::Params(_)) {
                format!("{pointer} (parameter `{}`)", f.wire)
            } else if matches!(after, TypeKind::WithHeaders(..)) {
                // (The response's; its header of that name.)
                crate::diagnostics::join(&format!("{pointer}/headers"), &f.wire)
            } else if f.wire.is_empty() {
                format!("{pointer}/additionalProperties")
            } else {
                crate::diagnostics::join(&format!("{pointer}/properties"), &f.wire)
            }
        };
        for f in &old {
            let item = format!("{name}::{}", f.name);
            match new.iter().find(|g| g.name == f.name) {
                None => self.push(Kind::FieldRemoved, item, "field removed".into(), place(f)),
                Some(g) => {
                    let (a, b) = (field_ty(&self.old.api, f), field_ty(&self.new.api, g));
                    if a != b {
                        let what = format!("field type changed from `{a}` to `{b}`");
                        self.push(Kind::FieldTypeChanged, item, what, place(g));
                    } else if optional(f) && !optional(g) {
                        let what = format!("field made required: `Option<{a}>` -> `{b}`");
                        self.push(Kind::FieldMadeRequired, item, what, place(g));
                    } else if !optional(f) && optional(g) {
                        let what = format!("field made optional: `{a}` -> `Option<{b}>`");
                        self.push(Kind::FieldMadeOptional, item, what, place(g));
                    }
                }
            }
        }
        for g in &new {
            if !old.iter().any(|f| f.name == g.name) {
                let ty = field_ty(&self.new.api, g);
                let (kind, what) = if optional(g) {
                    (
                        Kind::OptionalFieldAdded,
                        format!("optional field added (`Option<{ty}>`)"),
                    )
                } else {
                    (
                        Kind::RequiredFieldAdded,
                        format!("required field added (`{ty}`)"),
                    )
                };
                self.push(kind, format!("{name}::{}", g.name), what, place(g));
            }
        }
        if let (TypeKind::WithHeaders(Some(a), _), TypeKind::WithHeaders(Some(b), _)) =
            (before, after)
        {
            let (a, b) = (rust(&self.old.api, a), rust(&self.new.api, b));
            if a != b {
                let what = format!("field type changed from `{a}` to `{b}`");
                self.push(
                    Kind::FieldTypeChanged,
                    format!("{name}::body"),
                    what,
                    pointer.into(),
                );
            }
        }
    }

    fn variants(&mut self, name: &str, before: &TypeKind, after: &TypeKind, pointer: &str) {
        let (old, new) = (
            members(&self.old.api, before),
            members(&self.new.api, after),
        );
        let place = match after {
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => format!("{pointer}/enum"),
            _ => pointer.to_string(),
        };
        for (v, ty) in &old {
            let item = format!("{name}::{v}");
            match new.iter().find(|(w, _)| w == v) {
                None => self.push(
                    Kind::VariantRemoved,
                    item,
                    "variant removed".into(),
                    place.clone(),
                ),
                Some((_, ty2)) if ty2 != ty => {
                    let held = |t: &str| match t {
                        "" => "nothing".to_string(),
                        t => format!("`{t}`"),
                    };
                    let what = format!("variant now holds {} (was {})", held(ty2), held(ty));
                    self.push(Kind::VariantTypeChanged, item, what, place.clone());
                }
                Some(_) => {}
            }
        }
        for (w, _) in &new {
            if !old.iter().any(|(v, _)| v == w) {
                let item = format!("{name}::{w}");
                self.push(
                    Kind::VariantAdded,
                    item,
                    "variant added".into(),
                    place.clone(),
                );
            }
        }
    }

    fn server(&mut self) {
        let (o, n) = (&self.old.api.server, &self.new.api.server);
        for c in &o.constants {
            if !n.constants.iter().any(|d| d.name == c.name) {
                let what = format!("server constant removed ({})", c.url);
                self.push(
                    Kind::ServerRemoved,
                    format!("Client::{}", c.name),
                    what,
                    "#/servers".into(),
                );
            }
        }
        for d in &n.constants {
            if !o.constants.iter().any(|c| c.name == d.name) {
                let what = format!("server constant added ({})", d.url);
                self.push(
                    Kind::ServerAdded,
                    format!("Client::{}", d.name),
                    what,
                    "#/servers".into(),
                );
            }
        }
        let args = |s: &model::Server| {
            s.variables
                .iter()
                .map(|v| v.arg.clone())
                .collect::<Vec<_>>()
        };
        if args(o) != args(n) || o.absolute != n.absolute {
            let what = format!(
                "takes the server arguments ({}) (was ({}))",
                args(n).join(", "),
                args(o).join(", ")
            );
            self.push(
                Kind::ConstructorChanged,
                "Client::new".into(),
                what,
                "#/servers/0".into(),
            );
        } else if o.parts != n.parts {
            self.push(
                Kind::BaseUrlChanged,
                "Client::new".into(),
                "default base URL changed".into(),
                "#/servers/0".into(),
            );
        }
    }

    fn auth(&mut self) {
        let (o, n) = (&self.old.api, &self.new.api);
        let pointer = |key: &str| crate::diagnostics::join("#/components/securitySchemes", key);
        for a in &o.auth {
            if !n.auth.iter().any(|b| b.field == a.field) {
                self.push(
                    Kind::AuthRemoved,
                    format!("Client::with_{}", a.field),
                    "credential setter removed".into(),
                    pointer(&a.key),
                );
            }
        }
        for b in &n.auth {
            if !o.auth.iter().any(|a| a.field == b.field) {
                self.push(
                    Kind::AuthAdded,
                    format!("Client::with_{}", b.field),
                    "credential setter added".into(),
                    pointer(&b.key),
                );
            }
        }
        let constructor = |api: &Api| {
            api.constructor_auth
                .and_then(|i| api.auth.get(i))
                .map(|a| a.field.clone())
        };
        if constructor(o) != constructor(n) {
            let what = match constructor(n) {
                Some(f) => format!("takes the `{f}` credential"),
                None => "takes no credential".to_string(),
            };
            self.push(
                Kind::ConstructorChanged,
                "Client::new".into(),
                what,
                "#/components/securitySchemes".into(),
            );
        }
    }

    fn webhooks(&mut self) {
        let (o, n) = (&self.old.api, &self.new.api);
        let pointer = |w: &model::Webhook| crate::diagnostics::join("#/webhooks", &w.wire);
        for a in &o.webhooks {
            let item = format!("webhooks::verify_{}", a.name);
            match n.webhooks.iter().find(|b| b.name == a.name) {
                None => self.push(
                    Kind::WebhookRemoved,
                    item,
                    "webhook verifier removed".into(),
                    pointer(a),
                ),
                Some(b) => {
                    let ty =
                        |w: &model::Webhook, api: &Api| w.payload.as_ref().map(|t| rust(api, t));
                    if ty(a, o) != ty(b, n) {
                        self.push(
                            Kind::WebhookChanged,
                            item,
                            "payload type changed".into(),
                            pointer(b),
                        );
                    }
                }
            }
        }
        for b in &n.webhooks {
            if !o.webhooks.iter().any(|a| a.name == b.name) {
                self.push(
                    Kind::WebhookAdded,
                    format!("webhooks::verify_{}", b.name),
                    "webhook verifier added".into(),
                    pointer(b),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests;
