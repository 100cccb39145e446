//! Which operations are paginated, and what is told when a declaration cannot be followed.

use crate::load::{self, Loaded};
use crate::model::{Api, CursorFrom, Next, build};
use crate::skip::Skip;
use std::path::Path;

/// The model of a spec with one `GET /items` operation, `listItems`, whose 200 has `body` (a
/// schema), declaring `extension` (YAML lines under the operation) and taking `params`.
fn model(extension: &str, body: &str) -> Api {
    operation(&format!(
        "{extension}
      parameters:
        - {{name: after, in: query, schema: {{type: string}}}}
        - {{name: offset, in: query, schema: {{type: integer}}}}
      responses:
        '200':
          description: a page
          content:
            application/json:
              schema: {body}
"
    ))
}

/// The model of a spec with one `GET /items` operation, `listItems`, whose YAML lines (under
/// the operation, indented by six spaces) are `lines`.
fn operation(lines: &str) -> Api {
    spec(&format!(
        "  /items:\n    get:\n      operationId: listItems\n{lines}"
    ))
}

/// The model of a spec whose `paths` are `paths` (YAML lines indented by two spaces).
fn spec(paths: &str) -> Api {
    let yaml = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}");
    build(&loaded(&yaml), &Skip::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// `yaml`, loaded as the file `spec.yaml`.
fn loaded(yaml: &str) -> Loaded {
    Loaded {
        api: load::load_str(Path::new("spec.yaml"), yaml).unwrap_or_else(|e| panic!("{e}")),
        file: "spec.yaml".into(),
        files: Vec::new(),
        warnings: Vec::new(),
        origins: Default::default(),
    }
}

const PAGE: &str = "{type: object, properties: {data: {type: array, items: {type: string}}, \
                    next: {type: string}, more: {type: boolean}}}";

fn warnings(api: &Api) -> Vec<String> {
    let told = api.warnings.iter();
    told.map(|w| format!("{}: {}", w.pointer, w.message))
        .collect()
}

#[test]
fn each_extension_reads_into_its_kind_of_next_page() {
    let cursor = model(
        "      x-speakeasy-pagination: {type: cursor, inputs: [{name: after, in: parameters, type: cursor}], outputs: {results: $.data, nextCursor: $.next}}",
        PAGE,
    );
    let pages = cursor.operations[0].pagination.as_ref().expect("paginated");
    assert_eq!(pages.method, "list_items_stream");
    assert!(
        matches!(&pages.next, Next::Cursor { from: CursorFrom::Page(_), input } if input.field == "after")
    );
    // A cursor goes into the method taking every parameter: no private page methods.
    assert_eq!(pages.fetch, None);
    assert!(warnings(&cursor).is_empty(), "{:?}", warnings(&cursor));

    let fern = model(
        "      x-fern-pagination: {offset: $request.offset, results: $response.data, has-next-page: $response.more}",
        PAGE,
    );
    let pages = fern.operations[0].pagination.as_ref().expect("paginated");
    assert!(matches!(&pages.next, Next::Offset { pages: false, .. }));
    assert!(pages.has_more.is_some());

    let ms = model(
        "      x-ms-pageable: {nextLinkName: next, itemName: data}",
        PAGE,
    );
    let pages = ms.operations[0].pagination.as_ref().expect("paginated");
    assert!(matches!(&pages.next, Next::Url(_)));

    let one_page = model("      x-ms-pageable: {nextLinkName: null}", PAGE);
    assert!(one_page.operations[0].pagination.is_none());
    assert!(warnings(&one_page).is_empty());

    let plain = model("", PAGE);
    assert!(plain.operations[0].pagination.is_none());
}

#[test]
fn what_cannot_be_followed_is_a_warning_at_its_pointer() {
    let at = "#/paths/~1items/get/x-speakeasy-pagination";
    let cases = [
        (
            "{type: keyset}",
            format!(
                "{at}/type: the pagination type is `cursor`, `offsetLimit` or `url`, not `keyset`"
            ),
        ),
        (
            "{type: url, outputs: {nextUrl: '$..next'}}",
            format!("{at}/outputs/nextUrl: the JSONPath `$..next` is not a path of properties"),
        ),
        (
            "{type: url, outputs: {results: $.data, nextUrl: $.missing}}",
            format!("{at}: no property `missing` where the path reaches"),
        ),
        (
            "{type: url, outputs: {results: $.next, nextUrl: $.next}}",
            format!("{at}: `$.next` is not an array"),
        ),
        (
            "{type: cursor, inputs: [{name: before, in: parameters, type: cursor}], outputs: {results: $.data, nextCursor: $.next}}",
            format!("{at}: no parameter `before` to send the next page's cursor in"),
        ),
        (
            "{type: cursor, inputs: [{name: after, in: query, type: cursor}]}",
            format!(
                "{at}/inputs/0/in: an input's `in` is `parameters` or `requestBody`, not `query`"
            ),
        ),
        (
            "{type: offsetLimit, inputs: [{name: after, in: parameters, type: offset}], outputs: {results: $.data}}",
            format!("{at}: the input `after` is not an integer"),
        ),
    ];
    for (extension, expected) in cases {
        let api = model(&format!("      x-speakeasy-pagination: {extension}"), PAGE);
        assert!(api.operations[0].pagination.is_none(), "{extension}");
        let expected = format!("{expected}: the operation gets no `_stream` method");
        assert_eq!(warnings(&api), [expected], "{extension}");
    }
}

/// The model of a spec whose `GET /items` (`listItems`) declares a `Link` header on its 200,
/// whose body is `body`, with `schemas` (YAML lines) under `components/schemas`.
fn linked(body: &str, schemas: &str) -> Api {
    answering(&format!(
        "        '200':
          description: a page
          headers:
            Link: {{schema: {{type: string}}}}
          content:
            application/json:
              schema: {body}
components:
  schemas:
{schemas}
"
    ))
}

/// The model of `loaded` with `settings`.
fn linked_with(loaded: &Loaded, settings: &crate::settings::Settings) -> Api {
    let everything = crate::model::Selection::default();
    crate::model::build_selected(loaded, &Skip::default(), &everything, settings)
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_pagination_setting_names_the_items_of_a_link_paged_object() {
    // Two arrays: the `Link` header alone says not which holds the items.
    let body = "{type: object, properties: {commits: {type: array, items: {type: string}}, \
                files: {type: array, items: {type: integer}}}}";
    let unsaid = linked(body, "    unused: {type: string}");
    assert!(unsaid.operations[0].pagination.is_none());
    let yaml = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /items:\n    get:\n\
         \x20     operationId: listItems\n      responses:\n        '200':\n\
         \x20         description: a page\n          headers:\n            Link: {{schema: {{type: string}}}}\n\
         \x20         content:\n            application/json:\n              schema: {body}\n"
    );
    let mut settings = crate::settings::Settings::default();
    settings
        .set_pagination("listItems", "type=link,results=$.files")
        .expect("a setting");
    let api = linked_with(&loaded(&yaml), &settings);
    let pages = api.operations[0].pagination.as_ref().expect("paginated");
    assert!(matches!(&pages.next, Next::Link(_)));
    let steps: Vec<&str> = pages.items.0.iter().map(|s| s.field.as_str()).collect();
    assert_eq!(steps, ["body", "files"]);
    assert_eq!(pages.item, crate::model::Ty::I64);
    assert!(warnings(&api).is_empty(), "{:?}", warnings(&api));

    // Without a `Link` header there is nothing to follow: a warning, no stream.
    let unlinked = yaml.replace("Link:", "X-Total:");
    let api = linked_with(&loaded(&unlinked), &settings);
    assert!(api.operations[0].pagination.is_none());
    assert_eq!(
        warnings(&api),
        [
            "#/paths/~1items/get: the `pagination` setting of `listItems`: the success declares \
          no `Link` header of type string: the operation gets no `_stream` method"
        ]
    );

    // `link` is the setting's word, not Speakeasy's: the extension refuses it.
    let api = model("      x-speakeasy-pagination: {type: link}", PAGE);
    assert!(api.operations[0].pagination.is_none());
    assert!(
        warnings(&api)[0].contains("not `link`"),
        "{:?}",
        warnings(&api)
    );
}

#[test]
fn a_link_paged_object_pages_its_one_array_property_and_no_other_shape() {
    let item = "    item: {type: object, properties: {id: {type: integer}}}";
    // GitHub's wrapped list, through a `$ref` and an `allOf`.
    let wrapped = linked(
        "{$ref: '#/components/schemas/page'}",
        &format!(
            "{item}
    page:
      allOf:
        - {{type: object, required: [total_count], properties: {{total_count: {{type: integer}}}}}}
        - {{type: object, properties: {{runners: {{type: array, items: {{$ref: '#/components/schemas/item'}}}}}}}}"
        ),
    );
    let pages = wrapped.operations[0]
        .pagination
        .as_ref()
        .expect("paginated");
    assert!(matches!(&pages.next, Next::Link(_)));
    let steps: Vec<&str> = pages.items.0.iter().map(|s| s.field.as_str()).collect();
    assert_eq!(steps, ["body", "runners"]);
    assert!(matches!(pages.item, crate::model::Ty::Named(_)));
    assert!(warnings(&wrapped).is_empty(), "{:?}", warnings(&wrapped));

    // An array named in the components (an alias) is the page's items itself.
    let alias = linked(
        "{$ref: '#/components/schemas/list'}",
        &format!("{item}\n    list: {{type: array, items: {{type: string}}}}"),
    );
    let pages = alias.operations[0].pagination.as_ref().expect("paginated");
    let steps: Vec<&str> = pages.items.0.iter().map(|s| s.field.as_str()).collect();
    assert_eq!(steps, ["body"]);

    // Plain values beside the array, an enum among them: still a wrapped list.
    let selection = linked(
        "{type: object, properties: {repository_selection: {type: string, enum: [all, selected]}, \
         total_count: {type: integer}, repositories: {type: array, items: {type: string}}}}",
        item,
    );
    let pages = selection.operations[0]
        .pagination
        .as_ref()
        .expect("paginated");
    let steps: Vec<&str> = pages.items.0.iter().map(|s| s.field.as_str()).collect();
    assert_eq!(steps, ["body", "repositories"]);

    // No array property, or two, or an object beside the array (a resource GitHub also sends
    // a `Link` for): which holds the items is not said; no stream, no warning.
    for body in [
        "{type: object, properties: {total_count: {type: integer}, name: {type: string}}}",
        "{type: object, properties: {id: {type: integer}, owner: {$ref: '#/components/schemas/item'}, \
         public_ips: {type: array, items: {type: string}}}}",
        "{type: object, properties: {commits: {type: array, items: {type: string}}, \
         files: {type: array, items: {type: string}}}}",
    ] {
        let api = linked(body, item);
        assert!(api.operations[0].pagination.is_none(), "{body}");
        assert!(warnings(&api).is_empty(), "{body}: {:?}", warnings(&api));
    }
}

#[test]
fn the_pagination_setting_of_every_operation_pages_those_of_its_shape() {
    let yaml = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /customers:
    get:
      operationId: listCustomers
      parameters: [{name: starting_after, in: query, schema: {type: string}}]
      responses:
        '200': {description: a page, content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}}
  /customers/{id}:
    get:
      operationId: getCustomer
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
  /charges:
    get:
      parameters: [{name: starting_after, in: query, schema: {type: string}}]
      responses:
        '200': {description: a page, content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}}
  /events:
    get:
      operationId: listEvents
      x-speakeasy-pagination: {type: offsetLimit, inputs: [{name: offset, in: parameters, type: offset}], outputs: {results: $.data}}
      parameters: [{name: offset, in: query, schema: {type: integer}}, {name: starting_after, in: query, schema: {type: string}}]
      responses:
        '200': {description: a page, content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}}
