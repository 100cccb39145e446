//! Servers (how the client picks its base URL) and security schemes (which credentials it carries).

use super::{
    AuthKind, AuthScheme, ClientCredentialsFlow, EnumVariant, Server, ServerChoices,
    ServerConstant, ServerPart, ServerVariable, Tokens,
};
use crate::diagnostics::{Diagnostic, join};
use crate::naming::{self, Namespace, reserved};
use crate::refs;
use openapiv3::{APIKeyLocation, OpenAPI, SecurityScheme};
use std::path::Path;

/// The server `Client::new` uses, as a URL template with typed variables: the first of the
/// spec, or the same server over HTTPS when the first is plain HTTP and both are listed.
/// The server of the client. `credential_in_constructor`: `Client::new` also takes a credential,
/// whose arguments the server variables' must not shadow.
pub(super) fn server(
    file: &Path,
    api: &OpenAPI,
    credential_in_constructor: bool,
) -> (Server, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let Some((index, first)) = default_server(&api.servers) else {
        return (
            Server {
                parts: Vec::new(),
                variables: Vec::new(),
                absolute: false,
                doc: None,
                constants: Vec::new(),
            },
            problems,
        );
    };
    let pointer = &format!("#/servers/{index}");
    let mut parts = Vec::new();
    let mut variables: Vec<ServerVariable> = Vec::new();
    // Names the client module already uses; the arguments of `Client::new` that carry the
    // credential.
    let mut enum_names = Namespace::with_taken(reserved::CLIENT_TYPES.iter().copied());
    let mut arg_names = if credential_in_constructor {
        Namespace::with_taken(reserved::CREDENTIAL_ARGS.iter().copied())
    } else {
        Namespace::default()
    };
    let mut unsuffixed: Vec<String> = Vec::new();
    let mut rest = first.url.as_str();
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(ServerPart::Literal(rest[..open].to_string()));
        }
        let Some(close) = rest[open..].find('}') else {
            problems.push(Diagnostic::new(
                file,
                join(pointer, "url"),
                "unclosed `{` in the server URL",
                "close the variable with `}`, or write the URL without variables",
            ));
            break;
        };
        let var = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        // (A variable is known by its name before any suffix its argument got.)
        if let Some(i) = unsuffixed
            .iter()
            .position(|known| *known == naming::snake(var, "variable"))
        {
            parts.push(ServerPart::Variable(i));
            continue;
        }
        let Some(spec) = first.variables.as_ref().and_then(|v| v.get(var)) else {
            problems.push(Diagnostic::new(
                file,
                join(pointer, "url"),
                format!("the server URL uses `{{{var}}}`, which is not declared"),
                "declare it under `variables` with a default",
            ));
            continue;
        };
        let var_pointer = join(&join(pointer, "variables"), var);
        let choices = (!spec.enumeration.is_empty()).then(|| {
            let count = spec.enumeration.len();
            let (ext_names, ext_docs) = super::schemas::enum_labels(&spec.extensions, count);
            let mut names = Namespace::default();
            let variants: Vec<EnumVariant> = spec
                .enumeration
                .iter()
                .enumerate()
                .map(|(i, value)| EnumVariant {
                    wire: value.clone(),
                    name: names.claim(&naming::camel(
                        ext_names.as_ref().map_or(value, |n| &n[i]),
                        "Value",
                    )),
                    doc: ext_docs.as_ref().map(|d| d[i].clone()),
                })
                .collect();
            let default = variants.iter().position(|v| v.wire == spec.default);
            if default.is_none() {
                problems.push(Diagnostic::new(
                    file,
                    join(&var_pointer, "default"),
                    format!(
                        "the default `{}` is not one of the listed values",
                        spec.default
                    ),
                    "make `default` one of the values under `enum`",
                ));
            }
            ServerChoices {
                name: enum_names.claim(&naming::camel(var, "Server")),
                variants,
                default,
            }
        });
        unsuffixed.push(naming::snake(var, "variable"));
        variables.push(ServerVariable {
            arg: arg_names.claim(&naming::binding(var, "variable")),
            doc: spec.description.clone(),
            choices,
            default: spec.default.clone(),
        });
        parts.push(ServerPart::Variable(variables.len() - 1));
    }
    if !rest.is_empty() {
        parts.push(ServerPart::Literal(rest.to_string()));
    }
    // Trailing slashes are dropped: operation paths start with one.
    if let Some(ServerPart::Literal(last)) = parts.last_mut() {
        while last.ends_with('/') {
            last.pop();
        }
    }
    let absolute = first.url.starts_with("https://")
        || first.url.starts_with("http://")
        || first.url.starts_with('{');
    (
        Server {
            parts,
            variables,
            absolute,
            doc: first.description.clone(),
            constants: constants(api),
        },
        problems,
    )
}

