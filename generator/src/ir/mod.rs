//! The intermediate representation: a resolved, named, Rust-shaped API.
//!
//! Every name here is final (unique, in Rust case; a keyword stays a plain name, which emitters
//! write as a raw identifier) and every lossy decision has been made: emitters turn this into
//! tokens without looking back at the OpenAPI model. Facts about the whole API (what reaches a
//! type, where an alias leads, what is validated, what the crate needs) are worked out once by
//! `lower` and carried here, so emitters only read them.

mod aliases;
mod constraints;
mod facts;
mod types;

pub use aliases::{ALIAS_DEPTH, AliasIndex, AliasTarget};
pub use constraints::{Bound, Constraints, IntegerChecks};
pub use facts::{ApiFeatures, Reach};

pub use types::{
    AdditionalProperties, EnumVariant, Field, IntegerEnum, IntegerWidth, NumberWidth, Primitive,
    StringEnum, Struct, Tagging, TypeDef, TypeKind, TypeRef, Union, UnionVariant, VariantPayload,
};

/// A whole API.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub docs: Option<String>,
    /// Name of the server trait (from the title: "Dolfin API" → `DolfinApi`).
    pub service_trait: String,
    /// Base URLs from `servers`, first one is the default.
    pub servers: Vec<Server>,
    /// Operations, ordered by path then method.
    pub operations: Vec<Operation>,
    /// Named types, ordered by name.
    pub types: Vec<TypeDef>,
    /// Payloads the API sends to its callers (webhooks and callbacks), ordered by name.
    pub webhooks: Vec<Webhook>,
    /// How those are signed.
    pub webhook_signature: WebhookSignature,
    /// How callers authenticate, in document order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Headers the configuration names for every request: a builder method each.
    pub default_headers: Vec<DefaultHeader>,
    /// Derives the configuration adds to every generated struct and enum.
    pub extra_derives: Vec<String>,
    /// Whether a build with only the client or only the server derives only the serde side it
    /// uses for each type (`[types] serde`; by [`TypeDef::reach`]).
    pub serde_per_side: bool,
    /// The header idempotency keys travel in, when the spec or the configuration names one.
    pub idempotency: Option<IdempotencyHeader>,
    /// Where each alias leads.
    pub aliases: AliasIndex,
    /// What the generated crate needs.
    pub features: ApiFeatures,
    /// The operation groups, each a Cargo feature of the generated crate (enabled by default),
    /// ordered by feature name; empty when the API is not grouped (grouping is off, or every
    /// operation falls in one group).
    pub groups: Vec<Group>,
    /// Where each named type's schema is written, by type name: a JSON pointer into the spec
    /// (`/components/schemas/Pet`), or `<file>#<pointer>` in another file. Types `lower` makes
    /// up (generic structs) have none. Read by `diff`, to point at both specs.
    pub type_pointers: std::collections::BTreeMap<String, String>,
}

impl Api {
    /// Drops the operation groups: every item compiles whenever its part does (a single-file
    /// layout has no Cargo features to put groups behind).
    pub fn ungroup(&mut self) {
        self.groups.clear();
        for operation in &mut self.operations {
            operation.group = None;
        }
        for def in &mut self.types {
            def.groups.clear();
        }
    }

    /// The named type `name` (types are ordered by name).
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types
            .binary_search_by(|def| def.name.as_str().cmp(name))
            .ok()
            .and_then(|index| self.types.get(index))
    }
}

/// A group of operations: one Cargo feature of the generated crate, which compiles the group's
/// operations and the types they reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The feature's name (snake_case, unique among the crate's features).
    pub feature: String,
    /// What the group was made from: a tag (`Payment Intents`), a path segment
    /// (`payment_intents`) or the configuration's name.
    pub source: String,
    /// How many operations it holds.
    pub operations: usize,
}

/// A header the client can send with every request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultHeader {
    /// Name on the wire.
    pub wire_name: String,
    /// The builder method that sets it.
    pub rust_name: String,
}

