//! `/customers`: list, create (idempotent), get, replace, delete.

use chrono::Utc;
use dolfin_fixture_api::operations::{
    create_customer, delete_customer, get_customer, list_customers, update_customer,
};
use dolfin_fixture_api::server::RequestContext;
use dolfin_fixture_api::types::{Customer, CustomerInput, CustomerPage};

use crate::answers::{authorize, not_found, page, page_size, problem};
use crate::state::{Replay, State, new_id, of_organisation};

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
        next_cursor,
    })
}

fn matches(customer: &Customer, search: &str) -> bool {
    customer.name.to_lowercase().contains(search)
        || customer
            .email
            .as_deref()
            .is_some_and(|email| email.to_lowercase().contains(search))
}

pub fn create(
    state: &mut State,
    context: &RequestContext,
    request: create_customer::Request,
) -> create_customer::Response {
    use create_customer::{CreatedHeaders, Response};
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
        .and_then(|key| state.customer_replays.get(key))
    {
        if replay.request != request.body {
            return Response::Conflict(reused_key());
        }
        let customer = replay.created.clone();
        return Response::Created(
            customer.clone(),
            CreatedHeaders {
                location: location(&customer),
            },
        );
    }
    let customer = from_input(new_id(), request.body.clone(), Utc::now());
    state
        .customers
        .insert((organisation, customer.id), customer.clone());
    if let Some(key) = replay_key {
        state.customer_replays.insert(
            key,
            Replay {
                request: request.body,
                created: customer.clone(),
            },
        );
    }
    Response::Created(
        customer.clone(),
        CreatedHeaders {
            location: location(&customer),
        },
    )
}

/// The `409` for an `Idempotency-Key` seen before with another request.
pub fn reused_key() -> dolfin_fixture_api::types::ProblemDetails {
    problem(
        409,
        "Idempotency.KeyReused",
        "the Idempotency-Key was used for a different request",
    )
}

fn location(customer: &Customer) -> String {
    format!("/customers/{}", customer.id)
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
    match state
        .customers
        .get(&(request.params.x_dolfin_organisation_id, request.customer_id))
    {
        Some(customer) => Response::Ok(customer.clone()),
        None => Response::NotFound(not_found("Customer", request.customer_id)),
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
    let Some(customer) = state.customers.get_mut(&key) else {
        return Response::NotFound(not_found("Customer", request.customer_id));
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
    if !state.customers.contains_key(&key) {
        return Response::NotFound(not_found("Customer", request.customer_id));
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
