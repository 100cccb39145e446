//! The runtime every client's `client` module shares: the private methods of `Client` that
//! operations send through, the types they name, and the free helpers the operation methods
//! call by name (a function for each `naming::reserved::Helper`). The generator takes the items
//! by name, each only when the client calls it (the import below serves this file's own check,
//! `check.rs`), and adapts two to the client: without a retry policy, `retryable` is dropped
//! from `call` and `call_empty` and `send` is the one of `send_once.rs`; without an API key in
//! the query, `receive` keeps no `transport` and maps its errors with `Error::Transport`, and
//! with some, `KEYS` lists them.
//!
//! rustfmt leaves this file as it is written (`check.rs`): it would put a closure's body that
//! does not fit on one line in braces, which the generated code would then show too.

use super::{Client, Error, retry};

/// A response: status, headers and the whole body.
type Received = (reqwest::StatusCode, reqwest::header::HeaderMap, Vec<u8>);

/// Reads the body of an error status (its code) into the operation's error enum: `None` for
/// a status the spec does not document.
type ErrorReader<E> = fn(u16, &[u8]) -> Option<Result<E, serde_json::Error>>;

impl Client {
    fn request(&self, method: reqwest::Method, url: &str) -> reqwest::RequestBuilder {
        self.http.request(method, url).timeout(self.timeout)
    }

