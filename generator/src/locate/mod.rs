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

use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::load::SectionIndex;

/// A spec's text, made ready before its warnings are known: the bytes already read, and for a
/// large YAML text where its entries are (the lines and the cut that narrow each pointer down to
/// one entry, most of what locating costs). The pipeline works the index out while lowering
/// settles, which leaves a core idle.
#[derive(Debug)]
pub(crate) struct Prepared {
    /// The file the text was read from, as warnings name it.
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// The index of its text ([`index_of`]).
    pub index: Option<SectionIndex>,
}

/// The index [`line_columns`] works out for a text, worked out ahead: `None` when it has none
/// (JSON, a small text, a text the cut cannot narrow down).
pub(crate) fn index_of(bytes: &[u8]) -> Option<SectionIndex> {
    let text = text_of(bytes)?;
    (!is_json(text) && narrowed(text))
        .then(|| SectionIndex::of(text))
        .flatten()
}

/// The text pointers are looked up in: the bytes as UTF-8, without a byte order mark.
fn text_of(bytes: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(bytes).ok()?;
    Some(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Whether `text` is JSON, scanned once per pointer, rather than YAML.
fn is_json(text: &str) -> bool {
    text.trim_start().starts_with('{')
}

/// Whether a YAML text is large enough that each pointer is first narrowed down to the entry
/// holding it.
fn narrowed(text: &str) -> bool {
    text.len() >= crate::load::PIECES_MIN_BYTES
}

/// Adds line and column to warnings (located lazily: only the CLI's readers need them). At most
/// `limit` are located; each file is read once, and its warnings located in one pass over it.
pub fn locate_warnings(warnings: &mut [Diagnostic], limit: usize) {
    locate_warnings_with(warnings, limit, None);
}

/// [`locate_warnings`], the warnings about `prepared`'s file found in its text and by its
/// index.
pub(crate) fn locate_warnings_with(
    warnings: &mut [Diagnostic],
    limit: usize,
    prepared: Option<&Prepared>,
) {
    let mut by_file: std::collections::BTreeMap<PathBuf, Vec<&mut Diagnostic>> =
        std::collections::BTreeMap::new();
    for warning in warnings.iter_mut().take(limit) {
        if warning.location.line_column.is_some() || warning.location.pointer.is_empty() {
            continue;
        }
        if let Some(file) = warning.location.file.clone() {
            by_file.entry(file).or_default().push(warning);
        }
    }
    for (file, warnings) in by_file {
        let pointers: Vec<&str> = warnings
            .iter()
            .map(|warning| warning.location.pointer.as_str())
            .collect();
        let positions = match prepared.filter(|prepared| prepared.path == file) {
            Some(prepared) => line_columns_by(&prepared.bytes, &pointers, prepared.index.as_ref()),
            None => {
                let Ok(bytes) = crate::load::read_document(&file) else {
                    continue;
                };
                line_columns(&bytes, &pointers)
            }
        };
        for (warning, position) in warnings.into_iter().zip(positions) {
            warning.location.line_column = position;
        }
    }
}

/// The 1-based line and column of the node `pointer` names in a document's bytes (or of its
/// nearest ancestor the text has); `None` when the text cannot be read.
pub fn line_column(bytes: &[u8], pointer: &str) -> Option<(usize, usize)> {
    line_columns(bytes, &[pointer]).pop().flatten()
}

/// [`line_column`] of each of `pointers`, in one pass over a YAML text (a JSON text is scanned
/// once per pointer, up to its node).
pub fn line_columns(bytes: &[u8], pointers: &[&str]) -> Vec<Option<(usize, usize)>> {
    line_columns_by(bytes, pointers, index_of(bytes).as_ref())
}

/// [`line_columns`], a large YAML text's pointers narrowed down to their entries by its
/// `index` ([`index_of`] of the same bytes).
fn line_columns_by(
    bytes: &[u8],
    pointers: &[&str],
    index: Option<&SectionIndex>,
) -> Vec<Option<(usize, usize)>> {
    let Some(text) = text_of(bytes) else {
        return vec![None; pointers.len()];
    };
    let tokens: Vec<Vec<String>> = pointers
        .iter()
        .map(|pointer| pointer_tokens(pointer))
        .collect();
    if is_json(text) {
        tokens
            .iter()
            .map(|tokens| Some(line_column_at(text, json::offset_of(text, tokens)?)))
            .collect()
    } else {
        let mut found = vec![None; tokens.len()];
        let mut rest: Vec<usize> = (0..tokens.len()).collect();
        // In a large text, each pointer is looked for in the lines of the entry that holds it,
        // which the cut the loader reads pieces by narrows it down to.
        if let Some(index) = index {
            let sections = index.sections(text, &tokens);
            // Pointers into one entry are looked for in one pass over its lines.
            let mut by_section: std::collections::BTreeMap<_, Vec<usize>> = Default::default();
            for (index, section) in sections.iter().enumerate() {
                if let Some(section) = section {
                    by_section
                        .entry((section.start, section.end))
                        .or_default()
                        .push(index);
                }
            }
            for indexes in by_section.values() {
                let Some(section) = sections[indexes[0]] else {
                    continue;
                };
                let pointers: Vec<&[String]> =
                    indexes.iter().map(|&index| &tokens[index][..]).collect();
                let positions = yaml::line_columns_in(text, section, &pointers);
                for (&index, position) in indexes.iter().zip(positions) {
                    found[index] = position;
                }
            }
            rest.retain(|&index| found[index].is_none());
        }
        if rest.is_empty() {
            return found;
        }
        let rest_tokens: Vec<Vec<String>> =
            rest.iter().map(|&index| tokens[index].clone()).collect();
        // YAML 1.2's parser refuses a few texts libyaml reads (a tab after `key:`, a flow
        // collection continued left of its key): those are looked up with libyaml itself, one
        // parse per pointer.
        let positions = yaml::line_columns(text, &rest_tokens).unwrap_or_else(|| {
            rest_tokens
                .iter()
                .map(|tokens| libyaml_seek::line_column_of(text, tokens))
                .collect()
        });
        for (index, position) in rest.into_iter().zip(positions) {
            found[index] = position;
        }
        found
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

pub(crate) use crate::diagnostics::line_column_at;

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

    /// Every `step`-th node's pointer, and one missing below each of those.
    fn pointers_of(value: &serde_json::Value, step: usize) -> Vec<String> {
        fn walk(value: &serde_json::Value, at: String, all: &mut Vec<String>) {
            let children: Vec<(String, &serde_json::Value)> = match value {
                serde_json::Value::Object(map) => map
                    .iter()
                    .map(|(key, child)| (crate::diagnostics::pointer_push(&at, key), child))
                    .collect(),
                serde_json::Value::Array(items) => items
                    .iter()
                    .enumerate()
                    .map(|(index, child)| (format!("{at}/{index}"), child))
                    .collect(),
                _ => Vec::new(),
            };
            all.push(at);
            for (pointer, child) in children {
                walk(child, pointer, all);
            }
        }
        let mut all = Vec::new();
        walk(value, String::new(), &mut all);
        all.into_iter()
            .step_by(step)
            .flat_map(|pointer| [format!("{pointer}/missing/deeper"), pointer])
            .collect()
    }

    #[test]
    fn pointers_found_within_their_entry_are_where_the_whole_text_has_them() {
        let entry = |n: usize| {
            format!(
                "  /items/{n}:\n    get:\n      description: |\n        item {n}\n        a: b\n      \
                 tags:\n      - x{n}\n      - {{name: y}}\n    \"post\":\n      'x-odd': {{a: [1, 2]}}\n"
            )
        };
        let generated = format!(
            "openapi: 3.1.0\npaths:\n{}components:\n  schemas:\n    A: {{type: string}}\n",
            (0..3_000).map(entry).collect::<String>()
        );
        assert!(generated.len() >= crate::load::PIECES_MIN_BYTES);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let stripe = std::fs::read_to_string(root.join("../../shared/giants/stripe-spec3.yaml"));
        for (text, step) in [(Some(generated), 97), (stripe.ok(), 997)] {
            let Some(text) = text else { continue };
            let value = crate::load::load(text.as_bytes()).expect("loads");
            let pointers = pointers_of(&value, step);
            let tokens: Vec<Vec<String>> = pointers
                .iter()
                .map(|pointer| pointer_tokens(pointer))
                .collect();
            let narrowed = SectionIndex::of(&text)
                .expect("cut")
                .sections(&text, &tokens)
                .iter()
                .filter(|section| section.is_some())
                .count();
            assert!(
                narrowed * 10 >= pointers.len() * 9,
                "{narrowed} of {}",
                pointers.len()
            );
            let pointers: Vec<&str> = pointers.iter().map(String::as_str).collect();
            let whole = yaml::line_columns(&text, &tokens).expect("parses");
            assert_eq!(line_columns(text.as_bytes(), &pointers), whole);
            // The same from the text prepared ahead, as the pipeline prepares it: no file is
            // read (this one does not exist).
            let path = std::path::PathBuf::from("/nowhere/spec.yaml");
            let prepared = Prepared {
                path: path.clone(),
                index: index_of(text.as_bytes()),
                bytes: text.into_bytes(),
            };
            assert!(prepared.index.is_some());
            let mut warnings: Vec<Diagnostic> = pointers
                .iter()
                .map(|pointer| Diagnostic::warning(*pointer, "w").in_file(&path))
                .collect();
            locate_warnings_with(&mut warnings, usize::MAX, Some(&prepared));
            let located: Vec<_> = warnings
                .iter()
                .map(|warning| warning.location.line_column)
                .collect();
            // A warning about the root is not located.
            let expected: Vec<_> = pointers
                .iter()
                .zip(&whole)
                .map(|(pointer, position)| position.filter(|_| !pointer.is_empty()))
                .collect();
            assert_eq!(located, expected);
        }
    }

    #[test]
    fn unreadable_text_has_no_position() {
        assert_eq!(line_column(b"\xff", "/a"), None);
        assert_eq!(line_column(b"{\"a", "/a"), None);
    }
}
