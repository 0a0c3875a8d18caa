//! Integral floats rewritten as integers, everything else left as it was.

use serde_json::{Value, json};

use super::integral_floats_as_integers;

fn rewritten(mut value: Value) -> Value {
    integral_floats_as_integers(&mut value);
    value
}

// `Number` equality tells `3` from `3.0`, so `assert_eq!` against `json!` integers checks the
// representation, not only the value.

#[test]
fn an_integral_float_becomes_an_integer_an_i32_field_accepts() {
    let value = rewritten(json!(3.0));
    assert_eq!(value, json!(3));
    assert_eq!(serde_json::from_value::<i32>(value).ok(), Some(3));
    assert_eq!(rewritten(json!(-5.0)), json!(-5));
}

#[test]
fn negative_zero_becomes_zero() {
    assert_eq!(rewritten(json!(-0.0)), json!(0));
}

#[test]
fn fractional_floats_are_untouched() {
    assert_eq!(rewritten(json!(2.5)), json!(2.5));
    assert!(rewritten(json!(2.5)).is_f64());
    assert!(rewritten(json!(-1e-300)).is_f64());
}

#[test]
fn integers_are_untouched() {
    assert_eq!(rewritten(json!(u64::MAX)), json!(u64::MAX));
    assert_eq!(rewritten(json!(i64::MIN)), json!(i64::MIN));
}

#[test]
fn the_64_bit_range_is_used_to_its_edges() {
    // 2^63 is past i64 but within u64; -2^63 is i64::MIN.
    assert_eq!(
        rewritten(json!(9_223_372_036_854_775_808.0)),
        json!(1_u64 << 63)
    );
    assert_eq!(
        rewritten(json!(-9_223_372_036_854_775_808.0)),
        json!(i64::MIN)
    );
    assert_eq!(
        rewritten(json!(1e19)),
        json!(10_000_000_000_000_000_000_u64)
    );
}

#[test]
fn floats_beyond_the_64_bit_range_are_untouched() {
    // 2^64 and below -2^63 have no integer to become.
    for float in [18_446_744_073_709_551_616.0, 1e300, -1e19] {
        let value = rewritten(json!(float));
        assert!(value.is_f64(), "{float} stays a float");
        assert_eq!(value.as_f64(), Some(float));
    }
}

#[test]
fn nested_arrays_and_objects_are_rewritten_and_other_values_kept() {
    let value = json!({
        "a": [1.0, 2.5, {"b": 4.0}],
        "c": "3.0",
        "d": null,
        "e": true,
        "f": [[7.0]],
    });
    let expected = json!({
        "a": [1, 2.5, {"b": 4}],
        "c": "3.0",
        "d": null,
        "e": true,
        "f": [[7]],
    });
    assert_eq!(rewritten(value), expected);
}
