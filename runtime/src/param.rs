//! Parameter values as text (path segments, query values, headers), using each type's serde
//! form, so enums, dates and UUIDs travel exactly as they do in JSON bodies.

/// The text form of a parameter value (`simple` style): scalars as themselves, arrays as
/// `a,b,c`, objects as `key,value,key,value`.
pub fn to_text<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, String> {
    let value = serde_json::to_value(value).map_err(|error| error.to_string())?;
    Ok(match value {
        serde_json::Value::Array(items) => {
            items.iter().map(scalar_text).collect::<Vec<_>>().join(",")
        }
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
    let items: Vec<&str> = if text.is_empty() {
        Vec::new()
    } else {
        text.split(',').collect()
    };
    let strings = items
        .iter()
        .map(|item| serde_json::Value::String(item.to_string()))
        .collect();
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

#[cfg(test)]
mod tests;
