//! The multipart fixture's client sends forms to its router over loopback: files (any bytes),
//! repeated files, scalars and JSON-valued fields arrive exactly as sent.

mod support;

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use oasgen_tests::fixtures::multipart::client::Client;
use oasgen_tests::fixtures::multipart::operations::{put_avatar, upload_bill};
use oasgen_tests::fixtures::multipart::server::{self, MultipartFixture, RequestContext};
use oasgen_tests::fixtures::multipart::types::{Bill, Line, PutAvatarForm, UploadBillForm};

#[derive(Default)]
struct Recorder {
    bills: Mutex<Vec<UploadBillForm>>,
    avatars: Mutex<Vec<Option<PutAvatarForm>>>,
}

impl MultipartFixture for Recorder {
    async fn upload_bill(
        &self,
        _: RequestContext,
        request: upload_bill::Request,
    ) -> upload_bill::Response {
        let files = request.body.attachments.as_ref().map_or(0, Vec::len) as i64 + 1;
        self.bills.lock().expect("not poisoned").push(request.body);
        upload_bill::Response::Created(Bill {
            id: uuid::Uuid::from_u128(1),
            files: Some(files),
        })
    }

    async fn put_avatar(
        &self,
        _: RequestContext,
        request: put_avatar::Request,
    ) -> put_avatar::Response {
        self.avatars
            .lock()
            .expect("not poisoned")
            .push(request.body);
        put_avatar::Response::NoContent
    }
}

async fn serve(recorder: Arc<Recorder>) -> Client {
    Client::new(support::serve(server::router(recorder)).await)
}

#[tokio::test]
async fn forms_arrive_exactly_as_sent() {
    let recorder = Arc::new(Recorder::default());
    let client = serve(recorder.clone()).await;
    let form = UploadBillForm {
        file: Bytes::from_static(b"%PDF-1.7\x00\xff\xfe binary"),
        attachments: Some(vec![
            Bytes::from_static(b"one"),
            Bytes::from_static(b"\x00two"),
        ]),
        supplier_id: uuid::Uuid::from_u128(7),
        amount: Some(12_345),
        note: Some("a note, with \"quotes\" & ampersands\r\n".into()),
        tags: Some(vec!["x".into(), "y z".into()]),
        lines: Some(vec![Line {
            description: "Widgets".into(),
            total: Some(12.5),
        }]),
    };
    let bill = client.upload_bill(&form).await.expect("201");
    assert_eq!(bill.files, Some(3));
    let received = recorder
        .bills
        .lock()
        .expect("not poisoned")
        .pop()
        .expect("one call");
    assert_eq!(received, form);
}

#[tokio::test]
async fn optional_forms_and_3_1_file_parts() {
    let recorder = Arc::new(Recorder::default());
    let client = serve(recorder.clone()).await;
    client.put_avatar(None).await.expect("204 without a body");
    let avatar = PutAvatarForm {
        image: Some(Bytes::from_static(b"\x89PNG")),
    };
    client.put_avatar(Some(&avatar)).await.expect("204");
    let received = recorder.avatars.lock().expect("not poisoned").clone();
    assert_eq!(received, vec![None, Some(avatar)]);
}

#[tokio::test]
async fn a_form_missing_a_required_part_is_refused_before_the_handler() {
    let recorder = Arc::new(Recorder::default());
    let client = serve(recorder.clone()).await;
    let base_url = client.base_url().to_string();
    let form =
        reqwest::multipart::Form::new().text("supplierId", uuid::Uuid::from_u128(7).to_string());
    let response = reqwest::Client::new()
        .post(format!("{base_url}/bills"))
        .multipart(form)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status().as_u16(), 400);
    let problem: serde_json::Value =
        serde_json::from_slice(&response.bytes().await.expect("body")).expect("JSON");
    assert!(
        problem["detail"].as_str().unwrap_or("").contains("`file`"),
        "{problem}"
    );
    assert!(recorder.bills.lock().expect("not poisoned").is_empty());
}
