use super::Nullable;

/// A struct field as the generator writes one.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Update {
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    due: Nullable<String>,
    #[serde(
        default,
        skip_serializing_if = "Nullable::is_absent",
        deserialize_with = "crate::lenient::deserialize"
    )]
    amount: Nullable<i64>,
    #[serde(
        default,
        skip_serializing_if = "Nullable::is_absent",
        deserialize_with = "crate::integral::deserialize"
    )]
    count: Nullable<u32>,
}

fn read(text: &str) -> Update {
    serde_json::from_str(text).expect("decodes")
}

#[test]
fn the_three_states_read_apart() {
    assert_eq!(
        read("{}"),
        Update {
            due: Nullable::Absent,
            amount: Nullable::Absent,
            count: Nullable::Absent
        }
    );
    assert_eq!(
        read(r#"{"due":null,"amount":null,"count":null}"#),
        Update {
            due: Nullable::Null,
            amount: Nullable::Null,
            count: Nullable::Null
        }
    );
    assert_eq!(
        read(r#"{"due":"2026-12-31","amount":"42","count":3.0}"#),
        Update {
            due: Nullable::Value("2026-12-31".into()),
            amount: Nullable::Value(42),
            count: Nullable::Value(3)
        }
    );
}

#[test]
fn absent_is_not_written_and_null_is() {
    let update = Update {
        due: Nullable::Null,
        amount: Nullable::Absent,
        count: Nullable::Value(2),
    };
    assert_eq!(
        serde_json::to_string(&update).expect("encodes"),
        r#"{"due":null,"count":2}"#
    );
    let text = serde_json::to_string(&update).expect("encodes");
    assert_eq!(read(&text), update);
}

#[test]
fn a_wrong_value_is_still_refused() {
    assert!(serde_json::from_str::<Update>(r#"{"amount":"many"}"#).is_err());
    assert!(serde_json::from_str::<Update>(r#"{"count":1.5}"#).is_err());
    assert!(serde_json::from_str::<Update>(r#"{"due":7}"#).is_err());
}

#[test]
fn conversions_say_what_they_mean() {
    assert_eq!(Nullable::from(5), Nullable::Value(5));
    assert_eq!(Nullable::from(Some(5)), Nullable::Value(5));
    assert_eq!(Nullable::<i32>::from(None), Nullable::Null);
    assert_eq!(Nullable::<i32>::default(), Nullable::Absent);
    assert_eq!(Nullable::Value(2).map(|n| n * 2), Nullable::Value(4));
    assert_eq!(Nullable::<i32>::Null.into_option(), Some(None));
    assert_eq!(Nullable::<i32>::Absent.into_option(), None);
    assert_eq!(Nullable::Value(1).value(), Some(&1));
    assert_eq!(Nullable::<i32>::Null.value(), None);
    assert_eq!(Nullable::Value(String::from("a")).as_deref(), Some("a"));
    assert_eq!(Nullable::<String>::Absent.as_deref(), None);
}

#[test]
fn a_patch_leaves_clears_or_replaces() {
    let mut due = Some("old");
    Nullable::Absent.apply_to(&mut due);
    assert_eq!(due, Some("old"));
    Nullable::Value("new").apply_to(&mut due);
    assert_eq!(due, Some("new"));
    Nullable::Null.apply_to(&mut due);
    assert_eq!(due, None);
}

#[test]
fn a_form_leaves_null_out() {
    // A form cannot say `null`: serde_urlencoded writes nothing for it, as for absent.
    let update = Update {
        due: Nullable::Null,
        amount: Nullable::Value(3),
        count: Nullable::Absent,
    };
    assert_eq!(
        serde_urlencoded::to_string(&update).expect("encodes"),
        "amount=3"
    );
}
