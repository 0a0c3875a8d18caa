//! Addressing and sampling nodes of a `serde_json::Value` tree.

use serde_json::{Map, Value};

use crate::rng::Rng;

/// One step from a node to a child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A member of an object.
    Key(String),
    /// An element of an array.
    Index(usize),
}

/// The steps from the root to a node (empty: the root).
pub type Path = Vec<Step>;

/// The node at `path`, if it exists.
pub fn get<'a>(root: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(root, |node, step| match step {
        Step::Key(key) => node.as_object()?.get(key),
        Step::Index(index) => node.as_array()?.get(*index),
    })
}

/// The node at `path`, mutably, if it exists.
pub fn get_mut<'a>(root: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(root, |node, step| match step {
        Step::Key(key) => node.as_object_mut()?.get_mut(key),
        Step::Index(index) => node.as_array_mut()?.get_mut(*index),
    })
}

/// The `$ref` that names the node at `path` (`#/components/schemas/A`), escaped per RFC 6901.
pub fn reference(path: &[Step]) -> String {
    let mut text = String::from("#");
    for step in path {
        text.push('/');
        match step {
            Step::Key(key) => text.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Step::Index(index) => text.push_str(&index.to_string()),
        }
    }
    text
}

/// The key of the last step, when it is a key.
pub fn last_key(path: &[Step]) -> Option<&str> {
    match path.last() {
        Some(Step::Key(key)) => Some(key),
        _ => None,
    }
}

/// Picks a uniformly random node for which `wanted(path, node)` holds, in one pass (reservoir
/// sampling: the path is cloned only when the candidate replaces the current choice, about
/// `ln n` times). Large seeds have ~10⁵ nodes, so collecting them all per mutation would be the
/// fuzzer's main cost.
pub fn pick_node(
    root: &Value,
    rng: &mut Rng,
    wanted: &dyn Fn(&[Step], &Value) -> bool,
) -> Option<Path> {
    let mut sampler = Sampler {
        rng,
        wanted,
        seen: 0,
        chosen: None,
    };
    let mut path = Vec::new();
    sampler.visit(root, &mut path);
    sampler.chosen
}

struct Sampler<'a> {
    rng: &'a mut Rng,
    wanted: &'a dyn Fn(&[Step], &Value) -> bool,
    seen: usize,
    chosen: Option<Path>,
}

impl Sampler<'_> {
    fn visit(&mut self, node: &Value, path: &mut Path) {
        if (self.wanted)(path, node) {
            self.seen += 1;
            if self.rng.below(self.seen) == 0 {
                self.chosen = Some(path.clone());
            }
        }
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    path.push(Step::Key(key.clone()));
                    self.visit(child, path);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    path.push(Step::Index(index));
                    self.visit(child, path);
                    path.pop();
                }
            }
            _ => {}
        }
    }
}

/// Renames `old` to `new` in place, keeping its position (document order matters to oasgen's
/// naming rule, so moving the key to the end would test something else). A member already
/// called `new` is replaced.
pub fn rename_key(map: &mut Map<String, Value>, old: &str, new: &str) {
    if old == new || !map.contains_key(old) {
        return;
    }
    let members = std::mem::take(map);
    for (key, value) in members {
        if key == new {
            continue;
        }
        let key = if key == old { new.to_string() } else { key };
        map.insert(key, value);
    }
}

/// Whether the node at `path` looks like a schema: by its keywords, or by where it sits.
pub fn is_schema(path: &[Step], node: &Value) -> bool {
    const KEYWORDS: &[&str] = &[
        "type",
        "properties",
        "$ref",
        "items",
        "allOf",
        "oneOf",
        "anyOf",
        "enum",
        "const",
        "format",
        "additionalProperties",
        "nullable",
    ];
    let Some(map) = node.as_object() else {
        return false;
    };
    if KEYWORDS.iter().any(|keyword| map.contains_key(*keyword)) {
        return true;
    }
    let parent = path.len().checked_sub(2).and_then(|at| path.get(at));
    matches!(
        last_key(path),
        Some("schema" | "items" | "additionalProperties")
    ) || matches!(parent, Some(Step::Key(key)) if key == "properties" || key == "schemas")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_address_nodes_and_name_references() {
        let mut doc = json!({"a/b": [{"~x": 1}]});
        let path = vec![
            Step::Key("a/b".into()),
            Step::Index(0),
            Step::Key("~x".into()),
        ];
        assert_eq!(get(&doc, &path), Some(&json!(1)));
        *get_mut(&mut doc, &path).expect("exists") = json!(2);
        assert_eq!(doc.pointer("/a~1b/0/~0x"), Some(&json!(2)));
        assert_eq!(reference(&path), "#/a~1b/0/~0x");
        assert_eq!(reference(&[]), "#");
        assert_eq!(get(&doc, &[Step::Index(0)]), None);
    }

    #[test]
    fn sampling_finds_every_candidate_and_only_candidates() {
        let doc = json!({"a": {"type": "string"}, "b": [{"type": "integer"}, 3]});
        let mut rng = Rng::new(1);
        let mut found = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let path = pick_node(&doc, &mut rng, &is_schema).expect("has schemas");
            found.insert(reference(&path));
        }
        let expected: std::collections::BTreeSet<String> =
            ["#/a".to_string(), "#/b/0".to_string()].into();
        assert_eq!(found, expected);
        assert_eq!(pick_node(&doc, &mut rng, &|_, node| node.is_null()), None);
    }

    #[test]
    fn rename_keeps_position() {
        let mut doc = json!({"a": 1, "b": 2, "c": 3});
        let map = doc.as_object_mut().expect("object");
        rename_key(map, "b", "z");
        assert_eq!(map.keys().collect::<Vec<_>>(), ["a", "z", "c"]);
        rename_key(map, "a", "c");
        assert_eq!(
            serde_json::to_string(map).expect("json"),
            r#"{"c":1,"z":2}"#
        );
    }
}
