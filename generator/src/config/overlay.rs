//! OpenAPI Overlay 1.0: `actions` with a JSONPath `target`, each updating or removing what it
//! selects, applied in order to the raw document.

use serde::Deserialize;
use serde_json::Value;
use serde_json_path::JsonPath;

use crate::diagnostics::{Diagnostic, pointer_push};
use crate::model::from_node;

/// An overlay document.
#[derive(Debug, Deserialize)]
struct Overlay {
    /// The Overlay version (`1.0.0`).
    overlay: String,
    /// What to change, in order.
    #[serde(default)]
    actions: Vec<Action>,
}

/// One change.
#[derive(Debug, Deserialize)]
struct Action {
    /// A JSONPath (RFC 9535) selecting the nodes to change.
    target: String,
    /// Merged into each selected object (or appended to each selected array).
    update: Option<Value>,
    /// Removes the selected nodes.
    #[serde(default)]
    remove: bool,
}

/// Applies an overlay (already parsed to JSON) to `document`.
pub fn apply_overlay(document: &mut Value, overlay: &Value) -> Result<(), Diagnostic> {
    let overlay: Overlay = from_node(overlay, "")?;
    if !overlay.overlay.starts_with("1.") {
        return Err(Diagnostic::error(
            "/overlay",
            format!(
                "unsupported Overlay version `{}`; oasgen applies 1.x",
                overlay.overlay
            ),
        ));
    }
    for (index, action) in overlay.actions.iter().enumerate() {
        let at = pointer_push("/actions", &index.to_string());
        let path = JsonPath::parse(&action.target).map_err(|error| {
            Diagnostic::error(
                pointer_push(&at, "target"),
                format!("invalid JSONPath `{}`: {error}", action.target),
            )
        })?;
        let mut pointers: Vec<String> = path
            .query_located(document)
            .locations()
            .map(|location| location.to_json_pointer())
            .collect();
        if action.remove {
            // Later array elements first, so earlier indices stay valid.
            pointers.sort_by(|a, b| b.cmp(a));
            for pointer in pointers {
                remove_at(document, &pointer);
            }
        } else if let Some(update) = &action.update {
            for pointer in pointers {
                if let Some(node) = document.pointer_mut(&pointer) {
                    merge(node, update);
                }
            }
        }
    }
    Ok(())
}

/// Objects merge key by key, recursively; an array target gets the update appended; anything
/// else is replaced.
fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                match target.get_mut(key) {
                    Some(existing) if existing.is_object() && value.is_object() => {
                        merge(existing, value)
                    }
                    _ => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(target), Value::Array(items)) => target.extend(items.iter().cloned()),
        (Value::Array(target), item) => target.push(item.clone()),
        (target, update) => *target = update.clone(),
    }
}

fn remove_at(document: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match document.pointer_mut(parent) {
        Some(Value::Object(object)) => {
            object.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = key.parse::<usize>()
                && index < items.len()
            {
                items.remove(index);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn updates_and_removes() {
        let mut document = json!({
            "info": {"title": "T"},
            "paths": {"/a": {"get": {"tags": ["x"]}, "delete": {"tags": ["internal"]}}}
        });
        let overlay = json!({
            "overlay": "1.0.0",
            "actions": [
                {"target": "$.info", "update": {"description": "Added"}},
                {"target": "$.paths['/a'].delete", "remove": true},
                {"target": "$.paths['/a'].get.tags", "update": "y"}
            ]
        });
        apply_overlay(&mut document, &overlay).unwrap();
        assert_eq!(
            document["info"],
            json!({"title": "T", "description": "Added"})
        );
        assert_eq!(
            document["paths"]["/a"],
            json!({"get": {"tags": ["x", "y"]}})
        );
    }

    #[test]
    fn bad_paths_and_versions_are_located_errors() {
        let mut document = json!({});
        let error = apply_overlay(
            &mut document,
            &json!({"overlay": "1.0.0", "actions": [{"target": "$[", "remove": true}]}),
        )
        .unwrap_err();
        assert_eq!(error.location.pointer, "/actions/0/target");
        assert!(apply_overlay(&mut document, &json!({"overlay": "2.0.0"})).is_err());
    }
}
