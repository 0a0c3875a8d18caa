//! GitHub-style signatures: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`. No
//! timestamp is signed, so nothing bounds a replay: prefer a timestamped scheme when the API
//! offers one.

use http::HeaderMap;

use super::{Secret, WebhookError};

const SIGNATURE: &str = "x-hub-signature-256";

/// Checks a request: the header present, `sha256=` and hex, matching under one secret.
pub(super) fn verify(
    secrets: &[Secret],
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), WebhookError> {
    let header = super::header_text(headers, SIGNATURE)?;
    let candidate = header
        .strip_prefix("sha256=")
        .and_then(super::unhex)
        .ok_or(WebhookError::MalformedHeader(SIGNATURE))?;
    if super::any_matches(secrets, &[body], &[candidate]) {
        Ok(())
    } else {
        Err(WebhookError::NoValidSignature)
    }
}

/// The header signing `body`.
pub(super) fn sign(secret: &Secret, body: &[u8]) -> Result<HeaderMap, WebhookError> {
    let signature = super::hex(&super::digest(secret, &[body])?);
    Ok(super::header_map([super::header_value(
        SIGNATURE,
        &format!("sha256={signature}"),
    )?]))
}
