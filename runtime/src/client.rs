//! The client's machinery: the `Client` and its builder, here; the `Error` every operation
//! returns, the request and response helpers the generated operation methods are written
//! with, retries and idempotency keys, in the modules below.

#[cfg(feature = "multipart")]
mod multipart;
#[cfg(feature = "multipart")]
pub use multipart::Form;
#[cfg(feature = "streams")]
mod events;
#[cfg(feature = "streams")]
pub use events::EventStream;
#[cfg(feature = "streamed-bodies")]
mod lines;
#[cfg(feature = "streamed-bodies")]
pub use lines::LinesBody;
#[cfg(feature = "pagination")]
mod pages;
#[cfg(feature = "pagination")]
pub use pages::paginate;
mod call;
mod error;
mod hooks;
mod http;
mod idempotency;
#[cfg(feature = "middleware")]
mod middleware;
mod options;
mod request;
mod response;
mod retry;
#[cfg(feature = "tracing")]
mod trace;

pub use call::Call;
pub use error::{Error, Failure};
pub use hooks::RequestHook;
pub use http::HttpClient;
pub use options::RequestOptions;
pub use request::RequestBuilder;
pub use response::{Response, ResponseHead, ResponseValue};
pub use retry::RetryPolicy;

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
    http: HttpClient,
    headers: HeaderMap,
    credentials: Credentials,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    keys: idempotency::KeySettings,
    /// The idempotency key of a view's requests (`RequestOptions::idempotency_key`).
    idempotency_key: Option<String>,
    request_id_header: Option<HeaderName>,
    on_request: Option<RequestHook>,
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
            http: HttpClient::from(default_http_client()),
            headers: HeaderMap::new(),
            credentials: Credentials::default(),
            timeout: None,
            retry: RetryPolicy::default(),
            keys: idempotency::KeySettings::default(),
            idempotency_key: None,
            request_id_header: None,
            on_request: None,
        }
    }

    /// Sends idempotency keys in the `header` header (an API's own name for it; a name that
    /// is not a header name is ignored), and with `every_post`, makes one up for each POST and
    /// PATCH request that has none, so that those are retried safely too.
    pub fn with_idempotency_header(mut self, header: &str, every_post: bool) -> Self {
        if let Some(keys) = idempotency::KeySettings::new(header, every_post) {
            self.keys = keys;
        }
        self
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
            retry: RetryPolicy::default(),
            keys: idempotency::KeySettings::default(),
            request_id_header: None,
            on_request: None,
        }
    }

    /// A view of this client whose requests carry `options` as well: its headers replace the
    /// client's of the same name, its timeout and retry policy replace the client's, its
    /// idempotency key goes with every request. Cheap (clones share the connection pool); the
    /// client itself is unchanged.
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
        if let Some(policy) = options.retry {
            view.retry = policy;
        }
        if options.idempotency_key.is_some() {
            view.idempotency_key = options.idempotency_key;
        }
        view
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The `reqwest::Client` requests are built with, and sent with unless a middleware
    /// client sends them ([`ClientBuilder::http_client`]).
    pub fn http_client(&self) -> &reqwest::Client {
        &self.http.reqwest
    }

    /// Starts a request to `path`, a template whose `{name}` placeholders [`RequestBuilder::path`]
    /// fills (the spec's own text: the `tracing` span names it unfilled).
    #[doc(hidden)]
    pub fn request(
        &self,
        operation: &'static str,
        method: reqwest::Method,
        path: &'static str,
    ) -> RequestBuilder {
        // The URL is set when the request is sent, once the placeholders are filled.
        let mut inner = self
            .http
            .reqwest
            .request(method.clone(), self.base_url.as_str())
            .headers(self.headers.clone());
        if let Some((user, password)) = &self.credentials.basic {
            inner = inner.basic_auth(user, Some(password));
        }
        // Per request, so the deadline holds with a caller's own HTTP client too.
        if let Some(timeout) = self.timeout {
            inner = inner.timeout(timeout);
        }
        // A key set as a plain header (`RequestOptions::header`) counts as one too.
        let preset = self.idempotency_key.clone().or_else(|| {
            let value = self.headers.get(&self.keys.header)?;
            value.to_str().ok().map(str::to_string)
        });
        let idempotency = match preset {
            Some(key) => Some((self.keys.header.clone(), key)),
            None if self.keys.every_post
                && [reqwest::Method::POST, reqwest::Method::PATCH].contains(&method) =>
            {
                Some((self.keys.header.clone(), idempotency::new_key()))
            }
            None => None,
        };
        RequestBuilder {
            operation,
            #[cfg(feature = "tracing")]
            template: path,
            inner,
            middleware: self.http.middleware.clone(),
            base_url: self.base_url.clone(),
            path: path.to_string(),
            query: self.credentials.query.clone(),
            cookies: self.credentials.cookies.clone(),
            error: None,
            idempotency,
            retry: self.retry.clone(),
            request_id_header: self.request_id_header.clone(),
            on_request: self.on_request.clone(),
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

/// Configures a [`Client`].
pub struct ClientBuilder {
    base_url: String,
    http: Option<HttpClient>,
    headers: HeaderMap,
    credentials: Credentials,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    keys: idempotency::KeySettings,
    request_id_header: Option<HeaderName>,
    on_request: Option<RequestHook>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("credentials", &self.credentials.names())
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
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

    /// Gives up on an attempt after `timeout`, from sending it to reading the last byte of the
    /// response (a timed-out attempt may be retried: [`RetryPolicy`] bounds the whole);
    /// applied to each request, so it holds with [`ClientBuilder::http_client`] too.
    /// Without it there is no deadline, only the built-in client's [`CONNECT_TIMEOUT`] and
    /// [`READ_TIMEOUT`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retries failed requests by `policy` (by default [`RetryPolicy::default`];
    /// [`RetryPolicy::none`] turns retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Reads request ids from the `name` header (besides `x-request-id` and `request-id`,
    /// which are read when no name is given).
    pub fn request_id_header(mut self, name: &str) -> Result<Self, BuildError> {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| BuildError::InvalidHeader(name.to_string()))?;
        self.request_id_header = Some(name);
        Ok(self)
    }

    /// Sends idempotency keys in the `header` header (an API's own name for it; a name that
    /// is not a header name is ignored), and with `every_post`, makes one up for each POST and
    /// PATCH request that has none, so that those are retried safely too.
    pub fn idempotency_header(mut self, header: &str, every_post: bool) -> Self {
        if let Some(keys) = idempotency::KeySettings::new(header, every_post) {
            self.keys = keys;
        }
        self
    }

    /// Runs `hook` on every attempt's request just before it is sent: to add a header the
    /// client cannot know in advance (a refreshed token, a signature of the request), anew
    /// for each retry.
    pub fn on_request(mut self, hook: RequestHook) -> Self {
        self.on_request = Some(hook);
        self
    }

    /// Sends requests with an existing `reqwest::Client` (its proxies, TLS, pool and timeout
    /// settings: the connection and idle limits are then its own), or, with the `middleware`
    /// feature, through a `reqwest_middleware::ClientWithMiddleware`:
    /// its middleware sees each attempt's request, after this client's headers, idempotency key
    /// and [`ClientBuilder::on_request`] hook. Retries stay this client's own, each attempt
    /// passing through the chain once: with a chain that retries too (reqwest-retry), set
    /// [`RetryPolicy::none`] so that attempts do not multiply.
    pub fn http_client(mut self, http: impl Into<HttpClient>) -> Self {
        self.http = Some(http.into());
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let http = match self.http {
            Some(http) => http,
            None => HttpClient::from(
                reqwest::Client::builder()
                    .connect_timeout(CONNECT_TIMEOUT)
                    .read_timeout(READ_TIMEOUT)
                    .build()
                    .map_err(BuildError::Http)?,
            ),
        };
        Ok(Client {
            base_url: self.base_url,
            http,
            headers: self.headers,
            credentials: self.credentials,
            timeout: self.timeout,
            retry: self.retry,
            keys: self.keys,
            idempotency_key: None,
            request_id_header: self.request_id_header,
            on_request: self.on_request,
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

#[cfg(test)]
mod tests;
