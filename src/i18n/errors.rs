//! What each kind of error says to the user, in their language, and to the developer
//! in `vital-link-error.detail.message`. The kinds are the API layer's data
//! (src/api/error.rs); the words are here.

use super::{Locale, T};
use crate::api::{ApiError, InputProblem, LinkError};

impl LinkError {
    /// What the user reads.
    pub fn message(&self) -> T {
        match self {
            LinkError::InvalidToken
            | LinkError::TokenExpired
            | LinkError::TokenNotValidated
            | LinkError::TokenConsumed => T::ErrSession,
            LinkError::ProviderCredentialError => T::LinkCredential,
            LinkError::ProviderPasswordExpired => T::LinkPasswordExpired,
            LinkError::ProviderApiError => T::LinkProviderApi,
            LinkError::UnsupportedRegion => T::LinkUnsupportedRegion,
            LinkError::DuplicateConnection => T::LinkDuplicate,
            LinkError::RequiredScopesNotGranted => T::LinkScopes,
            LinkError::IncorrectMfaCode => T::LinkMfaCode,
            LinkError::UserCancelled => T::LinkCancelled,
            LinkError::Other(_) => T::LinkUnknown,
        }
    }
}

impl InputProblem {
    /// What the user reads: what to type instead.
    pub fn message(self) -> T {
        match self {
            InputProblem::Credentials => T::InputCredentials,
            InputProblem::MfaCode => T::InputMfaCode,
            InputProblem::Email => T::InputEmail,
            InputProblem::Region => T::InputRegion,
        }
    }
}

impl ApiError {
    /// What the end user reads, as a catalogue key and its arguments. Plain language;
    /// the API's debug text is not shown to them (it goes to the host in the event)
    /// except for validation messages, which name the field to fix.
    pub fn message(&self) -> (T, Vec<(&'static str, String)>) {
        let key = match self {
            ApiError::Config(what) => return (T::ErrConfig, vec![("what", what.clone())]),
            ApiError::Input(problem) => problem.message(),
            ApiError::TokenEndpoint { .. } => T::ErrTokenEndpoint,
            ApiError::Disconnect { .. } => T::ErrDisconnect,
            ApiError::Network(_) => T::ErrNetwork,
            ApiError::Timeout => T::ErrTimeout,
            ApiError::Http {
                status,
                code,
                detail,
            } => match (code.as_deref(), status) {
                (Some("INVALID_REQUEST"), _) | (Some("MISSING_LINK_TOKEN"), _) | (None, 401) => {
                    T::ErrSession
                }
                (Some("INVALID_PROVIDER"), _) => T::ErrInvalidProvider,
                (Some("INVALID_USER_ID"), _) => T::ErrInvalidUser,
                (Some("INVALID_CREDENTIALS"), _) => T::ErrInvalidCredentials,
                (_, 422) => match detail {
                    Some(d) if !d.is_empty() => {
                        return (T::ErrValidationDetail, vec![("detail", d.clone())])
                    }
                    _ => T::ErrValidation,
                },
                (_, 429) => T::ErrTooMany,
                (_, s) if *s >= 500 => T::ErrServer,
                _ => T::ErrHttp,
            },
            ApiError::Malformed { .. } => T::ErrMalformed,
            ApiError::Link { error_type, .. } => error_type.message(),
            ApiError::InvalidOAuthUrl(_) => T::ErrOAuthUrl,
            ApiError::Internal(_) => T::ErrInternal,
        };
        (key, Vec::new())
    }

    /// [`ApiError::message`] in a locale.
    pub fn user_message_in(&self, locale: Locale) -> String {
        let (key, args) = self.message();
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        locale.fill(key, &args)
    }

    /// [`ApiError::message`] in English.
    pub fn user_message(&self) -> String {
        self.user_message_in(Locale::En)
    }

    /// Developer-facing text for `vital-link-error.detail.message`: the English
    /// message, and the detail behind it.
    pub fn debug_message(&self) -> String {
        let user = self.user_message();
        match self.reason() {
            Some(extra) if !extra.is_empty() => [user.as_str(), " (", extra, ")"].concat(),
            _ => user,
        }
    }
}
