//! The server's machinery: the request context, parameter and body decoding, and the
//! `application/problem+json` answers of the generated axum router.

#[cfg(feature = "multipart")]
mod multipart;
#[cfg(feature = "multipart")]
pub use multipart::FormData;
#[cfg(feature = "streams")]
pub mod events;
#[cfg(feature = "streams")]
pub use events::Events;
#[cfg(feature = "streamed-bodies")]
pub mod lines;
#[cfg(feature = "validation")]
pub mod validate;

use axum::body::Body;
use axum::extract::RawPathParams;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// What a handler knows about the request besides its decoded parameters and body.
#[derive(Debug)]
pub struct RequestContext {
    /// The request method.
    pub method: http::Method,
    /// The request URI.
    pub uri: http::Uri,
    /// All request headers (credentials, tenant headers, tracing headers, …).
    pub headers: HeaderMap,
    /// Extensions set by middleware (an authenticated principal, for example).
    pub extensions: http::Extensions,
}

impl RequestContext {
    /// The context of a request, from its head (what a handler is given; handy in tests).
    pub fn new(parts: http::request::Parts) -> Self {
        RequestContext {
            method: parts.method,
            uri: parts.uri,
            headers: parts.headers,
            extensions: parts.extensions,
        }
    }
}

/// How the router answers a request it refuses (see [`RouterOptions::rejection_response`]).
pub type RejectionResponder = std::sync::Arc<dyn Fn(Rejection) -> Response + Send + Sync>;

/// Settings of the generated router.
#[derive(Clone)]
pub struct RouterOptions {
    /// Largest request body accepted, in bytes; larger ones get 413. Default: 2 MiB.
    pub body_limit: usize,
    /// How a refused request (malformed, not matching the API description, too large) is
    /// answered. Default: `application/problem+json`. An API whose description documents its
    /// own error body (a `400` or `default` response with its `Error` schema) answers with that
    /// instead, so its clients read every error the same way.
    pub rejection_response: Option<RejectionResponder>,
}

impl Default for RouterOptions {
    fn default() -> Self {
        RouterOptions {
            body_limit: 2 * 1024 * 1024,
            rejection_response: None,
        }
    }
}

impl std::fmt::Debug for RouterOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RouterOptions")
            .field("body_limit", &self.body_limit)
            .field(
                "rejection_response",
                &self.rejection_response.as_ref().map(|_| "custom"),
            )
            .finish()
    }
}

impl RouterOptions {
    /// Answers refused requests with `respond` instead of `application/problem+json`.
    pub fn with_rejection_response(
        mut self,
        respond: impl Fn(Rejection) -> Response + Send + Sync + 'static,
    ) -> Self {
        self.rejection_response = Some(std::sync::Arc::new(respond));
        self
    }

    /// The answer to a refused request.
    pub fn answer(&self, rejection: Rejection) -> Response {
        match &self.rejection_response {
            Some(respond) => respond(rejection),
            None => rejection.into_response(),
        }
    }
}

/// An `application/problem+json` (RFC 9457) response; the router's answer to bad requests.
pub fn problem(status: StatusCode, detail: impl Into<String>) -> Response {
    let body = serde_json::json!({
        "type": "about:blank",
        "title": status.canonical_reason().unwrap_or("Error"),
        "status": status.as_u16(),
        "detail": detail.into(),
    });
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

/// Why the router refused a request before it reached the service; answered as
/// `application/problem+json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The status to answer with (400, 413, 415, …).
    pub status: StatusCode,
    /// What was wrong, for the problem's `detail`.
    pub detail: String,
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        problem(self.status, self.detail)
    }
}

/// What decoding a request gives a handler: the typed request, or why it was refused.
pub type Decoded<T> = Result<T, Rejection>;

/// Runs a handler's decoding steps (a closure, so `?` can stop at the first refusal).
pub fn decode<T>(steps: impl FnOnce() -> Decoded<T>) -> Decoded<T> {
    steps()
}

