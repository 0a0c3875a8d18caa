//! The generated Dolfin client calls the generated Dolfin router over loopback HTTP.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use dolfin_api::client::{Client, Error};
use dolfin_api::operations::create_auth_code::{self, ErrorResponse};
use dolfin_api::server::{self, DolfinApi, RequestContext, RouterOptions};
use dolfin_api::types::{CreateAuthCodeRequest, CreateAuthCodeResponse, Nullable, ProblemDetails};
use uuid::Uuid;

const MEMBER: Uuid = Uuid::from_u128(0x0192_4e5f_7a3b_7c2d_9e8f_1a2b_3c4d_5e6f);

/// An in-memory Dolfin: one user belongs to an organisation, everyone else does not.
#[derive(Default)]
struct MemoryDolfin {
    calls: AtomicUsize,
}

impl DolfinApi for MemoryDolfin {
    async fn create_auth_code(
        &self,
        context: RequestContext,
        request: create_auth_code::Request,
    ) -> create_auth_code::Response {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let organisation = context
            .headers
            .get("x-dolfin-organisation-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        match request.body.user_id {
            None => create_auth_code::Response::BadRequest(problem(
                400,
                "User.MissingUserId",
                organisation,
            )),
            Some(user) if user == MEMBER => {
                create_auth_code::Response::Created(CreateAuthCodeResponse {
                    code: format!("code-for-{user}"),
                    expires_at: Some("2026-11-27T12:00:00Z".parse().expect("valid time")),
                })
            }
            Some(_) => {
                create_auth_code::Response::NotFound(problem(404, "User.NotInClient", organisation))
            }
        }
    }
}

fn problem(status: i32, title: &str, instance: Option<String>) -> ProblemDetails {
    ProblemDetails {
        r#type: Nullable::Absent,
        title: Nullable::Value(title.to_string()),
        status: Nullable::Value(status),
        detail: Nullable::Absent,
        instance: instance.map_or(Nullable::Absent, Nullable::Value),
    }
}

async fn dolfin(options: RouterOptions) -> (Arc<MemoryDolfin>, Client) {
    let service = Arc::new(MemoryDolfin::default());
    let base_url = support::serve(server::router_with_options(service.clone(), options)).await;
    // The builder methods come from specs/dolfin.oasgen.toml: the spec declares no security.
    let client = Client::builder(base_url)
        .organisation_id("org-1")
        .and_then(|builder| builder.api_key("secret-key"))
        .expect("valid headers")
        .build()
        .expect("client builds");
    (service, client)
}

#[tokio::test]
async fn created_201_returns_the_typed_body() {
    let (_, client) = dolfin(RouterOptions::default()).await;
    let created = client
        .create_auth_code(&CreateAuthCodeRequest {
            user_id: Some(MEMBER),
        })
        .await
        .expect("201");
    assert_eq!(created.code, format!("code-for-{MEMBER}"));
    assert_eq!(
        created.expires_at.map(|t| t.to_rfc3339()),
        Some("2026-11-27T12:00:00+00:00".to_string())
    );
}

