//! The `webhooks` module: one alias per webhook or callback, naming its payload type, so a
//! receiver can decode it (`serde_json::from_slice::<webhooks::NewPet>(&body)`).

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{Scope, docs, ident, mentions_named, type_tokens};
use crate::ir::Webhook;

/// The body of the `webhooks` module.
pub fn emit_webhooks(webhooks: &[Webhook]) -> TokenStream {
    let uses_types = mentions_named(webhooks.iter().map(|webhook| &webhook.payload));
    let use_types = uses_types.then(|| {
        quote!(
            use super::types;
        )
    });
    let aliases = webhooks.iter().map(|webhook| {
        let text = format!(
            "{}\n\n`{}`",
            webhook.docs.as_deref().unwrap_or("").trim(),
            webhook.summary
        );
        let docs = docs(Some(text.trim()));
        let name = ident(&webhook.name);
        let payload = type_tokens(&webhook.payload, Scope::Outside);
        quote! {
            #docs
            pub type #name = #payload;
        }
    });
    quote! {
        #use_types
        #(#aliases)*
    }
}
