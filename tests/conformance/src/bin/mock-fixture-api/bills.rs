//! `/bills`: upload (multipart), list (the `meta.cursors` page style), get, and downloading
//! an attachment.

use std::collections::BTreeMap;

use chrono::Utc;
use dolfin_fixture_api::operations::{download_bill_attachment, get_bill, list_bills, upload_bill};
use dolfin_fixture_api::server::RequestContext;
use dolfin_fixture_api::types::{
    Attachment, Bill, BillPage, BillPageMeta, BillPageMetaCursors, BillState, Nullable,
};

use crate::answers::{authorize, finite, not_found, page, page_size};
use crate::state::{State, StoredBill, find, new_id, of_organisation};

pub fn upload(
    state: &mut State,
    context: &RequestContext,
    request: upload_bill::Request,
) -> upload_bill::Response {
    use upload_bill::{CreatedHeaders, Response};
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let form = request.body;
    let amount = match form
        .amount
        .map(|amount| finite("amount", amount))
        .transpose()
    {
        Ok(amount) => amount,
        Err(invalid) => return Response::BadRequest(invalid.problem()),
    };
    let attachment = Attachment {
        id: new_id(),
        size: i64::try_from(form.file.len()).unwrap_or(i64::MAX),
    };
    // A new bill waits for OCR, which this mock never runs: it stays `processing`.
    let bill = Bill {
        id: new_id(),
        state: BillState::Processing,
        supplier_name: Nullable::from(form.supplier_name),
        reference: Nullable::from(form.reference),
        amount: Nullable::from(amount),
        currency: Nullable::from(form.currency),
        due_date: Nullable::from(form.due_date),
        tags: form.tags,
        attachments: vec![attachment.clone()],
        created_at: Utc::now(),
    };
    let files = BTreeMap::from([(attachment.id, form.file)]);
    let stored = StoredBill {
        bill: bill.clone(),
        files,
    };
    state
        .bills
        .insert((request.params.x_dolfin_organisation_id, bill.id), stored);
    let location = format!("/bills/{}", bill.id);
    Response::Created(bill, CreatedHeaders { location })
}

pub fn list(
    state: &State,
    context: &RequestContext,
    request: list_bills::Request,
) -> list_bills::Response {
    use list_bills::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let params = request.params;
    let items = of_organisation(&state.bills, params.x_dolfin_organisation_id)
        .rev()
        .map(|(_, stored)| &stored.bill)
        .filter(|bill| params.state.is_none_or(|wanted| bill.state == wanted))
        .map(|bill| (bill.id.to_string(), bill.clone()))
        .collect();
    // Newest first: the next page holds the ids before the cursor.
    let (data, next) = page(
        items,
        params.cursor.as_deref(),
        page_size(params.limit),
        |id, cursor| id < cursor,
    );
    Response::Ok(BillPage {
        data,
        meta: BillPageMeta {
            cursors: BillPageMetaCursors {
                current: Nullable::from(params.cursor),
                next: Nullable::from(next),
            },
        },
    })
}

pub fn get(
    state: &State,
    context: &RequestContext,
    request: get_bill::Request,
) -> get_bill::Response {
    use get_bill::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let key = (request.params.x_dolfin_organisation_id, request.bill_id);
    match find(&state.bills, key, "Bill") {
        Ok(stored) => Response::Ok(stored.bill.clone()),
        Err(problem) => Response::NotFound(problem),
    }
}

pub fn download(
    state: &State,
    context: &RequestContext,
    request: download_bill_attachment::Request,
) -> download_bill_attachment::Response {
    use download_bill_attachment::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let key = (request.params.x_dolfin_organisation_id, request.bill_id);
    let stored = match find(&state.bills, key, "Bill") {
        Ok(stored) => stored,
        Err(problem) => return Response::NotFound(problem),
    };
    match stored.files.get(&request.attachment_id) {
        Some(file) => Response::Ok(file.clone()),
        None => Response::NotFound(not_found("Attachment", request.attachment_id)),
    }
}
