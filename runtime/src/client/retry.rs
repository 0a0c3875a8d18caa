//! Retries: the policy a client (or one request) follows, which failures and methods qualify,
//! how long to wait (exponential backoff with full jitter, or the server's `Retry-After`), and
//! the loop that sends a request until it succeeds or the policy gives up.
//!
//! Our own loop rather than a retry crate's, because what it must do is about the request, not
//! the schedule: each attempt sends a copy of the one built request (the same body bytes, the
//! same idempotency key), a body that cannot be copied (a streamed multipart file) is sent once,
//! and `Retry-After` is read from the response before the next wait is chosen.

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::HeaderMap;

use super::http::{AttemptError, Execute};

/// When and how often a request is tried again: after a connection or timeout failure, or a
/// 408, 429, 500, 502, 503 or 504 answer. GET, HEAD, OPTIONS, PUT and DELETE requests are
/// retried; POST and PATCH only when they carry an idempotency key (the same key every time).
///
/// The wait before retry `n` (from 0) is random between zero and
/// `min(max_delay, initial_delay × 2ⁿ)` (full jitter: clients that failed together do not
/// return together), unless the answer says `Retry-After`, which is honoured up to
/// `max_delay`. No attempt starts once `max_elapsed` would be passed by the wait before it.
/// The default: 3 attempts, 250 ms initial delay, 8 s maximum delay, 30 s in all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_delay: Duration,
    max_delay: Duration,
    max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            max_elapsed: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The default policy (see the type's documentation).
    pub fn new() -> Self {
        Self::default()
    }

    /// No retries: each request is sent once.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// At most `attempts` sends of one request, the first included (`1`: no retries; `0` is
    /// read as `1`).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The upper bound of the first wait; each later one doubles it.
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The longest wait between two attempts, a server's `Retry-After` included.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest time from the first attempt to the start of the last one.
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// Whether this policy ever retries.
    pub fn retries(&self) -> bool {
        self.max_attempts > 1
    }

    /// The wait before retry `retry` (0 for the first): the server's ask, capped, or a random
    /// point of the backoff window.
    fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(asked) = retry_after {
            return asked.min(self.max_delay);
        }
        let window = self
            .initial_delay
            .saturating_mul(2u32.saturating_pow(retry))
            .min(self.max_delay);
        let nanos = u64::try_from(window.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(random_u64().checked_rem(nanos + 1).unwrap_or(0))
    }
}

/// Whether a method may be sent twice without doing twice what it does (RFC 9110 §9.2.2).
pub(super) fn idempotent_method(method: &reqwest::Method) -> bool {
    use reqwest::Method;
    [
        Method::GET,
        Method::HEAD,
        Method::OPTIONS,
        Method::PUT,
        Method::DELETE,
        Method::TRACE,
    ]
    .contains(method)
}

/// Answers that say "try again": a timeout, too many requests, and the server-side failures
/// that are usually passing (not 501, which will not change).
fn retryable_status(status: http::StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// Transport failures worth another attempt: no connection, a timeout, a request or response
/// cut off (a connection reset mid-body). Not a request reqwest could not build, nor a
/// redirect loop, nor a middleware's own failure (it has decided).
fn retryable_error(error: &AttemptError) -> bool {
    let AttemptError::Http(error) = error else {
        return false;
    };
    error.is_connect()
        || error.is_timeout()
        || error.is_request()
        || error.is_body()
        || error.is_decode()
}

/// The wait a `Retry-After` header asks for: delta-seconds or an HTTP-date (a date already
/// past asks for none). `None` when absent or unreadable.
pub(super) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// 64 random bits, from the standard library's randomly keyed hasher (each `RandomState` is
/// keyed apart, from a per-thread seed the OS gave): enough for jitter and for keys that must
/// be unique, without a random-number crate in every generated client.
pub(super) fn random_u64() -> u64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0x6f61_7367_656e);
    hasher.finish()
}

