//! The client: what its builder refuses, what `Debug` and errors never show, and one request
//! through `RequestBuilder`/`exchange` as a loopback server sees it.

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::request::path_segment;
use super::{BuildError, Client, Error, Failure};

/// A request the loopback server answered: its head and its whole body.
pub(super) struct Seen {
    pub(super) head: http::request::Parts,
    pub(super) body: bytes::Bytes,
}

/// Serves on a loopback port, answering each request with `answer(head)` and recording it;
/// returns the base URL and the requests seen so far.
pub(super) async fn loopback(
    answer: fn(&http::request::Parts) -> axum::response::Response,
) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let recorder = seen.clone();
    let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
        let recorder = recorder.clone();
        async move {
            let (head, body) = request.into_parts();
            let body = axum::body::to_bytes(body, usize::MAX)
                .await
                .expect("the body arrives");
            let response = answer(&head);
            recorder.lock().unwrap().push(Seen { head, body });
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

/// A JSON answer.
fn json_answer(status: u16, body: &str) -> axum::response::Response {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .header("x-total", "12")
        .body(axum::body::Body::from(body.to_string()))
        .expect("a valid response")
}

#[test]
fn header_values_with_cr_or_lf_are_refused() {
    for value in ["a\r\nx-injected: 1", "a\nb", "a\rb"] {
        let builder = Client::builder("http://api.test");
        let error = builder.header("x-note", value).expect_err("CR/LF refused");
        assert!(matches!(error, BuildError::InvalidHeader(ref name) if name == "x-note"));
        assert!(!error.to_string().contains(value), "the value is not shown");
        let builder = Client::builder("http://api.test");
        assert!(builder.secret_header("x-api-key", value).is_err());
        let builder = Client::builder("http://api.test");
        assert!(builder.bearer_token(value).is_err());
    }
    assert!(
        Client::builder("http://api.test")
            .header("bad name", "v")
            .is_err()
    );
    assert!(
        Client::builder("http://api.test")
            .header("x-note", "fine")
            .is_ok()
    );
}

#[test]
fn bad_cookie_names_and_values_are_refused() {
    for name in ["a=b", "a;b", "a,b", "a\rb", "a\nb", "", "a b", "a\"b"] {
        let builder = Client::builder("http://api.test");
        assert!(builder.secret_cookie(name, "v").is_err(), "name {name:?}");
    }
    for value in ["a;b", "a,b", "a\r\nb"] {
        let builder = Client::builder("http://api.test");
        assert!(
            builder.secret_cookie("session", value).is_err(),
            "value {value:?}"
        );
    }
    let builder = Client::builder("http://api.test");
    assert!(builder.secret_cookie("__Host-session_1", "abc=").is_ok());
}

/// A builder holding one credential of each kind; each secret is a word no name contains.
fn builder_with_secrets() -> super::ClientBuilder {
    Client::builder("http://api.test")
        .secret_header("x-api-key", "header-secret")
        .and_then(|builder| builder.bearer_token("bearer-secret"))
        .and_then(|builder| builder.secret_cookie("session", "cookie-secret"))
        .expect("valid credentials")
        .secret_query("api_key", "query-secret")
        .basic_auth("alice", "password-secret")
}

fn assert_no_secret(debug: &str) {
    for secret in [
        "header-secret",
        "bearer-secret",
        "cookie-secret",
        "query-secret",
        "password-secret",
    ] {
        assert!(!debug.contains(secret), "{secret} shown in {debug}");
    }
    // Names are shown: the output is still useful (and the test is not passing on an empty
    // `Debug`).
    for name in [
        "x-api-key",
        "authorization",
        "session",
        "api_key",
        "basic auth",
    ] {
        assert!(debug.contains(name), "{name} missing from {debug}");
    }
}

#[test]
fn debug_of_the_builder_never_shows_a_secret() {
    assert_no_secret(&format!("{:?}", builder_with_secrets()));
}

#[test]
fn debug_of_the_client_never_shows_a_secret() {
    let client = builder_with_secrets().build().expect("builds");
    assert_no_secret(&format!("{client:?}"));
    assert_no_secret(&format!("{client:#?}"));
}

#[test]
fn the_base_url_loses_its_trailing_slashes() {
    assert_eq!(
        Client::new("http://api.test/v1//").base_url(),
        "http://api.test/v1"
    );
    let client = Client::builder("http://api.test/").build().expect("builds");
    assert_eq!(client.base_url(), "http://api.test");
}

#[test]
fn error_display_names_the_operation_and_the_status() {
    let status: Error<&str> = Error::Status {
        operation: "get_bill",
        status: http::StatusCode::NOT_FOUND,
        response: "no such bill",
        head: Box::default(),
    };
    let text = status.to_string();
    assert!(text.contains("get_bill") && text.contains("404"), "{text}");
    assert!(text.contains("no such bill"), "{text}");
    assert_eq!(status.operation(), "get_bill");
    assert_eq!(status.status(), Some(http::StatusCode::NOT_FOUND));
    assert_eq!(status.response(), Some(&"no such bill"));

    let unexpected: Error<()> = Error::UnexpectedStatus {
        operation: "list_bills",
        status: http::StatusCode::BAD_GATEWAY,
        body: "upstream down".into(),
        head: Box::default(),
    };
    let text = unexpected.to_string();
    assert!(
        text.contains("list_bills") && text.contains("502"),
        "{text}"
    );
    assert!(text.contains("upstream down"), "{text}");
    assert_eq!(unexpected.response(), None);

    let decode: Error<()> = Error::Decode {
        operation: "get_bill",
        status: http::StatusCode::OK,
        message: "missing field `id`".into(),
        body: "{}".into(),
        head: Box::default(),
    };
    let text = decode.to_string();
    assert!(text.contains("get_bill") && text.contains("200"), "{text}");
    assert!(text.contains("missing field `id`"), "{text}");

    let invalid: Error<()> = Error::InvalidRequest {
        operation: "get_bill",
        message: "bad path".into(),
    };
    assert!(invalid.to_string().contains("get_bill"));
    assert_eq!(invalid.status(), None);
}

#[test]
fn path_segments_that_urls_cannot_carry_are_refused() {
    for value in ["", ".", ".."] {
        assert!(path_segment(value).is_err(), "{value:?}");
    }
    // An absent value would leave an empty segment too.
    assert!(path_segment(&None::<String>).is_err());
    assert_eq!(path_segment("...").as_deref(), Ok("..."));
    assert_eq!(path_segment(".hidden").as_deref(), Ok(".hidden"));
    assert_eq!(path_segment("../admin").as_deref(), Ok("..%2Fadmin"));
    assert_eq!(path_segment(&[1, 2]).as_deref(), Ok("1%2C2"));
}

#[tokio::test]
async fn a_refused_path_parameter_fails_the_request_before_it_is_sent() {
    // Nothing listens at this address: the request must fail before any connection.
    let client = Client::new("http://127.0.0.1:9");
    let result = client
        .request("get_bill", reqwest::Method::GET, "/bills/{billId}")
        .path("billId", "..")
        .send()
        .await;
    match result {
        Err(Failure::InvalidRequest { operation, message }) => {
            assert_eq!(operation, "get_bill");
            assert!(message.contains("billId"), "{message}");
        }
        Err(other) => panic!("expected an invalid request, got {other:?}"),
        Ok(_) => panic!("expected an invalid request, got a response"),
    }
}

#[derive(Debug, PartialEq, Deserialize)]
struct Bill {
    id: i64,
}

#[derive(Serialize)]
struct Filter {
    state: &'static str,
}

#[tokio::test]
async fn a_request_arrives_as_the_builder_described_it() {
    let (base_url, seen) = loopback(|_| json_answer(200, r#"{"id": 7.0}"#)).await;
    let client = Client::builder(format!("{base_url}/v1/"))
        .secret_header("x-api-key", "key-secret")
        .and_then(|builder| builder.secret_cookie("session", "cookie-secret"))
        .expect("valid credentials")
        .secret_query("api_key", "query-secret")
        .basic_auth("alice", "open sesame")
        .build()
        .expect("builds");
    let result: Result<(Bill, Option<u32>), Error<()>> = client
        .request(
            "update_bill",
            reqwest::Method::PUT,
            "/bills/{billId}/lines/{line}",
        )
        .path("billId", "a/b c")
        .path("line", &3)
        .query("limit", &Some(10))
        .query("cursor", &None::<String>)
        .query_list("tag", Some(&["x", "y"][..]), false, "|")
        .query_list("id", Some(&[1, 2][..]), true, ",")
        .query_object("filter", &Filter { state: "paid" }, true, false)
        .header("x-request-id", &"r-1")
        .header("x-absent", &None::<String>)
        .cookie("theme", &"dark")
        .json("application/merge-patch+json", &json!({"amount": 3}))
        .exchange(|response| match response.status() {
            200 => Ok((response.json()?, response.header("x-total")?)),
            _ => response.unexpected(),
        })
        .await;
    // `7.0` decodes as the integer it is; the declared header is read typed.
    assert_eq!(result.expect("decodes"), (Bill { id: 7 }, Some(12)));

    let seen = seen.lock().unwrap();
    let Seen { head, body } = &seen[0];
    assert_eq!(head.method, http::Method::PUT);
    assert_eq!(head.uri.path(), "/v1/bills/a%2Fb%20c/lines/3");
    let query: Vec<(String, String)> =
        serde_urlencoded::from_str(head.uri.query().unwrap_or("")).expect("a query");
    let expected = [
        ("api_key", "query-secret"),
        ("limit", "10"),
        ("tag", "x|y"),
        ("id", "1"),
        ("id", "2"),
        ("filter[state]", "paid"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    assert_eq!(query, expected);
    let header = |name: &str| head.headers.get(name).and_then(|value| value.to_str().ok());
    assert_eq!(header("x-api-key"), Some("key-secret"));
    assert_eq!(
        header("authorization"),
        Some("Basic YWxpY2U6b3BlbiBzZXNhbWU=")
    );
    assert_eq!(header("x-request-id"), Some("r-1"));
    assert_eq!(header("x-absent"), None);
    assert_eq!(header("cookie"), Some("session=cookie-secret; theme=dark"));
    assert_eq!(header("content-type"), Some("application/merge-patch+json"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(body).ok(),
        Some(json!({"amount": 3}))
    );
}

#[derive(Debug, PartialEq, Deserialize)]
struct Problem {
    message: String,
}

#[derive(Debug, PartialEq)]
enum GetBillError {
    NotFound(Problem),
}

fn answer_by_path(head: &http::request::Parts) -> axum::response::Response {
    match head.uri.path() {
        "/missing" => json_answer(404, r#"{"message": "gone"}"#),
        "/broken" => json_answer(200, "not json"),
        _ => json_answer(500, "boom"),
    }
}

async fn get_bill(client: &Client, path: &'static str) -> Result<Bill, Error<GetBillError>> {
    client
        .request("get_bill", reqwest::Method::GET, path)
        .exchange(|response| match response.status() {
            200 => response.json(),
            404 => response.json_error(GetBillError::NotFound),
            _ => response.unexpected(),
        })
        .await
}

#[tokio::test]
async fn responses_decode_into_the_error_they_are() {
    let (base_url, _) = loopback(answer_by_path).await;
    let client = Client::new(base_url);

    let documented = get_bill(&client, "/missing").await.expect_err("404");
    assert_eq!(
        documented.response(),
        Some(&GetBillError::NotFound(Problem {
            message: "gone".into()
        }))
    );
    assert_eq!(documented.status(), Some(http::StatusCode::NOT_FOUND));

    let undecodable = get_bill(&client, "/broken").await.expect_err("not JSON");
    assert!(
        matches!(&undecodable, Error::Decode { body, .. } if body == "not json"),
        "{undecodable:?}"
    );

    let undocumented = get_bill(&client, "/elsewhere").await.expect_err("500");
    assert!(
        matches!(&undocumented, Error::UnexpectedStatus { status, body, .. }
            if status.as_u16() == 500 && body == "boom"),
        "{undocumented:?}"
    );
}

#[tokio::test]
async fn a_transport_error_does_not_show_a_query_credential() {
    // A port that was just free: the connection is refused.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let address = listener.local_addr().expect("bound");
    drop(listener);
    let client = Client::builder(format!("http://{address}"))
        .secret_query("api_key", "query-secret")
        .build()
        .expect("builds");
    let request = || client.request("get_bill", reqwest::Method::GET, "/bills");

    // What reqwest reports names the URL, credential included…
    match request().send().await {
        Err(Failure::Transport { source, .. }) => {
            let url = source.url().map(|url| url.to_string()).unwrap_or_default();
            assert!(url.contains("query-secret"), "reqwest keeps the URL: {url}");
        }
        Err(other) => panic!("expected a transport failure, got {other:?}"),
        Ok(_) => panic!("expected a transport failure, got a response"),
    }
    // …and the operation's error leaves it out.
    let error = request()
        .exchange::<(), ()>(|response| response.unexpected())
        .await
        .expect_err("refused");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(!error.to_string().contains("query-secret"), "{error}");
    assert!(!format!("{error:?}").contains("query-secret"), "{error:?}");
}

/// A loopback server that accepts connections and never answers, so only
/// the client's deadline can end a request.
async fn silent_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let address = listener.local_addr().expect("bound");
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn the_deadline_holds_with_a_callers_own_http_client() {
    let base_url = silent_server().await;
    for own_http in [false, true] {
        let mut builder = Client::builder(&base_url).timeout(std::time::Duration::from_millis(200));
        if own_http {
            // A client of the caller's, with no timeout of its own: without the
            // deadline this request would wait for ever.
            builder = builder.http_client(reqwest::Client::new());
        }
        let client = builder.build().expect("builds");
        let request = client
            .request("slow", reqwest::Method::GET, "/slow")
            .exchange(|response| response.json::<serde_json::Value, ()>());
        // The guard is far beyond the deadline and far short of the built-in
        // read timeout (60 s), so only the deadline can end the request in time;
        // no bound on elapsed time, which a loaded machine could break.
        let result = tokio::time::timeout(std::time::Duration::from_secs(20), request)
            .await
            .unwrap_or_else(|_| {
                panic!("own client {own_http}: the deadline did not end the request")
            });
        match result {
            Err(Error::Transport { source, .. }) => assert!(source.is_timeout(), "{source}"),
            other => panic!("own client {own_http}: expected a timeout, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn the_user_agent_is_sent_and_can_be_replaced() {
    let (base_url, seen) = loopback(|_| json_answer(200, "{}")).await;
    let agent = |client: &Client| client.request("ua", reqwest::Method::GET, "/ua");
    let named = Client::builder(&base_url)
        .default_user_agent("billing-api/1.2.0 oasgen/0.1.0")
        .build()
        .expect("builds");
    let replaced = Client::builder(&base_url)
        .default_user_agent("billing-api/1.2.0 oasgen/0.1.0")
        .header("user-agent", "my-app/3")
        .and_then(|builder| builder.build())
        .expect("builds");
    let plain = Client::new(&base_url).with_user_agent("billing-api/1.2.0 oasgen/0.1.0");
    for client in [&named, &replaced, &plain] {
        let _: Result<serde_json::Value, Error<()>> =
            agent(client).exchange(|response| response.json()).await;
    }
    let seen = seen.lock().unwrap();
    let agents: Vec<&str> = seen
        .iter()
        .map(|request| request.head.headers["user-agent"].to_str().unwrap_or(""))
        .collect();
    assert_eq!(
        agents,
        [
            "billing-api/1.2.0 oasgen/0.1.0",
            "my-app/3",
            "billing-api/1.2.0 oasgen/0.1.0"
        ]
    );
}

#[tokio::test]
async fn a_view_adds_its_options_and_leaves_the_client_as_it_was() {
    let (base_url, seen) = loopback(|_| json_answer(200, "{}")).await;
    let client = Client::builder(&base_url)
        .header("x-org", "client-wide")
        .and_then(|builder| builder.build())
        .expect("builds");
    let options = super::RequestOptions::new()
        .header("x-org", "this-call")
        .and_then(|options| options.idempotency_key("key-1"))
        .expect("valid options");
    let view = client.with(options);
    for client in [&view, &client] {
        let _: Result<serde_json::Value, Error<()>> = client
            .request("org", reqwest::Method::POST, "/org")
            .exchange(|response| response.json())
            .await;
    }
    let seen = seen.lock().unwrap();
    let header = |index: usize, name: &str| {
        seen[index]
            .head
            .headers
            .get(name)
            .map(|value| value.to_str().unwrap_or("").to_string())
    };
    assert_eq!(header(0, "x-org").as_deref(), Some("this-call"));
    assert_eq!(header(0, "idempotency-key").as_deref(), Some("key-1"));
    assert_eq!(header(1, "x-org").as_deref(), Some("client-wide"));
    assert_eq!(header(1, "idempotency-key"), None);
}

#[test]
fn options_refuse_bad_headers_and_hide_values() {
    assert!(
        super::RequestOptions::new()
            .header("x-a", "1\r\n2")
            .is_err()
    );
    let options = super::RequestOptions::new()
        .header("authorization", "Bearer secret")
        .expect("valid");
    assert!(!format!("{options:?}").contains("secret"));
}
