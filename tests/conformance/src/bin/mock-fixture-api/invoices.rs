//! `/invoices`: list, create (idempotent), get, find by number, update and delete drafts, and
//! the CSV export.

use chrono::{NaiveDate, TimeDelta, Utc};
use dolfin_fixture_api::operations::{
    create_invoice, delete_invoice, export_invoices, get_invoice, get_invoice_by_number,
    list_invoices, update_invoice,
};
use dolfin_fixture_api::server::RequestContext;
use dolfin_fixture_api::types::{
    Invoice, InvoiceLine, InvoiceLineInput, InvoicePage, InvoiceStatus, ProblemDetails,
};
use uuid::Uuid;

use crate::answers::{Invalid, authorize, cents, finite, not_found, page, page_size, problem};
use crate::customers::reused_key;
use crate::state::{Key, Replay, State, new_id, of_organisation};

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
        next_cursor,
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
            .as_deref()
            .is_some_and(|reference| reference.to_lowercase().contains(search))
}

pub fn create(
    state: &mut State,
    context: &RequestContext,
    request: create_invoice::Request,
) -> create_invoice::Response {
    use create_invoice::{CreatedHeaders, Response};
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let organisation = request.params.x_dolfin_organisation_id;
    let replay_key = request
        .params
        .idempotency_key
        .map(|key| (organisation, key));
    if let Some(replay) = replay_key
        .as_ref()
        .and_then(|key| state.invoice_replays.get(key))
    {
        if replay.request != request.body {
            return Response::Conflict(reused_key());
        }
        let invoice = replay.created.clone();
        return Response::Created(
            invoice.clone(),
            CreatedHeaders {
                location: location(&invoice),
            },
        );
    }
    let input = request.body.clone();
    let Some(customer) = state.customers.get(&(organisation, input.customer_id)) else {
        return Response::NotFound(not_found("Customer", input.customer_id));
    };
    // Due after the customer's payment terms unless given; terms beyond the calendar (only
    // possible while the router does not check `maximum`) leave it open.
    let due_date = input.due_date.or_else(|| {
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
        sent_at: None,
        voided_at: None,
        void_reason: None,
        metadata: input.metadata,
        created_at: Utc::now(),
    };
    if let Err(invalid) = recompute(&mut invoice, 0.0) {
        return Response::BadRequest(invalid.problem());
    }
    state
        .invoices
        .insert((organisation, invoice.id), invoice.clone());
    if let Some(key) = replay_key {
        state.invoice_replays.insert(
            key,
            Replay {
                request: request.body,
                created: invoice.clone(),
            },
        );
    }
    Response::Created(
        invoice.clone(),
        CreatedHeaders {
            location: location(&invoice),
        },
    )
}

fn location(invoice: &Invoice) -> String {
    format!("/invoices/{}", invoice.id)
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
        tax_rate,
        amount,
    })
}

/// Sets the total (lines plus their tax) and the amount still due after `paid`.
pub fn recompute(invoice: &mut Invoice, paid: f64) -> Result<(), Invalid> {
    let total: f64 = invoice
        .lines
        .iter()
        .map(|line| line.amount * (1.0 + line.tax_rate.unwrap_or(0.0) / 100.0))
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
    match state
        .invoices
        .get(&(request.params.x_dolfin_organisation_id, request.invoice_id))
    {
        Some(invoice) => Response::Ok(invoice.clone()),
        None => Response::NotFound(not_found("Invoice", request.invoice_id)),
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

/// The draft invoice under `key`, or the 404 or 409 problem.
pub fn draft_mut<'s>(
    state: &'s mut State,
    key: &Key,
) -> Result<&'s mut Invoice, (u16, ProblemDetails)> {
    let invoice = state
        .invoices
        .get_mut(key)
        .ok_or_else(|| (404, not_found("Invoice", key.1)))?;
    if invoice.status != InvoiceStatus::Draft {
        return Err((
            409,
            problem(
                409,
                "Invoice.NotDraft",
                format!("the invoice is {}, not a draft", invoice.status.as_str()),
            ),
        ));
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
    let invoice = match draft_mut(state, &key) {
        Ok(invoice) => invoice,
        Err((404, problem)) => return Response::NotFound(problem),
        Err((_, problem)) => return Response::Conflict(problem),
    };
    let changes = request.body;
    if changes.due_date.is_some() {
        invoice.due_date = changes.due_date;
    }
    if changes.reference.is_some() {
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
    match draft_mut(state, &key) {
        Ok(_) => {
            state.invoices.remove(&key);
            Response::NoContent
        }
        Err((404, problem)) => Response::NotFound(problem),
        Err((_, problem)) => Response::Conflict(problem),
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
