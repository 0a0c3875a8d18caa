//! Mutations of the HTTP side: path templates, methods, status keys, media types, parameters.

use serde_json::{Value, json};

use crate::odd;
use crate::rng::Rng;
use crate::tree::{self, Path, Step};

/// A random member of an object found under `key` (`paths`, `responses`, `content`):
/// (the object's path, the member's key).
fn pick_member(document: &Value, rng: &mut Rng, key: &'static str) -> Option<(Path, String)> {
    let mut path = tree::pick_node(document, rng, &|path, _| {
        let parent = path.len().checked_sub(2).and_then(|at| path.get(at));
        matches!(parent, Some(Step::Key(parent)) if parent == key)
    })?;
    match path.pop() {
        Some(Step::Key(member)) => Some((path, member)),
        _ => None,
    }
}

/// Renames or copies a member of every map named `key` to `new`.
fn rename_or_copy(document: &mut Value, rng: &mut Rng, key: &'static str, new: String) -> bool {
    let Some((map_path, old)) = pick_member(document, rng, key) else {
        return false;
    };
    let copy = rng.chance(40);
    let Some(map) = tree::get_mut(document, &map_path).and_then(Value::as_object_mut) else {
        return false;
    };
    if copy {
        match map.get(&old).cloned() {
            Some(value) => {
                map.insert(new, value);
            }
            None => return false,
        }
    } else {
        tree::rename_key(map, &old, &new);
    }
    true
}

/// Gives a path item an odd template (`/a/{`, `/{x}{y}`, `/a/{id}:x`), renamed or copied;
/// appends odd segments to a template; or makes a near twin of one (other parameter names, a
/// literal where a parameter was, a trailing slash, other case), which the router must tell
/// apart or refuse.
pub fn path_template(document: &mut Value, rng: &mut Rng) -> bool {
    let base = pick_member(document, rng, "paths")
        .map(|(_, path)| path)
        .unwrap_or_default();
    let template = match rng.below(10) {
        0..=4 => odd::path_template(rng),
        5 | 6 => base + &odd::path_template(rng),
        _ => twin(&base, rng),
    };
    rename_or_copy(document, rng, "paths", template)
}

/// A template that differs from `base` in a way routers care about.
fn twin(base: &str, rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => base.replace('{', "{other_"),
        1 => {
            let around = base
                .split_once('{')
                .and_then(|(head, rest)| rest.split_once('}').map(|(_, tail)| (head, tail)));
            match around {
                Some((head, tail)) => format!("{head}mine{tail}"),
                None => format!("{base}/{{id}}"),
            }
        }
        2 => format!("{base}/"),
        _ => base.to_uppercase(),
    }
}

/// Gives a response an odd status key (`2XX`, `999`, `200.0`, ``), renamed or copied.
pub fn status_key(document: &mut Value, rng: &mut Rng) -> bool {
    let status = odd::status_key(rng);
    rename_or_copy(document, rng, "responses", status)
}

/// Gives a body or response content an odd media type, renamed or copied.
pub fn media_type(document: &mut Value, rng: &mut Rng) -> bool {
    let media = odd::media_type(rng);
    rename_or_copy(document, rng, "content", media)
}

/// Changes a parameter's `in`, `style`, `explode`, `name`, `required`, `schema` or `content`,
/// or adds an odd parameter to a list.
pub fn parameter(document: &mut Value, rng: &mut Rng) -> bool {
    if rng.chance(25) {
        return add_parameter(document, rng);
    }
    let Some(path) = tree::pick_node(document, rng, &|path, node| {
        node.is_object()
            && path.len() >= 2
            && path.get(path.len() - 2) == Some(&Step::Key("parameters".into()))
    }) else {
        return add_parameter(document, rng);
    };
    let (keyword, value) = match rng.below(8) {
        0 | 1 => ("in", odd::parameter_location(rng)),
        2 => ("style", odd::parameter_style(rng)),
        3 => ("explode", json!(rng.chance(50))),
        4 => ("name", json!(odd::string(rng))),
        5 => (
            "required",
            if rng.chance(80) {
                json!(rng.chance(50))
            } else {
                odd::scalar(rng)
            },
        ),
        6 => ("schema", odd::schema(rng)),
        _ => (
            "content",
            json!({odd::media_type(rng): {"schema": odd::schema(rng)}}),
        ),
    };
    match tree::get_mut(document, &path).and_then(Value::as_object_mut) {
        Some(parameter) => {
            parameter.insert(keyword.into(), value);
            true
        }
        None => false,
    }
}

