//! The `types` module: one Rust type per named IR type.

use proc_macro2::TokenStream;
use quote::quote;

use super::text::{Lines, RustType, type_text};
use super::tokens::{Scope, deprecated_attr, docs, ident, type_tokens};
use crate::ir::{AliasIndex, Api, Field, Struct, TypeDef, TypeKind, TypeRef};

mod enums;
mod outer;
mod sides;
mod struct_impls;
mod structs;
mod unions;

use sides::SerdeSides;

/// The body of the `types` module. In a crate, the types only one operation group needs are
/// in a file of their own under `types/` (see [`group_files`]), declared here behind the
/// group's feature and re-exported: a build without that group never reads them.
pub fn emit_types(api: &Api, features: super::parts::Features) -> (TokenStream, Vec<String>) {
    let context = Context::of(api, features);
    let files = if features.gate {
        group_files(api)
    } else {
        Vec::new()
    };
    let items: Vec<TokenStream> = api
        .types
        .iter()
        .filter(|def| own_group(def).is_none_or(|group| !files.contains(&group)))
        .map(|def| emit_type(def, &api.extra_derives, &context, true))
        .collect();
    let modules = files.iter().map(|feature| {
        let module = ident(feature);
        quote! {
            #[cfg(feature = #feature)]
            #[rustfmt::skip]
            mod #module;
            #[cfg(feature = #feature)]
            pub use #module::*;
        }
    });
    // The three-state field type, named by users as `types::Nullable`.
    let nullable = api.features.nullable.then(|| {
        quote!(
            pub use super::runtime::nullable::Nullable;
        )
    });
    let tokens = quote! {
        #[allow(unused_imports)]
        use super::runtime;
        #nullable
        #(#modules)*
        #(#items)*
    };
    (tokens, context.texts.into_texts())
}

/// The file `types/<feature>.rs`: the types only group `feature` needs, ungated (the module
/// is), naming the others through the parent's names.
pub fn emit_group_types(
    api: &Api,
    features: super::parts::Features,
    feature: &str,
) -> (TokenStream, Vec<String>) {
    let context = Context::of(api, features);
    let doc = format!(" The types only the operations of the `{feature}` feature use.");
    let items: Vec<TokenStream> = api
        .types
        .iter()
        .filter(|def| own_group(def) == Some(feature))
        .map(|def| emit_type(def, &api.extra_derives, &context, false))
        .collect();
    let tokens = quote! {
        #![doc = #doc]
        #[allow(unused_imports)]
        use super::*;
        #(#items)*
    };
    (tokens, context.texts.into_texts())
}

/// The groups that have a file of types of their own: those some type is needed by alone.
pub fn group_files(api: &Api) -> Vec<&str> {
    let files: std::collections::BTreeSet<&str> = api.types.iter().filter_map(own_group).collect();
    files.into_iter().collect()
}

/// The one group needing `def`, if only one does.
pub(super) fn own_group(def: &TypeDef) -> Option<&str> {
    match def.groups.as_slice() {
        [feature] => Some(feature.as_str()),
        _ => None,
    }
}

/// What every type's emission needs to know about the whole API and crate.
struct Context<'a> {
    /// Where each alias leads (aliases of lenient numbers read numeric strings; aliases of
    /// `serde_json::Value` or an `Option` hold `null`).
    aliases: &'a AliasIndex,
    /// Which parts are generated, and whether behind features.
    features: super::parts::Features,
    /// Whether a one-part build derives only the serde side it uses.
    serde_per_side: bool,
    /// The items written as text, kept for the renderer (crate layout) or read back at once.
    texts: super::text::Texts,
}

impl<'a> Context<'a> {
    fn of(api: &'a Api, features: super::parts::Features) -> Self {
        Context {
            aliases: &api.aliases,
            features,
            serde_per_side: api.serde_per_side,
            // The one-file layout formats its modules nested, one depth in: its texts are
            // read back as tokens and formatted there.
            texts: super::text::Texts::new(!features.gate),
        }
    }

    /// How the numbers `ty` holds are read.
    fn number_decoding(&self, ty: &TypeRef) -> struct_impls::Number {
        if self.aliases.accepts_numeric_strings(ty) {
            struct_impls::Number::Lenient
        } else if self.aliases.holds_integers(ty) {
            struct_impls::Number::Integral
        } else {
            struct_impls::Number::Plain
        }
    }

