//! The client's machinery: the `Client` and its builder, the `Error` every operation returns,
//! and the request and response helpers the generated operation methods are written with.

#[cfg(feature = "multipart")]
mod multipart;
#[cfg(feature = "multipart")]
pub use multipart::Form;
#[cfg(feature = "streams")]
mod events;
#[cfg(feature = "streams")]
pub use events::EventStream;
#[cfg(feature = "pagination")]
mod pages;
#[cfg(feature = "pagination")]
pub use pages::paginate;

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// A client for the API. Cheap to clone: clones share one connection pool.
///
/// Each operation method encodes its request when called and returns a `Send + 'static`
/// future that sends it when first polled: the future borrows neither the client nor the
/// arguments.
#[derive(Clone)]
pub struct Client {
    base_url: String,
    http: reqwest::Client,
    headers: HeaderMap,
    credentials: Credentials,
    timeout: Option<Duration>,
}

/// How long the built-in HTTP client waits for a connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the built-in HTTP client waits for the next bytes of a response. An idle limit, not
/// a deadline: a long download or stream that keeps sending is not cut
/// ([`ClientBuilder::timeout`] sets a deadline for the whole request).
pub const READ_TIMEOUT: Duration = Duration::from_secs(60);

/// The HTTP client used when none is given: connection and idle limits set.
fn default_http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(READ_TIMEOUT)
        .build()
        // Building fails only if the TLS backend cannot start; `Client::new` cannot return an
        // error, so it falls back to reqwest's own default client, as it always used (callers
        // who want the error use the builder, whose `build` returns it).
        .unwrap_or_else(|_| reqwest::Client::new())
}

/// Credentials sent with every request besides headers; never shown by `Debug`.
#[derive(Clone, Default)]
struct Credentials {
    query: Vec<(String, String)>,
    cookies: Vec<String>,
    basic: Option<(String, String)>,
}

impl Credentials {
    fn names(&self) -> Vec<&str> {
        let query = self.query.iter().map(|(name, _)| name.as_str());
        let cookies = self
            .cookies
            .iter()
            .filter_map(|cookie| cookie.split('=').next());
        let basic = self.basic.as_ref().map(|_| "basic auth");
        query.chain(cookies).chain(basic).collect()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may be credentials: only their names are shown.
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("credentials", &self.credentials.names())
            .finish()
    }
}

impl Client {
    /// A client for the API at `base_url`, with default settings.
    pub fn new(base_url: impl Into<String>) -> Self {
        Client {
            base_url: trim_base(base_url.into()),
            http: default_http_client(),
            headers: HeaderMap::new(),
            credentials: Credentials::default(),
            timeout: None,
        }
    }

    /// Sends `User-Agent: agent` with every request (generated crates name themselves and
    /// oasgen here); an agent that is not valid header text is left out.
    pub fn with_user_agent(mut self, agent: &str) -> Self {
        set_user_agent(&mut self.headers, agent);
        self
    }

    /// A builder for a client for the API at `base_url`.
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            base_url: trim_base(base_url.into()),
            http: None,
            headers: HeaderMap::new(),
            credentials: Credentials::default(),
            timeout: None,
        }
    }

    /// A view of this client whose requests carry `options` as well: its headers replace the
    /// client's of the same name, its timeout replaces the client's deadline. Cheap (clones
    /// share the connection pool); the client itself is unchanged.
    pub fn with(&self, options: RequestOptions) -> Client {
        let mut view = self.clone();
        for (name, value) in options.headers {
            if let Some(name) = name {
                view.headers.insert(name, value);
            }
        }
        if options.timeout.is_some() {
            view.timeout = options.timeout;
        }
        view
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The underlying HTTP client.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.http
    }

    /// Starts a request to `path`, a template whose `{name}` placeholders [`RequestBuilder::path`]
    /// fills.
    #[doc(hidden)]
    pub fn request(
        &self,
        operation: &'static str,
        method: reqwest::Method,
        path: &str,
    ) -> RequestBuilder {
        // The URL is set when the request is sent, once the placeholders are filled.
        let mut inner = self
            .http
            .request(method, self.base_url.as_str())
            .headers(self.headers.clone());
        if let Some((user, password)) = &self.credentials.basic {
            inner = inner.basic_auth(user, Some(password));
        }
        // Per request, so the deadline holds with a caller's own HTTP client too.
        if let Some(timeout) = self.timeout {
            inner = inner.timeout(timeout);
        }
        RequestBuilder {
            operation,
            inner,
            base_url: self.base_url.clone(),
            path: path.to_string(),
            query: self.credentials.query.clone(),
            cookies: self.credentials.cookies.clone(),
            error: None,
        }
    }
}

