//! The `Document` builder: the whole document drawn at random, and its rendering to JSON.

use super::names::{component_name, text};
use super::operations::{Operation, PathItem, Segment, path_item};
use super::schemas::{Extra, Prop, Schema, component};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

#[derive(Debug, Clone)]
struct Document {
    title: String,
    version: String,
    description: Option<String>,
    servers: Vec<&'static str>,
    /// Component names (distinct) and schemas.
    components: Vec<(String, Schema)>,
    paths: Vec<PathItem>,
    /// Security scheme names and kinds.
    security_schemes: Vec<(String, u8)>,
    global_security: Vec<usize>,
    /// Adds [`PADDING`] small object schemas, so that the client is a large one (clientgen writes
    /// the `Deserialize` impls of large clients out instead of deriving them).
    large: bool,
}

/// More types than `clientgen::__private::model::LARGE` (300).
pub(super) const PADDING: usize = 300;

pub(super) fn document() -> impl Strategy<Value = Value> {
    (
        prop_oneof![
            select(&["Test API", "", "名前 API", "Ünïcödé \"quoted\"", "a\nb"][..])
                .prop_map(str::to_string),
            "\\PC{0,16}",
        ],
        select(&["1.0.0", "2.1.3-beta.1", "v1", "", "1.0"][..]).prop_map(str::to_string),
        text(),
        prop::sample::subsequence(
            &[
                "https://api.example.com",
                "https://api.example.com/v1/",
                "http://127.0.0.1:8080/base",
            ][..],
            0..3,
        ),
        prop::collection::vec((component_name(), component()), 1..10),
        prop::collection::vec(path_item(), 0..7),
        prop::collection::vec(
            (
                select(
                    &[
                        "bearer", "api_key", "apiKey", "ApiKey", "oauth", "basic", "名前",
                    ][..],
                )
                .prop_map(str::to_string),
                0u8..5,
            ),
            0..3,
        ),
        prop::collection::vec(0usize..8, 0..2),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(
                title,
                version,
                description,
                servers,
                components,
                paths,
                security_schemes,
                global_security,
                large,
            )| {
                let mut seen = BTreeSet::new();
                let components = components
                    .into_iter()
                    .filter(|(name, _)| seen.insert(name.clone()))
                    .collect();
                let mut seen = BTreeSet::new();
                let security_schemes = security_schemes
                    .into_iter()
                    .filter(|(name, _)| seen.insert(name.clone()))
                    .collect();
                Document {
                    title,
                    version,
                    description,
                    servers,
                    components,
                    paths,
                    security_schemes,
                    global_security,
                    large,
                }
                .render()
            },
        )
}

// ---------------------------------------------------------------------------------------------
// Rendering to JSON
// ---------------------------------------------------------------------------------------------

impl Document {
    fn reference(&self, index: usize) -> Value {
        let name = &self.components[index % self.components.len()].0;
        json!({ "$ref": format!("#/components/schemas/{name}") })
    }

    /// `allOf` may only merge objects: each index goes to the next object component declared
    /// before the one being rendered (so no component includes itself).
    fn object_component(&self, index: usize, before: usize) -> Option<usize> {
        let objects: Vec<usize> = (0..before.min(self.components.len()))
            .filter(|&i| matches!(self.components[i].1, Schema::Object(_)))
            .collect();
        (!objects.is_empty()).then(|| objects[index % objects.len()])
    }

