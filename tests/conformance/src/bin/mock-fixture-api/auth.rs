//! The public operations: the OAuth token endpoint and the health check.

use chrono::{TimeDelta, Utc};
use dolfin_fixture_api::operations::issue_token;
use dolfin_fixture_api::types::{Nullable, TokenResponse, TokenResponseTokenType};
use oasgen_conformance::fixture_api::{CLIENT_ID, CLIENT_SECRET, TOKEN_LIFETIME_SECONDS};

use crate::answers::problem;
use crate::state::State;

/// The client-credentials grant (the form's `grant_type` can only be that one; the router
/// refuses others): a random token for the one known client.
pub fn issue_token(state: &mut State, request: issue_token::Request) -> issue_token::Response {
    use issue_token::Response;
    let form = request.body;
    if form.client_id != CLIENT_ID || form.client_secret != CLIENT_SECRET {
        return Response::Unauthorized(problem(
            401,
            "Auth.InvalidClient",
            "unknown client or wrong secret",
        ));
    }
    let token = format!("fx_{}", uuid::Uuid::new_v4().simple());
    let expiry = Utc::now() + TimeDelta::seconds(i64::from(TOKEN_LIFETIME_SECONDS));
    state.tokens.insert(token.clone(), expiry);
    Response::Ok(TokenResponse {
        access_token: token,
        token_type: TokenResponseTokenType::Bearer,
        expires_in: TOKEN_LIFETIME_SECONDS,
        scope: Nullable::from(form.scope),
    })
}

/// The health check's body: the mock is up whenever it answers.
pub const HEALTHY: &str = "ok";
