//! The fixture API (`specs/dolfin-fixture.yaml`) served from memory, for schemathesis and
//! Prism: `cargo run -p oasgen-conformance --bin mock-fixture-api -- --addr 127.0.0.1:8080`.
//!
//! It behaves like the real service would: resources live per organisation (the
//! `x-dolfin-organisation-id` header; the router refuses a request without it), creates answer
//! 201 with the resource and its `Location`, unknown ids 404, deletes 204, lists page by
//! cursor, repeated `Idempotency-Key`s replay or conflict, and every operation but the token
//! endpoint and the health check needs the API key `test` in `x-dolfin-api-key` or a bearer
//! token from `POST /auth/token` (else 401). Constraints the router does not check yet (lengths,
//! patterns, ranges) are not checked here either: that is the router's job.

mod answers;
mod auth;
mod bills;
mod customers;
mod invoice_actions;
mod invoices;
mod payments;
mod replays;
mod settings;
mod state;

use std::sync::Arc;

use dolfin_fixture_api::operations::{
    add_invoice_line, create_customer, create_invoice, delete_customer, delete_invoice,
    delete_invoice_line, download_bill_attachment, export_invoices, get_bill, get_customer,
    get_health, get_invoice, get_invoice_by_number, get_payment, get_settings, issue_token,
    list_bills, list_customers, list_invoice_lines, list_invoices, record_payment, send_invoice,
    update_customer, update_invoice, update_settings, upload_bill, void_invoice,
};
use dolfin_fixture_api::server::{DolfinFixtureApi, RequestContext, router};

/// The service: one store behind one lock, as each request touches few resources.
#[derive(Default)]
struct FixtureApi {
    store: state::Store,
}

impl DolfinFixtureApi for FixtureApi {
    async fn issue_token(
        &self,
        _context: RequestContext,
        request: issue_token::Request,
    ) -> issue_token::Response {
        auth::issue_token(&mut self.store.lock(), request)
    }
    async fn list_bills(
        &self,
        context: RequestContext,
        request: list_bills::Request,
    ) -> list_bills::Response {
        bills::list(&self.store.lock(), &context, request)
    }
    async fn upload_bill(
        &self,
        context: RequestContext,
        request: upload_bill::Request,
    ) -> upload_bill::Response {
        bills::upload(&mut self.store.lock(), &context, request)
    }
    async fn get_bill(
        &self,
        context: RequestContext,
        request: get_bill::Request,
    ) -> get_bill::Response {
        bills::get(&self.store.lock(), &context, request)
    }
    async fn download_bill_attachment(
        &self,
        context: RequestContext,
        request: download_bill_attachment::Request,
    ) -> download_bill_attachment::Response {
        bills::download(&self.store.lock(), &context, request)
    }
    async fn list_customers(
        &self,
        context: RequestContext,
        request: list_customers::Request,
    ) -> list_customers::Response {
        customers::list(&self.store.lock(), &context, request)
    }
    async fn create_customer(
        &self,
        context: RequestContext,
        request: create_customer::Request,
    ) -> create_customer::Response {
        customers::create(&mut self.store.lock(), &context, request)
    }
    async fn get_customer(
        &self,
        context: RequestContext,
        request: get_customer::Request,
    ) -> get_customer::Response {
        customers::get(&self.store.lock(), &context, request)
    }
    async fn update_customer(
        &self,
        context: RequestContext,
        request: update_customer::Request,
    ) -> update_customer::Response {
        customers::update(&mut self.store.lock(), &context, request)
    }
    async fn delete_customer(
        &self,
        context: RequestContext,
        request: delete_customer::Request,
    ) -> delete_customer::Response {
        customers::delete(&mut self.store.lock(), &context, request)
    }
    async fn get_health(
        &self,
        _context: RequestContext,
        _request: get_health::Request,
    ) -> get_health::Response {
        get_health::Response::Ok(auth::HEALTHY.to_string())
    }
    async fn list_invoices(
        &self,
        context: RequestContext,
        request: list_invoices::Request,
    ) -> list_invoices::Response {
        invoices::list(&self.store.lock(), &context, request)
    }
    async fn create_invoice(
        &self,
        context: RequestContext,
        request: create_invoice::Request,
    ) -> create_invoice::Response {
        invoices::create(&mut self.store.lock(), &context, request)
    }
    async fn get_invoice_by_number(
        &self,
        context: RequestContext,
        request: get_invoice_by_number::Request,
    ) -> get_invoice_by_number::Response {
        invoices::get_by_number(&self.store.lock(), &context, request)
    }
    async fn export_invoices(
        &self,
        context: RequestContext,
        request: export_invoices::Request,
    ) -> export_invoices::Response {
        invoices::export(&self.store.lock(), &context, request)
    }
    async fn get_invoice(
        &self,
        context: RequestContext,
        request: get_invoice::Request,
    ) -> get_invoice::Response {
        invoices::get(&self.store.lock(), &context, request)
    }
    async fn delete_invoice(
        &self,
        context: RequestContext,
        request: delete_invoice::Request,
    ) -> delete_invoice::Response {
        invoices::delete(&mut self.store.lock(), &context, request)
    }
    async fn update_invoice(
        &self,
        context: RequestContext,
        request: update_invoice::Request,
    ) -> update_invoice::Response {
        invoices::update(&mut self.store.lock(), &context, request)
    }
    async fn list_invoice_lines(
        &self,
        context: RequestContext,
        request: list_invoice_lines::Request,
    ) -> list_invoice_lines::Response {
        invoice_actions::list_lines(&self.store.lock(), &context, request)
    }
    async fn add_invoice_line(
        &self,
        context: RequestContext,
        request: add_invoice_line::Request,
    ) -> add_invoice_line::Response {
        invoice_actions::add_line(&mut self.store.lock(), &context, request)
    }
    async fn delete_invoice_line(
        &self,
        context: RequestContext,
        request: delete_invoice_line::Request,
    ) -> delete_invoice_line::Response {
        invoice_actions::delete_line(&mut self.store.lock(), &context, request)
    }
    async fn send_invoice(
        &self,
        context: RequestContext,
        request: send_invoice::Request,
    ) -> send_invoice::Response {
        invoice_actions::send(&mut self.store.lock(), &context, request)
    }
    async fn void_invoice(
        &self,
        context: RequestContext,
        request: void_invoice::Request,
    ) -> void_invoice::Response {
        invoice_actions::void(&mut self.store.lock(), &context, request)
    }
    async fn record_payment(
        &self,
        context: RequestContext,
        request: record_payment::Request,
    ) -> record_payment::Response {
        payments::record(&mut self.store.lock(), &context, request)
    }
    async fn get_payment(
        &self,
        context: RequestContext,
        request: get_payment::Request,
    ) -> get_payment::Response {
        payments::get(&self.store.lock(), &context, request)
    }
    async fn get_settings(
        &self,
        context: RequestContext,
        request: get_settings::Request,
    ) -> get_settings::Response {
        settings::get(&self.store.lock(), &context, request)
    }
    async fn update_settings(
        &self,
        context: RequestContext,
        request: update_settings::Request,
    ) -> update_settings::Response {
        settings::update(&mut self.store.lock(), &context, request)
    }
}

fn main() -> std::process::ExitCode {
    oasgen_conformance::serve_until_stopped(router(Arc::new(FixtureApi::default())))
}
