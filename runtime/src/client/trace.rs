//! One `tracing` span per operation call (feature `tracing`), named `oasgen.call`, at the INFO
//! level. Its fields follow OpenTelemetry's HTTP client names where there is one:
//! `operation` (the Rust method name), `http.request.method`, `url.template` (the spec's path,
//! placeholders unfilled: low cardinality, no parameter values), `http.response.status_code`
//! (the last attempt's) and `attempt` (1 for the first; its last value is how many were made).
//! A retried attempt also gives a DEBUG event in the span, with its status or error and the
//! wait. Without the feature none of this is compiled.

use std::time::Duration;

use tracing::field::Empty;

use super::http::AttemptError;

/// The span of one call, its status and attempt count to be recorded as they are known.
pub(super) fn call_span(
    operation: &'static str,
    method: &reqwest::Method,
    template: &'static str,
) -> tracing::Span {
    tracing::info_span!(
        "oasgen.call",
        operation,
        "http.request.method" = method.as_str(),
        "url.template" = template,
        "http.response.status_code" = Empty,
        attempt = Empty,
    )
}

/// Attempt `number` (1 for the first) is starting.
pub(super) fn attempt(span: &tracing::Span, number: u32) {
    span.record("attempt", number);
}

/// An attempt ended: its status, when a response arrived (the attempt's outcome, its
/// response reduced to the status: the retry loop owns what an attempt received).
pub(super) fn outcome(span: &tracing::Span, outcome: Result<http::StatusCode, &AttemptError>) {
    if let Ok(status) = outcome {
        span.record("http.response.status_code", status.as_u16());
    }
}

/// An attempt failed and another follows after `wait`.
pub(super) fn retrying(outcome: Result<http::StatusCode, &AttemptError>, wait: Duration) {
    match outcome {
        Ok(status) => tracing::debug!(
            status = status.as_u16(),
            wait_ms = wait.as_millis(),
            "retrying"
        ),
        Err(error) => tracing::debug!(
            error = failure_kind(error),
            wait_ms = wait.as_millis(),
            "retrying"
        ),
    }
}

/// What kind of failure an attempt had, without its text: reqwest's text names the URL, which
/// may hold a credential (an API key in the query).
fn failure_kind(error: &AttemptError) -> &'static str {
    match error {
        AttemptError::Http(error) if error.is_timeout() => "timeout",
        AttemptError::Http(error) if error.is_connect() => "connect",
        AttemptError::Http(error) if error.is_body() || error.is_decode() => "body",
        AttemptError::Http(_) => "request",
        AttemptError::Middleware(_) => "middleware",
    }
}

#[cfg(test)]
mod tests;
