//! `/payments`: recording a payment against an invoice (idempotent), and reading it back.

use chrono::Utc;
use dolfin_fixture_api::operations::{get_payment, record_payment};
use dolfin_fixture_api::server::RequestContext;
use dolfin_fixture_api::types::{
    CardPayment, InvoiceStatus, Payment, PaymentInput, PaymentMethod, PaymentMethodInput,
};

use crate::answers::{authorize, cents, finite, invalid, problem};
use crate::invoices::paid;
use crate::replays::{remember, replayed};
use crate::state::{State, find, new_id};

pub fn record(
    state: &mut State,
    context: &RequestContext,
    request: record_payment::Request,
) -> record_payment::Response {
    use record_payment::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let organisation = request.params.x_dolfin_organisation_id;
    let replay_key = request
        .params
        .idempotency_key
        .map(|key| (organisation, key));
    if let Some(replay) = replayed(&state.payment_replays, replay_key.as_ref(), &request.body) {
        return replay.map_or_else(Response::Conflict, created);
    }
    let input = request.body.clone();
    // The schema's `exclusiveMinimum: 0` binds numbers only, so `"0"` (a numeric string) is
    // schema-valid; the payment would then be shown with an amount its schema forbids. A
    // real service refuses it as a validation error, and so does the mock.
    let amount = match finite("amount", input.amount) {
        Ok(amount) if amount > 0.0 => amount,
        Ok(_) => return Response::BadRequest(invalid("amount", "must be greater than zero")),
        Err(error) => return Response::BadRequest(error.problem()),
    };
    let invoice_key = (organisation, input.invoice_id);
    let invoice = match find(&state.invoices, invoice_key, "Invoice") {
        Ok(invoice) => invoice,
        Err(problem) => return Response::NotFound(problem),
    };
    if matches!(invoice.status, InvoiceStatus::Draft | InvoiceStatus::Void) {
        let detail = format!(
            "the invoice is {}; only sent invoices take payments",
            invoice.status.as_str()
        );
        return Response::Conflict(problem(409, "Payment.InvoiceNotPayable", detail));
    }
    if invoice.currency != input.currency {
        let detail = format!(
            "the invoice is in {}, the payment in {}",
            invoice.currency, input.currency
        );
        return Response::Conflict(problem(409, "Payment.CurrencyMismatch", detail));
    }
    let payment = stored(input, amount);
    state
        .payments
        .insert((organisation, payment.id), payment.clone());
    let paid_so_far = paid(state, organisation, payment.invoice_id);
    if let Some(invoice) = state.invoices.get_mut(&invoice_key) {
        invoice.amount_due = cents((invoice.total - paid_so_far).max(0.0));
        invoice.status = if invoice.amount_due == 0.0 {
            InvoiceStatus::Paid
        } else {
            InvoiceStatus::PartiallyPaid
        };
    }
    remember(
        &mut state.payment_replays,
        replay_key,
        request.body,
        &payment,
    );
    created(payment)
}

/// The 201 of a payment, first recorded or replayed.
fn created(payment: Payment) -> record_payment::Response {
    let location = format!("/payments/{}", payment.id);
    record_payment::Response::Created(payment, record_payment::CreatedHeaders { location })
}

/// The payment as kept and shown: the card processor's token is write-only, so the card's read
/// form has no field for it.
fn stored(input: PaymentInput, amount: f64) -> Payment {
    let method = match input.method {
        PaymentMethodInput::CardPayment(card) => PaymentMethod::CardPayment(CardPayment {
            r#type: card.r#type,
            brand: card.brand,
            last4: card.last4,
        }),
        PaymentMethodInput::BankTransfer(transfer) => PaymentMethod::BankTransfer(transfer),
        PaymentMethodInput::CashPayment(cash) => PaymentMethod::CashPayment(cash),
    };
    Payment {
        invoice_id: input.invoice_id,
        amount,
        currency: input.currency,
        paid_on: input.paid_on,
        method,
        metadata: input.metadata,
        id: new_id(),
        created_at: Utc::now(),
    }
}

pub fn get(
    state: &State,
    context: &RequestContext,
    request: get_payment::Request,
) -> get_payment::Response {
    use get_payment::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let key = (request.params.x_dolfin_organisation_id, request.payment_id);
    match find(&state.payments, key, "Payment") {
        Ok(payment) => Response::Ok(payment.clone()),
        Err(problem) => Response::NotFound(problem),
    }
}
