//! How much work emitting and formatting each module is, roughly: the renderer starts the
//! largest first, so its threads finish together instead of one module running on alone at
//! the end.
//!
//! The weights are CPU time per item on Stripe's spec (a type ≈ 60 µs, a server handler
//! ≈ 360 µs, …), in units of 10 µs; only their order matters.

use foldhash::{HashMap, HashMapExt};

use super::{ModuleKind, ModulePlan};
use crate::ir::Api;

/// The estimated work of each of `plans`' modules, in units of about 10 µs, in their order.
/// The types are counted once for all of them: a giant spec has a hundred group modules and
/// thousands of types, and counting them per module (per comparison, when sorting) took the
/// renderer's first 15 ms.
pub fn estimates(api: &Api, plans: &[ModulePlan<'_>]) -> Vec<usize> {
    let operations = api.operations.len();
    let webhooks = api.webhooks.len();
    let mut own: HashMap<&str, usize> = HashMap::new();
    let mut shared = 0;
    for def in &api.types {
        match super::types::own_group(def) {
            Some(feature) => *own.entry(feature).or_default() += 1,
            None => shared += 1,
        }
    }
    let validated_types = api.types.iter().filter(|def| def.validated).count();
    let validated_requests = api.operations.iter().filter(|op| op.validated).count();
    plans
        .iter()
        .map(|plan| match plan.kind {
            // Ungated, the shared module holds every type.
            ModuleKind::Types if !plan.features().gate => 6 * api.types.len(),
            ModuleKind::Types => 6 * shared,
            ModuleKind::GroupTypes(feature) => 6 * own.get(feature).copied().unwrap_or(0),
            ModuleKind::Server => 36 * operations,
            ModuleKind::Validation => 10 * (validated_types + validated_requests),
            ModuleKind::Operations => 20 * operations,
            ModuleKind::Client => 18 * operations,
            ModuleKind::Webhooks => 2 * webhooks,
            ModuleKind::Receiver => 36 * webhooks,
        })
        .collect()
}
