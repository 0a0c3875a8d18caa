//! An invoice's life: create, lines, update, find, list, send, pay, export; then a voided
//! invoice and a deleted draft.

use chrono::NaiveDate;
use dolfin_fixture_api::client::Error;
use dolfin_fixture_api::operations::{
    add_invoice_line, create_invoice, delete_invoice, delete_invoice_line, export_invoices,
    get_invoice, get_invoice_by_number, get_payment, list_invoice_lines, list_invoices,
    record_payment, send_invoice, update_invoice, void_invoice,
};
use dolfin_fixture_api::types::{
    CardPaymentBrand, CardPaymentInput, CardPaymentType, Customer, Invoice, InvoiceInput,
    InvoiceLineInput, InvoiceStatus, InvoiceUpdate, Nullable, PaymentInput, PaymentMethod,
    PaymentMethodInput, SendInvoiceRequest, VoidInvoiceRequest,
};
use futures::TryStreamExt;

use crate::{Driver, Outcome, expect, failed, passed};

fn date(year: i32, month: u32, day: u32) -> Outcome<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| format!("no date {year}-{month}-{day}"))
}

pub async fn lifecycle(driver: &Driver, customer: &Customer) -> Outcome<()> {
    let invoice = create(driver, customer, "PO-1001").await?;
    lines(driver, &invoice).await?;
    let invoice = update_and_find(driver, &invoice).await?;
    list(driver, &invoice).await?;
    let invoice = send(driver, &invoice).await?;
    pay(driver, &invoice).await?;
    export(driver, &invoice).await?;
    void(driver, customer).await?;
    delete(driver, customer).await
}

async fn create(driver: &Driver, customer: &Customer, reference: &str) -> Outcome<Invoice> {
    let input = InvoiceInput {
        customer_id: customer.id,
        currency: "GBP".to_string(),
        issue_date: date(2025, 1, 31)?,
        due_date: Nullable::Absent,
        reference: Nullable::Value(reference.to_string()),
        lines: Some(vec![InvoiceLineInput {
            description: "Consulting, January".to_string(),
            quantity: 3,
            unit_price: 150.0,
            tax_rate: Some(20.0),
        }]),
        metadata: None,
    };
    let params = create_invoice::Params {
        x_dolfin_organisation_id: driver.organisation,
        idempotency_key: None,
    };
    let create_invoice::SuccessResponse::Created(invoice, headers) = driver
        .client
        .create_invoice(&input, &params)
        .await
        .map_err(failed("create_invoice"))?;
    expect(
        invoice.status == InvoiceStatus::Draft && invoice.total == 540.0,
        "create_invoice",
        "a draft of 540.00",
    )?;
    expect(
        invoice.due_date == Some(date(2025, 2, 14)?),
        "create_invoice",
        "due after the customer's 14 days",
    )?;
    passed(
        "create_invoice",
        format!(
            "201 {} {} Location {}",
            invoice.number, invoice.total, headers.location
        ),
    );
    Ok(invoice)
}

async fn lines(driver: &Driver, invoice: &Invoice) -> Outcome<()> {
    let client = &driver.client;
    let line = InvoiceLineInput {
        description: "Travel".to_string(),
        quantity: 1,
        unit_price: 42.5,
        tax_rate: None,
    };
    let add = add_invoice_line::Params {
        x_dolfin_organisation_id: driver.organisation,
    };
    let add_invoice_line::SuccessResponse::Created(added, headers) = client
        .add_invoice_line(invoice.id, &line, &add)
        .await
        .map_err(failed("add_invoice_line"))?;
    expect(added.amount == 42.5, "add_invoice_line", "amount 42.5")?;
    passed(
        "add_invoice_line",
        format!("201 Location {}", headers.location),
    );

    let list = list_invoice_lines::Params {
        x_dolfin_organisation_id: driver.organisation,
    };
    let all = client
        .list_invoice_lines(invoice.id, &list)
        .await
        .map_err(failed("list_invoice_lines"))?;
    expect(
        all.len() == 2 && all.last() == Some(&added),
        "list_invoice_lines",
        "both lines",
    )?;
    passed("list_invoice_lines", "200 2 lines");

    let delete = delete_invoice_line::Params {
        x_dolfin_organisation_id: driver.organisation,
    };
    client
        .delete_invoice_line(invoice.id, added.id, &delete)
        .await
        .map_err(failed("delete_invoice_line"))?;
    passed("delete_invoice_line", "204");
    Ok(())
}

