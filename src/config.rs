//! The element's attributes, declared once in [`Attr`]: the element's
//! `observedAttributes`, the reading of them, and their validation all come from that
//! list. Pure: an unknown `environment` or `region` is a clear error, never a silent
//! default.

use crate::api::{unsafe_url, ApiError};
use crate::flow::parse_provider_filter;

/// The token, the list and an OAuth URL come quickly, or something is wrong: each such
/// action gives up after this long unless `timeout-ms` says otherwise.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;

/// A form sent to Vital waits on the provider: Vital documents that password linking
/// can take up to 60 s for some (Abbott LibreView), so a submit gets 65 s.
pub const SUBMIT_TIMEOUT_MS: u32 = 65_000;

/// How long each kind of action may take, all hops included (token, call, fresh token,
/// retry): one deadline per action, not one per request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Loading the list, asking for an OAuth URL.
    pub quick_ms: u32,
    /// Sending a form.
    pub submit_ms: u32,
}

/// Every attribute whose change starts a fresh session. (`theme` only restyles, in CSS.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attr {
    TokenUrl,
    Environment,
    Region,
    ApiBase,
    Providers,
    TimeoutMs,
    Locale,
    OAuthMode,
    ShowSdkProviders,
    ConnectionsUrl,
}

impl Attr {
    pub const ALL: [Attr; 10] = [
        Attr::TokenUrl,
        Attr::Environment,
        Attr::Region,
        Attr::ApiBase,
        Attr::Providers,
        Attr::TimeoutMs,
        Attr::Locale,
        Attr::OAuthMode,
        Attr::ShowSdkProviders,
        Attr::ConnectionsUrl,
    ];

    /// The attribute's name in HTML.
    pub fn name(self) -> &'static str {
        match self {
            Attr::TokenUrl => "token-url",
            Attr::Environment => "environment",
            Attr::Region => "region",
            Attr::ApiBase => "api-base",
            Attr::Providers => "providers",
            Attr::TimeoutMs => "timeout-ms",
            Attr::Locale => "locale",
            Attr::OAuthMode => "oauth-mode",
            Attr::ShowSdkProviders => "show-sdk-providers",
            Attr::ConnectionsUrl => "connections-url",
        }
    }
}

/// The attributes as the host wrote them, one slot per [`Attr`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attributes([Option<String>; Attr::ALL.len()]);

impl Attributes {
    /// Reads every attribute through `get` (the element's `getAttribute`).
    pub fn read(get: impl Fn(&str) -> Option<String>) -> Attributes {
        Attributes(Attr::ALL.map(|attr| get(attr.name())))
    }

    /// The same attributes with `attr` set to `value`.
    pub fn with(mut self, attr: Attr, value: &str) -> Attributes {
        self.0[attr as usize] = Some(value.to_owned());
        self
    }

    /// A boolean attribute: present, whatever its value (`<vital-link show-sdk-providers>`).
    pub fn has(&self, attr: Attr) -> bool {
        self.0[attr as usize].is_some()
    }

    /// The attribute's value, trimmed; blank counts as missing.
    pub fn get(&self, attr: Attr) -> Option<&str> {
        self.0[attr as usize]
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    /// Everything a session needs, or the first thing wrong with the attributes.
    pub fn resolve(&self, origin: &str) -> Result<Settings, ApiError> {
        Ok(Settings {
            api_base: resolve_api_base(self, origin)?,
            limits: resolve_limits(self)?,
            popup: resolve_popup_mode(self)?,
            token_url: self.get(Attr::TokenUrl).map(str::to_owned),
            connections_url: self.get(Attr::ConnectionsUrl).map(str::to_owned),
        })
    }

    /// The `providers` attribute: the slugs to show, in that order.
    pub fn provider_filter(&self) -> Option<Vec<String>> {
        parse_provider_filter(self.get(Attr::Providers))
    }
}

/// A session's settings, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Without a trailing slash.
    pub api_base: String,
    pub limits: Limits,
    /// `oauth-mode="popup"`.
    pub popup: bool,
    /// `None` when blank (the `fetchLinkToken` property is checked by the element).
    pub token_url: Option<String>,
    /// Where the user's connections are read from, unless the `connections` property
    /// gives them.
    pub connections_url: Option<String>,
}

