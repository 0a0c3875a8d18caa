/// Numbers that may arrive as strings (ASP.NET Core writes `["integer", "string"]`): they are
/// always written as numbers, and read from either form.
pub mod lenient {
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
                        other => serde_json::from_value(other).map_err(|error| error.to_string()),
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
}

/// Parameter values as text (path segments, query values, headers), using each type's serde
/// form, so enums, dates and UUIDs travel exactly as they do in JSON bodies.
#[allow(dead_code)]
pub mod param {
    /// The text form of a parameter value (`simple` style): scalars as themselves, arrays as
    /// `a,b,c`, objects as `key,value,key,value`.
    pub fn to_text<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, String> {
        let value = serde_json::to_value(value).map_err(|error| error.to_string())?;
        Ok(match value {
            serde_json::Value::Array(items) => items.iter().map(scalar_text).collect::<Vec<_>>().join(","),
            serde_json::Value::Object(entries) => entries
                .iter()
                .flat_map(|(key, value)| [key.clone(), scalar_text(value)])
                .collect::<Vec<_>>()
                .join(","),
            scalar => scalar_text(&scalar),
        })
    }

    /// A scalar as text; a nested array or object as JSON.
    pub fn scalar_text(value: &serde_json::Value) -> String {
        match value {
            serde_json::Value::String(text) => text.clone(),
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        }
    }

    /// Reads a parameter value from its text form: as a string, as a JSON scalar (numbers,
    /// booleans), then as a comma-separated list of either.
    pub fn from_text<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
        let as_string = serde_json::Value::String(text.to_string());
        let first_error = match serde_json::from_value::<T>(as_string) {
            Ok(value) => return Ok(value),
            Err(error) => error.to_string(),
        };
        let scalar = |item: &str| match serde_json::from_str::<serde_json::Value>(item) {
            Ok(mut value @ serde_json::Value::Number(_)) => {
                // `-0` and `2.0` are integers too.
                super::numbers::integral_floats_as_integers(&mut value);
                value
            }
            Ok(value @ serde_json::Value::Bool(_)) => value,
            _ => serde_json::Value::String(item.to_string()),
        };
        if let Ok(value) = serde_json::from_value::<T>(scalar(text)) {
            return Ok(value);
        }
        let items: Vec<&str> = if text.is_empty() { Vec::new() } else { text.split(',').collect() };
        let strings = items.iter().map(|item| serde_json::Value::String(item.to_string())).collect();
        if let Ok(value) = serde_json::from_value::<T>(serde_json::Value::Array(strings)) {
            return Ok(value);
        }
        let scalars = items.iter().map(|item| scalar(item)).collect();
        serde_json::from_value::<T>(serde_json::Value::Array(scalars)).map_err(|_| first_error)
    }

    /// Percent-encodes one path segment: everything but RFC 3986 unreserved characters, so
    /// `/`, `?`, `#` and `%` in a value stay inside the segment.
    pub fn encode_segment(segment: &str) -> String {
        let mut encoded = String::with_capacity(segment.len());
        for byte in segment.bytes() {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'~' | b'.') {
                encoded.push(char::from(byte));
            } else {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        }
        encoded
    }
}

/// Unions tagged by a property that each variant's own type also declares.
pub mod tagged {
    use serde::de::Error as _;

    /// Reads a value and its `tag` property: a string, or an integer as its decimal text (the
    /// variant's own decoding then checks the tag's type).
    pub fn split<'de, D: serde::Deserializer<'de>>(deserializer: D, tag: &'static str) -> Result<(String, serde_json::Value), D::Error> {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
        let name = match value.get(tag) {
            Some(serde_json::Value::String(name)) => name.clone(),
            Some(serde_json::Value::Number(number)) if number.is_i64() || number.is_u64() => number.to_string(),
            Some(_) => return Err(D::Error::custom(format_args!("`{tag}` is neither a string nor an integer"))),
            None => return Err(D::Error::missing_field(tag)),
        };
        Ok((name, value))
    }

    /// Decodes a variant's payload from the whole value.
    pub fn variant<T: serde::de::DeserializeOwned, E: serde::de::Error>(value: serde_json::Value) -> Result<T, E> {
        serde_json::from_value(value).map_err(E::custom)
    }
}

/// Optional fields whose schema does not admit `null`. A client reads a `null` there as absent
/// (servers often send one where their description forgot `nullable`); the generated server
/// refuses it, because such a request does not match the API description.
#[allow(dead_code)]
pub mod present {
    use serde::de::Error as _;

    std::thread_local! {
        static REFUSE_NULL: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// Runs `decode` (one synchronous deserialization) with `null` refused in such fields.
    pub fn refusing_null<T>(decode: impl FnOnce() -> T) -> T {
        /// Restores the flag however `decode` ends (a panic must not leave a worker thread
        /// refusing null for the client code it runs next).
        struct Restore(bool);
        impl Drop for Restore {
            fn drop(&mut self) {
                REFUSE_NULL.with(|flag| flag.set(self.0));
            }
        }
        let _restore = Restore(REFUSE_NULL.with(|flag| flag.replace(true)));
        decode()
    }

    fn refuses_null() -> bool {
        REFUSE_NULL.with(std::cell::Cell::get)
    }

    /// `deserialize_with` target for optional fields that do not admit `null`.
    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        D: serde::Deserializer<'de>,
        T: serde::Deserialize<'de>,
    {
        if refuses_null() {
            T::deserialize(deserializer).map(Some)
        } else {
            <Option<T> as serde::Deserialize>::deserialize(deserializer)
        }
    }

    /// The same for lenient numbers (`["integer","string"]`).
    pub fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        D: serde::Deserializer<'de>,
        T: super::lenient::FromLenient,
    {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
        if value.is_null() && refuses_null() {
            return Err(D::Error::custom("invalid type: null, expected a value"));
        }
        <Option<T> as super::lenient::FromLenient>::from_lenient(value).map_err(D::Error::custom)
    }
}

/// JSON numbers as JSON Schema counts them: `3.0` is an integer, so it must decode where an
/// integer is expected (serde reads it as a float and an `i32` field would refuse it).
#[allow(dead_code)]
pub mod numbers {
    /// Rewrites every float with no fractional part (within the 64-bit range) as an integer.
    pub fn integral_floats_as_integers(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Number(number) => {
                if let Some(integer) = integral(number) {
                    *number = integer;
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(integral_floats_as_integers),
            serde_json::Value::Object(entries) => entries.values_mut().for_each(integral_floats_as_integers),
            serde_json::Value::Null | serde_json::Value::Bool(_) | serde_json::Value::String(_) => {}
        }
    }

    fn integral(number: &serde_json::Number) -> Option<serde_json::Number> {
        if number.is_i64() || number.is_u64() {
            return None;
        }
        let float = number.as_f64()?;
        if float.fract() != 0.0 || !float.is_finite() {
            return None;
        }
        if (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&float) {
            Some(serde_json::Number::from(float as i64))
        } else if (0.0..1.844_674_407_370_955_2e19).contains(&float) {
            Some(serde_json::Number::from(float as u64))
        } else {
            None
        }
    }
}
