//! Responses: [`Response`], read in full and decoded by an operation method; [`ResponseValue`],
//! the decoded value with the status and headers it came with; [`ResponseHead`], what an error
//! keeps of a response besides its status.

use std::fmt;
use std::ops::{Deref, DerefMut};

use reqwest::header::{HeaderMap, HeaderName};

use super::{Error, Failure};

/// How much of an unexpected body an error keeps.
const BODY_EXCERPT: usize = 4096;

/// The headers servers name their request ids with when the client was told none.
const REQUEST_ID_HEADERS: [&str; 2] = ["x-request-id", "request-id"];

/// The request id among `headers`: the configured header's, else `x-request-id`'s, else
/// `request-id`'s; `None` when none is present as text.
fn request_id_of(headers: &HeaderMap, configured: Option<&HeaderName>) -> Option<String> {
    let value = match configured {
        Some(name) => headers.get(name),
        None => REQUEST_ID_HEADERS
            .iter()
            .find_map(|name| headers.get(*name)),
    };
    value
        .and_then(|value| value.to_str().ok())
        .map(str::to_string)
}

/// What an error keeps of the response besides its status: the headers, and the request id
/// found among them.
#[derive(Clone, Default)]
pub struct ResponseHead {
    headers: HeaderMap,
    request_id: Option<String>,
}

impl fmt::Debug for ResponseHead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may be credentials (a session cookie set): only their names are shown.
        f.debug_struct("ResponseHead")
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("request_id", &self.request_id)
            .finish()
    }
}

impl ResponseHead {
    /// The head of a response with `headers`, its request id found among them (under
    /// `request_id_header` if the client was told one).
    pub(super) fn of(headers: &HeaderMap, request_id_header: Option<&HeaderName>) -> Self {
        ResponseHead {
            headers: headers.clone(),
            request_id: request_id_of(headers, request_id_header),
        }
    }

    /// The response's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The request id the server gave, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

/// An operation's decoded result with the status and headers it arrived with: what
/// `.with_response()` on an operation's future gives. Dereferences to the value, so the
/// value's fields and methods are at hand; [`ResponseValue::into_inner`] takes it out.
#[derive(Clone)]
pub struct ResponseValue<T> {
    value: T,
    status: http::StatusCode,
    head: ResponseHead,
}

impl<T: fmt::Debug> fmt::Debug for ResponseValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may be credentials (a cookie set): only their names are shown.
        f.debug_struct("ResponseValue")
            .field("value", &self.value)
            .field("status", &self.status)
            .field("headers", &self.head.headers.keys().collect::<Vec<_>>())
            .field("request_id", &self.head.request_id)
            .finish()
    }
}

impl<T> ResponseValue<T> {
    /// `value`, decoded from a response of `status` whose head was taken before decoding.
    pub(super) fn new(value: T, status: http::StatusCode, head: ResponseHead) -> Self {
        ResponseValue {
            value,
            status,
            head,
        }
    }

    /// The decoded value.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The HTTP status.
    pub fn status(&self) -> http::StatusCode {
        self.status
    }

