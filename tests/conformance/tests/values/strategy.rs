//! A proptest strategy of JSON values valid for a schema of the spec: `$ref`, `type` (with
//! type arrays and `null`), `enum`, `const`, objects, arrays, `allOf` (merged), `oneOf`/`anyOf`
//! (with the discriminator's tag set as its `mapping` says) and the scalar keywords of
//! `scalars.rs`. A keyword it does not understand is an error, never ignored: ignoring it
//! would generate values the schema refuses (or never generate the ones it allows).

use proptest::prelude::*;
use serde_json::{Map, Value};

use super::pattern::Pattern;
use super::scalars::{self, ValueStrategy};
use super::spec::{ANNOTATIONS, deref};

/// Nesting below which optional properties, extra properties and array items beyond the
/// minimum are still generated; keeps values small and the test fast.
const MAX_DEPTH: u32 = 3;
/// Most array items (beyond `minItems`) and extra properties generated.
const MAX_EXTRA: usize = 3;
/// Depth at which generation gives up: only a required cycle gets here.
const GIVE_UP_DEPTH: u32 = 16;

/// Keywords this module turns into constraints on the values it generates.
const HANDLED: &[&str] = &[
    "$ref",
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "maxProperties",
    "propertyNames",
    "allOf",
    "oneOf",
    "anyOf",
    "discriminator",
];

/// Generates values for the schemas of one document.
pub struct Generator<'a> {
    doc: &'a Value,
    /// Whether integers are sometimes written as integral floats (`3.0`).
    integral_floats: bool,
    /// Whether an ASP.NET number at the root (a component that is one) is also written as a
    /// numeric string.
    root_numeric_strings: bool,
}

impl<'a> Generator<'a> {
    /// A generator over `doc`'s schemas.
    pub fn new(doc: &'a Value) -> Self {
        Generator {
            doc,
            integral_floats: false,
            root_numeric_strings: true,
        }
    }

    /// Also writes some integers as integral floats (`3.0`), as JSON Schema allows.
    pub fn with_integral_floats(mut self) -> Self {
        self.integral_floats = true;
        self
    }

    /// Writes an ASP.NET number at the root as a number only (nested ones still both ways).
    pub fn with_root_numbers_only(mut self) -> Self {
        self.root_numeric_strings = false;
        self
    }

    /// Values of `schema`.
    pub fn values(&self, schema: &Value) -> Result<ValueStrategy, String> {
        self.schema(schema, 0)
    }

    fn schema(&self, schema: &Value, depth: u32) -> Result<ValueStrategy, String> {
        if depth > GIVE_UP_DEPTH {
            return Err("schemas nest too deep (a cycle of required properties?)".into());
        }
        let schema = deref(self.doc, schema)?;
        let map = match schema {
            Value::Bool(true) => return Ok(any_json(depth)),
            Value::Object(map) => map,
            other => return Err(format!("not a schema this generator reads: {other}")),
        };
        if let Some(unknown) = map.keys().find(|key| {
            !HANDLED.contains(&key.as_str())
                && !ANNOTATIONS.contains(&key.as_str())
                && !key.starts_with("x-")
        }) {
            return Err(format!("keyword `{unknown}` is not generated here"));
        }
        if map.contains_key("allOf") {
            let merged = self.merge_all_of(map)?;
            return self.schema(&Value::Object(merged), depth);
        }
        if map.contains_key("oneOf") || map.contains_key("anyOf") {
            return self.union(map, depth);
        }
        if let Some(constant) = map.get("const") {
            return Ok(Just(constant.clone()).boxed());
        }
        if let Some(values) = map.get("enum").and_then(Value::as_array) {
            if values.is_empty() {
                return Err("an empty `enum`".into());
            }
            return Ok(proptest::sample::select(values.clone()).boxed());
        }
        let types = types_of(map);
        if types.is_empty() {
            return Ok(any_json(depth));
        }
        let numeric = types.iter().any(|t| *t == "integer" || *t == "number");
        let asp_net = numeric && map.contains_key("pattern");
        let mut branches = Vec::new();
        for kind in &types {
            branches.push(match *kind {
                "null" => Just(Value::Null).boxed(),
                "boolean" => any::<bool>().prop_map(Value::Bool).boxed(),
                "integer" => scalars::integer(map, self.integral_floats)?,
                "number" => scalars::number(map)?,
                "string" if asp_net && depth == 0 && !self.root_numeric_strings => continue,
                "string" if asp_net => scalars::numeric_string(map, !types.contains(&"number"))?,
                "string" => scalars::string(map)?,
                "array" => self.array(map, depth)?,
                "object" => self.object(map, depth)?,
                other => return Err(format!("type `{other}` is not generated here")),
            });
        }
        Ok(proptest::strategy::Union::new(branches).boxed())
    }

