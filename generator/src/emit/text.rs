//! Items written as formatted text rather than as tokens.
//!
//! Why: on a giant spec most of the generation went to turning token streams into syntax trees
//! for the formatter (Stripe: 0.8 of 2.1 s of CPU), and most of those tokens were the structs'
//! serde impls, whose shape is fixed and known here. Those impls are written as text, laid out
//! as prettyplease lays them out (`layout.rs`). The text is the one formatting the tokens gave:
//! a test reads the texts of every spec of the corpus back through prettyplease and compares.
//!
//! A module's tokens hold a stand-in item for each text (`oasgen_text!(3);`); the item's
//! attributes are printed by prettyplease once per distinct attribute and go with the text.
//! The renderer puts the text in its place as it writes the file (crate layout). In the one-file layout a module is formatted nested one depth
//! further in, where a text laid out for depth 0 would be wrong, so the text is read back as
//! tokens at once and formatted with the rest.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

mod layout;
mod oppen;
mod rust_type;
mod shapes;

pub use layout::{Lines, impl_header, string_literal};
pub use rust_type::{RustType, laid_type, type_text};
pub use shapes::{Arg, Expr, FieldValue, MethodCall, Param};

/// The texts of a module's items written as text, and the stand-ins their tokens carry.
#[derive(Debug)]
pub struct Texts {
    texts: std::cell::RefCell<Vec<String>>,
    /// Attributes as printed, by their tokens: a module repeats a few (`cfg`s of a side, of a
    /// set of groups) thousands of times.
    attributes: std::cell::RefCell<std::collections::BTreeMap<String, String>>,
    /// Whether the texts are read back as tokens at once (one-file layout).
    inline: bool,
}

impl Texts {
    /// No texts yet; `inline`: read them back as tokens rather than keep them.
    pub fn new(inline: bool) -> Self {
        Texts {
            texts: std::cell::RefCell::new(Vec::new()),
            attributes: std::cell::RefCell::new(std::collections::BTreeMap::new()),
            inline,
        }
    }

    /// The tokens standing for an item written as `text` after its attributes `attrs` (an
    /// item at the top of its file when it has any: they are printed there).
    pub fn item(&self, attrs: TokenStream, text: String) -> TokenStream {
        if self.inline {
            return match text.parse::<TokenStream>() {
                Ok(tokens) => quote!(#attrs #tokens),
                // Our own text always reads; if it ever did not, the build says so.
                Err(error) => {
                    let message = format!("oasgen wrote an item it cannot read back: {error}");
                    quote!(compile_error!(#message);)
                }
            };
        }
        let (attrs, text) = match self.printed_attributes(&attrs) {
            Some(printed) => (TokenStream::new(), printed + &text),
            // Attributes the printer would not read stay tokens (the build says what is wrong).
            None => (attrs, text),
        };
        let mut texts = self.texts.borrow_mut();
        let index = Literal::usize_unsuffixed(texts.len());
        texts.push(text);
        quote!(#attrs oasgen_text!(#index);)
    }

    /// Attributes as prettyplease prints them before an item at the top of a file (printed
    /// once per distinct list); `None` when the printer would not read them.
    pub fn printed_attributes(&self, attrs: &TokenStream) -> Option<String> {
        if attrs.is_empty() {
            return Some(String::new());
        }
        let key = attrs.to_string();
        if let Some(printed) = self.attributes.borrow().get(&key) {
            return Some(printed.clone());
        }
        let file: syn::File = syn::parse2(quote!(#attrs struct S;)).ok()?;
        let printed = prettyplease::unparse(&file)
            .strip_suffix("struct S;\n")?
            .to_string();
        self.attributes.borrow_mut().insert(key, printed.clone());
        Some(printed)
    }

    /// `attrs` as the printer prints them, written at `depth` of `lines`. Attributes the
    /// printer would not read (never expected: they are this crate's) are written as tokens and
    /// the item goes to the formatter, which then says what is wrong.
    pub fn write_attributes(&self, lines: &mut Lines, depth: usize, attrs: &TokenStream) {
        match self.printed_attributes(attrs) {
            Some(printed) => lines.printed_at(depth, &printed),
            None => {
                lines.needs_formatter();
                lines.line(depth, &attrs.to_string());
            }
        }
    }

    /// The texts kept, in the order of their stand-ins' indexes.
    pub fn into_texts(self) -> Vec<String> {
        self.texts.into_inner()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_take_their_stand_ins_places() {
        let texts = Texts::new(false);
        let attrs = quote!(#[cfg(test)] #[allow(deprecated)]);
        let tokens = texts.item(attrs, "impl A {}\n".to_string());
        // The attributes go with the text, printed: the stand-in is bare.
        assert_eq!(tokens.to_string(), "oasgen_text ! (0) ;");
        let texts = texts.into_texts();
        assert_eq!(texts, ["#[cfg(test)]\n#[allow(deprecated)]\nimpl A {}\n"]);
        // The renderer puts it in place (`render::split`, tested there).
    }

    #[test]
    fn inline_texts_are_read_back_as_tokens() {
        let texts = Texts::new(true);
        let tokens = texts.item(quote!(#[cfg(test)]), "impl A {}\n".to_string());
        assert_eq!(tokens.to_string(), "# [cfg (test)] impl A { }");
        assert!(texts.into_texts().is_empty());
    }
}
