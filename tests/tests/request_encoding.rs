//! The bytes on the wire for what the style examples table (`style_table.rs`) and the Encoding
//! Object defaults (`multipart.rs`) leave out, with the fixture
//! `tests/fixtures/request_encoding.yaml`: names, keys and values percent-encoded with only
//! RFC 3986's unreserved characters left as they are (unless `allowReserved`), so a value's own
//! `,` is `%2C` while the style's separators stay literal; objects in the path, the query, a
//! header and a cookie; `deepObject`; unset and empty values; `application/x-www-form-urlencoded`
//! bodies in the style of their Encoding Object; multipart parts with an Encoding Object's
//! `contentType` and fixed `headers`.

use crate::support::recorder;

use clientgen_tests::fixtures::request_encoding::Client;
use clientgen_tests::fixtures::request_encoding::types::{
    Filter, SearchParams, SendFormRequest, SendPartsRequest,
};
use recorder::{NO_CONTENT, Recorder, Seen};

fn filter() -> Filter {
    Filter::new("Ann Lee").size("L,XL")
}

async fn one(server: &Recorder) -> Seen {
    let mut seen = server.take();
    assert_eq!(seen.len(), 1, "one request: {seen:?}");
    seen.remove(0)
}

#[tokio::test]
async fn path_parameters_keep_their_separators_and_encode_their_values() {
    let server = Recorder::start(NO_CONTENT).await;
    let client = Client::with_base_url(server.url());
    let ids = vec!["a,b".to_string(), "c/d".to_string()];
    let label = vec!["x".to_string(), "é".to_string()];
    client
        .path_values(&ids, &label, &filter())
        .await
        .expect("sent");
    let seen = one(&server).await;
    assert_eq!(
        seen.path(),
        "/items/a%2Cb,c%2Fd/.x.%C3%A9/;matrix=name,Ann%20Lee,size,L%2CXL"
    );
}

#[tokio::test]
async fn query_header_and_cookie_parameters_follow_their_style() {
    let server = Recorder::start(NO_CONTENT).await;
    let client = Client::with_base_url(server.url());
    let params = SearchParams::default()
        .q("a b&c=d/é+")
        .raw("a/b?c=d,e")
        .filter(filter())
        .spread(Filter::new("n"))
        .deep(filter())
        .tags(vec!["x,y".to_string(), "z".to_string()])
        .x_filter(filter())
        .x_flat(filter())
        .prefs(filter());
    client.search_with(&params).await.expect("sent");
    let seen = one(&server).await;
    assert_eq!(
        seen.query(),
        "q=a%20b%26c%3Dd%2F%C3%A9%2B\
         &raw=a/b?c=d,e\
         &filter=name,Ann%20Lee,size,L%2CXL\
         &name=n\
         &deep%5Bname%5D=Ann%20Lee&deep%5Bsize%5D=L%2CXL\
         &tags=x%2Cy&tags=z"
    );
    assert_eq!(seen.header_values("x-filter"), ["name=Ann Lee,size=L,XL"]);
    assert_eq!(seen.header_values("x-flat"), ["name,Ann Lee,size,L,XL"]);
    assert_eq!(
        seen.header_values("cookie"),
        ["prefs=name%2CAnn%20Lee%2Csize%2CL%2CXL"]
    );

    // Unset parameters send nothing; an empty array is no pair at all.
    let params = SearchParams::default().tags(Vec::<String>::new());
    client.search_with(&params).await.expect("sent");
    let seen = one(&server).await;
    assert_eq!(seen.target(), "/search");
    assert!(seen.header_values("cookie").is_empty());
}

#[tokio::test]
async fn form_bodies_follow_their_encoding_object() {
    let server = Recorder::start(NO_CONTENT).await;
    let client = Client::with_base_url(server.url());
    let body = SendFormRequest::new("Ann Lee & co")
        .tags(vec!["a".to_string(), "b,c".to_string()])
        .flat(vec!["a".to_string(), "b,c".to_string()])
        .pipes(vec!["a".to_string(), "b|c".to_string()])
        .filter(filter())
        .deep(filter());
    client.send_form(&body).await.expect("sent");
    let seen = one(&server).await;
    assert_eq!(
        seen.header_values("content-type"),
        ["application/x-www-form-urlencoded"]
    );
    assert_eq!(
        String::from_utf8_lossy(&seen.body),
        "name=Ann%20Lee%20%26%20co\
         &tags=a&tags=b%2Cc\
         &flat=a,b%2Cc\
         &pipes=a|b%7Cc\
         &name=Ann%20Lee&size=L%2CXL\
         &deep%5Bname%5D=Ann%20Lee&deep%5Bsize%5D=L%2CXL"
    );
}

#[tokio::test]
async fn multipart_parts_take_the_encoding_objects_content_type_and_headers() {
    let server = Recorder::start(NO_CONTENT).await;
    let client = Client::with_base_url(server.url());
    let body =
        SendPartsRequest::new(filter(), "a,b\n1,2", filter()).images(vec![b"\x89PNG".into()]);
    client.send_parts(&body).await.expect("sent");
    let seen = one(&server).await;
    let text = String::from_utf8_lossy(&seen.body);
    let parts: Vec<&str> = text.split("\r\n--").collect();
    // Header names in lower case (reqwest writes `Content-Type`, headers given `x-part`).
    let part = |name: &str| {
        let found = parts
            .iter()
            .find(|p| p.contains(&format!("name=\"{name}\"")))
            .unwrap_or_else(|| panic!("no part {name} in {text}"));
        let (head, body) = found.split_once("\r\n\r\n").unwrap_or((found, ""));
        format!("{}\r\n\r\n{body}", head.to_ascii_lowercase())
    };
    let doc = part("doc");
    assert!(
        doc.contains("\r\ncontent-type: application/vnd.filter+json\r\n")
            && doc.ends_with("{\"name\":\"Ann Lee\",\"size\":\"L,XL\"}"),
        "{doc}"
    );
    let csv = part("csv");
    assert!(
        csv.contains("\r\ncontent-type: text/csv\r\n")
            && csv.contains("\r\nx-part: fixed\r\n")
            && csv.ends_with("a,b\n1,2"),
        "{csv}"
    );
    let filter_part = part("filter");
    assert!(
        filter_part.contains("\r\ncontent-type: application/json\r\n"),
        "{filter_part}"
    );
    let image = part("images");
    assert!(
        image.contains("filename=\"images\"") && image.contains("\r\ncontent-type: image/png\r\n"),
        "{image}"
    );
}
