//! Stripe-style signatures: `Stripe-Signature: t=<unix seconds>,v1=<hex>,…`, the hex being
//! HMAC-SHA256 of `{t}.{body}`. Several `v1` entries may appear (one per secret while the
//! sender rotates); other schemes' entries (`v0`) are ignored.

use http::HeaderMap;

use super::{Secret, WebhookError, Window};

const SIGNATURE: &str = "stripe-signature";

/// Checks a request: the header present with a timestamp, the timestamp within the window,
/// then one `v1` signature matching under one secret.
pub(super) fn verify(
    secrets: &[Secret],
    headers: &HeaderMap,
    body: &[u8],
    window: Window,
) -> Result<(), WebhookError> {
    let header = super::header_text(headers, SIGNATURE)?;
    let mut timestamp_text = None;
    let mut candidates = Vec::new();
    for entry in header.split(',') {
        match entry.trim().split_once('=') {
            Some(("t", value)) => timestamp_text = Some(value),
            Some(("v1", value)) => candidates.extend(super::unhex(value)),
            _ => {}
        }
    }
    let timestamp_text = timestamp_text.ok_or(WebhookError::MalformedHeader(SIGNATURE))?;
    let timestamp: i64 = timestamp_text
        .parse()
        .map_err(|_| WebhookError::MalformedHeader(SIGNATURE))?;
    window.admits(timestamp)?;
    let parts: [&[u8]; 3] = [timestamp_text.as_bytes(), b".", body];
    if super::any_matches(secrets, &parts, &candidates) {
        Ok(())
    } else {
        Err(WebhookError::NoValidSignature)
    }
}

/// The header signing `body` at `timestamp`.
pub(super) fn sign(
    secret: &Secret,
    timestamp: i64,
    body: &[u8],
) -> Result<HeaderMap, WebhookError> {
    let timestamp = timestamp.to_string();
    let parts: [&[u8]; 3] = [timestamp.as_bytes(), b".", body];
    let signature = super::hex(&super::digest(secret, &parts)?);
    Ok(super::header_map([super::header_value(
        SIGNATURE,
        &format!("t={timestamp},v1={signature}"),
    )?]))
}
