//! Which string enums and tagged unions tolerate values the spec does not list.
//!
//! A server may add enum values (or union variants) before its spec (or the generated client)
//! catches up; failing a whole response on one new value is the wrong trade. So enums that only
//! ever arrive in responses get an `Unknown(String)` variant, and tagged unions an `Unknown`
//! variant for a tag they do not know. Types that a request can carry stay closed, so the
//! generated server still rejects values the spec does not allow.

use crate::ir::{Tagging, TypeDef, TypeKind};

/// Sets [`crate::ir::StringEnum::fallback`] on enums reachable from responses but not from
/// requests (by [`TypeDef::reach`]).
pub fn open_response_enums(types: &mut [TypeDef]) {
    for def in types.iter_mut() {
        let open = def.reach.response && !def.reach.request;
        match &mut def.kind {
            TypeKind::StringEnum(string_enum) => {
                string_enum.fallback =
                    open.then(|| fallback_name(string_enum.variants.iter().map(|v| &v.name)));
            }
            // An untagged union has no tag to be new: a value no variant fits stays an error.
            // Nor is an adjacently tagged one opened: serde's catch-all variant takes no
            // content, so an unknown tag with a value would fail all the same.
            TypeKind::Union(union) if matches!(union.tagging, Tagging::Internal { .. }) => {
                union.fallback =
                    open.then(|| fallback_name(union.variants.iter().map(|v| &v.name)));
            }
            _ => {}
        }
    }
}

/// `Unknown`, or `Unknown2`, … when the spec itself lists a value named so.
fn fallback_name<'a>(variants: impl Iterator<Item = &'a String>) -> String {
    let mut scope = super::names::NameScope::default();
    for variant in variants {
        scope.claim(variant);
    }
    scope.claim("Unknown").0
}
