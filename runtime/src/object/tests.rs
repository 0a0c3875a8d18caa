//! Structs written the way generated structs are (their `Serialize`, `Deserialize` and
//! `FromMap` impls as the generator writes them) read objects only, each field once, and
//! write what serde's derive wrote.

use std::collections::BTreeMap;

use super::{FromMap, Reader, Writer};

/// `x` required (integers read from `3.0` too), `y` optional, `label` required but nullable.
#[derive(Debug, Clone, PartialEq)]
struct Point {
    x: i64,
    y: Option<i32>,
    label: Option<String>,
}

impl<'de> serde::Deserialize<'de> for Point {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::deserialize(deserializer)
    }
}

impl<'de> FromMap<'de> for Point {
    const NAME: &'static str = "Point";

    fn from_map<A: serde::de::MapAccess<'de>>(mut map: Reader<A>) -> Result<Self, A::Error> {
        let mut x = None;
        let mut y = None;
        let mut label = None;
        while let Some(key) = map.next_key()? {
            match key.as_str() {
                "x" => map.field_via(&mut x, "x", crate::integral::Whole),
                "y" => map.field(&mut y, "y"),
                "label" => map.field(&mut label, "label"),
                _ => map.skip(),
            }?;
        }
        Ok(Self {
            x: map.required(x, "x")?,
            y: y.unwrap_or_default(),
            label: label.unwrap_or_default(),
        })
    }
}

impl serde::Serialize for Point {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = Writer::new(serializer, "Point", 2 + usize::from(self.y.is_some()))?;
        object.field("x", &self.x)?;
        object.field_if(self.y.is_some(), "y", &self.y)?;
        object.field("label", &self.label)?;
        object.end()
    }
}

/// Every field optional, and the properties the schema does not list kept.
#[derive(Debug, Clone, PartialEq, Default)]
struct Bag {
    name: Option<String>,
    others: BTreeMap<String, i32>,
}

impl<'de> serde::Deserialize<'de> for Bag {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::deserialize(deserializer)
    }
}

impl<'de> FromMap<'de> for Bag {
    const NAME: &'static str = "Bag";

    fn from_map<A: serde::de::MapAccess<'de>>(mut map: Reader<A>) -> Result<Self, A::Error> {
        let mut name = None;
        let mut others = BTreeMap::new();
        while let Some(key) = map.next_key()? {
            match key.as_str() {
                "name" => map.field(&mut name, "name"),
                _ => map.other(&mut others, key),
            }?;
        }
        Ok(Self {
            name: name.unwrap_or_default(),
            others,
        })
    }
}

impl serde::Serialize for Bag {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = Writer::with_others(serializer)?;
        object.field_if(self.name.is_some(), "name", &self.name)?;
        object.others(&self.others)?;
        object.end()
    }
}

fn error_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
    serde_json::from_str::<T>(text)
        .expect_err("refused")
        .to_string()
}

