//! Odd values: the strings, numbers and shapes that real specs rarely hold but may.

use serde_json::{Map, Value, json};

use crate::rng::Rng;

/// Strings that stress naming: empty, keywords, reserved names, symbols, non-ASCII, escapes.
const STRINGS: &[&str] = &[
    "",
    " ",
    "null",
    "true",
    "0",
    "1abc",
    "123",
    "-1",
    "a-b",
    "a b",
    "a.b",
    "a/b",
    "a~b",
    "~1",
    "%",
    "%zz",
    "self",
    "Self",
    "super",
    "crate",
    "type",
    "r#type",
    "fn",
    "async",
    "_",
    "__",
    "$",
    "$type",
    "@timestamp",
    "+1",
    "-",
    "ünïcödé",
    "日本語",
    "😀",
    "{id}",
    "\\",
    "\"",
    "'",
    "\n",
    "\t",
    "\u{0}",
    "\u{feff}",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "new",
    "builder",
    "body",
    "params",
    "Unknown",
    "Default",
    "serde",
    "std",
    "core",
    "runtime",
    "types",
    "client",
    "Client",
    "Service",
    "FooBar",
    "foo_bar",
    "fooBar",
    "foo-bar",
    "FOO_BAR",
];

/// Type names, valid and not.
const TYPE_NAMES: &[&str] = &[
    "string", "integer", "number", "boolean", "object", "array", "null", "", "file", "any",
    "String", "int", "NULL",
];

/// An odd string: usually one from the list, sometimes random characters, sometimes huge.
pub fn string(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => {
            let length = 1 + rng.below(12);
            random_chars(rng, length)
        }
        1 => {
            // Huge: names and docs of this size must not make generation quadratic.
            let unit = rng.pick_str(STRINGS);
            let unit = if unit.is_empty() { "x" } else { unit };
            unit.repeat(1 + rng.below(20_000) / unit.len())
        }
        _ => rng.pick_str(STRINGS).to_string(),
    }
}

fn random_chars(rng: &mut Rng, length: usize) -> String {
    const ALPHABET: &[char] = &[
        'a', 'b', 'Z', '0', '9', '_', '-', ' ', '.', '$', '{', '}', '/', '~', 'é', 'ß', 'İ', '∑',
        '\u{301}', '\u{200b}',
    ];
    (0..length)
        .map(|_| rng.pick(ALPHABET).copied().unwrap_or('x'))
        .collect()
}

/// A random number: boundaries of every integer width, floats, negative zero.
pub fn number(rng: &mut Rng) -> Value {
    match rng.below(12) {
        0 => json!(0),
        1 => json!(-1),
        2 => json!(i64::MAX),
        3 => json!(i64::MIN),
        4 => json!(u64::MAX),
        5 => json!(1.5),
        6 => json!(-0.0),
        7 => json!(1e308),
        8 => json!(9_007_199_254_740_993_u64),
        9 => json!(i32::MAX),
        10 => json!(255),
        _ => json!(rng.below(1000)),
    }
}

/// A random scalar of any kind.
pub fn scalar(rng: &mut Rng) -> Value {
    match rng.below(5) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(50)),
        2 => number(rng),
        _ => Value::String(string(rng)),
    }
}

/// A random value: a scalar, or an array or object of at most `depth` more levels.
pub fn value(rng: &mut Rng, depth: usize) -> Value {
    if depth == 0 || rng.chance(50) {
        return scalar(rng);
    }
    let length = rng.below(4);
    if rng.chance(50) {
        Value::Array((0..length).map(|_| value(rng, depth - 1)).collect())
    } else {
        let mut map = Map::new();
        for _ in 0..length {
            map.insert(string(rng), value(rng, depth - 1));
        }
        Value::Object(map)
    }
}

