//! Standard Webhooks (<https://www.standardwebhooks.com>, symmetric signatures): the signed
//! content is `{webhook-id}.{webhook-timestamp}.{body}`, and `webhook-signature` lists
//! space-separated `v1,<base64 HMAC-SHA256>` entries, any one of which may match (a sender
//! signs with each secret it is rotating through). Svix, where the standard comes from, sends
//! the same headers named `svix-id`, `svix-timestamp` and `svix-signature` (Resend's webhooks,
//! for one): those are read too when the `webhook-` ones are absent.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http::HeaderMap;

use super::{Secret, WebhookError, Window};

const ID: &str = "webhook-id";
const TIMESTAMP: &str = "webhook-timestamp";
const SIGNATURE: &str = "webhook-signature";
/// The same three headers, as Svix names them.
const SVIX: [&str; 3] = ["svix-id", "svix-timestamp", "svix-signature"];

/// The names of the id, timestamp and signature headers a request uses: all three of one
/// brand, never mixed, the standard's unless only Svix's id is there.
fn header_names(headers: &HeaderMap) -> [&'static str; 3] {
    if !headers.contains_key(ID) && headers.contains_key(SVIX[0]) {
        SVIX
    } else {
        [ID, TIMESTAMP, SIGNATURE]
    }
}

/// Checks a request: headers present and readable, timestamp within the window, then one
/// `v1` signature matching under one secret.
pub(super) fn verify(
    secrets: &[Secret],
    headers: &HeaderMap,
    body: &[u8],
    window: Window,
) -> Result<(), WebhookError> {
    let [id_name, timestamp_name, signature_name] = header_names(headers);
    let id = super::header_text(headers, id_name)?;
    let timestamp_text = super::header_text(headers, timestamp_name)?;
    let signatures = super::header_text(headers, signature_name)?;
    let timestamp: i64 = timestamp_text
        .parse()
        .map_err(|_| WebhookError::MalformedHeader(timestamp_name))?;
    window.admits(timestamp)?;
    // Other versions (`v1a`, asymmetric) and entries that are not base64 are not ours to
    // judge: they are skipped, and only a matching `v1` admits the request.
    let candidates: Vec<Vec<u8>> = signatures
        .split(' ')
        .filter_map(|entry| entry.strip_prefix("v1,"))
        .filter_map(|encoded| STANDARD.decode(encoded).ok())
        .collect();
    // The timestamp is signed as it was sent: its text, not the number read back.
    let parts: [&[u8]; 5] = [id.as_bytes(), b".", timestamp_text.as_bytes(), b".", body];
    if super::any_matches(secrets, &parts, &candidates) {
        Ok(())
    } else {
        Err(WebhookError::NoValidSignature)
    }
}

/// The three headers signing `body` as message `id` at `timestamp`.
pub(super) fn sign(
    secret: &Secret,
    id: &str,
    timestamp: i64,
    body: &[u8],
) -> Result<HeaderMap, WebhookError> {
    let timestamp = timestamp.to_string();
    let parts: [&[u8]; 5] = [id.as_bytes(), b".", timestamp.as_bytes(), b".", body];
    let signature = STANDARD.encode(super::digest(secret, &parts)?);
    Ok(super::header_map([
        super::header_value(ID, id)?,
        super::header_value(TIMESTAMP, &timestamp)?,
        super::header_value(SIGNATURE, &format!("v1,{signature}"))?,
    ]))
}