/// The first server, or its HTTPS twin (the same URL but for the scheme) when it is plain HTTP.
fn default_server(servers: &[openapiv3::Server]) -> Option<(usize, &openapiv3::Server)> {
    let first = servers.first()?;
    let twin = first.url.strip_prefix("http://").and_then(|rest| {
        let rest = rest.trim_end_matches('/');
        servers.iter().enumerate().find(|(_, s)| {
            s.url
                .strip_prefix("https://")
                .is_some_and(|r| r.trim_end_matches('/') == rest)
        })
    });
    Some(twin.unwrap_or((0, first)))
}

/// The servers a caller can pick by name: absolute URLs without variables, when the spec lists
/// more than one. A short description names the constant (`Sandbox` gives `SANDBOX`), the URL's
/// host and path otherwise.
fn constants(api: &OpenAPI) -> Vec<ServerConstant> {
    let usable: Vec<_> = api
        .servers
        .iter()
        .filter(|s| {
            (s.url.starts_with("https://") || s.url.starts_with("http://")) && !s.url.contains('{')
        })
        .collect();
    if usable.len() < 2 {
        return Vec::new();
    }
    let urls: Vec<String> = usable
        .iter()
        .map(|s| s.url.trim_end_matches('/').to_string())
        .collect();
    let mut names = Namespace::default();
    let mut seen = std::collections::BTreeSet::new();
    let mut constants = Vec::new();
    for (server, url) in usable.iter().zip(urls.iter()) {
        // The same server over plain HTTP and HTTPS is offered once, over HTTPS.
        let secure_twin = url
            .strip_prefix("http://")
            .is_some_and(|rest| urls.contains(&format!("https://{rest}")));
        if secure_twin || !seen.insert(url.clone()) {
            continue;
        }
        let url = url.clone();
        let short = server
            .description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty() && d.split_whitespace().count() <= 4 && d.len() <= 40);
        let raw = match short {
            Some(d) => d.to_string(),
            None => url
                .split_once("://")
                .map_or(url.as_str(), |(_, rest)| rest)
                .to_string(),
        };
        // Dots, slashes and dashes separate words here; they are not part of the name.
        let raw: String = raw
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        constants.push(ServerConstant {
            name: names.claim(&naming::shouty(&raw, "SERVER")),
            url,
            doc: server.description.clone(),
        });
    }
    constants
}

