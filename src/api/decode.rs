//! Turns an HTTP status and body into a typed answer or an [`ApiError`]. The client
//! only fetches text; every decision about what the bytes mean is here, written once
//! against [`JsonValue`] (the browser's `JSON.parse` in the wasm, `serde_json` natively),
//! so it is tested natively and fuzzed (`tests/fuzz.rs`).

use super::error::{ApiError, LinkError};
use super::json::{Json, JsonValue};
use super::types::{Connection, ProviderMfa, SourceLink};

/// What a password, MFA or email submission led to (errors are `Err`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkOutcome {
    Success,
    PendingMfa(ProviderMfa),
}

fn parse_json(status: u16, body: &str) -> Result<Json, ApiError> {
    Json::parse(body).map_err(|e| ApiError::Malformed {
        status,
        reason: if body.trim().is_empty() {
            "empty body".into()
        } else {
            format!("invalid JSON: {e}")
        },
    })
}

fn shape_error(status: u16, what: &str) -> ApiError {
    ApiError::Malformed {
        status,
        reason: ["unexpected JSON shape: ", what].concat(),
    }
}

/// The first of `keys` whose member is a string.
fn first_text(value: &Json, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|k| value.member(k).and_then(|v| v.text()))
}

/// An optional string member: missing or `null` is `Ok(None)`; another type is `Err`.
fn optional_text(value: &Json, key: &str) -> Result<Option<String>, ()> {
    match value.member(key) {
        None => Ok(None),
        Some(v) if v.is_json_null() => Ok(None),
        Some(v) => v.text().map(Some).ok_or(()),
    }
}

/// Maps a non-2xx answer. Vital sends `{"detail": ...}` where detail is a string, an
/// object, or (422) a list of `{loc, msg, type}`; the seed page names codes such as
/// `INVALID_REQUEST`. Any other body still yields an error with the status.
pub fn http_error(status: u16, body: &str) -> ApiError {
    let value = Json::parse(body).ok();
    let detail = value.as_ref().and_then(|v| v.member("detail"));
    let (code, text) = match &detail {
        Some(d) if d.text().is_some() => {
            let s = d.text().unwrap_or_default();
            if is_error_code(&s) {
                (Some(s), None)
            } else {
                (None, Some(s))
            }
        }
        Some(d) if d.is_json_object() => (
            first_text(d, &["code", "error_code", "error_type", "type"])
                .filter(|c| is_error_code(c)),
            first_text(d, &["message", "error_message", "msg", "error", "detail"]),
        ),
        Some(d) => match d.items() {
            Some(items) => {
                let msgs: Vec<String> = items
                    .iter()
                    .filter_map(|item| {
                        let msg = item.member("msg")?.text()?;
                        let field = item
                            .member("loc")
                            .and_then(|loc| loc.items())
                            .and_then(|loc| loc.last().and_then(JsonValue::text));
                        Some(match field {
                            Some(f) => [f.as_str(), ": ", &msg].concat(),
                            None => msg,
                        })
                    })
                    .collect();
                (None, (!msgs.is_empty()).then(|| msgs.join("; ")))
            }
            None => (None, None),
        },
        None => (None, None),
    };
    // Some bodies put the code beside `detail` rather than inside it.
    let code = code.or_else(|| {
        value
            .as_ref()
            .and_then(|v| first_text(v, &["error_type", "code"]))
            .filter(|c| is_error_code(c))
    });
    ApiError::Http {
        status,
        code,
        detail: text.map(|t| truncate(&t, 300)),
    }
}

/// An upper-case identifier such as `INVALID_PROVIDER`: the shape of Vital's codes.
fn is_error_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b == b'_' || b.is_ascii_digit())
        && s.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
}

fn truncate(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => [s.get(..i).unwrap_or(s), "…"].concat(),
        None => s.to_owned(),
    }
}

fn success_json(status: u16, body: &str) -> Result<Json, ApiError> {
    if !(200..300).contains(&status) {
        return Err(http_error(status, body));
    }
    parse_json(status, body)
}

/// One `SourceLink`; `None` when a required field is missing or any field has the
/// wrong type.
fn source_link(item: &Json) -> Option<SourceLink> {
    let auth_type = match item.member("auth_type") {
        // The schema's default: a provider without `auth_type` is OAuth.
        None => Some("oauth".to_owned()),
        Some(v) if v.is_json_null() => None,
        Some(v) => Some(v.text()?),
    };
    Some(SourceLink {
        name: item.member("name")?.text()?,
        slug: item.member("slug")?.text()?,
        description: optional_text(item, "description").ok()?,
        logo: optional_text(item, "logo").ok()?,
        auth_type,
    })
}

/// `GET /v2/link/providers`. Entries that do not decode are skipped rather than
/// failing the whole list; a body that is not a list is an error.
pub fn decode_providers(status: u16, body: &str) -> Result<Vec<SourceLink>, ApiError> {
    let items = success_json(status, body)?
        .items()
        .ok_or_else(|| shape_error(status, "expected a list of providers"))?;
    Ok(items
        .iter()
        .filter_map(source_link)
        .filter(|p| !p.slug.is_empty())
        .collect())
}

