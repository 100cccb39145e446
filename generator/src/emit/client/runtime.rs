//! The private runtime of the `client` module: the methods that send a request and read its
//! answer, and the free helpers the operation methods call (encoding, parameter text,
//! decoding, errors), each emitted only when some method uses it.

use super::Gates;
use crate::emit::operations::Uses;
use crate::emit::tokens::ident;
use crate::model::{Api, AuthKind};
use crate::naming::reserved::Helper;
use proc_macro2::TokenStream;
use quote::quote;

/// The private methods every operation sends through: `request` (a request with the client's
/// timeout), `send` (with retries when some operation may be retried), `call` and `call_empty`
/// (the shared path of JSON operations) and `receive` (one exchange, its body size bounded).
/// Only called when the client has operations.
pub(super) fn methods(api: &Api, uses: &Uses, gates: &Gates) -> TokenStream {
    let retries = api.retries;
    let send = if retries {
        quote! {
            /// Sends a request and reads the answer. With a retry policy set and `retryable` (the
            /// operation is safe to repeat), a `429`, a `5xx` or a failure to connect is retried.
            async fn send<E>(&self, request: reqwest::RequestBuilder, retryable: bool) -> Result<Received, Error<E>> {
                let mut attempt = 0;
                loop {
                    let policy = self.retry.filter(|_| retryable);
                    let copy = policy.and_then(|_| request.try_clone());
                    let (Some(policy), Some(copy)) = (policy, copy) else {
                        return self.receive(request).await;
                    };
                    let outcome = self.receive::<E>(copy).await;
                    let retry_after = match &outcome {
                        Ok(received) if retry::retryable_status(received.0) => retry::retry_after(&received.1),
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
        }
    } else {
        quote! {
            /// Sends a request and reads the answer.
            async fn send<E>(&self, request: reqwest::RequestBuilder) -> Result<Received, Error<E>> {
                self.receive(request).await
            }
        }
    };
    let decode = ident(Helper::Decode.name());
    let api_error = ident(Helper::ApiError.name());
    let retry_param = retries.then(|| quote!(retryable: bool,));
    let retry_arg = retries.then(|| quote!(retryable));
    let call = uses.call.then(|| {
        let cfg = gates.cfg(|u| u.call);
        quote! {
            #cfg
            /// Sends a request whose success is a JSON `T`; `error` reads the body of an error
            /// status into the operation's error enum.
            async fn call<T: serde::de::DeserializeOwned, E>(
                &self,
                request: reqwest::RequestBuilder,
                #retry_param
                error: ErrorReader<E>,
            ) -> Result<T, Error<E>> {
                let (status, _, bytes) = self.send(request, #retry_arg).await?;
                if status.is_success() {
                    return #decode(status, &bytes);
                }
                let body = error(status, &bytes).map_err(|source| Error::UnexpectedBody {
                    status,
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                    source,
                })?;
                Err(#api_error(status, body, &bytes))
            }
        }
    });
    let call_empty = uses.call_empty.then(|| {
        let cfg = gates.cfg(|u| u.call_empty);
        quote! {
            #cfg
            /// Like `call`, for a success without a body.
            async fn call_empty<E>(
                &self,
                request: reqwest::RequestBuilder,
                #retry_param
                error: ErrorReader<E>,
            ) -> Result<(), Error<E>> {
                let (status, _, bytes) = self.send(request, #retry_arg).await?;
                if status.is_success() {
                    return Ok(());
                }
                let body = error(status, &bytes).map_err(|source| Error::UnexpectedBody {
                    status,
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                    source,
                })?;
                Err(#api_error(status, body, &bytes))
            }
        }
    });
    let calls = quote!(#call #call_empty);
    // reqwest's errors show the request's URL; an API key sent in the query must not show.
    let query_keys: Vec<&str> = api
        .auth
        .iter()
        .filter_map(|s| match &s.kind {
            AuthKind::Query(name) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    let (transport, redact) = if query_keys.is_empty() {
        (quote!(Error::Transport), None)
    } else {
        let redact = quote! {
            /// A transport error whose URL shows the API key as `redacted`.
            fn transport<E>(mut error: reqwest::Error) -> Error<E> {
                const KEYS: &[&str] = &[#(#query_keys),*];
                if let Some(url) = error.url_mut() {
                    if url.query_pairs().any(|(name, _)| KEYS.contains(&name.as_ref())) {
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
        };
        (quote!(transport), Some(redact))
    };
    quote! {
        fn request(&self, method: reqwest::Method, url: &str) -> reqwest::RequestBuilder {
            self.http.request(method, url).timeout(self.timeout)
        }

        #send

        #calls

        /// Sends once and reads the whole body, up to `max_body_size` bytes.
        async fn receive<E>(&self, request: reqwest::RequestBuilder) -> Result<Received, Error<E>> {
            #redact
            let mut response = request.send().await.map_err(#transport)?;
            let status = response.status();
            let limit = self.max_body_size;
            if response.content_length().is_some_and(|length| length > limit as u64) {
                return Err(Error::BodyTooLarge { status, limit });
            }
            let headers = std::mem::take(response.headers_mut());
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(#transport)? {
                if body.len() + chunk.len() > limit {
                    return Err(Error::BodyTooLarge { status, limit });
                }
                body.extend_from_slice(&chunk);
            }
            Ok((status, headers, body))
        }
    }
}

/// The `Received` alias: what `receive` reads of a response; and `ErrorReader`, how `call`
/// and `call_empty` read an error body, when they are called.
pub(super) fn received(api: &Api, uses: &Uses, gates: &Gates) -> Option<TokenStream> {
    (!api.operations.is_empty()).then(|| {
        let reader = (uses.call || uses.call_empty).then(|| {
            let cfg = gates.cfg(|u| u.call || u.call_empty);
            quote! {
                #cfg
                /// Reads the body of an error status into the operation's error enum: `None` for
                /// a status the spec does not document.
                type ErrorReader<E> = fn(reqwest::StatusCode, &[u8]) -> Result<Option<E>, serde_json::Error>;
            }
        });
        quote! {
            /// A response: status, headers and the whole body.
            type Received = (reqwest::StatusCode, reqwest::header::HeaderMap, Vec<u8>);
            #reader
        }
    })
}

/// The private helpers the operations call, in a fixed order.
pub(super) fn helpers(uses: &Uses, gates: &Gates) -> TokenStream {
    let helpers = Helper::ALL.into_iter().filter(|h| uses.calls(*h)).map(|h| {
        let cfg = gates.cfg(|u| u.calls(h));
        let definition = definition(h);
        quote!(#cfg #definition)
    });
    quote!(#(#helpers)*)
}

/// The definition of `helper`.
fn definition(helper: Helper) -> TokenStream {
    let name = ident(helper.name());
    let percent_encode = ident(Helper::PercentEncode.name());
    let param_text = ident(Helper::ParamText.name());
    let expand = ident(Helper::Expand.name());
    let unreserved = ident(Helper::Unreserved.name());
    let push_query = ident(Helper::PushQuery.name());
    match helper {
        Helper::EncodePath => quote! {
            /// A path parameter written in its `style`, as one path segment: names, keys and
            /// values are percent-encoded but for unreserved characters, so `/`, `?`, `#` and a
            /// value's own commas cannot change the path; separators stay as they are. A segment
            /// `.`, `..` or empty would change the path whatever the encoding (URL parsers resolve
            /// `%2E%2E` too), so it is refused.
            fn #name<T: serde::Serialize + ?Sized, E>(name: &str, value: &T, style: &str, explode: bool) -> Result<String, Error<E>> {
                let text = #expand(name, value, style, explode, #unreserved);
                if text.is_empty() || text == "." || text == ".." {
                    return Err(Error::InvalidRequest {
                        reason: format!("the path parameter `{name}` cannot be empty, `.` or `..`"),
                    });
                }
                Ok(text)
            }
        },
        Helper::PushQuery => quote! {
            /// Appends a query parameter written in its `style` to `query`; an unset value (`null`)
            /// and an empty array or object append nothing. Names, keys and values are
            /// percent-encoded but for unreserved characters, and also reserved ones (but `#`)
            /// with `allowReserved`.
            fn #name<T: serde::Serialize + ?Sized>(query: &mut String, name: &str, value: &T, style: &str, explode: bool, allow_reserved: bool) {
                let text = if allow_reserved {
                    #expand(name, value, style, explode, |byte| #unreserved(byte) || b":/?[]@!$&'()*+,;=".contains(&byte))
                } else {
                    #expand(name, value, style, explode, #unreserved)
                };
                if !text.is_empty() {
                    if !query.is_empty() {
                        query.push('&');
                    }
                    query.push_str(&text);
                }
            }
        },
        Helper::FormBody => quote! {
            /// An `application/x-www-form-urlencoded` body: each property written like a query
            /// parameter, in the style of its Encoding Object (`encoding`: property, style,
            /// explode, allowReserved), exploded `form` by default.
            fn #name<T: serde::Serialize>(body: &T, encoding: &[(&str, &str, bool, bool)]) -> String {
                let mut out = String::new();
                if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(body) {
                    for (key, value) in &fields {
                        let (style, explode, allow_reserved) = encoding
                            .iter()
                            .find(|e| e.0 == key)
                            .map_or(("form", true, false), |e| (e.1, e.2, e.3));
                        #push_query(&mut out, key, value, style, explode, allow_reserved);
                    }
                }
                out
            }
        },
        Helper::Expand => quote! {
            /// A parameter written as its `style` and `explode` say (OpenAPI "Style Values" and
            /// "Style Examples"; RFC 6570), every name, key and value percent-encoded but for the
            /// bytes `keep` accepts. An object without `explode` is the list of its keys and
            /// values; absent (`null`) properties are left out. `null` writes nothing, and so does
            /// an empty array or object but in the path (`;name`, `.`).
            fn #name<T: serde::Serialize + ?Sized>(name: &str, value: &T, style: &str, explode: bool, keep: fn(u8) -> bool) -> String {
                let encode = |text: &str| #percent_encode(text, keep);
                let name = encode(name);
                // The values, or with `keyed` the `key=value` items of an exploded object.
                let (items, keyed): (Vec<String>, bool) = match serde_json::to_value(value) {
                    Ok(serde_json::Value::Null) | Err(_) => return String::new(),
                    Ok(serde_json::Value::Array(items)) => {
                        (items.iter().map(|item| encode(&#param_text(item))).collect(), false)
                    }
                    Ok(serde_json::Value::Object(fields)) => {
                        let pairs = fields
                            .iter()
                            .filter(|(_, field)| !field.is_null())
                            .map(|(key, field)| (encode(key), encode(&#param_text(field))));
                        if style == "deepObject" {
                            let pairs: Vec<String> = pairs.map(|(key, text)| format!("{name}%5B{key}%5D={text}")).collect();
                            return pairs.join("&");
                        }
                        if explode {
                            (pairs.map(|(key, text)| format!("{key}={text}")).collect(), true)
                        } else {
                            (pairs.flat_map(|(key, text)| [key, text]).collect(), false)
                        }
                    }
                    Ok(scalar) => (vec![encode(&#param_text(&scalar))], false),
                };
                match style {
                    "simple" => items.join(","),
                    "label" => format!(".{}", items.join(".")),
                    "matrix" if keyed => items.iter().map(|item| format!(";{item}")).collect(),
                    "matrix" if explode && !items.is_empty() => items
                        .iter()
                        .map(|item| if item.is_empty() { format!(";{name}") } else { format!(";{name}={item}") })
                        .collect(),
                    "matrix" => {
                        let joined = items.join(",");
                        if joined.is_empty() { format!(";{name}") } else { format!(";{name}={joined}") }
                    }
                    _ if items.is_empty() => String::new(),
                    _ if keyed => items.join("&"),
                    _ if explode => {
                        let pairs: Vec<String> = items.iter().map(|item| format!("{name}={item}")).collect();
                        pairs.join("&")
                    }
                    _ => {
                        let separator = match style {
                            "spaceDelimited" => "%20",
                            "pipeDelimited" => "|",
                            _ => ",",
                        };
                        format!("{name}={}", items.join(separator))
                    }
                }
            }
        },
        Helper::Unreserved => quote! {
            /// Whether `byte` is an unreserved character of RFC 3986, which needs no encoding.
            fn #name(byte: u8) -> bool {
                byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~')
            }
        },
        Helper::EncodeCookie => quote! {
            /// Percent-encodes what a cookie value cannot hold (`;`, `,`, spaces, quotes, `\`,
            /// control and non-ASCII characters, and `%` itself), so a value is always one cookie.
            fn #name(value: &str) -> String {
                #percent_encode(value, |byte| byte.is_ascii_graphic() && !matches!(byte, b'"' | b',' | b';' | b'\\' | b'%'))
            }
        },
        Helper::PercentEncode => quote! {
            /// `value` with every byte `keep` refuses written as `%XX`.
            fn #name(value: &str, keep: impl Fn(u8) -> bool) -> String {
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
        },
        Helper::ParamText => quote! {
            /// The text of a parameter value: strings as they are, anything else as JSON.
            fn #name<T: serde::Serialize + ?Sized>(value: &T) -> String {
                match serde_json::to_value(value) {
                    Ok(serde_json::Value::String(text)) => text,
                    Ok(other) => other.to_string(),
                    Err(_) => String::new(),
                }
            }
        },
        Helper::MultipartBody => quote! {
            /// Sends `parts` as a `multipart/form-data` body. Without parts, the body is the
            /// closing delimiter alone (RFC 2046), which reqwest would leave out.
            fn #name(request: reqwest::RequestBuilder, parts: Vec<(&'static str, reqwest::multipart::Part)>) -> reqwest::RequestBuilder {
                let form = reqwest::multipart::Form::new();
                if parts.is_empty() {
                    let boundary = form.boundary();
                    return request
                        .header(reqwest::header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
                        .body(format!("--{boundary}--\r\n"));
                }
                request.multipart(parts.into_iter().fold(form, |form, (name, part)| form.part(name, part)))
            }
        },
        Helper::Part => quote! {
            /// A part of a multipart body: a file when it has a `file_name` (RFC 7578), of the
            /// media type `content_type` (`text/plain` when `None`).
            fn #name<E>(bytes: Vec<u8>, file_name: Option<&'static str>, content_type: Option<&str>) -> Result<reqwest::multipart::Part, Error<E>> {
                let mut part = reqwest::multipart::Part::bytes(bytes);
                if let Some(file_name) = file_name {
                    part = part.file_name(file_name);
                }
                match content_type {
                    None => Ok(part),
                    Some(content_type) => part.mime_str(content_type).map_err(|_| Error::InvalidRequest {
                        reason: format!("`{content_type}` is not a media type"),
                    }),
                }
            }
        },
        Helper::ToJson => quote! {
            /// A value as JSON text, for a multipart part.
            fn #name<T: serde::Serialize, E>(value: &T) -> Result<Vec<u8>, Error<E>> {
                serde_json::to_vec(value).map_err(|error| Error::InvalidRequest {
                    reason: format!("a part cannot be written as JSON: {error}"),
                })
            }
        },
        Helper::HeaderValue => quote! {
            /// A header value, refused (not sent) when it holds line breaks or other characters a
            /// header cannot carry. The error names the header, not the value.
            fn #name<E>(name: &str, value: &str) -> Result<reqwest::header::HeaderValue, Error<E>> {
                reqwest::header::HeaderValue::from_str(value).map_err(|_| Error::InvalidRequest {
                    reason: format!("the value of `{name}` cannot be sent in a header (line breaks and control characters are not allowed)"),
                })
            }
        },
        Helper::ReadHeader => quote! {
            /// A response header as a value; `None` when absent or not of the declared type.
            fn #name<T: std::str::FromStr>(headers: &reqwest::header::HeaderMap, name: &str) -> Option<T> {
                headers.get(name)?.to_str().ok()?.trim().parse().ok()
            }
        },
        Helper::Decode => quote! {
            /// Parses a JSON body; a body that does not match keeps its status and text.
            fn #name<T: serde::de::DeserializeOwned, E>(status: reqwest::StatusCode, body: &[u8]) -> Result<T, Error<E>> {
                serde_json::from_slice(body).map_err(|source| Error::UnexpectedBody {
                    status,
                    text: String::from_utf8_lossy(body).into_owned(),
                    source,
                })
            }
        },
        Helper::ApiError => quote! {
            /// The error for a status the operation does not document as a success.
            fn #name<E>(status: reqwest::StatusCode, body: Option<E>, text: &[u8]) -> Error<E> {
                Error::Api {
                    status,
                    body,
                    text: String::from_utf8_lossy(text).into_owned(),
                }
            }
        },
    }
}
