//! `oasgen.toml`: what a spec does not say, or says in a way a team wants changed.
//!
//! Applied in two places: [`apply_to_document`] edits the raw JSON before the model sees it
//! (an OpenAPI Overlay, security schemes the spec omits, operations left out), and `lower`
//! reads the rest (renames, replacements, derives, default headers). Unknown keys are errors
//! that name the key.

mod document;
mod overlay;
mod webhooks;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use document::apply_to_document;
pub use webhooks::{SignatureScheme, WebhooksConfig};

use crate::diagnostics::Diagnostic;
use crate::error::Error;

/// A parsed `oasgen.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// An OpenAPI Overlay 1.0 document applied to the spec first (path relative to the config).
    pub overlay: Option<PathBuf>,
    /// Which operations to generate, and their names.
    #[serde(default)]
    pub operations: Operations,
    /// Type replacements, renames and derives.
    #[serde(default)]
    pub types: Types,
    /// Security schemes the spec omits, by name (same fields as an OpenAPI Security Scheme).
    #[serde(default)]
    pub security: BTreeMap<String, SecurityScheme>,
    /// Headers every request may carry (header name → builder method name).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The header idempotency keys travel in, when the API documents it outside its spec
    /// (Stripe's `Idempotency-Key`): the client then makes up a key for every POST and PATCH
    /// request that has none, so those are retried safely.
    pub idempotency_header: Option<String>,
    /// Pagination the response shape does not reveal, by (generated) operation name.
    #[serde(default)]
    pub pagination: BTreeMap<String, PaginationConfig>,
    /// `[streams.<operation>]`: how an operation's event stream is read (keyed by the
    /// operation's Rust name).
    #[serde(default)]
    pub streams: BTreeMap<String, StreamConfig>,
    /// Where generated code finds its runtime: a copy carried in the crate (`"vendored"`, the
    /// default) or the `oasgen-runtime` crate (`"crate"`).
    #[serde(default)]
    pub runtime: RuntimeMode,
    /// With `runtime = "crate"`: the path of the `oasgen-runtime` crate, as the generated
    /// `Cargo.toml` should name it (relative to the generated crate). Without it the
    /// dependency names a version, which needs the crate published.
    pub runtime_path: Option<String>,
    /// How the API signs the webhooks it sends (`[webhooks] signature = "stripe"`).
    #[serde(default)]
    pub webhooks: WebhooksConfig,
    /// `[groups]`: operation groups as Cargo features, and which groups to generate.
    #[serde(default)]
    pub groups: Groups,
    /// Where the config was read from (for relative paths); not a key.
    #[serde(skip)]
    pub base_dir: PathBuf,
}

/// `runtime = …`: where generated code finds the helpers it runs on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuntimeMode {
    /// A copy of the runtime's files in each generated crate: it depends on no crate of ours.
    #[default]
    Vendored,
    /// A dependency on `oasgen-runtime`: several generated APIs share its `Error` and builder
    /// types.
    Crate,
}

/// `[operations]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operations {
    /// Only operations with one of these tags (empty: all).
    #[serde(default)]
    pub include_tags: Vec<String>,
    /// Leave out operations with any of these tags.
    #[serde(default)]
    pub exclude_tags: Vec<String>,
    /// Only operations whose path matches one of these patterns (`*` matches any text).
    #[serde(default)]
    pub include_paths: Vec<String>,
    /// Leave out operations whose path matches any of these patterns.
    #[serde(default)]
    pub exclude_paths: Vec<String>,
    /// Generated operation name → the name to use instead.
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
}

/// `[groups]`: every operation belongs to one group (its first tag, else the first path segment
/// after a version segment), and each group is a Cargo feature of a generated crate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Groups {
    /// Whether a generated crate puts groups behind features (default: yes, when there are two
    /// or more).
    #[serde(default = "yes")]
    pub features: bool,
    /// Generated operation name → the group to put it in, instead of its tag or path.
    #[serde(default)]
    pub operations: BTreeMap<String, String>,
    /// Generate only these groups' operations and the types they reach (by feature name:
    /// `["payment_intents"]`). Empty: every group. What `build::Bindings::groups` sets.
    #[serde(default)]
    pub only: Vec<String>,
}

impl Default for Groups {
    fn default() -> Self {
        Groups {
            features: true,
            operations: BTreeMap::new(),
            only: Vec::new(),
        }
    }
}

fn yes() -> bool {
    true
}

/// `[types]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Types {
    /// Component schema name → an existing Rust type to use instead (`rust_decimal::Decimal`).
    #[serde(default)]
    pub replace: BTreeMap<String, String>,
    /// String or number `format` → an existing Rust type (`decimal = "rust_decimal::Decimal"`).
    #[serde(default)]
    pub formats: BTreeMap<String, String>,
    /// Component schema name → the type name to generate.
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
    /// Derives added to every generated struct and enum (`["Eq", "Hash"]`).
    #[serde(default)]
    pub derives: Vec<String>,
    /// What a property that is neither required nor non-nullable becomes.
    #[serde(default)]
    pub optional_nullable: OptionalNullable,
    /// Whether an inline schema identical to an earlier one becomes an alias of its type
    /// (default: yes; `false` gives every inline schema a type of its own).
    pub merge_identical: Option<bool>,
    /// Which serde derives a type carries in a build with only the client or only the server.
    #[serde(default)]
    pub serde: SerdeDerives,
}

