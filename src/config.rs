//! The element's attributes, resolved into what a session needs. Pure: an unknown
//! `environment` or `region` is a clear error, never a silent default.

use crate::api::ApiError;

/// Requests give up after this long unless `timeout-ms` says otherwise.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;

/// The attributes as the host wrote them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attributes {
    pub token_url: Option<String>,
    pub environment: Option<String>,
    pub region: Option<String>,
    pub api_base: Option<String>,
    pub providers: Option<String>,
    pub timeout_ms: Option<String>,
    pub locale: Option<String>,
    pub oauth_mode: Option<String>,
}

/// Vital's (Junction's) base URL for an environment and region.
pub fn api_base_for(environment: &str, region: &str) -> Result<&'static str, ApiError> {
    match (environment, region) {
        ("sandbox", "us") => Ok("https://api.sandbox.us.junction.com"),
        ("sandbox", "eu") => Ok("https://api.sandbox.eu.junction.com"),
        ("production", "us") => Ok("https://api.us.junction.com"),
        ("production", "eu") => Ok("https://api.eu.junction.com"),
        ("sandbox" | "production", other) => Err(ApiError::Config(format!(
            "region must be \"us\" or \"eu\", not {other:?}"
        ))),
        (other, _) => Err(ApiError::Config(format!(
            "environment must be \"sandbox\" or \"production\", not {other:?}"
        ))),
    }
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The API base: `api-base` if given (an absolute http(s) URL, or a path on the page's
/// own origin), else from `environment` and `region`. `origin` is the page's origin.
pub fn resolve_api_base(attrs: &Attributes, origin: &str) -> Result<String, ApiError> {
    // Validate environment and region even when api-base overrides them: a typo
    // should be visible, not hidden by the override.
    let from_env = api_base_for(
        non_empty(&attrs.environment).unwrap_or("sandbox"),
        non_empty(&attrs.region).unwrap_or("us"),
    )?;
    let base = match non_empty(&attrs.api_base) {
        None => return Ok(from_env.to_owned()),
        Some(base) if base.starts_with('/') && !base.starts_with("//") => {
            format!("{origin}{base}")
        }
        Some(base) => {
            let lower = base.to_ascii_lowercase();
            if !(lower.starts_with("https://") || lower.starts_with("http://")) {
                return Err(ApiError::Config(format!(
                    "api-base must be an http(s) URL, not {base:?}"
                )));
            }
            base.to_owned()
        }
    };
    Ok(base.trim_end_matches('/').to_owned())
}

/// `timeout-ms`: a whole number of milliseconds between 100 and 120000.
pub fn resolve_timeout(attrs: &Attributes) -> Result<u32, ApiError> {
    match non_empty(&attrs.timeout_ms) {
        None => Ok(DEFAULT_TIMEOUT_MS),
        Some(raw) => raw
            .parse::<u32>()
            .ok()
            .filter(|ms| (100..=120_000).contains(ms))
            .ok_or_else(|| {
                ApiError::Config(format!(
                    "timeout-ms must be a number of milliseconds from 100 to 120000, not {raw:?}"
                ))
            }),
    }
}

/// `oauth-mode`: `redirect` (default, the whole page goes to the provider) or
/// `popup`. `true` for popup.
pub fn resolve_popup_mode(attrs: &Attributes) -> Result<bool, ApiError> {
    match non_empty(&attrs.oauth_mode) {
        None | Some("redirect") => Ok(false),
        Some("popup") => Ok(true),
        Some(other) => Err(ApiError::Config(format!(
            "oauth-mode must be \"redirect\" or \"popup\", not {other:?}"
        ))),
    }
}

/// The `token-url`, if any (the `fetchLinkToken` property is checked by the element).
pub fn token_url(attrs: &Attributes) -> Option<String> {
    non_empty(&attrs.token_url).map(str::to_owned)
}
