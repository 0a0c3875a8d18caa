//! `/customers`: list, create (idempotent), get, replace, delete.

use chrono::Utc;
use dolfin_fixture_api::operations::{
    create_customer, delete_customer, get_customer, list_customers, update_customer,
};
use dolfin_fixture_api::server::RequestContext;
use dolfin_fixture_api::types::{Customer, CustomerInput, CustomerPage, Nullable};

use crate::answers::{authorize, page, page_size, problem};
use crate::replays::{remember, replayed};
use crate::state::{State, find, find_mut, new_id, of_organisation};

/// The currency of a customer created without one: the organisation's, which for every
/// organisation of this mock is pounds sterling.
const DEFAULT_CURRENCY: &str = "GBP";
/// Payment terms of a customer created without them (the schema's `default`).
const DEFAULT_TERMS_DAYS: i32 = 30;

pub fn list(
    state: &State,
    context: &RequestContext,
    request: list_customers::Request,
) -> list_customers::Response {
    use list_customers::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let params = request.params;
    let search = params.search.as_deref().map(str::to_lowercase);
    let items = of_organisation(&state.customers, params.x_dolfin_organisation_id)
        .filter(|(_, customer)| search.as_deref().is_none_or(|text| matches(customer, text)))
        .map(|((_, id), customer)| (id.to_string(), customer.clone()))
        .collect();
    // Oldest first: the next page holds the ids after the cursor.
    let (data, next_cursor) = page(
        items,
        params.cursor.as_deref(),
        page_size(params.limit),
        |id, cursor| id > cursor,
    );
    Response::Ok(CustomerPage {
        data,
        has_more: next_cursor.is_some(),
        next_cursor: Nullable::from(next_cursor),
    })
}

fn matches(customer: &Customer, search: &str) -> bool {
    customer.name.to_lowercase().contains(search)
        || customer
            .email
            .value()
            .is_some_and(|email| email.to_lowercase().contains(search))
}

pub fn create(
    state: &mut State,
    context: &RequestContext,
    request: create_customer::Request,
) -> create_customer::Response {
    use create_customer::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let organisation = request.params.x_dolfin_organisation_id;
    let replay_key = request
        .params
        .idempotency_key
        .map(|key| (organisation, key));
    if let Some(replay) = replayed(&state.customer_replays, replay_key.as_ref(), &request.body) {
        return replay.map_or_else(Response::Conflict, created);
    }
    let customer = from_input(new_id(), request.body.clone(), Utc::now());
    state
        .customers
        .insert((organisation, customer.id), customer.clone());
    remember(
        &mut state.customer_replays,
        replay_key,
        request.body,
        &customer,
    );
    created(customer)
}

/// The 201 of a create, first made or replayed.
fn created(customer: Customer) -> create_customer::Response {
    let location = format!("/customers/{}", customer.id);
    create_customer::Response::Created(customer, create_customer::CreatedHeaders { location })
}

fn from_input(id: uuid::Uuid, input: CustomerInput, created_at: chrono::DateTime<Utc>) -> Customer {
    Customer {
        id,
        name: input.name,
        email: input.email,
        phone: input.phone,
        tax_number: input.tax_number,
        currency: input
            .currency
            .unwrap_or_else(|| DEFAULT_CURRENCY.to_string()),
        payment_terms_days: input.payment_terms_days.unwrap_or(DEFAULT_TERMS_DAYS),
        billing_address: input.billing_address,
        metadata: input.metadata,
        created_at,
    }
}

pub fn get(
    state: &State,
    context: &RequestContext,
    request: get_customer::Request,
) -> get_customer::Response {
    use get_customer::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let key = (request.params.x_dolfin_organisation_id, request.customer_id);
    match find(&state.customers, key, "Customer") {
        Ok(customer) => Response::Ok(customer.clone()),
        Err(problem) => Response::NotFound(problem),
    }
}

pub fn update(
    state: &mut State,
    context: &RequestContext,
    request: update_customer::Request,
) -> update_customer::Response {
    use update_customer::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let key = (request.params.x_dolfin_organisation_id, request.customer_id);
    let customer = match find_mut(&mut state.customers, key, "Customer") {
        Ok(customer) => customer,
        Err(problem) => return Response::NotFound(problem),
    };
    // A replacement keeps what the server owns: the id and the creation time.
    *customer = from_input(customer.id, request.body, customer.created_at);
    Response::Ok(customer.clone())
}

pub fn delete(
    state: &mut State,
    context: &RequestContext,
    request: delete_customer::Request,
) -> delete_customer::Response {
    use delete_customer::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let organisation = request.params.x_dolfin_organisation_id;
    let key = (organisation, request.customer_id);
    if let Err(problem) = find(&state.customers, key, "Customer") {
        return Response::NotFound(problem);
    }
    let has_invoices = of_organisation(&state.invoices, organisation)
        .any(|(_, invoice)| invoice.customer_id == request.customer_id);
    if has_invoices {
        return Response::Conflict(problem(
            409,
            "Customer.HasInvoices",
            "the customer still has invoices",
        ));
    }
    state.customers.remove(&key);
    Response::NoContent
}
