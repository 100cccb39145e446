//! The operations of two clients compared: methods, arguments, bodies, returns and errors.

use super::*;

impl Differ<'_> {
    pub(super) fn operations(&mut self) {
        let key = |o: &model::Operation| format!("{} {}", o.method.to_ascii_uppercase(), o.path);
        let old: BTreeMap<&str, &model::Operation> = self
            .old
            .api
            .operations
            .iter()
            .map(|o| (o.name.as_str(), o))
            .collect();
        let new: BTreeMap<&str, &model::Operation> = self
            .new
            .api
            .operations
            .iter()
            .map(|o| (o.name.as_str(), o))
            .collect();
        let mut renamed = BTreeSet::new();
        for (name, o) in &old {
            let item = format!("Client::{name}");
            match new.get(name) {
                Some(n) => self.operation(&item, o, n),
                None => match new
                    .values()
                    .find(|n| key(n) == key(o) && !old.contains_key(n.name.as_str()))
                {
                    Some(n) => {
                        renamed.insert(n.name.as_str());
                        let what = format!("renamed to `{}` ({})", n.name, key(n));
                        self.push(Kind::MethodRenamed, item.clone(), what, op_pointer(n));
                        self.operation(&item, o, n);
                    }
                    None => {
                        let what = format!("method removed ({})", key(o));
                        self.push(Kind::MethodRemoved, item, what, op_pointer(o));
                    }
                },
            }
        }
        for (name, n) in &new {
            if !old.contains_key(name) && !renamed.contains(name) {
                let what = format!("method added ({})", key(n));
                self.push(
                    Kind::MethodAdded,
                    format!("Client::{name}"),
                    what,
                    op_pointer(n),
                );
            }
        }
    }

    fn operation(&mut self, item: &str, o: &model::Operation, n: &model::Operation) {
        let (oa, na) = (&self.old.api, &self.new.api);
        let pointer = op_pointer(n);
        for p in &o.path_params {
            match n.path_params.iter().find(|q| q.field.name == p.field.name) {
                None => self.push(
                    Kind::ArgumentRemoved,
                    item.into(),
                    format!("path argument `{}` removed", p.field.name),
                    pointer.clone(),
                ),
                Some(q) => {
                    let (a, b) = (field_ty(oa, &p.field), field_ty(na, &q.field));
                    if a != b {
                        let what =
                            format!("argument `{}` changed from `{a}` to `{b}`", p.field.name);
                        self.push(
                            Kind::ArgumentTypeChanged,
                            item.into(),
                            what,
                            pointer.clone(),
                        );
                    }
                }
            }
        }
        for q in &n.path_params {
            if !o.path_params.iter().any(|p| p.field.name == q.field.name) {
                let what = format!("path argument `{}` added", q.field.name);
                self.push(Kind::ArgumentAdded, item.into(), what, pointer.clone());
            }
        }
        // The method takes the parameters struct when some parameter is required; when all are
        // optional, a second method (`{name}_with`) takes it and the method takes none.
        let params = |x: &model::Operation, api: &Api| {
            x.params
                .as_ref()
                .filter(|_| x.takes_params())
                .map(|p| def(api, p.ty).name.clone())
        };
        self.params_method(o, n);
        self.stream_method(o, n);
        match (params(o, oa), params(n, na)) {
            (None, Some(b)) => self.push(
                Kind::ArgumentAdded,
                item.into(),
                format!("argument `params: {b}` added"),
                pointer.clone(),
            ),
            (Some(a), None) => self.push(
                Kind::ArgumentRemoved,
                item.into(),
                format!("argument `params: {a}` removed"),
                pointer.clone(),
            ),
            (Some(a), Some(b)) if a != b => self.push(
                Kind::ArgumentTypeChanged,
                item.into(),
                format!("argument `params` changed from `{a}` to `{b}`"),
                pointer.clone(),
            ),
            _ => {}
        }
        let body = |x: &model::Operation, api: &Api| {
            x.body.as_ref().map(|b| {
                let ty = rust(api, &b.payload.ty);
                if b.required {
                    ty
                } else {
                    format!("Option<{ty}>")
                }
            })
        };
        let body_pointer = format!("{pointer}/requestBody");
        match (body(o, oa), body(n, na)) {
            (None, Some(b)) => self.push(
                Kind::ArgumentAdded,
                item.into(),
                format!("body argument `{b}` added"),
                body_pointer,
            ),
            (Some(a), None) => self.push(
                Kind::ArgumentRemoved,
                item.into(),
                format!("body argument `{a}` removed"),
                body_pointer,
            ),
            (Some(a), Some(b)) if a != b => self.push(
                Kind::ArgumentTypeChanged,
                item.into(),
                format!("body argument changed from `{a}` to `{b}`"),
                body_pointer,
            ),
            (Some(_), Some(_)) => {
                let (a, b) = (
                    o.body.as_ref().map(|b| &b.media_type),
                    n.body.as_ref().map(|b| &b.media_type),
                );
                if a != b {
                    let what = format!(
                        "sends the body as {} (was {})",
                        b.map_or("", |s| s),
                        a.map_or("", |s| s)
                    );
                    self.push(Kind::Behaviour, item.into(), what, body_pointer);
                }
            }
            (None, None) => {}
        }
        let outcome = |x: &Outcome, api: &Api| match x {
            Outcome::Empty => "()".to_string(),
            Outcome::Single(p, _) => rust(api, &p.ty),
            Outcome::PerStatus(id) => def(api, *id).name.clone(),
        };
        let with_headers = |x: &model::Operation, api: &Api| {
            x.success_headers
                .as_ref()
                .map(|h| def(api, h.ty).name.clone())
        };
        let responses = format!("{pointer}/responses");
        let (a, b) = (
            with_headers(o, oa).unwrap_or_else(|| outcome(&o.success, oa)),
            with_headers(n, na).unwrap_or_else(|| outcome(&n.success, na)),
        );
        if a != b {
            let what = format!("returns `{b}` (was `{a}`)");
            self.push(
                Kind::ReturnTypeChanged,
                item.into(),
                what,
                responses.clone(),
            );
        }
        let (a, b) = (&def(oa, o.error).name, &def(na, n.error).name);
        if a != b {
            let what = format!("error body is `{b}` (was `{a}`)");
            self.push(Kind::ErrorTypeChanged, item.into(), what, responses.clone());
        }
        let statuses = |x: &Outcome, api: &Api| match x {
            Outcome::Empty => String::new(),
            Outcome::Single(_, s) => format!("{s:?}"),
            Outcome::PerStatus(id) => match &def(api, *id).kind {
                TypeKind::ByStatus(v) => {
                    format!("{:?}", v.iter().map(|v| v.status).collect::<Vec<_>>())
                }
                _ => String::new(),
            },
        };
        let error_statuses =
            |x: &model::Operation, api: &Api| statuses(&Outcome::PerStatus(x.error), api);
        if statuses(&o.success, oa) != statuses(&n.success, na)
            || error_statuses(o, oa) != error_statuses(n, na)
        {
            self.push(
                Kind::Behaviour,
                item.into(),
                "answers to other statuses".into(),
                responses,
            );
        }
        if !o.deprecated && n.deprecated {
            self.push(
                Kind::Deprecated,
                item.into(),
                "deprecated".into(),
                pointer.clone(),
            );
        }
        if o.authenticated != n.authenticated {
            let what = if n.authenticated {
                "now sends credentials"
            } else {
                "no longer sends credentials"
            };
            self.push(Kind::Behaviour, item.into(), what.into(), pointer);
        }
    }
}