fn trim_base(mut base_url: String) -> String {
    while base_url.ends_with('/') {
        base_url.pop();
    }
    base_url
}

/// A header from text, refused (naming the header, never showing the value) when either part
/// is not valid header text: CR and LF above all, which would smuggle in another header.
fn header_pair(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), BuildError> {
    let invalid = || BuildError::InvalidHeader(name.to_string());
    let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
    let header_value = HeaderValue::from_str(value).map_err(|_| invalid())?;
    Ok((header_name, header_value))
}

/// Sets `User-Agent` to `agent`, or leaves it as it was when `agent` is not valid header text.
fn set_user_agent(headers: &mut HeaderMap, agent: &str) {
    if let Ok(value) = HeaderValue::from_str(agent) {
        headers.insert(reqwest::header::USER_AGENT, value);
    }
}

/// Settings for some requests rather than all: a client's `with` makes a view that sends them.
#[derive(Clone, Default)]
pub struct RequestOptions {
    headers: HeaderMap,
    timeout: Option<Duration>,
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may be credentials: only their names are shown.
        f.debug_struct("RequestOptions")
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("timeout", &self.timeout)
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

    /// Sends `Idempotency-Key: key`, so a server that honours it performs the request once
    /// however often it arrives.
    pub fn idempotency_key(self, key: &str) -> Result<Self, BuildError> {
        self.header("idempotency-key", key)
    }

    /// Gives up on each request after `timeout`, from sending it to reading the last byte of
    /// the response.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
}

/// Configures a [`Client`].
pub struct ClientBuilder {
    base_url: String,
    http: Option<reqwest::Client>,
    headers: HeaderMap,
    credentials: Credentials,
    timeout: Option<Duration>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("credentials", &self.credentials.names())
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl ClientBuilder {
    /// Sends `User-Agent: agent` unless [`ClientBuilder::header`] sets another; an agent that is
    /// not valid header text is left out.
    pub fn default_user_agent(mut self, agent: &str) -> Self {
        set_user_agent(&mut self.headers, agent);
        self
    }

    /// Sends `name: value` with every request. Values with CR, LF or other bytes invalid in a
    /// header are refused.
    pub fn header(mut self, name: &str, value: &str) -> Result<Self, BuildError> {
        let (name, value) = header_pair(name, value)?;
        self.headers.insert(name, value);
        Ok(self)
    }

    /// Sends a credential header (an API key) with every request; it never appears in `Debug`
    /// output or errors.
    pub fn secret_header(mut self, name: &str, value: &str) -> Result<Self, BuildError> {
        let (name, mut value) = header_pair(name, value)?;
        value.set_sensitive(true);
        self.headers.insert(name, value);
        Ok(self)
    }

    /// Sends `Authorization: Bearer <token>` with every request.
    pub fn bearer_token(self, token: &str) -> Result<Self, BuildError> {
        self.secret_header("authorization", &format!("Bearer {token}"))
    }

    /// Sends `name=value` in the query string of every request (an API key in the query); it
    /// never appears in `Debug` output or errors.
    pub fn secret_query(mut self, name: &str, value: &str) -> Self {
        self.credentials
            .query
            .push((name.to_string(), value.to_string()));
        self
    }

    /// Sends a cookie with every request (an API key in a cookie). Names that are not tokens
    /// (empty, or with spaces, `=`, `;`, quotes, …) and values with `;`, `,`, CR or LF are
    /// refused.
    pub fn secret_cookie(mut self, name: &str, value: &str) -> Result<Self, BuildError> {
        if !is_token(name) || value.contains([';', ',', '\r', '\n']) {
            return Err(BuildError::InvalidHeader(format!("cookie {name}")));
        }
        self.credentials.cookies.push(format!("{name}={value}"));
        Ok(self)
    }

    /// Sends `Authorization: Basic …` with every request.
    pub fn basic_auth(mut self, user: &str, password: &str) -> Self {
        self.credentials.basic = Some((user.to_string(), password.to_string()));
        self
    }

    /// Gives up on a request after `timeout`, from sending it to reading the last byte of the
    /// response; applied to each request, so it holds with [`ClientBuilder::http_client`] too.
    /// Without it there is no deadline, only the built-in client's [`CONNECT_TIMEOUT`] and
    /// [`READ_TIMEOUT`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Uses an existing `reqwest::Client` (its middleware, proxies, TLS, pool and timeout
    /// settings: the connection and idle limits are then its own).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(CONNECT_TIMEOUT)
                .read_timeout(READ_TIMEOUT)
                .build()
                .map_err(BuildError::Http)?,
        };
        Ok(Client {
            base_url: self.base_url,
            http,
            headers: self.headers,
            credentials: self.credentials,
            timeout: self.timeout,
        })
    }
}

