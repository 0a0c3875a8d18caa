//! `paginate` over fake pages (ready futures, no HTTP): every item in order, no request past
//! the last page, and an error ends the stream.

use std::cell::RefCell;

use futures::StreamExt;

use super::paginate;

/// A page: its items and the number of the next page.
type Page = (Vec<u32>, Option<usize>);

/// Every item `paginate` yields from `pages`, and the page numbers it asked for. Page number
/// `failing` answers with an error instead.
async fn walk(
    pages: &[Vec<u32>],
    failing: Option<usize>,
) -> (Vec<Result<u32, String>>, Vec<usize>) {
    let requested = RefCell::new(Vec::new());
    let fetch = |number: usize| {
        requested.borrow_mut().push(number);
        let page: Result<(Page, usize), String> = if failing == Some(number) {
            Err(format!("page {number} failed"))
        } else {
            let next = (number + 1 < pages.len()).then_some(number + 1);
            Ok(((pages[number].clone(), next), number))
        };
        std::future::ready(page)
    };
    let split = |(items, next): Page, _number: usize| (items, next);
    let items = paginate(0, fetch, split).collect().await;
    (items, requested.into_inner())
}

#[tokio::test]
async fn every_item_arrives_in_order_and_fetching_stops_after_the_last_page() {
    let pages = [vec![1, 2], vec![3], vec![4, 5, 6]];
    let (items, requested) = walk(&pages, None).await;
    assert_eq!(items, (1..=6).map(Ok).collect::<Vec<_>>());
    assert_eq!(requested, [0, 1, 2]);
}

#[tokio::test]
async fn an_empty_page_in_the_middle_does_not_end_the_stream() {
    let pages = [vec![1], vec![], vec![2]];
    let (items, requested) = walk(&pages, None).await;
    assert_eq!(items, [Ok(1), Ok(2)]);
    assert_eq!(requested, [0, 1, 2]);
}

#[tokio::test]
async fn an_error_ends_the_stream_with_that_error() {
    let pages = [vec![1, 2], vec![3], vec![4]];
    let (items, requested) = walk(&pages, Some(1)).await;
    assert_eq!(items, [Ok(1), Ok(2), Err("page 1 failed".to_string())]);
    assert_eq!(requested, [0, 1], "nothing is fetched after the error");
}

#[tokio::test]
async fn split_receives_the_parameters_fetch_handed_back() {
    // The next page's parameters are worked out from the current ones (a cursor that must
    // not repeat, in generated code): here, the page number doubles until 8.
    let requested = RefCell::new(Vec::new());
    let fetch = |number: u32| {
        requested.borrow_mut().push(number);
        std::future::ready(Ok::<_, String>((vec![number], number)))
    };
    let split = |items: Vec<u32>, number: u32| (items, (number < 8).then_some(number * 2));
    let items: Vec<Result<u32, String>> = paginate(1, fetch, split).collect().await;
    assert_eq!(items, [Ok(1), Ok(2), Ok(4), Ok(8)]);
    assert_eq!(requested.into_inner(), [1, 2, 4, 8]);
}
