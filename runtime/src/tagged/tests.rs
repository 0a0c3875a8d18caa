//! Tag dispatch: the tag is read as text whatever its JSON type, and a value without a usable
//! tag is refused with a message naming the tag.

use serde::Deserialize;
use serde::de::Error as _;
use serde_json::json;

use super::{split, variant};

fn split_value(value: serde_json::Value) -> Result<(String, serde_json::Value), String> {
    split(value, "kind").map_err(|error| error.to_string())
}

#[test]
fn a_string_tag_is_read_and_the_whole_value_kept() {
    let value = json!({"kind": "cat", "lives": 9});
    assert_eq!(split_value(value.clone()), Ok(("cat".to_string(), value)));
}

#[test]
fn an_integer_tag_is_read_as_its_decimal_text() {
    assert_eq!(
        split_value(json!({"kind": 2})).map(|(tag, _)| tag),
        Ok("2".into())
    );
    assert_eq!(
        split_value(json!({"kind": -1})).map(|(tag, _)| tag),
        Ok("-1".into())
    );
}

#[test]
fn a_missing_tag_is_refused() {
    let error = split_value(json!({"lives": 9})).expect_err("no tag");
    assert!(error.contains("missing field `kind`"), "{error}");
    assert!(split_value(json!("cat")).is_err(), "not an object");
}

#[test]
fn a_tag_that_is_neither_string_nor_integer_is_refused() {
    for tag in [
        json!({"a": 1}),
        json!(["cat"]),
        json!(1.5),
        json!(true),
        json!(null),
    ] {
        let error = split_value(json!({ "kind": tag })).expect_err("not a scalar tag");
        assert!(error.contains("`kind` is neither"), "{tag}: {error}");
    }
}

/// A union as the generator writes one: split, then decode the variant from the whole value.
#[derive(Debug, PartialEq)]
enum Pet {
    Cat(Cat),
    Dog(Dog),
}

#[derive(Debug, PartialEq, Deserialize)]
struct Cat {
    kind: String,
    lives: u8,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Dog {
    kind: u8,
    name: String,
}

impl<'de> Deserialize<'de> for Pet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (tag, value) = split(deserializer, "kind")?;
        match tag.as_str() {
            "cat" => variant(value).map(Pet::Cat),
            "2" => variant(value).map(Pet::Dog),
            other => Err(D::Error::unknown_variant(other, &["cat", "2"])),
        }
    }
}

#[test]
fn a_variant_decodes_from_the_whole_value_tag_included() {
    let cat: Pet = serde_json::from_str(r#"{"kind": "cat", "lives": 9}"#).expect("cat");
    assert_eq!(
        cat,
        Pet::Cat(Cat {
            kind: "cat".into(),
            lives: 9
        })
    );
    let dog: Pet = serde_json::from_str(r#"{"kind": 2, "name": "Rex"}"#).expect("dog");
    assert_eq!(
        dog,
        Pet::Dog(Dog {
            kind: 2,
            name: "Rex".into()
        })
    );
    // The tag text "2" matched, but the variant's own decoding checks the tag's type.
    assert!(serde_json::from_str::<Pet>(r#"{"kind": "2", "name": "Rex"}"#).is_err());
    assert!(serde_json::from_str::<Pet>(r#"{"kind": "cow"}"#).is_err());
}
