//! The `validation` module (server side): a `Validate` impl for every type and request whose
//! schemas assert more than their Rust types say, so the router refuses a request that does not
//! match the API description before the service sees it.
//!
//! Only what needs checking gets code: a type has an impl when one of its fields carries an
//! assertion or holds a type that has one; an operation's request when a parameter or the body
//! does. Aliases have no impl (they are not types of their own): their assertions are checked
//! where they are used.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::tokens::ident;
use crate::ir::{
    Api, Constraints, NumberWidth, Operation, ParamLocation, Primitive, Struct, Tagging, TypeDef,
    TypeKind, TypeRef, VariantPayload,
};

/// Alias chains longer than this are not followed (lowering already breaks cycles).
const ALIAS_DEPTH: usize = 16;

/// Which types and operations need checks, and the code that checks them.
pub struct Validation<'a> {
    defs: BTreeMap<&'a str, &'a TypeDef>,
    /// Non-alias types with a `Validate` impl.
    validated: BTreeSet<&'a str>,
}

impl<'a> Validation<'a> {
    /// Works out which named types need a `Validate` impl: those with an assertion of their own,
    /// then everything that holds one of them.
    pub fn new(api: &'a Api) -> Self {
        let defs: BTreeMap<&str, &TypeDef> = api
            .types
            .iter()
            .map(|def| (def.name.as_str(), def))
            .collect();
        let mut validation = Validation {
            defs,
            validated: BTreeSet::new(),
        };
        let mut holders: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut queue = Vec::new();
        for def in &api.types {
            for ty in def.kind.type_refs() {
                ty.visit_named(&mut |held, _| {
                    if let Some((held, _)) = validation.defs.get_key_value(held) {
                        holders.entry(held).or_default().push(def.name.as_str());
                    }
                });
            }
            if validation.own_checks(def) {
                queue.push(def.name.as_str());
            }
        }
        // A type holding a type (or an alias) that needs checks needs them too.
        let mut needs: BTreeSet<&str> = BTreeSet::new();
        while let Some(name) = queue.pop() {
            if needs.insert(name) {
                queue.extend(holders.get(name).into_iter().flatten().copied());
            }
        }
        // Only requests are checked: types that no request holds need no impl.
        let requested = validation.reachable_from_requests(api);
        validation.validated = needs
            .into_iter()
            .filter(|name| requested.contains(name))
            .filter(|name| {
                !matches!(
                    validation.defs.get(name).map(|def| &def.kind),
                    Some(TypeKind::Alias(_))
                )
            })
            .collect();
        validation
    }

    /// The named types a request parameter or body holds, directly or through other types.
    fn reachable_from_requests(&self, api: &'a Api) -> BTreeSet<&'a str> {
        let mut seen = BTreeSet::new();
        let mut queue: Vec<&str> = Vec::new();
        let push_named = |ty: &TypeRef, queue: &mut Vec<&'a str>| {
            ty.visit_named(&mut |name, _| {
                if let Some((name, _)) = self.defs.get_key_value(name) {
                    queue.push(name);
                }
            });
        };
        for operation in &api.operations {
            for param in &operation.params {
                push_named(&param.ty, &mut queue);
            }
            if let Some(body) = &operation.body {
                push_named(&body.ty, &mut queue);
            }
        }
        while let Some(name) = queue.pop() {
            if !seen.insert(name) {
                continue;
            }
            if let Some(def) = self.defs.get(name) {
                for ty in def.kind.type_refs() {
                    push_named(ty, &mut queue);
                }
            }
        }
        seen
    }

