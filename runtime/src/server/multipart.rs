//! `multipart/form-data` request bodies, read in full and decoded part by part.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};

use super::{Rejection, reject};

/// A `multipart/form-data` body, read in full: its parts by name.
pub struct FormData {
    parts: Vec<(String, Option<String>, bytes::Bytes)>,
}

#[allow(dead_code)]
impl FormData {
    /// Splits a body into its parts.
    pub async fn read(headers: &HeaderMap, body: bytes::Bytes) -> Result<Self, Rejection> {
        use axum::extract::FromRequest;
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .cloned()
            .unwrap_or(HeaderValue::from_static(""));
        let mut request = http::Request::new(Body::from(body));
        request
            .headers_mut()
            .insert(header::CONTENT_TYPE, content_type);
        let mut multipart = axum::extract::Multipart::from_request(request, &())
            .await
            .map_err(|error| {
                reject(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    format!("expected a multipart/form-data body: {error}"),
                )
            })?;
        let mut parts = Vec::new();
        loop {
            let field = multipart.next_field().await.map_err(|error| {
                reject(
                    StatusCode::BAD_REQUEST,
                    format!("invalid multipart body: {error}"),
                )
            })?;
            let Some(field) = field else { break };
            let name = field.name().unwrap_or_default().to_string();
            let content_type = field.content_type().map(str::to_string);
            let data = field.bytes().await.map_err(|error| {
                reject(
                    StatusCode::BAD_REQUEST,
                    format!("invalid multipart part `{name}`: {error}"),
                )
            })?;
            parts.push((name, content_type, data));
        }
        Ok(FormData { parts })
    }

    /// The first part named `name`, as bytes.
    pub fn file(&self, name: &str) -> Option<bytes::Bytes> {
        self.parts
            .iter()
            .find(|(part, _, _)| part == name)
            .map(|(_, _, data)| data.clone())
    }

    /// Every part named `name`, as bytes; `None` when there is none.
    pub fn files(&self, name: &str) -> Option<Vec<bytes::Bytes>> {
        let files: Vec<bytes::Bytes> = self
            .parts
            .iter()
            .filter(|(part, _, _)| part == name)
            .map(|(_, _, data)| data.clone())
            .collect();
        (!files.is_empty()).then_some(files)
    }

    /// A text part, typed: JSON parts (and composite values) are decoded as JSON, others as
    /// text. Several parts of one name are an array (OpenAPI's default encoding of an array of
    /// scalars); so is one part where the type wants an array.
    pub fn field<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
    ) -> Result<Option<T>, Rejection> {
        let matching: Vec<&(String, Option<String>, bytes::Bytes)> = self
            .parts
            .iter()
            .filter(|(part, _, _)| part == name)
            .collect();
        let invalid = |error: String| {
            reject(
                StatusCode::BAD_REQUEST,
                format!("invalid form field `{name}`: {error}"),
            )
        };
        let Some((_, content_type, data)) = matching.first() else {
            return Ok(None);
        };
        if matching.len() > 1 {
            let mut strings = Vec::with_capacity(matching.len());
            for (_, content_type, data) in &matching {
                strings.push(part_value(content_type.as_deref(), data).map_err(&invalid)?);
            }
            let scalars = strings
                .iter()
                .map(|item| match item {
                    serde_json::Value::String(text) => scalar(text),
                    other => other.clone(),
                })
                .collect();
            return match serde_json::from_value(serde_json::Value::Array(strings)) {
                Ok(value) => Ok(Some(value)),
                Err(_) => serde_json::from_value(serde_json::Value::Array(scalars))
                    .map(Some)
                    .map_err(|error| invalid(error.to_string())),
            };
        }
        let value = part_value(content_type.as_deref(), data).map_err(&invalid)?;
        let serde_json::Value::String(text) = value else {
            return serde_json::from_value(value)
                .map(Some)
                .map_err(|error| invalid(error.to_string()));
        };
        for candidate in [serde_json::Value::String(text.clone()), scalar(&text)] {
            for attempt in [candidate.clone(), serde_json::Value::Array(vec![candidate])] {
                if let Ok(value) = serde_json::from_value(attempt) {
                    return Ok(Some(value));
                }
            }
        }
        match super::super::param::from_text(&text) {
            Ok(value) => Ok(Some(value)),
            Err(error) => serde_json::from_str(&text)
                .map(Some)
                .map_err(|_| invalid(error)),
        }
    }
}

/// A part's value: JSON parts decoded, others as their text.
fn part_value(content_type: Option<&str>, data: &[u8]) -> Result<serde_json::Value, String> {
    let is_json =
        content_type.is_some_and(|t| t.starts_with("application/json") || t.contains("+json"));
    if is_json {
        return serde_json::from_slice(data).map_err(|error| error.to_string());
    }
    std::str::from_utf8(data)
        .map(|text| serde_json::Value::String(text.to_string()))
        .map_err(|error| error.to_string())
}

/// A text value as the JSON scalar it spells (`12`, `true`), or as a string.
fn scalar(text: &str) -> serde_json::Value {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(mut value @ serde_json::Value::Number(_)) => {
            super::super::numbers::integral_floats_as_integers(&mut value);
            value
        }
        Ok(value @ serde_json::Value::Bool(_)) => value,
        _ => serde_json::Value::String(text.to_string()),
    }
}

#[cfg(test)]
mod tests;
