//! `<op>_stream` follows cursors across pages for each recognised pagination style.

mod support;

use std::sync::{Arc, Mutex};

use futures::TryStreamExt;
use oasgen_tests::fixtures::pagination::client::Client;
use oasgen_tests::fixtures::pagination::operations::{
    list_customers, list_events, list_invoices, list_payments,
};
use oasgen_tests::fixtures::pagination::server::{self, PaginationFixture, RequestContext};
use oasgen_tests::fixtures::pagination::types::{
    Customer, Invoice, ListCustomersOkResponse, ListCustomersOkResponseMeta,
    ListCustomersOkResponseMetaCursors, ListEventsOkResponse, ListInvoicesOkResponse,
    ListPaymentsOkResponse, ListPaymentsOkResponsePaging,
};

/// Three pages of invoices and customers; events repeat their cursor (a buggy server).
#[derive(Default)]
struct Pages {
    cursors_seen: Mutex<Vec<Option<String>>>,
}

fn page_of(cursor: &Option<String>) -> (usize, Option<String>) {
    let index = cursor
        .as_deref()
        .map_or(0, |c| c.trim_start_matches('c').parse().unwrap_or(0));
    (index, (index < 2).then(|| format!("c{}", index + 1)))
}

impl PaginationFixture for Pages {
    async fn list_invoices(
        &self,
        _: RequestContext,
        request: list_invoices::Request,
    ) -> list_invoices::Response {
        self.cursors_seen
            .lock()
            .expect("not poisoned")
            .push(request.params.cursor.clone());
        let (index, next) = page_of(&request.params.cursor);
        let data = (0..2)
            .map(|i| Invoice {
                number: format!("INV-{index}{i}"),
            })
            .collect();
        list_invoices::Response::Ok(ListInvoicesOkResponse {
            data,
            has_more: Some(next.is_some()),
            // `None` is sent as `null`: the stream must stop on it as on an absent cursor.
            next_cursor: next.into(),
        })
    }

    async fn list_customers(
        &self,
        _: RequestContext,
        request: list_customers::Request,
    ) -> list_customers::Response {
        let (index, next) = page_of(&request.params.cursor);
        let cursors = ListCustomersOkResponseMetaCursors {
            current: Default::default(),
            next: next.into(),
            previous: Default::default(),
        };
        list_customers::Response::Ok(ListCustomersOkResponse {
            data: Some(vec![Customer {
                name: format!("{}-{index}", request.org_id),
            }]),
            meta: Some(ListCustomersOkResponseMeta {
                cursors: Some(cursors),
            }),
        })
    }

    async fn list_payments(
        &self,
        _: RequestContext,
        request: list_payments::Request,
    ) -> list_payments::Response {
        let (index, next) = page_of(&request.params.after_token);
        let paging = Some(ListPaymentsOkResponsePaging { after: next });
        list_payments::Response::Ok(ListPaymentsOkResponse {
            results: vec![index as i64 * 10],
            paging,
        })
    }

    async fn list_events(
        &self,
        _: RequestContext,
        _: list_events::Request,
    ) -> list_events::Response {
        list_events::Response::Ok(ListEventsOkResponse {
            items: vec!["e".into()],
            next_page: Some("same".into()),
        })
    }
}

async fn serve(pages: Arc<Pages>) -> Client {
    Client::new(support::serve(server::router(pages)).await)
}

#[tokio::test]
async fn next_cursor_and_has_more() {
    let pages = Arc::new(Pages::default());
    let client = serve(pages.clone()).await;
    let params = list_invoices::Params {
        cursor: None,
        limit: Some(2),
    };
    let invoices: Vec<Invoice> = client
        .list_invoices_stream(params)
        .try_collect()
        .await
        .expect("all pages");
    let numbers: Vec<&str> = invoices.iter().map(|i| i.number.as_str()).collect();
    assert_eq!(
        numbers,
        ["INV-00", "INV-01", "INV-10", "INV-11", "INV-20", "INV-21"]
    );
    let seen = pages.cursors_seen.lock().expect("not poisoned").clone();
    assert_eq!(seen, [None, Some("c1".to_string()), Some("c2".to_string())]);
}

#[tokio::test]
async fn meta_cursors_next_with_a_path_parameter() {
    let client = serve(Arc::new(Pages::default())).await;
    let customers: Vec<Customer> = client
        .list_customers_stream("org-1".to_string(), list_customers::Params { cursor: None })
        .try_collect()
        .await
        .expect("all pages");
    let names: Vec<&str> = customers.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["org-1-0", "org-1-1", "org-1-2"]);
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_stream() {
    let client = serve(Arc::new(Pages::default())).await;
    let events: Vec<String> = client
        .list_events_stream(list_events::Params { page: None })
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(
        events,
        ["e", "e"],
        "the first page, then the page at `same`, whose next is `same` again"
    );
}

#[tokio::test]
async fn pagination_declared_in_the_configuration() {
    let client = serve(Arc::new(Pages::default())).await;
    let amounts: Vec<i64> = client
        .list_payments_stream(list_payments::Params { after_token: None })
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(amounts, [0, 10, 20]);
}