/// The header an API reads idempotency keys from: a header parameter the spec declares
/// (`Idempotency-Key`), or one the configuration names (`idempotency_header`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyHeader {
    /// The header's name on the wire, lowercase (header parameters with this name carry keys).
    pub wire_name: String,
    /// Whether the configuration names it, for every POST and PATCH request (the spec only
    /// declares it on some operations, or not at all).
    pub every_post: bool,
}

/// A way to authenticate: the client builder gets one method per scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// snake_case builder method name, unique among the builder's methods.
    pub rust_name: String,
    /// The scheme's name in the API description.
    pub spec_name: String,
    /// What the credential is and where it travels.
    pub kind: Credential,
    /// Description.
    pub docs: Option<String>,
}

/// Where a credential travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// An API key in a header.
    HeaderKey(String),
    /// An API key in the query string.
    QueryKey(String),
    /// An API key in a cookie.
    CookieKey(String),
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2, OpenID Connect).
    Bearer,
    /// `Authorization: Basic …`.
    Basic,
}

/// A request the API makes to its caller (a webhook or a callback): its payload type is
/// named, and the receiver (server side) has a method and a route for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// UpperCamel name (`NewPet`, `CreateStreamOnData`).
    pub name: String,
    /// snake_case name of the receiver's method, unique among webhooks (`new_pet`).
    pub method_name: String,
    /// The receiver router's path for it (`/new_pet`): the spec gives webhooks no path.
    pub route: String,
    /// The method the API sends it with.
    pub method: Method,
    /// The method and URL expression, for docs (`POST newPet`).
    pub summary: String,
    /// Description.
    pub docs: Option<String>,
    /// The payload's type (`Unit` without a body).
    pub payload: TypeRef,
    /// How the payload is encoded; `None` without a body.
    pub media: Option<MediaKind>,
    /// Whether the receiver checks the payload's assertions (a named type with a `Validate`
    /// impl).
    pub validated: bool,
    /// The documented answers, as for an operation.
    pub responses: Vec<Response>,
}

/// How the API signs the webhooks it sends (`oasgen.toml` says: specs rarely do).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WebhookSignature {
    /// Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`).
    #[default]
    StandardWebhooks,
    /// Stripe-style `Stripe-Signature: t=…,v1=…`.
    Stripe,
    /// GitHub-style `X-Hub-Signature-256: sha256=…`.
    GitHub,
}

/// A base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// URL with variables replaced by their defaults.
    pub url: String,
    /// What it is ("Production").
    pub description: Option<String>,
}

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// snake_case, unique: the client method, trait method and module name.
    pub name: String,
    /// HTTP method.
    pub method: Method,
    /// The path template as written (`/users/{id}`), for docs and routing.
    pub path_template: String,
    /// The path, split into literal text and parameters.
    pub path: Vec<PathPart>,
    /// How the generated router serves it; `None` when it cannot (a warning says why).
    pub route: Option<Route>,
    /// Short summary.
    pub summary: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// Tags.
    pub tags: Vec<String>,
    /// Parameters, path parameters first in path order, then query, header, cookie.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// Documented responses, explicit codes first (ascending), then ranges, then `default`.
    pub responses: Vec<Response>,
    /// How to page through a cursor-paginated list, when the operation is one.
    pub pagination: Option<Pagination>,
    /// Whether the server checks the request beyond its types (a parameter or the body asserts
    /// something).
    pub validated: bool,
    /// The client method reading the streamed response, when a success response streams.
    pub stream: Option<StreamMethod>,
    /// The earlier operation whose error enum this one's would repeat exactly (same variants,
    /// statuses, docs and types, no headers): its `ErrorResponse` is named instead.
    pub shares_errors_of: Option<String>,
    /// The Cargo feature of the operation's group (see [`Api::groups`]); `None` when the API
    /// is not grouped.
    pub group: Option<String>,
}

