//! Mutations of what surrounds the operations: `info`, `servers`, security, response headers.

use serde_json::{Value, json};

use crate::odd;
use crate::rng::Rng;
use crate::tree::{self, Step};

/// Sets the title (which names the service trait), version or description to an odd string, or
/// gives the API servers with odd URLs and `{variables}`.
pub fn info_or_servers(document: &mut Value, rng: &mut Rng) -> bool {
    let Some(root) = document.as_object_mut() else {
        return false;
    };
    if rng.chance(30) {
        let url = rng.pick_str(&[
            "",
            "/",
            "{scheme}://{host}/v1",
            "https://x/{",
            "https://x/{}",
            "https://{a}{b}/",
            "ftp://x",
            "relative/path",
        ]);
        let server = json!({
            "url": url,
            "description": odd::string(rng),
            "variables": {odd::string(rng): {"default": odd::string(rng)}, "host": {"default": "{host}"}},
        });
        root.insert("servers".into(), json!([server]));
        return true;
    }
    let field = rng.pick_str(&["title", "version", "description"]);
    let value = if rng.chance(10) {
        odd::scalar(rng)
    } else {
        json!(odd::string(rng))
    };
    match root.entry("info").or_insert_with(|| json!({})) {
        Value::Object(info) => {
            info.insert(field.into(), value);
            true
        }
        other => {
            *other = json!({ field: value });
            true
        }
    }
}

/// Adds or changes a security scheme (odd `type`, `in`, `name`, `scheme`) and requires it, or
/// an unknown one, on the whole API or on one operation.
pub fn security(document: &mut Value, rng: &mut Rng) -> bool {
    let Some(root) = document.as_object_mut() else {
        return false;
    };
    let name = if rng.chance(30) {
        odd::string(rng)
    } else {
        "auth".to_string()
    };
    let scheme = json!({
        "type": rng.pick_str(&["apiKey", "http", "oauth2", "openIdConnect", "mutualTLS", "", "x"]),
        "in": odd::parameter_location(rng),
        "name": odd::string(rng),
        "scheme": rng.pick_str(&["bearer", "basic", "Bearer", "digest", ""]),
    });
    let components = root.entry("components").or_insert_with(|| json!({}));
    if let Some(components) = components.as_object_mut() {
        let schemes = components
            .entry("securitySchemes")
            .or_insert_with(|| json!({}));
        if let Some(schemes) = schemes.as_object_mut() {
            schemes.insert(name.clone(), scheme);
        }
    }
    let required = if rng.chance(20) {
        "missing".to_string()
    } else {
        name
    };
    let requirement = json!([{ required: [] }]);
    if rng.chance(50) {
        root.insert("security".into(), requirement);
        return true;
    }
    let Some(path) = tree::pick_node(document, rng, &|path, node| {
        node.get("responses").is_some()
            && matches!(path, [Step::Key(root), _, _] if root == "paths")
    }) else {
        return true;
    };
    if let Some(operation) = tree::get_mut(document, &path).and_then(Value::as_object_mut) {
        operation.insert("security".into(), requirement);
    }
    true
}

/// Adds a header with an odd name, requiredness and schema to a response.
pub fn response_header(document: &mut Value, rng: &mut Rng) -> bool {
    let Some(path) = tree::pick_node(document, rng, &|path, node| {
        node.is_object() && {
            let parent = path.len().checked_sub(2).and_then(|at| path.get(at));
            matches!(parent, Some(Step::Key(key)) if key == "responses")
        }
    }) else {
        return false;
    };
    let name = rng
        .pick_str(&[
            "Location",
            "Content-Type",
            "X-Rate-Limit",
            "ETag",
            "set-cookie",
        ])
        .to_string();
    let name = if rng.chance(50) {
        odd::string(rng)
    } else {
        name
    };
    let header = json!({"required": rng.chance(50), "schema": odd::schema(rng)});
    let Some(response) = tree::get_mut(document, &path).and_then(Value::as_object_mut) else {
        return false;
    };
    match response.entry("headers").or_insert_with(|| json!({})) {
        Value::Object(headers) => {
            headers.insert(name, header);
        }
        other => *other = json!({ name: header }),
    }
    true
}
