//! The `validation` module (server side): a `Validate` impl for every type and request whose
//! schemas assert more than their Rust types say, so the router refuses a request that does not
//! match the API description before the service sees it.
//!
//! Which types and requests get one is decided in `lower` ([`crate::ir::TypeDef::validated`],
//! [`crate::ir::Operation::validated`]). Aliases have no impl (they are not types of their
//! own): their assertions are checked where they are used.

mod checks;

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use crate::ir::{
    Api, Constraints, Operation, Struct, Tagging, TypeDef, TypeKind, Union, VariantPayload,
};
use checks::{Checker, Value, located};

/// The module body: the impls.
pub fn emit_validation(api: &Api) -> TokenStream {
    let checker = Checker::new(api);
    let types = api.types.iter().filter(|def| def.validated).map(|def| {
        let group = super::groups::type_cfg(def);
        let validate = type_impl(&checker, def);
        quote!(#group #validate)
    });
    let requests = api
        .operations
        .iter()
        .filter(|operation| operation.validated)
        .map(|operation| {
            let checks = request_checks(&checker, operation);
            let module = ident(&operation.name);
            let group = super::groups::operation_cfg(operation);
            quote! {
                #group
                impl Validate for operations::#module::Request {
                    fn validate(&self, check: &mut Check) {
                        #checks
                    }
                }
            }
        });
    let pattern = api.features.patterns.then(|| quote!(Pattern,));
    quote! {
        #[allow(unused_imports)]
        use super::{operations, types};
        #[allow(unused_imports)]
        use super::runtime::server::validate::{Check, #pattern Validate};
        #(#types)*
        #(#requests)*
    }
}

fn type_impl(checker: &Checker<'_>, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(structure) => {
            fields_checks(checker, structure, &|_, rust| {
                let rust = ident(rust);
                Value::Place(quote!(self.#rust))
            })
            .0
        }
        TypeKind::Newtype(inner) => {
            checker.checks(inner, &def.constraints, &Value::Place(quote!(self.0)))
        }
        TypeKind::Union(union) => union_checks(checker, &name, union),
        TypeKind::Alias(_)
        | TypeKind::StringEnum(_)
        | TypeKind::IntegerEnum(_)
        | TypeKind::GenericStruct { .. }
        | TypeKind::Instance { .. } => TokenStream::new(),
    };
    quote! {
        impl Validate for types::#name {
            fn validate(&self, check: &mut Check) {
                #body
            }
        }
    }
}

/// A `match` on the union's variants, each arm checking what its variant holds.
fn union_checks(checker: &Checker<'_>, name: &proc_macro2::Ident, union: &Union) -> TokenStream {
    let arms = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        match &variant.payload {
            VariantPayload::Value(ty, constraints) => {
                let checks = checker.checks(ty, constraints, &Value::var("value"));
                // An adjacently tagged value sits in its content property.
                let checks = match &union.tagging {
                    Tagging::Adjacent { content, .. } => located(quote!(#content), checks),
                    Tagging::Internal { .. } | Tagging::Untagged => checks,
                };
                if checks.is_empty() {
                    quote!(types::#name::#variant_name(_) => {})
                } else {
                    quote!(types::#name::#variant_name(value) => { #checks })
                }
            }
            VariantPayload::Fields(fields) => {
                // A field with checks is bound by reference to `field_<n>` (its own name could
                // shadow `check`); the others are left out.
                let binding = |position: usize| ident(&format!("field_{position}"));
                let (checks, checked) = fields_checks(checker, fields, &|position, _| {
                    Value::Var(binding(position))
                });
                let names: Vec<&String> = fields
                    .fields
                    .iter()
                    .map(|field| &field.rust_name)
                    .chain(fields.additional.as_ref().map(|a| &a.rust_name))
                    .collect();
                let bound = checked.iter().map(|&position| {
                    let (field, var) = (ident(names[position]), binding(position));
                    quote!(#field: #var)
                });
                if checks.is_empty() {
                    quote!(types::#name::#variant_name { .. } => {})
                } else {
                    quote!(types::#name::#variant_name { #(#bound,)* .. } => { #checks })
                }
            }
            VariantPayload::Unit => quote!(types::#name::#variant_name => {}),
        }
    });
    // Only response types are open, and only requests are checked; the arm keeps the match
    // whole all the same.
    let fallback = union.fallback.as_ref().map(|fallback| {
        let fallback = ident(fallback);
        match &union.tagging {
            Tagging::Internal {
                payload_has_tag: true,
                ..
            } => quote!(types::#name::#fallback(_) => {}),
            _ => quote!(types::#name::#fallback => {}),
        }
    });
    quote!(match self { #(#arms)* #fallback })
}

/// Checks of a struct's (or struct variant's) fields, each reached through `field` (given its
/// position, the additional-properties map counting last, and its Rust name); with the
/// positions of the fields that have checks.
fn fields_checks(
    checker: &Checker<'_>,
    structure: &Struct,
    field: &dyn Fn(usize, &str) -> Value,
) -> (TokenStream, Vec<usize>) {
    let mut code = TokenStream::new();
    let mut checked = Vec::new();
    for (position, each) in structure.fields.iter().enumerate() {
        let wire = &each.wire_name;
        let checks = checker.checks(
            &each.ty,
            &each.constraints,
            &field(position, &each.rust_name),
        );
        if !checks.is_empty() {
            checked.push(position);
        }
        code.extend(located(quote!(#wire), checks));
    }
    if let Some(additional) = &structure.additional {
        let position = structure.fields.len();
        let map = crate::ir::TypeRef::Map(Box::new(additional.ty.clone()));
        // Unlisted properties sit beside the fields: no location segment of their own.
        let checks = checker.checks(
            &map,
            &Constraints::default(),
            &field(position, &additional.rust_name),
        );
        if !checks.is_empty() {
            checked.push(position);
        }
        code.extend(checks);
    }
    (code, checked)
}

/// The checks of a request's parameters and body, each at its location.
fn request_checks(checker: &Checker<'_>, operation: &Operation) -> TokenStream {
    let params = operation.params.iter().map(|param| {
        let rust = ident(&param.rust_name);
        let field = if param.location == crate::ir::ParamLocation::Path {
            Value::Place(quote!(self.#rust))
        } else {
            Value::Place(quote!(self.params.#rust))
        };
        let checks = checker.checks(&param.ty, &param.constraints, &field);
        let segment = format!("{}/{}", param.location.as_str(), param.wire_name);
        located(quote!(#segment), checks)
    });
    let body = operation.body.as_ref().map(|body| {
        let value = Value::Place(quote!(self.body));
        located(
            quote!("body"),
            checker.checks(&body.ty, &Constraints::default(), &value),
        )
    });
    quote!(#(#params)* #body)
}
