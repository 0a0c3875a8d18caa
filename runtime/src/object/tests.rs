//! A struct written the way generated structs are (`remote = "Self"` plus a `Deserialize` that
//! goes through [`Only`]) reads objects, and refuses sequences however it is reached.

use super::Only;

#[derive(Debug, PartialEq, serde::Deserialize)]
#[serde(remote = "Self")]
struct Point {
    #[serde(default)]
    x: Option<i32>,
    #[serde(default)]
    y: Option<i32>,
}

impl<'de> serde::Deserialize<'de> for Point {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Point::deserialize(Only(deserializer))
    }
}

/// What a plain derive does with the same input, for contrast.
#[derive(Debug, PartialEq, serde::Deserialize)]
struct Plain {
    #[serde(default)]
    x: Option<i32>,
}

#[test]
fn objects_are_read() {
    let point: Point = serde_json::from_str(r#"{"x": 1, "y": 2}"#).expect("an object");
    assert_eq!(
        point,
        Point {
            x: Some(1),
            y: Some(2)
        }
    );
}

#[test]
fn sequences_are_refused_where_a_plain_derive_accepts_them() {
    assert!(
        serde_json::from_str::<Plain>("[]").is_ok(),
        "serde reads [] as a struct"
    );
    for text in ["[]", "[1, 2]"] {
        let error = serde_json::from_str::<Point>(text).expect_err("not an object");
        assert!(
            error.to_string().contains("invalid type: sequence"),
            "{error}"
        );
    }
}

#[test]
fn nested_and_buffered_structs_refuse_sequences_too() {
    // In a Vec, and from a `serde_json::Value` (the server's and tagged unions' path).
    assert!(serde_json::from_str::<Vec<Point>>(r#"[{"x": 1}, []]"#).is_err());
    assert!(serde_json::from_value::<Point>(serde_json::json!([1])).is_err());
    // Inside an untagged enum, whose variants decode from serde's buffered content.
    #[derive(Debug, serde::Deserialize)]
    #[serde(untagged)]
    #[allow(dead_code)]
    enum Either {
        Point(Point),
        Text(String),
    }
    assert!(serde_json::from_str::<Either>("[]").is_err());
    assert!(matches!(
        serde_json::from_str::<Either>(r#"{"y": 3}"#),
        Ok(Either::Point(_))
    ));
}
