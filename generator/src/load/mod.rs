//! Stage 1: spec bytes → `serde_json::Value`, from JSON or YAML.
//!
//! Everything a hostile document can do to the parsers is bounded here (size, nesting, string
//! length, alias expansion, duplicate keys), so later stages may recurse over the value and
//! keep it in memory without further checks. The limits are far above anything a real API
//! description needs (real ones nest about 20 levels; the largest are tens of MiB).

mod cut;
mod nesting;
mod pieces;
mod sections;
mod value;

use serde::de::DeserializeSeed;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Location, Severity};
pub(crate) use pieces::MIN_BYTES as PIECES_MIN_BYTES;
pub(crate) use sections::{Section, SectionIndex};
use value::{Builder, Limits};

/// The largest document oasgen reads.
pub const MAX_DOCUMENT_BYTES: usize = 64 << 20;

/// How deep arrays and objects may nest in a JSON document. Real schemas nest inline schemas
/// (`properties/x/items/properties/y/…`, two levels each) well past serde_json's default of 128;
/// every recursive stage after this one is sized for this bound.
pub const MAX_JSON_DEPTH: usize = 512;

/// How deep arrays and objects may nest in a YAML document: serde_norway's fixed limit.
pub const MAX_YAML_DEPTH: usize = 128;

/// The longest string (value or key) a document may hold. Descriptions of real APIs stay under
/// a few KiB; a megabyte-long one is a mistake or an attack, and would be pasted into docs.
pub const MAX_STRING_BYTES: usize = 1 << 20;

/// How much larger than its text the parsed value may be (in values plus string bytes): only
/// YAML aliases can make it larger at all, and a few may legitimately repeat a node or two.
const ALIAS_ALLOWANCE: usize = 1 << 20;

/// Reads a document file, but never more than one byte past [`MAX_DOCUMENT_BYTES`]: enough for
/// [`load`] to refuse it, without reading a huge (or endless) file into memory first.
pub fn read_document(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    // Sized up front (one byte more, to see the end at once): grown by doubling, a 4 MB spec
    // took 8 MB of fresh pages and as many bytes copied.
    let limit = MAX_DOCUMENT_BYTES as u64 + 1;
    let size = file
        .metadata()
        .map_or(0, |metadata| metadata.len().min(limit));
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1);
    file.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Parses a spec document. JSON is recognised by its first significant character (`{`); anything
