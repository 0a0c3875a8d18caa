//! The JSON Schema subset OpenAPI 3.1 uses.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// An ordered map, in document order (so output follows the spec's own order where it should).
pub type Map<T> = indexmap::IndexMap<String, T>;

/// A schema: `true`/`false` (3.1 boolean schemas) or an object.
#[derive(Debug, Clone)]
pub enum Schema {
    /// `true` accepts anything, `false` nothing.
    Bool(bool),
    /// A schema object.
    Object(Box<SchemaObject>),
}

/// `type`: one name or a list of names (3.1 type arrays such as `["string", "null"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeSet(pub Vec<String>);

/// A schema object. Keywords oasgen does not use are ignored.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct SchemaObject {
    /// `$ref`, possibly with sibling keywords (legal in 3.1).
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// `type`.
    #[serde(rename = "type")]
    pub types: Option<TypeSet>,
    /// `format`.
    pub format: Option<String>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `contentEncoding` (3.1: how a string holds bytes, e.g. `binary`, `base64`).
    pub content_encoding: Option<String>,
    /// `contentMediaType` (3.1: a string holding a file of this type).
    pub content_media_type: Option<String>,
    /// `contentSchema`: the schema of what a string holds (an SSE event's JSON `data`).
    pub content_schema: Option<Schema>,
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `properties`, in document order.
    #[serde(default)]
    pub properties: Map<Schema>,
    /// `required` property names.
    #[serde(default)]
    pub required: Vec<String>,
    /// `additionalProperties`.
    pub additional_properties: Option<Schema>,
    /// `items`.
    pub items: Option<Schema>,
    /// `prefixItems` (tuples).
    pub prefix_items: Option<Vec<Schema>>,
    /// `allOf`.
    pub all_of: Option<Vec<Schema>>,
    /// `oneOf`.
    pub one_of: Option<Vec<Schema>>,
    /// `anyOf`.
    pub any_of: Option<Vec<Schema>>,
    /// `discriminator`.
    pub discriminator: Option<Box<Discriminator>>,
    /// `enum` values.
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<Value>>,
    /// `const`.
    #[serde(rename = "const", default, deserialize_with = "present")]
    pub const_value: Option<Box<Value>>,
    /// `default`.
    #[serde(default, deserialize_with = "present")]
    pub default: Option<Box<Value>>,
    /// `deprecated`.
    #[serde(default)]
    pub deprecated: bool,
    /// `readOnly`.
    #[serde(default)]
    pub read_only: bool,
    /// `writeOnly`.
    #[serde(default)]
    pub write_only: bool,
    /// `minLength`. The assertion keywords are kept as raw values: a spec that writes one with
    /// the wrong type still loads, and lowering ignores what it cannot use. Boxed: most schemas
    /// have none, and twelve values held in place made every schema of a giant spec 1.5 KB.
    pub min_length: Option<Box<Value>>,
    /// `maxLength`.
    pub max_length: Option<Box<Value>>,
    /// `minimum`.
    pub minimum: Option<Box<Value>>,
    /// `maximum`.
    pub maximum: Option<Box<Value>>,
    /// `exclusiveMinimum` (a number: 3.0's boolean form is upgraded before this).
    pub exclusive_minimum: Option<Box<Value>>,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: Option<Box<Value>>,
    /// `multipleOf`.
    pub multiple_of: Option<Box<Value>>,
    /// `minItems`.
    pub min_items: Option<Box<Value>>,
    /// `maxItems`.
    pub max_items: Option<Box<Value>>,
    /// `uniqueItems`.
    pub unique_items: Option<Box<Value>>,
    /// `minProperties`.
    pub min_properties: Option<Box<Value>>,
    /// `maxProperties`.
    pub max_properties: Option<Box<Value>>,
}

/// `discriminator`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Discriminator {
    /// The property that names the variant.
    pub property_name: String,
    /// Tag value → `$ref` of the variant schema.
    #[serde(default)]
    pub mapping: Map<String>,
}

/// Keeps an explicit `null` as `Some(Value::Null)`, distinct from the keyword being absent.
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Box<Value>>, D::Error> {
    Value::deserialize(deserializer).map(|value| Some(Box::new(value)))
}

impl Schema {
    /// Doc text: title and description, then what the type cannot say (the server's default,
    /// and which direction a value travels).
    pub fn docs(&self) -> Option<String> {
        let Schema::Object(object) = self else {
            return None;
        };
        let mut parts: Vec<String> = match (&object.title, &object.description) {
            (Some(title), Some(description)) if title != description => {
                vec![title.clone(), description.clone()]
            }
            (_, Some(text)) | (Some(text), None) => vec![text.clone()],
            (None, None) => Vec::new(),
        };
        // What the type cannot say: the server's default, and which direction a value travels.
        if let Some(default) = object.default.as_ref().filter(|value| !value.is_null()) {
            let shown = default.to_string();
            if shown.len() <= 80 {
                parts.push(format!("Default: `{}`.", shown.replace('`', "'")));
            }
        }
        if object.read_only {
            parts.push("Read-only: sent by the server, ignored in requests.".to_string());
        }
        if object.write_only {
            parts.push("Write-only: sent in requests, never returned.".to_string());
        }
        (!parts.is_empty()).then(|| parts.join("\n\n"))
    }

    /// Whether the schema is marked deprecated.
    pub fn is_deprecated(&self) -> bool {
        matches!(self, Schema::Object(object) if object.deprecated)
    }
}

impl SchemaObject {
    /// The non-null type names, and whether `"null"` is among the types.
    pub fn type_names(&self) -> (Vec<&str>, bool) {
        let Some(TypeSet(names)) = &self.types else {
            return (Vec::new(), false);
        };
        let nullable = names.iter().any(|name| name == "null");
        let others = names
            .iter()
            .map(String::as_str)
            .filter(|name| *name != "null")
            .collect();
        (others, nullable)
    }
}

impl<'de> Deserialize<'de> for Schema {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SchemaVisitor;
        impl<'de> Visitor<'de> for SchemaVisitor {
            type Value = Schema;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a schema (an object or a boolean)")
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Schema, E> {
                Ok(Schema::Bool(value))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Schema, A::Error> {
                SchemaObject::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|object| Schema::Object(Box::new(object)))
            }
        }
        deserializer.deserialize_any(SchemaVisitor)
    }
}

impl<'de> Deserialize<'de> for TypeSet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TypeSetVisitor;
        impl<'de> Visitor<'de> for TypeSetVisitor {
            type Value = TypeSet;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a type name or an array of type names")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<TypeSet, E> {
                Ok(TypeSet(vec![value.to_string()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TypeSet, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    names.push(name);
                }
                Ok(TypeSet(names))
            }
        }
        deserializer.deserialize_any(TypeSetVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_type_arrays_and_boolean_schemas() {
        let schema: Schema =
            serde_json::from_value(json!({"type": ["null", "integer", "string"]})).unwrap();
        let Schema::Object(object) = schema else {
            panic!("expected an object schema")
        };
        assert_eq!(object.type_names(), (vec!["integer", "string"], true));
        assert!(matches!(
            serde_json::from_value::<Schema>(json!(true)).unwrap(),
            Schema::Bool(true)
        ));
    }

    #[test]
    fn explicit_null_const_differs_from_absent() {
        let with: SchemaObject = serde_json::from_value(json!({"const": null})).unwrap();
        let without: SchemaObject = serde_json::from_value(json!({})).unwrap();
        assert_eq!(with.const_value.as_deref(), Some(&Value::Null));
        assert_eq!(without.const_value, None);
    }
}