/// Whether `text` is a token (RFC 9110), what a cookie name must be (RFC 6265): an empty name
/// or one with a space or separator would make the `Cookie` header mean something else.
fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

/// Why a client could not be built.
#[derive(Debug)]
pub enum BuildError {
    /// A header name or value was not valid (for example, it contained CR or LF).
    InvalidHeader(String),
    /// The HTTP client could not be created.
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidHeader(name) => write!(f, "invalid value for header `{name}`"),
            BuildError::Http(error) => write!(f, "cannot create the HTTP client: {error}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Http(error) => Some(error),
            BuildError::InvalidHeader(_) => None,
        }
    }
}

/// How much of an unexpected body an error keeps.
const BODY_EXCERPT: usize = 4096;

/// Why an operation failed. `E` is the operation's documented error responses.
#[derive(Debug)]
pub enum Error<E> {
    /// The server answered with a documented error response.
    Status {
        /// The operation (its Rust name).
        operation: &'static str,
        /// The HTTP status.
        status: http::StatusCode,
        /// The decoded response.
        response: E,
    },
    /// The server answered with a status the spec does not document.
    UnexpectedStatus {
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        status: http::StatusCode,
        /// The start of the body, as text.
        body: String,
    },
    /// The response body did not match the spec.
    Decode {
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        status: http::StatusCode,
        /// What did not match.
        message: String,
        /// The start of the body, as text.
        body: String,
    },
    /// The request could not be built (for example, a header value contained CR or LF).
    InvalidRequest {
        /// The operation.
        operation: &'static str,
        /// What was wrong.
        message: String,
    },
    /// The request could not be sent or the response not read.
    Transport {
        /// The operation.
        operation: &'static str,
        /// The underlying error.
        source: reqwest::Error,
    },
}

impl<E> Error<E> {
    /// The operation that failed.
    pub fn operation(&self) -> &'static str {
        match self {
            Error::Status { operation, .. }
            | Error::UnexpectedStatus { operation, .. }
            | Error::Decode { operation, .. }
            | Error::InvalidRequest { operation, .. }
            | Error::Transport { operation, .. } => operation,
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            Error::Status { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            Error::InvalidRequest { .. } | Error::Transport { .. } => None,
        }
    }

