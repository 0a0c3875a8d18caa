//! Retries: the waits a policy chooses, `Retry-After` read both ways, and requests through a
//! loopback server that fails on purpose (busy answers, throttling, a connection cut mid-body)
//! before it answers. Policies here wait milliseconds; only one test waits the second a
//! `Retry-After: 1` asks for. Elapsed time is only ever bounded from below. The scripted
//! server and its helpers serve the middleware's and tracing's tests too.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use super::super::tests::Seen;
use super::super::{Client, Error, RequestOptions, Response};
use super::{RetryPolicy, retry_after};

/// A policy that retries quickly: `attempts` sends at most, waits of a few milliseconds.
pub(in super::super) fn quick(attempts: u32) -> RetryPolicy {
    RetryPolicy::new()
        .max_attempts(attempts)
        .initial_delay(Duration::from_millis(2))
        .max_delay(Duration::from_millis(20))
}

/// How the server answers its `n`th request (from 0).
pub(in super::super) type Script = Arc<dyn Fn(usize) -> axum::response::Response + Send + Sync>;

/// Serves on a loopback port, answering the `n`th request with `script(n)` and recording each;
/// returns the base URL and the requests seen so far.
pub(in super::super) async fn faulty_server(script: Script) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let recorder = seen.clone();
    let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
        let recorder = recorder.clone();
        let script = script.clone();
        async move {
            let (head, body) = request.into_parts();
            let body = axum::body::to_bytes(body, usize::MAX)
                .await
                .expect("the body arrives");
            let mut seen = recorder.lock().unwrap();
            let response = script(seen.len());
            seen.push(Seen { head, body });
            response
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let address = listener.local_addr().expect("bound");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{address}"), seen)
}

/// An answer of `status` with `headers` and a JSON body.
pub(in super::super) fn answer(
    status: u16,
    headers: &[(&str, &str)],
    body: &str,
) -> axum::response::Response {
    let mut response = http::Response::builder()
        .status(status)
        .header("content-type", "application/json");
    for (name, value) in headers {
        response = response.header(*name, *value);
    }
    response
        .body(axum::body::Body::from(body.to_string()))
        .expect("a valid response")
}

/// An answer whose body breaks off after its first bytes: the connection is cut mid-body.
fn cut_mid_body() -> axum::response::Response {
    let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = vec![
        Ok(bytes::Bytes::from_static(b"{\"id\": ")),
        Err(std::io::Error::other("cut")),
    ];
    http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(axum::body::Body::from_stream(futures::stream::iter(chunks)))
        .expect("a valid response")
}

/// The `{"id": n}` body the scripts succeed with, decoded.
pub(in super::super) fn decode_id(response: Response) -> Result<serde_json::Value, Error<()>> {
    match response.status() {
        200 => response.json(),
        _ => response.unexpected(),
    }
}

/// Runs `call` behind a generous guard, so a hang fails the test instead of stalling it.
pub(in super::super) async fn guarded<T>(call: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), call)
        .await
        .expect("the call ends")
}

pub(in super::super) fn header(seen: &Seen, name: &str) -> Option<String> {
    let value = seen.head.headers.get(name)?;
    value.to_str().ok().map(str::to_string)
}

#[test]
fn backoff_waits_stay_inside_their_window_and_retry_after_is_capped() {
    let policy = RetryPolicy::new()
        .initial_delay(Duration::from_millis(100))
        .max_delay(Duration::from_millis(300));
    let windows = [100, 200, 300, 300];
    let mut spread = std::collections::BTreeSet::new();
    for (retry, window) in windows.into_iter().enumerate() {
        for _ in 0..50 {
            let wait = policy.delay(retry as u32, None);
            assert!(
                wait <= Duration::from_millis(window),
                "{wait:?} > {window} ms"
            );
            spread.insert(wait);
        }
    }
    // Jitter: the waits are not all one value.
    assert!(spread.len() > 10, "{spread:?}");
    assert_eq!(
        policy.delay(0, Some(Duration::from_secs(2))),
        Duration::from_millis(300)
    );
    assert_eq!(
        policy.delay(0, Some(Duration::from_millis(50))),
        Duration::from_millis(50)
    );
}

#[test]
fn retry_after_reads_seconds_and_http_dates() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let read = |value: &str| {
        let mut headers = http::HeaderMap::new();
        headers.insert("retry-after", value.parse().expect("header text"));
        retry_after(&headers, now)
    };
    assert_eq!(read("7"), Some(Duration::from_secs(7)));
    let later = httpdate::fmt_http_date(now + Duration::from_secs(90));
    assert_eq!(read(&later), Some(Duration::from_secs(90)));
    let earlier = httpdate::fmt_http_date(now - Duration::from_secs(90));
    assert_eq!(read(&earlier), Some(Duration::ZERO));
    assert_eq!(read("soon"), None);
    assert_eq!(read("-3"), None);
    assert_eq!(retry_after(&http::HeaderMap::new(), now), None);
}

