//! Integers as JSON Schema counts them: `3.0` and `-0.0` are integers, so a field holding an
//! integer must read them, where serde's integer types refuse every float. Generated fields
//! that hold integers (in an `Option`, a `Vec`, a map, a `Box`, through aliases) decode through
//! [`deserialize`]; nothing else is touched, so a free-form `serde_json::Value` keeps `1.0` as
//! it was sent.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, Error, Unexpected, Visitor};

/// A type whose integers may arrive as integral floats.
pub trait Integral: Sized {
    /// Reads `Self`, taking `3.0` where an integer belongs.
    fn deserialize_integral<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// `deserialize_with` target for fields holding integers.
pub fn deserialize<'de, D: Deserializer<'de>, T: Integral>(deserializer: D) -> Result<T, D::Error> {
    T::deserialize_integral(deserializer)
}

/// The same as a generated struct's field decoding (see `object::Reader::field_via`).
pub struct Whole;

impl<'de, T: Integral> super::object::Via<'de, T> for Whole {
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        T::deserialize_integral(deserializer)
    }
}

macro_rules! integers {
    ($($integer:ty => $method:ident),*) => {$(
        impl Integral for $integer {
            fn deserialize_integral<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                // The typed request keeps formats that are not self-describing working (a form
                // body's text is parsed as this integer).
                deserializer.$method(IntegerVisitor(PhantomData))
            }
        }
    )*};
}
integers!(i32 => deserialize_i32, i64 => deserialize_i64, u32 => deserialize_u32, u64 => deserialize_u64);

/// Reads an integer of type `T` from an integer or an integral float in its range.
struct IntegerVisitor<T>(PhantomData<T>);

impl<T: TryFrom<i64> + TryFrom<u64>> Visitor<'_> for IntegerVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an integer")
    }

    fn visit_i64<E: Error>(self, value: i64) -> Result<T, E> {
        T::try_from(value).map_err(|_| E::invalid_value(Unexpected::Signed(value), &self))
    }

    fn visit_u64<E: Error>(self, value: u64) -> Result<T, E> {
        T::try_from(value).map_err(|_| E::invalid_value(Unexpected::Unsigned(value), &self))
    }

    fn visit_f64<E: Error>(self, value: f64) -> Result<T, E> {
        if value.fract() == 0.0 && value.is_finite() {
            if (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&value) {
                return self.visit_i64(value as i64);
            }
            if (0.0..1.844_674_407_370_955_2e19).contains(&value) {
                return self.visit_u64(value as u64);
            }
        }
        Err(E::invalid_type(Unexpected::Float(value), &self))
    }
}

/// One element of a container, read as [`Integral`].
struct Element<T>(T);

impl<'de, T: Integral> serde::Deserialize<'de> for Element<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_integral(deserializer).map(Element)
    }
}

impl<T: Integral> Integral for Option<T> {
    fn deserialize_integral<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <Option<Element<T>> as serde::Deserialize>::deserialize(deserializer)?;
        Ok(value.map(|Element(value)| value))
    }
}

impl<T: Integral> Integral for Box<T> {
    fn deserialize_integral<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_integral(deserializer).map(Box::new)
    }
}

impl<T: Integral> Integral for Vec<T> {
    fn deserialize_integral<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = <Vec<Element<T>> as serde::Deserialize>::deserialize(deserializer)?;
        Ok(items.into_iter().map(|Element(item)| item).collect())
    }
}

impl<T: Integral> Integral for std::collections::BTreeMap<String, T> {
    fn deserialize_integral<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries =
            <std::collections::BTreeMap<String, Element<T>> as serde::Deserialize>::deserialize(
                deserializer,
            )?;
        Ok(entries
            .into_iter()
            .map(|(key, Element(value))| (key, value))
            .collect())
    }
}

#[cfg(test)]
mod tests;
