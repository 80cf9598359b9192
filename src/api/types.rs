//! The Vital Link API's JSON shapes, as `../shared/vital-link-openapi.json` gives them,
//! decoded leniently: optional and deprecated fields may be absent, unknown fields and
//! unknown enum values are kept rather than refused (the API marks its enums
//! non-exhaustive).

use serde::{Deserialize, Serialize};

/// How a provider connects. Only the first three can be completed in a browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuthKind {
    OAuth,
    Password,
    Email,
}

impl AuthKind {
    /// Maps the API's `auth_type` (`oauth`, `team_oauth`, `sdk`, `password`, `email`,
    /// `app`, `""`, or anything newer) to what the widget can offer; `None` means the
    /// provider is not shown.
    pub fn from_auth_type(auth_type: &str) -> Option<AuthKind> {
        match auth_type {
            "oauth" | "team_oauth" => Some(AuthKind::OAuth),
            "password" => Some(AuthKind::Password),
            "email" => Some(AuthKind::Email),
            _ => None,
        }
    }

    /// The name used in events (`vital-link-success.detail.auth_type`).
    pub fn as_str(self) -> &'static str {
        match self {
            AuthKind::OAuth => "oauth",
            AuthKind::Password => "password",
            AuthKind::Email => "email",
        }
    }

    /// Groups are always shown in this order.
    pub const ORDER: [AuthKind; 3] = [AuthKind::OAuth, AuthKind::Password, AuthKind::Email];
}

fn default_auth_type() -> Option<String> {
    // The schema's default: a provider without `auth_type` is OAuth.
    Some("oauth".to_owned())
}

/// `SourceLink`, one entry of `GET /v2/link/providers`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct SourceLink {
    #[serde(default)]
    pub id: Option<i64>,
    pub name: String,
    pub slug: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default)]
    pub oauth_url: Option<String>,
    #[serde(default = "default_auth_type")]
    pub auth_type: Option<String>,
}

impl SourceLink {
    pub fn kind(&self) -> Option<AuthKind> {
        AuthKind::from_auth_type(self.auth_type.as_deref()?)
    }
}

/// `Source`, the answer of `GET /v2/link/provider/oauth/{slug}`. Only `oauth_url`
/// matters to the widget.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct OAuthSource {
    #[serde(default)]
    pub oauth_url: Option<String>,
}

/// `ProviderMFARequest`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ProviderMfa {
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub hint: String,
}

/// `ProviderLinkResponse`, from the password, MFA and email endpoints.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ProviderLinkResponse {
    pub state: String,
    #[serde(default)]
    pub error_type: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub provider_mfa: Option<ProviderMfa>,
}

/// What the host's token endpoint answers; fields other than `link_token` are ignored.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct LinkTokenResponse {
    pub link_token: String,
}

/// Body of `POST /v2/link/provider/password/{slug}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PasswordBody {
    pub username: String,
    pub password: String,
}

/// Body of `POST /v2/link/provider/password/{slug}/complete_mfa`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MfaBody {
    pub mfa_code: String,
}

/// Body of `POST /v2/link/provider/email/{slug}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EmailBody {
    pub email: String,
    pub region: String,
}

/// The API's `Region` enum, offered in the email form.
pub const REGIONS: &[&str] = &[
    "us", "eu", "de", "fr", "ca", "br", "ar", "cl", "co", "mx", "gb", "ie", "au", "nz", "nl", "at",
    "be", "bh", "ch", "cz", "dk", "eg", "es", "fi", "gr", "hr", "il", "it", "jo", "kw", "lb", "lu",
    "no", "om", "pl", "pt", "qa", "sa", "se", "si", "sk", "tr", "za", "in", "sg", "hk", "kr", "ph",
    "tw",
];
