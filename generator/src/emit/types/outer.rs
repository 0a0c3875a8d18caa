//! What goes before each item of a type written as text: its docs, its attributes, the
//! `cfg` of the groups needing it.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::text::Lines;
use super::super::tokens::DEPRECATION_NOTE;

/// What a type's items carry before them: the definition its docs, whether it is deprecated,
/// and the configuration's extra derives; every item the groups' `cfg`.
pub(super) struct Outer<'a> {
    /// The schema's description.
    pub docs: Option<&'a str>,
    /// Whether the API deprecates it.
    pub deprecated: bool,
    /// `#[derive(..)]` of the configuration's extra derives, or nothing.
    pub extra: TokenStream,
    /// The `#[cfg]` of the groups needing the type, on each of its items (or nothing).
    pub gate: TokenStream,
}

impl Outer<'_> {
    /// The attributes of one of the type's items: its groups' `cfg`, then `more`.
    pub fn attrs(&self, more: TokenStream) -> TokenStream {
        let gate = &self.gate;
        quote!(#gate #more)
    }

    /// The docs and attributes before a definition written as text.
    pub fn write(&self, lines: &mut Lines) {
        lines.docs(0, self.docs);
        if self.deprecated {
            lines.line(0, &deprecated_line());
        }
        if !self.extra.is_empty() {
            // A user's paths: the formatter writes them.
            lines.needs_formatter();
            lines.line(0, &self.extra.to_string());
        }
    }
}

/// The attribute of a deprecated item, as `tokens::deprecated_attr` writes it.
pub(super) fn deprecated_line() -> String {
    format!("#[deprecated = \"{DEPRECATION_NOTE}\"]")
}
