//! Where an item of the IR is written in its spec: JSON pointers for the report.
//!
//! The IR keeps a pointer for each named type (`Api::type_pointers`); operations are found by
//! their path and method, and members (properties, enum values, parameters, responses) by
//! looking for them in the spec's JSON below their owner. When a member cannot be found (it
//! came from an `allOf` branch, a `$ref`, or another file) its owner's pointer stands in.

use serde_json::Value;

use crate::diagnostics::pointer_push;
use crate::ir::{Api, Operation, Param, StatusMatch};

/// One spec: its IR and its JSON as written, to point into.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The lowered API.
    pub api: Api,
    /// The root document's JSON (before the 3.0 → 3.1 upgrade: pointers name what the author
    /// wrote).
    pub raw: Value,
}

/// `#`-prefixed (a pointer into the root document), or `<file>#<pointer>` as the IR keeps it.
fn shown(pointer: &str) -> String {
    if pointer.contains('#') {
        pointer.to_string()
    } else {
        format!("#{pointer}")
    }
}

impl Spec {
    /// Whether `pointer` names a node of the root document.
    fn has(&self, pointer: &str) -> bool {
        !pointer.contains('#') && self.raw.pointer(pointer).is_some()
    }

    fn operation_raw(&self, operation: &Operation) -> String {
        let path = pointer_push("/paths", &operation.path_template);
        pointer_push(&path, &operation.method.as_str().to_ascii_lowercase())
    }

    /// The operation object.
    pub fn operation(&self, operation: &Operation) -> String {
        shown(&self.operation_raw(operation))
    }

    /// The parameter object: in the operation's list, else in its path item's.
    pub fn param(&self, operation: &Operation, param: &Param) -> String {
        let at_operation = self.operation_raw(operation);
        let at_path = pointer_push("/paths", &operation.path_template);
        [&at_operation, &at_path]
            .into_iter()
            .find_map(|owner| self.param_in(owner, param))
            .map_or_else(|| shown(&at_operation), |pointer| shown(&pointer))
    }

    fn param_in(&self, owner: &str, param: &Param) -> Option<String> {
        let list_pointer = pointer_push(owner, "parameters");
        let list = self.raw.pointer(&list_pointer)?.as_array()?;
        let index = list.iter().position(|entry| {
            let entry = self.followed(entry);
            entry.get("name").and_then(Value::as_str) == Some(param.wire_name.as_str())
                && entry.get("in").and_then(Value::as_str) == Some(param.location.as_str())
        })?;
        Some(pointer_push(&list_pointer, &index.to_string()))
    }

    /// The node a local `$ref` names (one step), else the node itself.
    fn followed<'a>(&'a self, node: &'a Value) -> &'a Value {
        node.get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix('#'))
            .and_then(|pointer| self.raw.pointer(pointer))
            .unwrap_or(node)
    }

    /// The request body object.
    pub fn body(&self, operation: &Operation) -> String {
        let owner = self.operation_raw(operation);
        let pointer = pointer_push(&owner, "requestBody");
        shown(if self.has(&pointer) { &pointer } else { &owner })
    }

    /// The response object documenting `status`.
    pub fn response(&self, operation: &Operation, status: StatusMatch) -> String {
        let owner = self.operation_raw(operation);
        let responses = pointer_push(&owner, "responses");
        let keys = match status {
            StatusMatch::Code(code) => vec![code.to_string()],
            StatusMatch::Range(class) => vec![format!("{class}XX"), format!("{class}xx")],
            StatusMatch::Default => vec!["default".to_string()],
        };
        keys.iter()
            .map(|key| pointer_push(&responses, key))
            .find(|pointer| self.has(pointer))
            .map_or_else(|| shown(&owner), |pointer| shown(&pointer))
    }

    /// A declared header of the response documenting `status` (the response when the header
    /// is not written there under that name).
    pub fn header(&self, operation: &Operation, status: StatusMatch, wire_name: &str) -> String {
        let response = self.response(operation, status);
        let in_response = response.strip_prefix('#').unwrap_or(&response);
        let pointer = pointer_push(&pointer_push(in_response, "headers"), wire_name);
        if self.has(&pointer) {
            shown(&pointer)
        } else {
            response
        }
    }

    /// The named type's schema.
    pub fn type_def(&self, name: &str) -> Option<String> {
        self.api
            .type_pointers
            .get(name)
            .map(|pointer| shown(pointer))
    }

    /// A property of the named type's schema (the schema itself when the property is written
    /// elsewhere, in an `allOf` branch or a `$ref`).
    pub fn property(&self, type_name: &str, wire_name: &str) -> Option<String> {
        let owner = self.api.type_pointers.get(type_name)?;
        let properties = pointer_push(owner, "properties");
        let pointer = pointer_push(&properties, wire_name);
        Some(shown(if self.has(&pointer) { &pointer } else { owner }))
    }

    /// A value of the named enum's schema (the schema itself when the value is not listed
    /// there as written).
    pub fn enum_value(&self, type_name: &str, wire_value: &Value) -> Option<String> {
        let owner = self.api.type_pointers.get(type_name)?;
        let values = pointer_push(owner, "enum");
        let index = self
            .raw
            .pointer(&values)
            .filter(|_| !owner.contains('#'))
            .and_then(Value::as_array)
            .and_then(|list| list.iter().position(|value| value == wire_value));
        Some(match index {
            Some(index) => shown(&pointer_push(&values, &index.to_string())),
            None => shown(owner),
        })
    }
}