async fn update_and_find(driver: &Driver, invoice: &Invoice) -> Outcome<Invoice> {
    let client = &driver.client;
    let changes = InvoiceUpdate {
        due_date: Nullable::Value(date(2025, 2, 28)?),
        reference: Nullable::Absent,
        metadata: Some([("project".to_string(), "apollo".to_string())].into()),
    };
    let update = update_invoice::Params {
        x_dolfin_organisation_id: driver.organisation,
    };
    let updated = client
        .update_invoice(invoice.id, &changes, &update)
        .await
        .map_err(failed("update_invoice"))?;
    expect(
        updated.due_date.as_ref() == changes.due_date.value()
            && updated.reference == invoice.reference,
        "update_invoice",
        "the new due date, the reference kept",
    )?;
    expect(
        updated.total == 540.0,
        "update_invoice",
        "the total back at 540.00 without the removed line",
    )?;
    passed("update_invoice", "200 due date changed");
    let updated = clear_and_restore_due_date(driver, &updated).await?;

    let get = get_invoice::Params {
        x_dolfin_organisation_id: driver.organisation,
    };
    let fetched = client
        .get_invoice(invoice.id, &get)
        .await
        .map_err(failed("get_invoice"))?;
    expect(fetched == updated, "get_invoice", "the updated invoice")?;
    passed("get_invoice", "200");

    let by_number = get_invoice_by_number::Params {
        x_dolfin_organisation_id: driver.organisation,
    };
    // The operation is deprecated; calling it is the point, since the client must still serve it.
    #[allow(deprecated)]
    let found = client
        .get_invoice_by_number(invoice.number.clone(), &by_number)
        .await
        .map_err(failed("get_invoice_by_number"))?;
    expect(
        found.id == invoice.id,
        "get_invoice_by_number",
        "the invoice",
    )?;
    passed(
        "get_invoice_by_number",
        format!("200 {} (deprecated operation)", found.number),
    );
    Ok(updated)
}

/// A PATCH that sends `dueDate: null` clears the date and leaves the rest; one that sends the
/// date sets it again.
async fn clear_and_restore_due_date(driver: &Driver, invoice: &Invoice) -> Outcome<Invoice> {
    let update = update_invoice::Params {
        x_dolfin_organisation_id: driver.organisation,
    };
    let clear = InvoiceUpdate::default().due_date_null();
    let cleared = driver
        .client
        .update_invoice(invoice.id, &clear, &update)
        .await
        .map_err(failed("update_invoice"))?;
    expect(
        cleared.due_date.is_none()
            && cleared.reference == invoice.reference
            && cleared.metadata == invoice.metadata,
        "update_invoice",
        "dueDate: null clears the due date, the rest kept",
    )?;
    let Some(due_date) = invoice.due_date else {
        return Err("update_invoice: the invoice had no due date to restore".into());
    };
    let restore = InvoiceUpdate::default().due_date(due_date);
    let restored = driver
        .client
        .update_invoice(invoice.id, &restore, &update)
        .await
        .map_err(failed("update_invoice"))?;
    expect(
        restored == *invoice,
        "update_invoice",
        "the due date set again, the invoice as before",
    )?;
    passed(
        "update_invoice",
        "200 due date cleared by null, then set again",
    );
    Ok(restored)
}

async fn list(driver: &Driver, invoice: &Invoice) -> Outcome<()> {
    let params = list_invoices::Params {
        x_dolfin_organisation_id: driver.organisation,
        cursor: None,
        limit: Some(50),
        status: Some(vec![InvoiceStatus::Draft, InvoiceStatus::Sent]),
        customer_id: Some(invoice.customer_id),
        issued_from: Some(date(2025, 1, 1)?),
        issued_to: Some(date(2025, 1, 31)?),
        search: Some(invoice.number.to_lowercase()),
    };
    let page = driver
        .client
        .list_invoices(&params)
        .await
        .map_err(failed("list_invoices"))?;
    expect(
        page.data.len() == 1 && !page.has_more,
        "list_invoices",
        "the one matching invoice",
    )?;
    passed(
        "list_invoices",
        "200 filtered by status[], customer, dates, search",
    );
    let all: Vec<Invoice> = driver
        .client
        .list_invoices_stream(list_invoices::Params {
            limit: Some(1),
            search: None,
            ..params
        })
        .try_collect()
        .await
        .map_err(failed("list_invoices_stream"))?;
    expect(
        all.len() == 1 && all[0].id == invoice.id,
        "list_invoices_stream",
        "the invoice",
    )?;
    passed("list_invoices_stream", "1 invoice");
    Ok(())
}

async fn send(driver: &Driver, invoice: &Invoice) -> Outcome<Invoice> {
    let params = send_invoice::Params {
        x_dolfin_organisation_id: driver.organisation,
    };
    let request = SendInvoiceRequest {
        to: None,
        message: Nullable::Value("Thank you for your business.".to_string()),
    };
    let sent = driver
        .client
        .send_invoice(invoice.id, Some(&request), &params)
        .await
        .map_err(failed("send_invoice"))?;
    expect(
        sent.status == InvoiceStatus::Sent && sent.sent_at.is_value(),
        "send_invoice",
        "status sent with sentAt",
    )?;
    passed("send_invoice", "200 sent to the customer's address");
    Ok(sent)
}