impl Differ<'_> {
    /// The method taking an operation's parameters when all of them are optional: added when
    /// the operation gains its first optional parameter, removed when one becomes required.
    fn params_method(&mut self, o: &model::Operation, n: &model::Operation) {
        let pointer = format!("{}/parameters", op_pointer(n));
        fn with(x: &model::Operation) -> Option<(&str, TypeId)> {
            let params = x.params.as_ref()?;
            Some((x.with_params.as_deref()?, params.ty))
        }
        match (with(o), with(n)) {
            (None, Some((name, _))) => self.push(
                Kind::MethodAdded,
                format!("Client::{name}"),
                format!("method added (`{}` with optional parameters)", n.name),
                pointer,
            ),
            (Some((name, _)), None) => self.push(
                Kind::MethodRemoved,
                format!("Client::{name}"),
                format!("method removed (`{}` with optional parameters)", o.name),
                pointer,
            ),
            (Some((a, ta)), Some((b, tb))) => {
                let (ta, tb) = (&def(&self.old.api, ta).name, &def(&self.new.api, tb).name);
                if a != b {
                    let what = format!("renamed to `{b}`");
                    self.push(Kind::MethodRenamed, format!("Client::{a}"), what, pointer);
                } else if ta != tb {
                    let what = format!("argument `params` changed from `{ta}` to `{tb}`");
                    self.push(
                        Kind::ArgumentTypeChanged,
                        format!("Client::{a}"),
                        what,
                        pointer,
                    );
                }
            }
            (None, None) => {}
        }
    }
}

