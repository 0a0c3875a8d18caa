//! `[webhooks]`: how the API signs the webhooks it sends. OpenAPI has no word for it, so the
//! configuration says; the receiver checks signatures that way.

use serde::Deserialize;

/// `[webhooks]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhooksConfig {
    /// The signature scheme (`"standard-webhooks"`, the default; `"stripe"`; `"github"`).
    #[serde(default)]
    pub signature: SignatureScheme,
}

/// A webhook signature scheme, as `oasgen.toml` names it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureScheme {
    /// Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`.
    #[default]
    StandardWebhooks,
    /// Stripe-style `Stripe-Signature: t=…,v1=…`.
    Stripe,
    /// GitHub-style `X-Hub-Signature-256: sha256=…`.
    #[serde(rename = "github")]
    GitHub,
}

#[cfg(test)]
mod tests {
    use super::SignatureScheme;
    use crate::config::Config;

    #[test]
    fn the_scheme_is_read_and_defaults_to_standard_webhooks() {
        let config = Config::parse("[webhooks]\nsignature = \"github\"\n").expect("parses");
        assert_eq!(config.webhooks.signature, SignatureScheme::GitHub);
        assert!(!config.is_empty());
        let config = Config::parse("").expect("parses");
        assert_eq!(config.webhooks.signature, SignatureScheme::StandardWebhooks);
        let error = Config::parse("[webhooks]\nsignature = \"md5\"\n").expect_err("refused");
        assert!(error.message.contains("md5"), "{}", error.message);
    }
}