/// A `type`: one name, or an array of names (possibly empty, repeated, with `null`, or with a
/// non-string in it).
pub fn type_value(rng: &mut Rng) -> Value {
    match rng.below(6) {
        0 | 1 => json!(rng.pick_str(TYPE_NAMES)),
        2 => json!([rng.pick_str(TYPE_NAMES), "null"]),
        3 => Value::Array(
            (0..rng.below(5))
                .map(|_| json!(rng.pick_str(TYPE_NAMES)))
                .collect(),
        ),
        4 => json!(["null"]),
        _ => scalar(rng),
    }
}

/// A small schema, valid in shape, for places that need a schema rather than any value.
pub fn schema(rng: &mut Rng) -> Value {
    match rng.below(8) {
        0 => json!({}),
        1 => json!(rng.chance(50)),
        2 => json!({"type": type_value(rng)}),
        3 => json!({"type": "string", "enum": enum_values(rng)}),
        4 => json!({"type": "array", "items": {"type": rng.pick_str(TYPE_NAMES)}}),
        5 => {
            json!({"type": "object", "properties": {string(rng): {"type": rng.pick_str(TYPE_NAMES)}}})
        }
        6 => json!({"type": "object", "additionalProperties": {"type": "integer"}}),
        _ => json!({"const": scalar(rng)}),
    }
}

/// `enum` values: odd strings, duplicates, `null`, numbers, mixed kinds, or none at all.
pub fn enum_values(rng: &mut Rng) -> Value {
    let mut values: Vec<Value> = (0..rng.below(8)).map(|_| scalar(rng)).collect();
    if rng.chance(30)
        && let Some(first) = values.first().cloned()
    {
        values.push(first);
    }
    if rng.chance(20) {
        values = (0..1 + rng.below(4)).map(|_| json!(string(rng))).collect();
    }
    Value::Array(values)
}

/// A `format`, known to oasgen or not.
pub fn format(rng: &mut Rng) -> Value {
    const FORMATS: &[&str] = &[
        "int32",
        "int64",
        "uint8",
        "uint64",
        "int128",
        "float",
        "double",
        "decimal",
        "date-time",
        "date",
        "time",
        "duration",
        "uuid",
        "uri",
        "email",
        "binary",
        "byte",
        "base64",
        "password",
        "",
        "INT32",
    ];
    json!(rng.pick_str(FORMATS))
}

/// A `$ref` that cannot be followed, or follows oddly.
pub fn broken_reference(rng: &mut Rng) -> String {
    const REFERENCES: &[&str] = &[
        "#",
        "#/",
        "#//",
        "#/~2",
        "#/~",
        "#/%",
        "#/%zz",
        "#/%FF",
        "#x",
        "",
        "other.yaml#/x",
        "other.yaml",
        "http://x/y",
        "https://x/y#/components/schemas/A",
        "#/components/schemas/",
        "#/components/schemas/DoesNotExist",
        "#/components/schemas/A%2FB",
        "#/components",
        "#/paths",
        "#/info/title",
        "#/openapi",
        "#/paths/~1a~1{id}",
        "#/components/schemas/0",
    ];
    rng.pick_str(REFERENCES).to_string()
}

/// A path template with odd braces or characters.
pub fn path_template(rng: &mut Rng) -> String {
    const TEMPLATES: &[&str] = &[
        "/a/{",
        "/a/}",
        "/a/{}",
        "/{x}{y}",
        "/a/{id}:x",
        "/a/{id}:accept",
        "/a/{{id}}",
        "/a/{id",
        "/a/id}",
        "/a/{ id }",
        "/a/{id}/{id}",
        "/{*rest}",
        "/a/*",
        "/a/:id",
        "/a/{id}.{format}",
        "/é/{ü}",
        "/a?b=c",
        "/a#x",
        "/{self}",
        "/{type}",
        "/a/{1}",
        "/{}",
        "",
        "a",
        "/",
        "//",
        "/a/",
        "/a//b",
        "/a/{id}/",
        "/ a",
    ];
    rng.pick_str(TEMPLATES).to_string()
}

