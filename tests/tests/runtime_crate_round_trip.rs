//! `runtime = "crate"`: generated code that depends on `oasgen-runtime` instead of carrying a
//! copy works end to end, and its `Error`, `RequestContext` and `Rejection` are the runtime
//! crate's own types, so code written once over them serves every API generated this way.

mod support;

use std::sync::Arc;

use oasgen_runtime::client::Error as RuntimeError;
use oasgen_tests::fixtures::runtime_crate::client::{Client, Error};
use oasgen_tests::fixtures::runtime_crate::operations::{create_note, get_note};
use oasgen_tests::fixtures::runtime_crate::server::{self, RequestContext, RuntimeCrateFixture};
use oasgen_tests::fixtures::runtime_crate::types::{NewNote, Note, Problem};

/// Knows note 7 only; echoes what it is given.
struct Notes;

impl RuntimeCrateFixture for Notes {
    async fn create_note(
        &self,
        _: RequestContext,
        request: create_note::Request,
    ) -> create_note::Response {
        create_note::Response::Created(Note {
            id: 8,
            text: request.body.text,
        })
    }

    async fn get_note(&self, _: RequestContext, request: get_note::Request) -> get_note::Response {
        match request.id {
            7 => get_note::Response::Ok(Note {
                id: 7,
                text: format!("verbose: {:?}", request.params.verbose),
            }),
            _ => get_note::Response::NotFound(Problem {
                title: Some("no such note".into()),
                status: Some(404),
            }),
        }
    }
}

/// What a team writes once, over the runtime crate's error, for every API generated with it.
fn status_of<E>(error: &RuntimeError<E>) -> Option<u16> {
    error.status().map(|status| status.as_u16())
}

#[tokio::test]
async fn a_crate_runtime_api_round_trips_and_shares_the_runtime_types() {
    let base_url = support::serve(server::router(Arc::new(Notes))).await;
    let client = Client::new(&base_url);

    let note = client
        .get_note(
            7,
            &get_note::Params {
                verbose: Some(true),
            },
        )
        .await
        .expect("note 7");
    assert_eq!(note.text, "verbose: Some(true)");

    let created = client
        .create_note(&NewNote {
            text: "hello".into(),
        })
        .await
        .expect("created");
    assert_eq!((created.id, created.text.as_str()), (8, "hello"));

    // The generated `Error` is the runtime crate's type, not a copy of it.
    let missing: Error<get_note::ErrorResponse> = client
        .get_note(9, &get_note::Params::default())
        .await
        .expect_err("404");
    assert_eq!(status_of(&missing), Some(404));
    assert!(matches!(
        missing,
        RuntimeError::Status {
            response: get_note::ErrorResponse::NotFound(_),
            ..
        }
    ));

    // The router still checks the schema's assertions (`minLength`) before the service runs.
    let refused = client
        .create_note(&NewNote {
            text: String::new(),
        })
        .await
        .expect_err("400");
    assert_eq!(status_of(&refused), Some(400));
}

/// The generated client names the crate it was generated into (here `oasgen-tests`, whose build
/// script generates the fixtures) and oasgen in `User-Agent`.
#[tokio::test]
async fn the_client_names_its_crate_and_oasgen_as_user_agent() {
    let seen = Arc::new(std::sync::Mutex::new(String::new()));
    let recorder = seen.clone();
    let app = axum::Router::new().fallback(move |headers: http::HeaderMap| {
        let recorder = recorder.clone();
        async move {
            let agent = headers.get("user-agent").and_then(|v| v.to_str().ok());
            *recorder.lock().unwrap() = agent.unwrap_or_default().to_string();
            (
                [("content-type", "application/json")],
                r#"{"id": 7, "text": "seen"}"#,
            )
        }
    });
    let base_url = support::serve(app).await;
    Client::new(&base_url)
        .get_note(7, &get_note::Params::default())
        .await
        .expect("a note");
    let agent = seen.lock().unwrap().clone();
    let generator = agent.strip_prefix(concat!(
        "oasgen-tests/",
        env!("CARGO_PKG_VERSION"),
        " oasgen/"
    ));
    assert!(
        generator.is_some_and(|version| version.split('.').count() == 3),
        "{agent}"
    );
}
