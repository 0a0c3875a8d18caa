//! `Idempotency-Key` replays, shared by every idempotent create (customers, invoices,
//! payments): a repeated key with the same body answers the resource created the first time,
//! with another body it is a 409, as the real service does.

use std::collections::BTreeMap;

use dolfin_fixture_api::types::ProblemDetails;
use uuid::Uuid;

use crate::answers::problem;

/// Where a replay is kept: the organisation, then the `Idempotency-Key`. Keys are per
/// organisation, so two organisations using the same key never see each other's resources.
pub type ReplayKey = (Uuid, String);

/// A create that was given an `Idempotency-Key`: the request, to spot a reused key, and the
/// resource it created, to answer a repeat with.
pub struct Replay<B, T> {
    pub request: B,
    pub created: T,
}

/// The requests already answered per (organisation, `Idempotency-Key`).
pub type Replays<B, T> = BTreeMap<ReplayKey, Replay<B, T>>;

/// The answer to a create seen before under `key`: `Some(Ok(created))` to replay the same
/// request, `Some(Err(problem))` (409) when the key came with another body, `None` when the
/// create is new (no key, or a key not seen yet) and must be carried out.
pub fn replayed<B: PartialEq, T: Clone>(
    replays: &Replays<B, T>,
    key: Option<&ReplayKey>,
    request: &B,
) -> Option<Result<T, ProblemDetails>> {
    let replay = replays.get(key?)?;
    if replay.request != *request {
        return Some(Err(reused_key()));
    }
    Some(Ok(replay.created.clone()))
}

/// Remembers a successful create under its key, if it had one; a failed create is not
/// remembered, so a corrected retry with the same key is carried out rather than refused.
pub fn remember<B, T: Clone>(
    replays: &mut Replays<B, T>,
    key: Option<ReplayKey>,
    request: B,
    created: &T,
) {
    if let Some(key) = key {
        let created = created.clone();
        replays.insert(key, Replay { request, created });
    }
}

/// The `409` for an `Idempotency-Key` seen before with another request.
fn reused_key() -> ProblemDetails {
    problem(
        409,
        "Idempotency.KeyReused",
        "the Idempotency-Key was used for a different request",
    )
}
