//! Webhook signatures: checking that a request claiming to come from the API does (on its raw
//! body, before anything decodes it, in constant time, within a window against replays), and
//! signing one the same way (for tests of a receiver).
//!
//! A [`Scheme`] names how the signature travels: [Standard Webhooks](https://www.standardwebhooks.com)
//! (`webhook-id`, `webhook-timestamp`, `webhook-signature`), Stripe's `Stripe-Signature:
//! t=…,v1=…`, or GitHub's `X-Hub-Signature-256: sha256=…`. Each sits in a file of its own;
//! another scheme is another file and another variant. The HMAC and its comparison are the
//! `hmac` crate's (`Mac::verify_slice` compares in constant time): nothing here is
//! hand-written cryptography.

mod github;
mod secret;
mod standard;
mod stripe;

#[cfg(feature = "server")]
mod receive;
#[cfg(feature = "server")]
pub use receive::{Receiving, check};
#[cfg(feature = "client")]
mod send;
#[cfg(feature = "client")]
pub use send::{SendError, send_json};

pub use secret::Secret;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use http::HeaderMap;
use sha2::Sha256;

/// How a webhook's signature travels. Specs rarely say; `oasgen.toml` picks one
/// (`[webhooks] signature = "standard" | "stripe" | "github"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scheme {
    /// Standard Webhooks: `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`
    /// (several, space-separated), `whsec_`-prefixed base64 secrets.
    StandardWebhooks,
    /// Stripe-style: `Stripe-Signature: t=<timestamp>,v1=<hex HMAC-SHA256 of "{t}.{body}">`, the
    /// secret's text as the key.
    Stripe,
    /// GitHub-style: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`. It signs no
    /// timestamp, so it cannot refuse a replayed request.
    GitHub,
}

/// Why a webhook was refused, or a secret could not be read. Never holds a secret, nor a
/// signature: its text may be logged or answered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// A header the scheme needs is absent.
    MissingHeader(&'static str),
    /// A header is there but cannot be read (not text, not a number, not the scheme's shape).
    MalformedHeader(&'static str),
    /// The secret cannot be used (empty, or a `whsec_` secret that is not base64).
    InvalidSecret,
    /// The timestamp is older than the tolerance allows: perhaps a replay.
    Expired,
    /// The timestamp is further ahead than the tolerance allows.
    FromTheFuture,
    /// No signature matches the body with any of the secrets.
    NoValidSignature,
}

impl WebhookError {
    /// Whether the request was malformed (answered 400) rather than unauthenticated (401).
    pub fn is_malformed(&self) -> bool {
        matches!(
            self,
            WebhookError::MissingHeader(_) | WebhookError::MalformedHeader(_)
        )
    }
}

impl std::fmt::Display for WebhookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WebhookError::MissingHeader(name) => write!(f, "missing webhook header `{name}`"),
            WebhookError::MalformedHeader(name) => write!(f, "malformed webhook header `{name}`"),
            WebhookError::InvalidSecret => f.write_str("the webhook secret cannot be used"),
            WebhookError::Expired => f.write_str("the webhook's timestamp is too old"),
            WebhookError::FromTheFuture => {
                f.write_str("the webhook's timestamp is too far in the future")
            }
            WebhookError::NoValidSignature => f.write_str("no valid webhook signature"),
        }
    }
}

impl std::error::Error for WebhookError {}

