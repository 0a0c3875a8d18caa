//! How items of one operation group, or of types some groups need, are gated: the
//! `#[cfg(feature = …)]` each carries, and the doc line saying which feature an operation needs.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

use crate::ir::{Operation, TypeDef};

/// The `#[cfg]` of an operation's items: its group's feature, or nothing when ungrouped.
pub fn operation_cfg(operation: &Operation) -> TokenStream {
    match &operation.group {
        Some(feature) => quote!(#[cfg(feature = #feature)]),
        None => TokenStream::new(),
    }
}

/// The `#[cfg]` of a type's items: any of the features of the groups reaching it, or nothing
/// when it is always compiled.
pub fn type_cfg(def: &TypeDef) -> TokenStream {
    match def.groups.as_slice() {
        [] => TokenStream::new(),
        [feature] => quote!(#[cfg(feature = #feature)]),
        features => quote!(#[cfg(any(#(feature = #features),*))]),
    }
}

/// The doc paragraph naming an operation's feature, or `None` when ungrouped.
pub fn operation_feature_doc(operation: &Operation) -> Option<String> {
    operation.group.as_ref().map(|feature| {
        format!("Needs the `{feature}` feature (one of the crate's default features).")
    })
}

/// `items` with `cfg` before each item (nothing to do when `cfg` is empty).
///
/// Items are told apart by the two ways an item of generated code ends: a `;` at the top level
/// (`pub type A = B;`, `pub struct Id(pub String);`, a trait method's signature), or a braced
/// body at the top level that no `;` follows (`pub struct A { .. }`, `impl A { .. }`,
/// `fn f() { .. }`); a braced body followed by `;` (`const X: A = A { .. };`) ends at the `;`.
/// Attributes (`#[..]`, doc comments) are bracketed, so they stay with the item they precede.
pub fn gate_items(cfg: &TokenStream, items: TokenStream) -> TokenStream {
    if cfg.is_empty() {
        return items;
    }
    let mut gated = TokenStream::new();
    let mut item: Vec<TokenTree> = Vec::new();
    let mut tokens = items.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let ends = match &token {
            TokenTree::Punct(punct) => punct.as_char() == ';',
            TokenTree::Group(group) => {
                group.delimiter() == Delimiter::Brace
                    && !matches!(tokens.peek(), Some(TokenTree::Punct(next)) if next.as_char() == ';')
            }
            TokenTree::Ident(_) | TokenTree::Literal(_) => false,
        };
        item.push(token);
        if ends {
            gated.extend(cfg.clone());
            gated.extend(item.drain(..));
        }
    }
    if !item.is_empty() {
        gated.extend(cfg.clone());
        gated.extend(item);
    }
    gated
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gated(items: TokenStream) -> String {
        gate_items(&quote!(#[cfg(feature = "g")]), items).to_string()
    }

    #[test]
    fn every_item_gets_the_cfg_and_keeps_its_attributes() {
        let text = gated(quote! {
            /// A type.
            #[derive(Debug)]
            pub struct A { pub x: u8 }
            impl A { pub fn new() -> Self { A { x: 1 } } }
            pub struct Id(pub String);
            pub type B = Vec<A>;
        });
        let expected = quote! {
            #[cfg(feature = "g")] #[doc = r" A type."] #[derive(Debug)] pub struct A { pub x: u8 }
            #[cfg(feature = "g")] impl A { pub fn new() -> Self { A { x: 1 } } }
            #[cfg(feature = "g")] pub struct Id(pub String);
            #[cfg(feature = "g")] pub type B = Vec<A>;
        };
        assert_eq!(text, expected.to_string());
    }

    #[test]
    fn a_braced_initializer_ends_at_its_semicolon() {
        let text = gated(quote! {
            pub const X: A = A { x: 1 };
            fn f() {}
        });
        let expected = quote! {
            #[cfg(feature = "g")] pub const X: A = A { x: 1 };
            #[cfg(feature = "g")] fn f() {}
        };
        assert_eq!(text, expected.to_string());
    }

    #[test]
    fn trait_method_signatures_are_items_too() {
        let text = gated(quote! {
            fn a(&self) -> impl Future<Output = u8> + Send;
            fn b(&self);
        });
        assert_eq!(text.matches("cfg").count(), 2);
    }

    #[test]
    fn nothing_changes_without_a_cfg() {
        let items = quote!(
            pub struct A;
        );
        assert_eq!(
            gate_items(&TokenStream::new(), items.clone()).to_string(),
            items.to_string()
        );
    }
}
