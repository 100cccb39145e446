//! What the document says it is: OpenAPI 3.0 to 3.2 (not Swagger 2.0), and what of 3.2 the
//! client cannot send.

use crate::diagnostics::{Diagnostic, Diagnostics, escape_segment};
use std::path::Path;

/// What OpenAPI 3.2 adds to operations that the client cannot send: the QUERY method, other
/// methods under `additionalOperations`, and parameters `in: querystring`. Each is reported
/// (none is dropped without a word); `--skip-unsupported` leaves their operations out.
pub(super) fn unsupported_32(file: &Path, value: &serde_json::Value) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let Some(paths) = value.get("paths").and_then(|p| p.as_object()) else {
        return problems;
    };
    let hint = "clientgen reads the operations of OpenAPI 3.1; run with --skip-unsupported to leave this one out";
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        let item_pointer = format!("#/paths/{}", escape_segment(path));
        if item.contains_key("query") {
            problems.push(Diagnostic::new(
                file,
                format!("{item_pointer}/query"),
                "the QUERY method (OpenAPI 3.2) is not supported",
                hint,
            ));
        }
        if item
            .get("additionalOperations")
            .and_then(|a| a.as_object())
            .is_some_and(|a| !a.is_empty())
        {
            problems.push(Diagnostic::new(
                file,
                format!("{item_pointer}/additionalOperations"),
                "operations under `additionalOperations` (OpenAPI 3.2) are not supported",
                "remove them, or give them one of the methods of OpenAPI 3.1",
            ));
        }
        for (method, operation) in item {
            let parameters = match method.as_str() {
                "parameters" => Some((item_pointer.clone(), Some(operation))),
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                    Some((
                        format!("{item_pointer}/{method}"),
                        operation.get("parameters"),
                    ))
                }
                _ => None,
            };
            let Some((pointer, Some(serde_json::Value::Array(parameters)))) = parameters else {
                continue;
            };
            for (i, parameter) in parameters.iter().enumerate() {
                if parameter.get("in").and_then(|v| v.as_str()) == Some("querystring") {
                    problems.push(Diagnostic::new(
                        file,
                        format!("{pointer}/parameters/{i}"),
                        "parameters `in: querystring` (OpenAPI 3.2) are not supported",
                        hint,
                    ));
                }
            }
        }
    }
    problems
}

pub(super) fn check_version(file: &Path, value: &serde_json::Value) -> Result<(), Diagnostics> {
    let Some(root) = value.as_object() else {
        return Err(Diagnostic::new(
            file,
            "#",
            "the document is not a mapping",
            "an OpenAPI document is a YAML or JSON object with `openapi`, `info` and `paths`",
        )
        .into());
    };
    if root.contains_key("swagger") {
        return Err(Diagnostic::new(file, "#/swagger", "Swagger 2.0 documents are not supported", "convert it to OpenAPI 3 first, for instance with `npx swagger2openapi spec.yaml -o spec3.yaml`",)
            .into());
    }
    match root.get("openapi") {
        Some(serde_json::Value::String(v))
            if v.starts_with("3.0") && !root.contains_key("paths") =>
        {
            Err(Diagnostic::new(
                file,
                "#",
                "the document has no `paths`",
                "OpenAPI 3.0 requires `paths`; add `paths: {}` if the API has no operations",
            )
            .into())
        }
        Some(serde_json::Value::String(v))
            if v.starts_with("3.0") || v.starts_with("3.1") || v.starts_with("3.2") =>
        {
            Ok(())
        }
        Some(serde_json::Value::String(v)) => Err(Diagnostic::new(
            file,
            "#/openapi",
            format!("OpenAPI version {v} is not supported"),
            "clientgen reads OpenAPI 3.0, 3.1 and 3.2 documents",
        )
        .into()),
        Some(_) => Err(Diagnostic::new(
            file,
            "#/openapi",
            "`openapi` must be a string such as \"3.0.3\"",
            "quote the version: `openapi: \"3.0.3\"`",
        )
        .into()),
        None => Err(Diagnostic::new(
            file,
            "#",
            "the document has no `openapi` field",
            "add `openapi: 3.0.3` at the top",
        )
        .into()),
    }
}
