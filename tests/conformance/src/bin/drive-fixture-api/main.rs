//! Drives every operation of the generated fixture-API client (`dolfin-fixture-api`, feature
//! `client`) against a server: `drive-fixture-api --base-url http://127.0.0.1:8080`.
//!
//! The calls follow a bookkeeper's day (a customer, invoices for it, a payment, a supplier's
//! bill), so each one has real ids to work on. Every answer must decode into the generated
//! types and be the expected variant; one line is printed per operation, and the first
//! failure stops the run with exit status 1. Run against the mock (`mock-fixture-api`) or
//! through Prism as a validating proxy in front of it.

mod access;
mod bills;
mod invoices;
mod parties;
mod settings;

use dolfin_fixture_api::client::Client;
use oasgen_conformance::fixture_api::API_KEY;

/// What a step gives back when the server's answer was not the expected one.
pub type Outcome<T> = Result<T, String>;

/// The client and the organisation every organisation-scoped call acts on.
pub struct Driver {
    pub client: Client,
    pub organisation: uuid::Uuid,
}

/// Prints the line of a passed operation.
pub fn passed(operation: &str, detail: impl std::fmt::Display) {
    println!("ok    {operation:<26} {detail}");
}

/// `Err` naming the operation unless `condition` holds.
pub fn expect(condition: bool, operation: &str, what: impl std::fmt::Display) -> Outcome<()> {
    if condition {
        Ok(())
    } else {
        Err(format!("{operation}: expected {what}"))
    }
}

/// An error of the generated client, as the failure message of `operation`.
pub fn failed<E: std::fmt::Debug>(
    operation: &str,
) -> impl FnOnce(dolfin_fixture_api::client::Error<E>) -> String {
    move |error| format!("{operation}: {error}")
}

async fn drive(base_url: &str) -> Outcome<()> {
    access::health(base_url).await?;
    let bearer = access::tokens(base_url).await?;
    let client = Client::builder(base_url)
        .api_key(API_KEY)
        .and_then(|builder| builder.build())
        .map_err(|error| format!("cannot build the client: {error}"))?;
    // A fresh organisation per run, so a server that outlives one run starts empty for the next.
    let driver = Driver {
        client,
        organisation: uuid::Uuid::new_v4(),
    };
    let customer = parties::customers(&driver, &bearer).await?;
    invoices::lifecycle(&driver, &customer).await?;
    bills::bills(&driver).await?;
    settings::settings(&driver).await?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    oasgen_conformance::driver::run_driver(|base_url| async move { drive(&base_url).await })
}
