//! The `client` module: one method per operation on the shared `Client`, each returning the
//! runtime's `Call` future (the request encoded at the call, sent when polled, retried as the
//! client's policy allows; `.with_response()` gives the status and headers too).

use proc_macro2::TokenStream;
use quote::quote;

use super::text::Texts;
use super::tokens::{docs, ident};
use crate::ir::{Api, Credential, Operation};

/// The body of the `client` module, and the texts of the items written as text (the
/// operations' methods).
pub fn emit_client(api: &Api, features: super::parts::Features) -> (TokenStream, Vec<String>) {
    // The one-file layout nests this module one depth further in: texts are read back there.
    let texts = Texts::new(!features.gate);
    let default_base_url = api.servers.first().map(|server| {
        let url = &server.url;
        let doc = format!(
            " The first server in the API description{}.",
            server
                .description
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        );
        quote! {
            #[doc = #doc]
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    let methods: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|operation| {
            let (streams, method) = emit_method(api, operation, &texts);
            let streams =
                super::groups::gate_items(&super::groups::operation_cfg(operation), streams);
            quote!(#streams #method)
        })
        .collect();
    let auth = auth_methods(api);
    let client_types = super::client_types::emit_client_types(api);
    // Unused when the groups whose operations send forms are left out.
    let form = api.features.multipart.then(|| {
        quote!(
            #[allow(unused_imports)]
            use super::runtime::client::Form;
        )
    });
    let events = api.features.streams.then(|| {
        quote!(
            pub use super::runtime::client::EventStream;
            pub use super::runtime::stream::Event;
        )
    });
    let paginate = api.features.pagination.then(|| {
        quote!(
            #[allow(unused_imports)]
            use super::runtime::client::paginate;
        )
    });
    let tokens = quote! {
        #[allow(unused_imports)]
        use super::{operations, types};
        #form
        #events
        #paginate
        #client_types

        #default_base_url

        #auth

        impl Client {
            #(#methods)*
        }
    };
    (tokens, texts.into_texts())
}

/// One `ClientBuilder` method per security scheme, named after it.
fn auth_methods(api: &Api) -> TokenStream {
    if api.security_schemes.is_empty() && api.default_headers.is_empty() {
        return TokenStream::new();
    }
    let headers = api.default_headers.iter().map(|header| {
        let name = ident(&header.rust_name);
        let wire = &header.wire_name;
        let doc = format!(" Sends `{wire}` with every request. Values with CR, LF or other bytes invalid in a header are refused.");
        quote! {
            #[doc = #doc]
            pub fn #name(self, value: &str) -> Result<Self, BuildError> {
                self.header(#wire, value)
            }
        }
    });
    let methods = api.security_schemes.iter().map(|scheme| {
        let name = ident(&scheme.rust_name);
        let (summary, signature, body) = match &scheme.kind {
            Credential::HeaderKey(header) => (
                format!("the key is sent in the `{header}` header"),
                quote!(key: &str),
                quote!(self.secret_header(#header, key)),
            ),
            Credential::QueryKey(param) => (
                format!("the key is sent as the `{param}` query parameter"),
                quote!(key: &str),
                quote!(Ok(self.secret_query(#param, key))),
            ),
            Credential::CookieKey(cookie) => (
                format!("the key is sent as the `{cookie}` cookie"),
                quote!(key: &str),
                quote!(self.secret_cookie(#cookie, key)),
            ),
            Credential::Bearer => (
                "the token is sent as `Authorization: Bearer <token>`".to_string(),
                quote!(token: &str),
                quote!(self.bearer_token(token)),
            ),
            Credential::Basic => (
                "the user and password are sent as `Authorization: Basic …`".to_string(),
                quote!(user: &str, password: &str),
                quote!(Ok(self.basic_auth(user, password))),
            ),
        };
        let text = format!(
            "Authenticates with the `{}` scheme: {summary}.\n\n{}",
            scheme.spec_name,
            scheme.docs.as_deref().unwrap_or("")
        );
        let docs = docs(Some(text.trim()));
        quote! {
            #docs
            pub fn #name(self, #signature) -> Result<Self, BuildError> {
                #body
            }
        }
    });
    quote! {
        impl ClientBuilder {
            #(#methods)*
            #(#headers)*
        }
    }
}

/// The operation's methods: its pages and events methods when it has them, and the method
/// itself, written as text (`client_method.rs`; its group's `cfg` goes with the text).
fn emit_method(api: &Api, operation: &Operation, texts: &Texts) -> (TokenStream, TokenStream) {
    let stream = super::client_pages::stream_method(api, operation);
    let events = super::client_stream::events_method(api, operation);
    if operation.stream.as_ref().is_some_and(|stream| stream.only) {
        return (quote!(#stream #events), TokenStream::new());
    }
    let method = texts.item(
        TokenStream::new(),
        super::client_method::method_text(api, operation, texts),
    );
    (quote!(#stream #events), method)
}
