//! The pointer of a change comes from the model: a type is placed where it was declared, so a
//! schema renamed by the settings or told apart from another by a number keeps its place.

use crate::Generator;

/// A spec whose `Owner` the settings rename and whose `pet` is told apart from `Pet` as
/// `Pet2`; `extra` is one more property of each.
fn spec(extra: &str) -> String {
    format!(
        "openapi: 3.0.3
info: {{title: pets, version: '1'}}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: the pets
          content:
            application/json:
              schema:
                type: object
                properties:
                  first: {{$ref: '#/components/schemas/Pet'}}
                  second: {{$ref: '#/components/schemas/pet'}}
                  owner: {{$ref: '#/components/schemas/Owner'}}
components:
  schemas:
    Pet:
      type: object
      properties:
        id: {{type: integer}}
    pet:
      type: object
      properties:
        id: {{type: integer}}{extra}
    Owner:
      type: object
      properties:
        name: {{type: string}}{extra}
"
    )
}

#[test]
fn renamed_and_told_apart_schemas_keep_their_component_pointer() {
    let dir = std::env::temp_dir().join(format!("clientgen-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (old, new) = (dir.join("old.yaml"), dir.join("new.yaml"));
    std::fs::write(&old, spec("")).unwrap();
    std::fs::write(&new, spec("\n        age: {type: integer}")).unwrap();
    let report = Generator::new(&new)
        .rename_schema("Owner", "Person")
        .diff_from(&old);
    std::fs::remove_dir_all(&dir).unwrap();
    let text = report.unwrap().to_string();
    for expected in [
        "Person::age optional field added (`Option<i64>`)\n    at #/components/schemas/Owner/properties/age",
        "Pet2::age optional field added (`Option<i64>`)\n    at #/components/schemas/pet/properties/age",
    ] {
        assert!(text.contains(expected), "{expected}\nnot in:\n{text}");
    }
    assert_eq!(text.matches("optional field added").count(), 2, "{text}");
}

#[test]
fn inline_types_are_placed_where_their_schema_is_written() {
    let dir = std::env::temp_dir().join(format!("clientgen-diff-inline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("pets.yaml");
    std::fs::write(&path, spec("")).unwrap();
    let side = super::side_overlaid(&path, &[]);
    std::fs::remove_dir_all(&dir).unwrap();
    let (side, _) = side.unwrap();
    let pointer = |name: &str| side.pointers.get(name).map(String::as_str);
    assert_eq!(pointer("Pet"), Some("#/components/schemas/Pet"));
    assert_eq!(pointer("Pet2"), Some("#/components/schemas/pet"));
    assert_eq!(
        pointer("ListPetsOk"),
        Some("#/paths/~1pets/get/responses/200/content/application~1json/schema")
    );
    assert_eq!(
        pointer("ListPetsError"),
        Some("#/paths/~1pets/get/responses")
    );
}

/// A list operation that becomes paginated (`x-speakeasy-pagination`) gains its `_stream`
/// method: a minor change.
#[test]
fn pagination_added_to_an_operation_is_minor() {
    let spec = |extension: &str| {
        format!(
            "openapi: 3.0.3
info: {{title: pets, version: '1'}}
paths:
  /pets:
    get:
      operationId: listPets{extension}
      parameters:
        - {{name: cursor, in: query, schema: {{type: string}}}}
      responses:
        '200':
          description: a page of pets
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {{type: array, items: {{type: string}}}}
                  next: {{type: string}}
"
        )
    };
    let paged = "
      x-speakeasy-pagination:
        type: cursor
        inputs: [{name: cursor, in: parameters, type: cursor}]
        outputs: {results: $.data, nextCursor: $.next}";
    let dir = std::env::temp_dir().join(format!("clientgen-diff-pages-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (old, new) = (dir.join("old.yaml"), dir.join("new.yaml"));
    std::fs::write(&old, spec("")).unwrap();
    std::fs::write(&new, spec(paged)).unwrap();
    let report = Generator::new(&new).diff_from(&old).unwrap().to_string();
    let back = Generator::new(&old).diff_from(&new).unwrap().to_string();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        report.contains(
            "Client::list_pets_stream method added (every item of every page of `list_pets`)"
        ),
        "{report}"
    );
    assert!(report.ends_with("semver: minor\n"), "{report}");
    assert!(back.ends_with("semver: major\n"), "{back}");
}

/// An operation whose `_stream` switches from its body's events to its pages' items (the spec
/// declares pagination over a body that also streams) keeps the method: one change of
/// behaviour, not the method removed and added again.
#[test]
fn a_stream_that_switches_from_events_to_pages_is_one_change() {
    let spec = |extension: &str| {
        format!(
            "openapi: 3.0.3
info: {{title: pets, version: '1'}}
paths:
  /pets:
    get:
      operationId: listPets{extension}
      parameters:
        - {{name: cursor, in: query, schema: {{type: string}}}}
      responses:
        '200':
          description: a page of pets
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {{type: array, items: {{type: string}}}}
                  next: {{type: string}}
            text/event-stream:
              schema: {{type: string}}
"
        )
    };
    let paged = "
      x-speakeasy-pagination:
        type: cursor
        inputs: [{name: cursor, in: parameters, type: cursor}]
        outputs: {results: $.data, nextCursor: $.next}";
    let dir = std::env::temp_dir().join(format!("clientgen-diff-switch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (old, new) = (dir.join("old.yaml"), dir.join("new.yaml"));
    std::fs::write(&old, spec("")).unwrap();
    std::fs::write(&new, spec(paged)).unwrap();
    let report = Generator::new(&new).diff_from(&old).unwrap().to_string();
    let back = Generator::new(&old).diff_from(&new).unwrap().to_string();
    std::fs::remove_dir_all(&dir).unwrap();
    // Placed where the new client's stream is declared: the pagination, or the response.
    for (text, what, at) in [
        (&report, "the items of its pages instead of events", ""),
        (
            &back,
            "events instead of the items of its pages",
            "/responses",
        ),
    ] {
        let expected = format!(
            "patch: Client::list_pets_stream streams {what}\n    at #/paths/~1pets/get{at}\n"
        );
        assert!(text.contains(&expected), "{expected}\nnot in:\n{text}");
        assert!(
            !text.contains("method added") && !text.contains("method removed"),
            "{text}"
        );
        assert!(text.ends_with("semver: patch\n"), "{text}");
    }
}
