//! Credentials from `securitySchemes`: each builder method puts its credential where the
//! scheme says, on every request, and none of them shows in `Debug`.

mod support;

use std::collections::BTreeMap;
use std::sync::Arc;

use oasgen_tests::fixtures::security::client::Client;
use oasgen_tests::fixtures::security::operations::whoami;
use oasgen_tests::fixtures::security::server::{self, RequestContext, SecurityFixture};

/// Echoes the credentials it received.
struct Echo;

impl SecurityFixture for Echo {
    async fn whoami(&self, context: RequestContext, _: whoami::Request) -> whoami::Response {
        let mut seen = BTreeMap::new();
        for name in ["x-api-key", "authorization", "cookie"] {
            if let Some(value) = context.headers.get(name).and_then(|v| v.to_str().ok()) {
                seen.insert(name.to_string(), value.to_string());
            }
        }
        seen.insert(
            "query".to_string(),
            context.uri.query().unwrap_or("").to_string(),
        );
        whoami::Response::Ok(seen)
    }
}

async fn serve() -> String {
    support::serve(server::router(Arc::new(Echo))).await
}

#[tokio::test]
async fn each_scheme_puts_its_credential_where_the_spec_says() {
    let base_url = serve().await;
    let client = Client::builder(&base_url)
        .header_key("k-123")
        .and_then(|b| b.query_key("q 456"))
        .and_then(|b| b.cookie_key("c789"))
        .and_then(|b| b.basic("ada", "pa:ss"))
        .expect("valid credentials")
        .build()
        .expect("client builds");
    let seen = client.whoami().await.expect("200");
    assert_eq!(seen["x-api-key"], "k-123");
    assert_eq!(seen["query"], "api_key=q+456");
    assert_eq!(seen["cookie"], "session=c789");
    assert_eq!(seen["authorization"], "Basic YWRhOnBhOnNz");
    let debug = format!("{client:?}");
    for secret in ["k-123", "q 456", "q+456", "c789", "ada", "pa:ss"] {
        assert!(!debug.contains(secret), "{secret} leaked into {debug}");
    }

    let bearer = Client::builder(&base_url)
        .bearer("t0k3n")
        .expect("valid")
        .build()
        .expect("builds");
    assert_eq!(
        bearer.whoami().await.expect("200")["authorization"],
        "Bearer t0k3n"
    );
    let oauth = Client::builder(&base_url)
        .oauth("t1")
        .expect("valid")
        .timeout2("t2")
        .expect("valid")
        .build()
        .expect("builds");
    assert_eq!(
        oauth.whoami().await.expect("200")["authorization"],
        "Bearer t2",
        "the last credential set wins"
    );
    assert!(!format!("{oauth:?}").contains("t2"));
}

#[test]
fn cookie_keys_with_separators_are_refused() {
    assert!(
        Client::builder("http://127.0.0.1:9")
            .cookie_key("a; b=c")
            .is_err()
    );
}

#[tokio::test]
async fn credentials_stay_out_of_transport_errors() {
    // Nothing listens on this port (it was just released), so the request fails in transport.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("address")
        .port();
    let client = Client::builder(format!("http://127.0.0.1:{port}"))
        .query_key("query-secret")
        .and_then(|b| b.header_key("header-secret"))
        .expect("valid")
        .build()
        .expect("builds");
    let error = client.whoami().await.expect_err("nothing listens");
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("whoami"), "{shown}");
    assert!(
        !shown.contains("query-secret") && !shown.contains("header-secret"),
        "{shown}"
    );
}
