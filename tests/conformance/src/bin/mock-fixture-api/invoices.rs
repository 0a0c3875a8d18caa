//! `/invoices`: list, create (idempotent), get, find by number, update and delete drafts, and
//! the CSV export.

use chrono::{NaiveDate, TimeDelta, Utc};
use dolfin_fixture_api::operations::{
    create_invoice, delete_invoice, export_invoices, get_invoice, get_invoice_by_number,
    list_invoices, update_invoice,
};
use dolfin_fixture_api::server::RequestContext;
use dolfin_fixture_api::types::{
    Invoice, InvoiceLine, InvoiceLineInput, InvoicePage, InvoiceStatus, Nullable, ProblemDetails,
};
use uuid::Uuid;

use crate::answers::{Invalid, authorize, cents, finite, not_found, page, page_size, problem};
use crate::replays::{remember, replayed};
use crate::state::{Key, State, find, find_mut, new_id, of_organisation};

pub fn list(
    state: &State,
    context: &RequestContext,
    request: list_invoices::Request,
) -> list_invoices::Response {
    use list_invoices::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let params = request.params;
    let search = params.search.as_deref().map(str::to_lowercase);
    let items = of_organisation(&state.invoices, params.x_dolfin_organisation_id)
        .rev()
        .map(|(_, invoice)| invoice)
        .filter(|invoice| {
            params
                .status
                .as_ref()
                .is_none_or(|statuses| statuses.contains(&invoice.status))
        })
        .filter(|invoice| {
            params
                .customer_id
                .is_none_or(|customer| invoice.customer_id == customer)
        })
        .filter(|invoice| issued_within(invoice, params.issued_from, params.issued_to))
        .filter(|invoice| search.as_deref().is_none_or(|text| matches(invoice, text)))
        .map(|invoice| (invoice.id.to_string(), invoice.clone()))
        .collect();
    // Newest first: the next page holds the ids before the cursor.
    let (data, next_cursor) = page(
        items,
        params.cursor.as_deref(),
        page_size(params.limit),
        |id, cursor| id < cursor,
    );
    Response::Ok(InvoicePage {
        data,
        has_more: next_cursor.is_some(),
        next_cursor: Nullable::from(next_cursor),
    })
}

fn issued_within(invoice: &Invoice, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
    from.is_none_or(|from| invoice.issue_date >= from)
        && to.is_none_or(|to| invoice.issue_date <= to)
}

fn matches(invoice: &Invoice, search: &str) -> bool {
    invoice.number.to_lowercase().contains(search)
        || invoice
            .reference
            .value()
            .is_some_and(|reference| reference.to_lowercase().contains(search))
}

pub fn create(
    state: &mut State,
    context: &RequestContext,
    request: create_invoice::Request,
) -> create_invoice::Response {
    use create_invoice::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let organisation = request.params.x_dolfin_organisation_id;
    let replay_key = request
        .params
        .idempotency_key
        .map(|key| (organisation, key));
    if let Some(replay) = replayed(&state.invoice_replays, replay_key.as_ref(), &request.body) {
        return replay.map_or_else(Response::Conflict, created);
    }
    let input = request.body.clone();
    let customer_key = (organisation, input.customer_id);
    let customer = match find(&state.customers, customer_key, "Customer") {
        Ok(customer) => customer,
        Err(problem) => return Response::NotFound(problem),
    };
    // Due after the customer's payment terms unless given; terms beyond the calendar (only
    // possible while the router does not check `maximum`) leave it open.
    let due_date = input.due_date.into_value().or_else(|| {
        TimeDelta::try_days(i64::from(customer.payment_terms_days))
            .and_then(|terms| input.issue_date.checked_add_signed(terms))
    });
    let lines = match input
        .lines
        .unwrap_or_default()
        .into_iter()
        .map(new_line)
        .collect()
    {
        Ok(lines) => lines,
        Err(invalid) => return Response::BadRequest(invalid.problem()),
    };
    let number = next_number(state, organisation);
    let mut invoice = Invoice {
        id: new_id(),
        number,
        customer_id: input.customer_id,
        status: InvoiceStatus::Draft,
        currency: input.currency,
        issue_date: input.issue_date,
        due_date,
        reference: input.reference,
        lines,
        total: 0.0,
        amount_due: 0.0,
        sent_at: Nullable::Absent,
        voided_at: Nullable::Absent,
        void_reason: Nullable::Absent,
        metadata: input.metadata,
        created_at: Utc::now(),
    };
    if let Err(invalid) = recompute(&mut invoice, 0.0) {
        return Response::BadRequest(invalid.problem());
    }
    state
        .invoices
        .insert((organisation, invoice.id), invoice.clone());
    remember(
        &mut state.invoice_replays,
        replay_key,
        request.body,
        &invoice,
    );
    created(invoice)
}

/// The 201 of a create, first made or replayed.
fn created(invoice: Invoice) -> create_invoice::Response {
    let location = format!("/invoices/{}", invoice.id);
    create_invoice::Response::Created(invoice, create_invoice::CreatedHeaders { location })
}

fn next_number(state: &mut State, organisation: Uuid) -> String {
    let last = state.invoice_numbers.entry(organisation).or_default();
    *last = last.saturating_add(1);
    format!("INV-{last:04}")
}

