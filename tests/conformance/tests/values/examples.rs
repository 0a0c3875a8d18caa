//! The spec's own `example`/`examples` values and the Rust type each must decode into.
//!
//! The document is walked by its structure (components, then every operation's parameters,
//! request bodies, responses and headers; schemas through `properties`, `items`,
//! `additionalProperties` and the combinators) so that a property *named* `example` is not
//! taken for one. A raw scan then lists every `example`/`examples` key in the document; one the
//! walk did not reach is reported, so no example is skipped silently.

use std::collections::BTreeSet;

use serde_json::Value;

use super::spec::escape;

/// What an example must decode into.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// The type of this component schema.
    Component(String),
    /// An array of this component schema's type (an operation's `Vec<T>` body).
    ArrayOf(String),
    /// Nothing this test can name: the reason is reported as a failure.
    Unsupported(String),
}

/// One example value.
#[derive(Debug, Clone)]
pub struct Example {
    /// JSON pointer of the value in the (upgraded) document.
    pub pointer: String,
    /// The value.
    pub value: Value,
    /// What it must decode into.
    pub target: Target,
}

/// The walk's findings.
#[derive(Default)]
pub struct Found {
    /// Every example value, with its target.
    pub examples: Vec<Example>,
    /// Pointers of the `example`/`examples` keywords the walk handled.
    visited: BTreeSet<String>,
}

/// Every example of `doc`, and the `example`/`examples` keys the structural walk missed.
pub fn collect(doc: &Value) -> (Vec<Example>, Vec<String>) {
    let mut found = Found::default();
    if let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            let pointer = format!("/components/schemas/{}", escape(name));
            found.schema(schema, &pointer, Some(name));
        }
    }
    for section in ["/components/parameters", "/components/headers"] {
        for (pointer, node) in entries(doc, section) {
            found.parameter(node, &format!("{section}{pointer}"));
        }
    }
    for (pointer, node) in entries(doc, "/components/requestBodies") {
        found.content(node, &format!("/components/requestBodies{pointer}"));
    }
    for (pointer, node) in entries(doc, "/components/responses") {
        found.response(node, &format!("/components/responses{pointer}"));
    }
    for (path_pointer, path_item) in entries(doc, "/paths") {
        for (pointer, node) in entries(path_item, "") {
            let pointer = format!("/paths{path_pointer}{pointer}");
            if pointer.ends_with("/parameters") {
                found.parameters(node, &pointer);
            } else {
                found.operation(node, &pointer);
            }
        }
    }
    let mut all = BTreeSet::new();
    scan(doc, "", &mut all);
    let missed = all.difference(&found.visited).cloned().collect();
    (found.examples, missed)
}

impl Found {
    fn operation(&mut self, operation: &Value, pointer: &str) {
        if let Some(parameters) = operation.get("parameters") {
            self.parameters(parameters, &format!("{pointer}/parameters"));
        }
        if let Some(body) = operation.get("requestBody") {
            self.content(body, &format!("{pointer}/requestBody"));
        }
        for (status, response) in entries(operation, "/responses") {
            self.response(response, &format!("{pointer}/responses{status}"));
        }
    }

    fn parameters(&mut self, parameters: &Value, pointer: &str) {
        for (index, parameter) in parameters.as_array().into_iter().flatten().enumerate() {
            self.parameter(parameter, &format!("{pointer}/{index}"));
        }
    }

    /// A parameter or header: its examples decode into its schema's type.
    fn parameter(&mut self, parameter: &Value, pointer: &str) {
        let target = parameter.get("schema").map_or_else(
            || Target::Unsupported("a parameter without a schema".into()),
            schema_target,
        );
        self.example_keywords(parameter, pointer, &target, true);
        if let Some(schema) = parameter.get("schema") {
            self.schema(schema, &format!("{pointer}/schema"), None);
        }
    }

    fn response(&mut self, response: &Value, pointer: &str) {
        self.content(response, pointer);
        for (name, header) in entries(response, "/headers") {
            self.parameter(header, &format!("{pointer}/headers{name}"));
        }
    }