#[tokio::test]
async fn a_call_is_a_static_future_that_sends_only_when_polled() {
    let (service, client) = dolfin(RouterOptions::default()).await;
    // The future owns its encoded request: the body and the client go at the end of this
    // block, before it runs (this would not compile if it borrowed either).
    let call = {
        let client = client;
        let body = CreateAuthCodeRequest {
            user_id: Some(MEMBER),
        };
        client.create_auth_code(&body)
    };
    tokio::task::yield_now().await;
    assert_eq!(
        service.calls.load(Ordering::SeqCst),
        0,
        "nothing is sent before it is polled"
    );
    let created = tokio::spawn(call)
        .await
        .expect("the task completes")
        .expect("201");
    assert_eq!(created.code, format!("code-for-{MEMBER}"));
    assert_eq!(service.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn bad_request_400_is_a_typed_problem() {
    let (_, client) = dolfin(RouterOptions::default()).await;
    let error = client
        .create_auth_code(&CreateAuthCodeRequest { user_id: None })
        .await
        .expect_err("400");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(error.operation(), "create_auth_code");
    match error {
        Error::Status {
            response: ErrorResponse::BadRequest(problem),
            ..
        } => {
            assert_eq!(problem.status, Nullable::Value(400));
            assert_eq!(problem.title.as_deref(), Some("User.MissingUserId"));
            assert_eq!(
                problem.instance.as_deref(),
                Some("org-1"),
                "default headers reach the handler"
            );
        }
        other => panic!("expected a documented 400, got {other:?}"),
    }
}

#[tokio::test]
async fn not_found_404_is_a_typed_problem() {
    let (_, client) = dolfin(RouterOptions::default()).await;
    let stranger = Uuid::from_u128(7);
    let error = client
        .create_auth_code(&CreateAuthCodeRequest {
            user_id: Some(stranger),
        })
        .await
        .expect_err("404");
    let Error::Status {
        response: ErrorResponse::NotFound(problem),
        status,
        ..
    } = error
    else {
        panic!("expected a documented 404, got {error:?}");
    };
    assert_eq!(
        (status.as_u16(), problem.status),
        (404, Nullable::Value(404))
    );
    assert_eq!(problem.title.as_deref(), Some("User.NotInClient"));
}

/// One token covers every organisation (ADR-003): a call picks its organisation with a view of
/// the client, while the client-wide one stays for the other calls.
#[tokio::test]
async fn the_organisation_is_chosen_per_request() {
    let (_, client) = dolfin(RouterOptions::default()).await;
    let stranger = CreateAuthCodeRequest {
        user_id: Some(Uuid::from_u128(7)),
    };
    // The service names the organisation it was asked about in the problem's `instance`.
    let organisation = |error: Error<ErrorResponse>| match error {
        Error::Status {
            response: ErrorResponse::NotFound(problem),
            ..
        } => problem.instance,
        other => panic!("expected a documented 404, got {other:?}"),
    };
    let view = client
        .with_organisation_id("org-2")
        .expect("a valid header");
    let error = view.create_auth_code(&stranger).await.expect_err("404");
    assert_eq!(organisation(error).as_deref(), Some("org-2"));
    let error = client.create_auth_code(&stranger).await.expect_err("404");
    assert_eq!(organisation(error).as_deref(), Some("org-1"));
    assert!(client.with_organisation_id("org\r\nx: 1").is_err());
}

/// Posts raw bytes, bypassing the generated client.
async fn post_raw(
    base_url: &str,
    content_type: &str,
    body: &'static str,
) -> (u16, String, serde_json::Value) {
    let response = reqwest::Client::new()
        .post(format!("{base_url}/auth/codes"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("request is sent");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = response.bytes().await.expect("body is read");
    let body = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    (status, content_type, body)
}

#[tokio::test]
async fn invalid_requests_are_answered_by_the_router_with_problem_json() {
    let service = Arc::new(MemoryDolfin::default());
    let options = RouterOptions {
        body_limit: 64,
        ..RouterOptions::default()
    };
    let base_url = support::serve(server::router_with_options(service.clone(), options)).await;

    let (status, content_type, body) =
        post_raw(&base_url, "application/json", "{\"userId\": ").await;
    assert_eq!(
        (status, content_type.as_str()),
        (400, "application/problem+json")
    );
    assert_eq!(body["status"], 400);
    assert!(
        body["detail"]
            .as_str()
            .unwrap_or("")
            .contains("invalid JSON body"),
        "{body}"
    );

    let (status, content_type, body) = post_raw(
        &base_url,
        "application/json",
        "{\"userId\": \"not-a-uuid\"}",
    )
    .await;
    assert_eq!(
        (status, content_type.as_str()),
        (400, "application/problem+json")
    );
    assert!(
        body["detail"].as_str().unwrap_or("").contains("UUID"),
        "{body}"
    );

    let (status, _, _) = post_raw(&base_url, "text/plain", "{}").await;
    assert_eq!(status, 415);

    let too_big = "{\"userId\": \"01924e5f-7a3b-7c2d-9e8f-1a2b3c4d5e6f\", \"padding\": \"xxxxxxxxxxxxxxxxxxxx\"}";
    let (status, content_type, _) = post_raw(&base_url, "application/json", too_big).await;
    assert_eq!(
        (status, content_type.as_str()),
        (413, "application/problem+json")
    );

    let unknown = reqwest::get(format!("{base_url}/nowhere"))
        .await
        .expect("sent");
    assert_eq!(unknown.status().as_u16(), 404);
    let wrong_method = reqwest::get(format!("{base_url}/auth/codes"))
        .await
        .expect("sent");
    assert_eq!(wrong_method.status().as_u16(), 405);

    assert_eq!(
        service.calls.load(Ordering::SeqCst),
        0,
        "no invalid request reached the handler"
    );
}

/// `CreateAuthCodeRequest` is `type: object` with no required property; serde's derive alone
/// would also read it from an array of its field values (schemathesis found the router
/// answering `[]` with 201).
#[tokio::test]
async fn an_array_is_not_an_object_body() {
    let service = Arc::new(MemoryDolfin::default());
    let base_url = support::serve(server::router(service.clone())).await;
    for body in ["[]", "[null]"] {
        let (status, content_type, problem) = post_raw(&base_url, "application/json", body).await;
        assert_eq!(
            (status, content_type.as_str()),
            (400, "application/problem+json"),
            "{body}: {problem}"
        );
        assert!(
            problem["detail"]
                .as_str()
                .unwrap_or("")
                .contains("sequence"),
            "{problem}"
        );
    }
    assert_eq!(
        service.calls.load(Ordering::SeqCst),
        0,
        "no array reached the handler"
    );
    // The object form still reaches the service (which wants a user), and the client refuses
    // an array where a response is an object as well.
    let (status, _, problem) = post_raw(&base_url, "application/json", "{}").await;
    assert_eq!(
        (status, problem["title"].as_str()),
        (400, Some("User.MissingUserId"))
    );
    assert_eq!(service.calls.load(Ordering::SeqCst), 1);
    let decoded =
        serde_json::from_str::<dolfin_api::types::CreateAuthCodeResponse>("[\"c\", null]");
    assert!(decoded.is_err(), "a response object read from an array");
}

#[tokio::test]
async fn problem_status_sent_as_a_string_or_an_integral_float_still_decodes() {
    // ASP.NET Core may write `"status": "404"`, other servers `404.0` (an integer, as JSON
    // Schema counts); the client must read both as the number they are.
    for body in [
        r#"{"title":"User.NotInClient","status":"404"}"#,
        r#"{"title":"User.NotInClient","status":404.0}"#,
    ] {
        let router = axum::Router::new().route(
            "/auth/codes",
            axum::routing::post(move || async move {
                (
                    http::StatusCode::NOT_FOUND,
                    [("content-type", "application/problem+json")],
                    body,
                )
            }),
        );
        let client = Client::new(support::serve(router).await);
        let error = client
            .create_auth_code(&CreateAuthCodeRequest {
                user_id: Some(MEMBER),
            })
            .await
            .expect_err("404");
        let Error::Status {
            response: ErrorResponse::NotFound(problem),
            ..
        } = error
        else {
            panic!("expected a documented 404 for {body}, got {error:?}");
        };
        assert_eq!(problem.status, Nullable::Value(404), "{body}");
        assert_eq!(
            serde_json::to_value(&problem).expect("encodes")["status"],
            404,
            "encodes as a number"
        );
    }
}

#[tokio::test]
async fn undocumented_status_names_operation_status_and_body() {
    let router = axum::Router::new().route(
        "/auth/codes",
        axum::routing::post(|| async { (http::StatusCode::SERVICE_UNAVAILABLE, "try later") }),
    );
    let client = Client::new(support::serve(router).await);
    let error = client
        .create_auth_code(&CreateAuthCodeRequest { user_id: None })
        .await
        .expect_err("503");
    assert_eq!(
        error.to_string(),
        "create_auth_code: undocumented status 503 Service Unavailable: try later"
    );
}

#[test]
fn credentials_stay_out_of_debug_output() {
    let client = Client::builder("http://127.0.0.1:9")
        .api_key("secret-key")
        .and_then(|builder| builder.bearer("secret-token"))
        .expect("valid credentials")
        .build()
        .expect("client builds");
    let debug = format!("{client:?}");
    assert!(!debug.contains("secret"), "{debug}");
    assert!(debug.contains("x-dolfin-api-key"), "{debug}");
}

#[test]
fn header_values_with_line_breaks_are_refused() {
    let result = Client::builder("http://127.0.0.1:9")
        .header("x-dolfin-organisation-id", "org\r\nx-evil: 1");
    assert!(result.is_err());
}

#[tokio::test]
async fn an_api_with_its_own_error_body_answers_refused_requests_with_it() {
    let service = Arc::new(MemoryDolfin::default());
    let options = RouterOptions::default().with_rejection_response(|rejection| {
        let body =
            serde_json::json!({"code": rejection.status.as_u16(), "message": rejection.detail});
        let mut response =
            axum::response::IntoResponse::into_response((rejection.status, body.to_string()));
        response.headers_mut().insert(
            "content-type",
            axum::http::HeaderValue::from_static("application/json"),
        );
        response
    });
    let base_url = support::serve(server::router_with_options(service.clone(), options)).await;
    let (status, content_type, body) = post_raw(&base_url, "application/json", "{").await;
    assert_eq!((status, content_type.as_str()), (400, "application/json"));
    assert_eq!(body["code"], 400);
    assert!(
        body["message"]
            .as_str()
            .unwrap_or("")
            .contains("invalid JSON body"),
        "{body}"
    );
    let (status, _, body) = post_raw(&base_url, "text/plain", "hello").await;
    assert_eq!((status, body["code"].as_u64()), (415, Some(415)));
}
