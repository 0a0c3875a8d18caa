//! Building values without writing every field: a struct (a schema's, or an operation's
//! `Params`) with optional fields gets a chained setter per optional field, and, when it also
//! has required ones, `new(required…)` leaving every optional field empty —
//! `CreateChatCompletionRequest::new(model, messages).temperature(0.2)`. A union whose
//! variants each hold a value of a distinct type gets `From` of each (`"gpt-4o".into()` for a
//! variant holding a `String`).
//!
//! Only where they save writing: a struct of required fields alone is built by its literal,
//! and nothing is generated for it (each method is code every build type-checks).

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{Scope, ident, type_tokens};
use crate::ir::{AliasIndex, Primitive, TypeRef, Union, VariantPayload};

/// One field, as the builders see it.
pub struct Member<'a> {
    /// Its Rust name.
    pub name: &'a str,
    /// Its type: an `Option` or a `Nullable` for an optional field.
    pub ty: &'a TypeRef,
    /// Whether the value must be given (a required, non-`Option` field).
    pub required: bool,
}

/// Names a setter must not take, since an inherent method wins over a trait's of the same
/// name in method calls (`value.clone()` would call the setter): the constructor's, the
/// inherent functions serde's `remote = "Self"` derive makes, and the methods of the traits a
/// generated type implements or the prelude brings. Such a field's setter is `with_<field>`.
const TAKEN: &[&str] = &[
    "new",
    "serialize",
    "deserialize",
    "deserialize_in_place",
    "clone",
    "clone_from",
    "clone_into",
    "to_owned",
    "eq",
    "ne",
    "fmt",
    "default",
    "into",
    "from",
    "try_into",
    "try_from",
    "type_id",
    "borrow",
    "borrow_mut",
    "to_string",
    "validate",
    "hash",
    "cmp",
    "partial_cmp",
    "max",
    "min",
    "clamp",
    "lt",
    "le",
    "gt",
    "ge",
    "as_ref",
    "as_mut",
];

