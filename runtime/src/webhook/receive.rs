//! The receiver's side: a failed signature check as the router's refusal (400 for a malformed
//! request, 401 for one that is not signed by the API), and the state a generated webhook
//! router shares between its handlers.

use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode};

use super::super::server::{Rejection, RouterOptions};
use super::Verifier;

/// Checks a webhook's signature on its raw `body`, before anything decodes it. The refusal's
/// detail says what failed (a header's name, "too old"), never a secret or a signature.
pub fn check(verifier: &Verifier, headers: &HeaderMap, body: &[u8]) -> Result<(), Rejection> {
    verifier.verify(headers, body).map_err(|error| Rejection {
        status: if error.is_malformed() {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::UNAUTHORIZED
        },
        detail: error.to_string(),
    })
}

/// What a generated webhook router's handlers share: the receiver, how signatures are checked,
/// and the router's options.
pub struct Receiving<S> {
    /// The user's implementation of the receiver trait.
    pub service: Arc<S>,
    /// The scheme and secrets signatures are checked with.
    pub verifier: Arc<Verifier>,
    /// Body limit and how refusals are answered.
    pub options: Arc<RouterOptions>,
}

// Not derived: a derive would ask `S: Clone`, and the service is shared through its `Arc`.
impl<S> Clone for Receiving<S> {
    fn clone(&self) -> Self {
        Receiving {
            service: Arc::clone(&self.service),
            verifier: Arc::clone(&self.verifier),
            options: Arc::clone(&self.options),
        }
    }
}
