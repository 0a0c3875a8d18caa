//! Many APIs document the same errors on every operation. An operation whose error enum would
//! repeat an earlier one's exactly names that one instead of defining its own, which saves a
//! type (and its derives) per operation. Only within a group: an operation of another group
//! may be compiled without the first one.

use std::collections::BTreeMap;

use crate::ir::{Operation, StatusMatch, TypeRef};

/// Sets [`Operation::shares_errors_of`]: the first operation (in order) with the same errors.
pub fn share_error_enums(operations: &mut [Operation]) {
    let mut first_with: BTreeMap<(Option<&str>, Vec<ErrorKey<'_>>), &str> = BTreeMap::new();
    let shared: Vec<Option<String>> = operations
        .iter()
        .map(|operation| {
            let errors: Vec<_> = operation.responses.iter().filter(|r| !r.success).collect();
            // Response-header structs live in each operation's module: an enum naming one is
            // that operation's own even when it matches another's.
            if errors.is_empty() || errors.iter().any(|error| !error.headers.is_empty()) {
                return None;
            }
            let key: Vec<ErrorKey<'_>> = errors
                .iter()
                .map(|error| ErrorKey {
                    variant: &error.variant,
                    status: match error.status {
                        StatusMatch::Code(code) => (0, code),
                        StatusMatch::Range(class) => (1, u16::from(class)),
                        StatusMatch::Default => (2, 0),
                    },
                    // The enum shows the description trimmed; a blank one is no description.
                    docs: error
                        .docs
                        .as_deref()
                        .map(str::trim)
                        .filter(|d| !d.is_empty()),
                    body: error.content.as_ref().map(|content| &content.ty),
                })
                .collect();
            let key = (operation.group.as_deref(), key);
            match first_with.get(&key) {
                Some(first) => Some((*first).to_string()),
                None => {
                    first_with.insert(key, &operation.name);
                    None
                }
            }
        })
        .collect();
    for (operation, shared) in operations.iter_mut().zip(shared) {
        operation.shares_errors_of = shared;
    }
}

/// Everything of an error response its enum variant shows.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct ErrorKey<'a> {
    variant: &'a str,
    status: (u8, u16),
    docs: Option<&'a str>,
    body: Option<&'a TypeRef>,
}
