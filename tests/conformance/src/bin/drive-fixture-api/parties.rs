//! Customers: create (idempotently), read, replace, list page by page, delete.

use dolfin_fixture_api::client::{Client, Error};
use dolfin_fixture_api::operations::{
    create_customer, delete_customer, get_customer, list_customers, update_customer,
};
use dolfin_fixture_api::types::{Address, Customer, CustomerInput, Nullable};
use futures::TryStreamExt;

use crate::{Driver, Outcome, expect, failed, passed};

/// Runs every customer operation; returns the customer later steps invoice.
pub async fn customers(driver: &Driver, bearer: &Client) -> Outcome<Customer> {
    let client = &driver.client;
    let organisation = driver.organisation;
    let input = CustomerInput {
        name: "Acme Trading Ltd".to_string(),
        email: Nullable::Value("accounts@acme.example".to_string()),
        phone: Nullable::Absent,
        tax_number: Nullable::Value("GB123456789".to_string()),
        currency: Some("GBP".to_string()),
        payment_terms_days: Some(14),
        billing_address: Some(Address {
            line1: "1 High Street".to_string(),
            line2: Nullable::Absent,
            city: "Leeds".to_string(),
            postcode: Nullable::Value("LS1 1AA".to_string()),
            country: "GB".to_string(),
        }),
        metadata: Some([("crm".to_string(), "hubspot-42".to_string())].into()),
    };
    let params = create_customer::Params {
        x_dolfin_organisation_id: organisation,
        idempotency_key: Some(format!("customer-{organisation}")),
    };
    let create_customer::SuccessResponse::Created(customer, headers) = client
        .create_customer(&input, &params)
        .await
        .map_err(failed("create_customer"))?;
    expect(
        headers.location == format!("/customers/{}", customer.id),
        "create_customer",
        "Location of the customer",
    )?;
    expect(
        customer.payment_terms_days == 14 && customer.name == input.name,
        "create_customer",
        "the fields sent",
    )?;
    passed(
        "create_customer",
        format!("201 {} Location {}", customer.id, headers.location),
    );

    let create_customer::SuccessResponse::Created(again, _) = client
        .create_customer(&input, &params)
        .await
        .map_err(failed("create_customer (repeat)"))?;
    expect(
        again.id == customer.id,
        "create_customer",
        "the same customer for a repeated Idempotency-Key",
    )?;
    passed(
        "create_customer",
        "201 replayed for a repeated Idempotency-Key",
    );

    let get = get_customer::Params {
        x_dolfin_organisation_id: organisation,
    };
    let fetched = client
        .get_customer(customer.id, &get)
        .await
        .map_err(failed("get_customer"))?;
    expect(
        fetched == customer,
        "get_customer",
        "the customer as created",
    )?;
    passed("get_customer", "200 as created");

    let renamed = CustomerInput {
        name: "Acme Trading Group Ltd".to_string(),
        ..input.clone()
    };
    let update = update_customer::Params {
        x_dolfin_organisation_id: organisation,
    };
    let customer = client
        .update_customer(customer.id, &renamed, &update)
        .await
        .map_err(failed("update_customer"))?;
    expect(
        customer.name == renamed.name,
        "update_customer",
        "the new name",
    )?;
    passed(
        "update_customer",
        format!("200 renamed to {:?}", customer.name),
    );

    let other = short_lived_customer(client, organisation).await?;
    list(driver, bearer, &[customer.id, other]).await?;
    delete(client, organisation, other).await?;
    Ok(customer)
}

/// A second customer, so the list has two pages at one item a page, and one with no
/// invoices, so it can be deleted.
async fn short_lived_customer(client: &Client, organisation: uuid::Uuid) -> Outcome<uuid::Uuid> {
    let input = CustomerInput {
        name: "Brief Customer".to_string(),
        email: Nullable::Absent,
        phone: Nullable::Value("+44 113 496 0000".to_string()),
        tax_number: Nullable::Absent,
        currency: None,
        payment_terms_days: None,
        billing_address: None,
        metadata: None,
    };
    let params = create_customer::Params {
        x_dolfin_organisation_id: organisation,
        idempotency_key: None,
    };
    let create_customer::SuccessResponse::Created(customer, _) = client
        .create_customer(&input, &params)
        .await
        .map_err(failed("create_customer"))?;
    expect(
        customer.currency == "GBP" && customer.payment_terms_days == 30,
        "create_customer",
        "the defaults applied",
    )?;
    passed(
        "create_customer",
        "201 with the server's defaults (GBP, 30 days)",
    );
    Ok(customer.id)
}

/// The first page with the bearer client, then every page through the stream helper.
async fn list(driver: &Driver, bearer: &Client, expected: &[uuid::Uuid]) -> Outcome<()> {
    let params = list_customers::Params {
        x_dolfin_organisation_id: driver.organisation,
        cursor: None,
        limit: Some(1),
        search: None,
    };
    let first = bearer
        .list_customers(&params)
        .await
        .map_err(failed("list_customers"))?;
    expect(
        first.data.len() == 1 && first.has_more && first.next_cursor.is_value(),
        "list_customers",
        "a first page of one with a next cursor",
    )?;
    passed("list_customers", "200 page 1 of 2 (bearer token)");
    let all: Vec<Customer> = driver
        .client
        .list_customers_stream(params)
        .try_collect()
        .await
        .map_err(failed("list_customers_stream"))?;
    let ids: Vec<uuid::Uuid> = all.iter().map(|customer| customer.id).collect();
    expect(
        ids == expected,
        "list_customers_stream",
        format!("{expected:?} oldest first, got {ids:?}"),
    )?;
    passed(
        "list_customers_stream",
        format!("{} customers over {} pages", ids.len(), ids.len()),
    );
    Ok(())
}

async fn delete(client: &Client, organisation: uuid::Uuid, customer: uuid::Uuid) -> Outcome<()> {
    let params = delete_customer::Params {
        x_dolfin_organisation_id: organisation,
    };
    client
        .delete_customer(customer, &params)
        .await
        .map_err(failed("delete_customer"))?;
    passed("delete_customer", "204");
    let get = get_customer::Params {
        x_dolfin_organisation_id: organisation,
    };
    match client.get_customer(customer, &get).await {
        Err(Error::Status {
            response: get_customer::ErrorResponse::NotFound(_),
            ..
        }) => {
            passed("get_customer", "404 problem+json after the delete");
            Ok(())
        }
        other => Err(format!(
            "get_customer after delete_customer: expected the documented 404, got {other:?}"
        )),
    }
}
