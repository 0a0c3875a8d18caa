//! The mock's building blocks for answers: problem details, authentication, pages and money.

use chrono::Utc;
use dolfin_fixture_api::server::RequestContext;
use dolfin_fixture_api::types::{Nullable, ProblemDetails, ValidationProblemDetails};

use oasgen_conformance::fixture_api::API_KEY;

use crate::state::State;

/// An RFC 7807 problem, as ASP.NET Core writes it: `title` carries the error code
/// (`Invoice.NotDraft`), `detail` the sentence.
pub fn problem(status: i32, title: &str, detail: impl Into<String>) -> ProblemDetails {
    ProblemDetails {
        r#type: Nullable::Value(format!("https://httpstatuses.io/{status}")),
        title: Nullable::Value(title.to_string()),
        status: Nullable::Value(status),
        detail: Nullable::Value(detail.into()),
        instance: Nullable::Absent,
    }
}

/// A 400 naming the field at fault, in the `errors` map clients show beside form fields.
pub fn invalid(field: &str, message: &str) -> ValidationProblemDetails {
    ValidationProblemDetails {
        r#type: Nullable::Value("https://httpstatuses.io/400".to_string()),
        title: Nullable::Value("One or more validation errors occurred.".to_string()),
        status: Nullable::Value(400),
        detail: Nullable::Absent,
        instance: Nullable::Absent,
        errors: Some([(field.to_string(), vec![message.to_string()])].into()),
    }
}

/// A 404 for a resource this organisation does not have.
pub fn not_found(what: &str, id: impl std::fmt::Display) -> ProblemDetails {
    problem(
        404,
        &format!("{what}.NotFound"),
        format!("no {} {id} in this organisation", what.to_lowercase()),
    )
}

/// `Ok` when the request carries the mock's API key or a bearer token it issued that has not
/// expired, and no credential that is wrong; otherwise the 401 problem.
///
/// A wrong credential beside a right one is refused rather than ignored: a client sending a
/// broken or expired token has a bug it should hear about.
pub fn authorize(context: &RequestContext, state: &State) -> Result<(), ProblemDetails> {
    let header = |name: &str| {
        context
            .headers
            .get(name)
            .map(|value| value.to_str().map(str::trim).unwrap_or_default())
    };
    let api_key = header("x-dolfin-api-key");
    let authorization = header("authorization");
    if api_key.is_none() && authorization.is_none() {
        return Err(problem(
            401,
            "Auth.Unauthenticated",
            "send an x-dolfin-api-key header or an Authorization: Bearer token",
        ));
    }
    if api_key.is_some_and(|key| key != API_KEY) {
        return Err(problem(
            401,
            "Auth.InvalidApiKey",
            "the API key is not valid",
        ));
    }
    if let Some(value) = authorization {
        let token = value
            .split_once(' ')
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim());
        match token.and_then(|token| state.tokens.get(token)) {
            Some(expiry) if *expiry > Utc::now() => {}
            Some(_) => {
                return Err(problem(
                    401,
                    "Auth.TokenExpired",
                    "the bearer token has expired",
                ));
            }
            None => {
                return Err(problem(
                    401,
                    "Auth.InvalidToken",
                    "the bearer token is not valid",
                ));
            }
        }
    }
    Ok(())
}

/// The page size: `Limit` as given, 20 when absent. Out-of-range values are the router's to
/// refuse (it does not yet); until then they are brought into 1..=100 so a page is never
/// empty by accident nor unbounded.
pub fn page_size(limit: Option<i32>) -> usize {
    usize::try_from(limit.unwrap_or(20).clamp(1, 100)).unwrap_or(20)
}

/// One page of `items` (already in listing order, each with its id's text): the items after
/// the cursor position, and the cursor of the next page when there are more.
///
/// `after` decides whether an id comes after the cursor in listing order; ids are compared
/// as text, so every cursor names a position.
pub fn page<T>(
    items: Vec<(String, T)>,
    cursor: Option<&str>,
    limit: usize,
    after: impl Fn(&str, &str) -> bool,
) -> (Vec<T>, Option<String>) {
    let mut rest: Vec<(String, T)> = items
        .into_iter()
        .filter(|(id, _)| cursor.is_none_or(|cursor| after(id, cursor)))
        .collect();
    let more = rest.len() > limit;
    rest.truncate(limit);
    let next = if more {
        rest.last().map(|(id, _)| id.clone())
    } else {
        None
    };
    (rest.into_iter().map(|(_, item)| item).collect(), next)
}

/// Rounds to cents, so sums of decimal amounts do not show binary noise (0.30000000000000004).
pub fn cents(amount: f64) -> f64 {
    (amount * 100.0).round() / 100.0
}

/// A field that failed one of the mock's own checks; [`Invalid::problem`] is its 400 answer.
/// (Kept small: the problem itself is too large to pass around in a `Result`.)
pub struct Invalid {
    pub field: &'static str,
    pub message: &'static str,
}

impl Invalid {
    /// The 400 problem naming the field.
    pub fn problem(&self) -> ValidationProblemDetails {
        invalid(self.field, self.message)
    }
}

/// `Err` naming `field` when an amount is not a finite number. The router reads numeric
/// strings such as `"NaN"` and `"1e999"` into `f64`; answering with them would write `null`
/// where the schema promises a number.
pub fn finite(field: &'static str, amount: f64) -> Result<f64, Invalid> {
    if amount.is_finite() {
        Ok(amount)
    } else {
        Err(Invalid {
            field,
            message: "must be a finite number",
        })
    }
}
