//! [`RequestOptions`]: settings for some requests rather than all, sent by the view of a
//! client that `Client::with` makes.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};

use super::{BuildError, RetryPolicy, header_pair};

/// Settings for some requests rather than all: a client's `with` makes a view that sends them.
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(super) headers: HeaderMap,
    pub(super) timeout: Option<Duration>,
    pub(super) idempotency_key: Option<String>,
    pub(super) retry: Option<RetryPolicy>,
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may be credentials: only their names are shown.
        f.debug_struct("RequestOptions")
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("timeout", &self.timeout)
            .field("idempotency_key", &self.idempotency_key)
            .field("retry", &self.retry)
            .finish()
    }
}

impl RequestOptions {
    /// No settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends `name: value`, in place of a client-wide header of that name. Values with CR, LF
    /// or other bytes invalid in a header are refused.
    pub fn header(mut self, name: &str, value: &str) -> Result<Self, BuildError> {
        let (name, value) = header_pair(name, value)?;
        self.headers.insert(name, value);
        Ok(self)
    }

    /// Sends `key` as the idempotency key (in the API's idempotency header, `Idempotency-Key`
    /// unless the API names another), so a server that honours it performs the request once
    /// however often it arrives; POST and PATCH requests that carry one are retried, with the
    /// same key. Every request of the view carries it: make one view per logical request.
    pub fn idempotency_key(mut self, key: &str) -> Result<Self, BuildError> {
        HeaderValue::from_str(key)
            .map_err(|_| BuildError::InvalidHeader("idempotency key".to_string()))?;
        self.idempotency_key = Some(key.to_string());
        Ok(self)
    }

    /// Gives up on each attempt after `timeout`, from sending it to reading the last byte of
    /// the response.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retries these requests by `policy` instead of the client's (`RetryPolicy::none()`: not
    /// at all).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }
}
