//! Small helpers shared by `emit` and `render`.

use proc_macro2::{Ident, Span};

/// The identifier of a generated module (`types`, `client`, …).
pub fn module_ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}
