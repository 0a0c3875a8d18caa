//! `cargo run --release -p oasgen-bench --bin streams`: how fast the client decodes an event
//! stream, against plain JSON decoding of the same payloads, and how much memory a long
//! stream costs. Prints a Markdown table; a benchmark, never a timed test.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use futures::StreamExt;
use oasgen_runtime::server::events::{json_text, sse_response};
use oasgen_runtime::stream::{Decoder, Event, Framing, json_data};
use serde::{Deserialize, Serialize};

/// A chat-completion chunk of typical size.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Chunk {
    id: String,
    object: String,
    created: i64,
    model: String,
    choices: Vec<Choice>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Choice {
    index: i64,
    delta: Delta,
    finish_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Delta {
    content: String,
}

fn chunk(n: usize) -> Chunk {
    Chunk {
        id: "chatcmpl-9f2c7a".into(),
        object: "chat.completion.chunk".into(),
        created: 1_764_000_000 + n as i64,
        model: "model-large-2026".into(),
        choices: vec![Choice {
            index: 0,
            delta: Delta {
                content: format!("token {n} "),
            },
            finish_reason: None,
        }],
    }
}

const EVENTS: usize = 200_000;
const ROUNDS: usize = 5;

fn main() {
    if cfg!(debug_assertions) {
        eprintln!("warning: a debug build; the figures mean little without --release");
    }
    let payloads: Vec<String> = (0..EVENTS)
        .map(|n| serde_json::to_string(&chunk(n)).expect("encodes"))
        .collect();
    let sse: String = payloads.iter().map(|p| format!("data: {p}\n\n")).collect();
    let lines: String = payloads.iter().map(|p| format!("{p}\n")).collect();
    let json_bytes: usize = payloads.iter().map(String::len).sum();

    println!(
        "| decoding {EVENTS} chat chunks ({} MB of JSON) | median of {ROUNDS} | events/s | MB/s of input |",
        mb(json_bytes)
    );
    println!("|---|---|---|---|");
    let plain = median(|| {
        for payload in &payloads {
            let _: Chunk = serde_json::from_str(payload).expect("decodes");
        }
    });
    row("plain JSON, one `from_str` per payload", plain, json_bytes);
    for (name, framing, text) in [
        ("SSE framing + JSON, 16 KiB chunks", Framing::Sse, &sse),
        (
            "JSON Lines framing + JSON, 16 KiB chunks",
            Framing::Lines,
            &lines,
        ),
    ] {
        let took = median(|| decode_all(framing, text.as_bytes(), 16 * 1024));
        row(name, took, text.len());
    }
    let took = median(|| decode_all(Framing::Sse, sse.as_bytes(), 1));
    row(
        "SSE framing + JSON, 1-byte chunks (worst case)",
        took,
        sse.len(),
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(round_trip());
    runtime.block_on(upload());
}

/// Frames and decodes every event of `text`, fed in chunks of `size` bytes.
fn decode_all(framing: Framing, text: &[u8], size: usize) {
    let mut decoder = Decoder::new(framing, 1 << 20);
    let mut ready = VecDeque::new();
    let mut count = 0;
    for piece in text.chunks(size) {
        decoder.push(piece, &mut ready).expect("frames");
        while let Some(event) = ready.pop_front() {
            let _: Chunk = json_data(None, &event.data).expect("decodes");
            count += 1;
        }
    }
    decoder.finish(&mut ready).expect("complete");
    assert_eq!(count + ready.len(), EVENTS);
}

/// Streams events from the runtime's server to its client over loopback, reporting the
/// process's resident memory before, during and after.
async fn round_trip() {
    const STREAMED: usize = 100_000;
    let app = axum::Router::new().route(
        "/events",
        axum::routing::get(|| async {
            let events = futures::stream::iter((0..STREAMED).map(|n| Event::new(chunk(n))));
            sse_response(
                axum::http::StatusCode::OK,
                oasgen_runtime::server::Events::new(events),
                json_text,
                Some("[DONE]"),
            )
        }),
    );
    let client = client_of(app).await;
    let before = resident_kib();
    let started = Instant::now();
    let events = client
        .request("events", reqwest::Method::GET, "/events")
        .events(
            "text/event-stream",
            Framing::Sse,
            Some("[DONE]"),
            json_data::<Chunk>,
            |response| response.unexpected::<_, ()>(),
        )
        .await
        .expect("a stream");
    let mut events = std::pin::pin!(events);
    let mut count = 0;
    let mut peak_during = 0;
    while let Some(event) = events.next().await {
        event.expect("an event");
        count += 1;
        if count % 10_000 == 0 {
            peak_during = peak_during.max(resident_kib());
        }
    }
    let took = started.elapsed();
    assert_eq!(count, STREAMED);
    println!();
    println!("| loopback round trip, {STREAMED} SSE events (runtime server → runtime client) | |");
    println!("|---|---|");
    println!(
        "| events/s (both ends in this process, 2 worker threads) | {:.0} |",
        count as f64 / took.as_secs_f64()
    );
    println!("| resident memory before | {before} KiB |");
    println!("| largest resident memory sampled every 10 000 events | {peak_during} KiB |");
    println!(
        "| growth while streaming | {} KiB |",
        peak_during.saturating_sub(before)
    );
}

/// Sends a JSON Lines body from a stream (the runtime client's `LinesBody::stream`) to a
/// runtime server reading it as `Lines` over loopback, reporting resident memory as it goes.
async fn upload() {
    const UPLOADED: usize = 100_000;
    static PEAK: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let app = axum::Router::new().route(
        "/lines",
        axum::routing::post(|request: axum::extract::Request| async move {
            let mut lines =
                oasgen_runtime::server::lines::Lines::<Chunk>::new(request.into_body(), 1 << 20);
            let mut count = 0_usize;
            while let Some(line) = lines.next().await {
                line.expect("a line");
                count += 1;
                if count.is_multiple_of(10_000) {
                    PEAK.fetch_max(resident_kib(), std::sync::atomic::Ordering::Relaxed);
                }
            }
            count.to_string()
        }),
    );
    let client = client_of(app).await;
    let before = resident_kib();
    let started = Instant::now();
    let items = futures::stream::iter((0..UPLOADED).map(chunk));
    let answer = client
        .request("upload", reqwest::Method::POST, "/lines")
        .json_lines(
            "application/x-ndjson",
            oasgen_runtime::client::LinesBody::stream(items),
        )
        .exchange(|response| match response.status() {
            200 => response.text::<()>(),
            _ => response.unexpected::<_, ()>(),
        })
        .await
        .expect("taken");
    let took = started.elapsed();
    assert_eq!(answer, UPLOADED.to_string());
    let peak = PEAK.load(std::sync::atomic::Ordering::Relaxed);
    println!();
    println!("| loopback upload, {UPLOADED} JSON Lines items (`LinesBody::stream` → `Lines`) | |");
    println!("|---|---|");
    println!(
        "| items/s (both ends in this process, 2 worker threads) | {:.0} |",
        UPLOADED as f64 / took.as_secs_f64()
    );
    println!("| resident memory before | {before} KiB |");
    println!("| largest resident memory sampled every 10 000 items | {peak} KiB |");
    println!(
        "| growth while uploading | {} KiB |",
        peak.saturating_sub(before)
    );
}

/// Serves `app` on a loopback port; a runtime client of it.
async fn client_of(app: axum::Router) -> oasgen_runtime::client::Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let address = listener.local_addr().expect("bound");
    tokio::spawn(async move { axum::serve(listener, app).await });
    oasgen_runtime::client::Client::new(format!("http://{address}"))
}

fn median(mut run: impl FnMut()) -> Duration {
    run();
    let mut times: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed()
        })
        .collect();
    times.sort();
    times[ROUNDS / 2]
}

fn row(name: &str, took: Duration, bytes: usize) {
    let seconds = took.as_secs_f64();
    println!(
        "| {name} | {:.1} ms | {:.2} M | {:.0} |",
        seconds * 1e3,
        EVENTS as f64 / seconds / 1e6,
        bytes as f64 / seconds / 1e6
    );
}

fn mb(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / 1e6)
}

/// `VmRSS` of this process, in KiB (0 where `/proc` is not there).
fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmRSS:"))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