    /// Whether a definition asserts something itself (not counting the types it holds).
    fn own_checks(&self, def: &TypeDef) -> bool {
        match &def.kind {
            TypeKind::Struct(structure) => self.fields_have_checks(structure),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => !self
                .checks(ty, &def.constraints, &Value::var("v"), 0)
                .is_empty(),
            TypeKind::Union(union) => union.variants.iter().any(|variant| match &variant.payload {
                VariantPayload::Value(ty, constraints) => {
                    !self.checks(ty, constraints, &Value::var("v"), 0).is_empty()
                }
                VariantPayload::Fields(fields) => self.fields_have_checks(fields),
                VariantPayload::Unit => false,
            }),
            // No request reaches a generic struct or its instances (`lower::generics`).
            TypeKind::StringEnum(_)
            | TypeKind::IntegerEnum(_)
            | TypeKind::GenericStruct { .. }
            | TypeKind::Instance { .. } => false,
        }
    }

    /// Whether a field of a struct (or struct variant) asserts something itself.
    fn fields_have_checks(&self, structure: &Struct) -> bool {
        !self
            .fields_checks(structure, &|_, _| Value::var("v"))
            .1
            .is_empty()
    }

    /// Whether anything at all is checked (the module and its runtime are emitted only then).
    pub fn is_needed(&self, api: &Api) -> bool {
        !self.validated.is_empty() || api.operations.iter().any(|op| self.checks_request(op))
    }

    /// Whether `operation`'s request has anything to check.
    pub fn checks_request(&self, operation: &Operation) -> bool {
        !self.request_checks(operation).is_empty()
    }

    /// The module body: the impls.
    pub fn emit(&self, api: &Api) -> TokenStream {
        let types = api
            .types
            .iter()
            .filter(|def| self.validated.contains(def.name.as_str()))
            .map(|def| self.type_impl(def));
        let requests = api.operations.iter().filter_map(|operation| {
            let checks = self.request_checks(operation);
            if checks.is_empty() {
                return None;
            }
            let module = ident(&operation.name);
            Some(quote! {
                impl Validate for operations::#module::Request {
                    fn validate(&self, check: &mut Check) {
                        #checks
                    }
                }
            })
        });
        let pattern = uses_patterns(api).then(|| quote!(Pattern,));
        quote! {
            #[allow(unused_imports)]
            use super::{operations, types};
            #[allow(unused_imports)]
            use super::runtime::server::validate::{Check, #pattern Validate};
            #(#types)*
            #(#requests)*
        }
    }

