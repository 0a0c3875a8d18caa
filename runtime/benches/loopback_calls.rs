//! Calls per second through the client over loopback, with nothing to retry: what the client's
//! own layer (request building, sending with the retry loop, decoding) costs per call beside
//! HTTP itself. `cargo bench -p oasgen-runtime --bench loopback_calls`; prints one line per
//! mode: the median of several rounds, and their spread.
//!
//! It uses only what every version of the runtime has (`Client::new`, `request`, `exchange`),
//! so the same file measures an older checkout for comparison.

use std::time::{Duration, Instant};

use oasgen_runtime::client::Client;

/// Calls per round, rounds per mode, calls in flight for the concurrent mode.
const CALLS: usize = 4000;
const ROUNDS: usize = 7;
const IN_FLIGHT: usize = 16;

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Bill {
    id: i64,
    amount: f64,
    currency: String,
}

/// A loopback server answering every request with one small JSON bill.
async fn serve() -> String {
    let app = axum::Router::new().fallback(|| async {
        (
            [("content-type", "application/json")],
            r#"{"id": 7, "amount": 12.5, "currency": "EUR"}"#,
        )
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let address = listener.local_addr().expect("bound");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}")
}

/// One call: a GET with a path parameter and a query parameter, its JSON body decoded.
async fn call(client: &Client, id: usize) {
    let result = client
        .request("get_bill", reqwest::Method::GET, "/bills/{billId}")
        .path("billId", &id)
        .query("expand", &"lines")
        .exchange(|response| match response.status() {
            200 => response.json::<Bill, ()>(),
            _ => response.unexpected(),
        })
        .await;
    assert!(result.is_ok(), "the call succeeds");
}

/// Calls per second of one round, `in_flight` calls at a time.
async fn round(client: &Client, in_flight: usize) -> f64 {
    use futures::StreamExt;
    let started = Instant::now();
    futures::stream::iter(0..CALLS)
        .for_each_concurrent(in_flight, |id| call(client, id))
        .await;
    CALLS as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let client = Client::new(serve().await);
        for (mode, in_flight) in [("sequential", 1), ("concurrent", IN_FLIGHT)] {
            // Warm the connection pool and the caches.
            round(&client, in_flight).await;
            let mut rates: Vec<f64> = Vec::with_capacity(ROUNDS);
            for _ in 0..ROUNDS {
                rates.push(round(&client, in_flight).await);
            }
            rates.sort_by(f64::total_cmp);
            println!(
                "{mode:>10}: {:>8.0} calls/s (median of {ROUNDS} rounds of {CALLS}; min {:.0}, max {:.0})",
                rates[ROUNDS / 2],
                rates[0],
                rates[ROUNDS - 1],
            );
        }
    });
    // Keep the server task alive until the last round ends.
    std::thread::sleep(Duration::from_millis(10));
}
