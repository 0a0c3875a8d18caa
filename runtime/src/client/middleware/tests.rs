//! A reqwest-middleware chain over loopback: it sees each attempt's request (retries
//! included) and what it adds reaches the server; its own failure ends the call unretried.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use reqwest_middleware::{ClientBuilder as ChainBuilder, Middleware, Next};

use super::super::retry::tests::{answer, decode_id, faulty_server, guarded, header, quick};
use super::super::{Client, Error};

/// Signs each request it sees with its count (`x-signature: 1`, `2`, …).
struct Signer {
    seen: Arc<AtomicU32>,
}

#[async_trait::async_trait]
impl Middleware for Signer {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let count = self.seen.fetch_add(1, Ordering::SeqCst) + 1;
        let value = http::HeaderValue::from(count);
        request.headers_mut().insert("x-signature", value);
        next.run(request, extensions).await
    }
}

/// Refuses every request without sending it.
struct Refuser;

#[derive(Debug, thiserror::Error)]
#[error("no credentials at hand")]
struct NoCredentials;

#[async_trait::async_trait]
impl Middleware for Refuser {
    async fn handle(
        &self,
        _request: reqwest::Request,
        _extensions: &mut http::Extensions,
        _next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        Err(reqwest_middleware::Error::middleware(NoCredentials))
    }
}

#[tokio::test]
async fn the_middleware_sees_every_attempt_and_its_header_arrives() {
    let (base_url, seen) = faulty_server(Arc::new(|n| match n {
        0 => answer(503, &[], "{}"),
        _ => answer(200, &[], r#"{"id": 4}"#),
    }))
    .await;
    let count = Arc::new(AtomicU32::new(0));
    let chain = ChainBuilder::new(reqwest::Client::new())
        .with(Signer {
            seen: count.clone(),
        })
        .build();
    let client = Client::builder(&base_url)
        .http_client(chain)
        .header("x-team", "billing")
        .expect("a valid header")
        .retry(quick(3))
        .build()
        .expect("builds");
    let value = guarded(
        client
            .request("get_bill", reqwest::Method::GET, "/bills/4")
            .exchange(decode_id),
    )
    .await
    .expect("the second attempt succeeds");
    assert_eq!(value["id"], 4);
    assert_eq!(count.load(Ordering::SeqCst), 2, "one pass per attempt");
    let seen = seen.lock().unwrap();
    let signatures: Vec<_> = seen
        .iter()
        .map(|request| header(request, "x-signature"))
        .collect();
    assert_eq!(signatures, [Some("1".to_string()), Some("2".to_string())]);
    // The client's own headers are set before the chain runs.
    assert!(
        seen.iter()
            .all(|request| header(request, "x-team").as_deref() == Some("billing"))
    );
    assert_eq!(seen[1].head.uri.path(), "/bills/4");
}

#[tokio::test]
async fn a_middlewares_own_failure_is_returned_unretried() {
    let (base_url, seen) = faulty_server(Arc::new(|_| answer(200, &[], "{}"))).await;
    let chain = ChainBuilder::new(reqwest::Client::new())
        .with(Refuser)
        .build();
    let client = Client::builder(&base_url)
        .http_client(chain)
        .retry(quick(3))
        .build()
        .expect("builds");
    let error = guarded(
        client
            .request("get_bill", reqwest::Method::GET, "/bills/4")
            .exchange(decode_id),
    )
    .await
    .expect_err("refused");
    assert!(
        matches!(
            error,
            Error::Middleware {
                operation: "get_bill",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("no credentials at hand"),
        "{error}"
    );
    assert!(seen.lock().unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_transport_failure_through_the_chain_is_retried_as_one() {
    // A port nothing listens on: every attempt fails to connect, reqwest's error passed on by
    // the chain, which the policy reads as a connection failure.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let address = listener.local_addr().expect("bound");
    drop(listener);
    let count = Arc::new(AtomicU32::new(0));
    let chain = ChainBuilder::new(reqwest::Client::new())
        .with(Signer {
            seen: count.clone(),
        })
        .build();
    let client = Client::builder(format!("http://{address}"))
        .http_client(chain)
        .retry(quick(3))
        .build()
        .expect("builds");
    let error = guarded(
        client
            .request("get_bill", reqwest::Method::GET, "/bills/4")
            .exchange(decode_id),
    )
    .await
    .expect_err("nothing listens");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(
        count.load(Ordering::SeqCst),
        3,
        "every attempt went through"
    );
}