/// How far a signed timestamp may be from the receiver's clock, either way, by default: the
/// Standard Webhooks recommendation (and Stripe's default).
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Checks webhook signatures: a scheme, the secrets accepted (more than one while a secret is
/// rotated) and the tolerance of timestamps. Its `Debug` shows how many secrets, never them.
#[derive(Clone)]
pub struct Verifier {
    scheme: Scheme,
    secrets: Vec<Secret>,
    tolerance: Duration,
}

impl Verifier {
    /// A verifier of `scheme` accepting `secret`, with [`DEFAULT_TOLERANCE`].
    pub fn new(scheme: Scheme, secret: &str) -> Result<Self, WebhookError> {
        Ok(Verifier {
            scheme,
            secrets: vec![Secret::parse(scheme, secret)?],
            tolerance: DEFAULT_TOLERANCE,
        })
    }

    /// Accepts `secret` too: while a secret is rotated, requests signed with the old or the new
    /// one both pass.
    pub fn with_secret(mut self, secret: &str) -> Result<Self, WebhookError> {
        self.secrets.push(Secret::parse(self.scheme, secret)?);
        Ok(self)
    }

    /// Accepts timestamps at most `tolerance` from the receiver's clock, either way.
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// The scheme it checks.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// Checks the signature of a request's `headers` and raw `body` against the clock.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// Checks the signature as if the clock read `now` (for tests).
    pub fn verify_at(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        let window = Window {
            now: unix_seconds(now),
            tolerance: self.tolerance,
        };
        match self.scheme {
            Scheme::StandardWebhooks => standard::verify(&self.secrets, headers, body, window),
            Scheme::Stripe => stripe::verify(&self.secrets, headers, body, window),
            Scheme::GitHub => github::verify(&self.secrets, headers, body),
        }
    }
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("scheme", &self.scheme)
            .field("secrets", &self.secrets.len())
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

/// Signs webhooks as the API would: for tests of a receiver, and for senders. Its `Debug`
/// never shows the secret.
#[derive(Clone)]
pub struct Signer {
    scheme: Scheme,
    secret: Secret,
}

impl Signer {
    /// A signer of `scheme` with `secret` (the same text a [`Verifier`] takes).
    pub fn new(scheme: Scheme, secret: &str) -> Result<Self, WebhookError> {
        Ok(Signer {
            scheme,
            secret: Secret::parse(scheme, secret)?,
        })
    }

    /// The headers that sign `body` as message `id`, sent now.
    pub fn headers(&self, id: &str, body: &[u8]) -> Result<HeaderMap, WebhookError> {
        self.headers_at(id, body, SystemTime::now())
    }

    /// The headers that sign `body` as message `id`, sent at `time` (schemes without an id or a
    /// timestamp leave them out).
    pub fn headers_at(
        &self,
        id: &str,
        body: &[u8],
        time: SystemTime,
    ) -> Result<HeaderMap, WebhookError> {
        let timestamp = unix_seconds(time);
        match self.scheme {
            Scheme::StandardWebhooks => standard::sign(&self.secret, id, timestamp, body),
            Scheme::Stripe => stripe::sign(&self.secret, timestamp, body),
            Scheme::GitHub => github::sign(&self.secret, body),
        }
    }
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("scheme", &self.scheme)
            .finish_non_exhaustive()
    }
}

/// The receiver's clock and how far a signed timestamp may be from it.
#[derive(Debug, Clone, Copy)]
struct Window {
    now: i64,
    tolerance: Duration,
}

impl Window {
    /// Refuses a timestamp outside the window, on either side.
    fn admits(self, timestamp: i64) -> Result<(), WebhookError> {
        let tolerance = i64::try_from(self.tolerance.as_secs()).unwrap_or(i64::MAX);
        if timestamp < self.now.saturating_sub(tolerance) {
            Err(WebhookError::Expired)
        } else if timestamp > self.now.saturating_add(tolerance) {
            Err(WebhookError::FromTheFuture)
        } else {
            Ok(())
        }
    }
}

/// Seconds since the Unix epoch (negative before it).
fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// HMAC-SHA256 keyed by `secret` over `parts`, one after the other.
fn mac(secret: &Secret, parts: &[&[u8]]) -> Result<Hmac<Sha256>, WebhookError> {
    // HMAC takes keys of any length (a long one is hashed first), so this does not fail; were
    // it to, the secret is unusable, never replaced by some other key.
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.bytes()).map_err(|_| WebhookError::InvalidSecret)?;
    for part in parts {
        mac.update(part);
    }
    Ok(mac)
}

/// The HMAC-SHA256 of `parts` under `secret`, for a signature.
fn digest(secret: &Secret, parts: &[&[u8]]) -> Result<Vec<u8>, WebhookError> {
    Ok(mac(secret, parts)?.finalize().into_bytes().to_vec())
}

/// Whether any `candidates` is the HMAC of `parts` under any of `secrets`, each comparison in
/// constant time (`verify_slice`).
fn any_matches(secrets: &[Secret], parts: &[&[u8]], candidates: &[Vec<u8>]) -> bool {
    secrets.iter().any(|secret| {
        candidates.iter().any(|candidate| {
            mac(secret, parts).is_ok_and(|mac| mac.verify_slice(candidate).is_ok())
        })
    })
}

/// A header's text; absent or not visible ASCII is an error naming it.
fn header_text<'a>(headers: &'a HeaderMap, name: &'static str) -> Result<&'a str, WebhookError> {
    headers
        .get(name)
        .ok_or(WebhookError::MissingHeader(name))?
        .to_str()
        .map_err(|_| WebhookError::MalformedHeader(name))
}

/// Lower-case hex of `bytes` (how Stripe and GitHub write signatures).
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    text
}

/// The bytes of hex text, either case; `None` when it is not hex.
fn unhex(text: &str) -> Option<Vec<u8>> {
    let pairs = text.as_bytes().chunks_exact(2);
    if !pairs.remainder().is_empty() {
        return None;
    }
    pairs
        .map(|pair| {
            let [high, low] = pair else { return None };
            let high = char::from(*high).to_digit(16)?;
            let low = char::from(*low).to_digit(16)?;
            u8::try_from(high * 16 + low).ok()
        })
        .collect()
}

/// A header value of text we built (a signature, a number): visible ASCII by construction.
fn header_value(
    name: &'static str,
    text: &str,
) -> Result<(http::HeaderName, http::HeaderValue), WebhookError> {
    let value =
        http::HeaderValue::from_str(text).map_err(|_| WebhookError::MalformedHeader(name))?;
    Ok((http::HeaderName::from_static(name), value))
}

/// A header map of `pairs`.
fn header_map(pairs: impl IntoIterator<Item = (http::HeaderName, http::HeaderValue)>) -> HeaderMap {
    pairs.into_iter().collect()
}

#[cfg(test)]
mod tests;
