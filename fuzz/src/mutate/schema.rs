//! Mutations of schemas: types, references, compositions, enums, keywords and names.

use serde_json::{Map, Value, json};

use crate::odd;
use crate::rng::Rng;
use crate::tree::{self, Path, Step};

/// A random schema object's path.
fn pick_schema(document: &Value, rng: &mut Rng) -> Option<Path> {
    tree::pick_node(document, rng, &tree::is_schema)
}

/// The schema object at `path`, mutably.
fn schema_at<'a>(document: &'a mut Value, path: &[Step]) -> Option<&'a mut Map<String, Value>> {
    tree::get_mut(document, path).and_then(Value::as_object_mut)
}

/// Sets `type` to a random name or array of names (with `null`, repeats, or none).
pub fn set_type(document: &mut Value, rng: &mut Rng) -> bool {
    let Some(path) = pick_schema(document, rng) else {
        return false;
    };
    let types = odd::type_value(rng);
    match schema_at(document, &path) {
        Some(schema) => {
            schema.insert("type".into(), types);
            true
        }
        None => false,
    }
}

/// Points a schema (or, sometimes, any object) at a random `$ref`: an existing node, a
/// component, itself, one of its ancestors (a cycle), or a pointer that cannot be followed.
pub fn insert_ref(document: &mut Value, rng: &mut Rng) -> bool {
    let target = if rng.chance(75) {
        pick_schema(document, rng)
    } else {
        tree::pick_node(document, rng, &|path, node| {
            !path.is_empty() && node.is_object()
        })
    };
    let Some(target) = target else {
        return false;
    };
    let reference = match rng.below(6) {
        0 => {
            let Some(other) = tree::pick_node(document, rng, &|_, _| true) else {
                return false;
            };
            tree::reference(&other)
        }
        1 => {
            let components = tree::pick_node(
                document,
                rng,
                &|path, _| matches!(path, [Step::Key(a), Step::Key(b), _] if a == "components" && b == "schemas"),
            );
            match components {
                Some(component) => tree::reference(&component),
                None => odd::broken_reference(rng),
            }
        }
        2 => tree::reference(&target),
        3 => {
            let ancestor = rng.below(target.len());
            tree::reference(target.get(..ancestor).unwrap_or_default())
        }
        4 => percent_encoded(&tree::reference(&target), rng),
        _ => odd::broken_reference(rng),
    };
    let keep_siblings = rng.chance(40);
    let Some(node) = tree::get_mut(document, &target) else {
        return false;
    };
    match node.as_object_mut() {
        Some(map) if keep_siblings => {
            map.insert("$ref".into(), Value::String(reference));
        }
        _ => *node = json!({ "$ref": reference }),
    }
    true
}

/// Percent-encodes some characters of a reference, as URI fragments may be.
fn percent_encoded(reference: &str, rng: &mut Rng) -> String {
    reference
        .chars()
        .map(|character| {
            if character != '#' && rng.chance(20) {
                let mut buffer = [0; 4];
                character
                    .encode_utf8(&mut buffer)
                    .bytes()
                    .map(|byte| format!("%{byte:02X}"))
                    .collect()
            } else {
                character.to_string()
            }
        })
        .collect()
}

/// Wraps a schema in `oneOf`/`anyOf`/`allOf`, maybe with a `null` branch, another schema, a
/// discriminator, or as an empty list; sometimes adds the list beside the schema's own keywords.
pub fn wrap_composition(document: &mut Value, rng: &mut Rng) -> bool {
    let Some(path) = pick_schema(document, rng) else {
        return false;
    };
    let keyword = rng.pick_str(&["oneOf", "anyOf", "allOf"]);
    let other = pick_schema(document, rng)
        .and_then(|other| tree::get(document, &other).cloned())
        .unwrap_or_else(|| odd::schema(rng));
    let Some(node) = tree::get_mut(document, &path) else {
        return false;
    };
    let original = node.clone();
    let mut branches = match rng.below(6) {
        0 => Vec::new(),
        1 => vec![json!({"type": "null"})],
        2 => vec![original.clone(), other],
        3 => vec![original.clone(), original.clone()],
        _ => vec![original.clone()],
    };
    if rng.chance(40) {
        let at = rng.below(branches.len() + 1);
        branches.insert(at, json!({"type": "null"}));
    }
    if rng.chance(30) {
        branches.push(odd::schema(rng));
    }
    let mut wrapper = match (rng.chance(25), original) {
        (true, Value::Object(map)) => map,
        _ => Map::new(),
    };
    wrapper.insert(keyword.into(), Value::Array(branches));
    if rng.chance(35) {
        wrapper.insert("discriminator".into(), discriminator(rng));
    }
    *node = Value::Object(wrapper);
    true
}

/// A discriminator, well formed or not.
fn discriminator(rng: &mut Rng) -> Value {
    let property = if rng.chance(50) {
        "type".to_string()
    } else {
        odd::string(rng)
    };
    match rng.below(4) {
        0 => json!({"propertyName": property}),
        1 => json!({"propertyName": property, "mapping": {
            odd::string(rng): "#/components/schemas/DoesNotExist",
            odd::string(rng): odd::broken_reference(rng),
        }}),
        2 => {
            json!({"propertyName": property, "mapping": {"a": "#/components/schemas/A", "b": "#/components/schemas/A"}})
        }
        _ => odd::value(rng, 2),
    }
}

