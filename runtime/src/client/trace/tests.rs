//! The span of a call, as a subscriber sees it: operation, method, path template, and after a
//! retried call the last status and the number of attempts; a retry's event inside it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use super::super::Client;
use super::super::retry::tests::{answer, decode_id, faulty_server, guarded, quick};

/// A span's name and its fields' values as text.
#[derive(Debug, Clone, Default)]
struct Captured {
    name: &'static str,
    fields: BTreeMap<String, String>,
    /// The messages of the runtime's events inside it (hyper and others may add theirs).
    events: Vec<String>,
}

impl Visit for Captured {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.fields
            .insert(field.name().to_string(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.fields
            .insert(field.name().to_string(), value.to_string());
    }
}

/// Records every span (its id is its index plus one) and the events of the current one.
#[derive(Clone, Default)]
struct Recorder {
    spans: Arc<Mutex<Vec<Captured>>>,
    /// The spans entered and not yet left, innermost last.
    stack: Arc<Mutex<Vec<u64>>>,
}

impl Recorder {
    fn calls(&self) -> Vec<Captured> {
        let spans = self.spans.lock().unwrap();
        spans
            .iter()
            .filter(|span| span.name == "oasgen.call")
            .cloned()
            .collect()
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _metadata: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut captured = Captured {
            name: attributes.metadata().name(),
            ..Captured::default()
        };
        attributes.record(&mut captured);
        let mut spans = self.spans.lock().unwrap();
        spans.push(captured);
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().unwrap();
        if let Some(captured) = spans.get_mut(span.into_u64() as usize - 1) {
            values.record(captured);
        }
    }

    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}

    fn event(&self, event: &Event<'_>) {
        if !event.metadata().target().starts_with("oasgen_runtime") {
            return;
        }
        let mut message = Captured::default();
        event.record(&mut message);
        let current = self.stack.lock().unwrap().last().copied();
        let mut spans = self.spans.lock().unwrap();
        if let Some(span) = current.and_then(|id| spans.get_mut(id as usize - 1)) {
            let text = message.fields.get("message").cloned().unwrap_or_default();
            span.events.push(text);
        }
    }

    fn enter(&self, span: &Id) {
        self.stack.lock().unwrap().push(span.into_u64());
    }

    fn exit(&self, span: &Id) {
        let mut stack = self.stack.lock().unwrap();
        if let Some(position) = stack.iter().rposition(|id| *id == span.into_u64()) {
            stack.remove(position);
        }
    }
}

#[tokio::test]
async fn a_retried_call_is_one_span_with_its_last_status_and_attempt_count() {
    let recorder = Recorder::default();
    // The test runtime runs every task on this thread, where the recorder is the default.
    let _default = tracing::subscriber::set_default(recorder.clone());
    let (base_url, _seen) = faulty_server(Arc::new(|n| match n {
        0 => answer(503, &[], "{}"),
        _ => answer(200, &[], r#"{"id": 4}"#),
    }))
    .await;
    let client = Client::builder(&base_url)
        .retry(quick(3))
        .secret_query("api_key", "hidden")
        .build()
        .expect("builds");
    guarded(
        client
            .request("get_bill", reqwest::Method::GET, "/bills/{billId}")
            .path("billId", &4)
            .exchange(decode_id),
    )
    .await
    .expect("the second attempt succeeds");
    let calls = recorder.calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    let fields = &calls[0].fields;
    assert_eq!(fields["operation"], "get_bill");
    assert_eq!(fields["http.request.method"], "GET");
    assert_eq!(fields["url.template"], "/bills/{billId}");
    assert_eq!(fields["http.response.status_code"], "200");
    assert_eq!(fields["attempt"], "2");
    assert_eq!(calls[0].events, ["retrying"]);
    // Neither the filled path nor the query's credential is recorded.
    let text = format!("{calls:?}");
    assert!(
        !text.contains("hidden") && !text.contains("/bills/4"),
        "{text}"
    );
}

#[tokio::test]
async fn a_call_answered_at_once_has_one_attempt() {
    let recorder = Recorder::default();
    let _default = tracing::subscriber::set_default(recorder.clone());
    let (base_url, _seen) = faulty_server(Arc::new(|_| answer(404, &[], "{}"))).await;
    let client = Client::builder(&base_url)
        .retry(quick(3))
        .build()
        .expect("builds");
    let error = guarded(
        client
            .request("create_bill", reqwest::Method::POST, "/bills")
            .exchange(decode_id),
    )
    .await
    .expect_err("404 is undocumented here");
    assert_eq!(error.status(), Some(http::StatusCode::NOT_FOUND));
    let calls = recorder.calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    let fields = &calls[0].fields;
    assert_eq!(fields["operation"], "create_bill");
    assert_eq!(fields["http.request.method"], "POST");
    assert_eq!(fields["http.response.status_code"], "404");
    assert_eq!(fields["attempt"], "1");
    assert!(calls[0].events.is_empty());
}