/// `#/paths/~1pets/get`.
pub(super) fn op_pointer(op: &model::Operation) -> String {
    let path = crate::diagnostics::join("#/paths", &op.path);
    format!("{path}/{}", op.method.to_ascii_lowercase())
}

/// What an operation's `{op}_stream` yields: the method's name, the item's Rust type, what the
/// items are (for the report), and where the spec says it.
struct Streamed {
    method: String,
    item: String,
    kind: &'static str,
    pointer: String,
}

/// The `{op}_stream` of `op`, if it has one: the items of its pages (pagination claims the
/// method over a streamed body) or of its streamed body.
fn streamed(api: &Api, op: &model::Operation) -> Option<Streamed> {
    if let Some(pages) = &op.pagination {
        return Some(Streamed {
            method: pages.method.clone(),
            item: rust(api, &pages.item),
            kind: "the items of its pages",
            pointer: op_pointer(op),
        });
    }
    let stream = op.media_stream.as_ref()?;
    let (item, kind) = match &stream.kind {
        model::StreamKind::Events { item, .. } => (rust(api, &item.ty), "events"),
        model::StreamKind::Lines { item, .. } => (rust(api, item), "lines"),
        model::StreamKind::Bytes => ("bytes::Bytes".to_string(), "chunks of bytes"),
    };
    Some(Streamed {
        method: stream.method.clone(),
        item,
        kind,
        pointer: format!("{}/responses", op_pointer(op)),
    })
}

impl Differ<'_> {
    /// The method streaming an operation (`{op}_stream`), whether it streams pages' items or
    /// its body: added when the operation becomes paginated or a success gains a media type
    /// that streams, removed when it stops; items of another type change what it returns, and
    /// items of the same type from elsewhere (pages instead of events) change its behaviour.
    fn stream_method(&mut self, o: &model::Operation, n: &model::Operation) {
        match (streamed(&self.old.api, o), streamed(&self.new.api, n)) {
            (None, Some(b)) => {
                let what = match &n.pagination {
                    Some(_) => format!("method added (every item of every page of `{}`)", n.name),
                    None => format!("method added (`{}` streamed)", n.name),
                };
                self.push(
                    Kind::MethodAdded,
                    format!("Client::{}", b.method),
                    what,
                    b.pointer,
                );
            }
            (Some(a), None) => {
                let what = match &o.pagination {
                    Some(_) => format!("method removed (`{}` is no longer paginated)", o.name),
                    None => format!("method removed (`{}` streamed)", o.name),
                };
                self.push(
                    Kind::MethodRemoved,
                    format!("Client::{}", a.method),
                    what,
                    a.pointer,
                );
            }
            (Some(a), Some(b)) => {
                let item = format!("Client::{}", a.method);
                if a.method != b.method {
                    let what = format!("renamed to `{}`", b.method);
                    self.push(Kind::MethodRenamed, item, what, b.pointer);
                } else if a.item != b.item {
                    let what = format!("streams `{}` instead of `{}`", b.item, a.item);
                    self.push(Kind::ReturnTypeChanged, item, what, b.pointer);
                } else if a.kind != b.kind {
                    let what = format!("streams {} instead of {}", b.kind, a.kind);
                    self.push(Kind::Behaviour, item, what, b.pointer);
                }
            }
            (None, None) => {}
        }
    }
}