fn reject(status: StatusCode, detail: impl Into<String>) -> Rejection {
    Rejection {
        status,
        detail: detail.into(),
    }
}

/// Fallback for paths the API does not have.
pub async fn not_found(uri: http::Uri) -> Response {
    problem(
        StatusCode::NOT_FOUND,
        format!("no operation at {}", uri.path()),
    )
}

/// Fallback for methods a path does not have.
pub async fn method_not_allowed(method: http::Method, uri: http::Uri) -> Response {
    problem(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} is not allowed on {}", uri.path()),
    )
}

/// Query string pairs, decoded.
pub struct Query(Vec<(String, String)>);

#[allow(dead_code)]
impl Query {
    /// Parses the query string of `uri`.
    pub fn parse(uri: &http::Uri) -> Result<Self, Rejection> {
        let pairs = serde_urlencoded::from_str::<Vec<(String, String)>>(uri.query().unwrap_or(""))
            .map_err(|error| {
                reject(
                    StatusCode::BAD_REQUEST,
                    format!("invalid query string: {error}"),
                )
            })?;
        Ok(Query(pairs))
    }

    /// A required scalar parameter.
    pub fn required<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<T, Rejection> {
        self.optional(name)?.ok_or_else(|| {
            reject(
                StatusCode::BAD_REQUEST,
                format!("missing query parameter `{name}`"),
            )
        })
    }

    /// An optional scalar parameter.
    pub fn optional<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
    ) -> Result<Option<T>, Rejection> {
        let mut values = self.0.iter().filter(|(key, _)| key == name);
        let Some((_, text)) = values.next() else {
            return Ok(None);
        };
        if values.next().is_some() {
            return Err(reject(
                StatusCode::BAD_REQUEST,
                format!("query parameter `{name}` is repeated"),
            ));
        }
        super::param::from_text(text).map(Some).map_err(|error| {
            reject(
                StatusCode::BAD_REQUEST,
                format!("invalid query parameter `{name}`: {error}"),
            )
        })
    }

    /// An object parameter: `deepObject` (`name[key]=value`), exploded `form` (its properties
    /// are query parameters of their own) or plain `form` (`name=key,value,…`). `None` when
    /// absent.
    pub fn object<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
        deep: bool,
        explode: bool,
    ) -> Result<Option<T>, Rejection> {
        let pairs: Vec<(String, String)> = if deep {
            let prefix = format!("{name}[");
            self.0
                .iter()
                .filter_map(|(key, value)| {
                    let inner = key.strip_prefix(&prefix)?.strip_suffix(']')?;
                    Some((inner.to_string(), value.clone()))
                })
                .collect()
        } else if explode {
            self.0.clone()
        } else {
            let Some(value) = self.optional::<String>(name)? else {
                return Ok(None);
            };
            let items: Vec<&str> = value.split(',').collect();
            items
                .chunks(2)
                .map(|pair| {
                    (
                        pair[0].to_string(),
                        pair.get(1).copied().unwrap_or("").to_string(),
                    )
                })
                .collect()
        };
        if pairs.is_empty() {
            return Ok(None);
        }
        // serde_urlencoded reads numbers and booleans out of text where the type wants them.
        let encoded = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        serde_urlencoded::from_str(&encoded)
            .map(Some)
            .map_err(|error| {
                reject(
                    StatusCode::BAD_REQUEST,
                    format!("invalid query parameter `{name}`: {error}"),
                )
            })
    }

    /// An array parameter: repeated (`explode`) or joined by `separator`. `None` when absent.
    pub fn list<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
        explode: bool,
        separator: &str,
    ) -> Result<Option<Vec<T>>, Rejection> {
        let texts: Vec<&str> = self
            .0
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect();
        if texts.is_empty() {
            return Ok(None);
        }
        let items: Vec<&str> = if explode {
            texts
        } else {
            texts
                .iter()
                .flat_map(|text| text.split(separator))
                .collect()
        };
        items
            .into_iter()
            .map(|text| super::param::from_text(text))
            .collect::<Result<Vec<T>, String>>()
            .map(Some)
            .map_err(|error| {
                reject(
                    StatusCode::BAD_REQUEST,
                    format!("invalid query parameter `{name}`: {error}"),
                )
            })
    }
}

