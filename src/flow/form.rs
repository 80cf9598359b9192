//! The three forms as data: their fields, the endpoint each is sent to, the event that
//! reports it, and how what was typed is cleaned and checked before it is sent.

use super::{EventName, Provider};
use crate::api::{ApiError, InputProblem, ProviderMfa, Secret, REGIONS};
use crate::i18n::{Locale, T};

/// The three forms. Each is data: its fields, the endpoint it is sent to, and the
/// event that reports it; one view renders them all and one request sends them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormKind {
    /// Username and password (`POST /v2/link/provider/password/{slug}`).
    Password,
    /// The code the provider sent (`.../password/{slug}/complete_mfa`).
    Mfa,
    /// Email and region (`POST /v2/link/provider/email/{slug}`).
    Email,
}

impl FormKind {
    pub fn fields(self) -> &'static [Field] {
        match self {
            FormKind::Password => &[Field::Username, Field::Password],
            FormKind::Mfa => &[Field::MfaCode],
            FormKind::Email => &[Field::Email, Field::Region],
        }
    }

    /// The API path around the (encoded) provider slug.
    pub fn endpoint(self) -> (&'static str, &'static str) {
        match self {
            FormKind::Password => ("/v2/link/provider/password/", ""),
            FormKind::Mfa => ("/v2/link/provider/password/", "/complete_mfa"),
            FormKind::Email => ("/v2/link/provider/email/", ""),
        }
    }

    pub fn event(self) -> EventName {
        match self {
            FormKind::Password => EventName::SubmitCredentials,
            FormKind::Mfa => EventName::SubmitMfa,
            FormKind::Email => EventName::SubmitEmail,
        }
    }
}

impl Form {
    /// The heading.
    pub fn title(&self, locale: Locale) -> String {
        match self.kind {
            FormKind::Mfa => locale.text(T::MfaTitle).to_owned(),
            _ => locale.fill(T::ConnectTitle, &[("name", &self.provider.name)]),
        }
    }

    /// The line under the heading: what to type, or where the code went.
    pub fn hint(&self, locale: Locale) -> String {
        let name = self.provider.name.as_str();
        match self.kind {
            FormKind::Password => locale.fill(T::SignInHint, &[("name", name)]),
            FormKind::Email => locale.fill(T::EmailHint, &[("name", name)]),
            FormKind::Mfa => {
                let by = match self.mfa.method.as_str() {
                    "sms" => locale.text(T::MfaBySms),
                    "email" => locale.text(T::MfaByEmail),
                    _ => "",
                };
                let hint = self.mfa.hint.trim();
                if hint.is_empty() {
                    locale.fill(T::MfaSent, &[("name", name), ("by", by)])
                } else {
                    locale.fill(T::MfaSentTo, &[("name", name), ("by", by), ("hint", hint)])
                }
            }
        }
    }

    /// The submit button's label, idle and while the request is in flight.
    pub fn submit_labels(&self) -> (T, T) {
        match self.kind {
            FormKind::Mfa => (T::Verify, T::Verifying),
            _ => (T::Connect, T::Connecting),
        }
    }
}

/// One input of a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Username,
    Password,
    MfaCode,
    Email,
    Region,
}

impl Field {
    /// The member of the request body (and the input's `name`).
    pub fn key(self) -> &'static str {
        match self {
            Field::Username => "username",
            Field::Password => "password",
            Field::MfaCode => "mfa_code",
            Field::Email => "email",
            Field::Region => "region",
        }
    }

    /// Sent once and never kept: not in the state, and cleared from its input.
    pub fn is_secret(self) -> bool {
        matches!(self, Field::Password | Field::MfaCode)
    }

    /// As it is sent: trimmed, except a password, whose spaces may be real.
    pub(super) fn clean(self, value: &str) -> String {
        match self {
            Field::Password => value.to_owned(),
            _ => value.trim().to_owned(),
        }
    }

    /// Why the (cleaned) value cannot be sent as it is.
    pub(super) fn problem(self, value: &str) -> Option<InputProblem> {
        let ok = match self {
            Field::Username | Field::Password | Field::MfaCode => !value.is_empty(),
            Field::Email => is_plausible_email(value),
            Field::Region => REGIONS.contains(&value),
        };
        (!ok).then_some(match self {
            Field::Username | Field::Password => InputProblem::Credentials,
            Field::MfaCode => InputProblem::MfaCode,
            Field::Email => InputProblem::Email,
            Field::Region => InputProblem::Region,
        })
    }
}

/// What typed values a submission carries, field by field.
pub type Entries = Vec<(Field, Secret)>;

/// A form on screen: which one, for which provider, and what it keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    pub kind: FormKind,
    pub provider: Provider,
    /// What was typed, so nothing is lost; never a secret field.
    pub values: Entries,
    /// What the provider said about the code it sent (MFA only).
    pub mfa: ProviderMfa,
    pub busy: bool,
    pub error: Option<ApiError>,
}

impl Form {
    pub(super) fn new(kind: FormKind, provider: Provider, mfa: ProviderMfa) -> Form {
        let values = match kind {
            FormKind::Email => vec![(Field::Region, Secret::new("us"))],
            _ => Vec::new(),
        };
        Form {
            kind,
            provider,
            values,
            mfa,
            busy: false,
            error: None,
        }
    }

    /// What was last typed into `field` (`""` if nothing, and always for secrets).
    pub fn value(&self, field: Field) -> &str {
        self.values
            .iter()
            .find(|(f, _)| *f == field)
            .map_or("", |(_, v)| v.expose())
    }
}

/// A light check before sending (the API validates for real): one `@`, something
/// before it, a dot in the domain, no spaces.
pub fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !email.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
}