    /// `allOf` as one schema: properties and `required` united, other keywords required to
    /// agree. Branches are dereferenced (and merged themselves) first.
    fn merge_all_of(&self, map: &Map<String, Value>) -> Result<Map<String, Value>, String> {
        let mut merged = map.clone();
        let branches = merged.remove("allOf").unwrap_or_default();
        for branch in branches.as_array().ok_or("`allOf` is not an array")? {
            let branch = deref(self.doc, branch)?;
            let mut branch = branch
                .as_object()
                .ok_or("an `allOf` branch is not an object")?
                .clone();
            if branch.contains_key("allOf") {
                branch = self.merge_all_of(&branch)?;
            }
            for (key, value) in branch {
                merge_keyword(&mut merged, key, value)?;
            }
        }
        Ok(merged)
    }

    /// `oneOf`/`anyOf`: one branch's values; with a `discriminator`, the tag property holds a
    /// tag value that selects that branch (a `mapping` key naming it, else its schema name).
    fn union(&self, map: &Map<String, Value>, depth: u32) -> Result<ValueStrategy, String> {
        if map.contains_key("type") || map.contains_key("properties") {
            return Err(
                "`oneOf`/`anyOf` beside `type` or `properties` is not generated here".into(),
            );
        }
        let branches = map
            .get("oneOf")
            .or_else(|| map.get("anyOf"))
            .and_then(Value::as_array)
            .ok_or("`oneOf`/`anyOf` is not an array")?;
        let discriminator = map.get("discriminator");
        let mut strategies = Vec::new();
        for branch in branches {
            let values = self.schema(branch, depth)?;
            let Some(discriminator) = discriminator else {
                strategies.push(values);
                continue;
            };
            let property = discriminator
                .get("propertyName")
                .and_then(Value::as_str)
                .ok_or("a discriminator without `propertyName`")?
                .to_string();
            let tags = tag_values(discriminator, branch)?;
            strategies.push(
                (values, proptest::sample::select(tags))
                    .prop_map(move |(mut value, tag)| {
                        if let Some(object) = value.as_object_mut() {
                            object.insert(property.clone(), Value::String(tag));
                        }
                        value
                    })
                    .boxed(),
            );
        }
        if strategies.is_empty() {
            return Err("`oneOf`/`anyOf` without branches".into());
        }
        Ok(proptest::strategy::Union::new(strategies).boxed())
    }

    /// Arrays of `items`, `minItems` to a few more (at most `maxItems`).
    fn array(&self, map: &Map<String, Value>, depth: u32) -> Result<ValueStrategy, String> {
        let items = map.get("items").cloned().unwrap_or(Value::Bool(true));
        let items = self.schema(&items, depth + 1)?;
        let count = |key: &str| map.get(key).and_then(Value::as_u64).map(|n| n as usize);
        let min = count("minItems").unwrap_or(0);
        let extra = if depth < MAX_DEPTH { MAX_EXTRA } else { 0 };
        let max = count("maxItems").unwrap_or(usize::MAX).min(min + extra);
        if max < min {
            return Err(format!("`minItems` {min} above `maxItems` {max}"));
        }
        Ok(proptest::collection::vec(items, min..=max)
            .prop_map(Value::Array)
            .boxed())
    }

    /// Objects: required properties always, optional ones half the time, and extra
    /// properties as `additionalProperties` allows (absent: any, which decoders must tolerate).
    /// Property order is shuffled: JSON objects are unordered.
    fn object(&self, map: &Map<String, Value>, depth: u32) -> Result<ValueStrategy, String> {
        let empty = Map::new();
        let properties = map
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let required: Vec<&str> = map
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let shallow = depth < MAX_DEPTH;
        let mut fields: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
        for (name, schema) in properties {
            let values = self.schema(schema, depth + 1)?;
            let is_required = required.contains(&name.as_str());
            let name = name.clone();
            let entry = values.prop_map(move |value| Some((name.clone(), value)));
            fields.push(match (is_required, shallow) {
                (true, _) => entry.boxed(),
                (false, true) => prop_oneof![Just(None), entry].boxed(),
                (false, false) => Just(None).boxed(),
            });
        }
        let max_properties = map
            .get("maxProperties")
            .and_then(Value::as_u64)
            .map(|n| n as usize);
        let room = max_properties
            .unwrap_or(usize::MAX)
            .saturating_sub(properties.len());
        let extra_count = if shallow { room.min(MAX_EXTRA) } else { 0 };
        let extra_values = match map.get("additionalProperties") {
            Some(Value::Bool(false)) => None,
            Some(schema @ Value::Object(_)) => Some((self.schema(schema, depth + 1)?, 0)),
            // Absent or `true`: any property is allowed; one at most, of any value.
            _ => Some((any_json(MAX_DEPTH), extra_count.min(1))),
        };
        let extras = match extra_values {
            Some((values, floor)) if extra_count > 0 => {
                let keys = property_names(map, properties)?;
                proptest::collection::vec((keys, values), 0..=extra_count.max(floor)).boxed()
            }
            _ => Just(Vec::new()).boxed(),
        };
        Ok((fields, extras)
            .prop_map(|(fields, extras)| {
                let mut entries: Vec<(String, Value)> = fields.into_iter().flatten().collect();
                entries.extend(extras);
                entries
            })
            .prop_shuffle()
            .prop_map(|entries| Value::Object(entries.into_iter().collect()))
            .boxed())
    }
}

