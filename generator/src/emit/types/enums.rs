//! String and integer enums.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::super::tokens::ident;
use super::SerdeSides;
use crate::ir::{IntegerEnum, StringEnum};

/// A string enum, closed or open (an `Unknown(String)` variant keeps unlisted values), with its
/// serde impls written out through `runtime::string_enum` (see there for why not derived).
pub(super) fn emit_string_enum(
    name: &Ident,
    string_enum: &StringEnum,
    sides: &SerdeSides,
) -> TokenStream {
    let variants = string_enum.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        quote!(#variant_name,)
    });
    let arms = string_enum.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let wire = &variant.wire_value;
        quote!(#name::#variant_name => #wire,)
    });
    let values: Vec<&str> = string_enum
        .variants
        .iter()
        .map(|variant| variant.wire_value.as_str())
        .collect();
    // A value listed twice reads as its first variant (a second arm would be unreachable).
    let mut seen = std::collections::BTreeSet::new();
    let from_wire: Vec<TokenStream> = string_enum
        .variants
        .iter()
        .filter(|variant| seen.insert(variant.wire_value.as_str()))
        .map(|variant| {
            let variant_name = ident(&variant.name);
            let wire = &variant.wire_value;
            quote!(#wire => #name::#variant_name,)
        })
        .collect();
    let (definition, unlisted) = match &string_enum.fallback {
        Some(fallback) => {
            let fallback = ident(fallback);
            let definition = quote! {
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                pub enum #name {
                    #(#variants)*
                    /// A value this version of the API description does not list.
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
            };
            (definition, quote!(_ => #name::#fallback(value.to_owned()),))
        }
        None => {
            let all = string_enum.variants.iter().map(|variant| {
                let variant_name = ident(&variant.name);
                quote!(#name::#variant_name)
            });
            let definition = quote! {
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
            };
            (definition, quote!(_ => return None,))
        }
    };
    let deserialize_cfg = sides.deserialize_cfg();
    let serialize_cfg = sides.serialize_cfg();
    quote! {
        #definition

        #deserialize_cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                runtime::string_enum::deserialize(deserializer)
            }
        }

        #deserialize_cfg
        impl runtime::string_enum::StringEnum for #name {
            const VALUES: &'static [&'static str] = &[#(#values),*];

            fn from_wire(value: &str) -> Option<Self> {
                let variant = match value {
                    #(#from_wire)*
                    #unlisted
                };
                Some(variant)
            }
        }

        #serialize_cfg
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    }
}

/// An integer enum: a newtype of `i64` with a constant per listed value (any integer reads).
pub(super) fn emit_integer_enum(
    name: &Ident,
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
