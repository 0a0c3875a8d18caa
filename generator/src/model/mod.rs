//! Stage 3: our own OpenAPI 3.1 model, deserialized from the upgraded JSON.
//!
//! The model is deliberately permissive about *presence* (most fields are optional and checked,
//! with a location, by `lower`) and strict about *shape* (a string where an object belongs is an
//! error with its JSON pointer). `$ref`s stay unresolved; `lower` follows them.

mod schema;

use serde::Deserialize;
use serde_json::Value;

pub use schema::{Discriminator, Map, Schema, SchemaObject, TypeSet};

use crate::diagnostics::Diagnostic;

/// The root of an OpenAPI document.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    /// The declared version (`3.1.0` after upgrading).
    pub openapi: String,
    /// Title, version and description of the API.
    #[serde(default)]
    pub info: Info,
    /// Where the API is served.
    #[serde(default)]
    pub servers: Vec<Server>,
    /// The operations, by path template.
    #[serde(default)]
    pub paths: Map<PathItem>,
    /// Webhooks the API calls (3.1).
    #[serde(default)]
    pub webhooks: Map<PathItem>,
    /// Reusable objects.
    #[serde(default)]
    pub components: Components,
    /// Security requirements that apply to every operation unless it overrides them.
    #[serde(default)]
    pub security: Option<Vec<SecurityRequirement>>,
}

/// `info`.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct Info {
    /// API title.
    #[serde(default)]
    pub title: String,
    /// API version (not the OpenAPI version).
    #[serde(default)]
    pub version: String,
    /// Markdown description.
    pub description: Option<String>,
}

/// A server entry.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct Server {
    /// Base URL, possibly with `{variables}`.
    #[serde(default)]
    pub url: String,
    /// What this server is.
    pub description: Option<String>,
    /// Values for the URL's variables.
    #[serde(default)]
    pub variables: Map<ServerVariable>,
}

/// A server URL variable.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct ServerVariable {
    /// The value used when none is given.
    #[serde(default)]
    pub default: String,
}

/// `components`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Components {
    /// Named schemas: each becomes a Rust type.
    #[serde(default)]
    pub schemas: Map<Schema>,
    /// Named security schemes.
    #[serde(default)]
    pub security_schemes: Map<SecurityScheme>,
}

/// A path item: the operations on one path template.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct PathItem {
    /// A reference to a path item elsewhere.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// Short summary for every operation here.
    pub summary: Option<String>,
    /// Description for every operation here.
    pub description: Option<String>,
    /// GET.
    pub get: Option<Operation>,
    /// PUT.
    pub put: Option<Operation>,
    /// POST.
    pub post: Option<Operation>,
    /// DELETE.
    pub delete: Option<Operation>,
    /// OPTIONS.
    pub options: Option<Operation>,
    /// HEAD.
    pub head: Option<Operation>,
    /// PATCH.
    pub patch: Option<Operation>,
    /// TRACE.
    pub trace: Option<Operation>,
    /// Parameters shared by every operation here.
    #[serde(default)]
    pub parameters: Vec<Parameter>,
}

impl PathItem {
    /// The operations with their lowercase method names, in the order HTTP lists them.
    pub fn operations(&self) -> impl Iterator<Item = (&'static str, &Operation)> {
        [
            ("get", &self.get),
            ("put", &self.put),
            ("post", &self.post),
            ("delete", &self.delete),
            ("options", &self.options),
            ("head", &self.head),
            ("patch", &self.patch),
            ("trace", &self.trace),
        ]
        .into_iter()
        .filter_map(|(method, operation)| operation.as_ref().map(|op| (method, op)))
    }
}

/// An operation.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// Unique id chosen by the spec author.
    pub operation_id: Option<String>,
    /// Short summary.
    pub summary: Option<String>,
    /// Markdown description.
    pub description: Option<String>,
    /// Tags, for grouping.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Whether the operation is deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// Parameters (merged with the path item's).
    #[serde(default)]
    pub parameters: Vec<Parameter>,
    /// The request body.
    pub request_body: Option<RequestBody>,
    /// Responses by status code, range (`2XX`) or `default`.
    #[serde(default)]
    pub responses: Map<Response>,
    /// Security requirements overriding the document's.
    pub security: Option<Vec<SecurityRequirement>>,
    /// Requests the API makes back to the caller: name → (expression → path item), or `$ref`s.
    #[serde(default)]
    pub callbacks: Map<Value>,
}

/// A security requirement: scheme name → scopes.
pub type SecurityRequirement = Map<Vec<String>>;

/// A parameter, or a `$ref` to one.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Parameter {
    /// A reference to a parameter elsewhere.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// Wire name.
    pub name: Option<String>,
    /// `path`, `query`, `header` or `cookie`.
    #[serde(rename = "in")]
    pub location: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Required (always true for path parameters).
    #[serde(default)]
    pub required: bool,
    /// Deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// Serialization style.
    pub style: Option<String>,
    /// Whether arrays and objects are exploded.
    pub explode: Option<bool>,
    /// The value's schema.
    pub schema: Option<Schema>,
    /// Alternative to `schema`: by media type.
    #[serde(default)]
    pub content: Map<MediaType>,
}

/// A request body, or a `$ref` to one.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct RequestBody {
    /// A reference to a request body elsewhere.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Bodies by media type.
    #[serde(default)]
    pub content: Map<MediaType>,
    /// Whether a body must be sent.
    #[serde(default)]
    pub required: bool,
}

/// A response, or a `$ref` to one.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct Response {
    /// A reference to a response elsewhere.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// Description (required by the spec, tolerated when absent).
    pub description: Option<String>,
    /// Bodies by media type.
    #[serde(default)]
    pub content: Map<MediaType>,
    /// Response headers.
    #[serde(default)]
    pub headers: Map<Header>,
}