/// A response as it arrived.
pub(super) struct Received {
    pub(super) status: http::StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: Body,
}

/// A response's body: read in full, or (a success being streamed) left to its reader.
pub(super) enum Body {
    /// Every byte, read.
    Read(bytes::Bytes),
    /// Not read yet.
    Unread(reqwest::Response),
}

impl Body {
    /// Every byte, reading what is not read yet.
    pub(super) async fn bytes(self) -> Result<bytes::Bytes, reqwest::Error> {
        match self {
            Body::Read(bytes) => Ok(bytes),
            Body::Unread(response) => response.bytes().await,
        }
    }
}

/// How much of a response an attempt reads before the retry decision.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    /// All of it: a body cut short is retried like a failed connection.
    Whole,
    /// A success's head only, its body left to be streamed (never retried once it flows);
    /// other statuses whole.
    SuccessStreamed,
}

/// Sends `request` once (through the middleware, if any), reading the response as `reading`
/// says.
async fn attempt(
    http: &reqwest::Client,
    middleware: Option<&dyn Execute>,
    request: reqwest::Request,
    reading: Reading,
) -> Result<Received, AttemptError> {
    let response = super::http::execute(http, middleware, request).await?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = if reading == Reading::SuccessStreamed && status.is_success() {
        Body::Unread(response)
    } else {
        Body::Read(response.bytes().await?)
    };
    Ok(Received {
        status,
        headers,
        body,
    })
}

/// How one request is retried: the policy, whether the request may be repeated at all (its
/// method, or an idempotency key), and the hook each attempt runs before it is sent; with the
/// `tracing` feature, the call's span, where each attempt and its status are recorded.
pub(super) struct Retry<'a> {
    pub(super) policy: &'a RetryPolicy,
    pub(super) repeatable: bool,
    pub(super) hook: Option<&'a super::RequestHook>,
    pub(super) reading: Reading,
    #[cfg(feature = "tracing")]
    pub(super) span: tracing::Span,
}

/// Sends `request`, again after each retryable failure while the policy allows (and the
/// request may be repeated); returns the last outcome. Each attempt sends a copy of the request
/// made before the hook ran on it: the same URL, headers and body bytes, the hook run anew.
pub(super) async fn send(
    http: &reqwest::Client,
    middleware: Option<&dyn Execute>,
    mut request: reqwest::Request,
    retry: Retry<'_>,
) -> Result<Received, AttemptError> {
    let policy = retry.policy;
    let started = Instant::now();
    let mut attempt_index = 0;
    loop {
        let more = retry.repeatable && attempt_index + 1 < policy.max_attempts;
        // A body that cannot be copied (a stream) is sent once.
        let copy = if more { request.try_clone() } else { None };
        if let Some(hook) = retry.hook {
            hook.run(&mut request);
        }
        #[cfg(feature = "tracing")]
        super::trace::attempt(&retry.span, attempt_index + 1);
        let outcome = attempt(http, middleware, request, retry.reading).await;
        #[cfg(feature = "tracing")]
        super::trace::outcome(&retry.span, outcome.as_ref().map(|got| got.status));
        let Some(copy) = copy else {
            return outcome;
        };
        let wait = match &outcome {
            Ok(received) if retryable_status(received.status) => policy.delay(
                attempt_index,
                retry_after(&received.headers, SystemTime::now()),
            ),
            Err(error) if retryable_error(error) => policy.delay(attempt_index, None),
            _ => return outcome,
        };
        if started.elapsed().saturating_add(wait) > policy.max_elapsed {
            return outcome;
        }
        #[cfg(feature = "tracing")]
        super::trace::retrying(outcome.as_ref().map(|got| got.status), wait);
        tokio::time::sleep(wait).await;
        request = copy;
        attempt_index += 1;
    }
}

#[cfg(test)]
pub(super) mod tests;