/// Adds a parameter with odd fields to a `parameters` list of a path item or operation.
fn add_parameter(document: &mut Value, rng: &mut Rng) -> bool {
    let Some(path) = tree::pick_node(document, rng, &|path, node| {
        node.is_array() && tree::last_key(path) == Some("parameters")
    }) else {
        return false;
    };
    // Half the time a name the list already has (a second `id`, in another place or the same).
    let existing = tree::get(document, &path)
        .and_then(Value::as_array)
        .and_then(|list| rng.pick(list))
        .and_then(|parameter| parameter.get("name"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let name = match existing {
        Some(name) if rng.chance(50) => name,
        _ => odd::string(rng),
    };
    let mut parameter = json!({
        "name": name,
        "in": odd::parameter_location(rng),
        "schema": odd::schema(rng),
    });
    if rng.chance(30) {
        parameter["required"] = json!(rng.chance(50));
    }
    if rng.chance(30) {
        parameter["style"] = odd::parameter_style(rng);
    }
    match tree::get_mut(document, &path).and_then(Value::as_array_mut) {
        Some(list) => {
            let at = rng.below(list.len() + 1);
            list.insert(at, parameter);
            true
        }
        None => false,
    }
}

/// Moves or copies an operation to another method key, standard or not.
pub fn method(document: &mut Value, rng: &mut Rng) -> bool {
    let new = odd::method(rng);
    rename_or_copy_operation(document, rng, new)
}

fn rename_or_copy_operation(document: &mut Value, rng: &mut Rng, new: String) -> bool {
    let Some(mut path) = tree::pick_node(document, rng, &|path, node| {
        node.get("responses").is_some()
            && matches!(path, [Step::Key(root), _, _] if root == "paths" || root == "webhooks")
    }) else {
        return false;
    };
    let Some(Step::Key(old)) = path.pop() else {
        return false;
    };
    let copy = rng.chance(50);
    let Some(item) = tree::get_mut(document, &path).and_then(Value::as_object_mut) else {
        return false;
    };
    if copy {
        if let Some(operation) = item.get(&old).cloned() {
            item.insert(new, operation);
        }
    } else {
        tree::rename_key(item, &old, &new);
    }
    true
}

/// Sets an operation's `operationId` to an odd name or to another operation's id, or removes it
/// and gives the operation an odd `summary` (the next source of its name).
pub fn operation_id(document: &mut Value, rng: &mut Rng) -> bool {
    let Some(path) = tree::pick_node(document, rng, &|path, node| {
        node.get("responses").is_some()
            && matches!(path, [Step::Key(root), _, _] if root == "paths")
    }) else {
        return false;
    };
    let taken = tree::pick_node(document, rng, &|path, node| {
        node.is_string() && tree::last_key(path) == Some("operationId")
    })
    .and_then(|other| tree::get(document, &other).cloned());
    let id = match taken {
        Some(id) if rng.chance(40) => id,
        _ if rng.chance(10) => odd::scalar(rng),
        _ => json!(odd::string(rng)),
    };
    let summary = rng.chance(30).then(|| odd::string(rng));
    match tree::get_mut(document, &path).and_then(Value::as_object_mut) {
        Some(operation) => {
            match summary {
                Some(summary) => {
                    operation.shift_remove("operationId");
                    operation.insert("summary".into(), json!(summary));
                }
                None => {
                    operation.insert("operationId".into(), id);
                }
            }
            true
        }
        None => false,
    }
}

/// Sets `openapi` to another version, valid or not.
pub fn version(document: &mut Value, rng: &mut Rng) -> bool {
    let version = odd::version(rng);
    match document.as_object_mut() {
        Some(root) => {
            root.insert("openapi".into(), version);
            true
        }
        None => false,
    }
}
