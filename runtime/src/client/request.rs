//! [`RequestBuilder`]: the request an operation method assembles (path, query, headers,
//! cookies, body), and its sending, retries included.

use std::sync::Arc;

use reqwest::header::{HeaderName, HeaderValue};

use super::http::{AttemptError, Execute};
use super::retry::{Reading, Received};
use super::{Call, Error, Failure, RequestHook, Response, RetryPolicy};

/// One percent-encoded path segment holding a parameter value. URLs cannot carry an empty,
/// `.` or `..` segment (every URL parser removes or resolves them, even percent-encoded), so
/// such values are refused rather than sent to another path.
pub(super) fn path_segment<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, String> {
    let text = super::super::param::to_text(value)?;
    if matches!(text.as_str(), "" | "." | "..") {
        return Err(format!("{text:?} cannot be sent as a path segment"));
    }
    Ok(super::super::param::encode_segment(&text))
}

/// A request being assembled by an operation method. With the `tracing` feature it keeps the
/// path as the spec writes it too (`template`), for the call's span.
pub struct RequestBuilder {
    pub(super) operation: &'static str,
    #[cfg(feature = "tracing")]
    pub(super) template: &'static str,
    pub(super) inner: reqwest::RequestBuilder,
    /// The middleware chain that sends the request, if the client has one.
    pub(super) middleware: Option<Arc<dyn Execute>>,
    /// The base URL, as configured (braces in it are not placeholders).
    pub(super) base_url: String,
    /// The path, placeholders filled as the path parameters arrive.
    pub(super) path: String,
    pub(super) query: Vec<(String, String)>,
    pub(super) cookies: Vec<String>,
    pub(super) error: Option<String>,
    /// The idempotency header and key every attempt carries, if any.
    pub(super) idempotency: Option<(HeaderName, String)>,
    pub(super) retry: RetryPolicy,
    pub(super) request_id_header: Option<HeaderName>,
    pub(super) on_request: Option<RequestHook>,
}

