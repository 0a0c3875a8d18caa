//! Calls every operation of the generated Dolfin client (`dolfin-api`, feature `client`)
//! against a server and checks each answer: `cargo run -p oasgen-conformance --bin
//! drive-dolfin -- --base-url http://127.0.0.1:4010`.
//!
//! `mock-dolfin` issues a code to any member and answers the documented 404 for the nil user
//! id (its stand-in for a user outside every organisation). The documented 400 (missing user
//! id) cannot be asked for through the typed client: every request it can build is valid, and
//! the schema makes `userId` optional, so the mock accepts a request without one.

use dolfin_api::client::{Client, Error};
use dolfin_api::operations::create_auth_code::ErrorResponse;
use dolfin_api::types::{CreateAuthCodeRequest, Nullable};
use oasgen_conformance::driver::{REQUEST_LIMIT, Report, run_driver};

fn main() -> std::process::ExitCode {
    run_driver(drive)
}

async fn drive(base_url: String) -> Report {
    let mut report = Report::default();
    let client = match Client::builder(base_url)
        .api_key("conformance-key")
        .and_then(|builder| builder.organisation_id("conformance-organisation"))
        .and_then(|builder| builder.timeout(REQUEST_LIMIT).build())
    {
        Ok(client) => client,
        Err(error) => {
            report.fail("Client::builder", &error.to_string());
            return report;
        }
    };

    let member = CreateAuthCodeRequest {
        user_id: Some(uuid::Uuid::new_v4()),
    };
    let created = client.create_auth_code(&member).await;
    let issued = created.as_ref().is_ok_and(|code| !code.code.is_empty());
    report.check("create_auth_code member (201)", &created, issued);

    let caller = CreateAuthCodeRequest { user_id: None };
    let created = client.create_auth_code(&caller).await;
    let issued = created.as_ref().is_ok_and(|code| !code.code.is_empty());
    report.check("create_auth_code without userId (201)", &created, issued);

    let outsider = CreateAuthCodeRequest {
        user_id: Some(uuid::Uuid::nil()),
    };
    let refused = client.create_auth_code(&outsider).await;
    let is_404 = matches!(
        &refused,
        Err(Error::Status {
            response: ErrorResponse::NotFound(problem),
            status,
            ..
        }) if status.as_u16() == 404 && problem.status == Nullable::Value(404)
    );
    report.check("create_auth_code outsider (404)", &refused, is_404);

    report
}
