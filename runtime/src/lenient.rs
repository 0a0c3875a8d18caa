//! Numbers that may arrive as strings (ASP.NET Core writes `["integer", "string"]`): they are
//! always written as numbers, and read from either form.

use serde::de::Error as _;

/// A type that can be read from a JSON number or a numeric string.
pub trait FromLenient: Sized {
    /// Reads `value`, accepting numeric strings where numbers belong.
    fn from_lenient(value: serde_json::Value) -> Result<Self, String>;
}

macro_rules! lenient_number {
    ($($number:ty),*) => {$(
        impl FromLenient for $number {
            fn from_lenient(value: serde_json::Value) -> Result<Self, String> {
                match value {
                    serde_json::Value::String(text) => match text.trim().parse::<$number>() {
                        // `NaN`, `inf` and `1e999` parse as floats but are not JSON numbers.
                        Ok(number) if !Finite::is_finite_number(number) => {
                            Err(format!("invalid number {text:?}: not finite"))
                        }
                        Ok(number) => Ok(number),
                        Err(error) => Err(format!("invalid number {text:?}: {error}")),
                    },
                    mut other => match {
                        // `3.0` is an integer (JSON Schema), and `3` reads as any float.
                        super::numbers::integral_floats_as_integers(&mut other);
                        <$number as serde::Deserialize>::deserialize(&other)
                    } {
                        // serde narrows `1e39` to an infinite f32, which JSON cannot carry back.
                        Ok(number) if !Finite::is_finite_number(number) => Err(format!(
                            "invalid number {other}: out of range for {}",
                            stringify!($number)
                        )),
                        Ok(number) => Ok(number),
                        Err(error) => Err(error.to_string()),
                    },
                }
            }
        }
    )*};
}
lenient_number!(i32, i64, u32, u64, f32, f64);

/// Whether a parsed number is one JSON can carry.
trait Finite: Copy {
    fn is_finite_number(self) -> bool;
}

macro_rules! finite {
    ($($number:ty => $check:expr),*) => {$(
        impl Finite for $number {
            fn is_finite_number(self) -> bool {
                let check: fn($number) -> bool = $check;
                check(self)
            }
        }
    )*};
}
finite!(i32 => |_| true, i64 => |_| true, u32 => |_| true, u64 => |_| true, f32 => f32::is_finite, f64 => f64::is_finite);

impl<T: FromLenient> FromLenient for Option<T> {
    fn from_lenient(value: serde_json::Value) -> Result<Self, String> {
        match value {
            serde_json::Value::Null => Ok(None),
            other => T::from_lenient(other).map(Some),
        }
    }
}

impl<T: FromLenient> FromLenient for Box<T> {
    fn from_lenient(value: serde_json::Value) -> Result<Self, String> {
        T::from_lenient(value).map(Box::new)
    }
}

impl<T: FromLenient> FromLenient for Vec<T> {
    fn from_lenient(value: serde_json::Value) -> Result<Self, String> {
        match value {
            serde_json::Value::Array(items) => items.into_iter().map(T::from_lenient).collect(),
            other => Err(format!("expected an array, found {other}")),
        }
    }
}

impl<T: FromLenient> FromLenient for std::collections::BTreeMap<String, T> {
    fn from_lenient(value: serde_json::Value) -> Result<Self, String> {
        match value {
            serde_json::Value::Object(entries) => entries
                .into_iter()
                .map(|(key, value)| T::from_lenient(value).map(|value| (key, value)))
                .collect(),
            other => Err(format!("expected an object, found {other}")),
        }
    }
}

/// `deserialize_with` target for fields holding lenient numbers.
pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: FromLenient,
{
    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
    T::from_lenient(value).map_err(D::Error::custom)
}

/// The same as a generated struct's field decoding (see `object::Reader::field_via`).
pub struct Lenient;

impl<'de, T: FromLenient> super::object::Via<'de, T> for Lenient {
    fn read<D: serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        deserialize(deserializer)
    }
}

#[cfg(test)]
mod tests;