#[test]
fn objects_are_read_and_unlisted_keys_skipped() {
    let point: Point =
        serde_json::from_str(r#"{"x": 3.0, "z": [1, {"a": null}], "y": 2, "label": null}"#)
            .expect("an object");
    assert_eq!(
        point,
        Point {
            x: 3,
            y: Some(2),
            label: None
        }
    );
    // A key with an escape is not borrowed from the input; it matches the same.
    let point: Point = serde_json::from_str(r#"{"\u0078": 1}"#).expect("escaped key");
    assert_eq!(point.x, 1);
}

#[test]
fn missing_fields_read_as_serde_reads_them() {
    // A required `Option` and an optional field read as `None`; anything else is missing.
    let point: Point = serde_json::from_str(r#"{"x": 1}"#).expect("x is enough");
    assert_eq!((point.y, point.label), (None, None));
    assert_eq!(
        error_of::<Point>(r#"{"y": 1}"#),
        "missing field `x` at line 1 column 8"
    );
}

#[test]
fn a_field_given_twice_is_refused() {
    assert_eq!(
        error_of::<Point>(r#"{"x": 1, "x": 2}"#),
        "duplicate field `x` at line 1 column 12"
    );
}

#[test]
fn sequences_and_other_values_are_refused_however_reached() {
    for text in ["[]", "[1, 2]", "\"x\"", "null"] {
        let error = error_of::<Point>(text);
        assert!(error.contains("expected struct Point"), "{error}");
    }
    // In a Vec, and from a `serde_json::Value` (the server's and tagged unions' path).
    assert!(serde_json::from_str::<Vec<Point>>(r#"[{"x": 1}, []]"#).is_err());
    assert!(serde_json::from_value::<Point>(serde_json::json!([1])).is_err());
    // Inside an untagged enum, whose variants decode from serde's buffered content.
    #[derive(Debug, serde::Deserialize)]
    #[serde(untagged)]
    #[allow(dead_code)]
    enum Either {
        Point(Point),
        Number(i64),
    }
    assert!(serde_json::from_str::<Either>(r#"{"x": 1}"#).is_ok());
    assert!(serde_json::from_str::<Either>("[1]").is_err());
}

#[test]
fn fields_are_written_in_order_and_empty_optional_ones_left_out() {
    let point = Point {
        x: 1,
        y: None,
        label: None,
    };
    // The required nullable `label` is written as `null`; the absent `y` is not written.
    let text = serde_json::to_string(&point).expect("writes");
    assert_eq!(text, r#"{"x":1,"label":null}"#);
    let point = Point {
        y: Some(2),
        label: Some("a".into()),
        ..point
    };
    let text = serde_json::to_string(&point).expect("writes");
    assert_eq!(text, r#"{"x":1,"y":2,"label":"a"}"#);
    assert_eq!(
        serde_json::from_str::<Point>(&text).expect("reads back"),
        point
    );
}

#[test]
fn other_properties_are_kept_both_ways() {
    let bag: Bag = serde_json::from_str(r#"{"b": 2, "name": "n", "a": 1}"#).expect("reads");
    assert_eq!(bag.name.as_deref(), Some("n"));
    assert_eq!(
        bag.others,
        BTreeMap::from([("a".into(), 1), ("b".into(), 2)])
    );
    let text = serde_json::to_string(&bag).expect("writes");
    assert_eq!(text, r#"{"name":"n","a":1,"b":2}"#);
    // An empty struct is `{}`; another property's value of the wrong type is refused.
    assert_eq!(
        serde_json::to_string(&Bag::default()).expect("writes"),
        "{}"
    );
    assert!(serde_json::from_str::<Bag>(r#"{"a": "text"}"#).is_err());
}

/// What serde's derive makes of the same fields, with the attributes the generator wrote
/// before it wrote the impls itself.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Derived {
    #[serde(deserialize_with = "crate::integral::deserialize")]
    x: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    y: Option<i32>,
    label: Option<String>,
}

#[test]
fn objects_read_and_write_as_the_derive_did() {
    let inputs = [
        r#"{"x": 1}"#,
        r#"{"x": 1.0, "y": 2, "label": "a"}"#,
        r#"{"label": null, "x": -4, "extra": {"deep": [1, 2]}}"#,
        r#"{"y": 2}"#,
        r#"{"x": 1, "x": 2}"#,
        r#"{"x": 1, "y": null}"#,
        r#"{"x": "1"}"#,
        r#"{"x": 1.5}"#,
        r#"{"x": 1, "y": 4294967296}"#,
        r#"{"x": 1, "label": 3}"#,
        r#"{}"#,
    ];
    for input in inputs {
        let ours = serde_json::from_str::<Point>(input).map_err(|error| error.to_string());
        let derived = serde_json::from_str::<Derived>(input).map_err(|error| error.to_string());
        match (&ours, &derived) {
            (Ok(point), Ok(derived)) => {
                assert_eq!(
                    (point.x, point.y, &point.label),
                    (derived.x, derived.y, &derived.label)
                );
                assert_eq!(
                    serde_json::to_string(point).expect("writes"),
                    serde_json::to_string(derived).expect("writes"),
                    "{input}"
                );
            }
            (Err(ours), Err(derived)) => assert_eq!(ours, derived, "{input}"),
            _ => panic!("{input}: {ours:?} against the derive's {derived:?}"),
        }
    }
}
