//! Cursor-paginated lists as one stream of items.

/// Every item of a cursor-paginated list, page after page. `fetch` asks for the page that
/// `params` describe and hands the parameters back with it; `split` takes a page apart into
/// its items and the parameters of the next page (`None` after the last). Kept here, generic,
/// so each `<op>_stream` method is a few lines and the crate type-checks this plumbing once.
pub fn paginate<'a, P, Page, Item, E, Fut>(
    first: P,
    fetch: impl Fn(P) -> Fut + 'a,
    split: fn(Page, P) -> (Vec<Item>, Option<P>),
) -> impl futures::Stream<Item = Result<Item, E>> + 'a
where
    P: 'a,
    Page: 'a,
    Item: 'a,
    E: 'a,
    Fut: std::future::Future<Output = Result<(Page, P), E>> + 'a,
{
    use futures::TryStreamExt;
    futures::stream::try_unfold(Some(first), move |state| {
        let fetched = state.map(&fetch);
        async move {
            let Some(fetched) = fetched else {
                return Ok(None);
            };
            let (page, params) = fetched.await?;
            let (items, next) = split(page, params);
            Ok(Some((
                futures::stream::iter(items.into_iter().map(Ok)),
                next,
            )))
        }
    })
    .try_flatten()
}

#[cfg(test)]
mod tests;
