//! Mutations that know nothing about OpenAPI: replace, delete, duplicate.

use serde_json::Value;

use crate::odd;
use crate::rng::Rng;
use crate::tree::{self, Step};

/// Replaces a random node (not the root) with a random scalar, array or object.
pub fn replace_node(document: &mut Value, rng: &mut Rng) -> bool {
    let Some(path) = tree::pick_node(document, rng, &|path, _| !path.is_empty()) else {
        return false;
    };
    let replacement = if rng.chance(30) {
        odd::schema(rng)
    } else {
        odd::value(rng, 3)
    };
    match tree::get_mut(document, &path) {
        Some(node) => {
            *node = replacement;
            true
        }
        None => false,
    }
}

/// Deletes a random member of a random non-empty object.
pub fn delete_key(document: &mut Value, rng: &mut Rng) -> bool {
    let Some(path) = tree::pick_node(document, rng, &|_, node| {
        node.as_object().is_some_and(|map| !map.is_empty())
    }) else {
        return false;
    };
    let Some(map) = tree::get_mut(document, &path).and_then(Value::as_object_mut) else {
        return false;
    };
    let index = rng.below(map.len());
    let Some(key) = map.keys().nth(index).cloned() else {
        return false;
    };
    map.shift_remove(&key);
    true
}

/// Copies a random subtree over another node, or into an object under an existing, a new or an
/// odd key. Copies can land inside themselves (a subtree under its own descendant), which is
/// how `$ref`-free recursion and deep nesting arise.
pub fn duplicate_subtree(document: &mut Value, rng: &mut Rng) -> bool {
    let Some(source) = tree::pick_node(document, rng, &|path, _| !path.is_empty()) else {
        return false;
    };
    let Some(copy) = tree::get(document, &source).cloned() else {
        return false;
    };
    if rng.chance(50) {
        let Some(target) = tree::pick_node(document, rng, &|path, _| !path.is_empty()) else {
            return false;
        };
        return match tree::get_mut(document, &target) {
            Some(node) => {
                *node = copy;
                true
            }
            None => false,
        };
    }
    let Some(target) = tree::pick_node(document, rng, &|_, node| node.is_object()) else {
        return false;
    };
    let key = match (rng.below(3), source.last()) {
        (0, Some(Step::Key(key))) => key.clone(),
        (1, _) => odd::string(rng),
        _ => format!("copy{}", rng.below(100)),
    };
    match tree::get_mut(document, &target).and_then(Value::as_object_mut) {
        Some(map) => {
            map.insert(key, copy);
            true
        }
        None => false,
    }
}