#[allow(dead_code)]
impl RequestBuilder {
    /// Fills the path's `{name}` placeholders with `value`, percent-encoded: a `/`, `?`, `#` or
    /// `..` in a value cannot change which path is requested (the encoded text has no braces
    /// either, so it cannot fill another placeholder).
    pub fn path<T: serde::Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        match path_segment(value) {
            Ok(segment) => self.path = self.path.replace(&format!("{{{name}}}"), &segment),
            Err(message) => self.error = Some(format!("path parameter `{name}`: {message}")),
        }
        self
    }

    /// Adds a query parameter with a scalar value; `None` adds nothing.
    pub fn query<T: serde::Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) => {}
            Ok(_) => match super::super::param::to_text(value) {
                Ok(text) => self.query.push((name.to_string(), text)),
                Err(message) => self.error = Some(format!("query parameter `{name}`: {message}")),
            },
            Err(error) => self.error = Some(format!("query parameter `{name}`: {error}")),
        }
        self
    }

    /// Adds an object query parameter: `deepObject` (`name[key]=value`), exploded `form`
    /// (`key=value` per property) or plain `form` (`name=key,value,…`); `None` adds nothing.
    pub fn query_object<T: serde::Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        deep: bool,
        explode: bool,
    ) -> Self {
        let entries = match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(entries)) => entries,
            Ok(serde_json::Value::Null) => return self,
            Ok(other) => {
                self.error = Some(format!(
                    "query parameter `{name}`: expected an object, found {other}"
                ));
                return self;
            }
            Err(error) => {
                self.error = Some(format!("query parameter `{name}`: {error}"));
                return self;
            }
        };
        let present = entries.iter().filter(|(_, value)| !value.is_null());
        let texts = present.map(|(key, value)| {
            (
                key.clone(),
                super::super::param::to_text(value).unwrap_or_default(),
            )
        });
        if deep {
            self.query
                .extend(texts.map(|(key, text)| (format!("{name}[{key}]"), text)));
        } else if explode {
            self.query.extend(texts);
        } else {
            let joined: Vec<String> = texts.flat_map(|(key, text)| [key, text]).collect();
            self.query.push((name.to_string(), joined.join(",")));
        }
        self
    }

    /// Adds an array query parameter: repeated (`explode`) or joined by `separator`.
    pub fn query_list<T: serde::Serialize>(
        mut self,
        name: &str,
        values: Option<&[T]>,
        explode: bool,
        separator: &str,
    ) -> Self {
        let Some(values) = values else { return self };
        let mut texts = Vec::with_capacity(values.len());
        for value in values {
            match super::super::param::to_text(value) {
                Ok(text) => texts.push(text),
                Err(message) => self.error = Some(format!("query parameter `{name}`: {message}")),
            }
        }
        if explode {
            self.query
                .extend(texts.into_iter().map(|text| (name.to_string(), text)));
        } else {
            self.query.push((name.to_string(), texts.join(separator)));
        }
        self
    }

    /// Adds a header; `None` adds nothing; values that are not valid header text (CR, LF, …)
    /// fail the request before anything is sent.
    pub fn header<T: serde::Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        if matches!(serde_json::to_value(value), Ok(serde_json::Value::Null)) {
            return self;
        }
        let text = super::super::param::to_text(value);
        match text.as_deref().map(HeaderValue::from_str) {
            Ok(Ok(value)) => self.inner = self.inner.header(name, value),
            _ => self.error = Some(format!("header `{name}` has a value that cannot be sent")),
        }
        self
    }

    /// Adds a cookie; `None` adds nothing.
    pub fn cookie<T: serde::Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        if matches!(serde_json::to_value(value), Ok(serde_json::Value::Null)) {
            return self;
        }
        match super::super::param::to_text(value) {
            Ok(text) if !text.contains([';', ',', '\r', '\n']) => {
                self.cookies.push(format!("{name}={text}"))
            }
            _ => self.error = Some(format!("cookie `{name}` has a value that cannot be sent")),
        }
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    pub fn form<T: serde::Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_urlencoded::to_string(body) {
            Ok(text) => {
                self.inner = self
                    .inner
                    .header(
                        reqwest::header::CONTENT_TYPE,
                        "application/x-www-form-urlencoded",
                    )
                    .body(text)
            }
            Err(error) => self.error = Some(format!("cannot encode the form body: {error}")),
        }
        self
    }

    /// Sets a JSON body.
    pub fn json<T: serde::Serialize + ?Sized>(
        mut self,
        content_type: &'static str,
        body: &T,
    ) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.inner = self
                    .inner
                    .header(reqwest::header::CONTENT_TYPE, content_type)
                    .body(bytes)
            }
            Err(error) => self.error = Some(format!("cannot encode the body: {error}")),
        }
        self
    }

    /// Sets an optional JSON body.
    pub fn json_opt<T: serde::Serialize + ?Sized>(
        self,
        content_type: &'static str,
        body: Option<&T>,
    ) -> Self {
        match body {
            Some(body) => self.json(content_type, body),
            None => self,
        }
    }

    /// Sets an optional form body.
    pub fn form_opt<T: serde::Serialize + ?Sized>(self, body: Option<&T>) -> Self {
        match body {
            Some(body) => self.form(body),
            None => self,
        }
    }

    /// Sets a raw or text body.
    pub fn raw<T: Clone + Into<reqwest::Body>>(
        mut self,
        content_type: &'static str,
        body: &T,
    ) -> Self {
        self.inner = self
            .inner
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body.clone());
        self
    }

    /// Sets an optional raw or text body.
    pub fn raw_opt<T: Clone + Into<reqwest::Body>>(
        self,
        content_type: &'static str,
        body: Option<&T>,
    ) -> Self {
        match body {
            Some(body) => self.raw(content_type, body),
            None => self,
        }
    }

    /// The operation's future: sends the request when first polled (retrying as the policy
    /// allows), then decodes the response with `decode`. Every operation method returns it:
    /// the methods stay plain functions, the sending is one state machine for the whole crate
    /// and the decoding one function per operation, and the future borrows nothing.
    pub fn exchange<T, E>(self, decode: fn(Response) -> Result<T, Error<E>>) -> Call<T, E> {
        Call::new(Box::pin(self.send()), decode)
    }

    /// Sends the request (again after each retryable failure, while the retry policy allows
    /// and the request may be repeated) and reads the whole response.
    pub async fn send(self) -> Result<Response, Failure> {
        let sent = self.dispatch(Reading::Whole).await?;
        let operation = sent.operation;
        let body = sent
            .received
            .body
            .bytes()
            .await
            .map_err(|source| Failure::Transport { operation, source })?;
        Ok(Response::new(
            operation,
            sent.received.status,
            sent.received.headers,
            body,
            sent.request_id_header,
        ))
    }

    /// Builds the request and sends it as the retry policy allows, reading each response as
    /// `reading` says.
    pub(super) async fn dispatch(self, reading: Reading) -> Result<Sent, Failure> {
        let operation = self.operation;
        if let Some(message) = self.error {
            return Err(Failure::InvalidRequest { operation, message });
        }
        let mut inner = self.inner;
        if !self.cookies.is_empty() {
            inner = inner.header(reqwest::header::COOKIE, self.cookies.join("; "));
        }
        let (http, request) = inner.build_split();
        let mut request = request.map_err(|source| Failure::Transport { operation, source })?;
        *request.url_mut() = reqwest::Url::parse(&format!("{}{}", self.base_url, self.path))
            .map_err(|error| Failure::InvalidRequest {
                operation,
                message: format!("invalid URL: {error}"),
            })?;
        if !self.query.is_empty() {
            request
                .url_mut()
                .query_pairs_mut()
                .extend_pairs(&self.query);
        }
        // Set last, so the one key replaces any other value and every attempt sends it.
        if let Some((header, key)) = &self.idempotency {
            let value = HeaderValue::from_str(key).map_err(|_| Failure::InvalidRequest {
                operation,
                message: format!("header `{header}` has a value that cannot be sent"),
            })?;
            request.headers_mut().insert(header.clone(), value);
        }
        let repeatable =
            super::retry::idempotent_method(request.method()) || self.idempotency.is_some();
        #[cfg(feature = "tracing")]
        let span = super::trace::call_span(operation, request.method(), self.template);
        let retry = super::retry::Retry {
            policy: &self.retry,
            repeatable,
            hook: self.on_request.as_ref(),
            reading,
            #[cfg(feature = "tracing")]
            span: span.clone(),
        };
        let sending = super::retry::send(&http, self.middleware.as_deref(), request, retry);
        #[cfg(feature = "tracing")]
        let sending = tracing::Instrument::instrument(sending, span);
        let received = sending.await.map_err(|error| match error {
            AttemptError::Http(source) => Failure::Transport { operation, source },
            AttemptError::Middleware(source) => Failure::Middleware { operation, source },
        })?;
        Ok(Sent {
            operation,
            received,
            request_id_header: self.request_id_header,
        })
    }
}

/// A request sent: its answer, and what decoding it needs to know.
pub(super) struct Sent {
    pub(super) operation: &'static str,
    pub(super) received: Received,
    pub(super) request_id_header: Option<HeaderName>,
}
