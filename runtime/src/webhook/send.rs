//! The sender's side: a payload signed as the API would sign it, and posted to a receiver
//! (what a test of a webhook receiver needs).

use std::time::SystemTime;

use super::{Signer, WebhookError};

/// Why a webhook could not be sent.
#[derive(Debug)]
#[non_exhaustive]
pub enum SendError {
    /// The payload did not serialize to JSON.
    Encode(serde_json::Error),
    /// The message id cannot be a header value.
    Sign(WebhookError),
    /// The request failed (connection, timeout).
    Http(reqwest::Error),
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::Encode(error) => write!(f, "the webhook payload did not encode: {error}"),
            SendError::Sign(error) => write!(f, "the webhook could not be signed: {error}"),
            SendError::Http(error) => write!(f, "the webhook could not be sent: {error}"),
        }
    }
}

impl std::error::Error for SendError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SendError::Encode(error) => Some(error),
            SendError::Sign(error) => Some(error),
            SendError::Http(error) => Some(error),
        }
    }
}

/// Posts `payload` as JSON to `url`, signed by `signer` as message `id` sent now, and returns
/// the receiver's response whatever its status.
pub async fn send_json<T: serde::Serialize + ?Sized>(
    client: &reqwest::Client,
    url: &str,
    signer: &Signer,
    id: &str,
    payload: &T,
) -> Result<reqwest::Response, SendError> {
    let body = serde_json::to_vec(payload).map_err(SendError::Encode)?;
    let headers = signer
        .headers_at(id, &body, SystemTime::now())
        .map_err(SendError::Sign)?;
    client
        .post(url)
        .headers(headers)
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .map_err(SendError::Http)
}