async fn pay(driver: &Driver, invoice: &Invoice) -> Outcome<()> {
    let client = &driver.client;
    let input = PaymentInput {
        invoice_id: invoice.id,
        amount: 200.0,
        currency: "GBP".to_string(),
        paid_on: date(2025, 2, 10)?,
        // The request form of the card: the write-only processor token is sent.
        method: PaymentMethodInput::CardPayment(CardPaymentInput {
            r#type: CardPaymentType::Card,
            brand: CardPaymentBrand::Visa,
            last4: "4242".to_string(),
            processor_token: Some("tok_visa_1".to_string()),
        }),
        metadata: None,
    };
    let params = record_payment::Params {
        x_dolfin_organisation_id: driver.organisation,
        idempotency_key: Some(format!("payment-{}", invoice.id)),
    };
    let record_payment::SuccessResponse::Created(payment, _) = client
        .record_payment(&input, &params)
        .await
        .map_err(failed("record_payment"))?;
    // The card's read form has no processor token: the write-only property is never read.
    let PaymentMethod::CardPayment(card) = &payment.method else {
        return Err(format!(
            "record_payment: expected a card payment, got {:?}",
            payment.method
        ));
    };
    expect(
        card.last4 == "4242",
        "record_payment",
        "the card as sent, without its processor token",
    )?;
    passed(
        "record_payment",
        format!("201 card (discriminator `type`) {}", payment.amount),
    );

    let get = get_payment::Params {
        x_dolfin_organisation_id: driver.organisation,
    };
    let fetched = client
        .get_payment(payment.id, &get)
        .await
        .map_err(failed("get_payment"))?;
    expect(fetched == payment, "get_payment", "the payment as recorded")?;
    passed("get_payment", "200");

    let get = get_invoice::Params {
        x_dolfin_organisation_id: driver.organisation,
    };
    let invoice = client
        .get_invoice(invoice.id, &get)
        .await
        .map_err(failed("get_invoice"))?;
    expect(
        invoice.status == InvoiceStatus::PartiallyPaid && invoice.amount_due == 340.0,
        "get_invoice",
        "partially paid, 340.00 due",
    )?;
    passed("get_invoice", "200 partially paid, 340.00 due");
    Ok(())
}

async fn export(driver: &Driver, invoice: &Invoice) -> Outcome<()> {
    let params = export_invoices::Params {
        x_dolfin_organisation_id: driver.organisation,
        issued_from: Some(date(2025, 1, 1)?),
        issued_to: None,
    };
    let csv = driver
        .client
        .export_invoices(&params)
        .await
        .map_err(failed("export_invoices"))?;
    let rows: Vec<&str> = csv.lines().collect();
    let expected_row = format!("{},{},partially_paid,", invoice.number, invoice.customer_id);
    expect(
        rows.len() == 2 && rows[1].starts_with(&expected_row),
        "export_invoices",
        format!("a header and {expected_row}…, got {csv:?}"),
    )?;
    passed("export_invoices", "200 text/csv, 1 row");
    Ok(())
}

async fn void(driver: &Driver, customer: &Customer) -> Outcome<()> {
    let invoice = create(driver, customer, "PO-1002").await?;
    let params = void_invoice::Params {
        x_dolfin_organisation_id: driver.organisation,
    };
    let request = VoidInvoiceRequest {
        reason: "Raised in error".to_string(),
    };
    let voided = driver
        .client
        .void_invoice(invoice.id, &request, &params)
        .await
        .map_err(failed("void_invoice"))?;
    expect(
        voided.status == InvoiceStatus::Void
            && voided.void_reason.value().map(String::as_str) == Some("Raised in error"),
        "void_invoice",
        "void with the reason",
    )?;
    passed("void_invoice", "200 void");
    match driver
        .client
        .void_invoice(invoice.id, &request, &params)
        .await
    {
        Err(Error::Status {
            response: void_invoice::ErrorResponse::Conflict(_),
            ..
        }) => {
            passed("void_invoice", "409 problem+json when already void");
            Ok(())
        }
        other => Err(format!(
            "void_invoice again: expected the documented 409, got {other:?}"
        )),
    }
}

async fn delete(driver: &Driver, customer: &Customer) -> Outcome<()> {
    let invoice = create(driver, customer, "PO-1003").await?;
    let params = delete_invoice::Params {
        x_dolfin_organisation_id: driver.organisation,
    };
    driver
        .client
        .delete_invoice(invoice.id, &params)
        .await
        .map_err(failed("delete_invoice"))?;
    passed("delete_invoice", "204");
    let get = get_invoice::Params {
        x_dolfin_organisation_id: driver.organisation,
    };
    match driver.client.get_invoice(invoice.id, &get).await {
        Err(Error::Status {
            response: get_invoice::ErrorResponse::NotFound(problem),
            ..
        }) => {
            passed(
                "get_invoice",
                format!(
                    "404 problem+json after the delete ({:?})",
                    problem.title.into_value().unwrap_or_default()
                ),
            );
            Ok(())
        }
        other => Err(format!(
            "get_invoice after delete_invoice: expected the documented 404, got {other:?}"
        )),
    }
}