#[test]
fn the_off_switch_sends_once() {
    assert!(!RetryPolicy::none().retries());
    assert!(RetryPolicy::default().retries());
    assert!(!RetryPolicy::new().max_attempts(0).retries());
}

#[tokio::test]
async fn a_busy_server_is_asked_again_after_the_wait_it_names() {
    // Busy three times (the first asking for a second's wait, the others for none), then an
    // answer.
    let (base_url, seen) = faulty_server(Arc::new(|n| match n {
        0 => answer(503, &[("retry-after", "1")], "{}"),
        1 | 2 => answer(503, &[("retry-after", "0")], "{}"),
        _ => answer(200, &[], r#"{"id": 4}"#),
    }))
    .await;
    let client = Client::builder(&base_url)
        .retry(quick(4).max_delay(Duration::from_secs(5)))
        .build()
        .expect("builds");
    let started = Instant::now();
    let value = guarded(
        client
            .request("get_bill", reqwest::Method::GET, "/bills/4")
            .exchange(decode_id),
    )
    .await
    .expect("the fourth attempt succeeds");
    assert_eq!(value["id"], 4);
    assert_eq!(seen.lock().unwrap().len(), 4);
    // The only bound on time: at least the second the server asked for.
    assert!(started.elapsed() >= Duration::from_secs(1));
}

#[tokio::test]
async fn retries_stop_at_the_policys_attempt_count() {
    let (base_url, seen) = faulty_server(Arc::new(|_| answer(502, &[], "down"))).await;
    let client = Client::builder(&base_url)
        .retry(quick(3))
        .build()
        .expect("builds");
    let error = guarded(
        client
            .request("get_bill", reqwest::Method::GET, "/bills/1")
            .exchange(decode_id),
    )
    .await
    .expect_err("always down");
    assert_eq!(error.status(), Some(http::StatusCode::BAD_GATEWAY));
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn a_post_without_a_key_is_sent_once() {
    let (base_url, seen) = faulty_server(Arc::new(|_| answer(503, &[], "{}"))).await;
    let client = Client::builder(&base_url)
        .retry(quick(4))
        .build()
        .expect("builds");
    let error = guarded(
        client
            .request("create_bill", reqwest::Method::POST, "/bills")
            .json("application/json", &serde_json::json!({"amount": 3}))
            .exchange(decode_id),
    )
    .await
    .expect_err("busy");
    assert_eq!(error.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_post_with_a_key_is_retried_with_that_key_and_the_same_body() {
    let script: Script = Arc::new(|n| match n % 3 {
        0 | 1 => answer(500, &[], "{}"),
        _ => answer(201, &[], r#"{"id": 9}"#),
    });
    let (base_url, seen) = faulty_server(script).await;
    let client = Client::builder(&base_url)
        .retry(quick(3))
        .build()
        .expect("builds");
    let create = |client: &Client, key: Option<&str>| {
        client
            .request("create_bill", reqwest::Method::POST, "/bills")
            .idempotency_key("idempotency-key", &key)
            .json("application/json", &serde_json::json!({"amount": 3}))
            .exchange(|response| match response.status() {
                201 => response.json::<serde_json::Value, ()>(),
                _ => response.unexpected(),
            })
    };
    // A key the caller gives, one the client makes up, one a view carries, one a view sets as
    // a plain header.
    let view = client.with(
        RequestOptions::new()
            .idempotency_key("view-key")
            .expect("valid"),
    );
    let plain = client.with(
        RequestOptions::new()
            .header("Idempotency-Key", "plain-key")
            .expect("valid"),
    );
    let cases = [
        (&client, Some("given-key")),
        (&client, None),
        (&view, None),
        (&plain, None),
    ];
    for (client, key) in cases {
        let value = guarded(create(client, key))
            .await
            .expect("the third attempt");
        assert_eq!(value["id"], 9);
    }
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 12);
    let keys: Vec<Option<String>> = seen
        .iter()
        .map(|request| header(request, "idempotency-key"))
        .collect();
    for attempts in keys.chunks(3) {
        assert!(attempts[0].is_some(), "{keys:?}");
        assert!(attempts.iter().all(|key| key == &attempts[0]), "{keys:?}");
    }
    assert_eq!(keys[0].as_deref(), Some("given-key"));
    assert_eq!(keys[6].as_deref(), Some("view-key"));
    assert_eq!(keys[9].as_deref(), Some("plain-key"));
    let made_up = keys[3].clone().unwrap_or_default();
    assert!(made_up != "given-key" && made_up != "view-key", "{made_up}");
    assert_eq!(made_up.len(), 36, "{made_up}");
    assert!(seen.iter().all(|request| request.body == seen[0].body));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&seen[0].body).ok(),
        Some(serde_json::json!({"amount": 3}))
    );
}

#[tokio::test]
async fn a_throttled_request_waits_for_its_http_date_capped_by_the_policy() {
    // An hour away: the policy's 20 ms cap is what the client waits.
    let script: Script = Arc::new(|n| match n {
        0 => {
            let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
            answer(429, &[("retry-after", &date)], "{}")
        }
        _ => answer(200, &[], r#"{"id": 2}"#),
    });
    let (base_url, seen) = faulty_server(script).await;
    let client = Client::builder(&base_url)
        .retry(quick(2))
        .build()
        .expect("builds");
    let value = guarded(
        client
            .request("get_bill", reqwest::Method::GET, "/bills/2")
            .exchange(decode_id),
    )
    .await
    .expect("the second attempt");
    assert_eq!(value["id"], 2);
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_connection_cut_mid_body_is_retried_only_when_the_request_may_repeat() {
    let script: Script = Arc::new(|n| match n {
        0 | 2 => cut_mid_body(),
        _ => answer(200, &[], r#"{"id": 5}"#),
    });
    let (base_url, seen) = faulty_server(script).await;
    let client = Client::builder(&base_url)
        .retry(quick(3))
        .build()
        .expect("builds");
    let value = guarded(
        client
            .request("get_bill", reqwest::Method::GET, "/bills/5")
            .exchange(decode_id),
    )
    .await
    .expect("the second attempt");
    assert_eq!(value["id"], 5);
    assert_eq!(seen.lock().unwrap().len(), 2);

    let error = guarded(
        client
            .request("create_bill", reqwest::Method::POST, "/bills")
            .exchange(decode_id),
    )
    .await
    .expect_err("cut, and a POST without a key is not repeated");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn a_view_can_turn_retries_off() {
    let (base_url, seen) = faulty_server(Arc::new(|_| answer(503, &[], "{}"))).await;
    let client = Client::builder(&base_url)
        .retry(quick(3))
        .build()
        .expect("builds");
    let once = client.with(RequestOptions::new().retry(RetryPolicy::none()));
    let result = guarded(
        once.request("get_bill", reqwest::Method::GET, "/bills/1")
            .exchange(decode_id),
    )
    .await;
    assert!(result.is_err());
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn every_post_gets_a_key_when_the_api_documents_one_outside_its_spec() {
    let (base_url, seen) = faulty_server(Arc::new(|_| answer(200, &[], "{}"))).await;
    let client = Client::new(&base_url).with_idempotency_header("x-idem", true);
    for method in [
        reqwest::Method::POST,
        reqwest::Method::PATCH,
        reqwest::Method::GET,
    ] {
        let _ = guarded(client.request("op", method, "/op").exchange(decode_id)).await;
    }
    let seen = seen.lock().unwrap();
    let keys: Vec<Option<String>> = seen
        .iter()
        .map(|request| header(request, "x-idem"))
        .collect();
    assert!(keys[0].is_some() && keys[1].is_some(), "{keys:?}");
    assert_ne!(keys[0], keys[1]);
    assert_eq!(keys[2], None);
}

#[tokio::test]
async fn the_request_hook_runs_anew_on_every_attempt() {
    let (base_url, seen) = faulty_server(Arc::new(|n| match n {
        0 | 1 => answer(503, &[], "{}"),
        _ => answer(200, &[], r#"{"id": 3}"#),
    }))
    .await;
    let signed = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = signed.clone();
    let hook = super::super::RequestHook::new(move |request: &mut reqwest::Request| {
        let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let signature = format!("sig-{n}").parse().expect("header text");
        // Appended, so a hook that saw its own earlier header would show two values.
        request.headers_mut().append("x-signature", signature);
    });
    let client = Client::builder(&base_url)
        .retry(quick(3))
        .on_request(hook)
        .build()
        .expect("builds");
    guarded(
        client
            .request("get_bill", reqwest::Method::GET, "/bills/3")
            .exchange(decode_id),
    )
    .await
    .expect("the third attempt");
    let seen = seen.lock().unwrap();
    let signatures: Vec<Vec<&str>> = seen
        .iter()
        .map(|request| {
            let values = request.head.headers.get_all("x-signature");
            values
                .iter()
                .filter_map(|value| value.to_str().ok())
                .collect()
        })
        .collect();
    assert_eq!(signatures, [["sig-0"], ["sig-1"], ["sig-2"]]);
}