/// The user's connections: Vital's `{"providers": [...]}` as it comes, or just its
/// list. Read leniently, since they only mark the list: an item without a slug or with
/// a status other than `connected` and `error` is left out, and anything that is not
/// such a list is no connections.
pub fn connections_from(value: &Json) -> Vec<Connection> {
    let items = value
        .member("providers")
        .unwrap_or_else(|| value.clone())
        .items()
        .unwrap_or_default();
    items
        .iter()
        .filter_map(|item| {
            let slug = item.member("slug")?.text().filter(|s| !s.is_empty())?;
            let broken = match item.member("status")?.text()?.as_str() {
                "connected" => false,
                "error" => true,
                _ => return None,
            };
            Some(Connection { slug, broken })
        })
        .collect()
}

/// `GET /v2/link/provider/oauth/{slug}`: the `oauth_url` to send the browser to,
/// checked by [`check_oauth_url`].
pub fn decode_oauth(status: u16, body: &str) -> Result<String, ApiError> {
    let source = success_json(status, body)?;
    if !source.is_json_object() {
        return Err(shape_error(status, "expected a provider object"));
    }
    let url = optional_text(&source, "oauth_url")
        .map_err(|_| shape_error(status, "expected a provider object"))?
        .ok_or_else(|| ApiError::InvalidOAuthUrl("no oauth_url in the answer".into()))?;
    check_oauth_url(&url)?;
    Ok(url)
}

/// `ProviderLinkResponse` from the password, MFA and email endpoints.
pub fn decode_link_response(status: u16, body: &str) -> Result<LinkOutcome, ApiError> {
    let response = success_json(status, body)?;
    let not_a_response = || shape_error(status, "expected a ProviderLinkResponse");
    let state = response
        .member("state")
        .and_then(|s| s.text())
        .ok_or_else(not_a_response)?;
    let error_type = optional_text(&response, "error_type").map_err(|_| not_a_response())?;
    let error = optional_text(&response, "error").map_err(|_| not_a_response())?;
    match state.as_str() {
        "success" => Ok(LinkOutcome::Success),
        "pending_provider_mfa" => {
            let mfa = response.member("provider_mfa");
            let field = |key: &str| {
                mfa.as_ref()
                    .and_then(|m| m.member(key))
                    .and_then(|v| v.text())
                    .unwrap_or_default()
            };
            Ok(LinkOutcome::PendingMfa(ProviderMfa {
                method: field("method"),
                hint: field("hint"),
            }))
        }
        "error" => Err(ApiError::Link {
            status: Some(status),
            error_type: LinkError::parse(
                error_type
                    .as_deref()
                    .filter(|t| !t.is_empty())
                    .unwrap_or("unknown_error"),
            ),
            detail: error.map(|e| truncate(&e, 300)),
        }),
        other => Err(shape_error(
            status,
            &["unknown state \"", &truncate(other, 40), "\""].concat(),
        )),
    }
}

/// The host's token endpoint: `200 {"link_token": "..."}`.
pub fn decode_link_token(status: u16, body: &str) -> Result<String, ApiError> {
    if !(200..300).contains(&status) {
        return Err(ApiError::TokenEndpoint {
            status: Some(status),
            reason: format!("token endpoint answered HTTP {status}"),
        });
    }
    Json::parse(body)
        .ok()
        .and_then(|v| v.member("link_token"))
        .and_then(|t| t.text())
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| ApiError::TokenEndpoint {
            status: Some(status),
            reason: "token endpoint answered without a link_token".into(),
        })
}

/// Only `https:` URLs, or `http:` on a loopback host (`localhost`, `127.0.0.0/8`,
/// `[::1]`), are followed. The check is deliberately strict and textual: anything a
/// browser might read differently from us (backslashes, whitespace, odd schemes) is
/// refused.
pub fn check_oauth_url(url: &str) -> Result<(), ApiError> {
    match unsafe_url(url) {
        None => Ok(()),
        Some(why) => Err(ApiError::InvalidOAuthUrl(
            [why, ": ", &truncate(url, 80)].concat(),
        )),
    }
}

/// What is wrong with `url` by the rule of [`check_oauth_url`], or `None` if it may be
/// used. (`api-base` follows the same rule.)
pub fn unsafe_url(url: &str) -> Option<&'static str> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("whitespace in URL");
    }
    let lower = url.to_ascii_lowercase();
    let (secure, rest) = if let Some(rest) = lower.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        (false, rest)
    } else {
        return Some("not an http(s) URL");
    };
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if host_port.starts_with('[') {
        match host_port.find(']') {
            Some(end) => host_port.get(..=end).unwrap_or(host_port),
            None => return Some("bad IPv6 host"),
        }
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    if host.is_empty() {
        Some("no host")
    } else if secure || is_loopback_host(host) {
        None
    } else {
        Some("plain http to a non-loopback host")
    }
}

/// `localhost`, `127.0.0.0/8` or `[::1]`.
pub fn is_loopback_host(host: &str) -> bool {
    if host == "localhost" || host == "[::1]" {
        return true;
    }
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets[0] == "127"
        && octets.iter().all(|o| {
            !o.is_empty()
                && o.len() <= 3
                && o.bytes().all(|b| b.is_ascii_digit())
                && o.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}