    /// The media types of a request body or response.
    fn content(&mut self, holder: &Value, pointer: &str) {
        for (media, media_type) in entries(holder, "/content") {
            let pointer = format!("{pointer}/content{media}");
            let target = media_type.get("schema").map_or_else(
                || Target::Unsupported("a media type without a schema".into()),
                schema_target,
            );
            self.example_keywords(media_type, &pointer, &target, true);
            if let Some(schema) = media_type.get("schema") {
                self.schema(schema, &format!("{pointer}/schema"), None);
            }
        }
    }

    /// A schema and the schemas inside it; `component` names it when it is a component root.
    fn schema(&mut self, schema: &Value, pointer: &str, component: Option<&str>) {
        let target = match component {
            Some(name) => Target::Component(name.to_string()),
            None => schema_target(schema),
        };
        self.example_keywords(schema, pointer, &target, false);
        for key in ["items", "additionalProperties", "propertyNames"] {
            if let Some(inner) = schema.get(key).filter(|inner| inner.is_object()) {
                self.schema(inner, &format!("{pointer}/{key}"), None);
            }
        }
        for key in ["allOf", "oneOf", "anyOf", "prefixItems"] {
            for (index, inner) in schema
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                self.schema(inner, &format!("{pointer}/{key}/{index}"), None);
            }
        }
        for (name, inner) in entries(schema, "/properties") {
            self.schema(inner, &format!("{pointer}/properties{name}"), None);
        }
    }

    /// `example` and `examples` of a node: in schemas `examples` is an array of values; in
    /// media types and parameters a map of Example objects (`value`).
    fn example_keywords(&mut self, node: &Value, pointer: &str, target: &Target, named: bool) {
        if let Some(value) = node.get("example") {
            self.visited.insert(format!("{pointer}/example"));
            self.push(format!("{pointer}/example"), value.clone(), target);
        }
        let Some(examples) = node.get("examples") else {
            return;
        };
        self.visited.insert(format!("{pointer}/examples"));
        match (named, examples) {
            (false, Value::Array(values)) => {
                for (index, value) in values.iter().enumerate() {
                    self.push(format!("{pointer}/examples/{index}"), value.clone(), target);
                }
            }
            (true, Value::Object(map)) => {
                for (name, example) in map {
                    let pointer = format!("{pointer}/examples/{}", escape(name));
                    match example.get("value") {
                        Some(value) => self.push(format!("{pointer}/value"), value.clone(), target),
                        None => self.push(
                            pointer,
                            Value::Null,
                            &Target::Unsupported(
                                "an Example object without an inline `value`".into(),
                            ),
                        ),
                    }
                }
            }
            _ => self.push(
                format!("{pointer}/examples"),
                examples.clone(),
                &Target::Unsupported("`examples` of the wrong shape for where it is".into()),
            ),
        }
    }

    fn push(&mut self, pointer: String, value: Value, target: &Target) {
        self.examples.push(Example {
            pointer,
            value,
            target: target.clone(),
        });
    }
}

/// The type a schema's values decode into, when it is a component or an array of one.
fn schema_target(schema: &Value) -> Target {
    if let Some(name) = component_ref(schema) {
        return Target::Component(name);
    }
    let array = schema.get("type").and_then(Value::as_str) == Some("array");
    match schema.get("items").and_then(component_ref) {
        Some(name) if array => Target::ArrayOf(name),
        _ => Target::Unsupported(format!(
            "an inline schema ({schema}) has no type this test can name"
        )),
    }
}

/// The component a schema `$ref`s.
fn component_ref(schema: &Value) -> Option<String> {
    let reference = schema.get("$ref")?.as_str()?;
    let name = reference.strip_prefix("#/components/schemas/")?;
    Some(name.replace("~1", "/").replace("~0", "~"))
}

/// The entries of the object at `pointer` inside `node`, with their pointer suffixes
/// (`/name`). A `$ref` entry yields nothing further: what it names is walked as a component.
fn entries<'a>(node: &'a Value, pointer: &str) -> Vec<(String, &'a Value)> {
    node.pointer(pointer)
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(key, value)| (format!("/{}", escape(key)), value))
        .collect()
}

/// Pointers of every `example`/`examples` key, not looking inside example values.
fn scan(node: &Value, pointer: &str, out: &mut BTreeSet<String>) {
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                let child = format!("{pointer}/{}", escape(key));
                if key == "example" || key == "examples" {
                    out.insert(child);
                } else {
                    scan(value, &child, out);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                scan(item, &format!("{pointer}/{index}"), out);
            }
        }
        _ => {}
    }
}
