/// A `multipart/form-data` body, read in full: its parts by name.
pub struct FormData {
    parts: Vec<(String, Option<String>, bytes::Bytes)>,
}

#[allow(dead_code)]
impl FormData {
    /// Splits a body into its parts.
    pub async fn read(headers: &HeaderMap, body: bytes::Bytes) -> Result<Self, Rejection> {
        use axum::extract::FromRequest;
        let content_type = headers.get(header::CONTENT_TYPE).cloned().unwrap_or(HeaderValue::from_static(""));
        let mut request = http::Request::new(Body::from(body));
        request.headers_mut().insert(header::CONTENT_TYPE, content_type);
        let mut multipart = axum::extract::Multipart::from_request(request, &())
            .await
            .map_err(|error| reject(StatusCode::UNSUPPORTED_MEDIA_TYPE, format!("expected a multipart/form-data body: {error}")))?;
        let mut parts = Vec::new();
        loop {
            let field = multipart
                .next_field()
                .await
                .map_err(|error| reject(StatusCode::BAD_REQUEST, format!("invalid multipart body: {error}")))?;
            let Some(field) = field else { break };
            let name = field.name().unwrap_or_default().to_string();
            let content_type = field.content_type().map(str::to_string);
            let data = field
                .bytes()
                .await
                .map_err(|error| reject(StatusCode::BAD_REQUEST, format!("invalid multipart part `{name}`: {error}")))?;
            parts.push((name, content_type, data));
        }
        Ok(FormData { parts })
    }

    /// The first part named `name`, as bytes.
    pub fn file(&self, name: &str) -> Option<bytes::Bytes> {
        self.parts.iter().find(|(part, _, _)| part == name).map(|(_, _, data)| data.clone())
    }

    /// Every part named `name`, as bytes; `None` when there is none.
    pub fn files(&self, name: &str) -> Option<Vec<bytes::Bytes>> {
        let files: Vec<bytes::Bytes> =
            self.parts.iter().filter(|(part, _, _)| part == name).map(|(_, _, data)| data.clone()).collect();
        (!files.is_empty()).then_some(files)
    }

    /// A text part, typed: JSON parts (and composite values) are decoded as JSON, others as text.
    pub fn field<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<Option<T>, Rejection> {
        let Some((_, content_type, data)) = self.parts.iter().find(|(part, _, _)| part == name) else {
            return Ok(None);
        };
        let invalid = |error: String| reject(StatusCode::BAD_REQUEST, format!("invalid form field `{name}`: {error}"));
        let is_json = content_type.as_deref().is_some_and(|t| t.starts_with("application/json") || t.contains("+json"));
        if is_json {
            return serde_json::from_slice(data).map(Some).map_err(|error| invalid(error.to_string()));
        }
        let text = std::str::from_utf8(data).map_err(|error| invalid(error.to_string()))?;
        match super::param::from_text(text) {
            Ok(value) => Ok(Some(value)),
            Err(error) => serde_json::from_str(text).map(Some).map_err(|_| invalid(error)),
        }
    }
}
