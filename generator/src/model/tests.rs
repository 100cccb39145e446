//! Unit tests of the model: operations, pruning, usage and settings.

use super::*;
use std::collections::BTreeSet;
use std::path::Path;

fn loaded(yaml: &str) -> Loaded {
    let api = crate::load::load_str(Path::new("spec.yaml"), yaml).unwrap_or_else(|e| panic!("{e}"));
    Loaded {
        api,
        file: "spec.yaml".into(),
        files: Vec::new(),
        warnings: Vec::new(),
        origins: Default::default(),
    }
}

fn model(yaml: &str) -> Api {
    build(&loaded(yaml), &Skip::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn type_names(api: &Api) -> Vec<&str> {
    api.types.iter().map(|t| t.name.as_str()).collect()
}

/// Every type id the model holds names a type it has.
fn ids_are_in_range(api: &mut Api) {
    let len = api.types.len();
    walk::ids_mut_everywhere(api, |id| assert!(id.index() < len, "{id:?} of {len}"));
}

const PETS: &str = "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\npaths:\n\
    \x20 /pets/{id}:\n    get:\n      operationId: getPet\n      tags: [pets]\n\
    \x20     parameters:\n        - {name: id, in: path, required: true, schema: {type: integer}}\n\
    \x20       - {name: verbose, in: query, schema: {type: boolean}}\n\
    \x20     responses:\n\
    \x20       '200': {description: the pet, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}\n\
    \x20       '202': {description: later}\n\
    \x20       '404': {description: none, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}\n\
    \x20 /owners:\n    post:\n      operationId: addOwner\n      tags: [owners]\n\
    \x20     requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Owner'}}}}\n\
    \x20     responses: {'204': {description: stored}}\n\
    components:\n  schemas:\n\
    \x20   Pet: {type: object, properties: {name: {type: string}, tag: {$ref: '#/components/schemas/Tag'}}}\n\
    \x20   Tag: {type: string, enum: [a, b]}\n\
    \x20   Owner: {type: object, properties: {pets: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}\n\
    \x20   Problem: {type: object, properties: {message: {type: string}}}\n\
    \x20   Unused: {type: object, properties: {x: {type: string}}}\n";

#[test]
fn an_operation_keeps_wire_and_rust_names_and_its_outcomes_by_status() {
    let api = model(PETS);
    let op = &api.operations[0];
    assert_eq!(
        (op.name.as_str(), op.method.as_str(), op.path.as_str()),
        ("get_pet", "GET", "/pets/{id}")
    );
    assert_eq!(op.path_params.len(), 1);
    assert_eq!(op.path_params[0].field.ty, Ty::I64);
    let params = op.params.as_ref().expect("a query parameter");
    assert_eq!(params.params[0].field.wire, "verbose");
    assert_eq!(params.params[0].location, Location::Query);
    assert!(op.idempotent && api.retries);
    // A success with a body next to one without: a per-status enum, which holds the
    // statuses with their bodies.
    let Outcome::PerStatus(id) = op.success else {
        panic!("{:?}", op.success)
    };
    let TypeKind::ByStatus(variants) = &api.types[id].kind else {
        panic!("{:?}", api.types[id])
    };
    let statuses: Vec<_> = variants
        .iter()
        .map(|v| (v.status, v.payload.is_some()))
        .collect();
    assert_eq!(
        statuses,
        [
            (StatusMatch::Code(200), true),
            (StatusMatch::Code(202), false)
        ]
    );
    // The errors: the operation's own enum, even with one status.
    assert_eq!(api.types[op.error].name, "GetPetError");
    let TypeKind::ByStatus(errors) = &api.types[op.error].kind else {
        panic!("{:?}", api.types[op.error])
    };
    let errors: Vec<_> = errors
        .iter()
        .map(|v| {
            (
                v.status,
                v.name.as_str(),
                v.payload.as_ref().map(|p| p.media),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [(StatusMatch::Code(404), "NotFound", Some(Media::Json))]
    );
    // Its one parameter besides the path's is optional: `get_pet` takes none.
    assert_eq!(op.with_params.as_deref(), Some("get_pet_with"));
    assert!(!op.takes_params());
    let post = &api.operations[1];
    // No error documented: an empty enum; no parameters: no second method.
    assert!(matches!(&api.types[post.error].kind, TypeKind::ByStatus(v) if v.is_empty()));
    assert_eq!(post.with_params, None);
    assert!(!post.idempotent);
    assert_eq!(
        post.body.as_ref().map(|b| b.media_type.as_str()),
        Some("application/json")
    );
}

#[test]
fn selecting_operations_prunes_the_types_only_others_use() {
    let mut all = model(PETS);
    assert!(type_names(&all).contains(&"Unused"));
    ids_are_in_range(&mut all);
    let selection = Selection {
        tags: BTreeSet::from(["pets".to_string()]),
        operations: BTreeSet::new(),
    };
    let mut api = build_selected(
        &loaded(PETS),
        &Skip::default(),
        &selection,
        &Settings::default(),
    )
    .expect("builds");
    assert_eq!(api.operations.len(), 1);
    let names: BTreeSet<&str> = type_names(&api).into_iter().collect();
    // What `getPet` reaches, through the per-status enum and the pet's fields; not the
    // owner only `addOwner` sends, nor the schema no operation uses.
    for kept in ["Pet", "Tag", "Problem", "GetPetParams", "GetPetResponse"] {
        assert!(names.contains(kept), "{kept} in {names:?}");
    }
    for gone in ["Owner", "Unused"] {
        assert!(!names.contains(gone), "{gone} in {names:?}");
    }
    // Ids are renumbered everywhere, consistently.
    ids_are_in_range(&mut api);
    let Outcome::PerStatus(id) = api.operations[0].success else {
        panic!("per status")
    };
    assert_eq!(api.types[id].name, "GetPetResponse");
}

/// A spec whose streamed items are types of their own, named after a type the selection
/// below leaves out (so every kept id moves down by one).
const STREAMS: &str = "openapi: 3.0.3\ninfo: {title: Streams, version: '1'}\npaths:\n\
    \x20 /aa:\n    get:\n      operationId: getFirst\n      tags: [other]\n\
    \x20     responses: {'200': {description: x, content: {application/json: {schema: {$ref: '#/components/schemas/Aaa'}}}}}\n\
    \x20 /items:\n    get:\n      operationId: listItems\n      tags: [kept]\n\
    \x20     x-speakeasy-pagination: {type: cursor, inputs: [{name: after, in: parameters, type: cursor}], outputs: {results: $.data, nextCursor: $.next}}\n\
    \x20     parameters: [{name: after, in: query, schema: {type: string}}]\n\
    \x20     responses: {'200': {description: x, content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}}}\n\
    \x20 /events:\n    get:\n      operationId: watch\n      tags: [kept]\n\
    \x20     responses: {'200': {description: x, content: {text/event-stream: {schema: {$ref: '#/components/schemas/Event'}}}}}\n\
    components:\n  schemas:\n\
    \x20   Aaa: {type: object, properties: {x: {type: string}}}\n\
    \x20   Event: {type: object, properties: {kind: {type: string}}}\n\
    \x20   Item: {type: object, properties: {id: {type: string}}}\n\
    \x20   Page: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/Item'}}, next: {type: string}}}\n";

#[test]
fn selecting_operations_keeps_and_renumbers_what_streams_read() {
    let selection = Selection {
        tags: BTreeSet::from(["kept".to_string()]),
        operations: BTreeSet::new(),
    };
    let mut api = build_selected(
        &loaded(STREAMS),
        &Skip::default(),
        &selection,
        &Settings::default(),
    )
    .expect("builds");
    let names: BTreeSet<&str> = type_names(&api).into_iter().collect();
    assert!(!names.contains("Aaa"), "{names:?}");
    ids_are_in_range(&mut api);
    let named = |ty: &Ty| match ty {
        Ty::Named(id) => api.types[*id].name.clone(),
        other => panic!("{other:?}"),
    };
    let list = api.operations.iter().find(|op| op.name == "list_items");
    let pages = list.and_then(|op| op.pagination.as_ref()).expect("paged");
    assert_eq!(named(&pages.item), "Item");
    let watch = api.operations.iter().find(|op| op.name == "watch");
    let stream = watch
        .and_then(|op| op.media_stream.as_ref())
        .expect("streamed");
    let StreamKind::Events { item, .. } = &stream.kind else {
        panic!("{:?}", stream.kind)
    };
    // The event's type is read by the stream only, and still kept.
    assert_eq!(named(&item.ty), "Event");
}

#[test]
fn a_binary_property_of_a_multipart_body_is_a_file_part() {
    let yaml = "openapi: 3.0.3\ninfo: {title: Files, version: '1'}\npaths:\n\
        \x20 /upload:\n    post:\n      operationId: upload\n\
        \x20     requestBody: {content: {multipart/form-data: {schema: {$ref: '#/components/schemas/Upload'}}}}\n\
        \x20     responses: {'204': {description: sent}}\n\
        \x20 /json:\n    post:\n      operationId: json\n\
        \x20     requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/FilePart'}}}}\n\
        \x20     responses: {'204': {description: sent}}\n\
        components:\n  schemas:\n\
        \x20   Upload: {type: object, properties: {file: {type: string, format: binary}, \
                 more: {type: array, items: {type: string, format: binary}}, name: {type: string}}}\n\
        \x20   FilePart: {type: object, properties: {raw: {type: string, format: binary}}}\n";
    let api = model(yaml);
    assert!(api.file_part);
    let upload = api
        .types
        .iter()
        .find(|t| t.name == "Upload")
        .expect("Upload");
    let TypeKind::Struct(s) = &upload.kind else {
        panic!("{:?}", upload.kind)
    };
    let tys: Vec<&Ty> = s.fields.iter().map(|f| &f.ty).collect();
    assert_eq!(tys, [&Ty::File, &Ty::Vec(Box::new(Ty::File)), &Ty::String]);
    // The schema named like the file part gives the name up; sent as JSON, its bytes stay bytes.
    let names = type_names(&api);
    assert!(!names.contains(&"FilePart"), "{names:?}");
    let json = api.types.iter().find(|t| t.name.starts_with("FilePart"));
    let TypeKind::Struct(s) = &json.expect("renamed").kind else {
        panic!("a struct")
    };
    assert_eq!(s.fields[0].ty, Ty::Bytes);

    // Without a multipart body, nothing changes: no file part, the schema keeps its name.
    let plain = model(&yaml.replace("multipart/form-data", "application/json"));
    assert!(!plain.file_part);
    assert!(type_names(&plain).contains(&"FilePart"));
}

#[test]
fn a_small_client_derives_both_serde_traits_everywhere() {
    let api = model(PETS);
    assert!(!api.compact_serde);
    assert!(api.serde.iter().all(|s| s.serialize && s.deserialize));
}

#[test]
fn a_large_client_derives_what_each_direction_needs() {
    let mut yaml = PETS.to_string();
    for i in 0..LARGE {
        yaml.push_str(&format!(
            "    Filler{i}: {{type: object, properties: {{x: {{type: string}}}}}}\n"
        ));
    }
    let api = model(&yaml);
    assert!(api.compact_serde);
    let serde_of = |name: &str| {
        let id = api.types.iter().position(|t| t.name == name).expect(name);
        api.serde[id]
    };
    // Sent only: `Serialize`. Received only: `Deserialize`. Both ways: both.
    assert_eq!(
        serde_of("Owner"),
        SerdeUse {
            serialize: true,
            deserialize: false
        }
    );
    assert_eq!(
        serde_of("Problem"),
        SerdeUse {
            serialize: false,
            deserialize: true
        }
    );
    assert_eq!(
        serde_of("Pet"),
        SerdeUse {
            serialize: true,
            deserialize: true
        }
    );
    // Reached by no operation: taken for data the API sends.
    assert_eq!(
        serde_of("Unused"),
        SerdeUse {
            serialize: false,
            deserialize: true
        }
    );
}

#[test]
#[cfg(feature = "workspace")]
fn settings_type_formats_rename_and_keep_the_wrapper_name_free() {
    let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n\
        \x20 /x:\n    get:\n      operationId: getXV2\n\
        \x20     responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Parsed'}}}}}\n\
        components:\n  schemas:\n\
        \x20   Parsed: {type: object, properties: {at: {type: string, format: date-time}, id: {type: string, format: uuid}, day: {type: string, format: date}}}\n";
    let settings = Settings::from_toml(
        "formats = { date-time = \"time\", uuid = \"uuid\" }\n\
         rename-operations = { getXV2 = \"GetX\" }\n\
         rename-properties = { \"Parsed.at\" = \"When\" }\n",
    )
    .expect("valid settings");
    let api = build_selected(
        &loaded(yaml),
        &Skip::default(),
        &Selection::default(),
        &settings,
    )
    .expect("builds");
    // The schema named like the wrapper gives way to it (the operation's error enum is named
    // after the renamed method).
    assert_eq!(type_names(&api), ["Parsed2", "GetXError"]);
    let TypeKind::Struct(s) = &api.types[0].kind else {
        panic!("a struct");
    };
    let fields: Vec<(&str, &Ty)> = s.fields.iter().map(|f| (f.name.as_str(), &f.ty)).collect();
    assert_eq!(
        fields,
        [
            ("when", &Ty::Formatted(TypedFormat::TimeDateTime)),
            ("id", &Ty::Formatted(TypedFormat::Uuid)),
            ("day", &Ty::String),
        ]
    );
    assert_eq!(api.operations[0].name, "get_x");
    // Without settings the schema keeps its name and every format is a string.
    let plain = model(yaml);
    assert_eq!(type_names(&plain), ["Parsed", "GetXv2Error"]);
}

#[test]
fn the_methods_taking_optional_parameters_come_after_every_operation_name() {
    // `listPetsWith` is an operation: `list_pets`'s method with parameters takes the next name,
    // and a required parameter keeps the parameters on the method itself.
    let yaml = "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\npaths:\n\
        \x20 /pets:\n    get:\n      operationId: listPets\n\
        \x20     parameters: [{name: limit, in: query, schema: {type: integer}}]\n\
        \x20     responses: {'200': {description: ok}}\n\
        \x20   post:\n      operationId: listPetsWith\n\
        \x20     parameters: [{name: key, in: header, required: true, schema: {type: string}}]\n\
        \x20     responses: {'200': {description: ok}}\n";
    let api = model(yaml);
    let names: Vec<_> = api
        .operations
        .iter()
        .map(|o| (o.name.as_str(), o.with_params.as_deref(), o.takes_params()))
        .collect();
    assert_eq!(
        names,
        [
            ("list_pets", Some("list_pets_with2"), false),
            ("list_pets_with", None, true)
        ]
    );
    let errors: Vec<_> = api
        .operations
        .iter()
        .map(|o| type_name(&api, o.error))
        .collect();
    assert_eq!(errors, ["ListPetsError", "ListPetsWithError"]);
}

fn type_name(api: &Api, id: TypeId) -> &str {
    &api.types[id].name
}

/// A status of a per-status success that declares headers: its variant holds the struct of
/// its body and headers, which selection keeps with the enum and which is boxed when the
/// body makes it large beside the other statuses.
#[test]
fn a_status_with_headers_holds_its_struct_kept_and_boxed_by_its_size() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n\
        \x20 /things:\n    get:\n      operationId: getThing\n      tags: [things]\n\
        \x20     responses:\n\
        \x20       '200':\n          description: a big thing\n\
        \x20         headers: {ETag: {schema: {type: string}}}\n\
        \x20         content: {application/json: {schema: {$ref: '#/components/schemas/Big'}}}\n\
        \x20       '202': {description: later, content: {application/json: {schema: {type: integer}}}}\n\
        \x20 /others:\n    get:\n      operationId: others\n      tags: [others]\n\
        \x20     responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Other'}}}}}\n\
        components:\n  schemas:\n\
        \x20   Big: {type: object, properties: {a: {type: string}, b: {type: string}, c: {type: string}, \
        d: {type: string}, e: {type: string}, f: {type: string}, g: {type: string}}}\n\
        \x20   Other: {type: object, properties: {z: {type: string}}}\n";
    let selection = Selection {
        tags: BTreeSet::from(["things".to_string()]),
        operations: BTreeSet::new(),
    };
    let mut api = build_selected(
        &loaded(yaml),
        &Skip::default(),
        &selection,
        &Settings::default(),
    )
    .expect("builds");
    ids_are_in_range(&mut api);
    let names: BTreeSet<&str> = type_names(&api).into_iter().collect();
    for kept in ["Big", "GetThingOkResponse", "GetThingResponse"] {
        assert!(names.contains(kept), "{kept} in {names:?}");
    }
    assert!(!names.contains("Other"), "{names:?}");
    let op = &api.operations[0];
    assert!(op.success_headers.is_none());
    let Outcome::PerStatus(id) = op.success else {
        panic!("{:?}", op.success)
    };
    let TypeKind::ByStatus(variants) = &api.types[id].kind else {
        panic!("{:?}", api.types[id])
    };
    let held = variants[0].headers_type().expect("the 200's struct");
    assert_eq!(api.types[held].name, "GetThingOkResponse");
    let TypeKind::WithHeaders(Some(Ty::Named(body)), headers) = &api.types[held].kind else {
        panic!("{:?}", api.types[held])
    };
    assert_eq!(api.types[*body].name, "Big");
    assert_eq!(
        (headers[0].wire.as_str(), headers[0].name.as_str()),
        ("ETag", "e_tag")
    );
    // Seven strings and a header beside an integer: the 200's struct is boxed.
    assert!(variants[0].boxed && !variants[1].boxed, "{variants:?}");
    assert_eq!(variants[1].headers, None);
}

#[test]
fn a_redirect_the_client_follows_leads_to_bytes_and_one_it_does_not_stays_an_error() {
    let spec = |responses: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: R, version: '1'}}\npaths:\n  /r:\n    get:\n      \
             operationId: r\n      responses: {responses}\n"
        )
    };
    let bytes = Outcome::Single(
        Payload {
            ty: Ty::Bytes,
            media: Media::Binary,
        },
        vec![StatusMatch::Code(200)],
    );
    // Followed: the success is what it leads to, read whole or streamed; no `Accept` narrows it.
    for (responses, status) in [
        ("{'302': {description: found}}", StatusMatch::Code(302)),
        (
            "{'308': {description: moved}, default: {description: oops}}",
            StatusMatch::Code(308),
        ),
        ("{'3XX': {description: moved}}", StatusMatch::Range(3)),
    ] {
        let api = model(&spec(responses));
        let op = &api.operations[0];
        assert_eq!(
            (op.redirect, &op.success),
            (Some(status), &bytes),
            "{responses}"
        );
        assert_eq!(op.accept, None, "{responses}");
        let stream = op.media_stream.as_ref().expect("a stream of the bytes");
        assert_eq!(
            (&stream.kind, stream.read_whole),
            (&StreamKind::Bytes, true)
        );
        // The redirect and `default` stay errors.
        let TypeKind::ByStatus(variants) = &api.types[op.error.index()].kind else {
            panic!("an error enum");
        };
        assert!(variants.iter().any(|v| v.status == status), "{responses}");
    }
    // Not followed by a client (`304`, `300`), or beside a success: as the spec says.
    for responses in [
        "{'304': {description: not modified}}",
        "{'300': {description: choose}}",
        "{'204': {description: done}, '302': {description: found}}",
    ] {
        let op = &model(&spec(responses)).operations[0];
        assert_eq!(
            (op.redirect, &op.success),
            (None, &Outcome::Empty),
            "{responses}"
        );
    }
}
