//! Stage 1: spec bytes → `serde_json::Value`, from JSON or YAML.

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Location, Severity};

/// Parses a spec document. JSON is recognised by its first significant character (`{`); anything
/// else is read as YAML (a superset of JSON). Mapping keys that YAML reads as numbers or booleans
/// (`200:` under `responses`) become strings, as OpenAPI means them.
pub fn load(bytes: &[u8]) -> Result<Value, Diagnostic> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        Diagnostic::error(
            "",
            format!(
                "the document is not valid UTF-8 (invalid byte at offset {})",
                error.valid_up_to()
            ),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Diagnostic::error("", "the document is empty"));
    }
    let value = if text.trim_start().starts_with('{') {
        serde_json::from_str::<Value>(text).map_err(|error| {
            located_error(
                format!("invalid JSON: {}", strip_position(&error.to_string())),
                Some((error.line(), error.column())),
            )
        })?
    } else {
        serde_norway::from_str::<Value>(text).map_err(|error| {
            let position = error.location().map(|at| (at.line(), at.column()));
            located_error(
                format!("invalid YAML: {}", strip_position(&error.to_string())),
                position,
            )
        })?
    };
    if !value.is_object() {
        return Err(Diagnostic::error(
            "",
            format!(
                "the document must be an object, found {}",
                crate::model::json_kind(&value)
            ),
        ));
    }
    Ok(value)
}

fn located_error(message: String, line_column: Option<(usize, usize)>) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        message,
        location: Location {
            file: None,
            pointer: String::new(),
            line_column,
        },
    }
}

/// Parser messages end in "at line X column Y"; the location is reported separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_json_and_yaml_alike() {
        let json = load(br#"{"openapi": "3.1.0"}"#).unwrap();
        let yaml = load(b"openapi: 3.1.0\n").unwrap();
        assert_eq!(json, yaml);
    }

    #[test]
    fn yaml_numeric_keys_become_strings() {
        let value = load(b"responses:\n  200:\n    description: ok\n").unwrap();
        assert!(value["responses"]["200"].is_object());
    }

    #[test]
    fn errors_carry_line_and_column() {
        let error = load(b"{\n  \"openapi\": \n}").unwrap_err();
        assert_eq!(error.location.line_column, Some((3, 1)));
        assert!(
            error.message.starts_with("invalid JSON"),
            "{}",
            error.message
        );
    }

    #[test]
    fn rejects_empty_non_utf8_and_non_objects() {
        assert!(load(b"  \n").unwrap_err().message.contains("empty"));
        assert!(load(b"\xff\xfe").unwrap_err().message.contains("UTF-8"));
        assert!(load(b"- a\n- b\n").unwrap_err().message.contains("array"));
    }

    #[test]
    fn yaml_alias_bombs_are_refused() {
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n\
                    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n\
                    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n";
        assert!(load(bomb.as_bytes()).is_err());
    }
}
