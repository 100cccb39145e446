// The runtime of a client's `mock` module: a `wiremock` server that holds requests to what
// the spec allows (strict mode), typed expectations built on it, and the report of a request
// no expectation matched. It is the text of every client's module (`emit/mock/mod.rs` adds
// the operations), compiled and linted on its own by `check.rs`.

use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum In {
    Path,
    Query,
    Header,
}

impl In {
    fn name(self) -> &'static str {
        match self {
            In::Path => "path",
            In::Query => "query",
            In::Header => "header",
        }
    }
}

/// What the spec allows of one operation's requests.
struct Operation {
    /// The client method.
    name: &'static str,
    method: &'static str,
    /// The path template, `/pets/{id}`.
    path: &'static str,
    /// The operation's JSON pointer in the spec.
    pointer: &'static str,
    params: &'static [Param],
    body: Option<Body>,
}

/// A declared parameter.
struct Param {
    name: &'static str,
    location: In,
    required: bool,
}

/// A declared request body.
struct Body {
    /// The media types the spec lists.
    media_types: &'static [&'static str],
    required: bool,
    /// Reads a body as its schema's type (JSON bodies).
    check: Option<BodyCheck>,
}

/// Reads a body as its schema's type: what does not match, as serde tells it.
type BodyCheck = fn(&[u8]) -> Result<(), String>;

/// Reads `bytes` as a `T`: how strict mode holds a JSON body to its schema.
fn check_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<(), String> {
    serde_json::from_slice::<T>(bytes)
        .map(drop)
        .map_err(|e| e.to_string())
}

/// The text of a value as a parameter carries it: strings as they are, anything else as JSON;
/// an array is its items. `None` for an unset value (`null`).
fn param_texts<T: serde::Serialize + ?Sized>(value: &T) -> Option<Vec<String>> {
    let text = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    match serde_json::to_value(value).ok()? {
        serde_json::Value::Null => None,
        serde_json::Value::Array(items) => Some(items.iter().map(text).collect()),
        other => Some(vec![text(&other)]),
    }
}

/// The path parameters of `path` as `template` names them, or `None` when it does not match.
fn path_params(template: &str, path: &str) -> Option<Vec<(String, String)>> {
    let template: Vec<&str> = template.trim_start_matches('/').split('/').collect();
    let path: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    if template.len() != path.len() {
        return None;
    }
    let mut params = Vec::new();
    for (part, segment) in template.iter().zip(&path) {
        match part.find('{').zip(part.rfind('}')) {
            Some((open, close)) => {
                let (prefix, suffix) = (&part[..open], &part[close + 1..]);
                let value = segment.strip_prefix(prefix)?.strip_suffix(suffix)?;
                params.push((part[open + 1..close].to_string(), percent_decode(value)));
            }
            None if part == segment => {}
            None => return None,
        }
    }
    Some(params)
}

/// `text` with its `%XX` escapes decoded (an escape that is not one stays as it is).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Operation {
    /// The values `request` carries for the parameter `name` in `location` (none when absent).
    fn values(&self, request: &wiremock::Request, location: In, name: &str) -> Vec<String> {
        match location {
            In::Path => path_params(self.path, request.url.path())
                .unwrap_or_default()
                .into_iter()
                .filter(|(key, _)| key == name)
                .map(|(_, value)| value)
                .collect(),
            In::Query => request
                .url
                .query_pairs()
                .filter(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
                .collect(),
            In::Header => request
                .headers
                .get_all(name)
                .iter()
                .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
                .collect(),
        }
    }
}

/// Whether `request` is a request of `operation` (its method and path).
fn is_call_of(request: &wiremock::Request, operation: &Operation) -> bool {
    request
        .method
        .as_str()
        .eq_ignore_ascii_case(operation.method)
        && path_params(operation.path, request.url.path()).is_some()
}

/// `METHOD /path?query` of a request, as a report names it.
fn describe(request: &wiremock::Request) -> String {
    let query = request
        .url
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    format!("{} {}{query}", request.method, request.url.path())
}

/// What the spec does not allow in `request`: each problem with its spec pointer. Empty when
/// it is a request of some operation that breaks none of its rules.
fn violations(operations: &[Operation], request: &wiremock::Request) -> Vec<String> {
    let Some(operation) = operations.iter().find(|op| is_call_of(request, op)) else {
        return vec![format!(
            "#/paths: no operation of the spec is `{} {}`",
            request.method,
            request.url.path()
        )];
    };
    let mut problems = Vec::new();
    missing_params(operation, request, &mut problems);
    body_problems(operation, request, &mut problems);
    problems
}

