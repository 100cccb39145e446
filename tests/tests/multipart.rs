//! The Encoding Object's defaults as an oracle of multipart bodies.
//!
//! OpenAPI 3.0.3, "Encoding Object" (`contentType`): "The default value depends on the property
//! type: for `string` with `format` being `binary` – `application/octet-stream`; for other
//! primitive types – `text/plain`; for `object` - `application/json`; for `array` – the default
//! is defined based on the inner type." And "Special Considerations for multipart Content": each
//! array item is a part of its own, with the property's name. RFC 7578 (4.4) makes `text/plain`
//! the default of a part without a `Content-Type`, so for primitives no header is right too;
//! file content is sent with a `filename` (RFC 7578 4.2: "SHOULD", and what servers look for to
//! tell a file from a field).
//!
//! The fixture `tests/fixtures/multipart_encoding.yaml` has one part per kind of value and a body
//! whose parts are all optional. The client sends to a loopback server that records the raw
//! body, which `multer` (a real multipart parser) reads back. Like `style_table.rs`, what is wrong
//! today is listed in `KNOWN_WRONG` with what is found instead; the list can only shrink.

use crate::support::recorder;

use clientgen_tests::fixtures::multipart_encoding::Client;
use clientgen_tests::fixtures::multipart_encoding::types::{
    UploadOptionalRequest, UploadRequest, UploadRequestMeta,
};
use recorder::{NO_CONTENT, Recorder, Seen};

/// Checks that fail today, each with what is found instead. Only ever remove entries.
const KNOWN_WRONG: &[(&str, &str)] = &[];

/// One part as parsed.
#[derive(Debug)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    /// The part's headers other than `Content-Disposition` and `Content-Type`, lowercase.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// The parts of a multipart request, or the parser's error.
async fn parse(seen: &Seen) -> Result<Vec<Part>, String> {
    let content_type = seen.header_values("content-type").join(",");
    let boundary = multer::parse_boundary(&content_type).map_err(|e| format!("{e}"))?;
    let body = bytes::Bytes::from(seen.body.clone());
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    loop {
        match multipart.next_field().await {
            Ok(None) => return Ok(parts),
            Err(e) => return Err(format!("{e}")),
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_string();
                let file_name = field.file_name().map(str::to_string);
                let content_type = field.content_type().map(|m| m.to_string());
                let headers = field
                    .headers()
                    .iter()
                    .filter(|(n, _)| *n != "content-disposition" && *n != "content-type")
                    .map(|(n, v)| {
                        (
                            n.as_str().to_string(),
                            String::from_utf8_lossy(v.as_bytes()).into_owned(),
                        )
                    })
                    .collect();
                let body = field.bytes().await.map_err(|e| format!("{e}"))?.to_vec();
                parts.push(Part {
                    name,
                    file_name,
                    content_type,
                    headers,
                    body,
                });
            }
        }
    }
}

/// The results of the checks: (check, what is found if it fails).
type Checks = Vec<(String, Option<String>)>;

fn check(checks: &mut Checks, name: &str, ok: bool, found: impl std::fmt::Debug) {
    checks.push((name.to_string(), (!ok).then(|| format!("{found:?}"))));
}

