//! The event streams fixture over loopback: the generated client reads what the generated
//! server streams — Server-Sent Events and JSON Lines, typed, 10 000 events with backpressure,
//! a dropped client stream ending the server's, a JSON operation with a stream beside it, error
//! statuses, and events that break the contract, each reported with its index.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use futures::{Stream, StreamExt, TryStreamExt, stream};
use oasgen_tests::fixtures::event_streams::client::{Client, Error, Event, LinesBody};
use oasgen_tests::fixtures::event_streams::operations::{
    complete, create_chat_completion, generate_stream, ingest_logs, tail_logs, ticker,
};
use oasgen_tests::fixtures::event_streams::server::{self, EventStreams, Events, RequestContext};
use oasgen_tests::fixtures::event_streams::types::{
    ChatRequest, Completion, CompletionChunk, GenerateRequest, LogLine, Nullable, Problem, Token,
};

/// A guard far beyond anything these tests wait for, so a broken stream fails instead of
/// hanging; nothing is asserted about elapsed time.
const GUARD: Duration = Duration::from_secs(20);

/// Counts what the server produces, and notes when its stream is dropped.
#[derive(Default)]
struct Streaming {
    produced: Arc<AtomicUsize>,
    dropped: Arc<AtomicBool>,
    dropped_signal: Arc<tokio::sync::Notify>,
    accept_seen: std::sync::Mutex<Vec<String>>,
}

/// Sets `dropped` (and wakes the test) when the server's stream is dropped.
struct DropFlag(Arc<AtomicBool>, Arc<tokio::sync::Notify>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
        self.1.notify_one();
    }
}

/// `count` tokens (or without end for `None`), each padded to `padding` bytes of text,
/// counted as the server produces them.
fn tokens(
    service: &Streaming,
    count: Option<usize>,
    padding: usize,
) -> impl Stream<Item = Event<Token>> + Send + 'static {
    let produced = service.produced.clone();
    let flag = DropFlag(service.dropped.clone(), service.dropped_signal.clone());
    stream::iter(0..count.unwrap_or(usize::MAX)).map(move |index| {
        let _keep = &flag;
        produced.fetch_add(1, Ordering::SeqCst);
        Event::new(Token {
            index: index as i64,
            text: "x".repeat(padding),
            r#final: Some(Some(index + 1) == count),
        })
        .with_id(index.to_string())
    })
}

impl EventStreams for Streaming {
    async fn create_chat_completion(
        &self,
        context: RequestContext,
        request: create_chat_completion::Request,
    ) -> create_chat_completion::Response {
        let accept = context
            .headers
            .get("accept")
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
            .to_string();
        self.accept_seen.lock().expect("not poisoned").push(accept);
        let words: Vec<String> = request.body.prompt.split(' ').map(str::to_string).collect();
        if request.body.stream == Nullable::Value(true) {
            let chunks = words.into_iter().map(|word| CompletionChunk {
                id: "c1".into(),
                delta: word,
            });
            create_chat_completion::Response::OkStream(Events::from_data(stream::iter(chunks)))
        } else {
            create_chat_completion::Response::Ok(Completion {
                id: "c1".into(),
                text: words.join(" "),
            })
        }
    }

    async fn complete(&self, _: RequestContext, request: complete::Request) -> complete::Response {
        // Streamed as `oasgen.toml` says, the router adding its `[DONE]` after the last chunk.
        assert_eq!(
            request.body.stream,
            Nullable::Value(true),
            "the stream method sets the flag"
        );
        let chunks = ["a", "b"].map(|delta| CompletionChunk {
            id: "c2".into(),
            delta: delta.into(),
        });
        complete::Response::OkStream(Events::from_data(stream::iter(chunks)))
    }

    async fn generate_stream(
        &self,
        _: RequestContext,
        request: generate_stream::Request,
    ) -> generate_stream::Response {
        match request.body.inputs.as_str() {
            "" => generate_stream::Response::UnprocessableEntity(Problem {
                title: Some("empty input".into()),
                detail: None,
            }),
            "endless" => generate_stream::Response::Ok(Events::new(tokens(self, None, 16))),
            "large" => generate_stream::Response::Ok(Events::new(tokens(self, Some(4_000), 8192))),
            _ => generate_stream::Response::Ok(Events::new(tokens(self, Some(10_000), 16))),
        }
    }