/// Adds to `problems` each required parameter of `operation` that `request` lacks.
fn missing_params(operation: &Operation, request: &wiremock::Request, problems: &mut Vec<String>) {
    for param in operation.params.iter().filter(|p| p.required) {
        if operation
            .values(request, param.location, param.name)
            .is_empty()
        {
            problems.push(format!(
                "{}/parameters: the required {} parameter `{}` is missing",
                operation.pointer,
                param.location.name(),
                param.name
            ));
        }
    }
}

/// Adds to `problems` what is wrong with the body of `request`: a body the operation does not
/// take, a required one missing, an undeclared content type, or a body its schema's type
/// does not read.
fn body_problems(operation: &Operation, request: &wiremock::Request, problems: &mut Vec<String>) {
    let pointer = format!("{}/requestBody", operation.pointer);
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
    match (&operation.body, content_type) {
        (None, Some(media_type)) if !request.body.is_empty() => problems.push(format!(
            "{}: the operation takes no body, but one of `{media_type}` was sent",
            operation.pointer
        )),
        (None, _) => {}
        (Some(body), None) if request.body.is_empty() => {
            if body.required {
                problems.push(format!("{pointer}: the required body is missing"));
            }
        }
        (Some(body), media_type) => {
            let media_type = media_type.unwrap_or_default();
            if !body
                .media_types
                .iter()
                .any(|m| m.eq_ignore_ascii_case(&media_type))
            {
                problems.push(format!(
                    "{pointer}/content: `{media_type}` is not a declared content type (declared: {})",
                    body.media_types.join(", ")
                ));
            } else if let Some(check) = body.check {
                if let Err(e) = check(&request.body) {
                    let media = media_type.replace('~', "~0").replace('/', "~1");
                    problems.push(format!(
                        "{pointer}/content/{media}/schema: the body does not match the schema: {e}"
                    ));
                }
            }
        }
    }
}

/// One condition of an expectation: what it asks, and how a request differs from it.
struct Check {
    what: String,
    differs: Differs,
}

/// How a request differs from one condition, `None` when it meets it.
type Differs = Box<dyn Fn(&wiremock::Request) -> Option<String> + Send + Sync>;

/// An expectation as the server knows it, to match requests and to report the nearest one.
struct Expected {
    operation: &'static Operation,
    /// Its number among the server's expectations, from 1.
    number: usize,
    checks: Vec<Check>,
    /// In strict mode, the operations whose rules a request must keep to match.
    strict: Option<&'static [Operation]>,
}

impl Expected {
    /// How `request` differs from this expectation: one line per difference.
    fn differences(&self, request: &wiremock::Request) -> Vec<String> {
        if !is_call_of(request, self.operation) {
            return vec![format!(
                "it expects `{} {}`",
                self.operation.method, self.operation.path
            )];
        }
        self.checks
            .iter()
            .filter_map(|check| (check.differs)(request).map(|d| format!("{}: {d}", check.what)))
            .collect()
    }
}

/// Matches requests that satisfy an expectation.
struct Matches(Arc<Expected>);

impl wiremock::Match for Matches {
    fn matches(&self, request: &wiremock::Request) -> bool {
        self.0.differences(request).is_empty()
            && self
                .0
                .strict
                .is_none_or(|operations| violations(operations, request).is_empty())
    }
}

/// Answers with `response` and counts the requests answered.
struct Counted {
    response: wiremock::ResponseTemplate,
    calls: Arc<AtomicUsize>,
}

impl wiremock::Respond for Counted {
    fn respond(&self, _: &wiremock::Request) -> wiremock::ResponseTemplate {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.response.clone()
    }
}

/// What the server shares with its fallback: its expectations and the problems seen.
struct State {
    operations: &'static [Operation],
    strict: bool,
    expected: Mutex<Vec<Arc<Expected>>>,
    problems: Mutex<Vec<String>>,
}

/// Answers every request no expectation matched: with what the spec does not allow in it
/// (strict mode) or the nearest expectation and how it differs, kept to fail the test.
struct Fallback(Arc<State>);