/// Vital's (Junction's) base URL for an environment and region.
pub fn api_base_for(environment: &str, region: &str) -> Result<&'static str, ApiError> {
    match (environment, region) {
        ("sandbox", "us") => Ok("https://api.sandbox.us.junction.com"),
        ("sandbox", "eu") => Ok("https://api.sandbox.eu.junction.com"),
        ("production", "us") => Ok("https://api.us.junction.com"),
        ("production", "eu") => Ok("https://api.eu.junction.com"),
        ("sandbox" | "production", other) => Err(not("region must be \"us\" or \"eu\"", other)),
        (other, _) => Err(not(
            "environment must be \"sandbox\" or \"production\"",
            other,
        )),
    }
}

/// The API base: `api-base` if given (an https URL, an http URL to a loopback host, or
/// a path on the page's own origin), else from `environment` and `region`. `origin` is
/// the page's origin.
pub fn resolve_api_base(attrs: &Attributes, origin: &str) -> Result<String, ApiError> {
    // Validate environment and region even when api-base overrides them: a typo
    // should be visible, not hidden by the override.
    let from_env = api_base_for(
        attrs.get(Attr::Environment).unwrap_or("sandbox"),
        attrs.get(Attr::Region).unwrap_or("us"),
    )?;
    let base = match attrs.get(Attr::ApiBase) {
        None => return Ok(from_env.to_owned()),
        Some(base) if base.starts_with('/') && !base.starts_with("//") => [origin, base].concat(),
        // The link token goes there: https, or plain http only to this computer.
        Some(base) => match unsafe_url(base) {
            None => base.to_owned(),
            Some(why) => {
                return Err(ApiError::Config(
                    [
                        "api-base must be an https URL (http only to localhost), not \"",
                        base,
                        "\" (",
                        why,
                        ")",
                    ]
                    .concat(),
                ))
            }
        },
    };
    Ok(base.trim_end_matches('/').to_owned())
}

/// `timeout-ms`, a whole number of milliseconds between 100 and 120000, limits every
/// action; without it, [`DEFAULT_TIMEOUT_MS`] and [`SUBMIT_TIMEOUT_MS`].
pub fn resolve_limits(attrs: &Attributes) -> Result<Limits, ApiError> {
    match attrs.get(Attr::TimeoutMs) {
        None => Ok(Limits {
            quick_ms: DEFAULT_TIMEOUT_MS,
            submit_ms: SUBMIT_TIMEOUT_MS,
        }),
        Some(raw) => raw
            .parse::<u32>()
            .ok()
            .filter(|ms| (100..=120_000).contains(ms))
            .map(|ms| Limits {
                quick_ms: ms,
                submit_ms: ms,
            })
            .ok_or_else(|| {
                not(
                    "timeout-ms must be a number of milliseconds from 100 to 120000",
                    raw,
                )
            }),
    }
}

/// `oauth-mode`: `redirect` (default, the whole page goes to the provider) or
/// `popup`. `true` for popup.
pub fn resolve_popup_mode(attrs: &Attributes) -> Result<bool, ApiError> {
    match attrs.get(Attr::OAuthMode) {
        None | Some("redirect") => Ok(false),
        Some("popup") => Ok(true),
        Some(other) => Err(not("oauth-mode must be \"redirect\" or \"popup\"", other)),
    }
}

/// `{rule}, not "{value}"`: the configuration error for an attribute's value. (Joined,
/// not `format!`ted: each formatting call site costs the wasm more.)
fn not(rule: &str, value: &str) -> ApiError {
    ApiError::Config([rule, ", not \"", value, "\""].concat())
}