/// A path parameter, decoded and typed: the segment captured as `key`, less the literal
/// `prefix` and `suffix` the template puts beside the parameter (`{id}:accept`).
pub fn path_param<T: serde::de::DeserializeOwned>(
    params: &RawPathParams,
    key: &str,
    name: &str,
    prefix: &str,
    suffix: &str,
) -> Result<T, Rejection> {
    let segment = params
        .iter()
        .find(|(captured, _)| *captured == key)
        .map(|(_, value)| value)
        .ok_or_else(|| {
            reject(
                StatusCode::BAD_REQUEST,
                format!("missing path parameter `{name}`"),
            )
        })?;
    let text = segment
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(suffix))
        .ok_or_else(|| reject(StatusCode::NOT_FOUND, "no operation at this path"))?;
    super::param::from_text(text).map_err(|error| {
        reject(
            StatusCode::BAD_REQUEST,
            format!("invalid path parameter `{name}`: {error}"),
        )
    })
}

/// A header parameter. `None` when absent.
#[allow(dead_code)]
pub fn header_param<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    name: &str,
) -> Result<Option<T>, Rejection> {
    let Some(value) = headers.get(name) else {
        return Ok(None);
    };
    let text = value.to_str().map_err(|_| {
        reject(
            StatusCode::BAD_REQUEST,
            format!("header `{name}` is not valid text"),
        )
    })?;
    super::param::from_text(text).map(Some).map_err(|error| {
        reject(
            StatusCode::BAD_REQUEST,
            format!("invalid header `{name}`: {error}"),
        )
    })
}

/// A required parameter that was absent.
#[allow(dead_code)]
pub fn missing(location: &str, name: &str) -> Rejection {
    reject(
        StatusCode::BAD_REQUEST,
        format!("missing {location} `{name}`"),
    )
}

/// Reads the whole body, refusing more than `limit` bytes with 413.
pub async fn read_body(body: Body, limit: usize) -> Result<bytes::Bytes, Rejection> {
    axum::body::to_bytes(body, limit)
        .await
        .map_err(|error| -> Rejection {
            // `to_bytes` reads through http-body-util's `Limited`, whose typed error is the
            // one sure sign the limit was hit (a message's text is not).
            let too_large = std::error::Error::source(&error)
                .is_some_and(|source| source.is::<http_body_util::LengthLimitError>());
            if too_large {
                reject(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("the request body is larger than {limit} bytes"),
                )
            } else {
                reject(
                    StatusCode::BAD_REQUEST,
                    format!("cannot read the request body: {error}"),
                )
            }
        })
}

/// Decodes a JSON body; `None` when the body is empty and not required.
#[allow(dead_code)]
pub fn json_body<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
    required: bool,
) -> Result<Option<T>, Rejection> {
    if body.is_empty() && !required {
        return Ok(None);
    }
    if body.is_empty() {
        return Err(reject(
            StatusCode::BAD_REQUEST,
            "a JSON request body is required",
        ));
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if !(essence == "application/json" || essence.ends_with("+json") || essence == "text/json") {
        return Err(reject(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("expected a JSON body, got content type `{content_type}`"),
        ));
    }
    let invalid = |error: serde_json::Error| {
        reject(
            StatusCode::BAD_REQUEST,
            format!("invalid JSON body: {error}"),
        )
    };
    // Read straight from the bytes: the generated types take `3.0` where an integer belongs
    // (`integral`), and free-form values arrive exactly as sent.
    super::present::refusing_null(|| serde_json::from_slice::<T>(body))
        .map(Some)
        .map_err(invalid)
}

/// A JSON response.
pub fn json_response<T: serde::Serialize>(
    status: StatusCode,
    content_type: &'static str,
    body: &T,
) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => with_content_type(status, content_type, bytes.into()),
        Err(error) => problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot encode the response: {error}"),
        ),
    }
}

