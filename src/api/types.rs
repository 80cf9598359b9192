//! The Vital Link API's shapes, as `../shared/vital-link-openapi.json` gives them,
//! read leniently: optional and deprecated fields may be absent, unknown fields and
//! unknown enum values are kept rather than refused (the API marks its enums
//! non-exhaustive).

/// How a provider connects. Only the first three can be completed in a browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuthKind {
    OAuth,
    Password,
    Email,
    /// Through Vital's mobile SDK, in the host's own app (Apple HealthKit, Health
    /// Connect): listed, with a note, only when the host asks (`show-sdk-providers`);
    /// never selectable here.
    Sdk,
}

impl AuthKind {
    /// Maps the API's `auth_type` (`oauth`, `team_oauth`, `sdk`, `password`, `email`,
    /// `app`, `""`, or anything newer) to what the widget knows; `None` means the
    /// provider is never shown.
    pub fn from_auth_type(auth_type: &str) -> Option<AuthKind> {
        match auth_type {
            "oauth" | "team_oauth" => Some(AuthKind::OAuth),
            "password" => Some(AuthKind::Password),
            "email" => Some(AuthKind::Email),
            "sdk" => Some(AuthKind::Sdk),
            _ => None,
        }
    }

    /// The name used in events (`vital-link-success.detail.auth_type`).
    pub fn as_str(self) -> &'static str {
        match self {
            AuthKind::OAuth => "oauth",
            AuthKind::Password => "password",
            AuthKind::Email => "email",
            AuthKind::Sdk => "sdk",
        }
    }

    /// Groups are always shown in this order.
    pub const ORDER: [AuthKind; 4] = [
        AuthKind::OAuth,
        AuthKind::Password,
        AuthKind::Email,
        AuthKind::Sdk,
    ];
}

/// `SourceLink`, one entry of `GET /v2/link/providers`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceLink {
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    pub logo: Option<String>,
    /// `None` when the API sent `null`; a missing field is the schema's default,
    /// `"oauth"`.
    pub auth_type: Option<String>,
}

impl SourceLink {
    pub fn kind(&self) -> Option<AuthKind> {
        AuthKind::from_auth_type(self.auth_type.as_deref()?)
    }
}

/// `ProviderMFARequest`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProviderMfa {
    pub method: String,
    pub hint: String,
}

/// The API's `Region` enum, offered in the email form.
pub const REGIONS: &[&str] = &[
    "us", "eu", "de", "fr", "ca", "br", "ar", "cl", "co", "mx", "gb", "ie", "au", "nz", "nl", "at",
    "be", "bh", "ch", "cz", "dk", "eg", "es", "fi", "gr", "hr", "il", "it", "jo", "kw", "lb", "lu",
    "no", "om", "pl", "pt", "qa", "sa", "se", "si", "sk", "tr", "za", "in", "sg", "hk", "kr", "ph",
    "tw",
];

/// What the user typed into a form: usernames, emails, passwords, MFA codes. Kept out
/// of every `Debug` print (and so out of logs and test failure output).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// One of the user's connections, as the host gives it (its `connections` property, or
/// the answer of its `connections-url`): an item of Vital's
/// `GET /v2/user/providers/{user_id}` (`ClientFacingProviderWithStatus`), of which the
/// widget reads only `slug` and `status`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    pub slug: String,
    /// `status: "error"` (for a password provider, also an expired password): the list
    /// offers to connect it again.
    pub broken: bool,
}
