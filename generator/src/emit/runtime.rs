//! The `runtime` module: helpers every generated crate carries (the same text each time), so
//! operation methods and handlers stay short and the crate depends on no runtime crate of ours.
//!
//! The helpers are real Rust files beside this one, compiled and tested as part of every
//! generated crate; here they are only read as tokens.

use proc_macro2::TokenStream;
use quote::quote;

use super::EmitError;

const COMMON: &str = include_str!("runtime/common.rs");
const CLIENT: &str = include_str!("runtime/client.rs");
const SERVER: &str = include_str!("runtime/server.rs");
const CLIENT_MULTIPART: &str = include_str!("runtime/client_multipart.rs");
const CLIENT_PAGES: &str = include_str!("runtime/client_pages.rs");
const SERVER_MULTIPART: &str = include_str!("runtime/server_multipart.rs");
const SERVER_VALIDATE: &str = include_str!("runtime/server_validate.rs");
const SERVER_PATTERN: &str = include_str!("runtime/server_pattern.rs");

/// Optional parts of the runtime, each carried only by crates whose API needs it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras {
    /// Multipart forms (needs the `multipart` features of reqwest and axum).
    pub multipart: bool,
    /// Cursor pagination streams (needs the `futures` crate).
    pub pagination: bool,
    /// The server's checks of schema assertions.
    pub validation: bool,
    /// `pattern` checks (needs the `regex` crate).
    pub patterns: bool,
}

/// The runtime module body; `gate` puts the client and server parts behind their cargo features;
/// `extras` adds what only some APIs need.
pub fn emit_runtime(
    client: bool,
    server: bool,
    gate: bool,
    extras: Extras,
) -> Result<TokenStream, EmitError> {
    let multipart = extras.multipart;
    let common = parse(COMMON)?;
    let client_part = if client {
        let base = parse(CLIENT)?;
        let forms = if multipart {
            parse(CLIENT_MULTIPART)?
        } else {
            TokenStream::new()
        };
        let pages = if extras.pagination {
            parse(CLIENT_PAGES)?
        } else {
            TokenStream::new()
        };
        let tokens = quote!(#base #forms #pages);
        let cfg = gate.then(|| quote!(#[cfg(feature = "client")]));
        quote! {
            #cfg
            pub mod client {
                #tokens
            }
        }
    } else {
        TokenStream::new()
    };
    let server_part = if server {
        let base = parse(SERVER)?;
        let forms = if multipart {
            parse(SERVER_MULTIPART)?
        } else {
            TokenStream::new()
        };
        let validate = if extras.validation {
            let checks = parse(SERVER_VALIDATE)?;
            let patterns = if extras.patterns {
                parse(SERVER_PATTERN)?
            } else {
                TokenStream::new()
            };
            quote!(pub mod validate { #checks #patterns })
        } else {
            TokenStream::new()
        };
        let tokens = quote!(#base #forms #validate);
        let cfg = gate.then(|| quote!(#[cfg(feature = "server")]));
        quote! {
            #cfg
            pub mod server {
                #tokens
            }
        }
    } else {
        TokenStream::new()
    };
    Ok(quote! {
        #common
        #client_part
        #server_part
    })
}

fn parse(source: &str) -> Result<TokenStream, EmitError> {
    source
        .parse()
        .map_err(|error| EmitError(format!("runtime source does not parse: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_sources_parse_as_rust_files() {
        for (client, server, gate, multipart) in [
            (true, true, true, true),
            (true, false, false, false),
            (false, true, false, true),
            (false, false, true, false),
        ] {
            let extras = Extras {
                multipart,
                pagination: multipart,
                validation: multipart,
                patterns: multipart,
            };
            let tokens = emit_runtime(client, server, gate, extras).expect("runtime lexes");
            syn::parse2::<syn::File>(tokens).expect("runtime parses as a file");
        }
    }

    #[test]
    fn gating_puts_client_and_server_behind_features() {
        let gated = emit_runtime(true, true, true, Extras::default())
            .expect("lexes")
            .to_string();
        assert!(gated.contains("feature = \"client\"") && gated.contains("feature = \"server\""));
        let ungated = emit_runtime(true, false, false, Extras::default())
            .expect("lexes")
            .to_string();
        assert!(!ungated.contains("feature"));
        assert!(!ungated.contains("pub mod server"));
    }
}
