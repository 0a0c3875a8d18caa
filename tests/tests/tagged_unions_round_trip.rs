//! Unions tagged without a discriminator (`tests/fixtures/tagged_unions.yaml`) are Rust enums
//! with the wire format their schemas describe: internally tagged with struct and unit variants,
//! adjacently tagged with the value beside the tag, and `$ref` branches picked by the tag their
//! schemas share. Look-alikes the tag cannot tell apart stay untagged. The generated client and
//! router carry them over loopback, and the router checks the assertions inside a variant.

mod support;

use std::sync::Arc;

use oasgen_tests::fixtures::tagged_unions::client::Client;
use oasgen_tests::fixtures::tagged_unions::operations::{list_events, save_drawing};
use oasgen_tests::fixtures::tagged_unions::server::{self, RequestContext, TaggedUnionsFixture};
use oasgen_tests::fixtures::tagged_unions::types::{
    Button, ButtonType, Drawing, DuplicateTags, DuplicateTagsVariant1, DuplicateTagsVariant1Kind,
    Event, Left, LeftSide, Measure, Notice, Numbered, OptionalTag, Pong, PongType, Reading,
    Referenced, Right, RightSide, Shape, ShapeRectStyle, TextInput, Timeline,
};
use serde_json::{Value, json};

fn encode<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("encodes")
}

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|error| error.to_string())
}

#[test]
fn internally_tagged_variants_hold_their_properties_as_fields() {
    let rect = Shape::Rect {
        width: 3,
        height: 4,
        label: Default::default(),
        style: Some(ShapeRectStyle {
            color: Some("red".into()),
        }),
    };
    let wire = json!({"kind": "rect", "width": 3, "height": 4, "style": {"color": "red"}});
    assert_eq!(encode(&rect), wire);
    assert_eq!(decode::<Shape>(wire), Ok(rect));

    assert_eq!(encode(&Shape::Point), json!({"kind": "point"}));
    assert_eq!(decode::<Shape>(json!({"kind": "point"})), Ok(Shape::Point));
    assert_eq!(
        decode::<Shape>(json!({"radius": 2.5, "kind": "circle"})),
        Ok(Shape::Circle { radius: 2.5 })
    );
    // The tag decides, not which fields happen to fit.
    let wrong = decode::<Shape>(json!({"kind": "circle", "width": 3, "height": 4}));
    assert!(
        wrong.as_ref().is_err_and(|e| e.contains("radius")),
        "{wrong:?}"
    );
    let unknown = decode::<Shape>(json!({"kind": "hexagon"}));
    assert!(
        unknown.as_ref().is_err_and(|e| e.contains("hexagon")),
        "{unknown:?}"
    );
}

#[test]
fn adjacently_tagged_variants_hold_the_content_property() {
    assert_eq!(
        encode(&Measure::Cm(1.5)),
        json!({"unit": "cm", "value": 1.5})
    );
    assert_eq!(encode(&Measure::None), json!({"unit": "none"}));
    assert_eq!(
        decode::<Measure>(json!({"unit": "count", "value": 42})),
        Ok(Measure::Count(42))
    );
    // The content is an ASP.NET number: its string form decodes too (and encodes as a number).
    assert_eq!(
        decode::<Measure>(json!({"unit": "count", "value": "42"})),
        Ok(Measure::Count(42))
    );
    assert_eq!(
        encode(&Measure::Count(42)),
        json!({"unit": "count", "value": 42})
    );
    assert_eq!(
        decode::<Measure>(json!({"unit": "none"})),
        Ok(Measure::None)
    );
    assert!(decode::<Measure>(json!({"unit": "cm", "value": "wide"})).is_err());
    // The `none` branch forbids other properties, so a value beside its tag is refused.
    assert!(decode::<Measure>(json!({"unit": "none", "value": 3})).is_err());
}

