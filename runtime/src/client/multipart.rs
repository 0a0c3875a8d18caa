//! `multipart/form-data` request bodies, assembled from the generated form structs.

use super::RequestBuilder;

/// A `multipart/form-data` body being assembled from a form struct.
pub struct Form {
    inner: reqwest::multipart::Form,
    error: Option<String>,
}

impl Default for Form {
    fn default() -> Self {
        Self::new()
    }
}

impl Form {
    /// An empty form.
    pub fn new() -> Self {
        Form {
            inner: reqwest::multipart::Form::new(),
            error: None,
        }
    }

    /// A file part (named after its field: the spec gives no file name), typed
    /// `application/octet-stream` as RFC 7578 says a file part defaults to: some servers and
    /// proxies refuse a file part without a content type.
    pub fn file(mut self, name: &'static str, value: &bytes::Bytes) -> Self {
        let length = value.len() as u64;
        let part = reqwest::multipart::Part::stream_with_length(
            reqwest::Body::from(value.clone()),
            length,
        )
        .file_name(name);
        match part.mime_str("application/octet-stream") {
            Ok(part) => self.inner = self.inner.part(name, part),
            Err(error) => self.error = Some(format!("file part `{name}`: {error}")),
        }
        self
    }

    /// An optional file part.
    pub fn file_opt(self, name: &'static str, value: &Option<bytes::Bytes>) -> Self {
        match value {
            Some(value) => self.file(name, value),
            None => self,
        }
    }

    /// One file part per value, all with the same name.
    pub fn files(self, name: &'static str, values: &[bytes::Bytes]) -> Self {
        values
            .iter()
            .fold(self, |form, value| form.file(name, value))
    }

    /// Optional file parts.
    pub fn files_opt(self, name: &'static str, values: &Option<Vec<bytes::Bytes>>) -> Self {
        match values {
            Some(values) => self.files(name, values),
            None => self,
        }
    }

    /// A text part: scalars as text, an array of scalars as one text part per item (as
    /// OpenAPI's default multipart encoding says), other arrays and objects as JSON; `None` adds
    /// nothing.
    pub fn field<T: serde::Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        match serde_json::to_value(value) {
            // An empty array has no parts to repeat: it goes as JSON (`[]`), so it still arrives.
            Ok(serde_json::Value::Array(items))
                if !items.is_empty() && items.iter().all(|item| scalar_text(item).is_some()) =>
            {
                for item in &items {
                    if let Some(text) = scalar_text(item) {
                        self.inner = self.inner.text(name, text);
                    }
                }
            }
            Ok(value) => match scalar_text(&value) {
                Some(text) => self.inner = self.inner.text(name, text),
                None if value.is_null() => {}
                None => match reqwest::multipart::Part::text(value.to_string())
                    .mime_str("application/json")
                {
                    Ok(part) => self.inner = self.inner.part(name, part),
                    Err(error) => self.error = Some(format!("form field `{name}`: {error}")),
                },
            },
            Err(error) => self.error = Some(format!("form field `{name}`: {error}")),
        }
        self
    }
}

/// A string, number or boolean as the text of a form part.
fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(_) | serde_json::Value::Bool(_) => Some(value.to_string()),
        serde_json::Value::Null | serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
            None
        }
    }
}

impl RequestBuilder {
    /// Sets a `multipart/form-data` body.
    pub fn multipart(mut self, form: Form) -> Self {
        if let Some(error) = form.error {
            self.error = Some(error);
        }
        self.inner = self.inner.multipart(form.inner);
        self
    }

    /// Sets an optional `multipart/form-data` body.
    pub fn multipart_opt(self, form: Option<Form>) -> Self {
        match form {
            Some(form) => self.multipart(form),
            None => self,
        }
    }
}

#[cfg(test)]
mod tests;
