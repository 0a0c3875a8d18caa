//! The checks of one value: its own assertions and those of the types it holds, as
//! statements on a `check` (`check.text(..)`, a loop over a `Vec`'s items, a call of a named
//! type's `Validate`). `lower::checks` decides which values have any; this writes them.

use std::collections::BTreeSet;

use proc_macro2::Literal;

use super::statements::Stmt;
use crate::emit::text::string_literal;
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
    ) -> Vec<Stmt> {
        let reference = value.reference();
        match ty {
            TypeRef::Option(inner) => {
                let inner = self.checks(inner, constraints, &Value::var("value"));
                block(format!("if let Some(value) = {reference}"), inner)
            }
            TypeRef::Nullable(inner) => {
                let inner = self.checks(inner, constraints, &Value::var("value"));
                let receiver = value.receiver();
                block(format!("if let Some(value) = {receiver}.value()"), inner)
            }
            // `Validate` looks through boxes (they only ever hold named types on cycle edges).
            TypeRef::Box(inner) if matches!(**inner, TypeRef::Named(_)) => {
                self.checks(inner, constraints, value)
            }
            TypeRef::Box(inner) => {
                let mut inner = self.checks(inner, constraints, &Value::var("value"));
                if inner.is_empty() {
                    return inner;
                }
                inner.insert(0, Stmt::Line(format!("let value = &**{reference};")));
                block(String::new(), inner)
            }
            TypeRef::Vec(inner) => self.array(inner, constraints, value),
            TypeRef::Map(inner) => self.map(inner, constraints, value),
            TypeRef::Tuple(items) => {
                let receiver = value.receiver();
                let empty = Constraints::default();
                items
                    .iter()
                    .enumerate()
                    .flat_map(|(index, item)| {
                        let element = Value::Place(format!("{receiver}.{index}"));
                        let segment = Literal::usize_suffixed(index).to_string();
                        located(segment, self.checks(item, &empty, &element))
                    })
                    .collect()
            }
            TypeRef::Named(name) => match self.aliases.target(name) {
                Some(target) => {
                    self.checks(&target.ty, &constraints.and(&target.constraints), value)
                }
                None if self.validated.contains(name.as_str()) => {
                    vec![Stmt::Validate(reference)]
                }
                None => Vec::new(),
            },
            TypeRef::Primitive(Primitive::String) => text(constraints, &reference),
            TypeRef::Primitive(Primitive::Integer { .. }) => integer(constraints, &value.copied()),
            TypeRef::Primitive(Primitive::Number { width, .. }) => {
                let copied = value.copied();
                match width {
                    NumberWidth::F32 => number(constraints, &format!("f64::from({copied})"), true),
                    NumberWidth::F64 => number(constraints, &copied, false),
                }
            }
            TypeRef::Primitive(_) | TypeRef::External(_) | TypeRef::Json | TypeRef::Unit => {
                Vec::new()
            }
        }
    }

    /// An array's item count and uniqueness, then each item.
    fn array(&self, inner: &TypeRef, constraints: &Constraints, value: &Value) -> Vec<Stmt> {
        let (reference, receiver) = (value.reference(), value.receiver());
        let bounds = (constraints.min_items, constraints.max_items);
        let mut code = count(bounds, &receiver, "items");
        if constraints.unique_items {
            code.push(Stmt::check("unique", vec![reference]));
        }
        let items = constraints.items.as_deref().cloned().unwrap_or_default();
        let each = self.checks(inner, &items, &Value::var("item"));
        code.extend(block(
            format!("for (index, item) in {receiver}.iter().enumerate()"),
            located("index".to_string(), each),
        ));
        code
    }

    /// A map's property count, then each value.
    fn map(&self, inner: &TypeRef, constraints: &Constraints, value: &Value) -> Vec<Stmt> {
        let (reference, receiver) = (value.reference(), value.receiver());
        let bounds = (constraints.min_properties, constraints.max_properties);
        let mut code = count(bounds, &receiver, "properties");
        let values = constraints.values.as_deref().cloned().unwrap_or_default();
        let each = self.checks(inner, &values, &Value::var("item"));
        code.extend(block(
            format!("for (key, item) in {reference}"),
            located("key".to_string(), each),
        ));
        code
    }
}

/// `head { body }` when the body checks anything (a bare block when `head` is empty).
fn block(head: String, body: Vec<Stmt>) -> Vec<Stmt> {
    if body.is_empty() {
        body
    } else {
        vec![Stmt::Block { head, body }]
    }
}

/// A value being checked: a place (`self.name`, `item.0`) or a variable holding a reference
/// (`value`), so the generated code borrows and copies it without needless `&`/`*`.
pub(super) enum Value {
    /// A place expression of the value's type.
    Place(String),
    /// A variable of type `&T`.
    Var(String),
}

