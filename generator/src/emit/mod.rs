//! Stage 5: the IR → token streams, one per generated module. Emitters see only the IR.

mod builders;
mod client;
mod client_method;
mod client_pages;
mod client_request;
mod client_response;
mod client_stream;
mod client_types;
pub(crate) mod doc_text;
mod groups;
mod manifest;
mod operations;
mod parts;
pub mod runtime;
mod runtime_sources;
mod server;
mod text;
mod tokens;
mod types;
mod validation;
mod webhook_receiver;
mod webhooks;
mod work;

use proc_macro2::TokenStream;

pub use manifest::manifest;
pub use parts::{Features, Part, Parts};
pub use types::group_files;

pub use crate::error::EmitError;

use crate::ir::Api;

/// An IR name as the emitters write it (`type` → `r#type`), for reports.
pub fn ident_text(name: &str) -> String {
    tokens::ident(name).to_string()
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
    /// Its items; an item written as text stands as `oasgen_text!(N);` after its attributes.
    pub tokens: TokenStream,
    /// The texts of the items written as text, by stand-in index (the renderer puts them in
    /// place: `render::format_with_texts`).
    pub texts: Vec<String>,
}

/// What a generated module holds, so each can be emitted on its own (in parallel).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleKind<'a> {
    /// Schema types.
    Types,
    /// The schema types only the operation group of this feature needs: `types/<feature>.rs`
    /// (crate layout; see [`group_files`]).
    GroupTypes(&'a str),
    /// Per-operation modules.
    Operations,
    /// Webhook payload aliases.
    Webhooks,
    /// The client.
    Client,
    /// The server.
    Server,
    /// The server's checks of schema assertions.
    Validation,
    /// The webhook receiver: trait, signature checks, router.
    Receiver,
}

/// A module to generate, before its tokens exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModulePlan<'a> {
    /// What it holds.
    pub kind: ModuleKind<'a>,
    /// Module name (`types`, `client`, …).
    pub name: &'static str,
    /// One line on what it holds.
    pub doc: &'static str,
    /// The cargo feature that enables it in the crate layout, if any.
    pub feature: Option<&'static str>,
    /// Whether it is part of the public API.
    pub public: bool,
    /// Whether client and server are behind features (crate layout).
    gate: bool,
    /// Whether the client and server parts are generated (for the runtime).
    parts: Parts,
}

impl ModulePlan<'_> {
    /// The parts and gating this module is emitted for.
    pub fn features(&self) -> Features {
        Features {
            parts: self.parts,
            gate: self.gate,
        }
    }
}

/// The modules an API generates, in order.
pub fn plan(api: &Api, parts: Parts, gate: bool) -> Vec<ModulePlan<'_>> {
    let module = |kind, name, doc, feature, public| ModulePlan {
        kind,
        name,
        doc,
        feature,
        public,
        gate,
        parts,
    };
    let mut plans = vec![
        module(
            ModuleKind::Types,
            "types",
            "Types of the schemas in the API description.",
            None,
            true,
        ),
        module(
            ModuleKind::Operations,
            "operations",
            "Per-operation parameters, requests and responses, one module per operation.",
            None,
            true,
        ),
    ];
    if gate {
        let doc = "The schema types only one operation group uses.";
        let files = types::group_files(api).into_iter();
        plans.extend(
            files.map(|feature| module(ModuleKind::GroupTypes(feature), "types", doc, None, true)),
        );
    }
    if !api.webhooks.is_empty() {
        let doc = "Payloads of the requests the API sends to you (webhooks and callbacks).";
        plans.push(module(ModuleKind::Webhooks, "webhooks", doc, None, true));
    }
    if parts.client {
        let doc = "The async client: one method per operation.";
        plans.push(module(
            ModuleKind::Client,
            "client",
            doc,
            gate.then_some("client"),
            true,
        ));
    }
    if parts.server {
        let doc = "The server trait and the axum router that serves it.";
        plans.push(module(
            ModuleKind::Server,
            "server",
            doc,
            gate.then_some("server"),
            true,
        ));
        if api.features.validation {
            let doc = "What the router checks beyond the types: the schemas' assertions.";
            plans.push(module(
                ModuleKind::Validation,
                "validation",
                doc,
                gate.then_some("server"),
                false,
            ));
        }
        if api.features.webhooks {
            let doc = "The webhook receiver: a trait with a method per webhook, and the router \
                       that checks their signatures and serves it.";
            plans.push(module(
                ModuleKind::Receiver,
                "receiver",
                doc,
                gate.then_some("webhooks"),
                true,
            ));
        }
    }
    plans
}

/// What of the runtime an API's generated code needs (the runtime is carried as text, not
/// emitted: see [`runtime`]).
pub fn runtime_needs(api: &Api, parts: Parts, gate: bool) -> runtime::RuntimeNeeds {
    runtime::RuntimeNeeds {
        client: parts.client,
        server: parts.server,
        gate,
        multipart: api.features.multipart,
        pagination: parts.client && api.features.pagination,
        streams: api.features.streams,
        validation: parts.server && api.features.validation,
        patterns: parts.server && api.features.validation && api.features.patterns,
        webhooks: parts.server && api.features.webhooks,
        nullable: api.features.nullable,
        streamed_bodies: api.features.streamed_bodies,
    }
}

/// Emits one planned module.
pub fn emit_module(api: &Api, plan: &ModulePlan) -> Result<Module, EmitError> {
    let (tokens, texts) = match plan.kind {
        ModuleKind::Types => types::emit_types(api, plan.features()),
        ModuleKind::GroupTypes(feature) => types::emit_group_types(api, plan.features(), feature),
        ModuleKind::Operations => operations::emit_operations(&api.operations, plan.features()),
        ModuleKind::Webhooks => (webhooks::emit_webhooks(&api.webhooks), Vec::new()),
        ModuleKind::Client => client::emit_client(api, plan.features()),
        ModuleKind::Server => server::emit_server(api, plan.features()),
        ModuleKind::Validation => validation::emit_validation(api, plan.features()),
        ModuleKind::Receiver => webhook_receiver::emit_receiver(api, plan.features()),
    };
    Ok(Module {
        name: plan.name,
        doc: plan.doc,
        feature: plan.feature,
        public: plan.public,
        tokens,
        texts,
    })
}

/// The estimated work of each module's emitting and formatting, in `plans` order (only the
/// order of estimates means anything): the renderer starts the largest first.
pub fn work_estimates(api: &Api, plans: &[ModulePlan<'_>]) -> Vec<usize> {
    work::estimates(api, plans)
}

/// Emits every module of an API but the runtime. `gate` puts client and server behind cargo
/// features (crate layout); without it they are always compiled (single-file layout).
pub fn emit(api: &Api, parts: Parts, gate: bool) -> Result<Vec<Module>, EmitError> {
    plan(api, parts, gate)
        .iter()
        .map(|plan| emit_module(api, plan))
        .collect()
}
