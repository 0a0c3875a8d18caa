//! Webhooks through the generated receiver: the runtime's sender signs and posts each
//! payload, the generated router checks the signature on the raw body and hands the handler
//! the typed payload; requests that are unsigned, tampered with, signed with another secret or
//! too old never reach it.

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use oasgen_tests::fixtures::webhook_receiver::receiver::{
    self, Receiver, RequestContext, SCHEME, Scheme, responses, send_json,
};
use oasgen_tests::fixtures::webhook_receiver::types::{Pet, Refusal};
use oasgen_tests::fixtures::webhook_receiver::webhooks;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const NEXT_SECRET: &str = "whsec_bmV4dCBzZWNyZXQgb2YgdGhlIHJvdGF0aW9u";

/// Records what reaches it; refuses pets named "Rex".
#[derive(Default)]
struct Inbox {
    seen: Mutex<Vec<String>>,
}

impl Inbox {
    fn seen(&self) -> Vec<String> {
        self.seen.lock().expect("not poisoned").clone()
    }

    fn record(&self, entry: String) {
        self.seen.lock().expect("not poisoned").push(entry);
    }
}

impl Receiver for Inbox {
    async fn pet_created(
        &self,
        context: RequestContext,
        payload: webhooks::PetCreated,
    ) -> responses::PetCreated {
        let id = context
            .headers
            .get("webhook-id")
            .and_then(|id| id.to_str().ok())
            .unwrap_or("?")
            .to_string();
        self.record(format!("created {} {} ({id})", payload.id, payload.name));
        if payload.name == "Rex" {
            return responses::PetCreated::UnprocessableEntity(Refusal {
                reason: "no more dogs called Rex".into(),
            });
        }
        responses::PetCreated::Ok
    }

    async fn pet_deleted(
        &self,
        _: RequestContext,
        payload: webhooks::PetDeleted,
    ) -> responses::PetDeleted {
        self.record(format!("deleted {}", payload.id));
        responses::PetDeleted::NoContent
    }

    async fn subscribe_on_status(
        &self,
        _: RequestContext,
        payload: webhooks::SubscribeOnStatus,
    ) -> responses::SubscribeOnStatus {
        self.record(format!("status {payload}"));
        responses::SubscribeOnStatus::NoContent
    }
}

async fn serve_inbox(verifier: receiver::Verifier) -> (Arc<Inbox>, String) {
    let inbox = Arc::new(Inbox::default());
    let base_url = support::serve(receiver::router(Arc::clone(&inbox), verifier)).await;
    (inbox, base_url)
}

fn pet(id: i64, name: &str) -> Pet {
    Pet {
        id,
        name: name.into(),
        tag: None,
    }
}

#[tokio::test]
async fn signed_webhooks_reach_the_receiver_typed_and_answered_as_documented() {
    assert_eq!(SCHEME, Scheme::StandardWebhooks);
    let verifier = receiver::verifier(SECRET).expect("the secret reads");
    let (inbox, base_url) = serve_inbox(verifier).await;
    let signer = receiver::signer(SECRET).expect("the secret reads");
    let client = reqwest::Client::new();
    let guard = Duration::from_secs(20);

    let url = format!("{base_url}/pet_created");
    let tom = pet(1, "Tom");
    let sent = send_json(&client, &url, &signer, "msg_1", &tom);
    let response = tokio::time::timeout(guard, sent)
        .await
        .expect("in time")
        .expect("sent");
    assert_eq!(response.status(), 200);

    let rex = pet(2, "Rex");
    let sent = send_json(&client, &url, &signer, "msg_2", &rex);
    let response = tokio::time::timeout(guard, sent)
        .await
        .expect("in time")
        .expect("sent");
    assert_eq!(response.status(), 422);
    let text = response.text().await.expect("a body");
    let refusal: Refusal = serde_json::from_str(&text).expect("a refusal");
    assert_eq!(refusal.reason, "no more dogs called Rex");

    let url = format!("{base_url}/pet_deleted");
    let payload = serde_json::json!({"id": 3});
    let sent = send_json(&client, &url, &signer, "msg_3", &payload);
    let response = tokio::time::timeout(guard, sent)
        .await
        .expect("in time")
        .expect("sent");
    assert_eq!(response.status(), 204);

    assert_eq!(
        inbox.seen(),
        [
            "created 1 Tom (msg_1)",
            "created 2 Rex (msg_2)",
            "deleted 3"
        ]
    );
}