    async fn tail_logs(
        &self,
        _: RequestContext,
        request: tail_logs::Request,
    ) -> tail_logs::Response {
        let service = request.service;
        let lines = (0..100).map(move |n| LogLine {
            level: "info".into(),
            message: format!("{service}: line {n}\nwith a newline"),
        });
        tail_logs::Response::Ok(Events::from_data(stream::iter(lines)))
    }

    async fn ingest_logs(
        &self,
        _: RequestContext,
        request: ingest_logs::Request,
    ) -> ingest_logs::Response {
        // Read as the lines arrive: the count is kept, never the lines.
        let mut lines = request.body;
        let (mut taken, mut errors) = (0_i64, 0_i64);
        while let Some(line) = lines.next().await {
            match line {
                Ok(line) => {
                    taken += 1;
                    errors += i64::from(line.level == "error");
                }
                Err(error) => {
                    return ingest_logs::Response::BadRequest(Problem {
                        title: Some("Not a log record".into()),
                        detail: Some(format!("{error} ({taken} taken)")),
                    });
                }
            }
        }
        ingest_logs::Response::Ok(taken * 100 + errors)
    }

    async fn ticker(&self, _: RequestContext, _: ticker::Request) -> ticker::Response {
        let ticks = ["tick", "two\nlines", "{not json}"].map(str::to_string);
        ticker::Response::Ok(Events::new(stream::iter(
            ticks
                .into_iter()
                .enumerate()
                .map(|(n, text)| Event::new(text).named(format!("tick-{n}"))),
        )))
    }
}

async fn serve() -> (Client, Arc<Streaming>) {
    let service = Arc::new(Streaming::default());
    let client = Client::new(support::serve(server::router(service.clone())).await);
    (client, service)
}

fn generate(inputs: &str) -> GenerateRequest {
    GenerateRequest {
        inputs: inputs.into(),
        max_tokens: None,
    }
}

