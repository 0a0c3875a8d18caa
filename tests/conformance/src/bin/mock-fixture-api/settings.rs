//! `/organisation/settings`: one schema both ways. The API keeps the write-only webhook secret
//! beside the settings and says only whether there is one; `invoiceFooter` and `webhookSecret`
//! left out of a replacement stay as they were, and a `null` footer removes it.

use chrono::Utc;
use dolfin_fixture_api::operations::{get_settings, update_settings};
use dolfin_fixture_api::server::RequestContext;
use dolfin_fixture_api::types::{Nullable, OrganisationSettings};
use uuid::Uuid;

use crate::answers::authorize;
use crate::state::State;

/// An organisation's settings, and the secret its read form never shows.
#[derive(Clone)]
pub struct StoredSettings {
    pub settings: OrganisationSettings,
    pub webhook_secret: Option<String>,
}

/// What an organisation that never set any has: its own id, pounds sterling, `INV-`.
fn defaults(organisation: Uuid) -> OrganisationSettings {
    OrganisationSettings {
        id: organisation,
        default_currency: "GBP".to_string(),
        invoice_prefix: "INV-".to_string(),
        invoice_footer: Nullable::Absent,
        has_webhook_secret: false,
        updated_at: chrono::DateTime::UNIX_EPOCH,
    }
}

pub fn get(
    state: &State,
    context: &RequestContext,
    request: get_settings::Request,
) -> get_settings::Response {
    use get_settings::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let organisation = request.params.x_dolfin_organisation_id;
    Response::Ok(
        state
            .settings
            .get(&organisation)
            .map_or_else(|| defaults(organisation), |stored| stored.settings.clone()),
    )
}

pub fn update(
    state: &mut State,
    context: &RequestContext,
    request: update_settings::Request,
) -> update_settings::Response {
    use update_settings::Response;
    if let Err(problem) = authorize(context, state) {
        return Response::Unauthorized(problem);
    }
    let organisation = request.params.x_dolfin_organisation_id;
    let input = request.body;
    let stored = state
        .settings
        .entry(organisation)
        .or_insert_with(|| StoredSettings {
            settings: defaults(organisation),
            webhook_secret: None,
        });
    if let Some(secret) = input.webhook_secret {
        stored.webhook_secret = Some(secret);
    }
    let settings = &mut stored.settings;
    settings.default_currency = input.default_currency;
    settings.invoice_prefix = input.invoice_prefix;
    if !input.invoice_footer.is_absent() {
        settings.invoice_footer = input.invoice_footer;
    }
    settings.has_webhook_secret = stored.webhook_secret.is_some();
    settings.updated_at = Utc::now();
    Response::Ok(settings.clone())
}
