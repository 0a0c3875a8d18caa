//! What happens to an existing invoice: sending, voiding, and its lines.

use chrono::Utc;
use dolfin_fixture_api::operations::{
    add_invoice_line, delete_invoice_line, list_invoice_lines, send_invoice, void_invoice,
};
use dolfin_fixture_api::server::RequestContext;
use dolfin_fixture_api::types::{InvoiceStatus, Nullable};

use crate::answers::{authorize, not_found, problem};
use crate::invoices::{draft_mut, new_line, paid, recompute};
use crate::state::{State, find, find_mut};

pub fn send(
    state: &mut State,
    context: &RequestContext,
    request: send_invoice::Request,
) -> send_invoice::Response {
    use send_invoice::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let organisation = request.params.x_dolfin_organisation_id;
    // Borrowed for changing from the start: the checks below read only other stores (the
    // customer's email), so one lookup serves both the checks and the change.
    let key = (organisation, request.invoice_id);
    let invoice = match find_mut(&mut state.invoices, key, "Invoice") {
        Ok(invoice) => invoice,
        Err(problem) => return Response::NotFound(problem),
    };
    if invoice.status == InvoiceStatus::Void {
        return Response::Conflict(problem(
            409,
            "Invoice.Void",
            "a void invoice cannot be sent",
        ));
    }
    let given = request
        .body
        .and_then(|body| body.to)
        .filter(|to| !to.is_empty());
    let on_file = state
        .customers
        .get(&(organisation, invoice.customer_id))
        .and_then(|customer| customer.email.clone().into_value())
        .filter(|email| !email.is_empty());
    if given.is_none() && on_file.is_none() {
        return Response::Conflict(problem(
            409,
            "Invoice.NoRecipient",
            "the customer has no email address and none was given",
        ));
    }
    // The mock sends no email; being marked sent is all the API shows of sending.
    if invoice.status == InvoiceStatus::Draft {
        invoice.status = InvoiceStatus::Sent;
    }
    invoice.sent_at = Nullable::Value(Utc::now());
    Response::Ok(invoice.clone())
}

pub fn void(
    state: &mut State,
    context: &RequestContext,
    request: void_invoice::Request,
) -> void_invoice::Response {
    use void_invoice::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let organisation = request.params.x_dolfin_organisation_id;
    let has_payments = paid(state, organisation, request.invoice_id) != 0.0;
    let key = (organisation, request.invoice_id);
    let invoice = match find_mut(&mut state.invoices, key, "Invoice") {
        Ok(invoice) => invoice,
        Err(problem) => return Response::NotFound(problem),
    };
    if invoice.status == InvoiceStatus::Void {
        return Response::Conflict(problem(
            409,
            "Invoice.AlreadyVoid",
            "the invoice is already void",
        ));
    }
    if has_payments {
        return Response::Conflict(problem(
            409,
            "Invoice.HasPayments",
            "an invoice with payments cannot be voided",
        ));
    }
    invoice.status = InvoiceStatus::Void;
    invoice.voided_at = Nullable::Value(Utc::now());
    invoice.void_reason = Nullable::Value(request.body.reason);
    invoice.amount_due = 0.0;
    Response::Ok(invoice.clone())
}

pub fn list_lines(
    state: &State,
    context: &RequestContext,
    request: list_invoice_lines::Request,
) -> list_invoice_lines::Response {
    use list_invoice_lines::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let key = (request.params.x_dolfin_organisation_id, request.invoice_id);
    match find(&state.invoices, key, "Invoice") {
        Ok(invoice) => Response::Ok(invoice.lines.clone()),
        Err(problem) => Response::NotFound(problem),
    }
}

pub fn add_line(
    state: &mut State,
    context: &RequestContext,
    request: add_invoice_line::Request,
) -> add_invoice_line::Response {
    use add_invoice_line::{CreatedHeaders, Response};
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let key = (request.params.x_dolfin_organisation_id, request.invoice_id);
    let invoice = match draft_mut(state, key, Response::NotFound, Response::Conflict) {
        Ok(invoice) => invoice,
        Err(refused) => return refused,
    };
    let line = match new_line(request.body) {
        Ok(line) => line,
        Err(invalid) => return Response::BadRequest(invalid.problem()),
    };
    let mut updated = invoice.clone();
    updated.lines.push(line.clone());
    // A draft has no payments, so everything is still due.
    if let Err(invalid) = recompute(&mut updated, 0.0) {
        return Response::BadRequest(invalid.problem());
    }
    *invoice = updated;
    let location = format!("/invoices/{}/lines/{}", request.invoice_id, line.id);
    Response::Created(line, CreatedHeaders { location })
}

pub fn delete_line(
    state: &mut State,
    context: &RequestContext,
    request: delete_invoice_line::Request,
) -> delete_invoice_line::Response {
    use delete_invoice_line::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let key = (request.params.x_dolfin_organisation_id, request.invoice_id);
    let invoice = match draft_mut(state, key, Response::NotFound, Response::Conflict) {
        Ok(invoice) => invoice,
        Err(refused) => return refused,
    };
    let before = invoice.lines.len();
    invoice.lines.retain(|line| line.id != request.line_id);
    if invoice.lines.len() == before {
        return Response::NotFound(not_found("InvoiceLine", request.line_id));
    }
    // The remaining lines can only add up to a non-finite total when their amounts are out of
    // the schema's range (the router does not check it yet); the previous total then stands.
    let _ = recompute(invoice, 0.0);
    Response::NoContent
}