/// A response with a raw or text body.
pub fn with_content_type(status: StatusCode, content_type: &'static str, body: Body) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// Sets a declared response header; `None` sets nothing, and a value that is not valid header
/// text is left out rather than sent.
pub fn set_header<T: serde::Serialize + ?Sized>(
    response: &mut Response,
    name: &'static str,
    value: &T,
) {
    if matches!(serde_json::to_value(value), Ok(serde_json::Value::Null)) {
        return;
    }
    let name = http::HeaderName::from_bytes(name.as_bytes());
    let value = super::param::to_text(value)
        .ok()
        .and_then(|text| HeaderValue::from_str(&text).ok());
    if let (Ok(name), Some(value)) = (name, value) {
        response.headers_mut().insert(name, value);
    }
}

/// A response without a body.
pub fn empty(status: StatusCode) -> Response {
    status.into_response()
}

/// Turns a failed path extraction (bad percent-encoding) into a rejection.
pub fn bad_path(error: impl std::fmt::Display) -> Rejection {
    reject(StatusCode::BAD_REQUEST, format!("invalid path: {error}"))
}

/// A cookie parameter. `None` when absent.
#[allow(dead_code)]
pub fn cookie_param<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    name: &str,
) -> Result<Option<T>, Rejection> {
    let cookies = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok());
    let found = cookies
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name);
    let Some((_, text)) = found else {
        return Ok(None);
    };
    super::param::from_text(text).map(Some).map_err(|error| {
        reject(
            StatusCode::BAD_REQUEST,
            format!("invalid cookie `{name}`: {error}"),
        )
    })
}

/// Decodes a required JSON body.
#[allow(dead_code)]
pub fn required_json<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, Rejection> {
    json_body(headers, body, true)?
        .ok_or_else(|| reject(StatusCode::BAD_REQUEST, "a JSON request body is required"))
}

/// Decodes an `application/x-www-form-urlencoded` body; `None` when empty and not required.
#[allow(dead_code)]
pub fn form_body<T: serde::de::DeserializeOwned>(
    body: &[u8],
    required: bool,
) -> Result<Option<T>, Rejection> {
    if body.is_empty() && !required {
        return Ok(None);
    }
    serde_urlencoded::from_bytes(body)
        .map(Some)
        .map_err(|error| {
            reject(
                StatusCode::BAD_REQUEST,
                format!("invalid form body: {error}"),
            )
        })
}

/// Decodes a text body; `None` when empty and not required.
#[allow(dead_code)]
pub fn text_body(body: bytes::Bytes, required: bool) -> Result<Option<String>, Rejection> {
    if body.is_empty() && !required {
        return Ok(None);
    }
    String::from_utf8(body.to_vec()).map(Some).map_err(|_| {
        reject(
            StatusCode::BAD_REQUEST,
            "the request body is not valid UTF-8",
        )
    })
}

/// A raw body; `None` when empty and not required.
#[allow(dead_code)]
pub fn binary_body(body: bytes::Bytes, required: bool) -> Option<bytes::Bytes> {
    (required || !body.is_empty()).then_some(body)
}

/// A status code from the API description (always in 100..=599, checked when generating).
pub fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// What every handler of a router shares: the service and the router's settings.
pub struct Shared<S> {
    /// The user's implementation.
    pub service: std::sync::Arc<S>,
    /// Router settings.
    pub options: std::sync::Arc<RouterOptions>,
}

impl<S> Clone for Shared<S> {
    fn clone(&self) -> Self {
        Shared {
            service: self.service.clone(),
            options: self.options.clone(),
        }
    }
}

#[cfg(test)]
mod tests;