#[tokio::test]
async fn multipart_bodies_follow_the_encoding_defaults() {
    let server = Recorder::start(NO_CONTENT).await;
    let client = Client::with_base_url(server.url());
    let mut checks = Checks::new();

    let body = UploadRequest::new(
        "blue",
        7,
        true,
        b"\x00\x01bytes".to_vec(),
        UploadRequestMeta::default().name("n"),
        vec!["a".to_string(), "b".to_string()],
        b"\x89PNG".to_vec(),
    );
    let sent = client.upload(&body).await;
    check(
        &mut checks,
        "upload: the call succeeds",
        sent.is_ok(),
        &sent,
    );
    let seen = server.take();
    let parts = match seen.as_slice() {
        [seen] => parse(seen).await,
        other => Err(format!("{} requests", other.len())),
    };
    check(
        &mut checks,
        "upload: the body parses",
        parts.is_ok(),
        &parts,
    );
    let parts = parts.unwrap_or_default();
    let named = |name: &str| parts.iter().filter(|p| p.name == name).collect::<Vec<_>>();
    let text_type = |p: &Part| matches!(p.content_type.as_deref(), None | Some("text/plain"));

    for (name, value) in [("text", "blue"), ("number", "7"), ("flag", "true")] {
        let found = named(name);
        let shown: Vec<_> = found.iter().map(|p| (&p.content_type, &p.body)).collect();
        check(
            &mut checks,
            &format!("upload: {name} is one text/plain part {value:?}"),
            found.len() == 1 && text_type(found[0]) && found[0].body == value.as_bytes(),
            shown,
        );
    }
    for (name, content_type, value) in [
        (
            "file",
            "application/octet-stream",
            body.file.as_bytes().unwrap_or_default(),
        ),
        (
            "picture",
            "image/png",
            body.picture.as_bytes().unwrap_or_default(),
        ),
    ] {
        let found = named(name);
        let shown: Vec<_> = found.iter().map(|p| &p.content_type).collect();
        check(
            &mut checks,
            &format!("upload: {name} is one {content_type} part"),
            found.len() == 1 && found[0].content_type.as_deref() == Some(content_type),
            shown,
        );
        let shown: Vec<_> = found.iter().map(|p| &p.file_name).collect();
        check(
            &mut checks,
            &format!("upload: {name} has a filename"),
            found.len() == 1 && found[0].file_name.is_some(),
            shown,
        );
        check(
            &mut checks,
            &format!("upload: {name} holds the bytes given"),
            found.len() == 1 && found[0].body == value,
            found.first().map(|p| &p.body),
        );
    }
    // The Encoding Object's `headers`: the one whose schema fixes its value is sent on the
    // part; the open one is not (a decision, see the README); `contentType` wins over a
    // `Content-Type` header (OpenAPI: "Content-Type is described separately").
    let picture = named("picture");
    let shown: Vec<_> = picture.iter().map(|p| &p.headers).collect();
    check(
        &mut checks,
        "upload: picture carries its fixed header X-Origin: camera and no other",
        picture.len() == 1
            && picture[0].headers == [("x-origin".to_string(), "camera".to_string())],
        shown,
    );
    let file = named("file");
    let shown: Vec<_> = file.iter().map(|p| &p.headers).collect();
    check(
        &mut checks,
        "upload: a part without an Encoding Object has no other header",
        file.len() == 1 && file[0].headers.is_empty(),
        shown,
    );
    let meta = named("meta");
    let shown: Vec<_> = meta.iter().map(|p| &p.content_type).collect();
    check(
        &mut checks,
        "upload: meta is one application/json part",
        meta.len() == 1 && meta[0].content_type.as_deref() == Some("application/json"),
        shown,
    );
    let json: Vec<Option<serde_json::Value>> = meta
        .iter()
        .map(|p| serde_json::from_slice(&p.body).ok())
        .collect();
    check(
        &mut checks,
        "upload: meta holds the object as JSON",
        json == [Some(serde_json::json!({"name": "n"}))],
        &json,
    );
    let tags = named("tags");
    let shown: Vec<_> = tags.iter().map(|p| (&p.content_type, &p.body)).collect();
    check(
        &mut checks,
        "upload: tags is one text/plain part per item",
        tags.len() == 2
            && tags.iter().all(|p| text_type(p))
            && tags[0].body == b"a"
            && tags[1].body == b"b",
        shown,
    );

    // Every part optional and none set: still a multipart body, with its closing delimiter.
    let sent = client
        .upload_optional(&UploadOptionalRequest::default())
        .await;
    check(
        &mut checks,
        "upload_optional: the call succeeds",
        sent.is_ok(),
        &sent,
    );
    let seen = server.take();
    let parts = match seen.as_slice() {
        [seen] => parse(seen).await.map(|p| p.len()),
        other => Err(format!("{} requests", other.len())),
    };
    let raw = seen
        .first()
        .map(|s| String::from_utf8_lossy(&s.body).into_owned());
    check(
        &mut checks,
        "upload_optional: no part set is an empty multipart body that parses",
        parts == Ok(0),
        (&parts, &raw),
    );

    let mut failures = Vec::new();
    for (name, found) in &checks {
        let known = KNOWN_WRONG.iter().find(|(n, _)| n == name).map(|(_, f)| *f);
        match (found, known) {
            (None, None) => {}
            (None, Some(_)) => {
                failures.push(format!("{name} holds now: remove it from KNOWN_WRONG"))
            }
            (Some(found), None) => failures.push(format!("{name}: FAILS, found {found}")),
            (Some(found), Some(known)) if found != known => failures.push(format!(
                "{name}: still fails but differently: found {found}, KNOWN_WRONG says {known}: \
                 update KNOWN_WRONG"
            )),
            (Some(_), Some(_)) => {}
        }
    }
    for (name, _) in KNOWN_WRONG {
        if !checks.iter().any(|(n, _)| n == name) {
            failures.push(format!(
                "{name} is no check any more: remove it from KNOWN_WRONG"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
