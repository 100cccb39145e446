//! The examples of a spec as test data (included by `build.rs`): every `example` and `examples`
//! value of the component schemas and of the JSON request and response bodies, each paired with
//! the generated type it should decode into, written out as a table the tests run
//! (`tests/tests/examples.rs`, `clientgen_tests::examples`).

use std::fmt::Write as _;

use openapiv3::{MediaType, ReferenceOr};

/// One example found: where it is, the schema it belongs to, and its JSON.
struct Found {
    pointer: String,
    schema: Option<String>,
    json: serde_json::Value,
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

fn media_examples(
    api: &openapiv3::OpenAPI,
    pointer: &str,
    content: &openapiv3::Content,
    out: &mut Vec<Found>,
) {
    for (media_type, media) in content {
        if !(media_type.contains("json")) {
            continue;
        }
        let MediaType {
            schema,
            example,
            examples,
            ..
        } = media;
        let schema = match schema {
            Some(ReferenceOr::Reference { reference }) => Some(reference.clone()),
            _ => None,
        };
        let base = format!("{pointer}/content/{}", escape(media_type));
        if let Some(json) = example {
            out.push(Found {
                pointer: format!("{base}/example"),
                schema: schema.clone(),
                json: json.clone(),
            });
        }
        for (name, example) in examples {
            // An example may be shared (`#/components/examples/...`).
            let example = match example {
                ReferenceOr::Item(example) => Some(example),
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix("#/components/examples/")
                    .and_then(|name| api.components.as_ref()?.examples.get(name))
                    .and_then(|e| e.as_item()),
            };
            if let Some(example) = example {
                if let Some(json) = &example.value {
                    out.push(Found {
                        pointer: format!("{base}/examples/{}/value", escape(name)),
                        schema: schema.clone(),
                        json: json.clone(),
                    });
                }
            }
        }
    }
}

fn find_examples(api: &openapiv3::OpenAPI) -> Vec<Found> {
    let mut out = Vec::new();
    if let Some(components) = &api.components {
        for (name, schema) in &components.schemas {
            if let ReferenceOr::Item(schema) = schema {
                if let Some(json) = &schema.schema_data.example {
                    let pointer = format!("#/components/schemas/{}", escape(name));
                    out.push(Found {
                        pointer: format!("{pointer}/example"),
                        schema: Some(pointer),
                        json: json.clone(),
                    });
                }
            }
        }
        // Shared bodies and responses once each, where they are defined (the operations that
        // use them hold a `$ref`).
        for (name, body) in &components.request_bodies {
            if let ReferenceOr::Item(body) = body {
                let pointer = format!("#/components/requestBodies/{}", escape(name));
                media_examples(api, &pointer, &body.content, &mut out);
            }
        }
        for (name, response) in &components.responses {
            if let ReferenceOr::Item(response) = response {
                let pointer = format!("#/components/responses/{}", escape(name));
                media_examples(api, &pointer, &response.content, &mut out);
            }
        }
    }
    for (path, item) in &api.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter() {
            let base = format!("#/paths/{}/{method}", escape(path));
            if let Some(ReferenceOr::Item(body)) = &operation.request_body {
                media_examples(api, &format!("{base}/requestBody"), &body.content, &mut out);
            }
            let responses = operation
                .responses
                .responses
                .iter()
                .map(|(code, r)| (code.to_string(), r))
                .chain(
                    operation
                        .responses
                        .default
                        .iter()
                        .map(|r| ("default".to_string(), r)),
                );
            for (code, response) in responses {
                if let ReferenceOr::Item(response) = response {
                    let pointer = format!("{base}/responses/{code}");
                    media_examples(api, &pointer, &response.content, &mut out);
                }
            }
        }
    }
    out
}

/// The table of the examples of `spec` for the generated module whose types are at `types`
/// (a path such as `super::types`), generated with `settings`, as Rust source; `None` when the
/// spec does not load.
pub fn examples_table(
    spec: &std::path::Path,
    settings: clientgen::Settings,
    types: &str,
) -> Option<String> {
    let loaded = clientgen::__private::load::load_file(spec).ok()?;
    // The generator says which type each schema became (renamed, or told apart from another).
    let schema_types = clientgen::Generator::new(spec)
        .settings(settings)
        .schema_types()
        .ok()?;
    let mut text = String::from(
        "/// The spec's examples, each with the generated type it decodes into (if any).\n\
         pub const EXAMPLES: &[crate::examples::Example] = &[\n",
    );
    for found in find_examples(&loaded.api) {
        // A component schema's type; one only written has no round trip.
        let ty = found.schema.as_deref().and_then(|s| {
            let key = s.strip_prefix("#/components/schemas/")?;
            let made = schema_types.get(&key.replace("~1", "/").replace("~0", "~"))?;
            made.deserialize.then_some((&made.name, made.serialize))
        });
        // A type a large client only reads is decoded only; one it only writes is untyped.
        let round_trip = match &ty {
            Some((rust, true)) => format!("Some(crate::examples::round_trip::<{types}::{rust}>)"),
            Some((rust, false)) => format!("Some(crate::examples::decode_only::<{types}::{rust}>)"),
            None => "None".to_string(),
        };
        let encodes = matches!(ty, Some((_, true)));
        writeln!(
            text,
            "    crate::examples::Example {{ pointer: {:?}, schema: {:?}, json: {:?}, round_trip: {round_trip}, encodes: {encodes} }},",
            found.pointer,
            found.schema,
            found.json.to_string(),
        )
        .expect("writing to a String cannot fail");
    }
    text.push_str("];\n");
    let spec_json = serde_json::to_string(&loaded.api).ok()?;
    writeln!(
        text,
        "/// The spec as the generator read it, as JSON (for validating examples).\npub const SPEC_JSON: &str = {spec_json:?};"
    )
    .expect("writing to a String cannot fail");
    Some(text)
}
