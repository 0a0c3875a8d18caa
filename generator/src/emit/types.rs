//! The `types` module: one Rust type per named IR type.

use proc_macro2::TokenStream;
use quote::quote;

use super::builders::{Member, struct_builders};
use super::tokens::{
    Scope, deprecated_attr, docs, ident, integral_attr, lenient_attr, type_tokens,
};
use crate::ir::{
    AliasIndex, Api, Field, IntegerEnum, StringEnum, Struct, TypeDef, TypeKind, TypeRef,
};

mod sides;
mod unions;

use sides::SerdeSides;

/// The body of the `types` module.
pub fn emit_types(api: &Api, features: super::parts::Features) -> TokenStream {
    let context = Context {
        aliases: &api.aliases,
        features,
        serde_per_side: api.serde_per_side,
    };
    let items = api
        .types
        .iter()
        .map(|def| emit_type(def, &api.extra_derives, &context));
    // The three-state field type, named by users as `types::Nullable`.
    let nullable = api.features.nullable.then(|| {
        quote!(
            pub use super::runtime::nullable::Nullable;
        )
    });
    quote! {
        #[allow(unused_imports)]
        use super::runtime;
        #nullable
        #(#items)*
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
}

fn emit_type(def: &TypeDef, extra_derives: &[String], context: &Context<'_>) -> TokenStream {
    let docs = docs(def.docs.as_deref());
    let deprecated = deprecated_attr(def.deprecated);
    let extra = extra_derive_attr(&def.kind, extra_derives);
    let name = ident(&def.name);
    let sides = if context.serde_per_side {
        SerdeSides::of(def.reach, context.features)
    } else {
        SerdeSides::both()
    };
    let body = match &def.kind {
        TypeKind::Struct(structure) => {
            emit_struct(&name, None, &TokenStream::new(), structure, &sides, context)
        }
        TypeKind::GenericStruct { param, structure } => {
            // serde infers the parameter's bounds from the fields, except through
            // `deserialize_with`: they are stated.
            let bound_serialize = format!("{param}: serde::Serialize");
            let bound_deserialize = format!("{param}: serde::Deserialize<'de>");
            let param = ident(param);
            let bounds = quote! {
                #[serde(bound(serialize = #bound_serialize, deserialize = #bound_deserialize))]
            };
            emit_struct(&name, Some(&param), &bounds, structure, &sides, context)
        }
        TypeKind::Instance { generic, arg } => {
            let generic = ident(generic);
            let arg = type_tokens(arg, Scope::Types);
            quote!(pub type #name = #generic<#arg>;)
        }
        TypeKind::StringEnum(string_enum) => emit_string_enum(&name, string_enum, &sides),
        TypeKind::IntegerEnum(integer_enum) => emit_integer_enum(&name, integer_enum, &sides),
        TypeKind::Union(union) => unions::emit_union(&name, union, sides, context),
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
        TypeKind::Alias(target) => {
            let target = type_tokens(target, Scope::Types);
            quote!(pub type #name = #target;)
        }
    };
    super::groups::gate_items(
        &super::groups::type_cfg(def),
        quote! {
            #docs
            #deprecated
            #extra
            #body
        },
    )
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

/// A struct; `param` its type parameter (generic structs), `attributes` what follows the
/// derive.
fn emit_struct(
    name: &proc_macro2::Ident,
    param: Option<&proc_macro2::Ident>,
    attributes: &TokenStream,
    structure: &Struct,
    sides: &SerdeSides,
    context: &Context<'_>,
) -> TokenStream {
    let all_optional = structure
        .fields
        .iter()
        .all(|field| field.ty.may_be_left_out());
    let default = if all_optional {
        quote!(, Default)
    } else {
        TokenStream::new()
    };
    let generics = param.map(|param| quote!(<#param>));
    let fields = emit_fields(structure, &quote!(pub), context);
    let serde_impls = object_only_impls(name, param, sides);
    let (serde, conditional) = sides.derives(true);
    let members: Vec<Member<'_>> = structure
        .fields
        .iter()
        .map(|field| Member {
            name: &field.rust_name,
            ty: &field.ty,
            required: !field.ty.may_be_left_out(),
        })
        .collect();
    let map = structure
        .additional
        .as_ref()
        .map(|map| map.rust_name.as_str());
    let builders = struct_builders(name, param, &members, map, Scope::Types);
    quote! {
        #[derive(Debug, Clone, PartialEq #default #serde)]
        #conditional
        #[serde(remote = "Self")]
        #attributes
        pub struct #name #generics {
            #fields
        }

        #serde_impls

        #builders
    }
}

/// A struct's `Serialize` and `Deserialize`: the derive's own code (`remote = "Self"` makes it
/// inherent functions), with decoding through `runtime::object::Only` so only a JSON object
/// reads as the struct (serde's derive alone also reads one from an array of field values).
fn object_only_impls(
    name: &proc_macro2::Ident,
    param: Option<&proc_macro2::Ident>,
    sides: &SerdeSides,
) -> TokenStream {
    let deserialize_cfg = sides.deserialize_cfg();
    let serialize_cfg = sides.serialize_cfg();
    let (de_generics, ser_generics, generics) = match param {
        Some(param) => (
            quote!(<'de, #param: serde::Deserialize<'de>>),
            quote!(<#param: serde::Serialize>),
            quote!(<#param>),
        ),
        None => (quote!(<'de>), TokenStream::new(), TokenStream::new()),
    };
    quote! {
        #deserialize_cfg
        impl #de_generics serde::Deserialize<'de> for #name #generics {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Self::deserialize(runtime::object::Only(deserializer))
            }
        }

        #serialize_cfg
        impl #ser_generics serde::Serialize for #name #generics {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                Self::serialize(self, serializer)
            }
        }
    }
}

/// A struct's fields, or a struct variant's (`visibility` empty: variant fields have none).
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
    let lenient = lenient_attr(&field.ty, &quote!(runtime), context.aliases);
    if !lenient.is_empty() {
        return (lenient, "runtime::present::lenient");
    }
    let integral = integral_attr(&field.ty, context.aliases);
    let path = if integral.is_empty() {
        "runtime::present::deserialize"
    } else {
        "runtime::present::integral"
    };
    (integral, path)
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
    let holds_null = match &field.ty {
        TypeRef::Option(inner) => {
            matches!(&**inner, TypeRef::Named(name) if context.aliases.holds_null(name))
        }
        _ => false,
    };
    let refuse_null = (optional && !field.required && !field.nullable && !holds_null)
        .then(|| context.features.only_for(super::parts::Part::Server))
        .flatten();
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

fn emit_string_enum(
    name: &proc_macro2::Ident,
    string_enum: &StringEnum,
    sides: &SerdeSides,
) -> TokenStream {
    let (serde, conditional) = sides.derives(true);
    let variants = string_enum.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let wire = &variant.wire_value;
        let rename = if variant.name == *wire {
            TokenStream::new()
        } else {
            quote!(#[serde(rename = #wire)])
        };
        quote!(#rename #variant_name,)
    });
    let arms = string_enum.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let wire = &variant.wire_value;
        quote!(#name::#variant_name => #wire,)
    });
    match &string_enum.fallback {
        Some(fallback) => {
            let fallback = ident(fallback);
            quote! {
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord #serde)]
                #conditional
                pub enum #name {
                    #(#variants)*
                    /// A value this version of the API description does not list.
                    #[serde(untagged)]
                    #fallback(String),
                }

                impl #name {
                    /// The value as sent on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #(#arms)*
                            #name::#fallback(value) => value,
                        }
                    }
                }
            }
        }
        None => {
            let all = string_enum.variants.iter().map(|variant| {
                let variant_name = ident(&variant.name);
                quote!(#name::#variant_name)
            });
            quote! {
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord #serde)]
                #conditional
                pub enum #name {
                    #(#variants)*
                }

                impl #name {
                    /// Every value, in the order the API description lists them.
                    pub const ALL: &[#name] = &[#(#all),*];

                    /// The value as sent on the wire.
                    pub fn as_str(&self) -> &'static str {
                        match self {
                            #(#arms)*
                        }
                    }
                }
            }
        }
    }
}

fn emit_integer_enum(
    name: &proc_macro2::Ident,
    integer_enum: &IntegerEnum,
    sides: &SerdeSides,
) -> TokenStream {
    let (serde, conditional) = sides.derives(true);
    let constants = integer_enum.values.iter().map(|(constant, value)| {
        let constant = ident(&constant.to_ascii_uppercase());
        let value = proc_macro2::Literal::i64_unsuffixed(*value);
        quote!(pub const #constant: #name = #name(#value);)
    });
    quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord #serde)]
        #conditional
        #[serde(transparent)]
        pub struct #name(pub i64);

        impl #name {
            #(#constants)*
        }
    }
}
