//! Which of serde's two derives a type needs, and under which features: a type only responses
//! hold is decoded by the client and encoded by the server, so a build with the client alone
//! skips its `Serialize` (and one with the server alone its `Deserialize`); a request type the
//! other way round. That is most of a platform API's types, and derived serde code is most of
//! their compile time. A build with neither part, or with both, keeps both derives, as does
//! every type the API's parts are not behind features for.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::quote;

use crate::emit::parts::Features;
use crate::ir::Reach;

/// When a type derives `Serialize` and when `Deserialize`: `None` always, else the `cfg`
/// predicate under which it does.
pub(in crate::emit) struct SerdeSides {
    serialize: Option<TokenStream>,
    deserialize: Option<TokenStream>,
}

impl SerdeSides {
    /// Both derives, always.
    pub fn both() -> Self {
        SerdeSides {
            serialize: None,
            deserialize: None,
        }
    }

    /// What a type reached as `reach` needs, for a crate whose parts are as `features` say.
    pub fn of(reach: Reach, features: Features) -> Self {
        let client_encodes = reach.request || reach.webhook;
        let server_encodes = reach.response;
        let client_decodes = reach.response;
        let server_decodes = reach.request || reach.webhook;
        if !features.gate {
            return SerdeSides::both();
        }
        let parts = (features.parts.client, features.parts.server);
        SerdeSides {
            serialize: needed_when(parts, client_encodes, server_encodes),
            deserialize: needed_when(parts, client_decodes, server_decodes),
        }
    }

    /// `tokens` with each `#[serde(..)]` helper attribute behind the `Serialize` derive's
    /// predicate: for a type whose `Deserialize` is written by hand, the helpers have no derive
    /// to belong to where `Serialize` is left out.
    pub fn with_serialize_helpers(&self, tokens: TokenStream) -> TokenStream {
        match &self.serialize {
            None => tokens,
            Some(predicate) => helpers_behind(predicate, tokens),
        }
    }

    /// The serde derives: those always there, each with a comma before it to end the type's
    /// `#[derive(..)]` list, and `#[cfg_attr(.., derive(..))]` attributes for the others, to
    /// follow it. `deserialize` false: the type writes that impl itself.
    pub fn derives(&self, deserialize: bool) -> (TokenStream, TokenStream) {
        let serialize_path = quote!(serde::Serialize);
        let deserialize_path = quote!(serde::Deserialize);
        let mut always = vec![];
        let mut conditional = TokenStream::new();
        let sides = [
            (&self.serialize, serialize_path, true),
            (&self.deserialize, deserialize_path, deserialize),
        ];
        for (when, path, wanted) in sides {
            match (when, wanted) {
                (_, false) => {}
                (None, true) => always.push(path),
                (Some(predicate), true) => {
                    conditional.extend(quote!(#[cfg_attr(#predicate, derive(#path))]))
                }
            }
        }
        (quote!(#(, #always)*), conditional)
    }

    /// The `#[cfg]` of a hand-written `Serialize` impl (empty when always).
    pub fn serialize_cfg(&self) -> TokenStream {
        cfg_of(&self.serialize)
    }

    /// The `#[cfg]` of a hand-written `Deserialize` impl (empty when always).
    pub fn deserialize_cfg(&self) -> TokenStream {
        cfg_of(&self.deserialize)
    }
}

/// The predicate under which a derive is compiled, given which parts the crate has (a part it
/// lacks has no feature to name) and which need it: always when every generated part does (or
/// none does: an unreached type keeps its derives), else when a part needing it is on or no
/// part is.
fn needed_when(parts: (bool, bool), client: bool, server: bool) -> Option<TokenStream> {
    match (parts, client, server) {
        (_, false, false) => None,
        ((true, true), true, false) => {
            Some(quote!(any(feature = "client", not(feature = "server"))))
        }
        ((true, true), false, true) => {
            Some(quote!(any(feature = "server", not(feature = "client"))))
        }
        ((true, false), false, true) => Some(quote!(not(feature = "client"))),
        ((false, true), true, false) => Some(quote!(not(feature = "server"))),
        _ => None,
    }
}

/// Rewrites `#[serde(..)]` as `#[cfg_attr(predicate, serde(..))]`, at any depth.
fn helpers_behind(predicate: &TokenStream, tokens: TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let mut pending_pound: Option<TokenTree> = None;
    for token in tokens {
        if let Some(pound) = pending_pound.take() {
            match &token {
                TokenTree::Group(group) if group.delimiter() == Delimiter::Bracket => {
                    let mut inner = group.stream().into_iter();
                    let is_serde =
                        matches!(inner.next(), Some(TokenTree::Ident(name)) if name == "serde");
                    if is_serde {
                        let helper = group.stream();
                        out.extend(quote!(#[cfg_attr(#predicate, #helper)]));
                        continue;
                    }
                    out.extend([pound]);
                }
                _ => out.extend([pound]),
            }
        }
        match token {
            TokenTree::Punct(punct) if punct.as_char() == '#' => {
                pending_pound = Some(TokenTree::Punct(punct));
            }
            TokenTree::Group(group) => {
                let mut rewritten =
                    Group::new(group.delimiter(), helpers_behind(predicate, group.stream()));
                rewritten.set_span(group.span());
                out.extend([TokenTree::Group(rewritten)]);
            }
            other => out.extend([other]),
        }
    }
    out.extend(pending_pound);
    out
}

fn cfg_of(when: &Option<TokenStream>) -> TokenStream {
    match when {
        Some(predicate) => quote!(#[cfg(#predicate)]),
        None => TokenStream::new(),
    }
}
