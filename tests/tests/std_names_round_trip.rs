//! Operations named like std trait methods (`clone`, `drop`, `into`, …) and like the crates
//! the generated code names (`serde`, `std`, …): the client reaches each one and the router
//! hands each request to the service's method of that name, not to `Arc::clone` or `Drop`.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use oasgen_tests::fixtures::std_names::client::{Client, Error};
use oasgen_tests::fixtures::std_names::operations;
use oasgen_tests::fixtures::std_names::server::{self, RequestContext, StdNames};
use oasgen_tests::fixtures::std_names::types::Traits;

/// Counts the calls of the no-content operations; echoes `clone`'s request back.
struct Service {
    calls: AtomicUsize,
}

/// Operations answered with 204 No Content, counted.
macro_rules! no_content {
    ($($name:ident),* $(,)?) => {$(
        async fn $name(
            &self,
            _: RequestContext,
            _: operations::$name::Request,
        ) -> operations::$name::Response {
            self.calls.fetch_add(1, Ordering::SeqCst);
            operations::$name::Response::NoContent
        }
    )*};
}

/// Operations answered with 200 and a `Traits` naming the operation.
macro_rules! named_ok {
    ($($name:ident),* $(,)?) => {$(
        async fn $name(
            &self,
            _: RequestContext,
            _: operations::$name::Request,
        ) -> operations::$name::Response {
            let name = stringify!($name).to_string();
            operations::$name::Response::Ok(Traits { to_string: Some(name), ..Traits::default() })
        }
    )*};
}

impl StdNames for Service {
    no_content!(
        as_ref,
        borrow,
        borrow_mut,
        cmp,
        default,
        deref,
        drop,
        eq,
        fmt,
        from,
        hash,
        into,
        into_future,
        ne,
        partial_cmp,
        poll,
        to_owned,
        to_string,
        try_from,
        try_into,
        type_id,
        from_json,
        to_bytes_mut,
    );
    named_ok!(
        alloc,
        axum,
        bytes,
        client,
        core,
        http,
        operations2,
        reqwest,
        rt,
        runtime,
        serde,
        serde_json,
        server,
        std,
        types2,
    );

    async fn clone(
        &self,
        _: RequestContext,
        request: operations::clone::Request,
    ) -> operations::clone::Response {
        if request.clone == "missing" {
            return operations::clone::Response::NotFound;
        }
        let mut body = request.body;
        body.clone = Some(request.clone);
        body.into = request.params.into.map(|n| n.to_string());
        body.drop = request.params.drop;
        operations::clone::Response::Ok(body)
    }
}

#[tokio::test]
async fn operations_named_like_std_methods_reach_the_service() {
    let service = Arc::new(Service {
        calls: AtomicUsize::new(0),
    });
    let base_url = support::serve(server::router(Arc::clone(&service))).await;
    // By reference, as a client is usually held: on an owned `Client`, `client.into()` would
    // be `Into::into` (a by-value trait method outranks a `&self` one).
    let client = &Client::new(base_url);

    let params = operations::clone::Params {
        into: Some(7),
        drop: Some("d".to_string()),
    };
    let body = Traits {
        eq: Some("e".to_string()),
        ..Traits::default()
    };
    let echoed = client.clone("c", &body, &params).await.expect("200");
    assert_eq!(echoed.clone.as_deref(), Some("c"));
    assert_eq!(echoed.into.as_deref(), Some("7"));
    assert_eq!(echoed.drop.as_deref(), Some("d"));
    assert_eq!(echoed.eq.as_deref(), Some("e"));
    let missing = client.clone("missing", &body, &params).await;
    assert!(
        matches!(
            missing,
            Err(Error::Status {
                response: operations::clone::ErrorResponse::NotFound,
                ..
            })
        ),
        "{missing:?}"
    );

    client.drop().await.expect("204");
    client.into().await.expect("204");
    client.default().await.expect("204");
    client.to_string().await.expect("204");
    client.type_id().await.expect("204");
    assert_eq!(service.calls.load(Ordering::SeqCst), 5);

    let serde = client.serde().await.expect("200");
    assert_eq!(serde.to_string.as_deref(), Some("serde"));
    let types = client.types2().await.expect("200");
    assert_eq!(types.to_string.as_deref(), Some("types2"));
}
