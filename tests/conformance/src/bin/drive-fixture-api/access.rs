//! The public operations: the health check, and the token endpoint (a right and a wrong
//! secret), which gives the bearer client later steps use.

use dolfin_fixture_api::client::{Client, Error};
use dolfin_fixture_api::operations::issue_token::ErrorResponse;
use dolfin_fixture_api::types::{TokenRequest, TokenRequestGrantType, TokenResponseTokenType};
use oasgen_conformance::fixture_api::{CLIENT_ID, CLIENT_SECRET};

use crate::{Outcome, expect, failed, passed};

/// A client without credentials: both operations here are public.
fn anonymous(base_url: &str) -> Outcome<Client> {
    Client::builder(base_url)
        .build()
        .map_err(|error| format!("cannot build the client: {error}"))
}

pub async fn health(base_url: &str) -> Outcome<()> {
    let body = anonymous(base_url)?
        .get_health()
        .await
        .map_err(failed("get_health"))?;
    expect(body == "ok", "get_health", format!("`ok`, got {body:?}"))?;
    passed("get_health", "200 text/plain `ok`");
    Ok(())
}

/// Issues a token for the known client, checks a wrong secret gets the documented 401, and
/// returns a client that authenticates with the token.
pub async fn tokens(base_url: &str) -> Outcome<Client> {
    let client = anonymous(base_url)?;
    let mut request = TokenRequest {
        grant_type: TokenRequestGrantType::ClientCredentials,
        client_id: CLIENT_ID.to_string(),
        client_secret: CLIENT_SECRET.to_string(),
        scope: Some("invoices:read".to_string()),
    };
    let token = client
        .issue_token(&request)
        .await
        .map_err(failed("issue_token"))?;
    expect(
        token.token_type == TokenResponseTokenType::Bearer,
        "issue_token",
        "token_type Bearer",
    )?;
    expect(token.expires_in > 0, "issue_token", "a positive expires_in")?;
    passed(
        "issue_token",
        format!(
            "200 form-urlencoded grant, expires in {}s",
            token.expires_in
        ),
    );

    request.client_secret = "not-the-secret".to_string();
    match client.issue_token(&request).await {
        Err(Error::Status {
            response: ErrorResponse::Unauthorized(problem),
            ..
        }) => {
            passed(
                "issue_token",
                format!(
                    "401 problem+json for a wrong secret ({:?})",
                    problem.title.into_value().unwrap_or_default()
                ),
            );
        }
        other => {
            return Err(format!(
                "issue_token with a wrong secret: expected the documented 401, got {other:?}"
            ));
        }
    }
    Client::builder(base_url)
        .bearer(&token.access_token)
        .and_then(|builder| builder.build())
        .map_err(|error| format!("cannot build the bearer client: {error}"))
}
