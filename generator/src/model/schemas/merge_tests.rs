//! Unit tests of `allOf` merged at every depth (`merge.rs`): minimal specs of each shape.

use crate::model::{Api, Ty, TypeDef, TypeKind, build};
use crate::skip::Skip;
use std::path::Path;

/// The model of a spec with `schemas` (YAML, indented under `schemas:`) and one operation
/// returning the schema `Root`.
fn model(schemas: &str) -> Result<Api, crate::diagnostics::Diagnostics> {
    let yaml = format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /r:\n    get:\n      \
         operationId: getRoot\n      responses:\n        '200':\n          description: ok\n\
         \x20         content: {{application/json: {{schema: {{$ref: '#/components/schemas/Root'}}}}}}\n\
         components:\n  schemas:\n{schemas}"
    );
    let api = crate::load::load_str(Path::new("spec.yaml"), &yaml).expect("the spec loads");
    let loaded = crate::load::Loaded {
        api,
        file: "spec.yaml".into(),
        files: Vec::new(),
        warnings: Vec::new(),
        origins: Default::default(),
    };
    build(&loaded, &Skip::default())
}

fn def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    (api.types.iter().find(|t| t.name == name))
        .unwrap_or_else(|| panic!("no type {name} in {:?}", names(api)))
}

fn names(api: &Api) -> Vec<&str> {
    api.types.iter().map(|t| t.name.as_str()).collect()
}

/// The fields of struct `name`: wire name, type (named types by name), required, nullable.
fn fields(api: &Api, name: &str) -> Vec<(String, String, bool, bool)> {
    let TypeKind::Struct(s) = &def(api, name).kind else {
        panic!("{name} is no struct: {:?}", def(api, name))
    };
    (s.fields.iter())
        .map(|f| {
            (
                f.wire.clone(),
                shown(api, &f.ty),
                f.presence.required(),
                f.presence.nullable(),
            )
        })
        .collect()
}

fn shown(api: &Api, ty: &Ty) -> String {
    match ty {
        Ty::Named(id) => api.types[*id].name.clone(),
        Ty::Vec(inner) => format!("Vec<{}>", shown(api, inner)),
        Ty::Map(inner) => format!("Map<{}>", shown(api, inner)),
        Ty::Nullable(inner) => format!("Option<{}>", shown(api, inner)),
        other => format!("{other:?}"),
    }
}

fn field(wire: &str, ty: &str, required: bool, nullable: bool) -> (String, String, bool, bool) {
    (wire.to_string(), ty.to_string(), required, nullable)
}

/// A second member refining array items two levels down, through references: every
/// property of the first member's items is kept, and no type is made of the partial items.
#[test]
fn two_members_merge_through_references_and_array_items() {
    let api = model(
        "    Set: {type: object, required: [id], properties: {id: {type: string}, rules: {type: array, items: {$ref: '#/components/schemas/Rule'}}}}
    Rule: {type: object, properties: {label: {type: string}, actions: {type: object}}}
    Action: {type: object, properties: {to: {type: string}}}
    Root:
      allOf:
        - {type: object, properties: {sets: {type: array, items: {$ref: '#/components/schemas/Set'}}}}
        - type: object
          properties:
            sets: {type: array, items: {type: object, properties: {rules: {type: array, items: {properties: {actions: {$ref: '#/components/schemas/Action'}}}}}}}
",
    )
    .expect("builds");
    assert_eq!(
        fields(&api, "Root"),
        [field("sets", "Vec<RootSetsItem>", false, false)]
    );
    assert_eq!(
        fields(&api, "RootSetsItem"),
        [
            field("id", "String", true, false),
            field("rules", "Vec<RootSetsItemRulesItem>", false, false)
        ]
    );
    assert_eq!(
        fields(&api, "RootSetsItemRulesItem"),
        [
            field("label", "String", false, false),
            field("actions", "Action", false, false)
        ]
    );
    assert_eq!(
        names(&api),
        [
            "Set",
            "Rule",
            "Action",
            "Root",
            "RootSetsItem",
            "RootSetsItemRulesItem",
            "GetRootError"
        ]
    );
}

