//! What a value must satisfy beyond its Rust type: the JSON Schema assertions the generated
//! server checks after decoding (`minLength`, `pattern`, `maximum`, `maxItems`, …).

/// The assertions on one value. Empty when the schema asserts nothing the type does not
/// already say; `items` and `values` reach into arrays and maps whose element schemas are
/// written inline (a `$ref`'d element carries its own checks).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    /// `minLength`, in characters (Unicode scalar values, as JSON Schema counts them).
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `pattern`, an ECMA-262 regular expression that the Rust `regex` crate also reads the
    /// same way (others are dropped with a warning at generation time).
    pub pattern: Option<String>,
    /// `minimum` or `exclusiveMinimum`.
    pub minimum: Option<Bound>,
    /// `maximum` or `exclusiveMaximum`.
    pub maximum: Option<Bound>,
    /// `multipleOf` (positive).
    pub multiple_of: Option<f64>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems: true`.
    pub unique_items: bool,
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
    /// The assertions on each element of an array.
    pub items: Option<Box<Constraints>>,
    /// The assertions on each value of a map.
    pub values: Option<Box<Constraints>>,
}

/// A numeric bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// The limit.
    pub value: f64,
    /// Whether the limit itself is excluded.
    pub exclusive: bool,
}

// Bounds and steps are finite (lowering drops any other), so equality is an equivalence, and
// a hash consistent with it only has to read both zeros alike.
impl Eq for Bound {}
impl Eq for Constraints {}

impl std::hash::Hash for Bound {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        float_bits(self.value).hash(state);
        self.exclusive.hash(state);
    }
}

impl std::hash::Hash for Constraints {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Every field, as `PartialEq` compares them.
        let Constraints {
            min_length,
            max_length,
            pattern,
            minimum,
            maximum,
            multiple_of,
            min_items,
            max_items,
            unique_items,
            min_properties,
            max_properties,
            items,
            values,
        } = self;
        (min_length, max_length, pattern, minimum, maximum).hash(state);
        multiple_of.map(float_bits).hash(state);
        (
            min_items,
            max_items,
            unique_items,
            min_properties,
            max_properties,
        )
            .hash(state);
        (items, values).hash(state);
    }
}

/// A float's bits, `-0.0` read as `0.0` (they are equal).
fn float_bits(value: f64) -> u64 {
    if value == 0.0 { 0 } else { value.to_bits() }
}

/// The assertions on an integer, as integers: what an `i64` or `u64` can be held to.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct IntegerChecks {
    /// The smallest allowed value (an exclusive bound made inclusive).
    pub min: Option<i128>,
    /// The largest allowed value.
    pub max: Option<i128>,
    /// A whole `multipleOf`.
    pub step: Option<i128>,
    /// A fractional `multipleOf` (checked on the value as a float).
    pub fractional_step: Option<f64>,
}

impl IntegerChecks {
    /// Whether nothing is checked.
    pub fn is_empty(&self) -> bool {
        *self == IntegerChecks::default()
    }
}

impl Constraints {
    /// The bounds and step as an integer is checked against them. Bounds beyond `i128` (or not
    /// finite) cannot exclude any value of an `i64`/`u64`, so they are dropped.
    pub fn integer_checks(&self) -> IntegerChecks {
        let limit = |value: f64| (value.abs() < 1e38).then_some(value as i128);
        IntegerChecks {
            min: self.minimum.and_then(|bound| {
                limit(if bound.exclusive {
                    bound.value.floor() + 1.0
                } else {
                    bound.value.ceil()
                })
            }),
            max: self.maximum.and_then(|bound| {
                limit(if bound.exclusive {
                    bound.value.ceil() - 1.0
                } else {
                    bound.value.floor()
                })
            }),
            step: self
                .multiple_of
                .filter(|step| step.fract() == 0.0)
                .and_then(limit),
            fractional_step: self.multiple_of.filter(|step| step.fract() != 0.0),
        }
    }

    /// Whether anything binds a string (its length or a pattern).
    pub fn binds_text(&self) -> bool {
        self.min_length.is_some() || self.max_length.is_some() || self.pattern.is_some()
    }

    /// Whether anything binds a float.
    pub fn binds_number(&self) -> bool {
        self.minimum.is_some() || self.maximum.is_some() || self.multiple_of.is_some()
    }

    /// Whether anything binds an array itself (not its items).
    pub fn binds_array(&self) -> bool {
        self.min_items.is_some() || self.max_items.is_some() || self.unique_items
    }

    /// Whether anything binds a map itself (not its values).
    pub fn binds_map(&self) -> bool {
        self.min_properties.is_some() || self.max_properties.is_some()
    }

    /// Whether a `pattern` appears here or in the element assertions.
    pub fn has_pattern(&self) -> bool {
        self.pattern.is_some()
            || self.items.as_deref().is_some_and(Constraints::has_pattern)
            || self.values.as_deref().is_some_and(Constraints::has_pattern)
    }

    /// Whether nothing is asserted.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// Both `self`'s and `other`'s assertions, as one value must satisfy them (a use site's
    /// own keywords beside a `$ref` apply together with those of the type it refers to): the
    /// tighter of each bound; for a pattern and a step, which cannot be combined into one, the
    /// use site's.
    pub fn and(&self, other: &Constraints) -> Constraints {
        fn nested(
            mine: &Option<Box<Constraints>>,
            theirs: &Option<Box<Constraints>>,
        ) -> Option<Box<Constraints>> {
            match (mine, theirs) {
                (Some(mine), Some(theirs)) => Some(Box::new(mine.and(theirs))),
                (Some(one), None) | (None, Some(one)) => Some(one.clone()),
                (None, None) => None,
            }
        }
        fn larger(a: Option<u64>, b: Option<u64>) -> Option<u64> {
            a.max(b)
        }
        fn smaller(a: Option<u64>, b: Option<u64>) -> Option<u64> {
            match (a, b) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (one, other) => one.or(other),
            }
        }
        fn tighter(a: Option<Bound>, b: Option<Bound>, lower: bool) -> Option<Bound> {
            match (a, b) {
                (Some(a), Some(b)) => {
                    let b_wins = if lower {
                        b.value > a.value || (b.value == a.value && b.exclusive)
                    } else {
                        b.value < a.value || (b.value == a.value && b.exclusive)
                    };
                    Some(if b_wins { b } else { a })
                }
                (one, other) => one.or(other),
            }
        }
        Constraints {
            min_length: larger(self.min_length, other.min_length),
            max_length: smaller(self.max_length, other.max_length),
            pattern: self.pattern.clone().or_else(|| other.pattern.clone()),
            minimum: tighter(self.minimum, other.minimum, true),
            maximum: tighter(self.maximum, other.maximum, false),
            multiple_of: self.multiple_of.or(other.multiple_of),
            min_items: larger(self.min_items, other.min_items),
            max_items: smaller(self.max_items, other.max_items),
            unique_items: self.unique_items || other.unique_items,
            min_properties: larger(self.min_properties, other.min_properties),
            max_properties: smaller(self.max_properties, other.max_properties),
            items: nested(&self.items, &other.items),
            values: nested(&self.values, &other.values),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_constraints_hash_alike_zeros_included() {
        use std::hash::BuildHasher;
        let hash =
            |constraints: &Constraints| foldhash::fast::FixedState::default().hash_one(constraints);
        let at = |value: f64| Constraints {
            minimum: Some(Bound {
                value,
                exclusive: false,
            }),
            multiple_of: Some(value.abs() + 1.0),
            ..Constraints::default()
        };
        assert_eq!(at(0.0), at(-0.0));
        assert_eq!(hash(&at(0.0)), hash(&at(-0.0)));
        assert_ne!(at(1.0), at(2.0));
        assert_ne!(hash(&at(1.0)), hash(&at(2.0)));
        let nested = Constraints {
            items: Some(Box::new(at(3.0))),
            ..Constraints::default()
        };
        assert_ne!(hash(&nested), hash(&Constraints::default()));
    }

    #[test]
    fn a_use_site_and_its_type_both_bind() {
        let use_site = Constraints {
            max_length: Some(100),
            minimum: Some(Bound {
                value: 0.0,
                exclusive: false,
            }),
            ..Constraints::default()
        };
        let aliased = Constraints {
            min_length: Some(1),
            max_length: Some(10),
            minimum: Some(Bound {
                value: 0.0,
                exclusive: true,
            }),
            maximum: Some(Bound {
                value: 5.0,
                exclusive: false,
            }),
            ..Constraints::default()
        };
        let both = use_site.and(&aliased);
        assert_eq!((both.min_length, both.max_length), (Some(1), Some(10)));
        assert_eq!(
            both.minimum,
            Some(Bound {
                value: 0.0,
                exclusive: true
            })
        );
        assert_eq!(both.maximum.map(|bound| bound.value), Some(5.0));
    }
}