#[tokio::test]
async fn ten_thousand_events_arrive_typed_and_in_order() {
    let (client, _) = serve().await;
    let events = client
        .generate_stream(&generate("go"))
        .await
        .expect("a stream");
    assert_eq!(events.status(), http::StatusCode::OK);
    let mut next = 0i64;
    let mut events = std::pin::pin!(events);
    while let Some(event) = tokio::time::timeout(GUARD, events.next())
        .await
        .expect("in time")
    {
        let event = event.expect("a token");
        assert_eq!(event.data.index, next);
        assert_eq!(event.id.as_deref(), Some(next.to_string().as_str()));
        assert_eq!(event.data.r#final, Some(next == 9_999));
        next += 1;
    }
    assert_eq!(next, 10_000);
}

#[tokio::test]
async fn the_server_produces_only_what_the_connection_holds_while_the_reader_waits() {
    let (client, service) = serve().await;
    let events = client
        .generate_stream(&generate("large"))
        .await
        .expect("a stream");
    let mut events = std::pin::pin!(events);
    for _ in 0..10 {
        tokio::time::timeout(GUARD, events.next())
            .await
            .expect("in time")
            .expect("an event")
            .expect("a token");
    }
    // Give the server every chance to run ahead; it can only fill the socket buffers.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let produced = service.produced.load(Ordering::SeqCst);
    // 4 000 events of 8 KiB are 32 MiB; loopback buffers hold a few MiB of them.
    assert!(
        produced < 2_000,
        "the server ran ahead by {produced} events"
    );
    let rest = tokio::time::timeout(GUARD, events.count())
        .await
        .expect("in time");
    assert_eq!(rest, 3_990);
}

#[tokio::test]
async fn dropping_the_client_stream_drops_the_servers() {
    let (client, service) = serve().await;
    let events = client
        .generate_stream(&generate("endless"))
        .await
        .expect("a stream");
    let first: Vec<Token> = events
        .take(3)
        .map_ok(|event| event.data)
        .try_collect()
        .await
        .expect("three tokens");
    assert_eq!(first.len(), 3);
    // `take` dropped the stream, and with it the connection: the server notices.
    let signal = service.dropped_signal.clone();
    let notified = signal.notified();
    if !service.dropped.load(Ordering::SeqCst) {
        tokio::time::timeout(GUARD, notified)
            .await
            .expect("the server's stream is dropped");
    }
    assert!(service.dropped.load(Ordering::SeqCst));
}

#[tokio::test]
async fn an_error_status_is_the_operations_typed_error() {
    let (client, _) = serve().await;
    let error = client
        .generate_stream(&generate(""))
        .await
        .expect_err("refused");
    match error {
        Error::Status { response, .. } => assert_eq!(
            response,
            generate_stream::ErrorResponse::UnprocessableEntity(Problem {
                title: Some("empty input".into()),
                detail: None,
            })
        ),
        other => panic!("expected the documented 422, got {other:?}"),
    }
}

#[tokio::test]
async fn one_operation_answers_whole_or_streamed() {
    let (client, service) = serve().await;
    let request = ChatRequest {
        model: "m".into(),
        prompt: "one two three".into(),
        stream: Nullable::Absent,
    };
    let whole = client
        .create_chat_completion(&request)
        .await
        .expect("whole");
    assert_eq!(whole.text, "one two three");
    // The stream method sets the body's flag and asks for events, whatever the caller set.
    let chunks: Vec<String> = client
        .create_chat_completion_stream(&ChatRequest {
            stream: Nullable::Value(false),
            ..request
        })
        .await
        .expect("a stream")
        .map_ok(|event| event.data.delta)
        .try_collect()
        .await
        .expect("every chunk");
    assert_eq!(chunks, ["one", "two", "three"]);
    let accepts = service.accept_seen.lock().expect("not poisoned").clone();
    assert_eq!(accepts.len(), 2);
    assert_ne!(accepts[0], "text/event-stream");
    assert_eq!(accepts[1], "text/event-stream");
}

#[tokio::test]
async fn json_lines_stream_typed_records() {
    let (client, _) = serve().await;
    let lines: Vec<LogLine> = client
        .tail_logs("api", &tail_logs::Params::default())
        .await
        .expect("a stream")
        .map_ok(|event| event.data)
        .try_collect()
        .await
        .expect("every line");
    assert_eq!(lines.len(), 100);
    assert_eq!(lines[7].message, "api: line 7\nwith a newline");
}

#[tokio::test]
async fn text_events_keep_their_names_and_lines() {
    let (client, _) = serve().await;
    let ticks: Vec<Event<String>> = client
        .ticker()
        .await
        .expect("a stream")
        .try_collect()
        .await
        .expect("every tick");
    let data: Vec<&str> = ticks.iter().map(|tick| tick.data.as_str()).collect();
    assert_eq!(data, ["tick", "two\nlines", "{not json}"]);
    assert_eq!(ticks[1].event.as_deref(), Some("tick-1"));
}

/// A server that answers `/generate_stream` and `/chat/completions` with `body` as an event
/// stream, whatever was asked.
async fn raw_server(body: &'static str) -> Client {
    let answer = move || async move { ([(http::header::CONTENT_TYPE, "text/event-stream")], body) };
    let router = axum::Router::new()
        .route("/generate_stream", axum::routing::post(answer))
        .route("/chat/completions", axum::routing::post(answer));
    Client::new(support::serve(router).await)
}

#[tokio::test]
async fn a_configured_stream_ends_at_its_terminator() {
    let (client, _) = serve().await;
    let request = ChatRequest {
        model: "m".into(),
        prompt: "p".into(),
        stream: Nullable::Absent,
    };
    let chunks: Vec<String> = client
        .complete_stream(&request)
        .await
        .expect("a stream")
        .map_ok(|event| event.data.delta)
        .try_collect()
        .await
        .expect("every chunk, and no `[DONE]` decoded as one");
    assert_eq!(chunks, ["a", "b"]);
    // What follows the terminator is never read: no error for the garbage after it.
    let client =
        raw_server("data: {\"id\":\"c\",\"delta\":\"x\"}\n\ndata: [DONE]\n\ndata: {\"id\": trunc")
            .await;
    let items: Vec<_> = client
        .create_chat_completion_stream(&request)
        .await
        .expect("a stream")
        .collect()
        .await;
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0].as_ref().expect("a chunk").data.delta, "x");
}

