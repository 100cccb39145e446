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
    assert!(client.contains("Error<types::GetNoteNotFound>"), "{client}");
}

#[test]
fn a_request_body_without_a_description_is_no_response() {
    let spec = Spec::new(
        "shape",
        &format!(
            "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200': {{$ref: '#/components/requestBodies/B'}}\n\
             components:\n  requestBodies:\n    B: {{content: {{application/json: {{schema: {{type: string}}}}}}}}\n"
        ),
    );
    let e = error_text(&spec.0);
    assert!(
        e.contains(
            "#/paths/~1a/get/responses/200: `#/components/requestBodies/B` does not name a response"
        ),
        "{e}"
    );
    assert!(
        e.contains("help: refer to an entry of #/components/responses"),
        "{e}"
    );
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
