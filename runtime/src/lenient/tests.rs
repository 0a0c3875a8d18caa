//! Lenient numbers: a number and its numeric string read alike; what JSON cannot carry, or the
//! target type cannot hold, is refused.

use std::collections::BTreeMap;

use serde_json::json;

use super::FromLenient;

fn read<T: FromLenient>(value: serde_json::Value) -> Result<T, String> {
    T::from_lenient(value)
}

#[test]
fn integers_read_from_numbers_and_numeric_strings() {
    assert_eq!(read::<i32>(json!(-7)), Ok(-7));
    assert_eq!(read::<i32>(json!("-7")), Ok(-7));
    // Beyond 2^53: a string keeps digits a double would lose.
    assert_eq!(
        read::<i64>(json!("9007199254740993")),
        Ok(9_007_199_254_740_993)
    );
    assert_eq!(read::<u64>(json!(u64::MAX)), Ok(u64::MAX));
    assert_eq!(read::<u64>(json!("18446744073709551615")), Ok(u64::MAX));
    assert_eq!(read::<i32>(json!(" 42 ")), Ok(42), "whitespace is trimmed");
}

#[test]
fn floats_read_from_numbers_and_numeric_strings() {
    assert_eq!(read::<f32>(json!(1.5)), Ok(1.5));
    assert_eq!(read::<f32>(json!("1.5")), Ok(1.5));
    assert_eq!(read::<f64>(json!(-0.25)), Ok(-0.25));
    assert_eq!(read::<f64>(json!("-0.25")), Ok(-0.25));
    assert_eq!(read::<f64>(json!("1e3")), Ok(1000.0));
    assert_eq!(read::<f64>(json!(3)), Ok(3.0), "an integer is a float too");
}

#[test]
fn non_finite_strings_are_refused() {
    for text in ["NaN", "nan", "inf", "-inf", "infinity", "1e999"] {
        assert!(read::<f64>(json!(text)).is_err(), "f64 from {text:?}");
        assert!(read::<f32>(json!(text)).is_err(), "f32 from {text:?}");
    }
    // Finite as an f64, infinite once narrowed to an f32.
    assert!(read::<f32>(json!("1e39")).is_err());
}

#[test]
fn numbers_an_f32_cannot_hold_are_refused() {
    // serde narrows 1e39 to f32 infinity: the lenient reader must refuse the number as it
    // refuses the same value written as a string.
    let error = read::<f32>(json!(1e39)).expect_err("beyond f32");
    assert!(error.contains("f32"), "the error names the type: {error}");
    assert!(read::<f32>(json!(-1e39)).is_err());
    assert_eq!(read::<f64>(json!(1e39)), Ok(1e39));
}

#[test]
fn out_of_range_integers_are_refused() {
    assert!(read::<i32>(json!(2_147_483_648_i64)).is_err());
    assert!(read::<i32>(json!("2147483648")).is_err());
    assert!(read::<i64>(json!("9223372036854775808")).is_err());
    assert!(read::<u32>(json!(-1)).is_err());
    assert!(read::<u64>(json!("-1")).is_err());
    assert!(read::<u64>(json!("18446744073709551616")).is_err());
}

#[test]
fn what_is_not_a_number_is_refused() {
    assert!(read::<i32>(json!("twelve")).is_err());
    assert!(read::<i32>(json!("")).is_err());
    assert!(read::<i32>(json!("1.5")).is_err());
    assert!(read::<i32>(json!(1.5)).is_err());
    assert!(read::<i64>(json!(true)).is_err());
    assert!(read::<i64>(json!(null)).is_err());
    assert!(read::<f64>(json!([1])).is_err());
}

#[test]
fn option_reads_null_as_none_and_anything_else_as_the_number() {
    assert_eq!(read::<Option<i32>>(json!(null)), Ok(None));
    assert_eq!(read::<Option<i32>>(json!("5")), Ok(Some(5)));
    assert_eq!(read::<Option<i32>>(json!(5)), Ok(Some(5)));
    assert!(read::<Option<i32>>(json!("five")).is_err());
}

#[test]
fn box_reads_what_it_holds() {
    assert_eq!(read::<Box<u64>>(json!("8")), Ok(Box::new(8)));
}

#[test]
fn vec_reads_each_item_leniently_and_fails_on_any_bad_item() {
    assert_eq!(read::<Vec<i64>>(json!([1, "2", 3])), Ok(vec![1, 2, 3]));
    assert_eq!(read::<Vec<i64>>(json!([])), Ok(vec![]));
    assert!(read::<Vec<i64>>(json!([1, "two"])).is_err());
    assert!(read::<Vec<i64>>(json!("1,2")).is_err(), "not an array");
}

#[test]
fn map_reads_each_value_leniently() {
    let expected = BTreeMap::from([("a".to_string(), 1.5), ("b".to_string(), 2.0)]);
    assert_eq!(
        read::<BTreeMap<String, f64>>(json!({"a": "1.5", "b": 2})),
        Ok(expected)
    );
    assert!(read::<BTreeMap<String, f64>>(json!({"a": "NaN"})).is_err());
    assert!(read::<BTreeMap<String, f64>>(json!([1.5])).is_err());
}

#[test]
fn nested_wrappers_compose() {
    let value = json!([{"x": "1"}, {"y": null}]);
    let expected = vec![
        BTreeMap::from([("x".to_string(), Some(1))]),
        BTreeMap::from([("y".to_string(), None)]),
    ];
    assert_eq!(
        read::<Vec<BTreeMap<String, Option<i32>>>>(value),
        Ok(expected)
    );
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Line {
    #[serde(deserialize_with = "super::deserialize")]
    quantity: i64,
    #[serde(default, deserialize_with = "super::deserialize")]
    prices: Vec<f64>,
}

#[test]
fn deserialize_with_reads_struct_fields() {
    let line: Line = serde_json::from_str(r#"{"quantity": "3", "prices": ["1.25", 2]}"#)
        .expect("numeric strings decode");
    assert_eq!(
        line,
        Line {
            quantity: 3,
            prices: vec![1.25, 2.0]
        }
    );
    let error = serde_json::from_str::<Line>(r#"{"quantity": "three"}"#)
        .expect_err("not a number")
        .to_string();
    assert!(
        error.contains("three"),
        "the error names the value: {error}"
    );
}
