//! Bills: a multipart upload, reading it back, listing, and downloading the file.

use dolfin_fixture_api::operations::{download_bill_attachment, get_bill, list_bills, upload_bill};
use dolfin_fixture_api::types::{Bill, BillState, UploadBillForm};
use futures::TryStreamExt;

use crate::{Driver, Outcome, expect, failed, passed};

/// A tiny but well-formed PDF: what a supplier's invoice file starts and ends with.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

pub async fn bills(driver: &Driver) -> Outcome<()> {
    let client = &driver.client;
    let organisation = driver.organisation;
    let form = UploadBillForm {
        file: bytes::Bytes::from_static(PDF),
        supplier_name: Some("Paper & Co".to_string()),
        reference: Some("PC-2025-001".to_string()),
        amount: Some(249.99),
        currency: Some("GBP".to_string()),
        due_date: chrono::NaiveDate::from_ymd_opt(2025, 3, 31),
        tags: Some(vec!["stationery".to_string(), "q1".to_string()]),
    };
    let params = upload_bill::Params {
        x_dolfin_organisation_id: organisation,
    };
    let upload_bill::SuccessResponse::Created(bill, headers) = client
        .upload_bill(&form, &params)
        .await
        .map_err(failed("upload_bill"))?;
    expect(
        bill.state == BillState::Processing
            && bill.amount.value() == form.amount.as_ref()
            && bill.tags == form.tags,
        "upload_bill",
        "the form's fields, processing",
    )?;
    expect(
        headers.location == format!("/bills/{}", bill.id),
        "upload_bill",
        "Location of the bill",
    )?;
    passed(
        "upload_bill",
        format!("201 multipart, {} attachment(s)", bill.attachments.len()),
    );

    let get = get_bill::Params {
        x_dolfin_organisation_id: organisation,
    };
    let fetched = client
        .get_bill(bill.id, &get)
        .await
        .map_err(failed("get_bill"))?;
    expect(fetched == bill, "get_bill", "the bill as uploaded")?;
    passed("get_bill", "200 as uploaded");

    let list = list_bills::Params {
        x_dolfin_organisation_id: organisation,
        cursor: None,
        limit: Some(10),
        state: Some(BillState::Processing),
    };
    let page = client
        .list_bills(&list)
        .await
        .map_err(failed("list_bills"))?;
    expect(
        page.data.len() == 1 && page.meta.cursors.next.value().is_none(),
        "list_bills",
        "one bill and no next cursor",
    )?;
    passed("list_bills", "200 meta.cursors page");
    let all: Vec<Bill> = client
        .list_bills_stream(list)
        .try_collect()
        .await
        .map_err(failed("list_bills_stream"))?;
    expect(all == [bill.clone()], "list_bills_stream", "the one bill")?;
    passed("list_bills_stream", "1 bill");

    let Some(attachment) = bill.attachments.first() else {
        return Err("upload_bill: expected an attachment".to_string());
    };
    let download = download_bill_attachment::Params {
        x_dolfin_organisation_id: organisation,
    };
    let file = client
        .download_bill_attachment(bill.id, attachment.id, &download)
        .await
        .map_err(failed("download_bill_attachment"))?;
    expect(
        file.as_ref() == PDF,
        "download_bill_attachment",
        "the bytes uploaded",
    )?;
    passed(
        "download_bill_attachment",
        format!(
            "200 application/octet-stream, {} bytes as uploaded",
            file.len()
        ),
    );
    Ok(())
}
