//! A webhook secret: the HMAC key, read once from the text the API hands out.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::{Scheme, WebhookError};

/// The key webhooks are signed with. Its `Debug` is `Secret(..)`: a secret must never reach a
/// log through a `{:?}` of something that holds it.
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// The key of `text` under `scheme`: Standard Webhooks secrets are base64, after an optional
    /// `whsec_` prefix (as its libraries read them); Stripe- and GitHub-style secrets are used
    /// as the text's bytes, prefix and all.
    pub fn parse(scheme: Scheme, text: &str) -> Result<Self, WebhookError> {
        let key = match scheme {
            Scheme::StandardWebhooks => {
                let encoded = text.strip_prefix("whsec_").unwrap_or(text);
                STANDARD
                    .decode(encoded)
                    .map_err(|_| WebhookError::InvalidSecret)?
            }
            Scheme::Stripe | Scheme::GitHub => text.as_bytes().to_vec(),
        };
        if key.is_empty() {
            return Err(WebhookError::InvalidSecret);
        }
        Ok(Secret(key))
    }

    /// The key's bytes.
    pub(super) fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}
