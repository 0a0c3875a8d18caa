//! Schema assertions → [`Constraints`]: what the generated server checks beyond the types.

use serde_json::Value;

use super::Lowerer;
use crate::diagnostics::pointer_push;
use crate::ir::{Bound, Constraints};
use crate::model::Schema;

impl Lowerer<'_> {
    /// The assertions `schema` (at `pointer`) makes on its own value, and on the elements of
    /// an inline `items` or `additionalProperties` schema.
    pub(super) fn constraints_of(&mut self, schema: &Schema, pointer: &str) -> Constraints {
        let Schema::Object(object) = schema else {
            return Constraints::default();
        };
        let pattern = object
            .pattern
            .as_ref()
            .filter(|pattern| self.pattern_is_usable(pattern, pointer))
            .cloned();
        let items = inline(&object.items)
            .map(|items| Box::new(self.constraints_of(items, &pointer_push(pointer, "items"))));
        let values = inline(&object.additional_properties).map(|values| {
            Box::new(self.constraints_of(values, &pointer_push(pointer, "additionalProperties")))
        });
        if object.type_names().0.contains(&"integer") {
            self.warn_wide_bounds(object, pointer);
        }
        Constraints {
            min_length: count(&object.min_length).filter(|n| *n > 0),
            max_length: count(&object.max_length),
            pattern,
            minimum: bound(&object.minimum, &object.exclusive_minimum, Ordering::Lower),
            maximum: bound(&object.maximum, &object.exclusive_maximum, Ordering::Upper),
            multiple_of: object
                .multiple_of
                .as_deref()
                .and_then(Value::as_f64)
                .filter(|step| *step > 0.0 && step.is_finite()),
            min_items: count(&object.min_items).filter(|n| *n > 0),
            max_items: count(&object.max_items),
            unique_items: object.unique_items.as_deref() == Some(&Value::Bool(true)),
            min_properties: count(&object.min_properties).filter(|n| *n > 0),
            max_properties: count(&object.max_properties),
            items: items.filter(|nested| !nested.is_empty()),
            values: values.filter(|nested| !nested.is_empty()),
        }
    }

    /// Integer bounds written beyond 64 bits (OpenAI's `minimum: -9223372036854776000`) are
    /// read as the nearest float, which checks against an `i64` as the integer's end of range
    /// does: worth a warning, never a refusal.
    fn warn_wide_bounds(&mut self, object: &crate::model::SchemaObject, pointer: &str) {
        let keywords = [
            ("minimum", &object.minimum),
            ("maximum", &object.maximum),
            ("exclusiveMinimum", &object.exclusive_minimum),
            ("exclusiveMaximum", &object.exclusive_maximum),
        ];
        for (keyword, value) in keywords {
            let Some(number) = value.as_deref().and_then(Value::as_number) else {
                continue;
            };
            let wide = number.is_f64()
                && number
                    .as_f64()
                    .is_some_and(|f| f.fract() == 0.0 && f.abs() >= 9_223_372_036_854_775_808.0);
            if wide {
                self.warn(
                    pointer_push(pointer, keyword),
                    format!(
                        "`{keyword}` {number} is beyond 64-bit integers; it is read as the nearest float"
                    ),
                );
            }
        }
    }

    /// Whether the generated code can check `pattern` as the spec means it: the `regex` crate
    /// has no look-around or back-references, so such a pattern is left unchecked (with a
    /// warning) rather than refused by a server that cannot compile it. What is checked is the
    /// rewrite the server compiles (ECMA-262's `\d`, `\w`, `\s`, `\b`, `.` made to mean
    /// what they mean there).
    fn pattern_is_usable(&mut self, pattern: &str, pointer: &str) -> bool {
        let parsed = regex_syntax::ParserBuilder::new()
            .nest_limit(64)
            .build()
            .parse(&oasgen_runtime::ecma::to_rust(pattern));
        match parsed {
            Ok(_) if pattern.len() <= 4096 => true,
            Ok(_) => {
                self.warn(
                    pointer_push(pointer, "pattern"),
                    "pattern longer than 4096 bytes; the server does not check it",
                );
                false
            }
            Err(error) => {
                let reason = error.to_string();
                let first_line = reason.lines().last().unwrap_or("unsupported syntax");
                self.warn(
                    pointer_push(pointer, "pattern"),
                    format!("the server does not check this pattern: Rust's regex crate cannot read it ({first_line})"),
                );
                false
            }
        }
    }
}

