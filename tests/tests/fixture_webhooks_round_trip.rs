//! The fixture API's own webhooks (`invoicePaid`, `invoiceVoided`) through its generated
//! receiver: the crate's signer and sender post each event as the API would, the router checks
//! the Standard Webhooks signature on the raw body, and the handler gets the typed event; an
//! event signed with another organisation's secret, or with its body changed, never reaches it.

mod support;

use std::sync::{Arc, Mutex};

use dolfin_fixture_api::receiver::{self, Receiver, RequestContext, responses, send_json};
use dolfin_fixture_api::webhooks;
use serde_json::json;

const SECRET: &str = "whsec_ZG9sZmluIGZpeHR1cmUgd2ViaG9va3M=";
const OTHER_SECRET: &str = "whsec_YW5vdGhlciBvcmdhbmlzYXRpb24=";

/// Records each event that reaches it; answers a voided invoice of a closed organisation with
/// `410 Gone`.
#[derive(Default)]
struct Endpoint {
    seen: Mutex<Vec<String>>,
}

impl Receiver for Endpoint {
    async fn invoice_paid(
        &self,
        _: RequestContext,
        event: webhooks::InvoicePaid,
    ) -> responses::InvoicePaid {
        let entry = format!("paid {} by {}", event.invoice_id, event.payment.amount);
        self.seen.lock().expect("not poisoned").push(entry);
        responses::InvoicePaid::NoContent
    }

    async fn invoice_voided(
        &self,
        _: RequestContext,
        event: webhooks::InvoiceVoided,
    ) -> responses::InvoiceVoided {
        let reason = event.reason.into_value().unwrap_or_else(|| "none".into());
        self.seen
            .lock()
            .expect("not poisoned")
            .push(format!("voided: {reason}"));
        if reason == "organisation closed" {
            return responses::InvoiceVoided::Gone;
        }
        responses::InvoiceVoided::NoContent
    }
}

fn paid_event() -> serde_json::Value {
    json!({
        "organisationId": "0b5e6a8e-2f6c-4d7e-9a51-3c2b1d0e9f87",
        "invoiceId": "5d7e4a2c-8f1b-4e39-a6c0-2b9d3f8e1a74",
        "payment": {
            "id": "2f8b6c1a-7d3e-4a95-b0c4-9e1d5f7a3b28",
            "invoiceId": "5d7e4a2c-8f1b-4e39-a6c0-2b9d3f8e1a74",
            "amount": "1000",
            "currency": "EUR",
            "paidOn": "2025-02-20",
            "method": { "type": "cash" },
            "createdAt": "2025-02-20T16:45:09Z"
        }
    })
}

async fn endpoint() -> (Arc<Endpoint>, String) {
    let endpoint = Arc::new(Endpoint::default());
    let verifier = receiver::verifier(SECRET).expect("a valid secret");
    let base_url = support::serve(receiver::router(endpoint.clone(), verifier)).await;
    (endpoint, base_url)
}

#[tokio::test]
async fn signed_events_reach_the_handler_typed() {
    let (endpoint, base_url) = endpoint().await;
    let http = reqwest::Client::new();
    let signer = receiver::signer(SECRET).expect("a valid secret");
    let paid = send_json(
        &http,
        &format!("{base_url}/invoice_paid"),
        &signer,
        "msg_1",
        &paid_event(),
    )
    .await
    .expect("delivered");
    assert_eq!(paid.status(), 204);
    let voided = json!({
        "organisationId": "0b5e6a8e-2f6c-4d7e-9a51-3c2b1d0e9f87",
        "invoiceId": "5d7e4a2c-8f1b-4e39-a6c0-2b9d3f8e1a74",
        "reason": "organisation closed"
    });
    let gone = send_json(
        &http,
        &format!("{base_url}/invoice_voided"),
        &signer,
        "msg_2",
        &voided,
    )
    .await
    .expect("delivered");
    assert_eq!(gone.status(), 410);
    let seen = endpoint.seen.lock().expect("not poisoned").clone();
    assert_eq!(
        seen,
        [
            "paid 5d7e4a2c-8f1b-4e39-a6c0-2b9d3f8e1a74 by 1000",
            "voided: organisation closed"
        ]
    );
}

#[tokio::test]
async fn events_not_signed_by_the_organisations_secret_never_reach_it() {
    let (endpoint, base_url) = endpoint().await;
    let http = reqwest::Client::new();
    let url = format!("{base_url}/invoice_paid");
    // Another organisation's secret.
    let stranger = receiver::signer(OTHER_SECRET).expect("a valid secret");
    let refused = send_json(&http, &url, &stranger, "msg_3", &paid_event())
        .await
        .expect("answered");
    assert_eq!(refused.status(), 401);
    // The right signature over another body.
    let signer = receiver::signer(SECRET).expect("a valid secret");
    let body = serde_json::to_vec(&paid_event()).expect("encodes");
    let headers = signer
        .headers_at("msg_4", &body, std::time::SystemTime::now())
        .expect("signed");
    let mut tampered = paid_event();
    tampered["payment"]["amount"] = json!("1");
    let refused = http
        .post(&url)
        .headers(headers)
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&tampered).expect("encodes"))
        .send()
        .await
        .expect("answered");
    assert_eq!(refused.status(), 401);
    assert!(endpoint.seen.lock().expect("not poisoned").is_empty());
}
