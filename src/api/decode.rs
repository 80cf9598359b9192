//! Turns an HTTP status and body into a typed answer or an [`ApiError`]. The client
//! only fetches text; every decision about what the bytes mean is here, pure, so it is
//! tested natively and fuzzed (`tests/fuzz_decode.rs`).

use super::error::ApiError;
use super::types::{LinkTokenResponse, OAuthSource, ProviderLinkResponse, ProviderMfa, SourceLink};
use serde_json::Value;

/// What a password, MFA or email submission led to (errors are `Err`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkOutcome {
    Success,
    PendingMfa(ProviderMfa),
}

fn parse_json(status: u16, body: &str) -> Result<Value, ApiError> {
    serde_json::from_str(body).map_err(|e| ApiError::Malformed {
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
        reason: format!("unexpected JSON shape: {what}"),
    }
}

/// Maps a non-2xx answer. Vital sends `{"detail": ...}` where detail is a string, an
/// object, or (422) a list of `{loc, msg, type}`; the seed page names codes such as
/// `INVALID_REQUEST`. Any other body still yields an error with the status.
pub fn http_error(status: u16, body: &str) -> ApiError {
    let value = serde_json::from_str::<Value>(body).ok();
    let detail = value
        .as_ref()
        .and_then(|v| v.get("detail"))
        .unwrap_or(&Value::Null);
    let (code, text) = match detail {
        Value::String(s) => {
            if is_error_code(s) {
                (Some(s.clone()), None)
            } else {
                (None, Some(s.clone()))
            }
        }
        Value::Object(map) => {
            let code = ["code", "error_code", "error_type", "type"]
                .iter()
                .find_map(|k| map.get(*k).and_then(Value::as_str))
                .filter(|c| is_error_code(c))
                .map(str::to_owned);
            let text = ["message", "error_message", "msg", "error", "detail"]
                .iter()
                .find_map(|k| map.get(*k).and_then(Value::as_str))
                .map(str::to_owned);
            (code, text)
        }
        Value::Array(items) => {
            let msgs: Vec<String> = items
                .iter()
                .filter_map(|item| {
                    let msg = item.get("msg")?.as_str()?;
                    let field = item
                        .get("loc")
                        .and_then(Value::as_array)
                        .and_then(|loc| loc.last())
                        .and_then(Value::as_str);
                    Some(match field {
                        Some(f) => format!("{f}: {msg}"),
                        None => msg.to_owned(),
                    })
                })
                .collect();
            (None, (!msgs.is_empty()).then(|| msgs.join("; ")))
        }
        _ => (None, None),
    };
    // Some bodies put the code beside `detail` rather than inside it.
    let code = code.or_else(|| {
        value
            .as_ref()
            .and_then(|v| v.get("error_type").or_else(|| v.get("code")))
            .and_then(Value::as_str)
            .filter(|c| is_error_code(c))
            .map(str::to_owned)
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
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

fn success_json(status: u16, body: &str) -> Result<Value, ApiError> {
    if !(200..300).contains(&status) {
        return Err(http_error(status, body));
    }
    parse_json(status, body)
}

/// `GET /v2/link/providers`. Entries that do not decode are skipped rather than
/// failing the whole list; a body that is not a list is an error.
pub fn decode_providers(status: u16, body: &str) -> Result<Vec<SourceLink>, ApiError> {
    match success_json(status, body)? {
        Value::Array(items) => Ok(items
            .into_iter()
            .filter_map(|item| serde_json::from_value::<SourceLink>(item).ok())
            .filter(|p| !p.slug.is_empty())
            .collect()),
        _ => Err(shape_error(status, "expected a list of providers")),
    }
}

/// `GET /v2/link/provider/oauth/{slug}`: the `oauth_url` to send the browser to,
/// checked by [`check_oauth_url`].
pub fn decode_oauth(status: u16, body: &str) -> Result<String, ApiError> {
    let source: OAuthSource = serde_json::from_value(success_json(status, body)?)
        .map_err(|_| shape_error(status, "expected a provider object"))?;
    let url = source
        .oauth_url
        .ok_or_else(|| ApiError::InvalidOAuthUrl("no oauth_url in the answer".into()))?;
    check_oauth_url(&url)?;
    Ok(url)
}

/// `ProviderLinkResponse` from the password, MFA and email endpoints.
pub fn decode_link_response(status: u16, body: &str) -> Result<LinkOutcome, ApiError> {
    let response: ProviderLinkResponse = serde_json::from_value(success_json(status, body)?)
        .map_err(|_| shape_error(status, "expected a ProviderLinkResponse"))?;
    match response.state.as_str() {
        "success" => Ok(LinkOutcome::Success),
        "pending_provider_mfa" => Ok(LinkOutcome::PendingMfa(response.provider_mfa.unwrap_or(
            ProviderMfa {
                method: String::new(),
                hint: String::new(),
            },
        ))),
        "error" => Err(ApiError::Link {
            status: Some(status),
            error_type: response
                .error_type
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "unknown_error".into()),
            detail: response.error.map(|e| truncate(&e, 300)),
        }),
        other => Err(shape_error(
            status,
            &format!("unknown state {:?}", truncate(other, 40)),
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
    serde_json::from_str::<LinkTokenResponse>(body)
        .ok()
        .map(|r| r.link_token)
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
    let refuse = |why: &str| {
        Err(ApiError::InvalidOAuthUrl(format!(
            "{why}: {}",
            truncate(url, 80)
        )))
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return refuse("whitespace in URL");
    }
    let lower = url.to_ascii_lowercase();
    let (secure, rest) = if let Some(rest) = lower.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        (false, rest)
    } else {
        return refuse("not an http(s) URL");
    };
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if host_port.starts_with('[') {
        match host_port.find(']') {
            Some(end) => &host_port[..=end],
            None => return refuse("bad IPv6 host"),
        }
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    if host.is_empty() {
        return refuse("no host");
    }
    if secure || is_loopback_host(host) {
        Ok(())
    } else {
        refuse("plain http to a non-loopback host")
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
