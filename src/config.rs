//! The element's attributes, declared once in [`Attr`]: the element's
//! `observedAttributes`, the reading of them, and their validation all come from that
//! list. Pure: an unknown `environment` or `region` is a clear error, never a silent
//! default.

use crate::api::{unsafe_url, ApiError};

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

impl Limits {
    /// Without `timeout-ms`.
    pub const DEFAULT: Limits = Limits {
        quick_ms: DEFAULT_TIMEOUT_MS,
        submit_ms: SUBMIT_TIMEOUT_MS,
    };
}

/// Declares the attributes once: [`Attr`] with its `ALL`, `name` and `restarts` for the
/// widget, and natively [`Attr::spec`] (type, default, description), from which
/// `tests/surface.rs` writes the manifest, the TypeScript types and README's table. The
/// wasm carries the names only.
macro_rules! attributes {
    ($($variant:ident = $name:literal, $kind:expr, restarts: $restarts:literal,
        default: $default:literal, $description:literal;)*) => {
        /// The element's attributes, in the order hosts read about them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Attr {
            $($variant,)*
        }

        impl Attr {
            pub const ALL: &'static [Attr] = &[$(Attr::$variant,)*];

            /// The attribute's name in HTML.
            pub fn name(self) -> &'static str {
                match self {
                    $(Attr::$variant => $name,)*
                }
            }

            /// Whether a change starts a fresh session (`theme` only restyles, in CSS).
            pub fn restarts(self) -> bool {
                match self {
                    $(Attr::$variant => $restarts,)*
                }
            }

            /// What hosts read about it.
            #[cfg(not(target_arch = "wasm32"))]
            pub fn spec(self) -> AttrSpec {
                match self {
                    $(Attr::$variant => AttrSpec {
                        kind: $kind,
                        default: $default,
                        description: $description,
                    },)*
                }
            }
        }
    };
}

/// What an attribute's value may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrKind {
    Text,
    /// A whole number, written as text.
    Number,
    /// A boolean attribute: present or absent.
    Flag,
    OneOf(&'static [&'static str]),
}

/// An attribute as hosts read about it (Markdown).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttrSpec {
    pub kind: AttrKind,
    pub default: &'static str,
    pub description: &'static str,
}

#[cfg(not(target_arch = "wasm32"))]
use AttrKind::*;

attributes! {
    TokenUrl = "token-url", Text, restarts: true,
        default: "required unless `fetchLinkToken` is set",
        "Your endpoint for link tokens. The widget sends `POST`, `Content-Type: application/json`, body `{}`, `credentials: \"same-origin\"`, and expects `200 {\"link_token\": \"...\"}`.";
    Environment = "environment", OneOf(&["sandbox", "production"]), restarts: true,
        default: "`sandbox`",
        "The Vital environment: `sandbox` or `production`.";
    Region = "region", OneOf(&["us", "eu"]), restarts: true,
        default: "`us`",
        "The Vital region: `us` or `eu`.";
    ApiBase = "api-base", Text, restarts: true,
        default: "from environment and region",
        "Base URL of the Vital API (e.g. a local sandbox), where the link token goes: an `https` URL, an `http` URL only to `localhost`/`127.x.x.x`/`[::1]` (the rule OAuth URLs follow too), or a path on the page's origin (no backslashes or whitespace). Overrides the two above.";
    Providers = "providers", Text, restarts: true,
        default: "all the token allows",
        "Comma-separated slugs: only these, in this order (within their group).";
    TimeoutMs = "timeout-ms", Number, restarts: true,
        default: "`15000` for the list and OAuth, `65000` for a submitted form",
        "How long one action may take, all its requests together (token, call, a fresh token and its retry): 100 to 120000, for every action. Without it a form gets 65 s, since Vital documents up to 60 s for some password providers (Abbott LibreView); after 5 s of waiting the form says so (\"This can take up to a minute\").";
    Locale = "locale", Text, restarts: true,
        default: "the page's `<html lang>`, else `en`",
        "`en`, `de`, `es`, `fr`, `it`, `pt`, `nl` or `ja` (region subtags like `de-AT` or `pt-BR` work). English is built in; each other language is a catalogue (`i18n/{tag}.json`, about 1 KB gzip) fetched from beside the loader only by widgets in that language, so languages cost the wasm nothing; a missing message falls back to English. The layout follows the page's direction (`dir=\"rtl\"`): it mirrors, and is tested so.";
    Theme = "theme", OneOf(&["light", "dark", "auto"]), restarts: false,
        default: "`light`",
        "`light`, `dark`, or `auto` (follows `prefers-color-scheme`). Restyles without starting over.";
    OAuthMode = "oauth-mode", OneOf(&["redirect", "popup"]), restarts: true,
        default: "`redirect`",
        "`redirect` (the page goes to the provider and comes back) or `popup` (the provider opens in a popup, opened in the click so blockers allow it; the result comes back by same-origin `postMessage`; a blocked popup falls back to `redirect`; closing the popup ends the flow with `user_cancelled`).";
    ConnectionsUrl = "connections-url", Text, restarts: true,
        default: "none",
        "Your endpoint for the user's connections. The widget sends `GET` with `credentials: \"same-origin\"` while the list loads and expects `200` with Vital's `GET /v2/user/providers/{user_id}` answer, `{\"providers\": [{\"slug\": ..., \"status\": \"connected\" | \"error\", ...}]}` (the reference backend's `GET /api/vital/connections`). The list then marks providers with status `connected` as \"Connected\" and those with `error` (for a password provider, also an expired password) as \"Reconnect\"; both can still be chosen. A connection made in the widget is marked at once. Connections only mark the list: an answer that cannot be read leaves it unmarked, with a console warning. The `connections` property wins over it.";
    Provider = "provider", Text, restarts: true,
        default: "none",
        "A provider's slug (`fitbit`, `oura`...): the widget opens it directly once the list is in: its form, or for an OAuth provider a step naming it with one button that continues (the popup opens in that click; in redirect mode the page leaves only then). Back leads to the whole list. A slug the token does not offer shows the list with a short notice. A token that offers exactly one provider opens it the same way, as Vital's hosted Link does.";
    DisconnectUrl = "disconnect-url", Text, restarts: true,
        default: "none",
        "Your endpoint that disconnects a provider (the reference backend's `POST /api/vital/disconnect`, which calls Vital's `DELETE /v2/user/{user_id}/{provider}`). The widget sends `POST`, `Content-Type: application/json`, body `{\"provider\": \"<slug>\"}`, `credentials: \"same-origin\"`, and treats any `2xx` as done. With it (or the `disconnectProvider` property), each provider marked \"Connected\" or \"Reconnect\" gets a Disconnect button beside its row (`part=\"disconnect\"`), which asks for confirmation first.";
    LinkCodeUrl = "link-code-url", Text, restarts: true,
        default: "none",
        "Your endpoint for a pairing code for Vital's Junction Connect iOS app, which connects Apple HealthKit (the reference backend's `POST /api/vital/link-code`, which calls Vital's `POST /v2/link/code/create`). The widget sends `POST`, `Content-Type: application/json`, body `{}`, `credentials: \"same-origin\"`, and expects `200` with Vital's answer, `{\"code\": ..., \"exchange_url\": \"tryvital://...\", \"expires_at\": ...}`. With it (or the `fetchLinkCode` property) and `show-sdk-providers`, Apple HealthKit can be chosen: the widget shows the steps, the code with a copy button, when it expires (then \"Get a new code\"), a QR code of `exchange_url` (`part=\"qr\"`) that an iPhone's camera opens the app with, and on iOS a link that opens it. While the code is shown, the widget reads the user's connections (`connections-url` every 5 s and when the page is shown again, or the `connections` property as you set it) and reports success (`auth_type: \"sdk\"`) once they show Apple HealthKit connected.";
    ShowSdkProviders = "show-sdk-providers", Flag, restarts: true,
        default: "absent",
        "Present (a boolean attribute): SDK-only providers (`auth_type` `sdk`, such as Apple HealthKit and Health Connect) are listed last, under \"From the mobile app\", with a note that they connect from your mobile app; they cannot be selected, except Apple HealthKit when `link-code-url` or `fetchLinkCode` is set (it then pairs by a code). For hosts that have such an app: someone searching for \"Apple\" then finds guidance instead of nothing. Absent: they are not shown.";
}

