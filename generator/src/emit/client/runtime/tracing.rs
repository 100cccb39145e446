//! What a call records on its span, in a client with the setting `tracing`: each operation
//! method runs in its span (`tracing::info_span!`, named after the operation, with the
//! request's method and the spec's path template) and records its outcome (`trace_outcome`);
//! `receive` records each answer's status (`trace_status`) and the retry loop of `send` an
//! event per attempt sent again (`trace_retry`). The generator puts each item, and each call of
//! one, under `#[cfg(feature = "tracing")]` (`observed.rs`), so a crate without the feature
//! compiles none of it. Nothing recorded holds a credential, a query or a body: the server, the
//! status and the kind of failure only. The imports serve this file's own check (`check.rs`).
//!
//! rustfmt leaves this file as it is written (`check.rs`).

use super::Error;
use std::time::Duration;

/// The span of a call of the operation `$name` (`$method $template`), with OpenTelemetry's HTTP
/// client attributes: those known once the call is answered are left empty, for
/// `trace_status` and `trace_outcome` to record.
macro_rules! operation_span {
    ($name:literal, $method:literal, $template:literal) => {
        tracing::info_span!(
            $name,
            "otel.kind" = "client",
            "http.request.method" = $method,
            "url.template" = $template,
            "server.address" = tracing::field::Empty,
            "server.port" = tracing::field::Empty,
            "http.response.status_code" = tracing::field::Empty,
            "error.type" = tracing::field::Empty,
        )
    };
}

/// The span of the call being sent, for `receive` to record on: the current span when it is one
/// an operation method of this module made. (When a subscriber disables the operation's span,
/// the current span is the caller's, which the client must not write into.)
fn call_span() -> Option<tracing::Span> {
    let span = tracing::Span::current();
    let ours = span
        .metadata()
        .is_some_and(|m| m.target().starts_with(module_path!()) && m.fields().field("url.template").is_some());
    ours.then_some(span)
}

/// Records the outcome of a call on its `span`: the server (`server.address`, `server.port`,
/// from the base URL) and, when it failed, `error.type`: the status of an error status, or the
/// kind of failure.
fn trace_outcome<T, E>(span: &tracing::Span, base_url: &str, outcome: &Result<T, Error<E>>) {
    if let Ok(url) = reqwest::Url::parse(base_url) {
        if let Some(host) = url.host_str() {
            span.record("server.address", host.trim_start_matches('[').trim_end_matches(']'));
        }
        if let Some(port) = url.port_or_known_default() {
            span.record("server.port", port);
        }
    }
    if let Err(error) = outcome {
        match error.status() {
            Some(status) if status.is_client_error() || status.is_server_error() => {
                span.record("error.type", status.as_str());
            }
            _ => {
                span.record("error.type", error_kind(error));
            }
        }
    }
}

/// Records the status of an answer (`http.response.status_code`) on the call's span: the last
/// attempt's stays.
fn trace_status(status: reqwest::StatusCode) {
    if let Some(span) = call_span() {
        span.record("http.response.status_code", status.as_u16());
    }
}

/// Records on the span of the call that the attempt `attempt` (from 0) is sent again after
/// `delay`, with what it got: a status (which `read` reads of an answer, whole or streamed), or
/// the kind of failure.
fn trace_retry<T, E>(attempt: u32, delay: Duration, outcome: &Result<T, Error<E>>, read: fn(&T) -> reqwest::StatusCode) {
    let status = outcome.as_ref().ok().map(|answer| read(answer).as_u16());
    let failure = outcome.as_ref().err().map(error_kind);
    let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
    tracing::info!(
        "http.request.resend_count" = attempt + 1,
        "http.response.status_code" = status,
        "error.type" = failure,
        delay_ms,
        "sending the request again"
    );
}

/// The kind of a failure without an error status, as OpenTelemetry's `error.type`: a few fixed
/// words, `_OTHER` for the rest.
fn error_kind<E>(error: &Error<E>) -> &'static str {
    match error {
        Error::Transport(error) if error.is_timeout() => "timeout",
        Error::Transport(error) if error.is_connect() => "connect",
        Error::Transport(_) => "transport",
        Error::UnexpectedBody { .. } => "unexpected_body",
        Error::BodyTooLarge { .. } => "body_too_large",
        Error::InvalidRequest { .. } => "invalid_request",
        Error::Hook { .. } => "hook",
        _ => "_OTHER",
    }
}
