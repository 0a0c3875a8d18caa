//! `Check`'s assertions and where it reports them, and `Validate` through the wrappers a
//! generated type holds its values in.

use std::collections::BTreeMap;

use axum::http::StatusCode;

use super::{Check, Validate, validated};

fn violations(checks: impl FnOnce(&mut Check)) -> Vec<String> {
    let mut check = Check::default();
    checks(&mut check);
    check.finish().err().unwrap_or_default()
}

#[test]
fn text_length_counts_characters_not_bytes() {
    // "héllo" is 5 characters in 6 bytes.
    assert!(violations(|check| check.text("héllo", Some(5), Some(5))).is_empty());
    assert_eq!(
        violations(|check| check.text("héllo", Some(6), None)),
        ["value: shorter than 6 characters"]
    );
    assert_eq!(
        violations(|check| check.text("héllo", None, Some(4))),
        ["value: longer than 4 characters"]
    );
}

#[test]
fn integer_bounds_are_inclusive_and_multiples_exact() {
    assert!(violations(|check| check.integer(10, Some(10), Some(10), Some(5))).is_empty());
    assert_eq!(
        violations(|check| check.integer(9, Some(10), None, None)),
        ["value: less than 10"]
    );
    assert_eq!(
        violations(|check| check.integer(11, None, Some(10), Some(5))),
        ["value: greater than 10", "value: not a multiple of 5"]
    );
    assert!(
        violations(|check| check.integer(7, None, None, Some(0))).is_empty(),
        "0 divides nothing"
    );
}

#[test]
fn number_bounds_may_be_exclusive() {
    assert!(
        violations(|check| check.number(1.0, Some((1.0, false)), Some((1.0, false)), None))
            .is_empty()
    );
    assert_eq!(
        violations(|check| check.number(1.0, Some((1.0, true)), None, None)),
        ["value: not greater than 1"]
    );
    assert_eq!(
        violations(|check| check.number(2.0, None, Some((2.0, true)), None)),
        ["value: not less than 2"]
    );
    assert_eq!(
        violations(|check| check.number(2.5, None, Some((2.0, false)), None)),
        ["value: greater than 2"]
    );
}

#[test]
fn decimal_multiples_tolerate_binary_rounding() {
    assert!(violations(|check| check.number(19.99, None, None, Some(0.01))).is_empty());
    assert_eq!(
        violations(|check| check.number(19.995, None, None, Some(0.01))),
        ["value: not a multiple of 0.01"]
    );
}

#[test]
fn counts_and_uniqueness() {
    assert_eq!(
        violations(|check| check.count(1, Some(2), Some(3), "items")),
        ["value: fewer than 2 items"]
    );
    assert_eq!(
        violations(|check| check.count(4, Some(2), Some(3), "properties")),
        ["value: more than 3 properties"]
    );
    assert!(violations(|check| check.unique(&[1, 2, 3])).is_empty());
    assert_eq!(
        violations(|check| check.unique(&["a", "b", "a"])),
        ["value: has repeated items"]
    );
}

#[test]
fn violations_are_located_by_the_path_entered() {
    let found = violations(|check| {
        check.enter("body");
        check.enter("lines");
        check.integer(0, Some(1), None, None);
        check.leave();
        check.text("", Some(1), None);
        check.leave();
        check.count(0, Some(1), None, "items");
    });
    assert_eq!(
        found,
        [
            "body/lines: less than 1",
            "body: shorter than 1 characters",
            "value: fewer than 1 items"
        ]
    );
}

/// A value whose schema says `minimum: 1`.
struct Quantity(i64);

impl Validate for Quantity {
    fn validate(&self, check: &mut Check) {
        check.integer(i128::from(self.0), Some(1), None, None);
    }
}

fn validate(value: &impl Validate) -> Vec<String> {
    violations(|check| value.validate(check))
}

#[test]
fn option_checks_only_what_is_present() {
    assert!(validate(&None::<Quantity>).is_empty());
    assert_eq!(validate(&Some(Quantity(0))), ["value: less than 1"]);
}

#[test]
fn box_checks_what_it_holds() {
    assert_eq!(validate(&Box::new(Quantity(0))), ["value: less than 1"]);
}

#[test]
fn vec_and_map_locate_each_item() {
    let items = vec![Quantity(1), Quantity(0), Quantity(-1)];
    assert_eq!(validate(&items), ["1: less than 1", "2: less than 1"]);
    let map = BTreeMap::from([
        ("a".to_string(), Quantity(5)),
        ("b".to_string(), Quantity(0)),
    ]);
    assert_eq!(validate(&map), ["b: less than 1"]);
    let nested = Some(vec![Box::new(Quantity(0))]);
    assert_eq!(validate(&nested), ["0: less than 1"]);
}

#[test]
fn validated_passes_a_valid_request_and_refuses_an_invalid_one_with_400() {
    assert!(validated(vec![Quantity(1)]).is_ok());
    let refused = validated(vec![Quantity(1), Quantity(0)])
        .err()
        .expect("refused");
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.detail.contains("1: less than 1"),
        "{}",
        refused.detail
    );
}
