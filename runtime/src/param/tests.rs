//! Parameter values as text: what `to_text` writes, what `from_text` reads back, and what
//! `encode_segment` keeps inside a path segment.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{encode_segment, from_text, to_text};

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum State {
    PaidInFull,
    Draft,
}

#[test]
fn scalars_are_written_as_themselves() {
    assert_eq!(to_text("a b/c").as_deref(), Ok("a b/c"));
    assert_eq!(to_text(&42).as_deref(), Ok("42"));
    assert_eq!(to_text(&-1.5).as_deref(), Ok("-1.5"));
    assert_eq!(to_text(&true).as_deref(), Ok("true"));
    assert_eq!(to_text(&None::<i32>).as_deref(), Ok(""), "null is empty");
}

#[test]
fn enums_are_written_in_their_serde_form() {
    assert_eq!(to_text(&State::PaidInFull).as_deref(), Ok("paid-in-full"));
}

#[test]
fn arrays_are_joined_by_commas() {
    assert_eq!(to_text(&["a", "b"]).as_deref(), Ok("a,b"));
    assert_eq!(to_text(&vec![1, 2, 3]).as_deref(), Ok("1,2,3"));
    assert_eq!(
        to_text(&[State::Draft, State::PaidInFull]).as_deref(),
        Ok("draft,paid-in-full")
    );
    assert_eq!(to_text(&Vec::<i32>::new()).as_deref(), Ok(""));
    // Nested arrays have no simple-style form: they travel as JSON.
    assert_eq!(to_text(&vec![vec![1, 2]]).as_deref(), Ok("[1,2]"));
}

#[test]
fn objects_are_written_as_keys_and_values() {
    #[derive(Serialize)]
    struct Filter {
        // Alphabetical, so the order is the same with and without serde_json's
        // `preserve_order` (which a generated crate may enable).
        colour: &'static str,
        size: u32,
    }
    let filter = Filter {
        colour: "red",
        size: 3,
    };
    assert_eq!(to_text(&filter).as_deref(), Ok("colour,red,size,3"));
    let map = BTreeMap::from([("a", true), ("b", false)]);
    assert_eq!(to_text(&map).as_deref(), Ok("a,true,b,false"));
}

#[test]
fn strings_are_read_as_written_even_when_they_spell_numbers() {
    assert_eq!(from_text::<String>("42"), Ok("42".to_string()));
    assert_eq!(from_text::<String>("true"), Ok("true".to_string()));
    assert_eq!(from_text::<String>("a,b"), Ok("a,b".to_string()));
    assert_eq!(from_text::<String>(""), Ok(String::new()));
}

#[test]
fn numbers_are_read_from_their_text() {
    assert_eq!(from_text::<i32>("42"), Ok(42));
    assert_eq!(from_text::<i64>("-7"), Ok(-7));
    assert_eq!(from_text::<u64>("18446744073709551615"), Ok(u64::MAX));
    assert_eq!(from_text::<f64>("1.5"), Ok(1.5));
    // Integers as JSON Schema counts them.
    assert_eq!(from_text::<i32>("2.0"), Ok(2));
    assert_eq!(from_text::<i32>("-0"), Ok(0));
    assert_eq!(from_text::<Option<i32>>("5"), Ok(Some(5)));
}

#[test]
fn what_does_not_fit_the_type_is_refused() {
    assert!(from_text::<i32>("abc").is_err());
    assert!(from_text::<i32>("1.5").is_err());
    assert!(from_text::<i32>("").is_err());
    assert!(from_text::<u8>("256").is_err());
    assert!(from_text::<bool>("yes").is_err());
    assert!(from_text::<State>("paid_in_full").is_err());
}

#[test]
fn booleans_and_enums_are_read_from_their_text() {
    assert_eq!(from_text::<bool>("true"), Ok(true));
    assert_eq!(from_text::<bool>("false"), Ok(false));
    assert_eq!(from_text::<State>("paid-in-full"), Ok(State::PaidInFull));
}

#[test]
fn comma_lists_are_read_item_by_item() {
    assert_eq!(
        from_text::<Vec<String>>("a,b,c"),
        Ok(vec!["a".to_string(), "b".to_string(), "c".to_string()])
    );
    assert_eq!(from_text::<Vec<i32>>("1,2,3"), Ok(vec![1, 2, 3]));
    assert_eq!(from_text::<Vec<bool>>("true,false"), Ok(vec![true, false]));
    assert_eq!(
        from_text::<Vec<State>>("draft,paid-in-full"),
        Ok(vec![State::Draft, State::PaidInFull])
    );
    assert_eq!(from_text::<Vec<i32>>("7"), Ok(vec![7]), "one item");
    assert_eq!(from_text::<Vec<i32>>(""), Ok(vec![]), "no items");
    assert!(from_text::<Vec<i32>>("1,x,3").is_err());
}

#[test]
fn values_round_trip_through_text() {
    let ids = vec![3_u64, 1, 2];
    assert_eq!(from_text::<Vec<u64>>(&to_text(&ids).unwrap()), Ok(ids));
    let state = State::PaidInFull;
    assert_eq!(from_text::<State>(&to_text(&state).unwrap()), Ok(state));
}

#[test]
fn separators_of_the_url_are_encoded_in_a_segment() {
    assert_eq!(encode_segment("a/b"), "a%2Fb");
    assert_eq!(encode_segment("what?x=1"), "what%3Fx%3D1");
    assert_eq!(encode_segment("#top"), "%23top");
    assert_eq!(encode_segment("100%"), "100%25");
    assert_eq!(encode_segment("a b+c;d"), "a%20b%2Bc%3Bd");
}

#[test]
fn non_ascii_is_encoded_byte_by_byte_in_utf8() {
    assert_eq!(encode_segment("é"), "%C3%A9");
    assert_eq!(encode_segment("日"), "%E6%97%A5");
}

#[test]
fn unreserved_characters_are_kept() {
    let unreserved = "AZaz09-._~";
    assert_eq!(encode_segment(unreserved), unreserved);
    assert_eq!(encode_segment(""), "");
}
