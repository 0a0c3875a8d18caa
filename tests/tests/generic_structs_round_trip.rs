//! Same-shaped structs made generic (`tests/fixtures/generic_structs.yaml`): each keeps its
//! name as an alias of the one generic struct, so code can be written over `ResultsPage<T>`,
//! values keep their wire format, and the client's page stream still follows the cursor.

mod support;

use std::sync::Arc;

use futures::TryStreamExt;
use oasgen_tests::fixtures::generic_structs::client::Client;
use oasgen_tests::fixtures::generic_structs::operations::{
    list_disks, list_images, list_pairs, list_snapshots, replace_snapshots,
};
use oasgen_tests::fixtures::generic_structs::server::{
    self, GenericStructsFixture, RequestContext,
};
use oasgen_tests::fixtures::generic_structs::types::{
    Disk, DiskResultsPage, Image, ImageResultsPage, LeftHolder, ListPairsOkResponse, ResultsPage,
    RightHolder, Snapshot, SnapshotResultsPage, Volume, VolumeResultsPage,
};
use serde_json::json;

/// The item count of any page: one function for every resource.
fn count<T>(page: &ResultsPage<T>) -> usize {
    page.items.len()
}

#[test]
fn every_page_type_is_the_one_generic_struct() {
    let disks: DiskResultsPage = ResultsPage {
        items: vec![Disk { id: "d1".into() }],
        next_page: Some("next".into()),
    };
    let images = ImageResultsPage {
        items: Vec::new(),
        next_page: None,
    };
    assert_eq!((count(&disks), count(&images)), (1, 0));
    // The wire format is the schema's, as it was for the concrete struct.
    let wire = json!({"items": [{"id": "d1"}], "next_page": "next"});
    assert_eq!(serde_json::to_value(&disks).expect("encodes"), wire);
    assert_eq!(
        serde_json::from_value::<DiskResultsPage>(wire).expect("decodes"),
        disks
    );
    assert_eq!(
        serde_json::to_value(&images).expect("encodes"),
        json!({"items": []})
    );
}

#[test]
fn a_page_a_request_carries_stays_a_struct_of_its_own() {
    use std::any::TypeId;
    // Requests are checked per concrete type by the server, so that page is left alone.
    assert_ne!(
        TypeId::of::<VolumeResultsPage>(),
        TypeId::of::<ResultsPage<Volume>>()
    );
    assert_eq!(
        TypeId::of::<SnapshotResultsPage>(),
        TypeId::of::<ResultsPage<Snapshot>>()
    );
}

/// Serves two pages of disks, following `page_token`.
struct Pages;

impl GenericStructsFixture for Pages {
    async fn list_disks(
        &self,
        _: RequestContext,
        request: list_disks::Request,
    ) -> list_disks::Response {
        let page = match request.params.page_token.as_deref() {
            None => ResultsPage {
                items: vec![Disk { id: "d1".into() }, Disk { id: "d2".into() }],
                next_page: Some("2".into()),
            },
            Some(_) => ResultsPage {
                items: vec![Disk { id: "d3".into() }],
                next_page: None,
            },
        };
        list_disks::Response::Ok(page)
    }

    async fn list_images(
        &self,
        _: RequestContext,
        _: list_images::Request,
    ) -> list_images::Response {
        list_images::Response::Ok(ResultsPage {
            items: vec![Image {
                id: "i1".into(),
                size: 7,
            }],
            next_page: None,
        })
    }

    async fn list_snapshots(
        &self,
        _: RequestContext,
        _: list_snapshots::Request,
    ) -> list_snapshots::Response {
        list_snapshots::Response::Ok(SnapshotResultsPage {
            items: Vec::new(),
            next_page: None,
        })
    }

    async fn replace_snapshots(
        &self,
        _: RequestContext,
        _: replace_snapshots::Request,
    ) -> replace_snapshots::Response {
        replace_snapshots::Response::NoContent
    }

    async fn list_pairs(&self, _: RequestContext, _: list_pairs::Request) -> list_pairs::Response {
        list_pairs::Response::Ok(ListPairsOkResponse {
            left: LeftHolder {
                held: Disk { id: "d".into() },
            },
            right: RightHolder {
                held: Image {
                    id: "i".into(),
                    size: 1,
                },
            },
        })
    }
}

#[tokio::test]
async fn the_client_reads_generic_pages_and_streams_across_them() {
    let client = Client::new(support::serve(server::router(Arc::new(Pages))).await);
    let images = client.list_images().await.expect("listed");
    assert_eq!(count(&images), 1);
    let disks: Vec<Disk> = client
        .list_disks_stream(list_disks::Params::default())
        .try_collect()
        .await
        .expect("every page");
    let ids: Vec<&str> = disks.iter().map(|disk| disk.id.as_str()).collect();
    assert_eq!(ids, ["d1", "d2", "d3"]);
}
