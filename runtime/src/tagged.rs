//! Unions tagged by a property that each variant's own type also declares.

use serde::de::Error as _;

/// Reads a value and its `tag` property: a string, or an integer as its decimal text (the
/// variant's own decoding then checks the tag's type).
pub fn split<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
    tag: &'static str,
) -> Result<(String, serde_json::Value), D::Error> {
    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
    let name = match value.get(tag) {
        Some(serde_json::Value::String(name)) => name.clone(),
        Some(serde_json::Value::Number(number)) if number.is_i64() || number.is_u64() => {
            number.to_string()
        }
        Some(_) => {
            return Err(D::Error::custom(format_args!(
                "`{tag}` is neither a string nor an integer"
            )));
        }
        None => return Err(D::Error::missing_field(tag)),
    };
    Ok((name, value))
}

/// Decodes a variant's payload from the whole value.
pub fn variant<T: serde::de::DeserializeOwned, E: serde::de::Error>(
    value: serde_json::Value,
) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

#[cfg(test)]
mod tests;
