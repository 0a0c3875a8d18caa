//! `/organisation/settings`: one schema both ways. The request form (`OrganisationSettingsInput`)
//! has no read-only `id` or `updatedAt` to invent and carries the write-only webhook secret; the
//! read form has no field for the secret, only whether there is one. A `null` footer removes it,
//! a footer left out stays.

use dolfin_fixture_api::operations::{get_settings, update_settings};
use dolfin_fixture_api::types::{Nullable, OrganisationSettingsInput};

use crate::{Driver, Outcome, expect, failed, passed};

pub async fn settings(driver: &Driver) -> Outcome<()> {
    let client = &driver.client;
    let get = get_settings::Params {
        x_dolfin_organisation_id: driver.organisation,
    };
    let initial = client
        .get_settings(&get)
        .await
        .map_err(failed("get_settings"))?;
    expect(
        initial.id == driver.organisation && !initial.has_webhook_secret,
        "get_settings",
        "the organisation's defaults, no webhook secret",
    )?;
    passed(
        "get_settings",
        format!("200 prefix {}", initial.invoice_prefix),
    );

    let update = update_settings::Params {
        x_dolfin_organisation_id: driver.organisation,
    };
    let with_footer = OrganisationSettingsInput::new("EUR", "ACME-")
        .invoice_footer("Payment within 30 days, please.")
        .webhook_secret("whsec_0123456789abcdef");
    let set = client
        .update_settings(&with_footer, &update)
        .await
        .map_err(failed("update_settings"))?;
    expect(
        set.id == initial.id
            && set.default_currency == "EUR"
            && set.invoice_footer.as_deref() == Some("Payment within 30 days, please.")
            && set.has_webhook_secret
            && set.updated_at > initial.updated_at,
        "update_settings",
        "the new settings, the secret kept but not returned",
    )?;
    passed("update_settings", "200 footer and webhook secret set");

    // The footer left out stays; then `null` removes it. The secret, left out, stays too.
    let unchanged = client
        .update_settings(&OrganisationSettingsInput::new("EUR", "ACME-"), &update)
        .await
        .map_err(failed("update_settings"))?;
    expect(
        unchanged.invoice_footer == set.invoice_footer && unchanged.has_webhook_secret,
        "update_settings",
        "a footer left out kept",
    )?;
    let cleared = client
        .update_settings(
            &OrganisationSettingsInput::new("EUR", "ACME-").invoice_footer_null(),
            &update,
        )
        .await
        .map_err(failed("update_settings"))?;
    expect(
        cleared.invoice_footer == Nullable::Null && cleared.has_webhook_secret,
        "update_settings",
        "invoiceFooter: null removes the footer, the secret stays",
    )?;
    passed(
        "update_settings",
        "200 footer kept when absent, removed by null",
    );
    Ok(())
}
