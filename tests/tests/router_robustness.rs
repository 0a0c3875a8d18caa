//! The generated routers answer every request — random methods, paths, query strings, headers
//! and bodies — with a response, never a panic, and never let invalid input reach a handler as
//! a 5xx.

use std::sync::Arc;

use axum::body::Body;
use http::Request;
use oasgen_tests::fixtures::parameters::operations::{get_member, search_members, suspend_member};
use oasgen_tests::fixtures::parameters::server::{
    self as parameters, ParametersFixture, RequestContext,
};
use oasgen_tests::fixtures::parameters::types::GetMemberOkResponse;
use tower::ServiceExt;

struct Members;

impl ParametersFixture for Members {
    async fn get_member(
        &self,
        _: RequestContext,
        request: get_member::Request,
    ) -> get_member::Response {
        get_member::Response::Ok(GetMemberOkResponse {
            id: request.member_id,
        })
    }
    async fn search_members(
        &self,
        _: RequestContext,
        _: search_members::Request,
    ) -> search_members::Response {
        search_members::Response::NoContent
    }
    async fn suspend_member(
        &self,
        _: RequestContext,
        _: suspend_member::Request,
    ) -> suspend_member::Response {
        suspend_member::Response::NoContent
    }
}

/// A small deterministic generator (splitmix64): the same requests on every run.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, choices: &[&'a str]) -> &'a str {
        choices[(self.next() % choices.len() as u64) as usize]
    }
}

const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
const SEGMENTS: &[&str] = &[
    "orgs",
    "members",
    "search",
    "00000000-0000-0000-0000-00000000002a",
    "not-a-uuid",
    "%FF%FE",
    "%2F",
    "..",
    "",
    "m:suspend",
    "x:suspend",
    "%00",
    "ü",
    "a%20b",
    "{id}",
    "%",
];
const QUERIES: &[&str] = &[
    "",
    "verbose=true",
    "verbose=maybe",
    "verbose=true&verbose=false",
    "filter[minAge]=x",
    "filter[minAge]=5&filter[role]=a",
    "range=1",
    "range=1,2,3",
    "range=from,1,to,2",
    "include=a&include=b",
    "since=yesterday",
    "%ZZ=1",
    "verbose",
    "page[limit]=1",
    "fields=a,b&verbose=1",
];
const HEADERS: &[(&str, &str)] = &[
    ("x-tenant", "t"),
    ("x-ids", "1,2,x"),
    ("x-ids", "3"),
    ("cookie", "session=a; b"),
    ("content-type", "application/json"),
    ("x-request-id", "\u{7f}"),
    ("cookie", "==;;"),
];

#[tokio::test]
async fn random_requests_never_panic_or_fail_with_5xx() {
    let router = parameters::router(Arc::new(Members));
    let mut random = Random(7);
    let mut statuses = std::collections::BTreeMap::new();
    for _ in 0..3000 {
        // Mostly the API's own shapes with random values in them, sometimes anything at all.
        let (a, b) = (random.pick(SEGMENTS), random.pick(SEGMENTS));
        let path = match random.next() % 5 {
            0 => format!("/orgs/{a}/members/{b}"),
            1 => format!("/orgs/{a}/search"),
            2 => format!("/orgs/{a}/members/{b}:suspend"),
            3 => format!("/orgs/00000000-0000-0000-0000-00000000002a/members/{b}"),
            _ => (0..1 + random.next() % 5)
                .map(|_| format!("/{}", random.pick(SEGMENTS)))
                .collect(),
        };
        let query = random.pick(QUERIES);
        let uri = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        let Ok(uri) = uri.parse::<http::Uri>() else {
            continue;
        };
        let mut request = Request::builder().method(random.pick(METHODS)).uri(uri);
        for _ in 0..random.next() % 4 {
            let (name, value) = HEADERS[(random.next() % HEADERS.len() as u64) as usize];
            request = request.header(name, value);
        }
        let body = match random.next() % 3 {
            0 => Body::empty(),
            1 => Body::from("{\"not\": \"expected\"}"),
            _ => Body::from(vec![0xff_u8; (random.next() % 4096) as usize]),
        };
        let Ok(request) = request.body(body) else {
            continue;
        };
        // A task per request: a panic in the router shows up as a join error.
        let response = tokio::spawn(router.clone().oneshot(request))
            .await
            .expect("the router never panics");
        let status = response.expect("infallible").status();
        assert!(!status.is_server_error(), "a request got {status}");
        *statuses.entry(status.as_u16()).or_insert(0) += 1;
    }
    // The run reached handlers and the router's refusals alike.
    for expected in [200, 204, 400, 404, 405] {
        assert!(
            statuses.contains_key(&expected),
            "no {expected} in {statuses:?}"
        );
    }
}