/// A response header, or a `$ref` to one.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct Header {
    /// A reference to a header elsewhere.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Whether the header is always present.
    #[serde(default)]
    pub required: bool,
    /// The value's schema.
    pub schema: Option<Schema>,
}

/// A media type entry of a body.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct MediaType {
    /// The body's schema.
    pub schema: Option<Schema>,
    /// OpenAPI 3.2: the schema of each item of a sequential media type (an SSE event, a JSON
    /// line).
    #[serde(rename = "itemSchema")]
    pub item_schema: Option<Schema>,
}

/// A security scheme.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct SecurityScheme {
    /// A reference to a scheme elsewhere.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// `apiKey`, `http`, `oauth2`, `openIdConnect`, `mutualTLS`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// For `apiKey`: the header, query or cookie name.
    pub name: Option<String>,
    /// For `apiKey`: `header`, `query` or `cookie`.
    #[serde(rename = "in")]
    pub location: Option<String>,
    /// For `http`: `bearer`, `basic`, …
    pub scheme: Option<String>,
    /// Description.
    pub description: Option<String>,
}

/// The document of a spec's (upgraded) JSON value. A large one's `paths` and `components`,
/// most of it, are read at once by two threads of the pool; any failure reads it again whole,
/// for the error.
pub fn document(raw: &Value) -> Result<Document, Diagnostic> {
    let Some(object) = raw.as_object() else {
        return from_node(raw, "");
    };
    let (Some(paths), Some(components)) = (object.get("paths"), object.get("components")) else {
        return from_node(raw, "");
    };
    if paths
        .as_object()
        .is_none_or(|paths| paths.len() < PARALLEL_PATHS)
    {
        return from_node(raw, "");
    }
    let rest: serde_json::Map<String, Value> = object
        .iter()
        .filter(|(key, _)| !matches!(key.as_str(), "paths" | "components"))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let ((paths, document), components) = crate::parallel::join(
        || {
            (
                Map::<PathItem>::deserialize(paths).ok(),
                Document::deserialize(&Value::Object(rest)).ok(),
            )
        },
        || Components::deserialize(components).ok(),
    );
    match (document, paths, components) {
        (Some(document), Some(paths), Some(components)) => Ok(Document {
            paths,
            components,
            ..document
        }),
        _ => from_node(raw, ""),
    }
}

/// How many paths make a document worth reading on two threads.
const PARALLEL_PATHS: usize = 64;

/// Deserializes `T` from the node at `pointer`, reporting shape errors with their exact pointer.
pub fn from_node<T: serde::de::DeserializeOwned>(
    node: &Value,
    pointer: &str,
) -> Result<T, Diagnostic> {
    // Tracking the path costs a third of the time; it is needed only for a node that fails,
    // which is read again to find where.
    if let Ok(value) = T::deserialize(node) {
        return Ok(value);
    }
    serde_path_to_error::deserialize(node).map_err(|error| {
        let mut at = pointer.to_string();
        for segment in error.path().iter() {
            let token = match segment {
                serde_path_to_error::Segment::Seq { index } => index.to_string(),
                serde_path_to_error::Segment::Map { key } => key.clone(),
                serde_path_to_error::Segment::Enum { variant } => variant.clone(),
                serde_path_to_error::Segment::Unknown => continue,
            };
            at = crate::diagnostics::pointer_push(&at, &token);
        }
        Diagnostic::error(at, error.into_inner().to_string())
    })
}

/// A short name for the kind of a JSON value, for messages ("an array", "a string").
pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A document with `count` paths, the last one `last`.
    fn with_paths(count: usize, last: Value) -> Value {
        let mut paths = serde_json::Map::new();
        for index in 0..count {
            paths.insert(
                format!("/p{index}"),
                json!({"get": {"operationId": format!("op{index}")}}),
            );
        }
        paths.insert("/last".into(), last);
        json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1"},
            "paths": paths,
            "components": {"schemas": {"A": {"type": "string"}}},
            "x-other": [1, 2]
        })
    }

    #[test]
    fn large_documents_read_in_parts_as_they_read_whole() {
        let raw = with_paths(PARALLEL_PATHS + 5, json!({"post": {"summary": "s"}}));
        let whole: Document = from_node(&raw, "").unwrap();
        let parts = document(&raw).unwrap();
        assert_eq!(format!("{parts:?}"), format!("{whole:?}"));
        assert_eq!(parts.paths.len(), PARALLEL_PATHS + 6);
        // A shape error in a part is reported as the whole read reports it.
        let bad = with_paths(PARALLEL_PATHS + 5, json!({"get": "nope"}));
        let error = document(&bad).unwrap_err();
        assert_eq!(error.location.pointer, "/paths/~1last/get");
        assert_eq!(
            error.message,
            from_node::<Document>(&bad, "").unwrap_err().message
        );
    }

    #[test]
    fn shape_errors_name_the_exact_pointer() {
        let node = json!({"openapi": "3.1.0", "paths": {"/a": {"get": "nope"}}});
        let error = from_node::<Document>(&node, "").unwrap_err();
        assert_eq!(error.location.pointer, "/paths/~1a/get");
        assert!(
            error.message.contains("expected struct Operation"),
            "{}",
            error.message
        );
    }

    #[test]
    fn operations_come_in_method_order() {
        let node = json!({"post": {}, "get": {}});
        let item = from_node::<PathItem>(&node, "").unwrap();
        let methods: Vec<_> = item.operations().map(|(method, _)| method).collect();
        assert_eq!(methods, ["get", "post"]);
    }
}
