//! An enum written the way generated string enums are reads its values, refuses others (or
//! keeps them, when open), and names the listed values in its errors.

use super::{StringEnum, deserialize};

#[derive(Debug, PartialEq)]
enum Closed {
    Automatic,
    Manual,
}

impl StringEnum for Closed {
    const VALUES: &'static [&'static str] = &["automatic", "manual"];

    fn from_wire(value: &str) -> Option<Self> {
        match value {
            "automatic" => Some(Closed::Automatic),
            "manual" => Some(Closed::Manual),
            _ => None,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Closed {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer)
    }
}

#[derive(Debug, PartialEq)]
enum Open {
    Known,
    Unknown(String),
}

impl StringEnum for Open {
    const VALUES: &'static [&'static str] = &["known"];

    fn from_wire(value: &str) -> Option<Self> {
        Some(match value {
            "known" => Open::Known,
            _ => Open::Unknown(value.to_owned()),
        })
    }
}

impl<'de> serde::Deserialize<'de> for Open {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer)
    }
}

#[test]
fn listed_values_read_as_their_variant() {
    let read: Vec<Closed> = serde_json::from_str(r#"["manual", "automatic"]"#).expect("listed");
    assert_eq!(read, [Closed::Manual, Closed::Automatic]);
    // Escaped text is not borrowed from the input; it reads the same.
    let escaped: Closed = serde_json::from_str(r#""m\u0061nual""#).expect("escaped");
    assert_eq!(escaped, Closed::Manual);
    let owned: Closed = serde_json::from_value(serde_json::json!("automatic")).expect("value");
    assert_eq!(owned, Closed::Automatic);
}

#[test]
fn unlisted_values_are_refused_with_the_list() {
    let error = serde_json::from_str::<Closed>(r#""sometimes""#).expect_err("unlisted");
    assert_eq!(
        error.to_string(),
        "unknown variant `sometimes`, expected `automatic` or `manual` at line 1 column 11"
    );
    let error = serde_json::from_str::<Closed>("5").expect_err("a number");
    assert_eq!(
        error.to_string(),
        "invalid type: integer `5`, expected one of `automatic`, `manual` at line 1 column 1"
    );
}

#[test]
fn an_open_enum_keeps_unlisted_values() {
    let read: Vec<Open> = serde_json::from_str(r#"["known", "new"]"#).expect("any string");
    assert_eq!(read, [Open::Known, Open::Unknown("new".into())]);
    assert!(serde_json::from_str::<Open>("null").is_err());
}

/// What serde's derive makes of the same enums, as the generator wrote them before.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
enum DerivedClosed {
    #[serde(rename = "automatic")]
    Automatic,
    #[serde(rename = "manual")]
    Manual,
}

#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
enum DerivedOpen {
    #[serde(rename = "known")]
    Known,
    #[serde(untagged)]
    Unknown(String),
}

#[test]
fn values_read_as_the_derive_read_them() {
    let inputs = [
        r#""automatic""#,
        r#""manual""#,
        r#""known""#,
        r#""other""#,
        r#""""#,
        "null",
    ];
    let closed = |text: &str| serde_json::from_str::<Closed>(text).ok();
    let derived_closed = |text: &str| serde_json::from_str::<DerivedClosed>(text).ok();
    let open = |text: &str| serde_json::from_str::<Open>(text).ok();
    let derived_open = |text: &str| serde_json::from_str::<DerivedOpen>(text).ok();
    for input in inputs {
        let as_text = |value: Option<String>| value.unwrap_or_else(|| "refused".into());
        assert_eq!(
            as_text(closed(input).map(|value| format!("{value:?}"))),
            as_text(derived_closed(input).map(|value| format!("{value:?}").replace("Derived", ""))),
            "{input}"
        );
        assert_eq!(
            as_text(open(input).map(|value| format!("{value:?}"))),
            as_text(derived_open(input).map(|value| format!("{value:?}").replace("Derived", ""))),
            "{input}"
        );
    }
}