    /// Sends a request and reads the answer. With a retry policy set and `retryable` (the
    /// operation is safe to repeat), a `429`, a `5xx` or a failure to connect is retried.
    async fn send<E>(
        &self,
        request: reqwest::RequestBuilder,
        retryable: bool,
    ) -> Result<Received, Error<E>> {
        let mut attempt = 0;
        loop {
            let policy = self.retry.filter(|_| retryable);
            let copy = policy.and_then(|_| request.try_clone());
            let (Some(policy), Some(copy)) = (policy, copy) else {
                return self.receive(request).await;
            };
            let outcome = self.receive::<E>(copy).await;
            let retry_after = match &outcome {
                Ok(received) if retry::retryable_status(received.0) => {
                    retry::retry_after(&received.1)
                }
                Err(Error::Transport(e)) if e.is_connect() => None,
                _ => return outcome,
            };
            let Some(delay) = policy.delay(attempt, retry_after) else {
                return outcome;
            };
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// Sends a request whose success is a JSON `T`; `error` reads the body of an error
    /// status into the operation's error enum.
    async fn call<T: serde::de::DeserializeOwned, E>(
        &self,
        request: reqwest::RequestBuilder,
        retryable: bool,
        error: ErrorReader<E>,
    ) -> Result<T, Error<E>> {
        let (status, _, bytes) = self.send(request, retryable).await?;
        if status.is_success() {
            return decode(status, &bytes);
        }
        let body = error(status.as_u16(), &bytes).transpose();
        let body = body.map_err(|source| Error::UnexpectedBody {
            status,
            text: String::from_utf8_lossy(&bytes).into_owned(),
            source,
        })?;
        Err(api_error(status, body, &bytes))
    }

    /// Like `call`, for a success without a body.
    async fn call_empty<E>(
        &self,
        request: reqwest::RequestBuilder,
        retryable: bool,
        error: ErrorReader<E>,
    ) -> Result<(), Error<E>> {
        let (status, _, bytes) = self.send(request, retryable).await?;
        if status.is_success() {
            return Ok(());
        }
        let body = error(status.as_u16(), &bytes).transpose();
        let body = body.map_err(|source| Error::UnexpectedBody {
            status,
            text: String::from_utf8_lossy(&bytes).into_owned(),
            source,
        })?;
        Err(api_error(status, body, &bytes))
    }

    /// Sends once, after the hooks, and reads the whole body, up to `max_body_size` bytes.
    async fn receive<E>(&self, request: reqwest::RequestBuilder) -> Result<Received, Error<E>> {
        /// A transport error whose URL shows the API key as `redacted`.
        fn transport<E>(mut error: reqwest::Error) -> Error<E> {
            const KEYS: &[&str] = &["api_key"];
            if let Some(url) = error.url_mut() {
                if url
                    .query_pairs()
                    .any(|(name, _)| KEYS.contains(&name.as_ref()))
                {
                    let pairs: Vec<(String, String)> = url
                        .query_pairs()
                        .map(|(name, value)| {
                            let value = if KEYS.contains(&name.as_ref()) {
                                "redacted".into()
                            } else {
                                value.into_owned()
                            };
                            (name.into_owned(), value)
                        })
                        .collect();
                    url.query_pairs_mut().clear().extend_pairs(pairs);
                }
            }
            Error::Transport(error)
        }
        let mut request = request.build().map_err(transport)?;
        for hook in &self.hooks {
            hook(&mut request).map_err(|source| Error::Hook { source })?;
        }
        let mut response = self.http.execute(request).await.map_err(transport)?;
        let status = response.status();
        let limit = self.max_body_size;
        if response
            .content_length()
            .is_some_and(|length| length > limit as u64)
        {
            return Err(Error::BodyTooLarge { status, limit });
        }
        let headers = std::mem::take(response.headers_mut());
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if body.len() + chunk.len() > limit {
                return Err(Error::BodyTooLarge { status, limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok((status, headers, body))
    }
}

impl Client {
    /// Sends a request whose answer an `{op}_stream` reads as it arrives, the response returned
    /// unread. As `send`: with a retry policy set and `retryable`, a `429`, a `5xx` or a failure
    /// to connect is retried, before any item is read; a body that is a stream cannot be copied,
    /// and is sent once.
    async fn send_streamed<E>(
        &self,
        request: reqwest::RequestBuilder,
        retryable: bool,
    ) -> Result<reqwest::Response, Error<E>> {
        let mut attempt = 0;
        loop {
            let policy = self.retry.filter(|_| retryable);
            let copy = policy.and_then(|_| request.try_clone());
            let (Some(policy), Some(copy)) = (policy, copy) else {
                return self.open_streamed(request).await;
            };
            let outcome = self.open_streamed::<E>(copy).await;
            let retry_after = match &outcome {
                Ok(response) if retry::retryable_status(response.status()) => {
                    retry::retry_after(response.headers())
                }
                Err(Error::Transport(e)) if e.is_connect() => None,
                _ => return outcome,
            };
            let Some(delay) = policy.delay(attempt, retry_after) else {
                return outcome;
            };
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// Sends once, after the hooks, a request whose answer an `{op}_stream` reads as it arrives:
    /// `receive`'s exchange (the credentials are on the request; the middleware stack and the
    /// call's span as `receive` has them), the response returned unread.
    async fn open_streamed<E>(&self, request: reqwest::RequestBuilder) -> Result<reqwest::Response, Error<E>> {
        /// A transport error whose URL shows the API key as `redacted`.
        fn transport<E>(mut error: reqwest::Error) -> Error<E> {
            const KEYS: &[&str] = &["api_key"];
            if let Some(url) = error.url_mut() {
                if url
                    .query_pairs()
                    .any(|(name, _)| KEYS.contains(&name.as_ref()))
                {
                    let pairs: Vec<(String, String)> = url
                        .query_pairs()
                        .map(|(name, value)| {
                            let value = if KEYS.contains(&name.as_ref()) {
                                "redacted".into()
                            } else {
                                value.into_owned()
                            };
                            (name.into_owned(), value)
                        })
                        .collect();
                    url.query_pairs_mut().clear().extend_pairs(pairs);
                }
            }
            Error::Transport(error)
        }
        let mut request = request.build().map_err(transport)?;
        for hook in &self.hooks {
            hook(&mut request).map_err(|source| Error::Hook { source })?;
        }
        let response = self.http.execute(request).await.map_err(transport)?;
        Ok(response)
    }
}

/// A path parameter written in its `style`, as one path segment: names, keys and
/// values are percent-encoded but for unreserved characters, so `/`, `?`, `#` and a
/// value's own commas cannot change the path; separators stay as they are. A segment
/// `.`, `..` or empty would change the path whatever the encoding (URL parsers resolve
/// `%2E%2E` too), so it is refused.
fn encode_path<T: serde::Serialize + ?Sized, E>(
    name: &str,
    value: &T,
    style: style::Style,
    explode: bool,
) -> Result<String, Error<E>> {
    let text = expand(name, value, style, explode, unreserved);
    if text.is_empty() || text == "." || text == ".." {
        return Err(Error::InvalidRequest {
            reason: format!("the path parameter `{name}` cannot be empty, `.` or `..`"),
        });
    }
    Ok(text)
}

/// Appends a query parameter written in its `style` to `query`; an unset value (`null`)
/// and an empty array or object append nothing. Names, keys and values are
/// percent-encoded but for unreserved characters, and also reserved ones (but `#`)
/// with `allowReserved`.
fn push_query<T: serde::Serialize + ?Sized>(
    query: &mut String,
    name: &str,
    value: &T,
    style: style::Style,
    explode: bool,
    allow_reserved: bool,
) {
    let text = if allow_reserved {
        expand(name, value, style, explode, |byte| unreserved(byte) || b":/?[]@!$&'()*+,;=".contains(&byte))
    } else {
        expand(name, value, style, explode, unreserved)
    };
    if !text.is_empty() {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&text);
    }
}

/// An `application/x-www-form-urlencoded` body: each property written like a query
/// parameter, in the style of its Encoding Object (`encoding`: property, style,
/// explode, allowReserved), exploded `form` by default.
fn form_body<T: serde::Serialize>(body: &T, encoding: &[(&str, style::Style, bool, bool)]) -> String {
    let mut out = String::new();
    if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(body) {
        for (key, value) in &fields {
            let (style, explode, allow_reserved) = encoding
                .iter()
                .find(|e| e.0 == key)
                .map_or((style::form as style::Style, true, false), |e| (e.1, e.2, e.3));
            push_query(&mut out, key, value, style, explode, allow_reserved);
        }
    }
    out
}

/// A parameter written in its `style` and as `explode` says, every name, key and value
/// percent-encoded but for the bytes `keep` accepts; absent (`null`) properties of an object
/// are left out, and `null` writes nothing.
fn expand<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: style::Style,
    explode: bool,
    keep: fn(u8) -> bool,
) -> String {
    let encode = |text: &str| percent_encode(text, keep);
    let values = match serde_json::to_value(value) {
        Ok(serde_json::Value::Null) | Err(_) => return String::new(),
        Ok(serde_json::Value::Array(items)) => style::Values::List(
            items.iter().map(|item| encode(&param_text(item))).collect(),
        ),
        Ok(serde_json::Value::Object(fields)) => style::Values::Object(
            fields
                .iter()
                .filter(|(_, field)| !field.is_null())
                .map(|(key, field)| (encode(key), encode(&param_text(field))))
                .collect(),
        ),
        Ok(scalar) => style::Values::List(vec![encode(&param_text(&scalar))]),
    };
    style(&encode(name), values, explode)
}

/// The styles of parameters (OpenAPI "Style Values" and "Style Examples"; RFC 6570), each a
/// function that writes a parameter from its name and values, percent-encoded, and `explode`.
/// An empty array or object writes nothing but in the path (`;name`, `.`).
mod style {
    /// How a style writes a parameter: from its name, its values and `explode`.
    pub(super) type Style = fn(&str, Values, bool) -> String;

    /// A parameter's values, each percent-encoded.
    pub(super) enum Values {
        /// The items of an array, or a scalar alone.
        List(Vec<String>),
        /// The keys and values of an object.
        Object(Vec<(String, String)>),
    }

    /// The items to join, and whether they are the `key=value` items of an exploded object:
    /// an object without `explode` is the list of its keys and values.
    fn to_items(values: Values, explode: bool) -> (Vec<String>, bool) {
        match values {
            Values::List(items) => (items, false),
            Values::Object(pairs) if explode => (
                pairs
                    .into_iter()
                    .map(|(key, text)| format!("{key}={text}"))
                    .collect(),
                true,
            ),
            Values::Object(pairs) => (
                pairs.into_iter().flat_map(|(key, text)| [key, text]).collect(),
                false,
            ),
        }
    }

    /// `simple`: `blue,black`; an object `R,100,G,200`, or exploded `R=100,G=200`.
    pub(super) fn simple(_: &str, values: Values, explode: bool) -> String {
        to_items(values, explode).0.join(",")
    }

    /// `label`: `.blue.black`; an object `.R.100.G.200`, or exploded `.R=100.G=200`.
    pub(super) fn label(_: &str, values: Values, explode: bool) -> String {
        format!(".{}", to_items(values, explode).0.join("."))
    }

    /// `matrix`: `;color=blue,black`, exploded `;color=blue;color=black`; an object
    /// `;color=R,100,G,200`, or exploded `;R=100;G=200`.
    pub(super) fn matrix(name: &str, values: Values, explode: bool) -> String {
        match to_items(values, explode) {
            (items, true) => items.iter().map(|item| format!(";{item}")).collect(),
            (items, false) if explode && !items.is_empty() => items
                .iter()
                .map(|item| {
                    if item.is_empty() {
                        format!(";{name}")
                    } else {
                        format!(";{name}={item}")
                    }
                })
                .collect(),
            (items, false) => {
                let joined = items.join(",");
                if joined.is_empty() {
                    format!(";{name}")
                } else {
                    format!(";{name}={joined}")
                }
            }
        }
    }

    /// `form`: `color=blue,black`, exploded `color=blue&color=black`; an object
    /// `color=R,100,G,200`, or exploded `R=100&G=200`.
    pub(super) fn form(name: &str, values: Values, explode: bool) -> String {
        delimited(name, values, explode, ",")
    }

    /// `spaceDelimited`: `color=blue%20black` (exploded, as `form`).
    pub(super) fn space_delimited(name: &str, values: Values, explode: bool) -> String {
        delimited(name, values, explode, "%20")
    }

    /// `pipeDelimited`: `color=blue|black` (exploded, as `form`).
    pub(super) fn pipe_delimited(name: &str, values: Values, explode: bool) -> String {
        delimited(name, values, explode, "|")
    }

    /// `deepObject`: `color%5BR%5D=100&color%5BG%5D=200`; what is not an object, as `form`.
    pub(super) fn deep_object(name: &str, values: Values, explode: bool) -> String {
        match values {
            Values::Object(pairs) => {
                let pairs: Vec<String> = pairs
                    .iter()
                    .map(|(key, text)| format!("{name}%5B{key}%5D={text}"))
                    .collect();
                pairs.join("&")
            }
            values => form(name, values, explode),
        }
    }

    /// The styles of the query: the name and the values joined by `separator`, or exploded,
    /// each value with the name (an object's `key=value` items alone).
    fn delimited(name: &str, values: Values, explode: bool, separator: &str) -> String {
        match to_items(values, explode) {
            (items, _) if items.is_empty() => String::new(),
            (items, true) => items.join("&"),
            (items, false) if explode => {
                let pairs: Vec<String> = items.iter().map(|item| format!("{name}={item}")).collect();
                pairs.join("&")
            }
            (items, false) => format!("{name}={}", items.join(separator)),
        }
    }
}

/// Whether `byte` is an unreserved character of RFC 3986, which needs no encoding.
fn unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~')
}

/// Percent-encodes what a cookie value cannot hold (`;`, `,`, spaces, quotes, `\`,
/// control and non-ASCII characters, and `%` itself), so a value is always one cookie.
fn encode_cookie(value: &str) -> String {
    percent_encode(value, |byte| {
        byte.is_ascii_graphic() && !matches!(byte, b'"' | b',' | b';' | b'\\' | b'%')
    })
}

/// `value` with every byte `keep` refuses written as `%XX`.
fn percent_encode(value: &str, keep: impl Fn(u8) -> bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if keep(byte) {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
    }
    out
}

/// The text of a parameter value: strings as they are, anything else as JSON.
fn param_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// Sends `parts` as a `multipart/form-data` body. Without parts, the body is the
/// closing delimiter alone (RFC 2046), which reqwest would leave out.
fn multipart_body(
    request: reqwest::RequestBuilder,
    parts: Vec<(&'static str, reqwest::multipart::Part)>,
) -> reqwest::RequestBuilder {
    let form = reqwest::multipart::Form::new();
    if parts.is_empty() {
        let boundary = form.boundary();
        return request
            .header(
                reqwest::header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(format!("--{boundary}--\r\n"));
    }
    request.multipart(
        parts
            .into_iter()
            .fold(form, |form, (name, part)| form.part(name, part)),
    )
}

/// A part of a multipart body: a file when it has a `file_name` (RFC 7578), of the
/// media type `content_type` (`text/plain` when `None`).
fn part<E>(
    bytes: Vec<u8>,
    file_name: Option<&'static str>,
    content_type: Option<&str>,
) -> Result<reqwest::multipart::Part, Error<E>> {
    let mut part = reqwest::multipart::Part::bytes(bytes);
    if let Some(file_name) = file_name {
        part = part.file_name(file_name);
    }
    match content_type {
        None => Ok(part),
        Some(content_type) => part
            .mime_str(content_type)
            .map_err(|_| Error::InvalidRequest {
                reason: format!("`{content_type}` is not a media type"),
            }),
    }
}

/// A file part of a multipart body (`types::FilePart::to_part`), named `file_name`, of the
/// media type `content_type`; `None` is a stream sent already, which cannot be sent again.
fn file_part<E>(
    part: Option<reqwest::multipart::Part>,
    file_name: &'static str,
    content_type: &str,
) -> Result<reqwest::multipart::Part, Error<E>> {
    let Some(part) = part else {
        return Err(Error::InvalidRequest {
            reason: format!("the stream of the part `{file_name}` was sent already: a stream is sent once"),
        });
    };
    part.file_name(file_name)
        .mime_str(content_type)
        .map_err(|_| Error::InvalidRequest {
            reason: format!("`{content_type}` is not a media type"),
        })
}

/// A value as JSON text, for a multipart part.
fn to_json<T: serde::Serialize, E>(value: &T) -> Result<Vec<u8>, Error<E>> {
    serde_json::to_vec(value).map_err(|error| Error::InvalidRequest {
        reason: format!("a part cannot be written as JSON: {error}"),
    })
}

/// A header value: its UTF-8 bytes, sent as they are (bytes past ASCII are the `obs-text` of
/// RFC 9110); refused (not sent) when it holds a line break or another control character,
/// which a header cannot carry. The error names the header, not the value.
fn header_value<E>(name: &str, value: &str) -> Result<reqwest::header::HeaderValue, Error<E>> {
    reqwest::header::HeaderValue::from_bytes(value.as_bytes()).map_err(|_| Error::InvalidRequest {
        reason: format!(
            "the value of `{name}` cannot be sent in a header (line breaks and control characters are not allowed)"
        ),
    })
}

/// A response header as a value; `None` when absent or not of the declared type.
fn read_header<T: std::str::FromStr>(
    headers: &reqwest::header::HeaderMap,
    name: &str,
) -> Option<T> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// A text body, which must be UTF-8; one that is not keeps its status and bytes.
fn read_text<E>(status: reqwest::StatusCode, bytes: Vec<u8>) -> Result<String, Error<E>> {
    String::from_utf8(bytes).map_err(|error| Error::NotUtf8 {
        status,
        source: error.utf8_error(),
        bytes: error.into_bytes(),
    })
}

/// Parses a JSON body; a body that does not match keeps its status and text.
fn decode<T: serde::de::DeserializeOwned, E>(
    status: reqwest::StatusCode,
    body: &[u8],
) -> Result<T, Error<E>> {
    serde_json::from_slice(body).map_err(|source| Error::UnexpectedBody {
        status,
        text: String::from_utf8_lossy(body).into_owned(),
        source,
    })
}

/// The error for a status the operation does not document as a success.
fn api_error<E>(status: reqwest::StatusCode, body: Option<E>, text: &[u8]) -> Error<E> {
    Error::Api {
        status,
        body,
        text: String::from_utf8_lossy(text).into_owned(),
    }
}

/// A success sent as `media` (its `Content-Type`), which the method does not read and its
/// `_stream` (`method`) does, whatever `Accept` asked for: an error naming both, never a body
/// read as what it is not. Anything else passes.
fn streamed_elsewhere<E>(
    status: reqwest::StatusCode,
    headers: &reqwest::header::HeaderMap,
    bytes: &[u8],
    media: &str,
    method: &str,
) -> Result<(), Error<E>> {
    let essence = headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|value| value.trim().to_ascii_lowercase());
    if !status.is_success() || essence.as_deref() != Some(media) {
        return Ok(());
    }
    let reason = format!("the response is `{media}`, which `{method}` reads");
    Err(Error::UnexpectedBody {
        status,
        text: String::from_utf8_lossy(bytes).into_owned(),
        source: <serde_json::Error as serde::de::Error>::custom(reason),
    })
}
