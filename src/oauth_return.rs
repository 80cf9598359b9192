//! The OAuth return: Vital sends the browser back to the host's `redirect_url` with
//! `?state=success` or `?state=error&error_type=...&error=...` (and maybe `provider`).
//! Parsing and cleaning the query string is pure text work, tested natively and fuzzed;
//! every value is untrusted text and only ever rendered as text.

use crate::api::{ApiError, LinkError};

/// The parameters this widget owns on the return URL; the host's others are kept.
pub const RETURN_PARAMS: [&str; 4] = ["state", "error_type", "error", "provider"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthReturn {
    pub provider: Option<String>,
    pub result: Result<(), ApiError>,
}

/// Reads `location.search` (with or without the leading `?`). `None` unless `state`
/// is `success` or `error`: an unrelated `state` parameter of the host is left alone.
pub fn parse_oauth_return(search: &str) -> Option<OAuthReturn> {
    let pairs = parse_query(search);
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    let provider = get("provider").map(|p| limit(&p, 64));
    let result = match get("state")?.as_str() {
        "success" => Ok(()),
        "error" => Err(ApiError::Link {
            status: None,
            error_type: LinkError::parse(
                &get("error_type")
                    .map(|t| limit(&t, 64))
                    .unwrap_or_else(|| "unknown_error".into()),
            ),
            detail: get("error").map(|e| limit(&e, 300)),
        }),
        _ => return None,
    };
    Some(OAuthReturn { provider, result })
}

/// The query string without the return parameters, ready for `history.replaceState`:
/// `""` when nothing is left, else `"?a=b&..."` with the host's pairs untouched.
pub fn strip_oauth_params(search: &str) -> String {
    let kept: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or("");
            !RETURN_PARAMS.contains(&decode_component(key).as_str())
        })
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    }
}

fn limit(s: &str, max_chars: usize) -> String {
    s.chars().take(max_chars).collect()
}

/// `application/x-www-form-urlencoded` parsing, as `URLSearchParams` does it.
pub fn parse_query(search: &str) -> Vec<(String, String)> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(k), decode_component(v))
        })
        .collect()
}

/// Percent-decoding with `+` as space; invalid escapes are kept literally and invalid
/// UTF-8 becomes U+FFFD, never an error: what `URLSearchParams` does, and in the
/// browser it is `URLSearchParams` (the wasm carries no decoder of its own).
#[cfg(not(target_arch = "wasm32"))]
pub fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).and_then(hex),
                bytes.get(i + 2).and_then(hex),
            ) {
                (Some(hi), Some(lo)) => {
                    out.push(hi * 16 + lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(not(target_arch = "wasm32"))]
fn hex(b: &u8) -> Option<u8> {
    (*b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(target_arch = "wasm32")]
pub use crate::browser::decode_component;