    fn object(&self, props: &[Prop], at: usize) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for p in props {
            let mut schema = self.schema(&p.schema, at);
            if let Value::Object(o) = &mut schema {
                if !o.contains_key("$ref") {
                    if let Some(d) = &p.description {
                        o.insert("description".into(), json!(d));
                    }
                    match p.flag {
                        1 => drop(o.insert("readOnly".into(), json!(true))),
                        2 => drop(o.insert("writeOnly".into(), json!(true))),
                        3 => drop(o.insert("deprecated".into(), json!(true))),
                        4 => {
                            if let Some(d) = default_of(&p.schema) {
                                o.insert("default".into(), d);
                            }
                        }
                        _ => {}
                    }
                }
            }
            properties.insert(p.name.clone(), schema);
            if p.required {
                required.push(json!(p.name));
            }
        }
        // A component that a discriminated union refers to carries its tag property.
        if at < self.components.len() {
            for tag in self.discriminators_of(at) {
                properties.insert(tag.clone(), json!({ "type": "string" }));
                if !required.contains(&json!(tag)) {
                    required.push(json!(tag));
                }
            }
        }
        let mut object = json!({ "type": "object", "properties": properties });
        if !required.is_empty() {
            object["required"] = Value::Array(required);
        }
        object
    }

    /// `oneOf` or `anyOf` of references; a component is never one of its own variants (that
    /// has no shape, and clientgen rightly refuses it).
    fn union(&self, keyword: &str, refs: &[usize], at: usize) -> Value {
        let n = self.components.len();
        let variants: Vec<Value> = refs
            .iter()
            .map(|&i| i % n)
            .filter(|&i| i != at)
            .map(|i| self.reference(i))
            .collect();
        if variants.is_empty() {
            return json!({ "type": "string" });
        }
        json!({ keyword: variants })
    }

    /// The object components a discriminated union refers to (as `(union, object)` indexes).
    fn discriminated_members(&self, union: usize) -> Vec<usize> {
        let Schema::Discriminated(refs, ..) = &self.components[union].1 else {
            return Vec::new();
        };
        let mut members = Vec::new();
        for &r in refs {
            if let Some(i) = self.object_component(r, self.components.len()) {
                if !members.contains(&i) {
                    members.push(i);
                }
            }
        }
        members
    }

    /// The tag properties that component `at` must have.
    fn discriminators_of(&self, at: usize) -> Vec<String> {
        let mut tags = Vec::new();
        for (u, (_, schema)) in self.components.iter().enumerate() {
            if let Schema::Discriminated(_, property, _) = schema {
                if self.discriminated_members(u).contains(&at) && !tags.contains(property) {
                    tags.push(property.clone());
                }
            }
        }
        tags
    }

    /// The JSON of `schema`, inside component number `at`.
    fn schema(&self, schema: &Schema, at: usize) -> Value {
        let typed = |ty: &str, format: &Option<&str>| match format {
            Some(f) => json!({ "type": ty, "format": f }),
            None => json!({ "type": ty }),
        };
        match schema {
            Schema::String(f) => typed("string", f),
            Schema::Integer(f) => typed("integer", f),
            Schema::Number(f) => typed("number", f),
            Schema::Boolean => json!({ "type": "boolean" }),
            Schema::Any => json!({}),
            Schema::Ref(i) => self.reference(*i),
            Schema::Enum(values) => json!({ "type": "string", "enum": values }),
            Schema::IntEnum(values) => json!({ "type": "integer", "enum": values }),
            Schema::Array(items) => json!({ "type": "array", "items": self.schema(items, at) }),
            Schema::Map(values) => {
                json!({ "type": "object", "additionalProperties": self.schema(values, at) })
            }
            Schema::Object(props) => self.object(props, at),
            Schema::OpenObject(props, extra) => {
                let mut object = self.object(props, usize::MAX);
                object["additionalProperties"] = match extra {
                    Extra::Any => json!(true),
                    Extra::Closed => json!(false),
                    Extra::Typed(s) => self.schema(s, at),
                };
                object
            }
            Schema::OneOfInline(variants) => {
                let variants: Vec<Value> = variants.iter().map(|v| self.schema(v, at)).collect();
                json!({ "oneOf": variants })
            }
            Schema::Discriminated(_, property, keys) => {
                let members = if at < self.components.len() {
                    self.discriminated_members(at)
                } else {
                    Vec::new()
                };
                if members.is_empty() {
                    return json!({ "type": "object" });
                }
                let mut discriminator = json!({ "propertyName": property });
                if !keys.is_empty() {
                    let mut mapping = Map::new();
                    for (k, &m) in keys.iter().zip(members.iter().cycle()) {
                        mapping.insert(k.clone(), self.reference(m)["$ref"].clone());
                    }
                    discriminator["mapping"] = Value::Object(mapping);
                }
                json!({
                    "oneOf": members.iter().map(|&m| self.reference(m)).collect::<Vec<_>>(),
                    "discriminator": discriminator,
                })
            }
            Schema::OneOf(refs) => self.union("oneOf", refs, at),
            Schema::AnyOf(refs) => self.union("anyOf", refs, at),
            Schema::AllOf(refs, props) => {
                let mut parts: Vec<Value> = Vec::new();
                let mut used = BTreeSet::new();
                for &r in refs {
                    if let Some(i) = self.object_component(r, at) {
                        if used.insert(i) {
                            parts.push(self.reference(i));
                        }
                    }
                }
                parts.push(self.object(props, at));
                json!({ "allOf": parts })
            }
            Schema::Nullable(inner) => match self.schema(inner, at) {
                Value::Object(mut o) if !o.contains_key("$ref") => {
                    o.insert("nullable".into(), json!(true));
                    Value::Object(o)
                }
                reference => json!({ "allOf": [reference], "nullable": true }),
            },
        }
    }

    fn path(&self, item: &PathItem) -> String {
        let mut path = String::new();
        for s in &item.segments {
            path.push('/');
            match s {
                Segment::Literal(text) => path.push_str(text),
                Segment::Param(name, _) => {
                    path.push('{');
                    path.push_str(name);
                    path.push('}');
                }
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        path
    }

    fn operation(&self, item: &PathItem, op: &Operation) -> Value {
        let outside = usize::MAX;
        let mut parameters = Vec::new();
        for s in &item.segments {
            if let Segment::Param(name, schema) = s {
                parameters.push(json!({
                    "name": name,
                    "in": "path",
                    "required": true,
                    "schema": self.schema(schema, outside),
                }));
            }
        }
        for p in &op.params {
            let mut param = json!({
                "name": p.name,
                "in": p.location,
                "required": p.required,
                "schema": self.schema(&p.schema, outside),
            });
            if let Some(d) = &p.description {
                param["description"] = json!(d);
            }
            parameters.push(param);
        }
        let mut responses = Map::new();
        for (status, schema) in &op.responses {
            let mut response = json!({ "description": format!("Status {status}.") });
            if let (Some(schema), false) = (schema, *status == "204") {
                response["content"] =
                    json!({ "application/json": { "schema": self.schema(schema, outside) } });
                if !op.response_headers.is_empty() {
                    let mut headers = Map::new();
                    for (name, schema) in &op.response_headers {
                        headers.insert(
                            name.clone(),
                            json!({ "schema": self.schema(schema, outside) }),
                        );
                    }
                    response["headers"] = Value::Object(headers);
                }
            }
            responses.insert(status.to_string(), response);
        }
        let mut operation = json!({ "responses": responses });
        if !parameters.is_empty() {
            operation["parameters"] = Value::Array(parameters);
        }
        if let Some(id) = &op.operation_id {
            operation["operationId"] = json!(id);
        }
        if let Some(s) = &op.summary {
            operation["summary"] = json!(s);
        }
        if let Some(d) = &op.description {
            operation["description"] = json!(d);
        }
        if let Some(body) = &op.body {
            let schema = match body.media {
                "application/octet-stream" => json!({ "type": "string", "format": "binary" }),
                "text/plain" => json!({ "type": "string" }),
                _ => self.schema(&body.schema, outside),
            };
            operation["requestBody"] = json!({
                "required": body.required,
                "content": { body.media: { "schema": schema } },
            });
        }
        if op.deprecated {
            operation["deprecated"] = json!(true);
        }
        if op.idempotent {
            operation["x-idempotent"] = json!(true);
        }
        if let Some(security) = &op.security {
            operation["security"] = self.requirements(security);
        }
        operation
    }

    fn requirements(&self, indexes: &[usize]) -> Value {
        if self.security_schemes.is_empty() {
            return json!([]);
        }
        let list: Vec<Value> = indexes
            .iter()
            .map(|&i| {
                let name = &self.security_schemes[i % self.security_schemes.len()].0;
                json!({ name: [] })
            })
            .collect();
        Value::Array(list)
    }

    fn render(&self) -> Value {
        let mut info = json!({ "title": self.title, "version": self.version });
        if let Some(d) = &self.description {
            info["description"] = json!(d);
        }
        let mut schemas = Map::new();
        for (i, (name, schema)) in self.components.iter().enumerate() {
            // A component that only refers on goes to an earlier one: no cycle of references.
            let value = match schema {
                Schema::Ref(r) if i > 0 => self.reference(r % i),
                Schema::Ref(_) => json!({ "type": "string" }),
                other => self.schema(other, i),
            };
            schemas.insert(name.clone(), value);
        }
        if self.large {
            for i in 0..PADDING {
                schemas.entry(format!("Padding{i}")).or_insert_with(
                    || json!({ "type": "object", "properties": { "v": { "type": "string" } } }),
                );
            }
        }
        let mut paths = Map::new();
        for item in &self.paths {
            let path = self.path(item);
            // Paths that differ only in parameter names are the same path.
            let shape = template_shape(&path);
            if paths.keys().any(|p| template_shape(p) == shape) {
                continue;
            }
            let mut value = Map::new();
            for op in &item.operations {
                value.insert(op.method.to_string(), self.operation(item, op));
            }
            paths.insert(path, Value::Object(value));
        }
        let mut components = json!({ "schemas": schemas });
        if !self.security_schemes.is_empty() {
            let mut schemes = Map::new();
            for (name, kind) in &self.security_schemes {
                let scheme = match kind {
                    0 => json!({ "type": "http", "scheme": "bearer" }),
                    1 => json!({ "type": "http", "scheme": "basic" }),
                    2 => json!({ "type": "apiKey", "in": "header", "name": "X-Api-Key" }),
                    3 => json!({ "type": "apiKey", "in": "query", "name": "api_key" }),
                    _ => json!({ "type": "apiKey", "in": "cookie", "name": "session" }),
                };
                schemes.insert(name.clone(), scheme);
            }
            components["securitySchemes"] = Value::Object(schemes);
        }
        let mut doc = json!({
            "openapi": "3.0.3",
            "info": info,
            "paths": paths,
            "components": components,
        });
        if !self.servers.is_empty() {
            doc["servers"] = self.servers.iter().map(|u| json!({ "url": u })).collect();
        }
        if !self.global_security.is_empty() && !self.security_schemes.is_empty() {
            doc["security"] = self.requirements(&self.global_security);
        }
        doc
    }
}

/// A default value of the schema's own type, where one is easy to write.
fn default_of(schema: &Schema) -> Option<Value> {
    Some(match schema {
        Schema::String(None) => json!("default \"text\""),
        Schema::Integer(_) => json!(7),
        Schema::Number(_) => json!(1.5),
        Schema::Boolean => json!(true),
        Schema::Enum(values) => json!(values.last()?),
        Schema::IntEnum(values) => json!(values.first()?),
        Schema::Array(_) => json!([]),
        _ => return None,
    })
}

/// `/a/{x}/b` and `/a/{y}/b` are the same path to OpenAPI.
fn template_shape(path: &str) -> String {
    let mut shape = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                shape.push_str("{}");
            }
            '}' => in_param = false,
            _ if !in_param => shape.push(c),
            _ => {}
        }
    }
    shape
}
