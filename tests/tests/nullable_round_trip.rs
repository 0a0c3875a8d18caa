//! Absent, `null` and a value kept apart on the wire, both ways: the generated client leaves
//! an absent property out and sends `null` as `null`; the generated router hands its handler
//! which of the three arrived (ASP.NET numbers and integral floats included), and refuses what
//! the schema does not allow; a response's `null` and a left-out property read apart too.

mod support;

use std::sync::{Arc, Mutex};

use oasgen_tests::fixtures::nullable::client::Client;
use oasgen_tests::fixtures::nullable::operations::{get_profile, update_profile};
use oasgen_tests::fixtures::nullable::server::{self, NullableFixture, RequestContext};
use oasgen_tests::fixtures::nullable::types::{Address, Nullable, Profile, ProfileUpdate};

/// Applies each update to one stored profile, as a PATCH handler does, and keeps what arrived.
#[derive(Default)]
struct Service {
    profile: Mutex<Option<Profile>>,
    received: Mutex<Vec<ProfileUpdate>>,
}

fn stored() -> Profile {
    Profile {
        name: "Ada".into(),
        nickname: Some("ada".into()),
        bio: Some("Mathematician".into()),
        website: Nullable::Value("https://ada.example".into()),
        address: Nullable::Absent,
    }
}

impl NullableFixture for Service {
    async fn get_profile(
        &self,
        _: RequestContext,
        _: get_profile::Request,
    ) -> get_profile::Response {
        let profile = self.profile.lock().expect("not poisoned").clone();
        get_profile::Response::Ok(profile.unwrap_or_else(stored))
    }

    async fn update_profile(
        &self,
        _: RequestContext,
        request: update_profile::Request,
    ) -> update_profile::Response {
        let changes = request.body;
        self.received
            .lock()
            .expect("not poisoned")
            .push(changes.clone());
        let mut slot = self.profile.lock().expect("not poisoned");
        let profile = slot.get_or_insert_with(stored);
        // `nickname` is required-but-nullable in the profile: an `Option` the update patches.
        changes.nickname.apply_to(&mut profile.nickname);
        if !changes.website.is_absent() {
            profile.website = changes.website;
        }
        if !changes.address.is_absent() {
            profile.address = changes.address;
        }
        if let Some(bio) = changes.bio {
            profile.bio = Some(bio);
        }
        update_profile::Response::Ok(profile.clone())
    }
}

async fn serve() -> (Client, Arc<Service>) {
    let service = Arc::new(Service::default());
    let base_url = support::serve(server::router(service.clone())).await;
    (Client::new(base_url), service)
}

/// A server that keeps the bodies the client sends and answers with a fixed profile.
async fn recording_server() -> (Client, Arc<Mutex<Vec<String>>>) {
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let seen = bodies.clone();
    let router = axum::Router::new().route(
        "/profiles/{id}",
        axum::routing::patch(move |body: String| {
            let seen = seen.clone();
            async move {
                seen.lock().expect("not poisoned").push(body);
                (
                    [("content-type", "application/json")],
                    r#"{"name":"Ada","nickname":null}"#,
                )
            }
        }),
    );
    (Client::new(support::serve(router).await), bodies)
}