/// Three members adding to one nested object: properties in the order first defined,
/// `required` unioned, `null` only where every member that types the value allows it,
/// the later doc, an enum over a plain string.
#[test]
fn three_members_merge_a_nested_object() {
    let api = model(
        "    Root:
      allOf:
        - {type: object, properties: {meta: {type: object, properties: {a: {type: string, nullable: true}, b: {type: string, nullable: true}}}}}
        - {type: object, properties: {meta: {type: object, required: [a], properties: {a: {type: string, nullable: true}, b: {type: string}}}}}
        - {type: object, properties: {meta: {type: object, properties: {c: {type: string, enum: [x, y]}, a: {type: string, nullable: true, description: Later.}, b: {description: Only a doc.}}}}}
",
    )
    .expect("builds");
    assert_eq!(
        fields(&api, "RootMeta"),
        [
            field("a", "String", true, true),
            field("b", "String", false, false),
            field("c", "RootMetaC", false, false)
        ]
    );
    let TypeKind::Struct(meta) = &def(&api, "RootMeta").kind else {
        unreachable!()
    };
    let docs: Vec<_> = meta.fields.iter().map(|f| f.doc.as_deref()).collect();
    assert_eq!(docs, [Some("Later."), Some("Only a doc."), None]);
}

/// The values of a map, and the items of an `allOf` of arrays, are merged too.
#[test]
fn map_values_and_top_level_array_items_merge() {
    let api = model(
        "    Label: {type: object, properties: {name: {type: string}}}
    Labels: {type: array, items: {$ref: '#/components/schemas/Label'}}
    Root:
      type: object
      properties:
        labels: {type: object, additionalProperties: {$ref: '#/components/schemas/Label'}}
        list:
          allOf:
            - $ref: '#/components/schemas/Labels'
            - {type: array, items: {properties: {color: {type: string}}}}
      allOf:
        - {type: object, properties: {labels: {additionalProperties: {properties: {color: {type: string}}}}}}
",
    )
    .expect("builds");
    let by_wire: Vec<_> = fields(&api, "Root")
        .into_iter()
        .map(|(wire, ty, _, _)| (wire, ty))
        .collect();
    assert_eq!(
        by_wire,
        [
            ("labels".to_string(), "Map<RootLabelsValue>".to_string()),
            ("list".to_string(), "RootList".to_string())
        ]
    );
    let TypeKind::Alias(list) = &def(&api, "RootList").kind else {
        panic!("{:?}", def(&api, "RootList"))
    };
    assert_eq!(shown(&api, list), "Vec<RootListItem>");
    for merged in ["RootLabelsValue", "RootListItem"] {
        let wires: Vec<_> = fields(&api, merged).into_iter().map(|f| f.0).collect();
        assert_eq!(wires.len(), 2, "{merged}: {wires:?}");
    }
}

/// A definition that holds every other one is the value's type as it is: a use of a schema
/// beside the same use with a description is that schema.
#[test]
fn a_definition_holding_the_others_is_kept() {
    let api = model(
        "    Pet: {type: object, properties: {name: {type: string}}}
    Root:
      allOf:
        - {type: object, properties: {pet: {$ref: '#/components/schemas/Pet'}}}
        - {type: object, properties: {pet: {allOf: [{$ref: '#/components/schemas/Pet'}], description: The pet.}}}
",
    )
    .expect("builds");
    assert_eq!(fields(&api, "Root"), [field("pet", "Pet", false, false)]);
    assert_eq!(names(&api), ["Pet", "Root", "GetRootError"]);
}

/// Definitions no value satisfies together are an error at the later, naming the earlier.
#[test]
fn disagreeing_definitions_are_an_error_with_both_pointers() {
    let problems = model(
        "    Root:
      allOf:
        - {type: object, properties: {a: {type: string}, b: {type: object}, c: {type: string, enum: [x, y]}}}
        - {type: object, properties: {a: {type: integer}, b: {type: array}, c: {type: string, enum: [y, z]}}}
",
    )
    .expect_err("the members disagree");
    let told: Vec<(&str, &str)> = (problems.iter())
        .map(|d| (d.pointer.as_str(), d.message.as_str()))
        .collect();
    let base = "#/components/schemas/Root/allOf";
    assert_eq!(told.len(), 2, "{told:?}");
    assert_eq!(told[0].0, format!("{base}/1/properties/a"));
    assert!(
        told[0]
            .1
            .contains(&format!("`{base}/0/properties/a` says a string")),
        "{told:?}"
    );
    assert_eq!(told[1].0, format!("{base}/1/properties/b"));
    assert!(told[1].1.contains("an array"), "{told:?}");
    // Two enums with a value in common merge (`y`).
}

/// The members of a union merged into one struct are alternatives: their definitions of one
/// property do not disagree (the most precise is taken).
#[test]
fn union_members_are_alternatives_not_a_conjunction() {
    let api = model(
        "    Root:
      type: object
      properties: {id: {type: string}}
      anyOf:
        - {type: object, properties: {status: {type: string, enum: [done]}}}
        - {type: object, properties: {status: {type: string, enum: [failed, retry]}}}
",
    )
    .expect("builds");
    let wires: Vec<_> = fields(&api, "Root").into_iter().map(|f| f.0).collect();
    assert_eq!(wires, ["id", "status"]);
}
