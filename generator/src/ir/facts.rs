//! Facts about the whole API that `lower` works out once and emitters only read: which roots
//! reach a type, and what the generated crate needs.

/// Which kinds of message hold a type, directly or through other types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reach {
    /// A request parameter or body: the server decodes (and checks) it.
    pub request: bool,
    /// A response body: the client decodes it.
    pub response: bool,
    /// A webhook or callback payload.
    pub webhook: bool,
}

impl Reach {
    /// Reached from wherever `self` or `other` is.
    pub fn or(self, other: Reach) -> Reach {
        Reach {
            request: self.request || other.request,
            response: self.response || other.response,
            webhook: self.webhook || other.webhook,
        }
    }
}

/// What the generated crate needs beyond its fixed parts: optional runtime helpers, modules
/// and dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ApiFeatures {
    /// Some operation sends a `multipart/form-data` body.
    pub multipart: bool,
    /// Some operation is a cursor-paginated list (the client streams it).
    pub pagination: bool,
    /// The server checks something beyond the types (a type or a request is validated).
    pub validation: bool,
    /// Some assertion of a type, a struct's field or a parameter is a `pattern`, or a check
    /// the server makes is one.
    pub patterns: bool,
    /// Some operation answers with a stream of events (SSE or JSON Lines).
    pub streams: bool,
    /// Some type is a `uuid::Uuid`.
    pub uuid: bool,
    /// Some type is a `chrono` date or time.
    pub chrono: bool,
    /// The API sends webhooks or callbacks: a receiver, and signature checks, are generated.
    pub webhooks: bool,
    /// Some struct field may be absent, `null` or a value (`runtime::nullable::Nullable`).
    pub nullable: bool,
    /// Some operation takes a JSON Lines request body, sent and read as a stream.
    pub streamed_bodies: bool,
}
