//! What an operation returns when it fails: [`Error`], with the operation's documented error
//! responses typed, and [`Failure`], the part that does not depend on them.

use std::fmt;

use super::ResponseHead;

/// Why an operation failed. `E` is the operation's documented error responses.
///
/// The variants that stand for a response (`Status`, `UnexpectedStatus`, `Decode`) keep its
/// headers and request id in `head`: the id is what a support team asks for, so `Display`
/// shows it.
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
        /// The response's headers and request id.
        head: Box<ResponseHead>,
    },
    /// The server answered with a status the spec does not document.
    UnexpectedStatus {
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        status: http::StatusCode,
        /// The start of the body, as text.
        body: String,
        /// The response's headers and request id.
        head: Box<ResponseHead>,
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
        /// The response's headers and request id.
        head: Box<ResponseHead>,
    },
    /// The request could not be built (for example, a header value contained CR or LF).
    InvalidRequest {
        /// The operation.
        operation: &'static str,
        /// What was wrong.
        message: String,
    },
    /// The request could not be sent or the response not read (after every retry the
    /// client's policy allowed).
    Transport {
        /// The operation.
        operation: &'static str,
        /// The underlying error.
        source: reqwest::Error,
    },
    /// A middleware of the client's (`ClientBuilder::http_client` with a
    /// `reqwest_middleware::ClientWithMiddleware`, feature `middleware`) failed the request
    /// with an error of its own; never retried. Never returned without a middleware.
    Middleware {
        /// The operation.
        operation: &'static str,
        /// The middleware's error.
        source: Box<dyn std::error::Error + Send + Sync>,
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
            | Error::Transport { operation, .. }
            | Error::Middleware { operation, .. } => operation,
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            Error::Status { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            Error::InvalidRequest { .. } | Error::Transport { .. } | Error::Middleware { .. } => {
                None
            }
        }
    }

    /// The documented error response, if that is what arrived.
    pub fn response(&self) -> Option<&E> {
        match self {
            Error::Status { response, .. } => Some(response),
            _ => None,
        }
    }

    /// The response's headers, when a response arrived.
    pub fn headers(&self) -> Option<&http::HeaderMap> {
        self.head().map(ResponseHead::headers)
    }

    /// The request id the server gave (`x-request-id`, `request-id` or the header the client
    /// was told), when a response arrived with one.
    pub fn request_id(&self) -> Option<&str> {
        self.head().and_then(ResponseHead::request_id)
    }

    fn head(&self) -> Option<&ResponseHead> {
        match self {
            Error::Status { head, .. }
            | Error::UnexpectedStatus { head, .. }
            | Error::Decode { head, .. } => Some(head),
            Error::InvalidRequest { .. } | Error::Transport { .. } | Error::Middleware { .. } => {
                None
            }
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
                ..
            } => write!(f, "{operation}: {status}: {response:?}")?,
            Error::UnexpectedStatus {
                operation,
                status,
                body,
                ..
            } => write!(f, "{operation}: undocumented status {status}: {body}")?,
            Error::Decode {
                operation,
                status,
                message,
                body,
                ..
            } => write!(
                f,
                "{operation}: cannot decode the {status} response ({message}): {body}"
            )?,
            Error::InvalidRequest { operation, message } => {
                write!(f, "{operation}: invalid request: {message}")?
            }
            Error::Transport { operation, source } => {
                write!(f, "{operation}: request failed: {source}")?
            }
            Error::Middleware { operation, source } => {
                write!(f, "{operation}: middleware failed: {source}")?
            }
        }
        match self.request_id() {
            Some(id) => write!(f, " (request id {id})"),
            None => Ok(()),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            Error::Middleware { source, .. } => Some(source.as_ref()),
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
    /// A middleware failed the request with an error of its own.
    Middleware {
        /// The operation.
        operation: &'static str,
        /// The middleware's error.
        source: Box<dyn std::error::Error + Send + Sync>,
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
        /// The response's headers and request id.
        head: Box<ResponseHead>,
    },
    /// The status is not documented.
    UnexpectedStatus {
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        status: http::StatusCode,
        /// The start of the body, as text.
        body: String,
        /// The response's headers and request id.
        head: Box<ResponseHead>,
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
            Failure::Middleware { operation, source } => Error::Middleware { operation, source },
            Failure::Decode {
                operation,
                status,
                message,
                body,
                head,
            } => Error::Decode {
                operation,
                status,
                message,
                body,
                head,
            },
            Failure::UnexpectedStatus {
                operation,
                status,
                body,
                head,
            } => Error::UnexpectedStatus {
                operation,
                status,
                body,
                head,
            },
        }
    }
}
