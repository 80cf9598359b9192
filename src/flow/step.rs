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
    /// Apple HealthKit by a pairing code for the Junction Connect app, until the
    /// connections show it connected. The code itself (asking for it, showing it with
    /// its QR code, its expiry) is the panel's, fetched on demand
    /// (src/loader/vital-link-pairing.js).
    Code {
        provider: Provider,
        /// The host said the provider was connected already when the code view opened:
        /// its connections cannot tell this pairing from the last one.
        was_connected: bool,
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
    ConfirmDisconnect(String, u64),
    Code,
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
            ViewKey::ConfirmDisconnect(..) => "confirm_disconnect",
            ViewKey::Code => "code",
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

/// The views that only say where things stand, or ask one thing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusKind {
    Loading,
    /// Leaving for OAuth.
    Waiting,
    Connected,
    Failed,
    /// An OAuth provider opened directly: continue to it, or see them all.
    Chosen,
    /// Disconnect this provider? (Shown again with the error when that failed.)
    ConfirmDisconnect,
    /// A pairing code to enter in the Junction Connect app (the panel below the
    /// message shows it).
    Code,
}

/// A status view's content, in the widget's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub kind: StatusKind,
    /// The heading; loading has none.
    pub title: Option<String>,
    pub message: String,
    /// The message is said at once (`role="alert"`): a failure, or a disconnection
    /// that failed.
    pub alert: bool,
    /// The button that goes on (try again, continue, disconnect), with what it sends.
    pub go: Option<Go>,
    /// The label of the way back to the list, if there is one.
    pub back: Option<T>,
}

/// What a status view's button that goes on sends. (Not a `Msg`: cloning one in a
/// view would cost the wasm every variant's clone.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Retry,
    Continue,
    Disconnect,
}

impl Action {
    pub fn msg(self) -> super::Msg {
        match self {
            Action::Retry => super::Msg::Retry,
            Action::Continue => super::Msg::Continue,
            Action::Disconnect => super::Msg::ConfirmDisconnect,
        }
    }
}

/// A status view's button that goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Go {
    pub label: String,
    pub action: Action,
    /// Its request is in flight: disabled.
    pub busy: bool,
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
            | Step::ConfirmDisconnect { provider, .. }
            | Step::Code { provider, .. } => Some(provider),
            Step::Connected { provider, .. } | Step::Failed { provider, .. } => provider.as_ref(),
            Step::Loading | Step::List => None,
        }
    }

    /// The status view for this step; `None` for the list and the forms.
    pub fn status(&self, locale: Locale) -> Option<Status> {
        let name = self.provider().map_or("", |p| p.name.as_str());
        let named = |key| locale.fill(key, &[("name", name)]);
        let plain = |kind, title: Option<String>, message: String, back| Status {
            kind,
            title,
            message,
            alert: false,
            go: None,
            back,
        };
        Some(match self {
            Step::Loading => plain(
                StatusKind::Loading,
                None,
                locale.text(T::Loading).to_owned(),
                None,
            ),
            Step::Redirecting { .. } => plain(
                StatusKind::Waiting,
                Some(named(T::Opening)),
                named(T::TakingYou),
                Some(T::Back),
            ),
            Step::Connected { provider } => plain(
                StatusKind::Connected,
                Some(locale.text(T::ConnectedTitle).to_owned()),
                match provider {
                    Some(_) => named(T::AccountConnected),
                    None => locale.text(T::SomeAccountConnected).to_owned(),
                },
                Some(T::ConnectAnother),
            ),
            Step::Failed { error, retry, .. } => Status {
                go: retry.as_ref().map(|_| Go {
                    label: locale.text(T::TryAgain).to_owned(),
                    action: Action::Retry,
                    busy: false,
                }),
                alert: true,
                ..plain(
                    StatusKind::Failed,
                    Some(locale.text(T::FailedTitle).to_owned()),
                    error.user_message_in(locale),
                    // Without a list there is nothing to go back to.
                    (!matches!(retry, Some(Retry::LoadProviders))).then_some(T::BackToProviders),
                )
            },
            Step::Chosen { .. } => Status {
                go: Some(Go {
                    label: named(T::ContinueTo),
                    action: Action::Continue,
                    busy: false,
                }),
                ..plain(
                    StatusKind::Chosen,
                    Some(named(T::ConnectTitle)),
                    named(T::ContinueHint),
                    Some(T::AllProviders),
                )
            },
            // After a failure, the question says what went wrong instead.
            Step::ConfirmDisconnect { busy, error, .. } => Status {
                go: Some(Go {
                    label: locale
                        .text(if *busy {
                            T::Disconnecting
                        } else {
                            T::Disconnect
                        })
                        .to_owned(),
                    action: Action::Disconnect,
                    busy: *busy,
                }),
                alert: error.is_some(),
                ..plain(
                    StatusKind::ConfirmDisconnect,
                    Some(named(T::DisconnectTitle)),
                    match error {
                        Some(error) => error.user_message_in(locale),
                        None => named(T::DisconnectHint),
                    },
                    Some(T::Cancel),
                )
            },
            Step::Code { .. } => plain(
                StatusKind::Code,
                Some(named(T::ConnectTitle)),
                named(T::CodeIntro),
                Some(T::Back),
            ),
            Step::List | Step::Form(_) => return None,
        })
    }
}
