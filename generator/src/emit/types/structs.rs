//! Structs: the type, and its serde impls written out rather than derived.
//!
//! A derived `Deserialize` carries a field enum with its own visitor, a visitor for structs
//! written as sequences, and a wrapper struct per field decoded `with` a function; on a 4 MB
//! spec's thousands of structs that is most of what `cargo check` spends. The impls written
//! here are one `match` over the field names and a line per field, on the runtime's `object`
//! module, and decode and encode exactly as the derive did (renames, absent and `null`
//! fields, repeated and missing fields, other properties in a map).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::super::builders::{Member, struct_builders};
use super::super::tokens::{Scope, deprecated_attr, docs, ident, type_tokens};
use super::{Context, SerdeSides};
use crate::ir::{Field, Struct, TypeRef};

/// A struct (`param`: the type parameter of a generic one) with its serde impls and builders.
pub(super) fn emit_struct(
    name: &Ident,
    param: Option<&Ident>,
    structure: &Struct,
    sides: &SerdeSides,
    deprecated: bool,
    context: &Context<'_>,
) -> TokenStream {
    let all_optional = structure
        .fields
        .iter()
        .all(|field| field.ty.may_be_left_out());
    let default = all_optional.then(|| quote!(, Default));
    let generics = param.map(|param| quote!(<#param>));
    let fields = structure.fields.iter().map(|field| {
        let docs = docs(field.docs.as_deref());
        let deprecated = deprecated_attr(field.deprecated);
        let name = ident(&field.rust_name);
        let ty = type_tokens(&field.ty, Scope::Types);
        quote!(#docs #deprecated pub #name: #ty,)
    });
    let others = structure.additional.as_ref().map(|additional| {
        let name = ident(&additional.rust_name);
        let ty = type_tokens(&additional.ty, Scope::Types);
        quote! {
            /// Properties not listed in the schema.
            pub #name: std::collections::BTreeMap<String, #ty>,
        }
    });
    // The impls read and write deprecated fields (and name a deprecated struct).
    let allow = (deprecated || structure.fields.iter().any(|field| field.deprecated))
        .then(|| quote!(#[allow(deprecated)]));
    let impls = Impls {
        name,
        param,
        structure,
        allow: allow.unwrap_or_default(),
    };
    let deserialize = impls.deserialize(&sides.deserialize_cfg(), context);
    let serialize = impls.serialize(&sides.serialize_cfg());
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
        #[derive(Debug, Clone, PartialEq #default)]
        pub struct #name #generics {
            #(#fields)*
            #others
        }

        #deserialize

        #serialize

        #builders
    }
}

/// What a struct's serde impls are written from.
struct Impls<'a> {
    name: &'a Ident,
    param: Option<&'a Ident>,
    structure: &'a Struct,
    /// `#[allow(deprecated)]` when the impls touch something deprecated.
    allow: TokenStream,
}

impl Impls<'_> {
    /// `Deserialize`, through `runtime::object`: a map only, each listed field once, keys it
    /// does not list skipped (or kept in the map of other properties).
    fn deserialize(&self, cfg: &TokenStream, context: &Context<'_>) -> TokenStream {
        let Impls {
            name, param, allow, ..
        } = self;
        let (impl_generics, generics) = match param {
            Some(param) => (
                quote!(<'de, #param: serde::Deserialize<'de>>),
                quote!(<#param>),
            ),
            None => (quote!(<'de>), TokenStream::new()),
        };
        // The locals are the fields' own names; the reader and the key take others.
        let taken: Vec<&str> = self
            .structure
            .fields
            .iter()
            .map(|field| field.rust_name.as_str())
            .chain(self.others_name())
            .collect();
        let map = ident(&free_name("map", &taken));
        let key = ident(&free_name("key", &taken));
        let slots = self.structure.fields.iter().map(|field| {
            let slot = ident(&field.rust_name);
            quote!(let mut #slot = None;)
        });
        let others_slot = self.others_name().map(|others| {
            let others = ident(others);
            quote!(let mut #others = std::collections::BTreeMap::new();)
        });
        let read_loop = self.read_loop(&map, &key, context);
        let values = self.structure.fields.iter().map(|field| {
            let slot = ident(&field.rust_name);
            let wire = &field.wire_name;
            if field.ty.may_be_left_out() {
                quote!(#slot: #slot.unwrap_or_default(),)
            } else {
                quote!(#slot: #map.required(#slot, #wire)?,)
            }
        });
        let others_value = self.others_name().map(|others| {
            let others = ident(others);
            quote!(#others,)
        });
        let label = label(name);
        quote! {
            #cfg
            #allow
            impl #impl_generics serde::Deserialize<'de> for #name #generics {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    runtime::object::deserialize(deserializer)
                }
            }

            #cfg
            #allow
            impl #impl_generics runtime::object::FromMap<'de> for #name #generics {
                const NAME: &'static str = #label;

                fn from_map<A: serde::de::MapAccess<'de>>(
                    mut #map: runtime::object::Reader<A>,
                ) -> Result<Self, A::Error> {
                    #(#slots)*
                    #others_slot
                    #read_loop
                    Ok(Self {
                        #(#values)*
                        #others_value
                    })
                }
            }
        }
    }

    /// The loop over the map's entries: each key to its field's slot, or skipped, or to the
    /// map of other properties.
    fn read_loop(&self, map: &Ident, key: &Ident, context: &Context<'_>) -> TokenStream {
        let fields = &self.structure.fields;
        let others = self.others_name().map(ident);
        let unknown = match &others {
            Some(others) => quote!(_ => #map.other(&mut #others, #key),),
            None => quote!(_ => #map.skip(),),
        };
        let arms = fields.iter().map(|field| {
            let slot = ident(&field.rust_name);
            let wire = &field.wire_name;
            match decoding(field, context) {
                Some(how) => quote!(#wire => #map.field_via(&mut #slot, #wire, #how),),
                None => quote!(#wire => #map.field(&mut #slot, #wire),),
            }
        });
        match (fields.is_empty(), others) {
            // A `match` of one arm is what clippy calls a single binding.
            (true, None) => quote! {
                while #map.next_key()?.is_some() {
                    #map.skip()?;
                }
            },
            (true, Some(others)) => quote! {
                while let Some(#key) = #map.next_key()? {
                    #map.other(&mut #others, #key)?;
                }
            },
            // One `?` after the `match` rather than one per arm: fewer exits for rustc to
            // build and borrow-check (Stripe's `payment_intents` group: borrow checking
            // 5.1 → 4.5 s).
            (false, _) => quote! {
                while let Some(#key) = #map.next_key()? {
                    match #key.as_str() {
                        #(#arms)*
                        #unknown
                    }?;
                }
            },
        }
    }

    /// `Serialize`: the fields in order under their wire names, empty optional ones left out,
    /// then the other properties.
    fn serialize(&self, cfg: &TokenStream) -> TokenStream {
        let Impls {
            name, param, allow, ..
        } = self;
        let (impl_generics, generics) = match param {
            Some(param) => (quote!(<#param: serde::Serialize>), quote!(<#param>)),
            None => (TokenStream::new(), TokenStream::new()),
        };
        let writes = self.structure.fields.iter().map(|field| {
            let member = ident(&field.rust_name);
            let wire = &field.wire_name;
            match presence(field) {
                Some(present) => quote!(object.field_if(#present, #wire, &self.#member)?;),
                None => quote!(object.field(#wire, &self.#member)?;),
            }
        });
        let others = self.others_name().map(|others| {
            let others = ident(others);
            quote!(object.others(&self.#others)?;)
        });
        let mutable = (!self.structure.fields.is_empty() || others.is_some()).then(|| quote!(mut));
        let start = self.writer_start();
        quote! {
            #cfg
            #allow
            impl #impl_generics serde::Serialize for #name #generics {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    let #mutable object = #start;
                    #(#writes)*
                    #others
                    object.end()
                }
            }
        }
    }

    /// The `Writer` a struct is written with: a struct of as many fields as will be written
    /// (serde_json writes `{}` at once for a struct of none), or a map when it keeps others.
    fn writer_start(&self) -> TokenStream {
        if self.structure.additional.is_some() {
            return quote!(runtime::object::Writer::with_others(serializer)?);
        }
        let fields = &self.structure.fields;
        let always = fields
            .iter()
            .filter(|field| presence(field).is_none())
            .count();
        let mut terms: Vec<TokenStream> = fields
            .iter()
            .filter_map(presence)
            .map(|present| quote!(usize::from(#present)))
            .collect();
        // `0 + …` is what clippy calls an identity operation.
        if always > 0 || terms.is_empty() {
            let always = proc_macro2::Literal::usize_unsuffixed(always);
            terms.insert(0, quote!(#always));
        }
        let label = label(self.name);
        quote!(runtime::object::Writer::new(serializer, #label, #(#terms)+*)?)
    }

    /// The name of the map of other properties, if the struct keeps them.
    fn others_name(&self) -> Option<&str> {
        self.structure
            .additional
            .as_ref()
            .map(|additional| additional.rust_name.as_str())
    }
}

/// The struct's name as errors and serializers see it (no `r#`).
fn label(name: &Ident) -> String {
    name.to_string().trim_start_matches("r#").to_string()
}

/// When a field is written: `None` always; else the condition (an optional field's `Some`, a
/// three-state field's value or `null`). A required `Option` is written as `null`.
fn presence(field: &Field) -> Option<TokenStream> {
    let member = ident(&field.rust_name);
    match &field.ty {
        TypeRef::Option(_) if !field.required => Some(quote!(self.#member.is_some())),
        TypeRef::Nullable(_) => Some(quote!(!self.#member.is_absent())),
        _ => None,
    }
}

/// How a field's value is read when not by its type's own `Deserialize`: the runtime's unit
/// struct naming the decoding. Numbers may come from strings (ASP.NET's `["integer","string"]`)
/// or, for integers, as integral floats (`3.0`); an optional field whose schema does not admit
/// `null` refuses it in the server (the runtime's `present`, whose flag only the server sets, so
/// a client reads such a `null` as absent).
fn decoding(field: &Field, context: &Context<'_>) -> Option<TokenStream> {
    let number = context.number_decoding(&field.ty);
    if context.refuses_null(field) {
        return Some(match number {
            Number::Lenient => quote!(runtime::present::NotNullLenient),
            Number::Integral => quote!(runtime::present::NotNullWhole),
            Number::Plain => quote!(runtime::present::NotNull),
        });
    }
    match number {
        Number::Lenient => Some(quote!(runtime::lenient::Lenient)),
        Number::Integral => Some(quote!(runtime::integral::Whole)),
        Number::Plain => None,
    }
}

/// How the numbers a type holds are read.
pub(super) enum Number {
    /// From numbers and numeric strings.
    Lenient,
    /// Integers, also from integral floats.
    Integral,
    /// As serde reads them (or no numbers at all).
    Plain,
}

/// `base`, with `_` appended until no field has the name (the locals of `from_map` are the
/// fields' own names).
fn free_name(base: &str, taken: &[&str]) -> String {
    let mut name = base.to_string();
    while taken.contains(&name.as_str()) {
        name.push('_');
    }
    name
}
