//! Unions → enums: untagged, tagged by a property (serde's or our own dispatch), or tagged
//! with their value beside the tag.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::text::{Arg, Lines, Param, RustType, type_text};
use super::outer::Outer;
use super::{Context, emit_fields};
use crate::emit::tokens::{
    Scope, deprecated_attr, docs, ident, integral_attr, lenient_attr, type_tokens,
};
use crate::ir::{Tagging, Union, UnionVariant, VariantPayload};

/// The enum of a union, with its `Deserialize` impl when serde cannot derive it.
pub(super) fn emit_union(
    name: &proc_macro2::Ident,
    union: &Union,
    sides: super::SerdeSides,
    context: &Context<'_>,
) -> TokenStream {
    let (serde_attr, derive_deserialize) = match &union.tagging {
        Tagging::Untagged => (quote!(#[serde(untagged)]), true),
        Tagging::Internal {
            tag,
            payload_has_tag: false,
        } => (quote!(#[serde(tag = #tag)]), true),
        Tagging::Adjacent { tag, content } => {
            (quote!(#[serde(tag = #tag, content = #content)]), true)
        }
        // Each payload declares the tag itself, so serde must not remove it: the enum encodes
        // untagged and decodes through a dispatch on the tag (below).
        Tagging::Internal {
            payload_has_tag: true,
            ..
        } => (quote!(#[serde(untagged)]), false),
    };
    // Tag values name the variants only where serde reads the tag.
    let renamed = derive_deserialize && !matches!(union.tagging, Tagging::Untagged);
    let variants = union
        .variants
        .iter()
        .map(|variant| emit_variant(variant, renamed, context));
    let (serde, conditional) = sides.derives(derive_deserialize);
    let fallback = union
        .fallback
        .as_ref()
        .map(|fallback| fallback_variant(fallback, derive_deserialize));
    let dispatch = match &union.tagging {
        Tagging::Internal {
            tag,
            payload_has_tag: true,
        } => {
            let dispatch = tag_dispatch(name, tag, union);
            let cfg = sides.deserialize_cfg();
            quote!(#cfg #dispatch)
        }
        _ => TokenStream::new(),
    };
    let conversions = crate::emit::builders::union_conversions(name, union, context.aliases);
    let enum_item = quote! {
        #serde_attr
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            #fallback
        }
    };
    // Without a derived `Deserialize`, serde's helper attributes live by the `Serialize` derive.
    let enum_item = if derive_deserialize {
        enum_item
    } else {
        sides.with_serialize_helpers(enum_item)
    };
    quote! {
        #[derive(Debug, Clone, PartialEq #serde)]
        #conditional
        #enum_item

        #dispatch

        #conversions
    }
}

/// An untagged union whose variants each hold a value serde reads as derived (the most common
/// union by far: Stripe's expandable fields, `string | Object`), written as text with its `From`
/// impls (see `emit::text`); `None` for any other union, emitted as tokens.
pub(super) fn emit_untagged_text(
    name: &proc_macro2::Ident,
    union: &Union,
    outer: &Outer<'_>,
    sides: &super::SerdeSides,
    context: &Context<'_>,
) -> Option<TokenStream> {
    if !matches!(union.tagging, Tagging::Untagged) || union.fallback.is_some() {
        return None;
    }
    let name = name.to_string();
    let mut lines = Lines::new();
    outer.write(&mut lines);
    let (serde, conditional) = sides.derives(true);
    let attrs = quote! {
        #[derive(Debug, Clone, PartialEq #serde)]
        #conditional
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
    };
    lines.printed(&context.texts.printed_attributes(&attrs)?);
    lines.line(0, &format!("pub enum {name} {{"));
    for variant in &union.variants {
        let VariantPayload::Value(ty, _) = &variant.payload else {
            return None;
        };
        let plain = lenient_attr(ty, &quote!(runtime), context.aliases).is_empty()
            && integral_attr(ty, context.aliases).is_empty();
        if !plain || variant.docs.is_some() || variant.deprecated {
            return None;
        }
        let ty = type_text(ty, Scope::Types)?;
        let variant = ident(&variant.name);
        let flat = format!("{variant}({ty}),");
        if lines.fits(1, flat.len()) {
            lines.line(1, &flat);
        } else {
            lines.line(1, &format!("{variant}("));
            lines.typed(2, "", &ty, (",", 0));
            lines.line(1, "),");
        }
    }
    lines.line(0, "}");
    let mut items = vec![lines.finish()];
    for conversion in crate::emit::builders::conversions(union, context.aliases) {
        let head = format!("{name}::{}", ident(conversion.variant));
        let from = type_text(conversion.from, Scope::Types)?;
        items.push(conversion_text(&name, &from, &head, "value"));
        if conversion.string {
            let str_ref = RustType::Path("&str".to_string());
            items.push(conversion_text(&name, &str_ref, &head, "value.to_string()"));
        }
    }
    let items = items
        .into_iter()
        .map(|text| context.texts.item(outer.attrs(TokenStream::new()), text));
    Some(quote!(#(#items)*))
}

/// `impl From<from> for Name` whose `from` returns `variant(value)`.
fn conversion_text(name: &str, from: &RustType, variant: &str, value: &str) -> String {
    let mut lines = Lines::new();
    lines.trait_impl_header(0, "From", from, name);
    let param = Param::Plain(format!("value: {from}"));
    lines.signature(1, "fn from", &[param], " -> Self {");
    lines.path_call_statement(2, variant, &[Arg::Plain(value.to_string())], "");
    lines.line(1, "}");
    lines.line(0, "}");
    lines.finish()
}

/// The variant an unknown tag decodes to: with serde's derive, a unit variant; with our own
/// dispatch, the value as it came.
fn fallback_variant(fallback: &str, derive_deserialize: bool) -> TokenStream {
    let fallback = ident(fallback);
    if derive_deserialize {
        // serde keeps no trace of the tag it did not know, so the value cannot be written
        // back: encoding it is an error rather than a made-up tag.
        quote! {
            /// A tag this version of the API description does not list (cannot be encoded).
            #[serde(other, skip_serializing)]
            #fallback,
        }
    } else {
        quote! {
            /// A value whose tag this version of the API description does not list, as it
            /// came (encoded back unchanged).
            #fallback(serde_json::Value),
        }
    }
}

/// One variant: its docs, its tag values when serde reads them, and what it holds.
fn emit_variant(variant: &UnionVariant, renamed: bool, context: &Context<'_>) -> TokenStream {
    let mut serde_args = Vec::new();
    if renamed && let Some((first, aliases)) = variant.tag_values.split_first() {
        serde_args.push(quote!(rename = #first));
        serde_args.extend(aliases.iter().map(|alias| quote!(alias = #alias)));
    }
    let body = match &variant.payload {
        VariantPayload::Value(ty, _) => {
            let lenient = lenient_attr(ty, &quote!(runtime), context.aliases);
            let special = if lenient.is_empty() {
                integral_attr(ty, context.aliases)
            } else {
                lenient
            };
            if !special.is_empty() {
                serde_args.push(special);
            }
            let ty = type_tokens(ty, Scope::Types);
            quote!((#ty))
        }
        VariantPayload::Fields(fields) => {
            let fields = emit_fields(fields, &TokenStream::new(), context);
            quote!({ #fields })
        }
        VariantPayload::Unit => TokenStream::new(),
    };
    let serde_attr = if serde_args.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[serde(#(#serde_args),*)])
    };
    let docs = docs(variant.docs.as_deref());
    let deprecated = deprecated_attr(variant.deprecated);
    let variant_name = ident(&variant.name);
    quote! {
        #docs
        #deprecated
        #serde_attr
        #variant_name #body,
    }
}

/// `Deserialize` for a union whose payloads declare the tag themselves: read the tag, then
/// decode the whole value (tag included) as the variant it names.
fn tag_dispatch(name: &proc_macro2::Ident, tag: &str, union: &Union) -> TokenStream {
    let arms = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let values = &variant.tag_values;
        let decode = match &variant.payload {
            VariantPayload::Unit => quote!(Ok(#name::#variant_name)),
            // Lowering gives this tagging single-value payloads only (a struct variant has its
            // tag removed and is tagged by serde instead).
            VariantPayload::Value(..) | VariantPayload::Fields(_) => {
                quote!(runtime::tagged::variant(value).map(#name::#variant_name))
            }
        };
        quote!(#(#values)|* => #decode,)
    });
    let all_values: Vec<&String> = union
        .variants
        .iter()
        .flat_map(|v| v.tag_values.iter())
        .collect();
    let other = match &union.fallback {
        Some(fallback) => {
            let fallback = ident(fallback);
            quote!(_ => Ok(#name::#fallback(value)),)
        }
        None => {
            quote!(other => Err(serde::de::Error::unknown_variant(other, &[#(#all_values),*])),)
        }
    };
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let (tag, value) = runtime::tagged::split(deserializer, #tag)?;
                match tag.as_str() {
                    #(#arms)*
                    #other
                }
            }
        }
    }
}