#[test]
fn a_tag_only_branch_that_allows_more_makes_the_union_internally_tagged() {
    // Adjacent tagging would refuse the `value` the `stopped` branch allows; internal does not.
    assert_eq!(
        decode::<Event>(json!({"kind": "stopped", "value": 3})),
        Ok(Event::Stopped)
    );
    let started = decode::<Event>(json!({"kind": "started", "value": "2026-11-28T01:02:03Z"}));
    assert!(matches!(started, Ok(Event::Started { .. })), "{started:?}");
}

#[test]
fn tagged_unions_only_responses_carry_are_open_to_new_tags() {
    assert_eq!(
        decode::<Event>(json!({"kind": "paused", "for": 3})),
        Ok(Event::Unknown)
    );
    // Adjacently tagged unions stay closed: serde's catch-all variant cannot hold a value.
    assert!(decode::<Reading>(json!({"unit": "mm", "value": 3})).is_err());
    // serde keeps nothing of the unknown tag: encoding is refused rather than made up.
    assert!(serde_json::to_value(Event::Unknown).is_err());
    let notice = json!({"type": "pang", "delay": 1});
    assert_eq!(
        decode::<Notice>(notice.clone()),
        Ok(Notice::Unknown(notice.clone()))
    );
    assert_eq!(encode(&Notice::Unknown(notice.clone())), notice);
    // A known tag still decodes as its own branch, and a broken one is still an error.
    assert_eq!(
        decode::<Notice>(json!({"type": "pong", "delay": 5})),
        Ok(Notice::Pong(Pong {
            r#type: PongType::Pong,
            delay: 5,
        }))
    );
    assert!(decode::<Notice>(json!({"type": "pong"})).is_err());
    // A union requests carry stays closed: the server refuses what the description does not list.
    assert!(decode::<Shape>(json!({"kind": "hexagon"})).is_err());
}

#[test]
fn referenced_branches_are_picked_by_their_shared_tag() {
    let left = Referenced::Left(Left {
        side: LeftSide::Left,
        left: "l".into(),
    });
    let wire = json!({"side": "left", "left": "l"});
    assert_eq!(encode(&left), wire);
    assert_eq!(decode::<Referenced>(wire), Ok(left));
    assert_eq!(
        decode::<Referenced>(json!({"side": "right", "right": true})),
        Ok(Referenced::Right(Right {
            side: RightSide::Right,
            right: true,
        }))
    );
    // The tag names the branch, and the branch's own error is the one reported.
    let wrong = decode::<Referenced>(json!({"side": "right", "left": "l"}));
    assert!(
        wrong.as_ref().is_err_and(|e| e.contains("right")),
        "{wrong:?}"
    );
}

#[test]
fn integer_tags_pick_referenced_branches_too() {
    // Untagged, this would be a `Button`: its `type` holds any integer and its label is optional.
    assert_eq!(
        decode::<Numbered>(json!({"type": 4, "label": "name"})),
        Ok(Numbered::TextInput(TextInput {
            r#type: 4,
            label: "name".into(),
        }))
    );
    let button = Numbered::Button(Button {
        r#type: ButtonType::V2,
        label: None,
    });
    assert_eq!(decode::<Numbered>(json!({"type": 2})), Ok(button.clone()));
    assert_eq!(encode(&button), json!({"type": 2}));
    let unknown = decode::<Numbered>(json!({"type": 3}));
    assert!(
        unknown.as_ref().is_err_and(|e| e.contains('3')),
        "{unknown:?}"
    );
    // The tag's text picks the branch, whose own type then refuses a string.
    assert!(decode::<Numbered>(json!({"type": "4", "label": "name"})).is_err());
    let not_a_tag = decode::<Numbered>(json!({"type": [4]}));
    assert!(
        not_a_tag.as_ref().is_err_and(|e| e.contains("neither")),
        "{not_a_tag:?}"
    );
}

