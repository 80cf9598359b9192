//! Everything that can go wrong, as one type, with what the user reads and what the host
//! receives in `vital-link-error`. Pure: no browser needed, tested natively.

/// Link error types that mean "this link token is no good: get a fresh one".
const TOKEN_ERROR_TYPES: &[&str] = &[
    "invalid_token",
    "token_expired",
    "token_consumed",
    "token_not_validated",
];

/// HTTP error codes that mean the same.
const TOKEN_ERROR_CODES: &[&str] = &["INVALID_REQUEST", "MISSING_LINK_TOKEN"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The widget is set up wrongly by the host page (missing `token-url`, bad region...).
    Config(String),
    /// The host's token endpoint failed or answered without a token.
    TokenEndpoint { status: Option<u16>, reason: String },
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
        error_type: String,
        detail: Option<String>,
    },
    /// The API offered an `oauth_url` the widget will not follow.
    InvalidOAuthUrl(String),
    /// What the user typed cannot be sent as it is; the text says what to do.
    Input(String),
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
            ApiError::Link { error_type, .. } => TOKEN_ERROR_TYPES.contains(&error_type.as_str()),
            _ => false,
        }
    }

    /// True when the user can fix it by changing what they typed: the form stays.
    pub fn is_credential_error(&self) -> bool {
        match self {
            ApiError::Link { error_type, .. } => matches!(
                error_type.as_str(),
                "provider_credential_error"
                    | "provider_password_expired"
                    | "incorrect_mfa_code"
                    | "unsupported_region"
            ),
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
            ApiError::Network(_) => "network_error".into(),
            ApiError::Timeout => "timeout".into(),
            ApiError::Http { status, code, .. } => match code {
                Some(code) => code.clone(),
                None if *status == 422 => "validation_error".into(),
                None if *status >= 500 => "server_error".into(),
                None => format!("http_{status}"),
            },
            ApiError::Malformed { .. } => "malformed_response".into(),
            ApiError::Link { error_type, .. } => error_type.clone(),
            ApiError::InvalidOAuthUrl(_) => "invalid_oauth_url".into(),
            ApiError::Input(_) => "invalid_input".into(),
            ApiError::Internal(_) => "internal_error".into(),
        }
    }

    /// `vital-link-error.detail.status`: the HTTP status if a response came back.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::TokenEndpoint { status, .. } => *status,
            ApiError::Http { status, .. } | ApiError::Malformed { status, .. } => Some(*status),
            ApiError::Link { status, .. } => *status,
            _ => None,
        }
    }

    /// What the end user reads. Plain language; the API's debug text is not shown to
    /// them (it goes to the host in the event) except for validation messages, which
    /// name the field to fix.
    pub fn user_message(&self) -> String {
        let text = match self {
            ApiError::Config(what) => return format!("This widget is not set up correctly: {what}."),
            ApiError::Input(what) => return format!("Please {what}."),
            ApiError::TokenEndpoint { .. } => {
                "We couldn't start a secure session with this app. Please try again."
            }
            ApiError::Network(_) => {
                "We couldn't reach the connection service. Check your internet connection and try again."
            }
            ApiError::Timeout => "The connection service took too long to answer. Please try again.",
            ApiError::Http { status, code, detail } => match (code.as_deref(), status) {
                (Some("INVALID_REQUEST"), _) | (Some("MISSING_LINK_TOKEN"), _) | (None, 401) => {
                    "Your session has expired. Please try again."
                }
                (Some("INVALID_PROVIDER"), _) => "This provider isn't supported right now.",
                (Some("INVALID_USER_ID"), _) => {
                    "We couldn't find your account in this app. Please sign in again and retry."
                }
                (Some("INVALID_CREDENTIALS"), _) => {
                    "Those details weren't accepted. Check them and try again."
                }
                (_, 422) => {
                    return match detail {
                        Some(d) if !d.is_empty() => format!("Please check what you entered: {d}."),
                        _ => "Please check what you entered and try again.".into(),
                    }
                }
                (_, 429) => "Too many attempts. Please wait a moment and try again.",
                (_, s) if *s >= 500 => {
                    "The connection service is having trouble. Please try again in a moment."
                }
                _ => "Something went wrong while connecting. Please try again.",
            },
            ApiError::Malformed { .. } => {
                "The connection service sent an answer we couldn't read. Please try again."
            }
            ApiError::Link { error_type, .. } => link_error_message(error_type),
            ApiError::InvalidOAuthUrl(_) => {
                "This provider's sign-in page address looks unsafe, so we didn't open it."
            }
            ApiError::Internal(_) => "Something went wrong in this widget. Please try again.",
        };
        text.to_owned()
    }

    /// Developer-facing text for `vital-link-error.detail.message`.
    pub fn debug_message(&self) -> String {
        let user = self.user_message();
        let extra = match self {
            ApiError::Config(_) | ApiError::Input(_) => None,
            ApiError::TokenEndpoint { reason, .. }
            | ApiError::Network(reason)
            | ApiError::Malformed { reason, .. }
            | ApiError::InvalidOAuthUrl(reason)
            | ApiError::Internal(reason) => Some(reason.clone()),
            ApiError::Timeout => None,
            ApiError::Http { detail, .. } | ApiError::Link { detail, .. } => detail.clone(),
        };
        match extra {
            Some(extra) if !extra.is_empty() => format!("{user} ({extra})"),
            _ => user,
        }
    }
}

/// Plain-language text for each documented Link error type, and for unknown ones.
pub fn link_error_message(error_type: &str) -> &'static str {
    match error_type {
        "invalid_token" | "token_expired" | "token_not_validated" | "token_consumed" => {
            "Your session has expired. Please try again."
        }
        "provider_credential_error" => {
            "The username or password wasn't accepted by the provider. Check them and try again."
        }
        "provider_password_expired" => {
            "Your password with this provider has expired. Reset it with the provider, then try again."
        }
        "provider_api_error" => {
            "The provider's service is having trouble. Please try again in a moment."
        }
        "unsupported_region" => "This provider isn't available in the selected region.",
        "duplicate_connection" => "This provider account is already connected to another user.",
        "required_scopes_not_granted" => {
            "Some permissions this app needs were not granted. Please try again and allow all of them."
        }
        "incorrect_mfa_code" => "That code wasn't right. Check it and try again.",
        "user_cancelled" => "The connection was cancelled.",
        _ => "The provider couldn't be connected. Please try again.",
    }
}