/// The attributes as the host wrote them, one slot per [`Attr`] (`theme`'s stays empty:
/// it never restarts a session).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attributes([Option<String>; Attr::ALL.len()]);

impl Attributes {
    /// Reads every attribute that [restarts](Attr::restarts) a session through `get`
    /// (the element's `getAttribute`).
    pub fn read(get: impl Fn(&str) -> Option<String>) -> Attributes {
        Attributes(std::array::from_fn(|i| {
            let attr = Attr::ALL[i];
            attr.restarts().then(|| get(attr.name())).flatten()
        }))
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
            disconnect_url: self.get(Attr::DisconnectUrl).map(str::to_owned),
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
    /// Where a provider is disconnected, unless the `disconnectProvider` property does it.
    pub disconnect_url: Option<String>,
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
    let Some(base) = attrs.get(Attr::ApiBase) else {
        return Ok(from_env.to_owned());
    };
    let on_this_origin = base.starts_with('/') && !base.starts_with("//");
    // A browser reads `\` as `/` and drops tabs and newlines from URLs, so
    // `/\evil.example` or `/<TAB>/evil.example` would name another host: no path here.
    // Otherwise the link token goes there: https, or plain http only to this computer.
    let unsafe_because = if base.contains('\\') {
        Some("a backslash")
    } else if on_this_origin {
        unsafe_path(base)
    } else {
        unsafe_url(base)
    };
    if let Some(why) = unsafe_because {
        return Err(ApiError::Config(
            [
                "api-base must be an https URL (http only to localhost) or a path, not \"",
                base,
                "\" (",
                why,
                ")",
            ]
            .concat(),
        ));
    }
    let base = if on_this_origin {
        [origin, base].concat()
    } else {
        base.to_owned()
    };
    Ok(base.trim_end_matches('/').to_owned())
}

/// Why a same-origin path is no path (`None` when it is one).
fn unsafe_path(path: &str) -> Option<&'static str> {
    path.chars()
        .any(|c| c.is_whitespace() || c.is_control())
        .then_some("whitespace in URL")
}

/// `timeout-ms`, a whole number of milliseconds between 100 and 120000, limits every
/// action; without it, [`DEFAULT_TIMEOUT_MS`] and [`SUBMIT_TIMEOUT_MS`].
pub fn resolve_limits(attrs: &Attributes) -> Result<Limits, ApiError> {
    match attrs.get(Attr::TimeoutMs) {
        None => Ok(Limits::DEFAULT),
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

/// The `providers` attribute: comma-separated slugs, blanks ignored.
pub fn parse_provider_filter(attr: Option<&str>) -> Option<Vec<String>> {
    let slugs: Vec<String> = attr?
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    (!slugs.is_empty()).then_some(slugs)
}
