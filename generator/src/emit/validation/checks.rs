//! The checks of one value: its own assertions and those of the types it holds, as
//! statements on a `check` (`check.text(..)`, a loop over a `Vec`'s items, a call of a named
//! type's `Validate`). `lower::checks` decides which values have any; this writes them.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::super::tokens::ident;
use crate::ir::{
    AliasIndex, Api, Bound, Constraints, IntegerChecks, NumberWidth, Primitive, TypeRef,
};

/// Writes value checks for one API: knows its aliases and which named types are checked.
pub(super) struct Checker<'a> {
    aliases: &'a AliasIndex,
    validated: BTreeSet<&'a str>,
}

impl<'a> Checker<'a> {
    /// The checker of `api`'s values.
    pub(super) fn new(api: &'a Api) -> Self {
        Checker {
            aliases: &api.aliases,
            validated: api
                .types
                .iter()
                .filter(|def| def.validated)
                .map(|def| def.name.as_str())
                .collect(),
        }
    }

    /// Statements checking `value` (of type `ty`) against `constraints` and the assertions of
    /// the types it holds; empty when there is nothing to check.
    pub(super) fn checks(
        &self,
        ty: &TypeRef,
        constraints: &Constraints,
        value: &Value,
    ) -> TokenStream {
        let reference = value.reference();
        match ty {
            TypeRef::Option(inner) => {
                let inner = self.checks(inner, constraints, &Value::var("value"));
                if inner.is_empty() {
                    inner
                } else {
                    quote!(if let Some(value) = #reference { #inner })
                }
            }
            TypeRef::Nullable(inner) => {
                let inner = self.checks(inner, constraints, &Value::var("value"));
                if inner.is_empty() {
                    inner
                } else {
                    let receiver = value.receiver();
                    quote!(if let Some(value) = #receiver.value() { #inner })
                }
            }
            // `Validate` looks through boxes (they only ever hold named types on cycle edges).
            TypeRef::Box(inner) if matches!(**inner, TypeRef::Named(_)) => {
                self.checks(inner, constraints, value)
            }
            TypeRef::Box(inner) => {
                let inner = self.checks(inner, constraints, &Value::var("value"));
                if inner.is_empty() {
                    inner
                } else {
                    quote!({ let value = &**#reference; #inner })
                }
            }
            TypeRef::Vec(inner) => self.array(inner, constraints, value),
            TypeRef::Map(inner) => self.map(inner, constraints, value),
            TypeRef::Tuple(items) => {
                let receiver = value.receiver();
                let empty = Constraints::default();
                let elements = items.iter().enumerate().map(|(index, item)| {
                    let position = Literal::usize_unsuffixed(index);
                    let element = Value::Place(quote!(#receiver.#position));
                    located(quote!(#index), self.checks(item, &empty, &element))
                });
                quote!(#(#elements)*)
            }
            TypeRef::Named(name) => match self.aliases.target(name) {
                Some(target) => {
                    self.checks(&target.ty, &constraints.and(&target.constraints), value)
                }
                None if self.validated.contains(name.as_str()) => {
                    quote!(Validate::validate(#reference, check);)
                }
                None => TokenStream::new(),
            },
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

    /// An array's item count and uniqueness, then each item.
    fn array(&self, inner: &TypeRef, constraints: &Constraints, value: &Value) -> TokenStream {
        let (reference, receiver) = (value.reference(), value.receiver());
        let bounds = (constraints.min_items, constraints.max_items);
        let mut code = count(bounds, &receiver, "items");
        if constraints.unique_items {
            code.extend(quote!(check.unique(#reference);));
        }
        let items = constraints.items.as_deref().cloned().unwrap_or_default();
        let each = self.checks(inner, &items, &Value::var("item"));
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

    /// A map's property count, then each value.
    fn map(&self, inner: &TypeRef, constraints: &Constraints, value: &Value) -> TokenStream {
        let (reference, receiver) = (value.reference(), value.receiver());
        let bounds = (constraints.min_properties, constraints.max_properties);
        let mut code = count(bounds, &receiver, "properties");
        let values = constraints.values.as_deref().cloned().unwrap_or_default();
        let each = self.checks(inner, &values, &Value::var("item"));
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
}

/// A value being checked: a place (`self.name`, `item.0`) or a variable holding a reference
/// (`value`), so the generated code borrows and copies it without needless `&`/`*`.
pub(super) enum Value {
    /// A place expression of the value's type.
    Place(TokenStream),
    /// A variable of type `&T`.
    Var(proc_macro2::Ident),
}

impl Value {
    pub(super) fn var(name: &str) -> Value {
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
pub(super) fn located(segment: TokenStream, checks: TokenStream) -> TokenStream {
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

/// The count of a collection's items (or properties) held to `(min, max)`.
fn count(bounds: (Option<u64>, Option<u64>), value: &TokenStream, what: &str) -> TokenStream {
    let (min, max) = bounds;
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
    let IntegerChecks {
        min,
        max,
        step,
        fractional_step,
    } = constraints.integer_checks();
    let mut code = TokenStream::new();
    if min.is_some() || max.is_some() || step.is_some() {
        let literal = |value: Option<i128>| match value {
            Some(value) => {
                let value = Literal::i128_unsuffixed(value);
                quote!(Some(#value))
            }
            None => quote!(None),
        };
        let (min, max, step) = (literal(min), literal(max), literal(step));
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
    if !constraints.binds_number() {
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
    let bound = |bound: Option<Bound>| match bound {
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