    /// Whether the server refuses `null` in `field`: optional, its schema not admitting `null`
    /// (nor its type, through an alias), in a crate that has a server.
    fn refuses_null(&self, field: &Field) -> bool {
        let holds_null = match &field.ty {
            TypeRef::Option(inner) => {
                matches!(&**inner, TypeRef::Named(name) if self.aliases.holds_null(name))
            }
            _ => false,
        };
        field.ty.is_option()
            && !field.required
            && !field.nullable
            && !holds_null
            && self.features.only_for(super::parts::Part::Server).is_some()
    }
}

/// One type; `gated`: behind the `cfg` of the groups needing it (not in a group's own file).
fn emit_type(
    def: &TypeDef,
    extra_derives: &[String],
    context: &Context<'_>,
    gated: bool,
) -> TokenStream {
    let extra = extra_derive_attr(&def.kind, extra_derives);
    let name = ident(&def.name);
    let sides = if context.serde_per_side {
        SerdeSides::of(def.reach, context.features)
    } else {
        SerdeSides::both()
    };
    let cfg = if gated {
        super::groups::type_cfg(def)
    } else {
        TokenStream::new()
    };
    // Structs, string enums and aliases are written as text, each item with its docs and
    // attributes (the groups' `cfg` among them).
    let outer = outer::Outer {
        docs: def.docs.as_deref(),
        deprecated: def.deprecated,
        extra,
        gate: cfg.clone(),
    };
    let body = match &def.kind {
        TypeKind::Struct(structure) => {
            return structs::emit_struct(&name, None, structure, &outer, &sides, context);
        }
        TypeKind::GenericStruct { param, structure } => {
            let param = ident(param);
            return structs::emit_struct(&name, Some(&param), structure, &outer, &sides, context);
        }
        TypeKind::StringEnum(string_enum) => {
            return enums::emit_string_enum(&name, string_enum, &outer, &sides, context);
        }
        TypeKind::Instance { generic, arg } => {
            let generic = ident(generic);
            let target = type_text(arg, Scope::Types)
                .map(|arg| RustType::generic(generic.to_string(), arg))
                .ok_or_else(|| {
                    let arg = type_tokens(arg, Scope::Types);
                    quote!(#generic<#arg>)
                });
            return alias(&name.to_string(), target, &outer, context);
        }
        TypeKind::Alias(target) => {
            let target =
                type_text(target, Scope::Types).ok_or_else(|| type_tokens(target, Scope::Types));
            return alias(&name.to_string(), target, &outer, context);
        }
        TypeKind::IntegerEnum(integer_enum) => {
            enums::emit_integer_enum(&name, integer_enum, &sides)
        }
        TypeKind::Union(union) => {
            if let Some(text) = unions::emit_untagged_text(&name, union, &outer, &sides, context) {
                return text;
            }
            unions::emit_union(&name, union, sides, context)
        }
        TypeKind::Newtype(inner) => {
            let inner = type_tokens(inner, Scope::Types);
            let (serde, conditional) = sides.derives(true);
            quote! {
                #[derive(Debug, Clone, PartialEq #serde)]
                #conditional
                #[serde(transparent)]
                pub struct #name(pub #inner);
            }
        }
    };
    // The kinds still emitted as tokens carry their docs and attributes as tokens.
    let docs = docs(def.docs.as_deref());
    let deprecated = deprecated_attr(def.deprecated);
    let extra = &outer.extra;
    super::groups::gate_items(
        &cfg,
        quote! {
            #docs
            #deprecated
            #extra
            #body
        },
    )
}

/// `pub type Name = Target;` as text, with its docs and attributes; the target as tokens when
/// the configuration names it (the formatter writes those).
fn alias(
    name: &str,
    target: Result<RustType, TokenStream>,
    outer: &outer::Outer<'_>,
    context: &Context<'_>,
) -> TokenStream {
    let mut lines = Lines::new();
    outer.write(&mut lines);
    let target = target.unwrap_or_else(|tokens| {
        lines.needs_formatter();
        RustType::Path(tokens.to_string())
    });
    lines.typed(0, &format!("pub type {name} = "), &target, (";", 1));
    context
        .texts
        .item(outer.attrs(TokenStream::new()), lines.finish())
}

/// The configuration's extra derives, less those the type derives already (a derive given
/// twice is an error) and none on aliases (they are not new types).
fn extra_derive_attr(kind: &TypeKind, extra_derives: &[String]) -> TokenStream {
    let already: &[&str] = match kind {
        TypeKind::Struct(_) | TypeKind::GenericStruct { .. } | TypeKind::Newtype(_) => &[
            "Debug",
            "Clone",
            "PartialEq",
            "Default",
            "Serialize",
            "Deserialize",
        ],
        TypeKind::Union(_) => &["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"],
        TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => &[
            "Debug",
            "Clone",
            "Copy",
            "PartialEq",
            "Eq",
            "Hash",
            "PartialOrd",
            "Ord",
            "Serialize",
            "Deserialize",
        ],
        TypeKind::Alias(_) | TypeKind::Instance { .. } => return TokenStream::new(),
    };
    let paths: Vec<TokenStream> = extra_derives
        .iter()
        .filter(|derive| !already.contains(&derive.rsplit("::").next().unwrap_or(derive)))
        .filter_map(|derive| derive.parse().ok())
        .collect();
    if paths.is_empty() {
        return TokenStream::new();
    }
    quote!(#[derive(#(#paths),*)])
}

/// A struct variant's fields, with their serde attributes (unions' serde impls are derived).
fn emit_fields(structure: &Struct, visibility: &TokenStream, context: &Context<'_>) -> TokenStream {
    let fields = structure
        .fields
        .iter()
        .map(|field| emit_field(field, visibility, context));
    let additional = structure.additional.as_ref().map(|additional| {
        let field = ident(&additional.rust_name);
        let ty = type_tokens(&additional.ty, Scope::Types);
        quote! {
            /// Properties not listed in the schema.
            #[serde(flatten)]
            #visibility #field: std::collections::BTreeMap<String, #ty>,
        }
    });
    quote!(#(#fields)* #additional)
}

/// How a field's numbers decode, when not as serde does (ASP.NET numbers from strings too,
/// integers from integral floats too: `3.0`): the `deserialize_with` argument, empty when serde's
/// own, and the `runtime::present` function that does the same while refusing `null`.
fn number_decoding(field: &Field, context: &Context<'_>) -> (TokenStream, &'static str) {
    match context.number_decoding(&field.ty) {
        struct_impls::Number::Lenient => (
            quote!(deserialize_with = "runtime::lenient::deserialize"),
            "runtime::present::lenient",
        ),
        struct_impls::Number::Integral => (
            quote!(deserialize_with = "runtime::integral::deserialize"),
            "runtime::present::integral",
        ),
        struct_impls::Number::Plain => (TokenStream::new(), "runtime::present::deserialize"),
    }
}

fn emit_field(field: &Field, visibility: &TokenStream, context: &Context<'_>) -> TokenStream {
    let mut serde_args = Vec::new();
    if field.rust_name != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote!(rename = #wire));
    }
    let (special, present_path) = number_decoding(field, context);
    let optional = field.ty.is_option();
    let three_state = matches!(field.ty, TypeRef::Nullable(_));
    // With `deserialize_with`, serde no longer reads an absent `Option` field as `None` itself;
    // a `Nullable` is absent only by its `Default`.
    if (optional && (!field.required || !special.is_empty())) || three_state {
        serde_args.push(quote!(default));
    }
    if optional && !field.required {
        serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    if three_state {
        serde_args.push(quote!(
            skip_serializing_if = "runtime::nullable::Nullable::is_absent"
        ));
    }
    // Absent is fine, `null` is not: the server refuses it (see `runtime::present`). Only the
    // server needs the check, so a client-only build compiles none of it.
    let refuse_null = if context.refuses_null(field) {
        context.features.only_for(super::parts::Part::Server)
    } else {
        None
    };
    let mut conditional = TokenStream::new();
    match refuse_null {
        Some(cfg) => {
            let path = present_path;
            if cfg.is_empty() {
                serde_args.push(quote!(deserialize_with = #path));
            } else {
                conditional.extend(
                    quote!(#[cfg_attr(feature = "server", serde(deserialize_with = #path))]),
                );
                if !special.is_empty() {
                    conditional
                        .extend(quote!(#[cfg_attr(not(feature = "server"), serde(#special))]));
                }
            }
        }
        None if !special.is_empty() => serde_args.push(special),
        None => {}
    }
    let serde_attr = if serde_args.is_empty() {
        conditional
    } else {
        quote!(#[serde(#(#serde_args),*)] #conditional)
    };
    let docs = docs(field.docs.as_deref());
    let deprecated = deprecated_attr(field.deprecated);
    let name = ident(&field.rust_name);
    let ty = type_tokens(&field.ty, Scope::Types);
    quote! {
        #docs
        #deprecated
        #serde_attr
        #visibility #name: #ty,
    }
}
