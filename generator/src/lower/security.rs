//! Security schemes → credentials the client builder can set.

use super::Lowerer;
use super::names::{NameScope, snake_ident};
use crate::diagnostics::pointer_push;
use crate::ir::{Credential, DefaultHeader, SecurityScheme};
use crate::model::{self, Document};

/// The builder's own methods: a scheme may not take their names.
const BUILDER_METHODS: &[&str] = &[
    "header",
    "secret_header",
    "secret_query",
    "secret_cookie",
    "bearer_token",
    "basic_auth",
    "timeout",
    "http_client",
    "build",
];

impl Lowerer<'_> {
    /// Lowers `components.securitySchemes`; schemes oasgen cannot apply (mutual TLS) are
    /// reported and left out.
    pub(super) fn lower_security_schemes(
        &mut self,
        document: &Document,
    ) -> (Vec<SecurityScheme>, Vec<DefaultHeader>) {
        let mut scope = NameScope::with_reserved(BUILDER_METHODS);
        let mut schemes = Vec::new();
        for (spec_name, scheme) in &document.components.security_schemes {
            let pointer = pointer_push("/components/securitySchemes", spec_name);
            let scheme =
                match &scheme.reference {
                    Some(reference) => match self.resolver.follow::<model::SecurityScheme>(
                        reference,
                        &pointer,
                        |s| s.reference.as_ref(),
                    ) {
                        Ok((scheme, _)) => scheme,
                        Err(error) => {
                            self.warnings.push(error.with_severity_warning());
                            continue;
                        }
                    },
                    None => scheme.clone(),
                };
            let kind = match (
                scheme.kind.as_deref(),
                scheme.location.as_deref(),
                &scheme.name,
            ) {
                (Some("apiKey"), Some("header"), Some(name)) => Credential::HeaderKey(name.clone()),
                (Some("apiKey"), Some("query"), Some(name)) => Credential::QueryKey(name.clone()),
                (Some("apiKey"), Some("cookie"), Some(name)) => Credential::CookieKey(name.clone()),
                (Some("http"), _, _)
                    if scheme
                        .scheme
                        .as_deref()
                        .is_some_and(|s| s.eq_ignore_ascii_case("basic")) =>
                {
                    Credential::Basic
                }
                (Some("http"), _, _) | (Some("oauth2"), _, _) | (Some("openIdConnect"), _, _) => {
                    Credential::Bearer
                }
                (other, _, _) => {
                    let what = other.unwrap_or("(no type)");
                    self.warn(&pointer, format!("security scheme type `{what}` cannot be set on the client; use `http_client`"));
                    continue;
                }
            };
            let (rust_name, _) = scope.claim(&snake_ident(spec_name));
            schemes.push(SecurityScheme {
                rust_name,
                spec_name: spec_name.clone(),
                kind,
                docs: scheme.description.clone(),
            });
        }
        // Headers the configuration names share the builder's namespace with the schemes.
        let headers = self
            .config
            .headers
            .iter()
            .map(|(wire_name, method)| DefaultHeader {
                wire_name: wire_name.clone(),
                rust_name: scope.claim(method).0,
            })
            .collect();
        (schemes, headers)
    }
}
