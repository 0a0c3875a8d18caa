//! Null in optional fields that do not admit it: read as absent by default, refused inside
//! `refusing_null`, and the switch never outlives the call that set it.

use serde::Deserialize;

use super::{refuses_null, refusing_null};

#[derive(Debug, PartialEq, Deserialize)]
struct Patch {
    #[serde(default, deserialize_with = "super::deserialize")]
    name: Option<String>,
    #[serde(default, deserialize_with = "super::lenient")]
    count: Option<i64>,
}

fn decode(json: &str) -> Result<Patch, serde_json::Error> {
    serde_json::from_str(json)
}

#[test]
fn outside_null_reads_as_absent() {
    let patch = decode(r#"{"name": null, "count": null}"#).expect("null is accepted");
    assert_eq!(
        patch,
        Patch {
            name: None,
            count: None
        }
    );
}

#[test]
fn inside_null_is_refused() {
    assert!(refusing_null(|| decode(r#"{"name": null}"#)).is_err());
    assert!(refusing_null(|| decode(r#"{"count": null}"#)).is_err());
}

#[test]
fn inside_absent_fields_and_values_are_still_read() {
    let empty = refusing_null(|| decode("{}")).expect("absent is not null");
    assert_eq!(
        empty,
        Patch {
            name: None,
            count: None
        }
    );
    let full = refusing_null(|| decode(r#"{"name": "x", "count": "5"}"#)).expect("values");
    assert_eq!(
        full,
        Patch {
            name: Some("x".to_string()),
            count: Some(5)
        }
    );
}

#[test]
fn the_switch_is_off_after_the_call() {
    assert!(!refuses_null());
    assert!(refusing_null(refuses_null));
    assert!(!refuses_null());
    assert_eq!(
        decode(r#"{"name": null}"#).ok().map(|patch| patch.name),
        Some(None)
    );
}

#[test]
fn a_nested_call_restores_the_outer_setting() {
    let outer_after_inner = refusing_null(|| {
        refusing_null(|| ());
        refuses_null()
    });
    assert!(outer_after_inner);
    assert!(!refuses_null());
}

#[test]
fn the_switch_is_off_after_a_panic_inside() {
    let result = std::panic::catch_unwind(|| refusing_null(|| panic!("a decoder panicked")));
    assert!(result.is_err());
    // The thread goes on to decode client responses, where null must read as absent.
    assert!(!refuses_null());
    assert!(decode(r#"{"name": null}"#).is_ok());
}