/// An element schema written in place (a `$ref`'d one is a named type with its own checks).
fn inline(nested: &Option<Schema>) -> Option<&Schema> {
    match nested {
        Some(Schema::Object(inner)) if inner.reference.is_none() => nested.as_ref(),
        _ => None,
    }
}

/// Which end of a range a bound limits.
#[derive(Clone, Copy)]
enum Ordering {
    Lower,
    Upper,
}

/// A non-negative integer keyword (`minLength`, `maxItems`, …); other values are ignored.
fn count(value: &Option<Box<Value>>) -> Option<u64> {
    value.as_deref().and_then(|value| {
        value.as_u64().or_else(|| {
            value
                .as_f64()
                .filter(|f| *f >= 0.0 && f.fract() == 0.0)
                .map(|f| f as u64)
        })
    })
}

/// The tighter of an inclusive and an exclusive bound (3.1 allows both at once).
fn bound(
    inclusive: &Option<Box<Value>>,
    exclusive: &Option<Box<Value>>,
    end: Ordering,
) -> Option<Bound> {
    let number = |value: &Option<Box<Value>>| {
        value
            .as_deref()
            .and_then(Value::as_f64)
            .filter(|f| f.is_finite())
    };
    let inclusive = number(inclusive).map(|value| Bound {
        value,
        exclusive: false,
    });
    let exclusive = number(exclusive).map(|value| Bound {
        value,
        exclusive: true,
    });
    match (inclusive, exclusive) {
        (Some(a), Some(b)) => {
            let b_is_tighter = match end {
                Ordering::Lower => b.value >= a.value,
                Ordering::Upper => b.value <= a.value,
            };
            Some(if b_is_tighter { b } else { a })
        }
        (one, other) => one.or(other),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::ir::{Bound, TypeKind};

    fn lowered_constraints(schema: serde_json::Value) -> (crate::ir::Constraints, Vec<String>) {
        let raw = json!({"openapi": "3.1.0", "components": {"schemas": {"Thing": {
            "type": "object", "properties": {"value": schema}
        }}}});
        let document = crate::model::from_node(&raw, "").expect("valid model");
        let lowered = crate::lower::lower(&raw, &document).expect("lowers");
        let thing = lowered.api.types.iter().find(|def| def.name == "Thing");
        let Some(TypeKind::Struct(structure)) = thing.map(|def| &def.kind) else {
            panic!("a struct: {thing:?}");
        };
        let warnings = lowered.warnings.iter().map(|w| w.message.clone()).collect();
        (structure.fields[0].constraints.clone(), warnings)
    }

    #[test]
    fn string_number_and_array_assertions_are_read() {
        let (text, _) = lowered_constraints(
            json!({"type": "string", "minLength": 1, "maxLength": 3, "pattern": "^[A-Z]+$"}),
        );
        assert_eq!(
            (text.min_length, text.max_length, text.pattern.as_deref()),
            (Some(1), Some(3), Some("^[A-Z]+$"))
        );
        let (number, _) = lowered_constraints(
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": 0, "maximum": 10.5, "multipleOf": 0.5}),
        );
        assert_eq!(
            number.minimum,
            Some(Bound {
                value: 0.0,
                exclusive: true
            })
        );
        assert_eq!(
            number.maximum.map(|b| (b.value, b.exclusive)),
            Some((10.5, false))
        );
        assert_eq!(number.multiple_of, Some(0.5));
        let (list, _) = lowered_constraints(json!({
            "type": "array", "minItems": 1, "uniqueItems": true,
            "items": {"type": "string", "maxLength": 2}
        }));
        assert_eq!((list.min_items, list.unique_items), (Some(1), true));
        assert_eq!(list.items.and_then(|items| items.max_length), Some(2));
    }

    #[test]
    fn keywords_of_the_wrong_type_and_trivial_ones_assert_nothing() {
        let (constraints, _) =
            lowered_constraints(json!({"type": "string", "minLength": "3", "minItems": 0}));
        assert!(constraints.is_empty(), "{constraints:?}");
    }

    #[test]
    fn a_pattern_the_regex_crate_cannot_read_is_dropped_with_a_warning() {
        let (constraints, warnings) =
            lowered_constraints(json!({"type": "string", "pattern": "^(?!admin).*$"}));
        assert_eq!(constraints.pattern, None);
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("does not check this pattern")),
            "{warnings:?}"
        );
    }
}