impl wiremock::Respond for Fallback {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let state = &self.0;
        let violations = if state.strict {
            violations(state.operations, request)
        } else {
            Vec::new()
        };
        let (status, report) = if violations.is_empty() {
            (404, unmatched(state, request))
        } else {
            let lines: Vec<String> = violations.iter().map(|v| format!("  {v}")).collect();
            (
                400,
                format!(
                    "{}: the spec does not allow this request:\n{}",
                    describe(request),
                    lines.join("\n")
                ),
            )
        };
        if let Ok(mut problems) = state.problems.lock() {
            problems.push(report.clone());
        }
        wiremock::ResponseTemplate::new(status).set_body_string(report)
    }
}

/// The report of a request no expectation matched: the nearest expectation (of the same
/// operation first, then with the fewest differences) and how the request differs from it.
fn unmatched(state: &State, request: &wiremock::Request) -> String {
    let expected = state.expected.lock().map(|e| e.clone()).unwrap_or_default();
    let nearest = expected
        .iter()
        .map(|e| (e, e.differences(request)))
        .min_by_key(|(e, differences)| (!is_call_of(request, e.operation), differences.len()));
    let head = format!("{}: no expectation matched", describe(request));
    match nearest {
        None => format!("{head}, and none is mounted"),
        Some((e, differences)) => {
            let lines: Vec<String> = differences.iter().map(|d| format!("  {d}")).collect();
            format!(
                "{head}; the nearest is #{} of `{}`, which differs:\n{}",
                e.number,
                e.operation.name,
                lines.join("\n")
            )
        }
    }
}

/// A mock server of the API: start it, point the client at [`MockServer::uri`], mount an
/// expectation per request the code under test sends (`server.get_pet().ok(&pet).mount().await`).
///
/// In strict mode (the default, [`MockServer::start`]) a request the spec does not allow
/// (an unknown path, a missing required parameter, an undeclared content type, a body that
/// does not read as its schema's type) is answered `400` with the spec pointer and what is
/// wrong; a request no expectation matched is answered `404` with the nearest expectation and
/// how it differs. Either fails the test when the server is dropped (or at
/// [`MockServer::verify`]), as does an expectation called a number of times other than
/// [`Mock::expect`] says.
pub struct MockServer {
    server: wiremock::MockServer,
    state: Arc<State>,
}

impl MockServer {
    /// A strict mock server of the API: a request the spec does not allow fails the test.
    pub async fn start() -> MockServer {
        MockServer::with_operations(OPERATIONS, true).await
    }

    /// A mock server that answers a request the spec does not allow as any other request no
    /// expectation matches (`404`, with the nearest expectation), for tests of the client's
    /// own handling of such requests.
    pub async fn start_lenient() -> MockServer {
        MockServer::with_operations(OPERATIONS, false).await
    }

    /// A server with the operations `operations`, strict or not.
    async fn with_operations(operations: &'static [Operation], strict: bool) -> MockServer {
        let server = wiremock::MockServer::start().await;
        let state = Arc::new(State {
            operations,
            strict,
            expected: Mutex::new(Vec::new()),
            problems: Mutex::new(Vec::new()),
        });
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Fallback(state.clone()))
            .with_priority(u8::MAX)
            .named("the spec's fallback")
            .mount(&server)
            .await;
        MockServer { server, state }
    }

    /// The base URL of the server, for the client's `with_base_url`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The wiremock server underneath, for what the typed expectations do not say.
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.server
    }

    /// The reports of the requests the server refused or matched to no expectation, in order.
    pub fn problems(&self) -> Vec<String> {
        self.state
            .problems
            .lock()
            .map(|p| p.clone())
            .unwrap_or_default()
    }

    /// Panics with every refused or unmatched request, and when an expectation was called a
    /// number of times other than it expects.
    pub async fn verify(&self) {
        self.fail_on_problems();
        self.server.verify().await;
    }

    fn fail_on_problems(&self) {
        let problems = self.problems();
        if !problems.is_empty() {
            panic!(
                "the mock server saw requests it could not answer:\n{}",
                problems.join("\n")
            );
        }
    }

    /// An expectation of the requests of the operation at `index` in `OPERATIONS`, which `Op`
    /// types.
    fn expect_call<Op>(&self, index: usize) -> Mock<'_, Op> {
        let operation = &self.state.operations[index];
        Mock {
            server: self,
            operation,
            checks: Vec::new(),
            response: wiremock::ResponseTemplate::new(200),
            times: None,
            operation_type: PhantomData,
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.fail_on_problems();
        }
    }
}

/// How many requests a mounted expectation answered.
#[derive(Debug, Clone)]
pub struct Calls(Arc<AtomicUsize>);

