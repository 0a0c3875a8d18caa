//! Stage 2: OpenAPI 3.0 → 3.1, on the raw JSON, before the typed model sees it.
//!
//! Upgrading loses nothing (3.1 can say everything 3.0 can), so the rest of the pipeline only
//! knows 3.1. The walk rewrites schema keywords only; it never descends into literal values
//! (`example`, `examples`, `default`, `enum`, `const`) or extensions, where an object that merely
//! looks like a schema must stay as written.

use serde_json::{Map, Value, json};

use crate::diagnostics::Diagnostic;

/// The OpenAPI version a document declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SpecVersion {
    /// 3.0.x: upgraded to 3.1 by [`upgrade`].
    V3_0,
    /// 3.1.x: taken as is.
    V3_1,
    /// 3.2.x: read as 3.1 (3.2 only adds to it).
    V3_2,
}

/// Checks the declared version and rewrites a 3.0 document into 3.1 in place.
pub fn upgrade(document: &mut Value) -> Result<SpecVersion, Diagnostic> {
    let version = declared_version(document)?;
    if version == SpecVersion::V3_0 {
        upgrade_node(document);
        document["openapi"] = Value::String("3.1.0".into());
    }
    Ok(version)
}

fn declared_version(document: &Value) -> Result<SpecVersion, Diagnostic> {
    if let Some(swagger) = document.get("swagger") {
        return Err(Diagnostic::error(
            "/swagger",
            format!(
                "Swagger {} documents are not supported; convert the document to OpenAPI 3.x first",
                swagger.as_str().unwrap_or("2.0")
            ),
        ));
    }
    let Some(declared) = document.get("openapi") else {
        return Err(Diagnostic::error(
            "",
            "missing `openapi` field: this is not an OpenAPI 3.x document",
        ));
    };
    let Some(text) = declared.as_str() else {
        return Err(Diagnostic::error(
            "/openapi",
            format!(
                "`openapi` must be a version string such as \"3.1.0\", found {}",
                crate::model::json_kind(declared)
            ),
        ));
    };
    let mut parts = text.split('.');
    match (parts.next(), parts.next()) {
        (Some("3"), Some("0")) => Ok(SpecVersion::V3_0),
        (Some("3"), Some("1")) => Ok(SpecVersion::V3_1),
        (Some("3"), Some("2")) => Ok(SpecVersion::V3_2),
        _ => Err(Diagnostic::error(
            "/openapi",
            format!("unsupported OpenAPI version \"{text}\"; oasgen reads 3.0, 3.1 and 3.2"),
        )),
    }
}

/// Rewrites the 3.0 schema keywords of a fragment (a file another document's `$ref` points
/// into, with no `openapi` field of its own) as [`upgrade`] does for a whole 3.0 document. The
/// caller knows the fragment is 3.0 because the document referring to it is.
pub fn upgrade_fragment(fragment: &mut Value) {
    upgrade_node(fragment);
}

/// Keys whose values are literal data, not schemas or spec objects.
const LITERAL_KEYS: &[&str] = &["example", "examples", "default", "enum", "const"];

/// Visits every spec node with an explicit stack: however deep the document nests (the loader
/// bounds it, but generously), this walk uses no more call stack.
fn upgrade_node(root: &mut Value) {
    let mut pending = vec![root];
    while let Some(node) = pending.pop() {
        match node {
            Value::Object(object) => {
                upgrade_schema_keywords(object);
                for (key, child) in object.iter_mut() {
                    if !LITERAL_KEYS.contains(&key.as_str()) && !key.starts_with("x-") {
                        pending.push(child);
                    }
                }
            }
            Value::Array(items) => pending.extend(items.iter_mut()),
            _ => {}
        }
    }
}

fn upgrade_schema_keywords(object: &mut Map<String, Value>) {
    // Most objects have none of these keys: one look at the keys (most fail on their length)
    // costs less than hashing each of the three for a lookup, on every object of a giant spec.
    if !object.keys().any(|key| {
        matches!(
            key.as_str(),
            "exclusiveMinimum" | "exclusiveMaximum" | "nullable"
        )
    }) {
        return;
    }
    upgrade_exclusive_bound(object, "exclusiveMinimum", "minimum");
    upgrade_exclusive_bound(object, "exclusiveMaximum", "maximum");
    if object.get("nullable").and_then(Value::as_bool).is_some() {
        let nullable = object.remove("nullable") == Some(Value::Bool(true));
        if nullable {
            make_nullable(object);
        }
    }
}

/// 3.0's boolean `exclusiveMinimum: true` + `minimum: m` is 3.1's `exclusiveMinimum: m`.
fn upgrade_exclusive_bound(object: &mut Map<String, Value>, exclusive: &str, inclusive: &str) {
    if let Some(Value::Bool(flag)) = object.get(exclusive).cloned() {
        object.remove(exclusive);
        if flag && let Some(bound) = object.remove(inclusive) {
            object.insert(exclusive.to_string(), bound);
        }
    }
}