/// A line as stored: the input, an id, and its amount.
pub fn new_line(input: InvoiceLineInput) -> Result<InvoiceLine, Invalid> {
    let unit_price = finite("unitPrice", input.unit_price)?;
    let tax_rate = input
        .tax_rate
        .map(|rate| finite("taxRate", rate))
        .transpose()?;
    let amount = finite("unitPrice", cents(f64::from(input.quantity) * unit_price))?;
    Ok(InvoiceLine {
        id: new_id(),
        description: input.description,
        quantity: input.quantity,
        unit_price,
        tax_rate: Nullable::from(tax_rate),
        amount,
    })
}

/// Sets the total (lines plus their tax) and the amount still due after `paid`.
pub fn recompute(invoice: &mut Invoice, paid: f64) -> Result<(), Invalid> {
    let total: f64 = invoice
        .lines
        .iter()
        .map(|line| line.amount * (1.0 + line.tax_rate.into_value().unwrap_or(0.0) / 100.0))
        .sum();
    invoice.total = finite("lines", cents(total))?;
    invoice.amount_due = cents((invoice.total - paid).max(0.0));
    Ok(())
}

/// The total of the payments recorded against an invoice.
pub fn paid(state: &State, organisation: Uuid, invoice: Uuid) -> f64 {
    of_organisation(&state.payments, organisation)
        .filter(|(_, payment)| payment.invoice_id == invoice)
        .map(|(_, payment)| payment.amount)
        .sum()
}

pub fn get(
    state: &State,
    context: &RequestContext,
    request: get_invoice::Request,
) -> get_invoice::Response {
    use get_invoice::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let key = (request.params.x_dolfin_organisation_id, request.invoice_id);
    match find(&state.invoices, key, "Invoice") {
        Ok(invoice) => Response::Ok(invoice.clone()),
        Err(problem) => Response::NotFound(problem),
    }
}

pub fn get_by_number(
    state: &State,
    context: &RequestContext,
    request: get_invoice_by_number::Request,
) -> get_invoice_by_number::Response {
    use get_invoice_by_number::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let found = of_organisation(&state.invoices, request.params.x_dolfin_organisation_id)
        .find(|(_, invoice)| invoice.number == request.number);
    match found {
        Some((_, invoice)) => Response::Ok(invoice.clone()),
        None => Response::NotFound(not_found("Invoice", &request.number)),
    }
}

/// The draft invoice under `key`, or the operation's answer refusing it: `not_found` (404)
/// when there is none, `conflict` (409) when it is no longer a draft. Every operation that
/// changes a draft answers both alike; the constructors are passed in because each
/// operation's `Response` is a type of its own.
pub fn draft_mut<R>(
    state: &mut State,
    key: Key,
    not_found: fn(ProblemDetails) -> R,
    conflict: fn(ProblemDetails) -> R,
) -> Result<&mut Invoice, R> {
    let invoice = find_mut(&mut state.invoices, key, "Invoice").map_err(not_found)?;
    if invoice.status != InvoiceStatus::Draft {
        let detail = format!("the invoice is {}, not a draft", invoice.status.as_str());
        return Err(conflict(problem(409, "Invoice.NotDraft", detail)));
    }
    Ok(invoice)
}

pub fn update(
    state: &mut State,
    context: &RequestContext,
    request: update_invoice::Request,
) -> update_invoice::Response {
    use update_invoice::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let key = (request.params.x_dolfin_organisation_id, request.invoice_id);
    let invoice = match draft_mut(state, key, Response::NotFound, Response::Conflict) {
        Ok(invoice) => invoice,
        Err(refused) => return refused,
    };
    let changes = request.body;
    // A PATCH: an absent field stays as it is, `null` clears it, a value replaces it.
    changes.due_date.apply_to(&mut invoice.due_date);
    if !changes.reference.is_absent() {
        invoice.reference = changes.reference;
    }
    if changes.metadata.is_some() {
        invoice.metadata = changes.metadata;
    }
    Response::Ok(invoice.clone())
}

pub fn delete(
    state: &mut State,
    context: &RequestContext,
    request: delete_invoice::Request,
) -> delete_invoice::Response {
    use delete_invoice::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let key = (request.params.x_dolfin_organisation_id, request.invoice_id);
    match draft_mut(state, key, Response::NotFound, Response::Conflict) {
        Ok(_) => {
            state.invoices.remove(&key);
            Response::NoContent
        }
        Err(refused) => refused,
    }
}

pub fn export(
    state: &State,
    context: &RequestContext,
    request: export_invoices::Request,
) -> export_invoices::Response {
    use export_invoices::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let params = request.params;
    let mut csv =
        String::from("number,customerId,status,currency,issueDate,dueDate,total,amountDue\r\n");
    for (_, invoice) in of_organisation(&state.invoices, params.x_dolfin_organisation_id) {
        if !issued_within(invoice, params.issued_from, params.issued_to) {
            continue;
        }
        let due = invoice
            .due_date
            .map(|date| date.to_string())
            .unwrap_or_default();
        let row = [
            invoice.number.clone(),
            invoice.customer_id.to_string(),
            invoice.status.as_str().to_string(),
            invoice.currency.clone(),
            invoice.issue_date.to_string(),
            due,
            format!("{:.2}", invoice.total),
            format!("{:.2}", invoice.amount_due),
        ];
        let fields: Vec<String> = row.iter().map(|field| csv_field(field)).collect();
        csv.push_str(&fields.join(","));
        csv.push_str("\r\n");
    }
    Response::Ok(csv)
}

/// A CSV field, quoted as RFC 4180 asks when it holds a comma, quote or line break (a currency
/// or number the router let through unchecked could).
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
