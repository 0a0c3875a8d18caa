//! Integral floats read as integers wherever an integer sits; everything else as before.

use std::collections::BTreeMap;

use super::deserialize;

/// Fields as the generator writes them.
#[derive(Debug, PartialEq, serde::Deserialize)]
struct Fields {
    #[serde(deserialize_with = "deserialize")]
    count: i32,
    #[serde(default, deserialize_with = "deserialize")]
    big: Option<u64>,
    #[serde(default, deserialize_with = "deserialize")]
    list: Option<Vec<i64>>,
    #[serde(default, deserialize_with = "deserialize")]
    map: BTreeMap<String, i64>,
    #[serde(default)]
    free: serde_json::Value,
}

fn read(text: &str) -> Result<Fields, serde_json::Error> {
    serde_json::from_str(text)
}

#[test]
fn integral_floats_are_integers_at_every_depth() {
    let fields = read(r#"{"count": 3.0, "big": 1e3, "list": [1, -0.0, 2.0], "map": {"a": 4.0}}"#)
        .expect("integral floats are integers");
    assert_eq!(fields.count, 3);
    assert_eq!(fields.big, Some(1000));
    assert_eq!(fields.list, Some(vec![1, 0, 2]));
    assert_eq!(fields.map["a"], 4);
}

#[test]
fn free_form_values_keep_what_was_sent() {
    let fields = read(r#"{"count": 1, "free": {"price": 1.0, "n": [2.0]}}"#).expect("reads");
    assert_eq!(fields.free["price"].to_string(), "1.0");
    assert_eq!(fields.free["n"].to_string(), "[2.0]");
}

#[test]
fn fractions_out_of_range_and_other_types_are_refused() {
    for text in [
        r#"{"count": 3.5}"#,
        r#"{"count": 3000000000}"#,
        r#"{"count": 3e10}"#,
        r#"{"count": "3"}"#,
        r#"{"count": 1, "big": -1}"#,
        r#"{"count": 1, "list": [1.5]}"#,
    ] {
        assert!(read(text).is_err(), "{text} was accepted");
    }
}

#[test]
fn absent_and_null_optionals_are_none() {
    let fields = read(r#"{"count": 1, "big": null}"#).expect("reads");
    assert_eq!((fields.big, fields.list), (None, None));
}

#[test]
fn a_form_body_still_reads_integers_from_text() {
    #[derive(serde::Deserialize)]
    struct Form {
        #[serde(deserialize_with = "deserialize")]
        quantity: u32,
    }
    let form: Form = serde_urlencoded::from_str("quantity=12").expect("a form");
    assert_eq!(form.quantity, 12);
}
