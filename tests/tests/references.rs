//! References to components (issue 10): chains for every kind the client reads, cycles and
//! dangling references told once with the place and a hint, and a reference to an entry of
//! another map that has the shape needed accepted with a warning that names both pointers.
//! `tests/fixtures/reference_chains.yaml` is the generated side (compiled and pinned there).

use clientgen_tests::workspace_root;
use std::path::{Path, PathBuf};

/// A spec written into a fresh folder, removed at the end.
struct Spec(PathBuf);

impl Spec {
    fn new(case: &str, text: &str) -> Spec {
        let dir = std::env::temp_dir().join(format!(
            "clientgen-references-{case}-{}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("temporary folder");
        let path = dir.join("spec.yaml");
        std::fs::write(&path, text).expect("spec written");
        Spec(path)
    }
}

impl Drop for Spec {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

fn error_text(spec: &Path) -> String {
    let folder = spec.parent().expect("a folder");
    match clientgen::Generator::new(spec)
        .display_root(folder)
        .generate()
    {
        Ok(_) => panic!("{} generates", spec.display()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_response_that_refers_to_a_request_body_of_its_shape_is_read_with_a_warning() {
    let spec = workspace_root().join("tests/fixtures/reference_chains.yaml");
    let output = clientgen::Generator::new(&spec)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = output.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert!(w.contains("#/paths/~1notes~1{id}/get/responses/404"), "{w}");
    assert!(w.contains("(#/components/requestBodies/Problem)"), "{w}");
    assert!(w.contains("help: "), "{w}");
    let client = &output.files[Path::new("src/client.rs")];
    assert!(client.contains("Error<types::GetNoteError>"), "{client}");
    let types = &output.files[Path::new("src/types.rs")];
    assert!(types.contains("NotFound(GetNoteNotFound)"), "{types}");
}

/// One reference across component maps: where it is written (an operation of `GET /a`, in
/// YAML flow style), the components, and what must come of it.
struct Across {
    case: &'static str,
    operation: &'static str,
    components: &'static str,
    outcome: Outcome,
}

enum Outcome {
    /// Generated, with one warning holding each text, and the client holding the last.
    Read(&'static [&'static str], &'static str),
    /// Refused, the error holding each text.
    Refused(&'static [&'static str]),
}

/// Every kind of place against entries of other maps: those with the shape needed are read with
/// a warning naming both pointers, the others refused naming both pointers and the kind
/// expected.
const ACROSS: &[Across] = &[
    Across {
        case: "response-to-request-body",
        operation: "{responses: {'200': {$ref: '#/components/requestBodies/B'}}}",
        components: "requestBodies: {B: {description: the note, required: true, content: {application/json: {schema: {type: string}}}}}",
        outcome: Outcome::Read(
            &[
                "#/paths/~1a/get/responses/200: `#/components/requestBodies/B` refers to a request body (#/components/requestBodies/B) where a response belongs; it is read as a response",
            ],
            "Result<String, Error<types::GetAError>>",
        ),
    },
    Across {
        case: "response-to-request-body-without-description",
        operation: "{responses: {'200': {$ref: '#/components/requestBodies/B'}}}",
        components: "requestBodies: {B: {content: {application/json: {schema: {type: string}}}}}",
        outcome: Outcome::Refused(&[
            "#/paths/~1a/get/responses/200: `#/components/requestBodies/B` does not name a response: it refers to a request body (#/components/requestBodies/B), which has no `description`",
            "help: refer to an entry of #/components/responses",
        ]),
    },
    Across {
        // As in SwaggerHub's own description (APIs.guru), converted from Swagger 2.0.
        case: "response-to-a-schema-that-is-a-description",
        operation: "{responses: {'204': {description: ok}, '404': {$ref: '#/components/schemas/NotFound'}}}",
        components: "schemas: {NotFound: {description: The API could not be found}}",
        outcome: Outcome::Read(
            &[
                "#/paths/~1a/get/responses/404: `#/components/schemas/NotFound` refers to a schema (#/components/schemas/NotFound) where a response belongs; it is read as a response",
            ],
            "Result<(), Error<types::GetAError>>",
        ),
    },
    Across {
        case: "request-body-to-response",
        operation: "{requestBody: {$ref: '#/components/responses/R'}, responses: {'204': {description: ok}}}",
        components: "responses: {R: {description: a note, headers: {X-A: {schema: {type: string}}}, content: {text/plain: {schema: {type: string}}}}}",
        outcome: Outcome::Read(
            &[
                "#/paths/~1a/get/requestBody: `#/components/responses/R` refers to a response (#/components/responses/R) where a request body belongs; it is read as a request body",
            ],
            "body: Option<&str>",
        ),
    },
    Across {
        case: "request-body-to-response-without-content",
        operation: "{requestBody: {$ref: '#/components/responses/R'}, responses: {'204': {description: ok}}}",
        components: "responses: {R: {description: nothing}}",
        outcome: Outcome::Refused(&[
            "#/paths/~1a/get/requestBody: `#/components/responses/R` does not name a request body: it refers to a response (#/components/responses/R), which has no `content`",
        ]),
    },
    Across {
        case: "header-to-parameter",
        operation: "{responses: {'204': {description: ok, headers: {X-Rate: {$ref: '#/components/parameters/Rate'}}}}}",
        components: "parameters: {Rate: {name: X-Rate, in: header, description: the rate, schema: {type: integer}}}",
        outcome: Outcome::Read(
            &[
                "#/paths/~1a/get/responses/204/headers/X-Rate: `#/components/parameters/Rate` refers to a parameter (#/components/parameters/Rate) where a header belongs; it is read as a header without its `name` and `in`",
            ],
            "X-Rate",
        ),
    },
    Across {
        case: "header-to-query-parameter",
        operation: "{responses: {'204': {description: ok, headers: {X-Rate: {$ref: '#/components/parameters/Rate'}}}}}",
        components: "parameters: {Rate: {name: rate, in: query, style: form, schema: {type: integer}}}",
        outcome: Outcome::Refused(&[
            "#/paths/~1a/get/responses/204/headers/X-Rate: `#/components/parameters/Rate` does not name a header: it refers to a parameter (#/components/parameters/Rate), which is not one: unknown variant `form`",
            "help: refer to an entry of #/components/headers",
        ]),
    },
    Across {
        case: "header-to-parameter-with-query-fields",
        operation: "{responses: {'204': {description: ok, headers: {X-Rate: {$ref: '#/components/parameters/Rate'}}}}}",
        components: "parameters: {Rate: {name: rate, in: query, allowReserved: true, schema: {type: string}}}",
        outcome: Outcome::Refused(&[
            "`#/components/parameters/Rate` does not name a header: it refers to a parameter (#/components/parameters/Rate), whose `allowReserved` is no field of a header",
        ]),
    },
    Across {
        case: "parameter-to-header",
        operation: "{parameters: [{$ref: '#/components/headers/X-Trace'}], responses: {'204': {description: ok}}}",
        components: "headers: {X-Trace: {description: the trace, schema: {type: string}}}",
        outcome: Outcome::Read(
            &[
                "#/paths/~1a/get/parameters/0: `#/components/headers/X-Trace` refers to a header (#/components/headers/X-Trace) where a parameter belongs; it is read as a parameter, the header parameter `X-Trace`",
            ],
            "request.header(\"X-Trace\"",
        ),
    },
    Across {
        case: "parameter-to-header-without-a-name",
        operation: "{parameters: [{$ref: '#/components/headers/Trace%20Id'}], responses: {'204': {description: ok}}}",
        components: "headers: {Trace Id: {schema: {type: string}}}",
        outcome: Outcome::Refused(&[
            "#/paths/~1a/get/parameters/0: `#/components/headers/Trace Id` does not name a parameter: it refers to a header (#/components/headers/Trace Id), which has no name or location, and its key `Trace Id` is no header name to make it a header parameter",
            "help: refer to an entry of #/components/parameters",
        ]),
    },
    Across {
        case: "parameter-through-a-chain",
        operation: "{responses: {'204': {description: ok, headers: {X-Rate: {$ref: '#/components/parameters/Rate'}}}}}",
        components: "parameters: {Rate: {$ref: '#/components/parameters/Limit'}, Limit: {name: X-Limit, in: header, schema: {type: integer}}}",
        outcome: Outcome::Read(
            &[
                "`#/components/parameters/Rate` refers to a parameter (#/components/parameters/Limit) where a header belongs",
            ],
            "X-Rate",
        ),
    },
    Across {
        case: "schema-to-parameter",
        operation: "{responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/parameters/P'}}}}}}",
        components: "parameters: {P: {name: p, in: query, schema: {type: string}}}",
        outcome: Outcome::Refused(&[
            "#/paths/~1a/get/responses/200/content/application~1json/schema: `#/components/parameters/P` does not name a schema: it refers to a parameter (#/components/parameters/P), whose `name`, `in`, `schema` are no field of a schema",
            "help: refer to an entry of #/components/schemas",
        ]),
    },
    Across {
        case: "schema-to-a-schema-elsewhere",
        operation: "{responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/x-shapes/Money'}}}}}}}",
        components: "x-shapes: {Money: {type: string, description: an amount}}",
        outcome: Outcome::Read(
            &[
                "#/paths/~1a/get/responses/200/content/application~1json/schema/items: `#/components/x-shapes/Money` refers to an entry of #/components/x-shapes (#/components/x-shapes/Money) where a schema belongs; it is read as a schema",
            ],
            "Result<Vec<String>, Error<types::GetAError>>",
        ),
    },
    Across {
        case: "a-cycle-across-maps",
        operation: "{parameters: [{$ref: '#/components/headers/H'}], responses: {'204': {description: ok}}}",
        components: "headers: {H: {$ref: '#/components/parameters/P'}}\n  parameters: {P: {$ref: '#/components/headers/H'}}",
        outcome: Outcome::Refused(&[
            "#/paths/~1a/get/parameters/0: `#/components/headers/H` does not name a parameter: it refers to a header (#/components/headers/H), which is part of a cycle of references that reaches no entry",
        ]),
    },
    Across {
        case: "to-nothing",
        operation: "{parameters: [{$ref: '#/components/headers/Gone'}], responses: {'204': {description: ok}}}",
        components: "headers: {}",
        outcome: Outcome::Refused(&[
            "`#/components/headers/Gone` does not name a parameter: it refers to a header (#/components/headers/Gone), which does not exist",
        ]),
    },
];

#[test]
fn references_across_maps_are_read_when_they_have_the_shape_and_refused_otherwise() {
    for across in ACROSS {
        let spec = Spec::new(
            across.case,
            &format!(
                "{HEAD}paths:\n  /a:\n    get: {}\ncomponents:\n  {}\n",
                across.operation, across.components
            ),
        );
        match &across.outcome {
            Outcome::Read(texts, in_client) => {
                let output = clientgen::Generator::new(&spec.0)
                    .generate()
                    .unwrap_or_else(|e| panic!("{}: {e}", across.case));
                let warnings: Vec<String> = output.warnings.iter().map(|w| w.to_string()).collect();
                assert_eq!(warnings.len(), texts.len(), "{}: {warnings:?}", across.case);
                for (warning, text) in warnings.iter().zip(texts.iter()) {
                    assert!(warning.contains(text), "{}: {warning}", across.case);
                    assert!(warning.contains("help: move the entry"), "{warning}");
                }
                let client = &output.files[Path::new("src/client.rs")];
                assert!(client.contains(in_client), "{}: {client}", across.case);
            }
            Outcome::Refused(texts) => {
                let e = error_text(&spec.0);
                for text in texts.iter() {
                    assert!(e.contains(text), "{}: {e}", across.case);
                }
                // Once, but for a cycle, told at each entry of it that is a place too.
                if !across.case.contains("cycle") {
                    assert_eq!(e.matches("error: ").count(), 1, "{}: {e}", across.case);
                }
            }
        }
    }
}

#[test]
fn a_cycle_of_request_bodies_is_told_once_with_its_members() {
    let spec = Spec::new(
        "cycle",
        &format!(
            "{HEAD}paths:\n  /a:\n    post:\n      requestBody: {{$ref: '#/components/requestBodies/A'}}\n      responses: {{'204': {{description: ok}}}}\n\
             \x20 /b:\n    post:\n      requestBody: {{$ref: '#/components/requestBodies/B'}}\n      responses: {{'204': {{description: ok}}}}\n\
             components:\n  requestBodies:\n    A: {{$ref: '#/components/requestBodies/B'}}\n    B: {{$ref: '#/components/requestBodies/A'}}\n"
        ),
    );
    let e = error_text(&spec.0);
    assert!(
        e.contains("never reaches a request body: #/components/requestBodies/A, #/components/requestBodies/B"),
        "{e}"
    );
    // At the entry that closes the cycle, once, whichever use found it.
    assert!(
        e.contains("spec.yaml: #/components/requestBodies/B: `#/components/requestBodies/A`"),
        "{e}"
    );
    assert_eq!(e.matches("error: ").count(), 1, "{e}");
}

#[test]
fn a_chain_of_security_schemes_is_followed() {
    let spec = Spec::new(
        "security",
        &format!(
            "{HEAD}security: [{{Key: []}}]\npaths:\n  /a:\n    get:\n      responses: {{'204': {{description: ok}}}}\n\
             components:\n  securitySchemes:\n    Key: {{$ref: '#/components/securitySchemes/Real'}}\n    Real: {{type: apiKey, in: header, name: X-Key}}\n"
        ),
    );
    let output = clientgen::Generator::new(&spec.0)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let client = &output.files[Path::new("src/client.rs")];
    assert!(client.contains("X-Key"), "{client}");
}

#[test]
fn path_items_and_callbacks_are_read_through_chains_of_components() {
    let spec = Spec::new(
        "path-item-chain",
        &format!(
            "{HEAD}paths:
  /a:
    $ref: '#/components/pathItems/A'
  /b:
    post:
      operationId: subscribe
      requestBody:
        content:
          application/json:
            schema: {{type: object, properties: {{hook: {{type: string}}}}}}
      callbacks:
        event:
          $ref: '#/components/callbacks/First'
      responses:
        '200': {{description: ok}}
components:
  pathItems:
    A: {{$ref: '#/components/pathItems/B'}}
    B: {{$ref: '#/components/pathItems/C'}}
    C:
      get:
        operationId: getA
        responses:
          '200': {{description: ok}}
  callbacks:
    First: {{$ref: '#/components/callbacks/Second'}}
    Second:
      '{{$request.body#/hook}}':
        post:
          requestBody:
            content:
              application/json:
                schema: {{type: object, properties: {{kind: {{type: string}}}}}}
          responses:
            '200': {{description: ok}}
"
        )
        .replace("openapi: 3.0.3", "openapi: 3.1.0"),
    );
    let output = clientgen::Generator::new(&spec.0)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let client = &output.files[Path::new("src/client.rs")];
    assert!(client.contains("pub async fn get_a("), "{client}");
    assert!(client.contains("pub async fn subscribe("), "{client}");
    let types = &output.files[Path::new("src/types.rs")];
    assert!(types.contains("pub struct EventPayload"), "{types}");
    assert!(types.contains("pub kind: Option<String>"), "{types}");
}