impl Value {
    /// The variable `name` (a reference).
    pub(super) fn var(name: &str) -> Value {
        Value::Var(name.to_string())
    }

    /// An expression of type `&T`.
    fn reference(&self) -> String {
        match self {
            Value::Place(place) => format!("&{place}"),
            Value::Var(var) => var.clone(),
        }
    }

    /// An expression to call methods on (auto-ref and auto-deref apply).
    fn receiver(&self) -> String {
        match self {
            Value::Place(place) => place.clone(),
            Value::Var(var) => var.clone(),
        }
    }

    /// The value itself, for `Copy` numbers.
    fn copied(&self) -> String {
        match self {
            Value::Place(place) => place.clone(),
            Value::Var(var) => format!("*{var}"),
        }
    }
}

/// `checks` run with `segment` (an expression) added to the reported location.
pub(super) fn located(segment: String, checks: Vec<Stmt>) -> Vec<Stmt> {
    if checks.is_empty() {
        return checks;
    }
    let mut located = Vec::with_capacity(checks.len() + 2);
    located.push(Stmt::check("enter", vec![segment]));
    located.extend(checks);
    located.push(Stmt::check("leave", Vec::new()));
    located
}

fn optional_u64(value: Option<u64>) -> String {
    match value {
        Some(value) => format!("Some({})", Literal::u64_unsuffixed(value)),
        None => "None".to_string(),
    }
}

/// The count of a collection's items (or properties) held to `(min, max)`.
fn count(bounds: (Option<u64>, Option<u64>), value: &str, what: &str) -> Vec<Stmt> {
    let (min, max) = bounds;
    if min.is_none() && max.is_none() {
        return Vec::new();
    }
    let args = vec![
        format!("{value}.len()"),
        optional_u64(min),
        optional_u64(max),
        string_literal(what),
    ];
    vec![Stmt::check("count", args)]
}

fn text(constraints: &Constraints, value: &str) -> Vec<Stmt> {
    let mut code = Vec::new();
    if constraints.min_length.is_some() || constraints.max_length.is_some() {
        let (min, max) = (
            optional_u64(constraints.min_length),
            optional_u64(constraints.max_length),
        );
        code.push(Stmt::check("text", vec![value.to_string(), min, max]));
    }
    if let Some(source) = &constraints.pattern {
        code.push(Stmt::Block {
            head: String::new(),
            body: vec![
                Stmt::Pattern(string_literal(source)),
                Stmt::check("pattern", vec![value.to_string(), "&PATTERN".to_string()]),
            ],
        });
    }
    code
}

/// Integer bounds become inclusive integers; a fractional `multipleOf` is checked as a float.
fn integer(constraints: &Constraints, value: &str) -> Vec<Stmt> {
    let IntegerChecks {
        min,
        max,
        step,
        fractional_step,
    } = constraints.integer_checks();
    let mut code = Vec::new();
    if min.is_some() || max.is_some() || step.is_some() {
        let literal = |value: Option<i128>| match value {
            Some(value) => format!("Some({})", Literal::i128_unsuffixed(value)),
            None => "None".to_string(),
        };
        let args = vec![
            format!("i128::from({value})"),
            literal(min),
            literal(max),
            literal(step),
        ];
        code.push(Stmt::check("integer", args));
    }
    if let Some(step) = fractional_step {
        let args = vec![
            format!("{value} as f64"),
            "None".to_string(),
            "None".to_string(),
            format!("Some({})", Literal::f64_suffixed(step)),
        ];
        code.push(Stmt::check("number", args));
    }
    code
}

/// `as_f32`: the value is an `f32` widened to `f64`, so each limit is widened from the `f32`
/// it becomes too (a `maximum: 0.1` must accept `0.1f32`, which is 0.10000000149 as `f64`).
fn number(constraints: &Constraints, value: &str, as_f32: bool) -> Vec<Stmt> {
    if !constraints.binds_number() {
        return Vec::new();
    }
    let limit = |value: f64| {
        if as_f32 {
            format!("f64::from({})", Literal::f32_suffixed(value as f32))
        } else {
            Literal::f64_suffixed(value).to_string()
        }
    };
    let bound = |bound: Option<Bound>| match bound {
        Some(bound) => format!("Some(({}, {}))", limit(bound.value), bound.exclusive),
        None => "None".to_string(),
    };
    let step = match constraints.multiple_of {
        Some(step) => format!("Some({})", limit(step)),
        None => "None".to_string(),
    };
    let args = vec![
        value.to_string(),
        bound(constraints.minimum),
        bound(constraints.maximum),
        step,
    ];
    vec![Stmt::check("number", args)]
}
