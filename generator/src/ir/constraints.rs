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

impl Constraints {
    /// Whether nothing is asserted.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// `self` with `other`'s assertions added where `self` has none (a use site's own
    /// keywords win over those of the type it refers to).
    pub fn or(&self, other: &Constraints) -> Constraints {
        fn nested(
            mine: &Option<Box<Constraints>>,
            theirs: &Option<Box<Constraints>>,
        ) -> Option<Box<Constraints>> {
            match (mine, theirs) {
                (Some(mine), Some(theirs)) => Some(Box::new(mine.or(theirs))),
                (Some(one), None) | (None, Some(one)) => Some(one.clone()),
                (None, None) => None,
            }
        }
        Constraints {
            min_length: self.min_length.or(other.min_length),
            max_length: self.max_length.or(other.max_length),
            pattern: self.pattern.clone().or_else(|| other.pattern.clone()),
            minimum: self.minimum.or(other.minimum),
            maximum: self.maximum.or(other.maximum),
            multiple_of: self.multiple_of.or(other.multiple_of),
            min_items: self.min_items.or(other.min_items),
            max_items: self.max_items.or(other.max_items),
            unique_items: self.unique_items || other.unique_items,
            min_properties: self.min_properties.or(other.min_properties),
            max_properties: self.max_properties.or(other.max_properties),
            items: nested(&self.items, &other.items),
            values: nested(&self.values, &other.values),
        }
    }
}
