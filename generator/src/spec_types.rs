//! A schema `type` OpenAPI does not define (`type: bool`, `type: int`) is a mistake: without this
//! check it silently became any JSON. Each is reported with its pointer and the nearest type.

use crate::diagnostics::{Diagnostic, Pointer};
use crate::load::Loaded;
use openapiv3::{
    AdditionalProperties, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind,
    Type,
};

const TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "array", "object", "null",
];

/// A problem for each schema whose `type` is not one of OpenAPI's.
pub(crate) fn unknown(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut walk = Walk {
        loaded,
        problems: Vec::new(),
    };
    let api = &loaded.api;
    if let Some(components) = &api.components {
        let at = Pointer::Root("#/components/schemas");
        for (key, schema) in &components.schemas {
            walk.schema(schema, &at.key(key));
        }
        let at = Pointer::Root("#/components/parameters");
        for (key, p) in &components.parameters {
            if let ReferenceOr::Item(p) = p {
                walk.parameter(p, &at.key(key));
            }
        }
        let at = Pointer::Root("#/components/requestBodies");
        for (key, body) in &components.request_bodies {
            if let ReferenceOr::Item(body) = body {
                walk.content(&body.content, &at.key(key));
            }
        }
        let at = Pointer::Root("#/components/responses");
        for (key, response) in &components.responses {
            if let ReferenceOr::Item(response) = response {
                walk.content(&response.content, &at.key(key));
            }
        }
    }
    let paths = Pointer::Root("#/paths");
    for (path, item) in api.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let at = paths.key(path);
        walk.parameters(&item.parameters, &at);
        for (method, op) in item.iter() {
            let at = at.key(method);
            walk.parameters(&op.parameters, &at);
            if let Some(ReferenceOr::Item(body)) = &op.request_body {
                walk.content(&body.content, &at.key("requestBody"));
            }
            let responses = op
                .responses
                .default
                .iter()
                .map(|r| ("default".to_string(), r));
            let responses = responses.chain(
                op.responses
                    .responses
                    .iter()
                    .map(|(s, r)| (s.to_string(), r)),
            );
            let at = at.key("responses");
            for (status, response) in responses {
                if let ReferenceOr::Item(response) = response {
                    walk.content(&response.content, &at.key(&status));
                }
            }
        }
    }
    walk.problems
}

struct Walk<'a> {
    loaded: &'a Loaded,
    problems: Vec<Diagnostic>,
}

impl Walk<'_> {
    fn parameters(&mut self, parameters: &[ReferenceOr<Parameter>], at: &Pointer) {
        let at = at.key("parameters");
        for (i, p) in parameters.iter().enumerate() {
            if let ReferenceOr::Item(p) = p {
                self.parameter(p, &at.index(i));
            }
        }
    }

    fn parameter(&mut self, p: &Parameter, at: &Pointer) {
        match &p.parameter_data_ref().format {
            ParameterSchemaOrContent::Schema(s) => self.schema(s, &at.key("schema")),
            ParameterSchemaOrContent::Content(c) => self.content(c, at),
        }
    }

    fn content(
        &mut self,
        content: &indexmap::IndexMap<String, openapiv3::MediaType>,
        at: &Pointer,
    ) {
        let at = at.key("content");
        for (media, m) in content {
            if let Some(s) = &m.schema {
                self.schema(s, &at.key(media).key("schema"));
            }
        }
    }

    fn boxed(&mut self, schema: &ReferenceOr<Box<Schema>>, at: &Pointer) {
        if let ReferenceOr::Item(s) = schema {
            self.kind(&s.schema_kind, at);
        }
    }

    fn schema(&mut self, schema: &ReferenceOr<Schema>, at: &Pointer) {
        if let ReferenceOr::Item(s) = schema {
            self.kind(&s.schema_kind, at);
        }
    }

    fn list(&mut self, schemas: &[ReferenceOr<Schema>], at: &Pointer, key: &str) {
        let at = at.key(key);
        for (i, s) in schemas.iter().enumerate() {
            self.schema(s, &at.index(i));
        }
    }

    fn properties(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        at: &Pointer,
    ) {
        let at = at.key("properties");
        for (name, p) in properties {
            self.boxed(p, &at.key(name));
        }
    }

    fn additional(&mut self, a: Option<&AdditionalProperties>, at: &Pointer) {
        if let Some(AdditionalProperties::Schema(s)) = a {
            self.schema(s, &at.key("additionalProperties"));
        }
    }

    fn kind(&mut self, kind: &SchemaKind, at: &Pointer) {
        match kind {
            SchemaKind::Type(Type::Object(o)) => {
                self.properties(&o.properties, at);
                self.additional(o.additional_properties.as_ref(), at);
            }
            SchemaKind::Type(Type::Array(a)) => {
                if let Some(items) = &a.items {
                    self.boxed(items, &at.key("items"));
                }
            }
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of } => self.list(one_of, at, "oneOf"),
            SchemaKind::AnyOf { any_of } => self.list(any_of, at, "anyOf"),
            SchemaKind::AllOf { all_of } => self.list(all_of, at, "allOf"),
            SchemaKind::Not { not } => self.schema(not, &at.key("not")),
            SchemaKind::Any(any) => {
                if let Some(typ) = &any.typ {
                    if !TYPES.contains(&typ.as_str()) {
                        self.problem(typ, at);
                    }
                }
                self.properties(&any.properties, at);
                self.additional(any.additional_properties.as_ref(), at);
                if let Some(items) = &any.items {
                    self.boxed(items, &at.key("items"));
                }
                self.list(&any.one_of, at, "oneOf");
                self.list(&any.any_of, at, "anyOf");
                self.list(&any.all_of, at, "allOf");
                if let Some(not) = &any.not {
                    self.schema(not, &at.key("not"));
                }
            }
        }
    }

    fn problem(&mut self, typ: &str, at: &Pointer) {
        let nearest = match typ.to_ascii_lowercase().as_str() {
            "bool" => "boolean",
            "int" | "int32" | "int64" | "long" => "integer",
            "float" | "double" | "decimal" => "number",
            "str" | "text" | "date" | "datetime" | "date-time" => "string",
            "list" => "array",
            "map" | "dict" => "object",
            _ => "one of string, number, integer, boolean, array, object",
        };
        self.problems.push(Diagnostic::new(
            &self.loaded.file,
            at.key("type").written(),
            format!("`{typ}` is not an OpenAPI type"),
            format!("write `type: {nearest}`"),
        ));
    }
}