#[tokio::test]
async fn a_text_callback_is_checked_and_decoded_too() {
    let (inbox, base_url) = serve_inbox(receiver::verifier(SECRET).expect("reads")).await;
    let signer = receiver::signer(SECRET).expect("reads");
    let body = "active";
    let headers = signer.headers("msg_cb", body.as_bytes()).expect("signs");
    let request = reqwest::Client::new()
        .post(format!("{base_url}/subscribe_on_status"))
        .headers(headers)
        .header("content-type", "text/plain")
        .body(body);
    let response = tokio::time::timeout(Duration::from_secs(20), request.send())
        .await
        .expect("in time")
        .expect("sent");
    assert_eq!(response.status(), 204);
    assert_eq!(inbox.seen(), ["status active"]);
}

/// Posts `body` with `headers` to the receiver's `pet_created` route; returns the status.
async fn post_pet(base_url: &str, headers: http::HeaderMap, body: &str) -> u16 {
    let request = reqwest::Client::new()
        .post(format!("{base_url}/pet_created"))
        .headers(headers)
        .header("content-type", "application/json")
        .body(body.to_string());
    let response = tokio::time::timeout(Duration::from_secs(20), request.send())
        .await
        .expect("in time")
        .expect("sent");
    response.status().as_u16()
}

#[tokio::test]
async fn refused_webhooks_never_reach_the_handler() {
    let (inbox, base_url) = serve_inbox(receiver::verifier(SECRET).expect("reads")).await;
    let signer = receiver::signer(SECRET).expect("reads");
    let body = r#"{"id":1,"name":"Tom"}"#;

    let tampered = signer.headers("msg_t", body.as_bytes()).expect("signs");
    let status = post_pet(&base_url, tampered, &body.replace("Tom", "Tim")).await;
    assert_eq!(status, 401, "tampered body");

    let stranger = receiver::signer("whsec_c29tZW9uZSBlbHNlJ3Mgc2VjcmV0").expect("reads");
    let foreign = stranger.headers("msg_f", body.as_bytes()).expect("signs");
    assert_eq!(
        post_pet(&base_url, foreign, body).await,
        401,
        "another secret"
    );

    let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
    let old = signer
        .headers_at("msg_o", body.as_bytes(), an_hour_ago)
        .expect("signs");
    assert_eq!(post_pet(&base_url, old, body).await, 401, "a replay");

    let in_an_hour = SystemTime::now() + Duration::from_secs(3600);
    let future = signer
        .headers_at("msg_u", body.as_bytes(), in_an_hour)
        .expect("signs");
    assert_eq!(
        post_pet(&base_url, future, body).await,
        401,
        "from the future"
    );

    assert_eq!(
        post_pet(&base_url, http::HeaderMap::new(), body).await,
        400,
        "unsigned"
    );

    // Signed, but not a pet: the signature passes, the payload is refused before the handler.
    let not_a_pet = r#"{"id":"one"}"#;
    let signed = signer
        .headers("msg_n", not_a_pet.as_bytes())
        .expect("signs");
    assert_eq!(
        post_pet(&base_url, signed, not_a_pet).await,
        400,
        "bad payload"
    );

    assert!(inbox.seen().is_empty(), "{:?}", inbox.seen());
}

#[tokio::test]
async fn a_rotated_secret_and_the_old_one_both_pass() {
    let verifier = receiver::verifier(NEXT_SECRET)
        .and_then(|verifier| verifier.with_secret(SECRET))
        .expect("reads");
    let (inbox, base_url) = serve_inbox(verifier).await;
    let body = r#"{"id":1,"name":"Tom"}"#;
    for (secret, id) in [(SECRET, "old"), (NEXT_SECRET, "new")] {
        let headers = receiver::signer(secret)
            .expect("reads")
            .headers(id, body.as_bytes())
            .expect("signs");
        assert_eq!(post_pet(&base_url, headers, body).await, 200, "{id}");
    }
    assert_eq!(inbox.seen(), ["created 1 Tom (old)", "created 1 Tom (new)"]);
}