/// A response status key, valid or not.
pub fn status_key(rng: &mut Rng) -> String {
    const KEYS: &[&str] = &[
        "", "default", "DEFAULT", "2XX", "2xx", "1XX", "5XX", "6XX", "XXX", "0", "099", "100",
        "101", "200", "200 ", " 200", "2000", "999", "20", "abc", "200.0", "-1", "204", "205",
        "304", "1e2", "4X", "x-ok", "418", "599", "600",
    ];
    rng.pick_str(KEYS).to_string()
}

/// A media type, valid or not.
pub fn media_type(rng: &mut Rng) -> String {
    const TYPES: &[&str] = &[
        "",
        "*/*",
        "application/*",
        "application/json",
        "APPLICATION/JSON",
        "application/json; charset=utf-8",
        "application/json;",
        "application/problem+json",
        "application/vnd.api+json",
        "application/x-ndjson",
        "text/plain",
        "text/plain; charset=utf-8",
        "text/json",
        "text/html",
        "text/event-stream",
        "multipart/form-data",
        "multipart/mixed",
        "application/x-www-form-urlencoded",
        "application/octet-stream",
        "image/png",
        "application/xml",
        "x",
        ";",
        "/",
        "application/",
    ];
    rng.pick_str(TYPES).to_string()
}

/// A parameter's `in`, valid or not.
pub fn parameter_location(rng: &mut Rng) -> Value {
    const PLACES: &[&str] = &[
        "path",
        "query",
        "header",
        "cookie",
        "querystring",
        "body",
        "formData",
        "",
        "PATH",
    ];
    if rng.chance(10) {
        return scalar(rng);
    }
    json!(rng.pick_str(PLACES))
}

/// A parameter's `style`, valid or not.
pub fn parameter_style(rng: &mut Rng) -> Value {
    const STYLES: &[&str] = &[
        "form",
        "simple",
        "label",
        "matrix",
        "deepObject",
        "pipeDelimited",
        "spaceDelimited",
        "",
        "x",
    ];
    json!(rng.pick_str(STYLES))
}

/// An HTTP method key of a path item, standard or not.
pub fn method(rng: &mut Rng) -> String {
    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace", "query", "GET",
        "connect", "x-method",
    ];
    rng.pick_str(METHODS).to_string()
}

/// An `openapi` version value, valid or not.
pub fn version(rng: &mut Rng) -> Value {
    const VERSIONS: &[&str] = &[
        "3.0.0",
        "3.0.3",
        "3.0.4",
        "3.1.0",
        "3.1.1",
        "3.1.2",
        "3.2.0",
        "2.0",
        "3",
        "3.0",
        "3.1",
        "4.0.0",
        "",
        "3.0.0-rc1",
        "v3",
    ];
    match rng.below(10) {
        0 => number(rng),
        1 => json!(3.1),
        _ => json!(rng.pick_str(VERSIONS)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generators_are_deterministic_and_varied() {
        let run = |seed| {
            let mut rng = Rng::new(seed);
            (0..50).map(|_| value(&mut rng, 3)).collect::<Vec<_>>()
        };
        assert_eq!(run(5), run(5));
        let values = run(5);
        assert!(values.iter().any(Value::is_object));
        assert!(values.iter().any(Value::is_string));
    }

    #[test]
    fn schemas_are_objects_or_booleans() {
        let mut rng = Rng::new(9);
        for _ in 0..200 {
            let schema = schema(&mut rng);
            assert!(schema.is_object() || schema.is_boolean(), "{schema}");
        }
    }

    #[test]
    fn huge_strings_appear_but_stay_bounded() {
        let mut rng = Rng::new(11);
        let longest = (0..500).map(|_| string(&mut rng).len()).max().unwrap_or(0);
        assert!(longest > 1000 && longest < 100_000, "{longest}");
    }
}
