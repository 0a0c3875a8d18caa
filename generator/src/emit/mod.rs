//! Stage 5: the IR → token streams, one per generated module. Emitters see only the IR.

mod client;
pub(crate) mod doc_text;
mod manifest;
mod operations;
mod runtime;
mod server;
mod tokens;
mod types;
mod webhooks;

use proc_macro2::TokenStream;

pub use manifest::manifest;

use crate::ir::{Api, MediaKind};

/// Whether any operation sends a multipart form (the runtime then carries form support).
pub fn uses_multipart(api: &Api) -> bool {
    api.operations.iter().any(|op| {
        op.body
            .as_ref()
            .is_some_and(|body| body.media == MediaKind::Multipart)
    })
}

/// A type reference as the Rust type the emitters write (`Vec<types::Pet>` reads as
/// `Vec<Pet>`), for reports.
pub fn type_text(ty: &crate::ir::TypeRef) -> String {
    tokens::type_tokens(ty, tokens::Scope::Types)
        .to_string()
        .replace(" < ", "<")
        .replace(" >", ">")
        .replace(" :: ", "::")
        .replace(" ,", ",")
}

/// Which parts of the API to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    /// The reqwest client.
    pub client: bool,
    /// The server trait and axum router.
    pub server: bool,
}

impl Default for Parts {
    fn default() -> Self {
        Parts {
            client: true,
            server: true,
        }
    }
}

/// One generated module.
#[derive(Debug, Clone)]
pub struct Module {
    /// Module name (`types`, `client`, …).
    pub name: &'static str,
    /// One line on what it holds.
    pub doc: &'static str,
    /// The cargo feature that enables it in the crate layout, if any.
    pub feature: Option<&'static str>,
    /// Whether it is part of the public API.
    pub public: bool,
    /// Its items.
    pub tokens: TokenStream,
}

/// An emitter failed on its own input (a bug in oasgen, never a spec problem).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("internal error: {0}")]
pub struct EmitError(pub String);

/// Emits every module of an API. `gate` puts client and server behind cargo features (crate
/// layout); without it they are always compiled (single-file layout).
pub fn emit(api: &Api, parts: Parts, gate: bool) -> Result<Vec<Module>, EmitError> {
    let mut modules = vec![
        Module {
            name: "types",
            doc: "Types of the schemas in the API description.",
            feature: None,
            public: true,
            tokens: types::emit_types(&api.types, &api.extra_derives),
        },
        Module {
            name: "operations",
            doc: "Per-operation parameters, requests and responses, one module per operation.",
            feature: None,
            public: true,
            tokens: operations::emit_operations(&api.operations),
        },
    ];
    if !api.webhooks.is_empty() {
        modules.push(Module {
            name: "webhooks",
            doc: "Payloads of the requests the API sends to you (webhooks and callbacks).",
            feature: None,
            public: true,
            tokens: webhooks::emit_webhooks(&api.webhooks),
        });
    }
    if parts.client {
        modules.push(Module {
            name: "client",
            doc: "The async client: one method per operation.",
            feature: gate.then_some("client"),
            public: true,
            tokens: client::emit_client(api),
        });
    }
    if parts.server {
        modules.push(Module {
            name: "server",
            doc: "The server trait and the axum router that serves it.",
            feature: gate.then_some("server"),
            public: true,
            tokens: server::emit_server(api),
        });
    }
    modules.push(Module {
        name: "runtime",
        doc: "Helpers shared by the generated code.",
        feature: None,
        public: false,
        tokens: runtime::emit_runtime(parts.client, parts.server, gate, uses_multipart(api))?,
    });
    Ok(modules)
}
