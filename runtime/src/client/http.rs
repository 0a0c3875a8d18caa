//! [`HttpClient`]: what sends a client's requests. A `reqwest::Client`, or (feature
//! `middleware`, `client/middleware.rs`) a middleware chain around one, behind the small
//! [`Execute`] trait so that the send loop has one path whichever it is.

use std::error::Error as StdError;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// An error a sender other than reqwest's own returned (a middleware's).
pub(super) type BoxError = Box<dyn StdError + Send + Sync>;

/// The future of one request sent through an [`Execute`].
pub(super) type Executing<'a> =
    Pin<Box<dyn Future<Output = Result<reqwest::Response, BoxError>> + Send + 'a>>;

/// A sender of built requests other than a plain `reqwest::Client`: one boxed future per
/// attempt, paid only by clients that have one.
pub(super) trait Execute: Send + Sync {
    /// Sends `request`, answering with the response or why there is none. A reqwest error is
    /// returned as one (boxed), so the retry policy still reads it.
    fn execute(&self, request: reqwest::Request) -> Executing<'_>;
}

/// What sends a client's requests: a `reqwest::Client` (`From<reqwest::Client>`), or, with the
/// `middleware` feature, a `reqwest_middleware::ClientWithMiddleware`
/// (`From<ClientWithMiddleware>`), whose middleware then sees each attempt's request. Given to
/// [`super::ClientBuilder::http_client`].
#[derive(Clone)]
pub struct HttpClient {
    /// Builds the requests; sends them too when there is no `middleware`.
    pub(super) reqwest: reqwest::Client,
    /// Sends the requests instead, when set.
    pub(super) middleware: Option<Arc<dyn Execute>>,
}

impl From<reqwest::Client> for HttpClient {
    fn from(reqwest: reqwest::Client) -> Self {
        HttpClient {
            reqwest,
            middleware: None,
        }
    }
}

/// Why an attempt failed: reqwest's error (whose kind the retry policy reads), or one a
/// middleware returned, which is never retried (the middleware has decided).
#[derive(Debug)]
pub(super) enum AttemptError {
    /// No connection, a timeout, a body cut off, … (from reqwest, through a middleware or not).
    Http(reqwest::Error),
    /// A middleware's own failure.
    Middleware(BoxError),
}

impl From<BoxError> for AttemptError {
    fn from(error: BoxError) -> Self {
        match error.downcast::<reqwest::Error>() {
            Ok(error) => AttemptError::Http(*error),
            Err(error) => AttemptError::Middleware(error),
        }
    }
}

impl From<reqwest::Error> for AttemptError {
    fn from(error: reqwest::Error) -> Self {
        AttemptError::Http(error)
    }
}

/// Sends `request` once: through the middleware when there is one, else with `reqwest`.
pub(super) async fn execute(
    reqwest: &reqwest::Client,
    middleware: Option<&dyn Execute>,
    request: reqwest::Request,
) -> Result<reqwest::Response, AttemptError> {
    match middleware {
        None => Ok(reqwest.execute(request).await?),
        Some(middleware) => Ok(middleware.execute(request).await?),
    }
}