/// Sends `body` as the JSON of a `PATCH /profiles/1`, as any client could; the answer's status.
async fn patch_text(base_url: &str, body: &'static str) -> u16 {
    reqwest::Client::new()
        .patch(format!("{base_url}/profiles/1"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("sent")
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_client_leaves_absent_out_and_sends_null() {
    let (client, bodies) = recording_server().await;
    let updates = [
        ProfileUpdate::default(),
        ProfileUpdate::default().website_null().age_null(),
        ProfileUpdate::default()
            .website("https://ada.example")
            .age(36)
            .visits(2),
        ProfileUpdate {
            address: Nullable::Null,
            nickname: None.into(),
            ..Default::default()
        },
    ];
    for update in &updates {
        client.update_profile("1", update).await.expect("answered");
    }
    assert_eq!(
        *bodies.lock().expect("not poisoned"),
        [
            "{}",
            r#"{"website":null,"age":null}"#,
            r#"{"website":"https://ada.example","age":36,"visits":2}"#,
            r#"{"nickname":null,"address":null}"#,
        ]
    );
}

#[tokio::test]
async fn the_handler_sees_which_of_the_three_arrived() {
    let (_, service) = serve().await;
    let base_url = support::serve(server::router(service.clone())).await;
    let bodies = [
        r#"{}"#,
        r#"{"website":null,"age":"42","visits":3.0}"#,
        r#"{"nickname":"countess","address":{"city":"London"},"age":7}"#,
        r#"{"nickname":null,"address":null}"#,
    ];
    for body in bodies {
        assert_eq!(patch_text(&base_url, body).await, 200, "{body}");
    }
    let received = service.received.lock().expect("not poisoned").clone();
    assert_eq!(
        received,
        [
            ProfileUpdate::default(),
            ProfileUpdate {
                website: Nullable::Null,
                age: Nullable::Value(42),
                visits: Nullable::Value(3),
                ..Default::default()
            },
            ProfileUpdate {
                nickname: Nullable::Value("countess".into()),
                address: Nullable::Value(Address {
                    city: "London".into(),
                    lines: None,
                }),
                age: Nullable::Value(7),
                ..Default::default()
            },
            ProfileUpdate {
                nickname: Nullable::Null,
                address: Nullable::Null,
                ..Default::default()
            },
        ]
    );
}

#[tokio::test]
async fn what_the_schema_forbids_is_refused() {
    let (_, service) = serve().await;
    let base_url = support::serve(server::router(service.clone())).await;
    let refused = [
        // Not nullable: absent is fine, `null` is not.
        r#"{"bio":null}"#,
        // A value breaks its assertions; `null` never does.
        r#"{"visits":-1}"#,
        r#"{"nickname":"a nickname far beyond twenty"}"#,
        r#"{"age":"forty"}"#,
        r#"{"visits":1.5}"#,
    ];
    for body in refused {
        assert_eq!(patch_text(&base_url, body).await, 400, "{body}");
    }
    assert!(service.received.lock().expect("not poisoned").is_empty());
}

#[tokio::test]
async fn a_patch_round_trip_clears_sets_and_leaves() {
    let (client, _) = serve().await;
    let before = client.get_profile("1").await.expect("the stored profile");
    assert_eq!(before, stored());

    // Clearing the website leaves everything else; the answer says `null`, not absent.
    let cleared = client
        .update_profile("1", &ProfileUpdate::default().website_null())
        .await
        .expect("updated");
    assert_eq!(cleared.website, Nullable::Null);
    assert_eq!(
        Profile {
            website: Nullable::Value("https://ada.example".into()),
            ..cleared.clone()
        },
        before
    );

    let set = client
        .update_profile(
            "1",
            &ProfileUpdate::default()
                .address(Address {
                    city: "London".into(),
                    lines: Some(vec!["12 St James's Square".into()]),
                })
                .nickname_null(),
        )
        .await
        .expect("updated");
    assert_eq!(set.nickname, None);
    assert_eq!(
        set.website,
        Nullable::Null,
        "left as the last update made it"
    );
    assert_eq!(
        set.address.value().map(|address| address.city.as_str()),
        Some("London")
    );
}

#[tokio::test]
async fn a_response_reads_null_and_absent_apart() {
    for (text, website) in [
        (r#"{"name":"A","nickname":null}"#, Nullable::Absent),
        (
            r#"{"name":"A","nickname":null,"website":null}"#,
            Nullable::Null,
        ),
        (
            r#"{"name":"A","nickname":null,"website":"https://a.example"}"#,
            Nullable::Value("https://a.example".to_string()),
        ),
    ] {
        let profile: Profile = serde_json::from_str(text).expect("decodes");
        assert_eq!(profile.website, website, "{text}");
        // What was read is written back as it came.
        assert_eq!(
            serde_json::to_value(&profile).expect("encodes"),
            serde_json::from_str::<serde_json::Value>(text).expect("JSON")
        );
    }
}
