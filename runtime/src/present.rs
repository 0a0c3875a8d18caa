//! Optional fields whose schema does not admit `null`. A client reads a `null` there as absent
//! (servers often send one where their description forgot `nullable`); the generated server
//! refuses it, because such a request does not match the API description.

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

/// The same for fields holding integers (`3.0` read as `3`: see `integral`).
pub fn integral<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: super::integral::Integral,
{
    if refuses_null() {
        T::deserialize_integral(deserializer).map(Some)
    } else {
        <Option<T> as super::integral::Integral>::deserialize_integral(deserializer)
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

/// [`deserialize`] as a generated struct's field decoding (see `object::Reader::field_via`).
pub struct NotNull;

impl<'de, T: serde::Deserialize<'de>> super::object::Via<'de, Option<T>> for NotNull {
    fn read<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        deserialize(deserializer)
    }
}

/// [`integral`] as a generated struct's field decoding.
pub struct NotNullWhole;

impl<'de, T: super::integral::Integral> super::object::Via<'de, Option<T>> for NotNullWhole {
    fn read<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        integral(deserializer)
    }
}

/// [`lenient`] as a generated struct's field decoding.
pub struct NotNullLenient;

impl<'de, T: super::lenient::FromLenient> super::object::Via<'de, Option<T>> for NotNullLenient {
    fn read<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        lenient(deserializer)
    }
}

#[cfg(test)]
mod tests;