    /// The response's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.head.headers
    }

    /// The request id the server gave (`x-request-id`, `request-id` or the header the client
    /// was told), if any.
    pub fn request_id(&self) -> Option<&str> {
        self.head.request_id()
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for ResponseValue<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

/// A response read in full, being decoded by an operation method.
pub struct Response {
    operation: &'static str,
    status: http::StatusCode,
    headers: HeaderMap,
    body: bytes::Bytes,
    request_id_header: Option<HeaderName>,
}

#[allow(dead_code)]
impl Response {
    /// A response of `operation` as it arrived; `request_id_header` names the request id when
    /// the client was told a header for it.
    pub(super) fn new(
        operation: &'static str,
        status: http::StatusCode,
        headers: HeaderMap,
        body: bytes::Bytes,
        request_id_header: Option<HeaderName>,
    ) -> Self {
        Response {
            operation,
            status,
            headers,
            body,
            request_id_header,
        }
    }

    /// The status code.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The status.
    pub fn status_code(&self) -> http::StatusCode {
        self.status
    }

    /// The headers and request id, as a successful result or an error keeps them.
    pub(super) fn head(&self) -> ResponseHead {
        ResponseHead::of(&self.headers, self.request_id_header.as_ref())
    }

    /// Decodes a JSON body (as the method's result: an undecodable body is its error).
    pub fn json<T: serde::de::DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        self.decode_json().map_err(Error::from)
    }

    /// Decodes a JSON body. A body that fails only because it writes an integer as `3.0`
    /// (an integer, as JSON Schema counts) is read again with such numbers rewritten: the
    /// second pass costs nothing when the first succeeds.
    fn decode_json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Failure> {
        let first_error = match serde_json::from_slice(&self.body) {
            Ok(value) => return Ok(value),
            Err(error) => error,
        };
        let retried = serde_json::from_slice::<serde_json::Value>(&self.body)
            .ok()
            .and_then(|mut value| {
                super::super::numbers::integral_floats_as_integers(&mut value);
                serde_json::from_value(value).ok()
            });
        retried.ok_or_else(|| self.decode_error(first_error.to_string()))
    }

    /// Decodes a text body.
    pub fn text<E>(&self) -> Result<String, Error<E>> {
        String::from_utf8(self.body.to_vec())
            .map_err(|error| self.decode_error(error.to_string()).into())
    }

    /// The raw body.
    pub fn bytes<E>(&self) -> Result<bytes::Bytes, Error<E>> {
        Ok(self.body.clone())
    }

    /// A declared response header, typed; `None` when absent, so a server that leaves out a
    /// documented optional header does not fail a call it completed.
    pub fn header<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<Option<T>, Failure> {
        let Some(value) = self.headers.get(name) else {
            return Ok(None);
        };
        let text = value
            .to_str()
            .map_err(|_| self.decode_error(format!("header `{name}` is not text")))?;
        super::super::param::from_text(text)
            .map(Some)
            .map_err(|error| self.decode_error(format!("header `{name}`: {error}")))
    }

    /// A declared response header the spec marks `required`: its absence is a `Decode` error
    /// (the response breaks the contract), never a made-up value.
    pub fn required_header<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
    ) -> Result<T, Failure> {
        self.header(name)?
            .ok_or_else(|| self.decode_error(format!("missing header `{name}`")))
    }

    /// A documented error response, as the method's result.
    pub fn error<T, E>(&self, response: E) -> Result<T, Error<E>> {
        Err(Error::Status {
            operation: self.operation,
            status: self.status,
            response,
            head: Box::new(self.head()),
        })
    }

    /// A documented error whose JSON body `variant` wraps.
    pub fn json_error<T, E, B: serde::de::DeserializeOwned>(
        &self,
        variant: fn(B) -> E,
    ) -> Result<T, Error<E>> {
        self.error(variant(self.decode_json()?))
    }

    /// A documented error of a status range (or `default`): `variant` wraps the status and
    /// the JSON body.
    pub fn json_error_with_status<T, E, B: serde::de::DeserializeOwned>(
        &self,
        variant: fn(http::StatusCode, B) -> E,
    ) -> Result<T, Error<E>> {
        self.error(variant(self.status, self.decode_json()?))
    }

    /// An undocumented status.
    pub fn unexpected<T, E>(&self) -> Result<T, Error<E>> {
        Err(Failure::UnexpectedStatus {
            operation: self.operation,
            status: self.status,
            body: self.excerpt(),
            head: Box::new(self.head()),
        }
        .into())
    }

    fn decode_error(&self, message: String) -> Failure {
        Failure::Decode {
            operation: self.operation,
            status: self.status,
            message,
            body: self.excerpt(),
            head: Box::new(self.head()),
        }
    }

    fn excerpt(&self) -> String {
        let end = self.body.len().min(BODY_EXCERPT);
        String::from_utf8_lossy(&self.body[..end]).into_owned()
    }
}

#[cfg(test)]
mod tests;
