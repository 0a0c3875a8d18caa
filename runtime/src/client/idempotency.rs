//! Idempotency keys: the header a server reads them from, keys made up when the caller gives
//! none, and the one key every attempt of a request carries.

use reqwest::header::{HeaderName, HeaderValue};

use super::RequestBuilder;

/// The header keys travel in when the API names none.
pub(super) const DEFAULT_HEADER: &str = "idempotency-key";

/// Which header carries idempotency keys, and whether the client makes one up for every POST
/// and PATCH request that has none (an API that documents the header outside its spec, as
/// Stripe does).
#[derive(Clone, Debug)]
pub(super) struct KeySettings {
    pub(super) header: HeaderName,
    pub(super) every_post: bool,
}

impl Default for KeySettings {
    fn default() -> Self {
        KeySettings {
            header: HeaderName::from_static(DEFAULT_HEADER),
            every_post: false,
        }
    }
}

impl KeySettings {
    /// Keys in the `header` header (refused when not a header name); `every_post`: a key made
    /// up for every POST and PATCH request.
    pub(super) fn new(header: &str, every_post: bool) -> Option<Self> {
        let header = HeaderName::from_bytes(header.as_bytes()).ok()?;
        Some(KeySettings { header, every_post })
    }
}

/// A new key: a random (version 4) UUID, in its usual text form. Keys must be unique, not
/// secret; the bits come from the standard library's randomly seeded hasher.
pub(super) fn new_key() -> String {
    let high = super::retry::random_u64();
    let low = super::retry::random_u64();
    // The version (4) and variant (10xx) bits of RFC 9562.
    let high = (high & !0xF000) | 0x4000;
    let low = (low & !(0b11 << 62)) | (0b10 << 62);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xFFFF,
        high & 0xFFFF,
        low >> 48,
        low & 0xFFFF_FFFF_FFFF
    )
}

#[allow(dead_code)]
impl RequestBuilder {
    /// Sets the operation's idempotency-key header parameter `name`: `value` when the caller
    /// gave one (`None` is none), else the key of the client's view
    /// (`RequestOptions::idempotency_key`), else a new key. The request may then be retried
    /// whatever its method, always with this key.
    pub fn idempotency_key<T: serde::Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        let given = match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) => None,
            _ => Some(super::super::param::to_text(value)),
        };
        let key = match (given, self.idempotency.take()) {
            (Some(Ok(given)), _) => Some(given),
            (None, Some((_, earlier))) => Some(earlier),
            (None, None) => Some(new_key()),
            (Some(Err(_)), _) => None,
        };
        let header = HeaderName::from_bytes(name.as_bytes()).ok();
        let valid = key.as_deref().map(HeaderValue::from_str);
        match (header, key, valid) {
            (Some(header), Some(key), Some(Ok(_))) => self.idempotency = Some((header, key)),
            _ => self.error = Some(format!("header `{name}` has a value that cannot be sent")),
        }
        self
    }
}

#[cfg(test)]
mod tests;
