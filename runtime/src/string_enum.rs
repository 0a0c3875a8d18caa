//! String enums read from their wire value. Generated enums implement [`StringEnum`] and
//! decode through [`deserialize`] rather than deriving `Deserialize`: serde's derive writes a
//! variant visitor per enum, and for an open enum (one that keeps values the description does
//! not list) also buffers every value to try its untagged fallback, which on a 4 MB spec's
//! hundreds of enums is much of what `cargo check` spends. They are written with
//! `serialize_str` of their `as_str`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, Error, Visitor};

/// A string enum: its listed values, and the variant of one.
pub trait StringEnum: Sized {
    /// The values the API description lists, in its order.
    const VALUES: &'static [&'static str];

    /// The variant of `value`: `None` when it is not listed, unless the enum keeps unlisted
    /// values (its `Unknown` variant).
    fn from_wire(value: &str) -> Option<Self>;
}

/// A string enum's `Deserialize`: a string, one of its values (or any, for an open enum).
pub fn deserialize<'de, D: Deserializer<'de>, T: StringEnum>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_str(ValueVisitor(PhantomData))
}

struct ValueVisitor<T>(PhantomData<T>);

impl<T: StringEnum> Visitor<'_> for ValueVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("one of ")?;
        for (index, value) in T::VALUES.iter().enumerate() {
            let separator = if index == 0 { "" } else { ", " };
            write!(formatter, "{separator}`{value}`")?;
        }
        Ok(())
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
        T::from_wire(value).ok_or_else(|| E::unknown_variant(value, T::VALUES))
    }
}

#[cfg(test)]
mod tests;