/// `type` as a list (a string, an array, or implied by `properties`/`items`).
fn types_of(map: &Map<String, Value>) -> Vec<&str> {
    match map.get("type") {
        Some(Value::String(kind)) => vec![kind.as_str()],
        Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).collect(),
        _ if map.contains_key("properties") || map.contains_key("additionalProperties") => {
            vec!["object"]
        }
        _ if map.contains_key("items") => vec!["array"],
        _ => Vec::new(),
    }
}

/// Adds one keyword of an `allOf` branch to the merged schema.
fn merge_keyword(merged: &mut Map<String, Value>, key: String, value: Value) -> Result<(), String> {
    match (key.as_str(), merged.get_mut(&key)) {
        (_, None) => {
            merged.insert(key, value);
        }
        ("properties", Some(Value::Object(existing))) => {
            for (name, schema) in value.as_object().cloned().unwrap_or_default() {
                match existing.get(&name) {
                    Some(other) if *other != schema => {
                        return Err(format!("`allOf` branches disagree on property `{name}`"));
                    }
                    _ => {
                        existing.insert(name, schema);
                    }
                }
            }
        }
        ("required", Some(Value::Array(existing))) => {
            for name in value.as_array().cloned().unwrap_or_default() {
                if !existing.contains(&name) {
                    existing.push(name);
                }
            }
        }
        (annotation, Some(_)) if ANNOTATIONS.contains(&annotation) => {}
        (_, Some(existing)) if *existing == value => {}
        (_, Some(_)) => return Err(format!("`allOf` branches disagree on `{key}`")),
    }
    Ok(())
}

/// The tag values that select `branch` of a discriminated union.
fn tag_values(discriminator: &Value, branch: &Value) -> Result<Vec<String>, String> {
    let reference = branch
        .get("$ref")
        .and_then(Value::as_str)
        .ok_or("a discriminated branch without `$ref`")?;
    let mapped: Vec<String> = discriminator
        .get("mapping")
        .and_then(Value::as_object)
        .map(|mapping| {
            mapping
                .iter()
                .filter(|(_, target)| target.as_str() == Some(reference))
                .map(|(tag, _)| tag.clone())
                .collect()
        })
        .unwrap_or_default();
    if !mapped.is_empty() {
        return Ok(mapped);
    }
    // No mapping entry: the tag is the schema's name (OpenAPI's implicit mapping).
    let name = reference.rsplit('/').next().unwrap_or(reference);
    Ok(vec![name.to_string()])
}

/// Keys for extra properties: `propertyNames.pattern` when given, else any short text; never
/// a declared property's name.
fn property_names(
    map: &Map<String, Value>,
    properties: &Map<String, Value>,
) -> Result<BoxedStrategy<String>, String> {
    let keys = match map.get("propertyNames") {
        None => proptest::collection::vec(any::<char>(), 0..8)
            .prop_map(|chars| chars.into_iter().collect::<String>())
            .boxed(),
        Some(names) => {
            let pattern = names
                .get("pattern")
                .and_then(Value::as_str)
                .filter(|_| names.as_object().is_some_and(|n| n.len() == 1))
                .ok_or("`propertyNames` other than a lone `pattern` is not generated here")?;
            Pattern::new(pattern)?.strategy()?
        }
    };
    let declared: Vec<String> = properties.keys().cloned().collect();
    Ok(keys
        .prop_filter("not a declared property", move |key| {
            !declared.contains(key)
        })
        .boxed())
}

/// Any JSON value, small: what `true` (or no constraint) admits.
fn any_json(depth: u32) -> ValueStrategy {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        proptest::num::f64::NORMAL.prop_map(Value::from),
        ".{0,8}".prop_map(Value::String),
    ];
    if depth >= MAX_DEPTH {
        return leaf.boxed();
    }
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            proptest::collection::btree_map(".{0,6}", inner, 0..3)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
    .boxed()
}