fn make_nullable(object: &mut Map<String, Value>) {
    match object.get_mut("type") {
        Some(Value::String(single)) => {
            let single = std::mem::take(single);
            object.insert("type".into(), json!([single, "null"]));
            if let Some(Value::Array(values)) = object.get_mut("enum")
                && !values.contains(&Value::Null)
            {
                values.push(Value::Null);
            }
        }
        Some(Value::Array(types)) => {
            if !types.contains(&json!("null")) {
                types.push(json!("null"));
            }
        }
        _ => {
            // No `type` (a `$ref`, `allOf`, …): "this, or null" is a union with the null type.
            let inner = std::mem::take(object);
            let mut outer = Map::new();
            let (docs, rest): (Vec<_>, Vec<_>) = inner
                .into_iter()
                .partition(|(key, _)| matches!(key.as_str(), "description" | "title" | "default"));
            outer.extend(docs);
            outer.insert(
                "anyOf".into(),
                json!([Value::Object(rest.into_iter().collect()), {"type": "null"}]),
            );
            *object = outer;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upgraded(document: Value) -> Value {
        let mut document = document;
        upgrade(&mut document).unwrap();
        document
    }

    #[test]
    fn nullable_typed_schema_becomes_type_array() {
        let document = upgraded(json!({
            "openapi": "3.0.3",
            "components": {"schemas": {"A": {"type": "string", "nullable": true, "enum": ["x"]}}}
        }));
        assert_eq!(
            document["components"]["schemas"]["A"],
            json!({"type": ["string", "null"], "enum": ["x", null]})
        );
        assert_eq!(document["openapi"], "3.1.0");
    }

    #[test]
    fn nullable_ref_becomes_union_with_null() {
        let document = upgraded(json!({
            "openapi": "3.0.0",
            "x": {"description": "d", "allOf": [{"$ref": "#/a"}], "nullable": true}
        }));
        assert_eq!(
            document["x"],
            json!({"description": "d", "anyOf": [{"allOf": [{"$ref": "#/a"}]}, {"type": "null"}]})
        );
    }

    #[test]
    fn exclusive_bounds_become_numeric() {
        let document = upgraded(json!({
            "openapi": "3.0.0",
            "s": {"minimum": 1, "exclusiveMinimum": true, "maximum": 9, "exclusiveMaximum": false}
        }));
        assert_eq!(document["s"], json!({"exclusiveMinimum": 1, "maximum": 9}));
    }

    #[test]
    fn examples_are_left_alone() {
        let document = upgraded(json!({
            "openapi": "3.0.0",
            "s": {"example": {"nullable": true, "type": "string"}}
        }));
        assert_eq!(
            document["s"]["example"],
            json!({"nullable": true, "type": "string"})
        );
    }

    #[test]
    fn fragments_upgrade_without_a_version() {
        let mut fragment = json!({"Pet": {"type": "string", "nullable": true}});
        upgrade_fragment(&mut fragment);
        assert_eq!(fragment, json!({"Pet": {"type": ["string", "null"]}}));
    }

    #[test]
    fn deep_documents_do_not_recurse() {
        let mut deep = json!({"type": "string", "nullable": true});
        for _ in 0..100_000 {
            // Not `json!`: it would serialize (recursively) what it wraps.
            deep = Value::Object(Map::from_iter([("items".to_string(), deep)]));
        }
        upgrade_fragment(&mut deep);
        let mut node = &deep;
        while let Some(inner) = node.get("items") {
            node = inner;
        }
        assert_eq!(node, &json!({"type": ["string", "null"]}));
        // Dropping a value this deep recurses in serde_json; take it apart iteratively.
        let mut pending = vec![deep];
        while let Some(mut value) = pending.pop() {
            if let Some(inner) = value.get_mut("items") {
                pending.push(inner.take());
            }
        }
    }

    #[test]
    fn versions_are_checked() {
        let mut swagger = json!({"swagger": "2.0"});
        assert!(
            upgrade(&mut swagger)
                .unwrap_err()
                .message
                .contains("Swagger 2.0")
        );
        let mut unknown = json!({"openapi": "4.0.0"});
        assert!(upgrade(&mut unknown).unwrap_err().message.contains("4.0.0"));
        let mut missing = json!({"info": {}});
        assert!(upgrade(&mut missing).is_err());
        let mut v31 = json!({"openapi": "3.1.1", "s": {"nullable": true, "type": "string"}});
        assert_eq!(upgrade(&mut v31).unwrap(), SpecVersion::V3_1);
        assert_eq!(
            v31["s"]["nullable"], true,
            "3.1 documents are not rewritten"
        );
    }
}