/// Every security scheme the spec declares, in document order.
pub(super) fn auth(file: &Path, api: &OpenAPI) -> (Vec<AuthScheme>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut schemes = Vec::new();
    // Not a field of `Client`, nor a name whose setter is a method of it (`http_client`).
    let mut fields = Namespace::with_taken(
        reserved::CLIENT_FIELDS.iter().copied().chain(
            reserved::CLIENT_METHODS
                .iter()
                .filter_map(|m| m.strip_prefix(reserved::SETTER_PREFIX)),
        ),
    );
    let Some(components) = &api.components else {
        return (schemes, problems);
    };
    for (key, scheme) in &components.security_schemes {
        let pointer = join("#/components/securitySchemes", key);
        let scheme = match refs::resolve(Some(components), file, scheme, &pointer) {
            Ok(scheme) => scheme,
            Err(unresolved) => {
                problems.push(*unresolved.problem);
                continue;
            }
        };
        let mut tokens = None;
        let (kind, doc) = match scheme {
            SecurityScheme::APIKey {
                location,
                name,
                description,
                ..
            } => (
                match location {
                    APIKeyLocation::Header => AuthKind::Header(name.clone()),
                    APIKeyLocation::Query => AuthKind::Query(name.clone()),
                    APIKeyLocation::Cookie => AuthKind::Cookie(name.clone()),
                },
                description.clone(),
            ),
            SecurityScheme::HTTP {
                scheme,
                description,
                ..
            } => {
                if scheme.eq_ignore_ascii_case("basic") {
                    (AuthKind::Basic, description.clone())
                } else {
                    (AuthKind::Bearer, description.clone())
                }
            }
            SecurityScheme::OAuth2 {
                description, flows, ..
            } => {
                let client_credentials =
                    flows
                        .client_credentials
                        .as_ref()
                        .map(|flow| ClientCredentialsFlow {
                            token_url: flow.token_url.clone(),
                            scopes: flow.scopes.keys().cloned().collect(),
                        });
                tokens = Some(Tokens { client_credentials });
                (AuthKind::Bearer, description.clone())
            }
            SecurityScheme::OpenIDConnect { description, .. } => {
                tokens = Some(Tokens {
                    client_credentials: None,
                });
                (AuthKind::Bearer, description.clone())
            }
        };
        schemes.push(AuthScheme {
            key: key.clone(),
            field: fields.claim(&naming::snake(key, "auth")),
            doc,
            kind,
            tokens,
        });
    }
    (schemes, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn constants_of(servers: &str) -> Vec<(String, String)> {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\nservers:\n{servers}paths: {{}}\n"
        );
        let api = crate::load::load_str(Path::new("spec.yaml"), &text).expect("loads");
        constants(&api)
            .into_iter()
            .map(|c| (c.name, c.url))
            .collect()
    }

    #[test]
    fn several_plain_servers_become_constants() {
        let got = constants_of(
            "  - {url: 'https://api.example.com/', description: Production}\n\
             \x20 - {url: 'https://sandbox.example.com', description: Sandbox}\n\
             \x20 - {url: 'https://eu.example.com/v2', description: The server for customers in the European Union}\n\
             \x20 - {url: 'https://api.example.com'}\n\
             \x20 - {url: /relative}\n\
             \x20 - {url: 'http://sandbox.example.com'}\n\
             \x20 - {url: 'http://1forge.com/forex-quotes/'}\n\
             \x20 - {url: 'https://{region}.example.com', variables: {region: {default: us}}}\n",
        );
        assert_eq!(
            got,
            [
                (
                    "PRODUCTION".to_string(),
                    "https://api.example.com".to_string()
                ),
                (
                    "SANDBOX".to_string(),
                    "https://sandbox.example.com".to_string()
                ),
                (
                    "EU_EXAMPLE_COM_V2".to_string(),
                    "https://eu.example.com/v2".to_string()
                ),
                (
                    "SERVER_1FORGE_COM_FOREX_QUOTES".to_string(),
                    "http://1forge.com/forex-quotes".to_string()
                ),
            ]
        );
    }

    #[test]
    fn one_plain_server_is_not_a_constant() {
        let got = constants_of(
            "  - {url: 'https://api.example.com', description: Production}\n  - {url: /relative}\n",
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn names_that_collide_get_distinct_constants() {
        let got = constants_of(
            "  - {url: 'https://a.example.com', description: Main}\n  - {url: 'https://b.example.com', description: main}\n",
        );
        assert_eq!(got.len(), 2);
        assert_ne!(got[0].0, got[1].0, "{got:?}");
    }

    fn default_url(servers: &str) -> String {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\nservers:\n{servers}paths: {{}}\n"
        );
        let api = crate::load::load_str(Path::new("spec.yaml"), &text).expect("loads");
        let (server, problems) = server(Path::new("spec.yaml"), &api, false);
        assert!(problems.is_empty(), "{problems:?}");
        server
            .parts
            .iter()
            .map(|p| match p {
                ServerPart::Literal(text) => text.clone(),
                ServerPart::Variable(i) => format!("{{{}}}", server.variables[*i].arg),
            })
            .collect()
    }

    #[test]
    fn the_default_server_is_the_first_or_its_https_twin() {
        assert_eq!(
            default_url(
                "  - {url: 'http://api.example.com/v1/'}\n  - {url: 'https://sandbox.example.com/v1'}\n  - {url: 'https://api.example.com/v1'}\n"
            ),
            "https://api.example.com/v1"
        );
        assert_eq!(
            default_url(
                "  - {url: 'http://api.example.com'}\n  - {url: 'https://sandbox.example.com'}\n"
            ),
            "http://api.example.com"
        );
        assert_eq!(
            default_url(
                "  - {url: 'https://api.example.com'}\n  - {url: 'http://api.example.com'}\n"
            ),
            "https://api.example.com"
        );
    }
}
