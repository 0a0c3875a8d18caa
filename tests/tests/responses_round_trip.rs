//! The responses fixture over loopback: several success responses, response headers, status
//! ranges, `default`, text and binary bodies — each arrives as the variant the server chose.

mod support;

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http::StatusCode;
use oasgen_tests::fixtures::responses::client::{Client, Error};
use oasgen_tests::fixtures::responses::operations::{get_job, get_job_log, start_job};
use oasgen_tests::fixtures::responses::server::{self, RequestContext, ResponsesFixture};
use oasgen_tests::fixtures::responses::types::{Job, Problem};

/// Answers `start_job` with whatever response the test queued.
#[derive(Default)]
struct Scripted {
    next: Mutex<Vec<start_job::Response>>,
    bodies: Mutex<Vec<Option<String>>>,
}

impl ResponsesFixture for Scripted {
    async fn start_job(
        &self,
        _: RequestContext,
        request: start_job::Request,
    ) -> start_job::Response {
        self.bodies.lock().expect("not poisoned").push(request.body);
        self.next
            .lock()
            .expect("not poisoned")
            .pop()
            .unwrap_or(start_job::Response::NoContent)
    }

    async fn get_job(&self, _: RequestContext, request: get_job::Request) -> get_job::Response {
        get_job::Response::Ok(
            job(&request.id),
            get_job::OkHeaders {
                e_tag: format!("\"v-{}\"", request.id),
            },
        )
    }

    async fn get_job_log(
        &self,
        _: RequestContext,
        request: get_job_log::Request,
    ) -> get_job_log::Response {
        let status = if request.id == "missing" {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        get_job_log::Response::Default(status, Bytes::from(format!("log of {}\n\u{0}", request.id)))
    }
}

async fn serve(service: Arc<Scripted>) -> Client {
    Client::new(support::serve(server::router(service)).await)
}

fn job(id: &str) -> Job {
    Job { id: id.to_string() }
}

#[tokio::test]
async fn each_success_variant_arrives_with_its_headers() {
    let service = Arc::new(Scripted::default());
    let client = serve(service.clone()).await;
    let headers = start_job::AcceptedHeaders {
        location: "/jobs/7".into(),
        retry_after: Some(30),
    };
    service.next.lock().expect("not poisoned").extend([
        start_job::Response::NoContent,
        start_job::Response::Accepted(job("7"), headers.clone()),
        start_job::Response::Ok(job("6")),
    ]);
    assert_eq!(
        client
            .start_job(Some(&"now".to_string()))
            .await
            .expect("200"),
        start_job::SuccessResponse::Ok(job("6"))
    );
    assert_eq!(
        client.start_job(None).await.expect("202"),
        start_job::SuccessResponse::Accepted(job("7"), headers)
    );
    assert_eq!(
        client.start_job(None).await.expect("204"),
        start_job::SuccessResponse::NoContent
    );
    assert_eq!(
        *service.bodies.lock().expect("not poisoned"),
        vec![Some("now".to_string()), None, None]
    );
}

#[tokio::test]
async fn ranges_and_default_carry_their_status() {
    let service = Arc::new(Scripted::default());
    let client = serve(service.clone()).await;
    let problem = Problem {
        title: Some("Slow down".into()),
        status: Some(429),
    };
    let rate = start_job::Status4xxHeaders {
        x_rate_limit_remaining: Some(0),
    };
    service.next.lock().expect("not poisoned").extend([
        start_job::Response::Default(StatusCode::BAD_GATEWAY, "upstream down".into()),
        start_job::Response::Status4xx(
            StatusCode::TOO_MANY_REQUESTS,
            problem.clone(),
            rate.clone(),
        ),
    ]);
    match client.start_job(None).await {
        Err(Error::Status {
            status,
            response: start_job::ErrorResponse::Status4xx(code, body, headers),
            ..
        }) => {
            assert_eq!(
                (status, code),
                (StatusCode::TOO_MANY_REQUESTS, StatusCode::TOO_MANY_REQUESTS)
            );
            assert_eq!((body, headers), (problem, rate));
        }
        other => panic!("expected the 4XX variant, got {other:?}"),
    }
    match client.start_job(None).await {
        Err(Error::Status {
            response: start_job::ErrorResponse::Default(code, text),
            ..
        }) => {
            assert_eq!(
                (code, text.as_str()),
                (StatusCode::BAD_GATEWAY, "upstream down")
            );
        }
        other => panic!("expected the default variant, got {other:?}"),
    }
}

#[tokio::test]
async fn a_default_only_operation_succeeds_on_2xx_and_fails_otherwise() {
    let client = serve(Arc::new(Scripted::default())).await;
    let log = client.get_job_log("j1").await.expect("200");
    assert_eq!(log, Bytes::from_static(b"log of j1\n\0"));
    match client.get_job_log("missing").await {
        Err(Error::Status {
            response: get_job_log::ErrorResponse::Default(code, body),
            ..
        }) => {
            assert_eq!(code, StatusCode::NOT_FOUND);
            assert_eq!(body, Bytes::from_static(b"log of missing\n\0"));
        }
        other => panic!("expected the default variant, got {other:?}"),
    }
}

#[tokio::test]
async fn a_single_success_with_headers_returns_both() {
    let client = serve(Arc::new(Scripted::default())).await;
    let get_job::SuccessResponse::Ok(body, headers) = client.get_job("j9").await.expect("200");
    assert_eq!((body, headers.e_tag.as_str()), (job("j9"), "\"v-j9\""));
}
