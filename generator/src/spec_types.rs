//! A schema `type` OpenAPI does not define (`type: bool`, `type: int`) is a mistake: without this
//! check it silently became any JSON. Each is reported with its pointer and the nearest type.

use crate::diagnostics::{Diagnostic, join};
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
        for (key, schema) in &components.schemas {
            walk.schema(schema, join("#/components/schemas", key));
        }
        for (key, p) in &components.parameters {
            if let ReferenceOr::Item(p) = p {
                walk.parameter(p, join("#/components/parameters", key));
            }
        }
        for (key, body) in &components.request_bodies {
            if let ReferenceOr::Item(body) = body {
                walk.content(&body.content, join("#/components/requestBodies", key));
            }
        }
        for (key, response) in &components.responses {
            if let ReferenceOr::Item(response) = response {
                walk.content(&response.content, join("#/components/responses", key));
            }
        }
    }
    for (path, item) in api.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let at = join("#/paths", path);
        for (i, p) in item.parameters.iter().enumerate() {
            if let ReferenceOr::Item(p) = p {
                walk.parameter(p, format!("{at}/parameters/{i}"));
            }
        }
        for (method, op) in item.iter() {
            let at = join(&at, method);
            for (i, p) in op.parameters.iter().enumerate() {
                if let ReferenceOr::Item(p) = p {
                    walk.parameter(p, format!("{at}/parameters/{i}"));
                }
            }
            if let Some(ReferenceOr::Item(body)) = &op.request_body {
                walk.content(&body.content, format!("{at}/requestBody"));
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
            for (status, response) in responses {
                if let ReferenceOr::Item(response) = response {
                    walk.content(&response.content, join(&format!("{at}/responses"), &status));
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
    fn parameter(&mut self, p: &Parameter, at: String) {
        match &p.parameter_data_ref().format {
            ParameterSchemaOrContent::Schema(s) => self.schema(s, format!("{at}/schema")),
            ParameterSchemaOrContent::Content(c) => self.content(c, at),
        }
    }

    fn content(&mut self, content: &indexmap::IndexMap<String, openapiv3::MediaType>, at: String) {
        for (media, m) in content {
            if let Some(s) = &m.schema {
                self.schema(s, join(&format!("{at}/content"), media) + "/schema");
            }
        }
    }

    fn boxed(&mut self, schema: &ReferenceOr<Box<Schema>>, at: String) {
        if let ReferenceOr::Item(s) = schema {
            self.kind(&s.schema_kind, at);
        }
    }

    fn schema(&mut self, schema: &ReferenceOr<Schema>, at: String) {
        if let ReferenceOr::Item(s) = schema {
            self.kind(&s.schema_kind, at);
        }
    }

    fn list(&mut self, schemas: &[ReferenceOr<Schema>], at: &str, key: &str) {
        for (i, s) in schemas.iter().enumerate() {
            self.schema(s, format!("{at}/{key}/{i}"));
        }
    }

    fn additional(&mut self, a: Option<&AdditionalProperties>, at: &str) {
        if let Some(AdditionalProperties::Schema(s)) = a {
            self.schema(s, format!("{at}/additionalProperties"));
        }
    }

    fn kind(&mut self, kind: &SchemaKind, at: String) {
        match kind {
            SchemaKind::Type(Type::Object(o)) => {
                for (name, p) in &o.properties {
                    self.boxed(p, join(&format!("{at}/properties"), name));
                }
                self.additional(o.additional_properties.as_ref(), &at);
            }
            SchemaKind::Type(Type::Array(a)) => {
                if let Some(items) = &a.items {
                    self.boxed(items, format!("{at}/items"));
                }
            }
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of } => self.list(one_of, &at, "oneOf"),
            SchemaKind::AnyOf { any_of } => self.list(any_of, &at, "anyOf"),
            SchemaKind::AllOf { all_of } => self.list(all_of, &at, "allOf"),
            SchemaKind::Not { not } => self.schema(not, format!("{at}/not")),
            SchemaKind::Any(any) => {
                if let Some(typ) = &any.typ {
                    if !TYPES.contains(&typ.as_str()) {
                        self.problem(typ, &at);
                    }
                }
                for (name, p) in &any.properties {
                    self.boxed(p, join(&format!("{at}/properties"), name));
                }
                self.additional(any.additional_properties.as_ref(), &at);
                if let Some(items) = &any.items {
                    self.boxed(items, format!("{at}/items"));
                }
                self.list(&any.one_of, &at, "oneOf");
                self.list(&any.any_of, &at, "anyOf");
                self.list(&any.all_of, &at, "allOf");
                if let Some(not) = &any.not {
                    self.schema(not, format!("{at}/not"));
                }
            }
        }
    }

    fn problem(&mut self, typ: &str, at: &str) {
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
            format!("{at}/type"),
            format!("`{typ}` is not an OpenAPI type"),
            format!("write `type: {nearest}`"),
        ));
    }
}