components:
  schemas:
    Item: {type: object, required: [id], properties: {id: {type: string}}}
    Page: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/Item'}}, has_more: {type: boolean}}}
";
    let loaded = loaded(yaml);
    let with = |pages: &str| {
        let mut settings = crate::settings::Settings::default();
        settings.set_pagination("*", pages).expect("a setting");
        linked_with(&loaded, &settings)
    };
    let api = with("type=cursor,cursor=starting_after,nextCursor=$.data[-1:].id,results=$.data");
    let paged = |api: &Api, name: &str| {
        let op = api.operations.iter().find(|op| op.name == name);
        op.expect(name).pagination.as_ref().map(|p| p.next.clone())
    };
    // Both lists, the one without an operation id too; the single resource is not of the
    // shape and is left alone, unsaid; the extension of `listEvents` comes first.
    for list in ["list_customers", "get_charges"] {
        assert!(
            matches!(
                paged(&api, list),
                Some(Next::Cursor {
                    from: CursorFrom::LastItem(_),
                    ..
                })
            ),
            "{list}"
        );
    }
    assert_eq!(paged(&api, "get_customer"), None);
    assert!(matches!(
        paged(&api, "list_events"),
        Some(Next::Offset { .. })
    ));
    assert!(warnings(&api).is_empty(), "{:?}", warnings(&api));

    // A setting that fits no operation says so, once.
    let none = with("type=cursor,cursor=page_token,nextCursor=$.next,results=$.items");
    assert_eq!(
        warnings(&none),
        [
            "#/paths: the `pagination` setting of every operation: no operation has the \
          parameters and response it names"
        ]
    );
    // One that cannot be read is told once, not for every operation.
    let unread = with("type=cursor,nextCursor=$.next");
    assert_eq!(warnings(&unread).len(), 1, "{:?}", warnings(&unread));
    assert!(warnings(&unread)[0].contains("no input of type `cursor`"));
}