/// `[types] optional_nullable`: how a property that may be absent or `null` is held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OptionalNullable {
    /// `Nullable<T>`: absent, `null` and a value kept apart (what a `PATCH` needs).
    #[default]
    Nullable,
    /// `Option<T>`: absent and `null` both `None`, for APIs that mean the same by both (a
    /// dropshot server, whose schemars writes every `Option` field this way).
    Option,
}

/// `[types] serde`: the serde derives of a crate built with one part only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SerdeDerives {
    /// What that part needs: a client-only build decodes responses (no `Serialize` on types
    /// only responses hold) and encodes requests (no `Deserialize` on request-only types); a
    /// server-only build the other way round. Saves most of a large API's compile time.
    #[default]
    PerSide,
    /// `Serialize` and `Deserialize` on every type, whatever the features (a client that
    /// re-encodes responses, to cache or forward them).
    Both,
}

/// How one list operation pages, in wire names.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationConfig {
    /// The page's array of items (`data`).
    pub items: String,
    /// The next cursor, as a dotted path of properties (`meta.page.next`).
    pub next_cursor: String,
    /// The query parameter that takes the cursor back (`cursor`).
    pub cursor_param: String,
    /// A boolean property saying whether more pages follow, if any (`hasMore`).
    pub has_more: Option<String>,
}

/// How one operation's event stream is read.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StreamConfig {
    /// The schema of one event's data, as a reference into the document
    /// (`#/components/schemas/ChatChunk`): it replaces what the spec says, and gives a stream
    /// to an operation whose spec documents only its JSON answer (served as SSE).
    pub item: Option<String>,
    /// An event whose data is exactly this text ends the stream cleanly (OpenAI's `[DONE]`).
    pub terminator: Option<String>,
}

/// A security scheme declared in the config.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityScheme {
    /// `apiKey` or `http` (or `oauth2`, `openIdConnect`: sent as a bearer token).
    #[serde(rename = "type")]
    pub kind: String,
    /// For `apiKey`: `header`, `query` or `cookie`.
    #[serde(rename = "in", skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// For `apiKey`: the header, query parameter or cookie name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// For `http`: `bearer` or `basic`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// What it is, for the builder method's docs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl Config {
    /// Reads and checks a config file.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut config =
            Config::parse(&text).map_err(|diagnostic| Error::Spec(diagnostic.in_file(path)))?;
        config.base_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(config)
    }

    /// Parses config text; unknown keys and wrong types are errors naming the key.
    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        toml::from_str::<Config>(text).map_err(|error| {
            let mut diagnostic =
                Diagnostic::error("", format!("invalid oasgen.toml: {}", error.message()));
            if let Some(span) = error.span() {
                let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                diagnostic.location.line_column = Some((line, 1));
            }
            diagnostic
        })
    }

    /// Whether the config changes nothing.
    pub fn is_empty(&self) -> bool {
        self.overlay.is_none()
            && self.operations.include_tags.is_empty()
            && self.operations.exclude_tags.is_empty()
            && self.operations.include_paths.is_empty()
            && self.operations.exclude_paths.is_empty()
            && self.operations.rename.is_empty()
            && self.types.replace.is_empty()
            && self.types.formats.is_empty()
            && self.types.rename.is_empty()
            && self.types.derives.is_empty()
            && self.security.is_empty()
            && self.headers.is_empty()
            && self.pagination.is_empty()
            && self.webhooks == WebhooksConfig::default()
            && self.idempotency_header.is_none()
    }
}

/// `*` matches any run of characters; everything else matches itself.
pub fn glob_matches(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let Some(first) = parts.next() else {
        return pattern == text;
    };
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let remaining: Vec<&str> = parts.collect();
    for (index, part) in remaining.iter().enumerate() {
        let last = index + 1 == remaining.len();
        if last {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors_naming_the_key() {
        let error = Config::parse("[operations]\ninclude_tag = [\"x\"]\n").unwrap_err();
        assert!(error.message.contains("include_tag"), "{}", error.message);
        assert_eq!(error.location.line_column, Some((2, 1)));
        let error = Config::parse("colour = 1\n").unwrap_err();
        assert!(error.message.contains("colour"), "{}", error.message);
    }

    #[test]
    fn reads_every_section() {
        let config = Config::parse(
            "overlay = \"o.yaml\"\n[operations]\nexclude_tags = [\"Internal\"]\nrename = { create_auth_code = \"issue_code\" }\n\
             [types]\nreplace = { Money = \"rust_decimal::Decimal\" }\nderives = [\"Eq\"]\n\
             [security.apiKey]\ntype = \"apiKey\"\nin = \"header\"\nname = \"x-key\"\n[headers]\nx-org = \"organisation\"\n",
        )
        .unwrap();
        assert_eq!(config.operations.exclude_tags, ["Internal"]);
        assert_eq!(config.types.replace["Money"], "rust_decimal::Decimal");
        assert_eq!(config.security["apiKey"].name.as_deref(), Some("x-key"));
        assert_eq!(config.headers["x-org"], "organisation");
        assert!(!config.is_empty() && Config::default().is_empty());
    }

    #[test]
    fn globs() {
        assert!(glob_matches("/invoices*", "/invoices/{id}"));
        assert!(glob_matches("*/admin/*", "/v1/admin/users"));
        assert!(glob_matches("/exact", "/exact"));
        assert!(!glob_matches("/exact", "/exact/more"));
        assert!(!glob_matches("/a*b", "/a-c"));
    }
}
