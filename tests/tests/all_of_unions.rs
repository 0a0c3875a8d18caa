//! `allOf` beside unions (`tests/fixtures/all_of.yaml`): an `allOf` of a union and an object
//! is an enum of merged structs that reads and writes the documents the spec admits, and a
//! discriminator over inline `allOf` branches dispatches on the value each pins. A discriminator
//! that cannot tell its variants apart decodes untagged, the variant requiring more first.

use oasgen_tests::fixtures::all_of::types::{
    Completion, Event, EventVariant0, EventVariant0Kind, Message, MessageVariant0, MessageVariant1,
};
use serde_json::{Value, json};

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|error| error.to_string())
}

#[test]
fn a_message_is_text_or_tool_calls_with_its_role_beside() {
    let text = json!({"content": "Hello", "role": "user", "name": "ada"});
    let decoded: Message = decode(text.clone()).expect("a text message");
    assert_eq!(
        decoded,
        Message::MessageVariant0(MessageVariant0 {
            content: "Hello".into(),
            role: "user".into(),
            name: String::from("ada").into(),
        })
    );
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), text);

    let calls = json!({"tool_calls": ["get_weather"], "role": "assistant"});
    assert_eq!(
        decode::<Message>(calls),
        Ok(Message::MessageVariant1(MessageVariant1 {
            tool_calls: vec!["get_weather".into()],
            role: "assistant".into(),
            name: Default::default(),
        }))
    );
    // The role the object branch requires is required in every member.
    assert!(decode::<Message>(json!({"content": "Hello"})).is_err());
}

#[test]
fn inline_all_of_branches_are_picked_by_the_value_they_pin() {
    let hired = json!({"kind": "hired", "name": "Ada"});
    assert_eq!(
        decode::<Event>(hired),
        Ok(Event::Hired(EventVariant0 {
            name: "Ada".into(),
            email: None,
            kind: EventVariant0Kind::Hired,
        }))
    );
    // `promoted` needs an employee number: the tag chose the variant, which then refuses.
    let error =
        decode::<Event>(json!({"kind": "promoted", "name": "Ada"})).expect_err("incomplete");
    assert!(error.contains("employeeNumber"), "{error}");
}

#[test]
fn an_untagged_completion_keeps_every_field_it_came_with() {
    // Both variants pin `object` to `text_completion`: the tag cannot decide. Tried in
    // document order, the first (a person) would take the employee too and drop its number.
    let employee = json!({"object": "text_completion", "name": "Ada", "employeeNumber": "E1"});
    let decoded: Completion = decode(employee.clone()).expect("decodes");
    assert!(
        matches!(decoded, Completion::CompletionVariant1(_)),
        "{decoded:?}"
    );
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), employee);
    let person = json!({"object": "text_completion", "name": "Ada"});
    assert!(matches!(
        decode::<Completion>(person),
        Ok(Completion::CompletionVariant0(_))
    ));
}
