//! Where a JSON pointer's node is in a spec's text: line and column for diagnostics found after
//! parsing (shape errors, lowering errors), which know only the pointer.
//!
//! Both formats look the pointers up in the text itself, without building a value: JSON with a
//! small scanner of our own (exact, iterative), YAML with one pass of an event parser for all the
//! pointers of a file (`yaml`), at libyaml's positions (`starts`, `marks`): the ones the loader's
//! parser reports for its own errors. A pointer that leads past what the text holds (`upgrade`
//! adds nodes to 3.0 documents) finds the nearest node that is there.

mod json;
mod libyaml_seek;
mod marks;
mod starts;
mod wanted;
mod yaml;

/// The 1-based line and column of the node `pointer` names in a document's bytes (or of its
/// nearest ancestor the text has); `None` when the text cannot be read.
pub fn line_column(bytes: &[u8], pointer: &str) -> Option<(usize, usize)> {
    line_columns(bytes, &[pointer]).pop().flatten()
}

/// [`line_column`] of each of `pointers`, in one pass over a YAML text (a JSON text is scanned
/// once per pointer, up to its node).
pub fn line_columns(bytes: &[u8], pointers: &[&str]) -> Vec<Option<(usize, usize)>> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return vec![None; pointers.len()];
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let tokens: Vec<Vec<String>> = pointers
        .iter()
        .map(|pointer| pointer_tokens(pointer))
        .collect();
    if text.trim_start().starts_with('{') {
        tokens
            .iter()
            .map(|tokens| Some(line_column_at(text, json::offset_of(text, tokens)?)))
            .collect()
    } else {
        // YAML 1.2's parser refuses a few texts libyaml reads (a tab after `key:`, a flow
        // collection continued left of its key): those are looked up with libyaml itself, one
        // parse per pointer.
        yaml::line_columns(text, &tokens).unwrap_or_else(|| {
            tokens
                .iter()
                .map(|tokens| libyaml_seek::line_column_of(text, tokens))
                .collect()
        })
    }
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

    /// Flow mappings, block sequences, multi-byte characters before the nodes, `~0`/`~1`.
    const SPEC: &str = r#"openapi: 3.1.0
info: {title: "Ünïcödé ☃", version: '1'}
paths:
  /pets/{id}:
    get:
      parameters:
        - {name: id, in: path}
        - name: q
          in: query
      responses:
        '200': {description: "é ok", content: {application/json: {schema: {type: string}}}}
components:
  schemas:
    "a~b/c":
      type: object
      properties:
        名前: {type: string, enum: [ä, ö]}
"#;

    #[test]
    fn many_pointers_at_once_find_what_each_finds_alone() {
        let pointers = [
            "/info/version",
            "/paths/~1pets~1{id}/get/parameters/0/in",
            "/paths/~1pets~1{id}/get/parameters/1/in",
            "/paths/~1pets~1{id}/get/parameters/5",
            "/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema/type",
            "/components/schemas/a~0b~1c/properties/名前/enum/1",
            "/components/schemas/a~0b~1c/missing/deeper",
            "/info/version",
            "",
        ];
        let at_once = line_columns(SPEC.as_bytes(), &pointers);
        let alone: Vec<_> = pointers
            .iter()
            .map(|pointer| line_column(SPEC.as_bytes(), pointer))
            .collect();
        assert_eq!(at_once, alone);
        let libyaml: Vec<_> = pointers
            .iter()
            .map(|pointer| libyaml_seek::line_column_of(SPEC, &pointer_tokens(pointer)))
            .collect();
        assert_eq!(at_once, libyaml);
        assert_eq!(
            at_once,
            [
                Some((2, 37)),
                Some((7, 26)),
                Some((9, 15)),
                Some((7, 9)),
                Some((11, 82)),
                Some((17, 38)),
                Some((15, 7)),
                Some((2, 37)),
                Some((1, 1)),
            ]
        );
        let json_pointers = ["/paths/~1x/1/k", "/esc\"apedé/inner", "/paths/~1x/9/z"];
        let at_once = line_columns(JSON.as_bytes(), &json_pointers);
        let alone: Vec<_> = json_pointers
            .iter()
            .map(|pointer| line_column(JSON.as_bytes(), pointer))
            .collect();
        assert_eq!(at_once, alone);
    }

    #[test]
    fn keys_are_read_as_the_loader_reads_them() {
        // YAML would read these keys as a float, a boolean, null and an integer; the loader (and
        // so every pointer) reads mapping keys as their text.
        let text = "responses:\n  1.0: a\n  True: b\n  ~: c\n  0x10: d\n";
        let loaded = crate::load::load(text.as_bytes()).expect("the document loads");
        let keys: Vec<&String> = loaded["responses"]
            .as_object()
            .map(|members| members.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["1.0", "True", "~", "0x10"]);
        let pointers = [
            "/responses/1.0",
            "/responses/True",
            "/responses/~0",
            "/responses/0x10",
        ];
        assert_eq!(
            line_columns(text.as_bytes(), &pointers),
            [Some((2, 8)), Some((3, 9)), Some((4, 6)), Some((5, 9))]
        );
    }

    #[test]
    fn yaml_the_event_parser_refuses_is_located_by_libyaml() {
        // libyaml lets a flow collection's next line start left of its key; YAML 1.2 does not.
        let text = "a: [1,\n2]\nb:\t3\n";
        assert!(crate::load::load(text.as_bytes()).is_ok());
        assert_eq!(
            line_columns(text.as_bytes(), &["/a/1", "/a", "/b"]),
            [Some((2, 1)), Some((1, 4)), Some((3, 4))]
        );
    }

    #[test]
    fn unreadable_text_has_no_position() {
        assert_eq!(line_column(b"\xff", "/a"), None);
        assert_eq!(line_column(b"{\"a", "/a"), None);
    }
}
