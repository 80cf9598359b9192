//! What the user sees: the step of the flow, the key that decides when a view is
//! rebuilt, and the words of the views that only say where things stand.

use super::{Form, FormKind, Provider};
use crate::api::ApiError;
use crate::i18n::{Locale, T};

/// What the user sees now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Loading,
    List,
    Form(Form),
    /// One OAuth provider, opened directly (the `provider` attribute, or the only one
    /// offered): the page leaves (or the popup opens) only when the user continues.
    Chosen {
        provider: Provider,
    },
    /// Fetching the OAuth URL, then leaving the page (or waiting for the popup).
    Redirecting {
        provider: Provider,
    },
    /// "Disconnect {name}?": asked before the host is, and shown again with the error
    /// when that fails (confirming again retries).
    ConfirmDisconnect {
        provider: Provider,
        busy: bool,
        error: Option<ApiError>,
    },
    /// `provider` is `None` after an OAuth return that named no provider this widget
    /// knows: the text is then generic, never the address bar's.
    Connected {
        provider: Option<Provider>,
    },
    Failed {
        provider: Option<Provider>,
        error: ApiError,
        retry: Option<Retry>,
    },
}

/// What "Try again" does on a failed step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Retry {
    LoadProviders,
    OAuth(Provider),
}

/// Identifies a view: the components rebuild the DOM only when this changes, so an
/// input keeps its value and focus while `busy` or `error` change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViewKey {
    Loading,
    List,
    Form(FormKind, String),
    Chosen(String),
    Redirecting(String),
    ConfirmDisconnect(String),
    Connected,
    Failed(u64),
}

impl ViewKey {
    /// The view's name in the host's events (`detail.view`).
    pub fn name(&self) -> &'static str {
        match self {
            ViewKey::Loading => "loading",
            ViewKey::List => "list",
            ViewKey::Form(FormKind::Mfa, _) => "mfa",
            ViewKey::Form(..) => "form",
            ViewKey::Chosen(_) | ViewKey::Redirecting(_) => "oauth",
            ViewKey::ConfirmDisconnect(_) => "confirm_disconnect",
            ViewKey::Connected => "connected",
            ViewKey::Failed(_) => "failed",
        }
    }
}

/// A short note above the list, until the user moves on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The `provider` attribute names this slug, which the token does not offer.
    NotOffered(String),
    /// This provider (its name) was disconnected.
    Disconnected(String),
}

impl Notice {
    pub fn text(&self, locale: Locale) -> String {
        match self {
            Notice::NotOffered(slug) => locale.fill(T::NotOffered, &[("name", slug)]),
            Notice::Disconnected(name) => locale.fill(T::Disconnected, &[("name", name)]),
        }
    }
}

/// A step that asks the user to go on or go back: the OAuth provider opened directly,
/// and the confirmation of a disconnection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// `true` for a disconnection (its button warns).
    pub disconnect: bool,
    pub title: String,
    pub message: String,
    /// The button that goes on, and its label while its request is in flight.
    pub go: String,
    pub going: String,
    pub back: T,
}

/// The views that only say where things stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusKind {
    Loading,
    Redirecting,
    Connected,
    Failed,
}

/// A status view's content, in the widget's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub kind: StatusKind,
    /// The heading; loading has none.
    pub title: Option<String>,
    pub message: String,
    /// A "Try again" button.
    pub retry: bool,
    /// The label of the way back to the list, if there is one.
    pub back: Option<T>,
}

impl Step {
    pub fn busy(&self) -> bool {
        match self {
            Step::Form(form) => form.busy,
            Step::Loading | Step::Redirecting { .. } => true,
            Step::ConfirmDisconnect { busy, .. } => *busy,
            _ => false,
        }
    }

    pub fn error(&self) -> Option<&ApiError> {
        match self {
            Step::Form(form) => form.error.as_ref(),
            Step::Failed { error, .. } => Some(error),
            Step::ConfirmDisconnect { error, .. } => error.as_ref(),
            _ => None,
        }
    }

    pub fn provider(&self) -> Option<&Provider> {
        match self {
            Step::Form(Form { provider, .. })
            | Step::Chosen { provider }
            | Step::Redirecting { provider }
            | Step::ConfirmDisconnect { provider, .. } => Some(provider),
            Step::Connected { provider, .. } | Step::Failed { provider, .. } => provider.as_ref(),
            Step::Loading | Step::List => None,
        }
    }

    /// The status view for this step; `None` for the list and the forms.
    pub fn status(&self, locale: Locale) -> Option<Status> {
        let name = self.provider().map_or("", |p| p.name.as_str());
        let named = |key| locale.fill(key, &[("name", name)]);
        Some(match self {
            Step::Loading => Status {
                kind: StatusKind::Loading,
                title: None,
                message: locale.text(T::Loading).to_owned(),
                retry: false,
                back: None,
            },
            Step::Redirecting { .. } => Status {
                kind: StatusKind::Redirecting,
                title: Some(named(T::Opening)),
                message: named(T::TakingYou),
                retry: false,
                back: Some(T::Back),
            },
            Step::Connected { provider } => Status {
                kind: StatusKind::Connected,
                title: Some(locale.text(T::ConnectedTitle).to_owned()),
                message: match provider {
                    Some(_) => named(T::AccountConnected),
                    None => locale.text(T::SomeAccountConnected).to_owned(),
                },
                retry: false,
                back: Some(T::ConnectAnother),
            },
            Step::Failed { error, retry, .. } => Status {
                kind: StatusKind::Failed,
                title: Some(locale.text(T::FailedTitle).to_owned()),
                message: error.user_message_in(locale),
                retry: retry.is_some(),
                // Without a list there is nothing to go back to.
                back: (!matches!(retry, Some(Retry::LoadProviders))).then_some(T::BackToProviders),
            },
            Step::List | Step::Form(_) | Step::Chosen { .. } | Step::ConfirmDisconnect { .. } => {
                return None
            }
        })
    }

    /// The choice this step offers; `None` but for [`Step::Chosen`] and
    /// [`Step::ConfirmDisconnect`].
    pub fn choice(&self, locale: Locale) -> Option<Choice> {
        let name = self.provider().map_or("", |p| p.name.as_str());
        let named = |key| locale.fill(key, &[("name", name)]);
        Some(match self {
            Step::Chosen { .. } => Choice {
                disconnect: false,
                title: named(T::ConnectTitle),
                message: named(T::ContinueHint),
                go: named(T::ContinueTo),
                going: named(T::Opening),
                back: T::AllProviders,
            },
            Step::ConfirmDisconnect { .. } => Choice {
                disconnect: true,
                title: named(T::DisconnectTitle),
                message: named(T::DisconnectHint),
                go: locale.text(T::Disconnect).to_owned(),
                going: locale.text(T::Disconnecting).to_owned(),
                back: T::Cancel,
            },
            _ => return None,
        })
    }
}