#[test]
fn unions_the_tag_cannot_tell_apart_stay_untagged() {
    // Both branches say "same": the first that fits wins, whatever the tag.
    assert_eq!(
        decode::<DuplicateTags>(json!({"kind": "same", "b": "x"})),
        Ok(DuplicateTags::DuplicateTagsVariant1(
            DuplicateTagsVariant1 {
                kind: DuplicateTagsVariant1Kind::Same,
                b: "x".into(),
            }
        ))
    );
    // The second branch may leave its "tag" out.
    assert!(matches!(
        decode::<OptionalTag>(json!({"b": 1})),
        Ok(OptionalTag::OptionalTagVariant1(_))
    ));
}

/// Stores nothing: answers with the drawing it got.
struct Echo;

impl TaggedUnionsFixture for Echo {
    async fn save_drawing(
        &self,
        _: RequestContext,
        request: save_drawing::Request,
    ) -> save_drawing::Response {
        save_drawing::Response::Ok(request.body)
    }

    async fn list_events(
        &self,
        _: RequestContext,
        _: list_events::Request,
    ) -> list_events::Response {
        list_events::Response::Ok(timeline())
    }
}

fn timeline() -> Timeline {
    Timeline {
        events: vec![Event::Stopped],
        readings: vec![Reading::Cm(1.5), Reading::None],
        notices: vec![Notice::Pong(Pong {
            r#type: PongType::Pong,
            delay: 5,
        })],
    }
}

#[tokio::test]
async fn the_client_and_router_carry_every_kind_of_variant() {
    let base_url = support::serve(server::router(Arc::new(Echo))).await;
    let client = Client::new(base_url);
    let drawings = [
        Drawing {
            shape: Shape::Rect {
                width: 1,
                height: 2,
                label: String::from("door").into(),
                style: None,
            },
            measure: Measure::Count(7),
            duplicate_tags: None,
            optional_tag: None,
            referenced: Some(Referenced::Right(Right {
                side: RightSide::Right,
                right: false,
            })),
            numbered: Some(Numbered::TextInput(TextInput {
                r#type: 4,
                label: "name".into(),
            })),
        },
        Drawing {
            shape: Shape::Point,
            measure: Measure::None,
            duplicate_tags: None,
            optional_tag: None,
            referenced: None,
            numbered: None,
        },
    ];
    for drawing in drawings {
        let stored = client.save_drawing(&drawing).await.expect("saved");
        assert_eq!(stored, drawing);
    }
    assert_eq!(client.list_events().await.expect("listed"), timeline());
}

#[tokio::test]
async fn the_router_checks_assertions_inside_variants() {
    let base_url = support::serve(server::router(Arc::new(Echo))).await;
    let http = reqwest::Client::new();
    let cases = [
        (
            json!({"kind": "rect", "width": 0, "height": 2}),
            json!({"unit": "none"}),
            "body/shape/width: less than 1",
        ),
        (
            json!({"kind": "rect", "width": 1, "height": 2, "label": "far too long"}),
            json!({"unit": "none"}),
            "body/shape/label: longer than 10",
        ),
        (
            json!({"kind": "circle", "radius": -1}),
            json!({"unit": "none"}),
            "body/shape/radius: less than 0",
        ),
        (
            json!({"kind": "point"}),
            json!({"unit": "cm", "value": 1000.5}),
            "body/measure/value: greater than 1000",
        ),
    ];
    for (shape, measure, expected) in cases {
        let body = json!({"shape": shape, "measure": measure});
        let response = http
            .post(format!("{base_url}/drawings"))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .expect("the server answers");
        assert_eq!(response.status().as_u16(), 400, "{body}");
        let text = response.text().await.expect("a body");
        let problem: Value = serde_json::from_str(&text).expect("problem+json");
        let detail = problem["detail"].as_str().unwrap_or_default();
        assert!(
            detail.contains(expected),
            "expected {expected:?} in {detail:?}"
        );
    }
}
