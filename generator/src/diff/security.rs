//! The client builder's credential and header methods: security schemes paired by their name
//! in the spec, configured headers by wire name.

use super::change::ChangeKind;
use super::context::{Differ, Found};
use super::rules::{Roles, Rule};
use crate::diagnostics::pointer_push;
use crate::ir::{Credential, SecurityScheme};

/// `ClientBuilder::api_key`.
fn builder_method(name: &str) -> String {
    format!("ClientBuilder::{name}")
}

/// `#/components/securitySchemes/ApiKey`.
fn scheme_pointer(scheme: &SecurityScheme) -> Option<String> {
    Some(format!(
        "#{}",
        pointer_push("/components/securitySchemes", &scheme.spec_name)
    ))
}

/// Where a credential travels, in a few words.
fn credential_text(credential: &Credential) -> String {
    match credential {
        Credential::HeaderKey(name) => format!("API key in header `{name}`"),
        Credential::QueryKey(name) => format!("API key in query parameter `{name}`"),
        Credential::CookieKey(name) => format!("API key in cookie `{name}`"),
        Credential::Bearer => "bearer token".to_string(),
        Credential::Basic => "basic authentication".to_string(),
    }
}

/// Security schemes, then configured headers. Only the client has these methods; a server
/// reads credentials from the request itself.
pub(crate) fn compare_security(differ: &mut Differ<'_>) {
    let (old_schemes, new_schemes) = (
        &differ.old.api.security_schemes,
        &differ.new.api.security_schemes,
    );
    let mut found: Vec<(Found, Rule)> = Vec::new();
    for scheme in new_schemes {
        let subject = builder_method(&scheme.rust_name);
        let detail = credential_text(&scheme.kind);
        let pointers = (None, scheme_pointer(scheme));
        match old_schemes
            .iter()
            .find(|old| old.spec_name == scheme.spec_name)
        {
            None => found.push((
                Found::new(subject, ChangeKind::Added, detail).at(pointers.0, pointers.1),
                Rule::TypeAdded,
            )),
            Some(old) => {
                let pointers = (scheme_pointer(old), pointers.1);
                if old.rust_name != scheme.rust_name {
                    let kind = ChangeKind::Renamed {
                        from: builder_method(&old.rust_name),
                    };
                    let detail = format!("scheme `{}` kept", scheme.spec_name);
                    found.push((
                        Found::new(subject.clone(), kind, detail)
                            .at(pointers.0.clone(), pointers.1.clone()),
                        Rule::Renamed,
                    ));
                }
                if old.kind != scheme.kind {
                    let detail = format!(
                        "{} → {}",
                        credential_text(&old.kind),
                        credential_text(&scheme.kind)
                    );
                    found.push((
                        Found::new(subject, ChangeKind::Changed, detail).at(pointers.0, pointers.1),
                        Rule::EncodingChanged,
                    ));
                }
            }
        }
    }
    for scheme in old_schemes {
        if new_schemes
            .iter()
            .all(|new| new.spec_name != scheme.spec_name)
        {
            let found_here = Found::new(
                builder_method(&scheme.rust_name),
                ChangeKind::Removed,
                credential_text(&scheme.kind),
            );
            found.push((found_here.at(scheme_pointer(scheme), None), Rule::Removed));
        }
    }
    compare_default_headers(differ, &mut found);
    for (change, rule) in found {
        differ.record(change, rule, Roles::CLIENT);
    }
}

/// Headers the configuration names for every request: a builder method and a `with_` view
/// each. They come from `oasgen.toml`, not the spec: no pointer.
fn compare_default_headers(differ: &Differ<'_>, found: &mut Vec<(Found, Rule)>) {
    let (old_headers, new_headers) = (
        &differ.old.api.default_headers,
        &differ.new.api.default_headers,
    );
    for header in new_headers {
        let detail = format!("header `{}`", header.wire_name);
        match old_headers
            .iter()
            .find(|old| old.wire_name.eq_ignore_ascii_case(&header.wire_name))
        {
            None => found.push((
                Found::new(builder_method(&header.rust_name), ChangeKind::Added, detail),
                Rule::TypeAdded,
            )),
            Some(old) if old.rust_name != header.rust_name => {
                let kind = ChangeKind::Renamed {
                    from: builder_method(&old.rust_name),
                };
                found.push((
                    Found::new(
                        builder_method(&header.rust_name),
                        kind,
                        format!("{detail} kept"),
                    ),
                    Rule::Renamed,
                ));
            }
            Some(_) => {}
        }
    }
    for header in old_headers {
        if new_headers
            .iter()
            .all(|new| !new.wire_name.eq_ignore_ascii_case(&header.wire_name))
        {
            let detail = format!("header `{}`", header.wire_name);
            found.push((
                Found::new(
                    builder_method(&header.rust_name),
                    ChangeKind::Removed,
                    detail,
                ),
                Rule::Removed,
            ));
        }
    }
}