async fn read_all(client: &Client) -> Vec<Result<i64, String>> {
    client
        .generate_stream(&generate("go"))
        .await
        .expect("a stream")
        .map(|item| {
            item.map(|event| event.data.index)
                .map_err(|error| error.to_string())
        })
        .collect()
        .await
}

#[tokio::test]
async fn an_event_that_breaks_the_schema_is_named_by_its_index() {
    let client = raw_server(
        "data: {\"index\":0,\"text\":\"a\"}\n\n: keep-alive\n\ndata: {\"index\":\"one\"}\n\ndata: {\"index\":2,\"text\":\"c\"}\n\n",
    )
    .await;
    let items = read_all(&client).await;
    assert_eq!(items.len(), 2, "the stream ends at the error: {items:?}");
    assert_eq!(items[0], Ok(0));
    let error = items[1].as_ref().expect_err("refused");
    assert!(error.contains("event 1"), "{error}");
}

#[tokio::test]
async fn a_server_ending_inside_an_event_is_an_error() {
    let client = raw_server("data: {\"index\":0,\"text\":\"a\"}\n\ndata: {\"index\":1,\"te").await;
    let items = read_all(&client).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0], Ok(0));
    let error = items[1].as_ref().expect_err("refused");
    assert!(error.contains("ended inside event 1"), "{error}");
}

#[tokio::test]
async fn an_event_beyond_the_limit_ends_the_stream() {
    let client = raw_server(
        "data: {\"index\":0,\"text\":\"a\"}\n\ndata: {\"index\":1,\"text\":\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"}\n\n",
    )
    .await;
    let items: Vec<Result<i64, String>> = client
        .generate_stream(&generate("go"))
        .await
        .expect("a stream")
        .limit(48)
        .map(|item| {
            item.map(|event| event.data.index)
                .map_err(|error| error.to_string())
        })
        .collect()
        .await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0], Ok(0));
    let error = items[1].as_ref().expect_err("refused");
    assert!(
        error.contains("event 1 is larger than the limit of 48 bytes"),
        "{error}"
    );
}

#[tokio::test]
async fn a_json_lines_request_body_arrives_as_its_items() {
    let (client, _) = serve().await;
    let lines =
        [("info", "a\nb"), ("error", "c"), ("error", "d")].map(|(level, message)| LogLine {
            level: level.into(),
            message: message.into(),
        });
    let taken = client.ingest_logs(&lines).await.expect("taken");
    assert_eq!(taken, 302, "three lines, two errors");
    // A line that is not a record ends the handler's stream with its index.
    let raw = reqwest::Client::new()
        .post(format!("{}/logs", client.base_url()))
        .header("content-type", "application/x-ndjson")
        .body("{\"level\":\"info\",\"message\":\"ok\"}\n\n{\"level\":1}\n")
        .send()
        .await
        .expect("answered");
    assert_eq!(raw.status(), 400);
    let problem = raw.text().await.expect("a body");
    assert!(problem.contains("line 1 of the body"), "{problem}");
}

#[tokio::test]
async fn a_streamed_upload_is_read_as_it_arrives() {
    let (client, _) = serve().await;
    // Produced while sent, read by the handler while received: neither side holds the lines.
    let lines = stream::iter(0..50_000).map(|n| LogLine {
        level: if n % 10 == 0 { "error" } else { "info" }.into(),
        message: format!("line {n}"),
    });
    let taken = client
        .ingest_logs(LinesBody::stream(lines))
        .await
        .expect("taken");
    assert_eq!(taken, 50_000 * 100 + 5_000);
}
