//! What the fixture API's mock server and its client driver must agree on
//! (`specs/dolfin-fixture.yaml`; `mock-fixture-api` and `drive-fixture-api`).

/// The one API key the mock accepts in `x-dolfin-api-key`: the one the conformance runs send
/// (`st run … -H 'x-dolfin-api-key: test'`). Any other key is refused with 401, so a tool
/// that replaces the credentials sees them checked.
pub const API_KEY: &str = "test";

/// The one OAuth client the mock knows: `POST /auth/token` issues tokens for it only, so every
/// other id or secret gets the documented 401.
pub const CLIENT_ID: &str = "fixture-client";

/// The secret of [`CLIENT_ID`].
pub const CLIENT_SECRET: &str = "fixture-secret";

/// Seconds a token from `POST /auth/token` stays valid.
pub const TOKEN_LIFETIME_SECONDS: i32 = 3600;