impl Operation {
    /// Every type its items name: parameters, body, response bodies, streamed events and
    /// response headers (a page's item type is inside its response body).
    pub fn type_refs(&self) -> impl Iterator<Item = &TypeRef> {
        let params = self.params.iter().map(|param| &param.ty);
        let body = self.body.iter().map(|body| &body.ty);
        let responses = self.responses.iter().flat_map(|response| {
            response
                .content
                .iter()
                .map(|content| &content.ty)
                .chain(response.stream.iter().map(|stream| &stream.item))
                .chain(response.headers.iter().map(|header| &header.ty))
        });
        params.chain(body).chain(responses)
    }
}

/// A cursor-paginated list: the page's items, where the next cursor is, and which query
/// parameter takes it back.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Field of the page that holds the items (a `Vec`, maybe in an `Option`).
    pub items_field: String,
    /// Whether that field may be left out (and how it says so).
    pub items_presence: Presence,
    /// The item type.
    pub item_ty: TypeRef,
    /// Fields to follow from the page to the next cursor (`["next_cursor"]`,
    /// `["meta", "cursors", "next"]`); each step but the last may be optional.
    pub next_cursor: Vec<CursorStep>,
    /// A boolean field of the page saying whether more pages follow (`has_more`).
    pub has_more: Option<CursorStep>,
    /// The `Params` field that takes the cursor.
    pub cursor_param: String,
    /// The client's stream method (`list_invoices_stream`), unique among its methods.
    pub stream_method: String,
}

/// One field on the way from a page to its next cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CursorStep {
    /// The field's Rust name.
    pub field: String,
    /// Whether the field may be left out (and how it says so).
    pub presence: Presence,
}

/// How a field the generated code reads may be missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always there: the value itself.
    Always,
    /// An `Option`.
    Optional,
    /// A `Nullable`: absent, `null` or a value.
    Nullable,
}

impl Presence {
    /// How a field of type `ty` may be missing.
    pub fn of(ty: &TypeRef) -> Presence {
        match ty {
            TypeRef::Option(_) => Presence::Optional,
            TypeRef::Nullable(_) => Presence::Nullable,
            _ => Presence::Always,
        }
    }
}

/// HTTP methods OpenAPI can describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// Upper-case name, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// An operation's route in the axum router.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The router path: each parameter segment becomes `{p0}`, `{p1}`, … by position.
    pub path: String,
    /// What each captured segment holds.
    pub captures: Vec<Capture>,
}

/// One captured path segment: literal text around one parameter (`{id}:accept`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    /// The capture's name in [`Route::path`] (`p0`).
    pub key: String,
    /// Index into [`Operation::params`].
    pub param: usize,
    /// Literal text before the parameter in the segment.
    pub prefix: String,
    /// Literal text after the parameter in the segment.
    pub suffix: String,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text, sent as is (`/auth/codes`).
    Literal(String),
    /// A path parameter: index into [`Operation::params`].
    Param(usize),
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// As a request header.
    Header,
    /// As a cookie.
    Cookie,
}

impl ParamLocation {
    /// The `in` value of the API description (`path`, `query`, `header`, `cookie`).
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

/// How arrays and objects are serialized (`style` + `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `form` (query, cookie default).
    Form,
    /// `simple` (path, header default).
    Simple,
    /// `deepObject`: `key[prop]=value`.
    DeepObject,
    /// `pipeDelimited`.
    PipeDelimited,
    /// `spaceDelimited`.
    SpaceDelimited,
}

impl ParamStyle {
    /// What separates a list's values when they travel in one query value (`a,b`, `a|b`,
    /// `a b`).
    pub fn separator(self) -> &'static str {
        match self {
            ParamStyle::PipeDelimited => "|",
            ParamStyle::SpaceDelimited => " ",
            ParamStyle::Form | ParamStyle::Simple | ParamStyle::DeepObject => ",",
        }
    }
}

/// What kind of value a parameter holds, which decides how its style serializes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamShape {
    /// One value.
    Scalar,
    /// An array.
    List,
    /// An object (a struct or a map): `form` spreads its properties, `deepObject` nests them.
    Object,
}

