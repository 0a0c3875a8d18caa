//! Where a JSON pointer's node is in a spec's text: line and column for diagnostics found after
//! parsing (shape errors, lowering errors), which know only the pointer.
//!
//! Both formats look the pointer up in the text itself, without building a value: JSON with a
//! small scanner of our own (exact, iterative), YAML by asking the real YAML parser, whose
//! errors carry the position of the node they were raised at. A pointer that leads past what the
//! text holds (`upgrade` adds nodes to 3.0 documents) finds the nearest node that is there.

mod json;
mod yaml;

/// The 1-based line and column of the node `pointer` names in a document's bytes (or of its
/// nearest ancestor the text has); `None` when the text cannot be read.
pub fn line_column(bytes: &[u8], pointer: &str) -> Option<(usize, usize)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let tokens = pointer_tokens(pointer);
    let offset = if text.trim_start().starts_with('{') {
        json::offset_of(text, &tokens)?
    } else {
        return yaml::line_column_of(text, &tokens);
    };
    Some(line_column_at(text, offset))
}

/// The reference tokens of an RFC 6901 pointer (`/a~1b/0` → `a/b`, `0`).
fn pointer_tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .split('/')
        .skip(1)
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
pub(crate) fn line_column_at(text: &str, offset: usize) -> (usize, usize) {
    let prefix = text.get(..offset).unwrap_or(text);
    let line_start = prefix.rfind('\n').map_or(0, |index| index + 1);
    let line = 1 + prefix.matches('\n').count();
    (line, 1 + prefix[line_start..].chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str = r#"{
  "openapi": "3.1.0",
  "paths": {
    "/a~b/c": {"get": "nope"},
    "/x": [1, {"k": "v"}, [true]]
  },
  "esc\"aped\u00e9": {"inner": null}
}"#;

    const YAML: &str = "openapi: 3.1.0\npaths:\n  /a~b/c:\n    get: nope\n  /x:\n    - 1\n    - k: v\n    - [true]\nanchored: &a {inner: 1}\naliased: *a\n";

    #[test]
    fn json_pointers_find_their_node() {
        let at = |pointer: &str| line_column(JSON.as_bytes(), pointer);
        assert_eq!(at(""), Some((1, 1)));
        assert_eq!(at("/openapi"), Some((2, 14)));
        assert_eq!(at("/paths/~1a~0b~1c/get"), Some((4, 23)));
        assert_eq!(at("/paths/~1x/1/k"), Some((5, 21)));
        assert_eq!(at("/paths/~1x/2/0"), Some((5, 28)));
        assert_eq!(at("/esc\"apedé/inner"), Some((7, 32)));
    }

    #[test]
    fn yaml_pointers_find_their_node() {
        let at = |pointer: &str| line_column(YAML.as_bytes(), pointer);
        assert_eq!(at("/openapi"), Some((1, 10)));
        assert_eq!(at("/paths/~1a~0b~1c/get"), Some((4, 10)));
        assert_eq!(at("/paths/~1x/1/k"), Some((7, 10)));
        assert_eq!(at("/paths/~1x/2/0"), Some((8, 8)));
        assert_eq!(at("/anchored/inner"), Some((9, 22)));
        assert_eq!(
            at("/aliased/inner"),
            Some((9, 22)),
            "an alias leads to its anchor"
        );
    }

    #[test]
    fn missing_nodes_find_their_nearest_ancestor() {
        assert_eq!(
            line_column(JSON.as_bytes(), "/paths/~1x/9/z"),
            Some((5, 11))
        );
        assert_eq!(
            line_column(JSON.as_bytes(), "/openapi/deeper"),
            Some((2, 14))
        );
        assert_eq!(line_column(YAML.as_bytes(), "/paths/~1nope"), Some((3, 3)));
        assert_eq!(
            line_column(YAML.as_bytes(), "/openapi/deeper"),
            Some((1, 10))
        );
    }

    #[test]
    fn unreadable_text_has_no_position() {
        assert_eq!(line_column(b"\xff", "/a"), None);
        assert_eq!(line_column(b"{\"a", "/a"), None);
    }
}