    fn type_impl(&self, def: &TypeDef) -> TokenStream {
        let name = ident(&def.name);
        let body = match &def.kind {
            TypeKind::Struct(structure) => {
                self.fields_checks(structure, &|_, rust| {
                    let rust = ident(rust);
                    Value::Place(quote!(self.#rust))
                })
                .0
            }
            TypeKind::Newtype(inner) => {
                self.checks(inner, &def.constraints, &Value::Place(quote!(self.0)), 0)
            }
            TypeKind::Union(union) => {
                let arms = union.variants.iter().map(|variant| {
                    let variant_name = ident(&variant.name);
                    match &variant.payload {
                        VariantPayload::Value(ty, constraints) => {
                            let checks = self.checks(ty, constraints, &Value::var("value"), 0);
                            // An adjacently tagged value sits in its content property.
                            let checks = match &union.tagging {
                                Tagging::Adjacent { content, .. } => {
                                    located(quote!(#content), checks)
                                }
                                Tagging::Internal { .. } | Tagging::Untagged => checks,
                            };
                            if checks.is_empty() {
                                quote!(types::#name::#variant_name(_) => {})
                            } else {
                                quote!(types::#name::#variant_name(value) => { #checks })
                            }
                        }
                        VariantPayload::Fields(fields) => {
                            // A field with checks is bound by reference to `field_<n>` (its
                            // own name could shadow `check`); the others are left out.
                            let binding = |position: usize| ident(&format!("field_{position}"));
                            let (checks, checked) = self
                                .fields_checks(fields, &|position, _| Value::Var(binding(position)));
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
                // Only response types are open, and only requests are checked; the arm keeps the
                // match whole all the same.
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

    /// Checks of a struct's (or struct variant's) fields, each reached through `field` (given
    /// its position, the additional-properties map counting last, and its Rust name); with the
    /// positions of the fields that have checks.
    fn fields_checks(
        &self,
        structure: &Struct,
        field: &dyn Fn(usize, &str) -> Value,
    ) -> (TokenStream, Vec<usize>) {
        let mut code = TokenStream::new();
        let mut checked = Vec::new();
        for (position, each) in structure.fields.iter().enumerate() {
            let wire = &each.wire_name;
            let checks = self.checks(
                &each.ty,
                &each.constraints,
                &field(position, &each.rust_name),
                0,
            );
            if !checks.is_empty() {
                checked.push(position);
            }
            code.extend(located(quote!(#wire), checks));
        }
        if let Some(additional) = &structure.additional {
            let position = structure.fields.len();
            let map = TypeRef::Map(Box::new(additional.ty.clone()));
            // Unlisted properties sit beside the fields: no location segment of their own.
            let checks = self.checks(
                &map,
                &Constraints::default(),
                &field(position, &additional.rust_name),
                0,
            );
            if !checks.is_empty() {
                checked.push(position);
            }
            code.extend(checks);
        }
        (code, checked)
    }

    fn request_checks(&self, operation: &Operation) -> TokenStream {
        let params = operation.params.iter().map(|param| {
            let rust = ident(&param.rust_name);
            let field = if param.location == ParamLocation::Path {
                Value::Place(quote!(self.#rust))
            } else {
                Value::Place(quote!(self.params.#rust))
            };
            let checks = self.checks(&param.ty, &param.constraints, &field, 0);
            let location = match param.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
            };
            let segment = format!("{location}/{}", param.wire_name);
            located(quote!(#segment), checks)
        });
        let body = operation.body.as_ref().map(|body| {
            let value = Value::Place(quote!(self.body));
            located(
                quote!("body"),
                self.checks(&body.ty, &Constraints::default(), &value, 0),
            )
        });
        quote!(#(#params)* #body)
    }

    /// Statements checking `value` (of type `ty`) against `constraints` and the assertions of
    /// the types it holds; empty when there is nothing to check.
    fn checks(
        &self,
        ty: &TypeRef,
        constraints: &Constraints,
        value: &Value,
        depth: usize,
    ) -> TokenStream {
        let (reference, receiver) = (value.reference(), value.receiver());
        match ty {
            TypeRef::Option(inner) => {
                let inner = self.checks(inner, constraints, &Value::var("value"), depth);
                if inner.is_empty() {
                    inner
                } else {
                    quote!(if let Some(value) = #reference { #inner })
                }
            }
            // `Validate` looks through boxes (they only ever hold named types on cycle edges).
            TypeRef::Box(inner) if matches!(**inner, TypeRef::Named(_)) => {
                self.checks(inner, constraints, value, depth)
            }
            TypeRef::Box(inner) => {
                let inner = self.checks(inner, constraints, &Value::var("value"), depth);
                if inner.is_empty() {
                    inner
                } else {
                    quote!({ let value = &**#reference; #inner })
                }
            }
            TypeRef::Vec(inner) => {
                let mut code = count(
                    constraints.min_items,
                    constraints.max_items,
                    &receiver,
                    "items",
                );
                if constraints.unique_items {
                    code.extend(quote!(check.unique(#reference);));
                }
                let items = constraints.items.as_deref().cloned().unwrap_or_default();
                let each = self.checks(inner, &items, &Value::var("item"), depth);
                if !each.is_empty() {
                    code.extend(quote! {
                        for (index, item) in #receiver.iter().enumerate() {
                            check.enter(index);
                            #each
                            check.leave();
                        }
                    });
                }
                code
            }
            TypeRef::Map(inner) => {
                let mut code = count(
                    constraints.min_properties,
                    constraints.max_properties,
                    &receiver,
                    "properties",
                );
                let values = constraints.values.as_deref().cloned().unwrap_or_default();
                let each = self.checks(inner, &values, &Value::var("item"), depth);
                if !each.is_empty() {
                    code.extend(quote! {
                        for (key, item) in #reference {
                            check.enter(key);
                            #each
                            check.leave();
                        }
                    });
                }
                code
            }
            TypeRef::Tuple(items) => {
                let empty = Constraints::default();
                let elements = items.iter().enumerate().map(|(index, item)| {
                    let position = Literal::usize_unsuffixed(index);
                    let element = Value::Place(quote!(#receiver.#position));
                    located(quote!(#index), self.checks(item, &empty, &element, depth))
                });
                quote!(#(#elements)*)
            }
            TypeRef::Named(name) => {
                match self.defs.get(name.as_str()).map(|def| (&def.kind, def)) {
                    Some((TypeKind::Alias(target), def)) if depth < ALIAS_DEPTH => {
                        self.checks(target, &constraints.and(&def.constraints), value, depth + 1)
                    }
                    _ if self.validated.contains(name.as_str()) => {
                        quote!(Validate::validate(#reference, check);)
                    }
                    _ => TokenStream::new(),
                }
            }
            TypeRef::Primitive(Primitive::String) => text(constraints, &reference),
            TypeRef::Primitive(Primitive::Integer { .. }) => integer(constraints, &value.copied()),
            TypeRef::Primitive(Primitive::Number { width, .. }) => {
                let copied = value.copied();
                match width {
                    NumberWidth::F32 => number(constraints, &quote!(f64::from(#copied)), true),
                    NumberWidth::F64 => number(constraints, &copied, false),
                }
            }
            TypeRef::Primitive(_) | TypeRef::External(_) | TypeRef::Json | TypeRef::Unit => {
                TokenStream::new()
            }
        }
    }
}

/// A value being checked: a place (`self.name`, `item.0`) or a variable holding a reference
/// (`value`), so the generated code borrows and copies it without needless `&`/`*`.
enum Value {
    /// A place expression of the value's type.
    Place(TokenStream),
    /// A variable of type `&T`.
    Var(proc_macro2::Ident),
}

impl Value {
    fn var(name: &str) -> Value {
        Value::Var(ident(name))
    }

    /// An expression of type `&T`.
    fn reference(&self) -> TokenStream {
        match self {
            Value::Place(place) => quote!(&#place),
            Value::Var(var) => quote!(#var),
        }
    }

    /// An expression to call methods on (auto-ref and auto-deref apply).
    fn receiver(&self) -> TokenStream {
        match self {
            Value::Place(place) => place.clone(),
            Value::Var(var) => quote!(#var),
        }
    }

    /// The value itself, for `Copy` numbers.
    fn copied(&self) -> TokenStream {
        match self {
            Value::Place(place) => place.clone(),
            Value::Var(var) => quote!(*#var),
        }
    }
}

/// `checks` run with `segment` added to the reported location.
fn located(segment: TokenStream, checks: TokenStream) -> TokenStream {
    if checks.is_empty() {
        checks
    } else {
        quote!(check.enter(#segment); #checks check.leave();)
    }
}

fn optional_u64(value: Option<u64>) -> TokenStream {
    match value {
        Some(value) => {
            let value = Literal::u64_unsuffixed(value);
            quote!(Some(#value))
        }
        None => quote!(None),
    }
}

fn count(min: Option<u64>, max: Option<u64>, value: &TokenStream, what: &str) -> TokenStream {
    if min.is_none() && max.is_none() {
        return TokenStream::new();
    }
    let (min, max) = (optional_u64(min), optional_u64(max));
    quote!(check.count(#value.len(), #min, #max, #what);)
}

fn text(constraints: &Constraints, value: &TokenStream) -> TokenStream {
    let mut code = TokenStream::new();
    if constraints.min_length.is_some() || constraints.max_length.is_some() {
        let (min, max) = (
            optional_u64(constraints.min_length),
            optional_u64(constraints.max_length),
        );
        code.extend(quote!(check.text(#value, #min, #max);));
    }
    if let Some(source) = &constraints.pattern {
        code.extend(quote!({
            static PATTERN: Pattern = Pattern::new(#source);
            check.pattern(#value, &PATTERN);
        }));
    }
    code
}

/// Integer bounds become inclusive integers; a fractional `multipleOf` is checked as a float.
fn integer(constraints: &Constraints, value: &TokenStream) -> TokenStream {
    // Bounds beyond i128 (or not finite) cannot exclude any value of an i64/u64.
    let limit = |value: f64| (value.abs() < 1e38).then_some(value as i128);
    let min = constraints.minimum.and_then(|bound| {
        if bound.exclusive {
            limit(bound.value.floor() + 1.0)
        } else {
            limit(bound.value.ceil())
        }
    });
    let max = constraints.maximum.and_then(|bound| {
        if bound.exclusive {
            limit(bound.value.ceil() - 1.0)
        } else {
            limit(bound.value.floor())
        }
    });
    let integral_step = constraints
        .multiple_of
        .filter(|step| step.fract() == 0.0)
        .and_then(limit);
    let fractional_step = constraints.multiple_of.filter(|step| step.fract() != 0.0);
    let mut code = TokenStream::new();
    if min.is_some() || max.is_some() || integral_step.is_some() {
        let literal = |value: Option<i128>| match value {
            Some(value) => {
                let value = Literal::i128_unsuffixed(value);
                quote!(Some(#value))
            }
            None => quote!(None),
        };
        let (min, max, step) = (literal(min), literal(max), literal(integral_step));
        code.extend(quote!(check.integer(i128::from(#value), #min, #max, #step);));
    }
    if let Some(step) = fractional_step {
        code.extend(quote!(check.number(#value as f64, None, None, Some(#step));));
    }
    code
}

/// `as_f32`: the value is an `f32` widened to `f64`, so each limit is widened from the `f32`
/// it becomes too (a `maximum: 0.1` must accept `0.1f32`, which is 0.10000000149 as `f64`).
fn number(constraints: &Constraints, value: &TokenStream, as_f32: bool) -> TokenStream {
    if constraints.minimum.is_none()
        && constraints.maximum.is_none()
        && constraints.multiple_of.is_none()
    {
        return TokenStream::new();
    }
    let limit = |value: f64| {
        if as_f32 {
            let narrowed = value as f32;
            quote!(f64::from(#narrowed))
        } else {
            quote!(#value)
        }
    };
    let bound = |bound: Option<crate::ir::Bound>| match bound {
        Some(bound) => {
            let (limit, exclusive) = (limit(bound.value), bound.exclusive);
            quote!(Some((#limit, #exclusive)))
        }
        None => quote!(None),
    };
    let (min, max) = (bound(constraints.minimum), bound(constraints.maximum));
    let step = match constraints.multiple_of {
        Some(step) => {
            let step = limit(step);
            quote!(Some(#step))
        }
        None => quote!(None),
    };
    quote!(check.number(#value, #min, #max, #step);)
}

/// Whether any assertion of the API is a `pattern` (the crate then needs the `regex` crate).
pub fn uses_patterns(api: &Api) -> bool {
    fn has_pattern(constraints: &Constraints) -> bool {
        constraints.pattern.is_some()
            || constraints.items.as_deref().is_some_and(has_pattern)
            || constraints.values.as_deref().is_some_and(has_pattern)
    }
    let in_types = api.types.iter().any(|def| {
        has_pattern(&def.constraints)
            || matches!(&def.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| has_pattern(&f.constraints)))
    });
    in_types
        || api
            .operations
            .iter()
            .flat_map(|op| &op.params)
            .any(|param| has_pattern(&param.constraints))
}