/// A parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Name on the wire.
    pub wire_name: String,
    /// snake_case field name, unique within the operation.
    pub rust_name: String,
    /// Where it travels.
    pub location: ParamLocation,
    /// Whether it must be sent. When false, [`Param::ty`] is an `Option`.
    pub required: bool,
    /// Its type.
    pub ty: TypeRef,
    /// Whether it is a scalar, a list or an object (how `style` applies).
    pub shape: ParamShape,
    /// Serialization style.
    pub style: ParamStyle,
    /// Whether arrays and objects are exploded.
    pub explode: bool,
    /// Description.
    pub docs: Option<String>,
    /// Deprecated.
    pub deprecated: bool,
    /// What its value must satisfy beyond its type (checked by the server).
    pub constraints: Constraints,
}

/// How a body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// `application/json` and every `+json` type.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// Raw bytes (`application/octet-stream`, images, …).
    Binary,
    /// `text/*`.
    Text,
    /// `text/event-stream`: Server-Sent Events, one typed event at a time.
    EventStream,
    /// `application/jsonl`, `application/x-ndjson`, `application/json-seq`: one JSON value a
    /// line.
    JsonLines,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Encoding.
    pub media: MediaKind,
    /// The exact content type sent.
    pub content_type: String,
    /// Its type.
    pub ty: TypeRef,
    /// Whether it must be sent. When false, [`Body::ty`] is an `Option`.
    pub required: bool,
    /// Description.
    pub docs: Option<String>,
    /// A JSON Lines body the server reads as a stream: whether each line's item is checked
    /// as it arrives (its type has a `Validate` impl). Set with [`Operation::validated`], which
    /// never counts such a body.
    pub items_checked: bool,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A class: `2XX` is `Range(2)`.
    Range(u8),
    /// Every status not otherwise documented.
    Default,
}

/// A documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Statuses it covers.
    pub status: StatusMatch,
    /// UpperCamel variant name (`Created`, `NotFound`, `Status2xx`, `Default`).
    pub variant: String,
    /// Whether the client treats it as success (2xx, or `default` when nothing else is).
    pub success: bool,
    /// Description.
    pub docs: Option<String>,
    /// The body, when there is one.
    pub content: Option<ResponseContent>,
    /// Declared response headers, in document order.
    pub headers: Vec<ResponseHeader>,
    /// The body as a stream of events, when the response offers one (as its only body, or as
    /// an alternative to `content`, the LLM pattern: the request chooses).
    pub stream: Option<StreamedBody>,
}

/// A response body sent as a stream of events.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamedBody {
    /// `EventStream` or `JsonLines`.
    pub media: MediaKind,
    /// The exact content type the server sends.
    pub content_type: String,
    /// The type of one event's data: as `oasgen.toml` names it, else from the 3.2
    /// `itemSchema` (the `data` of an SSE event object, or the item), else the media type's
    /// `schema`, else text (SSE) or any JSON.
    pub item: TypeRef,
    /// An event whose data is exactly this text ends the stream (configured: `[DONE]`).
    pub terminator: Option<String>,
    /// Whether the item is chosen by the SSE `event:` name: `item` is then an enum tagged by
    /// `event` with its value in `data` (what a `oneOf` of event objects, each naming its
    /// event with a `const`, lowers to).
    pub named: bool,
}

/// The client method that reads an operation's streamed response.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamMethod {
    /// Its name: the operation's own when the stream is the only successful body, otherwise
    /// `<operation>_stream` (unique among the client's methods).
    pub name: String,
    /// Whether the stream is the only successful answer (no JSON method beside it).
    pub only: bool,
    /// The request body's boolean property that asks for a stream (`stream`), by wire name:
    /// the stream method sends it as `true`.
    pub flag: Option<String>,
}

/// A declared response header.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// Name on the wire.
    pub wire_name: String,
    /// snake_case field name, unique within the response's headers.
    pub rust_name: String,
    /// Its type: an `Option` when not required.
    pub ty: TypeRef,
    /// Whether the header is always sent.
    pub required: bool,
    /// Description.
    pub docs: Option<String>,
}

/// A response body.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseContent {
    /// Encoding.
    pub media: MediaKind,
    /// The exact content type the server sends.
    pub content_type: String,
    /// Its type.
    pub ty: TypeRef,
}
