//! The `validation` module (server side): a `Validate` impl for every type and request whose
//! schemas assert more than their Rust types say, so the router refuses a request that does not
//! match the API description before the service sees it.
//!
//! Which types and requests get one is decided in `lower` ([`crate::ir::TypeDef::validated`],
//! [`crate::ir::Operation::validated`]). Aliases have no impl (they are not types of their
//! own): their assertions are checked where they are used.

mod checks;
mod statements;

use proc_macro2::TokenStream;
use quote::quote;

use super::text::{Lines, Texts, impl_header, string_literal};
use super::tokens::ident;
use crate::ir::{
    Api, Constraints, Operation, Struct, Tagging, TypeDef, TypeKind, Union, VariantPayload,
};
use checks::{Checker, Value, located};
use statements::{Arm, Stmt};

/// The module body: the impls, each written as text (see `emit::text`), with its texts.
pub fn emit_validation(api: &Api, features: super::parts::Features) -> (TokenStream, Vec<String>) {
    // The one-file layout nests this module one depth further in: texts are read back there.
    let texts = Texts::new(!features.gate);
    let checker = Checker::new(api);
    let types: Vec<TokenStream> = api
        .types
        .iter()
        .filter(|def| def.validated)
        .map(|def| {
            let name = format!("types::{}", ident(&def.name));
            let text = validate_impl(&name, &type_checks(&checker, def));
            texts.item(super::groups::type_cfg(def), text)
        })
        .collect();
    let requests: Vec<TokenStream> = api
        .operations
        .iter()
        .filter(|operation| operation.validated)
        .map(|operation| {
            let name = format!("operations::{}::Request", ident(&operation.name));
            let text = validate_impl(&name, &request_checks(&checker, operation));
            texts.item(super::groups::operation_cfg(operation), text)
        })
        .collect();
    let pattern = api.features.patterns.then(|| quote!(Pattern,));
    let tokens = quote! {
        #[allow(unused_imports)]
        use super::{operations, types};
        #[allow(unused_imports)]
        use super::runtime::server::validate::{Check, #pattern Validate};
        #(#types)*
        #(#requests)*
    };
    (tokens, texts.into_texts())
}

/// `impl Validate for name { fn validate(..) { body } }`.
fn validate_impl(name: &str, body: &[Stmt]) -> String {
    let mut lines = Lines::new();
    impl_header(&mut lines, "impl Validate", name);
    if body.is_empty() {
        lines.line(1, "fn validate(&self, check: &mut Check) {}");
    } else {
        lines.line(1, "fn validate(&self, check: &mut Check) {");
        statements::write(&mut lines, 2, body);
        lines.line(1, "}");
    }
    lines.line(0, "}");
    lines.finish()
}

fn type_checks(checker: &Checker<'_>, def: &TypeDef) -> Vec<Stmt> {
    match &def.kind {
        TypeKind::Struct(structure) => {
            fields_checks(checker, structure, &|_, rust| {
                Value::Place(format!("self.{}", ident(rust)))
            })
            .0
        }
        TypeKind::Newtype(inner) => {
            checker.checks(inner, &def.constraints, &Value::Place("self.0".to_string()))
        }
        TypeKind::Union(union) => union_checks(checker, &ident(&def.name).to_string(), union),
        TypeKind::Alias(_)
        | TypeKind::StringEnum(_)
        | TypeKind::IntegerEnum(_)
        | TypeKind::GenericStruct { .. }
        | TypeKind::Instance { .. } => Vec::new(),
    }
}

/// A `match` on the union's variants, each arm checking what its variant holds.
fn union_checks(checker: &Checker<'_>, name: &str, union: &Union) -> Vec<Stmt> {
    let mut arms: Vec<Arm> = union
        .variants
        .iter()
        .map(|variant| {
            let path = format!("types::{name}::{}", ident(&variant.name));
            match &variant.payload {
                VariantPayload::Value(ty, constraints) => {
                    let checks = checker.checks(ty, constraints, &Value::var("value"));
                    // An adjacently tagged value sits in its content property.
                    let checks = match &union.tagging {
                        Tagging::Adjacent { content, .. } => {
                            located(string_literal(content), checks)
                        }
                        Tagging::Internal { .. } | Tagging::Untagged => checks,
                    };
                    let binding = if checks.is_empty() { "_" } else { "value" };
                    Arm {
                        pattern: format!("{path}({binding})"),
                        body: checks,
                    }
                }
                VariantPayload::Fields(fields) => {
                    // A field with checks is bound by reference to `field_<n>` (its own name
                    // could shadow `check`); the others are left out.
                    let binding = |position: usize| format!("field_{position}");
                    let (checks, checked) = fields_checks(checker, fields, &|position, _| {
                        Value::Var(binding(position))
                    });
                    let names: Vec<&String> = fields
                        .fields
                        .iter()
                        .map(|field| &field.rust_name)
                        .chain(fields.additional.as_ref().map(|a| &a.rust_name))
                        .collect();
                    let bound: String = checked
                        .iter()
                        .map(|&position| {
                            format!("{}: {}, ", ident(names[position]), binding(position))
                        })
                        .collect();
                    Arm {
                        pattern: format!("{path} {{ {bound}.. }}"),
                        body: checks,
                    }
                }
                VariantPayload::Unit => Arm {
                    pattern: path,
                    body: Vec::new(),
                },
            }
        })
        .collect();
    // Only response types are open, and only requests are checked; the arm keeps the match
    // whole all the same.
    if let Some(fallback) = &union.fallback {
        let path = format!("types::{name}::{}", ident(fallback));
        let pattern = match &union.tagging {
            Tagging::Internal {
                payload_has_tag: true,
                ..
            } => format!("{path}(_)"),
            _ => path,
        };
        arms.push(Arm {
            pattern,
            body: Vec::new(),
        });
    }
    vec![Stmt::Match(arms)]
}

/// Checks of a struct's (or struct variant's) fields, each reached through `field` (given its
/// position, the additional-properties map counting last, and its Rust name); with the
/// positions of the fields that have checks.
fn fields_checks(
    checker: &Checker<'_>,
    structure: &Struct,
    field: &dyn Fn(usize, &str) -> Value,
) -> (Vec<Stmt>, Vec<usize>) {
    let mut code = Vec::new();
    let mut checked = Vec::new();
    for (position, each) in structure.fields.iter().enumerate() {
        let checks = checker.checks(
            &each.ty,
            &each.constraints,
            &field(position, &each.rust_name),
        );
        if !checks.is_empty() {
            checked.push(position);
        }
        code.extend(located(string_literal(&each.wire_name), checks));
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
fn request_checks(checker: &Checker<'_>, operation: &Operation) -> Vec<Stmt> {
    let mut code = Vec::new();
    for param in &operation.params {
        let rust = ident(&param.rust_name);
        let field = if param.location == crate::ir::ParamLocation::Path {
            Value::Place(format!("self.{rust}"))
        } else {
            Value::Place(format!("self.params.{rust}"))
        };
        let checks = checker.checks(&param.ty, &param.constraints, &field);
        let segment = format!("{}/{}", param.location.as_str(), param.wire_name);
        code.extend(located(string_literal(&segment), checks));
    }
    if let Some(body) = &operation.body {
        let value = Value::Place("self.body".to_string());
        let checks = checker.checks(&body.ty, &Constraints::default(), &value);
        code.extend(located(string_literal("body"), checks));
    }
    code
}