    /// The documented error response, if that is what arrived.
    pub fn response(&self) -> Option<&E> {
        match self {
            Error::Status { response, .. } => Some(response),
            _ => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Status {
                operation,
                status,
                response,
            } => write!(f, "{operation}: {status}: {response:?}"),
            Error::UnexpectedStatus {
                operation,
                status,
                body,
            } => {
                write!(f, "{operation}: undocumented status {status}: {body}")
            }
            Error::Decode {
                operation,
                status,
                message,
                body,
            } => {
                write!(
                    f,
                    "{operation}: cannot decode the {status} response ({message}): {body}"
                )
            }
            Error::InvalidRequest { operation, message } => {
                write!(f, "{operation}: invalid request: {message}")
            }
            Error::Transport { operation, source } => {
                write!(f, "{operation}: request failed: {source}")
            }
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A failure that does not depend on the operation's documented errors; `?` turns it into an
/// [`Error`] of any operation.
#[derive(Debug)]
pub enum Failure {
    /// The request could not be built.
    InvalidRequest {
        /// The operation.
        operation: &'static str,
        /// What was wrong.
        message: String,
    },
    /// The request could not be sent or the response not read.
    Transport {
        /// The operation.
        operation: &'static str,
        /// The underlying error.
        source: reqwest::Error,
    },
    /// The response did not match the spec.
    Decode {
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        status: http::StatusCode,
        /// What did not match.
        message: String,
        /// The start of the body, as text.
        body: String,
    },
    /// The status is not documented.
    UnexpectedStatus {
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        status: http::StatusCode,
        /// The start of the body, as text.
        body: String,
    },
}

impl<E> From<Failure> for Error<E> {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::InvalidRequest { operation, message } => {
                Error::InvalidRequest { operation, message }
            }
            // The URL may carry a credential (an API key in the query): errors never show it.
            Failure::Transport { operation, source } => Error::Transport {
                operation,
                source: source.without_url(),
            },
            Failure::Decode {
                operation,
                status,
                message,
                body,
            } => Error::Decode {
                operation,
                status,
                message,
                body,
            },
            Failure::UnexpectedStatus {
                operation,
                status,
                body,
            } => Error::UnexpectedStatus {
                operation,
                status,
                body,
            },
        }
    }
}

/// One percent-encoded path segment holding a parameter value. URLs cannot carry an empty,
/// `.` or `..` segment (every URL parser removes or resolves them, even percent-encoded), so
/// such values are refused rather than sent to another path.
fn path_segment<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, String> {
    let text = super::param::to_text(value)?;
    if matches!(text.as_str(), "" | "." | "..") {
        return Err(format!("{text:?} cannot be sent as a path segment"));
    }
    Ok(super::param::encode_segment(&text))
}

/// A request being assembled by an operation method.
pub struct RequestBuilder {
    operation: &'static str,
    inner: reqwest::RequestBuilder,
    /// The base URL, as configured (braces in it are not placeholders).
    base_url: String,
    /// The path, placeholders filled as the path parameters arrive.
    path: String,
    query: Vec<(String, String)>,
    cookies: Vec<String>,
    error: Option<String>,
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
            Ok(_) => match super::param::to_text(value) {
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
                super::param::to_text(value).unwrap_or_default(),
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
            match super::param::to_text(value) {
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
        let text = super::param::to_text(value);
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
        match super::param::to_text(value) {
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

    /// Sends the request when first polled, then decodes the response with `decode`. Every
    /// operation method returns this future: the methods stay plain functions (one generic
    /// state machine, instantiated once per success and error type, not one per method), and
    /// the future borrows nothing.
    pub async fn exchange<T, E>(
        self,
        decode: fn(Response) -> Result<T, Error<E>>,
    ) -> Result<T, Error<E>> {
        decode(self.send().await?)
    }

    /// Sends the request and reads the whole response.
    pub async fn send(self) -> Result<Response, Failure> {
        let operation = self.operation;
        let response = self.execute().await?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|source| Failure::Transport { operation, source })?;
        Ok(Response {
            operation,
            status,
            headers,
            body,
        })
    }

    /// Sends the request; the body is left to be read (whole, or as a stream).
    async fn execute(self) -> Result<reqwest::Response, Failure> {
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
        http.execute(request)
            .await
            .map_err(|source| Failure::Transport { operation, source })
    }
}

/// A response read in full, being decoded by an operation method.
pub struct Response {
    operation: &'static str,
    status: http::StatusCode,
    headers: HeaderMap,
    body: bytes::Bytes,
}

#[allow(dead_code)]
impl Response {
    /// The status code.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The status.
    pub fn status_code(&self) -> http::StatusCode {
        self.status
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
                super::numbers::integral_floats_as_integers(&mut value);
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

    /// A declared response header, typed; `None` when absent.
    pub fn header<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<Option<T>, Failure> {
        let Some(value) = self.headers.get(name) else {
            return Ok(None);
        };
        let text = value
            .to_str()
            .map_err(|_| self.decode_error(format!("header `{name}` is not text")))?;
        super::param::from_text(text)
            .map(Some)
            .map_err(|error| self.decode_error(format!("header `{name}`: {error}")))
    }

    /// A declared response header that must be present.
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
        }
        .into())
    }

    fn decode_error(&self, message: String) -> Failure {
        Failure::Decode {
            operation: self.operation,
            status: self.status,
            message,
            body: self.excerpt(),
        }
    }

    fn excerpt(&self) -> String {
        let end = self.body.len().min(BODY_EXCERPT);
        String::from_utf8_lossy(&self.body[..end]).into_owned()
    }
}

#[cfg(test)]
mod tests;