/// The model of `GET /items` (`listItems`) answering `responses` (YAML lines under
/// `responses`, indented by eight spaces).
fn answering(responses: &str) -> Api {
    operation(&format!("      responses:\n{responses}"))
}

const LIST_WITH_LINK: &str = "        '200':
          description: a page
          headers:
            Link: {schema: {type: string}}
          content:
            application/json:
              schema: {type: array, items: {type: string}}
";

#[test]
fn a_list_beside_statuses_without_a_body_is_paged_by_the_link_of_its_status() {
    use crate::model::{Outcome, Ty, TypeKind};
    // GitHub's contributors: 200 a list with `Link`, 204 nothing.
    let api = answering(&format!(
        "{LIST_WITH_LINK}        '204':\n          description: empty\n"
    ));
    let op = &api.operations[0];
    let pages = op.pagination.as_ref().expect("paginated");
    assert_eq!(pages.method, "list_items_stream");
    assert_eq!(pages.variant.as_deref(), Some("Ok"));
    assert_eq!(pages.item, Ty::String);
    let fields = |access: &crate::model::Access| -> Vec<String> {
        access.0.iter().map(|s| s.field.clone()).collect()
    };
    assert_eq!(fields(&pages.items), ["body"]);
    assert!(matches!(&pages.next, Next::Link(access) if fields(access) == ["link"]));
    assert!(warnings(&api).is_empty(), "{:?}", warnings(&api));
    // The 200 holds its struct of body and headers; the 204 nothing.
    let Outcome::PerStatus(id) = op.success else {
        panic!("{:?}", op.success)
    };
    let TypeKind::ByStatus(variants) = &api.types[id].kind else {
        panic!("{:?}", api.types[id])
    };
    let headers = variants[0].headers_type().expect("the 200's headers");
    assert_eq!(api.types[headers].name, "ListItemsOkResponse");
    let TypeKind::WithHeaders(Some(Ty::Vec(_)), fields) = &api.types[headers].kind else {
        panic!("{:?}", api.types[headers])
    };
    assert_eq!(fields[0].wire, "Link");
    assert_eq!(
        (variants[1].name.as_str(), &variants[1].headers),
        ("NoContent", &None)
    );
    assert!(op.success_headers.is_none());
}

