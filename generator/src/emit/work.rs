//! How much work emitting and formatting each module is, roughly: the renderer starts the
//! largest first, so its threads finish together instead of one module running on alone at
//! the end.
//!
//! The weights are CPU time per item on Stripe's spec (a type ≈ 60 µs, a server handler
//! ≈ 360 µs, …), in units of 10 µs; only their order matters.

use super::{ModuleKind, ModulePlan};
use crate::ir::Api;

/// The estimated work of `plan`'s module, in units of about 10 µs.
pub fn estimate(api: &Api, plan: &ModulePlan<'_>) -> usize {
    let operations = api.operations.len();
    let webhooks = api.webhooks.len();
    match plan.kind {
        ModuleKind::Types => {
            let shared = api
                .types
                .iter()
                .filter(|def| !plan.features().gate || super::types::own_group(def).is_none())
                .count();
            6 * shared
        }
        ModuleKind::GroupTypes(feature) => {
            let own = api
                .types
                .iter()
                .filter(|def| super::types::own_group(def) == Some(feature))
                .count();
            6 * own
        }
        ModuleKind::Server => 36 * operations,
        ModuleKind::Validation => {
            let types = api.types.iter().filter(|def| def.validated).count();
            let requests = api.operations.iter().filter(|op| op.validated).count();
            10 * (types + requests)
        }
        ModuleKind::Operations => 20 * operations,
        ModuleKind::Client => 18 * operations,
        ModuleKind::Webhooks => 2 * webhooks,
        ModuleKind::Receiver => 36 * webhooks,
    }
}