impl Calls {
    /// The requests answered so far.
    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

/// An expected request of one operation (`Op`, a type of `operations`) and the answer to
/// it: built with the operation's typed methods (its parameters, its body, its responses and
/// the spec's examples), then mounted on the server. Unset parameters match any value.
#[must_use = "an expectation does nothing until it is mounted"]
pub struct Mock<'a, Op> {
    server: &'a MockServer,
    operation: &'static Operation,
    checks: Vec<Check>,
    response: wiremock::ResponseTemplate,
    times: Option<wiremock::Times>,
    operation_type: PhantomData<Op>,
}

impl<Op> Mock<'_, Op> {
    /// Fails the test unless the expectation answers this many requests (`1`, `2..`, `..=3`).
    pub fn expect(mut self, times: impl Into<wiremock::Times>) -> Self {
        self.times = Some(times.into());
        self
    }

    /// Answers with `response`, for what the typed responses do not say (delays, raw bodies).
    pub fn respond_with(mut self, response: wiremock::ResponseTemplate) -> Self {
        self.response = response;
        self
    }

    /// Mounts the expectation on its server; the returned [`Calls`] counts the requests it
    /// answers.
    pub async fn mount(self) -> Calls {
        let calls = Arc::new(AtomicUsize::new(0));
        let Mock {
            server,
            operation,
            checks,
            response,
            times,
            ..
        } = self;
        let strict = server.state.strict.then_some(server.state.operations);
        let expected = match server.state.expected.lock() {
            Ok(mut expected) => {
                let one = Arc::new(Expected {
                    operation,
                    number: expected.len() + 1,
                    checks,
                    strict,
                });
                expected.push(one.clone());
                one
            }
            Err(_) => panic!("a test panicked while it held the mock server"),
        };
        let name = format!("#{} of `{}`", expected.number, operation.name);
        let mut mock = wiremock::Mock::given(Matches(expected))
            .respond_with(Counted {
                response,
                calls: calls.clone(),
            })
            .named(name);
        if let Some(times) = times {
            mock = mock.expect(times);
        }
        mock.mount(&server.server).await;
        Calls(calls)
    }

    /// Expects the parameter `name` in `location` to carry `value` (any value when unset).
    fn param<T: serde::Serialize + ?Sized>(
        mut self,
        location: In,
        name: &'static str,
        value: &T,
    ) -> Self {
        let Some(expected) = param_texts(value) else {
            return self;
        };
        let operation = self.operation;
        self.checks.push(Check {
            what: format!("{} parameter `{name}`", location.name()),
            differs: Box::new(move |request| {
                let mut actual = operation.values(request, location, name);
                // An array in one value, as the `form` (query) and `simple` styles write it.
                if actual.len() == 1 && expected.len() > 1 {
                    actual = actual[0].split(',').map(str::to_string).collect();
                }
                (actual != expected).then(|| format!("expected {expected:?}, got {actual:?}"))
            }),
        });
        self
    }

    /// Expects a JSON body equal to `body`.
    fn json_body<T: serde::Serialize + ?Sized>(mut self, body: &T) -> Self {
        let expected = serde_json::to_value(body).unwrap_or_default();
        self.checks.push(Check {
            what: "body".to_string(),
            differs: Box::new(move |request| {
                match serde_json::from_slice::<serde_json::Value>(&request.body) {
                    Ok(actual) if actual == expected => None,
                    Ok(actual) => Some(format!("expected {expected}, got {actual}")),
                    Err(e) => Some(format!(
                        "expected {expected}, got a body that is not JSON ({e})"
                    )),
                }
            }),
        });
        self
    }

    /// Answers `status` with `body` of `content_type` (none when `None`) and `headers`.
    fn reply(
        mut self,
        status: u16,
        body: Option<(Vec<u8>, &str)>,
        headers: Vec<(&str, String)>,
    ) -> Self {
        let mut response = wiremock::ResponseTemplate::new(status);
        if let Some((bytes, content_type)) = body {
            response = response.set_body_raw(bytes, content_type);
        }
        for (name, value) in headers {
            response = response.insert_header(name, value.as_str());
        }
        self.response = response;
        self
    }
}

/// A JSON body.
fn json<T: serde::Serialize + ?Sized>(value: &T) -> Option<(Vec<u8>, &'static str)> {
    Some((
        serde_json::to_vec(value).unwrap_or_default(),
        "application/json",
    ))
}

/// The text of a response header carrying `value` (`None` when unset).
fn header_text<T: serde::Serialize + ?Sized>(value: &T) -> Option<String> {
    param_texts(value).map(|texts| texts.join(","))
}