/// Adds an `enum` or a `const` with odd values: non-identifiers, repeats, `null`, numbers,
/// huge strings, mixed kinds.
pub fn enum_or_const(document: &mut Value, rng: &mut Rng) -> bool {
    let Some(path) = pick_schema(document, rng) else {
        return false;
    };
    let (keyword, value) = if rng.chance(60) {
        ("enum", odd::enum_values(rng))
    } else {
        ("const", odd::scalar(rng))
    };
    let forced_type = rng.chance(40).then(|| odd::type_value(rng));
    let Some(schema) = schema_at(document, &path) else {
        return false;
    };
    schema.insert(keyword.into(), value);
    if let Some(types) = forced_type {
        schema.insert("type".into(), types);
    }
    true
}

/// Sets one schema keyword to an odd but usually well-shaped value.
pub fn schema_keyword(document: &mut Value, rng: &mut Rng) -> bool {
    let Some(path) = pick_schema(document, rng) else {
        return false;
    };
    let existing_names: Vec<String> = tree::get(document, &path)
        .and_then(|schema| schema.get("properties"))
        .and_then(Value::as_object)
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default();
    let (keyword, value) = match rng.below(14) {
        0 => ("format", odd::format(rng)),
        1 => ("nullable", json!(rng.chance(70))),
        2 => ("additionalProperties", odd::schema(rng)),
        3 => ("items", odd::schema(rng)),
        4 => ("properties", properties(rng)),
        5 => ("required", required(rng, &existing_names)),
        6 => (
            "pattern",
            json!(rng.pick_str(&["^-?(?:0|[1-9]\\d*)$", "", "(", "\\"])),
        ),
        7 => ("default", odd::value(rng, 2)),
        8 => (rng.pick_str(&["readOnly", "writeOnly"]), json!(true)),
        9 => ("prefixItems", json!([odd::schema(rng), odd::schema(rng)])),
        10 => (
            rng.pick_str(&["exclusiveMinimum", "exclusiveMaximum", "minimum"]),
            if rng.chance(50) {
                json!(rng.chance(50))
            } else {
                odd::number(rng)
            },
        ),
        11 => (
            rng.pick_str(&["contentEncoding", "contentMediaType"]),
            json!(rng.pick_str(&["base64", "binary", "image/png", ""])),
        ),
        12 => (
            rng.pick_str(&["title", "description"]),
            json!(odd::string(rng)),
        ),
        _ => ("discriminator", discriminator(rng)),
    };
    match schema_at(document, &path) {
        Some(schema) => {
            schema.insert(keyword.into(), value);
            true
        }
        None => false,
    }
}

/// `properties` with odd names.
fn properties(rng: &mut Rng) -> Value {
    let mut map = Map::new();
    for _ in 0..rng.below(5) {
        map.insert(odd::string(rng), odd::schema(rng));
    }
    Value::Object(map)
}

/// `required`: existing names, unknown ones, repeats, or not a list of strings.
fn required(rng: &mut Rng, existing: &[String]) -> Value {
    if rng.chance(10) {
        return odd::value(rng, 1);
    }
    let mut names = Vec::new();
    for _ in 0..rng.below(5) {
        let name = match rng.pick(existing) {
            Some(name) if rng.chance(60) => name.clone(),
            _ => odd::string(rng),
        };
        names.push(Value::String(name));
    }
    Value::Array(names)
}

/// Renames a property or a component schema to an odd name, in place.
pub fn odd_name(document: &mut Value, rng: &mut Rng) -> bool {
    let Some((map_path, old)) = pick_named_member(document, rng) else {
        return false;
    };
    let new = odd::string(rng);
    match tree::get_mut(document, &map_path).and_then(Value::as_object_mut) {
        Some(map) => {
            tree::rename_key(map, &old, &new);
            true
        }
        None => false,
    }
}

/// Adds a copy of a property or component under a name that differs only in case or
/// punctuation (`fooBar` beside `foo_bar`), which must go through the collision rule.
pub fn colliding_name(document: &mut Value, rng: &mut Rng) -> bool {
    let Some((map_path, old)) = pick_named_member(document, rng) else {
        return false;
    };
    let new = match rng.below(5) {
        0 => old.to_uppercase(),
        1 => old.to_lowercase(),
        2 => format!("{old}_"),
        3 => format!("_{old}"),
        _ => old.replace('_', "-") + "2",
    };
    let Some(map) = tree::get_mut(document, &map_path).and_then(Value::as_object_mut) else {
        return false;
    };
    let Some(copy) = map.get(&old).cloned() else {
        return false;
    };
    map.insert(new, copy);
    true
}

/// A member of a `properties` or `components/schemas` map: (the map's path, the member's key).
fn pick_named_member(document: &Value, rng: &mut Rng) -> Option<(Path, String)> {
    let mut path = tree::pick_node(document, rng, &|path, _| {
        let parent = path.len().checked_sub(2).and_then(|at| path.get(at));
        matches!(parent, Some(Step::Key(key)) if key == "properties" || key == "schemas")
    })?;
    match path.pop() {
        Some(Step::Key(key)) => Some((path, key)),
        _ => None,
    }
}
