//! The Dolfin API (`specs/dolfin.yaml`) served from memory: `cargo run -p
//! oasgen-conformance --bin mock-dolfin -- --addr 127.0.0.1:8080`.
//!
//! Users are members of an organisation unless their id is the nil UUID, which stands for a
//! user outside every organisation (the documented 404). The schema makes `userId` optional,
//! so a request without it is valid and must be accepted (schemathesis holds the server to the
//! schema, not to the prose of the 400 description): it issues a code for the caller.

use std::sync::Arc;

use dolfin_api::operations::create_auth_code::{Request, Response};
use dolfin_api::server::{DolfinApi, RequestContext, router};
use dolfin_api::types::{CreateAuthCodeResponse, ProblemDetails};

struct Dolfin;

impl DolfinApi for Dolfin {
    async fn create_auth_code(&self, _context: RequestContext, request: Request) -> Response {
        match request.body.user_id {
            Some(user) if user.is_nil() => Response::NotFound(problem(
                404,
                "User.NotInClient",
                "user is not a member of any organisation under this client",
            )),
            _ => Response::Created(CreateAuthCodeResponse {
                code: uuid::Uuid::new_v4().simple().to_string(),
                expires_at: Some(chrono::Utc::now() + chrono::Duration::minutes(5)),
            }),
        }
    }
}

fn problem(status: i32, title: &str, detail: &str) -> ProblemDetails {
    ProblemDetails::default()
        .r#type("https://tools.ietf.org/html/rfc9110#section-15.5")
        .title(title)
        .status(status)
        .detail(detail)
}

fn main() -> std::process::ExitCode {
    oasgen_conformance::serve_until_stopped(router(Arc::new(Dolfin)))
}