/// `impl Name { new(…) and setters }`, or nothing; `generics` is `<T>` for a generic struct,
/// `map` the field holding unlisted properties (left empty by `new`).
pub fn struct_builders(
    name: &proc_macro2::Ident,
    generics: Option<&proc_macro2::Ident>,
    members: &[Member<'_>],
    map: Option<&str>,
    scope: Scope,
) -> TokenStream {
    let optional: Vec<&Member<'_>> = members.iter().filter(|member| !member.required).collect();
    if optional.is_empty() {
        return TokenStream::new();
    }
    // Each setter's name: the field's, or `with_<field>` where that is taken; one that would
    // repeat another's is left out.
    let mut names: Vec<String> = members
        .iter()
        .map(|member| member.name.to_string())
        .collect();
    let mut setters: Vec<TokenStream> = optional
        .iter()
        .filter_map(|member| {
            let name = if TAKEN.contains(&member.name) {
                let with = format!("with_{}", member.name);
                if names.contains(&with) {
                    return None;
                }
                names.push(with.clone());
                with
            } else {
                member.name.to_string()
            };
            setter(member, &name, scope)
        })
        .collect();
    // `<field>_null()` for each field that can be sent as `null`, named after every value
    // setter so that none of those loses its name to one of these.
    setters.extend(optional.iter().filter_map(|member| {
        let TypeRef::Nullable(_) = member.ty else {
            return None;
        };
        let name = format!("{}_null", member.name);
        if names.contains(&name) || TAKEN.contains(&name.as_str()) {
            return None;
        }
        names.push(name.clone());
        let field = ident(member.name);
        let name = ident(&name);
        let nullable = nullable_path(scope);
        let doc = format!(" Sends `{}` as `null`.", member.name);
        Some(quote! {
            #[doc = #doc]
            pub fn #name(mut self) -> Self {
                self.#field = #nullable::Null;
                self
            }
        })
    }));
    let constructor = members
        .iter()
        .any(|member| member.required)
        .then(|| constructor(members, map, scope));
    let generics = generics.map(|param| quote!(<#param>));
    quote! {
        impl #generics #name #generics {
            #constructor
            #(#setters)*
        }
    }
}

/// `new(required…)`: every optional field `None`, unlisted properties none.
fn constructor(members: &[Member<'_>], map: Option<&str>, scope: Scope) -> TokenStream {
    let required: Vec<&Member<'_>> = members.iter().filter(|member| member.required).collect();
    let arguments = required.iter().map(|member| {
        let name = ident(member.name);
        let ty = type_tokens(member.ty, scope);
        quote!(#name: impl Into<#ty>)
    });
    let values = members.iter().map(|member| {
        let name = ident(member.name);
        if member.required {
            quote!(#name: #name.into(),)
        } else if let TypeRef::Nullable(_) = member.ty {
            let nullable = nullable_path(scope);
            quote!(#name: #nullable::Absent,)
        } else {
            quote!(#name: None,)
        }
    });
    let map = map.map(|field| {
        let field = ident(field);
        quote!(#field: Default::default(),)
    });
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        /// The value with the required fields given and every optional one empty.
        #many
        pub fn new(#(#arguments),*) -> Self {
            Self { #(#values)* #map }
        }
    }
}

/// `field(value)`: sets an optional field, for chaining.
fn setter(member: &Member<'_>, name: &str, scope: Scope) -> Option<TokenStream> {
    let (inner, wrap) = match member.ty {
        TypeRef::Option(inner) => (inner, quote!(Some)),
        TypeRef::Nullable(inner) => {
            let nullable = nullable_path(scope);
            (inner, quote!(#nullable::Value))
        }
        _ => return None,
    };
    let field = ident(member.name);
    let name = ident(name);
    let inner = type_tokens(inner, scope);
    let doc = format!(" Sets `{}`.", member.name);
    Some(quote! {
        #[doc = #doc]
        pub fn #name(mut self, value: impl Into<#inner>) -> Self {
            self.#field = #wrap(value.into());
            self
        }
    })
}

/// How code in `scope` names the three-state type (`types` re-exports it).
fn nullable_path(scope: Scope) -> TokenStream {
    match scope {
        Scope::Types => quote!(Nullable),
        Scope::Outside => quote!(types::Nullable),
    }
}

/// `From` of each variant's value, for a union whose variants each hold a value of a type no
/// other variant holds (two of one type would make `into()` ambiguous, and their impls
/// overlap: neither gets one); `From<&str>` beside `From<String>`.
pub fn union_conversions(
    name: &proc_macro2::Ident,
    union: &Union,
    aliases: &AliasIndex,
) -> TokenStream {
    let mut values: Vec<(&str, &TypeRef, String)> = Vec::new();
    for variant in &union.variants {
        let VariantPayload::Value(ty, _) = &variant.payload else {
            return TokenStream::new();
        };
        let resolved = resolve(ty, aliases);
        if !convertible(&resolved) {
            return TokenStream::new();
        }
        // Whether two impls overlap is a question about Rust types, aliases seen through: the
        // written type answers it.
        let rust = type_tokens(&resolved, Scope::Types).to_string();
        values.push((&variant.name, ty, rust));
    }
    let distinct = |rust: &str| values.iter().filter(|(_, _, other)| other == rust).count() == 1;
    let string = type_tokens(&TypeRef::Primitive(Primitive::String), Scope::Types).to_string();
    let impls = values
        .iter()
        .filter(|(_, _, rust)| distinct(rust))
        .map(|(variant, ty, rust)| {
            let variant = ident(variant);
            let from = type_tokens(ty, Scope::Types);
            let text = (*rust == string).then(|| {
                quote! {
                    impl From<&str> for #name {
                        fn from(value: &str) -> Self {
                            #name::#variant(value.to_string())
                        }
                    }
                }
            });
            quote! {
                impl From<#from> for #name {
                    fn from(value: #from) -> Self {
                        #name::#variant(value)
                    }
                }
                #text
            }
        });
    quote!(#(#impls)*)
}

/// `ty` with every alias in it replaced by what it stands for.
fn resolve(ty: &TypeRef, aliases: &AliasIndex) -> TypeRef {
    let inner = |ty: &TypeRef| Box::new(resolve(ty, aliases));
    match ty {
        TypeRef::Named(name) => match aliases.target(name) {
            Some(target) => resolve(&target.ty, aliases),
            None => ty.clone(),
        },
        TypeRef::Vec(held) => TypeRef::Vec(inner(held)),
        TypeRef::Map(held) => TypeRef::Map(inner(held)),
        TypeRef::Option(held) => TypeRef::Option(inner(held)),
        TypeRef::Nullable(held) => TypeRef::Nullable(inner(held)),
        TypeRef::Box(held) => TypeRef::Box(inner(held)),
        TypeRef::Tuple(items) => {
            TypeRef::Tuple(items.iter().map(|item| resolve(item, aliases)).collect())
        }
        TypeRef::Primitive(_) | TypeRef::External(_) | TypeRef::Json | TypeRef::Unit => ty.clone(),
    }
}

/// Whether a variant's value makes a useful `From`: a value with a type of its own — not the
/// free-form JSON every value converts to, not nothing, and not a type the configuration
/// names (it may be any type, one of ours included).
fn convertible(ty: &TypeRef) -> bool {
    let mut plain = true;
    let mut check = |ty: &TypeRef| {
        if matches!(ty, TypeRef::Json | TypeRef::Unit | TypeRef::External(_)) {
            plain = false;
        }
    };
    visit(ty, &mut check);
    plain
}

fn visit(ty: &TypeRef, check: &mut impl FnMut(&TypeRef)) {
    check(ty);
    match ty {
        TypeRef::Vec(held)
        | TypeRef::Map(held)
        | TypeRef::Option(held)
        | TypeRef::Nullable(held)
        | TypeRef::Box(held) => visit(held, check),
        TypeRef::Tuple(items) => items.iter().for_each(|item| visit(item, check)),
        TypeRef::Named(_)
        | TypeRef::Primitive(_)
        | TypeRef::External(_)
        | TypeRef::Json
        | TypeRef::Unit => {}
    }
}
