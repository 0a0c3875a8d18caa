//! Which header carries idempotency keys: the one `oasgen.toml` names (`idempotency_header`,
//! for APIs that document it outside their spec), else an `Idempotency-Key`-style header
//! parameter the spec declares. The client sends a key made up per request where the caller
//! gives none, so that POST and PATCH requests can be retried without being done twice.

use crate::config::Config;
use crate::ir::{IdempotencyHeader, Operation, ParamLocation};

/// Header parameter names read as idempotency keys (lowercase), as the IETF draft and common
/// APIs spell them.
const KEY_HEADERS: [&str; 2] = ["idempotency-key", "x-idempotency-key"];

/// The API's idempotency header: the configured one (for every POST and PATCH), else the first
/// key header an operation declares, in operation order.
pub(super) fn idempotency_header(
    config: &Config,
    operations: &[Operation],
) -> Option<IdempotencyHeader> {
    if let Some(header) = &config.idempotency_header {
        return Some(IdempotencyHeader {
            wire_name: header.to_ascii_lowercase(),
            every_post: true,
        });
    }
    let declared = operations
        .iter()
        .flat_map(|operation| &operation.params)
        .filter(|param| param.location == ParamLocation::Header)
        .map(|param| param.wire_name.to_ascii_lowercase())
        .find(|name| KEY_HEADERS.contains(&name.as_str()))?;
    Some(IdempotencyHeader {
        wire_name: declared,
        every_post: false,
    })
}

/// Whether `text` can name a header (an RFC 9110 token), as the configuration's must.
pub(super) fn is_header_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

#[cfg(test)]
mod tests {
    /// The spec (YAML text) lowered.
    fn lowered(spec: &str) -> crate::lower::Lowered {
        let raw = crate::load::load(spec.as_bytes()).expect("loads");
        let document = crate::model::from_node(&raw, "").expect("valid model");
        crate::lower::lower(&raw, &document).expect("lowers")
    }

    use super::*;

    fn header_of(spec: &str, config: &str) -> Option<IdempotencyHeader> {
        let config = Config::parse(config).expect("a config");
        let lowered = lowered(spec);
        idempotency_header(&config, &lowered.api.operations)
    }

    const SPEC: &str = r#"
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /bills:
    post:
      operationId: create_bill
      parameters:
        - {name: X-Idempotency-Key, in: header, schema: {type: string}}
      responses:
        "201": {description: ok}
"#;

    #[test]
    fn a_declared_key_header_is_found_and_a_configured_one_wins() {
        let declared = header_of(SPEC, "").expect("declared");
        assert_eq!(declared.wire_name, "x-idempotency-key");
        assert!(!declared.every_post);
        let configured =
            header_of(SPEC, "idempotency_header = \"Idempotency-Key\"").expect("configured");
        assert_eq!(configured.wire_name, "idempotency-key");
        assert!(configured.every_post);
        let plain = SPEC.replace("X-Idempotency-Key", "X-Trace");
        assert_eq!(header_of(&plain, ""), None);
    }

    #[test]
    fn header_names_are_tokens() {
        assert!(is_header_name("Idempotency-Key"));
        assert!(!is_header_name("Idempotency Key"));
        assert!(!is_header_name(""));
    }
}