/// else is read as YAML (a superset of JSON). Mapping keys that YAML reads as numbers or booleans
/// (`200:` under `responses`) become strings, as OpenAPI means them. Duplicate keys are an error.
pub fn load(bytes: &[u8]) -> Result<Value, Diagnostic> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(Diagnostic::error(
            "",
            format!(
                "the document is larger than {} MiB, the most oasgen reads",
                MAX_DOCUMENT_BYTES >> 20
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let offset = error.valid_up_to();
        located_error(
            format!("the document is not valid UTF-8 (invalid byte at offset {offset})"),
            std::str::from_utf8(&bytes[..offset])
                .ok()
                .map(|valid| crate::diagnostics::line_column_at(valid, valid.len())),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Diagnostic::error("", "the document is empty"));
    }
    let value = if text.trim_start().starts_with('{') {
        load_json(text)?
    } else {
        load_yaml(text)?
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

/// Whether a YAML text read in pieces, cut at every entry (the finest cut), gives the value it
/// gives read whole, or is left to the whole read: the fuzzer's check of the cutting. Anything
/// not read as YAML agrees trivially.
pub fn pieces_agree(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return true;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{')
        || nesting::flow_depth_exceeds(text, 2 * MAX_YAML_DEPTH).is_some()
    {
        return true;
    }
    let limits = limits(text, MAX_YAML_DEPTH);
    match pieces::load_in(text, limits, 1) {
        Some(value) => load_yaml_whole(text, limits).ok() == Some(value),
        None => true,
    }
}

fn limits(text: &str, max_depth: usize) -> Limits {
    Limits {
        max_depth,
        max_string: MAX_STRING_BYTES,
        budget: text.len().saturating_mul(2).saturating_add(ALIAS_ALLOWANCE),
    }
}

fn load_json(text: &str) -> Result<Value, Diagnostic> {
    let builder = Builder::new(limits(text, MAX_JSON_DEPTH));
    let mut deserializer = serde_json::Deserializer::from_str(text);
    // Our builder limits depth itself (deeper than serde_json's fixed 128).
    deserializer.disable_recursion_limit();
    let parsed = builder
        .root()
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    parsed.map_err(|error| {
        let position = (error.line() > 0).then(|| (error.line(), error.column()));
        let message = format!(
            "invalid JSON: {}",
            strip_position(&error.to_string(), position)
        );
        failure(builder.into_problem(), message, position)
    })
}

fn load_yaml(text: &str) -> Result<Value, Diagnostic> {
    let limits = limits(text, MAX_YAML_DEPTH);
    // The nesting check and the cut into pieces both only scan the text: a large one is cut by
    // another thread of the pool meanwhile.
    let (too_deep, planned) = crate::parallel::join(
        || nesting::flow_depth_exceeds(text, 2 * MAX_YAML_DEPTH),
        || {
            // A cut that panicked (a bug of ours) leaves the text to the whole read.
            (text.len() >= pieces::MIN_BYTES)
                .then(|| {
                    std::panic::catch_unwind(|| pieces::plan_pieces(text, limits))
                        .ok()
                        .flatten()
                })
                .flatten()
        },
    );
    // Nesting far past the parser's limit is refused before libyaml spends minutes on it.
    if let Some(at) = too_deep {
        return Err(located_error(
            format!(
                "`[` and `{{` nest deeper than {} levels",
                2 * MAX_YAML_DEPTH
            ),
            Some(crate::diagnostics::line_column_at(text, at)),
        ));
    }
    if let Some(value) = planned.and_then(|planned| pieces::read_planned(planned, limits)) {
        return Ok(value);
    }
    load_yaml_whole(text, limits)
}

/// Reads YAML text in one piece, on this thread (the reference pieces are held to, and the
/// read that reports a failure's position).
fn load_yaml_whole(text: &str, limits: Limits) -> Result<Value, Diagnostic> {
    let builder = Builder::new(limits);
    let parsed = builder
        .root()
        .deserialize(serde_norway::Deserializer::from_str(text));
    parsed.map_err(|error| {
        let position = error.location().map(|at| (at.line(), at.column()));
        let message = strip_position(&error.to_string(), position);
        let message = match message.as_str() {
            "recursion limit exceeded" => {
                format!("arrays and objects nest deeper than {MAX_YAML_DEPTH} levels (the YAML parser's limit)")
            }
            "repetition limit exceeded" => {
                "YAML aliases repeat nodes too often (an alias bomb?)".to_string()
            }
            _ => format!("invalid YAML: {message}"),
        };
        failure(builder.into_problem(), message, position)
    })
}

/// The diagnostic for a failed build: the builder's message if one of its checks failed (else
/// the parser's), the pointer of the node where it failed, the parser's position.
fn failure(
    problem: Option<value::Problem>,
    parser_message: String,
    line_column: Option<(usize, usize)>,
) -> Diagnostic {
    let (message, pointer) = match problem {
        Some(problem) => {
            let pointer = problem.pointer();
            (problem.message.unwrap_or(parser_message), pointer)
        }
        None => (parser_message, String::new()),
    };
    Diagnostic {
        severity: Severity::Error,
        message,
        location: Location {
            file: None,
            pointer,
            line_column,
        },
    }
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

/// Parser messages name the position they are reported at ("… at line 3 column 7"); it is
/// reported separately, so it is taken out (a second position, where a construct began, stays).
fn strip_position(message: &str, position: Option<(usize, usize)>) -> String {
    match position {
        Some((line, column)) => {
            message.replacen(&format!(" at line {line} column {column}"), "", 1)
        }
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

    #[test]
    fn duplicate_keys_are_errors_with_their_pointer() {
        let json = load(b"{\"a\": {\"b\": 1, \"b\": 2}}").unwrap_err();
        assert_eq!(json.location.pointer, "/a/b");
        assert!(
            json.message.starts_with("duplicate key `b`"),
            "{}",
            json.message
        );
        assert_eq!(json.location.line_column, Some((1, 18)));
        let yaml = load(b"a:\n  b: 1\n  b: 2\n").unwrap_err();
        assert_eq!(yaml.location.pointer, "/a/b");
        assert_eq!(yaml.location.line_column, Some((3, 3)));
        // YAML's `200` and `'200'` are the same key once keys are strings.
        assert!(load(b"r:\n  200: x\n  '200': y\n").is_err());
    }

    #[test]
    fn nesting_is_bounded_per_format() {
        let json = |depth: usize| {
            format!(
                "{{\"x\":{}{}}}",
                "[".repeat(depth - 1),
                "]".repeat(depth - 1)
            )
        };
        assert!(load(json(MAX_JSON_DEPTH).as_bytes()).is_ok());
        let error = load(json(MAX_JSON_DEPTH + 1).as_bytes()).unwrap_err();
        assert!(
            error.message.contains("deeper than 512"),
            "{}",
            error.message
        );
        assert!(error.location.pointer.starts_with("/x/0/0/"));
        let yaml =
            |depth: usize| format!("x: {}{}\n", "[".repeat(depth - 1), "]".repeat(depth - 1));
        assert!(load(yaml(MAX_YAML_DEPTH).as_bytes()).is_ok());
        let error = load(yaml(MAX_YAML_DEPTH + 1).as_bytes()).unwrap_err();
        assert!(
            error.message.contains("deeper than 128"),
            "{}",
            error.message
        );
        let error = load(yaml(100_000).as_bytes()).unwrap_err();
        assert!(
            error.message.contains("deeper than 256"),
            "{}",
            error.message
        );
        assert_eq!(error.location.line_column, Some((1, 260)));
    }

    #[test]
    fn long_strings_are_refused_where_they_are() {
        let long = "x".repeat(MAX_STRING_BYTES + 1);
        let yaml = format!("info:\n  description: {long}\n");
        let error = load(yaml.as_bytes()).unwrap_err();
        assert_eq!(error.location.pointer, "/info/description");
        assert_eq!(error.location.line_column, Some((2, 16)));
        let key = format!("{{\"{long}\": 1}}");
        let error = load(key.as_bytes()).unwrap_err();
        assert!(error.message.contains("longer than"), "{}", error.message);
    }

    #[test]
    fn alias_expansion_is_bounded_by_the_text() {
        // Quadratic: each of 2 000 aliases repeats 2 000 values (4 million, from 16 KiB).
        let values = vec!["x"; 2_000].join(", ");
        let aliases = vec!["*a"; 2_000].join(", ");
        let text = format!("a: &a [{values}]\nb: [{aliases}]\n");
        let error = load(text.as_bytes()).unwrap_err();
        assert!(error.message.contains("alias bomb"), "{}", error.message);
        assert!(
            error.location.pointer.starts_with("/b/"),
            "{}",
            error.location.pointer
        );
        // A few aliases are fine.
        assert!(load(b"a: &a {type: string}\nb: [*a, *a]\n").is_ok());
    }

    #[test]
    fn a_large_yaml_text_read_in_pieces_on_the_pool_reads_as_whole() {
        let text: String = (0..4_000)
            .map(|n| format!("key{n}:\n  number: {n}\n  text: \"entry {n}\"\n"))
            .collect();
        assert!(text.len() >= pieces::MIN_BYTES);
        let whole = load_yaml_whole(&text, limits(&text, MAX_YAML_DEPTH)).expect("reads");
        let on_pool = crate::deep_stack::run(|| load(text.as_bytes())).expect("reads");
        assert_eq!(on_pool, whole);
        // And that it was read in pieces, not whole after a failed cut.
        let in_pieces = crate::deep_stack::run(|| {
            pieces::load_in(&text, limits(&text, MAX_YAML_DEPTH), 1 << 10)
        });
        assert_eq!(in_pieces, Some(whole));
    }

    #[test]
    fn size_and_encoding_errors_are_located() {
        let error = load(b"a: 1\nb: caf\xe9\n").unwrap_err();
        assert!(error.message.contains("offset 11"), "{}", error.message);
        assert_eq!(error.location.line_column, Some((2, 7)));
        let huge = vec![b' '; MAX_DOCUMENT_BYTES + 1];
        assert!(
            load(&huge)
                .unwrap_err()
                .message
                .contains("larger than 64 MiB")
        );
        assert!(
            load("\u{feff}".as_bytes())
                .unwrap_err()
                .message
                .contains("empty")
        );
    }
}
