//! A spec as the generator reads it (YAML or JSON, 3.0 upgraded to 3.1), and `$ref` following.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// Keywords that say something about a schema without constraining its values: beside a
/// `$ref` they may be ignored.
pub const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "readOnly",
    "writeOnly",
    "deprecated",
    "default",
    "example",
    "examples",
    "$comment",
    "externalDocs",
    "xml",
];

/// A loaded spec document.
pub struct Spec {
    /// Where it was read from.
    pub path: PathBuf,
    /// The upgraded (3.1) document.
    pub doc: Value,
}

/// The workspace's root folder (this package lives in `tests/conformance`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

impl Spec {
    /// Reads `relative` (to the workspace root) the way oasgen does: its loader, then its 3.0 →
    /// 3.1 upgrade, so `nullable` arrives as a type array here too.
    pub fn load(relative: &str) -> Result<Spec, String> {
        let path = workspace_root().join(relative);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut doc = oasgen::load::load(&bytes).map_err(|e| format!("{relative}: {e}"))?;
        oasgen::upgrade::upgrade(&mut doc).map_err(|e| format!("{relative}: {e}"))?;
        Ok(Spec { path, doc })
    }

    /// The names under `components/schemas`, in document order.
    pub fn component_names(&self) -> Vec<String> {
        self.doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|schemas| schemas.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// The component schema `name`.
    pub fn component(&self, name: &str) -> Result<&Value, String> {
        self.doc
            .pointer(&format!("/components/schemas/{}", escape(name)))
            .ok_or_else(|| format!("no component schema `{name}`"))
    }
}

/// Escapes one JSON pointer segment.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The node a local `$ref` (`#/…`) names.
pub fn resolve<'a>(doc: &'a Value, reference: &str) -> Result<&'a Value, String> {
    let pointer = reference
        .strip_prefix('#')
        .ok_or_else(|| format!("`{reference}`: only local references are supported"))?;
    doc.pointer(pointer)
        .ok_or_else(|| format!("`{reference}` names nothing"))
}

/// Follows `$ref` chains until a schema without one; a `$ref` whose siblings constrain values
/// is refused, because following it would drop those constraints.
pub fn deref<'a>(doc: &'a Value, schema: &'a Value) -> Result<&'a Value, String> {
    let mut current = schema;
    // A chain longer than the document's node count would be a cycle; 64 is plenty here.
    for _ in 0..64 {
        let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
            return Ok(current);
        };
        if let Some(map) = current.as_object() {
            let constraining: Vec<&String> = map
                .keys()
                .filter(|key| *key != "$ref" && !ANNOTATIONS.contains(&key.as_str()))
                .filter(|key| !key.starts_with("x-"))
                .collect();
            if !constraining.is_empty() {
                return Err(format!(
                    "`$ref: {reference}` beside {constraining:?}: not supported by this generator"
                ));
            }
        }
        current = resolve(doc, reference)?;
    }
    Err("a `$ref` chain that does not end".to_string())
}