#[test]
fn a_link_on_a_status_without_the_list_or_beside_another_body_pages_nothing() {
    // The `Link` on the 204, not on the list's 200.
    let api = answering(
        "        '200':
          description: a page
          content:
            application/json:
              schema: {type: array, items: {type: string}}
        '204':
          description: empty
          headers:
            Link: {schema: {type: string}}
",
    );
    assert_eq!(api.operations[0].pagination, None);
    assert!(warnings(&api).is_empty(), "{:?}", warnings(&api));
    // Two statuses with a body: which one holds the page is not said.
    let api = answering(&format!(
        "{LIST_WITH_LINK}        '202':
          description: later
          content:
            application/json:
              schema: {{type: object, properties: {{eta: {{type: integer}}}}}}
"
    ));
    assert_eq!(api.operations[0].pagination, None);
    assert!(warnings(&api).is_empty(), "{:?}", warnings(&api));
}

#[test]
fn pages_named_by_urls_share_two_private_methods_named_after_every_public_one() {
    // `itemsList` is paged by its `Link` header; `itemsListUrl` and `itemsListAt`, two
    // operations of the spec, already have the names its private methods would take.
    let mut api = spec(&format!(
        "  /items:
    get:
      operationId: itemsList
      tags: [items]
      responses:
{LIST_WITH_LINK}  /url:
    get:
      operationId: itemsListUrl
      tags: [items]
      responses:
        '204': {{description: none}}
    post:
      operationId: itemsListAt
      tags: [items]
      responses:
        '204': {{description: none}}
"
    ));
    let pages = api.operations[0].pagination.as_ref().expect("paginated");
    let fetch = pages.fetch.as_ref().expect("named by URLs");
    assert_eq!(
        (fetch.url.as_str(), fetch.at.as_str()),
        ("items_list_url2", "items_list_at2")
    );
    // The other operations keep their names, and have no pages.
    let names: Vec<&str> = api.operations.iter().map(|op| op.name.as_str()).collect();
    assert_eq!(names, ["items_list", "items_list_url", "items_list_at"]);
    assert!(api.operations[1].pagination.is_none());

    // On the group `items`, the methods are `list`, `list_url` and `list_at`: the pages'
    // methods come after them there too.
    api.group_by_tag();
    let groups = api.groups.as_ref().expect("grouped");
    assert_eq!(groups.methods, ["list", "list_url", "list_at"]);
    let fetch = groups.fetch_methods[0].as_ref().expect("named by URLs");
    assert_eq!(
        (fetch.url.as_str(), fetch.at.as_str()),
        ("list_url2", "list_at2")
    );
    assert_eq!(groups.fetch_methods[1..], [None, None]);
}
