//! The parameters fixture's client calls its router over loopback: every kind of parameter
//! arrives exactly as sent, whatever characters it holds.

mod support;

use std::sync::{Arc, Mutex};

use oasgen_tests::fixtures::parameters::client::Client;
use oasgen_tests::fixtures::parameters::operations::{get_member, search_members, suspend_member};
use oasgen_tests::fixtures::parameters::server::{self, ParametersFixture, RequestContext};
use oasgen_tests::fixtures::parameters::types::{
    GetMemberOkResponse, MemberFilter, SearchMembersPage, SearchMembersRange,
};

/// Records what each handler received.
#[derive(Default)]
struct Recorder {
    members: Mutex<Vec<get_member::Request>>,
    suspended: Mutex<Vec<suspend_member::Request>>,
    searches: Mutex<Vec<search_members::Request>>,
}

impl ParametersFixture for Recorder {
    async fn get_member(
        &self,
        _: RequestContext,
        request: get_member::Request,
    ) -> get_member::Response {
        let id = request.member_id.clone();
        self.members.lock().expect("not poisoned").push(request);
        get_member::Response::Ok(GetMemberOkResponse { id })
    }

    async fn search_members(
        &self,
        _: RequestContext,
        request: search_members::Request,
    ) -> search_members::Response {
        self.searches.lock().expect("not poisoned").push(request);
        search_members::Response::NoContent
    }

    async fn suspend_member(
        &self,
        _: RequestContext,
        request: suspend_member::Request,
    ) -> suspend_member::Response {
        self.suspended.lock().expect("not poisoned").push(request);
        suspend_member::Response::NoContent
    }
}

async fn serve(recorder: Arc<Recorder>) -> Client {
    Client::new(support::serve(server::router(recorder)).await)
}

const ORG: uuid::Uuid = uuid::Uuid::from_u128(42);

#[tokio::test]
async fn path_values_arrive_exactly_as_sent() {
    let recorder = Arc::new(Recorder::default());
    let client = serve(recorder.clone()).await;
    let params = get_member::Params {
        include: None,
        fields: None,
        since: None,
        verbose: false,
        x_request_id: None,
        x_tenant: "tenant".into(),
        session: None,
    };
    let hostile = [
        "a/b",
        "../etc/passwd",
        "a..b",
        "?x=1",
        "#frag",
        "100%",
        "%2F",
        "two words",
        "ünï©ødé",
        "a;b=c",
        "+plus&amp",
    ];
    for value in hostile {
        let answer = client
            .get_member(ORG, value, &params)
            .await
            .unwrap_or_else(|e| panic!("{value:?}: {e}"));
        assert_eq!(answer.id, value);
    }
    let received: Vec<String> = recorder
        .members
        .lock()
        .expect("not poisoned")
        .iter()
        .map(|r| r.member_id.clone())
        .collect();
    assert_eq!(received, hostile);

    // No URL can carry these as a segment: they are refused, never sent elsewhere.
    for value in ["", ".", ".."] {
        let error = client
            .get_member(ORG, value, &params)
            .await
            .expect_err("refused");
        assert!(error.to_string().contains("memberId"), "{error}");
    }
    assert_eq!(
        recorder.members.lock().expect("not poisoned").len(),
        hostile.len()
    );
}

#[tokio::test]
async fn query_header_and_cookie_values_round_trip() {
    let recorder = Arc::new(Recorder::default());
    let client = serve(recorder.clone()).await;
    let since = "2026-11-27T10:00:00Z".parse().expect("valid time");
    let params = get_member::Params {
        include: Some(vec!["roles".into(), "a&b=c".into(), "x,y".into()]),
        fields: Some(vec!["name".into(), "email".into()]),
        since: Some(since),
        verbose: true,
        x_request_id: Some("req-1".into()),
        x_tenant: "tenant 7".into(),
        session: Some("s3ss10n".into()),
    };
    client.get_member(ORG, "m", &params).await.expect("200");
    let received = recorder
        .members
        .lock()
        .expect("not poisoned")
        .pop()
        .expect("one call");
    assert_eq!(received.org_id, ORG);
    assert_eq!(
        received.params, params,
        "every parameter arrives as sent; none injects another"
    );
}

#[tokio::test]
async fn literal_text_beside_a_parameter_is_matched() {
    let recorder = Arc::new(Recorder::default());
    let client = serve(recorder.clone()).await;
    client.suspend_member(ORG, "m:1").await.expect("204");
    let received = recorder
        .suspended
        .lock()
        .expect("not poisoned")
        .pop()
        .expect("one call");
    assert_eq!((received.org_id, received.member_id.as_str()), (ORG, "m:1"));
}

#[tokio::test]
async fn header_values_with_line_breaks_never_leave_the_client() {
    let recorder = Arc::new(Recorder::default());
    let client = serve(recorder.clone()).await;
    let params = get_member::Params {
        include: None,
        fields: None,
        since: None,
        verbose: false,
        x_request_id: Some("ok\r\nx-injected: 1".into()),
        x_tenant: "tenant".into(),
        session: None,
    };
    let error = client
        .get_member(ORG, "m", &params)
        .await
        .expect_err("refused");
    assert!(error.to_string().contains("x-request-id"), "{error}");
    assert!(
        recorder.members.lock().expect("not poisoned").is_empty(),
        "nothing was sent"
    );
}

#[tokio::test]
async fn objects_in_the_query_and_arrays_in_headers_round_trip() {
    let recorder = Arc::new(Recorder::default());
    let client = serve(recorder.clone()).await;
    let params = search_members::Params {
        filter: Some(MemberFilter {
            role: Some("admin & co".into()),
            min_age: Some(30),
            active: Some(true),
        }),
        page: Some(SearchMembersPage {
            limit: Some(10),
            cursor: Some("abc=".into()),
        }),
        range: Some(SearchMembersRange { from: 1, to: 9 }),
        x_ids: Some(vec![3, 1, 2]),
        tags: Some(vec!["red".into(), "green,blue".into()]),
        words: Some(vec!["one".into(), "two".into()]),
    };
    client.search_members(ORG, &params).await.expect("204");
    let received = recorder
        .searches
        .lock()
        .expect("not poisoned")
        .pop()
        .expect("one call");
    assert_eq!(received.params, params);

    let empty = search_members::Params::default();
    client.search_members(ORG, &empty).await.expect("204");
    let received = recorder
        .searches
        .lock()
        .expect("not poisoned")
        .pop()
        .expect("one call");
    assert_eq!(received.params, empty);
}
