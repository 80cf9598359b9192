//! Everything that can go wrong, as one type, with what the host receives in
//! `vital-link-error`. Kinds as data: what each one says to the user, in which
//! language, is `i18n`'s business (src/i18n/errors.rs). Pure, tested natively.

/// HTTP error codes that mean "this link token is no good: get a fresh one".
const TOKEN_ERROR_CODES: &[&str] = &["INVALID_REQUEST", "MISSING_LINK_TOKEN"];

/// The Link API's `error_type`s: the documented ones, and any other it may send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    InvalidToken,
    TokenExpired,
    TokenNotValidated,
    TokenConsumed,
    ProviderCredentialError,
    ProviderPasswordExpired,
    ProviderApiError,
    UnsupportedRegion,
    DuplicateConnection,
    RequiredScopesNotGranted,
    IncorrectMfaCode,
    UserCancelled,
    /// A type this widget does not know (the API's enums are non-exhaustive), or
    /// `unknown_error` when the API named none.
    Other(String),
}

/// Each documented type with its name on the wire.
const LINK_ERRORS: [(LinkError, &str); 12] = [
    (LinkError::InvalidToken, "invalid_token"),
    (LinkError::TokenExpired, "token_expired"),
    (LinkError::TokenNotValidated, "token_not_validated"),
    (LinkError::TokenConsumed, "token_consumed"),
    (
        LinkError::ProviderCredentialError,
        "provider_credential_error",
    ),
    (
        LinkError::ProviderPasswordExpired,
        "provider_password_expired",
    ),
    (LinkError::ProviderApiError, "provider_api_error"),
    (LinkError::UnsupportedRegion, "unsupported_region"),
    (LinkError::DuplicateConnection, "duplicate_connection"),
    (
        LinkError::RequiredScopesNotGranted,
        "required_scopes_not_granted",
    ),
    (LinkError::IncorrectMfaCode, "incorrect_mfa_code"),
    (LinkError::UserCancelled, "user_cancelled"),
];

impl LinkError {
    pub fn parse(name: &str) -> LinkError {
        LINK_ERRORS
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(known, _)| known.clone())
            .unwrap_or_else(|| LinkError::Other(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        match self {
            LinkError::Other(name) => name,
            known => LINK_ERRORS
                .iter()
                .find(|(k, _)| k == known)
                .map_or("", |(_, n)| n),
        }
    }

    /// The link token is no good: a fresh one may fix it.
    pub fn is_token_error(&self) -> bool {
        matches!(
            self,
            LinkError::InvalidToken
                | LinkError::TokenExpired
                | LinkError::TokenNotValidated
                | LinkError::TokenConsumed
        )
    }

    /// The user can fix it by changing what they typed.
    pub fn is_input_error(&self) -> bool {
        matches!(
            self,
            LinkError::ProviderCredentialError
                | LinkError::ProviderPasswordExpired
                | LinkError::IncorrectMfaCode
                | LinkError::UnsupportedRegion
        )
    }
}

/// What is wrong with what the user typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputProblem {
    /// A username, email or password is missing.
    Credentials,
    MfaCode,
    Email,
    Region,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The widget is set up wrongly by the host page (missing `token-url`, bad region...).
    Config(String),
    /// The host's token endpoint failed or answered without a token.
    TokenEndpoint { status: Option<u16>, reason: String },
    /// The host's `disconnect-url` (or `disconnectProvider`) failed.
    Disconnect { status: Option<u16>, reason: String },
    /// No response: offline, DNS, CORS refusal, connection dropped.
    Network(String),
    /// No response within the widget's timeout.
    Timeout,
    /// An HTTP error status. `code` is the API's error code where the body names one
    /// (`INVALID_REQUEST`, `INVALID_PROVIDER`, ...); `detail` is its text, if any.
    Http {
        status: u16,
        code: Option<String>,
        detail: Option<String>,
    },
    /// A body that is not the JSON the API documents (or not JSON at all).
    Malformed { status: u16, reason: String },
    /// A Link error: a `state: "error"` body, or an OAuth return with `state=error`.
    /// `status` is the HTTP status (200 for a body), `None` for an OAuth return.
    Link {
        status: Option<u16>,
        error_type: LinkError,
        detail: Option<String>,
    },
    /// The API offered an `oauth_url` the widget will not follow.
    InvalidOAuthUrl(String),
    /// What the user typed cannot be sent as it is; the message says what to do.
    Input(InputProblem),
    /// A bug in the widget itself (a Rust panic), reported rather than leaving it blank.
    Internal(String),
}

impl ApiError {
    /// True when a fresh link token may fix it; the request is then retried once.
    pub fn is_token_error(&self) -> bool {
        match self {
            ApiError::Http { status, code, .. } => {
                *status == 401
                    || code
                        .as_deref()
                        .is_some_and(|c| TOKEN_ERROR_CODES.contains(&c))
            }
            ApiError::Link { error_type, .. } => error_type.is_token_error(),
            _ => false,
        }
    }

    /// True when the user can fix it by changing what they typed: the form stays.
    pub fn is_credential_error(&self) -> bool {
        match self {
            ApiError::Link { error_type, .. } => error_type.is_input_error(),
            ApiError::Http { status, code, .. } => {
                *status == 422 || code.as_deref() == Some("INVALID_CREDENTIALS")
            }
            _ => false,
        }
    }

    /// `vital-link-error.detail.error_type`: the API's own name where there is one.
    pub fn error_type(&self) -> String {
        match self {
            ApiError::Config(_) => "configuration_error".into(),
            ApiError::TokenEndpoint { .. } => "token_endpoint_error".into(),
            ApiError::Disconnect { .. } => "disconnect_error".into(),
            ApiError::Network(_) => "network_error".into(),
            ApiError::Timeout => "timeout".into(),
            ApiError::Http { status, code, .. } => match code {
                Some(code) => code.clone(),
                None if *status == 422 => "validation_error".into(),
                None if *status >= 500 => "server_error".into(),
                None => format!("http_{status}"),
            },
            ApiError::Malformed { .. } => "malformed_response".into(),
            ApiError::Link { error_type, .. } => error_type.as_str().to_owned(),
            ApiError::InvalidOAuthUrl(_) => "invalid_oauth_url".into(),
            ApiError::Input(_) => "invalid_input".into(),
            ApiError::Internal(_) => "internal_error".into(),
        }
    }

    /// `vital-link-error.detail.status`: the HTTP status if a response came back.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::TokenEndpoint { status, .. } | ApiError::Disconnect { status, .. } => *status,
            ApiError::Http { status, .. } | ApiError::Malformed { status, .. } => Some(*status),
            ApiError::Link { status, .. } => *status,
            _ => None,
        }
    }

    /// The developer-facing detail behind the error, if any: the browser's or the
    /// API's own words (never shown to the end user).
    pub fn reason(&self) -> Option<&str> {
        match self {
            ApiError::Config(_) | ApiError::Input(_) | ApiError::Timeout => None,
            ApiError::TokenEndpoint { reason, .. }
            | ApiError::Disconnect { reason, .. }
            | ApiError::Network(reason)
            | ApiError::Malformed { reason, .. }
            | ApiError::InvalidOAuthUrl(reason)
            | ApiError::Internal(reason) => Some(reason),
            ApiError::Http { detail, .. } | ApiError::Link { detail, .. } => detail.as_deref(),
        }
    }
}
